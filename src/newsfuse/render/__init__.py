"""render: a briefing as JSON (the contract), Markdown (notes, terminals) or a self-contained HTML report."""
from __future__ import annotations

from ..model import Briefing

FORMATS = ("json", "md", "html")


def render(briefing: Briefing, fmt: str = "json") -> str:
    """The briefing in format `fmt` (json, md or html); ValueError names an unknown format."""
    # Imported here: the CLI's checks import render.view (plural) and should not load jinja2 to refuse a wrong option.
    from . import html, json, markdown

    if fmt == "json":
        return json.render(briefing)
    if fmt in ("md", "markdown"):
        return markdown.render(briefing)
    if fmt == "html":
        return html.render(briefing)
    raise ValueError(f"unknown format {fmt!r}: use one of {', '.join(FORMATS)}")
