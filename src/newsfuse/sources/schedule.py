"""When a source or item is next due: intervals as people write them, backoff after failures."""
from __future__ import annotations

import re

EVERY = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(s|sec|m|min|h|hr|d|day)?s?\s*$", re.I)
UNIT_S = {"s": 1, "sec": 1, "m": 60, "min": 60, "h": 3600, "hr": 3600, "d": 86400, "day": 86400}
MIN_EVERY_S = 1.0  # the demo and tests poll every few seconds; real sources every minutes

# how much one failure counts: a server error or timeout may pass soon, a refusal or a missing feed less likely
FAILURE_WEIGHT = {"timeout": 0.5, "server": 1.0, "refused": 2.0, "gone": 3.0, "bad": 2.0}


def parse_every(value: str) -> float:
    """Seconds in "15m", "90s", "2h", "1d" (a bare number is minutes); ValueError saying what is accepted."""
    m = EVERY.match(str(value))
    if not m:
        raise ValueError(f"interval {value!r} not understood: write e.g. 90s, 15m, 2h or 1d")
    unit = (m.group(2) or "m").lower()
    seconds = float(m.group(1)) * UNIT_S[unit]
    if seconds < MIN_EVERY_S:
        raise ValueError(f"interval {value!r} is shorter than {MIN_EVERY_S:g} second")
    return seconds


def backoff(every_s: float, failures: float, limit_s: float) -> float:
    """Seconds to wait after a failure: the interval doubled per weighted failure, at most `limit_s`."""
    return min(limit_s, every_s * (2.0 ** min(failures, 30.0)))


def retry_after(attempts: int, limit_s: float, base_s: float = 30.0) -> float:
    """Seconds before an item's next try: 30 s doubled per attempt, at most `limit_s`."""
    return min(limit_s, base_s * (2.0 ** max(attempts - 1, 0)))
