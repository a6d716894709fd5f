"""Corroborate: claims with independent support, coverage by outlet, and the ledger of disagreements."""
from __future__ import annotations

from ..config import CorroborateSettings
from ..model import Story
from .check import SupportResult, check, check_sentences
from .claims import build_units, group_units, make_claims
from .coverage import coverage, exclusives
from .discrepancies import ledger

__all__ = ["corroborate", "check", "check_sentences", "SupportResult"]


def corroborate(story: Story, settings: CorroborateSettings | None = None) -> Story:
    """Fill story.claims, discrepancies, coverage and exclusives (in place; the story is returned)."""
    settings = settings or CorroborateSettings()
    units = build_units(story, settings)
    groups, sims = group_units(units, settings)
    story.claims = make_claims(groups)
    story.discrepancies = ledger(story, units, groups, sims)
    story.coverage = coverage(story, settings.main_support)
    story.exclusives = exclusives(story)
    return story
