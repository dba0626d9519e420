"""GeoJSON for maps: an article's places (and, where they have one, its events' places).

``places_feature_collection(records)`` takes output records (dicts from
:func:`marsad.serialize.to_record`, or anything with a ``places`` list of place
records) and returns one FeatureCollection: a Point feature per place that has
coordinates, with the article id and the place's fields as properties. Places with
null coordinates (a village the gazetteer lacks) are kept out of the geometry but
counted in the collection's ``properties.unlocated`` so that nothing disappears
silently. Events whose ``place_ref`` points at a located place become features too.
"""
from __future__ import annotations

from typing import Any, Iterable

PLACE_PROPS = ("text", "name", "country", "admin1", "geonameid", "feature_code", "kind", "precision",
               "confidence", "start", "end", "id", "rule")


def _point(lat: Any, lon: Any):
    if lat is None or lon is None:
        return None
    return {"type": "Point", "coordinates": [round(float(lon), 6), round(float(lat), 6)]}


def places_feature_collection(records: Iterable[dict], *, events: bool = True) -> dict:
    features = []
    unlocated = 0
    for rec in records:
        rid = rec.get("id")
        by_id = {}
        for p in rec.get("places") or []:
            geom = _point(p.get("lat"), p.get("lon"))
            by_id[p.get("id")] = p
            if geom is None:
                unlocated += 1
                continue
            props = {"article": rid, "feature": "place"}
            props.update({k: p.get(k) for k in PLACE_PROPS if k in p})
            features.append({"type": "Feature", "geometry": geom, "properties": props})
        if not events:
            continue
        for e in rec.get("events") or []:
            ref = (e.get("place_ref") or {}).get("ref") if isinstance(e.get("place_ref"), dict) else None
            p = by_id.get(ref)
            if p is None:
                continue
            geom = _point(p.get("lat"), p.get("lon"))
            if geom is None:
                continue
            features.append({"type": "Feature", "geometry": geom, "properties": {
                "article": rid, "feature": "event", "event_type": e.get("type"), "event_id": e.get("id"),
                "place": e.get("place"), "place_name": p.get("name"), "date": e.get("date"),
                "actor": e.get("actor"), "target": e.get("target"), "sentence": e.get("sentence")}})
    return {"type": "FeatureCollection", "features": features, "properties": {"unlocated": unlocated}}


class GeoJSONWriter:
    """A writer with the interface of :mod:`marsad.io.writers` (``write(rec)``, ``close()``):
    collects the records' places and writes one FeatureCollection at the end."""

    def __init__(self, out):
        self.out = out
        self.records: list = []

    def write(self, rec: dict) -> None:
        # keep only what the collection needs, so memory stays small on long runs
        self.records.append({"id": rec.get("id"), "places": rec.get("places") or [],
                             "events": [{k: e.get(k) for k in ("type", "id", "place", "place_ref", "date", "actor",
                                                                "target", "sentence")}
                                        for e in rec.get("events") or []]})

    def close(self) -> None:
        import json

        json.dump(places_feature_collection(self.records), self.out, ensure_ascii=False)
        self.out.write("\n")
