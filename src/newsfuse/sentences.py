"""Sentence spans by rule, for text that spaCy has not seen (sources given to `check`, fallbacks)."""
from __future__ import annotations

import re
from typing import Iterator

# A sentence ends at . ! ? (optionally followed by a closing quote/bracket) before a capital or opening
# quote; a line break always ends one (scraped text puts headlines and paragraphs on their own lines).
SENTENCE_END = re.compile(r"(?<=[.!?…])[\"'”’)\]]*\s+(?=[\"'“‘(\[]?[A-Z0-9])|\n+")
# Abbreviations whose period does not end a sentence.
ABBREV = re.compile(r"\b(?:Mr|Mrs|Ms|Dr|Prof|Sen|Rep|Gov|Gen|Col|Lt|St|Jr|Sr|Inc|Ltd|Co|Corp|No|vs|U\.S|U\.K|U\.N|e\.g|i\.e|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)\.$")


def sentence_spans(text: str) -> Iterator[tuple[int, int]]:
    """(start, end) of each non-empty sentence of text, in order; offsets index into text."""
    start = 0
    for m in SENTENCE_END.finditer(text):
        head = text[start:m.start()].rstrip()
        if m.group(0).strip() == "" and "\n" not in m.group(0) and ABBREV.search(head):
            continue
        yield from _trimmed(text, start, m.start())
        start = m.end()
    yield from _trimmed(text, start, len(text))


def _trimmed(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    """The span without surrounding whitespace, when anything is left."""
    chunk = text[start:end]
    left = len(chunk) - len(chunk.lstrip())
    right = len(chunk.rstrip())
    if right > left:
        yield start + left, start + right
