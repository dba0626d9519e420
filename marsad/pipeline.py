"""A pipeline of small stages over one document (the spaCy way).

A stage is any callable ``stage(doc) -> doc`` with a ``name`` and the document
fields it ``assigns``. Stages are registered by name with :func:`register_stage`
so a configuration can swap one (a rule stage today, a model stage tomorrow)
without touching the others. Heavy resources (gazetteer, lexicons) are loaded
once when the stage is built, never per document.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, Iterable, Iterator, Optional, Protocol

from .doc import Document


class Stage(Protocol):
    name: str
    assigns: tuple[str, ...]

    def __call__(self, doc: Document) -> Document: ...


# name -> factory(config: dict) -> Stage
_REGISTRY: dict[str, Callable[[dict], Stage]] = {}

# The default order. Each name must be registered by the module that implements it.
DEFAULT_STAGES = (
    "clean",        # normalization with offset map, boilerplate flags (marsad.text)
    "segment",      # sentences and tokens (marsad.text)
    "dates",        # publication date, dateline, date expressions (marsad.text.dates)
    "mentions",     # named and described actors and people (marsad.extract.mentions)
    "places",       # toponyms resolved in the gazetteer (marsad.extract.places)
    "actors",       # coreference and actor resolution (marsad.extract.actors)
    "events",       # PLOVER events and their arguments (marsad.extract.events)
    "attribution",  # sources and certainty of events (marsad.extract.attribution)
)

# Modules that register the default stages; imported lazily so that
# `import marsad` stays cheap.
_STAGE_MODULES = (
    "marsad.text.stages",
    "marsad.extract.mentions",
    "marsad.extract.places",
    "marsad.extract.actors",
    "marsad.extract.events",
    "marsad.extract.attribution",
)


def register_stage(name: str) -> Callable:
    """Decorator: register a stage factory (a class or function taking config)."""

    def deco(factory: Callable[[dict], Stage]) -> Callable[[dict], Stage]:
        _REGISTRY[name] = factory
        return factory

    return deco


def _import_stage_modules() -> None:
    import importlib

    for mod in _STAGE_MODULES:
        try:
            importlib.import_module(mod)
        except ModuleNotFoundError as exc:  # a stage not written yet is skipped, loudly
            if exc.name != mod:
                raise


def available_stages() -> list[str]:
    _import_stage_modules()
    return sorted(_REGISTRY)


@dataclass
class Pipeline:
    stages: list

    @classmethod
    def from_names(cls, names: Iterable[str] = DEFAULT_STAGES, config: Optional[dict] = None) -> "Pipeline":
        _import_stage_modules()
        config = config or {}
        stages = []
        for name in names:
            if name not in _REGISTRY:
                # A stage that is not implemented is left out rather than faked.
                continue
            stages.append(_REGISTRY[name](config.get(name, {}) | {"_global": config}))
        return cls(stages)

    @property
    def names(self) -> list[str]:
        return [s.name for s in self.stages]

    def __call__(self, doc: Document) -> Document:
        for stage in self.stages:
            doc = stage(doc)
        return doc

    def pipe(self, docs: Iterable[Document]) -> Iterator[Document]:
        for doc in docs:
            yield self(doc)


_DEFAULT: Optional[Pipeline] = None


def load(config: Optional[dict] = None) -> Pipeline:
    """The default pipeline (cached when built without configuration)."""
    global _DEFAULT
    if config:
        return Pipeline.from_names(config.get("stages", DEFAULT_STAGES), config)
    if _DEFAULT is None:
        _DEFAULT = Pipeline.from_names()
    return _DEFAULT


def extract(text: str, *, id: str = "doc", published: Any = None, title: Optional[str] = None,
            outlet: Optional[str] = None, url: Optional[str] = None) -> Document:
    """Run the default pipeline over one article's text."""
    doc = Document(id=id, text=text, title=title, outlet=outlet, url=url,
                   published_raw=None if published is None else str(published))
    return load()(doc)
