"""The bundle stage: one zip per recipient, with what each one is sent and nothing else.

``build/<naam>/<naam>-aanvraag.zip`` is for DUO: exactly DUO's four attachments in DUO's order
(1 aanvraaggegevens, 2 samenwerkingsovereenkomst, 3 projectplan, 4 the medezeggenschap
advices or the OPR instemming rebuilt into one new PDF, ``bundle.rebuild``; the same bytes are
``build/<naam>/bijlage-4-….pdf`` before signing) plus ``manifest.json``. The Achterhoek
form goes to the Sociaal Domein by e-mail, not to DUO: a collective arrangement in the region
(``pipeline.regions``) gets ``<naam>-sociaal-domein-achterhoek.zip``; an individual one gets
``<naam>-gemeente.zip`` with the onderbouwing for the gemeente; outside the region only DUO's.
The checklist is for the applicant and goes in neither.
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
from pipeline.bundle.signing import PACK_TEXT, signing_entries, signing_text
from pipeline.check.attachments import Refused, content_problem, read_attachment
from pipeline.check.engine import IN_TE_DIENEN, NIET_KLAAR
from pipeline.check.findings import ERROR
from pipeline.dates import build_date
from pipeline.documents import BY_ID, documents_for
from pipeline.exceptions import DossierError
from pipeline.model.advices import advices
from pipeline.model.fields import dotted
from pipeline.output import remove, write_if_changed
from pipeline.paths import Places, Recipient
from pipeline.read.validate import LoadedDossier

if TYPE_CHECKING:
    from pipeline.check.engine import CheckResult
    from pipeline.check.signatures import Ondertekening
    from pipeline.render.documents import Rendering

ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)  # the earliest date a zip can hold; fixed for reproducibility


@dataclass(frozen=True, slots=True)
class Entry:
    name: str  # name inside the zip
    source: Path
    bijlagen: tuple[str, ...] = ()  # attachments (as dossier.yaml names them) joined into DUO's attachment 4
    ondertekend: bool = False  # a signed copy (its one ``bijlagen`` path): sent byte for byte, or its signatures break
    titel: str = ""  # attachment 4's title (its PDF's metadata)

    def content(self, parts: list[tuple[str, bytes]] | None) -> bytes:
        """What goes into the zip: our document, a signed copy as it came, or the advices rebuilt as one."""
        if parts is None:
            return self.source.read_bytes()
        return parts[0][1] if self.ondertekend else rebuilt(parts, self.titel)

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
    """DUO's attachment 4 and its parts: every school's MR advice, then the samenwerkingsverband's; or the OPR
    instemming on its own (``model.advices.attachment_four``, which the check reads too)."""
    from pipeline.model.advices import attachment_four

    name, parts = attachment_four(loaded.dossier)
    return name, [a.path for a in parts]


def entries(loaded: LoadedDossier, places: Places, signed: Ondertekening | None = None) -> list[Entry]:
    """What goes to DUO, in DUO's order, with stable names: the signed copies of the form and the agreement
    when ``signed`` accepted them (one per party: ``2-samenwerkingsovereenkomst-1-van-3.pdf`` …)."""
    items: list[Entry] = []
    for number, doc_id in enumerate(("aanvraaggegevens", "samenwerkingsovereenkomst", "projectplan"), start=1):
        pdf = places.document(BY_ID[doc_id].bestandsnaam, "pdf")
        copies = signed.files(doc_id) if signed is not None else []
        for k, copy in enumerate(copies, start=1):
            name = f"{number}-{pdf.stem}{f'-{k}-van-{len(copies)}' if len(copies) > 1 else ''}.pdf"
            items.append(Entry(name, copy, (copy.relative_to(loaded.folder).as_posix(),), ondertekend=True))
        if not copies:
            items.append(Entry(f"{number}-{pdf.name}", pdf))
    four = attachment_entry(loaded)
    if four is not None:
        items.append(four)
    return items


_TITLES = {"4-adviezen-medezeggenschapsraad.pdf": "Bijlage 4: adviezen van de medezeggenschapsraden",
           "4-instemming-ondersteuningsplanraad.pdf": "Bijlage 4: instemming van de ondersteuningsplanraad"}


def attachment_entry(loaded: LoadedDossier) -> Entry | None:
    """DUO's attachment 4 as an entry of its zip (None: the dossier names no advice or consent)."""
    name, parts = _attachments(loaded)
    if not parts:
        return None
    title = f"{_TITLES.get(name, 'Bijlage 4')} – {loaded.dossier.arrangement.naam}"
    return Entry(name, loaded.folder / parts[0], tuple(parts), titel=title)


# The rules about the advices themselves: while one of them fails, attachment 4 is not shown as done.
ADVICE_RULES = frozenset({"DUO-MR-ADVIES", "DUO-MR-SWV", "DUO-BIJLAGE", "DUO-ADVIES-JUIST", "PRIV-BIJLAGE"})
_REBUILT: dict[str, bytes] = {}  # the last few rebuilds by their parts: build/ and DUO's zip share one


def rebuilt(parts: list[tuple[str, bytes]], title: str) -> bytes:
    """Attachment 4 rebuilt from its parts (``bundle.rebuild``), once per content in this process."""
    from pipeline.bundle.rebuild import rebuilt_attachment

    key = hashlib.sha256(json.dumps([title, *((n, hashlib.sha256(d).hexdigest()) for n, d in parts)]).encode())
    digest = key.hexdigest()
    if digest not in _REBUILT:
        while len(_REBUILT) >= 4:
            del _REBUILT[next(iter(_REBUILT))]
        _REBUILT[digest] = rebuilt_attachment(parts, title)
    return _REBUILT[digest]


def write_attachment(loaded: LoadedDossier, places: Places, checked: CheckResult, *, make: bool) -> Path | None:
    """``build/<naam>/bijlage-4-….pdf``, the attachment 4 DUO's zip will carry, as soon as the advices are
    in order (no error of ``ADVICE_RULES``, about ``bijlagen`` or at an advice's field), signed or not: the
    applicant sees what DUO gets. Without ``make`` only a file already there with these very bytes holds.
    None: there is none."""
    four = attachment_entry(loaded)
    fields = {dotted(a.loc) for a in advices(loaded.dossier)}  # each school's advice sits at its school
    if four is None or any(f.severity == ERROR and (f.id in ADVICE_RULES or f.field in fields
                                                    or (f.field or "").startswith("bijlagen"))
                           for f in checked.findings):
        return None
    target = places.attachment(four.name)
    try:
        data = four.content(four.sources(loaded.folder))
    except DossierError:  # the check names what is wrong with it
        return None
    if make:
        write_if_changed(target, data)
        return target
    return target if target.is_file() and target.read_bytes() == data else None


# The region's recipient of the document of its route: the Sociaal Domein's form, the gemeente's onderbouwing.
REGION: dict[str, Recipient] = {"aanmeldformulier": "sociaal-domein", "onderbouwing": "gemeente"}


def recipient_entries(loaded: LoadedDossier, places: Places, checked: CheckResult) -> dict[Recipient, list[Entry]]:
    """Every bundle of this dossier by recipient: the signing pack, the region's for the route, and (once
    everyone signed) DUO's."""
    wanted, _ = documents_for(loaded)
    bundles: dict[Recipient, list[Entry]] = {}
    if checked.ready():
        bundles["duo"] = entries(loaded, places, checked.ondertekening)
    bundles["ondertekening"] = signing_entries(loaded, places)
    for doc in wanted:
        if doc.id in REGION:
            pdf = places.document(doc.bestandsnaam, "pdf")
            bundles[REGION[doc.id]] = [Entry(pdf.name, pdf)]
    return bundles


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


def _write_zip(loaded: LoadedDossier, items: list[Entry], target: Path, *, pack: str | None = None) -> None:
    missing = [e.source for e in items if not e.bijlagen and not e.source.is_file()]  # attachments: read fenced
    if missing:
        names = ", ".join(str(p) for p in missing)
        raise DossierError(f"{loaded.naam}: kan de bundel niet maken, ontbreekt: {names}")
    sources = {e.name: e.sources(loaded.folder) for e in items if e.bijlagen}  # each attachment read once
    files = [(e.name, e.content(sources.get(e.name))) for e in items]
    if pack is not None:
        files.append((PACK_TEXT, pack.encode()))
    manifest: dict[str, object] = {
        "bijlagen": _digests({e.name: sources[e.name] for e in items if e.bijlagen and not e.ondertekend}),
        "ondertekend": _digests({e.name: sources[e.name] for e in items if e.ondertekend}),
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


def attachment_digests(loaded: LoadedDossier, items: list[Entry], *, ondertekend: bool = False) -> dict[str, str]:
    """sha256 of every attachment a bundle joins (``ondertekend``: of every signed copy it carries), by its
    path in the dossier."""
    return _digests({e.name: e.sources(loaded.folder) for e in items if e.bijlagen and e.ondertekend == ondertekend})


def _manifest_json(target: Path) -> dict[str, object] | None:
    """The manifest of the zip already at ``target``, if it has a readable one."""
    try:
        with zipfile.ZipFile(target) as archive:
            data = json.loads(archive.read("manifest.json"))
    except (OSError, KeyError, ValueError, zipfile.BadZipFile):
        return None
    return data if isinstance(data, dict) else None


def write_bundles(loaded: LoadedDossier, places: Places, checked: CheckResult) -> Path | None:
    """Write every recipient's zip; return DUO's (None: not everyone signed yet). Raise when something is
    missing.

    A zip whose files are unchanged keeps its bytes, and its manifest keeps the day it was
    first made (``gebouwd_op``): that day decides whether it can be what was sent on a date.
    """
    bundles = recipient_entries(loaded, places, checked)
    for recipient, items in bundles.items():
        _write_zip(loaded, items, places.bundle(recipient), pack=signing_text(loaded, checked)
                   if recipient == "ondertekening" else None)
    made = {places.bundle(r) for r in bundles}
    for stale in places.bundles:  # the other route's (the arrangement changed kind), or another name's
        if stale not in made:
            remove(stale)
    return places.bundle("duo") if "duo" in bundles else None


@dataclass(frozen=True, slots=True)
class Bundled:
    """The zips (and attachment 4) that hold for these inputs (made now, or confirmed), DUO's, or why there is
    none."""

    files: tuple[Path, ...] = ()
    bundle: Path | None = None
    reason: str = ""


def bundle_stage(loaded: LoadedDossier, places: Places, checked: CheckResult | None, rendering: Rendering,
                 *, make: bool) -> Bundled:
    """Zips only for a checked, ready dossier whose documents are all made from these inputs; attachment 4
    in build/ as soon as the advices are in order (``write_attachment``).

    Without ``make`` (``dossier check``: the render stage only looked) nothing is made, but zips
    already there hold when the dossier is ready, every document is current and DUO's zip carries
    these answers.
    """
    if checked is None:
        return Bundled()
    four = write_attachment(loaded, places, checked, make=make)
    shown = (four,) if four is not None else ()  # attachment 4 in build/: the advices are in order
    if not rendering.ok:
        return Bundled(shown, reason="niet alle documenten zijn gemaakt")
    level = checked.level()
    if level == NIET_KLAAR:
        return Bundled(shown, reason="het dossier is nog niet klaar om te laten tekenen (zie de controle)")
    if not rendering.current:
        return Bundled(shown, reason="niet alle documenten zijn bijgewerkt")
    waiting = "" if level == IN_TE_DIENEN else "nog niet door iedereen getekend (zie de controle, ‘Ondertekening’)"
    if not make:
        duo = places.bundle("duo")
        manifest = Manifest.of(duo) if duo.is_file() else None
        items = entries(loaded, places, checked.ondertekening)
        if level == IN_TE_DIENEN and (
                manifest is None or manifest.answers != hashlib.sha256(loaded.source.raw).hexdigest()
                or manifest.attachments != attachment_digests(loaded, items)
                or manifest.signed != attachment_digests(loaded, items, ondertekend=True)):
            return Bundled(shown, reason="de bundel wordt gemaakt door ‘dossier build’")
        made = tuple(places.bundle(r) for r in recipient_entries(loaded, places, checked))
        return Bundled((*made, *shown), duo if level == IN_TE_DIENEN else None, waiting)
    bundle = write_bundles(loaded, places, checked)
    made = tuple(places.bundle(r) for r in recipient_entries(loaded, places, checked))
    return Bundled((*made, *shown), bundle, waiting)
