"""Wires the stages; the one place that knows their order.

inputs --ingest--> RawDocument --clean--> Article --stories--> Story --analyze--> annotated Story
       --corroborate--> claims, discrepancies, coverage --compose--> headline, summary, timeline
"""
from __future__ import annotations

from pathlib import Path
from typing import Iterable, Optional

from . import analyze, clean, compose, corroborate, ingest, stories
from .config import Settings
from .model import Article, Briefing, InputError, RawDocument, Story
from .progress import Progress


def load_articles(
    inputs: Iterable[str | Path] = (),
    manifest: str | Path | None = None,
    published: Optional[str] = None,
    settings: Optional[Settings] = None,
    progress: Optional[Progress] = None,
    raws: Optional[list[RawDocument]] = None,
) -> tuple[list[Article], list[InputError]]:
    """Ingest and clean every input (plus documents already in memory); bad inputs become errors."""
    settings = settings or Settings()
    progress = progress or Progress(enabled=False)
    collected, errors = ingest.collect(inputs, manifest=manifest, published=published,
                                       allow_paths_outside_manifest=settings.ingest.allow_paths_outside_manifest)
    raws = collected + list(raws or [])
    articles, clean_errors = clean.clean_all(raws, settings.clean, progress=progress)
    return articles, errors + clean_errors


def brief(
    inputs: Iterable[str | Path] = (),
    manifest: str | Path | None = None,
    published: Optional[str] = None,
    settings: Optional[Settings] = None,
    progress: Optional[Progress] = None,
    raws: Optional[list[RawDocument]] = None,
) -> Briefing:
    """Turn a pile of reports into a briefing: one sourced account per story."""
    settings = settings or Settings()
    progress = progress or Progress(enabled=False)
    articles, errors = load_articles(inputs, manifest, published, settings, progress, raws=raws)
    groups = stories.group(articles, settings.stories, progress=progress)
    brief_stories(groups, settings, errors, progress)
    groups.sort(key=_prominence)
    return Briefing(stories=groups, errors=errors)


def brief_stories(groups: list[Story], settings: Settings, errors: list[InputError],
                  progress: Optional[Progress] = None) -> None:
    """The per-story grain every driver shares: analyze, corroborate and compose each story in place.

    A failure in one story's stage becomes an error naming its inputs; that story is kept without it and
    the others are unaffected. `brief`, `serve` and `batch` all call this, so their briefings agree.
    """
    progress = progress or Progress(enabled=False)
    try:
        analyze.annotate_all(groups, settings.analyze, progress=progress)
    except Exception:  # one bad story must not cost the others their analysis: retry story by story
        for story in groups:
            _guarded(story, "analyze", errors, analyze.annotate_all, [story], settings.analyze)
    for story in progress.iter(groups, "corroborate", unit="story"):
        _guarded(story, "corroborate", errors, corroborate.corroborate, story, settings.corroborate,
                 settings.stories.publisher_families)
    for story in groups:
        _guarded(story, "compose", errors, compose.compose, story, settings.brief)


def _guarded(story: Story, stage: str, errors: list[InputError], fn, *args) -> None:
    """Run one stage on one story; a failure becomes an error naming the story's inputs, the story is kept."""
    try:
        fn(*args)
    except Exception as e:
        inputs = ", ".join(a.input for a in story.articles[:3]) + (" ..." if len(story.articles) > 3 else "")
        errors.append(InputError(input=inputs, error=f"{stage} failed on story {story.id}, kept without it: "
                                                     f"{type(e).__name__}: {e}", skipped=False))


def _prominence(story) -> tuple:
    """Biggest stories first: more independent origins, then more articles, then id (deterministic)."""
    origins = {a.origin or a.id for a in story.articles}
    return (-len(origins), -len(story.articles), story.id)
