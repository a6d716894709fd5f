"""newsfuse: one sourced account of each story from a pile of news reports."""
from __future__ import annotations

__version__ = "0.1.0"

__all__ = ["brief", "extract", "__version__"]


def _as_list(inputs):
    """One path, URL or os.PathLike given alone is a list of one."""
    if isinstance(inputs, (str, bytes)) or hasattr(inputs, "__fspath__"):
        return [inputs]
    return list(inputs)


def brief(inputs=(), manifest=None, published=None, settings=None, progress=None, raws=None):
    """Brief a pile of reports: `newsfuse.brief(["reports/"], published="2024-06-20") -> Briefing`.

    `settings` is a newsfuse.config.Settings (defaults when None); `progress` a newsfuse.progress.Progress;
    `raws` RawDocuments already in memory, briefed with the rest.
    """
    from .pipeline import brief as _brief

    return _brief(_as_list(inputs), manifest=manifest, published=published, settings=settings, progress=progress,
                  raws=raws)


def extract(inputs=(), manifest=None, published=None, settings=None, progress=None):
    """Ingest and clean only: `newsfuse.extract(["page.html"]) -> (articles, errors)`."""
    from .pipeline import load_articles

    return load_articles(_as_list(inputs), manifest=manifest, published=published, settings=settings, progress=progress)
