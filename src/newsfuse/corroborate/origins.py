"""Where each piece of evidence comes from: the independent origins behind a claim.

Articles are one source when they are one lineage (a copy and its original), when they carry the same passages
(a wire story re-edited by several outlets: new lead, paragraphs dropped or reordered, credit line stripped —
two or more lightly edited sentences in common, or one and a credit line on both), when they credit the same
agency or one credits the other's outlet, and when they are one outlet or one declared publisher family.

Sentences add to that: a sentence near-identical to another article's (one paragraph borrowed by a report
otherwise its own) is that article's origin for the claim it backs, and a sentence that attributes its fact to
an outlet ("according to Reuters", "Bloomberg pointed out that ...") has that outlet as its origin, not the
article that repeats it. A claim's support is the number of its origins.
"""
from __future__ import annotations

import bisect
import re
from collections import defaultdict
from dataclasses import dataclass, field

from ..clean.credits import AGENCY, GENERIC
from ..model import Claim, ClaimOrigin, Story
from .text import sentence_spans

SHINGLE = 3  # words per shingle when two sentences are compared for borrowed wording
MIN_WORDS = 8  # a shorter sentence (outside quotes) is too formulaic to show borrowing
# share of the longer sentence's shingles found in the other: the same sentence, lightly edited. Measured on the
# longer one: a short sentence inside a long one is as likely two reports naming one event in its own long names
NEAR = 0.6
MIN_SHARED = 3  # and at least this many shingles in common
RELATED_PASSAGES = 2  # near-identical sentences that make two articles one source
COMMON = 200  # a shingle in more sentences than this is a stock phrase, not evidence of copying

WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")
QUOTED = re.compile(r"“[^”]{0,600}”|\"[^\"]{0,600}\"|«[^»]{0,600}»|„[^“”]{0,600}[“”]")
_NAME = r"(?:[A-Z][\w&.'’-]*|of|the|de|du|la|le|y|for)"
WHO = rf"(?:the\s+)?(?P<who>[A-Z][\w&.'’-]*(?:\s+{_NAME}){{0,5}})"
# "according to Reuters", "citing AFP", "told The Associated Press", "as reported by Bloomberg"
ATTRIBUTED_TO = re.compile(rf"\b(?:[Aa]ccording to|[Cc]iting|[Cc]ited by|[Rr]eported by|[Tt]old|[Ss]aid to|[Qq]uoted by)\s+{WHO}")
# "Bloomberg pointed out that ...", "Reuters also highlighted ...", "The Times reported"
REPORTS = re.compile(rf"(?:^|[,;:]\s+|\b(?:and|but|as)\s+){WHO}\s+(?:(?:also|later|earlier|first|previously|has|had|have)\s+)*"
                     r"(?:reported|reports|pointed out|noted|highlighted|wrote|writes|quoted|cited|revealed|said in a report)\b")
MEDIA = re.compile(rf"^(?:(?:the\s+)?(?:{AGENCY})|.*\b(?:Press|News|Agency|Agencia|Agence|Agentur|Wire|Times|Post|Journal|"
                   r"Herald|Gazette|Tribune|Telegraph|Radio|TV|Television|Broadcasting|Network|Media|Daily|Chronicle|Newswire|"
                   r"Newspaper|Magazine|Observer|Guardian|Independent|Express|Mirror|Standard))$", re.I)
TRAILING = re.compile(r"\s+(?:of|the|de|du|la|le|y|for)$")


@dataclass
class Source:
    """Articles that are one source, and what they credit."""

    id: str
    articles: list[str]
    names: list[str]  # outlets of its articles, in article order
    credited: list[str]  # named agencies/outlets its articles credit for their text


@dataclass
class Origins:
    """A story's sources and the borrowed sentences between them (built once per story)."""

    sources: list[Source]
    of: dict[str, int]  # article -> index into sources
    near: dict[tuple[str, int], set[tuple[str, int]]]  # (article, sentence) -> near-identical sentences elsewhere
    starts: dict[str, list[int]]  # article -> sentence start offsets (to find an evidence's sentence)
    texts: dict[str, str]
    by_name: dict[str, int] = field(default_factory=dict)  # outlet or credited name (casefolded) -> source index

    def sentence_of(self, article: str, start: int | None) -> int:
        """Index of the article's sentence holding offset `start` (0 when unknown)."""
        if start is None or article not in self.starts:
            return 0
        return max(0, bisect.bisect_right(self.starts[article], start) - 1)


def _words(text: str) -> list[str]:
    """Lower-cased words outside quotation marks (two reports quoting one statement borrowed nothing)."""
    return [w.casefold() for w in WORD.findall(QUOTED.sub(" ", text))]


def _shingles(words: list[str]) -> set[int]:
    return {hash(" ".join(words[i:i + SHINGLE])) for i in range(len(words) - SHINGLE + 1)}


def _sentences(story: Story) -> dict[str, list[tuple[int, int]]]:
    """Each article's sentence spans: the analysis's sentences when present, else the corroborate split."""
    spans: dict[str, list[tuple[int, int]]] = defaultdict(list)
    if story.sentences:
        for s in sorted(story.sentences, key=lambda s: (s.article, s.start)):
            spans[s.article].append((s.start, s.end))
    for a in story.articles:
        if a.id not in spans:
            spans[a.id] = list(sentence_spans(a.text))
    return spans


def _near_pairs(story: Story, spans: dict[str, list[tuple[int, int]]]) -> dict[tuple[str, int], set[tuple[str, int]]]:
    """Sentences of different articles that are one sentence lightly edited (shingle containment)."""
    keys: list[tuple[str, int]] = []
    sets: list[set[int]] = []
    texts = {a.id: a.text for a in story.articles}
    for a in story.articles:
        for i, (s, e) in enumerate(spans[a.id]):
            w = _words(texts[a.id][s:e])
            if len(w) >= MIN_WORDS:
                keys.append((a.id, i))
                sets.append(_shingles(w))
    index: dict[int, list[int]] = defaultdict(list)
    for n, sh in enumerate(sets):
        for h in sh:
            index[h].append(n)
    near: dict[tuple[str, int], set[tuple[str, int]]] = defaultdict(set)
    for n, sh in enumerate(sets):
        shared: dict[int, int] = defaultdict(int)
        for h in sh:
            hits = index[h]
            if len(hits) <= COMMON:
                for m in hits:
                    if m > n and keys[m][0] != keys[n][0]:
                        shared[m] += 1
        for m, k in shared.items():
            if k >= MIN_SHARED and k / max(1, len(sh), len(sets[m])) >= NEAR:
                near[keys[n]].add(keys[m])
                near[keys[m]].add(keys[n])
    return near


def _family(outlet: str, families: dict[str, list[str]]) -> str:
    key = outlet.strip().casefold()
    for family, outlets in families.items():
        if key == family.casefold() or key in (o.strip().casefold() for o in outlets):
            return "family:" + family.casefold()
    return key


def build(story: Story, families: dict[str, list[str]] | None = None) -> Origins:
    """The story's sources: articles joined by lineage, shared passages, credits, outlet and family."""
    arts = story.articles
    ids = [a.id for a in arts]
    pos = {a: i for i, a in enumerate(ids)}
    parent = list(range(len(arts)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def join(i: int, j: int) -> None:
        a, b = root(i), root(j)
        if a != b:
            parent[max(a, b)] = min(a, b)

    spans = _sentences(story)
    near = _near_pairs(story, spans)
    shared: dict[tuple[int, int], set[tuple[int, int]]] = defaultdict(set)  # article pair -> sentence pairs
    for (a, i), others in near.items():
        for b, j in others:
            if pos[a] < pos[b]:
                shared[(pos[a], pos[b])].add((i, j))
    named = [{c.casefold() for c in a.credits if c != GENERIC} for a in arts]
    credited_any = [bool(a.credits) for a in arts]
    outlet = [_family(a.source_name(), families or {}) for a in arts]
    own = [{a.source_name().casefold()} | ({a.outlet.casefold()} if a.outlet else set()) for a in arts]
    lineage: dict[str, int] = {}
    for i, a in enumerate(arts):
        lineage.setdefault(a.origin or a.copy_of or a.id, i)
        join(i, lineage[a.origin or a.copy_of or a.id])
    by_outlet: dict[str, int] = {}
    for i in range(len(arts)):
        join(i, by_outlet.setdefault(outlet[i], i))
    for (x, y), pairs in shared.items():
        n = min(len({i for i, _ in pairs}), len({j for _, j in pairs}))  # distinct sentences on the thinner side
        if n >= RELATED_PASSAGES or credited_any[x] and credited_any[y]:
            join(x, y)
    for i in range(len(arts)):
        for j in range(i + 1, len(arts)):
            if named[i] & named[j] or named[i] & own[j] or named[j] & own[i]:
                join(i, j)
    groups: dict[int, list[int]] = defaultdict(list)
    for i in range(len(arts)):
        groups[root(i)].append(i)
    sources, of, by_name = [], {}, {}
    for n, r in enumerate(sorted(groups), 1):
        members = groups[r]
        names = list(dict.fromkeys(arts[i].source_name() for i in members))
        credited = list(dict.fromkeys(c for i in members for c in arts[i].credits if c != GENERIC))
        # an outlet the others credit is the source's name ("Continental Press Service" for its copies)
        credited = [c for c in names if c.casefold() in {x for i in members for x in named[i]}] + \
                   [c for c in credited if c.casefold() not in {x.casefold() for x in names}]
        sources.append(Source(f"o{n}", [ids[i] for i in members], names, credited))
        for i in members:
            of[ids[i]] = n - 1
            for name in own[i] | named[i]:
                by_name.setdefault(name, n - 1)
    starts = {a: [s for s, _ in sp] for a, sp in spans.items()}
    return Origins(sources, of, near, starts, {a.id: a.text for a in arts}, by_name)


def attributed(text: str) -> str | None:
    """The outlet a sentence attributes its fact to ("according to Reuters", "Bloomberg pointed out"), else None."""
    for rx in (ATTRIBUTED_TO, REPORTS):
        for m in rx.finditer(text):
            who = TRAILING.sub("", m.group("who").strip(" .,"))
            if MEDIA.match(who):  # "the AP" is AP; "The New York Times" keeps its article
                return who[4:] if who.lower().startswith("the ") and len(who.split()) == 2 else who
    return None


def claim_origins(claim: Claim, o: Origins) -> list[ClaimOrigin]:
    """The independent origins of a claim's evidence, in evidence order (ids o1.. follow the story's sources;
    an outlet the story holds no report of is named after it)."""
    node: list[str] = []
    names: dict[str, list[str]] = {}
    keys: list[tuple[str, int]] = []
    for e in claim.evidence:
        k = (e.article, o.sentence_of(e.article, e.start))
        keys.append(k)
        src = o.of.get(e.article)
        s, t = o.starts.get(e.article, [0]), o.texts.get(e.article, "")
        idx = k[1]
        sentence = t[s[idx]:s[idx + 1]] if idx + 1 < len(s) else t[s[idx]:] if s else e.text
        who = attributed(sentence) or attributed(e.text)
        if who and who.casefold() != (o.sources[src].names[0].casefold() if src is not None else ""):
            hit = o.by_name.get(who.casefold())
            nid = o.sources[hit].id if hit is not None else "x:" + who
            names.setdefault(nid, [])
            if hit is None and who not in names[nid]:
                names[nid].append(who)
        else:
            nid = o.sources[src].id if src is not None else "x:" + e.article
        node.append(nid)
    parent = {n: n for n in node}

    def root(n: str) -> str:
        while parent[n] != n:
            n = parent[n]
        return n

    where = {k: i for i, k in enumerate(keys)}
    for i, k in enumerate(keys):
        for other in o.near.get(k, ()):
            j = where.get(other)
            if j is not None:
                a, b = root(node[i]), root(node[j])
                if a != b:
                    parent[max(a, b, key=_order)] = min(a, b, key=_order)
    comps: dict[str, list[int]] = {}
    for i, n in enumerate(node):
        comps.setdefault(root(n), []).append(i)
    by_id = {s.id: s for s in o.sources}
    out = []
    for r in sorted(comps, key=_order):
        members = comps[r]
        arts = list(dict.fromkeys(claim.evidence[i].article for i in members))
        credited: list[str] = []
        for n in dict.fromkeys(node[i] for i in members):
            credited += by_id[n].credited if n in by_id else names.get(n, [])
        out.append(ClaimOrigin(id=r if r in by_id else _slug(r), articles=arts, credited=list(dict.fromkeys(credited))))
    return out


def _order(n: str) -> tuple:
    """Story sources first in their order (o1, o2, ...), then outlets outside the story by name."""
    return (0, int(n[1:]), "") if n[:1] == "o" and n[1:].isdigit() else (1, 0, n)


def _slug(n: str) -> str:
    """An outside outlet's origin id: "x-" and its name in lower case, dashes for spaces."""
    return "x-" + re.sub(r"[^\w]+", "-", n[2:].casefold()).strip("-")


def origin_name(origin: ClaimOrigin, story: Story) -> str:
    """How a reader knows an origin: the agency or outlet it credits, else its first article's outlet."""
    if origin.credited:
        return origin.credited[0]
    for a in story.articles:
        if a.id in origin.articles:
            return a.source_name()
    return origin.id
