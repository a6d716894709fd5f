"""One name-for-display rule for everything newsfuse shows a person: stderr lines, Markdown, HTML.

A file name is bytes: one that is not UTF-8 reaches Python as lone surrogates, which no UTF-8 output can
hold (writing it crashed the run). Control characters (ESC[2J clears a terminal) and the bidirectional
overrides and isolates (U+202E shows "TSOP" as "POST") change how the text around them is read. `shown`
writes each of them as a visible escape, so what is printed is exactly what is there.
"""
from __future__ import annotations

import re

# lone surrogates (undecodable bytes of a file name), C0/C1 controls but tab and newline, DEL, and the
# bidirectional embeddings, overrides and isolates; marks (U+200E/F) stay: they never reorder other text
UNSHOWABLE = re.compile("[\ud800-\udfff\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
# the same, newlines and tabs too: for one-line names
UNSHOWABLE_IN_NAME = re.compile("[\ud800-\udfff\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def _escape(m: re.Match) -> str:
    ch = m.group()
    code = ord(ch)
    if 0xDC80 <= code <= 0xDCFF:  # the byte os.fsdecode could not decode
        return f"\\x{code - 0xDC00:02x}"
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def shown(name: str) -> str:
    """`name` on one line with undecodable bytes, control characters and bidi controls as visible escapes."""
    return UNSHOWABLE_IN_NAME.sub(_escape, name)


def shown_text(text: str) -> str:
    """`text` with the same escapes, keeping its newlines and tabs (a whole Markdown or HTML report)."""
    return UNSHOWABLE.sub(_escape, text)
