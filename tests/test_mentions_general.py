"""General rules of the mentions stage that keep it right on outlets it was not tuned on.

Every sentence here is written for these tests."""
from __future__ import annotations

import pytest

from marsad.doc import Document
from marsad.pipeline import Pipeline


@pytest.fixture(scope="module")
def nlp():
    return Pipeline.from_names(["clean", "segment", "mentions"])


@pytest.fixture(scope="module")
def nlp_places():
    return Pipeline.from_names(["clean", "segment", "mentions", "places"])


def run(nlp, text):
    return nlp(Document(id="t", text=text))


def texts(doc, type_):
    return [m.text for m in doc.mentions if m.type == type_]


# -- 1. ل + ال ("لل") stays out of the span -----------------------------------------------
def test_lil_proclitic_is_left_out_of_dictionary_spans(nlp):
    doc = run(nlp, "هتف المحتجون ضد بشار الأسد، ووجهوا انتقادات للأسد وللنظام السوري، "
                   "وأعلن ضباط انشقاقهم وانضمامهم للجيش الحر.")
    orgs = texts(doc, "ORG")
    assert "نظام السوري" in orgs and "جيش الحر" in orgs
    assert not any(t.startswith("ل") for t in orgs + texts(doc, "PERSON"))
    assad = [m for m in doc.mentions if m.text == "أسد"]
    assert assad and assad[0].actor_id == "p.assad"
    assert assad[0].attributes["definite_form"] == "الأسد"
    fsa = next(m for m in doc.mentions if m.text == "جيش الحر")
    assert fsa.attributes["definite_form"] == "الجيش الحر"
    assert doc.text[fsa.start - 2:fsa.start] == "لل"


def test_lil_proclitic_is_left_out_of_surnames_titles_and_roles(nlp):
    doc = run(nlp, "التقى معمر القذافي وفدا أفريقيا، وقال مقربون للقذافي إن الزيارة ناجحة، "
                   "ونقل الوفد رسالة للرئيس الفرنسي.")
    assert "قذافي" in texts(doc, "PERSON")
    assert not [m for m in doc.mentions if m.text.startswith("ل") and m.type != "NORP"]
    role = next(m for m in doc.mentions if m.type == "ROLE" and "رئيس" in m.text)
    assert role.text == "رئيس الفرنسي" and role.attributes["definite_form"] == "الرئيس الفرنسي"


def test_title_after_lil_gives_the_definite_role(nlp):
    doc = run(nlp, "بعث الوزير برسالة للرئيس الأمريكي دونالد ترامب.")
    trump = next(m for m in doc.mentions if m.type == "PERSON")
    assert trump.attributes["role"].startswith("الرئيس")


# -- 5. the gazetteer the stage consults -------------------------------------------------
def test_loaded_gazetteer_is_public_and_never_loads():
    from marsad.gazetteer.loaded import is_known_place, loaded_gazetteer

    gaz = loaded_gazetteer()
    assert gaz is None or hasattr(gaz, "lookup")
    assert is_known_place("") is False


def test_chain_representative_is_the_form_written_alone():
    from marsad.extract.actors import entity_mentions

    nlp = Pipeline.from_names(["clean", "segment", "mentions", "places", "actors"])
    doc = nlp(Document(id="t", text="قال متحدث باسم القوات الأمريكية إن الجيش الأمريكي أرسل تعزيزات، "
                                    "وإن القوات الأمريكية لن تنسحب، وأكد دعمه للقوات الأمريكية."))
    us = [m for m in entity_mentions(doc) if m.actor_id == "US.military"]
    assert [m.text for m in us] == ["القوات الأمريكية"]
