"""`newsfuse brief`: the whole pipeline, from a pile of reports to a sourced briefing."""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from .common import add_input_args, exit_code, progress_for, report_errors, write_output

FORMATS = ("json", "md", "html")
FILENAMES = {"json": "briefing.json", "md": "briefing.md", "html": "briefing.html"}
EXAMPLES = """\
examples:
  newsfuse brief reports/ --published 2024-06-20 --output out/     # writes out/briefing.{json,md,html}
  newsfuse brief a.txt b.html --format md                          # Markdown to stdout
  newsfuse brief --manifest pile.jsonl --output report.html        # format from the file name
  newsfuse brief reports/ --since out/briefing.json --output out2/ # what changed since an earlier briefing
  newsfuse brief reports/ --sentences 5 --format md                # a shorter summary"""


def add_parser(subparsers, parents) -> None:
    p = subparsers.add_parser(
        "brief",
        parents=parents,
        help="brief a pile of news reports (the main job)",
        description="Clean, group, analyze and corroborate the inputs; write one sourced account per story.",
        epilog=EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    add_input_args(p)
    p.add_argument("--format", choices=FORMATS, help="output format (default: from --output's suffix, else json)")
    p.add_argument("--output", "-o", metavar="PATH", help="file to write, or DIR/ to write all three formats (default stdout)")
    p.add_argument("--sentences", type=int, metavar="N", help="summary length in sentences")
    p.add_argument("--words", type=int, metavar="N", help="summary length in words (overrides --sentences)")
    p.add_argument("--since", metavar="PREVIOUS.json", help="an earlier briefing: report what changed since it")
    p.set_defaults(run=run)


def _targets(args) -> dict[str, str | None]:
    """Format -> output path (None = stdout)."""
    out = args.output
    if out and (out.endswith(("/", "\\")) or Path(out).is_dir()):
        if args.format:
            return {args.format: str(Path(out) / FILENAMES[args.format])}
        return {fmt: str(Path(out) / name) for fmt, name in FILENAMES.items()}
    fmt = args.format
    if fmt is None and out:
        fmt = {".md": "md", ".markdown": "md", ".html": "html", ".htm": "html"}.get(Path(out).suffix.lower(), "json")
    return {fmt or "json": out}


def _load_previous(path: str):
    from ..model import Briefing

    try:
        return Briefing.model_validate(json.loads(Path(path).read_text(encoding="utf-8")))
    except FileNotFoundError:
        raise SystemExit(f"newsfuse: --since {path}: file does not exist")
    except (OSError, UnicodeDecodeError, json.JSONDecodeError, ValueError) as e:
        raise SystemExit(f"newsfuse: --since {path}: not a newsfuse briefing JSON ({str(e).splitlines()[0]})")


def run(args, settings) -> int:
    from .. import pipeline, render

    if not args.inputs and not args.manifest:
        print("newsfuse brief: give at least one INPUT or --manifest FILE (see --help)", file=sys.stderr)
        return 1
    if args.sentences:
        settings.brief.sentences = args.sentences
    if args.words:
        settings.brief.words = args.words
    previous = _load_previous(args.since) if args.since else None
    briefing = pipeline.brief(
        args.inputs, manifest=args.manifest, published=args.published, settings=settings, progress=progress_for(args)
    )
    if previous is not None:
        from ..compose import since

        since.diff(previous, briefing)
    report_errors(briefing.errors)
    targets = _targets(args)
    for fmt, path in targets.items():
        write_output(render.render(briefing, fmt), path)
    written = [p for p in targets.values() if p]
    n_articles = sum(len(s.articles) for s in briefing.stories)
    if written and not args.quiet:
        print(
            f"newsfuse: {n_articles} articles in {len(briefing.stories)} stories; wrote " + ", ".join(written),
            file=sys.stderr,
        )
    return exit_code(n_articles, briefing.errors)
