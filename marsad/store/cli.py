"""`marsad ingest`, `marsad events` and `marsad merge`: thin shells over marsad.store and marsad.export."""
from __future__ import annotations

import sys
from pathlib import Path
from typing import List, Optional

import typer

DB_HELP = "DuckDB file (default marsad.duckdb) or postgresql://user:password@host/database."


def ingest(
    inputs: List[str] = typer.Argument(..., help="Files (.txt, .html, .jsonl), directories, or - for stdin."),
    db: str = typer.Option("marsad.duckdb", "--db", help=DB_HELP),
    jobs: int = typer.Option(1, "--jobs", "-j", help="Extraction processes (0 = one per core)."),
    batch_size: int = typer.Option(500, "--batch-size", help="Articles per transaction."),
    dedup: bool = typer.Option(True, "--dedup/--no-dedup", help="Detect near-duplicate articles (MinHash/LSH)."),
    dup_threshold: float = typer.Option(0.5, "--dup-threshold", help="Jaccard similarity of word 4-grams above "
                                        "which an article is a near-duplicate of an earlier one."),
    window_days: int = typer.Option(3, "--window-days", help="Merge reports whose dates are this many days apart."),
    max_km: float = typer.Option(50.0, "--max-km", help="Merge reports whose places are this close."),
    quiet: bool = typer.Option(False, "--quiet", "-q"),
) -> None:
    """Extract articles and store them (once each, by content hash) with their merged events."""
    from .ingestion import ingest as run_ingest
    from .merge import MergeParams

    def progress(r):
        if not quiet:
            print(f"\r{r.n_read} read, {r.n_processed} stored, {r.n_skipped} already stored, "
                  f"{r.n_duplicates} near-duplicates, {r.n_rejected} rejected", end="", file=sys.stderr)

    res = run_ingest(inputs, db, jobs=jobs, batch_size=batch_size, dedup=dedup, dup_threshold=dup_threshold,
                     merge=MergeParams(window_days=window_days, max_km=max_km), progress=progress)
    if not quiet:
        print(file=sys.stderr)
    print(f"run {res.run_id}: read {res.n_read}, processed {res.n_processed}, skipped {res.n_skipped}, "
          f"near-duplicates {res.n_duplicates}, rejected {res.n_rejected}, reports {res.n_reports} "
          f"in {res.seconds:.1f}s", file=sys.stderr)


def events(
    db: str = typer.Option("marsad.duckdb", "--db", help=DB_HELP),
    since: Optional[str] = typer.Option(None, "--since", help="Events on or after this day (YYYY-MM-DD)."),
    until: Optional[str] = typer.Option(None, "--until", help="Events on or before this day (YYYY-MM-DD)."),
    country: Optional[str] = typer.Option(None, "--country", help="ISO country codes, comma-separated (SY,IQ)."),
    type: Optional[str] = typer.Option(None, "--type", help="PLOVER types, comma-separated (ASSAULT,PROTEST)."),
    actor: Optional[str] = typer.Option(None, "--actor", help="Actor or target: id, code or part of its name."),
    min_sources: Optional[int] = typer.Option(None, "--min-sources", help="At least this many independent sources."),
    format: str = typer.Option("table", "--format", "-f",
                               help="table | csv | jsonl | geojson | parquet | acled (ACLED CSV) | plover (PLOVER JSONL)"),
    output: Optional[Path] = typer.Option(None, "--output", "-o", help="Write here instead of stdout."),
) -> None:
    """Query merged events and export them."""
    from ..export import FORMATS, export_events
    from .backend import is_postgres_url, open_store
    from .query import EventFilter

    if format.lower() not in FORMATS:
        raise typer.BadParameter(f"one of {', '.join(FORMATS)}", param_hint="--format")
    if not is_postgres_url(db) and not Path(db).exists():
        raise typer.BadParameter(f"no database at {db}", param_hint="--db")
    try:
        flt = EventFilter(since=since, until=until, country=country or (), type=type or (), actor=actor,
                          min_sources=min_sources)
        flt.where()
    except ValueError as exc:
        raise typer.BadParameter(str(exc))
    store = open_store(db, read_only=not is_postgres_url(db))
    try:
        n = export_events(store, format, str(output) if output else None, flt)
    finally:
        store.close()
    print(f"{n} events", file=sys.stderr)


def merge(
    db: str = typer.Option("marsad.duckdb", "--db", help=DB_HELP),
    window_days: int = typer.Option(3, "--window-days", help="Merge reports whose dates are this many days apart."),
    max_km: float = typer.Option(50.0, "--max-km", help="Merge reports whose places are this close."),
) -> None:
    """Recompute the merged events from the stored reports with other thresholds."""
    from .backend import open_store
    from .ingestion import Ingestor
    from .merge import MergeParams, recompute_events

    params = MergeParams(window_days=window_days, max_km=max_km)
    store = open_store(db)
    try:
        ing = Ingestor(store, merge=params, command="merge", dedup=False)
        n = recompute_events(store, params, ing.run_id)
        ing.finish("ok")
    finally:
        store.close()
    print(f"{n} events (window {window_days} days, {max_km:g} km)", file=sys.stderr)


def register(app: typer.Typer) -> None:
    """Mount the store commands on marsad's CLI."""
    app.command()(ingest)
    app.command()(events)
    app.command()(merge)
