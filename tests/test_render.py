"""render: contract JSON, Markdown and a self-contained, escaped HTML report of a hand-built story."""
from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from briefing_examples import HOSTILE, hand_story

from newsfuse.compose import compose, diff
from newsfuse.config import BriefSettings
from newsfuse.model import Briefing, InputError
from newsfuse.render import render


@pytest.fixture(scope="module")
def briefing() -> Briefing:
    b = Briefing(stories=[compose(hand_story(), BriefSettings(embeddings=False))],
                 errors=[InputError(input="bad.bin", error="binary file <b>")])
    return diff(Briefing(stories=[compose(hand_story(), BriefSettings(embeddings=False))]), b)


class Elements(HTMLParser):
    """Every start tag with its attributes, and the text inside <script> elements."""

    def __init__(self):
        super().__init__()
        self.tags: list[tuple[str, dict]] = []
        self.scripts: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        self._in_script = tag == "script"

    def handle_endtag(self, tag):
        self._in_script = False

    def handle_data(self, data):
        if self._in_script:
            self.scripts.append(data)


def _elements(html: str) -> Elements:
    p = Elements()
    p.feed(html)
    return p


def test_json_is_the_contract_and_round_trips(briefing):
    text = render(briefing, "json")
    assert text.lstrip().startswith("{") and '"schema": "newsfuse/briefing-1"' in text
    again = Briefing.model_validate_json(text)
    assert again.to_json() == text
    assert again.stories[0].summary[0].articles


def test_unknown_format_is_named():
    with pytest.raises(ValueError, match="pdf"):
        render(Briefing(), "pdf")


def test_markdown_has_every_section_with_citations(briefing):
    md = render(briefing, "md")
    for heading in ("## Summary", "## Key facts", "## Where sources disagree", "## Quotes", "## Timeline",
                    "## Coverage", "## Sources", "## Skipped inputs"):
        assert heading in md
    story = briefing.stories[0]
    assert md.startswith("# ") and story.headline in md
    first = story.summary[0]
    assert first.text in md and "[1]" in md
    assert "**3 sources**" in md  # key facts carry their independent support
    assert "variant: “All passengers are accounted for”" in md
    assert "1 debris line removed" in md


def test_markdown_makes_article_markup_inert(briefing):
    md = render(briefing, "md")
    assert not re.search(r"(?<!\\)<", md), "a raw < in Markdown could open an HTML tag"
    assert r"\<script\>" in md


def test_html_is_self_contained(briefing):
    html = render(briefing, "html")
    p = _elements(html)
    tags = {t for t, _ in p.tags}
    assert "link" not in tags and "iframe" not in tags and "img" not in tags
    for tag, attrs in p.tags:
        assert "src" not in attrs, tag  # nothing loaded: no src anywhere, inline script only
        if tag == "a":
            href = attrs.get("href", "")
            assert href.startswith(("#", "https://example.org/")), href
    assert "@import" not in html and "url(" not in html and "@font-face" not in html


def test_html_escapes_hostile_article_content(briefing):
    html = render(briefing, "html")
    p = _elements(html)
    assert len(p.scripts) == 1 and "__pwned" not in p.scripts[0]
    for tag, attrs in p.tags:
        assert not any(name.startswith("on") for name in attrs), (tag, attrs)
        assert "javascript:" not in attrs.get("href", "")
    assert "&lt;script&gt;window.__pwned = 1&lt;/script&gt;" in html
    assert HOSTILE not in html
    # The Content-Security-Policy allows only the report's own script (by hash).
    assert "script-src 'sha256-" in html and "script-src 'unsafe-inline'" not in html


def test_html_has_sections_citations_chart_and_collapsed_debris(briefing):
    html = render(briefing, "html")
    story = briefing.stories[0]
    for section in ("summary", "facts", "disagree", "quotes", "timeline", "coverage", "sources", "changes"):
        assert f'id="s1-{section}"' in html
    assert html.count('class="cite-btn"') >= sum(len(s.articles) for s in story.summary)
    # Each citation carries the cited article's own sentence for the hover/click popup.
    ev = story.summary[0].evidence[0]
    assert f'<span class="pop-text">{ev.text.replace(chr(39), "&#39;").replace(chr(34), "&#34;")}</span>' in html
    assert "<svg" in html and html.count('class="st-contradicted"') == 1
    assert "Removed debris (1)" in html and "<details>" in html
    assert '<meta name="viewport"' in html and "@media print" in html and "@media (max-width" in html


def test_renders_are_deterministic(briefing):
    for fmt in ("json", "md", "html"):
        assert render(briefing, fmt) == render(briefing.model_copy(deep=True), fmt)


def test_empty_briefing_renders_in_every_format():
    for fmt in ("json", "md", "html"):
        assert render(Briefing(), fmt)
