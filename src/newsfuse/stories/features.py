"""Cheap, deterministic text features for copies and clustering: terms, names, numbers, shingles.

Everything here is pure Python over regexes and stable hashes (crc32), so the same text gives the
same features in every process — Python's own str hash is salted per run and never used.
"""
from __future__ import annotations

import math
import re
import zlib
from datetime import datetime, timezone
from typing import NamedTuple, Optional

# Words (any script), numbers with separators kept together ("1,300", "7.2").
TOKEN_RE = re.compile(r"\d[\d,.]*\d|\d|[^\W\d_](?:[^\W_]|['’\-](?=[^\W_]))*")
CJK_RE = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af]")
NUMBER_SEP_RE = re.compile(r"[,]")
WHITESPACE_RE = re.compile(r"\s+")

TERM_BITS = 20
TERM_MASK = (1 << TERM_BITS) - 1
SHINGLE_MASK = (1 << 61) - 1
_MUL1, _MUL2 = 0x9E3779B97F4A7C15, 0xC2B2AE3D27D4EB4F

STOPWORDS = frozenset(
    """a about above after again against all also am an and any are as at be because been before being
    below between both but by can could did do does doing down during each few for from further had has
    have having he her here hers herself him himself his how i if in into is it its itself just me more
    most my myself no nor not now of off on once only or other our ours ourselves out over own same she
    should so some such than that the their theirs them themselves then there these they this those
    through to too under until up very was we were what when where which while who whom why will with
    would you your yours yourself yourselves said says say told according would could also one two new
    year years people last first time like well us may might must since per via mr mrs ms dr just
    however including around many much even still yet back made make get got went going many told
    week day days month months today yesterday tomorrow monday tuesday wednesday thursday friday saturday
    sunday january february march april june july august september october november december
    yang dan di ke dari untuk dengan pada ini itu dalam tidak akan oleh telah juga ia mereka""".split()
)


class Features(NamedTuple):
    """Terms (hashed ids -> weight, names boosted) and sampled shingle hashes of one article."""

    terms: dict[int, float]
    shingles: frozenset[int]  # every `sample`-th (by hash) word-k-gram, for copy containment
    length: int  # number of word tokens


_hash_cache: dict[str, int] = {}
_CACHE_LIMIT = 400_000


def term_id(token: str) -> int:
    """A stable 20-bit id of a token (crc32), cached because tokens repeat heavily."""
    h = _hash_cache.get(token)
    if h is None:
        if len(_hash_cache) > _CACHE_LIMIT:  # bounded: memory stays flat on long streams
            _hash_cache.clear()
        h = _hash_cache[token] = zlib.crc32(token.encode("utf-8"))
    return h


def _cjk_bigrams(token: str) -> list[str]:
    """CJK runs have no spaces: overlapping character bigrams stand in for words."""
    if len(token) < 2:
        return [token]
    return [token[i : i + 2] for i in range(len(token) - 1)]


def tokens(text: str) -> list[str]:
    """The word and number tokens of `text`, in order, as written (case kept)."""
    out: list[str] = []
    for tok in TOKEN_RE.findall(text):
        if CJK_RE.match(tok):
            out.extend(_cjk_bigrams(tok))
        else:
            out.append(tok)
    return out


def extract(title: Optional[str], text: str, name_boost: float, shingle_size: int, sample: int) -> Features:
    """Term weights (log tf, names x `name_boost`, title counted twice) and sampled shingles of an article."""
    body = tokens(text)
    head = tokens(title) if title else []
    counts: dict[int, float] = {}
    for seq, w in ((body, 1.0), (head, 2.0)):
        for tok in seq:
            low = tok.lower()
            if low in STOPWORDS or (len(low) < 2 and not low.isdigit()):
                continue
            if tok[0].isdigit():
                low = NUMBER_SEP_RE.sub("", low)
            weight = w * name_boost if (tok[0].isupper() or tok[0].isdigit()) else w
            h = term_id(low) & TERM_MASK
            counts[h] = counts.get(h, 0.0) + weight
    terms = {h: 1.0 + math.log(c) if c >= 1.0 else c for h, c in counts.items()}
    return Features(terms, shingles_of(body, shingle_size, sample), len(body))


def shingles_of(words: list[str], k: int, sample: int) -> frozenset[int]:
    """Hashes of lowercased word k-grams whose hash is 0 mod `sample` (a consistent sample for containment)."""
    ids = [term_id(w.lower()) for w in words]
    if len(ids) < k:
        return frozenset([_combine(ids)]) if ids else frozenset()
    out = set()
    for i in range(len(ids) - k + 1):
        h = _combine(ids[i : i + k])
        if h % sample == 0:
            out.add(h)
    return frozenset(out)


def _combine(ids: list[int]) -> int:
    h = 0
    for x in ids:
        h = ((h ^ x) * _MUL1 + _MUL2) & SHINGLE_MASK
    return h


def normalized_hash(text: str) -> int:
    """A stable hash of the text with case and whitespace folded (exact copies)."""
    return zlib.crc32(WHITESPACE_RE.sub(" ", text).strip().lower().encode("utf-8"))


def timestamp(published: Optional[str]) -> Optional[float]:
    """Days since the epoch of an ISO date/datetime (naive means UTC); None when absent or unreadable."""
    if not published:
        return None
    try:
        dt = datetime.fromisoformat(published.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=timezone.utc)
    return dt.timestamp() / 86400.0
