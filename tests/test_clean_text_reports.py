"""What users reported of text cleaning: a short article's closing sentence dropped as page furniture, and a huge
one-line input taken for the article's title."""
from __future__ import annotations

import signal
from contextlib import contextmanager
from pathlib import Path

import pytest

from newsfuse.clean import clean_document
from newsfuse.model import RawDocument

HEADLINE = "Fire destroys warehouse in Dunmore"
LEAD = ("A fire destroyed a warehouse on the edge of Dunmore early on Monday, the county fire service said. "
        "No one was hurt.")
CLOSING = "Firefighters arrived within ten minutes, officials said."


def _article(text: str, kind: str = "text", **meta):
    return clean_document(RawDocument(input="report.txt", kind=kind, text=text, **meta))


def _dropped(article, line: str) -> str | None:
    return next((r.reason for r in article.removed if r.text == line), None)


@contextmanager
def _finishes(seconds: int = 120):
    """Turns a hang (a regex backtracking without end) into a failure; no measure of speed."""
    def stop(*_):
        raise AssertionError(f"cleaning did not finish in {seconds} s")

    old = signal.signal(signal.SIGALRM, stop)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)


def test_the_closing_sentence_of_a_short_article_is_kept():
    article = _article(f"{HEADLINE}\n\n{LEAD}\n\n{CLOSING}\n")
    assert article.title == HEADLINE
    assert article.paragraphs == [LEAD, CLOSING]
    assert _dropped(article, CLOSING) is None


def test_several_short_closing_sentences_are_kept_with_the_body():
    closing = ["No one was hurt, police said.", "“We will rebuild,” the owner said.", "The cause is not yet known."]
    article = _article("\n\n".join([HEADLINE, LEAD, *closing]))
    assert article.paragraphs == [LEAD, *closing]


def test_debris_under_a_short_article_is_still_dropped():
    debris = ["Read more", "Sign up for our newsletter.", "Copyright 2024 Dunmore Gazette. All rights reserved.",
              "Jane Roe contributed reporting.", "This website is using cookies.", "Video Player is loading.",
              "Thanks for reading!", "Like this article?", "More From Dunmore News", "Related Stories From Our Network."]
    for line in debris:
        article = _article("\n\n".join([HEADLINE, LEAD, CLOSING, line]))
        assert line not in article.paragraphs, line
        assert _dropped(article, line), line
        assert CLOSING in article.paragraphs


def test_a_run_of_short_lines_under_the_article_is_not_taken_for_its_end():
    # teaser blurbs or a comment thread of short sentences: more than an article's last lines
    comments = ["Feckless council. Always the same.", "Time to sack the mayor.", "The fire service did well.",
                "Nobody ever listens to us.", "Rebuild it somewhere else."]
    article = _article("\n\n".join([HEADLINE, LEAD, *comments]))
    assert article.paragraphs == [LEAD]


def _flattened_seed(seed_files: list[Path], size: int) -> str:
    """A seed report's lines run onto one line, repeated to `size` characters (a scraper that lost the newlines)."""
    text = " ".join(seed_files[2].read_text(encoding="utf-8").split())
    return (" ".join([text] * (size // len(text) + 1)))[:size]


@pytest.mark.parametrize("kind", ["flattened article", "word word"])
def test_a_huge_single_line_is_the_text_not_the_title(seed_files, kind):
    line = _flattened_seed(seed_files, 900_000) if kind == "flattened article" else " ".join(["word"] * 199_999)
    article = _article(line + "\n")
    assert article.title is None
    assert article.text == line
    # under a real headline, the headline is the title
    article = _article(f"{HEADLINE}\n\n{line}\n")
    assert article.title == HEADLINE


def test_a_page_heading_or_manifest_title_holding_the_whole_article_is_not_the_title(seed_files):
    line = _flattened_seed(seed_files, 200_000)
    page = f"<html><body><h1>{line}</h1><p>{LEAD}</p><p>{CLOSING}</p></body></html>"
    article = _article(page, kind="html")
    assert article.title != line and len(article.title or "") <= 250
    article = _article(f"{LEAD}\n\n{CLOSING}\n", title=line)
    assert article.title != line
    # a real title given by the manifest is kept
    assert _article(f"{LEAD}\n\n{CLOSING}\n", title=HEADLINE).title == HEADLINE


def test_a_flattened_article_quoting_a_config_snippet_is_cleaned(seed_files):
    # an unclosed "[name key=..." followed by many "key=value" made the shortcode pattern backtrack without end
    snippet = "[server " + " ".join(f"option{i}=value{i}" for i in range(40))
    shortcode = '[caption id="attachment_7" width="600"]The warehouse on Monday[/caption]'
    line = f"{_flattened_seed(seed_files, 20_000)} {shortcode} The settings were {snippet} and the site went down."
    with _finishes():
        article = _article(f"{HEADLINE}\n\n{line}\n")
    assert "option39=value39 and the site went down." in article.text
    assert "The warehouse on Monday" in article.text and "[caption" not in article.text  # the template's tags go
