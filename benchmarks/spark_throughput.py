"""Spark local mode against single-process `marsad extract`, on the same articles.

    .venv/bin/python benchmarks/spark_throughput.py [--articles 2000] [--master local[2]]

Input: ../shared/eval/corpus/articles.jsonl (beside the repository), repeated with new
ids to --articles lines. Prints articles per second for

* `marsad extract` in one process (readers + pipeline + JSONL records), the yardstick;
* the Spark job (`marsad.spark.job.run`: read, pipeline per partition, near-duplicates,
  event merging, seven Parquet tables, counts checked), session start-up excluded and
  reported apart;

so that the engine's overhead is known. Repeated articles have the same text: the
pipeline runs on every copy in both cases; Spark then stores each text once, as
`marsad ingest` does.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "eval" / "corpus" / "articles.jsonl"


def build_input(n: int, dest: Path) -> int:
    lines = [json.loads(x) for x in CORPUS.read_text(encoding="utf-8").splitlines() if x.strip()]
    with open(dest, "w", encoding="utf-8") as f:
        for i in range(n):
            rec = dict(lines[i % len(lines)])
            rec["id"] = f"{rec.get('id', 'a')}-r{i // len(lines)}"
            f.write(json.dumps(rec, ensure_ascii=False) + "\n")
    return n


def bench_extract(path: Path) -> dict:
    """What `marsad extract FILE --format jsonl` does, in this process."""
    from marsad.io.readers import Reject, read_inputs
    from marsad.pipeline import load
    from marsad.serialize import to_record

    t0 = time.perf_counter()
    nlp = load()
    t_load = time.perf_counter() - t0
    n = 0
    t1 = time.perf_counter()
    with open(os.devnull, "w", encoding="utf-8") as out:
        for item in read_inputs([str(path)]):
            if isinstance(item, Reject):
                continue
            out.write(json.dumps(to_record(nlp(item.to_document())), ensure_ascii=False) + "\n")
            n += 1
    secs = time.perf_counter() - t1
    return {"articles": n, "seconds": round(secs, 2), "load_seconds": round(t_load, 2),
            "articles_per_s": round(n / secs, 1)}


def bench_spark(path: Path, master: str, partitions: int | None) -> dict:
    from marsad.spark.job import run, session

    t0 = time.perf_counter()
    spark = session(master, conf={"spark.sql.shuffle.partitions": "8"})
    spark.sparkContext.parallelize([0], 1).count()  # JVM and first Python worker up
    t_start = time.perf_counter() - t0
    out = Path(tempfile.mkdtemp(prefix="marsad-spark-bench-"))
    try:
        t1 = time.perf_counter()
        summary = run(spark, [str(path)], str(out / "tables"), partitions=partitions)
        secs = time.perf_counter() - t1
    finally:
        spark.stop()
        shutil.rmtree(out, ignore_errors=True)
    cores = spark_cores(master)
    return {"articles": summary["n_read"], "seconds": round(secs, 2), "startup_seconds": round(t_start, 2),
            "articles_per_s": round(summary["n_read"] / secs, 1),
            "articles_per_s_per_core": round(summary["n_read"] / secs / cores, 1), "cores": cores,
            "stored": summary["n_processed"], "events": summary["n_events"], "steps": summary.get("seconds")}


def spark_cores(master: str) -> int:
    if master.startswith("local["):
        inner = master[len("local["):].rstrip("]").split(",")[0]
        return os.cpu_count() or 1 if inner == "*" else int(inner)
    return 1 if master == "local" else os.cpu_count() or 1


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--articles", type=int, default=2000)
    ap.add_argument("--master", default="local[2]")
    ap.add_argument("--partitions", type=int, default=None)
    args = ap.parse_args()
    if not CORPUS.exists():
        print(f"corpus not found: {CORPUS}", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "articles.jsonl"
        build_input(args.articles, path)
        ext = bench_extract(path)
        spk = bench_spark(path, args.master, args.partitions)
    print(f"input: {args.articles} articles ({CORPUS.name} repeated), machine: {os.cpu_count()} cores")
    print(f"marsad extract, 1 process : {ext['articles_per_s']:8.1f} articles/s "
          f"({ext['articles']} in {ext['seconds']} s; pipeline load {ext['load_seconds']} s)")
    print(f"spark {args.master:<18}: {spk['articles_per_s']:8.1f} articles/s "
          f"({spk['articles_per_s_per_core']} per core; {spk['articles']} in {spk['seconds']} s; "
          f"session start {spk['startup_seconds']} s; {spk['stored']} stored, {spk['events']} events)")
    print(f"spark per core / extract   : {spk['articles_per_s_per_core'] / ext['articles_per_s']:8.2f}")
    print(json.dumps({"extract": ext, "spark": spk}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
