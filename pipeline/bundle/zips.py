"""The bundle stage: one zip per recipient, with what each one is sent and nothing else.

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
import zipfile
from dataclasses import dataclass
from datetime import UTC
from pathlib import Path
from typing import TYPE_CHECKING

from pipeline import __version__
from pipeline.bundle.archive import Manifest
from pipeline.check.attachments import Refused, content_problem, read_attachment
from pipeline.dates import build_date
from pipeline.documents import BY_ID, documents_for
from pipeline.exceptions import DossierError
from pipeline.output import remove, write_if_changed
from pipeline.paths import Places, Recipient
from pipeline.read.validate import LoadedDossier

if TYPE_CHECKING:
    from pipeline.check.engine import CheckResult
    from pipeline.render.documents import Rendering

ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)  # the earliest date a zip can hold; fixed for reproducibility


@dataclass(frozen=True, slots=True)
class Entry:
    name: str  # name inside the zip
    source: Path
    bijlagen: tuple[str, ...] = ()  # attachments (as dossier.yaml names them) joined into DUO's attachment 4

    def sources(self, folder: Path) -> list[tuple[str, bytes]]:
        """The attachments as the dossier holds them, read fenced and checked again: one may have
        been swapped for a link to another file since the check (``check.attachments.read_attachment``)."""
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
        return parts


def _attachments(loaded: LoadedDossier) -> tuple[str, list[str]]:
    """DUO's attachment 4 and its parts: the MR advices (school, then samenwerkingsverband) or the OPR instemming."""
    b = loaded.dossier.bijlagen
    advices = [v for v in (b.mr_advies_school, b.mr_advies_samenwerkingsverband) if v]
    if advices:
        return "4-adviezen-medezeggenschapsraad.pdf", advices
    return "4-instemming-ondersteuningsplanraad.pdf", [b.opr_instemming] if b.opr_instemming else []


def entries(loaded: LoadedDossier, places: Places) -> list[Entry]:
    """What goes to DUO, in DUO's order, with stable names."""
    items: list[Entry] = []
    for number, doc_id in enumerate(("aanvraaggegevens", "samenwerkingsovereenkomst", "projectplan"), start=1):
        pdf = places.document(BY_ID[doc_id].bestandsnaam, "pdf")
        items.append(Entry(f"{number}-{pdf.name}", pdf))
    name, parts = _attachments(loaded)
    if parts:
        items.append(Entry(name, loaded.folder / parts[0], tuple(parts)))
    return items


# The region's recipient of the document of its route: the Sociaal Domein's form, the gemeente's onderbouwing.
REGION: dict[str, Recipient] = {"aanmeldformulier": "sociaal-domein", "onderbouwing": "gemeente"}


def recipient_entries(loaded: LoadedDossier, places: Places) -> dict[Recipient, list[Entry]]:
    """Every bundle of this dossier by recipient: DUO's, and the region's for the route."""
    wanted, _ = documents_for(loaded)
    bundles: dict[Recipient, list[Entry]] = {"duo": entries(loaded, places)}
    for doc in wanted:
        if doc.id in REGION:
            pdf = places.document(doc.bestandsnaam, "pdf")
            bundles[REGION[doc.id]] = [Entry(pdf.name, pdf)]
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


def _write_zip(loaded: LoadedDossier, items: list[Entry], target: Path) -> None:
    missing = [e.source for e in items if not e.bijlagen and not e.source.is_file()]  # attachments: read fenced
    if missing:
        names = ", ".join(str(p) for p in missing)
        raise DossierError(f"{loaded.naam}: kan de bundel niet maken, ontbreekt: {names}")
    sources = {e.name: e.sources(loaded.folder) for e in items if e.bijlagen}  # each attachment read once
    files = [(e.name, joined_pdf(sources[e.name]) if e.bijlagen else e.source.read_bytes()) for e in items]
    manifest: dict[str, object] = {
        "bijlagen": _digests(sources),  # as the dossier holds them: a changed one is seen
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
    before = _manifest_json(target)
    if before is not None and {**before, "gebouwd_op": None} == {**manifest, "gebouwd_op": None}:
        manifest["gebouwd_op"] = before["gebouwd_op"]  # the same bundle: it was made then, not today
    files.append(("manifest.json", (json.dumps(manifest, ensure_ascii=False, indent=2) + "\n").encode()))
    write_if_changed(target, _zip_bytes(files))


def _digests(sources: dict[str, list[tuple[str, bytes]]]) -> dict[str, str]:
    return {name: hashlib.sha256(data).hexdigest() for parts in sources.values() for name, data in parts}


def attachment_digests(loaded: LoadedDossier, items: list[Entry]) -> dict[str, str]:
    """sha256 of every attachment a bundle joins, by its name in dossier.yaml."""
    return _digests({e.name: e.sources(loaded.folder) for e in items if e.bijlagen})


def _manifest_json(target: Path) -> dict[str, object] | None:
    """The manifest of the zip already at ``target``, if it has a readable one."""
    try:
        with zipfile.ZipFile(target) as archive:
            data = json.loads(archive.read("manifest.json"))
    except (OSError, KeyError, ValueError, zipfile.BadZipFile):
        return None
    return data if isinstance(data, dict) else None


def write_bundles(loaded: LoadedDossier, places: Places) -> Path:
    """Write every recipient's zip; return DUO's. Raise when something is missing.

    A zip whose files are unchanged keeps its bytes, and its manifest keeps the day it was
    first made (``gebouwd_op``): that day decides whether it can be what was sent on a date.
    """
    bundles = recipient_entries(loaded, places)
    for recipient, items in bundles.items():
        _write_zip(loaded, items, places.bundle(recipient))
    made = {places.bundle(r) for r in bundles}
    for stale in places.bundles:  # the other route's (the arrangement changed kind), or another name's
        if stale not in made:
            remove(stale)
    return places.bundle("duo")


@dataclass(frozen=True, slots=True)
class Bundled:
    """The zips that hold for these inputs (made now, or confirmed), DUO's, or why there is none."""

    files: tuple[Path, ...] = ()
    bundle: Path | None = None
    reason: str = ""


def bundle_stage(loaded: LoadedDossier, places: Places, checked: CheckResult | None, rendering: Rendering,
                 *, make: bool) -> Bundled:
    """Zips only for a checked, ready dossier whose documents are all made from these inputs.

    Without ``make`` (``dossier check``: the render stage only looked) nothing is made, but zips
    already there hold when the dossier is ready, every document is current and DUO's zip carries
    these answers.
    """
    if checked is None:
        return Bundled()
    if not rendering.ok:
        return Bundled(reason="niet alle documenten zijn gemaakt")
    if not checked.ready():
        return Bundled(reason="het dossier is nog niet klaar om in te dienen (zie de controle)")
    if not rendering.current:
        return Bundled(reason="niet alle documenten zijn bijgewerkt")
    if not make:
        duo = places.bundle("duo")
        manifest = Manifest.of(duo) if duo.is_file() else None
        if (manifest is None or manifest.answers != hashlib.sha256(loaded.source.raw).hexdigest()
                or manifest.attachments != attachment_digests(loaded, entries(loaded, places))):
            return Bundled(reason="de bundel wordt gemaakt door ‘dossier build’")
        return Bundled(tuple(places.bundle(r) for r in recipient_entries(loaded, places)), duo)
    bundle = write_bundles(loaded, places)
    return Bundled(tuple(places.bundle(r) for r in recipient_entries(loaded, places)), bundle)
