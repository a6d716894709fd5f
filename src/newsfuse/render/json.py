"""The briefing as contract JSON."""
from __future__ import annotations

from ..model import Briefing


def render(briefing: Briefing) -> str:
    """Briefing.to_json(): byte-identical for the same briefing."""
    return briefing.to_json()
