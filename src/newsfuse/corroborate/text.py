"""Small text helpers shared by claims, discrepancies and check: sentences, content words, names, negation."""
from __future__ import annotations

import re

from ..sentences import sentence_spans

WORD = re.compile(r"[A-Za-z][A-Za-z'’\-]*[A-Za-z]|[A-Za-z]|\d+(?:[.,]\d+)*")
NAME = re.compile(r"(?<![\w'’])(?:[A-Z][a-z'’\-]+|[A-Z]{2,}|[A-Z]\.(?:[A-Z]\.)+)(?:\s+(?:[A-Z][a-z'’\-]+|[A-Z]{2,}))*")
NEGATION = re.compile(r"\b(?:not|no|never|none|nobody|nothing|neither|nor|without|cannot|n't|denied|denies|refused|failed|unable)\b|n['’]t\b", re.I)

STOPWORDS = frozenset("""
a an the and or but if then than that this these those there here of in on at to for from by with as into onto
upon about over under after before during while since until up down out off again further once so such too very
can could would should will shall may might must do does did done doing have has had having be is are was were been
being am it its it's he him his she her hers they them their theirs we us our ours you your yours i me my mine who whom
whose which what when where why how all any both each few more most other some own same only also just not no nor
s t said says say told according also however meanwhile amid among including via per
across against along around behind below beneath beside besides between beyond inside near outside through
throughout toward towards within without despite except ago than like unlike
""".split())


def split_sentences(text: str) -> list[str]:
    """The sentences of text as written."""
    return [text[s:e] for s, e in sentence_spans(text)]


def words(text: str) -> list[str]:
    """Word and number tokens in order."""
    return WORD.findall(text.replace("’", "'"))


def stem(word: str) -> str:
    """A crude stem so plural/verb forms meet (agreements/agreement, signed/signs); not a lemmatizer."""
    w = word.lower().replace("'s", "")
    for suf in ("ing", "ed", "es", "s"):
        if len(w) > len(suf) + 3 and w.endswith(suf):
            return w[: -len(suf)]
    return w


def content(text: str) -> list[str]:
    """Stems of the content words (no stopwords), in order."""
    return [stem(w) for w in words(text) if w.lower() not in STOPWORDS and not w.isdigit()]


def names(text: str) -> set[str]:
    """Capitalised names in text; a single capitalised word that only starts the sentence is skipped."""
    out = set()
    for m in NAME.finditer(text):
        name = m.group(0)
        before = text[:m.start()].rstrip()
        at_start = before == "" or before[-1] in ".!?\"“‘:(\n"
        if at_start and " " not in name and not (name.isupper() and len(name) > 1):
            continue
        if name.lower() in COMMON_CAPS:
            continue
        out.add(name)
    return out


COMMON_CAPS = frozenset("""
mr mrs ms dr president prime minister but and the a an in on at after before during while when as it this that
there their they he she we i his her its our some many most several two three four one five six seven eight nine ten
""".split())


def negated(text: str) -> bool:
    """True when the text holds a negation word."""
    return NEGATION.search(text) is not None
