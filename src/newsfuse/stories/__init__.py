"""Stories stage: marks copies (copy_of, origin) and groups articles into stories, online and stable.

`group(articles, settings)` processes articles in time order (published, then input order); each is
first checked for being a copy of an earlier article, then joins the most similar live story or
starts one. A `Grouper` carries that state across calls (and across runs via `stories.state`).
"""
from __future__ import annotations

import hashlib
from typing import Iterable, Optional

from ..config import StoriesSettings
from ..model import Article, Story
from .cluster import StoryIndex
from .dedup import CopyEntry, CopyIndex
from .features import dateline, extract, timestamp

__all__ = ["Grouper", "group", "story_id_for", "hint_story_id", "time_order"]


def story_id_for(article_id: str) -> str:
    """The id of a story started by this article: "s-" + the article id's hash part."""
    return "s-" + (article_id[2:] if article_id.startswith("a-") else article_id)


def hint_story_id(hint: str) -> str:
    """The id of a user-declared story: "s-" + 10 hex of sha1 of the declared value."""
    return "s-" + hashlib.sha1(("story:" + hint.strip()).encode("utf-8")).hexdigest()[:10]


def time_order(articles: list[Article]) -> list[int]:
    """Indexes of `articles` by publication time, then input order; undated articles keep input order after dated."""
    keyed = []
    for i, a in enumerate(articles):
        t = timestamp(a.published)
        keyed.append((t is None, t or 0.0, i))
    return [i for _, _, i in sorted(keyed)]


class Grouper:
    """Online copies + stories state; feed articles in time order with `add`."""

    def __init__(self, settings: StoriesSettings):
        self.settings = settings
        self.copies = CopyIndex(settings)
        self.index = StoryIndex(settings)

    def add(self, article: Article) -> str:
        """Set the article's copy_of/origin and return the id of the story it belongs to."""
        s = self.settings
        known = self.copies.entries.get(article.id)
        if known is not None:  # seen in an earlier run (same input, same text): same answer, counted once
            article.copy_of, article.origin = known.copy_of, known.origin
            return known.story
        t = timestamp(article.published)
        if t is not None:
            self.copies.evict(t - s.window_days)
        feats = extract(article.title, article.text, s.shingle_size, s.shingle_sample)
        family = self.copies.family_of(article.outlet)
        match = self.copies.find(feats.shingles, feats.exact, family)
        article.copy_of = match.copy_of
        article.origin = match.origin or article.id
        if article.story_hint:
            sid = hint_story_id(article.story_hint)
            self.index.observe(feats.terms, feats.names, t)  # declared stories still teach the stream its vocabulary
        else:
            date = t if t is not None else dateline(article.text)
            sid = self.index.assign(story_id_for(article.id), feats.terms, feats.names, t, forced=match.story, date=date)
        when = t if t is not None else self.index.clock
        self.copies.add(CopyEntry(article.id, when, article.copy_of, article.origin, sid, family, feats.exact, feats.shingles))
        return sid


def group(articles: Iterable[Article], settings: Optional[StoriesSettings] = None,
          grouper: Optional[Grouper] = None) -> list[Story]:
    """Stories of these articles (copy_of/origin set on each), in order of their first article.

    Deterministic: the same articles in the same input order give the same stories, ids and copies.
    Pass a `grouper` restored from earlier runs to continue their stories with unchanged ids.
    """
    articles = list(articles)
    grouper = grouper or Grouper(settings or StoriesSettings())
    members: dict[str, list[Article]] = {}
    for i in time_order(articles):
        sid = grouper.add(articles[i])
        members.setdefault(sid, []).append(articles[i])
    return [Story(id=sid, articles=arts) for sid, arts in members.items()]
