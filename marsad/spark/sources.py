"""Inputs for the Spark job: JSONL, Parquet, text/HTML directories and WARC files.

Every input record becomes one plain dict, either an *article*::

    {"kind": "article", "id", "text", "published", "title", "url", "outlet",
     "origin", "src_file", "src_pos"}

or a *reject*::

    {"kind": "reject", "id", "origin", "reason", "detail", "src_file", "src_pos"}

``(src_file, src_pos)`` is the record's place in the input — the index of its file in
the sorted file listing and its position inside that file — so that order-dependent
steps (which of two near-duplicates is the original, which report opened an event)
are decided exactly as a local ``marsad ingest`` of the same files decides them.

The parsing itself is plain Python (``parse_*`` functions, testable without Spark)
and reuses :mod:`marsad.io.readers` wherever it can, so that a record is read the
same way on a cluster as on a laptop. The ``read_*`` functions wire them to Spark.
"""
from __future__ import annotations

import hashlib
import io
import json
import posixpath
from dataclasses import dataclass
from typing import Iterable, Iterator, Optional

FORMATS = ("jsonl", "parquet", "text", "warc")

# WARC record types that can hold an article; the rest (request, metadata,
# warcinfo, revisit, conversion) are counted by type in the run summary, never
# silently dropped.
WARC_ARTICLE_TYPES = ("response", "resource")


# -- formats -----------------------------------------------------------------------

def format_of(path: str) -> str:
    """The reader a file name calls for (as ``marsad extract`` decides by suffix)."""
    name = path.lower().rsplit("/", 1)[-1]
    for suffix in (".gz", ".bz2", ".zst"):
        if name.endswith(suffix) and not name.endswith((".warc" + suffix, ".arc" + suffix)):
            name = name[: -len(suffix)]
    if name.endswith((".jsonl", ".ndjson")):
        return "jsonl"
    if name.endswith(".parquet"):
        return "parquet"
    if name.endswith((".warc", ".warc.gz", ".arc", ".arc.gz")):
        return "warc"
    return "text"


def _stem(path: str) -> str:
    name = posixpath.basename(path.rstrip("/"))
    for suffix in (".warc.gz", ".arc.gz"):
        if name.endswith(suffix):
            return name[: -len(suffix)]
    return name.rsplit(".", 1)[0] if "." in name.lstrip(".") else name


def _opt(v) -> Optional[str]:
    if v is None:
        return None
    s = str(v)
    return s if s.strip() else None


def article(*, id: str, text: str, origin: str, src_file: int, src_pos: int, published=None,
            title=None, url=None, outlet=None) -> dict:
    return {"kind": "article", "id": id, "text": text, "published": _opt(published), "title": _opt(title),
            "url": _opt(url), "outlet": _opt(outlet), "origin": origin, "src_file": src_file, "src_pos": src_pos}


def reject(*, origin: str, reason: str, detail: str, src_file: int, src_pos: int, id=None) -> dict:
    return {"kind": "reject", "id": None if id is None else str(id), "origin": origin, "reason": reason,
            "detail": str(detail)[:2000], "src_file": src_file, "src_pos": src_pos}


def _from_reader_item(item, src_file: int, src_pos: int, default_origin: str) -> dict:
    """An ``Article``/``Reject`` of marsad.io.readers to this module's dicts."""
    from ..io.readers import Reject

    if isinstance(item, Reject):
        return reject(origin=item.origin or default_origin, reason=item.reason, detail=item.detail,
                      id=item.id, src_file=src_file, src_pos=src_pos)
    return article(id=item.id, text=item.text, published=item.published, title=item.title, url=item.url,
                   outlet=item.outlet, origin=item.origin or default_origin, src_file=src_file, src_pos=src_pos)


# -- reuse of marsad.io.readers -------------------------------------------------------

def _options():
    from ..io.readers import ReadOptions

    return ReadOptions()


def parse_jsonl_line(raw: bytes, *, path: str, lineno: int, src_file: int, stem: Optional[str] = None,
                     options=None) -> Optional[dict]:
    """One line of a JSONL file (bytes, 1-based line number), read as
    ``marsad.io.readers.read_jsonl_stream`` reads it; None for a blank line, which
    ``marsad extract`` skips too."""
    from ..io.readers import Reject, record_to_item

    options = options or _options()
    where = f"{path}:{lineno}"
    if not raw.strip():
        return None
    if len(raw) > options.max_bytes:
        return reject(origin=where, reason="too_large", src_file=src_file, src_pos=lineno,
                      detail=f"line of {len(raw) / 1e6:.1f} MB is over the {options.max_bytes / 1e6:.0f} MB limit")
    try:
        line = raw.decode("utf-8-sig" if lineno == 1 else "utf-8")
    except UnicodeDecodeError as exc:
        return reject(origin=where, reason="encoding", src_file=src_file, src_pos=lineno,
                      detail=f"JSONL must be UTF-8: invalid byte at column {exc.start + 1}")
    try:
        obj = json.loads(line)
    except ValueError as exc:
        return reject(origin=where, reason="json", src_file=src_file, src_pos=lineno,
                      detail=f"line {lineno}: malformed JSON: {exc}")
    item = record_to_item(obj, origin=where, fallback_id=f"{stem or _stem(path)}-{lineno}", options=options,
                          nbytes=len(raw))
    return _from_reader_item(item, src_file, lineno, where)


def parse_json_object(obj, *, origin: str, default_id: str, src_file: int, src_pos: int) -> dict:
    """One contract input record (a dict), validated by marsad.io.readers."""
    from ..io.readers import record_to_item

    return _from_reader_item(record_to_item(obj, origin=origin, fallback_id=default_id, options=_options()),
                             src_file, src_pos, origin)


def parse_file_bytes(data: bytes, *, path: str, src_file: int, id: Optional[str] = None) -> list[dict]:
    """A whole .txt/.html/.json file, read exactly as ``marsad extract FILE`` reads it
    (marsad.io.readers: decoding with the windows-1256 fallback, binary sniffing, HTML
    extraction, the Arabic check, the size limit)."""
    from ..io import readers

    options = _options()
    name = posixpath.basename(path.rstrip("/"))
    suffix = ("." + name.rsplit(".", 1)[-1].lower()) if "." in name else ""
    rid = id or _stem(path)
    if len(data) > options.max_bytes:
        return [reject(origin=path, id=rid, reason="too_large", src_file=src_file, src_pos=0,
                       detail=f"{len(data) / 1e6:.1f} MB is over the {options.max_bytes / 1e6:.0f} MB limit "
                              f"for one text")]
    if suffix in readers.JSON_SUFFIXES:
        items = list(readers.read_json_bytes(data, origin=path, stem=rid, options=options))
    else:
        items = [readers.read_text_bytes(data, id=rid, origin=path, options=options,
                                         html=suffix in readers.HTML_SUFFIXES)]
    return [_from_reader_item(item, src_file, i, path) for i, item in enumerate(items)]


def html_to_item(html: bytes, *, url: Optional[str], record_id: str, origin: str, src_file: int,
                 src_pos: int) -> dict:
    """One HTML page (a WARC payload) through the same extraction as ``marsad extract page.html``."""
    from ..io.readers import read_text_bytes

    item = read_text_bytes(html, id=record_id, origin=origin, options=_options(), html=True)
    rec = _from_reader_item(item, src_file, src_pos, origin)
    if rec["kind"] == "article" and not rec["url"]:
        rec["url"] = url
    return rec


# -- WARC --------------------------------------------------------------------------

def warc_record_id(url: Optional[str], warc_id: Optional[str]) -> str:
    """A stable article id for a WARC record: the URL's hash (re-crawls of one page
    share it, so the store's content hash decides whether they differ)."""
    key = url or warc_id or ""
    return "warc-" + hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]


def parse_warc_stream(stream, *, path: str, src_file: int, skipped: Optional[dict] = None) -> Iterator[dict]:
    """Every article-bearing record of a WARC (or ARC) stream, gzipped or not.

    Response/resource records with an HTML (or plain-text) payload become articles;
    other payloads (images, PDFs, scripts) and failed HTTP responses become rejects with
    their reason. Records that cannot hold an article (request, metadata, warcinfo,
    revisit) are tallied in ``skipped`` by type."""
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    pos = 0
    try:
        for rec in ArchiveIterator(stream, arc2warc=True):
            rtype = rec.rec_type
            if rtype not in WARC_ARTICLE_TYPES:
                if skipped is not None:
                    skipped[rtype] = skipped.get(rtype, 0) + 1
                continue
            pos += 1
            url = rec.rec_headers.get_header("WARC-Target-URI")
            wid = rec.rec_headers.get_header("WARC-Record-ID")
            origin = f"{path}#{wid or pos}"
            rid = warc_record_id(url, wid)
            status = None
            ctype = ""
            if rec.http_headers is not None:
                status = rec.http_headers.get_statuscode()
                ctype = (rec.http_headers.get_header("Content-Type") or "").lower()
            else:
                ctype = (rec.rec_headers.get_header("Content-Type") or "").lower()
            try:
                payload = rec.content_stream().read()
            except Exception as exc:  # noqa: BLE001
                yield reject(origin=origin, id=rid, reason="warc", detail=f"unreadable payload: {exc}",
                             src_file=src_file, src_pos=pos)
                continue
            if status and not str(status).startswith("2"):
                yield reject(origin=origin, id=rid, reason="http_status", detail=f"HTTP status {status} for {url}",
                             src_file=src_file, src_pos=pos)
                continue
            if not payload.strip():
                yield reject(origin=origin, id=rid, reason="empty", detail="empty payload", src_file=src_file,
                             src_pos=pos)
                continue
            if "html" in ctype or (not ctype and payload.lstrip()[:1] == b"<"):
                yield html_to_item(payload, url=url, record_id=rid, origin=origin, src_file=src_file, src_pos=pos)
            elif ctype.startswith("text/plain"):
                yield parse_file_bytes(payload, path=origin, src_file=src_file, id=rid)[0] | {"src_pos": pos}
            else:
                yield reject(origin=origin, id=rid, reason="not_html",
                             detail=f"payload is {ctype or 'of unknown type'}, not an HTML page", src_file=src_file,
                             src_pos=pos)
    except (ArchiveLoadFailed, OSError, EOFError, ValueError, AttributeError, TypeError) as exc:
        # warcio raises all of these on truncated or corrupt input
        yield reject(origin=f"{path}#after-record-{pos}", reason="warc",
                     detail=f"WARC file is damaged: {type(exc).__name__}: {exc}", src_file=src_file, src_pos=pos + 1)
        return
    # warcio stops quietly at some damage (a truncated gzip member): bytes left over mean lost records
    try:
        rest = stream.read(1)
    except Exception:  # noqa: BLE001 — a stream that cannot be read further is damaged too
        rest = b"?"
    if rest:
        yield reject(origin=f"{path}#after-record-{pos}", reason="warc",
                     detail="WARC file is damaged: unreadable data after the last good record",
                     src_file=src_file, src_pos=pos + 1)


# -- Spark wiring ------------------------------------------------------------------

# suffixes a directory walk reads (beyond marsad.io.readers' own: WARC and Parquet)
SPARK_SUFFIXES = (".warc", ".warc.gz", ".arc", ".arc.gz", ".parquet")


@dataclass
class InputFile:
    index: int        # position in the run's sorted file listing (src_file)
    path: str         # as Hadoop spells it (file:/..., hdfs://..., s3a://...)
    id: Optional[str]  # the article id for a one-article file (relative path without suffix)


def _readable(path: str) -> bool:
    from ..io.readers import READABLE_SUFFIXES

    name = posixpath.basename(path).lower()
    if name.endswith(SPARK_SUFFIXES):
        return True
    if name.endswith(".gz"):
        name = name[:-3]
        return any(name.endswith(s) for s in (".jsonl", ".ndjson"))
    return ("." + name.rsplit(".", 1)[-1]) in READABLE_SUFFIXES if "." in name else False


def list_files(spark, paths: Iterable[str], skipped: Optional[dict] = None, missing: Optional[list] = None
               ) -> list[InputFile]:
    """Every input file under ``paths`` (globs and directories, recursively), through
    Hadoop's FileSystem so that hdfs://, s3a://, gs:// and file:// all work.

    As ``marsad extract DIR`` does: files below a directory are sorted by relative path,
    hidden ones are left out, files that hold no articles are counted in ``skipped``
    (``{"not_article_file": n}``), and the id of a one-article file is its relative path
    without suffix. A path that does not exist goes to ``missing``."""
    jvm = spark._jvm
    conf = spark._jsc.hadoopConfiguration()
    HPath = jvm.org.apache.hadoop.fs.Path
    out: list[InputFile] = []
    for spec in paths:
        p = HPath(spec)
        fs = p.getFileSystem(conf)
        statuses = fs.globStatus(p)
        if statuses is None or len(statuses) == 0:
            if missing is not None:
                missing.append(spec)
            continue
        for st in sorted(statuses, key=lambda s: s.getPath().toString()):
            if st.isDirectory():
                root = st.getPath().toString().rstrip("/")
                group = []
                it = fs.listFiles(st.getPath(), True)
                while it.hasNext():
                    f = it.next().getPath().toString()
                    rel = f[len(root) + 1:]
                    if any(part.startswith((".", "_")) for part in rel.split("/")) or f.endswith(".crc"):
                        continue
                    if not _readable(f):
                        if skipped is not None:
                            skipped["not_article_file"] = skipped.get("not_article_file", 0) + 1
                        continue
                    group.append((rel, f))
                for rel, f in sorted(group):
                    out.append(InputFile(len(out), f, _strip_suffix(rel)))
            else:
                f = st.getPath().toString()
                out.append(InputFile(len(out), f, None))
    return out


def _strip_suffix(rel: str) -> str:
    low = rel.lower()
    for sfx in (".jsonl.gz", ".ndjson.gz", ".warc.gz", ".arc.gz"):
        if low.endswith(sfx):
            return rel[: -len(sfx)]
    base = posixpath.basename(rel)
    return rel[: -(len(base) - base.rindex("."))] if "." in base.lstrip(".") else rel


def _is_local(path: str) -> bool:
    return path.startswith("file:") or "://" not in path


def _local_path(path: str) -> str:
    if path.startswith("file://"):
        return path[len("file://"):]
    if path.startswith("file:"):
        return path[len("file:"):]
    return path


def _display(path: str) -> str:
    """A path as a user typed it (file:/tmp/x -> /tmp/x) for origins."""
    return _local_path(path) if path.startswith("file:") else path


def read_jsonl(spark, files: list[InputFile]):
    """JSONL files (gzipped too: Hadoop decompresses) as RDDs of record dicts, with
    1-based line numbers per file. Big files are split across tasks; line numbers come
    from zipWithIndex, which costs one extra pass only for files of several blocks."""
    sc = spark.sparkContext
    rdds = []
    for f in files:
        lines = sc.textFile(f.path, minPartitions=1, use_unicode=False).zipWithIndex()
        path, src, stem = _display(f.path), f.index, f.id or _stem(f.path)

        def parse(pair, path=path, src=src, stem=stem):
            raw, idx = pair
            return parse_jsonl_line(raw, path=path, lineno=idx + 1, src_file=src, stem=stem)

        rdds.append(lines.map(parse).filter(lambda r: r is not None))
    return rdds


def read_text_files(spark, files: list[InputFile]):
    """Whole .txt/.html/.json files as one RDD of record dicts."""
    if not files:
        return []
    sc = spark.sparkContext
    by_path = {_local_path(f.path): f for f in files}
    rdd = sc.binaryFiles(",".join(f.path for f in files))

    def parse(pair):
        path, data = pair
        f = by_path.get(_local_path(path))
        src, rid = (f.index, f.id) if f is not None else (-1, None)
        return parse_file_bytes(bytes(data), path=_display(path), src_file=src, id=rid)

    return [rdd.flatMap(parse)]


def read_warc(spark, files: list[InputFile], skipped_acc=None):
    """WARC files: local files are streamed record by record in the tasks (bounded
    memory); remote ones are read whole by Spark's binaryFiles (size executor memory
    for the largest file, ~1 GB for Common Crawl's)."""
    if not files:
        return []
    sc = spark.sparkContext
    local = [(f.index, f.path) for f in files if _is_local(f.path)]
    remote = [f for f in files if not _is_local(f.path)]
    out = []

    if local:
        def from_local(pair):
            src, path = pair
            skipped: dict = {}
            with open(_local_path(path), "rb") as fh:
                yield from parse_warc_stream(fh, path=_display(path), src_file=src, skipped=skipped)
            if skipped_acc is not None and skipped:
                skipped_acc.add(skipped)

        out.append(sc.parallelize(local, len(local)).flatMap(from_local))
    if remote:
        index = {f.path: f.index for f in remote}

        def from_bytes(pair):
            path, data = pair
            skipped: dict = {}
            yield from parse_warc_stream(io.BytesIO(bytes(data)), path=path, src_file=index.get(path, -1),
                                         skipped=skipped)
            if skipped_acc is not None and skipped:
                skipped_acc.add(skipped)

        out.append(sc.binaryFiles(",".join(f.path for f in remote)).flatMap(from_bytes))
    return out


PARQUET_COLUMNS = ("id", "text", "published", "title", "url", "outlet")


def read_parquet(spark, files: list[InputFile]):
    """Parquet files with the contract's input columns (``id`` and ``text``;
    ``published``, ``title``, ``url``, ``outlet`` optional), validated like JSONL records."""
    from pyspark.sql import functions as F

    rdds = []
    for f in files:
        df = spark.read.parquet(f.path)
        cols = [F.col(c).alias(c) if c in df.columns else F.lit(None).cast("string").alias(c)
                for c in PARQUET_COLUMNS]
        rows = df.select(*cols).rdd.zipWithIndex()
        path, src, stem = _display(f.path), f.index, f.id or _stem(f.path)

        def parse(pair, path=path, src=src, stem=stem):
            row, idx = pair
            obj = {k: v for k, v in row.asDict().items() if v is not None}
            return parse_json_object(obj, origin=f"{path}#row{idx + 1}", default_id=f"{stem}-{idx + 1}",
                                     src_file=src, src_pos=idx + 1)

        rdds.append(rows.map(parse))
    return rdds


def read_inputs(spark, paths: list[str], fmt: Optional[str] = None, skipped: Optional[dict] = None,
                skipped_acc=None):
    """All inputs as one RDD of record dicts (articles and rejects), and the file list.

    ``fmt`` forces one reader for every file; without it each file is read by its
    suffix, as ``marsad extract`` does. A path that does not exist is a reject."""
    if fmt is not None and fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}: one of {', '.join(FORMATS)}")
    sc = spark.sparkContext
    missing: list[str] = []
    files = list_files(spark, paths, skipped=skipped, missing=missing)
    groups: dict[str, list[InputFile]] = {f: [] for f in FORMATS}
    for f in files:
        groups[fmt or format_of(f.path)].append(f)
    rdds = []
    rdds += read_jsonl(spark, groups["jsonl"])
    rdds += read_parquet(spark, groups["parquet"])
    rdds += read_text_files(spark, groups["text"])
    rdds += read_warc(spark, groups["warc"], skipped_acc)
    if missing:
        rdds.append(sc.parallelize([reject(origin=m, reason="missing", detail="no such file or directory",
                                           src_file=len(files) + i, src_pos=0) for i, m in enumerate(missing)], 1))
    if not rdds:
        return sc.emptyRDD(), files
    return (rdds[0] if len(rdds) == 1 else sc.union(rdds)), files
