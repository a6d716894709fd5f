"""Where the article body sits in a dump: the best-scoring run of lines (prose for, furniture against).

Also what bounds it: lists of teaser cards that read like prose (marked before the region is chosen),
and the notes on the author or calls to the reader that end it (trimmed after).
Tuned on the AEB pages turned into naive text dumps (bench/extraction_text.py), not on any site's strings.
"""
from __future__ import annotations

import re
from typing import TYPE_CHECKING

from . import vocab

if TYPE_CHECKING:
    from .text import Line

WIDGET_BARRIER = -40.0  # a share/comment/related widget rarely sits inside an article: regions seldom span it
TEASER_BARRIER = -10.0  # "Read also" and ads do sit between paragraphs; a paragraph after one stays in
BLURB_REASON = "teaser (one of a list of blurbs cut short)"
CARD_REASON = "teaser (one of a list of headlines run into their blurbs)"
TEASER_REASONS = {"related-stories teaser", "advertisement", "navigation", BLURB_REASON, CARD_REASON}
STAMP_REASONS = {"date stamp"}
STAMP_COST = -40.0  # a date line between blurbs marks teaser cards; a live blog's entries are long enough to bridge it
SHORT_COST = -2.0  # a short non-sentence line costs a little: subheads survive between paragraphs
LIST_NUMBER = re.compile(r"^\(?\d{1,3}[.)]\s+\S")
LIST_BULLET = re.compile(r"^[-*•·–—►▪●]\s*\S")
LIST_MONTH = re.compile(vocab.MONTH_START, re.I)
LIST_LABEL = re.compile(r"^[A-Z][\w.' ()/-]{0,40}:\s+\S")  # "Q: ...", "Path A: ...", "England (Group A): ..."
MIN_LIST_ITEMS = 3
LIST_TITLE_WORDS = 8
LIST_ITEM_DETAIL_LINES = 2
WIDGET_REASONS = {reason for reason, _ in vocab.WIDGETS} | {"next/previous teaser", "copyright footer", "captcha"}
ISOLATED_WEIGHT = 0.3  # a one-sentence line between two short lines reads like a teaser (headline, blurb, byline)
ISOLATED_WEIGHT_2 = 0.6
SECONDARY_RATIO = 0.5  # a second run of text this strong (vs the best) is part of the article too
SHORT_RUN_CAP = 2
CARD_WINDOW = 6  # live lines either side searched for other teaser-like blurbs
CARD_WEIGHT = 0.1  # tuned on the AEB dumps
SENTENCE_BASE = 5.0  # a one-line blurb of a few words is barely evidence of an article
COMMENT_REASONS = {"comment widget", "comment author"}
PROSE_BEFORE_COMMENTS = 60.0  # words of prose seen before a comment marker means the article is above it


def _removed_score(reason: str | None) -> float:
    """What a line already classified says about the region around it."""
    if reason in TEASER_REASONS:
        return TEASER_BARRIER
    if reason in WIDGET_REASONS:
        return WIDGET_BARRIER
    return STAMP_COST if reason in STAMP_REASONS else 0.0


def _scores(lines: list[Line]) -> list[float]:
    """How much each line says 'article body': prose by its length, short lines and widgets against."""
    scores = [_removed_score(ln.reason) for ln in lines]
    live = [i for i, ln in enumerate(lines) if ln.reason is None]
    isolated = [
        lines[i].sentence and lines[i].sentences <= 2
        and pos > 0 and not lines[live[pos - 1]].sentence
        and pos + 1 < len(live) and not lines[live[pos + 1]].sentence
        for pos, i in enumerate(live)
    ]
    run = 0
    for pos, i in enumerate(live):
        ln = lines[i]
        if not ln.sentence:
            # one short line is a subhead; a run of them is a menu or a list of links, ever more costly
            run += 1
            scores[i] = SHORT_COST * min(run, SHORT_RUN_CAP)
            continue
        run = 0
        score = float(min(ln.words, 80)) - SENTENCE_BASE
        if isolated[pos]:
            # blurbs between short lines, several in a row: a list of teaser cards, not an article
            neighbours = sum(isolated[max(0, pos - CARD_WINDOW): pos + CARD_WINDOW + 1]) - 1
            if neighbours >= 2:
                score *= CARD_WEIGHT
            else:
                score *= ISOLATED_WEIGHT if ln.sentences == 1 else ISOLATED_WEIGHT_2
        scores[i] = score
    return scores


def _comments_start(lines: list[Line], scores: list[float]) -> int:
    """Index where a comment section begins after some prose (the end of any article), else len(lines)."""
    prose = 0.0
    for i, (ln, s) in enumerate(zip(lines, scores)):
        if ln.reason in COMMENT_REASONS and prose >= PROSE_BEFORE_COMMENTS:
            return i
        prose += max(s, 0.0)
    return len(lines)


def _best_runs(lines: list[Line], scores: list[float], end: int) -> set[int]:
    """Indices of the article body above `end`: the best-scoring run of lines, plus any run nearly as strong."""
    runs: list[tuple[float, int, int]] = []
    best, start = 0.0, 0
    for i, s in enumerate(scores[:end]):
        if best <= 0:
            best, start = 0.0, i
        best += s
        if best > 0:
            runs.append((best, start, i))
    if not runs:
        return set()
    # the best run for each start; keep the strongest, then others nearly as strong
    by_start: dict[int, tuple[float, int, int]] = {}
    for total, s, e in runs:
        if s not in by_start or total > by_start[s][0]:
            by_start[s] = (total, s, e)
    ranked = sorted(by_start.values(), reverse=True)
    top = ranked[0][0]
    keep: set[int] = set()
    for total, s, e in ranked:
        if total >= SECONDARY_RATIO * top or total == top:
            keep.update(range(s, e + 1))
    return keep


def _item_shape(text: str) -> str | None:
    """What a list item starts with (number, month, bullet, speaker label), None for a line that is no list item."""
    if LIST_NUMBER.match(text):
        return "number"
    if LIST_BULLET.match(text):
        return "bullet"
    if LIST_MONTH.match(text):
        return "month"
    if LIST_LABEL.match(text):
        return "label"
    return None


def _list_after(lines: list[Line], last: int) -> list[int]:
    """A list announced at the end of the body ('Tour dates:' then dated lines): its header and items."""
    live = [i for i in range(last + 1, min(len(lines), last + 400)) if lines[i].reason is None]
    # the header ends with a colon, or is a short title right under the body ("Tour Dates")
    header = [i for i in live[:1] if lines[i].text.rstrip().endswith(":") or (
        not lines[i].sentence and lines[i].words <= LIST_TITLE_WORDS and i == last + 1 and _item_shape(lines[i].text) is None)]
    # ... or the body itself ends in such a list (a Q&A, numbered points: two items at least) that goes on below it
    before = [i for i in range(last - 1, max(last - 8, -1), -1) if lines[i].reason is None][:LIST_ITEM_DETAIL_LINES + 1]
    going_on = _item_shape(lines[last].text)
    if going_on and not any(_item_shape(lines[i].text) == going_on for i in before):
        going_on = None
    if not header and not lines[last].text.rstrip().endswith(":") and going_on is None:
        return []
    items = live[len(header):]
    shape = _item_shape(lines[items[0]].text) if items else None
    if going_on and not header and shape != going_on:
        return []
    if shape is None:
        return []
    run: list[int] = []
    between: list[int] = []  # an item's own detail lines (a link, a price) sit between two items
    gaps: set[int] = set()
    count = 0  # items of the list's shape in the run
    for i in items:
        if _item_shape(lines[i].text) == shape:
            if run:
                gaps.add(len(between))
            run += between + [i]
            between = []
            count += 1
        elif len(between) < LIST_ITEM_DETAIL_LINES and run:
            between.append(i)
        else:
            break
    if gaps == {len(between)}:
        run += between  # the last item's detail lines, as many as every other item had
    return header + run if count >= MIN_LIST_ITEMS else []


# A short line scores against the region (SHORT_COST), so the best run never ends on one: an article's closing
# sentence of under 8 words ("Firefighters arrived within ten minutes, officials said.") fell outside it.
# Lines right under the body that read as a sentence of reporting join it. The debris found there is mostly
# headline-shaped (Title Case teasers, "More U.S."), asks the reader something ("Like this article?", "Want
# to join the discussion?"), is a widget or credit the line rules already name, or the site speaking of itself
# (vocab.SITE_NOTE). On the AEB dumps the short lines ending with "." or "!" right under the body that pass
# these tests were all the article's (nine lines on eight pages; no debris).
# Reader comments sit there too when a page prints no "Comments" header ("Such a sad day for our town.", "The council
# should resign now."): a line that speaks for its writer (first person, "should") and states no fact (no figure, no
# one said it, no name) ends the closing lines, and the short lines under it are the thread's. None of the nine does.
CLOSING_LINES = 3  # more short lines than this under the body are a list or a comment thread, not its end
CLOSING_MIN_WORDS = 3  # "The investigation continues."
CLOSING_END = re.compile(r"[^\W_][\"'”’»)\]]*[.!。！][\"'”’»)\]」』]*$")  # a word then "." or "!": not "..." or "?"
CLOSING_OPENING = "\"'“‘«( "
CLOSING_WORD = re.compile(r"[^\W\d_][\w'’-]*")
READER_I = frozenset("I I'm I’m I've I’ve I'd I’d I'll I’ll".split())  # capitalized, yet no name


def _closing_sentence(ln: Line) -> bool:
    """A short line that reads as a sentence of reporting: starts with a capital, ends with '.' or '!', and is
    written in sentence case (fewer than half its words after the first are capitalized: no headline or name list)."""
    if ln.reason is not None or ln.sentence or ln.words < CLOSING_MIN_WORDS:
        return False
    text = ln.text
    first = text.lstrip(CLOSING_OPENING)[:1]
    if not (first.isdigit() or (first.isalpha() and not first.islower())):
        return False  # a sentence starts with a capital or a figure (scripts without case have no lower case)
    if not CLOSING_END.search(text) or vocab.date_only(ln.key) or vocab.SITE_NOTE.search(text.lower()):
        return False
    rest = CLOSING_WORD.findall(text)[1:]
    return 2 * sum(w[0].isupper() for w in rest) < len(rest)


def _reader_comment(ln: Line) -> bool:
    """A closing-shaped line that speaks for its writer (first person or 'should' outside quotes) and states no fact:
    no figure, no one said it, no name after its first word. 'No one was hurt.' states nothing either way and stays."""
    if not vocab.OPINION.search(vocab.QUOTED.sub(" ", ln.text).lower()):
        return False
    if vocab.REPORTED_FACT.search(ln.text.lower()):
        return False
    names = [w for w in CLOSING_WORD.findall(ln.text)[1:] if w[0].isupper() and w not in READER_I]
    return not names


def _closing_scan(lines: list[Line], last: int, end: int) -> tuple[list[int], list[int]]:
    """The short sentences under the body's last line, above `end` (where comments start), split into the article's
    closing lines and the reader comments from the first one on; both empty when more than CLOSING_LINES follow."""
    run = []
    for i in range(last + 1, end):
        if not _closing_sentence(lines[i]):
            break
        run.append(i)
        if len(run) > CLOSING_LINES:
            return [], []
    # comments come after the article: a reader's line ends it, and the short lines under that one are the thread's
    cut = next((k for k, i in enumerate(run) if _reader_comment(lines[i])), len(run))
    return run[:cut], run[cut:]


def _closing_after(lines: list[Line], last: int, end: int) -> list[int]:
    """The short sentences right under the body's last line that end the article (none when more follow)."""
    return _closing_scan(lines, last, end)[0]


def body_region(lines: list[Line]) -> set[int]:
    """Indices of the lines that form the article body (empty when no line reads as prose)."""
    return body_and_comments(lines)[0]


def body_and_comments(lines: list[Line]) -> tuple[set[int], list[int]]:
    """The body region (see `body_region`) and the reader comments in the short lines right under it (no
    'Comments' header above them), from one scoring of the lines."""
    scores = _scores(lines)
    end = _comments_start(lines, scores)  # neither the body nor its closing lines reach into a comment section
    region = _best_runs(lines, scores, end)
    if not region:
        return region, []
    last = max(region)
    # a list is looked for under the prose only: a short closing line is too weak to announce one
    region.update(_list_after(lines, last))
    region.update(_closing_after(lines, last, end))
    closing, comments = _closing_scan(lines, max(region), end)
    return region, comments if not closing else []  # the region holds its closing lines: scanned from its end, none


# "... said on Wednesday. Khan on Tuesday...": a blurb cut short mid-sentence by the page, not by the writer
CUT_SHORT = re.compile(r"\w[,;]?(?:\.\.\.|…)\s*$")
BLURB_RUN = 3  # this many teaser-shaped prose lines in a row are a list of teasers
# "...Death Of Student-AthleteA 24-year-old woman...": a card's headline and blurb joined without a space
GLUE = re.compile(r"(?=[A-Z])(?:(?<=[^\W\d_]{4})|(?<=\d[\d,./]{2})|(?<=[?!’'”)]))")
HEAD_WORD = re.compile(r"[\w'’-]+")
HEADLINE_SMALL = frozenset("a an the of in on at to for and or but with by from as is are vs via".split())
CARD_HEAD_WORDS = 5  # a headline has a few words; "The 16-inch MacBook" is a brand name, not a card
CARD_SCAN = 200  # characters at the start of a line searched for the join


def _glued_card(text: str) -> bool:
    """The line starts with a title-case headline of a few words run into a sentence-case blurb."""
    for m in GLUE.finditer(text, 0, CARD_SCAN):
        head = HEAD_WORD.findall(text[: m.start()])
        rest = HEAD_WORD.findall(text[m.start(): m.start() + 80])[:8]
        if len(head) < CARD_HEAD_WORDS or len(rest) < 5:
            continue
        if all(w[0].isupper() or w[0].isdigit() or w.lower() in HEADLINE_SMALL for w in head):
            return sum(1 for w in rest if w[0].islower()) >= 2
    return False


def mark_teaser_lists(lines: list[Line]) -> None:
    """Prose lines shaped like teaser cards (cut short, or headline run into blurb), several in a row, are teasers."""
    for reason, shaped in ((BLURB_REASON, lambda t: bool(CUT_SHORT.search(t))), (CARD_REASON, _glued_card)):
        runs: list[list[int]] = [[]]
        for i, ln in enumerate(lines):
            if ln.reason is None and ln.sentence:
                if shaped(ln.text):
                    runs[-1].append(i)
                elif runs[-1]:
                    runs.append([])  # a paragraph of another shape ends the run (short lines between do not)
        for run in runs:
            if len(run) >= BLURB_RUN:
                for i in run:
                    lines[i].reason = reason


LINKED_HEADLINE_WORDS = 4  # a line this long without a sentence's end, under a "More from" header, is a story link
LINKED_RUN = 2
LINKED_HEADER_WORDS = 6  # "More from UK", "You might also like": a header, not a sentence that starts with "Next up"


def mark_linked_headlines(lines: list[Line]) -> None:
    """Headline-shaped lines listed under a related-stories header ("More from UK", "Read more") are teasers."""
    i = 0
    while i < len(lines):
        header = lines[i]
        if header.reason != "related-stories teaser" or header.sentence or header.words > LINKED_HEADER_WORDS:
            i += 1
            continue
        run, j = [], i + 1
        while j < len(lines):
            ln = lines[j]
            if ln.reason is None:
                if ln.sentence or ln.words < LINKED_HEADLINE_WORDS or vocab.TERMINAL.search(ln.text):
                    break
                run.append(j)
            j += 1
        if len(run) >= LINKED_RUN:
            for k in run:
                lines[k].reason = "related-stories teaser"
        i = j


TAIL_LINES = 6  # live lines at the end of the body searched for notes about the author or calls to the reader
TAIL_ABOUT_AFTER = 3  # an "About the author" header this close to the end opens a section about the writer


def _reader_note(ln: Line) -> bool:
    """A line about the author or calling on the reader (bio, contact, follow/subscribe), not quoted speech."""
    if vocab.QUOTE_CHARS.search(ln.text):
        return False
    return bool(vocab.AUTHOR_BIO.match(ln.text) or vocab.READER_CALL.search(ln.text))


def _about_author(lines: list[Line], section: list[int]) -> bool:
    """The section opens with an 'About the author' header, or 'About <Name>' followed by text naming that person."""
    m = vocab.ABOUT_AUTHOR.match(lines[section[0]].text)
    if not m or len(section) < 2:
        return False
    return not m.group("name") or m.group("name").split()[-1] in lines[section[1]].text


def trim_tail(lines: list[Line]) -> None:
    """The body's last lines that only speak about its author or to its reader are dropped.

    Walks back from the end: a note is dropped with any short lines after it; the first line of
    reporting stops the walk. An "About the author" header near the end takes the rest of the body with it.
    """
    live = [i for i, ln in enumerate(lines) if ln.reason is None]
    tail = live[-TAIL_LINES:]
    about = [pos for pos, i in enumerate(tail) if pos > 0 and _about_author(lines, tail[pos:])]
    if about and len(tail) - about[-1] - 1 <= TAIL_ABOUT_AFTER:
        for i in tail[about[-1]:]:
            lines[i].reason = "about the author (after the article)"
        tail = tail[: about[-1]]
    pending: list[int] = []
    for i in reversed(tail):
        ln = lines[i]
        if _reader_note(ln):
            for j in pending + [i]:
                lines[j].reason = "note on the author or call to the reader (after the article)"
            pending = []
        elif not ln.sentence and ln.words <= 6:
            pending.append(i)
        else:
            break
