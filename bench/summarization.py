"""Multi-outlet summarization on NeuS (AllSides roundups): ROUGE-1/2/L F1 of newsfuse's summary at the
reference's length, beside lead, LexRank and TextRank baselines run in the same process on the same sentences.

Each source line holds three outlets' title + lead; the reference is the editors' neutral summary (its
ARTICLE part). Every system gets the same word budget (the reference's length) and the same rule for
meeting it. `--split train` is where newsfuse's weights were fitted; the reported figures are on val.
"""
from __future__ import annotations

import argparse
import hashlib
import math
import re
import time

import numpy as np
from rouge_score import rouge_scorer

from bench.common import DATA, save
from newsfuse.compose import compose
from newsfuse.compose.similarity import split_sentences, tfidf_vectors, words
from newsfuse.compose.summary import fits_budget
from newsfuse.config import BriefSettings, Settings
from newsfuse.model import Article, Story

NEUS = DATA / "summarization" / "neus"
PART = re.compile(r"TITLE=>\s*(.*?)\s*ARTICLE=>\s*(.*)", re.S)
DAMPING = 0.85
METRICS = ("rouge1", "rouge2", "rougeL")


def parse(line: str) -> list[tuple[str, str]]:
    """(title, body) of each outlet in a NeuS source line."""
    out = []
    for chunk in line.split("[SEP]"):
        m = PART.search(chunk.strip())
        if m:
            out.append((m.group(1).strip(), m.group(2).strip()))
    return out


def reference(line: str) -> str:
    m = PART.search(line)
    return m.group(2).strip() if m else line.strip()


def make_story(i: int, docs: list[tuple[str, str]]) -> Story:
    arts = []
    for j, (title, body) in enumerate(docs):
        aid = "a-" + hashlib.sha1(f"neus{i}:{j}".encode()).hexdigest()[:10]
        arts.append(Article(id=aid, input=f"neus#{i}:{j}", outlet=f"outlet {j + 1}", title=title, text=body,
                            paragraphs=[body]))
    return Story(id=f"s-neus{i}", articles=arts)


def sentences_of(docs: list[tuple[str, str]]) -> list[list[str]]:
    return [[t for _, _, t in split_sentences(body)] for _, body in docs]


def by_budget(ranked: list[str], budget: int) -> list[str]:
    """Sentences in rank order while each brings the total closer to the word budget (the rule newsfuse uses)."""
    out, total = [], 0
    for s in ranked:
        n = len(words(s))
        if out and not fits_budget(total, n, budget):
            continue
        out.append(s)
        total += n
        if total >= budget:
            break
    return out


def lead(sents: list[list[str]], budget: int) -> list[str]:
    """Lead sentences of the outlets in turn (first of each, then second of each, ...) up to the budget."""
    order = [s[k] for k in range(max(map(len, sents), default=0)) for s in sents if k < len(s)]
    return by_budget(order, budget)


def lead3(sents: list[list[str]]) -> list[str]:
    """The classic lead-3: the first three sentences of the first outlet."""
    return next((s[:3] for s in sents if s), [])


def pagerank(w: np.ndarray) -> np.ndarray:
    """Stationary scores of the row-normalised similarity graph with damping (power iteration)."""
    n = len(w)
    rows = w.sum(axis=1, keepdims=True)
    m = np.where(rows > 0, w / np.where(rows == 0, 1, rows), 1.0 / n)
    p = np.full(n, 1.0 / n)
    for _ in range(100):
        nxt = (1 - DAMPING) / n + DAMPING * m.T @ p
        if np.abs(nxt - p).sum() < 1e-8:
            return nxt
        p = nxt
    return p


def _ranked(flat: list[str], scores: np.ndarray) -> list[str]:
    return [flat[i] for i in sorted(range(len(flat)), key=lambda i: (-scores[i], i))]


def lexrank(sents: list[list[str]], budget: int) -> list[str]:
    """Continuous LexRank (Erkan & Radev 2004): PageRank over TF-IDF cosine between sentences."""
    flat = [s for doc in sents for s in doc]
    if not flat:
        return []
    v = tfidf_vectors(flat)
    w = v @ v.T
    np.fill_diagonal(w, 0)
    return by_budget(_ranked(flat, pagerank(w)), budget)


def textrank(sents: list[list[str]], budget: int) -> list[str]:
    """TextRank (Mihalcea & Tarau 2004): PageRank over word overlap normalised by log sentence lengths."""
    flat = [s for doc in sents for s in doc]
    if not flat:
        return []
    toks = [set(w.lower() for w in words(s)) for s in flat]
    n = len(flat)
    w = np.zeros((n, n))
    for i in range(n):
        for j in range(i + 1, n):
            denom = math.log(len(toks[i]) + 1) + math.log(len(toks[j]) + 1)
            w[i, j] = w[j, i] = len(toks[i] & toks[j]) / denom if denom else 0.0
    return by_budget(_ranked(flat, pagerank(w)), budget)


def _stages():
    """analyze.annotate_all and corroborate.corroborate when those stages are installed, else None."""
    try:
        from newsfuse.analyze import annotate_all
        from newsfuse.corroborate import corroborate
    except ImportError:
        return None
    return annotate_all, corroborate


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench summarization", description=__doc__)
    ap.add_argument("--split", default="val", choices=["val", "train"])
    ap.add_argument("--limit", type=int, default=0, help="first N stories only (default: all)")
    ap.add_argument("--stages", default="auto", choices=["auto", "full", "brief"],
                    help="full: analyze + corroborate before the summary; brief: summary on the raw articles")
    ap.add_argument("--no-embeddings", action="store_true", help="corroborate and check without MiniLM (lexical only)")
    ap.add_argument("--brief-embeddings", action="store_true", help="MiniLM similarity in the summary (default TF-IDF)")
    ap.add_argument("--no-check", action="store_true", help="skip checking summary sentences against the sources")
    args = ap.parse_args(argv)

    src = (NEUS / f"{args.split}.source").read_text(encoding="utf-8").splitlines()
    tgt = (NEUS / f"{args.split}.target").read_text(encoding="utf-8").splitlines()
    if args.limit:
        src, tgt = src[: args.limit], tgt[: args.limit]
    stages = _stages() if args.stages in ("auto", "full") else None
    if args.stages == "full" and stages is None:
        raise SystemExit("analyze/corroborate are not available: use --stages brief")
    settings = Settings()
    settings.brief.embeddings = args.brief_embeddings
    settings.corroborate.embeddings = not args.no_embeddings
    check = None
    if not args.no_check:
        try:
            from newsfuse.corroborate import check
        except ImportError:
            check = None

    scorer = rouge_scorer.RougeScorer(list(METRICS), use_stemmer=True)
    systems = ("newsfuse", "lead", "lead-3", "lexrank", "textrank")
    scores = {s: {m: [] for m in METRICS} for s in systems}
    secs = {s: 0.0 for s in systems}
    stage_secs = 0.0
    checked = supported = 0
    for i, (line, target) in enumerate(zip(src, tgt)):
        docs = parse(line)
        ref = reference(target)
        budget = len(words(ref))
        sents = sentences_of(docs)
        t = time.perf_counter()
        story = make_story(i, docs)
        if stages is not None:
            stages[0]([story], settings.analyze)
            stages[1](story, settings.corroborate)
        stage_secs += time.perf_counter() - t
        t = time.perf_counter()
        compose(story, BriefSettings(words=budget, embeddings=settings.brief.embeddings))
        secs["newsfuse"] += time.perf_counter() - t
        outputs = {"newsfuse": [s.text for s in story.summary]}
        for name, fn in (("lead", lambda: lead(sents, budget)), ("lead-3", lambda: lead3(sents)),
                         ("lexrank", lambda: lexrank(sents, budget)), ("textrank", lambda: textrank(sents, budget))):
            t = time.perf_counter()
            outputs[name] = fn()
            secs[name] += time.perf_counter() - t
        for name, out in outputs.items():
            r = scorer.score(ref, " ".join(out))
            for m in METRICS:
                scores[name][m].append(r[m].fmeasure)
        if check is not None and story.summary:
            sources = [a.text for a in story.articles]
            for s in story.summary:
                results = check(sources, s.text, embed=not args.no_embeddings)
                checked += 1
                supported += all(r.supported for r in results)
    n = len(src)
    table = {s: {m: round(100 * float(np.mean(scores[s][m])), 2) for m in METRICS} for s in systems}
    print(f"NeuS {args.split}: {n} stories, 3 outlets each; ROUGE F1 x100 at the reference's length (stemmer on)")
    print(f"{'system':10} {'R-1':>7} {'R-2':>7} {'R-L':>7} {'ms/story':>9}")
    for s in systems:
        print(f"{s:10} {table[s]['rouge1']:7.2f} {table[s]['rouge2']:7.2f} {table[s]['rougeL']:7.2f} {1000 * secs[s] / max(n, 1):9.1f}")
    if stages is not None:
        print(f"(analyze + corroborate before newsfuse's summary: {1000 * stage_secs / max(n, 1):.1f} ms/story)")
    baselines = [s for s in systems if s != "newsfuse"]
    beats = {m: all(table["newsfuse"][m] > table[b][m] for b in baselines) for m in METRICS}
    share = round(100 * supported / checked, 1) if checked else None
    if share is not None:
        print(f"summary sentences passing check: {supported}/{checked} ({share}%)")
    print("above every baseline: " + ", ".join(f"{m} {'yes' if ok else 'NO'}" for m, ok in beats.items()))
    save("summarization" if not args.limit else f"summarization_limit{args.limit}", {  # partial runs beside, not over
        "split": args.split, "stories": n, "stages": "full" if stages else "brief",
        "corroborate_embeddings": not args.no_embeddings, "brief_embeddings": args.brief_embeddings,
        "rouge_f1_x100": table,
        "ms_per_story": {s: round(1000 * secs[s] / max(n, 1), 2) for s in systems},
        "stage_ms_per_story": round(1000 * stage_secs / max(n, 1), 2) if stages else None,
        "check_supported_pct": share, "above_every_baseline": beats,
    })
    return 0
