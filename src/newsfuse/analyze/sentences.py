"""Sentences of an article body with character offsets into `Article.text`."""
from __future__ import annotations

import re

from ..model import Sentence

_NEWLINE = re.compile(r"\n+")


def split_sentences(article_id: str, doc) -> list[Sentence]:
    """Every non-blank stretch of the text in one Sentence; a sentence never crosses a line break."""
    text = doc.text
    out: list[Sentence] = []
    for sent in doc.sents:
        start = sent.start_char
        # Headlines and paragraphs are lines: a model boundary inside a line is kept, one across lines added.
        pieces = _NEWLINE.split(text[start : sent.end_char])
        offset = start
        for piece in pieces:
            piece_start = text.index(piece, offset) if piece else offset
            offset = piece_start + len(piece)
            stripped = piece.strip()
            if not stripped:
                continue
            s = piece_start + (len(piece) - len(piece.lstrip()))
            e = s + len(stripped)
            out.append(Sentence(article=article_id, index=len(out), start=s, end=e, text=text[s:e]))
    return out


def sentence_at(sentences: list[Sentence], offset: int) -> int | None:
    """Index of the sentence holding character `offset` (None when it falls between sentences)."""
    lo, hi = 0, len(sentences) - 1
    while lo <= hi:
        mid = (lo + hi) // 2
        s = sentences[mid]
        if offset < s.start:
            hi = mid - 1
        elif offset >= s.end:
            lo = mid + 1
        else:
            return s.index
    return None
