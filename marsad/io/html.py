"""Main text, title and publication date out of a news page.

trafilatura finds the article body and drops menus, share bars and related links.
When it finds nothing (a page that is all text, a fragment), a plain HTML-to-text
conversion (standard library) takes over so that no page is lost for want of a
layout trafilatura recognises. The publication date is taken raw from the page's
own metadata first (``article:published_time`` and its kin keep the time of day,
which trafilatura's date drops); the date stage resolves whatever string it is.
"""
from __future__ import annotations

import html as _html
import re
from dataclasses import dataclass
from html.parser import HTMLParser
from typing import Optional

# <meta> properties/names that carry a publication date, most specific first
_DATE_META = (
    "article:published_time", "og:article:published_time", "datepublished", "date", "pubdate",
    "publishdate", "publish-date", "publication_date", "sailthru.date", "dc.date.issued", "dc.date",
    "dcterms.created", "parsely-pub-date", "article.published", "original-publish-date",
)
_BLOCK = {"p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "article", "section",
          "blockquote", "header", "footer", "table", "ul", "ol", "pre", "figcaption", "title"}
_SKIP = {"script", "style", "noscript", "template", "svg", "head", "nav", "iframe", "form", "button"}
_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-:.]+)""", re.I)


@dataclass
class Page:
    text: str
    title: Optional[str] = None
    published: Optional[str] = None
    url: Optional[str] = None
    outlet: Optional[str] = None
    extractor: str = "trafilatura"  # or "plain"


def declared_charset(data: bytes) -> Optional[str]:
    """The charset a page declares in its first bytes (<meta charset> or http-equiv)."""
    m = _CHARSET.search(data[:4096])
    return m.group(1).decode("ascii", "replace").lower() if m else None


class _Meta(HTMLParser):
    """Collects <title>, <meta> and <link rel=canonical> from a page's head."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.meta: dict[str, str] = {}
        self.title: list[str] = []
        self.canonical: Optional[str] = None
        self._in_title = False
        self.times: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = {k.lower(): (v or "") for k, v in attrs}
        if tag == "meta":
            key = (a.get("property") or a.get("name") or a.get("itemprop") or "").strip().lower()
            if key and "content" in a and key not in self.meta:
                self.meta[key] = a["content"].strip()
        elif tag == "title":
            self._in_title = True
        elif tag == "link" and a.get("rel", "").lower() == "canonical":
            self.canonical = a.get("href")
        elif tag == "time" and a.get("datetime"):
            self.times.append(a["datetime"].strip())

    def handle_endtag(self, tag):
        if tag == "title":
            self._in_title = False

    def handle_data(self, data):
        if self._in_title:
            self.title.append(data)


class _PlainText(HTMLParser):
    """Visible text with a line break at every block element."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in _SKIP:
            self._skip += 1
        elif tag in _BLOCK:
            self.parts.append("\n")

    def handle_startendtag(self, tag, attrs):
        if tag in _BLOCK:
            self.parts.append("\n")

    def handle_endtag(self, tag):
        if tag in _SKIP:
            self._skip = max(0, self._skip - 1)
        elif tag in _BLOCK:
            self.parts.append("\n")

    def handle_data(self, data):
        if not self._skip:
            self.parts.append(data)


def plain_text(page: str) -> str:
    """HTML to text without any library: visible text, one block a line."""
    p = _PlainText()
    p.feed(page)
    p.close()
    lines = (re.sub(r"[ \t\u00a0]+", " ", line).strip() for line in "".join(p.parts).splitlines())
    return "\n".join(line for line in lines if line)


def page_metadata(page: str) -> _Meta:
    m = _Meta()
    try:
        m.feed(page[:200_000])  # the head is at the start; a huge body is not needed
        m.close()
    except Exception:  # HTMLParser is lenient; a pathological page only loses metadata
        pass
    return m


def extract_page(page: str) -> Page:
    """The article in an HTML page: trafilatura first, plain text when it finds none."""
    meta = page_metadata(page)
    published = next((meta.meta[k] for k in _DATE_META if meta.meta.get(k)), None) or (
        meta.times[0] if meta.times else None)
    title = _clean(meta.meta.get("og:title") or "") or None
    head_title = _clean("".join(meta.title)) or None
    url = meta.canonical or meta.meta.get("og:url") or None
    outlet = meta.meta.get("og:site_name") or None
    text = ""
    extractor = "trafilatura"
    try:
        import trafilatura

        res = trafilatura.bare_extraction(page, with_metadata=True, include_comments=False,
                                          include_tables=False)
    except Exception:  # a page trafilatura chokes on still gets the plain conversion
        res = None
    if res is not None:
        get = res.get if isinstance(res, dict) else (lambda k, _r=res: getattr(_r, k, None))
        text = (get("text") or "").strip()
        title = title or _clean(get("title") or "") or None
        published = published or get("date") or None
        url = url or get("url") or None
        outlet = outlet or get("sitename") or None
    title = title or head_title
    if not text:
        text, extractor = plain_text(page), "plain"
    return Page(text=text, title=title, published=published, url=url, outlet=outlet, extractor=extractor)


def _clean(s: str) -> str:
    return re.sub(r"\s+", " ", _html.unescape(s or "")).strip()
