"""Copies and stories across all partitions, decided in one publication-time order by the online grouper.

The grouper's decisions are sequential by nature (each article is compared with the window of what came
before it, and a copy joins the story of what it copies), so they are made here, by the same `Grouper` that
`newsfuse stories` runs, fed the same articles in the same order (`stories.time_order`: time, then article id;
undated last). Only the costly part, each article's text features, was computed on the workers; the grouper
is handed them exactly as its own feature process hands them over, so the stories, copies and origins are the
ones `newsfuse stories` gives on the same input. Days are read one at a time: memory holds one day of
features plus the grouper's window, not the run.
"""
from __future__ import annotations

from pathlib import Path
from typing import Iterable, Iterator, Optional

from ..config import StoriesSettings
from ..model import Article
from ..stories import Grouper
from ..stories.features import timestamp
from .partition import UNDATED, day_of, load


class FedGrouper(Grouper):
    """A Grouper fed (article, features, lead vector) triples computed elsewhere instead of computing them."""

    def _prepared(self, articles: Iterable, workers: int) -> Iterator:
        yield from articles


def _stub(row) -> tuple[tuple, Article, object, object]:
    idx, aid, name, published, outlet, hint, prepared, vector = row
    a = Article(id=aid, input=name, published=published, outlet=outlet, story_hint=hint)
    return a, prepared, vector


def feed(work: str, parts: list[dict], losers: set, renames: dict) -> Iterator[tuple[tuple, tuple]]:
    """((pid, idx), (article stub, features, vector)) for every kept article of every piece, in time order."""
    days = sorted({d for p in parts for d in p["days"]}, key=lambda d: (d == UNDATED, d))
    for day in days:
        rows = []
        for p in parts:
            if day not in p["days"]:
                continue
            for row in load(Path(work) / "parts" / p["pid"] / f"feat-{day}.pkl"):
                key = (p["pid"], row[0])
                if key in losers:
                    continue
                a, prepared, vector = _stub(row)
                if key in renames:
                    a.id = renames[key]
                t = timestamp(a.published)
                rows.append(((t is None, t or 0.0, a.id), key, (a, prepared, vector)))
        rows.sort(key=lambda r: r[0])
        for _, key, triple in rows:
            yield key, triple


def decide(work: str, parts: list[dict], losers: set, renames: dict, settings: StoriesSettings,
           progress=None, total: Optional[int] = None) -> dict[str, list]:
    """Columns of the assignment table: pid, idx, id, story, copy_of, origin, position (time order), story size."""
    keys: dict[int, tuple] = {}  # id() of the stub -> (pid, idx): the grouper yields the stubs it was fed

    def triples():
        for key, triple in feed(work, parts, losers, renames):
            keys[id(triple[0])] = key
            yield triple

    grouper = FedGrouper(settings)
    cols: dict[str, list] = {k: [] for k in ("pid", "idx", "id", "story", "copy_of", "origin", "position")}
    first_day: dict[str, str] = {}  # a story's day: that of its first article in time order
    decided = grouper.add_all(triples())
    if progress is not None:
        decided = progress.iter(decided, "stories", total=total, unit="article")
    for pos, (a, sid) in enumerate(decided):
        pid, idx = keys.pop(id(a))
        for k, v in (("pid", pid), ("idx", idx), ("id", a.id), ("story", sid), ("copy_of", a.copy_of),
                     ("origin", a.origin), ("position", pos)):
            cols[k].append(v)
        first_day.setdefault(sid, day_of(a.published))
    sizes: dict[str, int] = {}
    for sid in cols["story"]:
        sizes[sid] = sizes.get(sid, 0) + 1
    cols["story_size"] = [sizes[s] for s in cols["story"]]
    cols["first_day"] = [first_day[s] for s in cols["story"]]
    return cols
