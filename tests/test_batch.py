"""newsfuse batch on a LocalCluster of 2 worker processes: the same stories, copies and briefings as the
single-process commands on the same WARC files, a Parquet dataset pandas reads, and an index of the stories."""
from __future__ import annotations

import json
from datetime import date, timedelta
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))
from warc_corpus import CLUSTERING, ecb_docs, split_warcs  # noqa: E402

from newsfuse.cli import main  # noqa: E402

pd = pytest.importorskip("pandas")
pytestmark = pytest.mark.skipif(not (CLUSTERING / "ecbplus.jsonl").exists(), reason="../shared/data not found")


def corpus(folder: Path, n: int = 36, files: int = 4) -> list[Path]:
    """ECB+ reports in CC-NEWS-layout WARC files, plus a wire copy of the first report in the last file."""
    docs, _ = ecb_docs(limit=n)
    first = docs[0]
    copy = dict(first, url="https://copies.example.net/wire/" + first["url"].rsplit("/", 1)[1],
                published=(date.fromisoformat(first["published"][:10]) + timedelta(days=1)).isoformat() + "T12:00:00Z")
    docs.insert(files - 1, copy)  # dealt round-robin: the copy lands in the last file, its original in the first
    return split_warcs(folder, docs, files)


def single_process(files: list[Path], tmp: Path) -> dict:
    out = tmp / "single.jsonl"
    assert main(["stories", *map(str, files), "-o", str(out), "-q"]) == 0
    return {r["id"]: r for r in map(json.loads, out.read_text().splitlines())}


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("batch")
    files = corpus(tmp / "in")
    out = tmp / "out"
    code = main(["batch", str(tmp / "in" / "*.warc.gz"), "--out", str(out), "--workers", "2", "-q"])
    return tmp, files, out, code


def test_same_stories_and_copies_as_newsfuse_stories(run):
    tmp, files, out, code = run
    assert code == 0
    single = single_process(files, tmp)
    arts = pd.read_parquet(out / "articles")
    assert len(arts) == len(single) and set(arts["id"]) == set(single)
    for row in arts.itertuples():
        s = single[row.id]
        assert (row.story, None if pd.isna(row.copy_of) else row.copy_of, row.origin) == (s["story"], s["copy_of"], s["origin"]), row.id
    copies = arts[arts["copy_of"].notna()]
    assert len(copies) >= 1
    wire = arts[arts["url"].str.startswith("https://copies.example.net/")].iloc[0]
    original = arts[arts["id"] == wire["copy_of"]].iloc[0]
    assert wire["file"] != original["file"]  # the copy is found across files
    assert wire["story"] == original["story"]


def test_briefing_of_a_story_is_the_one_brief_gives(run, tmp_path):
    tmp, files, out, code = run
    stories = pd.read_parquet(out / "stories")
    briefed = stories[stories["briefed"]].sort_values("articles", ascending=False)
    assert len(briefed) >= 2
    sid = briefed.iloc[0]["id"]
    arts = pd.read_parquet(out / "articles")
    # brief on the same pile briefs the same story: its JSON must be the batch's, byte for byte
    assert main(["brief", *map(str, files), "-o", str(tmp_path / "b.json"), "-q"]) == 0
    whole = json.loads((tmp_path / "b.json").read_text())
    mine = json.loads((out / "reports" / f"{sid}.json").read_text())
    assert mine["schema"] == "newsfuse/briefing-1"
    theirs = next(s for s in whole["stories"] if s["id"] == sid)
    assert mine["stories"][0] == theirs
    assert sorted(a["id"] for a in theirs["articles"]) == sorted(arts[arts["story"] == sid]["id"])


def test_dataset_tables_by_day_and_index(run):
    tmp, files, out, code = run
    for table in ("articles", "stories", "claims", "evidence", "discrepancies", "quotes", "entities"):
        assert (out / table).is_dir(), table
    days = sorted(p.name for p in (out / "articles").iterdir())
    assert len(days) >= 2 and all(d.startswith("day=2024-06-") for d in days)
    import pyarrow.dataset as ds

    arts = ds.dataset(out / "articles", partitioning="hive").to_table().to_pandas()
    assert arts["day"].nunique() == len(days)
    assert (arts["published"].str[:10] == arts["day"]).all()
    claims = pd.read_parquet(out / "claims")
    stories = pd.read_parquet(out / "stories")
    assert len(claims) > 0 and set(claims["story"]) <= set(stories[stories["briefed"]]["id"])
    assert stories["id"].is_unique and stories["articles"].sum() == len(arts)
    evidence = pd.read_parquet(out / "evidence")
    assert set(evidence["article"]) <= set(arts["id"])
    errors = pd.read_parquet(out / "errors")
    assert len(errors) == 0
    index = (out / "index.html").read_text()
    links = [part.split('"')[0] for part in index.split('href="')[1:]]
    assert len(links) == stories["briefed"].sum()
    assert all((out / link).exists() for link in links)
    shown = [link.rsplit("/", 1)[1][:-5] for link in links]
    ranked = stories.set_index("id").loc[shown]
    assert list(ranked["sources"]) == sorted(ranked["sources"], reverse=True)  # most independent sources first


def test_a_second_run_without_resume_is_refused(run, capsys):
    tmp, files, out, code = run
    assert main(["batch", str(files[0]), "--out", str(out), "-q"]) == 1
    assert "--resume" in capsys.readouterr().err
