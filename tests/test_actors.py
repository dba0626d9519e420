"""The actors stage: anaphors, chains, representatives, generic institutions, country codes."""
from __future__ import annotations


import pytest

from marsad.doc import Document, Mention, Place
from marsad.pipeline import Pipeline


@pytest.fixture(scope="module")
def nlp():
    return Pipeline.from_names(["clean", "segment", "mentions", "actors"])


def run(nlp, text):
    return nlp(Document(id="t", text=text))


def test_the_organization_resolves_to_the_group_named_with_that_head(nlp):
    text = ("أعلن تنظيم الدولة الإسلامية مسؤوليته عن التفجير. وقالت قوات سوريا الديمقراطية إنها "
            "تلاحق الخلايا. وكان التنظيم قد خسر آخر معاقله، ويحاول التنظيم العودة.")
    doc = run(nlp, text)
    anaphors = [m for m in doc.mentions if m.rule == "anaphor"]
    assert [m.text for m in anaphors] == ["التنظيم", "التنظيم"]
    for m in anaphors:
        assert m.actor_id == "islamic_state" and not m.named and m.type == "ORG"
        assert m.chain == "ch:islamic_state"


def test_the_movement_and_the_army(nlp):
    doc = run(nlp, "قالت حركة حماس إن الجيش الإسرائيلي قصف غزة. وأضافت الحركة أن الجيش استهدف منازل.")
    by_text = {m.text: m for m in doc.mentions if m.start > doc.text.index("وأضافت")}
    assert by_text["الحركة"].actor_id == "hamas"
    assert by_text["الجيش"].actor_id == "IL.military"


def test_an_anaphor_without_antecedent_is_left_alone(nlp):
    doc = run(nlp, "قالت الحركة إن الاجتماع انتهى.")
    assert not [m for m in doc.mentions if m.rule == "anaphor"]


def test_chains_and_one_representative_per_entity(nlp):
    doc = run(nlp, "قالت قوات سوريا الديمقراطية إن قسد سيطرت على البلدة. وأكدت قوات قسد ذلك. "
                   "وقال الباحث سامر الأحمد إن الأحمد يتوقع المزيد.")
    sdf = [m for m in doc.mentions if m.actor_id == "sdf"]
    assert len(sdf) == 3 and {m.chain for m in sdf} == {"ch:sdf"}
    reps = [m for m in sdf if m.attributes.get("representative")]
    assert len(reps) == 1 and "+head" not in reps[0].rule
    person = [m for m in doc.mentions if m.type == "PERSON"]
    assert {m.text for m in person} == {"سامر الأحمد", "الأحمد"}
    assert len({m.chain for m in person}) == 1


def test_short_names_join_the_full_name_chain(nlp):
    doc = run(nlp, "قال أبو محمد الشامي إن القتال مستمر، ونفى أبو محمد ذلك لاحقا.")
    people = [m for m in doc.mentions if m.type == "PERSON"]
    assert len(people) == 2 and len({m.chain for m in people}) == 1


def test_generic_ministry_takes_the_country_the_article_gives(nlp):
    doc = run(nlp, "أعلنت وزارة الداخلية العراقية اعتقال خلية. وقالت وزارة الداخلية إن التحقيق مستمر.")
    moi = [m for m in doc.mentions if m.text == "وزارة الداخلية"]
    assert moi and moi[0].actor_id == "IQ.moi" and moi[0].actor_code == "IRQGOV"
    assert moi[0].attributes["generic_actor"] == "gen.moi"


def test_countries_get_state_codes():
    from marsad.extract.actors import Actors

    text = "اتهمت سوريا تركيا بخرق الاتفاق."
    doc = Document(id="t", text=text)
    doc.places = [Place(id="P1", start=6, end=11, text="سوريا", name="Syria", country="SY", kind="country")]
    doc.mentions = [Mention(id="L1", start=6, end=11, text="سوريا", type="GPE", place_id="P1", country="SY",
                            kind="country")]
    Actors({})(doc)
    m = doc.mentions[0]
    assert m.actor_code == "SYR" and m.actor_id == "state.SY" and m.chain == "ch:state.SY"


def test_entity_mentions_lists_each_entity_once(nlp):
    from marsad.extract.actors import entity_mentions

    doc = run(nlp, "قالت قوات سوريا الديمقراطية إن قسد سيطرت على البلدة، وأكدت قوات قسد ذلك لوكالة رويترز. "
                   "ونقلت رويترز عن الباحث سامر الأحمد أن الأحمد يتوقع المزيد.")
    ents = entity_mentions(doc)
    by_actor = {}
    for m in ents:
        by_actor.setdefault(m.chain, []).append(m.text)
    assert by_actor["ch:sdf"] in (["قوات سوريا الديمقراطية"], ["قسد"])
    assert by_actor["ch:reuters"] == ["رويترز"]
    assert len([m for m in ents if m.type == "PERSON"]) == 1
    assert all(m.named for m in ents)


def test_user_actor_files_reach_both_stages(tmp_path):
    import yaml

    extra = tmp_path / "mine.yaml"
    extra.write_text(yaml.safe_dump({"actors": [
        {"id": "valley_brigade", "en": "Green Valley Brigade", "kind": "armed_group", "country": "SY",
         "code": "SYRREBGVB", "sector": "REB", "aliases": ["لواء الوادي الأخضر"]}]}, allow_unicode=True),
        encoding="utf-8")
    nlp = Pipeline.from_names(["clean", "segment", "mentions", "actors"],
                              {"mentions": {"extra_files": [str(extra)]}})
    doc = nlp(Document(id="t", text="هاجم لواء الوادي الأخضر حاجزا، وقال اللواء إن مقاتليه انسحبوا."))
    m = [x for x in doc.mentions if x.actor_id == "valley_brigade"]
    assert m and m[0].actor_code == "SYRREBGVB" and m[0].text == "لواء الوادي الأخضر"
    assert m[0].chain == "ch:valley_brigade"
