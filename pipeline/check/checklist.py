"""The readiness checklist as HTML (browser) and PDF (same engine and style as the documents).

Applicants hand this page to the people who must still deliver something (the MR, the
gemeente), so it lists every rule with its status, not just the failures.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Sequence
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

from jinja2 import FileSystemLoader, TemplateError
from jinja2.sandbox import ImmutableSandboxedEnvironment

from pipeline import __version__
from pipeline.check.engine import GROEPEN, Uitslag, per_regel
from pipeline.check.findings import FOUT, WAARSCHUWING, Finding
from pipeline.exceptions import TemplateProblem, display_path
from pipeline.output import write_atomic
from pipeline.render.context import make_environment
from pipeline.templates import TEMPLATES, template_dirs
from pipeline.validate import LoadedDossier

TEMPLATE = "checklist/checklist.html"
TITEL = "Checklist: klaar om in te dienen?"
HTML_NAAM = "checklist.html"
PDF_NAAM = "checklist.pdf"


def _eerste_hoofdletter(text: str) -> str:
    return text[:1].upper() + text[1:]


@lru_cache(maxsize=8)
def _environment(search_path: tuple[Path, ...]) -> ImmutableSandboxedEnvironment:
    env = make_environment(loader=FileSystemLoader([str(p) for p in search_path]))
    env.filters["capitalize_first"] = _eerste_hoofdletter
    return env


def render_checklist_html(
    loaded: LoadedDossier, findings: Sequence[Finding], *, vandaag: date | None = None
) -> str:
    """The checklist page for one dossier; ``findings`` as returned by ``controleer``."""
    vandaag = vandaag or date.today()
    dossier = loaded.dossier
    rows = per_regel(loaded, tuple(findings))
    context: dict[str, Any] = {name: getattr(dossier, name) for name in type(dossier).model_fields}
    context.update(
        document={"id": "checklist", "titel": TITEL},
        gemaakt_op=vandaag,
        vandaag=vandaag,
        versie=__version__,
        preview=False,
        bestand=display_path(loaded.source.path),
        fouten=sum(f.ernst == FOUT for f in findings),
        waarschuwingen=sum(f.ernst == WAARSCHUWING for f in findings),
        dagen=(dossier.aanvraagronde.uiterste_ontvangstdatum - vandaag).days,
        groepen=[(g, [r for r in rows if r.regel.groep == g]) for g in GROEPEN],
    )
    context["klaar"] = context["fouten"] == 0
    env = _environment(tuple(template_dirs(loaded.folder)))
    try:
        return env.get_template(TEMPLATE).render(context)
    except TemplateError as exc:
        raise TemplateProblem(f"sjabloon {TEMPLATE}: {exc}") from None


def pdf_beschikbaar() -> bool:
    """The PDF renderer is its own module; without it the checklist is HTML only."""
    return importlib.util.find_spec("pipeline.render.pdf") is not None


def schrijf_checklist(uitslag: Uitslag, map_: Path, *, pdf: bool = True) -> list[Path]:
    """Write ``checklist.html`` (and ``checklist.pdf``) into ``map_``; returns the paths."""
    loaded = uitslag.loaded
    html = render_checklist_html(loaded, uitslag.bevindingen, vandaag=uitslag.vandaag)
    written = [map_ / HTML_NAAM]
    write_atomic(written[0], html.encode("utf-8"))
    if pdf and pdf_beschikbaar():
        from pipeline.render.pdf import render_pdf

        data = render_pdf(
            html,
            base_url=loaded.folder,
            allowed_roots=[TEMPLATES, loaded.folder],
            title=f"{TITEL} – {loaded.dossier.arrangement.naam}",
            author=loaded.dossier.aanvrager.naam,
            subject=f"{loaded.dossier.aanvraagronde.naam}: controle vóór indienen",
            keywords=["onderwijszorgarrangement", "checklist", loaded.dossier.arrangement.soort],
            attachment=None,
        )
        written.append(map_ / PDF_NAAM)
        write_atomic(written[1], data)
    return written
