"""RSS and Atom feeds: each entry becomes one article (its HTML content, else its summary).

Links are not fetched: an entry without text of its own is named with the reason, as is a date that cannot be read.
"""
from __future__ import annotations

import html
import re
import time

import feedparser

from ..errors import InputProblem
from ..model import RawDocument
from .manifest import normalize_published

TAG = re.compile(r"<[^>]*>")
FULL_PAGE = re.compile(r"<(?:html|body)\b", re.I)
NOT_FETCHED = "links are not fetched: give the page's URL as an input to read it"


def _iso(parsed: time.struct_time | None) -> str | None:
    """An ISO date-time (UTC) from feedparser's parsed struct, None when absent."""
    if not parsed:
        return None
    return time.strftime("%Y-%m-%dT%H:%M:%S+00:00", parsed)


def _body(entry) -> str:
    """The richest HTML the entry carries: full content first, then the summary (plain text escaped as HTML)."""
    parts = list(entry.get("content") or []) + [entry.get("summary_detail") or {"value": entry.get("summary") or ""}]
    best = max(parts, key=lambda c: len(c.get("value") or ""))  # the first of equal length: content before summary
    value = best.get("value") or ""
    return html.escape(value) if best.get("type") == "text/plain" else value


def _page(body: str) -> str:
    """The entry's HTML as a page: a bare fragment (a paragraph or two) is no page to the extractor, which found
    "no article text" in it; marked as the article, it is read whole."""
    if FULL_PAGE.search(body):
        return body
    return f"<!DOCTYPE html><html><body><article>{body}</article></body></html>"


def _has_text(body: str) -> bool:
    """True when the HTML shows any words (markup alone, such as an image, is no text)."""
    return bool(html.unescape(TAG.sub(" ", body or "")).strip())


def _date(entry) -> tuple[str | None, str | None]:
    """(ISO date of the entry or None, the date as written when the entry gives one that cannot be read)."""
    unreadable = None
    for key in ("published", "updated"):  # dict.get: feedparser's own get answers 'updated' with 'published', warning
        parsed = _iso(dict.get(entry, f"{key}_parsed"))
        if parsed:
            return parsed, None
        written = (dict.get(entry, key) or "").strip()
        if written:
            try:  # feedparser reads RFC 822 and W3C dates; "June 20, 2024" and the like are read here
                return normalize_published(written), None
            except ValueError:
                unreadable = unreadable or written
    return None, unreadable


def _item(name: str, i: int, entry) -> str:
    """The entry as a user finds it in the feed: its position, title and link."""
    title = (entry.get("title") or "").strip()
    shown = ([f'"{title}"'] if title else []) + ([entry["link"]] if entry.get("link") else [])
    return f"{name}#{i} ({', '.join(shown)})" if shown else f"{name}#{i}"


def _no_text(entry) -> str:
    """Why an entry without text gave no article."""
    title = bool((entry.get("title") or "").strip())
    if entry.get("link"):
        return f"the item has no text, only {'a title and ' if title else 'a '}link ({NOT_FETCHED})"
    return "the item has no text, only a title" if title else "the item is empty (no title, link or text)"


def read_feed(data: bytes, name: str) -> tuple[list[RawDocument], list[tuple]]:
    """One RawDocument per entry with text, and (item, reason) for each entry without text or with an unreadable
    date (that entry is still used, undated); InputProblem when this is no feed or no entry has text."""
    parsed = feedparser.parse(data)
    if not parsed.entries:
        if parsed.get("bozo") and not parsed.get("feed"):
            raise InputProblem(name, "not a readable RSS or Atom feed")
        raise InputProblem(name, "the feed has no entries")
    outlet = parsed.feed.get("title") or None
    docs: list[RawDocument] = []
    problems: list[tuple] = []  # (where, error[, skipped: False when the rest was still used])
    for i, entry in enumerate(parsed.entries, start=1):
        body = _body(entry)
        if not _has_text(body):
            problems.append((_item(name, i, entry), _no_text(entry)))
            continue
        published, unreadable = _date(entry)
        if unreadable:
            problems.append((_item(name, i, entry), f"the item's date {unreadable!r} could not be read; "
                                                    "the item is used without its own date (--published gives it one)", False))
        docs.append(
            RawDocument(
                input=f"{name}#{i}",
                kind="html",
                text=_page(body),
                title=entry.get("title") or None,
                url=entry.get("link") or None,
                author=entry.get("author") or None,
                published=published,
                outlet=outlet,
            )
        )
    if not docs:
        linked = sum(bool(e.get("link")) for e in parsed.entries)
        n = len(parsed.entries)
        if linked:
            which = f"its {n} items are" if linked == n else f"{linked} of its {n} items are"
            raise InputProblem(name, f"no feed item has any text: {which} titles and links only, and links are not "
                                     "fetched (give the pages' URLs as inputs to read them)")
        raise InputProblem(name, f"no feed item has any text ({n} items without text or link)")
    return docs, problems
