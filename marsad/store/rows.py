"""The rows one extracted :class:`~marsad.doc.Document` contributes to each store table.

Pure functions, no database: the store, the Spark job and the web UI all turn
documents into rows here, so the tables mean the same thing everywhere. Column
names and order follow :mod:`marsad.store.schema`; every row has every column.
"""
from __future__ import annotations

import datetime as _dt
import hashlib
import json
from typing import Any, Optional

from ..doc import Argument, Document, Event, Mention, Place, to_plain
from ..text.normalize import normalize_for_matching
from .schema import TABLES


def content_hash(text: str) -> str:
    """The article key: sha256 (hex) of the text normalized for matching.

    Diacritics, tatweel, letter variants and whitespace differences do not change it,
    so a re-encoded or re-spaced copy of an article is the same article."""
    return hashlib.sha256(normalize_for_matching(text).encode("utf-8")).hexdigest()


def to_date(value: Any) -> Optional[_dt.date]:
    """An ISO date or datetime string (or date) to a date; None when it is not one."""
    if value is None or value == "":
        return None
    if isinstance(value, _dt.datetime):
        return value.date()
    if isinstance(value, _dt.date):
        return value
    s = str(value).strip()
    try:
        return _dt.date.fromisoformat(s[:10])
    except ValueError:
        pass
    # RFC 2822, as RSS feeds write it: "Thu, 03 May 2018 13:41:45 +0400"
    try:
        from email.utils import parsedate_to_datetime

        return parsedate_to_datetime(s).date()
    except (TypeError, ValueError, IndexError):
        return None


def _json(value: Any) -> Optional[str]:
    if value is None:
        return None
    return json.dumps(to_plain(value), ensure_ascii=False, separators=(",", ":"))


def _complete(table: str, row: dict) -> dict:
    """Every column of ``table`` in schema order (missing ones None)."""
    return {c: row.get(c) for c in TABLES[table].column_names}


def fatalities(quantities: list) -> Optional[int]:
    """Killed count of an event: the sum of its 'killed' quantities (value, else low)."""
    total, seen = 0, False
    for q in quantities or ():
        kind = q.kind if hasattr(q, "kind") else q.get("kind")
        if kind not in ("killed", "dead", "fatalities"):
            continue
        v = q.value if hasattr(q, "value") else q.get("value")
        if v is None:
            v = q.low if hasattr(q, "low") else q.get("low")
        if v is not None:
            total += int(v)
            seen = True
    return total if seen else None


class _Index:
    """Mentions and places of one document by id, to resolve event arguments."""

    def __init__(self, doc: Document):
        self.mentions: dict[str, Mention] = {m.id: m for m in doc.mentions}
        self.places: dict[str, Place] = {p.id: p for p in doc.places}

    def mention(self, arg: Optional[Argument]) -> Optional[Mention]:
        if arg is None or not arg.ref:
            return None
        return self.mentions.get(arg.ref)

    def place(self, arg: Optional[Argument]) -> Optional[Place]:
        if arg is None or not arg.ref:
            return None
        p = self.places.get(arg.ref)
        if p is None:
            m = self.mentions.get(arg.ref)
            if m is not None and m.place_id:
                p = self.places.get(m.place_id)
        return p


def _party(prefix: str, arg: Optional[Argument], idx: _Index) -> dict:
    m = idx.mention(arg)
    return {
        prefix: arg.text if arg else None,
        f"{prefix}_ref": arg.ref if arg else None,
        f"{prefix}_canonical": (arg.canonical if arg and arg.canonical else (m.canonical if m else None)),
        f"{prefix}_id": m.actor_id if m else None,
        f"{prefix}_code": m.actor_code if m else None,
        f"{prefix}_country": m.country if m else None,
        f"{prefix}_kind": m.kind if m else None,
    }


def article_row(doc: Document, *, content_hash: str, run_id: Optional[str], origin: Optional[str] = None,
                ingested_at: Optional[_dt.datetime] = None) -> dict:
    return _complete("articles", {
        "article_id": content_hash,
        "input_id": doc.id,
        "run_id": run_id,
        "origin": origin if origin is not None else doc.meta.get("origin"),
        "title": doc.title,
        "url": doc.url,
        "outlet": doc.outlet,
        "published": doc.published,
        "published_date": to_date(doc.published) or to_date(doc.published_raw),
        "published_raw": doc.published_raw,
        "published_source": doc.published_source,
        "language": doc.language,
        "text": doc.text,
        "n_chars": len(doc.text),
        "n_sentences": len(doc.sentences),
        "n_mentions": len(doc.mentions),
        "n_places": len(doc.places),
        "n_events": len(doc.events),
        "duplicate_of": None,
        "duplicate_similarity": None,
        "warnings": _json(list(doc.warnings)) if doc.warnings else None,
        "ingested_at": ingested_at or _dt.datetime.now(_dt.timezone.utc).replace(tzinfo=None, microsecond=0),
    })


def entity_row(m: Mention, article_id: str) -> dict:
    return _complete("entities", {
        "article_id": article_id, "mention_id": m.id, "text": m.text, "type": m.type, "named": bool(m.named),
        "canonical": m.canonical, "actor_id": m.actor_id, "actor_code": m.actor_code, "sector": m.sector,
        "kind": m.kind, "country": m.country, "wikidata": m.wikidata, "place_id": m.place_id, "chain": m.chain,
        "sentence_id": m.sentence_id, "start_char": m.start, "end_char": m.end, "rule": m.rule,
        "confidence": float(m.confidence) if m.confidence is not None else None,
    })


def place_row(p: Place, article_id: str) -> dict:
    return _complete("places", {
        "article_id": article_id, "place_id": p.id, "text": p.text, "name": p.name, "country": p.country,
        "admin1": p.admin1, "lat": p.lat, "lon": p.lon, "geonameid": p.geonameid,
        "feature_code": p.feature_code, "kind": p.kind, "geo_precision": p.precision,
        "sentence_id": p.sentence_id, "start_char": p.start, "end_char": p.end, "rule": p.rule,
        "confidence": float(p.confidence) if p.confidence is not None else None,
    })


def report_row(e: Event, doc: Document, article_id: str, run_id: Optional[str], idx: Optional[_Index] = None,
               *, is_duplicate: bool = False) -> dict:
    idx = idx or _Index(doc)
    place = idx.place(e.place)
    pm = idx.mention(e.place)
    row = {
        "report_id": f"{article_id}:{e.id}",
        "article_id": article_id,
        "local_id": e.id,
        "event_id": None,
        "merge_reason": None,
        "run_id": run_id,
        "is_duplicate": bool(is_duplicate),
        "outlet": doc.outlet,
        "published_date": to_date(doc.published) or to_date(doc.published_raw),
        "type": e.type,
        "mode": e.mode,
        "sentence_id": e.sentence_id,
        "sentence": e.sentence,
        "trigger": e.trigger.text if e.trigger else None,
        "trigger_start": e.trigger.start if e.trigger else None,
        "trigger_end": e.trigger.end if e.trigger else None,
        "place": e.place.text if e.place else None,
        "place_ref": e.place.ref if e.place else None,
        "place_name": place.name if place else (e.place.canonical if e.place else None),
        "country": place.country if place else (pm.country if pm else None),
        "admin1": place.admin1 if place else None,
        "lat": place.lat if place else None,
        "lon": place.lon if place else None,
        "geo_precision": place.precision if place else None,
        "date": to_date(e.date),
        "date_end": to_date(e.date_end),
        "date_precision": e.date_precision,
        "date_text": e.date_text,
        "source": e.source.text if e.source else None,
        "source_ref": e.source.ref if e.source else None,
        "source_canonical": (e.source.canonical if e.source and e.source.canonical
                             else (idx.mention(e.source).canonical if idx.mention(e.source) else None)),
        "certainty": e.certainty,
        "negated": bool(e.negated),
        "historical": bool(e.historical),
        "fatalities": fatalities(e.quantities),
        "quantities": _json(e.quantities) if e.quantities else None,
        "evidence": _json(e.evidence) if e.evidence else None,
        "cameo": e.cameo,
        "acled_event_type": e.acled_event_type,
        "acled_sub_event_type": e.acled_sub_event_type,
        "rule": e.rule,
        "confidence": float(e.confidence) if e.confidence is not None else None,
    }
    row.update(_party("actor", e.actor, idx))
    row.update(_party("target", e.target, idx))
    return _complete("event_reports", row)


def document_rows(doc: Document, *, content_hash: str, run_id: Optional[str], origin: Optional[str] = None,
                  is_duplicate: bool = False) -> dict[str, list[dict]]:
    """The rows one extracted document contributes: articles, entities, places, event_reports.

    ``events`` (merged) and ``article_signatures`` rows are made by the store, which sees
    more than one article; ``articles.duplicate_of`` is filled in by near-duplicate detection.
    Rows of event_reports for a near-duplicate article carry ``is_duplicate=True``."""
    idx = _Index(doc)
    return {
        "articles": [article_row(doc, content_hash=content_hash, run_id=run_id, origin=origin)],
        "entities": [entity_row(m, content_hash) for m in doc.mentions],
        "places": [place_row(p, content_hash) for p in doc.places],
        "event_reports": [report_row(e, doc, content_hash, run_id, idx, is_duplicate=is_duplicate)
                          for e in doc.events],
    }
