"""How fast is corroboration on a big story? 100 real ECB+ articles as one story: claims, coverage, ledger.

Timed warm (the MiniLM model loaded and the embedding cache cleared before each run) with wall-clock and
CPU time, beside the same run with lexical alignment only (no embeddings) as the baseline. The machine's
load average is printed because other work on the same two cores slows the wall-clock figure.
"""
from __future__ import annotations

import json
import os
import time

from bench.common import DATA, save
from newsfuse.config import CorroborateSettings
from newsfuse.corroborate import corroborate
from newsfuse.embed import get_embedder
from newsfuse.model import Article, Story

N_ARTICLES = 100


def big_story(n: int = N_ARTICLES) -> Story:
    """The first n ECB+ articles (whole topics, in file order) as one story, each its own origin."""
    arts = []
    with (DATA / "clustering" / "ecbplus.jsonl").open(encoding="utf-8") as f:
        for line in f:
            row = json.loads(line)
            arts.append(Article(id=f"a-{row['id']}", input=row["id"], outlet=f"outlet {len(arts) % 37}",
                                published="2012-06-01", text="\n".join(row["sentences"])))
            if len(arts) == n:
                break
    return Story(id="s-big", articles=arts)


def timed(settings: CorroborateSettings) -> tuple[float, float, Story]:
    """(wall seconds, CPU seconds, annotated story) for one corroboration of a fresh copy of the story."""
    story = big_story()
    get_embedder().forget()  # no help from an earlier run
    w, c = time.perf_counter(), time.process_time()
    corroborate(story, settings)
    return time.perf_counter() - w, time.process_time() - c, story


def main(argv: list[str] | None = None) -> int:
    t0 = time.perf_counter()
    get_embedder().encode(["load the model"])
    load = time.perf_counter() - t0
    wall, cpu, story = timed(CorroborateSettings())
    b_wall, b_cpu, b_story = timed(CorroborateSettings(embeddings=False))
    # where the time goes: the sentence vectors alone, then everything else with the vectors cached
    from newsfuse.corroborate.claims import build_units

    texts = [u.text for u in build_units(big_story(), CorroborateSettings())]
    get_embedder().forget()
    c = time.process_time()
    get_embedder().encode(texts)
    embed_cpu = time.process_time() - c
    c = time.process_time()
    corroborate(big_story(), CorroborateSettings())
    rest_cpu = time.process_time() - c
    words = sum(len(a.text.split()) for a in story.articles)
    figures = {
        "articles": len(story.articles), "words": words,
        "claims": len(story.claims), "main_claims": sum(c.support >= 2 for c in story.claims),
        "discrepancies": len(story.discrepancies), "coverage_cells": len(story.coverage),
        "wall_seconds": round(wall, 2), "cpu_seconds": round(cpu, 2),
        "baseline_lexical_wall_seconds": round(b_wall, 2), "baseline_lexical_cpu_seconds": round(b_cpu, 2),
        "baseline_lexical_claims": len(b_story.claims), "baseline_lexical_main_claims": sum(c.support >= 2 for c in b_story.claims),
        "units": len(texts), "embed_cpu_seconds": round(embed_cpu, 2), "rest_cpu_seconds": round(rest_cpu, 2),
        "model_load_seconds": round(load, 2), "load_average": [round(x, 2) for x in os.getloadavg()],
        "cores": os.cpu_count(), "target_seconds": 5.0,
    }
    print(f"one story of {len(story.articles)} ECB+ articles ({words} words): {figures['claims']} claims "
          f"({figures['main_claims']} with support >= 2), {figures['discrepancies']} discrepancies")
    print(f"  corroborate (MiniLM + lexical)  wall {wall:5.2f} s   cpu {cpu:5.2f} s")
    print(f"  baseline lexical only           wall {b_wall:5.2f} s   cpu {b_cpu:5.2f} s   "
          f"({figures['baseline_lexical_main_claims']} main claims)")
    print(f"  cpu split: MiniLM vectors for {len(texts)} sentences {embed_cpu:.2f} s, everything else {rest_cpu:.2f} s")
    print(f"  model load {load:.2f} s; load average {figures['load_average']} on {os.cpu_count()} cores")
    print(f"  target < 5 s: {'reached' if wall < 5 else 'missed'} (wall), {'reached' if cpu < 5 else 'missed'} (cpu)")
    save("corroborate_speed", figures)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
