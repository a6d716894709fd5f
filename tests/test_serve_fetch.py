"""Fetching as a good citizen, on a real HTTP server on 127.0.0.1: the examples as outlets' feeds of teasers, plus
a 304-aware feed, a 403 host, a redirect loop, a robots.txt that disallows a path, a feed that is HTML, a
malformed feed, a huge response, a slow host, a consent wall, sitemaps (index, Google News)."""
from __future__ import annotations

import json
import time

import pytest
from serve_helpers import Service
from sqlalchemy import select

from newsfuse.server.demo import FeedNetwork, manifest_network, rss
from newsfuse.store.models import FeedItem, Source

CONSENT = b"<html><body><div>We value your privacy. Accept all cookies to continue.</div><script></script></body></html>"


def slow(_headers):
    time.sleep(4)
    return 200, {"Content-Type": "application/rss+xml"}, rss("Slow", [])


@pytest.fixture(scope="module")
def network(examples_dir):
    net, feeds = manifest_network(examples_dir / "manifest.jsonl", spread_s=0)
    b = net.base
    net.static("/robots.txt", b"User-agent: *\nDisallow: /private/\n", "text/plain")
    net.static("/private/secret.html", b"<html><body><article><p>" + b"Secret text. " * 80 + b"</p></article></body></html>")
    net.static("/forbidden/page.html", b"no", status=403)
    net.static("/walls/consent.html", CONSENT)
    net.static("/problems/feed.xml", rss("Problem Outlet", [
        {"title": "Forbidden", "link": b + "/forbidden/page.html"}, {"title": "Private", "link": b + "/private/secret.html"},
        {"title": "Consent", "link": b + "/walls/consent.html"}, {"title": "Missing", "link": b + "/nowhere.html"}]),
        "application/rss+xml")
    net.add("/loop/a", lambda h: (302, {"Location": b + "/loop/b"}, b""))
    net.add("/loop/b", lambda h: (302, {"Location": b + "/loop/a"}, b""))
    net.static("/html/feed.xml", b"<!DOCTYPE html><html><body><p>Not a feed</p></body></html>")
    net.static("/broken/feed.xml", b"<?xml version='1.0'?><rss><channel><title>Broken</title><item><title>x</item></rss>", "application/rss+xml")
    net.static("/huge/feed.xml", b"<rss>" + b" " * 3_000_000 + b"</rss>", "application/rss+xml")
    net.add("/slow/feed.xml", slow)
    kestrel = [link for link in net.routes if link.endswith((".txt", ".html")) and "kestrel" in link][:2]
    net.static("/maps/news.xml", (
        "<?xml version='1.0'?><urlset xmlns='http://www.sitemaps.org/schemas/sitemap/0.9' "
        "xmlns:news='http://www.google.com/schemas/sitemap-news/0.9'>" + "".join(
            f"<url><loc>{b}{p}</loc><news:news><news:publication_date>2024-06-11T09:00:00Z</news:publication_date>"
            f"<news:title>Kestrel report {i}</news:title></news:news></url>" for i, p in enumerate(kestrel)) + "</urlset>").encode(),
        "application/xml")
    net.static("/maps/index.xml", f"<sitemapindex xmlns='http://www.sitemaps.org/schemas/sitemap/0.9'><sitemap><loc>{b}/maps/news.xml</loc></sitemap></sitemapindex>".encode(), "application/xml")
    yield net, feeds
    net.close()


@pytest.fixture(scope="module")
def served(network, tmp_path_factory):
    net, feeds = network
    service = Service(tmp_path_factory.mktemp("serve"), contact="desk@example.org")
    b = net.base
    extra = ["/problems/feed.xml", "/loop/a", "/html/feed.xml", "/broken/feed.xml", "/huge/feed.xml", "/slow/feed.xml", "/maps/index.xml"]
    for url, outlet in feeds + [(b + p, None) for p in extra]:
        r = service.client.post("/api/sources", json={"url": url, "outlet": outlet, "every": "1h"}, headers=service.auth)
        assert r.status_code == 201, r.text
    service.drain()
    yield service
    service.close()


def _source(service, url):
    with service.store.session() as s:
        return s.scalar(select(Source).where(Source.url == url))


def _item(service, link):
    with service.store.session() as s:
        return s.scalar(select(FeedItem).where(FeedItem.link == link))


def test_teasers_are_followed_to_their_pages_and_grouped_into_stories(served, network):
    stories = served.client.get("/api/stories", params={"sort": "sources"}).json()["items"]
    assert stories and "Kestrel" in stories[0]["headline"]
    assert stories[0]["sources"] >= 3
    article = served.client.get(f"/api/articles/{served.client.get('/api/search', params={'q': 'Okafour'}).json()['items'][0]['id']}").json()
    assert article["fetch"]["status"] == 200 and article["fetch"]["url"].startswith(network[0].base)


def test_user_agent_names_newsfuse_and_the_contact(served, network):
    assert any(ua.startswith("newsfuse/") and "desk@example.org" in ua for ua in network[0].user_agents)


def test_second_poll_is_conditional_and_304_is_recorded(served, network):
    url = network[1][0][0]
    src = _source(served, url)
    with served.store.session() as s, s.begin():
        s.get(Source, src.id).next_due = src.last_fetch  # due again now
    served.drain()
    src = _source(served, url)
    assert src.not_modified == 1 and src.last_status == 304 and src.failures == 0


def test_blocked_and_non_article_pages_are_recorded_on_their_items(served, network):
    b = network[0].base
    forbidden = _item(served, b + "/forbidden/page.html")
    assert forbidden.state == "blocked" and "403" in forbidden.reason
    private = _item(served, b + "/private/secret.html")
    assert private.state == "blocked" and "robots.txt" in private.reason
    assert network[0].hits.get("/private/secret.html") is None  # never requested
    consent = _item(served, b + "/walls/consent.html")
    assert consent.state == "blocked" and "consent" in consent.reason
    assert _item(served, b + "/nowhere.html").state == "failed"
    assert served.client.get("/api/health").json()["articles"] == 10  # none of them stored as an article


@pytest.mark.parametrize("path, reason", [
    ("/loop/a", "redirect loop"), ("/html/feed.xml", "HTML page, not a feed"), ("/broken/feed.xml", "malformed feed XML"),
    ("/huge/feed.xml", "more than the 2,000,000"), ("/slow/feed.xml", "in time")])
def test_bad_sources_are_recorded_with_a_plain_reason_and_backed_off(served, network, path, reason):
    src = _source(served, network[0].base + path)
    assert reason in (src.last_error or ""), src.last_error
    assert src.failures > 0
    assert (src.next_due - src.last_fetch).total_seconds() > src.every_s  # backed off beyond its interval
    page = served.client.get("/sources").text
    assert reason in page.replace("&#39;", "'")


def test_sitemap_index_and_google_news_sitemap_give_items(served, network):
    src = _source(served, network[0].base + "/maps/index.xml")
    assert src.kind == "sitemap" and src.items_seen == 2
    with served.store.session() as s:
        items = list(s.scalars(select(FeedItem).where(FeedItem.source_id == src.id)))
    assert {i.title for i in items} == {"Kestrel report 0", "Kestrel report 1"}
    assert all(i.published.startswith("2024-06-11") for i in items)
    assert all(i.state == "duplicate" for i in items)  # the feeds brought these pages already: kept once


def test_writes_need_the_token_and_private_hosts_are_refused_by_default(tmp_path):
    service = Service(tmp_path, allow_private_hosts=False)
    try:
        body = {"url": "http://127.0.0.1:9/feed.xml"}
        assert service.client.post("/api/sources", json=body).status_code == 401
        assert service.client.post("/api/sources", json=body, headers={"Authorization": "Bearer wrong"}).status_code == 401
        r = service.client.post("/api/sources", json=body, headers=service.auth)
        assert r.status_code == 422 and "loopback" in r.json()["error"]
        r = service.client.post("/api/articles", json={"urls": ["http://169.254.169.254/latest/meta-data"]}, headers=service.auth)
        assert r.status_code == 422 and "169.254.169.254" in r.text
        ui = service.client.get("/")
        assert "default-src 'none'" in ui.headers["content-security-policy"] and "http" not in ui.text.split("<main>")[0].replace("http-equiv", "")
    finally:
        service.close()


def test_writes_are_rate_limited_per_token_and_big_uploads_refused(tmp_path):
    service = Service(tmp_path, rate_limit=3, max_upload_bytes=10_000)
    try:
        codes = [service.client.post("/api/sources", json={"url": f"https://example.org/{i}.xml"}, headers=service.auth).status_code
                 for i in range(4)]
        assert codes == [201, 201, 201, 429]
    finally:
        service.close()
    service = Service(tmp_path / "b", max_upload_bytes=10_000)
    try:
        r = service.client.post("/api/articles", files=[("files", ("big.txt", b"word " * 5000))], headers=service.auth)
        assert r.status_code == 413 and "max_upload_bytes" in r.json()["error"]
        r = service.client.post("/api/articles", files=[("files", ("feed.opml", b"\x00\x01binary"))], headers=service.auth)
        assert r.status_code == 422 and r.json()["errors"][0]["input"] == "feed.opml"
    finally:
        service.close()


def test_an_uploaded_manifest_reads_only_the_files_uploaded_with_it(tmp_path, examples_dir):
    """A manifest uploaded to the service that names a file of the server (an absolute path, ../) gets that row
    refused by name, whatever the CLI's default; the uploaded file it names is used."""
    texts = sorted((examples_dir / "corpus").glob("*.txt"))
    secret = tmp_path / "secret-notes.txt"
    secret.write_text(texts[1].read_text(encoding="utf-8"), encoding="utf-8")
    rows = [{"path": "report.txt", "outlet": "Uploaded"}, {"path": str(secret), "outlet": "Server file"},
            {"path": "../secret-notes.txt", "outlet": "Up"}]
    manifest = "".join(json.dumps(r) + "\n" for r in rows).encode("utf-8")
    service = Service(tmp_path / "svc")
    try:
        r = service.client.post("/api/articles", headers=service.auth, files=[
            ("files", ("rows.jsonl", manifest)), ("files", ("report.txt", texts[0].read_bytes()))])
        body = r.json()
        assert r.status_code in (200, 201, 207), body
        assert "outside the manifest's folder" in json.dumps(body)
        assert "Server file" not in json.dumps(body.get("articles", body))
        assert service.client.get("/api/search", params={"q": "Uploaded"}).status_code == 200
    finally:
        service.close()
