"""Every threshold and date comparison of the check rules, tested on both sides of its edge.

A rule whose ``>=`` became ``>`` passes a test that uses 12 pupils or a date weeks before a deadline;
an applicant then meets it on the one day it matters (a submission on the last day counted as late).
So each edge is tested at the edge and one step beyond, with the values taken from the rules' own
data (``EXPERIMENT``, ``ADVIESTERMIJN``, ``DEADLINE_WARNING_DAYS``, ``MIN_TEXT_LENGTH``, …), so a
threshold that moves on purpose moves its test along.

Each rule is called on its own with the example dossier changed in memory (``pydantic``'s
``model_copy``): no files, no other rule in the way, milliseconds a case (these tests are what
``make mutate`` runs for the rules).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from functools import cache
from typing import Any

import pytest

from pipeline.check import herleidbaar, privacy, rules_achterhoek, rules_dates, rules_duo, text
from pipeline.check.engine import RULES
from pipeline.check.findings import ERROR, WARNING, Context, Message
from pipeline.periods import moments, stated_dates
from pipeline.read.validate import LoadedDossier, load_dossier
from pipeline.rounds import EXPERIMENT, ROUNDS
from pipeline.route.progress import Voortgang
from tests.conftest import EXAMPLE

TODAY = date(2026, 11, 25)  # long before the example's deadline: no countdown in the way
DAY = timedelta(days=1)
BY_ID = {r.id: r for r in RULES}


@cache
def example() -> LoadedDossier:
    return load_dossier(EXAMPLE)


def changed(loaded: LoadedDossier, **answers: Any) -> LoadedDossier:
    """The dossier with the answers at the dotted paths (``arrangement__startdatum``) replaced, in memory."""
    dossier = loaded.dossier
    for dotted, value in answers.items():
        dossier = _replace(dossier, dotted.split("__"), value)
    return LoadedDossier(loaded.folder, loaded.source, dossier)


def _replace(node: Any, path: list[str], value: Any) -> Any:
    head, *rest = path
    if isinstance(node, list):
        items = list(node)
        items[int(head)] = _replace(items[int(head)], rest, value) if rest else value
        return items
    new = _replace(getattr(node, head), rest, value) if rest else value
    return node.model_copy(update={head: new})


def said(rule: str, loaded: LoadedDossier | None = None, *, today: date = TODAY,
         voortgang: Voortgang | None = None) -> list[Message]:
    """What the one rule ``rule`` says about the dossier."""
    ctx = Context(loaded or example(), today, voortgang or Voortgang())
    return list(BY_ID[rule].check(ctx))


def severities(rule: str, loaded: LoadedDossier | None = None, **kwargs: Any) -> list[str]:
    return [m.severity for m in said(rule, loaded, **kwargs)]


def test_the_example_is_far_from_every_edge_these_tests_move() -> None:
    """The starting point passes each rule tested here, so a finding below comes from the change."""
    for rule in ("DUO-ONTVANGSTDATUM", "ACH-ADVIESTERMIJN", "DUO-START-NA-BESLUIT", "DUO-EXPERIMENTPERIODE",
                 "DUO-SOK-LOOPTIJD", "DUO-RONDE", "DUO-PP-LEEFTIJDEN", "ACH-5-COLLECTIEF",
                 "DUO-PERIODES-TEKST", "DUO-DATUMS-TEKST", "DUO-SOK-LEIDING"):
        assert said(rule) == [], rule


# ------------------------------------------------------------------ the deadline (DUO-ONTVANGSTDATUM)


DEADLINE = example().dossier.aanvraagronde.uiterste_ontvangstdatum
WARN = rules_duo.DEADLINE_WARNING_DAYS


@pytest.mark.parametrize(("today", "expected"), [
    (DEADLINE - timedelta(days=WARN + 1), []),
    (DEADLINE - timedelta(days=WARN), [(WARNING, f"nog {WARN} dagen tot")]),
    (DEADLINE - DAY, [(WARNING, "nog 1 dag tot")]),
    (DEADLINE, [(WARNING, "vandaag is de laatste dag")]),
    (DEADLINE + DAY, [(ERROR, "is 1 dag geleden verstreken")]),
], ids=["before-the-warning", "first-warning-day", "one-day-left", "last-day", "day-after"])
def test_the_countdown_on_each_side_of_its_edges(today: date, expected: list[tuple[str, str]]) -> None:
    found = said("DUO-ONTVANGSTDATUM", today=today)
    assert [(m.severity, next((e for _, e in expected if e in m.text), m.text)) for m in found] == expected


@pytest.mark.parametrize(("sent", "late"), [(DEADLINE, False), (DEADLINE - DAY, False), (DEADLINE + DAY, True)])
def test_a_submission_on_the_last_day_is_on_time_the_day_after_is_late(sent: date, late: bool) -> None:
    """Counted from the day voortgang.yaml records, whatever today is (weeks later here)."""
    found = said("DUO-ONTVANGSTDATUM", today=DEADLINE + timedelta(days=60), voortgang=Voortgang(ingediend_bij_duo=sent))
    assert severities("DUO-ONTVANGSTDATUM", today=DEADLINE + timedelta(days=60),
                      voortgang=Voortgang(ingediend_bij_duo=sent)) == ([ERROR] if late else [])
    if late:
        assert found[0].text.startswith("ingediend op 1 april 2027, na de uiterste ontvangstdatum")


# ------------------------------------------------------------------ the advice period (ACH-ADVIESTERMIJN)


START = example().dossier.arrangement.startdatum


@pytest.mark.parametrize(("mailed", "late"), [
    (START - rules_dates.ADVIESTERMIJN, True),  # the advice may come on the start day itself: too late
    (START - rules_dates.ADVIESTERMIJN - DAY, False),
])
def test_the_advice_period_from_the_mailing_on_each_side(mailed: date, late: bool) -> None:
    assert severities("ACH-ADVIESTERMIJN", voortgang=Voortgang(aanmeldformulier_gemaild=mailed)) == (
        [ERROR] if late else [])


@pytest.mark.parametrize(("today", "late"), [
    (START - rules_dates.ADVIESTERMIJN, True), (START - rules_dates.ADVIESTERMIJN - DAY, False)])
def test_the_advice_period_from_today_when_not_yet_mailed(today: date, late: bool) -> None:
    found = said("ACH-ADVIESTERMIJN", today=today)
    assert [m.severity for m in found] == ([ERROR] if late else [])
    if late:
        assert "als het aanmeldformulier vandaag" in found[0].text


# ------------------------------------------------------------------ the experiment and DUO's decision


def _no_decision(**answers: Any) -> LoadedDossier:
    """A new round whose beslisdatum is not given: only the experiment's edges count."""
    return changed(example(), aanvraagronde__beslisdatum=None, **answers)


@pytest.mark.parametrize(("start", "fragment"), [
    (EXPERIMENT.start - DAY, "vóór het experiment"),
    (EXPERIMENT.start, None),
    (EXPERIMENT.last_day, None),
    (EXPERIMENT.end, "niet vóór het einde van het experiment"),
])
def test_the_start_inside_the_experiment_on_each_side(start: date, fragment: str | None) -> None:
    found = said("DUO-START-NA-BESLUIT", _no_decision(arrangement__startdatum=start))
    assert [fragment in m.text for m in found] == ([True] if fragment else [])


@pytest.mark.parametrize(("days_after_decision", "fails"), [(0, True), (1, False), (-1, True)])
def test_the_start_after_duos_decision_on_each_side(days_after_decision: int, fails: bool) -> None:
    decision = example().dossier.aanvraagronde.beslisdatum
    assert decision is not None
    loaded = changed(example(), arrangement__startdatum=decision + timedelta(days=days_after_decision))
    found = said("DUO-START-NA-BESLUIT", loaded)
    assert [("niet na de beslisdatum" in m.text) for m in found] == ([True] if fails else [])


@pytest.mark.parametrize(("end", "warns"), [(EXPERIMENT.last_day, False), (EXPERIMENT.end, True)])
def test_the_agreement_ending_with_the_experiment_on_each_side(end: date, warns: bool) -> None:
    loaded = changed(example(), samenwerkingsovereenkomst__einddatum=end)
    assert severities("DUO-EXPERIMENTPERIODE", loaded) == ([WARNING] if warns else [])


# ------------------------------------------------------------------ the agreement's term (DUO-SOK-LOOPTIJD)


@pytest.mark.parametrize(("begin", "end", "start", "fields"), [
    (START, START, START, ["samenwerkingsovereenkomst.einddatum"]),  # ends on the day it begins
    (START, START + DAY, START, []),
    (START + DAY, START + timedelta(days=30), START, ["samenwerkingsovereenkomst.ingangsdatum"]),
    (START - DAY, START + timedelta(days=30), START, []),
    (START - timedelta(days=30), START, START, []),  # starts on the agreement's last day
    (START - timedelta(days=30), START - DAY, START, ["arrangement.startdatum"]),
])
def test_the_agreements_term_on_each_side(begin: date, end: date, start: date, fields: list[str]) -> None:
    loaded = changed(example(), samenwerkingsovereenkomst__ingangsdatum=begin,
                     samenwerkingsovereenkomst__einddatum=end, arrangement__startdatum=start)
    assert [".".join(map(str, m.loc)) for m in said("DUO-SOK-LOOPTIJD", loaded)] == fields


# ------------------------------------------------------------------ the round (DUO-RONDE)


@pytest.mark.parametrize(("decision_after", "fails"), [(0, True), (1, False)])
def test_a_new_round_decides_after_its_deadline(decision_after: int, fails: bool) -> None:
    loaded = changed(example(), aanvraagronde__beslisdatum=DEADLINE + timedelta(days=decision_after))
    assert [("ligt niet na de uiterste ontvangstdatum" in m.text) for m in said("DUO-RONDE", loaded)] == (
        [True] if fails else [])


@pytest.mark.parametrize(("deadline", "fails"), [(EXPERIMENT.last_day, False), (EXPERIMENT.end, True)])
def test_a_new_rounds_deadline_inside_the_experiment(deadline: date, fails: bool) -> None:
    loaded = changed(example(), aanvraagronde__uiterste_ontvangstdatum=deadline,
                     aanvraagronde__beslisdatum=deadline + timedelta(days=60))
    assert [("na het einde van het experiment" in m.text) for m in said("DUO-RONDE", loaded)] == (
        [True] if fails else [])


@pytest.mark.parametrize("known", ROUNDS, ids=lambda r: f"ronde-{r.nummer}")
@pytest.mark.parametrize("field", ["uiterste_ontvangstdatum", "beslisdatum"])
def test_a_known_round_keeps_its_dates_to_the_day(known: Any, field: str) -> None:
    exact = {"aanvraagronde__ronde": known.nummer, "aanvraagronde__uiterste_ontvangstdatum":
             known.uiterste_ontvangstdatum, "aanvraagronde__beslisdatum": known.beslisdatum}
    assert said("DUO-RONDE", changed(example(), **exact)) == []
    exact[f"aanvraagronde__{field}"] = getattr(known, field) + DAY
    (message,) = said("DUO-RONDE", changed(example(), **exact))
    assert message.loc == ("aanvraagronde", field)


# ------------------------------------------------------------------ ages and counts of pupils


@pytest.mark.parametrize(("youngest", "oldest", "fails"), [(14, 14, False), (15, 14, True), (13, 14, False)])
def test_the_ages_in_order_on_each_side(youngest: int, oldest: int, fails: bool) -> None:
    loaded = changed(example(), arrangement__doelgroep__leeftijd_van=youngest,
                     arrangement__doelgroep__leeftijd_tot=oldest)
    assert severities("DUO-PP-LEEFTIJDEN", loaded) == ([ERROR] if fails else [])


MINIMUM = rules_achterhoek.COLLECTIEF_MINIMUM


@pytest.mark.parametrize(("pupils", "collective_fails", "individual_fails"), [
    (0, True, True), (1, True, False), (MINIMUM - 1, True, MINIMUM - 1 != 1), (MINIMUM, False, True),
    (MINIMUM + 1, False, True)])
def test_the_number_of_pupils_against_the_route_on_each_side(pupils: int, collective_fails: bool,
                                                             individual_fails: bool) -> None:
    loaded = changed(example(), arrangement__doelgroep__aantal_leerlingen=pupils)
    assert severities("ACH-5-COLLECTIEF", loaded) == ([ERROR] if collective_fails else [])
    assert severities("IND-EEN-LEERLING", loaded) == ([ERROR] if individual_fails else [])
    if collective_fails:
        (message,) = said("ACH-5-COLLECTIEF", loaded)
        assert message.text == f"een collectief arrangement is voor meerdere leerlingen, maar het aantal is {pupils}"
        assert f"({MINIMUM} of meer)" in message.what_to_do


# ------------------------------------------------------------------ dates and periods in the texts


PLAN = ("projectplan", "ontwikkeling_volgen")


def _plan(sentence: str, **answers: Any) -> LoadedDossier:
    return changed(example(), projectplan__ontwikkeling_volgen=sentence, **answers)


def _dates_around(on: Any, target: date) -> Iterator[date]:
    """Start dates for which ``on(start)`` is ``target`` (scanned: month arithmetic is not linear)."""
    day = target - timedelta(days=800)
    while day <= target:
        if on(day) == target:
            yield day
        day += DAY


def test_a_planned_moment_on_the_agreements_last_day_is_inside_it_the_day_after_is_not() -> None:
    sentence = "Na twaalf maanden evalueren wij de voortgang van elke leerling met de ouders."
    (moment,) = moments(sentence)
    start = date(2026, 2, 1)
    when = moment.on(start)
    base = {"arrangement__startdatum": start, "samenwerkingsovereenkomst__ingangsdatum": start}
    assert said("DUO-PERIODES-TEKST", _plan(sentence, samenwerkingsovereenkomst__einddatum=when, **base)) == []
    found = said("DUO-PERIODES-TEKST", _plan(sentence, samenwerkingsovereenkomst__einddatum=when - DAY, **base))
    assert [(m.loc, m.severity) for m in found] == [(PLAN, ERROR)]
    assert "na het einde van de overeenkomst" in found[0].text


def test_a_planned_moment_on_the_experiments_last_day_is_inside_it_the_day_after_warns() -> None:
    sentence = "Na zes maanden evalueren wij de voortgang van elke leerling met de ouders."
    (moment,) = moments(sentence)
    inside = next(_dates_around(moment.on, EXPERIMENT.last_day))
    outside = next(_dates_around(moment.on, EXPERIMENT.end))
    for start, expected in ((inside, []), (outside, [WARNING])):
        loaded = _plan(sentence, arrangement__startdatum=start, samenwerkingsovereenkomst__ingangsdatum=start,
                       samenwerkingsovereenkomst__einddatum=EXPERIMENT.end + timedelta(days=400))
        assert severities("DUO-PERIODES-TEKST", loaded) == expected, start


@pytest.mark.parametrize(("end_after_start", "checked"), [(0, False), (1, True)])
def test_periods_are_weighed_only_in_a_term_of_at_least_a_day(end_after_start: int, checked: bool) -> None:
    """Without a term (DUO-SOK-LOOPTIJD says so) nothing is planned 'after' it; with one day, it is."""
    start = date(2026, 2, 1)
    loaded = _plan("Na twaalf maanden evalueren wij de voortgang van elke leerling met de ouders.",
                   arrangement__startdatum=start, samenwerkingsovereenkomst__ingangsdatum=start,
                   samenwerkingsovereenkomst__einddatum=start + timedelta(days=end_after_start))
    assert bool(said("DUO-PERIODES-TEKST", loaded)) == checked


@pytest.mark.parametrize(("start_before_end", "checked"), [(1, True), (0, False)])
def test_periods_are_weighed_only_for_a_start_inside_the_experiment(start_before_end: int, checked: bool) -> None:
    start = EXPERIMENT.end - timedelta(days=start_before_end)
    loaded = _plan("Na twaalf maanden evalueren wij de voortgang van elke leerling met de ouders.",
                   arrangement__startdatum=start, samenwerkingsovereenkomst__ingangsdatum=start,
                   samenwerkingsovereenkomst__einddatum=start + timedelta(days=40))
    assert bool(said("DUO-PERIODES-TEKST", loaded)) == checked


def test_an_end_said_as_tot_is_the_day_before_and_no_other() -> None:
    """'tot 1 januari 2028' agrees with an einddatum of 31 December 2027 (exclusive), and with 1 January."""
    sentence = "De overeenkomst loopt tot 1 januari 2028."
    (stated,) = stated_dates(sentence)
    assert stated.exclusive
    for end, agrees in ((stated.first - DAY, True), (stated.first, True), (stated.first - 2 * DAY, False),
                        (stated.first + DAY, False)):
        loaded = _plan(sentence, samenwerkingsovereenkomst__einddatum=end)
        assert (said("DUO-DATUMS-TEKST", loaded) == []) == agrees, end


def test_a_school_year_said_counts_to_its_first_and_last_day() -> None:
    sentence = "In het schooljaar 2027-2028 evalueren wij de voortgang van elke leerling."
    (year,) = stated_dates(sentence)
    assert year.kind == "schooljaar" and year.last is not None
    cases = (  # (start, einddatum, in the term?)
        (year.last, year.last + timedelta(days=30), True),
        (year.last + DAY, year.last + timedelta(days=30), False),
        (year.first - timedelta(days=30), year.first, True),
        (year.first - timedelta(days=30), year.first - DAY, False),
    )
    for start, end, inside in cases:
        loaded = _plan(sentence, arrangement__startdatum=start, samenwerkingsovereenkomst__ingangsdatum=start,
                       samenwerkingsovereenkomst__einddatum=end)
        assert (said("DUO-DATUMS-TEKST", loaded) == []) == inside, (start, end)


# ------------------------------------------------------------------ how long an answer must be


def _chars(n: int) -> str:
    """``n`` characters of words that are no sentence (no full stop)."""
    return ("woorden " * n)[:n].rstrip().ljust(n, "w")


@pytest.mark.parametrize("minimum", [text.MIN_TEXT_LENGTH, text.MIN_SHORT_TEXT_LENGTH])
def test_too_short_is_below_the_minimum_not_at_it(minimum: int) -> None:
    assert len(_chars(minimum)) == minimum
    assert not text.too_short(_chars(minimum), minimum)
    assert text.too_short(_chars(minimum - 1), minimum)
    assert text.too_short(None, minimum)


def test_a_description_of_the_minimum_length_passes_one_shorter_is_te_summier() -> None:
    loc = ("projectplan", "doel_en_plannen")
    rule = next(r for r in RULES if r.id == "DUO-PP-DOEL")
    for length, fails in ((text.MIN_TEXT_LENGTH, False), (text.MIN_TEXT_LENGTH - 1, True)):
        loaded = changed(example(), projectplan__doel_en_plannen=_chars(length))
        found = list(rule.check(Context(loaded, TODAY)))
        assert [m.loc for m in found] == ([loc] if fails else []), length
        if fails:
            assert f"te summier ({length} tekens" in found[0].text
            assert f"minimaal {text.MIN_TEXT_LENGTH} tekens" in found[0].text


@pytest.mark.parametrize(("situation", "fails"), [
    (_chars(text.MIN_SHORT_TEXT_LENGTH), False), (_chars(text.MIN_SHORT_TEXT_LENGTH - 1), True)])
def test_a_situation_of_the_short_minimum_passes(situation: str, fails: bool) -> None:
    loaded = changed(example(), samenwerkingsovereenkomst__leiding_begeleiding__0__situatie=situation)
    assert severities("DUO-SOK-LEIDING", loaded) == ([ERROR] if fails else [])


@pytest.mark.parametrize(("sentence", "complete"), [
    ("Menzis betaalt de zorgkosten.", True),  # four words: the minimum
    ("Menzis betaalt zorgkosten.", False),  # three
    ("De school en gemeente betaalt zorgkosten.", False),  # the verb is the fifth word
    ("De school gemeente betaalt zorgkosten.", True),  # the fourth
    ("Wij plannen extra begeleiding.", True),  # a pronoun and a verb in -en of five letters or more
    ("Wij zeten extra begeleiding.", True),
    ("Wij eten extra begeleiding.", False),  # four letters: no verb
    ("Zij heeft extra begeleiding.", True),
    ("Menzis zet extra begeleiding.", False),  # a verb in -t of three letters is not read as one
    ("Menzis zett extra begeleiding.", True),  # four letters
    ("Hij betaalt de taken.", True),  # two words of five letters or more (‘taken’: five)
    ("Hij betaalt de taak.", False),  # one (‘taak’: four)
    ("Menzis betaalt de zorg", False),  # no full stop
    ("Menzis betaalt de zorg!", True),
    ("Menzis betaalt de zorg?", True),
])
def test_a_complete_sentence_on_each_side_of_its_counts(sentence: str, complete: bool) -> None:
    assert text.complete_sentence(sentence) == complete


# ------------------------------------------------------------------ privacy: birth dates, ages


def test_age_turns_on_the_birthday_not_a_day_before() -> None:
    born = date(2012, 3, 15)
    assert privacy.age(born, date(2026, 3, 15)) == 14
    assert privacy.age(born, date(2026, 3, 14)) == 13
    assert privacy.age(born, date(2026, 2, 28)) == 13
    assert privacy.age(born, date(2026, 4, 1)) == 14


def _birth(text_: str, today: date = TODAY, youngest: int = 11) -> list[str]:
    return [m.text for m in privacy.birth_dates(text_, today=today, youngest=youngest)]


def test_a_date_that_makes_someone_younger_than_max_age_is_a_birth_date_one_that_makes_max_age_is_not() -> None:
    def born_years_ago(years: int, extra_days: int = 0) -> str:
        d = date(TODAY.year - years, TODAY.month, TODAY.day) - timedelta(days=extra_days)
        return d.strftime("%d-%m-%Y")

    youngest = 11
    assert _birth(f"Op {born_years_ago(privacy.MAX_AGE - 1)} was dat.", youngest=youngest) != []
    assert _birth(f"Op {born_years_ago(privacy.MAX_AGE, -1)} was dat.", youngest=youngest) != []  # a day short of it
    assert _birth(f"Op {born_years_ago(privacy.MAX_AGE)} was dat.", youngest=youngest) == []
    assert _birth(f"Op {born_years_ago(youngest)} was dat.", youngest=youngest) != []
    assert _birth(f"Op {born_years_ago(youngest, -1)} was dat.", youngest=youngest) == []  # one year younger


def test_a_date_of_today_can_be_a_birth_date_tomorrow_cannot() -> None:
    assert _birth(f"Op {TODAY:%d-%m-%Y} was dat.", youngest=0) != []
    assert _birth(f"Op {TODAY + DAY:%d-%m-%Y} was dat.", youngest=0) == []


def test_a_birth_word_counts_within_its_distance_and_not_beyond() -> None:
    old = "01-02-1950"  # long ago: only the word makes it a birth date
    reach = privacy.BIRTH_WORD_DISTANCE
    assert _birth("geboren" + " " * (reach - len("geboren")) + old) == [old]
    assert _birth("geboren" + " " * (reach - len("geboren") + 1) + old) == []
    after = reach // 2 - len("geboren")
    assert _birth(old + " " * after + "geboren") == [old]
    assert _birth(old + " " * (after + 1) + "geboren") == []


# ------------------------------------------------------------------ privacy: what together points at one pupil


@cache
def _words_of(category: str) -> str:
    """A word of the shipped vocabulary in ``category`` (a plain word, found as itself)."""
    vocabulary = herleidbaar.vocabulary()
    for candidate in ("autisme", "adhd", "faalangst", "schoolweigering", "thuiszitter", "depressie", "agressie",
                      "zelfbeschadiging", "brugklas", "groep 8", "klas 2", "14 jaar", "zes maanden thuis",
                      "sinds de zomervakantie thuis"):
        hits = list(vocabulary.hits(("x",), f"Het gaat om {candidate} hier."))
        if any(h.category == category for h in hits):
            return candidate
    raise AssertionError(f"no word of {category} among the candidates")


def _weigh(sentence: str, **answers: Any) -> herleidbaar.Combination | None:
    loaded = changed(example(), **answers)
    return herleidbaar.weigh(loaded.dossier, [(("projectplan", "vormgeving"), sentence)])


@pytest.mark.parametrize(("pupils", "weighed"), [(herleidbaar.SMALL_GROUP, True), (herleidbaar.SMALL_GROUP + 1, False)])
def test_a_small_group_is_described_pupil_by_pupil_up_to_its_size(pupils: int, weighed: bool) -> None:
    sentence = f"De groep heeft {_words_of('gezondheid')} en zit in de {_words_of('klas')}."
    found = _weigh(sentence, arrangement__doelgroep__aantal_leerlingen=pupils)
    assert (found is not None) == weighed
    if found is not None:
        assert found.who == f"een groep van {pupils} leerlingen"


@pytest.mark.parametrize(("span", "narrow"), [
    (herleidbaar.NARROW_AGE_SPAN, True), (herleidbaar.NARROW_AGE_SPAN + 1, False), (0, True), (-1, False)])
def test_a_narrow_age_range_is_one_element_up_to_its_span(span: int, narrow: bool) -> None:
    """One health word and a narrow range are two elements; a wider range leaves one, not enough."""
    found = _weigh(f"De groep heeft {_words_of('gezondheid')}.", arrangement__doelgroep__aantal_leerlingen=2,
                   arrangement__doelgroep__leeftijd_van=13, arrangement__doelgroep__leeftijd_tot=13 + span)
    assert (found is not None) == narrow
    if found is not None:
        assert found.ages == (f"13–{13 + span} jaar" if span else "13 jaar")


def test_two_elements_are_enough_one_is_not() -> None:
    assert herleidbaar.MIN_ELEMENTS == 2
    assert _weigh(f"De groep heeft {_words_of('gezondheid')}.", arrangement__doelgroep__aantal_leerlingen=2) is None
    assert _weigh(f"De groep heeft {_words_of('gezondheid')} en {_words_of('gedrag')}.",
                  arrangement__doelgroep__aantal_leerlingen=2) is None  # both a description: one element
    found = _weigh(f"De groep heeft {_words_of('gezondheid')} en is {_words_of('periode_thuis')}.",
                   arrangement__doelgroep__aantal_leerlingen=1)
    assert found is not None and found.who == "één leerling"


@pytest.mark.parametrize(("entry", "refused"), [
    ("a" * herleidbaar.MIN_WORD, False), ("a" * (herleidbaar.MIN_WORD - 1), True),
    ("a" * herleidbaar.MIN_STEM + "*", False), ("a" * (herleidbaar.MIN_STEM - 1) + "*", True),
])
def test_a_vocabulary_entry_must_be_long_enough_to_find_only_itself(tmp_path: Any, entry: str, refused: bool) -> None:
    path = tmp_path / "woorden.yaml"
    path.write_text(f"gezondheid:\n  - '{entry}'\n", encoding="utf-8")
    if refused:
        with pytest.raises(herleidbaar.VocabularyError):
            herleidbaar.load_vocabulary(path)
    else:
        herleidbaar.load_vocabulary(path)


# ------------------------------------------------------------------ the collective route's pupil count is data


def test_every_rule_named_here_exists() -> None:
    """The edges above name rules by id: a rule renamed must not leave its edges untested silently."""
    named = {"DUO-ONTVANGSTDATUM", "ACH-ADVIESTERMIJN", "DUO-START-NA-BESLUIT", "DUO-EXPERIMENTPERIODE",
             "DUO-SOK-LOOPTIJD", "DUO-RONDE", "DUO-PP-LEEFTIJDEN", "ACH-5-COLLECTIEF", "IND-EEN-LEERLING",
             "DUO-PERIODES-TEKST", "DUO-DATUMS-TEKST", "DUO-PP-DOEL", "DUO-SOK-LEIDING"}
    assert named <= set(BY_ID)
    assert rules_achterhoek.meerdere_leerlingen in {r.check for r in RULES}


# ------------------------------------------------------------------ which date a text is held to, and where it points


@pytest.mark.parametrize(("sentence", "field", "what"), [
    ("Het arrangement start per 1 september 2027.", "arrangement.startdatum", "de startdatum van het arrangement"),
    ("De overeenkomst gaat in per 1 september 2027.", "samenwerkingsovereenkomst.ingangsdatum",
     "de ingangsdatum van de overeenkomst"),
    ("Het arrangement loopt t/m 31 juli 2028.", "samenwerkingsovereenkomst.einddatum",
     "de einddatum van de overeenkomst"),
    ("De overeenkomst eindigt op 31 juli 2028.", "samenwerkingsovereenkomst.einddatum",
     "de einddatum van de overeenkomst"),
])
def test_a_date_in_a_text_is_held_to_its_own_field(sentence: str, field: str, what: str) -> None:
    (stated,) = stated_dates(sentence)
    found = said("DUO-DATUMS-TEKST", _plan(sentence))
    assert [m.loc for m in found] == [PLAN]
    assert f"{what} (‘{field}’) is " in found[0].text and f"pas dan ‘{field}’ aan" in found[0].what_to_do
    agrees = {"arrangement.startdatum": "arrangement__startdatum",
              "samenwerkingsovereenkomst.ingangsdatum": "samenwerkingsovereenkomst__ingangsdatum",
              "samenwerkingsovereenkomst.einddatum": "samenwerkingsovereenkomst__einddatum"}[field]
    assert said("DUO-DATUMS-TEKST", _plan(sentence, **{agrees: stated.first})) == []


def test_a_new_round_without_a_decision_date_points_at_the_round() -> None:
    loaded = changed(example(), aanvraagronde__beslisdatum=None)
    (message,) = said("DUO-RONDE", loaded)
    assert message.loc == ("aanvraagronde", "beslisdatum")
    line, column = loaded.source.position(("aanvraagronde",))
    assert line is not None and message.position == (line, column)


# ------------------------------------------------------------------ the text helpers the rules share


@pytest.mark.parametrize(("answer", "found"), [
    ("n.v.t.", ("n.v.t.", True)), ("  n.v.t.\n", ("n.v.t.", True)), ("PM", ("PM", True)),
    ("Wij doen dit. TODO later", ("TODO", False)), ("Wij doen dit. XXX later", ("XXX", False)),
    ("Wij doen dit, xxx.", ("xxx", False)), ("Wij bellen PM terug.", ("PM", False)),
    ("x [invullen] y", ("[invullen]", False)), ("Door [naam].", ("[naam]", False)),
    ("Wij [...] dit.", ("[...]", False)),
    ("Wij […] dit.", ("[…]", False)), ("Het PMT-team komt.", None), ("Een TODOlijst.", None), (None, None),
    ("Gewoon een zin.", None),
])
def test_a_placeholder_is_found_whole_or_in_part(answer: str | None, found: tuple[str, bool] | None) -> None:
    filler = text.placeholder(answer)
    assert (None if filler is None else (filler.text, filler.whole)) == found


def test_a_placeholder_is_said_for_what_it_is() -> None:
    assert text.Filler("n.v.t.", True).says("het doel") == (
        "het doel is niet ingevuld: ‘n.v.t.’ is een opvultekst, geen beschrijving")
    assert text.Filler("PM", False).says("het doel") == "het doel bevat nog ‘PM’: vul dat deel nog in"


@pytest.mark.parametrize(("answer", "says"), [
    ("n.v.t.", "het doel is niet ingevuld: ‘n.v.t.’ is een opvultekst"),
    ("Wij doen dit samen met de school en TODO de gemeente.", "het doel bevat nog ‘TODO’"),
    (None, "het doel is te summier (0 tekens en geen volledige zin"),
])
def test_a_description_that_is_no_description_is_said_at_its_field(answer: str | None, says: str) -> None:
    loc = ("projectplan", "doel_en_plannen")
    ctx = Context(changed(example(), projectplan__doel_en_plannen=answer), TODAY)
    (message,) = text.require_description(ctx, loc, "het doel")
    assert message.loc == loc and message.text.startswith(says) and message.severity == ERROR
    assert message.what_to_do.startswith("Beschrijf het doel in een paar volledige zinnen")


def test_an_answer_is_found_at_its_location_in_lists_too() -> None:
    d = example().dossier
    assert text.value_at(d, ("arrangement", "startdatum")) == d.arrangement.startdatum
    assert text.value_at(d, ("scholen", 1, "naam")) == d.scholen[1].naam
    assert text.value_at(d, ("individuele_route", "gemeente")) is None  # a section not given
    assert text.short_name("De Brug, school voor speciaal onderwijs, Doetinchem") == "De Brug"
    assert text.short_name(" Het Ludgercollege ") == "Het Ludgercollege"
    assert text.plain_text("**Vet** en _schuin_:\n- een\n- twee") == "Vet en schuin : een twee"
