"""The places stage: toponym recognition, guards, disambiguation, unknown places, event location.

Every text here is written for the test (invented news sentences)."""
from __future__ import annotations

import pytest

from marsad.doc import Document, Mention
from marsad.extract.places import Places, event_location
from marsad.pipeline import Pipeline


@pytest.fixture(scope="module")
def nlp():
    return Pipeline.from_names(("clean", "segment", "places"))


@pytest.fixture(scope="module")
def nlp_mentions():
    return Pipeline.from_names(("clean", "segment", "dates", "mentions", "places"))


def run(nlp, text, claims=()):
    doc = Document(id="t", text=text)
    for st in nlp.stages:
        if st.name == "places":
            for i, (s, typ) in enumerate(claims):
                start = text.index(s)
                doc.mentions.append(Mention(id=f"M{i}", start=start, end=start + len(s), text=s, type=typ))
        doc = st(doc)
    return doc


def names(doc):
    return {p.text: p for p in doc.places}


def test_countries_with_clitics_and_spans(nlp):
    text = "زار الوزير سوريا ثم توجه إلى العراق، وقال إن للعراق ولسوريا مصلحة مشتركة مع تركيا والولايات المتحدة."
    doc = run(nlp, text)
    got = names(doc)
    assert {"سوريا", "العراق", "تركيا", "الولايات المتحدة"} <= set(got)
    assert got["سوريا"].country == "SY" and got["العراق"].country == "IQ"
    assert got["الولايات المتحدة"].country == "US" and got["تركيا"].kind == "country"
    # one Place per distinct place, one mention per occurrence, spans into the original text
    iraq_mentions = [m for m in doc.mentions if m.place_id == got["العراق"].id]
    assert len(iraq_mentions) == 2
    for m in doc.mentions:
        if m.place_id:
            assert m.type == "GPE" and m.named
            assert text[m.start:m.end] in (m.text, m.text[2:]) or m.text == "ال" + text[m.start + 1:m.end]
    sy = [m for m in doc.mentions if m.place_id == got["سوريا"].id]
    assert any(text[m.start:m.end] == "سوريا" and text[m.start - 1] == "ل" for m in sy)  # ولسوريا


def test_clitic_b_is_stripped_not_pre_expanded(nlp):
    doc = run(nlp, "قتل ثلاثة مدنيين في قصف جوي بإدلب شمال غرب سوريا.")
    got = names(doc)
    assert "إدلب" in got and got["إدلب"].country == "SY"
    assert abs(got["إدلب"].lat - 35.93) < 0.3
    assert all(p.country != "AZ" for p in doc.places)


def test_head_noun_unknown_village(nlp):
    text = "سيطرت القوات على قرية الزعفرانة الصغرى بعد معارك مع مسلحين في ريف حمص الشمالي في سوريا."
    doc = run(nlp, text)
    got = names(doc)
    assert "حمص" in got and got["حمص"].country == "SY"
    text2 = "دخلت شاحنات المساعدات إلى قرية كفرزنبوق في سوريا أمس."
    got2 = names(run(nlp, text2))
    assert "كفرزنبوق" in got2
    p = got2["كفرزنبوق"]
    assert p.lat is None and p.lon is None and p.country == "SY" and p.kind == "town"  # never invented


def test_head_noun_prefers_division(nlp):
    got = names(run(nlp, "أعلنت السلطات حظر التجول في محافظة الحديدة غربي اليمن."))
    assert got["الحديدة"].country == "YE"
    got = names(run(nlp, "وصل الوفد إلى مدينة الحديدة الساحلية في اليمن."))
    assert got["الحديدة"].kind == "town"


def test_outlet_and_organization_guards(nlp):
    text = ("وحسب موقع دير الزور 24 فإن قوات سوريا الديمقراطية تقدمت نحو البلدة، "
            "بينما قالت هيئة تحرير الشام إنها صدت الهجوم قرب إدلب في سوريا.")
    got = names(run(nlp, text))
    assert "دير الزور" not in got
    assert "الشام" not in got
    assert "إدلب" in got
    syria = [p for p in run(nlp, text).places if p.country == "SY" and p.kind == "country"]
    assert len(syria) == 1 and syria[0].start == text.index("سوريا.")  # not the one in the SDF's name


def test_claimed_spans_are_left_alone(nlp):
    text = "قال مسؤول في الجيش العراقي إن بغداد شهدت هدوءا."
    doc = run(nlp, text, claims=[("الجيش العراقي", "ORG"), ("بغداد", "PERSON")])
    assert not doc.places


def test_nisba_adjectives_are_context_not_places(nlp):
    text = "قال مصدر في الحكومة السورية إن الجيش السوري ومقاتلين سوريين انتشروا في منطقة سورية أخرى."
    doc = run(nlp, text)
    assert not doc.places


def test_saudi_country_vs_adjective(nlp):
    got = names(run(nlp, "قال التحالف الذي تقوده السعودية إن الحوثيين أطلقوا صاروخا."))
    assert "السعودية" in got and got["السعودية"].country == "SA"
    assert not run(nlp, "أعلنت الحكومة السعودية ميزانية جديدة.").places


def test_common_words_are_not_places(nlp):
    text = ("وأن التحالف أعلن يوماً بعد يوم أن دونالد ترامب سيزور البلاد، "
            "وقال عمر إن الأمر بات من طراز مختلف، بأنه لا يريد الحرب.")
    doc = run(nlp, text)
    assert not doc.places, [(p.text, p.name) for p in doc.places]


def test_disambiguation_by_country_context(nlp):
    got = names(run(nlp, "اشتبكت قوات حكومة الوفاق مع قوات حفتر جنوب طرابلس في ليبيا."))
    assert got["طرابلس"].country == "LY"
    got = names(run(nlp, "شهدت مدينة طرابلس في شمال لبنان احتجاجات واسعة."))
    assert got["طرابلس"].country == "LB"


def test_features_and_regions(nlp):
    text = "عبر المقاتلون نهر الفرات نحو قطاع غزة؟ لا، بل نحو الغوطة الشرقية قرب دمشق، وسفن في البحر الأحمر."
    got = names(run(nlp, text))
    assert got["نهر الفرات"].kind == "river"
    assert got["قطاع غزة"].country == "PS"
    assert got["الغوطة الشرقية"].country == "SY"
    assert got["البحر الأحمر"].kind == "sea"
    doc = run(nlp, text)
    types = {m.text: m.type for m in doc.mentions if m.place_id}
    assert types["نهر الفرات"] == "LOC" and types["دمشق"] == "GPE"


def test_precision_and_confidence(nlp):
    doc = run(nlp, "زار الرئيس مدينة حلب في سوريا ومحافظة الأنبار في العراق.")
    got = names(doc)
    assert got["سوريا"].precision == 1 and got["الأنبار"].precision == 2 and got["حلب"].precision == 4
    assert all(0 < p.confidence <= 1 for p in doc.places)


def test_facility_keeps_its_head(nlp):
    got = names(run(nlp, "قصفت الطائرات مخازن قرب ميناء الحديدة في اليمن."))
    assert "ميناء الحديدة" in got and got["ميناء الحديدة"].kind == "site"
    assert got["ميناء الحديدة"].lat is not None and got["ميناء الحديدة"].name.startswith("Port")


def test_with_mentions_stage_seed_like_article(nlp_mentions):
    text = ("يحاصر مقاتلو التنظيم في قرية باغوز شرقي سوريا قرب نهر الفرات عند الحدود العراقية. "
            "وقال المرصد السوري لحقوق الإنسان إن قوات سوريا الديمقراطية رفضت نقلهم إلى محافظة إدلب، "
            "وذكر موقع دير الزور 24 أن تركيا والولايات المتحدة تتابعان المفاوضات، فيما رفض العراق استقبالهم.")
    doc = run(nlp_mentions, text)
    got = names(doc)
    for name, cc in [("سوريا", "SY"), ("العراق", "IQ"), ("تركيا", "TR"), ("الولايات المتحدة", "US"),
                     ("إدلب", "SY")]:
        assert got[name].country == cc
    assert got["نهر الفرات"].kind == "river"
    assert "باغوز" in got and got["باغوز"].country == "SY" and got["باغوز"].kind == "town"
    assert "دير الزور" not in got
    sdf = text.index("قوات سوريا")
    assert not any(p.start >= sdf and p.end <= sdf + 25 for p in doc.places)


def test_event_location_prefers_governed_place_near_trigger(nlp):
    text = "قتل خمسة مدنيين في غارة على بلدة معرة النعمان بريف إدلب، بعد أن فروا من حلب إلى تركيا."
    doc = run(nlp, text)
    sent = doc.sentences[0]
    t = text.index("غارة")
    loc = event_location(doc, sent, t, t + len("غارة"))
    assert loc is not None and loc.text == "معرة النعمان"
    t2 = text.index("فروا")
    loc2 = event_location(doc, sent, t2, t2 + len("فروا"))
    assert loc2 is not None  # origin or destination when nothing better
    assert event_location(doc, None, 0, 1) is None


def test_event_location_none_without_places(nlp):
    doc = run(nlp, "قال المتحدث إن الاجتماع كان إيجابيا.")
    assert event_location(doc, doc.sentences[0], 4, 10) is None


def test_stage_declares_what_it_assigns():
    st = Places({})
    assert st.name == "places" and "doc.places" in st.assigns


def test_particles_and_persian_script_names_are_not_places(nlp):
    text = "قال إنه تحدث عنه طويلا، وإن الحصار لكسر الإرادة لن ينجح، وسط أمان نسبي."
    assert not run(nlp, text).places


# --- general fixes for held-out error families (sentences written for these tests) -------------
def test_common_feminine_words_are_not_foreign_towns(nlp):
    doc = run(nlp, "أكد المسؤول أن هوية المهاجمين لا تزال مجهولة، وأن دولة واحدة رفضت القرار.")
    assert not doc.places


def test_generic_head_and_name_are_one_place(nlp):
    doc = run(nlp, "قصفت الطائرات حوض الأشراف ومعسكر لبوزة، واندلعت اشتباكات في وادي الحسيني بمحافظة الجوف اليمنية.")
    got = names(doc)
    assert {"حوض الأشراف", "معسكر لبوزة", "وادي الحسيني"} <= set(got)
    assert not {"حوض", "معسكر", "الحسيني", "لبوزة"} & set(got)
    assert got["وادي الحسيني"].lat is None and got["وادي الحسيني"].country == "YE"


def test_sub_city_places_take_their_town_coordinates(nlp):
    doc = run(nlp, "قصفت قوات النظام حي تشرين في دمشق، وعقد الاجتماع في فندق الجزيرة بمدينة عدن.")
    got = names(doc)
    assert got["حي تشرين"].lat == got["دمشق"].lat and got["حي تشرين"].precision == 5
    assert got["فندق الجزيرة"].country == "YE" and got["فندق الجزيرة"].lat is not None


def test_short_names_checked_against_divisions_and_major_cities(nlp):
    doc = run(nlp, "سقط صاروخ على مدينة إب وسط اليمن.")
    assert names(doc)["إب"].country == "YE"
    doc = run(nlp, "قال أب لثلاثة أطفال إنه فقد منزله في اليمن.")
    assert "أب" not in names(doc)
    doc = run(nlp, "قتل خمسة مسلحين في إب وسط اليمن، بعد هدوء ساد منذ آب الماضي.")
    assert names(doc)["إب"].country == "YE" and "آب" not in names(doc)


def test_afghan_province_spelling_prefers_article_country(nlp):
    doc = run(nlp, "قتل عشرة مسلحين في فرياب شمال أفغانستان.")
    p = names(doc)["فرياب"]
    assert p.country == "AF" and p.kind == "admin"


def test_villages_resolve_and_unknown_village_keeps_enclosing_division(nlp):
    doc = run(nlp, "وصلت الحافلات إلى بلدتي كفريا والفوعة المحاصرتين، وسيطرت القوات على قرية المار وبلدة الهامة في ريف دمشق.")
    got = names(doc)
    assert got["كفريا"].lat is not None and got["الفوعة"].lat is not None
    assert got["الهامة"].lat is not None and got["الهامة"].country == "SY"
    assert got["المار"].lat is None and got["المار"].admin1 == "Rif Dimashq Governorate"


def test_common_word_coordinated_with_a_near_place(nlp):
    doc = run(nlp, "دخلت المساعدات إلى نبل والزهراء في ريف حلب الشمالي.")
    assert names(doc)["الزهراء"].country == "SY"
    doc = run(nlp, "زار الوفد دمشق والزهراء.")
    assert "الزهراء" not in names(doc)


def test_descriptions_after_facility_heads_are_not_names(nlp):
    doc = run(nlp, "انفجرت عبوة في سوق مزدحمة، وقصفت الطائرات معسكر تدريب ومخيم النازحين. وأدى القصف إلى دمار واسع.")
    assert not doc.places


def test_facility_name_with_title_and_adjective(nlp):
    doc = run(nlp, "أعلنت السلطات إغلاق مطار الملك فهد الدولي في الدمام بعد سقوط مقذوف.")
    p = names(doc)["مطار الملك فهد الدولي"]
    assert p.country == "SA" and p.lat is not None and p.precision == 5


def test_ordinary_words_need_a_separate_preposition_of_place(nlp):
    doc = run(nlp, "اعتقلت الشرطة في اليمن ثلاثة شبان بحجة أنهم خالفوا حظر التجول.")
    assert "حجة" not in names(doc)
    doc = run(nlp, "قصفت الطائرات مواقع في محافظة حجة شمال غرب اليمن.")
    assert names(doc)["حجة"].country == "YE"
    doc = run(nlp, "دارت معارك عنيفة بحجة شمال غرب اليمن.")
    assert names(doc)["حجة"].country == "YE"


def test_verbs_adjectives_and_verbal_nouns_after_heads_are_not_names(nlp):
    doc = run(nlp, "عاد النازحون إلى مناطق تسيطر عليها الحكومة في سوريا، وتواصل القصف على مناطق الاشتباك "
                   "في منطقة تبعد خمسة كيلومترات. وفاز الرئيس بولاية ثالثة.")
    assert set(names(doc)) == {"سوريا"}


def test_pronoun_suffix_ha_is_not_a_town_in_taa_marbuta(nlp):
    doc = run(nlp, "وأشار المسؤول العراقي إلى حديثه مع وزير الدفاع، وإلى حماية البنى التحتية في العراق.")
    assert set(names(doc)) == {"العراق"}
    doc = run(nlp, "انتشرت القوات العراقية في حديثة غرب الأنبار.")
    assert names(doc)["حديثة"].country == "IQ"
