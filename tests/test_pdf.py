"""The PDF side of the dossier: HTML templates rendered by weasyprint, read back with pypdf.

The four example PDFs are rendered once per module (≈1 s) and shared; tests that need
another dossier render only what they check.
"""

from __future__ import annotations

import io
import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from pydantic import ValidationError
from pypdf import PdfReader

from pipeline.documents import DOCUMENTEN
from pipeline.exceptions import TemplateProblem
from pipeline.model.answers import Dossier
from pipeline.render.html import render_html
from pipeline.render.markdown_html import markdown_to_html
from pipeline.render.pdf import fenced_fetcher, render_pdf
from pipeline.templates import TEMPLATES
from pipeline.validate import LoadedDossier, load_dossier
from tests.conftest import EXAMPLE, WEB_REQUESTS, example_text
from tests.textutil import normalise

DOC_IDS = [d.id for d in DOCUMENTEN]


def make_pdf(loaded: LoadedDossier, document_id: str, **overrides: Any) -> bytes:
    """Render one document the way the build does (fenced to templates + dossier folder)."""
    options: dict[str, Any] = {
        "base_url": TEMPLATES,
        "allowed_roots": [TEMPLATES, loaded.folder.resolve()],
        "title": f"{document_id} – {loaded.dossier.arrangement.naam}",
        "author": loaded.dossier.aanvrager.naam,
        "subject": loaded.dossier.aanvraagronde.naam,
        "keywords": ["onderwijszorgarrangement", document_id],
        "attachment": loaded.source.path,
    }
    options.update(overrides)
    return render_pdf(render_html(loaded, document_id), **options)


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
    assert "bijlagen/mr-advies-de-brug.pdf" in aanvraag

    overeenkomst = pdfs["samenwerkingsovereenkomst"][2]
    for naam in ("drs. Joris Wijnbergen", "Anouk Reijers-Nijhof", "Renée Lübbers"):
        assert naam in overeenkomst
    assert "Artikel 1 – Financiering van de activiteiten" in overeenkomst
    assert "eindigt op 31 juli 2032" in overeenkomst
    assert overeenkomst.count("Handtekening") == 4  # one signature block per ondertekenaar

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


@pytest.mark.parametrize("doc_id", DOC_IDS)
def test_pages_are_numbered_x_of_y(pdfs, doc_id: str) -> None:
    _, reader, _ = pdfs[doc_id]
    pages = len(reader.pages)
    assert pages >= 1
    assert f"Pagina 1 van {pages}" in reader.pages[0].extract_text()
    assert f"Pagina {pages} van {pages}" in reader.pages[-1].extract_text()


@pytest.mark.parametrize("doc_id", DOC_IDS)
def test_running_header_and_footer(pdfs, example: LoadedDossier, doc_id: str) -> None:
    """Pages after the title page carry the arrangement (header) and the document (footer)."""
    _, reader, _ = pdfs[doc_id]
    pages = len(reader.pages)
    title = next(doc.titel for doc in DOCUMENTEN if doc.id == doc_id)
    naam = example.dossier.arrangement.naam
    for number, page in enumerate(reader.pages[1:], start=2):
        margins = f"{naam} {title} Pagina {number} van {pages}"  # weasyprint draws them last
        assert normalise(page.extract_text()).endswith(margins)


@pytest.mark.parametrize("doc_id", DOC_IDS)
def test_dossier_yaml_is_embedded_as_data(pdfs, example: LoadedDossier, doc_id: str) -> None:
    _, reader, _ = pdfs[doc_id]
    assert reader.attachments["dossier.yaml"] == [example.source.path.read_bytes()]
    related = [ref.get_object() for ref in reader.trailer["/Root"]["/AF"]]
    assert {spec["/AFRelationship"] for spec in related} == {"/Data"}


@pytest.mark.parametrize("doc_id", DOC_IDS)
def test_metadata_and_pdfa(pdfs, example: LoadedDossier, doc_id: str) -> None:
    _, reader, _ = pdfs[doc_id]
    assert reader.metadata.title == f"{doc_id} – {example.dossier.arrangement.naam}"
    assert reader.metadata.author == example.dossier.aanvrager.naam
    assert reader.metadata.subject == example.dossier.aanvraagronde.naam
    root = reader.trailer["/Root"]
    assert root["/Lang"] == "nl"
    xmp = root["/Metadata"].get_object().get_data()
    assert b'pdfaid:part="3"' in xmp and b'pdfaid:conformance="B"' in xmp


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
    assert "<li>losse trajecten elkaar in de weg zitten;</li>" in html


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


def test_aanvraaggegevens_shows_the_individual_route(tmp_path: Path) -> None:
    loaded = _variant(tmp_path / "x", achterhoek=False, individueel=True)
    html = render_html(loaded, "aanvraaggegevens")
    assert "Gemeente Oost Gelre" in html
    assert "samen met de Toegang vastgesteld</th><td>ja</td>" in html


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


def test_override_template_cannot_fetch_outside(tmp_path: Path, web: str) -> None:
    folder = tmp_path / "inputs" / "x"
    shutil.copytree(EXAMPLE, folder)
    secret = tmp_path / "geheim.txt"
    secret.write_text("GEHEIME INHOUD", encoding="utf-8")
    (folder / "templates" / "projectplan").mkdir(parents=True)
    (folder / "templates" / "projectplan" / "projectplan.html").write_text(
        '{% extends "base.html" %}{% block inhoud %}<p>Eigen sjabloon van dit dossier</p>'
        f'<img src="{web}/logo.png" alt="">'
        f'<link rel="stylesheet" href="{web}/stijl.css">'
        f'<link rel="attachment" href="{secret.as_uri()}">'
        f'<img src="{secret.as_uri()}" alt="">'
        '<p style="background: url(/etc/hostname)">x</p>{% endblock %}',
        encoding="utf-8",
    )
    loaded = load_dossier(folder)
    reader, text = read(make_pdf(loaded, "projectplan"))

    assert "Eigen sjabloon van dit dossier" in text  # the dossier's own template won
    assert WEB_REQUESTS == []
    assert set(reader.attachments) == {"dossier.yaml"}
    assert "GEHEIME INHOUD" not in text
    for page in reader.pages:
        assert not page["/Resources"].get("/XObject")  # no image was loaded


# ------------------------------------------------------------------ template errors


def _override(tmp_path: Path, body: str) -> LoadedDossier:
    folder = tmp_path / "inputs" / "x"
    shutil.copytree(EXAMPLE, folder)
    (folder / "templates" / "projectplan").mkdir(parents=True)
    (folder / "templates" / "projectplan" / "projectplan.html").write_text(body, "utf-8")
    return load_dossier(folder)


def test_template_syntax_error_names_file_and_line(tmp_path: Path) -> None:
    loaded = _override(tmp_path, '{% extends "base.html" %}\n{% block inhoud %}\n{% if %}\n')
    with pytest.raises(TemplateProblem) as caught:
        render_html(loaded, "projectplan")
    message = str(caught.value)
    assert "projectplan.html:3" in message
    assert "fout in sjabloon" in message


def test_unknown_field_names_file_line_and_field(tmp_path: Path) -> None:
    body = '{% extends "base.html" %}\n{% block inhoud %}\n<p>{{ arrangement.nam }}</p>\n{% endblock %}'
    loaded = _override(tmp_path, body)
    with pytest.raises(TemplateProblem) as caught:
        render_html(loaded, "projectplan")
    assert "projectplan.html:3" in str(caught.value)
    assert "‘nam’ bestaat niet" in str(caught.value)


def test_missing_template_is_reported(example: LoadedDossier) -> None:
    with pytest.raises(TemplateProblem) as caught:
        render_html(example, "bestaat-niet")
    assert "sjabloon bestaat-niet/bestaat-niet.html niet gevonden" in str(caught.value)


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
