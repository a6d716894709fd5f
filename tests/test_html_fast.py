"""The lexbor fast path (clean.html_extractor = "fast"): article, metadata, furniture gone, bad input handled."""
from __future__ import annotations

import pytest

from newsfuse.clean import clean_document
from newsfuse.clean.fasthtml import article_text, parse
from newsfuse.clean.html import extract_page
from newsfuse.clean.meta import json_ld, page_meta
from newsfuse.config import CleanSettings
from newsfuse.errors import InputProblem
from newsfuse.model import RawDocument

FAST = CleanSettings(html_extractor="fast")
PARAGRAPHS = [
    "The harbour bridge will close for six weeks from June while engineers replace corroded cables, the city council said on Thursday.",
    "Council officials said ferries would run every fifteen minutes during the closure and that cyclists could use a temporary pontoon.",
    "Shop owners on the north bank said they feared losing customers, and asked the council for a rates holiday while the work goes on.",
    "\"We have waited years for this repair, but the timing could hardly be worse,\" said one café owner, who has traded there since 1998.",
]
TEASERS = "".join(
    f'<div class="card"><h3><a href="/s{i}">Headline number {i} about something else entirely</a></h3>'
    f"<p>A blurb of another story, long enough to look like a paragraph of reporting, number {i}.</p></div>"
    for i in range(8)
)
PAGE = f"""<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>Harbour bridge to close for repairs | The Coastal Times</title>
<meta property="og:site_name" content="The Coastal Times">
<link rel="canonical" href="https://coastal.example/news/bridge-repairs">
<script type="application/ld+json">{{"@context": "https://schema.org", "@type": "NewsArticle",
 "headline": "Harbour bridge to close for repairs", "datePublished": "2024-05-02T09:30:00Z",
 "author": {{"@type": "Person", "name": "Jane Doe"}}}}</script>
</head><body>
<nav><a href="/">Home</a> <a href="/news">News</a> <a href="/sport">Sport</a></nav>
<main><article><h1>Harbour bridge to close for repairs</h1>
<div class="byline">By Jane Doe</div>
<div class="article-body">
<p>{PARAGRAPHS[0]}</p><p>{PARAGRAPHS[1]}</p>
<figure><img src="x.jpg"><figcaption>The bridge at dusk, seen from the ferry terminal on the north bank.</figcaption></figure>
<h2>Traders worried</h2>
<p>{PARAGRAPHS[2]}</p><p>Read more: <a href="/x">Council budget approved after a long night of debate</a></p><p>{PARAGRAPHS[3]}</p>
<div class="share-tools"><a href="/fb">Share on Facebook</a> <a href="/tw">Share on X</a></div>
</div></article>
<section class="more">{TEASERS}</section></main>
<aside class="sidebar"><h3>Most read</h3><p>A sidebar paragraph about a different story that should never be in the article text.</p></aside>
<footer>© 2024 The Coastal Times. All rights reserved.</footer>
</body></html>"""


def test_fast_path_keeps_the_article_and_drops_the_furniture():
    a = clean_document(RawDocument(input="bridge.html", kind="html", text=PAGE), FAST)
    assert a.paragraphs[:2] == PARAGRAPHS[:2]
    assert PARAGRAPHS[2] in a.paragraphs and PARAGRAPHS[3] in a.paragraphs
    assert "Traders worried" in a.paragraphs  # a subhead inside the article stays
    for debris in ("Share on Facebook", "Headline number", "blurb of another story", "sidebar paragraph", "All rights reserved",
                   "seen from the ferry terminal", "Council budget approved", "Sport"):
        assert debris not in a.text, debris


def test_fast_path_metadata():
    a = clean_document(RawDocument(input="bridge.html", kind="html", text=PAGE), FAST)
    assert a.title == "Harbour bridge to close for repairs"
    assert a.outlet == "The Coastal Times"
    assert a.author == "Jane Doe"
    assert a.published == "2024-05-02"
    assert a.url == "https://coastal.example/news/bridge-repairs"
    assert a.language == "en"


@pytest.mark.parametrize("head, expected", [
    ('<meta property="article:published_time" content="2023-11-19T23:10:00-05:00">', "2023-11-19"),
    ('<meta name="date" content="20231119">', "2023-11-19"),
    ("", "2023-11-19"),  # <time datetime> in the body
])
def test_stated_dates(head, expected):
    html = f"<html><head>{head}</head><body><time datetime='2023-11-19'>Nov 19</time><p>x</p></body></html>"
    tree = parse(html)
    assert page_meta(tree, json_ld(tree)).published == expected


def test_date_from_the_url_path_and_no_invented_date():
    tree = parse("<html><body><p>Nothing dated here.</p></body></html>")
    assert page_meta(tree, [], "https://x.example/2019/11/18/story/").published == "2019-11-18"
    assert page_meta(tree, [], "https://x.example/story-12345").published is None


def test_a_dated_address_names_the_local_day():
    tree = parse('<html><head><meta property="article:published_time" content="2019-11-19T03:10:00+00:00"></head></html>')
    assert page_meta(tree, [], "https://x.example/2019/11/18/story/").published == "2019-11-18"  # evening in the US
    assert page_meta(tree, [], "https://x.example/2019/11/10/story/").published == "2019-11-19"  # not the same day: stated wins


def test_title_without_site_name_and_author_without_by():
    tree = parse('<html><head><title>Storm hits coast - Daily Planet</title><meta property="og:site_name" content="Daily Planet">'
                 '</head><body><span class="byline">By Lois Lane Updated 5:30 PM</span></body></html>')
    meta = page_meta(tree, json_ld(tree))
    assert meta.title == "Storm hits coast"
    assert meta.author == "Lois Lane"


def test_paragraphs_in_a_comment_section_do_not_win():
    comment = "<li class='comment'><div class='comment-body'><p>" + "A reader's long comment on the story, at length. " * 6 + "</p></div></li>"
    html = (f"<html><body><div class='entry'><p>{PARAGRAPHS[0]}</p><p>{PARAGRAPHS[1]}</p><p>{PARAGRAPHS[2]}</p></div>"
            f"<ol class='comments'>{comment * 6}</ol></body></html>")
    text, found = article_text(parse(html))
    assert found and PARAGRAPHS[0] in text and "reader's long comment" not in text


def test_unsure_pages_go_to_trafilatura(monkeypatch):
    from newsfuse.clean import html as html_module

    calls = []
    real = html_module._trafilatura_page
    monkeypatch.setattr(html_module, "_trafilatura_page", lambda *a: calls.append(a[1]) or real(*a))
    extract_page(PAGE, "sure.html", extractor="fast")
    assert calls == []
    # every block of text is a link: no element holds paragraph text, so the fast path is unsure
    linked = "<html><body>" + "".join(f"<p><a href='/{i}'>{p}</a></p>" for i, p in enumerate(PARAGRAPHS)) + "</body></html>"
    page = extract_page(linked, "links.html", extractor="fast")
    assert calls == ["links.html"] and any("corroded cables" in p for p in page.paragraphs)


@pytest.mark.parametrize("html", [
    "<html><body><nav><a href='/'>Home</a></nav><footer>Contact</footer></body></html>",
    "<html><body><p>Hi</p></body></html>",
    "<<<>>><p <div =='' </html>",
])
def test_no_article_is_a_problem_not_a_crash(html):
    with pytest.raises(InputProblem):
        clean_document(RawDocument(input="empty.html", kind="html", text=html), FAST)


def test_malformed_binary_and_huge_pages():
    broken = "<html><body><div><p>" + "".join(p + "<p>" for p in PARAGRAPHS) + "<table><tr><td>"
    assert "corroded cables" in clean_document(RawDocument(input="broken.html", kind="html", text=broken), FAST).text
    with pytest.raises(InputProblem):
        clean_document(RawDocument(input="bytes.html", kind="html", content=b"\x00\x01\x02binary\x00<p>"), FAST)
    filler = "<div class='ad'><script>var x='" + "y" * 1000 + "';</script></div>\n"
    huge = PAGE.replace("<footer>", filler * 20_000 + "<footer>")
    assert len(huge) > 20_000_000
    assert "corroded cables" in clean_document(RawDocument(input="huge.html", kind="html", text=huge), FAST).text
    with pytest.raises(InputProblem) as e:
        clean_document(RawDocument(input="huge.html", kind="html", text=huge), CleanSettings(html_extractor="fast", max_html_bytes=5_000_000))
    assert "limit" in e.value.reason


def test_unknown_extractor_is_refused():
    with pytest.raises(ValueError):
        extract_page(PAGE, "bridge.html", extractor="magic")


def test_absurdly_deep_markup_is_handled_in_bounded_time():
    import time

    para = "<p>" + "A sentence of reporting that goes on for a while, " * 3 + "</p>"
    html = "<html><body>" + ("<div>" + para) * 5000 + "</div>" * 5000 + "</body></html>"
    t0 = time.perf_counter()
    page = extract_page(html, "deep.html")
    assert page.paragraphs and time.perf_counter() - t0 < 15  # quadratic work took minutes
