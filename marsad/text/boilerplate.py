"""Boilerplate flags for the lines of an article (``Sentence.boilerplate``).

A line is flagged as a whole (a line break always ends a sentence, so every sentence
of the line gets the flag):

``"dateline"``
    the publication dateline among the first lines (``الأربعاء 20 فبراير 2019 / 13:44``;
    see marsad.text.dates.find_dateline).
``"caption"``
    a photo caption: a line of at most 200 characters ending in a parenthesised credit
    such as ``(أرشيف)``, ``(صورة أرشيفية)``, ``(رويترز)``, ``(أ ف ب)``, ``(AFP)``, or
    starting with ``صورة:`` / ``الصورة:`` / ``مصدر الصورة``; and, when ``doc.title`` is
    given, a first line that looks like a headline (see below) but is not the title.
``"duplicate"``
    a line repeated verbatim (after normalization) further up: the later copies. The
    first copy keeps its own flag (a repeated caption stays ``"caption"``).
``"title"``
    the headline. When ``doc.title`` is given, a line among the first five equal to it
    after normalization (or one containing the other, at 80% of its length). Without a
    title, conservatively: the first line that is not a caption, a dateline or a
    duplicate, among the first four lines, 2 to 15 words, not ending in . ، : ؛,
    standing alone (a blank line after it, or a next line at least twice as long) and
    followed by at least two more lines. ``doc.title`` is then set from it.
``"boilerplate"``
    share and related-links tails: lines starting with اقرأ أيضا، شاهد أيضا، مواضيع/أخبار
    ذات صلة، للمزيد، الرابط المختصر، كلمات مفتاحية، وسوم...; short lines starting with
    شارك، تابعونا، تابعوا، اشترك، المزيد; copyright lines (©، جميع الحقوق محفوظة);
    app promotions (يمكنكم استلام إشعارات... تحميل تطبيق...); credit lines made only of
    agency names (فرانس24/ أ ف ب); "رابط الخبر" lines; lines holding only links,
    hashtags, handles or a separator; and the short lines that follow a related-links
    header.
"""
from __future__ import annotations

import re
from bisect import bisect_left
from typing import Optional

from ..doc import Document
from .dates import find_dateline
from .normalize import normalize_for_matching

_CAPTION_CREDIT = re.compile(
    r"\((?:[^()\n]{0,25}(?:ارشيف|صوره|رويترز|ا\s*ف\s*ب|ا\.ف\.ب|فرانس\s*برس|اسوشي?تد|الاناضول|تويتر|فيسبوك|"
    r"مواقع\s+التواصل|تعبيريه|خاص|getty|afp|reuters|ap|epa|anadolu|photo|file|archive)[^()\n]{0,25})\)\s*[.]?$")
_CAPTION_START = re.compile(r"^(?:صوره|الصوره|مصدر\s+الصوره|الصوره\s+من|photo|image)\s*[:：\-–]")
_RELATED_HEADER = re.compile(
    r"^(?:اقرا[\s.:،]+(?:ايضا|المزيد|كذلك)|شاهد[\s.:،]+(?:ايضا|كذلك)|(?:مواضيع|اخبار|مقالات|قصص)\s+ذات\s+صله|ذات\s+صله|"
    r"(?:مواضيع|اخبار)\s+(?:متعلقه|مشابهه)|المزيد\s+من\s+الاخبار|ترشيحاتنا|read\s+more|related)" + r"(?![^\W\d_])")
_STRONG_START = re.compile(
    r"^(?:للمزيد|لمزيد\s+من\s+(?:الاخبار|التفاصيل)|الرابط\s+المختصر|رابط\s+الخبر|رابط\s+مختصر|(?:ال)?كلمات\s+(?:ال)?مفتاحيه|(?:ال)?وسوم|"
    r"حمل\s+تطبيق|اضغط\s+هنا|انقر\s+هنا|جميع\s+الحقوق|حقوق\s+النشر|advertisement|اعلان)(?![^\W\d_])")
_PROMO = re.compile(r"^يمكنكم\s+(?:استلام|تسلم|متابعه)|(?:تحميل|حمل|نزل|حملوا|نزلوا)\s+(?:\S+\s+){0,4}تطبيق\s+(?![^\W\d_]*(?:القانون|الاتفاق|الشريعه))")
# a credit line: agencies and outlets only ("فرانس24/ أ ف ب", "رويترز", "المصدر: وكالات")
_CREDIT_LINE = re.compile(
    r"^(?:(?:المصدر|المصادر|مصدر)\s*[:：]\s*)?(?:(?:فرانس\s*24|france\s*24|ا\s*ف\s*ب|ا\.ف\.ب|افب|رويترز|وكالات|الوكالات|"
    r"وكالات\s+الانباء|د\s*ب\s*ا|cnn|bbc|afp|reuters|ap|dpa|الاناضول|سبوتنيك|واس|قنا|وام|كونا|سانا|بترا|الالمانيه|"
    r"الفرنسيه|اسوشيتد\s+برس|اسوشيتدبرس)\s*[/|\-–,،:+]*\s*)+$")
_SHORT_START = re.compile(r"^(?:شارك(?:وا)?|تابع(?:ونا|وا|نا)|اشترك(?:وا)?|المزيد|share|tweet|follow)(?![^\W\d_])")
_COPYRIGHT = re.compile(r"©|\(c\)\s*\d{4}|copyright|all\s+rights\s+reserved|جميع\s+الحقوق\s+محفوظه|حقوق\s+النشر\s+محفوظه")
_LINKS_ONLY = re.compile(r"^(?:\s|[|•·\-–،,]|https?://\S+|www\.\S+|#\S+|@\S+|\S+\.(?:com|net|org)\S*)+$")
_NO_TITLE_END = (".", "،", ",", ":", "؛", ";")

TITLE_SCAN_LINES = 5
HEADLINE_SCAN_LINES = 4


def lines_of(text: str) -> list[tuple[int, int]]:
    """(start, end) of every non-empty line, stripped of surrounding spaces."""
    out = []
    pos = 0
    n = len(text)
    while pos <= n:
        nl = text.find("\n", pos)
        end = n if nl < 0 else nl
        a, b = pos, end
        while a < b and text[a].isspace():
            a += 1
        while b > a and text[b - 1].isspace():
            b -= 1
        if b > a:
            out.append((a, b))
        if nl < 0:
            break
        pos = nl + 1
    return out


def _line_norms(doc: Document, lines) -> list[str]:
    """The normalized form of each line, sliced from doc.norm (spaces collapsed)."""
    index, norm = doc.norm_to_orig, doc.norm
    if not index or len(norm) != len(index):
        return [normalize_for_matching(doc.text[a:b]) for a, b in lines]
    out = []
    for a, b in lines:
        na = bisect_left(index, a)
        nb = bisect_left(index, b)
        out.append(" ".join(norm[na:nb].split()))
    return out


def _key(s: str) -> str:
    return re.sub(r"[^\w\s]", "", normalize_for_matching(s)).strip()


def classify_lines(doc: Document) -> tuple[list[tuple[int, int]], list[Optional[str]]]:
    """The non-empty lines of doc.text and a flag (or None) for each."""
    text = doc.text
    lines = lines_of(text)
    flags: list[Optional[str]] = [None] * len(lines)
    norms = _line_norms(doc, lines)

    # dateline
    dl = doc.meta.get("dateline")
    if dl is None:
        dl = find_dateline(text)
        doc.meta["dateline"] = dl or False
    if dl:
        for i, (a, b) in enumerate(lines):
            if a <= dl[0] < b or dl[0] <= a < dl[1]:
                flags[i] = "dateline"
                break

    # captions
    for i, (a, b) in enumerate(lines):
        if flags[i] is None and b - a <= 200:
            nl = norms[i]
            if (nl.endswith((")", ").")) and _CAPTION_CREDIT.search(nl)) or _CAPTION_START.match(nl):
                flags[i] = "caption"

    # duplicates: later copies of a line seen before (verbatim after normalization)
    seen: dict[str, int] = {}
    for i, k in enumerate(norms):
        if len(k) < 8:
            continue
        if k in seen:
            flags[i] = "duplicate"
        else:
            seen[k] = i

    # title
    title_i = _find_title(doc, lines, norms, flags)
    if doc.title and title_i is None:
        i = _headline_like(doc, lines, norms, flags)
        if i is not None and i == 0:
            # the first line is short and unpunctuated but is not the title: a photo caption
            flags[i] = "caption"
    if title_i is not None:
        flags[title_i] = "title"
        if doc.title is None:
            a, b = lines[title_i]
            doc.title = text[a:b]
            doc.meta["title_source"] = "text"

    # share / related-links / copyright tails
    in_related = False
    for i, nline in enumerate(norms):
        if flags[i] is not None:
            continue
        short = len(nline) <= 200
        if _RELATED_HEADER.match(nline) or _STRONG_START.match(nline) \
                or (short and (_COPYRIGHT.search(nline) or _LINKS_ONLY.match(nline) or _PROMO.search(nline)
                               or _CREDIT_LINE.match(nline))) \
                or (short and _SHORT_START.match(nline) and len(nline.split()) <= 8):
            flags[i] = "boilerplate"
            if _RELATED_HEADER.match(nline):
                in_related = True
            continue
        if in_related:
            a, b = lines[i]
            if b - a <= 150 and not nline.endswith("."):
                flags[i] = "boilerplate"
                continue
            in_related = False
    return lines, flags


def _find_title(doc: Document, lines, norms, flags) -> Optional[int]:
    if doc.title:
        t = _key(doc.title)
        if not t:
            return None
        for i in range(min(TITLE_SCAN_LINES, len(lines))):
            k = _key(norms[i])
            if not k:
                continue
            if k == t:
                return i
            short, long_ = (k, t) if len(k) <= len(t) else (t, k)
            if short in long_ and len(short) >= 0.8 * len(long_):
                return i
        return None
    return _headline_like(doc, lines, norms, flags)


def _headline_like(doc: Document, lines, norms, flags) -> Optional[int]:
    """The first unflagged line among the first four when it looks like a headline:
    2-15 words, no final . ، : ؛, standing alone, with at least two lines after it."""
    text = doc.text
    candidates = [i for i in range(min(HEADLINE_SCAN_LINES, len(lines))) if flags[i] is None]
    if not candidates:
        return None
    i = candidates[0]
    a, b = lines[i]
    line = text[a:b]
    words = norms[i].split()
    if not 2 <= len(words) <= 15 or line.endswith(_NO_TITLE_END) or line.endswith("..."):
        return None
    rest = [j for j in range(i + 1, len(lines)) if flags[j] is None]
    if len(rest) < 2:
        return None
    # standing alone: a blank line after it, or a next line at least twice as long
    after = text[b:lines[i + 1][0]] if i + 1 < len(lines) else ""
    na, nb = lines[rest[0]]
    if after.count("\n") < 2 and (nb - na) < 2 * (b - a):
        return None
    return i


def flag_boilerplate(doc: Document) -> None:
    """Set Sentence.boilerplate from the line flags (and doc.title from a headline)."""
    lines, flags = classify_lines(doc)
    if not any(flags):
        return
    li = 0
    n = len(lines)
    for s in doc.sentences:
        while li < n and lines[li][1] <= s.start:
            li += 1
        if li < n and lines[li][0] <= s.start < lines[li][1]:
            s.boilerplate = flags[li]
