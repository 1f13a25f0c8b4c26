"""The one Markdown dialect of long answers, shared by the Word and HTML converters.

CommonMark without raw HTML and without images: applicants paste text, not markup, and a
``<script>`` or an ``![](file:///etc/passwd)`` must stay inert text in both outputs.
"""

from __future__ import annotations

from functools import cache

from markdown_it import MarkdownIt
from markdown_it.token import Token


@cache
def parser() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
    md.disable(["image", "html_block", "html_inline"])
    return md


def tokens(text: str) -> list[Token]:
    return parser().parse(text)
