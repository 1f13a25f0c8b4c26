"""What a template sees: the answers under their model names, plus a few Dutch filters.

Both engines (docxtpl for Word, Jinja2 for HTML/PDF) get the same variables and the
same filter names, so a consultant learns one vocabulary. Only ``markdown`` differs per
engine (WordprocessingML vs HTML) and is registered by each renderer.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from jinja2 import StrictUndefined
from jinja2.sandbox import ImmutableSandboxedEnvironment

from pipeline import __version__
from pipeline.dates import build_date, datum
from pipeline.documents import BY_ID, Document
from pipeline.model.answers import DOEL_OMSCHRIJVINGEN, Doel, Dossier
from pipeline.model.parties import andere_ondertekenaars, partijen
from pipeline.periods import looptijd
from pipeline.render.bounded import BoundedEnvironment


def ja_nee(value: bool | None) -> str:
    return "ja" if value else "nee"


def getal(value: float | int | None) -> str:
    """Dutch decimal comma: ``0.8`` → ``0,8``."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).replace(".", ",")


def opsomming(items: list[str]) -> str:
    """``['a', 'b', 'c']`` → ``a, b en c``."""
    items = [str(i) for i in items]
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " en " + items[-1]


def capitalize_first(text: str) -> str:
    """``aanvrager`` → ``Aanvrager``, leaving the rest alone (unlike Jinja's ``capitalize``)."""
    return text[:1].upper() + text[1:]


FILTERS: dict[str, Callable[..., Any]] = {
    "datum": datum,
    "ja_nee": ja_nee,
    "getal": getal,
    "opsomming": opsomming,
    "capitalize_first": capitalize_first,
}


def template_context(dossier: Dossier, document: Document | str, *, today: dt.date | None = None,
                     versie: str = "") -> dict[str, Any]:
    """Variables for one document: every top-level answer, plus ``document`` (with its ``versie``,
    see ``render.version``), ``partijen``, ``andere_ondertekenaars`` and ``doelsoorten``.

    Values stay pydantic objects (templates use ``arrangement.naam``); frozen models make
    accidental mutation from a template impossible.
    """
    doc = BY_ID[document] if isinstance(document, str) else document
    ctx = base_context(dossier, document_id=doc.id, titel=doc.titel, today=today)
    ctx["document"]["versie"] = versie
    ctx["partijen"] = partijen(dossier)
    ctx["andere_ondertekenaars"] = andere_ondertekenaars(dossier, ctx["partijen"])
    ctx["looptijd"] = looptijd(dossier)  # the term is said once, by the dates
    ctx["doelsoorten"] = [
        {
            "nummer": i,
            "naam": doel.value,
            "omschrijving": DOEL_OMSCHRIJVINGEN[doel],
            "gekozen": doel in dossier.arrangement.doelen,
        }
        for i, doel in enumerate(Doel, start=1)
    ]
    return ctx


def base_context(dossier: Dossier, *, document_id: str, titel: str, today: dt.date | None = None) -> dict[str, Any]:
    """What every template sees: the answers, the page's title, the date it was made and the tool version."""
    ctx: dict[str, Any] = {name: getattr(dossier, name) for name in type(dossier).model_fields}
    # The term is said once, by the dates: "Looptijd" prints them, never a typed text that may differ.
    if dossier.arrangement is not None and dossier.samenwerkingsovereenkomst is not None:  # not in a blank
        # a consultant's older template that still prints the typed term gets the dates (``looptijd``)
        ctx["arrangement"] = dossier.arrangement.model_copy(update={"tijdsduur": looptijd(dossier)})
    ctx["document"] = {"id": document_id, "titel": titel}
    ctx["gemaakt_op"] = today or build_date().date()
    ctx["versie"] = __version__
    return ctx


def metadata(dossier: Dossier, *, titel: str, onderwerp: str, kenmerk: str) -> dict[str, Any]:
    """Title, author, subject and keywords of an output file: the same in DOCX and PDF."""
    arrangement = dossier.arrangement
    return {
        "title": f"{titel} – {arrangement.naam}",
        "author": dossier.aanvrager.naam,
        "subject": f"{dossier.aanvraagronde.naam}: {onderwerp}",
        "keywords": ["onderwijszorgarrangement", kenmerk, arrangement.soort, *(d.value for d in arrangement.doelen)],
    }


def document_metadata(dossier: Dossier, document: Document) -> dict[str, Any]:
    return metadata(dossier, titel=document.titel, onderwerp=dossier.arrangement.naam, kenmerk=document.id)


def make_environment(**options: Any) -> ImmutableSandboxedEnvironment:
    """A sandboxed, autoescaping, strict Jinja2 environment with the Dutch filters.

    Sandboxed: templates come from consultants and from dossier folders, and must not
    reach Python internals, nor hang a build (``render.bounded``). StrictUndefined: a
    misspelt field is an error, not a blank.
    """
    env = BoundedEnvironment(
        autoescape=True, undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True, **options
    )
    env.filters.update(FILTERS)
    return env
