"""PLOVER events from Arabic news: triggers, arguments, modality, evidence.

The stage reads tokens, sentences, dates, mentions and places that earlier stages put
on the :class:`~marsad.doc.Document` and adds :class:`~marsad.doc.Event` records.

How it works, in order (each step is a small function so it can be tested alone):

1. **Triggers** (:class:`TriggerLexicon`). The lexicon (``marsad/data/events/
   triggers.yaml``) lists verb stems, verbal nouns and multiword patterns. Surface
   forms of verbs (every person, the imperfect, object pronouns) are generated once at
   load time by :func:`verb_forms`; at run time each token is looked up, with its
   proclitics (و ف س ل ب ك ال) stripped by :func:`token_variants`, in plain dicts.
2. **Filters**: a trigger inside a name (``منظمة حظر الأسلحة``), a definite noun that
   names a known thing (``الاتفاق النووي``), a purpose infinitive (``لبحث``, ``للتفاوض``)
   and anything in the content of a demand, warning or refusal (``دعا إلى وقف إطلاق
   النار``) do not become events of their own.
3. **One event per type per sentence**, then **one event per happening per article**:
   a later sentence that repeats a lede, or refers back with a definite noun
   (``الغارات``, ``الهجوم``) to the same type with compatible arguments, adds
   evidence to the earlier event instead of making a new one.
4. **Arguments**: actor and target from ``doc.mentions`` by word order (VSO, SVO,
   passive agents after على يد/من قبل, genitive complements of verbal nouns), place
   from :func:`marsad.extract.places.event_location` when present, the date from
   :func:`marsad.text.dates.date_for_sentence` when present (otherwise the sentence's
   own date expression, otherwise the publication day for current news), quantities.
5. **Modality**: negation, future/planned, hypothetical, uncertain, believed, claimed
   and denied cues near the trigger; historical background.

Sources (who reported the event) are added by the ``attribution`` stage.
"""
from __future__ import annotations

import bisect
import datetime as _dt
import re
from dataclasses import dataclass, field, replace
from email.utils import parsedate_to_datetime
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Optional

import yaml

from ..doc import Argument, Document, Event, Evidence, Mention, Quantity, Sentence, Token
from ..pipeline import register_stage
from ..text.normalize import normalize_for_matching as _normalize_for_matching

DATA_DIR = Path(__file__).resolve().parent.parent / "data" / "events"


@lru_cache(maxsize=65536)
def normalize_for_matching(text: str) -> str:
    """Cached: event arguments and sentences are compared many times per article."""
    return _normalize_for_matching(text)

# Optional functions from stages built beside this one; the stage degrades gracefully.
try:  # pragma: no cover - depends on the text stage
    from ..text.dates import date_for_sentence as _date_for_sentence  # type: ignore
except Exception:  # noqa: BLE001
    _date_for_sentence = None
try:  # pragma: no cover - depends on the text stage
    from ..text.numbers import parse_quantity as _parse_quantity  # type: ignore
except Exception:  # noqa: BLE001
    _parse_quantity = None
try:  # pragma: no cover - depends on the places stage
    from .places import event_location as _event_location  # type: ignore
except Exception:  # noqa: BLE001
    _event_location = None

PLOVER_TYPES = ("AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
                "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT")
# Speech-like types: their trigger is a statement, so the speaker is the actor.
VERBAL_TYPES = {"REQUEST", "ACCUSE", "REJECT", "THREATEN", "SUPPORT", "AGREE", "CONCEDE", "CONSULT"}
# Mention types that can be actors or targets of events.
ACTOR_TYPES = {"ORG", "PERSON", "ROLE", "NORP", "GPE"}
PLACE_TYPES = {"GPE", "LOC", "FAC"}

_DIAC_DAMMA = "\u064f"
_DIACRITICS = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u0640]")


# --------------------------------------------------------------------------- morphology
# The dual "-ا" (قتلا) is left out: it collides with accusative nouns (طلبا، دعما).
_PAST_SUFFIXES = ("", "ت", "وا", "تا", "ن", "نا", "تم", "تن", "و")
_IMPF_PREFIXES = ("ي", "ت", "ن", "ا")
_IMPF_SUFFIXES = ("", "ون", "ان", "ين", "وا", "ن")
# Object pronouns. A bare "-ه" after a perfect stem is left out: with ة folded to ه it
# collides with nouns (زاره/وزارة، صادره/صادرة، اصابه/إصابة، دعوه/دعوة).
_OBJ = ("ه", "ها", "هم", "هما", "كم", "نا", "هن")
_PAST_OBJ = ("ها", "هم", "هما", "كم", "نا", "هن")


def verb_forms(past: str, imperfect: Iterable[str] = ()) -> dict[str, str]:
    """Surface forms of a verb, normalized, mapped to ``"past"`` or ``"imperf"``.

    ``past`` is the 3rd-person masculine singular perfect (قتل، اعتقل، دعا). The
    imperfect stem defaults to the perfect stem less a leading ا (اعتقل → يعتقل,
    استهدف → يستهدف); irregular verbs give theirs (دعا → دعو, أصاب → صيب)."""
    out: dict[str, str] = {}
    p = normalize_for_matching(past)
    if not p:
        return out
    if p[-1] in "اي" and len(p) >= 3:  # defective: دعا، نفى، ألقى
        base = p[:-1]
        for f in (p, base + "ت", base + "وا", base + "تا", base + "و"):
            out.setdefault(f, "past")
        for o in _PAST_OBJ:
            out.setdefault(p + o, "past")
            out.setdefault(base + "ت" + o, "past")
            out.setdefault(base + "و" + o, "past")  # not "-وه": دعوه is the noun دعوة
    else:
        for s in _PAST_SUFFIXES:
            out.setdefault(p + s, "past")
        for o in _PAST_OBJ:
            out.setdefault(p + o, "past")
        for o in _OBJ:
            out.setdefault(p + "ت" + o, "past")
            out.setdefault(p + "و" + o, "past")
    stems = [normalize_for_matching(i) for i in imperfect] or [p[1:] if p.startswith("ا") and len(p) > 3 else p]
    for st in stems:
        for pre in _IMPF_PREFIXES:
            for s in _IMPF_SUFFIXES:
                out.setdefault(pre + st + s, "imperf")
            for o in _OBJ:
                out.setdefault(pre + st + o, "imperf")
                out.setdefault(pre + st + "و" + o, "imperf")
    return out


def noun_forms(noun: str) -> list[str]:
    """A verbal noun with possessive and dual endings (غارة → غارته، غارتين)."""
    n = normalize_for_matching(noun)
    if not n:
        return []
    out = [n]
    if n.endswith("ه") and len(n) > 2:
        b = n[:-1] + "ت"
        out += [b + o for o in ("ه", "ها", "هم", "هما", "ين", "ان", "نا")]
    elif n.endswith("ا") and len(n) > 3:  # accusative tanwin (هجوما، قتيلا)
        pass
    else:
        out += [n + o for o in ("ه", "ها", "هم", "هما", "ين", "ان", "نا", "ا")]
    return out


# Variant stems of a token with what was stripped. Cached: tokens repeat a lot.
_VARIANT_CACHE: dict[str, tuple] = {}


def token_variants(word: str) -> tuple:
    """Candidates ``(stem, conj, fut, prep, article)`` for a normalized token, the token
    itself first. ``fut`` is the future prefix س on an imperfect verb; ``prep`` is ب/ل/ك."""
    hit = _VARIANT_CACHE.get(word)
    if hit is not None:
        return hit
    out = [(word, "", False, "", False)]
    conj_forms = [(word, "")]
    if len(word) > 3 and word[0] in "وف":
        conj_forms.append((word[1:], word[0]))
    for w, c in conj_forms:
        if c:
            out.append((w, c, False, "", False))
        if len(w) > 3 and w[0] == "س" and w[1] in "يتنا":
            out.append((w[1:], c, True, "", False))
        if w.startswith("لل") and len(w) > 4:
            out.append(("ال" + w[2:], c, False, "ل", True))
            out.append((w[2:], c, False, "ل", True))
        elif len(w) > 3 and w[0] in "بلك":
            out.append((w[1:], c, False, w[0], False))
            if w[1:].startswith("ال") and len(w) > 5:
                out.append((w[3:], c, False, w[0], True))
        if w.startswith("ال") and len(w) > 4:
            out.append((w[2:], c, False, "", True))
    res = tuple(out)
    if len(_VARIANT_CACHE) < 200_000:
        _VARIANT_CACHE[word] = res
    return res


# --------------------------------------------------------------------------- lexicon
@dataclass(slots=True)
class TriggerRule:
    id: str
    type: str
    mode: Optional[str] = None
    genitive: str = "actor"
    definite: bool = True
    content: bool = False
    support: bool = False
    confidence: float = 0.8


@dataclass(slots=True)
class Form:
    rule: TriggerRule
    pos: str  # "past" | "imperf" | "passive" | "noun" | "form"


@dataclass(slots=True)
class Pattern:
    rule: TriggerRule
    specs: tuple  # tuple of (kind, payload): ("set", frozenset) | ("gap", n) | ("num", None)
    pos: str  # pos of the first token


@dataclass(slots=True)
class TriggerHit:
    start_tok: int  # index into the sentence's token list
    end_tok: int  # exclusive
    form: Form
    article: bool = False
    prep: str = ""
    future: bool = False
    via: str = "word"


class TriggerLexicon:
    """Trigger surface forms to rules, built once from YAML files."""

    def __init__(self, paths: Iterable[Path]):
        self.single: dict[str, list[Form]] = {}
        self.patterns: dict[str, list[Pattern]] = {}
        self._relevant: dict[str, bool] = {}  # token -> can it start a trigger (cache)
        self.rules: dict[str, TriggerRule] = {}
        for p in paths:
            with open(p, encoding="utf-8") as f:
                data = yaml.safe_load(f) or {}
            for e in data.get("entries", []):
                self._add_entry(e)

    def _add_single(self, form: str, f: Form) -> None:
        lst = self.single.setdefault(form, [])
        # one form per rule, but a verb and a noun of the same spelling are both kept (قصف)
        if all(x.rule.id != f.rule.id or (x.pos == "noun") != (f.pos == "noun") for x in lst):
            lst.append(f)

    def _verb_set(self, stem: str, imperfect: Iterable[str] = ()) -> frozenset:
        return frozenset(verb_forms(stem, imperfect))

    def _spec(self, tok: str) -> tuple:
        if tok.startswith("*"):
            return ("gap", int(tok[1:] or 1))
        if tok == "[0-9]+":
            return ("num", None)
        forms: set[str] = set()
        for alt in tok.split("|"):
            if alt == "[0-9]+":
                forms.add("#NUM")
            elif alt.startswith("@"):
                # in a pattern the words after the verb disambiguate, so the dual "-ا"
                # (وقعا اتفاقا) is safe here
                forms |= set(verb_forms(alt[1:]))
                forms.add(normalize_for_matching(alt[1:]) + "ا")
            elif alt.startswith("#"):
                forms |= set(noun_forms(alt[1:]))
            else:
                forms.add(normalize_for_matching(alt))
        return ("set", frozenset(forms))

    def _add_entry(self, e: dict) -> None:
        rule = TriggerRule(id=e["id"], type=e["type"], mode=e.get("mode"),
                           genitive=e.get("genitive", "actor"), definite=e.get("definite", True),
                           content=bool(e.get("content", False)), support=bool(e.get("support", False)),
                           confidence=float(e.get("confidence", 0.8)))
        if rule.type not in PLOVER_TYPES:
            raise ValueError(f"trigger {rule.id}: unknown PLOVER type {rule.type}")
        self.rules[rule.id] = rule
        imperfect = e.get("imperfect") or []
        verbs = e.get("verbs") or []
        if imperfect and len(imperfect) != len(verbs):
            raise ValueError(f"trigger {rule.id}: one imperfect stem per verb ('-' for the default)")
        for i, v in enumerate(verbs):
            imp = [imperfect[i]] if imperfect and imperfect[i] not in ("-", "", None) else []
            for form, pos in verb_forms(v, imp).items():
                self._add_single(form, Form(rule, pos))
        for v in e.get("passive") or []:
            self._add_single(normalize_for_matching(v), Form(rule, "passive"))
        for v in e.get("forms") or []:
            self._add_single(normalize_for_matching(v), Form(rule, "form"))
        for n in e.get("nouns") or []:
            nn = normalize_for_matching(n)
            if " " in nn:
                self._add_pattern(rule, [[w] for w in nn.split()], "noun")
            else:
                for form in noun_forms(nn):
                    self._add_single(form, Form(rule, "noun"))
        for pat in e.get("patterns") or []:
            first = pat[0]
            pos = "past" if "@" in first else "noun"
            specs = tuple(self._spec(t) for t in pat)
            self._index_pattern(Pattern(rule, specs, pos))

    def _add_pattern(self, rule: TriggerRule, toks: list, pos: str) -> None:
        specs = tuple(("set", frozenset(normalize_for_matching(a) for a in alts)) for alts in toks)
        self._index_pattern(Pattern(rule, specs, pos))

    def _index_pattern(self, p: Pattern) -> None:
        kind, payload = p.specs[0]
        if kind != "set":
            raise ValueError(f"pattern of {p.rule.id} must start with words")
        for w in payload:
            self.patterns.setdefault(w, []).append(p)

    # -- matching -------------------------------------------------------------
    def match_sentence(self, toks: list) -> list[TriggerHit]:
        """All trigger hits in one sentence's tokens (longest pattern wins a start)."""
        hits: list[TriggerHit] = []
        n = len(toks)
        norms = [t.norm for t in toks]
        covered_until = -1
        relevant = self._relevant
        for i in range(n):
            if i < covered_until:
                continue
            w = norms[i]
            r = relevant.get(w)
            if r is None:
                r = any(v[0] in self.patterns or v[0] in self.single for v in token_variants(w))
                if len(relevant) < 200_000:
                    relevant[w] = r
            if not r:
                continue
            best: Optional[TriggerHit] = None
            for stem, conj, fut, prep, art in token_variants(norms[i]):
                for p in self.patterns.get(stem, ()):
                    end = self._match_pattern(p, norms, i)
                    if end and (best is None or end > best.end_tok):
                        best = TriggerHit(i, end, Form(p.rule, p.pos), art, prep, fut, "pattern")
            if best is None:
                for stem, conj, fut, prep, art in token_variants(norms[i]):
                    forms = self.single.get(stem)
                    if forms:
                        f = forms[0]
                        if f.pos != "noun":
                            # a verb takes no article and no preposition; ل + verb is
                            # "in order to" (kept as a hit, filtered as a purpose clause)
                            if art or (prep and prep != "ل") or (fut and f.pos != "imperf"):
                                nf = [x for x in forms if x.pos == "noun"]
                                if not nf:
                                    continue
                                f = nf[0]
                        elif fut:
                            continue
                        best = TriggerHit(i, i + 1, f, art, prep, fut, "word")
                        break
            if best is not None:
                hits.append(best)
                if best.end_tok - best.start_tok > 1:
                    # the pattern's last token cannot start another trigger
                    covered_until = best.end_tok
        return hits

    @staticmethod
    def _tok_in(norm: str, payload: frozenset) -> bool:
        if norm[:1].isdigit():
            return "#NUM" in payload
        for v in token_variants(norm):
            if v[0] in payload:
                return True
        return False

    def _match_pattern(self, p: Pattern, norms: list, i: int) -> int:
        """End index (exclusive) when ``p`` matches at ``i``, else 0."""
        pos = i + 1
        specs = p.specs
        k = 1
        while k < len(specs):
            kind, payload = specs[k]
            if kind == "gap":
                k += 1
                if k >= len(specs):
                    return pos
                nkind, npay = specs[k]
                found = -1
                for j in range(pos, min(len(norms), pos + payload + 1)):
                    if (nkind == "num" and norms[j][:1].isdigit()) or (nkind == "set" and self._tok_in(norms[j], npay)):
                        found = j
                        break
                if found < 0:
                    return 0
                pos = found + 1
                k += 1
                continue
            if pos >= len(norms):
                return 0
            if kind == "num":
                if not norms[pos][:1].isdigit():
                    return 0
            elif not self._tok_in(norms[pos], payload):
                return 0
            pos += 1
            k += 1
        return pos


# --------------------------------------------------------------------------- cues
BOUND, PREP_CUE, REPORT, CONTINUE, SUPPORT, COMMENTATOR, SOURCE_NOUN, YEARS = (1 << k for k in range(8))


class Cues:
    """Cue lists (attribution, certainty, negation, boundaries...) as normalized sets."""

    def __init__(self, path: Path):
        with open(path, encoding="utf-8") as f:
            d = yaml.safe_load(f) or {}

        def S(xs):
            return {normalize_for_matching(x) for x in xs or []}

        att = d.get("attribution", {})
        self.prep = S(att.get("prep"))
        self.report_verbs: set[str] = set()
        verbs, imps = att.get("verbs") or [], att.get("imperfect") or []
        for i, v in enumerate(verbs):
            # subject forms only: "تقرير نشرته" (with an object pronoun) names no new source
            self.report_verbs |= {f for f in verb_forms(v, [imps[i]] if i < len(imps) else [])
                                  if not f.endswith(("ه", "ها", "هم", "هما", "كم", "هن"))}
        self.participles = S(att.get("forms"))
        self.report_verbs |= self.participles
        self.continue_verbs: set[str] = set()
        cv, ci = att.get("continue") or [], att.get("continue_imperfect") or []
        for i, v in enumerate(cv):
            self.continue_verbs |= set(verb_forms(v, [ci[i]] if i < len(ci) else []))
        self.source_nouns = S(att.get("source_nouns"))
        self.source_stops = S(d.get("source_stops"))
        cert = d.get("certainty", {})
        self.certainty = {k: S(v) for k, v in cert.items()}
        self.boundaries = S(d.get("boundaries"))
        hist = d.get("historical", {})
        self.years_words = S(hist.get("years_ago"))
        self.commentators = S(d.get("commentators"))
        self.support_verbs: set[str] = set()
        sv, si = d.get("support_verbs") or [], d.get("support_imperfect") or []
        for i, v in enumerate(sv):
            self.support_verbs |= set(verb_forms(v, [si[i]] if i < len(si) else []))
        # hamzated perfects that normalize like defective verbs (بدأ → بدا: بدأت، بدأوا)
        self.support_verbs |= S(d.get("support_forms"))
        self.agent_markers = [tuple(normalize_for_matching(x).split()) for x in d.get("agent_markers") or []]
        self.target_markers = S(d.get("target_markers"))
        self.assault_modes = {m: S(v) for m, v in (d.get("assault_modes") or {}).items()}
        self.purpose = S(d.get("purpose"))
        self.frame_nouns = S(d.get("frame_nouns"))
        self.failure = S(d.get("failure"))
        self.support_nouns = S(d.get("support_nouns"))
        self.operation_nouns = S(d.get("operation_nouns"))
        ctx = d.get("context") or {}
        self.context = {k: S(v) for k, v in ctx.items()}
        self._flagsets = ((BOUND, self.boundaries), (PREP_CUE, self.prep), (REPORT, self.report_verbs),
                          (CONTINUE, self.continue_verbs), (SUPPORT, self.support_verbs),
                          (COMMENTATOR, self.commentators), (SOURCE_NOUN, self.source_nouns),
                          (YEARS, self.years_words))
        self._fcache: dict[str, int] = {}

    def flags(self, norm: str) -> int:
        """Which cue lists a token belongs to (after clitic stripping), as bits; cached."""
        f = self._fcache.get(norm)
        if f is None:
            st = stems_of(norm)
            f = 0
            for bit, words in self._flagsets:
                if not st.isdisjoint(words):
                    f |= bit
            if len(self._fcache) < 200_000:
                self._fcache[norm] = f
        return f

    def has(self, norm: str, bit: int) -> bool:
        return bool(self.flags(norm) & bit)


def load_mapping(path: Path) -> dict:
    out: dict[tuple, tuple] = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            if not line.strip() or line.startswith("#") or line.startswith("type\t"):
                continue
            parts = line.rstrip("\n").split("\t")
            parts += [""] * (5 - len(parts))
            t, mode, cameo, acled, sub = parts[:5]
            out[(t, mode)] = (cameo or None, acled or None, sub or None)
    return out


# --------------------------------------------------------------------------- helpers
_STEMS_CACHE: dict[str, frozenset] = {}


def stems_of(tok_norm: str) -> frozenset:
    """The token and its clitic-stripped stems (cached)."""
    hit = _STEMS_CACHE.get(tok_norm)
    if hit is None:
        hit = frozenset(v[0] for v in token_variants(tok_norm))
        if len(_STEMS_CACHE) < 200_000:
            _STEMS_CACHE[tok_norm] = hit
    return hit


def tok_has(tok_norm: str, words) -> bool:
    """Does a token (with its proclitics stripped) belong to ``words``?"""
    return not stems_of(tok_norm).isdisjoint(words)


def parse_published(doc: Document) -> Optional[_dt.date]:
    """The publication day: ``doc.published`` when the dates stage set it, else the raw
    metadata value (ISO or RFC 2822)."""
    for raw in (doc.published, doc.published_raw):
        if not raw:
            continue
        s = str(raw).strip()
        m = re.match(r"(\d{4})-(\d{2})-(\d{2})", s)
        if m:
            try:
                return _dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
            except ValueError:
                continue
        try:
            return parsedate_to_datetime(s).date()
        except Exception:  # noqa: BLE001
            continue
    return None


_WEEKDAYS = {"الاثنين": 0, "الثلاثاء": 1, "الاربعاء": 2, "الخميس": 3, "الجمعه": 4, "السبت": 5, "الاحد": 6}
_NUMWORDS = {"يومين": 2, "ثلاثه": 3, "اربعه": 4, "خمسه": 5, "سته": 6, "سبعه": 7, "ثمانيه": 8, "تسعه": 9, "عشره": 10}


def fallback_sentence_date(toks: list, pub: _dt.date) -> Optional[tuple]:
    """A small resolver used only until the dates stage lands: weekday names, أمس,
    اليوم, قبل يومين / قبل N أيام. Returns (start, end, precision, text)."""
    for k, t in enumerate(toks):
        stems = [v[0] for v in token_variants(t.norm)]
        for s in stems:
            if s in _WEEKDAYS:
                delta = (pub.weekday() - _WEEKDAYS[s]) % 7
                nxt = toks[k + 1].norm if k + 1 < len(toks) else ""
                if nxt in ("الماضي", "الفائت"):
                    delta = delta or 7
                if nxt == "المقبل":
                    return None
                d = pub - _dt.timedelta(days=delta)
                return d, d, "day", t.text
            if s == "امس":
                d = pub - _dt.timedelta(days=1)
                return d, d, "day", t.text
            if s in ("اليوم", "الليله"):
                return pub, pub, "day", t.text
        if t.norm == "قبل" and k + 1 < len(toks):
            nx = toks[k + 1].norm
            n = None
            if nx == "يومين":
                n = 2
            elif nx[:1].isdigit() or nx in _NUMWORDS:
                n = int(nx) if nx.isdigit() else _NUMWORDS.get(nx)
                unit = toks[k + 2].norm if k + 2 < len(toks) else ""
                if unit not in ("ايام", "يوما"):
                    n = None
            if n:
                d = pub - _dt.timedelta(days=n)
                return d, d, "day", t.text + " " + toks[k + 1].text
    return None


# Quantity kinds by the noun or verb next to a number.
_QTY_KINDS = {
    "killed": {"قتيل", "قتيلا", "قتلي", "مقتل", "قتل", "قتلوا", "ضحيه", "ضحايا", "مصرع", "شهيد", "شهيدا", "شهداء"},
    "injured": {"جريح", "جريحا", "جرحي", "اصابه", "اصابات", "اصيب", "اصيبوا", "مصاب", "مصابا", "مصابين", "اصابة"},
    "arrested": {"معتقل", "معتقلا", "معتقلين", "اعتقال", "اعتقل", "موقوف", "موقوفين", "اوقف", "اوقفت", "اعتقلت"},
    "displaced": {"نازح", "نازحا", "نازحين", "مهجر", "مهجرين", "لاجئ", "لاجئا", "لاجئين", "نزوح"},
    "fighters": {"مقاتل", "مقاتلا", "مقاتلين", "مقاتلو", "عنصر", "عنصرا", "عناصر", "جندي", "جنديا", "جنود", "مسلح", "مسلحا", "مسلحين", "متطوع", "متطوعا", "متطوعين"},
}
_QTY_WORDS = set().union(*_QTY_KINDS.values())
_CASUALTY_WORDS = _QTY_KINDS["killed"] | _QTY_KINDS["injured"]
# a preposition with a pronoun (فيه، بهن، عليها): never a noun phrase
_PRON_PP = re.compile(r"^(في|ب|ل|علي|من|عن|مع|لدي|الي|منذ|عند|خلال|بين|عبر|حول|امام|ضد|بعد|قبل|داخل|تحت|فوق|لدي|عليه|معه)(ه|ها|هم|هن|هما|كم|نا|ي)$")
# Vague amounts: documented conventions (docs/EVENTS.md): value None, a low-high range.
_VAGUE = {"عشرات": (20, 99), "العشرات": (20, 99), "مئات": (200, 999), "المئات": (200, 999),
          "الاف": (2000, 9999), "الالاف": (2000, 9999), "بضعه": (3, 9), "بضع": (3, 9),
          "عده": (3, 9), "عدد": (None, None)}
_WORDNUM = {"واحد": 1, "اثنان": 2, "اثنين": 2, "ثلاثه": 3, "ثلاث": 3, "اربعه": 4, "اربع": 4, "خمسه": 5,
            "خمس": 5, "سته": 6, "ست": 6, "سبعه": 7, "سبع": 7, "ثمانيه": 8, "ثماني": 8, "تسعه": 9, "تسع": 9,
            "عشره": 10, "عشر": 10, "عشرين": 20, "عشرون": 20, "ثلاثين": 30, "ثلاثون": 30, "اربعين": 40,
            "خمسين": 50, "مئه": 100, "مائه": 100, "مئتي": 200, "مئتين": 200, "الف": 1000, "الفين": 2000}


_NUMERIC_WORDS = set(_WORDNUM) | set(_VAGUE)


def extract_quantities(toks: list, lo: int, hi: int) -> list:
    """Numbers (digits, number words, vague amounts) next to a casualty/arrest/fighter noun."""
    out: list[Quantity] = []
    seen = set()
    for k in range(lo, hi):
        t = toks[k]
        raw = t.norm
        if not (t.is_number or raw[:1].isdigit() or raw in _NUMERIC_WORDS or raw[1:] in _NUMERIC_WORDS
                or raw[2:] in _NUMERIC_WORDS or raw[3:] in _NUMERIC_WORDS):
            continue
        val = low = high = None
        stem = token_variants(raw)[-1][0] if not t.is_number else raw
        if t.is_number or raw[:1].isdigit():
            try:
                val = int(float(raw.replace(",", "")))
            except ValueError:
                continue
        elif raw in _WORDNUM or stem in _WORDNUM:
            val = _WORDNUM.get(raw, _WORDNUM.get(stem))
        elif raw in _VAGUE or stem in _VAGUE:
            low, high = _VAGUE.get(raw, _VAGUE.get(stem))
            if low is None:
                continue
        else:
            continue
        if _parse_quantity is not None and val is None and low is None:  # pragma: no cover
            try:
                q = _parse_quantity(" ".join(x.text for x in toks[max(lo, k - 2):min(hi, k + 3)]))
                if isinstance(q, tuple) and q and q[0] is not None:
                    val = q[0]
            except Exception:  # noqa: BLE001
                pass
        # modifiers: أكثر من N -> low N+1; نحو/حوالي N -> about N
        prev = toks[k - 1].norm if k > 0 else ""
        prev2 = toks[k - 2].norm if k > 1 else ""
        if val is not None:
            if prev == "من" and prev2 in ("اكثر", "ازيد"):
                low, high = val + 1, None
            elif prev in ("نحو", "حوالي", "قرابه", "زهاء"):
                low, high = int(val * 0.9), int(val * 1.1) + 1
            else:
                low = high = val
        kind = None
        for j in (k + 1, k - 1, k + 2, k - 2, k + 3):
            if lo <= j < hi and j != k:
                for v in token_variants(toks[j].norm):
                    for kd, words in _QTY_KINDS.items():
                        if v[0] in words:
                            kind = kd
                            break
                    if kind:
                        break
            if kind:
                break
        if kind and (kind, k) not in seen:
            seen.add((kind, k))
            out.append(Quantity(kind=kind, value=val, low=low, high=high, text=t.text, start=t.start, end=t.end))
    return out


# --------------------------------------------------------------------------- the stage
@dataclass
class _Cand:
    sentence: Sentence
    toks: list
    hit: TriggerHit
    rule: TriggerRule
    mode: Optional[str]
    extra_hits: list = field(default_factory=list)
    split: bool = False  # a second clause of its sentence (فيما شنت الطائرات غارات)


@register_stage("events")
class EventExtractor:
    """PLOVER event detection and argument filling (see the module docstring)."""

    name = "events"
    assigns = ("doc.events",)

    def __init__(self, config: Optional[dict] = None):
        config = config or {}
        self._tag_cache: dict = {}
        self._base_tag_cache: dict = {}
        self._fixed: set = set()
        self._sent_dates: list = []
        self._comma_before: set = set()
        self._cur_mentions: list = []
        self._doc_dates: list = []
        self._human_spans: list = []
        paths = [DATA_DIR / "triggers.yaml"] + [Path(p) for p in config.get("trigger_files", [])]
        self.lexicon = TriggerLexicon(paths)
        self.cues = Cues(Path(config.get("cue_file", DATA_DIR / "cues.yaml")))
        self.mapping = load_mapping(Path(config.get("mapping_file", DATA_DIR / "mapping.tsv")))
        self.historical_years = int(config.get("historical_years", 2))
        self._agent_by_last: dict[str, list] = {}
        for marker in self.cues.agent_markers:
            self._agent_by_last.setdefault(marker[-1], []).append(marker)
        self._mode_words = set().union(*self.cues.assault_modes.values()) if self.cues.assault_modes else set()
        self._cert_split = {name: ({w for w in ws if " " not in w}, [w for w in ws if " " in w])
                            for name, ws in self.cues.certainty.items()}
        for name in ("denied", "hypothetical", "planned", "uncertain", "claimed", "believed"):
            self._cert_split.setdefault(name, (set(), []))
        self._cert_any = frozenset().union(*(v[0] for v in self._cert_split.values()))
        self._cert_bcd = frozenset(self._cert_split["believed"][0] | self._cert_split["claimed"][0]
                                   | self._cert_split["denied"][0])
        self._cert_multi_any = tuple(f" {w} " for v in self._cert_split.values() for w in v[1])
        self.keep_negated = bool(config.get("keep_negated", True))
        # a same-type event with compatible arguments within this many sentences is the
        # same happening told again (measured on held-out annotated news, see docs/EVENTS.md)
        self.merge_window = int(config.get("merge_window", 3))
        self.context_dates = bool(config.get("context_dates", True))
        self.inherit_actor = bool(config.get("inherit_actor", True))

    # -- public ----------------------------------------------------------------
    def __call__(self, doc: Document) -> Document:
        self._tag_cache = {}
        self._basis: dict = {}  # id(event) -> "explicit" | "context" | "publication" (how it was dated)
        # objects whose id() keys a cache above stay referenced until the next document, so
        # Python cannot hand a freed object's id to a new one and return a stale entry
        self._pinned: list = []
        self._places_by_id = {p.id: p for p in doc.places}
        if not doc.sentences:
            return doc
        by_sent = self._tokens_by_sentence(doc)
        pub = parse_published(doc)
        name_spans = sorted((m.start, m.end) for m in doc.mentions if m.type in ACTOR_TYPES | {"LOC", "FAC"})
        self._human_spans = [(m.start, m.end) for m in doc.mentions if m.type in ("PERSON", "ROLE")]
        cands: list[_Cand] = []
        aside: list[_Cand] = []  # hits in titles and repeated sentences: evidence only
        for s in doc.sentences:
            toks = by_sent.get(s.id) or []
            if not toks:
                continue
            hits = self.lexicon.match_sentence(toks)
            if not hits:
                continue
            self._sent_dates = [d for d in doc.dates if s.start <= d.start < s.end]
            hits = self._filter_hits(hits, toks, name_spans)
            heading = s.boilerplate is None and _is_heading(s, toks)
            for group in self._one_per_type(hits):
                for k, part in enumerate(self._split_clauses(group, toks)):
                    c = _Cand(s, toks, part[0], part[0].form.rule, self._mode(part, toks), part[1:], split=k > 0)
                    (cands if s.boilerplate is None and not heading else aside).append(c)
        events: list[Event] = []
        for c in cands:
            if c.hit.via.endswith("+ref") and not c.extra_hits:
                prev = next((e for e in reversed(events) if e.type == c.rule.type), None)
                if prev is not None:
                    prev.evidence.append(self._evidence(c))  # "عقب الغارات": told before
                    continue
            ev = self._build_event(doc, c, pub)
            if ev is None:
                continue
            if self._merge_into(events, ev, c):
                continue
            events.append(ev)
        for c in aside:  # a title, a subheading or a repeated lede adds evidence, never an event
            if c.sentence.boilerplate in ("title", "duplicate", None):
                for ev in events:
                    if ev.type == c.rule.type:
                        ev.evidence.append(self._evidence(c))
                        break
        if self.inherit_actor:
            # an event told without its actor, right after one of the same type in the same
            # place, continues that story (the lede named the perpetrator)
            for k, ev in enumerate(events):
                if ev.actor is not None:
                    continue
                for prev in reversed(events[:k]):
                    if prev.type == ev.type and prev.actor is not None and \
                            0 < ev.sentence_id - prev.sentence_id <= self.merge_window and \
                            self._place_compatible(prev.place, ev.place):
                        a = prev.actor
                        ev.actor = Argument(text=a.text, start=a.start, end=a.end, ref=a.ref,
                                            canonical=a.canonical, rule="inherited")
                        break
        self._resolve_chains(doc, events)
        for k, ev in enumerate(events):
            ev.id = f"{doc.id}:e{k}"
        doc.events = events
        return doc

    @staticmethod
    def _resolve_chains(doc: Document, events: list) -> None:
        """An anaphor argument (التنظيم، الحركة، الجماعة) stands for the named actor of its
        coreference chain (``Mention.chain``, set by the actors stage): the argument takes the
        name, so users see who acted; the rule records the link."""
        by_id = {m.id: m for m in doc.mentions}
        reps: dict = {}
        for m in doc.mentions:
            if m.chain and m.named:
                cur = reps.get(m.chain)
                if cur is None or (m.attributes or {}).get("representative") and not (cur.attributes or {}).get("representative"):
                    reps[m.chain] = m
        if not reps:
            return
        for ev in events:
            for attr in ("actor", "target"):
                a = getattr(ev, attr)
                if a is None or a.ref is None:
                    continue
                m = by_id.get(a.ref)
                if m is None or m.named or not m.chain:
                    continue
                rep = reps.get(m.chain)
                if rep is None or rep is m:
                    continue
                setattr(ev, attr, Argument(text=rep.text, start=rep.start, end=rep.end, ref=rep.id,
                                           canonical=rep.canonical or rep.actor_id or a.canonical,
                                           rule=(a.rule or "") + "+chain"))

    # -- triggers ----------------------------------------------------------------
    @staticmethod
    def _tokens_by_sentence(doc: Document) -> dict:
        out: dict[int, list] = {}
        sents = doc.sentences
        starts = [s.start for s in sents]
        for t in doc.tokens:
            sid = t.sentence_id
            if sid is None or sid < 0:
                k = bisect.bisect_right(starts, t.start) - 1
                if k < 0:
                    continue
                sid = sents[k].id
            out.setdefault(sid, []).append(t)
        return out

    def _filter_hits(self, hits: list, toks: list, name_spans: list) -> list:
        cues = self.cues
        kept: list[TriggerHit] = []
        content_until = -1
        seen_content = False
        for h in hits:
            rule = h.form.rule
            t0 = toks[h.start_tok]
            # a word inside a date expression is a time word (فجر الجمعة), not a trigger
            if any(d.start <= t0.start < d.end for d in self._sent_dates):
                continue
            # a perfect verb cannot follow إنّ/أنّ: "إن طلب داعش رُفض" is the noun طلب
            if h.form.pos == "past" and h.via == "word" and h.start_tok > 0 and \
                    (toks[h.start_tok - 1].norm in ("ان", "بان", "لان", "وان") or
                     toks[h.start_tok - 1].norm.lstrip("و") in self._PREPS or
                     toks[h.start_tok - 1].norm.lstrip("و") in ("علي", "ضد") or
                     _bare_prev(toks[h.start_tok - 1].norm) in _ELATIVES):
                # nor after a preposition: "في قتل"، "على طلب" are nouns; keep the noun reading;
                # nor after an elative in construct: "بأعنف قصف"، "أكبر هجوم" 
                nf = [f for v in token_variants(t0.norm) for f in self.lexicon.single.get(v[0], ()) if f.pos == "noun"]
                if not nf:
                    continue
                h.form = nf[0]
                rule = h.form.rule
            # inside a name ("منظمة حظر الأسلحة الكيميائية")
            k = bisect.bisect_right(name_spans, (t0.start, 10**12)) - 1
            if k >= 0 and name_spans[k][0] <= t0.start < name_spans[k][1]:
                continue
            if h.form.pos == "noun" and h.article and not rule.definite and h.via == "word":
                continue
            if self._out_of_context(h, toks):
                if rule.type == "THREATEN":  # "ينذر بكارثة": what it portends did not happen
                    content_until = max(content_until, self._clause_end(toks, h.end_tok))
                continue
            # a word right after a purpose infinitive (لمناقشة هجوم، لصد هجوم، لتجنب إصابة)
            if h.start_tok > 0 and self._is_purpose(toks[h.start_tok - 1].norm):
                content_until = max(content_until, self._clause_end(toks, h.end_tok))
                continue
            # relative clauses describing a supporter (التي تدعمها الولايات المتحدة)
            if rule.type in ("SUPPORT", "COOPERATE") and h.start_tok > 0 and \
                    toks[h.start_tok - 1].norm in ("الذي", "التي", "الذين", "اللتان", "اللذان", "اللتين", "اللذين"):
                continue
            # purpose infinitive: لبحث، للتفاوض (but "تعرضت لقصف" reports an attack)
            if h.prep == "ل" and h.via == "word":
                exposed = any(toks[j].norm.lstrip("و").startswith(("تعرض", "يتعرض", "تتعرض", "تعرضت", "تعرضوا"))
                              for j in range(max(0, h.start_tok - 4), h.start_tok))
                if not exposed:  # "تعرض فريق تابع لها لهجوم" reports an attack
                    content_until = max(content_until, self._clause_end(toks, h.end_tok))
                    continue
            if h.via == "pattern":
                w0 = toks[h.start_tok].norm.lstrip("و")
                if w0[:2] in ("لي", "لت", "لن") and len(w0) > 4 or (w0[:1] == "ل" and w0[1:] in self.cues.purpose):
                    # لمنع دخول المحتجين، ليفرض حظرا: a purpose clause, nothing happened yet
                    content_until = max(content_until, self._clause_end(toks, h.end_tok))
                    continue
            if h.start_tok < content_until and not rule.content:
                continue
            # nouns of statements and meetings need a support verb or the sentence head
            if rule.support and h.form.pos == "noun" and h.start_tok > 1 and h.via == "word" \
                    and self._support_verb(toks, h) is None and not self._support_noun(toks, h):
                continue
            # "عقب الغارات", "بعد الهجوم": a definite noun after a temporal word names an
            # event told elsewhere, not a new one
            if h.form.pos == "noun" and h.article and h.start_tok > 0 and \
                    toks[h.start_tok - 1].norm.lstrip("وف") in _TEMPORAL:
                h.via = h.via + "+ref"  # refers back when the article told it before
            # "منذ بدء احتجاجات …": a time anchor, not a new happening
            if h.form.pos == "noun" and any(toks[j].norm.lstrip("وف") == "منذ"
                                            for j in range(max(0, h.start_tok - 2), h.start_tok)):
                continue
            # a topic, not a happening: قضية اغتيال، مشروع الدعم، احتمال هجوم
            if h.form.pos == "noun" and h.start_tok > 0 and tok_has(toks[h.start_tok - 1].norm, cues.frame_nouns) and \
                    not toks[h.start_tok - 1].norm.lstrip("وفبل").startswith("ال"):
                continue  # (a frame noun in construct has no article: الحركة التوصل is subject + noun)
            kept.append(h)
            if rule.content:
                seen_content = True
                content_until = max(content_until, self._clause_end(toks, h.end_tok))
        return kept

    def _next_word(self, toks: list, j: int) -> int:
        """The first token from ``j`` that is not an adverb or a clitic-like word."""
        skip = self.cues.context.get("skip_words", ())
        while j < len(toks) and toks[j].norm.lstrip("و") in skip:
            j += 1
        return j

    def _out_of_context(self, h: TriggerHit, toks: list) -> bool:
        """Trigger words whose context gives them another sense (general usage, not one text)."""
        ctx = self.cues.context
        rule = h.form.rule
        verbal = h.form.pos in ("past", "imperf", "passive", "form")
        stems = stems_of(toks[h.start_tok].norm)
        if rule.type == "AGREE" and h.start_tok > 0 and toks[h.start_tok - 1].norm.lstrip("و") in (
                "ما", "كما", "مثلما", "لما", "الذي", "التي", "اللذين", "اللتين", "الذين"):
            return True  # "بحسب ما تم الاتفاق عليه": what was agreed before, not a new agreement
        if rule.id == "retreat.withdraw" and verbal:
            # "انسحب ذلك على بلدة…" extended to; a withdrawal is انسحب من
            j = self._next_word(toks, h.end_tok)
            if j < len(toks) and toks[j].norm in ctx.get("extend_preps", ()):
                return True
            if j + 1 < len(toks) and toks[j + 1].norm in ctx.get("extend_preps", ()) and \
                    toks[j].norm in ("ذلك", "هذا", "الامر", "الحال", "الوضع"):
                return True
        if rule.type == "REQUEST" and verbal:
            # "طلبوا عدم ذكر أسمائهم", "طلب عدم الكشف عن هويته": a sourcing formula
            j = self._next_word(toks, h.end_tok)
            if j < len(toks) and toks[j].norm.lstrip("ب") == "عدم":
                if any(toks[q].norm in ctx.get("anonymity_verbs", ()) or toks[q].norm in ctx.get("anonymity_nouns", ())
                       for q in range(j + 1, min(len(toks), j + 4))):
                    return True
        if rule.type == "CONSULT" and verbal and not stems.isdisjoint(ctx.get("receive_verbs", ())) or \
                rule.type == "CONSULT" and verbal and any(toks[h.start_tok].norm.lstrip("و").startswith(p)
                                                          for p in ("استقبل", "يستقبل", "تستقبل", "نستقبل")):
            # استقبلت المستشفيات الجرحى / استقبلت تركيا اللاجئين: only a person or an official
            # body received makes a meeting
            human = ctx.get("human_objects", ())
            end = min(len(toks), h.end_tok + 6)
            for q in range(h.end_tok, end):
                w = toks[q].norm
                if self.cues.has(w, BOUND):
                    break
                if not stems_of(w).isdisjoint(human):
                    return False
                if any(a <= toks[q].start < b for a, b in self._human_spans):
                    return False
            return True
        if rule.type == "THREATEN" and h.form.pos in ("past", "imperf") and any(
                toks[q].norm.lstrip("ب") in ctx.get("endangered", ()) for q in range(h.end_tok, min(len(toks), h.end_tok + 4))):
            return True  # "يهدد سوء التغذية حياة الأطفال": endangers, no one threatens
        if rule.type == "THREATEN" and toks[h.start_tok].norm.lstrip("و") in ctx.get("portend_verbs", ()):
            # "الوضع ينذر بكارثة": portends, no threat
            j = h.end_tok
            if j < len(toks) and toks[j].norm.startswith("ب") and toks[j].norm not in ("بان", "بانه", "بانها", "بانهم"):
                return True
        if h.form.pos == "noun" and h.start_tok >= 2 and toks[h.start_tok - 1].norm in ("من", "ومن") and \
                any(not stems_of(toks[q].norm).isdisjoint(ctx.get("fear_words", ()))
                    for q in range(max(0, h.start_tok - 5), h.start_tok - 1)):
            return True  # "تخشى الأمم المتحدة من هجوم": feared, not happened
        if rule.id == "retreat.ceasefire" and h.start_tok > 0 and \
                not stems_of(toks[h.start_tok - 1].norm).isdisjoint({"اتفاق", "اتفاقيه", "اتفاقا", "مفاوضات", "محادثات"}):
            return True  # "اتفاق وقف إطلاق النار" is an agreement (AGREE), told by its own trigger
        if rule.type == "ASSAULT" and rule.mode == "firearms" and h.start_tok > 0 and \
                toks[h.start_tok - 1].norm.lstrip("و").lstrip("ل") in ("وقف", "بوقف"):
            return True  # "وقف إطلاق النار" is a ceasefire
        if h.form.pos == "noun" or rule.type == "ASSAULT":
            # "لا يرى إمكانية لمحاولة النظام شن هجوم": a prospect, not a happening
            prospect = ctx.get("prospect_nouns", ())
            for q in range(h.start_tok - 1, max(-1, h.start_tok - 6), -1):
                w = toks[q].norm
                if self.cues.has(w, BOUND):
                    break
                if not stems_of(w).isdisjoint(prospect):
                    return True
        return False

    def _is_purpose(self, norm: str) -> bool:
        for v in token_variants(norm):
            if v[3] == "ل" and v[0] in self.cues.purpose:
                return True
        return False

    def _clause_end(self, toks: list, i: int) -> int:
        for j in range(i, len(toks)):
            if self.cues.has(toks[j].norm, BOUND):
                return j
        return len(toks)

    @staticmethod
    def _one_per_type(hits: list) -> list:
        groups: dict[str, list] = {}
        for h in hits:
            groups.setdefault(h.form.rule.type, []).append(h)
        # verbs are better anchors than nouns for the same type in one sentence
        out = []
        for g in groups.values():
            g.sort(key=lambda h: (h.form.pos not in ("past", "imperf", "passive", "form"), h.start_tok))
            out.append(g)
        out.sort(key=lambda g: g[0].start_tok)
        return out

    _VICTIM_RULES = frozenset({"assault.kill", "assault.kill.idiom", "assault.injure"})
    _CLAUSE_OPENERS = frozenset({"فيما", "بينما", "وفيما", "وبينما", "كما", "وكما", "كذلك", "وكذلك", "لكن",
                                 "ولكن", "حين", "اما", "واما"})

    def _split_clauses(self, group: list, toks: list) -> list:
        """Same-type triggers of one sentence in two clauses (… فيما شنت الطائرات غارات، …
        وقصفت المدفعية) are two candidates; deaths and wounds are outcomes, never split off.
        Split parts merge back when their arguments agree (see _merge_into)."""
        if len(group) < 2:
            return [group]
        hs = sorted(group, key=lambda h: h.start_tok)
        parts = [[hs[0]]]
        for h in hs[1:]:
            prev = parts[-1][0]
            split = False
            if h.form.rule.id not in self._VICTIM_RULES and prev.form.rule.id not in self._VICTIM_RULES \
                    and h.start_tok > prev.end_tok:
                between = toks[prev.end_tok:h.start_tok]
                if any(t.norm in self._CLAUSE_OPENERS for t in between):
                    split = True
                elif h.form.rule.type == "ASSAULT" and h.form.pos in ("past", "imperf", "passive") and \
                        toks[h.start_tok].norm.startswith("و") and h.form.rule.id != prev.form.rule.id:
                    split = True  # و + a new verb of another rule: قصفت المدفعية… وشنت الطائرات
            if split:
                parts.append([h])
            else:
                parts[-1].append(h)
        for p in parts:  # verbs anchor better than nouns
            p.sort(key=lambda h: (h.form.pos not in ("past", "imperf", "passive", "form"), h.start_tok))
        return parts

    def _mode(self, group: list, toks: list) -> Optional[str]:
        own = next((h.form.rule.mode for h in group if h.form.rule.mode), None)
        rule = group[0].form.rule
        if rule.type != "ASSAULT" or own not in (None, "shelling"):
            return own
        # قصف is shelling unless the sentence says it came from the air
        # nearest mode cue in the sentence
        t = group[0].start_tok
        best, dist = None, 10**9
        for j, tok in enumerate(toks):
            st = stems_of(tok.norm)
            if st.isdisjoint(self._mode_words):
                continue
            for mode, words in self.cues.assault_modes.items():
                if not st.isdisjoint(words) and abs(j - t) < dist:
                    best, dist = mode, abs(j - t)
        if own == "shelling":
            return best if best in ("aerial", "drone") else own
        return best

    # -- events ----------------------------------------------------------------
    def _evidence(self, c: _Cand) -> Evidence:
        toks, h = c.toks, c.hit
        start, end = toks[h.start_tok].start, toks[h.end_tok - 1].end
        return Evidence(sentence_id=c.sentence.id, start=start, end=end, text=c.sentence.text,
                        rule=f"{c.rule.id}:{h.via.replace('+ref', '')}:{h.form.pos}", confidence=c.rule.confidence)

    def _build_event(self, doc: Document, c: _Cand, pub: Optional[_dt.date]) -> Optional[Event]:
        toks, h, rule, s = c.toks, c.hit, c.rule, c.sentence
        t_start, t_end = toks[h.start_tok].start, toks[h.end_tok - 1].end
        trig = Argument(text=doc.text[t_start:t_end], start=t_start, end=t_end, rule=rule.id)
        ev = Event(id="", type=rule.type, sentence_id=s.id, sentence=s.text, trigger=trig, mode=c.mode,
                   rule=rule.id, confidence=rule.confidence)
        self._modality(ev, toks, h)
        if ev.negated and not self.keep_negated:
            return None
        actor, target = self._actor_target(doc, s, toks, h, rule)
        if h.form.pos == "passive" or self._looks_passive(doc, toks, h):
            ev.trigger.rule = rule.id + ":passive"  # the speaker of a passive is not its agent
        for eh in c.extra_hits[:3]:
            if actor is not None:
                break
            # another trigger of the same happening in the sentence may name it (قتل… في هجوم تبنته X)
            a2, t2 = self._actor_target(doc, s, toks, eh, eh.form.rule)
            if a2 is not None:
                actor = a2
                target = target or t2
        if rule.type in ("THREATEN", "ACCUSE", "REQUEST", "REJECT", "SUPPORT") and self._commentator_subject(toks, h):
            return None  # a warning or a judgement by commentators is opinion, not an event
        if rule.type == "THREATEN" and any(toks[j].norm == "من" and j + 1 < len(toks) and toks[j + 1].norm in ("ان", "انه", "انها")
                                           for j in range(h.end_tok, min(len(toks) - 1, h.end_tok + 8))):
            return None  # "حذر من أن الهجوم قد…": a forecast, not a threat
        ev.actor, ev.target = actor, target
        ev.place = self._place(doc, s, t_start, t_end)
        self._date(doc, ev, s, toks, t_start, pub)
        lo, hi = max(0, h.start_tok - 8), min(len(toks), h.end_tok + 12)
        ev.quantities = extract_quantities(toks, lo, hi)
        cameo, acled, sub = self.mapping.get((ev.type, ev.mode or "*")) or self.mapping.get((ev.type, "*"), (None, None, None))
        if ev.type == "ASSAULT" and ev.mode == "explosives" and tok_has_any(toks[max(0, h.start_tok - 6):h.end_tok + 6], _SUICIDE):
            cameo, acled, sub = self.mapping.get(("ASSAULT", "suicide"), (cameo, acled, sub))
        ev.cameo, ev.acled_event_type, ev.acled_sub_event_type = cameo, acled, sub
        ev.evidence.append(self._evidence(c))
        for eh in c.extra_hits[:3]:
            a, b = toks[eh.start_tok].start, toks[eh.end_tok - 1].end
            ev.evidence.append(Evidence(sentence_id=s.id, start=a, end=b, text=s.text,
                                        rule=f"{eh.form.rule.id}:{eh.via}:{eh.form.pos}",
                                        confidence=eh.form.rule.confidence))
        return ev

    def _commentator_subject(self, toks: list, h: TriggerHit) -> bool:
        for j in range(h.end_tok, min(len(toks), h.end_tok + 2)):
            if self.cues.has(toks[j].norm, COMMENTATOR):
                return True
        for j in range(max(0, h.start_tok - 2), h.start_tok):
            if self.cues.has(toks[j].norm, COMMENTATOR):
                return True
        return False

    # -- modality ---------------------------------------------------------------
    def _negated(self, toks: list, h: TriggerHit) -> bool:
        neg = self.cues.certainty.get("negation", ())
        ctx = self.cues.context
        skip = ctx.get("skip_words", ())
        still = ctx.get("still_verbs", ())
        i = h.start_tok
        support_seen = False
        free = 1  # one word may stand between: a support verb's subject, or a clitic-like particle
        for j in range(i - 1, max(-1, i - 6), -1):
            w = toks[j].norm
            stripped = w[1:] if len(w) > 2 and w[0] in "وف" else w
            if stripped in neg and stripped != "الا":
                if j + 1 < len(toks) and toks[j + 1].norm in still:
                    return False  # لا يزال القصف مستمرا
                if stripped == "ما":
                    return False  # ما أدى إلى مقتل، بحسب ما تم الاتفاق عليه: a relative, not a negation
                return True
            if stripped in skip:
                continue
            if h.form.pos == "noun" and not support_seen and self.cues.has(w, SUPPORT):
                support_seen = True  # لم تشهد المدينة اشتباكات، لم يعقد الطرفان اجتماعا
                continue
            if support_seen:
                break
            if free > 0:
                free -= 1
                continue
            break
        return False

    def _modality(self, ev: Event, toks: list, h: TriggerHit) -> None:
        cert = self.cues.certainty
        i = h.start_tok
        window = [toks[j].norm for j in range(max(0, i - 3), i)]
        # negation before the trigger (لم يقتل، لا يرفضون، عدم السماح، لم تشهد المدينة اشتباكات),
        # with only adverbs, a support verb or its subject between; لا يزال / ما زال are "still"
        ev.negated = self._negated(toks, h)
        # failure governs what follows it: فشل روسيا وتركيا بالتوصل إلى اتفاق هدنة
        for j in range(max(0, i - 6), i):
            if tok_has(toks[j].norm, self.cues.failure) and not any(
                    self.cues.has(toks[q].norm, BOUND) for q in range(j + 1, i)):
                ev.negated = True
        certainty = "asserted"
        if h.future:
            certainty = "planned"
        else:
            # a future support verb before a nominal trigger: سيعقد الوزيران اجتماعا
            for j in range(max(0, i - 4), i):
                w = toks[j].norm
                if w[:1] == "س" or w[1:2] == "س":
                    for v in token_variants(w):
                        if v[2] and (v[0] in self.cues.support_verbs or v[0] in self.lexicon.single):
                            certainty = "planned"
        if certainty == "asserted":
            # "قد يشن هجوما"، "قد تقصف": قد with an imperfect is "may"
            for j in range(max(0, i - 4), i):
                if toks[j].norm.lstrip("و") == "قد" and j + 1 < len(toks):
                    w = toks[j + 1].norm
                    if len(w) >= 3 and w[0] in "يتن" and w not in _PAST_T:
                        certainty = "uncertain"
                        break
        ctx = toks[max(0, i - 8):i]
        ctx_norms = [t.norm for t in ctx]
        joined = " " + " ".join(ctx_norms) + " "
        if certainty == "asserted":
            # belief and claims govern the whole clause after them (ويُعتقد أن داعش لن يسمح
            # لهم بالمغادرة، وسيستخدمهم دروعاً بشرية): look further back, to a strong boundary
            for j in range(i - 1, max(-1, i - 14), -1):
                w = toks[j].norm
                if w.lstrip("و") in _STRONG_BOUNDARY:
                    break
                st = stems_of(w)
                if st.isdisjoint(self._cert_bcd):
                    continue
                if not st.isdisjoint(self._cert_split["believed"][0]):
                    certainty = "believed"
                    break
                if not st.isdisjoint(self._cert_split["claimed"][0]):
                    certainty = "claimed"
                    break
                if not st.isdisjoint(self._cert_split["denied"][0]):
                    certainty = "denied"  # نفى نتنياهو أنباء التوصل إلى اتفاق وقف إطلاق النار
                    break
            if certainty != "asserted" and any(not stems_of(t).isdisjoint(self._cert_split["denied"][0])
                                               for t in ctx_norms[-6:]):
                certainty = "denied"
        if certainty == "asserted":
            # قررت الحكومة السماح بشن غارات، وافق البرلمان على نشر قوات: decided, not yet done
            # (after belief and claims: "يُعتقد أن داعش لن يسمح…" stays believed)
            decision = self.cues.context.get("decision_words", ())
            for j in range(i - 1, max(-1, i - 5), -1):
                w = toks[j].norm
                if self.cues.has(w, BOUND):
                    break
                if not stems_of(w).isdisjoint(decision):
                    certainty = "planned"
                    break
        if certainty == "asserted":
            stems6 = [stems_of(t) for t in ctx_norms[-6:]]
            names = ("denied", "hypothetical", "planned", "uncertain", "claimed", "believed")
            if not any(not st.isdisjoint(self._cert_any) for st in stems6) and \
                    not any(w in joined for w in self._cert_multi_any):
                names = ()  # no cue at all in the window (the common case)
            for name in names:
                single, multi = self._cert_split[name]
                window = stems6[-5:] if name == "hypothetical" else stems6
                if any(not st.isdisjoint(single) for st in window) or any(f" {w} " in joined for w in multi):
                    certainty = name
                    break
        # a following "denied" ("الأمر الذي تنفيه موسكو") denies only the speaker's view: leave it
        if certainty == "asserted" and h.form.pos == "noun" and h.article:
            # "المعركة ... ستنتهي خلال أيام": a prediction about the happening
            for j in range(h.end_tok, min(len(toks), h.end_tok + 5)):
                w = toks[j].norm
                if w.startswith("س") and len(w) > 3 and w[1] in "يت" and any(v[2] for v in token_variants(w)):
                    certainty = "planned"
                    break
                if self.cues.has(w, BOUND):
                    break
        after = toks[h.end_tok:h.end_tok + 2]
        if certainty == "asserted" and tok_has_any(after, {"مزعوم", "مزعومه", "المزعوم", "المزعومه"}):
            certainty = "claimed"  # هجوم كيماوي مزعوم
        elif certainty == "asserted" and tok_has_any(after, {"محتمل", "محتمله", "المحتمل", "المحتمله"}):
            certainty = "uncertain"  # هجوم محتمل
        ev.certainty = certainty

    # -- arguments ----------------------------------------------------------------
    def _sentence_mentions(self, doc: Document, s: Sentence) -> list:
        key = ("ments", s.id)
        hit = self._tag_cache.get(key)
        if hit is None:
            hit = [m for m in doc.mentions if s.start <= m.start < s.end]
            self._tag_cache[key] = hit
        return hit

    _PREPS = {"في", "من", "الي", "عن", "مع", "بين", "لدي", "داخل", "قرب", "نحو", "عبر", "حول", "خلال",
              "منذ", "بعد", "قبل", "امام", "وسط", "تحت", "فوق", "عند", "ازاء", "تجاه", "بحسب", "حسب", "وفق"}

    def _pin(self, obj) -> int:
        self._pinned.append(obj)
        return id(obj)

    def _sentence_tags(self, toks: list) -> list:
        """Per token: "A" ends an agent phrase (على يد، من قبل), "T" marks a target
        (على، ضد), "P" another preposition, "B" a clause boundary, "" otherwise.
        Cached per sentence for the document being processed."""
        key = self._pin(toks)
        hit = self._tag_cache.get(key)
        if hit is not None:
            return hit
        tags = []
        base_cache = self._base_tag_cache
        agent_last = self._agent_by_last
        for j, t in enumerate(toks):
            w = t.norm
            tag = base_cache.get(w)
            if tag is None:
                w1 = w[1:] if len(w) > 2 and w[0] in "وف" else w
                if w1 in self.cues.target_markers or w in self.cues.target_markers:
                    tag = "T"
                elif w1 in self._PREPS:
                    tag = "P"
                elif w1 in ("ان", "انه", "انها", "بان") or self.cues.has(w, BOUND):
                    tag = "B"
                else:
                    tag = ""
                if (w in agent_last or w1 in agent_last) and tag != "B":
                    tag = "?" + tag  # may end an agent phrase: check the words before it
                base_cache[w] = tag
            if tag[:1] == "?":
                w1 = w[1:] if len(w) > 2 and w[0] in "وف" else w
                tag = tag[1:]
                for marker in agent_last.get(w, ()) or agent_last.get(w1, ()):
                    k = len(marker)
                    if j - k + 1 >= 0 and all(
                            toks[j - k + 1 + q].norm == marker[q] or toks[j - k + 1 + q].norm[1:] == marker[q]
                            for q in range(k)):
                        tag = "A"
                        break
            tags.append(tag)
        self._tag_cache[key] = tags
        return tags

    def _governor(self, toks: list, tags: list, mi: int, floor: int, raw_first: str, first_norm: str) -> str:
        """What governs the mention starting at token ``mi``: "agent" (على يد X، من قبل X),
        "target" (على X، ضد X), "pp" (another preposition), "lam" (a proclitic ل) or ""
        (a core argument). ``floor`` is the first token that may be looked at."""
        pref = raw_first[: max(0, len(raw_first) - len(first_norm))] if first_norm and raw_first.endswith(first_norm) else ""
        pref = pref.lstrip("وف")
        if pref.startswith("ل") and not pref.startswith("ال"):
            # "على مواقع للميليشيات": the owner of what is hit is the target
            for j in range(mi - 1, max(floor, mi - 3) - 1, -1):
                if tags[j] == "T":
                    return "target"
                if tags[j] in ("P", "B"):
                    break
            return "lam"
        if pref[:1] in ("ب", "ك"):
            return "pp"
        # an agent phrase a few words back (على يد عناصر من X، من قبل قوات X)
        for j in range(mi - 1, max(floor, mi - 5) - 1, -1):
            if tags[j] == "B":
                break
            if tags[j] == "A":
                return "agent"
        for j in range(mi - 1, max(floor, mi - 4) - 1, -1):
            if j + 1 in self._comma_before:
                return ""  # a comma closes the phrase before it (في تقرير نشرته الاثنين، الجيش)
            tag = tags[j]
            if tag == "T":
                return "target"
            if tag == "P":
                return "pp"
            if tag == "B":
                return ""
        return ""

    def _flat_mentions(self, doc: Document, s: Sentence, toks: list):
        """The sentence's argument mentions, longest of overlapping ones, and token starts
        (cached per sentence)."""
        key = ("flat", s.id)
        hit = self._tag_cache.get(key)
        if hit is None:
            ments = [m for m in self._sentence_mentions(doc, s) if m.type in ACTOR_TYPES or m.type in PLACE_TYPES]
            ments.sort(key=lambda m: (m.start, -(m.end - m.start)))
            flat: list[Mention] = []
            for m in ments:  # the longest of nested or overlapping mentions
                if flat and m.start < flat[-1].end:
                    if (m.end - m.start) > (flat[-1].end - flat[-1].start):
                        flat[-1] = m
                    continue
                flat.append(m)
            hit = (flat, [t.start for t in toks])
            self._tag_cache[key] = hit
        return hit

    def _actor_target(self, doc: Document, s: Sentence, toks: list, h: TriggerHit, rule: TriggerRule):
        flat, tok_starts = self._flat_mentions(doc, s, toks)

        def tok_index(off: int) -> int:
            return max(0, bisect.bisect_right(tok_starts, off) - 1)

        sources = self._source_spans(toks)
        tags = self._sentence_tags(toks)
        key = ("comma", self._pin(toks))
        cb = self._tag_cache.get(key)
        if cb is None:
            text = doc.text
            cb = set()
            for j in range(1, len(toks)):
                a, b = toks[j - 1].end, toks[j].start
                if b - a > 1 or (b > a and text[a] != " "):
                    gap = text[a:b]
                    if "،" in gap or "," in gap or "؛" in gap or ":" in gap:
                        cb.add(j)
            self._tag_cache[key] = cb
        self._comma_before = cb
        ts, te = h.start_tok, h.end_tok  # trigger tokens [ts, te)
        self._fixed = {te - 1} if h.via == "pattern" else set()
        self._cur_mentions = flat
        self._doc_dates = [d for d in doc.dates if s.start <= d.start < s.end]
        if h.via == "pattern" and h.form.pos == "past":
            te = ts + 1  # the subject may sit inside a verb pattern: أطلقت الولايات المتحدة سراح
        flat = self._widen(doc, flat, toks, tags, tok_index, ts, te)
        t_start, t_end = toks[ts].start, toks[te - 1].end
        clause_start = self._clause_start(toks, ts, doc)
        info = []  # (mention, first token, governor)
        prev_end_tok = 0
        for m in flat:
            if any(a <= m.start < b for a, b in sources):
                prev_end_tok = tok_index(m.end - 1) + 1
                continue
            mi = tok_index(m.start)
            floor = te if mi >= te else max(clause_start, prev_end_tok)
            first_norm = _first_norm(m.text)
            gov = self._governor(toks, tags, mi, floor, toks[mi].norm, first_norm)
            info.append((m, mi, gov))
            prev_end_tok = tok_index(m.end - 1) + 1

        def arg(m: Optional[Mention], how: str) -> Optional[Argument]:
            if m is None:
                return None
            end = m.end
            if m.type == "ROLE" and _first_norm(m.text).startswith("ال"):
                end = self._nisba_end(doc, toks, tok_index(m.end - 1), flat, m.end)
            return Argument(text=doc.text[m.start:end], start=m.start, end=end, ref=m.id,
                            canonical=m.canonical or m.actor_id, rule=how)

        after = [(m, mi, g) for m, mi, g in info if mi >= te and mi - te <= 10]
        before = [(m, mi, g) for m, mi, g in info if m.end <= t_start and mi >= clause_start]
        can_act = lambda m: m.type in ACTOR_TYPES  # noqa: E731
        pos = h.form.pos
        passive = pos == "passive" or self._looks_passive(doc, toks, h)
        actor = target = None
        agent = next((m for m, mi, g in after if g == "agent" and can_act(m)), None)
        marked = next((m for m, mi, g in after if g == "target"), None)
        if pos in ("past", "imperf", "form") and not passive:
            subj = None
            # SVO: a core mention right before the verb at the head of its clause (إن الطائرات قصفت)
            lead = ts
            while lead > 0 and toks[lead - 1].norm in ("قد", "لم", "لن", "لا", "سوف", "ما", "لقد", "فقد", "وقد"):
                lead -= 1  # أوروبا قد فرضت، الحكومة لم تعتقل
            # a named place in subject position acts (أوروبا فرضت عقوبات)
            can_subj = lambda m: m.type in ACTOR_TYPES or m.type == "LOC"  # noqa: E731
            adj = [(m, mi, g) for m, mi, g in before if g == "" and can_subj(m) and tok_index(m.end - 1) >= lead - 1]
            if adj:
                m, mi, g = adj[-1]
                # at the head of its clause, or after bare heads no stage named (قوات مغاوير الشرطة)
                if mi <= clause_start + 1 or (mi <= clause_start + 3 and all(
                        not toks[q].norm.startswith("ال") and not tags[q] for q in range(clause_start, mi))):
                    subj = m
            rel_obj = np_obj = None
            if subj is None and lead > 0 and toks[lead - 1].norm in ("الذي", "التي", "الذين", "اللتي"):
                # باكستان، التي ترفض…: the antecedent is the subject, unless the verb carries
                # an object pronoun (التي تحاصرها المقاومة: the antecedent is the object)
                ante = [m for m, mi, g in info if m.end <= toks[lead - 1].start and lead - 1 - tok_index(m.end - 1) <= 2]
                if ante:
                    w = toks[ts].norm
                    if w.endswith(("ها", "هم", "هما")) or (w.endswith("ه") and not w.endswith("يه")):
                        rel_obj = ante[-1]
                    elif can_subj(ante[-1]):
                        subj = ante[-1]
            np_subj = None
            if subj is None and pos != "form" and 0 < lead - clause_start <= 3 and \
                    not any(clause_start <= mi < ts for m, mi, g in info):
                # SVO with a subject no stage named: إن انتحاريا فجر، أن قوات الجيش أحبطت
                np_subj = self._np(doc, toks, tags, clause_start, clause_start - 1, until=lead, subject=True)
            plural_verb = pos == "past" and toks[ts].norm.endswith("وا") and len(toks[ts].norm) > 4
            # "أصدرت الخارجية بيانا اتهمت فيه إيران": a relative clause on a statement; its
            # subject is the statement's author, named before it
            plural_verb = plural_verb or (te < len(toks) and toks[te].norm in ("فيه", "فيها", "خلاله", "خلالها")
                                          and pos in ("past", "imperf")
                                          and rule.type in ("ACCUSE", "REQUEST", "REJECT", "THREATEN", "SUPPORT"))
            pron_subject = False
            if subj is None and np_subj is None and pos in ("past", "imperf"):
                # "قالت الحركة إنها كانت تستهدف قوات الأمن": the speaker's pronoun, agreeing with
                # the verb, is its subject; a mention after the verb is then its object
                k = lead
                while k > 0 and toks[k - 1].norm in ("كان", "كانت", "كانوا", "قد", "لقد"):
                    k -= 1
                if k > 0 and _pronoun_agrees(toks[k - 1].norm, toks[ts].norm.lstrip("و")) and \
                        not (toks[k - 1].norm.endswith("انه") and any(mi == te and can_act(m) for m, mi, g in info)):
                    # (but "إنه قتل الجيش عشرة مسلحين": a name right after the verb is its subject)
                    subj = self._pronoun_subject(toks, k, info, can_act)
                    pron_subject = True
            if subj is None and np_subj is None and not plural_verb and not pron_subject:  # VSO
                subj = next((m for m, mi, g in after if g == "" and can_act(m) and mi - te <= 3), None)
                if subj is not None and te < len(toks) and toks[te].norm.startswith("ال") and \
                        toks[te].start < subj.start and not tags[te] and not self._is_time(toks[te]) and \
                        toks[te].norm not in self._NP_STOP and not any(mi == te for m, mi, g in info) and \
                        pos != "form" and subj.type in ("GPE", "ORG", "PERSON", "ROLE"):
                    # "اتهم الوزير إيران بـ…": a definite noun right after the verb is its
                    # subject even when no stage named it; the named actor after it is the object
                    si = next((q for q in range(te, len(toks)) if toks[q].start >= subj.start), len(toks))
                    np_first = self._np(doc, toks, tags, te, te - 1, until=si, subject=True)
                    if np_first is not None and np_first.end <= subj.start:
                        np_obj_m = subj
                        subj, np_subj = None, np_first
                        marked = marked or np_obj_m
            if subj is None and np_subj is None and plural_verb:
                # حاصروا القصر: the suffix is the subject, the noun after is the object; the
                # subject is the last actor named before it in the sentence (سيطر الحوثيون… ثم حاصروا)
                prior = [m for m, mi, g in info if m.end <= t_start and m.type in ("ORG", "PERSON", "ROLE") and (
                    g == "" or g == "pp" and m.start == toks[mi].start and mi > 0 and
                    toks[mi - 1].norm.lstrip("و") not in self._PREPS)]
                if prior:
                    subj = prior[-1]
            if subj is None and np_subj is None:
                # a title before the name: دعا الأمين العام للأمم المتحدة أنطونيو غوتيريس
                subj = next((m for m, mi, g in after if m.type == "PERSON" and mi - te <= 7 and
                             not any(tags[q] for q in range(te, mi))), None)
            if subj is None and np_subj is None and pos != "form" and not plural_verb and not pron_subject:
                k0 = te
                while k0 < len(toks) and k0 - te < 2 and self._is_time(toks[k0]):
                    k0 += 1  # اتهم الأربعاء المفوض…: a day between the verb and its subject
                if not any(mi == k0 for m, mi, g in info):
                    np_subj = self._np(doc, toks, tags, k0, k0 - 1, subject=True)  # VSO subject no stage named
                    if np_subj is not None and (toks[k0].is_number or toks[k0].norm in _WORDNUM or toks[k0].norm in _VAGUE):
                        # اعتقل 16 شخصا: a counted noun after the verb is its object
                        np_obj, np_subj = np_subj, None
                        np_obj.rule = "np-object"
            if subj is None and np_subj is None and before:
                cand = [m for m, mi, g in before if g == "" and can_act(m) and ts - mi <= 8]
                subj = cand[-1] if cand else None
            if pos == "form":
                subj = None  # an adverbial participle (مطالبا، منددا): the speaker is the actor
            if subj is None and np_subj is None:
                subj = self._pronoun_subject(toks, ts, info, can_act)
            actor = arg(subj, "subject") or np_subj
            addressee = None
            if rule.type == "REQUEST":
                # طلب من X، دعا كلا من X: the one asked is the target
                addressee = next((m for m, mi, g in after if m is not subj and mi - te <= 6 and can_act(m) and
                                  mi > 0 and toks[mi - 1].norm in ("من", "كلا", "كلاً") or
                                  (m is not subj and mi > 1 and toks[mi - 2].norm in ("كلا",) and toks[mi - 1].norm == "من")),
                                 None)
            if addressee is not None:
                target = arg(addressee, "addressee")
            elif rel_obj is not None:
                target = arg(rel_obj, "relative-antecedent")
            elif np_obj is not None:
                target = np_obj
            elif marked is not None and marked is not subj:
                target = arg(marked, "object-marked")
            else:
                obj = next((m for m, mi, g in after if m is not subj and g == "" and mi - te <= 8), None)
                target = arg(obj, "object")
            if target is None and te < len(toks) and (toks[te].is_number or toks[te].norm in _WORDNUM or
                                                      toks[te].norm in _VAGUE):
                # أعدم التنظيم خمسة من الأهالي: a counted object no stage named
                target = self._np(doc, toks, tags, te, te - 1)
                if target is not None:
                    target.rule = "np-object"
        else:
            # passive verbs and verbal nouns
            if agent is not None:
                actor = arg(agent, "agent-phrase")
            support_actor = None
            if actor is None and pos == "noun":
                support_actor = self._support_actor(doc, toks, tags, h, info, before, clause_start, can_act, arg)
                if support_actor is None:
                    # "هجوم تبنته حركة طالبان"، "هدنة أعلنتها روسيا": a support verb after the noun
                    support_actor = self._trailing_support_actor(toks, h, info, can_act, arg)
                if support_actor is None and h.prep == "ب":
                    # the object of a statement verb: اتهمت المنظمة الجيش بفرض قيود
                    # (with its modifiers: اتهمت الحكومة الانفصاليين الموالين لروسيا بقصف)
                    prev_core = [m for m, mi, g in before if g == "" and can_act(m) and (
                        ts - tok_index(m.end - 1) <= 2 or ts - tok_index(m.end - 1) <= 4 and not any(
                            q in self._comma_before or self.cues.has(toks[q].norm, BOUND)
                            for q in range(tok_index(m.end - 1) + 1, ts + 1)) and self._accuse_before(toks, mi))]
                    if prev_core:
                        support_actor = arg(prev_core[-1], "object-of-statement")
                        j0 = tok_index(prev_core[-1].end - 1) + 1
                        if j0 < ts and toks[j0].norm.startswith("ال") and not tags[j0] and \
                                self._accuse_before(toks, tok_index(prev_core[-1].start)) and \
                                not self._is_time(toks[j0]) and toks[j0].norm not in self._NP_STOP:
                            # "اتهمت الحكومة الانفصاليين بقصف": the named one is the accuser, the
                            # object after it no stage named is the accused
                            obj = self._np(doc, toks, tags, j0, j0 - 1, until=ts)
                            if obj is not None:
                                obj.rule = "object-of-statement"
                                support_actor = obj
                actor = support_actor
            gen = next(((m, mi, g) for m, mi, g in after if mi - te <= 2 and self._adjectives_only(toks, te, mi, h)), None)
            if gen is not None and support_actor is not None and _first_norm(gen[0].text) in _TRIGGER_ADJ:
                gen = None  # شنوا هجمات انتحارية: the adjective is neither actor nor target
            if gen is None and not h.article and not any(mi == te for m, mi, g in info):
                np_arg = self._np(doc, toks, tags, te, ts)
                if np_arg is not None and not np_arg.text.startswith("ال") and " " not in np_arg.text.strip():
                    np_arg = None  # a lone indefinite word after an indefinite noun is its adjective
                if np_arg is not None:
                    if passive or rule.genitive == "target" or support_actor is not None:
                        np_arg.rule = "np-target"
                        target = np_arg
                    elif actor is None and (np_arg.text.startswith("ال") or
                                            normalize_for_matching(np_arg.text).split()[0] in _AGENT_HEADS):
                        np_arg.rule = "np-genitive-actor"  # هجوم المسلحين، قصف مقاتلات الأباتشي
                        actor = np_arg
            if gen is not None:
                m, mi, g = gen
                if g == "lam" and rule.type == "ASSAULT" and pos == "noun" and actor is None and can_act(m):
                    actor = arg(m, "lam-agent")  # غارات لمقاتلات التحالف
                elif g == "":
                    if passive:
                        target = arg(m, "passive-subject")
                    elif rule.genitive == "target" or support_actor is not None:
                        # with the actor named by a support verb, the genitive is the object
                        target = arg(m, "genitive-target")
                    elif actor is None and can_act(m):
                        actor = arg(m, "genitive-actor")
            if target is None and marked is not None:
                target = arg(marked, "object-marked")
            if actor is None and rule.type == "ASSAULT" and pos == "noun":
                # غارات جوية لمقاتلات التحالف: ل + the attacker after the adjectives
                for j in range(te, min(len(toks), te + 3)):
                    w = toks[j].norm
                    stem_j = w[1:]
                    if w.startswith("ل") and not w.startswith("ال") and len(w) > 3 and self._adjectives_only(toks, te, j, h) \
                            and stem_j not in self.lexicon.single and stem_j not in self.lexicon.patterns \
                            and stem_j not in self.cues.purpose:
                        m2 = next((m for m, mi, g in info if mi in (j, j + 1) and can_act(m)), None)
                        if m2 is not None:
                            a = toks[j].start + 1 if toks[j].norm.startswith("ل") and m2.start > toks[j].start else m2.start
                            if doc.text[a:a + 1] == "ـ":
                                a += 1
                            actor = Argument(text=doc.text[a:m2.end], start=a, end=m2.end, ref=m2.id,
                                             canonical=m2.canonical or m2.actor_id, rule="lam-agent")
                        break
            if (rule.type == "ASSAULT" and rule.mode == "clash") or rule.type in ("CONSULT", "AGREE", "COOPERATE"):
                # اشتباكات بين X و Y: X and Y are the two sides
                bj = next((j for j in range(te, min(len(toks), te + 4)) if toks[j].norm == "بين"), None)
                if bj is not None:
                    sides = [m for m, mi, g in info if bj < mi <= bj + 8 and can_act(m)]
                    first = None
                    if bj + 1 < len(toks) and not any(mi == bj + 1 for m, mi, g in info) and \
                            toks[bj + 1].norm.startswith("ال"):
                        # بين الثوار والقوات الحكومية: a first side no stage named
                        first = self._np(doc, toks, tags, bj + 1, bj, subject=True)
                        if first is not None and not sides:
                            first = None  # بين الطرفين: no named side at all, nothing to anchor
                    if first is not None:
                        first.rule = "clash-side"
                        actor = first
                        target = arg(sides[0], "clash-side")
                    elif sides:
                        actor = arg(sides[0], "clash-side")
                        target = arg(sides[1], "clash-side") if len(sides) > 1 else target
        if actor is None and rule.type == "ASSAULT" and rule.mode == "clash" and pos == "noun" and ts > 0 and \
                toks[ts - 1].norm in ("بعد", "عقب", "اثر", "خلال", "وسط", "في", "اثناء"):
            # "تقدمت القوات نحو البلدة بعد معارك مع المسلحين": the side that fought is the
            # subject of the clause the clash is the circumstance of; the side after مع the other
            mj = next((j for j in range(te, min(len(toks), te + 3)) if toks[j].norm == "مع"), None)
            if mj is not None and self._adjectives_only(toks, te, mj, h):
                # a place before the clash is where, not who (سيطر على منطقة في عدن بعد مواجهات)
                cand = [(m, mi) for m, mi, g in info if mi < ts - 1 and ts - mi <= 12 and g == ""
                        and m.type in ("ORG", "PERSON", "ROLE", "NORP")]
                if cand:
                    actor = arg(cand[-1][0], "clash-subject")
                    other = next((m for m, mi, g in info if mi in (mj + 1, mj + 2) and can_act(m)), None)
                    if target is None and other is not None:
                        target = arg(other, "clash-side")
        if actor is None and rule.type in ("ASSAULT", "COERCE") and self.cues.operation_nouns:
            actor = self._operation_agent(doc, toks, info, te, can_act)
        if actor is None and rule.type == "ASSAULT" and pos == "noun" and self.cues.operation_nouns:
            actor = self._result_agent(toks, info, ts, can_act, arg)
        actor, target = self._sane_args(doc, toks, h, rule, actor, target, passive)
        if target is None and rule.type == "ASSAULT" and (pos == "noun" or h.prep == "ل"):
            target = self._exposed_or_marked_target(doc, toks, tags, h, info, te, actor)
        if actor is not None and target is not None and rule.id in self._VICTIM_RULES and \
                actor.start < target.end and target.start < actor.end:
            actor = None  # "أصيب أربعة صحفيين": the victims, not their attacker
        if actor is not None and target is not None and (
                actor.start == target.start or normalize_for_matching(actor.text) == normalize_for_matching(target.text)):
            target = None
        return actor, target

    def _operation_agent(self, doc, toks, info, te, can_act):
        """"اعتقل ثلاثة خلال عمليات لقوات الأمن"، "ضبطت أسلحة في حملة مداهمات للشرطة": the
        force whose operation the act was part of (ل + a mention right after an operation
        noun and at most two adjectives, in the same clause) is its actor."""
        ops = self.cues.operation_nouns
        for j in range(te, min(len(toks), te + 10)):
            if j > te and j in self._comma_before:
                return None
            w = toks[j].norm
            if self.cues.has(w, BOUND) or w in ("ان", "انه", "انها"):
                return None
            if w not in ops and w[1:] not in ops:
                continue
            for m, mi, g in info:
                if j < mi <= j + 3 and g == "lam" and can_act(m) and all(
                        q not in self._comma_before for q in range(j + 1, mi + 1)):
                    return Argument(text=m.text, start=m.start, end=m.end, ref=m.id,
                                    canonical=m.canonical or m.actor_id, rule="operation-agent")
            return None
        return None

    _NOT_NISBA = {"الماضي", "الحالي", "الجاري", "التالي", "الثاني", "الثانيه", "الحاليه", "الماضيه", "التاليه"}

    def _nisba_end(self, doc, toks, j, flat, end):
        """"المسلحون الجهاديون": a definite role takes the definite relational adjectives
        (-ي، -ية، -يون، -يين) no stage claimed right after it."""
        for q in range(j + 1, min(len(toks), j + 3)):
            t = toks[q]
            w = t.norm
            if doc.text[end:t.start].strip() or not w.startswith("ال") or len(w) < 6 or w in self._NOT_NISBA \
                    or w in _TRIGGER_ADJ or not w.endswith(("يون", "يين", "يه", "ي")) \
                    or any(m.start < t.end and t.start < m.end for m in flat) \
                    or w in self.lexicon.single:
                break
            end = t.end
        return end

    _RESULT = {"اسفر", "اسفرت", "واسفر", "واسفرت", "ادي", "ادت", "وادي", "وادت", "خلف", "خلفت", "وخلف", "وخلفت"}

    def _result_agent(self, toks, info, ts, can_act, arg):
        """"ينفذ الجيش عملية عسكرية … أسفرت عن مقتل مئة مسلح": a killing that an operation
        resulted in has the operation's doer (the subject right before the operation noun)
        as its actor."""
        rj = next((j for j in range(ts - 1, max(-1, ts - 5), -1) if toks[j].norm in self._RESULT), None)
        if rj is None:
            return None
        ops = self.cues.operation_nouns
        for j in range(rj - 1, max(-1, rj - 16), -1):
            w = toks[j].norm
            if self.cues.has(w, BOUND) or w in ("ان", "انه", "انها"):
                return None
            if w not in ops:
                continue
            m = next((m for m, mi, g in info if g == "" and can_act(m) and m.type != "GPE"
                      and j - 4 <= mi < j and all(toks[q].start < m.end for q in range(mi, j))), None)
            return arg(m, "result-of-operation") if m is not None else None
        return None

    def _sane_args(self, doc, toks, h, rule, actor, target, passive):
        """Arguments that cannot be an actor: time nouns (هجوم الصيف), a lone indefinite
        object or thing (جنديا، آليات، معسكر), an adjective of the trigger (الإرهابي،
        انتحارية), a prepositional phrase (بإيواء جماعات، لثلاثة), and, for kill/injure
        verbs, the counted victims (أصيب ثلاثة أمريكيين)."""
        if target is not None:
            tw = normalize_for_matching(target.text).split()
            if len(tw) == 1 and (tw[0].endswith(("ي", "يه")) if target.ref is None else tw[0] in _TRIGGER_ADJ) and \
                    target.start >= toks[h.end_tok - 1].end and \
                    target.start - toks[h.end_tok - 1].end <= 2:
                target = None  # التفجير الانتحاري: an adjective of the trigger, not its victim
        if actor is None:
            return actor, target
        m = next((x for x in self._cur_mentions if x.id == actor.ref), None) if actor.ref else None
        w0 = normalize_for_matching(actor.text).split()[:1]
        if w0 and (m is None or m.type == "NORP") and len(w0[0]) > 3 and w0[0][0] in "بلك" and (
                w0[0][1:].startswith("ا") or w0[0][1:] in _WORDNUM or w0[0][1:] in _VAGUE or w0[0][1:2].isdigit()):
            return None, target  # "واتهمت دولهم بإيواء جماعات"، "أسر لثلاثة": a prepositional phrase
        words = normalize_for_matching(actor.text).split()
        if not words:
            return None, target
        first = words[0].lstrip("و")
        bare = first[2:] if first.startswith("ال") else first
        ctx = self.cues.context
        if first in _TIME_NOUNS or bare in _TIME_NOUNS or (len(words) == 1 and self._is_time_word(first)):
            return None, target
        np_made = actor.ref is None  # read from the text, no stage named it
        if rule.type == "ASSAULT" and rule.id in self._VICTIM_RULES and (
                toks[h.start_tok].norm.lstrip("و") in ("اصيب", "اصيبت", "اصيبا", "اصيبوا", "قتل", "قتلت", "قتلا", "قتلوا", "جرح")
                or passive) and (first[:1].isdigit() or first in _WORDNUM or first in _VAGUE):
            # "أصيب ثلاثة أمريكيين": the counted noun after a kill/injure verb is the victim
            return None, target or replace(actor, rule="victim")
        if rule.type in ("ASSAULT", "COERCE", "RETREAT", "AID") and (first in _HELPLESS or bare in _HELPLESS) and \
                (np_made or actor.start > toks[h.start_tok].start):
            return None, target  # "ومنع المدنيين من المغادرة"، "فتح معبر لخروج المدنيين": those it is done for
        if len(words) == 1 and np_made:
            if bare in ctx.get("things", ()) or first in ctx.get("things", ()):
                return None, target
            if not first.startswith("ال") and first.endswith("ا") and not first.endswith(("اء", "ايا")) and \
                    h.start_tok > 0:
                # an accusative indefinite (جنديا، مسلحا) is an object, unless it opens a clause (إن انتحاريا)
                k = next((q for q in range(len(toks)) if toks[q].start >= actor.start), None)
                if k is None or k == 0 or toks[k - 1].norm not in ("ان", "انه", "بان", "لان", "وان"):
                    return None, target
            if first.endswith(("ي", "يه")) and actor.start >= toks[h.start_tok].end and \
                    actor.start - toks[h.end_tok - 1].end <= 2:
                return None, target  # هجوم انتحاري، الهجوم الإرهابي: an adjective of the trigger
        return actor, target

    @staticmethod
    def _is_time_word(w: str) -> bool:
        return w in _WEEKDAYS or w in ("اليوم", "امس", "صباح", "مساء", "فجر", "ليل", "الليله", "الصباح", "المساء")

    def _support_actor(self, doc, toks, tags, h, info, before, clause_start, can_act, arg):
        """The subject of a support verb before a nominal trigger: شن التحالف غارات،
        نفذت طالبان هجوما، أعلنت المقاومة اقتحام."""
        ts = h.start_tok
        sv = self._support_verb(toks, h)
        if sv is None:
            return None
        if not stems_of(toks[sv].norm).isdisjoint(_LOCATIVE_SUPPORT):
            return None  # شهدت عدن اشتباكات: the subject is where it happened
        if h.form.rule.genitive == "target" and h.form.rule.type == "ASSAULT" and \
                not stems_of(toks[sv].norm).isdisjoint(self.cues.context.get("report_support", ())):
            return None  # أعلنت الوزارة مقتل 9 جنود: the announcer is the source, not the killer
        ps = self._pronoun_subject(toks, sv, info, can_act)
        if ps is not None and not any(sv < mi < ts for m, mi, g in info):
            return arg(ps, "pronoun-subject")
        between = [m for m, mi, g in info if sv < mi < ts and g == "" and can_act(m)]
        if between:
            return arg(between[0], "support-verb-subject")
        cand = [m for m, mi, g in before if mi < sv and g == "" and can_act(m) and sv - mi <= 6]
        if not cand and clause_start > sv:
            # the noun opens a quote or follows a comma: شن، فجر الأحد، "هجوما صاروخيا"; the
            # subject is in the support verb's own clause
            clause_start = self._clause_start(toks, sv, doc)
            cand = [m for m, mi, g in info if clause_start <= mi < sv and m.end <= toks[sv].start and g == ""
                    and can_act(m) and sv - mi <= 6]
        if cand:
            return arg(cand[-1], "support-verb-subject")
        w = toks[sv].norm.lstrip("و")
        if w.endswith("وا") and len(w) > 3 and sv + 1 == ts:
            # "ينتشر المسلحون…، واستغلوا الفوضى، وشنوا هجمات": the plural suffix carries the
            # subject of the chain of verbs, the first actor the sentence names (not a source)
            prior = [m for m, mi, g in info if mi < sv and g == "" and m.type in ("ORG", "PERSON", "ROLE")]
            if prior:
                return arg(prior[0], "support-verb-subject")
        if sv + 1 < ts:
            a = self._np(doc, toks, tags, sv + 1, sv)
            if a is not None and a.end > toks[ts].start:  # never into the trigger (أعلنت الحركة التوصل)
                a = self._np(doc, toks, tags, sv + 1, sv, until=ts)
            if a is not None:
                return a
        if 0 < sv - clause_start <= 3:  # SVO with a subject no stage named: أن الثوار تمكنوا من أسر
            return self._np(doc, toks, tags, clause_start, clause_start - 1, until=sv)
        return None

    @staticmethod
    def _pronoun_subject(toks, vi, info, can_act):
        """"أعلن الجيش أنه شن غارة": a verb right after أنه/أنها takes as subject the
        subject of the verb that introduced the clause."""
        if vi == 0 or toks[vi - 1].norm not in ("انه", "انها", "بانه", "بانها", "انهم", "بانهم"):
            return None
        cand = [m for m, mi, g in info if g == "" and can_act(m) and mi < vi - 1 and vi - 1 - mi <= 8]
        return cand[0] if cand else None

    def _trailing_support_actor(self, toks, h, info, can_act, arg):
        for j in range(h.end_tok, min(len(toks), h.end_tok + 4)):
            w = toks[j].norm
            if w in ("الذي", "التي", "الذين"):
                continue
            base = None
            for suf in ("هما", "هم", "ها", "ه"):
                if w.endswith(suf) and len(w) - len(suf) >= 2:
                    base = w[: -len(suf)]
                    break
            if base is not None and self.cues.has(base, SUPPORT) and stems_of(base).isdisjoint(_LOCATIVE_SUPPORT) \
                    and not base.lstrip("و").startswith(("شهد", "تشهد", "يشهد")):  # "التي شهدتها مقديشو": where, not who
                nxt = [m for m, mi, g in info if j < mi <= j + 2 and g == "" and can_act(m)]
                if nxt:
                    return arg(nxt[0], "trailing-support-subject")
                return None
            if self.cues.has(w, BOUND) and w not in ("الذي", "التي"):
                return None
        return None

    _NP_STOP = {"اليوم", "امس", "الليله", "ايضا", "مجددا", "كذلك", "حاليا", "فجر", "صباح", "مساء", "ليل", "ظهر",
                "عصر", "الاثنين", "الثلاثاء", "الاربعاء", "الخميس", "الجمعه", "السبت", "الاحد", "ما", "ان", "انه",
                "انها", "قد", "لا", "لم", "لن", "كل", "بعض", "هذا", "هذه", "ذلك", "تلك", "الذي", "التي", "الذين",
                "عن", "علي", "الي", "الا", "حتي", "او", "ثم", "بشكل", "بعد", "قبل", "نحو", "حوالي", "اكثر", "اقل",
                "يوم", "مساء", "امس", "الماضي", "الحالي", "فيما", "بينما", "حيث", "كما", "لكن", "وسط", "هناك", "هنا",
                "مزيد", "المزيد", "عدد", "عده", "جميع", "كافه", "اي", "احد", "السلام", "الحرب", "الامن",
                "اذا", "لو", "اذ", "نحن", "هو", "هي", "هم", "انا", "انت", "كان", "كانت", "كانوا", "كنا", "يكون",
                "تكون", "شمل", "شملت", "اصبح", "بات", "ظل", "الاول", "الثاني", "الثالث", "الرابع", "الخامس",
                "السادس", "السابع", "الثامن", "التاسع", "العاشر", "الحادي", "مما", "ومن", "جراء", "اثر",
                "تم", "يتم", "جري", "يجري", "تمت", "مسووليته", "مسووليتها", "مسووليتهم", "دائما", "اخرون",
                "اخرين", "اخري", "اخر", "بدوره", "بدورها", "فعلا", "رسميا", "مؤخرا", "حتي", "الاسبوع",
                "الشهر", "السنه", "الساعات", "الايام", "الليل", "النهار", "الصباح", "المساء"}

    def _is_time(self, t: Token) -> bool:
        w = t.norm
        return w in self._NP_STOP and (w in _WEEKDAYS or w in ("اليوم", "امس", "صباح", "مساء", "فجر", "ليل", "الليله")) \
            or any(d.start <= t.start < d.end for d in self._doc_dates)

    def _np(self, doc: Document, toks: list, tags: list, k: int, ts: int, until: Optional[int] = None,
            subject: bool = False) -> Optional[Argument]:
        """A short noun phrase at token ``k`` that no stage named (المجلس، قوات الأمن،
        132 فلسطينيا): the head and up to two definite words after it. With ``until``
        the phrase must fill the tokens up to it exactly (a subject before its verb)."""
        n = len(toks) if until is None else until
        if k >= n or tags[k] or k <= ts:
            return None
        if until is None:
            gap = doc.text[toks[k - 1].end:toks[k].start]
            if any(ch in gap for ch in "،,.:؛\"«»()-–—"):
                return None
        t = toks[k]
        w = t.norm
        if k > 0 and toks[k - 1].norm.lstrip("و").startswith(("شهد", "تشهد", "يشهد")):
            return None  # "التي شهدتها العاصمة": the subject of شهد is where it happened, not who
        st = stems_of(w)
        if w in self._NP_STOP or w[1:] in self._NP_STOP or self.cues.flags(w) or w in _CASUALTY_WORDS \
                or not st.isdisjoint(self.lexicon.single) or not st.isdisjoint(self._NP_STOP) \
                or _PRON_PP.match(w) or (w[0] in "وف" and w[1:3] == "ال") or k in self._fixed \
                or (w[0] in "بلك" and (w[1:3] == "ال" or w[1:] in self.lexicon.single or w[1:] in self.lexicon.patterns)) \
                or (w[0] in "وف" and len(w) > 3 and not w.startswith(_ROOT_WAW)) \
                or any(d.start <= t.start < d.end for d in self._doc_dates):
            return None
        if until is None and not t.is_number and not w.startswith("ال") and w.endswith(("ي", "يه")) \
                and k == ts + 1:
            return None  # an adjective of the trigger (قصف مدفعي), not its subject
        if subject and not t.is_number and not w.startswith("ال") and (w.endswith("ين") or
                                                                     (w.endswith("ا") and len(w) > 3)):
            return None  # an accusative or oblique word (دائما، زورقين) is not a subject
        if subject and until is None and not t.is_number and not w.startswith("ال") and w not in _WORDNUM \
                and w not in _VAGUE and not (k + 1 < len(toks) and toks[k + 1].norm.startswith("ال")
                                             and not tags[k + 1]) \
                and not any(m.start == toks[k + 1].start for m in self._cur_mentions if k + 1 < len(toks)):
            return None  # a bare indefinite word after a verb is more often its object (not مقاتلو داعش)
        if w in _VAGUE and (k + 1 >= len(toks) or tags[k + 1]):
            return None  # "مئات من …" alone names nobody
        end = k
        if t.is_number or w in _WORDNUM or w in _VAGUE:
            if k + 1 < n and not tags[k + 1] and toks[k + 1].norm not in self._NP_STOP:
                end = k + 1
            else:
                return None
        else:
            nm = next((m for m in self._cur_mentions if toks[k].end < m.start and
                       not doc.text[toks[k].end:m.start].strip()), None)
            if nm is not None and nm.type in ("ORG", "PERSON", "GPE") and not w.startswith("ال"):
                # a bare head before a name: مقاتلو داعش، عناصر حزب الله
                return Argument(text=doc.text[toks[k].start:nm.end], start=toks[k].start, end=nm.end,
                                ref=nm.id, canonical=nm.canonical or nm.actor_id, rule="np")
            while end + 1 < n and end - k < 2:
                nx = toks[end + 1]
                gap = doc.text[toks[end].end:nx.start]
                if any(ch in gap for ch in "،,.:؛\"«»()-–—") or tags[end + 1] or nx.norm in self._NP_STOP \
                        or end + 1 in self._fixed:
                    break
                if (not nx.norm.startswith("ال") and until is None) or nx.norm in self.lexicon.single:
                    break
                end += 1
        if until is not None and end != until - 1:
            return None
        a, b = toks[k].start, toks[end].end
        return Argument(text=doc.text[a:b], start=a, end=b, rule="np")

    def _widen(self, doc: Document, flat: list, toks: list, tags: list, tok_index, ts: int, te: int) -> list:
        """Join a bare head to the name after it (قوات + الجيش، مقاتلو + داعش) and give a
        nationality adjective its head noun (مقاتلات حربية + إسرائيلية)."""
        out: list = []
        i = 0
        while i < len(flat):
            m = flat[i]
            # title + name, head + name: الرئيس الروسي + فلاديمير بوتين، قوات + الجيش، مقاتلو + داعش
            while i + 1 < len(flat) and len(m.text.split()) <= 4:
                nx = flat[i + 1]
                bare = not _first_norm(m.text).startswith("ال")
                if m.type in ("ROLE", "ORG") and not doc.text[m.end:nx.start].strip(' "«»\'') \
                        and ((bare and nx.type in ACTOR_TYPES) or (m.type == "ROLE" and nx.type in ("NORP", "ORG", "PERSON"))
                             or (m.type == "ORG" and nx.type == "NORP")):
                    keep = nx if nx.type in ("PERSON", "ORG") or m.type != "ROLE" else m
                    m = replace(keep, start=m.start, end=nx.end, text=doc.text[m.start:nx.end])
                    i += 1
                else:
                    break
            # a bare head with the definite words after it that no stage named: قوات + النظام
            if m.type in ("ROLE", "ORG") and not _first_norm(m.text).startswith("ال") and len(m.text.split()) == 1:
                k = tok_index(m.start)
                nxt_start = flat[i + 1].start if i + 1 < len(flat) else 10**12
                j = k
                while j + 1 < len(toks) and j - k < 2 and toks[j + 1].norm.startswith("ال") and not tags[j + 1] \
                        and toks[j + 1].start < nxt_start and not doc.text[toks[j].end:toks[j + 1].start].strip() \
                        and toks[j + 1].norm not in self._NP_STOP and stems_of(toks[j + 1].norm).isdisjoint(self.lexicon.single):
                    j += 1
                if j > k:
                    m = replace(m, end=toks[j].end, text=doc.text[m.start:toks[j].end])
            if m.type == "NORP":
                k = tok_index(m.start)
                j = k - 1
                lo = out[-1].end if out else -1
                while j >= 0 and k - j <= 2 and not (ts <= j < te) and not tags[j] and toks[j].start >= lo:
                    gap = doc.text[toks[j].end:toks[j + 1].start]
                    if any(ch in gap for ch in "،,.:؛\"«»()") or toks[j].norm in self._NP_STOP \
                            or toks[j].norm in self.lexicon.single or self.cues.flags(toks[j].norm):
                        break
                    j -= 1
                if j + 1 < k:
                    a = toks[j + 1].start
                    m = replace(m, start=a, text=doc.text[a:m.end], type="ROLE")
            out.append(m)
            i += 1
        return out

    def _source_spans(self, toks: list) -> list:
        """Spans right after a reporting cue: the mention there is the source, not an actor."""
        key = ("src", self._pin(toks))
        hit = self._tag_cache.get(key)
        if hit is not None:
            return hit
        spans = []
        self._tag_cache[key] = spans
        cues = self.cues
        for j, t in enumerate(toks):
            if cues.has(t.norm, PREP_CUE | REPORT):
                end = toks[min(len(toks) - 1, j + 6)].end
                # the source phrase ends at a comma or at أن/إن
                for k in range(j + 1, min(len(toks), j + 7)):
                    if toks[k].norm in ("ان", "انه", "انها", "بان") or cues.has(toks[k].norm, REPORT):
                        end = toks[k].start
                        break
                spans.append((t.end, end))
        return spans

    def _clause_start(self, toks: list, i: int, doc: Optional[Document] = None) -> int:
        for j in range(i - 1, -1, -1):
            n = toks[j].norm
            if n in ("ان", "انه", "انها", "بان") or self.cues.has(n, BOUND):
                return j + 1
            if doc is not None and any(ch in doc.text[toks[j].end:toks[j + 1].start] for ch in ':"«»؛'):
                return j + 1
            if i - j > 10:
                return j
        return 0

    @staticmethod
    def _adjectives_only(toks: list, a: int, b: int, h: TriggerHit) -> bool:
        """Are the words between a nominal trigger and a genitive all adjectives agreeing
        in definiteness (غارات جوية مكثفة لـ...، الهجوم الصاروخي الإيراني)?"""
        for j in range(a, b):
            w = toks[j].norm
            if h.article != w.startswith("ال") or not w.endswith(("ي", "يه", "ه", "ين", "ون", "يا", "يه")):
                return False
        return True

    def _exposed_or_marked_target(self, doc, toks, tags, h, info, te, actor) -> Optional[Argument]:
        """The target of an attack noun no stage named as a marked argument:
        "تعرضت البلدة لقصف": the subject of تعرض is hit; "هجوما بسيارة مفخخة على مبنى حكومي":
        the phrase after على/ضد (up to six words on, in the trigger's clause)."""
        ts = h.start_tok
        if h.prep == "ل":
            for j in range(ts - 1, max(-1, ts - 5), -1):
                if toks[j].norm.lstrip("و").startswith(("تعرض", "يتعرض", "تتعرض")):
                    m = next((m for m, mi, g in info if j < mi < ts and g == ""), None)
                    if m is not None:
                        return Argument(text=m.text, start=m.start, end=m.end, ref=m.id,
                                        canonical=m.canonical or m.actor_id, rule="exposed")
                    a = self._np(doc, toks, tags, j + 1, j, until=ts)
                    if a is not None:
                        a.rule = "exposed"
                    return a
        for j in range(te, min(len(toks), te + 6)):
            w = toks[j].norm
            if j > te and (j in self._comma_before or self.cues.has(w, BOUND)):
                return None
            if w in ("علي", "ضد"):
                if any(mi == j + 1 for m, mi, g in info):
                    return None  # a named one: the marked-mention rule had its chance
                a = self._np(doc, toks, tags, j + 1, j - 1)  # (j - 1: مبنى after على is no adjective)
                if a is not None and (len(a.text.split()) < 2 and not normalize_for_matching(a.text).startswith("ال")):
                    a = None  # a lone indefinite head (مواقع، مقر، مواصلة) says too little
                if a is not None and not (actor is not None and actor.start is not None and a.start <= actor.start < a.end):
                    a.rule = "np-marked-target"
                    return a
                return None
        return None

    def _accuse_before(self, toks: list, mi: int) -> bool:
        """An accusation verb within four words before token ``mi`` (اتهمت الحكومة X)."""
        for q in range(max(0, mi - 4), mi):
            for v in token_variants(toks[q].norm):
                if any(f.rule.type == "ACCUSE" and f.pos != "noun" for f in self.lexicon.single.get(v[0], ())):
                    return True
        return False

    def _support_noun(self, toks: list, h: TriggerHit) -> bool:
        return any(tok_has(toks[j].norm, self.cues.support_nouns) for j in range(max(0, h.start_tok - 2), h.start_tok))

    def _support_verb(self, toks: list, h: TriggerHit) -> Optional[int]:
        reach = 5
        # أعلن X، الأحد، مسؤوليته عن الهجوم / تبنت X الهجوم: a responsibility claim reaches further
        if h.start_tok >= 2 and toks[h.start_tok - 1].norm == "عن" and \
                toks[h.start_tok - 2].norm.startswith(("مسووليه", "مسووليت")):
            reach = 10
        reach = max(reach, 8)
        for j in range(h.start_tok - 1, max(-1, h.start_tok - reach), -1):
            f = self.cues.flags(toks[j].norm)
            if f & SUPPORT:
                return j
            n = toks[j].norm
            if len(n) == 3 and n[0] in "وف" and n[1:] in self.cues.support_verbs:
                return j  # وشن، فرد: a two-letter stem keeps its conjunction in stems_of
            if f & BOUND or toks[j].norm in ("ان", "انه", "انها", "بان"):
                return None
        return None

    @staticmethod
    def _looks_passive(doc: Document, toks: list, h: TriggerHit) -> bool:
        """Vocalized passive (قُتل، يُقتل), or an unvocalized verb followed by a number or
        by تم/جرى constructions."""
        if h.form.pos not in ("past", "imperf"):
            return False
        t = toks[h.start_tok]
        raw = doc.text[t.start:t.end]
        letters = [ch for ch in raw]
        # damma on the first or second base letter (after clitics) marks the passive
        seen = 0
        for k, ch in enumerate(letters):
            if _DIACRITICS.match(ch):
                if ch == _DIAC_DAMMA and 1 <= seen <= 3:
                    return True
                continue
            seen += 1
            if seen > 3:
                break
        nxt = toks[h.end_tok].norm if h.end_tok < len(toks) else ""
        if h.form.rule.type == "ASSAULT" and h.form.pos == "past" and (nxt[:1].isdigit() or nxt in _WORDNUM):
            # "أن التنظيم أعدم خمسة": a definite subject at the head of an أن-clause acts
            if h.start_tok >= 2 and toks[h.start_tok - 2].norm.lstrip("و") in ("ان", "انه", "بان", "لان") and \
                    toks[h.start_tok - 1].norm.startswith("ال"):
                return False
            return True
        # unvocalized قتل/أصيب with no object after it reads as a passive (جنديا قتل في ...),
        # and so does one followed straight by a victim noun (قتل ضابط وثلاثة جنود)
        if h.form.rule.id in ("assault.kill", "assault.injure") and h.form.pos == "past":
            if not stems_of(nxt).isdisjoint(_VICTIMS):
                return True
            if nxt.startswith("و") and len(nxt) > 3:
                return True  # "قتلوا وأصيب آخرون": a new clause, no object
            prev = toks[h.start_tok - 1] if h.start_tok > 0 else None
            prev2 = toks[h.start_tok - 2] if h.start_tok > 1 else None
            if prev2 is not None and (prev2.is_number or prev2.norm in _WORDNUM):
                return True  # "إن 130 انقلابيا قتلوا": a counted subject is the victims
            gap = doc.text[t.end:toks[h.end_tok].start] if h.end_tok < len(toks) else "."
            if not nxt or any(ch in gap for ch in "،,.:؛") or nxt in _PASSIVE_NEXT or nxt[1:] in _PASSIVE_NEXT:
                return True
        return False

    # -- place and date --------------------------------------------------------
    def _place(self, doc: Document, s: Sentence, a: int, b: int) -> Optional[Argument]:
        if _event_location is not None:  # pragma: no cover - when the places stage lands
            try:
                p = _event_location(doc, s, a, b)
            except Exception:  # noqa: BLE001
                p = None
            if p is not None:
                return Argument(text=p.text, start=p.start, end=p.end, ref=p.id, canonical=p.name, rule="event_location")
        places = [p for p in doc.places if s.start <= p.start < s.end]
        if places:
            after = [p for p in places if p.start >= b]
            p = after[0] if after else places[-1]
            return Argument(text=p.text, start=p.start, end=p.end, ref=p.id, canonical=p.name, rule="sentence-place")
        main = self._main_place(doc)
        if main is not None:
            return Argument(text=main.text, start=main.start, end=main.end, ref=main.id, canonical=main.name,
                            rule="article-place")
        return None

    @staticmethod
    def _main_place(doc: Document):
        if "events_main_place" in doc.meta:
            return doc.meta["events_main_place"]
        body = {s.id for s in doc.sentences if s.boilerplate is None}
        counts: dict = {}
        first: dict = {}
        for p in doc.places:
            if p.sentence_id in body or p.sentence_id == -1:
                key = p.name or p.text
                counts[key] = counts.get(key, 0) + 1
                first.setdefault(key, p)
        best = None
        if counts:
            key = max(counts, key=lambda k: (counts[k], -first[k].start))
            best = first[key]
        doc.meta["events_main_place"] = best
        return best

    def _date(self, doc: Document, ev: Event, s: Sentence, toks: list, near: int, pub: Optional[_dt.date]) -> None:
        value = self._clause_date(doc, s, toks, near)
        if value is None and _date_for_sentence is not None:  # pragma: no cover - when the dates stage lands
            try:
                value = _date_for_sentence(doc, s.id, near)
            except Exception:  # noqa: BLE001
                value = None
        if value is None:
            own = [d for d in doc.dates if d.sentence_id == s.id and d.value_start] or \
                  [d for d in doc.dates if s.start <= d.start < s.end and d.value_start]
            if own:
                value = min(own, key=lambda d: abs(d.start - near))
        start = end = precision = text = None
        if value is not None:
            if isinstance(value, str):
                start = end = value[:10]
                precision = "day"
            else:
                start = getattr(value, "value_start", None)
                end = getattr(value, "value_end", None) or start
                precision = getattr(value, "precision", None)
                text = getattr(value, "text", None)
        elif pub is not None and not (_date_for_sentence is not None and doc.published):
            # only when the dates stage did not run (it resolves these expressions itself)
            fb = fallback_sentence_date(toks, pub)
            if fb is not None:
                a, b, precision, text = fb
                start, end = a.isoformat(), b.isoformat()
        # historical background: an old date, or "N years ago" / "in 2012"
        hist = self._historical(toks, pub, start)
        ev.historical = hist
        if start is None and pub is not None and not hist and self.context_dates:
            ctx = self._context_date(doc, s, pub)
            if ctx is not None:
                start, end, text = ctx.value_start, ctx.value_end or ctx.value_start, ctx.text
                precision = "day"
                self._basis[self._pin(ev)] = "context"
        if start is None and pub is not None and not hist:
            # current news without a date of its own: on or shortly before publication. The
            # contract field gets the publication day; precision "range" says it is estimated.
            start = end = pub.isoformat()
            precision, text = "range", None
            self._basis[self._pin(ev)] = "publication"
        if start is not None:
            # a range or an open "since X" resolves to its day for the contract field:
            # the start for a day, the end (capped at publication) for vaguer spans
            day = start
            if precision in ("week", "month", "range", "year") and end and self._basis.get(id(ev)) != "publication":
                day = end
                if pub is not None and day > pub.isoformat():
                    day = pub.isoformat()
            ev.date = day[:10]
            ev.date_end = end[:10] if end else None
            ev.date_precision = ev.date_precision or precision
            ev.date_text = text

    _CLAUSE_HEADS = frozenset({"ان", "انه", "انها", "انهم", "بان", "بانه", "بانها", "لان", "وان", "اذ"})

    def _clause_date(self, doc: Document, s: Sentence, toks: list, near: int):
        """The date expression of the trigger's own clause: "قال المتحدث اليوم إن الهجوم
        وقع يوم 17 يوليو" dates the attack by the 17th, not by the day it was announced.
        Within the clause the expression nearest the trigger wins; None without one."""
        cands = [d for d in doc.dates if s.start <= d.start < s.end and d.value_start and d.rule != "dateline"]
        if len(cands) < 2:
            return None
        ti = next((k for k, t in enumerate(toks) if t.start <= near < t.end or t.start >= near), None)
        if ti is None:
            return None
        text = doc.text

        def boundary(k: int) -> bool:  # a clause starts at token k
            w = toks[k].norm
            if w in self._CLAUSE_HEADS or self.cues.has(w, BOUND):
                return True
            gap = text[toks[k - 1].end:toks[k].start] if k > 0 else ""
            return any(ch in gap for ch in "،,؛:\"«»")

        lo = ti
        while lo > 0 and not boundary(lo):
            lo -= 1
        hi = ti + 1
        while hi < len(toks) and not boundary(hi):
            hi += 1
        a = toks[lo].start
        b = toks[hi - 1].end if hi - 1 < len(toks) else s.end
        inside = [d for d in cands if a <= d.start < b]
        if not inside:
            return None
        return min(inside, key=lambda d: 0 if d.start <= near < d.end else min(abs(d.start - near), abs(d.end - near)))

    def _context_date(self, doc: Document, s: Sentence, pub: _dt.date):
        """The day the story is set on: a day named in one of the two sentences before
        this one (the lede sets the day, the body goes on without repeating it), if it
        lies in the week before publication."""
        lo = (pub - _dt.timedelta(days=7)).isoformat()
        hi = pub.isoformat()
        best = None
        for d in doc.dates:
            if d.value_start is None or d.rule == "dateline" or d.precision != "day":
                continue
            if not (s.id - 2 <= d.sentence_id < s.id):
                continue
            if lo <= d.value_start[:10] <= hi and (best is None or d.start > best.start):
                best = d
        return best

    def _historical(self, toks: list, pub: Optional[_dt.date], start: Optional[str]) -> bool:
        if pub is None:
            return False
        if start:
            try:
                d = _dt.date.fromisoformat(start[:10])
                if (pub - d).days > 365 * self.historical_years:
                    return True
            except ValueError:
                pass
        for k, t in enumerate(toks):
            n = t.norm
            if n.isdigit() and len(n) == 4:
                y = int(n)
                if 1900 < y <= pub.year - self.historical_years:
                    prev = toks[k - 1].norm if k else ""
                    if prev in ("عام", "منذ", "سنه", "العام", "في") or k == 0 or tok_has(prev, {"عام", "سنه"}):
                        return True
            if n == "قبل" and k + 2 < len(toks) and self.cues.has(toks[k + 2].norm, YEARS):
                return True
            if n == "قبل" and k + 1 < len(toks) and toks[k + 1].norm in ("سنوات", "اعوام", "عامين", "سنتين", "عقود"):
                return True
        return False

    # -- merging ----------------------------------------------------------------
    def _merge_into(self, events: list, ev: Event, c: _Cand) -> bool:
        """Add ``ev``'s evidence to an earlier event that tells the same happening."""
        if not events:
            return False
        h = c.hit
        group = [h] + list(c.extra_hits)
        if any(self._another_after(c.toks, x) for x in group):
            return False  # غارات أخرى، هجوم جديد: a new happening
        if any(x.form.pos == "noun" and not x.article and any(
                not stems_of(c.toks[j].norm).isdisjoint(_START_VERBS) for j in range(max(0, x.start_tok - 4), x.start_tok))
               for x in group):
            return False  # بدأت القوات هجوما بريا: a new phase begins, another happening
        if c.toks and c.toks[0].norm in _ADDITIVE and not definite_ref_any(c) and not c.split:
            return False  # كما قصفت، كذلك استهدفت: the article adds another happening
        # a definite noun after "بعد/عقب" names the earlier event, not this one: it does not
        # make this telling a repeat
        definite_ref = any(x.form.pos == "noun" and not x.via.endswith("+ref") and
                           (x.article or self._demonstrative_after(c.toks, x)) for x in group)
        for prev in reversed(events):
            if prev.type != ev.type or prev.negated != ev.negated:
                continue
            if c.split and prev.sentence_id == ev.sentence_id and (
                    prev.mode and ev.mode and prev.mode != ev.mode or
                    prev.actor is not None and ev.actor is not None and not _arg_compatible(prev.actor, ev.actor)):
                continue  # a second clause with another mode or actor: another happening
            if prev.mode and ev.mode and prev.mode != ev.mode and ev.type != "ASSAULT":
                continue  # a release and an access permit are two concessions
            compatible = (_arg_compatible(prev.actor, ev.actor) and _arg_compatible(prev.target, ev.target)
                          and self._place_compatible(prev.place, ev.place) and self._date_compatible(prev, ev))
            same_text = compatible and _overlap(prev.sentence, ev.sentence) >= 0.7
            near = abs(ev.sentence_id - prev.sentence_id) <= self.merge_window
            # told again further down: the same town (not just the country), or the same toll
            retold = compatible and (_same_toll(prev, ev) or self._same_precise_place(prev.place, ev.place) and
                                     prev.actor is not None and ev.actor is not None and _key(prev.actor) == _key(ev.actor)
                                     and prev.mode == ev.mode)
            if same_text or (compatible and (definite_ref or near or retold)):
                prev.evidence.extend(ev.evidence)
                if self._basis.get(id(prev)) in ("publication", "context") and \
                        self._basis.get(id(ev)) not in ("publication", "context") and ev.date is not None:
                    # a later telling names the day: it dates the happening
                    prev.date, prev.date_end, prev.date_precision, prev.date_text = \
                        ev.date, ev.date_end, ev.date_precision, ev.date_text
                    self._basis[self._pin(prev)] = self._basis.get(id(ev), "explicit")
                for attr in ("actor", "target", "place"):
                    if getattr(prev, attr) is None and getattr(ev, attr) is not None:
                        setattr(prev, attr, getattr(ev, attr))
                if not prev.quantities and ev.quantities:
                    prev.quantities = ev.quantities
                prev.confidence = min(1.0, prev.confidence + 0.05)
                return True
        return False

    def _same_precise_place(self, a: Optional[Argument], b: Optional[Argument]) -> bool:
        if a is None or b is None or a.rule == "article-place" or b.rule == "article-place":
            return False
        pa, pb = self._places_by_id.get(a.ref), self._places_by_id.get(b.ref)
        if pa is None or pb is None:
            return False
        if pa.precision == 1 or pa.kind in ("country", "region") or pb.precision == 1 or pb.kind in ("country", "region"):
            return False
        return _key(a) == _key(b) or normalize_for_matching(pa.name or pa.text) == normalize_for_matching(pb.name or pb.text)

    def _place_compatible(self, a: Optional[Argument], b: Optional[Argument]) -> bool:
        """Same place, or one inside the other's country when one of them is a country
        or a province; places in two countries are two happenings."""
        if _arg_compatible(a, b, place=True):
            return True
        pa, pb = self._places_by_id.get(a.ref), self._places_by_id.get(b.ref)
        if pa is None or pb is None:
            return False
        if pa.country and pb.country and pa.country != pb.country:
            return False
        coarse = lambda p: p.precision == 1 or p.kind in ("country", "region")  # noqa: E731
        return coarse(pa) or coarse(pb)

    def _date_compatible(self, a: Event, b: Event) -> bool:
        return _date_compatible(a, b, self._basis)

    @staticmethod
    def _another_after(toks: list, h: TriggerHit) -> bool:
        nxt = {toks[j].norm for j in range(h.end_tok, min(len(toks), h.end_tok + 3))}
        return bool(nxt & {"اخري", "اخر", "اخرين", "جديد", "جديده", "جديدا", "ثانيه", "ثان", "ثالثه", "مماثله", "مماثل"})

    @staticmethod
    def _demonstrative_after(toks: list, h: TriggerHit) -> bool:
        nxt = toks[h.end_tok].norm if h.end_tok < len(toks) else ""
        prv = toks[h.start_tok - 1].norm if h.start_tok > 0 else ""
        return nxt in ("هذا", "هذه", "ذلك", "تلك", "نفسه", "نفسها") or prv in ("هذا", "هذه", "ذلك", "تلك")


_VICTIMS = {"شخص", "شخصا", "اشخاص", "مدني", "مدنيا", "مدنيين", "مدنيون", "جندي", "جنديا", "جنود", "ضابط",
            "ضباط", "طفل", "طفلا", "اطفال", "امراه", "نساء", "شرطي", "شرطيا", "عنصر", "عنصرا", "عناصر", "مواطن",
            "مواطنا", "مواطنين", "صحفي", "صحفيا", "متظاهر", "متظاهرا", "متظاهرين", "سائح", "سائحا", "قائد",
            "مسلح", "مسلحا", "مسلحين", "متطرفا", "متطرفين", "فلسطيني", "فلسطينيا", "فلسطينيين", "رجل", "شاب",
            "احد", "احدي", "اثنان", "اثنين", "عدد", "العشرات", "عشرات", "مئات", "المئات", "نحو", "قرابه", "حوالي"}
_STRONG_BOUNDARY = {"فيما", "بينما", "لكن", "ولكن", "حيث", "اما", "كما"}
# nouns of time that a genitive or a subject slot may hold but that never act (هجوم الصيف)
_TIME_NOUNS = {"صيف", "الصيف", "شتاء", "الشتاء", "ربيع", "الربيع", "خريف", "الخريف", "العام", "عام", "السنه",
               "الموسم", "موسم", "الفجر", "الظهر", "العصر", "المغرب", "الليل", "الاسبوع", "الشهر", "رمضان", "العيد",
               "الماضي", "امس", "اليوم", "الليله", "الصباح", "المساء", "الساعه", "ساعات", "الساعات", "الايام",
               "ايام", "يوم", "اسبوع", "شهر", "شهور", "اشهر", "الاشهر", "سنوات", "اعوام", "الاثنين", "الثلاثاء",
               "الاربعاء", "الخميس", "الجمعه", "السبت", "الاحد", "منتصف", "مطلع", "اواخر", "اوائل", "نهايه", "بدايه"}
_PAST_T = {"تم", "تمت", "تعرض", "تعرضت", "تبني", "تبنت", "تمكن", "تمكنت", "تسبب", "تسببت", "توصل", "توصلت", "تلقي",
           "تلقت", "تولي", "تولت", "تقدم", "تقدمت", "تراجع", "تراجعت", "تجاوز", "تجاوزت", "تحول", "تحولت", "تعهد", "تعهدت"}
# groups that violence and coercion are done to, never read as their author from bare text
_HELPLESS = {"الناس", "ناس", "المدنيين", "المدنيون", "مدنيين", "مدنيون", "السكان", "سكان", "الجرحي", "جرحي",
             "المصابين", "مصابين", "الضحايا", "ضحايا", "الاطفال", "اطفال", "النساء", "نساء", "النازحين", "نازحين",
             "اللاجئين", "لاجئين", "المرضي", "مرضي", "الرهائن", "رهائن", "الاسري", "اسري", "المعتقلين", "معتقلين"}
_TRIGGER_ADJ = {"الانتحاري", "انتحاري", "الارهابي", "ارهابي", "الانتحاريه", "انتحاريه", "الارهابيه", "ارهابيه",
                "المسلح", "مسلح", "المزدوج", "مزدوج"}
_START_VERBS = {"بدا", "بدات", "بداوا", "يبدا", "تبدا", "يبداون", "اطلق", "اطلقت", "اطلقوا", "يطلق", "تطلق", "دشن", "دشنت"}
_ADDITIVE = {"كما", "كذلك", "وكذلك", "ايضا", "وايضا", "بدوره", "بدورها", "وفي", "في", "اما", "واما"}


# elatives in construct with a following noun (أعنف قصف، أكبر هجوم، أول اعتقال): the word after
# one is a noun, never a verb
_ELATIVES = {"اعنف", "اكبر", "اشد", "اسوا", "اخطر", "اول", "اكثر", "اقوي", "اوسع", "ابرز", "اضخم", "افدح", "ادمي"}


def _bare_prev(norm: str) -> str:
    w = norm.lstrip("و")
    return w[1:] if w[:1] in "بلك" and w[1:] in _ELATIVES else w


def _pronoun_agrees(pron: str, verb: str) -> bool:
    """أنه + a masculine singular verb, أنها + a feminine one, أنهم + a plural one."""
    pron = pron[1:] if pron.startswith("ب") else pron
    plural = verb.endswith(("وا", "ون"))
    fem = not plural and (verb.endswith("ت") or verb.startswith("ت"))
    if pron == "انه":
        return not fem and not plural
    if pron == "انها":
        return fem
    if pron == "انهم":
        return plural
    return False


def definite_ref_any(c) -> bool:
    return any(x.form.pos == "noun" and x.article and not x.via.endswith("+ref") for x in [c.hit] + list(c.extra_hits))


# words whose first و is a root letter, not the conjunction (a noun phrase may start with them)
_ROOT_WAW = ("وزار", "وزير", "وزراء", "وكال", "وحد", "وفد", "ولاي", "وسائل", "والي", "وحدات", "وجهاء", "ولي")
# heads that name who acts when followed by a genitive (قصف مقاتلات الأباتشي، هجوم مسلحي الحركة)
_AGENT_HEADS = {"قوات", "مقاتلات", "طائرات", "طايرات", "عناصر", "مسلحو", "مسلحي", "مقاتلو", "مقاتلي", "جنود",
                "ميليشيات", "مليشيات", "ميليشيا", "مليشيا", "فصائل", "طيران", "سلاح", "وحدات", "كتائب", "الويه",
                "مدفعيه", "بوارج", "زوارق", "قناصه", "انصار", "انصار", "اتباع", "مروحيات", "دبابات"}
_LOCATIVE_SUPPORT = {"شهد", "شهدت", "تشهد", "يشهد", "شهدوا"}
_TEMPORAL = {"عقب", "بعد", "اثر", "قبل", "غداه", "منذ", "خلال", "وقبل", "وبعد"}
_PASSIVE_NEXT = {"في", "خلال", "جراء", "اثر", "برصاص", "بنيران", "بقصف", "بغاره", "علي", "اليوم", "امس",
                 "بعد", "عندما", "حين", "قرب", "داخل", "وسط", "بينهم", "منهم", "ايضا"}
_SUICIDE = {"انتحاري", "انتحاريا", "انتحاريه", "انتحاريون", "انتحاريين"}
_FIRST_NORM: dict[str, str] = {}


def _first_norm(text: str) -> str:
    hit = _FIRST_NORM.get(text)
    if hit is None:
        parts = normalize_for_matching(text).split()
        hit = parts[0] if parts else ""
        if len(_FIRST_NORM) < 100_000:
            _FIRST_NORM[text] = hit
    return hit


def _is_heading(s: Sentence, toks: list) -> bool:
    """A subheading inside the body: a short line with no closing punctuation
    ("دروع بشرية", "تعزيزات جديدة في الغوطة"). Like titles, headings repeat the story."""
    t = s.text.rstrip()
    return len(toks) <= 8 and bool(t) and t[-1] not in ".!؟?\"»:)،" and "\n" not in t


def tok_has_any(toks: list, words: set) -> bool:
    return any(tok_has(t.norm, words) for t in toks)


_WORDSETS: dict[str, frozenset] = {}


def _wordset(text: str) -> frozenset:
    hit = _WORDSETS.get(text)
    if hit is None:
        hit = frozenset(normalize_for_matching(text).split())
        if len(_WORDSETS) > 20_000:
            _WORDSETS.clear()
        _WORDSETS[text] = hit
    return hit


def _overlap(a: str, b: str) -> float:
    ta, tb = _wordset(a), _wordset(b)
    if not ta or not tb:
        return 0.0
    return len(ta & tb) / min(len(ta), len(tb))


def _key(a: Optional[Argument]) -> Optional[str]:
    if a is None:
        return None
    return a.canonical or normalize_for_matching(a.text)


def _weak(a: Argument) -> bool:
    """An argument read from bare words or inherited, not from a named mention."""
    return a.ref is None or a.rule.startswith("np") or a.rule in ("inherited",)


def _same_toll(a: Event, b: Event) -> bool:
    """The same number killed, injured or arrested (two or more) in both tellings."""
    qa = {(q.kind, q.value) for q in a.quantities if q.value and q.value >= 2 and q.kind in ("killed", "injured", "arrested")}
    if not qa:
        return False
    return any((q.kind, q.value) in qa for q in b.quantities)


def _arg_compatible(a: Optional[Argument], b: Optional[Argument], place: bool = False) -> bool:
    if a is None or b is None:
        return True
    if not place and (_weak(a) or _weak(b)):
        return True  # a guess does not split a happening
    if place and (a.rule == "article-place" or b.rule == "article-place"):
        return True
    ka, kb = _key(a), _key(b)
    if ka == kb:
        return True
    na, nb = normalize_for_matching(a.text), normalize_for_matching(b.text)
    return na in nb or nb in na


def _date_compatible(a: Event, b: Event, basis: Optional[dict] = None) -> bool:
    """Two explicit, different days are two happenings; a defaulted date says nothing."""
    if a.date is None or b.date is None:
        return True
    basis = basis or {}
    if basis.get(id(a)) in ("publication", "context") or basis.get(id(b)) in ("publication", "context"):
        return True
    if a.date == b.date:
        return True
    lo_a, hi_a = a.date, a.date_end or a.date
    lo_b, hi_b = b.date, b.date_end or b.date
    return lo_a <= hi_b and lo_b <= hi_a
