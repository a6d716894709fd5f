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


def _others_than_the_claims_side(story, claim) -> set[str]:
    """Outlets that give another value than the claim's own articles in a disagreement tied to the claim."""
    outlet = {a.id: a.source_name() for a in story.articles}
    own = {e.article for e in claim.evidence}
    out = set()
    for d in story.discrepancies:
        if d.claim == claim.id and any(own & set(v.articles) for v in d.values):
            out |= {outlet[a] for v in d.values if not own & set(v.articles) for a in v.articles}
    return out


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
            for (o, c), status in table.items():
                if c == claim.id and o != source:
                    want = "contradicted" if o in _others_than_the_claims_side(story, claim) else "not reported"
                    assert status == want, (o, c, claim.text)
        for (o, c), status in table.items():  # the chart shows the same cells as the table
            assert chart[(o, c)] == status
    assert single, "the corpus should have key facts of one source (c11, c12 of the seeds)"


def test_an_outlet_that_words_a_single_source_quote_otherwise_is_shown_contradicting_it(examples_briefing):
    """The example corpus' bridge story: the mayor's quote is one outlet's key fact and another outlet's
    wording of it is in the disagreements; the table must not say that outlet did not report it at all."""
    found = []
    for story, table in zip(examples_briefing.stories, _md_table(render(examples_briefing, "md"))):
        drawn = {c.claim for c in story.coverage}
        for claim in build(story).key_facts:
            if claim.id not in drawn:
                for o in _others_than_the_claims_side(story, claim):
                    found.append((o, claim.id))
                    assert table[(o, claim.id)] == "contradicted"
    assert found


def test_counts_agree_with_their_nouns(seeds_dir):
    from newsfuse.pipeline import brief

    one = brief([sorted(seeds_dir.glob("*.txt"))[2]], published="2024-06-20")
    md, html = render(one, "md"), render(one, "html")
    assert "*1 source, 1 independent" in md and "1 sources" not in md
    assert "1 source · 1 independent" in html and not re.search(r"\b1 (sources|claims|disagreements|stories)\b", html)
    check = _markdown([SupportResult(text="Putin arrived in Hanoi.", supported=True, evidence="Putin arrived in Hanoi.")])
    assert check.startswith("# Check: 1 of 1 sentence supported")
