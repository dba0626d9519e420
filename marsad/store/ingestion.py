"""Ingest: read inputs, extract new articles, store them once, merge their events.

    >>> from marsad.store import ingest
    >>> result = ingest(["articles/"], "marsad.duckdb", jobs=4)
    >>> result.n_processed, result.n_skipped

Idempotent by content hash: an article whose normalized text is already stored is
skipped before extraction. Incremental: new articles are checked for near-duplicates
against every stored article, and their event reports join (or found) events without
recomputing the others. Each batch is written in one transaction.
"""
from __future__ import annotations

import datetime as _dt
import json
import secrets
import time
from dataclasses import asdict, dataclass, field
from typing import Any, Callable, Iterable, Optional, Sequence

from ..doc import Document
from .backend import Store, open_store, utcnow
from .dedup import DEFAULT_THRESHOLD, NUM_PERM, DuplicateIndex, minhash, signature_bytes, signature_from_bytes
from .merge import MergeParams, merge_reports
from .rows import content_hash, document_rows
from .schema import SCHEMA_VERSION


@dataclass
class IngestResult:
    run_id: str
    n_read: int = 0
    n_processed: int = 0
    n_rejected: int = 0
    n_skipped: int = 0
    n_duplicates: int = 0
    n_reports: int = 0
    n_failed: int = 0
    seconds: float = 0.0
    batches: list = field(default_factory=list)  # per batch: (articles, seconds) — for benchmarks

    def to_dict(self) -> dict:
        return asdict(self)


def new_run_id() -> str:
    return "run-" + _dt.datetime.now(_dt.timezone.utc).strftime("%Y%m%dT%H%M%S") + "-" + secrets.token_hex(3)


def _payload(doc: Document, chash: str, origin: Optional[str]) -> tuple[dict, bytes]:
    rows = document_rows(doc, content_hash=chash, run_id=None, origin=origin)
    return rows, signature_bytes(minhash(doc.text))


def ingest_task(nlp, item) -> tuple[dict, bytes]:
    """Worker task: (Article, content hash) -> (rows, MinHash signature)."""
    article, chash = item
    doc = nlp(article.to_document())
    return _payload(doc, chash, article.origin)


class Ingestor:
    """Writes extracted articles into a store: dedup, rows, merging, run bookkeeping."""

    def __init__(self, store: Store, *, run_id: Optional[str] = None, dedup: bool = True,
                 dup_threshold: float = DEFAULT_THRESHOLD, merge: MergeParams = MergeParams(),
                 inputs: Sequence[str] = (), stages: Sequence[str] = (), params: Optional[dict] = None,
                 command: str = "ingest"):
        self.store = store
        self.run_id = run_id or new_run_id()
        self.dedup = dedup
        self.dup_threshold = dup_threshold
        self.merge_params = merge
        self.result = IngestResult(run_id=self.run_id)
        self._index: Optional[DuplicateIndex] = None
        self._seen: set[str] = set()
        self._started = utcnow()
        self._t0 = time.perf_counter()
        self._run_row = {
            "run_id": self.run_id, "command": command, "started_at": self._started, "finished_at": None,
            "marsad_version": _version(), "schema_version": SCHEMA_VERSION,
            "inputs": json.dumps(list(inputs), ensure_ascii=False), "stages": json.dumps(list(stages)),
            "params": json.dumps((params or {}) | {"dedup": dedup, "dup_threshold": dup_threshold,
                                                   "window_days": merge.window_days, "max_km": merge.max_km}),
            "status": "running",
        }
        self._write_run("running")

    # -- bookkeeping ------------------------------------------------------------
    def _write_run(self, status: str) -> None:
        r = self.result
        row = self._run_row | {
            "status": status, "n_read": r.n_read, "n_processed": r.n_processed, "n_rejected": r.n_rejected,
            "n_skipped": r.n_skipped, "n_duplicates": r.n_duplicates, "n_reports": r.n_reports,
            "finished_at": utcnow() if status != "running" else None,
        }
        self.store.insert("runs", [row], on_conflict="update")

    def finish(self, status: str = "ok") -> IngestResult:
        self.result.seconds = time.perf_counter() - self._t0
        self._write_run(status)
        return self.result

    # -- steps ----------------------------------------------------------------
    def reject(self, rejects: Iterable) -> None:
        rows = []
        for rj in rejects:
            self.result.n_rejected += 1
            rows.append({"origin": rj.origin, "reason": rj.reason, "input_id": rj.id, "detail": rj.detail,
                         "run_id": self.run_id})
        if rows:
            self.store.insert("rejects", rows, on_conflict="update")

    def new_hashes(self, hashes: Sequence[str]) -> list[bool]:
        """For each hash: is it new (not stored, not seen earlier in this run)? Marks them seen."""
        stored = self.store.existing("articles", "article_id", hashes)
        out = []
        for h in hashes:
            if h in stored or h in self._seen:
                out.append(False)
                self.result.n_skipped += 1
            else:
                out.append(True)
                self._seen.add(h)
        return out

    def _dup_index(self) -> DuplicateIndex:
        """The LSH index of every stored article, kept on the store object between Ingestors
        (the web API adds one article at a time) and topped up with what others stored since."""
        if self._index is None:
            cache = getattr(self.store, "_marsad_dup_index", None)
            if cache is None or cache[0].threshold != self.dup_threshold:
                cache = (DuplicateIndex(self.dup_threshold, NUM_PERM), None)
            index, since = cache
            where, params = ("", []) if since is None else (" WHERE a.ingested_at >= ?", [since])
            rows = self.store.query(
                "SELECT s.article_id, s.signature, a.duplicate_of, a.ingested_at FROM article_signatures s "
                f"JOIN articles a ON a.article_id = s.article_id{where} ORDER BY a.ingested_at, s.article_id",
                params)
            index.add_many((r["article_id"], signature_from_bytes(r["signature"]), r["duplicate_of"])
                           for r in rows)
            latest = max((r["ingested_at"] for r in rows if r["ingested_at"] is not None), default=since)
            self._index = index
            try:
                self.store._marsad_dup_index = (index, latest)
            except AttributeError:  # pragma: no cover - a store that takes no attributes
                pass
        return self._index

    def write(self, payloads: list[tuple[dict, bytes]]) -> None:
        """Store one batch of extracted articles (payloads in input order) and merge their events."""
        t0 = time.perf_counter()
        tables: dict[str, list[dict]] = {"articles": [], "article_signatures": [], "entities": [],
                                         "places": [], "event_reports": []}
        index = self._dup_index() if self.dedup else None
        for rows, sig in payloads:
            art = rows["articles"][0]
            aid = art["article_id"]
            art["run_id"] = self.run_id
            dup = None
            if index is not None:
                dup = index.check_and_add(aid, signature_from_bytes(sig))
            if dup is not None:
                art["duplicate_of"], art["duplicate_similarity"] = dup[0], round(dup[1], 4)
                self.result.n_duplicates += 1
            for r in rows["event_reports"]:
                r["run_id"] = self.run_id
                r["is_duplicate"] = dup is not None
            tables["articles"].append(art)
            tables["article_signatures"].append({"article_id": aid, "num_perm": NUM_PERM, "signature": sig})
            for t in ("entities", "places", "event_reports"):
                tables[t].extend(rows[t])
        try:
            with self.store.transaction():
                for t, rows in tables.items():
                    self.store.insert(t, rows)
                merge_reports(self.store, tables["event_reports"], self.merge_params, self.run_id)
        except BaseException:
            # the index now knows articles that were rolled back: forget it
            self._index = None
            if hasattr(self.store, "_marsad_dup_index"):
                del self.store._marsad_dup_index
            raise
        self.result.n_processed += len(payloads)
        self.result.n_reports += len(tables["event_reports"])
        self.result.batches.append((len(payloads), time.perf_counter() - t0))

    def add_documents(self, docs: Iterable[Document], *, batch_size: int = 500) -> IngestResult:
        """Store documents that were already extracted (or built by hand)."""
        batch: list[Document] = []

        def flush():
            hashes = [content_hash(d.text) for d in batch]
            self.result.n_read += len(batch)
            fresh = self.new_hashes(hashes)
            self.write([_payload(d, h, d.meta.get("origin")) for d, h, ok in zip(batch, hashes, fresh) if ok])
            batch.clear()

        for d in docs:
            batch.append(d)
            if len(batch) >= batch_size:
                flush()
        if batch:
            flush()
        return self.result


def _version() -> str:
    try:
        from .. import __version__

        return __version__
    except ImportError:  # pragma: no cover
        return "unknown"


def ingest(inputs: Sequence[str], db: Any = "marsad.duckdb", *, jobs: int = 1, batch_size: int = 500,
           dedup: bool = True, dup_threshold: float = DEFAULT_THRESHOLD, merge: MergeParams = MergeParams(),
           config: Optional[dict] = None, chunksize: int = 16,
           progress: Optional[Callable[[IngestResult], None]] = None) -> IngestResult:
    """Read ``inputs`` (files, directories, JSONL), extract new articles on ``jobs``
    processes and store them in ``db`` (a DuckDB path, a postgresql:// URL or a Store)."""
    from ..io.readers import Article, Reject, read_inputs
    from ..parallel import ExtractPool, Failed

    own = not isinstance(db, Store)
    store = open_store(db)
    try:
        # the stage names, without building the pipeline here (workers build their own)
        from ..pipeline import DEFAULT_STAGES, available_stages

        registered = set(available_stages())
        stages = [n for n in ((config or {}).get("stages") or DEFAULT_STAGES) if n in registered]
        ing = Ingestor(store, dedup=dedup, dup_threshold=dup_threshold, merge=merge, inputs=[str(i) for i in inputs],
                       stages=stages, params={"jobs": jobs, "batch_size": batch_size})
        status = "failed"
        with ExtractPool(jobs, chunksize=chunksize, config=config) as pool:
            batch: list = []

            def flush() -> None:
                hashes = [content_hash(a.text) for a in batch]
                fresh = ing.new_hashes(hashes)
                todo = [(a, h) for a, h, ok in zip(batch, hashes, fresh) if ok]
                payloads, failed = [], []
                for (a, h), res in zip(todo, pool.imap(ingest_task, todo)):
                    if isinstance(res, Failed):
                        failed.append(Reject(origin=a.origin or a.id, reason="error", detail="the pipeline failed on this record: " + res.error, id=a.id))
                        ing.result.n_failed += 1
                    else:
                        payloads.append(res)
                if failed:
                    ing.reject(failed)
                ing.write(payloads)
                batch.clear()
                if progress:
                    progress(ing.result)

            for item in read_inputs(inputs):
                ing.result.n_read += 1
                if isinstance(item, Reject):
                    ing.reject([item])
                    continue
                batch.append(item)
                if len(batch) >= batch_size:
                    flush()
            if batch:
                flush()
            status = "ok"
        return ing.finish(status)
    except BaseException:
        try:
            ing.finish("failed")  # type: ignore[possibly-undefined]
        except Exception:
            pass
        raise
    finally:
        if own:
            store.close()
