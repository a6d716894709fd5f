"""The summary: source sentences chosen by support, centrality and novelty, ordered as an account."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Optional

import numpy as np

from ..config import BriefSettings
from ..model import Evidence, Story, SummarySentence
from .similarity import cosine, norm, split_sentences, vectors, words

# Sentences of reaction or attribution: they read best after the facts they react to.
REACTION = re.compile(
    r"[\"“”]|\b(?:said|says|told|tweeted|wrote|according to|stated|added|noted|warned|argued|claimed|"
    r"criticized|criticised|condemned|praised|commended|urged|insisted|responded|vowed)\b",
    re.I,
)
# Lines that are not reporting even when cleaning kept them: questions to the reader, bylines, fragments.
NOT_REPORTING = re.compile(r"^(?:read more|related|click|subscribe|sign up|photo|image|video|watch)\b|\?$", re.I)
# Reporting ends like a sentence; a headline, caption or widget label does not.
ENDS_SENTENCE = re.compile(r"[.!?][\"”’)\]]?$")
MIN_WORDS, MAX_WORDS = 5, 70
# Weights of the three selection signals; fitted on the NeuS train split (bench/summarization.py --split train).
W_SUPPORT, W_CENTRAL, W_LEAD = 0.35, 0.40, 0.25
MMR_LAMBDA = 0.7  # share of relevance against redundancy in maximal-marginal-relevance selection
REDUNDANT = 0.6  # a candidate this similar to a chosen sentence says nothing new
ECHO = 0.5  # another origin's sentence this similar echoes the candidate (soft support without claims)


@dataclass(eq=False)  # identity hashing: candidates are collected in sets
class Candidate:
    """One distinct source sentence with every article that prints it and the claims that back it."""

    text: str
    articles: list[str]
    origins: set[str]
    index: int  # smallest position of the sentence in an article (0 = lead)
    position: float  # that position relative to the article's length, 0..1
    order: int  # first appearance across the story, for deterministic ties
    support: int = 1
    evidence: dict[str, str] = field(default_factory=dict)  # article -> its supporting sentence
    claims: set[str] = field(default_factory=set)


def _article_sentences(story: Story) -> list[tuple[str, int, str]]:
    """(article id, sentence index, text) from the analyze stage, else a regex split of the bodies."""
    if story.sentences:
        return [(s.article, s.index, s.text) for s in story.sentences]
    out = []
    for a in story.articles:
        for i, (_, _, text) in enumerate(split_sentences(a.text)):
            out.append((a.id, i, text))
    return out


def candidates(story: Story) -> list[Candidate]:
    """Distinct reportable sentences of the story; copies of one sentence merge into one candidate."""
    origin = {a.id: a.origin or a.copy_of or a.id for a in story.articles}
    rows = _article_sentences(story)
    length: dict[str, int] = {}
    for art, idx, _ in rows:
        length[art] = max(length.get(art, 0), idx + 1)
    titles = {norm(a.title) for a in story.articles if a.title}
    by_key: dict[str, Candidate] = {}
    for art, idx, text in rows:
        text = text.strip()
        n = len(words(text))
        key = norm(text)
        if n < MIN_WORDS or n > MAX_WORDS or NOT_REPORTING.search(text) or not ENDS_SENTENCE.search(text) or key in titles:
            continue
        c = by_key.get(key)
        pos = idx / max(length.get(art, 1), 1)
        if c is None:
            by_key[key] = Candidate(text, [art], {origin.get(art, art)}, idx, pos, len(by_key), evidence={art: text})
        else:
            if art not in c.articles:
                c.articles.append(art)
                c.evidence.setdefault(art, text)
            c.origins.add(origin.get(art, art))
            c.index, c.position = min(c.index, idx), min(c.position, pos)
    return list(by_key.values())


def _disagreeing(story: Story, claim_id: str, cited: list[str]) -> set[str]:
    """Articles that give another value than `cited` do in a discrepancy aligned in this claim."""
    out: set[str] = set()
    for d in story.discrepancies:
        if d.claim != claim_id:
            continue
        ours = [v for v in d.values if set(v.articles) & set(cited)]
        if ours:
            out |= {a for v in d.values if v not in ours for a in v.articles} - {a for v in ours for a in v.articles}
    return out


def _attach_claims(story: Story, cands: list[Candidate]) -> None:
    """Give each candidate the support and evidence of the claims whose evidence is that sentence.

    An article that states another value of the claim (a discrepancy) does not support the sentence.
    """
    by_key = {norm(c.text): c for c in cands}
    for claim in story.claims:
        hit = {by_key[k] for k in {norm(e.text) for e in claim.evidence} if k in by_key}
        for c in sorted(hit, key=lambda c: c.order):
            c.claims.add(claim.id)
            c.support = max(c.support, claim.support)
            other = _disagreeing(story, claim.id, c.articles)
            for e in claim.evidence:
                if e.article not in c.evidence and e.article not in other:
                    c.evidence[e.article] = e.text
                    c.articles.append(e.article)


def _scores(cands: list[Candidate], sim: np.ndarray, n_origins: int, have_claims: bool) -> np.ndarray:
    """Relevance of each candidate: independent support, centrality across origins, lead position."""
    n = len(cands)
    central = np.zeros(n)
    echo = np.zeros(n)
    for i, c in enumerate(cands):
        others = [j for j in range(n) if j != i and not (cands[j].origins <= c.origins)]
        if others:
            central[i] = float(np.mean(np.sort(sim[i, others])[-5:]))  # closeness to the best few elsewhere
            echoed = {o for j in others if sim[i, j] >= ECHO for o in cands[j].origins}
            echo[i] = len(echoed - c.origins)
    if have_claims:
        support = np.array([c.support for c in cands], dtype=float) - 1
    else:
        support = np.array([len(c.origins) for c in cands], dtype=float) - 1 + echo
    support = support / max(n_origins - 1, 1)
    if central.max() > 0:
        central = central / central.max()
    lead = np.array([1.0 / (1.0 + c.index) * (1.0 - 0.5 * c.position) for c in cands])
    return W_SUPPORT * np.minimum(support, 1.0) + W_CENTRAL * central + W_LEAD * lead


def _fits(total: int, add: int, budget: int) -> bool:
    """True when adding `add` words brings `total` closer to the word budget than stopping."""
    return total < budget and abs(budget - (total + add)) <= abs(budget - total)


def select(scores: np.ndarray, sim: np.ndarray, lengths: list[int], sentences: int, budget: Optional[int]) -> list[int]:
    """Indices chosen by maximal marginal relevance until the sentence count or word budget is met."""
    chosen: list[int] = []
    left = set(range(len(scores)))
    total = 0
    while left:
        if budget is None and len(chosen) >= sentences:
            break
        best, best_val = -1, -np.inf
        for i in sorted(left):
            red = max((sim[i, j] for j in chosen), default=0.0)
            if red >= REDUNDANT:
                continue
            if budget is not None and chosen and not _fits(total, lengths[i], budget):
                continue
            val = MMR_LAMBDA * scores[i] - (1 - MMR_LAMBDA) * red
            if val > best_val:
                best, best_val = i, val
        if best < 0:
            break
        chosen.append(best)
        left.discard(best)
        total += lengths[best]
        if budget is not None and total >= budget:
            break
    return chosen


def account_order(cands: list[Candidate], chosen: list[int]) -> list[int]:
    """Lead facts first, then context, then reactions and quotes; within each, as the articles tell it."""
    def part(c: Candidate) -> int:
        if REACTION.search(c.text):
            return 2
        return 0 if c.index <= 1 else 1
    return sorted(chosen, key=lambda i: (part(cands[i]), cands[i].position, cands[i].order))


def summarize(story: Story, settings: BriefSettings) -> list[SummarySentence]:
    """Source sentences as written (never a sentence no source says), each citing every supporting article."""
    cands = candidates(story)
    if not cands:
        return []
    _attach_claims(story, cands)
    n_origins = len({a.origin or a.copy_of or a.id for a in story.articles}) or 1
    sim = cosine(vectors([c.text for c in cands], embeddings=settings.embeddings))
    scores = _scores(cands, sim, n_origins, bool(story.claims))
    lengths = [len(words(c.text)) for c in cands]
    redundancy = sim.copy()
    for i, a in enumerate(cands):  # two sentences of one claim say the same thing, however worded
        for j, b in enumerate(cands):
            if a.claims & b.claims:
                redundancy[i, j] = 1.0
    chosen = select(scores, redundancy, lengths, max(settings.sentences, 1), settings.words)
    order = {a.id: i for i, a in enumerate(story.articles)}
    out = []
    for i in account_order(cands, chosen):
        c = cands[i]
        cited = sorted(c.evidence, key=lambda a: order.get(a, len(order)))
        out.append(SummarySentence(
            text=c.text,
            articles=cited,
            evidence=[Evidence(article=a, text=c.evidence[a]) for a in cited],
        ))
    return out
