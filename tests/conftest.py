"""Shared fixtures: where the seeds and the example corpus live, and one briefing of each per session."""
from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT / ".." / "shared"
SEEDS_DIR = SHARED / "seeds"
EXAMPLES_DIR = ROOT / "examples"
EXAMPLES_MANIFEST = EXAMPLES_DIR / "manifest.jsonl"
SEEDS_PUBLISHED = "2024-06-20"  # the seeds' publication date (a Thursday)
EXAMPLES_PUBLISHED = "2024-06-11"  # the example corpus' --published, for rows without a date of their own


@pytest.fixture(scope="session")
def repo_root() -> Path:
    """The repository root (holds pyproject.toml, examples/, .venv/)."""
    return ROOT


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    """../shared/seeds, read at test time (its text is never copied into the project)."""
    if not SEEDS_DIR.is_dir():
        pytest.skip(f"seeds not found at {SEEDS_DIR}")
    return SEEDS_DIR.resolve()


@pytest.fixture(scope="session")
def seed_files(seeds_dir: Path) -> list[Path]:
    """The seed reports in name order."""
    return sorted(seeds_dir.glob("*.txt"))


@pytest.fixture(scope="session")
def examples_dir() -> Path:
    """The bundled example corpus (examples/)."""
    return EXAMPLES_DIR


@pytest.fixture(scope="session")
def examples_manifest() -> Path:
    """examples/manifest.jsonl: every example article with outlet/published/title."""
    return EXAMPLES_MANIFEST


@pytest.fixture(scope="session")
def seeds_briefing(seeds_dir: Path):
    """The briefing of the five seeds, published 2024-06-20; computed once per session."""
    from newsfuse.pipeline import brief

    return brief([seeds_dir], published=SEEDS_PUBLISHED)


@pytest.fixture(scope="session")
def examples_briefing(examples_manifest: Path):
    """The briefing of the example corpus via its manifest; computed once per session."""
    from newsfuse.pipeline import brief

    return brief(manifest=examples_manifest, published=EXAMPLES_PUBLISHED)


@pytest.fixture(scope="session")
def newsfuse_exe() -> Path:
    """The installed console script, for CLI tests run as a user would."""
    exe = ROOT / ".venv" / "bin" / "newsfuse"
    if not exe.exists():
        pytest.skip(f"{exe} not installed (run make setup)")
    return exe
