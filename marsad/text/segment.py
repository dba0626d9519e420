"""Sentence segmentation and tokenization over the original text (first cut).

Sentences end at . ! ? ؟ … followed by a space, and at line breaks (news
paragraphs). Tokens are runs of letters or digits found on the normalized copy and
mapped back, so a token's span never includes a diacritic-only edge by accident.
"""
from __future__ import annotations

import re

from ..doc import Document, Sentence, Token
from .normalize import clitic_variants

_SENT_END = re.compile(r"(?<=[.!?؟…])[\"'»”)]*\s+|\n+")
_WORD = re.compile(r"[^\W_]+(?:[.,٫][0-9]+)*")


def split_sentences(doc: Document) -> list[Sentence]:
    text = doc.text
    out: list[Sentence] = []
    paragraph = 0
    pos = 0
    for m in _SENT_END.finditer(text):
        _add(out, text, pos, m.start(), paragraph)
        if "\n" in m.group(0):
            paragraph += 1
        pos = m.end()
    _add(out, text, pos, len(text), paragraph)
    return out


def _add(out: list, text: str, start: int, end: int, paragraph: int) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        out.append(Sentence(id=len(out), start=start, end=end, text=text[start:end], paragraph=paragraph))


def tokenize(doc: Document) -> list[Token]:
    norm, index = doc.norm, doc.norm_to_orig
    tokens: list[Token] = []
    sentences = doc.sentences
    si = 0
    for m in _WORD.finditer(norm):
        start, end = index[m.start()], index[m.end() - 1] + 1
        while si < len(sentences) and sentences[si].end <= start:
            si += 1
        w = m.group(0)
        tokens.append(Token(start=start, end=end, text=doc.text[start:end], norm=w,
                            sentence_id=sentences[si].id if si < len(sentences) else -1,
                            stem=clitic_variants(w)[-1] if not w[0].isdigit() else w,
                            is_number=w[0].isdigit()))
    return tokens
