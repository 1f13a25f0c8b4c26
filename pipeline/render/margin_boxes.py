"""A Word header or footer as ``@page`` margin boxes instead of a running element, when it can be one.

A running element is an element laid out again on every page (weasyprint: ``element()``), with
the cascade, boxes and a table layout each time; a margin box with ``content: "…" counter(page)``
is a line of text. Measured per PDF of the example: ≈6 % less CPU (issue 29), pages pixel-equal.

The converter decides per header or footer, on its own closed HTML, and only for the two shapes
Word's headers and footers take in our templates: one paragraph of plain text (a header: into
``@top-center``), or a borderless one-row table of two cells holding one such paragraph each
(a footer: into ``@bottom-left`` and ``@bottom-right``). Plain text means text and the PAGE and
NUMPAGES fields; a QR code box, an image, bold words or a third column keep the running
element. The boxes get the declarations the stylesheet gives the paragraph's class (and its
direct formatting), the cell padding of ``table.kaderloos td`` and, as their margin towards the
page, the padding the stylesheet gives the running elements' boxes: the same place, font and
line on every page. A declaration outside the short list below (a background, a margin that is
not 0) keeps the running element, so a stylesheet the converter does not understand changes
nothing.
"""

from __future__ import annotations

import html as htmllib
import re
from functools import lru_cache

import tinycss2

# what a paragraph's class may declare for its text to become a margin box: the rest would
# need the element (or changes what the element looked like)
_ALLOWED = re.compile(r"(font|font-(size|weight|style|family|variant)|color|text-align|letter-spacing|word-spacing|"
                      r"text-transform|line-height|padding(-(top|right|bottom|left))?|"
                      r"border(-(top|right|bottom|left))?(-(width|style|color))?|margin)\Z")
_TEXT = r"(?:[^<]|<span class=\"pagina(?:nummer|totaal)\"></span>)*"
_PARAGRAPH = re.compile(rf'<p class="([^"<>]+)">({_TEXT})</p>')
_EMPTY = re.compile(r'(?:<p class="leeg"></p>)*')  # Word's empty paragraphs: they draw nothing
_FIELD = re.compile(r'<span class="pagina(nummer|totaal)"></span>')
_CELL = rf'<td><p class="([^"<>]+)">({_TEXT})</p></td>'
_FOOTER_TABLE = re.compile(
    rf'<table class="kaderloos"><colgroup>(?:<col(?: class="[^"<>]*")?>)*</colgroup><tbody><tr>{_CELL}{_CELL}'
    r'</tr></tbody></table>(?:<p class="slotregel leeg"></p>)?')


@lru_cache(maxsize=8)
def _rules(stylesheet: str) -> tuple[dict[str, list[tuple[str, str]]], dict[str, list[tuple[str, str]]]]:
    """The stylesheet's plain rules by selector, and its ``@page`` margin boxes' declarations by box."""
    plain: dict[str, list[tuple[str, str]]] = {}
    boxes: dict[str, list[tuple[str, str]]] = {}
    for rule in tinycss2.parse_stylesheet(stylesheet, skip_comments=True, skip_whitespace=True):
        if rule.type == "qualified-rule":
            for selector in tinycss2.serialize(rule.prelude).split(","):
                plain.setdefault(" ".join(selector.split()), []).extend(_declarations(rule.content))
        elif rule.type == "at-rule" and rule.lower_at_keyword == "page" and not tinycss2.serialize(
                rule.prelude).strip():  # the plain @page: the boxes the running elements go in
            for inner in tinycss2.parse_blocks_contents(rule.content or [], skip_comments=True, skip_whitespace=True):
                if inner.type == "at-rule":
                    boxes.setdefault(inner.lower_at_keyword, []).extend(_declarations(inner.content or []))
    return plain, boxes


def _declarations(content: list) -> list[tuple[str, str]]:
    found = []
    for item in tinycss2.parse_blocks_contents(content, skip_comments=True, skip_whitespace=True):
        if item.type == "declaration":
            value = tinycss2.serialize(item.value).strip()
            found.append((item.lower_name, f"{value} !important" if item.important else value))
    return found


def _paragraph_style(classes: str, stylesheet: str, direct: dict[str, str]) -> list[tuple[str, str]] | None:
    """The declarations of a paragraph's classes (stylesheet rule ``.name``, then its direct
    formatting), or None when one is not for a margin box. The class rule must set ``margin: 0``:
    otherwise the paragraph's margins (``p``) would have placed it elsewhere."""
    plain, _ = _rules(stylesheet)
    declared: list[tuple[str, str]] = []
    names = classes.split()
    for name in names:
        if name.startswith("direct:"):
            declarations = direct.get(name)
            if declarations is None:
                return None
            declared += [tuple(part.split(": ", 1)) for part in declarations.split("; ")]  # type: ignore[misc]
        else:
            declared += plain.get(f".{name}", [])
    if not all(_ALLOWED.match(name) for name, _ in declared):
        return None
    margins = [value for name, value in declared if name.startswith("margin")]
    if margins != ["0"]:
        return None
    return [(name, value) for name, value in declared if not name.startswith("margin")]


def _content(text: str) -> str:
    """The CSS ``content`` of a paragraph's text with its PAGE and NUMPAGES fields."""
    pieces = []
    for n, part in enumerate(_FIELD.split(text)):
        if n % 2:
            pieces.append("counter(page)" if part == "nummer" else "counter(pages)")
        elif part:
            # a CSS string inside <style>: a quote and a backslash escaped, and < and > as CSS escapes, so an
            # answer holding '</style>' or markup stays text in the page (the HTML parser does not decode them)
            plain = (htmllib.unescape(part).replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ")
                     .replace("<", "\\3c ").replace(">", "\\3e "))
            pieces.append(f'"{plain}"')
    return " ".join(pieces) or '""'


def _value(declarations: list[tuple[str, str]], name: str, default: str = "0") -> str:
    for key, value in reversed(declarations):
        if key == name:
            return value
    return default


def _side(value: str, index: int) -> str:
    """One side (top, right, bottom, left) of a ``padding`` shorthand."""
    parts = value.split()
    if not parts:
        return "0"
    order = {1: (0, 0, 0, 0), 2: (0, 1, 0, 1), 3: (0, 1, 2, 1), 4: (0, 1, 2, 3)}.get(len(parts))
    return parts[order[index]] if order else "0"


def _padding(declarations: list[tuple[str, str]], side: int, name: str) -> str:
    """The used padding of one side from ``padding`` and ``padding-<side>`` in cascade order."""
    value = "0"
    for key, given in declarations:
        if key == "padding":
            value = _side(given, side)
        elif key == f"padding-{name}":
            value = given
    return value


_RESET = "content: none; margin: 0; padding: 0; border: 0 none; width: auto; height: auto"


def _box(content: str, style: list[tuple[str, str]], extra: str) -> str:
    own = "; ".join(f"{name}: {value}" for name, value in style)
    return f"content: {content}; margin: 0; padding: 0; border: 0 none; {own}; {extra}"


def header_boxes(html: str, stylesheet: str, direct: dict[str, str]) -> dict[str, str] | None:
    """A header (the converter's HTML of it) as ``{box: declarations}`` for ``@top-*``; None: keep it running."""
    if _EMPTY.fullmatch(html):
        return {}
    found = _PARAGRAPH.fullmatch(html)
    if found is None:
        return None
    style = _paragraph_style(found.group(1), stylesheet, direct)
    if style is None:
        return None
    _, boxes = _rules(stylesheet)
    gap = _padding(boxes.get("top-center", []), 2, "bottom")  # between the running element and the page
    return {"top-center": _box(_content(found.group(2)), style,
                               f"width: 100%; vertical-align: bottom; margin-bottom: {gap}")}


def footer_boxes(html: str, stylesheet: str, direct: dict[str, str]) -> dict[str, str] | None:
    """A footer as ``{box: declarations}`` for ``@bottom-left`` and ``@bottom-right``; None: keep it running."""
    if _EMPTY.fullmatch(html):
        return {}
    found = _FOOTER_TABLE.fullmatch(html)
    if found is None:
        return None
    left, right = (_paragraph_style(found.group(n), stylesheet, direct) for n in (1, 3))
    if left is None or right is None or any(name.startswith(("padding", "border")) for name, _ in [*left, *right]):
        return None
    if _value(left, "text-align", "left") != "left" or _value(right, "text-align", "left") != "right":
        return None  # the columns' widths would matter: only a left and a right-aligned text are the same
    plain, boxes = _rules(stylesheet)
    cell = plain.get("table.kaderloos td", [])
    gap = _padding(boxes.get("bottom-center", []), 0, "top")
    top = _padding(cell, 0, "top")
    common = f"vertical-align: top; margin-top: {gap}; padding-top: {top}"
    return {
        "bottom-left": _box(_content(found.group(2)), left, f"{common}; padding-left: {_padding(cell, 3, 'left')}"),
        "bottom-right": _box(_content(found.group(4)), right,
                             f"{common}; padding-right: {_padding(cell, 1, 'right')}"),
    }


def page_rule(selector: str, side: str, boxes: dict[str, str] | None, running: str) -> str:
    """The ``@page`` rule for one side (``top`` or ``bottom``) of the pages ``selector`` names: the
    margin boxes, or the running element ``running`` in the centre box; every other box of
    that side is emptied, so a first page's own header never shows the other pages' boxes."""
    rules = []
    for place in ("left", "center", "right"):
        box = f"{side}-{place}"
        if boxes is not None:
            rules.append(f"@{box} {{ {boxes.get(box, _RESET)} }}")
        elif place == "center":
            rules.append(f"@{box} {{ content: element({running}) }}")
        else:
            rules.append(f"@{box} {{ content: none }}")
    return f"@page{selector} {{ {' '.join(rules)} }}"
