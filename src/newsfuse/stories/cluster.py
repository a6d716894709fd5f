"""Online story clustering: each article, in time order, joins the most similar live story or starts one.

Similarity is the cosine between the article's TF-IDF vector and the story's centroid, with IDF kept
incrementally in a fixed-size hashed table and applied at comparison time (so early articles are not
frozen with the poor statistics of a young stream). Names and numbers are boosted terms: two similar
events with different people, places, figures or years share the event words but not those, and fall
apart. Candidates come from an inverted index over each story's top terms, and stories whose last
article left the time window are evicted — memory and time per article stay flat on long streams.
"""
from __future__ import annotations

import math
from array import array
from typing import Optional

from ..config import StoriesSettings
from .features import TERM_BITS

EVICT_EVERY = 256  # articles between window sweeps: cheap, and eviction need not be exact to the article


class StoryState:
    """One live story: a centroid of its articles' term weights, its size, time span and index terms."""

    __slots__ = ("id", "seq", "centroid", "n", "last", "keys")

    def __init__(self, sid: str, seq: int, last: Optional[float]):
        self.id = sid
        self.seq = seq
        self.centroid: dict[int, float] = {}
        self.n = 0
        self.last = last
        self.keys: set[int] = set()


class StoryIndex:
    """Assigns articles to stories online; ids never change once given."""

    def __init__(self, settings: StoriesSettings):
        self.settings = settings
        self.df = array("I", bytes(4 * (1 << TERM_BITS)))
        self.docs = 0
        self.stories: dict[str, StoryState] = {}
        self.postings: dict[int, dict[str, None]] = {}
        self.seq = 0
        self.clock: Optional[float] = None
        self.since_sweep = 0

    def idf(self, h: int) -> float:
        return math.log((self.docs + 1) / (self.df[h] + 1)) + 1.0

    def observe(self, terms: dict[int, float], time: Optional[float]) -> None:
        """Count the article's terms into the document frequencies and move the stream clock."""
        self.docs += 1
        df = self.df
        for h in terms:
            df[h] += 1
        if time is not None and (self.clock is None or time > self.clock):
            self.clock = time

    def best(self, terms: dict[int, float]) -> tuple[Optional[StoryState], float, dict[int, float]]:
        """The most similar live story (ties: the older story) and its cosine; also the idf-weighted vector."""
        idf = self.idf
        vec = {h: w * idf(h) for h, w in terms.items()}
        norm = math.sqrt(sum(v * v for v in vec.values())) or 1.0
        keys = sorted(vec, key=lambda h: (-vec[h], h))[: self.settings.index_terms]
        counts: dict[str, int] = {}
        for h in keys:
            for sid in self.postings.get(h, ()):
                counts[sid] = counts.get(sid, 0) + 1
        ranked = sorted(counts, key=lambda sid: (-counts[sid], self.stories[sid].seq))
        best, best_score = None, 0.0
        for sid in ranked[: self.settings.max_candidates]:
            st = self.stories[sid]
            dot, snorm = 0.0, 0.0
            for h, c in st.centroid.items():
                w = c * idf(h)
                snorm += w * w
                v = vec.get(h)
                if v is not None:
                    dot += v * w
            score = dot / (norm * (math.sqrt(snorm) or 1.0))
            if score > best_score or (score == best_score and best is not None and st.seq < best.seq):
                best, best_score = st, score
        return best, best_score, vec

    def assign(self, sid_new: str, terms: dict[int, float], time: Optional[float], forced: Optional[str] = None) -> str:
        """The story id this article joins (`forced` when its copy's story is live), else a new one."""
        self.observe(terms, time)
        self._maybe_sweep()
        story = self.stories.get(forced) if forced else None
        best, score, vec = self.best(terms)
        if story is None and best is not None and score >= self.settings.join_threshold:
            story = best
        if story is None:
            story = StoryState(sid_new, self.seq, time if time is not None else self.clock)
            self.seq += 1
            self.stories[sid_new] = story
        self._add(story, terms, vec, time)
        return story.id

    def _add(self, st: StoryState, terms: dict[int, float], vec: dict[int, float], time: Optional[float]) -> None:
        norm = math.sqrt(sum(w * w for w in terms.values())) or 1.0
        cen = st.centroid
        for h, w in terms.items():
            cen[h] = cen.get(h, 0.0) + w / norm
        st.n += 1
        limit = self.settings.centroid_terms
        if len(cen) > 2 * limit:  # prune to the terms that matter now; bounded story size
            keep = sorted(cen, key=lambda h: (-cen[h] * self.idf(h), h))[:limit]
            st.centroid = {h: cen[h] for h in keep}
        t = time if time is not None else self.clock
        if t is not None and (st.last is None or t > st.last):
            st.last = t
        if len(st.keys) < self.settings.story_index_terms:
            for h in sorted(vec, key=lambda h: (-vec[h], h))[: self.settings.index_terms]:
                if h not in st.keys:
                    st.keys.add(h)
                    self.postings.setdefault(h, {})[st.id] = None

    def _maybe_sweep(self) -> None:
        self.since_sweep += 1
        if self.since_sweep < EVICT_EVERY or self.clock is None:
            return
        self.since_sweep = 0
        self.evict(self.clock - self.settings.window_days)

    def evict(self, before: float) -> None:
        """Drop stories whose last article is older than `before` from the candidates (and memory)."""
        for sid in [sid for sid, st in self.stories.items() if st.last is not None and st.last < before]:
            st = self.stories.pop(sid)
            for h in st.keys:
                post = self.postings.get(h)
                if post is not None:
                    post.pop(sid, None)
                    if not post:
                        del self.postings[h]

    def to_state(self) -> dict:
        """JSON-ready state: live stories, document frequencies (sparse) and the stream clock."""
        return {
            "docs": self.docs,
            "clock": self.clock,
            "seq": self.seq,
            "df": [[h, c] for h, c in enumerate(self.df) if c],
            "stories": [
                {"id": st.id, "seq": st.seq, "n": st.n, "last": st.last, "keys": sorted(st.keys),
                 "centroid": [[h, w] for h, w in st.centroid.items()]}
                for st in sorted(self.stories.values(), key=lambda s: s.seq)
            ],
        }

    def load_state(self, data: dict) -> None:
        """Restore what `to_state` saved."""
        self.docs, self.clock, self.seq = data["docs"], data["clock"], data["seq"]
        for h, c in data["df"]:
            self.df[h] = c
        for row in data["stories"]:
            st = StoryState(row["id"], row["seq"], row["last"])
            st.n = row["n"]
            st.centroid = {h: w for h, w in row["centroid"]}
            st.keys = set(row["keys"])
            self.stories[st.id] = st
            for h in sorted(st.keys):
                self.postings.setdefault(h, {})[st.id] = None
