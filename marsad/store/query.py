"""Questions asked of a store: events by date, country, type, actor and sources.

Plain functions over any :class:`~marsad.store.backend.Store` (DuckDB or PostgreSQL),
returning lists of dicts keyed by column. `marsad events` and the web API call these;
the exporters in :mod:`marsad.export` take their output.
"""
from __future__ import annotations

import datetime as _dt
import json
from dataclasses import dataclass
from typing import Any, Iterable, Optional, Sequence

from .rows import to_date
from .schema import columns

EVENT_COLUMNS = columns("events")
REPORT_COLUMNS = columns("event_reports")
ARTICLE_COLUMNS = [c for c in columns("articles") if c != "text"]


def _split(value: Any) -> list[str]:
    if value is None or value == "":
        return []
    if isinstance(value, str):
        return [v.strip() for v in value.split(",") if v.strip()]
    return [str(v) for v in value]


@dataclass
class EventFilter:
    """What `marsad events` and the web API filter on (every field optional)."""

    since: Optional[_dt.date] = None       # events on or after this day
    until: Optional[_dt.date] = None       # events on or before this day
    country: Sequence[str] = ()            # ISO 3166-1 alpha-2 codes
    type: Sequence[str] = ()               # PLOVER types
    actor: Optional[str] = None            # actor or target: id, code, or text (substring, any report)
    min_sources: Optional[int] = None      # at least this many independent sources
    min_reports: Optional[int] = None
    event_ids: Sequence[str] = ()

    def where(self) -> tuple[str, list]:
        clauses: list[str] = []
        params: list = []
        since, until = to_date(self.since), to_date(self.until)
        if self.since is not None and since is None:
            raise ValueError(f"--since: not a date: {self.since!r}")
        if self.until is not None and until is None:
            raise ValueError(f"--until: not a date: {self.until!r}")
        if since:
            # an event counts when any part of its date range reaches the period
            clauses.append("COALESCE(date_end, date) >= ?")
            params.append(since)
        if until:
            clauses.append("date <= ?")
            params.append(until)
        countries = [c.upper() for c in _split(self.country)]
        if countries:
            clauses.append(f"country IN ({', '.join('?' for _ in countries)})")
            params += countries
        types = [t.upper() for t in _split(self.type)]
        if types:
            clauses.append(f"type IN ({', '.join('?' for _ in types)})")
            params += types
        if self.actor:
            a = str(self.actor)
            like = f"%{a.lower()}%"
            clauses.append(
                "event_id IN (SELECT event_id FROM event_reports WHERE event_id IS NOT NULL AND ("
                "actor_id = ? OR actor_code = ? OR target_id = ? OR target_code = ? "
                "OR LOWER(actor) LIKE ? OR LOWER(target) LIKE ? "
                "OR LOWER(actor_canonical) LIKE ? OR LOWER(target_canonical) LIKE ?))")
            params += [a, a, a, a, like, like, like, like]
        if self.min_sources:
            clauses.append("n_sources >= ?")
            params.append(int(self.min_sources))
        if self.min_reports:
            clauses.append("n_reports >= ?")
            params.append(int(self.min_reports))
        ids = list(self.event_ids)
        if ids:
            clauses.append(f"event_id IN ({', '.join('?' for _ in ids)})")
            params += ids
        return (" WHERE " + " AND ".join(clauses)) if clauses else "", params


def query_events(store, flt: Optional[EventFilter] = None, *, limit: Optional[int] = None, offset: int = 0,
                 **kwargs) -> list[dict]:
    """Merged events matching the filter, oldest first (undated last), as dicts of events columns.

    ``query_events(store, since="2021-01-01", country="SY", min_sources=2)`` works too."""
    flt = flt or EventFilter(**kwargs)
    where, params = flt.where()
    sql = (f"SELECT {', '.join(EVENT_COLUMNS)} FROM events{where} "
           "ORDER BY CASE WHEN date IS NULL THEN 1 ELSE 0 END, date, event_id")
    if limit is not None:
        sql += " LIMIT ? OFFSET ?"
        params += [int(limit), int(offset)]
    return store.query(sql, params)


def count_events(store, flt: Optional[EventFilter] = None, **kwargs) -> int:
    flt = flt or EventFilter(**kwargs)
    where, params = flt.where()
    return int(store.scalar(f"SELECT COUNT(*) FROM events{where}", params))


def reports_for(store, event_ids: Iterable[str], *, with_articles: bool = True) -> dict[str, list[dict]]:
    """Member reports of each event (with their article's title, url, outlet, published)."""
    ids = list(dict.fromkeys(event_ids))
    out: dict[str, list[dict]] = {i: [] for i in ids}
    cols = ", ".join(f"r.{c}" for c in REPORT_COLUMNS)
    extra = ", a.title AS article_title, a.url AS article_url, a.published AS article_published" if with_articles else ""
    join = " JOIN articles a ON a.article_id = r.article_id" if with_articles else ""
    for i in range(0, len(ids), 500):
        part = ids[i:i + 500]
        marks = ", ".join("?" for _ in part)
        for r in store.query(f"SELECT {cols}{extra} FROM event_reports r{join} WHERE r.event_id IN ({marks}) "
                             "ORDER BY r.report_id", part):
            out[r["event_id"]].append(r)
    return out


def get_event(store, event_id: str) -> Optional[dict]:
    """One event with its reports (key "reports") and merge reasons decoded."""
    rows = query_events(store, EventFilter(event_ids=[event_id]))
    if not rows:
        return None
    ev = rows[0]
    reps = reports_for(store, [event_id])[event_id]
    for r in reps:
        if r.get("merge_reason"):
            try:
                r["merge_reason"] = json.loads(r["merge_reason"])
            except ValueError:
                pass
    return ev | {"reports": reps}


def get_article(store, article_id: str, *, with_text: bool = True) -> Optional[dict]:
    cols = columns("articles") if with_text else ARTICLE_COLUMNS
    rows = store.query(f"SELECT {', '.join(cols)} FROM articles WHERE article_id = ?", [article_id])
    return rows[0] if rows else None


def list_articles(store, *, limit: int = 100, offset: int = 0, outlet: Optional[str] = None,
                  include_duplicates: bool = True) -> list[dict]:
    clauses, params = [], []
    if outlet:
        clauses.append("outlet = ?")
        params.append(outlet)
    if not include_duplicates:
        clauses.append("duplicate_of IS NULL")
    where = (" WHERE " + " AND ".join(clauses)) if clauses else ""
    return store.query(f"SELECT {', '.join(ARTICLE_COLUMNS)} FROM articles{where} "
                       "ORDER BY published_date, article_id LIMIT ? OFFSET ?", params + [int(limit), int(offset)])


def summary(store) -> dict:
    """Row counts and the latest runs (for a status page)."""
    return {
        "counts": store.counts(),
        "schema_version": store.schema_version(),
        "runs": store.query("SELECT * FROM runs ORDER BY started_at DESC, run_id DESC LIMIT 10"),
    }
