"""Property tests: whatever text an applicant pastes into whatever field, the tool holds up.

* Every free-text field of the model (walked with ``leaf_fields()``, nothing listed by hand)
  gets arbitrary text at once — XML-illegal and control characters, zero-width and RTL
  characters, ``& < > " '``, emoji, Markdown syntax — and every Word document must build,
  be well-formed, and show each field's text after the documented normalisation
  (``normalise_text``: control characters dropped, line endings unified; surrounding
  whitespace stripped).
* The PDF of one document, with one field's text drawn from characters the document fonts
  have, must show that text too (PDFs are slow: a few examples by default).
* Any text in any string field, fixed-format ones included, written to dossier.yaml: then
  ``dossier validate`` accepts it or names exactly that field — never a traceback.
* Any small edit of the example's YAML: accepted or a located error, never a traceback.

Run more examples with ``HYPOTHESIS_PROFILE=slow`` (about ten times as many).
"""

from __future__ import annotations

import copy
import io
import json
import os
import re
import tempfile
import zipfile
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

from docx import Document as open_docx
from docx.table import Table
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from lxml import etree
from pydantic import ValidationError
from pypdf import PdfReader

from pipeline.cli import run
from pipeline.documents import documents_for
from pipeline.model.answers import Dossier
from pipeline.model.fields import FieldSpec, leaf_fields
from pipeline.model.types import normalise_text, opvultekst
from pipeline.read.validate import LoadedDossier, load_dossier
from pipeline.render.docx import render_docx
from pipeline.render.html import render_html
from pipeline.render.markdown import tokens
from pipeline.render.pdf import PdfOptions, render_pdf
from pipeline.templates import TEMPLATES
from pipeline.ui import Reporter
from tests.conftest import EXAMPLE, example_text

SLOW = os.environ.get("HYPOTHESIS_PROFILE") == "slow"
settings.register_profile("slow", deadline=None, print_blob=True)
if SLOW:
    settings.load_profile("slow")


def examples(fast: int) -> int:
    """``fast`` examples in CI (the whole file well under 30 s); ten times more with --slow."""
    return fast * 10 if SLOW else fast


COMMON = {
    "deadline": None,  # never a timed assertion: a slow machine is not a failure
    "suppress_health_check": [HealthCheck.too_slow, HealthCheck.data_too_large],
}

# Shrinking a failure of seventy fields at once takes minutes; in CI the unshrunk example
# (and the list of missing pieces) is report enough. The slow profile shrinks.
PHASES = tuple(Phase) if SLOW else (Phase.explicit, Phase.reuse, Phase.generate)

# ------------------------------------------------------------------ the model's string fields

Loc = tuple[str | int, ...]


def concrete(path: str) -> Loc:
    """``scholen[].naam`` → ``("scholen", 0, "naam")``: the first item of every list."""
    loc: list[str | int] = []
    for part in path.split("."):
        if part.endswith("[]"):
            loc += [part[:-2], 0]
        else:
            loc.append(part)
    return tuple(loc)


def put(data: dict[str, Any], loc: Loc, value: Any) -> None:
    target: Any = data
    for part in loc[:-1]:
        target = target[part]
    target[loc[-1]] = value


@cache
def base_data() -> dict[str, Any]:
    """The example's answers, plus the optional groups it leaves out, so every field exists."""
    data = copy.deepcopy(load_dossier(EXAMPLE).source.data)
    data["individuele_route"] = {
        "gemeente": "Gemeente Oost Gelre",
        "samen_met_toegang": True,
        "ondersteuningsvraag": "Onderwijs en dagbehandeling op één plek.",
        "evaluatie": "Elk half jaar met de ouders en de partners.",
    }
    data["privacy_uitzonderingen"] = [{"pad": "regisseur.telefoon", "reden": "Zakelijk nummer van het loket."}]
    data["bijlagen"]["opr_instemming"] = "bijlagen/opr.pdf"
    data["bijlagen"]["scans_bevestigd"] = [{"bestand": "bijlagen/opr.pdf", "door": "Sanne Oude Wesselink",
                                            "datum": "2027-02-01"}]
    Dossier.model_validate(data)
    return data


def value_at(dossier: Dossier, loc: Loc) -> str:
    value: Any = dossier
    for part in loc:
        value = value[part] if isinstance(part, int) else getattr(value, part)
    return value


def _accepts_free_text(loc: Loc) -> bool:
    data = copy.deepcopy(base_data())
    put(data, loc, "Vrije tekst, met spaties")
    try:
        Dossier.model_validate(data)
    except ValidationError:
        return False
    return True


STRING_FIELDS: tuple[FieldSpec, ...] = tuple(
    f for f in leaf_fields() if f.kind in ("tekst", "markdown", "bijlage") and not f.is_list
)
FREE_TEXT: tuple[FieldSpec, ...] = tuple(f for f in STRING_FIELDS if _accepts_free_text(concrete(f.path)))
FIXED_FORMAT = tuple(f for f in STRING_FIELDS if f not in FREE_TEXT)
PATHS = {"scholen[].mr_advies", "bijlagen.mr_advies_samenwerkingsverband", "bijlagen.opr_instemming",
         "bijlagen.scans_bevestigd[].bestand"}


def _model_normalises(loc: Loc) -> bool:
    data = copy.deepcopy(base_data())
    put(data, loc, "a\x1bb")
    return value_at(Dossier.model_validate(data), loc) == "ab"


# Plain ``str`` fields (attachment paths, privacy waivers) are normalised by the loader only;
# the properties hand them text as the loader would.
LOADER_ONLY = {f.path for f in FREE_TEXT if not _model_normalises(concrete(f.path))}


def test_the_walk_finds_every_string_field() -> None:
    """The properties below cover the model as it is, not a list that can fall behind."""
    assert len(STRING_FIELDS) >= 80
    assert {"arrangement.naam", "arrangement.opmerkingen", "individuele_route.ondersteuningsvraag",
            "privacy_uitzonderingen[].reden", "samenwerkingsovereenkomst.ondertekenaars[].naam"} <= {
        f.path for f in FREE_TEXT
    }
    assert {"aanvrager.adres.postcode", "scholen[].brin", "regisseur.email"} <= {f.path for f in FIXED_FORMAT}
    for spec in STRING_FIELDS:  # every location exists in the base data (parents and list items)
        loc = concrete(spec.path)
        put(copy.deepcopy(base_data()), loc, "x")


# ------------------------------------------------------------------ text strategies

# Characters an applicant's paste may hold: anything Unicode has (surrogates excluded: they
# cannot be stored in a UTF-8 file), with the awkward ones made frequent.
AWKWARD = [
    *"&<>\"'*_`#[]()!\\|-+.:~{}%\t\n",
    "\x00", "\x08", "\x0b", "\x0c", "\x1b", "\x7f", "\x85", "\x9f", "\ufffe", "\uffff", "\r\n",
    "\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u202e", "\u202c", "\u200f",
    "\u05e9\u05dc\u05d5\u05dd", "\u0645\u0631\u062d\u0628\u0627", "😀", "👩‍👩‍👧", "e\u0301",
    "<script>", "</b>", "&amp;", "&#0;", "{{ x }}", "{% if %}", "**", "\n\n", "\n- ", "\n1. ",
    "\n# ", "\n    ", "\n```\n", "[a](file:///etc/passwd)", "![i](http://127.0.0.1:9/x.png)", "<http://x.nl>",
]
ANY_TEXT = st.lists(st.one_of(st.text(max_size=6), st.sampled_from(AWKWARD)), max_size=8).map("".join)


def usable(text: str) -> str:
    """A required answer may not be blank after normalisation; keep the awkward part anyway."""
    return text if normalise_text(text).strip() else text + "·"


def path_like(text: str) -> str:
    """Attachment paths must stay inside the folder: no separators, drives or ``..``. Their
    control characters are dropped by the loader (the model's path type does not). The name
    starts with a letter: a name of dots alone ('.') is a folder, which the model normalises
    away (``bijlagen/.`` is ``bijlagen``), not text shown as typed."""
    return "bijlagen/b" + re.sub(r"[/\\:]", "", normalise_text(text)).replace("..", "·")


def field_text(spec: FieldSpec) -> st.SearchStrategy[str]:
    text = ANY_TEXT.map(usable)
    if spec.path in PATHS:
        return text.map(path_like)
    return text.map(normalise_text).map(usable) if spec.path in LOADER_ONLY else text


# Characters the document fonts (Carlito, DejaVu Sans) draw: a character without a glyph
# anywhere becomes an unreadable box in the PDF, and pypdf then cannot read the text back.
PDF_ALPHABET = (
    [chr(c) for c in range(0x20, 0x7F)]
    + [chr(c) for c in range(0xA1, 0x180) if c != 0xAD]
    + list("‘’‚“”„–—…•€™†‡‰‹›→←↑↓∞≈≠≤≥☺♥★✓")
    + [chr(c) for c in range(0x391, 0x3CA) if c != 0x3A2]
    + [chr(c) for c in range(0x410, 0x450)]
)
PDF_TEXT = st.lists(
    st.one_of(st.text(alphabet=PDF_ALPHABET, max_size=8), st.sampled_from(["\n", "\n\n", "\n- ", "**", "`", "&"])),
    max_size=6,
).map("".join).map(usable)


# ------------------------------------------------------------------ what a reader must find


def squash(text: str) -> str:
    """Text without any whitespace: line breaks, tabs and wrapping differ per format."""
    return re.sub(r"\s+", "", text)


def expected_chunks(value: str | None, kind: str) -> list[str]:
    """The pieces of visible text an answer must show, in reading order.

    Short text is shown as typed. Markdown is read with the tool's own parser: each run of
    text between markup (emphasis, links, breaks) is one piece; a link's address may be
    printed beside its text, so pieces stop at links.
    """
    if value is None:  # an optional answer left empty (or a placeholder): nothing to show
        return []
    if kind == "bijlage":  # an attachment is named by its number, never by its path
        return ["bijlage 4"]
    if kind != "markdown":
        return [value] if squash(value) else []
    chunks: list[str] = []
    for token in tokens(value):
        if token.type in ("code_block", "fence"):
            chunks += token.content.splitlines()
        elif token.type == "inline":
            current = ""
            for child in token.children or []:
                if child.type in ("text", "text_special", "code_inline"):
                    current += child.content
                else:
                    chunks.append(current)
                    current = ""
            chunks.append(current)
    return [c for c in chunks if squash(c)]


def _table_text(table: Table) -> Iterator[str]:
    for row in table.rows:
        for cell in row.cells:
            yield from (p.text for p in cell.paragraphs)
            for inner in cell.tables:
                yield from _table_text(inner)


def word_text(data: bytes) -> str:
    """All visible text of a .docx, whitespace removed (no other normalisation)."""
    document = open_docx(io.BytesIO(data))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        parts.extend(_table_text(table))
    for section in document.sections:
        parts.extend(p.text for p in section.header.paragraphs)
        parts.extend(p.text for p in section.footer.paragraphs)
    return squash("".join(parts))


def well_formed(data: bytes) -> None:
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        for name in package.namelist():
            if name.endswith((".xml", ".rels")):
                etree.fromstring(package.read(name))


_ORGANISATIONS = (("aanvrager.naam", "aanvrager.korte_naam"),
                  ("samenwerkingsverband.naam", "samenwerkingsverband.korte_naam"),
                  ("zorgaanbieders[].naam", "zorgaanbieders[].korte_naam"),
                  ("financiers[].naam", "financiers[].korte_naam"), ("scholen[].bevoegd_gezag",))


def _merged_party_names(loaded: LoadedDossier) -> set[str]:
    """Party names the agreement rightly prints once under another entry's name: one organisation in two
    roles is one party (``model.parties``: a name or short name that is another's), and random text may
    make two organisations one after normalising."""
    from pipeline.model.parties import normalised

    def keys(paths: tuple[str, ...]) -> set[str]:
        return {normalised(str(v)) for p in paths if (v := value_at(loaded.dossier, concrete(p)))}

    merged: set[str] = set()
    for i, paths in enumerate(_ORGANISATIONS):
        others = set().union(*(keys(o) for j, o in enumerate(_ORGANISATIONS) if j != i))
        if keys(paths) & others:
            merged.update(paths)
    # a signer's organisation that names a party (random text may, after normalising: "'¬É" is "É"'s
    # short name "e") signs in that party's block, under the party's own name
    parties = set().union(*(keys(o) for o in _ORGANISATIONS))
    for path in _SIGNERS_ORGANISATION:
        if keys((path,)) & parties:
            merged.add(path)
    return merged


_SIGNERS_ORGANISATION = ("samenwerkingsovereenkomst.ondertekenaars[].organisatie",
                         "aanvrager.ondertekenaar.organisatie")


def loaded_with(data: dict[str, Any]) -> LoadedDossier:
    example = load_dossier(EXAMPLE)
    return LoadedDossier(folder=example.folder, source=example.source, dossier=Dossier.model_validate(data))


# ------------------------------------------------------------------ Word: every field at once


@settings(max_examples=examples(30), phases=PHASES, **COMMON)
@given(st.fixed_dictionaries({spec.path: field_text(spec) for spec in FREE_TEXT}))
def test_any_text_in_every_field_builds_word_documents_that_show_it(texts: dict[str, str]) -> None:
    data = copy.deepcopy(base_data())
    for path, text in texts.items():
        put(data, concrete(path), text)
    loaded = loaded_with(data)
    wanted, _ = documents_for(loaded)

    for spec in FREE_TEXT:  # the documented normalisation, and nothing else
        stored = value_at(loaded.dossier, concrete(spec.path))
        typed = texts[spec.path]
        expected = typed if spec.path in LOADER_ONLY else normalise_text(typed).strip()
        if not spec.required and opvultekst(expected):  # "n.v.t.", "–", "." in an optional answer: not given
            expected = None
        assert stored == expected

    merged = _merged_party_names(loaded)
    for doc in wanted:
        data_docx = render_docx(loaded, doc.id)
        well_formed(data_docx)
        shown = word_text(data_docx)
        missing = [
            (spec.path, chunk)
            for spec in FREE_TEXT
            if doc.id in spec.documenten and not (doc.id == "samenwerkingsovereenkomst" and spec.path in merged)
            for chunk in expected_chunks(value_at(loaded.dossier, concrete(spec.path)), spec.kind)
            if squash(chunk) not in shown
        ]
        assert not missing, f"{doc.id}.docx mist: {missing}"


# ------------------------------------------------------------------ PDF: one field, one document

PDF_CASES = [(spec, doc) for spec in FREE_TEXT if spec.path not in PATHS for doc in spec.documenten]


@settings(max_examples=examples(8), **COMMON)
@given(st.sampled_from(PDF_CASES), PDF_TEXT)
def test_any_text_in_a_field_shows_in_the_pdf(case: tuple[FieldSpec, str], text: str) -> None:
    spec, document = case
    data = copy.deepcopy(base_data())
    put(data, concrete(spec.path), text)
    loaded = loaded_with(data)
    html = render_html(loaded, document)
    assert "<script" not in html
    pdf = render_pdf(html, PdfOptions(base_url=TEMPLATES, allowed_roots=(TEMPLATES,), title="t", author="a",
                                      subject="s", keywords=(), from_word=True))
    reader = PdfReader(io.BytesIO(pdf))
    shown = squash("".join(page.extract_text() or "" for page in reader.pages))
    value = value_at(loaded.dossier, concrete(spec.path))
    missing = [c for c in expected_chunks(value, spec.kind) if squash(c) not in shown]
    assert not missing, f"{document}.pdf mist voor {spec.path}: {missing}"


# ------------------------------------------------------------------ validate: any text, any field


def _validate(text: str) -> tuple[int, str]:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "x"
        folder.mkdir()
        (folder / "dossier.yaml").write_text(text, encoding="utf-8")
        buffer = io.StringIO()
        code = run(["validate", str(folder)], out=Reporter(stdout=buffer, stderr=buffer))
    return code, buffer.getvalue()


_LOCATED = re.compile(r"dossier\.yaml:(\d+):(\d+): (\S+): ")


@settings(max_examples=examples(40), **COMMON)
@given(st.sampled_from(STRING_FIELDS), ANY_TEXT)
def test_any_text_in_any_field_is_accepted_or_that_field_is_named(spec: FieldSpec, text: str) -> None:
    data = copy.deepcopy(base_data())
    loc = concrete(spec.path)
    put(data, loc, text)
    code, output = _validate(json.dumps(data, ensure_ascii=False, default=str))
    assert code in (0, 1), output
    if code == 1:
        fields = {m.group(3) for m in _LOCATED.finditer(output)}
        dotted = ".".join(str(p) for p in loc).replace(".0.", "[0].").replace(".0", "[0]")
        assert fields == {dotted}, output


# ------------------------------------------------------------------ YAML: any small edit of the example

YAML_BITS = [
    *":-[]{}&*!|>'\"#%@`,?\t \n\\",
    "  ", "\n  ", "- ", ": ", "&a ", "*a", "!!str ", "!!int ", "!!binary ", "!!timestamp ", "? ",
    "---\n", "...\n", "<<: ", "\ufeff", "\x00", "\x85", "\u2028", "9" * 30, "2027-02-30",
]


@st.composite
def edited_example(draw: st.DrawFn) -> str:
    text = example_text()
    for _ in range(draw(st.integers(1, 4))):
        position = draw(st.integers(0, len(text)))
        cut = draw(st.integers(0, 3))
        bit = draw(st.one_of(st.sampled_from(YAML_BITS), st.text(max_size=3)))
        text = text[:position] + bit + text[position + cut :]
    return text


@settings(max_examples=examples(60), **COMMON)
@given(edited_example())
def test_any_edit_of_the_yaml_is_accepted_or_located(text: str) -> None:
    code, output = _validate(text)
    assert code in (0, 1), output
    if code == 1:
        problems = [line for line in output.splitlines() if ": " in line and not re.match(r"\d+ fout", line)]
        assert problems, output
        # The text before the first edit is the valid example: a YAML error cannot lie there,
        # nor past the end of the file (line numbers as the loader sees the normalised text).
        edited, original = normalise_text(text), normalise_text(example_text())
        first = next((i for i, (a, b) in enumerate(zip(edited, original, strict=False)) if a != b),
                     min(len(edited), len(original)))
        first_line, last_line = edited.count("\n", 0, first) + 1, len(re.split("[\n\u2028\u2029]", edited))
        for line in problems:
            if "YAML-fout" in line:
                found = re.search(r"dossier\.yaml:(\d+)(:\d+)?: YAML-fout: ", line)
                assert found, line
                assert first_line <= int(found.group(1)) <= last_line, (first_line, last_line, line)
