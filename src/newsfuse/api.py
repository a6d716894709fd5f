"""The Python API: brief, extract and load_settings, with every argument checked before any work is done.

The command line builds these arguments itself (argparse strings, a Settings from --config); callers of the
API pass whatever Python has at hand, so a date, a dict of settings or a bool for progress is taken as meant,
and anything else is refused with a TypeError/ValueError that names the parameter instead of an
AttributeError from deep inside a stage. Nothing here reads ./newsfuse.toml: a library call gives the same
result from any working directory; pass settings="newsfuse.toml" (or load_settings(path)) to use a file.
Heavy modules (pydantic, the stages) are imported inside the functions so `import newsfuse` stays instant.
"""
from __future__ import annotations

import datetime as _dt
import os
from collections.abc import Iterable, Mapping


def brief(inputs=(), manifest=None, published=None, settings=None, progress=None, raws=None):
    """Brief a pile of reports: `newsfuse.brief(["reports/"], published="2024-06-20") -> Briefing`.

    inputs: paths, folders or URLs (one given alone is a list of one). manifest: a JSONL/CSV file.
    published: a datetime.date, datetime.datetime or date string, the date of reports that state none.
    settings: a Settings, a dict shaped like the TOML file ({"brief": {"sentences": 3}}), or the path of a TOML
    file; defaults when None (./newsfuse.toml is not read). progress: True for a bar on stderr, or a
    newsfuse.progress.Progress; silent when None/False. raws: RawDocuments already in memory, briefed with the rest.
    """
    args = _checked(inputs, manifest, published, settings, progress, raws)
    from .pipeline import brief as _brief

    return _brief(args.pop("inputs"), **args)


def extract(inputs=(), manifest=None, published=None, settings=None, progress=None, raws=None):
    """Ingest and clean only: `newsfuse.extract(["page.html"]) -> (articles, errors)`; arguments as for brief."""
    args = _checked(inputs, manifest, published, settings, progress, raws)
    from .pipeline import load_articles

    return load_articles(args.pop("inputs"), **args)


def load_settings(path):
    """Settings from the TOML file at `path` (str or os.PathLike); ConfigError (a ValueError) saying why when the
    file is missing, not TOML, or holds an unknown setting or a wrong value."""
    if not isinstance(path, (str, os.PathLike)):
        raise TypeError(f"load_settings: path must be the path of a TOML file (str or os.PathLike), "
                        f"not {type(path).__name__}")
    from .config import load_settings as _load

    return _load(path)


def _checked(inputs, manifest, published, settings, progress, raws) -> dict:
    """Every argument in the form the pipeline takes; TypeError/ValueError naming the first one that is wrong."""
    return {"inputs": _inputs(inputs), "manifest": _manifest(manifest), "published": _published(published),
            "settings": _settings(settings), "progress": _progress(progress), "raws": _raws(raws)}


def _path_or_none(value, what: str):
    """A str path or URL for value (bytes decoded as a file name), None for None; TypeError otherwise."""
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, (bytes, os.PathLike)):
        return os.fsdecode(value)
    raise TypeError(f"{what} must be a path or URL (str or os.PathLike), not {type(value).__name__}")


def _inputs(inputs) -> list[str]:
    """One path, URL or os.PathLike given alone is a list of one; None is none."""
    if inputs is None:
        return []
    if isinstance(inputs, (str, bytes, os.PathLike)):
        return [_path_or_none(inputs, "inputs")]
    if not isinstance(inputs, Iterable) or isinstance(inputs, Mapping):
        raise TypeError(f"inputs must be a path or URL, or a list of them, not {type(inputs).__name__}")
    return [_path_or_none(item, f"inputs[{i}]") for i, item in enumerate(inputs)]


def _manifest(manifest):
    return _path_or_none(manifest, "manifest")


def _published(published) -> str | None:
    """An ISO date or date-time string; a datetime keeps its time (and zone), a date is the day."""
    if published is None:
        return None
    if isinstance(published, _dt.date):  # a datetime is a date too: its isoformat keeps the time and zone
        return published.isoformat()
    if not isinstance(published, str):
        raise TypeError(f"published must be a datetime.date, datetime.datetime or a date string such as "
                        f"'2024-06-20', not {type(published).__name__}")
    from .ingest import normalize_published

    try:
        return normalize_published(published)
    except ValueError as e:
        raise ValueError(f"published: {e} (give a datetime.date or 'YYYY-MM-DD', or None for no date)") from None


def _settings(settings):
    """A validated Settings from a Settings, a dict shaped like the TOML file, or a TOML file's path."""
    from .config import Settings, settings_from

    if settings is None:
        return Settings()
    if isinstance(settings, (str, os.PathLike)):
        return load_settings(settings)
    if isinstance(settings, Settings):
        # validated again: attributes assigned after construction (s.brief.sentences = 0) were never checked;
        # the copy also keeps the pipeline from touching the caller's object
        data, where = settings.model_dump(warnings=False), "settings (a Settings)"
    elif isinstance(settings, Mapping):
        data, where = dict(settings), "settings (a dict)"
    else:
        raise TypeError(f"settings must be a newsfuse Settings, a dict like {{'brief': {{'sentences': 3}}}} or the "
                        f"path of a TOML file, not {type(settings).__name__}")
    return settings_from(data, where)


def _progress(progress):
    """A Progress: a bar on stderr for True, silence for None/False, a Progress as given."""
    from .progress import Progress

    if progress is None or progress is False:
        return Progress(enabled=False)
    if progress is True:
        return Progress(enabled=True)
    if isinstance(progress, Progress):
        return progress
    raise TypeError(f"progress must be True, False, None or a newsfuse.progress.Progress, not {type(progress).__name__}")


def _raws(raws):
    """A list of RawDocuments, or None."""
    if raws is None:
        return None
    from .model import RawDocument

    if isinstance(raws, RawDocument):
        return [raws]
    if not isinstance(raws, Iterable) or isinstance(raws, (str, bytes, Mapping)):
        raise TypeError(f"raws must be a list of newsfuse.model.RawDocument, not {type(raws).__name__}")
    raws = list(raws)
    for i, raw in enumerate(raws):
        if not isinstance(raw, RawDocument):
            raise TypeError(f"raws[{i}] must be a newsfuse.model.RawDocument, not {type(raw).__name__}")
    return raws
