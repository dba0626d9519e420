"""Attribution: sources named by apposition, quoted agencies, continuations.

Sentences are written for these tests; the full default pipeline runs.
"""
from __future__ import annotations

from marsad.pipeline import extract


def first(text, typ):
    es = [e for e in extract(text, published="2024-03-12").events if e.type == typ]
    assert es, f"no {typ} in {text}"
    return es[0]


def test_unknown_name_set_off_by_its_role_speaks():
    e = first("وقال سالم العبيدي (المتحدث باسم الدفاع المدني) إن اشتباكات اندلعت قرب الميناء.", "ASSAULT")
    assert e.source is not None and e.source.text == "سالم العبيدي"
    e = first("وقال سالم العبيدي، الناطق باسم الدفاع المدني، إن اشتباكات اندلعت قرب الميناء.", "ASSAULT")
    assert e.source is not None and e.source.text == "سالم العبيدي"


def test_a_statement_place_between_commas_is_not_a_name():
    e = first("وقال الجيش، في بيان، إن اشتباكات اندلعت قرب الميناء.", "ASSAULT")
    assert e.source is not None and e.source.text == "الجيش"


def test_quoted_agency_is_the_source_and_not_the_actor():
    e = first("وأعلنت وكالة «رويترز» أن مسلحين هاجموا حاجزا للجيش جنوب المدينة.", "ASSAULT")
    assert e.source is not None and "رويترز" in e.source.text
    assert e.actor is None or "رويترز" not in e.actor.text


def test_continuation_verb_carries_the_speaker():
    text = ("قال الناطق باسم الجيش أحمد المسماري إن الطيران قصف مواقع للمسلحين. "
            "وأضاف أن القوات اعتقلت عشرة أشخاص.")
    e = first(text, "COERCE")
    assert e.source is not None and "المسماري" in e.source.text
