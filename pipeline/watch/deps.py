"""From a changed file to exactly the documents it feeds.

The dependencies follow from the template layout, the same contract the build cache uses
(``pipeline.templates.dependencies``), so nothing is guessed:

- ``inputs/<naam>/…`` (the answers, bijlagen): every document of that dossier, except
  ``ingediend/`` (what was sent, kept by the run itself) and ``ondertekend/`` and
  voortgang.yaml (the signed copies and who signed: the check and the checklist, no document);
- ``templates/<id>/*.docx`` (the Word template ``<id>.docx``, the document's only source):
  the DOCX and the PDF of ``<id>``, for every dossier;
- every other file of ``templates/`` (``stijl.css`` and what it uses: images, fonts, in
  the top folder or a shared subfolder): every PDF of every dossier;
- ``inputs/<naam>/templates/…`` overrides: the same rules, for that dossier only; and a
  dossier that overrides a shipped file does not depend on the shipped one any more.

- ``templates/checklist/*.html`` (and a dossier's override): the checklist of every dossier
  (a run that renders no document).

Other files in ``templates/`` feed nothing, so saving them rebuilds nothing.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from pipeline.documents import BY_ID, DOCUMENTEN
from pipeline.paths import ARCHIVE, DOSSIER_FILE, PROGRESS_FILE, SIGNED
from pipeline.paths import DOCUMENT_FORMATS as FORMATS
from pipeline.templates import role
from pipeline.watch.filter import absolute

OVERRIDES = "templates"  # a dossier's own template folder, see pipeline.templates.template_dirs
CHECKLIST = "checklist"  # its template's folder: a change there makes the checklist again, no document
ALL_IDS: tuple[str, ...] = tuple(d.id for d in DOCUMENTEN)


@dataclass(frozen=True, slots=True, order=True)
class Target:
    """One output file to rebuild: a document of a dossier in one format."""

    dossier: Path
    document: str
    fmt: str


@dataclass(frozen=True, slots=True)
class RunCall:
    """One call of the run: these documents, in these formats."""

    only: tuple[str, ...]
    formats: tuple[str, ...]


class Layout:
    """Where the dossiers and the shipped templates are, as watch mode sees them.

    Either a fixed list of dossier folders (``dossier watch inputs/a inputs/b``), or every
    folder with a dossier.yaml below ``inputs`` at the moment of asking, so a dossier
    created while watching is picked up by its first save.
    """

    def __init__(self, templates: Path, *, inputs: Path | None = None, dossiers: Sequence[Path] = ()) -> None:
        if inputs is None and not dossiers:
            raise ValueError("Layout needs an inputs folder or explicit dossier folders")
        self.templates = absolute(templates)
        self.inputs = absolute(inputs) if inputs is not None and not dossiers else None
        self.fixed = tuple(absolute(d) for d in dossiers)

    def dossiers(self) -> list[Path]:
        if self.inputs is None:
            return list(self.fixed)
        return sorted(p.parent for p in self.inputs.glob(f"*/{DOSSIER_FILE}"))

    def watched_roots(self) -> list[Path]:
        """Folders to observe: the templates, and the dossiers (or the folder holding them)."""
        roots = [self.templates, *([self.inputs] if self.inputs is not None else self.fixed)]
        return [r for r in roots if r.is_dir()]

    def dossier_of(self, path: Path) -> Path | None:
        """The dossier folder a changed path belongs to, if any."""
        if self.inputs is None:
            return next((d for d in self.fixed if path.is_relative_to(d)), None)
        if not path.is_relative_to(self.inputs) or path == self.inputs:
            return None
        folder = self.inputs / path.relative_to(self.inputs).parts[0]
        if (folder / DOSSIER_FILE).is_file() or path == folder / DOSSIER_FILE:
            return folder  # a deleted dossier.yaml still concerns its dossier: report it
        return None


def template_targets(relative: Path) -> set[tuple[str, str]]:
    """(document, format) pairs fed by a file at ``relative`` inside a templates folder."""
    parts = relative.parts
    if not parts:  # the templates folder itself appeared or moved
        return {(doc, fmt) for doc in ALL_IDS for fmt in FORMATS}
    if len(parts) == 1 and parts[0] in BY_ID:  # a whole document folder appeared or moved
        return {(parts[0], fmt) for fmt in FORMATS}
    if parts[0] == CHECKLIST and relative.suffix.lower() == ".html":  # the checklist's own template
        return {(CHECKLIST, "html")}
    what = role(relative, ALL_IDS)  # the same rule as the build cache
    if what is None:
        return set()
    kind, document = what
    if kind == "bron":
        return {(document, fmt) for fmt in FORMATS}
    return {(doc, "pdf") for doc in ALL_IDS}  # shared: the look of every PDF


def affected(path: Path, layout: Layout) -> set[Target]:
    """Every output file that depends on ``path``; empty when nothing does."""
    path = absolute(path)
    if path.is_relative_to(layout.templates):
        relative = path.relative_to(layout.templates)
        pairs = template_targets(relative)
        return {
            Target(dossier, doc, fmt)
            for dossier in layout.dossiers()
            if not (relative.parts and (dossier / OVERRIDES / relative).is_file())  # shadowed
            for doc, fmt in pairs
        }
    dossier = layout.dossier_of(path)
    if dossier is None:
        return set()
    relative = path.relative_to(dossier)
    if relative.parts and relative.parts[0] == ARCHIVE:  # what was sent feeds no document
        return set()
    if relative.parts and (relative.parts[0] == SIGNED or relative == Path(PROGRESS_FILE)):
        return {Target(dossier, CHECKLIST, "html")}  # read by the check: the verdict and the zips, no document
    if relative.parts and relative.parts[0] == OVERRIDES:
        pairs = template_targets(Path(*relative.parts[1:]))
    else:
        pairs = {(doc, fmt) for doc in ALL_IDS for fmt in FORMATS}
    return {Target(dossier, doc, fmt) for doc, fmt in pairs}


def run_calls(targets: Iterable[Target]) -> dict[Path, list[RunCall]]:
    """Per dossier: one run call for every document and format that changed.

    One call, because a document's PDF is made from its rendered Word document: the build
    renders each Word template once, hands the HTML to the PDF workers and writes the
    DOCX while they lay it out. Outputs that did not change are left alone by the cache.
    """
    wanted: dict[Path, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for target in targets:
        wanted[target.dossier][target.fmt].add(target.document)
    calls = {}
    for dossier in sorted(wanted):
        documents = set().union(*wanted[dossier].values())
        calls[dossier] = [RunCall(tuple(d for d in ALL_IDS if d in documents),
                                  tuple(fmt for fmt in FORMATS if wanted[dossier][fmt]))]
    return calls
