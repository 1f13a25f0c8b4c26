"""The route's edges, as pure calls of ``build_route`` on the two examples' answers (issue 30).

What an applicant reads from the route (``dossier status``, the route map, the calendar): which step is
done, late, to do now or next, who acts, what date a step is due and why, and which evaluations are
planned. Each test puts a date on both sides of an edge or flips one answer; no files are written
beyond the examples read once, no build runs.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest

from pipeline.check import sources
from pipeline.model.answers import Dossier
from pipeline.read.validate import load_dossier
from pipeline.route import route as route_module
from pipeline.route.progress import Voortgang
from pipeline.route.route import (
    COLLECTIEF,
    DUO_LANE_TITLE,
    GEDAAN,
    INDIVIDUEEL,
    LANE_TITLES,
    LATER,
    MAX_EVALUATIES,
    NU,
    TE_LAAT,
    VOLGENDE,
    Route,
    Step,
    build_route,
    other_lane,
)
from tests.conftest import EXAMPLE

EXAMPLE_IND = EXAMPLE.parent / "voorbeeld-individueel"
NOT_AGREED = "het dossier zegt nog niet dat het arrangement vooraf is afgestemd (achterhoek)"
NOT_TOGETHER = "het dossier zegt nog niet dat school en Toegang dit samen vaststelden (individuele_route)"
DEADLINE = date(2027, 3, 31)  # the examples' uiterste_ontvangstdatum
DECISION = date(2027, 5, 31)  # their beslisdatum
START = date(2027, 8, 1)  # their startdatum


@pytest.fixture(scope="module")
def collective() -> Dossier:
    return load_dossier(EXAMPLE).dossier


@pytest.fixture(scope="module")
def individual() -> Dossier:
    return load_dossier(EXAMPLE_IND).dossier


def with_(d: Dossier, part: str | None = None, **changes: Any) -> Dossier:
    """The answers with ``changes`` in ``part`` (a section of dossier.yaml), or at the top."""
    if part is None:
        return d.model_copy(update=changes)
    return d.model_copy(update={part: getattr(d, part).model_copy(update=changes)})


def route(d: Dossier, today: date = date(2027, 3, 1), *, signed_back: bool = False, **progress: Any) -> Route:
    return build_route("x", d, Voortgang.model_validate(progress), today=today, signed_back=signed_back)


def step(r: Route, name: str) -> Step:
    (found,) = [s for s in r.steps if s.id == name]
    return found


def states(r: Route) -> dict[str, str]:
    return {s.id: s.status for s in r.steps}


# ------------------------------------------------------------------ the collective lane


def test_each_collective_step_names_who_acts(collective: Dossier) -> None:
    """'wie' is who the applicant has to chase: a wrong owner sends them to the wrong party."""
    applicant = collective.aanvrager.naam
    owners = {s.id: s.wie for s in route(collective).steps}
    assert owners == {
        "constateren": "school en Toegang", "ondersteuningsvraag": "school en Toegang",
        "opstellen": "school, gemeente en samenwerkingsverband", "eerste_contact": applicant,
        "criteria": "school en samenwerkingsverband", "financiering": "school, gemeente en samenwerkingsverband",
        "aanmeldformulier": applicant, "advies": "regionale adviesgroep", "besluit_ao_jeugd": "AO Jeugd",
        "ter_ondertekening": applicant, "indienen_duo": applicant, "besluit_duo": "DUO",
        "start": "school en zorgaanbieder", "rod": "de scholen", "evaluatie-1": "partners en ouders",
    }


@pytest.mark.parametrize("soort", [COLLECTIEF, INDIVIDUEEL])
def test_each_step_stands_in_its_lane(collective: Dossier, individual: Dossier, soort: str) -> None:
    """The route map labels DUO's steps 'DUO' and ``dossier status --json`` names each step's lane: a DUO
    step without its label looks like the region's to do."""
    r = route(collective if soort == COLLECTIEF else individual)
    duo = ["ter_ondertekening", "indienen_duo", "besluit_duo", "rod"]
    lanes = {s.id: s.baan for s in r.steps}
    assert {name for name, lane in lanes.items() if lane == "duo"} == set(duo)
    assert {name for name, lane in lanes.items() if lane == "uitvoering"} == {"start", "evaluatie-1"}
    assert all(lane == "regio" for name, lane in lanes.items() if name not in {*duo, "start", "evaluatie-1"})
    assert step(r, "ter_ondertekening").bron == sources.SAMENWERKING
    assert step(r, "rod").bron == sources.ROD


def test_an_arrangement_agreed_beforehand_is_done_by_the_answers(collective: Dossier) -> None:
    opstellen = step(route(collective), "opstellen")
    assert (opstellen.status, opstellen.gedaan_volgens, opstellen.detail) == (GEDAAN, "dossier", "")


@pytest.mark.parametrize("achterhoek", ["not agreed", "no section"])
def test_an_arrangement_not_agreed_beforehand_is_to_do_and_says_why(collective: Dossier, achterhoek: str) -> None:
    """The answers do not say the arrangement was agreed: drawing it up is what to do now (with the reason),
    and first contact with the adviesgroep waits for it."""
    d = (with_(collective, "achterhoek", afgestemd_met_partijen=False) if achterhoek == "not agreed"
         else with_(collective, achterhoek=None))
    r = route(d)
    opstellen = step(r, "opstellen")
    assert (opstellen.status, opstellen.gedaan_volgens, opstellen.detail) == (NU, "", NOT_AGREED)
    assert states(r)["eerste_contact"] == VOLGENDE


def test_first_contact_recorded_is_done_and_so_is_what_it_needed(collective: Dossier) -> None:
    """A recorded first contact means the arrangement was drawn up, even when the answers do not say so."""
    d = with_(collective, "achterhoek", afgestemd_met_partijen=False)
    r = route(d, eerste_contact_adviesgroep=date(2027, 2, 10))
    contact = step(r, "eerste_contact")
    assert (contact.status, contact.gedaan, contact.gedaan_volgens) == (GEDAAN, date(2027, 2, 10), "voortgang")
    assert (step(r, "opstellen").status, step(r, "opstellen").gedaan_volgens) == (GEDAAN, "later")


@pytest.mark.parametrize("criteria, financing, expected", [
    ("Leerlingen met een ondersteuningsbehoefte.", "Gemeente en swv betalen samen.", (GEDAAN, GEDAAN)),
    ("", "Gemeente en swv betalen samen.", (NU, GEDAAN)),
    ("Leerlingen met een ondersteuningsbehoefte.", "", (GEDAAN, NU)),
])
def test_criteria_and_financing_are_done_when_the_answers_give_them(collective: Dossier, criteria: str,
                                                                      financing: str,
                                                                      expected: tuple[str, str]) -> None:
    d = with_(with_(collective, "achterhoek", criteria_leerlingen=criteria), "arrangement", financiering=financing)
    r = route(d)
    assert (states(r)["criteria"], states(r)["financiering"]) == expected


@pytest.mark.parametrize("answer", ["criteria", "financiering"])
def test_criteria_and_financing_wait_for_the_arrangement_to_be_drawn_up(collective: Dossier, answer: str) -> None:
    """Neither can be agreed before the arrangement they belong to: next, not now."""
    d = with_(collective, "achterhoek", afgestemd_met_partijen=False,
              **({"criteria_leerlingen": ""} if answer == "criteria" else {}))
    if answer == "financiering":
        d = with_(d, "arrangement", financiering="")
    assert (states(route(d))["opstellen"], states(route(d))[answer]) == (NU, VOLGENDE)


def test_the_advice_is_due_six_weeks_after_the_form_late_the_day_after(collective: Dossier) -> None:
    mailed = date(2027, 4, 1)
    due = mailed + timedelta(weeks=6)
    on_time = route(collective, due, aanmeldformulier_gemaild=mailed)
    advies = step(on_time, "advies")
    assert (advies.termijn, advies.status) == (due, NU)
    assert advies.termijn_uitleg == "uiterlijk 6 weken na het aanmeldformulier"
    assert advies.bron == sources.ACH_ADVIESTERMIJN
    assert step(route(collective, due + timedelta(days=1), aanmeldformulier_gemaild=mailed), "advies").status == TE_LAAT
    assert step(route(collective), "advies").termijn is None  # no form mailed: no date yet


def test_an_advice_recorded_after_its_date_says_so_and_on_its_date_does_not(collective: Dossier) -> None:
    mailed = date(2027, 4, 1)
    due = mailed + timedelta(weeks=6)
    late = step(route(collective, date(2027, 6, 1), aanmeldformulier_gemaild=mailed,
                      advies_ontvangen=due + timedelta(days=1)), "advies")
    assert (late.status, late.detail) == (GEDAAN, "gedaan na de termijn")
    in_time = step(route(collective, date(2027, 6, 1), aanmeldformulier_gemaild=mailed, advies_ontvangen=due), "advies")
    assert (in_time.status, in_time.detail) == (GEDAAN, "")


def test_a_late_step_keeps_the_reason_it_was_open_beside_gedaan_na_de_termijn(collective: Dossier) -> None:
    """The two remarks of a step are both shown, comma-separated."""
    d = with_(collective, "achterhoek", afgestemd_met_partijen=False)
    r = route(d, date(2027, 6, 1), ingediend_bij_duo=date(2027, 4, 2))
    assert step(r, "indienen_duo").detail == "gedaan na de termijn"
    assert step(r, "opstellen").detail == NOT_AGREED


def test_the_ao_jeugd_decision_recorded_means_the_steps_before_it_were_done(collective: Dossier) -> None:
    r = route(collective, date(2027, 6, 1), besluit_ao_jeugd=date(2027, 5, 20))
    assert [step(r, s).gedaan_volgens for s in ("eerste_contact", "aanmeldformulier", "advies")] == ["later"] * 3
    assert states(r)["besluit_ao_jeugd"] == GEDAAN


# ------------------------------------------------------------------ the individual lane


def test_each_individual_step_names_who_acts(individual: Dossier) -> None:
    owners = [(s.id, s.wie) for s in route(individual).steps[:4]]
    assert owners == [("constateren", "school en Toegang"), ("ondersteuningsvraag", "school en Toegang"),
                      ("aanvraag_gemeente", "school en Toegang"), ("beschikking", "gemeente Doetinchem")]


@pytest.mark.parametrize("gemeente, named", [
    ("Doetinchem", "gemeente Doetinchem"),
    ("Gemeente Oost Gelre", "Gemeente Oost Gelre"),  # not 'gemeente Gemeente Oost Gelre'
    ("gemeente Berkelland", "gemeente Berkelland"),
])
def test_the_beschikking_is_the_gemeente_s_named_once(individual: Dossier, gemeente: str, named: str) -> None:
    d = with_(individual, "individuele_route", gemeente=gemeente)
    assert step(route(d), "beschikking").wie == named


def test_without_an_individual_route_the_beschikking_is_the_gemeente_s(individual: Dossier) -> None:
    r = route(with_(individual, individuele_route=None))
    assert step(r, "beschikking").wie == "gemeente"
    constateren = step(r, "constateren")
    assert (constateren.status, constateren.detail) == (NU, NOT_TOGETHER)


def test_a_finding_made_together_is_done_by_the_answers(individual: Dossier) -> None:
    constateren = step(route(individual), "constateren")
    assert (constateren.status, constateren.gedaan_volgens, constateren.detail) == (GEDAAN, "dossier", "")


def test_a_finding_not_made_together_is_to_do_first_and_says_why(individual: Dossier) -> None:
    d = with_(individual, "individuele_route", samen_met_toegang=False, ondersteuningsvraag="")
    r = route(d)
    assert (step(r, "constateren").status, step(r, "constateren").detail) == (NU, NOT_TOGETHER)
    assert states(r)["ondersteuningsvraag"] == VOLGENDE  # the question comes after the shared finding
    assert states(r)["aanvraag_gemeente"] == LATER


def test_the_request_to_the_gemeente_recorded_is_done_and_so_is_what_it_needed(individual: Dossier) -> None:
    d = with_(individual, "individuele_route", samen_met_toegang=False, ondersteuningsvraag="")
    r = route(d, aanvraag_gemeente=date(2027, 2, 15))
    aanvraag = step(r, "aanvraag_gemeente")
    assert (aanvraag.status, aanvraag.gedaan) == (GEDAAN, date(2027, 2, 15))
    assert [step(r, s).gedaan_volgens for s in ("constateren", "ondersteuningsvraag")] == ["later", "later"]
    assert states(r)["beschikking"] == NU


def test_the_individual_start_waits_for_the_beschikking_too(individual: Dossier) -> None:
    r = route(individual, date(2027, 6, 10), besluit_duo=date(2027, 5, 30))
    assert states(r)["start"] == LATER
    r = route(individual, date(2027, 6, 10), besluit_duo=date(2027, 5, 30), beschikking=date(2027, 6, 1))
    assert states(r)["start"] == NU
    assert step(r, "start").na == ("besluit_duo", "beschikking")


def test_the_collective_start_waits_for_the_ao_jeugd(collective: Dossier) -> None:
    assert step(route(collective), "start").na == ("besluit_duo", "besluit_ao_jeugd")


# ------------------------------------------------------------------ the lanes beside it


def test_the_other_lane_is_the_routekaart_s_other_one(collective: Dossier, individual: Dossier) -> None:
    """The route map draws the lane the dossier does not follow, faded: the collective dossier's other lane
    is the individual one, and the other way round, each in the routekaart's words."""
    assert other_lane(COLLECTIEF)[0] == ("School en Toegang constateren gezamenlijk dat een individuele leerling "
                                         "een bepaalde ondersteuningsbehoefte heeft")
    assert other_lane(INDIVIDUEEL)[0] == ("School en Toegang constateren gezamenlijk dat een groep leerlingen "
                                          "dezelfde ondersteuningsbehoefte heeft")
    assert len(other_lane(COLLECTIEF)) == 6 and len(other_lane(INDIVIDUEEL)) == 9
    assert route(collective).other_lane == other_lane(COLLECTIEF)
    assert route(collective).lane_title == LANE_TITLES[COLLECTIEF]
    assert route(individual).lane_title == LANE_TITLES[INDIVIDUEEL]


def test_outside_a_region_the_route_is_duo_s_alone(collective: Dossier, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(route_module, "region_of", lambda d: None)
    r = route(collective)
    assert (r.regio, r.lane_title, r.other_lane) == (None, DUO_LANE_TITLE, [])
    assert r.steps[0].id == "ter_ondertekening" and r.steps[0].na == ()
    assert states(r)["ter_ondertekening"] == NU
    assert step(r, "start").na == ("besluit_duo",)
    assert any("de aanvraag volgt de route van DUO" in n for n in r.notes)


# ------------------------------------------------------------------ DUO's steps


def test_signed_copies_make_signing_done_by_the_dossier(collective: Dossier) -> None:
    r = route(collective, signed_back=True)
    sign = step(r, "ter_ondertekening")
    assert (sign.status, sign.gedaan_volgens) == (GEDAAN, "dossier")
    assert states(r)["indienen_duo"] == NU
    sign = step(route(collective, ter_ondertekening=date(2027, 2, 20)), "ter_ondertekening")
    assert (sign.status, sign.gedaan, sign.gedaan_volgens) == (GEDAAN, date(2027, 2, 20), "voortgang")
    assert step(route(collective), "ter_ondertekening").na == ("ondersteuningsvraag",)


@pytest.mark.parametrize("today, status", [(DEADLINE, VOLGENDE), (DEADLINE + timedelta(days=1), TE_LAAT)])
def test_the_round_s_deadline_is_late_the_day_after_even_before_signing(collective: Dossier, today: date,
                                                                        status: str) -> None:
    """The round's deadline does not wait for the steps before it: unsent on 1 April is late."""
    submit = step(route(collective, today), "indienen_duo")
    assert (submit.status, submit.termijn, submit.termijn_uitleg, submit.vaste_termijn) == (
        status, DEADLINE, "uiterste ontvangstdatum van de ronde", True)


@pytest.mark.parametrize("today, status", [(DECISION, NU), (DECISION + timedelta(days=1), TE_LAAT)])
def test_duo_s_decision_is_late_the_day_after_its_date(collective: Dossier, today: date, status: str) -> None:
    decision = step(route(collective, today, ingediend_bij_duo=date(2027, 3, 20)), "besluit_duo")
    assert (decision.status, decision.termijn, decision.termijn_uitleg) == (status, DECISION,
                                                                            "beslisdatum van de ronde")


def test_a_round_without_a_decision_date_has_no_decision_due(collective: Dossier) -> None:
    d = with_(collective, "aanvraagronde", beslisdatum=None)
    decision = step(route(d), "besluit_duo")
    assert (decision.termijn, decision.termijn_uitleg, decision.bron) == (None, "", None)


def test_the_seed_s_sentences_are_quoted_for_its_own_round_only(collective: Dossier) -> None:
    """The seed names round 1's dates; quoting it beside another round's date would contradict the date."""
    own = route(with_(collective, "aanvraagronde", ronde=1))
    assert step(own, "indienen_duo").bron == sources.ONTVANGSTDATUM
    assert step(own, "besluit_duo").bron == sources.BESLUIT
    other = route(collective)  # the 2027 round
    assert step(other, "indienen_duo").bron is None and step(other, "besluit_duo").bron is None


@pytest.mark.parametrize("today, status", [(START, NU), (START + timedelta(days=1), TE_LAAT)])
def test_the_start_is_late_the_day_after_the_start_date(collective: Dossier, today: date, status: str) -> None:
    r = route(collective, today, besluit_duo=date(2027, 5, 30), besluit_ao_jeugd=date(2027, 6, 1))
    start = step(r, "start")
    assert (start.status, start.termijn, start.termijn_uitleg) == (status, START, "startdatum van het arrangement")


def test_rod_is_due_at_the_real_start_by_the_one_school(individual: Dossier, collective: Dossier) -> None:
    """ROD is registered once pupils take part: the recorded start, else the planned one; by the school."""
    rod = step(route(individual, gestart=date(2027, 9, 6)), "rod")
    assert (rod.termijn, rod.wie) == (date(2027, 9, 6), individual.scholen[0].naam)
    assert step(route(individual), "rod").termijn == START
    assert rod.termijn_uitleg == "zodra leerlingen deelnemen (de start)"
    assert len(collective.scholen) > 1 and step(route(collective), "rod").wie == "de scholen"


# ------------------------------------------------------------------ evaluations


def evaluating(d: Dossier, text: str, *, start: date = START, end: date = date(2028, 7, 31)) -> Dossier:
    """The individual example with this evaluation answer, start and end of the agreement."""
    d = with_(d, "individuele_route", evaluatie=text)
    return with_(with_(d, "arrangement", startdatum=start), "samenwerkingsovereenkomst", einddatum=end)


def evaluations(r: Route) -> list[Step]:
    return [s for s in r.steps if s.id.startswith("evaluatie-")]


def test_a_cycle_of_months_is_planned_up_to_the_end_date_inclusive(individual: Dossier) -> None:
    """Every 6 months from 1 August 2027 up to 1 August 2028 is two evaluations; ending a day earlier, one."""
    d = evaluating(individual, "We evalueren elk half jaar.", end=date(2028, 8, 1))
    planned = evaluations(route(d))
    assert [(s.termijn, s.termijn_uitleg) for s in planned] == [
        (date(2028, 2, 1), "elke 6 maanden na de start (elk half jaar)"),
        (date(2028, 8, 1), "elke 6 maanden na de start (elk half jaar)")]
    assert [(s.id, s.na) for s in planned] == [("evaluatie-1", ("start",)), ("evaluatie-2", ("evaluatie-1",))]
    assert [s.bron for s in planned] == [sources.IND_EVALUATIE] * 2
    assert [(s.titel, s.notitie) for s in planned] == [("Evaluatie 1 met betrokken partners en ouders", ""),
                                                       ("Evaluatie 2 met betrokken partners en ouders", "")]
    d = evaluating(individual, "We evalueren elk half jaar.", end=date(2028, 7, 31))
    assert [s.termijn for s in evaluations(route(d))] == [date(2028, 2, 1)]


def test_the_cycle_in_voortgang_wins_and_a_month_is_said_as_one(individual: Dossier) -> None:
    d = evaluating(individual, "We evalueren elk half jaar.", end=date(2027, 12, 31))
    planned = evaluations(route(d, evaluatie_elke_maanden=1))
    assert [s.termijn for s in planned] == [date(2027, 9, 1), date(2027, 10, 1), date(2027, 11, 1), date(2027, 12, 1)]
    assert planned[0].termijn_uitleg == "elke maand (voortgang.yaml: evaluatie_elke_maanden)"
    planned = evaluations(route(d, evaluatie_elke_maanden=2))
    assert planned[0].termijn_uitleg == "elke 2 maanden na de start (voortgang.yaml: evaluatie_elke_maanden)"


def test_the_cycle_counts_from_the_real_start(individual: Dossier) -> None:
    d = evaluating(individual, "We evalueren elk half jaar.")
    assert evaluations(route(d, gestart=date(2027, 9, 6)))[0].termijn == date(2028, 3, 6)


def test_at_most_sixty_evaluations_are_planned(individual: Dossier) -> None:
    """A monthly cycle over a long agreement is cut at sixty, also when a named moment would add one."""
    d = evaluating(individual, "We evalueren elke maand en na 12 weken.", end=date(2040, 7, 31))
    planned = evaluations(route(d))
    assert len(planned) == MAX_EVALUATIES
    assert planned[-1].termijn == date(2032, 8, 1)
    assert date(2027, 10, 23) not in [s.termijn for s in planned]


def test_named_moments_are_planned_too_and_in_date_order(individual: Dossier) -> None:
    d = evaluating(individual, "We evalueren aan het eind van het schooljaar en na 12 weken.")
    planned = evaluations(route(d))
    assert [(s.termijn, s.termijn_uitleg) for s in planned] == [
        (date(2027, 10, 23), "‘na 12 weken’ volgens de evaluatie"),
        (date(2028, 7, 31), "‘aan het eind van het schooljaar’ volgens de evaluatie")]  # the end date itself
    assert route(d).notes == ()  # planned: nothing to explain


@pytest.mark.parametrize("start, planned", [
    (date(2027, 8, 7), [date(2028, 8, 7)]),  # the end of the school year is 7 days before: the same evaluation
    (date(2027, 8, 8), [date(2028, 7, 31), date(2028, 8, 8)]),  # 8 days before: a second one
])
def test_a_named_moment_within_a_week_of_the_cycle_is_not_a_second_one(individual: Dossier, start: date,
                                                                       planned: list[date]) -> None:
    """'elk jaar' and 'aan het eind van het schooljaar' name the same evaluation when they fall within a week."""
    d = evaluating(individual, "We evalueren aan het eind van het schooljaar.", start=start, end=date(2028, 12, 31))
    assert [s.termijn for s in evaluations(route(d, evaluatie_elke_maanden=12))] == planned


def test_a_named_moment_after_the_end_is_not_planned(individual: Dossier) -> None:
    d = evaluating(individual, "We evalueren na een half jaar en aan het eind van het schooljaar.",
                   end=date(2028, 6, 30))
    assert [s.termijn for s in evaluations(route(d))] == [date(2028, 1, 31)]


def test_no_evaluation_in_the_agreement_is_one_open_step_with_a_note_that_says_why(individual: Dossier) -> None:
    d = evaluating(individual, "We evalueren elk jaar.", end=date(2028, 6, 30))
    r = route(d)
    (only,) = evaluations(r)
    assert (only.termijn, only.termijn_uitleg) == (None, "elke 12 maanden na de start (elk jaar)")
    assert r.notes == ("de eerste evaluatie, elke 12 maanden na de start (elk jaar), valt op 1 augustus 2028: na "
                       "het einde van de samenwerkingsovereenkomst (30 juni 2028); plan een evaluatie binnen de "
                       "looptijd, of zet evaluatie_elke_maanden in voortgang.yaml",)


def test_a_named_moment_after_the_end_is_said_in_the_note(individual: Dossier) -> None:
    d = evaluating(individual, "We evalueren aan het eind van het schooljaar.", end=date(2028, 6, 30))
    r = route(d)
    assert [s.termijn for s in evaluations(r)] == [None]
    assert r.notes == ("de evaluatie ‘aan het eind van het schooljaar’ valt op 31 juli 2028: na het einde van de "
                       "samenwerkingsovereenkomst (30 juni 2028); plan een evaluatie binnen de looptijd, of zet "
                       "evaluatie_elke_maanden in voortgang.yaml",)


def test_without_a_cycle_or_a_moment_the_note_asks_for_one(individual: Dossier) -> None:
    r = route(evaluating(individual, "School en ouders bespreken samen de voortgang."))
    assert [(s.termijn, s.termijn_uitleg) for s in evaluations(r)] == [(None, "")]
    assert r.notes == ("het monitoringsvoorstel noemt niet hoe vaak er geëvalueerd wordt; zet evaluatie_elke_maanden "
                       "in voortgang.yaml voor de termijnen",)


def test_an_end_before_the_start_plans_from_the_start(individual: Dossier) -> None:
    """An agreement that ends before the arrangement starts is the check's finding; the route does not crash
    and the note names the start as the end."""
    r = route(evaluating(individual, "We evalueren elk half jaar.", end=date(2027, 1, 1)))
    assert [s.termijn for s in evaluations(r)] == [None]
    assert "(1 augustus 2027)" in r.notes[0]


def test_recorded_evaluations_fill_the_planned_ones_in_date_order(individual: Dossier) -> None:
    d = evaluating(individual, "We evalueren elk half jaar.")
    r = route(d, date(2028, 3, 1), evaluaties=[
        {"datum": date(2028, 2, 3), "deelnemers": ["school", "ouders"], "opmerking": "het rooster groeit"},
        {"datum": date(2027, 11, 1), "deelnemers": ["zorgaanbieder"]}])
    first, second = evaluations(r)
    assert (first.gedaan, first.notitie, first.status) == (date(2027, 11, 1), "met zorgaanbieder", GEDAAN)
    assert (second.gedaan, second.notitie) == (date(2028, 2, 3), "met school, ouders; het rooster groeit")
    assert (first.termijn, second.termijn, first.detail, second.detail) == (date(2028, 2, 1), None, "", "")


def test_an_evaluation_recorded_after_its_date_says_so(individual: Dossier) -> None:
    d = evaluating(individual, "We evalueren elk half jaar.")
    recorded = [{"datum": date(2028, 2, 3), "deelnemers": ["school"]}]
    (late,) = evaluations(route(d, date(2028, 3, 1), evaluaties=recorded))
    assert (late.termijn, late.gedaan, late.detail) == (date(2028, 2, 1), date(2028, 2, 3), "gedaan na de termijn")


def test_more_evaluations_recorded_than_planned_are_all_shown(individual: Dossier) -> None:
    d = evaluating(individual, "We evalueren elk jaar.", end=date(2028, 12, 31))
    r = route(d, date(2028, 3, 1), evaluaties=[
        {"datum": date(2027, 10, 1), "deelnemers": ["school"]},
        {"datum": date(2028, 1, 10), "deelnemers": ["ouders"]}])
    planned = evaluations(r)
    assert [(s.id, s.termijn, s.gedaan) for s in planned] == [
        ("evaluatie-1", date(2028, 8, 1), date(2027, 10, 1)), ("evaluatie-2", None, date(2028, 1, 10))]
    assert planned[1].termijn_uitleg == "elke 12 maanden na de start (elk jaar)"


@pytest.mark.parametrize("remark", ["BSN 111222333 besproken", "besproken wat er op 12-03-2014 gebeurde"])
def test_a_note_that_names_a_pupil_is_not_shown(individual: Dossier, remark: str) -> None:
    """The route is shown where others read along: a note with a pupil's BSN, or a date that would make
    someone of the doelgroep's age on the day of the route (a birth date), is replaced by a pointer."""
    d = evaluating(individual, "We evalueren elk half jaar.")
    r = route(d, date(2028, 3, 1), evaluaties=[
        {"datum": date(2027, 11, 1), "deelnemers": ["school"], "opmerking": remark}])
    assert evaluations(r)[0].notitie == ("notitie niet getoond: die bevat mogelijk gegevens van een leerling "
                                         "(zie de controle)")


# ------------------------------------------------------------------ statuses and the next date


def test_a_step_whose_predecessor_is_late_is_next_not_later(collective: Dossier) -> None:
    r = route(collective, DEADLINE + timedelta(days=1), ter_ondertekening=date(2027, 3, 1))
    assert (states(r)["indienen_duo"], states(r)["besluit_duo"], states(r)["start"]) == (TE_LAAT, VOLGENDE, LATER)


def test_a_due_date_of_a_step_still_waiting_for_others_is_not_late(collective: Dossier) -> None:
    """Past its date, the start is late only once its decisions are in: waiting for the AO Jeugd, the
    school is not the one that is late."""
    r = route(collective, START + timedelta(days=10), besluit_duo=date(2027, 5, 30))
    assert states(r)["start"] == LATER


def test_the_route_stands_on_the_day_it_was_asked_for(collective: Dossier) -> None:
    """The route map's title says the day the statuses hold on."""
    assert route(collective, date(2027, 3, 2)).today == date(2027, 3, 2)


def test_the_next_due_date_is_the_nearest_open_one(collective: Dossier) -> None:
    r = route(collective)
    due = r.next_due
    assert due is not None and (due.id, due.termijn) == ("indienen_duo", DEADLINE)
    r = route(collective, date(2027, 4, 10), ingediend_bij_duo=date(2027, 3, 20))
    due = r.next_due
    assert due is not None and due.id == "besluit_duo"
    assert [s.id for s in r.due_steps] == ["indienen_duo", "besluit_duo", "start", "rod"]
    assert r.overdue == []


def test_of_two_steps_due_the_same_day_the_first_on_the_route_is_next(collective: Dossier) -> None:
    """start and ROD are both due on the start date: the start comes first."""
    r = route(collective, date(2027, 7, 1), besluit_duo=date(2027, 5, 30), besluit_ao_jeugd=date(2027, 6, 1))
    due = r.next_due
    assert due is not None and due.id == "start"


def test_nothing_open_with_a_date_is_no_next_due(collective: Dossier) -> None:
    d = with_(collective, "aanvraagronde", beslisdatum=None)
    r = route(d, date(2027, 9, 1), besluit_duo=date(2027, 5, 30), besluit_ao_jeugd=date(2027, 6, 1),
              gestart=date(2027, 8, 1), rod_geregistreerd=date(2027, 8, 2))
    assert r.next_due is None or r.next_due.id.startswith("evaluatie-")
    assert all(s.status == GEDAAN for s in r.steps if not s.id.startswith("evaluatie-"))
    assert r.with_status(TE_LAAT) == r.overdue
