"""The check's output for people (a terminal table) and for tools (JSON).

The table puts ``bestand:regel:kolom`` first in each row so editors and terminals can
jump to the line; each row is followed by the message, what to do and the quoted rule.
"""

from __future__ import annotations

import json
import textwrap
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pipeline.check.engine import Uitslag
from pipeline.check.findings import Finding
from pipeline.exceptions import InvalidDossier, display_path
from pipeline.render.context import datum

BREEDTE = 100
INSPRONG = 4
KOPPEN = ("PLAATS", "ERNST", "REGEL", "VELD")


@dataclass(frozen=True, slots=True)
class Ongeldig:
    """A dossier that could not be checked because it does not load or validate."""

    folder: Path
    fout: Exception

    @property
    def problemen(self) -> list[dict[str, Any]]:
        if isinstance(self.fout, InvalidDossier):
            return [
                {
                    "bestand": display_path(p.file), "regel": p.line, "kolom": p.column,
                    "veld": p.field, "melding": p.message,
                }
                for p in self.fout.problems
            ]
        return [{"bestand": display_path(self.folder), "regel": None, "kolom": None,
                 "veld": None, "melding": str(self.fout)}]


def _meervoud(n: int, een: str, meer: str) -> str:
    return f"{n} {een if n == 1 else meer}"


def samenvatting(uitslag: Uitslag, *, strict: bool) -> str:
    """One line verdict: ``✓ … klaar om in te dienen`` or ``✗ … niet klaar: 2 fouten``."""
    where = display_path(uitslag.loaded.source.path)
    tellers = []
    if uitslag.fouten:
        tellers.append(_meervoud(uitslag.fouten, "fout", "fouten"))
    if uitslag.waarschuwingen:
        tellers.append(_meervoud(uitslag.waarschuwingen, "waarschuwing", "waarschuwingen"))
    if uitslag.klaar(strict=strict):
        extra = f" ({', '.join(tellers)})" if tellers else ""
        return f"✓ {where}: klaar om in te dienen{extra}"
    reden = ", ".join(tellers)
    if not uitslag.fouten:
        reden += " (--strict: waarschuwingen tellen als fout)"
    return f"✗ {where}: niet klaar: {reden}"


def deadline_regel(uitslag: Uitslag) -> str:
    dagen = uitslag.dagen_tot_ontvangstdatum
    wanneer = datum(uitslag.loaded.dossier.aanvraagronde.uiterste_ontvangstdatum)
    if dagen < 0:
        return f"Uiterste ontvangstdatum bij DUO: {wanneer} (verstreken)."
    if dagen == 0:
        return f"Uiterste ontvangstdatum bij DUO: {wanneer} (vandaag)."
    return f"Uiterste ontvangstdatum bij DUO: {wanneer} (nog {_meervoud(dagen, 'dag', 'dagen')})."


def tabel(findings: Sequence[Finding]) -> list[str]:
    """Findings as a table: a header, then per finding a row and its indented explanation."""
    rows = [(f.plaats, f.ernst, f.id, f.veld or "") for f in findings]
    widths = [max(len(k), *(len(r[i]) for r in rows)) for i, k in enumerate(KOPPEN)]

    def line(cells: Sequence[str]) -> str:
        return "  ".join(c.ljust(w) for c, w in zip(cells, widths, strict=True)).rstrip()

    out = [line(KOPPEN), line(["-" * w for w in widths])]
    indent = " " * INSPRONG
    for f, row in zip(findings, rows, strict=True):
        out.append(line(row))
        for text in (
            f.melding[:1].upper() + f.melding[1:] + ".",
            f"Wat te doen: {f.wat_te_doen}",
            f"Bron: {f.bron}",
        ):
            out.extend(textwrap.wrap(text, BREEDTE, initial_indent=indent,
                                     subsequent_indent=indent + "  "))
    return out


def tekst_rapport(uitslag: Uitslag) -> list[str]:
    """The terminal report of one dossier, without the verdict line."""
    d = uitslag.loaded.dossier
    out = [
        f"Controle {display_path(uitslag.loaded.source.path)}: {d.arrangement.soort} "
        f"arrangement ‘{d.arrangement.naam}’",
        deadline_regel(uitslag),
    ]
    if uitslag.bevindingen:
        out.append("")
        out.extend(tabel(uitslag.bevindingen))
    return out


def uitslag_dict(uitslag: Uitslag, *, strict: bool, bestanden: Sequence[Path] = ()) -> dict[str, Any]:
    ronde = uitslag.loaded.dossier.aanvraagronde
    return {
        "dossier": display_path(uitslag.loaded.folder),
        "bestand": display_path(uitslag.loaded.source.path),
        "geldig": True,
        "klaar": uitslag.klaar(strict=strict),
        "fouten": uitslag.fouten,
        "waarschuwingen": uitslag.waarschuwingen,
        "gecontroleerd_op": uitslag.vandaag.isoformat(),
        "uiterste_ontvangstdatum": ronde.uiterste_ontvangstdatum.isoformat(),
        "dagen_tot_ontvangstdatum": uitslag.dagen_tot_ontvangstdatum,
        "bevindingen": [f.as_dict() for f in uitslag.bevindingen],
        "validatiefouten": [],
        "checklist": [display_path(p) for p in bestanden],
    }


def ongeldig_dict(ongeldig: Ongeldig) -> dict[str, Any]:
    return {
        "dossier": display_path(ongeldig.folder),
        "geldig": False,
        "klaar": False,
        "bevindingen": [],
        "validatiefouten": ongeldig.problemen,
    }


def json_rapport(dossiers: list[dict[str, Any]], *, strict: bool) -> str:
    return json.dumps(
        {"klaar": all(d["klaar"] for d in dossiers), "strict": strict, "dossiers": dossiers},
        ensure_ascii=False, indent=2,
    )
