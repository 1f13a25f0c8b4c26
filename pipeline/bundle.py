"""The bundles, one per recipient: what each one is sent, and nothing else.

``build/<naam>/<naam>-aanvraag.zip`` is for DUO: exactly DUO's four attachments in DUO's order
(1 aanvraaggegevens, 2 samenwerkingsovereenkomst, 3 projectplan, 4 the medezeggenschap
advices or the OPR instemming joined into one PDF) plus ``manifest.json``. The Achterhoek
form goes to the Sociaal Domein by e-mail, not to DUO: a collective arrangement gets
``<naam>-sociaal-domein-achterhoek.zip``; an individual one gets ``<naam>-gemeente.zip`` with
the onderbouwing for the gemeente. The checklist is for the applicant and goes in neither.
Every zip is reproducible: fixed timestamps and order, so the same inputs give the same bytes.
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
from pipeline.documents import BY_ID
from pipeline.exceptions import DossierError
from pipeline.output import write_if_changed
from pipeline.paths import BUNDLE_SUFFIX, CHECKLIST_HTML, CHECKLIST_PDF
from pipeline.render.context import build_date
from pipeline.route import ICS_NAME
from pipeline.validate import LoadedDossier

ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)  # the earliest date a zip can hold; fixed for reproducibility


@dataclass(frozen=True, slots=True)
class Entry:
    name: str  # name inside the zip
    source: Path
    bijlagen: tuple[str, ...] = ()  # attachments (as dossier.yaml names them) joined into DUO's attachment 4

    def read(self, folder: Path) -> bytes:
        """The bytes to zip. Attachments are read fenced and checked again: one may have been
        swapped for a link to another file since the check (``check.attachments.read_attachment``)."""
        if not self.bijlagen:
            return self.source.read_bytes()
        parts = []
        for bijlage in self.bijlagen:
            try:
                data = read_attachment(folder, bijlage)
            except Refused as refused:
                raise DossierError(f"{bijlage}: {refused}; er is geen bundel gemaakt") from None
            problem = content_problem(data)
            if problem:
                raise DossierError(f"{bijlage}: {problem}; er is geen bundel gemaakt")
            parts.append((bijlage, data))
        return joined_pdf(parts)


def safe_name(text: str) -> str:
    """ASCII, lowercase, dashes: stable names that survive every mail client and file system."""
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    text = re.sub(r"[^a-zA-Z0-9.]+", "-", text).strip("-.").lower()
    return text or "bestand"


def _attachments(loaded: LoadedDossier) -> tuple[str, list[str]]:
    """DUO's attachment 4 and its parts: the MR advices (school, then samenwerkingsverband) or the OPR instemming."""
    b = loaded.dossier.bijlagen
    advices = [v for v in (b.mr_advies_school, b.mr_advies_samenwerkingsverband) if v]
    if advices:
        return "4-adviezen-medezeggenschapsraad.pdf", advices
    return "4-instemming-ondersteuningsplanraad.pdf", [b.opr_instemming] if b.opr_instemming else []


def entries(loaded: LoadedDossier, out_dir: Path) -> list[Entry]:
    """What goes to DUO, in DUO's order, with stable names."""
    items: list[Entry] = []
    for number, doc_id in enumerate(("aanvraaggegevens", "samenwerkingsovereenkomst", "projectplan"), start=1):
        doc = BY_ID[doc_id]
        items.append(Entry(f"{number}-{doc.bestand('pdf')}", out_dir / doc.bestand("pdf")))
    name, parts = _attachments(loaded)
    if parts:
        items.append(Entry(name, loaded.folder / parts[0], tuple(parts)))
    return items


def recipient_entries(loaded: LoadedDossier, out_dir: Path) -> dict[str, list[Entry]]:
    """Every bundle of this dossier by its file name suffix: DUO's, and the region's for the route."""
    wanted, _ = documents_for(loaded)
    bundles = {BUNDLE_SUFFIX: entries(loaded, out_dir)}
    for doc in wanted:
        suffix = REGION_BUNDLES.get(doc.id)
        if suffix:
            bundles[suffix] = [Entry(doc.bestand("pdf"), out_dir / doc.bestand("pdf"))]
    return bundles


def joined_pdf(parts: list[tuple[str, bytes]]) -> bytes:
    """One PDF of several attachments (name, bytes): PDF pages as they are, an image as a page of its own."""
    from PIL import Image
    from pypdf import PdfWriter

    writer = PdfWriter()
    for name, data in parts:
        try:
            if not data.startswith(b"%PDF-"):
                page = io.BytesIO()
                with Image.open(io.BytesIO(data)) as image:
                    image.convert("RGB").save(page, "PDF", resolution=150)
                data = page.getvalue()
            writer.append(io.BytesIO(data))
        except Exception as exc:
            raise DossierError(f"{name}: kan niet in bijlage 4 worden samengevoegd ({exc})") from None
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


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


# The region's bundle for the document of its route: the Sociaal Domein's form, the gemeente's onderbouwing.
REGION_BUNDLES: dict[str, str] = {
    "aanmeldformulier": "-sociaal-domein-achterhoek.zip",
    "onderbouwing": "-gemeente.zip",
}
BUNDLE_SUFFIXES = (BUNDLE_SUFFIX, *REGION_BUNDLES.values())


def withdraw_bundle(out_dir: Path, *, checklist: bool = False) -> list[Path]:
    """Remove a zip (and, for an invalid dossier, the checklist) that the current inputs do
    not make: a dossier that is not ready has no zip, and nothing may still say "klaar"."""
    removed = []
    names = [p for suffix in BUNDLE_SUFFIXES for p in out_dir.glob(f"*{suffix}")] if out_dir.is_dir() else []
    if checklist:
        names += [out_dir / CHECKLIST_HTML, out_dir / CHECKLIST_PDF, out_dir / ICS_NAME]
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


def _write_zip(loaded: LoadedDossier, items: list[Entry], target: Path) -> None:
    missing = [e.source for e in items if not e.bijlagen and not e.source.is_file()]  # attachments: read fenced
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
    write_if_changed(target, _zip_bytes(files))


def bundle_files(out_dir: Path) -> list[Path]:
    """Every recipient's zip in ``out_dir``: all of them belong to the run's record, so a
    deleted region zip is made again instead of the run counting as unchanged."""
    return sorted(p for suffix in BUNDLE_SUFFIXES for p in out_dir.glob(f"*{suffix}") if p.is_file())


def write_bundle(loaded: LoadedDossier, *, output_root: Path) -> Path:
    """Write every recipient's zip; return DUO's. Raise when something is missing."""
    out_dir = output_folder(loaded.folder, output_root)
    bundles = recipient_entries(loaded, out_dir)
    stem = safe_name(loaded.naam)
    for suffix, items in bundles.items():
        _write_zip(loaded, items, out_dir / f"{stem}{suffix}")
    for suffix in BUNDLE_SUFFIXES:  # a bundle of the other route (the arrangement changed kind) is stale
        stale = out_dir / f"{stem}{suffix}"
        if suffix not in bundles and stale.is_file():
            stale.unlink()
    return out_dir / f"{stem}{BUNDLE_SUFFIX}"
