"""Documents to plain records: the evaluation contract's fields plus richer ones.

``to_record(doc)`` gives one JSON-ready dict per article with the contract's keys
(id, published, entities, places, events) and marsad's additions (offsets, ids,
evidence, sentences, dates). Columns are documented in docs/OUTPUT.md.
"""
from __future__ import annotations

from dataclasses import fields, is_dataclass
from typing import Any

from .doc import Document, Event, Mention, Place, to_plain
from .extract.actors import entity_mentions

# Mention types reported as entities. NORP (nationalities, "السوري") and ROLE
# (unnamed actors such as "مسؤولون أمريكيون") are kept in ``mentions`` only.
ENTITY_TYPES = {"PERSON", "ORG", "GPE", "LOC", "FAC"}


_LEAF = frozenset((str, int, float, bool, type(None)))
_FIELD_NAMES: dict = {}


def _plain(obj: Any) -> Any:
    """``to_plain`` with the field names of each dataclass looked up once (the same
    result, several times faster on the flat Sentence/DateMention/Argument records)."""
    cls = type(obj)
    if cls in _LEAF:
        return obj
    names = _FIELD_NAMES.get(cls)
    if names is None:
        if not is_dataclass(obj) or isinstance(obj, type):
            if isinstance(obj, (list, tuple)):
                return [_plain(x) for x in obj]
            if isinstance(obj, dict):
                return {k: _plain(v) for k, v in obj.items()}
            return to_plain(obj)
        names = _FIELD_NAMES[cls] = tuple(f.name for f in fields(obj))
    out = {}
    for n in names:
        v = getattr(obj, n)
        out[n] = v if type(v) in _LEAF else _plain(v)
    return out


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


def _chain_aliases(doc: Document) -> dict:
    """Chain id -> the distinct surface forms of its named mentions, in text order."""
    by_chain: dict = {}
    for m in doc.mentions:
        if m.chain and m.named:
            by_chain.setdefault(m.chain, {}).setdefault((m.attributes or {}).get("definite_form") or m.text, None)
    return by_chain


def _aliases(doc: Document, rep: Mention, by_chain: dict | None = None) -> list:
    if not rep.chain:
        return [rep.text]
    seen = (by_chain if by_chain is not None else _chain_aliases(doc)).get(rep.chain)
    return list(seen) if seen else [rep.text]


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
        "trigger": _plain(e.trigger), "actor_ref": _plain(e.actor), "target_ref": _plain(e.target),
        "place_ref": _plain(e.place), "source_ref": _plain(e.source),
        "quantities": _plain(e.quantities), "cameo": e.cameo,
        "acled_event_type": e.acled_event_type, "acled_sub_event_type": e.acled_sub_event_type,
        "evidence": _plain(e.evidence), "rule": e.rule, "confidence": round(e.confidence, 3),
    }


def to_record(doc: Document, *, full: bool = True) -> dict:
    by_chain = _chain_aliases(doc)
    rec: dict[str, Any] = {
        "id": doc.id,
        "published": doc.published,
        # the set of distinct entities: one record a coreference chain (or place, or
        # name), with every surface form the article used for it in "aliases"
        "entities": [entity_record(m) | {"aliases": _aliases(doc, m, by_chain)}
                     for m in entity_mentions(doc, tuple(ENTITY_TYPES))],
        "places": [place_record(p) for p in doc.places],
        "events": [event_record(e) for e in doc.events],
    }
    if full:
        rec.update({
            "title": doc.title, "url": doc.url, "outlet": doc.outlet,
            "published_source": doc.published_source, "language": doc.language,
            "sentences": [_plain(s) for s in doc.sentences],
            "dates": [_plain(d) for d in doc.dates],
            "mentions": [entity_record(m) | {"named": m.named} for m in doc.mentions],
            "warnings": list(doc.warnings),
        })
    return rec
