"""The signing pack: what goes out for signature, per party, with the e-mail that goes with it.

``<naam>-ter-ondertekening.zip`` holds the PDFs that are signed (the form, signed by the
applicant's signer; the agreement, signed by every party) and ``ondertekenen.txt``: who signs
what, which version (the code on every page), and how the signed copies come back. It is made
once the dossier is ready to be signed, from the same documents DUO's zip would carry, so what
is signed is what is sent. ``dossier tekenen`` prints the e-mail and records the day it went out.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from pipeline.dates import datum
from pipeline.documents import Document, documents_for
from pipeline.paths import SIGNED, Places

if TYPE_CHECKING:
    from pipeline.bundle.zips import Entry
    from pipeline.check.engine import CheckResult
    from pipeline.read.validate import LoadedDossier

PACK_TEXT = "ondertekenen.txt"


def signed_documents(loaded: LoadedDossier) -> list[Document]:
    return [doc for doc in documents_for(loaded)[0] if doc.getekend]


def signing_entries(loaded: LoadedDossier, places: Places) -> list[Entry]:
    """The PDFs to sign, numbered as DUO numbers its attachments."""
    from pipeline.bundle.zips import Entry

    numbers = {"aanvraaggegevens": 1, "samenwerkingsovereenkomst": 2}
    out = []
    for doc in signed_documents(loaded):
        pdf = places.document(doc.bestandsnaam, "pdf")
        out.append(Entry(f"{numbers[doc.id]}-{pdf.name}", pdf))
    return out


def signing_text(loaded: LoadedDossier, checked: CheckResult) -> str:
    """``ondertekenen.txt``: the e-mail to the signers, then per party what it signs."""
    state = checked.ondertekening
    assert state is not None  # the check worked out what is signed
    d = loaded.dossier
    docs = signed_documents(loaded)
    contact = d.aanvrager.contactpersoon
    lines = [
        f"Ter ondertekening: aanvraag onderwijszorgarrangement ‘{d.arrangement.naam}’",
        "",
        "Beste ondertekenaars,",
        "",
        f"Voor de aanvraag van het onderwijszorgarrangement ‘{d.arrangement.naam}’ bij DUO "
        f"({d.aanvraagronde.naam}) vragen wij u de bijgevoegde stukken te ondertekenen. DUO moet de aanvraag "
        f"uiterlijk {datum(d.aanvraagronde.uiterste_ontvangstdatum)} hebben ontvangen.",
        "",
        "Tekent u digitaal (bijvoorbeeld via een ondertekendienst), teken dan de PDF zoals u die krijgt, zonder "
        "hem eerst te bewerken of opnieuw op te slaan. Tekent u op papier, print dan alle pagina's, teken, en "
        "scan alle pagina's op volgorde (recht, minstens 150 dpi). Elke pagina draagt onderaan een versiecode: "
        "de handtekening geldt voor precies die tekst.",
        "",
        f"Stuur het getekende document terug aan {contact.naam}" + (f" ({contact.email})." if contact.email else "."),
        "",
        "Met vriendelijke groet,",
        "",
        contact.naam,
        d.aanvrager.naam,
        "",
        "-" * 72,
        "Wie tekent wat",
        "",
    ]
    for doc in docs:
        lines.append(f"{doc.titel} (versie {state.versies[doc.id]}):")
        for signer in state.nodig[doc.id]:
            lines.append(f"  - {signer.naam}, namens {signer.partij.naam}")
        lines.append("")
    lines += [
        f"Voor de aanvrager: zet de getekende kopieën in de map {SIGNED}/ van het dossier (één PDF per "
        "document, of één per partij). Wie op papier tekende, zet u in voortgang.yaml onder ‘getekend’. "
        "‘dossier build’ controleert elke pagina en elke handtekening.",
        "",
    ]
    return "\n".join(lines)
