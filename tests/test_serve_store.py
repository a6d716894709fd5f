"""The store on SQLite and PostgreSQL: migrations at open, a newer schema refused, idempotent ingest, search,
story ids that survive a restart, and the same stories and briefings `newsfuse brief` makes from the pile."""
from __future__ import annotations

import json

import pytest
from serve_helpers import Service, postgres_url, upload_examples
from sqlalchemy import text

from newsfuse.model import Briefing


@pytest.fixture(scope="module")
def pg():
    url, stop = postgres_url()
    yield url
    stop()


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request, tmp_path):
    if request.param == "sqlite":
        return None
    url = request.getfixturevalue("pg")
    from sqlalchemy import create_engine

    engine = create_engine("postgresql+psycopg://" + url.split("://", 1)[1])
    with engine.begin() as conn:  # each test starts from an empty schema
        conn.execute(text("DROP SCHEMA public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    engine.dispose()
    return url


def test_newer_schema_is_refused_with_a_plain_message(tmp_path, db_url):
    from newsfuse.store import StoreError, open_store

    store = open_store(db_url, tmp_path)
    with store.engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '9999'"))
    store.close()
    with pytest.raises(StoreError, match="schema revision '9999', newer than this newsfuse knows"):
        open_store(db_url, tmp_path)


def test_service_builds_the_same_stories_and_briefings_as_brief(tmp_path, db_url, examples_dir, examples_briefing):
    service = Service(tmp_path, db_url)
    try:
        r = upload_examples(service, examples_dir)
        assert r.status_code == 201, r.text
        assert len(r.json()["articles"]) == sum(len(s.articles) for s in examples_briefing.stories)
        service.drain()
        listed = service.client.get("/api/stories?sort=sources&per_page=100").json()
        assert listed["total"] == len(examples_briefing.stories)
        for story in examples_briefing.stories:
            got = service.client.get(f"/api/stories/{story.id}")
            assert got.status_code == 200, f"story {story.id} of brief is missing from the service"
            served = json.loads(got.text)["stories"][0]
            expected = json.loads(Briefing(stories=[story]).to_json())["stories"][0]
            for s_art, e_art in zip(served["articles"], expected["articles"]):  # the input is named as uploaded
                assert e_art["input"].endswith("/" + s_art.pop("input"))
                e_art.pop("input")
            assert served == expected
        # the same upload again: acknowledged as duplicates, nothing stored twice
        again = upload_examples(service, examples_dir).json()["articles"]
        assert all(a["duplicate_of"] for a in again)
        assert service.client.get("/api/health").json()["articles"] == len(again)
        # full-text search finds the recall story by a word only its articles hold
        hits = service.client.get("/api/search", params={"q": "listeria"}).json()["items"]
        assert hits and all(h["outlet"] in ("Ashcombe Examiner", "The National Ledger") for h in hits)
        recall = service.client.get("/api/stories", params={"q": "yogurt"}).json()["items"]
        assert recall and "yogurt" in recall[0]["headline"].lower()
    finally:
        service.close()


def test_story_ids_survive_a_restart_and_new_reports_join_them(tmp_path, db_url, examples_dir):
    rows = [json.loads(line) for line in (examples_dir / "manifest.jsonl").read_text().splitlines()]
    first = [r for r in rows if "path" in r and "kestrel" in r["path"]][:3]
    later = [r for r in rows if "path" in r and "kestrel" in r["path"]][3:5]

    def upload(service, part):
        manifest = "\n".join(json.dumps(r) for r in part) + "\n"
        files = [("files", ("pile.jsonl", manifest.encode()))] + [
            ("files", (r["path"], (examples_dir / r["path"]).read_bytes())) for r in part]
        assert service.client.post("/api/articles", files=files, headers=service.auth).status_code == 201

    service = Service(tmp_path, db_url)
    upload(service, first)
    service.drain()
    before = service.client.get("/api/stories").json()["items"]
    service.close()
    assert len(before) == 1
    restarted = Service(tmp_path, db_url)  # a new process would load the grouper state the same way
    try:
        upload(restarted, later)
        restarted.drain()
        after = restarted.client.get("/api/stories").json()["items"]
        assert [s["id"] for s in after] == [before[0]["id"]]
        assert after[0]["articles"] == 5 and after[0]["version"] == 2
        changes = restarted.client.get(f"/api/stories/{before[0]['id']}/changes", params={"since": "1"}).json()
        assert any(c["kind"] == "new source" for c in changes["items"])
    finally:
        restarted.close()
