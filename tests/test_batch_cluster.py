"""newsfuse batch against a real cluster: `dask scheduler` and two `dask worker` processes on 127.0.0.1, one of
them killed mid-run; the run completes on the other with the stories a LocalCluster run gives. All stopped after."""
from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))
from warc_corpus import CLUSTERING, ecb_docs, split_warcs  # noqa: E402

pd = pytest.importorskip("pandas")
pytestmark = pytest.mark.skipif(not (CLUSTERING / "ecbplus.jsonl").exists(), reason="../shared/data not found")
ROOT = Path(__file__).resolve().parents[1]
DASK = Path(sys.executable).with_name("dask")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_workers(address: str, n: int, env: dict) -> None:
    probe = ("import sys; from distributed import Client; c = Client(sys.argv[1], timeout='20s'); "
             "c.wait_for_workers(int(sys.argv[2]), timeout=60); c.close()")
    subprocess.run([sys.executable, "-c", probe, address, str(n)], env=env, check=True, timeout=120)


@pytest.fixture
def cluster(tmp_path):
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"))
    port = _free_port()
    address = f"tcp://127.0.0.1:{port}"
    procs = [subprocess.Popen([str(DASK), "scheduler", "--host", "127.0.0.1", "--port", str(port),
                               "--dashboard-address", "127.0.0.1:0"], env=env, stderr=subprocess.DEVNULL,
                              start_new_session=True)]
    for i in range(2):  # no nanny: a killed worker stays dead, so its tasks must move to the other one
        procs.append(subprocess.Popen([str(DASK), "worker", address, "--nthreads", "1", "--no-nanny",
                                       "--host", "127.0.0.1", "--name", f"w{i}", "--local-directory", str(tmp_path / f"w{i}")],
                                      env=env, stderr=subprocess.DEVNULL, start_new_session=True))
    try:
        _wait_workers(address, 2, env)
        yield address, procs, env
    finally:
        for p in reversed(procs):
            if p.poll() is None:
                os.killpg(p.pid, signal.SIGTERM)
        for p in procs:
            try:
                p.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(p.pid, signal.SIGKILL)
                p.wait()


def test_batch_on_a_scheduler_survives_a_killed_worker(tmp_path, cluster):
    address, procs, env = cluster
    docs, _ = ecb_docs(limit=48)
    split_warcs(tmp_path / "in", docs, 8)
    out = tmp_path / "out"
    cmd = [sys.executable, "-m", "newsfuse.cli", "batch", str(tmp_path / "in" / "*.warc.gz"), "--out", str(out),
           "--scheduler", address]
    run = subprocess.Popen(cmd, env=env, stderr=subprocess.PIPE, text=True)
    parts = out / "_work" / "parts"
    deadline = time.time() + 300
    while time.time() < deadline and not list(parts.glob("*/done.json")):
        time.sleep(0.05)
    victim = procs[2]
    running = run.poll() is None and len(list(parts.glob("*/done.json"))) < 8
    victim.send_signal(signal.SIGKILL)
    victim.wait()
    _, err = run.communicate(timeout=600)
    assert running, "the run ended before the worker could be killed"
    assert run.returncode == 0, err
    assert f"dashboard: http://127.0.0.1:" in err  # the dashboard's address is shown
    done = [json.loads(p.read_text()) for p in parts.glob("*/done.json")]
    assert len(done) == 8
    assert {d["worker_pid"] for d in done} >= {procs[1].pid}  # the surviving worker did work
    arts = pd.read_parquet(out / "articles")
    assert len(arts) == len(docs) and arts["id"].is_unique
    # the same stories as a LocalCluster run of the same files
    local = tmp_path / "local"
    assert subprocess.run(cmd[:6] + [str(local), "--workers", "2", "-q"], env=env, timeout=600).returncode == 0
    other = pd.read_parquet(local / "articles")
    assert dict(zip(arts["id"], arts["story"])) == dict(zip(other["id"], other["story"]))
