"""The background worker: polls due sources, fetches due items, groups new articles, re-briefs changed stories.

Every step commits what it did before the next begins, so a kill at any moment loses at most work in flight,
which the next start does again (items stay "new" until their article is stored; articles stay ungrouped until
their story and the grouper's state are saved together; stories stay "changed" until their version is stored).
"""
from __future__ import annotations

import datetime as dt
import json
import logging
import threading
import time
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Optional

from .. import pipeline
from ..config import Settings
from ..model import Article, Briefing, InputError, Story
from ..sources.net import Fetcher
from ..stories import Grouper, time_order
from ..store import Store
from ..store import queries as q
from ..store.models import StoredStory
from .polling import fetch_item, item_host, poll_source, stamp
from .watching import notify

log = logging.getLogger("newsfuse.serve")
GROUP_BATCH = 2000  # ungrouped articles grouped in one transaction
IDLE_S = 0.5


def article_of(row) -> Article:
    """The pipeline's Article back from its stored row (the user's declared story included)."""
    return Article.model_validate({**row.data, "story_hint": row.story_hint})


def summary_of(story: Story) -> dict:
    """What the story list shows of a briefed story."""
    origins = {a.origin or a.id for a in story.articles}
    return {"headline": story.headline or (story.articles[0].title if story.articles else "") or "",
            "articles": len(story.articles), "sources": len(origins), "disputed": len(story.discrepancies),
            "outlets": sorted({a.source_name() for a in story.articles}), "entities": [e.name for e in story.entities]}


class Worker:
    """The ingest side of a server, over one store; `run` loops until `stop` is set, `drain` runs to idle (tests)."""

    def __init__(self, store: Store, settings: Settings, exempt: frozenset[str] = frozenset()):
        self.store, self.settings = store, settings
        self.fetcher = Fetcher(settings.serve, exempt)
        self.pool = ThreadPoolExecutor(settings.serve.fetch_threads, thread_name_prefix="newsfuse-fetch")
        self.inflight: dict[tuple[str, int], Future] = {}
        self.grouper = self._load_grouper()
        self.stop = threading.Event()
        self.rounds = 0

    def _load_grouper(self) -> Grouper:
        grouper = Grouper(self.settings.stories)
        with self.store.session() as s:
            row = q.load_state(s)
        if row is not None:
            data = json.loads(row.state)
            grouper.index.load_state(data["index"])
            grouper.copies.load_state(data["copies"])
        return grouper

    def close(self) -> None:
        self.pool.shutdown(wait=True, cancel_futures=True)
        self.fetcher.close()

    # fetching ------------------------------------------------------------------------------------------------
    def _reap(self) -> int:
        done = [k for k, f in self.inflight.items() if f.done()]
        for k in done:
            err = self.inflight.pop(k).exception()
            if err is not None:  # a bug or a database hiccup: the item or source stays due and is tried again
                log.warning("fetch %s failed: %s: %s", k, type(err).__name__, err)
        return len(done)

    def schedule_fetches(self) -> int:
        """Start polls of due sources and fetches of due items, within the per-host concurrency; how many started."""
        self._reap()
        t = q.now()
        started = 0
        busy: dict[str, int] = {}
        with self.store.session() as s:
            sources = [(src.id, item_host(src.url)) for src in q.due_sources(s, t)]
            items = [(it.id, item_host(it.link)) for it, _ in q.due_items(s, t)]
        for k, f in self.inflight.items():
            busy[self._host_of(k)] = busy.get(self._host_of(k), 0) + 1
        cap = self.settings.serve.host_concurrency
        batch = stamp()
        self.rounds += 1  # sources and items take turns at a host's slots: neither starves the other
        order = (("s", sources), ("i", items)) if self.rounds % 2 else (("i", items), ("s", sources))
        for kind, rows in order:
            for rid, host in rows:
                key = (kind, rid)
                if key in self.inflight or busy.get(host, 0) >= cap or len(self.inflight) >= 4 * self.settings.serve.fetch_threads:
                    continue
                busy[host] = busy.get(host, 0) + 1
                if kind == "s":
                    fut = self.pool.submit(poll_source, self.store, self.fetcher, self.settings, rid)
                else:
                    fut = self.pool.submit(fetch_item, self.store, self.fetcher, self.settings, rid, batch)
                fut.host = host  # type: ignore[attr-defined]
                self.inflight[key] = fut
                started += 1
        return started

    def _host_of(self, key) -> str:
        return getattr(self.inflight[key], "host", "")

    # grouping ------------------------------------------------------------------------------------------------
    def group_pending(self) -> int:
        """Assign every stored, ungrouped article to its story (in time order, as `brief` does); how many."""
        with self.store.session() as s, s.begin():
            rows = q.ungrouped(s, GROUP_BATCH)
            if not rows:
                return 0
            articles = [article_of(r) for r in rows]
            by_id = {r.id: r for r in rows}
            seq = q.max_seq(s)
            t = q.now()
            try:
                for article, sid in self.grouper.add_all([articles[i] for i in time_order(articles)]):
                    seq += 1
                    row = by_id[article.id]
                    row.seq, row.story_id, row.data = seq, sid, article.model_dump(mode="json")
                    q.mark_changed(s, sid, t)
                q.save_state(s, seq, json.dumps({"index": self.grouper.index.to_state(), "copies": self.grouper.copies.to_state()},
                                                separators=(",", ":")))
            except Exception:
                self.grouper = self._load_grouper()  # the transaction rolls back: the grouper must not remember it
                raise
        return len(rows)

    # briefing ------------------------------------------------------------------------------------------------
    def brief_changed(self, force: bool = False) -> int:
        """Re-brief stories changed at least `serve.debounce` seconds ago (all changed ones when `force`); how many."""
        wait = 0.0 if force else self.settings.serve.debounce
        with self.store.session() as s:
            due = q.changed_stories(s, q.now() - dt.timedelta(seconds=wait))
        for story in due:
            if self.stop.is_set():
                break
            self.brief_one(story)
        return len(due)

    def brief_one(self, row: StoredStory) -> None:
        """Brief one story from its stored articles and store the result as its next version."""
        with self.store.session() as s:
            stored = q.story_articles(s, row.id)
        story = Story(id=row.id, articles=[article_of(a) for a in stored])
        errors: list[InputError] = []
        pipeline.brief_stories([story], self.settings, errors)
        doc = Briefing(stories=[story], errors=errors).to_json()
        summary = summary_of(story)
        with self.store.session() as s, s.begin():
            current = s.get(StoredStory, row.id)
            number = q.add_version(s, current, row.changed_at, doc, len(stored), max(a.seq for a in stored), summary)
        notify(self.store, self.fetcher, row.id, number, summary)

    # the loop ------------------------------------------------------------------------------------------------
    def step(self, force: bool = False) -> int:
        """One round of every kind of work; how much was done (0: idle)."""
        done = self.schedule_fetches() + self._reap()
        done += self.group_pending()
        done += self.brief_changed(force)
        return done

    def run(self) -> None:
        """Work until `stop` is set; an unexpected error is logged and the loop goes on after a pause."""
        while not self.stop.is_set():
            try:
                if not self.step():
                    self.stop.wait(IDLE_S)
            except Exception as e:  # a full disk, a lost database connection: reads go on, writes retry
                log.error("worker step failed: %s: %s", type(e).__name__, e)
                self.stop.wait(5.0)

    def drain(self, timeout: float = 300.0) -> None:
        """Run until nothing is in flight, due, ungrouped or changed (tests and benches)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            n = self.step(force=True)
            for f in list(self.inflight.values()):
                f.result() if f.done() else None
            if not n and not self.inflight:
                with self.store.session() as s:
                    pending = q.due_items(s, q.now(), 1) or q.ungrouped(s, 1) or q.changed_stories(s, q.now(), 1)
                if not pending:
                    return
            time.sleep(0.05)
        raise TimeoutError("the worker did not become idle in time")
