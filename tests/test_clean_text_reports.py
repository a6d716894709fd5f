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


# a local paper's page as a scraper dumps it: menu, headline, byline, the report, then what sits under it
PAGE_TOP = ["Home", "News", "Sport", "What's On", "Subscribe", HEADLINE, "By Jane Roe", "Monday 4 March 2024, 09:12"]
REPORT = [
    "A fire destroyed a warehouse on the edge of Dunmore early on Monday, the county fire service said. The blaze started "
    "shortly after 3am in the storage unit of Hale Logistics on Mill Road and spread to the main building within the hour.",
    "Six crews from Dunmore and Ashby fought the fire until mid-morning. Residents of nearby streets were told to keep their "
    "windows closed because of the smoke, and Mill Road stayed shut to traffic until the afternoon.",
]
PAGE_BOTTOM = ["Share this article", "Copyright 2024 Dunmore Gazette. All rights reserved."]
READER_COMMENTS = ["Such a sad day for our town.", "The council should resign now."]


def _page(*under: str):
    return _article("\n".join([*PAGE_TOP, *REPORT, *under, *PAGE_BOTTOM]) + "\n")


def test_reader_comments_right_under_a_report_are_not_its_closing_lines():
    # no "Comments" header above them: short sentences in sentence case, like an article's last lines
    article = _page(*READER_COMMENTS)
    assert article.title == HEADLINE
    assert article.paragraphs == REPORT
    for line in READER_COMMENTS:
        assert _dropped(article, line) == "reader comment (under the article)", line


def test_the_report_s_own_closing_lines_stay_above_reader_comments():
    closing = ["Firefighters arrived within ten minutes, officials said.", "No one was hurt."]
    article = _page(*closing, *READER_COMMENTS[:1])
    assert article.paragraphs == [*REPORT, *closing]
    assert _dropped(article, READER_COMMENTS[0]) == "reader comment (under the article)"
    # a line under a reader's comment belongs to the thread, however neutral it reads
    article = _page(READER_COMMENTS[0], "The fire service did well.")
    assert article.paragraphs == REPORT
    assert _dropped(article, "The fire service did well.")


@pytest.mark.parametrize("closing", [
    "No one was hurt.",
    "The cause is not yet known.",
    "Firefighters arrived within ten minutes, officials said.",
    "“We will rebuild,” the owner said.",  # first person inside a quotation is reported speech
    "Crews should finish clearing the site by Friday.",  # what ought to happen, with a name: reporting
    "The road must stay closed for two more days, police said.",
    "We will publish updates as the investigation continues, Hale Logistics said.",
])
def test_closing_lines_that_state_facts_or_nothing_personal_are_kept(closing):
    article = _page(closing)
    assert article.paragraphs == [*REPORT, closing]


def test_reader_comments_under_a_comments_header_are_dropped_with_the_thread():
    thread = ["2 thoughts on “Fire destroys warehouse in Dunmore”", "jdoe says:", READER_COMMENTS[0],
              "Mary Ellis says:", READER_COMMENTS[1], "Leave a Reply"]
    article = _page("No one was hurt.", *thread)
    assert article.paragraphs == [*REPORT, "No one was hurt."]
    assert not any(line in article.paragraphs for line in thread)


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
