"""RSS and Atom feeds: each entry becomes one article (its HTML content, else its summary)."""
from __future__ import annotations

import time

import feedparser

from ..errors import InputProblem
from ..model import RawDocument


def _iso(parsed: time.struct_time | None) -> str | None:
    """An ISO date-time (UTC) from feedparser's parsed struct, None when absent."""
    if not parsed:
        return None
    return time.strftime("%Y-%m-%dT%H:%M:%S+00:00", parsed)


def _body(entry) -> str:
    """The richest HTML the entry carries: full content first, then the summary."""
    contents = entry.get("content") or []
    best = max((c.get("value", "") for c in contents), key=len, default="")
    return best if len(best) >= len(entry.get("summary", "") or "") else entry.get("summary", "")


def read_feed(data: bytes, name: str) -> list[RawDocument]:
    """One RawDocument per entry with text; InputProblem when this is no feed or has no entries."""
    parsed = feedparser.parse(data)
    if not parsed.entries:
        if parsed.get("bozo") and not parsed.get("feed"):
            raise InputProblem(name, "not a readable RSS or Atom feed")
        raise InputProblem(name, "the feed has no entries")
    outlet = parsed.feed.get("title") or None
    docs = []
    for i, entry in enumerate(parsed.entries, start=1):
        body = _body(entry)
        if not body.strip():
            continue
        docs.append(
            RawDocument(
                input=f"{name}#{i}",
                kind="html",
                text=body,
                title=entry.get("title") or None,
                url=entry.get("link") or None,
                author=entry.get("author") or None,
                published=_iso(entry.get("published_parsed") or entry.get("updated_parsed")),
                outlet=outlet,
            )
        )
    if not docs:
        raise InputProblem(name, "no feed entry has any text")
    return docs
