"""Validate loaded YAML against the answers model; report every error in Dutch, located.

pydantic gives each error a location (``("scholen", 0, "brin")``); the loader knows
where that location stands in the file. Messages are translated per error type so an
applicant never sees pydantic's English.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from pipeline.exceptions import InvalidDossier, Problem
from pipeline.load import Loc, Source, dossier_file, load_yaml
from pipeline.model.answers import Dossier
from pipeline.model.fields import dotted, spec_for
from pipeline.suggest import did_you_mean


@dataclass(frozen=True, slots=True)
class LoadedDossier:
    """A valid dossier with the source it came from (for located findings later on)."""

    folder: Path
    source: Source
    dossier: Dossier

    @property
    def naam(self) -> str:
        """The dossier's name = its folder's name, also when given as ``.`` or ``inputs/x/``."""
        return self.folder.resolve().name


def _model_at(loc: Loc) -> type[BaseModel] | None:
    """The model class that holds the fields at ``loc`` (used for 'did you mean')."""
    if not loc:
        return Dossier
    try:
        return spec_for(loc).model
    except KeyError:
        return None


def _example_hint(loc: Loc) -> str:
    try:
        return f"; verwacht: {spec_for(loc).beschrijving}"
    except KeyError:
        return ""


def _plural(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def _getal(n: int) -> str:
    """Dutch thousands separator: 20000 → 20.000."""
    return f"{n:,}".replace(",", ".")


def translate(error: dict[str, Any]) -> str:
    """One pydantic error → a Dutch sentence fragment; an empty answer says so first."""
    message = _translate(error)
    value = error.get("input")
    empty = value is None or (isinstance(value, str) and not value.strip())
    if empty and error["type"] not in {"missing", "extra_forbidden", "leeg"} and not message.startswith("is nog leeg"):
        return f"is nog leeg; {message}"
    return message


def _translate(error: dict[str, Any]) -> str:
    kind = error["type"]
    ctx = error.get("ctx") or {}
    loc: Loc = tuple(error["loc"])
    value = error.get("input")
    if kind == "missing":
        return "ontbreekt; vul dit veld in"
    if kind == "extra_forbidden":
        model = _model_at(loc[:-1])
        options = list(model.model_fields) if model else []
        key = str(loc[-1])
        hidden = [c for c in key if unicodedata.category(c) in ("Cf", "Zs", "Zl", "Zp") and c != " "]
        if hidden:  # a zero-width or other invisible character, e.g. pasted from a PDF
            visible = "".join(c for c in key if c not in hidden)
            codes = ", ".join(f"U+{ord(c):04X}" for c in dict.fromkeys(hidden))
            if visible in options:
                return f"de sleutel ‘{visible}’ bevat een onzichtbaar teken ({codes}); typ de sleutel opnieuw"
            return f"onbekend veld ‘{visible}’ met een onzichtbaar teken ({codes}){did_you_mean(visible, options)}"
        return f"onbekend veld ‘{key}’{did_you_mean(key, options)}"
    if kind in {"int_type", "int_parsing", "int_from_float"}:
        return "moet een geheel getal zijn"
    if kind == "int_parsing_size":
        return "heeft te veel cijfers; vul een gewoon geheel getal in"
    if kind in {"float_type", "float_parsing"}:
        return "moet een getal zijn"
    if kind in {"bool_type", "bool_parsing"}:
        return "moet ja of nee zijn"
    if kind == "string_unicode":
        return "bevat een ongeldig teken (een losse ‘\\uD800’-achtige escape); schrijf het teken zelf"
    if kind == "string_type":
        return "moet tekst zijn"
    if kind.startswith("date") and "outside expected range" in str(error.get("msg")):
        return "deze datum bestaat niet; controleer dag en maand (vorm JJJJ-MM-DD)"
    if kind.startswith("date") or kind.startswith("datetime"):
        return "moet een datum zijn in de vorm JJJJ-MM-DD, bijv. 2023-07-31"
    if kind in {"literal_error", "enum"}:
        expected = ctx.get("expected", "")
        options = [o.strip(" '\"") for o in str(expected).replace(" or ", ", ").split(",")]
        options = [o for o in options if o]
        hint = did_you_mean(str(value), options) if isinstance(value, str) else ""
        return f"moet een van deze waarden zijn: {', '.join(options)}{hint}"
    if kind == "list_type":
        return "moet een lijst zijn (regels die met ‘- ’ beginnen)"
    if kind in {"model_type", "dict_type", "model_attributes_type"}:
        return "moet een groep velden zijn (sleutel: waarde, ingesprongen)"
    if kind == "too_short":
        n = ctx.get("min_length", 1)
        return f"moet minstens {_plural(n, 'item', 'items')} bevatten"
    if kind == "too_long":
        n = ctx.get("max_length", 0)
        return f"mag hoogstens {_plural(n, 'item', 'items')} bevatten"
    if kind == "greater_than_equal":
        return f"moet minstens {ctx.get('ge')} zijn"
    if kind == "less_than_equal":
        return f"mag hoogstens {ctx.get('le')} zijn"
    if kind == "string_pattern_mismatch":
        return f"heeft niet de juiste vorm{_example_hint(loc)}"
    if kind == "string_too_long":
        size = f"{_getal(len(value))} tekens; " if isinstance(value, str) else ""
        return f"is te lang ({size}maximaal {_getal(ctx.get('max_length', 0))} tekens)"
    if kind in {"leeg", "email", "pad_absoluut", "pad_buiten_dossier", "ja_nee"}:
        return error["msg"]
    return f"ongeldige waarde ({error['msg']})"


def problems_from(exc: ValidationError, src: Source) -> list[Problem]:
    problems = []
    for error in exc.errors(include_url=False):
        loc: Loc = tuple(error["loc"])
        kind = error["type"]
        if kind == "missing":
            # point at the parent key: that is where the field should be added
            line, col = src.position(loc[:-1], key=True) if loc[:-1] else (1, 1)
        else:
            line, col = src.position(loc, key=kind == "extra_forbidden")
        problems.append(Problem(src.path, line, col, dotted(loc), translate(error)))
    problems.sort(key=lambda p: (p.line or 0, p.column or 0))
    return problems


def validate_source(src: Source) -> Dossier:
    try:
        return Dossier.model_validate(src.data)
    except ValidationError as exc:
        raise InvalidDossier(problems_from(exc, src)) from None


def load_dossier(folder: Path) -> LoadedDossier:
    """Load and validate one dossier folder (or its dossier.yaml)."""
    path = dossier_file(folder)
    src = load_yaml(path)
    return LoadedDossier(folder=path.parent, source=src, dossier=validate_source(src))
