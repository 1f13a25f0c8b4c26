"""Answers + HTML template → one standalone HTML page (input of the PDF and the browser preview).

Templates come from the search path of ``pipeline.templates`` (a dossier's own
``templates/`` folder first), so ``{% extends "base.html" %}`` and
``{% include "stijl.css" %}`` pick up per-dossier overrides too. Any Jinja failure
becomes a ``TemplateProblem`` naming the template file and line, in Dutch: the person
who broke a template is a consultant, not a Python programmer.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from types import TracebackType
from typing import Any

from jinja2 import FileSystemLoader, TemplateError, TemplateNotFound, TemplateSyntaxError
from jinja2.exceptions import SecurityError
from jinja2.sandbox import ImmutableSandboxedEnvironment

from pipeline.documents import BY_ID
from pipeline.exceptions import TemplateProblem, display_path
from pipeline.render.context import make_environment, template_context
from pipeline.render.markdown_html import markdown_to_html
from pipeline.templates import template_dirs
from pipeline.validate import LoadedDossier


def template_name(document_id: str) -> str:
    """Where a document's HTML template lives, relative to a templates folder."""
    return f"{document_id}/{document_id}.html"


@lru_cache(maxsize=16)
def environment(search_path: tuple[Path, ...]) -> ImmutableSandboxedEnvironment:
    """One environment per search path: Jinja then caches compiled templates across calls.

    Jinja re-checks each template's modification time, so watch mode sees edits.
    """
    env = make_environment(loader=FileSystemLoader([str(p) for p in search_path]))
    env.filters["markdown"] = markdown_to_html
    return env


def render_html(loaded: LoadedDossier, document_id: str, *, preview: bool = False) -> str:
    """The document as HTML; ``preview`` lets templates add on-screen-only touches."""
    if document_id not in BY_ID:
        raise TemplateProblem(
            f"sjabloon {template_name(document_id)} niet gevonden: ‘{document_id}’ is geen document "
            f"(wel: {', '.join(BY_ID)})"
        )
    context = template_context(loaded.dossier, document_id)
    context["preview"] = preview
    return render_template(loaded, template_name(document_id), context)


def render_template(loaded: LoadedDossier, name: str, context: dict[str, Any]) -> str:
    """Render any HTML template on the dossier's search path; every Jinja problem becomes a
    located, Dutch ``TemplateProblem`` (documents and the checklist alike)."""
    env = environment(tuple(template_dirs(loaded.folder)))
    try:
        return env.get_template(name).render(context)
    except TemplateNotFound as exc:
        missing = exc.name or name
        folders = ", ".join(display_path(p) for p in template_dirs(loaded.folder))
        asked = "" if missing == name else f" (gevraagd door {name})"
        raise TemplateProblem(f"sjabloon {missing}{asked} niet gevonden in {folders}") from None
    except TemplateSyntaxError as exc:
        where = _where(exc.filename or name, exc.lineno)
        raise TemplateProblem(f"{where}: fout in sjabloon: {_dutch(exc.message or '')}") from None
    except Exception as exc:  # errors raised while the template runs: locate them in it
        frame = _template_frame(exc.__traceback__)
        if frame is None and not isinstance(exc, TemplateError):
            raise  # not caused by a template: a bug in the tool, keep the traceback
        where = _where(*frame) if frame else name
        kind = "verboden in sjabloon" if isinstance(exc, SecurityError) else "fout in sjabloon"
        message = _dutch(str(exc)) if isinstance(exc, TemplateError) else str(exc)
        raise TemplateProblem(f"{where}: {kind}: {message}") from exc


def _where(filename: str, line: int | None) -> str:
    shown = display_path(Path(filename)) if filename else "sjabloon"
    return f"{shown}:{line}" if line else shown


def _template_frame(tb: TracebackType | None) -> tuple[str, int] | None:
    """The innermost traceback frame that is template code (Jinja maps it to the file)."""
    found = None
    while tb is not None:
        filename = tb.tb_frame.f_code.co_filename
        if not filename.endswith(".py") and Path(filename).is_file():
            found = (filename, tb.tb_lineno)
        tb = tb.tb_next
    return found


_OPEN_BLOCK = r"(?:.*innermost block that needs to be closed is '(?P<blok>[^']+)')?"
_MESSAGES: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"^'(?P<a>[^']+)' is undefined$"), "onbekende variabele ‘{a}’"),
    (
        re.compile(r"^'(?P<a>.+)' has no attribute '(?P<b>[^']+)'$"),
        "‘{b}’ bestaat niet (in {a})",
    ),
    (
        re.compile(r"^Unexpected end of template\." + _OPEN_BLOCK, re.S | re.I),
        "het sjabloon houdt onverwacht op",
    ),
    (
        re.compile(r"^Encountered unknown tag '(?P<a>[^']+)'\." + _OPEN_BLOCK, re.S),
        "onbekende of onverwachte tag ‘{a}’",
    ),
    (re.compile(r"^No filter named '(?P<a>[^']+)'\.?$"), "onbekend filter ‘{a}’"),
    (re.compile(r"^No test named '(?P<a>[^']+)'\.?$"), "onbekende test ‘{a}’"),
    (re.compile(r"^unexpected '(?P<a>[^']+)'$"), "onverwacht ‘{a}’"),
)


def _dutch(message: str) -> str:
    """Translate Jinja's most common messages; keep the original for the rest."""
    for pattern, template in _MESSAGES:
        match = pattern.match(message)
        if match:
            parts = match.groupdict()
            blok = parts.pop("blok", None)
            text = template.format(**parts)
            return f"{text} (nog niet afgesloten: ‘{blok}’)" if blok else text
    return message
