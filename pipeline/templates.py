"""Where templates live, and the override search path.

A dossier (``inputs/<naam>/templates/``) or an organisation can override a shipped
template without editing it; the first folder that has the file wins.
"""

from __future__ import annotations

from pathlib import Path

from pipeline.exceptions import TemplateProblem

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"


def template_dirs(dossier_folder: Path | None = None) -> list[Path]:
    """Search path, most specific first: the dossier's own templates, then the shipped ones."""
    dirs = []
    if dossier_folder is not None and (dossier_folder / "templates").is_dir():
        dirs.append((dossier_folder / "templates").resolve())
    dirs.append(TEMPLATES)
    return dirs


def find_template(relative: str, dossier_folder: Path | None = None) -> Path:
    """Resolve e.g. ``projectplan/projectplan.docx`` along the search path."""
    for base in template_dirs(dossier_folder):
        candidate = base / relative
        if candidate.is_file():
            return candidate
    raise TemplateProblem(f"template {relative} niet gevonden in {TEMPLATES}")
