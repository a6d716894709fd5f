"""newsfuse: one sourced account of each story from a pile of news reports."""
from __future__ import annotations

from .api import brief, extract, load_settings

__version__ = "0.1.0"

__all__ = ["brief", "extract", "load_settings", "Settings", "ConfigError", "__version__"]


def __getattr__(name: str):
    """Settings and ConfigError on first use: importing pydantic is not free, and `import newsfuse` should be."""
    if name in ("Settings", "ConfigError"):
        from . import config

        return getattr(config, name)
    raise AttributeError(f"module 'newsfuse' has no attribute {name!r}")
