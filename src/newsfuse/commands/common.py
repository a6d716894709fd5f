"""What every subcommand shares: input checks, progress, error reporting, output writing and exit codes."""
from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Iterable

from ..display import shown
from ..errors import UsageError
from ..model import InputError
from ..progress import Progress
from ..render.view import plural  # one rule for '1 story' / '3 stories' in messages and reports alike

EXIT_OK, EXIT_NOTHING, EXIT_PARTIAL = 0, 1, 2
# What a file name's suffix says it holds, for every command: a file is never written in a format its name
# denies (JSON Lines in a .json file fails json.load with "Extra data"). The first suffix of a format is the one
# suggested for it.
FORMAT_NAMES = {"json": "JSON", "jsonl": "JSON Lines", "md": "Markdown", "html": "HTML"}
SUFFIX_FORMATS = {".json": "json", ".jsonl": "jsonl", ".ndjson": "jsonl", ".md": "md", ".markdown": "md",
                  ".html": "html", ".htm": "html"}


def progress_for(args: argparse.Namespace) -> Progress:
    """A progress bar unless --quiet (or stderr is not a terminal)."""
    return Progress(enabled=False) if getattr(args, "quiet", False) else Progress()


def say(args: argparse.Namespace, message: str) -> None:
    """A one-line note on stderr (never stdout, which holds only the output), unless --quiet."""
    if not getattr(args, "quiet", False):
        print(shown(f"newsfuse: {message}"), file=sys.stderr)


def report_errors(errors: Iterable[InputError]) -> None:
    """Print each skipped input and why, and each input used with a problem, one line each, on stderr."""
    for e in errors:
        print(shown(f"newsfuse: {'skipped ' if e.skipped else ''}{e.input}: {e.error}"), file=sys.stderr)


def exit_code(processed: int, errors: list[InputError]) -> int:
    """0 when every input was used, 2 when some were skipped, 1 when nothing could be processed."""
    if processed == 0:
        return EXIT_NOTHING
    return EXIT_PARTIAL if errors else EXIT_OK


def finish(command: str, processed: int, errors: list[InputError]) -> int:
    """exit_code(), after one closing line on stderr when nothing could be processed (even with --quiet: it is
    the reason for exit 1, which the 'skipped' lines alone do not say)."""
    if processed == 0:
        skipped = sum(e.skipped for e in errors)
        why = (f"{plural(skipped, 'input was', 'inputs were')} skipped, see above" if skipped
               else "the inputs hold no articles")
        print(f"newsfuse {command}: nothing could be processed ({why})", file=sys.stderr)
    return exit_code(processed, errors)


def _suffix(name: str) -> str:
    return next(s for s, f in SUFFIX_FORMATS.items() if f == name)


def output_format(output: str | None, fmt: str | None, formats: tuple[str, ...], default: str) -> str:
    """The format to write `output` in: --format `fmt`, else the file's suffix, else `default`.

    UsageError before any work when --format and a known suffix disagree, or when there is a choice of format
    and the suffix does not tell it (no suffix, or stdout, takes `default`).
    """
    suffix = Path(output).suffix.lower() if output not in (None, "-") else ""
    named = SUFFIX_FORMATS.get(suffix)
    if fmt:
        if named and named != fmt:
            raise UsageError(f"--format {fmt} clashes with --output {output} (a {suffix} file holds {FORMAT_NAMES[named]}); "
                             f"drop --format or name the file {_suffix(fmt)}")
        return fmt
    if not suffix:
        return default
    if named is None and len(formats) == 1:
        return default  # one format only: nothing to tell from the name
    names = [_suffix(f) for f in formats]
    choice = ", ".join(names[:-1]) + " or " + names[-1] if len(names) > 1 else names[0]
    if named is None:
        raise UsageError(f"--output {output}: the format cannot be told from {suffix!r}; name the file {choice}, "
                         "or give --format")
    if named not in formats:
        raise UsageError(f"--output {output}: a {suffix} file holds {FORMAT_NAMES[named]}, which this command does not write; "
                         f"name the file {choice}")
    return named


def check_folder(option: str, folder: str) -> None:
    """Create `folder` now (a directory the command writes into at the end), so a path that cannot be a folder
    fails before any work, in one line naming `option`."""
    path = Path(folder)
    if path.exists() and not path.is_dir():
        return  # the command's own reader names a file given for a folder
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise UsageError(f"{option} {folder}: the folder cannot be created ({e.strerror or e})") from None
    if not os.access(path, os.W_OK | os.X_OK):
        raise UsageError(f"{option} {folder}: no permission to write in it")


def check_output(output: str | None, folder_ok: bool = False) -> None:
    """UsageError now, before any work, when `output` cannot be written (missing folders are created later).

    `folder_ok`: the command writes several files into `output` when it names a folder (brief's DIR/).
    """
    if output in (None, "-"):
        return
    path = Path(output)
    is_folder = output.endswith(("/", "\\")) or path.is_dir()
    if is_folder and not folder_ok:
        raise UsageError(f"--output {output}: is a folder; give a file name")
    folder = path if is_folder else path.parent
    existing = folder
    while not existing.exists() and existing != existing.parent:
        existing = existing.parent
    if not existing.is_dir():
        raise UsageError(f"--output {output}: {existing} is a file, not a folder")
    if not os.access(existing, os.W_OK | os.X_OK):
        raise UsageError(f"--output {output}: no permission to write in {existing}")
    if path.is_file() and not os.access(path, os.W_OK):
        raise UsageError(f"--output {output}: the file exists and is read-only")


def check_inputs(args: argparse.Namespace, command: str) -> None:
    """UsageError when there is nothing to read or --published is not a date; --published normalized in place."""
    if not args.inputs and not args.manifest:
        raise UsageError(f"give at least one INPUT or --manifest FILE (see newsfuse {command} --help)")
    if args.published:
        from ..ingest import normalize_published

        try:
            args.published = normalize_published(args.published)
        except ValueError as e:
            raise UsageError(f"--published: {e} (use YYYY-MM-DD)") from None


def check_not_inputs(targets: Iterable[str | None], args: argparse.Namespace) -> None:
    """UsageError now when an output file is one of the inputs (the report would replace the page it read), or
    a file the walk of an input folder would read back as an article on the next run."""
    from ..ingest.fetch import is_url
    from ..ingest.files import kind_of

    files, folders = set(), []
    for value in list(getattr(args, "inputs", None) or ()) + [getattr(args, "manifest", None)]:
        if not value or is_url(str(value)):
            continue
        path = Path(value).expanduser()
        try:
            (folders.append(path.resolve()) if path.is_dir() else files.add(path.resolve()))
        except OSError:
            continue
    for target in targets:
        if target in (None, "-"):
            continue
        where = Path(target).expanduser()
        try:
            where = where.parent.resolve() / where.name  # the folder resolved: a symlinked input is still the input
            real = where.resolve()
        except OSError:
            continue
        if real in files or where in files:
            raise UsageError(f"--output {target} is one of the inputs: writing it would replace what was read; "
                             "give another file name")
        for folder in folders:
            if kind_of(where) and where.is_relative_to(folder) and not any(
                    p.startswith(".") for p in where.relative_to(folder).parts):
                raise UsageError(f"--output {target} is inside the input folder {folder}: the next run would read "
                                 "the report back as an article; write it outside that folder")


def write_output(text: str, output: str | None) -> None:
    """Write to the file at `output` (parents created) or to stdout when None or '-'; UsageError on failure.

    The file is written beside its target and renamed over it: a run that fails half-way leaves an earlier
    output whole, and a reader never sees half a file.
    """
    if output in (None, "-"):
        sys.stdout.write(text if text.endswith("\n") else text + "\n")
        sys.stdout.flush()
        return
    path = Path(output)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp.write_text(text, encoding="utf-8")
        if path.exists():
            os.chmod(tmp, path.stat().st_mode & 0o7777)  # the file keeps the permissions it had
        os.replace(tmp, path)
    except (OSError, UnicodeError) as e:
        tmp.unlink(missing_ok=True)
        raise UsageError(f"could not write {output}: {getattr(e, 'strerror', None) or e}") from None


def command_parser(subparsers, parents, name: str, help: str, description: str, epilog: str) -> argparse.ArgumentParser:
    """A subcommand's parser with the common flags, its description and its examples shown as written."""
    return subparsers.add_parser(name, parents=parents, help=help, description=description, epilog=epilog,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)


def add_input_args(p: argparse.ArgumentParser) -> None:
    """INPUT... and --manifest/--published, the same on every command that reads articles."""
    p.add_argument("inputs", nargs="*", metavar="INPUT", help="files, directories (walked) or http(s) URLs: .txt, .html/.htm, feeds (.xml/.rss/.atom), WARC")
    p.add_argument("--manifest", metavar="FILE", help="JSONL or CSV, one article per row (path|url|text, outlet, published, title, language, story)")
    p.add_argument("--published", metavar="DATE", help="publication date (ISO) for articles that have none")
