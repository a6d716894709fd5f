"""The slots of a claim unit (what it counts and how many, the day, the clock time, the place) read from the
analyze stage, and the two ways two units that read alike can still tell different facts: a shared slot given
values that cannot both hold (a disagreement), or another occurrence of the same kind of event (another day,
another hour, another place)."""
from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from typing import Callable, Optional

from ..model import Story
from .claims import Unit
from .facts import Fact, _range, _value
from .lexicon import sense

AMOUNTS = {"count", "money", "percent", "quantity"}
PLACE_TYPES = {"GPE", "LOC", "FAC"}
CLOCK = re.compile(r"T(\d\d):(\d\d)")
DAY = re.compile(r"^\d{4}-\d{2}-\d{2}")
DIGITS = re.compile(r"\d[\d,]*(?:\.\d+)?")
# a day written as a date ("December 15", "Sep 20", "2013-05-02"), not one resolved from "Tuesday" or "yesterday"
CLOCK_TEXT = re.compile(r"\d{1,2}[:.]\d\d")
ABSOLUTE = re.compile(r"\d|\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\b", re.I)
# the day or hour something was said ("said on Tuesday (Sep 20)", "reported September 26") is not when it happened
REPORTED = re.compile(r"\b(?:said|says|told|reported|reports|announced|confirmed|stated|added|wrote|tweeted)"
                      r"(?:\s+(?:reporters|journalists|[A-Z][\w.]*))?\s+(?:on\s+|late\s+|early\s+)?$")
# a place named as where something happened: "a fire in Banstead", "outside a store in the city of Bloomington"
LOCATIVE = re.compile(r"\b(?:in|at|near|outside|inside|off|across)\s+(?:the\s+)?(?:(?:city|town|village|state|province|"
                      r"county|region|island|port|area|district|suburb)\s+of\s+)?(?:(?:northern|southern|eastern|western|"
                      r"central|north|south|east|west|downtown|rural|suburban|nearby)\s+)?$", re.I)
CLOCK_SLACK = 3  # minutes: "about 9:30" and "9:32" are one moment, two reports' rounding


@dataclass
class Slots:
    """What a unit states beyond its words: measured values, days, clock times (minutes) and places (entity ids)."""

    measures: list[Fact] = field(default_factory=list)
    days: set[int] = field(default_factory=set)
    clocks: set[int] = field(default_factory=set)
    places: set[str] = field(default_factory=set)  # where it happened
    place_names: set[str] = field(default_factory=set)  # their names, lower-case ("southern california")


def _quantity(text: str, start: int, end: int, unit: str, qualifier: Optional[str]) -> Optional[Fact]:
    """A measured quantity ("6.1-magnitude", "12 miles") as a fact keyed by its unit, with its rounding."""
    m = DIGITS.search(text)
    vt = _value(m.group(0).rstrip(",")) if m else None
    if vt is None:
        return None
    lo, hi = _range(vt[0], vt[1], qualifier)
    return Fact("quantity", text, start, end, unit.lower(), lo, hi, unit)


def _reported(text: str, start: int) -> bool:
    """The date at start is when something was said ("police said Saturday"), not when it happened."""
    return REPORTED.search(text, max(0, start - 40), start) is not None


def slot_table(units: list[Unit], story: Story, facts: Callable[[int], list[Fact]]) -> list[Slots]:
    """Slots of every unit: facts as corroborate reads them (but the day something was said), plus the analyze
    stage's quantities, days, clock times and places (nothing but the facts when that stage has not run)."""
    spans: dict[str, list[tuple[int, int, str, object]]] = defaultdict(list)
    texts = {a.id: a.text for a in story.articles}
    for d in story.dates:
        if d.value and not d.approx and not _reported(texts.get(d.article, ""), d.start):
            spans[d.article].append((d.start, d.end, "date", d.value if ABSOLUTE.search(CLOCK_TEXT.sub("", d.text)) else "T" + d.value[10:]))
    for n in story.numbers:
        if n.kind == "quantity" and n.unit and n.unit != "years old":
            spans[n.article].append((n.start, n.end, "quantity", n))
    for e in story.entities:
        if e.type in PLACE_TYPES:
            for m in e.mentions:
                if LOCATIVE.search(texts.get(m.article, "")[max(0, m.start - 50):m.start]):
                    spans[m.article].append((m.start, m.end, "place", (e.id, m.text.lower())))
    for v in spans.values():
        v.sort(key=lambda x: x[0])
    out = []
    for i, u in enumerate(units):
        text = texts.get(u.article, "")
        s = Slots(measures=[f for f in facts(i) if f.kind != "day" or not _reported(text, u.start + f.start)])
        for start, end, kind, val in spans.get(u.article, ()):
            if start < u.start or end > u.end:
                continue
            if kind == "place":
                s.places.add(val[0])
                s.place_names.add(val[1])
            elif kind == "quantity":
                q = _quantity(val.text, start - u.start, end - u.start, val.unit, val.qualifier)
                if q and not any(q.start < f.end and f.start < q.end for f in s.measures):  # "12 miles": a count already
                    s.measures.append(q)
            else:
                if DAY.match(val):
                    s.days.add(date.fromisoformat(val[:10]).toordinal())
                c = CLOCK.search(val)
                if c:
                    s.clocks.add(int(c.group(1)) * 60 + int(c.group(2)))
        out.append(s)
    return out


def _same_measure(g: Fact, f: Fact) -> bool:
    """g measures what f does: same kind, currency or unit, counted head noun, and no other role."""
    return (g.kind == f.kind and g.key.split("|")[0] == f.key.split("|")[0]
            and (not g.role or not f.role or sense(g.role) == sense(f.role)))


def value_conflict(a: Slots, b: Slots) -> bool:
    """One unit gives a value of a measure the other gives only other values of (three vs four officers,
    6.1 vs 5.9 magnitude); two values of one measure in a sentence are two values, not a conflict."""
    for mine, theirs in ((a.measures, b.measures), (b.measures, a.measures)):
        for x in mine:
            if x.kind not in AMOUNTS:
                continue  # years, days and spans are when it happened: the ledger weighs them
            same = [y for y in theirs if _same_measure(x, y)]
            if same and not any(x.overlaps(y) for y in same):
                return True
    return False


def other_occurrence(a: Slots, b: Slots, places_a: set[str], places_b: set[str]) -> bool:
    """The two units tell of the same kind of event on another day, at another hour, or in another place.

    places_a / places_b: every place the two units' articles name. Places conflict only when neither article
    names any place the other unit gives ("a fire in Banstead" vs "a fire in Wellington"), so a report that
    says "Paris" where another says "France" in another sentence still agrees.
    """
    if a.days and b.days and not a.days & b.days:
        return True
    if a.clocks and b.clocks and not any(abs(x - y) <= CLOCK_SLACK for x in a.clocks for y in b.clocks):
        return True
    if not (a.places and b.places) or a.places & places_b or b.places & places_a:
        return False
    return not any(x in y or y in x for x in a.place_names for y in b.place_names)  # "Southern California"


def article_places(story: Story) -> dict[str, set[str]]:
    """The place entities each article names."""
    out: dict[str, set[str]] = defaultdict(set)
    for e in story.entities:
        if e.type in PLACE_TYPES:
            for a in e.articles:
                out[a].add(e.id)
    return out
