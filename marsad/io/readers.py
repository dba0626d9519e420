"""Read articles from files, directories, JSONL and stdin; never lose a record.

:func:`read_inputs` turns command-line inputs into a stream of items, each either an
:class:`Article` (ready for the pipeline) or a :class:`Reject` (where it came from,
a short reason code, a message for a person). Nothing is dropped silently: a record
that cannot be read is a ``Reject``; files a directory holds that are not articles
(an image, a hidden file) are skipped and counted through ``on_skip``.

Inputs
    ``.txt`` (any other or no suffix, named explicitly, is read as text too)
    ``.html`` / ``.htm`` / ``.xhtml``: main text, title and date via :mod:`marsad.io.html`
    ``.jsonl`` / ``.ndjson`` (optionally ``.gz``): one contract input record a line, streamed
    ``.json``: one record or a list of records (read whole, so under the size limit)
    a directory: every such file below it, sorted by relative path, hidden ones skipped
    ``-``: standard input; JSONL when its first line is a JSON object, else one text

Reject reasons: ``empty``, ``binary``, ``encoding``, ``not_arabic``, ``too_large``,
``json`` (malformed line), ``schema`` (a record without text, fields of the wrong type),
``unreadable`` (permissions, I/O), ``missing`` (no such path, from the Python API; the
CLI refuses a missing path before it starts). The CLI adds ``error`` for a record the
pipeline failed on.

Ids: a JSONL record's ``id`` (string or integer); otherwise the file name without
suffix (the path below the directory given, for directory inputs) or ``<stem>-<line>``.
An id seen before in the same run gets a suffix ``~2``, ``~3``... and a warning in the
record's ``warnings``: both records are kept, and the rename is counted in the summary.
"""
from __future__ import annotations

import gzip
import json
import os
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO, Callable, Iterable, Iterator, Optional, Union

from ..doc import Document
from .language import arabic_share, check_arabic

DEFAULT_MAX_BYTES = 20 * 1024 * 1024  # one text, page or JSONL line; larger is "too_large"

TEXT_SUFFIXES = {".txt", ".text"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}
JSON_SUFFIXES = {".json"}
READABLE_SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | JSONL_SUFFIXES | JSON_SUFFIXES

# Share of Arabic-script letters a windows-1256 decoding must reach to be believed:
# cp1256 maps almost every byte to something, so only Arabic-looking text counts.
MIN_CP1256_ARABIC = 0.6

_MAGIC = (
    (b"%PDF", "a PDF document"), (b"PK\x03\x04", "a ZIP archive (or .docx/.xlsx)"),
    (b"\x89PNG", "a PNG image"), (b"\xff\xd8\xff", "a JPEG image"), (b"GIF8", "a GIF image"),
    (b"\x1f\x8b", "a gzip archive"), (b"\xd0\xcf\x11\xe0", "an MS Office document"),
    (b"\x7fELF", "an executable"), (b"RIFF", "a RIFF media file"), (b"7z\xbc\xaf", "a 7-Zip archive"),
    (b"BZh", "a bzip2 archive"),
)
_FIELDS = ("id", "text", "published", "title", "url", "outlet")


@dataclass
class Article:
    """One article read from an input, ready to become a :class:`Document`."""

    id: str
    text: str
    published: Optional[str] = None
    title: Optional[str] = None
    url: Optional[str] = None
    outlet: Optional[str] = None
    origin: str = ""  # file path, with ":line" for JSONL
    language: Optional[str] = None
    encoding: str = "utf-8"
    warnings: list = field(default_factory=list)
    nbytes: int = 0  # input bytes this record consumed (for progress)

    def to_document(self) -> Document:
        doc = Document(id=self.id, text=self.text, title=self.title, url=self.url,
                       outlet=self.outlet, published_raw=self.published, language=self.language)
        doc.warnings.extend(self.warnings)
        doc.meta["origin"] = self.origin
        doc.meta["encoding"] = self.encoding
        return doc


@dataclass
class Reject:
    """A record that could not be read, and why."""

    origin: str
    reason: str  # empty binary encoding not_arabic too_large json schema unreadable missing error
    detail: str
    id: Optional[str] = None
    language: Optional[str] = None
    nbytes: int = 0

    def to_dict(self) -> dict:
        d = {"origin": self.origin, "id": self.id, "reason": self.reason, "detail": self.detail}
        if self.language:
            d["language"] = self.language
        return d


Item = Union[Article, Reject]


class InputProblem(Exception):
    """Raised inside the readers; becomes a :class:`Reject`."""

    def __init__(self, reason: str, detail: str, language: Optional[str] = None):
        super().__init__(detail)
        self.reason, self.detail, self.language = reason, detail, language


@dataclass
class ReadOptions:
    max_bytes: int = DEFAULT_MAX_BYTES
    check_language: bool = True


# -- bytes to text --------------------------------------------------------------

def sniff_binary(data: bytes) -> Optional[str]:
    """What a byte string is, when it is not text (None when it may be text)."""
    head = data[:65536]
    for magic, what in _MAGIC:
        if head.startswith(magic):
            return what
    if b"\x00" in head:
        return "a binary file (NUL bytes)"
    if head:
        controls = sum(1 for b in head if b < 32 and b not in (9, 10, 12, 13, 27))
        if controls / len(head) > 0.05:
            return f"a binary file ({controls} control bytes in the first {len(head)})"
    return None


def decode_text(data: bytes, declared: Optional[str] = None) -> tuple[str, str]:
    """Bytes to text: UTF-8 (or a BOM's encoding), else Arabic windows-1256, else refuse.

    Returns (text, encoding). Raises :class:`InputProblem` ("binary" or "encoding")."""
    for bom, enc in ((b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe\x00\x00", "utf-32"), (b"\x00\x00\xfe\xff", "utf-32"),
                     (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16")):
        if data.startswith(bom):
            try:
                return data.decode(enc), enc.replace("-sig", "")
            except UnicodeDecodeError as exc:
                raise InputProblem("encoding", f"starts with a {enc} byte-order mark but is not {enc}: {exc.reason} "
                                               f"at byte {exc.start}") from None
    what = sniff_binary(data)
    if what:
        raise InputProblem("binary", f"not text: looks like {what}")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        utf8_error = f"invalid UTF-8 at byte {exc.start}"
    else:
        if _looks_like_mojibake(text):
            raise InputProblem("encoding", "UTF-8 Arabic that was decoded as Latin-1/cp1252 and saved again "
                                           "(mojibake such as 'Ø§Ù'): re-save it from its original UTF-8")
        return text, "utf-8"
    candidates = ["windows-1256"]
    if declared and declared.replace("_", "-") not in ("utf-8", "utf8", "windows-1256", "cp1256"):
        candidates.insert(0, declared)  # a page that declares its legacy Arabic charset
    for enc in candidates:
        try:
            text = data.decode(enc)
        except (UnicodeDecodeError, LookupError):
            continue
        if arabic_share(text) >= MIN_CP1256_ARABIC:
            return text, enc
    share = arabic_share(data.decode("windows-1256", errors="replace"))
    raise InputProblem("encoding", f"not UTF-8 ({utf8_error}) and not Arabic in windows-1256 "
                                   f"({share:.0%} Arabic letters); it may be Latin-1/cp1252 or another "
                                   f"encoding: convert it to UTF-8 (e.g. iconv -f ENCODING -t UTF-8)")


def _looks_like_mojibake(text: str) -> bool:
    sample = text[:5000]
    hits = sample.count("Ø") + sample.count("Ù")
    letters = sum(ch.isalpha() for ch in sample)
    return letters > 20 and hits / letters > 0.15


# -- articles -------------------------------------------------------------------

def _article(text: str, *, id: str, origin: str, options: ReadOptions, nbytes: int,
             encoding: str = "utf-8", **meta) -> Item:
    """The checks every text passes, whatever file it came from."""
    if not text.strip():
        return Reject(origin=origin, id=id, reason="empty", detail="no text", nbytes=nbytes)
    language = None
    if options.check_language:
        ok, language = check_arabic(text)
        if not ok:
            return Reject(origin=origin, id=id, reason="not_arabic", language=language, nbytes=nbytes,
                          detail=f"the text is not Arabic (detected language: {language}, "
                                 f"{arabic_share(text):.0%} Arabic letters)")
    warnings = []
    if encoding not in ("utf-8", "utf-8-sig"):
        warnings.append(f"input decoded as {encoding}")
    return Article(id=id, text=text, origin=origin, language=language, encoding=encoding,
                   warnings=warnings, nbytes=nbytes, **meta)


def read_text_bytes(data: bytes, *, id: str, origin: str, options: ReadOptions, html: bool = False) -> Item:
    """One text or page held in memory."""
    if not data.strip():
        return Reject(origin=origin, id=id, reason="empty", detail="the file is empty", nbytes=len(data))
    try:
        declared = None
        if html:
            from .html import declared_charset

            declared = declared_charset(data)
        text, encoding = decode_text(data, declared)
    except InputProblem as p:
        return Reject(origin=origin, id=id, reason=p.reason, detail=p.detail, nbytes=len(data))
    meta: dict = {}
    if html or _looks_like_html(text):
        from .html import extract_page

        page = extract_page(text)
        if not page.text.strip():
            return Reject(origin=origin, id=id, reason="empty", detail="the page has no text", nbytes=len(data))
        text = page.text
        meta = {"title": page.title, "published": page.published, "url": page.url, "outlet": page.outlet}
    return _article(text, id=id, origin=origin, options=options, nbytes=len(data), encoding=encoding, **meta)


def _looks_like_html(text: str) -> bool:
    head = text[:1000].lstrip().lower()
    return head.startswith("<!doctype html") or head.startswith("<html")


def read_file(path: Path, *, id: Optional[str] = None, options: Optional[ReadOptions] = None) -> Iterator[Item]:
    """Every record of one file (one for a text or page, one a line for JSONL)."""
    options = options or ReadOptions()
    origin = str(path)
    suffixes = [s.lower() for s in path.suffixes[-2:]]
    suffix = path.suffix.lower()
    gz = suffix == ".gz" and len(suffixes) == 2 and suffixes[0] in JSONL_SUFFIXES
    rid = id or (path.name[: -len("".join(path.suffixes[-2:]))] if gz else path.stem) or path.name
    try:
        size = path.stat().st_size
        if suffix in JSONL_SUFFIXES or gz:
            opener = gzip.open if gz else open
            with opener(path, "rb") as f:
                yield from read_jsonl_stream(f, origin=origin, stem=rid, options=options)
            return
        if size > options.max_bytes:
            yield Reject(origin=origin, id=rid, reason="too_large", nbytes=size,
                         detail=f"{size / 1e6:.1f} MB is over the {options.max_bytes / 1e6:.0f} MB limit "
                                f"for one text (split it, or raise --max-mb)")
            return
        data = path.read_bytes()
    except (OSError, EOFError, gzip.BadGzipFile) as exc:
        yield Reject(origin=origin, id=rid, reason="unreadable", detail=_os_error(exc))
        return
    if suffix in JSON_SUFFIXES:
        yield from read_json_bytes(data, origin=origin, stem=rid, options=options)
    else:
        yield read_text_bytes(data, id=rid, origin=origin, options=options, html=suffix in HTML_SUFFIXES)


def read_json_bytes(data: bytes, *, origin: str, stem: str, options: ReadOptions) -> Iterator[Item]:
    """A .json file: one record object, or a list of them."""
    try:
        obj = json.loads(data)
    except (ValueError, UnicodeDecodeError) as exc:
        yield Reject(origin=origin, id=stem, reason="json", detail=f"malformed JSON: {exc}", nbytes=len(data))
        return
    objs = obj if isinstance(obj, list) else [obj]
    for i, o in enumerate(objs):
        where = f"{origin}[{i}]" if isinstance(obj, list) else origin
        fallback = f"{stem}-{i + 1}" if isinstance(obj, list) else stem
        yield record_to_item(o, origin=where, fallback_id=fallback, options=options,
                             nbytes=len(data) if i == 0 else 0)


def read_jsonl_stream(f: BinaryIO, *, origin: str, stem: str, options: ReadOptions,
                      first: Optional[bytes] = None) -> Iterator[Item]:
    """Contract input records, one a line, streamed: memory stays at one line.

    A line longer than the size limit is skipped in chunks, never held whole."""
    lineno = 0
    limit = options.max_bytes
    pending = [first] if first is not None else []
    while True:
        raw = pending.pop() if pending else f.readline(limit + 1)
        if not raw:
            return
        lineno += 1
        where = f"{origin}:{lineno}"
        if len(raw) > limit and not raw.endswith(b"\n"):
            skipped = len(raw)
            while True:  # drain the rest of the over-long line
                chunk = f.readline(1 << 20)
                skipped += len(chunk)
                if not chunk or chunk.endswith(b"\n"):
                    break
            yield Reject(origin=where, reason="too_large", nbytes=skipped,
                         detail=f"line of {skipped / 1e6:.1f} MB is over the {limit / 1e6:.0f} MB limit")
            continue
        if not raw.strip():
            continue
        try:
            line = raw.decode("utf-8-sig" if lineno == 1 else "utf-8")
        except UnicodeDecodeError as exc:
            yield Reject(origin=where, reason="encoding", nbytes=len(raw),
                         detail=f"JSONL must be UTF-8: invalid byte at column {exc.start + 1}")
            continue
        try:
            obj = json.loads(line)
        except ValueError as exc:
            yield Reject(origin=where, reason="json", nbytes=len(raw), detail=f"line {lineno}: malformed JSON: {exc}")
            continue
        yield record_to_item(obj, origin=where, fallback_id=f"{stem}-{lineno}", options=options, nbytes=len(raw))


def record_to_item(obj, *, origin: str, fallback_id: str, options: ReadOptions, nbytes: int = 0) -> Item:
    """Validate one contract input record ({"id","text","published","title","url","outlet"}).

    ``id`` may be a string or an integer; ``published`` a string, epoch seconds (number)
    or null; ``title``/``url``/``outlet`` strings or null; other keys are ignored."""
    if not isinstance(obj, dict):
        return Reject(origin=origin, reason="schema", nbytes=nbytes,
                      detail=f"a record must be a JSON object, not {_json_type(obj)}")
    rid = obj.get("id")
    if isinstance(rid, bool) or not (rid is None or isinstance(rid, (str, int))):
        return Reject(origin=origin, reason="schema", nbytes=nbytes,
                      detail=f"'id' must be a string or an integer, not {_json_type(rid)}")
    rid = str(rid).strip() if rid is not None else ""
    rid = rid or fallback_id
    if "text" not in obj or obj["text"] is None:
        return Reject(origin=origin, id=rid, reason="schema", nbytes=nbytes, detail="the record has no 'text'")
    if not isinstance(obj["text"], str):
        return Reject(origin=origin, id=rid, reason="schema", nbytes=nbytes,
                      detail=f"'text' must be a string, not {_json_type(obj['text'])}")
    published = obj.get("published")
    if isinstance(published, bool) or not (published is None or isinstance(published, (str, int, float))):
        return Reject(origin=origin, id=rid, reason="schema", nbytes=nbytes,
                      detail=f"'published' must be a string, epoch seconds or null, not {_json_type(published)}")
    meta = {}
    for key in ("title", "url", "outlet"):
        v = obj.get(key)
        if v is not None and not isinstance(v, str):
            return Reject(origin=origin, id=rid, reason="schema", nbytes=nbytes,
                          detail=f"'{key}' must be a string or null, not {_json_type(v)}")
        meta[key] = v or None
    if isinstance(published, float) and published.is_integer():
        published = int(published)
    meta["published"] = None if published is None or published == "" else str(published)
    return _article(obj["text"], id=rid, origin=origin, options=options, nbytes=nbytes, **meta)


def _json_type(v) -> str:
    return {dict: "an object", list: "a list", str: "a string", bool: "a boolean", int: "a number",
            float: "a number", type(None): "null"}.get(type(v), type(v).__name__)


def _os_error(exc: BaseException) -> str:
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror.lower()
    return str(exc) or type(exc).__name__


# -- standard input ---------------------------------------------------------------

def read_stdin(stream: BinaryIO, options: ReadOptions) -> Iterator[Item]:
    """JSONL when the first non-blank line is a JSON object; otherwise one text."""
    first = stream.readline(options.max_bytes + 1)
    while first and not first.strip():
        first = stream.readline(options.max_bytes + 1)
    if first.lstrip().startswith(b"{"):
        try:
            obj = json.loads(first)
        except ValueError:
            obj = None
        if isinstance(obj, dict):
            yield from read_jsonl_stream(stream, origin="<stdin>", stem="stdin", options=options, first=first)
            return
    rest = stream.read(options.max_bytes + 1 - len(first)) if len(first) <= options.max_bytes else b""
    data = first + rest
    if len(data) > options.max_bytes:
        yield Reject(origin="<stdin>", id="stdin", reason="too_large", nbytes=len(data),
                     detail=f"standard input is over the {options.max_bytes / 1e6:.0f} MB limit for one text")
        return
    yield read_text_bytes(data, id="stdin", origin="<stdin>", options=options)


# -- inputs -----------------------------------------------------------------------

def iter_directory(root: Path, on_skip: Optional[Callable[[str, str], None]] = None) -> Iterator[Path]:
    """Readable files below ``root``, sorted by relative path; hidden ones skipped."""
    found = []
    for dirpath, dirnames, filenames in os.walk(root, followlinks=False):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in filenames:
            p = Path(dirpath) / name
            if name.startswith("."):
                continue
            if _readable_suffix(p):
                found.append(p)
            elif on_skip:
                on_skip(str(p), "not an article file (.txt, .html, .htm, .jsonl, .json)")
    found.sort(key=lambda p: p.relative_to(root).as_posix())
    return iter(found)


def _readable_suffix(p: Path) -> bool:
    sfx = [s.lower() for s in p.suffixes[-2:]]
    return p.suffix.lower() in READABLE_SUFFIXES or (sfx[-1:] == [".gz"] and sfx[0] in JSONL_SUFFIXES)


def input_size(spec: str) -> Optional[int]:
    """Bytes an input holds (for a progress bar); None for stdin."""
    if spec == "-":
        return None
    p = Path(spec)
    try:
        files = list(iter_directory(p)) if p.is_dir() else [p]
        if any(_gz(f) for f in files):  # compressed size says nothing of what is read
            return None
        return sum(f.stat().st_size for f in files)
    except OSError:
        return None


def read_inputs(inputs: Iterable[Union[str, Path]], *, max_bytes: int = DEFAULT_MAX_BYTES,
                check_language: bool = True, on_skip: Optional[Callable[[str, str], None]] = None,
                stdin: Optional[BinaryIO] = None) -> Iterator[Item]:
    """Every record of every input, in order, each an :class:`Article` or a :class:`Reject`.

    ``inputs`` are paths (files or directories) or ``"-"`` for standard input.
    ``on_skip(path, why)`` hears about files in directories that are not articles.
    Ids are made unique across the run (see the module docstring)."""
    options = ReadOptions(max_bytes=max_bytes, check_language=check_language)
    seen: dict[str, int] = {}
    for item in _read_all(inputs, options, on_skip, stdin):
        if isinstance(item, Article):
            _make_unique(item, seen)
        yield item


def _read_all(inputs, options, on_skip, stdin) -> Iterator[Item]:
    for spec in inputs:
        spec = str(spec)
        if spec == "-":
            yield from read_stdin(stdin or sys.stdin.buffer, options)
            continue
        path = Path(spec)
        if path.is_dir():
            for p in iter_directory(path, on_skip):
                rel = p.relative_to(path).as_posix()
                rid = rel[: -len("".join(p.suffixes[-2:]))] if _gz(p) else rel[: -len(p.suffix)] if p.suffix else rel
                yield from read_file(p, id=rid, options=options)
        elif path.exists():
            yield from read_file(path, options=options)
        else:
            yield Reject(origin=spec, reason="missing", detail="no such file or directory")


def _gz(p: Path) -> bool:
    return p.suffix.lower() == ".gz"


def _make_unique(item: Article, seen: dict[str, int]) -> None:
    base = item.id
    if base not in seen:
        seen[base] = 1
        return
    n = seen[base]
    new = base
    while new in seen:
        n += 1
        new = f"{base}~{n}"
    seen[base] = n
    seen[new] = 1
    item.warnings.append(f"duplicate id {base!r} in this run: renamed {new!r}")
    item.id = new
