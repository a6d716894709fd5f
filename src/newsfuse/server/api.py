"""JSON routes over the stored stories, versions, articles and search (the UI's own data)."""
from __future__ import annotations

import datetime as dt
from typing import Literal, Optional

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, Response

from ..compose.since import diff
from ..model import Briefing
from ..render import render
from ..store import queries as q
from ..store.models import StoredArticle, StoredStory

router = APIRouter(prefix="/api")


def parse_when(value: Optional[str], name: str) -> Optional[dt.datetime]:
    """An ISO date or datetime (UTC when no zone is given); 422 naming the parameter otherwise."""
    if not value:
        return None
    try:
        d = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        raise HTTPException(422, detail=f"{name}={value!r} is not an ISO date or datetime (e.g. 2024-06-11T08:00:00Z)") from None
    return d if d.tzinfo else d.replace(tzinfo=dt.timezone.utc)


def story_row(r: StoredStory) -> dict:
    return {"id": r.id, "headline": r.headline, "articles": r.articles, "sources": r.sources, "disputed": r.disputed,
            "outlets": r.outlets, "version": r.version, "created": q.aware(r.created_at).isoformat(),
            "updated": q.aware(r.updated_at).isoformat(), "pending": r.changed_at is not None,
            "url": f"/api/stories/{r.id}"}


def find_stories(request: Request, sort: str, since, until, text: Optional[str], outlet, entity, page: int, per_page: int) -> dict:
    """One page of stories as the list endpoint and the UI show them."""
    store = request.app.state.store
    with store.session() as s:
        ids = q.stories_of_articles(s, q.search_article_ids(s, text, store.dialect, 1000)) if text else None
        total, rows = q.list_stories(s, sort, parse_when(since, "since"), parse_when(until, "until"), ids, outlet, entity,
                                     (page - 1) * per_page, per_page)
    if ids is not None and sort == "recent":  # a search lists best matches first unless another order is asked
        rank = {sid: i for i, sid in enumerate(ids)}
        rows.sort(key=lambda r: rank.get(r.id, len(rank)))
    return {"total": total, "page": page, "per_page": per_page, "items": [story_row(r) for r in rows]}


@router.get("/stories")
def stories(request: Request, sort: Literal["recent", "sources", "disputed"] = "recent", since: Optional[str] = None,
            until: Optional[str] = None, q_: Optional[str] = Query(None, alias="q"), outlet: Optional[str] = None,
            entity: Optional[str] = None, page: int = Query(1, ge=1), per_page: int = Query(20, ge=1, le=200)) -> dict:
    """Stories, newest first, by most independent sources, or most disputed; filtered by time, words, outlet, entity."""
    return find_stories(request, sort, since, until, q_, outlet, entity, page, per_page)


def stored_version(request: Request, story_id: str, number: Optional[int] = None):
    with request.app.state.store.session() as s:
        v = q.version(s, story_id, number)
    if v is None:
        what = f"version {number} of story {story_id}" if number else f"story {story_id}"
        raise HTTPException(404, detail=f"no {what} (a story is listed once it has been briefed)")
    return v


@router.get("/stories/{story_id}")
def story(request: Request, story_id: str, version: Optional[int] = None) -> Response:
    """The story's briefing (`newsfuse/briefing-1` JSON holding this one story), latest version unless asked."""
    v = stored_version(request, story_id, version)
    return Response(v.briefing, media_type="application/json", headers={"X-Newsfuse-Version": str(v.version)})


@router.get("/stories/{story_id}/report", response_class=HTMLResponse)
def report(request: Request, story_id: str, version: Optional[int] = None) -> HTMLResponse:
    """The story's HTML report (the same report `newsfuse brief --format html` writes)."""
    v = stored_version(request, story_id, version)
    page = render(Briefing.model_validate_json(v.briefing), "html")
    return HTMLResponse(page, headers={"Content-Security-Policy": request.app.state.report_csp})


@router.get("/stories/{story_id}/versions")
def story_versions(request: Request, story_id: str) -> dict:
    """Every stored version of the story: number, when, how many articles."""
    with request.app.state.store.session() as s:
        rows = q.versions(s, story_id)
    if not rows:
        raise HTTPException(404, detail=f"no story {story_id}")
    return {"story": story_id, "versions": [{"version": v.version, "created": q.aware(v.created_at).isoformat(),
                                             "articles": v.articles} for v in rows]}


def changes_since(request: Request, story_id: str, since: str) -> dict:
    """What changed in the story between the version `since` names (a number or a datetime) and the latest."""
    latest = stored_version(request, story_id)
    if since.isdigit():
        earlier = stored_version(request, story_id, int(since))
    else:
        when = parse_when(since, "since")
        with request.app.state.store.session() as s:
            earlier = q.version_at(s, story_id, when)
    if earlier is None:  # the story did not exist then: all of it is new
        return {"story": story_id, "from": None, "to": latest.version, "new": True, "items": []}
    current = Briefing.model_validate_json(latest.briefing)
    diff(Briefing.model_validate_json(earlier.briefing), current)
    changes = current.stories[0].changes
    return {"story": story_id, "from": earlier.version, "to": latest.version, "new": False,
            "items": [c.model_dump(mode="json") for c in changes.items] if changes else []}


@router.get("/stories/{story_id}/changes")
def story_changes(request: Request, story_id: str, since: str = Query(..., description="a version number or an ISO datetime")) -> dict:
    """Changes since a version or a moment: new or dropped sources, new claims, changed support or values."""
    return changes_since(request, story_id, since)


def article_json(a: StoredArticle) -> dict:
    d = dict(a.data)
    return {"id": a.id, "story": a.story_id, "title": a.title, "outlet": a.outlet, "published": a.published, "url": a.url,
            "text": a.text, "removed": d.get("removed", []), "copy_of": d.get("copy_of"), "origin": d.get("origin"),
            "input": d.get("input"), "fetch": a.fetch, "seen": q.aware(a.seen_at).isoformat(),
            "briefed": q.aware(a.briefed_at).isoformat() if a.briefed_at else None}


@router.get("/articles/{article_id}")
def article(request: Request, article_id: str) -> dict:
    """A stored article: clean text, removed lines with reasons, its fetch record and its story."""
    with request.app.state.store.session() as s:
        a = s.get(StoredArticle, article_id)
    if a is None:
        raise HTTPException(404, detail=f"no article {article_id}")
    return article_json(a)


@router.get("/search")
def search(request: Request, q_: str = Query(..., alias="q", min_length=1), page: int = Query(1, ge=1),
           per_page: int = Query(20, ge=1, le=200)) -> dict:
    """Full-text search over articles (FTS5 on SQLite, tsvector on PostgreSQL), best match first."""
    store = request.app.state.store
    with store.session() as s:
        ids = q.search_article_ids(s, q_, store.dialect, 1000)
        chosen = ids[(page - 1) * per_page: page * per_page]
        rows = {a.id: a for a in s.query(StoredArticle).filter(StoredArticle.id.in_(chosen or [""]))}
    items = [{"id": i, "title": rows[i].title, "outlet": rows[i].outlet, "story": rows[i].story_id, "url": f"/api/articles/{i}"}
             for i in chosen if i in rows]
    return {"total": len(ids), "page": page, "per_page": per_page, "items": items}
