"""Issue 16: the route after submission — progress, due dates, status, calendar and route map.

A collective and an individual dossier at several points on the route (a fixed date) give
the right done / now / next / late steps and due dates; voortgang.yaml is validated with
located Dutch messages; the calendar parses and holds one event per due date with stable
ids; the route map is valid SVG that lists every step.
"""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable
from datetime import date
from pathlib import Path

import icalendar
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from pipeline.cli import run
from pipeline.model.types import EERSTE_DATUM, LAATSTE_DATUM
from pipeline.read.validate import load_dossier
from pipeline.route.ics import calendar_bytes, step_uid
from pipeline.route.progress import ORDER, PROGRESS_FILE, Voortgang, load_progress, recorded_sent_date
from pipeline.route.route import GEDAAN, LATER, NU, TE_LAAT, VOLGENDE, Route, build_route, monitoring_interval
from pipeline.route.svg import route_svg
from pipeline.scaffold import progress_scaffold_text
from tests.conftest import ROOT, example_text
from tests.textutil import normalise, pdf_text

SVG = "{http://www.w3.org/2000/svg}"
INDIVIDUAL_ROUTE = """individuele_route:
  gemeente: Gemeente Oost Gelre
  samen_met_toegang: {samen}
  ondersteuningsvraag: |
    Onderwijs in kleine stappen naast behandeling, met een rooster dat groeit.
  evaluatie: |
    School, jeugdhulp en ouders evalueren samen met de jongere, zoals het projectplan beschrijft.

"""


def collective_text() -> str:
    """The example with an agreement of five school years (2027–2032): room for the evaluations
    of a long route (the example itself ends with the experiment, in December 2027)."""
    text = example_text()
    old, new = "  einddatum: 2027-12-31", "  einddatum: 2032-07-31"
    assert old in text
    return text.replace(old, new)


def individual_text(samen: str = "ja") -> str:
    """The example as an individual arrangement: no Achterhoek block, the route to the gemeente instead."""
    text = collective_text().replace("  soort: collectief", "  soort: individueel", 1)
    start, end = text.index("\nachterhoek:\n") + 1, text.index("\nbijlagen:\n") + 1
    return text[:start] + INDIVIDUAL_ROUTE.format(samen=samen) + text[end:]


Make = Callable[..., Path]


@pytest.fixture
def make(dossier_with: Callable[[str, str], Path]) -> Make:
    """A dossier folder (collective example or individual variant) with this voortgang.yaml."""

    def _make(progress: str | None = None, *, soort: str = "collectief", name: str = "x", samen: str = "ja") -> Path:
        folder = dossier_with(collective_text() if soort == "collectief" else individual_text(samen), name)
        if progress is not None:
            (folder / PROGRESS_FILE).write_text(progress, encoding="utf-8")
        return folder

    return _make


def route_of(folder: Path, today: str) -> Route:
    loaded = load_dossier(folder)
    return build_route(loaded.naam, loaded.dossier, load_progress(folder).voortgang, today=date.fromisoformat(today))


def states(route: Route) -> dict[str, str]:
    return {s.id: s.status for s in route.steps}


def ids(route: Route, status: str) -> list[str]:
    return [s.id for s in route.steps if s.status == status]


# ------------------------------------------------------------------ the route at several points


def test_collective_before_submission_now_is_first_contact_and_duo_next_due_is_the_deadline(make: Make) -> None:
    route = route_of(make(), "2027-03-01")
    assert ids(route, GEDAAN) == ["constateren", "ondersteuningsvraag", "opstellen", "criteria", "financiering"]
    assert ids(route, NU) == ["eerste_contact", "ter_ondertekening"]  # signing comes before submitting
    assert ids(route, VOLGENDE) == ["aanmeldformulier", "indienen_duo"]
    assert ids(route, TE_LAAT) == []
    due = route.next_due
    assert due is not None and (due.id, due.termijn) == ("indienen_duo", date(2027, 3, 31))
    assert due.wie == "Stichting Onderwijs Achterhoek Zuid & Oost"
    assert states(route)["start"] == LATER
    # sent for signing: submitting is what to do now
    route = route_of(make("ter_ondertekening: 2027-02-20\n", name="verstuurd"), "2027-03-01")
    assert ids(route, NU) == ["eerste_contact", "indienen_duo"]
    assert ids(route, VOLGENDE) == ["aanmeldformulier", "besluit_duo"]


def test_collective_not_sent_after_the_deadline_is_late(make: Make) -> None:
    route = route_of(make(), "2027-04-01")
    assert ids(route, TE_LAAT) == ["indienen_duo"]
    assert states(route)["besluit_duo"] == VOLGENDE  # DUO is not late: nothing reached it


@pytest.mark.parametrize("soort", ["collectief", "individueel"])
def test_a_missed_duo_deadline_is_late_even_when_earlier_steps_are_not_recorded(make: Make, soort: str) -> None:
    """The round's deadline does not wait: an individual dossier whose route to the gemeente is
    not recorded yet was 'later' after 31 March, and `dossier status` exited 0."""
    route = route_of(make(soort=soort), "2027-06-10")
    assert next(s for s in route.steps if s.id == "indienen_duo").status == TE_LAAT
    assert "indienen_duo" in [s.id for s in route.overdue]


def test_collective_advice_is_due_six_weeks_after_the_form_and_late_after_that(make: Make) -> None:
    folder = make("eerste_contact_adviesgroep: 2027-01-10\naanmeldformulier_gemaild: 2027-02-01\n"
                  "ingediend_bij_duo: 2027-03-20\n")
    route = route_of(folder, "2027-03-20")
    advies = next(s for s in route.steps if s.id == "advies")
    assert advies.termijn == date(2027, 3, 15) and advies.status == TE_LAAT and advies.wie == "regionale adviesgroep"
    assert ids(route, NU) == ["besluit_duo"]  # waits for DUO, due on the round's decision date
    assert ids(route, VOLGENDE) == ["besluit_ao_jeugd"]
    assert route.next_due is not None and route.next_due.id == "advies"
    # a day earlier than the six weeks it is not late yet
    assert states(route_of(folder, "2027-03-15"))["advies"] == NU


def test_collective_after_start_evaluations_follow_the_monitoring_proposal(make: Make) -> None:
    folder = make("aanmeldformulier_gemaild: 2027-02-01\nadvies_ontvangen: 2027-03-01\nbesluit_ao_jeugd: 2027-03-20\n"
                  "ingediend_bij_duo: 2027-03-20\nbesluit_duo: 2027-05-20\ngestart: 2027-09-01\n"
                  "rod_geregistreerd: 2027-09-05\n"
                  "evaluaties:\n  - datum: 2028-02-20\n    deelnemers: [school, ouders]\n")
    route = route_of(folder, "2028-09-15")
    # "Elk half jaar rapporteren partijen …" (achterhoek.verantwoording_monitoring): every 6 months after the start
    evaluations = [s for s in route.steps if s.id.startswith("evaluatie-")]
    assert [s.termijn for s in evaluations[:3]] == [date(2028, 3, 1), date(2028, 9, 1), date(2029, 3, 1)]
    assert evaluations[-1].termijn == date(2032, 3, 1)  # the last before the agreement ends (2032-07-31)
    assert evaluations[0].status == GEDAAN and evaluations[0].notitie == "met school, ouders"
    assert evaluations[1].status == TE_LAAT and evaluations[2].status == VOLGENDE
    assert ids(route, TE_LAAT) == ["evaluatie-2"]
    assert all(states(route)[s] == GEDAAN for s in ("eerste_contact", "start", "rod", "besluit_duo"))
    assert next(s for s in route.steps if s.id == "eerste_contact").gedaan_volgens == "later"  # implied


def test_individual_route_goes_through_the_gemeente(make: Make) -> None:
    route = route_of(make(soort="individueel"), "2027-03-01")
    assert [s.id for s in route.steps][:4] == ["constateren", "ondersteuningsvraag", "aanvraag_gemeente", "beschikking"]
    assert "aanmeldformulier" not in states(route) and "besluit_ao_jeugd" not in states(route)
    assert ids(route, NU) == ["aanvraag_gemeente", "ter_ondertekening"]
    assert ids(route, VOLGENDE) == ["beschikking", "indienen_duo"]
    assert next(s for s in route.steps if s.id == "beschikking").wie == "Gemeente Oost Gelre"


def test_individual_without_toegang_starts_with_the_shared_finding(make: Make) -> None:
    route = route_of(make(soort="individueel", samen="nee"), "2027-03-01")
    assert states(route)["constateren"] == NU
    assert states(route)["aanvraag_gemeente"] == VOLGENDE  # the ondersteuningsvraag is written, the finding not yet


def test_individual_decided_but_not_started_after_the_start_date_is_late_for_the_school(make: Make) -> None:
    folder = make("aanvraag_gemeente: 2027-02-01\nbeschikking: 2027-03-01\nbesluit_duo: 2027-05-01\n",
                  soort="individueel")
    route = route_of(folder, "2027-08-10")
    assert ids(route, TE_LAAT) == ["start"]
    start = route.overdue[0]
    assert start.wie == "school en zorgaanbieder" and start.termijn == date(2027, 8, 1)
    sent = next(s for s in route.steps if s.id == "indienen_duo")
    assert sent.status == GEDAAN and sent.gedaan is None and sent.gedaan_volgens == "later"
    # its evaluation answer names no frequency; the projectplan's "halfjaarlijkse meting" measures, it sets none
    assert next(s for s in route.steps if s.id == "evaluatie-1").termijn is None


def test_a_step_done_after_its_due_date_says_so(make: Make) -> None:
    route = route_of(make("ingediend_bij_duo: 2027-04-02\n"), "2027-04-10")
    sent = next(s for s in route.steps if s.id == "indienen_duo")
    assert sent.status == GEDAAN and "gedaan na de termijn" in sent.detail


@pytest.mark.parametrize(("text", "months"), [
    ("Elk half jaar rapporteren partijen aan de adviesgroep. Na twee jaar volgt een evaluatie.", 6),
    ("We evalueren halfjaarlijks met ouders.", 6),
    ("Per kwartaal bespreken we de voortgang.", 3),
    ("Iedere 4 maanden een gesprek.", 4),
    ("Om de drie maanden overleg.", 3),
    ("Jaarlijks een evaluatie met alle partners.", 12),
    ("Eén keer per schooljaar.", 12),
    ("Een keer per jaar komen we samen.", 12),
    ("Maandelijks overleg in het zorgteam.", 1),
    ("Geen vaste momenten.", None),
    # "n keer per jaar" for any n, in words or digits, per jaar or per schooljaar (was 12 for all but 1 and 2)
    *[(f"{n} {keer} per {jaar} een evaluatie.", months)
      for n, months in (("Twee", 6), ("2", 6), ("Drie", 4), ("vier", 3), ("4", 3), ("Eén", 12), ("1", 12),
                        ("twaalf", 1))
      for keer in ("keer", "maal", "x") for jaar in ("jaar", "schooljaar")],
])
def test_the_monitoring_proposal_sets_the_evaluation_cycle(text: str, months: int | None) -> None:
    found = monitoring_interval(text)
    assert (found[0] if found else None) == months


def test_without_a_cycle_one_evaluation_without_date_and_a_note(make: Make, tmp_path: Path) -> None:
    folder = make(soort="individueel")
    yaml = folder / "dossier.yaml"
    yaml.write_text(yaml.read_text(encoding="utf-8").replace("en een halfjaarlijkse meting", "en een meting"),
                    encoding="utf-8")
    route = route_of(folder, "2027-03-01")
    evaluations = [s for s in route.steps if s.id.startswith("evaluatie-")]
    assert len(evaluations) == 1 and evaluations[0].termijn is None
    assert route.notes == ("het monitoringsvoorstel noemt niet hoe vaak er geëvalueerd wordt; zet "
                           "evaluatie_elke_maanden in voortgang.yaml voor de termijnen",)
    (folder / PROGRESS_FILE).write_text("evaluatie_elke_maanden: 12\n", encoding="utf-8")
    route = route_of(folder, "2027-03-01")
    assert next(s for s in route.steps if s.id == "evaluatie-1").termijn == date(2028, 8, 1)


def test_an_evaluation_after_the_agreement_ends_has_no_date_and_a_note_that_says_why(
    dossier_with: Callable[[str, str], Path],
) -> None:
    """The example ends with the experiment (31 December 2027), five months after the start:
    its half-yearly evaluation would fall after that. The route says so instead of a blank date."""
    folder = dossier_with(example_text(), "x")
    route = route_of(folder, "2027-03-01")
    evaluations = [s for s in route.steps if s.id.startswith("evaluatie-")]
    assert len(evaluations) == 1 and evaluations[0].termijn is None
    assert route.notes == ("de eerste evaluatie, elke 6 maanden na de start (Elk half jaar), valt op 1 februari 2028: "
                           "na het einde van de samenwerkingsovereenkomst (31 december 2027); plan een evaluatie "
                           "binnen de looptijd, of zet evaluatie_elke_maanden in voortgang.yaml",)
    (folder / PROGRESS_FILE).write_text("evaluatie_elke_maanden: 3\n", encoding="utf-8")
    route = route_of(folder, "2027-03-01")
    assert next(s for s in route.steps if s.id == "evaluatie-1").termijn == date(2027, 11, 1)
    assert route.notes == ()


def test_the_individual_route_evaluates_as_its_own_evaluation_says(
    dossier_with: Callable[[str, str], Path],
) -> None:
    """``individuele_route.evaluatie`` is where the individual route says how often it evaluates."""
    folder = dossier_with((ROOT / "inputs" / "voorbeeld-individueel" / "dossier.yaml").read_text(encoding="utf-8"), "x")
    route = route_of(folder, "2027-03-01")
    evaluations = [s for s in route.steps if s.id.startswith("evaluatie-")]
    assert [s.termijn for s in evaluations] == [date(2027, 11, 1)]  # every 3 months from 1 August, until 31 Dec
    assert "elke drie maanden" in evaluations[0].termijn_uitleg and route.notes == ()


# ------------------------------------------------------------------ voortgang.yaml


def test_no_file_and_the_scaffold_with_only_comments_are_no_progress(make: Make) -> None:
    folder = make()
    assert load_progress(folder).voortgang == Voortgang()
    (folder / PROGRESS_FILE).write_text(progress_scaffold_text("x"), encoding="utf-8")
    assert load_progress(folder).voortgang == Voortgang()


def test_uncommented_scaffold_lines_are_valid_progress(make: Make) -> None:
    lines = []
    for line in progress_scaffold_text("x").splitlines():
        if re.match(r"# ([a-z_]+:( |$)|  )", line):
            lines.append(line[2:].replace("JJJJ-MM-DD", "2027-03-01"))
    folder = make("\n".join(lines) + "\n")
    voortgang = load_progress(folder).voortgang
    assert voortgang.ingediend_bij_duo == date(2027, 3, 1) and voortgang.evaluaties[0].deelnemers[-1] == "ouders"
    assert [(g.partij, g.datum) for g in voortgang.getekend] == [("Gemeente Berkelland", date(2027, 3, 1))]


@pytest.mark.parametrize(("progress", "expected"), [
    ("ingedient_bij_duo: 2027-03-01\n",
     "voortgang.yaml:1:1: ingedient_bij_duo: onbekend veld ‘ingedient_bij_duo’; bedoelde u ‘ingediend_bij_duo’?"),
    ("gestart: 2027-02-30\n",
     "voortgang.yaml:1:10: gestart: deze datum bestaat niet; controleer dag en maand (vorm JJJJ-MM-DD)"),
    ("besluit_duo: volgende week\n",
     "voortgang.yaml:1:14: besluit_duo: moet een datum zijn in de vorm JJJJ-MM-DD, bijv. 2023-07-31"),
    ("ingediend_bij_duo: 2027-03-20\nbesluit_duo: 2027-03-01\n",
     "voortgang.yaml:2:14: besluit_duo: ligt vóór ingediend_bij_duo (2027-03-20); controleer de datums"),
    ("evaluaties:\n  - datum: 2028-02-01\n",
     "voortgang.yaml:2:5: evaluaties[0].deelnemers: ontbreekt; vul dit veld in"),
    ("evaluaties:\n  - datum: 2028-02-01\n    deelnemrs: [school]\n",
     "voortgang.yaml:3:5: evaluaties[0].deelnemrs: onbekend veld ‘deelnemrs’; bedoelde u ‘deelnemers’?"),
    ("evaluatie_elke_maanden: 0\n", "voortgang.yaml:1:25: evaluatie_elke_maanden: moet minstens 1 zijn"),
    ("- gestart: 2027-09-01\n", "voortgang.yaml:1:1: verwacht velden (sleutel: waarde) op het hoogste niveau"),
    ("gestart: 2027-09-01\n\tbesluit_duo: 2027-05-01\n", "voortgang.yaml:2:1: YAML-fout: tab-teken gevonden"),
    ("gestart: 9999-12-01\n",  # it validated, then every command ended in 'year 10000 is out of range'
     "voortgang.yaml:1:10: gestart: het jaar 9999 kan niet kloppen: gebruik een datum tussen 2000-01-01 en "
     "2100-12-31 (vorm JJJJ-MM-DD)"),
    ("evaluaties:\n  - datum: 1999-02-01\n    deelnemers: [school]\n",
     "voortgang.yaml:2:12: evaluaties[0].datum: het jaar 1999 kan niet kloppen: gebruik een datum tussen "
     "2000-01-01 en 2100-12-31 (vorm JJJJ-MM-DD)"),
])
def test_status_names_file_line_and_field_of_a_bad_voortgang(
    make: Make, capsys: pytest.CaptureFixture[str], progress: str, expected: str
) -> None:
    folder = make(progress)
    assert run(["status", str(folder), "--vandaag", "2027-03-01"]) == 1
    err = capsys.readouterr().err
    assert expected in err, err
    assert "Traceback" not in err


_COMMENT_LINE = "# " + "x" * 97 + "\n"  # 100 bytes


def test_a_voortgang_with_more_than_a_megabyte_of_comments_is_read_to_the_end(
    make: Make, capsys: pytest.CaptureFixture[str]
) -> None:
    """Long notes before the dates are comments like any other: what follows them is recorded
    (the first megabyte of comments used to be read as 'nothing recorded')."""
    folder = make(_COMMENT_LINE * 12_000 + "ingediend_bij_duo: 2027-02-21\n")
    assert (folder / PROGRESS_FILE).stat().st_size > 1_000_000
    assert load_progress(folder).voortgang.ingediend_bij_duo == date(2027, 2, 21)
    assert recorded_sent_date(folder) == date(2027, 2, 21)  # the build keeps the bundle that was sent
    run(["status", str(folder), "--vandaag", "2027-03-01"])
    assert "✓ gedaan    Aanvraag indienen bij DUO (via Mijn DUO) — op 21 februari 2027" in capsys.readouterr().out


def test_a_voortgang_over_the_size_limit_is_an_error_not_nothing_recorded(
    make: Make, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = make(_COMMENT_LINE * 60_000 + "ingediend_bij_duo: 2027-02-21\n")  # 6 MB; the limit is 5 MB
    assert run(["status", str(folder), "--vandaag", "2027-03-01"]) == 1
    err = capsys.readouterr().err
    assert "voortgang.yaml: het bestand is te groot (6 MB; maximaal 5 MB)" in err, err
    assert run(["validate", str(folder)]) == 1
    assert "voortgang.yaml: het bestand is te groot" in capsys.readouterr().err


# ------------------------------------------------------------------ dossier status


def _three(make: Make) -> list[Path]:
    return [
        make(name="samen-op-de-rails"),  # collective, nothing recorded: DUO deadline 2027-03-31
        make("aanmeldformulier_gemaild: 2027-01-15\ningediend_bij_duo: 2027-03-01\n", name="de-boerderij"),
        make("aanvraag_gemeente: 2027-01-10\n", soort="individueel", name="kleine-stappen"),
    ]


def test_status_table_sorts_by_the_nearest_due_date(make: Make, capsys: pytest.CaptureFixture[str]) -> None:
    folders = _three(make)
    assert run(["status", *map(str, folders), "--vandaag", "2027-03-10"]) == 1  # the advice is late
    out = capsys.readouterr()
    rows = [line for line in out.out.splitlines() if line.startswith(("samen", "de-boer", "kleine"))]
    assert [r.split()[0] for r in rows] == ["de-boerderij", "kleine-stappen", "samen-op-de-rails"]  # then by name
    # CONTROLE: the last build's verdict; never built here, so not known
    assert re.search(r"de-boerderij +collectief +onbekend +26 februari 2027 \(!\) +Advies van de regionale "
                     r"adviesgroep aan het AO Jeugd +regionale adviesgroep +1", rows[0]), rows[0]
    assert re.search(r"kleine-stappen +individueel +onbekend +31 maart 2027 +Aanvraag indienen bij DUO", rows[1])
    assert re.search(r"samen-op-de-rails +collectief +onbekend +31 maart 2027 +Aanvraag indienen bij DUO", rows[2])
    assert "1 stap is te laat" in out.err


def test_status_of_one_dossier_lists_its_steps_and_exit_0_when_nothing_is_late(
    make: Make, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(["status", str(make()), "--vandaag", "2027-03-01"]) == 0
    out, err = capsys.readouterr()
    assert ("  ✓ gedaan    Criteria vaststellen voor leerlingen die passen binnen het arrangement — "
            "volgens het dossier") in out
    assert ("  ▶ nu        Formulier en samenwerkingsovereenkomst laten tekenen door alle partijen (‘dossier "
            "tekenen’) — wie: Stichting") in out
    assert "  → volgende  Aanvraag indienen bij DUO (via Mijn DUO) — uiterlijk 31 maart 2027; wie: Stichting" in out
    assert "  · later     Besluit van DUO over de aanvraag — uiterlijk 31 mei 2027; wie: DUO" in out
    assert "… en nog 8 evaluaties tot het einde van de overeenkomst" in out
    assert ("  eerstvolgende termijn: 31 maart 2027: Aanvraag indienen bij DUO (via Mijn DUO) "
            "(wie: Stichting Onderwijs Achterhoek Zuid & Oost)") in out
    assert "  Laatste controle: onbekend: bouw opnieuw (dossier build)" in err  # status builds nothing itself


def test_status_json(make: Make, capsys: pytest.CaptureFixture[str]) -> None:
    folders = _three(make)
    assert run(["status", *map(str, folders), "--vandaag", "2027-03-10", "--format", "json"]) == 1
    data = json.loads(capsys.readouterr().out)
    assert data["vandaag"] == "2027-03-10"
    assert [d["dossier"] for d in data["dossiers"]] == ["de-boerderij", "kleine-stappen", "samen-op-de-rails"]
    first = data["dossiers"][0]
    assert first["te_laat"] == ["advies"] and first["route"] == "collectief"
    assert first["volgende_termijn"]["termijn"] == "2027-02-26" and first["volgende_termijn"]["status"] == "te laat"
    assert first["ingediend"]["datum"] == "2027-03-01" and first["ingediend"]["bundel"] is None
    assert {s["status"] for s in first["stappen"]} <= {"gedaan", "te laat", "nu", "volgende", "later"}


# ------------------------------------------------------------------ the calendar


def _events(data: bytes) -> list[icalendar.Event]:
    return list(icalendar.Calendar.from_ical(data).walk("VEVENT"))


def test_calendar_parses_with_one_event_per_due_date_and_stable_ids(make: Make) -> None:
    folder = make()
    route = route_of(folder, "2027-03-01")
    data = calendar_bytes(route)
    events = _events(data)
    assert len(events) == len(route.due_steps) == 13  # deadline, decision, start, ROD and 9 evaluations
    by_uid = {str(e["UID"]): e for e in events}
    assert len(by_uid) == len(events)
    deadline = by_uid[step_uid("x", "indienen_duo")]
    assert deadline.decoded("DTSTART") == date(2027, 3, 31)
    assert str(deadline["SUMMARY"]).startswith("Aanvraag indienen bij DUO")
    assert "DTSTAMP" in deadline
    # later, with progress, the same steps keep their ids (a re-import updates them) and gain a due date
    (folder / PROGRESS_FILE).write_text("aanmeldformulier_gemaild: 2027-02-01\ningediend_bij_duo: 2027-03-20\n",
                                        encoding="utf-8")
    later = _events(calendar_bytes(route_of(folder, "2027-04-01")))
    uids = {str(e["UID"]) for e in later}
    assert set(by_uid) < uids and uids - set(by_uid) == {step_uid("x", "advies")}
    done = next(e for e in later if str(e["UID"]) == step_uid("x", "indienen_duo"))
    assert str(done["SUMMARY"]).startswith("✓ ")


def test_calendar_is_crlf_and_folded_at_75_octets(make: Make) -> None:
    data = calendar_bytes(route_of(make(), "2027-03-01"))
    assert data.endswith(b"\r\n") and b"\n" not in data.replace(b"\r\n", b"")
    lines = data.split(b"\r\n")[:-1]
    assert max(len(line) for line in lines) <= 75
    assert any(line.startswith(b" ") for line in lines)  # long descriptions are folded
    for line in lines:
        line.decode("utf-8")  # never cut inside a character
    assert lines[0] == b"BEGIN:VCALENDAR" and lines[-1] == b"END:VCALENDAR"


# ------------------------------------------------------------------ the route map


@pytest.mark.parametrize("soort", ["collectief", "individueel"])
def test_route_map_is_valid_svg_listing_every_step_with_its_status_in_words(make: Make, soort: str) -> None:
    folder = make("ingediend_bij_duo: 2027-03-20\n" if soort == "collectief" else "aanvraag_gemeente: 2027-01-10\n",
                  soort=soort)
    route = route_of(folder, "2027-06-10")
    root = ET.fromstring(route_svg(route, ident="x"))
    assert root.tag == f"{SVG}svg" and root.get("role") == "img"
    assert root.find(f"{SVG}title") is not None and "Route van Samen op de Rails" in root.find(f"{SVG}title").text
    groups = root.findall(f".//{SVG}g")
    titles = [g.find(f"{SVG}title").text for g in groups]
    assert len(groups) == len(route.steps)
    for step, title in zip(route.steps, titles, strict=True):
        assert title.startswith(step.titel)
    texts = " ".join("".join(t.itertext()) for t in root.iter(f"{SVG}text"))
    assert "Individueel onderwijs-jeugdhulparrangement" in texts
    assert "Collectief onderwijs-jeugdhulparrangement" in texts
    assert "deze route" in texts and "andere route, ter vergelijking" in texts
    assert "! te laat" in texts  # DUO's decision date (2027-05-31) passed: said in words, not only in red
    assert "✓ gedaan" in texts


def test_voortgang_schema_is_current() -> None:
    from pipeline.schema import PROGRESS_SCHEMA_PATH, progress_schema_text

    assert (ROOT / PROGRESS_SCHEMA_PATH).read_text(encoding="utf-8") == progress_schema_text(), "run: dossier docs"
    assert "`evaluaties[].deelnemers`" in (ROOT / "docs" / "velden.md").read_text(encoding="utf-8")


def test_voortgang_is_part_of_no_document() -> None:
    """Progress has its own model: no field of the answers (so no template, no embedded copy) holds it."""
    from pipeline.model.fields import all_fields

    assert not any(f.path.split(".")[0] in Voortgang.model_fields for f in all_fields())


# ------------------------------------------------------------------ the build: what was sent stays as sent


def _build(capsys: pytest.CaptureFixture[str], folder: Path, out: Path, today: str = "2027-03-25") -> tuple[int, str]:
    code = run(["build", str(folder), "-o", str(out), "--vandaag", today])
    captured = capsys.readouterr()
    return code, captured.out + captured.err


@pytest.mark.parametrize("what_is_wrong", ["voortgang.yaml", "dossier.yaml", "both"])
def test_the_sent_zip_is_kept_even_when_the_build_that_records_it_finds_errors(
    signed_example: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
    what_is_wrong: str,
) -> None:
    """Recording the submission with a typo elsewhere (in voortgang.yaml, or a dossier.yaml edited
    since) used to withdraw or replace the live zip before it was kept: the zip shown later as
    "ingediend" was not the one DUO received."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1805000000")
    out = tmp_path / "build"
    assert _build(capsys, signed_example, out)[0] == 0
    sent = (out / "voorbeeld" / "voorbeeld-aanvraag.zip").read_bytes()
    progress = "ingediend_bij_duo: 2027-03-20\n"
    if what_is_wrong in ("voortgang.yaml", "both"):
        progress += "besluit_duo: volgende week\n"
    (signed_example / PROGRESS_FILE).write_text(progress, encoding="utf-8")
    yaml = signed_example / "dossier.yaml"
    if what_is_wrong in ("dossier.yaml", "both"):
        yaml.write_text(yaml.read_text(encoding="utf-8").replace("aantal_leerlingen: 12", "aantal_leerlingen: veel"),
                        encoding="utf-8")
    else:
        yaml.write_text(yaml.read_text(encoding="utf-8").replace("Samen op de Rails", "Samen op het Spoor"),
                        encoding="utf-8")
    assert _build(capsys, signed_example, out)[0] == 1
    kept = signed_example / "ingediend" / "2027-03-20" / "voorbeeld-aanvraag.zip"
    assert kept.read_bytes() == sent


def test_recording_progress_leaves_the_zip_byte_identical_and_keeps_what_was_sent(
    signed_example: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1805000000")  # one build date, also across midnight
    out = tmp_path / "build"
    folder = out / "voorbeeld"
    # sent for signing (as ‘dossier tekenen’ records it) and signed by everyone: submitting is what to do now
    (signed_example / PROGRESS_FILE).write_text("ter_ondertekening: 2027-03-01\n", encoding="utf-8")
    assert _build(capsys, signed_example, out)[0] == 0
    zip_path = folder / "voorbeeld-aanvraag.zip"
    sent = zip_path.read_bytes()
    documents = {p.name: p.read_bytes() for p in folder.glob("[!.]*.pdf") if p.name != "checklist.pdf"}
    checklist = (folder / "checklist.html").read_text(encoding="utf-8")
    assert '<svg xmlns="http://www.w3.org/2000/svg" class="routekaart"' in checklist
    assert (folder / "termijnen.ics").is_file()
    on_paper = normalise(pdf_text(folder / "checklist.pdf"))  # the same map, as boxes the PDF lays out quickly
    for words in ("De route na het indienen", "Collectief onderwijs-jeugdhulparrangement deze route",
                  "Aanvraag indienen bij DUO (via Mijn DUO)", "▶ nu – uiterlijk 31 maart 2027", "Evaluatie 1"):
        assert words in on_paper, words

    (signed_example / PROGRESS_FILE).write_text(
        "eerste_contact_adviesgroep: 2027-01-10\naanmeldformulier_gemaild: 2027-02-01\n"
        "ingediend_bij_duo: 2027-03-20\n", encoding="utf-8")
    code, output = _build(capsys, signed_example, out)
    assert code == 0, output
    assert zip_path.read_bytes() == sent  # progress is in no document, and the zips hold no checklist
    kept = signed_example / "ingediend" / "2027-03-20" / "voorbeeld-aanvraag.zip"
    assert kept.read_bytes() == sent
    assert f"Ingediend op 20 maart 2027; de ingediende bundel staat in {kept}" in output
    assert {p.name: p.read_bytes() for p in folder.glob("[!.]*.pdf") if p.name != "checklist.pdf"} == documents
    assert (folder / "checklist.html").read_text(encoding="utf-8") != checklist  # the route map moved on
    assert "✓ gedaan op 20 maart 2027" in (folder / "checklist.html").read_text(encoding="utf-8")

    progress = (signed_example / PROGRESS_FILE).read_text(encoding="utf-8")
    (signed_example / PROGRESS_FILE).write_text(progress + "advies_ontvangen: 2027-03-10\n", encoding="utf-8")
    assert _build(capsys, signed_example, out)[0] == 0
    assert zip_path.read_bytes() == sent and kept.read_bytes() == sent
    # the kept submission is part of the dossier: deleted, it is not claimed by an "unchanged" run
    kept.unlink()
    code, output = _build(capsys, signed_example, out)
    assert code == 0 and f"De bundel die op 20 maart 2027 is ingediend, is bewaard in {kept}" in output
    assert kept.read_bytes() == sent and f"de ingediende bundel staat in {kept}" in output

    yaml = signed_example / "dossier.yaml"
    yaml.write_text(yaml.read_text(encoding="utf-8").replace("Aan het eind van de looptijd volgt",
                                                            "Aan het einde van de looptijd volgt"),
                    encoding="utf-8")
    code, output = _build(capsys, signed_example, out)
    assert code == 0
    warning = ("Let op: de antwoorden in dossier.yaml komen niet meer overeen met wat op 20 maart 2027 is ingediend "
               f"({kept})")
    assert warning in output
    assert kept.read_bytes() == sent and zip_path.read_bytes() != sent  # the new zip is of the new answers
    assert ("Let op: de antwoorden in dossier.yaml komen niet meer overeen met wat op 20 maart 2027 is ingediend "
            "(voorbeeld/ingediend/2027-03-20/voorbeeld-aanvraag.zip)") in (folder / "checklist.html").read_text(
        encoding="utf-8")  # no local path on a page that is passed on
    code = run(["status", str(signed_example), "-o", str(out), "--vandaag", "2027-03-25"])
    assert warning in capsys.readouterr().err
    # unchanged since: the build says it again without building
    assert warning in _build(capsys, signed_example, out)[1]


def test_calendar_is_owned_by_the_build_and_an_invalid_voortgang_is_a_located_error(
    signed_example: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "build"
    ics = out / "voorbeeld" / "termijnen.ics"
    assert _build(capsys, signed_example, out)[0] == 0
    made = ics.read_bytes()
    ics.write_bytes(b"kapot")  # an output that no longer holds its bytes is made again
    code, output = _build(capsys, signed_example, out)
    assert code == 0 and ics.read_bytes() == made and "niets veranderd" not in output
    assert "✓ termijnen: " in output
    assert not list(ics.parent.glob(".termijnen.ics.*"))  # atomic: no temp file left

    (signed_example / PROGRESS_FILE).write_text("gestart: 2027-02-30\n", encoding="utf-8")
    code, output = _build(capsys, signed_example, out)
    assert code == 1
    assert "voortgang.yaml:1:10: gestart: deze datum bestaat niet; controleer dag en maand (vorm JJJJ-MM-DD)" in output
    assert not ics.exists()  # no calendar that ignores what was recorded
    assert (out / "voorbeeld" / "voorbeeld-aanvraag.zip").is_file()  # the submission does not depend on it
    checklist = (out / "voorbeeld" / "checklist.html").read_text(encoding="utf-8")
    assert "voortgang.yaml bevat fouten" in checklist
    # the checklist names the file as the dossier knows it: never the local path it was built from
    assert "voorbeeld/voortgang.yaml:1:10: gestart: deze datum bestaat niet" in checklist
    assert str(signed_example) not in checklist and str(tmp_path) not in checklist


def test_preview_index_shows_the_route_map_inline_without_script(example_copy: Path, tmp_path: Path) -> None:
    from pipeline.watch.server import _index_section
    from pipeline.watch.watcher import DossierState

    section = _index_section(example_copy, DossierState(loaded=load_dossier(example_copy)), tmp_path / "voorbeeld")
    assert "<script" not in section
    svg = section[section.index("<svg"):section.index("</svg>") + len("</svg>")]
    root = ET.fromstring(svg)
    steps = route_of(example_copy, date.today().isoformat()).steps
    assert len(root.findall(f".//{SVG}g")) == len(steps) > 10  # a box per step, evaluations included
    assert "Eerstvolgende termijn:" in section


def test_without_an_earlier_zip_nothing_is_kept_until_a_zip_made_by_then_exists(
    signed_example: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A fresh build folder after sending: the zip this run makes may hold other answers than those
    sent, so it is not kept as sent that run (it used to be, "opnieuw gemaakt"); made on or before the
    date, the next run keeps it."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1805000000")  # 13 March 2027
    (signed_example / PROGRESS_FILE).write_text("ingediend_bij_duo: 2027-03-20\n", encoding="utf-8")
    out = tmp_path / "build"
    code, output = _build(capsys, signed_example, out)
    kept = signed_example / "ingediend" / "2027-03-20" / "voorbeeld-aanvraag.zip"
    assert code == 0 and not kept.exists()
    assert "Let op: ingediend op 20 maart 2027, maar er is geen bundel bewaard: in " in output
    code, output = _build(capsys, signed_example, out)
    assert code == 0 and kept.read_bytes() == (out / "voorbeeld" / "voorbeeld-aanvraag.zip").read_bytes()
    assert f"Ingediend op 20 maart 2027; de ingediende bundel staat in {kept}" in output


def test_route_map_escapes_what_the_answers_say(make: Make) -> None:
    folder = make()
    yaml = folder / "dossier.yaml"
    yaml.write_text(yaml.read_text(encoding="utf-8").replace(
        "  naam: Samen op de Rails – onderwijs & zorg op de boerderij",
        "  naam: '<script>alert(1)</script> & \"zo\" ]]>'", 1), encoding="utf-8")
    svg = route_svg(route_of(folder, "2027-03-01"), ident='x" onload="alert(1)')
    assert "<script" not in svg and "onload=" not in svg
    title = ET.fromstring(svg).find(f"{SVG}title")
    assert title is not None and '<script>alert(1)</script> & "zo" ]]>' in (title.text or "")


def test_dossier_new_writes_voortgang_as_comments_for_its_route(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    assert run(["new", "kleine-stappen", "--individueel"]) == 0
    out = capsys.readouterr().out
    assert "Na het indienen: zet de datum van elke stap in inputs/kleine-stappen/voortgang.yaml" in out
    text = (tmp_path / "inputs" / "kleine-stappen" / PROGRESS_FILE).read_text(encoding="utf-8")
    assert all(not line or line.startswith("#") for line in text.splitlines())
    assert "# beschikking: JJJJ-MM-DD" in text and "aanmeldformulier_gemaild" not in text  # only its own route
    assert text.startswith("# yaml-language-server: $schema=../../schema/voortgang.schema.json\n")
    assert load_progress(tmp_path / "inputs" / "kleine-stappen").voortgang == Voortgang()


def test_validate_checks_voortgang_too(make: Make, capsys: pytest.CaptureFixture[str]) -> None:
    folder = make("ingediend_bij_duo: 2027-03-20\n")
    assert run(["validate", str(folder)]) == 0
    assert f"✓ {folder / PROGRESS_FILE}: geldig" in capsys.readouterr().out
    (folder / PROGRESS_FILE).write_text("ingediend_bij_duo: 20-03-2027\n", encoding="utf-8")
    assert run(["validate", str(folder)]) == 1
    err = capsys.readouterr().err
    assert "voortgang.yaml:1:20: ingediend_bij_duo: moet een datum zijn in de vorm JJJJ-MM-DD" in err


def test_a_fifo_as_voortgang_is_refused_not_read(make: Make, capsys: pytest.CaptureFixture[str]) -> None:
    import os

    folder = make()
    os.mkfifo(folder / PROGRESS_FILE)
    assert run(["status", str(folder), "--vandaag", "2027-03-01"]) == 1
    said = capsys.readouterr().err
    assert "voortgang.yaml: is een FIFO (named pipe), geen gewoon bestand; zet hier een YAML-bestand" in said


def test_the_paper_map_lists_every_step_in_the_same_words(make: Make) -> None:
    from pipeline.route.boxes import route_html

    route = route_of(make("ingediend_bij_duo: 2027-03-20\n"), "2027-06-10")
    page = str(route_html(route))
    assert page.count('class="route-stap ') == len(route.steps)
    for step in route.steps:
        if not step.id.startswith("evaluatie-"):
            assert f"<b>{step.titel}</b>" in page
    assert '<div class="route-stap route-te-laat"' in page and "! te laat – uiterlijk 31 mei 2027" in page
    assert "<script" not in page


def test_the_voortgang_schema_accepts_what_the_model_accepts_and_refuses_a_typo() -> None:
    import jsonschema

    from pipeline.route.progress import progress_schema

    schema = progress_schema()
    good = {"ingediend_bij_duo": "2027-03-20", "evaluaties": [{"datum": "2028-02-01", "deelnemers": ["ouders"]}]}
    jsonschema.validate(good, schema)
    Voortgang.model_validate(good)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({"ingedient_bij_duo": "2027-03-20"}, schema)  # editors flag the typo too


def test_every_due_date_cites_a_seed_quote_of_the_rules(make: Make) -> None:
    """The route's sources are the rules' own (``check.sources``), which test_check holds word for
    word to the seeds: a due date never cites a quote typed a second time."""
    from pipeline.check import sources

    known = {id(v) for v in vars(sources).values() if isinstance(v, sources.SeedSource)}
    for soort in ("collectief", "individueel"):
        route = route_of(make(soort=soort), "2027-03-01")
        cited = [s for s in route.steps if s.bron is not None]
        assert cited and all(id(s.bron) in known for s in cited), [s.bron for s in cited if id(s.bron) not in known]



# ------------------------------------------------------------------ dates at the ends of the allowed range


def test_dates_outside_2000_2100_in_dossier_yaml_are_located_errors_for_status_and_check(
    make: Make, capsys: pytest.CaptureFixture[str]
) -> None:
    """``einddatum: 9999-12-31`` (meant as 'no end') validated, then crashed the route's evaluations."""
    folder = make()
    path = folder / "dossier.yaml"
    text = path.read_text(encoding="utf-8").replace("  einddatum: 2032-07-31", "  einddatum: 9999-12-31")
    path.write_text(text, encoding="utf-8")
    line = text.splitlines().index("  einddatum: 9999-12-31") + 1
    expected = (f"dossier.yaml:{line}:14: samenwerkingsovereenkomst.einddatum: het jaar 9999 kan niet kloppen: "
                "gebruik een datum tussen 2000-01-01 en 2100-12-31 (vorm JJJJ-MM-DD)")
    for command in (["status", str(folder), "--vandaag", "2027-03-01"],
                    ["check", str(folder), "--vandaag", "2027-03-01", "-o", str(folder.parent / "build")]):
        assert run(command) == 1
        err = capsys.readouterr().err
        assert expected in err, err
        assert "Traceback" not in err


def test_vandaag_outside_2000_2100_is_a_usage_error_in_dutch(make: Make, capsys: pytest.CaptureFixture[str]) -> None:
    """The deadlines are computed from --vandaag too (six weeks for the advice after 9999-12-01 crashed)."""
    with pytest.raises(SystemExit) as stop:
        run(["status", str(make()), "--vandaag", "9999-12-01"])
    assert stop.value.code == 2
    assert ("fout: bij --vandaag: het jaar 9999 kan niet kloppen: gebruik een datum tussen 2000-01-01 en "
            "2100-12-31 (vorm JJJJ-MM-DD)") in capsys.readouterr().err


_DOSSIER_DATES = ("uiterste_ontvangstdatum: 2027-03-31", "beslisdatum: 2027-05-31", "startdatum: 2027-08-01",
                  "ingangsdatum: 2027-08-01", "einddatum: 2032-07-31")
_PROGRESS_DATES = tuple(name for name in Voortgang.model_fields
                        if name not in {"evaluaties", "evaluatie_elke_maanden", "getekend"})
_ANY_DATE = st.one_of(st.sampled_from([EERSTE_DATUM, LAATSTE_DATUM]), st.dates(EERSTE_DATUM, LAATSTE_DATUM))


def _in_order(progress: dict[str, date | None]) -> dict[str, date | None]:
    """The recorded steps in an order voortgang.yaml accepts (a decision not before its request)."""
    out = dict(progress)
    swapped = True
    while swapped:
        swapped = False
        for later, earlier in ORDER:
            if out[later] and out[earlier] and out[later] < out[earlier]:
                out[later], out[earlier], swapped = out[earlier], out[later], True
    return out


@st.composite
def _dates_case(draw: st.DrawFn) -> dict[str, object]:
    return {
        "soort": draw(st.sampled_from(["collectief", "individueel"])),
        "dossier": [draw(_ANY_DATE) for _ in _DOSSIER_DATES],
        "progress": _in_order({name: draw(st.none() | _ANY_DATE) for name in _PROGRESS_DATES}),
        "evaluaties": draw(st.lists(_ANY_DATE, max_size=2)),
        "getekend": draw(st.lists(_ANY_DATE, max_size=2)),
        "months": draw(st.none() | st.sampled_from([1, 60]) | st.integers(1, 60)),
        "today": draw(_ANY_DATE),
    }


def _all_on(day: date, soort: str) -> dict[str, object]:
    return {"soort": soort, "dossier": [day] * len(_DOSSIER_DATES), "progress": dict.fromkeys(_PROGRESS_DATES, day),
            "evaluaties": [day], "getekend": [day], "months": 1, "today": day}


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@example(_all_on(LAATSTE_DATUM, "collectief"))
@example(_all_on(LAATSTE_DATUM, "individueel"))
@example(_all_on(EERSTE_DATUM, "collectief"))
@example(_all_on(EERSTE_DATUM, "individueel"))
@given(case=_dates_case())
def test_every_date_that_validates_builds_the_route_and_the_check(
    make: Make, capsys: pytest.CaptureFixture[str], case: dict[str, object]
) -> None:
    """Each date in both files at either end of 2000–2100 (and between): the route, its calendar
    and map, the check and ``dossier status`` compute every due date (evaluations up to 60 months
    apart after a start on 2100-12-31, six weeks for the advice) without an error."""
    from pipeline.check.engine import check_dossier
    from pipeline.route.boxes import route_html

    folder = make()
    text = collective_text() if case["soort"] == "collectief" else individual_text()
    for line, day in zip(_DOSSIER_DATES, case["dossier"], strict=True):  # type: ignore[call-overload]
        assert f"  {line}\n" in text
        text = text.replace(f"  {line}\n", f"  {line.split(':')[0]}: {day.isoformat()}\n", 1)
    (folder / "dossier.yaml").write_text(text, encoding="utf-8")
    progress = [f"{name}: {day.isoformat()}" for name, day in case["progress"].items() if day]  # type: ignore[attr-defined]
    if case["months"]:
        progress.append(f"evaluatie_elke_maanden: {case['months']}")
    if case["evaluaties"]:
        progress.append("evaluaties:")
        progress += [f"  - datum: {day.isoformat()}\n    deelnemers: [school]" for day in case["evaluaties"]]  # type: ignore[attr-defined]
    if case["getekend"]:  # on paper, by a party of the dossier (both routes have it)
        progress.append("getekend:")
        progress += [f"  - partij: Gemeente Doetinchem\n    datum: {day.isoformat()}" for day in case["getekend"]]  # type: ignore[attr-defined]
    (folder / PROGRESS_FILE).write_text("\n".join(progress) + "\n", encoding="utf-8")

    loaded = load_dossier(folder)  # every date in 2000–2100 validates
    today: date = case["today"]  # type: ignore[assignment]
    route = build_route(loaded.naam, loaded.dossier, load_progress(folder).voortgang, today=today)
    assert route.steps
    calendar_bytes(route)
    route_svg(route)
    route_html(route)
    check_dossier(loaded, today=today)
    capsys.readouterr()
    assert run(["status", str(folder), "--vandaag", today.isoformat()]) in (0, 1)
    assert "Traceback" not in capsys.readouterr().err


def test_the_calendar_quotes_the_seeds_dates_only_for_the_round_they_name(example_copy: Path) -> None:
    """The seed's 'uiterlijk op 15 december 2022' is round 1's deadline: beside the 31 March 2027 of a later
    round it would contradict the date it explains (issue 26)."""
    from pipeline.route.view import route_view

    loaded = load_dossier(example_copy)
    assert loaded.dossier.aanvraagronde.ronde != 1
    route = route_view(loaded, today=date(2027, 3, 1)).route
    assert route is not None
    ics = calendar_bytes(route).decode().replace("\r\n ", "")
    assert "20270331" in ics and "2022" not in ics and "2023" not in ics
    text = example_copy.joinpath("dossier.yaml").read_text(encoding="utf-8")
    start = text.index("aanvraagronde:")
    end = text.index("\n", text.index("beslisdatum:", start))
    example_copy.joinpath("dossier.yaml").write_text(text[:start] + "aanvraagronde:\n  ronde: 1\n" + text[end + 1:],
                                                     encoding="utf-8")
    route = route_view(load_dossier(example_copy), today=date(2022, 12, 1)).route
    assert route is not None
    assert "uiterlijk op 15 december 2022" in calendar_bytes(route).decode().replace("\r\n ", "")
