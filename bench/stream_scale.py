"""Stream scale: articles/s and memory of copies + story clustering on a long generated stream.

The stream re-samples the public corpora (ECB+ and MMDS-dev): each new report mixes sentences of
documents of one gold story, about 20% of articles are edited copies of a recent article, and 1,000
articles arrive per simulated day. Articles are fed one at a time (`Grouper.add`, the streaming path).
Figures at 25%, 50% and 100% of --n show whether time and memory per article stay flat. Baseline in the
same run: the same code with the time window switched off (nothing evicted), over the first quarter.
"""
from __future__ import annotations

import argparse
import multiprocessing as mp
import os
import random
import resource
import time
from collections import defaultdict
from typing import Iterator

from bench.clustering import load_ecbplus, load_mmds
from bench.common import save
from newsfuse.config import StoriesSettings
from newsfuse.model import Article
from newsfuse.stories import Grouper

PER_DAY = 1000
COPY_SHARE = 0.2
START_DAY = 19_900.0  # days since epoch (2024-06-27)


def _rss_mb() -> float:
    with open("/proc/self/status", encoding="ascii") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def _sources() -> list[list[list[str]]]:
    """Gold stories of both corpora, each a list of documents, each a list of paragraphs."""
    by_story: dict[str, list[list[str]]] = defaultdict(list)
    for loader, tag in ((load_ecbplus, "ecb"), (load_mmds, "mmds")):
        arts, gold = loader()
        for a, g in zip(arts, gold):
            paras = [p for p in a.text.split("\n") if p.strip()]
            if a.title:
                paras.insert(0, a.title)
            if len(paras) >= 3:
                by_story[f"{tag}:{g}"].append(paras)
    return [docs for _, docs in sorted(by_story.items())]


def stream(n: int, seed: int = 7) -> Iterator[Article]:
    """`n` articles in time order: re-sampled reports and edited copies of recent ones."""
    rng = random.Random(seed)
    stories = _sources()
    recent: list[str] = []
    for i in range(n):
        published = time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime((START_DAY + i / PER_DAY) * 86400))
        if recent and rng.random() < COPY_SHARE:
            paras = rng.choice(recent).split("\n")
            if len(paras) > 3 and rng.random() < 0.5:
                paras.pop(rng.randrange(1, len(paras)))
            text = "\n".join(["Latest: " + paras[0]] + paras[1:] + ["Read more at our site."])
        else:
            docs = rng.choice(stories)
            picked = rng.sample(docs, min(2, len(docs)))
            paras = [p for d in picked for p in d if rng.random() < 0.7] or picked[0]
            text = "\n".join(paras)
            recent.append(text)
            if len(recent) > 2000:
                recent.pop(0)
        yield Article(id=f"a-{i:010x}", input=f"stream#{i}", published=published, text=text)


def measure(n: int, settings: StoriesSettings, checkpoints: list[int], queue) -> None:
    """Feed the stream; report rate, RSS and live index sizes at each checkpoint (run in a child process)."""
    grouper = Grouper(settings)
    rss0 = _rss_mb()
    rows, busy, seg_busy, seg_start, wall = [], 0.0, 0.0, 0, 0.0
    copies = 0
    for i, article in enumerate(stream(n), 1):
        # CPU time of this process: what one core does, whatever else the shared machine runs
        t0, w0 = time.process_time(), time.perf_counter()
        grouper.add(article)
        dt = time.process_time() - t0
        wall += time.perf_counter() - w0
        busy += dt
        seg_busy += dt
        copies += article.copy_of is not None
        if i in checkpoints:
            rows.append({"articles": i, "articles_per_s": round(i / busy), "wall_articles_per_s": round(i / wall), "segment_articles_per_s": round((i - seg_start) / seg_busy),
                         "rss_mb": round(_rss_mb(), 1), "rss_growth_mb": round(_rss_mb() - rss0, 1),
                         "live_articles": len(grouper.copies.entries), "live_stories": len(grouper.index.stories),
                         "copies_found": copies})
            seg_busy, seg_start = 0.0, i
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    queue.put({"checkpoints": rows, "peak_rss_mb": round(peak, 1)})


def _run(n: int, settings: StoriesSettings, checkpoints: list[int]) -> dict:
    ctx = mp.get_context("fork")  # a fresh process per run: one run's memory never inflates the other's
    q = ctx.Queue()
    p = ctx.Process(target=measure, args=(n, settings, checkpoints, q))
    p.start()
    out = q.get()
    p.join()
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench stream_scale", description=__doc__)
    ap.add_argument("--n", type=int, default=100_000, help="articles in the stream (default 100000)")
    args = ap.parse_args(argv or [])
    n = args.n
    marks = sorted({max(1, n // 4), max(1, n // 2), n})
    settings = StoriesSettings()
    load0 = f"{os.getloadavg()[0]:.1f}"
    ours = _run(n, settings, marks)
    unbounded = settings.model_copy(update={"window_days": 1e9})
    base_marks = sorted({max(1, n // 16), max(1, n // 8), max(1, n // 4)})
    base = _run(max(1, n // 4), unbounded, base_marks)
    print(f"load average before/after: {load0} / {os.getloadavg()[0]:.1f} (a shared machine slows wall time)")
    print(f"stream: {n:,} articles, {PER_DAY:,}/day, ~{COPY_SHARE:.0%} copies, window {settings.window_days:g} days")
    for name, res in (("newsfuse", ours), ("no window (baseline)", base)):
        print(f"  {name}: peak RSS {res['peak_rss_mb']:.0f} MB")
        for r in res["checkpoints"]:
            print(f"    at {r['articles']:>7,}: {r['articles_per_s']:>6,} articles/CPU-s overall,"
                  f" {r['segment_articles_per_s']:>6,} in segment ({r['wall_articles_per_s']:,}/s wall),"
                  f" RSS {r['rss_mb']:.0f} MB"
                  f" (+{r['rss_growth_mb']:.0f}), live articles {r['live_articles']:,}, live stories {r['live_stories']:,}")
    figures = {"n": n, "load_average": [load0, f"{os.getloadavg()[0]:.1f}"], "rate_is": "articles per CPU-second of one process", "per_day": PER_DAY, "window_days": settings.window_days, "newsfuse": ours, "baseline_no_window": base}
    print(f"results: {save('stream_scale', figures)}")
    return 0
