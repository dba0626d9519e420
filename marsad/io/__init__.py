"""Input and output: readers for text, HTML, JSONL and stdin; writers for JSON, CSV and tables."""
from .api import RejectedInput, extract_file, extract_inputs
from .readers import Article, Reject, read_inputs

__all__ = ["Article", "Reject", "RejectedInput", "extract_file", "extract_inputs", "read_inputs"]
