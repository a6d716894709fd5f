"""Claims other reports back fact by fact: two sentences of different origins that state the same specific
values (two dates, a count of thousands of the same thing) in shared wording corroborate each other's claim,
even when each says more than those values and so was not aligned as the same claim ("pots with use-by dates
between June 14 and June 21" / "about 180,000 pots were affected ... all with use-by dates from June 14 to
June 21"). One shared date or sum is not enough: "recalled its yogurt on June 14, 2024" and "closed its plant
on June 14, 2024" are two facts of one day."""
from __future__ import annotations

import math
from collections import defaultdict
from typing import Callable

import numpy as np

from ..model import Evidence, Story
from .claims import Group, Unit, recount
from .discrepancies import same_measure
from .facts import Fact
from .text import content

SHARED_COSINE = 0.5  # the two sentences are still about one thing (MiniLM; sentences of one topic sit at 0.3-0.5)
SHARED_WORDING = 0.2  # and say it in shared words besides the values (Jaccard of content words, values left out)
CLEAR_WORDING = 0.4  # one large amount alone needs this much shared wording
LARGE = 100  # an amount this large of a named thing rarely coincides
BLOCK = 1024  # rows of a value's bucket compared at once (bounds the memory of the cosine submatrix)


def _value(f: Fact) -> float | None:
    """The value the fact states (the middle of what its wording allows), None for an open range."""
    if not (math.isfinite(f.lo) and math.isfinite(f.hi)):
        return None
    return (f.lo + f.hi) / 2


def _specific(f: Fact) -> bool:
    """A value precise enough to count: a date or an amount (spans and "ago" ranges are too loose)."""
    return f.kind in ("day", "year", "count", "money", "percent") and _value(f) is not None


def _large(f: Fact) -> bool:
    """An amount of LARGE or more of a named thing ("180,000 pots", "$2.4 million contract"; not "$2.4 million for")."""
    return f.kind in ("count", "money", "percent") and f.lo >= LARGE and bool(f.key.split(":")[-1].split("|")[0])


def _distinct(facts: list[Fact]) -> list[Fact]:
    """The specific facts of a sentence, one per span: of facts whose spans overlap the widest is kept
    ("June 14, 2024" is one day, not a day and a year)."""
    kept: list[Fact] = []
    for f in sorted((f for f in facts if _specific(f)), key=lambda f: (f.start - f.end, f.start, f.kind)):
        if not any(f.start < g.end and g.start < f.end for g in kept):
            kept.append(f)
    return kept


def _wording(text: str, facts: list[Fact]) -> frozenset[str]:
    """The content words of a sentence outside its values (the values are compared on their own)."""
    chars = list(text)
    for f in facts:
        chars[f.start:f.end] = " " * (f.end - f.start)
    return frozenset(content("".join(chars)))


def _key(f: Fact) -> tuple:
    """One value of one measure: what two sentences must both state to share it."""
    return f.kind, f.key.split("|")[0], round(_value(f), 6)


def _jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    return len(a & b) / len(a | b) if a | b else 0.0


def _conflict(a: list[Fact], b: list[Fact]) -> bool:
    """One sentence gives a value of a measure the other gives only other values of: they disagree, they do not
    corroborate (two dates of one sentence are two values, not a conflict)."""
    for mine, theirs in ((a, b), (b, a)):
        for x in mine:
            same = [y for y in theirs if same_measure(x, y)]
            if same and not any(x.overlaps(y) for y in same):
                return True
    return False


def _candidates(members: list[int], cos: np.ndarray, origin: np.ndarray, group: np.ndarray):
    """Pairs (i < j) of a bucket's units of different origins and claims, still about one thing (numpy, in
    blocks: a year thousands of sentences state is not a Python loop over millions of pairs)."""
    idx = np.asarray(members)
    for s in range(0, len(idx), BLOCK):
        rows = idx[s:s + BLOCK]
        ok = cos[np.ix_(rows, idx)] >= SHARED_COSINE
        ok &= origin[rows][:, None] != origin[idx][None, :]
        ok &= group[rows][:, None] != group[idx][None, :]
        ok &= rows[:, None] < idx[None, :]
        for a, b in zip(*np.nonzero(ok)):
            yield int(rows[a]), int(idx[b])


def _links(units: list[Unit], facts: Callable[[int], list[Fact]], cos: np.ndarray,
           where: dict[int, int]) -> list[tuple[int, int]]:
    """Pairs of units of different origins and claims that state the same specific values in shared wording
    and do not conflict: two values of distinct spans, or one large amount in clearly shared wording."""
    bucket: dict[tuple, list[int]] = defaultdict(list)
    values: dict[int, list[Fact]] = {}
    for i in range(len(units)):
        values[i] = _distinct(facts(i))
        for k in dict.fromkeys(map(_key, values[i])):
            bucket[k].append(i)
    codes: dict[str, int] = {}
    origin = np.array([codes.setdefault(u.origin, len(codes)) for u in units])  # ints compare fast
    group = np.array([where[i] for i in range(len(units))])
    shared: dict[tuple[int, int], list[tuple]] = defaultdict(list)
    for k, members in bucket.items():
        if len(members) > 1:
            for pair in _candidates(members, cos, origin, group):
                shared[pair].append(k)
    words: dict[int, frozenset[str]] = {}
    out = []
    for (i, j), keys in sorted(shared.items()):
        for n in (i, j):
            if n not in words:
                words[n] = _wording(units[n].text, facts(n))
        same = _jaccard(words[i], words[j])
        large = any(_large(f) for f in values[i] if _key(f) in keys)
        if same < SHARED_WORDING or len(keys) < 2 and not (large and same >= CLEAR_WORDING):
            continue
        if not _conflict(facts(i), facts(j)):
            out.append((i, j))
    return out


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
