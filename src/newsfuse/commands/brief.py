"""`newsfuse brief`: the whole pipeline, from a pile of reports to a sourced briefing."""
from __future__ import annotations

import json
from pathlib import Path

from ..errors import UsageError
from .common import command_parser, add_input_args, check_inputs, check_not_inputs, check_output, finish, output_format, progress_for, plural, report_errors, say, write_output

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
    p = command_parser(
        subparsers,
        parents,
        "brief",
        help="brief a pile of news reports (the main job)",
        description="Clean, group, analyze and corroborate the inputs; write one sourced account per story.",
        epilog=EXAMPLES,
    )
    add_input_args(p)
    p.add_argument("--format", choices=FORMATS, help="output format (default: from --output's suffix, else json)")
    p.add_argument("--output", "-o", metavar="PATH", help="file to write, or DIR/ to write all three formats (default stdout)")
    p.add_argument("--sentences", type=int, metavar="N", help="summary length in sentences")
    p.add_argument("--words", type=int, metavar="N", help="summary length in words (overrides --sentences): whole source sentences, as close to N in total "
                   "as they come (the first sentence is kept even when it alone is longer)")
    p.add_argument("--since", metavar="PREVIOUS.json", help="an earlier briefing: report what changed since it")
    p.set_defaults(run=run)


def _targets(args) -> dict[str, str | None]:
    """Format -> output path (None = stdout)."""
    out = args.output
    if out and (out.endswith(("/", "\\")) or Path(out).is_dir()):
        if args.format:
            return {args.format: str(Path(out) / FILENAMES[args.format])}
        return {fmt: str(Path(out) / name) for fmt, name in FILENAMES.items()}
    return {output_format(out, args.format, FORMATS, "json"): out}


def _load_previous(path: str):
    """The earlier briefing given to --since; UsageError when it is missing or not a briefing."""
    from ..model import Briefing

    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise UsageError(f"--since {path}: the file does not exist") from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as e:
        raise UsageError(f"--since {path}: not a newsfuse briefing JSON ({str(e).splitlines()[0]})") from None
    if not isinstance(data, dict) or data.get("schema", "").split("-")[0] != "newsfuse/briefing":
        raise UsageError(f"--since {path}: not a newsfuse briefing JSON (no \"schema\": \"newsfuse/briefing-1\")")
    try:
        return Briefing.model_validate(data)
    except ValueError as e:
        raise UsageError(f"--since {path}: not a newsfuse briefing JSON ({str(e).splitlines()[0]})") from None


def run(args, settings) -> int:
    """Brief every usable input; 0 when all were used, 2 when some were skipped, 1 when none gave an article."""
    check_inputs(args, "brief")
    check_output(args.output, folder_ok=True)
    if args.sentences is not None and args.sentences < 1 or args.words is not None and args.words < 1:
        raise UsageError("--sentences and --words must be at least 1")
    if args.sentences:
        settings.brief.sentences = args.sentences
    if args.words:
        settings.brief.words = args.words
    targets = _targets(args)  # a format it cannot tell, or one the file name denies, is said before the work
    check_not_inputs(targets.values(), args)
    previous = _load_previous(args.since) if args.since else None
    from .. import pipeline, render

    briefing = pipeline.brief(
        args.inputs, manifest=args.manifest, published=args.published, settings=settings, progress=progress_for(args)
    )
    if previous is not None:
        from ..compose import since

        since.diff(previous, briefing)
    report_errors(briefing.errors)
    for fmt, path in targets.items():
        write_output(render.render(briefing, fmt), path)
    written = [p for p in targets.values() if p]
    n_articles = sum(len(s.articles) for s in briefing.stories)
    if written:
        say(args, f"{plural(n_articles, 'article', 'articles')} in {plural(len(briefing.stories), 'story', 'stories')}; wrote " + ", ".join(written))
    return finish("brief", n_articles, briefing.errors)
