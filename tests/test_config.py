"""Settings as a user writes them: a value the stages cannot use is refused on load, naming the key and the value."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from newsfuse.config import ConfigError, Settings, load_settings

SCRIPT = Path(sys.executable).parent / "newsfuse"


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "newsfuse.toml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("value, hint", [
    ('["english"]', "write 'en' for English"),       # a language's name, not its code: every language was null
    ('["en", "xx"]', "the codes it knows: af, ar"),  # no such code
    ("[]", "give at least one language code"),       # nothing to choose among: every language was null
])
def test_language_codes_the_identifier_does_not_know_are_refused(tmp_path: Path, value: str, hint: str):
    path = write(tmp_path, f"[clean]\nlanguages = {value}\n")
    with pytest.raises(ConfigError) as caught:
        load_settings(path)
    message = str(caught.value)
    assert str(path) in message and "'clean.languages'" in message and hint in message
    assert "\n" not in message and "Value error" not in message


def test_known_language_codes_are_kept_in_lower_case(tmp_path: Path):
    settings = load_settings(write(tmp_path, '[clean]\nlanguages = ["EN", "ms", " zh "]\n'))
    assert settings.clean.languages == ["en", "ms", "zh"]
    Settings.model_validate({"clean": {"languages": Settings().clean.languages}})  # the defaults pass the check


@pytest.mark.skipif(not SCRIPT.exists(), reason="console script not installed")
def test_the_command_line_refuses_a_language_name_in_one_plain_line(tmp_path: Path):
    path = write(tmp_path, '[clean]\nlanguages = ["english"]\n')
    page = tmp_path / "a.txt"
    page.write_text("The council approved the harbour budget on Tuesday after a long debate, officials said.\n")
    done = subprocess.run([str(SCRIPT), "extract", str(page), "--config", str(path)], capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 1 and done.stdout == ""
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("newsfuse: config file") and "'english'" in lines[0]
    assert "'clean.languages'" in lines[0]
