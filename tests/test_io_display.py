"""The display-only bidi helper and the language check."""
import unicodedata

from hypothesis import given, strategies as st

from marsad.io import bidi
from marsad.io.language import check_arabic, script_language


def _base(s: str) -> str:
    """Presentation forms back to letters (NFKC), to compare shaped text with its source."""
    return unicodedata.normalize("NFKC", s)


def test_pure_arabic_line_is_reversed_and_shaped():
    out = bidi.visual("قال الوزير", on=True)
    assert _base(out) == "ريزولا لاق"
    assert all(0xFB50 <= ord(c) <= 0xFEFF or c == " " for c in out)


def test_numbers_and_latin_keep_their_order_inside_arabic():
    assert bidi.reorder("قتل 25 شخصا") == "اصخش 25 لتق"
    assert bidi.reorder("قالت Reuters إن") == "نإ Reuters تلاق"


def test_latin_line_with_an_arabic_word():
    assert bidi.reorder("Windows 10 ابج") == "Windows 10 جبا"


def test_brackets_are_mirrored_in_arabic():
    assert bidi.reorder("(أرشيف)") == "(فيشرأ)"


def test_shaping_forms_and_lam_alef():
    assert [unicodedata.name(c).split()[-2] for c in bidi.shape("بيت")] == ["INITIAL", "MEDIAL", "FINAL"]
    assert bidi.shape("لا") == "\ufefb"  # LAM WITH ALEF ISOLATED
    assert bidi.shape("سلام") == "\ufeb3\ufefc\ufee1"  # seen initial, lam-alef final, meem isolated
    # a right-joining letter (د) breaks the word: the next letter starts again
    assert unicodedata.name(bidi.shape("دب")[1]).endswith("ISOLATED FORM")


def test_diacritics_stay_on_their_letter():
    out = bidi.reorder("قَالَ")
    assert _base(out)[0] == "ل" and out.index("\u064e") > 0


def test_turned_off_returns_the_text_unchanged(monkeypatch):
    monkeypatch.setenv("MARSAD_BIDI", "off")
    assert bidi.visual("قال الوزير") == "قال الوزير"
    monkeypatch.setenv("MARSAD_BIDI", "on")
    assert bidi.visual("قال الوزير") != "قال الوزير"
    assert bidi.visual("plain ascii") == "plain ascii"


def test_wrap_keeps_logical_order_per_line():
    lines = bidi.wrap("واحد اثنان ثلاثة أربعة خمسة", 12)
    assert lines == ["واحد اثنان", "ثلاثة أربعة", "خمسة"]
    block = bidi.visual_block("واحد اثنان ثلاثة أربعة خمسة", 12, on=True).split("\n")
    assert _base(block[0]) == "نانثا دحاو"


@given(st.text(alphabet=st.sampled_from(list("ابتثجحخدذرزسشصضطظعغفقكلمنهوية ءآأإؤئ0123456789abc (),.-:«»")),
               max_size=60))
def test_reorder_is_a_permutation_up_to_mirroring(s):
    out = bidi.reorder(s)
    fold = {")": "(", "»": "«"}  # a mirrored bracket is still a bracket
    assert sorted(fold.get(c, c) for c in out) == sorted(fold.get(c, c) for c in s)


@given(st.text(max_size=40))
def test_visual_never_fails(s):
    bidi.visual(s, on=True)


def test_script_language():
    assert script_language("قال الوزير إن الاشتباكات مستمرة في المدينة") == "ar"
    assert script_language("The minister said that the clashes were still going on in the city") == "en"
    assert script_language("Le ministre a dit que les combats se poursuivent dans la ville et le pays") == "fr"
    assert script_language("Министр заявил, что бои продолжаются") == "und-Cyrl"
    assert script_language("1234 5678") == "und"


def test_check_arabic():
    assert check_arabic("أعلن الجيش السيطرة على البلدة بعد معارك عنيفة")[0]
    ok, lang = check_arabic("The army said it took the town after heavy fighting")
    assert not ok and lang == "en"
