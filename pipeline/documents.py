"""The documents a dossier consists of, in the order DUO asks for them.

Everything that needs to know "which documents exist" (the model's traceability
metadata, the renderers, the build, the bundle) reads this one table.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

DocumentId = Literal[
    "aanvraaggegevens", "samenwerkingsovereenkomst", "projectplan", "aanmeldformulier"
]


@dataclass(frozen=True, slots=True)
class Document:
    id: DocumentId
    titel: str
    bestandsnaam: str  # without extension; the same stem for .docx and .pdf
    alleen_collectief: bool = False  # the Achterhoek form exists only for collective arrangements

    def bestand(self, fmt: str) -> str:
        """The output file name for ``fmt`` (docx or pdf): the one rule build, bundle and watch share."""
        return f"{self.bestandsnaam}.{fmt}"


DOCUMENTEN: tuple[Document, ...] = (
    Document(
        "aanvraaggegevens",
        "Formulier aanvraaggegevens onderwijszorgarrangement",
        "aanvraaggegevens",
    ),
    Document("samenwerkingsovereenkomst", "Samenwerkingsovereenkomst", "samenwerkingsovereenkomst"),
    Document("projectplan", "Projectplan", "projectplan"),
    Document(
        "aanmeldformulier",
        "Aanmeldformulier collectief onderwijs-jeugdhulparrangement",
        "aanmeldformulier-collectief",
        alleen_collectief=True,
    ),
)

BY_ID: dict[str, Document] = {d.id: d for d in DOCUMENTEN}
