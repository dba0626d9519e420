"""What the web API reads and writes, behind one small interface.

The HTTP layer (``marsad.web.app``) never touches SQL: it calls a :class:`DataSource`.
Two sources implement it:

* :class:`StoreSource` wraps marsad's store (``marsad.store``: DuckDB file or
  PostgreSQL URL) and its parameterized query functions; this is what
  ``marsad serve --db`` uses.
* :class:`MemorySource` keeps extracted documents in memory. It needs no database,
  which makes it handy for a quick look at a few articles and for tests of the HTTP
  layer itself.

Both return the same plain dicts (the API's JSON), documented by the OpenAPI schema
that ``marsad serve`` publishes at /openapi.json (browsable at /docs).
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
    if f.since and (not d or (ev.get("date_end") or d)[:10] < f.since.isoformat()):
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


# -- the store ---------------------------------------------------------------------

ENTITY_TYPES = ("PERSON", "ORG", "GPE", "LOC", "FAC")


def _iso(v: Any) -> Optional[str]:
    if v is None:
        return None
    return v.isoformat() if hasattr(v, "isoformat") else str(v)


def _loads(v: Any) -> Any:
    import json

    if v is None or v == "":
        return None
    try:
        return json.loads(v)
    except (TypeError, ValueError):
        return None


def event_where(f: EventFilters) -> tuple[str, list]:
    """WHERE clause and parameters for the events table: the store's own filter
    (``marsad.store.query.EventFilter``, the one ``marsad events`` uses) plus the map's
    bounding box. Values travel only as parameters; the SQL text is fixed."""
    from ..store.query import EventFilter

    flt = EventFilter(since=f.since, until=f.until, country=[f.country] if f.country else (),
                      type=[f.type] if f.type else (), actor=f.actor, min_sources=f.min_sources)
    where, params = flt.where()
    if f.bbox:
        minlon, minlat, maxlon, maxlat = f.bbox
        where += (" AND " if where else " WHERE ") + "lon >= ? AND lon <= ? AND lat >= ? AND lat <= ?"
        params = params + [minlon, maxlon, minlat, maxlat]
    return where, params


EVENT_COLUMNS = ("event_id, type, mode, date, date_end, actor, actor_id, target, location, country, lat, lon, "
                 "certainty, negated, n_sources, n_reports, n_articles, sources, sentence, fatalities")


def _event_out(r: dict) -> dict:
    return {
        "id": r["event_id"], "type": r.get("type"), "mode": r.get("mode"), "date": _iso(r.get("date")),
        "date_end": _iso(r.get("date_end")), "actor": r.get("actor"), "actor_id": r.get("actor_id"),
        "target": r.get("target"), "place": r.get("location"), "country": r.get("country"),
        "lat": r.get("lat"), "lon": r.get("lon"), "certainty": r.get("certainty"),
        "negated": bool(r.get("negated")), "n_sources": r.get("n_sources"), "n_reports": r.get("n_reports"),
        "n_articles": r.get("n_articles"), "sources": _loads(r.get("sources")) or [],
        "fatalities": r.get("fatalities"), "sentence": r.get("sentence"),
    }


def _report_out(r: dict) -> dict:
    def sp(text_col, start=None, end=None):
        if not r.get(text_col):
            return None
        return {"text": r.get(text_col), "start": r.get(start) if start else None, "end": r.get(end) if end else None}

    return {
        "event_id": r.get("event_id"), "report_id": r.get("report_id"), "article_id": r.get("article_id"),
        "type": r.get("type"), "mode": r.get("mode"), "sentence": r.get("sentence"), "date": _iso(r.get("date")),
        "certainty": r.get("certainty"), "negated": bool(r.get("negated")), "confidence": r.get("confidence"),
        "is_duplicate": bool(r.get("is_duplicate")), "merge_reason": _loads(r.get("merge_reason")),
        "trigger": sp("trigger", "trigger_start", "trigger_end"),
        "actor": sp("actor"), "target": sp("target"), "place": sp("place"), "source": sp("source"),
        "place_name": r.get("place_name"), "country": r.get("country"), "lat": r.get("lat"), "lon": r.get("lon"),
        "fatalities": r.get("fatalities"), "quantities": _loads(r.get("quantities")) or [],
        "evidence": evidence_list(_loads(r.get("evidence"))),
    }


class StoreSource:
    """The API over marsad's store (DuckDB file or PostgreSQL URL), read with
    parameterized queries; submitted articles go through the store's Ingestor
    (dedup, merging), exactly as ``marsad ingest`` stores them."""

    def __init__(self, db: Any, *, read_only: bool = False):
        from ..store import open_store

        self.store = open_store(db, read_only=read_only)
        self.read_only = read_only
        # One connection, many request threads: DuckDB and psycopg connections are
        # not for concurrent use, so every access holds this lock.
        self._lock = threading.RLock()
        self._dates_nlp = None

    def close(self) -> None:
        with self._lock:
            self.store.close()

    def _q(self, sql: str, params: list | tuple = ()) -> list[dict]:
        with self._lock:
            return self.store.query(sql, list(params))

    # -- events ------------------------------------------------------------------
    def events(self, f: EventFilters, limit: int, offset: int) -> tuple[int, list[dict]]:
        where, params = event_where(f)
        with self._lock:
            total = int(self.store.scalar("SELECT COUNT(*) FROM events" + where, params) or 0)
            rows = self.store.query(f"SELECT {EVENT_COLUMNS} FROM events{where} "
                                    "ORDER BY date DESC NULLS LAST, event_id LIMIT ? OFFSET ?",
                                    params + [limit, offset])
        return total, [_event_out(r) for r in rows]

    def timeline(self, f: EventFilters) -> list[dict]:
        where, params = event_where(f)
        where = (where + " AND " if where else " WHERE ") + "date IS NOT NULL"
        rows = self._q(f"SELECT date, type, COUNT(*) AS n FROM events{where} GROUP BY date, type ORDER BY date, type",
                       params)
        return [{"date": _iso(r["date"]), "type": r["type"], "count": int(r["n"])} for r in rows]

    def event(self, event_id: str) -> Optional[dict]:
        from ..store.query import get_event

        with self._lock:
            ev = get_event(self.store, event_id)
        if ev is None:
            return None
        out = _event_out(ev)
        reports = sorted(ev["reports"], key=lambda r: (str(r.get("article_published") or ""), r["report_id"]))
        out["reports"] = [_report_out(r) | {"article_title": r.get("article_title"), "outlet": r.get("outlet"),
                                            "published": r.get("article_published"), "url": r.get("article_url")}
                          for r in reports]
        return out

    def facets(self) -> dict:
        with self._lock:
            types = [r["type"] for r in self.store.query(
                "SELECT DISTINCT type FROM events WHERE type IS NOT NULL ORDER BY type")]
            countries = [r["country"] for r in self.store.query(
                "SELECT DISTINCT country FROM events WHERE country IS NOT NULL ORDER BY country")]
            n_events = int(self.store.scalar("SELECT COUNT(*) FROM events") or 0)
            n_articles = int(self.store.scalar("SELECT COUNT(*) FROM articles") or 0)
        return {"types": types, "countries": countries, "n_events": n_events, "n_articles": n_articles}

    # -- articles ------------------------------------------------------------------
    def articles(self, limit: int, offset: int) -> tuple[int, list[dict]]:
        from ..store.query import list_articles

        with self._lock:
            total = int(self.store.scalar("SELECT COUNT(*) FROM articles") or 0)
            rows = list_articles(self.store, limit=limit, offset=offset)
        return total, [{"id": r["article_id"], "input_id": r["input_id"], "title": r["title"], "outlet": r["outlet"],
                        "url": r["url"], "published": r["published"], "n_events": r["n_events"],
                        "n_entities": r["n_mentions"], "n_places": r["n_places"],
                        "duplicate_of": r["duplicate_of"]} for r in rows]

    def _dates(self, text: str, published_raw: Optional[str]) -> list[dict]:
        """Date expressions are not stored; the dates stage finds them again (a few ms)."""
        from ..pipeline import Pipeline, available_stages

        if self._dates_nlp is None:
            names = [n for n in ("clean", "segment", "dates") if n in available_stages()]
            self._dates_nlp = Pipeline.from_names(names) if "dates" in names else False
        if not self._dates_nlp:
            return []
        doc = self._dates_nlp(Document(id="dates", text=text, published_raw=published_raw))
        return [{"start": d.start, "end": d.end, "text": d.text, "value_start": d.value_start,
                 "value_end": d.value_end, "precision": d.precision} for d in doc.dates]

    def article(self, article_id: str) -> Optional[dict]:
        from ..store.query import get_article

        with self._lock:
            a = get_article(self.store, article_id)
            if a is None:
                return None
            marks = ", ".join("?" for _ in ENTITY_TYPES)
            ents = self.store.query(
                "SELECT mention_id, start_char, end_char, text, type, canonical, actor_code, kind, country "
                f"FROM entities WHERE article_id = ? AND named AND type IN ({marks}) ORDER BY start_char",
                [article_id, *ENTITY_TYPES])
            places = self.store.query(
                "SELECT place_id, start_char, end_char, text, name, country, lat, lon, geo_precision, kind "
                "FROM places WHERE article_id = ? ORDER BY start_char", [article_id])
            reports = self.store.query(
                "SELECT * FROM event_reports WHERE article_id = ? ORDER BY trigger_start, report_id", [article_id])
        try:
            dates = self._dates(a["text"], a.get("published_raw"))
        except Exception:  # a half-built dates stage must not take the reader down
            dates = []
        return {
            "id": a["article_id"], "input_id": a.get("input_id"), "title": a.get("title"), "outlet": a.get("outlet"),
            "url": a.get("url"), "published": a.get("published"), "text": a["text"],
            "duplicate_of": a.get("duplicate_of"),
            "entities": [{"id": e["mention_id"], "start": e["start_char"], "end": e["end_char"], "text": e["text"],
                          "type": e["type"], "canonical": e["canonical"], "actor_code": e["actor_code"],
                          "kind": e["kind"], "country": e["country"]} for e in ents],
            "places": [{"id": p["place_id"], "start": p["start_char"], "end": p["end_char"], "text": p["text"],
                        "name": p["name"], "country": p["country"], "lat": p["lat"], "lon": p["lon"],
                        "precision": p["geo_precision"], "kind": p["kind"]} for p in places],
            "dates": dates,
            "events": [_report_out(r) for r in reports],
        }

    def entities(self, limit: int, offset: int, type: Optional[str] = None,
                 q: Optional[str] = None) -> tuple[int, list[dict]]:
        marks = ", ".join("?" for _ in ENTITY_TYPES)
        where = f" WHERE named AND type IN ({marks})"
        params: list = list(ENTITY_TYPES)
        if type:
            where += " AND type = ?"
            params.append(type)
        if q:
            where += (" AND (strpos(lower(text), lower(?)) > 0"
                      " OR strpos(lower(COALESCE(canonical, '')), lower(?)) > 0)")
            params += [q, q]
        base = (f"SELECT COALESCE(canonical, text) AS name, type, MIN(actor_code) AS actor_code, "
                f"MIN(country) AS country, MIN(text) AS example, COUNT(*) AS mentions, "
                f"COUNT(DISTINCT article_id) AS articles FROM entities{where} GROUP BY COALESCE(canonical, text), type")
        with self._lock:
            total = int(self.store.scalar(f"SELECT COUNT(*) FROM ({base}) g", params) or 0)
            rows = self.store.query(base + " ORDER BY mentions DESC, name, type LIMIT ? OFFSET ?",
                                    params + [limit, offset])
        return total, [{"name": r["name"], "type": r["type"], "actor_code": r["actor_code"], "country": r["country"],
                        "example": r["example"], "mentions": int(r["mentions"]), "articles": int(r["articles"])}
                       for r in rows]

    def places(self, limit: int, offset: int, country: Optional[str] = None,
               q: Optional[str] = None) -> tuple[int, list[dict]]:
        where, params = "", []
        conds = []
        if country:
            conds.append("country = ?")
            params.append(country)
        if q:
            conds.append("(strpos(lower(text), lower(?)) > 0 OR strpos(lower(COALESCE(name, '')), lower(?)) > 0)")
            params += [q, q]
        if conds:
            where = " WHERE " + " AND ".join(conds)
        base = (f"SELECT COALESCE(name, text) AS name, country, lat, lon, MIN(kind) AS kind, MIN(text) AS example, "
                f"COUNT(*) AS mentions, COUNT(DISTINCT article_id) AS articles FROM places{where} "
                f"GROUP BY COALESCE(name, text), country, lat, lon")
        with self._lock:
            total = int(self.store.scalar(f"SELECT COUNT(*) FROM ({base}) g", params) or 0)
            rows = self.store.query(base + " ORDER BY mentions DESC, name LIMIT ? OFFSET ?", params + [limit, offset])
        return total, [{"name": r["name"], "country": r["country"], "lat": r["lat"], "lon": r["lon"],
                        "kind": r["kind"], "example": r["example"], "mentions": int(r["mentions"]),
                        "articles": int(r["articles"])} for r in rows]

    # -- writing -------------------------------------------------------------------
    def add_document(self, doc: Document) -> str:
        from ..store import Ingestor
        from ..store.rows import content_hash

        if self.read_only:
            raise PermissionError("the database is open read-only")
        with self._lock:
            ing = Ingestor(self.store, inputs=["api"], params={"via": "web"}, command="ingest")
            ing.add_documents([doc])
            ing.finish()
        return content_hash(doc.text)
