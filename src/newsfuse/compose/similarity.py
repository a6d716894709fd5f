"""Sentence vectors and text helpers shared by the brief stage (MiniLM when available, TF-IDF otherwise)."""
from __future__ import annotations

import re
from typing import Optional, Sequence

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer

from ..sentences import sentence_spans

WORD = re.compile(r"\w+(?:[’'-]\w+)*")
SPACES = re.compile(r"\s+")
NON_WORD = re.compile(r"[^\w\s]")


def split_sentences(text: str) -> list[tuple[int, int, str]]:
    """Sentences of `text` as (start, end, text) with offsets into `text`; a regex fallback to analyze."""
    return [(s, e, text[s:e]) for s, e in sentence_spans(text)]


def words(text: str) -> list[str]:
    """The word tokens of `text`."""
    return WORD.findall(text)


def norm(text: str) -> str:
    """A key under which two renderings of the same sentence compare equal (case, quotes, spacing)."""
    return SPACES.sub(" ", NON_WORD.sub(" ", text.lower())).strip()


def tfidf_vectors(texts: Sequence[str]) -> np.ndarray:
    """L2-normalised TF-IDF rows (sublinear tf, English stop words removed); zeros for empty texts."""
    if not texts:
        return np.zeros((0, 1))
    try:
        m = TfidfVectorizer(sublinear_tf=True, stop_words="english", token_pattern=r"(?u)\b\w\w+\b").fit_transform(texts)
    except ValueError:  # every text is only stop words
        return np.zeros((len(texts), 1))
    return m.toarray()


def embed_vectors(texts: Sequence[str]) -> Optional[np.ndarray]:
    """MiniLM sentence vectors (unit rows) from newsfuse.embed, or None when its model is not installed."""
    from ..embed import get_embedder  # loaded lazily: the model is only needed when embeddings are on

    try:
        return np.asarray(get_embedder().encode(list(texts)), dtype=float)
    except (OSError, RuntimeError):  # model package missing or unreadable: the caller falls back to TF-IDF
        return None


def vectors(texts: Sequence[str], embeddings: bool = False) -> np.ndarray:
    """L2-normalised sentence vectors: MiniLM when asked for and available, TF-IDF otherwise."""
    if embeddings and texts:
        v = embed_vectors(texts)
        if v is not None:
            return v
    return tfidf_vectors(texts)


def cosine(vecs: np.ndarray) -> np.ndarray:
    """Pairwise cosine similarity of L2-normalised rows."""
    return vecs @ vecs.T if len(vecs) else np.zeros((0, 0))
