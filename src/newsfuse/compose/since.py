"""What changed since an earlier briefing: new sources, new claims, changed support and values, corrections."""
from __future__ import annotations

import re
from typing import Optional

from ..model import Article, Briefing, Change, Changes, Claim, Story, source_key
from .similarity import norm, split_sentences

NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
SAME_CLAIM = 0.6  # token Jaccard above which two claim texts state the same claim
SAME_SENTENCE = 0.5  # a re-scraped sentence this close to an old one is its corrected version
SAME_STORY = 0.3  # share of articles two stories must share to be one story across briefings


def _tokens(text: str) -> set[str]:
    return set(norm(text).split())


def _jaccard(a: set[str], b: set[str]) -> float:
    return len(a & b) / len(a | b) if a | b else 0.0


def _source_key(a: Article) -> str:
    """What identifies one source across briefings, from any directory: its url, else its input's file name
    (ids change when the text does)."""
    return a.url or source_key(a.input)


def _opening(a: Article) -> set[str]:
    return _tokens(a.text[:600])


def pair_articles(cur: list[Article], prev: list[Article]) -> dict[str, Article]:
    """Current article id -> the same source in the previous briefing: same id, else same url or input, else
    same outlet and title, else an opening this similar (a page moved or saved under another name).

    Each way of matching is tried on every article before the next, looser one: an article whose own earlier
    version is in the previous briefing is never paired with another source's (an updated copy, a sibling
    with the same headline).
    """
    out: dict[str, Article] = {}
    used: set[int] = set()
    ways = (
        lambda a: a.id,
        _source_key,
        lambda a: (a.outlet, norm(a.title)) if a.title else None,
    )
    for key in ways:
        index: dict = {}
        for p in prev:
            k = key(p)
            if k is not None and id(p) not in used:
                index.setdefault(k, []).append(p)  # in order: two same-titled sources pair in turn
        for a in cur:
            if a.id in out:
                continue
            hit = next((p for p in index.get(key(a), ()) if id(p) not in used), None)
            if hit is not None:
                out[a.id] = hit
                used.add(id(hit))
    rest = [a for a in cur if a.id not in out]
    if rest:
        openings = [_opening(p) for p in prev]  # once per source, not once per pair
        for a in rest:
            toks = _opening(a)
            scored = [(_jaccard(toks, openings[i]), i) for i, p in enumerate(prev) if id(p) not in used]
            best = max(scored, default=(0.0, -1))
            if best[0] >= SAME_SENTENCE:
                out[a.id] = prev[best[1]]
                used.add(id(prev[best[1]]))
    return out


def match_story(story: Story, previous: list[Story]) -> Optional[Story]:
    """The previous story with this id, else the one sharing most sources (at least SAME_STORY of them)."""
    for p in previous:
        if p.id == story.id:
            return p
    best, best_share = None, 0.0
    for p in previous:
        shared = len(pair_articles(story.articles, p.articles))
        share = shared / max(min(len(story.articles), len(p.articles)), 1)
        if share > best_share:
            best, best_share = p, share
    return best if best_share >= SAME_STORY else None


def _match_claim(claim: Claim, previous: list[Claim], prior: list[tuple[set[str], set[str]]]) -> Optional[Claim]:
    """The previous claim sharing the most of this claim's evidence sentences (ties: the one worded most
    alike, then the first), else the one worded most alike. One sentence can back several claims (its
    clauses), so the first claim holding one of them may be another fact. `prior` holds each previous
    claim's normalised evidence sentences and wording tokens, made once per story."""
    said = {norm(e.text) for e in claim.evidence}
    toks = _tokens(claim.text)
    scored = [(len(said & sents), _jaccard(toks, ptoks), -i) for i, (sents, ptoks) in enumerate(prior)]
    if not scored:
        return None
    shared, _, i = max(scored)
    if shared:
        return previous[-i]
    best = max(j for _, j, _ in scored)  # worded most alike: the first such claim
    return next(p for p, (_, j, _) in zip(previous, scored) if j == best) if best >= SAME_CLAIM else None


def _source_changes(cur: Story, prev: Story) -> list[Change]:
    """New and dropped sources, and corrected sentences of sources scraped again with a changed text."""
    out: list[Change] = []
    pairs = pair_articles(cur.articles, prev.articles)
    for a in cur.articles:
        before = pairs.get(a.id)
        if before is None:
            out.append(Change(kind="new source", text=a.title or a.source_name(), after=a.outlet, articles=[a.id]))
            continue
        if before.text == a.text:
            continue
        old_sents = [t for _, _, t in split_sentences(before.text)]
        old_norm = {norm(t) for t in old_sents}
        old_toks = [_tokens(o) for o in old_sents]  # once per old sentence, not once per new-old pair
        for _, _, t in split_sentences(a.text):
            if norm(t) in old_norm:
                continue
            toks = _tokens(t)
            scores = [_jaccard(toks, o) for o in old_toks]
            if scores and max(scores) >= SAME_SENTENCE:
                closest = old_sents[scores.index(max(scores))]  # the first of the closest, as max() picked
                out.append(Change(kind="correction", text=t, before=closest, after=t, articles=[a.id]))
    kept = {id(p) for p in pairs.values()}
    for a in prev.articles:
        if id(a) not in kept:
            out.append(Change(kind="dropped source", text=a.title or a.source_name(), before=a.outlet, articles=[]))
    return out


def _claim_changes(cur: Story, prev: Story) -> list[Change]:
    """New claims, claims whose independent support changed, and claims whose numbers changed."""
    out: list[Change] = []
    prior = [({norm(e.text) for e in p.evidence}, _tokens(p.text)) for p in prev.claims]
    for c in cur.claims:
        p = _match_claim(c, prev.claims, prior)
        cited = sorted({e.article for e in c.evidence})
        if p is None:
            out.append(Change(kind="new claim", text=c.text, after=str(c.support), articles=cited))
            continue
        if NUMBER.findall(c.text) != NUMBER.findall(p.text):
            out.append(Change(kind="value changed", text=c.text, before=p.text, after=c.text, articles=cited))
        if c.support != p.support:
            out.append(Change(kind="support changed", text=c.text, before=str(p.support), after=str(c.support), articles=cited))
    return out


def _value_changes(cur: Story, prev: Story) -> list[Change]:
    """Disagreements whose set of values changed between the briefings (matched by kind and summary)."""
    out: list[Change] = []
    for d in cur.discrepancies:
        toks = _tokens(d.summary)
        same = [p for p in prev.discrepancies if p.kind == d.kind and _jaccard(toks, _tokens(p.summary)) >= SAME_CLAIM]
        now = sorted(v.value for v in d.values)
        if not same:
            continue
        was = sorted(v.value for v in same[0].values)
        if was != now:
            cited = sorted({a for v in d.values for a in v.articles})
            out.append(Change(kind="value changed", text=d.summary, before=", ".join(was), after=", ".join(now), articles=cited))
    return out


def diff(previous: Briefing, current: Briefing) -> Briefing:
    """Annotate each current story with `changes` since the previous briefing: what changed in the story it
    matches there, or that it is new."""
    for story in current.stories:
        prev = match_story(story, previous.stories)
        if prev is None:
            story.changes = Changes(new=True)
            continue
        items = _source_changes(story, prev) + _claim_changes(story, prev) + _value_changes(story, prev)
        story.changes = Changes(previous=prev.id, items=items)
    return current
