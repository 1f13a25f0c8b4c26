"""What a signed copy says: the version code on each page, and who signed it digitally.

One job: read a file from ``inputs/<naam>/ondertekend/``. Whether that is the current version, every
page, every signer, is the check's (``check/signatures.py``). Two kinds of copy come back:

* a PDF signed through a signing service (PAdES): our text layer is intact, so each page's footer
  (``versie K7F3-9QX2 · pagina 2 van 5``) is read as text, and pyHanko reports each signature;
* a scan of the printed, hand-signed pages: images only, so each page is rasterised and its QR code
  (``OZA:<document>:<versie>:<pagina>:<aantal>``) decoded.

Choices, measured on the example's samenwerkingsovereenkomst (5 pages, its QR code 16 mm, level Q)
on a shared 2-core machine:

* A page is rasterised in grey at 150 dpi (image smoothing off). Generated scans (``tests/signing.py``:
  100–300 dpi, turned 0.3–7°, with and without grain, dust and blur) were read 240 of 240 pages. The
  real code still read at 100 dpi, but a 12 mm code (simulated) read 179/180 at 150 dpi, 139 at 120
  and 38 at 100; 200 dpi read no more at 1.3–2× the time. zxing's default binariser (local average)
  misses ≈5 % of grainy pages, a fixed threshold reads them: three binarisers are tried on the same
  image (2–5 ms a decode; the render is 20–60 ms of a 150–300 dpi scan page). A scan page with no
  code at 150 dpi is tried once more at 100: a scan made at 100 dpi lost a page at 150, none at 100.
* A page whose text layer has our footer (≈1 ms) also gets its QR code read, because only the code
  names the document; the footer band alone (the lowest 30 %, where the template puts the code) is
  rasterised: 1–4 ms, where the whole page cost 3.4 + 12.7 ms (sharp text gives zxing many
  candidates). An unsigned 5-page PDF reads in ≈40 ms, each signature adds ≈30 ms (pyHanko), a scan
  page ≈40–50 ms; from the cache 0.3 ms (1.9 ms for a 1.8 MB scan: the hash). When both are there
  the QR code wins: it names the document, and a scanner's OCR text may misread the footer.
* Bounds, so a hostile file costs seconds and megabytes at most: 50 MB, 60 pages, 20 signatures,
  100 revisions; a render at most 6 megapixels; no image over 50 megapixels, nor 600 together (a
  300 dpi A4 page is 8.7), counted from the images' dictionaries before any is decoded; a page of
  more than 5 000 objects is not rasterised (ours have ≤ 200, a scan 1).
* pyHanko never fetches (``allow_fetching=False``) and trusts no root unless the caller names one:
  the operating system's TLS list says nothing about document signers and would make the result
  depend on the machine. ``vertrouwd`` is reported, never required. pyHanko runs only when the file
  has a ``/ByteRange`` (a signature dictionary is never compressed: its bytes are patched in place).
"""

from __future__ import annotations

import hashlib
import io
import logging
import math
import threading
import warnings
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from pathlib import Path
from typing import Any

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
import zxingcpp

from pipeline.cache import Kept
from pipeline.sign.code import PageCode, from_qr, from_text
from pipeline.ui import plural

LEZER = 1  # raise when lees() says something else about the same bytes: the cache is read again
MAX_BYTES = 50 * 1024 * 1024
MAX_PAGES = 60
MAX_SIGNATURES = 20
MAX_REVISIONS = 100  # a signing service appends one to three per signature (signature, validation data, timestamp)
DPI = 150
RETRY_DPI = 100  # once more for a scan page where 150 dpi found no code
FOOTER_BAND = 0.30  # the lowest part of a text page that is rasterised for its QR code
MAX_RENDER_PIXELS = 6_000_000  # one render: an A4 page at 150 dpi is 2.2 megapixels, A3 4.4
MAX_IMAGE_PIXELS = 50_000_000  # one image in the file: an A4 page scanned at 600 dpi in colour is 35
MAX_SCAN_PIXELS = 600_000_000  # all images together: 60 pages of A4 at 300 dpi are 520
MAX_OBJECTS = 5_000  # objects on a page worth rasterising
_SCAN_ADVICE = "scan met 150 tot 300 dpi"
_BINARIZERS = (zxingcpp.Binarizer.LocalAverage, zxingcpp.Binarizer.FixedThreshold, zxingcpp.Binarizer.GlobalHistogram)
_PDFIUM = threading.Lock()  # PDFium is not thread-safe: one document at a time in this process

for _name in ("pyhanko", "pyhanko_certvalidator"):  # a self-signed or expired certificate is logged with a
    _logger = logging.getLogger(_name)               # traceback; what matters is in the result
    _logger.addHandler(logging.NullHandler())
    _logger.propagate = False


@dataclass(frozen=True, slots=True)
class Handtekening:
    """One digital signature, as the file says it; the check decides whether it is the right person."""

    naam: str  # the signer's name in the certificate (common name)
    organisatie: str | None  # the certificate's organisation (O), if any
    intact: bool  # the signed bytes are unchanged and the signature over them is valid
    vertrouwd: bool  # the certificate chains to a root the caller trusts (none by default)
    dekt_document: bool  # covers its whole revision; later revisions only add signatures or fill fields
    getekend_op: datetime | None  # a timestamp authority's time if there is one, else the signer's own

    def as_json(self) -> dict[str, Any]:
        return {"naam": self.naam, "organisatie": self.organisatie, "intact": self.intact,
                "vertrouwd": self.vertrouwd, "dekt_document": self.dekt_document,
                "getekend_op": self.getekend_op.isoformat() if self.getekend_op else None}

    @classmethod
    def from_json(cls, data: Any) -> Handtekening:
        getekend_op = _typed(data, "getekend_op", str, optional=True)
        return cls(_typed(data, "naam", str), _typed(data, "organisatie", str, optional=True),
                   _typed(data, "intact", bool), _typed(data, "vertrouwd", bool), _typed(data, "dekt_document", bool),
                   datetime.fromisoformat(getekend_op) if getekend_op is not None else None)


@dataclass(frozen=True, slots=True)
class Gelezen:
    """What one file says: a page code per page (None: none found on it) and its digital signatures."""

    paginas: tuple[PageCode | None, ...]  # in file order
    handtekeningen: tuple[Handtekening, ...]
    gescand: bool  # a page is an image (a scan), not our text: its code can only come from its QR code
    probleem: str | None = None  # the file could not be read, in Dutch; then paginas and handtekeningen are ()

    def as_json(self) -> dict[str, Any]:
        """A plain dict for the cache (``from_json`` reads it back)."""
        return {"paginas": [None if c is None else {"versie": c.versie, "pagina": c.pagina, "aantal": c.aantal,
                                                    "document": c.document} for c in self.paginas],
                "handtekeningen": [h.as_json() for h in self.handtekeningen],
                "gescand": self.gescand, "probleem": self.probleem}

    @classmethod
    def from_json(cls, data: Any) -> Gelezen:
        """Back from ``as_json``; anything else (a damaged cache entry) raises ValueError."""
        pages = _typed(data, "paginas", list)
        signatures = _typed(data, "handtekeningen", list)
        return cls(tuple(None if p is None else PageCode(_typed(p, "versie", str), _typed(p, "pagina", int),
                                                         _typed(p, "aantal", int),
                                                         _typed(p, "document", str, optional=True))
                         for p in pages),
                   tuple(Handtekening.from_json(h) for h in signatures),
                   _typed(data, "gescand", bool), _typed(data, "probleem", str, optional=True))


def _typed(data: Any, key: str, kind: type, *, optional: bool = False) -> Any:
    if not isinstance(data, dict) or key not in data:
        raise ValueError(f"{key} ontbreekt")
    value = data[key]
    if value is None and optional:
        return None
    if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
        raise ValueError(f"{key} is geen {kind.__name__}")
    return value


def _problem(text: str) -> Gelezen:
    return Gelezen((), (), False, text)


def lees(data: bytes, *, trust_roots: Sequence[bytes] = ()) -> Gelezen:
    """Read one file: every page's code and every digital signature, or the problem in Dutch.

    ``trust_roots`` (DER or PEM certificates) are the only roots a signature is ``vertrouwd`` by.
    Never raises on bad input: a damaged, encrypted, hostile or oversized file is a ``probleem``.
    """
    if not data:
        return _problem("het bestand is leeg")
    if len(data) > MAX_BYTES:
        return _problem(f"het bestand is te groot ({_mb(len(data))}; hoogstens {_mb(MAX_BYTES)})")
    if b"%PDF-" not in data[:1024]:
        return _problem("het bestand is geen PDF")
    try:
        pages = _read_pages(data)
    except Exception:  # a PDF that breaks PDFium in a way not foreseen is still only a bad file
        return _problem("het PDF-bestand is niet te lezen: het is beschadigd")
    if isinstance(pages, str):
        return _problem(pages)
    codes, scanned = pages
    signatures = _signatures(data, trust_roots)
    if isinstance(signatures, str):
        return _problem(signatures)
    return Gelezen(codes, signatures, scanned)


def lees_bewaard(data: bytes, cache_dir: Path | None, *, trust_roots: Sequence[bytes] = ()) -> Gelezen:
    """``lees``, remembered in ``cache_dir`` by the file's content: a copy is read once, not on every check.

    An entry is one JSON file per content (sha256), written atomically, holding the reader version it
    was read with (``LEZER``, the libraries, the trusted roots); another version or a damaged entry is
    read again and replaced. A cache that cannot be written only costs time. This process also keeps
    its last readings (``_KEPT``): validating a signature is the slowest step of a check (≈0.3 s per copy,
    the certificate path), and a watch session or a batch with one organisation's signed copies meets the
    same bytes again, also in another output folder; that folder still gets its entry. Without
    ``cache_dir`` (a check that writes nothing) only this process remembers.
    """
    if len(data) > MAX_BYTES:  # said at once; not worth hashing
        return lees(data, trust_roots=trust_roots)
    from pipeline.cache import by_content

    digest, version = hashlib.sha256(data).hexdigest(), reader_version(trust_roots)
    known = _KEPT.get((digest, version))
    reading = by_content(cache_dir / f"{digest}.json" if cache_dir is not None else None, version,
                         (lambda: known) if known is not None else (lambda: lees(data, trust_roots=trust_roots)),
                         Gelezen.as_json, Gelezen.from_json)
    _KEPT.put((digest, version), reading)
    return reading


_KEPT: Kept[tuple[str, str], Gelezen] = Kept(64)  # (sha256, reader version) → reading; Gelezen is frozen


def reader_version(trust_roots: Sequence[bytes] = ()) -> str:
    """What a cached reading depends on besides the bytes: this reader, its libraries, the trusted roots."""
    roots = hashlib.sha256(b"".join(hashlib.sha256(r).digest() for r in sorted(trust_roots))).hexdigest()[:16]
    return f"{LEZER}/{_libraries()}/{roots}"


@cache
def _libraries() -> str:
    from importlib.metadata import PackageNotFoundError, version

    found = []
    for name in ("pypdfium2", "zxing-cpp", "pyHanko", "pyhanko-certvalidator"):
        try:
            found.append(f"{name}={version(name)}")
        except PackageNotFoundError:
            found.append(f"{name}=?")
    return ",".join(found)


def _mb(size: int) -> str:
    """``50 MB``, ``50,1 MB``: rounded up, so a file just over the limit does not read as the limit."""
    tenths = math.ceil(size * 10 / (1024 * 1024))
    return f"{tenths // 10} MB" if tenths % 10 == 0 else f"{tenths // 10},{tenths % 10} MB"


# ------------------------------------------------------------------ pages


def _read_pages(data: bytes) -> tuple[tuple[PageCode | None, ...], bool] | str:
    """Every page's code, and whether a page is a scan; or the problem."""
    with _PDFIUM:
        try:
            document = pdfium.PdfDocument(data)
        except pdfium.PdfiumError as error:
            if getattr(error, "err_code", None) == pdfium_c.FPDF_ERR_PASSWORD:
                return "het PDF-bestand is beveiligd met een wachtwoord: sla het op zonder wachtwoord"
            return "het PDF-bestand is beschadigd: het is niet te openen"
        try:
            count = len(document)
            if count == 0:
                return "het PDF-bestand heeft geen pagina's"
            if count > MAX_PAGES:
                said = plural(count, "pagina", "pagina's")
                return f"het bestand heeft {said}; een getekende kopie heeft er hoogstens {MAX_PAGES}"
            pages: list[pdfium.PdfPage] = []  # each loaded once (≈2 ms) for both passes
            try:
                for _ in range(count):
                    pages.append(document[len(pages)])
                return _codes(pages)
            finally:
                for page in pages:
                    page.close()
        finally:
            document.close()


def _codes(pages: list[pdfium.PdfPage]) -> tuple[tuple[PageCode | None, ...], bool] | str:
    """Two passes: the first only counts (objects; image pixels from the images' dictionaries), so a
    file whose images are too large to decode is refused before any of them is decoded."""
    surveys = []
    pixels = 0
    for number, page in enumerate(pages, start=1):
        survey = _survey(page)
        if survey.biggest > MAX_IMAGE_PIXELS:
            return (f"pagina {number} is een afbeelding van {survey.biggest // 1_000_000} megapixel, te groot "
                    f"om te lezen: {_SCAN_ADVICE}")
        pixels += survey.pixels
        if pixels > MAX_SCAN_PIXELS:
            return (f"de scans zijn samen te groot om te lezen (meer dan {MAX_SCAN_PIXELS // 1_000_000} "
                    f"megapixel): {_SCAN_ADVICE}")
        surveys.append(survey)
    codes = tuple(_read_page(page, survey) for page, survey in zip(pages, surveys, strict=True))
    return codes, any(survey.scan for survey in surveys)


@dataclass(frozen=True, slots=True)
class _Survey:
    """What a page holds, counted without decoding anything."""

    simple: bool  # few enough objects to rasterise
    pixels: int  # of all its images together
    biggest: int  # pixels of its largest image
    scan: bool  # one image covers half the page or more


def _survey(page: pdfium.PdfPage) -> _Survey:
    width, height = page.get_size()
    area = width * height
    objects, pixels, biggest, covered = 0, 0, 0, 0.0
    for obj in page.get_objects(max_depth=4):
        objects += 1
        if objects > MAX_OBJECTS:
            break
        if obj.type == pdfium_c.FPDF_PAGEOBJ_IMAGE:
            w, h = obj.get_px_size()
            size = max(w, 0) * max(h, 0)
            pixels += size
            biggest = max(biggest, size)
            left, bottom, right, top = obj.get_bounds()
            if area > 0:
                covered = max(covered, (right - left) * (top - bottom) / area)
    return _Survey(objects <= MAX_OBJECTS, pixels, biggest, covered >= 0.5)


def _read_page(page: pdfium.PdfPage, survey: _Survey) -> PageCode | None:
    """One page's code: the QR code's when it has one, else the footer's in the text layer."""
    textpage = page.get_textpage()
    try:
        text_code = from_text(textpage.get_text_range())
    finally:
        textpage.close()
    if not survey.simple:  # thousands of objects: neither ours nor a scan; its text only
        return text_code
    # Our text page: its QR code is in the footer band (unless the page is turned); elsewhere the whole page.
    band = text_code is not None and not survey.scan and page.get_rotation() == 0
    code = _qr(page, band=band)
    if code is None and text_code is None and survey.scan:
        code = _qr(page, band=False, dpi=RETRY_DPI)
    return code or text_code


def _qr(page: pdfium.PdfPage, *, band: bool, dpi: int | None = None) -> PageCode | None:
    """The page's QR code, rasterised in grey at ``dpi`` (``DPI``; less to stay within ``MAX_RENDER_PIXELS``)."""
    dpi = dpi or DPI
    width, height = page.get_size()
    area = width * height * (FOOTER_BAND if band else 1.0)
    if not (area > 0 and math.isfinite(area)):
        return None
    scale = min(dpi / 72, math.sqrt(MAX_RENDER_PIXELS / area))  # pixels per point
    if min(width, height * (FOOTER_BAND if band else 1.0)) * scale < 21:  # smaller than the smallest QR code
        return None
    crop = (0, 0, 0, height * (1 - FOOTER_BAND)) if band else (0, 0, 0, 0)
    bitmap = page.render(scale=scale, grayscale=True, crop=crop, force_bitmap_format=pdfium_c.FPDFBitmap_Gray,
                         no_smoothimage=True)
    try:
        image = bitmap.to_pil()
        for binarizer in _BINARIZERS:
            codes = {code for barcode in zxingcpp.read_barcodes(image, formats=zxingcpp.BarcodeFormat.QRCode,
                                                                  binarizer=binarizer)
                     if (code := from_qr(barcode.text)) is not None}
            if len(codes) == 1:
                return codes.pop()
            if codes:  # two pages on one sheet: which one is this page?
                return None
        return None
    finally:
        bitmap.close()


# ------------------------------------------------------------------ signatures


@contextmanager
def _quiet() -> Iterator[None]:
    """pyHanko's warnings (cryptography's DSA deprecation on import, its own deprecations) are not the user's."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        yield


def _signatures(data: bytes, trust_roots: Sequence[bytes]) -> tuple[Handtekening, ...] | str:
    """Every digital signature in signing order (document timestamps are no signer), or the problem."""
    if b"/ByteRange" not in data:  # no signature dictionary: spare pyHanko's import and parse
        return ()
    with _quiet():
        try:
            from pyhanko.pdf_utils.reader import PdfFileReader

            reader = PdfFileReader(io.BytesIO(data), strict=False)
            if reader.total_revisions > MAX_REVISIONS:  # each later revision is compared per signature
                return (f"het bestand is {reader.total_revisions} keer bijgewerkt; een getekende kopie hoogstens "
                        f"{MAX_REVISIONS} keer")
            if reader.encrypted:
                reader.decrypt(b"")  # opened without a password (PDFium did): permissions only
            signatures = reader.embedded_regular_signatures
        except Exception:  # pyHanko raises many kinds on a broken file
            return "de digitale handtekeningen zijn niet te lezen: het bestand is beschadigd"
        if len(signatures) > MAX_SIGNATURES:
            return (f"het bestand heeft {len(signatures)} digitale handtekeningen; een getekende kopie heeft er "
                    f"hoogstens {MAX_SIGNATURES}")
        roots = _certificates(trust_roots)
        return tuple(_signature(sig, roots) for sig in signatures)


def _certificates(trust_roots: Sequence[bytes]) -> list[Any]:
    from asn1crypto import pem, x509

    out = []
    for raw in trust_roots:
        der = pem.unarmor(raw)[2] if pem.detect(raw) else raw
        out.append(x509.Certificate.load(der))
    return out


def _signature(sig: Any, roots: list[Any]) -> Handtekening:
    """One signature: pyHanko's integrity, trust (against ``roots`` only, nothing fetched) and coverage."""
    from pyhanko.sign.diff_analysis import ModificationLevel
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko.sign.validation.status import SignatureCoverageLevel
    from pyhanko_certvalidator import ValidationContext

    naam, organisatie = _subject(sig)
    try:
        status = validate_pdf_signature(sig, ValidationContext(trust_roots=roots, allow_fetching=False))
    except Exception:  # an algorithm pyHanko does not know, a damaged certificate: nothing to rely on
        return Handtekening(naam, organisatie, intact=False, vertrouwd=False, dekt_document=False,
                            getekend_op=None)
    level = status.modification_level
    covers = (status.coverage is not None and status.coverage >= SignatureCoverageLevel.ENTIRE_REVISION
              and level is not None and level <= ModificationLevel.FORM_FILLING and status.docmdp_ok is not False)
    stamp = status.timestamp_validity
    when = stamp.timestamp if stamp is not None and stamp.intact and stamp.valid else status.signer_reported_dt
    return Handtekening(naam, organisatie, intact=bool(status.intact and status.valid),
                        vertrouwd=bool(status.trusted), dekt_document=bool(covers), getekend_op=when)


def _subject(sig: Any) -> tuple[str, str | None]:
    """The signer's common name and organisation, as the certificate names them."""
    try:
        subject = sig.signer_cert.subject
        fields = subject.native
    except Exception:  # no certificate, or one that does not parse
        return "", None
    naam = _one(fields.get("common_name")) or subject.human_friendly
    return naam, _one(fields.get("organization_name")) or None


def _one(value: Any) -> str:
    if isinstance(value, list | tuple):
        return ", ".join(str(v) for v in value)
    return str(value) if value else ""
