"""Where sources disagree: numbers, counts, money, percents, dates, durations, names and quote wording.

Precision first: two values are reported only when they measure the same thing (same counted noun,
currency, preposition or quoted passage) in sentences that state the same fact, and when no reading of
their wording (rounding, "about", "more than") lets both be true.
"""
from __future__ import annotations

import difflib
import re
from collections import defaultdict
from dataclasses import dataclass
from typing import Optional

import numpy as np

from ..model import Discrepancy, DiscrepancyValue, Story
from .claims import Group, Unit
from .facts import Fact, amounts, first_since, quotes, years
from .text import names, words

# Counted nouns that name different groups in one story (killed vs injured people): never compared story-wide.
GENERIC_NOUNS = {"people", "person", "men", "women", "children", "other", "time", "member", "victim",
                 "resident", "official", "countri", "nation", "side", "leader"}
PARTITIVE = re.compile(r"\b(?:one|some|many|most|any|each|none|all|two|three|four|five)\s+of\s+(?:the\s+)?$", re.I)
SPELLING = re.compile(r"(ise|ize|yse|yze|our|or|ence|ense|ogue|og|re|er|ll|l)$")
LABELS = {"count": "how many {noun}", "money": "the amount", "percent": "the share", "date": "the year",
          "duration": "how long since the last time", "quote": "the wording of a quote",
          "entity": "who or where"}


@dataclass
class Found:
    """A fact with the unit it was read from."""

    fact: Fact
    unit: Unit
    group: int  # index of the unit's group


def _facts(u: Unit, year_now: Optional[int]) -> list[Fact]:
    """Every comparable fact in a unit."""
    return amounts(u.text) + years(u.text) + first_since(u.text, year_now)


def _single(facts: list[Fact], kind: str, key: str) -> Optional[Fact]:
    """The one fact of this kind and key, or None when there are none or several (ambiguous)."""
    hits = [f for f in facts if f.kind == kind and f.key == key]
    return hits[0] if len(hits) == 1 else None


def _pub_year(story: Story, article: str) -> Optional[int]:
    """The article's publication year (needed to turn "since 2017" into a span)."""
    pub = story.article(article).published
    return int(pub[:4]) if pub and pub[:4].isdigit() else None


def _kind(f: Fact) -> str:
    return "date" if f.kind == "year" else f.kind


def _conflicts_in_groups(groups: list[Group], cos: np.ndarray, story: Story) -> list[tuple[Found, Found]]:
    """Pairs of facts that cannot both hold, read from units aligned into one claim."""
    pairs = []
    for gi, g in enumerate(groups):
        if len(g.units) < 2:
            continue
        facts = [_facts(u, _pub_year(story, u.article)) for u in g.units]
        for a in range(len(g.units)):
            for b in range(a + 1, len(g.units)):
                ua, ub = g.units[a], g.units[b]
                if ua.origin == ub.origin and ua.article != ub.article:
                    continue  # copies of one report are the same source
                strong = cos[g.members[a], g.members[b]] >= 0.7
                for fa in facts[a]:
                    if fa.kind in ("money", "percent") and not strong:
                        continue
                    fb = _single(facts[b], fa.kind, fa.key)
                    if fb is None or _single(facts[a], fa.kind, fa.key) is None or fa.overlaps(fb):
                        continue
                    if fa.kind == "count" and not fa.key:
                        continue
                    pairs.append((Found(fa, ua, gi), Found(fb, ub, gi)))
    return pairs


def _story_counts(units: list[Unit], where: dict[int, int]) -> list[tuple[Found, Found]]:
    """Counts of the same thing anywhere in the story ("a dozen agreements" vs "the eleven agreements")."""
    by_key: dict[str, list[Found]] = defaultdict(list)
    for i, u in enumerate(units):
        for f in amounts(u.text):
            if f.kind != "count" or not f.key or f.key in GENERIC_NOUNS or f.lo < 2.5:
                continue
            if PARTITIVE.search(u.text[:f.start]):
                continue  # "one of the seven countries": a set, not the reported count
            by_key[f.key].append(Found(f, u, where[i]))
    pairs = []
    for key, found in by_key.items():
        clusters = _value_clusters([x.fact for x in found])
        if len(clusters) != 2:
            continue  # one value: agreement; three or more: several different things counted
        for i, x in enumerate(found):
            for y in found[i + 1:]:
                if not x.fact.overlaps(y.fact) and not (x.unit.origin == y.unit.origin and x.unit.article != y.unit.article):
                    pairs.append((x, y))
    return pairs


def _value_clusters(facts: list[Fact]) -> list[list[Fact]]:
    """Facts grouped so each group's values overlap."""
    clusters: list[list[Fact]] = []
    for f in sorted(facts, key=lambda f: (f.lo, f.hi)):
        for c in clusters:
            if all(f.overlaps(g) for g in c):
                c.append(f)
                break
        else:
            clusters.append([f])
    return clusters


def _story_spans(units: list[Unit], where: dict[int, int], story: Story) -> list[tuple[Found, Found]]:
    """'first ... since 2017' vs 'first ... in more than a decade' about the same place, anywhere in the story."""
    found = []
    for i, u in enumerate(units):
        for f in first_since(u.text, _pub_year(story, u.article)):
            first = u.text.lower().rfind("first", 0, f.start)
            target = names(u.text[first:f.start]) if first >= 0 else set()
            if target:
                found.append((Found(f, u, where[i]), target))
    pairs = []
    for i, (x, tx) in enumerate(found):
        for y, ty in found[i + 1:]:
            if tx & ty and not x.fact.overlaps(y.fact) and x.unit.origin != y.unit.origin:
                pairs.append((x, y))
    return pairs


def _norm_words(text: str) -> list[str]:
    return [w.lower() for w in words(text)]


def _spelling_only(a: list[str], b: list[str]) -> bool:
    """True when two word lists differ only by spelling variants or one-letter typos."""
    if len(a) != len(b):
        return False
    for x, y in zip(a, b):
        if x == y:
            continue
        if SPELLING.sub("", x) == SPELLING.sub("", y) and len(x) > 4:
            continue
        if len(x) > 4 and difflib.SequenceMatcher(None, x, y).ratio() >= 0.9:
            continue
        return False
    return True


def _story_quotes(units: list[Unit], where: dict[int, int]) -> list[tuple[Found, Found]]:
    """The same quoted passage worded differently (not a shorter excerpt, not a spelling variant)."""
    found = [(Found(f, u, where[i]), _norm_words(f.text)) for i, u in enumerate(units) for f in quotes(u.text)]
    pairs = []
    for i, (x, wx) in enumerate(found):
        for y, wy in found[i + 1:]:
            if wx == wy or x.unit.origin == y.unit.origin and x.unit.article != y.unit.article:
                continue
            sm = difflib.SequenceMatcher(None, wx, wy, autojunk=False)
            if sm.ratio() < 0.75 or min(len(wx), len(wy)) < 4:
                continue
            ops = [op for op in sm.get_opcodes() if op[0] != "equal"]
            inner = [op for op in ops if 0 < op[1] < len(wx) and 0 < op[3] < len(wy)]
            if not inner:
                continue  # one quote is a shorter excerpt of the other
            if all(op[0] == "replace" and _spelling_only(wx[op[1]:op[2]], wy[op[3]:op[4]]) for op in inner):
                continue
            pairs.append((x, y))
    return pairs


def _name_swaps(groups: list[Group], cos: np.ndarray, story: Story) -> list[tuple[Found, Found]]:
    """Near-identical aligned sentences where one name replaces another that the other report never uses."""
    pairs = []
    for gi, g in enumerate(groups):
        for a in range(len(g.units)):
            for b in range(a + 1, len(g.units)):
                ua, ub = g.units[a], g.units[b]
                if ua.article == ub.article or ua.origin == ub.origin:
                    continue
                wa, wb = ua.text.split(), ub.text.split()
                sm = difflib.SequenceMatcher(None, wa, wb, autojunk=False)
                if sm.ratio() < 0.6:
                    continue
                for op, i1, i2, j1, j2 in sm.get_opcodes():
                    if op != "replace":
                        continue
                    na, nb = " ".join(wa[i1:i2]).strip(".,;:'’\"“”()"), " ".join(wb[j1:j2]).strip(".,;:'’\"“”()")
                    if not (_is_name(na) and _is_name(nb)) or _same_name(na, nb):
                        continue
                    ta, tb = story.article(ua.article).text, story.article(ub.article).text
                    if na.lower() in tb.lower() or nb.lower() in ta.lower():
                        continue  # both reports know both names: a different role, not a swap
                    fa = Fact("entity", na, ua.text.find(na), ua.text.find(na) + len(na), "", 0, 0)
                    fb = Fact("entity", nb, ub.text.find(nb), ub.text.find(nb) + len(nb), "", 0, 0)
                    pairs.append((Found(fa, ua, gi), Found(fb, ub, gi)))
    return pairs


def _is_name(s: str) -> bool:
    toks = s.split()
    return 0 < len(toks) <= 4 and all(t[:1].isupper() for t in toks) and any(c.islower() for c in s)


def _same_name(a: str, b: str) -> bool:
    """Same name written differently: one inside the other, or a small typo."""
    la, lb = a.lower(), b.lower()
    if la in lb or lb in la or set(la.split()) & set(lb.split()):
        return True
    return difflib.SequenceMatcher(None, la, lb).ratio() >= 0.8


def _ident(x: Found) -> tuple[int, int, str]:
    return (x.unit.order, x.fact.start, x.fact.kind)


def _components(pairs: list[tuple[Found, Found]]) -> list[list[Found]]:
    """Connected groups of conflicting facts: each becomes one discrepancy."""
    parent: dict[tuple, tuple] = {}
    items: dict[tuple, Found] = {}

    def root(k):
        while parent[k] != k:
            parent[k] = parent[parent[k]]
            k = parent[k]
        return k

    for x, y in pairs:
        for f in (x, y):
            items.setdefault(_ident(f), f)
            parent.setdefault(_ident(f), _ident(f))
        ra, rb = root(_ident(x)), root(_ident(y))
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    comps: dict[tuple, list[Found]] = defaultdict(list)
    for k in sorted(items):
        comps[root(k)].append(items[k])
    return [comps[k] for k in sorted(comps)]


def _values(comp: list[Found]) -> list[list[Found]]:
    """The component's facts grouped by the value they state, in order of first appearance."""
    out: list[list[Found]] = []
    for x in comp:
        for v in out:
            y = v[0]
            same = (_norm_words(x.fact.text) == _norm_words(y.fact.text)) if x.fact.kind in ("quote", "entity") \
                else all(x.fact.overlaps(z.fact) for z in v)
            if same:
                v.append(x)
                break
        else:
            out.append([x])
    return out


def _noun(x: Found) -> str:
    """The counted noun as written after the number."""
    m = re.search(r"[A-Za-z][A-Za-z\-]*", x.unit.text[x.fact.end:x.fact.end + 60])
    for w in re.findall(r"[A-Za-z][A-Za-z\-]*", x.unit.text[x.fact.end:x.fact.end + 60])[:4]:
        if w.lower().startswith(x.fact.key[:max(3, len(x.fact.key) - 1)]):
            return w
    return m.group(0) if m else "items"


def _shown(x: Found) -> str:
    t = x.fact.text
    if x.fact.kind == "duration" and t.lower().startswith(("in ", "for ")):
        t = t.split(" ", 1)[1]
    if x.fact.kind == "duration" and t.lower().startswith("since the "):
        t = "since " + t[10:]
    return f"“{t}”" if x.fact.kind == "quote" else t


def ledger(story: Story, units: list[Unit], groups: list[Group], cos: np.ndarray) -> list[Discrepancy]:
    """The story's discrepancies, each with its kind, a one-line summary and the values by article."""
    where = {m: gi for gi, g in enumerate(groups) for m in g.members}
    pairs = (_conflicts_in_groups(groups, cos, story) + _story_counts(units, where)
             + _story_spans(units, where, story) + _story_quotes(units, where) + _name_swaps(groups, cos, story))
    outlet = {a.id: a.outlet or a.id for a in story.articles}
    rank = {a.id: i for i, a in enumerate(story.articles)}
    out = []
    for comp in _components(pairs):
        vals = _values(comp)
        if len(vals) < 2:
            continue
        kind = _kind(comp[0].fact)
        label = LABELS.get(kind, "a value").format(noun=_noun(comp[0]))
        values, parts = [], []
        for v in vals:
            arts = sorted({x.unit.article for x in v}, key=lambda a: rank.get(a, 0))
            values.append(DiscrepancyValue(value=_shown(v[0]), articles=arts, text=v[0].unit.sentence_text))
            parts.append((values[-1].value, list(dict.fromkeys(outlet[a] for a in arts))))
        all_outlets = {o for _, os_ in parts for o in os_}
        all_articles = {a for v in values for a in v.articles}
        if len(all_articles) == 1:
            summary = f"{parts[0][1][0]} is inconsistent on {label}: " + " vs ".join(p for p, _ in parts)
        else:
            who = "Outlets" if len(all_outlets) > 1 else parts[0][1][0]
            summary = f"{who} disagree on {label}: " + " vs ".join(f"{p} ({', '.join(o)})" for p, o in parts)
        g = groups[comp[0].group]
        out.append(Discrepancy(id="", kind=kind, summary=summary, values=values,
                               claim=g.claim.id if g.claim else None))
    for n, d in enumerate(out, 1):
        d.id = f"d{n}"
    return out
