"""Sentence segmentation and tokenization over the original text.

Sentences
    A line break always ends a sentence (news paragraphs; every line is a paragraph
    and ``Sentence.paragraph`` counts them). Inside a line a sentence ends at
    . ! ? ؟ … (and runs of them) followed by closing quotes or brackets and a space or
    the end of the line. ، and ؛ never end one; nor does the two-dot pause ".." after a
    lead of at most three words ("اليمن.. مقتل 130 انقلابياً"). A full stop does not end a sentence
    after a one-letter abbreviation (د. أ. م. ص. J.), after a listed abbreviation
    (إلخ is not one: it ends sentences), inside a number (3.5) or after a list
    number at the start of a line ("1. "). A terminator inside a short quotation
    («...» “...” "..." of at most 300 characters on one line) does not split it; one
    just before the closing quote does, after the quote.

Tokens
    Runs of letters, or of digits with their decimal part, found on the normalized copy
    and mapped back (a token's span never begins or ends on a dropped diacritic).
    Arabic proclitics glued to a number or a Latin word ("الـ24", "لـCNN") stay in the
    token and are split off as its prefix. Each token gets a conservative clitic
    segmentation (marsad.text.clitics.segment_word).
"""
from __future__ import annotations

import re

from ..doc import Document, Sentence, Token
from .clitics import _CACHE as _CLITIC_CACHE
from .clitics import segment_word
from .normalize import _DELETED_RUN, _SLOW_CHARS, _TRAILING_MARKS, end_with_marks

_TERMINATOR = re.compile(r"[.!?؟…]+[\"'»”’)\]]*(?=[ \t\u00a0\u200f\u200e]|$)|\n", re.M)
_QUOTE = re.compile(r"«[^«»\n]{1,300}»|“[^“”\n]{1,300}”|\"[^\"\n]{1,300}\"")
# one-letter Arabic or Latin abbreviation before a full stop: "د." "أ." "J."
_LATIN_ABBR = frozenset("mr mrs ms dr st jr sr no vs inc ltd co corp gen col lt sgt prof rev dept est approx".split())
_ARABIC_ABBR = frozenset("د ا أ إ م ص ج ش ق ت ك ه هـ ع س ل ف ب ح ط ن ر ي و ز غ خ ض ظ ث ذ".split())

# letters (with digits glued after them: "ال24", "و8"), or digits with a decimal part
_WORD = re.compile(r"[^\W\d_]+(?:\d+(?:[.,]\d+)*)?|\d+(?:[.,]\d+)*")


def _is_abbreviation(text: str, dot: int, line_start: int) -> bool:
    """The '.' at ``dot`` closes an abbreviation or a list number rather than a sentence."""
    j = dot
    while j > line_start and not text[j - 1].isspace() and text[j - 1] not in "(«\"“":
        j -= 1
    word = text[j:dot].rstrip("ـ")
    if not word:
        return False
    if word.isdigit():
        # "1. " at the start of a line is a list number; "عام 2019." ends a sentence
        return j == line_start and len(word) <= 2
    if len(word) == 1 and word.isalpha():
        if word in ("م", "ه", "هـ"):
            # "2019 م." / "1439 هـ." end sentences after a year
            k = j - 1
            while k > line_start and text[k - 1] == " ":
                k -= 1
            if k > line_start and text[k - 1].isdigit():
                return False
        return True
    if "." in word:  # "U.S." "م.ت.ف" "ت.غ": letters joined by dots
        parts = word.split(".")
        if all(len(p) <= 2 for p in parts if p):
            return True
    return word.lower() in _LATIN_ABBR


def split_sentences(doc: Document) -> list[Sentence]:
    text = doc.text
    out: list[Sentence] = []
    quotes = [(m.start(), m.end()) for m in _QUOTE.finditer(text)] if ('"' in text or "«" in text or "“" in text) else []
    qi = 0
    paragraph = 0
    pos = 0
    line_start = 0
    for m in _TERMINATOR.finditer(text):
        t = m.start()
        if m.group(0) == "\n":
            _add(out, text, pos, t, paragraph)
            if _has_text(text, line_start, t):
                paragraph += 1
            pos = line_start = t + 1
            continue
        # inside a short quotation (not right before its closing quote)?
        while qi < len(quotes) and quotes[qi][1] <= t:
            qi += 1
        if qi < len(quotes) and quotes[qi][0] < t and m.end() < quotes[qi][1]:
            continue
        if text[t] == "." and m.end() - t == 1 and _is_abbreviation(text, t, line_start):
            continue
        if text.startswith("..", t) and not text.startswith("...", t) and len(text[pos:t].split()) <= 3:
            continue  # "اليمن.. مقتل 130": a two-dot pause after a short lead, not a full stop
        _add(out, text, pos, m.end(), paragraph)
        pos = m.end()
    _add(out, text, pos, len(text), paragraph)
    return out


def _has_text(text: str, a: int, b: int) -> bool:
    return bool(text[a:b].strip())


def _add(out: list, text: str, start: int, end: int, paragraph: int) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        out.append(Sentence(len(out), start, end, text[start:end], paragraph))


def tokenize(doc: Document) -> list[Token]:
    norm, index, text = doc.norm, doc.norm_to_orig, doc.text
    tokens: list[Token] = []
    append = tokens.append
    bounds = [(s.end, s.id) for s in doc.sentences]
    bounds.append((len(text) + 1, -1))
    si = 0
    s_end, s_id = bounds[0]
    cache = _CLITIC_CACHE
    seg = segment_word
    marks = _TRAILING_MARKS
    n_text = len(text)
    # nothing deleted and nothing expanded: normalized offsets are the original ones
    identity = len(index) == n_text and not _SLOW_CHARS.search(text) and not _DELETED_RUN.search(text)
    for m in _WORD.finditer(norm):
        if identity:
            start, end = m.span()
        else:
            a, b = m.span()
            start = index[a]
            end = index[b - 1] + 1
            if end < n_text and text[end] in marks:
                end = end_with_marks(text, end)
        while s_end <= start:
            si += 1
            s_end, s_id = bounds[si]
        w = m.group()
        orig = text[start:end]
        # a final ه that was written ة is not a pronoun: its own cache entry
        parts = cache.get(w + "\x01" if w[-1] == "ه" and orig[-1] in "ةۃ" else w)
        if parts is None:
            parts = seg(w, orig)
        append(Token(start, end, orig, w, s_id, parts[0], parts[1], parts[2], w[-1].isdigit()))
    return tokens
