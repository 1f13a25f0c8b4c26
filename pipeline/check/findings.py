"""What a readiness rule is and what it reports.

A rule (``Regel``) yields unlocated ``Melding``s; the engine turns them into ``Finding``s
that carry the rule id, its seed quote, the field path and the YAML line, so every rule
module stays free of bookkeeping.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, Literal

from pipeline.check.bronnen import Bron
from pipeline.exceptions import display_path
from pipeline.load import Loc
from pipeline.model.answers import Dossier
from pipeline.validate import LoadedDossier

Ernst = Literal["fout", "waarschuwing"]
FOUT: Ernst = "fout"
WAARSCHUWING: Ernst = "waarschuwing"


@dataclass(frozen=True, slots=True)
class Context:
    """Everything a rule may look at; ``vandaag`` is injected so deadlines are testable."""

    loaded: LoadedDossier
    vandaag: date

    @property
    def dossier(self) -> Dossier:
        return self.loaded.dossier


@dataclass(frozen=True, slots=True)
class Melding:
    """One problem as a rule sees it: where in the answers, what is wrong, what to do."""

    loc: Loc
    tekst: str
    wat_te_doen: str
    ernst: Ernst = FOUT
    positie: tuple[int, int] | None = None  # exact line/column, when better than the field's


def _altijd(_: Dossier) -> bool:
    return True


@dataclass(frozen=True, slots=True)
class Regel:
    """One readiness condition, with the seed sentence it enforces."""

    id: str
    titel: str  # what must be true, as shown on the checklist
    bron: Bron
    controle: Callable[[Context], Iterable[Melding]]
    geldt_voor: Callable[[Dossier], bool] = _altijd
    groep: str = "DUO"


@dataclass(frozen=True, slots=True)
class Finding:
    """A located finding: rule id, severity, seed rule, field path, YAML line, what to do."""

    id: str
    ernst: Ernst
    bron: Bron
    veld: str | None
    bestand: Path
    regel: int | None
    kolom: int | None
    melding: str
    wat_te_doen: str

    @property
    def plaats(self) -> str:
        """``dossier.yaml:12:5`` as editors understand it."""
        where = display_path(self.bestand)
        if self.regel is not None:
            where += f":{self.regel}"
            if self.kolom is not None:
                where += f":{self.kolom}"
        return where

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "ernst": self.ernst,
            "bron": {"document": self.bron.document, "citaat": self.bron.citaat},
            "veld": self.veld,
            "bestand": display_path(self.bestand),
            "regel": self.regel,
            "kolom": self.kolom,
            "melding": self.melding,
            "wat_te_doen": self.wat_te_doen,
        }
