"""Corroborate: claims with independent support, coverage by outlet, and the ledger of disagreements."""
from __future__ import annotations

import re

from ..config import CorroborateSettings
from ..model import Evidence, Story
from .check import Backing, SupportResult, check, check_sentences
from .claims import build_units, group_units, make_claims, recount
from .coverage import contradicted_by, coverage, disputes, exclusives
from .discrepancies import fact_table, ledger
from . import origins
from .shared import add_shared_support
from .slots import article_places, slot_table
from .text import split_sentences

__all__ = ["corroborate", "check", "check_sentences", "SupportResult"]


def corroborate(story: Story, settings: CorroborateSettings | None = None,
                families: dict[str, list[str]] | None = None) -> Story:
    """Fill story.claims (each with its independent origins), discrepancies, coverage and exclusives (in place;
    the story is returned). `families`: declared publisher families (family -> outlets), each one source."""
    settings = settings or CorroborateSettings()
    story._origins = origins.build(story, families)
    units = build_units(story, settings)
    slots = slot_table(units, story, fact_table(units, story))
    groups, sims = group_units(units, settings, (slots, article_places(story)))
    story.claims = make_claims(groups)
    recount(story, story.claims)

    def facts(i: int):  # the ledger and shared support read the analyze stage's quantities too
        return slots[i].measures

    story.discrepancies = ledger(story, units, groups, sims, facts)
    add_shared_support(story, units, groups, sims[0], facts)
    _set_apart_contradictions(story)
    _plainest_wording(story)
    _complete_contradicting(story)
    story.coverage = coverage(story, settings.main_support)
    story.exclusives = exclusives(story)
    return story


def _set_apart_contradictions(story: Story) -> None:
    """A sentence that gives another value than the claim does not support it: move it to `contradicting`.

    Support and outlets are recounted, claims re-ranked and renumbered (discrepancies follow the new ids).
    An article that gives both values (an inconsistency inside it) still supports the claim.
    """
    order = {c.id: n for n, c in enumerate(story.claims)}
    for c in story.claims:
        own = next((e.article for e in c.evidence if e.text == c.text), c.evidence[0].article if c.evidence else None)
        against: set[str] = set()
        for d in story.discrepancies:
            if d.claim != c.id or not disputes(d):
                continue
            mine = [v for v in d.values if own in v.articles]
            if not mine:
                continue
            keep = {a for v in mine for a in v.articles}
            against |= {a for v in d.values if v not in mine for a in v.articles} - keep
        if not against:
            continue
        c.contradicting = [e for e in c.evidence if e.article in against]
        c.evidence = [e for e in c.evidence if e.article not in against]
        recount(story, [c])
    story.claims.sort(key=lambda c: (-c.support, order[c.id]))
    renamed = {c.id: f"c{n}" for n, c in enumerate(story.claims, 1)}
    for c in story.claims:
        c.id = renamed[c.id]
    for d in story.discrepancies:
        if d.claim in renamed:
            d.claim = renamed[d.claim]


MAX_WORDINGS = 8  # wordings of one claim compared for the one its sources back most
# a wording that leans on the sentence before it, or a line in capitals (a wire slug, a listing)
_LEANS = re.compile(r"^(?:(?:It|Its|It's|It’s|This|That|These|Those|They|Their|He|His|She|Her|There|Such|Now|Then|But|And"
                    r"|Also|Additionally|However|Meanwhile|Still|In addition|As a result)\b"
                    r"|[^a-z]*[A-Z]{3,}[^a-z]*[A-Z]{3,})")
_SENTENCE = re.compile(r"^[\"“‘'(]?[A-Z0-9].*[.!?][\"”’')]?$", re.S)


def _plainest_wording(story: Story) -> None:
    """Word each claim as the most of its origins back it (ties: the wording it had).

    A claim groups sentences of several outlets that tell one fact, each in its own words and with its own
    details; the claim is shown as one of them beside the count of its origins. Shown in a wording with a
    detail few of them give ("at least five vehicles", "since April under a $2.4 million contract"), the
    count would lend that detail sources that never gave it. Checked lexically (fast, strict on numbers
    and names): an origin backs a wording when one of its articles does. Among wordings backed alike, one
    that stands on its own ("Its deck ...", "Now, ...", a line in capitals do not) is preferred. A claim
    sources disagree on is worded only with its side's value of each disagreement ("shortly after 6 a.m."
    against "late Monday night"): a plainer wording that left it out would make "contradicted by" point at
    sources that agree with what is shown.
    """
    texts = {a.id: a.text for a in story.articles}
    origin = {a.id: a.origin or a.id for a in story.articles}
    backs = Backing(texts, embed=False)
    for c in story.claims:
        arts: dict[str, dict[str, None]] = {}  # origin -> its articles (ordered, once each)
        for e in c.evidence:
            arts.setdefault(origin.get(e.article, e.article), {})[e.article] = None
        if len(arts) < 2:
            continue
        wordings = list(dict.fromkeys([c.text] + [e.text for e in c.evidence]))
        whole = [w for w in wordings if _SENTENCE.match(w)]  # a clause reads as a fact only where no sentence does
        wordings = (whole if _SENTENCE.match(c.text) else wordings)
        own = {e.article for e in c.evidence}
        for d in story.discrepancies:
            if d.claim == c.id:  # each disagreement's value on the claim's side, as some outlet of it writes it
                values = [v.value.lower() for v in d.values if own & set(v.articles)]
                wordings = [w for w in wordings if any(v in w.lower() for v in values)]
        if not wordings:  # no wording holds every disputed value: the claim keeps the one it had
            continue
        wordings = wordings[:MAX_WORDINGS]
        if wordings == [c.text]:
            continue

        def backed_by(w: str) -> int:
            return sum(any(w in texts[a] or backs(a, w) for a in members) for members in arts.values())

        counts = [backed_by(w) for w in wordings]
        c.text = wordings[max(range(len(wordings)), key=lambda i: (counts[i], not _LEANS.match(wordings[i]), -i))]


def _complete_contradicting(story: Story) -> None:
    """Give each claim's `contradicting` every article `contradicted_by` names, each with its own sentence that
    gives the other value (the side's sentence when it is that article's, else its sentence holding the value;
    an article where neither is found is left out). The JSON, the key facts' "contradicted by" and the
    coverage cells all read this one list."""
    texts = {a.id: a.text for a in story.articles}
    order = {a: i for i, a in enumerate(texts)}
    for c in story.claims:
        have = {e.article for e in c.contradicting}
        for a in sorted(contradicted_by(c, story.discrepancies) - have, key=order.__getitem__):
            said = _other_value_sentence(story, c.id, a, texts[a])
            if said:
                c.contradicting.append(Evidence(article=a, text=said))


def _other_value_sentence(story: Story, claim_id: str, article: str, text: str) -> str:
    """The article's sentence giving its value in a disagreement on the claim (quote variants aside), or ""."""
    for d in story.discrepancies:
        if d.claim != claim_id or not disputes(d):
            continue
        for v in d.values:
            if article in v.articles:
                if v.text in text:
                    return v.text
                hit = next((s for s in split_sentences(text) if v.value.lower() in s.lower()), "")
                if hit:
                    return hit
    return ""
