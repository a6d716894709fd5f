"""The briefing as one self-contained HTML report: inline CSS/JS, no external resources, all content escaped."""
from __future__ import annotations

import base64
import hashlib
from functools import lru_cache
from html import escape
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

from ..model import Briefing
from .view import StoryView, build, cites, plural, support_text

TEMPLATES = Path(__file__).parent / "templates"
CELL, GAP, LABEL_CHARS = 26, 4, 24  # coverage chart: cell size, spacing, outlet label length in characters


@lru_cache(maxsize=1)
def _env() -> Environment:
    # Autoescape on everything: article text is hostile input.
    env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(default=True, default_for_string=True),
                      undefined=StrictUndefined, trim_blocks=False, lstrip_blocks=False, keep_trailing_newline=True)
    env.globals["support_text"] = support_text
    env.globals["plural"] = plural  # every count in the report agrees with its noun: '1 source', '2 sources'
    return env


def _short(text: str, n: int) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"


def coverage_chart(v: StoryView) -> str:
    """An inline SVG grid: one row per outlet, one column per key fact, coloured by status; text escaped."""
    label_w = 8 * LABEL_CHARS
    cols, rows = len(v.key_facts), len(v.outlets)
    width = label_w + cols * (CELL + GAP) + 48
    height = 22 + rows * (CELL + GAP)
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
             f'role="img" aria-label="Coverage of {plural(cols, "key fact", "key facts")} by {plural(rows, "outlet", "outlets")}">']
    for j, c in enumerate(v.key_facts):
        x = label_w + j * (CELL + GAP) + CELL / 2
        parts.append(f'<text x="{x:g}" y="14" text-anchor="middle">{escape(c.id)}</text>')
    for i, o in enumerate(v.outlets):
        y = 22 + i * (CELL + GAP)
        parts.append(f'<text x="{label_w - 8}" y="{y + CELL / 2 + 4:g}" text-anchor="end">{escape(_short(o, LABEL_CHARS))}</text>')
        reported = 0
        for j, c in enumerate(v.key_facts):
            status = v.coverage.get((o, c.id), "not reported")
            reported += status == "reported"
            x = label_w + j * (CELL + GAP)
            parts.append(f'<rect class="st-{status.replace(" ", "-")}" x="{x}" y="{y}" width="{CELL}" height="{CELL}" rx="4">'
                         f'<title>{escape(o)} · {escape(c.id)}: {status}</title></rect>')
        parts.append(f'<text x="{label_w + cols * (CELL + GAP) + 6}" y="{y + CELL / 2 + 4:g}">{reported}/{cols}</text>')
    parts.append("</svg>")
    return "".join(parts)


class HtmlStory:
    """A StoryView with what only the report needs: section list, chart, exclusives, paragraphs."""

    def __init__(self, v: StoryView):
        self.view = v
        self.story, self.sources, self.key_facts = v.story, v.sources, v.key_facts
        self.outlets, self.coverage, self.quotes, self.independent = v.outlets, v.coverage, v.quotes, v.independent
        s = v.story
        self.chart = coverage_chart(v) if v.key_facts and v.outlets else ""
        # The lead sentence stands alone; the rest reads in short paragraphs of two.
        numbered = list(enumerate(s.summary, 1))
        self.paragraphs = [numbered[:1]] + [numbered[i:i + 2] for i in range(1, len(numbered), 2)] if numbered else []
        text = {c.id: c.text for c in s.claims}
        self.exclusives = [(o, [text.get(i, i) for i in ids]) for o, ids in sorted(s.exclusives.items()) if ids]
        wanted = [("changes", "Changes", s.changes is not None), ("summary", "Summary", bool(s.summary)),
                  ("facts", "Key facts", bool(v.key_facts)), ("disagree", "Disagreements", bool(s.discrepancies)),
                  ("quotes", "Quotes", bool(v.quotes)), ("timeline", "Timeline", bool(s.timeline)),
                  ("coverage", "Coverage", bool(v.key_facts and v.outlets)), ("sources", "Sources", True)]
        self.sections = [(i, label) for i, label, on in wanted if on]

    def cites(self, articles, evidence, fallback: str = ""):
        return cites(self.view, list(articles), evidence, fallback)


def render(briefing: Briefing) -> str:
    """The report; deterministic, and no article text can add markup or script to it."""
    js = (TEMPLATES / "report.js").read_text(encoding="utf-8")
    css = (TEMPLATES / "report.css").read_text(encoding="utf-8")
    # Only this script may run, whatever a page smuggled in: the CSP names its hash.
    digest = base64.b64encode(hashlib.sha256(js.encode("utf-8")).digest()).decode("ascii")
    stories = [HtmlStory(build(s)) for s in briefing.stories]
    title = stories[0].story.headline if len(stories) == 1 and stories[0].story.headline else "newsfuse briefing"
    return _env().get_template("report.html.j2").render(
        stories=stories, errors=briefing.errors, css=Markup(css), js=Markup(js),  # our own files, verbatim
        script_hash=f"sha256-{digest}", title=title,
    )

