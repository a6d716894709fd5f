"""The headline: the outlets' most central, best echoed title, cleaned of site names and debris."""
from __future__ import annotations

import re
from typing import Optional

import numpy as np

from ..model import Story
from .similarity import cosine, norm, vectors, words

# " - Site Name", " | Site", " — Site" at the end: a site name has at most five words.
SITE_SUFFIX = re.compile(r"\s+[|\-–—:]\s+[^|\-–—:]{2,40}$")
# Debris a scraper leaves at the end: a lone "|" or a pipe read as "I", trailing separators.
TRAILING_DEBRIS = re.compile(r"(?:\s+[|I»›•·]|\s*[|\-–—:»›•·])+\s*$")
LEADING_LABEL = re.compile(r"^(?:breaking|exclusive|update[d]?|live|watch|video|opinion|analysis)\s*[:|\-–—]\s*", re.I)
CLAUSE_BREAK = re.compile(r",\s+|\s+[—–-]\s+|;\s+")
MAX_WORDS = 14
WORD_END = re.compile(r"\w+(?:['’\-.]\w+)*")


def clean_title(title: str, outlet: Optional[str] = None) -> str:
    """The title without a trailing site name, label or separator debris ("… I", "… |")."""
    t = " ".join(title.split())
    t = LEADING_LABEL.sub("", t)
    t = TRAILING_DEBRIS.sub("", t)
    m = SITE_SUFFIX.search(t)
    if m:
        tail = m.group().strip(" |-–—:")
        is_outlet = bool(outlet) and norm(tail) in norm(outlet) or bool(outlet) and norm(outlet) in norm(tail)
        # Only drop a suffix that names the outlet or reads like a name (capitalised, few words).
        if is_outlet or (len(tail.split()) <= 4 and all(w[:1].isupper() for w in tail.split())):
            t = t[: m.start()]
    return TRAILING_DEBRIS.sub("", t).strip()


def shorten(text: str) -> str:
    """A claim cut at its first clause boundary after six words, without its final period; one with no
    boundary in its first 2 * MAX_WORDS words ends there, marked with an ellipsis (a heading, not a page)."""
    t = text.strip().rstrip(".")
    if len(words(t)) <= MAX_WORDS:
        return t
    for m in CLAUSE_BREAK.finditer(t):
        n = len(words(t[: m.start()]))
        if n >= 6:
            if n <= 2 * MAX_WORDS:
                return t[: m.start()]
            break
    ends = [m.end() for m in WORD_END.finditer(t)]
    cut = ends[2 * MAX_WORDS - 1] if len(ends) > 2 * MAX_WORDS else len(t)
    return t[:cut].rstrip(" ,;:-–—") + ("…" if cut < len(t) else "")


def choose(story: Story, embeddings: bool = False) -> str:
    """The title closest to what the story's sources say and echoed by most origins; else the lead claim."""
    titles: list[tuple[str, str]] = []  # (clean title, origin)
    seen = set()
    for a in story.articles:
        if a.title:
            t = clean_title(a.title, a.outlet)
            if len(words(t)) >= 3 and norm(t) not in seen:
                seen.add(norm(t))
                titles.append((t, a.origin or a.copy_of or a.id))
    if titles:
        corroborated = [c.text for c in story.claims if c.support >= 2][:20]  # what several origins say
        bodies = [" ".join(corroborated)] if corroborated else []
        bodies += [a.text[:2000] for a in story.articles if a.text]
        vecs = vectors([t for t, _ in titles] + bodies, embeddings=embeddings)
        k = len(titles)
        sim = cosine(vecs)
        body_origin = ["*"] * (1 if corroborated else 0) + [a.origin or a.copy_of or a.id for a in story.articles if a.text]
        central = np.zeros(k)
        for i, (_, origin) in enumerate(titles):
            # Closeness to what the *other* outlets report: a title only its own body echoes is not central.
            cols = [k + j for j, o in enumerate(body_origin) if o != origin] or [k + j for j in range(len(body_origin))]
            if cols:
                central[i] = float(sim[i, cols].mean())
        echoed = np.array([
            len({titles[j][1] for j in range(k) if j != i and sim[i, j] >= 0.3} - {titles[i][1]}) for i in range(k)
        ], dtype=float)
        score = central + 0.05 * echoed - 0.01 * np.maximum(np.array([len(words(t)) for t, _ in titles]) - MAX_WORDS, 0)
        return titles[int(np.argmax(score))][0]  # argmax takes the first on ties: deterministic
    if story.claims:
        lead = max(story.claims, key=lambda c: c.support)  # max keeps the first of equal support
        return shorten(lead.text)
    if story.summary:
        return shorten(story.summary[0].text)
    return ""
