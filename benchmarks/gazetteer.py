"""Benchmark the default gazetteer and the places stage.

    python benchmarks/gazetteer.py [--articles FILE.jsonl] [--no-build] [--json]

Prints: index size (places, Arabic names, Latin skeletons, bytes on disk), build time,
load time (a fresh process loading the cached index), memory of the loaded index,
name lookups per second, and the places stage's time per article (on the given JSONL
articles, else on synthetic articles the script writes from the gazetteer's names).
"""
from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from marsad.doc import Document  # noqa: E402
from marsad.gazetteer import Gazetteer, build_default, default_index_path, load_default  # noqa: E402

FILLER = ("قال مصدر محلي إن اشتباكات عنيفة اندلعت صباح اليوم بين القوات الحكومية ومسلحين في {a}، "
          "وأسفرت عن مقتل خمسة أشخاص وإصابة آخرين، فيما نزح مئات المدنيين نحو {b} هربا من القصف. "
          "وأضاف أن الطائرات شنت غارات على مواقع قرب {c}، بينما دعت الأمم المتحدة إلى وقف التصعيد "
          "وفتح ممرات إنسانية لإيصال المساعدات إلى المحاصرين في المدينة ومحيطها. ")


def synthetic_articles(g: Gazetteer, n: int = 200, seed: int = 7) -> list[str]:
    rnd = random.Random(seed)
    towns = [g.name_ar[r] for r in range(len(g)) if g.kind[r] in ("town", "admin", "country")
             and g.name_ar[r] and g.population[r] >= 20_000]
    out = []
    for _ in range(n):
        parts = [FILLER.format(a=rnd.choice(towns), b=rnd.choice(towns), c=rnd.choice(towns)) for _ in range(7)]
        out.append("".join(parts))
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--articles", type=Path, help="JSONL articles (id, text) to time the places stage on")
    ap.add_argument("--no-build", action="store_true", help="skip the (slow) rebuild from sources")
    ap.add_argument("--json", action="store_true")
    a = ap.parse_args()
    res: dict = {}

    if not a.no_build:
        t0 = time.perf_counter()
        g = build_default()
        res["build_seconds"] = round(time.perf_counter() - t0, 2)
        with tempfile.TemporaryDirectory() as td:
            p = g.save(Path(td) / "g.pkl")
            res["index_bytes"] = p.stat().st_size
    load_default()  # makes sure the cached index exists
    path = default_index_path()
    res["index_path"] = str(path)
    res["index_bytes"] = path.stat().st_size

    # load time in a fresh process (what a user waits for at start-up)
    code = ("import time; t=time.perf_counter(); from marsad.gazetteer import load_default; "
            "load_default(); print(time.perf_counter()-t)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=os.environ.copy())
    res["load_seconds_fresh_process"] = round(float(out.stdout.strip().splitlines()[-1]), 3) if out.returncode == 0 else None

    t0 = time.perf_counter()
    g = Gazetteer.load(path)
    res["load_seconds"] = round(time.perf_counter() - t0, 3)
    del g
    tracemalloc.start()
    g = Gazetteer.load(path)
    cur, _peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    res["memory_mb"] = round(cur / 2**20, 1)
    res["places"] = len(g)
    res["arabic_names"] = len(g.by_name)
    res["latin_skeletons"] = len(g.latin)

    keys = list(g.by_name)
    rnd = random.Random(1)
    probe = [rnd.choice(keys) for _ in range(200_000)] + ["كلمة" + str(i) for i in range(100_000)]
    t0 = time.perf_counter()
    hits = 0
    for k in probe:
        if g.lookup(k):
            hits += 1
    dt = time.perf_counter() - t0
    res["lookups_per_second"] = int(len(probe) / dt)

    from marsad.pipeline import Pipeline

    nlp = Pipeline.from_names(("clean", "segment", "places"))
    if a.articles:
        texts = [json.loads(line)["text"] for line in open(a.articles, encoding="utf-8") if line.strip()]
    else:
        texts = synthetic_articles(g)
    docs = []
    for i, t in enumerate(texts):
        d = Document(id=str(i), text=t)
        for st in nlp.stages[:-1]:
            d = st(d)
        docs.append(d)
    places = nlp.stages[-1]
    for d in docs[:20]:  # warm the memo tables
        places(d)
    best = best_cpu = None
    for _ in range(3):
        for d in docs:
            d.places, d.mentions = [], []
        t0, c0 = time.perf_counter(), time.process_time()
        for d in docs:
            places(d)
        dt = (time.perf_counter() - t0) / len(docs)
        dc = (time.process_time() - c0) / len(docs)
        best = dt if best is None else min(best, dt)
        best_cpu = dc if best_cpu is None else min(best_cpu, dc)
    res["places_ms_per_article"] = round(best * 1000, 3)
    res["places_cpu_ms_per_article"] = round(best_cpu * 1000, 3)
    res["articles"] = len(docs)
    res["avg_chars"] = int(sum(len(d.text) for d in docs) / len(docs))
    res["places_per_article"] = round(sum(len(d.places) for d in docs) / len(docs), 1)
    if a.json:
        print(json.dumps(res, ensure_ascii=False))
    else:
        for k, v in res.items():
            print(f"{k:28s} {v}")


if __name__ == "__main__":
    main()
