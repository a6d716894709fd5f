"""newsfuse: one sourced account of each story from a pile of news reports."""
from __future__ import annotations

__version__ = "0.1.0"

__all__ = ["brief", "extract", "__version__"]


def brief(inputs=(), manifest=None, published=None, settings=None, progress=None):
    """Brief a pile of reports: `newsfuse.brief(["reports/"], published="2024-06-20") -> Briefing`."""
    from .pipeline import brief as _brief

    if isinstance(inputs, (str, bytes)) or hasattr(inputs, "__fspath__"):
        inputs = [inputs]
    return _brief(inputs, manifest=manifest, published=published, settings=settings, progress=progress)


def extract(inputs=(), manifest=None, published=None, settings=None):
    """Ingest and clean: `newsfuse.extract(["page.html"]) -> (articles, errors)`."""
    from .pipeline import load_articles

    if isinstance(inputs, (str, bytes)) or hasattr(inputs, "__fspath__"):
        inputs = [inputs]
    return load_articles(inputs, manifest=manifest, published=published, settings=settings)
