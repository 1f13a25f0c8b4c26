"""Word's fields as the converter and the template lint read them, nested ones included.

A complex field is ``fldChar begin``, its code (``instrText``), optionally ``separate`` and the
result Word stored, then ``end``. A field inside another's code gives that code its value:
``{ DISPLAYBARCODE "OZA:…:{ PAGE }:{ NUMPAGES }" QR \\q 1 \\h 907 }`` is a QR code that Word draws
again on every page with that page's number. ``FieldStack`` follows the open fields while a
part's runs are read in order, so the converter (``docx_html``) and the lint (``lint/page_code``)
see the same code; ``barcode`` reads a DISPLAYBARCODE code (Office Open XML field syntax,
[MS-OI29500] 3.1.3.2.7: ``\\q`` error correction 0–3, ``\\h`` height in twips, ``\\s`` scale in %).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from lxml import etree

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"

# Where a nested PAGE or NUMPAGES field stands in a field's code: private-use characters, which
# Word text does not contain, so the page's own number and total can be put in per page.
PAGE_MARK = "\ue000"
TOTAL_MARK = "\ue001"
_PAGE_FIELDS = {"PAGE": PAGE_MARK, "NUMPAGES": TOTAL_MARK, "SECTIONPAGES": TOTAL_MARK}
_ERROR_LEVELS = "LMQH"  # \q 0–3
_TWIPS_PER_MM = 1440 / 25.4
DEFAULT_SIZE_MM = 15.0  # a QR code without \h: Word's own default size is not specified


def field_word(code: str) -> str:
    """The field's name: ``PAGE`` for ``' PAGE  \\* MERGEFORMAT '``."""
    return code.strip().split(" ", 1)[0].upper()


@dataclass(slots=True)
class _Open:
    code: list[str] = field(default_factory=list)
    value: list[str] = field(default_factory=list)  # its result, when it stands in another field's code
    in_result: bool = False
    shown: bool = False


@dataclass(slots=True)
class FieldStack:
    """The fields open at this point of a paragraph's runs.

    ``separate`` and ``end`` return the code of a field whose result would be shown (one not inside
    another field's code): at its separator, or at its end when Word stored no result. The caller
    turns that code into its own markup and calls ``shown`` when it did, so the stale result Word
    stored is skipped (``hidden``).
    """

    open: list[_Open] = field(default_factory=list)

    @property
    def in_code(self) -> bool:
        """Inside some field's code: text here is not shown."""
        return any(not f.in_result for f in self.open)

    @property
    def hidden(self) -> bool:
        """Inside the stored result of a field the caller showed itself."""
        return any(f.shown for f in self.open)

    def begin(self) -> None:
        self.open.append(_Open())

    def code(self, text: str) -> None:
        if self.open and not self.open[-1].in_result:
            self.open[-1].code.append(text)

    def text(self, text: str) -> bool:
        """Result text; True when it belongs to a field inside another's code (not shown)."""
        if not self.in_code:
            return False
        if self.open[-1].in_result:
            self.open[-1].value.append(text)
        return True

    def separate(self) -> str | None:
        if not self.open:
            return None
        top = self.open[-1]
        top.in_result = True
        return None if self.in_code else "".join(top.code)

    def end(self) -> str | None:
        if not self.open:
            return None
        top = self.open.pop()
        code = "".join(top.code)
        if self.in_code:  # a field in another's code: its value becomes part of that code
            outer = next(f for f in reversed(self.open) if not f.in_result)
            outer.code.append(_PAGE_FIELDS.get(field_word(code), "".join(top.value)))
            return None
        return None if top.in_result else code

    def shown(self) -> None:
        if self.open:
            self.open[-1].shown = True


def field_codes(root: etree._Element) -> Iterator[str]:
    """The code of every field of a part whose result would be shown, nested fields filled in."""
    fields = FieldStack()
    for el in root.iter(f"{W}fldChar", f"{W}instrText", f"{W}fldSimple"):
        if el.tag == f"{W}fldSimple":
            yield el.get(f"{W}instr") or ""
            continue
        if el.tag == f"{W}instrText":
            fields.code(el.text or "")
            continue
        kind = el.get(f"{W}fldCharType")
        if kind == "begin":
            fields.begin()
            continue
        found = fields.separate() if kind == "separate" else fields.end()
        if found is not None:
            yield found


@dataclass(frozen=True, slots=True)
class Barcode:
    """A DISPLAYBARCODE field: what it encodes (with ``PAGE_MARK``/``TOTAL_MARK``), how, how large."""

    data: str
    kind: str  # QR, CODE128, …
    error: str  # QR error correction: L, M, Q or H
    size_mm: float

    def text(self, pagina: int, aantal: int) -> str:
        """What the code says on page ``pagina`` of ``aantal``."""
        return page_text(self.data, pagina, aantal)


def page_text(data: str, pagina: int, aantal: int) -> str:
    """A field's text with the page's number and the total put in for its nested fields."""
    return data.replace(PAGE_MARK, str(pagina)).replace(TOTAL_MARK, str(aantal))


_TOKEN = re.compile(r'"((?:[^"\\]|\\.)*)"|(\S+)', re.S)


def barcode(code: str) -> Barcode | None:
    """The barcode a field's code asks for, or None when it is no DISPLAYBARCODE field."""
    tokens = [(True, re.sub(r"\\(.)", r"\1", m[1])) if m[1] is not None else (False, m[2])
              for m in _TOKEN.finditer(code)]  # (quoted, text)
    if len(tokens) < 3 or tokens[0][0] or tokens[0][1].upper() != "DISPLAYBARCODE":
        return None
    data, kind = tokens[1][1], tokens[2][1].upper()
    switches: dict[str, str] = {}
    rest = tokens[3:]
    for i, (quoted, token) in enumerate(rest):
        if not quoted and token.startswith("\\") and len(token) == 2:
            following = rest[i + 1][1] if i + 1 < len(rest) else ""
            switches[token[1].lower()] = following if not following.startswith("\\") else ""
    level = _number(switches.get("q"))
    error = _ERROR_LEVELS[level] if level is not None and 0 <= level <= 3 else "M"
    height = _number(switches.get("h"))
    size = height / _TWIPS_PER_MM if height else DEFAULT_SIZE_MM
    scale = _number(switches.get("s"))
    if scale and 10 <= scale <= 1000:
        size *= scale / 100
    return Barcode(data, kind, error, round(size, 2))


def _number(value: str | None) -> int | None:
    try:
        return int(value) if value is not None else None
    except ValueError:
        return None
