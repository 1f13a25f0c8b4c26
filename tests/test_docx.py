"""The Word documents: answers land in them as real Word text, lists and tables.

Each test opens the rendered .docx with python-docx, as a reader's software would, and
looks for what a person would see: text in paragraphs and table cells, list paragraphs
instead of "- " lines, numbering that restarts, intact special characters.
"""

from __future__ import annotations

import copy
import io
import re
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import docx
import pytest
from docx.document import Document as WordDocument
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph
from lxml import etree
from pydantic import ValidationError

from pipeline.documents import DOCUMENTEN
from pipeline.exceptions import TemplateProblem
from pipeline.model.answers import Dossier
from pipeline.read.validate import LoadedDossier, load_dossier
from pipeline.render.docx import render_docx
from pipeline.templates import TEMPLATES
from tests.conftest import EXAMPLE

IDS = [d.id for d in DOCUMENTEN if d.geldt_voor("collectief")]  # the example's documents
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def open_docx(data: bytes) -> WordDocument:
    return docx.Document(io.BytesIO(data))


def all_paragraphs(document: WordDocument) -> Iterator[Paragraph]:
    """Body paragraphs and those inside table cells (nested tables too), in order."""
    for block in document.element.body.iter(qn("w:p")):
        yield Paragraph(block, document.part)


def text_of(document: WordDocument) -> str:
    return "\n".join(p.text for p in all_paragraphs(document))


def paragraph_with(document: WordDocument, needle: str) -> Paragraph:
    for paragraph in all_paragraphs(document):
        if needle in paragraph.text:
            return paragraph
    raise AssertionError(f"{needle!r} staat niet in het document")


def num_pr(paragraph: Paragraph) -> tuple[int, int] | None:
    """(numId, ilvl) of a list paragraph, or None for ordinary text."""
    ppr = paragraph._p.pPr
    if ppr is None or ppr.numPr is None:
        return None
    return int(ppr.numPr.numId.val), int(ppr.numPr.ilvl.val)


def variant(folder: Path, change: Callable[[dict[str, Any]], None]) -> LoadedDossier:
    """The example dossier with some answers changed, as if typed in that dossier's YAML."""
    source = load_dossier(EXAMPLE).source
    data = copy.deepcopy(source.data)
    change(data)
    folder.mkdir(parents=True, exist_ok=True)
    return LoadedDossier(folder=folder, source=source, dossier=Dossier.model_validate(data))


@pytest.fixture(scope="module")
def example() -> LoadedDossier:
    return load_dossier(EXAMPLE)


@pytest.fixture(scope="module")
def rendered(example: LoadedDossier) -> dict[str, bytes]:
    return {doc_id: render_docx(example, doc_id) for doc_id in IDS}


# ---------------------------------------------------------------- the example


@pytest.mark.parametrize(
    ("doc_id", "needles"),
    [
        ("aanvraaggegevens", ["41877", "17QK", "VO 25-06", "Zorgkantoor Menzis Achterhoek", "31 maart 2027",
                              "bijlage 4", "onderwijstijd"]),
        ("samenwerkingsovereenkomst", ["Kruisbergseweg 14", "Renée Lübbers", "wethouder jeugd",
                                       "Bij crisis, behandeling en vragen over gezin en opvoeding",
                                       "1 augustus 2027", "31 december 2027"]),
        ("projectplan", ["orthopedagoog-generalist", "0,8 fte", "dr. Chloë Bosman", "Getal & Ruimte"]),
        ("aanmeldformulier", ["Samenwerkende partners", "Regisseur/contactpersoon", "Tijdsduur",
                              "Gemeente Doetinchem (gemeente)", "positief advies"]),
    ],
)
def test_document_shows_its_answers(rendered: dict[str, bytes], example: LoadedDossier, doc_id: str,
                                    needles: list[str]) -> None:
    document = open_docx(rendered[doc_id])
    text = text_of(document)
    for needle in [example.dossier.arrangement.naam, example.dossier.aanvrager.naam, *needles]:
        assert needle in text, f"{doc_id}: {needle!r} ontbreekt"


def test_title_block_and_page_numbers(rendered: dict[str, bytes]) -> None:
    for doc_id in IDS:
        document = open_docx(rendered[doc_id])
        title = next(p for p in document.paragraphs if p.style.name == "Title")
        assert title.text == next(d.titel for d in DOCUMENTEN if d.id == doc_id)
        footer_xml = etree.tostring(document.sections[0].footer._element, encoding="unicode")
        assert re.search(r"versie [0-9A-Z]{4}-[0-9A-Z]{4} · pagina ", footer_xml)  # render.version
        assert " PAGE " in footer_xml
        assert " NUMPAGES " in footer_xml
        section = document.sections[0]
        assert round(section.page_width.cm, 1) == 21.0
        assert round(section.page_height.cm, 1) == 29.7


def test_aanmeldformulier_has_the_twelve_fields_in_order(rendered: dict[str, bytes]) -> None:
    document = open_docx(rendered["aanmeldformulier"])
    labels = [row.cells[0].paragraphs[0].text for row in document.tables[1].rows]
    assert labels == [
        "Naam arrangement", "Samenwerkende partners", "Regisseur/contactpersoon", "Aanleiding",
        "Korte omschrijving", "Doel", "Doelgroep", "Aanbod", "Locatie", "Tijdsduur", "Financiering",
        "Verantwoordelijkheden",  # the responsibilities half of criterion 6
        "Opmerkingen",
    ]


def test_aanmeldformulier_marks_the_chosen_goals(rendered: dict[str, bytes]) -> None:
    text = text_of(open_docx(rendered["aanmeldformulier"]))
    for chosen in ("terugleiden", "opbouwen", "versterken"):
        assert f"☒ {chosen}" in text
    for other in ("aanpassen", "doorleiden"):
        assert f"☐ {other}" in text
    assert "Structureel aanpassen van de onderwijsleersetting." in text


def test_signature_block_per_signatory(rendered: dict[str, bytes], example: LoadedDossier) -> None:
    document = open_docx(rendered["samenwerkingsovereenkomst"])
    signers = example.dossier.samenwerkingsovereenkomst.ondertekenaars
    blocks = [t for t in document.tables if "Handtekening:" in t.rows[0].cells[-1].text]
    assert len(blocks) == len(signers)
    for table, signer in zip(blocks, signers, strict=True):
        details = table.rows[0].cells[0].text
        assert signer.naam in details
        assert signer.functie in details
        assert "Plaats en datum: Doetinchem" in details


def list_format(document: WordDocument, paragraph: Paragraph) -> tuple[str, str]:
    """(numFmt, lvlText) of a list paragraph, followed from its numPr to the numbering part."""
    found = num_pr(paragraph)
    assert found is not None, f"{paragraph.text!r} is geen lijstalinea"
    num_id, level = found
    numbering = document.part.numbering_part.element
    num = next(n for n in numbering.iterchildren(qn("w:num")) if n.get(qn("w:numId")) == str(num_id))
    abstract_id = num.find(qn("w:abstractNumId")).get(qn("w:val"))
    abstract = next(a for a in numbering.iterchildren(qn("w:abstractNum"))
                    if a.get(qn("w:abstractNumId")) == abstract_id)
    lvl = abstract.find(f"{W}lvl[@{W}ilvl='{level}']")
    return lvl.find(qn("w:numFmt")).get(qn("w:val")), lvl.find(qn("w:lvlText")).get(qn("w:val"))


def test_markdown_list_becomes_word_list_paragraphs(rendered: dict[str, bytes]) -> None:
    document = open_docx(rendered["aanvraaggegevens"])
    item = paragraph_with(document, "een kleine, voorspelbare leeromgeving nodig;")
    assert item.text == "een kleine, voorspelbare leeromgeving nodig;"  # no "1." typed as text
    assert list_format(document, item) == ("decimal", "%1.")
    assert item.style.name == "List Paragraph"
    document = open_docx(rendered["projectplan"])
    bullet = paragraph_with(document, "losse trajecten elkaar in de weg zitten;")
    assert bullet.text == "losse trajecten elkaar in de weg zitten;"  # no "-" or "•" typed as text
    assert list_format(document, bullet) == ("bullet", "•")
    assert bullet.style.name == "List Paragraph"
    for doc_id in IDS:
        for paragraph in all_paragraphs(open_docx(rendered[doc_id])):
            assert "**" not in paragraph.text


def test_bold_and_italic_become_runs(rendered: dict[str, bytes]) -> None:
    document = open_docx(rendered["projectplan"])
    paragraph = paragraph_with(document, "complexe hulpvraag")
    bold = [r.text for r in paragraph.runs if r.bold]
    assert bold == ["complexe hulpvraag"]
    italic = [r.text for r in paragraph_with(document, "weer uitvallen").runs if r.italic]
    assert italic == ["uitvallen"]


def test_each_numbered_list_restarts_at_one(rendered: dict[str, bytes]) -> None:
    document = open_docx(rendered["aanvraaggegevens"])
    first = num_pr(paragraph_with(document, "een kleine, voorspelbare leeromgeving nodig;"))
    second = num_pr(paragraph_with(document, "8 uur per week;"))
    assert first and second
    assert first[0] != second[0], "two numbered lists share one numbering: the second would go on at 4"
    numbering = document.part.numbering_part.element
    for num_id, level in (first, second):
        num = next(n for n in numbering.iterchildren(qn("w:num")) if n.get(qn("w:numId")) == str(num_id))
        override = num.find(f"{W}lvlOverride[@{W}ilvl='{level}']/{W}startOverride")
        assert override is not None and override.get(qn("w:val")) == "1"
        abstract_id = num.find(qn("w:abstractNumId")).get(qn("w:val"))
        abstract = next(a for a in numbering.iterchildren(qn("w:abstractNum"))
                        if a.get(qn("w:abstractNumId")) == abstract_id)
        fmt = abstract.find(f"{W}lvl[@{W}ilvl='{level}']/{W}numFmt").get(qn("w:val"))
        assert fmt == "decimal"


def test_table_cells_and_body_end_with_a_paragraph(rendered: dict[str, bytes]) -> None:
    """Word refuses a file whose table cell does not end with a paragraph."""
    for doc_id in IDS:
        body = open_docx(rendered[doc_id]).element.body
        for cell in body.iter(qn("w:tc")):
            assert cell[-1].tag == qn("w:p"), doc_id
        assert body[-2].tag == qn("w:p"), doc_id  # the last element is the sectPr


def test_core_properties(rendered: dict[str, bytes], example: LoadedDossier) -> None:
    props = open_docx(rendered["projectplan"]).core_properties
    assert props.title == f"Projectplan – {example.dossier.arrangement.naam}"
    assert props.author == example.dossier.aanvrager.naam
    assert example.dossier.arrangement.naam in props.subject
    assert "projectplan" in props.keywords


def test_same_dossier_same_bytes(example: LoadedDossier, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")  # 2026-01-01
    first = render_docx(example, "samenwerkingsovereenkomst")
    assert render_docx(example, "samenwerkingsovereenkomst") == first
    props = open_docx(first).core_properties
    assert props.created.year == 2026
    assert props.modified == props.created
    assert "1 januari 2026" in text_of(open_docx(first))
    for info in zipfile.ZipFile(io.BytesIO(first)).infolist():
        assert info.date_time[:3] == (2026, 1, 1)


# ------------------------------------------------------------- awkward answers

NASTY = " & <b>\"aanhalingstekens\"</b> 'enkel' 😀 é ü ß"
_UNCHANGEABLE = object()


def _spice(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _spice(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_spice(v) for v in value]
    return value + NASTY if isinstance(value, str) else value


def _restore(data: dict[str, Any], original: dict[str, Any], loc: tuple[Any, ...]) -> None:
    """Put back the original value where a field has a fixed format (postcode, BRIN, e-mail)."""
    target, source = data, original
    for part in loc[:-1]:
        target, source = target[part], source[part]
    target[loc[-1]] = source[loc[-1]]


@pytest.fixture(scope="module")
def nasty(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, bytes], int]:
    """All four documents of a dossier whose every free-text answer ends in NASTY."""

    def change(data: dict[str, Any]) -> None:
        original = copy.deepcopy(data)
        data.update(_spice(data))
        try:
            Dossier.model_validate(data)
        except ValidationError as exc:
            for error in exc.errors():
                _restore(data, original, error["loc"])

    loaded = variant(tmp_path_factory.mktemp("nasty") / "inputs" / "x", change)
    changed = sum(
        1 for value in _strings(loaded.dossier.model_dump()) if value.endswith(NASTY)
    )
    return {doc_id: render_docx(loaded, doc_id) for doc_id in IDS}, changed


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)
    elif isinstance(value, str):
        yield value


def test_special_characters_in_every_string_field(nasty: tuple[dict[str, bytes], int]) -> None:
    documents, changed = nasty
    assert changed > 80  # nearly every answer got the characters, not a handful
    expected = NASTY.strip()
    for doc_id, data in documents.items():
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            for name in package.namelist():
                if name.endswith(".xml") or name.endswith(".rels"):
                    etree.fromstring(package.read(name))  # every part is well-formed XML
        document = open_docx(data)
        text = text_of(document)
        assert text.count(expected) >= 10, doc_id
        assert "Samen op de Rails – onderwijs & zorg op de boerderij" + NASTY in text
        header = document.sections[0].header.paragraphs[0].text
        assert expected in header, doc_id
        assert "&amp;" not in text and "&lt;" not in text  # escaped once, not twice


def test_newline_and_tab_in_a_short_answer(tmp_path: Path) -> None:
    def change(data: dict[str, Any]) -> None:
        data["arrangement"]["naam"] = "Eerste regel\nTweede regel\tna een tab"
        data["aanvrager"]["naam"] = "Stichting {{ 7 * 7 }} {% raw %}"

    loaded = variant(tmp_path / "inputs" / "x", change)
    document = open_docx(render_docx(loaded, "aanvraaggegevens"))
    subtitle = next(p for p in document.paragraphs if p.style.name == "Subtitle")
    assert subtitle.text == "Eerste regel\nTweede regel\tna een tab"  # a line break and a tab in Word
    assert subtitle._p.xpath(".//w:br") and subtitle._p.xpath(".//w:tab")
    assert "Stichting {{ 7 * 7 }} {% raw %}" in text_of(document)  # answers are never template code


def test_links_keep_their_text_but_never_become_hyperlinks(tmp_path: Path) -> None:
    def change(data: dict[str, Any]) -> None:
        data["arrangement"]["aanleiding"] = (
            "Zie [de routekaart](https://www.sociaaldomeinachterhoek.nl/routekaart), "
            "[het plan](../../geheim.pdf) en <https://duo.nl>.\n\n"
            "- bovenaan\n  1. eerste stap\n  2. tweede stap\n- onderaan"
        )

    data = render_docx(variant(tmp_path / "inputs" / "x", change), "projectplan")
    document = open_docx(data)
    paragraph = paragraph_with(document, "Zie de routekaart")
    assert paragraph.text == (
        "Zie de routekaart (https://www.sociaaldomeinachterhoek.nl/routekaart), het plan en https://duo.nl."
    )
    assert not paragraph._p.xpath(".//w:hyperlink")
    rels = zipfile.ZipFile(io.BytesIO(data)).read("word/_rels/document.xml.rels").decode()
    assert "hyperlink" not in rels
    top, nested = num_pr(paragraph_with(document, "bovenaan")), num_pr(paragraph_with(document, "eerste stap"))
    assert top and nested
    assert (top[1], nested[1]) == (0, 1)  # the nested list is one level deeper
    assert num_pr(paragraph_with(document, "onderaan")) == top


def test_without_achterhoek_answers_and_individual_route(tmp_path: Path) -> None:
    def change(data: dict[str, Any]) -> None:
        data["achterhoek"] = None
        data["arrangement"]["soort"] = "individueel"
        data["individuele_route"] = {
            "gemeente": "Gemeente Oost Gelre",
            "samen_met_toegang": "ja",
            "ondersteuningsvraag": "Onderwijs in **kleine stappen** naast behandeling.",
            "evaluatie": "Elk half jaar met de ouders en de partners.",
        }

    loaded = variant(tmp_path / "inputs" / "x", change)
    aanvraag = text_of(open_docx(render_docx(loaded, "aanvraaggegevens")))
    assert "Gemeente Oost Gelre" not in aanvraag  # the gemeente's document has it, not DUO's form
    assert "individueel" in aanvraag
    onderbouwing = text_of(open_docx(render_docx(loaded, "onderbouwing")))
    assert "Gemeente Oost Gelre" in onderbouwing
    assert "Onderwijs in kleine stappen naast behandeling." in onderbouwing
    plan = text_of(open_docx(render_docx(loaded, "projectplan")))
    assert "Criteria voor deelname" not in plan and "Bijdrage aan het experiment" in plan
    form = text_of(open_docx(render_docx(loaded, "aanmeldformulier")))
    assert "nog niet ingevuld" in form


# ------------------------------------------------------------------ templates


def _override(folder: Path, doc_id: str, old: str, new: str) -> Path:
    """Copy the shipped template into the dossier's templates/ with one text replaced."""
    source = TEMPLATES / doc_id / f"{doc_id}.docx"
    target = folder / "templates" / doc_id / f"{doc_id}.docx"
    target.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info.filename)
            if info.filename == "word/document.xml":
                text = data.decode()
                assert old in text
                data = text.replace(old, new, 1).encode()
            zout.writestr(info, data)
    return target


def test_misspelt_variable_is_a_template_problem(tmp_path: Path) -> None:
    loaded = variant(tmp_path / "inputs" / "x", lambda data: None)
    _override(loaded.folder, "projectplan", "{{ arrangement.naam }}", "{{ arrangement.nam }}")
    with pytest.raises(TemplateProblem) as caught:
        render_docx(loaded, "projectplan")
    message = str(caught.value)
    assert "projectplan.docx" in message
    assert "onbekend veld ‘nam’" in message
    assert "bedoelde u ‘naam’" in message


def test_a_filter_given_the_wrong_value_names_its_paragraph(tmp_path: Path) -> None:
    """A mistake only rendering finds (the lint cannot know the value) is located too."""
    loaded = variant(tmp_path / "inputs" / "x", lambda data: None)
    _override(loaded.folder, "projectplan", "{{ arrangement.naam }}", "{{ arrangement.naam | datum }}")
    with pytest.raises(TemplateProblem) as caught:
        render_docx(loaded, "projectplan")
    assert "projectplan.docx: de template kan niet worden ingevuld (AttributeError: " in str(caught.value)
    assert "{{ arrangement.naam | datum }}’)" in str(caught.value)


def test_broken_template_code_is_a_template_problem(tmp_path: Path) -> None:
    loaded = variant(tmp_path / "inputs" / "x", lambda data: None)
    _override(loaded.folder, "projectplan", "{{ arrangement.naam }}", "{% if arrangement.naam %}")
    unclosed = r"projectplan\.docx: fout in sjabloon: ‘\{% if %\}’ wordt niet gesloten met ‘\{% endif %\}’"
    with pytest.raises(TemplateProblem, match=unclosed):
        render_docx(loaded, "projectplan")


@pytest.mark.parametrize("tag", ["{% include 'kop.docx' %}", "{% import 'macros.html' as m %}",
                                 "{% extends 'basis.docx' %}"])
def test_including_another_template_in_word_is_explained(tmp_path: Path, tag: str) -> None:
    loaded = variant(tmp_path / "inputs" / "x", lambda data: None)
    _override(loaded.folder, "projectplan", "{{ arrangement.naam }}", tag)
    with pytest.raises(TemplateProblem) as caught:
        render_docx(loaded, "projectplan")
    assert ("projectplan.docx: Word-sjablonen kunnen geen andere sjablonen invoegen (include/import/extends)"
            in str(caught.value))


def test_not_a_word_file_is_a_template_problem(tmp_path: Path) -> None:
    loaded = variant(tmp_path / "inputs" / "x", lambda data: None)
    target = loaded.folder / "templates" / "projectplan" / "projectplan.docx"
    target.parent.mkdir(parents=True)
    target.write_text("geen Word-bestand")
    with pytest.raises(TemplateProblem, match="is geen geldig Word-bestand"):
        render_docx(loaded, "projectplan")


def test_override_template_is_used_for_that_dossier_only(tmp_path: Path, example: LoadedDossier) -> None:
    loaded = variant(tmp_path / "inputs" / "eigen", lambda data: None)
    _override(loaded.folder, "projectplan", "2. Aanleiding", "2. Waarom wij dit doen")
    assert "2. Waarom wij dit doen" in text_of(open_docx(render_docx(loaded, "projectplan")))
    shipped = text_of(open_docx(render_docx(example, "projectplan")))
    assert "2. Aanleiding" in shipped and "Waarom wij dit doen" not in shipped


# Schema order (ECMA-376 CT_PPrBase, CT_RPr) of the properties we and python-docx write:
# Word declares a file corrupt when they come out of order; LibreOffice does not mind.
_PPR_ORDER = ["pStyle", "keepNext", "keepLines", "pageBreakBefore", "widowControl", "numPr", "pBdr", "shd",
              "tabs", "spacing", "ind", "contextualSpacing", "jc", "outlineLvl", "rPr", "sectPr"]
_RPR_ORDER = ["rStyle", "rFonts", "b", "bCs", "i", "iCs", "caps", "color", "spacing", "sz", "szCs",
              "u", "vertAlign", "lang"]


def test_paragraph_and_run_properties_in_schema_order(rendered: dict[str, bytes]) -> None:
    for doc_id, data in rendered.items():
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            parts = [n for n in package.namelist() if n.startswith("word/") and n.endswith(".xml")]
            for name in parts:
                root = etree.fromstring(package.read(name))
                for tag, order in (("pPr", _PPR_ORDER), ("rPr", _RPR_ORDER)):
                    for props in root.iter(f"{W}{tag}"):
                        seen = [etree.QName(child).localname for child in props]
                        known = [order.index(s) for s in seen if s in order]
                        assert known == sorted(known), f"{doc_id} {name}: {tag} {seen}"


@pytest.mark.parametrize("typed", ["{_{ x }_}", "{_% if %_}", "í\ufeff{_{% if %}"])
def test_docxtpl_escape_sequences_typed_in_an_answer_stay_as_typed(tmp_path: Path, typed: str) -> None:
    """docxtpl turns "{_{" into "{{" after rendering; an answer must keep what was typed."""

    def change(data: dict[str, Any]) -> None:
        data["arrangement"]["naam"] = f"Naam {typed}"  # a plain field
        data["arrangement"]["omschrijving"] = f"Omschrijving {typed}"  # a Markdown field

    loaded = variant(tmp_path / "inputs" / "x", change)
    shown = text_of(open_docx(render_docx(loaded, "aanvraaggegevens")))
    assert f"Naam {typed}" in shown
    if typed.count("_") == 1:  # a pair of underscores is Markdown emphasis in a Markdown field
        assert f"Omschrijving {typed}" in shown
