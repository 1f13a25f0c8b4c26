"""A test-only memo of the PDFs the pipeline lays out: the same page is laid out once per test session.

Most tests build the shipped example (or a copy with an answer changed that only the checklist shows),
and every build lays out the same four or five PDFs with weasyprint again (≈0.2–0.9 s each). This memo
stands in front of ``pipeline.render.pdf.render_pdf`` (the one function the build's ``pdf_job`` calls)
and returns the bytes an earlier call made from exactly the same inputs. It is installed by
``tests/conftest.py`` for the whole session; the pipeline itself knows nothing of it.

What makes a hit honest: the bytes ``render_pdf`` returns depend only on

- the HTML, the options other than the fence (base URL, metadata, the embedded answers and their name,
  the Word user-agent sheet), the build date (``SOURCE_DATE_EPOCH`` or the day) and weasyprint; all of
  these are the memo key, byte for byte;
- what each URL the page and its stylesheets asked for gave back through the fence (``fenced_fetcher``):
  every URL weasyprint asked for is recorded with its outcome (refused, or the sha256 of the bytes it
  gave); a hit asks the fence of *this* call for each of them again (the same side effects: the fence
  refuses, measures images, never opens a network connection) and must get the same outcome for each.
  The allowed roots are left out of the key for that reason: the fence's answer is what matters, and
  it is checked on every hit;
- where the templates and the dossier are: a page whose bytes hold no trace of those folders (every
  stream decompressed and searched, ``_placeless``) is kept apart from them, its URLs relative to them, so
  a test with its own copy of the templates (``project``) gets it too when the same relative URLs give the
  same files. Measured: the same example built from two copies in two places gives byte-identical PDFs;
  test_watch.py's pages went from 3 hits in 179 to 125.

Everything else stays real: a render that raises is never remembered, so every failure is a real one;
a process that has the page's layout in its own cache (``_LAYOUTS``, watch mode) takes the real path;
a test that patches the PDF module or weasyprint takes the real path; and a test that checks layout
reuse itself (``last_render_laid_out``) is marked ``real_layout`` and sees no memo. A hit says it laid
out (``last_render_laid_out = True``), which is what the process would report without the memo, since
it does not hold the layout; the layout cache is not faked.

The memo lives in the session's temporary folder (shared by the xdist workers, written atomically) and
is gone with the session: nothing carries over from one ``make test`` to the next.
"""

from __future__ import annotations

import hashlib
import io
import os
import pickle
import tempfile
from pathlib import Path
from typing import Any

from pipeline.render import pdf

_IGNORED = {"render_pdf", "last_render_laid_out", "_font_config", "_MAX_LAYOUTS", "_LAYOUTS"}

_state: dict[str, Any] = {"folder": None, "enabled": False, "real": None, "module": None, "fetcher": None,
                          "served": set(), "hits": 0, "misses": 0}


def _weasyprint_parts() -> tuple[object, ...]:
    import weasyprint
    from weasyprint.document import Document

    return (weasyprint.HTML, weasyprint.HTML.render, Document.write_pdf, weasyprint.__version__)


def install(folder: Path) -> None:
    """Put the memo in front of ``pdf.render_pdf``; entries go to ``folder`` (made if missing)."""
    folder.mkdir(parents=True, exist_ok=True)
    if _state["real"] is None:
        _state["real"] = pdf.render_pdf
        _state["fetcher"] = pdf.fenced_fetcher
        pdf.warm_up()
        _state["module"] = {k: v for k, v in vars(pdf).items() if k not in _IGNORED}
        _state["weasyprint"] = _weasyprint_parts()
        pdf.render_pdf = render_pdf
    _state["folder"] = folder
    _state["enabled"] = True


def in_a_child() -> str:
    """Python source that puts this session's memo in a process a test starts (``python -c``), or "" when the
    memo is off: a test about what that process does (signals, its terminal) then does not lay out the
    example's pages again, cold, in a process of its own."""
    if _state["real"] is None or not _state["enabled"]:
        return ""
    root = str(Path(__file__).resolve().parent.parent)
    return (f"import sys\nsys.path.insert(0, {root!r})\nfrom pathlib import Path as _Path\n"
            f"from tests import pdfmemo as _memo\n_memo.install(_Path({str(_state['folder'])!r}))\n")


def uninstall() -> None:
    if _state["real"] is not None:
        pdf.render_pdf = _state["real"]
        _state["real"] = None
    _state["enabled"] = False


def enable(on: bool) -> bool:
    """Switch the memo on or off for what follows (a test marked ``real_layout``); returns what it was."""
    was = _state["enabled"]
    _state["enabled"] = on
    return bool(was)


def _untouched() -> bool:
    """Nothing in the PDF module or weasyprint's entry points is patched by the running test."""
    module = _state["module"]
    now = {k: v for k, v in vars(pdf).items() if k not in _IGNORED}
    return (now.keys() == module.keys() and all(now[k] is module[k] for k in module)
            and _weasyprint_parts() == _state["weasyprint"])


def _key(html: str, options: pdf.PdfOptions, *, placed: bool = True) -> str:
    """The memo key; ``placed=False`` leaves out where the templates and the dossier are (see ``_roots``)."""
    digest = hashlib.sha256()
    where = (str(options.base_url), str(options.base_url.resolve())) if placed else ("",)
    for part in (html, *where, options.title, options.author,
                 options.subject, repr(options.keywords), options.attachment_name, repr(options.from_word),
                 pdf.build_date().isoformat(), os.environ.get("SOURCE_DATE_EPOCH", ""), pdf.PDF_VARIANT,
                 _state["weasyprint"][3]):
        digest.update(part.encode("utf-8", "surrogatepass") + b"\0")
    digest.update(b"-" if options.attachment is None else hashlib.sha256(options.attachment).digest())
    return digest.hexdigest()


def _roots(options: pdf.PdfOptions) -> list[str]:
    """The folders a page's URLs may point into, as file URLs: the base (the templates) and the fence's roots
    (the templates and the dossier). Most tests work in a copy of the example and the templates in their own
    temporary folder, so the same page has other URLs in every test; an entry that holds no trace of them
    (``_placeless``) serves every test whose URLs give the same files relative to these folders."""
    return [Path(r).resolve().as_uri() + "/" for r in (options.base_url, *options.allowed_roots)]


def _relative(url: str, roots: list[str]) -> str:
    for i, root in enumerate(roots):
        if url.startswith(root):
            return f"<{i}>/{url[len(root):]}"
    return url


def _absolute(url: str, roots: list[str]) -> str:
    if url.startswith("<") and ">/" in url:
        index, rest = url[1:].split(">/", 1)
        return roots[int(index)] + rest
    return url


def _placeless(made: bytes, options: pdf.PdfOptions) -> bool:
    """Do the PDF's bytes, every stream decompressed, hold no path of its folders (a link or a name made from
    the base URL would)? Only then may another test's folders get the same bytes."""
    import pikepdf

    traces = set()
    for root in (options.base_url, *options.allowed_roots):
        for path in (Path(root), Path(root).resolve()):
            traces |= {str(path).encode(), path.as_uri().encode(), str(path.parent).encode()}
    traces.discard(b"/")
    try:
        with pikepdf.open(io.BytesIO(made)) as document:
            for obj in document.objects:
                streamed = isinstance(obj, pikepdf.Stream)
                for body in ((obj.read_bytes(), obj.stream_dict.unparse()) if streamed else (obj.unparse(),)):
                    if any(trace in body for trace in traces):
                        return False
    except (pikepdf.PdfError, TypeError, ValueError):  # what cannot be searched is taken to name its folder
        return False
    return True


def _layout_key(html: str, options: pdf.PdfOptions) -> tuple[str, str, tuple[str, ...], bool]:
    """The key ``pdf._layout`` keeps a layout under (see there)."""
    return (hashlib.sha256(html.encode("utf-8")).hexdigest(), str(options.base_url.resolve()),
            tuple(str(r) for r in options.allowed_roots), options.from_word)


def _outcome(url: str, roots: tuple[Path, ...]) -> tuple[str, str]:
    """What the fence around ``roots`` gives for ``url`` now: ("ok", its type and the sha256 of its bytes)
    or ("refused", the kind of error)."""
    fetcher = _state["fetcher"](roots)
    try:
        response = fetcher.fetch(url)
    except Exception as error:  # weasyprint skips any resource whose fetch raises
        return ("refused", type(error).__name__)
    try:
        body = response.read()
        kind = f"{response.content_type};{response.charset}"
    finally:
        response.close()
    return ("ok", f"{kind}:{hashlib.sha256(body).hexdigest()}")


def _recording_fetcher(asked: list[str]) -> Any:
    def fenced_fetcher(*args: Any, **kwargs: Any) -> Any:
        fetcher = _state["fetcher"](*args, **kwargs)
        fetch = fetcher.fetch

        def recorded(url: str, headers: Any = None) -> Any:
            asked.append(url)
            return fetch(url, headers)

        fetcher.fetch = recorded
        return fetcher

    return fenced_fetcher


def _entry(path: Path) -> dict[str, Any] | None:
    try:
        return pickle.loads(path.read_bytes())
    except (OSError, pickle.UnpicklingError, EOFError):
        return None


def render_pdf(html: str, options: pdf.PdfOptions) -> bytes:
    real = _state["real"]
    layout_key = _layout_key(html, options)
    if (not _state["enabled"] or layout_key in pdf._LAYOUTS or layout_key in _state["served"]
            or not _untouched()):
        return real(html, options)
    roots = _roots(options)
    placeless = _state["folder"] / f"anywhere-{_key(html, options, placed=False)}"
    placed = _state["folder"] / _key(html, options)
    for entry in (_entry(placeless), _entry(placed)):
        if entry is not None and all(_outcome(_absolute(url, roots), options.allowed_roots) == was
                                     for url, was in entry["asked"]):
            _state["hits"] += 1
            _log("hit", html, options)
            _state["served"].add(layout_key)  # a second render here of the same page is a real one (see above)
            pdf.last_render_laid_out = True
            return bytes(entry["pdf"])
    _state["misses"] += 1
    _log("miss", html, options)
    asked: list[str] = []
    pdf.fenced_fetcher = _recording_fetcher(asked)
    try:
        made = real(html, options)
    finally:
        pdf.fenced_fetcher = _state["fetcher"]
    if pdf.last_render_laid_out:  # a fresh layout, made from what ``asked`` recorded
        outcomes = [(_relative(url, roots), _outcome(url, options.allowed_roots)) for url in dict.fromkeys(asked)]
        path = placeless if _placeless(made, options) else placed
        data = pickle.dumps({"asked": outcomes, "pdf": made})
        with tempfile.NamedTemporaryFile(dir=path.parent, delete=False) as stream:
            stream.write(data)
        os.replace(stream.name, path)
    return made


def _log(what: str, html: str, options: pdf.PdfOptions) -> None:
    if os.environ.get("DOSSIER_TEST_PDF_MEMO_LOG"):
        with open(os.environ["DOSSIER_TEST_PDF_MEMO_LOG"], "a", encoding="utf-8") as stream:
            stream.write(f"{what} {os.getpid()} {_key(html, options)[:12]} {options.title[:40]!r}\n")


def counts() -> tuple[int, int]:
    """Hits and misses in this process (forked PDF workers count their own)."""
    return _state["hits"], _state["misses"]
