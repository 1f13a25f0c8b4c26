"""``dossier new NAAM``: start a dossier from an empty, fully commented dossier.yaml."""

from __future__ import annotations

from pathlib import Path

from pipeline.paths import INPUTS, display_path
from pipeline.scaffold import Soort, create_dossier
from pipeline.ui import Reporter


def new(naam: str, *, soort: Soort = "collectief", out: Reporter, inputs: Path = INPUTS) -> int:
    """Create ``inputs/<naam>/``; refuses (exit 1 via DossierError) if it already has a dossier.yaml."""
    target = create_dossier(inputs, naam, soort)
    folder = display_path(target.parent)
    out.info(f"✓ {display_path(target)} gemaakt ({soort} arrangement), met een lege map {folder}/bijlagen/")
    out.info(f"  Vul de velden in; ‘dossier validate {folder}’ noemt wat nog leeg is.")
    out.info(f"  Na het indienen: zet de datum van elke stap in {folder}/voortgang.yaml; "
             "‘dossier status’ toont de route.")
    return 0
