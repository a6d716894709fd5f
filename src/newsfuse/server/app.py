"""The FastAPI application of `newsfuse serve`: JSON API (OpenAPI at /docs), web UI, security headers."""
from __future__ import annotations

import base64
import hashlib

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from .. import __version__
from ..config import Settings
from ..render.html import TEMPLATES
from ..store import Store
from . import api, manage, ui
from .auth import Guard

UI_CSP = ("default-src 'none'; style-src 'self'; img-src 'self' data:; script-src 'self'; connect-src 'self'; "
          "frame-src 'self'; form-action 'self'; frame-ancestors 'self'; base-uri 'none'")


def report_csp() -> str:
    """The header policy for the HTML report: the same as the report's own meta policy (its one script, by hash)."""
    js = (TEMPLATES / "report.js").read_text(encoding="utf-8")
    digest = base64.b64encode(hashlib.sha256(js.encode("utf-8")).digest()).decode("ascii")
    return (f"default-src 'none'; style-src 'unsafe-inline'; img-src data:; script-src 'sha256-{digest}'; "
            "frame-ancestors 'self'; base-uri 'none'; form-action 'none'")


def create_app(store: Store, settings: Settings, exempt: frozenset[str] = frozenset()) -> FastAPI:
    """The app over one store; `exempt` host:port pairs pass the SSRF guard (the demo network)."""
    app = FastAPI(title="newsfuse", version=__version__,
                  description="Stories built live from followed outlets: sourced briefings, versions, changes, search.")
    app.state.store, app.state.settings, app.state.exempt = store, settings, exempt
    app.state.guard = Guard(store, settings.serve)
    app.state.report_csp = report_csp()
    app.include_router(api.router)
    app.include_router(manage.router)
    app.include_router(ui.router)

    @app.middleware("http")
    async def headers(request: Request, call_next):
        response = await call_next(request)
        path = request.url.path
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "no-referrer")
        if not path.startswith(("/docs", "/redoc")):  # Swagger UI's own page loads its assets from a CDN
            response.headers.setdefault("Content-Security-Policy", UI_CSP)
        return response

    @app.exception_handler(StarletteHTTPException)
    async def plain_error(request: Request, exc: StarletteHTTPException):
        detail = exc.detail
        body = {"error": detail} if isinstance(detail, str) else {"error": detail.get("reason", "error"), **detail} \
            if isinstance(detail, dict) else {"error": str(detail)}
        return JSONResponse(body, status_code=exc.status_code, headers=getattr(exc, "headers", None))

    return app
