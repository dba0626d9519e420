"""Cross-article events: reports of the same happening become one event.

Two reports are *compatible* (:func:`compatible`) when their types agree, their dates
fall within ``window_days`` of each other, their places are within ``max_km`` (or in
the same country and province when coordinates are missing) and their actors and
targets agree where both are known — and at least one of place, actor or target
positively matches. Events are the connected components of that relation, so the
grouping depends on the thresholds only, never on the order articles arrived:
ingesting incrementally gives the same events as :func:`recompute_events`.

Each report keeps a ``merge_reason`` (JSON) naming the report it was linked to and
the criteria that matched, so every merge can be explained, and recomputed with
other thresholds (``marsad merge --window-days N --max-km K``).
"""
from __future__ import annotations

import bisect
import datetime as _dt
import hashlib
import json
import math
from collections import Counter
from dataclasses import asdict, dataclass
from functools import lru_cache
from typing import Iterable, Optional

from ..text.normalize import normalize_for_matching
from .rows import to_date
from .schema import columns

CERTAINTY_RANK = {"asserted": 0, "reported": 1, "claimed": 2, "believed": 3, "uncertain": 4, "planned": 5,
                  "denied": 6}

# event_reports columns the merger reads
MERGE_COLUMNS = columns("event_reports")


@dataclass(frozen=True)
class MergeParams:
    window_days: int = 3
    max_km: float = 50.0

    def to_json(self) -> str:
        return json.dumps(asdict(self), sort_keys=True)


# -- the pairwise rule ----------------------------------------------------------


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0088 * math.asin(min(1.0, math.sqrt(a)))


@lru_cache(maxsize=65536)
def name_key(text: Optional[str]) -> Optional[frozenset]:
    """A name as a set of normalized words without the article ال and a leading و/ف."""
    if not text:
        return None
    words = []
    for w in normalize_for_matching(text).split():
        if len(w) > 3 and w[0] in "وف" and w[1:3] == "ال":
            w = w[1:]
        if len(w) > 3 and w.startswith("ال"):
            w = w[2:]
        words.append(w)
    return frozenset(words) or None


def _party(a: dict, b: dict, prefix: str) -> tuple[Optional[bool], str]:
    """(True: match, False: conflict, None: no proof either way), and how.

    Only resolved ids can conflict: outlets describe the same attacker or victim in
    different words ("طائرات حربية", "الطيران الروسي"; "مدنيين", "أهالي البلدة"), so
    differing texts neither prove nor block a merge; equal texts (or one name inside
    the other) prove it."""
    ia, ib = a.get(f"{prefix}_id"), b.get(f"{prefix}_id")
    if ia and ib:
        return (ia == ib), f"id:{ia}"
    ka, kb = name_key(a.get(prefix)), name_key(b.get(prefix))
    if ka and kb:
        if ka == kb or ka <= kb or kb <= ka:
            return True, "text:" + normalize_for_matching(a.get(prefix) or "")
        return None, "text differs"
    return None, "unknown"


def _coarse(p) -> bool:
    return p is not None and p <= 2  # country or province centroid


def _place(a: dict, b: dict, max_km: float) -> tuple[Optional[bool], str]:
    """(True: positive match, False: conflict, None: compatible without proof), and how."""
    la, lb = a.get("lat"), b.get("lat")
    if (la is not None and lb is not None and a.get("lon") is not None and b.get("lon") is not None
            and not _coarse(a.get("geo_precision")) and not _coarse(b.get("geo_precision"))):
        d = haversine_km(la, a["lon"], lb, b["lon"])
        return (d <= max_km), f"{d:.1f}km"
    ca, cb = a.get("country"), b.get("country")
    if ca and cb:
        if ca != cb:
            return False, ""
        aa, ab = a.get("admin1"), b.get("admin1")
        if aa and ab:
            return (aa == ab), f"admin1:{ca}/{aa}"
        ka, kb = name_key(a.get("place_name") or a.get("place")), name_key(b.get("place_name") or b.get("place"))
        if ka and kb and ka == kb:
            return True, "name:" + " ".join(sorted(ka))
        return None, f"country:{ca}"
    ka, kb = name_key(a.get("place_name") or a.get("place")), name_key(b.get("place_name") or b.get("place"))
    if ka and kb:
        return (ka == kb), "name:" + " ".join(sorted(ka))
    return None, "unknown"


_SPAN = "_span"  # a report dict caches its span under this key (not a column: never stored)


def span(r: dict) -> Optional[tuple[_dt.date, _dt.date]]:
    """A report's effective date range: its event date(s), else its article's publication day."""
    if _SPAN in r:
        return r[_SPAN]
    s = to_date(r.get("date")) or to_date(r.get("published_date"))
    if s is None:
        r[_SPAN] = None
        return None
    e = to_date(r.get("date_end")) if r.get("date") else None
    if e is None or e < s:
        e = s
    r[_SPAN] = (s, e)
    return s, e


def compatible(a: dict, b: dict, params: MergeParams = MergeParams()) -> Optional[dict]:
    """Why reports ``a`` and ``b`` describe the same happening, or None when they may not."""
    if a.get("type") != b.get("type") or bool(a.get("negated")) != bool(b.get("negated")):
        return None
    sa, sb = span(a), span(b)
    if sa is None or sb is None:
        return None
    gap = max(0, (sb[0] - sa[1]).days, (sa[0] - sb[1]).days)
    if gap > params.window_days:
        return None
    place_ok, place_how = _place(a, b, params.max_km)
    if place_ok is False:
        return None
    actor_ok, actor_how = _party(a, b, "actor")
    if actor_ok is False:
        return None
    target_ok, target_how = _party(a, b, "target")
    if target_ok is False:
        return None
    if not (place_ok or actor_ok or target_ok):
        return None
    return {"with": b.get("report_id"), "type": a.get("type"), "date_days": gap,
            "place": place_how, "actor": actor_how, "target": target_how}


# -- clustering ------------------------------------------------------------------


class _UnionFind:
    def __init__(self) -> None:
        self.parent: dict[str, str] = {}

    def find(self, x: str) -> str:
        self.parent.setdefault(x, x)
        root = x
        while self.parent[root] != root:
            root = self.parent[root]
        while self.parent[x] != root:
            self.parent[x], x = root, self.parent[x]
        return root

    def union(self, a: str, b: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            if rb < ra:
                ra, rb = rb, ra
            self.parent[rb] = ra


def event_id_for(report_ids: Iterable[str]) -> str:
    return "ev-" + hashlib.sha1(min(report_ids).encode("utf-8")).hexdigest()[:16]


def link(new: list[dict], existing: list[dict], params: MergeParams) -> tuple[_UnionFind, dict[str, dict]]:
    """Union the new reports with compatible existing and earlier new reports.

    Existing reports keep their grouping: those sharing an ``event_id`` are united up
    front. Returns the union-find and each new report's merge reason."""
    uf = _UnionFind()
    by_event: dict[str, str] = {}
    for r in existing:
        uf.find(r["report_id"])
        ev = r.get("event_id")
        if ev:
            if ev in by_event:
                uf.union(by_event[ev], r["report_id"])
            else:
                by_event[ev] = r["report_id"]
    # per type: pool sorted by (start, report_id); span lengths bound the search
    pools: dict[str, list[tuple]] = {}
    maxspan: dict[str, int] = {}
    for r in existing:
        sp = span(r)
        if sp is None:
            continue
        pools.setdefault(r["type"], []).append((sp[0], r["report_id"], r, sp))
        maxspan[r["type"]] = max(maxspan.get(r["type"], 0), (sp[1] - sp[0]).days)
    for pool in pools.values():
        pool.sort(key=lambda x: (x[0], x[1]))
    reasons: dict[str, dict] = {}
    window = _dt.timedelta(days=params.window_days)

    def order(r):
        sp = span(r)
        return (sp is None, sp[0] if sp else _dt.date.min, r["report_id"])

    for r in sorted(new, key=order):
        rid = r["report_id"]
        uf.find(rid)
        sp = span(r)
        if sp is None:
            reasons[rid] = {"seed": True, "note": "no date: never merged"}
            continue
        pool = pools.setdefault(r["type"], [])
        ms = max(maxspan.get(r["type"], 0), (sp[1] - sp[0]).days)
        lo = bisect.bisect_left(pool, (sp[0] - window - _dt.timedelta(days=ms),))
        hi = bisect.bisect_right(pool, (sp[1] + window, "\uffff"))
        first = None
        find = uf.find
        for _, oid, other, _osp in pool[lo:hi]:
            if find(oid) == find(rid):
                continue  # already in this report's event: one link per event suffices
            why = compatible(r, other, params)
            if why is None:
                continue
            if first is None:
                first = why
            uf.union(rid, oid)
        reasons[rid] = first or {"seed": True}
        bisect.insort(pool, (sp[0], rid, r, sp), key=lambda x: (x[0], x[1]))
        maxspan[r["type"]] = ms
    return uf, reasons


def _most_common(values: Iterable) -> Optional[object]:
    c = Counter(v for v in values if v not in (None, ""))
    if not c:
        return None
    best = max(c.values())
    return min(v for v, n in c.items() if n == best)  # deterministic tie-break


def source_key(r: dict) -> str:
    outlet = normalize_for_matching(r.get("outlet") or "")
    return outlet if outlet else "article:" + str(r.get("article_id"))


def event_row(members: list[dict], params: MergeParams, run_id: Optional[str]) -> dict:
    """The merged event of a group of (non-duplicate) reports."""
    members = sorted(members, key=lambda r: r["report_id"])
    spans = [s for s in (span(r) for r in members) if s]
    geo = [r for r in members if r.get("lat") is not None and r.get("lon") is not None]
    best_geo = min(geo, key=lambda r: (-(r.get("geo_precision") or 0), r["report_id"])) if geo else None
    placed = best_geo or next((r for r in members if r.get("country") or r.get("place")), None)
    best = min(members, key=lambda r: (-(r.get("confidence") or 0.0), r["report_id"]))
    fat = [r["fatalities"] for r in members if r.get("fatalities") is not None]
    outlets: dict[str, str] = {}
    for r in members:
        outlets.setdefault(source_key(r), r.get("outlet") or "")
    pubs = [to_date(r.get("published_date")) for r in members if r.get("published_date")]
    certs = [r.get("certainty") for r in members if r.get("certainty")]
    precisions = [r.get("date_precision") for r in members if r.get("date_precision")]
    return {
        "event_id": event_id_for(r["report_id"] for r in members),
        "type": members[0].get("type"),
        "mode": _most_common(r.get("mode") for r in members),
        "date": min(s[0] for s in spans) if spans else None,
        "date_end": max(s[1] for s in spans) if spans else None,
        "date_precision": "day" if "day" in precisions else _most_common(precisions),
        "actor": _most_common(r.get("actor") for r in members),
        "actor_id": _most_common(r.get("actor_id") for r in members),
        "actor_code": _most_common(r.get("actor_code") for r in members),
        "actor_kind": _most_common(r.get("actor_kind") for r in members),
        "target": _most_common(r.get("target") for r in members),
        "target_id": _most_common(r.get("target_id") for r in members),
        "target_code": _most_common(r.get("target_code") for r in members),
        "target_kind": _most_common(r.get("target_kind") for r in members),
        "location": (placed.get("place_name") or placed.get("place")) if placed else None,
        "country": (placed.get("country") if placed else None) or _most_common(r.get("country") for r in members),
        "admin1": placed.get("admin1") if placed else None,
        "lat": best_geo.get("lat") if best_geo else None,
        "lon": best_geo.get("lon") if best_geo else None,
        "geo_precision": placed.get("geo_precision") if placed else None,
        "certainty": min(certs, key=lambda c: CERTAINTY_RANK.get(c, 9)) if certs else None,
        "negated": bool(members[0].get("negated")),
        "fatalities": max(fat) if fat else None,
        "cameo": _most_common(r.get("cameo") for r in members),
        "acled_event_type": _most_common(r.get("acled_event_type") for r in members),
        "acled_sub_event_type": _most_common(r.get("acled_sub_event_type") for r in members),
        "sentence": best.get("sentence"),
        "n_reports": len(members),
        "n_articles": len({r["article_id"] for r in members}),
        "n_sources": len(outlets),
        "sources": json.dumps(sorted(v or k for k, v in outlets.items()), ensure_ascii=False),
        "report_ids": json.dumps([r["report_id"] for r in members]),
        "article_ids": json.dumps(sorted({r["article_id"] for r in members})),
        "first_published": min(pubs) if pubs else None,
        "last_published": max(pubs) if pubs else None,
        "confidence": max((r.get("confidence") or 0.0) for r in members) if members else None,
        "merge_params": params.to_json(),
        "run_id": run_id,
    }


# -- against a store ---------------------------------------------------------------


def _select_reports(store, where: str, params: list) -> list[dict]:
    return store.query(f"SELECT {', '.join(MERGE_COLUMNS)} FROM event_reports WHERE {where}", params)


def merge_reports(store, new: list[dict], params: MergeParams = MergeParams(), run_id: Optional[str] = None) -> int:
    """Merge newly stored reports into the store's events (incrementally). Returns events touched.

    ``new`` are event_reports rows already inserted (with event_id NULL); reports of
    near-duplicate articles are ignored."""
    new = [r for r in new if not r.get("is_duplicate")]
    if not new:
        return 0
    new_ids = {r["report_id"] for r in new}
    spans = [s for s in (span(r) for r in new) if s]
    existing: list[dict] = []
    types = sorted({r["type"] for r in new if r.get("type")})
    if spans and types:
        lo = min(s[0] for s in spans) - _dt.timedelta(days=params.window_days)
        hi = max(s[1] for s in spans) + _dt.timedelta(days=params.window_days)
        marks = ", ".join("?" for _ in types)
        existing = _select_reports(
            store,
            f"is_duplicate = FALSE AND event_id IS NOT NULL AND type IN ({marks}) "
            "AND COALESCE(date, published_date) <= ? AND COALESCE(date_end, date, published_date) >= ?",
            types + [hi, lo])
        existing = [r for r in existing if r["report_id"] not in new_ids]
    uf, reasons = link(new, existing, params)
    # the groups that hold a new report, and every old event they absorb
    groups: dict[str, list[dict]] = {}
    for r in new:
        groups.setdefault(uf.find(r["report_id"]), []).append(r)
    touched_roots = set(groups)
    old_events: set[str] = set()
    root_of_old_event: dict[str, str] = {}
    for r in existing:
        root = uf.find(r["report_id"])
        if root in touched_roots and r.get("event_id"):
            old_events.add(r["event_id"])
            root_of_old_event[r["event_id"]] = root
    if old_events:
        ev_list = sorted(old_events)
        for i in range(0, len(ev_list), 500):
            part = ev_list[i:i + 500]
            marks = ", ".join("?" for _ in part)
            for r in _select_reports(store, f"event_id IN ({marks})", part):
                groups[root_of_old_event[r["event_id"]]].append(r)
    events, updates = [], []
    for members in groups.values():
        ev = event_row(members, params, run_id)
        events.append(ev)
        for r in members:
            reason = reasons.get(r["report_id"])
            if reason is None and r.get("event_id") == ev["event_id"]:
                continue  # an earlier member whose event kept its id: nothing to write
            updates.append({"report_id": r["report_id"], "event_id": ev["event_id"],
                            "merge_reason": json.dumps(reason, ensure_ascii=False, default=str)
                            if reason is not None else r.get("merge_reason")})
    with store.transaction():
        gone = old_events - {ev["event_id"] for ev in events}
        if gone:
            store.delete_where_in("events", "event_id", gone)
        store.insert("events", events, on_conflict="update")
        store.update("event_reports", ["report_id"], updates, ["event_id", "merge_reason"])
    return len(events)


def recompute_events(store, params: MergeParams = MergeParams(), run_id: Optional[str] = None,
                     batch_days: Optional[int] = None) -> int:
    """Forget all merging and regroup every stored report with ``params``. Returns the event count."""
    with store.transaction():
        store.execute("DELETE FROM events")
        store.execute("UPDATE event_reports SET event_id = NULL, merge_reason = NULL")
        reports = _select_reports(store, "is_duplicate = FALSE", [])
        merge_reports(store, reports, params, run_id)
    return store.count("events")
