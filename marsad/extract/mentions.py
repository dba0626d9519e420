"""The "mentions" stage: organizations, people, unnamed role actors and nationalities.

Runs after the text stages and before places. It claims every span that names an actor,
so that the places stage reads no toponym inside "قوات سوريا الديمقراطية" or "دير الزور 24".

What it finds, in order (``find`` does the search, ``__call__`` writes the mentions):

1. **Dictionary actors** (ORG and PERSON): one Aho-Corasick automaton over every normalized
   alias of the actor dictionary (see :mod:`marsad.extract.actor_lexicon`), run over the
   normalized article. A hit counts only at word boundaries; the word may carry proclitics
   (و ف ب ل ك: "لقوات سوريا الديمقراطية"، "وداعش"، "بالمرصد"), stripped at lookup time,
   never expanded into keys; after ل + ال written "لل" the span starts after both lams
   ("للأسد" → "أسد", with ``attributes["definite_form"]`` = "الأسد"). Longest match wins; blockers ("القاعدة الجوية") win and claim
   nothing. Weak aliases (الشباب "youth", الجزيرة) count only when the article also names
   the actor by a strong alias. A generic head just before an organization (تنظيم، حركة،
   قوات، وكالة، صحيفة ...) joins its span: "تنظيم داعش"، "مجلة نيوزويك".
2. **Outlets and quoted organizations**: a head (موقع، وكالة، صحيفة ...) followed by a quoted
   name, a name and a number ("موقع دير الزور 24"), a name ending in نيوز/نت, or (for the
   unambiguous heads) one name word ("صحيفة الوطن") is an ORG over the whole span.
   Unit heads (``named_unit_heads`` in roles.yaml: لواء، كتائب، مجلس، غرفة عمليات ...) take a
   proper name: definite words, one indefinite noun and definite words ("لواء صقور الجبل"),
   or a country ("مجلس علماء باكستان").
3. **People** from a title ("الرئيس الأمريكي دونالد ترامب"، "العميد ..."), from a given name
   ("جوزف فوتيل") or a kunya ("أبو محمد ...") followed by name words; later bare surnames
   ("ماتيس") join the person's chain. A person's title and an appositive role or
   organization ("جوزف فوتيل القائد الأعلى للقيادة المركزية الأمريكية") go to
   ``Mention.attributes`` (``role``, ``org``, ``org_id``, ``country``). A construct title's
   genitive is part of the role ("قائد الشرطة المحلية سيف"), and one given name after it is
   a name. Given names that are also words (حسن، سعيد) need a title or more name; nothing at
   a place head, before a locative (قرب، جنوب) or known to the gazetteer is a person.
4. **Unnamed role actors** (type ROLE, ``named=False``): "مسؤولون أمريكيون"، "مصدر مطلع"،
   "مسلحون مجهولون"، "مقاتلو داعش" (with the organization in attributes).
5. **Nationalities** (type NORP, not reported as entities): "السوري"، "الأمريكية".
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Optional

import ahocorasick

from ..doc import Document, Mention
from ..gazetteer.loaded import is_known_place, loaded_gazetteer
from ..pipeline import register_stage
from .actor_lexicon import ActorLexicon, load_lexicon, norm

# Proclitic sequences allowed before an alias inside the same word.
_PREFIXES = {"", "و", "ف", "ب", "ل", "ك", "وب", "ول", "وك", "فب", "فل", "فك"}
_PREFIXES_LIL = {"", "و", "ف"}  # before a "لل" key (ل + ال)
_QUOTES = '"\'«»“”'
_KUNYA = {"ابو", "ابي", "ابا", "ام"}
_CONNECT = {"بن", "ابن", "بنت", "ولد", "ال"}  # "ال" is آل folded
# toponyms that begin with أبو and are not kunyas
_KUNYA_PLACES = {"ظبي", "كمال", "غريب", "الظهور", "ظهور", "قير", "ديس", "حمام", "الخصيب", "زعبل", "الجرش"}
# titles that are nouns in construct ("رئيس الحزب"، "قائد الشرطة"): a name after them must
# begin with a given name
_CONSTRUCT_TITLES = {norm(w) for w in ("رئيس", "وزير", "وزيرة", "قائد", "مدير", "مديرة", "نائب", "عضو", "زعيم",
                                         "زعيمة", "أمير", "محافظ", "حاكم", "عمدة", "مراسل", "مراسلة", "رئيسة",
                                         "مؤسس", "مؤسسة", "شيخ")}
_CLITIC1 = ("و", "ف", "ب", "ل", "ك")
# second halves of compound names ("بدر الدين"، "فضل الله"): never a surname on their own
_COMPOUND_TAILS = {"الدين", "الله", "الرحمن", "الرحيم", "العزيز", "الكريم", "الملك", "الحق", "الاسلام"}
# place and facility heads before a title + name that name a place, not a person
_PLACE_HEADS = {norm(w) for w in (
    "بلدة", "مدينة", "قرية", "منطقة", "حي", "ضاحية", "ناحية", "قضاء", "محافظة", "مقام", "ضريح", "مسجد", "جامع",
    "مطار", "ميناء", "شارع", "جسر", "مستشفى", "جامعة", "قاعدة", "مدرسة", "ساحة", "مخيم", "سد", "دارة", "مركز",
    "مجمع", "قصر", "معبر", "طريق", "كلية", "أكاديمية", "مؤسسة", "جائزة", "مدينة")}
# kinship nouns with a possessive ("ابنتي"، "زوجته"، "عائلته"): never a family name
_KIN_STEMS = tuple(norm(w) for w in ("ابنت", "ابنه", "ابناء", "أخت", "أخو", "أخي", "زوج", "عائل", "والد", "أسرت", "شقيق"))
# words that follow a place and hardly ever a person's name
_LOCATIVES = {norm(w) for w in ("قرب", "بالقرب", "جنوب", "شمال", "شرق", "غرب", "جنوبي", "شمالي", "شرقي", "غربي",
                                "وسط", "بريف", "ريف", "غربا", "شرقا", "شمالا", "جنوبا", "قبالة", "بمحافظة", "بولاية",
                                "بجنوب", "بجنوبي", "بشمال", "بشمالي", "بشرق", "بشرقي", "بغرب", "بغربي", "بوسط")}
_GAP_OK = re.compile(r"^[\s\u0640\u064b-\u065f\u0670]*$")


@dataclass(slots=True)
class Hit:
    """A candidate span in original offsets, before it becomes a Mention."""

    start: int
    end: int
    type: str
    actor_id: Optional[str]
    rule: str
    weak: bool = False
    nlen: int = 0  # normalized length, for longest-match
    canonical: Optional[str] = None
    kind: Optional[str] = None
    attributes: Optional[dict] = None
    country: Optional[str] = None
    code: Optional[str] = None
    sector: Optional[str] = None
    absorbed: bool = False


_PROCLITICS = ("و", "ف", "ل", "ب", "ك", "وب", "ول", "فب", "فل", "وك")
_VARIANTS: dict = {}


def _clitic_variants(word: str) -> tuple:
    """(stem, proclitic length) readings of a normalized word, the word itself first (memoized)."""
    r = _VARIANTS.get(word)
    if r is None:
        out = [(word, 0)]
        for p in _PROCLITICS:
            if word.startswith(p) and len(word) - len(p) >= 2:
                out.append((word[len(p):], len(p)))
        # ل + ال is written "لل": the span starts after both lams (للأسد → أسد)
        if word.startswith("لل") and len(word) > 3:
            out.append(("ال" + word[2:], 2))
        if word.startswith(("ولل", "فلل")) and len(word) > 4:
            out.append(("ال" + word[3:], 3))
        r = tuple(out)
        if len(_VARIANTS) > 500_000:
            _VARIANTS.clear()
        _VARIANTS[word] = r
    return r


def _strip_clitics(word: str, stems) -> tuple[str, int]:
    """The stem of a normalized word found in ``stems`` and the proclitic length, or ('', -1)."""
    for stem, plen in _clitic_variants(word):
        if stem in stems:
            return stem, plen
    return "", -1


def _strip_clitics_uncached(word: str, stems) -> tuple[str, int]:
    if word in stems:
        return word, 0
    for p in _PROCLITICS:
        if word.startswith(p) and len(word) - len(p) >= 2:
            rest = word[len(p):]
            if rest in stems:
                return rest, len(p)
    if word.startswith("لل") and len(word) > 3 and "ال" + word[2:] in stems:
        return "ال" + word[2:], 2
    if word.startswith(("ول", "فل")) and word[2:3] == "ل" and "ال" + word[3:] in stems:
        return "ال" + word[3:], 3
    return "", -1


class ActorMatcher:
    """The automaton over the dictionary's aliases and the token rules; no document state."""

    def __init__(self, lex: ActorLexicon):
        self.lex = lex
        A = ahocorasick.Automaton()
        for key, info in lex.index.items():
            A.add_word(key, (key, info, False))
        for key, info in lex.index.items():
            # "للتنظيم" = ل + التنظيم: the key without its alef, tried only after و/ف or nothing
            if key.startswith("ال") and len(key) > 3:
                lil = "ل" + key[1:]
                if lil not in lex.index:
                    A.add_word(lil, (key, info, True))
        A.make_automaton()
        self.automaton = A
        self.quoted_heads = lex.org_heads | lex.outlet_heads | {norm(w) for w in (
            "هيئة", "مجلس", "اتحاد", "ائتلاف", "تحالف", "جبهة", "لواء", "كتائب", "كتيبة", "فصيل", "شركة",
            "جامعة", "جمعية", "حزب", "مركز", "مؤسسة")}
        self.media_heads = lex.outlet_heads
        self.speech_words = lex.attribution_verbs | {norm(w) for w in (
            "تصريح", "تصريحات", "حديث", "مقابلة", "بيان", "قال", "قالت", "أكد", "أكدت", "أوضح", "أضاف", "أفاد",
            "كشف", "كشفت", "ذكر", "ذكرت", "صرح", "صرحت", "أشار", "أشارت", "نقلا", "وفقا", "طبقا")}

    # -- 1. dictionary -------------------------------------------------------------
    def dictionary_hits(self, doc: Document) -> list:
        text_n = doc.norm
        n = len(text_n)
        lex = self.lex
        hits = []
        for end, (key, info, lil) in self.automaton.iter(text_n):
            klen = len(key) - 1 if lil else len(key)
            kstart = end - (klen + 1 if lil else klen) + 1
            start = kstart + 2 if lil else kstart
            if end + 1 < n and text_n[end + 1].isalnum():
                continue
            ws = kstart
            while ws > 0 and text_n[ws - 1].isalnum():
                ws -= 1
            prefix = text_n[ws:kstart]
            if prefix not in (_PREFIXES_LIL if lil else _PREFIXES):
                continue
            # the span leaves the proclitics out; in "للتنظيم" (ل + التنظيم) it starts after
            # both lams: "تنظيم" (the scorer and users compare it with "التنظيم" without ال)
            s, e = doc.orig_span(start, end + 1)
            if info.actor_id is None:
                hits.append(Hit(s, e, "BLOCK", None, "blocker", nlen=klen))
                continue
            actor = lex.actors[info.actor_id]
            mtype = actor.mention_type
            if actor.source == "generated" and actor.id.split(".", 1)[-1] in lex.described:
                mtype = "ROLE"  # "السلطات السورية" describes an actor, it does not name one
            hits.append(Hit(s, e, mtype, actor.id, "dictionary", weak=info.weak, nlen=klen,
                            canonical=actor.en, kind=actor.kind))
        return hits

    # -- 2. outlets and quoted names -------------------------------------------------
    def outlet_hits(self, doc: Document, toks: list, gap_ok: list, wc: list) -> list:
        lex = self.lex
        text = doc.text
        hits = []
        nt = len(toks)
        for i, t in enumerate(toks):
            w = t.norm
            head, plen = wc[i][0]
            if plen < 0:
                if w == "ل" and i + 1 < nt and any(
                        _strip_clitics(toks[k].norm, self.speech_words)[1] >= 0
                        for k in range(max(0, i - 8), i) if toks[k].sentence_id == t.sentence_id):
                    head, plen = "ل", 0  # قال لـ"الوطن": a quoted name told something is an outlet
                else:
                    continue
            j = i + 1
            if head == "وكاله" and j < nt and toks[j].norm == "انباء" and gap_ok[i]:
                head, j = "وكاله انباء", j + 1
            if j >= nt:
                continue
            hstart = t.start + _orig_len(text, t.start, plen)
            between = text[toks[j - 1].end:toks[j].start]
            is_media = head == "ل" or head.split()[0] in self.media_heads
            # a quoted name: head "name"
            q = between.strip()
            if q and q[-1] in _QUOTES and _GAP_OK.match(between.replace(q, "")) is not None:
                close = _find_close(text, toks[j].start, q[-1])
                if close is not None and close - toks[j].start <= 60:
                    name = text[toks[j].start:close]
                    key = norm(name).strip(" .،,")
                    info = lex.index.get(key)
                    if info is None or info.actor_id is None:  # وكالة أنباء "فارس" is وكالة أنباء فارس
                        info = lex.index.get(f"{head} {key}") or info
                    actor = lex.actors.get(info.actor_id) if info and info.actor_id else None
                    # the mention is the quoted name; the head stays outside it (the gold and
                    # users name "تويتر", not "موقع «تويتر»") and is recorded in attributes
                    nstart, nend = toks[j].start, close
                    while nend > nstart and text[nend - 1].isspace():
                        nend -= 1
                    hits.append(Hit(nstart, nend, "ORG", actor.id if actor else None, "quoted-name",
                                    nlen=len(norm(text[hstart:close + 1])),
                                    canonical=actor.en if actor else name.strip(),
                                    kind=actor.kind if actor else ("media" if is_media else "other"),
                                    attributes={"head": text[hstart:toks[j - 1].end]}))
                    continue
            if not is_media or head in ("مركز", "مؤسسه", "منصه", "حساب", "صفحه") or not gap_ok[j - 1]:
                continue
            # name words then a number ("دير الزور 24") or an outlet suffix ("شفق نيوز")
            k = j
            end_k = None
            while k < nt and k - j < 4:
                tk = toks[k]
                if tk.is_number or tk.norm in lex.outlet_suffixes:
                    if k > j:
                        end_k = k
                    break
                if tk.norm in lex.stopwords or not gap_ok[k]:
                    break
                k += 1
            if end_k is not None:
                name = text[toks[j].start:toks[end_k].end]
                info = lex.index.get(norm(name))
                actor = lex.actors.get(info.actor_id) if info and info.actor_id else None
                hits.append(Hit(hstart, toks[end_k].end, "ORG", actor.id if actor else None, "outlet-name",
                                nlen=len(norm(text[hstart:toks[end_k].end])),
                                canonical=actor.en if actor else name, kind="media"))
                continue
            if head in lex.outlet_heads_strong:
                w1 = toks[j].norm
                if (w1.startswith("ال") and len(w1) > 3 and w1 not in lex.stopwords and w1 not in lex.nisba
                        and w1 not in lex.roles and w1 not in lex.anaphors):
                    hits.append(Hit(hstart, toks[j].end, "ORG", None, "outlet-word", nlen=len(head) + 1 + len(w1),
                                    canonical=toks[j].text, kind="media"))
        return hits


# Function words that normalization folds onto names (على → علي): read in the original.
_ORIG_STOP = {"على", "إلى", "الى", "حتى", "متى", "لدى", "سوى", "ألا", "إلا"}
_DIAC = re.compile("[\u064b-\u065f\u0670\u0640]")


def _orig_stop(tok) -> bool:
    t = tok.text
    if "ى" not in t and "ا" not in t[-1:]:
        return False
    return _DIAC.sub("", t) in _ORIG_STOP or _DIAC.sub("", t)[1:] in _ORIG_STOP and t[0] in "وف"


def _quoted_org_hits(matcher: "ActorMatcher", doc: Document, toks: list) -> list:
    """"مجلس العلماء"، «جيش الإسلام»: a quoted phrase that begins with an organization head."""
    lex = matcher.lex
    text = doc.text
    heads = matcher.quoted_heads | set(lex.named_org_heads) | {"جيش", "لواء", "هيئه", "مجلس"}
    hits = []
    prev_end = 0
    for t in toks:
        gap = text[prev_end:t.start]
        prev_end = t.end
        q = gap.rstrip()[-1:] if gap.strip() else ""
        if not q or q not in '"«“' or t.norm not in heads:
            continue
        close = _find_close(text, t.start, q)
        if close is None or close - t.start > 60 or len(text[t.start:close].split()) < 2 \
                or len(text[t.start:close].split()) > 6:
            continue
        name = text[t.start:close].strip()
        info = lex.index.get(norm(name))
        actor = lex.actors.get(info.actor_id) if info and info.actor_id else None
        hits.append(Hit(t.start, t.start + len(name), "ORG", actor.id if actor else None, "quoted-org",
                        nlen=len(norm(name)), canonical=actor.en if actor else name,
                        kind=actor.kind if actor else lex.named_org_heads.get(t.norm, "other")))
    return hits


def _orig_len(text: str, start: int, n_letters: int) -> int:
    """How many original characters hold the first ``n_letters`` letters after ``start``."""
    if n_letters <= 0:
        return 0
    i, seen = start, 0
    while i < len(text) and seen < n_letters:
        if not ("\u064b" <= text[i] <= "\u065f" or text[i] in "\u0640\u0670"):
            seen += 1
        i += 1
    while i < len(text) and ("\u064b" <= text[i] <= "\u065f" or text[i] in "\u0640\u0670"):
        i += 1
    return i - start


def _find_close(text: str, start: int, opener: str) -> Optional[int]:
    closers = {"«": "»", "“": "”"}.get(opener, None)
    for i in range(start, min(len(text), start + 80)):
        ch = text[i]
        if ch == "\n":
            return None
        if (closers and ch == closers) or (not closers and ch in '"”»'):
            return i
    return None


def _places_gazetteer():
    """The gazetteer the places stage already loaded, or None: the mentions stage does not
    load it itself (a second copy would double start-up time and memory)."""
    return loaded_gazetteer()


def _ensure_text_layers(doc: Document) -> None:
    if not doc.norm and doc.text:
        from ..text.normalize import normalize_with_map

        doc.norm, doc.norm_to_orig = normalize_with_map(doc.text)
    if not doc.tokens and doc.text:
        from ..text.segment import split_sentences, tokenize

        if not doc.sentences:
            doc.sentences = split_sentences(doc)
        doc.tokens = tokenize(doc)


@register_stage("mentions")
class Mentions:
    """Find ORG / PERSON / ROLE / NORP mentions and claim their spans."""

    name = "mentions"
    assigns = ("doc.mentions",)

    def __init__(self, config: Optional[dict] = None):
        config = config or {}
        self.lex = load_lexicon(config.get("extra_files") or ())
        self.matcher = ActorMatcher(self.lex)
        self.role_first_words = {k.split()[0] for k in self.lex.roles if " " in k}
        # words that end an organization's name: function words, and definite words of time
        # and of description ("المؤيد"، "الحاكم" ... are how writers describe a party)
        self.org_name_stops = {w for w in self.lex.stopwords if not w.startswith("ال")} | {norm(w) for w in (
            "الذي", "التي", "الذين", "اللذين", "اللتين", "اليوم", "العام", "الماضي", "الماضية", "المقبل",
            "المقبلة", "الجاري", "الحالي", "الحالية", "السابق", "السابقة", "المؤيد", "المؤيدة", "المعارض",
            "المعارضة", "الحاكم", "الحاكمة", "الناشئ", "الناشئة", "الغالبية", "الأغلبية", "المطلقة",
            "الأسبوع", "الشهر", "السنة", "الأحد", "الاثنين", "الثلاثاء", "الأربعاء", "الخميس", "الجمعة",
            "السبت", "الاف", "الأكبر", "الكبرى", "الجديد", "الجديدة", "البلاد", "الدولة", "الحكومة", "الجيش",
            # objects of the verbs that open news sentences: "تبنت كتائب الفرقان العملية"
            "العملية", "العمليات", "الهجوم", "الهجمات", "المسؤولية", "التفجير", "الاعتداء", "البيان",
            "الاتفاق", "الاتفاقية", "القرار", "الخطة", "المدينة", "المنطقة", "السيطرة")}
        # words that end the genitive of a role ("قائد الشرطة المحلية"): relative pronouns and
        # definite words of time and of description, not the institutions themselves
        self.np_stops = self.org_name_stops - {norm(w) for w in (
            "الحكومة", "الجيش", "الدولة", "البلاد", "المدينة", "المنطقة", "العمليات", "الخطة")}
        self.unit_first = {k.split()[0] for k in self.lex.named_unit_heads}
        self._classes: dict = {}
        self._wc: list = []

    def _word_classes(self, w: str) -> tuple:
        """(outlet/org head, title, role, starts a two-word role) readings of a word, memoized."""
        r = self._classes.get(w)
        if r is None:
            lex = self.lex
            r = (_strip_clitics(w, self.matcher.quoted_heads), _strip_clitics(w, lex.title_first),
                 _strip_clitics(w, lex.roles), _strip_clitics(w, self.role_first_words)[1] >= 0)
            if len(self._classes) > 500_000:
                self._classes.clear()
            self._classes[w] = r
        return r

    # -- finding ---------------------------------------------------------------------
    def find(self, doc: Document) -> list:
        _ensure_text_layers(doc)
        lex = self.lex
        toks = doc.tokens
        text = doc.text
        nt = len(toks)
        gap_ok = [False] * nt
        for i in range(nt - 1):
            a, b = toks[i], toks[i + 1]
            if a.sentence_id == b.sentence_id:
                gap = text[a.end:b.start]
                gap_ok[i] = gap == " " or _GAP_OK.match(gap) is not None
        classes_get, word_classes = self._classes.get, self._word_classes
        wc = [classes_get(w) or word_classes(w) for w in [t.norm for t in toks]]
        self._wc = wc
        cands = self.matcher.dictionary_hits(doc) + self.matcher.outlet_hits(doc, toks, gap_ok, wc) \
            + _quoted_org_hits(self.matcher, doc, toks)
        chosen = _select_longest(cands)
        # weak aliases need a strong mention of the same actor in the article (or, for actors
        # with context sectors, of an actor of those sectors)
        strong = {h.actor_id for h in chosen if not h.weak and h.actor_id}
        sectors = {lex.actors[a].sector for a in strong if a in lex.actors}
        chosen = [h for h in chosen if h.type != "BLOCK" and (
            not h.weak or h.actor_id in strong or sectors.intersection(lex.actors[h.actor_id].context_sectors))]
        chosen = self._drop_partial_names(chosen, toks, gap_ok)
        chosen.sort(key=lambda h: h.start)
        tok_at = {t.start: i for i, t in enumerate(toks)}
        tok_end = {t.end: i for i, t in enumerate(toks)}
        tok_ends = [t.end for t in toks]
        starts = [t.start for t in toks]
        self._extend_heads(doc, chosen, toks, tok_at, starts)
        covered = _coverage(chosen, toks, tok_ends)
        named_orgs = self._named_orgs(doc, toks, gap_ok, covered)
        if named_orgs:
            chosen = sorted(chosen + named_orgs, key=lambda h: h.start)
            covered = _coverage(chosen, toks, tok_ends)
        people = self._people(doc, toks, gap_ok, covered, chosen)
        chosen = [h for h in chosen if not h.absorbed]
        covered = _coverage(chosen + people, toks, tok_ends)
        people += self._surnames(doc, toks, covered, people)
        covered = _coverage(chosen + people, toks, tok_ends)
        roles = self._roles(doc, toks, gap_ok, covered, chosen)
        covered = _coverage(chosen + people + roles, toks, tok_ends)
        norps = self._norps(toks, covered)
        hits = chosen + people + roles + norps
        hits.sort(key=lambda h: h.start)
        self._appositions(doc, toks, gap_ok, hits, tok_end)
        return hits

    def _extend_heads(self, doc: Document, chosen: list, toks: list, tok_at: dict, starts: list) -> None:
        """"تنظيم داعش"، "قوات قسد"، "وكالة "فرانس برس"": a generic head joins the span."""
        import bisect

        text = doc.text
        lex = self.lex
        taken = [(h.start, h.end) for h in chosen]
        for h in chosen:
            if h.type != "ORG" or h.rule == "quoted-name":
                continue
            k = bisect.bisect_left(starts, h.start)
            # the hit may start inside a token (after its proclitics)
            if k < len(toks) and toks[k].start != h.start:
                if k > 0 and toks[k - 1].start < h.start < toks[k - 1].end:
                    continue  # clitic before the name: the head, if any, is not adjacent
            if k == 0:
                continue
            prev = toks[k - 1]
            between = text[prev.end:h.start]
            if between.strip() not in ("", '"', "«", "“", "(", "#") or "\n" in between:
                continue
            head, plen = _strip_clitics(prev.norm, lex.org_heads)
            if plen < 0:
                continue
            if any(a < prev.end and prev.start < b for a, b in taken if (a, b) != (h.start, h.end)):
                continue
            new_start = prev.start + _orig_len(text, prev.start, plen)
            if between.strip() in ('"', "«", "“"):
                after = text[h.end:h.end + 1]
                if after in '"»”':
                    h.end += 1
            h.start = new_start
            h.rule += "+head"
            h.weak = False

    def _named_orgs(self, doc: Document, toks: list, gap_ok: list, covered: list) -> list:
        """"حزب الفدرالية الثورية": an indefinite organization head and the definite words after it."""
        lex = self.lex
        heads = lex.named_org_heads
        units = lex.named_unit_heads
        text = doc.text
        nt = len(toks)
        out = []
        i = 0
        while i < nt - 1:
            w = toks[i].norm
            if covered[i] is not None:
                i += 1
                continue
            plen = 0
            head = w
            if w not in heads and w not in self.unit_first and w[:1] == "و" \
                    and (w[1:] in heads or w[1:] in self.unit_first):
                plen, head = 1, w[1:]
            j = i + 1
            unit = False
            if f"{head} {toks[i + 1].norm}" in units and gap_ok[i] and covered[i + 1] is None:
                head, j, unit = f"{head} {toks[i + 1].norm}", i + 2, True  # "غرفة عمليات"
            elif head in units:
                unit = True
            elif head not in heads:
                i += 1
                continue
            first = j
            if unit and j + 1 < nt and gap_ok[j - 1] and gap_ok[j] and covered[j] is None \
                    and covered[j + 1] is None:
                t, t2 = toks[j].norm, toks[j + 1].norm
                # "لواء صقور الجبل"، "مجلس قيادة الثورة": one indefinite noun, then definite words;
                # "مجلس علماء باكستان": one indefinite noun and a country
                if t2 in lex.country_names and not t.startswith(("ال", "وال")) and len(t) >= 3 \
                        and t not in lex.unit_name_stops and t not in lex.stopwords and t not in lex.nisba \
                        and t not in heads and t not in units and self._nameish_tok(toks[j]) \
                        and head not in lex.unit_heads_indefinite_only:
                    j += 2
                    s0 = toks[i].start + _orig_len(text, toks[i].start, plen)
                    out.append(Hit(s0, toks[j - 1].end, "ORG", None, "named-org", nlen=j - i,
                                   canonical=text[s0:toks[j - 1].end], kind=units[head]))
                    for k in range(i, j):
                        covered[k] = out[-1]
                    i = j
                    continue
                if not t.startswith(("ال", "وال")) and t2.startswith("ال") and len(t) >= 3 \
                        and t not in lex.unit_name_stops and t not in lex.stopwords and t not in lex.nisba \
                        and t not in heads and t not in units and not toks[j].is_number and not _orig_stop(toks[j]) \
                        and self._nameish_tok(toks[j]) and t2 not in lex.unit_name_stops:
                    j += 1
            if unit and j == first and " " in head and j < nt and gap_ok[j - 1] and covered[j] is None:
                t = toks[j].norm
                # "غرفة عمليات حلب": a two-word head and a proper noun
                if not t.startswith("ال") and len(t) >= 3 and t not in lex.stopwords \
                        and not toks[j].is_number and self._nameish_tok(toks[j]):
                    out.append(Hit(toks[i].start + _orig_len(text, toks[i].start, plen), toks[j].end, "ORG",
                                   None, "named-org", nlen=j + 1 - i, kind=units[head]))
                    out[-1].canonical = text[out[-1].start:out[-1].end]
                    for k in range(i, j + 1):
                        covered[k] = out[-1]
                    i = j + 1
                    continue
            if unit and j == first and head in lex.unit_heads_indefinite_only:
                i += 1
                continue
            adjective = False
            while j < nt and j - i <= 4 and gap_ok[j - 1] and covered[j] is None:
                t = toks[j].norm
                stem = t[1:] if t.startswith("وال") else t
                # after an adjective ("الوطني") only more adjectives or "و"-joined words follow:
                # "انتقدت كتلة الإصلاح الوطني النتائج" ends before the object
                if adjective and t == stem and not stem.endswith(("ي", "يه", "يين", "يون")):
                    break
                adjective = stem.endswith(("ي", "يه"))
                if not stem.startswith("ال") or len(stem) < 4 or stem in self.org_name_stops or stem in lex.roles \
                        or stem in lex.anaphors or stem in lex.titles or stem in lex.country_names \
                        or (j == first and (stem in lex.nisba or t != stem)) \
                        or (unit and j == first and stem in lex.unit_name_stops):
                    break
                j += 1
            if j > first and (first == i + 1 or j > i + 2 or " " not in head):
                s = toks[i].start + _orig_len(text, toks[i].start, plen)
                kind = units[head] if unit else heads[head]
                out.append(Hit(s, toks[j - 1].end, "ORG", None, "named-org", nlen=j - i,
                               canonical=text[s:toks[j - 1].end], kind=kind))
                for k in range(i, j):
                    covered[k] = out[-1]
                i = j
                continue
            i += 1
        return out

    # -- people ----------------------------------------------------------------------
    def _name_tokens(self, toks: list, gap_ok: list, covered: list, i: int, after_title: bool,
                     chosen_by_tok: dict) -> int:
        """End (exclusive token index) of a person's name starting at token i, or -1."""
        lex = self.lex
        nt = len(toks)
        w = toks[i].norm
        j = i
        strong_start = False
        unknown_first = False
        if w in _KUNYA and i + 1 < nt and gap_ok[i] and covered[i + 1] is None:
            nxt = toks[i + 1].norm
            if nxt in lex.stopwords or nxt in _KUNYA_PLACES or toks[i + 1].is_number:
                return -1
            if w == "ام" and nxt not in lex.given_names and nxt not in lex.given_names_ambiguous:
                return -1  # "عاجلا أم آجلا": أم is "or" unless a name follows
            j = i + 2
            strong_start = True
        elif w == "عبد" and i + 1 < nt and gap_ok[i] and covered[i + 1] is None:
            j = i + 2
            strong_start = True
        elif w in lex.given_names:
            j = i + 1
            strong_start = True
        elif w in lex.given_names_ambiguous:
            j = i + 1
        elif after_title and self._nameish_tok(toks[i]) and not w.startswith(("ال", "لل", "بال", "وال", "فال", "كال")) \
                and not w.startswith(("سي", "ست", "سن")) and not (w[0] in ("ب", "ك", "ل") and len(w) <= 4) \
                and not (w[0] == "ي" and len(w) >= 4) and not (w[0] in ("ل", "ب") and w[1] in ("م", "ت") and len(w) >= 5):
            # (not a verb in the imperfect "يمكنه"، nor ل/ب + a verbal or place noun "لمكافحة"، "بتعزيز")
            # an unknown word after a title starts a name only with another name word after it
            if not (i + 1 < nt and gap_ok[i] and covered[i + 1] is None and self._nameish_tok(toks[i + 1])):
                return -1
            if _DIAC.sub("", toks[i].text).endswith("ة") or w.endswith("ا") and toks[i + 1].norm.endswith("ا"):
                return -1  # a feminine noun ("جدارة") or a noun and its adjective ("اجتماعا ثلاثيا")
            j = i + 1
            unknown_first = True
        else:
            return -1
        unknown = 0
        n_extra = 0
        had_family = False
        while j < nt and gap_ok[j - 1] and n_extra < 4:
            if covered[j] is not None:
                # a one-word family name the dictionary read as an organization ("حسين الحوثي")
                h = chosen_by_tok.get(j)
                if h is not None and h.type == "ORG" and h.start == toks[j].start and h.end == toks[j].end \
                        and toks[j].norm.startswith("ال") and n_extra == 0 and strong_start:
                    h.absorbed = True
                    j += 1
                    n_extra += 1
                break
            t = toks[j].norm
            if _orig_stop(toks[j]) or t in _LOCATIVES:
                break
            if (t in _CONSTRUCT_TITLES or t in lex.title_first) and not (
                    j + 1 < nt and gap_ok[j] and toks[j + 1].norm.startswith("ال")
                    and toks[j + 1].norm.endswith("ي") and self._nameish_tok(toks[j + 1])):
                break  # "جون نيكلسون قائد قوات ...": an apposed title ends the name
            if t.startswith("م") and t.endswith("ا") and len(t) >= 5 and t not in lex.given_names \
                    and t not in lex.given_names_ambiguous:
                break  # an accusative participle after the name: "الرئيس أورتيغا مستعدا"
            if t[0] == "و" and t not in lex.given_names and t not in _CONNECT:
                break  # "محمد عطا وأعاد": a word joined by و starts a new clause or name
            if t[0] == "ل" and len(t) > 3 and t[1] not in "اوي" and t not in lex.given_names:
                break  # "يعقوب الصراف لباريس": ل + a noun
            if had_family and not (t in _CONNECT or t in _KUNYA or t == "عبد" or t in lex.given_names
                                   or t in lex.given_names_ambiguous or t.startswith("ال")):
                break  # "ناصر الشعيبي مقتل": after a family name only name words follow
            if t in _CONNECT or t in _KUNYA or t == "عبد":
                if j + 1 < nt and gap_ok[j] and covered[j + 1] is None and self._nameish(toks[j + 1].norm):
                    j += 2
                    n_extra += 2
                    continue
                break
            if toks[j - 1].norm in _COMPOUND_TAILS and not t.startswith("ال"):
                break  # "فضل الله مختبئ": after a compound name only a family name follows
            if t in lex.given_names or t in lex.given_names_ambiguous:
                j += 1
                n_extra += 1
                continue
            if t in lex.titles and not t.startswith("ال") and n_extra == 0 and j + 1 < nt and gap_ok[j] \
                    and covered[j + 1] is None and toks[j + 1].norm.startswith("ال") \
                    and toks[j + 1].norm.endswith("ي") and self._nameish_tok(toks[j + 1]):
                j += 2  # "صالح قائد الشرجي": a name word spelled like a title, then the family name
                n_extra += 2
                had_family = True
                continue
            if not self._nameish_tok(toks[j]):
                break
            if t.startswith("ال"):
                if not strong_start and not after_title and j == i + 1 and not t.endswith("ي"):
                    break  # "عيد الفطر": an ambiguous name takes only a nisba-like family name
                had_family = t not in _COMPOUND_TAILS
                j += 1
                n_extra += 1
                continue
            if t.endswith("ا") and len(t) >= 4 and j - i >= 2 and t not in lex.given_names:
                break  # an accusative noun or adverb after a full name: "علي سعد دوابشة حرقا"
            if unknown >= 2 or t.startswith(("لل", "بال", "وال", "فال", "كال")):
                break
            unknown += 1
            j += 1
            n_extra += 1
        if j - i < 2 and (not after_title or unknown_first):
            return -1
        if not strong_start and not after_title:
            # an ambiguous first name ("صالح"، "عيد") needs a given name or a connector after it
            nxt = toks[i + 1].norm if i + 1 < nt else ""
            # or a second indefinite name word that ends the phrase ("... وحسن مرعي.")
            if not (nxt in lex.given_names or nxt in _CONNECT or nxt == "عبد"
                    or nxt.startswith("ال") and nxt.endswith("ي") and j > i + 1
                    or j == i + 2 and not nxt.startswith("ال") and (j >= nt or not gap_ok[j - 1])
                    and not _DIAC.sub("", toks[i + 1].text).endswith(("ة", "ا", "ه", "ها", "هم"))
                    and not nxt.startswith(_KIN_STEMS)):
                return -1
        if not after_title and (self._is_place(toks, i, j) or self._locative_after(toks, gap_ok, j)
                                or i > 0 and gap_ok[i - 1] and self._place_head(toks[i - 1].norm)):
            return -1
        return j

    def _is_place(self, toks: list, i: int, j: int) -> bool:
        """A name found by pattern that is a known toponym ("صلاح الدين"، "خميس مشيط")."""
        gaz = _places_gazetteer()
        if gaz is None:
            return False
        key = " ".join(t.norm for t in toks[i:j])
        try:
            return any(not weak for _, weak in gaz.lookup(key))
        except Exception:  # noqa: BLE001
            return False

    def _name_follows(self, toks: list, gap_ok: list, k: int, chosen: list) -> bool:
        """Token k starts the rest of a name: a given name, or a word and a family name ("قايد الشرجي")."""
        lex = self.lex
        if k >= len(toks) or not gap_ok[k - 1] or any(x.start <= toks[k].start < x.end for x in chosen):
            return False
        w = toks[k].norm
        if w in lex.given_names or w in _CONNECT:
            return True
        if k + 1 >= len(toks) or not gap_ok[k] or not (self._nameish_tok(toks[k]) or
                                                        w in lex.titles and not w.startswith("ال")):
            return False
        w2 = toks[k + 1].norm
        return w2.startswith("ال") and w2.endswith("ي") and self._nameish_tok(toks[k + 1])

    def _drop_partial_names(self, chosen: list, toks: list, gap_ok: list) -> list:
        """A one-word dictionary person ("صالح") inside a longer name ("العميد صالح قايد
        الشرجي"، "أحمد صالح") is not that person: leave the words to the name patterns."""
        import bisect

        lex = self.lex
        starts = [t.start for t in toks]
        out = []
        for h in chosen:
            if h.type == "PERSON" and h.actor_id and h.rule == "dictionary":
                k = bisect.bisect_left(starts, h.start)
                if k < len(toks) and toks[k].start == h.start and toks[k].end == h.end:
                    prv = toks[k - 1].norm if k > 0 and gap_ok[k - 1] else ""
                    if prv in lex.given_names or self._name_follows(toks, gap_ok, k + 1, chosen):
                        continue
            out.append(h)
        return out

    def _nameish_tok(self, tok) -> bool:
        """A word that may belong to a name, judged also on its original spelling."""
        w = tok.norm
        if not self._nameish(w):
            return False
        t = tok.text
        if t.endswith(("ً", "اً")) or t.endswith("ى") and w not in self.lex.given_names:
            return False  # accusative nouns (هجوماً) and verbs in -ى (أعطى)
        if w[0] in _CLITIC1 and len(w) >= 6 and w[1] == "ت" and w[4] == "ي":
            return False  # ب + verbal noun تفعيل: "بتفجير"، "بتحويل"
        if len(w) >= 5 and w.endswith(("هما", "هم")) and w not in self.lex.given_names:
            return False  # pronoun suffixes: "أحدهما"
        return True

    def _nameish(self, w: str) -> bool:
        lex = self.lex
        if w[:1] in _CLITIC1 and len(w) > 2:
            rest = w[1:]
            if rest in lex.stopwords or rest in lex.org_heads or rest in lex.titles or rest in lex.roles \
                    or rest in lex.anaphors or rest in lex.nisba or rest in lex.institution_heads \
                    or rest in _KUNYA or rest in lex.given_names:
                return False
        return (len(w) >= 2 and not w[0].isdigit() and w not in lex.stopwords and w not in lex.nisba
                and w not in lex.titles and w not in lex.roles and w not in lex.anaphors
                and w not in lex.title_first and w not in lex.country_names and w not in lex.attribution_verbs
                and w not in lex.org_heads and w not in lex.role_qualifiers and w not in lex.title_modifiers
                and not any(c.isascii() and c.isalpha() for c in w))

    def _people(self, doc: Document, toks: list, gap_ok: list, covered: list, chosen: list) -> list:
        lex = self.lex
        text = doc.text
        nt = len(toks)
        wc = self._wc
        given_names, given_amb = lex.given_names, lex.given_names_ambiguous
        chosen_by_tok = {}
        for k, h in enumerate(covered):
            if h is not None:
                chosen_by_tok.setdefault(k, h)
        out = []
        i = 0
        while i < nt:
            if covered[i] is not None:
                i += 1
                continue
            w = toks[i].norm
            # a title: الرئيس (الأمريكي) (السابق) NAME
            if wc[i][1][1] >= 0:  # (a word that cannot begin a title has none: skip the call)
                title_end, title_start_off, definite = self._title_at(text, toks, gap_ok, covered, i)
            else:
                title_end = -1
            if title_end > 0:
                j = title_end
                country = None
                org_id = None
                while j < nt and gap_ok[j - 1]:
                    t = toks[j].norm
                    if covered[j] is not None:
                        h = covered[j]
                        if h.type == "ORG":
                            org_id = org_id or h.actor_id
                            while j < nt and covered[j] is h:
                                j += 1
                            continue
                        break
                    if t in lex.nisba:
                        country = country or lex.nisba[t]
                        j += 1
                        continue
                    if t in lex.title_modifiers:
                        j += 1
                        continue
                    break
                # a role noun phrase: a construct title and its definite genitive ("قائد الشرطة
                # المحلية"، "أمين عام الحزب") ends before the name
                np_end = self._role_np_end(toks, gap_ok, covered, j, title_end, definite)
                if np_end > j:
                    j = np_end
                if j < nt and gap_ok[j - 1] and covered[j] is None and not _orig_stop(toks[j]) \
                        and not self._org_word(toks[j].norm):
                    w_j = toks[j].norm
                    ok_start = (definite and org_id is None) or w_j in lex.given_names or w_j in _KUNYA
                    amb = False
                    if not ok_start and w_j in lex.given_names_ambiguous and (definite or j > title_end):
                        ok_start = amb = True
                    e = self._name_tokens(toks, gap_ok, covered, j, True, chosen_by_tok) if ok_start else -1
                    if amb and e == j + 1 and not self._name_boundary(toks, gap_ok, e):
                        # a given name that is also a word ("سيف"، "سعيد") alone after an explicit
                        # role counts where the clause goes on with a verb, a particle or punctuation
                        e = -1
                    if e > j and (self._title_place(toks, i, e) or i > 0 and self._place_head(toks[i - 1].norm)
                                  or self._locative_after(toks, gap_ok, e)
                                  or w_j not in lex.given_names and w_j not in lex.given_names_ambiguous
                                  and is_known_place(" ".join(t.norm for t in toks[j:e]))):
                        e = -1  # "السيدة زينب"، "مطار الملك خالد": a title and a name that make a place
                    if ok_start:
                        if e > j:
                            role = text[title_start_off:toks[j - 1].end]
                            if _after_lil(text, title_start_off):
                                role = "ال" + role  # "للرئيس الأمريكي ..." → الرئيس الأمريكي
                            attrs = {"role": role}
                            if country:
                                attrs["country"] = country
                            if org_id:
                                attrs["org_id"] = org_id
                            out.append(Hit(toks[j].start, toks[e - 1].end, "PERSON", None, "person-title",
                                           nlen=e - j, kind="person", attributes=attrs))
                            for k in range(i, e):
                                if covered[k] is None:
                                    covered[k] = out[-1]
                            i = e
                            continue
                # a title whose name is a dictionary person: record the title
                if j < nt and gap_ok[j - 1] and covered[j] is not None and covered[j].type == "PERSON":
                    h = covered[j]
                    for k in range(i, j):
                        if covered[k] is None:
                            covered[k] = h
                    role = text[title_start_off:toks[j - 1].end]
                    h.attributes = (h.attributes or {}) | {
                        "role": "ال" + role if _after_lil(text, title_start_off) else role}
                    if country:
                        h.attributes["country"] = country
                    if org_id:
                        h.attributes["org_id"] = org_id
                i = max(i + 1, title_end)
                continue
            # a given name or a kunya
            stem = w
            plen = 0
            if w not in given_names and w not in _KUNYA and w != "عبد" and w not in given_amb:
                # "ومحمد"، "لأبي محمد"؛ but not "لدينا" (we have) or "لجان" (committees)
                if len(w) > 3 and (w[:1] == "و" and (w[1:] in given_names or w[1:] in given_amb)
                                   or w[:1] in ("و", "ل", "ب") and w[1:] in _KUNYA):
                    stem, plen = w[1:], 1
                else:
                    i += 1
                    continue
            if _orig_stop(toks[i]):  # (after the cheaper name test: both only skip the token)
                i += 1
                continue
            if plen:
                toks_i_norm = toks[i].norm
                toks[i].norm = stem
            e = self._name_tokens(toks, gap_ok, covered, i, False, chosen_by_tok)
            if plen:
                toks[i].norm = toks_i_norm
            if e > i:
                s = toks[i].start + _orig_len(text, toks[i].start, plen)
                out.append(Hit(s, toks[e - 1].end, "PERSON", None, "person-name", nlen=e - i, kind="person",
                               attributes={}))
                for k in range(i, e):
                    covered[k] = out[-1]
                i = e
                continue
            i += 1
        return out

    def _role_np_end(self, toks: list, gap_ok: list, covered: list, j: int, title_end: int, definite: bool) -> int:
        """End of the definite genitive after a construct title ("قائد [الشرطة المحلية]"،
        "أمين [عام الحزب]"), or j when there is none. Up to four words: definite words, and
        dictionary or role spans ("مدير [الأمن العام]")."""
        if definite or j != title_end:
            return j
        lex = self.lex
        nt = len(toks)
        k = j
        if k < nt and gap_ok[k - 1] and toks[k].norm == "عام":
            k += 1  # "أمين عام"، "مدير عام"
        while k < nt and k - j < 4 and gap_ok[k - 1]:
            h = covered[k]
            if h is not None:
                if h.type not in ("ROLE", "ORG") or h.start < toks[k].start:
                    break
                while k < nt and covered[k] is h:
                    k += 1
                continue
            t = toks[k].norm
            if not t.startswith("ال") or len(t) < 4 or t in self.np_stops or t in lex.given_names \
                    or t in lex.titles:
                break
            k += 1
        if k == j or (k == j + 1 and toks[j].norm == "عام"):
            return j
        return k

    def _org_word(self, w: str) -> bool:
        """An organization or institution head ("شرطة"، "حلف"، "قوات"): no person's name starts with it."""
        lex = self.lex
        return w in lex.org_heads or w in lex.named_org_heads or w in lex.institution_heads \
            or ("ال" + w) in lex.institution_heads or w in self.matcher.quoted_heads

    def _name_boundary(self, toks: list, gap_ok: list, k: int) -> bool:
        """Token k may follow a one-word name: the clause ends, or a particle, a verb of saying
        or more name follows ("قائد الشرطة سيف إن ..."، "... سيف، وأضاف")."""
        lex = self.lex
        if k >= len(toks) or not gap_ok[k - 1]:
            return True
        w = toks[k].norm
        return w in lex.stopwords or w in lex.attribution_verbs or w in lex.given_names or w in _CONNECT \
            or (w.startswith("ال") and w.endswith("ي") and len(w) > 4)

    def _place_head(self, w: str) -> bool:
        """A place or facility head noun ("بلدة"، "منطقة"، "مطار"، "مسجد"): a title and a name
        after it name the place ("منطقة السيدة زينب"، "شارع الملك فيصل")."""
        return _strip_clitics(w, _PLACE_HEADS)[1] >= 0

    def _locative_after(self, toks: list, gap_ok: list, e: int) -> bool:
        """A locative word right after the name ("السيدة زينب قرب دمشق"، "... جنوب العاصمة"):
        what precedes it is a place."""
        return e < len(toks) and gap_ok[e - 1] and toks[e].norm in _LOCATIVES

    def _title_place(self, toks: list, i: int, e: int) -> bool:
        """A title and the name after it form a known toponym ("السيدة زينب"، "الملك خالد")."""
        stem = self._wc[i][1][0] or toks[i].norm
        key = " ".join([stem] + [t.norm for t in toks[i + 1:e]])
        return is_known_place(key)

    def _title_at(self, text: str, toks: list, gap_ok: list, covered: list, i: int) -> tuple[int, int, bool]:
        """(end token index, start offset, definite) of a title starting at token i, or (-1, 0, False)."""
        lex = self.lex
        w = toks[i].norm
        stem, plen = self._wc[i][1]
        if plen < 0:
            return -1, 0, False
        for ws in lex.title_first[stem]:
            n = len(ws)
            if i + n > len(toks):
                continue
            if all(toks[i + k].norm == ws[k] and covered[i + k] is None and (k == 0 or gap_ok[i + k - 1])
                   for k in range(1, n)):
                definite = n > 1 or ws[0] not in _CONSTRUCT_TITLES
                return i + n, toks[i].start + _orig_len(text, toks[i].start, plen), definite
        return -1, 0, False

    def _surnames(self, doc: Document, toks: list, covered: list, people: list) -> list:
        """Bare surnames ("ماتيس") of people already named in full join their chain."""
        lex = self.lex
        text = doc.text
        last: dict[str, Hit] = {}
        for p in people:
            words = norm(text[p.start:p.end]).split()
            if len(words) >= 2:
                sur = words[-1]
                if len(sur) >= 3 and sur not in lex.stopwords and sur not in lex.given_names_ambiguous \
                        and sur not in _COMPOUND_TAILS:
                    last.setdefault(sur, p)
                    p.attributes = (p.attributes or {}) | {"surname": sur}
        if not last:
            return []
        out = []
        # every clitic reading of a word ends with the word's last two letters (a surname has 3+):
        # a word ending otherwise cannot match
        tails = {sur[-2:] for sur in last}
        for i, t in enumerate(toks):
            if covered[i] is not None or t.norm[-2:] not in tails:
                continue
            stem, plen = _strip_clitics(t.norm, last)
            if plen < 0:
                continue
            p = last[stem]
            s = t.start + _orig_len(text, t.start, plen)
            out.append(Hit(s, t.end, "PERSON", p.actor_id, "surname", nlen=len(stem), kind="person",
                           attributes={"full_name": text[p.start:p.end]}))
        return out

    # -- roles and nationalities -------------------------------------------------------
    def _roles(self, doc: Document, toks: list, gap_ok: list, covered: list, chosen: list) -> list:
        lex = self.lex
        text = doc.text
        nt = len(toks)
        out = []
        i = 0
        while i < nt:
            if covered[i] is not None:
                i += 1
                continue
            w = toks[i].norm
            role = None
            j = i
            plen = 0
            if i + 1 < nt and gap_ok[i] and covered[i + 1] is None \
                    and self._wc[i][3]:
                two, plen2 = _strip_clitics_uncached(w + " " + toks[i + 1].norm, lex.roles)
                if plen2 >= 0:
                    role, j, plen = lex.roles[two], i + 2, plen2
            if role is None:
                if i > 0 and covered[i - 1] is not None and covered[i - 1].type == "PERSON" \
                        and text[toks[i - 1].end:toks[i].start].strip() in ("", "،", ","):
                    i += 1  # an apposition to a person ("ديفيد بيرنان، مراسل ...")
                    continue
                stem, plen1 = self._wc[i][2]
                if plen1 < 0:
                    i += 1
                    continue
                role, j, plen = lex.roles[stem], i + 1, plen1
            country = None
            org_id = None
            n_q = 0
            while j < nt and gap_ok[j - 1] and n_q < 2:
                t = toks[j].norm
                if covered[j] is not None:
                    h = covered[j]
                    if h.type == "ORG" and h.start == toks[j].start:
                        org_id = h.actor_id
                    break
                if t in lex.nisba:
                    country = lex.nisba[t]
                elif t not in lex.role_qualifiers:
                    break
                j += 1
                n_q += 1
            s = toks[i].start + _orig_len(text, toks[i].start, plen)
            attrs = {"role": role.get("en")}
            if org_id:
                attrs["org_id"] = org_id
                org = lex.actors.get(org_id)
                if org is not None:
                    country = country or org.country
            code = None
            sector = role.get("sector") or None
            if country and sector:
                code = (lex.iso3(country) or "") + sector
            elif org_id and lex.actors.get(org_id) is not None:
                code = lex.actors[org_id].code
            h = Hit(s, toks[j - 1].end, "ROLE", None, "role", kind=role.get("kind"), attributes=attrs,
                    canonical=role.get("en"))
            h.nlen = j - i
            h.country, h.code, h.sector = country, code, sector
            out.append(h)
            for k in range(i, j):
                covered[k] = h
            i = j
        return out

    def _norps(self, toks: list, covered: list) -> list:
        lex = self.lex
        out = []
        for i, t in enumerate(toks):
            if covered[i] is not None:
                continue
            w = t.norm
            if w in lex.nisba and w not in lex.country_names and ("ال" + w) not in lex.country_names \
                    and (not w.startswith("ال") or w[2:] not in lex.country_names):
                out.append(Hit(t.start, t.end, "NORP", None, "nisba", kind="nationality", country=lex.nisba[w]))
        return out

    def _appositions(self, doc: Document, toks: list, gap_ok: list, hits: list, tok_end: dict) -> None:
        """"جوزف فوتيل القائد الأعلى للقيادة المركزية الأمريكية": a title after a name, up to
        an organization in the same clause, becomes the person's role and organization."""
        lex = self.lex
        text = doc.text
        by_start = {h.start: h for h in hits}
        for h in hits:
            if h.type != "PERSON" or h.rule == "surname":
                continue
            k = tok_end.get(h.end)
            if k is None or k + 1 >= len(toks):
                continue
            nxt = k + 1
            between = text[toks[k].end:toks[nxt].start]
            if between.strip() not in ("", "،", ",") or "\n" in between:
                continue
            stem, plen = _strip_clitics(toks[nxt].norm, lex.title_first)
            if plen != 0 or stem not in lex.title_first:
                continue
            role_end = toks[nxt].end
            org = None
            m = nxt + 1
            while m < min(len(toks), nxt + 9) and gap_ok[m - 1]:
                o = next((x for x in hits if x.type == "ORG" and x.start < toks[m].end and toks[m].start < x.end), None)
                if o is not None:
                    org = o
                    role_end = o.end
                    break
                t = toks[m].norm
                if t in lex.title_modifiers or t in lex.nisba or t in lex.stopwords and t.startswith("ال"):
                    role_end = toks[m].end
                m += 1
            attrs = h.attributes if h.attributes is not None else {}
            if "role" not in attrs:
                attrs["role"] = text[toks[nxt].start:role_end]
            if org is not None and "org_id" not in attrs:
                attrs["org_id"] = org.actor_id
                attrs["org"] = text[org.start:org.end]
            h.attributes = attrs

    # -- writing ---------------------------------------------------------------------
    def __call__(self, doc: Document) -> Document:
        hits = self.find(doc)
        lex = self.lex
        n0 = len(doc.mentions)
        for n, h in enumerate(hits):
            actor = lex.actors.get(h.actor_id) if h.actor_id else None
            sent = doc.sentence_at(h.start)
            m = Mention(id=f"a{n0 + n}", start=h.start, end=h.end, text=doc.text[h.start:h.end], type=h.type,
                        sentence_id=sent.id if sent else -1, rule=h.rule,
                        named=h.type in ("ORG", "PERSON", "NORP"),
                        attributes=dict(h.attributes or {}))
            if actor is not None:
                m.canonical = actor.en
                m.actor_id = actor.id
                m.actor_code = actor.code
                m.sector = actor.sector
                m.kind = actor.kind
                m.country = actor.country
                m.wikidata = actor.wikidata
            else:
                m.canonical = h.canonical
                m.kind = h.kind
                m.country = h.country or (h.attributes or {}).get("country")
                m.actor_code = h.code
                m.sector = h.sector
                if h.type == "PERSON" and m.canonical is None and h.rule != "surname":
                    m.canonical = m.text
            if h.weak:
                m.confidence = 0.7
            if h.type in ("ORG", "PERSON", "ROLE") and _after_lil(doc.text, h.start):
                # "للأسد": the span is "أسد"; the name as a reader writes it alone is "الأسد"
                m.attributes["definite_form"] = "ال" + m.text
            doc.mentions.append(m)
        return doc


def _after_lil(text: str, start: int) -> bool:
    """The span starts right after the "لل" of ل + ال ("للأسد"، "وللنظام")."""
    if start < 2 or text[start - 2:start] != "لل":
        return False
    k = start - 3
    if k >= 0 and text[k] in "وف":
        k -= 1
    return k < 0 or not text[k].isalpha()


def _select_longest(cands: list) -> list:
    """Non-overlapping hits, longest first (normalized length, then earliest)."""
    cands.sort(key=lambda h: (-h.nlen, -(h.end - h.start), h.start))
    taken: list = []
    out = []
    for h in cands:
        if any(a < h.end and h.start < b for a, b in taken):
            continue
        taken.append((h.start, h.end))
        out.append(h)
    return out


def _coverage(hits: list, toks: list, ends: list | None = None) -> list:
    """For each token, the hit that overlaps it (or None). ``ends``: the tokens' end offsets,
    when the caller has them."""
    import bisect

    cov = [None] * len(toks)
    if ends is None:
        ends = [t.end for t in toks]
    for h in hits:
        k = bisect.bisect_right(ends, h.start)
        while k < len(toks) and toks[k].start < h.end:
            cov[k] = h
            k += 1
    return cov
