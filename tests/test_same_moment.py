"""A file rewritten in the same tick of the file clock, to the same size: every memo of an input sees it.

A file's size and modification time are what the tool's memos of inputs checked before they trusted what
they read earlier. A file system's clock is coarse (a few milliseconds on ext4, two seconds on FAT: a USB
stick, a network share), so in a process that lives on (watch mode, a batch) a second save in the same
tick, to the same size, left both alone and the build used the earlier text: a document or checklist that
did not say what the inputs said. These tests make that save (same size, the modification time set back
to what it was) for each memo that keeps something read from an input file, and once the way a consultant
meets it: in watch mode.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from pipeline.cache import file_digest
from pipeline.read.validate import load_dossier
from pipeline.render.docx import render_word
from pipeline.render.html import stylesheet
from pipeline.render.pdf import PdfOptions
from tests.conftest import word_override
from tests.test_watch import OUTPUTS, Session, pool, session, wait_until  # noqa: F401  (fixtures)
from tests.textutil import document_text, pdf_text


def _same_moment(path: Path, data: bytes) -> None:
    """``path`` rewritten with ``data`` (as long as what it held) in the tick of its last write."""
    before = path.stat()
    assert len(data) == before.st_size, "the test needs a rewrite to the same size"
    path.write_bytes(data)
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))


def test_a_digest_follows_the_bytes(tmp_path: Path) -> None:
    """The digest behind every freshness key (documents, checklist, version codes, the dossier's files)."""
    path = tmp_path / "f"
    path.write_bytes(b"een")
    first = file_digest(path)
    _same_moment(path, b"eem")
    assert file_digest(path) != first


def test_past_the_same_moment_a_rewrite_that_kept_size_and_time_is_read_again(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Once a file is older than the same moment its stat is trusted: the change time shows a rewrite whose
    size and modification time were kept (``touch -r``, a copy or restore that keeps times)."""
    import time

    from pipeline import cache

    monkeypatch.setattr(cache, "SAME_MOMENT_NS", 0)  # as if every save were long ago
    path = tmp_path / "f"
    path.write_bytes(b"een")
    first = file_digest(path)
    time.sleep(0.05)  # past a tick of the file clock: the change time of the rewrite differs
    _same_moment(path, b"eem")
    assert file_digest(path) != first


def test_a_file_saved_within_the_same_moment_is_not_trusted_by_its_stat(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Two saves in one tick of the file clock keep size, modification and change time alike (what git calls
    racily clean), so a file that new is read on every ask; from ``SAME_MOMENT_NS`` on, its stat is trusted."""
    from pipeline import cache

    path = tmp_path / "f"
    path.write_bytes(b"een")
    assert cache.stat_identity(path) is None
    info = path.stat()
    saved = info.st_ctime_ns
    monkeypatch.setattr(cache.time, "time_ns", lambda: saved + cache.SAME_MOMENT_NS - 1)
    assert cache.stat_identity(path) is None
    monkeypatch.setattr(cache.time, "time_ns", lambda: saved + cache.SAME_MOMENT_NS)
    assert cache.stat_identity(path) == (info.st_size, info.st_mtime_ns, info.st_ctime_ns)


def test_a_stylesheet_follows_the_bytes(tmp_path: Path) -> None:
    folder = tmp_path / "inputs" / "x"
    (folder / "templates").mkdir(parents=True)
    css = folder / "templates" / "stijl.css"
    css.write_text("p { color: red; }\n", encoding="utf-8")
    assert "red" in stylesheet(folder)
    _same_moment(css, b"p { color: tan; }\n")
    assert "tan" in stylesheet(folder)


def test_a_word_template_follows_the_bytes(example_copy: Path) -> None:
    """A dossier's own Word template: the document shows the text of the second save."""
    template = word_override(example_copy, "projectplan", add=["Regel van versie 2222."])
    second = template.read_bytes()
    word_override(example_copy, "projectplan", add=["Regel van versie 1111."])
    assert "Regel van versie 1111." in document_text(render_word(load_dossier(example_copy), "projectplan").document)
    _same_moment(template, second)
    assert "Regel van versie 2222." in document_text(render_word(load_dossier(example_copy), "projectplan").document)


def _css_page(folder: Path) -> tuple[Path, str, PdfOptions]:
    """A page whose paragraph ends in what ``folder``/eigen.css says ("versie AAAA"), fenced to ``folder``."""
    css = folder / "eigen.css"
    css.write_text('p::after { content: " versie AAAA"; }\n', encoding="utf-8")
    html = '<!DOCTYPE html><html><head><link rel="stylesheet" href="eigen.css"></head><body><p>Tekst</p></body></html>'
    options = PdfOptions(base_url=folder, allowed_roots=(folder,), title="t", author="a", subject="s",
                         keywords=(), attachment=None)
    return css, html, options


@pytest.mark.real_layout  # checks the layout cache itself: no PDF memo (tests/pdfmemo.py)
def test_a_kept_layout_follows_the_bytes_of_what_it_fetched(tmp_path: Path) -> None:
    """Watch mode keeps the layout of unchanged HTML while what it fetched is unchanged."""
    from pipeline.render import pdf

    css, html, options = _css_page(tmp_path)
    assert "versie AAAA" in pdf_text(pdf.render_pdf(html, options))
    assert "versie AAAA" in pdf_text(pdf.render_pdf(html, options)) and not pdf.last_render_laid_out
    _same_moment(css, b'p::after { content: " versie BBBB"; }\n')
    assert "versie BBBB" in pdf_text(pdf.render_pdf(html, options)) and pdf.last_render_laid_out


def test_an_html_template_follows_the_bytes(tmp_path: Path) -> None:
    """The checklist's template (and what it includes): Jinja keeps a compiled template while it looks unchanged."""
    from pipeline.render.html import environment

    folder = tmp_path / "templates"
    folder.mkdir()
    page = folder / "pagina.html"
    page.write_text("versie AAAA", encoding="utf-8")
    env = environment((folder,))
    assert env.get_template("pagina.html").render() == "versie AAAA"
    _same_moment(page, b"versie BBBB")
    assert env.get_template("pagina.html").render() == "versie BBBB"


def test_a_kept_html_template_swapped_for_a_link_outside_is_refused_not_read(tmp_path: Path) -> None:
    """Looking whether a kept template changed reads the file again: only where the fence allows it."""
    from pipeline.exceptions import TemplateProblem
    from pipeline.render.html import environment

    folder = tmp_path / "templates"
    folder.mkdir()
    page = folder / "pagina.html"
    page.write_text("versie AAAA", encoding="utf-8")
    secret = tmp_path / "geheim.html"
    secret.write_text("versie AAAA", encoding="utf-8")  # the same text: a read would take it for unchanged
    env = environment((folder,))
    assert env.get_template("pagina.html").render() == "versie AAAA"
    page.unlink()
    page.symlink_to(secret)
    with pytest.raises(TemplateProblem, match="buiten de sjabloonmap"):
        env.get_template("pagina.html")


def test_in_watch_mode_a_second_save_in_the_same_tick_reaches_every_pdf(session: Session) -> None:  # noqa: F811
    """A consultant saves the stylesheet on a drive whose clock ticks in seconds, watch builds, and a second
    save in that tick, to the same size, follows: every PDF shows the second save, not the first."""
    css = session.templates / "stijl.css"
    shipped = css.read_text(encoding="utf-8")
    css.write_text(shipped + 'h1::after { content: " · huisstijl AAAA"; }\n', encoding="utf-8")
    pdfs = [name for name in OUTPUTS if name.endswith(".pdf")]
    wait_until(lambda: all("huisstijl AAAA" in pdf_text(session.output(n)) for n in pdfs), "the first save", session)
    session.settle()
    _same_moment(css, (shipped + 'h1::after { content: " · huisstijl BBBB"; }\n').encode("utf-8"))
    wait_until(lambda: all("huisstijl BBBB" in pdf_text(session.output(n)) for n in pdfs), "the second save", session)


@pytest.mark.real_layout  # checks the layout cache itself: no PDF memo (tests/pdfmemo.py)
def test_a_save_while_the_layout_runs_is_seen_by_the_next_render(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """What a kept layout fetched is stamped before weasyprint reads it: a save after that read, the layout
    still running, makes the next render lay out again instead of keeping the page made from the old text."""
    import weasyprint

    from pipeline.render import pdf

    css, html, options = _css_page(tmp_path)
    real = weasyprint.HTML.render

    def saved_during_the_layout(self: object, *args: object, **kwargs: object) -> object:
        document = real(self, *args, **kwargs)  # type: ignore[arg-type]
        _same_moment(css, b'p::after { content: " versie BBBB"; }\n')  # read already; the layout not yet kept
        return document

    monkeypatch.setattr(weasyprint.HTML, "render", saved_during_the_layout)
    assert "versie AAAA" in pdf_text(pdf.render_pdf(html, options))  # laid out from what was read
    monkeypatch.setattr(weasyprint.HTML, "render", real)
    assert "versie BBBB" in pdf_text(pdf.render_pdf(html, options)) and pdf.last_render_laid_out


@pytest.mark.real_layout
@pytest.mark.parametrize("target", ["bestand", "fifo"])
def test_a_fetched_file_swapped_for_a_link_outside_is_neither_followed_nor_read(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, target: str) -> None:
    """Whether a kept layout still holds looks at each file it fetched without following a link: behind one, a
    file outside the folders would be read, a FIFO would block the build."""
    from pipeline import cache
    from pipeline.render import pdf

    inside = tmp_path / "sjablonen"
    inside.mkdir()
    css, html, options = _css_page(inside)
    outside = tmp_path / "buiten"
    if target == "fifo":
        os.mkfifo(outside)
    else:
        outside.write_text('p::after { content: " geheim"; }\n', encoding="utf-8")
    assert "versie AAAA" in pdf_text(pdf.render_pdf(html, options))
    hashed: list[Path] = []
    real = cache._digest
    monkeypatch.setattr(cache, "_digest", lambda path: hashed.append(path.resolve()) or real(path))
    css.unlink()
    css.symlink_to(outside)
    text = pdf_text(pdf.render_pdf(html, options))  # returns: nothing waited for the FIFO
    assert "versie AAAA" not in text and "geheim" not in text and pdf.last_render_laid_out
    assert outside not in hashed


def test_an_own_html_template_that_appears_while_watching_wins_over_the_shipped_one(tmp_path: Path) -> None:
    """A consultant adds a dossier's own checklist template during a watch session: the next page is made
    from it, not from the shipped one Jinja had compiled."""
    from pipeline.render.html import environment

    own, shipped = tmp_path / "eigen", tmp_path / "meegeleverd"
    own.mkdir()
    shipped.mkdir()
    (shipped / "pagina.html").write_text("meegeleverd", encoding="utf-8")
    env = environment((own, shipped))
    assert env.get_template("pagina.html").render() == "meegeleverd"
    (own / "pagina.html").write_text("eigen", encoding="utf-8")
    assert env.get_template("pagina.html").render() == "eigen"


def test_a_file_with_a_modification_time_ahead_is_trusted_once_its_change_is_old(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """An unpacked archive may give a file a modification time in the future; its age is its change time, which
    only the kernel's clock sets, so it is not hashed on every ask until that future comes."""
    from pipeline import cache

    path = tmp_path / "uit-een-zip.css"
    path.write_bytes(b"p {}")
    ahead = path.stat().st_ctime_ns + 3600 * 10**9
    os.utime(path, ns=(ahead, ahead))
    info = path.stat()
    monkeypatch.setattr(cache.time, "time_ns", lambda: info.st_ctime_ns + cache.SAME_MOMENT_NS)
    assert cache.stat_identity(path) == (info.st_size, ahead, info.st_ctime_ns)
