"""Manifests (JSONL or CSV): one article per row, by path, url or inline text, with metadata."""
from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from ..display import shown
from ..errors import InputProblem
from ..model import InputError
from .fetch import is_url
from .opener import read_capped

META_FIELDS = ("outlet", "published", "title", "language", "story", "author")
SOURCE_FIELDS = ("path", "url", "text")
COLUMNS = SOURCE_FIELDS + META_FIELDS
# what users call a column newsfuse names otherwise (a misspelling is caught by its closeness instead)
OTHER_NAMES = {"date": "published", "pubdate": "published", "publication_date": "published", "headline": "title",
               "source": "outlet", "publisher": "outlet", "site": "outlet", "lang": "language", "link": "url",
               "file": "path", "body": "text", "content": "text", "byline": "author", "cluster": "story"}
SHOWN_ROWS = 5  # rows listed by number in the error of a JSONL key that is no column
MAX_MANIFEST_BYTES = 1_000_000_000  # inline texts of a few thousand articles; beyond this it is not a manifest
DATE_ONLY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


@dataclass
class Row:
    """One usable manifest row: where the article is and the metadata the user gave."""

    ref: str  # "manifest.jsonl#3"
    path: Path | None = None
    url: str | None = None
    text: str | None = None
    meta: dict = field(default_factory=dict)


YEAR = re.compile(r"(?<!\d)(?:1[89]|20)\d\d(?!\d)")
NUMERIC_DATE = re.compile(r"(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*\d{2,4}\b")


def normalize_published(value: str) -> str:
    """An ISO date (YYYY-MM-DD) or date-time for `value`; ValueError, naming the value, when it is not one date.

    Dates written out with their year ("June 20, 2024", "20 June 2024") are read too; relative ones
    ("yesterday") would change from run to run, and all-number ones that could be either day or month first
    ("03/04/2024") are ambiguous: refused.
    """
    value = value.strip()
    if not value:
        raise ValueError("empty date")
    found = _plain_iso(value)
    if found is not None:
        return found
    if DATE_ONLY.match(value):
        try:
            return date.fromisoformat(value).isoformat()
        except ValueError as e:
            raise ValueError(f"{value!r} is not a date ({e})") from None
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00")).isoformat()
    except ValueError:
        pass
    if not YEAR.search(value):
        raise ValueError(f"{value!r} is not a date with its four-digit year (a relative date, like 'yesterday', "
                         "would change from run to run)")
    m = NUMERIC_DATE.match(value)
    if m and int(m.group(1)) <= 12 and int(m.group(2)) <= 12 and m.group(1) != m.group(2):
        raise ValueError(f"{value!r} is ambiguous (day or month first?): write it as YYYY-MM-DD")
    import dateparser  # slow to import; only reached for dates not written in ISO

    parsed = dateparser.parse(value, settings={"STRICT_PARSING": True, "REQUIRE_PARTS": ["day", "month", "year"]})
    if parsed is None:
        raise ValueError(f"{value!r} is not a date")
    if parsed.hour == parsed.minute == parsed.second == 0 and not re.search(r"\d:\d", value):
        return parsed.date().isoformat()
    return parsed.isoformat()


FIRST_YEAR, LAST_YEAR = 1800, 2200  # outside these a "publication date" is a typo or a placeholder (0001-01-01)


def _plain_iso(value: str) -> str | None:
    """`normalize_published` for ISO dates and date-times, or None for other forms; ValueError for a
    year no report was published in."""
    try:
        parsed = date.fromisoformat(value) if DATE_ONLY.match(value) else datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    if not FIRST_YEAR <= parsed.year <= LAST_YEAR:
        raise ValueError(f"{value!r} is in the year {parsed.year}: not a publication date newsfuse can use "
                         f"({FIRST_YEAR}-{LAST_YEAR})")
    return parsed.isoformat()


def _records(manifest: Path, name: str) -> list[tuple[str, dict | None, str | None]]:
    """(row ref, fields or None, error) for each data row of a JSONL or CSV file."""
    raw = read_capped(manifest, name, MAX_MANIFEST_BYTES, what="manifest")
    try:
        content = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InputProblem(name, "the manifest is not UTF-8 text") from None
    if not content.strip():
        raise InputProblem(name, "the manifest is empty")
    out: list[tuple[str, dict | None, str | None]] = []
    if manifest.suffix.lower() == ".csv":
        return _csv_records(content, name)
    for i, line in enumerate(content.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            value = json.loads(line)
        except json.JSONDecodeError as e:
            out.append((f"{name}#{i}", None, f"the line is not valid JSON ({e.msg})"))
            continue
        if not isinstance(value, dict):
            out.append((f"{name}#{i}", None, "the line is not a JSON object"))
            continue
        out.append((f"{name}#{i}", {str(k).strip().lower(): v for k, v in value.items()}, None))
    return out


def _csv_records(content: str, name: str) -> list[tuple[str, dict | None, str | None]]:
    """(row ref, fields or None, error) per CSV data row; a row the CSV reader cannot close (an unclosed quote
    runs to the end of the file) is named and reading starts again on the line after it, so no later row is lost."""
    lines = content.splitlines(keepends=True)
    reader = csv.reader(lines, strict=True)
    try:
        header = next(reader)
    except StopIteration:
        raise InputProblem(name, "the CSV manifest is empty") from None
    except csv.Error as e:
        raise InputProblem(name, f"the CSV manifest's header could not be read ({e})") from None
    columns = [f.strip().lower() for f in header]
    if not set(SOURCE_FIELDS) & set(columns):
        hints = "; ".join(f"{c!r}: did you mean {_meant(c)!r}?" for c in columns if _meant(c) in SOURCE_FIELDS)
        raise InputProblem(name, "the CSV manifest has no header with a path, url or text column"
                                 + (f" ({hints})" if hints else f" (its first line: {', '.join(c for c in columns if c)[:200]!r})"))
    out: list[tuple[str, dict | None, str | None]] = []
    offset = 0  # index in `lines` of the first line the current reader was given
    start = reader.line_num  # index in `lines` of the line the next row starts on
    i = 0
    while start < len(lines):
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error as e:
            i += 1
            if offset + reader.line_num >= len(lines):  # ran to the end of the file looking for a closing quote
                why = (f"the row starting on line {start + 1} has a quote that is never closed; "
                       "the rows after it were read from the next line on")
            else:
                why = f"the row starting on line {start + 1} is not valid CSV ({e}); reading went on from the next line"
            out.append((f"{name}#{i}", None, why))
            offset = start = start + 1
            reader = csv.reader(lines[offset:], strict=True)
            continue
        start = offset + reader.line_num
        if not cells:  # a blank line is no row
            continue
        i += 1
        if len(cells) > len(header):
            out.append((f"{name}#{i}", None, f"the row has {len(cells)} cells for {len(header)} columns "
                                             "(a comma not in quotes?)"))
            continue
        fields = {col: cell.strip() for col, cell in zip(columns, cells) if col}
        out.append((f"{name}#{i}", fields, None))
    if not out:
        raise InputProblem(name, "the CSV manifest has a header but no rows")
    return out


def _inside(target: Path, folder: Path) -> bool:
    """Whether `target`, with every symlink followed, lies in `folder`."""
    try:
        return target.resolve().is_relative_to(folder.resolve())
    except (OSError, RuntimeError):  # a symlink loop is nowhere
        return False


JOINED = {"text": "\n\n", "author": ", "}  # columns whose list value has a natural one-string form (paragraphs, names)


def _cell(key: str, value) -> str:
    """A manifest value as the string newsfuse reads; ValueError naming the column when it is not one value."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, bool) or isinstance(value, dict):
        kind = "true/false" if isinstance(value, bool) else "an object"
        raise ValueError(f"its {key!r} is {kind}, not text")
    if isinstance(value, (int, float)):
        return str(value)
    if isinstance(value, list):
        if key in JOINED and all(isinstance(v, str) for v in value):
            return JOINED[key].join(v.strip() for v in value if v.strip())
        raise ValueError(f"its {key!r} is a list of {len(value)}, not one value")
    raise ValueError(f"its {key!r} is not text")


def _meant(column: str) -> str | None:
    """The manifest column a user most likely meant by `column` (a misspelling or another name for it), if any."""
    import difflib

    key = column.replace(" ", "_").replace("-", "_")
    if key in OTHER_NAMES:
        return OTHER_NAMES[key]
    close = difflib.get_close_matches(key, COLUMNS + tuple(OTHER_NAMES), n=1, cutoff=0.75)
    return (OTHER_NAMES.get(close[0], close[0])) if close else None


def _unknown_columns(name: str, records: list[tuple[str, dict | None, str | None]], csv_file: bool) -> list[InputError]:
    """One InputError per column (JSONL key) newsfuse does not read, naming it, the rows that have it and the
    column it was likely meant to be: its values are not used, and the rows are read without them."""
    rows_of: dict[str, list[str]] = {}
    for ref, fields, _ in records:
        for key in fields or ():
            if key and key not in COLUMNS:
                rows_of.setdefault(key, []).append(ref.rsplit("#", 1)[1])
    errors = []
    for key, rows in rows_of.items():
        if csv_file:
            where = f"{name} column {key!r}"
        elif len(rows) == 1:
            where = f"{name}#{rows[0]} column {key!r}"
        else:
            more = f" and {len(rows) - SHOWN_ROWS} more" if len(rows) > SHOWN_ROWS else ""
            where = f"{name} column {key!r} (rows {', '.join(rows[:SHOWN_ROWS])}{more})"
        meant = _meant(key)
        hint = f"did you mean {meant!r}? " if meant else ""
        errors.append(InputError(input=where, error=f"not a manifest column, so its values were not used ({hint}"
                                                    f"the columns are {', '.join(COLUMNS)}); the "
                                                    f"{'rows were' if csv_file or len(rows) > 1 else 'row was'} "
                                                    "read without it", skipped=False))
    return errors


def read_manifest(manifest: str | Path, allow_outside: bool = True) -> tuple[list[Row], list[InputError]]:
    """Usable rows and an InputError (naming the row) for each row that cannot be used.

    With `allow_outside` False a row whose path leaves the manifest's folder (absolute, "../", or a symlink
    out of it) is refused: a service that takes manifests must not read any file its user names.
    """
    path = Path(manifest)
    name = shown(str(manifest))
    rows: list[Row] = []
    records = _records(path, name)
    errors = _unknown_columns(name, records, path.suffix.lower() == ".csv")
    for ref, fields, error in records:
        if fields is None:
            errors.append(InputError(input=ref, error=error or "unreadable row"))
            continue
        try:
            values = {k: _cell(k, v) for k, v in fields.items() if k in COLUMNS}
        except ValueError as e:
            errors.append(InputError(input=ref, error=f"the row cannot be used: {e}"))
            continue
        source = {k: values.get(k, "") for k in SOURCE_FIELDS}
        if not any(source.values()):
            errors.append(InputError(input=ref, error="the row has no path, url or text"))
            continue
        meta = {k: values[k] for k in META_FIELDS if values.get(k)}
        if "published" in meta:
            try:
                meta["published"] = normalize_published(meta["published"])
            except ValueError as e:
                errors.append(InputError(input=ref, error=f"the published date could not be used: {e}"))
                continue
        row = Row(ref=ref, meta=meta)
        if source["text"]:
            raw_text = fields.get("text")
            row.text = raw_text if isinstance(raw_text, str) else source["text"]  # a string keeps its own spacing
            if source["url"]:
                row.meta["url"] = source["url"]
        elif source["path"]:
            p = Path(source["path"]).expanduser()
            row.path = p if p.is_absolute() else path.parent / p
            if not allow_outside and not _inside(row.path, path.parent):
                errors.append(InputError(input=ref, error=f"the path {shown(source['path'])!r} is outside the "
                                                          "manifest's folder, which ingest.allow_paths_outside_manifest "
                                                          "= false does not allow"))
                continue
            if source["url"]:
                row.meta["url"] = source["url"]
        else:
            if not is_url(source["url"]):
                scheme = source["url"].split(":", 1)[0] if ":" in source["url"] else "no scheme"
                errors.append(InputError(input=ref, error=f"the url {source['url']!r} is not http(s) ({scheme}): "
                                                          "newsfuse fetches http:// and https:// pages"))
                continue
            row.url = source["url"]
        rows.append(row)
    return rows, errors
