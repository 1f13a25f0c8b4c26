"""Small text helpers shared by the rules: "is this answer substantial", "is this party named"."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from pydantic import BaseModel

from pipeline.check.findings import Context, Melding
from pipeline.load import Loc

# An answer shorter than this (after stripping Markdown markup) is a placeholder like
# "n.v.t.", "volgt" or "zie bijlage", not the description DUO or the adviesgroep asks for.
MIN_TEKST_LENGTE = 30
# For short labels that must still say something (e.g. the situation in which a party leads).
MIN_KORTE_TEKST = 10

_MARKUP = re.compile(r"[*_`#>|~\[\]()]+|^\s*(?:[-+]|\d+[.)])\s+", re.MULTILINE)
_SPACES = re.compile(r"\s+")


def inhoud(text: str) -> str:
    """The words of an answer without Markdown markup or extra whitespace."""
    return _SPACES.sub(" ", _MARKUP.sub(" ", text)).strip()


def te_summier(text: str | None, minimum: int = MIN_TEKST_LENGTE) -> bool:
    return text is None or len(inhoud(text)) < minimum


def normaal(name: str) -> str:
    """Compare organisation names ignoring case, curly quotes and spacing."""
    name = name.replace("’", "'").replace("‘", "'").replace("–", "-")
    return _SPACES.sub(" ", name.casefold()).strip()


def noemt(tekst: str, naam: str) -> bool:
    """Does ``tekst`` (a party as written in the overeenkomst) name organisation ``naam``?

    A whole-word match, so "Gemeente Doetinchem (namens de Achterhoekse gemeenten)" names
    "Gemeente Doetinchem" but "De Brugge" does not name "De Brug".
    """
    wanted = normaal(naam)
    if not wanted:
        return False
    return re.search(rf"(?<!\w){re.escape(wanted)}(?!\w)", normaal(tekst)) is not None


def korte_naam(naam: str) -> str:
    """``De Brug, school voor speciaal onderwijs`` → ``De Brug`` (how people refer to a school)."""
    return naam.split(",", 1)[0].strip()


def waarde_op(root: BaseModel, loc: Loc) -> Any:
    """The answer at a location such as ``("projectplan", "medewerkers", 0, "expertise")``."""
    value: Any = root
    for part in loc:
        if value is None:
            return None
        value = value[part] if isinstance(part, int) else getattr(value, part)
    return value


def summier(ctx: Context, loc: Loc, wat: str) -> Iterator[Melding]:
    """A finding when the answer at ``loc`` is missing or shorter than ``MIN_TEKST_LENGTE``."""
    text = waarde_op(ctx.dossier, loc)
    if te_summier(text):
        yield Melding(
            loc,
            f"{wat} is te summier ({len(inhoud(text or ''))} tekens; minimaal "
            f"{MIN_TEKST_LENGTE})",
            f"Beschrijf {wat} in een paar volledige zinnen; een verwijzing of ‘n.v.t.’ is "
            "niet genoeg.",
        )
