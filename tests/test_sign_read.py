"""Reading signed copies (``pipeline.sign.read``) of the example's samenwerkingsovereenkomst: signed
digitally by one or more parties, altered after signing, scanned on paper, damaged, locked, too large.

The PDF is rendered once per module (≈1,5 s); the signatures and scans are made from it here
(``tests/signing.py``): generated keys and self-signed certificates, nothing on disk.
"""

from __future__ import annotations

import io
import socket
import zlib
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pypdfium2 as pdfium
import pytest
import zxingcpp

from pipeline.documents import BY_ID
from pipeline.read.validate import load_dossier
from pipeline.render.documents import document_pdf_options
from pipeline.render.html import render_html
from pipeline.render.pdf import render_pdf
from pipeline.sign import read
from pipeline.sign.read import Gelezen, Handtekening, lees, lees_bewaard
from tests.conftest import EXAMPLE
from tests.signing import certificate_der, scan, sign, signer

DOC = "samenwerkingsovereenkomst"


@pytest.fixture(scope="module")
def pdf() -> bytes:
    loaded = load_dossier(EXAMPLE)
    return render_pdf(render_html(loaded, DOC), document_pdf_options(loaded, BY_ID[DOC]))


@pytest.fixture(scope="module")
def ours(pdf: bytes) -> Gelezen:
    """The unsigned PDF as read: what every copy of it should say page by page."""
    return lees(pdf)


def _has_qr(pdf: bytes) -> bool:
    document = pdfium.PdfDocument(pdf)
    try:
        image = document[0].render(scale=150 / 72, grayscale=True).to_pil()
    finally:
        document.close()
    return bool(zxingcpp.read_barcodes(image, formats=zxingcpp.BarcodeFormat.QRCode))


@pytest.fixture(scope="module")
def with_qr(pdf: bytes) -> None:
    """Scans are read from the QR code on each page; without one (a render from before the code
    was added to the footer) there is nothing to read, so those tests say so and skip."""
    if not _has_qr(pdf):
        pytest.skip("de PDF van de samenwerkingsovereenkomst heeft nog geen QR-code op de pagina's: "
                    "een scan is dan niet te lezen")


# ------------------------------------------------------------------ our own PDF, signed digitally


def test_every_page_of_our_pdf_says_its_version_and_number(ours: Gelezen) -> None:
    assert ours.probleem is None and not ours.gescand and ours.handtekeningen == ()
    assert len(ours.paginas) >= 2
    assert all(code is not None for code in ours.paginas)
    assert [c.pagina for c in ours.paginas if c] == list(range(1, len(ours.paginas) + 1))
    assert {(c.versie, c.aantal) for c in ours.paginas if c} == {(ours.paginas[0].versie, len(ours.paginas))}


def test_the_qr_code_names_the_document_on_a_text_page(pdf: bytes, ours: Gelezen, with_qr: None) -> None:
    assert {c.document for c in ours.paginas if c} == {DOC}


def test_one_signer(pdf: bytes, ours: Gelezen) -> None:
    before = datetime.now(UTC) - timedelta(minutes=1)
    got = lees(sign(pdf, signer("Jan de Vries", "Stichting De Brug")))
    assert got.probleem is None
    assert got.paginas == ours.paginas  # the signature changes no page
    (h,) = got.handtekeningen
    assert (h.naam, h.organisatie, h.intact, h.dekt_document, h.vertrouwd) == (
        "Jan de Vries", "Stichting De Brug", True, True, False)  # self-signed: reported, not trusted
    assert h.getekend_op is not None and before <= h.getekend_op <= datetime.now(UTC) + timedelta(minutes=1)


def test_signers_in_turn_each_cover_the_document(pdf: bytes, ours: Gelezen) -> None:
    who = [signer("Jan de Vries", "Stichting De Brug"), signer("Fatima El Amrani", "SWV Achterhoek Oost"),
           signer("Kees Jansen")]
    got = lees(sign(pdf, *who))
    assert got.paginas == ours.paginas
    assert [(h.naam, h.organisatie) for h in got.handtekeningen] == [
        ("Jan de Vries", "Stichting De Brug"), ("Fatima El Amrani", "SWV Achterhoek Oost"), ("Kees Jansen", None)]
    assert all(h.intact and h.dekt_document for h in got.handtekeningen)  # the later ones only added signatures


def test_trust_is_only_what_the_caller_names(pdf: bytes) -> None:
    trusted, other = signer("Jan de Vries", "Stichting De Brug"), signer("Kees Jansen")
    got = lees(sign(pdf, trusted, other), trust_roots=[certificate_der(trusted)])
    assert [h.vertrouwd for h in got.handtekeningen] == [True, False]


def test_a_byte_changed_inside_the_signed_range_breaks_the_signature(pdf: bytes) -> None:
    signed = sign(pdf, signer("Jan de Vries", "Stichting De Brug"))
    start = signed.index(b"%", 1)  # the binary comment on the second line: the file still parses
    tampered = signed[:start + 1] + bytes([signed[start + 1] ^ 0x01]) + signed[start + 2:]
    (h,) = lees(tampered).handtekeningen
    assert not h.intact


def test_page_content_added_after_signing_is_not_covered(pdf: bytes, ours: Gelezen) -> None:
    """Integrity holds (the signed bytes are there), but a later revision draws on page 1."""
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

    who = [signer("Jan de Vries", "Stichting De Brug"), signer("Fatima El Amrani", "SWV Achterhoek Oost")]
    signed = sign(pdf, who[0])
    writer = IncrementalPdfFileWriter(io.BytesIO(signed), strict=False)
    drawing = writer.add_object(generic.StreamObject(stream_data=b"q 1 0 0 rg 72 400 300 40 re f Q"))
    writer.add_stream_to_page(0, drawing)
    out = io.BytesIO()
    writer.write(out)
    got = lees(sign(out.getvalue(), who[1]))  # the second signer signs the changed text: that one covers it
    assert got.paginas == ours.paginas
    first, second = got.handtekeningen
    assert first.intact and not first.dekt_document
    assert second.intact and second.dekt_document


def test_no_network_and_a_quiet_terminal(pdf: bytes, monkeypatch: pytest.MonkeyPatch,
                                         capfd: pytest.CaptureFixture[str]) -> None:
    """A self-signed certificate makes pyHanko log a traceback; none of it reaches the user, and
    nothing is fetched (no CRL, OCSP or issuer certificate)."""
    signed = sign(pdf, signer("Jan de Vries", "Stichting De Brug"))
    capfd.readouterr()
    tried: list[object] = []

    def refuse(*args: object, **kwargs: object) -> None:
        tried.append(args)
        raise OSError("geen netwerk in deze test")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    assert lees(signed).handtekeningen[0].intact
    assert tried == []
    assert capfd.readouterr() == ("", "")


# ------------------------------------------------------------------ scans


@pytest.fixture(scope="module")
def scanned(pdf: bytes) -> bytes:
    return scan(pdf)


def test_a_scan_is_read_from_its_qr_codes(scanned: bytes, ours: Gelezen, with_qr: None) -> None:
    got = lees(scanned)
    assert got.probleem is None and got.gescand and got.handtekeningen == ()
    assert got.paginas == ours.paginas  # the same codes as the text, and the document named


def test_a_scan_with_a_page_missing_and_two_swapped(pdf: bytes, ours: Gelezen, with_qr: None) -> None:
    """The reader reports each page as it finds it; the check judges the sequence."""
    count = len(ours.paginas)
    order = [0, 2, 1, *range(4, count)]  # page 4 left out, pages 2 and 3 swapped
    got = lees(scan(pdf, pages=order, rotate=-1.2))
    assert [c.pagina if c else None for c in got.paginas] == [i + 1 for i in order]
    assert {c.aantal for c in got.paginas if c} == {count}


def test_a_scan_without_our_codes_reads_no_page(pdf: bytes) -> None:
    blank = pdfium.PdfDocument.new()
    blank.new_page(595, 842)
    out = io.BytesIO()
    blank.save(out)
    got = lees(scan(out.getvalue(), noise=False))
    assert got.probleem is None and got.paginas == (None,) and got.gescand


# ------------------------------------------------------------------ files that cannot be read


@pytest.mark.parametrize(("data", "said"), [
    (b"", "het bestand is leeg"),
    (b"Beste DUO,\nhierbij de overeenkomst.\n", "het bestand is geen PDF"),
    (b"%PDF-1.7\n" + b"\x00\xff" * 500, "het PDF-bestand is beschadigd: het is niet te openen"),
])
def test_not_a_readable_pdf(data: bytes, said: str) -> None:
    assert lees(data) == Gelezen((), (), False, said)


def test_a_truncated_signed_pdf(pdf: bytes) -> None:
    signed = sign(pdf, signer("Jan de Vries", "Stichting De Brug"))
    got = lees(signed[: len(signed) // 2])
    assert got.paginas == () and got.probleem is not None and "beschadigd" in got.probleem


def _with_signature_value(signed: bytes, change: Callable[[bytes], bytes]) -> bytes:
    """``signed`` with its last signature's CMS container rewritten in place: the signature value changed."""
    from asn1crypto import cms

    start = signed.rindex(b"/Contents <") + len(b"/Contents <")
    end = signed.index(b">", start)
    info = cms.ContentInfo.load(bytes.fromhex(signed[start:end].decode()).rstrip(b"\0"))
    signer_info = info["content"]["signer_infos"][0]
    signer_info["signature"] = change(signer_info["signature"].native)
    hexed = info.dump(force=True).hex().encode()
    return signed[:start] + hexed.ljust(end - start, b"0") + signed[end:]


def test_a_forged_signature_value_is_not_intact(pdf: bytes) -> None:
    """The signed bytes match their digest, but the signature over that digest is not the signer's."""
    signed = sign(pdf, signer("Jan de Vries", "Stichting De Brug"), signer("Kees Jansen"))
    got = lees(_with_signature_value(signed, lambda value: value[:-1] + bytes([value[-1] ^ 0x01])))
    assert got.probleem is None
    assert [h.intact for h in got.handtekeningen] == [True, False]


def test_a_signature_container_that_is_garbage(pdf: bytes) -> None:
    signed = sign(pdf, signer("Jan de Vries", "Stichting De Brug"))
    start = signed.rindex(b"/Contents <") + len(b"/Contents <")
    got = lees(signed[:start] + b"0" * 64 + signed[start + 64:])
    assert got == Gelezen((), (), False, "de digitale handtekeningen zijn niet te lezen: het bestand is beschadigd")


def test_an_encrypted_pdf(pdf: bytes) -> None:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf)))
    writer.encrypt(user_password="geheim", owner_password="nog geheimer", algorithm="AES-256")
    out = io.BytesIO()
    writer.write(out)
    assert lees(out.getvalue()).probleem == ("het PDF-bestand is beveiligd met een wachtwoord: sla het op zonder "
                                             "wachtwoord")


def test_a_pdf_locked_only_against_editing_is_read(pdf: bytes, ours: Gelezen) -> None:
    """An owner password without a user password opens without asking: the pages are read."""
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf)))
    writer.encrypt(user_password="", owner_password="nog geheimer", algorithm="AES-256")
    out = io.BytesIO()
    writer.write(out)
    got = lees(out.getvalue())
    assert got.probleem is None and got.paginas == ours.paginas


def test_a_file_too_large_is_refused_at_once(pdf: bytes) -> None:
    got = lees(pdf + b"\n%" + b"x" * read.MAX_BYTES)
    assert got.paginas == () and got.probleem is not None
    assert got.probleem == "het bestand is te groot (50,1 MB; hoogstens 50 MB)"


def test_too_many_pages() -> None:
    document = pdfium.PdfDocument.new()
    for _ in range(read.MAX_PAGES + 1):
        document.new_page(595, 842)
    out = io.BytesIO()
    document.save(out)
    assert lees(out.getvalue()).probleem == (
        f"het bestand heeft {read.MAX_PAGES + 1} pagina's; een getekende kopie heeft er hoogstens {read.MAX_PAGES}")


def test_too_many_revisions(pdf: bytes, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(read, "MAX_REVISIONS", 2)
    signed = sign(pdf, signer("Jan de Vries", "Stichting De Brug"), signer("Kees Jansen"))  # 3 revisions
    assert lees(signed).probleem == "het bestand is 3 keer bijgewerkt; een getekende kopie hoogstens 2 keer"


def test_an_image_too_large_to_decode_is_never_decoded() -> None:
    """8 000 × 8 000 grey pixels (64 MB decoded) in 60 kB: refused from its size, before rendering."""
    side = 8_000
    pixels = zlib.compress(bytes(side * side), 9)
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>",
               b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /XObject << /Im 4 0 R >> >> "
               b"/Contents 5 0 R >>",
               b"<< /Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace /DeviceGray "
               b"/BitsPerComponent 8 /Filter /FlateDecode /Length %d >>\nstream\n" % (side, side, len(pixels))
               + pixels + b"\nendstream",
               b"<< /Length 35 >>\nstream\nq 595 0 0 842 0 0 cm /Im Do Q     \nendstream"]
    body, offsets = b"%PDF-1.7\n", []
    for number, obj in enumerate(objects, start=1):
        offsets.append(len(body))
        body += b"%d 0 obj\n" % number + obj + b"\nendobj\n"
    size = len(objects) + 1
    xref = b"xref\n0 %d\n0000000000 65535 f \n" % size + b"".join(b"%010d 00000 n \n" % o for o in offsets)
    data = body + xref + b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (size, len(body))
    assert lees(data).probleem == ("pagina 1 is een afbeelding van 64 megapixel, te groot om te lezen: "
                                   "scan met 150 tot 300 dpi")


def test_scans_too_large_together_are_refused_before_decoding(scanned: bytes,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(read, "MAX_SCAN_PIXELS", 5_000_000)  # the 5 pages at 150 dpi are ≈11 megapixels
    monkeypatch.setattr(read, "_qr", lambda *args, **kwargs: pytest.fail("rasterised before counting"))
    assert lees(scanned).probleem == ("de scans zijn samen te groot om te lezen (meer dan 5 megapixel): scan met "
                                      "150 tot 300 dpi")


# ------------------------------------------------------------------ the cache


def test_a_cached_reading_is_the_same_and_reads_nothing(pdf: bytes, tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    signed = sign(pdf, signer("Jan de Vries", "Stichting De Brug"), signer("Kees Jansen"))
    first = lees_bewaard(signed, tmp_path)
    assert first.handtekeningen and first.paginas

    def no_second_reading(data: bytes, **kwargs: object) -> Gelezen:
        raise AssertionError("read again instead of from the cache")

    monkeypatch.setattr(read, "lees", no_second_reading)
    assert lees_bewaard(signed, tmp_path) == first


def test_the_same_copy_in_another_output_folder_is_read_once_per_process_and_gets_its_entry(
        pdf: bytes, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A watch session or a batch meets the same signed bytes in another output folder: no second validation,
    and that folder's cache holds the reading as if it had been read there."""
    signed = sign(pdf, signer("Jan de Vries", "Stichting De Brug"))
    first = lees_bewaard(signed, tmp_path / "a")

    def no_second_reading(data: bytes, **kwargs: object) -> Gelezen:
        raise AssertionError("validated again in the same process")

    monkeypatch.setattr(read, "lees", no_second_reading)
    assert lees_bewaard(signed, tmp_path / "b") == first
    assert [p.name for p in (tmp_path / "b").glob("*.json")] == [p.name for p in (tmp_path / "a").glob("*.json")]


def test_a_damaged_or_stale_cache_entry_is_read_again(pdf: bytes, tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    first = lees_bewaard(pdf, tmp_path)
    (entry,) = tmp_path.glob("*.json")
    entry.write_text('{"lezer": "', encoding="utf-8")
    assert lees_bewaard(pdf, tmp_path) == first
    monkeypatch.setattr(read, "LEZER", read.LEZER + 1)  # a newer reader: the old reading is not trusted
    monkeypatch.setattr(read, "lees", lambda data, **kwargs: Gelezen((), (), False, "opnieuw gelezen"))
    assert lees_bewaard(pdf, tmp_path).probleem == "opnieuw gelezen"


def test_a_cache_that_cannot_be_written_only_costs_time(pdf: bytes, tmp_path: Path) -> None:
    blocked = tmp_path / "bestand"
    blocked.write_text("geen map", encoding="utf-8")
    assert lees_bewaard(pdf, blocked / "cache") == lees(pdf)


def test_json_round_trip() -> None:
    from pipeline.sign.code import PageCode

    gelezen = Gelezen((PageCode("K7F3-9QX2", 1, 2, DOC), None),
                      (Handtekening("Jan de Vries", None, True, False, True, datetime(2027, 3, 1, 9, 30, tzinfo=UTC)),
                       Handtekening("Kees Jansen", "De Brug", False, False, False, None)), True)
    assert Gelezen.from_json(gelezen.as_json()) == gelezen
    for spoiled in ({}, {"paginas": [{"versie": 1}], "handtekeningen": [], "gescand": False, "probleem": None},
                    {"paginas": [], "handtekeningen": [], "gescand": "ja", "probleem": None}):
        with pytest.raises(ValueError):
            Gelezen.from_json(spoiled)


def test_the_bench_reads_signed_copies() -> None:
    """``make bench --delen tekenen`` keeps working (its figures are the bench's, not asserted here)."""
    import subprocess
    import sys

    from tests.conftest import ROOT

    done = subprocess.run([sys.executable, "scripts/bench.py", "--delen", "tekenen", "--runs", "1"], cwd=ROOT,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""  # pyHanko's warnings stay out of the terminal
    lines = done.stdout.splitlines()
    assert lines[1].split() == ["PDF", "maken", "(basislijn)", *lines[1].split()[3:]]
    readings = [line for line in lines[2:] if "verhouding" in line]
    assert len(readings) == 4 and all(("koud" in r) != ("uit de cache" in r) for r in readings)
