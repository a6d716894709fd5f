"""Analyze stage on the five seed reports: entities, dates, numbers and quotes a reader would expect."""
from __future__ import annotations

from pathlib import Path

import pytest

from newsfuse.analyze import annotate_all
from newsfuse.analyze.dates import find_dates
from newsfuse.analyze.numwords import words_value
from newsfuse.model import Article, Story

SEEDS = Path(__file__).resolve().parents[1] / ".." / "shared" / "seeds"


@pytest.fixture(scope="session")
def seed_story() -> Story:
    files = sorted(SEEDS.glob("*.txt"))
    if not files:
        pytest.skip("../shared/seeds not present")
    articles = [Article(id=f"a{i}", input=str(p), text=p.read_text(encoding="utf-8"), published="2024-06-20")
                for i, p in enumerate(files)]
    story = Story(id="s-seeds", articles=articles)
    annotate_all([story])
    return story


def _entities_named(story: Story, *forms: str):
    forms_l = {f.lower() for f in forms}
    return [e for e in story.entities if e.name.lower() in forms_l or forms_l & {a.lower() for a in e.aliases}]


@pytest.mark.parametrize("name", ["Vladimir Putin", "Kim Jong Un", "To Lam", "Nguyen Phu Trong", "Hanoi",
                                  "Vietnam", "Russia"])
def test_one_entity_per_person_and_place(seed_story, name):
    found = _entities_named(seed_story, name)
    assert len(found) == 1, [(e.name, e.aliases) for e in found]
    assert found[0].name == name


def test_name_variants_fold_into_one_entity(seed_story):
    putin = _entities_named(seed_story, "Vladimir Putin")[0]
    assert "Putin" in putin.aliases and len(putin.articles) == 5
    kim = _entities_named(seed_story, "Kim Jong Un")[0]
    assert "Kim Jong-un" in kim.aliases
    assert not _entities_named(seed_story, "Putin’s", "Vladimir Putin’s")


def test_two_people_sharing_a_name_stay_two(seed_story):
    names = {e.name for e in seed_story.entities if e.type == "PERSON"}
    assert {"Sergei Lavrov", "Sergei Tsivilov", "Tran Thanh Man"} <= names
    assert "Tran Hong Ha" in names and "Tran Hog Ha" not in names  # the typo joins the right person


def test_companies_are_not_people(seed_story):
    for name in ("Gazprom", "Novatek", "Rosatom"):
        ents = _entities_named(seed_story, name)
        assert ents and all(e.type == "ORG" for e in ents), name


def test_acronym_joins_its_expansion(seed_story):
    apec = _entities_named(seed_story, "APEC")
    assert len(apec) == 1 and apec[0].name == "Asia-Pacific Economic Cooperation"


def test_entity_ids_follow_first_mention(seed_story):
    assert [e.id for e in seed_story.entities] == [f"e{i}" for i in range(1, len(seed_story.entities) + 1)]
    first = [(int(e.mentions[0].article[1:]), e.mentions[0].start) for e in seed_story.entities]
    assert first == sorted(first)
    for e in seed_story.entities:
        for m in e.mentions:
            assert seed_story.article(m.article).text[m.start:m.end] == m.text


def _date(story: Story, text: str):
    return [d for d in story.dates if d.text == text]


def test_relative_days_resolve_against_publication(seed_story):
    assert {d.value for d in _date(seed_story, "early Thursday")} == {"2024-06-20"}
    assert {d.value for d in _date(seed_story, "Wednesday")} == {"2024-06-19"}
    assert {d.value for d in _date(seed_story, "on the 20th")} == {"2024-06-20"}
    assert {d.value for d in _date(seed_story, "last year")} == {"2023"}
    assert {d.value for d in _date(seed_story, "the first quarter of this year")} == {"2024-Q1"}
    span = _date(seed_story, "from the 19th to the 20th")
    assert span and span[0].kind == "span" and span[0].value == "2024-06-19/2024-06-20"


def test_times_and_durations(seed_story):
    dt = _date(seed_story, "around 1:50 am on Thursday")
    assert dt and dt[0].kind == "datetime" and dt[0].value == "2024-06-20T01:50" and dt[0].approx
    decade = _date(seed_story, "more than a decade")
    assert decade and decade[0].value == "P10Y" and decade[0].approx and decade[0].qualifier == "more than"
    assert _date(seed_story, "since 2017")[0].kind == "span"
    anchorless = _date(seed_story, "two years after")
    assert anchorless and anchorless[0].value is None  # the invasion's date is not in the text: never guessed


def test_dates_without_publication_date_stay_unresolved():
    text = "Talks began early Thursday, more than a decade after the 2012 summit, in 2022."
    found = {text[f.start:f.end]: f.value for f in find_dates(text, None)}
    assert found["early Thursday"] is None and found["2022"] == "2022"
    assert found["more than a decade after the 2012 summit"] == "2022"  # the anchor is in the text


def _numbers(story: Story, text: str):
    return [n for n in story.numbers if n.text == text]


def test_counts_in_words_can_disagree(seed_story):
    dozen = _numbers(seed_story, "a dozen")
    eleven = _numbers(seed_story, "eleven")
    assert dozen and dozen[0].value == 12 and dozen[0].counts == "agreements"
    assert eleven and eleven[0].value == 11 and eleven[0].counts == "agreements"
    four = [n for n in _numbers(seed_story, "four") if n.qualifier == "all"]
    assert four and four[0].counts == "leaders"


def test_money_percent_ordinals(seed_story):
    money = _numbers(seed_story, "$3.5bn")
    assert money and money[0].kind == "money" and money[0].value == 3.5e9 and money[0].unit == "USD"
    pct = _numbers(seed_story, "60 percent")
    assert pct and pct[0].kind == "percent" and pct[0].value == 60
    over = _numbers(seed_story, "40 percent")
    assert over and over[0].approx and over[0].qualifier == "over"
    assert {n.value for n in seed_story.numbers if n.kind == "ordinal"} >= {1, 5, 30}
    assert words_value("twenty-one") == 21 and words_value("half a dozen") == 6


def _quote(story: Story, start: str):
    return [q for q in story.quotes if q.text.startswith(start)]


def test_quotes_have_the_right_speakers(seed_story):
    assert _quote(seed_story, "We will fight together")[0].speaker == "To Lam"
    assert _quote(seed_story, "The Vietnam-Russia Joint Venture Bank")[0].speaker == "Vladimir Putin"
    assert _quote(seed_story, "They claim these visits")[0].speaker == "Yulia Shapovalova"
    assert _quote(seed_story, "Russia wants to demonstrate")[0].speaker == "Carl Thayer"
    believe = _quote(seed_story, "I firmly believe")[0]
    assert believe.speaker in ("To Lam", None)  # "he said" after a paragraph about To Lam; never Putin


def test_translated_quote_variants_are_one_quote(seed_story):
    pragmatic = [q for q in seed_story.quotes if "pragmatic way" in q.text]
    assert len(pragmatic) == 1 and len(pragmatic[0].articles) == 2 and pragmatic[0].variants
    assert pragmatic[0].speaker == "Vladimir Putin"


def test_sentences_cover_every_article(seed_story):
    for a in seed_story.articles:
        sents = [s for s in seed_story.sentences if s.article == a.id]
        assert sents and [s.index for s in sents] == list(range(len(sents)))
        assert all(a.text[s.start:s.end] == s.text and "\n" not in s.text for s in sents)
        covered = "".join(s.text for s in sents)
        assert len(covered) >= 0.95 * len("".join(a.text.split()))
    for d in seed_story.dates + seed_story.numbers:
        assert d.sentence is not None


ROOT = Path(__file__).resolve().parents[1]
ECB = ROOT / ".." / "shared" / "data" / "clustering" / "ecbplus.jsonl"


def _annotate(texts: dict[str, str], published: str | None = None, **settings) -> Story:
    from newsfuse.config import AnalyzeSettings

    story = Story(id="s", articles=[Article(id=k, input=k, text=v, published=published) for k, v in texts.items()])
    annotate_all([story], AnalyzeSettings(**settings))
    return story


def _person(story: Story, name: str):
    return [e for e in story.entities if e.type == "PERSON" and (e.name == name or name in e.aliases)]


def test_example_corpus_name_variants_are_one_entity():
    files = sorted((ROOT / "examples" / "corpus").glob("*kestrel*.txt"))
    if not files:
        pytest.skip("examples/corpus not present")
    story = _annotate({p.stem: p.read_text(encoding="utf-8") for p in files}, "2024-06-11")
    for name, variant in (("Helena Vargas-Whitley", "Vargas-Whitley"), ("Daniel Okafor", "Daniel Okafour"),
                          ("Priya Ramaswamy", "Ramaswamy"), ("Gregor Lindqvist", "Lindqvist")):
        found = _person(story, name)
        assert len(found) == 1 and found[0].name == name and variant in found[0].aliases, (name, found)
    dunmore = [e for e in story.entities if "Dunmore" in e.name or "Dunmore" in e.aliases]
    assert len(dunmore) == 1 and dunmore[0].type == "ORG" and "Dunmore Civil Wroks" in dunmore[0].aliases


@pytest.fixture(scope="module")
def ecb_topic() -> Story:
    import json

    if not ECB.is_file():
        pytest.skip("../shared/data not present")
    docs = [json.loads(x) for x in ECB.read_text(encoding="utf-8").splitlines()]
    return _annotate({d["id"]: "\n".join(d["sentences"]) for d in docs if d["story"] == "3_ecb"})


def test_ecb_topic_people_neither_split_nor_merged(ecb_topic):
    nichols = _person(ecb_topic, "Nichols")
    assert len(nichols) == 1 and nichols[0].name == "Brian Nichols" and "Brian G. Nichols" in nichols[0].aliases
    assert len(nichols[0].articles) == len(ecb_topic.articles)  # every report names him: one entity across outlets
    assert len(_person(ecb_topic, "Bodiford")) == 1
    barnes, brandau = _person(ecb_topic, "Rowland Barnes"), _person(ecb_topic, "Julie Ann Brandau")
    assert barnes and brandau and barnes[0].id != brandau[0].id  # two victims stay two people


def test_quote_occurrences_point_at_the_source_text(seed_story):
    for q in seed_story.quotes:
        assert q.occurrences and {o.article for o in q.occurrences} == set(q.articles)
        for o in q.occurrences:
            assert seed_story.article(o.article).text[o.start:o.end] == o.text


def test_reworded_quotes_merge_only_with_embeddings_on():
    texts = {
        "a": "The minister spoke on Monday.\n“We will rebuild every school that the storm destroyed,” Minister Ana Ruiz said.",
        "b": "Ruiz visited the coast.\n“Each school wrecked by the storm is going to be built again,” Minister Ana Ruiz said.",
    }
    apart = _annotate(texts)
    assert len(apart.quotes) == 2 and all(q.speaker == "Ana Ruiz" for q in apart.quotes)
    together = _annotate(texts, quote_embeddings=True)
    assert len(together.quotes) == 1 and together.quotes[0].variants and together.quotes[0].articles == ["a", "b"]


@pytest.mark.parametrize(
    "sentence, expected",
    [
        ("Do not eat pots with use-by dates from June 14 to June 21.", ["2024-06-14", "2024-06-21"]),
        ("The firm said the pots were sold from June 14 to June 21.", ["2024-06-14", "2024-06-21"]),
        ("She rear-ended a truck on August 8 and drove off.", ["2023-08-08"]),
        ("The plant will reopen on May 2.", ["2025-05-02"]),
        # a past clause may name a day in the coming weeks: a use-by date 19 days on is this year's
        ("Lakeview Dairy recalled yogurt cups with use-by dates of June 30.", ["2024-06-30"]),
        # "by June 30" is that day (a deadline), not the month of June
        ("The company said it expected to finish by June 30.", ["2024-06-30"]),
        ("Sales fell sharply on December 20, the company said.", ["2023-12-20"]),
    ],
)
def test_month_days_without_a_year_take_the_year_the_sentence_means(sentence, expected):
    values = [f.value for f in find_dates(sentence, "2024-06-11")]
    assert values == expected


def test_a_text_longer_than_any_report_is_parsed_in_pieces_into_one_doc_of_the_same_characters(seed_files):
    from newsfuse.analyze.nlp import LONG_CHARS, _pieces, get_nlp, parse_all

    seed = seed_files[3].read_text(encoding="utf-8")
    flat = (seed.replace("\n", " ") + " ") * (LONG_CHARS // len(seed) + 2)  # a scrape flattened onto one line
    short = "Putin arrived in Hanoi on Wednesday."
    assert len(_pieces(flat)) > 5
    docs = list(parse_all(get_nlp(), [short, flat, short]))
    assert [d.text for d in docs] == [short, flat, short]
    sents = list(docs[1].sents)
    assert all(s.text.strip() for s in sents) and len(sents) > 100
    assert {e.text for e in docs[1].ents} >= {e.text for e in get_nlp()(seed.replace("\n", " ")).ents if e.label_ == "PERSON"}


def test_a_deadline_day_keeps_its_by():
    (found,) = find_dates("The company said it expected to finish by June 30.", "2024-06-11")
    assert (found.value, found.qualifier) == ("2024-06-30", "by")
    (found,) = find_dates("Prices rose in June 2024.", "2024-06-11")
    assert found.value == "2024-06"



def test_a_day_ahead_told_from_the_past_is_after_publication():
    # the vote was still to come when the report was written (Wednesday 2010-05-05): Thursday the 6th
    (found,) = find_dates("Parliament was preparing for the austerity bill to be voted on Thursday.", "2010-05-05")
    assert found.value == "2010-05-06"
    (found,) = find_dates("The bill was voted on Thursday.", "2010-05-05")
    assert found.value == "2010-04-29"
