"""What a readiness rule is and what it reports.

A rule (``Rule``) yields unlocated ``Message``s; the engine turns them into ``Finding``s
that carry the rule id, its seed quote, the field path and the YAML line, so every rule
module stays free of bookkeeping.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from pipeline.check.sources import SeedSource
from pipeline.model.answers import Dossier
from pipeline.paths import display_path
from pipeline.read.load import Loc, Source
from pipeline.read.validate import LoadedDossier
from pipeline.route.progress import Voortgang

if TYPE_CHECKING:
    from pipeline.check.signatures import Ondertekening

# The values are what users see (report column ERNST, JSON "ernst", checklist CSS class).
Severity = Literal["fout", "waarschuwing"]
ERROR: Severity = "fout"
WARNING: Severity = "waarschuwing"


@dataclass(frozen=True, slots=True)
class Context:
    """Everything a rule may look at; ``today`` is injected so deadlines are testable."""

    loaded: LoadedDossier
    today: date
    voortgang: Voortgang = field(default_factory=Voortgang)  # what voortgang.yaml records (steps taken)
    ondertekening: Ondertekening | None = None  # the signed copies as read (``signatures.sign_state``)
    readings: Path | None = None  # where what a file says is kept by its content (``Places.readings``)
    voortgang_source: Source | None = None  # the file it was read from, for positions (None: none, or invalid)

    @property
    def dossier(self) -> Dossier:
        return self.loaded.dossier


@dataclass(frozen=True, slots=True)
class Message:
    """One problem as a rule sees it: where in the answers, what is wrong, what to do."""

    loc: Loc
    text: str
    what_to_do: str
    severity: Severity = ERROR
    position: tuple[int, int] | None = None  # exact line/column, when better than the field's
    file: Path | None = None  # another file than dossier.yaml (a signed copy, voortgang.yaml)


def _always(_: Dossier) -> bool:
    return True


@dataclass(frozen=True, slots=True)
class Rule:
    """One readiness condition, with the seed sentence it enforces."""

    id: str
    title: str  # what must be true, as shown on the checklist
    source: SeedSource
    check: Callable[[Context], Iterable[Message]]
    applies_to: Callable[[Dossier], bool] = _always
    group: str = "DUO"
    # For a step the applicant takes (submitting, mailing the form): has it been taken? Until then
    # the checklist says "nog doen", never "in orde".
    gedaan: Callable[[Voortgang], bool] | None = None  # a step: 'nog doen' until voortgang.yaml records it


@dataclass(frozen=True, slots=True)
class Finding:
    """A located finding: rule id, severity, seed rule, field path, YAML line, what to do."""

    id: str
    severity: Severity
    source: SeedSource
    field: str | None
    file: Path
    line: int | None
    column: int | None
    message: str
    what_to_do: str

    @property
    def location(self) -> str:
        """``dossier.yaml:12:5`` as editors understand it."""
        where = display_path(self.file)
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        return where

    def as_dict(self) -> dict[str, Any]:
        """The finding in ``dossier check --format json``; the Dutch keys are its interface."""
        return {
            "id": self.id,
            "ernst": self.severity,
            "bron": {"document": self.source.document, "citaat": self.source.quote},
            "veld": self.field,
            "bestand": display_path(self.file),
            "regel": self.line,
            "kolom": self.column,
            "melding": self.message,
            "wat_te_doen": self.what_to_do,
        }
