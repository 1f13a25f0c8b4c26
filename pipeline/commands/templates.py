"""``dossier templates check``: lint the shipped templates and the dossiers' own overrides."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from pipeline.lint.check import check_templates
from pipeline.load import dossier_file
from pipeline.paths import INPUTS, display_path
from pipeline.templates import TEMPLATES, misplaced_templates
from pipeline.ui import Reporter, plural


def _override_folders(folders: Sequence[Path]) -> list[Path]:
    """The dossier folders to check; none given means every dossier with a ``templates/`` folder."""
    if not folders:
        return sorted(p.parent for p in INPUTS.glob("*/templates") if p.is_dir())
    return [dossier_file(folder).parent for folder in folders]  # DossierNotFound says what is wrong


def warn_misplaced(dossier: Path, out: Reporter) -> None:
    """A template the build would never read: say so, and where it belongs."""
    for path, target in misplaced_templates(dossier):
        out.warn(f"{display_path(path)}: waarschuwing: dit sjabloon wordt niet gebruikt; zet het in "
                 f"{display_path(target)}")


def templates_check(folders: Sequence[Path], *, out: Reporter) -> int:
    """Report every template problem; exit code 1 if there is any."""
    dossiers = _override_folders(folders)
    report = check_templates(dossiers)
    for finding in report.findings:
        out.error(str(finding))
    for dossier in dossiers:
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
