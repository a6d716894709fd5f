"""Small query functions over the store: each does one read or one write a caller commits; no pipeline logic."""
from __future__ import annotations

import datetime as dt
import hashlib
from typing import Iterable, Optional

from sqlalchemy import and_, delete, func, or_, select, text, update
from sqlalchemy.orm import Session

from .models import FeedItem, GrouperState, Source, StoredArticle, StoredStory, StoryVersion, Token, Watch


def now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


def aware(value: Optional[dt.datetime]) -> Optional[dt.datetime]:
    """A datetime read back from SQLite (naive, stored as UTC) made timezone-aware."""
    return value.replace(tzinfo=dt.timezone.utc) if value is not None and value.tzinfo is None else value


def content_hash(text_: str) -> str:
    return hashlib.sha1(text_.encode("utf-8")).hexdigest()


# sources ---------------------------------------------------------------------------------------------------

def add_source(s: Session, url: str, outlet: Optional[str], every_s: float) -> tuple[Source, bool]:
    """(the source for `url`, True when it was added now; an existing one is returned unchanged)."""
    found = s.scalar(select(Source).where(Source.url == url))
    if found is not None:
        return found, False
    t = now()
    src = Source(url=url, outlet=outlet, every_s=every_s, added_at=t, next_due=t, failures=0.0, fetches=0,
                 not_modified=0, items_seen=0)
    s.add(src)
    s.flush()
    return src, True


def find_source(s: Session, ref: str) -> Optional[Source]:
    """A source by id or URL."""
    if ref.isdigit():
        return s.get(Source, int(ref))
    return s.scalar(select(Source).where(Source.url == ref))


def list_sources(s: Session) -> list[Source]:
    return list(s.scalars(select(Source).order_by(Source.id)))


def remove_source(s: Session, src: Source) -> None:
    s.execute(delete(FeedItem).where(FeedItem.source_id == src.id))
    s.delete(src)


def due_sources(s: Session, at: dt.datetime, limit: int = 100) -> list[Source]:
    return list(s.scalars(select(Source).where(Source.next_due <= at).order_by(Source.next_due).limit(limit)))


def add_items(s: Session, source_id: int, entries: Iterable, seen: dt.datetime) -> int:
    """Store the entries this source has not listed before; how many were new."""
    entries = list(entries)
    links = [e.link for e in entries]
    known = set(s.scalars(select(FeedItem.link).where(FeedItem.source_id == source_id, FeedItem.link.in_(links)))) if links else set()
    new = 0
    for e in entries:
        if e.link in known:
            continue
        known.add(e.link)
        s.add(FeedItem(source_id=source_id, link=e.link, title=e.title, published=e.published, body=e.body, seen_at=seen,
                       state="new", attempts=0, next_try=seen))
        new += 1
    return new


def due_items(s: Session, at: dt.datetime, limit: int = 500) -> list[tuple[FeedItem, Source]]:
    q = (select(FeedItem, Source).join(Source, Source.id == FeedItem.source_id)
         .where(FeedItem.state == "new", FeedItem.next_try <= at).order_by(FeedItem.next_try, FeedItem.id).limit(limit))
    return [(i, src) for i, src in s.execute(q)]


def item_counts(s: Session, source_id: Optional[int] = None) -> dict[str, int]:
    q = select(FeedItem.state, func.count()).group_by(FeedItem.state)
    if source_id is not None:
        q = q.where(FeedItem.source_id == source_id)
    return {state: n for state, n in s.execute(q)}


def source_items(s: Session, source_id: int, limit: int = 50) -> list[FeedItem]:
    return list(s.scalars(select(FeedItem).where(FeedItem.source_id == source_id).order_by(FeedItem.id.desc()).limit(limit)))


# articles --------------------------------------------------------------------------------------------------

def existing_article(s: Session, article_id: str, digest: str, url: Optional[str]) -> Optional[str]:
    """The id of a stored article that is this one: same id, same text, or same canonical URL."""
    cond = [StoredArticle.id == article_id, StoredArticle.content_hash == digest]
    if url:
        cond.append(StoredArticle.url == url)
    return s.scalar(select(StoredArticle.id).where(or_(*cond)).limit(1))


def insert_article(s: Session, article, fetch: Optional[dict], batch: int, seen: dt.datetime, dialect: str) -> None:
    """Add a cleaned article (not yet grouped) and its full-text entry."""
    row = StoredArticle(id=article.id, content_hash=content_hash(article.text), url=article.url, outlet=article.outlet,
                        title=article.title, published=article.published, text=article.text,
                        data=article.model_dump(mode="json"), story_hint=article.story_hint, fetch=fetch, batch=batch,
                        seen_at=seen, added_at=now())
    s.add(row)
    s.flush()
    if dialect == "sqlite":
        s.execute(text("INSERT INTO articles_fts (article_id, title, text) VALUES (:i, :t, :x)"),
                  {"i": article.id, "t": article.title or "", "x": article.text})


def ungrouped(s: Session, limit: int) -> list[StoredArticle]:
    return list(s.scalars(select(StoredArticle).where(StoredArticle.seq.is_(None)).order_by(StoredArticle.batch, StoredArticle.id).limit(limit)))


def story_articles(s: Session, story_id: str) -> list[StoredArticle]:
    return list(s.scalars(select(StoredArticle).where(StoredArticle.story_id == story_id).order_by(StoredArticle.seq)))


def max_seq(s: Session) -> int:
    return s.scalar(select(func.max(StoredArticle.seq))) or 0


def search_article_ids(s: Session, q: str, dialect: str, limit: int = 200) -> list[str]:
    """Ids of articles whose title or text matches the words of `q`, best first."""
    words = [w for w in "".join(c if c.isalnum() else " " for c in q).split() if w]
    if not words:
        return []
    if dialect == "sqlite":
        match = " ".join(f'"{w}"' for w in words)
        rows = s.execute(text("SELECT article_id FROM articles_fts WHERE articles_fts MATCH :m ORDER BY rank LIMIT :n"),
                         {"m": match, "n": limit})
    else:
        rows = s.execute(text("SELECT id FROM articles WHERE to_tsvector('simple', coalesce(title, '') || ' ' || text) "
                              "@@ plainto_tsquery('simple', :q) ORDER BY ts_rank(to_tsvector('simple', coalesce(title, '') "
                              "|| ' ' || text), plainto_tsquery('simple', :q)) DESC, id LIMIT :n"), {"q": " ".join(words), "n": limit})
    return [r[0] for r in rows]


# grouper state ---------------------------------------------------------------------------------------------

def load_state(s: Session) -> Optional[GrouperState]:
    return s.get(GrouperState, 1)


def save_state(s: Session, seq: int, state: str) -> None:
    row = s.get(GrouperState, 1)
    if row is None:
        s.add(GrouperState(id=1, seq=seq, state=state))
    else:
        row.seq, row.state = seq, state


# stories ---------------------------------------------------------------------------------------------------

def mark_changed(s: Session, story_id: str, at: dt.datetime) -> None:
    """The story waits for the worker (kept at its first unbriefed change, so debouncing cannot starve it)."""
    row = s.get(StoredStory, story_id)
    if row is None:
        s.add(StoredStory(id=story_id, headline="", articles=0, sources=0, disputed=0, outlets=[], entities=[], version=0,
                          created_at=at, updated_at=at, changed_at=at))
    elif row.changed_at is None:
        row.changed_at = at


def changed_stories(s: Session, before: dt.datetime, limit: int = 20) -> list[StoredStory]:
    return list(s.scalars(select(StoredStory).where(StoredStory.changed_at.is_not(None), StoredStory.changed_at <= before)
                          .order_by(StoredStory.changed_at).limit(limit)))


def add_version(s: Session, story: StoredStory, seen_changed: Optional[dt.datetime], briefing: str, n_articles: int,
                last_seq: int, summary: dict) -> int:
    """Store the next version of `story`; clear its change mark unless it changed again since `seen_changed`."""
    t = now()
    version = story.version + 1
    s.add(StoryVersion(story_id=story.id, version=version, created_at=t, articles=n_articles, briefing=briefing))
    s.execute(update(StoredStory).where(StoredStory.id == story.id).values(version=version, updated_at=t, error=None, **summary))
    s.execute(update(StoredStory).where(StoredStory.id == story.id, StoredStory.changed_at == seen_changed).values(changed_at=None))
    s.execute(update(StoredArticle).where(StoredArticle.story_id == story.id, StoredArticle.seq <= last_seq,
                                          StoredArticle.briefed_at.is_(None)).values(briefed_at=t))
    return version


def versions(s: Session, story_id: str) -> list[StoryVersion]:
    return list(s.scalars(select(StoryVersion).where(StoryVersion.story_id == story_id).order_by(StoryVersion.version)))


def version(s: Session, story_id: str, number: Optional[int] = None) -> Optional[StoryVersion]:
    """A story's version `number`, else its latest."""
    q = select(StoryVersion).where(StoryVersion.story_id == story_id)
    q = q.where(StoryVersion.version == number) if number is not None else q.order_by(StoryVersion.version.desc())
    return s.scalar(q.limit(1))


def version_at(s: Session, story_id: str, when: dt.datetime) -> Optional[StoryVersion]:
    """The latest version stored at or before `when`."""
    return s.scalar(select(StoryVersion).where(StoryVersion.story_id == story_id, StoryVersion.created_at <= when)
                    .order_by(StoryVersion.version.desc()).limit(1))


SORTS = {"recent": (StoredStory.updated_at.desc(), StoredStory.id), "sources": (StoredStory.sources.desc(), StoredStory.articles.desc(), StoredStory.id),
         "disputed": (StoredStory.disputed.desc(), StoredStory.sources.desc(), StoredStory.id)}


def list_stories(s: Session, sort: str = "recent", since: Optional[dt.datetime] = None, until: Optional[dt.datetime] = None,
                 story_ids: Optional[list[str]] = None, outlet: Optional[str] = None, entity: Optional[str] = None,
                 offset: int = 0, limit: int = 50) -> tuple[int, list[StoredStory]]:
    """(how many stories match, one page of them); only stories briefed at least once are listed."""
    cond = [StoredStory.version > 0]
    if since:
        cond.append(StoredStory.updated_at >= since)
    if until:
        cond.append(StoredStory.updated_at <= until)
    if story_ids is not None:
        cond.append(StoredStory.id.in_(story_ids or [""]))
    if outlet:
        cond.append(StoredStory.id.in_(select(StoredArticle.story_id).where(func.lower(StoredArticle.outlet) == outlet.lower())))
    q = select(StoredStory).where(and_(*cond))
    rows = list(s.scalars(q.order_by(*SORTS[sort])))
    if entity:  # entity names are a JSON list: matched here, the same on SQLite and PostgreSQL
        want = entity.lower()
        rows = [r for r in rows if any(want == e.lower() for e in r.entities)]
    return len(rows), rows[offset:offset + limit]


def stories_of_articles(s: Session, article_ids: list[str]) -> list[str]:
    if not article_ids:
        return []
    found = dict(s.execute(select(StoredArticle.id, StoredArticle.story_id).where(StoredArticle.id.in_(article_ids))).all())
    out: list[str] = []
    for a in article_ids:  # in the search's order: the best-matching article's story first
        sid = found.get(a)
        if sid and sid not in out:
            out.append(sid)
    return out


# tokens and watches ----------------------------------------------------------------------------------------

def digest_of(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def has_token(s: Session) -> bool:
    return s.scalar(select(func.count()).select_from(Token).where(Token.revoked.is_(False))) > 0


def token_ok(s: Session, token: str) -> bool:
    return s.scalar(select(Token.id).where(Token.digest == digest_of(token), Token.revoked.is_(False))) is not None


def new_token(s: Session, token: str) -> None:
    """Store `token` (hashed) as the only valid made token."""
    s.execute(update(Token).values(revoked=True))
    s.add(Token(digest=digest_of(token), created_at=now(), revoked=False))


def add_watch(s: Session, **fields) -> Watch:
    w = Watch(created_at=now(), **fields)
    s.add(w)
    s.flush()
    return w


def watches(s: Session) -> list[Watch]:
    return list(s.scalars(select(Watch).order_by(Watch.id)))
