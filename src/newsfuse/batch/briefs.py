"""The steps after the grouping, on workers: articles written with their stories, stories briefed in parallel.

`finish_partition` (one task per piece) gives each article its final id, copy_of, origin and story, writes the
`articles` table and a light `stories` row for each single-article story, and sends the articles of larger
stories to their story bucket (the shuffle by story: (first day, hash) of the story id). `brief_bucket` (one task
per bucket) rebuilds each story with its articles in the grouper's order and briefs it with
`pipeline.brief_stories`, the per-story grain `brief` runs, so the briefing JSON is the one `brief` gives.
"""
from __future__ import annotations

import json
import os
import time
from pathlib import Path

import pyarrow.parquet as pq

from ..config import Settings
from ..model import Briefing, InputError, Story
from . import tables
from .partition import bucket, day_of, dump, load

STORY_BUCKETS = 8  # story buckets per day: the briefing tasks of one busy day


def story_bucket(day: str, story: str) -> str:
    return f"{day}.{bucket(story, STORY_BUCKETS)}"


def finish_partition(pid: str, work: str, out: str, file: str) -> dict:
    """Write one piece's articles and single-article stories; hand its other articles to their story buckets."""
    t0 = time.perf_counter()
    held = load(Path(work) / "parts" / pid / "articles.pkl")
    arts, offsets = held["articles"], held["offsets"]
    assign = pq.read_table(Path(work) / "assign.parquet", filters=[("pid", "=", pid)]).to_pylist()
    by_day: dict[str, list] = {}
    singles: dict[str, list] = {}
    members: dict[str, list] = {}
    for row in assign:
        a = arts[row["idx"]].model_copy(update={"id": row["id"], "copy_of": row["copy_of"], "origin": row["origin"]})
        day = day_of(a.published)
        by_day.setdefault(day, []).append(tables.article_row(a, row["story"], file, offsets.get(row["idx"])))
        if row["story_size"] == 1:
            singles.setdefault(day, []).append(tables.story_row(Story(id=row["story"], articles=[a]), False, None))
        else:
            members.setdefault(row["first_day"], []).append((row["position"], row["story"], a))
    for day, rows in by_day.items():
        tables.write(out, "articles", day, pid, rows)
    for day, rows in singles.items():
        tables.write(out, "stories", day, f"single-{pid}", rows)
    grouped: dict[str, list] = {}
    for day, rows in members.items():
        for r in rows:
            grouped.setdefault(story_bucket(day, r[1]), []).append(r)
    folder = Path(work) / "members"
    folder.mkdir(exist_ok=True)
    for b, rows in grouped.items():
        (folder / b).mkdir(exist_ok=True)
        dump(folder / b / f"{pid}.pkl", rows)
    done = {"pid": pid, "articles": len(assign), "buckets": sorted(grouped), "seconds": round(time.perf_counter() - t0, 4)}
    _mark(work, "finished", pid, done)
    return done


def brief_bucket(b: str, work: str, out: str, settings: Settings) -> dict:
    """Brief every story of one bucket; write its briefing JSON and report and its rows of the story tables."""
    t0 = time.perf_counter()
    rows = []
    folder = Path(work) / "members" / b
    for f in sorted(folder.glob("*.pkl")):
        rows += load(f)
    rows.sort(key=lambda r: r[0])  # the grouper's order: a story's articles as `group` lists them
    stories: dict[str, Story] = {}
    for _, sid, a in rows:
        stories.setdefault(sid, Story(id=sid)).articles.append(a)
    s = settings.model_copy(deep=True)
    s.analyze.processes = 1  # the worker is the process: no forks inside it
    s.clean.processes = 1
    day = b.rsplit(".", 1)[0]
    table_rows: dict[str, list] = {t: [] for t in tables.STORY_TABLES}
    errors: list[dict] = []
    index = []
    from .. import pipeline
    from ..render import render

    reports = Path(out) / "reports"
    reports.mkdir(parents=True, exist_ok=True)
    for sid in stories:  # in order of their first article
        story = stories[sid]
        errs: list[InputError] = []
        pipeline.brief_stories([story], s, errs)
        briefing = Briefing(stories=[story], errors=errs)
        _write(reports / f"{sid}.json", render(briefing, "json"))
        _write(reports / f"{sid}.html", render(briefing, "html"))
        table_rows["stories"].append(tables.story_row(story, True, f"reports/{sid}.html"))
        for t, more in tables.story_rows(story).items():
            table_rows[t] += more
        errors += [{"input": e.input, "file": None, "offset": None, "error": e.error, "skipped": e.skipped,
                    "stage": "brief"} for e in errs]
        r = table_rows["stories"][-1]
        index.append({k: r[k] for k in ("id", "headline", "articles", "sources", "outlets", "first_published")})
    for t, more in table_rows.items():
        tables.write(out, t, day, b, more)
    done = {"bucket": b, "stories": len(stories), "articles": len(rows), "index": index, "errors": errors,
            "seconds": round(time.perf_counter() - t0, 4)}
    _mark(work, "briefed", b, done)
    return done


def _write(path: Path, text: str) -> None:
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


def _mark(work: str, step: str, name: str, done: dict) -> None:
    """Record a finished task (its summary), so `--resume` skips it."""
    folder = Path(work) / step
    folder.mkdir(exist_ok=True)
    _write(folder / f"{name}.json", json.dumps(done))


def marked(work: str, step: str, name: str):
    """The summary of a task finished by an earlier run, or None."""
    path = Path(work) / step / f"{name}.json"
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else None
