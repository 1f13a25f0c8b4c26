"""Markdown answers → safe HTML for the PDF and the browser preview (Jinja filter ``markdown``).

The shared parser already turns raw HTML and images into inert text. On top of that, a
printed document cannot be clicked: a link keeps its text *and* shows its address, and
only ``http(s):`` and ``mailto:`` addresses survive at all, so nothing in an answer can
make weasyprint (or a browser) load a file or run a script. Headings inside an answer
are demoted below the document's own section headings.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache

from markdown_it.renderer import RendererHTML
from markdown_it.token import Token
from markdown_it.utils import EnvType, OptionsDict
from markupsafe import Markup, escape

from pipeline.render.markdown import parser

SAFE_SCHEMES = ("http://", "https://", "mailto:")
HEADING_OFFSET = 3  # "# Kop" in an answer becomes <h4>: below the document's h1–h3


def safe_href(href: str) -> str | None:
    """The address if a reader may follow it on paper or on screen, else ``None``."""
    href = href.strip()
    return href if href.lower().startswith(SAFE_SCHEMES) else None


class SafeHTMLRenderer(RendererHTML):
    """markdown-it's HTML renderer with printable links and demoted headings."""

    def link_open(self, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType) -> str:
        href = safe_href(str(tokens[idx].attrGet("href") or ""))
        label = ""
        for token in tokens[idx + 1 :]:
            if token.type == "link_close":
                break
            label += token.content
        shown = href.removeprefix("mailto:") if href else ""
        # Autolinks (<https://…>) already show their address; others get it appended.
        suffix = "" if not href or label.strip() in (href, shown) else f" ({shown})"
        env.setdefault("link_suffixes", []).append((href is not None, suffix))
        return f'<a href="{escape(href)}">' if href else ""

    def link_close(self, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType) -> str:
        is_link, suffix = env["link_suffixes"].pop()
        tail = f'<span class="url">{escape(suffix)}</span>' if suffix else ""
        return ("</a>" if is_link else "") + tail

    def heading_open(self, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType) -> str:
        return f"<h{_demoted(tokens[idx])}>"

    def heading_close(self, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType) -> str:
        return f"</h{_demoted(tokens[idx])}>\n"


def _demoted(token: Token) -> int:
    return min(int(token.tag[1]) + HEADING_OFFSET, 6)


@cache
def _renderer() -> SafeHTMLRenderer:
    return SafeHTMLRenderer()


def markdown_to_html(text: str | None) -> Markup:
    """Render one Markdown answer as an HTML fragment (paragraphs, lists, emphasis)."""
    if not text:
        return Markup("")
    md = parser()
    env: EnvType = {}
    return Markup(_renderer().render(md.parse(str(text), env), md.options, env))
