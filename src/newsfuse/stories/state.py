"""Persisted stories state for `--state DIR`: what later runs need to continue the same stories.

One JSON file, `DIR/stories.json`: the windowed copy index (article ids, origins, sampled shingles),
the live stories (centroids, index terms, dates) and the document frequencies. Its size is bounded by
the time window, not by how many runs came before.
"""
from __future__ import annotations

import json
import os
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from ..config import StoriesSettings
from . import Grouper

STATE_FILE = "stories.json"
LOCK_FILE = "stories.lock"  # holds the pid of the run using the state; two runs would each keep only their own articles
LOCK_WAIT = 3.0  # seconds a second run waits for the first to finish before it refuses
FORMAT = "newsfuse/stories-state-1"


class StateError(ValueError):
    """The state directory holds a file that is not a readable stories state."""


def load(directory: str | Path, settings: StoriesSettings) -> Grouper:
    """A Grouper continuing the runs saved in `directory` (a fresh one when there is no state yet)."""
    grouper = Grouper(settings)
    d = Path(directory)
    if d.exists() and not d.is_dir():
        raise StateError(f"{d} is a file; --state takes a directory (it is created when missing)")
    path = d / STATE_FILE
    if not path.exists():
        return grouper
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as e:
        raise StateError(f"stories state {path} could not be read: {e}") from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise StateError(f"stories state {path} is not a {FORMAT} file")
    try:
        grouper.index.load_state(data["index"])
        grouper.copies.load_state(data["copies"])
    except (KeyError, TypeError, ValueError, IndexError) as e:
        raise StateError(f"stories state {path} is damaged ({type(e).__name__}: {e}); move it away to start afresh") from None
    return grouper


def save(directory: str | Path, grouper: Grouper) -> Path:
    """Write the grouper's state to `directory` atomically (a crash never leaves half a file)."""
    d = Path(directory)
    d.mkdir(parents=True, exist_ok=True)
    path = d / STATE_FILE
    tmp = d / (STATE_FILE + ".tmp")
    data = {"format": FORMAT, "index": grouper.index.to_state(), "copies": grouper.copies.to_state()}
    tmp.write_text(json.dumps(data, separators=(",", ":")), encoding="utf-8")
    os.replace(tmp, path)
    return path


def _holder(lock: Path) -> int | None:
    """The pid in a lock file when that process still runs; None for a stale or unreadable lock."""
    try:
        pid = int(lock.read_text(encoding="ascii").strip() or 0)
    except (OSError, ValueError):
        return None
    if pid <= 0 or pid == os.getpid():
        return None
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return None
    except PermissionError:  # another user's process: it runs
        pass
    return pid


@contextmanager
def locked(directory: str | Path, wait: float = LOCK_WAIT) -> Iterator[None]:
    """Hold `directory`'s lock for the block; StateError "in use by process N" when another run holds it
    after `wait` seconds. A lock left by a run that died (kill -9) is taken over."""
    d = Path(directory)
    if d.exists() and not d.is_dir():
        raise StateError(f"{d} is a file; --state takes a directory (it is created when missing)")
    d.mkdir(parents=True, exist_ok=True)
    lock = d / LOCK_FILE
    deadline = time.monotonic() + wait
    while True:
        try:
            fd = os.open(lock, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
            break
        except FileExistsError:
            pid = _holder(lock)
            if pid is None:  # stale: its process is gone
                lock.unlink(missing_ok=True)
                continue
            if time.monotonic() >= deadline:
                raise StateError(f"state {d} is in use by process {pid}; run again when it has finished "
                                 f"(or remove {lock} if that process is not newsfuse)") from None
            time.sleep(0.2)
    try:
        os.write(fd, f"{os.getpid()}\n".encode("ascii"))
        os.close(fd)
        yield
    finally:
        lock.unlink(missing_ok=True)
