"""Checkable facts in a sentence: amounts (counts, money, percents), years, durations and quotes.

Each fact carries the range of values its wording allows, so "about 60 percent" and "60 percent" (or
"$3.5bn" and "$3.47 billion") overlap and are never reported as a disagreement.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass

from .text import STOPWORDS, stem

UNITS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30,
    "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100,
    "a dozen": 12, "dozen": 12, "a hundred": 100, "a thousand": 1000, "a decade": 10, "a year": 1,
    "a month": 1, "a week": 1, "a day": 1, "an hour": 1, "half a dozen": 6, "a couple of": 2,
}
SCALES = {"thousand": 1e3, "k": 1e3, "million": 1e6, "m": 1e6, "mn": 1e6, "billion": 1e9, "bn": 1e9,
          "b": 1e9, "trillion": 1e12, "tn": 1e12}
CURRENCY = {"$": "USD", "us$": "USD", "€": "EUR", "£": "GBP", "¥": "JPY", "dollars": "USD", "dollar": "USD",
            "euros": "EUR", "euro": "EUR", "pounds": "GBP", "yuan": "CNY", "rubles": "RUB", "roubles": "RUB",
            "dong": "VND", "yen": "JPY", "rupees": "INR"}
APPROX = {"about", "around", "approximately", "roughly", "nearly", "almost", "some", "an estimated",
          "estimated", "close to", "up to", "at least", "more than", "over", "less than", "under",
          "fewer than", "upwards of", "as many as", "at most", "just over", "just under", "below", "above"}
PLURAL_APPROX = {"dozens": (24, 99), "hundreds": (200, 999), "thousands": (2000, 9999), "millions": (2e6, 9e8)}

_WORDNUM = "|".join(sorted((re.escape(k) for k in UNITS), key=len, reverse=True))
_QUAL = "|".join(sorted((re.escape(k) for k in APPROX), key=len, reverse=True))
NUMBER = re.compile(
    r"(?:(?P<qual>" + _QUAL + r")\s+)?"
    r"(?P<cur>US\$|[$€£¥])?\s?"
    r"(?P<num>(?<![\w.])\d{1,3}(?:,\d{3})+(?:\.\d+)?|(?<![\w.])\d+(?:\.\d+)?|\b(?:" + _WORDNUM + r")\b|\b(?:dozens|hundreds|thousands|millions)\b)"
    r"(?:\s?(?P<scale>thousand|million|billion|trillion|bn|mn|tn|[mkb])\b)?"
    r"(?:\s?(?P<pct>%|percent\b|per cent\b|percentage points?\b))?",
    re.I,
)
_SPAN_WORDS = "|".join(k for k in UNITS if " " not in k)
YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)\b")
# "in more than a decade", "for the first time in 20 years", "in over two decades"
SPAN = re.compile(r"\b(?:in|for)\s+(?:(?P<qual>more than|over|nearly|almost|about|less than|under|at least|just over)\s+)?"
                  r"(?P<num>\d+|an?|" + _SPAN_WORDS + r")\s+(?P<unit>decade|year|month|week|day)s?\b", re.I)
SINCE = re.compile(r"\bsince\s+(?:(?:the|its|his|her|their)\s+)?(?:\w+\s+){0,2}?(?P<year>1[89]\d\d|20\d\d)\b", re.I)
FIRST = re.compile(r"\bfirst\b", re.I)
QUOTE = re.compile(r"[“\"]([^“”\"]{12,}?)[”\"]")
UNIT_YEARS = {"decade": 10.0, "year": 1.0, "month": 1 / 12, "week": 1 / 52, "day": 1 / 365}
TIME_NOUNS = {stem(w) for w in ("year", "years", "decade", "decades", "month", "months", "week", "weeks", "day", "days",
                                "hour", "hours", "minute", "minutes", "second", "seconds", "time", "times",
                                "century", "am", "pm")}
NOT_NOUNS = {"last", "next", "ago", "earlier", "later", "each", "apiece", "overall", "total", "altogether", "before"}
WORDISH = re.compile(r"[A-Za-z][A-Za-z\-]*")
COMPOUND_AFTER = re.compile(r"\s?(?:[-–:/]\s?\w|\.\d)")
COMPOUND_BEFORE = re.compile(r"(?:[-–:/#]\s?|\d\s)$")
MONTHS = {"january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
          "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec"}
# words that introduce a year-shaped number as a year ("the 2020 elections", "in 2009", "fiscal 2023 sales")
# ("compared with 2022", "pre-2019", "versus 2021"); "over"/"than"/"below" are not here: "over 2000 people"
YEAR_BEFORE = re.compile(r"\b(?:the|in|since|of|from|by|until|till|before|after|during|its|their|his|her|our|this|"
                         r"that|fiscal|for|to|between|through|a|an|mid|late|early|summer|winter|spring|autumn|fall|"
                         r"compared\s+(?:with|to)|versus|vs\.?|pre|post)"
                         r"[\s-]*$", re.I)
# plural nouns a year usually modifies: "below 2019 levels", "beat 2023 numbers" compare with a year, count nothing
YEAR_NOUNS = {stem(w) for w in ("levels", "figures", "numbers", "prices", "rates", "results", "elections", "polls",
                                "seasons", "budgets", "highs", "lows", "totals", "estimates", "forecasts", "earnings",
                                "models", "editions", "standards", "peaks")}
PRE_VERB = re.compile(r"\b([a-z]+ed|hurt|killed|left|sent|built|sold|bought|lost|won|held|made)\s+(?:about |around |some |nearly |almost |at least |more than |over )?$")
PARTICIPLE = re.compile(r"\s+(?:were|was|have been|had been|has been|are|is|had|have)\s+(?:\w+ly\s+)?([a-z]+(?:ed|en|t))\b")


FLOOR_SLACK = 0.1  # two "at least"/"more than" floors this close are one floor, rounded


@dataclass(frozen=True)
class Fact:
    """One checkable value: kind, the span as written, what it measures (key) and the values it allows."""

    kind: str  # count | money | percent | year | duration
    text: str
    start: int
    end: int
    key: str  # counted noun / currency / "since" ... : only facts with equal keys are compared
    lo: float
    hi: float
    noun: str = ""  # the counted noun as written
    role: str = ""  # what happened to what was counted ("injur" in "14 people were injured")

    def overlaps(self, other: "Fact") -> bool:
        """True when both wordings allow a common value; two floors ("at least three" / "at least 10 killed")
        agree only when they are one floor rounded (each report gives the count it knows, and those differ)."""
        if self.hi == other.hi == math.inf and self.lo > 0 and other.lo > 0:
            return abs(self.lo - other.lo) <= FLOOR_SLACK * max(self.lo, other.lo) + 1
        return self.lo <= other.hi and other.lo <= self.hi


def _value(raw: str) -> tuple[float, float] | None:
    """The number written and half the size of its last written digit (its rounding)."""
    low = raw.lower()
    if low in UNITS:
        v = float(UNITS[low])
        return v, 0.499 if v < 100 else v * 0.05
    if low in PLURAL_APPROX:
        return None
    txt = raw.replace(",", "")
    try:
        v = float(txt)
    except ValueError:
        return None
    if "." in txt:
        return v, 0.499 * 10 ** -len(txt.split(".")[1])
    zeros = len(txt) - len(txt.rstrip("0")) if v else 0
    return v, 0.499 * 10 ** zeros


def _range(v: float, tol: float, qual: str | None) -> tuple[float, float]:
    """The values a qualified number allows ("more than 10" → (10, inf), "about 60" → ±15%)."""
    q = (qual or "").lower()
    if q in ("more than", "over", "above", "upwards of", "just over"):
        return v, math.inf
    if q in ("at least",):
        return v - tol, math.inf
    if q in ("less than", "under", "fewer than", "below", "just under"):
        return 0.0, v
    if q in ("up to", "at most", "as many as"):
        return 0.0, v + tol
    if q in ("nearly", "almost"):
        return v * 0.8, v + tol
    if q:
        return v * 0.85 - tol, v * 1.15 + tol
    return v - tol, v + tol


def _counted(text: str, end: int) -> tuple[str, str, str]:
    """(stem, word, role) of what a number counts: the head noun of the next few words, and the participle
    that follows it ("14 people were injured" → people, injured) so died and injured people stay apart."""
    run: list[str] = []
    tail = text[end:end + 80]
    pos = 0
    for m in WORDISH.finditer(tail):
        if tail[pos:m.start()].strip(" -") and (run or pos == 0 and tail[:m.start()].strip(" -")):
            break  # punctuation: the noun phrase ended (or the number counts nothing written)
        w = m.group(0)
        low = w.lower()
        if low in STOPWORDS or low in NOT_NOUNS or w.islower() and low.endswith(("ly", "ed")) or len(run) == 3:
            break
        run.append(w)
        pos = m.end()
    if not run:
        return "", "", ""
    plural = [w for w in run if w.lower().endswith("s") and not w.isupper() and w.lower() not in MONTHS]
    word = plural[-1] if plural else run[-1]
    if word.lower() in MONTHS or word[0].isupper() and not plural or word.lower().endswith("ing"):
        return "", "", ""  # "15 November", "six AK-47s", "nine voting": not a counted noun
    role = PARTICIPLE.match(tail[pos:])
    mods = " ".join(w.lower() for w in run[:run.index(word)])
    return stem(word.lower()) + ("|" + mods if mods else ""), word, role.group(1).lower() if role else ""


def _year_counts(text: str, start: int, end: int) -> bool:
    """A year-shaped number that counts things: followed by a plural noun and not introduced as a year
    ("1849 rounds of ammunition", "2000 people"; not "the 2020 elections", "in 2009 floods", "below 2019 levels")."""
    if YEAR_BEFORE.search(text, 0, start):
        return False
    _, word, _ = _counted(text, end)
    plural = word.endswith("s") or word in ("people", "men", "women", "children")
    return bool(word) and word.islower() and plural and stem(word) not in TIME_NOUNS and stem(word) not in YEAR_NOUNS


def amounts(text: str) -> list[Fact]:
    """Counts, money and percents written in text (years and time spans are left to `years`/`spans`)."""
    out = []
    for m in NUMBER.finditer(text):
        num = m.group("num")
        if YEAR.fullmatch(num) and not (m.group("cur") or m.group("pct") or m.group("scale")) \
                and not _year_counts(text, m.start("num"), m.end("num")):
            continue
        if re.match(r"0\d", num):
            continue  # "08": the tail of a number the sentence split cut ("2.08 kg")
        if not (m.group("scale") or m.group("pct")) and text[m.end("num"):m.end("num") + 1].isalpha():
            continue  # "19th", "3rd", "5G"
        if COMPOUND_AFTER.match(text, m.end("num")) or COMPOUND_BEFORE.search(text, 0, m.start("num")):
            continue  # times, ranges, dates, ids and modifiers ("11-inch", "AK-47", "06:31")
        qual = m.group("qual")
        scale = SCALES.get((m.group("scale") or "").lower(), 1.0)
        cur = m.group("cur")
        after = text[m.end():m.end() + 12].lower().split()
        if not cur and after and after[0].strip(".,;") in CURRENCY:
            cur = after[0].strip(".,;")
        if num.lower() in PLURAL_APPROX:
            lo, hi = PLURAL_APPROX[num.lower()]
        else:
            vt = _value(num)
            if vt is None:
                continue
            lo, hi = _range(vt[0] * scale, vt[1] * scale, qual)
        if m.group("pct"):
            kind, key = "percent", "%"
        elif cur:
            kind = "money"
        else:
            kind = "count"
        key, noun, role = _counted(text, m.end())
        if not role:
            before = PRE_VERB.search(text[:m.start()].rstrip() + " ")
            role = before.group(1).lower() if before else ""
        if kind == "count" and (not key or key in TIME_NOUNS):
            continue
        if kind == "money":
            key = f"{CURRENCY.get(cur.lower(), cur)}:{key}"
        lead = len(m.group(0)) - len(m.group(0).lstrip())
        out.append(Fact(kind, m.group(0).strip(), m.start() + lead, m.end(), key, lo, hi, noun, role))
    return out


def years(text: str) -> list[Fact]:
    """Years written in text keyed by the preposition before them ("since 2017", "in 2006")."""
    out = []
    for m in YEAR.finditer(text):
        if _year_counts(text, m.start(), m.end()):
            continue  # a count, read by `amounts`
        prev = re.findall(r"[A-Za-z]+", text[max(0, m.start() - 12):m.start()])
        key = prev[-1].lower() if prev else ""
        if text[m.end():m.end() + 1] == "s":  # "the 1980s"
            continue
        v = float(m.group(1))
        out.append(Fact("year", m.group(0), m.start(), m.end(), key, v, v))
    return out


def first_since(text: str, year_now: int | None) -> list[Fact]:
    """'first ... since 2017' / 'first ... in more than a decade': how many years since the last time."""
    first = FIRST.search(text)
    if not first:
        return []
    out = []
    for m in SPAN.finditer(text, first.end()):
        raw = m.group("num").lower()
        n = float(int(raw) if raw.isdigit() else UNITS.get(raw, 1))
        years_ = n * UNIT_YEARS[m.group("unit").lower()]
        lo, hi = _range(years_, 0.5 * UNIT_YEARS[m.group("unit").lower()], m.group("qual"))
        out.append(Fact("duration", m.group(0).strip(), m.start(), m.end(), "since", lo, hi))
    if year_now:
        for m in SINCE.finditer(text, first.end()):
            gap = year_now - int(m.group("year"))
            if gap >= 0:
                out.append(Fact("duration", m.group(0).strip(), m.start(), m.end(), "since", gap - 1, gap))
    return out


def quotes(text: str) -> list[Fact]:
    """Quoted passages of three or more words."""
    out = []
    for m in QUOTE.finditer(text):
        q = m.group(1).strip()
        if len(q.split()) >= 3:
            out.append(Fact("quote", q, m.start(1), m.end(1), "", 0.0, 0.0))
    return out


AGO = re.compile(r"(?:(?P<qual>more than|over|nearly|almost|about|around|some|less than|under|at least|just over)\s+)?"
                 r"(?P<num>\d+|an?|" + _SPAN_WORDS + r")\s+(?P<unit>decade|year|month|week|day)s?\s+ago\b", re.I)


def ago(text: str) -> list[Fact]:
    """'more than two decades ago', '15 years ago': how many years before publication, as a range."""
    out = []
    for m in AGO.finditer(text):
        raw = m.group("num").lower()
        n = float(int(raw) if raw.isdigit() else UNITS.get(raw, 1))
        unit = UNIT_YEARS[m.group("unit").lower()]
        lo, hi = _range(n * unit, 0.5 * unit, m.group("qual"))
        out.append(Fact("ago", m.group(0).strip(), m.start(), m.end(), "ago", lo, hi))
    return out


def year_as_ago(f: Fact, year_now: int) -> Fact:
    """A year ("in 2009") as years before publication, allowing a year either way for the month."""
    gap = year_now - f.lo
    return Fact("ago", f.text, f.start, f.end, "ago", gap - 1, gap + 1)
