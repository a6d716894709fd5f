"""Copies and wire lineage: exact and near-duplicate text, and partial copies by containment.

Each article is compared with earlier articles of the time window that share sampled word shingles
(hash-mod sampling keeps the same shingles in every document, so the sample's containment estimates
the full text's containment — which, unlike Jaccard/MinHash, stays high when a paragraph is added or
a copy is truncated). Candidate search goes through an inverted index whose posting lists keep the
earliest articles only, so a wire story reprinted a thousand times still costs a bounded lookup.
"""
from __future__ import annotations

from collections import OrderedDict
from itertools import chain
from typing import NamedTuple, Optional

import numpy as np

from ..config import StoriesSettings

MAX_POSTING = 16  # earliest holders of a shingle kept: the original is always among them
MAX_COMPARE = 12  # candidates scored exactly, by shared-shingle count


class CopyEntry(NamedTuple):
    """What the index remembers of one article: enough to be found, compared and traced."""

    id: str
    time: Optional[float]
    copy_of: Optional[str]
    origin: str
    story: str
    family: Optional[str]
    exact: int
    shingles: frozenset[int]


class CopyMatch(NamedTuple):
    copy_of: Optional[str]
    origin: Optional[str]
    story: Optional[str]  # story of the copied article, when it is still in the window


class CopyIndex:
    """Finds which earlier article (within the window) a new article copies; memory bounded by the window."""

    def __init__(self, settings: StoriesSettings):
        self.settings = settings
        self.entries: OrderedDict[str, CopyEntry] = OrderedDict()  # in processing (time) order
        self.order: dict[str, int] = {}  # article id -> sequence number, for "earliest" ties
        self.ids: dict[int, str] = {}  # sequence number -> article id
        self.postings: dict[int, list[int]] = {}  # shingle -> sequence numbers of its earliest holders
        self.exact: dict[int, str] = {}
        self.seq = 0

    def family_of(self, outlet: Optional[str]) -> Optional[str]:
        """The declared publisher family of an outlet (case-insensitive), else the outlet itself."""
        if not outlet:
            return None
        key = outlet.strip().lower()
        for family, outlets in self.settings.publisher_families.items():
            if key == family.lower() or key in (o.strip().lower() for o in outlets):
                return "family:" + family.lower()
        return key

    def find(self, shingles: frozenset[int], exact: int, family: Optional[str]) -> CopyMatch:
        """The earliest windowed article this text copies (exact, near-duplicate or containment), if any."""
        if not shingles:  # no words at all: nothing to be a copy of
            return CopyMatch(None, None, None)
        hit = self.exact.get(exact)
        if hit is not None and hit in self.entries:
            e = self.entries[hit]
            return CopyMatch(e.id, e.origin, e.story)
        hits = np.fromiter(chain.from_iterable(filter(None, map(self.postings.get, shingles))), dtype=np.int64)
        if not hits.size:
            return CopyMatch(None, None, None)
        seqs, counts = np.unique(hits, return_counts=True)  # candidates oldest first, with their shared counts
        keep = counts >= self.settings.copy_min_shared
        seqs, counts = seqs[keep], counts[keep]
        if len(seqs) > MAX_COMPARE:  # the most shared, ties to the oldest; kept in age order
            top = np.sort(np.lexsort((seqs, -counts))[:MAX_COMPARE])
            seqs, counts = seqs[top], counts[top]
        # The earliest copied candidate wins, so try them oldest first and stop at the first copy.
        n_new = len(shingles)
        for seq, c in zip(seqs.tolist(), counts.tolist()):
            e = self.entries[self.ids[seq]]
            # A shared-posting count never exceeds the true overlap and every test grows with the
            # overlap: when the count already passes, the exact intersection cannot change the answer.
            if self._copied(c, n_new, e, family) or self._copied(len(shingles & e.shingles), n_new, e, family):
                return CopyMatch(e.id, e.origin, e.story)
        return CopyMatch(None, None, None)

    def _copied(self, inter: int, n_new: int, e: CopyEntry, family: Optional[str]) -> bool:
        """Whether `inter` shared sampled shingles make a text of `n_new` of them a copy of `e`."""
        s = self.settings
        if inter < s.copy_min_shared:
            return False
        n_old = len(e.shingles)
        new_in_old = inter / n_new  # the new text is mostly old text (cut, reworded, boilerplate)
        old_in_new = inter / n_old  # the old text is reproduced (wire + paragraphs added)
        if family is not None and family == e.family and family.startswith("family:"):
            # one publisher's outlets share desks: less text makes a copy
            return max(new_in_old, old_in_new) >= s.family_threshold
        # one paragraph pasted into another outlet's own report makes neither direction high
        jaccard = inter / (n_new + n_old - inter)
        return (max(new_in_old, old_in_new) >= s.containment_threshold or jaccard >= s.copy_threshold
                or min(new_in_old, old_in_new) >= s.rewrite_threshold)

    def add(self, entry: CopyEntry) -> None:
        """Remember an article so later ones can be found to copy it."""
        seq = self.seq
        self.seq += 1
        self.entries[entry.id] = entry
        self.order[entry.id] = seq
        self.ids[seq] = entry.id
        self.exact.setdefault(entry.exact, entry.id)
        postings = self.postings
        for h in entry.shingles:
            lst = postings.get(h)
            if lst is None:
                postings[h] = [seq]
            elif len(lst) < MAX_POSTING:
                lst.append(seq)
        while len(self.entries) > self.settings.window_articles:
            self._drop(next(iter(self.entries)))

    def evict(self, before: float) -> None:
        """Forget articles published before `before` (days since epoch); undated ones age with the stream."""
        while self.entries:
            first = next(iter(self.entries.values()))
            if first.time is None or first.time >= before:
                break
            self._drop(first.id)

    def _drop(self, aid: str) -> None:
        e = self.entries.pop(aid)
        seq = self.order.pop(aid)
        del self.ids[seq]
        if self.exact.get(e.exact) == aid:
            del self.exact[e.exact]
        postings = self.postings
        for h in e.shingles:
            lst = postings.get(h)
            if lst is None:
                continue
            if lst[0] == seq:  # the oldest go first, and lists are in time order
                del lst[0]
            elif seq in lst:
                lst.remove(seq)
            else:
                continue  # never added: the posting list was already full
            if not lst:
                del postings[h]

    def to_state(self) -> list[dict]:
        """The windowed entries as JSON-ready rows, in processing order."""
        return [
            {"id": e.id, "time": e.time, "copy_of": e.copy_of, "origin": e.origin, "story": e.story, "family": e.family,
             "exact": e.exact, "shingles": sorted(e.shingles)}
            for e in self.entries.values()
        ]

    def load_state(self, rows: list[dict]) -> None:
        """Rebuild the index from `to_state` rows (same order, same postings)."""
        for r in rows:
            self.add(CopyEntry(r["id"], r["time"], r.get("copy_of"), r["origin"], r["story"], r["family"], r["exact"],
                               frozenset(r["shingles"])))
