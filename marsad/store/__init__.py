"""marsad's store: articles, entities, places, event reports and merged events in
DuckDB (embedded default) or PostgreSQL, with one schema (docs/SCHEMA.md)."""
from .backend import DuckDBStore, PostgresStore, SchemaVersionError, Store, open_store
from .ingestion import Ingestor, IngestResult, ingest
from .merge import MergeParams, merge_reports, recompute_events
from .schema import SCHEMA_VERSION, TABLES

__all__ = ["DuckDBStore", "PostgresStore", "SchemaVersionError", "Store", "open_store", "SCHEMA_VERSION",
           "TABLES", "ingest", "Ingestor", "IngestResult", "MergeParams", "merge_reports", "recompute_events"]
