"""Who the article says reported each event, and how sure it is.

For every event the stage looks for a reporting cue in the event's sentence:

* a **prepositional cue** with the source right after it: وحسب X، بحسب X، وفقا لـ X،
  نقلا عن X، وفق ما أفادت X، طبقا لـ X;
* a **reporting verb** with the source as its subject: قال X إن ...، أفاد X بـ ...،
  أكدت مصادر ...، ذكرت وكالة ...، أعلن X أن ... (any person and tense);
* a **continuation** (وأضاف، وتابع، وقال إن with no subject of its own) that carries the
  previous speaker on, within the same stretch of the article.

The source X is the actor mention (ORG, PERSON, ROLE, NORP or GPE) that starts right
after the cue; when no mention is there, the words up to the next comma or إن/أن are
used if they name a source (مصادر محلية، شهود عيان) or follow a prepositional cue.
Cue words of four letters or more also match with one letter missing, added or
changed (وحب for وحسب), but only when a source follows, so common words do not
become cues. The outlet that published the article (``doc.outlet``) is never used as
the source.

Certainty: an attributed event that its own sentence asserts becomes ``reported``;
hedges found by the events stage (believed, claimed, denied, uncertain, planned) are
kept. For statements (REQUEST, ACCUSE...) the speaker is the actor, not a source.
"""
from __future__ import annotations

from pathlib import Path
from typing import Optional

from ..doc import Argument, Document, Event, Mention
from ..pipeline import register_stage
import yaml

from .events import normalize_for_matching  # cached
from .events import verb_forms
from .events import ACTOR_TYPES, CONTINUE, DATA_DIR, PREP_CUE, REPORT, SOURCE_NOUN, VERBAL_TYPES, Cues

_THAT = {"ان", "انه", "انها", "انهم", "بان", "بانه", "بانها", "انهما"}
# words that open an adverbial, not a speaker, after a reporting verb
_NOT_A_SOURCE = {"في", "عبر", "خلال", "امام", "يوم", "امس", "اليوم", "سابقا", "لاحقا", "ايضا", "مساء", "صباح",
                 "الاثنين", "الثلاثاء", "الاربعاء", "الخميس", "الجمعه", "السبت", "الاحد", "من", "علي", "الي",
                 "لـ", "ل", "بعد", "قبل", "مجددا", "اول", "كذلك", "فيه", "فيها", "بيان", "تصريح", "تصريحات"}


def edit1(a: str, b: str) -> bool:
    """True when ``a`` and ``b`` differ by at most one insertion, deletion or substitution."""
    if a == b:
        return True
    la, lb = len(a), len(b)
    if abs(la - lb) > 1:
        return False
    if la > lb:
        a, b, la, lb = b, a, lb, la
    i = j = diff = 0
    while i < la and j < lb:
        if a[i] == b[j]:
            i += 1
            j += 1
            continue
        diff += 1
        if diff > 1:
            return False
        if la == lb:
            i += 1
        j += 1
    return diff + (lb - j) + (la - i) <= 1


class _Cue:
    __slots__ = ("tok", "kind", "source", "source_start", "source_end", "rule")

    def __init__(self, tok: int, kind: str):
        self.tok = tok
        self.kind = kind  # "prep" | "verb" | "continue"
        self.source: Optional[Argument] = None
        self.source_start = -1
        self.source_end = -1
        self.rule = ""


@register_stage("attribution")
class Attribution:
    name = "attribution"
    assigns = ("Event.source", "Event.certainty")

    def __init__(self, config: Optional[dict] = None):
        config = config or {}
        self.cues = Cues(Path(config.get("cue_file", DATA_DIR / "cues.yaml")))
        # cue words long enough for the one-edit typo check, with their conjunction
        self._fuzzy = sorted({w for w in self.cues.prep if len(w) >= 3 and " " not in w})
        self._fuzzy_forms = sorted({p + w for w in self._fuzzy for p in ("و", "ب", "وب", "")
                                    if len(p + w) >= 4})
        self._fuzzy_cache: dict[str, bool] = {}
        # how many sentences an account runs on after its source was last named
        self.carry = int(config.get("carry_sentences", 1))
        # a one-letter slip keeps the first letter or the second (after و/ب)
        self._fuzzy_first = {f[0] for f in self._fuzzy_forms} | {f[1] for f in self._fuzzy_forms}
        # agentive support verbs a speaker's own pronoun can govern (أعلن الجيش أنه شن غارة)
        with open(Path(config.get("cue_file", DATA_DIR / "cues.yaml")), encoding="utf-8") as f:
            att = (yaml.safe_load(f) or {}).get("attribution", {})
        sa, si = att.get("self_agent") or [], att.get("self_agent_imperfect") or []
        self._relational = {normalize_for_matching(x) for x in att.get("relational") or []}
        self._self_agent: set[str] = set()
        for i, v in enumerate(sa):
            self._self_agent |= set(verb_forms(v, [si[i]] if i < len(si) else []))

    # -- cue finding -------------------------------------------------------------
    def _is_prep(self, norm: str) -> bool:
        return self.cues.has(norm, PREP_CUE)

    def _is_fuzzy_prep(self, norm: str) -> bool:
        if not 3 <= len(norm) <= 6 or norm in self.cues.prep or norm[0] not in self._fuzzy_first:
            return False
        hit = self._fuzzy_cache.get(norm)
        if hit is None:
            hit = any(edit1(norm, f) for f in self._fuzzy_forms if abs(len(f) - len(norm)) <= 1 and len(f) >= 4)
            self._fuzzy_cache[norm] = hit
        return hit

    def find_cues(self, doc: Document, toks: list, ments: list) -> list:
        cues = self.cues
        out: list[_Cue] = []
        for j, t in enumerate(toks):
            n = t.norm
            if n in ("جاء", "وجاء") and j + 3 < len(toks) and toks[j + 1].norm == "ذلك" and \
                    toks[j + 2].norm in ("في", "خلال"):
                c = self._occasion_cue(doc, j, toks, ments)
                if c is not None:
                    out.append(c)
                continue
            kind = None
            fuzzy = False
            f = cues.flags(n)
            if f & PREP_CUE:
                kind = "prep"
            elif f & REPORT:
                if _prep_masdar(n, cues.report_verbs):
                    continue  # "يسمح بنشر قوات": a verbal noun after بـ has no subject to speak
                kind = "verb"
            elif f & CONTINUE:
                kind = "continue"
            elif self._is_fuzzy_prep(n) and not any(m.start < t.end and t.start < m.end for m in ments):
                kind, fuzzy = "prep", True  # a word inside a name (وحزب الله) is no misspelt وحسب
            if kind is None:
                continue
            c = _Cue(j, kind)
            if n in cues.participles and out and out[-1].source is not None:
                # "قال X …، مؤكدا": the participle's speaker is the sentence's speaker
                prev = out[-1]
                c.source, c.source_start, c.source_end = prev.source, prev.source_start, prev.source_end
            else:
                self._read_source(doc, c, toks, ments, strict=fuzzy)
            if fuzzy and c.source is None:
                continue
            c.rule = f"attribution:{kind}" + (":typo" if fuzzy else "")
            out.append(c)
        return out

    def _occasion_cue(self, doc: Document, j: int, toks: list, ments: list) -> Optional[_Cue]:
        """"جاء ذلك في تغريدة لوزير الخارجية"، "وجاء ذلك خلال كلمة للرئيس": the occasion's
        owner (ل + a mention within three words) said what the sentence reports."""
        for q in range(j + 3, min(len(toks), j + 6)):
            w = toks[q].norm
            if q > j + 3 and doc.text[toks[q - 1].end:toks[q].start].strip():
                return None  # a comma or quote ends the occasion phrase
            if w.startswith("ل") and not w.startswith("ال"):
                m = next((m for m in ments if toks[q].start < m.start < toks[q].end + 1 and m.type in ACTOR_TYPES
                          and m.type != "GPE"), None)
                if m is None:
                    return None
                c = _Cue(j, "verb")
                c.source = Argument(text=m.text, start=m.start, end=m.end, ref=m.id,
                                    canonical=m.canonical or m.actor_id, rule="occasion")
                c.source_start, c.source_end = m.start, m.end
                c.rule = "attribution:occasion"
                return c
        return None

    def _speaker_before(self, doc: Document, c: _Cue, toks: list, ments: list) -> Optional[Mention]:
        """A speaker named before its verb: "وكانت روسيا أعلنت سابقا"، "أما الخوذ البيض فقد
        أشارت"، and the subject of the main verb for a participle (قائلا، مؤكدا)."""
        start = toks[c.tok].start
        lo = toks[max(0, c.tok - 6)].start
        participle = toks[c.tok].norm in self.cues.participles
        kinds = ("ORG", "PERSON", "ROLE") if participle else ACTOR_TYPES
        cand = [m for m in ments if lo <= m.start and m.end <= start and m.type in kinds]
        if not cand:
            return None
        persons = [m for m in cand if m.type == "PERSON"]
        m = persons[-1] if persons and toks[c.tok].norm in self.cues.participles else cand[-1]
        # nothing but particles, a comma or كان between the speaker and the verb
        between = doc.text[m.end:start]
        words = [w for w in normalize_for_matching(between).split() if any(ch.isalpha() for ch in w)]
        if toks[c.tok].norm in self.cues.participles:
            return m
        if all(w in ("قد", "فقد", "وقد", "كان", "كانت", "كانوا", "لقد", "،") for w in words) and len(words) <= 2:
            return m
        return None

    def _read_source(self, doc: Document, c: _Cue, toks: list, ments: list, strict: bool) -> None:
        """The source named right after a cue: a person named before إن/أن wins (a title
        and a name: "وزير الدفاع جيمس ماتيس"), else the first actor mention, else the
        words up to إن/أن or a comma. A speaker named before the verb comes next."""
        self._read_source_after(doc, c, toks, ments, strict)
        if c.source is None and c.kind == "verb":
            m = self._speaker_before(doc, c, toks, ments)
            if m is not None and not (doc.outlet and normalize_for_matching(m.text) == normalize_for_matching(doc.outlet)):
                c.source = Argument(text=m.text, start=m.start, end=m.end, ref=m.id,
                                    canonical=m.canonical or m.actor_id, rule="mention-before")
                c.source_start, c.source_end = m.start, m.end

    def _read_source_after(self, doc: Document, c: _Cue, toks: list, ments: list, strict: bool) -> None:
        cues = self.cues
        if toks[c.tok].norm in cues.participles:
            return  # قائلا، مؤكدا: the speaker is the subject of the main verb
        k = c.tok + 1
        if k < len(toks) and any(ch in doc.text[toks[c.tok].end:toks[k].start] for ch in ':"«'):
            return  # قال: "..." — the speaker is not named here (a continuation)
        # skip glue: "وفق ما أفادت X", "نقلا عن X", "وفقا لـ X"
        while k < len(toks) and k <= c.tok + 3 and (toks[k].norm in ("ما", "عن", "لما", "ل", "لـ")
                                                     or cues.has(toks[k].norm, REPORT)
                                                     or (toks[k - 1].norm in ("ما", "لما")
                                                         and _report_with_object(cues, toks[k].norm))):
            k += 1
        if k >= len(toks):
            return
        first = toks[k]
        if first.norm in _THAT or first.norm.lstrip("و") in _NOT_A_SOURCE:
            return  # وقال في تصريح، أعلنت سابقا: the speaker is not named after the verb
        # the source phrase: up to إن/أن (reporting verbs) or the first comma (prepositions)
        stop_k = min(len(toks), k + 16)
        for q in range(k, min(len(toks), k + 16)):
            if q > k and (toks[q].norm in _THAT or cues.has(toks[q].norm, REPORT | PREP_CUE)):
                stop_k = q
                break
            gap = doc.text[toks[q].end:toks[q + 1].start] if q + 1 < len(toks) else ""
            if c.kind == "prep" and gap != "." and any(ch in gap for ch in "،,.:؛"):
                stop_k = q + 1
                break
        that_found = stop_k < len(toks) and toks[stop_k].norm in _THAT
        win_end = toks[stop_k - 1].end if stop_k > k else first.end
        in_win = [m for m in ments if first.start <= m.start < win_end and m.type in ACTOR_TYPES]
        if not in_win:
            in_win = [m for m in ments if m.start <= first.start < m.end and m.type in ACTOR_TYPES]
        m = None
        persons = [x for x in in_win if x.type == "PERSON"]
        if persons and (that_found or c.kind == "prep"):
            m = persons[0]
        elif in_win:
            m0 = min(in_win, key=lambda x: (x.start, -(x.end - x.start)))
            # the first mention must open the phrase (within a word of it)
            if m0.start <= (toks[k + 1].start if k + 1 < len(toks) else first.end):
                m = m0
        bare_head = False
        if m is not None and m.type == "ROLE" and len(m.text.split()) == 1 and \
                not normalize_for_matching(m.text).startswith("ال") and that_found and stop_k - k <= 5:
            m, bare_head = None, True  # a bare head (مسؤولو): read the whole phrase, "مسؤولو الهجرة في ماليزيا"
        if m is not None and m.type in ("GPE", "LOC") and k + 1 < len(toks) and m.start == toks[k + 1].start \
                and not first.norm.startswith("ال") and first.norm not in _NOT_A_SOURCE \
                and not any(ch in doc.text[first.end:m.start] for ch in "،,.:؛\"«»()"):
            # "أكد مركز حلب الإعلامي": a place in construct with the head noun before it names
            # the source with its adjectives, not the place
            end_k = next(q for q, t in enumerate(toks) if t.start >= m.start and t.end >= m.end)
            while end_k + 1 < min(stop_k, k + 5) and toks[end_k + 1].norm.startswith("ال") and \
                    toks[end_k + 1].norm not in cues.source_stops and \
                    not any(ch in doc.text[toks[end_k].end:toks[end_k + 1].start] for ch in "،,.:؛\"«»()"):
                end_k += 1
            a, b = first.start, toks[end_k].end
            c.source = Argument(text=doc.text[a:b], start=a, end=b, rule="construct")
            c.source_start, c.source_end = a, b
            return
        if m is not None:
            if doc.outlet and normalize_for_matching(m.text) == normalize_for_matching(doc.outlet):
                return
            start, end = m.start, m.end
            nxt = next((x for x in ments if x.start > m.end and x.type == "NORP"
                        and not doc.text[m.end:x.start].strip()), None)
            if nxt is not None and m.type != "PERSON":
                end = nxt.end  # الجيش + المصري
            c.source = Argument(text=doc.text[start:end], start=start, end=end, ref=m.id,
                                canonical=m.canonical or m.actor_id, rule="mention")
            c.source_start, c.source_end = start, end
            return
        if c.kind == "verb" and that_found and not strict:
            # "قال ميلود الزوي (المتحدث باسم القوات) إن"، "قال فلان، الناطق باسم…، إن": a name no
            # stage knew, set off by its apposition, speaks
            for q in range(k, min(stop_k - 1, k + 3)):
                gap = doc.text[toks[q].end:toks[q + 1].start]
                if "(" in gap or "،" in gap or "," in gap:
                    words = [toks[x].norm for x in range(k, q + 1)]
                    if q > k and not words[0].startswith("ال") and not any(
                            w in _THAT or w in cues.source_stops or cues.has(w, REPORT | SOURCE_NOUN) for w in words):
                        a, b = toks[k].start, toks[q].end
                        c.source = Argument(text=doc.text[a:b], start=a, end=b, rule="apposed-name")
                        c.source_start, c.source_end = a, b
                        return
                    break
        if strict and not cues.has(first.norm, SOURCE_NOUN):
            return  # typo cue: accept only a recognizable source noun
        if c.kind != "prep" and not cues.has(first.norm, SOURCE_NOUN) and not (that_found and stop_k - k <= 5):
            return
        # words up to a comma, إن/أن, or a stop word (at most six); between a verb and its
        # أن, the whole phrase (قال مسؤولو الهجرة في ماليزيا إن)
        end_k = k
        whole = bare_head and c.kind == "verb" and that_found and stop_k - k <= 5 and not any(
            ch in doc.text[toks[k].start:toks[stop_k - 1].end] for ch in "،,.:؛\"«»()")
        if whole:
            end_k = stop_k - 1
        linked = -1  # "مطلعة على الأمر": the relation's object is part of the source
        for q in ([] if whole else range(k, min(len(toks), k + 6))):
            w = toks[q].norm
            if q > k and w in ("علي", "من") and toks[q - 1].norm in self._relational:
                linked = q + 1
                end_k = q
                continue
            if q > k and q != linked and (w in _THAT or w in cues.source_stops or cues.has(w, REPORT)):
                break
            if q > k and w.startswith("ل") and not w.startswith("ال"):
                break  # the addressee: قال المتحدث لفوكس نيوز
            end_k = q
            gap = doc.text[toks[q].end:toks[q + 1].start] if q + 1 < len(toks) else ""
            if gap != "." and any(ch in gap for ch in "،,.:؛\"«»()"):  # دي.إيه.إن: an abbreviation
                break
        a, b = toks[k].start, toks[end_k].end
        raw = doc.text[a:b]
        if raw[:1] == "ل" and first.norm[:1] == "ل" and not first.norm.startswith("ال") and len(first.norm) > 3 \
                and toks[c.tok].norm.endswith(("وفقا", "طبقا", "وفق")):
            a += 1  # وفقا لشخصيات مطلعة -> شخصيات مطلعة
            if doc.text[a:a + 1] == "ـ":
                a += 1
        text = doc.text[a:b]
        if doc.outlet and normalize_for_matching(text) == normalize_for_matching(doc.outlet):
            return
        c.source = Argument(text=text, start=a, end=b, rule="phrase")
        c.source_start, c.source_end = a, b

    # -- the stage ---------------------------------------------------------------
    def __call__(self, doc: Document) -> Document:
        if not doc.events:
            return doc
        by_sent: dict[int, list] = {}
        for t in doc.tokens:
            by_sent.setdefault(t.sentence_id, []).append(t)
        ments_by_sent: dict[int, list] = {}
        for m in doc.mentions:
            s = doc.sentence_at(m.start)
            if s is not None:
                ments_by_sent.setdefault(s.id, []).append(m)
        need = {e.sentence_id for e in doc.events} | {x.sentence_id for e in doc.events for x in e.evidence
                                                     if x.sentence_id is not None}
        # the speaker in force at each sentence (carried by continuations)
        speaker: dict[int, Optional[_Cue]] = {}
        cues_at: dict[int, list] = {}
        last: Optional[_Cue] = None
        last_sid = -10**6
        last_par = -1
        last_needed = max(need)
        for s in doc.sentences:
            if s.id > last_needed:
                break  # cues after the last event attribute nothing
            toks = by_sent.get(s.id, [])
            if s.paragraph != last_par and s.paragraph - last_par > 1:
                last = None
            cs = self.find_cues(doc, toks, ments_by_sent.get(s.id, [])) if toks else []
            resolved = []
            quoted = _quoted_spans(s.text, s.start) if toks else []
            for c in cs:
                if quoted and any(a <= toks[c.tok].start < b for a, b in quoted):
                    continue  # قال: "… ويعلن حزب الله …": a verb inside the quote reports nothing
                if c.source is not None and " " not in c.source.text.strip():
                    self._fuller(doc, c, s.id, by_sent, ments_by_sent)
                near = resolved[-1] if resolved else last
                if c.source is None and c.kind in ("continue", "verb") and near is not None:
                    nxt = toks[c.tok + 1].norm if c.tok + 1 < len(toks) else ""
                    if c.kind == "continue" or nxt in _THAT or nxt == "" or nxt.lstrip("و") in _NOT_A_SOURCE:
                        c.source, c.source_start, c.source_end = near.source, near.source_start, near.source_end
                        c.rule = "attribution:continued"
                if c.source is not None:
                    resolved.append(c)
            cues_at[s.id] = resolved
            speaker[s.id] = last if last is not None and s.id - last_sid <= self.carry else None
            if resolved:
                last = resolved[-1]
                last_sid = s.id
                last_par = s.paragraph
            elif s.paragraph != last_par:
                last_par = s.paragraph
        by_sentence_events: dict[int, list] = {}
        for ev in doc.events:
            by_sentence_events.setdefault(ev.sentence_id, []).append(ev)
        for ev in doc.events:
            self._attribute(doc, ev, cues_at.get(ev.sentence_id, []), by_sent.get(ev.sentence_id, []),
                            speaker.get(ev.sentence_id), by_sentence_events.get(ev.sentence_id, []))
            if ev.source is None and ev.type not in VERBAL_TYPES:
                # the same happening told again with its source: "قتل 21 شخصا…" then
                # "وقالت وزارة الداخلية إن الهجوم…"
                for evd in ev.evidence[1:]:
                    cs = cues_at.get(evd.sentence_id, [])
                    if evd.sentence_id == ev.sentence_id or not cs:
                        continue
                    toks = by_sent.get(evd.sentence_id, [])
                    before = [c for c in cs if toks[c.tok].start <= evd.start]
                    c = before[-1] if before else cs[0]
                    if c.source is not None and not (ev.actor is not None and _same(ev.actor, c.source)):
                        src = c.source
                        ev.source = Argument(text=src.text, start=src.start, end=src.end, ref=src.ref,
                                             canonical=src.canonical, rule=c.rule + ":retelling")
                        if ev.certainty == "asserted":
                            ev.certainty = "reported"
                        break
        return doc

    def _fuller(self, doc: Document, c: _Cue, sid: int, by_sent: dict, ments_by_sent: dict) -> None:
        """A bare definite source names again one the article just gave in full: "وقالت
        المصادر" after "مصادر عسكرية"، "حسب إحصاءات الجيش" after "الجيش المصري" (the
        nearest such actor mention in this sentence or the three before it)."""
        src = normalize_for_matching(c.source.text)
        if not src.startswith("ال") or len(src) < 4:
            return
        for q in range(sid, sid - 4, -1):
            ms = [m for m in ments_by_sent.get(q, []) if m.end <= c.source_start and m.type in ACTOR_TYPES
                  and (normalize_for_matching(m.text).startswith(src + " ")
                       or normalize_for_matching(m.text).startswith(src[2:] + " "))]
            if ms:
                m = ms[-1]
                c.source = Argument(text=m.text, start=m.start, end=m.end, ref=m.id,
                                    canonical=m.canonical or m.actor_id, rule="fuller")
                c.source_start, c.source_end = m.start, m.end
                return

    def _attribute(self, doc: Document, ev: Event, cues: list, toks: list, prev: Optional[_Cue],
                   siblings: list = ()) -> None:
        trig = ev.trigger.start or 0
        chosen: Optional[_Cue] = None
        if ev.actor is None and ev.type == "RETREAT" and ev.mode in ("resign", "withdraw") and cues:
            self._own_retreat(ev, cues, toks, trig)
        if cues:
            before = [c for c in cues if toks[c.tok].start <= trig]
            chosen = before[-1] if before else cues[0]
            if chosen.kind == "verb":
                # "أعلن X تنحيه، حسب ما نقله موقع Y": the channel the sentence is told
                # through outranks the speaker inside it
                prep = next((c for c in cues if c.kind == "prep" and c.source is not None
                             and c.rule == "attribution:prep" and c.tok + 2 < len(toks)
                             and toks[c.tok + 1].norm in ("ما", "لما")
                             and (self.cues.has(toks[c.tok + 2].norm, REPORT)
                                  or _report_with_object(self.cues, toks[c.tok + 2].norm))), None)
                if prep is not None:
                    chosen = prep
        src = chosen.source if chosen is not None else None
        if src is None:
            # the content of an accusation is reported by the accuser: اتهمت المنظمة الجيش بقصف
            acc = next((e for e in siblings if e is not ev and e.type == "ACCUSE" and e.actor is not None
                        and (e.trigger.start or 0) < trig), None)
            if acc is not None and ev.type not in VERBAL_TYPES:
                ev.source = Argument(text=acc.actor.text, start=acc.actor.start, end=acc.actor.end,
                                     ref=acc.actor.ref, canonical=acc.actor.canonical, rule="attribution:accuser")
                if ev.certainty == "asserted":
                    ev.certainty = "claimed"
                return
        if src is None and prev is not None and prev.source is not None and not (
                ev.type in VERBAL_TYPES and ev.actor is not None) and not (
                ev.actor is not None and _same(ev.actor, prev.source)):
            # the article goes on with the account of the last named source (but a
            # statement by a named actor is that actor's own)
            chosen, src = prev, prev.source
        if src is not None and chosen in cues and ev.type not in VERBAL_TYPES:
            for evd in ev.evidence:
                if evd.sentence_id == ev.sentence_id and self._self_agent_actor(ev, chosen, toks, evd):
                    break
        if src is not None and ev.type in VERBAL_TYPES:
            # for a statement the speaker is its actor
            same_as_actor = ev.actor is not None and _same(ev.actor, src)
            carried = chosen not in cues
            speaker_verb = not carried and chosen.kind in ("verb", "continue") and toks[chosen.tok].start <= trig
            trig_pos = ev.evidence[0].rule.rsplit(":", 1)[-1] if ev.evidence else ""
            if ev.actor is None and speaker_verb and (trig_pos == "form" or (
                    ev.type in ("REQUEST", "THREATEN", "ACCUSE", "REJECT") and trig_pos in ("past", "imperf")
                    and not ev.trigger.rule.endswith(":passive"))):
                ev.actor = Argument(text=src.text, start=src.start, end=src.end, ref=src.ref,
                                    canonical=src.canonical, rule="speaker")
                same_as_actor = True
            if same_as_actor:
                src = None
        if src is not None and ev.actor is not None and ev.type in VERBAL_TYPES and _same(ev.actor, src):
            src = None
        if src is not None:
            ev.source = Argument(text=src.text, start=src.start, end=src.end, ref=src.ref,
                                 canonical=src.canonical,
                                 rule=chosen.rule if chosen in cues else "attribution:carried")
            if ev.certainty == "asserted":
                ev.certainty = "reported"


    def _own_retreat(self, ev: Event, cues: list, toks: list, trig: int) -> None:
        """"أعلن المبعوث، …، تنحيه عن منصبه"، "أعلنت القوات انسحابها": the possessive on a
        resignation or withdrawal the speaker announces is the speaker, its actor."""
        ti = next((i for i, t in enumerate(toks) if t.start <= trig < t.end), None)
        if ti is None or not toks[ti].norm.endswith(("ه", "ها", "هم")) or len(toks[ti].norm) < 5:
            return
        before = [c for c in cues if c.kind == "verb" and c.tok < ti and ti - c.tok <= 14 and c.source is not None
                  and c.source.start is not None and c.source.start < toks[ti].start]
        if not before:
            return
        c = before[-1]
        if any(toks[q].norm in _THAT for q in range(c.tok + 1, ti)):
            return  # أعلن أنه …: a clause of its own
        src = c.source
        ev.actor = Argument(text=src.text, start=src.start, end=src.end, ref=src.ref,
                            canonical=src.canonical, rule="speaker-own-retreat")

    def _self_agent_actor(self, ev: Event, c: _Cue, toks: list, evd) -> bool:
        """The speaker's own pronoun as the subject: "أعلن الجيش أنه شن غارة"، "قالت الشرطة
        إنها اعتقلت ثلاثة"، "يقول الجيش: إنه قتل مسلحين". The pronoun must be the cue's own
        complementizer, agree with the verb right after it (إنه شنت الطائرات… is the
        impersonal pronoun before a feminine subject), and the verb must be the active
        trigger or an agentive support verb (not تم/جرى: أنه تم اعتقال)."""
        if c.kind not in ("verb", "continue") or ev.trigger.rule.endswith(":passive"):
            return False
        trig = evd.start
        ti = next((i for i, t in enumerate(toks) if t.start <= trig < t.end), None)
        if ti is None or ti <= c.tok + 1:
            return False
        k = next((i for i in range(c.tok + 1, ti) if toks[i].norm in _THAT), None)
        if k is None or toks[k].norm in ("ان", "بان"):
            return False
        j = k + 1
        while j < ti and toks[j].norm in ("قد", "لقد", "كان", "كانت", "كانوا"):
            j += 1
        if j < ti:  # a noun trigger after a support verb: أنه شن غارة
            if j + 1 != ti or toks[j].norm not in self._self_agent:
                return False
        elif evd.rule.rsplit(":", 1)[-1] not in ("past", "imperf"):
            return False
        v = toks[j].norm
        fem = v.endswith("ت") or (v.startswith("ت") and not v.endswith(("ون", "وا")))
        pron = toks[k].norm
        if pron.endswith("ها") != fem or (pron.endswith(("هم", "هما")) and fem):
            return False
        if pron.endswith("انه") and j + 1 < len(toks) and toks[j + 1].norm.startswith("ال") and j + 1 != ti:
            return False  # "إنه قتل الجيش…": the impersonal pronoun before a subject
        a = ev.actor
        if a is not None and a.ref and a.start is not None and j + 1 < len(toks) and \
                toks[j + 1].start <= a.start < toks[j + 1].end:
            return False  # a named subject right after the verb (أنه قصف الجيش المدينة)
        src = c.source
        if a is not None and _same(a, src):
            return True
        ev.actor = Argument(text=src.text, start=src.start, end=src.end, ref=src.ref,
                            canonical=src.canonical, rule="speaker-pronoun")
        return True


_QUOTE_LEADS = ("أن", "إن", "ان", "بأن", "بان", ":")


def _quoted_spans(text: str, base: int) -> list:
    """Document offsets of the quotations ("…" and «…») opened right after a colon or after
    أن/إن: what a speaker is quoted as saying."""
    out = []
    i = 0
    n = len(text)
    while i < n:
        ch = text[i]
        if ch in "\"«":
            head = text[:i].rstrip()
            if head.endswith(":") or head.endswith(tuple(" " + w for w in _QUOTE_LEADS[:-1])) or \
                    head in _QUOTE_LEADS[:-1]:
                close = text.find("»" if ch == "«" else "\"", i + 1)
                end = close if close > 0 else n
                out.append((base + i, base + end))
                i = end + 1
                continue
            if ch == "\"":
                close = text.find("\"", i + 1)
                i = (close if close > 0 else n) + 1  # a quoted name or title: skip it whole
                continue
        i += 1
    return out


def _prep_masdar(norm: str, forms: set) -> bool:
    """بنشر، وبنقل: بـ never opens a verb, so a reporting form after it is a verbal noun."""
    s = norm[1:] if norm[:1] in ("و", "ف") and len(norm) > 3 else norm
    return s.startswith("ب") and len(s) > 3 and s not in forms and norm not in forms


def _report_with_object(cues, norm: str) -> bool:
    """A reporting verb carrying an object pronoun after ما: حسب ما نقله، وفقا لما ذكرته."""
    for suf in ("ه", "ها"):
        if norm.endswith(suf) and len(norm) > len(suf) + 2 and cues.has(norm[:-len(suf)], REPORT):
            return True
    return False


def _same(a: Argument, b: Argument) -> bool:
    if a.ref and b.ref and a.ref == b.ref:
        return True
    if a.start is not None and a.start == b.start:
        return True
    na, nb = normalize_for_matching(a.text), normalize_for_matching(b.text)
    return na == nb or (a.canonical is not None and a.canonical == b.canonical)
