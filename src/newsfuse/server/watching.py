"""Watches: standing questions over the stories; a match is served as an Atom feed and may be POSTed to a webhook."""
from __future__ import annotations

import json
import logging
from typing import Optional

from ..sources.net import Fetcher, Refused, check_url
from ..store import Store
from ..store import queries as q
from ..store.models import StoredStory, Watch

log = logging.getLogger("newsfuse.serve")
EVENTS = ("new", "changed", "disputed")


def matches(w: Watch, story: dict, version: int) -> bool:
    """True when a story (its list summary and version number) is one the watch asks for."""
    if story.get("sources", 0) < w.min_sources:
        return False
    if w.on == "new" and version != 1:
        return False
    if w.on == "disputed" and not story.get("disputed"):
        return False
    if w.outlet and w.outlet.lower() not in {o.lower() for o in story.get("outlets", [])}:
        return False
    if w.entity and w.entity.lower() not in {e.lower() for e in story.get("entities", [])}:
        return False
    if w.query:
        words = w.query.lower().split()
        hay = (story.get("headline") or "").lower() + " " + " ".join(story.get("entities", [])).lower()
        if not all(word in hay for word in words):
            return False
    return True


def row_summary(r: StoredStory) -> dict:
    return {"id": r.id, "headline": r.headline, "sources": r.sources, "disputed": r.disputed, "outlets": r.outlets,
            "entities": r.entities, "articles": r.articles}


def notify(store: Store, fetcher: Fetcher, story_id: str, version: int, summary: dict) -> None:
    """POST the new version's summary to each matching watch's webhook; a failure is recorded on the watch."""
    with store.session() as s:
        hooks = [(w.id, w.webhook) for w in q.watches(s) if w.webhook and matches(w, summary, version)]
    for wid, url in hooks:
        error: Optional[str] = None
        try:
            check_url(url, fetcher.s.allow_private_hosts, fetcher.exempt)
            body = json.dumps({"watch": wid, "story": story_id, "version": version, **summary})
            r = fetcher.client.post(url, content=body, headers={"Content-Type": "application/json"}, timeout=10.0)
            if r.status_code >= 300:
                error = f"the webhook answered {r.status_code}"
        except Refused as e:
            error = str(e)
        except Exception as e:  # an unreachable webhook must not stop the worker
            error = f"the webhook could not be reached: {type(e).__name__}: {e}"
        with store.session() as s, s.begin():
            w = s.get(Watch, wid)
            if w is not None:
                w.last_error = error
