"""The readiness checklist as HTML (browser) and PDF (same engine and style as the documents).

Applicants hand this page to the people who must still deliver something (the MR, the
gemeente), so it lists every rule with its status, not just the failures.
"""

from __future__ import annotations

import contextlib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from pipeline.check.engine import GROUPS, CheckResult, RuleStatus, rule_statuses
from pipeline.check.findings import ERROR, WARNING, Finding
from pipeline.check.sources import SeedSource
from pipeline.exceptions import DossierError
from pipeline.output import write_atomic
from pipeline.paths import CHECKLIST_HTML, CHECKLIST_PDF
from pipeline.render.context import base_context, metadata
from pipeline.render.html import render_template
from pipeline.route.view import RouteView, route_context, route_view
from pipeline.templates import template_dirs
from pipeline.validate import LoadedDossier

if TYPE_CHECKING:
    from pipeline.render.pdf import PdfOptions

TEMPLATE = "checklist/checklist.html"
TITLE = "Checklist: klaar om in te dienen?"
HTML_NAME = CHECKLIST_HTML
PDF_NAME = CHECKLIST_PDF


# The template (and a dossier's override of it) is read by consultants, so it keeps the
# Dutch names it has always had: rows with ``regel`` (``id``, ``titel``, ``bron``, ``groep``),
# ``status`` and ``bevindingen`` (``id``, ``ernst``, ``bron``, ``veld``, ``bestand``,
# ``regel``, ``kolom``, ``melding``, ``wat_te_doen``, ``plaats``); ``bron`` has ``document``
# and ``citaat`` and prints as the quoted rule.


@dataclass(frozen=True, slots=True)
class _SourceView:
    document: str
    citaat: str

    def __str__(self) -> str:
        return str(SeedSource(self.document, self.citaat))


@dataclass(frozen=True, slots=True)
class _RuleView:
    id: str
    titel: str
    bron: _SourceView
    groep: str


@dataclass(frozen=True, slots=True)
class _FindingView:
    id: str
    ernst: str
    bron: _SourceView
    veld: str | None
    bestand: Path
    regel: int | None
    kolom: int | None
    melding: str
    wat_te_doen: str
    plaats: str


@dataclass(frozen=True, slots=True)
class _RowView:
    regel: _RuleView
    status: str
    bevindingen: tuple[_FindingView, ...]


def _source_view(source: SeedSource) -> _SourceView:
    return _SourceView(source.document, source.quote)


def submitted_name(path: Path, loaded: LoadedDossier) -> str:
    """How a submitted document names a file: relative to the dossier or its template folder,
    never a local path (a home folder may carry a person's name)."""
    real = path.resolve()
    roots = [(loaded.folder.resolve(), loaded.naam)]
    with contextlib.suppress(DossierError):
        roots += [(root, "templates") for root in template_dirs(loaded.folder)]
    for root, label in roots:
        if real.is_relative_to(root):
            return f"{label}/{real.relative_to(root).as_posix()}"
    return path.name


def _finding_view(f: Finding, loaded: LoadedDossier) -> _FindingView:
    place = submitted_name(f.file, loaded)
    if f.line is not None:
        place += f":{f.line}" + (f":{f.column}" if f.column is not None else "")
    return _FindingView(
        id=f.id, ernst=f.severity, bron=_source_view(f.source), veld=f.field, bestand=f.file,
        regel=f.line, kolom=f.column, melding=f.message, wat_te_doen=f.what_to_do,
        plaats=place,
    )


def _row_view(row: RuleStatus, loaded: LoadedDossier) -> _RowView:
    rule = row.rule
    return _RowView(
        regel=_RuleView(rule.id, rule.title, _source_view(rule.source), rule.group),
        status=row.status,
        bevindingen=tuple(_finding_view(f, loaded) for f in row.findings),
    )


def render_checklist_html(
    loaded: LoadedDossier, findings: Sequence[Finding], *, today: date | None = None, route: RouteView | None = None
) -> str:
    """The checklist page for one dossier; ``findings`` as returned by ``check_dossier``;
    ``route``: the route map to show (default: from the dossier's voortgang.yaml)."""
    today = today or date.today()
    dossier = loaded.dossier
    rows = rule_statuses(loaded, tuple(findings))
    context = base_context(dossier, document_id="checklist", titel=TITLE, today=today)
    context.update(
        vandaag=today,
        preview=False,
        bestand=submitted_name(loaded.source.path, loaded),
        fouten=sum(f.severity == ERROR for f in findings),
        waarschuwingen=sum(f.severity == WARNING for f in findings),
        dagen=(dossier.aanvraagronde.uiterste_ontvangstdatum - today).days,
        groepen=[
            (group, [_row_view(r, loaded) for r in rows if r.rule.group == group]) for group in GROUPS
        ],
    )
    context["klaar"] = context["fouten"] == 0
    context["route"] = route_context(route or route_view(loaded, today=today),
                                      lambda path: submitted_name(path, loaded))
    return render_template(loaded, TEMPLATE, context)


def checklist_pdf_options(loaded: LoadedDossier) -> PdfOptions:
    """The checklist's PDF: its own metadata, no dossier.yaml inside (the documents carry that)."""
    from pipeline.build import pdf_options

    meta = metadata(loaded.dossier, titel=TITLE, onderwerp="controle vóór indienen", kenmerk="checklist")
    return pdf_options(loaded, meta, answers=None)


def write_checklist(result: CheckResult, folder: Path, *, pdf: bool = True) -> list[Path]:
    """Write ``checklist.html`` (and ``checklist.pdf``) into ``folder``; returns the paths."""
    loaded = result.loaded
    route = route_view(loaded, today=result.today, out_dir=folder)
    html = render_checklist_html(loaded, result.findings, today=result.today, route=route)
    written = [folder / HTML_NAME]
    write_atomic(written[0], html.encode("utf-8"))
    if pdf:
        from pipeline.render.pdf import render_pdf

        data = render_pdf(html, checklist_pdf_options(loaded))
        written.append(folder / PDF_NAME)
        write_atomic(written[1], data)
    return written
