"""Web pages: the article's paragraphs and metadata.

Two extractors (clean.html_extractor): the lexbor-based fast path (fasthtml + meta, the default) that hands
the pages it is unsure of to trafilatura, and trafilatura for every page. On AEB the fast path scores F1 0.971
at about 4x the pages/s of trafilatura's 0.972; bench/extraction_html.py measures both.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import get_args

import trafilatura
from htmldate import find_date
from trafilatura.settings import use_config

from ..config import CleanSettings
from ..errors import InputProblem
from . import fasthtml
from .meta import json_ld, outlet_from_url, page_meta  # noqa: F401 (outlet_from_url: clean's import point)

# Huge pages are mostly inline data; dropping scripts, styles, SVG and data: URIs first keeps parsing fast
HEAVY_STR = re.compile(r"<(script|style|svg|noscript|template)\b[^>]*>.*?</\1\s*>|data:[a-z/+.-]+;base64,[A-Za-z0-9+/=]+", re.I | re.S)
LIGHTEN_ABOVE = 2_000_000  # characters
PARSE_CAP = 8_000_000  # characters parsed at most; the article starts long before this
CANONICAL = re.compile(r"""<link[^>]+rel=["']?canonical["']?[^>]*>""", re.I)
HREF = re.compile(r"""href=["']([^"']+)["']""", re.I)
# trafilatura's precise pass sometimes keeps only a fragment; a short result is checked against its recall
# pass and replaced when that finds twice as much (tuned on the AEB benchmark, bench/extraction_html.py)
RECHECK_BELOW = 1000  # characters
RECALL_RATIO = 2.0
TAGS = re.compile(r"<[^>]+>")

_CONFIG = use_config()
_CONFIG.set("DEFAULT", "EXTRACTION_TIMEOUT", "0")  # signal-based timeouts break in worker threads


@dataclass
class Page:
    """What a page yields: body paragraphs in order and the metadata the page states."""

    paragraphs: list[str] = field(default_factory=list)
    title: str | None = None
    author: str | None = None
    published: str | None = None
    sitename: str | None = None
    url: str | None = None
    language: str | None = None
    truncated: bool = False
    extracted: bool = True  # False: trafilatura found nothing and the lines are the page's raw text blocks


def _lighten(html: str, name: str, max_chars: int) -> tuple[str, bool]:
    """The page without heavy inline data, cut to a parseable size; InputProblem above the hard limit."""
    if len(html) > max_chars:
        raise InputProblem(name, f"the page is {len(html) / 1e6:.0f} MB, more than the {max_chars / 1e6:.0f} MB limit (clean.max_html_bytes)")
    if len(html) > LIGHTEN_ABOVE:
        html = HEAVY_STR.sub(" ", html)
    if len(html) > PARSE_CAP:
        return html[:PARSE_CAP], True
    return html, False


def has_markup(text: str) -> bool:
    """True when the text holds HTML tags (a page), False for plain text saved under an .html name."""
    return bool(TAGS.search(text[:100_000]))


def canonical_url(html: str) -> str | None:
    """The page's <link rel=canonical> address, when it names an absolute http(s) URL."""
    m = CANONICAL.search(html[:200_000])
    if m:
        href = HREF.search(m.group(0))
        if href and href.group(1).startswith(("http://", "https://")):
            return href.group(1)
    return None



def _run(html: str, url: str | None, **options):
    return trafilatura.bare_extraction(
        html, url=url, with_metadata=True, include_comments=False, include_tables=True, config=_CONFIG, **options
    )


EXTRACTORS = get_args(CleanSettings.model_fields["html_extractor"].annotation)  # the values the setting accepts
FAST_MIN_CHARS = 200  # the fast path's article shorter than this (or no container found): trafilatura decides


def extract_page(html: str, name: str, url: str | None = None, max_chars: int = 50_000_000, extractor: str = "fast") -> Page:
    """The article of a page; InputProblem when the page holds no article text."""
    if extractor not in EXTRACTORS:
        raise ValueError(f"unknown HTML extractor {extractor!r} (clean.html_extractor: one of {', '.join(EXTRACTORS)})")
    html, truncated = _lighten(html, name, max_chars)
    if extractor == "fast":
        page = _fast_page(html, url)
        if page is not None:
            page.truncated = truncated
            return page
    return _trafilatura_page(html, name, url, truncated)


def _fast_page(html: str, url: str | None) -> Page | None:
    """The lexbor fast path's article and metadata; None when it is unsure (trafilatura then decides)."""
    try:
        tree = fasthtml.parse(html)
        meta = page_meta(tree, json_ld(tree, html), url)  # before article_text strips scripts (JSON-LD) and furniture
        text, found = fasthtml.article_text(tree)
    except (ValueError, TypeError, RuntimeError, RecursionError):  # lexbor on hostile markup: let trafilatura try
        return None
    paragraphs = [p.strip() for p in text.split("\n") if p.strip()]
    if not found or sum(len(p) for p in paragraphs) < FAST_MIN_CHARS:
        return None
    published = meta.published or _undeclared_date(html)
    return Page(paragraphs=paragraphs, title=meta.title, author=meta.author, published=published, sitename=meta.sitename,
                url=url or meta.url, language=meta.language)


def _undeclared_date(html: str) -> str | None:
    """htmldate's date for a page whose markup states none the fast path reads: quick search, then the full-text scan."""
    try:
        return (find_date(html, extensive_search=False, original_date=True, outputformat="%Y-%m-%d")
                or find_date(html, extensive_search=True, original_date=True, outputformat="%Y-%m-%d"))
    except (ValueError, TypeError, AttributeError, RecursionError):  # lxml on hostile markup: no date, not a failure
        return None


def _trafilatura_page(html: str, name: str, url: str | None, truncated: bool) -> Page:
    """trafilatura's article (precision first, recall when that finds little) and metadata."""
    try:
        doc = _run(html, url, favor_precision=True)
        found = len((doc.text or "") if doc is not None else "")
        if found < RECHECK_BELOW:
            recall = _run(html, url, favor_recall=True, fast=True)
            if recall is not None and len(recall.text or "") >= RECALL_RATIO * max(found, 1):
                doc = recall
    except (ValueError, TypeError, AttributeError, RecursionError) as e:  # lxml and trafilatura on broken markup
        raise InputProblem(name, f"the page could not be parsed as HTML ({type(e).__name__})") from None
    text = (doc.text or "") if doc is not None else ""
    extracted = len(text.strip()) >= 20
    if not extracted:
        _, text, _ = trafilatura.baseline(html)  # the page's text blocks; the text cleaner picks the body
    paragraphs = [p.strip() for p in (text or "").split("\n") if p.strip()]
    if not paragraphs:
        raise InputProblem(name, "no article text found on the page")
    page = Page(paragraphs=paragraphs, truncated=truncated, extracted=extracted)
    if doc is not None:
        page.title = doc.title or None
        page.author = doc.author or None
        page.published = doc.date or None
        page.sitename = doc.sitename or None
        page.url = url or canonical_url(html) or doc.url or None
        page.language = doc.language or None
    else:
        page.url = url or canonical_url(html)
    return page
