"""The summary: source sentences chosen by support, centrality and novelty, ordered as an account."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Optional

import numpy as np
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS as STOP

from ..config import BriefSettings
from ..model import Evidence, Story, SummarySentence
from .similarity import cosine, embed_vectors, norm, split_sentences, vectors, words
from .trim import confirmer, dangling, trimmed

# Verbs that say who said something.
SPEECH = (r"said|says|told|tweeted|wrote|stated|added|noted|warned|argued|claimed|criticized|criticised|condemned|"
          r"praised|commended|urged|insisted|responded|vowed|stressed|explained|recalled|described|confirmed|denied|"
          r"admitted")
# Sentences of reaction or attribution: they read best after the facts they react to.
REACTION = re.compile(r"[\"“”]|\b(?:according to|" + SPEECH + r")\b", re.I)
# Lines that are not reporting even when cleaning kept them: questions to the reader, bylines, fragments,
# and what a live page says about itself ("Here is everything we know, updated as we learn more").
NOT_REPORTING = re.compile(
    r"^(?:read more|related|click|subscribe|sign up|photo|image|video|watch)\b|\?$|^here(?:'s|’s| is| are)\b"
    r"|\bupdated as we\b|\bthis (?:story|article|page|post) (?:has been|will be|is being) updated\b"
    r"|\bwe (?:have been able to|will update|are updating)\b", re.I)
# A person named only by a pronoun: the summary cannot say who ("She said the ferry struck a sandbar" read as
# the words of the man quoted just before it).
WHO_UNNAMED = re.compile(r"^(?:He|She|They)\s+(?:\w+ly\s+)?(?:" + SPEECH + r")\b")
# A direct quote of three or more words.
QUOTED = re.compile(r"[\"“][^\"”]{12,}[\"”]")
# Reporting ends like a sentence; a headline, caption or widget label does not.
ENDS_SENTENCE = re.compile(r"[.!?][\"”’)\]]?$")
# ... but not at an abbreviation ("Sen. Bernie Sanders (I-Vt.)"): that is a sentence split too early.
ENDS_ABBREVIATION = re.compile(r"(?:\b(?:Sen|Rep|Gov|Mr|Mrs|Ms|Dr|Gen|Lt|Col|Sgt|Capt|Prof|Rev|St|Ft|Mt|No|vs)\."
                               r"|\([A-Z]-[A-Z][A-Za-z.]*\))$")
MIN_WORDS, MAX_WORDS = 5, 70
# Weights of the selection signals, fitted on 300 stories of the NeuS train split (val is only reported).
# Tried there and left out: a sentence-length prior and PageRank centrality (no gain), MiniLM instead of
# TF-IDF similarity (R-1 -1.7).
W_SUPPORT, W_CENTRAL, W_LEAD = 0.35, 0.40, 0.35
W_TITLE = 1.2  # weight of a sentence's closeness to the outlets' titles (R-1 +0.8 on train)
W_DANGLING = 0.1  # penalty of a sentence that opens on a pronoun pointing to an earlier sentence
TOP_K = 5  # centrality: mean similarity to the best few sentences of other origins
MMR_LAMBDA = 0.7  # share of relevance against redundancy in maximal-marginal-relevance selection
REDUNDANT = 0.6  # a candidate this similar to a chosen sentence says nothing new
SAME_CLAIM = 0.75  # MiniLM cosine above which a sentence of an already told claim only repeats it
NOVEL = 0.5  # share of new content words below which a sentence of an already told claim only repeats it
ECHO = 0.5  # another origin's sentence this similar echoes the candidate (soft support without claims)


@dataclass(eq=False)  # identity hashing: candidates are collected in sets
class Candidate:
    """One distinct source sentence with every article that prints it and the claims that back it."""

    text: str  # the sentence as the summary would print it (maybe trimmed)
    source: str  # the sentence as written
    articles: list[str]
    origins: set[str]
    index: int  # smallest position of the sentence in an article (0 = lead)
    position: float  # that position relative to the article's length, 0..1
    order: int  # first appearance across the story, for deterministic ties
    support: int = 1
    evidence: dict[str, str] = field(default_factory=dict)  # article -> its supporting sentence
    claims: set[str] = field(default_factory=set)
    backed: list[str] = field(default_factory=list)  # claims this sentence is evidence of (not only contradicts)
    printed: set[str] = field(default_factory=set)  # the articles that print this sentence itself


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
        key = norm(trimmed(text))  # a wire copy with and without its dateline is one sentence
        if n < MIN_WORDS or n > MAX_WORDS or NOT_REPORTING.search(text) or not ENDS_SENTENCE.search(text) or key in titles \
                or ENDS_ABBREVIATION.search(text) or (idx > 0 and WHO_UNNAMED.match(text)):
            continue
        c = by_key.get(key)
        pos = idx / max(length.get(art, 1), 1)
        if c is None:
            by_key[key] = Candidate(trimmed(text), text, [art], {origin.get(art, art)}, idx, pos, len(by_key),
                                    evidence={art: text})
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

    An article that states another value of the claim (a discrepancy) does not support the sentence, and
    its sentence counts as the same claim told again.
    """
    by_key = {norm(t): c for c in cands for t in c.evidence.values()}
    for c in cands:
        c.printed = set(c.articles)
    for claim in story.claims:
        hit = {by_key[k] for k in {norm(e.text) for e in claim.evidence} if k in by_key}
        for c in sorted(hit, key=lambda c: c.order):
            c.claims.add(claim.id)
            c.backed.append(claim.id)
            c.support = max(c.support, claim.support)
            other = _disagreeing(story, claim.id, c.articles)
            for e in claim.evidence:
                if e.article not in c.evidence and e.article not in other:
                    c.evidence[e.article] = e.text
                    c.articles.append(e.article)
        # the same fact told with another value is not a new fact: telling it again is redundancy, not news
        for k in {norm(e.text) for e in claim.contradicting}:
            if k in by_key:
                by_key[k].claims.add(claim.id)


def _scores(cands: list[Candidate], sim: np.ndarray, n_origins: int, have_claims: bool) -> np.ndarray:
    """Relevance of each candidate: independent support, centrality across origins, lead position."""
    n = len(cands)
    central = np.zeros(n)
    echo = np.zeros(n)
    for i, c in enumerate(cands):
        others = [j for j in range(n) if j != i and not (cands[j].origins <= c.origins)]
        if others:
            central[i] = float(np.mean(np.sort(sim[i, others])[-TOP_K:]))  # closeness to the best few elsewhere
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
    leaning = np.array([c.index > 0 and dangling(c.text) for c in cands], dtype=float)
    return W_SUPPORT * np.minimum(support, 1.0) + W_CENTRAL * central + W_LEAD * lead - W_DANGLING * leaning


def fits_budget(total: int, add: int, budget: int) -> bool:
    """True when adding `add` words brings `total` closer to the word budget than stopping."""
    return total < budget and abs(budget - (total + add)) <= abs(budget - total)


def select(scores: np.ndarray, sim: np.ndarray, lengths: list[int], sentences: int, budget: Optional[int],
           claims: Optional[list[set[str]]] = None, same: Optional[np.ndarray] = None,
           texts: Optional[list[str]] = None) -> list[int]:
    """Indices chosen by maximal marginal relevance until the sentence count or word budget is met.

    A sentence whose every claim a chosen sentence already states is redundant, however it is worded.
    """
    claims = claims or [set() for _ in scores]
    same = sim if same is None else same
    stems = [{w.lower()[:5] for w in words(t) if w.lower() not in STOP} for t in (texts or [""] * len(scores))]

    def novelty(i: int, chosen: list[int]) -> float:
        told = set().union(*(stems[j] for j in chosen)) if chosen else set()
        return len(stems[i] - told) / max(len(stems[i]), 1)
    covered: set[str] = set()
    chosen: list[int] = []
    left = set(range(len(scores)))
    total = 0
    retell = False  # second pass: sentences of told claims that add enough, once new claims run out
    while left:
        if budget is None and len(chosen) >= sentences:
            break
        best, best_val = -1, -np.inf
        for i in sorted(left):
            red = max((sim[i, j] for j in chosen), default=0.0)
            told = bool(claims[i]) and claims[i] <= covered
            if red >= REDUNDANT or (told and (not retell or novelty(i, chosen) < NOVEL
                                              or max((same[i, j] for j in chosen), default=0.0) >= SAME_CLAIM)):
                continue
            if budget is not None and chosen and not fits_budget(total, lengths[i], budget):
                continue
            val = MMR_LAMBDA * scores[i] - (1 - MMR_LAMBDA) * red
            if val > best_val:
                best, best_val = i, val
        if best < 0:
            if retell:
                break
            retell = True
            continue
        chosen.append(best)
        covered |= claims[best]
        left.discard(best)
        total += lengths[best]
        if budget is not None and total >= budget:
            break
    return chosen


def account_order(cands: list[Candidate], chosen: list[int]) -> list[int]:
    """Facts first, most important first (the lead facts, then context); then reactions and quotes.

    A lead sentence stays with the facts even when it attributes them ("X said on Monday that ...").
    """
    def reaction(c: Candidate) -> bool:
        # A quote is a reaction; so is a sentence of speech only one origin reports. A fact several
        # origins give stays with the facts even when it names who said it.
        return c.index > 0 and (bool(QUOTED.search(c.text)) or (c.support < 2 and bool(REACTION.search(c.text))))
    rank = {i: r for r, i in enumerate(chosen)}
    return sorted(chosen, key=lambda i: (reaction(cands[i]), rank[i]))


def _backing(story: Story):
    """backs(article, text) by corroborate's check (each article's sources built once); None without it."""
    try:
        from ..corroborate.check import Backing
    except ImportError:
        return None
    return Backing({a.id: a.text for a in story.articles})


def summarize(story: Story, settings: BriefSettings) -> list[SummarySentence]:
    """Source sentences as written (never a sentence no source says), each citing every supporting article."""
    cands = candidates(story)
    if not cands:
        return []
    _attach_claims(story, cands)
    n_origins = len({a.origin or a.copy_of or a.id for a in story.articles}) or 1
    titles = [a.title for a in story.articles if a.title]
    vecs = vectors([c.text for c in cands] + titles, embeddings=settings.embeddings)
    sim = cosine(vecs[: len(cands)])
    scores = _scores(cands, sim, n_origins, bool(story.claims))
    if titles and W_TITLE:  # the outlets' own one-line summaries say what the story is about
        scores = scores + W_TITLE * (vecs[: len(cands)] @ vecs[len(cands):].T).mean(axis=1)
    lengths = [len(words(c.text)) for c in cands]
    same = None
    if any(c.claims for c in cands):  # paraphrases of one claim are told apart from elaborations by meaning
        vecs = embed_vectors([c.text for c in cands])
        same = cosine(vecs) if vecs is not None else None
    chosen = select(scores, sim, lengths, max(settings.sentences, 1), settings.words, [c.claims for c in cands], same,
                    [c.text for c in cands])
    order = {a.id: i for i, a in enumerate(story.articles)}
    confirm = confirmer()
    backs = _backing(story)
    claims = {cl.id: cl for cl in story.claims}
    out: list[SummarySentence] = []
    told: set[str] = set()  # claims printed in their own wording: another sentence of them would only repeat it
    for i in account_order(cands, chosen):
        c = cands[i]
        if c.backed and set(c.backed) <= told:
            continue
        # A trimmed sentence is printed only when check finds it supported by the sentence it came from.
        text = c.text if c.text == c.source or (confirm is not None and confirm([c.source], c.text)) else c.source
        claim = _worded_claim(c, claims, {x.text for x in out})
        if claim is not None:  # told as its claim is worded: the wording most of its origins back
            text = claim.text
            first = next(e.article for e in claim.evidence if e.text == claim.text)
            if backs is not None and not backs.lexical(first, text):
                continue
            against = _disagreeing(story, claim.id, [first])
            said = {e.article: e.text for e in reversed(claim.evidence)}
            said.update({a: c.evidence[a] for a in c.printed if a in c.evidence})
            # each citation on its own still backs the wording (an article telling the fact without its figures
            # states the claim, not this sentence)
            cited = sorted((a for a in said if a not in against and (a == first or backs is None
                                                                     or backs(a, text, said[a]))),
                           key=lambda a: order.get(a, len(order)))
            out.append(SummarySentence(text=text, articles=cited, evidence=[Evidence(article=a, text=said[a]) for a in cited]))
            told.add(claim.id)
            continue
        # A sentence cut short by a wrong split can drop a "not": check it against the whole article it is from.
        if backs is not None and not backs.lexical(c.articles[0], text):
            continue
        # Another article of the sentence's claim is cited only where it backs what this wording says: one that
        # tells the same fact without its amount or date ("has held the contract since last year" beside "since
        # April under a $2.4 million contract") states the claim, not this sentence.
        cited = sorted((a for a in c.evidence if a in c.printed or backs is None or backs(a, text, c.evidence[a])),
                       key=lambda a: order.get(a, len(order)))
        out.append(SummarySentence(
            text=text,
            articles=cited,
            evidence=[Evidence(article=a, text=c.evidence[a]) for a in cited],
        ))
    return out


def _worded_claim(c: Candidate, claims: dict, printed: set[str]):
    """The best-supported claim this sentence is evidence of, when the summary can print it as the claim is
    worded (a whole sentence, one that names who speaks, not printed already), else None: the summary then
    cites every article of that claim, not only those that repeat this outlet's wording."""
    backed = [claims[k] for k in c.backed if k in claims]
    if not backed:
        return None
    claim = min(backed, key=lambda cl: (-cl.support, int(cl.id[1:]) if cl.id[1:].isdigit() else 0))
    text = claim.text.strip()
    if claim.support < 2 or text in printed or text != claim.text or not ENDS_SENTENCE.search(text):
        return None
    if len(words(text)) < MIN_WORDS or WHO_UNNAMED.match(text) or NOT_REPORTING.search(text) or dangling(text):
        return None
    if not any(e.text == text for e in claim.evidence):
        return None
    return claim
