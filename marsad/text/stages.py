"""The text stages: clean (normalize with offsets, language), segment (sentences,
boilerplate flags, tokens) and dates (publication date, date expressions)."""
from __future__ import annotations

from ..doc import Document
from ..pipeline import register_stage
from .dates import annotate_dates, resolve_publication
from .language import detect_language
from .normalize import normalize_with_map
from .boilerplate import flag_boilerplate
from .segment import split_sentences, tokenize


@register_stage("clean")
class Clean:
    name = "clean"
    assigns = ("doc.norm", "doc.norm_to_orig", "doc.language")

    def __init__(self, config: dict | None = None):
        pass

    def __call__(self, doc: Document) -> Document:
        doc.norm, doc.norm_to_orig = normalize_with_map(doc.text)
        if doc.language is None:
            doc.language = detect_language(doc.text)
        return doc


@register_stage("segment")
class Segment:
    name = "segment"
    assigns = ("doc.sentences", "doc.sentences[].boilerplate", "doc.tokens", "doc.title (when None)")

    def __init__(self, config: dict | None = None):
        pass

    def __call__(self, doc: Document) -> Document:
        if not doc.norm_to_orig and doc.text:
            doc.norm, doc.norm_to_orig = normalize_with_map(doc.text)
        doc.sentences = split_sentences(doc)
        flag_boilerplate(doc)
        doc.tokens = tokenize(doc)
        return doc


@register_stage("dates")
class Dates:
    """Publication date (metadata, else dateline) and every date expression, resolved
    against the publication day. See marsad.text.dates for the conventions."""

    name = "dates"
    assigns = ("doc.published", "doc.published_source", "doc.dates")

    def __init__(self, config: dict | None = None):
        pass

    def __call__(self, doc: Document) -> Document:
        if not doc.norm_to_orig and doc.text:
            doc.norm, doc.norm_to_orig = normalize_with_map(doc.text)
        resolve_publication(doc)
        doc.dates = annotate_dates(doc)
        return doc
