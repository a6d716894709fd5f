"""`newsfuse check`: which sentences of a text (a summary, a draft) the sources support, with evidence."""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from ..model import InputError
from ..errors import UsageError
from .common import command_parser, EXIT_NOTHING, check_inputs, check_output, finish, output_format, plural, progress_for, report_errors, write_output

FORMATS = ("md", "json")
MAX_PAIRS_BYTES = 2_000_000_000  # rows of source texts; beyond this it is not a --pairs file
EXAMPLES = """\
examples:
  newsfuse check --sources reports/ --text draft.txt                 # Markdown verdict per sentence
  newsfuse check --sources a.txt b.html --text summary.txt --output verdict.json   # format from the file name
  echo "Putin arrived in Hanoi." | newsfuse check --sources reports/ --text -
  newsfuse check --pairs checks.jsonl --output verdicts.jsonl        # many checks in one process
     rows in:  {"id": "x1", "sources": ["source text", ...], "text": "text to check"}
     rows out: {"id": "x1", "consistent": true, "sentences": [{"text": ..., "supported": ..., "evidence": ...}]}"""


def add_parser(subparsers, parents) -> None:
    p = command_parser(
        subparsers,
        parents,
        "check",
        help="check which sentences of a text the sources support",
        description="For each sentence of --text, say whether the --sources support it and show the best evidence. "
        "Support means one source sentence (or two adjacent ones) carries the sentence's content, with no number, "
        "name or negation the sources do not back.",
        epilog=EXAMPLES,
    )
    p.add_argument("--sources", nargs="+", metavar="INPUT", default=[], help="source files or directories (.txt, .html)")
    p.add_argument("--published", metavar="DATE", help="publication date (ISO) for sources that have none")
    p.add_argument("--text", metavar="FILE", help="the text to check ('-' reads stdin)")
    p.add_argument("--pairs", metavar="FILE.jsonl", help='batch: rows {"id", "sources": [text, ...], "text"}')
    p.add_argument("--format", choices=FORMATS, help="output format for --text (default: from --output's suffix, else md; "
                   "--pairs always writes JSON Lines)")
    p.add_argument("--output", "-o", metavar="PATH", help="file to write (default stdout)")
    p.set_defaults(run=run)


def load_sources(inputs: list[str], published: str | None, settings, progress) -> tuple[list[str], list[InputError]]:
    """Cleaned article bodies of the inputs (the same ingest + clean as brief), and the inputs that failed."""
    from ..pipeline import load_articles

    articles, errors = load_articles(inputs, published=published, settings=settings, progress=progress)
    return [a.text for a in articles if a.text.strip()], errors


def _read_text(path: str) -> str:
    """The text to check, from a file or stdin, decoded as sources are; UsageError when it is missing,
    unreadable, binary or empty."""
    from ..ingest.decode import NotText, decode_bytes

    if path == "-":
        data = sys.stdin.buffer.read() if hasattr(sys.stdin, "buffer") else sys.stdin.read().encode("utf-8")
    else:
        try:
            data = Path(path).read_bytes()
        except FileNotFoundError:
            raise UsageError(f"--text {path}: the file does not exist") from None
        except OSError as e:
            raise UsageError(f"--text {path}: could not be read ({e.strerror or e})") from None
    try:
        text = decode_bytes(data) if data.strip() else ""
    except NotText as e:
        raise UsageError(f"--text {path}: not readable text ({e})") from None
    if not text.strip():
        raise UsageError(f"--text {path}: there is no text to check")
    return text


def _markdown(results) -> str:
    n = sum(r.supported for r in results)
    lines = [f"# Check: {n} of {plural(len(results), 'sentence', 'sentences')} supported", ""]
    for i, r in enumerate(results, 1):
        lines.append(f"{i}. **{'supported' if r.supported else 'NOT supported'}** — {r.text}")
        if r.evidence:
            lines.append(f"   - best evidence: “{r.evidence}”")
        if r.reasons:
            lines.append(f"   - why not: {'; '.join(r.reasons)}")
    return "\n".join(lines) + "\n"


def _row(r) -> dict:
    return {"text": r.text, "supported": r.supported, "evidence": r.evidence}


def run_pairs(path: str, output: str | None) -> int:
    """Check every row of a JSONL file; bad rows are named on stderr and skipped."""
    from ..corroborate.check import check

    from ..display import shown
    from ..errors import InputProblem
    from ..ingest.opener import read_capped

    try:
        lines = read_capped(Path(path), shown(path), MAX_PAIRS_BYTES, what="file").decode("utf-8-sig").splitlines()
    except InputProblem as e:
        print(f"newsfuse check: --pairs {e.input}: {e.reason}", file=sys.stderr)
        return EXIT_NOTHING
    except UnicodeDecodeError as e:
        print(f"newsfuse check: --pairs {shown(path)}: not UTF-8 text ({e.reason} at byte {e.start})", file=sys.stderr)
        return EXIT_NOTHING
    out, errors = [], []
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
            if not isinstance(row, dict):
                raise TypeError("the line is not a JSON object")
            sources, text = row["sources"], row["text"]
            if not isinstance(sources, list) or not all(isinstance(s, str) for s in sources) or not isinstance(text, str):
                raise TypeError("'sources' must be a list of strings and 'text' a string")
            if not text.strip():
                raise TypeError("its 'text' is empty: there is nothing to check")
            if not any(src.strip() for src in sources):
                raise TypeError("its 'sources' hold no text: nothing could support the text")
        except (json.JSONDecodeError, KeyError, TypeError, AttributeError) as e:
            detail = f"missing field {e}" if isinstance(e, KeyError) else str(e)
            errors.append(InputError(input=f"{path}#{n}", error=f"bad row ({detail})"))
            continue
        results = check(sources, text)
        out.append(json.dumps({"id": row.get("id"), "consistent": all(r.supported for r in results),
                               "sentences": [_row(r) for r in results]}, ensure_ascii=False))
    if not out and not errors:
        print(f"newsfuse check: --pairs {path}: the file holds no rows to check", file=sys.stderr)
        return EXIT_NOTHING
    report_errors(errors)
    write_output("\n".join(out) + ("\n" if out else ""), output)
    return finish("check", len(out), errors)


def run(args, settings) -> int:
    check_output(args.output)
    if args.pairs:  # JSON Lines whatever --format says (it is for --text); a .json or .md name is refused
        given = [flag for flag, value in (("--sources", args.sources), ("--text", args.text),
                                          ("--published", args.published), ("--format", args.format)) if value]
        if given:
            raise UsageError(f"--pairs takes its sources and texts from its own rows: {' and '.join(given)} "
                             "cannot be given with it")
        output_format(args.output, None, ("jsonl",), "jsonl")
        if args.output not in (None, "-") and Path(args.output).resolve() == Path(args.pairs).resolve():
            raise UsageError(f"--output {args.output} is the --pairs file: writing it would replace what was read")
        return run_pairs(args.pairs, args.output)
    if not args.sources or not args.text:
        raise UsageError("give --sources INPUT... and --text FILE, or --pairs FILE.jsonl (see newsfuse check --help)")
    check_inputs(argparse.Namespace(inputs=args.sources, manifest=None, published=args.published), "check")
    fmt = output_format(args.output, args.format, FORMATS, "md")
    text = _read_text(args.text)
    from ..corroborate.check import check

    sources, errors = load_sources(args.sources, args.published, settings, progress_for(args))
    report_errors(errors)
    if not sources:
        print("newsfuse check: nothing could be processed (no usable source text)", file=sys.stderr)
        return EXIT_NOTHING
    results = check(sources, text)
    if fmt == "json":
        doc = {"consistent": all(r.supported for r in results), "sentences": [
            dict(_row(r), score=r.score, reasons=r.reasons) for r in results]}
        write_output(json.dumps(doc, indent=2, ensure_ascii=False), args.output)
    else:
        write_output(_markdown(results), args.output)
    return finish("check", len(sources), errors)
