"""WARC files in the CC-NEWS record layout, written from real articles of ../shared/data (tests and benches).

CC-NEWS files start with a warcinfo record, then one gzip member per record: a `request`-less stream of
`response` records (WARC-Target-URI, WARC-Date, application/http; msgtype=response) holding the HTTP headers
and the page. Pages are built here from each article's title and paragraphs, with its date in the page's meta.
"""
from __future__ import annotations

import hashlib
import io
import json
from html import escape
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

SHARED = Path(__file__).resolve().parents[1] / ".." / "shared"
CLUSTERING = SHARED / "data" / "clustering"


def page(title: str | None, paragraphs: list[str], published: str | None, outlet: str | None) -> bytes:
    """An HTML news page: title, date and site name in its head, the paragraphs in an <article>."""
    head = [f"<title>{escape(title or '')}</title>", '<meta charset="utf-8">']
    if published:
        head.append(f'<meta property="article:published_time" content="{published}">')
    if outlet:
        head.append(f'<meta property="og:site_name" content="{escape(outlet)}">')
    body = "".join(f"<p>{escape(p)}</p>" for p in paragraphs)
    h1 = f"<h1>{escape(title)}</h1>" if title else ""
    return (f"<!doctype html><html><head>{''.join(head)}</head><body><nav><a href='/'>Home</a></nav>"
            f"<article>{h1}{body}</article><footer>Copyright</footer></body></html>").encode("utf-8")


def write_warc(path: Path, docs: list[dict], gzip: bool = True) -> None:
    """One WARC file of `docs` (each: url, title, paragraphs, published, outlet; `ctype` to change the type)."""
    with open(path, "wb") as f:
        w = WARCWriter(f, gzip=gzip)
        info = w.create_warcinfo_record(path.name, {"software": "newsfuse tests", "format": "WARC File Format 1.0"})
        w.write_record(info)
        for d in docs:
            body = d.get("body") or page(d.get("title"), d["paragraphs"], d.get("published"), d.get("outlet"))
            ctype = d.get("ctype", "text/html; charset=UTF-8")
            http = StatusAndHeaders("200 OK", [("Content-Type", ctype), ("Content-Length", str(len(body)))],
                                    protocol="HTTP/1.1")
            rec = w.create_warc_record(d["url"], "response", payload=io.BytesIO(body), http_headers=http,
                                       warc_headers_dict={"WARC-Date": (d.get("published") or "2024-01-01T00:00:00Z")})
            w.write_record(rec)


def split_warcs(folder: Path, docs: list[dict], n_files: int, prefix: str = "CC-NEWS") -> list[Path]:
    """`docs` dealt round-robin into `n_files` WARC.gz files named as CC-NEWS names them; the paths in order."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for k in range(n_files):
        p = folder / f"{prefix}-20240601000000-{k:05d}.warc.gz"
        write_warc(p, docs[k::n_files])
        paths.append(p)
    return paths


def ecb_docs(limit: int | None = None, dated: bool = True) -> tuple[list[dict], dict[str, str]]:
    """ECB+ documents as pages (url, title = first sentence, paragraphs) and their gold story by url.

    `dated`: each gets a publication time from its gold topic and position (ECB+ has none), so a run spans days.
    """
    docs, gold = [], {}
    with open(CLUSTERING / "ecbplus.jsonl", encoding="utf-8") as f:
        for i, line in enumerate(f):
            if limit is not None and i >= limit:
                break
            row = json.loads(line)
            sents = [s for s in row["sentences"] if s.strip()]
            if len(sents) < 2:
                continue
            url = f"https://news{int(hashlib.sha1(row['id'].encode()).hexdigest(), 16) % 7}.example.com/{row['id']}"
            published = None
            if dated:
                topic = int(hashlib.sha1(str(row["story"]).encode()).hexdigest(), 16) % 20
                published = f"2024-06-{1 + topic:02d}T{(i * 7) % 24:02d}:{(i * 13) % 60:02d}:00Z"
            docs.append({"url": url, "title": sents[0][:150], "paragraphs": sents[1:], "published": published})
            gold[url] = str(row["story"])
    return docs, gold


def mmds_docs() -> tuple[list[dict], dict[str, str]]:
    """MMDS-dev articles as pages (their own titles and dates) and their gold story by url (166: each its own)."""
    data = json.loads((CLUSTERING / "mmds-dev.json").read_text(encoding="utf-8"))
    docs, gold = [], {}
    for i, (a, label) in enumerate(zip(data["articles"], data["clusters"])):
        paras = [s["content"] for s in a["sentences"] if s["content"].strip()]
        if not paras:
            continue
        url = f"https://mmds.example.org/{a['ID']}/{i}"
        published = a.get("date") or a.get("published")
        docs.append({"url": url, "title": a.get("title"), "paragraphs": paras, "published": published})
        gold[url] = f"other-{i}" if int(label) == 166 else str(label)
    return docs, gold
