"""Story clustering on ECB+ and MMDS-dev: BCubed P/R/F1 of newsfuse.stories beside a TF-IDF +
agglomerative (cosine, average linkage) baseline measured in the same run.

Parameters are chosen on one set (--tune, default ecbplus) and reported unchanged on the other (MMDS,
the held-out set); the baseline's distance threshold is chosen the same way. `--grid` re-runs the search
for newsfuse's join threshold and name weight on the tuning set, `--lead-grid` the search for the lead
names' weight with the join threshold (the shipped defaults are their result), `--embed-grid` the
search for the opt-in lead-embedding weighting (stories.embeddings; a row of its own).
MMDS mixes English, Malay and Chinese: its languages are detected as `clean` would with the languages a
user of these outlets configures, and the cross-language threshold, which the English-only ECB+ cannot
choose, is checked by 2-fold cross-validation on MMDS (`--cross-folds`).
"""
from __future__ import annotations

import argparse
import hashlib
import json
import time

from bench.common import DATA, save
from newsfuse.config import StoriesSettings
from newsfuse.model import Article
from newsfuse.stories import group

CLUSTERING = DATA / "clustering"
MMDS_OTHER = 166  # the mixed "other" bucket: each of its articles is its own story
# what a user feeding these Singapore outlets sets as `clean.languages` (English, Malay, Indonesian, Chinese)
MMDS_LANGUAGES = ["en", "ms", "id", "zh"]
BASELINE_GRID = [round(0.50 + 0.025 * i, 3) for i in range(19)]  # cosine distance thresholds
JOIN_GRID = [round(0.12 + 0.02 * i, 2) for i in range(10)]
NAME_GRID = [0.3, 0.4, 0.5, 0.6, 0.7]
LEAD_GRID = [0.0, 0.3, 0.4, 0.5, 0.6]  # share of the names score given to the lead's names
EMBED_GRID = [(g, f, j) for g in (0.3, 0.4, 0.5) for f in (0.2, 0.3, 0.4) for j in (0.24, 0.26, 0.28, 0.30)]
CROSS_GRID = [0.45, 0.5, 0.55, 0.6, 0.65]  # cosine thresholds for joining a story across languages


def _aid(key: str) -> str:
    return "a-" + hashlib.sha1(key.encode("utf-8")).hexdigest()[:10]


def load_ecbplus() -> tuple[list[Article], list[str]]:
    """ECB+ documents as undated articles (input order as in the file) and their gold story labels."""
    arts, gold = [], []
    with open(CLUSTERING / "ecbplus.jsonl", encoding="utf-8") as f:
        for line in f:
            row = json.loads(line)
            arts.append(Article(id=_aid("ecb:" + row["id"]), input=row["id"], text="\n".join(row["sentences"])))
            gold.append(str(row["story"]))
    return arts, gold


def load_mmds() -> tuple[list[Article], list[str]]:
    """MMDS-dev articles (title + body, language detected as `clean` would) and gold labels, label 166 split
    into singletons."""
    from newsfuse.clean.language import detect_language

    data = json.loads((CLUSTERING / "mmds-dev.json").read_text(encoding="utf-8"))
    arts, gold = [], []
    for i, (a, label) in enumerate(zip(data["articles"], data["clusters"])):
        text = "\n".join(s["content"] for s in a["sentences"])
        language = detect_language((a.get("title") or "") + "\n" + text, MMDS_LANGUAGES)
        arts.append(Article(id=_aid(f"mmds:{a['ID']}:{i}"), input=f"mmds#{a['ID']}", title=a.get("title"), text=text,
                            language=language))
        gold.append(f"other-{i}" if int(label) == MMDS_OTHER else str(label))
    return arts, gold


def bcubed(pred: list[str], gold: list[str]) -> dict:
    """BCubed precision, recall and F1 (item-averaged)."""
    from collections import Counter

    pc, gc, both = Counter(pred), Counter(gold), Counter(zip(pred, gold))
    p = sum(both[(x, y)] / pc[x] for x, y in zip(pred, gold)) / len(pred)
    r = sum(both[(x, y)] / gc[y] for x, y in zip(pred, gold)) / len(pred)
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(2 * p * r / (p + r) if p + r else 0.0, 4)}


def run_newsfuse(arts: list[Article], settings: StoriesSettings) -> tuple[list[str], float]:
    """Predicted story per article (input order) and seconds taken (lead vectors computed afresh)."""
    fresh = [a.model_copy() for a in arts]
    if settings.embeddings:
        from newsfuse.embed import get_embedder

        get_embedder().forget()  # a grid's earlier runs must not make this one look fast
    t0 = time.process_time()
    stories = group(fresh, settings)
    secs = time.process_time() - t0
    where = {a.id: s.id for s in stories for a in s.articles}
    return [where[a.id] for a in fresh], secs


def _text(a: Article) -> str:
    return (a.title + "\n" if a.title else "") + a.text


def run_baseline(arts: list[Article], thresholds: list[float]) -> dict[float, list[str]]:
    """TF-IDF + agglomerative clustering (cosine, average linkage) at each distance threshold."""
    from sklearn.cluster import AgglomerativeClustering
    from sklearn.feature_extraction.text import TfidfVectorizer

    x = TfidfVectorizer(sublinear_tf=True, stop_words="english").fit_transform([_text(a) for a in arts]).toarray()
    out = {}
    for t in thresholds:
        model = AgglomerativeClustering(n_clusters=None, metric="cosine", linkage="average", distance_threshold=t)
        out[t] = [str(x) for x in model.fit_predict(x)]
    return out


def cross_validate(arts: list[Article], gold: list[str]) -> dict:
    """2-fold cross-validation of `crosslingual_threshold` on a multilingual set, folds split by gold story.

    ECB+ is English only, so it cannot choose this threshold; each fold's value is chosen on the other fold.
    """
    folds: list[list[int]] = [[], []]
    for i, g in enumerate(gold):
        folds[int(hashlib.sha1(g.encode("utf-8")).hexdigest(), 16) % 2].append(i)
    defaults, out = StoriesSettings(), {}
    for k in (0, 1):
        scores = {}
        for t in CROSS_GRID:
            s = defaults.model_copy(update={"crosslingual_threshold": t})
            part = folds[1 - k]
            pred, _ = run_newsfuse([arts[i] for i in part], s)
            scores[t] = bcubed(pred, [gold[i] for i in part])["f1"]
        chosen = max(CROSS_GRID, key=lambda t: (scores[t], -abs(t - defaults.crosslingual_threshold)))
        part = folds[k]
        pred, _ = run_newsfuse([arts[i] for i in part], defaults.model_copy(update={"crosslingual_threshold": chosen}))
        out[f"fold{k}"] = {"articles": len(part), "threshold_chosen_on_other_fold": chosen,
                           "held_out": bcubed(pred, [gold[i] for i in part])}
        print(f"  fold {k} ({len(part)} articles): threshold {chosen} chosen on the other fold"
              f" ({' '.join(f'{t}:{scores[t]:.3f}' for t in CROSS_GRID)}) -> held-out F1 {out[f'fold{k}']['held_out']['f1']:.3f}")
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench clustering", description=__doc__)
    ap.add_argument("--tune", choices=["mmds", "ecbplus"], default="ecbplus", help="set the parameters are chosen on")
    ap.add_argument("--grid", action="store_true", help="search newsfuse's join threshold and name weight on the tuning set")
    ap.add_argument("--lead-grid", action="store_true",
                    help="search the lead names' weight (stories.lead_name_weight) with the join threshold on the tuning set")
    ap.add_argument("--embed-grid", action="store_true",
                    help="search the lead-embedding weight, floor and join threshold (stories.embeddings) on the tuning set")
    ap.add_argument("--cross-folds", action="store_true",
                    help="2-fold cross-validation of the cross-language threshold on MMDS (the multilingual set)")
    args = ap.parse_args(argv or [])
    sets = {"mmds": load_mmds(), "ecbplus": load_ecbplus()}
    tune_arts, tune_gold = sets[args.tune]
    defaults = StoriesSettings()
    settings = defaults
    if args.grid:
        scores = {}
        for w in NAME_GRID:
            for j in JOIN_GRID:
                pred, _ = run_newsfuse(tune_arts, defaults.model_copy(update={"join_threshold": j, "name_weight": w}))
                scores[(j, w)] = bcubed(pred, tune_gold)["f1"]
            print(f"  name_weight={w}: " + " ".join(f"{j}:{scores[(j, w)]:.3f}" for j in JOIN_GRID))
        j, w = max(scores, key=lambda jw: (scores[jw], -abs(jw[0] - defaults.join_threshold)))
        settings = defaults.model_copy(update={"join_threshold": j, "name_weight": w})
        print(f"grid on {args.tune}: best join_threshold={j}, name_weight={w}"
              f" (defaults: {defaults.join_threshold}, {defaults.name_weight})")
    if args.lead_grid:
        scores = {}
        for b in LEAD_GRID:
            for j in JOIN_GRID:
                pred, _ = run_newsfuse(tune_arts, settings.model_copy(update={"join_threshold": j, "lead_name_weight": b}))
                scores[(j, b)] = bcubed(pred, tune_gold)["f1"]
            print(f"  lead_name_weight={b}: " + " ".join(f"{j}:{scores[(j, b)]:.3f}" for j in JOIN_GRID), flush=True)
        j, b = max(scores, key=lambda jb: (scores[jb], -abs(jb[0] - defaults.join_threshold)))
        settings = settings.model_copy(update={"join_threshold": j, "lead_name_weight": b})
        print(f"grid on {args.tune}: best join_threshold={j}, lead_name_weight={b}"
              f" (defaults: {defaults.join_threshold}, {defaults.lead_name_weight})")
    embedded = settings.model_copy(update={"embeddings": True})
    if args.embed_grid:
        scores = {}
        for g, f, j in EMBED_GRID:
            trial = embedded.model_copy(update={"embedding_weight": g, "embedding_floor": f, "embedding_join_threshold": j})
            scores[(g, f, j)] = bcubed(run_newsfuse(tune_arts, trial)[0], tune_gold)["f1"]
            print(f"  embeddings weight={g} floor={f} join={j}: {scores[(g, f, j)]:.4f}", flush=True)
        g, f, j = max(scores, key=lambda k: scores[k])
        embedded = embedded.model_copy(update={"embedding_weight": g, "embedding_floor": f, "embedding_join_threshold": j})
        print(f"grid on {args.tune}: best embedding weight={g}, floor={f}, join={j}")
    base_tune = run_baseline(tune_arts, BASELINE_GRID)
    base_t = max(BASELINE_GRID, key=lambda t: bcubed(base_tune[t], tune_gold)["f1"])
    figures: dict = {"tuned_on": args.tune, "join_threshold": settings.join_threshold, "name_weight": settings.name_weight,
                     "lead_name_weight": settings.lead_name_weight, "lead_chars": settings.lead_chars,
                     "embeddings": {"weight": embedded.embedding_weight, "floor": embedded.embedding_floor,
                                    "join_threshold": embedded.embedding_join_threshold},
                     "baseline_distance_threshold": base_t, "sets": {}}
    for name, (arts, gold) in sets.items():
        pred, secs = run_newsfuse(arts, settings)
        t0 = time.process_time()
        base = run_baseline(arts, [base_t])[base_t]
        base_secs = time.process_time() - t0
        emb_pred, emb_secs = run_newsfuse(arts, embedded)
        ours, theirs, emb = bcubed(pred, gold), bcubed(base, gold), bcubed(emb_pred, gold)
        role = "tuning" if name == args.tune else "held out"
        figures["sets"][name] = {
            "role": role, "articles": len(arts), "gold_stories": len(set(gold)),
            "newsfuse": {**ours, "stories": len(set(pred)), "articles_per_s": round(len(arts) / secs)},
            "newsfuse_embeddings": {**emb, "stories": len(set(emb_pred)), "articles_per_s": round(len(arts) / emb_secs)},
            "baseline": {**theirs, "stories": len(set(base)), "articles_per_s": round(len(arts) / base_secs)},
        }
        print(f"{name} ({role}, {len(arts)} articles, {len(set(gold))} gold stories)")
        print(f"  newsfuse : P {ours['precision']:.3f} R {ours['recall']:.3f} F1 {ours['f1']:.3f}"
              f"  stories {len(set(pred))}  {len(arts) / secs:,.0f} articles/CPU-s")
        print(f"  + MiniLM : P {emb['precision']:.3f} R {emb['recall']:.3f} F1 {emb['f1']:.3f}"
              f"  stories {len(set(emb_pred))}  {len(arts) / emb_secs:,.0f} articles/CPU-s  (stories.embeddings = true)")
        print(f"  baseline : P {theirs['precision']:.3f} R {theirs['recall']:.3f} F1 {theirs['f1']:.3f}"
              f"  stories {len(set(base))}  {len(arts) / base_secs:,.0f} articles/CPU-s"
              f"  (TF-IDF + agglomerative, distance {base_t})")
    if args.cross_folds:
        print("cross-language threshold, 2-fold cross-validation on MMDS by gold story")
        figures["mmds_crosslingual_folds"] = cross_validate(*sets["mmds"])
    print(f"results: {save('clustering', figures)}")
    return 0
