"""Arabic quantities: numerals in words and digits, vague amounts and qualifiers.

API (text arguments may be raw or normalized Arabic; normalization is applied here)
-----------------------------------------------------------------------------------
``parse_quantity(text_or_words) -> (value, low, high)``
    Read the first quantity expression of a short text ("ثلاثة آلاف", "7 ملايين",
    "نحو 300", "العشرات", "ما لا يقل عن 30", "بين 7 و8 ملايين"); ``(None, None, None)``
    when there is none. A list of words is joined with spaces first.

``find_quantities(text) -> list[QuantityMatch]``
    Every quantity expression of a string, with ``start``/``end`` into *its normalized
    form* (``normalize_with_map(text)[0]``).

``find_quantities_in_doc(doc, start=None, end=None) -> list[QuantityMatch]``
    The same over ``doc.norm`` (optionally only inside ``[start, end)`` of the original
    text) with ``start``/``end``/``text`` mapped back to ``doc.text``; numbers inside a
    date expression of ``doc.dates`` (a year, "الـ24 ساعة") are left out.

``number_word_value(word) -> int | None``
    The value of one normalized number word ("ثلاثه" -> 3, "عشرين" -> 20, "الف" -> 1000).

``QuantityMatch`` fields: start, end, text, value, low, high, approx (bool),
qualifier (min | max | more | less | approx | range | vague | None) and unit ("%" for
a percentage, else None).

Conventions (the triple ``value, low, high``)
---------------------------------------------
* an exact amount: ``value = low = high`` ("ثلاثة آلاف" -> 3000, 3000, 3000);
* an approximation (نحو، حوالي، قرابة، زهاء، ما يقارب، ما يناهز، ما يقرب من، تقريبا):
  the same triple, with ``approx`` True;
* a floor ("ما لا يقل عن 30", "30 على الأقل"): ``value = low = 30, high = None``;
* "more than N" (أكثر من، ما يزيد عن/على، أزيد من، ما يربو على، ما يفوق):
  ``value = N, low = N + 1, high = None``;
* "fewer than N" (أقل من، ما دون): ``value = N, low = None, high = N - 1``;
* "at most N" (على الأكثر، ما لا يزيد عن/على): ``value = N, low = None, high = N``;
* a range ("بين 7 و8 ملايين", "من 10 إلى 15", "10-15", "ثلاثة أو أربعة"):
  ``value = None``, ``low``, ``high`` (a multiplier written once applies to both ends);
* a vague amount: ``value = None`` and a range — بضعة/بضع/عدة → 3–9, عشرات → 20–99,
  مئات → 200–999, آلاف with no count → 2,000–9,999, ملايين with no count →
  2,000,000–9,999,999; a multiplier scales them: "عشرات الآلاف" → 20,000–99,999,
  "بضعة آلاف" → 3,000–9,999, "مئات الآلاف" → 200,000–999,999.
Words that double as other words are only read as numbers in a number context: أحد
and إحدى only before عشر/عشرة ("أحد" alone is "someone"), and the article is only
stripped from vague plurals and multipliers (العشرات، الآلاف), never from units
(الاثنين is Monday).
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from typing import Iterable, Optional, Union

from .normalize import end_with_marks, normalize_for_matching, normalize_with_map


def _n(d: dict) -> dict:
    return {normalize_for_matching(k): v for k, v in d.items()}


# -- the lexicon -------------------------------------------------------------------

_UNITS = _n({
    "واحد": 1, "واحدة": 1, "أحد": 1, "إحدى": 1,
    "اثنان": 2, "اثنين": 2, "اثنتان": 2, "اثنتين": 2, "اثنا": 2, "اثني": 2, "اثنتا": 2, "اثنتي": 2,
    "إثنين": 2, "إثنان": 2,
    "ثلاث": 3, "ثلاثة": 3, "أربع": 4, "أربعة": 4, "خمس": 5, "خمسة": 5, "ست": 6, "ستة": 6,
    "سبع": 7, "سبعة": 7, "ثمان": 8, "ثماني": 8, "ثمانية": 8, "تسع": 9, "تسعة": 9,
})
_TEN = _n({"عشر": 10, "عشرة": 10})
_TENS = _n({
    "عشرون": 20, "عشرين": 20, "ثلاثون": 30, "ثلاثين": 30, "أربعون": 40, "أربعين": 40,
    "خمسون": 50, "خمسين": 50, "ستون": 60, "ستين": 60, "سبعون": 70, "سبعين": 70,
    "ثمانون": 80, "ثمانين": 80, "تسعون": 90, "تسعين": 90,
})
_HUNDRED_WORDS = {"مئة": 100, "مائة": 100, "مئتان": 200, "مئتين": 200, "مائتان": 200, "مائتين": 200,
                  "مئتا": 200, "مائتا": 200, "مئتي": 200, "مائتي": 200}
for _w, _v in (("ثلاث", 3), ("أربع", 4), ("خمس", 5), ("ست", 6), ("سبع", 7), ("ثمان", 8), ("ثماني", 8), ("تسع", 9)):
    _HUNDRED_WORDS[_w + "مئة"] = _v * 100
    _HUNDRED_WORDS[_w + "مائة"] = _v * 100
_HUNDREDS = _n(_HUNDRED_WORDS)
# multipliers: singular and dual forms carry a value; plurals need a count or are vague
_MULT = _n({
    "ألف": 1000, "ألفا": 1000, "آلاف": 1000, "ألوف": 1000,
    "مليون": 10**6, "مليونا": 10**6, "ملايين": 10**6,
    "مليار": 10**9, "مليارا": 10**9, "مليارات": 10**9, "بليون": 10**9, "بلايين": 10**9,
})
_DUAL_MULT = _n({"ألفان": 2000, "ألفين": 2000, "مليونان": 2 * 10**6, "مليونين": 2 * 10**6,
                 "ملياران": 2 * 10**9, "مليارين": 2 * 10**9})
_PLURAL_MULT = {normalize_for_matching(w) for w in ("آلاف", "ألوف", "ملايين", "مليارات", "بلايين")}
_VAGUE = _n({"بضعة": (3, 9), "بضع": (3, 9), "عدة": (3, 9), "عشرات": (20, 99), "مئات": (200, 999),
             "مئات": (200, 999)})
_VAGUE_PLURAL = {1000: (2000, 9999), 10**6: (2 * 10**6, 9_999_999), 10**9: (2 * 10**9, 9_999_999_999)}
_NEEDS_TEN = {normalize_for_matching(w) for w in ("أحد", "إحدى")}

_WORD_VALUE: dict[str, int] = {}
for _d in (_UNITS, _TEN, _TENS, _HUNDREDS):
    _WORD_VALUE.update(_d)


def number_word_value(word: str) -> Optional[int]:
    """Value of a normalized number word (units, ten, tens, hundreds, ألف/مليون...)."""
    if word in _WORD_VALUE:
        return _WORD_VALUE[word]
    if word in _DUAL_MULT:
        return _DUAL_MULT[word]
    if word in _MULT and word not in _PLURAL_MULT:
        return _MULT[word]
    return None


def _seqs(pairs):
    return [(tuple(normalize_for_matching(p).split()), q) for p, q in pairs]


_PRE = _seqs([
    ("ما لا يقل عن", "min"), ("ما لا يقل على", "min"), ("لا يقل عن", "min"), ("ما لا يقل", "min"),
    ("ما لا يزيد عن", "max"), ("ما لا يزيد على", "max"), ("لا يزيد عن", "max"),
    ("ما يزيد عن", "more"), ("ما يزيد على", "more"), ("أكثر من", "more"), ("أزيد من", "more"),
    ("ما يربو على", "more"), ("ما يربو عن", "more"), ("ما يفوق", "more"), ("يزيد عن", "more"), ("يزيد على", "more"),
    ("أقل من", "less"), ("ما دون", "less"),
    ("ما يقارب", "approx"), ("ما يناهز", "approx"), ("ما يقرب من", "approx"), ("نحو", "approx"),
    ("حوالي", "approx"), ("حوالى", "approx"), ("قرابة", "approx"), ("زهاء", "approx"), ("تقريبا", "approx"),
])
_PRE.sort(key=lambda x: -len(x[0]))
_POST = _seqs([("على الأقل", "min"), ("على الأكثر", "max"), ("تقريبا", "approx")])
_RANGE_OPEN = {normalize_for_matching(w) for w in ("بين", "من")}
_RANGE_TO = {normalize_for_matching(w) for w in ("إلى", "حتى", "و", "-", "–")}
_PERCENT = re.compile(r"\s*(?:%|بالمئه|بالمايه|بالميه|في\s+الميه|في\s+المايه)")

_TOKEN_RE = re.compile(r"\d+(?:[.,]\d+)*|[^\W\d_]+|[-–%]")

# token classes
_DIG, _WRD, _MUL, _PMUL, _VAG, _AND, _OR, _DASH = range(8)


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
    unit: Optional[str] = None  # "%" for a percentage


def _digits(tok: str) -> Optional[float]:
    if re.fullmatch(r"\d{1,3}(?:,\d{3})+", tok):
        return float(tok.replace(",", ""))
    try:
        return float(tok.replace(",", "."))
    except ValueError:
        return None


def _classify(tok: str, nxt: str) -> Optional[tuple]:
    if tok[0].isdigit():
        v = _digits(tok)
        return (_DIG, v) if v is not None else None
    if tok == "و":
        return (_AND,)
    if tok == "او":
        return (_OR,)
    if tok in ("-", "–"):
        return (_DASH,)
    for w, art in ((tok, False), (tok[2:], True) if tok.startswith("ال") and len(tok) > 4 else (None, True)):
        if w is None:
            continue
        if w in _VAGUE:
            return (_VAG,) + _VAGUE[w]
        if w in _PLURAL_MULT:
            return (_PMUL, _MULT[w])
        if art:
            continue  # no article on units, tens, hundreds: الاثنين is Monday
        if w in _DUAL_MULT:
            return (_WRD, _DUAL_MULT[w], "mult")
        if w in _MULT:
            return (_MUL, _MULT[w])
        if w in _WORD_VALUE:
            if w in _NEEDS_TEN and nxt not in _TEN:
                return None
            return (_WRD, _WORD_VALUE[w], "word")
    return None


def _tokens(norm: str) -> list:
    """(start, end, word, class) with a glued conjunction split off ("و8", "وخمسون", "وبضعة")."""
    raw = [(m.start(), m.end(), m.group(0)) for m in _TOKEN_RE.finditer(norm)]
    out = []
    for i, (a, b, w) in enumerate(raw):
        nxt = raw[i + 1][2] if i + 1 < len(raw) else ""
        c = _classify(w, nxt)
        if c is None and len(w) > 1 and w[0] == "و" and not w[1:2].isdigit():
            c2 = _classify(w[1:], nxt)
            if c2 is not None and c2[0] in (_WRD, _MUL, _PMUL, _VAG):
                out.append((a, a + 1, "و", (_AND,)))
                out.append((a + 1, b, w[1:], c2))
                continue
        out.append((a, b, w, c))
    return out



def _pow10_above(x: float) -> int:
    p = 10
    while p <= x:
        p *= 10
    return p


def _composes(left: float, right: float) -> bool:
    """Does "left و right" make one number (ثلاثمئة وخمسون) rather than two (7 و8)?"""
    if 20 <= right <= 90 and right % 10 == 0 and 1 <= left % 100 <= 9:
        return True  # unit before ten: خمسة وعشرون, مئة وخمسة وعشرون
    p = _pow10_above(right)
    return left >= p and left % p == 0


class _Reader:
    def __init__(self, norm: str):
        self.norm = norm
        self.t = _tokens(norm)
        self.n = len(self.t)

    def cls(self, j):
        return self.t[j][3] if j < self.n else None

    def adjacent(self, j):
        """toks[j-1] and toks[j] are separated by spaces only."""
        return self.norm[self.t[j - 1][1]:self.t[j][0]].strip() == ""

    def amount(self, j):
        """Read one amount at j: (lo, hi, vague, mult_used, next_j) or None."""
        c = self.cls(j)
        if c is None:
            return None
        k = c[0]
        vague = False
        if k == _DIG:
            lo = hi = c[1]
            j += 1
        elif k == _VAG:
            lo, hi = c[1], c[2]
            vague = True
            j += 1
        elif k == _WRD:
            lo = c[1]
            last = lo  # the part read last: "عشر" after it makes a teen
            j += 1
            # "أحد عشر", "ثلاثة عشر", "ثلاث مئة", "ألفين وخمسة عشر"
            while j < self.n and self.adjacent(j):
                c2 = self.cls(j)
                if c2 and c2[0] == _WRD and c2[2] == "word":
                    if c2[1] == 10 and last < 10:
                        lo += 10
                        last += 10
                    elif c2[1] == 100 and lo < 10:
                        lo *= 100
                        last = lo
                    else:
                        break
                    j += 1
                    continue
                if c2 and c2[0] == _AND and j + 1 < self.n and self.adjacent(j + 1):
                    c3 = self.cls(j + 1)
                    if c3 and c3[0] == _WRD and c3[2] == "word" and _composes(lo, c3[1]):
                        lo += c3[1]
                        last = c3[1]
                        j += 2
                        continue
                break
            hi = lo
        elif k == _MUL:
            lo = hi = c[1]
            j += 1
            return self._after_mult(lo, hi, False, True, j)
        elif k == _PMUL:
            lo, hi = _VAGUE_PLURAL.get(c[1], (2 * c[1], 10 * c[1] - 1))
            vague = True
            j += 1
            return self._after_mult(lo, hi, True, True, j)
        else:
            return None
        # multipliers: "ثلاثة آلاف", "7 ملايين", "عشرات الآلاف", "مئة ألف"
        used = False
        while j < self.n and self.adjacent(j):
            c2 = self.cls(j)
            if c2 and c2[0] in (_MUL, _PMUL):
                m = c2[1]
                lo, hi = lo * m, (hi * m if not vague else (hi + 1) * m - 1)
                used = True
                j += 1
                continue
            break
        if used:
            return self._after_mult(lo, hi, vague, True, j)
        return lo, hi, vague, False, j

    def _after_mult(self, lo, hi, vague, used, j):
        # "ثلاثة آلاف وخمسمئة": a smaller amount added after و
        if not vague and j + 1 < self.n and self.cls(j) and self.cls(j)[0] == _AND and self.adjacent(j) \
                and self.adjacent(j + 1):
            c3 = self.cls(j + 1)
            if c3 and c3[0] in (_WRD, _DIG) and c3[1] < lo and _composes(lo, c3[1]):
                sub = self.amount(j + 1)
                if sub and not sub[2] and _composes(lo, sub[0]):
                    return lo + sub[0], hi + sub[1], False, True, sub[4]
        return lo, hi, vague, used, j


def _seq_at(toks, j, seqs) -> tuple[Optional[str], int]:
    for seq, q in seqs:
        L = len(seq)
        if j + L <= len(toks) and all(toks[j + i][2] == seq[i] for i in range(L)):
            return q, L
    return None, 0


def _scan(norm: str) -> list[QuantityMatch]:
    r = _Reader(norm)
    t, n = r.t, r.n
    out: list[QuantityMatch] = []
    j = 0
    while j < n:
        start_j = j
        q, L = _seq_at(t, j, _PRE)
        j2 = j + L
        opener = None
        if not L and t[j][2] in _RANGE_OPEN and j + 1 < n:
            opener = t[j][2]
            j2 = j + 1
        elif not L and t[j][2] == "ما" and j + 2 < n and t[j + 1][2] == "بين":
            opener = "بين"
            j2 = j + 2
        first = r.amount(j2) if j2 < n else None
        if first is None:
            j += 1
            continue
        lo, hi, vague, used, k = first
        kind = "vague" if vague else None
        # a range: "7 و8 ملايين", "من 10 إلى 15", "10-15", "ثلاثة أو أربعة"
        if k < n and t[k][3] is not None and t[k][3][0] in (_AND, _OR, _DASH) or (k < n and t[k][2] in _RANGE_TO and opener):
            conn = t[k]
            ok_conn = (conn[3] is not None and conn[3][0] in (_OR, _DASH)) or conn[2] in ("الي", "حتي") and opener \
                or (conn[3] is not None and conn[3][0] == _AND)
            second = r.amount(k + 1) if ok_conn and k + 1 < n and (r.adjacent(k + 1) or conn[3] is not None and conn[3][0] == _DASH) else None
            if second is not None and not vague and not second[2]:
                lo2, hi2, _, used2, k2 = second
                if used2 and not used:
                    # the multiplier written once: "7 و8 ملايين"
                    m = lo2 / max(1, _base(t, k + 1))
                    lo, hi = lo * m, hi * m
                if lo2 > lo:
                    out.append(_mk(norm, t, start_j if (opener or L) else j2, k2, None, lo, hi2, q == "approx", "range"))
                    j = k2
                    continue
        end_k = k
        post, P = _seq_at(t, k, _POST)
        if post:
            end_k = k + P
            q = q or post
        value = None if vague else lo
        low, high = lo, hi
        if value is not None and q in ("min", "more", "less", "max"):
            low, high = {"min": (value, None), "more": (value + 1, None), "less": (None, value - 1),
                         "max": (None, value)}[q]
        s = start_j if L else j2
        out.append(_mk(norm, t, s, end_k, value, low, high, q == "approx", q or kind))
        j = end_k
    return out


def _base(t, a) -> float:
    """The amount of a range's second end before its multiplier ("8" of "8 ملايين")."""
    c = t[a][3]
    return c[1] if c and c[0] in (_DIG, _WRD) else 1


def _mk(norm, t, a, b, value, low, high, approx, qualifier) -> QuantityMatch:
    s, e = t[a][0], t[b - 1][1]
    unit = "%" if _PERCENT.match(norm, e) else None
    iv = lambda x: None if x is None else int(round(x))  # noqa: E731
    return QuantityMatch(s, e, norm[s:e], iv(value), iv(low), iv(high), approx, qualifier, unit)


def find_quantities(text: str) -> list[QuantityMatch]:
    """All quantity expressions in ``text`` (spans into its normalized form)."""
    norm, _ = normalize_with_map(text)
    return _scan(norm)


def find_quantities_in_doc(doc, start: Optional[int] = None, end: Optional[int] = None) -> list[QuantityMatch]:
    """Quantity expressions of ``doc`` (optionally inside ``[start, end)``), spans into ``doc.text``."""
    norm, index = doc.norm, doc.norm_to_orig
    if not index and doc.text:
        norm, index = normalize_with_map(doc.text)
    lo_n = bisect.bisect_left(index, start) if start is not None else 0
    hi_n = bisect.bisect_left(index, end) if end is not None else len(norm)
    out = []
    dates = sorted((d.start, d.end) for d in doc.dates)
    d_starts = [d[0] for d in dates]
    for q in _scan(norm[lo_n:hi_n]):
        s = index[lo_n + q.start]
        e = end_with_marks(doc.text, index[lo_n + q.end - 1] + 1)
        k = bisect.bisect_left(d_starts, e)  # dates starting before e: does the last few overlap?
        if any(dates[i][1] > s for i in range(max(0, k - 3), k)):
            continue
        out.append(QuantityMatch(s, e, doc.text[s:e], q.value, q.low, q.high, q.approx, q.qualifier, q.unit))
    return out


def parse_quantity(words: Union[str, Iterable[str]]) -> tuple[Optional[int], Optional[int], Optional[int]]:
    """Read the first quantity expression; ``(value, low, high)`` or ``(None, None, None)``."""
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
