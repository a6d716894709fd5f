"""Alignment that reads the analysis: two reports of one fact with another value in a shared slot disagree
(the other value is not support), and the same kind of event in another place or hour is another fact."""
from __future__ import annotations

from newsfuse.analyze import annotate_all
from newsfuse.corroborate import corroborate
from newsfuse.model import Article, Story


def _story(*texts: str) -> Story:
    arts = [Article(id=f"a{i}", input=f"a{i}.txt", outlet=f"Outlet {i}", published="2024-06-11", text=t)
            for i, t in enumerate(texts)]
    story = Story(id="s", articles=arts)
    annotate_all([story])
    return corroborate(story)


def _supporting(story: Story, article: str, words: str) -> list:
    return [c for c in story.claims if words in c.text and any(e.article == article for e in c.evidence)]


def test_a_count_of_the_same_noun_with_another_value_is_a_disagreement_not_support():
    story = _story("Three officers were injured when the crowd threw stones at the police station on Monday.",
                   "Four officers were injured when the crowd threw stones at the police station on Monday.")
    assert any({"a0", "a1"} <= {a for v in d.values for a in v.articles} for d in story.discrepancies), \
        [d.summary for d in story.discrepancies]
    assert not any({e.article for e in c.evidence} >= {"a0", "a1"} for c in story.claims)


def test_two_floors_of_a_death_toll_disagree():
    story = _story("A powerful earthquake hit southern Iran on Sunday, killing at least 10 people and damaging villages.",
                   "A powerful earthquake hit southern Iran on Sunday, killing at least three people and damaging villages.")
    assert [d for d in story.discrepancies if d.kind == "count"], [d.summary for d in story.discrepancies]


def test_a_measured_quantity_with_another_value_is_a_disagreement():
    story = _story("The 6.1-magnitude quake struck Qeshm island, home to 120,000 people, state media said.",
                   "The 5.9-magnitude quake struck Qeshm island, home to 120,000 people, state media said.")
    found = [d for d in story.discrepancies if d.kind == "quantity"]
    assert found and "magnitude" in found[0].summary, [d.summary for d in story.discrepancies]


def test_the_same_kind_of_event_in_another_town_is_another_fact():
    story = _story("Police are treating a fire which has destroyed a Waitrose supermarket in Banstead in Surrey as suspicious.",
                   "Police are continuing to investigate a fire at a Waitrose supermarket in Wellington.")
    assert not any({e.article for e in c.evidence} >= {"a0", "a1"} for c in story.claims)
    assert not story.discrepancies


def test_the_day_a_statement_was_made_is_not_the_day_of_the_event():
    story = _story("SpaceX will apply for an exemption from US sanctions against Iran, owner Elon Musk said on Monday.",
                   "SpaceX will apply for an exemption from US sanctions against Iran, owner Elon Musk said on Tuesday.")
    assert not story.discrepancies, [d.summary for d in story.discrepancies]
    assert any({e.article for e in c.evidence} >= {"a0", "a1"} for c in story.claims)
