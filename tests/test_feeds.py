"""Feeds as users write them by hand: every item without text, and every date that cannot be read, is named;
the feed's other items are still read."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from newsfuse.ingest import collect

SCRIPT = Path(sys.executable).parent / "newsfuse"
BRIDGE = ("The Old Harbour Bridge was closed on Tuesday after engineers found cracks in two of its supports, "
          "the city council said. Repairs are expected to take three weeks.")
BUDGET = ("The city council voted on Wednesday to approve a budget of 40 million dollars for road repairs, "
          "the mayor said after the meeting ended late in the evening.")
MIXED = f"""<?xml version="1.0"?>
<rss version="2.0"><channel><title>Harbour Post</title>
<item><title>Bridge closes after cracks found</title><link>https://harbour.example/bridge</link>
<pubDate>Tue, 11 Jun 2024 08:00:00 GMT</pubDate><description>&lt;p&gt;{BRIDGE}&lt;/p&gt;</description></item>
<item><title>Ferry operator CEO resigns</title><link>https://harbour.example/ferry</link></item>
<item></item>
<item><title>Council votes on budget</title><link>https://harbour.example/budget</link>
<pubDate>sometime last week, maybe</pubDate><description><![CDATA[<p>{BUDGET}</p>]]></description></item>
</channel></rss>"""


@pytest.fixture
def mixed(tmp_path: Path) -> Path:
    path = tmp_path / "mixed.rss"
    path.write_text(MIXED, encoding="utf-8")
    return path


def test_items_without_text_and_unreadable_dates_are_named_and_the_other_items_read(mixed: Path):
    docs, errors = collect([mixed])
    assert [d.input for d in docs] == [f"{mixed}#1", f"{mixed}#4"]
    assert docs[0].published.startswith("2024-06-11") and docs[1].published is None
    by_input = {e.input: e.error for e in errors}
    assert by_input == {
        f'{mixed}#2 ("Ferry operator CEO resigns", https://harbour.example/ferry)':
            "the item has no text, only a title and link (links are not fetched: give the page's URL as an input to read it)",
        f"{mixed}#3": "the item is empty (no title, link or text)",
        f'{mixed}#4 ("Council votes on budget", https://harbour.example/budget)':
            "the item's date 'sometime last week, maybe' could not be read; the item is used without its own date (--published gives it one)",
    }


def test_a_feed_of_links_only_says_links_are_not_fetched(tmp_path: Path):
    path = tmp_path / "links.rss"
    path.write_text('<rss version="2.0"><channel><title>Links</title>'
                    '<item><title>A</title><link>https://e.example/a</link></item>'
                    '<item><title>B</title><link>https://e.example/b</link></item></channel></rss>', encoding="utf-8")
    docs, errors = collect([path])
    assert not docs and [e.input for e in errors] == [str(path)]
    assert "no feed item has any text" in errors[0].error and "links are not fetched" in errors[0].error


def test_atom_dates_written_out_and_plain_text_summaries_are_read(tmp_path: Path):
    path = tmp_path / "news.atom"
    path.write_text(f"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Atom Times</title>
<entry><title>Tolls</title><link href="https://atom.example/tolls"/><published>June 10, 2024</published>
<summary type="text">Tolls rise by &lt; 5% next year. {BUDGET}</summary></entry></feed>""", encoding="utf-8")
    docs, errors = collect([path])
    assert not errors and len(docs) == 1
    assert docs[0].published == "2024-06-10"  # feedparser does not read it; newsfuse's date reader does
    assert "by &lt; 5% next year" in docs[0].text  # plain text, escaped as HTML: the '<' is text, not a tag


@pytest.mark.skipif(not SCRIPT.exists(), reason="console script not installed")
def test_extract_uses_the_short_items_names_the_rest_and_exits_2(mixed: Path):
    done = subprocess.run([str(SCRIPT), "extract", str(mixed), "--format", "json"], capture_output=True, text=True,
                          timeout=300)
    assert done.returncode == 2, done.stderr
    out = json.loads(done.stdout)
    # a description of two sentences is an article: the extractor found "no article text" in a bare <p> before
    assert [(a["input"], a["title"]) for a in out["articles"]] == [
        (f"{mixed}#1", "Bridge closes after cracks found"), (f"{mixed}#4", "Council votes on budget")]
    assert out["articles"][0]["text"] == BRIDGE and out["articles"][1]["published"] is None
    assert len(out["errors"]) == 3
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 3 and all(line.startswith("newsfuse: ") for line in lines)
    assert "Ferry operator CEO resigns" in lines[0] and "links are not fetched" in lines[0]
    assert "#3" in lines[1] and "sometime last week, maybe" in lines[2]
