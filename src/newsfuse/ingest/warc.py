"""WARC archives: each HTML response record becomes one article, named by its target URL."""
from __future__ import annotations

import io

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed
from warcio.statusandheaders import StatusAndHeadersParserException

from ..errors import InputProblem
from ..model import RawDocument
from .decode import NotText, decode_bytes

HTML_TYPES = ("text/html", "application/xhtml+xml")
CHUNK = 65536
GZIP_MAGIC = b"\x1f\x8b\x08"


def _charset(content_type: str) -> str | None:
    for part in content_type.split(";")[1:]:
        key, _, value = part.strip().partition("=")
        if key.lower() == "charset" and value:
            return value.strip("\"' ")
    return None


class _QuietIterator(ArchiveIterator):
    """warcio's iterator without its stderr dump of a record whose Content-Length is wrong (err_count still
    counts it, so the record is named in the run's problems instead)."""

    INC_RECORD = ""


def _plain_detail(e: Exception) -> str:
    """warcio's reason in one readable line: its message runs to many lines and quotes the bytes it met."""
    if not isinstance(e, (ArchiveLoadFailed, StatusAndHeadersParserException)):
        return "its bytes end or break off inside it"  # a Python error from inside warcio says nothing to a user
    detail = (str(e).strip().splitlines() or [type(e).__name__])[0]
    head, sep, quoted = detail.partition(", first line:")
    if sep and (not quoted.isascii() or not quoted.isprintable()):
        return head
    return detail[:160]


def _next_start(data: bytes, after: int) -> int:
    """Where the next record could begin after byte `after`: the next gzip member of a .warc.gz, else the next
    line starting "WARC/1."; -1 when there is none."""
    if data[:2] == GZIP_MAGIC[:2]:
        return data.find(GZIP_MAGIC, after)
    at = data.find(b"\nWARC/1.", after)
    return at + 1 if at >= 0 else -1


def _check_length(records: ArchiveIterator, seen: int, previous: str | None, problems: list[tuple]) -> None:
    """Note on the page just used when warcio found bytes after it where the next record should start (its
    Content-Length was wrong): it is the moving on to the next record that reveals it."""
    if records.err_count > seen and previous is not None:
        problems.append((previous, "the record's Content-Length does not match its content: the page was used "
                                   "as far as its stated length goes", False))


def read_warc(data: bytes, name: str) -> tuple[list[RawDocument], list[tuple]]:
    """HTML responses as RawDocuments, and (where, reason[, skipped]) for records that could not be used.

    A damaged record (a broken gzip member, a wrong Content-Length, junk between records) costs that record
    only: reading starts again at the next record boundary found in the bytes, so later pages are kept.
    """
    docs: list[RawDocument] = []
    problems: list[tuple] = []  # (where, error[, skipped: False when the rest was still used])
    pos = 0
    while pos < len(data):
        resume = _read_from(data, pos, name, docs, problems)
        if resume is None:
            break
        pos = resume
    if not docs and not problems:
        raise InputProblem(name, "the archive holds no HTML pages")
    if not docs and len(problems) == 1 and problems[0][0] == name:
        raise InputProblem(name, problems[0][1])
    return docs, problems


def _read_from(data: bytes, pos: int, name: str, docs: list[RawDocument], problems: list[tuple]) -> int | None:
    """Read records from byte `pos` on into `docs`; the byte to start again at after damage, or None at the end."""
    records = _QuietIterator(io.BytesIO(data[pos:]) if pos else io.BytesIO(data))
    last = -1  # start of the last record read, relative to pos
    seen, previous = 0, None  # warnings counted so far; where the previous record was
    in_record = False  # an error now is this record's own (its content), not the step to the next one
    try:
        for record in records:
            _check_length(records, seen, previous, problems)
            seen, previous = records.err_count, None
            last, in_record = records.offset, True
            if record.rec_type != "response":
                continue
            url = record.rec_headers.get_header("WARC-Target-URI") or f"{name}#{len(docs) + 1}"
            where = f"{name} ({url}, byte {pos + last})"  # a record's problem names the archive and the offset
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
                in_record = False
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
            previous, in_record = where, False
        _check_length(records, seen, previous, problems)
        end = pos + records.offset
        if end < len(data) and data[end:].strip():
            # warcio stops quietly when the archive ends inside a record's own headers
            problems.append((f"{name} (byte {end})", f"the archive ends inside the record at this byte: it is truncated "
                                                     f"({len(data) - end} bytes at its end are no whole record; "
                                                     "the record was not used)"))
        return None
    except Exception as e:  # noqa: BLE001 - warcio meets a damaged archive with many kinds of error
        detail = _plain_detail(e)
        if not in_record and last >= 0:
            # the step past a good record failed: its stated length was wrong, or the next record is damaged;
            # look for the next record start (a damaged one is named when it is read from there)
            _check_length(records, seen, previous, problems)
            resume = _next_start(data, pos + last + 1)
            if resume >= 0:
                return resume
            problems.append((f"{name} (after byte {pos + last})", f"the archive is damaged after its last whole record "
                                                                   f"({detail}); the pages before it are used", False))
            return None
        failed = pos + max(last, 0)  # the record that could not be read
        resume = _next_start(data, failed + 1)
        if not docs and not problems and resume < 0:
            problems.append((name, f"not a readable WARC archive ({detail})"))
            return None
        if resume >= 0:
            problems.append((f"{name} (byte {failed})", f"a damaged record, not used ({detail}); "
                                                        f"reading went on at byte {resume}"))
        else:
            problems.append((f"{name} (byte {failed})", f"the archive's last record is damaged or truncated, "
                                                        f"not used ({detail})"))
        return resume if resume >= 0 else None
