"""store: persistence for `newsfuse serve` (SQLAlchemy 2 models, Alembic migrations, small query functions; no logic)."""
from .db import Store, StoreError, open_store

__all__ = ["Store", "StoreError", "open_store"]
