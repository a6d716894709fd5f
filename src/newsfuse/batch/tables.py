"""The Parquet dataset batch writes: one folder per table, hive-partitioned by day (`day=YYYY-MM-DD`).

Every file is named after the task that wrote it (`part-<piece or bucket>.parquet`) and written whole then
renamed: a task run twice (a retried or resumed task) replaces its file, so no row is ever written twice.
"""
from __future__ import annotations

import os
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from ..model import Article, Story

STR, INT, BOOL = pa.string(), pa.int64(), pa.bool_()
STRS = pa.list_(STR)

SCHEMAS: dict[str, pa.Schema] = {
    "articles": pa.schema([("id", STR), ("input", STR), ("file", STR), ("offset", INT), ("url", STR),
                           ("outlet", STR), ("title", STR), ("published", STR), ("language", STR), ("author", STR),
                           ("story", STR), ("copy_of", STR), ("origin", STR), ("credits", STRS), ("text", STR),
                           ("removed", INT)]),
    "stories": pa.schema([("id", STR), ("headline", STR), ("articles", INT), ("sources", INT), ("outlets", STRS),
                          ("first_published", STR), ("last_published", STR), ("briefed", BOOL), ("report", STR)]),
    "claims": pa.schema([("story", STR), ("id", STR), ("text", STR), ("support", INT), ("outlets", STRS),
                         ("evidence", INT), ("contradicting", INT)]),
    "evidence": pa.schema([("story", STR), ("claim", STR), ("article", STR), ("text", STR), ("contradicts", BOOL)]),
    "discrepancies": pa.schema([("story", STR), ("id", STR), ("kind", STR), ("summary", STR), ("claim", STR),
                                ("values", STRS), ("articles", STRS)]),
    "quotes": pa.schema([("story", STR), ("speaker", STR), ("speaker_id", STR), ("text", STR), ("articles", STRS),
                         ("variants", INT)]),
    "entities": pa.schema([("story", STR), ("id", STR), ("name", STR), ("type", STR), ("aliases", STRS),
                           ("articles", STRS), ("mentions", INT)]),
    "errors": pa.schema([("input", STR), ("file", STR), ("offset", INT), ("error", STR), ("skipped", BOOL),
                         ("stage", STR)]),
}
STORY_TABLES = ("stories", "claims", "evidence", "discrepancies", "quotes", "entities")


def write(out: str, table: str, day: str | None, name: str, rows: list[dict]) -> None:
    """Write `rows` as tables/<table>/day=<day>/part-<name>.parquet (no day: straight under the table)."""
    folder = Path(out) / table / (f"day={day}" if day else "")
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"part-{name}.parquet"
    schema = SCHEMAS[table]
    data = pa.Table.from_pylist(rows, schema=schema) if rows else schema.empty_table()
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    pq.write_table(data, tmp, compression="zstd")
    os.replace(tmp, path)


def article_row(a: Article, story: str, file: str, offset) -> dict:
    return {"id": a.id, "input": a.input, "file": file, "offset": offset, "url": a.url, "outlet": a.outlet,
            "title": a.title, "published": a.published, "language": a.language, "author": a.author, "story": story,
            "copy_of": a.copy_of, "origin": a.origin, "credits": list(a.credits), "text": a.text,
            "removed": len(a.removed)}


def story_row(story: Story, briefed: bool, report: str | None) -> dict:
    dates = sorted(a.published for a in story.articles if a.published)
    return {"id": story.id, "headline": story.headline or (story.articles[0].title if story.articles else ""),
            "articles": len(story.articles), "sources": len({a.origin or a.id for a in story.articles}),
            "outlets": sorted({a.source_name() for a in story.articles}),
            "first_published": dates[0] if dates else None, "last_published": dates[-1] if dates else None,
            "briefed": briefed, "report": report}


def story_rows(story: Story) -> dict[str, list[dict]]:
    """The rows a briefed story adds to claims, evidence, discrepancies, quotes and entities."""
    sid = story.id
    out: dict[str, list[dict]] = {t: [] for t in STORY_TABLES if t != "stories"}
    for c in story.claims:
        out["claims"].append({"story": sid, "id": c.id, "text": c.text, "support": c.support, "outlets": list(c.outlets),
                              "evidence": len(c.evidence), "contradicting": len(c.contradicting)})
        out["evidence"] += [{"story": sid, "claim": c.id, "article": e.article, "text": e.text, "contradicts": False}
                            for e in c.evidence]
        out["evidence"] += [{"story": sid, "claim": c.id, "article": e.article, "text": e.text, "contradicts": True}
                            for e in c.contradicting]
    for d in story.discrepancies:
        out["discrepancies"].append({"story": sid, "id": d.id, "kind": d.kind, "summary": d.summary, "claim": d.claim,
                                     "values": [v.value for v in d.values],
                                     "articles": sorted({x for v in d.values for x in v.articles})})
    for q in story.quotes:
        out["quotes"].append({"story": sid, "speaker": q.speaker, "speaker_id": q.speaker_id, "text": q.text,
                              "articles": list(q.articles), "variants": len(q.variants)})
    for e in story.entities:
        out["entities"].append({"story": sid, "id": e.id, "name": e.name, "type": e.type, "aliases": list(e.aliases),
                                "articles": list(e.articles), "mentions": len(e.mentions)})
    return out
