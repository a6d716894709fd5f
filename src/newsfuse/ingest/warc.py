"""WARC archives: each HTML response record becomes one article, named by its target URL."""
from __future__ import annotations

import io

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed

from ..errors import InputProblem
from ..model import RawDocument
from .decode import NotText, decode_bytes

HTML_TYPES = ("text/html", "application/xhtml+xml")


def _charset(content_type: str) -> str | None:
    for part in content_type.split(";")[1:]:
        key, _, value = part.strip().partition("=")
        if key.lower() == "charset" and value:
            return value.strip("\"' ")
    return None


def read_warc(data: bytes, name: str) -> tuple[list[RawDocument], list[tuple[str, str]]]:
    """HTML responses as RawDocuments, and (record, reason) for records that could not be decoded."""
    docs: list[RawDocument] = []
    problems: list[tuple[str, str]] = []
    try:
        for record in ArchiveIterator(io.BytesIO(data)):
            if record.rec_type != "response" or record.http_headers is None:
                continue
            ctype = record.http_headers.get_header("Content-Type") or ""
            if not ctype.lower().startswith(HTML_TYPES):
                continue
            url = record.rec_headers.get_header("WARC-Target-URI") or f"{name}#{len(docs) + 1}"
            payload = record.content_stream().read()
            if not payload.strip():
                problems.append((url, "the archived response is empty"))
                continue
            try:
                text = decode_bytes(payload, declared=_charset(ctype), html=True)
            except NotText as e:
                problems.append((url, f"the archived page is not readable text: {e}"))
                continue
            docs.append(RawDocument(input=url, kind="html", text=text, url=url, encoding=_charset(ctype)))
    except (ArchiveLoadFailed, ValueError, OSError, EOFError) as e:
        if not docs:
            raise InputProblem(name, f"not a readable WARC archive ({e})") from None
        problems.append((name, f"the archive is truncated or damaged after {len(docs)} pages ({e})"))
    if not docs and not problems:
        raise InputProblem(name, "the archive holds no HTML pages")
    return docs, problems
