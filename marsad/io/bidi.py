"""Arabic for a terminal that does not lay it out: shaping and visual reordering.

DISPLAY ONLY. Most terminals print characters left to right in the order they are
stored and draw each Arabic letter in its isolated form, so an Arabic sentence comes
out backwards and in pieces. :func:`visual` returns a copy of one line with its
letters in their contextual forms (Unicode presentation forms, found from the
Unicode database itself) and its runs reordered as the Unicode bidirectional
algorithm would show them (a simplified UBA: strong types, numbers, neutrals,
mirrored brackets; no explicit embeddings). JSON, JSONL and CSV output never pass
through here.

Terminals that already do bidi themselves (mlterm, Konsole, macOS Terminal, VTE
with bidi on) would reverse it twice: set ``MARSAD_BIDI=off`` or pass ``--no-bidi``.
Written here rather than taken from python-bidi, which is LGPL-3.0; marsad keeps to
permissive dependencies.
"""
from __future__ import annotations

import os
import unicodedata
from functools import lru_cache

_FORMS = ("isolated", "final", "initial", "medial")
_BIDI_CONTROLS = {"\u200e", "\u200f", "\u061c", "\u202a", "\u202b", "\u202c", "\u202d", "\u202e",
                  "\u2066", "\u2067", "\u2068", "\u2069"}
_MIRROR = {"(": ")", ")": "(", "[": "]", "]": "[", "{": "}", "}": "{", "<": ">", ">": "<",
           "«": "»", "»": "«", "‹": "›", "›": "‹"}
_ALEFS = {"\u0622", "\u0623", "\u0625", "\u0627"}  # آ أ إ ا
_TATWEEL = "\u0640"


@lru_cache(maxsize=1)
def _tables() -> tuple[dict, dict]:
    """{letter: {form: presentation char}} and {(lam, alef): {form: ligature}}."""
    forms: dict[str, dict[str, str]] = {}
    ligatures: dict[tuple[str, str], dict[str, str]] = {}
    for cp in list(range(0xFB50, 0xFE00)) + list(range(0xFE70, 0xFF00)):
        ch = chr(cp)
        dec = unicodedata.decomposition(ch).split()
        if len(dec) < 2 or dec[0].strip("<>") not in _FORMS:
            continue
        form, bases = dec[0].strip("<>"), [chr(int(x, 16)) for x in dec[1:]]
        if len(bases) == 1:
            forms.setdefault(bases[0], {}).setdefault(form, ch)
        elif len(bases) == 2 and bases[0] == "\u0644" and bases[1] in _ALEFS and 0xFEF5 <= cp <= 0xFEFC:
            ligatures.setdefault((bases[0], bases[1]), {})[form] = ch
    return forms, ligatures


def _joining(ch: str) -> str:
    """'D' dual-joining, 'R' right-joining, 'C' join-causing, 'T' transparent, 'U' none."""
    if ch == _TATWEEL:
        return "C"
    if unicodedata.category(ch) == "Mn":
        return "T"
    f = _tables()[0].get(ch)
    if not f:
        return "U"
    return "D" if ("initial" in f or "medial" in f) else "R"


def shape(text: str) -> str:
    """Arabic letters to their contextual presentation forms (lam-alef ligated)."""
    forms, ligatures = _tables()
    joins = [_joining(c) for c in text]
    out: list[str] = []
    i, n = 0, len(text)
    prev_joins_left = False  # the previous non-transparent letter connects to what follows
    while i < n:
        ch, j = text[i], joins[i]
        if j == "T":
            out.append(ch)
            i += 1
            continue
        if j == "U":
            out.append(ch)
            prev_joins_left = False
            i += 1
            continue
        k = i + 1
        while k < n and joins[k] == "T":
            k += 1
        nxt = joins[k] if k < n else "U"
        if ch == "\u0644" and k < n and (ch, text[k]) in ligatures:
            lig = ligatures[(ch, text[k])]
            out.append(lig.get("final" if prev_joins_left else "isolated", ch + text[k]))
            out.extend(text[i + 1:k])  # marks between lam and alef
            prev_joins_left = False
            i = k + 1
            continue
        joins_prev = prev_joins_left
        joins_next = j in ("D", "C") and nxt in ("D", "R", "C")
        form = ("medial" if joins_prev and joins_next else "final" if joins_prev
                else "initial" if joins_next else "isolated")
        if j == "C":
            out.append(ch)
        else:
            f = forms.get(ch, {})
            out.append(f.get(form) or f.get("final" if joins_prev else "isolated") or ch)
        prev_joins_left = joins_next
        i += 1
    return "".join(out)


def _strong(ch: str) -> str:
    """Bidi class collapsed to R, L, N (number) or O (neutral)."""
    b = unicodedata.bidirectional(ch)
    if b in ("R", "AL"):
        return "R"
    if b == "L":
        return "L"
    if b in ("EN", "AN"):
        return "N"
    return "O"


def reorder(line: str, base: str | None = None) -> str:
    """One logical-order line to visual (left-to-right display) order."""
    chars = [c for c in line if c not in _BIDI_CONTROLS]
    if not chars:
        return ""
    n = len(chars)
    types = [_strong(c) for c in chars]
    for i, c in enumerate(chars):  # a combining mark takes its base's type
        if i and unicodedata.category(c) == "Mn":
            types[i] = types[i - 1]
    if base is None:
        base = next((t for t in types if t in ("R", "L")), "L")
    # W7: a number after left-to-right text (or at the start of a LTR line) is L
    last = base
    for i, t in enumerate(types):
        if t in ("R", "L"):
            last = t
        elif t == "N" and last == "L":
            types[i] = "L"
    # N1/N2: neutrals between two of the same direction take it (numbers count as R),
    # other neutrals take the line's direction
    strong = ["R" if t == "N" else t for t in types]
    resolved = types[:]
    i = 0
    while i < n:
        if types[i] != "O":
            i += 1
            continue
        k = i
        while k < n and types[k] == "O":
            k += 1
        before = strong[i - 1] if i else base
        after = strong[k] if k < n else base
        fill = before if before == after else base
        resolved[i:k] = [fill] * (k - i)
        i = k
    # I1/I2: embedding levels
    if base == "R":
        levels = [1 if t == "R" else 2 for t in resolved]
    else:
        levels = [0 if t == "L" else 1 if t == "R" else 2 for t in resolved]
    chars = [_MIRROR.get(c, c) if levels[i] % 2 else c for i, c in enumerate(chars)]
    # L2: from the highest level down to the lowest odd one, reverse every run at or above it
    idx = list(range(n))
    for level in range(max(levels), 0, -1):
        i = 0
        while i < n:
            if levels[idx[i]] >= level:
                k = i
                while k < n and levels[idx[k]] >= level:
                    k += 1
                idx[i:k] = idx[i:k][::-1]
                i = k
            else:
                i += 1
    return "".join(_fix_marks([chars[j] for j in idx]))


def _fix_marks(chars: list) -> list:
    """After reversal a base letter follows its marks; put the marks back after it."""
    out: list[str] = []
    marks: list[str] = []
    for c in chars:
        if unicodedata.category(c) == "Mn":
            marks.append(c)
        else:
            out.append(c)
            out.extend(marks)
            marks = []
    out.extend(marks)
    return out


def enabled() -> bool:
    """Visual reordering is on unless ``MARSAD_BIDI`` says off/0/no/false."""
    return os.environ.get("MARSAD_BIDI", "on").strip().lower() not in ("off", "0", "no", "false", "logical")


def visual(line: str, *, on: bool | None = None) -> str:
    """A display copy of one line: shaped and reordered (or as it is when turned off)."""
    if on is None:
        on = enabled()
    if not on or not any(_strong(c) == "R" for c in line):
        return line
    return reorder(shape(line))


def wrap(text: str, width: int) -> list[str]:
    """Break logical-order text into lines of at most ``width`` characters, by words.

    Wrap first, then reorder each line: reordering a paragraph and letting the
    terminal wrap it would put the end of an Arabic sentence on its first line."""
    lines: list[str] = []
    for para in text.splitlines() or [""]:
        cur = ""
        for word in para.split():
            while len(word) > width:
                if cur:
                    lines.append(cur)
                    cur = ""
                lines.append(word[:width])
                word = word[width:]
            if not cur:
                cur = word
            elif len(cur) + 1 + len(word) <= width:
                cur += " " + word
            else:
                lines.append(cur)
                cur = word
        lines.append(cur)
    return lines


def visual_block(text: str, width: int, *, on: bool | None = None) -> str:
    """Wrapped to ``width`` and each line made visual: ready for a terminal cell."""
    return "\n".join(visual(line, on=on) for line in wrap(text, max(width, 8)))
