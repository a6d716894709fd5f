"""Corroboration: independent support, claims as written, coverage, and a ledger with no false alarms."""
from __future__ import annotations

import re

import pytest

from newsfuse.config import CorroborateSettings
from newsfuse.corroborate import corroborate
from newsfuse.model import Article, Story

SEEDS_PUBLISHED = "2024-06-20"


def art(id_: str, outlet: str, text: str, origin: str | None = None, copy_of: str | None = None) -> Article:
    return Article(id=id_, input=f"{id_}.txt", outlet=outlet, published="2024-06-11", text=text,
                   origin=origin, copy_of=copy_of)


BRIDGE = ("The Kestrel Bridge collapsed into the Marrow River early on Tuesday, officials said. "
          "Rescue crews pulled four people from the water before noon.")


def test_a_copy_counts_once_toward_support():
    story = Story(id="s", articles=[
        art("a1", "Wire", BRIDGE, origin="a1"),
        art("a2", "Gazette", BRIDGE, origin="a1", copy_of="a1"),
        art("a3", "Herald", "Early on Tuesday the Kestrel Bridge collapsed into the Marrow River, according to officials. "
                            "The mayor called for an inquiry into the contractor."),
    ])
    corroborate(story, CorroborateSettings())
    collapse = [c for c in story.claims if "collapsed" in c.text]
    assert collapse
    best = max(collapse, key=lambda c: c.support)
    assert best.support == 2  # wire + herald; the gazette copy adds an outlet, not a source
    assert set(best.outlets) == {"Wire", "Gazette", "Herald"}
    assert [c.support for c in story.claims] == sorted((c.support for c in story.claims), reverse=True)
    assert [c.id for c in story.claims] == [f"c{i}" for i in range(1, len(story.claims) + 1)]
    for c in story.claims:  # evidence is the source text as written, at its offsets
        for e in c.evidence:
            assert story.article(e.article).text[e.start:e.end] == e.text


def _story(*texts: str) -> Story:
    return Story(id="s", articles=[art(f"a{i}", f"Outlet {chr(65 + i)}", t) for i, t in enumerate(texts)])


def _three_wordings_and_odd_one() -> list[str]:
    """Three outlets' own words for one count (one sentence copied by all would be one origin), a fourth's other count."""
    return ["Fire officials said 14 people were injured when the bridge collapsed on Tuesday morning.",
            "When the bridge came down on Tuesday morning, 14 people were injured, fire officials said.",
            "Fire officials said on Tuesday that 14 people were injured after the bridge collapsed in the morning.",
            "Fire officials said twelve people were injured when the bridge collapsed on Tuesday morning."]


def test_a_sentence_every_outlet_copies_is_one_origin_and_a_wire_reedition_never_raises_support():
    wire = ["Fire officials said 14 people were injured when the bridge collapsed on Tuesday morning.",
            "The steel truss bridge, which opened in 1971, carries four lanes of traffic across the river.",
            "Crews had been resurfacing the deck since April under a contract awarded by the city last year."]
    own = "When the bridge came down on Tuesday morning, 14 people were injured, fire officials said."
    story = _story(" ".join(wire), " ".join(wire[1:] + [wire[0]]), own)
    corroborate(story)
    claim = next(c for c in story.claims if "14" in c.text)
    assert len(claim.outlets) == 3 and claim.support == 2
    assert sorted(len(o.articles) for o in claim.origins) == [1, 2]


def test_a_sentence_attributed_to_an_outlet_has_that_outlet_as_its_origin():
    story = _story("According to Reuters, 14 people were injured when the bridge collapsed on Tuesday morning.",
                   "Reuters reported that 14 people were injured when the bridge collapsed on Tuesday morning.")
    corroborate(story)
    claim = next(c for c in story.claims if len(c.outlets) == 2)
    assert claim.support == 1 and claim.origins[0].id == "x-reuters" and claim.origins[0].credited == ["Reuters"]


def test_planted_count_is_found_and_coverage_marks_the_odd_one_out():
    story = _story(*_three_wordings_and_odd_one())
    corroborate(story)
    counts = [d for d in story.discrepancies if d.kind == "count"]
    assert len(counts) == 1, [d.summary for d in story.discrepancies]
    d = counts[0]
    assert {v.value for v in d.values} == {"14", "twelve"}
    assert "Outlet D" in d.summary and "injured" in d.summary
    cells = {(c.outlet, c.claim): c.status for c in story.coverage}
    assert cells[("Outlet D", d.claim)] == "contradicted"
    assert cells[("Outlet A", d.claim)] == "reported"


def test_rounding_compatible_places_and_different_counts_are_not_disagreements():
    story = _story(
        "About 60 percent of the port's freight crosses the bridge, the city said on Monday.",
        "60 percent of the port's freight crosses the bridge, the city said on Monday.",
        "Putin arrived in Hanoi early on Thursday for talks with Vietnam's leaders.",
        "Putin arrived in Vietnam early on Thursday for talks with the country's leaders.",
        "The storm killed 3 people and injured 40 people across the region, officials said.",
        "Officials said the storm injured 40 people and killed 3 people across the region.",
        "Trade between the countries reached $3.5bn last year, officials said on Friday.",
        "Trade between the countries reached $3.47 billion last year, officials said on Friday.",
    )
    corroborate(story)
    assert story.discrepancies == [], [d.summary for d in story.discrepancies]


def test_money_date_name_and_quote_changes_are_found():
    story = _story(
        'The city awarded Dunmore Civil Works a $2.4 million contract in 2021 to resurface the deck. '
        'Mayor Helena Vargas said: "We will find out exactly what went wrong on that bridge."',
        'The city awarded Dunmore Civil Works a $4.2 million contract in 2019 to resurface the deck. '
        'Mayor Helena Vargas said: "We will find out precisely who went wrong on that bridge."',
    )
    corroborate(story)
    kinds = sorted(d.kind for d in story.discrepancies)
    assert kinds == ["date", "money", "quote"], [d.summary for d in story.discrepancies]


def test_inconsistency_inside_one_article():
    story = _story("Officials said the two sides signed a dozen agreements during the visit on Thursday. "
                   "Analysts said the eleven agreements were of little weight.",
                   "Putin met the country's leaders on Thursday.")
    corroborate(story)
    assert len(story.discrepancies) == 1
    d = story.discrepancies[0]
    assert d.kind == "count" and "inconsistent" in d.summary and d.values[0].articles == d.values[1].articles


@pytest.fixture(scope="module")
def seed_story(seed_files) -> Story:
    """The five seeds as one story, cleaned and (when the analyze stage is there) annotated."""
    from newsfuse.pipeline import load_articles

    articles, _ = load_articles(seed_files, published=SEEDS_PUBLISHED)
    story = Story(id="s-seeds", articles=articles)
    try:
        from newsfuse.analyze import annotate_all
    except ImportError:
        annotate_all = None
    if annotate_all is not None:
        from newsfuse.config import AnalyzeSettings

        annotate_all([story], AnalyzeSettings(), progress=None)
    return corroborate(story)


def _values_text(d) -> str:
    return " | ".join(v.value + " :: " + v.text for v in d.values)


def test_seeds_real_disagreements_are_found(seed_story):
    ds = seed_story.discrepancies
    agreements = [d for d in ds if d.kind == "count" and re.search(r"dozen", _values_text(d)) and re.search(r"eleven", _values_text(d))]
    assert agreements, [d.summary for d in ds]
    assert len(agreements[0].values[0].articles) == 1  # one report holds both numbers
    since = [d for d in ds if d.kind == "duration" and "2017" in _values_text(d) and "decade" in _values_text(d)]
    assert since, [d.summary for d in ds]
    assert len({a for v in since[0].values for a in v.articles}) >= 3


def test_seeds_have_no_false_disagreements(seed_story):
    allowed = ("agreements", "2017", "pragmatic way")  # the count, the last visit, a quote worded two ways
    for d in seed_story.discrepancies:
        assert any(k in _values_text(d) for k in allowed), d.summary
        for v in d.values:  # the source sentence as written, from the first article listed
            assert v.text in seed_story.article(v.articles[0]).text


def test_seeds_arrival_is_corroborated_and_coverage_is_complete(seed_story):
    arrival = [c for c in seed_story.claims if re.search(r"arriv|landed", c.text) and c.support >= 3]
    assert arrival
    for c in seed_story.claims:  # evidence cites the article text exactly, whoever split the sentences
        for e in c.evidence:
            assert seed_story.article(e.article).text[e.start:e.end] == e.text
    outlets = {a.outlet or a.id for a in seed_story.articles}
    main = [c for c in seed_story.claims if c.support >= 2]
    assert len(seed_story.coverage) == len(main) * len(outlets)
    for outlet, ids in seed_story.exclusives.items():
        for cid in ids:
            claim = next(c for c in seed_story.claims if c.id == cid)
            assert claim.outlets == [outlet]


def test_a_quote_is_never_cut_into_claim_units():
    quote = '"We are cooperating fully with investigators; we will share every record we hold," the chief executive said.'
    story = _story(quote, "The chief executive said the firm would share its records with investigators.")
    corroborate(story)
    units = [e.text for c in story.claims for e in c.evidence]
    assert all(u.count('"') % 2 == 0 for u in units), units


def test_an_outlet_giving_another_value_contradicts_the_claim_instead_of_supporting_it():
    story = _story(*_three_wordings_and_odd_one())
    corroborate(story)
    d = next(d for d in story.discrepancies if d.kind == "count")
    claim = next(c for c in story.claims if c.id == d.claim)
    assert "14" in claim.text
    assert claim.support == 3 and "Outlet D" not in claim.outlets
    assert [e.article for e in claim.contradicting] == ["a3"]
    assert [c.support for c in story.claims] == sorted((c.support for c in story.claims), reverse=True)
