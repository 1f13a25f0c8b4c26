"""Issue 26, dates said once: the text agrees with the dates, and the route evaluates when the evaluation says.

The structured dates (``arrangement.startdatum``, the agreement's ``ingangsdatum`` and ``einddatum``)
are the dates; the documents print the term from them. A start or end a text repeats must be the
same date (DUO-DATUMS-TEKST, an error), a period a text plans after must fall within the term
(DUO-PERIODES-TEKST: after the agreement an error, after the experiment only a warning), and the
route's evaluations come from the evaluation answers alone. Each test names the class it stands for.
"""

from __future__ import annotations

import copy
import shutil
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import icalendar
import pytest

from pipeline.check.engine import check_dossier
from pipeline.dates import datum
from pipeline.periods import evaluation_moments, moments, monitoring_interval, stated_dates
from pipeline.read.validate import load_dossier
from pipeline.render.docx import render_docx
from pipeline.route.ics import calendar_bytes
from pipeline.route.progress import load_progress
from pipeline.route.route import Route, build_route
from tests.conftest import EXAMPLE, ROOT
from tests.test_check import TODAY, _yaml, append_text, both, findings, setter, variant
from tests.test_docx import open_docx, text_of

INDIVIDUAL = ROOT / "inputs" / "voorbeeld-individueel"
DATES, PERIODS = "DUO-DATUMS-TEKST", "DUO-PERIODES-TEKST"
Change = Callable[[dict[str, Any]], None]


def individual(tmp_path: Path, change: Change) -> Path:
    """A copy of the individual example after ``change`` edited its answers."""
    folder = tmp_path / "inputs" / "ind"
    shutil.copytree(INDIVIDUAL, folder)
    data = copy.deepcopy(_yaml().load((INDIVIDUAL / "dossier.yaml").read_text(encoding="utf-8")))
    change(data)
    with (folder / "dossier.yaml").open("w", encoding="utf-8") as handle:
        _yaml().dump(data, handle)
    return folder


def of(folder: Path, *rules: str) -> list[tuple[str, str | None, str, str]]:
    """(rule, field, severity, message) of the findings of ``rules``."""
    return [(f.id, f.field, f.severity, f.message) for f in findings(folder) if f.id in rules]


def docx_text(folder: Path, document: str) -> str:
    return text_of(open_docx(render_docx(load_dossier(folder), document)))


START = setter("arrangement", "startdatum", value=date(2027, 9, 1))
ENDS = lambda day: setter("samenwerkingsovereenkomst", "einddatum", value=day)  # noqa: E731


# ------------------------------------------------------------------ the examples


def test_both_examples_say_their_dates_once_and_plan_within_their_term() -> None:
    """Class: the shipped examples are coherent (no date or period rule fires, no typed term)."""
    for folder in (EXAMPLE, INDIVIDUAL):
        assert of(folder, DATES, PERIODS) == []
        assert load_dossier(folder).dossier.arrangement.tijdsduur is None


def test_the_examples_old_sentences_are_errors_naming_the_sentence_and_the_date(tmp_path: Path) -> None:
    """Class DUO-PERIODES-TEKST, the issue's case: a five-month arrangement that plans "na één jaar",
    "binnen twee jaar" and "Na twee jaar volgt een evaluatie"."""
    folder = variant(tmp_path, both(
        setter("arrangement", "opmerkingen", value="Wij willen graag na één jaar de eerste resultaten bespreken."),
        setter("projectplan", "doel_en_plannen", value="Doel is dat 80% van de jongeren binnen twee jaar weer "
               "volledig onderwijs volgt op een school."),
        append_text("achterhoek", "verantwoording_monitoring", text="Na twee jaar volgt een evaluatie.")))
    tail = "na het einde van de overeenkomst (31 december 2027); het arrangement loopt van 1 augustus 2027 t/m " \
           "31 december 2027"
    assert of(folder, PERIODS) == [
        (PERIODS, "arrangement.opmerkingen", "fout", f"‘arrangement.opmerkingen’: ‘na één jaar’ valt op 31 juli 2028, "
         f"{tail}"),
        (PERIODS, "projectplan.doel_en_plannen", "fout", "‘projectplan.doel_en_plannen’: ‘binnen twee jaar’ valt op "
         f"31 juli 2029, {tail}"),
        (PERIODS, "achterhoek.verantwoording_monitoring", "fout", "‘achterhoek.verantwoording_monitoring’: ‘Na twee "
         f"jaar’ valt op 31 juli 2029, {tail}"),
    ]
    advice = next(f.what_to_do for f in findings(folder) if f.id == PERIODS)
    assert advice == ("Plan dit binnen de looptijd, uiterlijk op 31 december 2027 (bijv. ‘na 5 maanden’), of "
                      "verleng de overeenkomst (‘samenwerkingsovereenkomst.einddatum’) als het arrangement echt zo "
                      "lang loopt.")


# ------------------------------------------------------------------ DUO-DATUMS-TEKST


def test_a_start_said_in_the_advice_request_that_differs_from_the_start_date_is_an_error(tmp_path: Path) -> None:
    """Class DUO-DATUMS-TEKST, the issue's case: Startdatum 1 september 2027 beside "start per 1 augustus
    2027" in the advice request, the agreement going in on 1 augustus (which may be: it is the agreement)."""
    folder = variant(tmp_path, both(START, append_text(
        "achterhoek", "adviesvraag", text="Wij vragen om een start per 1 augustus 2027.")))
    found = [f for f in findings(folder) if f.id == DATES]
    assert [(f.field, f.severity, f.message) for f in found] == [(
        "achterhoek.adviesvraag", "fout",
        "‘achterhoek.adviesvraag’ noemt als start 1 augustus 2027 (‘start per 1 augustus 2027’), maar de startdatum "
        "van het arrangement (‘arrangement.startdatum’) is 1 september 2027")]
    assert found[0].what_to_do == (
        "Schrijf de datum niet opnieuw in de tekst (de documenten nemen hem over uit ‘arrangement.startdatum’), of "
        "maak beide gelijk: klopt 1 augustus 2027, pas dan ‘arrangement.startdatum’ aan; anders 1 september 2027 in "
        "de tekst.")
    text = (folder / "dossier.yaml").read_text(encoding="utf-8")
    assert found[0].line == next(i for i, line in enumerate(text.splitlines(), 1) if "per 1 augustus 2027" in line)


@pytest.mark.parametrize(("where", "sentence", "field", "message"), [
    (("projectplan", "vormgeving"), "Het arrangement start op 15 augustus 2027.", "arrangement.startdatum",
     "noemt als start 15 augustus 2027 (‘start op 15 augustus 2027’), maar de startdatum van het arrangement "
     "(‘arrangement.startdatum’) is 1 augustus 2027"),
    (("projectplan", "vormgeving"), "Wij beginnen per 01-09-2027 met de eerste groep.", "arrangement.startdatum",
     "noemt als start 1 september 2027 (‘beginnen per 01-09-2027’)"),
    (("samenwerkingsovereenkomst", "beeindiging"), "De overeenkomst gaat in op 1 september 2027.",
     "samenwerkingsovereenkomst.ingangsdatum", "noemt als start 1 september 2027 (‘gaat in op 1 september "
     "2027’), maar de ingangsdatum van de overeenkomst (‘samenwerkingsovereenkomst.ingangsdatum’) is 1 augustus 2027"),
    (("samenwerkingsovereenkomst", "beeindiging"), "De overeenkomst loopt t/m 31 juli 2030.",
     "samenwerkingsovereenkomst.einddatum", "noemt als einde 31 juli 2030 (‘t/m 31 juli 2030’), maar de einddatum "
     "van de overeenkomst (‘samenwerkingsovereenkomst.einddatum’) is 31 december 2027"),
    (("arrangement", "opmerkingen"), "Het arrangement loopt van 1 augustus 2027 tot en met 30 november 2027.",
     "samenwerkingsovereenkomst.einddatum", "noemt als einde 30 november 2027"),
    (("projectplan", "bijdrage_experiment"), "Wij delen de ervaringen in schooljaar 2026-2027.", None,
     "noemt schooljaar 2026-2027 (1 augustus 2026 t/m 31 juli 2027), maar het arrangement loopt van 1 augustus "
     "2027 t/m 31 december 2027"),
])
def test_every_way_of_saying_another_start_or_end_is_an_error(
    tmp_path: Path, where: tuple[str, str], sentence: str, field: str | None, message: str
) -> None:
    """Class DUO-DATUMS-TEKST: "start op", "per" (also as 01-09-2027), "gaat in op" (the agreement's own date),
    "t/m", "van … tot en met …" and a school year outside the term, each against its structured date."""
    found = of(variant(tmp_path, append_text(*where, text=sentence)), DATES)
    assert len(found) == 1, found
    assert found[0][:3] == (DATES, ".".join(where), "fout") and message in found[0][3]
    if field is not None:
        assert f"(‘{field}’)" in found[0][3]


@pytest.mark.parametrize(("sentence", "contradicting"), [
    ("De start is per 1 augustus 2027.", "De start is per 2 augustus 2027."),
    ("De overeenkomst gaat in op 1 augustus 2027 en loopt t/m 31 december 2027.",
     "De overeenkomst gaat in op 1 augustus 2027 en loopt t/m 30 december 2027."),
    # 'tot': the day before is the end, or the day itself
    ("Het arrangement loopt van 1 augustus 2027 tot 1 januari 2028.",
     "Het arrangement loopt van 1 augustus 2027 tot 2 januari 2028."),
    # a date in a story states no start; "vanaf" makes it one
    ("Sinds 1 maart 2025 zitten steeds meer jongeren thuis.", "Vanaf 1 maart 2025 loopt het arrangement."),
    ("Wij delen de ervaringen in schooljaar 2027/28.", "Wij delen de ervaringen in schooljaar 2028/29."),
])
def test_the_same_date_said_again_is_fine_and_one_day_off_is_an_error(
    tmp_path: Path, sentence: str, contradicting: str
) -> None:
    """Class DUO-DATUMS-TEKST, both sides: the structured date said again (or a date that is no start or end)
    is no finding; the same sentence one day (or one school year) off is exactly one error."""
    assert of(variant(tmp_path, setter("arrangement", "opmerkingen", value=sentence), name="a"), DATES) == []
    found = of(variant(tmp_path, setter("arrangement", "opmerkingen", value=contradicting), name="b"), DATES)
    assert [(field, severity) for _, field, severity, _ in found] == [("arrangement.opmerkingen", "fout")]


# ------------------------------------------------------------------ the term, printed from the dates


def test_an_old_term_that_agrees_still_loads_and_passes(tmp_path: Path) -> None:
    """Class: backwards compatible ``tijdsduur``: an answer of an older dossier that agrees is no finding."""
    typed = "1 augustus 2027 t/m 31 december 2027, tot het einde van het experiment"
    folder = variant(tmp_path, setter("arrangement", "tijdsduur", value=typed))
    assert load_dossier(folder).dossier.arrangement.tijdsduur == typed
    assert of(folder, DATES, PERIODS) == []
    # the documents print the term from the dates: the same dates, not the typed words beside them
    text = docx_text(folder, "aanvraaggegevens")
    assert "1 augustus 2027 t/m 31 december 2027" in text and "tot het einde van het experiment" not in text


def test_an_old_term_that_contradicts_is_an_error_that_says_to_leave_it_out(tmp_path: Path) -> None:
    """Class DUO-DATUMS-TEKST on ``tijdsduur``, the issue's case: "1 augustus 2027 t/m 31 juli 2030" beside
    Startdatum 1 september 2027 and an agreement to 31 December 2027: both ends named, each with its field."""
    term = setter("arrangement", "tijdsduur", value="1 augustus 2027 t/m 31 juli 2030")
    folder = variant(tmp_path, both(START, term))
    found = [f for f in findings(folder) if f.id == DATES]
    assert [f.message for f in found] == [
        "‘arrangement.tijdsduur’ noemt als start 1 augustus 2027 (‘1 augustus 2027’), maar de startdatum van het "
        "arrangement (‘arrangement.startdatum’) is 1 september 2027",
        "‘arrangement.tijdsduur’ noemt als einde 31 juli 2030 (‘t/m 31 juli 2030’), maar de einddatum van de "
        "overeenkomst (‘samenwerkingsovereenkomst.einddatum’) is 31 december 2027",
    ]
    assert found[0].what_to_do.startswith("Laat ‘arrangement.tijdsduur’ weg: de documenten drukken de looptijd af "
                                          "uit de startdatum en de einddatum (1 september 2027 t/m 31 december 2027)")


def test_the_documents_print_the_term_from_the_dates_not_from_a_typed_term(tmp_path: Path) -> None:
    """Class: "Looptijd" / "Tijdsduur" in every document is startdatum t/m einddatum; a typed term that says
    something else ("vijf schooljaren") is never printed, so section 8 cannot contradict its own Startdatum."""
    folder = variant(tmp_path, both(START, setter("arrangement", "tijdsduur", value="vijf schooljaren")))
    for document in ("aanvraaggegevens", "aanmeldformulier"):
        text = docx_text(folder, document)
        assert "1 september 2027 t/m 31 december 2027" in text and "vijf schooljaren" not in text
    form = docx_text(folder, "aanvraaggegevens")
    assert form.index("Startdatum") < form.index("Looptijd") < form.index("1 september 2027 t/m 31 december 2027")
    ind = individual(tmp_path, ENDS(date(2027, 11, 30)))
    assert "1 augustus 2027 t/m 30 november 2027" in docx_text(ind, "onderbouwing")


# ------------------------------------------------------------------ DUO-PERIODES-TEKST


EARLY = both(setter("arrangement", "startdatum", value=date(2027, 6, 1)),
             setter("samenwerkingsovereenkomst", "ingangsdatum", value=date(2027, 6, 1)))


@pytest.mark.parametrize(("sentence", "last_day"), [
    ("Na een half jaar bespreken wij de resultaten.", date(2027, 11, 30)),
    ("Binnen 3 maanden volgt de leerling het hele rooster.", date(2027, 8, 31)),
    ("Aan het eind van het schooljaar evalueren wij met de ouders.", date(2027, 7, 31)),
    ("Binnen vier weken is er een plan per jongere.", date(2027, 6, 28)),
])
def test_a_period_that_ends_on_the_end_date_is_fine_and_one_day_later_is_an_error(
    tmp_path: Path, sentence: str, last_day: date
) -> None:
    """Class DUO-PERIODES-TEKST at its edge: the period's last day on the agreement's einddatum is within the
    term; the einddatum one day earlier makes it an error that names the sentence and both dates."""
    said = setter("arrangement", "opmerkingen", value=sentence)
    on_time = variant(tmp_path, both(EARLY, ENDS(last_day), said), name="op-tijd")
    assert of(on_time, PERIODS) == []
    day_before = date.fromordinal(last_day.toordinal() - 1)
    late = variant(tmp_path, both(EARLY, ENDS(day_before), said), name="te-laat")
    [(_, _, severity, message)] = [f for f in of(late, PERIODS) if f[1] == "arrangement.opmerkingen"]
    assert severity == "fout"
    assert message.startswith(f"‘arrangement.opmerkingen’: ‘{sentence.split(' ', 4)[0]}")
    assert f"valt op {datum(last_day)}, na het einde van de overeenkomst ({datum(day_before)})" in message


@pytest.mark.parametrize(("sentence", "words"), [
    ("Na één jaar bespreken wij de resultaten.", "Na één jaar"),
    ("Na twee jaar volgt een evaluatie.", "Na twee jaar"),
    ("Binnen twee jaar volgt 80% weer volledig onderwijs.", "Binnen twee jaar"),
])
def test_a_period_within_the_agreement_but_after_the_experiment_is_a_warning(
    tmp_path: Path, sentence: str, words: str
) -> None:
    """Class DUO-PERIODES-TEKST, the second bound: an agreement may outlast the experiment (then
    DUO-EXPERIMENTPERIODE warns), so a period within it but after 1 January 2028 is a warning, not an error."""
    folder = variant(tmp_path, both(ENDS(date(2030, 7, 31)), setter("arrangement", "opmerkingen", value=sentence)))
    [(_, _, severity, message)] = of(folder, PERIODS)
    assert severity == "waarschuwing"
    assert message.startswith(f"‘arrangement.opmerkingen’: ‘{words}’ valt op ")
    assert message.endswith("na het einde van het experiment (1 januari 2028); daarna gelden de afwijkingen van "
                            "de regels niet meer")
    three = setter("arrangement", "opmerkingen", value="Na drie jaar bespreken wij de resultaten.")
    assert of(variant(tmp_path, both(ENDS(date(2030, 7, 30)), three), name="y"), PERIODS)[0][2] == "fout"


def test_a_period_in_a_story_or_a_frequency_is_no_period_finding(tmp_path: Path) -> None:
    """Class DUO-PERIODES-TEKST, what it leaves alone: the history (aanleiding), a frequency ("elke zes weken"),
    a notice period and a period that fits; only the period after the end (31 January 2028) is found."""
    folder = variant(tmp_path, both(
        append_text("arrangement", "aanleiding", text="Sommige jongeren zitten na twee jaar nog steeds thuis."),
        append_text("projectplan", "vormgeving", text="Elke zes weken en om de drie maanden is er overleg."),
        append_text("samenwerkingsovereenkomst", "beeindiging", text="De opzegtermijn is drie maanden."),
        setter("arrangement", "opmerkingen", value="Na vier maanden bespreken wij de resultaten, na zes maanden "
               "de ervaringen.")))
    assert [(field, message.split(" valt op")[0]) for _, field, _, message in of(folder, PERIODS, DATES)] == [
        ("arrangement.opmerkingen", "‘arrangement.opmerkingen’: ‘na zes maanden’")]


# ------------------------------------------------------------------ the evaluations of the route


HALF_YEAR_AND_SCHOOL_YEAR = ("Na een half jaar en aan het eind van het schooljaar evalueren leerling, ouders, "
                             "mentor en de Toegang samen hoe het gaat. Er is een maandelijkse registratie van "
                             "aanwezigheid.")


def _route(folder: Path, today: str = "2027-03-01") -> Route:
    loaded = load_dossier(folder)
    return build_route(loaded.naam, loaded.dossier, load_progress(folder).voortgang, today=date.fromisoformat(today))


def _evaluations(route: Route) -> list[tuple[date | None, str]]:
    return [(s.termijn, s.termijn_uitleg) for s in route.steps if s.id.startswith("evaluatie-")]


@pytest.mark.parametrize("registration", [
    "Er is een maandelijkse registratie van aanwezigheid.",
    "We registreren maandelijks de aanwezigheid.",
    "De mentor houdt wekelijks en maandelijks de aanwezigheid bij in een logboek.",
])
def test_the_evaluation_moments_come_from_the_evaluation_not_from_the_registration(
    tmp_path: Path, registration: str
) -> None:
    """Class: the evaluation frequency comes from the evaluation answers only, and a sentence about recording
    is no frequency. The issue's case: "Na een half jaar en aan het eind van het schooljaar" gave 11 monthly
    evaluations taken from "maandelijkse registratie van aanwezigheid"; it gives those two moments."""
    text = HALF_YEAR_AND_SCHOOL_YEAR.replace("Er is een maandelijkse registratie van aanwezigheid.", registration)
    folder = individual(tmp_path, both(ENDS(date(2028, 7, 31)), setter("individuele_route", "evaluatie", value=text)))
    route = _route(folder)
    assert _evaluations(route) == [
        (date(2028, 1, 31), "‘Na een half jaar’ volgens de evaluatie"),
        (date(2028, 7, 31), "‘aan het eind van het schooljaar’ volgens de evaluatie"),
    ]
    events = [e for e in icalendar.Calendar.from_ical(calendar_bytes(route)).walk("VEVENT")
              if str(e["SUMMARY"]).lstrip("✓ ").startswith("Evaluatie")]
    assert [e.decoded("DTSTART") for e in events] == [date(2028, 1, 31), date(2028, 7, 31)]
    assert "Termijn: 31 januari 2028 (‘Na een half jaar’ volgens de evaluatie)." in str(events[0]["DESCRIPTION"])


def test_the_projectplans_measurements_set_no_evaluation_cycle(tmp_path: Path) -> None:
    """Class: only the evaluation answers count. A monthly measurement in ``ontwikkeling_volgen`` does not
    make monthly evaluations; the evaluation's own cycle ("elke drie maanden") does."""
    folder = individual(tmp_path, both(
        ENDS(date(2028, 7, 31)),
        setter("projectplan", "ontwikkeling_volgen", value="Maandelijks overleg over de toetsen en een maandelijkse "
               "registratie van aanwezigheid."),
        setter("individuele_route", "evaluatie", value=HALF_YEAR_AND_SCHOOL_YEAR)))
    assert [d for d, _ in _evaluations(_route(folder))] == [date(2028, 1, 31), date(2028, 7, 31)]
    cycle = individual(tmp_path / "b", setter("individuele_route", "evaluatie",
                                               value="Elke drie maanden evalueren wij met alle partners en ouders."))
    assert [d for d, _ in _evaluations(_route(cycle))] == [date(2027, 11, 1)]


def test_evaluation_moments_after_the_agreement_are_no_steps_but_a_note_and_a_finding(tmp_path: Path) -> None:
    """Class: a named evaluation after the end gets no date in the route (a note says why) and the check
    reports it, from the same reading."""
    folder = individual(tmp_path, setter("individuele_route", "evaluatie", value=HALF_YEAR_AND_SCHOOL_YEAR))
    route = _route(folder)
    assert _evaluations(route) == [(None, "")]
    assert route.notes == ("de evaluatie ‘Na een half jaar’ valt op 31 januari 2028: na het einde van de "
                           "samenwerkingsovereenkomst (31 december 2027); plan een evaluatie binnen de looptijd, of "
                           "zet evaluatie_elke_maanden in voortgang.yaml",)
    result = check_dossier(load_dossier(folder), today=TODAY)
    assert [(f.field, f.severity) for f in result.findings if f.id == PERIODS] == [
        ("individuele_route.evaluatie", "fout"), ("individuele_route.evaluatie", "fout")]


# ------------------------------------------------------------------ one reading


def test_the_reader_returns_what_the_text_says_in_its_own_words() -> None:
    """Class: one module reads dates and periods for the check and the route (``pipeline.periods``)."""
    assert [(s.kind, s.words, str(s)) for s in stated_dates(
        "Het arrangement loopt van 1 augustus 2027 t/m 31 juli 2030. Start per 1-9-2027. Schooljaar 2027-2028.")] == [
        ("start", "1 augustus 2027", "1 augustus 2027"), ("einde", "t/m 31 juli 2030", "31 juli 2030"),
        ("start", "Start per 1-9-2027", "1 september 2027"),
        ("schooljaar", "Schooljaar 2027-2028", "1 augustus 2027 t/m 31 juli 2028")]
    assert stated_dates("Start per 31 februari 2028.") == []  # not a date: nothing stated, no traceback
    start = date(2027, 8, 1)
    assert [(m.words, m.on(start)) for m in moments(
        "na één jaar, binnen twee jaar, na anderhalf jaar, na het eerste jaar, eind van het tweede schooljaar")] == [
        ("na één jaar", date(2028, 7, 31)), ("binnen twee jaar", date(2029, 7, 31)),
        ("na anderhalf jaar", date(2029, 1, 31)), ("na het eerste jaar", date(2028, 7, 31)),
        ("eind van het tweede schooljaar", date(2029, 7, 31))]
    assert monitoring_interval(HALF_YEAR_AND_SCHOOL_YEAR) is None
    assert [m.words for m in evaluation_moments(HALF_YEAR_AND_SCHOOL_YEAR)] == [
        "Na een half jaar", "aan het eind van het schooljaar"]
