"""Scraped-text cleaning: every line of a dump classified as article text or debris (with the reason).

Signals, not site lists: widget vocabulary on short lines, sentence shape and length, position before or
after the body, repetition inside the article and across the pile. A sentence of prose is dropped on its
own only when a pattern names it (a caption ending with its picture's credit, a contact block, a "click
here" call); otherwise by what surrounds it (a run of teaser cards, the picture credit under a caption,
notes on the author after the body, the body region) or because the article says it again elsewhere.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from ..model import Removed
from . import vocab
from .region import body_and_comments, body_region, mark_linked_headlines, mark_teaser_lists, trim_tail

WORD = re.compile(r"\w+", re.U)
LETTERS = re.compile(r"[^\W\d_]", re.U)
LETTER_WORD = re.compile(r"\w*[^\W\d_]\w*", re.U)
# scripts written without spaces: about two characters make a word
CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
SPACES = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
INVISIBLE = re.compile(r"[\u200b-\u200d\u2060\ufeff\u00ad]")
TERMINAL = vocab.TERMINAL
SENTENCE_END = re.compile(r"[.!?…][\"'”’»)\]]*\s+(?=[\"'“‘«(]?[A-ZÀ-Ý0-9])|[。！？]")
# "HANOI, June 20 (Reuters) - ", "WASHINGTON (AP) — ", "Ho Chi Minh (Vietnam)/": capitalized words then a dash or slash
DATELINE = re.compile(
    r"^(?P<place>(?:[A-ZÀ-Ý][\w'’.-]*|\([^)]{1,40}\)|\d{1,2}|[,.])(?:[ ,]+(?:[A-ZÀ-Ý][\w'’.-]*|\([^)]{1,40}\)|\d{1,4}(?:st|nd|rd|th)?|[a-z]{1,3}(?= [A-ZÀ-Ý])))*?)"
    r"\s*(?:/|—|–|--|\s-)\s*(?=[\"“‘(]?[A-ZÀ-Ý])"
)
GENERIC_CREDITS = {"agency", "agencies", "wire", "wires", "staff", "internet", "social media", "web", "archive", "file",
                   "agencia", "agencias", "agence", "agences", "agentur", "agenzia", "agenzie", "agência", "agências", "getty images"}
FOOTER_WORDS = re.compile(r"\b(MEDIA|NETWORK|GROUP|NEWS|DIGITAL|PRESS|CORPORATION|LIMITED|LTD|INC)\b")
STOPWORDS = frozenset("""the a an and or but of to in on at for with from by as is are was were be been has have had that this
these those it its his her their they he she we you not no will would could should may can said says also after before over
than more most into about which who whom what when where while during there here than then""".split())

HEADLINE = "headline (kept as title)"
CREDIT_TAIL = 160  # characters at the end of a line that can hold a caption's credit
TOGGLE_TAIL = 24  # ... and its "show less" toggle


@dataclass
class Line:
    """One non-blank line of the dump with the features the classifier reads."""

    text: str
    key: str  # casefolded words, for repetition
    words: int
    sentence: bool  # reads as prose: long enough and ends like a sentence
    reason: str | None = None
    sentences: int = 0
    cut: list[Removed] = field(default_factory=list)  # parts cut from a kept line (dateline, repeated fragment)

    @classmethod
    def of(cls, text: str) -> "Line":
        tokens = WORD.findall(text.casefold())
        cjk = len(CJK.findall(text))
        if cjk:
            n = len([t for t in tokens if LETTERS.search(t) and not CJK.search(t)]) + max(1, cjk // 2)
        else:
            n = len(LETTER_WORD.findall(text))  # the words holding a letter, counted in one pass
        ends = bool(TERMINAL.search(text))
        return cls(text, " ".join(tokens), n, (n >= 8 and ends) or n >= 25, sentences=1 + len(SENTENCE_END.findall(text)))


@dataclass
class Cleaned:
    """What the text cleaner found: title, kept paragraphs in order, every dropped line with its reason."""

    title: str | None = None
    paragraphs: list[str] = field(default_factory=list)
    removed: list[Removed] = field(default_factory=list)
    dateline: str | None = None
    credit: str | None = None  # outlet named by a credit line or a network footer
    author: str | None = None


def split_lines(text: str) -> list[str]:
    """Non-blank lines, whitespace collapsed, invisible characters removed."""
    out = []
    for raw in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        line = SPACES.sub(" ", INVISIBLE.sub("", raw)).strip()
        if line:
            out.append(line)
    return out


def line_key(text: str) -> str:
    """The repetition key of a line: its words, casefolded."""
    return " ".join(WORD.findall(text.casefold()))


def _contributed(text: str) -> bool:
    """'Jane Roe contributed to this report.' and its kin in other languages."""
    return ("ntribut" in text or text[:3].lower() in vocab.CONTRIBUTED_STARTS) and bool(vocab.CONTRIBUTED.search(text))


def _may_hold_placeholder(text: str) -> bool:
    """Cheap test before the placeholder pattern: every template slot holds one of these characters."""
    return "__" in text or "{" in text or "$" in text or "%" in text or "[" in text


def _rule_reason(line: Line, text: str, found: Cleaned) -> str | None:
    """The debris kind a line is on its own, whatever surrounds it; fills credit/author when named."""
    stripped = vocab.PLACEHOLDER.sub(" ", text) if _may_hold_placeholder(text) else text
    if line.words == 0 or not LETTERS.search(text):
        return "captcha" if vocab.CAPTCHA.search(text) else "no words (stray characters)"
    if stripped != text and not LETTERS.search(stripped):
        return "template placeholder"
    if vocab.CAPTCHA.search(text):
        return "captcha"
    if line.words <= 25 and vocab.TEASER.search(text):
        return "next/previous teaser"
    if 4 <= line.words <= 25 and vocab.TAGGED_TEASER.search(text):
        return "related-stories teaser"
    m = (vocab.CREDIT.search(text) or vocab.INPUTS_CREDIT.search(text)) if line.words <= 12 else None
    if m:
        who = m.group("who").strip(" .:-")
        if who and who.casefold() not in GENERIC_CREDITS and not found.credit and m.re is vocab.CREDIT and m.group(1).lower() in (
            "source", "sources", "fuente", "fuentes", "fonte", "fontes", "quelle", "quellen", "bron", "via"
        ):
            found.credit = who
        return "credit line"
    if vocab.STAFF_CREDIT.search(text) or (line.words <= 40 and _contributed(text)):
        return "credit line"
    tail = text[-CREDIT_TAIL:]  # a credit or a toggle sits at the end: long lines cost no more
    if ("(" in tail or "/" in tail or ":" in tail) and vocab.CAPTION_CREDIT.search(tail):
        return "photo caption (ends with the picture's credit)"
    if vocab.TOGGLE_END.search(tail[-TOGGLE_TAIL:]):
        return "collapsed caption or blurb (ends with its more/less toggle)"
    if line.words <= 40 and vocab.FOOTER.search(text.lower()):
        return "copyright footer"
    if ":" in text and vocab.CONTACT.search(text):
        return "contact details"
    if line.words <= vocab.CLICK_WORDS and vocab.CLICK_HERE.search(text.lower()):
        return "call to the reader (click here)"
    reason = vocab.widget_reason(text, line.words)
    if reason:
        return reason
    if line.words <= 14 and not line.sentence and vocab.DATESTAMP.search(text.lower()):
        return "date stamp"
    return None


CAPTION_SENTENCES = 2  # a caption is a sentence or two; a longer line above a credit is a paragraph by an image
CAPTION_CREDIT_WORDS = 8


def _mark_captions_above_credits(lines: list[Line]) -> None:
    """A short line right above a picture's credit line ('Photo: Jane Roe/AP') is that picture's caption."""
    for above, ln in zip(lines, lines[1:]):
        if (ln.reason == "credit line" and ln.words <= CAPTION_CREDIT_WORDS and above.reason is None
                and above.sentences <= CAPTION_SENTENCES and not vocab.BYLINE_DATED.match(above.text)
                and (vocab.PICTURE_CREDIT.match(ln.text) or vocab.PHOTO_CREDIT.search(ln.text.lower()))):
            above.reason = "photo caption (the line above a picture credit)"


REPEATS = ("repeated line", "repeats text of another paragraph (pull-quote, standfirst or duplicate)")


# A headline is a line of a few words: the longest of the AEB pages' own titles holds 24 words and 153 characters,
# site name included. A longer line is a paragraph or a whole article flattened onto one line (which was taken for
# the title, from a page's <h1> or a manifest, and printed in full as the briefing's heading); the character bound
# also refuses a few "words" thousands of characters long (a run of links, encoded data).
TITLE_MAX_WORDS = 30
TITLE_MAX_CHARS = 250


def _headline_sized(text: str, words: int | None = None) -> bool:
    """The text is short enough to be a headline (the characters are counted first: a huge line costs nothing)."""
    return len(text) <= TITLE_MAX_CHARS and (Line.of(text).words if words is None else words) <= TITLE_MAX_WORDS


def _title_like(line: Line) -> bool:
    """Could be the headline: a short single clause, not a byline ('By Staff' repeats on every teaser card)."""
    return ((line.reason is None or line.reason in REPEATS) and 3 <= line.words and _headline_sized(line.text, line.words)
            and line.sentences == 1
            and not line.text.rstrip("\"'”’ ").endswith(".") and not vocab.BYLINE.match(line.text) and not vocab.date_only(line.key))


def _shingles(key: str) -> set[tuple[str, ...]]:
    """Word trigrams of a repetition key (the whole key when shorter)."""
    toks = key.split()
    return set(zip(toks, toks[1:], toks[2:])) or {tuple(toks)}


REPEAT_SHARE = 0.8  # share of a line's trigrams another, longer kept line holds for it to be a repeat


def _mark_repeats(lines: list[Line]) -> None:
    """Later exact repeats, and lines whose words another longer kept line already holds, are dropped."""
    seen: set[str] = set()
    for ln in lines:
        if ln.reason is None and ln.key:
            if ln.key in seen:
                ln.reason = "repeated line"
            seen.add(ln.key)
    kept = [ln for ln in lines if ln.reason is None and ln.words >= 6]
    index: dict[tuple[str, ...], list[int]] = {}
    sets = [_shingles(ln.key) for ln in kept]
    for i, s in enumerate(sets):
        for g in s:
            index.setdefault(g, []).append(i)
    for i, s in enumerate(sets):
        shared_grams = [g for g in s if len(index[g]) > 1]
        if len(shared_grams) < REPEAT_SHARE * len(s):
            continue  # most lines share little with any other: no need to count
        hits = Counter(j for g in shared_grams for j in index[g] if j != i)
        for j, shared in hits.most_common(3):
            longer = len(sets[j]) > len(s) or (len(sets[j]) == len(s) and j < i)
            if longer and kept[j].reason is None and shared / len(s) >= REPEAT_SHARE:
                kept[i].reason = REPEATS[1]
                break


def _trim_truncated(lines: list[Line], found: Cleaned) -> None:
    """A paragraph cut mid-sentence whose cut sentence reappears in full later loses the fragment."""
    kept = [ln for ln in lines if ln.reason is None]
    keys = [ln.key for ln in kept]
    for i, ln in enumerate(kept):
        if ln.words < 12 or TERMINAL.search(ln.text):
            continue
        starts = [m.end() for m in SENTENCE_END.finditer(ln.text)]
        if not starts:
            continue
        fragment = ln.text[starts[-1]:]
        fkey = line_key(fragment)
        if len(fkey.split()) >= 4 and any(k.startswith(fkey) or f" {fkey}" in k for k in keys[i + 1:]):
            ln.text = ln.text[: starts[-1]].rstrip()
            ln.cut.append(Removed(text=fragment, reason="truncated sentence repeated in full later"))


HEADLINE_FIT = 0.5  # share of a candidate's longer words the body's start must hold for it to be the headline
BODY_WORDS = 400  # words of the body's start a headline is checked against
TITLE_REACH = 12  # lines above the body region searched for its headline
_SHORT_COMMON = frozenset("with from that this have will were been said what when your more than into over about after their they "
                          "them there which would could also just like only some most other".split())


def _long_words(key: str) -> list[str]:
    return [w for w in key.split() if len(w) >= 4 and w not in _SHORT_COMMON]


def _told_by_body(cands: list[Line], rest: list[Line]) -> tuple[Line | None, tuple[int, float]]:
    """The candidate line whose words the article's first paragraphs use most (a headline tells what the body
    reports; menu items, section names and other stories' headlines do not), if one is told well enough, and
    how well: (its longer words the body uses, their share), (0, 0.0) when none is."""
    body: set[str] = set()
    n = 0
    for ln in rest:
        if ln.reason is None and ln.sentence:
            ws = ln.key.split()
            body.update(ws)
            n += len(ws)
            if n >= BODY_WORDS:
                break
    best, best_key = None, (0, 0.0)
    for ln in cands:
        ws = _long_words(ln.key)
        told = sum(w in body for w in ws)
        if len(ws) < 2 or told < HEADLINE_FIT * len(ws):
            continue
        # the line the body tells most words of (a short related line, all of whose few words the body
        # uses, is no better a headline), then the larger share; ties: the earlier line
        key = (told, told / len(ws))
        if key > best_key:
            best, best_key = ln, key
    return best, best_key


def _find_title(lines: list[Line], hint: str | None) -> str | None:
    """The hint, else the title-like line above the body whose words the body uses (`_told_by_body`), else a
    headline repeated at the top, else the first title-like line before the body."""
    top = []
    for ln in lines:
        if ln.reason is None and ln.sentence and ln.words >= 15:
            break
        top.append(ln)
    if hint:
        title = hint.strip()
    else:
        cands = [ln for ln in top if _title_like(ln)]
        pick, told = _told_by_body(cands, lines[len(top):])
        if told[1] < 1.0:
            # a blurb in the menu may have ended `top` early: the headline then sits just above the body region
            region = body_region(lines)
            start = min(region) if region else 0
            near = [lines[i] for i in range(max(len(top), start - TITLE_REACH), start) if _title_like(lines[i])]
            other, other_told = _told_by_body(near, lines[start:])
            if other_told > told:
                pick = other
        if pick is None:
            counts = Counter(ln.key for ln in lines if ln.key)
            repeated = [ln for ln in cands if counts[ln.key] >= 2]
            pick = (repeated or cands or [None])[0]
        if pick is None:
            return None
        title = pick.text
    tkey = line_key(title)
    for ln in lines:
        if ln.key == tkey and (ln.reason is None or ln.reason in REPEATS):
            ln.reason = HEADLINE
    return title


def _mark_standfirst(lines: list[Line]) -> None:
    """One short summary sentence right under a repeated headline, restated by the body, is a standfirst."""
    last_title = max((i for i, ln in enumerate(lines[:12]) if ln.reason == HEADLINE), default=None)
    if last_title is None or sum(ln.reason == HEADLINE for ln in lines) < 2:
        return
    rest = [ln for ln in lines[last_title + 1:] if ln.reason is None]
    if len(rest) < 3:
        return
    cand, following = rest[0], rest[1]
    if not (8 <= cand.words <= 30 and cand.sentences == 1 and cand.sentence and following.sentence):
        return
    if vocab.QUOTE_CHARS.search(cand.text) or DATELINE.match(cand.text):
        return
    content = {w for w in cand.key.split() if len(w) > 3 and w not in STOPWORDS}
    body = {w for ln in rest[1:] for w in ln.key.split()}
    if content and len(content & body) / len(content) >= 0.6:
        cand.reason = "standfirst (summary under the headline, restated by the body)"


def _mark_bylines(lines: list[Line], found: Cleaned) -> None:
    """A short 'By Name' line near the top or bottom is the author, not text."""
    n = len(lines)
    for i, ln in enumerate(lines):
        if ln.reason is None and ln.words <= 10 and (i < 10 or i >= n - 6):
            m = vocab.BYLINE.match(ln.text)
            if m:
                ln.reason = "byline (kept as author)"
                found.author = found.author or m.group("who").strip(" ,&")


INNER_BYLINE_WORDS = 6  # "By Jane Roe" inside the body; a longer "By ..." line may be a sentence


def _dated_byline(text: str) -> str | None:
    """The name of a 'By Name <date>' line (no prose after the name), else None."""
    m = vocab.BYLINE_DATED.match(text)
    if not m:
        return None
    for token in WORD.findall(m.group("tail")):
        if not (token[0].isupper() or token[0].isdigit() or token.casefold() in vocab.BYLINE_DATE_WORDS or vocab.MONTH_WORD.fullmatch(token)):
            return None
    return m.group("who").strip(" ,&")


def _mark_inner_bylines(lines: list[Line], found: Cleaned) -> None:
    """A 'By Name <date>' line, or a bare 'By Jane Roe', anywhere in the body is its byline, not text."""
    for ln in lines:
        if ln.reason is None and ln.words <= 20:
            plain = vocab.BYLINE.match(ln.text) if ln.words <= INNER_BYLINE_WORDS and not ln.sentence else None
            who = _dated_byline(ln.text) or (plain.group("who").strip(" ,&") if plain else None)
            if who:
                ln.reason = "byline (kept as author)"
                found.author = found.author or who


def _mark_outside(lines: list[Line], found: Cleaned) -> None:
    """Lines outside the body region are page furniture; an all-caps name at the bottom is a network footer."""
    region, comments = body_and_comments(lines)
    if not region:
        return
    first, last = min(region), max(region)
    for i in comments:
        lines[i].reason = "reader comment (under the article)"
    for i, ln in enumerate(lines):
        if ln.reason is not None or i in region:
            continue
        if i > last and ln.text.isupper() and ln.words <= 6 and not ln.sentence:
            ln.reason = "network footer"
            if not found.credit:
                name = FOOTER_WORDS.sub("", ln.text).strip(" -|·•,")
                found.credit = name or None
        elif i < first:
            ln.reason = "page furniture before the article"
        elif i > last:
            ln.reason = "page furniture after the article"
        else:
            ln.reason = "page furniture between parts of the article"


def _take_dateline(lines: list[Line], found: Cleaned) -> None:
    """A place prefix on the first paragraph ('HANOI (Reuters) -') moves to metadata."""
    first = next((ln for ln in lines if ln.reason is None and ln.sentence), None)
    if first is None:
        return
    m = DATELINE.match(first.text)
    if not m or len(m.group("place").split()) > 8 or not LETTERS.search(m.group("place")):
        return
    found.dateline = m.group("place").strip(" ,")
    first.cut.append(Removed(text=first.text[: m.end()].strip(), reason="dateline (kept as metadata)"))
    first.text = first.text[m.end():]


def clean_lines(
    texts: list[str], title_hint: str | None = None, pile_boilerplate: frozenset[str] = frozenset(), extracted: bool = False
) -> Cleaned:
    """Classify every line: kept lines become paragraphs, every other line is in `removed` with why.

    `extracted`: the lines come from an HTML extractor that already chose the body region, so only
    line-level rules and the headline apply (pages repeat lines on purpose: lists, recipes, refrains).
    """
    found = Cleaned()
    if title_hint and not _headline_sized(title_hint.strip()):
        title_hint = None  # a page's or a manifest's "title" of a paragraph's length is no headline
    lines = [Line.of(t) for t in texts]
    for ln in lines:
        ln.reason = _rule_reason(ln, ln.text, found)
    _mark_captions_above_credits(lines)
    if extracted:
        found.title = _find_title(lines, title_hint) if title_hint else None
        _take_dateline(lines, found)
        return _collect(lines, found)
    for ln in lines:
        if ln.reason is None and ln.key in pile_boilerplate and not ln.sentence:
            ln.reason = "boilerplate repeated across articles of the outlet in the pile"
    mark_teaser_lists(lines)
    mark_linked_headlines(lines)
    _mark_repeats(lines)
    found.title = _find_title(lines, title_hint)
    _mark_bylines(lines, found)
    _mark_standfirst(lines)
    _mark_outside(lines, found)
    _mark_inner_bylines(lines, found)
    trim_tail(lines)
    _trim_truncated(lines, found)
    _take_dateline(lines, found)
    return _collect(lines, found)


def _collect(lines: list[Line], found: Cleaned) -> Cleaned:
    """Kept lines into paragraphs (placeholders cut out), the rest into `removed`, in document order."""
    for ln in lines:
        found.removed.extend(ln.cut)
        if ln.reason is None:
            if _may_hold_placeholder(ln.text) and vocab.PLACEHOLDER.search(ln.text):
                ln.text = vocab.PLACEHOLDER.sub(" ", ln.text).strip()
            found.paragraphs.append(ln.text)
        else:
            found.removed.append(Removed(text=ln.text, reason=ln.reason))
    return found
