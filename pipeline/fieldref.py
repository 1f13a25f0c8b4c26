"""The field reference (docs/velden.md), generated from the model so it cannot go stale.

It is the traceability table: every field, its Dutch description, and which documents
show it. A test compares the committed file with a fresh generation.
"""

from __future__ import annotations

from pathlib import Path

from pipeline.documents import DOCUMENTEN
from pipeline.model.fields import FieldSpec, all_fields
from pipeline.output import write_atomic

FIELDREF_PATH = Path("docs/velden.md")

def _kind(spec: FieldSpec) -> str:
    if spec.keuzes:
        label = "lijst van keuzes" if spec.is_list else "keuze"
        return f"{label}: " + ", ".join(f"`{k}`" for k in spec.keuzes)
    if spec.is_model:
        return "lijst van groepen" if spec.is_list else "groep"
    return spec.kind


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def fieldref_markdown() -> str:
    lines = [
        "# Velden van dossier.yaml",
        "",
        "<!-- Gegenereerd uit pipeline/model/answers.py met `dossier docs`; niet met de hand "
        "bewerken. -->",
        "",
        "Elk veld met zijn omschrijving en de documenten waarin het terugkomt. "
        "`[]` staat voor een item van een lijst. Lange tekstvelden (soort *markdown*) mogen "
        "alinea's, opsommingen en **vet**/*cursief* bevatten.",
        "",
        "Documenten: " + "; ".join(f"`{d.id}` = {d.titel}" for d in DOCUMENTEN) + ".",
        "",
        "| Veld | Soort | Verplicht | Omschrijving | Documenten |",
        "| --- | --- | --- | --- | --- |",
    ]
    for spec in all_fields():
        docs = ", ".join(spec.documenten) if spec.documenten else "–"
        lines.append(
            f"| `{spec.path}` | {_kind(spec)} | {'ja' if spec.required else 'nee'} "
            f"| {_cell(spec.beschrijving)} | {docs} |"
        )
    return "\n".join(lines + _progress_lines()) + "\n"


def _progress_lines() -> list[str]:
    """voortgang.yaml: its own file, in no document (so the sent zip stays as sent)."""
    from pipeline.route.progress import progress_fields

    lines = [
        "", "## Velden van voortgang.yaml", "",
        "De voortgang na het indienen staat in een eigen bestand, `inputs/<naam>/voortgang.yaml`, en komt in "
        "geen enkel document of bundel: een stap vastleggen verandert niets aan wat is ingediend. "
        "`dossier status` en de routekaart in de checklist lezen het. Alle velden mogen leeg blijven.",
        "", "| Veld | Soort | Verplicht | Omschrijving |", "| --- | --- | --- | --- |",
    ]
    for spec in progress_fields():
        lines.append(f"| `{spec.path}` | {_kind(spec)} | {'ja' if spec.required else 'nee'} "
                     f"| {_cell(spec.beschrijving)} |")
    return lines


def write_fieldref(path: Path = FIELDREF_PATH) -> Path:
    write_atomic(path, fieldref_markdown().encode("utf-8"))
    return path
