"""Ingest: every input (file, directory, feed, WARC, URL, manifest row) into RawDocuments.

A bad input never stops the run: it becomes an InputError naming it and saying why.
"""
from __future__ import annotations

import os
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import Callable, Iterable, Optional, Union

from ..display import shown
from ..errors import InputProblem
from ..model import InputError, RawDocument
from .feeds import read_feed
from .fetch import fetch, is_url
from .files import KNOWN, kind_of, read_bytes, read_document, walk
from .manifest import normalize_published, read_manifest
from .opener import why_missing
from .warc import read_warc

__all__ = ["collect", "normalize_published"]

FETCH_THREADS = 8  # URLs fetched at once: the wait is the network's, so threads overlap it; results keep input order
Job = tuple[str, Callable[[], tuple[list[RawDocument], list[InputError]]], bool]  # (name, thunk, is a fetch)


def _read_path(path: Path, name: str, meta: dict) -> tuple[list[RawDocument], list[InputError]]:
    """Documents from one file of any known kind; InputProblem when the whole file is unusable."""
    kind = kind_of(path)
    if kind is None:
        if not path.exists():
            raise InputProblem(name, why_missing(path))
        raise InputProblem(name, f"unknown file type {path.suffix or '(no extension)'!r}; expected one of {', '.join(KNOWN)}")
    if kind in ("text", "html"):
        doc, note = read_document(path, name, kind, **meta)
        return [doc], [InputError(input=name, error=note, skipped=False)] if note else []
    data = read_bytes(path, name)
    if kind == "feed":
        docs, problems = read_feed(data, name)
        return ([d.model_copy(update={k: v for k, v in meta.items() if v}) for d in docs],
                [_problem(*p) for p in problems])
    docs, problems = read_warc(data, name)
    return [d.model_copy(update=meta) for d in docs], [_problem(*p) for p in problems]


def _problem(where: str, error: str, skipped: bool = True) -> InputError:
    """An InputError from a reader's (where, error[, skipped]) problem."""
    return InputError(input=where, error=error, skipped=skipped)


def _one(value: str, meta: dict) -> tuple[list[RawDocument], list[InputError]]:
    """Documents from one INPUT argument: a URL, a file or a directory."""
    if is_url(value):
        return [fetch(value, **meta)], []
    path = Path(value).expanduser()
    name = shown(value)  # a name that is not UTF-8, or holds terminal escapes, is shown escaped everywhere
    if path.is_dir():
        docs: list[RawDocument] = []
        errors: list[InputError] = []
        try:
            with os.scandir(path):
                pass
        except OSError as e:  # rglob would say nothing of a folder it may not open
            raise InputProblem(name, f"the directory could not be read ({e.strerror or e})") from None
        files = list(walk(path))
        if not files:
            raise InputProblem(name, "the directory holds no .txt, .html, feed or WARC files")
        for f in files:
            try:
                more, errs = _read_path(f, shown(str(f)), meta)
            except InputProblem as e:
                errors.append(InputError(input=e.input, error=e.reason))
                continue
            docs += more
            errors += errs
        return docs, errors
    return _read_path(path, name, meta)


def _key(doc: RawDocument) -> str:
    """The same file named twice (walked and listed in the manifest, or given twice) has one key."""
    path = Path(doc.input)
    try:
        return str(path.resolve()) if path.is_file() else doc.input
    except OSError:
        return doc.input


def _unique(docs: list[RawDocument]) -> list[RawDocument]:
    """One document per input, at its first position, keeping the copy that carries the most metadata."""
    best: dict[str, RawDocument] = {}
    order: list[str] = []
    for d in docs:
        k = _key(d)
        if k not in best:
            order.append(k)
            best[k] = d
        elif _richness(d) > _richness(best[k]):
            best[k] = d
    return [best[k] for k in order]


def _richness(doc: RawDocument) -> int:
    return sum(v is not None for v in (doc.outlet, doc.published, doc.title, doc.language, doc.story, doc.url))


def collect(
    inputs: Iterable[str | Path] = (),
    manifest: str | Path | None = None,
    published: Optional[str] = None,
    allow_paths_outside_manifest: bool = True,
) -> tuple[list[RawDocument], list[InputError]]:
    """RawDocuments for every usable input in order, and an InputError for each one that is not.

    `allow_paths_outside_manifest` False refuses manifest rows whose path leaves the manifest's folder.

    `published` (any date form; ValueError when it is not a date) is each document's fallback_published:
    the date of documents that state none.
    """
    default_date = normalize_published(published) if published else None
    docs: list[RawDocument] = []
    errors: list[InputError] = []

    jobs: list[Job] = [(shown(str(v)), lambda v=str(v): _one(v, {}), is_url(str(v))) for v in inputs]
    n_args = len(jobs)
    manifest_errors: list[InputError] = []
    if manifest is not None:
        try:
            rows, manifest_errors = read_manifest(manifest, allow_paths_outside_manifest)
        except InputProblem as e:
            rows, manifest_errors = [], [InputError(input=e.input, error=e.reason)]
        for row in rows:
            if row.text is not None:
                jobs.append((row.ref, lambda row=row: ([RawDocument(input=row.ref, kind="text", text=row.text, **row.meta)], []), False))
            elif row.url is not None:
                jobs.append((row.ref, lambda row=row: ([fetch(row.url, name=row.url, **row.meta)], []), True))
            else:
                jobs.append((row.ref, lambda row=row: _read_path(row.path, shown(str(row.path)), row.meta), False))

    def record(name: str, outcome) -> None:
        if isinstance(outcome, InputProblem):
            # a manifest row is named by its line, with the file or URL it points to
            errors.append(InputError(input=outcome.input if outcome.input == name else f"{name} ({outcome.input})",
                                     error=outcome.reason))
            return
        docs.extend(outcome[0])
        errors.extend(outcome[1])

    outcomes = list(_run_all(jobs))
    for name, outcome in outcomes[:n_args]:
        record(name, outcome)
    errors.extend(manifest_errors)  # the manifest's own problems come before its rows' results
    for name, outcome in outcomes[n_args:]:
        record(name, outcome)
    docs = _unique(docs)
    if default_date:
        # a page may state its own date, known only once it is extracted: clean applies the fallback then
        docs = [d if d.published else d.model_copy(update={"fallback_published": default_date}) for d in docs]
    return docs, errors


def _run_all(jobs: list[Job]) -> Iterable[tuple[str, Union[tuple[list[RawDocument], list[InputError]], InputProblem]]]:
    """Each job's (name, result or InputProblem), in job order; fetches run FETCH_THREADS at a time ahead."""
    fetches = [i for i, (_, _, is_fetch) in enumerate(jobs) if is_fetch]
    pool = ThreadPoolExecutor(max_workers=min(FETCH_THREADS, len(fetches))) if len(fetches) > 1 else None
    try:
        futures: dict[int, Future] = {i: pool.submit(_attempt, jobs[i][1]) for i in fetches} if pool else {}
        for i, (name, thunk, _) in enumerate(jobs):
            yield name, (futures[i].result() if i in futures else _attempt(thunk))
    finally:
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)


def _attempt(thunk):
    """The thunk's result, or the InputProblem it raised (returned, so it crosses threads as a value)."""
    try:
        return thunk()
    except InputProblem as e:
        return e
