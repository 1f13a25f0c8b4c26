"""DUO's attachment 4 rebuilt, never copied: a new PDF with the advices' visible pages and nothing else.

An advice comes from outside (a council's secretary, a scanner, anyone who can put a file in
``bijlagen/``), so its PDF may carry more than pages: scripts, actions that open links or run
programs, embedded files, form fields, another document's metadata. What reaches DUO is a new
PDF (pikepdf, i.e. qpdf) that keeps per page only what is drawn: the content, the resources it
draws with, the boxes and the rotation. Annotations that have an appearance (form fields, stamps,
the paperclip of an attached file) are first flattened into the page, so what was seen stays
seen; the annotations themselves go, with every action, script, embedded file, outline, form,
XMP and Info of the source. A last walk over every object of the new PDF removes any action or
file that could still hang under a resource.

Before any of that the limits are read without decoding the whole file (``limit_problem``):
pages per attachment from the page tree, decompressed size by inflating with a cap, image
megapixels from the image dictionaries and an image file's header.

PDF/A: the merged PDF gets a title, language ``nl`` and an sRGB output intent. It says it is
PDF/A-3b (like our own PDFs) only when its pages allow it as far as can be seen cheaply: every
font embedded and no CMYK colour; otherwise it says nothing about PDF/A. The claim is not
validated by a PDF/A validator: a source with, for example, transparency or fonts that are
embedded but damaged can still fall short.
"""

from __future__ import annotations

import base64
import io
import re
import warnings
import zlib
from collections.abc import Iterator
from contextlib import contextmanager, suppress

from pipeline.exceptions import DossierError
from pipeline.render.images import MAX_MEGAPIXELS, image_size, too_many_pixels

MAX_PAGES = 200  # per attachment; an advice is a few pages
MAX_DECODED = 150_000_000  # bytes per attachment, all streams unpacked but JPEG images (bounded by their pixels)
MAX_OBJECTS = 200_000  # objects per PDF: an advice has hundreds; each one costs reading time
_CHUNK = 1 << 20

# Filters whose output we can only bound, not stream: the most one input byte can become.
_RATIOS = {"/RunLengthDecode": 64, "/RL": 64, "/LZWDecode": 1400, "/LZW": 1400}
_SHRINKING = {"/ASCIIHexDecode", "/AHx", "/ASCII85Decode", "/A85"}
_FLATE = {"/FlateDecode", "/Fl"}
# Image codecs: qpdf copies these as they are; their pixels are bounded by MAX_MEGAPIXELS.
_IMAGE_CODECS = {"/DCTDecode", "/DCT", "/JPXDecode", "/CCITTFaxDecode", "/CCF", "/JBIG2Decode"}


class Limit(Exception):
    """An attachment beyond one of the limits; the text says which, in Dutch."""


def _mb(n: int) -> str:
    return f"{n // 1_000_000} MB"


# --- the limits, read without unpacking everything first

def limit_problem(data: bytes) -> str | None:
    """Why this attachment (PDF, PNG or JPEG bytes) is beyond a limit, or ``None``.

    Answers in about a second and bounded memory whatever the file holds: the page tree is
    walked with a counter, streams are inflated in chunks up to the cap and thrown away, and
    image sizes come from the dictionaries and headers, never from decoding pixels.
    """
    import pikepdf

    try:
        if not data.startswith(b"%PDF-"):
            with suppress(ValueError):  # no image Pillow knows: content_problem says so
                _image_size(data)
            return None
        with _Silenced():
            try:
                pdf = pikepdf.open(io.BytesIO(data), inherit_page_attributes=False)
            except Exception:  # damaged, or a password: content_problem says which
                return None
            with pdf:
                _check_pdf(pdf)
    except Limit as limit:
        return str(limit)
    except Exception:  # opened, but a walk over it fails: never let it through unmeasured
        return "is beschadigd: het lukt niet om de PDF helemaal te lezen; sla hem opnieuw op als PDF"
    return None


@contextmanager
def opened(data: bytes) -> Iterator[object]:
    """A PDF (pikepdf) or image (Pillow, its size checked first) from ``data``, quietly: no repair
    note or bomb warning reaches the terminal. Raises ``Limit`` for an image beyond the limit."""
    with _Silenced():
        if data.startswith(b"%PDF-"):
            import pikepdf

            with pikepdf.open(io.BytesIO(data), inherit_page_attributes=False) as pdf:
                yield pdf
        else:
            from PIL import Image

            _image_size(data)
            with Image.open(io.BytesIO(data)) as image:
                yield image


class _Silenced(warnings.catch_warnings):
    """qpdf's repair notes and Pillow's bomb warning are not for the applicant's terminal."""

    def __enter__(self) -> None:  # type: ignore[override]
        super().__enter__()
        warnings.simplefilter("ignore")
        import logging

        self._level = logging.getLogger("pikepdf").level
        logging.getLogger("pikepdf").setLevel(logging.CRITICAL)

    def __exit__(self, *exc: object) -> None:
        import logging

        logging.getLogger("pikepdf").setLevel(self._level)
        super().__exit__(*exc)


# What a signed copy may not carry to DUO (it goes byte for byte: nothing can be taken out). Links (URI)
# and embedded files are no such thing: our own PDFs have links and carry the answers as a PDF/A-3 file.
_RUNS = {"/JavaScript": "JavaScript", "/Launch": "een opdracht die een programma start (Launch)",
         "/GoToR": "een sprong naar een ander bestand (GoToR)", "/GoToE": "een sprong naar een ingesloten bestand",
         "/SubmitForm": "een formulier dat gegevens verstuurt", "/ImportData": "een formulier dat gegevens inleest",
         "/RichMediaExecute": "media die iets uitvoert"}


def active_parts(data: bytes) -> list[str]:
    """What in a PDF would do something when DUO opens it (scripts, programs, other files), in Dutch; bounded
    like an attachment (``limit_problem`` first) and by ``MAX_OBJECTS`` objects walked."""
    import pikepdf

    found: set[str] = set()
    with _Silenced():
        try:
            pdf = pikepdf.open(io.BytesIO(data), inherit_page_attributes=False)
        except Exception:  # damaged or locked: the reader says so
            return []
        with pdf:
            names = pdf.Root.get("/Names")
            if isinstance(names, pikepdf.Dictionary) and "/JavaScript" in names:
                found.add("JavaScript")
            for number, obj in enumerate(pdf.objects):
                if number > MAX_OBJECTS:
                    break
                if isinstance(obj, (pikepdf.Dictionary, pikepdf.Stream)):
                    kind = obj.get("/S")
                    if isinstance(kind, pikepdf.Name) and str(kind) in _RUNS:
                        found.add(_RUNS[str(kind)])
                    if "/JS" in obj:
                        found.add("JavaScript")
    return sorted(found)


def embedded_file(data: bytes, name: str, limit: int) -> bytes | None:
    """The file ``name`` a PDF carries (our PDFs embed the answers they show as ``dossier.yaml``), unpacked
    only when it stays within ``limit`` bytes; None when it is not there, too large or unreadable."""
    try:
        with opened(data) as pdf:
            import pikepdf

            if not isinstance(pdf, pikepdf.Pdf) or name not in pdf.attachments:
                return None
            stream = pdf.attachments[name].get_file().obj
            if _decoded_size(stream, limit) > limit:
                return None
            return bytes(stream.read_bytes())
    except Exception:  # damaged, locked, an unknown filter: nothing to say about it
        return None


def _check_pdf(pdf: object) -> None:
    import pikepdf

    assert isinstance(pdf, pikepdf.Pdf)
    count = _page_count(pdf)
    if count > MAX_PAGES:
        raise Limit(f"heeft meer dan {MAX_PAGES} pagina's; een advies is een paar pagina's: "
                    "voeg alleen het advies zelf toe")
    size = int(pdf.trailer.get("/Size", 0))
    if size > MAX_OBJECTS:
        raise Limit(f"bestaat uit meer dan {MAX_OBJECTS:,} onderdelen".replace(",", ".")
                    + "; sla het advies opnieuw op als gewone PDF (bijv. via ‘Afdrukken naar PDF’)")
    budget = MAX_DECODED
    for number, obj in enumerate(pdf.objects):
        if number > MAX_OBJECTS:  # the trailer's /Size can lie
            raise Limit(f"bestaat uit meer dan {MAX_OBJECTS:,} onderdelen".replace(",", ".")
                        + "; sla het advies opnieuw op als gewone PDF (bijv. via ‘Afdrukken naar PDF’)")
        if not isinstance(obj, pikepdf.Stream):
            continue
        if obj.get("/Subtype") == pikepdf.Name.Image:
            _check_pixels(_whole(obj.get("/Width")), _whole(obj.get("/Height")))
        try:
            budget -= _decoded_size(obj, budget)
        except pikepdf.PdfError:  # a stream qpdf cannot read is not written either
            continue
        if budget < 0:
            raise Limit(f"pakt uit tot meer dan {_mb(MAX_DECODED)} (een ‘zip-bom’ of een scan met een "
                        "veel te hoge resolutie): scan opnieuw met 300 dpi")


def _whole(value: object) -> int:
    """A dictionary's number as an int; anything else (a name where a width belongs) as 0."""
    try:
        return int(value)  # type: ignore[call-overload]
    except (TypeError, ValueError):
        return 0


def _page_count(pdf: object) -> int:
    """Leaves of the page tree, counted up to MAX_PAGES + 1 (a lying /Count or a loop does not matter)."""
    import pikepdf

    assert isinstance(pdf, pikepdf.Pdf)
    seen: set[tuple[int, int]] = set()
    stack = [pdf.Root.get("/Pages")]
    count = 0
    while stack and count <= MAX_PAGES:
        node = stack.pop()
        if not isinstance(node, pikepdf.Dictionary):
            continue
        if node.is_indirect:
            if node.objgen in seen:
                continue
            seen.add(node.objgen)
        kids = node.get("/Kids")
        if isinstance(kids, pikepdf.Array):
            if len(kids) > MAX_PAGES + 1 and node.get("/Type") == pikepdf.Name.Pages:
                return len(kids)
            stack.extend(kids)
        else:
            count += 1
    return count


def _check_pixels(width: int, height: int) -> None:
    if width * height > MAX_MEGAPIXELS * 1_000_000:
        raise Limit(f"bevat een afbeelding van {width} × {height} pixels ({width * height // 1_000_000} "
                    f"megapixel, hoogstens {MAX_MEGAPIXELS}): scan opnieuw met 300 dpi")


def _filters(obj: object) -> list[str]:
    import pikepdf

    assert isinstance(obj, pikepdf.Stream)
    f = obj.get("/Filter")
    if f is None:
        return []
    return [str(n) for n in (f if isinstance(f, pikepdf.Array) else [f])]


def _decoded_size(obj: object, budget: int) -> int:
    """What the stream becomes once its general filters are undone, counted up to ``budget`` + 1."""
    import pikepdf

    assert isinstance(obj, pikepdf.Stream)
    raw = obj.read_raw_bytes()
    chunks: Iterator[bytes] = iter([raw])
    bound = 0  # a filter we cannot stream ends the chain with a bound instead of a count
    for name in _filters(obj):
        if name in _IMAGE_CODECS:
            break
        if name in _FLATE:
            chunks = _inflate(chunks, budget + 1)
        elif name in _SHRINKING:
            chunks = iter([_shrink(name, b"".join(chunks))])  # never longer than its input (≤ the budget)
        elif name in _RATIOS:
            bound = sum(len(c) for c in chunks) * _RATIOS[name]
            break
        else:
            raise Limit(f"gebruikt een onbekende compressie ({name.lstrip('/')}); sla het advies opnieuw op als PDF")
    if bound:
        return bound
    total = 0
    for chunk in chunks:
        total += len(chunk)
        if total > budget:
            break
    return total


def _inflate(chunks: Iterator[bytes], cap: int) -> Iterator[bytes]:
    """zlib in pieces of a megabyte, stopping at ``cap``: a bomb is never held in memory."""
    unpack = zlib.decompressobj()
    given = 0
    try:
        for chunk in chunks:
            for start in range(0, len(chunk), _CHUNK):
                data = chunk[start:start + _CHUNK]
                while data:
                    out = unpack.decompress(data, _CHUNK)
                    given += len(out)
                    yield out
                    if given > cap or unpack.eof:
                        return
                    data = unpack.unconsumed_tail
        while given <= cap and not unpack.eof:
            out = unpack.decompress(b"", _CHUNK)  # what zlib still holds back
            if not out:
                break
            given += len(out)
            yield out
    except zlib.error:  # damaged data: qpdf keeps what it can, viewers the same
        return


def _shrink(name: str, data: bytes) -> bytes:
    try:
        if name in {"/ASCIIHexDecode", "/AHx"}:
            text = re.sub(rb"\s+", b"", data.split(b">", 1)[0])
            return bytes.fromhex((text + b"0" * (len(text) % 2)).decode("ascii", "replace"))
        return base64.a85decode(data.split(b"~>", 1)[0].lstrip(b"<~"), ignorechars=b" \t\n\r\x0b\x0c")
    except ValueError:
        return b""


def _image_size(data: bytes) -> tuple[int, int]:
    """An image file's width and height from its header (``render.images``): nothing decoded."""
    problem = too_many_pixels(data)
    if problem:
        raise Limit(f"is een afbeelding van {problem}: scan opnieuw met 300 dpi")
    size = image_size(data)
    if size is None:
        raise ValueError("geen afbeelding")
    return size


# --- the rebuild

# What a page keeps: what is drawn and where. Everything else (/Annots, /AA, /Metadata, /PieceInfo,
# /Thumb, /B, /StructParents …) stays behind.
_PAGE_KEYS = ("/MediaBox", "/CropBox", "/BleedBox", "/TrimBox", "/ArtBox", "/Rotate", "/UserUnit", "/Group")
_INHERITED = ("/Resources", "/MediaBox", "/CropBox", "/Rotate")
# Keys that make a PDF do something, or carry something other than what is drawn, wherever they hang.
_ACTIVE_KEYS = ("/AA", "/A", "/OpenAction", "/JS", "/JavaScript", "/URI", "/Launch", "/EF", "/EmbeddedFiles",
                "/EmbeddedFile", "/FS", "/Names", "/AcroForm", "/Metadata", "/PieceInfo", "/Annots", "/Next",
                "/SubmitForm", "/ImportData", "/Thread", "/Threads", "/RichMedia", "/Sound", "/Movie", "/OPI")
_EXTERNAL_DATA = ("/F", "/FFilter", "/FDecodeParms")  # a stream whose data lives in another file
_ACTIVE_TYPES = ("/Action", "/EmbeddedFile", "/Filespec", "/Metadata", "/Annot", "/Catalog", "/Sig")


def rebuilt_attachment(parts: list[tuple[str, bytes]], title: str) -> bytes:
    """DUO's attachment 4: the pages of every part (name, PDF/PNG/JPEG bytes) in order, rebuilt.

    The same parts give the same bytes (no dates, a document ID from the content). Raises a
    ``DossierError`` naming the part for a file beyond a limit or that cannot be read.
    """
    import pikepdf

    with _Silenced():
        out = pikepdf.new()
        for name, data in parts:
            problem = limit_problem(data)
            if problem:
                raise DossierError(f"{name}: {problem}")
            try:
                if not data.startswith(b"%PDF-"):
                    data = _image_pdf(data)
                with pikepdf.open(io.BytesIO(data), inherit_page_attributes=False) as source:
                    _copy_pages(source, out)
            except Limit as limit:
                raise DossierError(f"{name}: {limit}") from None
            except Exception:  # qpdf or Pillow on a file the check could open
                raise DossierError(f"{name}: kan niet in bijlage 4 worden opgenomen; "
                                   "sla het opnieuw op als PDF") from None
        _strip(out)
        _identify(out, title)
        buffer = io.BytesIO()
        out.save(buffer, deterministic_id=True, compress_streams=True,
                 stream_decode_level=pikepdf.StreamDecodeLevel.generalized,
                 object_stream_mode=pikepdf.ObjectStreamMode.generate, linearize=False,
                 fix_metadata_version=False, min_version="1.7")
        return buffer.getvalue()


def _image_pdf(data: bytes) -> bytes:
    """A PNG or JPEG as a page of its own at 150 dpi; its size checked before a pixel is decoded."""
    from PIL import Image

    _image_size(data)
    page = io.BytesIO()
    with Image.open(io.BytesIO(data)) as image:
        image.convert("RGB").save(page, "PDF", resolution=150)
    return page.getvalue()


def _copy_pages(source: object, out: object) -> None:
    """Each page of ``source`` into ``out`` as a new page dictionary: drawn content only, annotations
    with an appearance flattened into it first (what was seen stays seen, without what it did)."""
    import pikepdf

    assert isinstance(source, pikepdf.Pdf) and isinstance(out, pikepdf.Pdf)
    try:
        if "/AcroForm" in source.Root:
            source.generate_appearance_streams()
        source.flatten_annotations(mode="screen")
    except Exception:  # a broken form: its fields go without their appearance
        pass
    for page in source.pages:
        fresh = pikepdf.Dictionary(Type=pikepdf.Name.Page)
        for key in _INHERITED:
            value = _inherited(page.obj, key)
            if value is not None:
                fresh[key] = value
        for key in _PAGE_KEYS:
            if key in page.obj and key not in fresh:
                fresh[key] = page.obj[key]
        if "/MediaBox" not in fresh:
            fresh.MediaBox = pikepdf.Array([0, 0, 595, 842])  # A4, as a viewer would assume
        if "/Resources" not in fresh:
            fresh.Resources = pikepdf.Dictionary()
        contents = page.obj.get("/Contents")
        if contents is not None:
            fresh.Contents = contents
        out.pages.append(pikepdf.Page(out.copy_foreign(source.make_indirect(fresh))))


def _inherited(node: object, key: str) -> object | None:
    """``key`` of a page or of the nearest node above it that has it (a loop ends the walk)."""
    import pikepdf

    for _ in range(64):
        if not isinstance(node, pikepdf.Dictionary):
            return None
        if key in node:
            return node[key]
        node = node.get("/Parent")
    return None


def _strip(pdf: object) -> None:
    """Remove from every object of the new PDF any action, script, file or metadata that came
    along under a resource (a hostile file can hang them anywhere), and empty such objects."""
    import pikepdf

    assert isinstance(pdf, pikepdf.Pdf)
    for key in list(pdf.Root.keys()):
        if key not in ("/Type", "/Pages", "/OCProperties"):  # layers: what is hidden stays hidden
            del pdf.Root[key]
    tree = {pdf.Root.objgen, pdf.Root.Pages.objgen, *(page.obj.objgen for page in pdf.pages)}
    for obj in pdf.objects:
        if obj.objgen in tree:
            if obj.objgen != pdf.Root.objgen:
                _clean(obj, 0)
            continue
        if isinstance(obj, pikepdf.Dictionary) and obj.get("/Type") in (pikepdf.Name.Page, pikepdf.Name.Pages):
            for key in list(obj.keys()):  # a source page a resource points at: not drawn, not carried
                del obj[key]
            continue
        _clean(obj, 0)
    for key in list(pdf.trailer.keys()):
        if key not in ("/Root", "/Size", "/ID"):
            del pdf.trailer[key]


_ACTIONS = {"/JavaScript", "/Launch", "/URI", "/GoTo", "/GoToR", "/GoToE", "/GoToDp", "/SubmitForm", "/ImportData",
            "/ResetForm", "/Named", "/Hide", "/Rendition", "/Movie", "/Sound", "/SetOCGState", "/Thread",
            "/GoTo3DView", "/RichMediaExecute", "/ECMAScript"}


def _clean(obj: object, depth: int) -> None:
    """One object and the dictionaries and arrays written inside it (not those it refers to: the walk
    over all objects reaches them): an action or a file is emptied, an active key removed."""
    import pikepdf

    if depth > 64:  # qpdf refuses deeper nesting when it reads a file
        return
    if isinstance(obj, pikepdf.Array):
        for item in obj:
            if _direct(item):
                _clean(item, depth + 1)
        return
    if not isinstance(obj, pikepdf.Dictionary | pikepdf.Stream):
        return
    if obj.get("/Type") in _ACTIVE_TYPES or str(obj.get("/S", "")) in _ACTIONS:
        for key in list(obj.keys()):
            if not (isinstance(obj, pikepdf.Stream) and key == "/Length"):
                del obj[key]
        if isinstance(obj, pikepdf.Stream):
            obj.write(b"")
        return
    for key in _EXTERNAL_DATA if isinstance(obj, pikepdf.Stream) else ():
        if key in obj:
            del obj[key]
    for key in list(obj.keys()):
        if key in _ACTIVE_KEYS:
            del obj[key]
        elif _direct(obj[key]):
            _clean(obj[key], depth + 1)


def _direct(obj: object) -> bool:
    """A dictionary or array written inside its parent (an indirect one is an object of its own)."""
    import pikepdf

    return isinstance(obj, pikepdf.Dictionary | pikepdf.Array) and not obj.is_indirect


_CMYK = re.compile(rb"(?:^|[\s\]])(?:-?[\d.]+\s+){4}[kK](?=[\s\[/(<]|$)")


def pdfa_obstacle(pdf: object) -> str | None:
    """Why these pages cannot be called PDF/A-3b, or ``None``: a font that is not embedded (no
    file can add it) or CMYK colour (our output intent is sRGB). Not a full validation."""
    import pikepdf

    assert isinstance(pdf, pikepdf.Pdf)
    for obj in pdf.objects:
        if not isinstance(obj, pikepdf.Dictionary | pikepdf.Stream):
            continue
        if obj.get("/Type") == pikepdf.Name.Font and obj.get("/Subtype") not in (pikepdf.Name.Type3,
                                                                                pikepdf.Name.Type0):
            descriptor = obj.get("/FontDescriptor")
            if not isinstance(descriptor, pikepdf.Dictionary) or not any(
                    k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")):
                return f"het lettertype {str(obj.get('/BaseFont', '?')).lstrip('/')} is niet ingesloten"
        if obj.get("/ColorSpace") == pikepdf.Name.DeviceCMYK or obj.get("/CS") == pikepdf.Name.DeviceCMYK:
            return "een afbeelding is in CMYK"
    for page in pdf.pages:
        for stream in _contents(page.obj.get("/Contents")):
            drawn = stream.read_bytes()  # within MAX_DECODED: the limits were checked first
            if _CMYK.search(drawn) or b"/DeviceCMYK" in drawn:
                return "een pagina tekent in CMYK"
    return None


def _contents(contents: object) -> list[object]:
    import pikepdf

    if isinstance(contents, pikepdf.Stream):
        return [contents]
    if isinstance(contents, pikepdf.Array):
        return [c for c in contents if isinstance(c, pikepdf.Stream)]
    return []


def _identify(pdf: object, title: str) -> None:
    """Title, language and (where the pages allow it) the PDF/A-3b identification of our own PDFs."""
    import pikepdf

    assert isinstance(pdf, pikepdf.Pdf)
    pdf.Root.Lang = pikepdf.String("nl")
    pdf.Root.ViewerPreferences = pikepdf.Dictionary(DisplayDocTitle=True)
    pdf.docinfo = pdf.make_indirect(pikepdf.Dictionary(Title=pikepdf.String(title),
                                                       Producer=pikepdf.String("dossier")))
    pdfa = pdfa_obstacle(pdf) is None
    pdf.Root.Metadata = pdf.make_stream(_xmp(title, pdfa), Type=pikepdf.Name.Metadata,
                                        Subtype=pikepdf.Name.XML)
    if pdfa:
        pdf.Root.OutputIntents = pikepdf.Array([pikepdf.Dictionary(
            Type=pikepdf.Name.OutputIntent, S=pikepdf.Name.GTS_PDFA1,
            OutputConditionIdentifier=pikepdf.String("sRGB IEC61966-2.1"), Info=pikepdf.String("sRGB IEC61966-2.1"),
            DestOutputProfile=pdf.make_stream(_srgb(), N=3))])


def _xmp(title: str, pdfa: bool) -> bytes:
    from xml.sax.saxutils import escape

    part = ('<rdf:Description rdf:about="" xmlns:pdfaid="http://www.aiim.org/pdfa/ns/id/">'
            "<pdfaid:part>3</pdfaid:part><pdfaid:conformance>B</pdfaid:conformance></rdf:Description>"
            if pdfa else "")
    return (
        '<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>'
        '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
        f"{part}"
        '<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/">'
        f'<dc:title><rdf:Alt><rdf:li xml:lang="x-default">{escape(title)}</rdf:li></rdf:Alt></dc:title>'
        "<dc:language><rdf:Bag><rdf:li>nl</rdf:li></rdf:Bag></dc:language></rdf:Description>"
        '<rdf:Description rdf:about="" xmlns:pdf="http://ns.adobe.com/pdf/1.3/">'
        "<pdf:Producer>dossier</pdf:Producer></rdf:Description>"
        '</rdf:RDF></x:xmpmeta><?xpacket end="w"?>'
    ).encode()


def _srgb() -> bytes:
    """The sRGB profile our own PDFs carry (weasyprint's), so every file in the zip has one output intent."""
    from importlib.util import find_spec
    from pathlib import Path

    spec = find_spec("weasyprint")  # found, not imported: importing weasyprint costs half a second
    assert spec is not None and spec.origin is not None
    return (Path(spec.origin).parent / "pdf" / "sRGB2014.icc").read_bytes()
