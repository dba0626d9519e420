"""Attribution stage: who reported each event, and reported certainty.

Sentences are written for these tests; mentions are added by hand.
"""
from __future__ import annotations

import pytest

from marsad.extract.attribution import edit1
from tests.test_events import make_doc, run  # noqa: F401  (shared document builder)
from tests.test_events import stages  # noqa: F401  (pytest fixture)


def test_edit_distance_one():
    assert edit1("وحب", "وحسب")
    assert edit1("وحسب", "وحسب")
    assert edit1("بحسب", "وحسب")
    assert not edit1("حسبما", "وحسب")


def test_prepositional_cue_with_mention(stages):
    text = "وحسب المرصد السوري، قُتل عشرة مقاتلين في الاشتباكات."
    doc = run(stages, text, mentions=[("المرصد السوري", "ORG")])
    ev = doc.events[0]
    assert ev.source.text == "المرصد السوري"
    assert ev.certainty == "reported"


def test_reporting_verb_with_role_mention(stages):
    text = "وقال مصدر مطلع على المفاوضات إن الطرفين وقعا اتفاقا لتبادل الأسرى."
    doc = run(stages, text, mentions=[("مصدر مطلع على المفاوضات", "ROLE")])
    ev = next(e for e in doc.events if e.type == "AGREE")
    assert ev.source.text == "مصدر مطلع على المفاوضات"


def test_trailing_cue_attributes_the_clause_before_it(stages):
    text = "أطلقت فصائل مسلحة صواريخ على البلدة، وفق ما أفادت مصادر محلية."
    doc = run(stages, text)
    ev = doc.events[0]
    assert ev.source is not None and ev.source.text.startswith("مصادر محلية")


def test_source_phrase_without_mention(stages):
    text = "وأفادت مصادر أمنية بأن مسلحين هاجموا نقطة تفتيش."
    doc = run(stages, text)
    assert doc.events[0].source.text == "مصادر أمنية"


def test_typo_in_cue_is_tolerated_only_before_a_source(stages):
    text = "وحب المرصد السوري، اعتقلت الشرطة العسكرية ثلاثة شبان."
    doc = run(stages, text, mentions=[("المرصد السوري", "ORG"), ("الشرطة العسكرية", "ORG")])
    assert doc.events[0].source.text == "المرصد السوري"
    # the same misspelt word with no source after it is not a cue
    doc = run(stages, "وحب الوطن دفع الشبان إلى التظاهر أمام البرلمان.")
    assert all(e.source is None for e in doc.events)


def test_continuation_carries_the_speaker(stages):
    text = ("وقال المتحدث باسم الشرطة إن الوضع تحت السيطرة.\n"
            "وأضاف أن قوات الأمن اعتقلت خمسة مشتبه بهم.")
    doc = run(stages, text, mentions=[("المتحدث باسم الشرطة", "ROLE"), ("قوات الأمن", "ORG")])
    ev = next(e for e in doc.events if e.type == "COERCE")
    assert ev.source.text == "المتحدث باسم الشرطة"
    assert ev.actor.text == "قوات الأمن"


def test_outlet_is_never_the_source(stages):
    pre_text = "ذكرت الوكالة الوطنية أن الجيش قصف مواقع المسلحين."
    doc = make_doc(stages, pre_text, mentions=[("الوكالة الوطنية", "ORG"), ("الجيش", "ORG")])
    doc.outlet = "الوكالة الوطنية"
    from marsad.extract.attribution import Attribution
    from marsad.extract.events import EventExtractor
    doc = Attribution({})(EventExtractor({})(doc))
    assert doc.events and doc.events[0].source is None


def test_speaker_of_a_statement_is_its_actor_not_its_source(stages):
    text = "وقال وزير الخارجية مطالبا المجتمع الدولي بالتحرك الفوري."
    doc = run(stages, text, mentions=[("وزير الخارجية", "ROLE")])
    ev = next(e for e in doc.events if e.type == "REQUEST")
    assert ev.actor.text == "وزير الخارجية"
    assert ev.source is None


def test_hedge_survives_attribution(stages):
    text = "وقال المرصد إن التنظيم ربما أعدم عددا من الرهائن."
    doc = run(stages, text, mentions=[("المرصد", "ORG"), ("التنظيم", "ORG")])
    ev = doc.events[0]
    assert ev.source.text == "المرصد"
    assert ev.certainty == "uncertain"


def test_speaker_named_before_the_verb(stages):
    text = "وكانت وزارة الداخلية قالت إن الشرطة اعتقلت خمسة أشخاص."
    doc = run(stages, text, mentions=[("وزارة الداخلية", "ORG"), ("الشرطة", "ORG")])
    ev = next(e for e in doc.events if e.type == "COERCE")
    assert ev.source.text == "وزارة الداخلية"
    assert ev.actor.text == "الشرطة"


def test_accuser_is_the_source_of_the_accused_act(stages):
    text = "اتهمت المنظمة الحقوقية الجيش بقصف القرى الحدودية."
    doc = run(stages, text, mentions=[("المنظمة الحقوقية", "ORG"), ("الجيش", "ORG")])
    acc = next(e for e in doc.events if e.type == "ACCUSE")
    assault = next(e for e in doc.events if e.type == "ASSAULT")
    assert acc.actor.text == "المنظمة الحقوقية" and acc.target.text == "الجيش"
    assert assault.source.text == "المنظمة الحقوقية" and assault.certainty == "claimed"


def test_account_runs_on_one_sentence(stages):
    text = ("وقال المرصد إن الطائرات قصفت البلدة.\n"
            "واعتقلت قوات الأمن عشرة شبان في المدينة.\n"
            "وفي سياق آخر، افتتح الوزير مدرسة جديدة.\n"
            "وتظاهر مئات الطلاب أمام الجامعة.")
    doc = run(stages, text, mentions=[("المرصد", "ORG")])
    src = {e.type: (e.source.text if e.source else None) for e in doc.events}
    assert src["ASSAULT"] == "المرصد" and src["COERCE"] == "المرصد"
    assert src["PROTEST"] is None


def test_carried_account_into_a_statement_does_not_break(stages):
    text = ("وقال المتحدث باسم الشرطة إن الوضع تحت السيطرة في المدينة.\n"
            "ودعا الأهالي إلى التزام منازلهم حتى صباح الغد.")
    doc = run(stages, text, mentions=[("المتحدث باسم الشرطة", "ROLE")])
    req = next(e for e in doc.events if e.type == "REQUEST")
    assert req.source is None or req.source.text == "المتحدث باسم الشرطة"


def test_source_of_a_later_telling(stages):
    text = ("قتل عشرون شخصا في انفجار سيارة مفخخة وسط المدينة.\n"
            "وقالت وزارة الداخلية إن الانفجار وقع قرب سوق شعبي.")
    doc = run(stages, text, mentions=[("وزارة الداخلية", "ORG")])
    assault = [e for e in doc.events if e.type == "ASSAULT"]
    assert len(assault) == 1
    assert assault[0].source.text == "وزارة الداخلية" and assault[0].certainty == "reported"


def test_bare_head_source_reads_the_whole_phrase_and_participles_share_the_speaker(stages):
    text = "قال مسؤولو الهجرة في البلاد إن الشرطة اعتقلت ثلاثة مهربين."
    doc = run(stages, text, mentions=[("مسؤولو", "ROLE"), ("الشرطة", "ORG")])
    ev = next(e for e in doc.events if e.type == "COERCE")
    assert ev.source.text == "مسؤولو الهجرة في البلاد"
    text = "وقال المرصد إن الطائرات قصفت المدينة، مؤكدا مقتل خمسة مدنيين في حلب."
    doc = run(stages, text, mentions=[("المرصد", "ORG"), ("حلب", "GPE")])
    assert all(e.source is not None and e.source.text == "المرصد" for e in doc.events)


def test_speaker_pronoun_is_the_subject_of_a_support_verb(stages):
    text = "أعلنت القوات البحرية، الأحد، أنها شنت غارة على مخزن للذخيرة قرب الميناء."
    doc = run(stages, text, mentions=[("القوات البحرية", "ORG")])
    ev = next(e for e in doc.events if e.type == "ASSAULT")
    assert ev.actor is not None and ev.actor.text == "القوات البحرية"


def test_speaker_pronoun_is_the_subject_of_an_active_trigger(stages):
    text = "ويقول الجيش: إنه قصف مواقع المسلحين في الجبال خلال الليل."
    doc = run(stages, text, mentions=[("الجيش", "ORG")])
    ev = next(e for e in doc.events if e.type == "ASSAULT")
    assert ev.actor is not None and ev.actor.text == "الجيش"


def test_impersonal_pronoun_before_passive_or_tamma_is_no_subject(stages):
    text = "وذكر المرصد أنه تم اعتقال عشرين شخصا في البلدة."
    doc = run(stages, text, mentions=[("المرصد", "ORG")])
    for ev in doc.events:
        assert ev.actor is None or ev.actor.text != "المرصد"
    text = "وذكر المرصد أنه قتل خمسة أشخاص في القصف."
    doc = run(stages, text, mentions=[("المرصد", "ORG")])
    for ev in doc.events:
        assert ev.actor is None or ev.actor.text != "المرصد"


def test_channel_after_ma_outranks_the_speaker_inside_it(stages):
    text = "وأعلن وزير الدفاع استقالته من منصبه، بحسب ما نقلته وكالة الأنباء الرسمية، الاثنين."
    doc = run(stages, text, mentions=[("وزير الدفاع", "ROLE"), ("وكالة الأنباء الرسمية", "ORG")])
    ev = next(e for e in doc.events if e.type == "RETREAT")
    assert ev.source is not None and ev.source.text == "وكالة الأنباء الرسمية"


def test_reporting_word_after_bi_is_a_verbal_noun_not_a_speaker(stages):
    text = "ووفقا لمصادر مطلعة على الملف، تستعد الحكومة لإرسال تعزيزات لأن الاتفاق يسمح لها بنشر قوات في الجنوب."
    doc = run(stages, text)
    ev = next(e for e in doc.events if e.type == "MOBILIZE")
    assert ev.source is not None and ev.source.text == "مصادر مطلعة على الملف"


def test_relational_adjective_keeps_its_object_in_the_source(stages):
    text = "وقالت أوساط مقربة من الحكومة إن الجيش قصف البلدة بالمدفعية."
    doc = run(stages, text, mentions=[("الجيش", "ORG")])
    ev = next(e for e in doc.events if e.type == "ASSAULT")
    assert ev.source is not None and ev.source.text == "أوساط مقربة من الحكومة"


def test_place_in_construct_after_the_verb_names_an_institution(stages):
    text = "وأكد مركز حمص الإعلامي، وهو شبكة من الناشطين، أن القصف استهدف حيا سكنيا."
    doc = run(stages, text, mentions=[("حمص", "GPE")])
    ev = next(e for e in doc.events if e.type == "ASSAULT")
    assert ev.source is not None and ev.source.text == "مركز حمص الإعلامي"
    text = "وقالت شرطة دبي إن مسلحين هاجموا مصرفا في المدينة."
    doc = run(stages, text, mentions=[("دبي", "GPE")])
    ev = next(e for e in doc.events if e.type == "ASSAULT")
    assert ev.source is not None and ev.source.text == "شرطة دبي"


def test_bare_definite_source_takes_the_fuller_name_given_just_before(stages):
    text = "ونقلت الإذاعة عن مصادر أمنية قولها إن الوضع هادئ. وقالت المصادر إن مسلحين هاجموا نقطة تفتيش."
    doc = run(stages, text, mentions=[("مصادر أمنية", "ROLE"), ("المصادر", "ROLE")])
    ev = next(e for e in doc.events if e.type == "ASSAULT")
    assert ev.source is not None and ev.source.text == "مصادر أمنية"


def test_occasion_owner_speaks_and_cues_inside_the_quote_do_not(stages):
    text = ('جاء ذلك في تغريدة لوزير الخارجية على حسابه في تويتر، حيث قال: '
            '"الميليشيا ترفض السلام، وحزب الله يعلن دعمها في قتل المدنيين".')
    doc = run(stages, text, mentions=[("وزير الخارجية", "ROLE"), ("حزب الله", "ORG"), ("الميليشيا", "ORG")])
    ev = next(e for e in doc.events if e.type == "REJECT")
    assert ev.source is not None and ev.source.text == "وزير الخارجية"


def test_word_inside_a_name_is_no_misspelt_cue(stages):
    text = "وحزب الله أطلق صواريخ على البلدة الحدودية."
    doc = run(stages, text, mentions=[("حزب الله", "ORG")])
    ev = next(e for e in doc.events if e.type == "ASSAULT")
    assert ev.source is None


def test_speaker_quoted_inside_a_quote_does_not_take_over_the_account(stages):
    text = ('وقالت المنظمة إن الحملة شملت قيودا صارمة. وأضافت أن "السكان يقولون إنهم شهدوا نقصا حادا". '
            'وتابعت أن "السلطات قطعت الكهرباء واعتقلت العشرات".')
    doc = run(stages, text, mentions=[("المنظمة", "ORG"), ("السكان", "ROLE"), ("السلطات", "ROLE")])
    ev = next(e for e in doc.events if e.type == "COERCE")
    assert ev.source is not None and ev.source.text == "المنظمة"


def test_dotted_abbreviation_does_not_cut_the_source(stages):
    text = "وحسب شبكة إيه.بي.سي الأمريكية، قتل خمسة جنود في هجوم على قافلة عسكرية."
    doc = run(stages, text)
    ev = next(e for e in doc.events if e.type == "ASSAULT")
    assert ev.source is not None and ev.source.text == "شبكة إيه.بي.سي الأمريكية"


def test_announced_own_resignation_has_the_speaker_as_actor(stages):
    text = "وأعلن المبعوث الدولي، الدبلوماسي المخضرم، تنحيه عن منصبه نهاية الشهر، بحسب ما نقله موقع المنظمة."
    doc = run(stages, text, mentions=[("المبعوث الدولي", "ROLE")])
    ev = next(e for e in doc.events if e.type == "RETREAT")
    assert ev.actor is not None and ev.actor.text == "المبعوث الدولي"
    assert ev.source is not None and ev.source.text == "موقع المنظمة"
