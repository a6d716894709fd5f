"""render: a briefing as JSON (the contract), Markdown (notes, terminals) or a self-contained HTML report."""
from __future__ import annotations

from ..model import Briefing
from . import html, json, markdown

FORMATS = ("json", "md", "html")


def render(briefing: Briefing, fmt: str = "json") -> str:
    """The briefing in format `fmt` (json, md or html); ValueError names an unknown format."""
    if fmt == "json":
        return json.render(briefing)
    if fmt in ("md", "markdown"):
        return markdown.render(briefing)
    if fmt == "html":
        return html.render(briefing)
    raise ValueError(f"unknown format {fmt!r}: use one of {', '.join(FORMATS)}")
