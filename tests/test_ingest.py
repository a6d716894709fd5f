"""Ingest: files, directories, encodings, manifests, feeds, WARC and URLs; every bad input named with a reason."""
from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from newsfuse.ingest import collect, normalize_published
from newsfuse.ingest.decode import NotText, decode_bytes

BODY = "The regional council approved the new harbour budget on Tuesday after a long debate, officials said."


def errors_by_input(errors):
    return {e.input: e.error for e in errors}


def test_directory_walk_kinds_and_bad_files(tmp_path: Path):
    d = tmp_path / "pile"
    (d / "sub").mkdir(parents=True)
    (d / "b.txt").write_text(BODY, encoding="utf-8")
    (d / "a.html").write_text(f"<html><body><p>{BODY}</p></body></html>", encoding="utf-8")
    (d / "sub" / "c.md").write_text(BODY, encoding="utf-8")
    (d / "empty.txt").write_bytes(b"  \n")
    (d / "binary.html").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00")
    (d / "notes.docx").write_bytes(b"ignored: unknown kinds are skipped when walking")
    (d / ".hidden.txt").write_text(BODY, encoding="utf-8")
    docs, errors = collect([d, tmp_path / "missing.txt", tmp_path / "data.json"])
    names = [Path(doc.input).name for doc in docs]
    assert names == ["a.html", "b.txt", "c.md"]  # sorted walk, hidden skipped
    assert [doc.kind for doc in docs] == ["html", "text", "text"]
    errs = errors_by_input(errors)
    assert "empty" in errs[str(d / "empty.txt")]
    assert "binary" in errs[str(d / "binary.html")]
    assert "no such file" in errs[str(tmp_path / "missing.txt")]
    (tmp_path / "data.json").write_text("{}")
    _, errors = collect([tmp_path / "data.json"])
    assert "unknown file type" in errors[0].error


@pytest.mark.parametrize("data, expected", [
    ("Café in Zürich – “quoted”".encode("utf-8"), "Café in Zürich – “quoted”"),
    ("Café in Zürich".encode("utf-16"), "Café in Zürich"),
    ("Le café était fermé à Besançon, dit-on, depuis l'été dernier.".encode("cp1252"), "Le café était fermé à Besançon, dit-on, depuis l'été dernier."),
])
def test_text_decoding(data: bytes, expected: str):
    assert decode_bytes(data) == expected


def test_lying_html_charset():
    body = "<p>Señor Muñoz visitó Málaga y Cádiz el miércoles pasado con su familia.</p>"
    utf8_says_latin1 = f'<html><head><meta charset="iso-8859-1"></head><body>{body}</body></html>'.encode("utf-8")
    assert "Señor Muñoz" in decode_bytes(utf8_says_latin1, html=True)
    cp1252_says_utf8 = f'<html><head><meta charset="utf-8"></head><body>{body}</body></html>'.encode("cp1252")
    assert "Señor Muñoz" in decode_bytes(cp1252_says_utf8, html=True)
    with pytest.raises(NotText):
        decode_bytes(b"GIF89a\x00\x01\x00\x00\xff\xff")


def test_manifest_jsonl(tmp_path: Path):
    (tmp_path / "files").mkdir()
    (tmp_path / "files" / "one.txt").write_text(BODY, encoding="utf-8")
    rows = [
        {"path": "files/one.txt", "outlet": "Harbour Post", "published": "2024-06-20T08:00:00Z", "title": "Budget passed", "story": "budget"},
        {"text": BODY, "outlet": "Inline Daily", "language": "en"},
        {"outlet": "Nowhere"},
        {"path": "files/one.txt", "published": "the day after tomorrow-ish"},
        {"url": "http://127.0.0.1:9/article"},
        {"url": "ftp://files.example/article.txt"},
    ]
    lines = [json.dumps(r) for r in rows[:2]] + ["{not json"] + [json.dumps(r) for r in rows[2:]]
    manifest = tmp_path / "manifest.jsonl"
    manifest.write_text("\n".join(lines) + "\n", encoding="utf-8")
    docs, errors = collect(manifest=manifest, published="2024-06-21")
    assert len(docs) == 2
    first, inline = docs
    assert Path(first.input) == tmp_path / "files" / "one.txt"
    assert (first.outlet, first.title, first.story) == ("Harbour Post", "Budget passed", "budget")
    assert first.published == "2024-06-20T08:00:00+00:00"
    assert inline.input == f"{manifest}#2" and inline.text == BODY and inline.outlet == "Inline Daily"
    assert inline.published is None and inline.fallback_published == "2024-06-21"  # --published: only for undated ones
    assert first.fallback_published is None
    errs = errors_by_input(errors)
    assert "not valid JSON" in errs[f"{manifest}#3"]
    assert "no path, url or text" in errs[f"{manifest}#4"]
    assert "the published date could not be used" in errs[f"{manifest}#5"]
    assert "is not http(s) (ftp)" in errs[f"{manifest}#7"]
    assert any("http://127.0.0.1:9/article" in k or "http://127.0.0.1:9/article" in v for k, v in errs.items())


def test_manifest_csv(tmp_path: Path):
    (tmp_path / "a.txt").write_text(BODY, encoding="utf-8")
    manifest = tmp_path / "pile.csv"
    manifest.write_text(
        "path,text,outlet,published\n"
        "a.txt,,CSV Times,20 June 2024\n"
        ',"Inline, with a comma. ' + BODY + '",Other,\n'
        ",,Nobody,\n",
        encoding="utf-8",
    )
    docs, errors = collect(manifest=manifest)
    assert [d.outlet for d in docs] == ["CSV Times", "Other"]
    assert docs[0].published == "2024-06-20"
    assert docs[1].text.startswith("Inline, with a comma.")
    assert errors_by_input(errors) == {f"{manifest}#3": "the row has no path, url or text"}


def test_missing_or_empty_manifest(tmp_path: Path):
    _, errors = collect(manifest=tmp_path / "nope.jsonl")
    assert "does not exist" in errors[0].error
    (tmp_path / "empty.csv").write_text("")
    _, errors = collect(manifest=tmp_path / "empty.csv")
    assert "empty" in errors[0].error


def test_bad_published_argument():
    with pytest.raises(ValueError):
        collect([], published="someday")
    assert normalize_published("2024-06-20") == "2024-06-20"


RSS = f"""<?xml version="1.0"?><rss version="2.0"><channel><title>Harbour Post</title>
<item><title>Budget passed</title><link>https://harbour.example/budget</link>
<pubDate>Thu, 20 Jun 2024 08:00:00 GMT</pubDate><description><![CDATA[<p>{BODY}</p>]]></description></item>
<item><title>Empty</title><link>https://harbour.example/empty</link><description></description></item>
</channel></rss>"""


def test_rss_feed(tmp_path: Path):
    feed = tmp_path / "news.rss"
    feed.write_text(RSS, encoding="utf-8")
    docs, errors = collect([feed])
    assert len(docs) == 1  # the item without text is named, not dropped
    assert errors_by_input(errors) == {f'{feed}#2 ("Empty", https://harbour.example/empty)':
                                       "the item has no text, only a title and link (links are not fetched: "
                                       "give the page's URL as an input to read it)"}
    doc = docs[0]
    assert doc.input == f"{feed}#1" and doc.kind == "html"
    assert (doc.title, doc.url, doc.outlet) == ("Budget passed", "https://harbour.example/budget", "Harbour Post")
    assert doc.published.startswith("2024-06-20")
    (tmp_path / "bad.xml").write_text("this is not a feed")
    _, errors = collect([tmp_path / "bad.xml"])
    assert errors and errors[0].input.endswith("bad.xml")


def test_warc(tmp_path: Path):
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    path = tmp_path / "crawl.warc.gz"
    with open(path, "wb") as fh:
        writer = WARCWriter(fh, gzip=True)
        for url, ctype, body in [
            ("https://harbour.example/a", "text/html; charset=utf-8", f"<html><body><p>{BODY}</p></body></html>".encode()),
            ("https://harbour.example/logo.png", "image/png", b"\x89PNG"),
        ]:
            headers = StatusAndHeaders("200 OK", [("Content-Type", ctype)], protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(url, "response", payload=io.BytesIO(body), http_headers=headers))
    docs, errors = collect([path])
    assert not errors
    assert [(d.input, d.kind, d.url) for d in docs] == [("https://harbour.example/a", "html", "https://harbour.example/a")]
    assert BODY in docs[0].text


def test_unreachable_url_is_named():
    docs, errors = collect(["http://127.0.0.1:9/story"])
    assert not docs
    assert errors[0].input == "http://127.0.0.1:9/story"
    assert "could not fetch http://127.0.0.1:9/story" in errors[0].error


def test_a_file_walked_and_listed_in_the_manifest_is_read_once_with_the_manifest_metadata(tmp_path):
    from newsfuse.ingest import collect

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "one.txt").write_text("A bridge closed on Monday after inspectors found cracks in two piers.\n", encoding="utf-8")
    (corpus / "two.txt").write_text("The city council met on Tuesday to discuss the closed bridge and detours.\n", encoding="utf-8")
    manifest = tmp_path / "m.jsonl"
    manifest.write_text('{"path": "corpus/one.txt", "outlet": "The Daily Example", "published": "2024-06-11"}\n', encoding="utf-8")
    docs, errors = collect([corpus], manifest=manifest)
    assert errors == []
    assert len(docs) == 2
    one = [d for d in docs if d.input.endswith("one.txt")]
    assert len(one) == 1 and one[0].outlet == "The Daily Example" and one[0].published.startswith("2024-06-11")


def test_urls_are_fetched_together_and_kept_in_input_order():
    import threading
    import time
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    state = {"now": 0, "most": 0}
    lock = threading.Lock()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 (http.server's name)
            with lock:
                state["now"] += 1
                state["most"] = max(state["most"], state["now"])
            time.sleep(0.3)  # a slow site: fetching one page after another would never overlap
            with lock:
                state["now"] -= 1
            if self.path == "/gone":
                self.send_error(404, "Not Found")
                return
            body = f"<html><head><title>Report {self.path}</title></head><body><p>{BODY}</p></body></html>".encode()
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        base = f"http://127.0.0.1:{server.server_address[1]}"
        urls = [f"{base}/d", f"{base}/gone", f"{base}/a", f"{base}/c", f"{base}/b"]
        docs, errors = collect(urls)
    finally:
        server.shutdown()
    assert [d.input for d in docs] == [urls[0], urls[2], urls[3], urls[4]]  # input order, whatever finished first
    assert [e.input for e in errors] == [urls[1]] and "404" in errors[0].error
    assert state["most"] >= 2  # pages were fetched at the same time


def _warc_bytes(pages: int, gzip: bool) -> bytes:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    buf = io.BytesIO()
    writer = WARCWriter(buf, gzip=gzip)
    for i in range(pages):
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
        body = f"<html><body><p>{BODY}</p><p>Page {i}.</p></body></html>".encode()
        writer.write_record(writer.create_warc_record(f"https://harbour.example/{i}", "response",
                                                      payload=io.BytesIO(body), http_headers=headers))
    return buf.getvalue()


@pytest.mark.parametrize("gzip", [False, True])
def test_a_truncated_warc_keeps_its_whole_pages_and_names_the_cut_one(tmp_path: Path, gzip: bool):
    data = _warc_bytes(2, gzip)
    path = tmp_path / ("cut.warc.gz" if gzip else "cut.warc")
    for cut in (20, 60, 120, 200, 300):  # the archive ends in the second page's body, HTTP or WARC headers
        path.write_bytes(data[: len(data) - cut])
        docs, errors = collect([path])
        assert [d.url for d in docs] == ["https://harbour.example/0"], cut
        assert len(errors) == 1 and str(path) in errors[0].input and "truncated" in errors[0].error, (cut, errors)
        assert "\n" not in errors[0].error


def test_a_csv_manifest_with_an_unclosed_quote_or_extra_cells_is_named(tmp_path: Path):
    (tmp_path / "a.txt").write_text(BODY, encoding="utf-8")
    manifest = tmp_path / "pile.csv"
    (tmp_path / "b.txt").write_text(BODY + " Second report.", encoding="utf-8")
    manifest.write_text('path,outlet\na.txt,Times\na.txt,Post,extra\na.txt,"Herald" Daily\nb.txt,Courier\n'
                        'a.txt,"Unclosed\n', encoding="utf-8")
    docs, errors = collect(manifest=manifest)
    assert [d.outlet for d in docs] == ["Times", "Courier"]  # a stray quote costs its own row only
    found = errors_by_input(errors)
    assert "3 cells for 2 columns" in found[f"{manifest}#2"]
    assert "not valid CSV" in found[f"{manifest}#3"] and "quote that is never closed" in found[f"{manifest}#5"]


@pytest.mark.parametrize("value, message", [("yesterday", "four-digit year"), ("3/4/24", "four-digit year"), ("03/04/2024", "ambiguous"),
                                            ("2024-02-30", "day is out of range")])
def test_published_dates_that_would_change_or_mislead_are_refused(value: str, message: str):
    with pytest.raises(ValueError, match=message):
        normalize_published(value)
    assert normalize_published("20/06/2024") == normalize_published("June 20, 2024") == "2024-06-20"


def test_gzipped_pages_are_read_and_a_damaged_one_is_named(tmp_path: Path):
    import gzip

    (tmp_path / "page.html.gz").write_bytes(gzip.compress(f"<html><body><p>{BODY}</p></body></html>".encode()))
    (tmp_path / "broken.html.gz").write_bytes(b"not gzip at all")
    docs, errors = collect([tmp_path])
    assert [(Path(d.input).name, d.kind) for d in docs] == [("page.html.gz", "html")] and BODY in docs[0].text
    assert "not readable gzip" in errors_by_input(errors)[str(tmp_path / "broken.html.gz")]


def test_manifest_columns_newsfuse_does_not_read_are_named_and_the_rows_still_read(tmp_path: Path):
    (tmp_path / "a.txt").write_text(BODY, encoding="utf-8")
    jsonl = tmp_path / "pile.jsonl"
    jsonl.write_text("\n".join(json.dumps(r) for r in [
        {"path": "a.txt", "publishd": "2024-06-11", "outlet": "Harbour Post"},  # a misspelt column: the date was lost silently
        {"text": BODY + " Second.", "notes": "checked", "title": "Two"},
        {"text": BODY + " Third.", "notes": "", "story": "budget", "language": "en", "author": "Jo Roe",
         "published": "2024-06-12", "url": "https://harbour.example/3"},  # every documented column: none named
    ]) + "\n", encoding="utf-8")
    docs, errors = collect(manifest=jsonl)
    assert [d.outlet for d in docs] == ["Harbour Post", None, None] and docs[0].published is None
    assert (docs[2].story, docs[2].author, docs[2].published) == ("budget", "Jo Roe", "2024-06-12")
    errs = errors_by_input(errors)
    assert set(errs) == {f"{jsonl}#1 column 'publishd'", f"{jsonl} column 'notes' (rows 2, 3)"}
    assert "did you mean 'published'?" in errs[f"{jsonl}#1 column 'publishd'"]
    assert all("not a manifest column" in e and "read without it" in e for e in errs.values())

    csv_file = tmp_path / "pile.csv"
    csv_file.write_text("path,outlet,publishd,Headline\na.txt,Harbour Post,2024-06-11,Budget\n", encoding="utf-8")
    docs, errors = collect(manifest=csv_file)
    assert [d.outlet for d in docs] == ["Harbour Post"]
    errs = errors_by_input(errors)
    assert set(errs) == {f"{csv_file} column 'publishd'", f"{csv_file} column 'headline'"}
    assert "did you mean 'published'?" in errs[f"{csv_file} column 'publishd'"]
    assert "did you mean 'title'?" in errs[f"{csv_file} column 'headline'"]

    no_source = tmp_path / "typo.csv"
    no_source.write_text("pth,outlet\na.txt,Harbour Post\n", encoding="utf-8")
    _, errors = collect(manifest=no_source)
    assert "did you mean 'path'?" in errors_by_input(errors)[str(no_source)]
