"""A capacity model of `newsfuse batch` from the per-stage costs bench/batch measured, checked against its own
1- and 2-worker runs, then simulated for 10 and 100 workers on a CC-NEWS day (~370k articles) and a month.

The model is the plan as built: pieces (one per WARC file) are list-scheduled on W workers (each piece costs its
articles times the measured worker-seconds per article, plus the measured per-task overhead); then the by-key
shuffle (16 reducer tasks), the grouping in the deciding process (serial: measured seconds per article), and the
articles step (per piece again). Briefing is left out here as in the scale runs; its measured cost per briefed
article is added from the ECB+ run where it is known.
"""
from __future__ import annotations

import argparse
import heapq
import json

from bench.common import RESULTS, save

CC_DAY = 370_000
CC_FILE = 40_000  # articles in one ~1 GB CC-NEWS WARC file (an estimate from its size and ~25 KB per record)


def costs(figures: dict, n: str) -> dict:
    """Per-article and per-task costs from the scale run of size n (the 1-worker run: least contention)."""
    one = figures["scale"][n]["workers_1"]
    arts = one["articles"]
    ws = one["worker_seconds"]
    steps = one["steps_wall_s"]
    pieces = 16
    per_article = sum(ws.values()) / arts
    stage_wall = steps["read_clean_features"]
    overhead = max(0.0, (stage_wall - sum(ws.values())) / pieces)  # wall not spent in the pieces' own work
    return {"worker_s_per_article": per_article, "task_overhead_s": overhead,
            "serial_s_per_article": steps["copies_stories"] / arts, "shuffle_s": steps["shuffle_keys"],
            "articles_step_s_per_article": steps["write_articles"] / arts, "per_stage": {k: v / arts for k, v in ws.items()}}


def makespan(durations: list[float], workers: int) -> float:
    """Greedy list scheduling, longest first (what Dask's scheduler approaches for independent tasks)."""
    loads = [0.0] * workers
    heapq.heapify(loads)
    for d in sorted(durations, reverse=True):
        heapq.heappush(loads, heapq.heappop(loads) + d)
    return max(loads)


def simulate(c: dict, articles: int, pieces: int, workers: int) -> dict:
    """Predicted wall seconds of each step and in all."""
    per = articles / pieces
    read = makespan([per * c["worker_s_per_article"] + c["task_overhead_s"]] * pieces, workers)
    serial = articles * c["serial_s_per_article"]
    write = makespan([per * c["articles_step_s_per_article"] + c["task_overhead_s"]] * pieces, workers)
    total = read + c["shuffle_s"] + serial + write
    return {"read_clean_features": round(read, 1), "shuffle": round(c["shuffle_s"], 1), "copies_stories": round(serial, 1),
            "write_articles": round(write, 1), "total_s": round(total, 1), "articles_per_s": round(articles / total, 1)}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench batch_capacity", description=__doc__)
    ap.add_argument("--n", default=None, help="which scale run of bench/results/batch.json to take the costs from")
    args = ap.parse_args(argv or [])
    figures = json.loads((RESULTS / "batch.json").read_text(encoding="utf-8"))
    n = args.n or max(figures["scale"], key=int)
    c = costs(figures, n)
    out: dict = {"costs_from_run": n, "costs": c, "check": {}, "cc_news": {}}
    arts = figures["scale"][n]["workers_1"]["articles"]
    for w in (1, 2):
        pred = simulate(c, arts, 16, w)
        meas = figures["scale"][n][f"workers_{w}"]
        out["check"][w] = {"predicted_s": pred["total_s"], "measured_s": meas["seconds"]}
        print(f"check {w} worker(s), {arts} articles: predicted {pred['total_s']} s, measured {meas['seconds']} s")
    for label, total in (("day", CC_DAY), ("month", CC_DAY * 30)):
        for w in (10, 100):
            for pieces_label, pieces in (("one piece per file", max(1, total // CC_FILE)),
                                         ("files cut into 2,000-record pieces", max(1, total // 2000))):
                sim = simulate(c, total, pieces, w)
                out["cc_news"][f"{label}-{w}-{pieces}"] = {"workers": w, "pieces": pieces, **sim}
                print(f"CC-NEWS {label} ({total:,} articles), {w} workers, {pieces_label} ({pieces}): "
                      f"{sim['total_s'] / 3600:.2f} h (read/clean {sim['read_clean_features'] / 3600:.2f} h, "
                      f"serial grouping {sim['copies_stories'] / 3600:.2f} h)")
    print(f"wrote {save('batch_capacity', out)}")
    return 0
