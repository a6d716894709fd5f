"""What the serve tests share: a store + app + worker on a temp folder, and a PostgreSQL cluster started once."""
from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
TOKEN = "test-token-of-the-serve-tests"


def settings_for(data: Path, db: str | None = None, **serve):
    from newsfuse.config import Settings

    # loopback feeds: the SSRF guard is turned off for them; no delay between requests to the one test host
    values = {"data_dir": str(data), "db": db, "allow_private_hosts": True, "host_delay": 0.0, "debounce": 0.0,
              "token": TOKEN, "connect_timeout": 2.0, "read_timeout": 2.0, "max_page_bytes": 2_000_000, **serve}
    return Settings.model_validate({"serve": values})


class Service:
    """A store, the API app over it (a TestClient) and a worker run on demand with `drain()`."""

    def __init__(self, data: Path, db: str | None = None, **serve):
        from fastapi.testclient import TestClient

        from newsfuse.server.app import create_app
        from newsfuse.server.worker import Worker
        from newsfuse.store import open_store

        self.settings = settings_for(data, db, **serve)
        self.store = open_store(self.settings.serve.db, self.settings.serve.data_dir)
        self.app = create_app(self.store, self.settings)
        self.client = TestClient(self.app)
        self.worker = Worker(self.store, self.settings)
        self.auth = {"Authorization": f"Bearer {TOKEN}"}

    def drain(self, timeout: float = 600.0) -> None:
        self.worker.drain(timeout)

    def close(self) -> None:
        self.worker.close()
        self.client.close()
        self.store.close()


def upload_examples(service: Service, examples_dir: Path):
    """POST the example corpus (its manifest and the files it names) as one upload."""
    files = [("files", ("manifest.jsonl", (examples_dir / "manifest.jsonl").read_bytes()))]
    for p in sorted((examples_dir / "corpus").iterdir()):
        files.append(("files", (f"corpus/{p.name}", p.read_bytes())))
    return service.client.post("/api/articles", files=files, data={"published": "2024-06-11"}, headers=service.auth)


def postgres_url():
    """A session's throwaway PostgreSQL (scripts/pgcluster.py); skipped when missing, a failure in CI."""
    sys.path.insert(0, str(ROOT / "scripts"))
    import pgcluster

    try:
        return pgcluster.start()
    except pgcluster.NoPostgres as e:
        if os.environ.get("CI"):
            pytest.fail(f"PostgreSQL is required in CI: {e}")
        pytest.skip(str(e))
