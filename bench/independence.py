"""Independence: is each claim's support the number of its true origins, when a wire story reaches the pile as
several outlets' re-editions? Beside the article-lineage count (copies count once, nothing else) in the same run.

Built from ECB+ (public news, many outlets per event). For each ECB+ story one article is the wire story (outlet
"AFP", its dateline crediting it); it is re-edited the ways outlets re-edit wire copy, one way mixed per edition:
  - a new lead (the first sentence dropped, the second leads), paragraphs reordered, "(AFP)" closing it;
  - the credit stripped, a third of the paragraphs dropped, light rewording, an own paragraph added;
  - truncated to its first half, reworded, "(With inputs from agencies)";
  - a second version of the first edition's outlet (an update: one sentence changed, one added).
The story's other ECB+ articles that share no 8-word run with the wire story or with each other are the
independent reports; into the first of them one wire sentence is pasted as "According to AFP, ..." (its origin is
the wire, not that outlet). Truth of a claim: the number of distinct true origins among its evidence sentences
(every edition is the wire; the pasted sentence is the wire; every other article is its own). Stories are split
by a hash of their id: one in three is held out (reported apart; nothing was tuned on it).

Reported: claims (with two or more evidence articles) whose support is exactly the truth, claims whose support is
raised by a re-edition (support above the truth), claims under-counted, for the system and the baseline.
"""
from __future__ import annotations

import argparse
import json
import random
import re
import time
import zlib
from collections import defaultdict

from bench.common import DATA, save
from bench.copies import SYNONYMS
from newsfuse import api
from newsfuse.corroborate import origins as origins_mod
from newsfuse.model import RawDocument

AGENCY = "AFP"
RUN = 8  # words in a row two "independent" reports may not share
OWN = "The newspaper's own correspondent could not independently confirm every detail of the account on the day."
DAY = "2015-03-02"


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", text.lower())


def _runs(text: str) -> set[tuple[str, ...]]:
    w = _words(text)
    return {tuple(w[i:i + RUN]) for i in range(len(w) - RUN + 1)}


def _reword(sentence: str, rng: random.Random) -> str:
    """Light newsroom rewording: up to two words swapped for a synonym."""
    out, swaps = sentence, 0
    for word, other in sorted(SYNONYMS.items()):
        if swaps < 2 and re.search(rf"\b{re.escape(word)}\b", out) and rng.random() < 0.5:
            out = re.sub(rf"\b{re.escape(word)}\b", other, out, count=1)
            swaps += 1
    return out


def _stories() -> dict[str, list[dict]]:
    rows = [json.loads(line) for line in open(DATA / "clustering" / "ecbplus.jsonl", encoding="utf-8")]
    by: dict[str, list[dict]] = defaultdict(list)
    for r in rows:
        by[r["story"]].append(r)
    return {k: sorted(v, key=lambda r: r["id"]) for k, v in sorted(by.items())}


def build(story: str, rows: list[dict]) -> tuple[list[RawDocument], dict[str, str], list[str]] | None:
    """The story's documents, each input's true origin, and the pasted attributed sentences."""
    rng = random.Random(zlib.crc32(story.encode()))
    wire = next((r for r in rows if len(r["sentences"]) >= 6), None)
    if wire is None:
        return None
    seen = _runs(" ".join(wire["sentences"]))
    independent = []
    for r in rows:
        if r is wire or len(r["sentences"]) < 3:
            continue
        runs = _runs(" ".join(r["sentences"]))
        if runs & seen:
            continue
        seen |= runs
        independent.append(r)
        if len(independent) == 4:
            break
    if not independent:
        return None
    s = wire["sentences"]
    docs, truth = [], {}

    def add(name: str, outlet: str, paras: list[str]) -> None:
        docs.append(RawDocument(input=f"{story}/{name}", text="\n\n".join(paras), outlet=outlet, published=DAY, story=story))
        truth[f"{story}/{name}"] = "wire" if name.startswith(("wire", "ed")) else name

    add("wire", AGENCY, [f"PARIS ({AGENCY}) - " + s[0]] + s[1:])
    body = s[2:]
    rng.shuffle(body)
    add("ed1", "Daily Courier", [s[1]] + body + [f"({AGENCY})"])
    kept = [x for i, x in enumerate(s) if i == 0 or rng.random() > 0.33]
    kept = [kept[0]] + [_reword(x, rng) for x in kept[1:]]
    kept.insert(min(3, len(kept)), OWN)
    add("ed2", "Evening Star", kept)
    half = [_reword(x, rng) for x in s[: max(3, len(s) // 2)]]
    add("ed3", "Metro Times", half + ["(With inputs from agencies)"])
    update = [s[1]] + body[:-1] + [_reword(body[-1], rng), "The account was updated later in the day."]
    add("ed4", "Daily Courier", update + [f"({AGENCY})"])
    pasted = []
    for n, r in enumerate(independent):
        paras = list(r["sentences"])
        if n == 0:
            k = s[len(s) // 2]
            line = f"According to {AGENCY}, {k[0].lower()}{k[1:]}"
            paras.append(line)
            pasted.append(line)
        add(f"ind{n}", f"Outlet {n + 1}", paras)
    return docs, truth, pasted


def _truth(claim, inputs: dict[str, str], truth: dict[str, str], pasted: list[str]) -> int:
    labels = set()
    for e in claim.evidence:
        labels.add("wire" if any(e.text in p or p in e.text for p in pasted) else truth[inputs[e.article]])
    return len(labels)


def _score(briefing, truth: dict[str, str], pasted: dict[str, list[str]]):
    """Per split: claims, exactly right, raised, lowered for the system; the same for the lineage baseline."""
    out: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for st in briefing.stories:
        inputs = {a.id: a.input for a in st.articles}
        lineage = {a.id: a.origin or a.id for a in st.articles}
        name = st.articles[0].input.split("/")[0]
        split = "heldout" if zlib.crc32(name.encode()) % 3 == 0 else "dev"
        for c in st.claims:
            if len({e.article for e in c.evidence}) < 2:
                continue
            t = _truth(c, inputs, truth, pasted.get(name, []))
            base = len({lineage[e.article] for e in c.evidence})
            has_edition = any(truth[inputs[e.article]] == "wire" for e in c.evidence)
            f = out[split]
            f["claims"] += 1
            f["with_edition"] += has_edition
            for who, n in (("", c.support), ("baseline_", base)):
                f[who + "exact"] += n == t
                f[who + "raised"] += n > t
                f[who + "raised_by_edition"] += n > t and has_edition
                f[who + "lowered"] += n < t
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--limit", type=int, default=0, help="first N ECB+ stories only (0: all)")
    args = ap.parse_args(argv)
    raws, truth, pasted, groups = [], {}, {}, 0
    for story, rows in _stories().items():
        built = build(story, rows)
        if built is None:
            continue
        docs, t, p = built
        raws += docs
        truth.update(t)
        pasted[story] = p
        groups += 1
        if args.limit and groups >= args.limit:
            break
    t0 = time.perf_counter()
    briefing = api.brief(raws=raws)
    brief_s = time.perf_counter() - t0
    # the origins pass alone, timed beside the lineage count it replaces
    t0 = time.perf_counter()
    for st in briefing.stories:
        o = origins_mod.build(st)
        for c in st.claims:
            origins_mod.claim_origins(c, o)
    origins_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    for st in briefing.stories:
        lineage = {a.id: a.origin or a.id for a in st.articles}
        for c in st.claims:
            len({lineage[e.article] for e in c.evidence})
    base_s = time.perf_counter() - t0
    scores = _score(briefing, truth, pasted)
    figures = {"wire_groups": groups, "documents": len(raws), "brief_seconds": round(brief_s, 2),
               "origins_seconds": round(origins_s, 3), "baseline_count_seconds": round(base_s, 4)}
    print(f"{groups} wire-rewrite groups, {len(raws)} documents (ECB+, re-edited as described in the docstring)")
    print(f"{'split':8} {'claims':>6} {'exact':>7} {'raised':>7} {'by ed.':>7} {'lowered':>8} | baseline {'exact':>7} {'raised':>7} {'lowered':>8}")
    for split in ("dev", "heldout"):
        f = scores[split]
        n = max(1, f["claims"])
        row = {k: f[k] for k in sorted(f)}
        row["exact_share"] = round(f["exact"] / n, 3)
        row["baseline_exact_share"] = round(f["baseline_exact"] / n, 3)
        figures[split] = row
        print(f"{split:8} {f['claims']:>6} {f['exact'] / n:>7.3f} {f['raised']:>7} {f['raised_by_edition']:>7} {f['lowered']:>8} | "
              f"baseline {f['baseline_exact'] / n:>7.3f} {f['baseline_raised']:>7} {f['baseline_lowered']:>8}")
    print(f"brief {brief_s:.1f} s; origins pass {origins_s * 1000:.0f} ms over {len(briefing.stories)} stories "
          f"(lineage count {base_s * 1000:.1f} ms)")
    print("saved", save("independence", figures))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
