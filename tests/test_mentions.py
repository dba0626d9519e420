"""The mentions stage on sentences written for these tests."""
from __future__ import annotations

import pytest

from marsad.doc import Document
from marsad.pipeline import Pipeline


@pytest.fixture(scope="module")
def nlp():
    return Pipeline.from_names(["clean", "segment", "mentions"])


def run(nlp, text):
    return nlp(Document(id="t", text=text))


def find(doc, text, type_=None):
    return [m for m in doc.mentions if m.text == text and (type_ is None or m.type == type_)]


def one(doc, text, type_=None):
    ms = find(doc, text, type_)
    assert ms, (text, [(m.type, m.text) for m in doc.mentions])
    return ms[0]


def test_aliases_match_after_proclitics_and_leave_the_clitic_out(nlp):
    doc = run(nlp, "انسحب مقاتلون من داعش أمام تقدم لقوات سوريا الديمقراطية وداعش يخسر، بحسب بالمرصد السوري.")
    sdf = one(doc, "قوات سوريا الديمقراطية", "ORG")
    assert sdf.actor_id == "sdf" and sdf.actor_code == "SYRREBSDF" and sdf.country == "SY"
    assert doc.text[sdf.start - 1] == "ل"
    assert len(find(doc, "داعش", "ORG")) == 2
    assert one(doc, "المرصد السوري", "ORG").actor_id == "sohr"


def test_word_boundaries_hold(nlp):
    # "قنابل" holds the weak alias "قنا"; "حماسة" holds "حماس"
    doc = run(nlp, "ألقت الطائرات قنابل على الحي، وتحدث الأهالي بحماسة عن العودة.")
    assert not [m for m in doc.mentions if m.type == "ORG"]


def test_longest_match_claims_organizations_that_contain_a_place(nlp):
    doc = run(nlp, "قال الجيش العراقي إن ولاية سيناء ليست في العراق، وأعلنت الحكومة السورية موقفها.")
    assert one(doc, "الجيش العراقي", "ORG").actor_id == "IQ.military"
    assert one(doc, "ولاية سيناء", "ORG").actor_id == "wilayat_sinai"
    assert one(doc, "الحكومة السورية", "ORG").actor_code == "SYRGOV"
    # nothing claims "العراق" or "سيناء" inside those names
    assert doc.claimed(doc.text.index("سيناء"), doc.text.index("سيناء") + 5).text == "ولاية سيناء"


def test_generic_head_joins_the_span(nlp):
    doc = run(nlp, "تبنى تنظيم داعش الهجوم، ونقلت مجلة نيوزويك الخبر.")
    assert one(doc, "تنظيم داعش", "ORG").actor_id == "islamic_state"
    assert one(doc, "مجلة نيوزويك", "ORG").actor_id == "newsweek"


def test_outlets_with_a_number_a_quoted_name_or_after_la(nlp):
    doc = run(nlp, 'وذكر موقع حلب 24 أن صحيفة "الصباح الجديد" نشرت الخبر، وقال مسؤول محلي لـ"الشروق" إن الوضع هادئ.')
    site = one(doc, "موقع حلب 24", "ORG")
    assert site.kind == "media"
    assert one(doc, "الصباح الجديد", "ORG").kind == "media"
    assert one(doc, "الشروق", "ORG").kind == "media"
    # the place inside the outlet's name is claimed by the outlet
    assert doc.claimed(doc.text.index("حلب"), doc.text.index("حلب") + 3) is site


def test_quoted_known_actor_resolves(nlp):
    doc = run(nlp, 'ونقلت وكالة "رويترز" عن مصادر أن حزب "أرمينيا المزدهرة" انسحب.')
    assert one(doc, "رويترز", "ORG").actor_id == "reuters"
    party = one(doc, "أرمينيا المزدهرة", "ORG")
    assert party.attributes["head"] == "حزب"


def test_weak_aliases_need_a_strong_mention(nlp):
    youth = run(nlp, "شارك الشباب في مهرجان ثقافي بالعاصمة.")
    assert not find(youth, "الشباب", "ORG")
    group = run(nlp, "هاجمت حركة الشباب قاعدة عسكرية، وقال متحدث إن الشباب يسيطرون على القرية.")
    assert one(group, "حركة الشباب", "ORG").actor_id == "al_shabaab"
    assert one(group, "الشباب", "ORG").actor_id == "al_shabaab"


def test_blockers_claim_nothing(nlp):
    doc = run(nlp, "هبطت الطائرة في القاعدة الجوية قرب المدينة.")
    assert not [m for m in doc.mentions if m.type == "ORG"]


def test_people_from_titles_given_names_and_dictionary(nlp):
    doc = run(nlp, "وقال وزير الخارجية البريطاني ديفيد كاميرون إن الرئيس الروسي فلاديمير بوتين "
                   "التقى العميد خالد الزعبي.")
    cam = one(doc, "ديفيد كاميرون", "PERSON")
    assert cam.attributes["role"].startswith("وزير الخارجية") and cam.attributes["country"] == "GB"
    putin = one(doc, "فلاديمير بوتين", "PERSON")
    assert putin.actor_id == "p.putin" and putin.wikidata == "Q7747"
    assert one(doc, "خالد الزعبي", "PERSON").attributes["role"] == "العميد"


def test_apposition_gives_role_and_organization(nlp):
    doc = run(nlp, "وأكد مايكل كوريلا القائد الأعلى للقيادة المركزية الأمريكية أن العمليات مستمرة.")
    p = one(doc, "مايكل كوريلا", "PERSON")
    assert p.attributes["org_id"] == "us.centcom"
    assert p.attributes["role"].startswith("القائد الأعلى")


def test_surnames_kunyas_and_function_words(nlp):
    doc = run(nlp, "التقى ستيفن هادلي بأبي محمد الحلبي على هامش المؤتمر، ثم غادر هادلي إلى عمان.")
    assert one(doc, "ستيفن هادلي", "PERSON")
    assert one(doc, "أبي محمد الحلبي", "PERSON")
    sur = one(doc, "هادلي", "PERSON")
    assert sur.rule == "surname"
    # "على" folds onto the name "علي" but is a preposition
    assert not [m for m in doc.mentions if m.type == "PERSON" and m.text.startswith("على")]


def test_pattern_names_stop_at_verbs_and_nouns(nlp):
    doc = run(nlp, "وقال الرئيس إن الحكومة ستواصل العمل، وأضاف أحمد السعدي أن الوضع مستقر.")
    people = [m.text for m in doc.mentions if m.type == "PERSON"]
    assert people == ["أحمد السعدي"]


def test_unnamed_role_actors(nlp):
    doc = run(nlp, "قال مسؤولون أمريكيون إن مسلحين مجهولين هاجموا الحاجز، وأكد مصدر أمني أن مقاتلي داعش انسحبوا.")
    us = one(doc, "مسؤولون أمريكيون", "ROLE")
    assert not us.named and us.country == "US" and us.actor_code == "USAGOV"
    assert one(doc, "مسلحين مجهولين", "ROLE").sector == "UAF"
    assert one(doc, "مصدر أمني", "ROLE")
    fighters = one(doc, "مقاتلي", "ROLE")
    assert fighters.attributes["org_id"] == "islamic_state" and fighters.actor_code == "IMGMOSISI"


def test_described_institutions_and_nationalities(nlp):
    doc = run(nlp, "وأعلنت السلطات المصرية أن المواطن السوري غادر البلاد.")
    auth = one(doc, "السلطات المصرية", "ROLE")
    assert auth.actor_code == "EGYGOV" and not auth.named
    norp = one(doc, "السوري", "NORP")
    assert norp.country == "SY"


def test_mentions_are_ordered_spans_of_the_text(nlp):
    text = "قال المتحدث باسم حركة حماس إن الحركة ترفض، وفق ما نقلته وكالة الأناضول."
    doc = run(nlp, text)
    for m in doc.mentions:
        assert text[m.start:m.end] == m.text
    ids = [m.id for m in doc.mentions]
    assert len(ids) == len(set(ids))


def test_organizations_named_by_a_head_and_definite_words(nlp):
    doc = run(nlp, "فاز حزب الفجر الديمقراطي بالانتخابات، وانتقدت كتلة الإصلاح الوطني النتائج، "
                   "بينما تجمع آلاف المحتجين أمام البرلمان.")
    assert one(doc, "حزب الفجر الديمقراطي", "ORG").kind == "party"
    assert one(doc, "كتلة الإصلاح الوطني", "ORG")
    assert not [m for m in doc.mentions if m.type == "ORG" and "آلاف" in m.text]


def test_quoted_organization_without_a_head_and_agency_names(nlp):
    doc = run(nlp, 'وأعلن "مجلس الحكماء" رفضه للاتفاق، بحسب وكالة قرطاج الرسمية للأنباء.')
    assert one(doc, "مجلس الحكماء", "ORG").rule == "quoted-org"
    agency = one(doc, "وكالة قرطاج الرسمية للأنباء", "ORG")
    assert agency.kind == "media"


def test_a_name_word_spelled_like_a_title(nlp):
    doc = run(nlp, "وقتل العقيد ناجي قائد العمري في المواجهات.")
    assert one(doc, "ناجي قائد العمري", "PERSON")
