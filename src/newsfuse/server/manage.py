"""Write routes (sources, uploads, watches; token needed) and the service's own state: health, metrics, Atom feeds."""
from __future__ import annotations

import asyncio
import datetime as dt
import statistics
from pathlib import Path
from typing import Literal, Optional

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import PlainTextResponse, Response
from pydantic import BaseModel, ConfigDict
from sqlalchemy import func, select

from ..sources.net import Refused, check_url
from ..sources.schedule import parse_every
from ..store import queries as q
from ..store.models import FeedItem, Source, StoredArticle, StoredStory, Watch
from .atom import atom_feed
from .uploads import ingest_upload, submit_urls
from .watching import EVENTS, matches, row_summary

router = APIRouter()


def guard(request: Request) -> None:
    request.app.state.guard(request)


class NewSource(BaseModel):
    model_config = ConfigDict(extra="forbid")
    url: str
    outlet: Optional[str] = None
    every: Optional[str] = None


def source_json(src: Source, counts: Optional[dict] = None) -> dict:
    days = max((q.now() - q.aware(src.added_at)).total_seconds() / 86400.0, 1 / 24)
    return {"id": src.id, "url": src.url, "outlet": src.outlet, "kind": src.kind, "every_s": src.every_s,
            "last_fetch": q.aware(src.last_fetch).isoformat() if src.last_fetch else None,
            "last_ok": q.aware(src.last_ok).isoformat() if src.last_ok else None, "last_status": src.last_status,
            "last_error": src.last_error, "failures": src.failures, "fetches": src.fetches, "not_modified": src.not_modified,
            "items_seen": src.items_seen, "items_per_day": round(src.items_seen / days, 1),
            "next_due": q.aware(src.next_due).isoformat(), "items": counts or {}}


def add_source(request: Request, url: str, outlet: Optional[str], every: Optional[str]) -> tuple[dict, bool]:
    """Add a source after checking its URL and interval; (its JSON, True when new). 422 with the reason otherwise."""
    settings = request.app.state.settings.serve
    try:
        every_s = parse_every(every or settings.every)
        check_url(url, settings.allow_private_hosts, request.app.state.exempt)
    except (ValueError, Refused) as e:
        raise HTTPException(422, detail=str(e)) from None
    with request.app.state.store.session() as s, s.begin():
        src, new = q.add_source(s, url.strip(), outlet, every_s)
        return source_json(src), new


@router.get("/api/sources")
def sources(request: Request) -> dict:
    """Every source with its health: last fetch and status, failures, items per day, what became of its items."""
    with request.app.state.store.session() as s:
        return {"items": [source_json(src, q.item_counts(s, src.id)) for src in q.list_sources(s) if src.kind != "submitted"]}


@router.post("/api/sources", status_code=201, dependencies=[Depends(guard)])
def post_source(request: Request, body: NewSource, response: Response) -> dict:
    """Follow a feed, sitemap or page (polled every `every`, default serve.every)."""
    out, new = add_source(request, body.url, body.outlet, body.every)
    if not new:
        response.status_code = 200
    return out


@router.delete("/api/sources/{source_id}", dependencies=[Depends(guard)])
def delete_source(request: Request, source_id: int) -> dict:
    """Stop following a source (its stored articles stay)."""
    with request.app.state.store.session() as s, s.begin():
        src = s.get(Source, source_id)
        if src is None:
            raise HTTPException(404, detail=f"no source {source_id}")
        q.remove_source(s, src)
    return {"removed": source_id}


@router.post("/api/articles", status_code=201, dependencies=[Depends(guard)])
async def post_articles(request: Request) -> dict:
    """Add articles: multipart files (text, HTML, feeds, WARC, a manifest with its files) or JSON {"urls": [...]}."""
    limit = request.app.state.settings.serve.max_upload_bytes
    declared = int(request.headers.get("content-length") or 0)
    if declared > limit:
        raise HTTPException(413, detail=f"the upload is {declared:,} bytes, more than serve.max_upload_bytes ({limit:,})")
    ctype = request.headers.get("content-type", "")
    if ctype.startswith("application/json"):
        body = await request.json()
        urls = body.get("urls") if isinstance(body, dict) else None
        if not isinstance(urls, list) or not all(isinstance(u, str) for u in urls) or not urls:
            raise HTTPException(422, detail='give {"urls": ["https://...", ...]}')
        return await asyncio.to_thread(submit_urls, request.app, urls)
    if not ctype.startswith("multipart/form-data"):
        raise HTTPException(415, detail="send multipart/form-data files, or JSON {\"urls\": [...]}")
    form = await request.form(max_files=10_000)
    files, total = [], 0
    for _key, value in form.multi_items():
        if isinstance(value, str):
            continue
        data = await value.read(limit + 1 - total)
        total += len(data)
        if total > limit:
            raise HTTPException(413, detail=f"the upload is more than serve.max_upload_bytes ({limit:,} bytes)")
        files.append((value.filename or "upload", data))
    if not files:
        raise HTTPException(422, detail="the request holds no files")
    return await asyncio.to_thread(ingest_upload, request.app, files, form.get("published"))


class NewWatch(BaseModel):
    model_config = ConfigDict(extra="forbid")
    query: Optional[str] = None
    entity: Optional[str] = None
    outlet: Optional[str] = None
    min_sources: int = 1
    on: Literal["new", "changed", "disputed"] = "changed"
    webhook: Optional[str] = None


def watch_json(w: Watch) -> dict:
    return {"id": w.id, "query": w.query, "entity": w.entity, "outlet": w.outlet, "min_sources": w.min_sources, "on": w.on,
            "webhook": w.webhook, "feed": f"/feeds/watches/{w.id}.atom", "last_error": w.last_error}


@router.post("/api/watches", status_code=201, dependencies=[Depends(guard)])
def post_watch(request: Request, body: NewWatch) -> dict:
    """Watch stories by words, entity or outlet; read them at the watch's Atom feed (and at its webhook)."""
    if not (body.query or body.entity or body.outlet):
        raise HTTPException(422, detail="a watch needs a query, an entity or an outlet")
    if body.webhook:
        try:
            check_url(body.webhook, request.app.state.settings.serve.allow_private_hosts, request.app.state.exempt)
        except Refused as e:
            raise HTTPException(422, detail=f"webhook: {e}") from None
    with request.app.state.store.session() as s, s.begin():
        return watch_json(q.add_watch(s, **body.model_dump()))


@router.get("/api/watches")
def get_watches(request: Request) -> dict:
    with request.app.state.store.session() as s:
        return {"items": [watch_json(w) for w in q.watches(s)]}


def _count(s, model, *cond) -> int:
    return s.scalar(select(func.count()).select_from(model).where(*cond)) or 0


@router.get("/api/health")
def health(request: Request) -> dict:
    """Whether the store answers, and how much work waits."""
    store = request.app.state.store
    with store.session() as s:
        return {"status": "ok", "database": store.dialect, "articles": _count(s, StoredArticle),
                "stories": _count(s, StoredStory, StoredStory.version > 0), "sources": _count(s, Source),
                "queue": {"items": _count(s, FeedItem, FeedItem.state == "new"),
                          "ungrouped": _count(s, StoredArticle, StoredArticle.seq.is_(None)),
                          "stories": _count(s, StoredStory, StoredStory.changed_at.is_not(None))}}


@router.get("/metrics", response_class=PlainTextResponse)
def metrics(request: Request) -> str:
    """Prometheus text: fetches, 304s, items by state, queue depth, pipeline latency (item seen -> story briefed)."""
    with request.app.state.store.session() as s:
        fetches = s.scalar(select(func.coalesce(func.sum(Source.fetches), 0)))
        unmodified = s.scalar(select(func.coalesce(func.sum(Source.not_modified), 0)))
        states = q.item_counts(s)
        recent = s.execute(select(StoredArticle.seen_at, StoredArticle.briefed_at).where(StoredArticle.briefed_at.is_not(None))
                           .order_by(StoredArticle.briefed_at.desc()).limit(1000)).all()
        h = health(request)["queue"]
    lat = sorted((q.aware(b) - q.aware(a)).total_seconds() for a, b in recent)
    lines = ["# TYPE newsfuse_fetches_total counter", f"newsfuse_fetches_total {fetches}",
             "# TYPE newsfuse_not_modified_total counter", f"newsfuse_not_modified_total {unmodified}",
             "# TYPE newsfuse_items gauge"] + [f'newsfuse_items{{state="{k}"}} {v}' for k, v in sorted(states.items())]
    lines += ["# TYPE newsfuse_queue_depth gauge"] + [f'newsfuse_queue_depth{{stage="{k}"}} {v}' for k, v in h.items()]
    lines += ["# TYPE newsfuse_pipeline_latency_seconds summary"]
    if lat:
        qs = statistics.quantiles(lat, n=20) if len(lat) > 1 else [lat[0]] * 19
        lines += [f'newsfuse_pipeline_latency_seconds{{quantile="0.5"}} {statistics.median(lat):.3f}',
                  f'newsfuse_pipeline_latency_seconds{{quantile="0.95"}} {qs[18]:.3f}']
    lines += [f"newsfuse_pipeline_latency_seconds_count {len(lat)}"]
    return "\n".join(lines) + "\n"


@router.get("/feeds/stories.atom")
def stories_atom(request: Request) -> Response:
    """New and changed stories as an Atom feed (newest first)."""
    with request.app.state.store.session() as s:
        _, rows = q.list_stories(s, "recent", limit=50)
    return Response(atom_feed(request, "newsfuse: new and changed stories", "/feeds/stories.atom", rows), media_type="application/atom+xml")


@router.get("/feeds/watches/{watch_id}.atom")
def watch_atom(request: Request, watch_id: int) -> Response:
    """The stories one watch matches, as an Atom feed."""
    with request.app.state.store.session() as s:
        w = s.get(Watch, watch_id)
        if w is None:
            raise HTTPException(404, detail=f"no watch {watch_id}")
        _, rows = q.list_stories(s, "recent", limit=1000)
    rows = [r for r in rows if matches(w, row_summary(r), 1 if w.on == "new" and r.version >= 1 else r.version)][:50]
    return Response(atom_feed(request, f"newsfuse watch {watch_id}", f"/feeds/watches/{watch_id}.atom", rows), media_type="application/atom+xml")


__all__ = ["router", "add_source", "EVENTS", "Path", "dt"]
