"""What the reports say about real briefings is true: every coverage cell, every count's noun.

Run on the seeds and the example corpus (briefed once per session by conftest), not on a hand-built story:
the single-source key facts and the disagreements tied to them come from the real pipeline.
"""
from __future__ import annotations

import re

import pytest

from newsfuse.commands.check import _markdown
from newsfuse.corroborate.check import SupportResult
from newsfuse.model import Briefing
from newsfuse.render import render
from newsfuse.render.view import build

MARK = {"✔": "reported", "·": "not reported", "✘": "contradicted"}


def _md_table(md: str) -> list[dict[tuple[str, str], str]]:
    """Each story's Markdown coverage table as (outlet, claim id) -> status."""
    tables = []
    for block in md.split("## Coverage")[1:]:
        rows = [line for line in block.split("\n\n", 3)[2].splitlines() if line.startswith("|")]
        head = [x.strip() for x in rows[0].strip("|").split("|")][1:]
        cells = {}
        for row in rows[2:]:
            outlet, *marks = [x.strip() for x in row.strip("|").split("|")]
            cells.update({(outlet, claim): MARK[m] for claim, m in zip(head, marks)})
        tables.append(cells)
    return tables


def _charts(html: str) -> list[dict[tuple[str, str], str]]:
    """Each story's HTML coverage chart as (outlet, claim id) -> status, from the cells' tooltips."""
    return [{(o, c): s for o, c, s in re.findall(r"<title>([^<]+?) · (c\d+): ([a-z ]+)</title>", part)}
            for part in html.split('<article class="story"')[1:]]


@pytest.fixture(scope="module", params=["seeds", "examples"])
def briefing(request) -> Briefing:
    return request.getfixturevalue(f"{request.param}_briefing")


def test_single_source_key_facts_are_marked_for_the_outlet_that_states_them(briefing):
    tables, charts = _md_table(render(briefing, "md")), _charts(render(briefing, "html"))
    single = 0
    assert len(tables) == len(charts) == len(briefing.stories)
    for story, table, chart in zip(briefing.stories, tables, charts):
        drawn = {c.claim for c in story.coverage}
        for claim in build(story).key_facts:
            if claim.id in drawn:
                continue  # corroborate's own cells, shown as drawn
            single += 1
            (source,) = claim.outlets  # only main claims (support >= 2) get coverage rows from corroborate
            assert table[(source, claim.id)] == "reported", (story.headline, claim.id, claim.text)
            assert story.exclusives[source].count(claim.id) == 1  # the same outlet the 'Only ...' line names
        for (o, c), status in table.items():  # the chart shows the same cells as the table
            assert chart[(o, c)] == status
    assert single, "the corpus should have key facts of one source (c11, c12 of the seeds)"


def test_contradiction_reads_the_same_in_the_json_the_key_facts_and_the_table(briefing):
    """An outlet is marked contradicting a key fact in the table exactly when the key fact's 'contradicted by'
    cites it, and that list is the claim's `contradicting` in the JSON, each with a sentence of its own."""
    md = render(briefing, "md")
    for story, table in zip(briefing.stories, _md_table(md)):
        outlet = {a.id: a.source_name() for a in story.articles}
        number = {a.id: i for i, a in enumerate(story.articles, 1)}
        for claim in build(story).key_facts:
            against = {outlet[e.article] for e in claim.contradicting}
            marked = {o for (o, c), status in table.items() if c == claim.id and status == "contradicted"}
            assert marked == against, (claim.id, claim.text, marked, against)
            line = next(x for x in md.splitlines() if x.startswith(f"- {claim.text[:40]}"))
            cited = "".join(f"[{number[e.article]}]" for e in sorted(claim.contradicting, key=lambda e: number[e.article]))
            assert (" · contradicted by " + cited in line) if claim.contradicting else "contradicted by" not in line
            for e in claim.contradicting:
                assert e.text in story.article(e.article).text


def test_a_quote_told_in_other_words_is_not_a_contradiction(examples_briefing):
    """The mayor's quote: one outlet's key fact, another outlet's wording of it is a variant in the
    disagreements, not a source contradicting what she said."""
    story = examples_briefing.stories[0]
    quote = next(c for c in build(story).key_facts if c.text.startswith('"We are going to find out'))
    assert any(d.kind == "quote" and d.claim == quote.id for d in story.discrepancies)
    assert not quote.contradicting


def test_counts_agree_with_their_nouns(seeds_dir):
    from newsfuse.pipeline import brief

    one = brief([sorted(seeds_dir.glob("*.txt"))[2]], published="2024-06-20")
    md, html = render(one, "md"), render(one, "html")
    assert "*1 source, 1 independent" in md and "1 sources" not in md
    assert "1 source · 1 independent" in html and not re.search(r"\b1 (sources|claims|disagreements|stories)\b", html)
    check = _markdown([SupportResult(text="Putin arrived in Hanoi.", supported=True, evidence="Putin arrived in Hanoi.")])
    assert check.startswith("# Check: 1 of 1 sentence supported")
