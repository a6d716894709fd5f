"""A page's metadata from its parsed tree: title, author, publication date, site name, canonical URL.

What the page states in <meta> tags (Open Graph, article:, Dublin Core, parse.ly), JSON-LD, <time datetime>,
<link rel=canonical>; the URL's /yyyy/mm/dd/ path as the last resort for the date. No network, no guessing.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import date
from urllib.parse import urlparse

from selectolax.lexbor import LexborHTMLParser

# meta names/properties in the order they are trusted, lowercase
TITLE_META = ("og:title", "twitter:title", "sailthru.title", "dc.title")
AUTHOR_META = ("author", "article:author", "parsely-author", "sailthru.author", "dc.creator", "byl", "byline")
DATE_META = ("article:published_time", "og:published_time", "published_time", "datepublished", "date", "pubdate",
             "publishdate", "publish-date", "dc.date.issued", "dc.date", "sailthru.date", "parsely-pub-date",
             "article.published", "cxenseparse:recs:publishtime", "og:updated_time", "article:modified_time")
SITE_META = ("application-name", "publisher")  # after og:site_name and the JSON-LD publisher
AUTHOR_CSS = ('[itemprop="author"], a[rel="author"], [class*="byline" i], [class*="author-name" i], [class*="author__name" i], '
              '[class*="author_name" i]')
DATE_CSS = 'time[datetime], [itemprop="datePublished"], abbr.published[title]'
ARTICLE_TYPES = {"newsarticle", "article", "blogposting", "reportagenewsarticle", "analysisnewsarticle", "opinionnewsarticle",
                 "webpage", "techarticle", "scholarlyarticle", "socialmediaposting", "liveblogposting"}
ISO_DATE = re.compile(r"((?:19|20)\d\d)-([01]\d)-([0-3]\d)")
URL_DATE = re.compile(r"/((?:19|20)\d\d)/([01]?\d)/([0-3]?\d)(?:/|$)")
COMPACT_DATE = re.compile(r"^((?:19|20)\d\d)([01]\d)([0-3]\d)")
NON_LETTERS = re.compile(r"[\W\d_]+")
LETTER = re.compile(r"[^\W\d_]")
TITLE_SEPARATORS = re.compile(r"\s+[|–—•·:-]\s+|\s+\|\s*|\s*\|\s+")
BY = re.compile(r"^\s*(?:(?:written|posted|reported)\s+)?(?:by|par|von|por|di|door)(?:\s+|(?=(?-i:[A-Z])))", re.I)
# a byline element often runs on into the date: "Jeff Foust Monday, November 18, 2019"
AUTHOR_TAIL = re.compile(r"\s*(?:[|,]\s*)?(?:\b(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*day\b|\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)"
                         r"[a-z]*\.?\s+\d|\d{1,4}[:/.-]\d|\bupdated\b|\bpublished\b).*$", re.I)
LD_DATE = re.compile(r'"datePublished"\s*:\s*"([^"]{6,40})"')
DATE_NAME = re.compile(r"date|publish", re.I)
NOT_PUBLISHED = re.compile(r"modif|updat|expir|revis|valid|birth|event|start|end", re.I)
MAX_JSON_LD = 200_000  # characters of JSON-LD read per page


@dataclass
class Meta:
    """What a page states about itself; None where it states nothing usable."""

    title: str | None = None
    author: str | None = None
    published: str | None = None  # YYYY-MM-DD
    sitename: str | None = None
    url: str | None = None
    language: str | None = None


def json_ld(tree: LexborHTMLParser, html: str | None = None) -> list[dict]:
    """The page's JSON-LD objects (graphs flattened); read before scripts are stripped. With the page's `html`,
    a page without any skips the search of its tree."""
    out: list[dict] = []
    if html is not None and "ld+json" not in html:
        return out
    for node in tree.css('script[type="application/ld+json"]'):
        text = (node.text(deep=True) or "")[:MAX_JSON_LD]
        try:
            data = json.loads(text)
        except ValueError:  # hand-written JSON-LD often is not JSON (trailing commas): keep its stated date at least
            found = LD_DATE.search(text)
            if found:
                out.append({"datePublished": found.group(1)})
            continue
        stack = data if isinstance(data, list) else [data]
        while stack:
            item = stack.pop(0)
            if isinstance(item, dict):
                out.append(item)
                graph = item.get("@graph")
                if isinstance(graph, list):
                    stack.extend(graph)
            elif isinstance(item, list):
                stack.extend(item)
    return out


def _meta_tags(tree: LexborHTMLParser) -> dict[str, str]:
    """First content of every <meta name|property|itemprop>, keys lowercase (a broken head moves them to the body)."""
    out: dict[str, str] = {}
    for node in tree.css("meta[content]"):
        attrs = node.attributes
        content = (attrs.get("content") or "").strip()
        if not content:
            continue
        for key in ("property", "name", "itemprop"):
            name = attrs.get(key)
            if name:
                out.setdefault(name.strip().lower(), content)
    return out


def _iso_day(value: str | None) -> str | None:
    """YYYY-MM-DD of a stated date (ISO, compact or within a URL), None when it names no valid day."""
    if not value:
        return None
    m = ISO_DATE.search(value) or URL_DATE.search(value) or COMPACT_DATE.search(value.strip())
    if not m:
        return None
    try:
        day = date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        return None
    return day.isoformat() if 1990 <= day.year <= date.today().year + 1 else None


def _names(value) -> str | None:
    """A person or organisation name from a JSON-LD value (string, object or list of them)."""
    if isinstance(value, str):
        return value.strip() or None
    if isinstance(value, dict):
        return _names(value.get("name"))
    if isinstance(value, list):
        names = [n for n in (_names(v) for v in value) if n]
        return "; ".join(dict.fromkeys(names)) or None
    return None


def _is_person(value) -> bool:
    """True when a JSON-LD author value (object or list of them) is typed Person."""
    items = value if isinstance(value, list) else [value]
    return any(isinstance(v, dict) and v.get("@type") == "Person" for v in items)


def _article_ld(objects: list[dict]) -> dict:
    """The JSON-LD object describing the article (the first of an article type), else {}."""
    for obj in objects:
        kind = obj.get("@type")
        kinds = kind if isinstance(kind, list) else [kind]
        if any(isinstance(k, str) and k.lower() in ARTICLE_TYPES for k in kinds) and (obj.get("headline") or obj.get("datePublished")):
            return obj
    return {}


def _squeezed(name: str) -> str:
    """A name's letters only, lowercase, without a leading 'the': 'The Detroit News' -> 'detroitnews'."""
    letters = NON_LETTERS.sub("", name.casefold())
    return letters[3:] if letters.startswith("the") and len(letters) > 5 else letters


def outlet_from_url(url: str | None) -> str | None:
    """The site's host name without 'www.' (e.g. 'apnews.com'), None for no URL."""
    if not url:
        return None
    host = urlparse(url).hostname or ""
    return host[4:] if host.startswith("www.") else (host or None)


def outlet_host(url: str | None) -> str | None:
    """The main label of a URL's host ('cbsnews' for https://www.cbsnews.com/...), None without a URL."""
    return (outlet_from_url(url) or "").split(".")[0] or None


def _site_name(candidates: list[str | None], title: str, url: str | None) -> str | None:
    """The site's name: the first stated one, spelled out when another source spells it ('detroitnews' -> 'The Detroit
    News'); else the end of the <title> that spells the host's name ('... - CBS News' on cbsnews.com)."""
    names = [n.strip() for n in candidates if n and n.strip() and not n.strip().startswith(("@", "http"))]
    seps = list(TITLE_SEPARATORS.finditer(title))
    ends = [title[seps[-1].end():].strip(), title[: seps[0].start()].strip()] if seps else []
    if names:
        if " " not in names[0]:
            spelled = [n for n in names[1:] + ends if " " in n and _squeezed(n) == _squeezed(names[0])]
            return spelled[0] if spelled else names[0]
        return names[0]
    label = _squeezed(outlet_host(url) or "")
    return next((e for e in ends if label and _squeezed(e) == label), None)


def _clean_title(title: str, sitename: str | None) -> str:
    """A title without the site's name appended or prepended ('Story | Site'); unchanged when neither end is the site."""
    title = title.strip()
    seps = list(TITLE_SEPARATORS.finditer(title))
    if not seps or not sitename:
        return title
    site = sitename.casefold()

    def is_site(part: str) -> bool:
        return site in part.casefold() and len(part.strip()) <= len(site) + 4

    if is_site(title[seps[-1].end():]) and seps[-1].start() > 0:
        return title[: seps[-1].start()].strip()
    if is_site(title[: seps[0].start()]) and seps[0].end() < len(title):
        return title[seps[0].end():].strip()
    return title


def _byline(tree: LexborHTMLParser) -> str | None:
    """The author an element marked as such in the page names (itemprop=author, rel=author, a byline class)."""
    for node in tree.css(AUTHOR_CSS):
        name = node.css_first('[itemprop="name"]')
        value = (name.attributes.get("content") or name.text(strip=True)) if name is not None else node.text(separator=" ", strip=True)
        found = _author(value)
        if found and len(found.split()) <= 8:
            return found
    return None


def _author(value: str | None) -> str | None:
    if not value or value.startswith(("http://", "https://", "@")):
        return None
    value = AUTHOR_TAIL.sub("", BY.sub("", " ".join(value.split()))).strip(" ,|-")
    return value if 2 <= len(value) <= 120 and LETTER.search(value) else None


def page_meta(tree: LexborHTMLParser, objects: list[dict], url_hint: str | None = None) -> Meta:
    """The metadata the page states; `objects` from json_ld(), `url_hint` the address the page was fetched from."""
    head = tree.head
    tags = _meta_tags(tree)
    ld = _article_ld(objects)
    meta = Meta()
    publisher = _names(ld.get("publisher") or next((o["publisher"] for o in objects if o.get("publisher")), None))
    canonical = tree.css_first('link[rel="canonical"]')
    href = canonical.attributes.get("href") if canonical is not None else None
    meta.url = next((u for u in (href, tags.get("og:url")) if u and u.startswith(("http://", "https://"))), None)
    head_title = head.css_first("title") if head is not None else None
    raw_title = " ".join(head_title.text().split()) if head_title is not None else ""
    # og:site_name names the site a wire story appears on; JSON-LD's publisher is sometimes the wire or the platform
    meta.sitename = _site_name([tags.get("og:site_name"), publisher] + [tags.get(k) for k in SITE_META], raw_title, url_hint or meta.url)
    h1 = tree.css_first("h1")
    h1_text = " ".join(h1.text(strip=False).split()) if h1 is not None else ""
    stated = next((tags[k] for k in TITLE_META if tags.get(k)), None) or (ld.get("headline") if isinstance(ld.get("headline"), str) else None)
    if stated:
        meta.title = _clean_title(" ".join(stated.split()), meta.sitename)
    elif h1_text and (not raw_title or h1_text.casefold() in raw_title.casefold()):
        meta.title = h1_text
    elif raw_title:
        meta.title = _clean_title(raw_title, meta.sitename)
    ld_author = ld.get("author") or next((o["author"] for o in objects if o.get("author")), None)
    authors = [_author(tags.get(k)) for k in AUTHOR_META] + [_author(_names(ld_author))]
    if _is_person(ld_author):  # JSON-LD that types its author a Person beats a meta tag naming the company
        authors.insert(0, authors.pop())
    # an author that is the site or its publisher ("Snopes") stands for a person a byline may name
    orgs = {_squeezed(n) for n in (meta.sitename, publisher, outlet_host(meta.url or url_hint)) if n}
    people = [a for a in authors if a and not any(_squeezed(a) and _squeezed(a) in org for org in orgs)]
    meta.author = people[0] if people else (_byline(tree) or next((a for a in authors if a), None))
    stated_dates = [o.get("datePublished") for o in ([ld] if ld else []) + objects if isinstance(o.get("datePublished"), str)]
    named_dates = [v for k, v in tags.items() if DATE_NAME.search(k) and not NOT_PUBLISHED.search(k)]  # "sn-post-date"
    meta.published = next((d for d in map(_iso_day, stated_dates + [tags.get(k) for k in DATE_META] + named_dates) if d), None)
    if meta.published is None:
        for node in tree.css(DATE_CSS):
            attrs = node.attributes
            meta.published = _iso_day(attrs.get("datetime") or attrs.get("content") or attrs.get("title"))
            if meta.published:
                break
    # a dated address (/2019/11/18/) names the local day; a stated UTC timestamp may already be the next one
    url_day = _iso_day(url_hint or meta.url)
    if meta.published is None or (url_day and abs((date.fromisoformat(url_day) - date.fromisoformat(meta.published)).days) == 1):
        meta.published = url_day or meta.published
    root = tree.root
    lang = root.attributes.get("lang") if root is not None and root.tag == "html" else None
    meta.language = lang.split("-")[0].lower() if lang else None
    return meta
