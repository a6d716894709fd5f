"""`newsfuse stories`: which story each article belongs to and which earlier article it copies."""
from __future__ import annotations

import argparse
import json
import os

from ..config import Settings
from ..errors import UsageError
from .common import command_parser, add_input_args, check_folder, check_inputs, check_not_inputs, check_output, finish, output_format, progress_for, plural, report_errors, say, write_output

EXAMPLES = """output: one JSON object per article, in input order:
  {"id": "a-…", "input": "reports/x.txt", "story": "s-…", "copy_of": "a-…" or null, "origin": "a-…"}
  copy_of: the earliest article this one copies (wire copy, repost, light rewrite); origin: the first
  article of its lineage (an article that copies nothing is its own origin).

examples:
  newsfuse stories reports/ --published 2024-06-20               stories of a directory of reports
  newsfuse stories --manifest pile.jsonl --output stories.jsonl
  newsfuse stories today/ --state state/                         continue yesterday's stories: same ids
"""


def add_parser(subparsers, parents: list[argparse.ArgumentParser]) -> argparse.ArgumentParser:
    """Register `stories` with its options."""
    p = command_parser(
        subparsers,
        parents,
        "stories",
        help="group articles into stories and mark copies, without briefing them",
        description="Mark which articles copy an earlier one (exact, near-duplicate or partial wire copies) and "
        "group the articles into stories, online and in time order. With --state the stories of earlier runs "
        "are continued: new articles join them and their ids never change.",
        epilog=EXAMPLES,
    )
    add_input_args(p)
    p.add_argument("--state", metavar="DIR", help="directory holding the stories of earlier runs (created; updated after the run)")
    p.add_argument("--output", "-o", metavar="PATH", help="file to write (default: stdout)")
    p.set_defaults(run=run)
    return p


def run(args: argparse.Namespace, settings: Settings) -> int:
    """Group every usable input; 0 when all were used, 2 when some failed, 1 when none gave an article."""
    check_inputs(args, "stories")
    check_output(args.output)
    output_format(args.output, None, ("jsonl",), "jsonl")  # JSON Lines only: a .json or .md name is refused
    check_not_inputs([args.output], args)
    if args.state:
        check_folder("--state", args.state)  # saved after the work: a folder that cannot be made fails first
    from ..stories import Grouper
    from ..stories import state as stories_state

    if not args.state:
        return _run(args, settings, Grouper(settings.stories))
    try:
        with stories_state.locked(args.state):  # held from load to save: a second run would lose this one's articles
            try:
                grouper = stories_state.load(args.state, settings.stories)  # before the inputs: fail fast
            except stories_state.StateError as e:
                raise UsageError(f"--state {args.state}: {e}") from None
            return _run(args, settings, grouper)
    except stories_state.StateError as e:
        raise UsageError(f"--state {args.state}: {e}") from None


def _run(args: argparse.Namespace, settings: Settings, grouper) -> int:
    """Group the inputs with `grouper`, save it to --state when given, write the output."""
    from ..pipeline import load_articles
    from ..stories import group
    from ..stories import state as stories_state

    articles, errors = load_articles(args.inputs, args.manifest, args.published, settings, progress_for(args))
    report_errors(errors)
    if not articles:
        return finish("stories", 0, errors)
    workers = min(2, os.cpu_count() or 1)  # large piles: text features in a second process
    stories = group(articles, settings.stories, grouper, workers, progress=progress_for(args))
    where = {a.id: s.id for s in stories for a in s.articles}
    if args.state:
        try:
            stories_state.save(args.state, grouper)
        except OSError as e:  # the folder went away or filled up during the run
            raise UsageError(f"--state {args.state}: the stories could not be saved ({e.strerror or e})") from None
    lines = [
        json.dumps({"id": a.id, "input": a.input, "story": where[a.id], "copy_of": a.copy_of, "origin": a.origin},
                   ensure_ascii=False)
        for a in articles
    ]
    write_output("\n".join(lines) + "\n", args.output)
    if args.output not in (None, "-"):
        n_stories = len(set(where.values()))
        say(args, f"{plural(len(articles), 'article', 'articles')} in {plural(n_stories, 'story', 'stories')}; wrote {args.output}")
    return finish("stories", len(articles), errors)
