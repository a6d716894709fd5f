"""`newsfuse sources`: add, list, remove or import (OPML) the feeds, sitemaps and pages `serve` follows."""
from __future__ import annotations

import argparse
import json
import sys

from ..config import Settings
from ..errors import UsageError
from .common import command_parser
from .serve import add_store_args, open_store_for, store_settings

EXAMPLES = """examples:
  newsfuse sources add https://example.org/rss.xml --outlet "Example Daily" --every 15m
  newsfuse sources add https://example.org/news-sitemap.xml
  newsfuse sources import subscriptions.opml
  newsfuse sources list
  newsfuse sources remove 3                 (an id from `list`, or the URL)
"""


def add_parser(subparsers, parents: list[argparse.ArgumentParser]) -> argparse.ArgumentParser:
    """Register `sources` with its actions."""
    p = command_parser(subparsers, parents, "sources", help="manage the feeds, sitemaps and pages `serve` follows",
                       description="Add, list, remove or import the sources newsfuse serve polls (RSS/Atom feeds, "
                       "sitemaps and sitemap indexes including Google News sitemaps, single pages). Works while the "
                       "server runs: it reads the same store.", epilog=EXAMPLES)
    p.add_argument("action", choices=("add", "list", "remove", "import"))
    p.add_argument("target", nargs="?", help="add: the URL; remove: an id or URL; import: an OPML file")
    p.add_argument("--outlet", help="add: the outlet's name (default: the feed's title)")
    p.add_argument("--every", help="add/import: how often to poll (90s, 15m, 2h, 1d; default serve.every)")
    p.add_argument("--json", action="store_true", help="list: JSON lines instead of a table")
    add_store_args(p)
    p.set_defaults(run=run)
    return p


def run(args: argparse.Namespace, settings: Settings) -> int:
    from ..sources.net import Refused, check_url
    from ..sources.parse import NotAList, parse_opml
    from ..sources.schedule import parse_every
    from ..store import queries as q

    settings = store_settings(args, settings)
    if args.action != "list" and not args.target:
        raise UsageError(f"sources {args.action} needs {'a URL' if args.action == 'add' else 'an id or URL' if args.action == 'remove' else 'an OPML file'}")
    try:
        every_s = parse_every(args.every or settings.serve.every)
    except ValueError as e:
        raise UsageError(f"--every: {e}") from None
    wanted: list[tuple[str, str | None]] = []
    if args.action == "add":
        wanted = [(args.target, args.outlet)]
    elif args.action == "import":
        try:
            with open(args.target, "rb") as f:
                data = f.read(20_000_000)
            wanted = parse_opml(data, args.target)
        except OSError as e:
            raise UsageError(f"{args.target}: could not be read ({e.strerror or e})") from None
        except NotAList as e:
            raise UsageError(str(e)) from None
    for url, _ in wanted:
        try:
            check_url(url, settings.serve.allow_private_hosts)
        except Refused as e:
            raise UsageError(str(e)) from None
    store = open_store_for(settings)
    try:
        with store.session() as s, s.begin():
            if args.action in ("add", "import"):
                for url, outlet in wanted:
                    src, new = q.add_source(s, url, outlet, every_s)
                    print(f"{'added' if new else 'already followed'}: {src.id} {src.url}" + (f" ({src.outlet})" if src.outlet else ""))
            elif args.action == "remove":
                src = q.find_source(s, args.target)
                if src is None:
                    raise UsageError(f"no source {args.target!r} (see `newsfuse sources list`)")
                q.remove_source(s, src)
                print(f"removed: {src.id} {src.url}")
            else:
                for src in q.list_sources(s):
                    if src.kind == "submitted":
                        continue
                    row = {"id": src.id, "url": src.url, "outlet": src.outlet, "kind": src.kind, "every_s": src.every_s,
                           "last_status": src.last_status, "failures": src.failures, "items": src.items_seen,
                           "last_error": src.last_error}
                    if args.json:
                        print(json.dumps(row, ensure_ascii=False))
                    else:
                        health = src.last_error or (f"HTTP {src.last_status}" if src.last_status else "not fetched yet")
                        print(f"{src.id:>4}  {src.url}  {src.outlet or ''}  every {src.every_s:g}s  {src.items_seen} items  {health}")
    finally:
        store.close()
    sys.stdout.flush()
    return 0
