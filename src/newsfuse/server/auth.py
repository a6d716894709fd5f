"""Write access: one bearer token (made at first start and stored hashed, or given as NEWSFUSE_TOKEN / serve.token),
compared in constant time, with a per-token rate limit on writes."""
from __future__ import annotations

import hmac
import os
import secrets
import threading
import time
from typing import Optional

from fastapi import HTTPException, Request

from ..config import ServeSettings
from ..store import Store
from ..store import queries as q

ENV = "NEWSFUSE_TOKEN"


def configured_token(settings: ServeSettings) -> Optional[str]:
    """The token the environment or the settings give (the environment wins), None when neither does."""
    return os.environ.get(ENV) or settings.token or None


def ensure_token(store: Store, settings: ServeSettings) -> Optional[str]:
    """A newly made token to print once, when none is configured or stored yet; None otherwise."""
    if configured_token(settings):
        return None
    with store.session() as s, s.begin():
        if q.has_token(s):
            return None
        token = secrets.token_urlsafe(32)
        q.new_token(s, token)
    return token


def rotate(store: Store) -> str:
    """Replace the stored token with a new one (the old one stops working at once); the new token."""
    token = secrets.token_urlsafe(32)
    with store.session() as s, s.begin():
        q.new_token(s, token)
    return token


class Guard:
    """Checks a write request's bearer token and its rate; raises 401 or 429 with the reason."""

    def __init__(self, store: Store, settings: ServeSettings):
        self.store, self.settings = store, settings
        self.lock = threading.Lock()
        self.windows: dict[str, list[float]] = {}

    def valid(self, token: str) -> bool:
        fixed = configured_token(self.settings)
        if fixed:
            return hmac.compare_digest(token.encode(), fixed.encode())
        with self.store.session() as s:
            return q.token_ok(s, token)

    def check(self, token: Optional[str]) -> None:
        if not token or not self.valid(token):
            raise HTTPException(401, detail="a valid bearer token is needed to change anything "
                                            "(Authorization: Bearer TOKEN; the token was printed at first start, "
                                            "`newsfuse token rotate` makes a new one)")
        key = q.digest_of(token)
        now = time.monotonic()
        with self.lock:
            recent = [t for t in self.windows.get(key, []) if now - t < 60.0]
            if len(recent) >= self.settings.rate_limit:
                raise HTTPException(429, detail=f"more than {self.settings.rate_limit} write requests in a minute with this token; wait a little")
            recent.append(now)
            self.windows[key] = recent

    def __call__(self, request: Request) -> None:
        header = request.headers.get("authorization", "")
        token = header[7:].strip() if header.lower().startswith("bearer ") else None
        self.check(token)
