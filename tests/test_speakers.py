"""Organisation and spokesperson speakers, and the entity merges they rely on, on public MMDS/ECB+ news."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from newsfuse.analyze import annotate_all
from newsfuse.model import Article, Story

DATA = Path(__file__).resolve().parents[1] / ".." / "shared" / "data" / "clustering"


def _mmds(ids: list[int]) -> dict[int, Story]:
    """One single-article story per MMDS dev article id, sentences one a line, analysed."""
    path = DATA / "mmds-dev.json"
    if not path.exists():
        pytest.skip("../shared/data not present")
    arts = {a["ID"]: a for a in json.loads(path.read_text(encoding="utf-8"))["articles"]}
    stories = {i: Story(id=f"mmds-{i}", articles=[Article(id=f"mmds-{i}", input=f"mmds-{i}",
                                                          text="\n".join(s["content"] for s in arts[i]["sentences"]))])
               for i in ids}
    annotate_all(list(stories.values()))
    return stories


@pytest.fixture(scope="module")
def stories():
    return _mmds([129, 180, 614, 641])


def _speaker(story: Story, words: str):
    return next(q for q in story.quotes if q.text.startswith(words))


def test_police_statement_is_the_police_speaking(stories):
    q = _speaker(stories[180], "During the engagement")
    assert q.speaker is not None and "police" in q.speaker.lower()
    # a nameless organisation is a speaker by its words; the contract keeps speaker_id for entities only
    assert q.speaker_id is None or any(e.id == q.speaker_id for e in stories[180].entities)


def test_the_spokesman_is_the_airline_he_speaks_for(stories):
    for words in ("In one instance", "Singapore Airlines takes"):
        assert _speaker(stories[614], words).speaker in ("Singapore Airlines", "SIA")  # not its destination city


def test_ministry_quotes_and_its_short_forms_are_one_speaker(stories):
    story = stories[129]
    ministry = [e for e in story.entities if "ministry" in e.name.lower() or e.name == "MOH"]
    assert len(ministry) == 1 and "MOH" in ministry[0].aliases
    assert _speaker(story, "The clinic and doctor").speaker_id == ministry[0].id


def test_a_month_before_a_day_is_not_a_person_and_he_stays_the_hawker(stories):
    story = stories[641]
    assert not any(e.name == "Jun" for e in story.entities)
    assert _speaker(story, "We have no way").speaker == "Firdaus"
