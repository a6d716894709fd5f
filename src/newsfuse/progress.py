"""A progress bar on stderr for anything slow, silent when asked or when not on a terminal."""
from __future__ import annotations

import sys
from typing import Iterable, Iterator, TypeVar

T = TypeVar("T")


class Progress:
    """Wraps iterables in a tqdm bar when enabled; otherwise passes them through untouched."""

    def __init__(self, enabled: bool | None = None):
        self.enabled = sys.stderr.isatty() if enabled is None else enabled

    def iter(self, items: Iterable[T], desc: str, total: int | None = None) -> Iterator[T]:
        if not self.enabled:
            yield from items
            return
        from tqdm import tqdm

        if total is None and hasattr(items, "__len__"):
            total = len(items)  # type: ignore[arg-type]
        yield from tqdm(items, desc=desc, total=total, unit="doc", leave=False, file=sys.stderr)
