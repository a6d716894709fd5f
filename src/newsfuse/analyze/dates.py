"""Date, time, duration and span expressions, normalized against the article's publication date."""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Optional

from .daymath import UNIT_FACTOR, day_of_month, fmt_num, parse_published, safe_date, shift, weekday, year_for
from .numwords import number_value

WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
MONTHS = {"january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7, "august": 8,
          "september": 9, "october": 10, "november": 11, "december": 12, "jan": 1, "feb": 2, "mar": 3, "apr": 4,
          "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9, "oct": 10, "nov": 11, "dec": 12}
UNIT_CODES = {"year": "Y", "month": "M", "week": "W", "day": "D", "decade": "Y", "century": "Y",
              "hour": "H", "minute": "M", "second": "S"}
APPROX = r"(?:more\s+than|less\s+than|fewer\s+than|over|nearly|almost|about|around|approximately|roughly|some|" \
         r"at\s+least|up\s+to|just\s+over|just\s+under|under|close\s+to|within)"
APPROX_WORDS = {"more than", "over", "nearly", "almost", "about", "around", "approximately", "roughly", "some",
                "at least", "up to", "just over", "just under", "under", "close to", "less than", "fewer than"}

_WD = r"(?P<wd>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_MON = r"(?P<mon>January|February|March|April|May|June|July|August|September|October|November|December|" \
       r"Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?"
_NUMW = r"(?P<n>\d+(?:\.\d+)?|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|" \
        r"twenty|thirty|forty|fifty|sixty|several|a\s+few|few|a\s+couple\s+of|many|recent|the\s+past|the\s+last)"
_UNIT = r"(?P<unit>decade|year|month|week|day|hour|minute|century|centuries)s?"

ISO_DATE = re.compile(r"\b(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})(?:[T ](?P<hh>\d{2}):(?P<mm>\d{2}))?\b")
MONTH_DAY = re.compile(r"\b(?:" + _WD + r",?\s+)?" + _MON + r"\s+(?P<d>\d{1,2})(?:st|nd|rd|th)?\b(?:,?\s+(?P<y>\d{4})\b)?")
DAY_MONTH = re.compile(r"\b(?:the\s+)?(?P<d>\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?" + _MON + r"(?:,?\s+(?P<y>\d{4})\b)?")
# not a month followed by its day ("by June 30" is a day, which MONTH_DAY reads)
MONTH_YEAR = re.compile(r"\b(?:(?P<q>(?i:early|mid|late|last|next|this|in|since|until|by))[\s-]+)?" + _MON
                        + r"(?!\s+\d{1,2}(?:st|nd|rd|th)?\b)(?:,?\s+(?P<y>\d{4}))?\b")
WEEKDAY = re.compile(r"\b(?:(?P<q>early|late|mid|on|this|last|next|until|through|till|from|by|since)\s+)?" + _WD
                     + r"(?:\s+(?P<part>morning|afternoon|evening|night))?(?:\s*\(\s*" + _MON + r"\s+(?P<d>\d{1,2})\s*\))?")
DAY_RANGE = re.compile(r"\b(?:from\s+)?the\s+(?P<d1>\d{1,2})(?:st|nd|rd|th)\s+(?:to|until|through|-|–|and)\s+"
                       r"(?:the\s+)?(?P<d2>\d{1,2})(?:st|nd|rd|th)\b")
DAY_ONLY = re.compile(r"\b(?:on\s+)?the\s+(?P<d>\d{1,2})(?:st|nd|rd|th)\b(?=\s*(?:[,.;:)]|$|for\b|to\b|and\b|at\b|in\b|"
                      r"when\b|after\b|before\b|but\b|as\b|with\b|from\b|until\b|of\s+(?:this|last|next)\b))")
DEICTIC = re.compile(r"\b(?P<w>today|yesterday|tomorrow|tonight|this\s+(?:morning|afternoon|evening))\b", re.I)
REL_PERIOD = re.compile(r"\b(?P<q>this|last|next|past)\s+(?P<unit>year|month|week)\b", re.I)
QUARTER = re.compile(r"\b(?:the\s+)?(?P<ord>first|second|third|fourth|last)\s+(?P<part>quarter|half)\s+(?:of\s+)?"
                     r"(?:(?P<rel>this|last|next)\s+year|(?P<y>\d{4}))\b", re.I)
DECADE = re.compile(r"\b(?:the\s+)?(?P<y>1[89]\d0|20[0-9]0)s\b")
YEAR_RANGE = re.compile(r"\b(?:from\s+|between\s+)?(?P<y1>1[89]\d\d|20\d\d)\s*(?:-|–|to|and|until)\s*"
                        r"(?P<y2>1[89]\d\d|20\d\d|\d\d)\b(?![-\d])")
YEAR = re.compile(r"(?<![\d$€£,.])\b(?:(?P<q>since|in|by|until|from|during|before|after|of|early|mid|late|through)[\s-]+)?"
                  r"(?P<y>1[89]\d\d|20\d\d)\b(?![-,.]?\d)(?!\s+(?:people|troops|soldiers|votes|cases|times|miles|"
                  r"km|kilometers|kilometres|meters|metres|feet|tons|tonnes|units|dollars)\b)")
TIME = re.compile(r"\b(?:(?P<q>around|about|approximately|at|shortly\s+after|shortly\s+before|just\s+after|just\s+before|"
                  r"before|after|by|until)\s+)?(?:(?P<h>\d{1,2})(?::(?P<m>\d{2}))?\s*(?P<ap>a\.?m\.?|p\.?m\.?)(?![a-z])|"
                  r"(?P<h24>[01]?\d|2[0-3]):(?P<m24>[0-5]\d)(?!\d)|(?P<word>midnight|noon|midday))"
                  r"(?:\s+(?:local|[A-Z][a-z]+)\s+time)?", re.I)
DURATION = re.compile(r"\b(?:(?P<q>" + APPROX + r")\s+)?" + _NUMW + r"(?:\s+|\s*-\s*)" + _UNIT
                      + r"(?P<old>[\s-]+old)?(?:\s+(?P<rel>ago|after|before|later|earlier))?", re.I)
ANCHOR_YEAR = re.compile(r"\s+(?:the\s+)?(?P<y>1[89]\d\d|20\d\d)\b(?:\s+[a-z]+)?")
FUTURE = re.compile(r"\b(?:will|would|shall|(?:is|are|was|were)\s+(?:set|scheduled|expected|due|going|preparing)\s+to|"
                    r"(?:is|are)\s+to\s+be|to\s+be\s+\w+(?:ed|en)(?=\s+(?:(?:on|by)\s*)?$)|"
                    r"(?:is|are)\s+(?:planned|scheduled|expected|due)|plans?\s+to|next|upcoming|until|through|till|'ll)\b",
                    re.I)
# a clause told in the past ("rear-ended a truck on June 8"): the date is not months ahead
PAST = re.compile(r"\b(?:was|were|had|did|\w{3,}ed|took|went|came|began|left|fell|hit|won|lost|met|saw|got|made|gave)\b",
                  re.I)
_DAY_QUAL = re.compile(r"\b(?P<q>by|until|through|till|since|before|after|from)\s+(?:the\s+)?$", re.I)
_POSSESSIVE_DAY = re.compile(r"['’]s\b")
_PREFIX_QUALS = {"since": "since", "until": "until", "through": "until", "till": "until", "by": "by", "early": "early", "late": "late", "mid": "mid",
                 "before": "before", "after": "after", "from": "from"}


@dataclass
class Found:
    """One expression found: where it is, its kind and its normalized value (None when not fixed)."""
    start: int
    end: int
    kind: str
    value: Optional[str]
    approx: bool = False
    qualifier: Optional[str] = None


CLAUSE_STOP = re.compile(r"[.!?\n]")  # where the rest of a sentence ends


def _durations(text: str, pub: Optional[date]) -> list[Found]:
    """Durations ("more than a decade"), "N units ago" and "N units after <year>" expressions."""
    out = []
    for m in DURATION.finditer(text):
        if m.group("old"):
            continue  # an age ("33-year-old", "16 years old"), not a time
        raw_n, unit = m.group("n").lower(), m.group("unit").lower()
        unit = "century" if unit.startswith("centur") else unit
        q = m.group("q").lower() if m.group("q") else None
        q = re.sub(r"\s+", " ", q) if q else None
        rel = (m.group("rel") or "").lower()
        if raw_n.startswith("the") and "-" in m.group(0):
            continue  # "the last-minute changes": an adjective, not a duration
        if raw_n in ("the past", "the last", "a", "an"):
            amount = 1.0  # "the last decade", "a day"
        elif raw_n.startswith("a couple"):
            amount = 2.0
        else:
            amount = number_value(raw_n)  # None for "recent", "several", "many": vague, never guessed
        if amount is None and q in ("over", "within", "some"):
            q = None  # "over recent years": a preposition, not an approximation
        if rel == "ago":
            value = shift(pub, amount, unit) if pub and amount is not None else None
            out.append(Found(m.start(), m.end(), "relative", value, q in APPROX_WORDS if q else False, q))
            continue
        if rel in ("after", "before", "later", "earlier"):
            # "a decade after the 2012 summit" resolves; "two years after the invasion" has no known anchor.
            anchor = ANCHOR_YEAR.match(text, m.end()) if rel in ("after", "before") else None
            value, end = None, m.end()
            if anchor and amount is not None and unit in ("year", "decade", "century"):
                n = amount * UNIT_FACTOR.get(unit, 1)
                if n == int(n):
                    value = f"{int(anchor['y']) + (int(n) if rel == 'after' else -int(n)):04d}"
                    end = anchor.end()
            out.append(Found(m.start(), end, "relative", value, bool(q and q in APPROX_WORDS), q))
            continue
        end = m.end()
        value = None
        if amount is not None:
            n = amount * UNIT_FACTOR.get(unit, 1)
            code = UNIT_CODES[unit]
            value = ("PT" if unit in ("hour", "minute", "second") else "P") + fmt_num(n) + code
        out.append(Found(m.start(), end, "duration", value, bool(q and q in APPROX_WORDS), q))
    return out


def _absolute(text: str, pub: Optional[date], text_before) -> list[Found]:
    """Calendar dates, months, quarters, decades, year ranges and years."""
    out = []
    for m in ISO_DATE.finditer(text):
        d = safe_date(int(m["y"]), int(m["m"]), int(m["d"]))
        if d:
            value = d.isoformat() + (f"T{m['hh']}:{m['mm']}" if m["hh"] else "")
            out.append(Found(m.start(), m.end(), "datetime" if m["hh"] else "date", value))
    for rx in (MONTH_DAY, DAY_MONTH):
        for m in rx.finditer(text):
            mon, day = MONTHS[m["mon"].lower().rstrip(".")], int(m["d"])
            before = text_before(m.start())  # the sentence up to the date, once
            future = not m["y"] and bool(FUTURE.search(before))
            past = not m["y"] and bool(PAST.search(before))
            year = int(m["y"]) if m["y"] else year_for(mon, day, pub, future, past)
            d = safe_date(year, mon, day) if year else None
            if d is None and year is not None:
                continue
            lead = _DAY_QUAL.search(before)  # "by June 30", "until 5 July"
            out.append(Found(m.start(), m.end(), "date", d.isoformat() if d else None, False,
                             _PREFIX_QUALS.get(lead["q"].lower()) if lead else None))
    for m in MONTH_YEAR.finditer(text):
        mon = MONTHS[m["mon"].lower().rstrip(".")]
        q = (m["q"] or "").lower()
        if not m["y"] and not q:
            continue  # a bare "May"/"March" is too often a word, not a month
        if m["y"]:
            value = f"{int(m['y']):04d}-{mon:02d}"
        elif pub is None:
            value = None
        elif q == "next":
            value = f"{pub.year + (mon <= pub.month):04d}-{mon:02d}"
        elif q == "last" or q in ("in", "since", "early", "late", "mid", "this", "by", "until"):
            # "last March" / "in March": the most recent such month (the current one included).
            year = pub.year if mon <= pub.month else pub.year - 1
            if q == "this":
                year = pub.year
            value = f"{year:04d}-{mon:02d}"
        else:
            value = None
        qual = _PREFIX_QUALS.get(q)
        start = m.start() if q and q != "in" else m.start("mon")
        out.append(Found(start, m.end(), "span" if q == "since" else "date", value, False, qual))
    for m in QUARTER.finditer(text):
        if m["rel"]:
            if pub is None:
                out.append(Found(m.start(), m.end(), "date", None))
                continue
            year = pub.year + {"this": 0, "last": -1, "next": 1}[m["rel"].lower()]
        else:
            year = int(m["y"])
        part = m["part"].lower()
        idx = {"first": 1, "second": 2, "third": 3, "fourth": 4, "last": 4 if part == "quarter" else 2}[m["ord"].lower()]
        if part == "half" and idx > 2:
            continue
        out.append(Found(m.start(), m.end(), "date", f"{year:04d}-{'Q' if part == 'quarter' else 'H'}{idx}"))
    for m in DECADE.finditer(text):
        y = int(m["y"])
        out.append(Found(m.start(), m.end(), "span", f"{y:04d}/{y + 9:04d}"))
    for m in YEAR_RANGE.finditer(text):
        y1, y2 = int(m["y1"]), int(m["y2"])
        if len(m["y2"]) == 2:  # "1995-99", "the 2008-09 season"
            y2 += y1 - y1 % 100 + (100 if y2 < y1 % 100 else 0)
        if y1 < y2 <= y1 + 50:
            out.append(Found(m.start(), m.end(), "span", f"{y1:04d}/{y2:04d}"))
    for m in YEAR.finditer(text):
        q = (m["q"] or "").lower()
        y = m["y"]
        start = m.start() if q in _PREFIX_QUALS else m.start("y")
        if q == "since":
            end = pub.isoformat() if pub else ".."
            out.append(Found(start, m.end(), "span", f"{y}/{end}", False, "since"))
        else:
            out.append(Found(start, m.end(), "date", y, False, _PREFIX_QUALS.get(q)))
    return out


def _clause_after(text: str, pos: int) -> str:
    """The rest of the sentence after pos."""
    stop = CLAUSE_STOP.search(text, pos)
    return text[pos : stop.start() if stop else len(text)]


def _relative(text: str, pub: Optional[date], text_before) -> list[Found]:
    """Weekdays, "the 20th", day ranges, today/yesterday and this/last/next year, month or week."""
    out = []
    for m in WEEKDAY.finditer(text):
        q = (m["q"] or "").lower() or None
        wd = WEEKDAYS.index(m["wd"].lower())
        value = None
        if m["mon"]:
            mon, day = MONTHS[m["mon"].lower().rstrip(".")], int(m["d"])
            year = year_for(mon, day, pub)
            d = safe_date(year, mon, day) if year else None
            value = d.isoformat() if d else None
        elif pub is not None:
            # "In Saturday's semifinals, Creighton will play": a possessive day takes the tense of the clause.
            ahead = text_before(m.start()) + (_clause_after(text, m.end()) if _POSSESSIVE_DAY.match(text, m.end()) else "")
            future = q in ("until", "through", "till") or bool(FUTURE.search(ahead))
            value = weekday(pub, wd, q, future).isoformat()
        start = m.start() if q in ("early", "late", "mid", "last", "next", "this", "since", "until", "through", "by") \
            else m.start("wd")
        out.append(Found(start, m.end(), "date", value, False, _PREFIX_QUALS.get(q or "")))
    for m in DAY_RANGE.finditer(text):
        if pub is None:
            out.append(Found(m.start(), m.end(), "span", None))
            continue
        d1, d2 = day_of_month(int(m["d1"]), pub), day_of_month(int(m["d2"]), pub)
        ok = d1 and d2 and d1 <= d2
        out.append(Found(m.start(), m.end(), "span", f"{d1.isoformat()}/{d2.isoformat()}" if ok else None))
    for m in DAY_ONLY.finditer(text):
        d = day_of_month(int(m["d"]), pub) if pub else None
        out.append(Found(m.start(), m.end(), "date", d.isoformat() if d else None))
    for m in DEICTIC.finditer(text):
        w = m["w"].lower()
        d = None
        if pub:
            d = pub + timedelta(days={"yesterday": -1, "tomorrow": 1}.get(w, 0))
        out.append(Found(m.start(), m.end(), "date", d.isoformat() if d else None))
    for m in REL_PERIOD.finditer(text):
        q, unit = m["q"].lower(), m["unit"].lower()
        if q == "past":
            out.append(Found(m.start(), m.end(), "duration", "P1" + UNIT_CODES[unit]))
            continue
        value = None
        if pub:
            step = {"this": 0, "last": -1, "next": 1}[q]
            if unit == "year":
                value = f"{pub.year + step:04d}"
            elif unit == "month":
                k = pub.year * 12 + pub.month - 1 + step
                value = f"{k // 12:04d}-{k % 12 + 1:02d}"
            else:
                iso = (pub + timedelta(days=7 * step)).isocalendar()
                value = f"{iso[0]:04d}-W{iso[1]:02d}"
        out.append(Found(m.start(), m.end(), "date", value))
    return out


def _times(text: str) -> list[Found]:
    """Clock times ("1:50 am", "14:30", "midnight") as ISO times ("T01:50")."""
    out = []
    for m in TIME.finditer(text):
        q = re.sub(r"\s+", " ", m["q"].lower()) if m["q"] else None
        if m["word"]:
            value = "T12:00" if m["word"].lower() in ("noon", "midday") else "T00:00"
        elif m["h24"] is not None:
            value = f"T{int(m['h24']):02d}:{m['m24']}"
        else:
            h, mi = int(m["h"]), int(m["m"] or 0)
            if not 1 <= h <= 12:
                continue
            pm = m["ap"].lower().startswith("p")
            h = (h % 12) + (12 if pm else 0)
            value = f"T{h:02d}:{mi:02d}"
        approx = q in ("around", "about", "approximately")
        core = next(m.start(g) for g in ("h", "h24", "word") if m.start(g) >= 0)
        start = core if q in (None, "at") else m.start()
        out.append(Found(start, m.end(), "time", value, approx, q if q != "at" else None))
    return out


_TIME_THEN_DATE = re.compile(r"^\s*,?\s*(?:on\s+)?$")
_DATE_THEN_TIME = re.compile(r"^\s*(?:,|-|–|at)?\s*$")


def _select(found: list[Found]) -> list[Found]:
    """Longest non-overlapping expressions, in text order."""
    chosen: list[Found] = []
    for f in sorted(found, key=lambda f: (-(f.end - f.start), f.start)):
        if all(f.end <= c.start or f.start >= c.end for c in chosen):
            chosen.append(f)
    return sorted(chosen, key=lambda f: f.start)


def _join_times(text: str, found: list[Found]) -> list[Found]:
    """A time next to a day becomes one datetime ("around 1:50 am on Thursday")."""
    out: list[Found] = []
    i = 0
    while i < len(found):
        f = found[i]
        g = found[i + 1] if i + 1 < len(found) else None
        pair = None
        if g and f.kind == "time" and g.kind == "date" and _TIME_THEN_DATE.match(text[f.end:g.start]):
            pair = (f, g)
        elif g and f.kind == "date" and g.kind == "time" and _DATE_THEN_TIME.match(text[f.end:g.start]):
            pair = (g, f)
        if pair and (pair[1].value is None or len(pair[1].value) == 10):
            t, d = pair
            value = d.value + t.value if d.value and t.value else None
            out.append(Found(min(f.start, g.start), max(f.end, g.end), "datetime", value, t.approx, t.qualifier))
            i += 2
            continue
        out.append(f)
        i += 1
    return out


def find_dates(text: str, published: Optional[str]) -> list[Found]:
    """Every date/time/duration expression in text; values only where the text and publication date fix them."""
    pub = parse_published(published)

    def before(pos: int) -> str:
        # Tense is read from the sentence up to the expression: "said Tuesday that ... plans to" is past.
        return text[max(text.rfind(c, 0, pos) for c in ".!?\n") + 1 : pos]

    found = _durations(text, pub) + _absolute(text, pub, before) + _relative(text, pub, before) + _times(text)
    return _join_times(text, _select(found))
