"""Readiness check: is a dossier ready to submit to DUO and the Achterhoek adviesgroep?

Rules live per source (``rules_duo``, ``rules_achterhoek``, ``privacy``), each quoting the
seed sentence it enforces (``sources``); ``engine`` runs them, ``report`` prints them and
``checklist`` renders them as HTML/PDF. The package itself imports nothing, so a rule module can
import ``pipeline.check.sources`` without a circle through ``engine``.
"""
