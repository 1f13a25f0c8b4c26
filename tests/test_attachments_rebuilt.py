"""Nothing active reaches DUO (issue 25): attachment 4 is rebuilt from the advices' visible pages, and
every limit answers in Dutch, quickly, without reading the whole thing into memory.

The hostile advices are made here (``tests.hostile.pdfs``): the example's own advice with a page
script, a Launch link to cmd.exe, a tracking link, a link into another file, a form field with a
script, an attached file holding a BSN, an open action, a script and a file in the name tree, a
script hidden in the resources, foreign XMP and Info; and the same file with a broken xref, encrypted
(owner password only), in object streams, and with an incremental update that hides a page.
"""

from __future__ import annotations

import io
import resource
import time
import tracemalloc
import warnings
import zipfile
from collections.abc import Callable
from pathlib import Path

import pikepdf
import pytest
from pypdf import PdfReader

from pipeline.bundle.rebuild import MAX_PAGES, rebuilt_attachment
from pipeline.check.attachments import content_problem
from pipeline.cli import run
from tests.conftest import EXAMPLE
from tests.hostile.pdfs import (
    ACTIVE_KEYS,
    ACTIVE_NAMES,
    SECRETS,
    VISIBLE,
    broken_xref,
    hiding_update,
    hostile,
    huge_image_pdf,
    huge_png,
    inflating,
    many_pages,
    saved,
)

ADVICE = "bijlagen/mr-advies-swv.pdf"  # the samenwerkingsverband's advice in the example
ZIP_NAME = "4-adviezen-medezeggenschapsraad.pdf"
BUILT_NAME = "bijlage-4-adviezen-medezeggenschapsraad.pdf"


def _advice() -> bytes:
    return (EXAMPLE / ADVICE).read_bytes()


def _walk(data: bytes) -> list[str]:
    """Every active part still in ``data``: keys, names and secrets in any object (and what is written
    inside it) or unpacked stream."""
    found: list[str] = []

    def visit(obj: object, depth: int = 0) -> None:
        if depth > 64:
            return
        if isinstance(obj, pikepdf.Array):
            for item in obj:
                if isinstance(item, pikepdf.Object) and not item.is_indirect:
                    visit(item, depth + 1)
        elif isinstance(obj, pikepdf.Dictionary | pikepdf.Stream):
            for key, value in obj.items():
                if key in ACTIVE_KEYS:
                    found.append(f"sleutel {key}")
                if isinstance(value, pikepdf.Name) and str(value) in ACTIVE_NAMES:
                    found.append(f"naam {value}")
                if isinstance(value, pikepdf.String) and any(s in bytes(value) for s in SECRETS):
                    found.append(f"geheim in {key}")
                if isinstance(value, pikepdf.Object) and not value.is_indirect:
                    visit(value, depth + 1)
            if isinstance(obj, pikepdf.Stream):
                body = obj.read_bytes()
                found.extend(f"geheim {s!r} in een stroom" for s in SECRETS if s in body)

    with pikepdf.open(io.BytesIO(data)) as pdf:
        if pdf.is_encrypted:
            found.append("versleuteld")
        for obj in pdf.objects:
            visit(obj)
        visit(pdf.trailer)
        info = pdf.trailer.get("/Info")
        if isinstance(info, pikepdf.Dictionary) and "/Author" in info:
            found.append("Info van de bron")
    return found


def _texts(data: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(data)).pages]


def _assert_rebuilt(data: bytes, *, pages: int) -> None:
    assert _walk(data) == []
    texts = _texts(data)
    assert len(texts) == pages
    assert PdfReader(io.BytesIO(_advice())).pages[0].extract_text() in texts[-2]  # the advice's own page
    assert VISIBLE[0] in texts[-1] and VISIBLE[1] in texts[-1]  # the added page, the field as it was seen
    assert not any("Verborgen" in t for t in texts)


def test_the_hostile_advice_is_what_the_issue_found() -> None:
    """The corpus holds every active part, so the assertions below mean something."""
    data = saved(hostile(_advice()))
    assert content_problem(data) is None
    found = " ".join(_walk(data))
    for part in ("/AA", "/OpenAction", "/Launch", "/URI", "/GoToR", "/FileAttachment", "/EmbeddedFile",
                 "/AcroForm", "/Widget", "111222333", "Info van de bron"):
        assert part in found


VARIANTS: dict[str, Callable[[], bytes]] = {
    "zoals gemaakt": lambda: saved(hostile(_advice())),
    "kapotte xref": lambda: broken_xref(saved(hostile(_advice()), object_stream_mode=pikepdf.ObjectStreamMode.disable)),
    "versleuteld, alleen eigenaarswachtwoord": lambda: saved(
        hostile(_advice()), encryption=pikepdf.Encryption(owner="geheim", user="", R=6)),
    "objectstromen": lambda: saved(hostile(_advice()), object_stream_mode=pikepdf.ObjectStreamMode.generate),
    "incrementele update verbergt een pagina": lambda: hiding_update(hostile(_advice(), hidden_page=True)),
}


@pytest.mark.parametrize("variant", VARIANTS)
def test_each_hostile_advice_is_rebuilt_with_its_visible_pages_only(variant: str) -> None:
    data = VARIANTS[variant]()
    assert content_problem(data) is None  # the check lets it in: what it carries is dropped, not refused
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # nothing printed on the way
        rebuilt = rebuilt_attachment([("bijlagen/eerste.pdf", _advice()), (ADVICE, data)], "Bijlage 4: test")
    _assert_rebuilt(rebuilt, pages=3)
    with pikepdf.open(io.BytesIO(rebuilt)) as pdf:
        assert str(pdf.docinfo["/Title"]) == "Bijlage 4: test" and str(pdf.Root.Lang) == "nl"
        assert b"pdfaid:part>3<" not in pdf.Root.Metadata.read_bytes()  # Helvetica is not embedded: no PDF/A claim
    assert rebuilt == rebuilt_attachment([("bijlagen/eerste.pdf", _advice()), (ADVICE, data)], "Bijlage 4: test")


def test_the_example_advices_are_rebuilt_as_pdfa() -> None:
    """Pages with embedded fonts and RGB colour get the PDF/A-3b identification, an sRGB output intent."""
    rebuilt = rebuilt_attachment([(ADVICE, _advice())], "Bijlage 4: test")
    with pikepdf.open(io.BytesIO(rebuilt)) as pdf:
        xmp = pdf.Root.Metadata.read_bytes()
        assert b"<pdfaid:part>3</pdfaid:part><pdfaid:conformance>B</pdfaid:conformance>" in xmp
        assert b"Bijlage 4: test" in xmp
        assert pdf.Root.OutputIntents[0].S == pikepdf.Name.GTS_PDFA1
    assert _walk(rebuilt) == []


def test_a_password_to_open_it_is_refused() -> None:
    data = saved(hostile(_advice()), encryption=pikepdf.Encryption(owner="geheim", user="open", R=6))
    assert content_problem(data) == "is beveiligd met een wachtwoord: sla de PDF op zonder beveiliging"


LIMITS: dict[str, tuple[Callable[[], bytes], str]] = {
    "50.000 pagina's": (many_pages, f"heeft meer dan {MAX_PAGES} pagina's"),
    "1 MB die uitpakt tot 1 GB": (inflating, "pakt uit tot meer dan 150 MB"),
    "afbeelding van 144 megapixel in een PDF": (huge_image_pdf, "bevat een afbeelding van 12000 × 12000 pixels"),
    "PNG van 144 megapixel": (huge_png, "is een afbeelding van 12000 × 12000 pixels (144 megapixel"),
}


@pytest.mark.parametrize("limit", LIMITS)
def test_each_limit_answers_in_dutch_within_a_second_and_bounded_memory(
        limit: str, capfd: pytest.CaptureFixture[str]) -> None:
    make, message = LIMITS[limit]
    data = make()
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        start = time.process_time()  # this process's CPU: what the file costs, not how busy the machine is
        problem = content_problem(data)
        seconds = time.process_time() - start
    grown = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) * 1024  # kilobytes on Linux
    assert problem is not None and problem.startswith(message)
    assert seconds < 2, f"{limit}: {seconds:.2f} s CPU"  # ~1 s on a laptop: a functional bound, not a benchmark
    assert grown < 150_000_000, f"{limit}: {grown // 1_000_000} MB"
    assert not caught and capfd.readouterr().err == ""  # no DecompressionBombWarning, no qpdf note
    tracemalloc.start()
    try:
        content_problem(data)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 50_000_000, f"{limit}: {peak // 1_000_000} MB in Python"
    with pytest.raises(Exception, match=message.split(" (")[0]):  # the bundle checks again what it zips
        rebuilt_attachment([("bijlagen/x", data)], "Bijlage 4")


def test_a_limit_is_a_finding_and_keeps_the_dossier_from_being_ready(
        capsys: pytest.CaptureFixture[str], signed_example: Path, tmp_path: Path) -> None:
    (signed_example / ADVICE).write_bytes(huge_png())
    run(["build", str(signed_example), "-o", str(tmp_path)])
    code = run(["check", str(signed_example), "-o", str(tmp_path)])
    output = capsys.readouterr()
    assert code == 1  # niet klaar
    assert f"de bijlage ‘{ADVICE}’ is een afbeelding van 12000 × 12000 pixels" in output.out + output.err
    assert "DecompressionBomb" not in output.out + output.err and "Traceback" not in output.err
    out = tmp_path / "voorbeeld"
    assert not list(out.glob("*-aanvraag.zip")) and not (out / BUILT_NAME).exists()


def test_duo_gets_the_rebuilt_advice_and_build_shows_the_same_bytes(signed_example: Path, tmp_path: Path) -> None:
    (signed_example / ADVICE).write_bytes(saved(hostile(_advice())))
    assert run(["-q", "build", str(signed_example), "-o", str(tmp_path)]) == 0
    out = tmp_path / "voorbeeld"
    with zipfile.ZipFile(out / "voorbeeld-aanvraag.zip") as archive:
        zipped = archive.read(ZIP_NAME)
    assert zipped == (out / BUILT_NAME).read_bytes()
    _assert_rebuilt(zipped, pages=len(_texts(zipped)))
    assert len(_texts(zipped)) >= 3  # the other advices, then the hostile one's two pages
    assert run(["-q", "build", str(signed_example), "-o", str(tmp_path / "again")]) == 0
    assert (tmp_path / "again" / "voorbeeld" / BUILT_NAME).read_bytes() == zipped  # the same inputs, the same bytes


def test_attachment_4_is_in_build_before_signing_and_withdrawn_when_it_no_longer_holds(
        example_copy: Path, tmp_path: Path) -> None:
    assert run(["-q", "build", str(example_copy), "-o", str(tmp_path)]) == 0
    assert run(["-q", "check", str(example_copy), "-o", str(tmp_path)]) == 3  # klaar om te laten tekenen
    out = tmp_path / "voorbeeld"
    assert not list(out.glob("*-aanvraag.zip"))
    assert len(_texts((out / BUILT_NAME).read_bytes())) >= 2
    (example_copy / ADVICE).write_bytes(b"")  # the advice is no longer in order
    run(["-q", "build", str(example_copy), "-o", str(tmp_path)])
    assert run(["-q", "check", str(example_copy), "-o", str(tmp_path)]) == 1
    assert not (out / BUILT_NAME).exists()


def test_a_huge_template_image_is_named_not_decoded(capsys: pytest.CaptureFixture[str], example_copy: Path,
                                                     tmp_path: Path) -> None:
    """A 144-megapixel logo of 32 KB in a stylesheet: a Dutch message naming it, no gigabyte, no warning."""
    own = example_copy / "templates"
    (own / "beeld").mkdir(parents=True)
    (own / "beeld" / "logo.png").write_bytes(huge_png())
    css = (EXAMPLE.parent.parent / "templates" / "stijl.css").read_text(encoding="utf-8")
    logo = (own / "beeld" / "logo.png").resolve().as_uri()  # relative URLs resolve in the shipped templates/
    (own / "stijl.css").write_text(css + f"\nbody::before {{ content: url({logo}); }}\n", encoding="utf-8")
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        code = run(["build", str(example_copy), "-o", str(tmp_path), "--alleen", "pdf"])
    output = capsys.readouterr()
    grown = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) * 1024
    assert code != 0
    said = output.out + output.err
    assert "logo.png is een afbeelding van 12000 × 12000 pixels (144 megapixel, hoogstens 40)" in said
    assert "DecompressionBomb" not in output.out + output.err and "Traceback" not in output.err
    assert not [w for w in caught if "DecompressionBomb" in str(w.category)]
    assert grown < 500_000_000, f"{grown // 1_000_000} MB"


def test_a_huge_image_inside_a_word_template_is_named_not_decoded(tmp_path: Path) -> None:
    """A Word template's pictures reach the PDF as data: URLs: measured the same way."""
    import base64

    from pipeline.exceptions import TemplateProblem
    from pipeline.render.pdf import PdfOptions, render_pdf

    image = base64.b64encode(huge_png()).decode("ascii")
    html = f'<!DOCTYPE html><html><body><p>Tekst</p><img src="data:image/png;base64,{image}"></body></html>'
    options = PdfOptions(base_url=tmp_path / "x.html", allowed_roots=(tmp_path,), title="t", author="a",
                         subject="s", keywords=())
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        start = time.perf_counter()
        with pytest.raises(TemplateProblem, match="een afbeelding in het sjabloon heeft 12000 × 12000 pixels"):
            render_pdf(html, options)
    assert time.perf_counter() - start < 10  # decoding it took 15 s and a gigabyte
    assert not [w for w in caught if "DecompressionBomb" in str(w.category)]
