"""What free text says about the arrangement's dates and periods: read once, for the check and the route.

The structured answers (``arrangement.startdatum``, the agreement's ``ingangsdatum`` and
``einddatum``) are the dates. An answer that repeats one ("start per 1 augustus 2027",
"t/m 31 juli 2030", "schooljaar 2027-2028") or plans after a period ("na één jaar", "binnen
twee jaar", "aan het eind van het schooljaar") must agree with them. The check compares
(``check.rules_dates``) and the route plans its evaluations (``route.route``) from this one
reading, so no date is worked out two ways.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from itertools import pairwise
from typing import Literal

from pipeline.dates import MAANDEN, datum
from pipeline.model.answers import Dossier

Loc = tuple[str | int, ...]

NUMBERS = {"een": 1, "eén": 1, "één": 1, "twee": 2, "drie": 3, "vier": 4, "vijf": 5, "zes": 6, "zeven": 7,
           "acht": 8, "negen": 9, "tien": 10, "elf": 11, "twaalf": 12, "achttien": 18, "vierentwintig": 24}
_NUM = r"(?:\d{1,2}|" + "|".join(sorted(NUMBERS, key=len, reverse=True)) + r")"
_N = f"({_NUM})"
_ORDINALS = {"eerste": 1, "tweede": 2, "derde": 3, "vierde": 4, "vijfde": 5}


def number(word: str) -> int:
    """``"twee"`` or ``"2"`` → 2."""
    word = word.lower()
    return int(word) if word.isdigit() else NUMBERS[word]


def add_months(day: date, months: int) -> date:
    """``2027-08-31`` + 6 months → ``2028-02-29`` (the last day when the month is shorter)."""
    month0 = day.month - 1 + months
    year, month = day.year + month0 // 12, month0 % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def school_year_end(day: date, nth: int = 1) -> date:
    """The last day (31 July) of the ``nth`` school year counted from the one ``day`` falls in."""
    return date(day.year + (day.month >= 8) + nth - 1, 7, 31)


def looptijd(dossier: Dossier) -> str:
    """The arrangement's term as the documents print it: from its start to the agreement's end."""
    return f"{datum(dossier.arrangement.startdatum)} t/m {datum(dossier.samenwerkingsovereenkomst.einddatum)}"


def whole_months(start: date, end: date) -> int:
    """How many whole months fit from ``start`` up to and including ``end``."""
    n = 0
    while n < 1200 and add_months(start, n + 1) - timedelta(days=1) <= end:
        n += 1
    return n


def maanden(n: int) -> str:
    """``1`` → ``1 maand``, ``4`` → ``4 maanden``."""
    return f"{n} maand" if n == 1 else f"{n} maanden"


# ---------------------------------------------------------------- which answers are plans

# The answers that describe the arrangement to come (its term, plan, evaluation, the advice asked).
# Not the history (aanleiding), the target group or the criteria: "na twee jaar thuis" there is
# about a pupil's past, not about the arrangement's term.
PLAN_TEXTS: tuple[Loc, ...] = (
    ("arrangement", "tijdsduur"), ("arrangement", "aanbod"), ("arrangement", "financiering"),
    ("arrangement", "opmerkingen"),
    ("projectplan", "doel_en_plannen"), ("projectplan", "vormgeving"), ("projectplan", "ontwikkeling_volgen"),
    ("projectplan", "kwaliteit"), ("projectplan", "bijdrage_experiment"),
    ("samenwerkingsovereenkomst", "financiering_activiteiten"), ("samenwerkingsovereenkomst", "beeindiging"),
    ("achterhoek", "toeleiding"), ("achterhoek", "verantwoording_monitoring"), ("achterhoek", "adviesvraag"),
    ("individuele_route", "ondersteuningsvraag"), ("individuele_route", "evaluatie"),
)
# Where the evaluation moments are planned: the monitoring proposal, the individual route's evaluation.
EVALUATION_TEXTS: tuple[Loc, ...] = (("achterhoek", "verantwoording_monitoring"), ("individuele_route", "evaluatie"))


def _value(dossier: Dossier, loc: Loc) -> str | None:
    value: object = dossier
    for part in loc:
        value = getattr(value, str(part), None)
        if value is None:
            return None
    return value if isinstance(value, str) else None


def plan_texts(dossier: Dossier) -> Iterator[tuple[Loc, str]]:
    """The plan answers that are given, with their location (the afwijkingen' toelichtingen too)."""
    for loc in PLAN_TEXTS:
        if (text := _value(dossier, loc)) and text.strip():
            yield loc, text
    for i, afwijking in enumerate(dossier.afwijkingen):
        yield ("afwijkingen", i, "toelichting"), afwijking.toelichting


def evaluation_texts(dossier: Dossier) -> tuple[str | None, ...]:
    """The evaluation answers, monitoring proposal first: where the route reads how often and when."""
    return tuple(_value(dossier, loc) for loc in EVALUATION_TEXTS)


# ---------------------------------------------------------------- sentences


@dataclass(frozen=True, slots=True)
class Sentence:
    text: str
    offset: int  # where it starts in the answer


_SENTENCE_END = re.compile(r"(?<=;)\s+|(?<=[.!?])\s+(?=[A-Z“‘'\"(*-])|\n\s*\n|\n\s*(?:[-+*]|\d+[.)])\s+")


def sentences(text: str) -> Iterator[Sentence]:
    """The sentences (and list items, and ;-clauses) of an answer, with their offsets."""
    start = 0
    for m in _SENTENCE_END.finditer(text):
        if text[start:m.start()].strip():
            yield Sentence(text[start:m.start()], start)
        start = m.end()
    if text[start:].strip():
        yield Sentence(text[start:], start)


# ---------------------------------------------------------------- stated dates

_MONTH = "|".join(MAANDEN)
_DATE = re.compile(rf"(?<!\w)(\d{{1,2}})\s+({_MONTH})\s+(\d{{4}})(?!\d)"
                   r"|(?<![\w-])(\d{1,2})-(\d{1,2})-(\d{4})(?!\d)", re.IGNORECASE)
_START_BEFORE = re.compile(
    r"(?:\bper|\bvanaf|\bmet\s+ingang\s+van|\bm\.i\.v\.|\b(?:start\w*|begin\w*|ingaa?t|ingangsdatum|"
    r"gaat\s+(?:\w+\s+){0,3}?in)(?:\s+(?:op|per|is))?\s*:?)\s*$", re.IGNORECASE)
_END_BEFORE = re.compile(
    r"(?:\bt\s*/\s*m\.?|\bt\.m\.|\btot\s+en\s+met|\b(?P<tot>tot)(?:\s+uiterlijk)?|\b(?:eindig\w*|einddatum|"
    r"afloop\w*)(?:\s+(?:op|per|is))?\s*:?)\s*$", re.IGNORECASE)
_BETWEEN = re.compile(r"^\s*(?:t\s*/\s*m\.?|t\.m\.|tot\s+en\s+met|tot|[-–—])\s*$", re.IGNORECASE)
_SCHOOL_YEAR = re.compile(r"\bschooljaar\s+(\d{4})\s*[-–/]\s*(\d{4}|\d{2})(?!\d)", re.IGNORECASE)
_AGREEMENT = re.compile(r"\bovereenkomst", re.IGNORECASE)

Kind = Literal["start", "einde", "schooljaar"]


@dataclass(frozen=True, slots=True)
class Stated:
    """A date or period an answer states: its start, its end, or a school year (both)."""

    kind: Kind
    words: str  # as written: "per 1 augustus 2027"
    first: date  # the start, the end, or the school year's first day
    last: date | None = None  # a school year's last day
    exclusive: bool = False  # "tot 1 januari 2028": the day before may be meant
    agreement: bool = False  # the sentence speaks of the overeenkomst, not the arrangement
    at: int = 0  # offset in the answer

    def __str__(self) -> str:
        if self.kind == "schooljaar" and self.last is not None:
            return f"{datum(self.first)} t/m {datum(self.last)}"
        return datum(self.first)


def _date_of(m: re.Match[str]) -> date | None:
    try:
        if m.group(1):
            return date(int(m.group(3)), MAANDEN.index(m.group(2).lower()) + 1, int(m.group(1)))
        return date(int(m.group(6)), int(m.group(5)), int(m.group(4)))
    except ValueError:  # "31 februari": not a date, so nothing is stated
        return None


def stated_dates(text: str) -> list[Stated]:
    """The starts, ends and school years ``text`` states. A date with no word saying what it is
    ("sinds", a date in a story) states nothing: only what reads as a start or an end is compared."""
    found: list[Stated] = []
    for s in sentences(text):
        agreement = bool(_AGREEMENT.search(s.text))
        dates = [(m, d) for m in _DATE.finditer(s.text) if (d := _date_of(m)) is not None]
        spans = [(a, b) for (a, _), (b, _) in pairwise(dates) if _BETWEEN.match(s.text[a.end():b.start()])]
        span_starts, span_ends = {id(a) for a, _ in spans}, {id(b) for _, b in spans}
        for m, d in dates:
            before = s.text[max(0, m.start() - 60):m.start()]
            end = _END_BEFORE.search(before)
            if end or id(m) in span_ends:
                words = (end.group(0).strip() + " " if end else "") + m.group(0)
                found.append(Stated("einde", " ".join(words.split()), d, exclusive=bool(end and end.group("tot")),
                                    agreement=agreement, at=s.offset + m.start()))
            elif (start := _START_BEFORE.search(before)) or id(m) in span_starts:
                words = (start.group(0).strip() + " " if start else "") + m.group(0)
                found.append(Stated("start", " ".join(words.split()), d, agreement=agreement,
                                    at=s.offset + m.start()))
        for m in _SCHOOL_YEAR.finditer(s.text):
            first, second = int(m.group(1)), m.group(2)
            if (int(second) if len(second) == 4 else int(m.group(1)[:2] + second)) == first + 1:
                found.append(Stated("schooljaar", " ".join(m.group(0).split()), date(first, 8, 1),
                                    date(first + 1, 7, 31), agreement=agreement, at=s.offset + m.start()))
    return sorted(found, key=lambda x: x.at)


# ---------------------------------------------------------------- periods after the start

_UNIT = r"(jaar|jaren|maand|maanden|week|weken)"
_AFTER = re.compile(
    rf"(?<!\w)(na|binnen|over)\s+(?:(?:de|het)\s+)?(?:eerste\s+)?(een\s+half|een\s+halve|anderhalf|{_NUM})\s+{_UNIT}\b",
    re.IGNORECASE)
_FIRST_YEAR = re.compile(r"(?<!\w)na\s+het\s+(eerste|tweede|derde)\s+jaar\b", re.IGNORECASE)
_SCHOOL_YEAR_END = re.compile(
    r"(?<!\w)(?:(?:aan\s+het\s+|tegen\s+het\s+)?eind[e]?\s+van\s+|na\s+)het\s+(?:(eerste|tweede|derde|vierde|vijfde)\s+)?"
    r"schooljaar\b", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Moment:
    """A moment an answer places after the start: "na één jaar", "binnen twee jaar", "eind van het schooljaar"."""

    words: str  # as written
    months: int = 0
    weeks: int = 0
    school_year: int = 0  # the end of the nth school year (1: the one the arrangement starts in)
    at: int = 0  # offset in the answer

    def on(self, start: date) -> date:
        """The last day of the period for an arrangement that starts on ``start``: "na één jaar" from
        1 August 2027 is 31 July 2028, so a one-year agreement holds its evaluation after one year."""
        if self.school_year:
            return school_year_end(start, self.school_year)
        return add_months(start, self.months) + timedelta(weeks=self.weeks) - timedelta(days=1)


def _moment(m: re.Match[str]) -> Moment | None:
    words, amount, unit = " ".join(m.group(0).split()), " ".join(m.group(2).lower().split()), m.group(3).lower()
    half, one_and_a_half = amount.startswith("een hal"), amount == "anderhalf"
    if unit.startswith("we"):
        return None if half or one_and_a_half else Moment(words, weeks=number(amount), at=m.start())
    if unit.startswith("ja"):
        months = 6 if half else 18 if one_and_a_half else 12 * number(amount)
        return Moment(words, months=months, at=m.start()) if months <= 1200 else None
    if half or one_and_a_half:  # "een halve maand", "anderhalve maand" (rare): in weeks
        return Moment(words, weeks=2 if half else 6, at=m.start())
    return Moment(words, months=number(amount), at=m.start()) if number(amount) else None


def moments(text: str) -> list[Moment]:
    """The moments after the start that ``text`` names, in the order written."""
    found: list[Moment] = []
    for m in _AFTER.finditer(text):
        if (moment := _moment(m)) is not None:
            found.append(moment)
    for m in _FIRST_YEAR.finditer(text):
        found.append(Moment(" ".join(m.group(0).split()), months=12 * _ORDINALS[m.group(1).lower()], at=m.start()))
    for m in _SCHOOL_YEAR_END.finditer(text):
        nth = _ORDINALS[m.group(1).lower()] if m.group(1) else 1
        found.append(Moment(" ".join(m.group(0).split()), school_year=nth, at=m.start()))
    return sorted(found, key=lambda x: x.at)


# ---------------------------------------------------------------- evaluation frequency

_EVERY = r"(?:elk|elke|ieder|iedere|per|om\s+de)"
_TIMES_A_YEAR = 0  # "{n} keer per jaar": 12 / n months
_INTERVALS: tuple[tuple[str, int | None], ...] = (
    (rf"\b{_EVERY}\s+half\s+jaar\b|\bhalfjaarlijk\w*", 6),
    (rf"\b{_EVERY}\s+kwartaal\b|\bdriemaandelijk\w*|\bkwartaallijk\w*", 3),
    (rf"\b{_EVERY}\s+{_N}\s+maanden\b", None),
    (rf"(?<!\w){_N}\s*(?:keer|maal|x)\s+per\s+(?:school)?jaar\b", _TIMES_A_YEAR),
    (rf"\b{_EVERY}\s+(?:school)?jaar\b|\bjaarlijk\w*", 12),
    (rf"\bmaandelijk\w*|\b{_EVERY}\s+maand\b", 1),
)
# Counting and recording are not evaluating: "maandelijkse registratie van aanwezigheid" says how
# often attendance is written down, not how often the partners and parents evaluate.
_RECORDING = re.compile(r"\b(?:registr\w*|meting\w*|meten|gemeten|toets\w*|turf\w*|bijgehouden|bijhoud\w*|"
                        r"vragenlijst\w*|logboek\w*|verzuim\w*)", re.IGNORECASE)
_EVALUATING = re.compile(r"\b(?:evalu\w*|bespre\w*|besprok\w*|overleg\w*|gesprek\w*|rapport\w*|verantwoord\w*|"
                         r"bijstel\w*|terugkoppel\w*|komen\s+\w+\s+samen|zitten\s+\w+\s+om\s+tafel)", re.IGNORECASE)
_RECORDING_NEXT = re.compile(r"^\w*\s+(?:\w+\s+)?(?:registr|meting|toets|turf|vragenlijst|logboek|verzuim)",
                             re.IGNORECASE)


def _evaluating(sentence: str) -> bool:
    """Does this sentence plan evaluating, rather than only recording or measuring?"""
    return bool(_EVALUATING.search(sentence)) or not _RECORDING.search(sentence)


def _intervals(sentence: str) -> list[tuple[int, int, str]]:
    found = []
    for pattern, months in _INTERVALS:
        for match in re.finditer(pattern, sentence, re.IGNORECASE):
            if _RECORDING_NEXT.match(sentence[match.end():]):
                continue  # "maandelijkse registratie", "halfjaarlijkse meting"
            if months is None or months == _TIMES_A_YEAR:
                n = number(match.group(1))
                value = n if months is None else (12 // n if n else 0)
            else:
                value = months
            if 1 <= value <= 60:
                found.append((match.start(), value, " ".join(match.group(0).split())))
    return found


def monitoring_interval(*texts: str | None) -> tuple[int, str] | None:
    """How often the evaluation answers evaluate (months) and the words that say so:
    ``"Elk half jaar rapporteren partijen …"`` → ``(6, "Elk half jaar")``; the first text that says it wins.
    A sentence that only records or measures ("maandelijkse registratie van aanwezigheid") sets no frequency."""
    for text in texts:
        if not text:
            continue
        found = [hit for s in sentences(text) if _evaluating(s.text)
                 for hit in ((s.offset + at, v, w) for at, v, w in _intervals(s.text))]
        if found:
            _, value, words = min(found)
            return value, words
    return None


def evaluation_moments(*texts: str | None) -> list[Moment]:
    """The moments the evaluation answers name ("na een half jaar en aan het eind van het schooljaar"),
    leaving out sentences that only record or measure."""
    found: list[Moment] = []
    for text in texts:
        for s in sentences(text or ""):
            if _evaluating(s.text):
                found += moments(s.text)
    return found
