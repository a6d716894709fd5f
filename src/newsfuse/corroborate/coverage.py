"""Which outlet reports which main claim, which contradicts it, and what only one outlet has."""
from __future__ import annotations

from ..model import Claim, CoverageCell, Discrepancy, Story


def contradicted_by(claim: Claim, discrepancies: list[Discrepancy]) -> set[str]:
    """Articles that give another value than the claim as worded: its contradicting sentences, and the
    articles on another side of a disagreement on this claim than the claim's own articles (an article on
    both sides still states the claim). A disagreement none of the claim's articles takes part in says
    nothing about its wording; nor does a quote told in other words (a variant, listed as such), nor sides
    that show the same words ("Thursday" and "Thursday" read as two days)."""
    own = {e.article for e in claim.evidence}
    against = {e.article for e in claim.contradicting}
    for d in discrepancies:
        if d.claim != claim.id or d.kind == "quote" or len({v.value.lower() for v in d.values}) < 2:
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
    cells = []
    for c in story.claims:
        if c.support < main_support:
            continue
        against = {outlet[e.article] for e in c.contradicting if e.article in outlet}
        for o in outlets:
            status = "contradicted" if o in against else "reported" if o in c.outlets else "not reported"
            cells.append(CoverageCell(outlet=o, claim=c.id, status=status))
    return cells


def exclusives(story: Story) -> dict[str, list[str]]:
    """outlet -> ids of the claims no other outlet reports (only outlets that have some)."""
    out: dict[str, list[str]] = {}
    for c in story.claims:
        if len(c.outlets) == 1:
            out.setdefault(c.outlets[0], []).append(c.id)
    return out
