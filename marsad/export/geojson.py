"""GeoJSON FeatureCollection of merged events (RFC 7946: [longitude, latitude], WGS 84).

One Point feature per event that has coordinates; the event's columns are its
properties (dates as ISO strings, JSON columns decoded). Events without coordinates
are left out (``include_unlocated=True`` keeps them with a null geometry, which the
RFC allows and QGIS reads as attribute-only rows)."""
from __future__ import annotations

import datetime as _dt
import json
from typing import IO, Iterable, Optional, Union

JSON_COLUMNS = ("sources", "report_ids", "article_ids", "merge_params")


def _prop(k, v):
    if isinstance(v, (_dt.date, _dt.datetime)):
        return v.isoformat()
    if k in JSON_COLUMNS and isinstance(v, str):
        try:
            return json.loads(v)
        except ValueError:
            return v
    return v


def feature(ev: dict) -> dict:
    lat, lon = ev.get("lat"), ev.get("lon")
    geom = {"type": "Point", "coordinates": [float(lon), float(lat)]} if lat is not None and lon is not None else None
    return {"type": "Feature", "id": ev.get("event_id"), "geometry": geom,
            "properties": {k: _prop(k, v) for k, v in ev.items()}}


def feature_collection(events: Iterable[dict], *, include_unlocated: bool = False) -> dict:
    feats = [feature(e) for e in events]
    if not include_unlocated:
        feats = [f for f in feats if f["geometry"] is not None]
    return {"type": "FeatureCollection", "features": feats}


def write_geojson(events: Iterable[dict], out: Union[str, IO[str], None] = None, *,
                  include_unlocated: bool = False) -> Optional[str]:
    fc = feature_collection(events, include_unlocated=include_unlocated)
    text = json.dumps(fc, ensure_ascii=False, default=str)
    if out is None:
        return text
    if isinstance(out, str) or hasattr(out, "__fspath__"):
        with open(out, "w", encoding="utf-8") as f:
            f.write(text)
    else:
        out.write(text)
    return None
