"""Article extraction from HTML on the ScrapingHub AEB pages: newsfuse (default fast path, and trafilatura for
every page) vs plain trafilatura and resiliparse, same run.

Metric (../shared/README.md): F1 over 4-token shingles of \\w+ tokens; per-page P and R averaged over
pages; F1 from the mean P and mean R. Speed in pages/s on the full clean_document path (decode, extract,
clean, language) with 1 process and with --workers processes.

    python -m bench extraction_html [--worst N] [--workers N]
"""
from __future__ import annotations

import argparse
import gzip
import json
import os
import re
import time
from collections import Counter
from multiprocessing import get_context

from bench.common import DATA, save

AEB = DATA / "extraction" / "aeb"
TOKEN = re.compile(r"\w+", re.U)


def shingles(text: str, n: int = 4) -> Counter:
    """Counts of n-token shingles of \\w+ tokens (a shorter text is one shingle)."""
    toks = TOKEN.findall(text or "")
    if 0 < len(toks) < n:
        return Counter([tuple(toks)])
    return Counter(tuple(toks[i:i + n]) for i in range(len(toks) - n + 1))


def page_pr(pred: str, true: str) -> tuple[float, float]:
    """Precision and recall of one page's extraction against its gold body."""
    p, t = shingles(pred), shingles(true)
    tp = sum(min(c, t[k]) for k, c in p.items())
    precision = tp / sum(p.values()) if p else (1.0 if not t else 0.0)
    recall = tp / sum(t.values()) if t else 1.0
    return precision, recall


def summarize(prs: list[tuple[float, float]]) -> dict:
    """Mean P, mean R and the F1 of those means."""
    p = sum(x for x, _ in prs) / len(prs)
    r = sum(y for _, y in prs) / len(prs)
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(2 * p * r / (p + r) if p + r else 0.0, 4)}


def load_pages() -> tuple[dict[str, bytes], dict[str, str]]:
    """Raw page bytes and gold article bodies, by page id."""
    gold = json.loads((AEB / "ground-truth.json").read_text(encoding="utf-8"))
    pages = {k: gzip.decompress((AEB / "html" / f"{k}.html.gz").read_bytes()) for k in sorted(gold)}
    return pages, {k: v.get("articleBody") or "" for k, v in gold.items()}


def newsfuse_text(item: tuple[str, bytes], extractor: str = "fast") -> str:
    """newsfuse's article body for one page (empty when it reports no article)."""
    from newsfuse.clean import clean_document
    from newsfuse.config import CleanSettings
    from newsfuse.errors import InputProblem
    from newsfuse.ingest.decode import decode_bytes
    from newsfuse.model import RawDocument

    key, data = item
    try:
        raw = RawDocument(input=key, kind="html", text=decode_bytes(data, html=True))
        return clean_document(raw, CleanSettings(html_extractor=extractor)).text
    except InputProblem:
        return ""


def newsfuse_trafilatura_text(item: tuple[str, bytes]) -> str:
    """newsfuse's article body with clean.html_extractor = "trafilatura" (trafilatura for every page)."""
    return newsfuse_text(item, "trafilatura")


def trafilatura_text(item: tuple[str, bytes]) -> str:
    import trafilatura

    return trafilatura.extract(item[1]) or ""


def resiliparse_text(item: tuple[str, bytes]) -> str:
    """resiliparse's main-content text (lexbor; the options that score best here)."""
    from resiliparse.extract.html2text import extract_plain_text
    from resiliparse.parse.encoding import bytes_to_str, detect_encoding

    return extract_plain_text(bytes_to_str(item[1], detect_encoding(item[1])), main_content=True, alt_texts=False, links=False,
                              list_bullets=False, noscript=False, form_fields=False)


PASSES = 3  # times the pages go through the worker pool when timing 2 processes


def timed(fn, items: list[tuple[str, bytes]], workers: int = 1) -> tuple[list[str], float, float]:
    """Outputs in order, pages per second (wall clock) and pages per CPU-second of this process (1 worker only).

    The CPU figure does not depend on what else runs on the machine: on N idle cores a CPU-bound run does at
    most N times it.
    """
    if workers > 1:
        # steady-state throughput of running workers (what a large pile sees): the pool is started and warmed
        # before the clock starts, and the pages pass PASSES times so that 181 pages are not all ramp-up
        with get_context("fork").Pool(workers) as pool:
            pool.map(fn, items[:workers], chunksize=1)
            t0 = time.perf_counter()
            out = pool.map(fn, items * PASSES, chunksize=4)[: len(items)]
            return out, PASSES * len(items) / (time.perf_counter() - t0), 0.0
    t0, c0 = time.perf_counter(), time.process_time()
    out = [fn(it) for it in items]
    return out, len(items) / (time.perf_counter() - t0), len(items) / (time.process_time() - c0)


def pile_speed(items: list[tuple[str, bytes]], processes: int) -> float:
    """Pages per second (wall) of `clean.clean_all` on the pages passed PASSES times, as the CLI cleans a pile:
    bytes decoded, cleaned in `processes` processes (clean.processes), articles collected in order."""
    from newsfuse.clean import clean_all
    from newsfuse.config import CleanSettings
    from newsfuse.model import RawDocument

    raws = [RawDocument(input=f"{k}#{n}", kind="html", content=data) for n in range(PASSES) for k, data in items]
    t0 = time.perf_counter()
    articles, errors = clean_all(raws, CleanSettings(processes=processes))
    secs = time.perf_counter() - t0
    assert len(articles) + len(errors) == len(raws)
    return len(raws) / secs


SYSTEMS = {  # name: (function, also timed with workers)
    "trafilatura.extract (default)": (trafilatura_text, False),
    "resiliparse main_content": (resiliparse_text, False),
    "newsfuse (default: fast)": (newsfuse_text, True),
    "newsfuse (html_extractor=trafilatura)": (newsfuse_trafilatura_text, True),
}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="bench extraction_html")
    ap.add_argument("--worst", type=int, default=0, help="list the N pages where newsfuse (default) scores worst")
    ap.add_argument("--workers", type=int, default=2)
    args = ap.parse_args(argv or [])
    pages, gold = load_pages()
    items = list(pages.items())
    for fn, _ in SYSTEMS.values():
        fn(items[0])  # warm up imports and the language model outside the timing
    rows: dict[str, dict] = {}
    prs_by: dict[str, list] = {}
    for name, (fn, parallel) in SYSTEMS.items():
        out, speed, cpu_speed = timed(fn, items)
        prs_by[name] = [page_pr(o, gold[k]) for (k, _), o in zip(items, out)]
        rows[name] = {**summarize(prs_by[name]), "pages_per_s": round(speed, 1), "pages_per_cpu_s": round(cpu_speed, 1)}
        if parallel:
            rows[name][f"pages_per_s_{args.workers}_workers"] = round(timed(fn, items, workers=args.workers)[1], 1)
    print(f"AEB article extraction, {len(items)} pages (F1 over 4-token shingles; target F1 >= 0.970 and >= 500 pages/s on 2 cores)")
    print(f"{'system':<40}{'F1':>7}{'P':>8}{'R':>8}{'pages/s':>10}{f'{args.workers} procs':>10}{'pages/CPU-s':>13}")
    for name, r in rows.items():
        par = r.get(f"pages_per_s_{args.workers}_workers")
        print(f"{name:<40}{r['f1']:>7.4f}{r['precision']:>8.4f}{r['recall']:>8.4f}{r['pages_per_s']:>10.1f}{par if par else '':>10}"
              f"{r['pages_per_cpu_s']:>13.1f}")
    pile = {f"{n}_processes": round(pile_speed(items, n), 1) for n in (1, args.workers)}
    print(f"clean_all on the pile passed {PASSES} times (the CLI's path, pool start included): "
          + ", ".join(f"{v:.0f} pages/s with {k.split('_')[0]} process{'es' if k[0] != '1' else ''}" for k, v in pile.items()))
    print(f"load average while measuring: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores (wall-clock pages/s fall when others run)")
    if args.worst:
        ranked = sorted(zip(items, prs_by["newsfuse (default: fast)"]), key=lambda x: 2 * x[1][0] * x[1][1] / (sum(x[1]) or 1))
        for (k, _), (p, r) in ranked[: args.worst]:
            print(f"  {k[:12]}  P {p:.3f}  R {r:.3f}")
    path = save("extraction_html", {
        "pages": len(items),
        "workers": args.workers,
        "load_average": round(os.getloadavg()[0], 2),
        "systems": rows,
        "clean_all_pages_per_s": pile,
        "newsfuse": rows["newsfuse (default: fast)"],  # the keys earlier runs wrote
        "trafilatura": rows["trafilatura.extract (default)"],
        "target": {"f1": 0.970, "pages_per_s": 500},
    })
    print(f"figures written to {path}")
    return 0
