"""Normalization rules, one by one, and the offset map (texts written here)."""
import pytest

from marsad.text.normalize import clitic_variants, normalize_for_matching, normalize_with_map


@pytest.mark.parametrize("raw,expected", [
    # diacritics (harakat, tanwin, shadda, sukun, dagger alef) are dropped
    ("قَتَلَ", "قتل"), ("مُسَلَّحٌ", "مسلح"), ("شَهْرًا", "شهرا"), ("هٰذا", "هذا"),
    # tatweel
    ("الـــجيش", "الجيش"), ("الـ24", "ال24"),
    # alef forms
    ("أحمد", "احمد"), ("إدلب", "ادلب"), ("آلاف", "الاف"), ("ٱلله", "الله"),
    # alef maqsura and ta marbuta
    ("مستشفى", "مستشفي"), ("مدينة", "مدينه"),
    # hamza carriers
    ("مسؤول", "مسوول"), ("رئيس", "رييس"),
    # Persian letters
    ("کابل", "كابل"), ("ایران", "ايران"),
    # Arabic-Indic and Persian digits, Arabic decimal and thousands separators, per cent
    ("٢٠١٩", "2019"), ("۱۳۹۸", "1398"), ("٣٫٥", "3.5"), ("١٬٥٠٠", "1,500"), ("٥٠٪", "50%"),
    # bidi controls and zero-width characters
    ("\u200fبيروت\u200e", "بيروت"), ("سوريا\u202b\u202c", "سوريا"), ("\ufeffغزة", "غزه"), ("نیم\u200cشب", "نيمشب"),
    # Latin lower-cased, underscore read as a space, typographic quotes folded
    ("CNN", "cnn"), ("حزب_الله", "حزب الله"), ("«داعش»", '"داعش"'), ("“قسد”", '"قسد"'),
    # NFKC only for presentation forms and compatibility ligatures
    ("ﻻ", "لا"), ("ﷲ", "الله"), ("ﺑﻴﺮﻭﺕ", "بيروت"), ("ＡＢＣ", "abc"),
])
def test_normalize_rules(raw, expected):
    assert normalize_for_matching(raw) == expected


def test_whitespace_collapsed_for_matching_only():
    assert normalize_for_matching("  قوات   سوريا \n الديمقراطية ") == "قوات سوريا الديمقراطيه"
    norm, index = normalize_with_map("قوات  سوريا")
    assert norm == "قوات  سوريا"


def test_offsets_survive_deleted_characters():
    text = "قَالَ الـمرصدُ\u200f السوري"
    norm, index = normalize_with_map(text)
    assert len(norm) == len(index)
    i = norm.index("المرصد")
    start, end = index[i], index[i + len("المرصد") - 1] + 1
    assert normalize_for_matching(text[start:end]) == "المرصد"
    assert text[start:end] == "الـمرصد"


def test_expansion_maps_every_character_to_its_source():
    text = "ﻻ يوجد"
    norm, index = normalize_with_map(text)
    assert norm.startswith("لا")
    assert index[0] == index[1] == 0


def test_normalization_never_changes_the_original():
    text = "أَعْلَنَتْ الوزارةُ"
    copy = str(text)
    normalize_with_map(text)
    assert text == copy


@pytest.mark.parametrize("word,expected", [
    ("وبالقوات", ["وبالقوات", "بالقوات", "القوات", "قوات"]),
    ("للجيش", ["للجيش", "الجيش", "جيش"]),
    ("والمرصد", ["والمرصد", "المرصد", "مرصد"]),
    ("لبنان", ["لبنان", "بنان"]),
])
def test_clitic_variants_word_first(word, expected):
    assert clitic_variants(word)[: len(expected)] == expected
