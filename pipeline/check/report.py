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

from pipeline.check.engine import IN_TE_DIENEN, SIGNING_RULES, TE_TEKENEN, CheckResult
from pipeline.check.findings import ERROR, Finding
from pipeline.dates import datum
from pipeline.exceptions import InvalidDossier
from pipeline.paths import display_path
from pipeline.ui import plural

WIDTH = 100
INDENT = 4
HEADERS = ("PLAATS", "ERNST", "REGEL", "VELD")


@dataclass(frozen=True, slots=True)
class InvalidResult:
    """A dossier that could not be checked because it does not load or validate."""

    folder: Path
    error: Exception

    @property
    def problems(self) -> list[dict[str, Any]]:
        if isinstance(self.error, InvalidDossier):
            return [
                {
                    "bestand": display_path(p.file), "regel": p.line, "kolom": p.column,
                    "veld": p.field, "melding": p.message,
                }
                for p in self.error.problems
            ]
        return [{"bestand": display_path(self.folder), "regel": None, "kolom": None,
                 "veld": None, "melding": str(self.error)}]


def verdict_line(result: CheckResult, *, strict: bool) -> str:
    """One line verdict: ``✓ … klaar om in te dienen``, ``✓ … klaar om te laten tekenen (nog 2 handtekeningen)``
    or ``✗ … niet klaar: 2 fouten``."""
    where = display_path(result.loaded.source.path)
    level = result.level(strict=strict)
    signing = [f for f in result.findings if f.severity == ERROR and f.id in SIGNING_RULES]
    counts = []
    if result.errors - len(signing):
        counts.append(plural(result.errors - len(signing), "fout", "fouten"))
    if result.warnings:
        counts.append(plural(result.warnings, "waarschuwing", "waarschuwingen"))
    if level == IN_TE_DIENEN:
        extra = f" ({', '.join(counts)})" if counts else ""
        return f"✓ {where}: klaar om in te dienen{extra}"
    if level == TE_TEKENEN:
        counts.insert(0, f"ondertekening: nog {plural(len(signing), 'melding', 'meldingen')}")
        return f"✓ {where}: klaar om te laten tekenen ({', '.join(counts)})"
    reason = ", ".join(counts)
    if not result.errors - len(signing):
        reason += " (--strict: waarschuwingen tellen als fout)"
    return f"✗ {where}: niet klaar: {reason}"


def first_finding(result: CheckResult) -> str:
    """Why a dossier is not ready, in one line: its first error (in file order) and how many more.

    The batch summary of ``dossier build`` names it, so "niet klaar" is never without a reason: an error
    about the answers before one about the signatures, which only matter once the rest is in order.
    """
    errors = [f for f in result.findings if f.severity == ERROR]
    blocking = [f for f in errors if f.id not in SIGNING_RULES] or errors
    if not blocking:
        return ""
    first = min(blocking, key=lambda f: (f.line or 0, f.column or 0))
    more = len(blocking) - 1
    rest = f" (en nog {plural(more, 'fout', 'fouten')})" if more else ""
    return f"{first.location}: {first.field + ': ' if first.field else ''}{first.message}{rest}"


def deadline_line(result: CheckResult) -> str:
    days = result.days_to_deadline
    when = datum(result.loaded.dossier.aanvraagronde.uiterste_ontvangstdatum)
    if days < 0:
        return f"Uiterste ontvangstdatum bij DUO: {when} (verstreken)."
    if days == 0:
        return f"Uiterste ontvangstdatum bij DUO: {when} (vandaag)."
    return f"Uiterste ontvangstdatum bij DUO: {when} (nog {plural(days, 'dag', 'dagen')})."


def table(findings: Sequence[Finding]) -> list[str]:
    """Findings as a table: a header, then per finding a row and its indented explanation; in
    the order of the file (several on one line from left to right), as the user goes through it."""
    findings = sorted(findings, key=lambda f: (f.line or 0, f.column or 0))
    rows = [(f.location, f.severity, f.id, f.field or "") for f in findings]
    widths = [max(len(k), *(len(r[i]) for r in rows)) for i, k in enumerate(HEADERS)]

    def line(cells: Sequence[str]) -> str:
        return "  ".join(c.ljust(w) for c, w in zip(cells, widths, strict=True)).rstrip()

    out = [line(HEADERS), line(["-" * w for w in widths])]
    indent = " " * INDENT
    for f, row in zip(findings, rows, strict=True):
        out.append(line(row))
        for text in (
            f.message[:1].upper() + f.message[1:] + ".",
            f"Wat te doen: {f.what_to_do}",
            f"Bron: {f.source}",
        ):
            out.extend(textwrap.wrap(text, WIDTH, initial_indent=indent,
                                     subsequent_indent=indent + "  "))
    return out


def text_report(result: CheckResult) -> list[str]:
    """The terminal report of one dossier, without the verdict line."""
    d = result.loaded.dossier
    out = [
        f"Controle {display_path(result.loaded.source.path)}: {d.arrangement.soort} "
        f"arrangement ‘{d.arrangement.naam}’",
        deadline_line(result),
    ]
    if result.findings:
        out.append("")
        out.extend(table(result.findings))
    return out


# The JSON keys below are the interface of ``dossier check --format json``: tools read them.


def result_dict(result: CheckResult, *, strict: bool, files: Sequence[Path] = ()) -> dict[str, Any]:
    round_ = result.loaded.dossier.aanvraagronde
    return {
        "dossier": display_path(result.loaded.folder),
        "bestand": display_path(result.loaded.source.path),
        "geldig": True,
        "klaar": result.ready(strict=strict),
        "niveau": result.level(strict=strict),
        "fouten": result.errors,
        "waarschuwingen": result.warnings,
        "gecontroleerd_op": result.today.isoformat(),
        "uiterste_ontvangstdatum": round_.uiterste_ontvangstdatum.isoformat(),
        "dagen_tot_ontvangstdatum": result.days_to_deadline,
        "bevindingen": [f.as_dict() for f in result.findings],
        "validatiefouten": [],
        "checklist": [display_path(p) for p in files],
    }


def invalid_dict(invalid: InvalidResult) -> dict[str, Any]:
    return {
        "dossier": display_path(invalid.folder),
        "geldig": False,
        "klaar": False,
        "niveau": "niet klaar",
        "bevindingen": [],
        "validatiefouten": invalid.problems,
    }


def json_report(dossiers: list[dict[str, Any]], *, strict: bool) -> str:
    return json.dumps(
        {"klaar": all(d["klaar"] for d in dossiers), "strict": strict, "dossiers": dossiers},
        ensure_ascii=False, indent=2,
    )
