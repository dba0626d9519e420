"""Property tests (hypothesis): spans always point into the original text, and what a
span covers in the original normalizes to what was matched."""
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from marsad.doc import Document
from marsad.pipeline import Pipeline
from marsad.text.normalize import (_normalize_with_map_slow, normalize_for_matching,
                                   normalize_with_map)
from marsad.text.numbers import find_quantities_in_doc

NLP = Pipeline.from_names(["clean", "segment", "dates"])

# Arabic letters, diacritics, tatweel, bidi marks, digits of three systems, punctuation,
# presentation forms, Latin, spaces and line breaks.
ARABIC = "ابتثجحخدذرزسشصضطظعغفقكلمنهويءآأإؤئةى"
MARKS = "\u064b\u064c\u064d\u064e\u064f\u0650\u0651\u0652\u0670\u0640\u200f\u200e\u200c\u061c\u202b\u202c\ufeff"
DIGITS = "0123456789٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹"
PUNCT = ".،؛؟!…:«»\"'()/-_ \n\u00a0٪٫"
OTHER = "ﻻﺍﺏﻛabcXYZİΣσ"
alphabet = st.sampled_from(list(ARABIC + MARKS + DIGITS + PUNCT + OTHER))
texts = st.text(alphabet=alphabet, max_size=300)

WORDS = ["قال", "الوزير", "أمس", "اليوم", "قبل", "يومين", "بضعة", "أيام", "الأسبوع", "الماضي", "فبراير",
         "شباط", "2019", "20", "١٥", "رمضان", "1439", "هـ", "الخميس", "عام", "في", "منذ", "الشهر", "الجاري",
         "مطلع", "العام", "(أرشيف)", "د.", "3.5", "«قال", "لا»", "اقرأ", "أيضا", "خلال", "الساعات", "الـ24",
         "ساعة", "ليل", "الثلاثاء", "-", "الأربعاء", "،", ".", "!", "؟", "\n", "\n\n", "ديسمبر(كانون", "الأول)",
         "وبالقوات", "لبنان", "قيادتهم", "مدينة", "عشرات", "آلاف", "ثلاثة", "و8", "ملايين", "نحو", "300",
         "ما", "لا", "يقل", "عن", "بين", "7و", "أو", "أربعة", "قَتَلَ", "الـــجيش", "\u200f", "ﻻ"]
articles = st.lists(st.sampled_from(WORDS), max_size=80).map(" ".join)


@settings(max_examples=300, deadline=None)
@given(texts)
def test_fast_normalization_equals_the_reference(text):
    assert normalize_with_map(text) == _normalize_with_map_slow(text)


@settings(max_examples=300, deadline=None)
@given(texts)
def test_normalization_map_points_into_the_original(text):
    norm, index = normalize_with_map(text)
    assert len(norm) == len(index)
    assert index == sorted(index)
    assert all(0 <= i < len(text) for i in index)


def _norm_slice(doc, start, end):
    """The part of doc.norm that came from doc.text[start:end], spaces collapsed."""
    idx = [i for i, o in enumerate(doc.norm_to_orig) if start <= o < end]
    if not idx:
        return ""
    return " ".join(doc.norm[idx[0]:idx[-1] + 1].split())


def _check_doc(doc):
    text = doc.text
    for s in doc.sentences:
        assert 0 <= s.start < s.end <= len(text)
        assert text[s.start:s.end] == s.text
        assert normalize_for_matching(s.text) == _norm_slice(doc, s.start, s.end)
    for q in find_quantities_in_doc(doc):
        assert 0 <= q.start < q.end <= len(text)
        assert text[q.start:q.end] == q.text
        assert normalize_for_matching(q.text) == _norm_slice(doc, q.start, q.end)
    for t in doc.tokens:
        assert 0 <= t.start < t.end <= len(text)
        assert text[t.start:t.end] == t.text
        # the original span normalizes to the token's normalized form
        assert normalize_for_matching(t.text) == t.norm
        assert t.prefix + t.stem + t.suffix == t.norm
    for d in doc.dates:
        assert 0 <= d.start < d.end <= len(text)
        assert text[d.start:d.end] == d.text
        # the original span normalizes to the matched normalized span
        ns = doc.norm_to_orig.index(d.start)
        ne = max(i for i, o in enumerate(doc.norm_to_orig) if o < d.end) + 1
        assert normalize_for_matching(d.text) == " ".join(doc.norm[ns:ne].split())
        if d.value_start:
            assert d.value_start <= d.value_end
    starts = [s.start for s in doc.sentences]
    assert starts == sorted(starts)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(texts, st.sampled_from([None, "2019-02-20", "Thu, 03 May 2018 13:41:45 +0400"]))
def test_every_span_maps_back_random_text(text, published):
    _check_doc(NLP(Document(id="p", text=text, published_raw=published)))


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(articles, st.sampled_from([None, "2019-02-20", "2018-12-31T23:00:00"]))
def test_every_span_maps_back_article_like_text(text, published):
    _check_doc(NLP(Document(id="p", text=text, published_raw=published)))
