"""Entity canonicalization benchmark: split entities and wrong merges on ECB+ stories, beside a baseline.

Gold: bench/gold/entities_ecb.json, hand-made clusters of surface forms per ECB+ story (see its "how").
A gold cluster is split once for each extra system entity its forms land in; a system entity is a wrong merge
once for each extra gold cluster whose forms it holds. Only forms named in the gold are scored; "found" is the
share of gold forms the system tagged at all. Baseline, measured in the same run: spaCy's PERSON/ORG/GPE/LOC/
FAC/NORP entities grouped by exact surface string (after dropping a leading "the" and a possessive, so the
same forms are looked up for both).
"""
from __future__ import annotations

import json
import re
import time
from collections import defaultdict

from bench.analysis import ecb_texts
from bench.common import ROOT, save
from newsfuse.analyze import annotate_all, get_nlp
from newsfuse.model import Article, Story

GOLD = ROOT / "bench" / "gold" / "entities_ecb.json"
BASELINE_LABELS = {"PERSON", "ORG", "GPE", "LOC", "FAC", "NORP"}
# ECB+ writes "U. S."; the clean stage would join it.
_INITIALS = re.compile(r"\b([A-Z])\. (?=[A-Z]\.)")
_LEAD = re.compile(r"^(?:the|The)\s+")
_POSSESSIVE = re.compile(r"\s*(?:['’]s?)$")


def norm(surface: str) -> str:
    """A surface form as the gold writes it: no leading "the", no possessive, no stray spaces or quotes."""
    text = _LEAD.sub("", surface.strip().strip("\"“”"))
    return _POSSESSIVE.sub("", text).strip()


def score(entities: list[set[str]], clusters: list[list[str]]) -> dict:
    """Splits, wrong merges and found forms of system entities (sets of surface forms) against gold clusters."""
    where = {norm(f): i for i, c in enumerate(clusters) for f in c}
    holders: dict[int, set[int]] = defaultdict(set)
    merges = 0
    found = set()
    for k, forms in enumerate(entities):
        touched = {where[f] for f in forms if f in where}
        found |= {f for f in forms if f in where}
        merges += max(0, len(touched) - 1)
        for c in touched:
            holders[c].add(k)
    splits = sum(len(h) - 1 for h in holders.values() if len(h) > 1)
    split_forms = [sorted(sorted(entities[k] & set(where)) for k in h) for h in holders.values() if len(h) > 1]
    merged_forms = [sorted({clusters[where[f]][0] for f in forms if f in where}) for forms in entities
                    if len({where[f] for f in forms if f in where}) > 1]
    multi = [i for i, c in enumerate(clusters) if len(c) > 1]
    whole = sum(1 for i in multi if len(holders.get(i, ())) == 1)
    return {"splits": splits, "wrong_merges": merges, "found": len(found), "gold_forms": len(where),
            "multi_form_clusters": len(multi), "multi_form_clusters_whole": whole,
            "split": split_forms, "merged": merged_forms}


def _sum(rows: list[dict]) -> dict:
    """Totals over stories."""
    out = {k: sum(r[k] for r in rows) for k in rows[0] if isinstance(rows[0][k], int)}
    out["found_share"] = round(out["found"] / out["gold_forms"], 3) if out["gold_forms"] else None
    return out


def load_stories(story_ids: list[str]) -> list[Story]:
    """One Story per ECB+ story, its documents as articles in id order."""
    docs = ecb_texts()
    stories = []
    for sid in story_ids:
        arts = [Article(id=k, input=k, text=_INITIALS.sub(r"\1.", v["text"]))
                for k, v in sorted(docs.items()) if v["story"] == sid]
        stories.append(Story(id=sid, articles=arts))
    return stories


def _baseline(nlp, story: Story) -> list[set[str]]:
    """Baseline entities: spaCy's name entities grouped by exact (normalised) surface string."""
    by_string: dict[str, set[str]] = defaultdict(set)
    for doc in nlp.pipe(a.text for a in story.articles):
        for ent in doc.ents:
            if ent.label_ in BASELINE_LABELS:
                by_string[norm(ent.text)].add(norm(ent.text))
    return list(by_string.values())


def _report(name: str, gold: dict[str, list[list[str]]], ours: dict, base: dict) -> dict:
    """Print and return per-story and total figures of one gold set."""
    rows = {sid: {"newsfuse": score(ours[sid], c), "baseline": score(base[sid], c)} for sid, c in gold.items()}
    print(f"[{name}] {'story':8} {'splits':>14} {'wrong merges':>14} {'found':>12}   (newsfuse / baseline)")
    for sid, r in rows.items():
        o, b = r["newsfuse"], r["baseline"]
        print(f"  {sid:12} {o['splits']:>6} / {b['splits']:<6} {o['wrong_merges']:>6} / {b['wrong_merges']:<6} "
              f"{o['found']:>4} / {b['found']:<4} of {o['gold_forms']}")
        for what in ("split", "merged"):
            for forms in o[what]:
                print(f"               newsfuse {what}: {forms}")
    totals = {"newsfuse": _sum([r["newsfuse"] for r in rows.values()]),
              "baseline": _sum([r["baseline"] for r in rows.values()])}
    for who, t in totals.items():
        print(f"  {who:9} splits={t['splits']}  wrong_merges={t['wrong_merges']}  found={t['found_share']}  "
              f"multi-form clusters kept whole={t['multi_form_clusters_whole']}/{t['multi_form_clusters']}")
    return {"stories": rows, **totals}


def main(argv: list[str] | None = None) -> int:
    gold = json.loads(GOLD.read_text(encoding="utf-8"))
    sets = {"dev": gold["stories"], "heldout": gold["heldout"]}
    stories = load_stories([sid for g in sets.values() for sid in g])
    n_articles = sum(len(s.articles) for s in stories)
    nlp = get_nlp()

    t0, c0 = time.perf_counter(), time.process_time()
    base = {s.id: _baseline(nlp, s) for s in stories}
    base_cpu, base_wall = time.process_time() - c0, time.perf_counter() - t0

    t0, c0 = time.perf_counter(), time.process_time()
    annotate_all(stories)
    ours_cpu, ours_wall = time.process_time() - c0, time.perf_counter() - t0
    ours = {s.id: [{norm(m.text) for m in e.mentions} for e in s.entities] for s in stories}

    print(f"entity canonicalization on {len(stories)} ECB+ stories ({n_articles} articles), hand-made gold")
    figures = {name: _report(name, g, ours, base) for name, g in sets.items()}
    speed = {"newsfuse_full_analysis": round(n_articles / ours_cpu, 1), "baseline_spacy_ner": round(n_articles / base_cpu, 1)}
    print(f"speed, articles per CPU-second (wall): newsfuse full analysis {speed['newsfuse_full_analysis']} "
          f"({n_articles / ours_wall:.1f}), baseline spaCy NER {speed['baseline_spacy_ner']} ({n_articles / base_wall:.1f})")
    path = save("entities", {**figures, "articles": n_articles, "articles_per_cpu_second": speed})
    print(f"figures written to {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
