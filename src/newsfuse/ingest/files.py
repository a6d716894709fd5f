"""Local files: text and HTML read and decoded; directories walked in sorted order."""
from __future__ import annotations

import io
from pathlib import Path
from typing import Iterator

from ..errors import InputProblem
from ..model import RawDocument
from .decode import NotText, decode_bytes
from .opener import read_capped

TEXT_SUFFIXES = (".txt", ".text", ".md", ".txt.gz")
HTML_SUFFIXES = (".html", ".htm", ".xhtml", ".html.gz", ".htm.gz")  # saved pages are often gzipped
FEED_SUFFIXES = (".xml", ".rss", ".atom")
WARC_SUFFIXES = (".warc", ".warc.gz", ".arc", ".arc.gz")
KNOWN = TEXT_SUFFIXES + HTML_SUFFIXES + FEED_SUFFIXES + WARC_SUFFIXES
MAX_FILE_BYTES = 200_000_000  # beyond this a file is not one article or a feed; refuse before reading
# a text dump this long is not one news report (the longest run to ~100k characters), and spaCy refuses
# texts over 1,000,000 characters, which would stop the whole briefing at the analyze stage
MAX_TEXT_CHARS = 1_000_000


def kind_of(path: Path) -> str | None:
    """'text', 'html', 'feed', 'warc' by file name, None for an unknown extension."""
    name = path.name.lower()
    if name.endswith(WARC_SUFFIXES):
        return "warc"
    if name.endswith(HTML_SUFFIXES):
        return "html"
    if name.endswith(FEED_SUFFIXES):
        return "feed"
    if name.endswith(TEXT_SUFFIXES):
        return "text"
    return None


def walk(directory: Path) -> Iterator[Path]:
    """Entries under `directory` with a known extension that are not folders, sorted, hidden ones skipped.

    Pipes, devices and broken or looping symlinks with such a name are yielded too: opening them names them
    as skipped, where leaving them out would skip them without a word.
    """
    for path in sorted(directory.rglob("*")):
        rel = path.relative_to(directory).parts
        if any(part.startswith(".") for part in rel) or path.is_dir():
            continue
        if kind_of(path):
            yield path


def read_bytes(path: Path, name: str) -> bytes:
    """The file's bytes; InputProblem when missing, not a regular file, unreadable, empty or absurdly large."""
    data = read_capped(path, name, MAX_FILE_BYTES)
    if not data.strip():
        raise InputProblem(name, "the file is empty")
    return data


def _gunzip(data: bytes, name: str) -> bytes:
    """The decompressed bytes of a .gz file, at most MAX_FILE_BYTES of them."""
    import gzip
    import zlib

    try:
        with gzip.GzipFile(fileobj=io.BytesIO(data)) as f:
            out = f.read(MAX_FILE_BYTES + 1)
    except (OSError, EOFError, zlib.error) as e:
        raise InputProblem(name, f"the file is not readable gzip ({e})") from None
    if len(out) > MAX_FILE_BYTES:
        raise InputProblem(name, f"the file unpacks to more than the {MAX_FILE_BYTES // 1_000_000} MB limit")
    if not out.strip():
        raise InputProblem(name, "the file is empty")
    return out


def read_document(path: Path, name: str, kind: str, **meta) -> tuple[RawDocument, str | None]:
    """A text or HTML file (gzipped when its name ends in .gz) decoded into a RawDocument, and a note when some
    of its bytes could not be read; InputProblem for empty, binary or damaged files."""
    data = read_bytes(path, name)
    if path.name.lower().endswith(".gz"):
        data = _gunzip(data, name)
    try:
        text = decode_bytes(data, html=(kind == "html"))
    except NotText as e:
        raise InputProblem(name, f"the file is not readable text: {e}") from None
    if not text.strip():
        raise InputProblem(name, "the file is empty")
    if kind == "text" and len(text) > MAX_TEXT_CHARS:
        raise InputProblem(name, f"the file holds {len(text):,} characters, more than one news report "
                                 f"(limit {MAX_TEXT_CHARS:,}); split it into one file per article")
    return RawDocument(input=name, kind=kind, text=text, **meta), corrupt_note(data, text)


def corrupt_note(data: bytes, text: str) -> str | None:
    """A note when `text` holds U+FFFD marks for bytes that were not valid UTF-8 (not marks the file spelt)."""
    lost = text.count("\ufffd") - data.count("\ufffd".encode("utf-8"))
    if lost <= 0:
        return None
    return (f"{lost} byte sequence{'s' if lost > 1 else ''} not valid UTF-8, shown as \ufffd; "
            "the rest was read as UTF-8")
