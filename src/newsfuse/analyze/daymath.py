"""Calendar arithmetic for date normalization: publication day, weekdays, month days, shifts."""
from __future__ import annotations

from datetime import date, timedelta
from typing import Optional

UNIT_FACTOR = {"decade": 10, "century": 100}


def parse_published(published: Optional[str]) -> Optional[date]:
    """The publication day of an ISO date/datetime string, None when absent or unreadable."""
    if not published:
        return None
    try:
        day = date.fromisoformat(published[:10])
    except ValueError:
        return None
    # a day near the calendar's ends (year 1, 9999) would overflow the arithmetic of relative dates
    return day if 100 <= day.year <= 9900 else None


def safe_date(y: int, m: int, d: int) -> Optional[date]:
    """The date, or None when the day does not exist (February 30)."""
    try:
        return date(y, m, d)
    except ValueError:
        return None


def year_for(month: int, day: int, pub: Optional[date], future: bool = False, past: bool = False) -> Optional[int]:
    """The year of a month/day without one: the next such day when the sentence looks ahead, the latest
    up to a month after publication when it tells of the past, else the one nearest the publication day
    (a use-by date eleven days on is this year's, not last year's)."""
    if pub is None:
        return None
    cands = [d for y in (pub.year - 1, pub.year, pub.year + 1) if (d := safe_date(y, month, day))]
    if future:
        ahead = [d for d in cands if d >= pub - timedelta(days=7)]
        return min(ahead).year if ahead else None
    if past:  # a past-tense clause tells of the past, but may name a day in the coming weeks: the end of a span
        # ("from June 14 to June 21"), a use-by date (a recall told on June 11 of pots used by June 30). A day
        # further ahead is last year's: "rear-ended a truck on August 8" told in June.
        before = [d for d in cands if d <= pub + timedelta(days=31)]
        return max(before).year if before else None
    # nearest, with a week's grace towards the past: news mostly reports what happened
    return min(cands, key=lambda d: (abs((d - pub).days) - (7 if d <= pub else 0), d)).year if cands else None


def weekday(pub: date, wd: int, q: Optional[str], future: bool) -> date:
    """The weekday meant relative to the publication day: this week's, past unless the sentence looks ahead."""
    back = (pub.weekday() - wd) % 7
    ahead = (wd - pub.weekday()) % 7
    if q == "last":
        return pub - timedelta(days=back or 7)
    if q == "next":
        return pub + timedelta(days=ahead or 7)
    return pub + timedelta(days=ahead) if future and ahead else pub - timedelta(days=back)


def day_of_month(day: int, pub: date) -> Optional[date]:
    """"the 20th": the nearest date with that day of month."""
    cands = []
    for dm in (-1, 0, 1):
        m, y = pub.month + dm, pub.year
        if m == 0:
            m, y = 12, y - 1
        elif m == 13:
            m, y = 1, y + 1
        d = safe_date(y, m, day)
        if d:
            cands.append(d)
    return min(cands, key=lambda d: abs((d - pub).days)) if cands else None


def shift(pub: date, amount: float, unit: str) -> Optional[str]:
    """Publication date moved back by a duration, written at the duration's precision."""
    n = amount * UNIT_FACTOR.get(unit, 1)
    if n != int(n):
        return None
    n = int(n)
    if unit in ("year", "decade", "century"):
        return f"{pub.year - n:04d}"
    if unit == "month":
        m = pub.year * 12 + pub.month - 1 - n
        return f"{m // 12:04d}-{m % 12 + 1:02d}"
    if unit in ("week", "day"):
        return (pub - timedelta(days=n * (7 if unit == "week" else 1))).isoformat()
    return None


def fmt_num(x: float) -> str:
    """A duration amount without a needless ".0"."""
    return str(int(x)) if x == int(x) else str(x)
