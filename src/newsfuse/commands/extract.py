"""`newsfuse extract`: the cleaned articles themselves, one JSON object each, and the inputs that failed."""
from __future__ import annotations

import argparse
import json

from .. import clean, ingest
from ..config import Settings
from ..model import Article, InputError
from .common import command_parser, add_input_args, check_inputs, check_not_inputs, check_output, finish, output_format, progress_for, plural, report_errors, say, write_output

FORMATS = ("jsonl", "json")
FIELDS = ("input", "id", "title", "text", "paragraphs", "published", "outlet", "author", "url", "language", "dateline")

EXAMPLES = """examples:
  newsfuse extract page.html notes.txt                 one JSON line per article on stdout
  newsfuse extract scraped/ --published 2024-06-20     a directory, with a date for undated files
  newsfuse extract --manifest pile.csv --output articles.json     one JSON document (format from the file name)
"""


def add_parser(subparsers, parents: list[argparse.ArgumentParser]) -> argparse.ArgumentParser:
    """Register `extract` with its options."""
    p = command_parser(
        subparsers,
        parents,
        "extract",
        help="clean articles out of pages and scraped text, without briefing them",
        description="Extract each article's title, body paragraphs and metadata from HTML pages, feeds, WARC files "
        "and scraped text dumps, and list every line that was removed and why.",
        epilog=EXAMPLES,
    )
    add_input_args(p)
    p.add_argument("--format", choices=FORMATS,
                   help="jsonl: one object per line, failed inputs as {input, error}; json: {articles, errors} "
                   "(default: from --output's suffix, else jsonl)")
    p.add_argument("--output", "-o", metavar="PATH", help="file to write (default: stdout)")
    p.set_defaults(run=run)
    return p


def article_record(a: Article) -> dict:
    """The JSON object of one article: its fields in a fixed order, then what was removed."""
    record = {k: getattr(a, k) for k in FIELDS}
    record["removed"] = [{"text": r.text, "reason": r.reason} for r in a.removed]
    return record


def render(articles: list[Article], errors: list[InputError], fmt: str) -> str:
    """JSON Lines (articles then errors) or one JSON document {articles, errors}."""
    records = [article_record(a) for a in articles]
    failed = [{"input": e.input, "error": e.error, "skipped": e.skipped} for e in errors]
    if fmt == "json":
        return json.dumps({"articles": records, "errors": failed}, ensure_ascii=False, indent=2) + "\n"
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records + failed)


def run(args: argparse.Namespace, settings: Settings) -> int:
    """Extract every input; 0 when all were used, 2 when some failed, 1 when none gave an article."""
    check_inputs(args, "extract")
    check_output(args.output)
    fmt = output_format(args.output, args.format, FORMATS, "jsonl")
    check_not_inputs([args.output], args)
    # ingest + clean as pipeline.load_articles does, without importing the later stages (a second saved at start)
    raws, errors = ingest.collect(args.inputs, manifest=args.manifest, published=args.published,
                                 allow_paths_outside_manifest=settings.ingest.allow_paths_outside_manifest)
    articles, clean_errors = clean.clean_all(raws, settings.clean, progress=progress_for(args))
    errors = errors + clean_errors
    report_errors(errors)
    write_output(render(articles, errors, fmt), args.output)
    if args.output not in (None, "-"):
        skipped = sum(e.skipped for e in errors)
        noted = f", {plural(len(errors) - skipped, 'problem', 'problems')} noted" if len(errors) > skipped else ""
        say(args, f"{plural(len(articles), 'article', 'articles')}, {plural(skipped, 'input', 'inputs')} skipped{noted}; "
                  f"wrote {args.output}")
    return finish("extract", len(articles), errors)
