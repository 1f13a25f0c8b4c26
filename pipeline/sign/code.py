"""The version code as it stands on every page of a document that is signed, for people and machines.

People read the footer line (``versie K7F3-9QX2 · pagina 2 van 5``); a machine reads the same
from the text layer of a PDF, or, on a scan, from the QR code on the page, which also names the
document (``OZA:samenwerkingsovereenkomst:K7F3-9QX2:2:5``). Both forms are written and parsed
here only, so the renderer and the reader of signed copies cannot drift apart.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

PREFIX = "OZA"
_VERSION = r"[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}"  # Crockford base 32 (render.version)
_QR = re.compile(rf"{PREFIX}:([a-z]+):({_VERSION}):(\d{{1,4}}):(\d{{1,4}})")
_FOOTER = re.compile(rf"versie\s+({_VERSION})\s*·\s*pagina\s+(\d{{1,4}})\s+van\s+(\d{{1,4}})")


@dataclass(frozen=True, slots=True)
class PageCode:
    """What one page says it is: which document (when the QR code says), which version, which page."""

    versie: str
    pagina: int
    aantal: int
    document: str | None = None  # the document id; the footer text does not name it

    @property
    def label(self) -> str:
        return f"pagina {self.pagina} van {self.aantal}"


def payload(document: str, versie: str, pagina: int, aantal: int) -> str:
    """The QR code's text on page ``pagina`` of ``aantal``."""
    return f"{PREFIX}:{document}:{versie}:{pagina}:{aantal}"


def from_qr(text: str) -> PageCode | None:
    """The page code a QR code holds, or None when it is not one of ours."""
    m = _QR.fullmatch(text.strip())
    if not m:
        return None
    return PageCode(m[2], int(m[3]), int(m[4]), document=m[1])


def from_text(text: str) -> PageCode | None:
    """The page code in a page's text layer (its footer line), or None."""
    found = _FOOTER.findall(text)
    if len(found) != 1:  # none, or a page that quotes another page's footer: let the QR code decide
        return None
    versie, pagina, aantal = found[0]
    return PageCode(versie, int(pagina), int(aantal))
