"""marsad (مرصد): Arabic news to structured, geolocated, source-attributed event data."""
from .doc import Document
from .pipeline import Pipeline, extract, load, register_stage

__version__ = "0.1.0"
__all__ = ["Document", "Pipeline", "extract", "load", "register_stage", "__version__"]
