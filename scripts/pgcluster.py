"""A throwaway PostgreSQL cluster on loopback for the store tests: `start()` -> (url, stop), or run as a script.

Finds Debian's server binaries in /usr/lib/postgresql/*/bin (apt-get installs `postgresql` when they are missing and
this runs as root), runs initdb in a temporary folder and pg_ctl on a free 127.0.0.1 port; `stop()` stops the
server and removes the folder. As root the server runs as the `postgres` user (initdb refuses root).
"""
from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import sys
import tempfile
from pathlib import Path


class NoPostgres(RuntimeError):
    """PostgreSQL is not installed and could not be installed."""


def find_bin() -> Path | None:
    """The newest installed PostgreSQL server's bin folder, None when there is none."""
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(Path(p).parts[-3]) if Path(p).parts[-3].isdigit() else 0)
    return Path(found[-1]).parent if found else None


def ensure_installed() -> Path:
    """The bin folder, installing Debian's postgresql package when it is missing (root only)."""
    where = find_bin()
    if where:
        return where
    if os.geteuid() == 0 and shutil.which("apt-get"):
        env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
        subprocess.run(["apt-get", "install", "-y", "-q", "postgresql"], env=env, check=False,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        where = find_bin()
        if where:
            return where
    raise NoPostgres("PostgreSQL server binaries not found in /usr/lib/postgresql/*/bin "
                     "(install Debian's postgresql package)")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start() -> tuple[str, callable]:
    """Start a cluster; (postgresql:// URL of an empty database, a function that stops it and removes its files)."""
    bindir = ensure_installed()
    root = Path(tempfile.mkdtemp(prefix="newsfuse-pg-"))
    data = root / "data"
    as_user: list[str] = []
    if os.geteuid() == 0:
        shutil.chown(root, "postgres", "postgres")
        as_user = ["runuser", "-u", "postgres", "--"]
    port = _free_port()

    def run(*cmd: str) -> None:
        subprocess.run(as_user + list(cmd), check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, cwd=root)

    run(str(bindir / "initdb"), "-D", str(data), "-U", "newsfuse", "--auth=trust", "-E", "UTF8", "--no-sync")
    run(str(bindir / "pg_ctl"), "-D", str(data), "-l", str(root / "log"), "-w", "-o",
        f"-p {port} -k {root} -c listen_addresses=127.0.0.1 -c fsync=off", "start")

    def stop() -> None:
        subprocess.run(as_user + [str(bindir / "pg_ctl"), "-D", str(data), "-m", "fast", "-w", "stop"],
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=root)
        shutil.rmtree(root, ignore_errors=True)

    try:
        run(str(bindir / "createdb"), "-h", "127.0.0.1", "-p", str(port), "-U", "newsfuse", "newsfuse")
    except Exception:
        stop()
        raise
    return f"postgresql://newsfuse@127.0.0.1:{port}/newsfuse", stop


if __name__ == "__main__":  # start, print the URL, wait for Enter, stop
    url, stop_it = start()
    print(url, flush=True)
    try:
        sys.stdin.readline()
    finally:
        stop_it()
