"""detect_language: a script count with function words for Persian and Urdu."""
import pytest

from marsad.doc import Document
from marsad.pipeline import Pipeline
from marsad.text.language import arabic_ratio, detect_language


@pytest.mark.parametrize("text,lang", [
    ("قالت وزارة الدفاع إن قواتها صدت هجوما على مواقعها شرق المدينة وقتلت عددا من المهاجمين.", "ar"),
    ("قال مسؤول لـ CNN إن الهجوم وقع قرب مقر BBC في المدينة ولم يسفر عن إصابات.", "ar"),
    ("ﻗﺎﻝ ﺍﻟﻤﺘﺤﺪﺙ ﺇﻥ ﺍﻟﻘﻮﺍﺕ ﺍﻧﺴﺤﺒﺖ ﻣﻦ ﺍﻟﻤﺪﻳﻨﺔ", "ar"),
    ("وزارت کشور ایران اعلام کرد که این حمله در شهر زاهدان رخ داده است و چند نفر کشته شدند.", "fa"),
    ("پاکستان کی فوج نے کہا ہے کہ حملے میں دس افراد ہلاک ہو گئے اور کئی زخمی ہیں۔", "ur"),
    ("The ministry said the attack killed ten people and that the investigation was ongoing.", "en"),
    ("Le ministère a déclaré que l'attaque a fait dix morts dans la ville et que l'enquête est en cours.", "fr"),
    ("Милиция сообщила о нападении на город", "unknown"),
    ("12345 67890 !!!", "unknown"),
    ("", "unknown"),
])
def test_detect_language(text, lang):
    assert detect_language(text) == lang


def test_arabic_with_a_stray_persian_letter_stays_arabic():
    # a Persian yeh typed by a Gulf keyboard in one word
    text = "أعلن الحرس الثوري الإیراني فجر الاثنين أنه قصف مقرا لجماعة مسلحة في شمال العراق وقتل عددا من عناصرها."
    assert detect_language(text) == "ar"


def test_arabic_ratio():
    assert arabic_ratio("قال الجيش") == 1.0
    assert arabic_ratio("abc") == 0.0


def test_clean_stage_sets_language():
    nlp = Pipeline.from_names(["clean"])
    assert nlp(Document(id="l", text="قال الوزير إن الهجوم فشل وإن التحقيق مستمر.")).language == "ar"
    assert nlp(Document(id="l", text="The minister said the attack failed and the inquiry goes on.")).language == "en"
