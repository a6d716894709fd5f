"""The store's tables as SQLAlchemy 2 typed models; the schema itself is made by the Alembic migrations."""
from __future__ import annotations

import datetime as dt
from typing import Optional

from sqlalchemy import JSON, BigInteger, Boolean, DateTime, Float, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    type_annotation_map = {dict: JSON, list: JSON, dt.datetime: DateTime(timezone=True)}


class Source(Base):
    """A feed, sitemap or single page followed on a schedule, with its health."""

    __tablename__ = "sources"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    url: Mapped[str] = mapped_column(String(2048), unique=True)
    outlet: Mapped[Optional[str]] = mapped_column(String(300))
    kind: Mapped[Optional[str]] = mapped_column(String(20))  # feed | sitemap | page; None until first fetched
    every_s: Mapped[float] = mapped_column(Float)
    added_at: Mapped[dt.datetime]
    next_due: Mapped[dt.datetime] = mapped_column(index=True)
    last_fetch: Mapped[Optional[dt.datetime]]
    last_ok: Mapped[Optional[dt.datetime]]
    last_status: Mapped[Optional[int]]
    last_error: Mapped[Optional[str]] = mapped_column(Text)
    failures: Mapped[float] = mapped_column(Float, default=0.0)  # weighted: a timeout counts less than a 404
    fetches: Mapped[int] = mapped_column(Integer, default=0)
    not_modified: Mapped[int] = mapped_column(Integer, default=0)  # 304 answers
    items_seen: Mapped[int] = mapped_column(Integer, default=0)
    etag: Mapped[Optional[str]] = mapped_column(String(500))
    last_modified: Mapped[Optional[str]] = mapped_column(String(100))


class FeedItem(Base):
    """One link a source listed, and what became of it (an article, or the reason it is none)."""

    __tablename__ = "items"
    __table_args__ = (UniqueConstraint("source_id", "link"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    source_id: Mapped[int] = mapped_column(ForeignKey("sources.id", ondelete="CASCADE"), index=True)
    link: Mapped[str] = mapped_column(String(2048))
    title: Mapped[Optional[str]] = mapped_column(Text)
    published: Mapped[Optional[str]] = mapped_column(String(40))
    body: Mapped[Optional[str]] = mapped_column(Text)  # the feed's own text of the item, used when it has no link
    seen_at: Mapped[dt.datetime]
    state: Mapped[str] = mapped_column(String(20), index=True)  # new | done | duplicate | blocked | not-article | failed
    reason: Mapped[Optional[str]] = mapped_column(Text)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_try: Mapped[dt.datetime] = mapped_column(index=True)
    article_id: Mapped[Optional[str]] = mapped_column(String(40))


class StoredArticle(Base):
    """A cleaned article (the model's JSON) with its fetch record; `seq` is the order it was grouped in."""

    __tablename__ = "articles"
    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    content_hash: Mapped[str] = mapped_column(String(40), unique=True)
    url: Mapped[Optional[str]] = mapped_column(String(2048), index=True)  # canonical URL when known
    outlet: Mapped[Optional[str]] = mapped_column(String(300), index=True)
    title: Mapped[Optional[str]] = mapped_column(Text)
    published: Mapped[Optional[str]] = mapped_column(String(40))
    text: Mapped[str] = mapped_column(Text)
    data: Mapped[dict]  # Article.model_dump(): what the pipeline reads back
    story_hint: Mapped[Optional[str]] = mapped_column(String(300))
    fetch: Mapped[Optional[dict]]  # url asked, final url, status, headers that matter, when, bytes
    batch: Mapped[int] = mapped_column(BigInteger, index=True)  # articles of one batch are grouped together, in time order
    seen_at: Mapped[dt.datetime]  # when its feed item was first seen (or the upload came)
    added_at: Mapped[dt.datetime]
    seq: Mapped[Optional[int]] = mapped_column(BigInteger, index=True)  # None until grouped
    story_id: Mapped[Optional[str]] = mapped_column(String(40), index=True)
    briefed_at: Mapped[Optional[dt.datetime]]  # when a stored version of its story first included it


class StoredStory(Base):
    """A story: what the list shows of its latest version, and whether it waits to be re-briefed."""

    __tablename__ = "stories"
    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    headline: Mapped[str] = mapped_column(Text, default="")
    articles: Mapped[int] = mapped_column(Integer, default=0)
    sources: Mapped[int] = mapped_column(Integer, default=0)  # independent origins
    disputed: Mapped[int] = mapped_column(Integer, default=0)  # discrepancies
    outlets: Mapped[list] = mapped_column(default=list)
    entities: Mapped[list] = mapped_column(default=list)
    version: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[dt.datetime]
    updated_at: Mapped[dt.datetime] = mapped_column(index=True)
    changed_at: Mapped[Optional[dt.datetime]] = mapped_column(index=True)  # set: waits for the worker
    error: Mapped[Optional[str]] = mapped_column(Text)


class StoryVersion(Base):
    """One stored briefing of one story (the briefing-1 JSON), numbered from 1."""

    __tablename__ = "story_versions"
    __table_args__ = (UniqueConstraint("story_id", "version"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    story_id: Mapped[str] = mapped_column(String(40), index=True)
    version: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[dt.datetime]
    articles: Mapped[int] = mapped_column(Integer)
    briefing: Mapped[str] = mapped_column(Text)


class GrouperState(Base):
    """The online grouper's state (stories.state's JSON), saved with the assignments it made."""

    __tablename__ = "grouper_state"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    seq: Mapped[int] = mapped_column(BigInteger)  # last article seq it has seen
    state: Mapped[str] = mapped_column(Text)


class Token(Base):
    """A write token, stored as its SHA-256 only."""

    __tablename__ = "tokens"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    digest: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[dt.datetime]
    revoked: Mapped[bool] = mapped_column(Boolean, default=False)


class Watch(Base):
    """A standing question: stories matching it, when new, changed or disputed, feed an Atom feed (and a webhook)."""

    __tablename__ = "watches"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    query: Mapped[Optional[str]] = mapped_column(Text)
    entity: Mapped[Optional[str]] = mapped_column(String(300))
    outlet: Mapped[Optional[str]] = mapped_column(String(300))
    min_sources: Mapped[int] = mapped_column(Integer, default=1)
    on: Mapped[str] = mapped_column(String(20), default="changed")
    webhook: Mapped[Optional[str]] = mapped_column(String(2048))
    created_at: Mapped[dt.datetime]
    last_error: Mapped[Optional[str]] = mapped_column(Text)
