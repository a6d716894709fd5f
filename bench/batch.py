"""newsfuse batch beside the single-process commands, in the same run.

Same answers: ECB+ and MMDS-dev written as CC-NEWS-layout WARC files (8 partitions each), run by `batch` on a
LocalCluster of 2 workers and by the single-process path of `newsfuse stories` / `newsfuse brief` on the same
files: BCubed F1 of both against the gold stories, copies (copy_of, origin) compared article by article, and the
briefing JSON of every story both give with the same articles compared byte for byte.
Scale: the stream bench's generated stream (real reports re-sampled, edited copies, 1,000 articles a day) written
as WARC files, through ingest, clean, copies and stories (no briefing) on 1 and on 2 workers: articles/s, peak
memory per worker and of the deciding process, seconds per stage; the single-process `stories` path on the same
files as the baseline.
"""
from __future__ import annotations

import argparse
import json
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

from bench.clustering import bcubed
from bench.common import RESULTS, ROOT, save

sys.path.insert(0, str(ROOT / "tests"))
from warc_corpus import ecb_docs, mmds_docs, split_warcs, write_warc  # noqa: E402

from newsfuse.config import Settings  # noqa: E402
from newsfuse.progress import Progress  # noqa: E402


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run_batch(files: list[Path], out: Path, workers: int, settings: Settings, brief: bool) -> dict:
    """One batch run on a fresh LocalCluster; its summary, wall seconds and each worker's peak RSS."""
    from distributed import Client, LocalCluster
    import logging

    from newsfuse.batch.plan import partitions
    from newsfuse.batch.run import execute

    cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, host="127.0.0.1",
                           dashboard_address=None, silence_logs=logging.ERROR)
    client = Client(cluster)
    try:
        parts, _ = partitions([str(f) for f in files])
        t0 = time.perf_counter()
        summary = execute(client, parts, out, settings, None, None, None, False, Progress(enabled=False), brief=brief)
        summary["wall"] = time.perf_counter() - t0
        summary["worker_peak_mb"] = sorted(round(v / 1024, 1) for v in client.run(
            lambda: resource.getrusage(resource.RUSAGE_SELF).ru_maxrss).values())
    finally:
        logging.getLogger("distributed").setLevel(logging.CRITICAL)
        client.close()
        cluster.close()
    return summary


def single(files: list[Path], settings: Settings, brief: bool):
    """The single-process path on the same files: (articles, stories, briefing or None, seconds)."""
    from newsfuse import pipeline
    from newsfuse.stories import group

    t0 = time.perf_counter()
    if brief:
        b = pipeline.brief([str(f) for f in files], settings=settings)
        return [a for s in b.stories for a in s.articles], b.stories, b, time.perf_counter() - t0
    articles, _ = pipeline.load_articles([str(f) for f in files], settings=settings)
    stories = group(articles, settings.stories, workers=2)
    return articles, stories, None, time.perf_counter() - t0


def same_answers(name: str, docs: list[dict], gold: dict, tmp: Path, brief: bool) -> dict:
    import pandas as pd

    settings = Settings()
    files = split_warcs(tmp / name, docs, 8)
    articles, stories, briefing, secs = single(files, settings, brief)
    where = {a.id: s.id for s in stories for a in s.articles}
    out = tmp / f"{name}-out"
    summary = run_batch(files, out, 2, settings, brief)
    arts = pd.read_parquet(out / "articles")
    b_story = dict(zip(arts["id"], arts["story"]))
    b_copy = {r.id: (None if pd.isna(r.copy_of) else r.copy_of, r.origin) for r in arts.itertuples()}
    ids = [a.id for a in articles]
    by_url = {a.id: a.url for a in articles}
    g = [gold[by_url[i]] for i in ids]
    f_single = bcubed([where[i] for i in ids], g)
    f_batch = bcubed([b_story.get(i, "missing-" + i) for i in ids], g)
    copies_same = all(b_copy.get(a.id) == (a.copy_of, a.origin) for a in articles) and len(arts) == len(articles)
    row = {"articles": len(articles), "partitions": 8, "single": f_single, "batch": f_batch,
           "f1_difference": round(abs(f_single["f1"] - f_batch["f1"]), 4), "copies_identical": copies_same,
           "copies": sum(a.copy_of is not None for a in articles), "single_seconds": round(secs, 1),
           "batch_seconds": round(summary["wall"], 1), "stories": len(stories)}
    if briefing is not None:
        same = total = 0
        members = {s.id: sorted(a.id for a in s.articles) for s in briefing.stories}
        for s in briefing.stories:
            path = out / "reports" / f"{s.id}.json"
            if len(s.articles) < 2 or not path.exists():
                continue
            mine = json.loads(path.read_text(encoding="utf-8"))["stories"][0]
            if sorted(a["id"] for a in mine["articles"]) != members[s.id]:
                continue
            total += 1
            same += json.dumps(mine, sort_keys=True) == json.dumps(json.loads(s.model_dump_json(by_alias=True)), sort_keys=True)
        row["briefings_compared"], row["briefings_identical"] = total, same
    print(f"{name}: {len(articles)} articles in 8 WARC files; BCubed F1 single {f_single['f1']:.4f}, batch "
          f"{f_batch['f1']:.4f}; copies identical: {copies_same} ({row['copies']} copies)"
          + (f"; briefings identical {row['briefings_identical']}/{row['briefings_compared']}" if briefing else "")
          + f"; single {secs:.1f} s, batch on 2 workers {summary['wall']:.1f} s", flush=True)
    return row


def stream_files(n: int, tmp: Path, files: int) -> list[Path]:
    """The stream bench's first `n` articles as HTML pages in `files` WARC files (in time order, dealt in runs)."""
    from bench.stream_scale import stream

    per = -(-n // files)
    paths, batch = [], []
    folder = tmp / f"stream-{n}"
    folder.mkdir(parents=True, exist_ok=True)
    for i, a in enumerate(stream(n)):
        paras = a.text.split("\n")
        batch.append({"url": f"https://stream.example.com/{i}", "title": paras[0][:150], "paragraphs": paras[1:] or paras,
                      "published": a.published + "Z"})
        if len(batch) == per:
            paths.append(folder / f"CC-NEWS-{len(paths):05d}.warc.gz")
            write_warc(paths[-1], batch)
            batch = []
    if batch:
        paths.append(folder / f"CC-NEWS-{len(paths):05d}.warc.gz")
        write_warc(paths[-1], batch)
    return paths


def scale(n: int, tmp: Path) -> dict:
    settings = Settings()
    t0 = time.perf_counter()
    files = stream_files(n, tmp, 16)
    print(f"stream of {n} articles written as {len(files)} WARC files in {time.perf_counter() - t0:.0f} s", flush=True)
    articles, stories, _, secs = single(files, settings, False)
    base = {"articles": len(articles), "seconds": round(secs, 1), "articles_per_s": round(len(articles) / secs, 1),
            "stories": len(stories), "peak_mb": round(_peak_mb(), 1)}
    print(f"  single-process stories path (clean on 2 processes): {base['articles_per_s']} articles/s", flush=True)
    del articles, stories
    rows = {"single_process": base}
    for w in (1, 2):
        out = tmp / f"scale-{n}-{w}"
        client_before = _peak_mb()
        s = run_batch(files, out, w, settings, brief=False)
        rows[f"workers_{w}"] = {"articles": s["articles"], "seconds": round(s["wall"], 1),
                                "articles_per_s": round(s["articles"] / s["wall"], 1), "stories": s["stories"],
                                "worker_peak_mb": s["worker_peak_mb"], "client_peak_mb": round(max(_peak_mb(), client_before), 1),
                                "steps_wall_s": s["seconds"], "worker_seconds": s["partition_seconds"]}
        print(f"  batch, {w} worker(s): {rows[f'workers_{w}']['articles_per_s']} articles/s, worker peak "
              f"{s['worker_peak_mb']} MB, steps {s['seconds']}, per-piece worker-seconds {s['partition_seconds']}", flush=True)
        shutil.rmtree(out, ignore_errors=True)
    rows["speedup_1_to_2"] = round(rows["workers_2"]["articles_per_s"] / rows["workers_1"]["articles_per_s"], 2)
    same = rows["workers_1"]["stories"] == rows["workers_2"]["stories"] == base["stories"]
    rows["same_story_count"] = same
    print(f"  speed-up 1 -> 2 workers: {rows['speedup_1_to_2']}x; same number of stories everywhere: {same}", flush=True)
    return rows


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench batch", description=__doc__)
    ap.add_argument("--n", type=int, nargs="*", default=[20000], help="stream sizes for the scale part")
    ap.add_argument("--no-brief", action="store_true", help="compare stories and copies only (no briefings)")
    ap.add_argument("--skip-same", action="store_true", help="only the scale part")
    args = ap.parse_args(argv or [])
    tmp = Path(tempfile.mkdtemp(prefix="newsfuse-bench-batch-"))
    figures: dict = {"note": "2-core VM shared with other work: wall figures are loaded-machine figures"}
    try:
        earlier = RESULTS / "batch.json"
        if args.skip_same and earlier.exists():  # the same-answers figures of the last full run are kept
            old = json.loads(earlier.read_text(encoding="utf-8"))
            figures.update({k: old[k] for k in ("ecbplus", "mmds") if k in old})
            figures["scale"] = old.get("scale", {})
        if not args.skip_same:
            figures["ecbplus"] = same_answers("ecbplus", *ecb_docs(dated=False), tmp, not args.no_brief)
            figures["mmds"] = same_answers("mmds", *mmds_docs(), tmp, not args.no_brief)
        figures.setdefault("scale", {}).update({str(n): scale(n, tmp) for n in args.n})
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    print(f"wrote {save('batch', figures)}")
    return 0
