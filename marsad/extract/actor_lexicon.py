"""The actor dictionary and the lexicons of the mentions and actors stages, loaded from data.

Everything marsad knows about actors lives in YAML and text files under
``marsad/data/actors/`` (see the header of each file for its provenance and fields):

- named actors (``armed_groups.yaml``, ``state_bodies.yaml``, ``international.yaml``,
  ``media.yaml``, ``companies_parties.yaml``, ``people.yaml``): one entry an actor with its
  Arabic aliases;
- ``countries.yaml`` and ``institutions.yaml``: every state institution head ("الجيش",
  "وزارة الداخلية") crossed with every country's nationality adjective ("السوري") gives an
  actor (``SY.military``: "الجيش السوري"); an explicit entry with the same id adds aliases
  and overrides the generated names;
- ``roles.yaml`` (role nouns, titles, anaphors, outlet heads), ``given_names.txt``,
  ``stopwords.txt`` and ``blockers.yaml``.

Users add their own actor files (same schema as the named-actor files) through the
``MARSAD_ACTORS`` environment variable (paths separated by ``os.pathsep``) or the stage
configuration key ``extra_files``. Their entries override packaged ones with the same id.

All keys are normalized with :func:`marsad.text.normalize.normalize_for_matching`, the same
folding the matcher applies to the article, so spelling variants that the folding covers
(أ/ا، ة/ه، ى/ي) need not be listed.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Optional

import yaml

from ..text.normalize import normalize_for_matching as _normalize


_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _yaml(path: Path):
    return yaml.load(path.read_text(encoding="utf-8"), Loader=_Loader)


@lru_cache(maxsize=65536)
def _norm_cached(text: str) -> str:
    return _normalize(text)


def norm(text) -> str:
    """Normalized form for matching (memoized: mention texts repeat across articles)."""
    return _norm_cached(str(text)) if text is not None else ""

DATA_DIR = Path(__file__).resolve().parent.parent / "data" / "actors"
NAMED_ACTOR_FILES = ("armed_groups.yaml", "state_bodies.yaml", "international.yaml", "media.yaml",
                     "companies_parties.yaml", "people.yaml")
KINDS = {"state", "government", "military", "police", "intelligence", "legislature", "judiciary",
         "armed_group", "party", "igo", "ngo", "media", "company", "person", "religious", "other"}
SECTORS = {"GOV", "MIL", "COP", "SPY", "LEG", "JUD", "MED", "REB", "INS", "UAF", "OPP", "PTY",
           "HRI", "NGO", "IGO", "BUS", "EDU", "REL", "CVL", "REF"}


@dataclass(slots=True)
class Actor:
    id: str
    en: str
    kind: str
    country: Optional[str] = None
    code: Optional[str] = None
    sector: Optional[str] = None
    wikidata: Optional[str] = None
    role: Optional[str] = None
    source: str = ""  # file it came from, or "generated"
    context_sectors: tuple = ()
    aliases: list = field(default_factory=list)

    @property
    def mention_type(self) -> str:
        return "PERSON" if self.kind == "person" else "ORG"


@dataclass(slots=True)
class AliasInfo:
    actor_id: Optional[str]  # None for a blocker
    weak: bool = False
    generated: bool = False


def nisba_forms(base: str) -> dict[str, list[str]]:
    """Inflected forms of a masculine singular nisba ("سوري"), normalized.

    Returns {"m": [...], "f": [...], "pl": [...]} without the article; multiword adjectives
    ("كوري شمالي") inflect word by word."""
    words = norm(base).split()

    def inflect(suffix_fn) -> str:
        return " ".join(suffix_fn(w) for w in words)

    return {
        "m": [inflect(lambda w: w)],
        "f": [inflect(lambda w: w + "ه")],
        "pl": [inflect(lambda w: w + "ون"), inflect(lambda w: w + "ين"), inflect(lambda w: w + "ات")],
    }


def definite(phrase: str) -> str:
    return " ".join("ال" + w for w in phrase.split())


class ActorLexicon:
    """Actors, aliases and the word lists, normalized and indexed for matching."""

    def __init__(self, extra_files: Iterable[str] = ()):
        self.actors: dict[str, Actor] = {}
        self.aliases: dict[str, list[AliasInfo]] = {}
        self.conflicts: list[tuple[str, list[str]]] = []
        self.countries: dict[str, dict] = {}  # ISO2 -> record
        self.nisba: dict[str, str] = {}  # normalized nisba form (with and without ال) -> ISO2
        self.country_names: dict[str, str] = {}  # normalized country name -> ISO2
        self._explicit_keys: dict[str, str] = {}
        self._load_countries()
        self._load_institutions()
        for name in NAMED_ACTOR_FILES:
            self._load_actor_file(DATA_DIR / name, packaged=True)
        for path in extra_files:
            self._load_actor_file(Path(path), packaged=False)
        self._load_blockers()
        self._load_roles()
        self._load_names()
        self._resolve()

    # -- loading -----------------------------------------------------------------
    def _load_countries(self) -> None:
        data = _yaml(DATA_DIR / "countries.yaml")
        for c in data["countries"]:
            iso2 = c["iso2"]
            self.countries[iso2] = c
            for name in c.get("names") or []:
                self.country_names[norm(name)] = iso2
            forms_m, forms_f, forms_pl = [], [], []
            for base in c.get("nisba") or []:
                f = nisba_forms(base)
                forms_m += f["m"]
                forms_f += f["f"]
                forms_pl += f["pl"]
            forms_pl += [norm(p) for p in c.get("plural") or []]
            c["_m"], c["_f"], c["_pl"] = forms_m, forms_f, forms_pl
            for form in forms_m + forms_f + forms_pl:
                self.nisba.setdefault(form, iso2)
                self.nisba.setdefault(definite(form), iso2)

    def _load_institutions(self) -> None:
        data = _yaml(DATA_DIR / "institutions.yaml")
        self.institution_heads: dict[str, str] = {}  # normalized head -> institution key
        self.described: set[str] = set()  # institution keys read as unnamed ROLE mentions
        self.institutions = {}
        for inst in data["institutions"]:
            key = inst["key"]
            self.institutions[key] = inst
            heads = [norm(h) for h in inst["heads"]]
            short = [norm(h) for h in inst.get("short") or []]
            for h in heads + short:
                self.institution_heads.setdefault(h, key)
            if inst.get("described"):
                self.described.add(key)
            if inst.get("generic"):
                aid = f"gen.{key}"
                self._add_actor(Actor(id=aid, en=inst["en"].replace("{country} ", ""), kind=inst["kind"],
                                      code=None, sector=inst["sector"], source="generated"),
                                heads, generated=True)
            for iso2, c in self.countries.items():
                aid = f"{iso2}.{key}"
                keys = [f"{h} {definite(form)}" for h in short for form in c["_f"]]
                for h in heads:
                    last = h.split()[-1]
                    if last.startswith("ال"):
                        # "الجيش السوري"، "وزارة الداخلية العراقية"، "القوات السورية"
                        for form in c["_m"] + c["_f"]:
                            keys.append(f"{h} {definite(form)}")
                    else:
                        # construct state: "حكومة سوريا"
                        for name in c.get("names") or []:
                            keys.append(f"{h} {norm(name)}")
                if not keys:
                    continue
                self._add_actor(Actor(id=aid, en=inst["en"].format(country=c["en"]), kind=inst["kind"],
                                      country=iso2, code=c["iso3"] + inst["sector"], sector=inst["sector"],
                                      source="generated"), keys, generated=True)

    def _load_actor_file(self, path: Path, packaged: bool) -> None:
        data = _yaml(path) or {}
        for e in data.get("actors") or []:
            aid = e["id"]
            old = self.actors.get(aid)
            actor = Actor(id=aid, en=e.get("en") or (old.en if old else aid), kind=e.get("kind") or (old.kind if old else "other"),
                          country=e.get("country", old.country if old else None),
                          code=e.get("code", old.code if old else None),
                          sector=e.get("sector", old.sector if old else None),
                          wikidata=e.get("wikidata"), role=e.get("role"), source=path.name,
                          context_sectors=tuple(e.get("context_sectors") or ()))
            weak = {norm(w) for w in e.get("weak") or []}
            keys = [norm(a) for a in (e.get("aliases") or []) + (e.get("forms") or [])]
            if old is not None and old.source == "generated":
                actor.aliases = list(old.aliases)
            self._add_actor(actor, keys, weak=weak, explicit=True, override=not packaged)

    def _add_actor(self, actor: Actor, keys: list[str], weak: set = frozenset(), generated: bool = False,
                   explicit: bool = False, override: bool = False) -> None:
        self.actors[actor.id] = actor
        for k in keys:
            if not k:
                continue
            if k not in actor.aliases:
                actor.aliases.append(k)
            infos = self.aliases.setdefault(k, [])
            if override:
                infos[:] = [i for i in infos if i.actor_id == actor.id]
            if any(i.actor_id == actor.id for i in infos):
                continue
            infos.append(AliasInfo(actor.id, weak=k in weak, generated=generated))

    def _load_blockers(self) -> None:
        data = _yaml(DATA_DIR / "blockers.yaml")
        for b in data.get("blockers") or []:
            self.aliases.setdefault(norm(b), []).append(AliasInfo(None))
        for head in data.get("with_nisba") or []:
            h = norm(head)
            for form in self.nisba:
                if form.startswith("ال"):
                    self.aliases.setdefault(f"{h} {form}", []).append(AliasInfo(None))

    def _load_roles(self) -> None:
        data = _yaml(DATA_DIR / "roles.yaml")
        self.roles: dict[str, dict] = {}
        for r in data["roles"]:
            for f in r["forms"]:
                self.roles.setdefault(norm(f), r)
        self.role_qualifiers = {norm(w) for w in data["role_qualifiers"]}
        self.titles = {norm(w) for w in data["titles"]}
        self.title_modifiers = {norm(w) for w in data["title_modifiers"]}
        self.attribution_verbs = {norm(w) for w in data["attribution_verbs"]}
        self.anaphors: dict[str, dict] = {}
        for a in data["anaphors"]:
            for f in a["forms"]:
                self.anaphors[norm(f)] = a
        self.outlet_heads = {norm(w) for w in data["outlet_heads"]}
        self.outlet_heads_strong = {norm(w) for w in data["outlet_heads_strong"]}
        self.outlet_suffixes = {norm(w) for w in data["outlet_suffixes"]}
        self.org_heads = {norm(w) for w in data["org_heads"]}
        self.named_org_heads = {norm(k): v for k, v in (data.get("named_org_heads") or {}).items()}
        self.named_unit_heads = {norm(k): v for k, v in (data.get("named_unit_heads") or {}).items()}
        self.unit_name_stops = {norm(w) for w in data.get("unit_name_stops") or ()}
        self.unit_heads_indefinite_only = {norm(w) for w in data.get("unit_heads_indefinite_only") or ()}
        # the longest title is a few words: index titles by their first word
        self.title_first: dict[str, list[list[str]]] = {}
        for t in self.titles:
            ws = t.split()
            self.title_first.setdefault(ws[0], []).append(ws)
        for v in self.title_first.values():
            v.sort(key=len, reverse=True)

    def _load_names(self) -> None:
        self.given_names: set[str] = set()
        self.given_names_ambiguous: set[str] = set()
        ambiguous = False
        for line in (DATA_DIR / "given_names.txt").read_text(encoding="utf-8").splitlines():
            line = line.strip()
            if line.startswith("# ambiguous"):
                ambiguous = True
            if not line or line.startswith("#"):
                continue
            (self.given_names_ambiguous if ambiguous else self.given_names).add(norm(line))
        self.stopwords = {norm(line.strip()) for line in
                          (DATA_DIR / "stopwords.txt").read_text(encoding="utf-8").splitlines()
                          if line.strip() and not line.startswith("#")}

    def _resolve(self) -> None:
        """One actor a key: explicit entries beat generated ones; explicit conflicts are reported."""
        self.index: dict[str, AliasInfo] = {}
        for key, infos in self.aliases.items():
            blockers = [i for i in infos if i.actor_id is None]
            explicit = [i for i in infos if i.actor_id is not None and not i.generated]
            generated = [i for i in infos if i.actor_id is not None and i.generated]
            chosen = explicit or generated or blockers
            ids = sorted({i.actor_id for i in chosen if i.actor_id})
            if len(ids) > 1:
                self.conflicts.append((key, ids))
            self.index[key] = chosen[0]

    # -- queries -----------------------------------------------------------------
    def iso3(self, iso2: Optional[str]) -> Optional[str]:
        c = self.countries.get(iso2 or "")
        return c["iso3"] if c else None


@lru_cache(maxsize=8)
def _cached(extra: tuple) -> ActorLexicon:
    return ActorLexicon(extra)


def load_lexicon(extra_files: Iterable[str] = ()) -> ActorLexicon:
    """The lexicon with the packaged data, ``MARSAD_ACTORS`` files and ``extra_files``."""
    env = [p for p in os.environ.get("MARSAD_ACTORS", "").split(os.pathsep) if p]
    return _cached(tuple(env) + tuple(extra_files or ()))
