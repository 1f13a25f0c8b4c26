"""The PDF side of the dossier: the rendered Word document shown as HTML, laid out by
weasyprint, read back with pypdf.

The four example PDFs are rendered once per module (≈1 s) and shared; tests that need
another dossier render only what they check.
"""

from __future__ import annotations

import io
import json
import re
import shutil
from dataclasses import replace
from enum import Enum
from pathlib import Path
from typing import Any

import pytest
from docx import Document as open_docx
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from PIL import Image
from pydantic import ValidationError
from pypdf import PdfReader
from ruamel.yaml import YAML

from pipeline.check.privacy import comments
from pipeline.check.text import value_at
from pipeline.documents import BY_ID, DOCUMENTEN
from pipeline.exceptions import TemplateProblem
from pipeline.model.answers import Dossier
from pipeline.model.fields import by_path, generic_path
from pipeline.read.validate import LoadedDossier, load_dossier
from pipeline.render.answers_yaml import canonical_answers
from pipeline.render.documents import document_pdf_options
from pipeline.render.html import render_html
from pipeline.render.markdown_html import markdown_to_html
from pipeline.render.pdf import PdfOptions, fenced_fetcher, render_pdf
from tests.conftest import EXAMPLE, WEB_REQUESTS, example_text, word_override
from tests.textutil import html_rows, normalise, pdf_image_sizes

DOC_IDS = [d.id for d in DOCUMENTEN if d.geldt_voor("collectief")]  # the example is collective


def make_pdf(loaded: LoadedDossier, document_id: str, **overrides: Any) -> bytes:
    """Render one document the way the build does (its options: fenced, metadata, embedded answers)."""
    options = document_pdf_options(loaded, BY_ID[document_id])
    return render_pdf(render_html(loaded, document_id), replace(options, **overrides))


def read(data: bytes) -> tuple[PdfReader, str]:
    reader = PdfReader(io.BytesIO(data))
    return reader, normalise("\n".join(page.extract_text() or "" for page in reader.pages))


@pytest.fixture(scope="module")
def example() -> LoadedDossier:
    return load_dossier(EXAMPLE)


@pytest.fixture(scope="module")
def pdfs(example: LoadedDossier) -> dict[str, tuple[bytes, PdfReader, str]]:
    out = {}
    for doc_id in DOC_IDS:
        data = make_pdf(example, doc_id)
        out[doc_id] = (data, *read(data))
    return out


# ------------------------------------------------------------------ the example


@pytest.mark.parametrize("doc_id", DOC_IDS)
def test_common_answers_and_title_block(pdfs, example: LoadedDossier, doc_id: str) -> None:
    _, _, text = pdfs[doc_id]
    d = example.dossier
    title = next(doc.titel for doc in DOCUMENTEN if doc.id == doc_id)
    for expected in (title, d.arrangement.naam, d.aanvrager.naam, d.aanvraagronde.naam):
        assert normalise(expected) in text


def test_document_specific_answers(pdfs) -> None:
    aanvraag = pdfs["aanvraaggegevens"][2]
    assert "Bevoegd-gezagnummer 41877" in aanvraag
    assert "31 maart 2027" in aanvraag  # uiterste ontvangstdatum, Dutch date
    assert "bijlage 4" in aanvraag and "mr-advies-de-brug.pdf" not in aanvraag  # DUO numbers, no file names

    overeenkomst = pdfs["samenwerkingsovereenkomst"][2]
    for naam in ("drs. Joris Wijnbergen", "Anouk Reijers-Nijhof", "Renée Lübbers"):
        assert naam in overeenkomst
    assert "Artikel 1. Financiering van de activiteiten" in overeenkomst
    assert "eindigt op 31 december 2027" in overeenkomst
    assert overeenkomst.count("Handtekening") == 7  # one signature block per party (7 parties, 7 signers)

    plan = pdfs["projectplan"][2]
    assert "0,8 fte" in plan  # getal filter: Dutch decimal comma
    assert "dr. Chloë Bosman" in plan

    formulier = pdfs["aanmeldformulier"][2]
    for chosen in ("☒ terugleiden", "☒ opbouwen", "☒ versterken"):
        assert chosen in formulier
    for other in ("☐ aanpassen", "☐ doorleiden"):
        assert other in formulier
    assert "positief advies" in formulier


def test_aanmeldformulier_has_the_twelve_fields_in_order(pdfs) -> None:
    text = pdfs["aanmeldformulier"][2]
    labels = [
        "Naam arrangement",
        "Samenwerkende partners",
        "Regisseur/contactpersoon",
        "Aanleiding",
        "Korte omschrijving",
        "Doel",
        "Doelgroep",
        "Aanbod",
        "Locatie",
        "Tijdsduur",
        "Financiering",
        "Opmerkingen",
    ]
    positions = [text.find(label) for label in labels]
    assert -1 not in positions
    assert positions == sorted(positions)


CODE = r"[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}"  # the version on every page (render.version)


@pytest.mark.parametrize("doc_id", DOC_IDS)
def test_pages_are_numbered_x_of_y(pdfs, doc_id: str) -> None:
    _, reader, _ = pdfs[doc_id]
    pages = len(reader.pages)
    assert pages >= 1
    assert re.search(rf"versie {CODE} · pagina 1 van {pages}\b", reader.pages[0].extract_text())
    assert re.search(rf"versie {CODE} · pagina {pages} van {pages}\b", reader.pages[-1].extract_text())


@pytest.mark.parametrize("doc_id", DOC_IDS)
def test_running_header_and_footer(pdfs, example: LoadedDossier, doc_id: str) -> None:
    """Pages after the title page carry the arrangement (header) and the document (footer)."""
    _, reader, _ = pdfs[doc_id]
    pages = len(reader.pages)
    title = next(doc.titel for doc in DOCUMENTEN if doc.id == doc_id)
    naam = example.dossier.arrangement.naam
    for number, page in enumerate(reader.pages[1:], start=2):
        margins = rf"{re.escape(naam)} {re.escape(title)} versie {CODE} · pagina {number} van {pages}"
        assert re.search(margins + "$", normalise(page.extract_text()))  # weasyprint draws them last


def _leaves(data: Any, loc: tuple[str | int, ...] = ()) -> Any:
    """(location, value) of every answer in YAML data, lists of scalars as one answer."""
    if isinstance(data, dict):
        for key, value in data.items():
            yield from _leaves(value, (*loc, key))
    elif isinstance(data, list) and data and all(isinstance(item, dict) for item in data):
        for index, item in enumerate(data):
            yield from _leaves(item, (*loc, index))
    else:
        yield loc, data


@pytest.mark.parametrize("doc_id", DOC_IDS)
def test_the_validated_answers_are_embedded_as_data(pdfs, example: LoadedDossier, doc_id: str) -> None:
    """The answers rewritten from the model, those this document shows: each one reads back as
    the answer in the model at its place, and none is an answer the document does not show;
    the file's comments are not there."""
    _, reader, _ = pdfs[doc_id]
    [embedded] = reader.attachments["dossier.yaml"]
    assert embedded == canonical_answers(example.dossier, doc_id)
    leaves = list(_leaves(YAML(typ="safe").load(embedded)))
    assert len(leaves) > 10
    for loc, value in leaves:
        assert doc_id in by_path()[generic_path(loc)].documenten, generic_path(loc)
        in_model = value_at(example.dossier, loc)
        assert (in_model.value if isinstance(in_model, Enum) else in_model) == value, loc
    assert b"#" in example.source.raw and not list(comments(embedded.decode()))
    related = [ref.get_object() for ref in reader.trailer["/Root"]["/AF"]]
    assert {spec["/AFRelationship"] for spec in related} == {"/Data"}


@pytest.mark.parametrize("doc_id", DOC_IDS)
def test_metadata_and_pdfa(pdfs, example: LoadedDossier, doc_id: str) -> None:
    _, reader, _ = pdfs[doc_id]
    assert reader.metadata.title == f"{BY_ID[doc_id].titel} – {example.dossier.arrangement.naam}"
    assert reader.metadata.author == example.dossier.aanvrager.naam
    assert reader.metadata.subject.startswith(example.dossier.aanvraagronde.naam)
    root = reader.trailer["/Root"]
    assert root["/Lang"] == "nl"
    xmp = root["/Metadata"].get_object().get_data()
    assert b'pdfaid:part="3"' in xmp and b'pdfaid:conformance="A"' in xmp  # A: tagged, for a screen reader
    assert bool(root["/ViewerPreferences"]["/DisplayDocTitle"])  # the viewer shows the title, not the file name


def _structure(node, found: list[str]) -> list[str]:
    """The structure types of a tagged PDF's tree, depth first."""
    node = node.get_object()
    if isinstance(node, dict):
        if "/S" in node:
            found.append(str(node["/S"]))
        kids = node.get("/K")
        for kid in (kids if isinstance(kids, list) else [kids] if kids is not None else []):
            if hasattr(kid, "get_object") or isinstance(kid, dict):
                _structure(kid, found)
    return found


@pytest.mark.parametrize("doc_id", DOC_IDS)
def test_each_document_is_tagged_with_its_headings_tables_and_lists_as_structure(pdfs, doc_id: str) -> None:
    """Class: an accessible PDF — a screen reader finds the document's headings in order, its tables as
    tables (rows of cells) and its lists as lists, not a stream of positioned text."""
    _, reader, text = pdfs[doc_id]
    root = reader.trailer["/Root"]
    assert bool(root["/MarkInfo"]["/Marked"])
    if "losse trajecten elkaar in de weg zitten" in text:  # a Markdown list of the answers
        assert {"/L", "/LI", "/Lbl"} <= set(_structure(root["/StructTreeRoot"], []))
    kinds = _structure(root["/StructTreeRoot"], [])
    headings = [k for k in kinds if re.fullmatch(r"/H\d", k)]
    assert kinds.count("/Document") == 1 and headings[0] == "/H1", headings  # the title first
    assert "/Table" in kinds and "/TR" in kinds and "/TD" in kinds
    assert "/P" in kinds


def test_fonts_are_embedded_and_no_colour_emoji_font(pdfs) -> None:
    for _, reader, _ in pdfs.values():
        for page in reader.pages:
            for font in page["/Resources"]["/Font"].values():
                font = font.get_object()
                descriptor = font["/DescendantFonts"][0].get_object()["/FontDescriptor"]
                assert "/FontFile2" in descriptor  # TrueType program embedded
                assert "Emoji" not in str(font["/BaseFont"])


def test_markdown_becomes_formatting_not_markup(pdfs, example: LoadedDossier) -> None:
    text = pdfs["projectplan"][2]
    assert "**" not in text
    assert "complexe hulpvraag" in text
    assert "losse trajecten elkaar in de weg zitten" in text
    assert "- losse trajecten" not in text
    html = render_html(example, "projectplan")
    assert "<strong>complexe hulpvraag</strong>" in html
    assert "<li><p>losse trajecten elkaar in de weg zitten;</p></li>" in html


# ------------------------------------------------------------------ awkward answers

NASTY = " & <b>vet</b> \"dubbel\" 'enkel' 😀 Één café naïef Chloë"


def _nasty_dossier(folder: Path) -> Path:
    """The example with every free-text answer extended by NASTY (patterned fields kept)."""
    data = Dossier.model_validate(load_dossier(EXAMPLE).source.data).model_dump(mode="json")

    def spoil(value: Any) -> Any:
        if isinstance(value, dict):
            return {k: spoil(v) for k, v in value.items()}
        if isinstance(value, list):
            return [spoil(v) for v in value]
        return value + NASTY if isinstance(value, str) else value

    spoiled = spoil(data)
    try:
        Dossier.model_validate(spoiled)
    except ValidationError as exc:  # fields with a fixed form (BRIN, postcode, e-mail …)
        for error in exc.errors():
            target, original = spoiled, data
            for part in error["loc"][:-1]:
                target, original = target[part], original[part]
            target[error["loc"][-1]] = original[error["loc"][-1]]
    folder.mkdir(parents=True)
    (folder / "dossier.yaml").write_text(json.dumps(spoiled, ensure_ascii=False), "utf-8")
    return folder


@pytest.fixture(scope="module")
def nasty(tmp_path_factory: pytest.TempPathFactory) -> LoadedDossier:
    return load_dossier(_nasty_dossier(tmp_path_factory.mktemp("nasty") / "x"))


@pytest.mark.parametrize("doc_id", DOC_IDS)
def test_special_characters_survive(nasty: LoadedDossier, doc_id: str) -> None:
    data = make_pdf(nasty, doc_id)
    assert data.startswith(b"%PDF-")
    reader, text = read(data)
    assert len(reader.pages) >= 1
    assert normalise(nasty.dossier.arrangement.naam) in text
    assert normalise(NASTY) in text
    assert "&amp;" not in text and "<b>" in text  # shown as typed, neither escaped twice nor markup


# ------------------------------------------------------------------ other dossiers


def _variant(folder: Path, achterhoek: bool, individueel: bool) -> LoadedDossier:
    text = example_text()
    if not achterhoek:
        start, end = text.index("\nachterhoek:"), text.index("\nbijlagen:")
        text = text[:start] + text[end:]
    if individueel:
        text = text.replace("  soort: collectief", "  soort: individueel")
        text += (
            "\nindividuele_route:\n  gemeente: Gemeente Oost Gelre\n  samen_met_toegang: ja\n"
            "  ondersteuningsvraag: |\n    Onderwijs en dagbehandeling op één plek.\n"
            "  evaluatie: |\n    Elk half jaar met de ouders en de partners.\n"
        )
    folder.mkdir(parents=True)
    (folder / "dossier.yaml").write_text(text, encoding="utf-8")
    return load_dossier(folder)


def test_aanmeldformulier_without_achterhoek_answers(tmp_path: Path) -> None:
    loaded = _variant(tmp_path / "x", achterhoek=False, individueel=False)
    html = render_html(loaded, "aanmeldformulier")
    assert "zijn nog niet ingevuld" in html
    assert "Naam arrangement" in html
    assert "Criteria voor leerlingen" not in render_html(loaded, "projectplan")


def test_the_onderbouwing_shows_the_individual_route(tmp_path: Path) -> None:
    loaded = _variant(tmp_path / "x", achterhoek=False, individueel=True)
    assert "Gemeente Oost Gelre" not in render_html(loaded, "aanvraaggegevens")  # the region's, not DUO's
    rows = html_rows(render_html(loaded, "onderbouwing"))
    assert ["Gemeente", "Gemeente Oost Gelre"] in rows
    # the answer sits beside its question, in the same row
    assert any("Ondersteuningsbehoefte" in row[0] and row[1:] == ["ja"] for row in rows if row), rows


def test_individual_route_is_absent_when_not_given(example: LoadedDossier) -> None:
    assert "Individueel arrangement" not in render_html(example, "aanvraaggegevens")


# ------------------------------------------------------------------ the URL fence


def test_fetcher_reads_only_inside_allowed_roots(tmp_path: Path) -> None:
    inside, outside = tmp_path / "in", tmp_path / "uit"
    inside.mkdir()
    outside.mkdir()
    (inside / "ok.css").write_text("p {}", encoding="utf-8")
    (outside / "geheim.txt").write_text("geheim", encoding="utf-8")
    (inside / "link.txt").symlink_to(outside / "geheim.txt")
    fetcher = fenced_fetcher([inside])

    assert fetcher((inside / "ok.css").as_uri()).read() == b"p {}"
    assert fetcher("data:text/plain;base64,aGFsbG8=").read() == b"hallo"
    for refused in (
        (outside / "geheim.txt").as_uri(),
        (inside / "link.txt").as_uri(),  # symlink pointing out of the fence
        f"{inside.as_uri()}/../uit/geheim.txt",
        "http://127.0.0.1:9/logo.png",
        "https://example.org/logo.png",
        "ftp://example.org/x",
    ):
        with pytest.raises(ValueError):
            fetcher(refused)


def _link_to(document: Any, text: str, target: str) -> None:
    """A paragraph with a Word hyperlink to ``target`` (Insert ▸ Link)."""
    rid = document.part.relate_to(target, RT.HYPERLINK, is_external=True)
    link = OxmlElement("w:hyperlink")
    link.set(qn("r:id"), rid)
    run = OxmlElement("w:r")
    run_text = OxmlElement("w:t")
    run_text.text = text
    run.append(run_text)
    link.append(run)
    document.add_paragraph()._p.append(link)


def _linked_picture(document: Any, picture: Path, target: str) -> None:
    """A picture that is linked, not embedded (Insert ▸ Picture ▸ Link to file): Word
    would load it from ``target`` when the document is opened."""
    run = document.add_paragraph().add_run()
    run.add_picture(str(picture))
    blip = run._r.find(f".//{qn('a:blip')}")
    del blip.attrib[qn("r:embed")]
    blip.set(qn("r:link"), document.part.relate_to(target, RT.IMAGE, is_external=True))


def test_override_template_cannot_fetch_outside(tmp_path: Path, web: str) -> None:
    """A dossier's own Word template may hold markup, links and linked pictures pointing
    outside the template and dossier folders: the build refuses it (``render.word_file``), and the
    converter beneath would still show text only and fetch nothing (two fences, each tested)."""
    folder = tmp_path / "inputs" / "x"
    shutil.copytree(EXAMPLE, folder)
    secret = tmp_path / "geheim.txt"
    secret.write_text("GEHEIME INHOUD", encoding="utf-8")
    picture = tmp_path / "foto.png"
    Image.new("RGB", (7, 5), (200, 30, 30)).save(picture)
    path = word_override(folder, "projectplan", add=[
        "Eigen sjabloon van dit dossier",
        f'<img src="{web}/logo.png"> <link rel="attachment" href="{secret.as_uri()}">',
        f'<iframe src="{secret.as_uri()}"></iframe> <p style="background: url(/etc/hostname)">x</p>',
    ])
    document = open_docx(str(path))
    _link_to(document, "de bijlage", secret.as_uri())
    _link_to(document, "de website", f"{web}/pagina")
    _linked_picture(document, picture, picture.as_uri())
    _linked_picture(document, picture, f"{web}/foto.png")
    document.save(str(path))

    with pytest.raises(TemplateProblem) as refused:
        make_pdf(load_dossier(folder), "projectplan")
    assert "van buiten het bestand (file:" in str(refused.value)  # the first of them, named

    from pipeline.render.docx_html import PageInfo, document_html
    from pipeline.render.html import stylesheet

    html = document_html(open_docx(str(path)), info=PageInfo(title="Projectplan", document_id="projectplan"),
                         stylesheet=stylesheet(folder))
    data = render_pdf(html, document_pdf_options(load_dossier(folder), BY_ID["projectplan"]))
    reader, text = read(data)
    assert "Eigen sjabloon van dit dossier" in text  # the dossier's own template won
    assert '<link rel="attachment"' in text and "<iframe" in text  # markup in Word is text
    assert "de bijlage" in text and "de website" in text  # a link keeps its words
    assert WEB_REQUESTS == []
    assert set(reader.attachments) == {"dossier.yaml"}
    assert "GEHEIME INHOUD" not in text
    assert pdf_image_sizes(data) == []  # neither linked picture was loaded
    for page in reader.pages:  # and no link points at the file
        for annot in page.get("/Annots") or []:
            assert "geheim" not in str((annot.get_object().get("/A") or {}).get("/URI", ""))


# ------------------------------------------------------------------ template errors


def _override(tmp_path: Path, *paragraphs: str) -> LoadedDossier:
    """The example with its own projectplan Word template: the shipped one plus ``paragraphs``."""
    folder = tmp_path / "inputs" / "x"
    shutil.copytree(EXAMPLE, folder)
    word_override(folder, "projectplan", add=paragraphs)
    return load_dossier(folder)


def test_template_syntax_error_names_file_and_paragraph(tmp_path: Path) -> None:
    loaded = _override(tmp_path, "Inleiding", "{% if arrangement.opmerkingen %}Opmerkingen:")
    with pytest.raises(TemplateProblem) as caught:
        render_html(loaded, "projectplan")
    message = str(caught.value)
    assert ("x/templates/projectplan/projectplan.docx: fout in sjabloon: ‘{% if %}’ wordt niet gesloten met "
            "‘{% endif %}’") in message
    assert "(alinea ‘{% if arrangement.opmerkingen %}Opmerkingen:’)" in message


def test_unknown_field_names_file_and_field(tmp_path: Path) -> None:
    loaded = _override(tmp_path, "Naam: {{ arrangement.nam }}")
    with pytest.raises(TemplateProblem) as caught:
        render_html(loaded, "projectplan")
    message = str(caught.value)
    assert "x/templates/projectplan/projectplan.docx: onbekend veld ‘nam’; bedoelde u ‘naam’?" in message
    assert "(alinea ‘Naam: {{ arrangement.nam }}’)" in message  # where the lint points, not "(in Arrangement)"


def test_missing_template_is_reported(example: LoadedDossier, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(TemplateProblem) as caught:
        render_html(example, "bestaat-niet")
    assert "‘bestaat-niet’ is geen document (wel: aanvraaggegevens, samenwerkingsovereenkomst" in str(caught.value)

    empty = tmp_path / "templates"
    empty.mkdir()
    monkeypatch.setattr("pipeline.templates.TEMPLATES", empty)  # the shipped Word template is gone
    with pytest.raises(TemplateProblem) as caught:
        render_html(example, "projectplan")
    assert f"sjabloon projectplan/projectplan.docx niet gevonden in {empty}" in str(caught.value)


# ------------------------------------------------------------------ Markdown → HTML


def test_markdown_links_show_their_address_and_unsafe_ones_are_text() -> None:
    html = str(markdown_to_html("[DUO](https://duo.nl) en [x](javascript:alert(1)) en <a@b.nl>"))
    assert '<a href="https://duo.nl">DUO</a><span class="url"> (https://duo.nl)</span>' in html
    assert "javascript" not in html.split("[x]")[0]  # the unsafe link stays literal text
    assert 'href="javascript' not in html
    assert '<a href="mailto:a@b.nl">a@b.nl</a>' in html


def test_markdown_raw_html_and_images_stay_inert() -> None:
    html = str(markdown_to_html('<script>alert(1)</script>\n\n![logo](file:///etc/passwd) "q"'))
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "<img" not in html
    assert "# Kop" not in str(markdown_to_html("# Kop")) and "<h4>Kop</h4>" in str(markdown_to_html("# Kop"))


@pytest.mark.real_layout  # checks the layout cache itself: no PDF memo (tests/pdfmemo.py)
def test_a_reused_layout_sees_a_changed_image(tmp_path: Path) -> None:
    """Watch mode keeps layouts of unchanged HTML; an image the page fetches may still change."""
    from PIL import Image

    from pipeline.render import pdf
    from tests.textutil import pdf_image_sizes

    logo = tmp_path / "logo.png"
    Image.new("RGB", (2, 3), "blue").save(logo)
    html = '<!DOCTYPE html><html><body><p>Tekst</p><img src="logo.png"></body></html>'
    options = PdfOptions(base_url=tmp_path, allowed_roots=(tmp_path,), title="t", author="a", subject="s",
                         keywords=(), attachment=None)
    assert pdf_image_sizes(pdf.render_pdf(html, options)) == [(2, 3)]
    assert pdf_image_sizes(pdf.render_pdf(html, options)) == [(2, 3)] and not pdf.last_render_laid_out
    Image.new("RGB", (7, 5), "red").save(logo)
    assert pdf_image_sizes(pdf.render_pdf(html, options)) == [(7, 5)]
    assert pdf.last_render_laid_out
    # the whole class: a removed image, and one that appears where there was none
    logo.unlink()
    assert pdf_image_sizes(pdf.render_pdf(html, options)) == [] and pdf.last_render_laid_out
    assert pdf_image_sizes(pdf.render_pdf(html, options)) == [] and not pdf.last_render_laid_out
    Image.new("RGB", (4, 4), "green").save(logo)
    assert pdf_image_sizes(pdf.render_pdf(html, options)) == [(4, 4)] and pdf.last_render_laid_out


def test_a_fifo_named_by_a_page_does_not_block_the_pdf(tmp_path: Path) -> None:
    import os

    from pipeline.render import pdf

    os.mkfifo(tmp_path / "pijp.png")
    html = '<!DOCTYPE html><html><body><p>Tekst</p><img src="pijp.png"></body></html>'
    options = PdfOptions(base_url=tmp_path, allowed_roots=(tmp_path,), title="t", author="a", subject="s",
                         keywords=(), attachment=None)
    assert pdf.render_pdf(html, options).startswith(b"%PDF")  # returns at once, without the image
