"""The readiness checklist as HTML (browser) and PDF (same engine and style as the documents).

Applicants hand this page to the people who must still deliver something (the MR, the
gemeente), so it lists every rule with its status, not just the failures.
"""

from __future__ import annotations

import contextlib
import hashlib
from collections.abc import Sequence
from concurrent.futures import Executor, Future
from dataclasses import dataclass, field, fields
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, get_type_hints

from pipeline.cache import OutputCache, code_fingerprint, file_digest
from pipeline.check.documents import build_findings
from pipeline.check.engine import GROUPS, IN_TE_DIENEN, SIGNING_RULES, CheckResult, RuleStatus, level_of, rule_statuses
from pipeline.check.findings import ERROR, WARNING, Finding
from pipeline.check.privacy_exits import public_name
from pipeline.check.sources import SeedSource, for_round
from pipeline.exceptions import DossierError
from pipeline.model.answers import Dossier
from pipeline.output import write_if_changed
from pipeline.paths import Places, resolved
from pipeline.read.validate import LoadedDossier
from pipeline.regions import outside_regions, region_of
from pipeline.render.context import base_context, metadata
from pipeline.render.html import render_template
from pipeline.route.view import RouteView, route_context, route_view
from pipeline.templates import dependencies, template_dirs

if TYPE_CHECKING:
    from pipeline.exceptions import RenderError
    from pipeline.render.documents import Rendering
    from pipeline.render.pdf import PdfOptions

TEMPLATE = "checklist/checklist.html"
TITLE = "Checklist: klaar om in te dienen?"


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
    real = resolved(path)
    roots = [(loaded.folder.resolve(), public_name(loaded.naam, loaded.dossier))]
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
        regel=_RuleView(rule.id, rule.title, _source_view(for_round(rule.source, loaded.dossier.aanvraagronde)),
                        rule.group),
        status=row.status,
        bevindingen=tuple(_finding_view(f, loaded) for f in row.findings),
    )


@dataclass(frozen=True, slots=True)
class ChecklistPage:
    """What the checklist template gets besides what every template gets (``base_context``:
    the answers, ``document``, ``gemaakt_op``, ``versie``): one name per field.

    ``dossier templates check`` knows the template's names from here (``template_names``), so
    a name the build would refuse is reported first, with its file and line.
    """

    vandaag: date
    preview: bool
    bestand: str
    fouten: int  # errors about the answers and the files (not the signatures)
    te_tekenen: int  # findings about the signed copies (TEKEN-KOPIE, TEKEN-PARTIJEN)
    waarschuwingen: int
    klaar: bool  # ready to submit
    niveau: str  # check.engine.Niveau: niet klaar, klaar om te laten tekenen, klaar om in te dienen
    dagen: int
    groepen: list[tuple[str, list[_RowView]]]
    route: dict[str, Any]  # route_context
    regio: str  # the region whose routekaart applies ("": none, DUO's route alone)
    regio_opmerking: str  # without a region: why, and that the applicant's own region may have a route

    def context(self) -> dict[str, Any]:
        return {f.name: getattr(self, f.name) for f in fields(self)}


def _base_context(dossier: Dossier, today: date) -> dict[str, Any]:
    return base_context(dossier, document_id="checklist", titel=TITLE, today=today)


def checklist_context(
    loaded: LoadedDossier, findings: Sequence[Finding], *, today: date, route: RouteView
) -> dict[str, Any]:
    """Everything the checklist template sees."""
    dossier = loaded.dossier
    region = region_of(dossier)
    rows = rule_statuses(loaded, tuple(findings))
    signing = sum(f.severity == ERROR and f.id in SIGNING_RULES for f in findings)
    errors = sum(f.severity == ERROR for f in findings) - signing
    page = ChecklistPage(
        vandaag=today,
        preview=False,
        bestand=submitted_name(loaded.source.path, loaded),
        fouten=errors,
        te_tekenen=signing,
        waarschuwingen=sum(f.severity == WARNING for f in findings),
        klaar=level_of(findings) == IN_TE_DIENEN,
        niveau=level_of(findings),
        dagen=(dossier.aanvraagronde.uiterste_ontvangstdatum - today).days,
        groepen=[
            (group, [_row_view(r, loaded) for r in rows if r.rule.group == group]) for group in GROUPS
        ],
        route=route_context(route, lambda path: submitted_name(path, loaded)),
        regio=region.naam if region else "",
        regio_opmerking="" if region else outside_regions(dossier),
    )
    return _base_context(dossier, today) | page.context()


def template_names() -> dict[str, Any]:
    """Every name the checklist template gets, with what it holds: the answers (as ``None``:
    the answers model describes them), a value made by the renderer's own code, or a type
    (a dataclass is followed field by field). For ``dossier templates check``."""
    blank = Dossier.model_construct(**dict.fromkeys(Dossier.model_fields))
    names = _base_context(blank, date.today())
    hints = get_type_hints(ChecklistPage)
    names.update({f.name: hints[f.name] for f in fields(ChecklistPage)})
    names["route"] = route_context(RouteView(None), str)  # its keys, as for a dossier without a route
    return names


def render_checklist_html(
    loaded: LoadedDossier, findings: Sequence[Finding], *, today: date | None = None, route: RouteView | None = None
) -> str:
    """The checklist page for one dossier; ``findings`` as returned by ``check_dossier``;
    ``route``: the route map to show (default: from the dossier's voortgang.yaml)."""
    today = today or date.today()
    context = checklist_context(loaded, findings, today=today, route=route or route_view(loaded, today=today))
    return render_template(loaded, TEMPLATE, context)


def checklist_pdf_options(loaded: LoadedDossier) -> PdfOptions:
    """The checklist's PDF: its own metadata, no dossier.yaml inside (the documents carry that)."""
    from pipeline.render.pdf import pdf_options

    meta = metadata(loaded.dossier, titel=TITLE, onderwerp="controle vóór indienen", kenmerk="checklist")
    return pdf_options(loaded, meta, answers=None)


def _pdf_key(loaded: LoadedDossier, html: str) -> str:
    """The checklist PDF is a function of its HTML and the shared stylesheet/layout."""
    digest = hashlib.sha256((code_fingerprint() + html).encode())
    for dep in dependencies("checklist", "pdf", loaded.folder):
        digest.update(file_digest(dep))
    return digest.hexdigest()


@dataclass(slots=True)
class Checklist:
    """What the checklist stage wrote, and the check with the render stage's findings added."""

    checked: CheckResult
    files: list[Path] = field(default_factory=list)
    errors: list[RenderError] = field(default_factory=list)  # its PDF could not be made


@dataclass(slots=True)
class _Writer:
    """Writes the HTML at once and hands its PDF to the workers, behind the documents' PDFs."""

    loaded: LoadedDossier
    places: Places
    route: RouteView
    executor: Executor
    cache: OutputCache
    force: bool
    pdf: bool
    key: str = ""
    future: Future[Any] | None = None

    def write(self, checked: CheckResult) -> None:
        from pipeline.render.pool import pdf_job

        self.settle()  # an earlier version is being laid out: let it finish first
        html = render_checklist_html(self.loaded, checked.findings, today=checked.today, route=self.route)
        write_if_changed(self.places.checklist_html, html.encode("utf-8"))
        self.key = _pdf_key(self.loaded, html)
        if self.pdf and (self.force or not self.cache.fresh(self.places.checklist_pdf.name, self.key)):
            self.cache.forget(self.places.checklist_pdf.name)
            self.future = self.executor.submit(pdf_job, html, self.places.checklist_pdf,
                                               checklist_pdf_options(self.loaded))

    def settle(self) -> None:
        if self.future is not None:
            future, self.future = self.future, None
            with contextlib.suppress(DossierError):
                future.result()

    def finish(self, errors: list[RenderError]) -> None:
        from pipeline.exceptions import RenderError

        if self.future is None:
            return
        future, self.future = self.future, None
        try:
            future.result()
        except DossierError as exc:
            errors.append(RenderError.of(self.places.checklist_pdf, exc))
        else:
            self.cache.record(self.places.checklist_pdf.name, self.key)


def write_checklist(checked: CheckResult, route: RouteView, places: Places, *, executor: Executor,
                    cache: OutputCache, rendering: Rendering | None = None, force: bool = False,
                    pdf: bool = True) -> Checklist:
    """The checklist stage: ``checklist.html`` now and ``checklist.pdf`` laid out beside the
    documents' PDFs. Once those are done (``rendering``), a document that could not be made is a
    finding, and the checklist is written again to say so."""
    writer = _Writer(checked.loaded, places, route, executor, cache, force, pdf)
    writer.write(checked)
    if rendering is not None and rendering.wait().errors:
        checked = checked.with_findings(build_findings(checked.loaded, rendering.errors))
        writer.write(checked)
    result = Checklist(checked, [places.checklist_html, *([places.checklist_pdf] if pdf else [])])
    writer.finish(result.errors)
    return result
