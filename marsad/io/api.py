"""The Python side of ``marsad extract``: the CLI is a thin shell over these.

    import marsad
    docs = marsad.extract_file("article.html")          # list of Documents
    for item in marsad.io.extract_inputs(["news/", "feed.jsonl"]):
        ...                                              # Document or Reject, streamed
"""
from __future__ import annotations

from pathlib import Path
from typing import Iterable, Iterator, Optional, Union

from ..doc import Document
from .readers import DEFAULT_MAX_BYTES, Article, Reject, read_inputs


class RejectedInput(ValueError):
    """An input record that could not be read; ``.reject`` says where and why."""

    def __init__(self, reject: Reject):
        super().__init__(f"{reject.origin}: {reject.reason}: {reject.detail}")
        self.reject = reject


def process(item: Article, pipeline) -> Union[Document, Reject]:
    """Run the pipeline over one article; a failure becomes a Reject ("error")."""
    try:
        return pipeline(item.to_document())
    except Exception as exc:  # one bad article must not end a batch
        return Reject(origin=item.origin, id=item.id, reason="error", nbytes=item.nbytes,
                      detail=f"the pipeline failed on this record: {type(exc).__name__}: {exc}")


def extract_inputs(inputs: Iterable[Union[str, Path]], *, pipeline=None, max_bytes: int = DEFAULT_MAX_BYTES,
                   check_language: bool = True, **read_options) -> Iterator[Union[Document, Reject]]:
    """Read every input (files, directories, ``"-"``) and run the pipeline, one record at a time.

    Yields a :class:`~marsad.doc.Document` for every article processed and a
    :class:`~marsad.io.readers.Reject` for every record refused, in input order."""
    if pipeline is None:
        from ..pipeline import load

        pipeline = load()
    for item in read_inputs(inputs, max_bytes=max_bytes, check_language=check_language, **read_options):
        yield item if isinstance(item, Reject) else process(item, pipeline)


def extract_file(path: Union[str, Path], *, rejects: Optional[list] = None, pipeline=None,
                 **options) -> list[Document]:
    """Every article of one file (or directory) as processed Documents.

    A record that cannot be read raises :class:`RejectedInput`, unless a list is
    passed as ``rejects``: then rejected records are appended to it and the rest go on."""
    docs: list[Document] = []
    for item in extract_inputs([path], pipeline=pipeline, **options):
        if isinstance(item, Reject):
            if rejects is None:
                raise RejectedInput(item)
            rejects.append(item)
        else:
            docs.append(item)
    return docs
