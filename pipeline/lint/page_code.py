"""A signed document's Word template must put the page's QR code in every footer a page shows.

A scan of a signed paper copy is matched to its document, version and page by the QR code on each
page (``pipeline.sign.code``). Word draws that code from a DISPLAYBARCODE field in the footer with
PAGE and NUMPAGES fields inside it, and the PDF draws it where that field stands (``render.qr_pdf``).
So the template of a signed document needs the field in each footer its pages show (page 1's own
footer too), and its text must carry the document, the version, the page and the total. That is
tried, not pattern-matched: the text is filled in as page 2 of 5 and must read back as exactly that
(``sign.code.from_qr``). A document that is not signed may have the field too; nothing is said.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from pipeline.documents import Document
from pipeline.render.context import make_environment
from pipeline.render.docx_html import R
from pipeline.render.word_fields import PAGE_MARK, TOTAL_MARK, Barcode, W, barcode, field_codes
from pipeline.sign.code import PageCode, from_qr

FIELD = '{ DISPLAYBARCODE "OZA:{{ document.id }}:{{ document.versie }}:{ PAGE }:{ NUMPAGES }" QR \\q 1 \\h 907 }'
_SAMPLE = PageCode("K7F3-9QX2", 2, 5)  # a version as render.version writes it, page 2 of 5
_LABELS = {"default": "voettekst", "first": "voettekst van de eerste pagina", "even": "voettekst van de even pagina's"}


def page_code_problems(path: Path, doc: Document) -> list[tuple[str, str]]:
    """(footer, message) for every footer of ``doc``'s template whose pages get no readable page code."""
    from docx import Document as open_docx

    document = open_docx(str(path))
    problems = []
    for kind, footer in _shown_footers(document):
        label = _LABELS[kind]
        codes = [] if footer is None else [
            found for code in field_codes(footer) if (found := barcode(code)) is not None and found.kind == "QR"]
        if footer is None or not codes:
            where = "deze pagina's hebben geen voettekst" if footer is None else "deze voettekst heeft geen QR-code"
            problems.append((label, (
                f"{doc.titel} wordt ondertekend, maar {where}: zonder die code is een gescande pagina niet "
                f"terug te vinden (welk document, welke versie, welke pagina). Zet in de voettekst het Word-veld "
                f"{FIELD} (elk paar veldaccolades met Ctrl+F9)")))
        for code in codes:
            if _reads_back(code, doc) is False:
                shown = code.data.replace(PAGE_MARK, "{ PAGE }").replace(TOTAL_MARK, "{ NUMPAGES }")
                problems.append((label, (
                    f"de QR-code zegt ‘{shown}’, maar moet het document, de versie, de pagina en het aantal "
                    f"pagina's dragen, precies zo: {FIELD}")))
    return problems


def _reads_back(code: Barcode, doc: Document) -> bool:
    """Does the field's text, made for page 2 of 5 of ``doc``, read back as exactly that page?"""
    try:
        text = make_environment().from_string(code.text(_SAMPLE.pagina, _SAMPLE.aantal)).render(
            document={"id": doc.id, "titel": doc.titel, "versie": _SAMPLE.versie})
    except Exception:  # another variable, a broken tag, any error of an expression: the Jinja lint says what
        return False
    found = from_qr(text)
    return found == PageCode(_SAMPLE.versie, _SAMPLE.pagina, _SAMPLE.aantal, document=doc.id)


def _shown_footers(document: Any) -> Iterator[tuple[str, Any]]:
    """Each footer part a page shows, once: per section its default footer, page 1's own one (when
    the section says so) and the even pages' one (when the document says so). A section without a
    reference shows the previous section's footer; the first one then shows none (``None``)."""
    even = document.settings.odd_and_even_pages_header_footer
    current: dict[str, str | None] = {}
    seen: set[str] = set()  # relationship ids, or the kind of a footer that is missing
    for section in document.sections:
        sect = section._sectPr
        for ref in sect.iterchildren(f"{W}footerReference"):
            current[ref.get(f"{W}type") or "default"] = ref.get(f"{R}id")
        title_page = sect.find(f"{W}titlePg")
        kinds = ["default"]
        if title_page is not None and (title_page.get(f"{W}val") or "true") not in ("0", "false", "off"):
            kinds.append("first")
        if even:
            kinds.append("even")
        for kind in kinds:
            rid = current.get(kind)
            if (rid or kind) in seen:
                continue
            seen.add(rid or kind)
            rel = document.part.rels.get(rid) if rid else None
            yield kind, rel.target_part.element if rel is not None and not rel.is_external else None
