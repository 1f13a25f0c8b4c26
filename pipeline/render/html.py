"""The HTML pages: a document's page made from its rendered Word document, and the
checklist's page made from its HTML template.

A document has one source, its Word template: ``render_html`` renders it (docxtpl) and
shows the result as HTML (``docx_html``) with the shared stylesheet ``stijl.css``; the
PDF and the preview are laid out from exactly that page. The checklist has no Word
version and stays a Jinja HTML template (``render_template``).

Templates and the stylesheet come from the search path of ``pipeline.templates`` (a
dossier's own ``templates/`` folder first). Any Jinja failure becomes a
``TemplateProblem`` naming the template file and line, in Dutch: the person who broke a
template is a consultant, not a Python programmer.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from types import TracebackType
from typing import Any

from jinja2 import Environment, FileSystemLoader, TemplateError, TemplateNotFound, TemplateSyntaxError
from jinja2.loaders import split_template_path
from jinja2.sandbox import ImmutableSandboxedEnvironment

from pipeline.documents import BY_ID
from pipeline.exceptions import TemplateProblem
from pipeline.paths import display_path
from pipeline.read.validate import LoadedDossier
from pipeline.render.context import document_metadata, make_environment
from pipeline.render.docx import RenderedWord, render_word
from pipeline.render.docx_html import PageInfo, document_html
from pipeline.render.jinja_messages import template_error
from pipeline.render.markdown_html import markdown_to_html
from pipeline.templates import fenced, find_template, template_dirs

STYLESHEET = "stijl.css"


def stylesheet(folder: Path | None) -> str:
    """The shared stylesheet along the dossier's search path (its own ``stijl.css`` wins), read on each
    ask: a few kilobytes, and no stat can tell a save in the same tick of the file clock from the last one."""
    path = find_template(STYLESHEET, folder)
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise TemplateProblem(f"{display_path(path)}: kan het opmaakbestand niet lezen ({exc})", path) from None


class FencedLoader(FileSystemLoader):
    """Jinja's file loader behind the template folders' fence (``pipeline.templates.fenced``):
    an ``{% include %}`` of a link that leads outside its folder is refused, not read."""

    def get_source(self, environment: Environment, template: str) -> tuple[str, str, Callable[[], bool]]:
        earlier: list[Path] = []  # where the template would win if it appeared (a dossier's own folder first)
        for base in self.searchpath:
            candidate = Path(base, *split_template_path(template))
            if candidate.exists() or candidate.is_symlink():  # a FIFO or folder is said as such, not 'niet gevonden'
                fenced(candidate, Path(base))
                break
            earlier.append(candidate)
        source, filename, _ = super().get_source(environment, template)

        def unchanged() -> bool:
            """Jinja keeps a compiled template while this holds. Its own test compares the modification time,
            which a save in the same tick of the file clock leaves alone; this one compares the text, read
            again only where the fence still allows it (a file swapped for a link is loaded, and refused, anew),
            and sees an override that appeared in a folder that comes first."""
            if any(p.exists() or p.is_symlink() for p in earlier):
                return False
            try:
                fenced(candidate, Path(base))
                with open(filename, encoding=self.encoding) as stream:
                    return stream.read() == source
            except (OSError, UnicodeDecodeError, TemplateProblem):
                return False

        return source, filename, unchanged


@lru_cache(maxsize=16)
def environment(search_path: tuple[Path, ...]) -> ImmutableSandboxedEnvironment:
    """One environment per search path: Jinja then caches compiled templates across calls.

    Jinja re-checks each template's modification time, so watch mode sees edits.
    """
    env = make_environment(loader=FencedLoader([str(p) for p in search_path]))
    env.filters["markdown"] = markdown_to_html
    return env


def render_html(loaded: LoadedDossier, document_id: str, *, preview: bool = False,
                word: RenderedWord | None = None) -> str:
    """The document as HTML, made from its rendered Word document (``word``, or rendered
    now); ``preview`` marks the page for on-screen touches."""
    if document_id not in BY_ID:
        raise TemplateProblem(f"‘{document_id}’ is geen document (wel: {', '.join(BY_ID)})")
    if word is None:
        word = render_word(loaded, document_id)
    info = PageInfo(title=document_metadata(loaded.dossier, BY_ID[document_id])["title"], document_id=document_id)
    return document_html(word.document, info=info, stylesheet=stylesheet(loaded.folder), preview=preview)


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
        raise TemplateProblem(f"{where}: {template_error(exc, env)}") from None
    except TemplateProblem:
        raise  # already located and in Dutch (e.g. an include refused by the fence)
    except Exception as exc:  # errors raised while the template runs: locate them in it
        frame = _template_frame(exc.__traceback__)
        if frame is None and not isinstance(exc, TemplateError):
            raise  # not caused by a template: a bug in the tool, keep the traceback
        where = _where(*frame) if frame else name
        raise TemplateProblem(f"{where}: {template_error(exc, env, context)}") from exc


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
