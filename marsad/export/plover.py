"""PLOVER JSONL: one merged event a line with PLOVER's field names.

``id``, ``date``, ``actor``, ``recipient``, ``event`` (the PLOVER type), ``mode``,
``context``, ``event_loc`` ({name, country, admin1, lat, lon, precision}),
``event_text`` (the representative sentence) and ``cite_info`` (one entry per
report: article, outlet, url, title, published, sentence, source, certainty), plus
marsad's additions (ids and codes of the actors, date range, certainty, counts of
reports and independent sources, fatalities, CAMEO and ACLED codes, the merge
parameters) under their own names.
"""
from __future__ import annotations

import datetime as _dt
import io
import json
from typing import IO, Iterable, Optional, Union


def _iso(v):
    return v.isoformat() if isinstance(v, (_dt.date, _dt.datetime)) else v


def _loads(v, default):
    if v is None:
        return default
    if isinstance(v, str):
        try:
            return json.loads(v)
        except ValueError:
            return default
    return v


def plover_record(ev: dict, reports: Optional[list] = None) -> dict:
    cite = []
    for r in reports or []:
        cite.append({
            "report_id": r.get("report_id"), "article_id": r.get("article_id"), "outlet": r.get("outlet"),
            "url": r.get("article_url"), "title": r.get("article_title"),
            "published": _iso(r.get("article_published") or r.get("published_date")),
            "sentence": r.get("sentence"), "source": r.get("source"), "certainty": r.get("certainty"),
            "merge_reason": _loads(r.get("merge_reason"), r.get("merge_reason")),
        })
    return {
        "id": ev.get("event_id"),
        "date": _iso(ev.get("date")),
        "actor": ev.get("actor"),
        "recipient": ev.get("target"),
        "event": ev.get("type"),
        "mode": ev.get("mode"),
        "context": [],
        "event_loc": {
            "name": ev.get("location"), "country": ev.get("country"), "admin1": ev.get("admin1"),
            "lat": ev.get("lat"), "lon": ev.get("lon"), "precision": ev.get("geo_precision"),
        },
        "event_text": ev.get("sentence"),
        "cite_info": cite,
        # marsad's additions
        "date_end": _iso(ev.get("date_end")),
        "date_precision": ev.get("date_precision"),
        "actor_id": ev.get("actor_id"), "actor_code": ev.get("actor_code"),
        "recipient_id": ev.get("target_id"), "recipient_code": ev.get("target_code"),
        "certainty": ev.get("certainty"), "negated": ev.get("negated"),
        "fatalities": ev.get("fatalities"),
        "n_reports": ev.get("n_reports"), "n_sources": ev.get("n_sources"),
        "sources": _loads(ev.get("sources"), []),
        "cameo": ev.get("cameo"), "acled_event_type": ev.get("acled_event_type"),
        "acled_sub_event_type": ev.get("acled_sub_event_type"),
        "merge_params": _loads(ev.get("merge_params"), None),
    }


def write_plover_jsonl(events: Iterable[dict], out: Union[str, IO[str], None] = None,
                       reports: Optional[dict] = None) -> Optional[str]:
    """Write events (with ``reports``: event_id -> report rows) as PLOVER JSONL."""
    own = isinstance(out, str) or hasattr(out, "__fspath__")
    f = open(out, "w", encoding="utf-8") if own else (out or io.StringIO())
    try:
        for ev in events:
            rec = plover_record(ev, (reports or {}).get(ev.get("event_id")))
            f.write(json.dumps(rec, ensure_ascii=False, default=str) + "\n")
        if out is None:
            return f.getvalue()
    finally:
        if own:
            f.close()
    return None
