"""A cheap language guess from the script of the letters (no model, no data).

``detect_language(text)`` returns "ar" when Arabic-script letters dominate and the
text carries no letter that only Persian or Urdu use; "fa" or "ur" for Arabic-script
text with those letters; "en" / "fr" / "latin" for Latin-script text (a stop-word
count tells English from French); "unknown" for text with too few letters or another
script. Reading the first ``sample`` (1,000) characters is enough for news.
"""
from __future__ import annotations

import re

# letters used by Persian / Urdu but not by Arabic (Arabic news may still borrow one: threshold)
_PERSIAN = set("پچژگکی")  # pe, che, zhe, gaf, keheh, farsi yeh
_URDU = set("ٹڈڑںےۓھ")    # tteh, ddal, rreh, noon ghunna, yeh barree, heh doachashmee
_FA_WORDS = {"است", "این", "را", "که", "از", "می", "های", "هستند", "بود", "شد", "برای", "آن", "کرد", "بر"}
_UR_WORDS = {"ہے", "ہیں", "کے", "کی", "کو", "اور", "میں", "سے", "نے", "یہ", "کہ", "تھا", "گیا"}
_EN = {"the", "and", "of", "to", "in", "is", "for", "on", "that", "with", "was", "said"}
_FR = {"le", "la", "les", "des", "et", "du", "un", "une", "est", "dans", "pour", "que", "qui", "a"}


_FA_UR_CHARS = tuple(_PERSIAN | _URDU)
_LETTER = re.compile(r"[^\W\d_]")
_ARABIC_LETTER = re.compile("[\u0620-\u064A\u066E-\u06D3\u06D5\u06EE-\u06FF\u0750-\u077F\u08A0-\u08C9\uFB50-\uFDFF\uFE70-\uFEFC]")
_LATIN = re.compile("[A-Za-z\u00C0-\u024F]")
_FA_RE = re.compile("[" + "".join(sorted(_PERSIAN)) + "]")
_UR_RE = re.compile("[" + "".join(sorted(_URDU)) + "]")


def script_counts(text: str, sample: int = 4000) -> tuple[int, int, int, int, int]:
    """(letters, arabic-script letters, latin letters, persian-only, urdu-only) in a sample."""
    t = text[:sample]
    return (len(_LETTER.findall(t)), len(_ARABIC_LETTER.findall(t)), len(_LATIN.findall(t)),
            len(_FA_RE.findall(t)), len(_UR_RE.findall(t)))


def arabic_ratio(text: str, sample: int = 4000) -> float:
    letters, arabic, *_ = script_counts(text, sample)
    return arabic / letters if letters else 0.0


def detect_language(text: str, sample: int = 1000, min_letters: int = 10) -> str:
    """"ar", "fa", "ur", "en", "fr", "latin" or "unknown" (see the module docstring)."""
    if not text:
        return "unknown"
    t = text[:sample]
    # fast path: the UTF-8 lead bytes D8-DB are exactly the Arabic block U+0600-U+06FF
    b = t.encode("utf-8", "replace")
    ar_chars = b.count(0xD8) + b.count(0xD9) + b.count(0xDA) + b.count(0xDB)
    visible = len(t) - t.count(" ") - t.count("\n") - t.count("\t") - t.count("\r")
    if visible >= min_letters and ar_chars >= 0.6 * visible and not any(ch in t for ch in _FA_UR_CHARS):
        return "ar"
    letters = len(_LETTER.findall(t))
    if letters < min_letters:
        return "unknown"
    arabic = len(_ARABIC_LETTER.findall(t))
    if arabic / letters >= 0.5:
        fa = len(_FA_RE.findall(t))
        ur = len(_UR_RE.findall(t))
        if not fa and not ur:
            return "ar"
        # function words settle it: Arabic has none of these as words
        words = t.split()
        n = max(1, len(words))
        ur_words = sum(w in _UR_WORDS for w in words)
        fa_words = sum(w in _FA_WORDS for w in words)
        if ur_words >= max(2, 0.03 * n) or (ur >= max(5, 0.02 * arabic)):
            return "ur"
        if fa_words >= max(2, 0.03 * n) or (fa >= max(5, 0.04 * arabic) and fa_words):
            return "fa"
        return "ar"
    latin = len(_LATIN.findall(t))
    if latin / letters >= 0.5:
        words = [w.strip(".,;:!?\"'()").lower() for w in t.split()]
        en = sum(w in _EN for w in words)
        fr = sum(w in _FR for w in words)
        if en >= 2 and en >= fr:
            return "en"
        if fr >= 2:
            return "fr"
        return "latin"
    return "unknown"
