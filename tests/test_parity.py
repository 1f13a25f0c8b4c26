"""Every answer appears in both renderings (DOCX and PDF) of every document that uses it.

The test walks the model and the example's values; nothing is listed by hand, so a new
field that a template forgets fails here.
"""

from __future__ import annotations

import pytest

from pipeline.documents import DOCUMENTEN
from pipeline.model.fields import dotted, iter_values, spec_for
from pipeline.read.validate import load_dossier
from tests.conftest import EXAMPLE
from tests.runs import render_folder
from tests.textutil import docx_text, expected_snippets, pdf_text

EXAMPLES = {"collectief": EXAMPLE, "individueel": EXAMPLE.parent / "voorbeeld-individueel"}
CASES = [(soort, d.id) for soort in EXAMPLES for d in DOCUMENTEN if d.geldt_voor(soort)]


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, str, str], str]:
    """Both examples (collective and individual), every document of their route in both formats."""
    out = tmp_path_factory.mktemp("build")
    texts = {}
    for soort, folder in EXAMPLES.items():
        result = render_folder(folder, output_root=out)
        assert result.ok, result.errors
        for item in result.rendered:
            reader = docx_text if item.fmt == "docx" else pdf_text
            texts[(soort, item.document.id, item.fmt)] = reader(item.path)
    return texts


def test_all_files_of_each_route_are_built(built: dict[tuple[str, str, str], str]) -> None:
    assert set(built) == {(soort, doc, fmt) for soort, doc in CASES for fmt in ("docx", "pdf")}


@pytest.mark.parametrize("fmt", ["docx", "pdf"])
@pytest.mark.parametrize(("soort", "document"), CASES, ids=[f"{s}-{d}" for s, d in CASES])
def test_every_answer_appears_where_the_model_says(built, soort: str, document: str, fmt: str) -> None:
    dossier = load_dossier(EXAMPLES[soort]).dossier
    text = built[(soort, document, fmt)]
    missing = []
    for loc, value in iter_values(dossier):
        spec = spec_for(loc)
        if document not in spec.documenten:
            continue
        for snippet in expected_snippets(value, spec.kind):
            if snippet not in text:
                missing.append(f"{dotted(loc)}: {snippet[:70]!r}")
    assert not missing, f"{document}.{fmt} mist:\n" + "\n".join(missing)


def test_document_titles_and_arrangement_name(built) -> None:
    for soort, document in CASES:
        name = load_dossier(EXAMPLES[soort]).dossier.arrangement.naam
        for fmt in ("docx", "pdf"):
            assert name in built[(soort, document, fmt)]
