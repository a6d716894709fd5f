"""Numbers written as words or digits ("eleven", "a dozen", "twenty-one", "1,200", "3.5") to values."""
from __future__ import annotations

import re
from typing import Optional

UNITS = {"zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
         "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
         "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19}
TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80,
        "ninety": 90}
SCALES = {"hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000,
          "trillion": 1_000_000_000_000}
ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8,
            "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13, "fourteenth": 14,
            "fifteenth": 15, "sixteenth": 16, "seventeenth": 17, "eighteenth": 18, "nineteenth": 19,
            "twentieth": 20, "thirtieth": 30, "fortieth": 40, "fiftieth": 50, "sixtieth": 60,
            "seventieth": 70, "eightieth": 80, "ninetieth": 90, "hundredth": 100, "thousandth": 1000}
# Phrases that are numbers without a digit or number word in them.
IDIOMS = {"a dozen": 12, "half a dozen": 6, "a couple of": 2, "a couple": 2, "a pair of": 2, "a hundred": 100,
          "a thousand": 1000, "a million": 1_000_000, "a billion": 1_000_000_000, "a score of": 20,
          "a decade": 10, "a century": 100}
_WORD = "|".join(sorted([*UNITS, *TENS, *SCALES, "dozen", "and", "a"], key=len, reverse=True))
# A run of number words: "twenty-one", "two hundred and fifty", "a dozen", "eleven" ("zero" is left out:
# in news it is "zero-day", "zero tolerance", not a count).
WORD_NUMBER = re.compile(
    r"\b(?:half\s+a\s+dozen|a\s+couple(?:\s+of)?|a\s+dozen|(?:a\s+)?(?:"
    + "|".join(sorted([*(u for u in UNITS if u != "zero"), *TENS, *SCALES], key=len, reverse=True))
    + r")(?:[\s-]+(?:" + _WORD + r")\b)*)\b",
    re.I,
)
DIGITS = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_ORD_WORD = re.compile(r"\b(?:(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)-)?(?:" + "|".join(ORDINALS) + r")\b", re.I)


def words_value(text: str) -> Optional[float]:
    """Value of a number written in words, None when the words do not make one number."""
    t = re.sub(r"\s+", " ", text.lower().replace("-", " ")).strip()
    if t in IDIOMS:
        return float(IDIOMS[t])
    if t.startswith("a ") and t[2:] in SCALES:
        return float(SCALES[t[2:]])
    total, current, seen = 0, 0, False
    for w in t.split():
        if w in ("and", "a"):
            continue
        if w in UNITS:
            current += UNITS[w]
        elif w in TENS:
            current += TENS[w]
        elif w == "dozen":
            current = (current or 1) * 12
        elif w in SCALES:
            scale = SCALES[w]
            if scale == 100:
                current = (current or 1) * 100
            else:
                total += (current or 1) * scale
                current = 0
        else:
            return None
        seen = True
    return float(total + current) if seen else None


def digits_value(text: str) -> Optional[float]:
    """Value of "1,200" / "3.5" / "40"."""
    try:
        return float(text.replace(",", ""))
    except ValueError:
        return None


def ordinal_value(text: str) -> Optional[int]:
    """Value of "fifth", "twenty-first", "30th"."""
    t = text.lower()
    m = re.fullmatch(r"(\d+)(?:st|nd|rd|th)", t)
    if m:
        return int(m.group(1))
    if "-" in t:
        tens, _, unit = t.partition("-")
        if tens in TENS and unit in ORDINALS:
            return TENS[tens] + ORDINALS[unit]
    return ORDINALS.get(t)


def number_value(text: str) -> Optional[float]:
    """Value of a number in digits or words."""
    v = digits_value(text)
    return v if v is not None else words_value(text)


ORDINAL_WORD = _ORD_WORD
