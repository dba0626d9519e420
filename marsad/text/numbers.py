"""Arabic quantities: numerals in words and digits, vague amounts and qualifiers.

API (all text arguments are raw or normalized Arabic; normalization is applied here)
-----------------------------------------------------------------------------------
``parse_quantity(text_or_words) -> (value, low, high)``
    Read one quantity expression ("ثلاثة آلاف", "7 ملايين", "نحو 300", "العشرات",
    "ما لا يقل عن 30", "بين 7 و8 ملايين") and return a triple; ``(None, None, None)``
    when the text holds no quantity.

``find_quantities(text) -> list[QuantityMatch]``
    Every quantity expression in a (raw or normalized) string, with spans into *that
    string's normalized form*.

``find_quantities_in_doc(doc, start=None, end=None) -> list[QuantityMatch]``
    The same over ``doc.norm`` (optionally only inside ``[start, end)`` of the
    original text) with ``start``/``end`` mapped back to offsets of ``doc.text``.

``number_word_value(word) -> int | None``
    The value of one normalized number word ("ثلاثه" -> 3, "عشرين" -> 20), else None.

Conventions (the triple ``value, low, high``)
---------------------------------------------
* an exact amount: ``value = low = high`` ("ثلاثة آلاف" -> 3000, 3000, 3000);
* an approximation (نحو، حوالي، قرابة، زهاء، ما يقارب، ما يناهز، تقريبا): the same triple,
  and ``QuantityMatch.approx`` is True;
* a floor ("ما لا يقل عن 30", "30 على الأقل"): ``value = low = 30, high = None``;
* "more than N" (أكثر من، ما يزيد عن/على، أزيد من، فوق): ``value = N, low = N + 1, high = None``;
* "fewer than N" (أقل من، ما دون): ``value = N, low = None, high = N - 1``;
* "at most N" (على الأكثر، ما لا يزيد عن): ``value = N, low = None, high = N``;
* a range ("بين 7 و8 ملايين", "من 10 إلى 15", "10-15"): ``value = None, low, high``;
* a vague plural: ``value = None`` and a range —
  بضعة/بضع/عدة → 3–9, عشرات/العشرات → 20–99, مئات → 200–999, آلاف (with no count) → 2,000–9,999,
  ملايين (with no count) → 2,000,000–9,999,999; they scale: "عشرات الآلاف" → 20,000–99,999,
  "بضعة آلاف" → 3,000–9,999, "مئات الآلاف" → 200,000–999,999.
Ordinals and years are not quantities; digits that are part of a date, a time or a
ratio are the caller's business (the dates stage claims them first).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable, Optional, Union

from .normalize import normalize_for_matching, normalize_with_map

# -- the lexicon (normalized spellings: ة→ه, أ/إ/آ→ا, ى→ي) -------------------------

_UNITS = {
    "واحد": 1, "واحده": 1, "احد": 1, "احدي": 1,
    "اثنان": 2, "اثنين": 2, "اثنتان": 2, "اثنتين": 2, "اثنا": 2, "اثني": 2, "اثنتا": 2, "اثنتي": 2,
    "ثلاث": 3, "ثلاثه": 3, "اربع": 4, "اربعه": 4, "خمس": 5, "خمسه": 5,
    "ست": 6, "سته": 6, "سبع": 7, "سبعه": 7, "ثمان": 8, "ثماني": 8, "ثمانيه": 8,
    "تسع": 9, "تسعه": 9,
}
_TEN = {"عشر": 10, "عشره": 10}
_TENS = {
    "عشرون": 20, "عشرين": 20, "ثلاثون": 30, "ثلاثين": 30, "اربعون": 40, "اربعين": 40,
    "خمسون": 50, "خمسين": 50, "ستون": 60, "ستين": 60, "سبعون": 70, "سبعين": 70,
    "ثمانون": 80, "ثمانين": 80, "تسعون": 90, "تسعين": 90,
}
_HUNDREDS = {"مئه": 100, "مائه": 100, "مئتان": 200, "مئتين": 200, "مائتان": 200, "مائتين": 200,
             "مئتا": 200, "مائتا": 200, "مئتي": 200, "مائتي": 200}
for _w, _v in (("ثلاث", 3), ("اربع", 4), ("خمس", 5), ("ست", 6), ("سبع", 7), ("ثمان", 8), ("ثماني", 8), ("تسع", 9)):
    _HUNDREDS[_w + "مئه"] = _v * 100
    _HUNDREDS[_w + "مائه"] = _v * 100
# multipliers (singular / dual); plurals are handled as "vague" when no count precedes
_MULT = {
    "الف": 1000, "الفا": 1000, "الفان": 2000, "الفين": 2000, "الاف": 1000, "الالاف": 1000,
    "مليون": 10**6, "مليونا": 10**6, "مليونان": 2 * 10**6, "مليونين": 2 * 10**6, "ملايين": 10**6,
    "مليار": 10**9, "مليارا": 10**9, "ملياران": 2 * 10**9, "مليارين": 2 * 10**9, "مليارات": 10**9,
    "بليون": 10**9, "بلايين": 10**9,
}
_PLURAL_MULT = {"الاف", "الالاف", "ملايين", "الملايين", "مليارات", "المليارات", "بلايين"}
# vague amounts: (low, high)
_VAGUE = {
    "بضعه": (3, 9), "بضع": (3, 9), "عده": (3, 9),
    "عشرات": (20, 99), "العشرات": (20, 99),
    "مئات": (200, 999), "المئات": (200, 999), "مءات": (200, 999),
}
_VAGUE_MULT = {  # a bare plural multiplier ("آلاف الأشخاص")
    "الاف": (2000, 9999), "الالاف": (2000, 9999),
    "ملايين": (2 * 10**6, 9_999_999), "الملايين": (2 * 10**6, 9_999_999),
    "مليارات": (2 * 10**9, 9_999_999_999), "المليارات": (2 * 10**9, 9_999_999_999),
}

_WORD_VALUE: dict[str, int] = {}
_WORD_VALUE.update(_UNITS)
_WORD_VALUE.update(_TEN)
_WORD_VALUE.update(_TENS)
_WORD_VALUE.update(_HUNDREDS)


def number_word_value(word: str) -> Optional[int]:
    """Value of a normalized number word (units, ten, tens, hundreds, ألف/مليون...)."""
    w = word
    if w in _WORD_VALUE:
        return _WORD_VALUE[w]
    if w in _MULT and w not in _PLURAL_MULT:
        return _MULT[w]
    return None


# qualifiers before a number (normalized, as token sequences)
_PRE_QUALIFIERS = [
    (("ما", "لا", "يقل", "عن"), "min"), (("ما", "لا", "يقل", "علي"), "min"), (("لا", "يقل", "عن"), "min"),
    (("ما", "لا", "يزيد", "عن"), "max"), (("ما", "لا", "يزيد", "علي"), "max"),
    (("ما", "يزيد", "عن"), "more"), (("ما", "يزيد", "علي"), "more"), (("اكثر", "من"), "more"),
    (("ازيد", "من"), "more"), (("ما", "يربو", "علي"), "more"), (("يزيد", "عن"), "more"), (("يزيد", "علي"), "more"),
    (("ما", "يفوق"), "more"), (("اقل", "من"), "less"), (("ما", "دون"), "less"),
    (("ما", "يقارب"), "approx"), (("ما", "يناهز"), "approx"), (("نحو",), "approx"), (("حوالي",), "approx"),
    (("حوالى",), "approx"), (("قرابه",), "approx"), (("زهاء",), "approx"), (("قرابة",), "approx"),
    (("تقريبا",), "approx"), (("ما",  "يقرب", "من"), "approx"),
]
_POST_QUALIFIERS = [
    (("علي", "الاقل"), "min"), (("علي", "الاكثر"), "max"), (("تقريبا",), "approx"),
]

_TOKEN_RE = re.compile(r"\d+(?:[.,]\d+)*|[^\W\d_]+")


@dataclass(slots=True)
class QuantityMatch:
    start: int
    end: int
    text: str
    value: Optional[int]
    low: Optional[int]
    high: Optional[int]
    approx: bool = False
    qualifier: Optional[str] = None  # min | max | more | less | approx | range | vague | None


def _digit_value(tok: str) -> Optional[float]:
    t = tok.replace(",", "") if re.fullmatch(r"\d{1,3}(?:,\d{3})+", tok) else tok.replace(",", ".")
    try:
        return float(t)
    except ValueError:
        return None


def _strip_clitic(w: str) -> tuple[str, int]:
    """A number word with a leading و / ب / ل / ال (and combinations) removed; returns (word, len stripped)."""
    for p in ("وبال", "وال", "بال", "لل", "ال", "و", "ب", "ل"):
        if w.startswith(p) and len(w) > len(p) + 1:
            rest = w[len(p):]
            if p == "لل":
                rest = "ال" + rest
            if rest in _WORD_VALUE or rest in _MULT or rest in _VAGUE or rest in _VAGUE_MULT:
                return rest, len(p)
    return w, 0


def _classify(tok: str):
    """('num', value) | ('mult', value, plural) | ('vague', (lo, hi)) | ('vmult', (lo, hi)) | ('and',) | None"""
    if tok[0].isdigit():
        v = _digit_value(tok)
        return ("num", v) if v is not None else None
    if tok == "و":
        return ("and",)
    w = tok
    for cand in (w, _strip_clitic(w)[0]):
        if cand in _VAGUE:
            return ("vague", _VAGUE[cand])
        if cand in _MULT:
            return ("mult", _MULT[cand], cand in _PLURAL_MULT)
        if cand in _WORD_VALUE:
            return ("num", _WORD_VALUE[cand])
    return None


def _combine(items: list) -> Optional[tuple]:
    """Fold a run of classified number tokens into (value, low, high, kind)."""
    # split on a "range" و: between two digit numbers, or two units, e.g. "7 و8 ملايين"
    total = 0.0
    current = 0.0
    have = False
    vague: Optional[tuple] = None
    prev_kind = None
    parts: list[float] = []  # completed alternatives for ranges
    for it in items:
        kind = it[0]
        if kind == "and":
            prev_kind = "and"
            continue
        if kind == "num":
            v = it[1]
            if prev_kind == "and" and have and (it[2] if len(it) > 2 else False):
                pass
            if have and prev_kind == "and" and current and _is_range_pair(current, v, it):
                parts.append(total + current)
                total, current = 0.0, v
            elif current and v == 100 and current < 10:
                current *= 100
            else:
                current += v
            have = True
        elif kind == "mult":
            mult, plural = it[1], it[2]
            if vague is not None and not have:
                vague = (vague[0] * mult, (vague[1] + 1) * mult - 1)
            elif have:
                current = (current or 1) * mult
                total += current
                current = 0.0
                parts = [p * mult if p < mult else p for p in parts]
            else:
                total += mult
                have = True
        elif kind == "vague":
            if have:
                return None
            vague = it[1]
        elif kind == "vmult":
            vague = it[1]
        prev_kind = kind
    if vague is not None and not have:
        return (None, int(vague[0]), int(vague[1]), "vague")
    if not have:
        return None
    value = total + current
    if parts:
        lo = parts[0]
        return (None, int(lo), int(value), "range")
    return (int(round(value)), int(round(value)), int(round(value)), None)


def _is_range_pair(left: float, right: float, it) -> bool:
    # "خمسة وعشرون" composes (a unit before a ten); "7 و8", "ثلاثة وأربعة" are alternatives
    if it[-1] == "digit":
        return True
    if left < 10 and right >= 20 and right < 100 and right % 10 == 0:
        return False
    if left >= 100 and right < left:
        return False
    if left >= 20 and right < 10:
        return False
    return True


def _classified_tokens(norm: str) -> list:
    out = []
    for m in _TOKEN_RE.finditer(norm):
        tok = m.group(0)
        c = _classify(tok)
        if c is None and tok.startswith("و") and len(tok) > 1:
            # "و8" or "وخمسون" glued to the conjunction
            rest = tok[1:]
            c2 = _classify(rest) if rest else None
            if c2 is not None and c2[0] in ("num", "mult", "vague"):
                out.append((m.start(), m.start() + 1, "و", ("and",)))
                out.append((m.start() + 1, m.end(), rest, c2 + (("digit",) if rest[0].isdigit() else ())))
                continue
        if c is not None and c[0] == "num" and tok[0].isdigit():
            c = c + ("digit",)
        out.append((m.start(), m.end(), tok, c))
    return out


def _match_seq(toks: list, i: int, seqs) -> tuple[Optional[str], int]:
    for seq, q in seqs:
        n = len(seq)
        if i + n <= len(toks) and all(toks[i + k][2] == seq[k] for k in range(n)):
            return q, n
    return None, 0


def _scan(norm: str) -> list[QuantityMatch]:
    toks = _classified_tokens(norm)
    out: list[QuantityMatch] = []
    i = 0
    n = len(toks)
    while i < n:
        q, qn = _match_seq(toks, i, _PRE_QUALIFIERS)
        j = i + qn
        range_kw = None
        if j < n and toks[j][2] in ("بين", "ما") and qn == 0:
            # "(ما) بين X و Y" / "من X إلى Y"
            k = j + 1 if toks[j][2] == "بين" else (j + 2 if j + 1 < n and toks[j + 1][2] == "بين" else -1)
            if k > 0 and k < n and toks[k][3] is not None and toks[k][3][0] != "and":
                range_kw = "between"
                j = k
        if j >= n or toks[j][3] is None or toks[j][3][0] == "and":
            i += 1
            continue
        if toks[j][3][0] == "mult" and toks[j][3][2] is False and not toks[j][2].startswith("ال") and False:
            pass
        # collect the run
        k = j
        items = []
        while k < n:
            c = toks[k][3]
            if c is None:
                break
            if c[0] == "and":
                if k + 1 < n and toks[k + 1][3] is not None and toks[k + 1][3][0] != "and" \
                        and toks[k + 1][0] - toks[k][1] <= 2:
                    items.append(c)
                    k += 1
                    continue
                break
            if items and toks[k][0] - toks[k - 1][1] > 2:
                break
            if c[0] == "mult" and c[2]:  # a plural multiplier: a count before it or vague
                if not any(x[0] in ("num", "vague") for x in items):
                    c = ("vmult", _VAGUE_MULT.get(toks[k][2]) or _VAGUE_MULT.get(_strip_clitic(toks[k][2])[0], (2000, 9999)))
            items.append(c)
            k += 1
        # "من X إلى Y" / "X-Y"
        end_k = k
        if k + 1 < n and toks[k][2] in ("الي", "حتي") and toks[k + 1][3] is not None and toks[k + 1][3][0] == "num":
            k2 = k + 1
            items2 = []
            while k2 < n and toks[k2][3] is not None and (toks[k2][3][0] != "and" or items2):
                items2.append(toks[k2][3])
                k2 += 1
            r1, r2 = _combine(items), _combine(items2)
            if r1 and r2 and r1[0] is not None and r2[0] is not None:
                s = toks[j - 1][0] if j > 0 and toks[j - 1][2] == "من" else toks[j][0]
                lo, hi = r1[0], r2[0]
                if hi >= lo:
                    out.append(QuantityMatch(s, toks[k2 - 1][1], norm[s:toks[k2 - 1][1]], None, lo, hi, False, "range"))
                    i = k2
                    continue
        res = _combine(items)
        if res is None:
            i = max(i + 1, j + 1)
            continue
        value, low, high, kind = res
        start = toks[i][0] if (qn or range_kw) else toks[j][0]
        end = toks[end_k - 1][1]
        # tolerate "7-8" style ranges written with a hyphen
        m = re.match(r"\s*[-–]\s*(\d+)(?!\d)", norm[end:end + 12]) if items and items[-1][0] == "num" and value is not None else None
        if m and int(m.group(1)) > (value or 0):
            low, high, value, kind = value, int(m.group(1)), None, "range"
            end = end + m.end()
        post, pn = _match_seq(toks, end_k, _POST_QUALIFIERS)
        if post:
            end = toks[end_k + pn - 1][1]
            q = q or post
        approx = q == "approx"
        if value is not None and q:
            if q == "min":
                low, high = value, None
            elif q == "more":
                low, high = value + 1, None
            elif q == "less":
                low, high = None, value - 1
            elif q == "max":
                low, high = None, value
        out.append(QuantityMatch(start, end, norm[start:end], value, low, high, approx, q or kind))
        i = end_k + (pn if post else 0)
    return out


def find_quantities(text: str) -> list[QuantityMatch]:
    """All quantity expressions in ``text`` (spans into its normalized form)."""
    norm, _ = normalize_with_map(text)
    return _scan(norm)


def find_quantities_in_doc(doc, start: Optional[int] = None, end: Optional[int] = None) -> list[QuantityMatch]:
    """Quantity expressions of ``doc`` (optionally inside ``[start, end)``), spans into ``doc.text``."""
    norm, index = doc.norm, doc.norm_to_orig
    if not norm and doc.text:
        norm, index = normalize_with_map(doc.text)
    lo_n, hi_n = 0, len(norm)
    if start is not None or end is not None:
        import bisect
        lo_n = bisect.bisect_left(index, start or 0)
        hi_n = bisect.bisect_left(index, end if end is not None else len(doc.text))
    out = []
    for q in _scan(norm[lo_n:hi_n]):
        s = index[lo_n + q.start]
        e = index[lo_n + q.end - 1] + 1
        out.append(QuantityMatch(s, e, doc.text[s:e], q.value, q.low, q.high, q.approx, q.qualifier))
    return out


def parse_quantity(words: Union[str, Iterable[str]]) -> tuple[Optional[int], Optional[int], Optional[int]]:
    """Read one quantity expression; ``(value, low, high)`` or ``(None, None, None)``."""
    text = words if isinstance(words, str) else " ".join(words)
    found = _scan(normalize_for_matching(text))
    if not found:
        return (None, None, None)
    q = found[0]
    return (q.value, q.low, q.high)


def small_count(word: str) -> Optional[int]:
    """A count written as one normalized word or digits (used by the dates grammar)."""
    if word.isdigit():
        return int(word)
    w = word[2:] if word.startswith("ال") and len(word) > 3 else word
    return _UNITS.get(w) or _TEN.get(w) or _TENS.get(w)
