"""Run every readiness rule on one loaded dossier and collect located findings."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Literal

from pipeline.check import (
    advices,
    documents,
    privacy,
    privacy_exits,
    rules_achterhoek,
    rules_dates,
    rules_duo,
    signatures,
)
from pipeline.check.findings import ERROR, WARNING, Context, Finding, Rule
from pipeline.check.sources import for_round
from pipeline.model.fields import dotted
from pipeline.read.validate import LoadedDossier
from pipeline.route.progress import recorded, recorded_progress

RULES: tuple[Rule, ...] = (
    *rules_duo.RULES, *advices.RULES, *documents.RULES, *rules_achterhoek.RULES, *rules_dates.RULES,
    *privacy.RULES, *privacy_exits.RULES, *advices.PRIVACY_RULES, *signatures.RULES,
)
SIGNING_RULES = frozenset(r.id for r in RULES if r.group == signatures.GROUP)
GROUPS: tuple[str, ...] = tuple(dict.fromkeys(r.group for r in RULES))

GENERAL_RULE = "DUO-INGEVULD"

# How far a dossier is, as every verdict says it (checklist, preview, status, batch table, exit code).
Niveau = Literal["niet klaar", "klaar om te laten tekenen", "klaar om in te dienen"]
NIET_KLAAR: Niveau = "niet klaar"
TE_TEKENEN: Niveau = "klaar om te laten tekenen"
IN_TE_DIENEN: Niveau = "klaar om in te dienen"

# The values are shown on the checklist.
Status = Literal["in orde", "nog doen", "fout", "waarschuwing", "n.v.t."]


def level_of(findings: tuple[Finding, ...] | list[Finding], *, strict: bool = False) -> Niveau:
    """Ready to submit: no errors at all; ready to sign: none but about the signatures (with ``strict``,
    no warnings either)."""
    errors = {f.id for f in findings if f.severity == ERROR}
    if errors - SIGNING_RULES or (strict and any(f.severity == WARNING for f in findings)):
        return NIET_KLAAR
    return TE_TEKENEN if errors else IN_TE_DIENEN


@dataclass(frozen=True, slots=True)
class RuleStatus:
    rule: Rule
    status: Status
    findings: tuple[Finding, ...]


@dataclass(frozen=True, slots=True)
class CheckResult:
    """The outcome of checking one dossier."""

    loaded: LoadedDossier
    today: date
    findings: tuple[Finding, ...]
    ondertekening: signatures.Ondertekening | None = None

    @property
    def errors(self) -> int:
        return sum(f.severity == ERROR for f in self.findings)

    @property
    def warnings(self) -> int:
        return sum(f.severity == WARNING for f in self.findings)

    @property
    def days_to_deadline(self) -> int:
        """Days until the round's uiterste ontvangstdatum (negative once it has passed)."""
        return (self.loaded.dossier.aanvraagronde.uiterste_ontvangstdatum - self.today).days

    def with_findings(self, extra: tuple[Finding, ...]) -> CheckResult:
        """The same check with findings added from outside the answers (the build's)."""
        return CheckResult(self.loaded, self.today, self.findings + extra, self.ondertekening)

    def level(self, *, strict: bool = False) -> Niveau:
        return level_of(self.findings, strict=strict)

    def ready(self, *, strict: bool = False) -> bool:
        """Ready to submit (signed by everyone): DUO's zip is made only then."""
        return self.level(strict=strict) == IN_TE_DIENEN


def check_dossier(loaded: LoadedDossier, *, today: date | None = None, readings: Path | None = None) -> CheckResult:
    """Check one dossier against every rule that applies to it. ``readings``: where what each signed
    copy and each advice says is kept by its content (``Places.readings``; None: read each again)."""
    progress = recorded(loaded.folder)  # read once: the route rules and PRIV-VOORTGANG share it
    ctx = Context(loaded, today or date.today(), progress.voortgang,
                  signatures.sign_state(loaded, readings), readings, voortgang_source=progress.source)
    src = loaded.source
    findings = []
    for rule in RULES:
        if not rule.applies_to(loaded.dossier):
            continue
        for m in rule.check(ctx):
            line, col = m.position or src.position(m.loc)
            findings.append(
                Finding(
                    id=rule.id, severity=m.severity, source=for_round(rule.source, loaded.dossier.aanvraagronde),
                    field=dotted(m.loc) or None,
                    file=m.file or src.path, line=line if not m.file or m.position else None,
                    column=col if not m.file or m.position else None,
                    message=m.text, what_to_do=m.what_to_do,
                )
            )
    # A field a specific rule already reports as an error (e.g. "n.v.t." as the projectplan's
    # vormgeving) is not reported again by the general "is it filled in" rule; a warning there
    # (privacy, say) must not hide that the answer is not filled in.
    specific = {f.field for f in findings if f.id != GENERAL_RULE and f.severity == ERROR}
    findings = [f for f in findings if f.id != GENERAL_RULE or f.field not in specific]
    return CheckResult(loaded, ctx.today, tuple(findings), ctx.ondertekening)


def rule_statuses(
    loaded: LoadedDossier, findings: tuple[Finding, ...] | list[Finding]
) -> list[RuleStatus]:
    """Every rule with its status for this dossier: the rows of the checklist."""
    rows = []
    voortgang = recorded_progress(loaded.folder)
    for rule in RULES:
        own = tuple(f for f in findings if f.id == rule.id)
        if not rule.applies_to(loaded.dossier):
            status: Status = "n.v.t."
        elif any(f.severity == ERROR for f in own):
            status = "fout"
        elif own:
            status = "waarschuwing"
        elif rule.gedaan is not None and not rule.gedaan(voortgang):
            status = "nog doen"
        elif rule.id in SIGNING_RULES and any(f.id in SIGNING_RULES and f.severity == ERROR for f in findings):
            status = "nog doen"  # signing is one step: none of it is in order until all of it is
        else:
            status = "in orde"
        rows.append(RuleStatus(rule, status, own))
    return rows
