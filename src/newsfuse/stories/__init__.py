"""Stories stage: marks copies (copy_of, origin) and groups articles into stories, online and stable.

`group(articles, settings)` processes articles in time order (published, then article id); each is
first checked for being a copy of an earlier article, then joins the most similar live story or
starts one. A `Grouper` carries that state across calls (and across runs via `stories.state`).
"""
from __future__ import annotations

import hashlib
from collections import deque
from itertools import islice
from typing import Iterable, Iterator, NamedTuple, Optional

from ..config import StoriesSettings
from ..model import Article, Story
from ..progress import Progress
from .cluster import StoryIndex
from .crossling import language_key, lead_of
from .dedup import CopyEntry, CopyIndex
from .features import Features, dateline, extract, timestamp
from ..workers import map_ahead

PARALLEL_MIN = 2000  # below this many articles a worker process costs more than it saves
BATCH = 1024  # articles per hand-over to the feature worker: bounds memory on endless streams

__all__ = ["Grouper", "group", "story_id_for", "hint_story_id", "time_order"]


def story_id_for(article_id: str) -> str:
    """The id of a story started by this article: "s-" + the article id's hash part."""
    return "s-" + (article_id[2:] if article_id.startswith("a-") else article_id)


def hint_story_id(hint: str) -> str:
    """The id of a user-declared story: "s-" + 10 hex of sha1 of the declared value."""
    return "s-" + hashlib.sha1(("story:" + hint.strip()).encode("utf-8")).hexdigest()[:10]


def time_order(articles: list[Article]) -> list[int]:
    """Indexes of `articles` by publication time, undated after dated; ties by article id (a hash of the input's
    name and text), so the same set of inputs is grouped alike in whatever order it was given."""
    keyed = []
    for i, a in enumerate(articles):
        t = timestamp(a.published)
        keyed.append((t is None, t or 0.0, a.id, i))
    return [k[-1] for k in sorted(keyed)]


Prepared = tuple[Features, Optional[float], Optional[str], Optional[str]]


class _Loner(NamedTuple):
    """An article that started a story of its own: what a second look at it needs."""

    id: str
    story: str
    features: Features
    time: Optional[float]  # publication time, else the stream's clock when it came
    date: Optional[float]  # best known date (publication, else dateline)
    language: Optional[str]
    lead: Optional[str]
    vector: object  # lead vector when stories.embeddings is on, else None


def _prepare(job: tuple[Optional[str], str, bool, int, int, Optional[str], int]) -> Prepared:
    """Features, dateline, language key and lead of one article (the part of `Grouper.add` that needs no shared state)."""
    title, text, dated, k, sample, language, lead_chars = job
    lang = language_key(language, title, text)
    lead = lead_of(title, text) if lang else None
    return extract(title, text, k, sample, lead_chars), (None if dated else dateline(text)), lang, lead


class Grouper:
    """Online copies + stories state; feed articles in time order with `add`."""

    def __init__(self, settings: StoriesSettings):
        self.settings = settings
        self.copies = CopyIndex(settings)
        self.index = StoryIndex(settings)

    def add(self, article: Article, prepared: Optional[Prepared] = None,
            vector=None) -> str:
        """Set the article's copy_of/origin and return the id of the story it belongs to.

        `prepared` is `_prepare`'s result for this article when a worker computed it already; `vector`
        its lead vector (`lead_vectors`) when stories.embeddings is on and it was computed in a batch.
        This is the first look only: `add_all` also looks again at articles left alone in a story.
        """
        return self._decide(article, prepared, vector)[0]

    def _decide(self, article: Article, prepared: Optional[Prepared], vector) -> tuple[str, Optional[_Loner]]:
        """`add`, and when the article started a story of its own, what a second look at it needs."""
        s = self.settings
        known = self.copies.entries.get(article.id)
        if known is not None:  # seen in an earlier run (same input, same text): same answer, counted once
            article.copy_of, article.origin = known.copy_of, known.origin
            return known.story, None
        t = timestamp(article.published)
        if t is not None:
            self.copies.evict(t - s.window_days)
        if prepared is None:
            prepared = _prepare(self._job(article))
        feats, line_date, lang, lead = prepared
        family = self.copies.family_of(article.outlet)
        match = self.copies.find(feats.shingles, feats.exact, family)
        article.copy_of = match.copy_of
        article.origin = match.origin or article.id
        when = t if t is not None else self.index.clock  # an undated article's time: the stream's clock (unmoved by it)
        loner = None
        if article.story_hint:
            sid = hint_story_id(article.story_hint)
            self.index.observe(feats.terms, feats.names, t)  # declared stories still teach the stream its vocabulary
        else:
            date = t if t is not None else line_date
            if vector is None and s.embeddings:
                vector = lead_vectors([article])[0]
            sid_new = story_id_for(article.id)
            sid = self.index.assign(sid_new, feats.terms, feats.names, t, forced=match.story, date=date,
                                    language=lang, lead=lead, vector=vector, lead_names=feats.lead_names)
            if sid == sid_new:
                loner = _Loner(article.id, sid, feats, when, date, lang, lead, vector)
        self.copies.add(CopyEntry(article.id, when, article.copy_of, article.origin, sid, family, feats.exact, feats.shingles))
        return sid, loner

    def _look_again(self, loner: _Loner) -> str:
        """The story a loner belongs to after a second look (see `StoryIndex.reconsider`); its copy entry follows."""
        f = loner.features
        sid = self.index.reconsider(loner.story, f.terms, f.names, loner.time, loner.date, loner.language, loner.lead,
                                    loner.vector, f.lead_names)
        entry = self.copies.entries.get(loner.id)
        if sid != loner.story and entry is not None:
            self.copies.entries[loner.id] = entry._replace(story=sid)  # later copies of it join where it went
        return sid

    def _job(self, article: Article) -> tuple[Optional[str], str, bool, int, int, Optional[str], int]:
        dated = timestamp(article.published) is not None
        s = self.settings
        lead_chars = s.lead_chars if s.lead_name_weight > 0 else 0
        return article.title, article.text, dated, s.shingle_size, s.shingle_sample, article.language, lead_chars

    def add_all(self, articles: Iterable[Article], workers: int = 1) -> Iterator[tuple[Article, str]]:
        """`add` each article in the given order, yielding (article, story id) in that order.

        An article that started a story no later article joined gets a second look once
        `stories.second_look` more articles have arrived (or the input ends): the stories have grown and
        the word statistics matured since it came, and it joins the one it fits now, if any. Each
        article is yielded once its story is final, so the yield runs that many articles behind: the
        grouper has decided (and `stories.state` would save) up to that many articles more than were
        yielded, so read the generator to its end before saving a state.
        With workers > 1, text features are computed by worker processes a batch ahead of the
        (inherently sequential) copies and story decisions; results are identical to workers=1.
        """
        delay = self.settings.second_look
        waiting: deque[list] = deque()  # [position, article, story id, loner or None], not yet yielded
        for pos, (article, prepared, vector) in enumerate(self._prepared(articles, workers)):
            sid, loner = self._decide(article, prepared, vector)
            waiting.append([pos, article, sid, loner])
            while waiting and waiting[0][0] <= pos - delay:
                yield self._settle(waiting.popleft())
        while waiting:
            yield self._settle(waiting.popleft())

    def _settle(self, row: list) -> tuple[Article, str]:
        _, article, sid, loner = row
        if loner is not None and self.settings.second_look:
            return article, self._look_again(loner)
        entry = self.copies.entries.get(article.id)  # an article given twice follows where its first one went
        return article, entry.story if entry is not None else sid

    def _prepared(self, articles: Iterable[Article], workers: int) -> Iterator[tuple[Article, Optional[Prepared], object]]:
        """Each article with its features (computed here when None) and lead vector (None when off), in order."""
        if workers <= 1:
            it = iter(articles)
            while chunk := list(islice(it, BATCH)):
                vectors = self._vectors(chunk)
                for i, a in enumerate(chunk):
                    yield a, None, None if vectors is None else vectors[i]
            return
        chunks: deque[list[Article]] = deque()  # handed to the workers, not yet decided

        def jobs() -> Iterator[list]:
            it = iter(articles)
            while chunk := list(islice(it, BATCH)):
                chunks.append(chunk)
                yield [self._job(a) for a in chunk]

        for prepared_batch in map_ahead(_prepare, jobs(), workers - 1):
            chunk = chunks.popleft()
            vectors = self._vectors(chunk)
            for i, (a, prepared) in enumerate(zip(chunk, prepared_batch)):
                yield a, prepared, None if vectors is None else vectors[i]

    def _vectors(self, chunk: list[Article]):
        """Lead vectors of a batch of articles (one batched model call), or None when embeddings are off."""
        return lead_vectors(chunk) if self.settings.embeddings and chunk else None


def lead_vectors(articles: list[Article]):
    """MiniLM vectors of the articles' leads (title and first paragraphs), one row per article."""
    from ..embed import get_embedder

    return get_embedder().encode([lead_of(a.title, a.text) for a in articles])


def group(articles: Iterable[Article], settings: Optional[StoriesSettings] = None,
          grouper: Optional[Grouper] = None, workers: int = 1, progress: Optional[Progress] = None) -> list[Story]:
    """Stories of these articles (copy_of/origin set on each), in order of their first article.

    Deterministic: the same articles in any input order give the same stories, ids and copies.
    Pass a `grouper` restored from earlier runs to continue their stories with unchanged ids;
    `workers` > 1 computes text features in that many - 1 extra processes (large piles only);
    `progress` shows a bar counting the articles as their stories are settled.
    """
    articles = list(articles)
    grouper = grouper or Grouper(settings or StoriesSettings())
    members: dict[str, list[Article]] = {}
    ordered = [articles[i] for i in time_order(articles)]
    workers = workers if len(ordered) >= PARALLEL_MIN else 1
    decided = grouper.add_all(ordered, workers)
    if progress is not None:
        decided = progress.iter(decided, "stories", total=len(ordered), unit="article")
    for article, sid in decided:
        members.setdefault(sid, []).append(article)
    return [Story(id=sid, articles=arts) for sid, arts in members.items()]
