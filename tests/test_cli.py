"""The command line as a user meets it: help, plain-word errors, exit codes, clean stdout, progress, settings.

Each test runs the installed `newsfuse` script in a subprocess. Most are error cases that fail before any
model loads; two full briefings of the seeds check the output files, stdout and determinism.
"""
from __future__ import annotations

import json
import os
import pty
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from newsfuse.config import Settings, example_toml, load_settings

ROOT = Path(__file__).resolve().parents[1]
SCRIPT = Path(sys.executable).parent / "newsfuse"
COMMANDS = ("brief", "extract", "stories", "check")

pytestmark = pytest.mark.skipif(not SCRIPT.exists(), reason="console script not installed")


def nf(*args: str, cwd: Path | None = None, timeout: float = 120) -> subprocess.CompletedProcess:
    """Run `newsfuse ARGS` with stdout and stderr captured apart."""
    return subprocess.run([str(SCRIPT), *args], capture_output=True, text=True, timeout=timeout, cwd=cwd)


def plain(done: subprocess.CompletedProcess) -> None:
    """A failure a user reads: no traceback, nothing but newsfuse's own lines on stderr."""
    assert "Traceback" not in done.stderr
    assert all(line.startswith(("newsfuse", "usage:")) for line in done.stderr.splitlines() if line.strip()), done.stderr


@pytest.fixture(scope="module")
def bad_inputs(tmp_path_factory) -> dict[str, Path]:
    """Hand-made bad inputs: empty, binary named .txt and .html, and a path that does not exist."""
    d = tmp_path_factory.mktemp("bad")
    (d / "empty.txt").write_bytes(b"")
    (d / "photo.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 8)
    (d / "photo.html").write_bytes(b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01" + bytes(range(256)) * 8)
    return {"empty": d / "empty.txt", "bin_txt": d / "photo.txt", "bin_html": d / "photo.html", "missing": d / "nope.txt"}


def test_every_command_has_help_with_examples():
    for command in COMMANDS:
        done = nf(command, "--help")
        assert done.returncode == 0, command
        assert "examples:" in done.stdout and f"newsfuse {command}" in done.stdout
        assert "--quiet" in done.stdout and "--config" in done.stdout and "--debug" in done.stdout


def test_wrong_command_line_exits_1_with_usage_on_stderr():
    for args in ((), ("brief", "--no-such-flag"), ("extract", "--format", "xml", "x.txt")):
        done = nf(*args)
        assert done.returncode == 1, args  # 2 is kept for 'some inputs skipped'
        assert done.stdout == "" and "usage:" in done.stderr


def test_extract_names_every_bad_input_and_keeps_the_good_one(seed_files, bad_inputs):
    done = nf("extract", str(seed_files[0]), *(str(p) for p in bad_inputs.values()))
    assert done.returncode == 2
    plain(done)
    records = [json.loads(line) for line in done.stdout.splitlines()]  # stdout: JSON lines only
    assert [r["input"] for r in records if "text" in r] == [str(seed_files[0])]
    failed = {r["input"]: r["error"] for r in records if "error" in r}
    assert set(failed) == {str(p) for p in bad_inputs.values()}
    for path in bad_inputs.values():
        assert f"skipped {path}: {failed[str(path)]}" in done.stderr
    assert "empty" in failed[str(bad_inputs["empty"])] and "no such file" in failed[str(bad_inputs["missing"])]
    assert "binary" in failed[str(bad_inputs["bin_txt"])] and "binary" in failed[str(bad_inputs["bin_html"])]


def test_nothing_usable_exits_1(tmp_path, bad_inputs):
    (tmp_path / "notes.pdf").write_bytes(b"%PDF-1.4")
    for args in ((str(bad_inputs["empty"]), str(bad_inputs["missing"])), (str(tmp_path),)):
        done = nf("extract", *args)
        assert done.returncode == 1
        plain(done)
    assert "holds no .txt, .html" in done.stderr


def test_manifest_rows_are_named_with_their_reason(tmp_path, seed_files):
    rows = [json.dumps({"path": str(seed_files[0]), "outlet": "Seed"}), "{broken", json.dumps({"outlet": "Nobody"}),
            json.dumps({"path": str(seed_files[1]), "published": "the day after"}), json.dumps({"path": "gone.txt"})]
    manifest = tmp_path / "pile.jsonl"
    manifest.write_text("\n".join(rows) + "\n", encoding="utf-8")
    done = nf("extract", "--manifest", str(manifest), "--format", "json")
    assert done.returncode == 2
    plain(done)
    doc = json.loads(done.stdout)
    assert [a["outlet"] for a in doc["articles"]] == ["Seed"]
    errors = {e["input"]: e["error"] for e in doc["errors"]}
    assert "not valid JSON" in errors[f"{manifest}#2"]
    assert "no path, url or text" in errors[f"{manifest}#3"]
    assert "the day after" in errors[f"{manifest}#4"]
    assert "no such file" in errors[f"{manifest}#5 ({tmp_path / 'gone.txt'})"]


def test_bad_option_values_fail_fast_in_plain_words(tmp_path, seed_files):
    (tmp_path / "blocker").write_text("a file where a folder should be", encoding="utf-8")
    (tmp_path / "other.json").write_text('{"results": []}', encoding="utf-8")
    (tmp_path / "empty.jsonl").write_text("\n", encoding="utf-8")
    (tmp_path / "binary.txt").write_bytes(b"\x7fELF\x02\x01\x00\x00" * 64)
    cases = [
        (("check", "--pairs", str(tmp_path / "empty.jsonl")), "holds no rows to check"),
        (("check", "--sources", str(seed_files[0]), "--text", str(tmp_path / "binary.txt")), "not readable text"),
        (("brief", str(seed_files[0]), "--published", "someday"), "--published: 'someday' is not a date"),
        (("brief", str(seed_files[0]), "--published", "yesterday"), "would change from run to run"),
        (("brief", str(seed_files[0]), "--output", str(tmp_path / "report.pdf")), "the format cannot be told from '.pdf'"),
        (("stories", str(seed_files[0]), "--state", str(tmp_path / "blocker")), "--state takes a directory"),
        (("brief",), "give at least one INPUT"),
        (("brief", str(seed_files[0]), "--output", str(tmp_path / "blocker" / "out.json")), "is a file, not a folder"),
        (("brief", str(seed_files[0]), "--since", str(tmp_path / "other.json")), "not a newsfuse briefing"),
        (("brief", str(seed_files[0]), "--since", str(tmp_path / "gone.json")), "does not exist"),
        (("check", "--sources", str(seed_files[0]), "--text", str(tmp_path / "gone.txt")), "--text"),
    ]
    for args, message in cases:
        done = nf(*args, timeout=30)
        assert done.returncode == 1, args
        assert message in done.stderr and done.stdout == "", (args, done.stderr)
        plain(done)


def test_debug_shows_the_traceback(seed_files):
    done = nf("extract", str(seed_files[0]), "--published", "someday", "--debug")
    assert done.returncode == 1 and "Traceback" in done.stderr and "is not a date" in done.stderr


def test_bad_config_is_named_with_the_reason(tmp_path, seed_files):
    (tmp_path / "syntax.toml").write_text("[clean\nlanguages = ", encoding="utf-8")
    (tmp_path / "unknown.toml").write_text("[brief]\nsentencez = 5\n", encoding="utf-8")
    (tmp_path / "choice.toml").write_text('[clean]\nhtml_extractor = "fsat"\n', encoding="utf-8")  # refused even for text inputs
    (tmp_path / "range.toml").write_text("[brief]\nsentences = -5\n", encoding="utf-8")  # the CLI refuses --sentences -5 too
    (tmp_path / "share.toml").write_text("[stories]\njoin_threshold = 1.5\n", encoding="utf-8")  # would split every story
    for name, message in (("syntax.toml", "is not valid TOML"), ("unknown.toml", "unknown setting 'brief.sentencez'"),
                          ("choice.toml", "'clean.html_extractor': Input should be 'fast' or 'trafilatura'"),
                          ("range.toml", "'brief.sentences': Input should be greater than or equal to 1"),
                          ("share.toml", "'stories.join_threshold': Input should be less than or equal to 1")):
        done = nf("extract", str(seed_files[0]), "--config", str(tmp_path / name))
        assert done.returncode == 1 and message in done.stderr and str(tmp_path / name) in done.stderr
        plain(done)


def test_example_config_lists_every_default():
    path = ROOT / "newsfuse.example.toml"
    assert path.read_text(encoding="utf-8") == example_toml(), "regenerate: newsfuse.config.example_toml()"
    assert load_settings(path) == Settings()
    text = path.read_text(encoding="utf-8")
    for section, field in Settings.model_fields.items():
        assert f"[{section}]" in text
        for name in field.annotation.model_fields:
            assert any(line.lstrip("# ").startswith(f"{name} = ") and "  # " in line for line in text.splitlines()), name


def test_url_that_cannot_be_fetched_is_a_clear_error():
    with socket.socket() as s:  # a port nobody listens on: refused at once, no network needed
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    done = nf("extract", f"http://127.0.0.1:{port}/story.html", timeout=60)
    assert done.returncode == 1
    assert f"could not fetch http://127.0.0.1:{port}/story.html" in done.stderr
    plain(done)


def _on_terminal(*args: str) -> str:
    """stderr of `newsfuse ARGS` when stderr is a terminal (a pty reporting no size, as under `script`)."""
    main, child = pty.openpty()
    with open(os.devnull, "w") as sink:
        proc = subprocess.Popen([str(SCRIPT), *args], stdout=sink, stderr=child)
    os.close(child)
    chunks = []
    while True:
        try:
            chunk = os.read(main, 65536)
        except OSError:
            break
        if not chunk:
            break
        chunks.append(chunk)
    proc.wait(timeout=120)
    os.close(main)
    return b"".join(chunks).decode("utf-8", "replace")


def test_progress_bar_on_a_terminal_and_quiet_silences_it(seeds_dir):
    assert "clean:" in _on_terminal("extract", str(seeds_dir), "--output", os.devnull)
    assert "clean:" not in _on_terminal("extract", str(seeds_dir), "--output", os.devnull, "--quiet")
    # grouping a large pile takes a while too: its stage has a bar of its own
    shown = _on_terminal("stories", str(seeds_dir), "--output", os.devnull)
    assert "clean:" in shown and "stories:" in shown
    assert "stories:" not in _on_terminal("stories", str(seeds_dir), "--output", os.devnull, "--quiet")


def test_brief_writes_all_formats_and_stdout_holds_only_the_briefing(tmp_path, seeds_dir, bad_inputs):
    out = tmp_path / "new" / "dir"
    done = nf("brief", str(seeds_dir), str(bad_inputs["empty"]), "--published", "2024-06-20", "--output", f"{out}/")
    assert done.returncode == 2
    plain(done)
    assert done.stdout == ""
    assert f"skipped {bad_inputs['empty']}: the file is empty" in done.stderr
    assert "5 articles in 1 story" in done.stderr
    written = json.loads((out / "briefing.json").read_text(encoding="utf-8"))
    assert written["errors"] == [{"input": str(bad_inputs["empty"]), "error": "the file is empty", "skipped": True}]
    assert (out / "briefing.md").read_text(encoding="utf-8").startswith("#")
    assert "<html" in (out / "briefing.html").read_text(encoding="utf-8").lower()
    # same input, same bytes: the second run prints the JSON to stdout and says nothing else
    again = nf("brief", str(seeds_dir), str(bad_inputs["empty"]), "--published", "2024-06-20", "--format", "json", "-q")
    assert again.returncode == 2
    assert again.stdout.rstrip("\n") == (out / "briefing.json").read_text(encoding="utf-8").rstrip("\n")
    assert again.stderr.strip() == f"newsfuse: skipped {bad_inputs['empty']}: the file is empty"


def test_text_in_a_legacy_encoding_or_with_a_few_corrupt_bytes_comes_out_readable(tmp_path):
    french = [f"Le président a déclaré {day} que la réunion numéro {n} aurait lieu à Hanoï, « un moment historique »."
              for n, day in enumerate(("lundi", "mardi", "mercredi", "jeudi"))]
    (tmp_path / "latin1.txt").write_bytes("Naïve résumé: the council met in the town hall on Tuesday evening.".encode("latin-1"))
    data = "\n\n".join(french).encode("utf-8")
    (tmp_path / "cut.txt").write_bytes(data[:60] + b"\xff\xfe" + data[60:])  # two stray bytes in UTF-8
    done = nf("extract", str(tmp_path / "latin1.txt"), str(tmp_path / "cut.txt"))
    assert done.returncode == 2  # used, with the corrupt bytes noted (issue 15)
    assert "cut.txt: 2 byte sequences not valid UTF-8" in done.stderr
    texts = [json.loads(line)["text"] for line in done.stdout.splitlines() if '"text"' in line]
    assert texts[0].startswith("Naïve résumé: the council")
    assert texts[1].count("président") == 4 and texts[1].count("Hanoï") == 4


API_SCRIPT = """
import json, sys
import newsfuse
seeds, empty = sys.argv[1], sys.argv[2]
briefing = newsfuse.brief([seeds, empty], published="2024-06-20")
articles, errors = newsfuse.extract(seeds)
print(json.dumps({"type": type(briefing).__name__, "stories": len(briefing.stories),
                  "claims": [c.support for c in briefing.stories[0].claims[:3]],
                  "errors": [e.input for e in briefing.errors], "schema": json.loads(briefing.to_json())["schema"],
                  "extracted": len(articles), "extract_errors": len(errors)}))
"""


def test_python_api_as_the_readme_shows(seeds_dir, bad_inputs):
    done = subprocess.run([sys.executable, "-c", API_SCRIPT, str(seeds_dir), str(bad_inputs["empty"])],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert result["type"] == "Briefing" and result["stories"] == 1 and result["schema"] == "newsfuse/briefing-1"
    assert result["claims"] and all(s >= 1 for s in result["claims"])
    assert result["errors"] == [str(bad_inputs["empty"])]
    assert (result["extracted"], result["extract_errors"]) == (5, 0)


def test_output_format_follows_the_file_name(tmp_path, seeds_dir):
    done = nf("extract", str(seeds_dir), "-o", str(tmp_path / "e5.json"), "-q")
    assert done.returncode == 0 and done.stdout == "" and done.stderr == ""
    doc = json.loads((tmp_path / "e5.json").read_text(encoding="utf-8"))  # one JSON document, not JSON lines
    assert len(doc["articles"]) == 5 and doc["errors"] == []
    done = nf("extract", str(seeds_dir), "-o", str(tmp_path / "e5.jsonl"), "-q")
    lines = (tmp_path / "e5.jsonl").read_text(encoding="utf-8").splitlines()
    assert done.returncode == 0 and [json.loads(line)["id"] for line in lines] == [a["id"] for a in doc["articles"]]


def test_a_format_the_file_name_denies_is_refused_before_any_work(tmp_path, seed_files):
    missing = str(tmp_path / "gone.txt")  # refused before it is read: no 'skipped' line
    cases = [
        (("brief", missing, "--format", "md", "-o", "m1.html"), "--format md clashes with --output m1.html"),
        (("brief", missing, "--format", "html", "-o", "m1.json"), "--format html clashes with --output m1.json"),
        (("extract", missing, "--format", "jsonl", "-o", "e5.json"), "--format jsonl clashes with --output e5.json"),
        (("check", "--sources", missing, "--text", missing, "--format", "json", "-o", "v.md"),
         "--format json clashes with --output v.md"),
        (("extract", missing, "-o", "e5.md"), "a .md file holds Markdown"),  # a known format extract does not write
        (("extract", missing, "-o", "e5.txt"), "the format cannot be told from '.txt'"),
        (("stories", missing, "-o", "s.json"), "name the file .jsonl"),  # stories writes JSON Lines only
        (("check", "--pairs", missing, "-o", "v.json"), "name the file .jsonl"),
    ]
    for args, message in cases:
        done = nf(*args, cwd=tmp_path, timeout=30)
        assert done.returncode == 1 and done.stdout == "", args
        assert len(done.stderr.splitlines()) == 1 and done.stderr.startswith(f"newsfuse {args[0]}: ")
        assert message in done.stderr, (args, done.stderr)
        assert list(tmp_path.iterdir()) == [], args  # nothing written
    # an explicit format with a suffix that names none, and a suffix-less name, are still written as asked
    done = nf("extract", str(seed_files[0]), "--format", "json", "-o", "e.txt", "-q", cwd=tmp_path)
    assert done.returncode == 0 and json.loads((tmp_path / "e.txt").read_text(encoding="utf-8"))["articles"]


def test_state_folder_that_cannot_be_made_is_one_plain_line(seeds_dir):
    done = nf("stories", str(seeds_dir), "--state", "/proc/nope/x", timeout=60)
    assert done.returncode == 1 and done.stdout == ""
    plain(done)
    assert done.stderr.startswith("newsfuse stories: --state /proc/nope/x: ") and len(done.stderr.splitlines()) == 1
    assert "unexpected error" not in done.stderr and "Errno" not in done.stderr


def test_when_nothing_could_be_processed_a_closing_line_says_so(tmp_path, bad_inputs):
    for command in ("extract", "stories", "brief"):
        for quiet in ((), ("-q",)):  # the reason for exit 1 is not a progress note: --quiet keeps it
            out = tmp_path / ("x.json" if command == "brief" else "x.jsonl")
            done = nf(command, str(bad_inputs["empty"]), str(bad_inputs["missing"]), *quiet, "-o", str(out))
            assert done.returncode == 1, (command, done.stderr)
            plain(done)
            lines = done.stderr.splitlines()
            assert all(line.startswith("newsfuse: skipped ") for line in lines[:2])
            assert lines[-1] == f"newsfuse {command}: nothing could be processed (2 inputs were skipped, see above)"


def test_a_problem_with_an_input_that_was_still_used_is_not_called_skipped(tmp_path, seed_files):
    manifest = tmp_path / "pile.jsonl"
    manifest.write_text(json.dumps({"path": str(seed_files[0]), "outlet": "Wire", "publishd": "2024-06-20"}) + "\n",
                        encoding="utf-8")
    done = nf("extract", "--manifest", str(manifest), "--format", "json")
    assert done.returncode == 2
    plain(done)
    line = next(x for x in done.stderr.splitlines() if "publishd" in x)
    assert line.startswith(f"newsfuse: {manifest}#1 column 'publishd'") and "skipped" not in line
    doc = json.loads(done.stdout)
    assert len(doc["articles"]) == 1 and [e["skipped"] for e in doc["errors"]] == [False]


def test_extract_counts_as_skipped_only_inputs_it_did_not_use(tmp_path, seed_files):
    manifest = tmp_path / "pile.jsonl"
    manifest.write_text(json.dumps({"path": str(seed_files[0]), "publishd": "2024-06-20"}) + "\n", encoding="utf-8")
    done = nf("extract", "--manifest", str(manifest), "-o", str(tmp_path / "out.jsonl"))
    assert done.returncode == 2
    assert "1 article, 0 inputs skipped, 1 problem noted; wrote" in done.stderr
