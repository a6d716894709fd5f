"""The batch plan on a Dask cluster: read+clean per piece, shuffles by key and by day, one time-ordered grouping,
then articles and stories written and briefed per piece and per story bucket. Every step is resumable."""
from __future__ import annotations

import hashlib
import json
import shutil
import time
from pathlib import Path
from typing import Callable, Optional

import pyarrow as pa
import pyarrow.parquet as pq

from ..config import Settings
from ..progress import Progress
from . import briefs, order, tables
from .partition import KEY_BUCKETS, id_renames, key_winners, read_partition
from .plan import Partition
from .report import write_index

DERIVED = ("members", "finished", "briefed")  # work folders that follow from the grouping


class RunError(Exception):
    """A run that cannot start (a folder holding another run, a scheduler that cannot be reached)."""


def _fingerprint(parts: list[Partition], settings: Settings, window: tuple) -> str:
    key = json.dumps([[p.pid for p in parts], settings.model_dump(mode="json"), list(window)], sort_keys=True)
    return hashlib.sha1(key.encode("utf-8")).hexdigest()


def prepare_out(out: Path, parts: list[Partition], settings: Settings, window: tuple, resume: bool) -> Path:
    """The work folder of this run; RunError when `out` holds another run and --resume does not continue it."""
    work = out / "_work"
    run_file = work / "run.json"
    fp = _fingerprint(parts, settings, window)
    if run_file.exists():
        earlier = json.loads(run_file.read_text(encoding="utf-8"))
        if not resume:
            raise RunError(f"--out {out} holds an earlier batch run: give --resume to continue it, or another --out")
        if earlier.get("fingerprint") != fp:
            raise RunError(f"--resume: the inputs or settings differ from the run in {out} (a file changed, or another "
                           "INPUT, --since/--until or setting); start it in another --out")
    elif resume and out.exists() and any(out.iterdir()):
        raise RunError(f"--resume: {out} holds no batch run to continue")
    work.mkdir(parents=True, exist_ok=True)
    run_file.write_text(json.dumps({"fingerprint": fp, "partitions": [p.pid for p in parts]}), encoding="utf-8")
    return work


def _gather(client, fn, jobs: list[tuple[str, tuple]], progress: Progress, desc: str,
            failed: Callable[[str, Exception], None]) -> dict[str, dict]:
    """Run fn(*args) for each (name, args) on the cluster; results by name; each failure handed to `failed`."""
    from distributed import as_completed

    if not jobs:
        return {}
    futures = {client.submit(fn, *args, key=f"{desc}-{name}", pure=False): name for name, args in jobs}
    results: dict[str, dict] = {}
    for fut in progress.iter(as_completed(futures), desc, total=len(futures), unit="task"):
        name = futures[fut]
        try:
            results[name] = fut.result()
        except Exception as e:  # noqa: BLE001 - one piece failing must not cost the others
            failed(name, e)
    return results


def execute(client, parts: list[Partition], out: Path, settings: Settings, published: Optional[str],
            since: Optional[str], until: Optional[str], resume: bool, progress: Progress, brief: bool = True) -> dict:
    """Run the whole plan (`brief` False: no story briefed, as the scale bench measures ingest, copies and stories);
    return the run's summary (counts, errors, seconds per step)."""
    work = prepare_out(out, parts, settings, (published, since, until), resume)
    seconds: dict[str, float] = {}
    errors: list[dict] = []

    def failed(what: str, file_of: dict) -> Callable[[str, Exception], None]:
        def record(name: str, e: Exception) -> None:
            errors.append({"input": file_of.get(name, name), "file": file_of.get(name), "offset": None,
                           "error": f"the {what} task failed and its part was left out: {type(e).__name__}: {e}",
                           "skipped": True, "stage": what})
        return record

    # 1. read, clean and prepare every piece (finished pieces of an earlier run are kept)
    t0 = time.perf_counter()
    file_of = {p.pid: p.path for p in parts}
    done = {p.pid: json.loads((work / "parts" / p.pid / "done.json").read_text(encoding="utf-8"))
            for p in parts if (work / "parts" / p.pid / "done.json").exists()}
    todo = [(p.pid, (p, settings, published, since, until, str(work))) for p in parts if p.pid not in done]
    done.update(_gather(client, read_partition, todo, progress, "read", failed("read", file_of)))
    seconds["read_clean_features"] = time.perf_counter() - t0
    ready = [done[p.pid] for p in parts if p.pid in done]
    for d in ready:
        errors += [{"input": pr["input"], "file": pr["file"], "offset": pr["offset"], "error": pr["error"],
                    "skipped": pr["skipped"], "stage": "read"} for pr in d["problems"]]

    # 2. the shuffles by input key and by article id: one document per input, one id per article, over all pieces
    t0 = time.perf_counter()
    pids = [d["pid"] for d in ready]
    loser_lists = client.gather([client.submit(key_winners, str(work), b, pids, pure=False) for b in range(KEY_BUCKETS)])
    losers = {tuple(x) for lst in loser_lists for x in lst}
    lost_future = client.scatter([losers])[0]  # one object, not one per element
    rename_maps = client.gather([client.submit(id_renames, str(work), b, pids, lost_future, pure=False)
                                 for b in range(KEY_BUCKETS)])
    renames = {k: v for m in rename_maps for k, v in m.items()}
    seconds["shuffle_keys"] = time.perf_counter() - t0

    # 3. copies and stories, in one time order, on this process
    t0 = time.perf_counter()
    total = sum(d["articles"] for d in ready) - len(losers)
    cols = order.decide(str(work), ready, losers, renames, settings.stories, progress, max(total, 0))
    seconds["copies_stories"] = time.perf_counter() - t0
    digest = _write_assign(work, cols)
    state = work / "assign.digest"
    if not state.exists() or state.read_text() != digest:  # another grouping: what followed from it is redone
        for name in DERIVED:
            shutil.rmtree(work / name, ignore_errors=True)
        for name in list(tables.STORY_TABLES) + ["articles", "errors", "reports"]:
            shutil.rmtree(out / name, ignore_errors=True)
        (work / "assign.digest").write_text(digest)

    # 4. articles table and story buckets, per piece; 5. stories briefed, per bucket
    t0 = time.perf_counter()
    with_rows = sorted(set(cols["pid"]))
    finished = {pid: briefs.marked(str(work), "finished", pid) for pid in with_rows}
    todo = [(pid, (pid, str(work), str(out), next(d["file"] for d in ready if d["pid"] == pid)))
            for pid in with_rows if not finished[pid]]
    finished.update(_gather(client, briefs.finish_partition, todo, progress, "articles", failed("articles", file_of)))
    seconds["write_articles"] = time.perf_counter() - t0
    t0 = time.perf_counter()
    buckets = sorted({b for f in finished.values() if f for b in f["buckets"]}) if brief else []
    briefed = {b: briefs.marked(str(work), "briefed", b) for b in buckets}
    todo = [(b, (b, str(work), str(out), settings)) for b in buckets if not briefed[b]]
    briefed.update(_gather(client, briefs.brief_bucket, todo, progress, "brief", failed("brief", {})))
    seconds["brief"] = time.perf_counter() - t0
    for b in buckets:
        if briefed.get(b):
            errors += briefed[b]["errors"]

    index = [r for b in buckets if briefed.get(b) for r in briefed[b]["index"]]
    n_single = sum(1 for s in cols["story_size"] if s == 1)
    tables.write(str(out), "errors", None, "run", errors)
    write_index(out / "index.html", index, n_single, len(cols["id"]), len(errors))
    summary = {"partitions": len(parts), "partitions_read": len(ready), "documents": sum(d["documents"] for d in ready),
               "articles": len(cols["id"]), "duplicates_dropped": len(losers), "renamed": len(renames),
               "excluded_by_date": sum(d["excluded"] for d in ready),
               "stories": len(set(cols["story"])), "stories_briefed": len(index), "single_article_stories": n_single,
               "errors": errors, "seconds": {k: round(v, 3) for k, v in seconds.items()},
               "partition_seconds": _stage_sums(ready)}
    (work / "summary.json").write_text(json.dumps({k: v for k, v in summary.items() if k != "errors"}, indent=2))
    return summary


def _stage_sums(ready: list[dict]) -> dict[str, float]:
    """Seconds each per-piece stage took, summed over the pieces (CPU-bound: worker-seconds)."""
    sums: dict[str, float] = {}
    for d in ready:
        for k, v in d["seconds"].items():
            sums[k] = round(sums.get(k, 0.0) + v, 3)
    return sums


def _write_assign(work: Path, cols: dict[str, list]) -> str:
    """Write the grouping (assign.parquet) and return a digest of it."""
    table = pa.table(cols, schema=pa.schema([("pid", pa.string()), ("idx", pa.int64()), ("id", pa.string()),
                                             ("story", pa.string()), ("copy_of", pa.string()), ("origin", pa.string()),
                                             ("position", pa.int64()), ("story_size", pa.int64()),
                                             ("first_day", pa.string())]))
    tmp = work / ".assign.parquet.tmp"
    pq.write_table(table, tmp)
    tmp.replace(work / "assign.parquet")
    h = hashlib.sha1()
    for k in ("pid", "idx", "id", "story", "copy_of", "origin"):
        h.update(json.dumps(cols[k]).encode("utf-8"))
    return h.hexdigest()
