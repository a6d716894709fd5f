"""POST /api/articles: uploaded files cleaned by the same stage as `brief` and stored in one transaction (answered
201 only once committed), or URLs recorded as items the worker fetches politely."""
from __future__ import annotations

import json
from pathlib import Path, PurePosixPath

from fastapi import HTTPException

from .. import pipeline
from ..sources.net import Refused, check_url
from ..store import queries as q
from ..store.models import FeedItem
from .polling import stamp

MANIFEST_SUFFIXES = (".jsonl", ".ndjson", ".csv")
SUBMITTED = "newsfuse:submitted"  # the pseudo-source of URLs given over the API


def _safe(name: str) -> PurePosixPath:
    """The upload's name as a relative path with no way out of its folder (a manifest's paths stay valid)."""
    parts = [p for p in name.replace("\\", "/").split("/") if p not in ("", ".", "..")]
    return PurePosixPath(*parts) if parts else PurePosixPath("upload")


def _is_manifest(name: str, data: bytes) -> bool:
    if not name.lower().endswith(MANIFEST_SUFFIXES):
        return False
    first = data.lstrip()[:1]
    return first == b"{" or name.lower().endswith(".csv")


def ingest_upload(app, files: list[tuple[str, bytes]], published: str | None) -> dict:
    """Clean the uploaded files (a manifest among them is read with the files it names) and store new articles."""
    batch = stamp()
    folder = Path(app.state.settings.serve.data_dir) / "uploads" / str(batch)
    folder.mkdir(parents=True, exist_ok=True)
    paths, manifest = [], None
    for name, data in files:
        rel = _safe(name)
        target = folder / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        if manifest is None and _is_manifest(name, data):
            manifest = target
        else:
            paths.append(target)
    if manifest is not None:  # its rows name the other files: they are read through it, not twice
        named = _manifest_paths(manifest)
        paths = [p for p in paths if p.resolve() not in named]
    # an uploaded manifest may name only the files uploaded with it, never a file of the server's
    settings = app.state.settings.model_copy(update={"ingest": app.state.settings.ingest.model_copy(
        update={"allow_paths_outside_manifest": False})})
    articles, errors = pipeline.load_articles(paths, manifest, published, settings)
    seen = q.now()
    out = []
    articles = [a.model_copy(update={"input": _shown(a.input, folder)}) for a in articles]  # ids were made already
    with app.state.store.session() as s, s.begin():
        for a in articles:
            dup = q.existing_article(s, a.id, q.content_hash(a.text), a.url)
            if dup:
                out.append({"id": a.id, "input": _shown(a.input, folder), "duplicate_of": dup})
                continue
            q.insert_article(s, a, {"upload": batch, "input": _shown(a.input, folder)}, batch, seen, app.state.store.dialect)
            out.append({"id": a.id, "input": _shown(a.input, folder), "duplicate_of": None})
    errs = [{"input": _shown(e.input, folder), "error": e.error, "skipped": e.skipped} for e in errors]
    if not articles and errs:
        raise HTTPException(422, detail={"reason": "no article could be read from the upload", "errors": errs})
    return {"articles": out, "errors": errs}


def _manifest_paths(manifest: Path) -> set[Path]:
    named = set()
    for line in manifest.read_text(encoding="utf-8", errors="replace").splitlines():
        try:
            row = json.loads(line)
        except ValueError:
            continue
        if isinstance(row, dict) and isinstance(row.get("path"), str):
            named.add((manifest.parent / row["path"]).resolve())
    return named


def _shown(name: str, folder: Path) -> str:
    """An input named as the user uploaded it, without the server's folder."""
    prefix = str(folder) + "/"
    return name[len(prefix):] if name.startswith(prefix) else name


def submit_urls(app, urls: list[str]) -> dict:
    """Record each URL as an item for the worker to fetch (robots.txt, politeness and the SSRF guard apply)."""
    serve = app.state.settings.serve
    bad = []
    for u in urls:
        try:
            check_url(u, serve.allow_private_hosts, app.state.exempt)
        except Refused as e:
            bad.append({"input": u, "error": str(e)})
    if bad:
        raise HTTPException(422, detail={"reason": "some URLs cannot be fetched", "errors": bad})
    far = q.now().replace(year=9999)
    with app.state.store.session() as s, s.begin():
        src, new = q.add_source(s, SUBMITTED, None, 1e9)
        if new:
            src.kind, src.next_due = "submitted", far
        entries = [type("E", (), {"link": u, "title": None, "published": None, "body": None})() for u in urls]
        q.add_items(s, src.id, entries, q.now())
        s.flush()
        ids = {i.link: i.id for i in s.query(FeedItem).filter(FeedItem.source_id == src.id, FeedItem.link.in_(urls))}
    return {"items": [{"url": u, "item": ids.get(u), "state": "queued"} for u in urls], "errors": []}
