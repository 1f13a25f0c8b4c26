"""Find tags docxtpl reads but that would still make a wrong document: the paragraph/row
tags (``{%p``, ``{%tr``) that silently delete the other text around them, and ``| markdown``
outside (or ``{{p`` without) its paragraph tag.

The template is read the way docxtpl reads it, and tags it cannot read at all are found, by
``pipeline.render.word_source`` (the build names the same place when rendering fails).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from pipeline.render.word_source import TAG, DocxFinding, DocxPart, Paragraph, W, paragraphs_of, snippet

# docxtpl's element tags: {%p …%} / {{p …}} replace their paragraph, {%tr …%} their table row.
ELEMENT_TAG = re.compile(r"\{[{%](p|tr|tc) (.*?)[}%]\}", re.S)  # docxtpl wants exactly one space


def misplaced_tags(part: DocxPart) -> list[DocxFinding]:
    """Readable tags that would still produce a wrong document (lost text, broken XML)."""
    if not part.xml:
        return []
    paragraphs = paragraphs_of(part.xml)
    return [*_element_tags(part.label, paragraphs), *_markdown_tags(part.label, paragraphs)]


def _element_tags(label: str, paragraphs: list[Paragraph]) -> Iterator[DocxFinding]:
    """``{%p``/``{%tr``/``{%tc`` replace their whole paragraph/row/cell: other text there is lost."""
    for p in paragraphs:
        for match in ELEMENT_TAG.finditer(p.text):
            kind = match.group(1)
            if kind == "p":
                scope_text, noun = p.text, "alinea"
            else:
                element = p.row if kind == "tr" else p.cell
                if element is None:
                    yield DocxFinding(
                        label, snippet(p.text, match.start()),
                        f"‘{{%{kind} …%}}’ staat niet in een tabel; gebruik ‘{{%p …%}}’ of ‘{{% … %}}’",
                    )
                    continue
                scope_text = "".join(t.text or "" for t in element.iter(f"{W}t"))
                noun = "tabelrij" if kind == "tr" else "tabelcel"
            rest = " ".join(TAG.sub(" ", scope_text).split())
            if rest:
                yield DocxFinding(
                    label, snippet(p.text, match.start()),
                    f"‘{match.group()}’ vervangt de hele {noun}, dus de tekst ‘{snippet(rest, 0, 40)}’ "
                    f"die er ook in staat verdwijnt; zet de tag in een eigen {noun}",
                )


MARKDOWN_FILTER = re.compile(r"\|\s*markdown\b")


def _markdown_tags(label: str, paragraphs: list[Paragraph]) -> Iterator[DocxFinding]:
    """``| markdown`` yields whole Word paragraphs, so it needs ``{{p …}}`` (and nothing else does)."""
    for p in paragraphs:
        for match in TAG.finditer(p.text):
            tag = match.group()
            if not tag.startswith("{{"):
                continue
            element = re.match(r"\{\{p ", tag) is not None
            markdown = MARKDOWN_FILTER.search(tag) is not None
            if markdown and not element:
                yield DocxFinding(
                    label, snippet(p.text, match.start()),
                    f"‘{tag}’: het filter markdown maakt hele alinea's; schrijf "
                    f"‘{{{{p {tag[2:-2].strip()} }}}}’ in een eigen alinea",
                )
            elif element and not markdown:
                yield DocxFinding(
                    label, snippet(p.text, match.start()),
                    f"‘{tag}’: ‘{{{{p …}}}}’ vervangt de hele alinea en is alleen voor ‘… | markdown’; "
                    "gebruik ‘{{ … }}’ voor gewone tekst",
                )
