"""The per-partition step on a worker: read, clean and compute the story features of one input piece.

What the piece leaves in the work folder (written whole, then renamed, so a killed worker leaves nothing half):
  parts/<pid>/articles.pkl    its cleaned articles by record index
  parts/<pid>/feat-<day>.pkl  per publication day, what the grouper needs of each article (the map side of the
                              shuffle by day that puts every article of every piece in one time order)
  parts/<pid>/keys-<b>.pkl    every document's input key (the map side of the shuffle by key that keeps one
                              document per input across all pieces, as `ingest.collect` does)
  parts/<pid>/ids-<b>.pkl     every article's id (the shuffle by id that tells apart two inputs of one text)
  parts/<pid>/done.json       counts, problems and seconds per stage; its presence means the piece is finished
"""
from __future__ import annotations

import json
import os
import pickle
import shutil
import time
import zlib
from math import floor
from pathlib import Path
from typing import Optional

from .. import clean
from ..config import Settings
from ..ingest import _key, _richness  # the one rule for "the same input" and "the copy with more metadata"
from ..model import Article, InputError
from ..stories import Grouper, _prepare, lead_vectors
from ..stories.features import timestamp
from .plan import Partition
from .readers import Problem, read_manifest_rows, read_parquet_rows, read_warc_file

UNDATED = "undated"
KEY_BUCKETS = 16  # reducers of the by-key and by-id shuffles


def day_of(published: Optional[str]) -> str:
    """The UTC day (YYYY-MM-DD) the grouper's clock puts an article on, or 'undated'."""
    t = timestamp(published)
    if t is None:
        return UNDATED
    return time.strftime("%Y-%m-%d", time.gmtime(floor(t) * 86400))


def bucket(key: str, buckets: int) -> int:
    """A stable bucket of a key (crc32, the same in every process, unlike hash())."""
    return zlib.crc32(key.encode("utf-8")) % buckets


def dump(path: Path, value) -> None:
    """Pickle `value` to `path` whole or not at all."""
    tmp = path.with_name(path.name + f".{os.getpid()}.tmp")
    with open(tmp, "wb") as f:
        pickle.dump(value, f, protocol=pickle.HIGHEST_PROTOCOL)
    os.replace(tmp, path)


def load(path: Path):
    with open(path, "rb") as f:
        return pickle.load(f)


def _documents(part: Partition, problems: list[Problem]):
    if part.kind == "warc":
        return read_warc_file(part.path, _name(part.path), problems)
    if part.kind == "manifest":
        return read_manifest_rows(part.path, part.start, part.stop, problems)
    return read_parquet_rows(part.path, part.start, problems)


def _name(path: str) -> str:
    from ..display import shown

    return shown(path)


def read_partition(part: Partition, settings: Settings, published: Optional[str], since: Optional[str],
                   until: Optional[str], work: str) -> dict:
    """Read, clean and prepare one piece; write its files into `work`/parts/<pid>; return its done.json."""
    final = Path(work) / "parts" / part.pid
    if (final / "done.json").exists():  # finished by an attempt the scheduler thought lost
        return json.loads((final / "done.json").read_text(encoding="utf-8"))
    tmp = final.with_name(f"{part.pid}.{os.getpid()}.{time.monotonic_ns()}.tmp")
    tmp.mkdir(parents=True)
    seconds = {}
    t0 = time.perf_counter()
    problems: list[Problem] = []
    docs = list(_documents(part, problems))
    if published:
        docs = [(o, d if d.published else d.model_copy(update={"fallback_published": published})) for o, d in docs]
    seconds["read"] = time.perf_counter() - t0

    t0 = time.perf_counter()
    cs = settings.clean.model_copy(update={"processes": 1})  # the worker is the process: no forks inside it
    shared = clean.pile_boilerplate([d for _, d in docs])
    articles: dict[int, Article] = {}
    offsets: dict[int, Optional[int]] = {}
    for idx, (offset, raw) in enumerate(docs):
        offsets[idx] = offset
        result = clean._clean_job((raw, cs, shared.get(raw.input, frozenset())))
        if isinstance(result, InputError):
            problems.append(Problem(_name(part.path), offset, result.input, result.error, result.skipped))
        else:
            articles[idx] = result
    seconds["clean"] = time.perf_counter() - t0

    t0 = time.perf_counter()
    excluded = 0
    if since or until:
        for idx in list(articles):
            day = day_of(articles[idx].published)
            if day == UNDATED or (since and day < since) or (until and day > until):
                del articles[idx]
                excluded += 1
    grouper = Grouper(settings.stories)  # only for the features' parameters: no state is kept here
    kept = sorted(articles)
    vectors = lead_vectors([articles[i] for i in kept]) if settings.stories.embeddings and kept else None
    by_day: dict[str, list] = {}
    for n, idx in enumerate(kept):
        a = articles[idx]
        prepared = _prepare(grouper._job(a))
        vector = None if vectors is None else vectors[n]
        by_day.setdefault(day_of(a.published), []).append(
            (idx, a.id, a.input, a.published, a.outlet, a.story_hint, prepared, vector))
    seconds["features"] = time.perf_counter() - t0

    t0 = time.perf_counter()
    keys: dict[int, list] = {}
    for idx, (_, raw) in enumerate(docs):
        keys.setdefault(bucket(_key(raw), KEY_BUCKETS), []).append((_key(raw), _richness(raw), part.order, idx))
    ids: dict[int, list] = {}
    for idx in kept:
        a = articles[idx]
        ids.setdefault(bucket(a.id, KEY_BUCKETS), []).append((a.id, a.input, part.order, idx, part.pid))
    dump(tmp / "articles.pkl", {"articles": articles, "offsets": offsets})
    for day, rows in by_day.items():
        dump(tmp / f"feat-{day}.pkl", rows)
    for b, rows in keys.items():
        dump(tmp / f"keys-{b}.pkl", rows)
    for b, rows in ids.items():
        dump(tmp / f"ids-{b}.pkl", rows)
    seconds["write"] = time.perf_counter() - t0
    done = {"pid": part.pid, "file": _name(part.path), "documents": len(docs), "articles": len(kept),
            "excluded": excluded, "days": sorted(by_day), "key_buckets": sorted(keys), "id_buckets": sorted(ids),
            "problems": [p._asdict() for p in problems], "seconds": {k: round(v, 4) for k, v in seconds.items()},
            "worker_pid": os.getpid()}
    (tmp / "done.json").write_text(json.dumps(done), encoding="utf-8")
    if final.exists():  # a half-finished earlier attempt (no done.json): replaced whole
        shutil.rmtree(final)
    os.replace(tmp, final)
    return done


def key_winners(work: str, b: int, pids: list[str]) -> list[tuple[str, int]]:
    """(pid, idx) of the documents that lose to an earlier or richer one of the same input key, in bucket b."""
    best: dict[str, tuple] = {}
    losers: list[tuple] = []
    order_pid: dict[int, str] = {}
    rows = []
    for pid in pids:
        path = Path(work) / "parts" / pid / f"keys-{b}.pkl"
        if path.exists():
            for key, rich, order, idx in load(path):
                order_pid[order] = pid
                rows.append((order, idx, key, rich))
    rows.sort()  # input order: partition order, then position in it
    for order, idx, key, rich in rows:
        held = best.get(key)
        if held is None:
            best[key] = (order, idx, rich)
        elif rich > held[2]:  # as `ingest._unique`: a later copy with more metadata takes the place
            losers.append((order_pid[held[0]], held[1]))
            best[key] = (order, idx, rich)
        else:
            losers.append((order_pid[order], idx))
    return losers


def id_renames(work: str, b: int, pids: list[str], losers: set) -> dict[tuple[str, int], str]:
    """(pid, idx) -> new id for articles whose id an article of another input has, as `clean._distinct_ids` does."""
    held: dict[str, list] = {}
    for pid in pids:
        path = Path(work) / "parts" / pid / f"ids-{b}.pkl"
        if path.exists():
            for aid, name, order, idx, p in load(path):
                if (p, idx) not in losers:
                    held.setdefault(aid, []).append((name, order, idx, p))
    renames: dict[tuple[str, int], str] = {}
    texts: dict[str, dict] = {}
    for aid, holders in held.items():
        if len(holders) < 2:
            continue
        # decided in input-name order (stable for equal names: input order), the first keeps the id
        for name, order, idx, p in sorted(holders, key=lambda h: h[0])[1:]:
            if p not in texts:
                texts[p] = load(Path(work) / "parts" / p / "articles.pkl")["articles"]
            text = texts[p][idx].text
            n, new = 0, aid
            while new == aid or new in held:
                n += 1
                new = clean.article_id(f"{name}\n{n}", text, whole=True)
            renames[(p, idx)] = new
    return renames
