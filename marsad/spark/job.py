"""The Spark job: inputs -> pipeline per partition -> cross-article steps -> Parquet.

Run it with ``marsad spark INPUT... OUTPUT`` (a local or ``--master`` session), or on
a cluster with spark-submit, the entry point shipped in the package::

    spark-submit --master yarn --py-files marsad.zip \\
        $(python -c 'import marsad.spark.job as j; print(j.__file__)') \\
        s3a://bucket/news/*.warc.gz s3a://bucket/marsad-out --partitions 2000

(see the README section "Whole archives on Spark").

Output (``OUTPUT/``), with the store's tables and column names
(:mod:`marsad.store.schema`) plus a partition column ``published_month``
(``YYYY-MM`` of the article's publication day, of the event's date for ``events``,
``unknown`` when there is none):

    articles/ entities/ places/ event_reports/ events/ article_signatures/
    rejects/              (not partitioned) every refused record and why
    runs/                 one row: what was read and what became of it
    _run.json             the same, for people and scripts

Counts are checked against what was written: records read == articles stored +
exact repeats skipped + rejects; the job fails loudly otherwise.
"""
from __future__ import annotations

import argparse
import datetime as _dt
import json
import os
import sys
import uuid
from typing import Optional

if __name__ == "__main__" and not __package__:
    # run as a file (spark-submit .../marsad/spark/job.py): hand over to the installed
    # module, so that the functions Spark ships to executors are marsad's, by reference
    from marsad.spark.job import main as _main

    sys.exit(_main())

from . import crossarticle, sources  # noqa: E402
from .worker import partition_runner  # noqa: E402

PARTITION_COLUMN = "published_month"
OUTPUT_TABLES = ("articles", "entities", "places", "event_reports", "events", "article_signatures", "rejects",
                 "runs")


class CountMismatch(RuntimeError):
    """What was written does not add up to what was read."""


# -- sessions ------------------------------------------------------------------

def session(master: Optional[str] = None, app_name: str = "marsad", conf: Optional[dict] = None):
    """A SparkSession; with ``master`` set, a new local/standalone one with the UI off."""
    from pyspark.sql import SparkSession

    b = SparkSession.builder.appName(app_name)
    if master:
        b = (b.master(master).config("spark.ui.enabled", "false").config("spark.sql.shuffle.partitions", "8")
             .config("spark.ui.showConsoleProgress", "false"))
        if master.startswith("local") and not os.environ.get("PYSPARK_PYTHON"):
            # local workers run this very interpreter (the virtual environment marsad is
            # in); pyspark reads the variable, not spark.pyspark.python, for local workers
            os.environ["PYSPARK_PYTHON"] = sys.executable
    for k, v in (conf or {}).items():
        b = b.config(k, v)
    spark = b.getOrCreate()
    if master:
        spark.sparkContext.setLogLevel("ERROR")
    return spark


def _dict_accumulator(sc):
    from pyspark.accumulators import AccumulatorParam

    class DictSum(AccumulatorParam):
        def zero(self, value):
            return {}

        def addInPlace(self, a, b):
            for k, v in b.items():
                a[k] = a.get(k, 0) + v
            return a

    return sc.accumulator({}, DictSum())


# -- rows to DataFrames ----------------------------------------------------------

def _month(value) -> str:
    if value is None:
        return "unknown"
    s = value.isoformat() if hasattr(value, "isoformat") else str(value)
    return s[:7] if len(s) >= 7 and s[4] == "-" else "unknown"


def _coercer(table: str):
    """Row dict -> tuple in schema order, with Python types Spark accepts for each column."""
    from ..store.schema import TABLES
    from ..store.rows import to_date

    conv = []
    for name, sql in TABLES[table].columns:
        if sql == "DOUBLE PRECISION":
            conv.append((name, lambda v: None if v is None else float(v)))
        elif sql in ("INTEGER", "BIGINT"):
            conv.append((name, lambda v: None if v is None else int(v)))
        elif sql == "BOOLEAN":
            conv.append((name, lambda v: None if v is None else bool(v)))
        elif sql == "DATE":
            conv.append((name, to_date))
        elif sql == "TEXT":
            conv.append((name, lambda v: None if v is None else (v if isinstance(v, str) else json.dumps(v))))
        else:
            conv.append((name, lambda v: v))

    def to_tuple(row: dict, month: Optional[str] = None):
        vals = tuple(f(row.get(n)) for n, f in conv)
        return vals if month is None else vals + (month,)

    return to_tuple


def table_schema(table: str, partitioned: bool = True):
    from pyspark.sql.types import StructType, _parse_datatype_string

    from ..store.schema import spark_ddl

    ddl = spark_ddl(table) + (f", {PARTITION_COLUMN} string" if partitioned else "")
    schema = _parse_datatype_string(ddl)
    assert isinstance(schema, StructType)
    return schema


def to_dataframe(spark, table: str, rows_rdd, partitioned: bool = True):
    """An RDD of (row dict, month) (or row dicts when not partitioned) as a DataFrame
    with the store's schema for ``table``."""
    conv = _coercer(table)
    if partitioned:
        data = rows_rdd.map(lambda rm: conv(rm[0], rm[1]))
    else:
        data = rows_rdd.map(lambda r: conv(r))
    return spark.createDataFrame(data, schema=table_schema(table, partitioned), verifySchema=False)


# -- the job ---------------------------------------------------------------------

def run(spark, inputs: list[str], output: str, *, fmt: Optional[str] = None, partitions: Optional[int] = None,
        run_id: Optional[str] = None, config: Optional[dict] = None, window_days: Optional[int] = None,
        max_km: Optional[float] = None, dup_threshold: Optional[float] = None, mode: str = "overwrite",
        check: bool = True) -> dict:
    """Run marsad over ``inputs`` on ``spark`` and write the tables under ``output``.

    Returns the run summary (also written to ``output/_run.json`` and ``output/runs``)."""
    from pyspark import StorageLevel

    started = _dt.datetime.now(_dt.timezone.utc).replace(tzinfo=None, microsecond=0)
    run_id = run_id or f"spark-{started:%Y%m%dT%H%M%S}-{uuid.uuid4().hex[:8]}"
    sc = spark.sparkContext
    skipped_files: dict = {}
    skipped_acc = _dict_accumulator(sc)
    params = crossarticle.MergeParams.make(window_days=window_days, max_km=max_km, dup_threshold=dup_threshold)

    import time

    clock = [time.perf_counter()]
    timings: dict[str, float] = {}

    def lap(name: str) -> None:
        now = time.perf_counter()
        timings[name] = round(now - clock[0], 2)
        clock[0] = now

    records, files = sources.read_inputs(spark, list(inputs), fmt=fmt, skipped=skipped_files,
                                         skipped_acc=skipped_acc)
    n_parts = partitions or max(records.getNumPartitions(), sc.defaultParallelism * 2)
    if partitions or records.getNumPartitions() < n_parts:
        records = records.repartition(n_parts)

    # shuffles of the cross-article steps: spark.sql.shuffle.partitions when it was set,
    # else as many as the pipeline's partitions (Spark's default of 200 is far too many
    # for a small run and says nothing about a big one)
    if sc.getConf().contains("spark.sql.shuffle.partitions"):
        shuffle_n = int(spark.conf.get("spark.sql.shuffle.partitions"))
    else:
        shuffle_n = n_parts
    # 1. the pipeline, once per record, kept (memory, then disk) for every table below
    processed = records.mapPartitions(partition_runner(run_id, config)).persist(StorageLevel.MEMORY_AND_DISK)
    rejects = processed.filter(lambda x: x[0] == "reject").map(lambda x: x[1])
    # 2. one stored article per content hash: the first in input order (as `marsad ingest` keeps it)
    docs = (processed.filter(lambda x: x[0] == "doc")
            .map(lambda x: (x[1], (x[2], x[3])))
            .reduceByKey(lambda a, b: a if a[0] <= b[0] else b, shuffle_n)
            .persist(StorageLevel.MEMORY_AND_DISK))

    # one pass (the pipeline runs here): outputs by kind, and the records each partition took in
    tally = (processed.map(lambda x: (x[0], x[1] if x[0] == "count" else 1))
             .reduceByKey(lambda a, b: a + b).collectAsMap())
    n_in, n_rejected, n_docs = tally.get("count", 0), tally.get("reject", 0), tally.get("doc", 0)
    n_read = n_rejected + n_docs
    n_unique = docs.count()
    lap("read_and_pipeline")

    # 3. near-duplicates: article_id -> (original article_id, similarity); signatures for the store
    signatures, dups = crossarticle.near_duplicates(spark, docs, params, shuffle_n)
    dups = dups.persist(StorageLevel.MEMORY_AND_DISK)
    n_duplicates = dups.count()
    lap("near_duplicates")

    # 4. documents with their duplicate flags applied
    def mark(pair):
        article_id, ((order, rows), dup) = pair
        art = dict(rows["articles"][0])
        month = _month(art.get("published_date"))
        if dup is not None:
            art["duplicate_of"], art["duplicate_similarity"] = dup[0], float(dup[1])
        reports = [dict(r, is_duplicate=dup is not None) for r in rows["event_reports"]]
        return article_id, order, month, art, rows["entities"], rows["places"], reports

    marked = docs.leftOuterJoin(dups, shuffle_n).map(mark).persist(StorageLevel.MEMORY_AND_DISK)

    # 5. cross-article events over the reports of non-duplicate articles
    reports = marked.flatMap(lambda d: [(r, d[2]) for r in d[6]])
    merged_reports, events = crossarticle.merge_events(spark, reports, params, run_id, shuffle_n)

    # 6. write
    out = output.rstrip("/")
    frames = {
        "articles": to_dataframe(spark, "articles", marked.map(lambda d: (d[3], d[2]))),
        "entities": to_dataframe(spark, "entities", marked.flatMap(lambda d: [(r, d[2]) for r in d[4]])),
        "places": to_dataframe(spark, "places", marked.flatMap(lambda d: [(r, d[2]) for r in d[5]])),
        "event_reports": to_dataframe(spark, "event_reports", merged_reports),
        "events": to_dataframe(spark, "events", events.map(lambda e: (e, _month(e.get("date"))))),
        "article_signatures": to_dataframe(spark, "article_signatures", signatures, partitioned=False),
        "rejects": to_dataframe(spark, "rejects", rejects, partitioned=False),
    }
    for name, df in frames.items():
        w = df.write.mode(mode)
        if PARTITION_COLUMN in df.columns:
            w = w.partitionBy(PARTITION_COLUMN)
        w.parquet(f"{out}/{name}")

    lap("merge_and_write")
    skipped_records = dict(skipped_acc.value)
    skipped_records.update(skipped_files)
    finished = _dt.datetime.now(_dt.timezone.utc).replace(tzinfo=None, microsecond=0)
    summary = {
        "run_id": run_id, "command": "spark", "started_at": started, "finished_at": finished,
        "marsad_version": _version(), "schema_version": _schema_version(),
        "inputs": list(inputs), "files": len(files),
        "params": params.as_dict() | {"partitions": n_parts, "format": fmt, "master": sc.master},
        "stages": _stage_names(config),
        "n_read": n_read, "n_processed": n_unique, "n_rejected": n_rejected, "n_skipped": n_docs - n_unique,
        "n_duplicates": n_duplicates, "n_reports": None, "n_events": None,
        "skipped_records": skipped_records, "status": "ok", "seconds": timings,
    }
    if check:
        written = {t: spark.read.schema(frames[t].schema).parquet(f"{out}/{t}").count()
                   for t in ("articles", "rejects", "event_reports", "events")}
        summary["n_reports"], summary["n_events"] = written["event_reports"], written["events"]
        problems = []
        if n_in != n_read:
            problems.append(f"records read {n_in} != records out of the pipeline {n_read}")
        if written["articles"] != n_unique:
            problems.append(f"articles written {written['articles']} != distinct articles {n_unique}")
        if written["rejects"] != n_rejected:
            problems.append(f"rejects written {written['rejects']} != rejected {n_rejected}")
        lap("check")
        if problems:
            summary["status"] = "failed"
            _write_summary(spark, out, summary)
            raise CountMismatch("; ".join(problems))
    _write_summary(spark, out, summary)
    for rdd in (processed, docs, dups, marked):
        rdd.unpersist()
    return summary


def _write_summary(spark, out: str, summary: dict) -> None:
    from ..store.rows import _complete

    row = _complete("runs", dict(summary, inputs=json.dumps(summary["inputs"], ensure_ascii=False),
                                 stages=json.dumps(summary["stages"]),
                                 params=json.dumps(summary["params"] | {"skipped_records": summary["skipped_records"]},
                                                   ensure_ascii=False, default=str)))
    df = spark.createDataFrame([_coercer("runs")(row)], schema=table_schema("runs", partitioned=False))
    df.coalesce(1).write.mode("overwrite").parquet(f"{out}/runs")
    text = json.dumps(summary, ensure_ascii=False, indent=2, default=str)
    jvm = spark._jvm
    conf = spark._jsc.hadoopConfiguration()
    p = jvm.org.apache.hadoop.fs.Path(f"{out}/_run.json")
    stream = p.getFileSystem(conf).create(p, True)
    try:
        stream.write(bytearray(text.encode("utf-8")))
    finally:
        stream.close()


def _version() -> str:
    try:
        from importlib.metadata import version

        return version("marsad")
    except Exception:  # noqa: BLE001
        return "unknown"


def _schema_version() -> int:
    from ..store.schema import SCHEMA_VERSION

    return SCHEMA_VERSION


def _stage_names(config: Optional[dict]) -> list:
    from .worker import get_pipeline

    try:
        return list(get_pipeline(config).names)
    except Exception:  # noqa: BLE001
        return []


# -- spark-submit entry point -----------------------------------------------------

def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="marsad-spark", description="Run marsad over whole archives on Apache Spark.")
    p.add_argument("paths", nargs="+", metavar="INPUT... OUTPUT",
                   help="input files, directories or globs (any Hadoop path), then the output directory")
    p.add_argument("--format", choices=sources.FORMATS, default=None,
                   help="read every input as this format (default: by file suffix)")
    p.add_argument("--master", default=None, help="Spark master (default: spark-submit's, else local[*])")
    p.add_argument("--partitions", type=int, default=None, help="partitions for the pipeline (default: 2x cores)")
    p.add_argument("--window-days", type=int, default=None, help="event merging: date window (store default)")
    p.add_argument("--max-km", type=float, default=None, help="event merging: distance (store default)")
    p.add_argument("--dup-threshold", type=float, default=None, help="near-duplicates: Jaccard (store default)")
    p.add_argument("--config", default=None, help="pipeline configuration (JSON or YAML file)")
    p.add_argument("--run-id", default=None)
    return p


def load_config(path: Optional[str]) -> Optional[dict]:
    if not path:
        return None
    with open(path, encoding="utf-8") as f:
        text = f.read()
    if path.endswith((".yaml", ".yml")):
        import yaml

        return yaml.safe_load(text)
    return json.loads(text)


def main(argv: Optional[list] = None) -> int:
    args = parser().parse_args(argv)
    if len(args.paths) < 2:
        parser().error("give at least one INPUT and the OUTPUT directory")
    *inputs, output = args.paths
    from pyspark.sql import SparkSession

    active = SparkSession.getActiveSession()
    if active is not None:
        spark = active
    elif args.master:
        spark = session(args.master)
    elif _under_spark_submit():
        spark = session(None)  # spark-submit's --master and --conf apply
    else:
        spark = session("local[*]")
    summary = run(spark, inputs, output, fmt=args.format, partitions=args.partitions, run_id=args.run_id,
                  config=load_config(args.config), window_days=args.window_days, max_km=args.max_km,
                  dup_threshold=args.dup_threshold)
    print(json.dumps(summary, ensure_ascii=False, indent=2, default=str))
    return 3 if summary["n_rejected"] else 0


def _under_spark_submit() -> bool:
    """spark-submit starts the JVM first and hands the Python driver its gateway."""
    import os

    return bool(os.environ.get("PYSPARK_GATEWAY_PORT") or os.environ.get("SPARK_ENV_LOADED"))


if __name__ == "__main__":
    sys.exit(main())
