"""Read articles from files, directories, JSONL and stdin; never lose a record.

Every input record ends either as an :class:`Article` or as a :class:`Reject`
carrying where it came from and why it was refused.
"""
from __future__ import annotations

import json
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Iterator, Optional, Union

from ..doc import Document


@dataclass
class Article:
    id: str
    text: str
    published: Optional[str] = None
    title: Optional[str] = None
    url: Optional[str] = None
    outlet: Optional[str] = None
    origin: str = ""  # file path and line number

    def to_document(self) -> Document:
        return Document(id=self.id, text=self.text, title=self.title, url=self.url,
                        outlet=self.outlet, published_raw=self.published)


@dataclass
class Reject:
    origin: str
    reason: str  # a short code: empty, binary, encoding, json, schema, not_arabic, too_large, missing
    detail: str
    id: Optional[str] = None

    def to_dict(self) -> dict:
        return {"origin": self.origin, "id": self.id, "reason": self.reason, "detail": self.detail}


Item = Union[Article, Reject]


def read_inputs(inputs: Iterable[str]) -> Iterator[Item]:
    for spec in inputs:
        if spec == "-":
            yield from _read_text_stream(sys.stdin.buffer.read(), "<stdin>")
            continue
        path = Path(spec)
        if not path.exists():
            yield Reject(origin=spec, reason="missing", detail="no such file or directory")
        elif path.is_dir():
            for p in sorted(x for x in path.rglob("*") if x.is_file()):
                yield from read_file(p)
        else:
            yield from read_file(path)


def read_file(path: Path) -> Iterator[Item]:
    suffix = path.suffix.lower()
    if suffix in (".jsonl", ".ndjson"):
        yield from read_jsonl(path)
    else:
        yield from _read_text_stream(path.read_bytes(), str(path), stem=path.stem)


def _read_text_stream(data: bytes, origin: str, stem: str = "stdin") -> Iterator[Item]:
    if not data.strip():
        yield Reject(origin=origin, reason="empty", detail="the input is empty")
        return
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        yield Reject(origin=origin, reason="encoding", detail=f"not UTF-8: {exc}")
        return
    yield Article(id=stem, text=text, origin=origin)


def read_jsonl(path: Path) -> Iterator[Item]:
    with open(path, "rb") as f:
        for lineno, raw in enumerate(f, 1):
            origin = f"{path}:{lineno}"
            if not raw.strip():
                continue
            try:
                obj = json.loads(raw)
            except (ValueError, UnicodeDecodeError) as exc:
                yield Reject(origin=origin, reason="json", detail=f"malformed JSON: {exc}")
                continue
            if not isinstance(obj, dict):
                yield Reject(origin=origin, reason="schema", detail="a line must hold a JSON object")
                continue
            text = obj.get("text")
            rid = obj.get("id")
            rid = str(rid) if rid is not None else f"{path.stem}-{lineno}"
            if not isinstance(text, str) or not text.strip():
                yield Reject(origin=origin, id=rid, reason="empty", detail="no text")
                continue
            yield Article(id=rid, text=text, published=_opt(obj.get("published")), title=_opt(obj.get("title")),
                          url=_opt(obj.get("url")), outlet=_opt(obj.get("outlet")), origin=origin)


def _opt(v) -> Optional[str]:
    return None if v is None else str(v)
