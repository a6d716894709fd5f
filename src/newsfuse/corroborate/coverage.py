"""Which outlet reports which main claim, which contradicts it, and what only one outlet has."""
from __future__ import annotations

from collections import Counter

from ..model import Claim, CoverageCell, Discrepancy, Story


def _contradicting(claim: Claim, discrepancies: list[Discrepancy], outlet: dict[str, str],
                   origin: dict[str, str]) -> set[str]:
    """Outlets whose value in a discrepancy on this claim is not the one most independent reports give."""
    out: set[str] = set()
    for d in discrepancies:
        if d.claim != claim.id:
            continue
        weight = Counter({i: len({origin[a] for a in v.articles}) for i, v in enumerate(d.values)})
        ranked = weight.most_common()
        if len(ranked) > 1 and ranked[0][1] == ranked[1][1]:
            continue  # no majority: abstain rather than call one side wrong
        majority = ranked[0][0]
        for i, v in enumerate(d.values):
            if i != majority:
                out.update(outlet[a] for a in v.articles)
    return out


def coverage(story: Story, main_support: int = 2) -> list[CoverageCell]:
    """One cell per outlet and main claim (support >= main_support), outlets in story order."""
    outlet = {a.id: a.source_name() for a in story.articles}
    origin = {a.id: a.origin or a.id for a in story.articles}
    outlets = list(dict.fromkeys(outlet[a.id] for a in story.articles))
    cells = []
    for c in story.claims:
        if c.support < main_support:
            continue
        against = _contradicting(c, story.discrepancies, outlet, origin)
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
