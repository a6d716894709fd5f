"""render: a briefing as JSON (the contract), Markdown (notes, terminals) or a self-contained HTML report."""
from __future__ import annotations

from ..display import shown_text
from ..model import Briefing

FORMATS = ("json", "md", "html")


def render(briefing: Briefing, fmt: str = "json") -> str:
    """The briefing in format `fmt` (json, md or html); ValueError names an unknown format."""
    # Imported here: the CLI's checks import render.view (plural) and should not load jinja2 to refuse a wrong option.
    from . import html, json, markdown

    if fmt == "json":
        return json.render(briefing)
    # a control or bidi override character in a name or text (an outlet "\u202eTSOP" read as "POST") is shown
    # as an escape in what a person reads; the JSON keeps the data as it came
    if fmt in ("md", "markdown"):
        return shown_text(markdown.render(briefing))
    if fmt == "html":
        return shown_text(html.render(briefing))
    raise ValueError(f"unknown format {fmt!r}: use one of {', '.join(FORMATS)}")
