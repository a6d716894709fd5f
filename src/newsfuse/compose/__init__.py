"""brief: headline, summary and timeline of a story from what the earlier stages wrote on it."""
from __future__ import annotations

from ..config import BriefSettings
from ..model import Story
from . import headline, summary, timeline
from .since import diff

__all__ = ["compose", "diff"]


def compose(story: Story, settings: BriefSettings | None = None) -> Story:
    """Fill story.headline, story.summary and story.timeline; every sentence is a source sentence with citations."""
    settings = settings or BriefSettings()
    story.summary = summary.summarize(story, settings)
    story.headline = headline.choose(story, embeddings=settings.embeddings)
    story.timeline = timeline.build(story, embeddings=settings.embeddings)
    return story
