"""Online story clustering: each article, in time order, joins the most similar live story or starts one.

Similarity is the cosine between the article's TF-IDF vector and the story's centroid, with IDF kept
incrementally in a fixed-size hashed table and applied at comparison time (so early articles are not
frozen with the poor statistics of a young stream). Names and numbers are boosted terms: two similar
events with different people, places, figures or years share the event words but not those, and fall
apart; the names of an article's lead (title and first lines) weigh in again on their own, since the rest
of an article names background that similar events share (the same club, the same scandal). Candidates
come from an inverted index over each story's top terms, and stories whose last article left the time
window are evicted — memory and time per article stay flat on long streams.

An article that joined nothing gets a second look (`reconsider`) a bounded number of articles later: when
it came, the story it belongs to may have held one or two articles and the word statistics were young.
Only a story no one else joined is looked at again, and no one has been told its id yet.
"""
from __future__ import annotations

import heapq
import math
from collections import Counter
from itertools import chain, repeat
from operator import add, mul, truediv
from typing import Optional

import numpy as np

from ..config import StoriesSettings
from . import crossling
from .features import TERM_BITS

EVICT_EVERY = 256  # articles between window sweeps: cheap, and eviction need not be exact to the article


def _ids(keys) -> np.ndarray:
    """Term ids (dict keys or a set) as an index array."""
    return np.fromiter(keys, dtype=np.intp, count=len(keys))


class StoryState:
    """One live story: a centroid of its articles' term weights, its size, time span and index terms."""

    __slots__ = ("id", "seq", "centroid", "names", "lead_names", "n", "last", "keys", "span", "norms", "langs", "leads",
                 "lead_vecs", "meaning")

    def __init__(self, sid: str, seq: int, last: Optional[float]):
        self.id = sid
        self.seq = seq
        self.centroid: dict[int, float] = {}  # plain words
        self.names: dict[int, float] = {}  # names and numbers
        self.lead_names: dict[int, float] = {}  # names and numbers of its articles' leads
        self.n = 0
        self.last = last
        self.keys: set[int] = set()
        self.span: Optional[tuple[float, float]] = None  # earliest and latest known date of its articles
        self.norms: Optional[tuple[int, int, float, float, float]] = None  # (docs seen, size, word, name, lead name norms)
        self.langs: set[str] = set()  # languages (or scripts) of its articles, where known
        self.leads: list[str] = []  # leads of its first articles of known language, for matching across languages
        self.lead_vecs: list = []  # their multilingual (USE) vectors, computed only when needed
        self.meaning = None  # sum of its articles' MiniLM lead vectors, when stories.embeddings is on


class StoryIndex:
    """Assigns articles to stories online; ids never change once given."""

    def __init__(self, settings: StoriesSettings):
        self.settings = settings
        self.df = np.zeros(1 << TERM_BITS, dtype=np.uint32)  # numpy: an article's terms counted in one call
        self.docs = 0
        self.stories: dict[str, StoryState] = {}
        self.postings: dict[int, dict[str, None]] = {}
        self.seq = 0
        self.clock: Optional[float] = None
        self.since_sweep = 0

    def observe(self, terms: dict[int, float], names: dict[int, float], time: Optional[float]) -> None:
        """Count the article's terms into the document frequencies and move the stream clock."""
        self.docs += 1
        df = self.df
        df[_ids(terms)] += 1  # keys are distinct: one count each
        extra = names.keys() - terms.keys()
        if extra:
            df[_ids(extra)] += 1
        if time is not None and (self.clock is None or time > self.clock):
            self.clock = time

    def _weigh(self, terms: dict[int, float]) -> tuple[dict[int, float], dict[int, float], float]:
        """The article's idf-weighted vector, the same times idf again (for dot products with raw
        centroids, which take their idf at comparison time), and the vector's norm."""
        idfs = self._idfs(terms)
        vals = list(map(mul, terms.values(), idfs))  # C-level loops, same products and sums in the same order
        return dict(zip(terms, vals)), dict(zip(terms, map(mul, vals, idfs))), math.sqrt(sum(map(mul, vals, vals)))

    def _idfs(self, terms) -> list[float]:
        """log(n1 / (df + 1)) + 1 for each term, in order (C-level loops over plain Python numbers)."""
        dfs = self.df[_ids(terms)].tolist()
        return list(map(add, map(math.log, map(truediv, repeat(self.docs + 1), map(add, dfs, repeat(1)))), repeat(1.0)))

    def _norm(self, centroid: dict[int, float]) -> float:
        idfs = self._idfs(centroid)
        return math.sqrt(sum(map(pow, map(mul, centroid.values(), idfs), repeat(2))))  # same terms, same order

    def _norms(self, st: StoryState) -> tuple[float, float, float]:
        """The story's idf-weighted centroid norms, recomputed when idf drifted or the story grew (>10%)."""
        cached = st.norms
        if cached is None or self.docs > cached[0] * 1.1 + 8 or st.n > cached[1] * 1.1:
            cached = st.norms = (self.docs, st.n, self._norm(st.centroid), self._norm(st.names), self._norm(st.lead_names))
        return cached[2], cached[3], cached[4]

    @staticmethod
    def _dot(vec2: dict[int, float], centroid: dict[int, float]) -> float:
        if len(vec2) > len(centroid):
            vec2, centroid = centroid, vec2
        return sum(map(mul, vec2.values(), map(centroid.get, vec2, repeat(0.0))))

    def best(self, terms: dict[int, float], names: dict[int, float], date: Optional[float] = None,
             scoring: bool = True, vector=None, lead_names: Optional[dict[int, float]] = None,
             exclude: Optional[str] = None):
        """The most similar live story (ties: the older story), its score, and the article's index keys.

        With `scoring` False (the article's story is already decided) only the index keys are wanted.
        With the article's lead `vector`, the words' score is weighed with the meaning's (see `_meaning`).
        With its `lead_names`, the names' score is weighed with theirs against the story's lead names.
        The story `exclude` (the article's own, when it is looked at again) is not a candidate.
        """
        wvec, widf, wnorm = self._weigh(terms)
        nvec, nidf, nnorm = self._weigh(names)
        beta = self.settings.lead_name_weight if lead_names else 0.0
        lidf, lnorm = self._weigh(lead_names)[1:] if beta else ({}, 0.0)
        k = self.settings.index_terms
        # sorted()[:k] is what nlargest() returns (ties in insertion order), with the loop in C
        keys = sorted(wvec, key=wvec.__getitem__, reverse=True)[:k] + sorted(nvec, key=nvec.__getitem__, reverse=True)[:k]
        counts = Counter(chain.from_iterable(filter(None, map(self.postings.get, keys))))
        if exclude is not None:
            counts.pop(exclude, None)
        stories = self.stories
        ranked = heapq.nsmallest(self.settings.max_candidates, counts, key=lambda sid: (-counts[sid], stories[sid].seq))
        alpha = self.settings.name_weight if nnorm else 0.0  # no names (e.g. CJK text): words alone decide
        window = self.settings.date_gap_days
        best, best_score = None, 0.0
        for sid in ranked:
            st = stories[sid]
            if date is not None and st.span is not None and not (
                st.span[0] - window <= date <= st.span[1] + window
            ):
                continue  # dated too far apart to be one event, however alike the words
            cw, cn, cl = self._norms(st)  # refreshed here even when not scoring: the norms' refresh points stay the same
            if not scoring:
                continue
            score = self._dot(widf, st.centroid) / (wnorm * cw) if wnorm and cw else 0.0
            if alpha:  # geometric: a story must share both the event's words and its names/numbers
                name_cos = self._dot(nidf, st.names) / (nnorm * cn) if cn else 0.0
                if beta and lnorm:  # ... and the names its leads are about
                    # a story with no lead names (saved by an older version, or whose leads name no one) is
                    # compared by all its names, so that every story is scored the same way
                    lead_cos = (self._dot(lidf, st.lead_names) / (lnorm * cl) if st.lead_names and cl
                                else self._dot(lidf, st.names) / (lnorm * cn) if cn else 0.0)
                    name_cos = name_cos ** (1.0 - beta) * lead_cos ** beta
                score = score ** (1.0 - alpha) * name_cos ** alpha
            if vector is not None and st.meaning is not None:
                score = self._meaning(score, st.meaning, vector)
            if score > best_score:
                best, best_score = st, score
        return best, best_score, keys

    def _meaning(self, score: float, story_vec, vector) -> float:
        """Words' score weighed geometrically with the lead vectors' cosine (rescaled above a floor): two
        similar events of one kind share words and names, but their leads tell different happenings."""
        s = self.settings
        norm = float(np.linalg.norm(story_vec))
        cos = float(story_vec @ vector) / norm if norm else 0.0
        meaning = max(0.0, (cos - s.embedding_floor) / (1.0 - s.embedding_floor))
        return score ** (1.0 - s.embedding_weight) * meaning ** s.embedding_weight

    def assign(self, sid_new: str, terms: dict[int, float], names: dict[int, float], time: Optional[float],
               forced: Optional[str] = None, date: Optional[float] = None,
               language: Optional[str] = None, lead: Optional[str] = None, vector=None,
               lead_names: Optional[dict[int, float]] = None) -> str:
        """The story id this article joins (`forced` when its copy's story is live), else a new one.

        `time` is the publication time (moves the clock, drives eviction); `date` is the best known
        date of the article (publication, else its dateline) and keeps far-apart events apart.
        `language` and `lead` (see `crossling`) let an article no story fits by its words join a
        story that holds reports in other languages. `vector` (the lead's MiniLM vector, when
        stories.embeddings is on) weighs meaning into the choice and raises the bar to join; `lead_names`
        (the names of its title and first lines) weigh who and where the event is about.
        """
        self.observe(terms, names, time)
        self._maybe_sweep()
        story = self.stories.get(forced) if forced else None
        chosen, keys = self._choose(terms, names, date, story is None, language, lead, vector, lead_names)
        story = story or chosen
        if story is None:
            story = StoryState(sid_new, self.seq, time if time is not None else self.clock)
            self.seq += 1
            self.stories[sid_new] = story
        self._join(story, terms, names, keys, time, date, language, lead, vector, lead_names)
        return story.id

    def reconsider(self, sid: str, terms: dict[int, float], names: dict[int, float], time: Optional[float],
                   date: Optional[float] = None, language: Optional[str] = None, lead: Optional[str] = None,
                   vector=None, lead_names: Optional[dict[int, float]] = None) -> str:
        """A second look at an article that started story `sid` and is still its only article: the story it
        joins now that the stream's stories have grown (and its statistics matured), else `sid` unchanged.

        The same choice as `assign` makes, with the article's own story left out; when another story is
        chosen the article moves there and its one-article story is dropped (no one has been told its id).
        The article's terms were counted into the document frequencies when it arrived and are not again.
        """
        st = self.stories.get(sid)
        if st is None or st.n != 1:  # evicted, or others joined it: it is a story, not a loner
            return sid
        chosen, keys = self._choose(terms, names, date, True, language, lead, vector, lead_names, exclude=st)
        if chosen is None:
            return sid
        self._drop(sid)
        self._join(chosen, terms, names, keys, time, date, language, lead, vector, lead_names)
        return chosen.id

    def _choose(self, terms: dict[int, float], names: dict[int, float], date: Optional[float], scoring: bool,
                language: Optional[str], lead: Optional[str], vector, lead_names: Optional[dict[int, float]],
                exclude: Optional[StoryState] = None) -> tuple[Optional[StoryState], list[int]]:
        """The live story the article joins by its words (else, across languages, by its lead's meaning), if
        any story is near enough, and the article's index keys. `exclude` is the article's own story when it
        is looked at again: not a candidate, and the keeper of its lead's multilingual vector."""
        best, score, keys = self.best(terms, names, date, scoring=scoring, vector=vector, lead_names=lead_names,
                                      exclude=exclude.id if exclude else None)
        if not scoring:
            return None, keys
        join = self.settings.join_threshold if vector is None else self.settings.embedding_join_threshold
        story = best if best is not None and score >= join else None
        if story is None and language and lead and self.settings.crosslingual:
            story = self._across_languages(language, lead, date, exclude)
        return story, keys

    def _join(self, story: StoryState, terms: dict[int, float], names: dict[int, float], keys: list[int],
              time: Optional[float], date: Optional[float], language: Optional[str], lead: Optional[str], vector,
              lead_names: Optional[dict[int, float]]) -> None:
        """Add the article to the story: centroids, index keys, time span, meaning and languages."""
        self._add(story, terms, names, keys, time)
        if lead_names:
            if not story.lead_names:
                story.norms = None  # its cached lead-name norm was 0
            story.lead_names = self._merge(story.lead_names, lead_names)
        if date is not None:
            lo, hi = story.span or (date, date)
            story.span = (min(lo, date), max(hi, date))
        if vector is not None:
            story.meaning = vector.astype(np.float32) if story.meaning is None else story.meaning + vector
        if language:
            story.langs.add(language)
            if lead and len(story.leads) < crossling.MAX_LEADS:
                story.leads.append(lead)

    def _across_languages(self, language: str, lead: str, date: Optional[float],
                          exclude: Optional[StoryState] = None) -> Optional[StoryState]:
        """The live story with reports in another language whose leads are nearest to this lead, if near enough."""
        window = self.settings.date_gap_days
        candidates = [  # self.stories is in creation (seq) order: ties go to the older story
            (st, st.leads, st.lead_vecs) for st in self.stories.values()
            if st.leads and st.langs - {language} and st is not exclude
            and (date is None or st.span is None or st.span[0] - window <= date <= st.span[1] + window)
        ]
        vector = None
        if candidates and exclude is not None and exclude.leads == [lead]:
            # the loner's own story keeps its one lead's vector: computed once, there for later searches too
            vector = crossling.story_vector(exclude.leads, exclude.lead_vecs)
        story, cos = crossling.closest(lead, candidates, vector)
        return story if story is not None and cos >= self.settings.crosslingual_threshold else None

    def _add(self, st: StoryState, terms: dict[int, float], names: dict[int, float], keys: list[int],
             time: Optional[float]) -> None:
        st.centroid = self._merge(st.centroid, terms)
        st.names = self._merge(st.names, names)
        st.n += 1
        t = time if time is not None else self.clock
        if t is not None and (st.last is None or t > st.last):
            st.last = t
        if len(st.keys) < self.settings.story_index_terms:
            for h in keys:
                if h not in st.keys:
                    st.keys.add(h)
                    self.postings.setdefault(h, {})[st.id] = None

    def _merge(self, cen: dict[int, float], terms: dict[int, float]) -> dict[int, float]:
        """Add a unit-length term vector to a centroid; prune it to the terms that matter now (bounded size)."""
        ws = terms.values()
        norm = math.sqrt(sum(map(mul, ws, ws))) or 1.0
        # cen[h] = cen.get(h, 0.0) + w / norm for each term, in order, as C-level loops
        cen.update(zip(terms, map(add, map(cen.get, terms, repeat(0.0)), map(truediv, ws, repeat(norm)))))
        limit = self.settings.centroid_terms
        if len(cen) > 2 * limit:  # keep what the story's articles share most (order-stable for ties, as nlargest)
            cen = {h: cen[h] for h in sorted(cen, key=cen.__getitem__, reverse=True)[:limit]}
        return cen

    def _maybe_sweep(self) -> None:
        self.since_sweep += 1
        if self.since_sweep < EVICT_EVERY or self.clock is None:
            return
        self.since_sweep = 0
        self.evict(self.clock - self.settings.window_days)

    def evict(self, before: float) -> None:
        """Drop stories whose last article is older than `before` from the candidates (and memory)."""
        for sid in [sid for sid, st in self.stories.items() if st.last is not None and st.last < before]:
            self._drop(sid)

    def _drop(self, sid: str) -> None:
        """Forget a story: no longer a candidate, and its index postings gone."""
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
            "df": [[h, c] for h, c in zip(np.flatnonzero(self.df).tolist(), self.df[self.df > 0].tolist())],
            "stories": [
                {"id": st.id, "seq": st.seq, "n": st.n, "last": st.last, "keys": sorted(st.keys), "span": st.span,
                 "langs": sorted(st.langs), "leads": st.leads,
                 "meaning": None if st.meaning is None else [round(float(x), 6) for x in st.meaning],
                 "centroid": [[h, w] for h, w in st.centroid.items()],
                 "names": [[h, w] for h, w in st.names.items()],
                 "lead_names": [[h, w] for h, w in st.lead_names.items()]}
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
            st.span = tuple(row["span"]) if row.get("span") else None
            st.centroid = {h: w for h, w in row["centroid"]}
            st.names = {h: w for h, w in row["names"]}
            st.lead_names = {h: w for h, w in row.get("lead_names", ())}
            st.keys = set(row["keys"])
            st.langs = set(row.get("langs", ()))
            st.leads = list(row.get("leads", ()))
            st.meaning = np.asarray(row["meaning"], dtype=np.float32) if row.get("meaning") is not None else None
            self.stories[st.id] = st
            for h in sorted(st.keys):
                self.postings.setdefault(h, {})[st.id] = None
