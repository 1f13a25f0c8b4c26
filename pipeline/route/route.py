"""The route of one dossier: its steps, which are done, which are due when, who acts.

The steps are the Achterhoek routekaart's lane for the dossier's ``arrangement.soort``
(individual: shared finding, ondersteuningsvraag, request to the gemeente, beschikking; collective:
shared finding, ondersteuningsvraag, drawn up together, first contact with the adviesgroep,
criteria, financing, the form, the advice within six weeks, the AO Jeugd decision) with DUO's
steps (received by the deadline, decision by the decision date, ROD registration once pupils
take part), then carrying out and evaluating as the dossier's monitoring proposal says. The routekaart's
lane is there only when a gemeente of the dossier lies in its region (``pipeline.regions``);
elsewhere the route is DUO's, with a note that the applicant's own region may have its own.

A step is *gedaan* (a date in voortgang.yaml, the answers in dossier.yaml, or a later step
that could not have happened without it), *te laat* (its due date passed while it was the
one to do), *nu* (everything before it is done), *volgende* (right after a step of now) or
*later*.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, timedelta

from pipeline.check import sources
from pipeline.check.privacy_exits import private_in
from pipeline.check.sources import SeedSource
from pipeline.dates import datum
from pipeline.model.answers import Dossier
from pipeline.periods import add_months as add_months
from pipeline.periods import evaluation_moments, evaluation_texts
from pipeline.periods import monitoring_interval as monitoring_interval
from pipeline.regions import Region, outside_regions, region_of
from pipeline.route.progress import Voortgang

GEDAAN, NU, VOLGENDE, TE_LAAT, LATER = "gedaan", "nu", "volgende", "te laat", "later"
ADVIES_TERMIJN = timedelta(weeks=6)
MAX_EVALUATIES = 60

# The two lanes of the routekaart, in its order.
INDIVIDUEEL, COLLECTIEF = "individueel", "collectief"
LANE_TITLES = {
    INDIVIDUEEL: "Individueel onderwijs-jeugdhulparrangement",
    COLLECTIEF: "Collectief onderwijs-jeugdhulparrangement",
}
DUO_LANE_TITLE = "Experiment onderwijszorgarrangementen: de route van DUO"



@dataclass(frozen=True, slots=True)
class Step:
    """One box of the route map: what, who acts, when it was done, when it is due."""

    id: str
    titel: str
    wie: str
    baan: str = "regio"  # regio (the routekaart) or duo (the experiment) or uitvoering
    gedaan: date | None = None
    gedaan_volgens: str = ""  # "voortgang", "dossier" (the answers show it), "later" (a later step is done)
    termijn: date | None = None
    termijn_uitleg: str = ""
    vaste_termijn: bool = False  # a date of the round itself: once past, late whatever came before
    bron: SeedSource | None = None
    na: tuple[str, ...] = ()  # steps that come first
    detail: str = ""
    # the applicant's own words from voortgang.yaml (who took part, what was agreed): shown where the
    # applicant reads (status, route map, checklist), never in the calendar, which is made to be shared
    notitie: str = ""
    status: str = LATER

    @property
    def open(self) -> bool:
        return self.status != GEDAAN


@dataclass(frozen=True, slots=True)
class Route:
    """The route of one dossier as it stands on ``today``."""

    naam: str
    arrangement: str
    soort: str
    today: date
    steps: tuple[Step, ...]
    notes: tuple[str, ...] = field(default=())
    regio: str | None = None  # the region whose routekaart lane this is (None: DUO's route alone)

    @property
    def lane_title(self) -> str:
        return LANE_TITLES[self.soort] if self.regio else DUO_LANE_TITLE

    @property
    def other_lane(self) -> list[str]:
        """The routekaart's other lane beside this one (none without a region)."""
        return other_lane(self.soort) if self.regio else []

    def with_status(self, *statuses: str) -> list[Step]:
        return [s for s in self.steps if s.status in statuses]

    @property
    def overdue(self) -> list[Step]:
        return self.with_status(TE_LAAT)

    @property
    def next_due(self) -> Step | None:
        """The open step with the nearest due date (a passed one first: it is late)."""
        due = [s for s in self.steps if s.open and s.termijn is not None]
        return min(due, key=lambda s: (s.termijn, self.steps.index(s))) if due else None

    @property
    def due_steps(self) -> list[Step]:
        """Every step with a due date: one calendar event each."""
        return [s for s in self.steps if s.termijn is not None]


# ---------------------------------------------------------------- the steps


def _answered(step: Step, yes: bool) -> Step:
    return replace(step, gedaan_volgens="dossier") if yes else step


def _progress(step: Step, when: date | None) -> Step:
    return replace(step, gedaan=when, gedaan_volgens="voortgang") if when is not None else step


def _regional_collective(dossier: Dossier, v: Voortgang, region: Region) -> list[Step]:
    ah = dossier.achterhoek
    mailed = v.aanmeldformulier_gemaild
    return [
        _answered(Step("constateren", "School en Toegang constateren gezamenlijk dat een groep leerlingen dezelfde "
                       "ondersteuningsbehoefte heeft", "school en Toegang"), True),
        _answered(Step("ondersteuningsvraag", "Voor deze groep leerlingen de ondersteuningsvraag opstellen",
                       "school en Toegang", na=("constateren",)), True),
        _answered(Step("opstellen", "Arrangement opstellen i.s.m. school, gemeente en samenwerkingsverband",
                       "school, gemeente en samenwerkingsverband", na=("ondersteuningsvraag",),
                       detail="" if ah and ah.afgestemd_met_partijen else
                       "het dossier zegt nog niet dat het arrangement vooraf is afgestemd (achterhoek)"),
                  bool(ah and ah.afgestemd_met_partijen)),
        _progress(Step("eerste_contact", "Eerste contact met de regionale adviesgroep onderwijs-jeugdhulparrangementen",
                       dossier.aanvrager.naam, na=("opstellen",)), v.eerste_contact_adviesgroep),
        _answered(Step("criteria", "Criteria vaststellen voor leerlingen die passen binnen het arrangement",
                       "school en samenwerkingsverband", na=("opstellen",)), bool(ah and ah.criteria_leerlingen)),
        _answered(Step("financiering", "Afspraken maken over de financiering van het arrangement",
                       "school, gemeente en samenwerkingsverband", na=("opstellen",)),
                  bool(dossier.arrangement.financiering)),
        _progress(Step("aanmeldformulier", f"Aanmeldformulier mailen naar het {region.ontvanger} "
                       f"({region.email}; aanvraag bij de regionale adviesgroep)", dossier.aanvrager.naam,
                       na=("eerste_contact", "criteria", "financiering")), mailed),
        _progress(Step("advies", "Advies van de regionale adviesgroep aan het AO Jeugd", "regionale adviesgroep",
                       na=("aanmeldformulier",), termijn=mailed + ADVIES_TERMIJN if mailed else None,
                       termijn_uitleg="uiterlijk 6 weken na het aanmeldformulier", bron=sources.ACH_ADVIESTERMIJN),
                  v.advies_ontvangen),
        _progress(Step("besluit_ao_jeugd", "Besluit van het ambtelijk overleg jeugd (AO Jeugd)", "AO Jeugd",
                       na=("advies",)), v.besluit_ao_jeugd),
    ]


def _regional_individual(dossier: Dossier, v: Voortgang) -> list[Step]:
    ir = dossier.individuele_route
    gemeente = "gemeente"
    if ir:
        gemeente = ir.gemeente if ir.gemeente.lower().startswith("gemeente") else f"gemeente {ir.gemeente}"
    return [
        _answered(Step("constateren", "School en Toegang constateren gezamenlijk dat een individuele leerling een "
                       "bepaalde ondersteuningsbehoefte heeft", "school en Toegang",
                       detail="" if ir and ir.samen_met_toegang else
                       "het dossier zegt nog niet dat school en Toegang dit samen vaststelden (individuele_route)"),
                  bool(ir and ir.samen_met_toegang)),
        _answered(Step("ondersteuningsvraag", "Voor deze individuele leerling de ondersteuningsvraag opstellen",
                       "school en Toegang", na=("constateren",)), bool(ir and ir.ondersteuningsvraag)),
        _progress(Step("aanvraag_gemeente", "Aanvraag indienen bij de gemeente", "school en Toegang",
                       na=("constateren", "ondersteuningsvraag")), v.aanvraag_gemeente),
        _progress(Step("beschikking", "Gemeente geeft beschikking af", gemeente, na=("aanvraag_gemeente",)),
                  v.beschikking),
    ]


def _evaluations(dossier: Dossier, v: Voortgang, start: date, today: date) -> tuple[list[Step], str]:
    """One step per evaluation the evaluation answers plan up to the end of the agreement (every n months,
    and the moments they name: "na een half jaar en aan het eind van het schooljaar"), the recorded ones
    filled in (in date order); without either, one open step without date. Only the evaluation answers
    count (``periods.EVALUATION_TEXTS``): how attendance is recorded is no evaluation."""
    texts = evaluation_texts(dossier)
    if v.evaluatie_elke_maanden:
        interval: tuple[int, str] | None = (v.evaluatie_elke_maanden, "voortgang.yaml: evaluatie_elke_maanden")
    else:
        interval = monitoring_interval(*texts)
    named = evaluation_moments(*texts)
    done = sorted(v.evaluaties, key=lambda e: e.datum)
    end = max(dossier.samenwerkingsovereenkomst.einddatum, start)
    due: list[tuple[date, str]] = []
    note = ""
    uitleg = ""
    if interval is not None:
        months, words = interval
        uitleg = f"elke {months} maanden na de start ({words})" if months != 1 else f"elke maand ({words})"
        while len(due) < MAX_EVALUATIES and (when := add_months(start, months * (len(due) + 1))) <= end:
            due.append((when, uitleg))
    regular = [when for when, _ in due]
    for moment in named:  # a moment the cycle already holds (within a week) is not a second evaluation
        when = moment.on(start)
        if when <= end and len(due) < MAX_EVALUATIES and all(abs((when - r).days) > 7 for r in regular):
            due.append((when, f"‘{moment.words}’ volgens de evaluatie"))
    due.sort()
    if not due and interval is not None:  # say why the evaluation has no date, instead of leaving it blank
        note = (f"de eerste evaluatie, {uitleg}, valt op {datum(add_months(start, interval[0]))}: na het einde "
                f"van de samenwerkingsovereenkomst ({datum(end)}); plan een evaluatie binnen de looptijd, "
                "of zet evaluatie_elke_maanden in voortgang.yaml")
    elif not due and named:
        first = named[0]
        note = (f"de evaluatie ‘{first.words}’ valt op {datum(first.on(start))}: na het einde van de "
                f"samenwerkingsovereenkomst ({datum(end)}); plan een evaluatie binnen de looptijd, of zet "
                "evaluatie_elke_maanden in voortgang.yaml")
    elif not due:
        note = ("het monitoringsvoorstel noemt niet hoe vaak er geëvalueerd wordt; zet evaluatie_elke_maanden "
                "in voortgang.yaml voor de termijnen")
    steps = []
    for i in range(max(len(due), len(done), 1)):
        evaluation = done[i] if i < len(done) else None
        notitie = ""
        if evaluation is not None:
            notitie = "met " + ", ".join(evaluation.deelnemers)
            if evaluation.opmerking:
                notitie += f"; {evaluation.opmerking}"
            if private_in(notitie, dossier, today):  # PRIV-VOORTGANG says where; the note is not repeated
                notitie = "notitie niet getoond: die bevat mogelijk gegevens van een leerling (zie de controle)"
        termijn, why = due[i] if i < len(due) else (None, uitleg)
        step = Step(f"evaluatie-{i + 1}", f"Evaluatie {i + 1} met betrokken partners en ouders",
                    "partners en ouders", baan="uitvoering", termijn=termijn,
                    termijn_uitleg=why, bron=sources.IND_EVALUATIE,
                    na=("start",) if i == 0 else (f"evaluatie-{i}",), notitie=notitie)
        steps.append(_progress(step, evaluation.datum if evaluation else None))
    return steps, note


def _statuses(steps: list[Step], today: date) -> list[Step]:
    """Done (also when a later step is), late, now, next or later, from the order of the steps."""
    by_id = {s.id: s for s in steps}
    done = {s.id for s in steps if s.gedaan_volgens}
    implied: set[str] = set()
    for s in reversed(steps):  # a step recorded as done means the steps it needed were done
        if s.gedaan_volgens == "voortgang" or s.id in implied:
            implied.update(p for p in s.na if p not in done)
    done |= implied
    status: dict[str, str] = {}
    for s in steps:
        if s.id in done:
            status[s.id] = GEDAAN
        elif s.termijn is not None and s.termijn < today and (s.vaste_termijn or all(p in done for p in s.na)):
            status[s.id] = TE_LAAT
        elif all(p in done for p in s.na):
            status[s.id] = NU
    for s in steps:
        if s.id not in status:
            ready = all(p in done or status.get(p) in (NU, TE_LAAT) for p in s.na)
            status[s.id] = VOLGENDE if ready else LATER
    out = []
    for s in steps:
        step = replace(s, status=status[s.id])
        if s.id in implied:
            step = replace(step, gedaan_volgens="later")
        if step.gedaan and step.termijn and step.gedaan > step.termijn:
            step = replace(step, detail=", ".join(filter(None, [step.detail, "gedaan na de termijn"])))
        out.append(step)
    assert all(p in by_id for s in steps for p in s.na), "a step needs an unknown step"
    return out


def build_route(naam: str, dossier: Dossier, voortgang: Voortgang, *, today: date, signed_back: bool = False
                ) -> Route:
    """The dossier's route on ``today``: the steps of its lane with status and due date. ``signed_back``:
    signed copies are in ondertekend/, so the signing step was done (whether they hold is the check's)."""
    v = voortgang
    soort = dossier.arrangement.soort
    rounds = dossier.aanvraagronde  # a known round's dates are filled in by the model (pipeline.rounds)
    seed_round = sources.seed_round(rounds)  # the seed's sentences name round 1's dates: quoted for it only
    region = region_of(dossier)
    regional: list[Step] = []
    decided: tuple[str, ...] = ("besluit_duo",)
    if region is not None:
        regional = (_regional_collective(dossier, v, region) if soort == COLLECTIEF
                    else _regional_individual(dossier, v))
        decided = ("besluit_duo", "besluit_ao_jeugd") if soort == COLLECTIEF else ("besluit_duo", "beschikking")
    start = v.gestart or dossier.arrangement.startdatum
    school = dossier.scholen[0].naam if len(dossier.scholen) == 1 else "de scholen"
    duo = [
        _progress(_answered(Step("ter_ondertekening", "Formulier en samenwerkingsovereenkomst laten tekenen door "
                                 "alle partijen (‘dossier tekenen’)", dossier.aanvrager.naam, baan="duo",
                                 na=("ondersteuningsvraag",) if regional else (), bron=sources.SAMENWERKING),
                            signed_back),
                  v.ter_ondertekening),
        _progress(Step("indienen_duo", "Aanvraag indienen bij DUO (via Mijn DUO)", dossier.aanvrager.naam, baan="duo",
                       na=("ter_ondertekening",),
                       termijn=rounds.uiterste_ontvangstdatum, termijn_uitleg="uiterste ontvangstdatum van de ronde",
                       vaste_termijn=True,
                       bron=sources.ONTVANGSTDATUM if seed_round else None), v.ingediend_bij_duo),
        _progress(Step("besluit_duo", "Besluit van DUO over de aanvraag", "DUO", baan="duo", na=("indienen_duo",),
                       termijn=rounds.beslisdatum, termijn_uitleg="beslisdatum van de ronde" if rounds.beslisdatum
                       else "", bron=sources.BESLUIT if rounds.beslisdatum and seed_round else None),
                  v.besluit_duo),
    ]
    carry_out = [
        _progress(Step("start", "Onderwijs-jeugdhulparrangement uitvoeren: start", "school en zorgaanbieder",
                       baan="uitvoering", na=decided, termijn=dossier.arrangement.startdatum,
                       termijn_uitleg="startdatum van het arrangement"), v.gestart),
        _progress(Step("rod", "Deelname van de leerlingen registreren in ROD", school, baan="duo", na=("start",),
                       termijn=start, termijn_uitleg="zodra leerlingen deelnemen (de start)", bron=sources.ROD),
                  v.rod_geregistreerd),
    ]
    evaluations, note = _evaluations(dossier, v, start, today)
    steps = _statuses([*regional, *duo, *carry_out, *evaluations], today)
    notes = tuple(filter(None, [note, outside_regions(dossier) if region is None else ""]))
    return Route(naam=naam, arrangement=dossier.arrangement.naam, soort=soort, today=today,
                 steps=tuple(steps), notes=notes, regio=region.naam if region else None)


def other_lane(soort: str) -> list[str]:
    """The routekaart's other lane, as titles only: drawn beside the dossier's own, faded."""
    if soort == COLLECTIEF:
        return ["School en Toegang constateren gezamenlijk dat een individuele leerling een bepaalde "
                "ondersteuningsbehoefte heeft", "Voor deze individuele leerling de ondersteuningsvraag opstellen",
                "Aanvraag indienen bij de gemeente", "Gemeente geeft beschikking af",
                "Onderwijs-jeugdhulparrangement uitvoeren",
                "Onderwijs-jeugdhulparrangement evalueren samen met betrokken partners en ouders"]
    return ["School en Toegang constateren gezamenlijk dat een groep leerlingen dezelfde ondersteuningsbehoefte "
            "heeft", "Voor deze groep leerlingen ondersteuningsvraag opstellen",
            "Onderwijs-jeugdhulparrangement opstellen i.s.m. school, gemeente en samenwerkingsverband",
            "Eerste contact leggen met de regionale adviesgroep onderwijs-jeugdhulparrangementen",
            "Criteria vaststellen voor leerlingen die passen binnen het onderwijs-jeugdhulparrangement",
            "Afspraken maken over de financiering van het arrangement",
            "Aanvraag indienen bij regionale adviesgroep onderwijs-jeugdhulparrangementen",
            "Na positief besluit AO Jeugd onderwijs-jeugdhulparrangement uitvoeren",
            "Onderwijs-jeugdhulparrangement evalueren samen met betrokken partners en ouders"]
