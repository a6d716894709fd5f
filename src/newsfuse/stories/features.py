"""Cheap, deterministic text features for copies and clustering: terms, names, numbers, shingles.

Everything here is pure Python over regexes and stable hashes (crc32), so the same text gives the
same features in every process — Python's own str hash is salted per run and never used.
"""
from __future__ import annotations

import math
import re
import zlib
from collections import Counter
from datetime import datetime, timezone
from typing import NamedTuple, Optional

import numpy as np

# Words (any script), numbers with separators kept together ("1,300", "7.2").
# A word is a letter, letters/digits, then runs joined by an apostrophe or hyphen ("don't", "Abu-Dhabi"):
# written as runs of a character class rather than a per-character alternation, which the regex engine scans faster.
TOKEN_RE = re.compile(r"\d[\d,.]*\d|\d|[^\W\d_][^\W_]*(?:['’\-][^\W_]+)*")
CJK_RE = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af]")
NUMBER_SEP_RE = re.compile(r"[,]")
_MONTH = r"(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
# Datelines as scrapers leave them: "May 03, 2013", "18 September 2013", "2013-09-18", "2013 / 09 / 18".
DATELINE_RES = (
    (re.compile(_MONTH + r"\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+((?:19|20)\d\d)\b", re.I), (3, 1, 2)),
    (re.compile(r"\b(\d{1,2})(?:st|nd|rd|th)?\s+" + _MONTH + r"\.?,?\s+((?:19|20)\d\d)\b", re.I), (3, 2, 1)),
    (re.compile(r"\b((?:19|20)\d\d)\s?[-/.]\s?(\d{1,2}|" + _MONTH + r")\s?[-/.]\s?(\d{1,2})\b", re.I), (1, 2, 4)),
)
DATELINE_CHARS = 400  # a dateline sits above or in the first lines; later dates are about the story

TERM_BITS = 20
TERM_MASK = (1 << TERM_BITS) - 1
_MUL2 = np.uint64(0xC2B2AE3D27D4EB4F)
_MULS = tuple(np.uint64(m) for m in (0x9E3779B97F4A7C15, 0xBF58476D1CE4E5B9, 0x94D049BB133111EB, 0xFF51AFD7ED558CCD))

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
    """Hashed term weights (words and names apart) and sampled shingle hashes of one article."""

    terms: dict[int, float]  # plain words
    names: dict[int, float]  # names and numbers
    shingles: frozenset[int]  # every `sample`-th (by hash) word-k-gram, for copy containment
    length: int  # number of word tokens
    exact: int  # hash of the token sequence, case folded: exact copies up to spacing and punctuation
    lead_names: dict[int, float]  # the names and numbers of the title and the text's first lead_chars characters


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
    found = TOKEN_RE.findall(text)
    if not CJK_RE.search(text):  # the common case: no CJK run to split
        return found
    out: list[str] = []
    for tok in found:
        if CJK_RE.match(tok):
            out.extend(_cjk_bigrams(tok))
        else:
            out.append(tok)
    return out


_SKIP, _NUMBER, _CASED, _WORD = range(4)
_lowered: dict[str, str] = {}  # token as written -> lower case
_raw_ids: dict[str, int] = {}  # token as written -> term_id of its lower case
_kinds: dict[str, tuple[int, int]] = {}  # lower-case token -> (kind, masked term id)


def _kind(low: str) -> tuple[int, int]:
    """What a lowercased token is, whatever the article (skipped, number, cased word, uncased word), and its term id."""
    if low in STOPWORDS or (len(low) < 2 and not low.isdigit()):
        return _SKIP, 0
    first = low[0]
    if first.isdigit():
        return _NUMBER, term_id(NUMBER_SEP_RE.sub("", low) if "," in low else low) & TERM_MASK
    if first != first.upper():  # has an upper case: a name when the article never writes it in lower case
        return _CASED, term_id(low) & TERM_MASK
    return _WORD, term_id(low) & TERM_MASK


def _weights(seq: list[str], scale: float, words: dict[int, float], names: dict[int, float],
             lower: frozenset[str] = frozenset(), loud: Optional[list[str]] = None,
             named: frozenset[str] = frozenset()) -> tuple[list[int], set[str], set[str]]:
    """Add the tokens' counts to `words`/`names` (see `extract`); return the tokens' ids, the tokens written
    in lower case, and the (lowercased) tokens taken for names. `lower`: tokens the rest of the article writes
    in lower case (not names here either). `loud`: the tokens of `seq` that stand in lines written in capitals,
    which say nothing about case: a name there only when written as a name elsewhere (or in `named`)."""
    distinct = set(seq)
    lowered, ids_of, kinds = _lowered, _raw_ids, _kinds
    if len(lowered) > _CACHE_LIMIT:  # bounded: memory stays flat on long streams
        lowered.clear(), ids_of.clear(), kinds.clear()
    for tok in distinct.difference(lowered):  # the per-token work, once per distinct token ever seen
        lowered[tok] = low = tok.lower()
        ids_of[tok] = term_id(low)
        if low not in kinds:
            kinds[low] = _kind(low)
    counts = Counter(map(lowered.__getitem__, seq))  # lowercased tokens, in order of first use
    lower_seen = distinct.intersection(counts)  # tokens also written in lower case somewhere
    if lower:
        lower_seen |= lower.intersection(counts)
    loud_counts = Counter(map(lowered.__getitem__, loud)) if loud else None
    if loud_counts:
        counts.subtract(loud_counts)  # what is left was written in ordinary case
    taken: set[str] = set()
    for low, c in counts.items():
        kind, h = kinds[low]
        if kind == _SKIP or c <= 0:
            continue
        if kind == _NUMBER or (kind == _CASED and low not in lower_seen):
            names[h] = names.get(h, 0.0) + c * scale
            taken.add(low)
        else:
            words[h] = words.get(h, 0.0) + c * scale
    if loud_counts:
        for low, c in loud_counts.items():
            kind, h = kinds[low]
            if kind == _SKIP:
                continue
            bucket = names if kind == _NUMBER or low in taken or (low in named and low not in lower_seen) else words
            bucket[h] = bucket.get(h, 0.0) + c * scale
    return list(map(ids_of.__getitem__, seq)), lower_seen, taken


# Lines in capitals ("FALLOUT CONTINUES AFTER BRAZEN ESCAPE", all-caps wire copy) capitalize every word: their
# case tells no names. Two words in capitals in a row (Latin, Greek or Cyrillic) make a line worth checking.
_CAPS = "A-Z\u00c0-\u00d6\u00d8-\u00de\u0391-\u03a9\u0410-\u042f"
_LOUD_HINT = re.compile(rf"[{_CAPS}]{{2,}}[ \t\-–—:,.'’\"]+[{_CAPS}]{{2,}}")  # within one line
_LETTERS_RE = re.compile(r"[^\W\d_]{2,}")
LOUD_SHARE = 0.7  # of a line's words written in capitals


def _loud_tokens(text: str) -> list[str]:
    """The tokens of the lines of `text` written in capitals (at least 3 words, mostly all capitals)."""
    out: list[str] = []
    m = _LOUD_HINT.search(text)
    while m is not None:  # only the lines with a hint are looked at
        start = text.rfind("\n", 0, m.start()) + 1
        end = text.find("\n", m.end())
        end = len(text) if end < 0 else end
        line = text[start:end]
        ws = _LETTERS_RE.findall(line)
        if len(ws) >= 3 and sum(map(str.isupper, ws)) >= LOUD_SHARE * len(ws):
            out.extend(tokens(line))
        m = _LOUD_HINT.search(text, end)
    return out


def extract(title: Optional[str], text: str, shingle_size: int, sample: int, lead_chars: int = 0) -> Features:
    """Log-tf weights of plain words and of names/numbers (title counted twice) and sampled shingles.

    A capitalized token is a name unless the article also writes it in lower case (then it was only
    a sentence start); numbers are names too: people, places, figures and years tell events apart.
    Lines written in capitals tell nothing by case: their words are names only where the article writes
    them as names elsewhere.
    With `lead_chars`, also the names of the title and the text's start: who and where the event is
    about, where the rest of an article brings in background that similar events share.
    """
    words: dict[int, float] = {}
    names: dict[int, float] = {}
    body = tokens(text)
    ids, lower, named = _weights(body, 1.0, words, names, loud=_loud_tokens(text))
    head = tokens(title) if title else []
    if head:  # a Title Case headline capitalizes words the body writes in lower case: those are no names
        _weights(head, 2.0, words, names, frozenset(lower), _loud_tokens(title), frozenset(named))
    lead_names: dict[int, float] = {}
    if lead_chars and names:
        cut = text.rfind(" ", 0, lead_chars) if len(text) > lead_chars else -1  # not inside a word
        lead = body if len(text) <= lead_chars else tokens(text[:cut if cut > 0 else lead_chars])
        lead_names = _log_tf(_names_among(lead, names, 1.0, _names_among(head, names, 2.0, {})))
    arr = np.array(ids, dtype=np.uint64)
    exact = zlib.crc32(arr.astype(np.uint32).tobytes())
    return Features(_log_tf(words), _log_tf(names), shingles_of(arr, shingle_size, sample), len(body), exact, lead_names)


def _names_among(seq: list[str], names: dict[int, float], scale: float, out: dict[int, float]) -> dict[int, float]:
    """Add to `out` the counts (times `scale`) of the numbers, and of the capitalized tokens that are among the
    article's `names` (a word it writes in lower case anywhere is no name)."""
    for tok, c in Counter(seq).items():
        low = _lowered.get(tok) or tok.lower()  # the caches may have been emptied in between (bounded memory)
        kind, h = _kinds.get(low) or _kind(low)
        if (kind == _NUMBER or (kind == _CASED and tok != low)) and h in names:
            out[h] = out.get(h, 0.0) + c * scale
    return out


def _log_tf(counts: dict[int, float]) -> dict[int, float]:
    return {h: 1.0 + math.log(c) for h, c in counts.items()}


def shingles_of(ids, k: int, sample: int) -> frozenset[int]:
    """Hashes of word k-grams (from lowercased token ids) that are 0 mod `sample`: a consistent sample."""
    if not len(ids):
        return frozenset()
    arr = np.asarray(ids, dtype=np.uint64)
    k = min(k, len(arr))
    n = len(arr) - k + 1
    h = np.zeros(n, dtype=np.uint64)
    for j in range(k):  # position-dependent multipliers: "a b c" and "c b a" differ
        h = (h ^ arr[j : j + n]) * _MULS[j % len(_MULS)] + _MUL2
    h ^= h >> np.uint64(31)
    return frozenset(h[h % np.uint64(sample) == 0].tolist())


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


def dateline(text: str) -> Optional[float]:
    """Days since the epoch of the first date written at the top of the text (a dateline), if any."""
    head = text[:DATELINE_CHARS]
    found: list[tuple[int, float]] = []
    for regex, (yi, mi, di) in DATELINE_RES:
        m = regex.search(head)
        if not m:
            continue
        month = m.group(mi)
        month_no = int(month) if month.isdigit() else _month_number(month)
        try:
            dt = datetime(int(m.group(yi)), month_no, int(m.group(di)), tzinfo=timezone.utc)
        except ValueError:
            continue
        found.append((m.start(), dt.timestamp() / 86400.0))
    return min(found)[1] if found else None


def _month_number(name: str) -> int:
    return ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec").index(name[:3].lower()) + 1
