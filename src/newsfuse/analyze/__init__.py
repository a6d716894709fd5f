"""Analyze stage: sentences, entities, dates, numbers and quotes of every story, from one NLP pass."""
from __future__ import annotations

import os
import re
from collections import Counter, defaultdict
from typing import Optional

from ..config import AnalyzeSettings
from ..model import Article, DateMention, Entity, Evidence, NumberMention, Quote, Story
from ..progress import Progress
from .dates import find_dates
from .entities import build_entities, genders
from .mentions import RawMention, doc_mentions, speaker_slot_mentions
from .nlp import get_nlp, parse_all
from .numbers import find_numbers
from .quotes import FoundQuote, _stems, find_quotes, same_quote
from .sentences import sentence_at, split_sentences

__all__ = ["annotate_all", "annotate_story", "get_nlp"]

_YEAR = re.compile(r"\d{4}")


class _Parsed:
    """What one article's NLP pass leaves behind (the spaCy Doc itself is dropped)."""

    def __init__(self, article: Article, doc, seq: int):
        text = article.text
        self.sentences = split_sentences(article.id, doc)
        self.mentions: list[RawMention] = doc_mentions(article.id, doc, seq)
        self.mentions += speaker_slot_mentions(article.id, text, self.mentions, seq)
        bounds = [(s.start, s.end) for s in self.sentences]

        self.dates = [
            DateMention(article=article.id, text=text[f.start:f.end], start=f.start, end=f.end, kind=f.kind,
                        value=f.value, approx=f.approx, qualifier=f.qualifier,
                        sentence=sentence_at(self.sentences, f.start))
            for f in find_dates(text, article.published)
        ]
        # Numbers inside a date are part of it ("June 8", "90-day"), except a year standing alone ("in 2022").
        blocked = [(d.start, d.end) for d in self.dates
                   if not (d.value and (_YEAR.fullmatch(d.value) or (d.qualifier == "since" and d.kind == "span")))]
        self.numbers = [
            NumberMention(article=article.id, text=text[n.start:n.end], start=n.start, end=n.end, value=n.value,
                          kind=n.kind, unit=n.unit, counts=n.counts, approx=n.approx, qualifier=n.qualifier,
                          sentence=sentence_at(self.sentences, n.start))
            for n in find_numbers(text, doc, blocked)
        ]
        self.bounds = bounds


def _titles(raw: list[RawMention], entities: list[Entity]) -> dict[str, set[str]]:
    """Role words seen before each entity's mentions ("president" for To Lam), for "the president said"."""
    where = {(m.article, m.start, m.end): e.id for e in entities for m in e.mentions}
    out: dict[str, set[str]] = defaultdict(set)
    for m in raw:
        eid = where.get((m.article, m.start, m.end))
        if eid:
            out[eid].update(m.titles)
    return out


def _vectors(found: list[FoundQuote], settings: AnalyzeSettings):
    """Sentence vectors of the quotes when they come from two or more articles (None: lexical matching only)."""
    if not settings.quote_embeddings or len({q.article for q in found}) < 2:
        return None
    try:
        from ..embed import get_embedder

        return get_embedder().encode([q.text for q in found])
    except Exception:  # model package missing or broken: the lexical rule still matches most variants
        return None


def _speaker_key(q: FoundQuote) -> Optional[str]:
    """Who said a found quote: "id:<entity id>", "name:<words>" for a nameless organisation, None if unsure."""
    if q.speaker_id:
        return "id:" + q.speaker_id
    return "name:" + q.speaker_name if q.speaker_name else None


def _group(found: list[FoundQuote], entities: dict[str, Entity], settings: AnalyzeSettings) -> list[Quote]:
    """Quotes of the story, the same words across articles (and translations) merged with their variants."""
    vectors = _vectors(found, settings)
    groups: list[dict] = []
    for i, q in enumerate(found):
        stems = _stems(q.text)
        key = _speaker_key(q)
        for g in groups:
            if key and g["speakers"] and key not in g["speakers"]:
                continue
            # Within one article only a repeated quote merges; across articles, reworded ones do too.
            if q.text != g["items"][0].text:
                if any(x.article == q.article for x in g["items"]):
                    continue
                close = same_quote(stems, g["stems"]) or (
                    vectors is not None and float(vectors[i] @ vectors[g["first"]]) >= settings.quote_similarity)
                if not close:
                    continue
            g["items"].append(q)
            if key:
                g["speakers"].add(key)
            break
        else:
            groups.append({"stems": stems, "items": [q], "first": i,
                           "speakers": {key} if key else set()})
    quotes = []
    for g in groups:
        items = g["items"]
        votes = Counter(_speaker_key(q) for q in items if _speaker_key(q))
        best: Optional[str] = max(votes, key=lambda k: (votes[k], k)) if votes else None
        sid = best[3:] if best and best.startswith("id:") else None
        # a nameless organisation ("police") is a speaker by its words, with no entity id
        name = entities[sid].name if sid else (best[5:] if best else None)
        text = items[0].text
        variants = []
        for q in items[1:]:
            if q.text != text and q.text not in variants:
                variants.append(q.text)
        articles = list(dict.fromkeys(q.article for q in items))
        occurrences = [Evidence(article=q.article, text=q.text, start=q.start, end=q.end) for q in items]
        quotes.append(Quote(speaker=name, speaker_id=sid, text=text,
                            articles=articles, variants=variants, occurrences=occurrences))
    return quotes


def annotate_story(story: Story, parsed: list[_Parsed], settings: Optional[AnalyzeSettings] = None) -> None:
    """Fill the story's sentences, entities, dates, numbers and quotes from its articles' NLP results."""
    raw = [m for p in parsed for m in p.mentions]
    story.sentences = [s for p in parsed for s in p.sentences]
    story.dates = [d for p in parsed for d in p.dates]
    story.numbers = [n for p in parsed for n in p.numbers]
    story.entities = build_entities(raw, story.articles)
    titles = _titles(raw, story.entities)
    sexes = genders(story.entities, {a.id: a.text for a in story.articles}, titles)
    by_id = {e.id: e for e in story.entities}
    by_article: dict[str, list[tuple[int, int, Entity]]] = defaultdict(list)  # one pass, not one per article
    for e in story.entities:
        for m in e.mentions:
            by_article[m.article].append((m.start, m.end, e))
    found: list[FoundQuote] = []
    for article, p in zip(story.articles, parsed):
        mentions = sorted(by_article.get(article.id, []), key=lambda x: (x[0], x[1], x[2].id))
        found.extend(find_quotes(article.id, article.text, p.bounds, mentions, titles, sexes))
    story.quotes = _group(found, by_id, settings or AnalyzeSettings())


def annotate_all(stories: list[Story], settings: Optional[AnalyzeSettings] = None,
                 progress: Optional[Progress] = None) -> list[Story]:
    """Annotate every story in place with one spaCy pass over all articles; returns the stories."""
    settings = settings or AnalyzeSettings()
    progress = progress or Progress(enabled=False)
    pairs = [(story, i, a) for story in stories for i, a in enumerate(story.articles)]
    if not pairs:
        return stories
    nlp = get_nlp(settings.spacy_model)
    # the one CPU-bound stage of a brief: a large pile is parsed by several processes (same model, same results)
    processes = max(1, settings.processes) if len(pairs) >= settings.parallel_min else 1
    if processes > 1:  # the workers are forked: the MiniLM tokenizer's thread pool must not be relied on in them
        os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    docs = parse_all(nlp, (a.text for _, _, a in pairs), batch_size=32, n_process=processes)
    parsed: dict[int, list[_Parsed]] = defaultdict(list)
    for (story, i, article), doc in zip(pairs, progress.iter(docs, "analyze", total=len(pairs))):
        parsed[id(story)].append(_Parsed(article, doc, i))
    for story in stories:
        annotate_story(story, parsed.get(id(story), []), settings)
    return stories
