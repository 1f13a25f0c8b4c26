"""Hostile advices, made in the test run: PDFs that try to carry more than pages to DUO, and files
built to exhaust whoever opens them (issue 25)."""

from __future__ import annotations

import io
import re
import struct
import zlib

import pikepdf

# What must never reach DUO, as bytes found in any object or (unpacked) stream of attachment 4.
SECRETS = (b"111222333", b"cmd.exe", b"app.alert", b"tracker.example", b"Geheime auteur", b"Geheime XMP",
           b"ander-dossier.pdf", b"Verborgen pagina")
# Keys and names of everything active or hidden.
ACTIVE_KEYS = {"/AA", "/A", "/OpenAction", "/JS", "/JavaScript", "/URI", "/Launch", "/EF", "/EmbeddedFiles",
               "/EmbeddedFile", "/FS", "/Names", "/AcroForm", "/Annots", "/PieceInfo"}
ACTIVE_NAMES = {"/JavaScript", "/Launch", "/URI", "/GoToR", "/FileAttachment", "/Widget", "/Link", "/Filespec",
                "/EmbeddedFile", "/Annot", "/Action"}
VISIBLE = ("Tweede pagina van het advies", "Gezien door de voorzitter")  # text of the added page and the field


def _text_stream(pdf: pikepdf.Pdf, text: str, y: int = 700) -> pikepdf.Stream:
    return pdf.make_stream(f"BT /Hv 14 Tf 72 {y} Td ({text}) Tj ET".encode())


def _helvetica(pdf: pikepdf.Pdf) -> pikepdf.Dictionary:
    return pdf.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type1,
                                                BaseFont=pikepdf.Name.Helvetica))


def _js(pdf: pikepdf.Pdf, script: str = "app.alert('hallo')") -> pikepdf.Dictionary:
    return pdf.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.Action, S=pikepdf.Name.JavaScript,
                                                JS=pikepdf.String(script)))


def hostile(advice: bytes, *, hidden_page: bool = False) -> pikepdf.Pdf:
    """The advice with every active part issue 25 found, plus a second page with visible text and a form
    field whose value is seen (its appearance). With ``hidden_page`` a third page to hide later."""
    pdf = pikepdf.open(io.BytesIO(advice))
    font = _helvetica(pdf)
    page = pdf.pages[0]
    page.obj.AA = pikepdf.Dictionary(O=_js(pdf))  # a script when the page opens
    page.Resources.Extra = pikepdf.Dictionary(S=pikepdf.Name.JavaScript, JS=pikepdf.String("app.alert(2)"))
    page.Resources.Terug = pdf.Root.Pages  # a resource that points back at the page tree, hidden pages and all
    second = pikepdf.Dictionary(Type=pikepdf.Name.Page, MediaBox=pikepdf.Array([0, 0, 595, 842]),
                                Resources=pikepdf.Dictionary(Font=pikepdf.Dictionary(Hv=font)),
                                Contents=_text_stream(pdf, VISIBLE[0]))
    pdf.pages.append(pikepdf.Page(second))
    if hidden_page:
        third = pikepdf.Dictionary(Type=pikepdf.Name.Page, MediaBox=pikepdf.Array([0, 0, 595, 842]),
                                   Resources=pikepdf.Dictionary(Font=pikepdf.Dictionary(Hv=font)),
                                   Contents=_text_stream(pdf, "Verborgen pagina BSN 111222333"))
        pdf.pages.append(pikepdf.Page(third))
    attached = pdf.make_stream(b"Leerling BSN 111222333", Type=pikepdf.Name.EmbeddedFile)
    filespec = pdf.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.Filespec, F=pikepdf.String("bsn.txt"),
                                                    EF=pikepdf.Dictionary(F=attached)))
    icon = pdf.make_stream(b"0 0 1 rg 0 0 10 10 re f", Type=pikepdf.Name.XObject, Subtype=pikepdf.Name.Form,
                           BBox=pikepdf.Array([0, 0, 10, 10]))
    field_look = pdf.make_stream(f"BT /Hv 12 Tf 2 6 Td ({VISIBLE[1]}) Tj ET".encode(), Type=pikepdf.Name.XObject,
                                 Subtype=pikepdf.Name.Form, BBox=pikepdf.Array([0, 0, 300, 24]),
                                 Resources=pikepdf.Dictionary(Font=pikepdf.Dictionary(Hv=font)))
    widget = pdf.make_indirect(pikepdf.Dictionary(
        Type=pikepdf.Name.Annot, Subtype=pikepdf.Name.Widget, FT=pikepdf.Name.Tx, T=pikepdf.String("gezien"),
        V=pikepdf.String(VISIBLE[1]), Rect=pikepdf.Array([72, 600, 372, 624]), F=4,
        AP=pikepdf.Dictionary(N=field_look), AA=pikepdf.Dictionary(K=_js(pdf, "app.alert('veld')"))))
    annots = [
        pikepdf.Dictionary(Type=pikepdf.Name.Annot, Subtype=pikepdf.Name.Link, Rect=pikepdf.Array([0, 0, 100, 100]),
                           A=pikepdf.Dictionary(S=pikepdf.Name.Launch, F=pikepdf.String("C:/Windows/cmd.exe"))),
        pikepdf.Dictionary(Type=pikepdf.Name.Annot, Subtype=pikepdf.Name.Link, Rect=pikepdf.Array([0, 100, 100, 200]),
                           A=pikepdf.Dictionary(S=pikepdf.Name.URI,
                                                URI=pikepdf.String("https://tracker.example/t?id=1"))),
        pikepdf.Dictionary(Type=pikepdf.Name.Annot, Subtype=pikepdf.Name.Link, Rect=pikepdf.Array([0, 200, 100, 300]),
                           A=pikepdf.Dictionary(S=pikepdf.Name.GoToR, F=pikepdf.String("ander-dossier.pdf"),
                                                D=pikepdf.Array([0, pikepdf.Name.Fit]))),
        pikepdf.Dictionary(Type=pikepdf.Name.Annot, Subtype=pikepdf.Name.FileAttachment, F=4,
                           Rect=pikepdf.Array([500, 800, 510, 810]), FS=filespec, AP=pikepdf.Dictionary(N=icon)),
        widget,
    ]
    pdf.pages[1].obj.Annots = pdf.make_indirect(pikepdf.Array([pdf.make_indirect(a) for a in annots]))
    pdf.Root.AcroForm = pikepdf.Dictionary(Fields=pikepdf.Array([widget]))
    pdf.Root.OpenAction = _js(pdf, "app.alert('open')")
    pdf.Root.Names = pikepdf.Dictionary(
        JavaScript=pikepdf.Dictionary(Names=pikepdf.Array([pikepdf.String("start"), _js(pdf)])),
        EmbeddedFiles=pikepdf.Dictionary(Names=pikepdf.Array([pikepdf.String("bsn.txt"), filespec])))
    pdf.docinfo["/Author"] = pikepdf.String("Geheime auteur")
    pdf.Root.Metadata = pdf.make_stream(b"<x:xmpmeta xmlns:x='adobe:ns:meta/'>Geheime XMP</x:xmpmeta>",
                                        Type=pikepdf.Name.Metadata, Subtype=pikepdf.Name.XML)
    return pdf


def saved(pdf: pikepdf.Pdf, **options: object) -> bytes:
    out = io.BytesIO()
    pdf.save(out, fix_metadata_version=False, **options)  # type: ignore[arg-type]
    return out.getvalue()


def broken_xref(data: bytes) -> bytes:
    """The file with its cross-reference table pointing nowhere: qpdf must rebuild it from the objects."""
    return re.sub(rb"startxref\s+\d+", b"startxref\n999", data)


def hiding_update(pdf: pikepdf.Pdf) -> bytes:
    """The three-page hostile advice, then an incremental update that takes its last page out of the
    page tree: the bytes of the page stay in the file, a viewer shows two pages."""
    base = saved(pdf, object_stream_mode=pikepdf.ObjectStreamMode.disable)
    reopened = pikepdf.open(io.BytesIO(base))
    pages = reopened.Root.Pages
    kids = " ".join(f"{p.objgen[0]} {p.objgen[1]} R" for p in list(pages.Kids)[:-1])
    start = int(re.findall(rb"startxref\s+(\d+)", base)[-1])
    number, generation = pages.objgen
    body = f"{number} {generation} obj\n<< /Type /Pages /Kids [{kids}] /Count {len(pages.Kids) - 1} >>\nendobj\n"
    offset = len(base) + 1
    xref = len(base) + 1 + len(body)
    tail = (f"\n{body}xref\n0 1\n0000000000 65535 f \n{number} 1\n{offset:010d} {generation:05d} n \n"
            f"trailer\n<< /Size {reopened.trailer.Size} /Root {reopened.Root.objgen[0]} 0 R /Prev {start} >>\n"
            f"startxref\n{xref}\n%%EOF\n")
    return base + tail.encode()


def raw_pdf(objects: list[bytes]) -> bytes:
    """A PDF of ``objects`` (object 1 is the catalog), written by hand: files no library would make."""
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def many_pages(count: int = 50_000) -> bytes:
    """``count`` pages that share one content stream: a few MB, and every viewer's page cache full."""
    kids = b" ".join(b"%d 0 R" % (n + 4) for n in range(count))
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [" + kids + b"] /Count %d >>" % count,
               b"<< /Length 0 >>\nstream\n\nendstream"]
    objects += [b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 3 0 R >>"] * count
    return raw_pdf(objects)


def _zeros_deflated(size: int) -> bytes:
    """``size`` zero bytes (a multiple of 1 MB) as a zlib stream, made in a blink: after a full flush
    every megabyte of zeros deflates to the same bytes, so one block is repeated."""
    block = bytes(1 << 20)
    pack = zlib.compressobj(9, zlib.DEFLATED, -15)  # raw deflate: the zlib frame is written here
    first = pack.compress(block) + pack.flush(zlib.Z_FULL_FLUSH)
    repeated = pack.compress(block) + pack.flush(zlib.Z_FULL_FLUSH)
    checksum = 1
    for _ in range(size >> 20):
        checksum = zlib.adler32(block, checksum)
    body = first + repeated * ((size >> 20) - 1) + pack.flush()
    return b"\x78\xda" + body + struct.pack(">I", checksum)


_BOMB: dict[int, bytes] = {}


def inflating(size: int = 1 << 30) -> bytes:
    """A one-page PDF with a stream of about 1 MB that inflates to ``size`` bytes (1 GB)."""
    if size not in _BOMB:
        packed = _zeros_deflated(size)
        _BOMB[size] = raw_pdf([
            b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
            b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(packed) + packed + b"\nendstream"])
    return _BOMB[size]


def huge_image_pdf(side: int = 12_000) -> bytes:
    """A one-page PDF drawing a ``side`` × ``side`` image (144 megapixel) of a few kilobytes."""
    row = bytes((side + 7) // 8)
    packed = zlib.compress(row * side, 9)
    return raw_pdf([
        b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /XObject << /Im 5 0 R >> >> >>",
        b"<< /Length 20 >>\nstream\nq 595 0 0 842 0 0 cm /Im Do Q\nendstream",
        b"<< /Type /XObject /Subtype /Image /Width %d /Height %d /BitsPerComponent 1 /ColorSpace /DeviceGray "
        b"/Filter /FlateDecode /Length %d >>\nstream\n" % (side, side, len(packed)) + packed + b"\nendstream"])


def huge_png(side: int = 12_000) -> bytes:
    """A ``side`` × ``side`` black-and-white PNG (144 megapixel) of about 32 KB."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    row = b"\x00" + bytes((side + 7) // 8)
    pack = zlib.compressobj(9)
    idat = b"".join(pack.compress(row) for _ in range(side)) + pack.flush()
    header = struct.pack(">IIBBBBB", side, side, 1, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")
