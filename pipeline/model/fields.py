"""Walk the answers model as a flat list of fields.

This is the one place that turns the pydantic classes into "field paths with metadata";
the field reference (docs/velden.md), the template lint, the scaffold, the parity test
and the privacy scan all use it, so none of them restate the model.
"""

from __future__ import annotations

import types
import typing
from dataclasses import dataclass
from enum import Enum
from functools import cache
from typing import Any, Literal, Union, get_args, get_origin

from pydantic import BaseModel
from pydantic.fields import FieldInfo

from pipeline.model.answers import Dossier
from pipeline.model.types import BijlageMarker, MarkdownMarker, opvultekst


@dataclass(frozen=True, slots=True)
class FieldSpec:
    path: str  # dotted, with [] for list items: "scholen[].naam"
    name: str
    beschrijving: str
    documenten: tuple[str, ...]
    kind: str  # tekst, markdown, bijlage, getal, datum, ja/nee, keuze, lijst, groep
    required: bool
    keuzes: tuple[str, ...] = ()
    is_model: bool = False
    is_list: bool = False
    model: type[BaseModel] | None = None



def unwrap_optional(annotation: Any) -> tuple[Any, bool]:
    origin = get_origin(annotation)
    if origin in (Union, types.UnionType):
        args = [a for a in get_args(annotation) if a is not type(None)]
        if len(args) == 1:
            return args[0], True
    return annotation, False


def strip_annotated(annotation: Any) -> tuple[Any, list[Any]]:
    if get_origin(annotation) is typing.Annotated:
        base, *meta = get_args(annotation)
        return base, meta
    return annotation, []


def _documents(info: FieldInfo) -> tuple[str, ...]:
    extra = info.json_schema_extra
    if isinstance(extra, dict):
        return tuple(extra.get("x-documenten", ()))  # type: ignore[arg-type]
    return ()


def _describe(annotation: Any, metadata: list[Any]) -> tuple[str, tuple[str, ...]]:
    annotation, meta = strip_annotated(annotation)
    metadata = [*metadata, *meta]
    if any(isinstance(m, MarkdownMarker) for m in metadata):
        return "markdown", ()
    if any(isinstance(m, BijlageMarker) for m in metadata):
        return "bijlage", ()
    if get_origin(annotation) is Literal:
        return "keuze", tuple(str(a) for a in get_args(annotation))
    if isinstance(annotation, type) and issubclass(annotation, Enum):
        return "keuze", tuple(str(m.value) for m in annotation)
    if annotation is bool:
        return "ja/nee", ()
    if annotation in (int, float):
        return "getal", ()
    if getattr(annotation, "__name__", "") == "date":
        return "datum", ()
    return "tekst", ()


def _walk(
    model: type[BaseModel], prefix: str, inherited: tuple[str, ...]
) -> typing.Iterator[FieldSpec]:
    for name, info in model.model_fields.items():
        path = f"{prefix}{name}"
        docs = _documents(info) or inherited
        annotation, optional = unwrap_optional(info.annotation)
        annotation, meta = strip_annotated(annotation)
        required = info.is_required()
        beschrijving = info.description or ""
        if get_origin(annotation) is list:
            (item,) = get_args(annotation)
            item, _ = strip_annotated(item)
            if isinstance(item, type) and issubclass(item, BaseModel):
                yield FieldSpec(
                    path, name, beschrijving, docs, "lijst", required,
                    is_model=True, is_list=True, model=item,
                )
                yield from _walk(item, f"{path}[].", docs)
            else:
                _, keuzes = _describe(item, [])
                yield FieldSpec(path, name, beschrijving, docs, "lijst", required, keuzes, is_list=True)
        elif isinstance(annotation, type) and issubclass(annotation, BaseModel):
            yield FieldSpec(
                path, name, beschrijving, docs, "groep", required, is_model=True, model=annotation
            )
            yield from _walk(annotation, f"{path}.", docs)
        else:
            kind, keuzes = _describe(annotation, [*info.metadata, *meta])
            yield FieldSpec(path, name, beschrijving, docs, kind, required and not optional, keuzes)


@cache
def all_fields() -> tuple[FieldSpec, ...]:
    """Every field of the model, depth-first in declaration order."""
    return tuple(_walk(Dossier, "", ()))


@cache
def by_path() -> dict[str, FieldSpec]:
    return {f.path: f for f in all_fields()}


def leaf_fields() -> tuple[FieldSpec, ...]:
    """Fields that hold a value (not a group); what a template ultimately prints."""
    return tuple(f for f in all_fields() if not f.is_model)


def generic_path(loc: tuple[str | int, ...]) -> str:
    """Turn a concrete location (``scholen``, 0, ``naam``) into ``scholen[].naam``."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += "[]"
        else:
            out += f".{part}" if out else str(part)
    return out


def iter_values(
    value: Any, loc: tuple[str | int, ...] = ()
) -> typing.Iterator[tuple[tuple[str | int, ...], Any]]:
    """Yield (location, leaf value) for every filled-in answer of a dossier."""
    if isinstance(value, BaseModel):
        for name in type(value).model_fields:
            yield from iter_values(getattr(value, name), (*loc, name))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from iter_values(item, (*loc, i))
    elif value is not None:
        yield loc, value


def dotted(loc: tuple[str | int, ...]) -> str:
    """Human path as shown in messages: ``scholen[0].naam``."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


def spec_for(loc: tuple[str | int, ...]) -> FieldSpec:
    """The field spec of a concrete location; an item of a list of values maps to the list."""
    path = generic_path(loc)
    specs = by_path()
    while path not in specs and path.endswith("[]"):
        path = path[:-2]
    return specs[path]


def placeholders_left_out(
    data: Any, loc: tuple[str | int, ...] = ()
) -> typing.Iterator[tuple[tuple[str | int, ...], str]]:
    """(location, text) of every optional answer in the YAML as read that the model took as not given
    because it is a placeholder (``Basis._empty_optional_is_none``), so the check can still name it."""
    if isinstance(data, dict):
        for key, value in data.items():
            here = (*loc, key)
            spec = by_path().get(generic_path(here)) if isinstance(key, str) else None
            if spec is not None and not spec.required and opvultekst(value):
                yield here, value
            elif spec is not None:
                yield from placeholders_left_out(value, here)
    elif isinstance(data, list):
        for i, item in enumerate(data):
            yield from placeholders_left_out(item, (*loc, i))
