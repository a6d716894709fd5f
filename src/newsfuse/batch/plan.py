"""The partitions of a batch run: which inputs, in which order, cut into pieces a worker reads on its own."""
from __future__ import annotations

import glob
import hashlib
import os
from pathlib import Path
from typing import NamedTuple, Optional

from ..display import shown
from ..ingest.files import WARC_SUFFIXES, walk
from .readers import manifest_rows, parquet_groups

MANIFEST_SUFFIXES = (".jsonl", ".ndjson", ".csv")
PARQUET_SUFFIXES = (".parquet", ".pq")
MANIFEST_CHUNK = 500  # manifest rows per partition: rows may point at files, each read by the partition's worker


class Partition(NamedTuple):
    """One piece of input read by one task: a WARC file, a run of manifest rows, or a Parquet row group."""

    pid: str  # stable name of the piece (file name, range and the file's size and time): resume finds it again
    order: int  # its place in the input order: ties of time are broken as the single-process commands break them
    kind: str  # warc | manifest | parquet
    path: str
    start: int = 0  # manifest rows [start, stop), or the Parquet row group in start
    stop: int = 0


def kind_of(path: str) -> Optional[str]:
    """'warc', 'manifest' or 'parquet' by file name, None for anything batch does not read."""
    low = path.lower()
    if low.endswith(WARC_SUFFIXES):
        return "warc"
    if low.endswith(MANIFEST_SUFFIXES):
        return "manifest"
    if low.endswith(PARQUET_SUFFIXES):
        return "parquet"
    return None


def expand(inputs: list[str]) -> tuple[list[str], list[tuple[str, str]]]:
    """The files the inputs name (globs expanded sorted, folders walked), and (input, why) for those naming none."""
    files: list[str] = []
    missing: list[tuple[str, str]] = []
    for value in inputs:
        if glob.has_magic(value):
            hits = sorted(glob.glob(os.path.expanduser(value), recursive=True))
            if not hits:
                missing.append((value, "the pattern matches no file"))
            files += [h for h in hits if os.path.isfile(h)]
            continue
        path = Path(value).expanduser()
        if path.is_dir():
            found = [str(p) for p in walk(path) if kind_of(str(p))]
            found += sorted(str(p) for p in path.rglob("*") if p.is_file() and kind_of(str(p)) == "parquet")
            if not found:
                missing.append((value, "the directory holds no WARC, manifest or Parquet files"))
            files += found
        elif path.is_file():
            files.append(str(path))
        else:
            missing.append((value, "no such file or directory"))
    seen: set[str] = set()
    unique = []
    for f in files:
        key = os.path.realpath(f)
        if key not in seen:
            seen.add(key)
            unique.append(f)
    return unique, missing


def partitions(files: list[str]) -> tuple[list[Partition], list[tuple[str, str]]]:
    """Partitions of the files in input order, and (file, why) for files of a kind batch does not read."""
    parts: list[Partition] = []
    refused: list[tuple[str, str]] = []
    for path in files:
        kind = kind_of(path)
        if kind is None:
            refused.append((shown(path), f"not a WARC, manifest (.jsonl/.csv) or Parquet file ({Path(path).suffix or 'no extension'})"))
            continue
        if kind == "warc":
            pieces = [(0, 0)]
        elif kind == "manifest":
            n = manifest_rows(path)
            pieces = [(i, i + MANIFEST_CHUNK) for i in range(0, max(n, 1), MANIFEST_CHUNK)]
        else:
            pieces = [(g, g + 1) for g in range(parquet_groups(path))]
        for start, stop in pieces:
            parts.append(Partition(_pid(path, kind, start, stop), len(parts), kind, path, start, stop))
    return parts, refused


def _pid(path: str, kind: str, start: int, stop: int) -> str:
    """File stem plus a hash of its real path, range, size and modification time: a changed file is a new piece."""
    try:
        st = os.stat(path)
        stamp = f"{st.st_size}:{st.st_mtime_ns}"
    except OSError:
        stamp = "missing"
    key = f"{os.path.realpath(path)}\n{kind}\n{start}:{stop}\n{stamp}"
    stem = "".join(c if c.isalnum() or c in "-_." else "_" for c in Path(path).name)[:40]
    return f"{stem}-{hashlib.sha1(key.encode('utf-8')).hexdigest()[:10]}"
