"""``build/<naam>/termijnen.ics``: every due date of the route as a calendar event (RFC 5545).

One all-day VEVENT per step with a due date. Its UID is made from the dossier's name and the
step, so importing the file again (Outlook, Google Calendar) updates the events instead of
adding them twice. DTSTAMP is the build date (``SOURCE_DATE_EPOCH`` or the day), so the same
route on the same day gives the same bytes. Lines end in CRLF and are folded at 75 octets.
"""

from __future__ import annotations

import uuid
from datetime import timedelta

from pipeline import __version__
from pipeline.dates import build_date, datum
from pipeline.route.route import GEDAAN, Route, Step

# Fixed namespace: the UID of a step of a dossier is the same on every machine and every day.
_NAMESPACE = uuid.UUID("6f1c1d0e-3b1a-5c7e-9a51-0d05513e2a16")


def step_uid(naam: str, step_id: str) -> str:
    """Stable and unique per dossier and step (RFC 7986 recommends a UUID)."""
    return f"{uuid.uuid5(_NAMESPACE, f'{naam}/{step_id}')}@dossier"


def escape(text: str) -> str:
    """TEXT value escaping (RFC 5545 3.3.11): backslash, semicolon, comma and newlines."""
    return (text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
            .replace("\r\n", "\\n").replace("\n", "\\n").replace("\r", "\\n"))


def fold(line: str) -> bytes:
    """A content line folded at 75 octets (RFC 5545 3.1), never inside a UTF-8 character."""
    data = line.encode("utf-8")
    parts: list[bytes] = []
    limit = 75
    while len(data) > limit:
        cut = limit
        while cut > 0 and (data[cut] & 0xC0) == 0x80:  # a continuation byte: step back to the character start
            cut -= 1
        parts.append(data[:cut])
        data = data[cut:]
        limit = 74  # continuation lines start with a space
    parts.append(data)
    return b"\r\n ".join(parts) + b"\r\n"


def _event(route: Route, step: Step, stamp: str) -> list[str]:
    assert step.termijn is not None
    done = step.status == GEDAAN
    summary = f"{'✓ ' if done else ''}{step.titel} – {route.arrangement}"
    lines = [f"Wie: {step.wie}.", f"Termijn: {datum(step.termijn)}" + (f" ({step.termijn_uitleg})." if
                                                                      step.termijn_uitleg else ".")]
    if done:
        lines.append(f"Gedaan op {datum(step.gedaan)}." if step.gedaan else "Gedaan.")
    if step.detail:
        lines.append(step.detail[:1].upper() + step.detail[1:] + ".")
    if step.bron is not None:
        lines.append(f"Bron: {step.bron}")
    lines.append(f"Dossier: {route.naam}.")
    return [
        "BEGIN:VEVENT",
        f"UID:{step_uid(route.naam, step.id)}",
        f"DTSTAMP:{stamp}",
        f"DTSTART;VALUE=DATE:{step.termijn:%Y%m%d}",
        f"DTEND;VALUE=DATE:{step.termijn + timedelta(days=1):%Y%m%d}",
        f"SUMMARY:{escape(summary)}",
        f"DESCRIPTION:{escape(chr(10).join(lines))}",
        "TRANSP:TRANSPARENT",
        "END:VEVENT",
    ]


def calendar_bytes(route: Route) -> bytes:
    """The whole calendar file for one dossier's route."""
    stamp = build_date().strftime("%Y%m%dT%H%M%SZ")
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:-//dossier//dossier {__version__}//NL",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{escape(f'Termijnen {route.arrangement}')}",
    ]
    for step in route.due_steps:
        lines.extend(_event(route, step, stamp))
    lines.append("END:VCALENDAR")
    return b"".join(fold(line) for line in lines)
