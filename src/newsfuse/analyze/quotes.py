"""Direct quotes of an article and who said them, resolved to the story's entities."""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from typing import Optional

from ..model import Entity
from . import speakers
from .speakers import SPOKES_NOUN as _SPOKES_NOUN, last_fits as _last_fits
from .speakers import organisation_antecedent as _organisation_antecedent, pronoun_antecedent as _pronoun_antecedent

VERBS = ("said|says|say|told|tells|tell|wrote|writes|added|adds|noted|notes|stressed|stresses|explained|explains|"
         "continued|insisted|insists|argued|argues|warned|warns|claimed|claims|stated|states|declared|declares|asked|"
         "replied|remarked|commented|recalled|acknowledged|admitted|announced|emphasi[sz]ed|emphasi[sz]es|observed|"
         "reported|tweeted|posted|concluded|cautioned|suggested|indicated|pointed\\s+out|went\\s+on|promised|"
         "pledged|vowed|praised|commended|applauded|described|called|urged|hailed|welcomed|critici[sz]ed|"
         "accused|confirmed|predicted|revealed|responded|answered|shouted|testified|wrote\\s+in|according\\s+to|puts\\s+it|"
         "in\\s+the\\s+words\\s+of|quoted|statement\\s+(?:by|from)|adding|saying")
INVERTED = re.compile(r"^(?:according\s+to|in\s+the\s+words\s+of|quoted|statement\s+(?:by|from))$", re.I)
_CONJUNCTION = frozenset({"and", "but", "or", "then", "so", "as", "while", "adding", "saying"})
# "Shondell McAllister on Tuesday recalled": time words between the name and the verb are not the speaker.
_TRAILING_TIME = re.compile(r"(?:\s+(?:on\s+)?(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|yesterday|"
                            r"today|tonight|earlier|later|last\s+\w+|this\s+\w+|in\s+a\s+statement))+\s*$", re.I)
_STATEMENT_FROM = re.compile(r"^\s*(?:a|an|the)?\s*(?:\w+\s+)?(?:statement|release|announcement)\s+(?:from|by|of)\s+", re.I)
_PHRASE_LINKS = re.compile(r"\b(?:of|for|by|with|and|from|to|at|in|on|who|whose|acting)\b", re.I)
_AGE_NOUN = re.compile(r"^(?:the\s+)?\d{1,3}-year-old(?:\s|$)", re.I)
ANNOUNCERS = frozenset({"statement", "release", "announcement", "communique"})
_ADV = r"(?:also|later|then|further|previously|earlier|once|had|has|have|would|reportedly|recently|again|simply|" \
       r"told\s+\w+\s+and|had\s+earlier)"
VERB_RX = re.compile(r"(?<![\w-])(?P<verb>" + VERBS + r")(?![\w-])", re.I)
# A speaker phrase may hold abbreviation periods ("Dist. Atty. Steve Cooley", "A.J. Smith") but no sentence end.
_WHO = r"(?:[^.;:!?“”\"]|(?<=\b[A-Z])\.|(?<=\b[A-Z][a-z])\.|(?<=\b[A-Z][a-z]{2})\.|(?<=\b[A-Z][a-z]{3})\.)"
POST_INVERTED = re.compile(r"^[\s,.:;!?—–-]*(?P<verb>" + VERBS + r")\s+(?P<who>" + _WHO + r"{1,90})", re.I)
POST_NORMAL = re.compile(r"^[\s,.:;!?—–-]*(?P<who>" + _WHO + r"{1,90}?)\s+(?:" + _ADV + r"\s+)*(?P<verb>" + VERBS
                         + r")(?![\w-])", re.I)
PASSIVE = re.compile(r"\b(?:was|were|is|are|been|being)\s+(?:\w+ly\s+)?$", re.I)
BY_AGENT = re.compile(r"^\s+by\s+(?P<who>[^,.;:!?“”\"]{1,60})", re.I)
PRONOUNS = {"he": "PERSON", "she": "PERSON"}
NON_SPEAKERS = frozenset({"they", "it", "which", "who", "that", "we", "i", "you", "this", "these", "those", "one"})
ROLE_NOUNS = frozenset({"president", "minister", "premier", "chancellor", "spokesman", "spokeswoman", "spokesperson",
                        "analyst", "leader", "actress", "actor", "singer", "star", "rep", "lawyer", "chief", "governor",
                        "mayor", "senator", "ambassador", "secretary", "chairman", "director", "coach", "manager",
                        "academic", "expert", "official", "prosecutor", "judge", "commander", "general", "ceo"})
_WORDS = re.compile(r"\w+")
_ADDING = re.compile(r"^(?P<who>\s*[^,.;:!?“”\"]{1,60}?),\s*(?:(?:adding|saying|noting|explaining)\b|$)", re.I)
# reported speech whose quoted words finish a "that" clause of the same verb
_THAT_CLAUSE = re.compile(r"\bthat\s+(?:\w+\s+){0,3}$", re.I)
_FILLER_STOP = re.compile(r"[.!?]")
MIN_WORDS = 3  # shorter quoted phrases are scare quotes, names and titles ("balanced", "American Pie")
_TITLE_LIKE = re.compile(r"^(?:(?:[A-Z0-9][\w'’.-]*|of|the|and|in|on|a|to|for)\s*)+[,.]?$")  # "Larry King Live"


@dataclass
class FoundQuote:
    """A quote in one article: inner text offsets, speaker entity id and how it was attributed."""
    article: str
    start: int  # offsets of the quoted text, marks excluded
    end: int
    text: str
    speaker_id: Optional[str] = None
    speaker_name: Optional[str] = None  # the entity's name, or a nameless organisation's words ("police")
    how: str = ""  # which rule attributed it (for debugging and the bench)
    unclosed: bool = False  # ran to the line end: the quote goes on in the next paragraph
    orphan: bool = False  # began at the line start without a mark: it went on from the previous paragraph


@dataclass
class _Ctx:
    """What attribution reads in one article: text, entity mentions, quote spans, sentences, genders."""
    text: str
    mentions: list[tuple[int, int, Entity]]  # sorted by start
    starts: list[int]
    quotes: list[tuple[int, int]]  # spans including marks
    sent_bounds: list[tuple[int, int]]
    genders: dict  # entity id -> "m" / "f" where the text shows it
    last: Optional[tuple[int, Entity]] = None  # end and speaker of the last quote attributed to someone


def _marks(line: str) -> list[tuple[int, str]]:
    """Quote marks of one line as (position, "open"|"close"|"either"); inch marks (17") are not quotes."""
    out = []
    for i, c in enumerate(line):
        if c in "“«":
            out.append((i, "open"))
        elif c in "”»":
            out.append((i, "close"))
        elif c == '"':
            before = line[i - 1] if i else " "
            after = line[i + 1] if i + 1 < len(line) else " "
            if before.isdigit():
                continue
            opens = before in " \t([{—–-" and not after.isspace()
            closes = not before.isspace() and (after in " \t.,;:!?)]}—–-")
            out.append((i, "open" if opens and not closes else "close" if closes and not opens else "either"))
    return out


def quote_spans(text: str) -> list[tuple[int, int, int, int]]:
    """(open, close, inner start, inner end) of each quoted stretch, line by line.

    An opening mark left unclosed runs to the line end, and a closing mark with no opening one closes a quote
    that began at the line start: a quote continued over paragraphs is marked that way.
    """
    out = []
    pos = 0
    for line in text.split("\n"):
        opened = None
        found_any = False
        marks = _marks(line)
        for n, (i, kind) in enumerate(marks):
            if kind == "either" and opened is None and (len(marks) - n - 1) % 2 == 0 and line[:i].strip():
                kind = "close"  # ', " he said' with a space before the mark: tokenized text closes that way
            if opened is None:
                if kind == "close" and not found_any and line[:i].strip():
                    out.append((pos, pos + i + 1, pos, pos + i))
                    found_any = True
                elif kind != "close":
                    opened = i
            elif kind != "open":
                out.append((pos + opened, pos + i + 1, pos + opened + 1, pos + i))
                opened, found_any = None, True
        if opened is not None:
            out.append((pos + opened, pos + len(line), pos + opened + 1, pos + len(line)))
        pos += len(line) + 1
    return out


def _sentence_span(ctx: _Ctx, offset: int) -> tuple[int, int]:
    """(start, end) of the sentence holding offset (the whole text when before the first)."""
    i = bisect.bisect_right([s for s, _ in ctx.sent_bounds], offset) - 1
    if i < 0:
        return 0, len(ctx.text)
    return ctx.sent_bounds[i]


def _inside_quote(ctx: _Ctx, pos: int) -> bool:
    """True when pos lies inside a quoted stretch (names there are not speakers)."""
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
        ent = _pronoun_antecedent(ctx, anchor, head)
        if ent is None and _last_fits(ctx, anchor, head):
            return ctx.last[1], "pronoun-last"  # the person last quoted, with nobody named since
        return ent, "pronoun"
    if _AGE_NOUN.match(stripped):  # '," said the 29-year-old': the person just named
        return _pronoun_antecedent(ctx, anchor, "age"), "age"
    if head == "it" and len(words) == 1:  # '," it added' after "A statement from Waitrose said ..."
        ent = _organisation_antecedent(ctx, anchor)
        if ent is None and ctx.last and ctx.last[1].type == "ORG" and _sentences_between(ctx, ctx.last[0], anchor) <= 1:
            ent = ctx.last[1]  # '"...," the airline said. "...," it added.'
        return ent, "pronoun-it"
    if head in NON_SPEAKERS:
        return None, "non-speaker"
    if inverted:  # "said Putin", "according to Reuters": the first name after the verb, a person before an org
        cut = re.search(r"[,(]", phrase)
        end = lo + (cut.start() if cut else len(phrase))
        inside = [(s, ent) for s, e, ent in ctx.mentions if lo <= s and e <= end]
        person = next(((s, ent) for s, ent in inside if ent.type == "PERSON"), None)
        # The name must head the phrase: "experts acting for the Grigoropoulos family" is not Grigoropoulos,
        # though "a statement from Priya Ramaswamy" is Ramaswamy.
        lead = _STATEMENT_FROM.sub("", ctx.text[lo : person[0]]) if person else ""
        if person and not _PHRASE_LINKS.search(lead):
            return person[1], "name-after"
        org = next(((s, ent) for s, ent in inside if ent.type == "ORG"), None)
        if org and not set(_WORDS.findall(ctx.text[lo:org[0]].lower())) - {"the"}:
            return org[1], "org-after"
        role = next((w for w in words[:3] if w in ROLE_NOUNS), None)
        ent = _nearest_before(ctx, lo, 800, role=role, titles=titles) if role else None
        if ent is None:
            org, how = speakers.resolve(ctx, lo, end, anchor)  # "said a spokesperson for Interoute"
            if how:
                return org, how
        return ent, "role"
    end = lo + len(stripped)
    timed = _TRAILING_TIME.search(ctx.text, lo, end)
    if timed and timed.end() == end and timed.start() > lo:
        end = timed.start()
        phrase = ctx.text[lo:end]
    if phrase.rstrip().endswith(","):
        # "Putin, making his first trip ..., commented": the subject is the name before the apposition.
        for p in re.finditer(r"[^,]+", ctx.text[lo:end]):
            _, ent = _mention_ending(ctx, lo + p.start(), lo + p.end(), ("PERSON",))
            if ent and len(_WORDS.findall(p.group())) <= len(_WORDS.findall(ent.name)) + 1:
                return ent, "apposition"
        return None, "apposition-unclear"  # the name before the verb is in a description, not the subject
    m_end, ent = _mention_ending(ctx, max(lo, end - 80), end + 1, ("PERSON", "ORG"))
    if ent is not None and not ctx.text[m_end:end].strip(" )'’s"):
        return ent, "name"
    if head in ROLE_NOUNS:
        ent = _nearest_before(ctx, lo, 800, role=head, titles=titles)
        if ent is not None or head not in speakers.SPOKES:
            return ent, "role"
    if head in ANNOUNCERS:  # "The AMD statement said": the one organisation or person named in the phrase
        named = {ent.id: ent for s, e, ent in ctx.mentions if lo <= s and e <= end and ent.type in ("PERSON", "ORG")}
        if len(named) == 1:
            return next(iter(named.values())), "statement"
    org, how = speakers.resolve(ctx, lo, end, anchor)  # "the police", "a Shopee spokesperson", "the airline"
    if how:
        return org, how
    return None, "unclear"


def _sentences_between(ctx: _Ctx, a: int, b: int) -> int:
    """How many sentence starts lie in (a, b]."""
    starts = [s for s, _ in ctx.sent_bounds]
    return bisect.bisect_right(starts, b) - bisect.bisect_right(starts, a)


def _attribute_post(ctx: _Ctx, close: int, limit: int, titles: dict):
    """Speaker from the words after the closing mark ("," To Lam said", "," said Putin")."""
    post = ctx.text[close:limit]
    m = POST_INVERTED.match(post)
    if m:
        return _resolve(ctx, close + m.start("who"), close + m.end("who"), close, titles, True) + (True,)
    m = POST_NORMAL.match(post)
    if m and len(_WORDS.findall(m.group("who"))) <= 12 and _WORDS.findall(m.group("who").lower())[0] not in _CONJUNCTION:
        return _resolve(ctx, close + m.start("who"), close + m.end("who"), close, titles, False) + (True,)
    return None, "", False


def _attribute_pre(ctx: _Ctx, lo: int, open_: int, titles: dict):
    """Speaker from the words before the opening mark ("Putin stressed that “...")."""
    pre = ctx.text[lo:open_]
    last = None
    for m in VERB_RX.finditer(pre):
        rest = pre[m.end():]
        limit = 24 if INVERTED.match(m.group("verb")) else 14  # "in the words of <long title> to <whom>:"
        if _THAT_CLAUSE.search(rest):  # 'said such bridges can be safe ..., but that they "forgive very little."'
            limit = 30
        if len(_WORDS.findall(rest)) <= limit and not _FILLER_STOP.search(rest):
            last = m
    if last is None:
        return None, "", False
    verb = re.sub(r"\s+", " ", last.group("verb").lower())
    if verb in ("adding", "saying"):
        # '... he said, adding that "..."': the subject of the clause's own speech verb, else of the clause
        ent, how, attributed = _attribute_pre(ctx, lo, lo + last.start(), titles)
        if attributed:
            return ent, how, True
        return _resolve(ctx, lo, lo + last.start(), lo + last.start(), titles, False) + (True,)
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
    after = pre[last.end():]
    if not before.strip() and verb in ("said", "says") and not _inside_quote(ctx, lo):
        # "Said the Health Ministry: ..." opens its sentence: the speaker follows the verb.
        return _resolve(ctx, lo + last.end(), open_, open_, titles, True) + (True,)
    appended = _ADDING.match(after)
    if before.rstrip().endswith(",") and appended:
        # '..., said the spokesperson, adding that SIA "...": the one after "said" goes on speaking.
        return _resolve(ctx, lo + last.end(), lo + last.end() + appended.end("who"), open_, titles, True) + (True,)
    if not set(_WORDS.findall(before.lower())) - _CONJUNCTION:
        return None, "", False  # '"...," and added, "..."': the subject is the earlier quote's speaker
    return _resolve(ctx, lo, lo + len(before), lo + last.start(), titles, False) + (True,)


def _opens_paragraph(text: str, start: int) -> bool:
    """True when only quote marks and spaces stand between the line start and offset start."""
    return not text[text.rfind("\n", 0, start) + 1 : start].strip(" \t\"“«")


def _carries(ctx: _Ctx, earlier: FoundQuote, later: FoundQuote, speaker_first: bool) -> bool:
    """Whether one quote's speaker also said the other: same sentence, one quote over two paragraphs, or
    the next sentence with nobody else named in between (the journalistic convention)."""
    if _sentence_span(ctx, earlier.start) == _sentence_span(ctx, later.start):
        return True
    if earlier.unclosed and later.orphan:
        return True  # a quote left open at a paragraph end, closed in a later one
    if (speaker_first and earlier.unclosed and _opens_paragraph(ctx.text, later.start)
            and ctx.text.count("\n", earlier.end, later.start) <= 2):
        return True  # ... or going on in the next quoted paragraph
    if not speaker_first:
        return False
    starts = [b[0] for b in ctx.sent_bounds]
    next_paragraph = ctx.text.count("\n", earlier.end, later.start) == 1
    if bisect.bisect_right(starts, later.start) - bisect.bisect_right(starts, earlier.end) > 1 and not next_paragraph:
        return False
    # The attribution's own sentence may name others ("said Marcus, manager for McAfee"); after it, nobody may.
    lo = _sentence_span(ctx, earlier.end)[1]
    if any(lo <= s and e <= later.start and ent.type in ("PERSON", "ORG") and ent.id != earlier.speaker_id
           and not _inside_quote(ctx, s) for s, e, ent in ctx.mentions):
        return False
    # ... nor may the later quote's own sentence have a speaker of its own ("A ministry spokesman said: ...").
    own = _sentence_span(ctx, later.start)[0]
    return not any(not _inside_quote(ctx, m.start()) for m in _SPOKES_NOUN.finditer(ctx.text, max(lo, own), later.start))


def find_quotes(article_id: str, text: str, sent_bounds: list[tuple[int, int]],
                mentions: list[tuple[int, int, Entity]], titles: dict, genders: dict) -> list[FoundQuote]:
    """Quotes of at least three words with their speaker entity id (None when the text leaves it unclear)."""
    spans = quote_spans(text)
    ctx = _Ctx(text, mentions, [m[0] for m in mentions], [(a, b) for a, b, _, _ in spans], sent_bounds, genders)
    found: list[tuple[FoundQuote, bool]] = []
    prev_close = 0  # end of the last quote kept: a skipped scare quote may sit inside an attribution
    for k, (open_, close, s, e) in enumerate(spans):
        inner = text[s:e].strip()
        if len(_WORDS.findall(inner)) < MIN_WORDS or (len(inner.split()) <= 6 and _TITLE_LIKE.match(inner)):
            continue
        orphan, unclosed = open_ == s, close == e
        s = s + (len(text[s:e]) - len(text[s:e].lstrip()))
        e = s + len(inner.rstrip(" ,"))
        next_open = spans[k + 1][0] if k + 1 < len(spans) else len(text)
        line_end = text.find("\n", close)
        line_end = len(text) if line_end < 0 else line_end
        s_start, _ = _sentence_span(ctx, open_)
        _, s_end = _sentence_span(ctx, max(open_, close - 1))
        post_limit = min(next_open, line_end, max(s_end, close + 120))
        ent, how, attributed = (None, "", False) if unclosed else _attribute_post(ctx, close, post_limit, titles)
        if not attributed and not orphan:
            ent, how, attributed = _attribute_pre(ctx, max(s_start, prev_close), open_, titles)
        if not attributed and not text[max(s_start, prev_close):open_].strip():
            # "Pensioner Bayram-aga, a voter in Ashgabat, said:" on the line before the quote.
            colon = open_
            while colon > prev_close and text[colon - 1].isspace():
                colon -= 1
            if colon > prev_close and text[colon - 1] == ":":
                p_start, _ = _sentence_span(ctx, colon - 1)
                ent, how, attributed = _attribute_pre(ctx, max(p_start, prev_close), colon, titles)
        q = FoundQuote(article_id, s, e, text[s:e], (ent.id or None) if ent else None, ent.name if ent else None,
                       how if attributed else "none", unclosed, orphan)
        found.append((q, attributed))
        prev_close = close
        if ent is not None:
            ctx.last = (close, ent)
    # A quote without its own attribution takes the speaker of the quote it continues: forwards first
    # ("“...,” he said. “...”"), then backwards (an unclosed quote whose closing paragraph names the speaker).
    done = [attributed for _, attributed in found]
    for i in range(1, len(found)):
        prev, q = found[i - 1][0], found[i][0]
        nxt = found[i + 1] if i + 1 < len(found) else None
        if q.unclosed and nxt is not None and nxt[1] and nxt[0].orphan:
            continue  # its own words go on to a closing paragraph that names their speaker: see below
        if not done[i] and done[i - 1] and prev.speaker_name and _carries(ctx, prev, q, True):
            q.speaker_id, q.speaker_name, q.how, done[i] = prev.speaker_id, prev.speaker_name, "continued", True
    for i in range(len(found) - 2, -1, -1):
        q, nxt = found[i][0], found[i + 1][0]
        if not done[i] and done[i + 1] and nxt.speaker_name and _carries(ctx, q, nxt, False):
            q.speaker_id, q.speaker_name, q.how, done[i] = nxt.speaker_id, nxt.speaker_name, "continued", True
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
