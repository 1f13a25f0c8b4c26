"""The one "did you mean" rule, for YAML keys, choices, template variables, fields and filters."""

from __future__ import annotations

import difflib
from collections.abc import Iterable


def did_you_mean(word: str, options: Iterable[str]) -> str:
    """``; bedoelde u ‘naam’?`` for the closest option, or nothing: a typo gets a hint, a
    far-off word no guess."""
    match = difflib.get_close_matches(word, list(options), n=1, cutoff=0.6)
    return f"; bedoelde u ‘{match[0]}’?" if match else ""
