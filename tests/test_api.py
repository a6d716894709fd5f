"""The Python API as a user calls it: dates as Python dates, settings as a dict or a file, plain errors otherwise."""
from __future__ import annotations

import datetime
from pathlib import Path

import pytest

import newsfuse
from newsfuse.config import Settings

SEEDS_PUBLISHED = "2024-06-20"  # the seeds' publication date

THREE_SENTENCES = {"brief": {"sentences": 3}}


@pytest.fixture(scope="module")
def three_sentence_briefing(seeds_dir):
    """The seeds briefed with a summary of three sentences, settings given as a dict."""
    return newsfuse.brief([seeds_dir], published=SEEDS_PUBLISHED, settings=THREE_SENTENCES)


def test_published_as_a_date_briefs_like_the_same_date_written_out(seeds_dir, seeds_briefing):
    briefing = newsfuse.brief([seeds_dir], published=datetime.date(2024, 6, 20))
    assert briefing.to_json() == seeds_briefing.to_json()


def test_published_as_a_datetime_keeps_its_time(seeds_dir):
    articles, errors = newsfuse.extract(seeds_dir, published=datetime.datetime(2024, 6, 20, 9, 30))
    assert not errors and len(articles) == 5
    assert {a.published for a in articles} == {"2024-06-20T09:30:00"}
    articles, _ = newsfuse.extract(seeds_dir, published=datetime.date(2024, 6, 20))
    assert {a.published for a in articles} == {"2024-06-20"}


@pytest.mark.parametrize("published, error", [
    (20240620, TypeError), (True, TypeError), (["2024-06-20"], TypeError),
    ("yesterday", ValueError), ("2024-13-45", ValueError), ("", ValueError),
])
def test_a_published_that_is_no_date_is_refused_naming_the_parameter(seeds_dir, published, error):
    for call in (newsfuse.brief, newsfuse.extract):
        with pytest.raises(error, match="published"):
            call([seeds_dir], published=published)


def test_settings_as_a_dict_shape_the_briefing(seeds_briefing, three_sentence_briefing):
    assert len(seeds_briefing.stories[0].summary) > 3
    assert len(three_sentence_briefing.stories[0].summary) == 3


def test_settings_as_a_toml_file_path(seeds_dir, tmp_path, three_sentence_briefing):
    config = tmp_path / "mine.toml"
    config.write_text("[brief]\nsentences = 3\n", encoding="utf-8")
    for given in (config, str(config)):
        briefing = newsfuse.brief([seeds_dir], published=SEEDS_PUBLISHED, settings=given)
        assert briefing.to_json() == three_sentence_briefing.to_json()
    assert newsfuse.load_settings(config).brief.sentences == 3


@pytest.mark.parametrize("settings, error, words", [
    ({"brief": {"sentence": 3}}, ValueError, ["settings", "unknown setting 'brief.sentence'"]),
    ({"brief": {"sentences": 0}}, ValueError, ["settings", "'brief.sentences'"]),
    ({"brief": {"sentences": "three"}}, ValueError, ["settings", "'brief.sentences'"]),
    ({"brief": 3}, ValueError, ["settings", "'brief'"]),
    ({"summary": {}}, ValueError, ["settings", "unknown setting 'summary'"]),
    (3, TypeError, ["settings", "dict"]),
    (["brief"], TypeError, ["settings"]),
    ("no-such-newsfuse.toml", ValueError, ["no-such-newsfuse.toml", "does not exist"]),
])
def test_wrong_settings_are_refused_in_plain_words(seeds_dir, settings, error, words):
    for call in (newsfuse.brief, newsfuse.extract):
        with pytest.raises(error) as caught:
            call([seeds_dir], published=SEEDS_PUBLISHED, settings=settings)
        assert all(w in str(caught.value) for w in words), str(caught.value)


def test_a_settings_object_changed_after_it_was_made_is_checked_too(seeds_dir):
    settings = Settings()
    settings.brief.sentences = 0  # pydantic does not check assignments
    with pytest.raises(ValueError, match="'brief.sentences'"):
        newsfuse.brief([seeds_dir], published=SEEDS_PUBLISHED, settings=settings)


def test_the_api_does_not_read_the_working_directory_config(seeds_dir, seeds_briefing, tmp_path, monkeypatch):
    # a library call gives the same result from any directory; a config file is used when it is passed
    monkeypatch.chdir(tmp_path)
    Path("newsfuse.toml").write_text("[brief]\nsentences = 1\n", encoding="utf-8")
    assert newsfuse.brief([seeds_dir], published=SEEDS_PUBLISHED).to_json() == seeds_briefing.to_json()
    loaded = newsfuse.load_settings("newsfuse.toml")
    assert isinstance(loaded, newsfuse.Settings) and loaded.brief.sentences == 1
    assert len(newsfuse.brief([seeds_dir], published=SEEDS_PUBLISHED, settings=loaded).stories[0].summary) == 1


def test_load_settings_names_what_is_wrong(tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text("[brief]\nsentences = 0\n", encoding="utf-8")
    with pytest.raises(newsfuse.ConfigError, match="'brief.sentences'"):
        newsfuse.load_settings(bad)
    with pytest.raises(TypeError, match="load_settings"):
        newsfuse.load_settings(None)


def test_progress_as_a_bool(seeds_dir, capsys):
    newsfuse.extract(seeds_dir, progress=False)
    assert capsys.readouterr().err == ""
    newsfuse.extract(seeds_dir, progress=True)
    assert "clean" in capsys.readouterr().err
    with pytest.raises(TypeError, match="progress"):
        newsfuse.extract(seeds_dir, progress="yes")


@pytest.mark.parametrize("kwargs, name", [
    ({"inputs": 3}, "inputs"),
    ({"inputs": ["a.txt", 3]}, r"inputs\[1\]"),
    ({"inputs": {"a.txt": 1}}, "inputs"),
    ({"manifest": 3}, "manifest"),
    ({"raws": ["some text"]}, r"raws\[0\]"),
])
def test_other_wrong_arguments_are_refused_naming_the_parameter(kwargs, name):
    for call in (newsfuse.brief, newsfuse.extract):
        with pytest.raises(TypeError, match=name):
            call(**kwargs)


def test_inputs_may_be_paths_or_none(seeds_dir, seed_files):
    articles, errors = newsfuse.extract([Path(seed_files[0]), str(seed_files[1])])
    assert not errors and len(articles) == 2
    assert newsfuse.extract(None) == ([], [])
