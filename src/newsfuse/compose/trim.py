"""Light trims of a source sentence (dateline, wire tag, leading connective), kept only when check confirms."""
from __future__ import annotations

import re
from typing import Callable, Optional

# "MONSEY, N.Y. (AP) — ", "WASHINGTON — ", "(CNN)", "LONDON (Reuters) -": where and who, not what happened.
DATELINE = re.compile(r"^(?:[A-Z][A-Z.'’-]*(?:[ ,]+[A-Z][A-Za-z.'’-]*){0,4}\s*(?:\([A-Za-z ]{2,20}\))?\s*[—–-]{1,2}\s+"
                      r"|\((?:CNN|AP|AFP|Reuters|UPI)\)\s*[—–-]*\s*)")
# A connective that ties the sentence to the previous one in its article, not to the summary.
CONNECTIVE = re.compile(r"^(?:But|And|So|Yet|Still|However|Meanwhile|Moreover|Also|Instead|Nonetheless|Nevertheless)\b,?\s+")
# A sentence opening on a pronoun or demonstrative leans on a sentence the summary may not have.
DANGLING = re.compile(r"^(?:It|Its|It's|It’s|This|That|These|Those|They|He|She|His|Her|Their|There|Such|The move|The decision)\b")

Confirm = Callable[[list[str], str], bool]


def trimmed(text: str) -> str:
    """The sentence without a leading dateline, wire tag or connective (capitalised); unchanged when none."""
    t = DATELINE.sub("", text, count=1)
    t = CONNECTIVE.sub("", t, count=1)
    if t != text and t[:1].islower():
        t = t[0].upper() + t[1:]
    return t if len(t.split()) >= 4 else text


def dangling(text: str) -> bool:
    """True when the sentence opens on a word that points to an earlier sentence."""
    return bool(DANGLING.match(text))


def confirmer() -> Optional[Confirm]:
    """confirm(sources, text) -> corroborate.check finds every sentence of text supported; None without it."""
    try:
        from ..corroborate import check  # the guard for every changed sentence
    except ImportError:
        return None

    def confirm(sources: list[str], text: str) -> bool:
        results = check(sources, text, embed=False)
        return bool(results) and all(r.supported for r in results)
    return confirm
