"""`newsfuse batch`: an archive of WARC files, manifests or Parquet tables through the whole pipeline on Dask."""
from __future__ import annotations

import argparse
import logging
import os
from pathlib import Path

from ..config import Settings
from ..errors import UsageError
from ..model import InputError
from .common import check_folder, command_parser, finish, plural, progress_for, report_errors, say

EXAMPLES = """output in DIR:
  articles/ stories/ claims/ evidence/ discrepancies/ quotes/ entities/   Parquet tables, partitioned by day
  errors/                        every input problem with its file and record offset
  reports/<id>.json, .html       each briefed story's briefing (newsfuse/briefing-1) and report
  index.html                     the stories, most independent sources first

examples:
  newsfuse batch 'cc-news/2024/06/*.warc.gz' --out run/ --workers 8
  newsfuse batch archive.parquet --out run/ --scheduler tcp://scheduler:8786
  newsfuse batch 'cc-news/*.warc.gz' --out run/ --since 2024-06-01 --until 2024-06-30
  newsfuse batch 'cc-news/*.warc.gz' --out run/ --resume          continue a killed or interrupted run
"""


def add_parser(subparsers, parents: list[argparse.ArgumentParser]) -> argparse.ArgumentParser:
    """Register `batch` with its options."""
    p = command_parser(
        subparsers, parents, "batch",
        help="run an archive (WARC, manifests, Parquet) through the pipeline on a Dask cluster",
        description="Read and clean every input piece on Dask workers, find copies and group stories across all of "
        "them in publication-time order with the same online rules as `newsfuse stories`, brief each story in "
        "parallel, and write a Parquet dataset, each story's briefing and an index page.",
        epilog=EXAMPLES,
    )
    p.add_argument("inputs", nargs="+", metavar="INPUT",
                   help="WARC/WARC.gz files (globs, folders), JSONL/CSV manifests, Parquet tables with the manifest's columns")
    p.add_argument("--out", required=True, metavar="DIR", help="folder for the dataset, briefings and index.html")
    p.add_argument("--scheduler", default="local", metavar="local|tcp://HOST:PORT",
                   help="a Dask scheduler to use (default: a local cluster started for the run)")
    p.add_argument("--workers", type=int, default=None, metavar="N", help="worker processes of the local cluster (default: cores)")
    p.add_argument("--since", metavar="DATE", help="only articles published on or after this day (YYYY-MM-DD)")
    p.add_argument("--until", metavar="DATE", help="only articles published on or before this day (YYYY-MM-DD)")
    p.add_argument("--published", metavar="DATE", help="publication date (ISO) for articles that have none")
    p.add_argument("--resume", action="store_true", help="continue the run in --out from its finished pieces")
    p.set_defaults(run=run)
    return p


def _day(option: str, value: str | None) -> str | None:
    if value is None:
        return None
    import datetime

    try:
        return datetime.date.fromisoformat(value.strip()).isoformat()
    except ValueError:
        raise UsageError(f"{option} {value}: not a day (use YYYY-MM-DD)") from None


def connect(scheduler: str, workers: int | None):
    """A Dask client: on a LocalCluster of `workers` processes, or on the scheduler at tcp://HOST:PORT."""
    from distributed import Client, LocalCluster

    if scheduler == "local":
        n = workers or os.cpu_count() or 1
        cluster = LocalCluster(n_workers=n, threads_per_worker=1, processes=True, host="127.0.0.1",
                               dashboard_address="127.0.0.1:0", silence_logs=logging.ERROR)
        return Client(cluster), cluster
    if not scheduler.startswith(("tcp://", "tls://")):
        raise UsageError(f"--scheduler {scheduler}: give 'local' or the scheduler's address, tcp://HOST:PORT")
    try:
        return Client(scheduler, timeout="10s"), None
    except (OSError, TimeoutError) as e:
        raise UsageError(f"--scheduler {scheduler}: the scheduler could not be reached ({e})") from None


def run(args: argparse.Namespace, settings: Settings) -> int:
    """Run the plan; 0 when every input was used, 2 when some were skipped, 1 when none gave an article."""
    from ..batch.plan import expand, partitions

    since, until = _day("--since", args.since), _day("--until", args.until)
    if since and until and since > until:
        raise UsageError(f"--since {since} is after --until {until}")
    if args.workers is not None and args.workers < 1:
        raise UsageError("--workers must be at least 1")
    published = None
    if args.published:
        from ..ingest import normalize_published

        try:
            published = normalize_published(args.published)
        except ValueError as e:
            raise UsageError(f"--published: {e} (use YYYY-MM-DD)") from None
    out = Path(args.out)
    check_folder("--out", args.out)
    if not out.is_dir():
        raise UsageError(f"--out {args.out}: is a file, not a folder")
    files, missing = expand(args.inputs)
    parts, refused = partitions(files)
    skipped = [InputError(input=i, error=why) for i, why in missing + refused]
    if not parts:
        report_errors(skipped)
        return finish("batch", 0, skipped)
    from ..batch.run import RunError, execute

    client, cluster = connect(args.scheduler, args.workers)
    try:
        if not args.quiet:
            n = len(client.scheduler_info().get("workers", {}))
            say(args, f"{plural(len(parts), 'piece', 'pieces')} on {plural(n, 'worker', 'workers')}; "
                      f"dashboard: {client.dashboard_link}")
        try:
            summary = execute(client, parts, out, settings, published, since, until, args.resume, progress_for(args))
        except RunError as e:
            raise UsageError(str(e)) from None
    finally:
        # workers still beating their heart at a closing scheduler log errors that mean nothing to the user
        logging.getLogger("distributed").setLevel(logging.CRITICAL)
        client.close()
        if cluster is not None:
            cluster.close()
    errors = skipped + [InputError(input=_where(e), error=e["error"], skipped=e["skipped"]) for e in summary["errors"]]
    report_errors(errors)
    say(args, f"{plural(summary['articles'], 'article', 'articles')} in {plural(summary['stories'], 'story', 'stories')} "
              f"({summary['stories_briefed']} briefed); wrote {out / 'index.html'}"
              + (f"; {plural(len(errors), 'problem', 'problems')} in {out / 'errors'}" if errors else ""))
    if summary["excluded_by_date"]:
        say(args, f"{plural(summary['excluded_by_date'], 'article was', 'articles were')} outside --since/--until "
                  "(or undated) and left out")
    return finish("batch", summary["articles"], errors)


def _where(e: dict) -> str:
    """An error's input with the file and offset it stands at, when they say more than the input."""
    if e.get("file") and e["file"] != e["input"]:
        at = f" at byte {e['offset']}" if e.get("offset") is not None and str(e["file"]).lower().endswith(
            (".warc", ".warc.gz", ".arc", ".arc.gz")) else (f" row {e['offset']}" if e.get("offset") is not None else "")
        return f"{e['input']} ({e['file']}{at})"
    return e["input"]
