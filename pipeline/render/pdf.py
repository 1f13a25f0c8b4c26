"""HTML → PDF/A-3b with weasyprint, carrying the dossier's own ``dossier.yaml``.

weasyprint is imported lazily (≈0.45 s): commands that make no PDF should not pay for
it, and the build pre-imports it in its worker processes through ``warm_up()``.
Templates come from consultants and dossier folders, so the URL fetcher is a fence:
only ``data:`` URLs and files inside the allowed folders are read; no network, ever.
"""

from __future__ import annotations

import base64
import hashlib
import logging
import stat
from collections import OrderedDict
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote, urlsplit
from urllib.request import url2pathname

from pipeline.dates import build_date
from pipeline.render.images import RASTER_SUFFIXES, too_many_pixels
from pipeline.render.qr_pdf import draw_page_codes, has_page_codes

if TYPE_CHECKING:
    from weasyprint.text.fonts import FontConfiguration
    from weasyprint.urls import URLFetcher

    from pipeline.read.validate import LoadedDossier

WORD_UA = Path(__file__).with_name("word_ua.css")  # the user-agent stylesheet for docx_html's elements
PDF_VARIANT = "pdf/a-3a"  # archival PDF that may carry attachments (PDF/A-3), tagged (level A: accessible)
ATTACHMENT_MIME = "application/yaml"

_font_config: FontConfiguration | None = None

# fontTools (weasyprint's font subsetter) warns once per font and process that a font's 'head' timestamp
# "seems very low" (Carlito as Debian ships it): the font is embedded correctly and there is nothing for
# an applicant to do, yet a first build printed it 24 times. A library's log goes to its own handler: with
# one here Python's last-resort stderr printer stays quiet, while a developer who configures logging still
# receives the records through the root logger.
logging.getLogger("fontTools").addHandler(logging.NullHandler())


@dataclass(frozen=True, slots=True)
class PdfOptions:
    """Everything ``render_pdf`` needs besides the HTML, as one value: it is pickled to the
    PDF workers, so it holds plain data only (no weasyprint objects)."""

    base_url: Path  # resolves the HTML's relative links
    allowed_roots: tuple[Path, ...]  # the fence: only files below these are read
    title: str
    author: str
    subject: str
    keywords: tuple[str, ...]
    attachment: bytes | None = None  # the dossier.yaml bytes that were parsed (None: embed nothing)
    attachment_name: str = "dossier.yaml"
    from_word: bool = False  # HTML written by docx_html: its closed set of elements needs only WORD_UA


def pdf_options(loaded: LoadedDossier, meta: dict[str, Any], *, answers: bytes | None,
                from_word: bool = False) -> PdfOptions:
    """The fence around what may be read (templates and this dossier's folder), the metadata
    (``render.context.metadata``) and, for the documents, the answers to embed (rewritten from the
    model: no comments, see ``render.answers_yaml``)."""
    from pipeline import templates  # read at call time: a test or a consultant may point it elsewhere

    return PdfOptions(
        base_url=templates.TEMPLATES,
        allowed_roots=(templates.TEMPLATES, loaded.folder.resolve()),
        title=meta["title"],
        author=meta["author"],
        subject=meta["subject"],
        keywords=tuple(meta["keywords"]),
        attachment=answers,
        attachment_name=loaded.source.path.name,
        from_word=from_word,
    )


def font_configuration() -> FontConfiguration:
    """One FontConfiguration per process: fontconfig setup is paid once, not per PDF."""
    global _font_config
    if _font_config is None:
        from weasyprint.text.fonts import FontConfiguration

        _font_config = FontConfiguration()
    return _font_config


def warm_up() -> None:
    """Import weasyprint (and segno) and set up fontconfig ahead of the first PDF (used by build workers).

    A trial render here was measured: it saves ≈30 ms on the first PDF but costs
    ≈80 ms up front, which is worse when the workers start late, so we do not.
    """
    import segno  # noqa: F401  (the QR codes of the signed documents' pages)
    import weasyprint  # noqa: F401

    font_configuration()


@lru_cache(maxsize=1)
def word_html_class() -> type:
    """weasyprint's ``HTML`` with ``WORD_UA`` as its user-agent stylesheet, parsed once per process.

    ``_ua_stylesheets`` is the hook weasyprint's own tests override for the same purpose;
    tests/test_word_ua.py fails when a weasyprint upgrade makes the two sheets disagree.
    """
    from weasyprint import CSS, HTML
    from weasyprint.html import UA_COUNTER_STYLE

    sheet = CSS(string=WORD_UA.read_text(encoding="utf-8"), counter_style=UA_COUNTER_STYLE)

    class WordHTML(HTML):
        def _ua_stylesheets(self, forms: bool = False) -> list[CSS]:
            return [sheet]

    return WordHTML


def _inside(path: Path, roots: list[Path]) -> bool:
    return any(path.is_relative_to(root) for root in roots)


def fenced_fetcher(allowed_roots: Iterable[Path], fetched: dict[Path, bytes] | None = None,
                   refused: list[str] | None = None) -> URLFetcher:
    """A weasyprint URL fetcher that reads only ``data:`` URLs and files below ``allowed_roots``.

    Anything else (http, https, ftp, a file elsewhere, a symlink pointing out) raises,
    which weasyprint turns into a skipped resource: the PDF still builds, without it.
    Redirects cannot occur because nothing network-bound is ever opened. Only regular files
    are opened (a FIFO would block the build); each file asked for is added to ``fetched`` with its
    ``stamp`` taken before weasyprint reads it (a save during the layout then shows as a change).
    An image of more pixels than ``render.images`` allows is never decoded: it is skipped and
    named in ``refused`` (a Dutch sentence), so the build can say so.
    """
    from weasyprint.urls import URLFetcher

    roots = [Path(r).resolve() for r in allowed_roots]

    class FencedURLFetcher(URLFetcher):
        def __init__(self) -> None:
            super().__init__(allowed_protocols=("file", "data"), allow_redirects=False)

        def fetch(self, url: str, headers: Any = None) -> Any:
            scheme = urlsplit(url).scheme.lower()
            if scheme == "data":
                if url[5:11].lower() == "image/" and ";base64," in url[:80]:
                    try:
                        image = base64.b64decode(url.split(",", 1)[1])
                    except ValueError:  # weasyprint says what is wrong with it
                        image = b""
                    self._measure(image, "een afbeelding in het sjabloon heeft")
                return super().fetch(url, headers)
            if scheme != "file":
                raise ValueError(f"niet toegestaan buiten de sjabloon- en dossiermappen: {url}")
            path = Path(url2pathname(unquote(urlsplit(url).path))).resolve()
            if not _inside(path, roots):
                raise ValueError(f"bestand buiten de sjabloon- en dossiermappen: {path}")
            if fetched is not None:  # also when missing: a layout without it is stale once it appears
                fetched[path] = stamp(path)
            if not path.is_file():
                raise ValueError(f"geen gewoon bestand: {path}")
            if path.suffix.lower() in RASTER_SUFFIXES:
                self._measure(path, f"{path.name} is een afbeelding van")
            return super().fetch(path.as_uri(), headers)

        def _measure(self, image: Path | bytes, said: str) -> None:
            problem = too_many_pixels(image)
            if problem:
                if refused is not None:
                    refused.append(f"{said} {problem}: verklein de afbeelding")
                raise ValueError(problem)

    return FencedURLFetcher()


_LayoutKey = tuple[str, str, tuple[str, ...], bool]  # HTML digest, base URL, fence, slim user-agent sheet
_LAYOUTS: OrderedDict[_LayoutKey, tuple[Any, tuple[tuple[Path, bytes], ...]]] = OrderedDict()
_MAX_LAYOUTS = 8  # per worker process: the documents of a dossier or two (a few MB each)
last_render_laid_out = False  # whether the last ``render_pdf`` had to lay out (for reports and tests)


def keep_layouts(count: int) -> None:
    """How many laid-out documents this process keeps for reuse (watch mode: 8; a batch: 0)."""
    global _MAX_LAYOUTS
    _MAX_LAYOUTS = count
    while len(_LAYOUTS) > _MAX_LAYOUTS:
        _LAYOUTS.popitem(last=False)


def _layout(html: str, options: PdfOptions) -> Any:
    """The laid-out document for ``html``, reused while the HTML is the same.

    Layout is most of a PDF's cost. In watch mode an edit changes the embedded answers of
    every PDF but the HTML of only the documents that show the edited answer: the others
    keep their layout and are only drawn and written again.
    """
    global last_render_laid_out
    from weasyprint import HTML

    key = (hashlib.sha256(html.encode("utf-8")).hexdigest(), str(options.base_url.resolve()),
           tuple(str(r) for r in options.allowed_roots), options.from_word)
    found = _LAYOUTS.get(key)
    if found is not None and all(stamp(path) == was for path, was in found[1]):
        last_render_laid_out = False
        _LAYOUTS.move_to_end(key)
        return found[0]
    last_render_laid_out = True  # new HTML, or an image or stylesheet it fetched has changed
    fetched: dict[Path, bytes] | None = {} if _MAX_LAYOUTS > 0 else None  # stamps only for a layout kept (batch: none)
    refused: list[str] = []
    fetcher = fenced_fetcher(options.allowed_roots, fetched, refused)
    html_class = word_html_class() if options.from_word else HTML
    document = html_class(string=html, base_url=key[1], url_fetcher=fetcher).render(font_config=font_configuration())
    if refused:  # a template's image too large to draw: said, not silently left out
        from pipeline.exceptions import TemplateProblem

        raise TemplateProblem("; ".join(dict.fromkeys(refused)))
    if fetched is not None:
        _LAYOUTS[key] = (document, tuple(fetched.items()))
        while len(_LAYOUTS) > _MAX_LAYOUTS:
            _LAYOUTS.popitem(last=False)
    return document


def stamp(path: Path) -> bytes:
    """What a fetched file holds now: its sha256 (``file_digest`` trusts a file's stat only once no save in the
    same tick of the file clock can hide behind it). A link, a FIFO or anything else that is no regular file
    is stamped by its kind and never opened or followed (the fence decides again when it is fetched anew);
    ``b""`` for a file that is gone."""
    from pipeline.cache import file_digest

    try:
        kind = stat.S_IFMT(path.lstat().st_mode)
        return file_digest(path) if kind == stat.S_IFREG else f"soort {kind}".encode()
    except OSError:
        return b""


def render_pdf(html: str, options: PdfOptions) -> bytes:
    """Lay out ``html`` (or reuse its layout) and return the PDF bytes (written atomically by the caller).

    The attachment (the bytes that were parsed, not a second read that a save may have
    changed) is embedded with relationship *Data*, so the PDF carries its machine-readable
    answers. Metadata given here wins over the HTML's ``<title>``/``<meta>``.
    """
    from weasyprint import Attachment

    attachments = []
    if options.attachment is not None:
        encoded = base64.b64encode(options.attachment).decode("ascii")
        attachments.append(
            Attachment(
                url=f"data:{ATTACHMENT_MIME};base64,{encoded}",
                url_fetcher=fenced_fetcher(options.allowed_roots),
                name=options.attachment_name,
                description="Antwoorden van dit dossier (machineleesbaar)",
                relationship="Data",
                # fixed per day (or SOURCE_DATE_EPOCH), not "now": same inputs → same PDF bytes
                created=build_date(),
                modified=build_date(),
            )
        )
    document = _layout(html, options)
    metadata = document.metadata
    metadata.title = options.title
    metadata.authors = [options.author]
    metadata.description = options.subject
    metadata.keywords = list(options.keywords)
    metadata.lang = metadata.lang or "nl"
    # A page with a QR code (a signed document's footer) gets its own code drawn in after layout.
    finisher = draw_page_codes if has_page_codes(html) else None
    pdf = document.write_pdf(pdf_variant=PDF_VARIANT, attachments=attachments, finisher=finisher)
    assert pdf is not None  # write_pdf returns bytes when no target is given
    return pdf
