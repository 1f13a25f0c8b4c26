"""The signed copies in ``inputs/<naam>/ondertekend/``: the current versions, every page, every party.

DUO asks for the samenwerkingsovereenkomst signed by every party and for the form signed by the
bevoegd gezag; a signature covers a text, so a copy counts only when every page carries the
version code of the document as it is now (``render.version``), pages 1 to N in order. Who
signed: a digital signature names its signer (read by ``sign.read``); on a paper copy nobody can
read that reliably, so the applicant records it in voortgang.yaml (``getekend``).

The rules here only report; ``Ondertekening`` is worked out once per check (``sign_state``),
and the bundle sends the copies it accepted.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pipeline.check import sources
from pipeline.check.attachments import Refused, file_kind, read_attachment
from pipeline.check.findings import Context, Message, Rule
from pipeline.documents import Document, documents_for
from pipeline.exceptions import InvalidDossier
from pipeline.model.parties import Partij, normalised, partijen
from pipeline.paths import SIGNED
from pipeline.read.load import Loc
from pipeline.render.answers_yaml import shown_answers
from pipeline.route.progress import load_progress
from pipeline.ui import plural

if TYPE_CHECKING:
    from pipeline.read.validate import LoadedDossier
    from pipeline.sign.read import Gelezen

GROUP = "Ondertekening"
# How a sentence names each signed document: article and name.
_NAMES = {"aanvraaggegevens": ("het", "formulier aanvraaggegevens"),
          "samenwerkingsovereenkomst": ("de", "samenwerkingsovereenkomst")}


def _the(doc: Document, adjective: str = "") -> str:
    """``het formulier aanvraaggegevens``; with ``huidige``: ``de huidige samenwerkingsovereenkomst``."""
    article, name = _NAMES.get(doc.id, ("de", doc.titel.lower()))
    return " ".join(filter(None, (article, adjective, name)))


MAX_FILES = 40  # a folder of signed copies holds a handful; more is a mistake, never minutes of reading


@dataclass(frozen=True, slots=True)
class Signer:
    """Who must sign a document: a party, its signer as dossier.yaml names them, and where."""

    partij: Partij
    naam: str
    loc: Loc


@dataclass(frozen=True, slots=True)
class Copy:
    """One file in ondertekend/ as read, and the document it is a copy of (None: not one of ours)."""

    path: Path
    gelezen: Gelezen
    document: Document | None


@dataclass(slots=True)
class Ondertekening:
    """The signing state of one dossier: what each document needs, what came back, what is wrong."""

    versies: dict[str, str]  # document id → current version code
    nodig: dict[str, list[Signer]]  # document id → who signs it
    geaccepteerd: dict[str, list[Copy]] = field(default_factory=dict)  # complete copies of the current version
    kopieen: list[Message] = field(default_factory=list)  # about the files
    partijen: list[Message] = field(default_factory=list)  # about who signed

    def files(self, doc_id: str) -> list[Path]:
        """The accepted signed copies of a document, in file-name order: what goes to DUO."""
        return [c.path for c in self.geaccepteerd.get(doc_id, [])]


def _signers(loaded: LoadedDossier, doc: Document, parties: tuple[Partij, ...]) -> list[Signer]:
    d = loaded.dossier
    if doc.getekend_door == "aanvrager":
        applicant = parties[0]
        return [Signer(applicant, d.aanvrager.ondertekenaar.naam, ("aanvrager", "ondertekenaar", "naam"))]
    signers = d.samenwerkingsovereenkomst.ondertekenaars
    out = []
    for p in parties:
        if p.ondertekenaar is not None:  # a party without one is DUO-SAMENWERKING's finding
            i = signers.index(p.ondertekenaar)
            out.append(Signer(p, p.ondertekenaar.naam, ("samenwerkingsovereenkomst", "ondertekenaars", i, "naam")))
    return out


def _listing(folder: Path) -> tuple[list[str], list[Message]]:
    """The names in ondertekend/ (sorted), without following a link out of the dossier."""
    where = folder / SIGNED
    if not where.exists():
        return [], []
    if where.is_symlink() or not where.is_dir():
        return [], [Message((), f"{SIGNED}/ is geen gewone map in het dossier", f"Maak {SIGNED}/ een gewone map "
                            "in de dossiermap en zet de getekende kopieën daarin.", file=where)]
    names = sorted(e.name for e in os.scandir(where) if not e.name.startswith("."))
    if len(names) > MAX_FILES:
        return [], [Message((), f"{SIGNED}/ bevat {len(names)} bestanden", f"Laat alleen de getekende kopieën "
                            f"staan (hoogstens {MAX_FILES}).", file=where)]
    return names, []


def _document_of(gelezen: Gelezen, versies: dict[str, str], name: str, wanted: list[Document]) -> Document | None:
    """Which document a file is a copy of: the QR codes name it; else its version; else its file name."""
    named = [c.document for c in gelezen.paginas if c is not None and c.document]
    for doc in wanted:
        if named and max(set(named), key=named.count) == doc.id:
            return doc
    versions = {c.versie for c in gelezen.paginas if c is not None}
    for doc in wanted:
        if versies[doc.id] in versions:
            return doc
    stem = name.casefold()
    return next((doc for doc in wanted if doc.id in stem or doc.bestandsnaam in stem), None)


def _page_messages(copy: Copy, versie: str, changes: tuple[bytes, dict[str, Any]] | None = None) -> list[Message]:
    """Every page present, the current version, in order, once. ``changes``: the file's bytes and the answers
    the document shows now, to say what changed since a digitally signed copy was made."""
    doc, where, codes = copy.document, copy.path, copy.gelezen.paginas
    assert doc is not None
    if copy.gelezen.handtekeningen:  # a signing service may add its own proof pages after ours: no code there
        while codes and codes[-1] is None:
            codes = codes[:-1]
    out = []
    rescan = "Scan opnieuw: recht, scherp, minstens 150 dpi, de voettekst van elke pagina helemaal op de scan."
    for i, code in enumerate(codes, start=1):
        if code is None:
            out.append(Message((), f"op pagina {i} van het bestand is geen versiecode te lezen", rescan, file=where))
    found = [c for c in codes if c is not None]
    old = sorted({c.versie for c in found if c.versie != versie})
    if old:
        changed = _changed_since(copy, changes) if changes is not None else ""
        out.append(Message(
            (), f"de getekende versie {', '.join(old)} is niet de huidige (versie {versie}): {_the(doc)} is na het "
            f"tekenen gewijzigd{changed}, dus de handtekeningen staan onder een andere tekst",
            "Laat de huidige versie opnieuw tekenen (‘dossier tekenen’), of zet de wijziging in dossier.yaml terug "
            f"tot de versie {old[0]}.", file=where))
        return out
    if not found:
        return out
    total = max(c.aantal for c in found)
    numbers = [c.pagina for c in found]
    missing = [n for n in range(1, total + 1) if n not in numbers]
    for n in missing:
        out.append(Message((), f"pagina {n} van {total} ontbreekt in {where.name}",
                           "Voeg de ontbrekende pagina toe (scan het hele document opnieuw).", file=where))
    doubles = sorted({n for n in numbers if numbers.count(n) > 1})
    if doubles:
        out.append(Message((), f"{plural(len(doubles), 'pagina staat', 'pagina’s staan')} er twee keer in "
                           f"({', '.join(map(str, doubles))})", "Haal de dubbele pagina's weg.", file=where))
    if numbers != sorted(numbers):
        out.append(Message((), f"de pagina's staan niet op volgorde ({', '.join(map(str, numbers))})",
                           "Zet de pagina's op volgorde, 1 tot en met " + str(total) + ".", file=where))
    return out


MAX_EMBEDDED = 1_000_000  # bytes: the answers a document carries are a few kB


def _changed_since(copy: Copy, changes: tuple[bytes, dict[str, Any]]) -> str:
    """``(gewijzigd: samenwerkingsovereenkomst.looptijd)``: the answers that differ between those the signed
    PDF carries (our PDFs embed what they show) and those the document shows now; empty when unknown."""
    raw, now = changes
    from pipeline.bundle.rebuild import embedded_file

    data = embedded_file(raw, "dossier.yaml", MAX_EMBEDDED)
    if data is None:
        return ""
    try:
        from ruamel.yaml import YAML

        then = YAML(typ="safe", pure=True).load(data)
    except Exception:  # a foreign or damaged file says nothing about what changed: the version says enough
        return ""
    paths = sorted(_differences(then, now, ""))
    if not paths:
        return ""
    more = f" en nog {len(paths) - 3}" if len(paths) > 3 else ""
    return f" (gewijzigd: {', '.join(paths[:3])}{more})"


def _differences(then: Any, now: Any, at: str) -> Iterator[str]:
    if isinstance(then, dict) and isinstance(now, dict):
        for key in then.keys() | now.keys():
            yield from _differences(then.get(key), now.get(key), f"{at}.{key}" if at else str(key))
    elif _plain(then) != _plain(now):
        yield at or "de antwoorden"


def _plain(value: Any) -> Any:
    """Compare as YAML reads it back: dates and numbers as text."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return None if value is None else str(value)


def _signature_messages(copy: Copy, signers: list[Signer]) -> tuple[list[Message], list[Message]]:
    """Signatures that break the copy (changed after signing), and signers who are no signers of it."""
    broken, strangers = [], []
    for h in copy.gelezen.handtekeningen:
        if not h.intact:
            broken.append(Message((), f"de digitale handtekening van {h.naam} is ongeldig: het bestand is na het "
                                  "tekenen gewijzigd", "Gebruik het bestand zoals de ondertekendienst het gaf, of "
                                  "laat opnieuw tekenen.", file=copy.path))
        elif not h.dekt_document:
            broken.append(Message((), f"de digitale handtekening van {h.naam} dekt niet het hele document: er is na "
                                  "het tekenen meer veranderd dan handtekeningen", "Laat het document opnieuw "
                                  "tekenen, zonder het tussendoor te bewerken.", file=copy.path))
        elif _signer_of(h.naam, h.organisatie, signers) is None:
            names = ", ".join(s.naam for s in signers)
            strangers.append(Message((), f"{h.naam} tekende digitaal, maar staat niet onder de ondertekenaars van "
                                     f"dit document ({names})", "Laat de tekenbevoegde tekenen die dossier.yaml "
                                     "noemt, of pas ‘ondertekenaars’ aan als een ander bevoegd is (dan verandert de "
                                     "tekst: laat opnieuw tekenen).", file=copy.path))
    return broken, strangers


def _signer_of(naam: str, organisatie: str | None, signers: list[Signer]) -> Signer | None:
    """The expected signer a certificate names: by the person's name (the organisation breaks a tie)."""
    same = [s for s in signers if normalised(s.naam) == normalised(naam)]
    if len(same) > 1 and organisatie:
        same = [s for s in same if s.partij.heet(organisatie)] or same
    return same[0] if same else None


def sign_state(loaded: LoadedDossier, cache_dir: Path | None) -> Ondertekening:
    """Read ondertekend/ (each file once, cached by content) and judge it against the current versions."""
    from pipeline.render.version import version_code

    wanted = [doc for doc in documents_for(loaded)[0] if doc.getekend]
    parties = partijen(loaded.dossier)
    data = loaded.dossier.model_dump(exclude_none=True)
    state = Ondertekening(versies={d.id: version_code(loaded, d, data) for d in wanted},
                          nodig={d.id: _signers(loaded, d, parties) for d in wanted})
    names, state.kopieen = _listing(loaded.folder)
    if names:
        from pipeline.bundle.rebuild import active_parts
        from pipeline.sign.read import lees_bewaard  # pdfium and zxing: only when there is a copy to read
    for name in names:
        path = loaded.folder / SIGNED / name
        try:
            raw = read_attachment(loaded.folder, f"{SIGNED}/{name}")
        except Refused as refused:
            state.kopieen.append(Message((), f"{name} {refused}", "Zet hier alleen de getekende PDF's.", file=path))
            continue
        if file_kind(raw) != "PDF":
            state.kopieen.append(Message((), f"{name} is geen PDF", "Scan of exporteer de getekende kopie als PDF "
                                         "en zet alleen PDF's in " + SIGNED + "/.", file=path))
            continue
        gelezen = lees_bewaard(raw, cache_dir)
        if gelezen.probleem:
            state.kopieen.append(Message((), f"‘{name}’: {gelezen.probleem}", "Zet hier de getekende PDF zoals de "
                                         "ondertekendienst of de scanner die gaf.", file=path))
            continue
        copy = Copy(path, gelezen, _document_of(gelezen, state.versies, name, wanted))
        if copy.document is None:
            titles = " of ".join(_the(d) for d in wanted)
            state.kopieen.append(Message((), f"{name} is geen getekende kopie van {titles} van dit dossier: er "
                                         "staat geen versiecode van dit dossier op", "Haal het bestand weg uit "
                                         f"{SIGNED}/, of zet er de getekende kopie van het goede document neer.",
                                         file=path))
            continue
        shown = (raw, shown_answers(data, copy.document.id)) if gelezen.handtekeningen else None
        pages = _page_messages(copy, state.versies[copy.document.id], shown)
        broken, strangers = _signature_messages(copy, state.nodig[copy.document.id])
        if not pages and not broken and (active := active_parts(raw)):
            broken.append(Message((), f"{name} bevat {', '.join(active)}: een getekende kopie gaat ongewijzigd naar "
                                  "DUO, dus dit zou meegaan", "Laat tekenen zonder scripts of acties (een andere "
                                  "ondertekendienst, of op papier en scannen).", file=path))
        state.kopieen.extend(pages + broken + strangers)
        if not pages and not broken:  # a stranger's signature is a finding, but the others' still count
            state.geaccepteerd.setdefault(copy.document.id, []).append(copy)
    state.partijen = _who_signed(loaded, state, wanted, parties)
    return state


def _who_signed(loaded: LoadedDossier, state: Ondertekening, wanted: list[Document],
                parties: tuple[Partij, ...]) -> list[Message]:
    """Every signer of every document: a valid digital signature on an accepted copy, or a paper copy and
    voortgang.yaml's word for it."""
    try:
        progress = load_progress(loaded.folder)
    except InvalidDossier:  # the build and ``dossier validate`` say why, located
        progress = None
    on_paper: dict[str, tuple[int, str]] = {}  # party name → (index in getekend, what it says)
    out: list[Message] = []
    if progress is not None and progress.source is not None:
        src = progress.source
        for i, entry in enumerate(progress.voortgang.getekend):
            party = next((p for p in parties if p.heet(entry.partij)), None)
            if party is None:
                line, col = src.position(("getekend", i, "partij"))
                known = ", ".join(p.aanduiding for p in parties)
                out.append(Message(("getekend", i, "partij"), f"‘{entry.partij}’ is geen partij bij dit dossier",
                                   f"Schrijf de partij zoals dossier.yaml haar noemt: {known}.", file=src.path,
                                   position=(line or 1, col or 1)))
            else:
                on_paper[party.naam] = (i, entry.partij)
    for doc in wanted:
        accepted = state.geaccepteerd.get(doc.id, [])
        if not accepted:
            out.append(Message(("samenwerkingsovereenkomst", "ondertekenaars") if doc.getekend_door == "partijen"
                               else ("aanvrager", "ondertekenaar"),
                               f"er is nog geen getekende kopie van {_the(doc, 'huidige')} "
                               f"(versie {state.versies[doc.id]})",
                               f"Laat tekenen (‘dossier tekenen’ maakt wat de partijen krijgen) en zet de getekende "
                               f"kopie in {loaded.naam}/{SIGNED}/: één PDF, of één per partij."))
            continue
        paper = any(not c.gelezen.handtekeningen for c in accepted)
        digital = {id(s) for c in accepted for h in c.gelezen.handtekeningen
                   if h.intact and h.dekt_document and (s := _signer_of(h.naam, h.organisatie, state.nodig[doc.id]))}
        for signer in state.nodig[doc.id]:
            if id(signer) in digital or (paper and signer.partij.naam in on_paper):
                continue
            how = "digitaal noch op papier (voortgang.yaml: getekend)" if paper else "niet digitaal"
            out.append(Message(signer.loc, f"{signer.partij.aanduiding} heeft {_the(doc)} {how} getekend "
                               f"({signer.naam})",
                               f"Laat {signer.naam} tekenen. Tekende {signer.partij.aanduiding} op papier, zet dat "
                               f"dan in voortgang.yaml onder ‘getekend’ (partij: {signer.partij.aanduiding}, en de "
                               "datum)." if paper else f"Laat {signer.naam} digitaal tekenen in dezelfde PDF, of "
                               f"zet een eigen getekende kopie van {signer.partij.aanduiding} in {SIGNED}/."))
    return out


def _copies(ctx: Context) -> Iterator[Message]:
    yield from ctx.ondertekening.kopieen if ctx.ondertekening else ()


def _parties(ctx: Context) -> Iterator[Message]:
    yield from ctx.ondertekening.partijen if ctx.ondertekening else ()


RULES: tuple[Rule, ...] = (
    Rule("TEKEN-KOPIE", "Van het formulier aanvraaggegevens en de samenwerkingsovereenkomst staat een getekende "
         "kopie van de huidige versie in ondertekend/: elke pagina, op volgorde", sources.SAMENWERKING, _copies,
         group=GROUP),
    Rule("TEKEN-PARTIJEN", "Elke partij heeft getekend: digitaal, of op papier (voortgang.yaml: getekend)",
         sources.SAMENWERKING, _parties, group=GROUP),
)

