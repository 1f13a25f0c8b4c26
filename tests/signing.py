"""Signed and scanned copies of our PDFs, made in the test: the material ``pipeline.sign.read`` reads.

Everything is generated: each signer gets a fresh key and a self-signed certificate in memory
(nothing on disk, no real person), a signature is appended as an incremental update the way a
signing service appends it, and a scan is our own PDF rasterised, turned a little, speckled and
saved as an image-only PDF, as a scanner hands in a printed and hand-signed copy.
"""

from __future__ import annotations

import io
import random
import warnings
from datetime import UTC, datetime, timedelta
from functools import cache

from asn1crypto import keys as asn1_keys
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import AuthorityInformationAccessOID, NameOID
from PIL import Image, ImageChops, ImageFilter

with warnings.catch_warnings():  # pyHanko imports cryptography's DSA support, which warns
    warnings.simplefilter("ignore")
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign import signers
    from pyhanko.sign.fields import SigSeedSubFilter
    from pyhanko_certvalidator.registry import SimpleCertificateStore


@cache
def signer(name: str, organisation: str | None = None) -> signers.SimpleSigner:
    """A signer named ``name`` (of ``organisation``) with a fresh EC P-256 key and a self-signed
    certificate; one per (name, organisation) in this process, so a test can sign twice as one person."""
    key = ec.generate_private_key(ec.SECP256R1())
    parts = [x509.NameAttribute(NameOID.COMMON_NAME, name)]
    if organisation is not None:
        parts.append(x509.NameAttribute(NameOID.ORGANIZATION_NAME, organisation))
    subject = x509.Name(parts)
    now = datetime.now(UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(days=1))
        .not_valid_after(now + timedelta(days=365))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(x509.KeyUsage(digital_signature=True, content_commitment=True, key_encipherment=False,
                                     data_encipherment=False, key_agreement=False, key_cert_sign=True,
                                     crl_sign=False, encipher_only=False, decipher_only=False), critical=True)
        # Where a real CA says its revocation lists live: a reader that fetched would try these (it must not).
        .add_extension(x509.CRLDistributionPoints([x509.DistributionPoint(
            [x509.UniformResourceIdentifier("http://127.0.0.1:9/crl")], None, None, None)]), critical=False)
        .add_extension(x509.AuthorityInformationAccess([
            x509.AccessDescription(AuthorityInformationAccessOID.OCSP, x509.UniformResourceIdentifier("http://127.0.0.1:9/ocsp")),
            x509.AccessDescription(AuthorityInformationAccessOID.CA_ISSUERS,
                                   x509.UniformResourceIdentifier("http://127.0.0.1:9/ca.der"))]), critical=False)
        .sign(key, hashes.SHA256())
    )
    der_cert = asn1_x509.Certificate.load(cert.public_bytes(serialization.Encoding.DER))
    der_key = asn1_keys.PrivateKeyInfo.load(key.private_bytes(
        serialization.Encoding.DER, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()))
    return signers.SimpleSigner(der_cert, der_key, SimpleCertificateStore.from_certs([der_cert]))


def certificate_der(who: signers.SimpleSigner) -> bytes:
    """The signer's certificate as DER bytes (to trust it as a root in a test)."""
    assert who.signing_cert is not None
    return who.signing_cert.dump()


def sign(pdf: bytes, *who: signers.SimpleSigner) -> bytes:
    """``pdf`` signed by each of ``who`` in turn: every signature a PAdES signature in a new field,
    appended as an incremental update after the ones before it."""
    for one in who:
        existing = len(PdfFileReader(io.BytesIO(pdf), strict=False).embedded_signatures)
        writer = IncrementalPdfFileWriter(io.BytesIO(pdf), strict=False)
        meta = signers.PdfSignatureMetadata(field_name=f"Handtekening{existing + 1}",
                                            subfilter=SigSeedSubFilter.PADES, md_algorithm="sha256")
        pdf = signers.sign_pdf(writer, meta, signer=one).getvalue()
    return pdf


def scan(pdf: bytes, *, pages: list[int] | None = None, dpi: int = 150, rotate: float = 0.7,
         noise: bool = True) -> bytes:
    """``pdf`` printed and scanned back: its ``pages`` (0-based, in this order; all by default)
    rasterised at ``dpi`` in grey, turned ``rotate`` degrees, speckled when ``noise``, and saved as
    an image-only PDF (JPEG pages, as scanners write them). Deterministic: the same call gives the
    same bytes."""
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(pdf)
    try:
        chosen = list(range(len(document))) if pages is None else pages
        images = [_scanned(document[i].render(scale=dpi / 72, grayscale=True).to_pil().convert("L"),
                           rotate=rotate, noise=noise, seed=n) for n, i in enumerate(chosen)]
    finally:
        document.close()
    out = io.BytesIO()
    when = datetime(2027, 3, 1, tzinfo=UTC).utctimetuple()  # a fixed date: the same call, the same bytes
    images[0].save(out, format="PDF", save_all=True, append_images=images[1:], resolution=dpi, quality=85,
                   creationDate=when, modDate=when)
    return out.getvalue()


def _scanned(page: Image.Image, *, rotate: float, noise: bool, seed: int) -> Image.Image:
    """One page as a scanner sees it: slightly turned on the glass, with grain, dust and a little blur."""
    if rotate:
        page = page.rotate(rotate, resample=Image.Resampling.BICUBIC, expand=True, fillcolor=255)
    if noise:
        rng = random.Random(seed)
        size = page.size

        def grain() -> Image.Image:  # 0..15 per pixel
            return Image.frombytes("L", size, rng.randbytes(size[0] * size[1])).point(lambda v: v >> 4)

        page = ImageChops.add(ImageChops.subtract(page, grain()), grain())  # every pixel ±15
        pixels = page.load()
        assert pixels is not None
        for _ in range(size[0] * size[1] // 400):  # dust: dark and light specks on 0.25 % of the page
            pixels[rng.randrange(size[0]), rng.randrange(size[1])] = rng.choice((0, 60, 200, 255))
        page = page.filter(ImageFilter.GaussianBlur(0.6))
    return page
