"""Render one document of a dossier as DOCX with docxtpl.

The Word template is found along the override path (``find_template``), rendered with the
project's sandboxed, autoescaping, strict Jinja environment plus the Word ``markdown``
filter, and returned as bytes so the caller can write it atomically.

Speed: docxtpl regex-patches and recompiles the template XML on every render. We keep, per
template file (path + mtime + size), its bytes, the patched XML and the compiled Jinja
code of each XML part, so later renders of the same template skip both steps (≈ 40 % of
the time of a render).

Reproducibility: zip entry times and the core-property dates all come from one date
(``SOURCE_DATE_EPOCH`` if set, else today), so two builds of the same dossier on the same
day give identical bytes.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from types import CodeType
from typing import Any

from docx.opc.coreprops import CoreProperties
from docx.opc.exceptions import PackageNotFoundError
from docxtpl import DocxTemplate
from jinja2 import Environment, TemplateSyntaxError
from lxml import etree
from markupsafe import Markup, escape

from pipeline.documents import BY_ID, Document
from pipeline.exceptions import TemplateProblem
from pipeline.paths import display_path
from pipeline.read.validate import LoadedDossier
from pipeline.render.context import build_date, document_metadata, make_environment, template_context
from pipeline.render.jinja_messages import syntax_error_place, template_error
from pipeline.render.markdown_docx import MarkdownDocx
from pipeline.render.version import version_code
from pipeline.render.word_file import word_file_problem
from pipeline.render.word_source import read_parts, split_tags, visible
from pipeline.templates import find_template

_MAX_CACHED_TEMPLATES = 32


@dataclass(slots=True)
class _CachedTemplate:
    """A template file's bytes and, per XML part, its patched source and compiled code."""

    data: bytes
    patched: dict[str, str] = field(default_factory=dict)
    code: dict[str, CodeType] = field(default_factory=dict)


class _Template(DocxTemplate):
    """docxtpl's template with its XML patching remembered per template file."""

    def __init__(self, cached: _CachedTemplate) -> None:
        super().__init__(io.BytesIO(cached.data))
        self._patched = cached.patched

    def patch_xml(self, src_xml: str) -> str:
        patched = self._patched.get(src_xml)
        if patched is None:
            patched = self._patched[src_xml] = super().patch_xml(src_xml)
        return patched


_templates: dict[bytes, _CachedTemplate] = {}  # by the sha256 of the file's bytes


def _cached_template(path: Path) -> _CachedTemplate:
    """The template's bytes as they are now (read on each render: a save in the same tick of the file clock
    leaves its size and mtime alone), with what was worked out for the same bytes before, wherever they lay."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise TemplateProblem(f"{display_path(path)}: kan de template niet lezen ({exc.strerror})", path) from None
    key = hashlib.sha256(data).digest()
    found = _templates.get(key)
    if found is None:
        problem = word_file_problem(data)
        if problem:
            raise TemplateProblem(f"{display_path(path)}: {problem}", path)
        if len(_templates) >= _MAX_CACHED_TEMPLATES:
            _templates.clear()
        found = _templates[key] = _CachedTemplate(data)
    return found


class _CachingEnvironment:
    """Wraps one render's environment; ``from_string`` reuses compiled code across renders.

    docxtpl calls ``from_string`` with the patched XML of each part. Compiled code does not
    hold the environment: binding it to this render's environment (with this render's
    ``markdown`` filter) is what Jinja's own bytecode cache does.
    """

    def __init__(self, env: Environment, cache: dict[str, CodeType]) -> None:
        self._env = env
        self._cache = cache
        self.source: str | None = None  # the part being rendered: where a failure is

    def from_string(self, source: str) -> Any:
        self.source = source
        code = self._cache.get(source)
        if code is None:
            code = self._env.compile(source)
            self._cache[source] = code
        return self._env.template_class.from_code(self._env, code, self._env.make_globals(None))

    def __getattr__(self, name: str) -> Any:
        return getattr(self._env, name)

    def __setattr__(self, name: str, value: Any) -> None:
        if name in ("_env", "_cache", "source"):
            object.__setattr__(self, name, value)
        else:
            setattr(self._env, name, value)


_MAX_PROPERTY = 255  # python-docx refuses longer core properties (ValueError)


def _clip(text: str) -> str:
    """A long answer (a pasted paragraph as arrangement name) must not stop the build."""
    return text if len(text) <= _MAX_PROPERTY else text[: _MAX_PROPERTY - 1] + "…"


def _set_properties(props: CoreProperties, loaded: LoadedDossier, doc: Document, when: dt.datetime) -> None:
    meta = document_metadata(loaded.dossier, doc)  # the same as the PDF's
    props.title = _clip(meta["title"])
    props.subject = _clip(meta["subject"])
    props.author = props.last_modified_by = _clip(meta["author"])
    props.keywords = _clip("; ".join(meta["keywords"]))
    props.comments = "Gemaakt uit dossier.yaml"  # not the folder's name: it may name a pupil (PRIV-DOSSIERNAAM)
    props.category = doc.titel
    props.language = "nl-NL"
    props.created = props.modified = when
    props.revision = 1


def _deterministic_zip(data: bytes, when: dt.datetime) -> bytes:
    """Rewrite the package with fixed entry times (python-docx stamps the current time)."""
    stamp = (max(when.year, 1980), when.month, when.day, when.hour, when.minute, when.second)
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=stamp)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            target.writestr(entry, source.read(info.filename))
    return out.getvalue()


def _where_in_template(exc: Exception) -> str:
    """The template text of the failing paragraph; docxtpl attaches the lines around it."""
    lines = list(getattr(exc, "docx_context", None) or [])
    if not lines:
        return ""
    # docxtpl starts the excerpt three lines (paragraphs) before the failing one
    text = " ".join(lines[min(3, len(lines) - 1)].split())
    return f" (alinea ‘{text[:100]}’)" if text else ""


def _template_line(exc: Exception) -> int | None:
    """The line of the template code that raised (Jinja maps its frames to template lines)."""
    tb, line = exc.__traceback__, None
    while tb is not None:
        if tb.tb_frame.f_code.co_filename == "<template>":
            line = tb.tb_lineno
        tb = tb.tb_next
    return line


def _written(text: str, exc: Exception) -> str:
    """What the template says where it failed: the chain (``arrangement.nam``) ending in a name
    the error quotes, as in the paragraph."""
    for name in reversed(re.findall(r"'([^']+)'", getattr(exc, "message", None) or str(exc))):
        found = re.search(rf"[\w.\[\]'\"]*(?<![\w]){re.escape(name)}(?!\w)", text)
        if found:
            return found.group()
    return ""


def _where_in_word(path: Path, exc: Exception, env: Environment, source: str | None) -> str:
    """The paragraph (and part) of the Word template where rendering failed, as the consultant
    sees it in Word; read as ``dossier templates check`` reads it (``word_source``), so the
    build and the lint name the same place."""
    try:
        part = next((p for p in read_parts(path) if source is not None and p.source == source), None)
    except (OSError, ValueError, KeyError, zipfile.BadZipFile, PackageNotFoundError, etree.XMLSyntaxError):
        part = None
    if part is None or source is None:
        return ""
    label = f"{part.label}, " if part.label else ""
    if isinstance(exc, TemplateSyntaxError):
        broken = split_tags(part)  # a tag Word broke up: Jinja's line is docxtpl's glued text
        if broken:
            return f" ({label}alinea ‘{broken[0].paragraph}’)"
        line, needle = syntax_error_place(exc, source, env)[0], ""
    else:
        line = _template_line(exc)
        lines = source.splitlines()
        needle = _written(visible(lines[line - 1]), exc) if line is not None and 0 < line <= len(lines) else ""
    if line is None:
        return ""
    return f" ({label}alinea ‘{part.paragraph(line, needle)}’)"


def _problem(
    path: Path, exc: Exception, env: Environment, context: dict[str, Any], source: str | None
) -> TemplateProblem:
    """A Dutch message that names the template file, the problem and the paragraph involved
    (in ``source``, the Jinja source of the part being rendered); docxtpl's excerpt when that
    paragraph cannot be found."""
    where = _where_in_word(path, exc, env, source) or _where_in_template(exc)
    return TemplateProblem(f"{display_path(path)}: {template_error(exc, env, context, owner=False)}{where}", path)


@dataclass(slots=True)
class RenderedWord:
    """One rendered Word document, kept in memory: saved as the DOCX and shown as HTML
    (for the PDF and the preview) from the same tree, so both say the same."""

    template: DocxTemplate
    when: dt.datetime

    @property
    def document(self) -> Any:
        return self.template.docx

    def docx_bytes(self) -> bytes:
        out = io.BytesIO()
        self.template.save(out)
        return _deterministic_zip(out.getvalue(), self.when)


# After rendering, docxtpl turns "{_{" into "{{" (and "}_}", "{_%", "%_}" likewise) in the whole
# part, answers included: an answer typed as "{_{" would lose its underscore. In values the
# underscore is written as a character reference, which docxtpl does not touch and XML reads back.
_DOCXTPL_ESCAPES = re.compile(r"\{_(?=[{%])|(?<=[}%])_\}")


def _keep_docxtpl_escapes(value: Any) -> Any:
    text = value if isinstance(value, Markup) else escape(value)
    protected = _DOCXTPL_ESCAPES.sub(lambda m: m.group(0).replace("_", "&#95;"), str(text))
    return Markup(protected)


def render_word(loaded: LoadedDossier, document_id: str, *, today: dt.date | None = None) -> RenderedWord:
    """Render document ``document_id`` of a loaded dossier from its Word template.

    ``today`` sets ``gemaakt_op`` (the date printed in the document); it defaults to the
    build date. Raises ``TemplateProblem`` for any template error.
    """
    doc = BY_ID[document_id]
    path = find_template(f"{doc.id}/{doc.id}.docx", loaded.folder)
    cached = _cached_template(path)
    when = build_date()
    context = template_context(loaded.dossier, doc, today=today or when.date(), versie=version_code(loaded, doc))

    try:
        template = _Template(cached)
        document = template.get_docx()
    except Exception as exc:  # a damaged or non-Word file: python-docx raises many kinds
        raise TemplateProblem(f"{display_path(path)}: is geen geldig Word-bestand ({exc})", path) from None

    env = make_environment(finalize=_keep_docxtpl_escapes)
    env.filters["markdown"] = MarkdownDocx(document)
    caching = _CachingEnvironment(env, cached.code)
    try:
        template.render(context, caching, autoescape=True)  # type: ignore[arg-type]
    except Exception as exc:  # every error an expression raises (``scholen|datum``, ``{{ 1/0 }}``, a macro
        # calling itself) is a template mistake, said with its paragraph, never a crash (html.py likewise)
        raise _problem(path, exc, env, context, caching.source) from exc

    _set_properties(document.core_properties, loaded, doc, when)
    return RenderedWord(template, when)


def render_docx(loaded: LoadedDossier, document_id: str, *, today: dt.date | None = None) -> bytes:
    """The .docx bytes of one document (see ``render_word``)."""
    return render_word(loaded, document_id, today=today).docx_bytes()
