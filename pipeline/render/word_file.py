"""What every reader of a Word template checks first: it is a Word file, without a DTD.

A .docx is a zip of XML parts. Word never writes a ``<!DOCTYPE>``: one in a part can only
declare entities, which either expand a few bytes into gigabytes (the lxml parser then
refuses with an English error) or name a file on the disk (an external entity). The build
and the lint both ask ``word_file_problem`` before they parse, and refuse with one Dutch
message.
"""

from __future__ import annotations

import io
import zipfile

_XML_SUFFIXES = (".xml", ".rels")
# in every encoding an XML part may declare (a UTF-16 part hid it from a search for the UTF-8 bytes)
_DOCTYPES = tuple("<!DOCTYPE".encode(encoding) for encoding in ("utf-8", "utf-16-le", "utf-16-be",
                                                                 "utf-32-le", "utf-32-be"))


def word_file_problem(data: bytes) -> str | None:
    """Why ``data`` is not a Word template we read, or ``None``."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = archive.namelist()
            if "word/document.xml" not in names:
                return "is geen geldig Word-bestand (.docx): word/document.xml ontbreekt"
            for name in names:
                if name.endswith(_XML_SUFFIXES) and any(d in archive.read(name).upper() for d in _DOCTYPES):
                    return (f"bevat in {name} een DOCTYPE met eigen XML-entiteiten; Word maakt die nooit en ze "
                            "worden niet gelezen: open het bestand in Word en sla het opnieuw op")
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return "is geen geldig Word-bestand (.docx): het is geen zip-archief"
    return None
