"""Where sources disagree: numbers, counts, money, percents, dates, durations, names and quote wording.

Precision first: two values are reported only when they measure the same thing (same counted noun,
currency, preposition or quoted passage) in sentences that state the same fact, and when no reading of
their wording (rounding, "about", "more than") lets both be true.
"""
from __future__ import annotations

import re
from collections import defaultdict
from datetime import date
from typing import Callable, Optional

import numpy as np

from ..model import DateMention, Discrepancy, DiscrepancyValue, Story
from .claims import Found, Group, Unit, same_source
from .facts import YEAR, Fact, ago, amounts, first_since, year_as_ago, years
from .lexicon import sense
from .text import names, stem
from .wording import name_swaps, norm_words, speaker_quotes, story_quotes

# Counted nouns that name different groups in one story (killed vs injured people): never compared story-wide.
GENERIC_NOUNS = {"people", "person", "men", "women", "children", "other", "time", "member", "victim",
                 "resident", "official", "countri", "nation", "side", "leader"}
# Units of measure: "200 metres downstream" and "20 metres short of the gap" are different distances.
MEASURES = {stem(w) for w in ("metres", "meters", "miles", "kilometres", "kilometers", "km", "feet", "foot",
                              "inches", "yards", "kilograms", "kg", "tonnes", "tons", "pounds", "litres", "liters",
                              "gallons", "degrees", "acres", "hectares", "points")}
STORY_WIDE_COSINE = 0.4  # sentences this related may state one amount (checked on the planted bench)
DEFINITE = re.compile(r"\b(?:the|all|these|those|all the)\s+$", re.I)
PARTITIVE = re.compile(r"\b(?:one|some|many|most|any|each|none|all|two|three|four|five)\s+of\s+(?:the\s+)?$", re.I)
ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}")
LABELS = {"count": "how many {noun}", "money": "the amount", "percent": "the share", "date": "when it happened",
          "duration": "how long since the last time", "ago": "how long ago it happened", "quote": "the wording of a quote",
          "entity": "who or where", "quantity": "the {noun}"}


def _facts(u: Unit, year_now: Optional[int], dates: list[DateMention] = ()) -> list[Fact]:
    """Every comparable fact in a unit; dates come from the analyze stage (resolved against publication)."""
    out = amounts(u.text) + years(u.text) + first_since(u.text, year_now) + ago(u.text)
    for d in dates:
        if d.start >= u.start and d.end <= u.end and d.value and not d.approx and ISO_DAY.match(d.value):
            day = float(date.fromisoformat(d.value[:10]).toordinal())
            out.append(Fact("day", d.text, d.start - u.start, d.end - u.start, "day", day, day))
    if year_now and not any(f.kind == "ago" for f in out):
        # "in 2009" against "more than two decades ago": compare both as years before publication
        ins = [f for f in out if f.kind == "year" and f.key == "in"]
        if len(ins) == 1:
            out.append(year_as_ago(ins[0], year_now))
    return out


def _context(text: str, f: Fact) -> tuple[str, str]:
    """Two words either side of a fact: enough to tell apart several numbers of one sentence."""
    return (" ".join(text[:f.start].split()[-2:]).lower(), " ".join(text[f.end:].split()[:2]).lower())


def _match(facts: list[Fact], f: Fact, text: str = "", other: str = "") -> Optional[Fact]:
    """The one fact measuring what f measures (same kind and key; when several, the same role or the same
    surrounding words), else None."""
    hits = [g for g in facts if g.kind == f.kind and g.key == f.key]
    if len(hits) > 1 and f.role:
        hits = [g for g in hits if sense(g.role) == sense(f.role)]  # none: what f counts is not there
    if len(hits) > 1 and text and other:
        ctx = _context(text, f)
        same = [g for g in hits if _context(other, g) == ctx]
        hits = same if len(same) == 1 else hits
    return hits[0] if len(hits) == 1 else None


def _pub_year(story: Story, article: str) -> Optional[int]:
    """The article's publication year (needed to turn "since 2017" into a span)."""
    pub = story.article(article).published
    return int(pub[:4]) if pub and pub[:4].isdigit() else None


def _kind(f: Fact) -> str:
    return {"year": "date", "day": "date", "ago": "duration"}.get(f.kind, f.kind)


def fact_table(units: list[Unit], story: Story) -> Callable[[int], list[Fact]]:
    """facts(i): the comparable facts of units[i], read once."""
    dates: dict[str, list[DateMention]] = defaultdict(list)
    for d in story.dates:
        dates[d.article].append(d)
    cache: dict[int, list[Fact]] = {}

    def facts(i: int) -> list[Fact]:
        if i not in cache:
            u = units[i]
            cache[i] = _facts(u, _pub_year(story, u.article), dates.get(u.article, []))
        return cache[i]

    return facts


def _conflicts_aligned(units: list[Unit], ok: np.ndarray, cos: np.ndarray, lex: np.ndarray,
                       facts: Callable[[int], list[Fact]], where: dict[int, int]) -> list[tuple[Found, Found]]:
    """Pairs of facts that cannot both hold, read from units aligned as stating the same fact."""
    pairs = []
    for i, j in zip(*np.nonzero(np.triu(ok))):
        ua, ub = units[i], units[j]
        if ua.article == ub.article or same_source(ua, ub) or not facts(i) or not facts(j):
            continue  # one report's sentences are compared only through "the N ..." (see _story_counts)
        strong = cos[i, j] >= 0.7
        close = cos[i, j] >= 0.8 or lex[i, j] >= 0.4  # "began in 1950" vs "ended in 1957" share too little
        for fa in facts(i):
            if fa.kind in ("money", "percent", "day") and not strong or fa.kind == "count" and not fa.key:
                continue
            if fa.kind in ("year", "day") and not close:
                continue
            fb = _match(facts(j), fa, ua.text, ub.text)
            if fb is None or _match(facts(i), fb, ub.text, ua.text) is not fa or fa.overlaps(fb):
                continue
            if fa.kind == "ago" and YEAR.fullmatch(fa.text) and YEAR.fullmatch(fb.text):
                continue  # two plain years: already compared as years
            pairs.append((Found(fa, ua, where[i]), Found(fb, ub, where[j])))
    return pairs


def _story_counts(units: list[Unit], where: dict[int, int], cos: np.ndarray) -> list[tuple[Found, Found]]:
    """Amounts of the same named thing anywhere in the story ("a dozen agreements" vs "the eleven agreements",
    "$2.4 million contract" vs "$4.2 million contract"), in one article or in related sentences of two."""
    by_key: dict[str, list[tuple[int, Found]]] = defaultdict(list)
    for i, u in enumerate(units):
        for f in amounts(u.text):
            noun = f.key.split(":")[-1].split("|")[0]
            if not noun or noun in GENERIC_NOUNS or noun in MEASURES or f.kind == "count" and f.lo < 2.5:
                continue
            if f.kind == "percent" or PARTITIVE.search(u.text[:f.start]):
                continue  # "one of the seven countries": a set, not the reported count
            by_key[f.key].append((i, Found(f, u, where[i])))
    pairs = []
    for found in by_key.values():
        if len(_value_clusters([x.fact for _, x in found])) != 2:
            continue  # one value: agreement; three or more: several different things counted
        for n, (i, x) in enumerate(found):
            for j, y in found[n + 1:]:
                if x.fact.overlaps(y.fact) or same_source(x.unit, y.unit):
                    continue
                if x.fact.role and y.fact.role and sense(x.fact.role) != sense(y.fact.role):
                    continue  # killed vs injured: different things counted
                if x.fact.kind == "count" and not (_definite(x) or _definite(y)):
                    continue  # only "the eleven agreements" refers back to a count stated elsewhere
                if x.unit.article == y.unit.article and x.fact.kind != "count":
                    continue
                if x.unit.article == y.unit.article or cos[i, j] >= STORY_WIDE_COSINE:
                    pairs.append((x, y))
    return pairs


def _definite(x: Found) -> bool:
    """The count is written as a known set: "the eleven agreements", "all 14 victims"."""
    return DEFINITE.search(x.unit.text, 0, x.fact.start) is not None


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
            same = (norm_words(x.fact.text) == norm_words(y.fact.text)) if x.fact.kind in ("quote", "entity") \
                else all(x.fact.overlaps(z.fact) for z in v)
            if same:
                v.append(x)
                break
        else:
            out.append([x])
    return out


def same_measure(g: Fact, f: Fact) -> bool:
    """g measures what f does: same kind, same currency and counted head noun ("resurfacing contract" is a
    contract), and no other role (hurt and injured are one)."""
    return (g.kind == f.kind and g.key.split("|")[0] == f.key.split("|")[0]
            and (not g.role or not f.role or sense(g.role) == sense(f.role)))


def _complete(vals: list[list[Found]], units: list[Unit], facts: Callable[[int], list[Fact]], ok: np.ndarray,
              where: dict[int, int]) -> None:
    """Every other unit that states one side's value of the same measure, and is aligned with (or grouped with)
    a sentence of that side, joins that side: an outlet stating a value is listed with it even when none of its
    sentences was paired with the other side (a looser wording, "just after 6 a.m. Tuesday", or another
    noun phrase, "the $2.4 million resurfacing contract")."""
    listed = {x.unit.order for v in vals for x in v}
    for n, side in enumerate(vals):
        groups = {x.group for x in side}
        near = set(np.nonzero(ok[[x.unit.order for x in side]].any(axis=0))[0].tolist())
        near |= {j for j, g in where.items() if g in groups}
        others = [y.fact for m, v in enumerate(vals) if m != n for y in v]
        for j in sorted(near - listed):
            for g in facts(j):
                if (all(same_measure(g, x.fact) and g.overlaps(x.fact) for x in side)
                        and not any(g.overlaps(y) for y in others)):
                    side.append(Found(g, units[j], where[j]))
                    listed.add(j)
                    break


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
    if x.fact.kind == "ago" and YEAR.fullmatch(t):
        t = "in " + t
    return f"“{t}”" if x.fact.kind == "quote" else t


def ledger(story: Story, units: list[Unit], groups: list[Group], sims: tuple[np.ndarray, np.ndarray, np.ndarray],
           facts: Optional[Callable[[int], list[Fact]]] = None) -> list[Discrepancy]:
    """The story's discrepancies, each with its kind, a one-line summary and the values by article."""
    cos, lex, ok = sims
    where = {m: gi for gi, g in enumerate(groups) for m in g.members}
    facts = facts or fact_table(units, story)
    pairs = (_conflicts_aligned(units, ok, cos, lex, facts, where) + _story_counts(units, where, cos)
             + _story_spans(units, where, story) + story_quotes(units, where) + speaker_quotes(story, units, where)
             + name_swaps(units, ok & (lex >= 0.4), story, where))  # the word diff only where it can pass
    outlet = {a.id: a.source_name() for a in story.articles}
    rank = {a.id: i for i, a in enumerate(story.articles)}
    out = []
    for comp in _components(pairs):
        vals = _values(comp)
        if len(vals) < 2:
            continue
        _complete(vals, units, facts, ok, where)
        kind = _kind(comp[0].fact)
        f0 = comp[0].fact
        label = LABELS.get("ago" if f0.kind == "ago" else kind, "a value").format(noun=f0.noun or _noun(comp[0]))
        if f0.kind == "count" and f0.role:
            label += f" were {f0.role}"
        values, parts = [], []
        for v in vals:
            arts = sorted({x.unit.article for x in v}, key=lambda a: rank.get(a, 0))
            first = next(x for x in v if x.unit.article == arts[0])  # text: the first listed article's sentence
            values.append(DiscrepancyValue(value=_shown(first), articles=arts, text=first.unit.sentence_text))
            parts.append((values[-1].value, list(dict.fromkeys(outlet[a] for a in arts))))
        all_outlets = {o for _, os_ in parts for o in os_}
        all_articles = {a for v in values for a in v.articles}
        if len(all_articles) > 1 and all(set(v.articles) == all_articles for v in values):
            continue  # every report states every value: different things in one text, not a disagreement
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
