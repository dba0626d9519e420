"""Events stage: triggers, arguments, modality, merging, mappings.

Every sentence here is written for the test (none comes from the evaluation set).
Documents are built with the text stages, and mentions/places are added by hand so
these tests do not depend on the actor and place stages.
"""
from __future__ import annotations


import pytest

from marsad.doc import Document, Mention, Place
from marsad.extract.attribution import Attribution
from marsad.extract.events import (DATA_DIR, EventExtractor, TriggerLexicon, load_mapping, noun_forms,
                                   token_variants, verb_forms)
from marsad.pipeline import Pipeline

PUB = "2024-03-10"  # a Sunday


@pytest.fixture(scope="module")
def stages():
    return Pipeline.from_names(["clean", "segment", "dates"]), EventExtractor({}), Attribution({})


def make_doc(stages, text, mentions=(), places=(), published=PUB, title_first=False):
    pre, _, _ = stages
    doc = pre(Document(id="t", text=text, published_raw=published))
    if title_first:
        doc.sentences[0].boilerplate = "title"
    for k, (surface, typ, *rest) in enumerate(mentions):
        occ = rest[0] if rest else 0
        start = -1
        for _ in range(occ + 1):
            start = text.index(surface, start + 1)
        s = doc.sentence_at(start)
        doc.mentions.append(Mention(id=f"m{k}", start=start, end=start + len(surface), text=surface, type=typ,
                                    sentence_id=s.id if s else -1, named=typ != "ROLE"))
    for k, (surface, *rest) in enumerate(places):
        occ = rest[0] if rest else 0
        start = -1
        for _ in range(occ + 1):
            start = text.index(surface, start + 1)
        s = doc.sentence_at(start)
        doc.places.append(Place(id=f"p{k}", start=start, end=start + len(surface), text=surface, name=surface,
                                country="SY", sentence_id=s.id if s else -1))
    return doc


def run(stages, text, **kw):
    _, ev, att = stages
    return att(ev(make_doc(stages, text, **kw)))


def types(doc):
    return [e.type for e in doc.events]


# --------------------------------------------------------------------------- morphology
def test_verb_forms_cover_persons_tenses_and_irregular_imperfects():
    f = verb_forms("اعتقل")
    for w in ("اعتقل", "اعتقلت", "اعتقلوا", "يعتقل", "تعتقل", "يعتقلون", "يعتقلها"):
        assert w in f, w
    d = verb_forms("دعا", ["دعو"])
    for w in ("دعا", "دعت", "دعوا", "يدعو", "تدعو", "يدعون"):
        assert w in d, w
    # the bare "-ه" object is left out: it would read وزارة as زار + ه
    assert "زاره" not in verb_forms("زار")
    assert "طلبا" not in verb_forms("طلب")  # accusative noun, not a dual verb


def test_noun_forms_and_token_variants():
    assert {"غاره", "غارتين", "غارته"} <= set(noun_forms("غارة"))
    stems = [v[0] for v in token_variants("وسيقصف")]
    assert "يقصف" in stems
    fut = [v for v in token_variants("وسيقصف") if v[0] == "يقصف"][0]
    assert fut[2] is True  # the future prefix is recorded
    assert any(v[0] == "غارات" and v[4] for v in token_variants("والغارات"))


def test_lexicon_rejects_unknown_types(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("entries:\n- id: x\n  type: BOMBARD\n  verbs: [قصف]\n", encoding="utf-8")
    with pytest.raises(ValueError):
        TriggerLexicon([bad])


# --------------------------------------------------------------------------- detection and typing
@pytest.mark.parametrize("text,etype,mode", [
    ("شنت الطائرات الحربية غارات عنيفة على أطراف البلدة.", "ASSAULT", "aerial"),
    ("قصفت المدفعية أحياء المدينة بعشرات القذائف.", "ASSAULT", "shelling"),
    ("فجر انتحاري حزامه الناسف داخل سوق شعبي.", "ASSAULT", "explosives"),
    ("اندلعت اشتباكات عنيفة بين الفصيلين قرب الجسر.", "ASSAULT", "clash"),
    ("اختطف مسلحون مجهولون ثلاثة مهندسين أجانب.", "ASSAULT", "abduct"),
    ("اغتال مسلحون قياديا بارزا في الحركة.", "ASSAULT", "targeted"),
    ("اعتقلت قوات الأمن عشرين ناشطا خلال مداهمات ليلية.", "COERCE", "arrest"),
    ("فرضت السلطات حظر التجول في المدينة.", "COERCE", "restrict"),
    ("تظاهر آلاف الطلاب أمام مبنى الوزارة.", "PROTEST", "demo"),
    ("أعلنت النقابة إضرابا عاما في الموانئ.", "PROTEST", "strike"),
    ("انسحبت القوات من ثلاث قرى حدودية.", "RETREAT", "withdraw"),
    ("أطلقت الجماعة سراح أربعة جنود كانت تحتجزهم.", "RETREAT", "release"),
    ("أنقذت فرق الدفاع المدني عائلة من تحت الأنقاض.", "AID", "rescue"),
    ("وصلت قافلة مساعدات إنسانية إلى المخيم.", "AID", "humanitarian"),
    ("أرسل الجيش تعزيزات عسكرية إلى الحدود الشمالية.", "MOBILIZE", None),
    ("فرضت الحكومة عقوبات على ثلاث شركات شحن.", "SANCTION", None),
    ("التقى وزير الخارجية نظيره الأردني في عمان.", "CONSULT", "meet"),
    ("اتهمت الحكومة المعارضة بتخريب محطة الكهرباء.", "ACCUSE", None),
    ("رفض البرلمان مشروع القانون بأغلبية كبيرة.", "REJECT", None),
    ("هدد الرئيس بقطع المساعدات عن الإقليم.", "THREATEN", None),
    ("وقع الطرفان اتفاقية للتعاون الأمني.", "AGREE", None),
    ("أيد الحزب ترشيح رئيس الحكومة السابق.", "SUPPORT", None),
])
def test_trigger_types_and_modes(stages, text, etype, mode):
    doc = run(stages, text)
    assert etype in types(doc), (text, types(doc))
    ev = next(e for e in doc.events if e.type == etype)
    if mode is not None:
        assert ev.mode == mode
    assert ev.cameo is not None
    assert ev.evidence and ev.evidence[0].rule.startswith(ev.rule)
    assert text[ev.trigger.start:ev.trigger.end] == ev.trigger.text


def test_plover_rulings_release_access_and_arrest(stages):
    # releasing prisoners and allowing humanitarian access are RETREAT, arrests COERCE
    doc = run(stages, "سُمح أمس بدخول شاحنات الوقود إلى المخيم المحاصر.")
    assert "RETREAT" in types(doc)
    assert next(e for e in doc.events if e.type == "RETREAT").mode == "access"
    doc = run(stages, "أفرجت السلطات عن عشرات المعتقلين بمناسبة العيد.")
    assert types(doc) == ["RETREAT"]
    doc = run(stages, "ألقت الشرطة القبض على مشتبه به في حادث السطو.")
    assert types(doc) == ["COERCE"]


def test_content_of_a_demand_is_not_an_event(stages):
    doc = run(stages, "دعا المجلس الطرفين إلى وقف القتال والتوصل إلى هدنة دائمة.")
    assert types(doc) == ["REQUEST"]


def test_warning_by_commentators_is_not_an_event(stages):
    doc = run(stages, "وحذر محللون من احتمال عودة الهجمات في المنطقة.")
    assert doc.events == []


def test_purpose_clause_is_not_an_event(stages):
    doc = run(stages, "عقد مجلس الأمن جلسة طارئة لبحث الهجوم على المدينة.")
    assert types(doc) == ["CONSULT"]


def test_trigger_inside_a_name_is_ignored(stages):
    text = "زار وفد من منظمة حظر الأسلحة الكيميائية مدينة دوما."
    doc = run(stages, text, mentions=[("منظمة حظر الأسلحة الكيميائية", "ORG")])
    assert "COERCE" not in types(doc)


def test_definite_statement_noun_names_a_known_thing(stages):
    doc = run(stages, "وتناولت الصحف بنود الاتفاق النووي مع طهران.")
    assert "AGREE" not in types(doc)


# --------------------------------------------------------------------------- arguments
def test_active_vso_actor_target_and_place(stages):
    text = "قصفت الطائرات الروسية بلدة كفرزيتا في ريف حماة."
    doc = run(stages, text, mentions=[("الطائرات الروسية", "ROLE"), ("كفرزيتا", "GPE")],
              places=[("كفرزيتا",), ("حماة",)])
    ev = doc.events[0]
    assert ev.type == "ASSAULT" and ev.mode == "aerial"
    assert ev.actor.text == "الطائرات الروسية"
    assert ev.target.text == "كفرزيتا"
    assert ev.place.text in ("كفرزيتا", "حماة")


def test_svo_actor_before_the_verb(stages):
    text = "قوات الأمن اعتقلت الصحفي في منزله."
    doc = run(stages, text, mentions=[("قوات الأمن", "ORG"), ("الصحفي", "ROLE")])
    ev = doc.events[0]
    assert ev.actor.text == "قوات الأمن" and ev.target.text == "الصحفي"


def test_passive_with_agent_phrase(stages):
    text = "اعتُقل الصحفي على يد عناصر من المخابرات العسكرية."
    doc = run(stages, text, mentions=[("الصحفي", "ROLE"), ("المخابرات العسكرية", "ORG")])
    ev = doc.events[0]
    assert ev.type == "COERCE"
    assert ev.target.text == "الصحفي"
    assert ev.actor.text == "المخابرات العسكرية"


def test_verbal_noun_genitive_is_the_victim_and_quantities(stages):
    text = "أسفر التفجير عن مقتل 12 شخصا وإصابة العشرات في سوق المدينة."
    doc = run(stages, text)
    ev = doc.events[0]
    kinds = {q.kind: q for q in ev.quantities}
    assert kinds["killed"].value == 12
    assert kinds["injured"].value is None and kinds["injured"].low == 20  # vague: عشرات = 20-99


def test_support_verb_subject_is_the_actor_of_a_noun(stages):
    text = "شن الجيش هجوما واسعا على مواقع المسلحين."
    doc = run(stages, text, mentions=[("الجيش", "ORG"), ("المسلحين", "ROLE")])
    ev = doc.events[0]
    assert ev.actor.text == "الجيش" and ev.target.text == "المسلحين"


# --------------------------------------------------------------------------- modality
def test_negated_event_is_kept_and_marked(stages):
    doc = run(stages, "لم تعتقل الشرطة أي متظاهر خلال المسيرة.")
    ev = next(e for e in doc.events if e.type == "COERCE")
    assert ev.negated is True


@pytest.mark.parametrize("text,certainty", [
    ("يُعتقد أن التنظيم يحتجز عشرات الرهائن في الأنفاق.", "believed"),
    ("ربما قتل القائد الميداني في الغارة الأخيرة.", "uncertain"),
    ("نفى الجيش قصف المستشفى الميداني.", "denied"),
    ("زعمت الجماعة أنها أسقطت طائرة مسيرة.", "claimed"),
    ("سيعقد وزيرا الخارجية اجتماعا في القاهرة.", "planned"),
    ("ستنسحب القوات من المدينة خلال أسبوعين.", "planned"),
    ("إذا رفضت الحكومة الوساطة فإن المفاوضات ستتوقف.", "hypothetical"),
])
def test_certainty_cues(stages, text, certainty):
    doc = run(stages, text)
    assert doc.events, text
    assert doc.events[0].certainty == certainty, (text, [(e.type, e.certainty) for e in doc.events])


def test_historical_background(stages):
    doc = run(stages, "وقتل آلاف المدنيين في قصف المدينة عام 1988.")
    assert doc.events and all(e.historical for e in doc.events)
    doc = run(stages, "اعتقلت السلطات الناشط قبل خمس سنوات.")
    assert doc.events[0].historical


# --------------------------------------------------------------------------- dates
def test_relative_date_and_publication_default(stages):
    doc = run(stages, "سُمح قبل يومين بدخول قافلة مساعدات إلى البلدة.")
    ev = next(e for e in doc.events if e.type == "RETREAT")
    assert ev.date == "2024-03-08"
    doc = run(stages, "اعتقلت الشرطة ثلاثة أشخاص في المدينة.")
    assert doc.events[0].date == PUB  # current news without a date of its own


# --------------------------------------------------------------------------- one happening, one event
def test_repeated_lede_is_one_event_with_two_evidence_spans(stages):
    text = ("قتل خمسة أشخاص في انفجار سيارة مفخخة وسط بغداد.\n"
            "وقال مسؤول أمني إن الحصيلة مرشحة للارتفاع.\n"
            "وكان خمسة أشخاص قد قتلوا في انفجار سيارة مفخخة وسط بغداد صباح اليوم.")
    doc = run(stages, text)
    assault = [e for e in doc.events if e.type == "ASSAULT"]
    assert len(assault) == 1
    assert len({ev.sentence_id for ev in assault[0].evidence}) == 2


def test_definite_noun_refers_back_to_the_same_attack(stages):
    text = "شنت طائرات حربية غارات على مدينة رفح.\nوقالت وزارة الصحة إن الغارات لم توقع إصابات."
    doc = run(stages, text, places=[("رفح",)])
    assert types(doc).count("ASSAULT") == 1


def test_distinct_happenings_stay_separate(stages):
    text = ("شنت طائرات التحالف غارات على مواقع في مدينة حماة.\n"
            "كما شنت طائرات التحالف غارات أخرى على مواقع في مدينة دير الزور.\n"
            "وفي حلب، اعتقلت الشرطة عشرة أشخاص.")
    doc = run(stages, text, places=[("حماة",), ("دير الزور",), ("حلب",)])
    assert types(doc).count("ASSAULT") == 2
    assert "COERCE" in types(doc)


def test_title_gives_no_event(stages):
    text = "اعتقال عشرة أشخاص في حلب\nاعتقلت الشرطة عشرة أشخاص في حلب أمس."
    doc = run(stages, text, title_first=True)
    assert len(doc.events) == 1
    assert doc.events[0].sentence_id == 1
    assert len(doc.events[0].evidence) == 2  # the title adds evidence, not an event


# --------------------------------------------------------------------------- mappings and speed
def test_every_rule_has_a_cameo_and_acled_mapping():
    lex = TriggerLexicon([DATA_DIR / "triggers.yaml"])
    mapping = load_mapping(DATA_DIR / "mapping.tsv")
    for rule in lex.rules.values():
        row = mapping.get((rule.type, rule.mode or "*")) or mapping.get((rule.type, "*"))
        assert row is not None and row[0], rule.id
    assert mapping[("ASSAULT", "aerial")][1:] == ("Explosions/Remote violence", "Air/drone strike")
    assert mapping[("PROTEST", "demo")][1] == "Protests"


# --------------------------------------------------------------------------- more argument rules
def test_relative_clause_antecedent_is_subject_or_object(stages):
    doc = run(stages, "واستقبل الوزير وفدا من باكستان، التي ترفض الاتهامات الهندية.",
              mentions=[("الوزير", "ROLE"), ("باكستان", "GPE")])
    ev = next(e for e in doc.events if e.type == "REJECT")
    assert ev.actor.text == "باكستان"
    doc = run(stages, "وصلت الإمدادات إلى قاعدة العند التي تحاصرها المقاومة منذ أيام.",
              mentions=[("قاعدة العند", "FAC"), ("المقاومة", "ORG")])
    ev = next(e for e in doc.events if e.type == "COERCE")
    assert ev.actor.text == "المقاومة" and ev.target.text == "قاعدة العند"


def test_sides_of_a_clash(stages):
    doc = run(stages, "اندلعت اشتباكات عنيفة بين الجيش والمسلحين في أطراف المدينة.",
              mentions=[("الجيش", "ORG"), ("المسلحين", "ROLE")])
    ev = doc.events[0]
    assert ev.actor.text == "الجيش" and ev.target.text == "المسلحين"


def test_claimed_by_after_the_noun(stages):
    doc = run(stages, "قتل عشرة أشخاص في هجوم تبنته حركة الشباب قرب العاصمة.",
              mentions=[("حركة الشباب", "ORG")])
    assert doc.events[0].actor.text == "حركة الشباب"


def test_noun_after_inna_is_not_a_verb(stages):
    doc = run(stages, "وقال المسؤول إن طلب الحركة نقل مقاتليها رُفض.")
    assert "REQUEST" not in types(doc)
    assert "REJECT" in types(doc)


def test_purpose_clause_of_avoidance(stages):
    doc = run(stages, "أصدر القائد تعليمات لتجنب إصابة المدنيين خلال العمليات.")
    assert "ASSAULT" not in types(doc)


def test_subheading_gives_no_event(stages):
    text = "اشتباكات عنيفة\nاندلعت اشتباكات عنيفة بين الجيش والمسلحين في المدينة."
    doc = run(stages, text)
    assert len(doc.events) == 1 and doc.events[0].sentence_id == 1


def test_additive_connective_starts_a_new_happening(stages):
    text = ("اعتقلت الشرطة خمسة أشخاص في المدينة.\n"
            "كما اعتقلت الشرطة ثلاثة آخرين في القرية المجاورة.")
    doc = run(stages, text)
    assert types(doc).count("COERCE") == 2


def test_actor_named_in_the_lede_carries_to_the_next_telling(stages):
    text = ("شنت طائرات التحالف غارات على مواقع في المدينة.\n"
            "وأسفرت الغارات عن مقتل عشرة مسلحين.")
    doc = run(stages, text, mentions=[("طائرات التحالف", "ORG")])
    assault = [e for e in doc.events if e.type == "ASSAULT"]
    assert len(assault) == 1 and assault[0].actor.text == "طائرات التحالف"


def test_definite_noun_after_temporal_word_refers_back(stages):
    text = ("شنت الطائرات غارة على سوق المدينة.\n"
            "وخرجت احتجاجات غاضبة في الشوارع بعد الغارة.")
    doc = run(stages, text)
    assert types(doc).count("ASSAULT") == 1 and "PROTEST" in types(doc)
    assault = next(e for e in doc.events if e.type == "ASSAULT")
    assert {ev.sentence_id for ev in assault.evidence} == {0, 1}
    # told nowhere before: the reference is the only telling and makes the event
    doc = run(stages, "وجاءت التصريحات بعد الضربة الجوية التي نفذتها الطائرات الأمريكية على المطار.")
    assert "ASSAULT" in types(doc)


def test_failure_negates_what_it_governs(stages):
    doc = run(stages, "بعد يوم من فشل القمة في التوصل إلى اتفاق هدنة في المدينة.")
    agree = [e for e in doc.events if e.type == "AGREE"]
    assert agree and agree[0].negated


def test_belief_governs_its_whole_clause(stages):
    doc = run(stages, "ويُعتقد أن المسلحين لن يسمحوا للسكان بالمغادرة، وسيستخدمونهم دروعاً بشرية.")
    ev = next(e for e in doc.events if e.type == "COERCE")
    assert ev.certainty == "believed"


def test_time_word_homograph_is_not_a_trigger(stages):
    doc = run(stages, "وتواصلت العمليات الأمنية فجر الجمعة في المدينة.")
    assert "ASSAULT" not in types(doc)
    doc = run(stages, "فجر انتحاري نفسه قرب نقطة تفتيش.")
    assert "ASSAULT" in types(doc)


def test_targets_of_demands_and_of_strikes_on_positions(stages):
    doc = run(stages, "وطلبت الحكومة من الأمم المتحدة إرسال مراقبين إلى الحدود.",
              mentions=[("الحكومة", "ROLE"), ("الأمم المتحدة", "ORG")])
    ev = next(e for e in doc.events if e.type == "REQUEST")
    assert ev.actor.text == "الحكومة" and ev.target.text == "الأمم المتحدة"
    doc = run(stages, "استهدفت الطائرات مواقع للمسلحين قرب الحدود.",
              mentions=[("الطائرات", "ROLE"), ("للمسلحين", "ROLE")])
    ev = doc.events[0]
    assert ev.target is not None and ev.target.text == "للمسلحين"


def test_noun_phrase_arguments_without_any_mention(stages):
    doc = run(stages, "ونددت المعارضة من جهتها بعمليات تزوير في الانتخابات.")
    assert doc.events[0].actor.text == "المعارضة"
    doc = run(stages, "وكان الشرطي جالسا أمام مقهى حين أطلق مسلحون النار عليه.")
    ev = next(e for e in doc.events if e.type == "ASSAULT")
    assert ev.actor.text == "مسلحون" and ev.mode == "firearms"


# --------------------------------------------------------------------------- support-verb subjects
def test_support_verb_subject_across_comma_and_quote(stages):
    text = 'وذكرت الإذاعة أن الجيش في الشمال نفذ، مساء السبت، "هجوما واسعا" على معاقل المتمردين.'
    doc = run(stages, text, mentions=[("الجيش", "ORG"), ("المتمردين", "ROLE")])
    ev = next(e for e in doc.events if e.type == "ASSAULT")
    assert ev.actor is not None and ev.actor.text == "الجيش"


def test_unnamed_svo_subject_of_support_verb(stages):
    text = "وقال قائد ميداني إن المقاتلين تمكنوا من أسر 12 جنديا قرب الجسر."
    doc = run(stages, text)
    ev = next(e for e in doc.events if e.type == "ASSAULT")
    assert ev.actor is not None and ev.actor.text == "المقاتلين"
    assert ev.target is None or ev.target.text != "المقاتلين"


# --------------------------------------------------------------------------- clash sides
def test_clash_first_side_no_stage_named(stages):
    text = "واندلعت اشتباكات عنيفة بين المتمردين والقوات الحكومية في ضواحي المدينة."
    doc = run(stages, text, mentions=[("القوات الحكومية", "ORG")])
    ev = next(e for e in doc.events if e.type == "ASSAULT")
    assert ev.actor is not None and ev.actor.text == "المتمردين"
    assert ev.target is not None and ev.target.text == "القوات الحكومية"


def test_clash_as_circumstance_takes_the_clause_subject(stages):
    text = "وسيطرت القوات الخاصة على الجسر بعد مواجهات عنيفة مع مسلحي التنظيم."
    doc = run(stages, text, mentions=[("القوات الخاصة", "ORG"), ("مسلحي التنظيم", "ROLE")])
    ev = next(e for e in doc.events if e.type == "ASSAULT")
    assert ev.actor is not None and ev.actor.text == "القوات الخاصة"
    assert ev.target is not None and ev.target.text == "مسلحي التنظيم"


def test_place_before_circumstantial_clash_is_no_actor(stages):
    text = "وسيطر المقاتلون على قرية في حلب بعد مواجهات مع الجيش."
    doc = run(stages, text, mentions=[("حلب", "GPE"), ("الجيش", "ORG")])
    ev = next(e for e in doc.events if e.type == "ASSAULT")
    assert ev.actor is None or ev.actor.text != "حلب"


# --------------------------------------------------------------------------- homographs, accusations
def test_verb_form_after_elative_is_a_noun(stages):
    text = "وتعرضت البلدة لأعنف قصف منذ بداية العام."
    doc = run(stages, text)
    evs = [e for e in doc.events if e.type == "ASSAULT"]
    assert evs and all(not ev.evidence[0].rule.endswith(":past") for ev in evs)


def test_unnamed_accused_after_named_accuser_acts(stages):
    text = "واتهمت الحكومة المتمردين الموالين للجنرال بقصف الأحياء السكنية في العاصمة."
    doc = run(stages, text, mentions=[("الحكومة", "ORG")])
    ev = next(e for e in doc.events if e.type == "ASSAULT")
    assert ev.actor is not None and ev.actor.text.startswith("المتمردين")


# --------------------------------------------------------------------------- the speaker's pronoun
def test_speaker_pronoun_subject_blocks_vso_object(stages):
    text = "لكن الجماعة قالت إنها كانت تستهدف قوات الأمن في الفندق."
    doc = run(stages, text, mentions=[("الجماعة", "ORG"), ("قوات الأمن", "ORG")])
    ev = next(e for e in doc.events if e.type == "ASSAULT")
    assert ev.actor is not None and ev.actor.text == "الجماعة"
    assert ev.target is not None and ev.target.text == "قوات الأمن"


def test_impersonal_pronoun_keeps_the_subject_after_the_verb(stages):
    text = "وقال المرصد إنه قتل الجيش عشرة مسلحين قرب الحدود."
    doc = run(stages, text, mentions=[("المرصد", "ORG"), ("الجيش", "ORG")])
    ev = next(e for e in doc.events if e.type == "ASSAULT")
    assert ev.actor is not None and ev.actor.text == "الجيش"


def test_plural_support_verb_takes_the_chain_subject(stages):
    text = "وينتشر المقاتلون في الجبال منذ سنوات، واستغلوا الفراغ الأمني، وشنوا هجمات انتحارية ضد مراكز الشرطة."
    doc = run(stages, text, mentions=[("المقاتلون", "ROLE"), ("انتحارية", "ROLE"), ("الشرطة", "ORG")])
    ev = next(e for e in doc.events if e.type == "ASSAULT")
    assert ev.actor is not None and ev.actor.text == "المقاتلون"
    assert ev.target is None or ev.target.text != "انتحارية"


def test_civilians_never_grant_access(stages):
    text = "وأعلن المحافظ أنه تم فتح معبر لخروج المدنيين من البلدة المحاصرة."
    doc = run(stages, text, mentions=[("المحافظ", "ROLE")])
    ev = next(e for e in doc.events if e.type == "RETREAT")
    assert ev.actor is None or "المدنيين" not in ev.actor.text


# --------------------------------------------------------------------------- targets of attack nouns
def test_subject_of_taarrada_is_the_target(stages):
    text = "وتعرضت البلدة لقصف مدفعي عنيف ليلة أمس."
    doc = run(stages, text)
    ev = next(e for e in doc.events if e.type == "ASSAULT")
    assert ev.target is not None and ev.target.text == "البلدة"


def test_definite_phrase_after_ala_is_the_target(stages):
    text = "وشن الجيش هجوما على الأحياء الشرقية للمدينة."
    doc = run(stages, text)
    ev = next(e for e in doc.events if e.type == "ASSAULT")
    assert ev.actor is not None and ev.actor.text == "الجيش"  # وشن: a two-letter stem with its و
    assert ev.target is not None and ev.target.text.startswith("الأحياء")


def test_lone_indefinite_after_ala_is_no_target(stages):
    text = "وشنت الطائرات غارات على مواقع في الريف."
    doc = run(stages, text)
    ev = next(e for e in doc.events if e.type == "ASSAULT")
    assert ev.target is None or ev.target.text != "مواقع"


def test_force_whose_operation_the_act_was_part_of_is_the_actor(stages):
    text = "وضبطت كميات من الأسلحة واعتقل خمسة أشخاص في حملة مداهمات واسعة لقوات الأمن في المدينة."
    doc = run(stages, text, mentions=[("قوات الأمن", "ORG")])
    ev = next(e for e in doc.events if e.type == "COERCE")
    assert ev.actor is not None and ev.actor.text == "قوات الأمن"


def test_subject_of_a_clause_set_in_clashes_is_a_side(stages):
    text = "وتوسعت الجماعة شمالا في مواجهات مع القوات الحكومية استمرت أشهرا."
    doc = run(stages, text, mentions=[("الجماعة", "ORG"), ("القوات الحكومية", "ORG")])
    ev = next(e for e in doc.events if e.type == "ASSAULT")
    assert ev.actor is not None and ev.actor.text == "الجماعة"
    assert ev.target is not None and ev.target.text == "القوات الحكومية"


def test_killing_an_operation_resulted_in_has_the_operation_doer_as_actor(stages):
    text = "وتنفذ القوات الحكومية حملة أمنية واسعة في الريف الشمالي وأسفرت عن مقتل عشرين مسلحا."
    doc = run(stages, text, mentions=[("القوات الحكومية", "ORG")])
    ev = next(e for e in doc.events if e.type == "ASSAULT")
    assert ev.actor is not None and ev.actor.text == "القوات الحكومية"


def test_definite_role_actor_takes_its_relational_adjectives(stages):
    text = "وقالت الوزارة إن القوات البحرية الملكية استهدفت زورقا مفخخا قرب الساحل."
    doc = run(stages, text, mentions=[("القوات", "ROLE")])
    ev = next(e for e in doc.events if e.type == "ASSAULT")
    assert ev.actor is not None and ev.actor.text == "القوات البحرية الملكية"
