"""Names of the places the tool reads from and writes to, in one light module.

Light on purpose: the CLI needs them before it imports anything heavy.
"""

from __future__ import annotations

from pathlib import Path

DOSSIER_FILE = "dossier.yaml"
INPUTS = Path("inputs")
BUILD_ROOT = Path("build")
# Names of outputs that light modules (the unchanged report, the route) also need.
CHECKLIST_HTML = "checklist.html"
CHECKLIST_PDF = "checklist.pdf"
BUNDLE_SUFFIX = "-aanvraag.zip"  # DUO's zip; pipeline.bundle adds the region's


def display_path(path: Path) -> str:
    """Show paths relative to the working directory when possible, as users typed them."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def output_folder(folder: Path, root: Path = BUILD_ROOT) -> Path:
    """``build/<naam>/`` for a dossier folder: the one rule every command and watch mode use."""
    if folder.name == DOSSIER_FILE:  # the dossier.yaml itself was given
        folder = folder.parent
    return root / folder.resolve().name


def shared_outputs(folders: list[Path], root: Path = BUILD_ROOT) -> list[str]:
    """Dutch messages for dossiers that would write into the same output folder.

    Two folders named alike (``a/voorbeeld``, ``b/voorbeeld``) would mix their documents and
    their zip; that is refused before anything is built.
    """
    by_output: dict[Path, list[Path]] = {}
    for folder in folders:
        by_output.setdefault(output_folder(folder, root), [])
        resolved = (folder.parent if folder.name == DOSSIER_FILE else folder).resolve()
        if resolved not in by_output[output_folder(folder, root)]:
            by_output[output_folder(folder, root)].append(resolved)
    return [
        f"{' en '.join(str(f) for f in sources)} zouden allebei in {target}/ komen; geef één van de "
        "mappen een andere naam (de naam van de map is de naam van het dossier)"
        for target, sources in by_output.items() if len(sources) > 1
    ]
