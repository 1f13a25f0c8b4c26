"""Validate loaded YAML against the answers model; report every error in Dutch, located.

pydantic gives each error a location (``("scholen", 0, "brin")``); the loader knows
where that location stands in the file. Messages are translated per error type so an
applicant never sees pydantic's English.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from pipeline.exceptions import InvalidDossier, Problem
from pipeline.model.answers import VERPLAATST, Dossier
from pipeline.model.fields import dotted, generic_path, spec_for
from pipeline.read.load import Loc, Source, dossier_file, load_yaml
from pipeline.suggest import did_you_mean
from pipeline.ui import plural


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


def _getal(n: int) -> str:
    """Dutch thousands separator: 20000 → 20.000."""
    return f"{n:,}".replace(",", ".")


_EMPTY = "is nog leeg; vul dit in"


def translate(error: dict[str, Any]) -> str:
    """One pydantic error → a Dutch sentence fragment; an empty answer says only that it is empty
    (what form it should take is in the comment above the field and in docs/velden.md)."""
    value = error.get("input")
    empty = value is None or (isinstance(value, str) and not value.strip())
    if empty and error["type"] not in {"missing", "extra_forbidden"}:
        return _EMPTY
    return _translate(error)


def _capitals_hint(value: Any, options: list[str]) -> str:
    """``PO`` where ``po`` is meant: say it is only the capitals."""
    if isinstance(value, str):
        for option in options:
            if value.strip().lower() == option.lower() and value.strip() != option:
                return f"; schrijf ‘{option}’ (alleen de hoofdletters verschillen)"
    return ""


def _pattern_hint(value: Any, pattern: str) -> str:
    """``7081 ae`` or ``04xy`` where capitals are expected: say so, with the value written right."""
    if isinstance(value, str) and pattern:
        upper = value.strip().upper()
        if upper != value.strip() and re.search(pattern, upper):
            return f"; gebruik hoofdletters: ‘{upper}’"
    return ""


def _translate(error: dict[str, Any]) -> str:
    kind = error["type"]
    ctx = error.get("ctx") or {}
    loc: Loc = tuple(error["loc"])
    value = error.get("input")
    if kind == "missing":
        return "ontbreekt; vul dit veld in"
    if kind == "extra_forbidden":
        moved = VERPLAATST.get(generic_path(loc))
        if moved is not None:  # an older dossier.yaml: say where the answer goes now
            return moved.format(waarde=value if isinstance(value, str) and value.strip() else "bijlagen/…")
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
        hint = _capitals_hint(value, options) or (did_you_mean(str(value), options) if isinstance(value, str) else "")
        return f"moet een van deze waarden zijn: {', '.join(options)}{hint}"
    if kind == "list_type":
        return "moet een lijst zijn (regels die met ‘- ’ beginnen)"
    if kind in {"model_type", "dict_type", "model_attributes_type"}:
        return "moet een groep velden zijn (sleutel: waarde, ingesprongen)"
    if kind == "too_short":
        n = ctx.get("min_length", 1)
        return f"moet minstens {plural(n, 'item', 'items')} bevatten"
    if kind == "too_long":
        n = ctx.get("max_length", 0)
        return f"mag hoogstens {plural(n, 'item', 'items')} bevatten"
    if kind == "greater_than_equal":
        return f"moet minstens {ctx.get('ge')} zijn"
    if kind == "less_than_equal":
        return f"mag hoogstens {ctx.get('le')} zijn"
    if kind == "string_pattern_mismatch":
        return f"heeft niet de juiste vorm{_pattern_hint(value, str(ctx.get('pattern', '')))}{_example_hint(loc)}"
    if kind == "string_too_long":
        size = f"{_getal(len(value))} tekens; " if isinstance(value, str) else ""
        return f"is te lang ({size}maximaal {_getal(ctx.get('max_length', 0))} tekens)"
    if kind in {"leeg", "email", "pad_absoluut", "pad_buiten_dossier", "ja_nee", "getal", "datum"}:
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
        zero = _leading_zero_hint(error, src, line, col)
        message = f"heeft niet de juiste vorm{zero}" if zero and kind == "string_pattern_mismatch" else (
            translate(error) + zero)
        problems.append(Problem(src.path, line, col, dotted(loc), message))
    problems.sort(key=lambda p: (p.line or 0, p.column or 0))
    return problems


# the whole value as written: a number with a leading zero, then at most a comment
_UNQUOTED_ZERO = re.compile(r"[+-]?0[0-9_]+(?=\s*(?:#|$))")


def _leading_zero_hint(error: dict[str, Any], src: Source, line: int | None, col: int | None) -> str:
    """``bevoegd_gezag_nummer: 01234`` is read as the number 1234: say that quotes keep the zero.

    Only for a text field (quotes make it that text) and only when the number is all that is
    written: a whole number, a date or ``01-08-2027`` gets its own message, not this advice."""
    value = error.get("input")
    if (not error["type"].startswith("string_") or not isinstance(value, (str, int)) or isinstance(value, bool)
            or line is None or col is None):
        return ""
    lines = src.text.splitlines()
    written = lines[line - 1][col - 1:] if 0 < line <= len(lines) else ""
    zero = _UNQUOTED_ZERO.match(written)
    if not zero:
        return ""
    return (f": zonder aanhalingstekens is {zero[0]} een getal en valt de voorloopnul weg; "
            f"schrijf \"{zero[0]}\" (met aanhalingstekens)")


def validate_source(src: Source) -> Dossier:
    try:
        return Dossier.model_validate(src.data)
    except ValidationError as exc:
        raise InvalidDossier(_unindented_text(problems_from(exc, src), src)) from None


_HEADER = re.compile(r"^( *)(?:- +)?([^\s#:][^:#]*?) *: *[|>][0-9+-]* *(?:#.*)?$")


def _unindented_text(problems: list[Problem], src: Source) -> list[Problem]:
    """``aanbod: |`` with its text not indented reads as an empty text and, when the text has a
    ‘:’, an unknown key; say the cause at the text's line instead of those two."""
    lines = src.text.splitlines()
    out = list(problems)
    for problem in problems:
        if not problem.message.startswith("onbekend veld") or not problem.line:
            continue
        above = problem.line - 2
        while above >= 0 and not lines[above].strip():
            above -= 1
        header = _HEADER.match(lines[above]) if above >= 0 else None
        if header is None or len(header[1]) < (problem.column or 1) - 1:
            continue
        key, indent = header[2], len(header[1])
        out = [p for p in out if p is not problem and not (p.line == above + 1 and p.message == _EMPTY)]
        out.append(Problem(src.path, problem.line, problem.column, problem.field.rsplit(".", 1)[0] + f".{key}"
                           if problem.field and "." in problem.field else key,
                           f"de tekst na ‘{key}: |’ (regel {above + 1}) springt niet in: zet er "
                           f"{indent + 2} spaties voor, verder dan ‘{key}:’"))
    out.sort(key=lambda p: (p.line or 0, p.column or 0))
    return out


def load_dossier(folder: Path) -> LoadedDossier:
    """Load and validate one dossier folder (or its dossier.yaml)."""
    path = dossier_file(folder)
    src = load_yaml(path)
    return LoadedDossier(folder=path.parent, source=src, dossier=validate_source(src))
