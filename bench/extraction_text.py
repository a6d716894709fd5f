"""Cleaning scraped text dumps: each AEB page turned into what a naive scraper dumps, then cleaned.

The dump is every visible text block of the page, one per line, in document order (no script/style).
Scored like extraction_html against the same gold, beside the dump itself and jusText on the same dump.

    python -m bench extraction_text [--worst N] [--show ID]

Also prints newsfuse's figures on each half of the pages (sorted by id), to see whether a change helps both,
and how often the title newsfuse finds in the dump agrees with the page's own title (og:title, else <title>;
AEB has no gold titles), beside the naive choice of the dump's first line of 3 to 30 words.
"""
from __future__ import annotations

import argparse
import html as htmllib
import re
import time

import lxml.etree
import lxml.html

from bench.common import save
from bench.extraction_html import load_pages, page_pr, summarize

SKIP = {"script", "style", "noscript", "template", "svg", "iframe", "head", "object", "canvas", "select", "option"}
BLOCK = {
    "p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "td", "th", "tr", "table", "section", "article",
    "header", "footer", "nav", "aside", "blockquote", "pre", "figcaption", "figure", "dt", "dd", "dl", "br", "form",
    "main", "address", "hr", "caption", "legend", "fieldset", "button", "label", "body", "center",
}
# jusText's stoplist per language code (the dump's language, found by newsfuse's identifier)
STOPLISTS = {"en": "English", "es": "Spanish", "fr": "French", "de": "German", "it": "Italian", "pt": "Portuguese",
             "nl": "Dutch", "ru": "Russian", "vi": "Vietnamese", "pl": "Polish"}


def _hidden(el) -> bool:
    style = (el.get("style") or "").replace(" ", "").lower()
    return el.get("hidden") is not None or "display:none" in style or el.get("aria-hidden") == "true"


def naive_dump(data: bytes) -> str:
    """Every visible text block of the page, one per line, in document order."""
    from newsfuse.ingest.decode import NotText, decode_bytes

    try:
        root = lxml.html.document_fromstring(decode_bytes(data, html=True))
    except (NotText, ValueError, lxml.etree.ParserError):
        return ""
    lines: list[str] = []
    buf: list[str] = []

    def flush() -> None:
        text = " ".join("".join(buf).split())
        if text:
            lines.append(text)
        buf.clear()

    def walk(el) -> None:
        tag = el.tag if isinstance(el.tag, str) else None
        if tag is not None and tag.lower() not in SKIP and not _hidden(el):
            block = tag.lower() in BLOCK
            if block:
                flush()
            if el.text:
                buf.append(el.text)
            for child in el:
                walk(child)
            if block:
                flush()
        if el.tail:
            buf.append(el.tail)

    walk(root)
    flush()
    return "\n".join(lines)


def page_title(data: bytes) -> str:
    """The page's own title: og:title, else <title> (empty when it states neither)."""
    from newsfuse.ingest.decode import NotText, decode_bytes

    try:
        root = lxml.html.fromstring(decode_bytes(data, html=True))
    except (NotText, ValueError, lxml.etree.ParserError):  # not text, or no element in it
        return ""
    for value in root.xpath("//meta[@property='og:title']/@content") + root.xpath("//title/text()"):
        if value.strip():
            return value.strip()
    return ""


def _title_words(text: str | None) -> set[str]:
    return set(re.findall(r"\w+", (text or "").casefold()))


def title_agrees(found: str | None, own: str) -> bool:
    """The found title is the page's own title, allowing a site name around it or a shortened form: the
    shorter's words are 80% in the longer one."""
    a, b = _title_words(found), _title_words(own)
    if not a or not b:
        return False
    short, long_ = (a, b) if len(a) <= len(b) else (b, a)
    return len(short & long_) >= 0.8 * len(short) and len(short) >= min(3, len(long_))


def first_line_title(dump: str) -> str | None:
    """The naive title: the dump's first line of 3 to 30 words."""
    return next((ln.strip() for ln in dump.split("\n") if 3 <= len(ln.split()) <= 30), None)


def newsfuse_title(dump: str) -> str | None:
    from newsfuse.clean import clean_document
    from newsfuse.errors import InputProblem
    from newsfuse.model import RawDocument

    try:
        return clean_document(RawDocument(input="dump", kind="text", text=dump)).title
    except InputProblem:
        return None


def newsfuse_clean(dump: str) -> str:
    from newsfuse.clean import clean_document
    from newsfuse.errors import InputProblem
    from newsfuse.model import RawDocument

    try:
        return clean_document(RawDocument(input="dump", kind="text", text=dump)).text
    except InputProblem:
        return ""


def justext_clean(dump: str) -> str:
    """jusText's non-boilerplate paragraphs of the dump (each line given to it as a paragraph)."""
    import justext

    from newsfuse.clean.language import detect_language

    lang = detect_language(dump, list(STOPLISTS)) or "en"
    page = "<html><body>" + "".join(f"<p>{htmllib.escape(line)}</p>" for line in dump.split("\n")) + "</body></html>"
    paragraphs = justext.justext(page.encode("utf-8"), justext.get_stoplist(STOPLISTS[lang]), encoding="utf-8")
    return "\n".join(p.text for p in paragraphs if not p.is_boilerplate)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="bench extraction_text")
    ap.add_argument("--worst", type=int, default=0, help="list the N pages where newsfuse scores worst")
    ap.add_argument("--show", default="", help="print one page's dump line by line with newsfuse's verdict, then its gold")
    args = ap.parse_args(argv or [])
    pages, gold = load_pages()
    if args.show:
        return show(args.show, pages, gold)
    keys = list(pages)
    dumps = {k: naive_dump(pages[k]) for k in keys}
    newsfuse_clean(dumps[keys[0]])  # imports and models outside the timing
    rows = {}
    for name, fn in (("naive dump (no cleaning)", lambda d: d), ("jusText on the dump", justext_clean), ("newsfuse text cleaner", newsfuse_clean)):
        t0 = time.perf_counter()
        outs = {k: fn(dumps[k]) for k in keys}
        speed = len(keys) / (time.perf_counter() - t0)
        prs = {k: page_pr(outs[k], gold[k]) for k in keys}
        rows[name] = ({**summarize(list(prs.values())), "pages_per_s": round(speed, 1)}, prs)
    print(f"AEB pages as naive text dumps, {len(keys)} pages (F1 over 4-token shingles; target F1 >= 0.93)")
    print(f"{'system':<30}{'F1':>7}{'P':>8}{'R':>8}{'pages/s':>10}")
    for name, (fig, _) in rows.items():
        speed = "-" if name.startswith("naive") else f"{fig['pages_per_s']:.1f}"  # the dump itself costs nothing
        print(f"{name:<30}{fig['f1']:>7.4f}{fig['precision']:>8.4f}{fig['recall']:>8.4f}{speed:>10}")
    prs = rows["newsfuse text cleaner"][1]
    half = len(keys) // 2
    halves = {}
    for label, part in (("first half", keys[:half]), ("second half", keys[half:])):
        halves[label] = {name: summarize([rows[name][1][k] for k in part]) for name in rows}
        figs = "  ".join(f"{name.split()[0]} {fig['f1']:.4f}" for name, fig in halves[label].items())
        print(f"  {label} ({len(part)} pages) F1: {figs}")
    own = {k: page_title(pages[k]) for k in keys}
    titled = [k for k in keys if own[k]]
    titles = {name: round(sum(title_agrees(fn(dumps[k]), own[k]) for k in titled) / len(titled), 4)
              for name, fn in (("first line of 3-30 words", first_line_title), ("newsfuse", newsfuse_title))}
    print(f"  title agrees with the page's own title ({len(titled)} pages state one): "
          + ", ".join(f"{name} {v:.3f}" for name, v in titles.items()))
    if args.worst:
        for k in sorted(keys, key=lambda k: 2 * prs[k][0] * prs[k][1] / (sum(prs[k]) or 1))[: args.worst]:
            print(f"  {k[:12]}  P {prs[k][0]:.3f}  R {prs[k][1]:.3f}")
    path = save("extraction_text", {"pages": len(keys), **{name: fig for name, (fig, _) in rows.items()}, "halves": halves,
                                         "title_agreement": {"pages": len(titled), **titles}, "target": {"f1": 0.93}})
    print(f"figures written to {path}")
    return 0


def show(prefix: str, pages: dict[str, bytes], gold: dict[str, str]) -> int:
    """One page's dump with what newsfuse keeps ('+') or drops (reason), then the gold body."""
    from newsfuse.clean.text import clean_lines, split_lines

    key = next((k for k in pages if k.startswith(prefix)), None)
    if key is None:
        print(f"no page id starts with {prefix!r}")
        return 1
    lines = split_lines(naive_dump(pages[key]))
    found = clean_lines(lines)
    kept = set(found.paragraphs)
    reasons = {r.text: r.reason for r in found.removed}
    for line in lines:
        verdict = "+" if line in kept else reasons.get(line, "(cut)")[:28]
        print(f"{verdict:<29}| {line[:150]}")
    p, r = page_pr(found_text := "\n\n".join(found.paragraphs), gold[key])
    print(f"\n--- gold ({key}; P {p:.3f} R {r:.3f}, {len(found_text)} chars kept) ---\n{gold[key]}")
    return 0
