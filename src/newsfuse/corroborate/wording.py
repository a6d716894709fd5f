"""Wording: quotations worded two ways, and a name put in another's place in a near-identical sentence."""
from __future__ import annotations

import difflib
import re
from typing import Optional

import numpy as np

from ..model import Story
from .claims import Found, Unit, same_source
from .facts import Fact, quotes
from .lexicon import CALENDAR
from .text import words

QUOTE_COSINE = 0.7  # one speaker's two quotes this close in meaning are one statement
SPELLING = re.compile(r"(ise|ize|yse|yze|our|or|ence|ense|ogue|og|re|er|ll|l)$")
APOSTROPHE = re.compile(r"\s*[’']\s*(?=[a-z])")
TIME_WORDS = {"am", "pm", "a", "m", "p", "gmt", "utc", "pst", "pdt", "est", "edt", "et", "bst", "cet", "cest", "local",
              "time", "hours", "h", "o'clock"}
STRIP = ".,;:'’\"“”()"


def norm_words(text: str) -> list[str]:
    """Lower-case words of a quotation, apostrophes joined ("year ’ s" and "year's" meet)."""
    return [w.lower() for w in words(APOSTROPHE.sub("'", text))]


def _spelling_only(a: list[str], b: list[str]) -> bool:
    """True when two word lists differ only by spelling variants or one-letter typos."""
    if len(a) != len(b):
        return False
    for x, y in zip(a, b):
        if x == y:
            continue
        if SPELLING.sub("", x) == SPELLING.sub("", y) and len(x) > 4:
            continue
        if len(x) > 4 and difflib.SequenceMatcher(None, x, y).ratio() >= 0.85:
            continue
        return False
    return True


def story_quotes(units: list[Unit], where: dict[int, int]) -> list[tuple[Found, Found]]:
    """The same quoted passage worded differently (not a shorter excerpt, not a spelling variant)."""
    found = [(Found(f, u, where[i]), norm_words(f.text)) for i, u in enumerate(units) for f in quotes(u.text)]
    pairs = []
    for i, (x, wx) in enumerate(found):
        for y, wy in found[i + 1:]:
            if not same_source(x.unit, y.unit) and _reworded(wx, wy, 0.75):
                pairs.append((x, y))
    return pairs


def _reworded(wx: list[str], wy: list[str], min_ratio: float) -> bool:
    """True when two quotations of one passage differ in wording (not an excerpt, not spelling)."""
    if wx == wy or min(len(wx), len(wy)) < 4:
        return False
    sm = difflib.SequenceMatcher(None, wx, wy, autojunk=False)
    if sm.ratio() < min_ratio:
        return False
    inner = [op for op in sm.get_opcodes() if op[0] != "equal" and 0 < op[1] < len(wx) and 0 < op[3] < len(wy)]
    if not inner and sm.ratio() >= 0.75:
        return False  # one quote is a shorter excerpt of the other
    return not all(_trivial(wx[op[1]:op[2]], wy[op[3]:op[4]]) for op in inner)


def _trivial(a: list[str], b: list[str]) -> bool:
    """A difference that is spelling, or the same number or time written another way."""
    if a and b and _spelling_only(a, b):
        return True
    rest = [w for w in a + b if not any(c.isdigit() for c in w)]
    return all(w in TIME_WORDS for w in rest)  # "6:41pm PST" vs "18:41": numbers are compared as numbers


def speaker_quotes(story: Story, units: list[Unit], where: dict[int, int]) -> list[tuple[Found, Found]]:
    """One speaker quoted by two reports saying the same thing in different words (analyze stage's quotes)."""
    qs = [q for q in story.quotes if q.speaker and len(q.text.split()) >= 6]
    if len(qs) < 2:
        return []
    from ..embed import get_embedder

    sims = get_embedder().similarity([q.text for q in qs], [q.text for q in qs])
    pairs = []
    for a in range(len(qs)):
        for b in range(a + 1, len(qs)):
            qa, qb = qs[a], qs[b]
            if qa.speaker != qb.speaker or sims[a, b] < QUOTE_COSINE or set(qa.articles) & set(qb.articles):
                continue
            if not _reworded(norm_words(qa.text), norm_words(qb.text), 0.3):
                continue
            fa, fb = _quote_found(qa, units, where), _quote_found(qb, units, where)
            if fa and fb and not same_source(fa.unit, fb.unit):
                pairs.append((fa, fb))
    return pairs


def _quote_found(q, units: list[Unit], where: dict[int, int]) -> Optional[Found]:
    """The quote located in the first unit of its first article that holds it."""
    for i, u in enumerate(units):
        if u.article in q.articles and q.text[:40] in u.text:
            at = u.text.find(q.text[:40])
            return Found(Fact("quote", q.text, at, at + len(q.text), "", 0, 0), u, where[i])
    return None


def name_swaps(units: list[Unit], near: np.ndarray, story: Story, where: dict[int, int]) -> list[tuple[Found, Found]]:
    """Near-identical sentences (`near`: aligned and sharing most words) where one name replaces another
    that the other report never uses."""
    pairs = []
    for i, j in zip(*np.nonzero(np.triu(near))):
        ua, ub = units[i], units[j]
        if ua.origin == ub.origin:
            continue
        wa, wb = ua.text.split(), ub.text.split()
        sm = difflib.SequenceMatcher(None, wa, wb, autojunk=False)
        ops = [op for op in sm.get_opcodes() if op[0] != "equal"]
        if sm.ratio() < 0.75 or len(ops) > 3:
            continue  # only a near-identical sentence shows that one name took another's place
        for op, i1, i2, j1, j2 in ops:
            if op != "replace" or i1 == 0 or j1 == 0:
                continue  # a sentence's first word may be capitalised without being a name
            na, nb = " ".join(wa[i1:i2]).strip(STRIP), " ".join(wb[j1:j2]).strip(STRIP)
            if not (_is_name(na) and _is_name(nb)) or _same_name(na, nb):
                continue
            if {na.lower(), nb.lower()} & CALENDAR:
                continue  # a weekday or month is when, not who or where: the dates are compared as dates
            ta, tb = story.article(ua.article).text.lower(), story.article(ub.article).text.lower()
            if na.lower() in tb or nb.lower() in ta:
                continue  # both reports know both names: a different role, not a swap
            fa = Fact("entity", na, ua.text.find(na), ua.text.find(na) + len(na), "", 0, 0)
            fb = Fact("entity", nb, ub.text.find(nb), ub.text.find(nb) + len(nb), "", 0, 0)
            pairs.append((Found(fa, ua, where[i]), Found(fb, ub, where[j])))
    return pairs


def _is_name(s: str) -> bool:
    """Capitalised words, not an abbreviation ("Sgt") and not a web address."""
    toks = s.split()
    return (0 < len(toks) <= 4 and all(t[:1].isupper() for t in toks) and any(c.islower() for c in s)
            and len(s) > 3 and not re.search(r"[./@]\w", s))


def _same_name(a: str, b: str) -> bool:
    """Same name written differently: one inside the other, or a small typo."""
    la, lb = a.lower(), b.lower()
    if la in lb or lb in la or set(la.split()) & set(lb.split()):
        return True
    return difflib.SequenceMatcher(None, la, lb).ratio() >= 0.8
