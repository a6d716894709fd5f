"""A progress bar on stderr for anything slow, silent when asked or when not on a terminal."""
from __future__ import annotations

import os
import sys
from typing import Iterable, Iterator, TypeVar

T = TypeVar("T")
FALLBACK_SIZE = (80, 24)  # columns, rows when the terminal reports no size


def _screen() -> dict:
    """tqdm size arguments: none when the terminal knows its size, else a usable default.

    A pseudo-terminal that reports 0x0 (`script`, some CI runners, `docker exec -t`) makes tqdm hide
    the bar entirely, so the size is given explicitly there.
    """
    try:
        size = os.get_terminal_size(sys.stderr.fileno())
    except (OSError, ValueError, AttributeError):
        size = os.terminal_size((0, 0))
    if size.columns > 0 and size.lines > 0:
        return {}
    return {"ncols": FALLBACK_SIZE[0], "nrows": FALLBACK_SIZE[1]}


class Progress:
    """Wraps iterables in a tqdm bar when enabled; otherwise passes them through untouched."""

    def __init__(self, enabled: bool | None = None):
        if enabled is None:
            try:
                enabled = sys.stderr.isatty()
            except (AttributeError, ValueError):  # stderr closed or replaced by an object without isatty
                enabled = False
        self.enabled = enabled

    def iter(self, items: Iterable[T], desc: str, total: int | None = None, unit: str = "doc") -> Iterator[T]:
        """The items, in order; with a bar named `desc` counting `unit`s on stderr while they are consumed when enabled."""
        if not self.enabled:
            yield from items
            return
        from tqdm import tqdm

        if total is None and hasattr(items, "__len__"):
            total = len(items)  # type: ignore[arg-type]
        yield from tqdm(items, desc=desc, total=total, unit=unit, leave=False, file=sys.stderr, **_screen())
