"""Is each sentence of a text backed by the sources? Used by `newsfuse check` and to guard summaries.

No entailment model runs offline, so support is decided from features: the best evidence window (one
source sentence or two adjacent ones) by meaning and wording, floors on how close that window is, and
hard vetoes for a number or name not found in evidence about the same thing, names the sources never mention
together, a negation the evidence does not share (judged on the evidence sentences about the same thing), and
a closed-class or antonym swap (lexicon.py). Each reason names the words it is about. bench/consistency.py
reports the figures on SummEdits news dev, leave-one-document-out.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Mapping, Optional, Sequence, Union

import numpy as np

from ..model import Sentence
from .facts import UNITS
from .lexicon import codes, key, name_runs, ordinals, proper_words, swaps, tokens
from .text import NEGATION, STOPWORDS, content, negated, split_sentences, words

# Floors that reject a sentence about something else. On SummEdits news dev, paraphrases that fuse facts
# from distant paragraphs sit at coverage 0.4-0.6 and cosine 0.55-0.65, and tighter floors rejected them
# (0.66/0.76 cost 2.5 points); the vetoes, not these floors, catch changed details.
MIN_COVERAGE = 0.4  # share of the sentence's content words the evidence window holds
MIN_COSINE = 0.5  # MiniLM cosine between the sentence and its evidence window
MIN_COSINE_COVERED = 0.35  # enough when every content word is in the window (a short excerpt of a long sentence)
TOP_WINDOWS = 3  # a name must appear in one of the best evidence windows ...
NEAR_SHARE = 0.4  # ... or in a window holding this share of the sentence's content words
CONTEXT = 4  # words either side of a number that locate what it counts
SCOPE = 4  # words either side of a negation that it is about

# With sentence vectors on, a sentence that does not copy a source passage closely is judged by a logistic score
# over a few signals; one that does copy one closely (its evidence window holds this share of its content words)
# is held to every veto above, since a changed detail in a copied sentence is the error. Weights fitted by
# bench/consistency.py on SummEdits news dev and the 'evaluation' rows of seven other domains (transcripts,
# emails, chats, abstracts), classes and domains weighted alike; signs held to the plain sense (more similarity
# helps, an absent number or name hurts). `swap` reads lexicon.py's closed classes and antonyms, which were
# written after reading news dev errors: the bench reports the same fit without it beside this one.
CLOSE = 0.7
# A short sentence is mostly the relation of its names ("Kim visited Hanoi"): names the sources never put
# together reject it however it scores. Longer sentences fuse facts from across a document, where they do not.
SHORT = 6  # content words
MODEL = {"bias": 0.184, "cosine": 0.422, "numbers_absent": -2.462, "numbers_elsewhere": -0.3,
         "names_absent": -1.562, "names_far": -0.098, "negation_added": -1.181, "swap": -1.84}


@dataclass
class SupportResult:
    """One checked sentence: supported or not, the best evidence, and why."""

    text: str
    supported: bool
    evidence: Optional[str]
    score: float = 0.0
    reasons: list[str] = field(default_factory=list)
    features: dict = field(default_factory=dict)


def _numbers(text: str) -> set[str]:
    """Numbers written in text, digits, number words and ordinals, normalised ("eleven" and "11" meet)."""
    out = ordinals(text)
    low = text.lower()
    for w in words(text):
        lw = w.lower()
        if lw[0].isdigit():
            out.add(lw.replace(",", "").rstrip("0").rstrip(".") if "." in lw else lw.replace(",", ""))
        elif lw in UNITS and lw not in ("one", "a", "hundred"):
            out.add(str(UNITS[lw]))
    if "a dozen" in low:
        out.add("12")
    return out


class Sources:
    """Source sentences and their two-sentence windows, with vectors and content words, built once."""

    def __init__(self, sources: Union[Sequence[str], Sequence[Sentence]], embed: bool = True):
        self.sentences: list[str] = []
        self.windows: list[str] = []
        self.parts: list[tuple[int, ...]] = []  # the source sentences (indexes) each window is made of
        for doc in self._docs(sources):
            sents = [s for s in doc if s.strip()]
            first = len(self.sentences)
            self.sentences.extend(sents)
            self.windows.extend(sents)
            self.windows.extend(a + " " + b for a, b in zip(sents, sents[1:]))
            self.parts.extend((first + i,) for i in range(len(sents)))
            self.parts.extend((first + i, first + i + 1) for i in range(len(sents) - 1))
        self.all_text = " ".join(self.sentences)
        self.all_lower = self.all_text.lower()
        self.all_nodots = self.all_lower.replace(".", "")  # "U.K." and "UK" meet
        self.keys = [{key(w) for w in content(t)} for t in self.windows]
        self.all_keys = set().union(*self.keys) if self.keys else set()
        self.sentence_numbers = [_numbers(t) for t in self.sentences]
        self.all_numbers = set().union(*self.sentence_numbers) if self.sentence_numbers else set()
        self.sentence_keys = [{key(w) for w in content(t)} for t in self.sentences]
        # every token, lower-cased without dots: a name is backed however the window capitalises it
        self.tokens = [tokens(t) for t in self.windows]
        self.all_tokens = set().union(*self.tokens) if self.tokens else set()
        self.proper = proper_words(self.sentences)  # a sentence's first word is a name when the sources say so
        self.vectors = None
        if embed and self.windows:
            from ..embed import get_embedder

            self.vectors = get_embedder().encode(self.windows)

    @staticmethod
    def _docs(sources) -> list[list[str]]:
        if sources and not isinstance(sources[0], str):
            by_article: dict[str, list[str]] = {}
            for s in sources:
                by_article.setdefault(s.article, []).append(s.text)
            return list(by_article.values())
        return [split_sentences(doc) for doc in sources]


def _near(kset: set[str], score: np.ndarray, src: Sources) -> list[int]:
    """Windows that can back a name in the sentence: the best few, and any holding much of its content."""
    top = set(np.argsort(-score)[:TOP_WINDOWS].tolist())
    need = NEAR_SHARE * len(kset)
    return [i for i, k in enumerate(src.keys) if i in top or len(kset & k) >= need]


def _unanchored_numbers(sentence: str, src: Sources) -> list[str]:
    """Numbers of the sentence (as written) that no source sentence gives together with the words around them.

    "The storm killed 20 people" is not backed by "20 schools would stay closed" in the next sentence:
    the number must share a source sentence with at least two of its neighbouring content words.
    """
    toks = words(sentence)
    missing = []
    for i, tok in enumerate(toks):
        value = _numbers(tok)
        if not value:
            continue
        around = toks[max(0, i - CONTEXT):i] + toks[i + 1:i + 1 + CONTEXT]
        ctx = {key(w) for w in content(" ".join(around))}
        need = min(2, len(ctx))
        if not any(value <= nums and len(ctx & k) >= need for nums, k in zip(src.sentence_numbers, src.sentence_keys)):
            missing.append(tok)
    return missing


def _relevant_negation(kset: set[str], window: int, src: Sources) -> bool:
    """Whether the evidence window negates, judged on its sentences that say something of the checked sentence:
    a "has not condemned" in the window's other sentence is not a negation of what the sentence states."""
    parts = src.parts[window]
    shared = [len(kset & src.sentence_keys[p]) for p in parts]
    keep = [p for p, n in zip(parts, shared) if n and 3 * n >= max(shared)] or list(parts)
    return any(negated(src.sentences[p]) for p in keep)


def _names_apart(sentence: str, src: Sources) -> list[str]:
    """Names of the sentence that no source window mentions together with any of its other names.

    "Kim Jong Un visited Hanoi" is not backed by one paragraph on Kim Jong Un and another on Hanoi: a sentence
    relates its names, so each must meet another of them somewhere in the sources.
    """
    runs = name_runs(sentence, src.proper)
    if len(runs) < 2:
        return []
    seen = [[i for i, t in enumerate(src.tokens) if toks & t] for _, toks in runs]
    apart = []
    for n, (shown, _) in enumerate(runs):
        mine = set(seen[n])
        if mine and not any(mine.intersection(seen[m]) for m in range(len(runs)) if m != n):
            apart.append(shown)
    return apart


def _absent(codes_: set[str], src: Sources) -> int:
    """Names and codes of the sentence the sources never write, whole or as a part ("Sims" of "Sims-based")."""
    return sum(1 for c in codes_ if c not in src.all_tokens and not any(p in src.all_tokens for p in c.split("-") if len(p) > 1))


def _scoped_negation(text: str, kset: set[str]) -> bool:
    """A negation word in text within SCOPE words of one of the content words kset (what it denies)."""
    ws = words(text)
    for i, w in enumerate(ws):
        if NEGATION.fullmatch(w) or w.lower().endswith("n't"):
            around = ws[max(0, i - SCOPE):i] + ws[i + 1:i + 1 + SCOPE]
            if any(key(a) in kset for a in around if a.lower() not in STOPWORDS):
                return True
    return False


def features(sentence: str, src: Sources) -> tuple[dict, Optional[str]]:
    """The support features of one sentence against the sources, and the best evidence window."""
    kset = {key(w) for w in content(sentence)}
    if not src.windows or not kset:
        return {"coverage": 0.0, "cosine": 0.0, "novel": len(kset), "missing_numbers": 0,
                "missing_names": 0, "negation": 0, "swap": 0, "numbers_absent": 0, "numbers_elsewhere": 0,
                "names_absent": 0, "names_far": 0, "names_apart": 0, "content_words": len(kset), "negation_added": 0,
                "why": {}}, None
    cover = np.array([len(kset & k) / len(kset) for k in src.keys])
    if src.vectors is not None:
        from ..embed import get_embedder

        cos = src.vectors @ get_embedder().encode([sentence])[0]
    else:
        cos = cover.copy()
    score = 0.5 * cos + 0.5 * cover
    best = int(np.argmax(score))
    ev = src.windows[best]
    near = _near(kset, score, src)
    # A name must sit in evidence about the same thing, not merely anywhere in the sources.
    near_tokens = set().union(*(src.tokens[i] for i in near))
    numbers = _unanchored_numbers(sentence, src)
    unknown = codes(sentence) - near_tokens
    apart = _names_apart(sentence, src)
    swapped = swaps(sentence, ev)
    absent_numbers = [n for n in numbers if not _numbers(n) <= src.all_numbers]
    absent_names = _absent(codes(sentence), src)
    feats = {
        "coverage": float(cover[best]),
        "cosine": float(cos[best]),
        "novel": sum(1 for k in kset if k not in src.all_keys),  # reported, not a veto: synonyms are new words too
        "missing_numbers": len(numbers),
        "missing_names": len(unknown) + len(apart),
        "negation": int(negated(sentence) != _relevant_negation(kset, best, src)),
        "swap": len(swapped),
        # the model's signals: the vetoes' findings told apart by how far from the evidence they are
        "numbers_absent": len(absent_numbers),
        "numbers_elsewhere": len(numbers) - len(absent_numbers),
        "names_absent": absent_names,
        "names_apart": len(apart),
        "content_words": len(kset),
        "names_far": max(0, len(unknown) - absent_names),
        "negation_added": int(_scoped_negation(sentence, kset) and not negated(ev)),
        # what the vetoes found, for the reasons: numbers no source gives at all vs given about something else,
        # names no nearby evidence holds, names the sources never put together
        "why": {
            "numbers_absent": absent_numbers,
            "numbers_elsewhere": [n for n in numbers if _numbers(n) <= src.all_numbers],
            "names_unknown": [shown for shown, toks in name_runs(sentence) if toks & unknown]
            or sorted(unknown),
            "names_apart": apart,
            "swapped": swapped,
        },
    }
    return feats, ev


# reasons about the wording, which a comparison by meaning may lift; any other reason is about the facts
_WORDING_ONLY = ("the evidence covers too little of the sentence", "no source sentence says the same")


def _listed(what: list[str]) -> str:
    return ": " + ", ".join(dict.fromkeys(what)) if what else ""


def decide(f: dict) -> tuple[bool, list[str]]:
    """Supported when no veto fires and the evidence covers the sentence closely enough; each reason says
    which veto fired and, when known, on which words."""
    why = f.get("why") or {}
    reasons = []
    if f["missing_numbers"]:
        absent, elsewhere = why.get("numbers_absent", []), why.get("numbers_elsewhere", [])
        if absent or not elsewhere:
            reasons.append("a number the sources do not give" + _listed(absent))
        if elsewhere:
            reasons.append("a number the sources give only about something else" + _listed(elsewhere))
    if f["missing_names"]:
        unknown, apart = why.get("names_unknown", []), why.get("names_apart", [])
        if unknown or not apart:
            reasons.append("a name the sources do not mention" + _listed(unknown))
        if apart:
            reasons.append("a name the sources never mention together with the sentence's other names"
                           + _listed(apart))
    if f["negation"]:
        reasons.append("negation differs from the evidence")
    if f["swap"]:
        reasons.append("a word swapped for a different or opposite one (colour, ordinal, role, antonym)"
                       + _listed(why.get("swapped", [])))
    if f["coverage"] < MIN_COVERAGE:
        reasons.append("the evidence covers too little of the sentence")
    if f["cosine"] < MIN_COSINE and not (f["coverage"] >= 0.99 and f["cosine"] >= MIN_COSINE_COVERED):
        reasons.append("no source sentence says the same")
    return not reasons, reasons


def model_score(f: dict, model: Mapping[str, float] = MODEL) -> float:
    """The logistic score of a sentence's features (>= 0: supported)."""
    return model["bias"] + sum(w * float(f.get(k, 0)) for k, w in model.items() if k != "bias")


def judge(f: dict, model: Mapping[str, float] = MODEL) -> tuple[bool, list[str]]:
    """Supported when a close copy of its evidence passes every veto, or a looser sentence scores >= 0; the
    reasons are the vetoes' (the facts first), else that no source sentence says the same."""
    ok, reasons = decide(f)
    facts = [r for r in reasons if r not in _WORDING_ONLY]
    if facts and (f["coverage"] >= CLOSE or (f.get("names_apart") and f.get("content_words", SHORT + 1) <= SHORT)):
        return False, facts
    if model_score(f, model) >= 0:
        return True, []
    return False, facts or [r for r in reasons if r in _WORDING_ONLY] or [_WORDING_ONLY[1]]


def check_sentences(sentences: Sequence[str], sources: Union[Sequence[str], Sequence[Sentence], Sources],
                    embed: bool = True, model: Optional[Mapping[str, float]] = MODEL) -> list[SupportResult]:
    """One SupportResult per sentence, in order: supported or not, with its best evidence. With vectors and a
    model, `judge` decides; by words alone (or model=None), the strict all-vetoes rule `decide`."""
    src = sources if isinstance(sources, Sources) else Sources(sources, embed=embed)
    scored = model is not None and src.vectors is not None
    out = []
    for s in sentences:
        f, ev = features(s, src)
        ok, reasons = judge(f, model) if scored else decide(f)
        out.append(SupportResult(text=s, supported=ok, evidence=ev, score=round(0.5 * f["cosine"] + 0.5 * f["coverage"], 4),
                                 reasons=reasons, features=f))
    return out


def check(sources: Union[Sequence[str], Sequence[Sentence]], text: str, embed: bool = True) -> list[SupportResult]:
    """Check every sentence of text against the sources."""
    return check_sentences(split_sentences(text), sources, embed=embed)


class Backing:
    """backs(article id, text[, evidence]): does that one article back every sentence of text, by `check`?

    Lexically against the whole article; where only the wording failed (no fact missing), `embed` is on and
    `evidence` (the article's sentence aligned with text) is given, by meaning (MiniLM) too, against that
    sentence. Each article's lexical sources are built once per Backing.
    """

    def __init__(self, texts: Mapping[str, str], embed: bool = True):
        self.texts = texts
        self.embed = embed
        self._sources: dict[str, Sources] = {}

    def lexical(self, article: str, text: str) -> bool:
        """The article backs every sentence of text by words alone (check with embed=False)."""
        results = self._lexical(article, split_sentences(text))
        return bool(results) and all(r.supported for r in results)

    def _lexical(self, article: str, sentences: list[str]) -> list[SupportResult]:
        src = self._sources.get(article)
        if src is None:
            src = self._sources[article] = Sources([self.texts[article]], embed=False)
        return check_sentences(sentences, src)

    def __call__(self, article: str, text: str, evidence: Optional[str] = None) -> bool:
        sentences = split_sentences(text)
        results = self._lexical(article, sentences)
        if results and all(r.supported for r in results):
            return True
        if not (self.embed and evidence and results and all(set(r.reasons) <= set(_WORDING_ONLY) for r in results)):
            return False
        # closeness in meaning alone is not backing: "the aircraft crashed in Denver" is close to "the plane
        # landed safely in Denver" (cosine 0.81); check's own coverage and similarity bars must both hold
        return all(r.supported for r in check_sentences(sentences, Sources([evidence], embed=True), model=None))
