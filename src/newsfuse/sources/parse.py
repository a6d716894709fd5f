"""What a source's document lists: RSS/Atom entries, sitemap (and Google News sitemap) URLs, sitemap index
children, OPML subscriptions. Each parser says plainly when the document is not what it should be."""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Optional

import feedparser
from lxml import etree

from ..ingest.feeds import _body, _date, _has_text
from ..ingest.manifest import normalize_published

XML_START = re.compile(rb"^\s*(?:\xef\xbb\xbf)?\s*(?:<\?xml[^>]*\?>\s*)?(?:<!--.*?-->\s*)*<([A-Za-z_][\w:.-]*)", re.S)
HTML_START = re.compile(rb"^\s*(?:\xef\xbb\xbf)?\s*(?:<!doctype\s+html|<html\b)", re.I)
MAX_CHILDREN = 200  # sitemaps listed by one index that are read


class NotAList(ValueError):
    """The document is no feed, sitemap or OPML file; the message says what it is."""


@dataclass
class Entry:
    """One link a source lists, with what the listing says of it."""

    link: str
    title: Optional[str] = None
    published: Optional[str] = None  # ISO
    body: Optional[str] = None  # the listing's own HTML of it, when it has text


@dataclass
class Listing:
    kind: str  # feed | sitemap | index
    title: Optional[str]
    entries: list[Entry]
    children: list[str]  # sitemap index: the sitemaps it lists


def _root_tag(data: bytes) -> Optional[str]:
    m = XML_START.match(data[:4096])
    return m.group(1).decode("ascii", "replace").split(":")[-1].lower() if m else None


def _xml(data: bytes, what: str):
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, recover=False)
    try:
        return etree.fromstring(data, parser)
    except etree.XMLSyntaxError as e:
        raise NotAList(f"malformed {what} XML: {e}") from None


def _local(tag) -> str:
    return tag.rsplit("}", 1)[-1].lower() if isinstance(tag, str) else ""


def _child_text(el, name: str) -> Optional[str]:
    for c in el.iter():
        if _local(c.tag) == name and c.text and c.text.strip():
            return c.text.strip()
    return None


def _iso(value: Optional[str]) -> Optional[str]:
    if not value:
        return None
    try:
        return normalize_published(value)
    except ValueError:
        return None


def parse_sitemap(data: bytes) -> Listing:
    """A urlset's URLs (with news:title and news:publication_date or lastmod) or a sitemapindex's children."""
    root = _xml(data, "sitemap")
    kind = _local(root.tag)
    if kind == "sitemapindex":
        kids = [loc for sm in root if _local(sm.tag) == "sitemap" and (loc := _child_text(sm, "loc"))]
        return Listing("index", None, [], kids[:MAX_CHILDREN])
    entries = []
    for url in root:
        if _local(url.tag) != "url" or not (loc := _child_text(url, "loc")):
            continue
        news_date = _child_text(url, "publication_date")
        entries.append(Entry(link=loc, title=_child_text(url, "title"), published=_iso(news_date or _child_text(url, "lastmod"))))
    return Listing("sitemap", None, entries, [])


def parse_feed(data: bytes) -> Listing:
    """An RSS or Atom feed's entries: link, title, date, and its own text when it has any."""
    parsed = feedparser.parse(data)
    if not parsed.entries and parsed.get("bozo") and not parsed.get("feed"):
        raise NotAList(f"not a readable RSS or Atom feed ({parsed.get('bozo_exception') or 'unknown format'})")
    entries = []
    for e in parsed.entries:
        body = _body(e)
        link = e.get("link") or None
        if not link and not _has_text(body):
            continue
        published, _ = _date(e)
        entries.append(Entry(link=link or f"urn:entry:{e.get('id') or e.get('title')}", title=e.get("title") or None,
                             published=published, body=body if _has_text(body) else None))
    return Listing("feed", parsed.feed.get("title") or None, entries, [])


def parse_listing(data: bytes, content_type: str = "") -> Listing:
    """The listing in a fetched document, by its root element; NotAList for HTML, malformed XML or anything else."""
    tag = _root_tag(data)
    if tag in ("urlset", "sitemapindex"):
        return parse_sitemap(data)
    if tag in ("rss", "feed", "rdf"):
        listing = parse_feed(data)
        if not listing.entries:
            _xml(data, "feed")  # a feed with no entries: say so, unless its XML is broken
        return listing
    if HTML_START.match(data[:2048]) or tag == "html":
        raise NotAList("the address serves an HTML page, not a feed or sitemap")
    if tag is None:
        raise NotAList(f"not XML (content type {content_type or 'unknown'})")
    raise NotAList(f"an XML document of type <{tag}>, not an RSS/Atom feed or a sitemap")


def parse_opml(data: bytes, name: str) -> list[tuple[str, Optional[str]]]:
    """(feed URL, outlet) of each subscription in an OPML file; NotAList naming the file when it is not OPML."""
    if _root_tag(data) != "opml":
        raise NotAList(f"{name} is not an OPML file (its root element is not <opml>)")
    try:
        root = _xml(data, "OPML")
    except NotAList as e:
        raise NotAList(f"{name}: {e}") from None
    out = []
    for el in root.iter():
        if _local(el.tag) == "outline" and el.get("xmlUrl"):
            out.append((el.get("xmlUrl").strip(), (el.get("title") or el.get("text") or "").strip() or None))
    if not out:
        raise NotAList(f"{name} is OPML but lists no feeds (no <outline xmlUrl=...>)")
    return out
