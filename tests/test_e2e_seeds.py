"""End to end on the five real seed reports (read from ../shared/seeds at test time, never copied)."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from newsfuse.model import Article, Briefing, Story

WS = re.compile(r"\s+")
QUOTES = str.maketrans({"\u201c": '"', "\u201d": '"', "\u2018": "'", "\u2019": "'"})
TEASER = re.compile(r"^(PREV|NEXT)\b")
# debris a reader of the seeds sees, by seed file prefix; each must leave the text and be kept in `removed`
DEBRIS = {
    "000": ["__temp__ __location__", "Source: ALJAZEERA", "ALJAZEERA MEDIA NETWORK", "Leave a comment", "Your email address will not be published"],
    "001": ["Most Commented"],
    "003": ["Follow us on Google News", "PREV They analyzed", "NEXT The causes"],
    "004": [2, "Related posts", "Leave a Comment", "− 5 = 3"],  # 2: the file's second non-empty line (a share widget)
}


def _debris(path: Path) -> list[str]:
    """The debris strings of one seed; a number n stands for the file's n-th non-empty line, read now."""
    lines = [x.strip() for x in path.read_text(encoding="utf-8").splitlines() if x.strip()]
    return [lines[d - 1] if isinstance(d, int) else d for d in DEBRIS.get(path.name[:3], [])]


def norm(text: str) -> str:
    """Whitespace and typographic quotes folded."""
    return WS.sub(" ", text.translate(QUOTES)).strip()


def seed_article(b: Briefing, path: Path) -> tuple[Story, Article]:
    for s in b.stories:
        for a in s.articles:
            if Path(a.input).name == path.name:
                return s, a
    raise AssertionError(f"{path.name} is missing from the briefing")


def the_story(b: Briefing) -> Story:
    return max(b.stories, key=lambda s: len(s.articles))


def test_all_five_in_one_story(seeds_briefing, seed_files):
    assert len(seed_files) == 5
    assert {seed_article(seeds_briefing, p)[0].id for p in seed_files} == {the_story(seeds_briefing).id}
    assert not seeds_briefing.errors


@pytest.mark.parametrize("prefix", sorted(DEBRIS))
def test_debris_removed_and_recorded(seeds_briefing, seed_files, prefix):
    path = next(p for p in seed_files if p.name.startswith(prefix))
    _, a = seed_article(seeds_briefing, path)
    removed = " ".join(r.text for r in a.removed)
    for line in _debris(path):
        assert line not in a.text, f"{path.name}: {line!r} left in the text"
        assert line in removed, f"{path.name}: {line!r} not recorded as removed"


def test_headlines_not_repeated_in_text(seeds_briefing, seed_files):
    for path in seed_files:
        _, a = seed_article(seeds_briefing, path)
        if a.title:
            assert norm(a.text).count(norm(a.title)) <= 1, path.name


def test_repeated_paragraph_kept_once(seeds_briefing, seed_files):
    _, a = seed_article(seeds_briefing, next(p for p in seed_files if p.name.startswith("003")))
    assert norm(a.text).count("its dependence in this area remains great") == 1


def _reporting_lines(path: Path, title: str | None) -> list[tuple[int, str]]:
    """Lines of the scraped file that are paragraphs of reporting: 12+ words, not a teaser, not the headline."""
    lines = [norm(x) for x in path.read_text(encoding="utf-8").splitlines()]
    return [
        (i, x) for i, x in enumerate(lines)
        if len(x.split()) >= 12 and not TEASER.match(x) and norm(title or "") != x
    ]


def test_every_paragraph_of_reporting_kept(seeds_briefing, seed_files):
    for path in seed_files:
        _, a = seed_article(seeds_briefing, path)
        text = norm(a.text)
        removed = {norm(r.text) for r in a.removed}
        debris = _debris(path)
        lines = [(i, x) for i, x in _reporting_lines(path, a.title) if not any(d in x for d in debris)]
        first_long = min((i for i, x in lines if len(x.split()) >= 25), default=0)
        for i, line in lines:
            words = line.split()
            mid = max(0, len(words) // 2 - 4)
            window = " ".join(words[mid:mid + 8])
            if window in text:
                continue
            # a short standfirst above the first full paragraph may go, when recorded (the body restates it)
            standfirst = i < first_long and len(words) < 20 and line in removed
            assert standfirst, f"{path.name}: lost reporting {line[:80]!r}"


def _entities(story: Story, pattern: str, types: set[str]) -> list:
    rx = re.compile(pattern)
    return [e for e in story.entities if e.type in types and (rx.search(e.name) or any(rx.search(x) for x in e.aliases))]


@pytest.mark.parametrize(
    "pattern,types,variants",
    [
        (r"\bPutin\b", {"PERSON"}, ["Putin", "Vladimir Putin"]),
        (r"\bKim\b", {"PERSON"}, ["Kim Jong Un", "Kim Jong-un"]),
        (r"^(President )?To Lam$", {"PERSON"}, ["To Lam"]),
        (r"^Hanoi$", {"GPE", "LOC"}, ["Hanoi"]),
        (r"^Vietnam$", {"GPE", "LOC"}, ["Vietnam"]),
    ],
)
def test_people_and_places_single_entities(seeds_briefing, pattern, types, variants):
    story = the_story(seeds_briefing)
    ents = _entities(story, pattern, types)
    assert len(ents) == 1, [(e.name, e.type, e.aliases) for e in ents]
    forms = {ents[0].name, *ents[0].aliases}
    assert set(variants) <= forms, forms
    assert len(ents[0].articles) >= 2  # each is named in the body of at least two seeds


def test_arrival_corroborated_by_most_outlets(seeds_briefing):
    story = the_story(seeds_briefing)
    arrive = re.compile(r"\b(arriv\w*|land\w*)\b.*\b(Hanoi|Vietnam)\b|\b(Hanoi|Vietnam)\b.*\b(arriv\w*|land\w*)\b", re.I)
    claims = [c for c in story.claims if any(arrive.search(e.text) for e in c.evidence)]
    assert claims and max(c.support for c in claims) >= 4, [(c.support, c.text[:60]) for c in claims]


def _disagreement(story: Story, a: str, b: str) -> list:
    def has(v, p):
        return p.lower() in norm(v.value).lower() or p.lower() in norm(v.text).lower()

    return [
        d for d in story.discrepancies
        if any(has(x, a) and not has(x, b) for x in d.values) and any(has(y, b) and not has(y, a) for y in d.values)
    ]


@pytest.mark.parametrize(
    "what,a,b",
    [("number of agreements", "dozen", "eleven"), ("last visit", "2017", "more than a decade")],
)
def test_outlets_disagreements_reported(seeds_briefing, what, a, b):
    story = the_story(seeds_briefing)
    assert _disagreement(story, a, b), f"{what}: {[(d.kind, d.summary) for d in story.discrepancies]}"


@pytest.mark.parametrize(
    "fragment,speaker",
    [
        ("We will fight together", "To Lam"),
        ("The Vietnam-Russia Joint Venture Bank", "Vladimir Putin"),
        ("They claim these visits", "Yulia Shapovalova"),
    ],
)
def test_quote_speakers(seeds_briefing, fragment, speaker):
    story = the_story(seeds_briefing)
    hits = [q for q in story.quotes if any(fragment in norm(t) for t in [q.text, *q.variants])]
    assert hits, f"quote {fragment!r} not found"
    assert all(q.speaker == speaker for q in hits), [(q.speaker, q.text[:40]) for q in hits]


def test_summary_sentences_supported(seeds_briefing):
    from newsfuse.corroborate import check

    story = the_story(seeds_briefing)
    ids = {a.id for a in story.articles}
    assert 3 <= len(story.summary) <= 12
    assert story.headline.strip()
    for s in story.summary:
        assert s.articles and set(s.articles) <= ids, s.text
        sources = [story.article(x) for x in s.articles]
        if any(norm(s.text) in norm(a.text) for a in sources):
            continue
        results = check([a.text for a in sources], s.text)
        assert results and all(r.supported for r in results), s.text


def test_dates_resolved_against_publication(seeds_briefing):
    story = the_story(seeds_briefing)
    thursday = [d for d in story.dates if re.search(r"\bThursday\b", d.text) and d.value]
    assert thursday and all(d.value.startswith("2024-06-20") for d in thursday), [(d.text, d.value) for d in thursday]
    timeline = [t.when for t in story.timeline]
    assert any(w.startswith("2024-06-20") for w in timeline), timeline
