"""The first schema: sources, items, articles (with full-text search), stories, versions, grouper state, tokens, watches."""
import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None

TS = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "sources",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("url", sa.String(2048), nullable=False, unique=True),
        sa.Column("outlet", sa.String(300)),
        sa.Column("kind", sa.String(20)),
        sa.Column("every_s", sa.Float, nullable=False),
        sa.Column("added_at", TS, nullable=False),
        sa.Column("next_due", TS, nullable=False, index=True),
        sa.Column("last_fetch", TS),
        sa.Column("last_ok", TS),
        sa.Column("last_status", sa.Integer),
        sa.Column("last_error", sa.Text),
        sa.Column("failures", sa.Float, nullable=False),
        sa.Column("fetches", sa.Integer, nullable=False),
        sa.Column("not_modified", sa.Integer, nullable=False),
        sa.Column("items_seen", sa.Integer, nullable=False),
        sa.Column("etag", sa.String(500)),
        sa.Column("last_modified", sa.String(100)),
    )
    op.create_table(
        "items",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("source_id", sa.Integer, sa.ForeignKey("sources.id", ondelete="CASCADE"), nullable=False, index=True),
        sa.Column("link", sa.String(2048), nullable=False),
        sa.Column("title", sa.Text),
        sa.Column("published", sa.String(40)),
        sa.Column("body", sa.Text),
        sa.Column("seen_at", TS, nullable=False),
        sa.Column("state", sa.String(20), nullable=False, index=True),
        sa.Column("reason", sa.Text),
        sa.Column("attempts", sa.Integer, nullable=False),
        sa.Column("next_try", TS, nullable=False, index=True),
        sa.Column("article_id", sa.String(40)),
        sa.UniqueConstraint("source_id", "link"),
    )
    op.create_table(
        "articles",
        sa.Column("id", sa.String(40), primary_key=True),
        sa.Column("content_hash", sa.String(40), nullable=False, unique=True),
        sa.Column("url", sa.String(2048), index=True),
        sa.Column("outlet", sa.String(300), index=True),
        sa.Column("title", sa.Text),
        sa.Column("published", sa.String(40)),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("data", sa.JSON, nullable=False),
        sa.Column("story_hint", sa.String(300)),
        sa.Column("fetch", sa.JSON),
        sa.Column("batch", sa.BigInteger, nullable=False, index=True),
        sa.Column("seen_at", TS, nullable=False),
        sa.Column("added_at", TS, nullable=False),
        sa.Column("seq", sa.BigInteger, index=True),
        sa.Column("story_id", sa.String(40), index=True),
        sa.Column("briefed_at", TS),
    )
    op.create_table(
        "stories",
        sa.Column("id", sa.String(40), primary_key=True),
        sa.Column("headline", sa.Text, nullable=False),
        sa.Column("articles", sa.Integer, nullable=False),
        sa.Column("sources", sa.Integer, nullable=False),
        sa.Column("disputed", sa.Integer, nullable=False),
        sa.Column("outlets", sa.JSON, nullable=False),
        sa.Column("entities", sa.JSON, nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("created_at", TS, nullable=False),
        sa.Column("updated_at", TS, nullable=False, index=True),
        sa.Column("changed_at", TS, index=True),
        sa.Column("error", sa.Text),
    )
    op.create_table(
        "story_versions",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("story_id", sa.String(40), nullable=False, index=True),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("created_at", TS, nullable=False),
        sa.Column("articles", sa.Integer, nullable=False),
        sa.Column("briefing", sa.Text, nullable=False),
        sa.UniqueConstraint("story_id", "version"),
    )
    op.create_table(
        "grouper_state",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("seq", sa.BigInteger, nullable=False),
        sa.Column("state", sa.Text, nullable=False),
    )
    op.create_table(
        "tokens",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("digest", sa.String(64), nullable=False, unique=True),
        sa.Column("created_at", TS, nullable=False),
        sa.Column("revoked", sa.Boolean, nullable=False),
    )
    op.create_table(
        "watches",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("query", sa.Text),
        sa.Column("entity", sa.String(300)),
        sa.Column("outlet", sa.String(300)),
        sa.Column("min_sources", sa.Integer, nullable=False),
        sa.Column("on", sa.String(20), nullable=False),
        sa.Column("webhook", sa.String(2048)),
        sa.Column("created_at", TS, nullable=False),
        sa.Column("last_error", sa.Text),
    )
    # full-text search over articles: FTS5 on SQLite (filled with each article), tsvector on PostgreSQL
    if op.get_bind().dialect.name == "sqlite":
        op.execute("CREATE VIRTUAL TABLE articles_fts USING fts5(article_id UNINDEXED, title, text)")
    else:
        op.execute("CREATE INDEX articles_tsv ON articles USING gin "
                   "(to_tsvector('simple', coalesce(title, '') || ' ' || text))")


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TABLE articles_fts")
    for table in ("watches", "tokens", "grouper_state", "story_versions", "stories", "articles", "items", "sources"):
        op.drop_table(table)
