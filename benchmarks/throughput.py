"""Throughput of marsad: articles per second and peak memory, the floor and the whole.

    .venv/bin/python benchmarks/throughput.py [--n 5000] [--stages text --stages full] [--corpus FILE]

Reads ``../shared/eval/corpus/articles.jsonl`` (beside the repository) through
marsad's own reader and repeats it until ``--n`` articles have gone through, then
reports for each measured stage set:

    read   the reader alone (JSON parsing, schema, language check): the I/O floor
    text   clean + segment + dates (the text stage): the floor of the pipeline
    full   the default pipeline + ``to_record`` + JSON serialization (what
           ``marsad extract --format jsonl`` does per article)
    a,b,c  any comma-separated list of stage names

``--profile`` adds the milliseconds per article of every stage on its own.
A warm-up run first builds what the pipeline caches on disk (the gazetteer index),
so that the figures are those of a warm start. Each measurement runs in its own subprocess, so its start-up time (imports and
pipeline construction) and its peak resident memory (``ru_maxrss``) are its own.
It prints figures and asserts nothing about speed.
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DEFAULT_CORPUS = REPO.parent / "shared" / "eval" / "corpus" / "articles.jsonl"
TEXT_STAGES = ("clean", "segment", "dates")
DEFAULT_SETS = ("read", "text", "full")


def _rss_mb() -> float:
    # ru_maxrss: kilobytes on Linux, bytes on macOS
    r = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return r / (1024 * 1024) if sys.platform == "darwin" else r / 1024


class _Timed:
    """A pipeline whose stages are timed one by one."""

    def __init__(self, nlp, wrap):
        self.names = list(nlp.names)
        self._stages = [wrap(st) for st in nlp.stages]

    def __call__(self, doc):
        for st in self._stages:
            doc = st(doc)
        return doc


def child(spec: str, n: int, corpus: Path, profile: bool = False) -> dict:
    """One measurement, in this (fresh) process."""
    t0 = time.perf_counter()
    sys.path.insert(0, str(REPO))
    from marsad.io.readers import Article, read_inputs
    from marsad.pipeline import DEFAULT_STAGES, Pipeline
    from marsad.serialize import to_record

    serialize = spec == "full"
    if spec == "read":
        names: tuple = ()
    elif spec == "text":
        names = TEXT_STAGES
    elif spec == "full":
        names = DEFAULT_STAGES
    else:
        names = tuple(s.strip() for s in spec.split(",") if s.strip())
    nlp = Pipeline.from_names(names)
    startup = time.perf_counter() - t0
    per_stage: dict[str, float] = {}
    if profile:  # time every stage on its own (a little overhead per call)
        def timed(stage):
            def run(doc, _stage=stage, _name=stage.name):
                t = time.perf_counter()
                out = _stage(doc)
                per_stage[_name] = per_stage.get(_name, 0.0) + time.perf_counter() - t
                return out
            return run
        nlp = _Timed(nlp, timed)
    rss_loaded = _rss_mb()

    done = chars = rejected = failed = 0
    errors: dict[str, int] = {}
    t1 = time.perf_counter()
    while done < n:
        before = done
        for item in read_inputs([corpus]):
            if not isinstance(item, Article):
                rejected += 1
                continue
            try:
                doc = nlp(item.to_document())
            except Exception as exc:  # a stage's bug is counted, not allowed to stop the measurement
                failed += 1
                errors[f"{type(exc).__name__}: {exc}"[:120]] = errors.get(f"{type(exc).__name__}: {exc}"[:120], 0) + 1
                done += 1
                if done >= n:
                    break
                continue
            if serialize:
                json.dumps(to_record(doc), ensure_ascii=False)
            chars += len(item.text)
            done += 1
            if done >= n:
                break
        if done == before:
            raise SystemExit(f"no article could be read from {corpus}")
    elapsed = time.perf_counter() - t1
    return {"spec": spec, "stages": list(nlp.names), "articles": done, "chars": chars, "rejected": rejected,
            "failed": failed, "errors": errors,
            "seconds": elapsed, "per_second": done / elapsed if elapsed else 0.0,
            "ms_per_article": 1000 * elapsed / done if done else 0.0, "startup_s": startup,
            "rss_after_load_mb": rss_loaded, "peak_rss_mb": _rss_mb(),
            "ms_per_stage": {k: 1000 * v / done for k, v in per_stage.items()} if done else {}}


def measure(spec: str, n: int, corpus: Path, profile: bool = False) -> dict:
    cmd = [sys.executable, str(Path(__file__).resolve()), "--child", spec, "--n", str(n), "--corpus", str(corpus)]
    if profile:
        cmd.append("--profile")
    p = subprocess.run(cmd, capture_output=True, text=True, cwd=str(REPO),
                       env=os.environ | {"PYTHONHASHSEED": "0"})
    if p.returncode != 0:
        raise SystemExit(f"measurement {spec!r} failed:\n{p.stderr.strip()}")
    return json.loads(p.stdout.strip().splitlines()[-1])


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--n", type=int, default=5000, help="articles to process in each measurement (default 5000)")
    ap.add_argument("--stages", action="append",
                    help="a stage set to measure: read, text, full, or comma-separated stage names "
                         "(repeatable; default: read, text, full)")
    ap.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS, help=f"JSONL input (default {DEFAULT_CORPUS})")
    ap.add_argument("--json", action="store_true", help="print the measurements as JSON")
    ap.add_argument("--profile", action="store_true", help="also time every stage on its own (ms/article)")
    ap.add_argument("--no-warmup", action="store_true",
                    help="skip the warm-up run (then the first measurement pays for building caches)")
    ap.add_argument("--child", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.child:
        print(json.dumps(child(args.child, args.n, args.corpus, args.profile)))
        return
    if not args.corpus.exists():
        raise SystemExit(f"corpus not found: {args.corpus}")
    with open(args.corpus, "rb") as f:
        n_corpus = sum(1 for line in f if line.strip())
    sets = args.stages or list(DEFAULT_SETS)
    warm = None
    if not args.no_warmup:  # a first run may build caches (the gazetteer index): keep it out of the figures
        warm = measure("full", 1, args.corpus)
    results = [measure(s, args.n, args.corpus, args.profile) for s in sets]
    if args.json:
        print(json.dumps(results, indent=2))
        return
    avg_chars = results[0]["chars"] / max(1, results[0]["articles"])
    print(f"corpus {args.corpus} ({n_corpus} articles, {avg_chars:.0f} characters on average), "
          f"repeated to {args.n} articles; python {sys.version.split()[0]}, one process, one core")
    if warm is not None:
        print(f"warm-up run (full pipeline, 1 article): start-up {warm['startup_s']:.2f} s, "
              f"peak RSS {warm['peak_rss_mb']:.1f} MB (includes building any missing cache)")
    print(f"{'measure':<8} {'articles/s':>11} {'ms/article':>11} {'start-up s':>11} {'peak RSS MB':>12} "
          f"{'RSS loaded':>11}  stages")
    for r in results:
        print(f"{r['spec'][:8]:<8} {r['per_second']:>11.1f} {r['ms_per_article']:>11.3f} {r['startup_s']:>11.2f} "
              f"{r['peak_rss_mb']:>12.1f} {r['rss_after_load_mb']:>11.1f}  {','.join(r['stages']) or '(reader only)'}")
        if r.get("ms_per_stage"):
            print("         ms/article by stage: "
                  + ", ".join(f"{k} {v:.2f}" for k, v in r["ms_per_stage"].items()))
        if r.get("failed"):
            print(f"         ({r['failed']} articles raised in the pipeline: "
                  + "; ".join(f"{k} x{v}" for k, v in r["errors"].items()) + ")")
        if r["rejected"]:
            print(f"         ({r['rejected']} records rejected by the reader along the way)")
    by = {r["spec"]: r for r in results}
    if "text" in by and "full" in by:
        ratio = by["text"]["per_second"] / by["full"]["per_second"] if by["full"]["per_second"] else float("inf")
        print(f"ratio text floor / full pipeline: {ratio:.2f}x "
              f"(full pipeline costs {by['full']['ms_per_article'] - by['text']['ms_per_article']:.3f} ms/article "
              f"more than the text stage)")


if __name__ == "__main__":
    main()
