"""Dates as Dutch official letters write them; light, shared by documents, messages and the route."""

from __future__ import annotations

import datetime as dt

MAANDEN = (
    "januari", "februari", "maart", "april", "mei", "juni",
    "juli", "augustus", "september", "oktober", "november", "december",
)


def datum(value: dt.date | None) -> str:
    """``2027-08-01`` → ``1 augustus 2027``."""
    if value is None:
        return ""
    return f"{value.day} {MAANDEN[value.month - 1]} {value.year}"
