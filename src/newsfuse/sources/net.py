"""Fetching as a good citizen: SSRF guard, robots.txt, per-host concurrency and delay, conditional GET, caps.

`Fetcher.get(url, etag, last_modified)` never raises for a network or server problem: the `Fetched` it returns
says what happened (`status`, or `problem` with its `kind` and a plain `reason`).
"""
from __future__ import annotations

import ipaddress
import socket
import threading
import time
from dataclasses import dataclass, field
from typing import Optional
from urllib.parse import urljoin, urlsplit
from urllib.robotparser import RobotFileParser

import httpx

from .. import __version__
from ..config import ServeSettings

ROBOTS_TTL_S = 3600.0
ROBOTS_MAX_BYTES = 500_000
REDIRECTS = {301, 302, 303, 307, 308}


class Refused(ValueError):
    """A URL newsfuse will not fetch (not http(s), or a private address while those are not allowed)."""


def check_url(url: str, allow_private: bool, exempt: frozenset[str] = frozenset()) -> None:
    """Refused unless `url` is http(s) to a public address (any address when `allow_private`, or its host:port is exempt)."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise Refused(f"{url!r} is not an http(s) address")
    if allow_private or f"{parts.hostname}:{parts.port or (443 if parts.scheme == 'https' else 80)}" in exempt:
        return
    try:
        infos = socket.getaddrinfo(parts.hostname, parts.port or 80, proto=socket.IPPROTO_TCP)
    except socket.gaierror:  # no address: nothing to connect to either; the fetch itself says it failed
        return
    for info in infos:
        ip = ipaddress.ip_address(info[4][0].split("%", 1)[0])
        if ip.is_private or ip.is_loopback or ip.is_link_local or ip.is_reserved or ip.is_multicast or ip.is_unspecified:
            raise Refused(f"{url} points to a private, loopback or link-local address ({ip}); "
                          "set serve.allow_private_hosts to fetch such hosts")


@dataclass
class Fetched:
    """What one request came to: the final URL, status, headers that matter, body, or the problem."""

    url: str
    final_url: str
    status: Optional[int] = None
    body: bytes = b""
    content_type: str = ""
    etag: Optional[str] = None
    last_modified: Optional[str] = None
    kind: Optional[str] = None  # a problem: timeout | server | refused | gone | bad
    reason: Optional[str] = None
    redirects: list[str] = field(default_factory=list)
    fetched_at: float = 0.0
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return self.kind is None and self.status == 200

    def record(self) -> dict:
        """The fetch record kept with an article."""
        return {"url": self.url, "final_url": self.final_url, "status": self.status, "content_type": self.content_type,
                "bytes": len(self.body), "redirects": self.redirects, "etag": self.etag,
                "last_modified": self.last_modified, "fetched_at": self.fetched_at, "seconds": round(self.seconds, 3)}


class _Host:
    """One host's share: at most N requests at once, and a minimum gap between their starts."""

    def __init__(self, concurrency: int, delay: float):
        self.slots = threading.BoundedSemaphore(concurrency)
        self.delay = delay
        self.lock = threading.Lock()
        self.next_start = 0.0

    def wait_turn(self) -> None:
        with self.lock:
            now = time.monotonic()
            start = max(now, self.next_start)
            self.next_start = start + self.delay
        if start > now:
            time.sleep(start - now)


class Fetcher:
    """A polite HTTP client shared by every source and item of one server."""

    def __init__(self, settings: ServeSettings, exempt: frozenset[str] = frozenset()):
        self.s = settings
        self.exempt = exempt  # host:port pairs the SSRF guard lets through (the demo's own feed network)
        self.user_agent = f"newsfuse/{__version__} (+https://pypi.org/project/newsfuse; contact: {settings.contact})"
        self.client = httpx.Client(
            timeout=httpx.Timeout(settings.read_timeout, connect=settings.connect_timeout),
            follow_redirects=False, headers={"User-Agent": self.user_agent, "Accept-Encoding": "gzip, deflate, br"},
            limits=httpx.Limits(max_connections=settings.fetch_threads * 2, max_keepalive_connections=settings.fetch_threads),
        )
        self.hosts: dict[str, _Host] = {}
        self.robots: dict[str, tuple[float, Optional[RobotFileParser]]] = {}
        self.lock = threading.Lock()
        self.requests = 0

    def close(self) -> None:
        self.client.close()

    def _host(self, netloc: str) -> _Host:
        with self.lock:
            if netloc not in self.hosts:
                self.hosts[netloc] = _Host(self.s.host_concurrency, self.s.host_delay)
            return self.hosts[netloc]

    def allowed(self, url: str) -> bool:
        """True when the site's robots.txt lets newsfuse fetch `url` (cached an hour per site)."""
        p = urlsplit(url)
        origin = f"{p.scheme}://{p.netloc}"
        now = time.monotonic()
        with self.lock:
            cached = self.robots.get(origin)
        if cached is None or now - cached[0] > ROBOTS_TTL_S:
            got = self._request(origin + "/robots.txt", None, None, ROBOTS_MAX_BYTES)
            parser: Optional[RobotFileParser] = RobotFileParser()
            if got.status == 200:
                parser.parse(got.body.decode("utf-8", "replace").splitlines())
            elif got.status is not None and 400 <= got.status < 500:
                parser = None  # RFC 9309: no robots.txt (4xx) means no restriction
            else:
                parser.disallow_all = True  # unreachable or 5xx: assume nothing may be fetched, try again later
            cached = (now, parser)
            with self.lock:
                self.robots[origin] = cached
        parser = cached[1]
        return parser is None or parser.can_fetch(self.user_agent, url)

    def get(self, url: str, etag: Optional[str] = None, last_modified: Optional[str] = None) -> Fetched:
        """GET `url` politely: robots.txt, SSRF guard at every hop, bounded redirects, size cap; never raises."""
        hops: list[str] = []
        current = url
        for _ in range(self.s.max_redirects + 1):
            try:
                check_url(current, self.s.allow_private_hosts, self.exempt)
            except Refused as e:
                return Fetched(url, current, kind="bad", reason=str(e), redirects=hops)
            if not self.allowed(current):
                return Fetched(url, current, kind="refused", reason=f"robots.txt of {urlsplit(current).netloc} disallows {current}", redirects=hops)
            got = self._request(current, etag, last_modified, self.s.max_page_bytes)
            got.url, got.redirects = url, hops
            if got.status in REDIRECTS and got.reason:
                hops.append(current)
                current = urljoin(current, got.reason)
                if current in hops:
                    return Fetched(url, current, kind="bad", reason=f"redirect loop: {' -> '.join(hops + [current])}", redirects=hops)
                continue
            return got
        return Fetched(url, current, kind="bad", reason=f"more than {self.s.max_redirects} redirects (last: {current})", redirects=hops)

    def _request(self, url: str, etag: Optional[str], last_modified: Optional[str], cap: int) -> Fetched:
        """One request, no redirect followed (a redirect's Location is left in `reason`)."""
        p = urlsplit(url)
        host = self._host(p.netloc)
        headers = {"Accept": "application/rss+xml, application/atom+xml, application/xml, text/xml, text/html;q=0.9, */*;q=0.5"}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        out = Fetched(url, url, fetched_at=time.time())
        t0 = time.monotonic()
        deadline = t0 + self.s.connect_timeout + 3 * self.s.read_timeout  # a trickling host cannot hold a slot longer
        with host.slots:
            host.wait_turn()
            with self.lock:
                self.requests += 1
            try:
                with self.client.stream("GET", url, headers=headers) as r:
                    out.status = r.status_code
                    out.content_type = r.headers.get("content-type", "")
                    out.etag, out.last_modified = r.headers.get("etag"), r.headers.get("last-modified")
                    if r.status_code in REDIRECTS:
                        out.reason = r.headers.get("location")
                        return out
                    declared = int(r.headers.get("content-length") or 0)
                    if declared > cap:
                        return _problem(out, "bad", f"the response is {declared:,} bytes, more than the {cap:,} allowed")
                    chunks, size = [], 0
                    for chunk in r.iter_bytes():  # decoded (gzip, br): a compression bomb hits the cap too
                        size += len(chunk)
                        if size > cap:
                            return _problem(out, "bad", f"the response is larger than the {cap:,} bytes allowed")
                        if time.monotonic() > deadline:
                            return _problem(out, "timeout", "the response did not arrive in time (the host sends too slowly)")
                        chunks.append(chunk)
                    out.body = b"".join(chunks)
            except httpx.TimeoutException:
                return _problem(out, "timeout", f"no answer from {p.netloc} in time")
            except (httpx.HTTPError, OSError, ValueError) as e:  # refused connection, reset, bad encoding
                return _problem(out, "server", f"could not fetch from {p.netloc}: {type(e).__name__}: {e}")
            finally:
                out.seconds = time.monotonic() - t0
        return _classify(out)


def _problem(out: Fetched, kind: str, reason: str) -> Fetched:
    out.kind, out.reason, out.body = kind, reason, b""
    return out


def _classify(out: Fetched) -> Fetched:
    """A status that is no success becomes a problem of the kind that sets its backoff."""
    s = out.status or 0
    if s in (200, 304):
        return out
    if s in (401, 403, 451):
        return _problem(out, "refused", f"the server refused access ({s})")
    if s in (404, 410):
        return _problem(out, "gone", f"not found ({s})")
    if s == 429 or s >= 500:
        return _problem(out, "server", f"the server answered {s}")
    return _problem(out, "bad", f"unexpected answer {s}")
