"""Which outlet reports which main claim, which contradicts it, and what only one outlet has."""
from __future__ import annotations

from ..model import Claim, CoverageCell, Discrepancy, Story


def disputes(d: Discrepancy) -> bool:
    """A disagreement that contradicts: not a quote told in other words (a variant, listed as such), nor sides
    that show the same words ("Thursday" and "Thursday" read as two days)."""
    return d.kind != "quote" and len({v.value.lower() for v in d.values}) > 1


def cells(claim: Claim, outlets: list[str], outlet_of: dict[str, str]) -> dict[str, str]:
    """outlet -> status of one claim: contradicted (an article of the outlet is among its `contradicting`; an
    outlet on both sides is contradicted), reported (among its outlets), else not reported."""
    denied = {outlet_of[e.article] for e in claim.contradicting if e.article in outlet_of}
    return {o: "contradicted" if o in denied else "reported" if o in claim.outlets else "not reported" for o in outlets}


def contradicted_by(claim: Claim, discrepancies: list[Discrepancy]) -> set[str]:
    """Articles that give another value than the claim as worded: its contradicting sentences, and the
    articles on another side of a disagreement on this claim than the claim's own articles (an article on
    both sides still states the claim). A disagreement none of the claim's articles takes part in says
    nothing about its wording; nor does one that does not dispute (`disputes`)."""
    own = {e.article for e in claim.evidence}
    against = {e.article for e in claim.contradicting}
    for d in discrepancies:
        if d.claim != claim.id or not disputes(d):
            continue
        mine = [v for v in d.values if own & set(v.articles)]
        if mine:
            keep = {a for v in mine for a in v.articles}
            against |= {a for v in d.values if v not in mine for a in v.articles} - keep
    return against - own


def coverage(story: Story, main_support: int = 2) -> list[CoverageCell]:
    """One cell per outlet and main claim (support >= main_support), outlets in story order."""
    outlet = {a.id: a.source_name() for a in story.articles}
    outlets = list(dict.fromkeys(outlet[a.id] for a in story.articles))
    return [CoverageCell(outlet=o, claim=c.id, status=status)
            for c in story.claims if c.support >= main_support for o, status in cells(c, outlets, outlet).items()]


def exclusives(story: Story) -> dict[str, list[str]]:
    """outlet -> ids of the claims no other outlet reports (only outlets that have some)."""
    out: dict[str, list[str]] = {}
    for c in story.claims:
        if len(c.outlets) == 1:
            out.setdefault(c.outlets[0], []).append(c.id)
    return out
