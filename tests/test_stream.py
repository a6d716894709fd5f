"""Stream-scale paths of the stories stage: feature workers, the copy index's fast search, bounded memory."""
from __future__ import annotations

import random
import time
from collections import Counter
from itertools import chain

import pytest

from newsfuse.config import StoriesSettings
from newsfuse.model import Article
from newsfuse.stories import Grouper, _prepare
from newsfuse.stories.dedup import MAX_COMPARE, CopyIndex
from newsfuse.workers import WorkerError, map_ahead

WORDS = [f"w{i}" for i in range(3000)] + [f"Name{i}" for i in range(300)]


def _stream(n: int, seed: int = 3, per_day: int = 200) -> list[Article]:
    """Synthetic reports on 40 topics, a quarter of them edited copies of a recent report."""
    rng = random.Random(seed)
    topics = [rng.sample(WORDS, 60) for _ in range(40)]
    recent: list[str] = []
    out = []
    for i in range(n):
        if recent and rng.random() < 0.25:
            paras = rng.choice(recent[-50:]).split("\n")
            paras = paras[:-1] if len(paras) > 3 and rng.random() < 0.5 else paras
            text = "\n".join(["Update: " + paras[0]] + paras[1:] + ["More at our site."])
        else:
            topic = rng.choice(topics)
            text = "\n".join(" ".join(rng.choice(topic if rng.random() < 0.6 else WORDS) for _ in range(40))
                             for _ in range(5))
            recent.append(text)
        day = 20000 + i / per_day
        published = time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(day * 86400))
        out.append(Article(id=f"a-{i:010x}", input=f"s#{i}", published=published, text=text))
    return out


def _square(x: int) -> int:
    return x * x


def _fail_on_seven(x: int) -> int:
    if x == 7:
        raise ValueError("seven")
    return x


def test_map_ahead_keeps_batch_order_and_results():
    batches = [list(range(i * 10, i * 10 + 10)) for i in range(9)]
    got = list(map_ahead(_square, iter(batches), processes=2, ahead=1))
    assert got == [[x * x for x in b] for b in batches]


def test_map_ahead_reports_worker_errors_and_stops_when_abandoned():
    with pytest.raises(WorkerError, match="seven") as failed:
        list(map_ahead(_fail_on_seven, iter([[1, 2], [7], [3]]), processes=1))
    assert "Traceback" not in str(failed.value) and "Traceback" in failed.value.worker_traceback  # plain words first
    t0 = time.perf_counter()
    gen = map_ahead(_square, iter([[1]] * 50), processes=1)
    assert next(gen) == [1]
    gen.close()  # the consumer stops early: workers are told to stop, nothing hangs
    assert time.perf_counter() - t0 < 30


def test_workers_give_the_same_answers_over_several_batches():
    arts = _stream(2600)  # more than two hand-over batches
    one = [(a.id, sid, a.copy_of, a.origin) for a, sid in Grouper(StoriesSettings()).add_all(_stream(2600), workers=1)]
    two = [(a.id, sid, a.copy_of, a.origin) for a, sid in Grouper(StoriesSettings()).add_all(arts, workers=2)]
    assert one == two
    assert sum(c is not None for _, _, c, _ in one) > 400  # the edited copies were found


def _find_exhaustive(index: CopyIndex, shingles: frozenset[int], exact: int, family) -> tuple:
    """The copy search as first written: every top-ranked candidate scored exactly, the earliest copy wins."""
    hit = index.exact.get(exact)
    if hit is not None and hit in index.entries:
        return hit
    shared = Counter(chain.from_iterable(filter(None, map(index.postings.get, shingles))))
    ranked = sorted((-c, seq) for seq, c in shared.items() if c >= index.settings.copy_min_shared)[:MAX_COMPARE]
    copied = [seq for _, seq in ranked
              if index._copied(len(shingles & index.entries[index.ids[seq]].shingles), len(shingles),
                               index.entries[index.ids[seq]], family)]
    return index.ids[min(copied)] if copied else None


def test_fast_copy_search_matches_exhaustive_search():
    g = Grouper(StoriesSettings())
    checked = 0
    for a in _stream(1500, seed=5):
        prepared = _prepare(g._job(a))
        feats = prepared[0]
        if feats.shingles:
            expected = _find_exhaustive(g.copies, feats.shingles, feats.exact, None)
            assert g.copies.find(feats.shingles, feats.exact, None).copy_of == expected
            checked += expected is not None
        g.add(a, prepared)
    assert checked > 200


def test_memory_stays_bounded_by_the_time_window():
    g = Grouper(StoriesSettings(window_days=2.0))
    for a in _stream(3000, per_day=200):  # 15 days of reports, 2 of them in the window
        g.add(a)
    assert len(g.copies.entries) <= 2 * 200 + 1
    assert len(g.copies.ids) == len(g.copies.entries) == len(g.copies.order)
    live = set(chain.from_iterable(g.copies.postings.values()))
    assert live <= set(g.copies.ids)  # evicted articles left no posting behind
    assert len(g.index.stories) < 200
