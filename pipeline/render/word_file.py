"""What every reader of a Word template checks first: a Word file, closed on itself.

A .docx is a zip of XML parts. Word never writes a ``<!DOCTYPE>``: one in a part can only
declare entities, which either expand a few bytes into gigabytes (the lxml parser then
refuses with an English error) or name a file on the disk (an external entity). Nor does a
template need anything that reaches outside the file or runs when it is opened: a picture or
frame loaded from a path or a web address (a tracking pixel, ``file:///etc/passwd``), a remote
attached template, a macro project (.docm), an ``altChunk`` (text Word imports from another
file: in Word, never in our PDF), or a DDE/INCLUDE/LINK field. Every document made from the
template would carry them to each reader. A hyperlink to a web or mail address stays: it is
only followed when someone clicks it. The build and the lint both ask ``word_file_problems``
before they parse, and refuse with the same Dutch messages, naming the part and what it names.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator

from lxml import etree

_XML_SUFFIXES = (".xml", ".rels")
# in every encoding an XML part may declare (a UTF-16 part hid it from a search for the UTF-8 bytes)
_DOCTYPES = tuple("<!DOCTYPE".encode(encoding) for encoding in ("utf-8", "utf-16-le", "utf-16-be",
                                                                 "utf-32-le", "utf-32-be"))


_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_CT = "{http://schemas.openxmlformats.org/package/2006/content-types}"
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
_MACRO_TYPES = ("macroEnabled", "vbaProject", "vbaData", "activeX")
# Field codes that fetch or run something when Word updates fields (DDE starts a program).
_REACHING_FIELDS = frozenset({"DDE", "DDEAUTO", "INCLUDEPICTURE", "INCLUDETEXT", "INCLUDE", "LINK", "IMPORT"})
_LINK_SCHEMES = re.compile(r"(?i)(https?|mailto):")
_WHAT_TO_DO = "verwijder het in Word (of vervang het door iets dat in het bestand zelf staat) en sla opnieuw op"


def _where(name: str) -> str:
    """A part as the consultant knows it."""
    stem = name.rsplit("/", 1)[-1]
    for prefix, label in (("document", "de hoofdtekst"), ("header", "een koptekst"), ("footer", "een voettekst"),
                          ("footnotes", "de voetnoten"), ("endnotes", "de eindnoten"), ("settings", "de instellingen"),
                          ("comments", "de opmerkingen")):
        if stem.startswith(prefix):
            return f"{label} ({name})"
    return name


def _owner(rels_name: str) -> str:
    """``word/_rels/header1.xml.rels`` → ``word/header1.xml``: the part whose relationships these are."""
    folder, _, stem = rels_name.rpartition("_rels/")
    return folder + stem.removesuffix(".rels")


def _relationship_problems(name: str, xml: bytes) -> Iterator[str]:
    for rel in etree.fromstring(xml, _PARSER).iter(f"{_REL}Relationship"):
        kind = rel.get("Type", "").rsplit("/", 1)[-1]
        target, where = rel.get("Target", ""), _where(_owner(name))
        if kind in {"vbaProject", "vbaData", "activeXControl"}:
            yield f"bevat macro's of ActiveX-besturing ({target}, in {where}); {_WHAT_TO_DO} als .docx"
        elif kind == "aFChunk":
            yield (f"voegt in {where} de inhoud van een ander bestand in (altChunk ‘{target}’): Word toont die "
                   f"tekst, de PDF niet; {_WHAT_TO_DO}")
        elif rel.get("TargetMode") == "External" and not (kind == "hyperlink" and _LINK_SCHEMES.match(target)):
            what = {"image": "een afbeelding", "attachedTemplate": "een sjabloon", "oleObject": "een object",
                    "frame": "een frame", "subDocument": "een subdocument", "hyperlink": "een koppeling"}.get(
                kind, f"iets ({kind})")
            yield f"haalt in {where} {what} van buiten het bestand ({target}); {_WHAT_TO_DO}"


def _field_codes(root: etree._Element) -> Iterator[str]:
    """Every field's code: ``fldSimple``'s attribute, or the instrText runs between a begin and its end."""
    codes: list[list[str]] = []
    for element in root.iter(f"{_W}fldSimple", f"{_W}fldChar", f"{_W}instrText"):
        if element.tag == f"{_W}fldSimple":
            yield element.get(f"{_W}instr", "")
        elif element.tag == f"{_W}instrText":
            if codes:
                codes[-1].append(element.text or "")
        elif element.get(f"{_W}fldCharType") == "begin":
            codes.append([])
        elif element.get(f"{_W}fldCharType") == "end" and codes:
            yield "".join(codes.pop())


def _content_problems(name: str, xml: bytes) -> Iterator[str]:
    root = etree.fromstring(xml, _PARSER)
    if next(root.iter(f"{_W}altChunk"), None) is not None:
        yield (f"voegt in {_where(name)} de inhoud van een ander bestand in (altChunk): Word toont die tekst, de "
               f"PDF niet; {_WHAT_TO_DO}")
    for code in _field_codes(root):
        keyword = code.split()[0].upper() if code.split() else ""
        if keyword in _REACHING_FIELDS:
            yield (f"heeft in {_where(name)} een {keyword}-veld (‘{code.strip()[:80]}’) dat bij het bijwerken iets "
                   f"van buiten het bestand haalt of start; {_WHAT_TO_DO}")


def word_file_problems(data: bytes) -> list[str]:
    """Why ``data`` is not a Word template we read (empty: it is one). A file that is no Word file
    or declares entities gets that one reason: nothing else of it is parsed."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = archive.namelist()
            if "word/document.xml" not in names:
                return ["is geen geldig Word-bestand (.docx): word/document.xml ontbreekt"]
            parts = {name: archive.read(name) for name in names if name.endswith(_XML_SUFFIXES)}
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return ["is geen geldig Word-bestand (.docx): het is geen zip-archief"]
    for name, xml in parts.items():
        if any(d in xml.upper() for d in _DOCTYPES):
            return [f"bevat in {name} een DOCTYPE met eigen XML-entiteiten; Word maakt die nooit en ze "
                    "worden niet gelezen: open het bestand in Word en sla het opnieuw op"]
    problems: list[str] = []
    try:
        types = etree.fromstring(parts.get("[Content_Types].xml", b"<Types/>"), _PARSER)
        if any(marker in t.get("ContentType", "") for t in types.iter(f"{_CT}Default", f"{_CT}Override")
               for marker in _MACRO_TYPES) or any(n.lower().endswith("vbaproject.bin") for n in names):
            problems.append("is een Word-bestand met macro's (.docm of vbaProject.bin); macro's horen niet in een "
                            "sjabloon: sla het in Word op als ‘Word-document (*.docx)’")
        for name, xml in sorted(parts.items()):
            if name.endswith(".rels"):
                problems.extend(_relationship_problems(name, xml))
            elif name.startswith("word/") and not name.startswith("word/theme/"):
                problems.extend(_content_problems(name, xml))
    except etree.XMLSyntaxError as exc:
        problems.append(f"is geen geldig Word-bestand (.docx): een onderdeel is geen geldige XML ({exc.msg})")
    return list(dict.fromkeys(problems))


def word_file_problem(data: bytes) -> str | None:
    """The first reason ``data`` is not a Word template we read, or ``None``."""
    problems = word_file_problems(data)
    return problems[0] if problems else None
