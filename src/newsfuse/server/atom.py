"""Stories as an Atom feed, so a feed reader can follow newsfuse itself."""
from __future__ import annotations

from xml.sax.saxutils import escape

from ..store import queries as q


def atom_feed(request, title: str, path: str, rows) -> str:
    """An Atom 1.0 document with one entry per story (its latest version), links absolute to this server."""
    base = str(request.base_url).rstrip("/")
    updated = max((q.aware(r.updated_at) for r in rows), default=q.now()).isoformat()
    out = ['<?xml version="1.0" encoding="utf-8"?>', '<feed xmlns="http://www.w3.org/2005/Atom">',
           f"<title>{escape(title)}</title>", f"<id>{escape(base + path)}</id>", f"<updated>{updated}</updated>",
           f'<link rel="self" href="{escape(base + path)}"/>']
    for r in rows:
        link = f"{base}/stories/{r.id}"
        summary = f"{r.sources} independent source(s), {r.articles} article(s), {r.disputed} disagreement(s); version {r.version}"
        out += ["<entry>", f"<title>{escape(r.headline or r.id)}</title>", f"<id>{escape(link)}#v{r.version}</id>",
                f"<updated>{q.aware(r.updated_at).isoformat()}</updated>", f'<link href="{escape(link)}"/>',
                f"<summary>{escape(summary)}</summary>", "</entry>"]
    out.append("</feed>")
    return "\n".join(out) + "\n"
