"""The web UI: server-rendered pages (no external resources, usable without JavaScript) over the API's own data."""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Literal, Optional

from fastapi import APIRouter, Form, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from ..render.html import TEMPLATES as REPORT_TEMPLATES
from ..store import queries as q
from ..store.models import StoredArticle
from .api import changes_since, find_stories, stored_version
from .manage import add_source, source_json

router = APIRouter(include_in_schema=False)
HERE = Path(__file__).parent / "templates"
SEEN_COOKIE = "nf-seen-"  # + story id: the version the reader last saw


@lru_cache(maxsize=1)
def _env() -> Environment:
    # autoescape everything: titles, outlets and article text are hostile input
    return Environment(loader=FileSystemLoader([HERE, REPORT_TEMPLATES]), autoescape=select_autoescape(default=True, default_for_string=True),
                       undefined=StrictUndefined)


def page(name: str, **ctx) -> HTMLResponse:
    return HTMLResponse(_env().get_template(name).render(**ctx))


@router.get("/static/{name}")
def static(name: str) -> Response:
    """The UI's stylesheet (the report's own, plus the UI's) and its one script."""
    files = {"report.css": (REPORT_TEMPLATES / "report.css", "text/css"), "ui.css": (HERE / "ui.css", "text/css"),
             "live.js": (HERE / "live.js", "text/javascript")}
    if name not in files:
        raise HTTPException(404, detail=f"no static file {name}")
    path, ctype = files[name]
    return Response(path.read_bytes(), media_type=ctype, headers={"Cache-Control": "max-age=300"})


@router.get("/", response_class=HTMLResponse)
def story_list(request: Request, sort: Literal["recent", "sources", "disputed"] = "recent", q_: Optional[str] = Query(None, alias="q"),
               outlet: Optional[str] = None, entity: Optional[str] = None, page_: int = Query(1, alias="page", ge=1)) -> HTMLResponse:
    found = find_stories(request, sort, None, None, q_ or None, outlet or None, entity or None, page_, 25)
    return page("list.html.j2", found=found, sort=sort, q=q_ or "", outlet=outlet or "", entity=entity or "",
                pages=(found["total"] + 24) // 25)


@router.get("/stories/{story_id}", response_class=HTMLResponse)
def story_page(request: Request, story_id: str) -> HTMLResponse:
    latest = stored_version(request, story_id)
    seen = request.cookies.get(SEEN_COOKIE + story_id)
    changes = None
    if seen and seen.isdigit() and int(seen) < latest.version:
        changes = changes_since(request, story_id, seen)
    with request.app.state.store.session() as s:
        rows = q.story_articles(s, story_id)
    resp = page("story.html.j2", story_id=story_id, version=latest.version, changes=changes, seen=seen,
                articles=[{"id": a.id, "title": a.title or a.id, "outlet": a.outlet or "", "published": a.published or ""} for a in rows],
                headline=_headline(request, story_id))
    resp.set_cookie(SEEN_COOKIE + story_id, str(latest.version), max_age=90 * 86400, httponly=True, samesite="lax")
    return resp


def _headline(request: Request, story_id: str) -> str:
    from ..store.models import StoredStory

    with request.app.state.store.session() as s:
        r = s.get(StoredStory, story_id)
    return (r.headline if r else "") or story_id


@router.get("/articles/{article_id}", response_class=HTMLResponse)
def article_page(request: Request, article_id: str) -> HTMLResponse:
    with request.app.state.store.session() as s:
        a = s.get(StoredArticle, article_id)
    if a is None:
        raise HTTPException(404, detail=f"no article {article_id}")
    return page("article.html.j2", a=a, removed=a.data.get("removed", []), paragraphs=[p for p in a.text.split("\n\n") if p.strip()])


@router.get("/sources", response_class=HTMLResponse)
def sources_page(request: Request, message: str = "") -> HTMLResponse:
    with request.app.state.store.session() as s:
        rows = [(source_json(src, q.item_counts(s, src.id)), [(i.state, i.reason, i.link) for i in q.source_items(s, src.id, 10)
                                                              if i.state not in ("new", "done")]) for src in q.list_sources(s) if src.kind != "submitted"]
    return page("sources.html.j2", rows=rows, message=message)


@router.post("/sources")
def sources_form(request: Request, action: str = Form(...), token: str = Form(""), url: str = Form(""), outlet: str = Form(""),
                 every: str = Form(""), source_id: str = Form("")) -> Response:
    """Add or remove a source from the sources page (the token is asked in the form)."""
    try:
        request.app.state.guard.check(token or None)
        if action == "add":
            add_source(request, url, outlet or None, every or None)
            msg = f"added {url}"
        else:
            from .manage import delete_source

            delete_source(request, int(source_id))
            msg = f"removed source {source_id}"
    except HTTPException as e:
        msg = f"not done: {e.detail}"
    except ValueError:
        msg = "not done: no such source"
    from urllib.parse import quote

    return RedirectResponse(f"/sources?message={quote(msg)}", status_code=303)
