"""`newsfuse token rotate`: replace the write token of `serve` (the old one stops working at once)."""
from __future__ import annotations

import argparse

from ..config import Settings
from .common import command_parser
from .serve import add_store_args, open_store_for, store_settings


def add_parser(subparsers, parents: list[argparse.ArgumentParser]) -> argparse.ArgumentParser:
    """Register `token`."""
    p = command_parser(subparsers, parents, "token", help="make a new write token for `serve`",
                       description="Make a new bearer token for the server's write endpoints, store it hashed and print "
                       "it once. A token given as NEWSFUSE_TOKEN or serve.token is used instead of a stored one.",
                       epilog="example:\n  newsfuse token rotate --data newsfuse-data/")
    p.add_argument("action", choices=("rotate",))
    add_store_args(p)
    p.set_defaults(run=run)
    return p


def run(args: argparse.Namespace, settings: Settings) -> int:
    from ..server.auth import configured_token, rotate

    settings = store_settings(args, settings)
    store = open_store_for(settings)
    try:
        token = rotate(store)
    finally:
        store.close()
    print(token)
    if configured_token(settings.serve):
        print("newsfuse token: note: NEWSFUSE_TOKEN or serve.token is set and is used instead of this token", file=__import__("sys").stderr)
    return 0
