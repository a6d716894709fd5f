"""Claims other reports back fact by fact: two sentences of different origins that state the same specific
values (two dates, a count of thousands of the same thing) corroborate each other's claim, even when each says
more than those values and so was not aligned as the same claim ("pots with use-by dates between June 14 and
June 21" / "about 180,000 pots were affected ... all with use-by dates from June 14 to June 21")."""
from __future__ import annotations

import math
from collections import defaultdict
from typing import Callable

import numpy as np

from ..model import Evidence, Story
from .claims import Group, Unit, recount
from .discrepancies import same_measure
from .facts import Fact

SHARED_COSINE = 0.5  # the two sentences are still about one thing (MiniLM; sentences of one topic sit at 0.3-0.5)
SPECIFIC = 2  # how much shared detail makes two sentences tell the same fact
LARGE = 100  # an amount this large rarely coincides: it alone is specific


def _value(f: Fact) -> float | None:
    """The value the fact states (the middle of what its wording allows), None for an open range."""
    if not (math.isfinite(f.lo) and math.isfinite(f.hi)):
        return None
    return (f.lo + f.hi) / 2


def _weight(f: Fact) -> int:
    """How specific a stated value is: a date counts one, a small count one, an amount of LARGE or more two."""
    if f.kind in ("day", "year"):
        return 1
    if f.kind in ("count", "money", "percent"):
        return 2 if f.lo >= LARGE else 1
    return 0  # spans and "ago" ranges are too loose to tell two sentences apart


def _conflict(a: list[Fact], b: list[Fact]) -> bool:
    """One sentence gives a value of a measure the other gives only other values of: they disagree, they do not
    corroborate (two dates of one sentence are two values, not a conflict)."""
    for mine, theirs in ((a, b), (b, a)):
        for x in mine:
            same = [y for y in theirs if same_measure(x, y)]
            if same and not any(x.overlaps(y) for y in same):
                return True
    return False


def _links(units: list[Unit], facts: Callable[[int], list[Fact]], cos: np.ndarray,
           where: dict[int, int]) -> list[tuple[int, int]]:
    """Pairs of units of different origins and claims that share SPECIFIC weight of values and do not conflict."""
    bucket: dict[tuple, set[int]] = defaultdict(set)
    worth: dict[tuple, int] = {}
    for i in range(len(units)):
        for f in facts(i):
            v = _value(f)
            if v is not None and _weight(f):
                k = (f.kind, f.key.split("|")[0], round(v, 6))  # one value of one measure
                bucket[k].add(i)
                worth[k] = _weight(f)
    weight: dict[tuple[int, int], int] = defaultdict(int)
    for k, members in bucket.items():
        w = worth[k]
        ms = sorted(members)
        for n, i in enumerate(ms):
            for j in ms[n + 1:]:
                if units[i].origin != units[j].origin and where[i] != where[j]:
                    weight[(i, j)] += w
    return [(i, j) for (i, j), w in sorted(weight.items())
            if w >= SPECIFIC and cos[i, j] >= SHARED_COSINE and not _conflict(facts(i), facts(j))]


def _as_cited(j: int, units: list[Unit], groups: list[Group], where: dict[int, int]) -> Unit:
    """Unit j as its own claim cites it (its whole sentence when the clauses were joined again)."""
    u = units[j]
    for v in groups[where[j]].units:
        if v.article == u.article and v.sentence == u.sentence and v.start <= u.start and u.end <= v.end:
            return v
    return u


def add_shared_support(story: Story, units: list[Unit], groups: list[Group], cos: np.ndarray,
                       facts: Callable[[int], list[Fact]]) -> None:
    """Give each claim the sentences of other origins that state its specific values (support and outlets
    recounted; claims are re-ranked afterwards by the caller)."""
    where = {m: gi for gi, g in enumerate(groups) for m in g.members}
    changed = {}
    for i, j in _links(units, facts, cos, where):
        for mine, other in ((i, j), (j, i)):
            claim = groups[where[mine]].claim
            u = _as_cited(other, units, groups, where)
            if claim is None or any(e.article == u.article for e in claim.evidence):
                continue
            claim.evidence.append(Evidence(article=u.article, text=u.text, start=u.start, end=u.end))
            changed[claim.id] = claim
    recount(story, list(changed.values()))
