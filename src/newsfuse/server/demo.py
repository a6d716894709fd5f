"""A feed network on loopback built from a manifest (the bundled examples for `serve --demo`; tests and benches
build their own): one RSS feed of teasers per outlet, each linking to the article page, items appearing over time."""
from __future__ import annotations

import hashlib
import html
import json
import re
import threading
import time
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Callable, Optional

SLUG = re.compile(r"[^a-z0-9]+")
Route = Callable[[dict], tuple[int, dict, bytes]]  # request headers -> (status, headers, body)


def slug(value: str) -> str:
    return SLUG.sub("-", value.lower()).strip("-") or "x"


class FeedNetwork:
    """A threaded HTTP server on 127.0.0.1 answering from a table of routes; `close()` stops it."""

    def __init__(self):
        self.routes: dict[str, Route] = {}
        self.hits: dict[str, int] = {}
        self.user_agents: set[str] = set()
        network = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802 (http.server's naming)
                path = self.path.split("?", 1)[0]
                network.hits[path] = network.hits.get(path, 0) + 1
                network.user_agents.add(self.headers.get("User-Agent", ""))
                route = network.routes.get(path)
                status, headers, body = route(dict(self.headers)) if route else (404, {"Content-Type": "text/plain"}, b"not found")
                try:
                    self.send_response(status)
                    for k, v in headers.items():
                        self.send_header(k, v)
                    if "Content-Length" not in headers:
                        self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body)
                except (BrokenPipeError, ConnectionResetError):  # the client gave up (size cap, timeout): fine
                    pass

            def log_message(self, *args):  # quiet: the tests and the demo print what matters
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.port = self.server.server_address[1]
        self.base = f"http://127.0.0.1:{self.port}"
        self.thread = threading.Thread(target=self.server.serve_forever, name="feed-network", daemon=True)
        self.thread.start()

    def add(self, path: str, route: Route) -> str:
        self.routes[path] = route
        return self.base + path

    def static(self, path: str, body: bytes, content_type: str = "text/html; charset=utf-8", status: int = 200) -> str:
        return self.add(path, lambda _h: (status, {"Content-Type": content_type}, body))

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def rss(title: str, items: list[dict]) -> bytes:
    """An RSS 2.0 feed of teasers: title, link, date and a one-line description per item."""
    parts = [f"<?xml version='1.0' encoding='utf-8'?>\n<rss version='2.0'><channel><title>{html.escape(title)}</title>"]
    for it in items:
        date = f"<pubDate>{formatdate(it['time'], usegmt=True)}</pubDate>" if it.get("time") else ""
        parts.append(f"<item><title>{html.escape(it['title'])}</title><link>{html.escape(it['link'])}</link>{date}"
                     f"<description>{html.escape(it.get('teaser', ''))}</description><guid>{html.escape(it['link'])}</guid></item>")
    parts.append("</channel></rss>")
    return "".join(parts).encode("utf-8")


def feed_route(title: str, items: list[dict]) -> Route:
    """A feed whose items appear at their `at` (monotonic) time; ETag/If-None-Match answered with 304."""

    def route(headers: dict) -> tuple[int, dict, bytes]:
        now = time.monotonic()
        body = rss(title, [it for it in items if it.get("at", 0) <= now])
        tag = '"' + hashlib.sha1(body).hexdigest()[:16] + '"'
        if headers.get("If-None-Match") == tag:
            return 304, {"ETag": tag}, b""
        return 200, {"Content-Type": "application/rss+xml; charset=utf-8", "ETag": tag}, body

    return route


def _stamp(published: Optional[str]) -> Optional[float]:
    if not published:
        return None
    from datetime import datetime, timezone

    d = datetime.fromisoformat(published if "T" in published else published + "T12:00:00")
    return (d if d.tzinfo else d.replace(tzinfo=timezone.utc)).timestamp()


def manifest_network(manifest: Path, spread_s: float = 90.0, network: Optional[FeedNetwork] = None) -> tuple[FeedNetwork, list[tuple[str, str]]]:
    """The manifest's articles as outlets' feeds on a loopback network, appearing over `spread_s` seconds;
    (the network, [(feed url, outlet)])."""
    net = network or FeedNetwork()
    rows = [json.loads(line) for line in manifest.read_text(encoding="utf-8").splitlines() if line.strip()]
    feeds: dict[str, list[dict]] = {}
    names: dict[str, str] = {}
    start = time.monotonic()
    for i, row in enumerate(rows):
        name = row.get("outlet") or Path(row.get("path", f"row{i}")).stem.split("-kestrel")[0].replace("-", " ").title()
        key = slug(name)
        names[key] = name
        if "path" in row:
            path = manifest.parent / row["path"]
            body = path.read_bytes()
            ctype = "text/html; charset=utf-8" if path.suffix in (".html", ".htm") else "text/plain; charset=utf-8"
            page = f"/{key}/{slug(path.stem)}{'.html' if ctype.startswith('text/html') else '.txt'}"
        else:
            body, ctype, page = row["text"].encode("utf-8"), "text/plain; charset=utf-8", f"/{key}/article-{i}.txt"
        link = net.static(page, body, ctype)
        text = body.decode("utf-8", "replace")
        title = row.get("title") or next((ln.strip() for ln in text.splitlines() if ln.strip() and "{{" not in ln), page)
        title = re.sub(r"<[^>]+>", "", title)[:200]
        feeds.setdefault(key, []).append({"title": title, "link": link, "time": _stamp(row.get("published")),
                                          "teaser": "", "at": start + spread_s * i / max(len(rows) - 1, 1)})
    out = []
    for key, items in feeds.items():
        out.append((net.add(f"/{key}/feed.xml", feed_route(names[key], items)), names[key]))
    net.static("/robots.txt", b"User-agent: *\nAllow: /\n", "text/plain")
    return net, out
