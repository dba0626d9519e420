"""ACLED-compatible CSV: marsad's merged events in ACLED's column layout.

The columns and their order are ACLED's (:data:`ACLED_COLUMNS`), so a file written
here loads wherever an ACLED export does. Codes follow ACLED's codebook:
``inter1``/``inter2`` are the classic numeric actor types (1 state forces, 2 rebel
groups, 3 political militias, 4 identity militias, 5 rioters, 6 protesters,
7 civilians, 8 external/other forces; 0 when there is no second actor),
``interaction`` the two codes combined (lower first: 12, 17; a sole actor: 10, 60),
``time_precision`` 1 day / 2 week / 3 month or longer, ``geo_precision`` 1 town /
2 part of a region / 3 province or country. ``event_type`` and ``sub_event_type``
come from the extractor's ACLED codes; when it gave none they are derived from the
PLOVER type where the mapping is unambiguous (PROTEST, COERCE arrests, the
non-violent types as Strategic developments) and left empty otherwise.
"""
from __future__ import annotations

import csv
import datetime as _dt
import io
from typing import IO, Iterable, Optional, Union

ACLED_COLUMNS = [
    "event_date", "year", "time_precision", "event_type", "sub_event_type", "actor1", "assoc_actor_1",
    "inter1", "actor2", "assoc_actor_2", "inter2", "interaction", "country", "admin1", "admin2",
    "location", "latitude", "longitude", "geo_precision", "source", "source_scale", "notes", "fatalities",
]

# marsad actor kind -> ACLED inter code
INTER = {
    "state": 1, "military": 1, "police": 1, "security": 1, "government": 1,
    "armed_group": 2, "rebel": 2, "insurgent": 2, "terrorist": 2,
    "militia": 3, "party": 3, "political_militia": 3,
    "tribe": 4, "identity_militia": 4, "ethnic_militia": 4,
    "rioters": 5, "protesters": 6, "protester": 6,
    "civilians": 7, "civilian": 7, "person": 7, "media": 7, "ngo": 7,
    "igo": 8, "foreign": 8, "external": 8, "peacekeepers": 8,
}

# PLOVER type -> (ACLED event type, sub event type), only where the mapping is unambiguous
FROM_PLOVER = {
    "PROTEST": ("Protests", "Peaceful protest"),
    "AGREE": ("Strategic developments", "Agreement"),
    "MOBILIZE": ("Strategic developments", "Headquarters or base established"),
    "RETREAT": ("Strategic developments", "Non-violent transfer of territory"),
    "COERCE": ("Strategic developments", "Arrests"),
    "CONSULT": ("Strategic developments", "Other"),
    "SUPPORT": ("Strategic developments", "Other"),
    "CONCEDE": ("Strategic developments", "Other"),
    "COOPERATE": ("Strategic developments", "Other"),
    "AID": ("Strategic developments", "Other"),
    "REQUEST": ("Strategic developments", "Other"),
    "ACCUSE": ("Strategic developments", "Other"),
    "REJECT": ("Strategic developments", "Other"),
    "THREATEN": ("Strategic developments", "Other"),
    "SANCTION": ("Strategic developments", "Other"),
}


def inter_code(kind: Optional[str]) -> Optional[int]:
    if not kind:
        return None
    return INTER.get(str(kind).lower())


def time_precision(ev: dict) -> int:
    p = (ev.get("date_precision") or "").lower()
    d, e = ev.get("date"), ev.get("date_end")
    if p == "day" or (not p and d and (e is None or e == d)):
        return 1
    if p == "week" or (d and e and isinstance(d, _dt.date) and (e - d).days <= 7):
        return 2
    return 3


def geo_precision(plover_precision: Optional[int]) -> Optional[int]:
    if plover_precision is None:
        return None
    if plover_precision >= 4:
        return 1
    if plover_precision == 3:
        return 2
    return 3


# ACLED's spelling where ISO's name differs
ACLED_COUNTRY_NAMES = {
    "PS": "Palestine", "SY": "Syria", "IR": "Iran", "RU": "Russia", "KR": "South Korea", "KP": "North Korea",
    "TR": "Turkey", "CD": "Democratic Republic of Congo", "CG": "Republic of Congo", "TZ": "Tanzania",
    "BO": "Bolivia", "VE": "Venezuela", "LA": "Laos", "MD": "Moldova", "VN": "Vietnam", "CI": "Ivory Coast",
}


def country_name(code: Optional[str]) -> str:
    if not code:
        return ""
    if str(code).upper() in ACLED_COUNTRY_NAMES:
        return ACLED_COUNTRY_NAMES[str(code).upper()]
    try:
        import pycountry

        c = pycountry.countries.get(alpha_2=str(code).upper())
        if c is not None:
            return getattr(c, "common_name", None) or c.name
    except Exception:  # pragma: no cover - pycountry missing or odd code
        pass
    return str(code)


def _sources(ev: dict) -> str:
    import json

    raw = ev.get("sources")
    try:
        items = json.loads(raw) if isinstance(raw, str) else list(raw or [])
    except ValueError:
        items = [raw]
    return "; ".join(str(s) for s in items if s)


def acled_row(ev: dict) -> dict:
    d = ev.get("date")
    etype, sub = ev.get("acled_event_type"), ev.get("acled_sub_event_type")
    if not etype and ev.get("type") in FROM_PLOVER:
        etype, sub = FROM_PLOVER[ev["type"]]
    i1 = inter_code(ev.get("actor_kind"))
    i2 = inter_code(ev.get("target_kind")) if ev.get("target") else None
    a, b = i1 or 0, i2 or 0
    if a and b:
        interaction = int(f"{min(a, b)}{max(a, b)}")
    elif a or b:
        interaction = (a or b) * 10
    else:
        interaction = None
    lat, lon = ev.get("lat"), ev.get("lon")
    return {
        "event_date": d.isoformat() if isinstance(d, _dt.date) else (d or ""),
        "year": d.year if isinstance(d, _dt.date) else (str(d)[:4] if d else ""),
        "time_precision": time_precision(ev),
        "event_type": etype or "",
        "sub_event_type": sub or "",
        "actor1": ev.get("actor") or "",
        "assoc_actor_1": "",
        "inter1": i1 if i1 is not None else "",
        "actor2": ev.get("target") or "",
        "assoc_actor_2": "",
        "inter2": i2 if i2 is not None else "",
        "interaction": interaction if interaction is not None else "",
        "country": country_name(ev.get("country")),
        "admin1": ev.get("admin1") or "",
        "admin2": "",
        "location": ev.get("location") or "",
        "latitude": round(lat, 4) if lat is not None else "",
        "longitude": round(lon, 4) if lon is not None else "",
        "geo_precision": geo_precision(ev.get("geo_precision")) or "",
        "source": _sources(ev),
        "source_scale": "",
        "notes": (ev.get("sentence") or "").replace("\r", " ").replace("\n", " "),
        "fatalities": int(ev.get("fatalities") or 0),
    }


def write_acled_csv(events: Iterable[dict], out: Union[str, IO[str], None] = None) -> Optional[str]:
    """Write events as ACLED CSV to a path or text stream; return the text when ``out`` is None."""
    own = isinstance(out, str) or hasattr(out, "__fspath__")
    f = open(out, "w", encoding="utf-8", newline="") if own else (out or io.StringIO())
    try:
        w = csv.DictWriter(f, fieldnames=ACLED_COLUMNS)
        w.writeheader()
        for ev in events:
            w.writerow(acled_row(ev))
        if out is None:
            return f.getvalue()
    finally:
        if own:
            f.close()
    return None
