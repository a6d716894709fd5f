"""Planted disagreements in real articles: does the ledger find them, and only them?

Natural disagreements (`natural`): the hand-labelled cross-outlet pairs of bench/gold/alignment.jsonl.

Planted: stories are built from ECB+ and MMDS articles (../shared/data/clustering): article A as published, B a
second report of it with one planted change (a count, an amount of money, a year, a name, or a quote's
wording) plus harmless edits (rounding with "about", rewording, spelling variants), and C a third report
with harmless edits only. Negative stories hold A and two harmlessly edited reports. Every discrepancy that
is not the planted one is a false alarm. Baseline in the same run: a naive differ that reports every
aligned sentence pair whose numbers or capitalised names differ.
"""
from __future__ import annotations

import json
import random
import re
import time
from collections import Counter, defaultdict

from bench.common import DATA, save
from newsfuse.config import AnalyzeSettings, CorroborateSettings
from newsfuse.corroborate import corroborate
from newsfuse.corroborate.text import split_sentences
from newsfuse.model import Article, Story

PUBLISHED = "2012-06-01"
KINDS = {"count": ("count",), "money": ("money",), "year": ("date", "duration"), "name": ("entity",), "quote": ("quote",)}
PER_KIND = 30
NEGATIVES = 40

NUMWORDS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
            "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20}
COUNT = re.compile(r"(?<![-:.,/$&] )(?<![-:.,/$&])(?<![A-Z&] )\b(\d{1,3}|" + "|".join(NUMWORDS) + r")\s+"
                   r"(?!(?:years|months|weeks|days|hours|minutes|seconds|decades|times|this|was|has|is)\b)([a-z]{3,}s)\b")
QUALIFIED = re.compile(r"\b(?:about|around|approximately|nearly|almost|some|more than|over|less than|under|up to|"
                       r"at least|at most|roughly|fewer than|an estimated)\s+\$?$", re.I)
MONEY = re.compile(r"\$(\d+(?:\.\d+)?)\s?(million|billion)")
YEAR_IN = re.compile(r"\b(in|since) (19[5-9]\d|20[01]\d)\b")
NAME = re.compile(r"(?<=[a-z,] )([A-Z][a-z]{2,} [A-Z][a-z]{2,})(?=[ ,.])(?! [A-Z])")
QUOTE = re.compile(r"\"([^\"]{30,200})\"")
DECIMAL = re.compile(r"\b(\d+\.\d{2,})\b")
REWORDS = [(" said ", " stated "), (" told ", " informed "), (" according to ", " citing "), (" about ", " around "),
           (" also ", " additionally "), (" but ", " yet "), (" big ", " large "), (" help ", " assist ")]
SPELLING = [("ize", "ise"), ("center", "centre"), ("defense", "defence"), ("color", "colour")]
FAKE_NAMES = ["Orla Vennick", "Tomas Brekkeland", "Ilse Marrowby", "Dario Quintell", "Fenna Oskarsson",
              "Bruno Haldane", "Keira Lindqvist", "Otto Raskell"]


def load_articles() -> list[tuple[str, str]]:
    """(id, text) of ECB+ and MMDS articles long enough to hold several facts."""
    out = []
    with (DATA / "clustering" / "ecbplus.jsonl").open(encoding="utf-8") as f:
        for line in f:
            row = json.loads(line)
            out.append((row["id"], " ".join(row["sentences"])))
    mmds = json.loads((DATA / "clustering" / "mmds-dev.json").read_text(encoding="utf-8"))
    for a in mmds["articles"]:
        sents = a.get("sentences") or []
        text = " ".join(x["content"] if isinstance(x, dict) else str(x) for x in sents)
        out.append((f"mmds-{a['ID']}", text))
    return [(i, t) for i, t in out if 400 <= len(t) <= 6000 and t.isascii()]


def harmless(text: str, rng: random.Random, skip: str = "") -> str:
    """Rewordings, spelling variants and roundings that change no fact (the planted sentence is left alone)."""
    out = []
    for s in split_sentences(text):
        if s == skip:
            out.append(s)
            continue
        for a, b in REWORDS + SPELLING:
            if a in s and rng.random() < 0.5:
                s = _outside_quotes(s, a, b)
        m = DECIMAL.search(s)
        if m and rng.random() < 0.7 and not s[max(0, m.start() - 1):m.start()].isalnum():
            s = s[:m.start()] + "about " + f"{float(m.group(1)):.1f}" + s[m.end():]
        out.append(s)
    return " ".join(out)


def _outside_quotes(s: str, a: str, b: str) -> str:
    """s with the first a outside quotation marks replaced by b (quoted words are never reworded)."""
    parts = re.split(r"(\"[^\"]*\"|“[^”]*”)", s)
    for i, part in enumerate(parts):
        if i % 2 == 0 and a in part:
            parts[i] = part.replace(a, b, 1)
            break
    return "".join(parts)


def _first(rx: re.Pattern, sents: list[str], rng: random.Random):
    """A random sentence holding a match of rx (and the match), or None."""
    hits = [(s, m) for s in sents for m in [rx.search(s)] if m]
    return rng.choice(hits) if hits else None


def plant(kind: str, text: str, rng: random.Random):
    """(changed sentence, new sentence, new value) for one planted change of this kind, or None."""
    sents = split_sentences(text)
    hit = _first({"count": COUNT, "money": MONEY, "year": YEAR_IN, "name": NAME, "quote": QUOTE}[kind], sents, rng)
    if not hit:
        return None
    s, m = hit
    if kind in ("count", "money") and QUALIFIED.search(s[:m.start()]):
        return None  # "about 15", "up to $10 million": a changed approximate value may still agree
    if kind == "count":
        raw = m.group(1)
        n = int(raw) if raw.isdigit() else NUMWORDS[raw]
        if n < 2 or 1900 <= n <= 2100:
            return None
        new = str(2 * n + 3)
        a, b = m.span(1)
    elif kind == "money":
        v = float(m.group(1))
        new = f"{v * 1.6 + 1:.1f}"
        a, b = m.span(1)
    elif kind == "year":
        new = str(int(m.group(2)) - 3)
        a, b = m.span(2)
    elif kind == "name":
        if text.count(m.group(1)) != 1 or text.count(m.group(1).split()[-1]) != 1:
            return None  # the name is used again elsewhere: changing one mention is a typo, not a swap
        new = FAKE_NAMES[rng.randrange(len(FAKE_NAMES))]
        a, b = m.span(1)
    else:
        words = list(re.finditer(r"\b[a-z]{5,}\b", m.group(1)))
        if len(words) < 3:
            return None
        w = words[len(words) // 2]
        new = {"would": "could"}.get(w.group(0), "never" if w.group(0) != "never" else "always")
        a, b = m.start(1) + w.start(), m.start(1) + w.end()
    return s, s[:a] + new + s[b:], new


def make_stories(rng: random.Random) -> list[tuple[Story, str | None, str | None]]:
    """(story, planted kind or None, planted value) — positives per kind, then negatives."""
    arts = load_articles()
    rng.shuffle(arts)
    out, used = [], set()
    for kind in KINDS:
        n = 0
        for aid, text in arts:
            if n >= PER_KIND:
                break
            if aid in used:
                continue
            p = plant(kind, text, rng)
            if not p:
                continue
            old, new_sent, new = p
            b = harmless(text, rng, skip=old).replace(old, new_sent, 1)
            c = harmless(text, rng, skip=old)
            out.append((_story(aid, text, b, c), kind, new))
            used.add(aid)
            n += 1
    for aid, text in arts:
        if sum(1 for _, k, _ in out if k is None) >= NEGATIVES:
            break
        if aid not in used:
            out.append((_story(aid, text, harmless(text, rng), harmless(text, rng)), None, None))
    return out


def _story(aid: str, a: str, b: str, c: str) -> Story:
    arts = [Article(id=f"{aid}-{x}", input=f"{aid}-{x}", outlet=f"Outlet {x}", published=PUBLISHED, text=t)
            for x, t in (("A", a), ("B", b), ("C", c))]
    return Story(id=f"s-{aid}", articles=arts)


def naive(story: Story) -> list[tuple[str, str]]:
    """Baseline: every A/B sentence pair with ≥ 60% shared words whose numbers or names differ."""
    out = []
    sa = split_sentences(story.articles[0].text)
    for other in story.articles[1:]:
        for s in split_sentences(other.text):
            ws = set(s.lower().split())
            for t in sa:
                wt = set(t.lower().split())
                if len(ws & wt) / max(1, len(ws | wt)) < 0.6 or s == t:
                    continue
                nums = (set(re.findall(r"\d+(?:\.\d+)?", s)), set(re.findall(r"\d+(?:\.\d+)?", t)))
                caps = (set(re.findall(r"\b[A-Z][a-z]+\b", s)), set(re.findall(r"\b[A-Z][a-z]+\b", t)))
                if nums[0] != nums[1] or caps[0] != caps[1]:
                    out.append((other.id, s))
    return out


def natural(analyze: bool) -> dict:
    """Natural disagreements: the hand-labelled cross-outlet pairs of bench/gold/alignment.jsonl, each a
    two-outlet story. A "value" pair (one slot, values that cannot both hold) is a disagreement to find; a
    reported disagreement on a "same" or "different" pair is a false alarm. Per split, held-out never tuned on."""
    from bench.alignment import load, tiny_story

    rows = load()
    stories = [tiny_story(r) for r in rows]
    if analyze:
        from newsfuse.analyze import annotate_all

        annotate_all(stories, AnalyzeSettings(), progress=None)
    settings = CorroborateSettings()
    found = []
    for story in stories:
        corroborate(story, settings)
        found.append(any(len({a for v in d.values for a in v.articles}) > 1 for d in story.discrepancies))
    out = {}
    for split in ("dev", "heldout"):
        sub = [(r["label"], f) for r, f in zip(rows, found) if r["split"] == split]
        tp = sum(f for lab, f in sub if lab == "value")
        fp = sum(f for lab, f in sub if lab != "value")
        n = sum(lab == "value" for lab, _ in sub)
        out[split] = {"value_pairs": n, "other_pairs": len(sub) - n, "found": tp, "false_alarms": fp,
                      "precision": round(tp / (tp + fp), 3) if tp + fp else None, "recall": round(tp / n, 3) if n else None}
    return out


def main(argv: list[str] | None = None) -> int:
    argv = argv or []
    # seed 7 is the set the rules were refined on; other seeds (--seed N) draw articles and changes afresh
    seed = int(argv[argv.index("--seed") + 1]) if "--seed" in argv else 7
    rng = random.Random(seed)
    stories = make_stories(rng)
    analyze = "--no-analyze" not in argv
    t_an = 0.0
    if analyze:
        try:
            from newsfuse.analyze import annotate_all
        except ImportError:
            analyze = False
        else:
            t0 = time.perf_counter()
            annotate_all([s for s, _, _ in stories], AnalyzeSettings(), progress=None)
            t_an = time.perf_counter() - t0
    settings = CorroborateSettings()
    tp, fp, planted, kind_ok = Counter(), Counter(), Counter(), Counter()
    base_tp, base_fp = Counter(), Counter()
    misses = defaultdict(list)
    t0 = time.perf_counter()
    for story, kind, new in stories:
        corroborate(story, settings)
    t_sys = time.perf_counter() - t0
    t0 = time.perf_counter()
    base = [naive(s) for s, _, _ in stories]
    t_base = time.perf_counter() - t0
    for (story, kind, new), bfound in zip(stories, base):
        b_id = story.articles[1].id
        if kind:
            planted[kind] += 1
        hit = False
        for d in story.discrepancies:
            # the planted change found: B's value is in the changed sentence (the kind may differ, e.g. a
            # changed number inside a quotation is reported as the quote's wording)
            ok = kind and any(b_id in v.articles and new in v.text for v in d.values)
            if ok and not hit:
                tp[kind] += 1
                kind_ok[kind] += d.kind in KINDS[kind]
                hit = True
            else:
                fp[d.kind] += 1
        if kind and not hit:
            misses[kind].append(story.id)
        bhit = False
        for art_id, s in bfound:
            if kind and not bhit and art_id == b_id and new in s:
                base_tp[kind] += 1
                bhit = True
            else:
                base_fp[kind or "none"] += 1
    n_tp, n_fp = sum(tp.values()), sum(fp.values())
    b_tp, b_fp = sum(base_tp.values()), sum(base_fp.values())
    figures = {
        "seed": seed, "stories": len(stories), "planted": dict(planted), "negatives": sum(1 for _, k, _ in stories if k is None),
        "analyze": analyze,
        "precision": round(n_tp / max(1, n_tp + n_fp), 3),
        "recall": round(n_tp / max(1, sum(planted.values())), 3),
        "recall_by_kind": {k: round(tp[k] / planted[k], 3) for k in planted},
        "false_alarms_by_kind": dict(fp),
        "kind_correct_by_kind": {k: round(kind_ok[k] / max(1, tp[k]), 3) for k in planted},
        "baseline_precision": round(b_tp / max(1, b_tp + b_fp), 3),
        "baseline_recall": round(b_tp / max(1, sum(planted.values())), 3),
        "corroborate_seconds": round(t_sys, 2), "analyze_seconds": round(t_an, 2), "baseline_seconds": round(t_base, 2),
        "misses": {k: v[:5] for k, v in misses.items()},
        "targets": {"precision": 0.95, "recall": 0.80},
    }
    print(f"planted disagreements (seed {seed}): {dict(planted)} + {figures['negatives']} harmless-only stories "
          f"(analyze: {analyze})")
    print(f"  ledger    precision {figures['precision']:.3f}  recall {figures['recall']:.3f}  by kind {figures['recall_by_kind']}")
    print(f"            false alarms by kind {dict(fp)}; kind right when found {figures['kind_correct_by_kind']}")
    print(f"  baseline  precision {figures['baseline_precision']:.3f}  recall {figures['baseline_recall']:.3f}  (naive differ)")
    print(f"  speed: corroborate {t_sys:.1f} s for {len(stories)} stories of 3 articles (analyze {t_an:.1f} s); baseline {t_base:.2f} s")
    print(f"  targets P >= 0.95: {'reached' if figures['precision'] >= 0.95 else 'missed'}, "
          f"R >= 0.80: {'reached' if figures['recall'] >= 0.80 else 'missed'}")
    if "--no-natural" not in argv:
        figures["natural"] = natural(analyze)
        for split, f in figures["natural"].items():
            print(f"  natural {split:8} {f['found']}/{f['value_pairs']} value pairs found, {f['false_alarms']} false alarms"
                  f" on {f['other_pairs']} same/different pairs: precision {f['precision']}  recall {f['recall']}")
    save("discrepancies" if seed == 7 else f"discrepancies_seed{seed}", figures)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
