"""Speakers the text names by a common noun: an organisation ("the police", "the ministry", "the airline"),
its unnamed spokesperson ("a Shopee spokesperson", "a spokesperson for Interoute") or its statement."""
from __future__ import annotations

import bisect
import re
from typing import Optional

from ..model import Entity
from .mentions import ORG_HEADS
from .names import ORG_NOUNS

# People who speak for an organisation, not for themselves: their words are the organisation's.
SPOKES = frozenset({"spokesman", "spokeswoman", "spokesperson", "spokespeople", "spokesmen", "spokeswomen",
                    "representative", "official", "officer", "source"})
# Documents that speak for whoever issued them.
ISSUED = frozenset({"statement", "release", "announcement", "communique", "circular", "filing", "notice", "post"})
# Common nouns that name an organisation of one kind ("the ministry", "police"); the generic ones below name
# any organisation, so they refer back to the nearest one named.
KINDS = (ORG_HEADS | frozenset({"government", "ministry", "police", "embassy", "military", "cabinet", "regulator",
                                "watchdog", "fund", "board", "authority", "institute", "university", "hospital",
                                "school", "club", "team", "force", "service", "bureau", "secretariat", "court"}))
GENERIC = ORG_NOUNS | frozenset({"organisation", "organization", "group", "company", "firm", "airline", "carrier",
                                 "body", "operator", "club", "team", "agency", "ngo", "charity", "network"})
_DETERMINERS = frozenset({"the", "a", "an", "its", "their", "his", "her", "this", "that", "one"})
_LINKS = frozenset({"for", "of", "from", "at", "with", "to"})
_WORD = re.compile(r"[\w'’.-]+")
_POSSESSIVE = re.compile(r"['’]s?$")
# An unnamed spokesperson as a sentence's subject ("A Surrey Police spokeswoman said"), named or not after it.
SPOKES_NOUN = re.compile(r"\b(?:the|a|an)\s+(?:[\w'’-]+\s+){0,4}?(?P<noun>spokes(?:man|woman|person))\b"
                          r"(?!\s*,?\s+[A-Z])", re.I)
_SPOKES_SEX = {"man": "m", "woman": "f", "person": None}
LOOKBACK = 1500  # characters searched back for the organisation a bare noun refers to


class Descriptor:
    """A speaker phrase headed by an organisation noun, a spokesperson noun or a statement noun."""

    def __init__(self, words: list[tuple[int, int, str]], head: int):
        self.words, self.head = words, head
        self.noun = words[head][2].lower()

    def own_name(self) -> str:
        """The organisation as the phrase words it ("police", "Saudi foreign ministry"), no determiner."""
        end = self.head + 1 if self.noun not in SPOKES and self.noun not in ISSUED else self.head
        kept = [w for _, _, w in self.words[:end] if w.lower() not in _DETERMINERS]
        while kept and kept[-1].lower() in (SPOKES | ISSUED | _LINKS | {"news", "press", "joint", "written"}):
            kept.pop()
        return " ".join(_POSSESSIVE.sub("", w) for w in kept)


def descriptor(text: str, lo: int, hi: int) -> Optional[Descriptor]:
    """The phrase text[lo:hi] (from its last comma) as an organisation descriptor, or None when it is none.

    The head is the first spokesperson/statement noun ("a spokesperson for the ministry"), else an
    organisation noun ending the phrase ("the foreign ministry", "police"; not "court sources").
    """
    cut = text.rfind(",", lo, hi)
    lo = cut + 1 if cut >= 0 else lo
    words = [(lo + m.start(), lo + m.end(), m.group()) for m in _WORD.finditer(text[lo:hi])]
    if not words or len(words) > 9:
        return None
    low = [_POSSESSIVE.sub("", w.lower()).rstrip(".") for _, _, w in words]
    if low[0] in ("he", "she", "they", "it", "who", "which", "we", "i", "you"):
        return None
    for i, w in enumerate(low):
        if w in SPOKES or w in ISSUED:
            return Descriptor(words, i)
        if w in _LINKS:
            break
    if low[-1] in KINDS or low[-1] in GENERIC:
        return Descriptor(words, len(words) - 1)
    return None


def _outside(quotes: list[tuple[int, int]], pos: int) -> bool:
    """True when pos lies outside every quoted stretch."""
    return not any(a <= pos < b for a, b in quotes)


def _named_in(mentions, lo: int, hi: int, types) -> Optional[Entity]:
    """The last entity of the given types named inside [lo, hi)."""
    found = None
    for s, e, ent in mentions:
        if s >= hi:
            break
        if s >= lo and e <= hi and ent.type in types:
            found = ent
    return found


def _nearest_org(mentions, starts: list[int], quotes, pos: int, noun: Optional[str]) -> Optional[Entity]:
    """The nearest organisation named before pos (outside quotes, within LOOKBACK) whose name holds noun;
    any organisation when noun is None."""
    i = bisect.bisect_left(starts, pos) - 1
    while i >= 0:
        s, e, ent = mentions[i]
        if pos - e > LOOKBACK:
            return None
        if ent.type == "ORG" and e <= pos and _outside(quotes, s):
            names = [ent.name.lower(), *(a.lower() for a in ent.aliases)]
            if noun is None or any(noun in n.split() for n in names):
                return ent
        i -= 1
    return None


def _kind_or_nearest(ctx, kind: str, own: str, anchor: int, lo: int) -> tuple[Optional[Entity], str]:
    """The organisation an organisation noun refers to: for a generic one ("the company") the one named last,
    for a kind ("the ministry", "police") the nearest whose name holds it, else the noun's own words."""
    if kind in GENERIC:
        ent = _nearest_org(ctx.mentions, ctx.starts, ctx.quotes, anchor, None)
        return (ent, "descriptor-nearest") if ent is not None else (None, "descriptor-unclear")
    ent = _nearest_org(ctx.mentions, ctx.starts, ctx.quotes, anchor, kind)
    if ent is not None:
        return ent, "descriptor-kind"  # "the ministry" = "Ministry of Health" named before
    return Entity(id="", name=own, type="ORG"), "descriptor-noun"  # "police", "Saudi foreign ministry"


def resolve(ctx, lo: int, hi: int, anchor: int, depth: int = 0) -> tuple[Optional[Entity], str]:
    """The organisation a descriptor phrase text[lo:hi] speaks for; (None, "") when the phrase is none.

    An organisation named in the phrase ("an SIA spokesman"); else the organisation its noun refers to
    ("a company spokesperson", "the police"); a bare "the spokesman" / "the statement" is the one of that
    noun's last use, else an organisation named in this or the previous sentence; a person's agent, a
    nation's official or nothing fitting gives (None, "descriptor-unclear").
    """
    d = descriptor(ctx.text, lo, hi)
    if d is None:
        return None, ""
    p_lo, p_hi = d.words[0][0], d.words[-1][1]
    inside = _named_in(ctx.mentions, p_lo, p_hi, ("ORG",))
    if inside is not None:
        return inside, "descriptor-named"  # "an SIA spokesman", "a spokesperson for Interoute"
    if _named_in(ctx.mentions, p_lo, p_hi, ("PERSON", "NORP", "GPE")) is not None:
        return None, "descriptor-unclear"  # "Reid's rep", "a Saudi official": not the organisation itself
    own = d.own_name()
    qualifier = own.split()[-1].lower() if own else ""
    if d.noun in KINDS or d.noun in GENERIC:
        return _kind_or_nearest(ctx, d.noun, own, anchor, lo)
    if qualifier in KINDS or qualifier in GENERIC:
        return _kind_or_nearest(ctx, qualifier, own, anchor, lo)  # "a police spokeswoman", "a company spokesperson"
    if own:
        return None, "descriptor-unclear"
    if depth == 0:
        earlier = _previous_use(ctx, d, lo)
        if earlier is not None:
            ent, how = resolve(ctx, earlier[0], earlier[1], earlier[0], 1)
            if ent is not None:
                return ent, "descriptor-back"
    if d.noun in SPOKES:
        s_lo = _sentence_start(ctx, anchor, 1)
        ent = _nearest_org(ctx.mentions, ctx.starts, ctx.quotes, anchor, None)
        if ent is not None and _last_mention_end(ctx, ent, anchor) >= s_lo:
            return ent, "descriptor-nearest"
    return None, "descriptor-unclear"


def _sentence_start(ctx, pos: int, back: int) -> int:
    """Start of the sentence holding pos, or of the one back sentences before it."""
    starts = [s for s, _ in ctx.sent_bounds]
    k = bisect.bisect_right(starts, pos) - 1 - back
    return starts[k] if k >= 0 else 0


def _last_mention_end(ctx, ent: Entity, before: int) -> int:
    """Where the entity was last named before offset before (outside quotes)."""
    return max((e for s, e, x in ctx.mentions if x.id == ent.id and e <= before and _outside(ctx.quotes, s)),
               default=-1)


def _previous_use(ctx, d: Descriptor, lo: int) -> Optional[tuple[int, int]]:
    """The phrase of the last earlier use of the descriptor's noun (outside quotes, within LOOKBACK), from its
    sentence's last comma: "An SIA spokesman said" for a later "said the spokesman"."""
    family = SPOKES if d.noun in SPOKES else ISSUED
    for m in reversed(list(_NOUNS.finditer(ctx.text, max(0, lo - LOOKBACK), lo))):
        if m.group().lower() not in family or not _outside(ctx.quotes, m.start()):
            continue
        start = max(_sentence_start(ctx, m.start(), 0), ctx.text.rfind(",", 0, m.start()) + 1)
        verb = _SAID.search(ctx.text, start, m.start())
        return start, verb.start() if verb else m.end()  # "the ministry said in a statement": the ministry
    return None


_SAID = re.compile(r"\b(?:said|says|told|added|announced|stated|confirmed|wrote)\b")
_NOUNS = re.compile(r"\b(?:" + "|".join(sorted(SPOKES | ISSUED)) + r")\b", re.I)


def pronoun_antecedent(ctx, anchor: int, pronoun: str) -> Optional[Entity]:
    """"he"/"she": the first fitting PERSON named (outside quotes) in this or the two previous sentences."""
    want = {"he": "m", "she": "f"}.get(pronoun)
    k = bisect.bisect_right([b[0] for b in ctx.sent_bounds], anchor) - 1
    for idx in range(k, max(-1, k - 3), -1):
        lo, hi = ctx.sent_bounds[idx] if idx >= 0 else (0, anchor)
        hi = min(hi, anchor)
        # "A ministry spokesman said ...": he is the spokesman, not a person named after him
        spokes = next((m for m in SPOKES_NOUN.finditer(ctx.text, lo, hi) if _outside(ctx.quotes, m.start())
                       and _SPOKES_SEX.get(m.group("noun").lower()[6:], want) in (want, None)), None)
        for s, e, ent in ctx.mentions:
            if s >= hi or (spokes is not None and s > spokes.start()):
                break
            if (s >= lo and ent.type == "PERSON" and _outside(ctx.quotes, s)
                    and (want is None or ctx.genders.get(ent.id) in (None, want))):
                return ent  # the sentence's first person is its likeliest subject
        if spokes is not None and pronoun in ("he", "she"):
            return resolve(ctx, spokes.start(), spokes.end(), spokes.start())[0]
    return None


def last_fits(ctx, anchor: int, pronoun: str) -> bool:
    """True when the last quoted speaker is a person the pronoun fits, quoted at most four sentences back
    with no other person or spokesperson named (outside quotes) since."""
    if ctx.last is None or ctx.last[1].type != "PERSON" or not ctx.last[1].id:
        return False
    end, ent = ctx.last
    if ctx.genders.get(ent.id) != {"he": "m", "she": "f"}[pronoun]:
        return False  # only a person the text marks as such: "she" after an agent of unknown sex is unclear
    starts = [s for s, _ in ctx.sent_bounds]
    if bisect.bisect_right(starts, anchor) - bisect.bisect_right(starts, end) > 4:
        return False
    return not any(end <= s < anchor and x.type == "PERSON" and x.id != ent.id and _outside(ctx.quotes, s)
                   for s, _, x in ctx.mentions) and not SPOKES_NOUN.search(ctx.text, end, anchor)


def organisation_antecedent(ctx, anchor: int) -> Optional[Entity]:
    """"it": the organisation when exactly one is named (outside quotes) in this or the previous sentence."""
    k = bisect.bisect_right([b[0] for b in ctx.sent_bounds], anchor) - 1
    lo = ctx.sent_bounds[k - 1][0] if k >= 1 else 0
    orgs = {ent.id: ent for s, e, ent in ctx.mentions
            if lo <= s and e <= anchor and ent.type == "ORG" and _outside(ctx.quotes, s)}
    people = any(lo <= s and e <= anchor and ent.type == "PERSON" for s, e, ent in ctx.mentions)
    return next(iter(orgs.values())) if len(orgs) == 1 and not people else None
