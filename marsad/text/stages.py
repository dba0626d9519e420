"""The text stages: clean (normalize with offsets) and segment (sentences, tokens)."""
from __future__ import annotations

from ..doc import Document
from ..pipeline import register_stage
from .normalize import normalize_with_map
from .segment import split_sentences, tokenize


@register_stage("clean")
class Clean:
    name = "clean"
    assigns = ("doc.norm", "doc.norm_to_orig")

    def __init__(self, config: dict | None = None):
        pass

    def __call__(self, doc: Document) -> Document:
        doc.norm, doc.norm_to_orig = normalize_with_map(doc.text)
        return doc


@register_stage("segment")
class Segment:
    name = "segment"
    assigns = ("doc.sentences", "doc.tokens")

    def __init__(self, config: dict | None = None):
        pass

    def __call__(self, doc: Document) -> Document:
        doc.sentences = split_sentences(doc)
        doc.tokens = tokenize(doc)
        return doc
