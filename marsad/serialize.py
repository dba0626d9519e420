"""Documents to plain records: the evaluation contract's fields plus richer ones.

``to_record(doc)`` gives one JSON-ready dict per article with the contract's keys
(id, published, entities, places, events) and marsad's additions (offsets, ids,
evidence, sentences, dates). Columns are documented in docs/OUTPUT.md.
"""
from __future__ import annotations

from typing import Any

from .doc import Document, Event, Mention, Place, to_plain
from .extract.actors import entity_mentions

# Mention types reported as entities. NORP (nationalities, "السوري") and ROLE
# (unnamed actors such as "مسؤولون أمريكيون") are kept in ``mentions`` only.
ENTITY_TYPES = {"PERSON", "ORG", "GPE", "LOC", "FAC"}


def entity_record(m: Mention) -> dict:
    # After ل + ال written "لل" (للأسد) the span starts after both lams; the name is
    # reported in its definite form as a reader would write it (الأسد).
    return {
        "text": (m.attributes or {}).get("definite_form") or m.text, "type": m.type, "canonical": m.canonical,
        "start": m.start, "end": m.end, "id": m.id, "actor_id": m.actor_id,
        "actor_code": m.actor_code, "sector": m.sector, "kind": m.kind, "country": m.country,
        "wikidata": m.wikidata, "chain": m.chain, "place_id": m.place_id, "rule": m.rule,
        "confidence": round(m.confidence, 3),
    }


def _aliases(doc: Document, rep: Mention) -> list:
    if not rep.chain:
        return [rep.text]
    seen: dict = {}
    for m in doc.mentions:
        if m.chain == rep.chain and m.named:
            seen.setdefault((m.attributes or {}).get("definite_form") or m.text, None)
    return list(seen) or [rep.text]


def place_record(p: Place) -> dict:
    return {
        "text": p.text, "name": p.name, "country": p.country, "admin1": p.admin1,
        "lat": p.lat, "lon": p.lon, "geonameid": p.geonameid, "feature_code": p.feature_code,
        "kind": p.kind, "precision": p.precision, "confidence": round(p.confidence, 3),
        "start": p.start, "end": p.end, "id": p.id, "rule": p.rule,
    }


def _arg_text(a) -> Any:
    return a.text if a is not None else None


def event_record(e: Event) -> dict:
    return {
        "type": e.type, "sentence": e.sentence,
        "actor": _arg_text(e.actor), "target": _arg_text(e.target), "place": _arg_text(e.place),
        "date": e.date, "source": _arg_text(e.source),
        "certainty": e.certainty, "negated": e.negated,
        # additions
        "id": e.id, "mode": e.mode, "date_end": e.date_end, "date_precision": e.date_precision,
        "historical": e.historical,
        "trigger": to_plain(e.trigger), "actor_ref": to_plain(e.actor), "target_ref": to_plain(e.target),
        "place_ref": to_plain(e.place), "source_ref": to_plain(e.source),
        "quantities": to_plain(e.quantities), "cameo": e.cameo,
        "acled_event_type": e.acled_event_type, "acled_sub_event_type": e.acled_sub_event_type,
        "evidence": to_plain(e.evidence), "rule": e.rule, "confidence": round(e.confidence, 3),
    }


def to_record(doc: Document, *, full: bool = True) -> dict:
    rec: dict[str, Any] = {
        "id": doc.id,
        "published": doc.published,
        # the set of distinct entities: one record a coreference chain (or place, or
        # name), with every surface form the article used for it in "aliases"
        "entities": [entity_record(m) | {"aliases": _aliases(doc, m)}
                     for m in entity_mentions(doc, tuple(ENTITY_TYPES))],
        "places": [place_record(p) for p in doc.places],
        "events": [event_record(e) for e in doc.events],
    }
    if full:
        rec.update({
            "title": doc.title, "url": doc.url, "outlet": doc.outlet,
            "published_source": doc.published_source, "language": doc.language,
            "sentences": [to_plain(s) for s in doc.sentences],
            "dates": [to_plain(d) for d in doc.dates],
            "mentions": [entity_record(m) | {"named": m.named} for m in doc.mentions],
            "warnings": list(doc.warnings),
        })
    return rec
