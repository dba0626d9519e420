"""Sentence segmentation and tokenization with clitic segmentation (texts written here)."""
import pytest

from marsad.doc import Document
from marsad.pipeline import Pipeline
from marsad.text.clitics import segment_word

NLP = Pipeline.from_names(["clean", "segment"])


def sents(text):
    return [s.text for s in NLP(Document(id="s", text=text)).sentences]


def tokens(text):
    return NLP(Document(id="s", text=text)).tokens


# -- sentences ---------------------------------------------------------------------

@pytest.mark.parametrize("text,expected", [
    ("قال الوزير إن الهجوم فشل. وأضاف أن التحقيق مستمر.",
     ["قال الوزير إن الهجوم فشل.", "وأضاف أن التحقيق مستمر."]),
    ("هل انتهت الحرب؟ لا أحد يعرف!", ["هل انتهت الحرب؟", "لا أحد يعرف!"]),
    ("هل انتهت الحرب? لا أحد يعرف", ["هل انتهت الحرب?", "لا أحد يعرف"]),
    ("وانتظر الجميع… ثم بدأ القصف.", ["وانتظر الجميع…", "ثم بدأ القصف."]),
    ("وانتظر الجميع... ثم بدأ القصف.", ["وانتظر الجميع...", "ثم بدأ القصف."]),
    ("أهذا معقول؟! قالها الجميع.", ["أهذا معقول؟!", "قالها الجميع."]),
])
def test_sentence_terminators(text, expected):
    assert sents(text) == expected


def test_comma_and_semicolon_do_not_end_sentences():
    text = "قصفت الطائرات البلدة، وقتل عشرة أشخاص؛ وجرح آخرون."
    assert sents(text) == [text]


def test_newline_always_ends_a_sentence_and_counts_paragraphs():
    doc = NLP(Document(id="s", text="عنوان قصير\nقال الوزير إن الهجوم فشل\n\nوأضاف أن التحقيق مستمر. ثم غادر."))
    assert [s.text for s in doc.sentences] == ["عنوان قصير", "قال الوزير إن الهجوم فشل",
                                               "وأضاف أن التحقيق مستمر.", "ثم غادر."]
    assert [s.paragraph for s in doc.sentences] == [0, 1, 2, 2]


@pytest.mark.parametrize("text", [
    "وقال د. أحمد الخطيب إن المستشفى امتلأ بالجرحى.",
    "وصرح أ. محمود سالم بأن الجلسة أرجئت.",
    "ونشر المقال في ص. 4 من الصحيفة اليوم.",
    "وارتفع المؤشر 3.5 نقطة خلال الجلسة.",
    "وقال المبعوث J. Smith إن المحادثات ستستأنف.",
    "وأكدت وكالة U.S. News أن الخبر صحيح.",
    "وكان م.ت.ف قد أعلنت موقفها من الاتفاق.",
])
def test_abbreviations_and_numbers_do_not_end_sentences(text):
    assert sents(text) == [text]


def test_list_number_at_line_start_is_not_a_sentence():
    assert sents("1. انسحاب القوات من المدينة") == ["1. انسحاب القوات من المدينة"]


def test_year_then_full_stop_ends_a_sentence():
    assert sents("وتأسست الحركة عام 2004. ثم توسعت.") == ["وتأسست الحركة عام 2004.", "ثم توسعت."]
    assert sents("وتأسست في 1420 هـ. ثم توسعت.") == ["وتأسست في 1420 هـ.", "ثم توسعت."]


def test_short_quotation_is_not_split():
    text = 'وقال المتحدث «لن نتراجع. سنواصل القتال» مشيرا إلى الجبهة.'
    assert sents(text) == [text]
    text2 = 'وكتب على تويتر "الوضع خطير! نحتاج المساعدة" قبل أن يغادر.'
    assert sents(text2) == [text2]


def test_quotation_ending_a_sentence_splits_after_the_quote():
    text = 'وقال المتحدث: "لن نتراجع." ثم غادر القاعة.'
    assert sents(text) == ['وقال المتحدث: "لن نتراجع."', "ثم غادر القاعة."]
    text2 = "وقال: «انتهى الأمر!» وأغلق الهاتف."
    assert sents(text2) == ["وقال: «انتهى الأمر!»", "وأغلق الهاتف."]


def test_two_dot_pause_after_a_short_lead():
    assert sents("اليمن.. مقتل 30 مسلحا في غارات") == ["اليمن.. مقتل 30 مسلحا في غارات"]
    assert sents("وقصفت الطائرات مواقع قرب البلدة.. وقالت مصادر إن القصف استمر") == [
        "وقصفت الطائرات مواقع قرب البلدة..", "وقالت مصادر إن القصف استمر"]


def test_sentence_spans_point_into_text():
    text = "  قال الوزير.  ثم غادر!\n\n"
    doc = NLP(Document(id="s", text=text))
    for s in doc.sentences:
        assert text[s.start:s.end] == s.text


# -- tokens ------------------------------------------------------------------------

def test_tokens_letters_and_numbers_with_decimals():
    toks = tokens("قُتل 3.5 ألف، و12 جريحا في الـ24 ساعة")
    assert [t.text for t in toks] == ["قُتل", "3.5", "ألف", "و12", "جريحا", "في", "الـ24", "ساعة"]
    assert [t.is_number for t in toks] == [False, True, False, True, False, False, True, False]
    t = toks[6]
    assert (t.prefix, t.stem) == ("ال", "24")


def test_token_norm_and_sentence_ids():
    doc = NLP(Document(id="s", text="قال الوزيرُ. وأكّد الخبر."))
    assert [(t.norm, t.sentence_id) for t in doc.tokens] == [
        ("قال", 0), ("الوزير", 0), ("واكد", 1), ("الخبر", 1)]


def test_latin_word_with_arabic_proclitic():
    toks = tokens("وقال لـCNN إن الوضع خطير")
    t = [t for t in toks if "CNN" in t.text][0]
    assert (t.prefix, t.stem) == ("ل", "cnn")


@pytest.mark.parametrize("word,orig,expected", [
    # conjunctions and prepositions
    ("وقال", None, ("و", "قال", "")),
    ("فقتل", None, ("ف", "قتل", "")),
    ("بقصف", None, ("ب", "قصف", "")),
    ("لقوات", None, ("ل", "قوات", "")),
    ("كجزء", None, ("ك", "جزء", "")),
    # the article and its combinations
    ("الجيش", None, ("ال", "جيش", "")),
    ("والجيش", None, ("وال", "جيش", "")),
    ("بالغارات", None, ("بال", "غارات", "")),
    ("وبالغارات", None, ("وبال", "غارات", "")),
    ("للتفاوض", None, ("لل", "تفاوض", "")),
    ("كالعاده", "كالعادة", ("كال", "عاده", "")),
    # future marker before an imperfect verb, with the conjunction
    ("وسيستخدمهم", "وسيستخدمهم", ("وس", "يستخدم", "هم")),
    # attached pronouns
    ("قواتهم", "قواتهم", ("", "قوات", "هم")),
    ("حكومتها", "حكومتها", ("", "حكومت", "ها")),
    ("قيادته", "قيادته", ("", "قيادت", "ه")),
    ("بلادنا", "بلادنا", ("", "بلاد", "نا")),
    ("عليها", "عليها", ("", "علي", "ها")),
])
def test_clitic_segmentation(word, orig, expected):
    assert segment_word(word, orig) == expected


@pytest.mark.parametrize("word,orig", [
    # the first letter belongs to the root or a name
    ("وزير", None), ("وزاره", "وزارة"), ("ولايه", "ولاية"), ("فرنسا", None), ("فلسطين", None),
    ("بلد", None), ("بغداد", None), ("لبنان", None), ("ليبيا", None), ("كان", None), ("كبير", None),
    ("سياسيه", "سياسية"), ("سنوات", None), ("وقعت", None), ("كشفت", None),
    # function words
    ("في", None), ("الي", None), ("التي", None), ("الذي", None), ("الله", None), ("انها", None),
    # too short to split
    ("وسط", None), ("بحث", None),
])
def test_no_split_for_root_letters_and_function_words(word, orig):
    assert segment_word(word, orig) == ("", word, "")


def test_final_ta_marbuta_is_not_a_pronoun():
    assert segment_word("مدينه", "مدينة") == ("", "مدينه", "")
    assert segment_word("المدينه", "المدينة") == ("ال", "مدينه", "")
    # without the original spelling a final ه is never read as a pronoun
    assert segment_word("قيادته") == ("", "قيادته", "")


def test_accusative_after_nun_is_not_our():
    assert segment_word("مكانا", "مكانا") == ("", "مكانا", "")


def test_tokens_segment_with_original_spelling():
    toks = tokens("وبالقرب من قيادتهم في المدينة")
    assert [(t.prefix, t.stem, t.suffix) for t in toks] == [
        ("وبال", "قرب", ""), ("", "من", ""), ("", "قيادت", "هم"), ("", "في", ""), ("ال", "مدينه", "")]


def test_token_span_keeps_the_marks_written_on_its_last_letter():
    toks = tokens("قُتِلَ جنديٌّ في الهجومِ")
    assert [t.text for t in toks] == ["قُتِلَ", "جنديٌّ", "في", "الهجومِ"]
    assert [t.norm for t in toks] == ["قتل", "جندي", "في", "الهجوم"]
