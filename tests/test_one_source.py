"""One source per document: the Word template. The DOCX, the PDF and the preview say the same.

A consultant changes a sentence once, in Word, and must be able to trust that every
rendering says it; LibreOffice (what an official may open the DOCX with) must show every
paragraph and cell too.
"""

from __future__ import annotations

import copy
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from docx import Document
from docx.oxml.ns import qn

from pipeline.documents import DOCUMENTEN
from pipeline.model.answers import Dossier
from pipeline.read.validate import LoadedDossier, load_dossier
from pipeline.render.html import render_html
from pipeline.templates import TEMPLATES
from tests.conftest import EXAMPLE, ROOT
from tests.onesource import docx_margin_pt, docx_paragraphs, docx_text, normalise, pdf_body_text
from tests.runs import render_loaded
from tests.textutil import page_texts


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The example (collective) and an individual dossier, built once for this module."""
    root = tmp_path_factory.mktemp("build")
    folders = {}
    for naam, loaded in (("voorbeeld", load_dossier(EXAMPLE)),
                         ("individueel", load_dossier(EXAMPLE.parent / "voorbeeld-individueel"))):
        result = render_loaded(loaded, output_root=root)
        assert result.ok, result.errors
        folders[naam] = result.output
    return folders


CASES = [(naam, doc) for naam in ("voorbeeld", "individueel") for doc in DOCUMENTEN
         if doc.geldt_voor("collectief" if naam == "voorbeeld" else "individueel")]


@pytest.mark.parametrize(("naam", "doc"), CASES, ids=[f"{n}-{d.id}" for n, d in CASES])
def test_pdf_says_exactly_what_the_docx_says(built: dict[str, Path], naam: str, doc: Any) -> None:
    docx = built[naam] / doc.bestand("docx")
    pdf = built[naam] / doc.bestand("pdf")
    expected = docx_text(docx)
    shown = _once(pdf_body_text(pdf, docx_margin_pt(docx)), _header_rows(docx))
    assert len(expected) > 1000  # a real document, not an empty page that trivially matches
    assert shown == expected


def _header_rows(docx: Path) -> list[str]:
    """The text of table rows Word repeats at the top of each page ("herhalen als kopregel")."""
    rows = []
    for table in Document(str(docx)).tables:
        for row in table.rows:
            if row._tr.trPr is not None and row._tr.trPr.find(qn("w:tblHeader")) is not None:
                rows.append(normalise(" ".join(c.text for c in row.cells)))
    return [r for r in rows if r]


def _once(text: str, repeated: list[str]) -> str:
    """A header row repeated on a following page (as Word and LibreOffice do too) counted once."""
    for row in repeated:
        first = text.find(row)
        if first >= 0:
            head, tail = text[: first + len(row)], text[first + len(row):]
            text = head + tail.replace(f" {row} ", " ")
    return text


def test_the_page_furniture_comes_from_the_word_header_and_footer(built: dict[str, Path]) -> None:
    """Header on every page but the first (Word: different first page), footer with page x of y."""
    import pypdf

    reader = pypdf.PdfReader(built["voorbeeld"] / "samenwerkingsovereenkomst.pdf")
    pages = [page.extract_text() for page in reader.pages]
    total = len(pages)
    assert total >= 2
    for number, text in enumerate(pages, start=1):
        assert f"· pagina {number} van {total}" in text
        header = "Samenwerkingsovereenkomst · Samen op de Rails"
        assert (header in text) == (number > 1)


def _edit_sentence(source: Path, target: Path, old: str, new: str) -> None:
    """What a consultant does in Word: change the text of one paragraph, keep everything else."""
    document = Document(str(source))
    paragraphs = [p for p in document.paragraphs if old in p.text]
    paragraphs += [p for t in document.tables for row in t.rows for c in row.cells for p in c.paragraphs
                   if old in p.text]
    assert paragraphs, f"{old!r} not in {source}"
    paragraph = paragraphs[0]
    paragraph.runs[0].text = paragraph.text.replace(old, new)
    for run in paragraph.runs[1:]:
        run.text = ""
    target.parent.mkdir(parents=True, exist_ok=True)
    document.save(str(target))


def test_one_sentence_changed_in_word_shows_in_docx_pdf_and_preview(example_copy: Path, tmp_path: Path) -> None:
    sentence = "Partijen ondertekenen deze overeenkomst elk in eigen exemplaar, ook digitaal."
    _edit_sentence(TEMPLATES / "samenwerkingsovereenkomst" / "samenwerkingsovereenkomst.docx",
                   example_copy / "templates" / "samenwerkingsovereenkomst" / "samenwerkingsovereenkomst.docx",
                   "Aldus overeengekomen", sentence)
    loaded = load_dossier(example_copy)
    result = render_loaded(loaded, output_root=tmp_path / "build",
                          only=["samenwerkingsovereenkomst"])
    assert result.ok, result.errors
    docx = result.output / "samenwerkingsovereenkomst.docx"
    pdf = result.output / "samenwerkingsovereenkomst.pdf"
    wanted = normalise(sentence)
    assert wanted in docx_text(docx)
    assert wanted in pdf_body_text(pdf, docx_margin_pt(docx))
    preview = render_html(loaded, "samenwerkingsovereenkomst", preview=True)
    assert sentence in preview
    assert "Aldus overeengekomen" not in preview
    # the other dossiers keep the shipped sentence
    assert "Aldus overeengekomen" in render_html(load_dossier(EXAMPLE), "samenwerkingsovereenkomst")


def test_each_document_has_one_source_and_no_other_file_carries_its_text() -> None:
    for doc in DOCUMENTEN:
        files = sorted(p.name for p in (TEMPLATES / doc.id).iterdir())
        assert files == [f"{doc.id}.docx"], files
    assert not (TEMPLATES / "base.html").exists()
    assert not (ROOT / "scripts" / "make_docx_templates.py").exists()
    # every fixed sentence of a Word template (no Jinja in it) appears in no other source file
    fixed = set()
    for doc in DOCUMENTEN:
        for text in docx_paragraphs(TEMPLATES / doc.id / f"{doc.id}.docx"):
            if "{" not in text and len(text) >= 45:  # sentences, not labels a field description may share
                fixed.add(" ".join(text.split()))
    assert len(fixed) >= 10
    # the answers model may describe a field in the words a form uses as its hint: that is the
    # applicant's field reference, not a rendering of the document
    sources = [p for folder in ("pipeline", "templates", "scripts") for p in (ROOT / folder).rglob("*")
               if p.is_file() and p.suffix in (".py", ".html", ".css", ".txt", ".j2")
               and not p.is_relative_to(ROOT / "pipeline" / "model")]
    for path in sources:
        content = " ".join(path.read_text(encoding="utf-8").split())
        for text in fixed:
            assert text not in content, f"{path} carries template text: {text!r}"


# ------------------------------------------------------------------ LibreOffice


def _soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def _libreoffice_texts(docxs: list[Path], out: Path) -> dict[Path, str]:
    """What LibreOffice shows of each Word file: all of them converted in one start of LibreOffice
    (each start costs about a second)."""
    out.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        [_soffice(), f"-env:UserInstallation=file://{out}/profiel", "--headless", "--convert-to", "pdf",
         "--outdir", str(out), *map(str, docxs)],
        check=True, capture_output=True, timeout=300,
    )
    return {docx: " ".join(page_texts((out / f"{docx.stem}.pdf").read_bytes())) for docx in docxs}


def _squeeze(text: str) -> str:
    """LibreOffice breaks and hyphenates lines its own way: compare without any whitespace."""
    return re.sub(r"\s+", "", normalise(text))


@pytest.mark.skipif(_soffice() is None, reason="LibreOffice is niet geïnstalleerd (make bench installeert het)")
def test_libreoffice_shows_every_paragraph_and_cell(built: dict[str, Path], tmp_path: Path) -> None:
    for naam, folder in built.items():
        docxs = sorted(folder.glob("*.docx"))
        assert docxs
        for docx, text in _libreoffice_texts(docxs, tmp_path / naam).items():
            shown = _squeeze(text)
            missing = [p for p in docx_paragraphs(docx) if not _shown(_squeeze(p), shown)]
            assert not missing, f"{naam}/{docx.name}: LibreOffice toont niet: {missing[:3]}"


def _shown(paragraph: str, shown: str) -> bool:
    """Shown whole, or in two parts where a table row breaks across a page (the other cells between)."""
    return paragraph in shown or any(
        paragraph[:k] in shown and paragraph[k:] in shown[shown.find(paragraph[:k]) + k:]
        for k in range(8, len(paragraph) - 7)
    )


@pytest.mark.skipif(_soffice() is None, reason="LibreOffice is niet geïnstalleerd (make bench installeert het)")
def test_libreoffice_keeps_rows_taller_than_a_page(tmp_path: Path) -> None:
    """A long answer in a table row must not make LibreOffice drop that row or the next."""
    source = load_dossier(EXAMPLE).source
    data: dict[str, Any] = copy.deepcopy(source.data)
    long_text = " ".join(f"Zin {i} over vakkennis en ervaring in het vso." for i in range(21))
    assert 900 < len(long_text) <= 1000  # the longest a short answer may be
    data["projectplan"]["medewerkers"][0]["expertise"] = long_text  # in a column a quarter page wide
    data["projectplan"]["medewerkers"][0]["bijdrage_kwaliteit"] = long_text.replace("Zin", "Regel")
    loaded = LoadedDossier(folder=tmp_path / "lang", source=source, dossier=Dossier.model_validate(data))
    loaded.folder.mkdir()
    result = render_loaded(loaded, output_root=tmp_path / "build",
                          only=["projectplan"], formats=["docx"])
    assert result.ok, result.errors
    docx = result.output / "projectplan.docx"
    shown = _squeeze(_libreoffice_texts([docx], tmp_path / "lo")[docx])
    for medewerker in data["projectplan"]["medewerkers"]:
        assert _squeeze(medewerker["functie"]) in shown
    assert _squeeze("Zin 20 over vakkennis") in shown and _squeeze("Regel 20 over vakkennis") in shown


@pytest.mark.parametrize("doc", DOCUMENTEN, ids=[d.id for d in DOCUMENTEN])
def test_the_model_says_exactly_which_answers_each_shipped_template_shows(doc: Any) -> None:
    """The model's ``documenten`` per field is the field reference's "staat in" and decides which
    answers a PDF carries as data. The lint already holds it to "each listed document uses the
    field"; this holds the shipped templates to the other half: no answer shown outside the list."""
    from pipeline.lint.check import _Linter
    from pipeline.lint.vocabulary import vocabulary
    from pipeline.model.fields import leaf_fields

    used = _Linter().lint(TEMPLATES / doc.id / f"{doc.id}.docx").analysis.used_paths(vocabulary("docx"))
    leaves = {spec.path: spec for spec in leaf_fields()}
    chooses_wording = {"arrangement.soort"}  # selects the agreement's wording, is not printed in it
    unlisted = sorted(path for path in used
                      if path in leaves and doc.id not in leaves[path].documenten and path not in chooses_wording)
    assert not unlisted, f"{doc.id} toont, maar het model noemt het daar niet: {unlisted}"
