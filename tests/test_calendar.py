"""``termijnen.ics`` as Outlook and Google read it: every event whole, and updated in place on a new import.

A second import changes an appointment only when its SEQUENCE went up (RFC 5545 3.8.7.4); the numbers
are kept with the dossier (``.termijnen.json``), so they survive a clean of ``build/``.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

import icalendar
import pytest

from pipeline.cli import run
from pipeline.read.validate import load_dossier
from pipeline.route.calendar_memory import MEMORY_FILE, recall
from pipeline.route.ics import calendar, step_uid
from pipeline.route.progress import PROGRESS_FILE, load_progress
from pipeline.route.route import Route, build_route
from tests.conftest import example_text

DAY_1 = "1772323200"  # 2026-03-01 00:00 UTC
DAY_2 = "1772928000"  # 2026-03-08


def _route(folder: Path, today: str) -> Route:
    loaded = load_dossier(folder)
    return build_route(loaded.naam, loaded.dossier, load_progress(folder).voortgang, today=date.fromisoformat(today))


def _events(data: bytes) -> dict[str, icalendar.Event]:
    return {str(e["UID"]): e for e in icalendar.Calendar.from_ical(data).walk("VEVENT")}


@pytest.fixture
def folder(dossier_with: Callable[[str], Path]) -> Path:
    return dossier_with(example_text())


@pytest.mark.parametrize("soort", ["collectief", "individueel"])
def test_every_event_is_a_whole_day_with_every_property_a_calendar_needs(
    dossier_with: Callable[[str], Path], monkeypatch: pytest.MonkeyPatch, soort: str
) -> None:
    """Class: generated files read in full — each property of each event, not only its start and id."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", DAY_1)
    text = example_text()
    if soort == "individueel":
        text = text.replace("  soort: collectief", "  soort: individueel", 1)
    route = _route(dossier_with(text), "2027-03-01")
    events = _events(calendar(route, {})[0])
    assert len(events) == len(route.due_steps) > 3
    for step in route.due_steps:
        event = events[step_uid(route.naam, step.id)]
        start, end = event.decoded("DTSTART"), event.decoded("DTEND")
        assert start == step.termijn and end == start + timedelta(days=1)  # never an empty event
        assert str(event["SUMMARY"]).endswith(route.arrangement) and step.titel in str(event["SUMMARY"])
        assert f"Wie: {step.wie}." in str(event["DESCRIPTION"])
        assert str(event["TRANSP"]) == "TRANSPARENT"  # a deadline does not block the day
        assert event.decoded("DTSTAMP").date() == date(2026, 3, 1)
        assert (event["SEQUENCE"], event.decoded("LAST-MODIFIED").date()) == (0, date(2026, 3, 1))


def test_a_changed_event_goes_up_one_and_says_when_the_others_stay(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Class: the calendar updates in place — only what changed gets a higher SEQUENCE and a new
    LAST-MODIFIED; a re-import of the same route is a no-op."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", DAY_1)
    first, memory = calendar(_route(folder, "2027-03-01"), {})
    assert calendar(_route(folder, "2027-03-01"), memory) == (first, memory)  # same route: same bytes

    (folder / PROGRESS_FILE).write_text("ingediend_bij_duo: 2027-03-20\n", encoding="utf-8")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", DAY_2)
    second, memory2 = calendar(_route(folder, "2027-03-21"), memory)
    before, after = _events(first), _events(second)
    submitted = step_uid("x", "indienen_duo")
    assert str(after[submitted]["SUMMARY"]).startswith("✓ ")
    assert (after[submitted]["SEQUENCE"], after[submitted].decoded("LAST-MODIFIED").date()) == (1, date(2026, 3, 8))
    unchanged = [uid for uid in before if uid in after and before[uid].to_ical().replace(
        b"DTSTAMP:20260301", b"") == after[uid].to_ical().replace(b"DTSTAMP:20260308", b"")]
    assert unchanged and submitted not in unchanged
    for uid in unchanged:
        assert (after[uid]["SEQUENCE"], after[uid].decoded("LAST-MODIFIED").date()) == (0, date(2026, 3, 1))
    # changed twice: up again; back to what it said before is still a change for the calendar
    (folder / PROGRESS_FILE).write_text("ingediend_bij_duo: 2027-03-19\n", encoding="utf-8")
    third, _ = calendar(_route(folder, "2027-03-21"), memory2)
    assert _events(third)[submitted]["SEQUENCE"] == 2


def test_the_numbers_outlive_a_clean_of_build(folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    """Class: what must outlive a clean lives with the dossier — the calendar built after ``build/`` was
    removed continues the numbers Outlook has seen, and the memory holds nothing the applicant wrote."""
    out = tmp_path / "build"
    monkeypatch.setenv("SOURCE_DATE_EPOCH", DAY_1)
    assert run(["build", str(folder), "-o", str(out), "--vandaag", "2027-03-01", "--alleen", "docx"]) == 0
    (folder / PROGRESS_FILE).write_text("ingediend_bij_duo: 2027-03-20\n", encoding="utf-8")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", DAY_2)
    assert run(["build", str(folder), "-o", str(out), "--vandaag", "2027-03-21", "--alleen", "docx"]) == 0
    made = (out / "x" / "termijnen.ics").read_bytes()
    assert _events(made)[step_uid("x", "indienen_duo")]["SEQUENCE"] == 1

    for path in sorted(out.rglob("*"), reverse=True):  # make clean
        path.unlink() if not path.is_dir() or path.is_symlink() else path.rmdir()
    assert run(["build", str(folder), "-o", str(out), "--vandaag", "2027-03-21", "--alleen", "docx"]) == 0
    assert (out / "x" / "termijnen.ics").read_bytes() == made
    capsys.readouterr()

    kept = (folder / MEMORY_FILE).read_text(encoding="utf-8")
    assert set(json.loads(kept)) == set(_events(made))
    assert "Samen op de Rails" not in kept and "SOAZO" not in kept  # ids, digests, numbers, dates only


@pytest.mark.parametrize("hostile", ["link", "garbage", "huge", "wrong shape", "fifo"])
def test_a_memory_that_is_not_ours_is_neither_followed_nor_trusted(
    folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, hostile: str
) -> None:
    """Class: nothing foreign in — a link out of the dossier is not read (nor written through), a damaged
    or oversized file is not believed; the events start again at 0 and the file is made anew."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", DAY_1)
    memory = folder / MEMORY_FILE
    outside = tmp_path / "elders.json"
    uid = step_uid("x", "indienen_duo")
    foreign = {uid: {"digest": "0" * 32, "sequence": 41, "modified": "20200101T000000Z"}}
    if hostile == "link":
        outside.write_text(json.dumps(foreign), encoding="utf-8")
        memory.symlink_to(outside)
    elif hostile == "garbage":
        memory.write_bytes(b"\xff\x00{nee")
    elif hostile == "huge":
        memory.write_text(json.dumps(foreign) + " " * 300_000, encoding="utf-8")
    elif hostile == "wrong shape":
        memory.write_text(json.dumps({uid: {"digest": "0" * 32, "sequence": "41", "modified": "x"}}),
                          encoding="utf-8")
    else:
        os.mkfifo(memory)
    assert recall(folder) == {}
    if hostile != "fifo":  # a FIFO in the dossier is the applicant's: the build says so elsewhere
        out = tmp_path / "build"
        assert run(["build", str(folder), "-o", str(out), "--vandaag", "2027-03-01", "--alleen", "docx"]) == 0
        assert _events((out / "x" / "termijnen.ics").read_bytes())[uid]["SEQUENCE"] == 0
        assert memory.is_file() and not memory.is_symlink() and uid in json.loads(memory.read_text("utf-8"))
    if hostile == "link":
        assert json.loads(outside.read_text(encoding="utf-8")) == foreign  # never written through
