"""Copy detection: precision/recall of `copy_of` on perturbed real articles mixed with distinct
articles of the same topics, beside a MinHash-LSH (rensa, Jaccard >= 0.8) baseline in the same run.

Originals and distinct articles are ECB+ documents (several outlets' own reports of each event).
Documents that already share text with an earlier pool document (full 3-shingle containment >= 0.3,
i.e. wire copies present in the corpus itself) are left out of the pool so the gold stays true.
Each chosen original gets one copy made by one perturbation kind (kinds taken in turn). Hard
negatives, which must NOT be marked copies: another outlet's own report of the same topic (from outside
the pool, sharing little text with it) into which one paragraph of a pool article was pasted — a quoted
statement or a shared fact paragraph, as happens between independent reports.
"""
from __future__ import annotations

import argparse
import random
import time
from collections import Counter, defaultdict

from bench.clustering import load_ecbplus
from bench.common import save
from newsfuse.config import StoriesSettings
from newsfuse.model import Article
from newsfuse.stories import group
from newsfuse.stories.features import tokens

SEED = 13
POOL_OVERLAP = 0.3
KINDS = ("exact", "add_paragraph", "drop_paragraph", "reword", "new_headline", "boilerplate", "truncate", "combined")
# A small thesaurus of newsroom words for light rewording (our own list).
SYNONYMS = {
    "said": "stated", "says": "states", "told": "informed", "killed": "slain", "died": "perished",
    "police": "officers", "people": "persons", "officials": "authorities", "announced": "revealed",
    "arrested": "detained", "began": "started", "big": "large", "large": "sizable", "small": "minor",
    "help": "assist", "helped": "assisted", "show": "indicate", "shows": "indicates", "after": "following",
    "before": "prior to", "about": "roughly", "more than": "over", "near": "close to", "buy": "purchase",
    "bought": "purchased", "attack": "assault", "building": "structure", "company": "firm",
    "car": "vehicle", "quickly": "rapidly", "also": "additionally", "however": "yet", "home": "house",
    "injured": "hurt", "hospital": "medical center", "reported": "noted", "according to": "per",
    "children": "kids", "called": "described as", "city": "town", "top": "leading", "major": "key",
}
BOILER_TOP = ["Advertisement", "Share this article: Facebook | Twitter | Email"]
BOILER_END = ["Sign up for our daily newsletter to get the top stories in your inbox.",
              "Copyright 2024 Example Media Group. All rights reserved. This material may not be republished."]


def _shingles(text: str) -> set[tuple[str, ...]]:
    w = [t.lower() for t in tokens(text)]
    return {tuple(w[i : i + 3]) for i in range(max(0, len(w) - 2))}


def build_pool(arts: list[Article]) -> list[Article]:
    """ECB+ documents long enough to copy and sharing no substantial text with an earlier pool document."""
    pool, seen = [], []
    for a in arts:
        paras = [p for p in a.text.split("\n") if p.strip()]
        if len(paras) < 5 or len(a.text.split()) < 120:
            continue
        sh = _shingles(a.text)
        if any(len(sh & o) / max(1, min(len(sh), len(o))) >= POOL_OVERLAP for o in seen):
            continue
        pool.append(a)
        seen.append(sh)
    return pool


def _reword(text: str, rng: random.Random) -> str:
    out = text
    for word, syn in SYNONYMS.items():
        if rng.random() < 0.8:
            out = out.replace(f" {word} ", f" {syn} ")
    return out


def perturb(kind: str, original: Article, other: Article, rng: random.Random) -> str:
    """The text of a copy of `original` made by one kind of edit (`other`: a same-topic text to borrow from)."""
    paras = [p for p in original.text.split("\n") if p.strip()]
    extra = [p for p in other.text.split("\n") if p.strip()][-2:]
    if kind == "exact":
        return original.text
    if kind == "add_paragraph":
        at = rng.randrange(1, len(paras))
        return "\n".join(paras[:at] + extra + paras[at:])
    if kind == "drop_paragraph":
        drop = set(rng.sample(range(1, len(paras)), max(1, len(paras) // 4)))
        return "\n".join(p for i, p in enumerate(paras) if i not in drop)
    if kind == "reword":
        return _reword(original.text, rng)
    if kind == "new_headline":
        head = "UPDATE: " + " ".join(paras[1].split()[:9]).rstrip(",.") + " - report"
        return "\n".join([head] + paras)
    if kind == "boilerplate":
        return "\n".join(BOILER_TOP + paras + BOILER_END)
    if kind == "truncate":
        return "\n".join(paras[: max(2, int(len(paras) * 0.6))])
    # combined: a rewrite desk's version: new headline, reworded, a paragraph added, one dropped
    body = paras[:-1] if len(paras) > 5 else paras
    head = "Breaking: " + " ".join(paras[0].split()[:8])
    return _reword("\n".join([head] + body + extra[:1]), rng)


def _overlap(a: set, b: set) -> float:
    return len(a & b) / max(1, len(a))


def build_set(n_originals: int, n_negatives: int = 80) -> tuple[list[Article], dict[str, str], dict[str, str]]:
    """Articles in time order, gold copy -> original, and copy (or hard negative) -> kind."""
    rng = random.Random(SEED)
    everything = load_ecbplus()[0]
    pool = build_pool(everything)
    in_pool = {a.id for a in pool}
    # added paragraphs come from same-topic documents outside the set, so no set article is borrowed from
    by_topic = defaultdict(list)
    for a in everything:
        if a.id not in in_pool and len([p for p in a.text.split("\n") if p.strip()]) >= 2:
            by_topic[a.input.split("_")[0]].append(a)
    spare = [a for docs in by_topic.values() for a in docs]
    pooled = set().union(*(_shingles(a.text) for a in pool))
    own, seen = [], []
    for a in spare:  # own reports: sharing little with the pool or with each other
        sh = _shingles(a.text)
        if len(a.text.split("\n")) >= 4 and _overlap(sh, pooled) < POOL_OVERLAP and all(
            _overlap(sh, o) < POOL_OVERLAP for o in seen
        ):
            own.append(a)
            seen.append(sh)
    originals = rng.sample(pool, min(n_originals, len(pool)))
    base = 19_700.0  # days since epoch (2023-12-09): every article gets a distinct time
    timed: list[tuple[float, Article]] = []
    for i, a in enumerate(pool):
        timed.append((base + i * 0.05, a.model_copy(update={"published": None})))
    gold, kinds = {}, {}
    for j, orig in enumerate(originals):
        kind = KINDS[j % len(KINDS)]
        mates = by_topic.get(orig.input.split("_")[0]) or spare
        text = perturb(kind, orig, rng.choice(mates), rng)
        cid = f"a-copy{j:06d}"
        t = base + pool.index(orig) * 0.05 + rng.uniform(0.01, 2.0)
        timed.append((t, Article(id=cid, input=f"copy-of-{orig.input}", text=text)))
        gold[cid], kinds[cid] = orig.id, kind
    for j, other in enumerate(own[:n_negatives]):
        mates = [a for a in pool if a.input.split("_")[0] == other.input.split("_")[0]] or pool
        src = rng.choice(mates)
        borrowed = max((p for p in src.text.split("\n") if p.strip()), key=len)
        paras = [p for p in other.text.split("\n") if p.strip()]
        at = len(paras) // 2
        nid = f"a-neg{j:07d}"
        t = base + pool.index(src) * 0.05 + rng.uniform(0.01, 2.0)
        timed.append((t, Article(id=nid, input=f"own-report-{other.input}", text="\n".join(paras[:at] + [borrowed] + paras[at:]))))
        kinds[nid] = "hard_negative"
    timed.sort(key=lambda x: x[0])
    arts = []
    for t, a in timed:
        a.published = time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(t * 86400))
        arts.append(a)
    return arts, gold, kinds


def score(pred: dict[str, str | None], gold: dict[str, str], kinds: dict[str, str]) -> dict:
    """Precision/recall of copy_of (a copy pointing at its original), and recall per perturbation kind."""
    predicted = {a: c for a, c in pred.items() if c}
    correct = {a for a, c in predicted.items() if gold.get(a) == c}
    p = len(correct) / len(predicted) if predicted else 1.0
    r = len(correct) / len(gold) if gold else 1.0
    per_kind = Counter(kinds[a] for a in correct)
    totals = Counter(k for a, k in kinds.items() if a in gold)
    negatives = [a for a, k in kinds.items() if k == "hard_negative"]
    return {"precision": round(p, 4), "recall": round(r, 4), "predicted": len(predicted),
            "false_positives": len(predicted) - len(correct),
            "hard_negatives_marked": sum(1 for a in negatives if pred.get(a)), "hard_negatives": len(negatives),
            "recall_by_kind": {k: round(per_kind[k] / totals[k], 3) for k in KINDS if totals[k]}}


def run_baseline(arts: list[Article]) -> dict[str, str | None]:
    """MinHash LSH (128 permutations, Jaccard >= 0.8, 3-word shingles): copy_of = earliest earlier match."""
    import rensa

    lsh = rensa.RMinHashLSH(0.8, 128, 16)
    out, order = {}, []
    for i, a in enumerate(arts):
        w = [t.lower() for t in tokens(a.text)]
        m = rensa.RMinHash(128, 42)
        m.update([" ".join(w[k : k + 3]) for k in range(max(1, len(w) - 2))])
        hits = [h for h in lsh.query(m) if m.jaccard(_sig[h]) >= 0.8] if i else []
        out[a.id] = order[min(hits)] if hits else None
        lsh.insert(i, m)
        _sig[i] = m
        order.append(a.id)
    return out


_sig: dict = {}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench copies", description=__doc__)
    ap.add_argument("--originals", type=int, default=240, help="how many pool articles get a copy")
    args = ap.parse_args(argv or [])
    arts, gold, kinds = build_set(args.originals)
    settings = StoriesSettings()
    fresh = [a.model_copy() for a in arts]
    t0 = time.process_time()
    group(fresh, settings)
    secs = time.process_time() - t0
    ours = score({a.id: a.copy_of for a in fresh}, gold, kinds)
    _sig.clear()
    t0 = time.process_time()
    base = score(run_baseline(arts), gold, kinds)
    base_secs = time.process_time() - t0
    n_distinct = len(arts) - len(gold) - sum(1 for k in kinds.values() if k == "hard_negative")
    n_neg = sum(1 for k in kinds.values() if k == "hard_negative")
    print(f"copies: {len(arts)} articles = {len(gold)} perturbed copies + {n_distinct} distinct ECB+ reports"
          f" + {n_neg} own reports with one pasted paragraph (hard negatives)")
    for name, s, sec in (("newsfuse", ours, secs), ("baseline", base, base_secs)):
        print(f"  {name:9s}: P {s['precision']:.3f} R {s['recall']:.3f} (false positives {s['false_positives']},"
              f" of them hard negatives {s['hard_negatives_marked']}/{s['hard_negatives']})"
              f"  {len(arts) / sec:,.0f} articles/CPU-s")
        print("             recall by kind: " + ", ".join(f"{k} {v:.2f}" for k, v in s["recall_by_kind"].items()))
    print("  (newsfuse includes story clustering in its time; baseline: MinHash LSH Jaccard >= 0.8, rensa)")
    figures = {"articles": len(arts), "copies": len(gold), "distinct": n_distinct,
               "containment_threshold": settings.containment_threshold, "rewrite_threshold": settings.rewrite_threshold,
               "newsfuse": {**ours, "articles_per_s": round(len(arts) / secs)},
               "baseline": {**base, "articles_per_s": round(len(arts) / base_secs)}}
    print(f"results: {save('copies', figures)}")
    return 0
