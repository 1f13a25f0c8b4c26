"""The real documents keep a label with its answer and a signature block whole, wherever a page ends.

Class: a label row (‘Opmerkingen’ | its answer) and a signature block (‘Namens …’, the name and the
line to sign) never end or start a page alone. Each test lengthens an earlier answer one step at a
time, so the rows after it pass every page boundary, and reads each page's text of the PDF.
"""

from __future__ import annotations

import copy
from typing import Any

import pytest

from pipeline.documents import BY_ID
from pipeline.render.documents import document_pdf_options
from pipeline.render.html import render_html
from pipeline.render.pdf import render_pdf
from tests.test_check import _example_data
from tests.test_properties import loaded_with
from tests.textutil import normalise, page_texts

SENTENCE = "Partijen leggen vast wie welk deel van de kosten draagt en hoe dat wordt verantwoord. "
STEPS = range(0, 26, 2)  # sentences added: about a page and a half, in steps of two lines


def _pages(data: dict[str, Any], document: str) -> list[str]:
    loaded = loaded_with(data)
    pdf = render_pdf(render_html(loaded, document), document_pdf_options(loaded, BY_ID[document]))
    return [normalise(text) for text in page_texts(pdf)]


def _on_one_page(pages: list[str], *pieces: str) -> bool:
    return any(all(piece in page for piece in pieces) for page in pages)


def test_a_label_row_is_never_alone_at_the_foot_or_head_of_a_page() -> None:
    seen_pages = set()
    for n in STEPS:
        data = copy.deepcopy(_example_data())
        data["arrangement"]["financiering"] = data["arrangement"]["financiering"] + SENTENCE * n
        data["arrangement"]["opmerkingen"] = "Wij willen graag " + SENTENCE * 4  # a remark of a few lines
        pages = _pages(data, "aanmeldformulier")
        seen_pages.add(len(pages))
        whole_remark = ("Opmerkingen", "Wij willen graag", "hoe dat wordt verantwoord. Partijen leggen vast wie welk "
                        "deel van de kosten draagt en hoe dat wordt verantwoord.")
        assert _on_one_page(pages, *whole_remark), (n, [p[-300:] for p in pages])
        assert _on_one_page(pages, "Tijdsduur", "1 augustus 2027 t/m"), n
        assert _on_one_page(pages, "Locatie", "Zorgboerderij"), n
    assert len(seen_pages) > 1  # the rows did pass a page boundary


def test_a_signature_block_is_whole_and_the_closing_sentence_stays_with_the_first() -> None:
    moved = set()  # where each block landed: the blocks did cross page boundaries
    for n in STEPS:
        data = copy.deepcopy(_example_data())
        agreement = data["samenwerkingsovereenkomst"]
        agreement["privacy"] = agreement["privacy"] + SENTENCE * n
        pages = _pages(data, "samenwerkingsovereenkomst")
        moved.add(tuple(page.count("Namens ") for page in pages))
        assert _on_one_page(pages, "Aldus overeengekomen", "Namens "), (n, [p[-300:] for p in pages])
        for page in pages:
            blocks = page.count("Namens ")
            assert page.count("Handtekening:") >= blocks, (n, page[-400:])  # no heading without its block
            if "Handtekening:" in page and "Namens " not in page.split("Handtekening:")[0]:
                pytest.fail(f"{n}: a signature line at the head of a page without its heading: {page[:300]}")
    assert len(moved) > 2, moved
