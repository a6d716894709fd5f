"""What every subcommand shares: progress, error reporting, output writing and exit codes."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Iterable

from ..model import InputError
from ..progress import Progress

EXIT_OK, EXIT_NOTHING, EXIT_PARTIAL = 0, 1, 2


def progress_for(args: argparse.Namespace) -> Progress:
    """A progress bar unless --quiet (or stderr is not a terminal)."""
    return Progress(enabled=False) if getattr(args, "quiet", False) else Progress()


def report_errors(errors: Iterable[InputError]) -> None:
    """Print each skipped input and why, one line each, on stderr."""
    for e in errors:
        print(f"newsfuse: skipped {e.input}: {e.error}", file=sys.stderr)


def exit_code(processed: int, errors: list[InputError]) -> int:
    """0 when every input was used, 2 when some were skipped, 1 when nothing could be processed."""
    if processed == 0:
        return EXIT_NOTHING
    return EXIT_PARTIAL if errors else EXIT_OK


def write_output(text: str, output: str | None) -> None:
    """Write to the file at `output` (parents created) or to stdout when None or '-'."""
    if output in (None, "-"):
        sys.stdout.write(text if text.endswith("\n") else text + "\n")
        return
    path = Path(output)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def add_input_args(p: argparse.ArgumentParser) -> None:
    """INPUT... and --manifest/--published, the same on every command that reads articles."""
    p.add_argument("inputs", nargs="*", metavar="INPUT", help="files or directories (.txt, .html/.htm; directories are walked)")
    p.add_argument("--manifest", metavar="FILE", help="JSONL or CSV, one article per row (path|url|text, outlet, published, title, language, story)")
    p.add_argument("--published", metavar="DATE", help="publication date (ISO) for articles that have none")
