"""Run every readiness rule on one loaded dossier and collect located findings."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Literal

from pipeline.check import documents, privacy, rules_achterhoek, rules_dates, rules_duo
from pipeline.check.findings import ERROR, WARNING, Context, Finding, Rule
from pipeline.model.fields import dotted
from pipeline.read.validate import LoadedDossier
from pipeline.route.progress import recorded_progress

RULES: tuple[Rule, ...] = (
    *rules_duo.RULES, *documents.RULES, *rules_achterhoek.RULES, *rules_dates.RULES, *privacy.RULES
)
GROUPS: tuple[str, ...] = tuple(dict.fromkeys(r.group for r in RULES))

GENERAL_RULE = "DUO-INGEVULD"

# The values are shown on the checklist.
Status = Literal["in orde", "nog doen", "fout", "waarschuwing", "n.v.t."]


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
        return CheckResult(self.loaded, self.today, self.findings + extra)

    def ready(self, *, strict: bool = False) -> bool:
        """Ready to submit: no errors (and, with ``strict``, no warnings either)."""
        return self.errors == 0 and not (strict and self.warnings)


def check_dossier(loaded: LoadedDossier, *, today: date | None = None) -> CheckResult:
    """Check one dossier against every rule that applies to it."""
    ctx = Context(loaded, today or date.today(), recorded_progress(loaded.folder))
    src = loaded.source
    findings = []
    for rule in RULES:
        if not rule.applies_to(loaded.dossier):
            continue
        for m in rule.check(ctx):
            line, col = m.position or src.position(m.loc)
            findings.append(
                Finding(
                    id=rule.id, severity=m.severity, source=rule.source,
                    field=dotted(m.loc) or None, file=src.path, line=line, column=col,
                    message=m.text, what_to_do=m.what_to_do,
                )
            )
    # A field a specific rule already reports as an error (e.g. "n.v.t." as the projectplan's
    # vormgeving) is not reported again by the general "is it filled in" rule; a warning there
    # (privacy, say) must not hide that the answer is not filled in.
    specific = {f.field for f in findings if f.id != GENERAL_RULE and f.severity == ERROR}
    findings = [f for f in findings if f.id != GENERAL_RULE or f.field not in specific]
    return CheckResult(loaded, ctx.today, tuple(findings))


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
        else:
            status = "in orde"
        rows.append(RuleStatus(rule, status, own))
    return rows
