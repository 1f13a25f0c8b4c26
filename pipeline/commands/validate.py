"""``dossier validate``: is each dossier.yaml complete and well-formed?"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from pipeline.exceptions import DossierError
from pipeline.paths import display_path
from pipeline.read.validate import load_dossier
from pipeline.route.progress import load_progress
from pipeline.ui import Reporter


def validate(folders: Iterable[Path], *, out: Reporter) -> int:
    """Validate every folder; report all problems of all dossiers. Returns the exit code."""
    failed = 0
    for folder in folders:
        try:
            loaded = load_dossier(folder)
        except DossierError as exc:
            failed += 1
            out.error(str(exc))
            continue
        out.info(f"✓ {display_path(loaded.source.path)}: geldig")
        try:  # the progress beside it (the route after submission), when there is one
            progress = load_progress(loaded.folder)
        except DossierError as exc:
            failed += 1
            out.error(str(exc))
            continue
        if progress.source is not None:
            out.info(f"✓ {display_path(progress.source.path)}: geldig")
    return 1 if failed else 0
