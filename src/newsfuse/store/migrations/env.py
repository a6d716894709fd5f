"""Alembic environment: migrations run on the connection newsfuse.store.db hands over (never from a config file)."""
from alembic import context

from newsfuse.store.models import Base

connection = context.config.attributes["connection"]
context.configure(connection=connection, target_metadata=Base.metadata, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
