"""What every renderer shows of a story, computed once: citation numbers, key facts, coverage, quotes."""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..corroborate import origins
from ..corroborate.coverage import cells
from ..corroborate.origins import origin_name
from ..model import Article, Claim, Story

KEY_FACTS = 12  # the most supported claims a reader sees as key facts and in the coverage matrix
SAFE_SCHEME = re.compile(r"^https?://", re.I)


@dataclass
class Source:
    """An article as the reader sees it in citations: its number, outlet and title."""

    n: int
    id: str
    outlet: str
    title: str
    published: str
    url: str  # http(s) only, else empty: a javascript: url must never become a link
    copy_of: int  # number of the article this one copies, 0 when none
    article: Article
    paragraphs: list[str] = field(default_factory=list)


@dataclass
class Cite:
    """One citation of a statement: the source's number, its outlet and the sentence it says it in."""

    n: int
    outlet: str
    text: str


@dataclass
class StoryView:
    story: Story
    sources: list[Source]
    key_facts: list[Claim]
    coverage: dict[tuple[str, str], str]  # (outlet, claim id) -> status
    outlets: list[str]
    quotes: dict[str, list] = field(default_factory=dict)  # speaker -> quotes
    independent: int = 0


def cites(view: StoryView, articles: list[str], evidence=None, fallback: str = "") -> list[Cite]:
    """Citations in source order, each with the cited article's own sentence (or `fallback`)."""
    by_id = {s.id: s for s in view.sources}
    said: dict[str, str] = {}
    for e in evidence or []:
        said.setdefault(e.article, e.text)  # an article's first supporting sentence
    out = [Cite(by_id[a].n, by_id[a].outlet, said.get(a, fallback)) for a in dict.fromkeys(articles) if a in by_id]
    return sorted(out, key=lambda c: c.n)


def plural(n: int, one: str, many: str) -> str:
    """'1 source', '3 sources'."""
    return f"{n} {one if n == 1 else many}"


def support_text(claim: Claim, story: Story) -> str:
    """How many sources back a claim, in words: "3 sources", or where fewer origins than outlets say it, "3 outlets,
    1 independent source (Reuters)" (origins named when there are three or fewer)."""
    n = len(claim.outlets)
    if n <= claim.support or not claim.origins:
        return plural(claim.support, "source", "sources")
    text = f"{plural(n, 'outlet', 'outlets')}, {plural(claim.support, 'independent source', 'independent sources')}"
    if claim.support <= 3:
        text += " (" + ", ".join(dict.fromkeys(origin_name(o, story) for o in claim.origins)) + ")"
    return text


def independent_sources(story: Story) -> int:
    """The story's independent sources: articles that are one lineage, one re-edited wire story, one outlet count once."""
    if story._origins is None:
        story._origins = origins.build(story)
    return len(story._origins.sources)


def build(story: Story) -> StoryView:
    """The view of one story; deterministic (sorted by support, then claim order)."""
    sources = []
    number = {a.id: i + 1 for i, a in enumerate(story.articles)}
    for a in story.articles:
        sources.append(Source(
            n=number[a.id], id=a.id, outlet=a.source_name(), title=a.title or "", published=a.published or "",
            url=a.url if a.url and SAFE_SCHEME.match(a.url) else "", copy_of=number.get(a.copy_of or "", 0), article=a,
            paragraphs=a.paragraphs or [p for p in a.text.split("\n") if p.strip()],
        ))
    key = sorted(story.claims, key=lambda c: -c.support)[:KEY_FACTS]  # stable: ties keep claim order
    outlets = list(dict.fromkeys(s.outlet for s in sources))
    coverage: dict[tuple[str, str], str] = {(c.outlet, c.claim): c.status for c in story.coverage}
    drawn = {c.claim for c in story.coverage}
    outlet_of = {s.id: s.outlet for s in sources}
    for c in key:
        if c.id not in drawn:  # corroborate draws main claims only; a key fact of one source gets its cells here
            coverage.update({(o, c.id): status for o, status in cells(c, outlets, outlet_of).items()})
    quotes: dict[str, list] = {}
    for q in story.quotes:
        quotes.setdefault(q.speaker or "Unattributed", []).append(q)
    independent = independent_sources(story)
    return StoryView(story, sources, key, coverage, outlets, quotes, independent)
