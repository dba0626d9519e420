"""Extraction across cores: a process pool whose workers build the pipeline once.

Articles go to the workers in chunks; results come back in input order, whatever
order the workers finish in, so ``--jobs 4`` writes exactly what ``--jobs 1`` writes.
At most ``jobs * 4`` chunks are in flight, so memory stays flat on endless input.

    >>> with ExtractPool(jobs=4) as pool:
    ...     for record in pool.imap(extract_record, articles):
    ...         ...

Workers are started with ``spawn`` (override with MARSAD_MP_START=fork|forkserver):
a clean process never inherits a database connection or a thread of the parent.
A worker that fails on one article returns :class:`Failed` for it and goes on.
"""
from __future__ import annotations

import multiprocessing as mp
import os
from collections import deque
from dataclasses import dataclass
from typing import Any, Callable, Iterable, Iterator, Optional

_NLP = None
_CONFIG: Optional[dict] = None


@dataclass
class Failed:
    """An item the worker could not process (the exception, as text)."""

    item_id: Optional[str]
    error: str


def _pipeline():
    global _NLP
    if _NLP is None:
        from .pipeline import load

        _NLP = load(_CONFIG) if _CONFIG else load()
    return _NLP


def _init_worker(config: Optional[dict]) -> None:
    global _CONFIG, _NLP
    _CONFIG = config
    _NLP = None
    _pipeline()


def _run_chunk(func: Callable, chunk: list) -> list:
    nlp = _pipeline()
    out = []
    for item in chunk:
        try:
            out.append(func(nlp, item))
        except Exception as exc:  # one bad article must not stop the corpus
            out.append(Failed(getattr(item, "id", None), f"{type(exc).__name__}: {exc}"))
    return out


# -- task functions (top level, so they pickle by reference) --------------------------


def extract_record(nlp, article) -> dict:
    """An Article to its output record (what `marsad extract` prints)."""
    from .serialize import to_record

    return to_record(nlp(article.to_document()))


def extract_document(nlp, article):
    """An Article to its extracted Document."""
    return nlp(article.to_document())


def _chunks(items: Iterable, size: int) -> Iterator[list]:
    chunk: list = []
    for x in items:
        chunk.append(x)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def default_jobs() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover
        return max(1, os.cpu_count() or 1)


class ExtractPool:
    """A pool of extraction workers (or the current process when ``jobs == 1``)."""

    def __init__(self, jobs: int = 1, *, chunksize: int = 16, config: Optional[dict] = None,
                 start_method: Optional[str] = None, max_pending: Optional[int] = None):
        if jobs <= 0:
            jobs = default_jobs()
        self.jobs = jobs
        self.chunksize = max(1, chunksize)
        self.config = config
        self.max_pending = max_pending or jobs * 4
        self.start_method = start_method or os.environ.get("MARSAD_MP_START", "spawn")
        self._pool = None
        if jobs == 1:
            global _CONFIG
            _CONFIG = config

    def start(self) -> None:
        """Start the workers now (otherwise they start with the first item)."""
        if self.jobs > 1 and self._pool is None:
            ctx = mp.get_context(self.start_method)
            self._pool = ctx.Pool(self.jobs, initializer=_init_worker, initargs=(self.config,))

    def imap(self, func: Callable, items: Iterable) -> Iterator[Any]:
        """``func(nlp, item)`` for every item, in input order."""
        if self.jobs == 1:
            for chunk in _chunks(items, self.chunksize):
                yield from _run_chunk(func, chunk)
            return
        pending: deque = deque()
        for chunk in _chunks(items, self.chunksize):
            self.start()
            pending.append(self._pool.apply_async(_run_chunk, (func, chunk)))
            if len(pending) >= self.max_pending:
                yield from pending.popleft().get()
        while pending:
            yield from pending.popleft().get()

    def close(self) -> None:
        if self._pool is not None:
            self._pool.close()
            self._pool.join()
            self._pool = None

    def terminate(self) -> None:
        if self._pool is not None:
            self._pool.terminate()
            self._pool.join()
            self._pool = None

    def __enter__(self) -> "ExtractPool":
        return self

    def __exit__(self, exc_type, *rest) -> None:
        if exc_type is None:
            self.close()
        else:
            self.terminate()


def extract_records(articles: Iterable, jobs: int = 1, *, chunksize: int = 16,
                    config: Optional[dict] = None) -> Iterator[Any]:
    """Records for articles (in order), extracted on ``jobs`` processes."""
    with ExtractPool(jobs, chunksize=chunksize, config=config) as pool:
        yield from pool.imap(extract_record, articles)


def process_item(nlp, item):
    """Worker task for `marsad extract`: an Article to its Document (a Reject passes through;
    a pipeline failure becomes a Reject, as :func:`marsad.io.api.process` makes it)."""
    from .io.api import process
    from .io.readers import Reject

    if isinstance(item, Reject):
        return item
    return process(item, nlp)


def process_items(items: Iterable, nlp=None, *, jobs: int = 1, chunksize: int = 8, debug: bool = False,
                  config: Optional[dict] = None) -> Iterator[tuple]:
    """(item, result) for every item read, in input order: result is the extracted Document,
    or a Reject (the item's own, or one made from a pipeline failure).

    With ``jobs == 1`` the given pipeline runs here (``debug`` lets its exceptions through);
    otherwise ``jobs`` worker processes each build their own pipeline once."""
    from .io.readers import Reject

    if jobs == 1:
        if nlp is None:
            nlp = _pipeline()
        for item in items:
            if isinstance(item, Reject):
                yield item, item
            elif debug:
                yield item, nlp(item.to_document())
            else:
                yield item, process_item(nlp, item)
        return
    # keep the items here (for the caller's bookkeeping) and send them to the workers
    window: deque = deque()

    def feed():
        for item in items:
            window.append(item)
            yield item

    with ExtractPool(jobs, chunksize=chunksize, config=config) as pool:
        for result in pool.imap(process_item, feed()):
            item = window.popleft()
            if isinstance(result, Failed):
                result = Reject(origin=getattr(item, "origin", ""), id=getattr(item, "id", None), reason="error",
                                detail=f"the pipeline failed on this record: {result.error}")
            yield item, result
