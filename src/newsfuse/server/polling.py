"""One source polled, one item fetched: the fetch, the parse or clean, and what is recorded in the store."""
from __future__ import annotations

import datetime as dt
import time
from typing import Optional

from ..config import Settings
from ..clean import clean_document
from ..errors import InputProblem
from ..ingest.feeds import _page
from ..model import RawDocument
from ..sources.net import Fetched, Fetcher
from ..sources.pages import NotText, raw_page, wall
from ..sources.parse import NotAList, parse_listing
from ..sources.schedule import FAILURE_WEIGHT, backoff, retry_after
from ..store import Store
from ..store import queries as q
from ..store.models import FeedItem, Source

MAX_INDEX_CHILDREN = 50  # sitemaps of one index read per poll


def poll_source(store: Store, fetcher: Fetcher, settings: Settings, source_id: int) -> int:
    """Fetch one source (conditionally), record its health and any new items; how many items were new."""
    with store.session() as s:
        src = s.get(Source, source_id)
        if src is None:
            return 0
        url, etag, modified = src.url, src.etag, src.last_modified
    got = fetcher.get(url, etag, modified)
    listing, problem = None, got.reason if got.kind else None
    children: list[Fetched] = []
    if got.ok:
        try:
            listing = parse_listing(got.body, got.content_type)
            if listing.kind == "index":  # a sitemap index: its sitemaps are read now, their URLs become this source's
                for child in listing.children[:MAX_INDEX_CHILDREN]:
                    sub = fetcher.get(child)
                    if sub.ok:
                        try:
                            listing.entries += parse_listing(sub.body, sub.content_type).entries
                        except NotAList as e:
                            problem = f"sitemap {child}: {e}"
                    else:
                        problem = f"sitemap {child}: {sub.reason}"
                    children.append(sub)
        except NotAList as e:
            problem = str(e)
    t = q.now()
    with store.session() as s, s.begin():
        src = s.get(Source, source_id)
        if src is None:  # removed while it was fetched
            return 0
        src.fetches += 1 + len(children)
        src.last_fetch, src.last_status = t, got.status
        new = 0
        if got.status == 304:
            src.not_modified += 1
            src.failures, src.last_error, src.last_ok = 0.0, None, t
            src.next_due = t + dt.timedelta(seconds=src.every_s)
        elif listing is not None:
            src.kind = "sitemap" if listing.kind in ("sitemap", "index") else "feed"
            src.outlet = src.outlet or listing.title
            src.etag, src.last_modified = got.etag, got.last_modified
            new = q.add_items(s, src.id, listing.entries, t)
            src.items_seen += new
            src.failures, src.last_error, src.last_ok = 0.0, problem, t
            src.next_due = t + dt.timedelta(seconds=src.every_s)
        else:
            src.failures += FAILURE_WEIGHT.get(got.kind or "bad", 1.0)
            src.last_error = problem
            src.next_due = t + dt.timedelta(seconds=backoff(src.every_s, src.failures, settings.serve.backoff_max))
    return new


def _raw(item: FeedItem, src: Source, got: Optional[Fetched]) -> RawDocument:
    meta = {"title": item.title, "published": item.published, "outlet": src.outlet}
    if got is None:  # an entry without a link: the feed's own text is the article
        return RawDocument(input=f"{src.url}#{item.link}", kind="html", text=_page(item.body or ""), **meta)
    return raw_page(got.body, got.content_type, got.final_url, input=item.link, **meta)


def fetch_item(store: Store, fetcher: Fetcher, settings: Settings, item_id: int, batch: int) -> str:
    """Fetch and clean one item's page; store the article (or why there is none) with the item. Returns its state."""
    with store.session() as s:
        row = s.execute(q.select(FeedItem, Source).join(Source, Source.id == FeedItem.source_id)
                        .where(FeedItem.id == item_id)).first()
        if row is None:
            return "gone"
        item, src = row
    got = None if item.link.startswith("urn:entry:") else fetcher.get(item.link)
    article, state, reason = None, "done", None
    if got is not None and not got.ok:
        state = "blocked" if got.kind == "refused" else "failed"
        reason = got.reason
    else:
        try:
            raw = _raw(item, src, got)
            why = wall(raw.text or "")
            article = clean_document(raw, settings.clean)
            why = wall(raw.text or "", article.text) if why else None
            if why:
                article, state, reason = None, "blocked" if why.startswith("blocked") else "not-article", why
        except (InputProblem, NotText) as e:
            why = wall(raw.text or "") if "raw" in locals() and raw.text else None
            state, reason = ("blocked" if why and why.startswith("blocked") else "not-article"), why or f"not an article: {getattr(e, 'reason', e)}"
        except Exception as e:  # a page no rule foresaw: recorded on the item, retried like a failure
            state, reason = "failed", f"could not be cleaned: {type(e).__name__}: {e}"
    t = q.now()
    with store.session() as s, s.begin():
        it = s.get(FeedItem, item_id)
        if it is None or it.state != "new":  # removed, or done by an earlier run
            return it.state if it is not None else "gone"
        it.attempts += 1
        it.reason = reason
        if article is not None:
            dup = q.existing_article(s, article.id, q.content_hash(article.text), article.url)
            if dup:
                it.state, it.article_id, it.reason = "duplicate", dup, f"the same article as {dup}"
            else:
                q.insert_article(s, article, got.record() if got else None, batch, q.aware(it.seen_at), store.dialect)
                it.state, it.article_id = "done", article.id
        elif state == "failed" and it.attempts <= settings.serve.item_retries and (got is None or got.kind in ("timeout", "server", None)):
            it.next_try = t + dt.timedelta(seconds=retry_after(it.attempts, settings.serve.backoff_max))
        else:
            it.state = state
        return it.state


def item_host(link: str) -> str:
    from urllib.parse import urlsplit

    return urlsplit(link).netloc


def stamp() -> int:
    """A batch number for articles fetched now (microseconds: increasing across restarts)."""
    return int(time.time() * 1_000_000)
