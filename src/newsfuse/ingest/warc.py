"""WARC archives: each HTML response record becomes one article, named by its target URL."""
from __future__ import annotations

import io

from warcio.archiveiterator import ArchiveIterator

from ..errors import InputProblem
from ..model import RawDocument
from .decode import NotText, decode_bytes

HTML_TYPES = ("text/html", "application/xhtml+xml")
CHUNK = 65536


def _charset(content_type: str) -> str | None:
    for part in content_type.split(";")[1:]:
        key, _, value = part.strip().partition("=")
        if key.lower() == "charset" and value:
            return value.strip("\"' ")
    return None


def read_warc(data: bytes, name: str) -> tuple[list[RawDocument], list[tuple]]:
    """HTML responses as RawDocuments, and (record, reason) for records that could not be decoded."""
    docs: list[RawDocument] = []
    problems: list[tuple] = []  # (where, error[, skipped: False when the rest was still used])
    records = ArchiveIterator(io.BytesIO(data))
    try:
        for record in records:
            if record.rec_type != "response":
                continue
            url = record.rec_headers.get_header("WARC-Target-URI") or f"{name}#{len(docs) + 1}"
            where = f"{name} ({url})"  # a record's problem names the archive too
            ctype = (record.http_headers.get_header("Content-Type") if record.http_headers else None) or ""
            html = ctype.lower().startswith(HTML_TYPES)
            # an HTML page is read whole; anything else (images, video) is skipped through in bounded chunks,
            # undecoded, only to learn whether the archive holds all of it
            payload = record.content_stream().read() if html else b""
            while not html and record.raw_stream.read(CHUNK):
                pass
            if getattr(record.raw_stream, "limit", 0) > 0:  # the record's stated length was not all there
                # (whatever it held: cut inside its headers, a page may not know it is one)
                problems.append((where, "the archive ends inside this record: it is truncated (the record was not used)"))
                continue
            if not html:
                continue
            if not payload.strip():
                problems.append((where, "the archived response is empty"))
                continue
            try:
                text = decode_bytes(payload, declared=_charset(ctype), html=True)
            except NotText as e:
                problems.append((where, f"the archived page is not readable text: {e}"))
                continue
            docs.append(RawDocument(input=url, kind="html", text=text, url=url, encoding=_charset(ctype)))
        if records.offset < len(data) and data[records.offset:].strip():
            # warcio stops quietly when the archive ends inside a record's own headers
            raise EOFError(f"{len(data) - records.offset} bytes at its end are no whole record")
    except Exception as e:  # noqa: BLE001 - warcio meets a damaged archive with many kinds of error
        detail = (str(e).strip().splitlines() or [type(e).__name__])[0]  # warcio's own message runs to many lines
        if not docs:
            raise InputProblem(name, f"not a readable WARC archive ({detail})") from None
        problems.append((name, f"the archive is truncated or damaged after {len(docs)} pages ({detail}); "
                               "those pages are used", False))
    if not docs and not problems:
        raise InputProblem(name, "the archive holds no HTML pages")
    return docs, problems
