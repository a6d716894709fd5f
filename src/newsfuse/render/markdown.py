"""The briefing as Markdown for notes and terminals: [n] citations point to the numbered sources."""
from __future__ import annotations

import re

from ..model import Briefing, Story
from .view import StoryView, build, cites, plural, support_text

# Characters that would turn article text into Markdown links, code, emphasis or raw HTML.
MD_SPECIAL = re.compile(r"([\\`*\[\]<>|])")
CHANGE_LABEL = {
    "new source": "New source", "new claim": "New claim", "support changed": "Support changed",
    "value changed": "Value changed", "correction": "Correction", "dropped source": "Dropped source",
}


def esc(text: str) -> str:
    """Article text made inert: no markup, links or HTML it carries takes effect; one line."""
    return MD_SPECIAL.sub(r"\\\1", " ".join(str(text).split()))


def _refs(view: StoryView, articles: list[str]) -> str:
    return "".join(f"[{c.n}]" for c in cites(view, articles))


def _changes(view: StoryView) -> list[str]:
    ch = view.story.changes
    if ch is None:
        return []
    if ch.new:
        return ["## New since the previous briefing", "", "This story was not in the previous briefing.", ""]
    out = [f"## What changed since the previous briefing ({esc(ch.previous)})", ""]
    if not ch.items:
        out.append("Nothing changed.")
    for c in ch.items:
        line = f"- **{CHANGE_LABEL[c.kind]}:** {esc(c.text)}"
        if c.kind == "correction":
            line = f"- **{CHANGE_LABEL[c.kind]}:** was “{esc(c.before)}”, now “{esc(c.after)}”"
        elif c.before is not None and c.after is not None and c.kind != "new claim":
            line += f" (was: {esc(c.before)}; now: {esc(c.after)})"
        out.append(line + " " + _refs(view, c.articles))
    return out + [""]


def _story(story: Story) -> list[str]:
    v = build(story)
    s = story
    out = [f"# {esc(s.headline or 'Untitled story')}", "",
           f"*{plural(len(v.sources), 'source', 'sources')}, {v.independent} independent · story {esc(s.id)}*", ""]
    out += _changes(v)
    if s.summary:
        out += ["## Summary", ""]
        out += [f"{esc(x.text)} {_refs(v, x.articles)}" for x in s.summary]
        out.append("")
    if v.key_facts:
        out += ["## Key facts", ""]
        out += [f"- {esc(c.text)} — **{esc(support_text(c, s))}** "
                f"{_refs(v, [e.article for e in c.evidence])}"
                + (f" · contradicted by {_refs(v, [e.article for e in c.contradicting])}" if c.contradicting else "")
                for c in v.key_facts]
        out.append("")
    if s.discrepancies:
        out += ["## Where sources disagree", ""]
        for d in s.discrepancies:
            out.append(f"- **{esc(d.summary)}** ({esc(d.kind)})")
            for val in d.values:
                outlets = ", ".join(dict.fromkeys(esc(c.outlet) for c in cites(v, val.articles)))
                out.append(f"  - {esc(val.value)} — {outlets} {_refs(v, val.articles)}: “{esc(val.text)}”")
        out.append("")
    if v.quotes:
        out += ["## Quotes", ""]
        for speaker, qs in v.quotes.items():
            out.append(f"**{esc(speaker)}**")
            for q in qs:
                out.append(f"- “{esc(q.text)}” {_refs(v, q.articles)}")
                out += [f"  - variant: “{esc(x)}”" for x in q.variants]
            out.append("")
    if s.timeline:
        out += ["## Timeline", ""]
        out += [f"- **{esc(e.when)}** {esc(e.text)} {_refs(v, e.articles)}" for e in s.timeline]
        out.append("")
    if v.key_facts and v.outlets:
        out += ["## Coverage", "", "Key facts by outlet: ✔ reported · · not reported · ✘ contradicted", ""]
        mark = {"reported": "✔", "not reported": "·", "contradicted": "✘"}
        out.append("| outlet | " + " | ".join(c.id for c in v.key_facts) + " |")
        out.append("|---|" + "---|" * len(v.key_facts))
        for o in v.outlets:
            out.append(f"| {esc(o)} | " + " | ".join(mark[v.coverage.get((o, c.id), 'not reported')] for c in v.key_facts) + " |")
        out.append("")
        text = {c.id: c.text for c in s.claims}
        for outlet, ids in sorted(s.exclusives.items()):
            if ids:
                out.append(f"- Only {esc(outlet)}: " + "; ".join(esc(text.get(i, i)) for i in ids))
        out.append("")
    out += ["## Sources", ""]
    for src in v.sources:
        a = src.article
        bits = [f"[{src.n}] **{esc(src.outlet)}**"]
        if src.title:
            bits.append(f"“{esc(src.title)}”")
        if src.published:
            bits.append(esc(src.published))
        if src.copy_of:
            bits.append(f"copy of [{src.copy_of}]")
        bits.append(f"{plural(len(a.removed), 'debris line', 'debris lines')} removed")
        out.append("- " + " · ".join(bits))
    out.append("")
    return out


def render(briefing: Briefing) -> str:
    """Markdown: one section per story, then the inputs that could not be used."""
    lines: list[str] = []
    for story in briefing.stories:
        lines += _story(story)
    if briefing.errors:
        lines += ["## Skipped inputs", ""]
        lines += [f"- {esc(e.input)}: {esc(e.error)}" for e in briefing.errors]
        lines.append("")
    if not lines:
        lines = ["No stories.", ""]
    return "\n".join(lines)
