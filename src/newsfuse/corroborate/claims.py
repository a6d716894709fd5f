"""Claim units from sentences, aligned across a story's articles by meaning and wording, grouped into claims."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Optional

import numpy as np

from ..config import CorroborateSettings
from ..model import Claim, Evidence, Sentence, Story
from .facts import Fact
from .text import content, sentence_spans, words

# Clause boundaries a compound sentence may be cut at; only used when both halves are full clauses.
CLAUSE = re.compile(r";\s+|,\s+(?:and|while|but|whereas)\s+")
SUBJECT = re.compile(r"^(?:[A-Z]\w*|the|a|an|this|these|those|it|he|she|they|we|i|its|his|her|their|our|both|each|some|many|most|"
                     r"no|none|nobody|nothing|every|all|several|few)\b")
FINITE = re.compile(r"\b(?:is|are|was|were|has|have|had|will|would|could|can|may|might|must|should|did|does|do|said|says|\w{3,}ed)\b", re.I)
LETTER = re.compile(r"[A-Za-z]")


@dataclass
class Unit:
    """One claim unit: a sentence or a full clause of it, with its article, origin and offsets."""

    article: str
    origin: str
    outlet: str
    sentence: int
    start: int
    end: int
    text: str
    sentence_text: str
    order: int  # position in the story, for "first appearance"
    sentence_start: int = -1  # offset of the whole sentence in the article (a clause starts later)


@dataclass
class Group:
    """Aligned units stating one claim, and the claim built from them."""

    units: list[Unit]
    claim: Optional[Claim] = None
    centre: int = 0  # index into units of the best-worded one
    members: list[int] = field(default_factory=list)  # unit indexes into the story's unit list


def story_sentences(story: Story) -> list[Sentence]:
    """The analyze stage's sentences, or this module's own split when that stage has not run."""
    if story.sentences:
        rank = {a.id: i for i, a in enumerate(story.articles)}
        return sorted(story.sentences, key=lambda s: (rank.get(s.article, len(rank)), s.index))
    out = []
    for a in story.articles:
        for i, (s, e) in enumerate(sentence_spans(a.text)):
            out.append(Sentence(article=a.id, index=i, start=s, end=e, text=a.text[s:e]))
    return out


def _full_clause(text: str, right: bool) -> bool:
    """True when text reads as a clause of its own: five words, a finite verb and (right half) a subject."""
    if len(words(text)) < 5 or not FINITE.search(text):
        return False
    return not right or SUBJECT.match(text) is not None


def _inside_quote(text: str, pos: int) -> bool:
    """True when pos falls between opening and closing quotation marks: a quote is cited whole."""
    before = text[:pos]
    return before.count('"') % 2 == 1 or before.count("\u201c") > before.count("\u201d")


def split_units(sent: Sentence) -> list[tuple[int, int]]:
    """(start, end) offsets of the claim units of a sentence: the whole of it, or its full clauses."""
    cuts = [(m.start(), m.end()) for m in CLAUSE.finditer(sent.text) if not _inside_quote(sent.text, m.start())]
    spans, left = [], 0
    for i, (a, b) in enumerate(cuts):
        nxt = cuts[i + 1][0] if i + 1 < len(cuts) else len(sent.text)
        if _full_clause(sent.text[left:a], right=left > 0) and _full_clause(sent.text[b:nxt], right=True):
            spans.append((left, a))
            left = b
    spans.append((left, len(sent.text)))
    return [(sent.start + s, sent.start + e) for s, e in spans]


def build_units(story: Story, settings: CorroborateSettings) -> list[Unit]:
    """Claim units of every article in story order; headings and fragments are left out."""
    arts = {a.id: a for a in story.articles}
    units: list[Unit] = []
    for sent in story_sentences(story):
        a = arts.get(sent.article)
        if a is None:
            continue
        if len(words(sent.text)) < settings.min_words or not LETTER.search(sent.text):
            continue
        if a.text[sent.start:sent.end] != sent.text:
            continue  # offsets that do not point at the sentence: no evidence we could cite exactly
        for s, e in split_units(sent):
            raw = a.text[s:e]
            s, e = s + len(raw) - len(raw.lstrip()), s + len(raw.rstrip())
            if e > s:
                units.append(Unit(a.id, a.origin or a.id, a.source_name(), sent.index, s, e, a.text[s:e],
                                  sent.text, len(units), sent.start))
    return units


def _lexical(units: list[Unit]) -> np.ndarray:
    """Jaccard of content-word sets for every pair of units (dense, sparse product underneath)."""
    from scipy import sparse

    vocab: dict[str, int] = {}
    rows, cols = [], []
    for i, u in enumerate(units):
        for w in set(content(u.text)):
            rows.append(i)
            cols.append(vocab.setdefault(w, len(vocab)))
    x = sparse.csr_matrix((np.ones(len(rows), dtype=np.float32), (rows, cols)), shape=(len(units), max(1, len(vocab))))
    inter = (x @ x.T).toarray()
    size = np.asarray(x.sum(axis=1)).ravel()
    union = size[:, None] + size[None, :] - inter
    return np.where(union > 0, inter / np.maximum(union, 1), 0.0)


def similarity(units: list[Unit], settings: CorroborateSettings) -> tuple[np.ndarray, np.ndarray]:
    """(cosine, jaccard) matrices over units; cosine is the lexical score when embeddings are off."""
    lex = _lexical(units)
    if not settings.embeddings or not units:
        return lex, lex
    from ..embed import get_embedder

    vecs = get_embedder().encode([u.text for u in units])
    return vecs @ vecs.T, lex


def aligned(cos: np.ndarray, lex: np.ndarray, units: list[Unit], settings: CorroborateSettings,
            slots: Optional[tuple] = None) -> np.ndarray:
    """Boolean matrix: the two units state the same fact (meaning, or meaning plus shared wording, and no slot
    that tells them apart; `slots`: (per-unit Slots, article -> its places) from `slots.slot_table`)."""
    t = settings.align_threshold if settings.embeddings else settings.lexical_threshold
    # one topic makes every sentence of a story look alike to MiniLM: a looser cosine needs shared wording
    ok = (cos >= t) | ((cos >= t - 0.12) & (lex >= 0.2)) if settings.embeddings else lex >= t
    art = np.array([u.article for u in units])
    same = art[:, None] == art[None, :]
    ok &= ~same | (cos >= settings.same_article_threshold)
    np.fill_diagonal(ok, False)
    if slots is not None:
        _slot_apart(ok, cos, lex, units, same, *slots)
    return ok


NEAR_COSINE = 0.85  # sentences this close tell one fact even when a value differs: a disagreement, not two facts
NEAR_WORDING = 0.4  # or this much shared wording
VERBATIM_WORDING = 0.6  # another day, hour or place in sentences sharing this much wording: one event, misreported


def _slot_apart(ok: np.ndarray, cos: np.ndarray, lex: np.ndarray, units: list[Unit], same: np.ndarray,
                slots: list, places: dict) -> None:
    """Unalign (in place) units of two articles that read alike but whose slots tell them apart.

    A measure given other values (three vs four officers) keeps two near-identical sentences aligned, so the
    ledger reports the disagreement and sets the other value apart; in looser wording it is another fact.
    Another day, hour or place is another occurrence of the same kind of event unless the wording is all but
    the same (then a misreported detail, which the ledger reports).
    """
    from .slots import other_occurrence, value_conflict

    for i, j in zip(*np.nonzero(np.triu(ok & ~same))):
        near = cos[i, j] >= NEAR_COSINE or lex[i, j] >= NEAR_WORDING
        if value_conflict(slots[i], slots[j]):
            keep = near
        elif other_occurrence(slots[i], slots[j], places.get(units[i].article, set()), places.get(units[j].article, set())):
            keep = lex[i, j] >= VERBATIM_WORDING
        else:
            continue
        if not keep:
            ok[i, j] = ok[j, i] = False


def group_units(units: list[Unit], settings: CorroborateSettings, slots: Optional[tuple] = None) -> tuple[list[Group], tuple]:
    """Average-linkage grouping of aligned units (strongest pairs first), and (cosine, jaccard, aligned);
    `slots` as `aligned` takes them."""
    if not units:
        empty = np.zeros((0, 0))
        return [], (empty, empty, empty.astype(bool))
    cos, lex = similarity(units, settings)
    ok = aligned(cos, lex, units, settings, slots)
    score = cos + 0.2 * lex
    ii, jj = np.nonzero(np.triu(ok))
    order = np.lexsort((jj, ii, -score[ii, jj]))
    cluster = list(range(len(units)))
    members: dict[int, list[int]] = {i: [i] for i in range(len(units))}
    floor = (settings.align_threshold if settings.embeddings else settings.lexical_threshold) - 0.02
    for k in order:
        a, b = cluster[ii[k]], cluster[jj[k]]
        if a == b:
            continue
        ma, mb = members[a], members[b]
        if cos[np.ix_(ma, mb)].mean() < floor:
            continue  # joining would chain unrelated sentences through one bridge
        if a > b:
            a, b, ma, mb = b, a, mb, ma
        for m in mb:
            cluster[m] = a
        members[a] = sorted(ma + mb)
        del members[b]
    groups = []
    for root in sorted(members, key=lambda r: members[r][0]):
        idx = members[root]
        centre = 0
        if len(idx) > 1:
            sub = score[np.ix_(idx, idx)].sum(axis=1)
            whole = [n for n, i in enumerate(idx) if units[i].text == units[i].sentence_text.strip()]
            # the claim reads as a sentence when one of its units is a whole sentence; first index wins ties
            centre = max(whole, key=lambda n: (sub[n], -n)) if whole else int(np.argmax(sub))
        groups.append(Group(units=[units[i] for i in idx], centre=centre, members=idx))
    return rejoin(groups), (cos, lex, ok)


def _whole(u: Unit) -> Unit:
    """The unit's whole sentence as a unit (offsets of the sentence as written)."""
    lead = len(u.sentence_text) - len(u.sentence_text.lstrip())
    text = u.sentence_text.strip()
    start = u.sentence_start + lead
    return Unit(u.article, u.origin, u.outlet, u.sentence, start, start + len(text), text, u.sentence_text, u.order,
                u.sentence_start)


def rejoin(groups: list[Group]) -> list[Group]:
    """A sentence cut into clauses is one claim again unless a clause of it is aligned with another origin's text.

    Cutting is worth it only when another report states one clause and not the other; otherwise a claim would
    be half a sentence ("the eleven agreements ... were of little weight.") next to a claim of its other half.
    Groups holding clauses of one re-joined sentence become one group; the clause units stay its members (the
    ledger reads facts from them).
    """
    of: dict[tuple[str, int], list[int]] = {}  # sentence -> groups holding its units
    for gi, g in enumerate(groups):
        for u in g.units:
            of.setdefault((u.article, u.sentence), []).append(gi)
    cross = [len({u.origin for u in g.units}) > 1 for g in groups]
    parent = list(range(len(groups)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    joined = set()
    for sent, gis in of.items():
        if len(gis) > 1 and not any(cross[gi] for gi in gis):
            joined.add(sent)
            for gi in gis[1:]:
                a, b = root(gis[0]), root(gi)
                parent[max(a, b)] = min(a, b)
    if not joined:
        return groups
    merged: dict[int, list[int]] = {}
    for gi in range(len(groups)):
        merged.setdefault(root(gi), []).append(gi)
    out = []
    for r in sorted(merged):
        parts = merged[r]
        if len(parts) == 1 and not any((u.article, u.sentence) in joined for u in groups[r].units):
            out.append(groups[r])
            continue
        centre_unit = groups[r].units[groups[r].centre]
        seen: dict[tuple[str, int], Unit] = {}
        new_units = []
        for u in sorted((u for gi in parts for u in groups[gi].units), key=lambda u: u.order):
            k = (u.article, u.sentence)
            if k in joined:
                if k in seen:
                    continue
                u = seen[k] = _whole(u)
            new_units.append(u)
        k = (centre_unit.article, centre_unit.sentence)
        centre = new_units.index(seen[k]) if k in seen else new_units.index(centre_unit)
        out.append(Group(units=new_units, centre=centre, members=sorted(m for gi in parts for m in groups[gi].members)))
    return out


def make_claims(groups: list[Group]) -> list[Claim]:
    """Claims from groups: support = distinct origins, sorted by support then first appearance, ids c1.."""
    def support(g: Group) -> int:
        return len({u.origin for u in g.units})

    ranked = sorted(groups, key=lambda g: (-support(g), g.units[0].order))
    claims = []
    for n, g in enumerate(ranked, 1):
        outlets = list(dict.fromkeys(u.outlet for u in g.units))
        ev = [Evidence(article=u.article, text=u.text, start=u.start, end=u.end) for u in g.units]
        g.claim = Claim(id=f"c{n}", text=g.units[g.centre].text, support=support(g), evidence=ev, outlets=outlets)
        claims.append(g.claim)
    return claims


def recount(story: Story, claims: list[Claim]) -> None:
    """Set each claim's origins, support (the number of origins) and outlets (in evidence order) from its
    evidence as it is now (the story's sources are built once, on first use)."""
    from . import origins

    if story._origins is None:
        story._origins = origins.build(story)
    outlet = {a.id: a.source_name() for a in story.articles}
    for c in claims:
        c.origins = origins.claim_origins(c, story._origins)
        c.support = len(c.origins)
        c.outlets = list(dict.fromkeys(outlet[e.article] for e in c.evidence))


@dataclass
class Found:
    """A fact with the unit it was read from."""

    fact: Fact
    unit: Unit
    group: int  # index of the unit's group


def same_source(a: Unit, b: Unit) -> bool:
    """Two copies of one report (a report disagreeing with itself is still compared)."""
    return a.origin == b.origin and a.article != b.article
