"""Readiness check: is a dossier ready to submit to DUO and the Achterhoek adviesgroep?

Rules live per source (``rules_duo``, ``rules_achterhoek``, ``privacy``), each quoting the
seed sentence it enforces (``sources``); ``engine`` runs them, ``report`` prints them and
``checklist`` renders them as HTML/PDF.
"""

from pipeline.check.engine import RULES, CheckResult, check_dossier, rule_statuses
from pipeline.check.findings import Finding

__all__ = ["RULES", "CheckResult", "Finding", "check_dossier", "rule_statuses"]
