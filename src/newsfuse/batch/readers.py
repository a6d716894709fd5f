"""Readers for batch partitions: WARC files streamed record by record (with offsets), manifest rows, Parquet rows.

Each reader yields RawDocuments exactly as `ingest.collect` makes them for the same input (so batch and the
single-process commands clean the same documents) and records every problem with its file and byte offset
(WARC) or row (manifests, Parquet). A damaged stretch of an archive costs only the records in it: the reader
finds the next record (the next gzip member of a .warc.gz, the next "WARC/1." line of a plain .warc) and goes on.
"""
from __future__ import annotations

import contextlib
import io
import re
from pathlib import Path
from typing import Iterator, NamedTuple, Optional

from warcio.archiveiterator import ArchiveIterator

from ..display import shown
from ..errors import InputProblem
from ..ingest.decode import NotText, decode_bytes
from ..ingest.manifest import META_FIELDS, SOURCE_FIELDS, normalize_published
from ..model import RawDocument

HTML_TYPES = ("text/html", "application/xhtml+xml")
CHUNK = 1 << 20
GZIP_MAGIC = b"\x1f\x8b\x08"
WARC_LINE = re.compile(rb"(?:^|\r?\n)WARC/1\.[01]\r?\n")
PARQUET_COLUMNS = SOURCE_FIELDS + META_FIELDS


class Problem(NamedTuple):
    """A record or row that could not be used, or a file used only in part, with where it stands."""

    file: str
    offset: Optional[int]  # byte offset of the WARC record, or row number in a manifest / Parquet table
    input: str  # what the user sees named: the record's URL, the row's reference, else the file
    error: str
    skipped: bool = True


def _charset(content_type: str) -> Optional[str]:
    for part in content_type.split(";")[1:]:
        key, _, value = part.strip().partition("=")
        if key.lower() == "charset" and value:
            return value.strip("\"' ")
    return None


def _resync(f, start: int, gz: bool) -> Optional[int]:
    """Offset of the first record start after `start` (a gzip member, else a WARC/1.x line), or None."""
    f.seek(start)
    carry = b""
    pos = start
    while True:
        block = f.read(CHUNK)
        if not block:
            return None
        data = carry + block
        base = pos - len(carry)
        if gz:
            i = data.find(GZIP_MAGIC, 1 if base == start else 0)
            if i >= 0:
                return base + i
        else:
            m = WARC_LINE.search(data, 1 if base == start else 0)
            if m:
                return base + m.start() + (len(m.group()) - len(m.group().lstrip(b"\r\n")))
        carry = data[-8:]
        pos += len(block)


def read_warc_file(path: str, name: str, problems: list[Problem]) -> Iterator[tuple[int, RawDocument]]:
    """(record offset, document) for each HTML response of a WARC file, read as a stream; problems appended."""
    gz = path.lower().endswith(".gz")
    pages = records_seen = 0
    with open(path, "rb") as f, contextlib.redirect_stderr(io.StringIO()):  # warcio warns on stderr: kept as problems
        start = 0
        while start is not None:
            f.seek(start)
            it = ArchiveIterator(f, no_record_parse=False, check_digests=False)
            end = start  # where the record after the last whole one begins: a damaged one starts there
            previous = None
            try:
                for record in it:
                    records_seen += 1
                    doc, trouble = _page(record, name, pages)  # read before the offset: asking it reads to the end
                    offset = it.get_record_offset()
                    if it.err_count and previous is not None:  # the record before did not end where it said
                        it.err_count = 0
                        problems.append(Problem(name, previous, name, f"the record at byte {previous} does not end "
                                                "where its Content-Length says; it was used as that length cuts it", False))
                    end = offset + it.get_record_length()
                    previous = offset
                    if trouble is not None:
                        problems.append(Problem(name, offset, *trouble))
                    if doc is not None:
                        pages += 1
                        yield offset, doc
                start = None
            except Exception as e:  # noqa: BLE001 - warcio meets a damaged archive with many kinds of error
                detail = (str(e).strip().splitlines() or [type(e).__name__])[0][:120]
                detail = "".join(c if c.isprintable() else "?" for c in detail)
                nxt = _resync(f, end + 1, gz)
                lost = f"up to byte {nxt}" if nxt is not None else "to the end of the file"
                problems.append(Problem(name, end, name, f"the archive is damaged at byte {end} ({detail}); "
                                                         f"the records from there {lost} were not used", False))
                start = nxt
    if not pages and not any(p.file == name for p in problems):
        what = f"{records_seen} records, none an HTML response" if records_seen else "no records"
        problems.append(Problem(name, None, name, f"the archive holds no HTML pages ({what})"))


def _page(record, name: str, pages: int) -> tuple[Optional[RawDocument], Optional[tuple[str, str]]]:
    """The RawDocument of one record when it is an HTML response (as ingest.read_warc makes it), else None; and
    (input, why) when the record could not be used."""
    if record.rec_type != "response":
        return None, None
    url = record.rec_headers.get_header("WARC-Target-URI") or f"{name}#{pages + 1}"
    ctype = (record.http_headers.get_header("Content-Type") if record.http_headers else None) or ""
    html = ctype.lower().startswith(HTML_TYPES)
    payload = record.content_stream().read() if html else b""
    while not html and record.raw_stream.read(65536):
        pass
    if getattr(record.raw_stream, "limit", 0) > 0:
        return None, (url, "the archive ends inside this record: it is truncated (the record was not used)")
    if not html:
        return None, None
    if not payload.strip():
        return None, (url, "the archived response is empty")
    try:
        text = decode_bytes(payload, declared=_charset(ctype), html=True)
    except NotText as e:
        return None, (url, f"the archived page is not readable text: {e}")
    return RawDocument(input=url, kind="html", text=text, url=url, encoding=_charset(ctype)), None


def read_manifest_rows(path: str, start: int, stop: int, problems: list[Problem]) -> Iterator[tuple[int, RawDocument]]:
    """(row number, document) for rows [start, stop) of a JSONL/CSV manifest, as `ingest.collect` reads them."""
    from ..ingest import _read_path  # the one reader of a file of any kind, shared with collect
    from ..ingest.fetch import fetch
    from ..ingest.manifest import read_manifest

    name = shown(path)
    try:
        rows, errors = read_manifest(path)
    except InputProblem as e:
        if start == 0:
            problems.append(Problem(name, None, e.input, e.reason))
        return
    if start == 0:  # the manifest's own problems are told once, by its first partition
        problems.extend(Problem(name, _row_number(e.input), e.input, e.error, e.skipped) for e in errors)
    for row in rows[start:stop]:
        number = _row_number(row.ref)
        try:
            if row.text is not None:
                yield number, RawDocument(input=row.ref, kind="text", text=row.text, **row.meta)
            elif row.url is not None:
                yield number, fetch(row.url, name=row.url, **row.meta)
            else:
                docs, errs = _read_path(row.path, shown(str(row.path)), row.meta)
                problems.extend(Problem(name, number, e.input, e.error, e.skipped) for e in errs)
                for d in docs:
                    yield number, d
        except InputProblem as e:
            where = e.input if e.input == row.ref else f"{row.ref} ({e.input})"
            problems.append(Problem(name, number, where, e.reason))


def manifest_rows(path: str) -> int:
    """How many usable rows a manifest has (0 when it cannot be read: its partition records why)."""
    from ..ingest.manifest import read_manifest

    try:
        return len(read_manifest(path)[0])
    except InputProblem:
        return 0


def _row_number(ref: str) -> Optional[int]:
    tail = ref.rsplit("#", 1)[-1]
    return int(tail) if tail.isdigit() else None


def read_parquet_rows(path: str, group: int, problems: list[Problem]) -> Iterator[tuple[int, RawDocument]]:
    """(row number, document) for one row group of a Parquet table with the manifest's columns."""
    import pyarrow.parquet as pq

    name = shown(path)
    pf = pq.ParquetFile(path)
    columns = [c.lower() for c in pf.schema_arrow.names]
    if not set(SOURCE_FIELDS) & set(columns):
        if group == 0:
            problems.append(Problem(name, None, name, f"the Parquet table has none of the columns {', '.join(SOURCE_FIELDS)} "
                                                      f"(its columns: {', '.join(columns)[:200]}); it was not used"))
        return
    unknown = [c for c in columns if c not in PARQUET_COLUMNS]
    if unknown and group == 0:
        problems.append(Problem(name, None, name, f"not manifest columns, so their values were not used: "
                                                  f"{', '.join(unknown)[:200]}", False))
    first = sum(pf.metadata.row_group(g).num_rows for g in range(group))
    table = pf.read_row_group(group)
    names = {c.lower(): c for c in table.column_names}
    data = {k: table.column(names[k]).to_pylist() for k in PARQUET_COLUMNS if k in names}
    base = Path(path).parent
    for i in range(table.num_rows):
        number = first + i + 1
        ref = f"{name}#{number}"
        values = {k: ("" if v[i] is None else str(v[i]).strip()) for k, v in data.items()}
        meta = {k: values[k] for k in META_FIELDS if values.get(k)}
        try:
            if "published" in meta:
                meta["published"] = normalize_published(meta["published"])
        except ValueError as e:
            problems.append(Problem(name, number, ref, f"the published date could not be used: {e}"))
            continue
        if values.get("text"):
            if values.get("url"):
                meta["url"] = values["url"]
            yield number, RawDocument(input=ref, kind="text", text=str(data["text"][i]), **meta)
        elif values.get("path"):
            from ..ingest import _read_path

            p = Path(values["path"]).expanduser()
            p = p if p.is_absolute() else base / p
            try:
                docs, errs = _read_path(p, shown(str(p)), meta)
            except InputProblem as e:
                problems.append(Problem(name, number, f"{ref} ({e.input})", e.reason))
                continue
            problems.extend(Problem(name, number, e.input, e.error, e.skipped) for e in errs)
            for d in docs:
                yield number, d
        elif values.get("url"):
            from ..ingest.fetch import fetch

            try:
                yield number, fetch(values["url"], name=values["url"], **meta)
            except InputProblem as e:
                problems.append(Problem(name, number, ref, e.reason))
        else:
            problems.append(Problem(name, number, ref, "the row has no path, url or text"))


def parquet_groups(path: str) -> int:
    """Row groups of a Parquet file (each a partition); 1 when it is unreadable, so its partition says why."""
    import pyarrow.parquet as pq

    try:
        return max(1, pq.ParquetFile(path).num_row_groups)
    except Exception:  # noqa: BLE001 - the partition task reads it again and records the reason
        return 1
