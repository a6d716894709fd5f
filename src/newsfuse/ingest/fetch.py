"""http(s) URLs: fetched once with a timeout and a size cap; any failure names the URL and why."""
from __future__ import annotations

import http.client
import socket
import time
import urllib.error
import urllib.request

from ..errors import InputProblem
from ..model import RawDocument
from .decode import NotText, decode_bytes

TIMEOUT_S = 10.0  # to connect, and for each read: a server that accepts and then says nothing fails in this time
TOTAL_S = 30.0  # for the whole page: a server that trickles bytes cannot hold the run longer than this
CHUNK = 65536
MAX_BYTES = 20_000_000
USER_AGENT = "newsfuse/0.1 (+https://pypi.org/project/newsfuse)"


def is_url(value: str) -> bool:
    """True for http:// and https:// addresses."""
    return value.lower().startswith(("http://", "https://"))


def fetch(url: str, name: str | None = None, timeout: float = TIMEOUT_S, **meta) -> RawDocument:
    """The page at `url` decoded into a RawDocument; InputProblem when it cannot be fetched or read."""
    name = name or url
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT, "Accept": "text/html,text/plain;q=0.9,*/*;q=0.5"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310 (http(s) only, checked by is_url)
            data = _read_all(response, url, name, time.monotonic() + TOTAL_S)
            ctype = response.headers.get("Content-Type", "") or ""
            charset = response.headers.get_content_charset()
            final_url = response.geturl() or url
    except urllib.error.HTTPError as e:
        raise InputProblem(name, f"could not fetch {url}: the server answered {e.code} {e.reason}") from None
    except urllib.error.URLError as e:
        raise InputProblem(name, f"could not fetch {url}: {e.reason} (is the network reachable?)") from None
    except (socket.timeout, TimeoutError):
        raise InputProblem(name, f"could not fetch {url}: no answer within {timeout:g} seconds") from None
    except (OSError, ValueError, http.client.HTTPException) as e:  # reset, bad status line, cut-off body
        raise InputProblem(name, f"could not fetch {url}: {e or type(e).__name__}") from None
    if len(data) > MAX_BYTES:
        raise InputProblem(name, f"the page at {url} is larger than {MAX_BYTES // 1_000_000} MB")
    if not data.strip():
        raise InputProblem(name, f"the page at {url} is empty")
    kind = "text" if ctype.lower().startswith("text/plain") else "html"
    try:
        text = decode_bytes(data, declared=charset, html=(kind == "html"))
    except NotText as e:
        raise InputProblem(name, f"the page at {url} is not readable text: {e}") from None
    meta.setdefault("url", final_url)
    return RawDocument(input=name, kind=kind, text=text, encoding=charset, **meta)


def _read_all(response, url: str, name: str, deadline: float) -> bytes:
    """The body, at most MAX_BYTES + 1 bytes; InputProblem when it is not all there by `deadline`."""
    chunks: list[bytes] = []
    size = 0
    while size <= MAX_BYTES:
        if time.monotonic() > deadline:
            raise InputProblem(name, f"could not fetch {url}: the page did not arrive within {TOTAL_S:g} seconds")
        chunk = response.read1(min(CHUNK, MAX_BYTES + 1 - size))  # read1: what has arrived, never waits to fill
        if not chunk:
            break
        chunks.append(chunk)
        size += len(chunk)
    return b"".join(chunks)
