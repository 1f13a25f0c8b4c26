"""``build/<naam>/termijnen.ics``: every due date of the route as a calendar event (RFC 5545).

One all-day VEVENT per step with a due date. Its UID is made from the dossier's name and the
step, so importing the file again (Outlook, Google Calendar) updates the events instead of
adding them twice; an event that changed carries a higher SEQUENCE and a new LAST-MODIFIED (RFC 5545
3.8.7.4), without which Outlook keeps the appointment it has. What each event said last is remembered
with the dossier (``inputs/<naam>/.termijnen.json``, see :mod:`pipeline.route.calendar_memory`):
the calendar in someone's Outlook outlives a clean of ``build/``. DTSTAMP is the build date
(``SOURCE_DATE_EPOCH`` or the day), so the same route on the same day gives the same bytes. Lines end
in CRLF and are folded at 75 octets.
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Mapping
from datetime import timedelta

from pipeline import __version__
from pipeline.dates import build_date, datum
from pipeline.route.calendar_memory import Seen
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


def _event(route: Route, step: Step) -> list[str]:
    """The event's own properties: what, when and who (its version lines are added by ``_versioned``).

    Only the tool's words: a calendar is imported into shared agendas, so it carries neither the
    applicant's notes of ``voortgang.yaml`` (``Step.notitie``) nor the dossier's folder name (the UID
    holds it hashed), which may name a pupil (the check says so, ``check.privacy_exits``)."""
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
    return [
        f"DTSTART;VALUE=DATE:{step.termijn:%Y%m%d}",
        f"DTEND;VALUE=DATE:{step.termijn + timedelta(days=1):%Y%m%d}",
        f"SUMMARY:{escape(summary)}",
        f"DESCRIPTION:{escape(chr(10).join(lines))}",
        "TRANSP:TRANSPARENT",
    ]


def _versioned(uid: str, body: list[str], stamp: str, memory: dict[str, Seen]) -> list[str]:
    """The event with its version: the same SEQUENCE and LAST-MODIFIED while it says the same, one
    higher and today when it changed (``memory`` is updated with what it says now)."""
    digest = hashlib.sha256("\n".join(body).encode()).hexdigest()[:32]
    last = memory.get(uid)
    if last is None:
        seen = Seen(digest, 0, stamp)
    elif last.digest == digest:
        seen = last
    else:
        seen = Seen(digest, last.sequence + 1, stamp)
    memory[uid] = seen
    return ["BEGIN:VEVENT", f"UID:{uid}", f"DTSTAMP:{stamp}", f"SEQUENCE:{seen.sequence}",
            f"LAST-MODIFIED:{seen.modified}", *body, "END:VEVENT"]


def calendar_bytes(route: Route) -> bytes:
    """The whole calendar file for one dossier's route, as a first import sees it."""
    return calendar(route, {})[0]


def calendar(route: Route, remembered: Mapping[str, Seen]) -> tuple[bytes, dict[str, Seen]]:
    """The calendar file, with each event versioned against what ``remembered`` says it said last,
    and what to remember now (events no longer due are kept: if one comes back, its SEQUENCE goes on)."""
    stamp = build_date().strftime("%Y%m%dT%H%M%SZ")
    memory = dict(remembered)
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:-//dossier//dossier {__version__}//NL",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{escape(f'Termijnen {route.arrangement}')}",
    ]
    for step in route.due_steps:
        lines.extend(_versioned(step_uid(route.naam, step.id), _event(route, step), stamp, memory))
    lines.append("END:VCALENDAR")
    return b"".join(fold(line) for line in lines), memory
