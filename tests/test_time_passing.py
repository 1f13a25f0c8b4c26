"""A day passing, nothing else: the countdown and the route move with it.

An applicant builds on Monday and again on Tuesday without touching a file. What the tool says
about time must move: one day fewer to the deadline, a step that was due yesterday now late. A
build that reuses Monday's verdict because "nothing changed" (the date not in its key), or a route
that compares with ``<=`` where it means ``<``, passes every test that builds once.

First each edge of the route's statuses from the route's own data (each step's due date, the day
itself and the day after), then the commands on D and D+1.
"""

from __future__ import annotations

import io
import re
from datetime import date, timedelta
from pathlib import Path

import pytest

from pipeline.check.engine import check_dossier
from pipeline.cli import run
from pipeline.read.validate import load_dossier
from pipeline.route.progress import Voortgang
from pipeline.route.route import GEDAAN, LATER, NU, TE_LAAT, VOLGENDE, Route, build_route
from tests.conftest import EXAMPLE

DAY = timedelta(days=1)


def route_on(today: date, voortgang: Voortgang | None = None) -> Route:
    """The example's route on ``today``, its agreement running to 2032 (room for evaluations)."""
    loaded = load_dossier(EXAMPLE)
    d = loaded.dossier
    d = d.model_copy(update={"samenwerkingsovereenkomst": d.samenwerkingsovereenkomst.model_copy(
        update={"einddatum": date(2032, 7, 31)})})
    return build_route(loaded.naam, d, voortgang or Voortgang(), today=today)


def status(route: Route, step: str) -> str:
    return next(s.status for s in route.steps if s.id == step)


RECORDED_ON = date(2027, 1, 15)  # before every due date of the example's route


def test_every_step_with_a_due_date_is_late_the_day_after_it_not_on_it() -> None:
    """For each step that gets a due date: with every step before it recorded as done, it is open on
    its due date and late the next day, and then the one late step and the next due."""
    order = [s.id for s in route_on(RECORDED_ON).steps]
    tested = []
    for i, step_id in enumerate(order):
        recorded = _done(order[:i], RECORDED_ON)
        termijn = next(s.termijn for s in route_on(RECORDED_ON, recorded).steps if s.id == step_id)
        if termijn is None:
            continue
        on_the_day = route_on(termijn, recorded)
        day_after = route_on(termijn + DAY, recorded)
        assert status(on_the_day, step_id) == NU, step_id
        assert on_the_day.overdue == [], step_id
        assert status(day_after, step_id) == TE_LAAT, step_id
        assert [s.id for s in day_after.overdue] == [step_id]
        assert day_after.next_due is not None and day_after.next_due.id == step_id
        tested.append(step_id)
    assert {"advies", "indienen_duo", "besluit_duo", "start", "rod", "evaluatie-1", "evaluatie-9"} <= set(tested)


_FIELDS = {"eerste_contact": "eerste_contact_adviesgroep", "aanmeldformulier": "aanmeldformulier_gemaild",
           "advies": "advies_ontvangen", "besluit_ao_jeugd": "besluit_ao_jeugd",
           "ter_ondertekening": "ter_ondertekening", "indienen_duo": "ingediend_bij_duo",
           "besluit_duo": "besluit_duo", "start": "gestart", "rod": "rod_geregistreerd"}


def _done(steps: list[str], when: date) -> Voortgang:
    """voortgang.yaml recording each of ``steps`` (that is recorded there) as done on ``when``."""
    values: dict[str, object] = {_FIELDS[s]: when for s in steps if s in _FIELDS}
    evaluations = [{"datum": when, "deelnemers": ["school", "ouders"]} for s in steps if s.startswith("evaluatie-")]
    if evaluations:
        values["evaluaties"] = evaluations
    return Voortgang.model_validate(values)


def test_the_deadline_of_the_round_is_late_the_day_after_even_with_nothing_recorded() -> None:
    """A fixed due date (the round's) is late once passed, whatever came before; the day itself is not."""
    deadline = load_dossier(EXAMPLE).dossier.aanvraagronde.uiterste_ontvangstdatum
    assert status(route_on(deadline), "indienen_duo") != TE_LAAT
    assert status(route_on(deadline + DAY), "indienen_duo") == TE_LAAT
    sent = Voortgang(ingediend_bij_duo=deadline)
    assert status(route_on(deadline + DAY, sent), "indienen_duo") == GEDAAN
    late = route_on(deadline + 3 * DAY, Voortgang(ingediend_bij_duo=deadline + DAY))
    step = next(s for s in late.steps if s.id == "indienen_duo")
    assert step.status == GEDAAN and "gedaan na de termijn" in step.detail
    on_time = route_on(deadline + 3 * DAY, sent)
    assert "gedaan na de termijn" not in next(s for s in on_time.steps if s.id == "indienen_duo").detail


def test_a_step_whose_predecessor_is_open_waits_instead_of_being_late() -> None:
    """The start is due on the start date, but before DUO decided it is not the school's to be late on."""
    start = load_dossier(EXAMPLE).dossier.arrangement.startdatum
    route = route_on(start + DAY)
    assert status(route, "start") in (LATER, VOLGENDE)
    decided = _done(["eerste_contact", "aanmeldformulier", "advies", "besluit_ao_jeugd", "ter_ondertekening",
                     "indienen_duo", "besluit_duo"], start - 30 * DAY)
    assert status(route_on(start, decided), "start") == NU
    assert status(route_on(start + DAY, decided), "start") == TE_LAAT


def test_the_countdown_moves_by_one_each_day() -> None:
    loaded = load_dossier(EXAMPLE)
    deadline = loaded.dossier.aanvraagronde.uiterste_ontvangstdatum
    for days in (20, 15, 14, 2, 1, 0, -1):
        today = deadline - timedelta(days=days)
        result = check_dossier(loaded, today=today)
        assert result.days_to_deadline == days
        assert result.today == today


# ------------------------------------------------------------------ the commands on D and D+1


def _out(capsys: pytest.CaptureFixture[str], *argv: str | Path) -> tuple[int, str]:
    code = run([str(a) for a in argv])
    captured = capsys.readouterr()
    return code, " ".join((captured.out + captured.err).split())


def test_status_on_the_last_day_and_the_day_after(example_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, monday = _out(capsys, "status", example_copy, "--vandaag", "2027-03-31")
    assert code == 0 and "eerstvolgende termijn: 31 maart 2027: Aanvraag indienen bij DUO" in monday
    assert "te laat" not in monday
    code, tuesday = _out(capsys, "status", example_copy, "--vandaag", "2027-04-01")
    assert code == 1 and monday != tuesday
    assert re.search(r"te laat\s+Aanvraag indienen bij DUO", tuesday), tuesday


def test_check_counts_down_day_by_day(example_copy: Path, tmp_path: Path) -> None:
    from pipeline.commands.check import check
    from pipeline.ui import Reporter

    said = []
    for today in ("2027-03-29", "2027-03-30", "2027-03-31", "2027-04-01"):
        stdout, stderr = io.StringIO(), io.StringIO()
        check([example_copy], out=Reporter(stdout=stdout, stderr=stderr), build=tmp_path / "build",
              today=date.fromisoformat(today), pdf=False)
        said.append(" ".join(stdout.getvalue().split()).lower())
    assert "(nog 2 dagen)" in said[0] and "nog 2 dagen tot de uiterste ontvangstdatum" in said[0]
    assert "nog 1 dag tot de uiterste ontvangstdatum" in said[1]
    assert "vandaag is de laatste dag tot de uiterste ontvangstdatum" in said[2]
    assert "is 1 dag geleden verstreken" in said[3]


def test_a_build_the_next_day_with_nothing_changed_says_the_next_days_countdown_and_route(
    example_copy: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Build on D and on D+1 with the same files (and the same build date for the documents): the
    checklist and the route map on it are of D+1, not kept from D because nothing else changed."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1805000000")
    out = tmp_path / "build"
    checklist = out / "voorbeeld" / "checklist.html"
    run(["build", str(example_copy), "-o", str(out), "--vandaag", "2027-03-30"])
    capsys.readouterr()
    monday = " ".join(checklist.read_text(encoding="utf-8").split()).lower()
    run(["build", str(example_copy), "-o", str(out), "--vandaag", "2027-03-31"])
    capsys.readouterr()
    tuesday = " ".join(checklist.read_text(encoding="utf-8").split()).lower()
    assert "(nog 1 dag)" in monday and "nog 1 dag tot de uiterste ontvangstdatum" in monday
    assert "(vandaag)" in tuesday and "vandaag is de laatste dag tot de uiterste ontvangstdatum" in tuesday
    run(["build", str(example_copy), "-o", str(out), "--vandaag", "2027-04-01"])
    capsys.readouterr()
    wednesday = " ".join(checklist.read_text(encoding="utf-8").split()).lower()
    assert "(verstreken)" in wednesday and "is 1 dag geleden verstreken" in wednesday
    box = "aanvraag indienen bij duo (via mijn duo). "  # the route map's box, as its description says it
    assert f"{box}→ volgende – uiterlijk 31 maart 2027" in tuesday
    assert f"{box}! te laat – uiterlijk 31 maart 2027" in wednesday
