"""Analyze-stage benchmark: quote speakers, date normalization, number extraction and speed, beside baselines.

Gold: bench/gold/*.jsonl, hand-annotated on ECB+ articles (see bench/gold/README.md).
Baselines, measured in the same run: speaker = nearest spaCy PERSON in the quote's sentence; dates = spaCy
DATE/TIME entities parsed by dateparser with RELATIVE_BASE; numbers = spaCy CARDINAL/MONEY/PERCENT/ORDINAL/
QUANTITY entities. Speed: full analysis vs the default spaCy pipeline alone, on ECB+ articles.
"""
from __future__ import annotations

import json
import re
import sys
import time
from datetime import datetime

from bench.common import DATA, ROOT, save
from newsfuse.analyze import annotate_all, get_nlp
from newsfuse.analyze.names import fold
from newsfuse.analyze.numwords import number_value, ordinal_value
from newsfuse.analyze.quotes import quote_spans
from newsfuse.config import AnalyzeSettings
from newsfuse.model import Article, Story

GOLD = ROOT / "bench" / "gold"
ECB = DATA / "clustering" / "ecbplus.jsonl"
MMDS = DATA / "clustering" / "mmds-dev.json"
# Quote gold sets: (split, file). The "orgs" sets are MMDS news with organisation and spokesperson speakers.
QUOTE_SETS = (("dev", "quotes.jsonl"), ("heldout", "heldout_quotes.jsonl"),
              ("dev_orgs", "quotes_orgs.jsonl"), ("heldout_orgs", "heldout_quotes_orgs.jsonl"))
# ECB+ text is tokenized ("14. 4", "1, 101", "2: 56", "90 - day", "a. m."); the clean stage would undo that.
_DETOK = [(re.compile(r"(\d)\. (\d)"), r"\1.\2"), (re.compile(r"(\d), (\d{3})\b"), r"\1,\2"),
          (re.compile(r"(\d): (\d\d)"), r"\1:\2"), (re.compile(r"\b([ap])\. m\."), r"\1.m."),
          (re.compile(r"(\w) - (?=[A-Za-z])"), r"\1-"), (re.compile(r"(\w) ’ (?=\w)"), r"\1’")]
NUMBER_LABELS = {"CARDINAL", "MONEY", "PERCENT", "ORDINAL", "QUANTITY"}
_SCALES = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}


def ecb_texts() -> dict[str, dict]:
    """ECB+ documents by id: text (URL lines dropped, detokenized) and story label."""
    out = {}
    for line in ECB.read_text(encoding="utf-8").splitlines():
        d = json.loads(line)
        text = "\n".join(s for s in d["sentences"] if not s.startswith("http"))
        for rx, rep in _DETOK:
            text = rx.sub(rep, text)
        out[d["id"]] = {"text": text, "story": d["story"]}
    return out


def mmds_texts() -> dict[str, dict]:
    """MMDS dev articles by "mmds-<ID>": sentences joined one a line, as ECB+ prints them."""
    data = json.loads(MMDS.read_text(encoding="utf-8"))
    return {f"mmds-{a['ID']}": {"text": "\n".join(s["content"] for s in a["sentences"]), "story": f"mmds{c}"}
            for a, c in zip(data["articles"], data["clusters"])}


def load(name: str) -> list[dict]:
    """Rows of one gold JSONL file."""
    return [json.loads(x) for x in (GOLD / name).read_text(encoding="utf-8").splitlines() if x.strip()]


def locate(text: str, span: str, start: int = 0) -> tuple[int, int] | None:
    """Where a gold span occurs: its word tokens in order, any spacing or punctuation between."""
    toks = re.findall(r"\w+", span)
    m = re.compile(r"\W*".join(map(re.escape, toks))).search(text, start)
    return (m.start(), m.end()) if m else None


def same_speaker(pred: str | None, gold) -> bool:
    """A predicted canonical name names the gold speaker when one's name tokens contain the other's."""
    if pred is None:
        return gold is None
    if gold is None:
        return False
    p = set(fold(pred).split())
    return any(p and (p <= set(fold(g).split()) or set(fold(g).split()) <= p) for g in ([gold] if isinstance(gold, str) else gold))


def _ratio(a: float, b: float) -> float:
    """a/b rounded, None when there is nothing to measure."""
    return round(a / b, 3) if b else None  # nothing to measure (e.g. no unresolvable date in the set)


def _baseline_speaker(doc, q_start: int, q_end: int) -> str | None:
    """Baseline: the spaCy PERSON nearest the quote within its sentence."""
    sent = doc.char_span(q_start, q_start, alignment_mode="expand")
    tok = doc[sent.start] if sent is not None and len(sent) else None
    if tok is None:
        tok = next((t for t in doc if t.idx >= q_start), None)
    if tok is None:
        return None
    s = tok.sent
    people = [e for e in doc.ents if e.label_ == "PERSON" and e.start >= s.start and e.end <= s.end
              and not (q_start <= e.start_char < q_end)]
    if not people:
        return None
    return min(people, key=lambda e: min(abs(e.start_char - q_end), abs(e.end_char - q_start))).text


def quotes_eval(docs: dict[str, dict], name: str) -> dict:
    """Quote detection and speaker precision/recall of newsfuse and the baseline on one gold file."""
    gold = load(name)
    ids = list(dict.fromkeys(g["doc"] for g in gold))
    stories = [Story(id=i, articles=[Article(id=i, input=i, text=docs[i]["text"])]) for i in ids]
    annotate_all(stories)
    nlp = get_nlp()
    figures = {}
    for system in ("newsfuse", "baseline"):
        found = 0
        correct = attributed = 0
        gold_named = sum(1 for g in gold if g["speaker"])
        named_correct = 0
        false_quotes = false_attributed = 0
        for story in stories:
            text = story.articles[0].text
            if system == "newsfuse":
                preds = [(q.text, q.speaker) for q in story.quotes]
            else:
                doc = nlp(text)
                preds = []
                for _, _, s, e in quote_spans(text):
                    if len(re.findall(r"\w+", text[s:e])) >= 3:
                        preds.append((text[s:e], _baseline_speaker(doc, s, e)))
            used = set()
            for g in (g for g in gold if g["doc"] == story.id):
                hit = next((i for i, (t, _) in enumerate(preds) if i not in used and locate(t, g["quote"])), None)
                if hit is None:
                    continue
                used.add(hit)
                found += 1
                speaker = preds[hit][1]
                if speaker is not None:
                    attributed += 1
                    correct += same_speaker(speaker, g["speaker"])
                if g["speaker"] and same_speaker(speaker, g["speaker"]):
                    named_correct += 1
            for i, (t, sp) in enumerate(preds):
                if i not in used:
                    false_quotes += 1
                    false_attributed += sp is not None
        figures[system] = {
            "quote_recall": _ratio(found, len(gold)),
            "quote_precision": _ratio(found, found + false_quotes),
            "speaker_precision": _ratio(correct, attributed),
            "speaker_precision_all": _ratio(correct, attributed + false_attributed),
            "quote_speaker_recall": _ratio(named_correct, gold_named),
        }
    figures["gold_quotes"] = len(gold)
    figures["gold_named_speakers"] = sum(1 for g in gold if g["speaker"])
    return figures


def _at_precision(gold_value: str, when: datetime) -> str:
    """A dateparser result written at the gold value's precision (generous to the baseline)."""
    if re.fullmatch(r"\d{4}", gold_value):
        return f"{when.year:04d}"
    if re.fullmatch(r"\d{4}-\d{2}", gold_value):
        return when.strftime("%Y-%m")
    if "T" in gold_value and not gold_value.startswith("T"):
        return when.strftime("%Y-%m-%dT%H:%M")
    if gold_value.startswith("T"):
        return when.strftime("T%H:%M")
    return when.date().isoformat()


def _baseline_date(text: str, anchor: datetime):
    """Baseline: dateparser with the article date as RELATIVE_BASE."""
    import dateparser

    return dateparser.parse(text, settings={"RELATIVE_BASE": anchor, "PREFER_DATES_FROM": "past"})


def _baseline_number(text: str) -> float | None:
    """Baseline: the first number in a spaCy number entity, with its scale word."""
    t = text.lower().replace(",", "")
    m = re.search(r"\d+(?:\.\d+)?", t)
    if m:
        v = float(m.group())
        return v * next((f for w, f in _SCALES.items() if w in t), 1.0)
    for w in reversed(t.split()):
        v = ordinal_value(w) or number_value(w)
        if v is not None:
            return float(v)
    return None


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    """True when two character spans share a character."""
    return a[0] < b[1] and b[0] < a[1]


def dates_numbers_eval(docs: dict[str, dict], name: str) -> dict:
    """Date accuracy/precision and number P/R/F1 of newsfuse and the baseline on one gold file."""
    gold = load(name)
    anchors = {g["doc"]: g["anchor"] for g in gold if "anchor" in g}
    stories = [Story(id=i, articles=[Article(id=i, input=i, text=docs[i]["text"], published=a)])
               for i, a in anchors.items()]
    annotate_all(stories)
    nlp = get_nlp()
    figures = {}
    for system in ("newsfuse", "baseline"):
        d_correct = d_valued = d_gold = d_abstain_ok = d_null = 0
        n_tp = n_pred = n_gold = 0
        for story in stories:
            text = story.articles[0].text
            anchor = datetime.fromisoformat(anchors[story.id])
            if system == "newsfuse":
                dates = [((d.start, d.end), d.value) for d in story.dates]
                nums = [((n.start, n.end), n.value) for n in story.numbers]
            else:
                doc = nlp(text)
                dates = [((e.start_char, e.end_char), _baseline_date(e.text, anchor))
                         for e in doc.ents if e.label_ in ("DATE", "TIME")]
                nums = [((e.start_char, e.end_char), _baseline_number(e.text)) for e in doc.ents if e.label_ in NUMBER_LABELS]
            d_valued += sum(1 for _, v in dates if v is not None)
            n_pred += len(nums)
            used: set[int] = set()
            for g in (g for g in gold if g["doc"] == story.id):
                span = locate(text, g["text"])
                if span is None:
                    raise SystemExit(f"gold span {g['text']!r} not found in {story.id}")
                if g["type"] == "date":
                    cands = [v for s, v in dates if _overlaps(s, span)]
                    value = cands[0] if cands else None
                    if system == "baseline" and value is not None:
                        value = _at_precision(g["value"], value) if g["value"] else "guessed"
                    if g["value"] is None:
                        d_null += 1
                        d_abstain_ok += value is None
                    else:
                        d_gold += 1
                        d_correct += value == g["value"]
                else:
                    n_gold += 1
                    hit = next((i for i, (s, v) in enumerate(nums) if i not in used and _overlaps(s, span)
                                and v is not None and abs(v - g["value"]) <= 1e-6 * max(1.0, abs(g["value"]))), None)
                    if hit is not None:
                        used.add(hit)
                        n_tp += 1
        p, r = _ratio(n_tp, n_pred) or 0.0, _ratio(n_tp, n_gold) or 0.0
        figures[system] = {
            "date_accuracy": _ratio(d_correct, d_gold),
            "date_precision": _ratio(d_correct, d_valued),
            "date_abstain_when_unresolvable": _ratio(d_abstain_ok, d_null),
            "number_precision": p, "number_recall": r, "number_f1": round(2 * p * r / (p + r), 3) if p + r else 0.0,
        }
    figures["gold_dates"] = sum(1 for g in gold if g["type"] == "date")
    figures["gold_numbers"] = sum(1 for g in gold if g["type"] == "number")
    return figures


def speed(docs: dict[str, dict], limit: int) -> dict:
    """Articles per second: full analysis (warm) vs the default spaCy pipeline alone, same articles."""
    import spacy

    items = list(docs.items())[:limit]
    by_story: dict[str, list[Article]] = {}
    for i, d in items:
        by_story.setdefault(d["story"], []).append(Article(id=i, input=i, text=d["text"]))
    stories = [Story(id=k, articles=v) for k, v in by_story.items()]
    get_nlp()
    # CPU seconds, not wall time: the machine is shared, and the target is articles per second per core.
    w0, c0 = time.perf_counter(), time.process_time()
    annotate_all(stories, AnalyzeSettings(processes=1))  # per core: a second process's CPU would not be counted
    ours_wall, ours_cpu = time.perf_counter() - w0, time.process_time() - c0
    full = spacy.load(get_nlp().meta["lang"] + "_" + get_nlp().meta["name"])
    w0, c0 = time.perf_counter(), time.process_time()
    for _ in full.pipe((d["text"] for _, d in items), batch_size=32):
        pass
    base_wall, base_cpu = time.perf_counter() - w0, time.process_time() - c0
    n = len(items)
    return {"articles": n, "newsfuse_articles_per_cpu_s": round(n / ours_cpu, 1),
            "newsfuse_articles_per_wall_s": round(n / ours_wall, 1),
            "spacy_full_pipeline_articles_per_cpu_s": round(n / base_cpu, 1),
            "spacy_full_pipeline_articles_per_wall_s": round(n / base_wall, 1)}


def main(argv: list[str] | None = None) -> int:
    """Run every measure on the dev and held-out gold sets, print them, save bench/results/analysis.json."""
    argv = argv or []
    limit = int(argv[argv.index("--docs") + 1]) if "--docs" in argv else 982
    quotes_only = "--quotes-only" in argv  # a quick look while working; results are not saved
    docs = {**ecb_texts(), **mmds_texts()}
    t0 = time.perf_counter()
    figures = {}
    results = ROOT / "bench" / "results" / "analysis.json"
    # The code as it was before this run's changes: its figures from the last saved results file.
    previous = json.loads(results.read_text(encoding="utf-8")) if results.exists() else {}
    figures["previous_run"] = {"measured": previous.get("measured"),
                               **{split: (previous.get(split) or {}).get("quotes", {}).get("newsfuse")
                                  for split, _ in QUOTE_SETS}}
    # "dev*": the sets the rules were written against; "heldout*": annotated apart, never tuned on.
    for split, name in QUOTE_SETS:
        q = quotes_eval(docs, name)
        figures[split] = {"quotes": q}
        print(f"[{split}] quotes ({q['gold_quotes']} gold, {q['gold_named_speakers']} with a named speaker):")
        for system in ("newsfuse", "baseline"):
            print(f"  {system:9s} " + "  ".join(f"{k}={v}" for k, v in q[system].items()))
        before = figures["previous_run"][split]
        if before:
            print(f"  {'previous':9s} " + "  ".join(f"{k}={v}" for k, v in before.items())
                  + f"   (saved {previous.get('measured')})")
    if quotes_only:
        return 0
    for split, prefix in (("dev", ""), ("heldout", "heldout_")):
        dn = dates_numbers_eval(docs, prefix + "dates_numbers.jsonl")
        figures[split]["dates_numbers"] = dn
        print(f"[{split}] dates ({dn['gold_dates']} gold) and numbers ({dn['gold_numbers']} gold):")
        for system in ("newsfuse", "baseline"):
            print(f"  {system:9s} " + "  ".join(f"{k}={v}" for k, v in dn[system].items()))
    sp = speed(ecb_texts(), limit)
    figures["speed"] = sp
    print(f"speed on {sp['articles']} ECB+ articles (1 process), articles per CPU-second (per wall-second):")
    print(f"  newsfuse full analysis        {sp['newsfuse_articles_per_cpu_s']} ({sp['newsfuse_articles_per_wall_s']})")
    print(f"  spaCy default pipeline alone  {sp['spacy_full_pipeline_articles_per_cpu_s']} "
          f"({sp['spacy_full_pipeline_articles_per_wall_s']})")
    path = save("analysis", {**figures, "seconds": round(time.perf_counter() - t0, 1)})
    print(f"figures written to {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
