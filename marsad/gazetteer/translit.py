"""The transliteration bridge: Arabic mentions against Latin-only gazetteer names.

Many GeoNames places carry only Latin names (Ālbū Kamāl, Hajīn, Kermanshah). Both
scripts are reduced to a *consonant skeleton* — vowels, ا و ي ع ء and the article
dropped, letter classes merged where romanizations disagree (ث/ت, ذ/د/ظ/ض, ش/س/ص,
ق/ك, ج/غ/g) — so that البوكمال and "Al Bū Kamāl" both read ``bkml``. Exact skeleton
hits are looked up in a dict; near misses are scored with rapidfuzz on a fuller
romanization. The bridge only runs for mentions that something in the text already
announces as a place (a head noun such as قرية or a strong place context).
"""
from __future__ import annotations

import re
import unicodedata
from typing import Optional

# Arabic letter -> skeleton class ('' = dropped)
_AR_SKEL = {
    "ب": "b", "ت": "t", "ث": "t", "ج": "g", "ح": "h", "خ": "k", "د": "d", "ذ": "d", "ر": "r",
    "ز": "z", "س": "s", "ش": "s", "ص": "s", "ض": "d", "ط": "t", "ظ": "z", "ع": "", "غ": "g",
    "ف": "f", "ق": "k", "ك": "k", "ل": "l", "م": "m", "ن": "n", "ه": "h", "ة": "", "و": "",
    "ي": "", "ى": "", "ا": "", "أ": "", "إ": "", "آ": "", "ء": "", "ؤ": "", "ئ": "", "پ": "b",
    "چ": "s", "ژ": "z", "گ": "g", "ک": "k", "ی": "",
}
# Arabic letter -> a readable romanization (for fuzzy scoring)
_AR_ROMAN = {
    "ا": "a", "أ": "a", "إ": "i", "آ": "a", "ب": "b", "ت": "t", "ث": "th", "ج": "j", "ح": "h",
    "خ": "kh", "د": "d", "ذ": "dh", "ر": "r", "ز": "z", "س": "s", "ش": "sh", "ص": "s", "ض": "d",
    "ط": "t", "ظ": "z", "ع": "", "غ": "gh", "ف": "f", "ق": "q", "ك": "k", "ل": "l", "م": "m",
    "ن": "n", "ه": "h", "ة": "a", "و": "u", "ي": "i", "ى": "a", "ء": "", "ؤ": "", "ئ": "",
    "پ": "p", "چ": "ch", "ژ": "zh", "گ": "g", "ک": "k", "ی": "i",
}
_LATIN_ARTICLE = re.compile(r"^(?:al|el|an|ar|as|ash|at|ad|adh|az|ath|aş|aḑ|aţ|aẕ|aẓ)[\s\-‘’'`ʿʾ]+", re.I)
_ARTICLES = {"al", "el", "an", "ar", "as", "ash", "at", "ad", "adh", "az", "ath", "ul", "ud", "ur", "us"}
_LATIN_DIGRAPHS = (("sh", "s"), ("kh", "k"), ("th", "t"), ("dh", "d"), ("gh", "g"), ("ch", "s"),
                   ("ph", "f"), ("zh", "z"), ("ou", "u"), ("j", "g"), ("q", "k"), ("c", "k"),
                   ("x", "ks"), ("p", "b"), ("v", "f"))
_VOWELS = set("aeiouyw")


def _collapse(s: str) -> str:
    out = []
    for ch in s:
        if not out or out[-1] != ch:
            out.append(ch)
    return "".join(out)


_NON_LETTER = re.compile(r"[^a-z ]+")
_SPECIAL = str.maketrans({"ı": "i", "ş": "s", "ç": "ch", "ğ": "g", "-": " ", "ʿ": "", "ʾ": "", "‘": "", "’": "",
                          "'": "", "`": "", "ø": "o", "æ": "ae", "ß": "ss", "đ": "d", "ł": "l"})


def latin_fold(name: str) -> str:
    """Lower-case ASCII letters and spaces only (diacritics and apostrophes removed)."""
    s = name.translate(_SPECIAL)
    if not s.isascii():
        s = unicodedata.normalize("NFKD", s)
        s = "".join(ch for ch in s if not unicodedata.combining(ch))
    s = s.lower()
    return " ".join(_NON_LETTER.sub("", s).split())


def latin_skeleton(name: str) -> str:
    """Consonant skeleton of a Latin place name (articles and vowels removed)."""
    words = latin_fold(name).split()
    s = " ".join(w for w in words if w not in _ARTICLES)
    for a, b in _LATIN_DIGRAPHS:
        if a in s:
            s = s.replace(a, b)
    if s.endswith(("iyah", "iyeh", "iyya", "iya", "ieh")):
        s = s[: s.rfind("i")] + "Y"  # the nisba ending -iyya
    s = s.translate(_DROP_VOWELS).replace("Y", "y")
    if s.endswith("h") and len(s) > 2:
        s = s[:-1]  # final -ah/-eh (ta marbuta, Persian -eh) is not a consonant in Arabic spelling
    return _collapse(s)


_DROP_VOWELS = str.maketrans({c: "" for c in "aeiouyw "})


def arabic_skeleton(norm: str) -> str:
    """Consonant skeleton of a normalized Arabic name (article removed from each word)."""
    words = []
    for w in norm.split():
        if w.startswith("ال") and len(w) > 3:
            w = w[2:]
        words.append(w)
    joined = "".join(words)
    tail = ""
    if joined.endswith("يه") and len(joined) > 3:
        joined, tail = joined[:-2], "y"  # the nisba ending -iyya
    s = "".join(_AR_SKEL.get(ch, "") for ch in joined) + tail
    if s.endswith("h") and len(s) > 2 and not tail:
        s = s[:-1]  # ة (folded to ه) and a final ه are not consonants in romanizations
    return _collapse(s)


def romanize(norm: str) -> str:
    """A plain romanization of a normalized Arabic name, for fuzzy comparison."""
    words = []
    for w in norm.split():
        if w.startswith("ال") and len(w) > 3:
            w = w[2:]
        words.append("".join(_AR_ROMAN.get(ch, "") for ch in w))
    return " ".join(words)


def bridge(gaz, norm: str, countries: Optional[set] = None) -> Optional[tuple[int, float]]:
    """Best (row, confidence) for an Arabic name among Latin names, or None.

    ``countries`` restricts candidates (the article's context); without it only exact
    skeletons of at least four consonants are trusted."""
    from rapidfuzz import fuzz

    sk = arabic_skeleton(norm)
    if len(sk) < 3:
        return None
    threshold = 85.0 if len(sk) == 3 else 60.0  # three consonants match too much by chance
    rows = gaz.latin.get(sk, ())
    if countries:
        rows = [r for r in rows if gaz.country[r] in countries]
    elif len(sk) < 4:
        return None
    if not rows:
        return None
    rom = romanize(norm)
    best, best_score = None, -1.0
    for r in rows:
        sc = fuzz.ratio(_vowel_class(rom), _vowel_class(latin_fold(_LATIN_ARTICLE.sub("", gaz.name[r]))))
        if sc > best_score or (sc == best_score and best is not None and gaz.population[r] > gaz.population[best]):
            best, best_score = r, sc
    if best is None or best_score < threshold:
        return None
    conf = 0.5 + 0.4 * min(1.0, max(0.0, (best_score - 50.0) / 50.0))
    return best, round(conf, 3)


def _vowel_class(s: str) -> str:
    """Merge the letters romanizations disagree on, keep the vowel pattern."""
    s = s.replace(" ", "")
    for a, b in (("sh", "s"), ("kh", "k"), ("th", "t"), ("dh", "d"), ("gh", "g"), ("j", "g"), ("q", "k"),
                 ("c", "k"), ("e", "i"), ("o", "u"), ("w", "u"), ("y", "i"), ("p", "b"), ("v", "f")):
        s = s.replace(a, b)
    return _collapse(s)
