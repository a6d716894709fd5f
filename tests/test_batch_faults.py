"""newsfuse batch on bad input and cut runs: damaged WARCs, non-HTML WARCs, Parquet without the manifest's
columns and a piece whose task fails are each recorded in `errors` with file and offset while the rest completes;
a killed run continued with --resume writes the rows a whole run writes, none twice."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))
from warc_corpus import CLUSTERING, ecb_docs, split_warcs, write_warc  # noqa: E402

from newsfuse.cli import main  # noqa: E402

pd = pytest.importorskip("pandas")
pytestmark = pytest.mark.skipif(not (CLUSTERING / "ecbplus.jsonl").exists(), reason="../shared/data not found")
ROOT = Path(__file__).resolve().parents[1]


def _offsets(path: Path) -> list[int]:
    from warcio.archiveiterator import ArchiveIterator

    with open(path, "rb") as f:
        it = ArchiveIterator(f)
        out = []
        for r in it:
            r.content_stream().read()
            out.append(it.get_record_offset())
    return out


def test_bad_inputs_are_recorded_and_the_rest_completes(tmp_path):
    import pyarrow as pa
    import pyarrow.parquet as pq

    docs, _ = ecb_docs(limit=24)
    inp = tmp_path / "in"
    inp.mkdir()
    write_warc(inp / "good.warc.gz", docs[:8])
    broken = inp / "broken.warc.gz"  # a gzip member destroyed in the middle of the file
    write_warc(broken, docs[8:14])
    offs = _offsets(broken)
    data = bytearray(broken.read_bytes())
    hit = (offs[3] + offs[4]) // 2
    data[hit:hit + 40] = b"\x00" * 40
    broken.write_bytes(bytes(data))
    longer = inp / "length.warc"  # one record states 300 bytes more than it holds: it swallows the next one's head
    write_warc(longer, docs[14:20], gzip=False)
    offs_len = _offsets(longer)
    raw = longer.read_bytes()
    at = raw.index(b"Content-Length: ", offs_len[2])
    end = raw.index(b"\r\n", at)
    longer.write_bytes(raw[:at + 16] + str(int(raw[at + 16:end]) + 300).encode() + raw[end:])
    write_warc(inp / "images.warc.gz", [{"url": f"https://img.example.com/{i}.jpg", "body": os.urandom(900),
                                         "ctype": "image/jpeg", "paragraphs": []} for i in range(3)])
    pq.write_table(pa.table({"headline": ["a"], "body": ["b"]}), inp / "columns.parquet")
    (inp / "corrupt.parquet").write_bytes(b"PAR1" + os.urandom(300) + b"PAR1")
    out = tmp_path / "out"
    code = main(["batch", str(inp), "--out", str(out), "--workers", "2", "-q"])
    assert code == 2
    errors = pd.read_parquet(out / "errors")
    by_file = {Path(f).name: g for f, g in errors.groupby("file")}
    b = by_file["broken.warc.gz"]
    assert list(b["offset"]) == [offs[3]] and "damaged" in b["error"].iloc[0]
    assert "length.warc" in by_file
    assert "no HTML pages" in by_file["images.warc.gz"]["error"].iloc[0]
    assert "none of the columns" in by_file["columns.parquet"]["error"].iloc[0]
    assert "task failed" in by_file["corrupt.parquet"]["error"].iloc[0]
    arts = pd.read_parquet(out / "articles")
    urls = set(arts["url"])
    assert {d["url"] for d in docs[:8]} <= urls  # the good file whole
    assert {d["url"] for d in docs[8:14][3:]} <= urls  # the broken file's records after the damage are read
    assert {d["url"] for d in docs[8:14][:2]} <= urls
    assert len(urls & {d["url"] for d in docs[14:20]}) >= 4


def test_killed_run_resumed_writes_the_same_rows_once(tmp_path):
    docs, _ = ecb_docs(limit=40)
    split_warcs(tmp_path / "in", docs, 8)
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"))
    cmd = [sys.executable, "-m", "newsfuse.cli", "batch", str(tmp_path / "in" / "*.warc.gz"), "--workers", "2", "-q"]
    whole = tmp_path / "whole"
    assert subprocess.run(cmd + ["--out", str(whole)], env=env, timeout=600).returncode == 0
    cut = tmp_path / "cut"
    proc = subprocess.Popen(cmd + ["--out", str(cut)], env=env, start_new_session=True)
    parts = cut / "_work" / "parts"
    deadline = time.time() + 300
    while time.time() < deadline and len(list(parts.glob("*/done.json"))) < 2:
        time.sleep(0.05)
    killed_early = proc.poll() is None and len(list(parts.glob("*/done.json"))) < 8
    os.killpg(proc.pid, signal.SIGKILL)  # the client and its local cluster, as a killed run loses them
    proc.wait()
    assert killed_early
    finished = {p.parent.name: p.stat().st_mtime_ns for p in parts.glob("*/done.json")}
    assert subprocess.run(cmd + ["--out", str(cut)], env=env, timeout=600).returncode == 1  # not without --resume
    assert subprocess.run(cmd + ["--out", str(cut), "--resume"], env=env, timeout=600).returncode == 0
    for pid, mtime in finished.items():  # finished pieces were not read again
        assert (parts / pid / "done.json").stat().st_mtime_ns == mtime
    for table in ("articles", "stories", "claims", "entities", "evidence"):
        a = pd.read_parquet(whole / table).drop(columns=["day"], errors="ignore")
        b = pd.read_parquet(cut / table).drop(columns=["day"], errors="ignore")
        key = [c for c in ("story", "id", "claim", "article", "text") if c in a.columns]
        a, b = a.sort_values(key).reset_index(drop=True), b.sort_values(key).reset_index(drop=True)
        assert len(a) == len(b), table
        pd.testing.assert_frame_equal(a.astype(str), b.astype(str))
    assert sorted(p.name for p in (whole / "reports").iterdir()) == sorted(p.name for p in (cut / "reports").iterdir())


def _rows(n: int) -> list[dict]:
    docs, _ = ecb_docs(limit=n)
    return [{"text": "\n\n".join([d["title"]] + d["paragraphs"]), "url": d["url"], "published": d["published"][:10],
             "outlet": d["url"].split("/")[2]} for d in docs]


def test_manifest_gives_the_stories_of_newsfuse_stories(tmp_path):
    import json

    rows = _rows(24)
    manifest = tmp_path / "pile.jsonl"
    manifest.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    out = tmp_path / "out"
    assert main(["batch", str(manifest), "--out", str(out), "--workers", "2", "-q"]) == 0
    assert main(["stories", "--manifest", str(manifest), "-o", str(tmp_path / "s.jsonl"), "-q"]) == 0
    single = {r["id"]: r["story"] for r in map(json.loads, (tmp_path / "s.jsonl").read_text().splitlines())}
    arts = pd.read_parquet(out / "articles")
    assert dict(zip(arts["id"], arts["story"])) == single


def test_parquet_input_and_a_day_range(tmp_path, capsys):
    import pyarrow as pa
    import pyarrow.parquet as pq

    rows = _rows(24)
    pq.write_table(pa.Table.from_pylist(rows), tmp_path / "pile.parquet")
    days = sorted({r["published"] for r in rows})
    assert len(days) >= 2
    since, until = days[0], days[-2]  # the last day left out
    out = tmp_path / "out"
    assert main(["batch", str(tmp_path / "pile.parquet"), "--out", str(out), "--workers", "2",
                 "--since", since, "--until", until]) == 0
    arts = pd.read_parquet(out / "articles")
    wanted = [r for r in rows if since <= r["published"] <= until]
    assert sorted(arts["url"]) == sorted(r["url"] for r in wanted)
    assert arts["published"].between(since, until + "T99").all()
    assert f"{len(rows) - len(wanted)} articles were outside --since/--until" in capsys.readouterr().err
