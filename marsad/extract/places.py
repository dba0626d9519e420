"""Toponym recognition and resolution: the ``places`` stage, and ``event_location``.

Finding (:meth:`PlaceRecognizer.match`) and writing (:meth:`PlaceRecognizer.set_annotations`)
are separate, the way spaCy's entity ruler does it.

Finding, per article:

1. **Candidates.** At each token, the token's clitic variants (و ف ب ل ك، لل → ال، ال)
   are tried against the gazetteer, longest n-gram first (``Gazetteer.maxlen`` says how
   long a name starting with that word can be). Clitics are stripped at lookup time,
   never pre-expanded into keys.
2. **Context.** Country names, nisba adjectives (السوري، العراقية — context only, never
   places), and unambiguous places give the article's countries.
3. **Guards.** Nothing inside a span another stage claimed (``doc.claimed``, read through a per-article mask), nor right
   after an organization or outlet word (قوات سوريا الديمقراطية، موقع دير الزور 24،
   هيئة تحرير الشام); common words the gazetteer holds as villages (stoplist) and very short
   names count only after a head noun (قرية التحالف).
4. **Resolution.** Each reading is scored by importance (kind, population, curated),
   country context, agreement with the head noun (محافظة → division, مدينة → town) and
   nearness to the other places of the article; the best reading must reach a threshold.
5. **Unknown places.** A head noun in construct (قرية باغوز، مديرية حيس) announces a
   place even when the gazetteer lacks it: the transliteration bridge tries Latin names in
   the context countries; failing that the place is kept with null coordinates and the
   country the text supports. Facilities (ميناء الحديدة، قاعدة عين الأسد) keep their head.

Writing: one :class:`~marsad.doc.Place` per distinct place of the article (its first
mention's span; a town and the division named after it, or a town and the strip that
carries its name, are one place), and one :class:`~marsad.doc.Mention` (GPE/LOC/FAC,
``place_id`` set) per occurrence. ``Place.text`` is the name as written without the
proclitic and without a generic head noun, unless the head is part of the name
(قطاع غزة، إقليم كردستان); after لل the article is restored (للعراق → العراق).
"""
from __future__ import annotations

import bisect
import math
import re
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from typing import Optional

from ..doc import Document, Mention, Place
from ..gazetteer import KIND_INFO, load_default
from ..gazetteer.build import DATA_DIR, _read_tsv, name_key
from ..gazetteer.translit import bridge
from ..pipeline import register_stage
from ..text.normalize import clitic_variants, normalize_for_matching, normalize_with_map

ACCEPT_THRESHOLD = 2.0


@lru_cache(maxsize=262_144)
def _variants(word: str) -> tuple:
    """clitic_variants, memoized (the same words recur across articles)."""
    return tuple(clitic_variants(word))
_TANWEEN = "\u064b\u064c\u064d"
# Countries whose towns Arabic news names by their Arabic names; elsewhere a small town's
# Arabic alternate name is often a transliteration that collides with a common word (يوما/Yuma).
ARAB_COUNTRIES = {"SY", "IQ", "YE", "LY", "SO", "PS", "EG", "SD", "LB", "JO", "SA", "AE", "KW", "QA", "BH",
                  "OM", "TN", "DZ", "MA", "MR", "DJ", "KM"}
HOME_REGION = {"SY", "IQ", "YE", "LY", "SO", "AF", "PS", "EG", "SD", "LB", "JO", "SA", "AE", "KW", "QA", "BH",
               "OM", "TN", "DZ", "MA", "MR", "DJ", "KM", "TR", "IR", "IL", "SS", "PK", "ER", "ET", "TD", "NE", "ML"}


# --------------------------------------------------------------------------- resources
@dataclass
class Lexicon:
    place_heads: dict
    multi_heads: dict  # "شبه جزيره" -> kind
    directions: set
    multi_directions: set
    facility_heads: set
    org_heads: set
    org_liberation_heads: set
    outlet_heads: set
    locative: set
    compound_prefixes: set
    not_names: set
    stoplist: set
    min_letters: int
    nisba: dict  # normalized form -> iso2
    country_nisba_names: set  # country names that are also nisba forms (سوريه)
    function_words: set = field(default_factory=set)  # written forms (hamza kept)
    any_head: set = field(default_factory=set)  # every head word (place, facility, direction, org, outlet)
    common: set = field(default_factory=set)  # stoplist | not_names | org_heads
    common_or_head: set = field(default_factory=set)  # common | place heads
    named_after_heads: set = field(default_factory=set)
    unknown_facility_heads: set = field(default_factory=set)
    facility_names_en: dict = field(default_factory=dict)
    plural_heads: set = field(default_factory=set)
    name_heads: dict = field(default_factory=dict)  # وادي -> region: the head is part of an unknown name
    common_name_heads: set = field(default_factory=set)  # حي تشرين: a common word can follow as a name
    facility_kinds: dict = field(default_factory=dict)  # حوض -> region
    common_words: set = field(default_factory=set)  # ordinary words that are also small towns
    title_prefixes: set = field(default_factory=set)  # مطار الملك خالد: a title opens a longer name
    facility_suffixes: set = field(default_factory=set)  # مطار X الدولي


def _n(s: str) -> str:
    return name_key(s)


def load_lexicon(path: Optional[Path] = None) -> Lexicon:
    import yaml

    path = path or DATA_DIR / "recognizer.yaml"
    d = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    heads, multi = {}, {}
    for k, v in d["place_heads"].items():
        (multi if " " in _n(k) else heads)[_n(k)] = v
    dirs = {_n(x) for x in d["direction_heads"]}
    nisba: dict[str, str] = {}
    for row in _read_tsv(DATA_DIR / "nisbas.tsv"):
        iso, stems = row[0], row[1]
        for st in stems.split("|"):
            b = _n(st)
            for form in (b, b + "ه", b + "ون", b + "ين", b + "ات", b + "يه"):
                nisba[form] = iso
                nisba["ال" + form] = iso
    return Lexicon(
        place_heads=heads, multi_heads=multi,
        directions={x for x in dirs if " " not in x}, multi_directions={x for x in dirs if " " in x},
        facility_heads={_n(x) for x in d["facility_heads"]},
        org_heads={_n(x) for x in d["org_heads"]},
        org_liberation_heads={_n(x) for x in d.get("org_liberation_heads", [])},
        outlet_heads={_n(x) for x in d["outlet_heads"]},
        locative={_n(x) for x in d["locative_cues"]},
        compound_prefixes={_n(x) for x in d["compound_prefixes"]},
        not_names={_n(x) for x in d["not_names"]},
        stoplist={_n(x) for x in d["stoplist"]},
        min_letters=int(d.get("min_letters", 3)),
        nisba=nisba,
        country_nisba_names=set(),
        function_words={_surface(x) for x in d.get("function_words", [])},
        named_after_heads={_n(x) for x in d.get("named_after_heads", [])},
        unknown_facility_heads={_n(x) for x in d.get("unknown_facility_heads", [])},
        facility_names_en={_n(k): v for k, v in (d.get("facility_names_en") or {}).items()},
        plural_heads={_n(x) for x in d.get("plural_heads", [])},
        name_heads={_n(k): v for k, v in (d.get("name_heads") or {}).items()},
        common_name_heads={_n(x) for x in d.get("common_name_heads", [])},
        facility_kinds={_n(k): v for k, v in (d.get("facility_kinds") or {}).items()},
        common_words={_n(x) for x in d.get("common_words", [])},
        title_prefixes={_n(x) for x in d.get("title_prefixes", [])},
        facility_suffixes={_n(x) for x in d.get("facility_suffixes", [])},
    )


@lru_cache(maxsize=4)
def _resources(user_index: Optional[str] = None, lexicon: Optional[str] = None):
    gaz = load_default(user_index=Path(user_index) if user_index else None)
    lex = load_lexicon(Path(lexicon) if lexicon else None)
    lex.any_head = set(lex.place_heads) | lex.facility_heads | lex.directions | lex.org_heads | lex.outlet_heads
    lex.common = lex.stoplist | lex.not_names | lex.org_heads
    lex.common_or_head = lex.common | set(lex.place_heads)
    lex.country_nisba_names = {k for k in lex.nisba if any(gaz.kind[r] == "country" for r, _ in gaz.lookup(k))}
    return gaz, lex


# --------------------------------------------------------------------------- finding
@dataclass(slots=True)
class Candidate:
    i: int  # first token
    j: int  # one past the last token
    key: str  # the normalized name that matched (or the unknown name)
    start: int  # span in the original text (proclitic excluded)
    end: int
    text: str
    rows: tuple = ()  # ((row, weak), ...)
    head: Optional[str] = None  # head noun kind ("admin", "town", "any", ...)
    head_word: Optional[str] = None
    facility: Optional[str] = None  # facility head word (ميناء...), part of the name
    fac_start: Optional[int] = None
    direction: bool = False
    locative: bool = False
    proclitic: str = ""
    article_stripped: bool = False
    surface: str = ""
    doc_country: Optional[str] = None  # the article's main country (context)
    prev_token: object = None
    prev_adjacent: bool = False
    listed: bool = False  # coordinated with a place just before it (حيس والخوخة)
    listed_with: Optional[int] = None  # the gazetteer row of that place
    admin1: Optional[str] = None  # for unknown places: the division the text puts them in
    head_start: Optional[int] = None  # unknown name whose generic head is part of it (وادي الحسيني)
    lat: Optional[float] = None  # unknown sub-city place: the coordinates of the town it is in
    lon: Optional[float] = None
    row: Optional[int] = None
    score: float = 0.0
    confidence: float = 0.0
    rule: str = ""
    country: Optional[str] = None
    kind: Optional[str] = None
    sentence_id: int = -1


_DIACRITIC_CHARS = {chr(c) for c in list(range(0x064B, 0x0660)) + [0x0670, 0x0640]}


def _surface(text: str) -> str:
    """The written form without diacritics or tatweel, hamza kept (وأن is not وان)."""
    return "".join(ch for ch in text if ch not in _DIACRITIC_CHARS)


def _letters(key: str) -> int:
    k = key.replace(" ", "")
    return len(k) - 2 if k.startswith("ال") else len(k)


def _orig_offset(doc: Document, tok, k: int) -> int:
    """Offset in the original text of the k-th normalized character of a token."""
    if k <= 0:
        return tok.start
    _, idx = normalize_with_map(doc.text[tok.start:tok.end])
    return tok.start + (idx[k] if k < len(idx) else tok.end - tok.start)


class PlaceRecognizer:
    def __init__(self, gaz=None, lex: Optional[Lexicon] = None, *, bridge_enabled: bool = True):
        if gaz is None or lex is None:
            g, l = _resources()
            gaz, lex = gaz or g, lex or l
        self.gaz = gaz
        self.lex = lex
        self.bridge_enabled = bridge_enabled
        self._importance: dict = {}
        self._firsts: dict = {}  # word -> ((variant, max tokens of a name it starts), ...)
        self._info: dict = {}
        self._second = _second_words(gaz)
        # single-word keys accept() always refuses: decided here, before any bookkeeping
        self._short_major = {k for k in gaz.maxlen if " " not in k and _letters(k) < lex.min_letters
                             and _letters(k) >= 2 and self._major_row(k) is not None
                             and (k not in lex.stoplist or any(gaz.kind[r] == "admin" for r, _ in gaz.lookup(k)))}
        self._never_alone = {k for k in gaz.maxlen if " " not in k and (
            (_letters(k) < lex.min_letters and k not in self._short_major) or k in lex.place_heads or k in lex.facility_heads
            or k in lex.directions or (k in lex.nisba and k not in lex.country_nisba_names))}

    # -- helpers -------------------------------------------------------------------
    def _major_row(self, key: str) -> Optional[int]:
        """A first-level division or a city of 500,000+ in the home region that carries this name (إب):
        short names are checked against these instead of being refused outright."""
        g = self.gaz
        for r, weak in g.lookup(key):
            if weak or g.country[r] not in HOME_REGION:
                continue
            if g.kind[r] == "admin" or (g.kind[r] == "town" and g.population[r] >= 500_000):
                return r
        return None

    def _word_info(self, w: str) -> tuple:
        """(is some head word, nisba country or None, is a lone common word) for a token, memoized."""
        r = self._info.get(w)
        if r is None:
            lex = self.lex
            vs = _variants(w)
            head = any(v in lex.any_head for v in vs)
            iso = next((lex.nisba[v] for v in vs if v in lex.nisba), None)
            common = w in lex.stoplist or (w in lex.nisba and w not in lex.country_nisba_names)
            r = (head, iso, common)
            if len(self._info) < 500_000:
                self._info[w] = r
        return r

    def _variants(self, w: str) -> list[str]:
        return _variants(w)

    def _word_in(self, w: str, words: set) -> Optional[str]:
        for v in _variants(w):
            if v in words:
                return v
        return None

    def _adjacent(self, doc: Document, a, b) -> bool:
        """Two tokens separated by spaces only (no punctuation, no line break)."""
        gap = doc.text[a.end:b.start]
        return gap.isspace() and "\n" not in gap

    # -- 1. candidates ---------------------------------------------------------------
    def _prepare(self, doc: Document) -> None:
        """Per-article arrays: token norms, adjacency, and a mask of claimed characters.

        Kept on the recognizer for the duration of one call (a stage instance serves one
        article at a time; parallel runs use separate processes)."""
        toks, text = doc.tokens, doc.text
        n = len(toks)
        adj = [False] * n
        for i in range(n - 1):
            a, b = toks[i], toks[i + 1]
            if a.sentence_id == b.sentence_id:
                gap = text[a.end:b.start]
                adj[i] = gap.isspace() and "\n" not in gap
        mask = bytearray(len(text) + 1)
        norp = []
        for m in doc.mentions:
            if m.type == "NORP":
                norp.append((m.start, m.end))
            else:
                mask[m.start:m.end] = b"\x01" * max(0, m.end - m.start)
        self._adj, self._mask, self._norp = adj, mask, norp
        self._toks = toks
        info, info_get = self._word_info, self._info.get
        self._infos = [info_get(w) or info(w) for w in [t.norm for t in toks]]

    def _claimed(self, start: int, end: int, allow_inner_norp: bool = False) -> bool:
        if 1 in self._mask[start:end]:
            return True
        for s_, e_ in self._norp:
            if s_ < end and start < e_:
                if allow_inner_norp and start < s_ and e_ <= end:
                    continue
                return True
        return False

    def candidates(self, doc: Document) -> list[Candidate]:
        gaz, toks = self.gaz, doc.tokens
        n = len(toks)
        adj = self._adj
        out: list[Candidate] = []
        i = 0
        maxlen, by_name = gaz.maxlen, gaz.by_name
        second = self._second
        infos = self._infos
        while i < n:
            t = toks[i]
            if t.is_number:
                i += 1
                continue
            w = t.norm
            hit = None
            firsts = self._firsts.get(w)
            if firsts is None:
                firsts = tuple((v, maxlen[v]) for v in _variants(w) if v in maxlen)
                if len(self._firsts) < 500_000:
                    self._firsts[w] = firsts
            for v, ml in firsts:
                k_max = 1
                if ml > 1 and i + 1 < n and adj[i] and toks[i + 1].norm in second.get(v, ()):
                    k_max = 2
                    while k_max < ml and i + k_max < n and adj[i + k_max - 1]:
                        k_max += 1
                if k_max > 1:
                    keys = [v]
                    for x in toks[i + 1:i + k_max]:
                        keys.append(keys[-1] + " " + x.norm)
                else:
                    keys = (v,)
                for k in range(k_max, 0, -1):
                    key = keys[k - 1]
                    if key in by_name:
                        if k > 1 and self._claimed(toks[i].start, toks[i + k - 1].end, allow_inner_norp=True):
                            continue  # a longer name running into another stage's claim: try shorter
                        hit = (k, v, key)
                        break
                if hit:
                    break
            if hit is None:
                i += 1
                continue
            k, v, key = hit
            if k == 1 and key in self._never_alone:
                i += 1  # a head noun, a nisba, a two-letter word: never a place by itself
                continue
            if k == 1 and (key == w and infos[i][2] or ("ال" + v) in (w, w[1:], w[2:])) and not (
                    i > 0 and (infos[i - 1][0] or (i > 1 and infos[i - 2][0]))) and not (
                    key in self._short_major and doc.text[t.start:t.end][:1] == "إ"):
                i += 1  # a common word with no head noun before it: never a place
                continue
            if any(ch in _TANWEEN for ch in doc.text[t.start:t.end]):
                i += 1  # يوماً، عاماً: an indefinite noun, never a name
                continue
            start, text, proclitic = self._strip_proclitic(doc, t, w, v)
            end = toks[i + k - 1].end
            if text is None:
                text = doc.text[start:end]
            else:
                text = text + doc.text[t.end:end]
            stripped_article = (("ال" + v) in (w, w[1:], w[2:]) or (w.startswith("لل") and ("ال" + v)[2:] == w[2:])) \
                and not v.startswith("ال")
            out.append(Candidate(i=i, j=i + k, key=key, start=start, end=end, text=text,
                                 rows=gaz.lookup(key), proclitic=proclitic, sentence_id=t.sentence_id,
                                 article_stripped=stripped_article, surface=_surface(doc.text[t.start:t.end])))
            i += k
        return out

    def _strip_proclitic(self, doc, t, w: str, v: str):
        """(start, restored text or None, proclitic) for a token whose variant v matched."""
        if v == w:
            return t.start, None, ""
        if w.endswith(v):
            p = w[: len(w) - len(v)]
            if p.endswith("ال"):  # the key matched without the article: keep the article in the name
                p = p[:-2]
            if not p:
                return t.start, None, ""
            return _orig_offset(doc, t, len(p)), None, p
        if w.startswith("لل") and v.startswith("ال"):  # لل = ل + ال: restore the article
            s = _orig_offset(doc, t, 1)
            orig = doc.text[t.start:t.end]
            return s, "ال" + orig[2:] if len(orig) > 2 else orig, "ل"
        return t.start, None, ""

    # -- 2. context ------------------------------------------------------------------------
    def context(self, doc: Document, cands: list[Candidate]) -> dict:
        counts: dict[str, float] = {}
        for inf in self._infos:
            iso = inf[1]
            if iso:
                counts[iso] = counts.get(iso, 0) + 1.0
        gaz = self.gaz
        for c in cands:
            strong = [r for r, weak in c.rows if not weak]
            countries = [r for r in strong if gaz.kind[r] == "country"]
            if countries:
                cc = gaz.country[countries[0]]
                counts[cc] = counts.get(cc, 0) + 1.0
                continue
            # a division or region (its town namesake in the same country is fine): إدلب، الأنبار
            big = [r for r in strong if gaz.kind[r] in ("admin", "region")]
            ccs = {gaz.country[r] for r in strong}
            if big and len(ccs) == 1 and _letters(c.key) >= 4:
                cc = ccs.pop()
                if cc:
                    counts[cc] = counts.get(cc, 0) + 0.5
        return counts

    # -- 3. guards and cues --------------------------------------------------------------
    def annotate(self, doc: Document, c: Candidate) -> bool:
        """Read the words before and after a candidate; False when it must be dropped."""
        toks, lex = doc.tokens, self.lex
        if self._claimed(c.start, c.end, allow_inner_norp=" " in c.key):
            return False
        i = c.i
        p1 = toks[i - 1] if i >= 1 and toks[i - 1].sentence_id == c.sentence_id else None
        p2 = toks[i - 2] if i >= 2 and toks[i - 2].sentence_id == c.sentence_id else None
        p3 = toks[i - 3] if i >= 3 and toks[i - 3].sentence_id == c.sentence_id else None
        adj1 = p1 is not None and self._adjacent(doc, p1, toks[i]) and not c.proclitic
        c.prev_token, c.prev_adjacent = p1, adj1
        if c.proclitic in ("ب", "وب", "فب"):
            c.locative = True
        if adj1:
            w1 = p1.norm
            if self._word_in(w1, lex.outlet_heads) or (p2 is not None and self._word_in(p2.norm, lex.outlet_heads)
                                                        and w1 in ("انباء", "الانباء")):
                return False
            if self._word_in(w1, lex.org_heads):
                return False
            if w1 == "تحرير" and p2 is not None and self._word_in(p2.norm, lex.org_liberation_heads):
                return False
            # a nisba between head and name: العاصمة الأفغانية كابول
            hp, hp_prev = p1, p2
            if self._word_in(w1, lex.nisba) and p2 is not None and self._adjacent(doc, p2, p1):
                hp, hp_prev = p2, p3
            hw = self._word_in(hp.norm, lex.place_heads)
            if hw and not (hw.startswith("ال") and hw not in ("العاصمه",)) and not hp.norm.startswith("ال") \
                    or hw in ("العاصمه",):
                c.head, c.head_word = lex.place_heads[hw], hw
            elif hp_prev is not None and (hp_prev.norm + " " + hp.norm) in lex.multi_heads:
                c.head = lex.multi_heads[hp_prev.norm + " " + hp.norm]
                c.head_word = hp_prev.norm + " " + hp.norm
            elif self._word_in(hp.norm, lex.directions) or (
                    hp_prev is not None and (hp_prev.norm + " " + hp.norm) in lex.multi_directions):
                c.direction = True
                c.locative = True
            elif self._word_in(hp.norm, lex.facility_heads) and not (hp_prev is not None and hp_prev.norm == "عن"):
                fw = self._word_in(hp.norm, lex.facility_heads)
                c.facility = fw
                c.fac_start = hp.start if hp.norm == fw else _orig_offset(doc, hp, len(hp.norm) - len(fw))
            if self._word_in(w1, lex.locative) or (hp is not p1 and self._word_in(hp.norm, lex.locative)):
                c.locative = True
            if c.head and hp_prev is not None and self._word_in(hp_prev.norm, lex.locative):
                c.locative = True
            if c.head and hp_prev is not None and self._word_in(hp_prev.norm, lex.outlet_heads):
                return False
        elif p1 is not None and c.proclitic and self._word_in(p1.norm, lex.outlet_heads) \
                and self._adjacent(doc, p1, toks[i]):
            return False
        # the word after: an organization's name often goes on with a definite adjective
        nx = toks[c.j] if c.j < len(toks) and toks[c.j].sentence_id == c.sentence_id else None
        if nx is not None and self._adjacent(doc, toks[c.j - 1], nx):
            if nx.is_number and p1 is not None and self._word_in(p1.norm, lex.outlet_heads | lex.org_heads):
                return False
        return True

    # -- 4. resolution -------------------------------------------------------------------
    def importance(self, row: int) -> float:
        v = self._importance.get(row)
        if v is None:
            v = self._importance[row] = self._importance_of(row)
        return v

    def _importance_of(self, row: int) -> float:
        g = self.gaz
        kind = g.kind[row]
        if kind == "country":
            return 3.0
        if kind in ("continent", "sea", "river"):
            return 2.6
        if kind == "region":
            return 2.4
        if kind == "admin":
            return 2.1
        pop = g.population[row]
        base = 2.6 if pop >= 1_000_000 else 2.2 if pop >= 100_000 else 1.7 if pop >= 20_000 else \
            1.3 if pop >= 5_000 else 1.0 if pop > 0 else 0.6
        if g.source[row].startswith("curated"):
            base += 0.6
        elif g.country[row] not in HOME_REGION and pop < 100_000:
            base -= 0.6
        if g.fcode[row] == "PPLC":
            base += 0.5
        return base

    def score_rows(self, c: Candidate, ctx: dict, anchors: list) -> tuple[Optional[int], float]:
        g = self.gaz
        top = max(ctx.values()) if ctx else 0
        best, best_sc = None, -1e9
        rows = c.rows
        if len(rows) > 6:  # a common name: the strong kinds, the context's places and the biggest few
            imp = self.importance
            keep = sorted(rows, key=lambda rw: -imp(rw[0]))[:4]
            keep += [rw for rw in rows if rw not in keep and (g.kind[rw[0]] != "town" or g.country[rw[0]] in ctx)]
            rows = keep
        for row, weak in rows:
            sc = self.importance(row)
            if weak:
                sc -= 0.6
            cc = g.country[row]
            small_foreign = kind_of(g, row) == "town" and cc not in HOME_REGION and g.population[row] < 100_000
            if cc and cc in ctx and not small_foreign:
                sc += 1.2 if ctx[cc] >= top else 0.8
            elif ctx and g.kind[row] in ("town", "admin") and g.population[row] < 100_000:
                sc -= 0.3
 
            kind = g.kind[row]
            if c.facility and kind == "town":
                sc += 0.5  # ميناء الحديدة: the port is at the town, not at the province's centre
            if c.head:
                if c.head == "admin" and kind == "admin":
                    sc += 1.0
                elif c.head in ("town", "district", "site") and kind == "town":
                    sc += 0.5
                elif c.head == "river" and kind == "river":
                    sc += 1.0
                elif c.head in ("region", "sea") and kind in ("region", "sea", "mountain"):
                    sc += 0.5
            if anchors and kind in ("town", "admin"):
                la, lo = g.coords(row)
                if la is not None:
                    d = min((_km(la, lo, a, b) for a, b, r in anchors if r != row), default=1e9)
                    sc += 0.6 if d < 50 else 0.3 if d < 150 else 0.0
                    if d > 800 and g.population[row] < 100_000 and kind == "town":
                        sc -= 1.0  # a small namesake far from everything else the article names
            if sc > best_sc:
                best, best_sc = row, sc
        return best, best_sc

    def accept(self, c: Candidate, ctx: dict, anchors: list) -> bool:
        lex, g = self.lex, self.gaz
        key = c.key
        letters = _letters(key)
        multi = " " in key
        if c.surface in lex.function_words:
            return False  # وأن، بأنه: particles, not وان/بانه
        if not multi and key in lex.nisba and key not in lex.country_nisba_names:
            return False  # an adjective (السوري) is context, not a place
        if key in lex.country_nisba_names and (c.head or c.article_stripped or self._agrees_as_adjective(c)):
            return False  # منطقة سورية أخرى، الحكومة السعودية: the adjective, not the country
        if key in lex.place_heads or key in lex.facility_heads or key in lex.directions:
            return False  # ميدان، مدينة: generic nouns
        if c.article_stripped:
            # الصور is not صور (Tyre): a name written with an article it does not carry needs a head noun
            c.rows = tuple((r, w) for r, w in c.rows if g.kind[r] not in ("country", "continent"))
            if not c.head or not c.rows:
                return False
        near = ()
        if key in lex.stoplist and c.listed and c.listed_with is not None:
            # نبل والزهراء: a common word coordinated with a place is a place only where a reading lies
            # within 30 km of it (الزهراء alone is a name, a mosque, a neighbourhood...)
            near = self._near_rows(c.rows, c.listed_with, 30.0)
            if near:
                c.rows = near
        if c.proclitic and key in lex.common and not near:
            return False
        if not c.proclitic and not multi and len(key) > 3 and key[0] in "وفبلك" \
                and key[1:] in lex.common_or_head:
            strong = [r for r, _ in c.rows if self.importance(r) >= 2.6]
            if not strong:
                return False  # بحركة = ب + حركة before it is Baharka
        if key in lex.stoplist and (not c.head or c.head_word in lex.plural_heads) and not near \
                and not (key in self._short_major and c.surface.lstrip("وفل")[:1] == "إ"):  # إب is not آب
            return False
        if not c.head and (key in lex.common_words or (key.startswith("ال") and key[2:] in lex.common_words)) \
                and not near:
            # بحجة أن، هوية المهاجمين: an ordinary word needs a separate preposition of place and its country
            p1 = c.prev_token
            prep = p1 is not None and c.prev_adjacent and self._word_in(p1.norm, lex.locative) is not None
            if not prep and c.proclitic.endswith("ب") and c.j < len(self._toks) and self._adj[c.j - 1]:
                prep = self._toks[c.j].norm in lex.directions  # بحجة شمال غرب اليمن
            if not prep or not any(g.country[r] in ctx for r, _ in c.rows):
                return False
            c.rows = tuple((r, w) for r, w in c.rows if g.country[r] in ctx)
        if not c.head and not multi and c.surface.endswith("ه") and len(key) >= 4 \
                and not any(g.kind[r] in ("country", "admin", "region") or g.population[r] >= 100_000
                            or g.source[r].startswith("curated") for r, _ in c.rows):
            return False  # حديثه (his talk) is written with ه, حديثة (Haditha) with ة: a pronoun suffix, not a name
        if c.head and key in lex.stoplist and not key.startswith("ال") and key.endswith("ه"):
            return False  # ولاية جديدة (a new term)، مدينة جديدة: an adjective agreeing with the head
        if letters < lex.min_letters:
            # إب (Ibb): a short name counts only as a division or major city, with a head noun or a
            # preposition of place in an article about its country; أب (father) is never إب
            if key not in self._short_major or c.surface.lstrip("وفبل")[:1] in ("أ", "آ"):
                return False
            major = self._major_row(key)
            if not (c.head or ((c.locative or c.direction or c.listed) and self.gaz.country[major] in ctx)):
                return False
            c.rows = tuple((r, w) for r, w in c.rows if r == major or (
                self.gaz.country[r] == self.gaz.country[major] and self.gaz.kind[r] in ("admin", "town")
                and not w))
        if "ك" in c.proclitic:
            return False  # كبيرا is not ك + بيرا (Beira)
        row, sc = self.score_rows(c, ctx, anchors)
        if row is None:
            return False
        kind = g.kind[row]
        if c.head_word in ("جبل", "جبال", "وادي", "سهل", "جرود") and kind == "town":
            return False  # جبل اللوح is the mountain, not a village اللوح: the unknown path reports «جبل اللوح»
        strong_kind = kind in ("country", "continent", "region", "river", "sea", "admin")
        pop = g.population[row]
        curated = g.source[row].startswith("curated")
        arab = g.country[row] in ARAB_COUNTRIES
        cue = bool(c.head or c.locative or c.direction or c.facility or c.listed)
        in_ctx = bool(g.country[row]) and g.country[row] in ctx
        if (row, True) in c.rows and not (c.head or in_ctx):
            return False  # a Persian/Urdu-script name (ينا، لكسر) alone does not make an Arabic place
        if not multi and not cue and not in_ctx and self.importance(row) < 2.6:
            return False  # a lone word, no place cue, no country of the article: only a major name counts
        if not multi and not cue and key.startswith("ال") and c.prev_adjacent and c.prev_token is not None \
                and any(v.startswith("ال") for v in _variants(c.prev_token.norm)) \
                and not strong_kind and self.importance(row) < 2.6:
            return False  # البيت الأبيض، السنوات الخمس: an adjective agreeing with the noun before
        if kind == "town" and not curated and not c.head and not c.facility and not multi \
                and g.fcode[row] != "PPLC" and self._common_shape(key):
            # هوية، علوية، مرتفعة، حجة: an indefinite feminine noun or adjective that is also a town needs a
            # preposition of place and its country in the article (and some size), or a very large city there
            cued = c.locative or c.listed or c.direction
            home = g.country[row] in HOME_REGION
            if not (home and in_ctx and (cued and pop >= 20_000 or pop >= 500_000)
                    or g.country[row] in ARAB_COUNTRIES and cued and pop >= 100_000):
                return False
        if kind == "town" and not curated and not c.head:
            if pop < 20_000 and not (arab and g.country[row] in ctx and (c.locative or c.listed or multi)):
                return False  # a small place needs its country in context and a place cue
            if not arab and pop < 20_000:
                return False
        if c.head and kind == "town" and ctx and g.country[row] not in ctx and pop < 100_000:
            return False  # قرية X in a Yemeni story is not a namesake in Egypt: leave it to the unknown path
        if kind == "town" and pop < 100_000 and anchors:
            la, lo = g.coords(row)
            if la is not None and min(_km(la, lo, a, b) for a, b, _ in anchors) > 800:
                return False  # a small namesake far from every other place of the article
        if c.proclitic and not strong_kind and pop < 20_000 and not c.head and not curated \
                and not (g.country[row] in ctx):
            return False  # ب+اغوز must not become a town in Azerbaijan
        total = sc
        if c.head:
            total += 2.0
        if c.locative or c.listed:
            total += 0.5
        if c.facility:
            total += 1.0
        if multi:
            total += 0.5
        if total < ACCEPT_THRESHOLD:
            return False
        c.row, c.score = row, total
        c.country = g.country[row] or None
        c.kind = kind
        c.confidence = round(min(0.99, 0.45 + 0.12 * total), 3)
        c.rule = "gazetteer" + ("+head" if c.head else "") + ("+context" if g.country[row] in ctx else "")
        return True

    @staticmethod
    def _verb_or_masdar(w: str) -> bool:
        """An imperfect verb agreeing with a feminine head (تسيطر، تبعد، تحمل: ت + 3-4 letters, no article)
        or a definite verbal noun افتعال/انفعال/استفعال (الاشتباك، الانتشار، الاستهداف)."""
        if w.startswith("ال"):
            b = w[2:]
            return (len(b) == 6 and b[0] == "ا" and b[4] == "ا" and (b[2] == "ت" or b[1] == "ن")) or \
                (len(b) == 7 and b.startswith("است") and b[5] == "ا")
        return w[0] == "ت" and len(w) in (4, 5) and not w.endswith(("ه", "ا", "ي"))

    def _generic_word(self, w: str, facility: bool = False) -> bool:
        """A word that describes rather than names after a facility or feature head: an indefinite
        feminine adjective (مزدحمة), a verbal noun تفعيل (تدريب), an accusative ـيا (ميدانيا),
        a definite plural (النازحين، المسلحين)."""
        if not w.startswith("ال"):
            if w.endswith("ه") and len(w) >= 5 and w[0] == "م":
                return True  # مفعلة/مفتعلة adjectives and participles (مزدحمة، مهجورة)
            if facility and len(w) == 5 and w[0] == "ت" and w[3] == "ي":
                return True  # معسكر تدريب، نقطة تفتيش (a neighbourhood can be حي تشرين)
            if w.endswith("يا") and len(w) >= 5:
                return True  # ميدانيا
            return False
        return w.endswith(("ين", "ون", "ات")) and len(w) >= 6

    def _near_rows(self, rows, anchor: int, km: float) -> tuple:
        g = self.gaz
        la, lo = g.coords(anchor)
        if la is None:
            return ()
        out = []
        for r, w in rows:
            a, b = g.coords(r)
            if not w and a is not None and _km(la, lo, a, b) <= km:
                out.append((r, w))
        return tuple(out)

    def _common_shape(self, key: str) -> bool:
        """A single word shaped like an ordinary indefinite noun or adjective rather than a name: feminine
        ـة/ـية without the article (هوية، مرتفعة، توتر is caught by the stoplist), a verbal noun pattern
        تفعّل/تفاعل/افتعال (توتر، تصعيد، انتشار), or a word of the common-words list."""
        if key in self.lex.common_words:
            return True
        if key.startswith("ال"):
            return key[2:] in self.lex.common_words
        if key.endswith("ه") and len(key) >= 4:
            return True
        if len(key) == 4 and key[0] == "ت":
            return True  # تفعّل (توتر، تقدم، تحرك)
        if len(key) == 5 and (key[0] == "ت" and key[2] == "ا" or key[0] == "ا" and key[2] == "ت"):
            return True  # تفاعل (تراجع)، افتعال (انتشار)
        return False

    def _agrees_as_adjective(self, c: Candidate) -> bool:
        """A country name that is also a nisba (السعودية، سورية) reads as the adjective when it
        agrees with the noun before it: definite after definite (الحكومة السعودية), indefinite
        after indefinite (منطقة سورية)."""
        if c.proclitic or c.locative or c.direction:
            return False
        p = c.prev_token
        if p is None or not c.prev_adjacent:
            return False
        pw = p.norm
        if self._word_in(pw, self.lex.locative) or pw in ("و", "او", "ان", "بين", "مع", "ضد", "الى", "على", "عن"):
            return False
        definite_prev = any(v.startswith("ال") for v in _variants(pw)) or pw.startswith("لل")
        if c.key.startswith("ال"):
            return definite_prev
        return not definite_prev and not pw[0].isdigit()

    # -- 5. unknown places after head nouns -------------------------------------------------
    def unknown_after_heads(self, doc: Document, taken: set, ctx: dict) -> list[Candidate]:
        toks, lex = doc.tokens, self.lex
        out = []
        n = len(toks)
        infos = self._infos
        for i, t in enumerate(toks[:-1]):
            if not infos[i][0]:
                continue
            w = t.norm
            hw = self._word_in(w, lex.place_heads)
            fac = None
            definite = any(v.startswith("ال") for v in _variants(w)) or w.startswith("لل")
            if hw is None or definite and hw != "العاصمه" or hw.startswith("ال"):
                hw = None
                fw = self._word_in(w, lex.facility_heads)
                if fw and fw in lex.unknown_facility_heads and not definite:
                    w = fw
                    fac = fw
                else:
                    continue
            if hw in ("العاصمه", "عاصمه", "جبهه", "مركز", "محيط", "اطراف", "ريف", "ضواحي"):
                continue  # these introduce known places only
            head = hw or fac
            if head in lex.name_heads or fac:
                if any(ch in "أإآ" for ch in doc.text[t.start:t.end]):
                    continue  # وأدى (a verb) is not وادي; none of these heads is written with hamza
            j = i + 1
            nt = toks[j]
            if j in taken or nt.sentence_id != t.sentence_id or not self._adjacent(doc, t, nt):
                continue
            # حي تشرين، فندق الجزيرة: after a sub-city head a common word can be the name
            common_ok = (hw or fac) in lex.common_name_heads
            if not self._name_like(nt.norm, allow_common=common_ok) \
                    or any(ch in _TANWEEN for ch in doc.text[nt.start:nt.end]):
                continue
            if (fac or hw in lex.name_heads) and self._generic_word(nt.norm, facility=bool(fac)):
                continue  # سوق مزدحمة، معسكر تدريب، مخيم النازحين: a description, not a name
            if not common_ok and self._verb_or_masdar(nt.norm):
                continue  # مناطق تسيطر عليها، منطقة تبعد، مناطق الاشتباك: a verb or a verbal noun
            k = 1
            if nt.norm in lex.compound_prefixes and j + 1 < n and toks[j + 1].sentence_id == t.sentence_id \
                    and (j + 1) not in taken and self._adjacent(doc, nt, toks[j + 1]) \
                    and self._name_like(toks[j + 1].norm, allow_common=common_ok):
                k = 2
            if fac and nt.norm in lex.title_prefixes:
                # مطار الملك خالد: a title takes the name after it
                while k < 3 and j + k < n and toks[j + k].sentence_id == t.sentence_id and (j + k) not in taken \
                        and self._adjacent(doc, toks[j + k - 1], toks[j + k]) \
                        and self._name_like(toks[j + k].norm, allow_common=True):
                    k += 1
            if fac and j + k < n and toks[j + k].norm in lex.facility_suffixes \
                    and self._adjacent(doc, toks[j + k - 1], toks[j + k]):
                k += 1  # مطار X الدولي
            end = toks[j + k - 1].end
            if self._claimed(nt.start, end):
                continue
            key = " ".join(x.norm for x in toks[j:j + k])
            c = Candidate(i=j, j=j + k, key=key, start=nt.start, end=end, text=doc.text[nt.start:end],
                          head=lex.place_heads.get(hw) if hw else None, head_word=hw, sentence_id=t.sentence_id)
            if fac:
                c.facility = fac
                c.fac_start = t.start if t.norm == fac else _orig_offset(doc, t, len(t.norm) - len(fac))
            elif hw in lex.name_heads:
                # وادي الحسيني، حي تشرين: one place whose name includes its generic head
                c.head = lex.name_heads[hw]
                c.head_start = t.start if t.norm == hw else _orig_offset(doc, t, len(t.norm) - len(hw))
            out.append(c)
        return out

    def _name_like(self, w: str, allow_common: bool = False) -> bool:
        lex = self.lex
        if not w or w[0].isdigit() or w.isascii():
            return False
        if w in lex.not_names or w in lex.nisba:
            return False
        if w in lex.stoplist and not (allow_common and w not in lex.function_words):
            return False
        if self._word_in(w, lex.any_head) and not (allow_common and w.startswith("ال")):
            return False  # another head noun, not a name (but فندق الجزيرة is named)
        if w[0] == "ي" or w.startswith(("بال", "لل", "كال", "فال", "وال")) or (
                w[0] in "بلكو" and (w[1:] in lex.not_names or w[1:] in lex.stoplist)):
            return False  # a verb (يؤدي) or a preposition (بالمدينة، بشكل) cannot follow a head in construct
        if w.endswith(("يين", "يون")):
            return False  # a nisba plural (الزيديين)
        for v in _variants(w)[1:]:
            if v in lex.nisba and not w.startswith("ال"):
                return False
        if _letters(w) < 3:
            return False
        if w.endswith("يه") and not w.startswith("ال"):
            return False  # منطقة عسكرية: an adjective
        if w[0] in "وفبلك" and len(w) > 3 and w[1:] in lex.not_names:
            return False
        return True

    def resolve_unknown(self, c: Candidate, ctx: dict) -> None:
        g = self.gaz
        top_w = max(ctx.values()) if ctx else 0
        countries = {k for k, v in ctx.items() if v >= 0.5 * top_w} if ctx else None
        hit = bridge(g, c.key, countries) if self.bridge_enabled and countries and not c.facility \
            and c.head_start is None else None
        if hit is not None:
            row, conf = hit
            if g.kind[row] in ("town", "admin", "site"):
                c.row, c.confidence, c.rule = row, conf, "translit+head"
                c.country, c.kind = g.country[row] or None, g.kind[row]
                return
        c.row = None
        top = max(ctx.items(), key=lambda kv: kv[1])[0] if ctx else None
        c.country = top
        c.kind = self.lex.facility_kinds.get(c.facility, "site") if c.facility else {"admin": "admin", "district": "district", "town": "town", "site": "site",
                                            "river": "river", "sea": "sea", "region": "region"}.get(c.head or "", "town")
        c.confidence = 0.5 if top else 0.35
        c.rule = "head-noun-unknown"

    def _enclosing(self, c: Candidate, accepted: list) -> None:
        """قرية X في ريف إدلب: the most specific known place the text puts an unknown place in."""
        g = self.gaz
        best = None
        after = [o for o in accepted if o.row is not None and o.sentence_id == c.sentence_id and c.j <= o.i <= c.j + 8
                 and g.kind[o.row] in ("admin", "town", "region", "district", "country")]
        # قرية X وبلدة Y في ريف دمشق: the place after a preposition encloses; a coordinated sibling does not
        best = next((o for o in after if o.locative), after[0] if after else None)
        if best is None and c.kind == "site":
            # وسط دمشق ... ساحة X: the town named just before in the same sentence
            for o in reversed(accepted):
                if o.row is not None and o.sentence_id == c.sentence_id and o.j <= c.i and c.i - o.j <= 8 \
                        and g.kind[o.row] == "town" and not o.facility:
                    best = o
                    break
        if best is None and c.kind == "site":
            # the article's lead city (the first city of 100,000+ it names, before this place): a square
            # or neighbourhood named without its town is most often in the city the story is about
            for o in sorted(accepted, key=lambda o: o.start):
                if o.start >= c.start:
                    break
                if o.row is not None and not o.facility and g.kind[o.row] == "town" \
                        and g.population[o.row] >= 100_000:
                    best = o
                    break
        if best is not None:
            c.country = g.country[best.row] or c.country
            c.admin1 = g.name[best.row] if g.kind[best.row] == "admin" else (g.admin1[best.row] or None)
            if c.kind == "site" and g.kind[best.row] == "town" and not best.facility:
                # حي تشرين في دمشق، فندق X بمدينة عدن: a sub-city place takes its town's coordinates
                # (precision 5 says the point is the town's, not the site's own)
                c.lat, c.lon = g.coords(best.row)

    # -- the whole search ---------------------------------------------------------------------
    def match(self, doc: Document) -> list[Candidate]:
        if not doc.tokens:
            return []
        self._prepare(doc)
        cands = self.candidates(doc)
        kept = [c for c in cands if self.annotate(doc, c)]
        ctx = self.context(doc, kept)
        # pass 1: unambiguous strong readings anchor the others
        anchors = []
        seen_anchor = set()
        for c in kept:
            strong = [r for r, weak in c.rows if not weak]
            if len(strong) == 1 and self.gaz.kind[strong[0]] in ("town", "admin"):
                la, lo = self.gaz.coords(strong[0])
                if la is not None and self.importance(strong[0]) >= 1.7 and strong[0] not in seen_anchor \
                        and len(anchors) < 12:
                    seen_anchor.add(strong[0])
                    anchors.append((la, lo, strong[0]))
        accepted = [c for c in kept if self.accept(c, ctx, anchors)]
        # coordination: "حيس والخوخة"، "حيس، الخوخة": a name listed right after a place is a place cue
        ends = {c.j - 1: c for c in accepted}
        for c in kept:
            if c.row is not None or c.i - 1 not in ends:
                continue
            prev = doc.tokens[c.i - 1]
            gap = doc.text[prev.end:doc.tokens[c.i].start]
            if (c.proclitic == "و" and gap.strip() == "") or gap.strip() in ("،", ","):
                c.listed = True
                c.listed_with = ends[c.i - 1].row
                c.locative = c.locative or ends[c.i - 1].locative
                if self.accept(c, ctx, anchors):
                    accepted.append(c)
                    ends[c.j - 1] = c
        for c in accepted:
            if c.country and c.kind in ("town", "admin") and c.country not in ctx:
                ctx[c.country] = 0.5
        taken = set()
        for c in accepted:
            taken.update(range(c.i, c.j))
        for c in self.unknown_after_heads(doc, taken, ctx):
            self.resolve_unknown(c, ctx)
            if c.row is None:
                self._enclosing(c, accepted)
            accepted.append(c)
        top = max(ctx.items(), key=lambda kv: kv[1])[0] if ctx else None
        for c in accepted:
            c.doc_country = top
        accepted.sort(key=lambda c: c.start)
        return accepted

    # -- writing --------------------------------------------------------------------------------
    def set_annotations(self, doc: Document, cands: list[Candidate]) -> None:
        g = self.gaz
        groups: dict = {}
        order = []
        for c in cands:
            if c.facility:
                fac_text = doc.text[c.fac_start:c.end]
                gk = ("fac", normalize_for_matching(fac_text))
            elif c.row is not None:
                gk = ("row", self._merge_key(c))
            elif c.head_start is not None:
                gk = ("unk", normalize_for_matching(doc.text[c.head_start:c.end]), c.country)
            else:
                gk = ("unk", c.key, c.country)
            if gk not in groups:
                groups[gk] = []
                order.append(gk)
            groups[gk].append(c)
        # a town and the division or strip named after it are one place
        keys_by_name = {}
        for gk in order:
            if gk[0] == "row":
                keys_by_name.setdefault(gk[1], []).append(gk)
        n_place = len(doc.places)
        n_mention = sum(1 for m in doc.mentions if m.id.startswith("L"))
        for gk in order:
            cs = groups[gk]
            first = cs[0]
            row = self._preferred_row(cs)
            place_id = f"P{n_place + 1}"
            n_place += 1
            if first.facility:
                text = doc.text[first.fac_start:first.end]
                start = first.fac_start
                kind = first.kind if row is None and first.kind else "site"
            elif row is None and first.head_start is not None:
                text, start, kind = doc.text[first.head_start:first.end], first.head_start, first.kind
            else:
                text, start, kind = first.text, first.start, (g.kind[row] if row is not None else first.kind)
            if row is not None and first.facility and first.facility in self.lex.named_after_heads:
                # شارع صنعاء is named after Sanaa, not in it: the country only
                pl = Place(id=place_id, start=start, end=first.end, text=text, name=None,
                           country=(next(iter(sorted(ctx_countries(cs)))) if ctx_countries(cs) else None),
                           kind="site", precision=5, sentence_id=first.sentence_id,
                           confidence=0.5, rule="facility-named-after")
            elif row is not None:
                la, lo = g.coords(row)
                precision = KIND_INFO.get(g.kind[row], (4, "GPE"))[0]
                if first.facility:
                    precision = 5 if g.kind[row] == "town" else precision
                if first.facility:
                    head_en = self.lex.facility_names_en.get(first.facility)
                    name = f"{head_en} of {g.name[row]}" if head_en else f"{text} ({g.name[row]})"
                else:
                    name = g.name[row]
                pl = Place(id=place_id, start=start, end=first.end, text=text, name=name,
                           country=g.country[row] or None, admin1=g.admin1[row] or None, lat=la, lon=lo,
                           geonameid=g.geonameid[row] or None, feature_code=g.fcode[row] or None,
                           kind=kind if not first.facility else "site", precision=precision,
                           sentence_id=first.sentence_id, confidence=max(c.confidence for c in cs),
                           rule=first.rule or "gazetteer")
            else:
                pl = Place(id=place_id, start=start, end=first.end, text=text, name=None,
                           country=first.country, admin1=first.admin1, lat=first.lat, lon=first.lon, kind=kind,
                           precision=5 if first.lat is not None else KIND_INFO.get(kind, (4, "GPE"))[0],
                           sentence_id=first.sentence_id,
                           confidence=first.confidence, rule=first.rule)
            doc.places.append(pl)
            mtype = KIND_INFO.get(pl.kind or "town", (4, "GPE"))[1]
            for c in cs:
                n_mention += 1
                s = c.fac_start if c.facility else c.head_start if (c.row is None and c.head_start is not None) \
                    else c.start
                mtext = doc.text[s:c.end] if s != c.start else c.text
                doc.mentions.append(Mention(
                    id=f"L{n_mention}", start=s, end=c.end, text=mtext, type=mtype, sentence_id=c.sentence_id,
                    canonical=pl.name, country=pl.country, place_id=place_id, named=True,
                    kind=pl.kind, rule=f"places:{c.rule}", confidence=c.confidence))

    def _merge_key(self, c: Candidate) -> str:
        """Occurrences of one place share a key: a town and the division or strip named after it too."""
        g = self.gaz
        key = c.key
        for head in ("قطاع ", "محافظه ", "ولايه ", "اقليم ", "مدينه "):
            if key.startswith(head):
                key = key[len(head):]
        if key.startswith("ال"):
            key = key[2:]
        return f"{g.country[c.row]}|{key}" if g.kind[c.row] in ("town", "admin", "region") else f"row{c.row}"

    def _preferred_row(self, cs: list) -> Optional[int]:
        g = self.gaz
        rows = [c.row for c in cs if c.row is not None]
        if not rows:
            return None
        # a region (قطاع غزة) absorbs the town; otherwise the town (its coordinates are the finer)
        for r in rows:
            if g.kind[r] == "region":
                return r
        for r in rows:
            if g.kind[r] == "town":
                return r
        return rows[0]

    def __call__(self, doc: Document) -> Document:
        self.set_annotations(doc, self.match(doc))
        return doc


_SECOND_CACHE: dict = {}


def _second_words(gaz) -> dict:
    """First word -> the words that can follow it in a multi-word name (prunes n-gram probing)."""
    key = id(gaz)
    if key not in _SECOND_CACHE:
        out: dict = {}
        for name in gaz.by_name:
            if " " in name:
                a, b = name.split(" ", 2)[:2]
                out.setdefault(a, set()).add(b)
        _SECOND_CACHE.clear()
        _SECOND_CACHE[key] = out
    return _SECOND_CACHE[key]


def ctx_countries(cs) -> set:
    return {c.doc_country for c in cs if getattr(c, "doc_country", None)}


def kind_of(g, row: int) -> str:
    return g.kind[row]


def _km(lat1, lon1, lat2, lon2) -> float:
    """Equirectangular distance: within a fraction of a percent of the great circle at these ranges."""
    x = math.radians(lon2 - lon1) * math.cos(math.radians((lat1 + lat2) / 2))
    y = math.radians(lat2 - lat1)
    return 6371.0 * math.hypot(x, y)


@register_stage("places")
class Places:
    """Find the article's toponyms, resolve them in the gazetteer, add Places and GPE/LOC/FAC mentions.

    Configuration: ``user_index`` (a compiled index to layer over the default),
    ``lexicon`` (a recognizer YAML replacing marsad/data/gazetteer/recognizer.yaml),
    ``bridge`` (false to turn the transliteration bridge off)."""

    name = "places"
    assigns = ("doc.places", "doc.mentions")

    def __init__(self, config: Optional[dict] = None):
        config = config or {}
        gaz, lex = _resources(config.get("user_index"), config.get("lexicon"))
        self.recognizer = PlaceRecognizer(gaz, lex, bridge_enabled=config.get("bridge", True))

    def __call__(self, doc: Document) -> Document:
        return self.recognizer(doc)


# --------------------------------------------------------------------------- event location
_GOVERNING = {"في", "ب", "قرب", "بالقرب", "داخل", "عند", "شمال", "جنوب", "شرق", "غرب", "وسط", "شمالي",
              "جنوبي", "شرقي", "غربي", "محيط", "اطراف", "ضواحي", "ريف", "على", "مدينه", "بلده", "قريه",
              "محافظه", "منطقه", "ولايه", "مديريه", "ناحيه", "حي", "مخيم", "انحاء", "بمدينه", "بمحافظه",
              "ببلده", "بقريه", "بمنطقه", "بريف", "وفي", "ففي", "قضاء"}
_HEADS_AFTER_FI = {"مدينه", "بلده", "قريه", "محافظه", "منطقه", "ولايه", "مديريه", "ناحيه", "حي", "مخيم", "ريف",
                   "قضاء", "العاصمه"}
_DIRECTIONS = {"شمال", "جنوب", "شرق", "غرب", "شمالي", "جنوبي", "شرقي", "غربي", "وسط"}
_MOVEMENT = {"الى", "نحو", "باتجاه", "صوب", "من", "حتى", "لدي", "مع", "ضد"}
_CLAUSE_BREAKS = set("،,؛;.:!?؟\n")


def _nisba_forms() -> set:
    try:
        return set(_resources()[1].nisba)
    except Exception:  # pragma: no cover - data files missing
        return set()


class _LazySet:
    def __init__(self, fn):
        self.fn, self.s = fn, None

    def __contains__(self, x):
        if self.s is None:
            self.s = self.fn()
        return x in self.s


_NISBA_FORMS = _LazySet(_nisba_forms)


def _words_before(doc: Document, pos: int, lo: int, n: int = 3) -> list:
    """The normalized tokens (at most n) that end before pos and start at or after lo: punctuation,
    hashtags and quotes are not tokens, so «في #سوريا» reads في."""
    starts = doc.meta.get("_places_token_starts")
    if starts is None or len(starts) != len(doc.tokens):
        starts = doc.meta["_places_token_starts"] = [t.start for t in doc.tokens]
    j = bisect.bisect_left(starts, pos)
    out = []
    k = j - 1
    while k >= 0 and len(out) < n:
        t = doc.tokens[k]
        if t.start < lo:
            break
        if t.end <= pos:
            out.append(t.norm)
        k -= 1
    return out[::-1]


def event_location(doc: Document, sentence, trigger_start: int, trigger_end: int) -> Optional[Place]:
    """The place where the happening at ``[trigger_start, trigger_end)`` took place, or None.

    Considers the place mentions of the sentence (never those inside a claimed actor name:
    the places stage does not produce them). Prefers a place governed by في/ب/قرب/شمال...
    (a fronted «وفي محافظة X،» frame above all) close to the trigger and in the same clause;
    a country standing bare as subject or object (أطلقت الولايات المتحدة سراح...) is an actor,
    not a location; a place that only locates another («مأرب، شرق صنعاء») and the origin or
    destination of a movement (إلى إدلب، من باغوز) count only when nothing better is there;
    among equals the more specific place wins. Returns a copy of the Place with the chosen
    mention's span and text, or None (the caller then uses a document-level default such as
    :func:`document_place`).
    """
    if sentence is None:
        return None
    s_start = getattr(sentence, "start", 0)
    s_end = getattr(sentence, "end", len(doc.text))
    cands = _location_info(doc, s_start, s_end)
    best, best_score = None, -1e9
    for m, p, static in cands:
        if m.end <= trigger_start:
            between = doc.text[m.end:trigger_start]
        else:
            between = doc.text[trigger_end:m.start] if m.start >= trigger_end else ""
        score = static - 0.12 * len(between.split())
        if not _CLAUSE_BREAKS.isdisjoint(between):
            score -= 0.8
        if m.start >= trigger_end:
            score += 0.3  # Arabic puts the place after the verb: قتل ... في إدلب
        if score > best_score:
            best, best_score = (m, p), score
    if best is None:
        return None
    m, p = best
    return replace(p, start=m.start, end=m.end, text=m.text)


def _location_info(doc: Document, s_start: int, s_end: int) -> list:
    """The place mentions of a sentence with the part of their event-location score that does not
    depend on the trigger (government by a preposition, movement, bare country, locator);
    memoized per mention in ``doc.meta`` so a sentence with several events reads its places once."""
    places = {p.id: p for p in doc.places}
    memo = doc.meta.setdefault("_places_location_info", {})
    in_sentence = [m for m in doc.mentions if m.place_id in places and s_start <= m.start and m.end <= s_end]
    todo = [m for m in in_sentence if (m.id, m.start, m.place_id) not in memo]
    if todo:
        _score_mentions(doc, todo, in_sentence, places, memo)
    return [(m, places[m.place_id], memo[(m.id, m.start, m.place_id)]) for m in in_sentence]


def _score_mentions(doc: Document, todo: list, mentions: list, places: dict, memo: dict) -> None:
    for m in todo:
        p = places[m.place_id]
        sent = doc.sentence_at(m.start)
        s_start = sent.start if sent is not None else 0
        ws = doc.text.rfind(" ", s_start, m.start) + 1
        glued = normalize_for_matching(doc.text[max(ws, s_start):m.start])
        before = _words_before(doc, m.start if not glued else max(ws, s_start), s_start, 4)
        while len(before) > 1 and (before[-1] in _NISBA_FORMS or before[-1] == "العاصمه"):
            before = before[:-1]  # في العاصمة السورية دمشق: read past the title and the adjective
        prev = before[-1] if before else ""
        score = 0.0
        governed = glued.endswith("ب") or prev in _GOVERNING or glued.endswith("في")
        if governed:
            score += 1.5
            if prev in _HEADS_AFTER_FI and len(before) >= 2 and before[-2] in ("في", "وفي", "ففي"):
                score += 0.5  # وفي محافظة مأرب: the frame of the sentence
            if prev in _DIRECTIONS:
                gap = doc.text[max(s_start, m.start - 40):m.start]
                cut = gap.rfind(prev[:3]) if prev[:3] in gap else -1
                if cut > 0 and gap[:cut].rstrip().endswith(("،", ",")) and any(
                        o is not m and o.end <= m.start and m.start - o.end < 20 for o in mentions):
                    score -= 1.2  # «مأرب، شرق صنعاء»: صنعاء only locates مأرب
        moving = prev in _MOVEMENT or glued.endswith("ل") or glued.endswith("لل")
        if moving and not governed:
            score -= 1.0
        if not governed and not moving and p.kind == "country":
            score -= 1.2  # a bare country is the subject or object: an actor, not where it happened
        score += 0.12 * (p.precision or 1)
        memo[(m.id, m.start, m.place_id)] = score


def place_mentions(doc: Document) -> list:
    """Every occurrence of a place (GPE/LOC/FAC mentions with ``place_id``), in text order."""
    return sorted((m for m in doc.mentions if m.place_id), key=lambda m: m.start)


def document_place(doc: Document) -> Optional[Place]:
    """The article's main place: the most often named place in body text, a town or division before a
    country (the default location of events the sentence does not place)."""
    places = {p.id: p for p in doc.places}
    if not places:
        return None
    body = {s.id for s in doc.sentences if getattr(s, "boilerplate", None) is None}
    counts: dict = {}
    for m in doc.mentions:
        if m.place_id in places and (not body or m.sentence_id in body or m.sentence_id == -1):
            counts[m.place_id] = counts.get(m.place_id, 0) + 1
    if not counts:
        return None

    def rank(pid):
        p = places[pid]
        specific = (p.precision or 1) >= 2 and p.kind not in ("sea", "continent", "river")
        return (specific, counts[pid], -p.start)

    return places[max(counts, key=rank)]
