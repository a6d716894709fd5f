"""Direct quotes of an article and who said them, resolved to the story's entities."""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from typing import Optional

from ..model import Entity

VERBS = ("said|says|say|told|tells|tell|wrote|writes|added|adds|noted|notes|stressed|stresses|explained|explains|"
         "continued|insisted|insists|argued|argues|warned|warns|claimed|claims|stated|states|declared|declares|asked|"
         "replied|remarked|commented|recalled|acknowledged|admitted|announced|emphasi[sz]ed|emphasi[sz]es|observed|"
         "reported|tweeted|posted|concluded|cautioned|suggested|indicated|pointed\\s+out|went\\s+on|promised|"
         "pledged|vowed|praised|commended|applauded|described|called|urged|hailed|welcomed|critici[sz]ed|"
         "accused|confirmed|predicted|revealed|responded|answered|shouted|testified|wrote\\s+in|according\\s+to|"
         "in\\s+the\\s+words\\s+of|quoted")
INVERTED = re.compile(r"^(?:according\s+to|in\s+the\s+words\s+of|quoted)$", re.I)
_ADV = r"(?:also|later|then|further|previously|earlier|once|had|has|have|would|reportedly|recently|again|simply|" \
       r"told\s+\w+\s+and|had\s+earlier)"
VERB_RX = re.compile(r"(?<![\w-])(?P<verb>" + VERBS + r")(?![\w-])", re.I)
POST_INVERTED = re.compile(r"^[\s,.:;!?—–-]*(?P<verb>" + VERBS + r")\s+(?P<who>[^.;:!?“”\"]{1,90})", re.I)
POST_NORMAL = re.compile(r"^[\s,.:;!?—–-]*(?P<who>[^.;:!?“”\"]{1,90}?)\s+(?:" + _ADV + r"\s+)*(?P<verb>" + VERBS
                         + r")(?![\w-])", re.I)
PASSIVE = re.compile(r"\b(?:was|were|is|are|been|being)\s+(?:\w+ly\s+)?$", re.I)
BY_AGENT = re.compile(r"^\s+by\s+(?P<who>[^,.;:!?“”\"]{1,60})", re.I)
PRONOUNS = {"he": "PERSON", "she": "PERSON"}
NON_SPEAKERS = frozenset({"they", "it", "which", "who", "that", "we", "i", "you", "this", "these", "those", "one"})
ROLE_NOUNS = frozenset({"president", "minister", "premier", "chancellor", "spokesman", "spokeswoman", "spokesperson",
                        "analyst", "leader", "actress", "actor", "singer", "star", "rep", "lawyer", "chief", "governor",
                        "mayor", "senator", "ambassador", "secretary", "chairman", "director", "coach", "manager",
                        "academic", "expert", "official", "prosecutor", "judge", "commander", "general", "ceo"})
_QUOTE_PAIRS = re.compile(r"“(?P<c>[^“”\n]*)(?:”|$)|\"(?P<s>[^\"\n]*)(?:\"|$)|«(?P<g>[^«»\n]*)(?:»|$)", re.M)
_WORDS = re.compile(r"\w+")
_FILLER_STOP = re.compile(r"[.!?]")
MIN_WORDS = 3  # shorter quoted phrases are scare quotes, names and titles ("balanced", "American Pie")


@dataclass
class FoundQuote:
    article: str
    start: int  # offsets of the quoted text, marks excluded
    end: int
    text: str
    speaker_id: Optional[str] = None
    how: str = ""  # which rule attributed it (for debugging and the bench)


@dataclass
class _Ctx:
    text: str
    mentions: list[tuple[int, int, Entity]]  # sorted by start
    starts: list[int]
    quotes: list[tuple[int, int]]  # spans including marks
    sent_bounds: list[tuple[int, int]]


def quote_spans(text: str) -> list[tuple[int, int, int, int]]:
    """(open, close, inner start, inner end) of each quoted stretch; an unclosed quote runs to the line end."""
    out = []
    for m in _QUOTE_PAIRS.finditer(text):
        g = next(k for k in ("c", "s", "g") if m.group(k) is not None)
        out.append((m.start(), m.end(), m.start(g), m.end(g)))
    return out


def _sentence_span(ctx: _Ctx, offset: int) -> tuple[int, int]:
    i = bisect.bisect_right([s for s, _ in ctx.sent_bounds], offset) - 1
    if i < 0:
        return 0, len(ctx.text)
    return ctx.sent_bounds[i]


def _inside_quote(ctx: _Ctx, pos: int) -> bool:
    return any(a <= pos < b for a, b in ctx.quotes)


def _mention_ending(ctx: _Ctx, lo: int, hi: int, types=("PERSON",)) -> tuple[int, Optional[Entity]]:
    """The entity mention of the allowed types that ends last inside [lo, hi), with its end offset."""
    best: tuple[int, Optional[Entity]] = (-1, None)
    for s, e, ent in ctx.mentions:
        if s >= hi:
            break
        if s >= lo and e <= hi and ent.type in types and e > best[0]:
            best = (e, ent)
    return best


def _nearest_before(ctx: _Ctx, pos: int, limit: int, role: Optional[str] = None, titles=None) -> Optional[Entity]:
    """Nearest PERSON named before pos (outside quotes, within limit chars), optionally holding a role."""
    i = bisect.bisect_left(ctx.starts, pos) - 1
    while i >= 0:
        s, e, ent = ctx.mentions[i]
        if pos - e > limit:
            return None
        if ent.type == "PERSON" and not _inside_quote(ctx, s) and e <= pos:
            if role is None or role in titles.get(ent.id, ()):
                return ent
        i -= 1
    return None


def _resolve(ctx: _Ctx, lo: int, hi: int, anchor: int, titles: dict, inverted: bool) -> tuple[Optional[Entity], str]:
    """The entity a speaker phrase text[lo:hi] names: a name, a pronoun, or a role noun; None when unclear."""
    phrase = ctx.text[lo:hi]
    stripped = phrase.rstrip(" ,")
    words = _WORDS.findall(stripped.lower())
    if not words:
        return None, "empty"
    head = words[0] if inverted else words[-1]
    if head in PRONOUNS and (len(words) == 1 or not inverted):
        return _nearest_before(ctx, anchor, 600), "pronoun"
    if head in NON_SPEAKERS:
        return None, "non-speaker"
    if inverted:  # "said Putin", "according to Reuters": the first name after the verb
        cut = re.search(r"[,(]", phrase)
        end = lo + (cut.start() if cut else len(phrase))
        first = next(((s, ent) for s, e, ent in ctx.mentions if lo <= s and e <= end and ent.type in ("PERSON", "ORG")), None)
        if first and not _WORDS.findall(ctx.text[lo:first[0]].lower().replace("the", "")):
            return first[1], "name-after"
        if head in ROLE_NOUNS or (len(words) > 1 and words[1] in ROLE_NOUNS):
            return _nearest_before(ctx, lo, 800, role=head if head in ROLE_NOUNS else words[1], titles=titles), "role"
        return (first[1] if first and first[1].type == "PERSON" else None), "name-after"
    end = lo + len(stripped)
    m_end, ent = _mention_ending(ctx, max(lo, end - 80), end + 1, ("PERSON", "ORG"))
    if ent is not None and not ctx.text[m_end:end].strip(" )'’s"):
        return ent, "name"
    if phrase.rstrip().endswith(","):
        # "Putin, making his first trip ..., commented": the subject is the name before the apposition.
        found = None
        for p in re.finditer(r"[^,]+", ctx.text[lo:end]):
            e2, ent = _mention_ending(ctx, lo + p.start(), lo + p.end(), ("PERSON",))
            if ent and len(_WORDS.findall(p.group())) <= len(_WORDS.findall(ent.name)) + 1:
                found = ent
        return found, "apposition"
    if head in ROLE_NOUNS:
        return _nearest_before(ctx, lo, 800, role=head, titles=titles), "role"
    return None, "unclear"


def _attribute_post(ctx: _Ctx, close: int, limit: int, titles: dict):
    post = ctx.text[close:limit]
    m = POST_INVERTED.match(post)
    if m:
        return _resolve(ctx, close + m.start("who"), close + m.end("who"), close, titles, True) + (True,)
    m = POST_NORMAL.match(post)
    if m and len(_WORDS.findall(m.group("who"))) <= 12:
        return _resolve(ctx, close + m.start("who"), close + m.end("who"), close, titles, False) + (True,)
    return None, "", False


def _attribute_pre(ctx: _Ctx, lo: int, open_: int, titles: dict):
    pre = ctx.text[lo:open_]
    last = None
    for m in VERB_RX.finditer(pre):
        rest = pre[m.end():]
        limit = 24 if INVERTED.match(m.group("verb")) else 14  # "in the words of <long title> to <whom>:"
        if len(_WORDS.findall(rest)) <= limit and not _FILLER_STOP.search(rest):
            last = m
    if last is None:
        return None, "", False
    verb = re.sub(r"\s+", " ", last.group("verb").lower())
    if INVERTED.match(verb):
        return _resolve(ctx, lo + last.end(), open_, open_, titles, True) + (True,)
    before = pre[: last.start()]
    if PASSIVE.search(before):
        agent = BY_AGENT.match(pre[last.end():])
        if agent:
            return _resolve(ctx, lo + last.end() + agent.start("who"), lo + last.end() + agent.end("who"), open_,
                            titles, True) + (True,)
        return None, "passive", True
    before = re.sub(r"(?:\s+" + _ADV + r")+\s*$", "", before, flags=re.I)
    return _resolve(ctx, lo, lo + len(before), lo + last.start(), titles, False) + (True,)


def find_quotes(article_id: str, text: str, sent_bounds: list[tuple[int, int]],
                mentions: list[tuple[int, int, Entity]], titles: dict) -> list[FoundQuote]:
    """Quotes of at least three words with their speaker entity id (None when the text leaves it unclear)."""
    spans = quote_spans(text)
    ctx = _Ctx(text, mentions, [m[0] for m in mentions], [(a, b) for a, b, _, _ in spans], sent_bounds)
    found: list[tuple[FoundQuote, bool]] = []
    for k, (open_, close, s, e) in enumerate(spans):
        inner = text[s:e].strip()
        if len(_WORDS.findall(inner)) < MIN_WORDS:
            continue
        s = s + (len(text[s:e]) - len(text[s:e].lstrip()))
        e = s + len(inner.rstrip(" ,"))
        prev_close = spans[k - 1][1] if k else 0
        next_open = spans[k + 1][0] if k + 1 < len(spans) else len(text)
        line_end = text.find("\n", close)
        line_end = len(text) if line_end < 0 else line_end
        s_start, _ = _sentence_span(ctx, open_)
        _, s_end = _sentence_span(ctx, max(open_, close - 1))
        post_limit = min(next_open, line_end, max(s_end, close + 120))
        ent, how, attributed = _attribute_post(ctx, close, post_limit, titles)
        if not attributed:
            ent, how, attributed = _attribute_pre(ctx, max(s_start, prev_close), open_, titles)
        q = FoundQuote(article_id, s, e, text[s:e], ent.id if ent else None, how if attributed else "none")
        found.append((q, attributed))
    # A quote without its own attribution takes that of a quote in the same sentence, or of the quote it
    # directly continues ("“...,” he said. “...”" / consecutive quoted paragraphs).
    for i, (q, attributed) in enumerate(found):
        if attributed:
            continue
        for j in (i - 1, i + 1):
            if 0 <= j < len(found) and found[j][1] and found[j][0].speaker_id:
                other = found[j][0]
                lo, hi = sorted((other.end, q.start)) if j < i else sorted((q.end, other.start))
                gap = text[lo:hi]
                same_sentence = _sentence_span(ctx, q.start) == _sentence_span(ctx, other.start)
                if same_sentence or not gap.strip(" \n\"“”,.") or (j < i and "\n" not in gap and len(gap) < 40):
                    q.speaker_id, q.how = other.speaker_id, "continued"
                    break
    return [q for q, _ in found]


_STOP = frozenset("the a an and or of to in on at for with by from that this these those is are was were be been "
                  "will would it its as we our they their he she his her i you not but have has had".split())


def _stems(text: str) -> frozenset[str]:
    """Content-word stems: enough to see two translations of one quote as the same words."""
    return frozenset(w[:5] for w in _WORDS.findall(text.lower()) if w not in _STOP)


def same_quote(a: frozenset[str], b: frozenset[str]) -> bool:
    """Two quotes are one when their content words mostly agree (or one is a fragment of the other)."""
    if not a or not b:
        return False
    inter = len(a & b)
    return inter / len(a | b) >= 0.5 or (min(len(a), len(b)) >= 4 and inter / min(len(a), len(b)) >= 0.8)
