"""A new, empty dossier.yaml with every field, each explained by a Dutch comment, and the
voortgang.yaml beside it with every step commented out.

Both are generated from their model (``comment`` and ``explain`` write the explanations of any
model's fields, ``commented_scaffold`` a whole file that records nothing yet), so a new field
shows up here without anyone editing a template file. The empty values of dossier.yaml are
chosen so that ``dossier validate`` lists every field that still needs an answer, each on its
own line: text fields are ``""`` or an empty ``|`` block ("is nog leeg"), dates, numbers,
choices and ja/nee are ``""`` (the message says what to write), optional fields stay empty
(null) and raise nothing.
"""

from __future__ import annotations

import os
import re
import textwrap
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Literal, get_args, get_origin

from pydantic import BaseModel

from pipeline.exceptions import DossierError
from pipeline.model.answers import Dossier
from pipeline.model.fields import FieldSpec, by_path, strip_annotated, unwrap_optional
from pipeline.paths import display_path
from pipeline.read.load import DOSSIER_FILE
from pipeline.route.progress import PROGRESS_FILE, progress_fields
from pipeline.route.progress import SCHEMA_MODELINE as PROGRESS_MODELINE

Soort = Literal["collectief", "individueel"]
SCHEMA_MODELINE = "# yaml-language-server: $schema=../../schema/dossier.schema.json"
WIDTH = 92
INDENT = "  "
# The route that does not apply to the chosen soort stays empty (null).
ROUTES: dict[str, Soort] = {"achterhoek": "collectief", "individuele_route": "individueel"}
NAAM = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")


class DossierExists(DossierError):
    """Raised when ``dossier new`` would overwrite answers someone already typed."""


def comment(lines: list[str], indent: str = "") -> list[str]:
    """``lines`` as YAML comments at ``indent``, wrapped to the scaffold's width."""
    out = []
    for line in lines:
        out.extend(textwrap.wrap(line, WIDTH - len(indent) - 2, break_on_hyphens=False) or [""])
    return [f"{indent}# {line}".rstrip() for line in out]


def explain(spec: FieldSpec) -> list[str]:
    """What to write, in the applicant's words: the model's description plus the format."""
    lines = [spec.beschrijving] if spec.beschrijving else []
    if spec.is_list and spec.is_model:
        lines.append(
            "Eén of meer items: kopieer het blok dat met ‘- ’ begint voor elk volgend item."
            if spec.required else "Mag leeg blijven ([])."
        )
        return lines
    if spec.keuzes:
        named = all(k in spec.beschrijving for k in spec.keuzes)
        if spec.is_list:
            choices = "Elk" if named else f"Kies uit: {', '.join(spec.keuzes)}; elk"
            lines.append(f"{choices} op een eigen regel die met ‘- ’ begint.")
        elif not named:
            lines.append(f"Kies uit: {', '.join(spec.keuzes)}.")
    elif spec.kind == "markdown":
        lines.append("Lange tekst: op de regels onder ‘|’, verder ingesprongen.")
    elif spec.kind == "datum":
        lines.append("Datum als JJJJ-MM-DD, bijv. 2027-08-01.")
    elif spec.kind == "ja/nee" and "ja/nee" not in spec.beschrijving:
        lines.append("Vul ja of nee in.")
    elif spec.kind == "getal":
        lines.append("Een getal.")
    if not spec.required and not spec.is_model:
        lines.append("Mag leeg blijven.")
    return lines


def _empty(spec: FieldSpec) -> str:
    """The value after ``key:`` that makes validate say this field still needs an answer."""
    if not spec.required:
        return ""
    if spec.kind == "markdown":
        return " |"
    return ' ""'


def _item_model(model: type[BaseModel], name: str) -> type[BaseModel]:
    annotation, _ = unwrap_optional(model.model_fields[name].annotation)
    annotation, _ = strip_annotated(annotation)
    if get_origin(annotation) is list:
        annotation, _ = strip_annotated(get_args(annotation)[0])
    return annotation


def _fields(model: type[BaseModel], prefix: str, indent: str, soort: Soort, *, item: bool = False) -> list[str]:
    """Lines for every field of ``model``; ``item`` puts ‘- ’ before the first key."""
    lines: list[str] = []
    for position, name in enumerate(model.model_fields):
        spec = by_path()[f"{prefix}{name}"]
        lead = indent
        if item and position == 0:
            lead = indent[:-2] + "- "
        if not prefix and lines:
            lines.append("")
        lines.extend(comment(explain(spec), indent))
        if spec.is_model and not spec.is_list:
            route = ROUTES.get(spec.path)
            if route is not None and route != soort:
                lines.extend(comment([f"Alleen voor een {route} arrangement: laat leeg."], indent))
                lines.append(f"{lead}{name}:")
                continue
            lines.append(f"{lead}{name}:")
            lines.extend(_fields(spec.model, f"{spec.path}.", indent + INDENT, soort))  # type: ignore[arg-type]
        elif spec.is_model:
            sub = _fields(_item_model(model, name), f"{spec.path}[].", indent + INDENT * 2, soort, item=True)
            if spec.required:
                lines.append(f"{lead}{name}:")
                lines.extend(sub)
            else:
                lines.append(f"{lead}{name}: []")
                lines.extend(comment([
                    "Voorbeeld van een item: vervang [] hierboven door de regels hieronder en haal "
                    "bij elke regel ‘# ’ weg.",
                ], indent))
                lines.extend(f"{indent}# {line[len(indent):]}" for line in sub)
        elif spec.is_list:
            lines.append(f"{lead}{name}:")
            lines.append(f'{indent}{INDENT}- ""')
        elif spec.path == "arrangement.soort":
            lines.append(f"{lead}{name}: {soort}")
        else:
            lines.append(f"{lead}{name}:{_empty(spec)}")
    return lines


def scaffold_text(naam: str, soort: Soort = "collectief") -> str:
    """The complete dossier.yaml for a new dossier called ``naam``."""
    header = [
        SCHEMA_MODELINE,
        "#",
        *comment([
            f"Dossier ‘{naam}’: de antwoorden voor het aanvraagdossier van een {soort} "
            "onderwijszorgarrangement. Elk veld heeft een regel met # erboven die zegt wat er hoort.",
            "Lange tekst schrijft u op de regels onder ‘|’, verder ingesprongen dan de veldnaam; "
            "alinea's (witregel ertussen), opsommingen (regels met ‘- ’) en **vet** mogen daarin.",
            f"Controleer tussendoor met: dossier validate inputs/{naam} — dat noemt elk veld dat nog "
            "leeg of onjuist is, met regelnummer. Bijlagen (zoals het MR-advies) horen in de map bijlagen/.",
            "Zet in dit bestand nooit gegevens die terug te leiden zijn tot een leerling.",
        ], ""),
        "",
    ]
    return "\n".join([*header, *_fields(Dossier, "", "", soort)]) + "\n"


def commented_scaffold(
    modeline: str, intro: list[str], specs: Iterable[FieldSpec], example: Callable[[FieldSpec], list[str]]
) -> str:
    """A YAML file that records nothing yet: the editor's ``modeline``, ``intro`` as comments, then
    each field of ``specs`` explained (``explain``) above its ``example`` lines, all commented out;
    removing ‘# ’ from a field's lines makes it an answer."""
    lines = [modeline, "#", *comment(intro)]
    for spec in specs:
        lines.append("#")
        lines.extend(comment(explain(spec)))
        lines.extend(f"# {line}" for line in example(spec))
    return "\n".join(lines) + "\n"


def _progress_example(spec: FieldSpec) -> list[str]:
    if spec.path == "evaluaties":
        return ["evaluaties:", "  - datum: 2028-02-01", "    deelnemers:", "      - school",
                "      - zorgaanbieder", "      - ouders"]
    if spec.path == "getekend":
        return ["getekend:", "  - partij: Gemeente Berkelland", "    datum: JJJJ-MM-DD"]
    return [f"{spec.name}: JJJJ-MM-DD" if spec.kind == "datum" else f"{spec.name}: 6"]


def progress_scaffold_text(naam: str, soort: Soort = "collectief") -> str:
    """A voortgang.yaml with every field explained and commented out: nothing recorded yet.

    The steps of the other route (``Individueel:`` for a collective dossier) are left out."""
    other = "Individueel:" if soort == "collectief" else "Collectief:"
    return commented_scaffold(
        PROGRESS_MODELINE,
        [f"Voortgang van dossier ‘{naam}’ na het indienen: zet bij elke stap de datum waarop die gedaan is "
         "(haal ‘# ’ weg). Dit bestand hoort niet bij de aanvraag: geen document en geen bundel verandert "
         "erdoor. ‘dossier status’ toont waar het dossier staat en wat er nu moet gebeuren."],
        [spec for spec in progress_fields() if "[]." not in spec.path and not spec.beschrijving.startswith(other)],
        _progress_example,
    )


def create_dossier(inputs: Path, naam: str, soort: Soort = "collectief") -> Path:
    """Write ``inputs/<naam>/dossier.yaml`` and an empty ``bijlagen/``; never overwrite answers."""
    if not NAAM.match(naam):
        raise DossierError(
            f"‘{naam}’ kan geen dossiernaam zijn: gebruik letters, cijfers, ‘-’, ‘_’ of ‘.’, "
            "zonder spaties of ‘/’ (bijv. dossier new samen-op-de-rails)"
        )
    folder = inputs / naam
    target = folder / DOSSIER_FILE
    if target.exists():
        raise DossierExists(
            f"{display_path(target)} bestaat al; er wordt niets overschreven. Kies een andere naam, "
            "of verwijder of hernoem het bestaande bestand eerst"
        )
    text = scaffold_text(naam, soort).encode("utf-8")
    try:
        (folder / "bijlagen").mkdir(parents=True, exist_ok=True)
        (folder / "bijlagen" / ".gitkeep").touch()
        # "x": a dossier.yaml created in the meantime is never overwritten either
        with open(target, "xb") as handle:
            handle.write(text)
        os.chmod(target, 0o644)
        progress = folder / PROGRESS_FILE  # the route after submission: every step commented out
        if not progress.exists():
            progress.write_text(progress_scaffold_text(naam, soort), encoding="utf-8")
    except FileExistsError:
        raise DossierExists(f"{display_path(target)} bestaat al; er wordt niets overschreven") from None
    except OSError as exc:
        raise DossierError(f"{display_path(folder)}: kan het dossier niet aanmaken ({exc.strerror})") from None
    return target
