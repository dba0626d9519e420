"""Conservative rule-based clitic segmentation of one normalized Arabic word.

``segment_word(norm, orig=None) -> (prefix, stem, suffix)`` splits off

* proclitics: the conjunctions و ف, the prepositions ب ل ك, the future marker س
  (only before an imperfect verb) and the article ال, in their usual combinations
  (وال، بال، فبال، وبال، لل، ولل، كال، وس...);
* one attached pronoun: ه ها هم هما هن نا (and كم when the rest is long).

The split is a best guess for display and cheap features; lookups should keep
trying the candidates of :func:`marsad.text.normalize.clitic_variants` against a
dictionary. Conservative by design:

* a stem keeps at least three letters after a bare conjunction or preposition and at
  least two after the article;
* words whose first letter belongs to the root (وزير، بلد، لبنان، كان، فرنسا...) are
  listed as exceptions, and function words (في، التي، الى...) are never split (both
  lists live in marsad/data/text/clitics.yaml);
* final ه is a pronoun only when the original letter is ه, never a ta marbuta ة
  (both normalize to ه), and a handful of words ending in a root ه are kept whole;
* the first-person ي and the second-person ك are not split: in news text they are far
  more often a nisba adjective (سوري) or part of the word (ذلك، بنك).
"""
from __future__ import annotations

def _load_lexicon() -> tuple[frozenset, frozenset, frozenset]:
    """function words, root-initial words, final-root words from marsad/data/text/clitics.yaml."""
    from pathlib import Path

    import yaml

    from .normalize import normalize_for_matching

    data = yaml.safe_load((Path(__file__).resolve().parent.parent / "data" / "text" / "clitics.yaml").read_text("utf-8"))

    def words(key: str) -> frozenset:
        return frozenset(normalize_for_matching(w) for w in str(data.get(key) or "").split())

    return words("function_words"), words("root_initial"), words("final_root")


FUNCTION_WORDS, ROOT_INITIAL, FINAL_ROOT = _load_lexicon()
# endings under which a listed root-initial word is still recognized (بلادنا، لبنانيين)
_ROOT_TAILS = ("", "ه", "ها", "هم", "هما", "هن", "نا", "كم", "ي", "ات", "ين", "ون", "ان", "يه", "يين", "يون", "تها", "ته", "تهم")

_SUFFIXES = ("هما", "هم", "هن", "ها", "نا", "كم", "ه")
_ARABIC_LETTERS = frozenset("ابتثجحخدذرزسشصضطظعغفقكلمنهويءآأإؤئةى")


def _proclitics(w: str) -> tuple[str, str]:
    """(prefix, rest) for the proclitics of a normalized word."""
    if w in FUNCTION_WORDS or len(w) < 3 or _root_initial(w):
        return "", w
    # a script change: Arabic proclitics glued to a Latin or digit word ("لcnn", "ال24", "و8")
    i = 0
    n = len(w)
    while i < n and w[i] in _ARABIC_LETTERS:
        i += 1
    if 0 < i < n and i <= 4:
        head = w[:i]
        if head in _PURE_PROCLITICS:
            return head, w[i:]
    # the article family: (و|ف)? (ب|ك|ل)? ال / (و|ف)? لل
    for p in _ARTICLE_PREFIXES:
        if w.startswith(p) and len(w) - len(p) >= 2:
            rest = w[len(p):]
            whole = w[len(p) - 2:] if p.endswith("ال") else "ال" + rest
            if whole in FUNCTION_WORDS or (p.endswith("ال") and w[len(p) - 2:] in FUNCTION_WORDS):
                break
            return p, rest
    # bare conjunction, then preposition / future marker
    prefix = ""
    rest = w
    if rest[0] in "وف" and len(rest) > 1:
        cand = rest[1:]
        if cand in FUNCTION_WORDS:
            return rest[0], cand
        if len(cand) >= 3 and _plausible_stem(cand):
            prefix, rest = rest[0], cand
            p2, r2 = _inner_proclitic(rest)
            return prefix + p2, r2
        return "", w
    p2, r2 = _inner_proclitic(rest)
    return p2, r2


def _root_initial(w: str) -> bool:
    """The word, or the word less a pronoun or plural ending, is a listed root-initial word."""
    for t in _ROOT_TAILS:
        if (not t or w.endswith(t)) and w[: len(w) - len(t)] in ROOT_INITIAL:
            return True
    return False


def _inner_proclitic(w: str) -> tuple[str, str]:
    """ب ل ك before a stem, س before an imperfect verb (after the conjunction, if any)."""
    if w in FUNCTION_WORDS or _root_initial(w):
        return "", w
    if len(w) >= 4 and w[0] in "بلك":
        rest = w[1:]
        if rest not in FUNCTION_WORDS and _plausible_stem(rest):
            return w[0], rest
    if len(w) >= 6 and w[0] == "س" and w[1] in "يتن" and not w.startswith(_S_ROOTS):
        return "س", w[1:]
    return "", w


_S_ROOTS = ("سياس", "سيار", "سيطر", "سيد", "سينا", "سنوا", "ستين", "سيول", "سيف", "سير", "سيل", "ستوك", "ستار", "سنغا", "سيئ")


def _plausible_stem(s: str) -> bool:
    # a stem does not begin with ة-derived final forms or a lone alef-lam
    return len(s) >= 3 and s[0] != "ه" or s in FUNCTION_WORDS


_PURE_PROCLITICS = frozenset({"و", "ف", "ب", "ل", "ك", "ال", "وال", "بال", "لل", "كال", "فال", "وب", "ول", "فب", "فل",
                              "وبال", "ولل", "فبال", "فلل", "وك", "وكال"})
_ARTICLE_PREFIXES = ("وبال", "فبال", "وكال", "ولل", "فلل", "وال", "فال", "بال", "كال", "لل", "ال")


def _suffix(stem: str, orig_last: str | None) -> tuple[str, str]:
    if stem in FUNCTION_WORDS or stem in FINAL_ROOT or len(stem) < 4:
        return stem, ""
    if not stem[-1] in "همنا":
        return stem, ""
    for suf in _SUFFIXES:
        if stem.endswith(suf) and len(stem) - len(suf) >= 3:
            if suf == "ه" and orig_last not in (None, "ه", "ـ"):
                return stem, ""  # a ta marbuta ة, not the pronoun
            if suf == "كم" and len(stem) - 2 < 4:
                return stem, ""
            if suf == "نا" and stem[-3] == "ا":
                return stem, ""  # an accusative -ًا after ن (مكانا، إنسانا), not "our"
            return stem[: -len(suf)], suf
    return stem, ""


_CACHE: dict[str, tuple[str, str, str]] = {}
_CACHE_MAX = 200_000


def segment_word(norm: str, orig: str | None = None) -> tuple[str, str, str]:
    """(prefix, stem, suffix) of a normalized word; ``orig`` (its original spelling) lets a
    final ة be told from the pronoun ه. Digits and Latin words pass through whole."""
    # without the original spelling a final ه may be a ة: never read it as a pronoun then
    ta_marbuta = (not orig) or orig.rstrip("\u064b\u064c\u064d\u064e\u064f\u0650\u0651\u0652\u0640")[-1:] in ("ة", "ۃ")
    # cache key: the word, marked when it ends in a ta marbuta (tokenize reads the cache directly)
    key = norm + "\x01" if ta_marbuta else norm
    hit = _CACHE.get(key)
    if hit is not None:
        return hit
    if not norm or norm[0] not in _ARABIC_LETTERS:
        res = ("", norm, "")
    else:
        prefix, rest = _proclitics(norm)
        if rest and rest[0] in _ARABIC_LETTERS:
            stem, suf = _suffix(rest, "ة" if ta_marbuta else "ه")
        else:
            stem, suf = rest, ""
        res = (prefix, stem, suf)
    if len(_CACHE) < _CACHE_MAX:
        _CACHE[key] = res
    return res
