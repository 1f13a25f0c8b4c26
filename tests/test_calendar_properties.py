"""The rest of what ``termijnen.ics`` says, read in full (tests/test_calendar.py has the event's dates,
ids and versions): the calendar's own lines, what a done step and an open one say, the escaping and
the folding at every position, and an event never empty for any route on any day.
"""

from __future__ import annotations

from datetime import date, timedelta
from functools import cache

import icalendar
import pytest

from pipeline import __version__
from pipeline.read.validate import LoadedDossier, load_dossier
from pipeline.route.ics import calendar, calendar_bytes, escape, fold
from pipeline.route.progress import Voortgang
from pipeline.route.route import GEDAAN, Route, build_route
from tests.conftest import EXAMPLE

DAY = timedelta(days=1)


@cache
def _loaded() -> LoadedDossier:
    return load_dossier(EXAMPLE)


def _route(today: date, voortgang: Voortgang | None = None, *, until: date = date(2030, 7, 31)) -> Route:
    d = _loaded().dossier
    d = d.model_copy(update={"samenwerkingsovereenkomst": d.samenwerkingsovereenkomst.model_copy(
        update={"einddatum": until})})
    return build_route("voorbeeld", d, voortgang or Voortgang(), today=today)


def _events(data: bytes) -> dict[str, icalendar.Event]:
    return {str(e["UID"]): e for e in icalendar.Calendar.from_ical(data).walk("VEVENT")}


def test_the_calendar_says_what_it_is(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1772323200")
    route = _route(date(2027, 3, 1))
    cal = icalendar.Calendar.from_ical(calendar_bytes(route))
    assert str(cal["VERSION"]) == "2.0"
    assert str(cal["PRODID"]) == f"-//dossier//dossier {__version__}//NL"
    assert str(cal["CALSCALE"]) == "GREGORIAN" and str(cal["METHOD"]) == "PUBLISH"
    assert str(cal["X-WR-CALNAME"]) == f"Termijnen {route.arrangement}"
    assert calendar_bytes(route).startswith(b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\n")
    assert calendar_bytes(route).endswith(b"END:VCALENDAR\r\n")


def test_a_done_step_says_when_and_an_open_one_says_its_term_and_source(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1772323200")
    deadline = _loaded().dossier.aanvraagronde.uiterste_ontvangstdatum
    route = _route(deadline + 5 * DAY, Voortgang(ingediend_bij_duo=deadline + 2 * DAY))
    events = _events(calendar_bytes(route))
    by_id = {s.id: s for s in route.due_steps}
    sent = events[next(uid for uid in events if by_id["indienen_duo"].titel in str(events[uid]["SUMMARY"]))]
    assert str(sent["SUMMARY"]).startswith("✓ Aanvraag indienen bij DUO")
    description = str(sent["DESCRIPTION"])
    assert "Gedaan op 2 april 2027." in description
    assert "Termijn: 31 maart 2027 (uiterste ontvangstdatum van de ronde)." in description
    assert "Gedaan na de termijn." in description  # the step's detail, as a sentence
    for step in route.due_steps:
        event = next(e for e in events.values() if step.titel in str(e["SUMMARY"]))
        text = str(event["DESCRIPTION"])
        assert str(event["SUMMARY"]).startswith("✓ ") == (step.status == GEDAAN), step.id
        assert ("Gedaan" in text) == (step.status == GEDAAN), step.id
        assert (f"Bron: {step.bron}" in text) == (step.bron is not None), step.id
        if not step.termijn_uitleg:
            assert f"Termijn: {step.termijn:%-d}" in text and text.split("Termijn: ")[1].split("\n")[0].endswith(".")


def test_every_event_lasts_one_whole_day_on_every_day_of_the_route() -> None:
    """DTEND after DTSTART (one day: an all-day event; an equal DTEND is an empty event for Outlook), for
    the route seen from every fortnight of its course and with its steps recorded as they come."""
    deadline = _loaded().dossier.aanvraagronde.uiterste_ontvangstdatum
    day = date(2026, 12, 1)
    while day < date(2030, 9, 1):
        progress = Voortgang(ingediend_bij_duo=deadline) if day > deadline else Voortgang()
        route = _route(day, progress)
        events = _events(calendar(route, {})[0])
        assert len(events) == len(route.due_steps)
        for event in events.values():
            start, end = event.decoded("DTSTART"), event.decoded("DTEND")
            assert type(start) is date and type(end) is date  # VALUE=DATE: all day, no time zone
            assert end == start + DAY
        day += 14 * DAY


@pytest.mark.parametrize(("text", "escaped"), [
    ("a;b,c\\d", "a\\;b\\,c\\\\d"),
    ("regel\r\nregel\nregel\rregel", "regel\\nregel\\nregel\\nregel"),
    ("\\;", "\\\\\\;"),  # the backslash first: its own escape is not escaped again
    ("gewoon", "gewoon"),
])
def test_text_is_escaped_as_rfc_5545_says(text: str, escaped: str) -> None:
    assert escape(text) == escaped


@pytest.mark.parametrize("filler", ["", "a", "ab", "abc"])
def test_folding_keeps_every_line_within_75_octets_and_every_character_whole(filler: str) -> None:
    """A multi-byte character at each position around the fold: never cut, every line ≤ 75 octets,
    and unfolding gives the line back."""
    for char in ("é", "€", "✓", "𝄞"):
        for at in range(60, 160):
            line = "DESCRIPTION:" + filler + "x" * at + char * 40
            data = fold(line)
            assert data.endswith(b"\r\n")
            physical = data[:-2].split(b"\r\n")
            assert all(len(p) <= 75 for p in physical)
            assert all(p.startswith(b" ") for p in physical[1:])
            for p in physical:
                p.decode("utf-8")  # no character cut in two
            assert b"".join([physical[0], *(p[1:] for p in physical[1:])]).decode("utf-8") == line


def test_a_line_of_exactly_75_octets_is_not_folded_76_is() -> None:
    assert fold("x" * 75) == b"x" * 75 + b"\r\n"
    assert fold("x" * 76) == b"x" * 75 + b"\r\n x\r\n"
    assert fold("x" * (75 + 74)) == b"x" * 75 + b"\r\n " + b"x" * 74 + b"\r\n"
    assert fold("x" * (75 + 75)) == b"x" * 75 + b"\r\n " + b"x" * 74 + b"\r\n x\r\n"
