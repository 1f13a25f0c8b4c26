"""Run every readiness rule on one loaded dossier and collect located findings."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Literal

from pipeline.check import privacy, rules_achterhoek, rules_duo
from pipeline.check.findings import FOUT, WAARSCHUWING, Context, Finding, Regel
from pipeline.model.fields import dotted
from pipeline.validate import LoadedDossier

REGELS: tuple[Regel, ...] = (*rules_duo.REGELS, *rules_achterhoek.REGELS, *privacy.REGELS)
GROEPEN: tuple[str, ...] = tuple(dict.fromkeys(r.groep for r in REGELS))

Status = Literal["in orde", "fout", "waarschuwing", "n.v.t."]


@dataclass(frozen=True, slots=True)
class RegelStatus:
    regel: Regel
    status: Status
    bevindingen: tuple[Finding, ...]


@dataclass(frozen=True, slots=True)
class Uitslag:
    """The outcome of checking one dossier."""

    loaded: LoadedDossier
    vandaag: date
    bevindingen: tuple[Finding, ...]

    @property
    def fouten(self) -> int:
        return sum(f.ernst == FOUT for f in self.bevindingen)

    @property
    def waarschuwingen(self) -> int:
        return sum(f.ernst == WAARSCHUWING for f in self.bevindingen)

    @property
    def dagen_tot_ontvangstdatum(self) -> int:
        return (self.loaded.dossier.aanvraagronde.uiterste_ontvangstdatum - self.vandaag).days

    def klaar(self, *, strict: bool = False) -> bool:
        """Ready to submit: no errors (and, with ``strict``, no warnings either)."""
        return self.fouten == 0 and not (strict and self.waarschuwingen)


def controleer(loaded: LoadedDossier, *, vandaag: date | None = None) -> Uitslag:
    """Check one dossier against every rule that applies to it."""
    ctx = Context(loaded, vandaag or date.today())
    src = loaded.source
    findings = []
    for regel in REGELS:
        if not regel.geldt_voor(loaded.dossier):
            continue
        for m in regel.controle(ctx):
            line, col = m.positie or src.position(m.loc)
            findings.append(
                Finding(
                    id=regel.id, ernst=m.ernst, bron=regel.bron, veld=dotted(m.loc) or None,
                    bestand=src.path, regel=line, kolom=col, melding=m.tekst,
                    wat_te_doen=m.wat_te_doen,
                )
            )
    return Uitslag(loaded, ctx.vandaag, tuple(findings))


def per_regel(loaded: LoadedDossier, findings: tuple[Finding, ...] | list[Finding]) -> list[RegelStatus]:
    """Every rule with its status for this dossier: the rows of the checklist."""
    rows = []
    for regel in REGELS:
        own = tuple(f for f in findings if f.id == regel.id)
        if not regel.geldt_voor(loaded.dossier):
            status: Status = "n.v.t."
        elif any(f.ernst == FOUT for f in own):
            status = "fout"
        elif own:
            status = "waarschuwing"
        else:
            status = "in orde"
        rows.append(RegelStatus(regel, status, own))
    return rows
