"""`newsfuse serve`: follow outlets live: a store, polite fetching, stories re-briefed as reports arrive, API and UI."""
from __future__ import annotations

import argparse
import ipaddress
import logging
import multiprocessing
import os
import signal
import sys
import time
from pathlib import Path

from ..config import Settings
from ..errors import UsageError
from .common import command_parser

EXAMPLES = """examples:
  newsfuse serve                                   SQLite in ./newsfuse-data/, http://127.0.0.1:8600/
  newsfuse serve --demo                            also a local feed network built from examples/: stories build live
  newsfuse serve --db postgresql://newsfuse@localhost/newsfuse --host 0.0.0.0   (needs NEWSFUSE_TOKEN or serve.token)
"""


def add_store_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--data", metavar="DIR", help="folder for the SQLite database and uploads (default: serve.data_dir, ./newsfuse-data)")
    p.add_argument("--db", metavar="URL", help="database URL, e.g. postgresql://user@host/db (default: SQLite in --data)")


def add_parser(subparsers, parents: list[argparse.ArgumentParser]) -> argparse.ArgumentParser:
    """Register `serve` with its options."""
    p = command_parser(subparsers, parents, "serve", help="run newsfuse as a service: feeds followed, stories live, API and web UI",
                       description="Follow feeds, sitemaps and pages politely, keep every article in a store, group them "
                       "into stories as they arrive and re-brief each changed story into a new version; serve the stories "
                       "over an HTTP API (OpenAPI at /docs) and a web UI.", epilog=EXAMPLES)
    add_store_args(p)
    p.add_argument("--host", help="address to listen on (default 127.0.0.1; any other needs a token setting)")
    p.add_argument("--port", type=int, help="port (default 8600)")
    p.add_argument("--demo", action="store_true", help="also start a local feed network built from examples/")
    p.set_defaults(run=run)
    return p


def store_settings(args: argparse.Namespace, settings: Settings) -> Settings:
    """The settings with --data/--db/--host/--port applied to the serve section."""
    changes = {k: v for k, v in (("data_dir", getattr(args, "data", None)), ("db", getattr(args, "db", None)),
                                 ("host", getattr(args, "host", None)), ("port", getattr(args, "port", None))) if v is not None}
    return settings.model_copy(update={"serve": settings.serve.model_copy(update=changes)}) if changes else settings


def open_store_for(settings: Settings):
    from ..store import StoreError, open_store

    try:
        return open_store(settings.serve.db, settings.serve.data_dir)
    except StoreError as e:
        raise UsageError(str(e)) from None


def _loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def examples_dir() -> Path:
    """The bundled example corpus: beside the source tree, else ./examples."""
    here = Path(__file__).resolve().parents[3] / "examples"
    return here if (here / "manifest.jsonl").is_file() else Path("examples")


def _work(settings: Settings, exempt: frozenset[str], parent: int) -> None:
    """The worker process: its own store connection; stops on SIGTERM or when the server process is gone."""
    from ..server.worker import Worker
    from ..store import open_store

    logging.basicConfig(level=logging.WARNING, format="newsfuse worker: %(message)s")
    import fcntl

    # one worker per store: a second (an orphan of a killed server still finishing its step) would group the same
    # articles from a stale grouper state; the kernel drops the lock when its holder dies, even by kill -9
    Path(settings.serve.data_dir).mkdir(parents=True, exist_ok=True)
    lock = open(Path(settings.serve.data_dir) / "worker.lock", "w")
    fcntl.flock(lock, fcntl.LOCK_EX)
    store = open_store(settings.serve.db, settings.serve.data_dir)
    worker = Worker(store, settings, exempt)
    signal.signal(signal.SIGTERM, lambda *_: worker.stop.set())
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C goes to the server, which stops us in order

    import threading

    def orphan_watch() -> None:  # the server was killed (-9): nobody would stop us
        while not worker.stop.wait(1.0):
            if os.getppid() != parent:
                worker.stop.set()

    threading.Thread(target=orphan_watch, daemon=True).start()
    try:
        worker.run()
    finally:
        worker.close()
        store.close()


def _server_class():
    import contextlib

    import uvicorn

    class Server(uvicorn.Server):
        """uvicorn's server without its own signal capture (which re-raises the signal and skips our shutdown)."""

        @contextlib.contextmanager
        def capture_signals(self):
            yield

    return Server


def run(args: argparse.Namespace, settings: Settings) -> int:
    """Serve until interrupted (Ctrl-C or SIGTERM drain the worker and stop cleanly)."""
    from ..server.auth import configured_token, ensure_token

    settings = store_settings(args, settings)
    serve = settings.serve
    if not _loopback(serve.host) and not configured_token(serve):
        raise UsageError(f"--host {serve.host} is reachable from other machines: set NEWSFUSE_TOKEN (or serve.token) "
                         "first, so that only its holder can change anything")
    store = open_store_for(settings)
    made = ensure_token(store, serve)
    if made:
        print(f"newsfuse: write token (shown once, stored hashed; `newsfuse token rotate` makes a new one):\n  {made}", file=sys.stderr)
    exempt: frozenset[str] = frozenset()
    network = None
    if args.demo:
        from ..server.demo import manifest_network
        from ..store import queries as q

        network, feeds = manifest_network(examples_dir() / "manifest.jsonl", spread_s=90.0)
        exempt = frozenset({f"127.0.0.1:{network.port}"})
        with store.session() as s, s.begin():
            for url, outlet in feeds:
                q.add_source(s, url, outlet, 5.0)
        print(f"newsfuse: demo feed network on {network.base} ({len(feeds)} outlets; reports arrive over 90 seconds)", file=sys.stderr)
    store.close()
    ctx = multiprocessing.get_context("fork")
    worker = ctx.Process(target=_work, args=(settings, exempt, os.getpid()), name="newsfuse-worker", daemon=False)
    worker.start()
    try:
        import uvicorn

        from ..server.app import create_app
        from ..store import open_store

        app = create_app(open_store(serve.db, serve.data_dir), settings, exempt)
        _Server = _server_class()
        print(f"newsfuse: serving http://{serve.host}:{serve.port}/ (API docs at /docs)", file=sys.stderr, flush=True)
        server = _Server(uvicorn.Config(app, host=serve.host, port=serve.port, log_level="warning"))
        for sig in (signal.SIGTERM, signal.SIGINT):  # a graceful stop that returns here, so the worker is stopped too
            signal.signal(sig, lambda *_: setattr(server, "should_exit", True))
        server.run()
    finally:
        worker.terminate()  # SIGTERM: the worker finishes the step it is in and exits
        worker.join(timeout=60)
        if worker.is_alive():
            worker.kill()
        if network is not None:
            network.close()
    return 0


__all__ = ["add_parser", "run", "add_store_args", "store_settings", "open_store_for", "time"]
