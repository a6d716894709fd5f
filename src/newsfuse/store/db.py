"""Opening the store: SQLite (WAL) in the data folder by default, PostgreSQL by URL; migrations applied at open."""
from __future__ import annotations

from pathlib import Path
from typing import Optional

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker

MIGRATIONS = Path(__file__).parent / "migrations"
SQLITE_FILE = "newsfuse.db"


class StoreError(RuntimeError):
    """The database cannot be used: unreachable, or written by a newer newsfuse."""


def database_url(db: Optional[str], data_dir: str | Path) -> str:
    """The SQLAlchemy URL for `--db` (postgresql:// goes through psycopg 3), else SQLite in `data_dir`."""
    if not db:
        folder = Path(data_dir)
        folder.mkdir(parents=True, exist_ok=True)
        return f"sqlite:///{(folder / SQLITE_FILE).resolve()}"
    if db.startswith(("postgresql://", "postgres://")):
        return "postgresql+psycopg://" + db.split("://", 1)[1]
    if db.startswith(("sqlite:", "postgresql+psycopg:")):
        return db
    raise StoreError(f"--db {db!r}: give a postgresql://... or sqlite:///... URL (or none for SQLite in the data folder)")


def _sqlite_pragmas(dbapi_conn, _record) -> None:
    # WAL: readers never wait for the writer; busy_timeout: a second writer (API and worker) waits instead of failing
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.execute("PRAGMA busy_timeout=30000")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.close()


class Store:
    """An engine and a session factory on a migrated database."""

    def __init__(self, url: str):
        self.url = url
        kwargs = {"connect_args": {"check_same_thread": False, "timeout": 30}} if url.startswith("sqlite") else \
            {"pool_size": 10, "max_overflow": 20, "pool_pre_ping": True}
        self.engine: Engine = create_engine(url, **kwargs)
        if url.startswith("sqlite"):
            event.listen(self.engine, "connect", _sqlite_pragmas)
        self.sessions = sessionmaker(self.engine, expire_on_commit=False)

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    def session(self) -> Session:
        return self.sessions()

    def close(self) -> None:
        self.engine.dispose()


def _config() -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    return cfg


def open_store(db: Optional[str] = None, data_dir: str | Path = "newsfuse-data") -> Store:
    """The store at `db` (or SQLite in `data_dir`), migrated to this newsfuse's schema; StoreError when it is
    unreachable or of a newer schema than this newsfuse knows."""
    url = database_url(db, data_dir)
    store = Store(url)
    cfg = _config()
    script = ScriptDirectory.from_config(cfg)
    head = script.get_current_head()
    shown = store.engine.url.render_as_string(hide_password=True)
    try:
        with store.engine.begin() as conn:
            current = MigrationContext.configure(conn).get_current_revision()
            known = {rev.revision for rev in script.walk_revisions()}
            if current is not None and current not in known:
                raise StoreError(f"the database {shown} has schema revision {current!r}, newer than this newsfuse "
                                 f"knows (up to {head!r}): upgrade newsfuse, or point --db/--data elsewhere")
            if current != head:
                cfg.attributes["connection"] = conn
                command.upgrade(cfg, "head")
    except StoreError:
        store.close()
        raise
    except Exception as e:  # unreachable server, wrong password, unwritable folder: one plain line
        store.close()
        raise StoreError(f"the database {shown} could not be opened: {type(e).__name__}: {str(e).splitlines()[0] if str(e) else ''}") from None
    return store
