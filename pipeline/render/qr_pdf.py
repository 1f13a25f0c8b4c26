"""Each page's own QR code in the PDF, where the Word template's DISPLAYBARCODE field stands.

Word draws that field again on every page, with the page's number and the total filled in. weasyprint
lays the running footer out once per page too, but can vary only text per page (counters), not an
image. So the converter (``docx_html``) leaves an empty box of the field's size that carries the
field's text with the page number and total still open (``word_fields.PAGE_MARK``), and
``draw_page_codes``, a ``write_pdf`` finisher, finds that box on every laid-out page and draws the
code for that page into it: black modules on white with a quiet zone, as rectangles of one path
(no image, no seams between modules), marked as an artifact (``/Artifact BMC … EMC``) so that it is
no text and stays out of any tag structure. The same document gives the same bytes.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import lru_cache
from typing import Any

from pipeline.render.word_fields import page_text

CODE_ATTRIBUTE = "data-paginacode"  # the field's text, page number and total open
ERROR_ATTRIBUTE = "data-paginacode-fout"  # the error correction level the field asks for (L, M, Q, H)
QUIET_ZONE = 1  # module of white inside the box; the footer's cell padding and the page margin give the rest
_PT_PER_PX = 0.75  # weasyprint lays out in CSS pixels (1/96 in), PDF user space is in points (1/72 in)


def has_page_codes(html: str) -> bool:
    """Does this page leave room for a QR code (so the finisher is worth running)?"""
    return f'{CODE_ATTRIBUTE}="' in html


def draw_page_codes(document: Any, pdf: Any) -> None:
    """``write_pdf`` finisher: every page's code boxes get that page's QR code.

    The page's own content stream is wrapped in ``q … Q`` so the drawing after it starts in the
    default coordinate system (weasyprint flips the y axis and leaves it so).
    """
    total = len(document.pages)
    kids = pdf.pages["Kids"]
    masks: dict[tuple[str, str], int] = {}  # one mask per code in a document: see _modules
    for index, page in enumerate(document.pages):
        operations = [op for box in _code_boxes(page._page_box)
                      for op in _symbol(box, page.height, index + 1, total, masks)]
        if not operations:
            continue
        page_object = pdf.objects[kids[3 * index]]  # Kids: number, generation, 'R' per page
        stream = pdf.objects[int(page_object["Contents"].split()[0])]
        stream.stream.insert(0, b"q")
        stream.stream.append(b"Q")
        stream.stream.extend(operations)


def _code_boxes(page_box: Any) -> Iterator[Any]:
    for box in page_box.descendants():
        element = getattr(box, "element", None)
        if element is not None and element.get(CODE_ATTRIBUTE) is not None and "::" not in (box.element_tag or ""):
            yield box


def _symbol(box: Any, page_height: float, pagina: int, aantal: int,
            masks: dict[tuple[str, str], int]) -> list[bytes]:
    """The drawing operations of one code box: a white square with the dark modules in it, one path,
    drawn in module units (``cm``) so the path is the same wherever the box is."""
    template = box.element.get(CODE_ATTRIBUTE)
    level = box.element.get(ERROR_ATTRIBUTE) or "M"
    level = level if level in ("L", "M", "Q", "H") else "M"
    count, mask, path = _modules(page_text(template, pagina, aantal), level, masks.get((template, level)))
    masks.setdefault((template, level), mask)
    side = min(box.width, box.height)  # a square in the middle of the box
    x = box.content_box_x() + (box.width - side) / 2
    y = box.content_box_y() + (box.height - side) / 2 + side  # its lower edge
    size = side * _PT_PER_PX / (count + 2 * QUIET_ZONE)
    left = x * _PT_PER_PX + QUIET_ZONE * size
    bottom = (page_height - y) * _PT_PER_PX + QUIET_ZONE * size  # PDF's y axis points up
    return [b"/Artifact BMC", b"q", f"{_n(size)} 0 0 {_n(size)} {_n(left)} {_n(bottom)} cm".encode(),
            f"1 1 1 rg -{QUIET_ZONE} -{QUIET_ZONE} {count + 2 * QUIET_ZONE} {count + 2 * QUIET_ZONE} re f".encode(),
            b"0 0 0 rg", path, b"f", b"Q", b"EMC"]


@lru_cache(maxsize=256)
def _modules(text: str, level: str, mask: int | None) -> tuple[int, int, bytes]:
    """(modules per side, mask, the dark modules as rectangles in module units, y up) of ``text``.

    segno tries all eight masks and keeps the best: ≈6 ms a code in Python, most of a document's
    cost. The pages of a document differ only in their page number, so the first page's best mask
    serves them all (≈1 ms a code). ``level`` is the least error correction the template asks for:
    segno raises it while the symbol keeps its size.
    """
    import segno

    symbol = segno.make_qr(text, error=level.lower(), mask=mask)
    matrix = symbol.matrix
    count = len(matrix)
    rectangles = []
    for row, modules in enumerate(matrix):
        column = 0
        while column < count:
            if not modules[column]:
                column += 1
                continue
            start = column
            while column < count and modules[column]:
                column += 1
            rectangles.append(f"{start} {count - 1 - row} {column - start} 1 re")
    return count, symbol.mask, "\n".join(rectangles).encode()


def _n(value: float) -> str:
    """A coordinate in points, short and the same on every machine."""
    text = f"{value:.3f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text
