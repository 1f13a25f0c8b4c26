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


SOURCE_SUFFIXES = (".docx", ".html")  # a document's Word template; the checklist's HTML template
STYLESHEET_SUFFIXES = (".css",)


def dependencies(document_id: str, fmt: str, dossier_folder: Path | None = None) -> list[Path]:
    """Every template file a document's ``fmt`` output is rendered from, by layout.

    The layout is the contract: ``templates/<id>/`` holds one document's Word template,
    its only source; the stylesheet(s) at the top of ``templates/`` (stijl.css) give every
    PDF and preview its look. So a DOCX depends on ``<id>/*.docx``, a PDF on that plus the
    stylesheet. The same rule holds inside a dossier's ``templates/`` override folder.
    Used by the build cache and by watch mode to know exactly what a change affects.
    """
    found: dict[Path, Path] = {}  # relative name → the file that wins (first folder on the path)
    for base in template_dirs(dossier_folder):
        own = base / document_id
        candidates = [p for p in sorted(own.iterdir()) if p.suffix in SOURCE_SUFFIXES] if own.is_dir() else []
        if fmt != "docx":
            candidates += [p for p in sorted(base.iterdir()) if p.suffix in STYLESHEET_SUFFIXES]
        for path in candidates:
            if path.is_file():
                found.setdefault(path.relative_to(base), path)  # an override shadows the shipped file
    return list(found.values())
