"""``marsad spark``: the Spark job from the command line (a thin shell over job.run)."""
from __future__ import annotations

import json
import sys
from typing import List, Optional

import typer


def spark(
    paths: List[str] = typer.Argument(..., metavar="INPUT... OUTPUT",
                                      help="Inputs (files, directories, globs; any path Spark reads: file://, "
                                           "hdfs://, s3a://), then the output directory for the Parquet tables."),
    format: Optional[str] = typer.Option(None, "--format", "-f",
                                         help="jsonl | parquet | text | warc (default: by file suffix)."),
    master: str = typer.Option("local[*]", "--master", help="Spark master, e.g. local[2], spark://host:7077, yarn."),
    partitions: Optional[int] = typer.Option(None, "--partitions", "-p",
                                             help="Partitions for the pipeline (default: twice the cores)."),
    window_days: Optional[int] = typer.Option(None, "--window-days", help="Event merging: date window in days."),
    max_km: Optional[float] = typer.Option(None, "--max-km", help="Event merging: largest distance in km."),
    dup_threshold: Optional[float] = typer.Option(None, "--dup-threshold",
                                                  help="Near-duplicates: MinHash Jaccard threshold."),
    conf: List[str] = typer.Option([], "--conf", help="Extra Spark settings KEY=VALUE (repeatable)."),
) -> None:
    """Run marsad over whole archives on Apache Spark; write the store's tables as Parquet."""
    if len(paths) < 2:
        typer.echo("error: give at least one INPUT and the OUTPUT directory", err=True)
        raise typer.Exit(code=2)
    try:
        import pyspark  # noqa: F401
    except ImportError:
        typer.echo("error: pyspark is not installed: pip install 'marsad[spark]' (and Java 17+)", err=True)
        raise typer.Exit(code=2)
    from . import sources
    from .job import run, session

    if format is not None and format not in sources.FORMATS:
        typer.echo(f"error: --format must be one of {', '.join(sources.FORMATS)}", err=True)
        raise typer.Exit(code=2)
    extra = {}
    for kv in conf:
        if "=" not in kv:
            typer.echo(f"error: --conf wants KEY=VALUE, not {kv!r}", err=True)
            raise typer.Exit(code=2)
        k, v = kv.split("=", 1)
        extra[k] = v
    *inputs, output = paths
    from pyspark.sql import SparkSession

    # inside a running session (a notebook, a test) use it and leave it running
    active = SparkSession.getActiveSession()
    spark_session = active or session(master, conf=extra)
    try:
        summary = run(spark_session, inputs, output, fmt=format, partitions=partitions, window_days=window_days,
                      max_km=max_km, dup_threshold=dup_threshold)
    finally:
        if active is None:
            spark_session.stop()
    print(json.dumps(summary, ensure_ascii=False, indent=2, default=str))
    skipped = summary.get("skipped_records") or {}
    print(f"read {summary['n_read']}, processed {summary['n_processed']}, repeated {summary['n_skipped']}, "
          f"rejected {summary['n_rejected']}, near-duplicates {summary['n_duplicates']}, "
          f"reports {summary['n_reports']}, events {summary['n_events']}"
          + (f", skipped {skipped}" if skipped else ""), file=sys.stderr)
    if summary["n_rejected"]:
        raise typer.Exit(code=3)
