"""Sustained ingest of `newsfuse serve`: a loopback network of feeds of teasers linking to article pages made from
ECB+ articles (../shared/data/clustering/ecbplus.jsonl); the worker fetches, cleans, groups and briefs them all.

Figures: articles/hour fully processed (fetched, cleaned, grouped, briefed) and the latency from an item being
seen in its feed to a stored briefing of its story including it (p50/p95), beside the baseline measured in the
same run: `newsfuse brief` (pipeline.brief) over the same pages as one pile of files. Also BCubed F1 of the
service's stories against ECB+'s gold stories, beside brief's, as a check that the fast path is the same path.

  python -m bench serve_ingest [--feeds 40] [--articles 400]
"""
from __future__ import annotations

import argparse
import html
import json
import shutil
import statistics
import tempfile
import threading
import time
from pathlib import Path

from bench.common import DATA, save

from newsfuse import pipeline
from newsfuse.config import Settings
from newsfuse.server.demo import FeedNetwork, feed_route
from newsfuse.server.worker import Worker
from newsfuse.store import open_store
from newsfuse.store import queries as q
from newsfuse.store.models import StoredArticle


def page(doc: dict) -> str:
    title = html.escape(doc["sentences"][0][:90])
    body = "".join(f"<p>{html.escape(s)}</p>" for s in doc["sentences"])
    return f"<!DOCTYPE html><html><head><title>{title}</title></head><body><article><h1>{title}</h1>{body}</article></body></html>"


def bcubed(pred: dict[str, str], gold: dict[str, str]) -> float:
    """BCubed F1 of predicted clusters against gold ones (items: the keys of gold)."""
    from collections import defaultdict

    pc, gc = defaultdict(set), defaultdict(set)
    for k in gold:
        pc[pred[k]].add(k)
        gc[gold[k]].add(k)
    p = statistics.mean(len(pc[pred[k]] & gc[gold[k]]) / len(pc[pred[k]]) for k in gold)
    r = statistics.mean(len(pc[pred[k]] & gc[gold[k]]) / len(gc[gold[k]]) for k in gold)
    return 2 * p * r / (p + r)


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(prog="bench serve_ingest")
    ap.add_argument("--feeds", type=int, default=40)
    ap.add_argument("--articles", type=int, default=400)
    args = ap.parse_args(argv)
    docs = [json.loads(line) for line in (DATA / "clustering" / "ecbplus.jsonl").open(encoding="utf-8")][: args.articles]
    tmp = Path(tempfile.mkdtemp(prefix="nf-bench-serve-"))
    net = FeedNetwork()
    try:
        pages_dir = tmp / "pages"
        pages_dir.mkdir()
        feeds: dict[int, list[dict]] = {}
        gold_by_link: dict[str, str] = {}
        for i, d in enumerate(docs):
            text = page(d)
            link = net.static(f"/o{i % args.feeds}/{d['id']}.html", text.encode())
            (pages_dir / f"{d['id']}.html").write_text(text, encoding="utf-8")
            gold_by_link[link] = d["story"]
            feeds.setdefault(i % args.feeds, []).append({"title": d["sentences"][0][:90], "link": link})
        net.static("/robots.txt", b"User-agent: *\nAllow: /\n", "text/plain")
        settings = Settings.model_validate({"serve": {"data_dir": str(tmp / "data"), "allow_private_hosts": True,
                                                      "host_delay": 0.0, "host_concurrency": 8, "debounce": 5.0}})
        # baseline: the same pages briefed as one pile
        t0 = time.perf_counter()
        briefing = pipeline.brief([pages_dir], settings=settings)
        base_s = time.perf_counter() - t0
        base_pred = {a.input.rsplit("/", 1)[-1][:-5]: s.id for s in briefing.stories for a in s.articles}
        # the service: every feed followed, the worker running as `serve` runs it
        store = open_store(None, tmp / "data")
        with store.session() as s, s.begin():
            for k, items in feeds.items():
                q.add_source(s, net.add(f"/o{k}/feed.xml", feed_route(f"Outlet {k}", items)), f"Outlet {k}", 3600)
        worker = Worker(store, settings)
        thread = threading.Thread(target=worker.run, daemon=True)
        t0 = time.perf_counter()
        thread.start()
        while True:
            time.sleep(1.0)
            with store.session() as s:
                n = s.query(StoredArticle).filter(StoredArticle.briefed_at.is_not(None)).count()
                busy = q.due_items(s, q.now(), 1) or q.ungrouped(s, 1) or q.changed_stories(s, q.now(), 1) or worker.inflight
            if n >= len(docs) or (not busy and time.perf_counter() - t0 > 30):
                break
        serve_s = time.perf_counter() - t0
        worker.stop.set()
        thread.join()
        worker.close()
        with store.session() as s:
            rows = s.query(StoredArticle).all()
        lat = sorted((q.aware(r.briefed_at) - q.aware(r.seen_at)).total_seconds() for r in rows if r.briefed_at)
        serve_pred = {r.url.rsplit("/", 1)[-1][:-5]: r.story_id for r in rows}
        gold = {d["id"]: d["story"] for d in docs}
        store.close()
        figures = {
            "articles": len(docs), "feeds": args.feeds, "stored": len(rows), "briefed": len(lat),
            "serve_articles_per_hour": round(len(lat) / serve_s * 3600), "serve_seconds": round(serve_s, 1),
            "latency_p50_s": round(statistics.median(lat), 1) if lat else None,
            "latency_p95_s": round(statistics.quantiles(lat, n=20)[18], 1) if len(lat) > 1 else None,
            "baseline_brief_articles_per_hour": round(len(docs) / base_s * 3600), "baseline_brief_seconds": round(base_s, 1),
            "bcubed_f1_serve": round(bcubed(serve_pred, gold), 3) if len(serve_pred) == len(gold) else None,
            "bcubed_f1_brief": round(bcubed(base_pred, gold), 3) if len(base_pred) == len(gold) else None,
        }
    finally:
        net.close()
        shutil.rmtree(tmp, ignore_errors=True)
    for k, v in figures.items():
        print(f"{k:34} {v}")
    print("note: a backlog (every item in its feed at the start), so latency includes the wait in the queue")
    save("serve_ingest", figures)
    return 0
