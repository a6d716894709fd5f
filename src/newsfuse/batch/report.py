"""index.html of a batch run: the briefed stories, most independent sources first, each linking to its report."""
from __future__ import annotations

import os
from html import escape
from pathlib import Path

from ..display import shown_text
from ..render.view import plural

PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>newsfuse batch: {title}</title>
<style>body{{font:15px/1.45 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem}}
table{{border-collapse:collapse;width:100%}}td,th{{padding:.3rem .5rem;border-bottom:1px solid #ddd;text-align:left;vertical-align:top}}
td.n{{text-align:right;white-space:nowrap}}.o{{color:#555;font-size:90%}}</style></head><body>
<h1>{title}</h1><p>{lead}</p>
<table><thead><tr><th>story</th><th>sources</th><th>articles</th><th>first published</th></tr></thead><tbody>
{rows}
</tbody></table></body></html>
"""


def order_key(row: dict) -> tuple:
    """Most independent sources first, then most articles, then id: as `brief` orders its stories."""
    return (-row["sources"], -row["articles"], row["id"])


def write_index(path: Path, index: list[dict], singles: int, articles: int, errors: int) -> None:
    """Write the run's index page (whole, then renamed)."""
    rows = []
    for r in sorted(index, key=order_key):
        outlets = ", ".join(r["outlets"][:8]) + (" …" if len(r["outlets"]) > 8 else "")
        rows.append(f'<tr><td><a href="reports/{escape(r["id"])}.html">{escape(shown_text(r["headline"] or r["id"]))}</a>'
                    f'<div class="o">{escape(shown_text(outlets))}</div></td><td class="n">{r["sources"]}</td>'
                    f'<td class="n">{r["articles"]}</td><td class="n">{escape(r["first_published"] or "undated")}</td></tr>')
    title = f"{plural(len(index), 'story', 'stories')} of {plural(articles, 'article', 'articles')}"
    lead = (f"{plural(singles, 'single-article story is', 'single-article stories are')} in the <code>stories</code> "
            f"table (not briefed); {plural(errors, 'problem is', 'problems are')} in the <code>errors</code> table.")
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_text(PAGE.format(title=escape(title), lead=lead, rows="\n".join(rows)), encoding="utf-8")
    os.replace(tmp, path)
