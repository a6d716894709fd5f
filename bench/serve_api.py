"""The API of `newsfuse serve` under load: 50 concurrent clients (threads on loopback, bounded in requests and time)
on the story list and story JSON of a store holding the example corpus, while the worker briefs a second pile
(ECB+ articles uploaded at the start), beside the baseline measured in the same run: /api/health, which reads
almost nothing.

  python -m bench serve_api [--clients 50] [--requests 3000]
"""
from __future__ import annotations

import argparse
import json
import shutil
import socket
import statistics
import tempfile
import threading
import time
from pathlib import Path

import httpx
import uvicorn

from bench.common import DATA, ROOT, save

from newsfuse.config import Settings
from newsfuse.server.app import create_app
from newsfuse.server.worker import Worker
from newsfuse.store import open_store

TOKEN = "bench-token"


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def load(base: str, paths: list[str], clients: int, total: int, limit_s: float) -> dict:
    """Each client requests the paths in turn until `total` requests were made or `limit_s` passed."""
    times: list[float] = []
    errors = [0]
    lock = threading.Lock()
    left = [total]
    deadline = time.monotonic() + limit_s

    def client(k: int) -> None:
        with httpx.Client(base_url=base, timeout=30) as c:
            i = k
            while time.monotonic() < deadline:
                with lock:
                    if left[0] <= 0:
                        return
                    left[0] -= 1
                t0 = time.perf_counter()
                try:
                    ok = c.get(paths[i % len(paths)]).status_code == 200
                except httpx.HTTPError:
                    ok = False
                dt = time.perf_counter() - t0
                with lock:
                    times.append(dt)
                    errors[0] += not ok
                i += 1

    threads = [threading.Thread(target=client, args=(k,)) for k in range(clients)]
    t0 = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.perf_counter() - t0
    times.sort()
    return {"requests": len(times), "errors": errors[0], "p50_ms": round(statistics.median(times) * 1000, 1),
            "p95_ms": round(statistics.quantiles(times, n=20)[18] * 1000, 1), "per_s": round(len(times) / wall, 1)}


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(prog="bench serve_api")
    ap.add_argument("--clients", type=int, default=50)
    ap.add_argument("--requests", type=int, default=3000)
    ap.add_argument("--seconds", type=float, default=120.0)
    args = ap.parse_args(argv)
    tmp = Path(tempfile.mkdtemp(prefix="nf-bench-api-"))
    settings = Settings.model_validate({"serve": {"data_dir": str(tmp), "token": TOKEN, "debounce": 2.0}})
    store = open_store(None, tmp)
    app = create_app(store, settings)
    port = _port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    threading.Thread(target=server.run, daemon=True).start()
    base = f"http://127.0.0.1:{port}"
    while not server.started:
        time.sleep(0.1)
    worker = Worker(store, settings)
    wt = threading.Thread(target=worker.run, daemon=True)
    try:
        ex = ROOT / "examples"
        files = [("files", ("manifest.jsonl", (ex / "manifest.jsonl").read_bytes()))] + [
            ("files", (f"corpus/{p.name}", p.read_bytes())) for p in sorted((ex / "corpus").iterdir())]
        auth = {"Authorization": f"Bearer {TOKEN}"}
        assert httpx.post(base + "/api/articles", files=files, headers=auth, timeout=120).status_code == 201
        worker.drain()
        docs = [json.loads(line) for line in (DATA / "clustering" / "ecbplus.jsonl").open(encoding="utf-8")][:150]
        pile = "\n".join(json.dumps({"text": "\n\n".join(d["sentences"]), "title": d["sentences"][0][:90], "outlet": f"o{i % 9}"})
                         for i, d in enumerate(docs))
        assert httpx.post(base + "/api/articles", files=[("files", ("ecb.jsonl", pile.encode()))], headers=auth, timeout=300).status_code == 201
        wt.start()  # ingest goes on during the load
        stories = httpx.get(base + "/api/stories").json()["items"]
        paths = ["/api/stories", "/api/stories?sort=sources"] + [f"/api/stories/{s['id']}" for s in stories]
        baseline = load(base, ["/api/health"], args.clients, args.requests, args.seconds)
        measured = load(base, paths, args.clients, args.requests, args.seconds)
    finally:
        worker.stop.set()
        if wt.is_alive():
            wt.join()
        worker.close()
        server.should_exit = True
        time.sleep(1)
        store.close()
        shutil.rmtree(tmp, ignore_errors=True)
    figures = {"clients": args.clients, "stories_api": measured, "baseline_health": baseline}
    print(f"{'story list + story JSON':26} {measured}")
    print(f"{'baseline /api/health':26} {baseline}")
    save("serve_api", figures)
    return 0
