"""The timeline: dated events with the sentence that dates them, sorted by when, merged across articles."""
from __future__ import annotations

import re
from typing import Optional

from ..model import DateMention, Evidence, Sentence, Story, TimelineEvent
from .similarity import cosine, norm, split_sentences, vectors

ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2})?)?")
SAME_EVENT = 0.35  # two sentences on one day this similar tell the same event
# A date printed on a product ("use-by dates from June 14 to June 21") says when it spoils, not when anything
# happened; the second date of such a range is caught through the first. "use by", "sell by" and "display until"
# written with a space are ordinary phrases ("approved for use by June 30", "hopes to sell by June 30"): a label
# only with the hyphen or followed by "date(s)".
PRODUCT_DATE = re.compile(
    r"(?:\b(?:use|sell)-(?:by|before)|\bbest[- ]before|\bdisplay-until"
    r"|\b(?:use|sell)\s+(?:by|before)\s+dates?\b|\bdisplay\s+until\s+dates?\b|\b(?:expiry|expiration)\s+dates?)"
    r"(?:\s+dates?)?(?:\s+(?:of|from|between|on|until|through|ranging from|running from))?\s*"
    r"(?:[^.;:!?\n]{1,30}?\s(?:to|and|through|until|or|-|–)\s*)?$", re.I)


# "must be finished by June 30", "will stay open until Friday": a deadline ahead, not the day something happened.
# Told of the past the same words date an event ("anonymous until May 30, 2005, when his family revealed it").
DEADLINE = frozenset({"by", "until", "before"})
AHEAD = re.compile(r"\b(?:will|would|shall|must|should|has to|have to|needs? to|expects?|expected|plans?|planned|hopes?|"
                   r"aims?|intends?|due|deadline|scheduled|set to|is to|are to|going to|'ll)\b", re.I)


def _product_date(texts: dict[str, str], d: DateMention) -> bool:
    """True when the mention is a use-by, best-before, sell-by or expiry date: a label, not an event."""
    text = texts.get(d.article)
    return text is not None and PRODUCT_DATE.search(text, max(0, d.start - 80), d.start) is not None


def _sentence_text(texts: dict[str, str], d: DateMention, by_article: dict[str, list[Sentence]]) -> Optional[str]:
    """The sentence holding the date mention: from analyze's sentences, else found by offsets in the body."""
    sents = by_article.get(d.article, [])
    if d.sentence is not None:
        for s in sents:
            if s.index == d.sentence:
                return s.text
    for s in sents:
        if s.start <= d.start < s.end:
            return s.text
    body = texts.get(d.article)
    if body is None:
        return None
    for start, end, text in split_sentences(body):
        if start <= d.start < end:
            return text
    return None


def build(story: Story, embeddings: bool = False) -> list[TimelineEvent]:
    """One event per (day or time, happening); an event cites every article whose sentence tells it."""
    order = {a.id: i for i, a in enumerate(story.articles)}
    rows: list[tuple[str, str, str]] = []  # (when, article, sentence)
    seen = set()
    by_article: dict[str, list[Sentence]] = {}  # analyze's sentences per article, in story order
    for sent in story.sentences:
        by_article.setdefault(sent.article, []).append(sent)
    texts = {a.id: a.text for a in story.articles}  # one look-up per date, not a scan of the articles
    for d in story.dates:
        if d.kind not in ("date", "datetime", "relative") or not d.value or not ISO_DATE.match(d.value):
            continue
        if _product_date(texts, d):
            continue
        text = _sentence_text(texts, d, by_article)
        if not text or (d.qualifier in DEADLINE and AHEAD.search(text)):
            continue
        key = (d.value, d.article, norm(text))
        if key not in seen:
            seen.add(key)
            rows.append((d.value, d.article, text))
    if not rows:
        return []
    rows.sort(key=lambda r: (r[0], order.get(r[1], len(order)), r[2]))
    sim = cosine(vectors([r[2] for r in rows], embeddings=embeddings))
    claims_of: dict[str, set[str]] = {}
    for c in story.claims:
        for e in c.evidence:
            claims_of.setdefault(norm(e.text), set()).add(c.id)
    row_claims = [claims_of.get(norm(r[2]), set()) for r in rows]  # once per row, not once per pair
    for i, ci in enumerate(row_claims):  # sentences aligned in one claim tell one event
        if not ci:
            continue
        for j, cj in enumerate(row_claims):
            if ci & cj:
                sim[i, j] = 1.0
    events: list[list[int]] = []
    for i, (when, _, _) in enumerate(rows):
        day = when[:10]
        for ev in events:
            if rows[ev[0]][0][:10] == day and max(sim[i, j] for j in ev) >= SAME_EVENT:
                ev.append(i)
                break
        else:
            events.append([i])
    out = []
    for ev in events:
        members = sorted(ev, key=lambda i: order.get(rows[i][1], len(order)))
        when = max((rows[i][0] for i in ev), key=len)  # the most precise value (a time beats a day)
        evidence: dict[str, str] = {}
        for i in members:
            evidence.setdefault(rows[i][1], rows[i][2])
        out.append(TimelineEvent(
            when=when,
            text=rows[members[0]][2],
            articles=list(evidence),
            evidence=[Evidence(article=a, text=t) for a, t in evidence.items()],
        ))
    # By day, then time; within one day what most articles tell comes first.
    out.sort(key=lambda e: (e.when[:10], e.when, -len(e.articles), order.get(e.articles[0], len(order)), e.text))
    return out
