"""Errors that name the input at fault and say why, in plain words."""
from __future__ import annotations


class InputProblem(Exception):
    """One input could not be used; the run goes on without it."""

    def __init__(self, input: str, reason: str):
        super().__init__(f"{input}: {reason}")
        self.input = input
        self.reason = reason


class UsageError(Exception):
    """The command line (or a file it names, such as --output or --since) is wrong: nothing is run."""
