"""A cheap language guess from the script of the letters (no model, no data).

``detect_language(text)`` returns "ar" when Arabic-script letters dominate and the
text carries no letter that only Persian or Urdu use; "fa" or "ur" for Arabic-script
text with those letters; "en" / "fr" / "latin" for Latin-script text (a stop-word
count tells English from French); "unknown" for text with too few letters or another
script. Reading the first ``sample`` characters is enough for news.
"""
from __future__ import annotations

# letters used by Persian / Urdu but not by Arabic (Arabic news may still borrow one: threshold)
_PERSIAN = set("پچژگکی")  # pe, che, zhe, gaf, keheh, farsi yeh
_URDU = set("ٹڈڑںےۓھ")    # tteh, ddal, rreh, noon ghunna, yeh barree, heh doachashmee
_FA_WORDS = {"است", "این", "را", "که", "از", "می", "های", "هستند", "بود", "شد", "برای", "آن", "کرد", "بر"}
_UR_WORDS = {"ہے", "ہیں", "کے", "کی", "کو", "اور", "میں", "سے", "نے", "یہ", "کہ", "تھا", "گیا"}
_EN = {"the", "and", "of", "to", "in", "is", "for", "on", "that", "with", "was", "said"}
_FR = {"le", "la", "les", "des", "et", "du", "un", "une", "est", "dans", "pour", "que", "qui", "a"}


def script_counts(text: str, sample: int = 4000) -> tuple[int, int, int, int, int]:
    """(letters, arabic-script letters, latin letters, persian-only, urdu-only) in a sample."""
    letters = arabic = latin = fa = ur = 0
    for ch in text[:sample]:
        if not ch.isalpha():
            continue
        letters += 1
        o = ord(ch)
        if 0x0600 <= o <= 0x06FF or 0x0750 <= o <= 0x077F or 0xFB50 <= o <= 0xFDFF or 0xFE70 <= o <= 0xFEFF or 0x08A0 <= o <= 0x08FF:
            arabic += 1
            if ch in _URDU:
                ur += 1
            elif ch in _PERSIAN:
                fa += 1
        elif o < 0x250:
            latin += 1
    return letters, arabic, latin, fa, ur


def arabic_ratio(text: str, sample: int = 4000) -> float:
    letters, arabic, *_ = script_counts(text, sample)
    return arabic / letters if letters else 0.0


def detect_language(text: str, sample: int = 4000, min_letters: int = 10) -> str:
    """"ar", "fa", "ur", "en", "fr", "latin" or "unknown" (see the module docstring)."""
    if not text:
        return "unknown"
    letters, arabic, latin, fa, ur = script_counts(text, sample)
    if letters < min_letters:
        return "unknown"
    if arabic / letters >= 0.5:
        # function words settle it: Arabic has none of these as words
        words = text[:sample].split()
        n = max(1, len(words))
        ur_words = sum(w in _UR_WORDS for w in words)
        fa_words = sum(w in _FA_WORDS for w in words)
        if ur_words >= max(2, 0.03 * n) or (ur >= max(5, 0.02 * arabic)):
            return "ur"
        if fa_words >= max(2, 0.03 * n) or (fa >= max(5, 0.04 * arabic) and fa_words):
            return "fa"
        return "ar"
    if latin / letters >= 0.5:
        words = [w.strip(".,;:!?\"'()").lower() for w in text[:sample].split()]
        en = sum(w in _EN for w in words)
        fr = sum(w in _FR for w in words)
        if en >= 2 and en >= fr:
            return "en"
        if fr >= 2:
            return "fr"
        return "latin"
    return "unknown"
