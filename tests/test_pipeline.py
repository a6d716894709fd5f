"""The pipeline keeps every story it can when one stage fails on one story or one input is too big."""
from __future__ import annotations

from newsfuse import corroborate, pipeline
from newsfuse.model import RawDocument

BRIDGE = ("The Kestrel Bridge in Halden collapsed into the Marrow River on Tuesday morning, officials said. "
          "Two people died and fourteen were injured, according to the fire service.")
RECALL = ("Bramblewood Dairies recalled its strawberry yogurt on Monday after a routine test found listeria. "
          "The company said no illnesses had been reported.")


def _raws():
    return [RawDocument(input="bridge.txt", text=BRIDGE, outlet="Halden Chronicle", published="2024-06-11"),
            RawDocument(input="recall.txt", text=RECALL, outlet="Ashcombe Examiner", published="2024-06-10")]


def test_a_stage_failing_on_one_story_is_reported_and_the_other_stories_are_briefed(monkeypatch):
    real = corroborate.corroborate

    def flaky(story, *args):
        if any("yogurt" in a.text for a in story.articles):
            raise RuntimeError("simulated failure")
        return real(story, *args)

    monkeypatch.setattr(corroborate, "corroborate", flaky)
    briefing = pipeline.brief(raws=_raws())
    assert len(briefing.stories) == 2
    assert [e for e in briefing.errors if "recall.txt" in e.input and "corroborate failed" in e.error]
    bridge = next(s for s in briefing.stories if "Kestrel" in s.articles[0].text)
    assert bridge.claims and bridge.summary
    recall = next(s for s in briefing.stories if "yogurt" in s.articles[0].text)
    assert recall.summary  # composed from its sentences even without claims


def test_a_file_too_big_to_be_one_article_is_refused_by_name():
    towns = ["Halden", "Riverton", "Ashcombe", "Marrow", "Eastbank", "Dunmore", "Kestrel", "Albemarle"]
    paragraphs = [f"Inspectors in {towns[i % 8]} checked bridge number {i} on road {i * 7 % 991} and found "
                  f"{i % 13} cracked bearings, {i % 5} loose rivets and a deck rated {i % 10} out of ten."
                  for i in range(9000)]
    huge = RawDocument(input="dump.txt", text="\n\n".join(paragraphs), published="2024-06-11")
    briefing = pipeline.brief(raws=[huge] + _raws())
    assert any(e.input == "dump.txt" and "characters" in e.error for e in briefing.errors)
    assert sum(len(s.articles) for s in briefing.stories) == 2


def test_a_large_pile_parsed_by_two_processes_gives_the_same_briefing():
    # analysis forks spaCy workers for large piles; the example corpus stands in for one (threshold lowered)
    from pathlib import Path

    from newsfuse import brief
    from newsfuse.config import Settings

    manifest = Path(__file__).resolve().parents[1] / "examples" / "manifest.jsonl"
    one, two = Settings(), Settings()
    one.analyze.processes = 1
    two.analyze.processes, two.analyze.parallel_min = 2, 2
    assert brief(manifest=manifest, published="2024-06-11", settings=two).to_json() == \
        brief(manifest=manifest, published="2024-06-11", settings=one).to_json()
