"""The newsfuse command line: common flags, plain-word errors, exit codes."""
from __future__ import annotations

import argparse
import importlib
import os
import sys
import traceback

from . import __version__
from .commands import COMMANDS
from .config import ConfigError, load_settings
from .display import shown
from .errors import UsageError

DESCRIPTION = """\
newsfuse turns a pile of news reports from many outlets into one sourced account of each story:
cleaned articles, copies and syndicated wire text, stories, entities, dates, numbers, quotes,
claims with how many independent sources back them, where sources disagree, a timeline and a
summary in which every sentence cites its sources."""

EPILOG = """\
examples:
  newsfuse brief reports/ --published 2024-06-20 --output out/      # JSON, Markdown and HTML in out/
  newsfuse brief --manifest pile.jsonl --format md                  # Markdown to stdout
  newsfuse extract page.html dump.txt                               # cleaned articles as JSONL
  newsfuse stories feed/ --state state/                             # story ids that persist across runs
  newsfuse check --sources reports/ --text draft.txt                # which sentences the sources support
  newsfuse batch 'cc-news/*.warc.gz' --out run/ --workers 8         # an archive on Dask: Parquet + briefings

exit codes: 0 every input used, 2 some inputs skipped or used with a part left out (named on stderr),
1 nothing could be processed (also for a wrong command line). Output goes to stdout or --output; messages and the progress bar to stderr.
settings: --config FILE, else ./newsfuse.toml when present, else the defaults (see newsfuse.example.toml)."""


class Parser(argparse.ArgumentParser):
    """argparse, but a wrong command line exits 1 ('nothing processed'): 2 means 'some inputs skipped'."""

    def error(self, message: str):
        self.print_usage(sys.stderr)
        self.exit(1, f"{self.prog}: {message} (see {self.prog} --help)\n")


def _common() -> argparse.ArgumentParser:
    common = Parser(add_help=False)
    common.add_argument("--config", metavar="FILE", help="settings file (TOML); default ./newsfuse.toml when present")
    common.add_argument("-q", "--quiet", action="store_true", help="no progress bar or closing note (skipped inputs are still named)")
    common.add_argument("--debug", action="store_true", help="show a traceback on errors")
    return common


def build_parser() -> argparse.ArgumentParser:
    """The full parser with every subcommand that is installed."""
    parser = Parser(
        prog="newsfuse", description=DESCRIPTION, epilog=EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--version", action="version", version=f"newsfuse {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    parents = [_common()]
    for name in COMMANDS:
        module = importlib.import_module(f".commands.{name}", __package__)
        module.add_parser(sub, parents)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run one subcommand; return its exit code (also used as the process exit status)."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "command", None):
        parser.print_help(sys.stderr)
        return 1
    try:
        settings = load_settings(args.config)
        return int(args.run(args, settings))
    except ConfigError as e:
        print(shown(f"newsfuse: {e}"), file=sys.stderr)
        return 1
    except UsageError as e:
        if args.debug:
            traceback.print_exc()
        print(shown(f"newsfuse {args.command}: {e}"), file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("newsfuse: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:  # `newsfuse ... | head`: the reader had enough; say nothing more
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # no second error when Python flushes stdout
        return 0
    except Exception as e:  # a bug or an unexpected environment problem: say it plainly
        if args.debug:
            traceback.print_exc()
            if getattr(e, "worker_traceback", ""):
                print("in the worker process:\n" + e.worker_traceback, file=sys.stderr)
        else:
            print(shown(f"newsfuse {args.command}: unexpected error: {e or type(e).__name__} "
                        f"(run with --debug for the traceback)"), file=sys.stderr)
        return 1


def entry() -> None:
    sys.exit(main())


if __name__ == "__main__":
    entry()
