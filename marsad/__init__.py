"""marsad (مرصد): Arabic news to structured, geolocated, source-attributed event data."""
from .doc import Document
from .pipeline import Pipeline, extract, load, register_stage
from . import io  # noqa: E402  (readers and writers; marsad.io.read_inputs)
from .io.api import extract_file  # noqa: E402

__version__ = "0.1.0"
__all__ = ["Document", "Pipeline", "extract", "extract_file", "load", "register_stage", "__version__"]
