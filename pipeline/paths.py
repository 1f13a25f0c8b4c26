"""Every place the tool reads from and writes to, named once.

``build/<naam>/`` holds what the current inputs make (disposable: ``make clean`` may remove
it); ``inputs/<naam>/`` holds what the applicant owns, including the archive of what was
sent (``ingediend/<datum>/``), which no clean and no fresh clone may touch. Nothing else in
the tool types a file name of either: ask ``Places``.

Light on purpose: the CLI needs these names before it imports anything heavy.
"""

from __future__ import annotations

import os
import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Literal

DOSSIER_FILE = "dossier.yaml"
PROGRESS_FILE = "voortgang.yaml"
INPUTS = Path("inputs")
BUILD_ROOT = Path("build")
SIGNED = "ondertekend"  # inputs/<naam>/ondertekend/: the signed copies that came back
ARCHIVE = "ingediend"  # inputs/<naam>/ingediend/<datum>/: the bundle as it was sent
CACHE_FILE = ".dossier-cache.json"
CHECKLIST_HTML = "checklist.html"
CHECKLIST_PDF = "checklist.pdf"
CALENDAR = "termijnen.ics"
DOCUMENT_FORMATS = ("docx", "pdf")
ATTACHMENT_PREFIX = "bijlage-"  # build/<naam>/bijlage-4-adviezen-medezeggenschapsraad.pdf: DUO's attachment 4

Recipient = Literal["duo", "sociaal-domein", "gemeente", "ondertekening"]
# Each recipient's zip by the end of its name: DUO's, and the region's for the document of its route.
BUNDLE_SUFFIXES: dict[Recipient, str] = {
    "duo": "-aanvraag.zip",
    "sociaal-domein": "-sociaal-domein-achterhoek.zip",
    "gemeente": "-gemeente.zip",
    "ondertekening": "-ter-ondertekening.zip",  # what goes out for signature (sign.pack)
}
BUNDLE_SUFFIX = BUNDLE_SUFFIXES["duo"]


def resolved(path: Path) -> Path:
    """``path.resolve()``, also for a link that leads in a circle (to itself, or two links to each other), where
    Python raises: then the path as far as it resolves, which is no regular file, so every fence that asks
    ``is_file()`` refuses it and says so instead of a traceback."""
    try:
        return path.resolve()
    except (RuntimeError, OSError):  # RuntimeError: Python 3.11's "Symlink loop"; later versions raise OSError
        return Path(os.path.realpath(path))


def display_path(path: Path) -> str:
    """Show paths relative to the working directory when possible, as users typed them."""
    try:
        return str(resolved(path).relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def dossier_folder(folder: Path) -> Path:
    """The dossier's folder, also when its dossier.yaml itself was given."""
    return folder.parent if folder.name == DOSSIER_FILE else folder


def output_folder(folder: Path, root: Path = BUILD_ROOT) -> Path:
    """``build/<naam>/`` for a dossier folder: the one rule every command and watch mode use."""
    return root / resolved(dossier_folder(folder)).name


def safe_name(text: str) -> str:
    """ASCII, lowercase, dashes: stable names that survive every mail client and file system."""
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    text = re.sub(r"[^a-zA-Z0-9.]+", "-", text).strip("-.").lower()
    return text or "bestand"


def document_file(bestandsnaam: str, fmt: str) -> str:
    """A document's output file name (the same stem for .docx and .pdf)."""
    return f"{bestandsnaam}.{fmt}"


@dataclass(frozen=True, slots=True)
class Places:
    """One dossier's places: its folder (the applicant's) and its output folder (the tool's)."""

    folder: Path  # inputs/<naam>
    out: Path  # build/<naam>

    @classmethod
    def of(cls, folder: Path, root: Path = BUILD_ROOT) -> Places:
        folder = dossier_folder(folder)
        return cls(folder if folder.name else folder.resolve(), output_folder(folder, root))

    @property
    def naam(self) -> str:
        return self.out.name

    # --- what the applicant owns
    @property
    def answers(self) -> Path:
        return self.folder / DOSSIER_FILE

    @property
    def progress(self) -> Path:
        return self.folder / PROGRESS_FILE

    @property
    def archive(self) -> Path:
        return self.folder / ARCHIVE

    def sent(self, on: date) -> Path:
        """Where the bundle sent on ``on`` is kept."""
        return self.archive / on.isoformat()

    @property
    def old_archive(self) -> Path:
        """Where earlier versions kept it (inside build/, which a clean removes): moved once."""
        return self.out / ARCHIVE

    # --- what the tool makes
    def document(self, bestandsnaam: str, fmt: str) -> Path:
        return self.out / document_file(bestandsnaam, fmt)

    @property
    def checklist_html(self) -> Path:
        return self.out / CHECKLIST_HTML

    @property
    def checklist_pdf(self) -> Path:
        return self.out / CHECKLIST_PDF

    @property
    def checklist(self) -> tuple[Path, Path]:
        return self.checklist_html, self.checklist_pdf

    @property
    def signed(self) -> Path:
        return self.folder / SIGNED

    @property
    def readings(self) -> Path:
        """What each signed copy says, by its content: reading a scan again is a waste."""
        return self.out / ".gelezen"

    @property
    def calendar(self) -> Path:
        return self.out / CALENDAR

    @property
    def cache(self) -> Path:
        return self.out / CACHE_FILE

    def attachment(self, name: str) -> Path:
        """DUO's attachment 4 as the zip carries it (``name``: its name in the zip), shown before signing."""
        return self.out / f"{ATTACHMENT_PREFIX}{name}"

    @property
    def attachments(self) -> list[Path]:
        """Every rebuilt attachment 4 that is there now (the advices' or the OPR's)."""
        if not self.out.is_dir():
            return []
        return sorted(p for p in self.out.glob(f"{ATTACHMENT_PREFIX}*.pdf") if p.is_file())

    def bundle(self, recipient: Recipient) -> Path:
        return self.out / f"{safe_name(self.naam)}{BUNDLE_SUFFIXES[recipient]}"

    @property
    def bundles(self) -> list[Path]:
        """Every recipient's zip that is there now (whatever its stem: an older name is stale too)."""
        if not self.out.is_dir():
            return []
        return sorted(p for suffix in BUNDLE_SUFFIXES.values() for p in self.out.glob(f"*{suffix}") if p.is_file())

    @property
    def verdicts(self) -> list[Path]:
        """Outputs that state a verdict on the current inputs: the zips, attachment 4 and the checklist."""
        return [*self.bundles, *self.attachments, *self.checklist]


def shared_outputs(folders: list[Path], root: Path = BUILD_ROOT) -> list[str]:
    """Dutch messages for dossiers that would write into the same output folder.

    Two folders named alike (``a/voorbeeld``, ``b/voorbeeld``) would mix their documents and
    their zip; that is refused before anything is built.
    """
    by_output: dict[Path, list[Path]] = {}
    for folder in folders:
        real = resolved(dossier_folder(folder))
        sources = by_output.setdefault(output_folder(folder, root), [])
        if real not in sources:
            sources.append(real)
    return [
        f"{' en '.join(str(f) for f in sources)} zouden allebei in {target}/ komen; geef één van de "
        "mappen een andere naam (de naam van de map is de naam van het dossier)"
        for target, sources in by_output.items() if len(sources) > 1
    ]


def file_kind(path: Path) -> str:
    """What a path is when it is no regular file, in the words a consultant knows."""
    import stat

    try:
        mode = path.stat().st_mode
    except OSError:
        return "niet te lezen of verdwenen"
    for test, kind in ((stat.S_ISREG, "een bestand"), (stat.S_ISDIR, "een map"),
                       (stat.S_ISFIFO, "een FIFO (named pipe)"), (stat.S_ISSOCK, "een socket"),
                       (stat.S_ISCHR, "een apparaat"), (stat.S_ISBLK, "een apparaat")):
        if test(mode):
            return kind
    return "geen gewoon bestand"
