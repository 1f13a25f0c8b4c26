"""Dates as Dutch official letters write them; light, shared by documents, messages and the route."""

from __future__ import annotations

import datetime as dt
import os

MAANDEN = (
    "januari", "februari", "maart", "april", "mei", "juni",
    "juli", "augustus", "september", "oktober", "november", "december",
)


def datum(value: dt.date | None) -> str:
    """``2027-08-01`` → ``1 augustus 2027``."""
    if value is None:
        return ""
    return f"{value.day} {MAANDEN[value.month - 1]} {value.year}"


def build_date() -> dt.datetime:
    """The moment a build claims: ``SOURCE_DATE_EPOCH`` (reproducible builds) or today 00:00 UTC.

    Documents print this date and embed it in their metadata; a fixed value per day keeps
    two builds of the same inputs byte-identical.
    """
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC).replace(tzinfo=None)
    today = dt.date.today()
    return dt.datetime(today.year, today.month, today.day)
