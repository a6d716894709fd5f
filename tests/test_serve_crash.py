"""`newsfuse serve` as a user runs it: killed with SIGKILL in the middle of ingest and started again, nothing
acknowledged is lost and nothing is stored twice; the sources and token commands; a public bind needs a token."""
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
from serve_helpers import TOKEN

from newsfuse.server.demo import manifest_network

ROOT = Path(__file__).resolve().parents[1]


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _cli(*args, env=None, cwd=None):
    return subprocess.run([sys.executable, "-m", "newsfuse.cli", *args], capture_output=True, text=True, env=env, cwd=cwd, timeout=120)


def _env():
    return dict(os.environ, PYTHONPATH=str(ROOT / "src"), NEWSFUSE_TOKEN=TOKEN)


def _get(port, path):
    import httpx

    return httpx.get(f"http://127.0.0.1:{port}{path}", timeout=10).json()


def _start(tmp_path, port):
    proc = subprocess.Popen([sys.executable, "-m", "newsfuse.cli", "serve", "--config", str(tmp_path / "newsfuse.toml"),
                             "--data", str(tmp_path / "data"), "--port", str(port)], env=_env(), cwd=tmp_path,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True)
    for _ in range(200):
        try:
            _get(port, "/api/health")
            return proc
        except Exception:
            time.sleep(0.2)
    proc.kill()
    raise AssertionError("the server did not start: " + proc.stderr.read().decode()[-2000:])


def test_kill_9_during_ingest_loses_nothing_and_duplicates_nothing(tmp_path, examples_dir):
    net, feeds = manifest_network(examples_dir / "manifest.jsonl", spread_s=6)
    (tmp_path / "newsfuse.toml").write_text('[serve]\nallow_private_hosts = true\nhost_delay = 0.0\ndebounce = 0.5\n'
                                            '[corroborate]\nembeddings = false\n')
    try:
        for url, outlet in feeds:
            r = _cli("sources", "add", url, "--outlet", outlet, "--every", "2s", "--data", str(tmp_path / "data"),
                     "--config", str(tmp_path / "newsfuse.toml"), env=_env())
            assert r.returncode == 0 and "added" in r.stdout, r.stderr
        port = _port()
        uploaded = None
        for round_ in range(3):  # killed at three moments of the ingest
            proc = _start(tmp_path, port)
            if uploaded is None:  # an upload answered 201 must survive every kill that follows
                import httpx

                text = "Harbour pilots in Halden staged a one-day strike on Wednesday over night shifts. " * 5
                r = httpx.post(f"http://127.0.0.1:{port}/api/articles", headers={"Authorization": f"Bearer {TOKEN}"},
                               files=[("files", ("pilots-strike.txt", text.encode()))], timeout=60)
                assert r.status_code == 201, r.text
                uploaded = r.json()["articles"][0]["id"]
            time.sleep(2.5 + round_)
            os.killpg(proc.pid, signal.SIGKILL)  # the server and its worker, mid-work
            proc.wait(timeout=30)
        proc = _start(tmp_path, port)
        try:
            deadline = time.time() + 300
            while time.time() < deadline:
                h = _get(port, "/api/health")
                if h["articles"] == 11 and not any(h["queue"].values()):
                    break
                time.sleep(1)
            assert h["articles"] == 11 and not any(h["queue"].values()), h
            assert _get(port, f"/api/articles/{uploaded}")["id"] == uploaded
            stories = _get(port, "/api/stories?per_page=100")["items"]
            assert sum(s["articles"] for s in stories) == 11  # each article in exactly one story, once
            kestrel = max(stories, key=lambda s: s["articles"])
            assert kestrel["articles"] == 8
            briefing = _get(port, f"/api/stories/{kestrel['id']}")
            ids = [a["id"] for a in briefing["stories"][0]["articles"]]
            assert len(ids) == len(set(ids)) == 8
        finally:
            proc.send_signal(signal.SIGTERM)  # a clean stop: the server stops its worker, then itself
            assert proc.wait(timeout=90) == 0
            assert b"Traceback" not in proc.stderr.read()
            time.sleep(1)
            with pytest.raises(ProcessLookupError):  # no worker left behind
                os.killpg(proc.pid, 0)
    finally:
        net.close()


def test_sources_commands_opml_and_token_rotate(tmp_path):
    data = ["--data", str(tmp_path / "d")]
    opml = tmp_path / "subs.opml"
    opml.write_text('<?xml version="1.0"?><opml version="2.0"><body><outline text="News">'
                    '<outline type="rss" text="Example Daily" xmlUrl="https://example.org/rss.xml"/>'
                    '<outline type="rss" title="Example Evening" xmlUrl="https://example.net/atom.xml"/></outline></body></opml>')
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"))
    env.pop("NEWSFUSE_TOKEN", None)
    r = _cli("sources", "import", str(opml), *data, env=env)
    assert r.returncode == 0, r.stderr
    listed = [json.loads(line) for line in _cli("sources", "list", "--json", *data, env=env).stdout.splitlines()]
    assert [(s["url"], s["outlet"]) for s in listed] == [("https://example.org/rss.xml", "Example Daily"),
                                                          ("https://example.net/atom.xml", "Example Evening")]
    assert _cli("sources", "remove", "https://example.org/rss.xml", *data, env=env).returncode == 0
    assert len(_cli("sources", "list", "--json", *data, env=env).stdout.splitlines()) == 1
    notopml = tmp_path / "feed.xml"
    notopml.write_text("<rss><channel></channel></rss>")
    r = _cli("sources", "import", str(notopml), *data, env=env)
    assert r.returncode == 1 and "is not an OPML file" in r.stderr
    r = _cli("sources", "add", "http://10.0.0.8/feed", *data, env=env)
    assert r.returncode == 1 and "private" in r.stderr
    first = _cli("token", "rotate", *data, env=env).stdout.strip()
    second = _cli("token", "rotate", *data, env=env).stdout.strip()
    assert len(first) > 30 and first != second
    from newsfuse.store import open_store
    from newsfuse.store import queries as q

    store = open_store(None, tmp_path / "d")
    with store.session() as s:
        assert q.token_ok(s, second) and not q.token_ok(s, first)
        assert first not in json.dumps([t.digest for t in s.query(q.Token)])  # stored hashed
    store.close()
    r = _cli("serve", "--host", "0.0.0.0", *data, env=env)
    assert r.returncode == 1 and "NEWSFUSE_TOKEN" in r.stderr
