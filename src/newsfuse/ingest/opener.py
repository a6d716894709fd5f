"""The one way an input file is opened: regular files only, never blocking, never read past a byte cap.

A named pipe would block a plain open() forever, and a device (a `.txt` symlink to /dev/zero) reports size 0
while it never ends: the file is opened without blocking, checked with fstat on the open descriptor (no race
with a rename), and read up to the cap and one byte more, so the cap holds whatever the file system says.
"""
from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

from ..errors import InputProblem

CHUNK = 1 << 20
KINDS = ((stat.S_ISFIFO, "a named pipe (FIFO)"), (stat.S_ISCHR, "a character device"),
         (stat.S_ISBLK, "a block device"), (stat.S_ISSOCK, "a socket"), (stat.S_ISDIR, "a directory"))


def not_a_file(mode: int) -> str | None:
    """What a non-regular file is, in words ('a named pipe (FIFO)'), or None for a regular file."""
    return next((words for test, words in KINDS if test(mode)), None if stat.S_ISREG(mode) else "not a regular file")


def why_missing(path: Path, what: str = "file") -> str:
    """Why `path` cannot be opened when open() found nothing: a broken or looping symlink, or no file at all."""
    try:
        os.stat(path)
    except OSError as e:
        if e.errno == errno.ELOOP:
            return "a symbolic link loop (the links point at each other, never at a file)"
        if os.path.islink(path):
            return f"a symbolic link to {os.readlink(path)!r}, which does not exist"
        if e.errno == errno.EACCES:
            return "a folder on its path may not be opened (permission denied)"
        if e.errno == errno.ENOTDIR:
            return "no such file or directory (a part of its path is a file, not a folder)"
    return "no such file or directory" if what == "file" else f"the {what} does not exist"


def read_capped(path: Path, name: str, cap: int, what: str = "file") -> bytes:
    """At most `cap` bytes of the regular file at `path`; InputProblem naming `name` for anything else
    (missing, a pipe, a device, a socket, a symlink loop, unreadable, or larger than `cap`)."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0))
    except OSError as e:
        if e.errno in (errno.ENOENT, errno.ELOOP, errno.ENOTDIR):
            raise InputProblem(name, why_missing(path, what)) from None
        if e.errno == errno.EISDIR:
            raise InputProblem(name, f"is a directory, not a {what}") from None
        raise InputProblem(name, f"the {what} could not be read ({e.strerror or e})") from None
    try:
        info = os.fstat(fd)
        kind = not_a_file(info.st_mode)
        if kind:
            raise InputProblem(name, f"is {kind}, not a regular {what}: newsfuse reads only regular files")
        if info.st_size > cap:
            raise InputProblem(name, f"the {what} is {info.st_size // 1_000_000} MB, more than the {cap // 1_000_000} MB limit")
        os.set_blocking(fd, True)
        parts, got = [], 0
        while got <= cap:
            part = os.read(fd, min(CHUNK, cap + 1 - got))
            if not part:
                break
            parts.append(part)
            got += len(part)
    except OSError as e:
        raise InputProblem(name, f"the {what} could not be read ({e.strerror or e})") from None
    finally:
        os.close(fd)
    if got > cap:  # the file grew, or its size was not its length (/proc, a FUSE mount)
        raise InputProblem(name, f"the {what} holds more than the {cap // 1_000_000} MB limit (read up to it, then stopped)")
    return b"".join(parts)
