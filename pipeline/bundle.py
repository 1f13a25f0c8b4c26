"""The submission bundle: one zip with DUO's four attachments in DUO's order.

``build/<naam>/<naam>-aanvraag.zip`` holds 1 aanvraaggegevens, 2 samenwerkingsovereenkomst,
3 projectplan, 4 MR-advies/OPR-instemming (from ``bijlagen/``), the Achterhoek form when
collective, the checklist, and ``manifest.json``. The zip is reproducible: fixed
timestamps and order, so the same inputs give the same bytes (and the same sha256).
"""

from __future__ import annotations

import hashlib
import io
import json
import re
import unicodedata
import zipfile
from dataclasses import dataclass
from datetime import UTC
from pathlib import Path

from pipeline import __version__
from pipeline.build import documents_for, output_folder
from pipeline.check.attachments import Refused, content_problem, read_attachment
from pipeline.check.checklist import HTML_NAME as CHECKLIST_HTML
from pipeline.check.checklist import PDF_NAME as CHECKLIST_PDF
from pipeline.documents import BY_ID
from pipeline.exceptions import DossierError
from pipeline.output import write_if_changed
from pipeline.render.context import build_date
from pipeline.route import BUNDLE_CHECKLIST, ICS_NAME
from pipeline.validate import LoadedDossier

ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)  # the earliest date a zip can hold; fixed for reproducibility


@dataclass(frozen=True, slots=True)
class Entry:
    name: str  # name inside the zip
    source: Path
    bijlage: str | None = None  # an attachment: its path in dossier.yaml, read inside the dossier only

    def read(self, folder: Path) -> bytes:
        """The bytes to zip; an attachment's are read fenced and checked again (it may have
        been swapped for a link to another file since the check)."""
        if self.bijlage is None:
            return self.source.read_bytes()
        try:
            data = read_attachment(folder, self.bijlage)
        except Refused as refused:
            raise DossierError(f"{self.bijlage}: {refused}; er is geen bundel gemaakt") from None
        problem = content_problem(data)
        if problem:
            raise DossierError(f"{self.bijlage}: {problem}; er is geen bundel gemaakt")
        return data


def safe_name(text: str) -> str:
    """ASCII, lowercase, dashes: stable names that survive every mail client and file system."""
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    text = re.sub(r"[^a-zA-Z0-9.]+", "-", text).strip("-.").lower()
    return text or "bestand"


def _attachments(loaded: LoadedDossier) -> list[tuple[str, str]]:
    bijlagen = loaded.dossier.bijlagen
    found = []
    for field, label in (
        ("mr_advies_school", "mr-advies-school"),
        ("mr_advies_samenwerkingsverband", "mr-advies-samenwerkingsverband"),
        ("opr_instemming", "opr-instemming"),
    ):
        value = getattr(bijlagen, field)
        if value:
            found.append((label, value))
    return found


def entries(loaded: LoadedDossier, out_dir: Path, checklist: Path | None = None) -> list[Entry]:
    """What goes into the zip, in DUO's order, with stable names; ``checklist``: another
    checklist PDF than the one beside the zip (the route without progress)."""
    wanted, _ = documents_for(loaded)
    ids = {d.id for d in wanted}
    items: list[Entry] = []
    for number, doc_id in enumerate(("aanvraaggegevens", "samenwerkingsovereenkomst", "projectplan"), start=1):
        doc = BY_ID[doc_id]
        items.append(Entry(f"{number}-{doc.bestand('pdf')}", out_dir / doc.bestand("pdf")))
    for label, value in _attachments(loaded):
        path = loaded.folder / value
        items.append(Entry(f"4-{label}{path.suffix.lower() or '.pdf'}", path, bijlage=value))
    if "aanmeldformulier" in ids:
        doc = BY_ID["aanmeldformulier"]
        items.append(Entry(f"5-{doc.bestand('pdf')}", out_dir / doc.bestand("pdf")))
    checklist = checklist or out_dir / CHECKLIST_PDF
    if checklist.is_file():
        items.append(Entry("controlelijst.pdf", checklist))
    return items


def _zip_bytes(files: list[tuple[str, bytes]]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in files:
            info = zipfile.ZipInfo(name, date_time=ZIP_EPOCH)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            info.create_system = 3  # unix, whatever machine builds it
            archive.writestr(info, data, compresslevel=9)
    return buffer.getvalue()


BUNDLE_SUFFIX = "-aanvraag.zip"


def withdraw_bundle(out_dir: Path, *, checklist: bool = False) -> list[Path]:
    """Remove a zip (and, for an invalid dossier, the checklist) that the current inputs do
    not make: a dossier that is not ready has no zip, and nothing may still say "klaar"."""
    removed = []
    names = [p for p in out_dir.glob(f"*{BUNDLE_SUFFIX}")] if out_dir.is_dir() else []
    if checklist:
        names += [out_dir / CHECKLIST_HTML, out_dir / CHECKLIST_PDF, out_dir / ICS_NAME, out_dir / BUNDLE_CHECKLIST]
    for path in names:
        if path.is_file():
            path.unlink()
            removed.append(path)
    return removed


def bundle_answers(out_dir: Path) -> str | None:
    """The answers hash the zip in ``out_dir`` was made from (its manifest), if there is one."""
    for path in out_dir.glob(f"*{BUNDLE_SUFFIX}") if out_dir.is_dir() else []:
        try:
            with zipfile.ZipFile(path) as archive:
                return str(json.loads(archive.read("manifest.json")).get("antwoorden_sha256"))
        except (OSError, KeyError, ValueError, zipfile.BadZipFile):
            return None
    return None


def write_bundle(loaded: LoadedDossier, *, output_root: Path, checklist: Path | None = None) -> Path:
    """Zip the built documents and attachments; raise when something is missing."""
    out_dir = output_folder(loaded.folder, output_root)
    items = entries(loaded, out_dir, checklist)
    missing = [e.source for e in items if not e.source.is_file()]
    if missing:
        names = ", ".join(str(p) for p in missing)
        raise DossierError(f"{loaded.naam}: kan de bundel niet maken, ontbreekt: {names}")
    files = [(e.name, e.read(loaded.folder)) for e in items]
    manifest = {
        "dossier": loaded.naam,
        "arrangement": loaded.dossier.arrangement.naam,
        "antwoorden_sha256": hashlib.sha256(loaded.source.raw).hexdigest(),  # the bytes the documents carry
        "tool": f"dossier {__version__}",
        # the build date the documents carry (SOURCE_DATE_EPOCH or the day): never a file's
        # mtime, so touching a file or building from another folder gives the same zip
        "gebouwd_op": build_date().replace(tzinfo=UTC).isoformat(),
        "bestanden": [
            {"bestand": name, "grootte": len(data), "sha256": hashlib.sha256(data).hexdigest()}
            for name, data in files
        ],
    }
    files.append(("manifest.json", (json.dumps(manifest, ensure_ascii=False, indent=2) + "\n").encode()))
    target = out_dir / f"{safe_name(loaded.naam)}{BUNDLE_SUFFIX}"
    write_if_changed(target, _zip_bytes(files))
    return target
