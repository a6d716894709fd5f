"""newsfuse against a careless or hostile user (issue 15): each test is one case, made here from the example
corpus or the seeds, and asserts what the user sees: the exit code, one line naming the bad input, the other
inputs still briefed, no earlier file destroyed, the same briefing whatever order the inputs come in.
"""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import EXAMPLES_PUBLISHED, SEEDS_PUBLISHED

SCRIPT = Path(sys.executable).parent / "newsfuse"
pytestmark = pytest.mark.skipif(not SCRIPT.exists(), reason="console script not installed")


def nf(*args: str, cwd: Path | None = None, timeout: float = 120, **kw) -> subprocess.CompletedProcess:
    """Run `newsfuse ARGS` with stdout and stderr captured apart."""
    return subprocess.run([str(SCRIPT), *map(str, args)], capture_output=True, text=True, timeout=timeout, cwd=cwd, **kw)


def plain(done: subprocess.CompletedProcess) -> None:
    """Only newsfuse's own lines on stderr: no traceback, no library's dump."""
    assert "Traceback" not in done.stderr
    assert all(line.startswith(("newsfuse", "usage:")) for line in done.stderr.splitlines() if line.strip()), done.stderr


def _briefing_json(inputs, **kw) -> str:
    from newsfuse import render
    from newsfuse.pipeline import brief

    return render.render(brief(inputs, **kw), "json")


def _without_inputs(value):
    """The briefing with every `input` field dropped (they name where a file was, not what it said)."""
    if isinstance(value, dict):
        return {k: _without_inputs(v) for k, v in value.items() if k != "input"}
    if isinstance(value, list):
        return [_without_inputs(v) for v in value]
    return value


@pytest.mark.parametrize("corpus", ["examples", "seeds"])
def test_order_of_the_inputs_does_not_change_the_briefing(corpus, examples_dir, seeds_dir):
    """Case 10: the same files forward, reversed and rotated give byte-identical briefings (story ids, claim
    wordings, disagreements, copy_of)."""
    files = sorted((examples_dir / "corpus" if corpus == "examples" else seeds_dir).iterdir())
    published = EXAMPLES_PUBLISHED if corpus == "examples" else SEEDS_PUBLISHED
    half = len(files) // 2
    outs = [_briefing_json(order, published=published) for order in (files, files[::-1], files[half:] + files[:half])]
    assert json.loads(outs[0])["stories"]
    assert outs[0] == outs[1] == outs[2]


def test_order_of_manifest_rows_does_not_change_the_briefing(tmp_path, examples_manifest):
    """Case 10, manifests: the example manifest's rows reversed give the same briefing apart from `input`."""
    rows = [json.loads(line) for line in examples_manifest.read_text(encoding="utf-8").splitlines() if line.strip()]
    for row in rows:
        if "path" in row:
            row["path"] = str((examples_manifest.parent / row["path"]).resolve())
    reversed_manifest = tmp_path / examples_manifest.name  # ids of inline rows hash the manifest name
    reversed_manifest.write_text("".join(json.dumps(r) + "\n" for r in rows[::-1]), encoding="utf-8")
    forward = json.loads(_briefing_json([], manifest=examples_manifest, published=EXAMPLES_PUBLISHED))
    backward = json.loads(_briefing_json([], manifest=reversed_manifest, published=EXAMPLES_PUBLISHED))
    assert _without_inputs(forward) == _without_inputs(backward)


@pytest.fixture
def pile(tmp_path, seed_files) -> Path:
    """A folder of the five seed reports, as a user would have saved them."""
    d = tmp_path / "pile"
    d.mkdir()
    for f in seed_files:
        (d / f.name).write_bytes(f.read_bytes())
    return d


def _lines(done: subprocess.CompletedProcess) -> list[str]:
    return [json.loads(line) for line in done.stdout.splitlines() if line.strip()]


def test_a_file_name_that_is_not_utf8_is_shown_escaped_and_its_article_kept(pile, tmp_path):
    """Case 1: a Latin-1 file name beside good reports: every article extracted, the name shown as \\xe9, and
    an earlier --output is replaced whole, never truncated."""
    import os

    odd = os.fsencode(pile) + b"/caf\xe9-report.txt"
    with open(odd, "wb") as f:
        f.write((pile / sorted(os.listdir(pile))[0]).read_bytes().replace(b"Putin", b"Vladimir Putin", 1))
    earlier = tmp_path / "stories.jsonl"
    earlier.write_text("an earlier run's output\n", encoding="utf-8")
    done = nf("stories", "-q", pile, "-o", earlier)
    plain(done)
    assert done.returncode == 0, done.stderr
    rows = [json.loads(line) for line in earlier.read_text(encoding="utf-8").splitlines()]
    assert len(rows) == 6
    assert any(r["input"].endswith("caf\\xe9-report.txt") for r in rows)


def test_a_failed_write_leaves_an_earlier_output_whole(tmp_path):
    """Case 1: a write that fails half-way (here on text no UTF-8 file can hold) leaves the file an earlier run
    wrote as it was, and no temporary file beside it."""
    from newsfuse.commands.common import write_output
    from newsfuse.errors import UsageError

    earlier = tmp_path / "articles.jsonl"
    earlier.write_text('{"id": "a-1"}\n', encoding="utf-8")
    with pytest.raises(UsageError, match="could not write"):
        write_output('{"input": "caf\udce9.txt"}\n' * 1000, str(earlier))
    assert earlier.read_text(encoding="utf-8") == '{"id": "a-1"}\n'
    assert [p.name for p in tmp_path.iterdir()] == ["articles.jsonl"]


def test_output_onto_one_of_the_inputs_is_refused_and_the_input_kept(tmp_path, examples_dir):
    """Case 2: `brief a.html b.html -o a.html` refuses before any work; the page is untouched."""
    pages = sorted((examples_dir / "corpus").glob("*.html"))
    for p in pages:
        (tmp_path / p.name).write_bytes(p.read_bytes())
    target = tmp_path / pages[0].name
    before = target.read_bytes()
    done = nf("brief", *(tmp_path / p.name for p in pages), "-o", target)
    plain(done)
    assert done.returncode == 1
    assert "is one of the inputs" in done.stderr and pages[0].name in done.stderr
    assert target.read_bytes() == before


def test_a_report_written_into_the_folder_being_briefed_is_refused(pile):
    """Case 2: `brief DIR -o DIR/` would read its own Markdown and HTML back on the next run (9 articles, then
    11): refused in one line, and nothing is written into the folder."""
    names = sorted(p.name for p in pile.iterdir())
    done = nf("brief", pile, "-o", f"{pile}/")
    plain(done)
    assert done.returncode == 1
    assert "inside the input folder" in done.stderr
    assert sorted(p.name for p in pile.iterdir()) == names
    outside = nf("brief", "-q", pile, "-o", pile / "briefing.json")  # JSON is never read back: allowed
    assert outside.returncode == 0, outside.stderr


def test_a_fifo_a_device_and_symlink_loops_are_named_and_never_hang(pile, tmp_path):
    """Cases 3 and 4: a named pipe, a .txt symlink to /dev/zero, a symlink loop and a dangling symlink in the
    folder: each named on one line, the five reports extracted, exit 2, no hang."""
    import os

    os.mkfifo(pile / "pipe.txt")
    os.symlink("/dev/zero", pile / "endless.txt")
    os.symlink("loop-b.txt", pile / "loop-a.txt")
    os.symlink("loop-a.txt", pile / "loop-b.txt")
    os.symlink("gone.txt", pile / "dangling.txt")
    done = nf("extract", pile, pile / "pipe.txt", timeout=60)
    plain(done)
    assert done.returncode == 2
    assert len([r for r in _lines(done) if "id" in r]) == 5
    err = done.stderr
    assert "pipe.txt: is a named pipe (FIFO), not a regular file" in err
    assert "endless.txt: is a character device" in err
    assert "loop-a.txt: a symbolic link loop" in err
    assert "dangling.txt: a symbolic link to 'gone.txt', which does not exist" in err


def test_a_file_longer_than_its_stated_size_is_refused_by_what_was_read(tmp_path, monkeypatch):
    """Case 4: the byte cap counts the bytes read, not the size the file system reports (/proc files say 0)."""
    from newsfuse.errors import InputProblem
    from newsfuse.ingest.opener import read_capped

    proc = Path("/proc/self/maps")
    if not proc.exists() or proc.stat().st_size != 0:
        pytest.skip("no /proc file that understates its size")
    assert read_capped(proc, "maps.txt", 10_000_000)
    with pytest.raises(InputProblem, match="more than the"):
        read_capped(proc, "maps.txt", 100)


def test_terminal_escapes_in_a_file_name_never_reach_the_terminal_raw(tmp_path):
    """Also measured: a file named with ESC[2J is shown as \\x1b[2J in the 'skipped' line."""
    bad = tmp_path / "clear\x1b[2Jscreen.txt"
    bad.write_bytes(b"")
    done = nf("extract", bad)
    assert done.returncode == 1
    assert "\x1b" not in done.stderr
    assert "clear\\x1b[2Jscreen.txt: the file is empty" in done.stderr


def test_bidi_overrides_in_an_outlet_name_are_shown_not_obeyed(tmp_path, seed_files):
    """Also measured: an outlet named with U+202E ('\u202eTSOP' reads as 'POST') is escaped in Markdown and HTML,
    kept as data in the JSON."""
    manifest = tmp_path / "pile.jsonl"
    rows = [{"path": str(f), "outlet": "\u202eTSOP" if i == 0 else f"Outlet {i}"} for i, f in enumerate(seed_files)]
    manifest.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    done = nf("brief", "-q", "--manifest", manifest, "--published", SEEDS_PUBLISHED, "-o", f"{tmp_path}/out/")
    assert done.returncode == 0, done.stderr
    for name in ("briefing.md", "briefing.html"):
        text = (tmp_path / "out" / name).read_text(encoding="utf-8")
        assert "\u202e" not in text and "\\u202eTSOP" in text
    assert "\u202eTSOP" in (tmp_path / "out" / "briefing.json").read_text(encoding="utf-8")


def test_a_state_folder_in_use_is_refused_naming_the_process(tmp_path, seeds_dir):
    """Case 5: a second `stories --state DIR` while one runs says "in use by process N" and exits 1; the first
    run's state is not overwritten. A lock left by a killed run does not block the next one."""
    state = tmp_path / "state"
    state.mkdir()
    holder = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        (state / "stories.lock").write_text(f"{holder.pid}\n", encoding="ascii")
        done = nf("stories", "-q", seeds_dir, "--state", state)
        plain(done)
        assert done.returncode == 1
        assert f"is in use by process {holder.pid}" in done.stderr
        assert not (state / "stories.json").exists()
    finally:
        holder.kill()
        holder.wait()
    # the holder is gone: its lock is stale and taken over
    done = nf("stories", "-q", seeds_dir, "--state", state)
    assert done.returncode == 0, done.stderr
    assert (state / "stories.json").exists() and not (state / "stories.lock").exists()


def test_utf8_with_a_few_corrupt_bytes_stays_utf8_with_a_note(tmp_path, examples_dir):
    """Case 6: a French report with three stray bytes is read as UTF-8 (every accent right), the bad bytes
    shown as U+FFFD, the file named on one line as used with a problem, exit 2."""
    report = tmp_path / "rapport.txt"
    text = ("Le pont Kestrel s'est effondré mardi matin à Halden. Selon les pompiers, deux personnes sont décédées "
            "et quatorze ont été blessées. La maire a déclaré l'état d'urgence et promis une enquête indépendante.\n\n"
            "Les travaux de réfection du tablier étaient en cours depuis avril, a précisé la société Dunmore.\n")
    data = bytearray(text.encode("utf-8"))
    for at in (12, 80, 200):
        data.insert(at, 0xFF)
    report.write_bytes(bytes(data))
    done = nf("extract", report)
    plain(done)
    assert done.returncode == 2
    article = _lines(done)[0]
    assert "effondré" in article["text"] and "été blessées" in article["text"] and "\ufffd" in article["text"]
    assert "rapport.txt: " in done.stderr and "not valid UTF-8, shown as \ufffd" in done.stderr


def _example_texts(examples_dir: Path, n: int) -> list[str]:
    return [p.read_text(encoding="utf-8") for p in sorted((examples_dir / "corpus").glob("*.txt"))[:n]]


def test_manifest_values_that_are_not_strings_are_named_never_shown_as_python(tmp_path, examples_dir):
    """Case 7: a text given as a list of paragraphs is read as those paragraphs; an outlet given as a list, a
    title given as true, an outlet given as an object: each row named with the column and why, the others kept."""
    texts = _example_texts(examples_dir, 4)
    paragraphs = [p for p in texts[0].split("\n\n") if p.strip()]
    rows = [{"text": paragraphs, "outlet": "Continental Press Service"},
            {"text": texts[1], "outlet": ["Northbridge Gazette", "Valley Herald"]},
            {"text": texts[2], "title": True},
            {"text": texts[3], "outlet": {"name": "Halden Chronicle"}}]
    manifest = tmp_path / "rows.jsonl"
    manifest.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    done = nf("extract", "--manifest", manifest)
    plain(done)
    assert done.returncode == 2
    articles = _lines(done)
    used = [a for a in articles if a.get("text")]
    assert len(used) == 1 and used[0]["outlet"] == "Continental Press Service"
    assert "['" not in used[0]["text"] and paragraphs[1].strip()[:40] in used[0]["text"]
    assert "rows.jsonl#2: " in done.stderr and "'outlet' is a list of 2" in done.stderr
    assert "rows.jsonl#3: " in done.stderr and "'title' is true/false" in done.stderr
    assert "rows.jsonl#4: " in done.stderr and "'outlet' is an object" in done.stderr
    assert "{'name'" not in done.stdout + done.stderr


def test_an_unclosed_quote_in_a_csv_manifest_loses_only_its_own_row(tmp_path, examples_dir):
    """Case 8: a CSV row whose quote never closes is named by its line; every row after it is still read."""
    texts = [" ".join(t.split("\n\n")[3:7]).replace('"', "'").replace("\n", " ") for t in _example_texts(examples_dir, 4)]
    manifest = tmp_path / "rows.csv"
    manifest.write_text("text,outlet\n"
                        f'"{texts[0]}",First Outlet\n'
                        f'"{texts[1]},Second Outlet\n'  # the quote is never closed
                        f'"{texts[2]}",Third Outlet\n'
                        f'{texts[3].replace(",", " ")},Fourth Outlet\n', encoding="utf-8")
    done = nf("extract", "--manifest", manifest)
    plain(done)
    assert done.returncode == 2
    outlets = [a["outlet"] for a in _lines(done) if a.get("text")]
    assert outlets == ["First Outlet", "Third Outlet", "Fourth Outlet"]
    assert "rows.csv#2: the row starting on line 3 " in done.stderr


def test_a_csv_manifest_with_a_header_and_no_rows_is_named(tmp_path):
    """Also measured: a CSV manifest of only its header line is refused as having no rows, not as nothing."""
    manifest = tmp_path / "empty.csv"
    manifest.write_text("path,outlet,published\n", encoding="utf-8")
    done = nf("extract", "--manifest", manifest)
    plain(done)
    assert done.returncode == 1
    assert "empty.csv: the CSV manifest has a header but no rows" in done.stderr


def test_manifest_paths_outside_its_folder_follow_the_setting(tmp_path, examples_dir):
    """Case 9: with ingest.allow_paths_outside_manifest = false a row pointing out of the manifest's folder
    (../, an absolute path, a symlink out) is refused by name and its file never read; the rows inside are kept.
    The default (a local user who asks for it) reads them."""
    private = tmp_path / "private"
    private.mkdir()
    secret = private / "notes.txt"
    secret.write_text(_example_texts(examples_dir, 2)[1], encoding="utf-8")
    pile = tmp_path / "pile"
    pile.mkdir()
    (pile / "inside.txt").write_text(_example_texts(examples_dir, 1)[0], encoding="utf-8")
    other = private / "other.txt"
    other.write_text(_example_texts(examples_dir, 3)[2], encoding="utf-8")
    linked = private / "linked.txt"
    linked.write_text(_example_texts(examples_dir, 4)[3], encoding="utf-8")
    (pile / "link.txt").symlink_to(linked)
    manifest = pile / "rows.jsonl"
    manifest.write_text("".join(json.dumps(r) + "\n" for r in [
        {"path": "inside.txt", "outlet": "Inside"}, {"path": "../private/notes.txt", "outlet": "Up"},
        {"path": str(other), "outlet": "Absolute"}, {"path": "link.txt", "outlet": "Link"}]), encoding="utf-8")
    config = tmp_path / "service.toml"
    config.write_text("[ingest]\nallow_paths_outside_manifest = false\n", encoding="utf-8")
    done = nf("extract", "--manifest", manifest, "--config", config)
    plain(done)
    assert done.returncode == 2
    assert [a["outlet"] for a in _lines(done) if a.get("text")] == ["Inside"]
    for row in (2, 3, 4):
        assert f"rows.jsonl#{row}: the path " in done.stderr
    assert done.stderr.count("outside the manifest's folder") == 3
    default = nf("extract", "--manifest", manifest)
    assert default.returncode == 0
    assert [a["outlet"] for a in _lines(default)] == ["Inside", "Up", "Absolute", "Link"]


def _pairs_rows(examples_dir: Path) -> list[dict]:
    texts = _example_texts(examples_dir, 2)
    fact = next(p for p in texts[0].split("\n\n") if len(p.split()) > 15).strip()
    return [{"id": "same", "sources": texts, "text": fact},
            {"id": "blank", "sources": texts, "text": "  "},
            {"id": "nosource", "sources": ["", " "], "text": fact}]


def test_check_pairs_reads_row_one_behind_a_byte_order_mark_and_names_empty_rows(tmp_path, examples_dir):
    """check --pairs: a file saved with a BOM keeps its first row; an empty text or sources with no text is
    named as a bad row, never called consistent."""
    pairs = tmp_path / "pairs.jsonl"
    pairs.write_bytes(b"\xef\xbb\xbf" + "".join(json.dumps(r) + "\n" for r in _pairs_rows(examples_dir)).encode("utf-8"))
    done = nf("check", "--pairs", pairs)
    plain(done)
    assert done.returncode == 2
    rows = _lines(done)
    assert [r["id"] for r in rows] == ["same"] and rows[0]["consistent"] is True
    assert "pairs.jsonl#2: bad row (its 'text' is empty" in done.stderr
    assert "pairs.jsonl#3: bad row (its 'sources' hold no text" in done.stderr


def test_check_pairs_refuses_flags_it_would_ignore_and_its_own_file_as_output(tmp_path, examples_dir):
    """check --pairs with --sources or --text beside it says they cannot be used together (they were ignored
    without a word), and writing the verdicts over the pairs file is refused with the file kept."""
    pairs = tmp_path / "pairs.jsonl"
    body = "".join(json.dumps(r) + "\n" for r in _pairs_rows(examples_dir)[:1])
    pairs.write_text(body, encoding="utf-8")
    draft = tmp_path / "draft.txt"
    draft.write_text("A sentence.", encoding="utf-8")
    done = nf("check", "--pairs", pairs, "--text", draft, "--sources", examples_dir / "corpus")
    plain(done)
    assert done.returncode == 1 and "--sources and --text cannot be given with it" in done.stderr
    done = nf("check", "--pairs", pairs, "--output", pairs)
    plain(done)
    assert done.returncode == 1 and "is the --pairs file" in done.stderr
    assert pairs.read_text(encoding="utf-8") == body


def _example_warc(examples_dir: Path, gzip: bool) -> bytes:
    """A WARC of four example reports as HTML response records, one gzip member each when `gzip`."""
    import html
    import io

    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    buf = io.BytesIO()
    writer = WARCWriter(buf, gzip=gzip)
    for i, text in enumerate(_example_texts(examples_dir, 4)):
        paras = [p.strip() for p in text.split("\n\n") if p.strip()]
        page = (f"<html><head><title>{html.escape(paras[0])}</title></head><body><article>"
                + "".join(f"<p>{html.escape(p)}</p>" for p in paras[1:]) + "</article></body></html>").encode("utf-8")
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(f"https://outlet.example/{i}", "response",
                                                      payload=io.BytesIO(page), http_headers=headers))
    return buf.getvalue()


def _urls(done: subprocess.CompletedProcess) -> list[str]:
    return [a["url"] for a in _lines(done) if a.get("text")]


@pytest.mark.parametrize("delta", [-100, 100])
def test_a_warc_record_with_a_wrong_content_length_is_named_and_no_bytes_are_dumped(tmp_path, examples_dir, delta):
    """A record whose Content-Length is 100 bytes short or long: warcio's raw dump never reaches the terminal,
    the record is named on one line with its offset, every page of the archive is still used, exit 2."""
    data = _example_warc(examples_dir, gzip=False)
    at = data.index(b"Content-Length: ") + len(b"Content-Length: ")
    end = data.index(b"\r\n", at)
    archive = tmp_path / "crawl.warc"
    archive.write_bytes(data[:at] + str(int(data[at:end]) + delta).encode() + data[end:])
    done = nf("extract", archive)
    plain(done)
    assert done.returncode == 2
    assert _urls(done) == [f"https://outlet.example/{i}" for i in range(4)]
    assert len(done.stderr.splitlines()) == 1
    assert "crawl.warc (https://outlet.example/0, byte 0): the record's Content-Length does not match" in done.stderr


def test_a_broken_gzip_member_costs_only_its_own_record(tmp_path, examples_dir):
    """A .warc.gz whose third member is damaged: the pages before and after it are used, the damaged record is
    named with its byte offset, exit 2."""
    data = _example_warc(examples_dir, gzip=True)
    starts = [i for i in range(len(data) - 2) if data[i:i + 3] == b"\x1f\x8b\x08"]
    assert len(starts) == 4
    hit = starts[2] + 40
    archive = tmp_path / "crawl.warc.gz"
    archive.write_bytes(data[:hit] + b"\x00" * 30 + data[hit + 30:])
    done = nf("extract", archive)
    plain(done)
    assert done.returncode == 2
    assert _urls(done) == ["https://outlet.example/0", "https://outlet.example/1", "https://outlet.example/3"]
    assert f"crawl.warc.gz (byte {starts[2]}): a damaged record, not used" in done.stderr
    assert f"reading went on at byte {starts[3]}" in done.stderr


def test_ctrl_c_stops_the_run_with_130_one_line_and_the_earlier_output_whole(tmp_path):
    """Ctrl-C during a brief that runs worker processes (cleaning and spaCy, 400 ECB+ reports): the terminal's
    SIGINT reaches the whole process group, yet only one line is printed (no worker tracebacks), the exit code
    is 130, and the briefing an earlier run wrote is left as it was."""
    import os
    import signal
    import time

    ecb = Path(__file__).resolve().parents[1] / ".." / "shared" / "data" / "clustering" / "ecbplus.jsonl"
    pile = tmp_path / "pile"
    pile.mkdir()
    with ecb.open(encoding="utf-8") as f:
        for i, line in zip(range(400), f):
            row = json.loads(line)
            (pile / f"{row['id']}.txt").write_text("\n\n".join(row["sentences"]), encoding="utf-8")
    out = tmp_path / "briefing.json"
    out.write_text('{"earlier": true}\n', encoding="utf-8")
    interrupted = 0
    for delay in (3.0, 8.0):  # while cleaning, then while the spaCy workers parse
        proc = subprocess.Popen([str(SCRIPT), "brief", pile, "--published", "2024-06-11", "-o", out, "--quiet"],
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True)
        time.sleep(delay)
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGINT)  # as the terminal does: every process of the group
        stdout, stderr = proc.communicate(timeout=600)
        if proc.returncode == 0:
            continue  # finished before the interrupt: nothing to check for this delay
        assert proc.returncode == 130, stderr
        assert "Traceback" not in stderr and stderr.strip().splitlines() == ["newsfuse: interrupted"], stderr
        assert out.read_text(encoding="utf-8") == '{"earlier": true}\n'
        interrupted += 1
    assert interrupted, "both runs ended before the interrupt: the pile is too small to test Ctrl-C on"


def test_feeding_a_state_the_texts_it_already_holds_changes_no_answer(tmp_path):
    """Case 5: 1,300 texts (ECB+ reports, undated, plus re-dated rewrites and extended copies of them, more than
    the grouper's second-look delay) fed twice to one `stories --state`: the second run gives every article the
    same story and the same copy_of as the first."""
    ecb = Path(__file__).resolve().parents[1] / ".." / "shared" / "data" / "clustering" / "ecbplus.jsonl"
    texts = ["\n\n".join(json.loads(line)["sentences"]) for line in ecb.read_text(encoding="utf-8").splitlines()]
    rows = [{"text": t} for t in texts[:700]]
    for i, t in enumerate(texts[:500]):
        paras = t.split("\n\n")
        rows.append({"text": "\n\n".join(paras[1:] + paras[:1]) + "\n\nThis report was updated.",
                     "published": f"2024-06-1{3 + i % 5}"})
    rows += [{"text": t + "\n\nMore to follow."} for t in texts[:100]]
    manifest = tmp_path / "pile.jsonl"
    manifest.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    runs = []
    for n in (1, 2):
        done = nf("stories", "--manifest", manifest, "--state", tmp_path / "state", "-o", tmp_path / f"run{n}.jsonl",
                  "-q", timeout=300)
        assert done.returncode in (0, 2), done.stderr
        runs.append([json.loads(line) for line in (tmp_path / f"run{n}.jsonl").read_text().splitlines()])
    first, second = runs
    assert len(first) == len(second) > 1200
    assert [(r["id"], r["story"], r["copy_of"]) for r in first] == [(r["id"], r["story"], r["copy_of"]) for r in second]
    assert len({r["story"] for r in first}) < len(first) and any(r["copy_of"] for r in first)


def test_a_publication_date_at_the_calendars_ends_is_named_never_an_overflow(tmp_path, examples_dir):
    """Also measured: --published 0001-01-01 or 9999-12-31 (and such manifest dates) gave 'OverflowError: date
    value out of range'; now the date is refused in plain words, naming the year, and a dated row elsewhere is kept."""
    report = tmp_path / "report.txt"
    report.write_text(_example_texts(examples_dir, 1)[0], encoding="utf-8")
    for day in ("0001-01-01", "9999-12-31T23:59:59+00:00"):
        done = nf("brief", report, "--published", day, "-o", tmp_path / "b.json")
        plain(done)
        assert done.returncode == 1 and "not a publication date newsfuse can use" in done.stderr
        assert "Overflow" not in done.stderr
    manifest = tmp_path / "rows.jsonl"
    texts = _example_texts(examples_dir, 2)
    manifest.write_text(json.dumps({"text": texts[0], "published": "0001-01-01"}) + "\n"
                        + json.dumps({"text": texts[1], "published": "2024-06-11"}) + "\n", encoding="utf-8")
    done = nf("brief", "--manifest", manifest, "-o", tmp_path / "m.json")
    plain(done)
    assert done.returncode == 2 and "rows.jsonl#1: the published date could not be used" in done.stderr
    assert "Overflow" not in done.stderr
