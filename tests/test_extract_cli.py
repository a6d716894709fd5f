"""`newsfuse extract`: JSONL/JSON output a user can read, failed inputs named, exit codes 0/1/2."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from newsfuse.cli import main

PAGE = """<html><head><title>Library reopens after flood</title></head><body>
<nav><a href="/">Home</a> <a href="/local">Local</a></nav>
<article><h1>Library reopens after flood</h1>
<p>The central library reopened on Monday, three months after a burst water main flooded its basement archive, the city said.</p>
<p>Staff spent weeks drying thousands of books by hand, and about four hundred rare volumes were sent to a specialist lab for repair.</p>
</article><footer>Share this article</footer></body></html>"""

FIELDS = {"input", "id", "title", "text", "paragraphs", "published", "outlet", "author", "url", "language", "removed"}


def run_cli(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(["extract", "--quiet", *argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_jsonl_on_seeds_and_a_page(capsys, seed_files, tmp_path: Path):
    page = tmp_path / "library.html"
    page.write_text(PAGE, encoding="utf-8")
    code, out, _ = run_cli(capsys, *map(str, seed_files), str(page), "--published", "2024-06-20")
    assert code == 0
    records = [json.loads(line) for line in out.splitlines()]
    assert len(records) == len(seed_files) + 1
    for r in records:
        assert FIELDS <= set(r)
        assert r["text"] == "\n\n".join(r["paragraphs"])
        assert all(set(x) == {"text", "reason"} for x in r["removed"])
    seed0 = records[0]
    assert seed0["title"] == "Putin Visits Vietnam as Part of Asian Diplomatic Tour"
    assert seed0["published"] == "2024-06-20" and seed0["language"] == "en"
    assert any(x["reason"] == "captcha" for x in records[4]["removed"])
    lib = records[-1]
    assert lib["title"] == "Library reopens after flood"
    assert "four hundred rare volumes" in lib["text"] and "Home" not in lib["text"]


def test_json_format_with_errors_and_output_file(capsys, tmp_path: Path):
    good = tmp_path / "good.txt"
    good.write_text("Library reopens after flood\n" + PAGE.split("<p>")[1].split("</p>")[0] + "\n", encoding="utf-8")
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    target = tmp_path / "out" / "articles.json"
    code, out, err = run_cli(capsys, str(good), str(empty), str(tmp_path / "missing.html"), "--format", "json", "--output", str(target))
    assert code == 2
    assert out == ""
    assert f"skipped {empty}" in err and "missing.html" in err
    doc = json.loads(target.read_text(encoding="utf-8"))
    assert [a["input"] for a in doc["articles"]] == [str(good)]
    assert {e["input"] for e in doc["errors"]} == {str(empty), str(tmp_path / "missing.html")}
    assert all(e["error"] for e in doc["errors"])


def test_jsonl_lists_failed_inputs_and_exit_1_when_nothing_usable(capsys, tmp_path: Path):
    binary = tmp_path / "photo.html"
    binary.write_bytes(b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01")
    code, out, err = run_cli(capsys, str(binary))
    assert code == 1
    records = [json.loads(line) for line in out.splitlines()]
    assert records == [{"input": str(binary), "error": records[0]["error"], "skipped": True}]
    assert "binary" in records[0]["error"]


def test_manifest_and_bad_date(capsys, tmp_path: Path):
    manifest = tmp_path / "pile.jsonl"
    body = "Staff spent weeks drying thousands of books by hand after the flood, the head librarian told reporters on Monday."
    manifest.write_text(json.dumps({"text": body, "outlet": "City Desk", "published": "2024-03-04"}) + "\n", encoding="utf-8")
    code, out, _ = run_cli(capsys, "--manifest", str(manifest))
    assert code == 0
    record = json.loads(out)
    assert (record["input"], record["outlet"], record["published"]) == (f"{manifest}#1", "City Desk", "2024-03-04")
    code, _, err = run_cli(capsys, "--manifest", str(manifest), "--published", "not a date")
    assert code == 1 and "not a date" in err


@pytest.mark.skipif(not (Path(sys.executable).parent / "newsfuse").exists(), reason="console script not installed")
def test_console_script_help():
    done = subprocess.run([str(Path(sys.executable).parent / "newsfuse"), "extract", "--help"], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0
    assert "--format" in done.stdout and "examples:" in done.stdout
