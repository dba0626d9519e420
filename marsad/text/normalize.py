"""Arabic normalization for matching that never loses the offsets into the original.

``normalize_with_map(text)`` returns the normalized string and, for each of its
characters, the index of the original character it came from. Deleting a
character (a diacritic, tatweel, a bidi mark) drops it from the map; folding (أ→ا)
keeps the map one to one; a compatibility form that NFKC expands (ﻻ → لا) maps every
produced character back to the one original character.

The folding matches the evaluation contract's: diacritics and tatweel removed, alef
forms folded to ا, alef maqsura to ي, ta marbuta to ه, hamza carriers ؤ ئ to و ي,
Persian ya/kaf/heh to their Arabic letters, Arabic-Indic and Persian digits to ASCII,
Latin lower-cased, ``_`` read as a space.
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# Arabic combining marks: harakat, tanwin, shadda, sukun, dagger alef, Quranic marks.
_DIACRITICS = set(range(0x0610, 0x061B)) | set(range(0x064B, 0x0660)) | {0x0670} | set(range(0x06D6, 0x06EE))
# Characters that carry no letter: tatweel, bidi controls, zero-width characters.
_INVISIBLE = {0x0640, 0x061C, 0x200B, 0x200C, 0x200D, 0x200E, 0x200F, 0xFEFF, 0x00AD} | set(range(0x202A, 0x202F)) | set(range(0x2066, 0x206A))

_FOLD = {
    "أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ٲ": "ا", "ٳ": "ا",
    "ى": "ي", "ی": "ي", "ې": "ي", "ئ": "ي",
    "ة": "ه", "ۀ": "ه", "ھ": "ه", "ە": "ه",
    "ؤ": "و",
    "ک": "ك", "ڪ": "ك",
    "_": " ", "\u00a0": " ", "\u2007": " ", "\u202f": " ",
    "«": '"', "»": '"', "“": '"', "”": '"', "„": '"', "‘": "'", "’": "'",
    "٪": "%", "٫": ".", "٬": ",",
}
for _i in range(10):
    _FOLD[chr(0x0660 + _i)] = str(_i)
    _FOLD[chr(0x06F0 + _i)] = str(_i)


@lru_cache(maxsize=4096)
def _char_form(ch: str) -> str:
    """What one original character becomes in the normalized text ('' = dropped)."""
    cp = ord(ch)
    if cp in _DIACRITICS or cp in _INVISIBLE:
        return ""
    if ch in _FOLD:
        return _FOLD[ch]
    if cp < 0x80:
        return ch.lower()
    # NFKC only where it is safe: Arabic presentation forms and compatibility
    # ligatures/full-width forms. Other characters pass as they are.
    if 0xFB50 <= cp <= 0xFDFF or 0xFE70 <= cp <= 0xFEFF or 0xFF00 <= cp <= 0xFFEF or 0xFB00 <= cp <= 0xFB4F:
        expanded = unicodedata.normalize("NFKC", ch)
        return "".join(_char_form(c) if c != ch else c for c in expanded).lower()
    low = ch.lower()
    if len(low) > 1:  # "İ" lowers to i + a combining dot: keep the letter
        low = "".join(c for c in low if not unicodedata.combining(c)) or low
    return low


# The fast path: C-level replaces and index ranges around deleted runs.
# It gives exactly what the per-character path gives and is taken whenever the text
# holds no compatibility form (NFKC expansion) and lower-casing keeps its length.
_FOLD_ITEMS = tuple(_FOLD.items())
_DELETED_RUN = re.compile("[" + "".join(re.escape(chr(cp)) for cp in sorted(_DIACRITICS | _INVISIBLE)) + "]+")
_SLOW_CHARS = re.compile("[\uFB00-\uFDFF\uFE70-\uFEFE\uFF00-\uFFEF\u03a3\u0130]")


def normalize_with_map(text: str) -> tuple[str, list[int]]:
    """Normalize ``text`` for matching; return (normalized, norm_to_orig)."""
    if not _SLOW_CHARS.search(text):
        low = text.lower()
        if len(low) == len(text):
            # delete, then fold with str.replace (far faster than str.translate here)
            norm = _DELETED_RUN.sub("", low)
            for a, b in _FOLD_ITEMS:
                if a in norm:
                    norm = norm.replace(a, b)
            n = len(text)
            if len(norm) == n:
                return norm, list(range(n))
            index: list[int] = []
            prev = 0
            for m in _DELETED_RUN.finditer(text):
                index.extend(range(prev, m.start()))
                prev = m.end()
            index.extend(range(prev, n))
            if len(index) == len(norm):
                return norm, index
    return _normalize_with_map_slow(text)


def _normalize_with_map_slow(text: str) -> tuple[str, list[int]]:
    """The reference: one character at a time."""
    out: list[str] = []
    index: list[int] = []
    form = _char_form
    for i, ch in enumerate(text):
        f = form(ch)
        if not f:
            continue
        if len(f) == 1:
            out.append(f)
            index.append(i)
        else:
            out.append(f)
            index.extend([i] * len(f))
    return "".join(out), index


_TRAILING_MARKS = frozenset(chr(cp) for cp in _DIACRITICS | {0x0640})


def end_with_marks(text: str, end: int) -> int:
    """Move a span's end past the diacritics and tatweel that follow its last letter
    ("قتلَ", "هـ"), so that the span shows the word as written; they normalize to nothing."""
    n = len(text)
    while end < n and text[end] in _TRAILING_MARKS:
        end += 1
    return end


def normalize_for_matching(text: str) -> str:
    """The normalized form alone, for lexicon keys and lookups. Collapses whitespace."""
    if not text:
        return ""
    return " ".join(_normalize_text(text).split())


def _normalize_text(text: str) -> str:
    """The normalized string alone (what ``normalize_with_map(text)[0]`` gives)."""
    if not _SLOW_CHARS.search(text):
        low = text.lower()
        if len(low) == len(text):
            norm = _DELETED_RUN.sub("", low)
            for a, b in _FOLD_ITEMS:
                if a in norm:
                    norm = norm.replace(a, b)
            return norm
    return "".join(_char_form(ch) for ch in text)


# Proclitics that may precede a word, longest first. "لل" stands for ل + ال.
_CONJ = ("و", "ف")
_PREP = ("ب", "ل", "ك")


def clitic_variants(word: str) -> list[str]:
    """Candidate stems of a normalized word, the word itself first.

    Clitics are stripped at lookup time and checked against a dictionary by the
    caller, never pre-expanded into keys: pre-expansion turns ب+اغوز into a town
    in Azerbaijan. The caller tries the candidates in order and keeps the first hit.
    """
    out = [word]
    seen = {word}

    def add(w: str) -> None:
        if len(w) >= 2 and w not in seen:
            seen.add(w)
            out.append(w)

    stems = [word]
    if len(word) > 3 and word[0] in _CONJ:
        stems.append(word[1:])
    for w in list(stems):
        if w.startswith("لل") and len(w) > 4:
            stems.append("ال" + w[2:])
        elif len(w) > 3 and w[0] in _PREP:
            stems.append(w[1:])
    for w in stems:
        add(w)
    for w in list(out):
        if w.startswith("ال") and len(w) > 3:
            add(w[2:])
    return out
