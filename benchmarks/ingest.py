"""Extraction and ingest at corpus scale: speed per core, scaling with jobs, memory, start-up, growth.

    .venv/bin/python benchmarks/ingest.py [--n 10000] [--jobs 1 --jobs 2] [--batch 1000]
                                          [--no-dedup] [--postgres URL] [--skip-extract]

Builds ``--n`` articles from ``../shared/eval/corpus/articles.jsonl`` (beside the
repository): the corpus repeated, each copy with its own id and one token changed
(a reference number appended), so every content hash differs. Then, each in its own
subprocess (so start-up and peak memory are its own):

    startup     python start + import marsad + build the default pipeline
    extract/J   the full pipeline over every article on J processes (parallel.py),
                records built as `marsad extract` builds them: articles/s, per core
    ingest/J    `marsad ingest` into a fresh DuckDB (or --postgres) on J processes, in
                --batch article batches: articles/s and, per batch, the cost per
                article (total, and the store part: dedup + writes + event merging)
                as the database grows

Near-duplicate detection is on by default, as for a user; since the built corpus is
copies, almost every article is then a near-duplicate (its reports stored flagged,
not merged). ``--no-dedup`` treats every copy as its own article, so each happening
gains a report per copy: the worst case for event merging.

Prints figures (and one JSON line per measurement); asserts nothing about speed.
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DEFAULT_CORPUS = REPO.parent / "shared" / "eval" / "corpus" / "articles.jsonl"


def _rss_mb(who=resource.RUSAGE_SELF) -> float:
    r = resource.getrusage(who).ru_maxrss
    return r / (1024 * 1024) if sys.platform == "darwin" else r / 1024


def build_corpus(src: Path, n: int, out: Path) -> int:
    base = [json.loads(line) for line in src.read_text(encoding="utf-8").splitlines() if line.strip()]
    if not base:
        raise SystemExit(f"no articles in {src}")
    chars = 0
    with open(out, "w", encoding="utf-8") as f:
        for i in range(n):
            rec = dict(base[i % len(base)])
            rec["id"] = f"{rec.get('id', 'a')}-{i:06d}"
            rec["text"] = rec["text"].rstrip() + f"\nرقم المرجع {i}"
            chars += len(rec["text"])
            f.write(json.dumps(rec, ensure_ascii=False) + "\n")
    return chars // n


# -- measurements, each run in a child process ---------------------------------------------


def m_startup(args) -> dict:
    t0 = time.perf_counter()
    from marsad.pipeline import load

    nlp = load()
    return {"seconds_in_process": time.perf_counter() - t0, "stages": nlp.names}


def m_extract(args) -> dict:
    from marsad.io.readers import Article, read_inputs
    from marsad.parallel import ExtractPool, extract_record

    arts = [a for a in read_inputs([args.corpus], check_language=False) if isinstance(a, Article)]
    # warm-up: start the workers (each builds its pipeline) and extract one chunk per worker;
    # the clock starts after, so the rate is the steady state and the start-up is its own figure
    t0 = time.perf_counter()
    with ExtractPool(args.jobs, chunksize=16) as pool:
        warm = arts[: 16 * args.jobs]
        for _ in pool.imap(extract_record, warm):
            pass
        t1 = time.perf_counter()
        n = sum(1 for _ in pool.imap(extract_record, arts))
    t2 = time.perf_counter()
    return {"articles": n, "startup_s": t1 - t0, "seconds": t2 - t1, "per_s": n / (t2 - t1)}


def m_stages(args) -> dict:
    """Milliseconds per article in each stage (one process), to show what holds the pipeline back."""
    from marsad.io.readers import Article, read_inputs
    from marsad.pipeline import load

    arts = [a for a in read_inputs([args.corpus], check_language=False) if isinstance(a, Article)][: args.sample]
    nlp = load()
    spent = {s.name: 0.0 for s in nlp.stages}
    failed = 0
    for a in arts:
        doc = a.to_document()
        for s in nlp.stages:
            t = time.perf_counter()
            try:
                doc = s(doc)
            except Exception:  # a stage failing on an article: counted, the article dropped
                failed += 1
                break
            finally:
                spent[s.name] += time.perf_counter() - t
    return {"articles": len(arts), "failed": failed,
            "ms_per_article": {k: 1000 * v / len(arts) for k, v in spent.items()}}


def m_ingest(args) -> dict:
    from marsad.store import ingest

    db = args.db
    stamps = [time.perf_counter()]
    done = [0]
    per_batch = []

    def progress(res):
        now = time.perf_counter()
        k = res.n_processed - done[0]
        if k:
            store_s = res.batches[-1][1]
            per_batch.append({"db_articles": res.n_processed, "batch": k,
                              "ms_per_article": 1000 * (now - stamps[-1]) / k,
                              "store_ms_per_article": 1000 * store_s / k})
        done[0] = res.n_processed
        stamps.append(now)

    t0 = time.perf_counter()
    res = ingest([args.corpus], db, jobs=args.jobs, batch_size=args.batch, dedup=not args.no_dedup,
                 progress=progress)
    secs = time.perf_counter() - t0
    from marsad.store import open_store

    s = open_store(db)
    counts = s.counts()
    s.close()
    return {"articles": res.n_processed, "seconds": secs, "per_s": res.n_processed / secs,
            "duplicates": res.n_duplicates, "reports": res.n_reports, "counts": counts, "batches": per_batch}


def child(args) -> None:
    fn = {"startup": m_startup, "extract": m_extract, "ingest": m_ingest, "stages": m_stages}[args.measure]
    out = fn(args)
    out["peak_rss_mb"] = round(_rss_mb(), 1)
    out["peak_rss_children_mb"] = round(_rss_mb(resource.RUSAGE_CHILDREN), 1)
    print("RESULT " + json.dumps(out, ensure_ascii=False, default=str))


def run_child(measure: str, *extra: str) -> dict:
    cmd = [sys.executable, __file__, "--child", measure, *extra]
    t0 = time.perf_counter()
    p = subprocess.run(cmd, capture_output=True, text=True, cwd=str(REPO))
    wall = time.perf_counter() - t0
    line = next((x for x in p.stdout.splitlines() if x.startswith("RESULT ")), None)
    if p.returncode != 0 or line is None:
        sys.stderr.write(p.stderr[-4000:])
        raise SystemExit(f"{measure} failed ({p.returncode})")
    out = json.loads(line[7:])
    out["wall_s"] = wall
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, default=10_000)
    ap.add_argument("--jobs", type=int, action="append")
    ap.add_argument("--batch", type=int, default=1000)
    ap.add_argument("--source", default=str(DEFAULT_CORPUS))
    ap.add_argument("--no-dedup", action="store_true")
    ap.add_argument("--postgres", help="ingest into this PostgreSQL database instead of a fresh DuckDB file "
                                       "(its tables are emptied first!)")
    ap.add_argument("--skip-extract", action="store_true")
    ap.add_argument("--skip-ingest", action="store_true")
    ap.add_argument("--sample", type=int, default=300, help="articles for the per-stage timing")
    # child mode
    ap.add_argument("--child")
    ap.add_argument("--corpus")
    ap.add_argument("--db")
    args = ap.parse_args()
    if args.child:
        args.measure = args.child
        args.jobs = (args.jobs or [1])[0]
        child(args)
        return

    jobs = args.jobs or [1, 2]
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    tmp = Path(tempfile.mkdtemp(prefix="marsad-bench-"))
    corpus = tmp / "corpus.jsonl"
    avg = build_corpus(Path(args.source), args.n, corpus)
    print(f"corpus: {args.n} articles (~{avg} characters each) built from {args.source}; {cores} cores visible; "
          f"load average {os.getloadavg()[0]:.1f}")
    results = {}

    st = run_child("startup")
    results["startup"] = st
    print(f"startup: {st['wall_s']:.2f} s wall (python + import + pipeline {st['seconds_in_process']:.2f} s), "
          f"peak {st['peak_rss_mb']:.0f} MB; stages {', '.join(st['stages'])}")

    sg = run_child("stages", "--corpus", str(corpus), "--sample", str(args.sample))
    results["stages"] = sg
    total = sum(sg["ms_per_article"].values())
    print(f"pipeline, one process, {sg['articles']} articles: {total:.1f} ms/article = "
          + ", ".join(f"{k} {v:.1f}" for k, v in sg["ms_per_article"].items())
          + (f"; {sg['failed']} articles failed in a stage" if sg["failed"] else ""))

    if not args.skip_extract:
        for j in jobs:
            r = run_child("extract", "--corpus", str(corpus), "--jobs", str(j))
            results[f"extract/{j}"] = r
            print(f"extract jobs={j}: {r['per_s']:.0f} articles/s = {r['per_s'] / j:.0f} per core "
                  f"({r['articles']} in {r['seconds']:.1f} s; pool up and warm in {r['startup_s']:.2f} s); "
                  f"peak {r['peak_rss_mb']:.0f} MB parent, {r['peak_rss_children_mb']:.0f} MB largest worker")
        if 1 in jobs and len(jobs) > 1:
            for j in jobs[1:]:
                print(f"  scaling 1 -> {j} jobs: x{results[f'extract/{j}']['per_s'] / results['extract/1']['per_s']:.2f}")

    if not args.skip_ingest:
        for j in jobs:
            if args.postgres:
                from marsad.store import TABLES, open_store

                s = open_store(args.postgres)
                for t in TABLES:
                    if t != "meta":
                        s.execute(f"DELETE FROM {t}")
                s.close()
                db = args.postgres
            else:
                db = str(tmp / f"ingest-{j}.duckdb")
            r = run_child("ingest", "--corpus", str(corpus), "--jobs", str(j), "--db", db, "--batch",
                          str(args.batch), *(["--no-dedup"] if args.no_dedup else []))
            results[f"ingest/{j}"] = r
            print(f"ingest jobs={j}{' (no dedup)' if args.no_dedup else ''}: {r['per_s']:.0f} articles/s = "
                  f"{r['per_s'] / j:.0f} per core ({r['articles']} in {r['seconds']:.1f} s); "
                  f"{r['duplicates']} near-duplicates, {r['reports']} reports, {r['counts'].get('events')} events, "
                  f"{r['counts'].get('rejects')} rejects; "
                  f"peak {r['peak_rss_mb']:.0f} MB parent, {r['peak_rss_children_mb']:.0f} MB largest worker")
            print("  database size -> ms/article total (store part: dedup, writes, merging)")
            for b in r["batches"]:
                print(f"  {b['db_articles']:>7}  {b['ms_per_article']:7.2f}  ({b['store_ms_per_article']:.2f})")
    print("JSON " + json.dumps(results, ensure_ascii=False, default=str))


if __name__ == "__main__":
    main()
