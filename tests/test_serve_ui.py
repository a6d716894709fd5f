"""The web UI over a store holding the examples: list (sort, filter, search), story page with what is new since the
last visit, article page, sources page; hostile text escaped, nothing loaded from elsewhere."""
from __future__ import annotations

import re

import pytest
from serve_helpers import Service, upload_examples

EXTERNAL = re.compile(r"""(?:src|href)=["'](?:https?:)?//""", re.I)


@pytest.fixture(scope="module")
def ui(tmp_path_factory, examples_dir):
    service = Service(tmp_path_factory.mktemp("ui"))
    assert upload_examples(service, examples_dir).status_code == 201
    service.drain()
    yield service
    service.close()


def test_story_list_sorts_filters_and_searches(ui):
    page = ui.client.get("/").text
    assert "Kestrel Bridge" in page and "yogurt" in page.lower()
    by_sources = ui.client.get("/", params={"sort": "sources"}).text
    assert by_sources.index("Kestrel Bridge") < by_sources.lower().index("yogurt")
    searched = ui.client.get("/", params={"q": "listeria"}).text
    assert "yogurt" in searched.lower() and "Kestrel Bridge collapse" not in searched
    by_outlet = ui.client.get("/", params={"outlet": "Ashcombe Examiner"}).text
    assert "1 story" in by_outlet
    assert not EXTERNAL.search(page)


def test_story_page_marks_what_is_new_since_the_last_visit(ui, examples_dir):
    story = ui.client.get("/api/stories", params={"q": "yogurt"}).json()["items"][0]
    first = ui.client.get(f"/stories/{story['id']}")
    assert first.status_code == 200 and "New since your last visit" not in first.text
    assert f'/api/stories/{story["id"]}/report?version=1' in first.text
    report = ui.client.get(f"/api/stories/{story['id']}/report")
    assert "script-src 'sha256-" in report.headers["content-security-policy"] and not EXTERNAL.search(report.text)
    text = ("Bramblewood Dairies widened its yogurt recall on Wednesday to its Farmhouse Vanilla pots after listeria was "
            "found on a second filling machine at its Ashcombe factory, the Food Standards Directorate said. "
            "The company said about 40,000 more pots were affected.")
    files = [("files", ("update.jsonl", ('{"text": "%s", "outlet": "Marrow Valley Herald <script>alert(1)</script>", '
                                         '"published": "2024-06-12", "title": "Yogurt recall widened"}\n' % text).encode()))]
    assert ui.client.post("/api/articles", files=files, headers=ui.auth).status_code == 201
    ui.drain()
    second = ui.client.get(f"/stories/{story['id']}")  # the client sends the cookie the first visit set
    assert "New since your last visit (version 1 → 2)" in second.text
    assert "new source" in second.text
    assert "<script>alert(1)</script>" not in second.text and "&lt;script&gt;alert(1)&lt;/script&gt;" in second.text
    listed = ui.client.get("/").text
    assert "<script>alert" not in listed


def test_article_and_sources_pages(ui):
    hit = ui.client.get("/api/search", params={"q": "Okafour"}).json()["items"][0]
    page = ui.client.get(f"/articles/{hit['id']}").text
    assert "Okafour" in page and "Removed when cleaned" in page
    sources = ui.client.get("/sources").text
    assert "No sources yet" in sources and 'type="password"' in sources
    r = ui.client.post("/sources", data={"action": "add", "url": "https://example.org/rss.xml", "token": "wrong"})
    assert "not done" in r.text and "valid bearer token" in r.text
    r = ui.client.post("/sources", data={"action": "add", "url": "https://example.org/rss.xml", "token": ui.auth["Authorization"][7:]})
    assert "added https://example.org/rss.xml" in r.text and "example.org/rss.xml" in r.text
