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
