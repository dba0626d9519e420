"""Arabic quantities: number words, digits, vague amounts, qualifiers, ranges."""
import pytest

from marsad.doc import Document
from marsad.pipeline import Pipeline
from marsad.text.numbers import find_quantities, find_quantities_in_doc, number_word_value, parse_quantity


@pytest.mark.parametrize("text,expected", [
    # units, feminine forms, teens, tens, compounds
    ("واحد", (1, 1, 1)), ("ثلاثة", (3, 3, 3)), ("ثلاث", (3, 3, 3)), ("ثماني", (8, 8, 8)), ("عشرة", (10, 10, 10)),
    ("أحد عشر", (11, 11, 11)), ("إحدى عشرة", (11, 11, 11)), ("اثنا عشر", (12, 12, 12)), ("ستة عشر", (16, 16, 16)),
    ("عشرون", (20, 20, 20)), ("عشرين", (20, 20, 20)), ("خمسة وعشرون", (25, 25, 25)),
    ("مئة", (100, 100, 100)), ("مائة", (100, 100, 100)), ("مئتان", (200, 200, 200)), ("ثلاثمئة", (300, 300, 300)),
    ("ثلاث مئة", (300, 300, 300)), ("ثلاثمائة وخمسون", (350, 350, 350)), ("مئة وخمسة وعشرون", (125, 125, 125)),
    # thousands, millions
    ("ألف", (1000, 1000, 1000)), ("ألفين", (2000, 2000, 2000)), ("ثلاثة آلاف", (3000, 3000, 3000)),
    ("عشرة آلاف", (10000, 10000, 10000)), ("مئة ألف", (100000, 100000, 100000)),
    ("ثلاثة آلاف وخمسمئة", (3500, 3500, 3500)), ("مليون ومئتا ألف", (1200000, 1200000, 1200000)),
    ("مليونين", (2000000, 2000000, 2000000)), ("ألفين وخمسة عشر", (2015, 2015, 2015)),
    ("ألف وتسعمئة وخمسة وثمانين", (1985, 1985, 1985)), ("مئة وخمسة عشر", (115, 115, 115)),
    # digits, with multipliers, decimals, separators, Arabic-Indic digits
    ("300", (300, 300, 300)), ("7 ملايين", (7000000, 7000000, 7000000)), ("10 آلاف", (10000, 10000, 10000)),
    ("1.5 مليون", (1500000, 1500000, 1500000)), ("1,500", (1500, 1500, 1500)), ("٣ آلاف", (3000, 3000, 3000)),
    ("٢٫٥ مليار", (2500000000, 2500000000, 2500000000)),
    # vague amounts
    ("بضعة", (None, 3, 9)), ("عدة", (None, 3, 9)), ("عشرات", (None, 20, 99)), ("العشرات", (None, 20, 99)),
    ("مئات", (None, 200, 999)), ("المئات", (None, 200, 999)), ("آلاف", (None, 2000, 9999)),
    ("ملايين", (None, 2000000, 9999999)), ("عشرات الآلاف", (None, 20000, 99999)),
    ("مئات الآلاف", (None, 200000, 999999)), ("بضعة آلاف", (None, 3000, 9999)),
    # qualifiers
    ("نحو 300", (300, 300, 300)), ("حوالي 25", (25, 25, 25)), ("قرابة ألف", (1000, 1000, 1000)),
    ("ما لا يقل عن 30", (30, 30, None)), ("30 على الأقل", (30, 30, None)),
    ("أكثر من 100", (100, 101, None)), ("ما يزيد على 50", (50, 51, None)),
    ("أقل من 5", (5, None, 4)), ("ما لا يزيد عن 20", (20, None, 20)), ("عشرون على الأكثر", (20, None, 20)),
    # ranges
    ("بين 7 و8 ملايين", (None, 7000000, 8000000)), ("ما بين 7و 8 ملايين", (None, 7000000, 8000000)),
    ("من 10 إلى 15", (None, 10, 15)), ("10-15", (None, 10, 15)), ("ثلاثة أو أربعة", (None, 3, 4)),
    ("2 و3 آلاف", (None, 2000, 3000)),
    # nothing
    ("لا شيء هنا", (None, None, None)), ("أحد", (None, None, None)), ("الاثنين", (None, None, None)),
])
def test_parse_quantity(text, expected):
    assert parse_quantity(text) == expected


def test_parse_quantity_accepts_token_lists():
    assert parse_quantity(["ثلاثة", "آلاف"]) == (3000, 3000, 3000)


def test_number_word_value():
    assert number_word_value("ثلاثه") == 3
    assert number_word_value("عشرين") == 20
    assert number_word_value("الف") == 1000
    assert number_word_value("الاف") is None  # a plural needs a count
    assert number_word_value("مدينه") is None


def test_find_quantities_spans_and_flags():
    found = find_quantities("قتل 27 شخصا وأصيب العشرات، فيما نزح نحو 3 آلاف وارتفعت الأسعار 15%")
    assert [(q.text, q.value, q.low, q.high, q.qualifier) for q in found] == [
        ("27", 27, 27, 27, None), ("العشرات", None, 20, 99, "vague"),
        ("نحو 3 الاف", 3000, 3000, 3000, "approx"), ("15", 15, 15, 15, None)]
    assert found[2].approx and found[3].unit == "%"


def test_two_numbers_side_by_side_are_not_added():
    assert [q.value for q in find_quantities("في عام 2019 20 قتيلا")] == [2019, 20]


def test_find_quantities_in_doc_skips_dates_and_maps_offsets():
    nlp = Pipeline.from_names(["clean", "segment", "dates"])
    text = "وقُتل ثلاثةُ آلافِ شخص في 20 فبراير 2019 خلال الـ24 ساعة الماضية."
    doc = nlp(Document(id="q", text=text, published_raw="2019-02-21"))
    found = find_quantities_in_doc(doc)
    # spans take the diacritics written on their last letter
    assert [(q.text, q.value) for q in found] == [("ثلاثةُ آلافِ", 3000)]
    q = found[0]
    assert text[q.start:q.end] == q.text
    # only inside a span
    s = doc.sentences[0]
    assert find_quantities_in_doc(doc, s.start, s.start + 5) == []
