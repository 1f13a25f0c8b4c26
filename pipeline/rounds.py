"""The known DUO application rounds and the experiment's period: data, not text scattered over rules.

Sources: the DUO page (round 1: "uiterlijk op 15 december 2022 door DUO zijn ontvangen",
"Uiterlijk op 31 januari 2023 wordt beslist"), the Steunpunt Passend Onderwijs and OCW
newsletter of 6 July 2023 (round 2: 22 May to 31 July 2023, answer "voor 1 september 2023")
and the Besluit experiment onderwijszorgarrangementen (Stb. 2022, 449: 1 January 2023 to
1 January 2028). A later round is not known; a dossier for one describes it itself
(``aanvraagronde.uiterste_ontvangstdatum`` and ``beslisdatum``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta


@dataclass(frozen=True, slots=True)
class Period:
    """A period with an exclusive end: the experiment runs from 1 January 2023 *to* 1 January 2028."""

    start: date
    end: date  # the first day no longer in the period

    @property
    def last_day(self) -> date:
        return self.end - timedelta(days=1)


EXPERIMENT = Period(date(2023, 1, 1), date(2028, 1, 1))


@dataclass(frozen=True, slots=True)
class Round:
    """One application round: when DUO accepts applications and when it decides."""

    nummer: int
    naam: str
    uiterste_ontvangstdatum: date  # DUO must have received the application by this day
    beslisdatum: date  # DUO decides by this day
    open_vanaf: date | None = None  # first day applications are accepted, when announced


ROUNDS: tuple[Round, ...] = (
    Round(1, "Experiment onderwijszorgarrangementen, aanvraagronde 1 (2022)",
          date(2022, 12, 15), date(2023, 1, 31)),
    Round(2, "Experiment onderwijszorgarrangementen, aanvraagronde 2 (2023)",
          date(2023, 7, 31), date(2023, 8, 31), open_vanaf=date(2023, 5, 22)),
)


def round_by_number(number: int) -> Round:
    """The known round ``number``; ``KeyError`` for a round this tool does not know."""
    for r in ROUNDS:
        if r.nummer == number:
            return r
    raise KeyError(number)


def known_numbers() -> tuple[int, ...]:
    return tuple(r.nummer for r in ROUNDS)
