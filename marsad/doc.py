"""The one typed document that flows through marsad's pipeline.

Every stage reads a :class:`Document` and adds to it. The original text is never
changed: every annotation is a span of character offsets ``[start, end)`` into
``Document.text``. Matching happens on a normalized copy (``Document.norm``) whose
offset map points every normalized character back into the original.

Dataclasses with ``slots`` rather than pydantic models: a typical article carries
hundreds of tokens and the pipeline must stay near 10 ms an article, so the hot
objects are plain. Validation happens at the edges (input records, configuration).
"""
from __future__ import annotations

from dataclasses import dataclass, field, fields, is_dataclass
from typing import Any, Optional


@dataclass(slots=True)
class Evidence:
    """Why marsad believes a thing: where it read it and which rule fired."""

    sentence_id: Optional[int]
    start: int
    end: int
    text: str
    rule: str
    confidence: float = 1.0


@dataclass(slots=True)
class Sentence:
    id: int
    start: int
    end: int
    text: str
    paragraph: int = 0
    # "title", "dateline", "caption", "duplicate", "boilerplate" or None for body text.
    boilerplate: Optional[str] = None

    @property
    def is_body(self) -> bool:
        return self.boilerplate is None


@dataclass(slots=True)
class Token:
    start: int
    end: int
    text: str
    # normalized surface form (see marsad.text.normalize.normalize_for_matching)
    norm: str
    sentence_id: int = -1
    # clitic segmentation: prefix clitics, the stem, suffix pronoun (all normalized)
    prefix: str = ""
    stem: str = ""
    suffix: str = ""
    is_number: bool = False


@dataclass(slots=True)
class DateMention:
    start: int
    end: int
    text: str
    # first and last day the expression covers, ISO dates (equal for a single day)
    value_start: Optional[str]
    value_end: Optional[str]
    precision: str  # "day" | "week" | "month" | "year" | "range"
    relative: bool
    rule: str
    sentence_id: int = -1
    calendar: str = "gregorian"  # or "hijri" when converted


@dataclass(slots=True)
class Mention:
    """A named or described entity: person, organization, place, nationality."""

    id: str
    start: int
    end: int
    text: str
    type: str  # PERSON | ORG | GPE | LOC | FAC | NORP | ROLE
    sentence_id: int = -1
    canonical: Optional[str] = None
    actor_id: Optional[str] = None
    actor_code: Optional[str] = None
    sector: Optional[str] = None
    kind: Optional[str] = None  # state | military | police | armed_group | party | igo | ngo | media | person | ...
    country: Optional[str] = None
    wikidata: Optional[str] = None
    place_id: Optional[str] = None
    chain: Optional[str] = None  # coreference chain id
    # an anaphor or unnamed role actor ("التنظيم", "مسؤولون أمريكيون") is not reported
    # as a named entity but still serves as an event argument
    named: bool = True
    rule: str = ""
    confidence: float = 1.0
    attributes: dict = field(default_factory=dict)


@dataclass(slots=True)
class Place:
    id: str
    start: int
    end: int
    text: str
    name: Optional[str]
    country: Optional[str]
    admin1: Optional[str] = None
    lat: Optional[float] = None
    lon: Optional[float] = None
    geonameid: Optional[int] = None
    feature_code: Optional[str] = None
    kind: Optional[str] = None  # country | admin | town | region | river | site | ...
    # PLOVER resolution: 1 country, 2 province, 3 district, 4 city, 5 sub-city
    precision: Optional[int] = None
    sentence_id: int = -1
    confidence: float = 1.0
    rule: str = ""


@dataclass(slots=True)
class Argument:
    """An event argument: a span of the text plus what it resolved to."""

    text: str
    start: Optional[int] = None
    end: Optional[int] = None
    ref: Optional[str] = None  # Mention.id or Place.id
    canonical: Optional[str] = None
    rule: str = ""


@dataclass(slots=True)
class Quantity:
    kind: str  # killed | injured | arrested | displaced | fighters | people | ...
    value: Optional[int]
    low: Optional[int]
    high: Optional[int]
    text: str
    start: int
    end: int


@dataclass(slots=True)
class Event:
    id: str
    type: str
    sentence_id: int
    sentence: str
    trigger: Argument
    mode: Optional[str] = None
    actor: Optional[Argument] = None
    target: Optional[Argument] = None
    place: Optional[Argument] = None
    date: Optional[str] = None
    date_end: Optional[str] = None
    date_precision: Optional[str] = None
    date_text: Optional[str] = None
    source: Optional[Argument] = None
    certainty: str = "asserted"
    negated: bool = False
    historical: bool = False
    quantities: list = field(default_factory=list)
    cameo: Optional[str] = None
    acled_event_type: Optional[str] = None
    acled_sub_event_type: Optional[str] = None
    evidence: list = field(default_factory=list)  # list[Evidence]
    rule: str = ""
    confidence: float = 1.0


@dataclass(slots=True)
class Document:
    id: str
    text: str
    title: Optional[str] = None
    url: Optional[str] = None
    outlet: Optional[str] = None
    # publication date as found in the metadata (raw) and as resolved (ISO)
    published_raw: Optional[str] = None
    published: Optional[str] = None  # "2019-02-20T13:44:00" or "2019-02-20"
    published_source: Optional[str] = None  # "metadata" | "dateline" | None
    language: Optional[str] = None
    # normalized copy of text and, for each of its characters, the index in text
    norm: str = ""
    norm_to_orig: list = field(default_factory=list)
    sentences: list = field(default_factory=list)  # list[Sentence]
    tokens: list = field(default_factory=list)  # list[Token]
    dates: list = field(default_factory=list)  # list[DateMention]
    mentions: list = field(default_factory=list)  # list[Mention]
    places: list = field(default_factory=list)  # list[Place]
    events: list = field(default_factory=list)  # list[Event]
    warnings: list = field(default_factory=list)  # list[str]
    meta: dict = field(default_factory=dict)  # free-form stage bookkeeping

    # -- offsets ---------------------------------------------------------------
    def orig_span(self, norm_start: int, norm_end: int) -> tuple[int, int]:
        """Map a span of ``norm`` back to a span of ``text``."""
        if norm_end <= norm_start:
            i = self.norm_to_orig[norm_start] if norm_start < len(self.norm_to_orig) else len(self.text)
            return i, i
        return self.norm_to_orig[norm_start], self.norm_to_orig[norm_end - 1] + 1

    def sentence_at(self, offset: int) -> Optional[Sentence]:
        """The sentence that holds an offset of the original text (binary search)."""
        lo, hi = 0, len(self.sentences) - 1
        while lo <= hi:
            mid = (lo + hi) // 2
            s = self.sentences[mid]
            if offset < s.start:
                hi = mid - 1
            elif offset >= s.end:
                lo = mid + 1
            else:
                return s
        return None

    def claimed(self, start: int, end: int, types: Optional[set] = None) -> Optional[Mention]:
        """The mention already covering any part of ``[start, end)``, if one does.

        Stages that find names call this so that places and actors never claim the
        same characters (an outlet called "دير الزور 24" is not a place)."""
        for m in self.mentions:
            if m.start < end and start < m.end and (types is None or m.type in types):
                return m
        return None

    def tokens_in(self, start: int, end: int) -> list:
        return [t for t in self.tokens if t.start >= start and t.end <= end]


def to_plain(obj: Any) -> Any:
    """Dataclasses to plain dicts and lists (for JSON), dropping private bookkeeping."""
    if is_dataclass(obj):
        return {f.name: to_plain(getattr(obj, f.name)) for f in fields(obj)}
    if isinstance(obj, (list, tuple)):
        return [to_plain(x) for x in obj]
    if isinstance(obj, dict):
        return {k: to_plain(v) for k, v in obj.items()}
    return obj
