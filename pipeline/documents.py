"""The documents a dossier consists of: DUO's in DUO's order, then the region's for the route.

Everything that needs to know "which documents exist" (the model's traceability
metadata, the renderers, the build, the bundle) reads this one table.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal, Protocol

DocumentId = Literal[
    "aanvraaggegevens", "samenwerkingsovereenkomst", "projectplan", "aanmeldformulier", "onderbouwing"
]
Soort = Literal["collectief", "individueel"]
# Who signs a document: the applicant's signer (the bevoegd gezag on DUO's form), or every party to
# the agreement (DUO: "de handtekening van alle betrokken partijen").
Tekenaars = Literal["aanvrager", "partijen"]


@dataclass(frozen=True, slots=True)
class Document:
    id: DocumentId
    titel: str
    bestandsnaam: str  # without extension; the same stem for .docx and .pdf
    route: Soort | None = None  # a region's document exists only on its route (None: always)
    getekend_door: Tekenaars | None = None  # signed: a version code (and QR code) on every page

    @property
    def getekend(self) -> bool:
        return self.getekend_door is not None

    @property
    def alleen_collectief(self) -> bool:
        return self.route == "collectief"

    def geldt_voor(self, soort: str) -> bool:
        """Does an arrangement of this ``soort`` need this document?"""
        return self.route is None or self.route == soort

    def bestand(self, fmt: str) -> str:
        """The output file name for ``fmt`` (docx or pdf), as ``paths`` names it."""
        from pipeline.paths import document_file

        return document_file(self.bestandsnaam, fmt)


DOCUMENTEN: tuple[Document, ...] = (
    Document(
        "aanvraaggegevens",
        "Formulier aanvraaggegevens onderwijszorgarrangement",
        "aanvraaggegevens",
        getekend_door="aanvrager",
    ),
    Document("samenwerkingsovereenkomst", "Samenwerkingsovereenkomst", "samenwerkingsovereenkomst",
             getekend_door="partijen"),
    Document("projectplan", "Projectplan", "projectplan"),
    Document(
        "aanmeldformulier",
        "Aanmeldformulier collectief onderwijs-jeugdhulparrangement",
        "aanmeldformulier-collectief",
        route="collectief",
    ),
    Document(
        "onderbouwing",
        "Onderbouwing individueel onderwijs-jeugdhulparrangement",
        "onderbouwing-gemeente",
        route="individueel",
    ),
)

BY_ID: dict[str, Document] = {d.id: d for d in DOCUMENTEN}


class _Loaded(Protocol):  # a validated dossier (``validate.LoadedDossier``), without importing it
    @property
    def dossier(self) -> Any: ...


def documents_for(loaded: _Loaded) -> tuple[list[Document], list[tuple[Document, str]]]:
    """Which documents this dossier needs: the Achterhoek form for a collective arrangement, the
    onderbouwing for the gemeente for an individual one, both only where a gemeente of the
    dossier lies in the region (``pipeline.regions``); elsewhere DUO's three."""
    from pipeline.regions import region_of, regions

    region = region_of(loaded.dossier)
    wanted, skipped = [], []
    for doc in DOCUMENTEN:
        if not doc.geldt_voor(loaded.dossier.arrangement.soort):
            skipped.append((doc, f"alleen voor een {doc.route} arrangement"))
        elif doc.route is not None and region is None:
            names = ", ".join(r.naam for r in regions())
            skipped.append((doc, f"alleen als een gemeente van het arrangement in de regio ligt ({names})"))
        else:
            wanted.append(doc)
    return wanted, skipped
