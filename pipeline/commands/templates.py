"""``dossier templates check``: lint the shipped templates and the dossiers' own overrides."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from pipeline.lint.check import check_templates
from pipeline.paths import DOSSIER_FILE, INPUTS
from pipeline.read.load import dossier_file
from pipeline.templates import TEMPLATES, warn_misplaced
from pipeline.ui import Reporter, plural


def _override_folders(folders: Sequence[Path]) -> list[Path]:
    """The dossier folders to check; none given means every dossier with a ``templates/`` folder."""
    if not folders:
        return sorted(p.parent for p in INPUTS.glob("*/templates") if p.is_dir())
    return [dossier_file(folder).parent for folder in folders]  # DossierNotFound says what is wrong


def templates_check(folders: Sequence[Path], *, out: Reporter) -> int:
    """Report every template problem; exit code 1 if there is any."""
    dossiers = _override_folders(folders)
    report = check_templates(dossiers)
    for finding in report.findings:
        out.error(str(finding))
    # every dossier that was asked for, or every dossier in inputs/: a misplaced template has no templates/
    for dossier in dossiers if folders else sorted(p.parent for p in INPUTS.glob(f"*/{DOSSIER_FILE}")):
        warn_misplaced(dossier, out)
    overrides = [d for d in dossiers if (d / "templates").is_dir()]
    where = f"{TEMPLATES.name}/" + (f" en de eigen sjablonen van {plural(len(overrides), 'dossier', 'dossiers')}"
                                    if overrides else "")
    scope = f"{plural(len(report.files), 'sjabloon', 'sjablonen')} ({where})"
    if report.findings:
        count = len(report.findings)
        out.error(f"{plural(count, 'probleem', 'problemen')} in {scope}")
        return 1
    out.info(f"✓ {scope}: geen problemen")
    return 0
