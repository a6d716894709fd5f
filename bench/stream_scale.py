"""Stream scale: articles/s and memory of copies + story clustering on a long generated stream.

The stream re-samples the public corpora (ECB+ and MMDS-dev): each new report mixes sentences of
documents of one gold story, about 20% of articles are edited copies of a recent article, and 1,000
articles arrive per simulated day. Articles are fed one at a time (`Grouper.add_all`, the streaming path), with
text features computed by a second process (2 cores) and, over the first quarter, by one process.
Figures at 25%, 50% and 100% show whether time and memory per article stay flat. Baseline in the same
run: the same code with the time window switched off (nothing evicted), over the first quarter.
The stream is generated lazily in the deciding process (so its memory can stay flat); what that costs
is measured on its own and printed. Last, the path `newsfuse stories` takes on a pile: the whole
stream built as a list first (not timed), then `newsfuse.stories.group(articles, workers=2)` timed.
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
from newsfuse.stories import Grouper, group

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


def measure(n: int, settings: StoriesSettings, checkpoints: list[int], workers: int, queue) -> None:
    """Feed the stream; report rates, RSS and live index sizes at each checkpoint (run in a child process)."""
    grouper = Grouper(settings)
    rss0 = _rss_mb()
    rows, copies, seg_start = [], 0, 0
    c0 = seg_c = time.process_time()  # CPU of this process: what its core does, whatever else runs
    w0 = time.perf_counter()
    for i, (article, _) in enumerate(grouper.add_all(stream(n), workers), 1):
        copies += article.copy_of is not None
        if i in checkpoints:
            now = time.process_time()
            rows.append({"articles": i, "main_articles_per_cpu_s": round(i / (now - c0)),
                         "segment_articles_per_cpu_s": round((i - seg_start) / (now - seg_c)),
                         "wall_articles_per_s": round(i / (time.perf_counter() - w0)),
                         "rss_mb": round(_rss_mb(), 1), "rss_growth_mb": round(_rss_mb() - rss0, 1),
                         "live_articles": len(grouper.copies.entries), "live_stories": len(grouper.index.stories),
                         "copies_found": copies})
            seg_start, seg_c = i, now
    main_cpu = time.process_time() - c0
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)  # the feature worker, reaped when its pool closed
    worker_cpu = kids.ru_utime + kids.ru_stime
    queue.put({"workers": workers, "checkpoints": rows, "main_cpu_s": round(main_cpu, 1), "worker_cpu_s": round(worker_cpu, 1),
               "articles_per_s_bound": round(n / max(main_cpu, worker_cpu)),
               "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
               "worker_peak_rss_mb": round(kids.ru_maxrss / 1024, 1)})


def measure_pile(n: int, settings: StoriesSettings, _checkpoints: list[int], workers: int, queue) -> None:
    """Time `group()` on a pre-built list of the stream's articles, as the CLI runs it (in a child process)."""
    c0 = time.process_time()
    articles = list(stream(n))
    build_cpu = time.process_time() - c0
    c0, w0 = time.process_time(), time.perf_counter()
    stories = group(articles, settings, workers=workers)
    wall, main_cpu = time.perf_counter() - w0, time.process_time() - c0
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    worker_cpu = kids.ru_utime + kids.ru_stime
    queue.put({"workers": workers, "articles": n, "stories": len(stories),
               "copies_found": sum(a.copy_of is not None for a in articles),
               "wall_s": round(wall, 1), "wall_articles_per_s": round(n / wall),
               "main_cpu_s": round(main_cpu, 1), "worker_cpu_s": round(worker_cpu, 1),
               "articles_per_s_bound": round(n / max(main_cpu, worker_cpu)),
               "generation_us_per_article": round(build_cpu / n * 1e6, 1),
               "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)})


def _run(n: int, settings: StoriesSettings, checkpoints: list[int], workers: int, target=measure) -> dict:
    ctx = mp.get_context("fork")  # a fresh process per run: one run's memory never inflates the other's
    q = ctx.Queue()
    p = ctx.Process(target=target, args=(n, settings, checkpoints, workers, q))
    p.start()
    out = q.get()
    p.join()
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench stream_scale", description=__doc__)
    ap.add_argument("--n", type=int, default=100_000, help="articles in the stream (default 100000)")
    args = ap.parse_args(argv or [])
    n, q = args.n, max(1, args.n // 4)
    settings = StoriesSettings()
    load0 = f"{os.getloadavg()[0]:.1f}"
    runs = {
        "newsfuse, 2 processes": _run(n, settings, sorted({q, max(1, n // 2), n}), workers=2),
        "newsfuse, 1 process": _run(q, settings, sorted({max(1, q // 4), max(1, q // 2), q}), workers=1),
        # what weighing the lead's names costs (stories.lead_name_weight), measured beside it
        "newsfuse without lead names, 2 processes": _run(q, settings.model_copy(update={"lead_name_weight": 0.0}),
                                                         sorted({max(1, q // 2), q}), workers=2),
        # what the second look at articles left alone costs (stories.second_look), measured beside it
        "newsfuse without the second look, 2 processes": _run(q, settings.model_copy(update={"second_look": 0}),
                                                              sorted({max(1, q // 2), q}), workers=2),
        "baseline: no time window, 1 process": _run(q, settings.model_copy(update={"window_days": 1e9}),
                                                    sorted({max(1, q // 4), max(1, q // 2), q}), workers=1),
    }
    pile = _run(n, settings, [], workers=2, target=measure_pile)
    print(f"load average before/after: {load0} / {os.getloadavg()[0]:.1f} (a shared machine slows wall time;"
          " CPU-second rates do not depend on it)")
    print(f"stream: {n:,} articles, {PER_DAY:,}/day, ~{COPY_SHARE:.0%} copies, window {settings.window_days:g} days")
    for name, res in runs.items():
        print(f"  {name}: main CPU {res['main_cpu_s']} s, worker CPU {res['worker_cpu_s']} s"
              f" -> {res['articles_per_s_bound']:,} articles/s with a core per process;"
              f" peak RSS {res['peak_rss_mb']:.0f} MB (worker {res['worker_peak_rss_mb']:.0f} MB)")
        for r in res["checkpoints"]:
            print(f"    at {r['articles']:>7,}: main {r['main_articles_per_cpu_s']:>6,} articles/CPU-s"
                  f" ({r['segment_articles_per_cpu_s']:,} in segment, {r['wall_articles_per_s']:,}/s wall),"
                  f" RSS {r['rss_mb']:.0f} MB (+{r['rss_growth_mb']:.0f}),"
                  f" live articles {r['live_articles']:,}, live stories {r['live_stories']:,}")
    print(f"  stream generation alone: {pile['generation_us_per_article']} us/article of main CPU"
          " (inside the figures above: the stream is generated in the deciding process)")
    print(f"  group(articles, workers=2) on a pre-built list of {n:,} (the `newsfuse stories` path):"
          f" {pile['wall_s']} s wall = {pile['wall_articles_per_s']:,} articles/s; main CPU {pile['main_cpu_s']} s,"
          f" worker CPU {pile['worker_cpu_s']} s -> {pile['articles_per_s_bound']:,} articles/s with a core per process;"
          f" {pile['stories']:,} stories, {pile['copies_found']:,} copies")
    figures = {"n": n, "per_day": PER_DAY, "window_days": settings.window_days,
               "load_average": [load0, f"{os.getloadavg()[0]:.1f}"],
               "note": "main CPU includes generating the stream; articles_per_s_bound = n / max(main CPU, worker CPU);"
                       " pile: group() on a pre-built list (generation not timed)",
               "runs": runs, "pile": pile}
    print(f"results: {save('stream_scale', figures)}")
    return 0
