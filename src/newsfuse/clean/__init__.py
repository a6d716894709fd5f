"""Clean: RawDocuments into Articles (title, paragraphs, metadata) with every dropped line and why.

clean_document(raw, settings) -> Article raises InputProblem; clean_all never raises for one bad input.
"""
from __future__ import annotations

import hashlib
import os
import re
import sys
from collections import defaultdict
from typing import Iterable, Optional

from ..config import CleanSettings
from ..errors import InputProblem
from ..model import Article, InputError, RawDocument, Removed, source_key
from ..progress import Progress
from .credits import credits
from .html import extract_page, has_markup, outlet_from_url
from .language import detect_language
from .text import Line, clean_lines, split_lines

__all__ = ["clean_all", "clean_document", "article_id"]

PILE_MIN_ARTICLES = 2  # a line in this many different (non-copy) articles of one outlet is the outlet's template
COPY_SHARE = 0.5  # two articles sharing this share of prose lines are copies, not template siblings
# an inline manifest row's reference ("pile.jsonl#7"): its number says where the row stood, not what it holds
MANIFEST_ROW = re.compile(r"(\.(?:jsonl|ndjson|json|csv))#\d+$", re.I)


def article_id(input_name: str, text: str, whole: bool = False) -> str:
    """Deterministic article id: 'a-' + 10 hex digits of sha1(source + newline + text).

    The source is the input's URL, else its file name without the folders above it, so the same files
    give the same ids whatever directory a briefing is run from (briefings compared with --since, stories
    continued with --state); an inline manifest row counts as its manifest's name without the row number, so
    reordering the rows keeps their ids. Two inputs of one name and one text are told apart by `clean_all`, which hashes
    the `whole` input name instead.
    """
    source = input_name if whole else MANIFEST_ROW.sub(r"\1", source_key(input_name))
    return "a-" + hashlib.sha1(f"{source}\n{text}".encode("utf-8")).hexdigest()[:10]


def _distinct_ids(articles: list[Article]) -> list[Article]:
    """Articles whose id another article of the pile already has (one file name, one text, two folders) get
    an id from their whole input name, counted on until no article has it: ids stay one per article."""
    taken = {a.id for a in articles}
    seen: set[str] = set()
    out: dict[int, Article] = {}
    # decided in input-name order, so which of two keeps the id does not depend on the order they came in
    for i in sorted(range(len(articles)), key=lambda i: articles[i].input):
        a = articles[i]
        if a.id in seen:
            n, new = 0, a.id
            while new in taken:
                n += 1
                new = article_id(f"{a.input}\n{n}", a.text, whole=True)
            taken.add(new)
            a = a.model_copy(update={"id": new})
        seen.add(a.id)
        out[i] = a
    return [out[i] for i in range(len(articles))]


def _text_of(raw: RawDocument) -> str:
    """The document's text, decoding its bytes when ingest did not."""
    if raw.text is not None:
        return raw.text
    if raw.content is None:
        raise InputProblem(raw.input, "the document has no content")
    from ..ingest.decode import NotText, decode_bytes  # the one decoder of the project lives with ingest

    try:
        return decode_bytes(raw.content, declared=raw.encoding, html=raw.kind == "html")
    except NotText as e:
        raise InputProblem(raw.input, f"not readable text: {e}") from None


# spaCy's own limit per text; a longer "article" is a dump of many, better split by the user
MAX_ARTICLE_CHARS = 1_000_000


def clean_document(
    raw: RawDocument, settings: Optional[CleanSettings] = None, pile_boilerplate: frozenset[str] = frozenset()
) -> Article:
    """The cleaned Article for one document; InputProblem when no article text is left."""
    settings = settings or CleanSettings()
    text = _text_of(raw)
    if not text.strip():
        raise InputProblem(raw.input, "the document is empty")
    meta: dict = {}
    removed: list[Removed] = []
    extracted = False
    if raw.kind == "html" and has_markup(text):
        page = extract_page(text, raw.input, url=raw.url, max_chars=settings.max_html_bytes, extractor=settings.html_extractor)
        lines = page.paragraphs
        extracted = page.extracted
        title_hint = raw.title or page.title
        meta = {"author": page.author, "published": page.published, "outlet": page.sitename, "url": page.url, "language": page.language}
        if page.truncated:
            removed.append(Removed(text="(the end of an oversized page)", reason="page larger than the parse limit: only its start was read"))
    else:
        lines = split_lines(text)
        title_hint = raw.title
    if "\x00" in text[:4096]:
        raise InputProblem(raw.input, "the document holds binary data, not text")
    found = clean_lines(lines, title_hint=title_hint, pile_boilerplate=pile_boilerplate, extracted=extracted)
    paragraphs = [p for p in found.paragraphs if p.strip()]
    if not paragraphs or sum(len(p) for p in paragraphs) < settings.min_paragraph_chars:
        raise InputProblem(raw.input, "no article text found")
    body = "\n\n".join(paragraphs)
    if len(body) > MAX_ARTICLE_CHARS:
        raise InputProblem(raw.input, f"the article text is {len(body):,} characters, more than the {MAX_ARTICLE_CHARS:,} "
                                      "one article may hold (is it several articles in one file?)")
    url = raw.url or meta.get("url")
    outlet = raw.outlet or meta.get("outlet") or found.credit or outlet_from_url(url)
    return Article(
        id=article_id(raw.input, body),
        input=raw.input,
        title=found.title or meta.get("title"),
        text=body,
        paragraphs=paragraphs,
        removed=removed + found.removed,
        outlet=outlet,
        published=raw.published or meta.get("published") or raw.fallback_published,
        language=raw.language or detect_language(body, settings.languages),
        author=raw.author or meta.get("author") or found.author,
        url=url,
        dateline=found.dateline,
        credits=credits(paragraphs, removed + found.removed, found.dateline, outlet),
        story_hint=raw.story,
    )


def pile_boilerplate(raws: Iterable[RawDocument]) -> dict[str, frozenset[str]]:
    """Per input: short lines it shares with other, non-copy text dumps of the same outlet (template lines)."""
    short: dict[str, set[str]] = {}
    every: dict[str, set[str]] = {}  # prose lines, to tell copies from siblings
    outlet: dict[str, str] = {}
    for raw in raws:
        if raw.kind != "text" or raw.text is None:
            continue
        lines = [Line.of(t) for t in split_lines(raw.text)]
        every[raw.input] = {ln.key for ln in lines if ln.key and ln.sentence}
        short[raw.input] = {ln.key for ln in lines if ln.key and not ln.sentence}
        outlet[raw.input] = raw.outlet or outlet_from_url(raw.url) or ""
    holders: dict[tuple[str, str], list[str]] = defaultdict(list)
    for name, ks in short.items():
        for k in ks:
            holders[(outlet[name], k)].append(name)
    out: dict[str, set[str]] = defaultdict(set)
    for (_, k), names in holders.items():
        if len(names) < PILE_MIN_ARTICLES:
            continue
        for name in names:
            # copies share most of their prose; template siblings share only the furniture
            # (a partial copy shares most of its own prose with the whole: measured on the shorter of the two)
            if any(len(every[name] & every[o]) / max(min(len(every[name]), len(every[o])), 1) < COPY_SHARE
                   for o in names if o != name):
                out[name].add(k)
    return {name: frozenset(ks) for name, ks in out.items()}


BATCH = 16  # documents per hand-over to a cleaning process: small, so the bar moves and memory stays low


def _clean_job(job: tuple[RawDocument, CleanSettings, frozenset[str]]) -> Article | InputError:
    """One document cleaned, or the reason it has no article (a worker's unit of work)."""
    raw, settings, shared = job
    try:
        return clean_document(raw, settings, shared)
    except InputProblem as e:
        return InputError(input=e.input, error=e.reason)
    except Exception as e:  # a page no rule foresaw must not cost the user the rest of the pile
        return InputError(input=raw.input, error=f"could not be cleaned: unexpected {type(e).__name__}: {e} "
                                                 "(please report it with the document)")


def clean_all(
    raws: list[RawDocument], settings: Optional[CleanSettings] = None, progress: Optional[Progress] = None
) -> tuple[list[Article], list[InputError]]:
    """Articles for every document that has article text, an InputError for each that has none.

    Piles of `settings.parallel_min` documents or more are cleaned by `settings.processes` processes;
    the articles and errors are the same, in the same order, as when cleaned in this process.
    """
    settings = settings or CleanSettings()
    progress = progress or Progress(enabled=False)
    shared = pile_boilerplate(raws)
    jobs = [(raw, settings, shared.get(raw.input, frozenset())) for raw in raws]
    # forked workers (Linux only: fork is unsafe on macOS): a script calling the Python API needs no
    # `if __name__ == "__main__"` guard; elsewhere the pile is cleaned in this process
    forks = sys.platform.startswith("linux")
    processes = max(1, settings.processes) if len(jobs) >= settings.parallel_min and forks else 1
    if processes > 1:
        from ..workers import map_ahead

        # a MiniLM tokenizer loaded by an earlier call in this process must not use its threads in the workers
        os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
        batches = (jobs[i:i + BATCH] for i in range(0, len(jobs), BATCH))
        done = (r for batch in map_ahead(_clean_job, batches, processes, start="fork") for r in batch)
    else:
        done = map(_clean_job, jobs)
    articles: list[Article] = []
    errors: list[InputError] = []
    for result in progress.iter(done, "clean", total=len(jobs)):
        (errors if isinstance(result, InputError) else articles).append(result)
    return _distinct_ids(articles), errors
