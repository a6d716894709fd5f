"""The typed data model every stage reads and annotates; the briefing JSON contract is its dump."""
from __future__ import annotations

from typing import Any, Literal, Optional
from urllib.parse import urlsplit

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr

SCHEMA = "newsfuse/briefing-1"


class _Model(BaseModel):
    model_config = ConfigDict(populate_by_name=True, extra="forbid")


class RawDocument(_Model):
    """One input as ingested: its bytes or text plus whatever metadata came with it."""

    input: str  # path, url or manifest row reference ("manifest.jsonl#3")
    kind: Literal["text", "html"] = "text"
    content: Optional[bytes] = None  # undecoded bytes (files, fetched pages)
    text: Optional[str] = None  # already-decoded text (manifest inline text)
    encoding: Optional[str] = None  # charset announced by headers, if any
    outlet: Optional[str] = None
    published: Optional[str] = None  # ISO date or datetime
    title: Optional[str] = None
    language: Optional[str] = None
    url: Optional[str] = None
    author: Optional[str] = None
    story: Optional[str] = None  # a grouping the user already knows
    fallback_published: Optional[str] = None  # --published: used only when neither the input nor its page states a date


class Removed(_Model):
    """A line or block dropped by cleaning, kept so nothing disappears silently."""

    text: str
    reason: str


def source_key(input_name: str) -> str:
    """What names one source whatever directory it was given from: its URL (also a web archive's record,
    named by its URL), else its file name without the folders above it."""
    if "://" in input_name.split("#", 1)[0]:
        return input_name
    return input_name.replace("\\", "/").rstrip("/").rsplit("/", 1)[-1]


class Article(_Model):
    """A cleaned article: the body as the outlet wrote it, plus what was removed and why."""

    id: str
    input: str
    outlet: Optional[str] = None
    title: Optional[str] = None
    published: Optional[str] = None
    language: Optional[str] = None
    text: str = ""
    removed: list[Removed] = Field(default_factory=list)
    copy_of: Optional[str] = None  # id of the article this one copies
    origin: Optional[str] = None  # id of the lineage group (first article of it); copies share it
    paragraphs: list[str] = Field(default_factory=list)
    author: Optional[str] = None
    url: Optional[str] = None
    dateline: Optional[str] = None
    credits: list[str] = Field(default_factory=list)  # agencies/outlets its credit lines name as the text's source
    story_hint: Optional[str] = Field(default=None, exclude=True)  # user-declared story

    def source_name(self) -> str:
        """How a reader knows this source: the outlet, else the url's host, else the input's file name."""
        if self.outlet:
            return self.outlet
        if self.url:
            host = urlsplit(self.url).hostname or ""
            return host.removeprefix("www.") or self.url
        return self.input.replace("\\", "/").rsplit("/", 1)[-1]


class Sentence(_Model):
    """A sentence of an article body with its character offsets into `Article.text`."""

    article: str
    index: int
    start: int
    end: int
    text: str


class Mention(_Model):
    """Where an entity is named: article, character offsets into its text, surface form."""

    article: str
    start: int
    end: int
    text: str


class Entity(_Model):
    id: str
    name: str  # canonical
    type: str  # PERSON, ORG, GPE, LOC, NORP, EVENT, ...
    aliases: list[str] = Field(default_factory=list)
    articles: list[str] = Field(default_factory=list)
    mentions: list[Mention] = Field(default_factory=list)


class DateMention(_Model):
    """A date, time, duration or span expression, normalized against the article's publication date."""

    article: str
    text: str  # as written
    start: int
    end: int
    kind: Literal["date", "datetime", "time", "duration", "span", "relative"] = "date"
    value: Optional[str] = None  # ISO date/datetime, ISO-8601 duration (P10Y) or None when unresolvable
    approx: bool = False  # "more than", "about", "over" qualifiers
    qualifier: Optional[str] = None  # "more than", "less than", "about", "since", ...
    sentence: Optional[int] = None


class NumberMention(_Model):
    """A number as written with its value, unit and what it counts when the sentence says."""

    article: str
    text: str
    start: int
    end: int
    value: Optional[float] = None
    kind: Literal["money", "percent", "count", "ordinal", "year", "quantity"] = "count"
    unit: Optional[str] = None  # currency code, "%", measurement unit
    counts: Optional[str] = None  # noun the number counts ("agreements")
    approx: bool = False
    qualifier: Optional[str] = None
    sentence: Optional[int] = None


class Evidence(_Model):
    article: str
    text: str  # source sentence as written
    start: Optional[int] = None
    end: Optional[int] = None


class ClaimOrigin(_Model):
    """One independent origin of a claim: the articles whose evidence comes from it and whom they credit."""

    id: str  # o1.. a source of the story (articles that are one source), x-name an outlet the story has no report of
    articles: list[str] = Field(default_factory=list)
    credited: list[str] = Field(default_factory=list)  # the agencies/outlets it is known by ("Reuters")


class Claim(_Model):
    id: str
    text: str
    support: int  # independent origins (len(origins)): copies, re-edited wire stories and one outlet count once
    evidence: list[Evidence] = Field(default_factory=list)
    outlets: list[str] = Field(default_factory=list)
    contradicting: list[Evidence] = Field(default_factory=list)  # aligned sentences that give another value
    origins: list[ClaimOrigin] = Field(default_factory=list)


class DiscrepancyValue(_Model):
    value: str
    articles: list[str]
    text: str  # source sentence


class Discrepancy(_Model):
    id: str
    kind: str  # number, count, money, percent, date, duration, entity, quote, ...
    summary: str
    values: list[DiscrepancyValue]
    claim: Optional[str] = None  # claim id the values were aligned in


class Quote(_Model):
    speaker: Optional[str] = None  # canonical entity name, None when unsure
    text: str
    articles: list[str] = Field(default_factory=list)
    variants: list[str] = Field(default_factory=list)
    speaker_id: Optional[str] = None
    occurrences: list[Evidence] = Field(default_factory=list)  # each wording where it stands (article, offsets)


class TimelineEvent(_Model):
    when: str
    text: str
    articles: list[str] = Field(default_factory=list)
    evidence: list[Evidence] = Field(default_factory=list)  # each cited article's own sentence


class SummarySentence(_Model):
    text: str
    articles: list[str] = Field(default_factory=list)
    evidence: list[Evidence] = Field(default_factory=list)  # each cited article's supporting sentence


class Change(_Model):
    """One thing that changed since an earlier briefing of the same story."""

    kind: Literal["new source", "new claim", "support changed", "value changed", "correction", "dropped source"]
    text: str  # what a reader sees: the new claim, the corrected sentence, the source's title
    before: Optional[str] = None
    after: Optional[str] = None
    articles: list[str] = Field(default_factory=list)


class Changes(_Model):
    """What changed in a story since the previous briefing it was matched to (`new`: it matched none)."""

    previous: Optional[str] = None  # the previous story's id; None for a story new since that briefing
    items: list[Change] = Field(default_factory=list)
    new: bool = False  # the story was not in the previous briefing


class CoverageCell(_Model):
    outlet: str
    claim: str
    status: Literal["reported", "not reported", "contradicted"]


class Story(_Model):
    id: str
    headline: str = ""
    articles: list[Article] = Field(default_factory=list)
    entities: list[Entity] = Field(default_factory=list)
    claims: list[Claim] = Field(default_factory=list)
    discrepancies: list[Discrepancy] = Field(default_factory=list)
    quotes: list[Quote] = Field(default_factory=list)
    timeline: list[TimelineEvent] = Field(default_factory=list)
    summary: list[SummarySentence] = Field(default_factory=list)
    dates: list[DateMention] = Field(default_factory=list)
    numbers: list[NumberMention] = Field(default_factory=list)
    coverage: list[CoverageCell] = Field(default_factory=list)
    exclusives: dict[str, list[str]] = Field(default_factory=dict)  # outlet -> claim ids only it has
    changes: Optional[Changes] = None  # set by `brief --since`
    sentences: list[Sentence] = Field(default_factory=list, exclude=True)
    _origins: Any = PrivateAttr(default=None)  # corroborate.origins.Origins of these articles, built once

    def article(self, article_id: str) -> Article:
        """The article with this id (KeyError when the story has none)."""
        for a in self.articles:
            if a.id == article_id:
                return a
        raise KeyError(article_id)


class InputError(_Model):
    input: str
    error: str
    # False where the input (or row, item, story) was still used and the error says what was left out of it
    skipped: bool = True


class Briefing(_Model):
    schema_: str = Field(default=SCHEMA, alias="schema")
    stories: list[Story] = Field(default_factory=list)
    errors: list[InputError] = Field(default_factory=list)

    def to_json(self, indent: int | None = 2) -> str:
        """The contract JSON (field `schema`, not `schema_`)."""
        return self.model_dump_json(by_alias=True, indent=indent)
