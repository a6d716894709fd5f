"""Numbers in an article: money, percentages, counts (digits or words), ordinals, years, quantities."""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Optional

from .numwords import DIGITS, ORDINAL_WORD, WORD_NUMBER, digits_value, number_value, ordinal_value

CURRENCY_SIGNS = {"us$": "USD", "$": "USD", "a$": "AUD", "c$": "CAD", "s$": "SGD", "hk$": "HKD", "nz$": "NZD",
                  "€": "EUR", "£": "GBP", "¥": "JPY", "₽": "RUB", "₫": "VND", "₹": "INR"}
CURRENCY_WORDS = {"dollar": "USD", "dollars": "USD", "euro": "EUR", "euros": "EUR", "pound": "GBP", "pounds": "GBP",
                  "rouble": "RUB", "roubles": "RUB", "ruble": "RUB", "rubles": "RUB", "yuan": "CNY", "yen": "JPY",
                  "dong": "VND", "rupee": "INR", "rupees": "INR", "usd": "USD", "eur": "EUR", "gbp": "GBP",
                  "rub": "RUB", "cny": "CNY", "vnd": "VND", "jpy": "JPY", "sgd": "SGD"}
SCALE = {"k": 1e3, "thousand": 1e3, "m": 1e6, "mn": 1e6, "mln": 1e6, "million": 1e6, "bn": 1e9, "b": 1e9,
         "billion": 1e9, "tn": 1e12, "tr": 1e12, "trillion": 1e12}
APPROX = ("more than", "less than", "fewer than", "over", "nearly", "almost", "about", "around", "approximately",
          "roughly", "some", "at least", "up to", "just over", "just under", "under", "close to", "an estimated",
          "upwards of", "as many as", "as much as")
EXACT = ("just", "only", "all", "exactly", "at most")

_NUM = r"(?P<num>" + DIGITS + r")"
_SCALE = r"(?:\s?(?P<scale>bn|mn|mln|tn|k|m|b|billion|million|thousand|trillion)\b)?"
MONEY_SIGN = re.compile(r"(?P<cur>US\$|A\$|C\$|S\$|HK\$|NZ\$|\$|€|£|¥|₽|₫|₹)\s?" + _NUM + _SCALE, re.I)
MONEY_CODE = re.compile(r"\b(?P<cur>USD|EUR|GBP|RUB|CNY|VND|JPY|SGD)\s?" + _NUM + _SCALE)
MONEY_WORD = re.compile(r"(?P<num>" + DIGITS + r"|" + WORD_NUMBER.pattern[2:-2] + r")\s+(?:(?P<scale>billion|million|thousand|trillion)\s+)?"
                        r"(?P<cur>dollars|euros|pounds|roubles|rubles|yuan|yen|dong|rupees|USD|EUR|GBP|RUB|CNY|VND)\b", re.I)
PERCENT = re.compile(r"(?<![\w.])(?P<num>" + DIGITS + r"|" + WORD_NUMBER.pattern[2:-2] + r")\s*(?:%|percent\b|per\s+cent\b|"
                     r"percentage\s+points?\b)", re.I)
AGE = re.compile(r"(?<![\w.])(?P<num>\d{1,3}|" + WORD_NUMBER.pattern[2:-2] + r")[\s-]+years?[\s-]+old\b|\baged\s+(?P<num2>\d{1,3})\b", re.I)
QUANTITY = re.compile(r"(?<![\w.])(?P<num>" + DIGITS + r")\s*-?\s*(?P<unit>km|kilomet(?:er|re)s?|miles?|kg|kilograms?|"
                      r"tons?|tonnes?|met(?:er|re)s?|feet|foot|ft|mph|km/h|barrels?|megawatts?|MW|GW|gigawatts?|acres?|"
                      r"hectares?|degrees?|inches|cm|mm|magnitude)\b|\bmagnitude[\s-]+(?P<num2>\d+(?:\.\d+)?)", re.I)
YEAR = re.compile(r"(?<![\d$€£,.])\b(?P<num>1[89]\d\d|20\d\d)\b(?![-,.]?\d)")
DIGIT_COUNT = re.compile(r"(?<![\w.,:/$€£-])(?P<num>" + DIGITS + r")(?![\w:/]|[.,]\d)")
ORDINAL = re.compile(r"\b(?P<num>\d+(?:st|nd|rd|th)|" + ORDINAL_WORD.pattern[2:-2] + r")\b", re.I)
_QUAL = re.compile(r"(?:^|\W)(?P<q>" + "|".join(sorted(APPROX + EXACT, key=len, reverse=True)) + r")\s+$", re.I)
_NOUNISH = {"NN", "NNS", "NNP", "NNPS", "JJ", "JJR", "JJS", "CD"}  # Penn tags of a noun phrase's words
_NOT_ORDINAL_BEFORE = re.compile(r"\bat\s+$", re.I)
_NOT_ORDINAL_AFTER = re.compile(r"-hour\b|\s+(?:Street|St\.|Avenue|Ave\.?|Road|Rd\.?|Boulevard|Blvd\.?|Precinct|Ward)\b")
_ONE_PRONOUN_BEFORE = re.compile(r"\b(?:no|any|every|some|each|the|this|that|which)\s+$", re.I)
_ONE_PRONOUN_AFTER = re.compile(r"\s+(?:of|another|who|that|which|thing|is|has|can|must|would|should|could|may|does)\b|-")
_FUNCTION_WORDS = "About|Some|Over|Nearly|Only|All|The|And|In|At|On|By|With|For|From|To|Of|Just|Around|Almost|Under|No|Top|Up"
# A number right after a capitalised word is a name or model ("Interstate 75", "Highway 175", "Windows 2000").
_NAME_BEFORE = re.compile(r"(?<![.!?]\s)(?<!^)\b(?!(?:" + _FUNCTION_WORDS + r")\b)[A-Z][A-Za-z]+\s+$")
_SCORE_AFTER = re.compile(r"\s*[-–]\s*\d")  # "Drake 65-53": a score after a name, not a model number
_MONTH = re.compile(r"\b(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?\s+$")


@dataclass
class FoundNumber:
    """One number expression: span, kind, value, unit, what it counts and its qualifier."""
    start: int
    end: int
    kind: str
    value: Optional[float]
    unit: Optional[str] = None
    counts: Optional[str] = None
    approx: bool = False
    qualifier: Optional[str] = None


HYPHEN_WORD = re.compile(r"-([A-Za-z]+)")  # "11-member", "four-day": the counted noun follows the hyphen


def _qualifier(text: str, start: int) -> tuple[bool, Optional[str]]:
    """Approximation or exactness word right before the number ("about", "more than", "all")."""
    m = _QUAL.search(text[max(0, start - 20) : start])
    if not m:
        return False, None
    q = re.sub(r"\s+", " ", m["q"].lower())
    return q in APPROX, q


def _counted(doc, text: str, end: int) -> Optional[str]:
    """The noun a number counts: "-nation" in "two-nation", else the head of the noun run right after it."""
    hyph = HYPHEN_WORD.match(text[end : end + 30])
    if hyph:
        return hyph.group(1).lower()
    if doc is None:
        return None
    tok = doc.char_span(end, end, alignment_mode="expand")
    i = next((t.i for t in doc[max(0, (tok.start if tok is not None else 0)) :] if t.idx >= end), None)
    if i is None:
        return None
    noun = None
    for t in doc[i : i + 5]:
        if t.tag_ in ("NN", "NNS") or (t.tag_.startswith("NNP") and t.text[:1].islower()):
            noun = t.text.lower()
        elif t.tag_ in _NOUNISH or t.text == "-":
            if noun and t.tag_.startswith("JJ"):
                break
        else:
            break
    return noun


def _value_scaled(num: str, scale: Optional[str]) -> Optional[float]:
    """Value of a number times its scale word ("3.5" "bn" -> 3.5e9)."""
    v = number_value(num)
    if v is None:
        return None
    return v * SCALE.get((scale or "").lower(), 1.0)


def find_numbers(text: str, doc=None, blocked: list[tuple[int, int]] = ()) -> list[FoundNumber]:
    """Every number expression outside the given date spans (years always), without overlaps, in text order."""
    found: list[FoundNumber] = []
    for rx in (MONEY_SIGN, MONEY_CODE):
        for m in rx.finditer(text):
            cur = m["cur"].lower()
            unit = CURRENCY_SIGNS.get(cur) or CURRENCY_WORDS.get(cur)
            found.append(FoundNumber(m.start(), m.end(), "money", _value_scaled(m["num"], m["scale"]), unit))
    for m in MONEY_WORD.finditer(text):
        found.append(FoundNumber(m.start(), m.end(), "money", _value_scaled(m["num"], m["scale"]),
                                 CURRENCY_WORDS.get(m["cur"].lower())))
    for m in PERCENT.finditer(text):
        found.append(FoundNumber(m.start(), m.end(), "percent", number_value(m["num"]), "%"))
    for m in AGE.finditer(text):
        found.append(FoundNumber(m.start(), m.end(), "quantity", number_value(m["num"] or m["num2"]), "years old"))
    for m in QUANTITY.finditer(text):
        unit = (m["unit"] or "magnitude").lower()
        found.append(FoundNumber(m.start(), m.end(), "quantity", digits_value(m["num"] or m["num2"]), unit))
    for m in YEAR.finditer(text):
        if all(m.end() <= b0 or m.start() >= b1 for b0, b1 in blocked):
            found.append(FoundNumber(m.start(), m.end(), "year", float(m["num"])))
    taken = sorted(found, key=lambda f: (-(f.end - f.start), f.start))
    chosen: list[FoundNumber] = []
    for f in taken:
        if all(f.end <= c.start or f.start >= c.end for c in chosen):
            chosen.append(f)

    def free(s: int, e: int) -> bool:
        return all(e <= c.start or s >= c.end for c in chosen) and all(e <= b0 or s >= b1 for b0, b1 in blocked)

    for m in ORDINAL.finditer(text):
        if _NOT_ORDINAL_BEFORE.search(text[max(0, m.start() - 4) : m.start()]) or _NOT_ORDINAL_AFTER.match(text, m.end()):
            continue  # "at first", "eleventh-hour", "97th Avenue"
        if free(m.start(), m.end()):
            chosen.append(FoundNumber(m.start(), m.end(), "ordinal", float(ordinal_value(m["num"]) or 0) or None,
                                      counts=_counted(doc, text, m.end())))
    for rx, kind in ((WORD_NUMBER, "words"), (DIGIT_COUNT, "digits")):
        for m in rx.finditer(text):
            s, e = m.start(), m.end()
            if not free(s, e):
                continue
            raw = m.group(0)
            if (kind == "digits" and _NAME_BEFORE.search(text[max(0, s - 30) : s]) and not _MONTH.search(text[max(0, s - 12) : s])
                    and not _SCORE_AFTER.match(text, e)):
                continue  # "Interstate 75", "Curve 8900": part of a name
            if raw.lower() == "one" and (_ONE_PRONOUN_BEFORE.search(text[max(0, s - 8) : s])
                                         or _ONE_PRONOUN_AFTER.match(text, e)):
                continue  # "one of them", "no one", "one another": a pronoun, not a count
            counts = _counted(doc, text, e)
            value = number_value(raw)
            if value is None:
                continue
            chosen.append(FoundNumber(s, e, "count", value, counts=counts))
    for f in chosen:
        f.approx, f.qualifier = _qualifier(text, f.start)
    return sorted(chosen, key=lambda f: (f.start, f.end))
