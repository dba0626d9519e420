"""The "actors" stage: within-article coreference and actor codes (runs after places).

1. **Chains.** Mentions of one dictionary actor share a chain (``Mention.chain``); a person
   found by pattern and the bare surnames that refer to them share one too.
2. **Anaphors.** A definite generic head that stands for an actor the article named —
   "التنظيم" for the Islamic State, "الحركة" for Hamas, "الجماعة"، "الميليشيات"، "الحزب"،
   "الجيش"، "الرئيس" — becomes a mention (``named=False``) with the antecedent's actor id,
   codes and chain. The antecedent is chosen among the actors named earlier in the
   article: first those the head itself can name (an actor with an alias "تنظيم ..." for
   "التنظيم", or written with that head in this article), else those of the kinds the head
   can refer to; the most often named wins, the most recent breaks ties.
3. **Generic institutions.** "وزارة الداخلية" without a nationality takes the country of the
   same institution named with one in the article, or else the article's dominant country
   (lower confidence).
4. **Countries as actors.** GPE mentions of countries (from the places stage) get the
   state actor code (ISO 3166-1 alpha-3: SYR, IRQ) and kind "state" so events can use
   them as actors.
"""
from __future__ import annotations

import bisect
from collections import Counter
from typing import Optional

from ..doc import Document, Mention
from ..pipeline import register_stage
from .actor_lexicon import load_lexicon, norm
from .mentions import _orig_len, _strip_clitics


def _bare(word: str) -> str:
    return word[2:] if word.startswith("ال") and len(word) > 3 else word


@register_stage("actors")
class Actors:
    name = "actors"
    assigns = ("doc.mentions",)

    def __init__(self, config: Optional[dict] = None):
        config = config or {}
        # the actors stage reads the same actor files as the mentions stage unless told otherwise
        extra = config.get("extra_files") or ((config.get("_global") or {}).get("mentions") or {}).get("extra_files")
        self.lex = load_lexicon(extra or ())
        self._anaphor_memo: dict = {}
        # head word of an anaphor ("تنظيم") -> actor ids with an alias that begins with it
        self.head_actors: dict[str, set] = {}
        for key, info in self.lex.index.items():
            if info.actor_id is None:
                continue
            first = key.split()[0]
            self.head_actors.setdefault(first, set()).add(info.actor_id)

    def __call__(self, doc: Document) -> Document:
        lex = self.lex
        self._country_actors(doc)
        self._generic_institutions(doc)
        self._anaphors(doc)
        self._chains(doc)
        return doc

    # -- countries -------------------------------------------------------------------
    def _country_actors(self, doc: Document) -> None:
        places = {p.id: p for p in doc.places}
        for m in doc.mentions:
            if m.type != "GPE" or m.actor_code:
                continue
            p = places.get(m.place_id) if m.place_id else None
            kind = (p.kind if p is not None else None) or m.kind
            country = (p.country if p is not None else None) or m.country
            if kind == "country" and country:
                code = self.lex.iso3(country)
                if code is None:
                    try:
                        import pycountry

                        c = pycountry.countries.get(alpha_2=country)
                        code = c.alpha_3 if c else None
                    except Exception:  # noqa: BLE001
                        code = None
                if code:
                    m.actor_code = code
                    m.actor_id = m.actor_id or f"state.{country}"
                    m.attributes = dict(m.attributes or {}) | {"actor_kind": "state"}

    # -- generic institutions ------------------------------------------------------
    def _generic_institutions(self, doc: Document) -> None:
        lex = self.lex
        generic = [m for m in doc.mentions if m.actor_id and m.actor_id.startswith("gen.")]
        if not generic:
            return
        by_key: dict[str, str] = {}
        countries = Counter()
        for m in doc.mentions:
            if m.actor_id and "." in m.actor_id and m.actor_id[:2].isupper():
                by_key.setdefault(m.actor_id.split(".", 1)[1], m.actor_id)
            if m.country and m.type in ("ORG", "GPE", "NORP", "ROLE", "PERSON"):
                countries[m.country] += 1
        dominant = None
        if countries:
            (c1, n1), *rest = countries.most_common(2)
            if n1 >= 2 and (not rest or n1 >= 2 * rest[0][1]):
                dominant = c1
        for m in generic:
            key = m.actor_id.split(".", 1)[1]
            target = by_key.get(key)
            conf = 0.9
            if target is None and dominant is not None and f"{dominant}.{key}" in lex.actors:
                target, conf = f"{dominant}.{key}", 0.6
            if target is None:
                continue
            a = lex.actors[target]
            m.attributes = dict(m.attributes or {}) | {"generic_actor": m.actor_id}
            m.actor_id, m.actor_code, m.sector, m.country, m.kind = a.id, a.code, a.sector, a.country, a.kind
            m.canonical = a.en
            m.confidence = min(m.confidence, conf)

    # -- anaphors ----------------------------------------------------------------------
    def _anaphors(self, doc: Document) -> None:
        lex = self.lex
        text = doc.text
        named = sorted((m for m in doc.mentions if m.named and m.actor_id and m.type in ("ORG", "PERSON")),
                       key=lambda m: m.start)
        if not named:
            return
        persons_by_role = [m for m in doc.mentions if m.type == "PERSON" and m.named]
        spans = sorted(((m.start, m.end, m) for m in doc.mentions), key=lambda x: (x[0], x[1]))
        starts = [x[0] for x in spans]
        max_len = max((x[1] - x[0] for x in spans), default=0)

        def claimed(s: int, e: int):
            k = bisect.bisect_left(starts, s - max_len)
            while k < len(spans) and spans[k][0] < e:
                if spans[k][1] > s:
                    return spans[k][2]
                k += 1
            return None

        new = []
        memo = self._anaphor_memo
        for t in doc.tokens:
            r = memo.get(t.norm)
            if r is None:
                r = memo[t.norm] = _strip_clitics(t.norm, lex.anaphors)
                if len(memo) > 200_000:
                    memo.clear()
            stem, plen = r
            if plen < 0:
                continue
            # anaphors are definite: "تنظيم" alone is a head of a name, not an anaphor
            if not stem.startswith("ال"):
                continue
            start = t.start + _orig_len(text, t.start, plen)
            over = claimed(start, t.end)
            if over is not None and not (over.type == "ROLE" and over.start == start and over.end == t.end):
                continue
            spec = lex.anaphors[stem]
            ante = self._antecedent(stem, spec, named, persons_by_role, start)
            if ante is None:
                continue
            if over is not None:  # a bare role noun ("الجيش"، "الحكومة") that is an anaphor
                m = over
                m.attributes = dict(m.attributes or {}) | {"antecedent": ante.id, "role_kind": m.kind}
            else:
                sent = doc.sentence_at(start)
                m = Mention(id=f"r{len(new)}", start=start, end=t.end, text=text[start:t.end], type=ante.type,
                            sentence_id=sent.id if sent else -1, named=False, rule="anaphor",
                            attributes={"antecedent": ante.id})
                new.append(m)
            m.actor_id, m.actor_code, m.sector = ante.actor_id, ante.actor_code, ante.sector
            m.kind, m.country, m.wikidata, m.canonical = ante.kind, ante.country, ante.wikidata, ante.canonical
            m.confidence = 0.7
        doc.mentions.extend(new)

    def _antecedent(self, stem: str, spec: dict, named: list, persons: list, pos: int) -> Optional[Mention]:
        before = [m for m in named if m.end <= pos]
        if not before:
            return None
        refers = set(spec.get("refers") or [])
        if "person" in refers:
            roles = [norm(r) for r in spec.get("role") or []]
            word = stem[2:]  # "الرئيس" -> "رئيس"
            cands = [m for m in before if m.type == "PERSON"
                     and word in norm((m.attributes or {}).get("role", ""))]
            return cands[-1] if cands else None
        head = stem[2:]
        by_head = [m for m in before if m.actor_id in self.head_actors.get(head, ())
                   or _bare(norm(m.text).split()[0]) == head]
        cands = by_head
        if not cands and spec.get("fallback"):
            cands = [m for m in before if m.kind in refers and m.type == "ORG"]
        if not cands:
            return None
        prefer = set(spec.get("prefer") or [])
        if prefer and not by_head:
            pref = [m for m in cands if m.sector in prefer]
            cands = pref or cands
        freq = Counter(m.actor_id for m in cands)
        last = {m.actor_id: i for i, m in enumerate(cands)}
        best = max(freq, key=lambda a: (freq[a], last[a]))
        return next(m for m in reversed(cands) if m.actor_id == best)

    # -- chains -------------------------------------------------------------------------
    def _chains(self, doc: Document) -> None:
        persons = [m for m in doc.mentions if m.type == "PERSON" and not m.actor_id]
        names = {}
        for m in persons:
            full = (m.attributes or {}).get("full_name") or m.text
            names[m.id] = [("ابو" if w in ("ابي", "ابا") else w) for w in norm(full).split()]
        # a shorter name that ends a longer one ("عبد الرحمن" in "رامي عبد الرحمن") or shares
        # its kunya ("أبو مالك" in "أبو مالك الشامي") is the same person
        longest = sorted({tuple(w) for w in names.values()}, key=len, reverse=True)
        canon = {}
        for ws in longest:
            target = ws
            for big in longest:
                if len(big) < len(ws) or big == ws:
                    break
                if len(big) > len(ws) and big[-len(ws):] == ws and (len(ws) >= 2 or len(ws[0]) >= 4) \
                        or ws[0] == "ابو" and len(ws) >= 2 and big[:2] == ws[:2]:
                    target = canon.get(big, big)
                    break
            canon[ws] = target
        for m in doc.mentions:
            if m.chain:
                continue
            if m.actor_id:
                m.chain = "ch:" + m.actor_id
            elif m.type == "PERSON":
                m.chain = "ch:per:" + " ".join(canon.get(tuple(names[m.id]), names[m.id]))
            elif m.type == "ORG":
                m.chain = "ch:org:" + norm(m.canonical or m.text)
        self._representatives(doc)

    def _representatives(self, doc: Document) -> None:
        """Mark one named mention a chain as the entity's representative (attributes
        ``representative``): the name as the article most often writes it, without a generic
        head, else the earliest. A serializer that lists each entity once uses it."""
        index = self.lex.index
        heads = self.lex.org_heads
        chains: dict[str, list] = {}
        for m in doc.mentions:
            if m.named and m.chain and m.type in ("ORG", "PERSON", "GPE", "LOC", "FAC"):
                chains.setdefault(m.chain, []).append(m)
        for ms in chains.values():
            # "للقوات الأمريكية" has the span "قوات الأمريكية": it counts as the form a reader
            # writes alone ("القوات الأمريكية"), and a form written alone represents the chain
            def written(m: Mention) -> str:
                return norm((m.attributes or {}).get("definite_form") or m.text)

            counts = Counter(written(m) for m in ms)

            def rank(m: Mention):
                words = written(m).split()
                first = words[0] if words else ""
                # a generic head counts only where the rest names the actor alone ("قوات قسد");
                # "القوات الأمريكية" is the name itself
                rest = index.get(" ".join(words[1:])) if len(words) > 1 else None
                headed = "+head" in m.rule or m.rule == "outlet-name" or (
                    (_bare(first) in heads or first in heads)
                    and (rest is None and len(words) == 1 or rest is not None and rest.actor_id == m.actor_id))
                info = index.get(written(m))
                generated = info is None or info.generated  # "الرئاسة الأمريكية" vs "البيت الأبيض"
                after_lil = "definite_form" in (m.attributes or {})
                return (headed, -counts[written(m)], generated, after_lil, m.start)

            best = min(ms, key=rank)
            best.attributes = dict(best.attributes or {}) | {"representative": True}


ENTITY_TYPES = ("PERSON", "ORG", "GPE", "LOC", "FAC")


def entity_mentions(doc: Document, types=ENTITY_TYPES) -> list:
    """The article's distinct entities: one named mention each, in text order.

    Mentions of one coreference chain count once, through the chain's representative (set
    by the actors stage); place mentions without a chain count once a place; anything else
    once a (type, normalized text). This is the "set of distinct entities" the evaluation
    contract asks for; ``doc.mentions`` keeps every occurrence."""
    reps = {m.chain for m in doc.mentions if m.chain and (m.attributes or {}).get("representative")}
    out, seen = [], set()
    for m in sorted(doc.mentions, key=lambda x: (x.start, x.end)):
        if not m.named or m.type not in types:
            continue
        if m.chain:
            if m.chain in reps and not (m.attributes or {}).get("representative"):
                continue
            key = ("chain", m.chain)
        elif m.place_id:
            key = ("place", m.place_id)
        else:
            key = ("text", m.type, norm(m.text))
        if key in seen:
            continue
        seen.add(key)
        out.append(m)
    return out
