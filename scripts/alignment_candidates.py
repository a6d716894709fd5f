"""Candidate sentence pairs for the hand-labelled alignment gold (bench/gold/alignment.jsonl).

Prints JSON lines {"id", "split", "source", "doc_a", "doc_b", "a", "b", "why"} on stdout; a person reads
each pair and adds the label. Stories are split dev/heldout (by story, fixed seed) before any pair is
drawn, so the split never depends on what a system makes of them. Pairs come from two different articles of
one story and are drawn three ways, so easy and hard cases both appear: the closest sentences by MiniLM
cosine ("top"), related sentences that share a number or a name but are not the closest ("shared"), and in
ECB+ the closest sentences of the topic's *other* event (same kind of event, another occurrence: "twin").
Run: PYTHONPATH=src .venv/bin/python scripts/alignment_candidates.py > /tmp/candidates.jsonl
"""
from __future__ import annotations

import json
import random
import re
import sys
from collections import defaultdict
from pathlib import Path

import numpy as np

DATA = (Path(__file__).resolve().parents[1] / ".." / "shared" / "data").resolve()
SEED = 14
HELDOUT_SHARE = 1 / 3
# ECB+ is tokenized ("14. 4", "1, 101", "90 - day"); undone so sentences read as published
DETOK = [(re.compile(r"(\d)\. (\d)"), r"\1.\2"), (re.compile(r"(\d), (\d{3})\b"), r"\1,\2"),
         (re.compile(r"(\d): (\d\d)"), r"\1:\2"), (re.compile(r"\b([ap])\. m\."), r"\1.m."),
         (re.compile(r"(\w) - (?=[A-Za-z])"), r"\1-"), (re.compile(r"(\w) ’ (?=\w)"), r"\1’"),
         (re.compile(r" ([,.;:!?%])"), r"\1"), (re.compile(r"\$ (\d)"), r"$\1"), (re.compile(r"\( "), "("),
         (re.compile(r" \)"), ")"), (re.compile(r" (['’]s)\b"), r"\1")]
NUMBER = re.compile(r"\b\d[\d,.]*\b|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|dozen|"
                    r"hundred|thousand|million)\b", re.I)
NAME = re.compile(r"(?<!^)(?<![.!?] )\b[A-Z][a-z]{2,}\b")
SENT = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"“])")


def detok(s: str) -> str:
    for rx, rep in DETOK:
        s = rx.sub(rep, s)
    return s


def usable(s: str) -> bool:
    """A sentence a claim could be made of: 7+ words, not a URL, not a bare date line or heading."""
    return len(s.split()) >= 7 and not s.startswith("http") and s[-1:] in ".\"”'’!?)"


def ecb_stories() -> dict[str, dict[str, list[tuple[int, str]]]]:
    """story -> doc id -> (sentence index, sentence)."""
    out: dict[str, dict[str, list[tuple[int, str]]]] = defaultdict(dict)
    for line in (DATA / "clustering" / "ecbplus.jsonl").read_text(encoding="utf-8").splitlines():
        d = json.loads(line)
        out[d["story"]][d["id"]] = [(i, detok(s)) for i, s in enumerate(d["sentences"]) if usable(detok(s))]
    return out


def neus_stories() -> dict[str, dict[str, list[tuple[int, str]]]]:
    """neus-LINE -> 'LINE:k' (k-th of the three articles) -> (sentence index, sentence) of title + lead."""
    out = {}
    lines = (DATA / "summarization" / "neus" / "train.source").read_text(encoding="utf-8").splitlines()
    for n, line in enumerate(lines):
        docs = {}
        for k, part in enumerate(line.split("[SEP]")):
            m = re.match(r"\s*TITLE=>\s*(.*?)\s*ARTICLE=>\s*(.*)", part, re.S)
            if not m:
                continue
            sents = [m.group(1)] + SENT.split(m.group(2).strip())
            docs[f"{n}:{k}"] = [(i, s.strip()) for i, s in enumerate(sents) if i > 0 and usable(s.strip())]
        out[f"neus-{n}"] = docs
    return out


def mmds_stories() -> dict[str, dict[str, list[tuple[int, str]]]]:
    """mmds-CLUSTER -> article ID -> (SID, sentence)."""
    d = json.loads((DATA / "clustering" / "mmds-dev.json").read_text(encoding="utf-8"))
    out: dict[str, dict[str, list[tuple[int, str]]]] = defaultdict(dict)
    for a, c in zip(d["articles"], d["clusters"]):
        sents = [(s["SID"], s["content"].strip()) for s in a["sentences"]]
        out[f"mmds-{c}"][str(a["ID"])] = [(i, s) for i, s in sents if usable(s)]
    return {k: v for k, v in out.items() if len(v) > 1}


def split_of(stories: list[str]) -> dict[str, str]:
    """Fixed-seed story split: a third of the stories are heldout."""
    order = sorted(stories)
    random.Random(SEED).shuffle(order)
    cut = round(len(order) * HELDOUT_SHARE)
    return {s: ("heldout" if i < cut else "dev") for i, s in enumerate(order)}


def facts(s: str) -> set[str]:
    return {m.group(0).lower() for m in NUMBER.finditer(s)} | set(NAME.findall(s))


def pairs_of(docs: dict[str, list[tuple[int, str]]], other: dict[str, list[tuple[int, str]]] | None, enc,
             n_top: int, n_shared: int, rng: random.Random):
    """(why, doc_a, i, a, doc_b, j, b) drawn from one story (or across a topic's two events when other)."""
    left = [(d, i, s) for d, ss in docs.items() for i, s in ss]
    right = [(d, i, s) for d, ss in (other or docs).items() for i, s in ss]
    if not left or not right:
        return []
    va, vb = enc([s for _, _, s in left]), enc([s for _, _, s in right])
    cos = va @ vb.T
    cand = []
    for x in range(len(left)):
        for y in range(len(right)):
            if left[x][0] == right[y][0] or (other is None and (left[x][0], left[x][1]) >= (right[y][0], right[y][1])):
                continue
            if left[x][2].lower() == right[y][2].lower():
                continue  # verbatim copies: not an alignment question
            cand.append((float(cos[x, y]), x, y))
    cand.sort(reverse=True)
    used, out = set(), []

    def take(why, x, y):
        if x in used or ("r", y) in used:
            return False
        used.add(x), used.add(("r", y))
        out.append((why, *left[x], *right[y], round(float(cos[x, y]), 3)))
        return True

    for c, x, y in cand:
        if len([o for o in out if o[0] == "top"]) >= n_top or c < 0.55:
            break
        take("top", x, y)
    mid = [(c, x, y) for c, x, y in cand if 0.35 <= c < 0.8 and facts(left[x][2]) & facts(right[y][2])]
    rng.shuffle(mid)
    k = 0
    for c, x, y in mid:
        if k >= n_shared:
            break
        k += take("shared", x, y)
    return out


def main() -> None:
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
    from newsfuse.embed import get_embedder

    rng = random.Random(SEED)
    ecb, neus, mmds = ecb_stories(), neus_stories(), mmds_stories()
    neus = {k: neus[k] for k in sorted(neus, key=lambda k: int(k.split("-")[1]))[:220]}
    # every sentence encoded once (a batch is much faster than story by story on a loaded machine)
    texts = sorted({s for st in (ecb, neus, mmds) for docs in st.values() for ss in docs.values() for _, s in ss})
    index = {t: n for n, t in enumerate(texts)}
    vecs = get_embedder().encode(texts)

    def enc(batch: list[str]) -> np.ndarray:
        return vecs[[index[t] for t in batch]]

    # an ECB+ topic's two events are split together: the "twin" pairs join them
    unit = {s: ("ecb-" + s.split("_")[0] if s in ecb else s) for s in list(ecb) + list(neus) + list(mmds)}
    by_unit = split_of(sorted(set(unit.values())))
    split = {s: by_unit[u] for s, u in unit.items()}
    rows = []
    for story in sorted(ecb):
        rows += [("ecbplus", story, p) for p in pairs_of(ecb[story], None, enc, 4, 3, rng)]
        if story.endswith("_ecb") and story.replace("_ecb", "_ecbplus") in ecb:
            twin = pairs_of(ecb[story], ecb[story.replace("_ecb", "_ecbplus")], enc, 2, 0, rng)
            rows += [("ecbplus", story, ("twin",) + p[1:]) for p in twin]
    for story in neus:
        rows += [("neus", story, p) for p in pairs_of(neus[story], None, enc, 1, 1, rng)]
    for story in sorted(mmds):
        rows += [("mmds", story, p) for p in pairs_of(mmds[story], None, enc, 2, 1, rng)]
    for n, (source, story, (why, da, i, a, db, j, b, c)) in enumerate(rows, 1):
        print(json.dumps({"id": f"al{n:04d}", "split": split[story], "source": source, "story": story,
                          "doc_a": f"{da}#{i}", "doc_b": f"{db}#{j}", "a": a, "b": b, "why": why, "cos": c},
                         ensure_ascii=False))


if __name__ == "__main__":
    main()
