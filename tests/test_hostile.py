"""Hostile inputs: each ends in a correct document or a located Dutch error, never a traceback.

Applicants paste from Word, e-mail and PDFs; consultants edit templates; a dossier folder may
come from someone else. Every case runs the real command in-process (``pipeline.cli.run``) and
checks what the user sees: the exit code, the exact message, the documents' text, and that no
half-written or stray file is left (no ``*.tmp``, earlier outputs unchanged).

The corpus lives in ``tests/hostile/`` (whole files plus a table of edits of the example).
"""

from __future__ import annotations

import io
import os
import shutil
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pytest
from lxml import etree
from lxml import html as lxml_html
from PIL import Image
from pypdf import PdfReader

from pipeline.cli import run
from pipeline.read.validate import load_dossier
from pipeline.render.html import render_html
from tests.conftest import EXAMPLE, ROOT, WEB_REQUESTS, example_text, word_override
from tests.hostile.cases import CORPUS, EDIT_CASES, FILE_CASES, OPMERKINGEN, Bewerking, Fout
from tests.runs import render_folder
from tests.textutil import docx_text, normalise, pdf_image_sizes, pdf_text

# ------------------------------------------------------------------ helpers


@dataclass(frozen=True, slots=True)
class Uitvoer:
    code: int
    out: str
    err: str


def cli(capsys: pytest.CaptureFixture[str], *args: object) -> Uitvoer:
    """Run ``dossier …`` in this process; a traceback (any escaped exception) fails the test."""
    code = run([str(a) for a in args])
    captured = capsys.readouterr()
    assert "Traceback" not in captured.out + captured.err
    return Uitvoer(code, captured.out, captured.err)


def leftovers(*roots: Path) -> list[Path]:
    """Temp files an interrupted write would leave behind."""
    return [p for root in roots if root.exists() for p in root.rglob("*.tmp")]


def new_dossier(tmp_path: Path, content: str | bytes | None = None, name: str = "x") -> Path:
    """A copy of the example folder (bijlagen included), with ``content`` as its dossier.yaml."""
    folder = tmp_path / "inputs" / name
    shutil.copytree(EXAMPLE, folder)
    if content is not None:
        data = content if isinstance(content, bytes) else content.encode("utf-8")
        (folder / "dossier.yaml").write_bytes(data)
    return folder


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


def xml_parts_are_well_formed(docx: Path) -> None:
    with zipfile.ZipFile(docx) as package:
        for name in package.namelist():
            if name.endswith((".xml", ".rels")):
                etree.fromstring(package.read(name))


def assert_rejected(capsys: pytest.CaptureFixture[str], tmp_path: Path, folder: Path, fout: Fout) -> None:
    """`validate` and `build` both exit 1 with the located message, and build writes nothing."""
    result = cli(capsys, "validate", folder)
    assert result.code == 1
    assert fout.tekst() in result.err
    assert result.out == ""

    out_root = tmp_path / "build"
    result = cli(capsys, "build", folder, "-o", out_root, "--alleen", "docx")
    assert result.code == 1
    assert fout.tekst() in result.err
    assert not out_root.exists()


# ------------------------------------------------------------------ the corpus: rejected input


def test_every_corpus_file_has_an_expected_outcome() -> None:
    assert {p.name for p in CORPUS.glob("*.yaml")} == set(FILE_CASES)


@pytest.mark.parametrize("name", sorted(FILE_CASES))
def test_corpus_file_gives_located_dutch_error(
    name: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)  # whatever a hostile file might make us write would land here
    folder = new_dossier(tmp_path, (CORPUS / name).read_bytes())
    assert_rejected(capsys, tmp_path, folder, FILE_CASES[name])
    assert not (tmp_path / "hostile-marker.txt").exists()  # the !!python tag ran nothing
    assert sorted(p.name for p in tmp_path.iterdir()) == ["inputs"]


@pytest.mark.parametrize("case", EDIT_CASES, ids=lambda c: c.naam)
def test_broken_example_gives_located_dutch_error(
    case: Bewerking, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    content = case.maak(example_text())
    folder = new_dossier(tmp_path, content)
    text = content.decode("utf-8", "replace") if isinstance(content, bytes) else content
    assert_rejected(capsys, tmp_path, folder, case.fout(text))


def test_errors_of_several_dossiers_are_all_reported(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = new_dossier(tmp_path, (CORPUS / "tab-indent.yaml").read_bytes(), "tab")
    empty = new_dossier(tmp_path, b"", "leeg")
    result = cli(capsys, "validate", EXAMPLE, bad, empty)
    assert result.code == 1
    assert "geldig" in result.out
    assert FILE_CASES["tab-indent.yaml"].tekst() in result.err
    assert FILE_CASES["empty.yaml"].tekst() in result.err


# ------------------------------------------------------------------ a folder where a file is expected


def test_dossier_yaml_that_is_a_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "inputs" / "x"
    (folder / "dossier.yaml").mkdir(parents=True)
    for target in (folder, folder / "dossier.yaml"):
        result = cli(capsys, "validate", target)
        assert result.code == 1
        assert "dossier.yaml: is een map, verwacht een bestand" in result.err
    result = cli(capsys, "build", folder, "-o", tmp_path / "build", "--alleen", "docx")
    assert result.code == 1 and "is een map, verwacht een bestand" in result.err
    assert not (tmp_path / "build").exists()


def test_missing_folder_and_a_file_given_as_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    result = cli(capsys, "validate", tmp_path / "bestaat-niet")
    assert result.code == 1 and "bestaat-niet: deze map bestaat niet" in result.err
    notes = tmp_path / "notities.txt"
    notes.write_text("geen dossier", encoding="utf-8")
    result = cli(capsys, "validate", notes)
    assert result.code == 1 and "notities.txt: is geen map met een dossier.yaml" in result.err


# ------------------------------------------------------------------ accepted after normalisation

CONTROL = "\x00\x01\x08\x0b\x0c\x1b\x7f"


def test_raw_control_characters_are_dropped(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Pasted from a PDF, invisible, illegal in XML: the documented normalisation drops them."""
    text = example_text().replace(
        "  naam: Samen op de Rails", f"  naam: Samen{CONTROL} op de{CONTROL[::-1]} Rails", 1
    ).replace("    Wij willen graag", f"    Wij{CONTROL} willen\x0c graag", 1)
    folder = new_dossier(tmp_path, text)
    assert cli(capsys, "validate", folder).code == 0

    out = tmp_path / "build"
    result = cli(capsys, "build", folder, "-o", out, "--alleen", "docx")
    assert result.code == 0
    docx = out / "x" / "aanmeldformulier-collectief.docx"
    xml_parts_are_well_formed(docx)
    words = docx_text(docx)
    assert "Samen op de Rails – onderwijs & zorg op de boerderij" in words
    assert "Wij willen graag na drie maanden" in words
    assert not any(c in words for c in CONTROL)

    pdf = _one_pdf(folder, out, "aanmeldformulier")
    assert "Samen op de Rails – onderwijs & zorg op de boerderij" in pdf
    assert "Wij willen graag na drie maanden" in pdf


def test_escaped_control_characters_are_dropped_too(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The same characters written as YAML escapes; NEL (\\x85) is a line break."""
    text = example_text().replace(
        "  locatie: Zorgboerderij ’t Hoëveld, Lichtenvoorde (nevenlocatie van De Brug)",
        '  locatie: "Zorgboerderij\\e\\0 ’t\\x9f Hoëveld,\\x85Lichtenvoorde\\uFFFF"', 1,
    )
    folder = new_dossier(tmp_path, text)
    assert load_dossier(folder).dossier.arrangement.locatie == "Zorgboerderij ’t Hoëveld,\nLichtenvoorde"
    out = tmp_path / "build"
    assert cli(capsys, "build", folder, "-o", out, "--alleen", "docx").code == 0
    docx = out / "x" / "aanvraaggegevens.docx"
    xml_parts_are_well_formed(docx)
    assert "Zorgboerderij ’t Hoëveld, Lichtenvoorde" in docx_text(docx)


def test_byte_order_mark_crlf_and_json_escaped_emoji(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """What Windows editors and JSON exporters write is read as the applicant meant it."""
    text = example_text().replace(
        "  naam: Samen op de Rails – onderwijs & zorg op de boerderij",
        '  naam: "Samen op de Rails \\ud83d\\ude82 onderwijs & zorg"', 1,
    )
    folder = new_dossier(tmp_path, "\ufeff" + text.replace("\n", "\r\n"))
    assert cli(capsys, "validate", folder).code == 0
    out = tmp_path / "build"
    assert cli(capsys, "build", folder, "-o", out, "--alleen", "docx").code == 0
    words = docx_text(out / "x" / "projectplan.docx")
    assert "Samen op de Rails 🚂 onderwijs & zorg" in words
    # CRLF did not break the Markdown answers into odd paragraphs
    assert "Een week bestaat uit ochtenden onderwijs in de leerruimte op de boerderij" in words


# ------------------------------------------------------------------ awkward text in the documents

AWKWARD = "Zorg & Co <b>vet</b> \"dubbel\" 'enkel' {{ 7 * 7 }} {% raw %} 😀"
ZERO_WIDTH = "zero\u200bwidth\u200c join\u200d word\u2060joiner\ufeffbom"
RTL = "\u05e9\u05dc\u05d5\u05dd \u0645\u0631\u062d\u0628\u0627"  # Hebrew and Arabic words
RLO = "\u202eomgevoerd\u202c"  # a right-to-left override, pasted around a word


def _one_pdf(folder: Path, out: Path, document: str) -> str:
    """Build one PDF in this process (fast) and return its text."""
    result = render_folder(folder, output_root=out, only=[document],
                           formats=("pdf",), force=True)
    assert result.ok, result.errors
    (item,) = result.rendered
    return pdf_text(item.path)


@pytest.fixture(scope="module")
def awkward(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A dossier with awkward text in a short field (the name, in every document and header)
    and in a Markdown answer; DOCX for all documents, PDF for the Achterhoek form."""
    tmp = tmp_path_factory.mktemp("awkward")
    markdown = f"{AWKWARD}\n\n{ZERO_WIDTH}\n\n{RTL}\n\nvoor {RLO} na\n"
    text = example_text().replace(
        "  naam: Samen op de Rails – onderwijs & zorg op de boerderij",
        f"  naam: '{AWKWARD.replace(chr(39), chr(39) * 2)} {ZERO_WIDTH} {RTL}'", 1,
    ).replace(
        "  opmerkingen: |\n",
        "  opmerkingen: |\n" + "".join(f"    {line}\n" if line else "\n" for line in markdown.splitlines())
        + "\n", 1,
    )
    folder = new_dossier(tmp, text)
    out = tmp / "build"
    result = render_folder(folder, output_root=out, formats=("docx",))
    assert result.ok, result.errors
    render_folder(folder, output_root=out, only=["aanmeldformulier"], formats=("pdf",))
    return folder, out / "x"


@pytest.mark.parametrize("name", ["aanvraaggegevens", "samenwerkingsovereenkomst", "projectplan",
                                  "aanmeldformulier-collectief"])
def test_awkward_text_in_every_word_document(awkward: tuple[Path, Path], name: str) -> None:
    docx = awkward[1] / f"{name}.docx"
    xml_parts_are_well_formed(docx)
    words = docx_text(docx)
    assert normalise(f"{AWKWARD} {ZERO_WIDTH} {RTL}") in words  # exactly as typed, escaped once
    assert "&amp;" not in words and "&lt;" not in words and "49" not in words


def test_awkward_markdown_answer_in_word(awkward: tuple[Path, Path]) -> None:
    words = docx_text(awkward[1] / "aanmeldformulier-collectief.docx")
    for snippet in (AWKWARD, ZERO_WIDTH, RTL, f"voor {RLO} na"):  # logical order kept
        assert normalise(snippet) in words


def _visible(text: str) -> str:
    """What a PDF reader extracts: zero-width characters carry no glyph."""
    return "".join(c for c in text if c not in "\u200b\u200c\u200d\u2060\ufeff")


def test_awkward_text_in_the_document_properties(awkward: tuple[Path, Path]) -> None:
    """Title and author are XML too (Word's core.xml, the PDF's XMP): escaped, not broken."""
    name = f"{AWKWARD} {ZERO_WIDTH} {RTL}"
    xmp = PdfReader(awkward[1] / "aanmeldformulier-collectief.pdf").xmp_metadata
    assert xmp is not None and xmp.dc_title["x-default"].endswith(f" – {name}")
    with zipfile.ZipFile(awkward[1] / "aanmeldformulier-collectief.docx") as package:
        core = etree.fromstring(package.read("docProps/core.xml"))
    assert core.findtext("{http://purl.org/dc/elements/1.1/}title").endswith(f" – {name}")


def test_awkward_text_in_the_pdf(awkward: tuple[Path, Path]) -> None:
    text = pdf_text(awkward[1] / "aanmeldformulier-collectief.pdf")
    assert normalise(_visible(f"{AWKWARD} {ZERO_WIDTH}")) in text
    assert normalise(AWKWARD) in text  # the Markdown answer as well: its own paragraph
    assert "\u05e9\u05dc\u05d5\u05dd" in text
    assert "voor" in text and " na " in text  # the overridden word is drawn right-to-left
    assert "&amp;" not in text and "49" not in text


def test_awkward_text_escaped_once_in_html(awkward: tuple[Path, Path]) -> None:
    html = render_html(load_dossier(awkward[0]), "aanmeldformulier")
    assert "Zorg &amp; Co &lt;b&gt;vet&lt;/b&gt;" in html
    assert "&amp;amp;" not in html and "<b>vet</b>" not in html


def test_markup_in_answers_is_escaped_in_the_checklist(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = example_text().replace(
        "  naam: Samen op de Rails – onderwijs & zorg op de boerderij",
        '  naam: "Rails <script>alert(1)</script> & <b>vet</b>"', 1,
    ).replace("bijlagen/mr-advies-swv.pdf", '"bijlagen/<img src=x>.pdf"')
    folder = new_dossier(tmp_path, text)
    out = tmp_path / "build"
    result = cli(capsys, "check", folder, "-o", out)
    assert result.code == 1
    html = (out / "x" / "checklist.html").read_text(encoding="utf-8")
    assert "Rails &lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;b&gt;vet&lt;/b&gt;" in html
    assert "De bijlage ‘bijlagen/&lt;img src=x&gt;.pdf’ bestaat niet." in html
    assert "<script" not in html and "<img" not in html and "<b>vet" not in html


def test_no_terminal_escape_sequences_from_a_dossier(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A key or value written with YAML escapes cannot make a message repaint the terminal."""
    text = example_text().replace(
        "  beslisdatum: 2027-05-31", '  "beslis\\e[2J\\e]0;gehackt\\adatum": 2027-05-31', 1
    ).replace("  soort: collectief", '  soort: "\\e[31mcollectief"', 1)
    folder = new_dossier(tmp_path, text)
    result = cli(capsys, "validate", folder)
    assert result.code == 1
    assert "aanvraagronde.beslis[2J]0;gehacktdatum: onbekend veld ‘beslis[2J]0;gehacktdatum’" in result.err
    assert "arrangement.soort: moet een van deze waarden zijn: collectief, individueel" in result.err
    assert "\x1b" not in result.err and "\x07" not in result.err


# ------------------------------------------------------------------ raw HTML, links and images in Markdown

RAW_HTML = (
    '<script>alert("x")</script> en <img src=x onerror=alert(1)>\n\n'
    "<div>\n<iframe src=\"file:///etc/passwd\"></iframe>\n</div>\n\n"
    '<style>body {{ display: none }}</style> <a href="javascript:alert(1)">klik</a>\n'
)


def _with_markdown(tmp_path: Path, markdown: str) -> Path:
    block = "".join(f"    {line}\n" if line else "\n" for line in markdown.splitlines())
    return new_dossier(tmp_path, example_text().replace("  opmerkingen: |\n", "  opmerkingen: |\n" + block + "\n", 1))


def test_raw_html_in_markdown_stays_text(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = _with_markdown(tmp_path, RAW_HTML)
    html = render_html(load_dossier(folder), "aanmeldformulier")
    (row,) = [tr for tr in lxml_html.fromstring(html).iter("tr") if normalise(tr[0].text_content()) == "Opmerkingen"]
    answer = row[-1]
    assert {el.tag for el in answer.iterdescendants()} == {"p"}  # nothing but paragraphs
    assert '<script>alert("x")</script> en <img src=x onerror=alert(1)>' in answer.text_content()
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html
    assert 'href="javascript' not in html

    out = tmp_path / "build"
    assert cli(capsys, "build", folder, "-o", out, "--alleen", "docx").code == 0
    docx = out / "x" / "aanmeldformulier-collectief.docx"
    xml_parts_are_well_formed(docx)
    words = docx_text(docx)
    assert '<script>alert("x")</script> en <img src=x onerror=alert(1)>' in words
    assert '<iframe src="file:///etc/passwd"></iframe>' in words

    text = _one_pdf(folder, out, "aanmeldformulier")
    assert '<script>alert("x")</script> en <img src=x onerror=alert(1)>' in text
    assert "<style>body {{ display: none }}</style>" in text  # shown, not applied
    assert "root:" not in text


def test_links_and_images_fetch_and_embed_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], web: str
) -> None:
    secret = tmp_path / "geheim.txt"
    secret.write_text("GEHEIME INHOUD", encoding="utf-8")
    markdown = (
        f"![logo]({web}/logo.png) ![lokaal]({secret.as_uri()}) ![hoger](../../geheim.txt)\n\n"
        f"[web]({web}/pagina) [bestand]({secret.as_uri()}) [hoger](../../geheim.txt) "
        f"<{web}/autolink>\n\n"
        f'<img src="{web}/raw.png"> <link rel="stylesheet" href="{web}/stijl.css">\n'
    )
    folder = _with_markdown(tmp_path, markdown)
    out = tmp_path / "build"
    assert cli(capsys, "build", folder, "-o", out, "--alleen", "docx").code == 0
    text = _one_pdf(folder, out, "aanmeldformulier")

    assert WEB_REQUESTS == []  # nothing was fetched
    docx = out / "x" / "aanmeldformulier-collectief.docx"
    with zipfile.ZipFile(docx) as package:
        assert not [n for n in package.namelist() if n.startswith("word/media")]
        rels = b"".join(package.read(n) for n in package.namelist() if n.endswith(".rels"))
    assert b'TargetMode="External"' not in rels  # no hyperlink or image points anywhere
    reader = PdfReader(out / "x" / "aanmeldformulier-collectief.pdf")
    assert set(reader.attachments) == {"dossier.yaml"}
    uris = []
    for page in reader.pages:
        assert not page.images
        for annot in page.get("/Annots") or []:
            action = annot.get_object().get("/A") or {}
            uris.append(str(action.get("/URI", "")))
    assert all(uri.startswith(web) for uri in uris)  # only the printed web links are clickable
    assert not any(uri.startswith("file:") or "geheim" in uri for uri in uris)
    for document in (text, docx_text(docx)):
        assert "GEHEIME INHOUD" not in document
        assert "logo" in document and "bestand" in document  # the words themselves remain


# ------------------------------------------------------------------ values at the limits


def test_longest_allowed_values_build(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """1 000 characters of name and 20 000 of Markdown: built, and complete in the documents."""
    name = ("Samen op de Rails " * 60)[:999] + "!"
    answer = ("Een lange toelichting met veel woorden. " * 500)[:20_000]
    text = example_text().replace(
        "  naam: Samen op de Rails – onderwijs & zorg op de boerderij", f"  naam: {name}", 1
    ).replace(OPMERKINGEN, f'  opmerkingen: "{answer}"\n', 1)
    folder = new_dossier(tmp_path, text)
    out = tmp_path / "build"
    assert cli(capsys, "build", folder, "-o", out, "--alleen", "docx").code == 0
    docx = out / "x" / "aanmeldformulier-collectief.docx"
    words = docx_text(docx)
    assert normalise(name) in words and normalise(answer) in words
    with zipfile.ZipFile(docx) as package:
        core = etree.fromstring(package.read("docProps/core.xml"))
    title = core.findtext("{http://purl.org/dc/elements/1.1/}title")
    assert title is not None and len(title) == 255 and title.endswith("…")
    assert normalise(answer)[-200:] in _one_pdf(folder, out, "aanmeldformulier")


# ------------------------------------------------------------------ attachments that escape the folder


def _check(capsys: pytest.CaptureFixture[str], folder: Path, out: Path) -> Uitvoer:
    result = cli(capsys, "check", folder, "-o", out)
    assert result.code == 1
    return result


def test_symlinked_attachment_pointing_outside_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    outside = tmp_path / "elders" / "privé.pdf"
    outside.parent.mkdir()
    outside.write_bytes(b"%PDF-1.7\nGEHEIM BUITEN DE MAP\n%%EOF\n")
    folder = new_dossier(tmp_path)
    link = folder / "bijlagen" / "mr-advies-swv.pdf"
    link.unlink()
    link.symlink_to(outside)
    out = tmp_path / "build"

    result = _check(capsys, folder, out)
    assert (
        "De bijlage ‘bijlagen/mr-advies-swv.pdf’ wijst via een snelkoppeling (symlink) naar een "
        "bestand buiten de dossiermap"
    ) in normalise(result.out)

    result = cli(capsys, "build", folder, "-o", out)
    assert result.code == 0  # the documents are fine; the dossier is just not ready
    assert "geen bundel: het dossier is nog niet klaar om te laten tekenen" in result.out
    assert not list(out.rglob("*.zip"))
    for made in (out / "x").rglob("*"):  # the texts read from advices (.gelezen/) included
        assert not made.is_file() or b"GEHEIM BUITEN DE MAP" not in made.read_bytes()
    assert not leftovers(out)


@pytest.mark.parametrize(
    ("make", "probleem"),
    [
        (lambda p: p.symlink_to(p), "kan niet worden gevolgd (snelkoppeling die naar zichzelf wijst?)"),
        (lambda p: p.mkdir(), "is geen bestand"),
    ],
    ids=["symlink-lus", "map"],
)
def test_attachment_that_is_no_file(tmp_path: Path, capsys: pytest.CaptureFixture[str], make, probleem: str) -> None:
    folder = new_dossier(tmp_path)
    target = folder / "bijlagen" / "mr-advies-swv.pdf"
    target.unlink()
    make(target)
    result = _check(capsys, folder, tmp_path / "build")
    assert f"De bijlage ‘bijlagen/mr-advies-swv.pdf’ {probleem}." in normalise(result.out)


def test_attachment_name_too_long_for_the_file_system(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    long_name = "bijlagen/" + "a" * 300 + ".pdf"
    folder = new_dossier(tmp_path, example_text().replace("bijlagen/mr-advies-swv.pdf", long_name))
    result = _check(capsys, folder, tmp_path / "build")
    assert "kan niet worden gelezen" in result.out


# ------------------------------------------------------------------ outputs that cannot be written


def test_output_folder_below_a_regular_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Works as root too (chmod does not stop root): the folder cannot exist at all."""
    blocker = tmp_path / "build"
    blocker.write_text("een bestand, geen map", encoding="utf-8")
    for args in (["--alleen", "docx"], []):
        result = cli(capsys, "build", EXAMPLE, "-o", blocker / "uit", *args)
        assert result.code == 1
        assert "kan hier niet schrijven (een deel van dit pad is een bestand, geen map)" in result.err
    assert blocker.read_text(encoding="utf-8") == "een bestand, geen map"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["build"]


def test_output_file_name_taken_by_a_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "build"
    (out / "voorbeeld" / "projectplan.docx").mkdir(parents=True)
    (out / "voorbeeld" / "projectplan.docx" / "van iemand anders.txt").write_text("blijft", encoding="utf-8")
    result = cli(capsys, "build", EXAMPLE, "-o", out, "--alleen", "docx")
    assert result.code == 1
    assert "projectplan.docx: kan het bestand niet schrijven (er staat een map met deze naam)" in result.err
    assert (out / "voorbeeld" / "projectplan.docx" / "van iemand anders.txt").read_text(encoding="utf-8") == "blijft"
    for name in ("aanvraaggegevens", "samenwerkingsovereenkomst", "aanmeldformulier-collectief"):
        xml_parts_are_well_formed(out / "voorbeeld" / f"{name}.docx")  # the others were made
    assert not leftovers(out)


@pytest.mark.skipif(os.geteuid() == 0, reason="als root schrijft het proces toch in een alleen-lezen map; "
                    "test_output_folder_below_a_regular_file dekt daar de onbeschrijfbare uitvoermap")
def test_read_only_output_folder_keeps_earlier_outputs(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "build"
    assert cli(capsys, "build", EXAMPLE, "-o", out, "--alleen", "docx").code == 0
    before = snapshot(out / "voorbeeld")
    (out / "voorbeeld").chmod(0o555)
    try:
        result = cli(capsys, "build", EXAMPLE, "-o", out, "--alleen", "docx", "--force")
    finally:
        (out / "voorbeeld").chmod(0o755)
    assert result.code == 1
    assert "kan hier niet schrijven (geen schrijfrechten)" in result.err
    assert snapshot(out / "voorbeeld") == before
    assert not leftovers(out)


# ------------------------------------------------------------------ template errors and hostile templates


@pytest.fixture
def built_once(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> tuple[Path, Path, dict[str, bytes]]:
    """A dossier folder whose projectplan DOCX and PDF were built successfully once."""
    folder = new_dossier(tmp_path)
    out = tmp_path / "build"
    result = render_folder(folder, output_root=out, only=["projectplan"])
    assert result.ok, result.errors
    return folder, out, snapshot(out / "x")


def _projectplan(outputs: Path | dict[str, bytes]) -> dict[str, bytes]:
    """The projectplan's DOCX and PDF (of a build folder or a snapshot)."""
    files = outputs if isinstance(outputs, dict) else snapshot(outputs / "x")
    return {name: files[name] for name in ("projectplan.docx", "projectplan.pdf")}


def _override(folder: Path, name: str, content: str | bytes) -> None:
    target = folder / "templates" / "projectplan" / name
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))


def test_broken_templates_leave_earlier_outputs_intact(
    built_once: tuple[Path, Path, dict[str, bytes]], capsys: pytest.CaptureFixture[str]
) -> None:
    folder, out, before = built_once
    word_override(folder, "projectplan", add=["Begin", "{{ arrangement.bestaat_niet }}"])
    result = cli(capsys, "build", folder, "-o", out, "--geen-controle", "--force")
    assert result.code == 1
    assert ("templates/projectplan/projectplan.docx: onbekend veld ‘bestaat_niet’ "
            "(alinea ‘{{ arrangement.bestaat_niet }}’)") in result.err
    assert _projectplan(out) == _projectplan(before)  # neither the DOCX nor the PDF was touched

    _override(folder, "projectplan.docx", b"PK\x03\x04 half geschreven Word-bestand")
    result = cli(capsys, "build", folder, "-o", out, "--geen-controle", "--force")
    assert result.code == 1
    assert "templates/projectplan/projectplan.docx: is geen geldig Word-bestand" in result.err
    assert _projectplan(out) == _projectplan(before)

    # a stylesheet that cannot be read stops the PDFs only: the DOCX does not use it
    (folder / "templates" / "projectplan" / "projectplan.docx").unlink()
    (folder / "templates" / "stijl.css").write_bytes(b"\xff\xfe niet in UTF-8")
    (out / "x" / "projectplan.docx").unlink()
    result = cli(capsys, "build", folder, "-o", out, "--geen-controle", "--force")
    assert result.code == 1
    assert "projectplan.pdf: " in result.err and "templates/stijl.css: kan het opmaakbestand niet lezen" in result.err
    assert "projectplan.docx:" not in result.err
    after = _projectplan(out)  # the PDF kept; the DOCX made again (its version follows the styles too)
    assert after["projectplan.pdf"] == before["projectplan.pdf"] and after["projectplan.docx"]
    assert not leftovers(out, folder)


INVOEGEN = "Word-sjablonen kunnen geen andere sjablonen invoegen (include/import/extends)"


@pytest.mark.parametrize(
    ("body", "melding"),
    [
        ("{{ arrangement.__class__.__mro__ }}", "niet toegestaan in een template: ‘__class__’"),
        ("{{ ''.__class__.__subclasses__() }}", "niet toegestaan in een template: ‘__class__’"),
        ("{{ arrangement.naam.format.__globals__ }}", "niet toegestaan in een template: ‘__globals__’"),
        ("{% include '../../../../../../etc/passwd' %}", INVOEGEN),
        ("{% include '/etc/passwd' %}", INVOEGEN),
        ("{% import '/etc/passwd' as x %}", INVOEGEN),
        ("{% extends '/etc/passwd' %}", INVOEGEN),
    ],
    ids=["mro", "subclasses", "globals", "include-omhoog", "include-absoluut", "import", "extends"],
)
def test_template_cannot_reach_python_or_files(
    built_once: tuple[Path, Path, dict[str, bytes]], capsys: pytest.CaptureFixture[str], body: str, melding: str
) -> None:
    """The Word template is what a dossier folder may bring along; its Jinja is sandboxed."""
    folder, out, before = built_once
    word_override(folder, "projectplan", add=["Versie: " + body])
    result = cli(capsys, "build", folder, "-o", out, "--alleen", "pdf", "--force")
    assert result.code == 1
    assert f"templates/projectplan/projectplan.docx: {melding}" in result.err
    assert "root:" not in result.err and "object at 0x" not in result.err
    assert _projectplan(out) == _projectplan(before)
    assert not leftovers(out)


def test_word_template_cannot_reach_python(
    built_once: tuple[Path, Path, dict[str, bytes]], capsys: pytest.CaptureFixture[str]
) -> None:
    folder, out, before = built_once
    shipped = EXAMPLE.parent.parent / "templates" / "projectplan" / "projectplan.docx"
    buffer = io.BytesIO()
    with zipfile.ZipFile(shipped) as source, zipfile.ZipFile(buffer, "w") as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "word/document.xml":
                assert b"{{ arrangement.naam }}" in data
                data = data.replace(b"{{ arrangement.naam }}", b"{{ arrangement.__class__.__init__.__globals__ }}")
            target.writestr(item, data)
    _override(folder, "projectplan.docx", buffer.getvalue())
    result = cli(capsys, "build", folder, "-o", out, "--alleen", "docx", "--force")
    assert result.code == 1
    assert "projectplan.docx: niet toegestaan in een template: ‘__" in result.err
    assert "(templates mogen alleen antwoorden lezen)" in result.err
    assert snapshot(out / "x")["projectplan.docx"] == before["projectplan.docx"]
    assert not leftovers(out)


def test_stylesheet_cannot_fetch(
    built_once: tuple[Path, Path, dict[str, bytes]], capsys: pytest.CaptureFixture[str], web: str
) -> None:
    """A dossier's own stijl.css may load files from the template and dossier folders only.

    What it may load shows in the PDF (its own imported rule, its own picture), so what it
    may not load would show too if the fence let it through."""
    folder, out, _ = built_once
    outside = folder.parent.parent
    (outside / "geheim.css").write_text('h1::before { content: "GEHEIME INHOUD " }', encoding="utf-8")
    Image.new("RGB", (7, 5), (200, 30, 30)).save(outside / "buiten.png")
    (folder / "eigen.css").write_text('h1::after { content: " EIGEN OPMAAK" }', encoding="utf-8")
    Image.new("RGB", (2, 3), (30, 30, 200)).save(folder / "binnen.png")
    shipped = (ROOT / "templates" / "stijl.css").read_text(encoding="utf-8")
    (folder / "templates").mkdir(exist_ok=True)
    (folder / "templates" / "stijl.css").write_text(
        f'@import url("{(folder / "eigen.css").as_uri()}");\n'
        f'@import url("{(outside / "geheim.css").as_uri()}");\n'
        f'@import url("{web}/stijl.css");\n'
        + shipped
        + f'\n@font-face {{ font-family: Web; src: url("{web}/letter.ttf"); }}\n'
        f'h2 {{ font-family: Web, Carlito; background-image: url("{(outside / "buiten.png").as_uri()}"); }}\n'
        f'h3 {{ background-image: url("{web}/logo.png"); }}\n'
        f'body {{ background: url("{(folder / "binnen.png").as_uri()}") no-repeat; }}\n',
        encoding="utf-8",
    )
    result = cli(capsys, "build", folder, "-o", out, "--alleen", "pdf", "--force")
    assert result.code == 0, result.err
    pdf = out / "x" / "projectplan.pdf"
    text = pdf_text(pdf)
    assert "EIGEN OPMAAK" in text  # the dossier's stylesheet was used, its import from the dossier too
    assert "GEHEIME INHOUD" not in text
    assert WEB_REQUESTS == []
    assert set(pdf_image_sizes(pdf)) == {(2, 3)}  # the dossier's picture, not the one outside
    assert set(PdfReader(pdf).attachments) == {"dossier.yaml"}
