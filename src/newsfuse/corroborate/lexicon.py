"""Word-level signals for `check`: name/code tokens, ordinals, closed-class swaps and antonym flips.

Closed classes (colours, ordinals, weekdays, months, compass points, sex/kin, corporate titles, legal
outcomes, crimes) hold values a summary cannot trade for one another: "green paint" for "blue paint" or
"murder" for "manslaughter" changes the fact while leaving the sentence's meaning vector almost unchanged.
"""
from __future__ import annotations

import re

from .text import STOPWORDS, stem, words

# Capitalised words, acronyms with dots, and letter-digit codes ("SARS-CoV-2", "mRNA-1345").
TOKEN = re.compile(r"[A-Za-z0-9][A-Za-z0-9'\-.]*[A-Za-z0-9]|[A-Za-z0-9]")
ORDINALS = {"first": "1", "second": "2", "third": "3", "fourth": "4", "fifth": "5", "sixth": "6",
            "seventh": "7", "eighth": "8", "ninth": "9", "tenth": "10"}
CLASSES = tuple(frozenset(c.split()) for c in (
    "red orange yellow green blue purple violet pink white black brown grey gray gold silver",
    "first second third fourth fifth sixth seventh eighth ninth tenth last final",
    "monday tuesday wednesday thursday friday saturday sunday",
    "january february march april june july august september october november december",
    "north south east west northern southern eastern western northeast northwest southeast southwest",
    "man woman men women boy girl boys girls male female husband wife son daughter father mother brother sister",
    "founder co-founder ceo chairman chairwoman president chief director manager owner executive",
    "arrested charged indicted convicted acquitted sentenced jailed pardoned freed",
    "murder manslaughter homicide fraud theft robbery assault rape kidnapping bribery embezzlement",
))
ANTONYM_PAIRS = (
    ("increase", "decrease"), ("increase", "decline"), ("rise", "fall"), ("rise", "decline"), ("gain", "loss"),
    ("ahead", "back"), ("ahead", "behind"), ("forward", "backward"), ("forward", "backwards"), ("win", "lose"),
    ("won", "lost"), ("guilty", "innocent"), ("convicted", "acquitted"), ("arrested", "released"),
    ("struggling", "thriving"), ("troubled", "successful"), ("troubled", "triumphant"), ("profit", "loss"),
    ("higher", "lower"), ("more", "less"), ("before", "after"), ("open", "closed"), ("accept", "reject"),
    ("support", "oppose"), ("approved", "rejected"), ("allowed", "banned"), ("start", "end"), ("began", "ended"),
    ("early", "late"), ("large", "small"), ("rescue", "sink"), ("up", "down"),
)


# Words news writes interchangeably for one outcome ("two people died" / "killing two people", "14 were hurt" /
# "14 were injured"): a count's context and a casualty's role meet across them. Agency (killed vs died) is not
# a fact a casualty count states, so the senses are kept broad.
SENSES = {
    "die": "die died dies dying dead death deaths kill killed killing kills fatal fatally fatalities",
    "injure": "injure injured injuring injuries injury hurt hurting wound wounded wounding wounds",
}
SENSE_OF = {stem(w)[:5]: name for name, ws in SENSES.items() for w in ws.split()}


def key(word: str) -> str:
    """Five-letter prefix of the crude stem (arrested/arrests meet without a lemmatizer); words of one sense
    (died/killed, hurt/injured) share one key."""
    k = stem(word)[:5]
    return SENSE_OF.get(k, k)


def sense(word: str) -> str:
    """The word's sense when it has one (hurt -> injure), else its crude stem: what a casualty count's role is."""
    s = stem(word)
    return SENSE_OF.get(s[:5], s)


def _antonyms() -> dict[str, frozenset[str]]:
    """Stem key -> stem keys of its opposites (both directions)."""
    out: dict[str, set[str]] = {}
    for a, b in ANTONYM_PAIRS:
        out.setdefault(key(a), set()).add(key(b))
        out.setdefault(key(b), set()).add(key(a))
    return {k: frozenset(v) for k, v in out.items()}


ANTONYMS = _antonyms()


def _bare(tok: str) -> str:
    """The token without a possessive and without a sentence's final period ("U.K." keeps its dots)."""
    t = tok[:-2] if tok.endswith("'s") else tok
    return t.rstrip(".") if t.count(".") == 1 else t


def codes(text: str) -> set[str]:
    """Names and codes in text, lower-cased without dots: capitalised words past the first and letter-digit tokens."""
    out = set()
    for i, tok in enumerate(TOKEN.findall(text.replace("’", "'"))):
        t = _bare(tok)
        has_digit = any(c.isdigit() for c in t)
        if (i > 0 and t[:1].isupper()) or (has_digit and any(c.isalpha() for c in t)):
            low = t.lower()
            if low not in STOPWORDS and low not in ORDINALS:
                out.add(low.replace(".", ""))
    return out


def tokens(text: str) -> set[str]:
    """Every token of text as codes() writes it (lower case, possessive and dots dropped)."""
    return {_bare(tok).lower().replace(".", "") for tok in TOKEN.findall(text.replace("’", "'"))}


def ordinals(text: str) -> set[str]:
    """Ordinal words as digits ("fourth quarter" -> "4"), so a changed ordinal counts as a changed number."""
    return {ORDINALS[w.lower()] for w in words(text) if w.lower() in ORDINALS}


def swaps(sentence: str, evidence: str) -> list[str]:
    """Words of the sentence that replace a same-class word or an opposite of the evidence ("green" for "blue")."""
    sw = {w.lower() for w in words(sentence)}
    ew = {w.lower() for w in words(evidence)}
    out = []
    for cls in CLASSES:
        mine = sorted((sw & cls) - ew)
        if mine and (ew & cls) - sw:
            out.extend(mine)
    sk = {key(w): w for w in sorted(sw)}
    ek = {key(w) for w in ew}
    for k, w in sk.items():
        if k not in ek and ANTONYMS.get(k, frozenset()) & (ek - set(sk)):
            out.append(w)
    return out


CALENDAR = CLASSES[2] | CLASSES[3]  # weekdays and months: when, not who or where


def proper_words(sentences: list[str]) -> set[str]:
    """Words the texts write only capitalised and at least once inside a sentence: names ("Kim", "Hanoi")."""
    caps, lower = set(), set()
    for text in sentences:
        for i, tok in enumerate(TOKEN.findall(text.replace("’", "'"))):
            t = _bare(tok)
            if t[:1].islower():
                lower.add(t)
            elif i > 0 and t[:1].isupper():
                caps.add(t.lower())
    return caps - lower - STOPWORDS


def name_runs(text: str, proper: frozenset[str] | set[str] = frozenset()) -> list[tuple[str, frozenset[str]]]:
    """The names of text as (name as written, its tokens as codes() writes them): runs of adjacent capitalised
    tokens past the first word; the first word joins a run it touches ("Kim Jong Un") and is a name of its own
    when it is in `proper` (words known to be names: "Kim visited Hanoi"); days and months are left out, they
    say when and not who or where."""
    text = text.replace("’", "'")
    toks = list(TOKEN.finditer(text))
    runs: list[list[re.Match]] = []
    for i, m in enumerate(toks):
        t = _bare(m.group(0))
        low = t.lower()
        is_name = (t[:1].isupper() and low not in STOPWORDS and low not in ORDINALS and low not in CALENDAR
                   and (i > 0 or low in proper
                        or len(toks) > 1 and toks[1].group(0)[:1].isupper() and not text[m.end():toks[1].start()].strip()))
        if not is_name:
            continue
        if runs and runs[-1][-1] is toks[i - 1] and not text[toks[i - 1].end():m.start()].strip():
            runs[-1].append(m)
        else:
            runs.append([m])
    out = []
    for run in runs:
        end = run[-1].end()
        end += "." in run[-1].group(0) and text[end:end + 1] == "."  # "U.K." keeps its last dot
        shown = text[run[0].start():end]
        shown = shown[:-2] if shown.endswith("'s") else shown
        out.append((shown, frozenset(_bare(m.group(0)).lower().replace(".", "") for m in run)))
    return out
