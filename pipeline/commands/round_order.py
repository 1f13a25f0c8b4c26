"""The order in which a round of several dossiers is handed to the workers: longest first.

A batch worker takes one dossier at a time and makes what is due in it. When the last
dossier handed out is a long one, one core works on while the others idle; handed out
longest first, the round ends on short ones. What is due is known only after reading a
dossier, which the workers do, so the order is estimated here from what the last round left
in each output folder: the seconds each PDF took (``OutputCache.record``) for the PDFs older
than their dossier's answers or their templates. The round after one shared template
changed thus becomes a list of single documents (one due PDF per dossier), ordered by how
long each took last time. A dossier never built has everything due: it goes first, the
largest answers first.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from pipeline.documents import DOCUMENTEN
from pipeline.paths import CACHE_FILE, Places

_Sources = dict[tuple[str, tuple[Path, ...]], float]  # (document, template folders) → newest source


def _mtime(path: Path) -> float | None:
    try:
        return path.stat().st_mtime
    except OSError:
        return None


def _answers(folder: Path) -> Path:
    return folder / "dossier.yaml" if folder.is_dir() else folder


def _answers_size(folder: Path) -> int:
    """How long a dossier never built takes, roughly: the size of its answers (more rows, longer documents)."""
    try:
        return _answers(folder).stat().st_size
    except OSError:
        return 0


def _template_dirs(folder: Path) -> tuple[Path, ...] | None:
    """The folder's template search path; None when the worker will refuse it (it says why; here
    it is only an estimate)."""
    from pipeline import templates

    try:
        return tuple(templates.template_dirs(folder if folder.is_dir() else None))
    except Exception:
        return None


def _newest_source(cache: _Sources, document_id: str, folder: Path, dirs: tuple[Path, ...]) -> float:
    """The newest modification time of the templates (and shared styles) a document's PDF is made from."""
    from pipeline import templates

    key = (document_id, dirs)  # dossiers linking one organisation folder share their answer
    if key not in cache:
        sources = templates.dependencies(document_id, "pdf", folder if folder.is_dir() else None)
        cache[key] = max((_mtime(path) or float("inf") for path in sources), default=0.0)
    return cache[key]


def due_seconds(folder: Path, output_root: Path, sources: _Sources | None = None) -> float | None:
    """The seconds the PDFs due in ``folder`` took last time; None when no round left its times."""
    out = Places.of(folder, output_root).out
    try:
        entries = json.loads((out / CACHE_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(entries, dict):
        return None
    answers = _mtime(_answers(folder)) or float("inf")
    dirs = _template_dirs(folder)
    sources = {} if sources is None else sources
    total, known = 0.0, False
    for doc in DOCUMENTEN:
        entry = entries.get(doc.bestand("pdf"))
        if not isinstance(entry, dict) or not isinstance(entry.get("seconds"), int | float):
            continue
        known = True
        made = _mtime(out / doc.bestand("pdf"))
        if made is None or dirs is None or made < max(answers, _newest_source(sources, doc.id, folder, dirs)):
            total += float(entry["seconds"])
    return total if known else None


def longest_first(folders: list[Path], output_root: Path,
                  estimate: Callable[[Path, Path, _Sources], float | None] = due_seconds,
                  ) -> list[Path]:
    """``folders`` in the order to hand them out: never built (largest answers first), then by the
    seconds of their due PDFs, longest first; a dossier with nothing due (the round skips it in
    milliseconds) last."""
    sources: _Sources = {}

    def order(folder: Path) -> tuple[int, float]:
        seconds = estimate(folder, output_root, sources)
        return (0, -float(_answers_size(folder))) if seconds is None else (1, -seconds)

    return sorted(folders, key=order)
