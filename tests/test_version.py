"""The version on every page: one code per document text, in the DOCX footer as in every PDF page."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from docx import Document as open_docx

from pipeline.documents import BY_ID
from pipeline.read.validate import load_dossier
from pipeline.render.docx import render_word
from pipeline.render.version import version_code
from tests.conftest import EXAMPLE
from tests.runs import render_folder
from tests.textutil import pdf_text

CODE = r"[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}"


def _edit(folder: Path, old: str, new: str) -> None:
    yaml = folder / "dossier.yaml"
    text = yaml.read_text(encoding="utf-8")
    assert old in text
    yaml.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_every_page_of_the_pdf_and_the_word_footer_carry_the_same_version(tmp_path: Path) -> None:
    rendering = render_folder(EXAMPLE, output_root=tmp_path, only=["samenwerkingsovereenkomst"])
    assert rendering.ok, rendering.errors
    loaded = load_dossier(EXAMPLE)
    code = version_code(loaded, BY_ID["samenwerkingsovereenkomst"])
    assert re.fullmatch(CODE, code)
    text = " ".join(pdf_text(tmp_path / "voorbeeld" / "samenwerkingsovereenkomst.pdf").split())
    pages = re.findall(rf"versie ({CODE}) · pagina (\d+) van (\d+)", text)
    total = int(pages[0][2])
    assert total > 1 and [(c, int(n)) for c, n, _ in pages] == [(code, n) for n in range(1, total + 1)]
    word = open_docx(io.BytesIO(render_word(loaded, "samenwerkingsovereenkomst").docx_bytes()))
    footers = {p.text for s in word.sections for t in s.footer.tables for row in t.rows for c in row.cells
               for p in c.paragraphs if "versie" in p.text}
    assert footers and all(f"versie {code} · pagina" in f for f in footers)


@pytest.mark.parametrize(("old", "new", "changes"), [
    # an answer the agreement shows: its version changes, the projectplan's does not
    ("bemiddeling van een onafhankelijke mediator.", "bemiddeling van een mediator.", {"samenwerkingsovereenkomst"}),
    # an answer only the projectplan shows
    ("    - thuiszitten verkorten;", "    - thuiszitten flink verkorten;", {"projectplan"}),
    # a comment: no document says it
    ("\narrangement:", "\n# nagekeken\narrangement:", set()),
])
def test_the_version_follows_what_the_document_says(
    example_copy: Path, monkeypatch: pytest.MonkeyPatch, old: str, new: str, changes: set[str],
) -> None:
    documents = ("aanvraaggegevens", "samenwerkingsovereenkomst", "projectplan", "aanmeldformulier")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1805000000")
    before = {d: version_code(load_dossier(example_copy), BY_ID[d]) for d in documents}
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1806000000")  # another build day: the same text, the same code
    assert {d: version_code(load_dossier(example_copy), BY_ID[d]) for d in documents} == before
    _edit(example_copy, old, new)
    after = {d: version_code(load_dossier(example_copy), BY_ID[d]) for d in documents}
    assert {d for d in documents if after[d] != before[d]} == changes
