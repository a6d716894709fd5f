"""Corroboration as a reader of the example briefing sees it: every outlet stating a value is on its side of a
disagreement, facts both recall reports state are not called one outlet's, use-by dates are not events, and
claims are whole sentences unless a clause of one is what another outlet corroborates."""
from __future__ import annotations

import pytest

from newsfuse.corroborate import corroborate
from newsfuse.model import Article, Story

BRIDGE_FILES = {
    "cps": "cps-kestrel-bridge.txt",
    "gazette": "northbridge-gazette-kestrel.txt",
    "chronicle": "halden-chronicle-kestrel.html",
    "herald": "valley-herald-kestrel.txt",
    "herald2": "valley-herald-kestrel-updated.txt",
    "kvhn": "kvhn-kestrel-bridge.html",
    "ledger": "national-ledger-kestrel.txt",
    "now": "halden-now-kestrel.txt",
}
RECALL_FILES = {"examiner": "ashcombe-examiner-yogurt-recall.txt", "ledger": "manifest.jsonl#10"}


def _story(briefing, files: dict[str, str]) -> tuple[Story, dict[str, str]]:
    """The story holding files' first article, and short name -> article id."""
    for s in briefing.stories:
        ids = {k: a.id for a in s.articles for k, f in files.items() if a.input.replace("\\", "/").endswith(f)}
        if len(ids) == len(files):
            return s, ids
    raise AssertionError(f"no story holds all of {sorted(files.values())}")


# (side's value as shown, the other side's value, the reports that state the side's value: examples/README.md)
SIDES = [
    ("14", "twelve", {"cps", "gazette", "chronicle", "herald", "herald2", "kvhn", "ledger"}),  # Herald: "14 people were hurt"
    ("6 a.m.", "late Monday night", {"cps", "gazette", "chronicle", "herald", "herald2", "now", "kvhn"}),  # KVHN: "just after"
    ("$2.4 million", "$4.2 million", {"cps", "gazette", "chronicle"}),  # Chronicle: "$2.4 million resurfacing contract"
    ("2009", "more than two decades ago", {"cps", "gazette", "chronicle"}),  # Chronicle: "last major repair came in 2009"
]


@pytest.mark.parametrize("value, other, reports", SIDES, ids=[s[0] for s in SIDES])
def test_every_outlet_stating_a_value_is_on_its_side(examples_briefing, value, other, reports):
    story, ids = _story(examples_briefing, BRIDGE_FILES)
    found = [d for d in story.discrepancies
             if any(value in v.value for v in d.values) and any(other in v.value for v in d.values)]
    assert len(found) == 1, [d.summary for d in story.discrepancies]
    side = next(v for v in found[0].values if value in v.value)
    named = {k for k, a in ids.items() if a in side.articles}
    assert named == reports, f"{value}: listed {sorted(named)}, stated by {sorted(reports)}"
    outlets = {story.article(ids[k]).source_name() for k in reports}
    assert all(o in found[0].summary for o in outlets), found[0].summary


def _art(id_: str, outlet: str, text: str) -> Article:
    return Article(id=id_, input=f"{id_}.txt", outlet=outlet, published="2024-06-11", text=text)


def test_a_value_worded_with_another_noun_phrase_or_verb_joins_its_side():
    story = Story(id="s", articles=[
        _art("a1", "Wire", "Crews from Dunmore Civil Works had been resurfacing the deck since April under a "
                           "$2.4 million contract awarded by the city last year. Halden Fire and Rescue said 14 people "
                           "were injured when the bridge fell."),
        _art("a2", "Chronicle", "Dunmore Civil Works won the $2.4 million resurfacing contract last year and had "
                                "crews resurfacing the deck since April. Halden Fire and Rescue said 14 people were hurt "
                                "when the bridge fell."),
        _art("a3", "KVHN", "Dunmore Civil Works was hired under a $4.2 million contract awarded by the city last "
                           "year to resurface the deck. Halden Fire and Rescue said twelve people were injured when "
                           "the bridge fell."),
    ])
    corroborate(story)
    by_kind = {d.kind: d for d in story.discrepancies}
    assert set(by_kind) == {"money", "count"}, [d.summary for d in story.discrepancies]
    money = {v.value: set(v.articles) for v in by_kind["money"].values}
    assert money == {"$2.4 million": {"a1", "a2"}, "$4.2 million": {"a3"}}
    count = {v.value: set(v.articles) for v in by_kind["count"].values}
    assert count == {"14": {"a1", "a2"}, "twelve": {"a3"}}


def test_a_year_shaped_count_is_compared_as_a_count():
    # "1849 rounds" counts rounds of ammunition; it is not the year 1849
    said = "The navy has seized a total of 14 rifles, 31 magazines and {} rounds of ammunition in five operations, the officer said."
    story = Story(id="s", articles=[_art("a1", "Wire", said.format(923)), _art("a2", "Daily", said.format(1849))])
    corroborate(story)
    assert [(d.kind, sorted(v.value for v in d.values)) for d in story.discrepancies] == [("count", ["1849", "923"])]


def test_use_by_dates_are_not_timeline_events(examples_briefing):
    story, _ = _story(examples_briefing, RECALL_FILES)
    assert story.timeline, "the recall story has dated events (the recall on Monday)"
    for e in story.timeline:
        assert "use-by" not in e.text and e.when[:10] not in ("2024-06-14", "2024-06-21"), (e.when, e.text)
    assert any(e.when.startswith("2024-06-10") and "recalling" in e.text for e in story.timeline)


@pytest.mark.parametrize("phrase", ["use-by dates", "180,000 pots", "no illnesses have been reported"])
def test_facts_both_recall_reports_state_are_not_one_outlets(examples_briefing, phrase):
    story, ids = _story(examples_briefing, RECALL_FILES)
    claims = [c for c in story.claims if any(phrase in e.text for e in c.evidence)]
    assert claims, phrase
    for c in claims:
        assert c.support == 2 and {e.article for e in c.evidence} == set(ids.values()), (c.text, c.outlets)
        assert c.id not in {cid for ids_ in story.exclusives.values() for cid in ids_}


def test_a_clause_is_a_claim_only_when_another_report_states_it():
    story = Story(id="s", articles=[
        _art("a1", "Examiner", "The recall covers the strawberry pots. No other flavours are affected, the company "
                               "said, and no illnesses have been reported. Supermarkets began removing the pots on "
                               "Monday afternoon, and the company has set up a helpline for customers."),
        _art("a2", "Ledger", "The company asked shoppers to throw the pots away. It has not received any reports of "
                             "illness."),
    ])
    corroborate(story)
    illness = [c for c in story.claims if any("illness" in e.text for e in c.evidence)]
    assert len(illness) == 1 and illness[0].support == 2, [(c.text, c.support) for c in story.claims]
    assert illness[0].text[0].isupper()  # a whole sentence is the claim's wording when the group has one
    # the supermarket sentence has two full clauses no other report states: one claim, the sentence as written
    shelves = [c for c in story.claims if any("Supermarkets" in e.text or "helpline" in e.text for e in c.evidence)]
    assert [c.text for c in shelves] == ["Supermarkets began removing the pots on Monday afternoon, and the company "
                                         "has set up a helpline for customers."]
    for c in story.claims:
        for e in c.evidence:
            assert story.article(e.article).text[e.start:e.end] == e.text


def test_claims_no_other_report_states_are_whole_sentences(seeds_briefing, examples_briefing):
    # "the eleven agreements that were announced this Thursday were initially of little weight." was a claim
    # of its own, cut from "However, Vietnam managed the visit cautiously ..., and the eleven agreements ..."
    for story in seeds_briefing.stories + examples_briefing.stories:
        for c in story.claims:
            if c.support > 1:
                continue
            for e in c.evidence:
                assert not e.text[0].islower(), (c.id, e.text)
    eleven = [c for s in seeds_briefing.stories for c in s.claims if "eleven agreements that were announced" in c.text]
    assert len(eleven) == 1 and eleven[0].text.startswith("However, Vietnam managed the visit")


def _annotated(*reports: tuple[str, str]) -> Story:
    """A story of the reports (outlet, text), annotated (dates come from the analyze stage) and corroborated."""
    from newsfuse.analyze import annotate_all
    from newsfuse.config import AnalyzeSettings

    story = Story(id="s", articles=[_art(f"a{n}", outlet, text) for n, (outlet, text) in enumerate(reports, 1)])
    annotate_all([story], AnalyzeSettings(), progress=None)
    return corroborate(story)


@pytest.mark.parametrize("herald, courier", [
    # one full date is one value, not a day and a year
    ("Brookfield Dairies recalled its strawberry yogurt pots on June 14, 2024, after listeria was found in a "
     "routine test.",
     "Brookfield Dairies closed its yogurt plant in Leeds on June 14, 2024, blaming a fall in orders."),
    # one sum spent on two different things
    ("The city paid $2.4 million for the new ferry terminal.",
     "The city set aside $2.4 million to repair the bridge."),
], ids=["one-date", "one-sum"])
def test_one_shared_date_or_sum_does_not_make_two_reports_of_one_fact(herald, courier):
    story = _annotated(("Herald", herald), ("Courier", courier))
    assert [c.support for c in story.claims] == [1, 1], [(c.text, c.outlets) for c in story.claims]
    assert all(len(c.outlets) == 1 for c in story.claims)


@pytest.mark.parametrize("said", [
    "Exports from the port are still below {} levels, the ministry said on Monday.",
    "Ferry ticket sales this spring beat {} numbers, the operator said.",
    "Output rose 4 percent compared with {} figures, the agency said.",
], ids=["below-levels", "beat-numbers", "compared-with-figures"])
def test_a_year_a_figure_is_compared_with_is_a_year_not_a_count(said):
    # "below 2019 levels" counts no levels: the outlets disagree on the year, not on "how many levels"
    story = Story(id="s", articles=[_art("a1", "Wire", said.format(2019)), _art("a2", "Daily", said.format(2021))])
    corroborate(story)
    assert [(d.kind, sorted(v.value for v in d.values)) for d in story.discrepancies] == [("date", ["2019", "2021"])], \
        [d.summary for d in story.discrepancies]


def test_a_year_shaped_amount_after_a_comparison_word_is_still_a_count():
    # "over 2000 people" counts people (not the year 2000): it disagrees with 1200
    story = Story(id="s", articles=[
        _art("a1", "Wire", "Police said over 2000 people marched to the town hall on Saturday."),
        _art("a2", "Daily", "Police said 1200 people marched to the town hall on Saturday."),
    ])
    corroborate(story)
    assert [(d.kind, sorted(v.value for v in d.values)) for d in story.discrepancies] == [("count", ["1200", "over 2000"])], \
        [d.summary for d in story.discrepancies]


def test_use_by_in_an_ordinary_phrase_does_not_hide_an_event():
    from newsfuse.compose.timeline import build

    story = _annotated(
        ("Herald", "The new ferry terminal at Halden opened for use on June 30, 2024, the harbour board said. "
                   "Shoppers should check the sell-by date of June 18 on the packs."),
        ("Courier", "Harbour Homes began to sell on July 12, 2024, the last of the 40 flats beside the terminal. The "
                    "pots carry use by dates of June 20 to June 22. The board hopes to sell the rest by August 30, "
                    "2024."),
    )
    events = {e.when[:10]: e.text for e in build(story)}
    assert "opened for use on June 30" in events.get("2024-06-30", ""), events
    assert "began to sell on July 12" in events.get("2024-07-12", ""), events
    assert not {"2024-06-18", "2024-06-20", "2024-06-22"} & set(events), events  # labels, not events
    assert "2024-08-30" not in events, events  # "by August 30": a deadline, not the day anything happened
