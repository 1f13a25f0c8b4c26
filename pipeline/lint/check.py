"""``dossier templates check``: every template problem, located, before a document is made.

Per template file: Jinja syntax errors, unknown filters, variables that are not in the
answers model (with a suggestion), attributes the sandbox forbids, and for Word files
the tags docxtpl cannot read. Per document (its Word template is its only source): fields
the traceability table assigns to it that the template does not use, Word styles the
stylesheet gives no look, direct formatting the PDF would drop (``lint/styles.py``), and for a
signed document a footer without the page's QR code (``lint/page_code.py``).
The checklist's HTML template (and a dossier's own version of it) is checked against exactly
the names the checklist renderer passes (``vocabulary.checklist_vocabulary``). Per-dossier
override folders (``inputs/<naam>/templates/``) are checked along their own search path.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from zipfile import BadZipFile

from docx.opc.exceptions import PackageNotFoundError
from jinja2 import TemplateSyntaxError, nodes
from jinja2.exceptions import TemplateAssertionError
from jinja2.sandbox import ImmutableSandboxedEnvironment
from lxml import etree

from pipeline.check.checklist import TEMPLATE as CHECKLIST_TEMPLATE
from pipeline.documents import DOCUMENTEN, Document
from pipeline.lint.costly import costly
from pipeline.lint.docx_source import misplaced_tags
from pipeline.lint.jinja_vars import Analysis, Unknown, analyse, unsafe_attributes
from pipeline.lint.page_code import page_code_problems
from pipeline.lint.styles import docx_style_parts, style_problems
from pipeline.lint.vocabulary import Variable, checklist_vocabulary, model_variables, vocabulary
from pipeline.model.fields import leaf_fields
from pipeline.paths import display_path
from pipeline.render.context import make_environment
from pipeline.render.html import STYLESHEET
from pipeline.render.jinja_messages import syntax_error_place, template_error
from pipeline.render.word_file import word_file_problems
from pipeline.render.word_source import DocxPart, read_parts, split_tags
from pipeline.templates import TEMPLATES, outside, template_dirs

LINTED_SUFFIXES = (".html", ".docx")
# What an HTML template's variables are checked against: the answers model (a document's
# page), the checklist renderer's own context, or nothing (a file that is no page of its own).
DOCUMENT, CHECKLIST = "document", "checklist"
CHECKLIST_FOLDER = Path(CHECKLIST_TEMPLATE).parts[0]  # the checklist's page and what it includes


@dataclass(frozen=True, slots=True)
class Finding:
    """One problem in one template: ``bestand:regel: bericht`` or ``bestand: alinea ‘…’: bericht``."""

    file: Path
    message: str
    line: int | None = None
    paragraph: str | None = None  # Word: the text around the problem, as the consultant sees it
    part: str = ""  # Word: koptekst, voettekst, … ("" for the main text)

    def __str__(self) -> str:
        where = display_path(self.file)
        if self.part:
            where += f" ({self.part})"
        if self.line is not None and self.paragraph is None:
            where += f":{self.line}"
        if self.paragraph is not None:
            where += f": alinea ‘{self.paragraph}’" if self.paragraph else ": (lege alinea)"
        return f"{where}: {self.message}"


@dataclass(slots=True)
class Report:
    findings: list[Finding] = field(default_factory=list)
    files: list[Path] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.findings


def lint_environment() -> ImmutableSandboxedEnvironment:
    """The render environment (same filters, same sandbox) plus the per-engine ``markdown``."""
    env = make_environment()
    env.filters["markdown"] = str  # only its name matters here: nothing is rendered
    return env


# ------------------------------------------------------------------ messages


def unknown_message(item: Unknown, context: str = DOCUMENT) -> str:
    root = re.split(r"[.\[]", item.written, maxsplit=1)[0]
    same = item.path.split(".")[0].split("[")[0] == root
    answer = context == DOCUMENT or item.path.split(".")[0].split("[")[0] in _answer_names()
    text = f"onbekende variabele ‘{item.written}’"
    if not same and context == DOCUMENT:  # the checklist's own paths hold loop positions: not for readers
        text += f" (= {item.path})"
    text += " — die staat niet in het antwoordmodel" if answer else " — die krijgt de controlelijst niet"
    text += " en geeft bij het maken van " + ("de controlelijst" if context == CHECKLIST else "het document")
    text += " een fout"
    if item.suggestion:
        text += f"; bedoelde u ‘{item.suggestion}’?"
    if item.hint:
        text += f"; {item.hint}"
    return text


def _answer_names() -> set[str]:
    return {v.path.split(".")[0].split("[")[0] for v in model_variables()}


def _syntax_problem(
    exc: TemplateSyntaxError, source: str, env: ImmutableSandboxedEnvironment, describe: Callable[[int], str]
) -> tuple[str, int | None]:
    """A Jinja syntax error in Dutch; an unclosed block is located where it was opened, and a
    block that must be closed first is pointed at."""
    message = template_error(exc, env)
    line, first = syntax_error_place(exc, source, env)
    if first is not None and f"‘{{% {first[0]} %}}’" in message:
        message += f" (‘{{% {first[0]} %}}’ staat {describe(first[1])})"
    return message, line


# ------------------------------------------------------------------ one file


@dataclass(slots=True)
class FileResult:
    findings: list[Finding]
    analysis: Analysis
    references: list[tuple[str, int]]  # (template name, line) of extends/include/import
    unreadable: bool = False  # could not be parsed: what it uses is unknown, so nothing more is said


def _parse(
    source: str, name: str, env: ImmutableSandboxedEnvironment, describe: Callable[[int], str],
    *, compile_: bool = True,
) -> tuple[nodes.Template | None, list[tuple[str, int | None]]]:
    """Parse, then compile to find unknown filters and tests; return the AST and the errors.

    An unknown filter does not stop the lint: it gets a stand-in and compiling goes on, so
    one run shows every problem of the template (the variable walk needs a compiled AST).
    """
    try:
        ast = env.parse(source, name=name)
    except TemplateSyntaxError as exc:
        return None, [_syntax_problem(exc, source, env, describe)]
    problems: list[tuple[str, int | None]] = []
    scratch = env
    while compile_:
        try:
            scratch.compile(ast, name=name)
            break
        except TemplateAssertionError as exc:
            problems.append((template_error(exc, env), exc.lineno))
            missing = re.match(r"No (filter|test) named '([^']+)'", exc.message or "")
            if missing is None or len(problems) > 50:
                return None, problems
            if scratch is env:
                scratch = lint_environment()
            table = scratch.filters if missing[1] == "filter" else scratch.tests
            table[missing[2]] = str
            ast = scratch.parse(source, name=name)  # the variable walk compiles with the AST's own environment
    return ast, problems


Locate = Callable[[int | None, str, str], Finding]  # (line, message, text at fault) → finding


def _analysis_findings(analysis: Analysis, locate: Locate, context: str = DOCUMENT) -> list[Finding]:
    out = []
    for unsafe in analysis.unsafe:
        out.append(locate(
            unsafe.line,
            f"verboden in sjabloon: ‘{unsafe.written}’ — sjablonen mogen geen Python-internals "
            f"gebruiken (‘{unsafe.attribute}’); de sandbox weigert dit bij het maken van het document",
            unsafe.attribute,
        ))
    for item in analysis.unknown:
        needle = item.written.split("(… '")[-1].rstrip("')") if "(… '" in item.written else item.written
        out.append(locate(item.line, unknown_message(item, context), needle))
    return out


def lint_html(path: Path, env: ImmutableSandboxedEnvironment, *, context: str | None = DOCUMENT) -> FileResult:
    """One HTML (or included CSS) template, located by line.

    ``context``: what its variables are checked against (``DOCUMENT``: the answers model;
    ``CHECKLIST``: the checklist's own context). ``None`` for a file that is no page of its
    own: syntax, unknown filters and forbidden attributes are still checked.
    """
    try:
        source = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        return FileResult([Finding(path, f"kan het sjabloon niet lezen ({exc})")], Analysis(), [])

    def locate(line: int | None, message: str, needle: str = "") -> Finding:
        return Finding(path, message, line=line)

    ast, problems = _parse(source, path.name, env, lambda line: f"op regel {line}")
    findings = [locate(line, message) for message, line in problems]
    if ast is None:
        return FileResult(findings, Analysis(), [])
    vocab = _vocabulary(context)
    analysis = analyse(ast, vocab) if vocab is not None else Analysis(unsafe=unsafe_attributes(ast))
    references = [
        (ref.template.value, ref.lineno)
        for ref in ast.find_all((nodes.Extends, nodes.Include, nodes.Import, nodes.FromImport))
        if isinstance(ref.template, nodes.Const) and isinstance(ref.template.value, str)
    ]
    findings += [locate(line, message) for message, line in costly(ast)]
    return FileResult(findings + _analysis_findings(analysis, locate, context or DOCUMENT), analysis, references)


def _vocabulary(context: str | None) -> Mapping[str, Variable] | None:
    if context == CHECKLIST:
        return checklist_vocabulary()
    return vocabulary("html") if context == DOCUMENT else None


def lint_docx(path: Path, env: ImmutableSandboxedEnvironment) -> FileResult:
    """One Word template: every part docxtpl renders, located by paragraph text."""
    try:
        problems = word_file_problems(path.read_bytes())
        if problems:  # nothing of it is read: no findings about styles or variables it would use
            return FileResult([Finding(path, problem) for problem in problems], Analysis(), [], unreadable=True)
        parts = read_parts(path)
    except (OSError, ValueError, KeyError, BadZipFile, PackageNotFoundError, etree.XMLSyntaxError) as exc:
        return FileResult(
            [Finding(path, f"kan het Word-bestand niet openen ({type(exc).__name__}: {exc})")], Analysis(), [],
            unreadable=True,
        )
    findings: list[Finding] = []
    merged = Analysis()
    unreadable = False
    for part in parts:
        found, parsed = _lint_docx_part(path, part, env, merged)
        findings.extend(found)
        unreadable = unreadable or not parsed
    return FileResult(findings, merged, [], unreadable=unreadable)


def _lint_docx_part(
    path: Path, part: DocxPart, env: ImmutableSandboxedEnvironment, merged: Analysis
) -> tuple[list[Finding], bool]:
    """The findings of one part, and whether it could be parsed."""
    def locate(line: int | None, message: str, needle: str = "") -> Finding:
        return Finding(path, message, paragraph=part.paragraph(line, needle), part=part.label)

    broken = split_tags(part)
    findings = [Finding(path, f.message, paragraph=f.paragraph, part=f.label) for f in broken]
    if broken:
        return findings, False  # the Jinja error would only restate this, less clearly
    findings += [Finding(path, f.message, paragraph=f.paragraph, part=f.label) for f in misplaced_tags(part)]
    ast, problems = _parse(part.source, path.name, env, lambda line: f"in alinea ‘{part.paragraph(line)}’")
    findings += [locate(line, message) for message, line in problems]
    if ast is None:
        return findings, False
    analysis = analyse(ast, vocabulary("docx"))
    merged.uses.extend(analysis.uses)
    findings += [locate(line, message) for message, line in costly(ast)]
    return findings + _analysis_findings(analysis, locate), True


# ------------------------------------------------------------------ a search path


class _Linter:
    """Lints files once per run (an override search path re-uses the shipped results)."""

    def __init__(self) -> None:
        self.env = lint_environment()
        self.results: dict[tuple[Path, str | None], FileResult] = {}

    def lint(self, path: Path, *, context: str | None = DOCUMENT) -> FileResult:
        """``context``: what an HTML file's variables are checked against (see ``lint_html``)."""
        path = path.resolve()
        key = (path, None if path.suffix == ".docx" else context)
        if key not in self.results:
            if path.suffix == ".docx":
                self.results[key] = lint_docx(path, self.env)
            else:
                self.results[key] = lint_html(path, self.env, context=context)
        return self.results[key]

    @property
    def files(self) -> list[Path]:
        return sorted({path for path, _ in self.results})


def is_document_template(path: Path, base: Path) -> bool:
    """Layout contract: ``<base>/<document id>/…`` or a shared file at the top of ``<base>``."""
    parts = path.relative_to(base).parts
    return len(parts) == 1 or parts[0] in {d.id for d in DOCUMENTEN}


def html_context(path: Path, base: Path) -> str | None:
    """What the variables of an HTML file in ``base`` are checked against: the checklist's
    folder gets the checklist's context, a document's page the answers model."""
    if path.relative_to(base).parts[0] == CHECKLIST_FOLDER:
        return CHECKLIST
    return DOCUMENT if is_document_template(path, base) else None


def _resolve(name: str, search_path: Sequence[Path]) -> Path | None:
    """The file the build would use, or ``None``; a link out of its folder is never read
    (``check_search_path`` reports it)."""
    for base in search_path:
        candidate = base / name
        if candidate.is_file() or candidate.is_symlink():
            return None if outside(candidate, base) else candidate.resolve()
    return None


def _link_out(path: Path, base: Path) -> Finding | None:
    """A link in a template folder that leads out of it (the build refuses to read it)."""
    real = outside(path, base) if path.is_symlink() else None
    if real is None:
        return None
    return Finding(path, f"verwijst naar {real}: geen gewoon bestand binnen de sjabloonmap; het maken van de "
                         "documenten weigert het te lezen — zet het bestand zelf in de map")


def _html_closure(
    start: Path, search_path: Sequence[Path], linter: _Linter, report: Report, context: str | None
) -> list[Path]:
    """A template and everything it extends/includes (rendered with its ``context``), resolved
    along the search path."""
    seen: list[Path] = []
    queue = [start.resolve()]
    while queue:
        path = queue.pop(0)
        if path in seen:
            continue
        seen.append(path)
        result = linter.lint(path, context=context)
        for name, line in result.references:
            target = _resolve(name, search_path)
            if target is None:
                folders = ", ".join(display_path(p) for p in search_path)
                report.findings.append(Finding(path, f"sjabloon ‘{name}’ niet gevonden in {folders}", line=line))
            else:
                queue.append(target)
    return seen


def _coverage(doc: Document, path: Path, linter: _Linter) -> list[Finding]:
    """Fields the model assigns to ``doc`` that its Word template does not show."""
    used = linter.lint(path).analysis.used_paths(vocabulary("docx"))
    return [
        Finding(path, f"gebruikt ‘{spec.path}’ niet, maar volgens het antwoordmodel hoort dit veld in {doc.titel}")
        for spec in leaf_fields()
        if doc.id in spec.documenten and not _uses(used, spec.path)
    ]


def _uses(used: set[str], path: str) -> bool:
    return any(u == path or u.startswith((f"{path}.", f"{path}[")) for u in used)


def _page_code(doc: Document, path: Path) -> list[Finding]:
    """A signed document's footers without the page's QR code (``lint/page_code``)."""
    try:
        problems = page_code_problems(path, doc)
    except (OSError, ValueError, KeyError, BadZipFile, PackageNotFoundError, etree.XMLSyntaxError):
        return []  # unreadable files are reported by the Jinja lint of the same file
    return [Finding(path, message, part=label) for label, message in problems]


def _styles(path: Path, search_path: Sequence[Path]) -> list[Finding]:
    """Word styles the stylesheet does not know, and direct formatting the PDF drops."""
    css_path = _resolve(STYLESHEET, search_path)
    try:
        css = css_path.read_text(encoding="utf-8") if css_path else ""
        parts, names, _kinds = docx_style_parts(path)
    except (OSError, UnicodeDecodeError, ValueError, KeyError, BadZipFile, PackageNotFoundError,
            etree.XMLSyntaxError):
        return []  # unreadable files are reported by the Jinja lint of the same file
    return [Finding(path, message, paragraph=text, part=label)
            for label, text, message in style_problems(parts, names, css)]


def _hidden_text(path: Path) -> list[Finding]:
    """Hidden text (``w:vanish``): left out of the PDF as Word leaves it out of print, but carried in every
    DOCX made from the template, where anyone who shows hidden text reads it."""
    from docx import Document as open_docx

    from pipeline.render.docx_html import hidden_texts

    try:
        found = hidden_texts(open_docx(str(path)))
    except (OSError, ValueError, KeyError, BadZipFile, PackageNotFoundError, etree.XMLSyntaxError):
        return []  # unreadable files are reported by the Jinja lint of the same file
    return [Finding(path, "verborgen tekst: staat niet in de PDF, maar wel in elk Word-document dat van dit "
                          "sjabloon wordt gemaakt (wie verborgen tekst laat tonen, leest het); verwijder het of "
                          "maak het zichtbaar", paragraph=text[:70], part=label) for label, text in found]


def check_search_path(search_path: Sequence[Path], linter: _Linter, report: Report) -> None:
    """Lint the most specific folder of ``search_path`` and every document along it."""
    own = search_path[0]
    for path in sorted(own.rglob("*")):
        if (link := _link_out(path, own)) is not None:
            report.findings.append(link)
        elif path.is_file() and path.suffix in LINTED_SUFFIXES:
            context = html_context(path, own)
            report.findings.extend(linter.lint(path, context=context).findings)
            if path.suffix == ".html":
                _html_closure(path, search_path, linter, report, context)
    for doc in DOCUMENTEN:
        name = f"{doc.id}/{doc.id}.docx"
        found = _resolve(name, search_path)
        if found is None:
            if not (own / name).is_symlink():  # a link out of the folder is reported above
                report.findings.append(Finding(own / name, "sjabloon ontbreekt"))
            continue
        result = linter.lint(found)
        report.findings.extend(result.findings)
        if result.unreadable:
            continue  # "uses no field" would be 40 times the same syntax error, said wrongly
        report.findings.extend(_styles(found, search_path))
        report.findings.extend(_hidden_text(found))
        report.findings.extend(_coverage(doc, found, linter))
        if doc.getekend:
            report.findings.extend(_page_code(doc, found))


def check_templates(dossier_folders: Sequence[Path] = ()) -> Report:
    """The shipped templates, then each dossier's own ``templates/`` along its search path."""
    linter = _Linter()
    report = Report()
    check_search_path([TEMPLATES], linter, report)
    for folder in dossier_folders:
        dirs = template_dirs(folder)
        if len(dirs) > 1:
            check_search_path(dirs, linter, report)
    report.findings = list(dict.fromkeys(report.findings))
    report.files = linter.files
    return report
