"""What the web API reads and writes, behind one small interface.

The HTTP layer (``marsad.web.app``) never touches SQL: it calls a :class:`DataSource`.
Two sources implement it:

* :class:`StoreSource` wraps marsad's store (``marsad.store``: DuckDB file or
  PostgreSQL URL) and its parameterized query functions; this is what
  ``marsad serve --db`` uses.
* :class:`MemorySource` keeps extracted documents in memory. It needs no database,
  which makes it handy for a quick look at a few articles and for tests of the HTTP
  layer itself.

Both return the same plain dicts (the API's JSON), documented in docs/API.md and by
the OpenAPI schema at /openapi.json.
"""
from __future__ import annotations

import threading
from dataclasses import dataclass
from datetime import date
from typing import Any, Optional, Protocol

from ..doc import Document
from ..serialize import to_record

PLOVER_TYPES = (
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
    "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
)


@dataclass(frozen=True)
class EventFilters:
    """The filters of ``marsad events``; every one optional."""

    since: Optional[date] = None
    until: Optional[date] = None
    country: Optional[str] = None  # ISO 3166-1 alpha-2, upper case
    type: Optional[str] = None  # PLOVER type
    actor: Optional[str] = None  # substring of the actor's surface form or canonical name
    min_sources: Optional[int] = None
    bbox: Optional[tuple[float, float, float, float]] = None  # minlon, minlat, maxlon, maxlat


class DataSource(Protocol):
    def events(self, f: EventFilters, limit: int, offset: int) -> tuple[int, list[dict]]: ...

    def event(self, event_id: str) -> Optional[dict]: ...

    def timeline(self, f: EventFilters) -> list[dict]: ...

    def articles(self, limit: int, offset: int) -> tuple[int, list[dict]]: ...

    def article(self, article_id: str) -> Optional[dict]: ...

    def entities(self, limit: int, offset: int, type: Optional[str] = None,
                 q: Optional[str] = None) -> tuple[int, list[dict]]: ...

    def places(self, limit: int, offset: int, country: Optional[str] = None,
               q: Optional[str] = None) -> tuple[int, list[dict]]: ...

    def facets(self) -> dict: ...

    def add_document(self, doc: Document) -> str: ...

    def close(self) -> None: ...


# -- shapes shared by the sources ---------------------------------------------------

def span(obj: Optional[dict]) -> Optional[dict]:
    """An argument or trigger as the page needs it: text and offsets (or None)."""
    if not obj:
        return None
    return {"text": obj.get("text"), "start": obj.get("start"), "end": obj.get("end")}


def evidence_list(items: Any) -> list[dict]:
    out = []
    for e in items or []:
        out.append({"start": e.get("start"), "end": e.get("end"), "text": e.get("text"),
                    "rule": e.get("rule"), "sentence_id": e.get("sentence_id"),
                    "confidence": e.get("confidence")})
    return out


def article_view(rec: dict, text: str, event_ids: Optional[dict] = None) -> dict:
    """One article with its annotations, from a serialized record and the original text.

    ``event_ids`` maps a report's id in the article to the id of the (possibly merged)
    event it belongs to; without it the report is its own event."""
    event_ids = event_ids or {}
    return {
        "id": rec["id"], "title": rec.get("title"), "outlet": rec.get("outlet"), "url": rec.get("url"),
        "published": rec.get("published"), "text": text,
        "entities": [{k: m.get(k) for k in ("id", "start", "end", "text", "type", "canonical",
                                             "actor_code", "kind", "country")}
                     for m in rec.get("entities", [])],
        "places": [{k: p.get(k) for k in ("id", "start", "end", "text", "name", "country",
                                           "lat", "lon", "precision", "kind")}
                   for p in rec.get("places", [])],
        "dates": [{k: d.get(k) for k in ("start", "end", "text", "value_start", "value_end", "precision")}
                  for d in rec.get("dates", [])],
        "events": [report_view(e, event_ids.get(e.get("id"), f"{rec['id']}:{e.get('id')}"))
                   for e in rec.get("events", [])],
    }


def report_view(e: dict, event_id: str) -> dict:
    """One article's account of an event, with the spans that back it."""
    return {
        "event_id": event_id, "report_id": e.get("id"), "type": e.get("type"), "mode": e.get("mode"),
        "sentence": e.get("sentence"), "date": e.get("date"), "certainty": e.get("certainty"),
        "negated": bool(e.get("negated")), "confidence": e.get("confidence"),
        "trigger": span(e.get("trigger")), "actor": span(e.get("actor_ref")) or _text(e.get("actor")),
        "target": span(e.get("target_ref")) or _text(e.get("target")),
        "place": span(e.get("place_ref")) or _text(e.get("place")),
        "source": span(e.get("source_ref")) or _text(e.get("source")),
        "evidence": evidence_list(e.get("evidence")),
    }


def _text(s: Optional[str]) -> Optional[dict]:
    return {"text": s, "start": None, "end": None} if s else None


def _match_filters(ev: dict, f: EventFilters) -> bool:
    d = ev.get("date")
    if f.since and (not d or d[:10] < f.since.isoformat()):
        return False
    if f.until and (not d or d[:10] > f.until.isoformat()):
        return False
    if f.country and ev.get("country") != f.country:
        return False
    if f.type and ev.get("type") != f.type:
        return False
    if f.actor:
        needle = f.actor.casefold()
        names = [ev.get("actor"), ev.get("actor_canonical")]
        if not any(n and needle in n.casefold() for n in names):
            return False
    if f.min_sources and (ev.get("n_sources") or 0) < f.min_sources:
        return False
    if f.bbox:
        lon, lat = ev.get("lon"), ev.get("lat")
        if lon is None or lat is None:
            return False
        minlon, minlat, maxlon, maxlat = f.bbox
        if not (minlon <= lon <= maxlon and minlat <= lat <= maxlat):
            return False
    return True


def timeline_counts(events: list[dict]) -> list[dict]:
    """Counts of events by day and type (the page groups days into weeks or months)."""
    counts: dict[tuple[str, str], int] = {}
    for ev in events:
        d = ev.get("date")
        if not d:
            continue
        key = (d[:10], ev.get("type") or "?")
        counts[key] = counts.get(key, 0) + 1
    return [{"date": d, "type": t, "count": n} for (d, t), n in sorted(counts.items())]


class MemorySource:
    """Documents kept in memory; each event report is its own event (no merging)."""

    def __init__(self, docs: Optional[list[Document]] = None):
        self._lock = threading.Lock()
        self._records: dict[str, dict] = {}
        self._texts: dict[str, str] = {}
        for d in docs or []:
            self.add_document(d)

    def add_document(self, doc: Document) -> str:
        rec = to_record(doc)
        with self._lock:
            self._records[doc.id] = rec
            self._texts[doc.id] = doc.text
        return doc.id

    def close(self) -> None:
        pass

    # -- events ------------------------------------------------------------------
    def _all_events(self) -> list[dict]:
        out = []
        for aid, rec in self._records.items():
            places = {p["id"]: p for p in rec.get("places", [])}
            for e in rec.get("events", []):
                pref = (e.get("place_ref") or {}).get("ref")
                place = places.get(pref) if pref else None
                actor_ref = e.get("actor_ref") or {}
                out.append({
                    "id": f"{aid}:{e.get('id')}", "type": e.get("type"), "mode": e.get("mode"),
                    "date": e.get("date"), "date_end": e.get("date_end"),
                    "actor": e.get("actor"), "actor_canonical": actor_ref.get("canonical"),
                    "target": e.get("target"),
                    "place": (place or {}).get("name") or e.get("place"),
                    "country": (place or {}).get("country"),
                    "lat": (place or {}).get("lat"), "lon": (place or {}).get("lon"),
                    "certainty": e.get("certainty"), "negated": bool(e.get("negated")),
                    "n_sources": 1, "n_reports": 1, "sentence": e.get("sentence"),
                    "_article": aid, "_report": e,
                })
        out.sort(key=lambda ev: (ev.get("date") or "", ev["id"]), reverse=True)
        return out

    @staticmethod
    def _public(ev: dict) -> dict:
        return {k: v for k, v in ev.items() if not k.startswith("_")}

    def events(self, f: EventFilters, limit: int, offset: int) -> tuple[int, list[dict]]:
        with self._lock:
            evs = [ev for ev in self._all_events() if _match_filters(ev, f)]
        return len(evs), [self._public(ev) for ev in evs[offset:offset + limit]]

    def timeline(self, f: EventFilters) -> list[dict]:
        with self._lock:
            return timeline_counts([ev for ev in self._all_events() if _match_filters(ev, f)])

    def event(self, event_id: str) -> Optional[dict]:
        with self._lock:
            for ev in self._all_events():
                if ev["id"] == event_id:
                    rec = self._records[ev["_article"]]
                    report = report_view(ev["_report"], ev["id"]) | {
                        "article_id": rec["id"], "article_title": rec.get("title"),
                        "outlet": rec.get("outlet"), "published": rec.get("published"), "url": rec.get("url"),
                    }
                    return self._public(ev) | {"reports": [report]}
        return None

    # -- articles, entities, places -------------------------------------------------
    def articles(self, limit: int, offset: int) -> tuple[int, list[dict]]:
        with self._lock:
            recs = sorted(self._records.values(), key=lambda r: (r.get("published") or "", r["id"]), reverse=True)
            items = [{"id": r["id"], "title": r.get("title"), "outlet": r.get("outlet"), "url": r.get("url"),
                      "published": r.get("published"), "n_events": len(r.get("events", [])),
                      "n_entities": len(r.get("entities", [])), "n_places": len(r.get("places", []))}
                     for r in recs]
        return len(items), items[offset:offset + limit]

    def article(self, article_id: str) -> Optional[dict]:
        with self._lock:
            rec = self._records.get(article_id)
            if rec is None:
                return None
            return article_view(rec, self._texts[article_id])

    def entities(self, limit: int, offset: int, type: Optional[str] = None,
                 q: Optional[str] = None) -> tuple[int, list[dict]]:
        agg: dict[tuple, dict] = {}
        with self._lock:
            for rec in self._records.values():
                for m in rec.get("entities", []):
                    if type and m.get("type") != type:
                        continue
                    name = m.get("canonical") or m.get("text")
                    if q and q.casefold() not in (name or "").casefold() and q.casefold() not in m["text"].casefold():
                        continue
                    key = (name, m.get("type"))
                    a = agg.setdefault(key, {"name": name, "type": m.get("type"), "actor_code": m.get("actor_code"),
                                             "country": m.get("country"), "mentions": 0, "articles": set(),
                                             "surface_forms": set()})
                    a["mentions"] += 1
                    a["articles"].add(rec["id"])
                    a["surface_forms"].add(m["text"])
        items = sorted(agg.values(), key=lambda a: (-a["mentions"], a["name"] or ""))
        items = [a | {"articles": len(a["articles"]), "surface_forms": sorted(a["surface_forms"])} for a in items]
        return len(items), items[offset:offset + limit]

    def places(self, limit: int, offset: int, country: Optional[str] = None,
               q: Optional[str] = None) -> tuple[int, list[dict]]:
        agg: dict[tuple, dict] = {}
        with self._lock:
            for rec in self._records.values():
                for p in rec.get("places", []):
                    if country and p.get("country") != country:
                        continue
                    name = p.get("name") or p.get("text")
                    if q and q.casefold() not in (name or "").casefold() and q.casefold() not in p["text"].casefold():
                        continue
                    key = (name, p.get("country"), p.get("lat"), p.get("lon"))
                    a = agg.setdefault(key, {"name": name, "country": p.get("country"), "lat": p.get("lat"),
                                             "lon": p.get("lon"), "kind": p.get("kind"), "mentions": 0,
                                             "articles": set(), "surface_forms": set()})
                    a["mentions"] += 1
                    a["articles"].add(rec["id"])
                    a["surface_forms"].add(p["text"])
        items = sorted(agg.values(), key=lambda a: (-a["mentions"], a["name"] or ""))
        items = [a | {"articles": len(a["articles"]), "surface_forms": sorted(a["surface_forms"])} for a in items]
        return len(items), items[offset:offset + limit]

    def facets(self) -> dict:
        with self._lock:
            evs = self._all_events()
        return {"types": sorted({e["type"] for e in evs if e.get("type")}),
                "countries": sorted({e["country"] for e in evs if e.get("country")}),
                "n_events": len(evs), "n_articles": len(self._records)}
