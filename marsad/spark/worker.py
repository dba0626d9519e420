"""What runs inside each Spark executor: the pipeline over one partition of articles.

The pipeline (gazetteer, lexicons, automata) is built once per executor Python
worker and kept in a module-level cache: Spark reuses its Python workers between
tasks (``spark.python.worker.reuse``, on by default), so a worker that processes a
thousand partitions builds the pipeline once, never once per article or per task.

Nothing here needs Spark: :func:`process_records` maps an iterator of source
records (see :mod:`marsad.spark.sources`) to an iterator of outputs, and is tested
as plain Python. Each output is a tuple:

* ``("reject", row)`` — a ``rejects`` row (the reader refused the record, or the
  pipeline failed on it: reason ``pipeline_error``, with the exception);
* ``("doc", article_id, order, rows)`` — the store rows of one article
  (:func:`marsad.store.rows.document_rows`), where ``order`` is ``(src_file, src_pos)``;
* last, ``("count", n)`` — how many records came in, so the job can check that every
  one came out as a document or a reject.
"""
from __future__ import annotations

import json
import os
import time
import traceback
from typing import Iterable, Iterator, Optional

# config JSON -> Pipeline; one entry per executor Python worker in practice
_PIPELINES: dict[str, object] = {}
# how many times this worker built a pipeline (tests check it stays at one)
BUILDS = {"count": 0, "seconds": 0.0}


def get_pipeline(config: Optional[dict] = None):
    """The pipeline for ``config``, built on first use in this process and cached."""
    key = json.dumps(config or {}, sort_keys=True, ensure_ascii=False)
    nlp = _PIPELINES.get(key)
    if nlp is None:
        from ..pipeline import load

        t = time.perf_counter()
        nlp = load(config or None)
        BUILDS["count"] += 1
        BUILDS["seconds"] += time.perf_counter() - t
        _PIPELINES[key] = nlp
    return nlp


def reject_row(rec: dict, run_id: Optional[str]) -> dict:
    """A source reject as a row of the store's ``rejects`` table."""
    from ..store.rows import _complete  # the store's own column order

    return _complete("rejects", {"origin": rec["origin"], "reason": rec["reason"], "input_id": rec.get("id"),
                                 "detail": rec.get("detail"), "run_id": run_id})


def to_document(rec: dict):
    from ..doc import Document

    doc = Document(id=rec["id"], text=rec["text"], title=rec.get("title"), url=rec.get("url"),
                   outlet=rec.get("outlet"), published_raw=rec.get("published"))
    doc.meta["origin"] = rec.get("origin")
    return doc


def process_records(records: Iterable[dict], *, run_id: Optional[str], config: Optional[dict] = None) -> Iterator:
    """The pipeline over source records; see the module docstring for the outputs."""
    from ..store.rows import content_hash, document_rows

    nlp = get_pipeline(config)
    n_in = 0
    for rec in records:
        n_in += 1
        order = (rec.get("src_file", -1), rec.get("src_pos", -1))
        if rec["kind"] == "reject":
            yield ("reject", reject_row(rec, run_id), order)
            continue
        try:
            doc = nlp(to_document(rec))
            key = content_hash(rec["text"])
            rows = document_rows(doc, content_hash=key, run_id=run_id, origin=rec.get("origin"))
        except Exception as exc:  # noqa: BLE001 — one bad article must not fail the job
            detail = f"{type(exc).__name__}: {exc} | " + traceback.format_exc(limit=3).replace("\n", " ")[-1500:]
            bad = {"origin": rec.get("origin"), "reason": "pipeline_error", "id": rec.get("id"), "detail": detail}
            yield ("reject", reject_row(bad, run_id), order)
            continue
        yield ("doc", key, order, rows)
    yield ("count", n_in)


def partition_runner(run_id: Optional[str], config: Optional[dict] = None):
    """A function for ``rdd.mapPartitions``: closes over plain values only, so the
    task pickles small and each worker builds its pipeline from its own installed
    package and data (MARSAD_CACHE_DIR applies there)."""

    def run(records):
        return process_records(records, run_id=run_id, config=config)

    return run


def worker_info(_records=None):
    """Diagnostics for one partition: process id and pipeline builds in it."""
    yield {"pid": os.getpid(), "builds": BUILDS["count"], "build_seconds": round(BUILDS["seconds"], 3)}
