"""Terminal output: info to stdout, errors to stderr, colour only on a terminal."""

from __future__ import annotations

import os
import sys
from typing import TextIO


def plural(n: int, one: str, many: str) -> str:
    """``1 document``, ``2 documenten``: every count a user reads goes through here."""
    return f"{n} {one if n == 1 else many}"


class Reporter:
    """Small printer so commands never call print() directly (tests capture it)."""

    def __init__(self, *, quiet: bool = False, stdout: TextIO | None = None,
                 stderr: TextIO | None = None) -> None:
        self.quiet = quiet
        self.stdout = stdout or sys.stdout
        self.stderr = stderr or sys.stderr
        self.colour = self.stderr.isatty() and "NO_COLOR" not in os.environ

    def info(self, message: str) -> None:
        if not self.quiet:
            print(message, file=self.stdout, flush=True)

    def warn(self, message: str) -> None:
        print(self._paint(message, "33"), file=self.stderr, flush=True)

    def error(self, message: str) -> None:
        print(self._paint(message, "31"), file=self.stderr, flush=True)

    def _paint(self, message: str, code: str) -> str:
        return f"\033[{code}m{message}\033[0m" if self.colour else message
