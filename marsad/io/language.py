"""Is this input Arabic? The one place the readers ask.

``marsad.text.language.detect_language`` (the text stage's detector) is used when it
is installed; until then, and for texts it cannot call ("und"), a script count
decides: the share of Arabic-script letters among all letters, with Persian and
Urdu told apart from Arabic by the letters only they use.
"""
from __future__ import annotations

import unicodedata
import warnings
from typing import Callable, Optional

try:  # the text stage's detector, when it has landed
    from ..text.language import detect_language as _stage_detect  # type: ignore[attr-defined]
except ImportError as exc:  # pragma: no cover - depends on what is installed
    _stage_detect = None
    if getattr(exc, "name", None) not in ("marsad.text.language", None):
        warnings.warn(f"marsad.text.language could not be imported ({exc}); using the script count",
                      RuntimeWarning, stacklevel=2)

# Only the first characters are looked at: enough to tell, and cheap on a 20 MB file.
SAMPLE_CHARS = 20_000
# An article is Arabic when at least this share of its letters are Arabic-script
# (an Arabic report quoting an English name or ending in a Latin link still passes).
MIN_ARABIC_SHARE = 0.5

_PERSIAN = set("پچژگکی")  # letters Persian writes and Arabic does not (ک ی instead of ك ي)
_URDU = set("ٹڈڑںہےھ")
_ARABIC_ONLY = set("ةيىكإأؤئ")  # letters Arabic writes and Persian rarely or never does


def _is_arabic_letter(ch: str) -> bool:
    cp = ord(ch)
    return (0x0600 <= cp <= 0x06FF or 0x0750 <= cp <= 0x077F or 0x08A0 <= cp <= 0x08FF
            or 0xFB50 <= cp <= 0xFDFF or 0xFE70 <= cp <= 0xFEFF)


def letter_counts(text: str) -> tuple[int, int]:
    """(Arabic-script letters, all letters) in the first ``SAMPLE_CHARS`` characters."""
    arabic = letters = 0
    for ch in text[:SAMPLE_CHARS]:
        if ch.isalpha():
            letters += 1
            if _is_arabic_letter(ch):
                arabic += 1
    return arabic, letters


def arabic_share(text: str) -> float:
    """Share of letters that are Arabic-script (0.0 when there are no letters)."""
    arabic, letters = letter_counts(text)
    return arabic / letters if letters else 0.0


def _latin_language(sample: str) -> str:
    words = [w.lower() for w in sample.split()[:400]]
    if not words:
        return "und"
    score = {
        "en": sum(w in {"the", "and", "of", "to", "in", "is", "was", "said", "that", "on"} for w in words),
        "fr": sum(w in {"le", "la", "les", "de", "des", "et", "est", "une", "dans", "du"} for w in words),
        "es": sum(w in {"el", "los", "las", "de", "y", "que", "en", "por", "una", "del"} for w in words),
        "de": sum(w in {"der", "die", "das", "und", "ist", "nicht", "mit", "den", "ein", "von"} for w in words),
        "tr": sum(w in {"ve", "bir", "bu", "ile", "için", "da", "de", "olarak", "olan"} for w in words),
    }
    best = max(score, key=score.get)
    return best if score[best] >= 2 else "und-Latn"


def script_language(text: str) -> str:
    """A language code from the script count alone: ar, fa, ur, en, fr, ..., und-XXXX, und."""
    sample = text[:SAMPLE_CHARS]
    arabic, letters = letter_counts(sample)
    if not letters:
        return "und"
    if arabic / letters >= MIN_ARABIC_SHARE:
        persian = sum(ch in _PERSIAN for ch in sample)
        urdu = sum(ch in _URDU for ch in sample)
        arabic_only = sum(ch in _ARABIC_ONLY for ch in sample)
        if urdu > max(arabic_only, 5) and urdu >= persian / 2:
            return "ur"
        if persian > max(arabic_only, 5):
            return "fa"
        return "ar"
    # the dominant non-Arabic script, by the first word of its Unicode name
    scripts: dict[str, int] = {}
    for ch in sample:
        if ch.isalpha() and not _is_arabic_letter(ch):
            name = unicodedata.name(ch, "")
            key = name.split(" ", 1)[0] if name else "UNKNOWN"
            scripts[key] = scripts.get(key, 0) + 1
    top = max(scripts, key=scripts.get)
    if top == "LATIN":
        return _latin_language(sample)
    return {"CYRILLIC": "und-Cyrl", "HEBREW": "he", "GREEK": "el", "CJK": "und-Hani", "HIRAGANA": "ja",
            "KATAKANA": "ja", "HANGUL": "ko", "DEVANAGARI": "hi", "THAI": "th"}.get(top, "und")


def detect_language(text: str, detector: Optional[Callable[[str], str]] = None) -> str:
    """The text's language code, from the text stage's detector when there is one."""
    detector = detector or _stage_detect
    if detector is not None:
        try:
            code = detector(text[:SAMPLE_CHARS])
        except Exception:  # a detector failing on odd input must not lose the record
            code = None
        if code and not str(code).startswith(("und", "unknown")):
            return str(code)
    return script_language(text)


def check_arabic(text: str) -> tuple[bool, str]:
    """(is Arabic, detected language code)."""
    lang = detect_language(text)
    return lang == "ar" or lang.startswith("ar-") or lang.startswith("ar_"), lang
