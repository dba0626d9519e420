"""Exports of merged events: ACLED CSV, PLOVER JSONL, GeoJSON, CSV, JSONL, Parquet.

Every writer takes the dicts :func:`marsad.store.query.query_events` returns (the
``events`` table's columns), so the CLI and the web API share them."""
from .acled import ACLED_COLUMNS, acled_row, write_acled_csv
from .geojson import feature_collection, write_geojson
from .plover import plover_record, write_plover_jsonl
from .tabular import arrow_table, format_table, write_csv, write_jsonl, write_parquet

FORMATS = ("table", "csv", "jsonl", "geojson", "parquet", "acled", "plover")

__all__ = ["ACLED_COLUMNS", "FORMATS", "acled_row", "arrow_table", "export_events", "feature_collection",
           "format_table", "plover_record", "write_acled_csv", "write_csv", "write_geojson", "write_jsonl",
           "write_parquet", "write_plover_jsonl"]


def export_events(store, fmt: str, out=None, flt=None, **filters):
    """Query events from ``store`` and write them in ``fmt`` to ``out`` (path or stream;
    None returns text, except parquet which needs a path). Returns the number of events."""
    from ..store.query import EventFilter, query_events, reports_for

    flt = flt or EventFilter(**filters)
    events = query_events(store, flt)
    fmt = fmt.lower()
    if fmt == "parquet":
        if out is None:
            raise ValueError("parquet needs --output FILE")
        write_parquet(events, out)
        return len(events)
    if fmt in ("jsonl", "plover"):
        reps = reports_for(store, [e["event_id"] for e in events])
        text = (write_jsonl if fmt == "jsonl" else write_plover_jsonl)(events, out, reports=reps)
    elif fmt == "csv":
        text = write_csv(events, out)
    elif fmt == "acled":
        text = write_acled_csv(events, out)
    elif fmt == "geojson":
        text = write_geojson(events, out)
    elif fmt == "table":
        text = format_table(events) + "\n"
        if out is not None:
            if isinstance(out, str) or hasattr(out, "__fspath__"):
                with open(out, "w", encoding="utf-8") as f:
                    f.write(text)
            else:
                out.write(text)
            text = None
    else:
        raise ValueError(f"unknown format {fmt!r}; one of {', '.join(FORMATS)}")
    if out is None and text is not None:
        import sys

        sys.stdout.write(text)
    return len(events)

