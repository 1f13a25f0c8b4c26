"""The route map as SVG: the routekaart's two lanes, each step a box with its status and date.

Drawn from the route's steps (nothing else), inline in the checklist (HTML and PDF) and on
the preview's index page. Accessible: a <title> and <desc> for the whole map, a <title> per
step, and the status written in every box (a symbol and a word, never colour alone).
"""

from __future__ import annotations

import hashlib
import re
import textwrap
from xml.sax.saxutils import escape

from pipeline.dates import datum
from pipeline.route.route import (
    COLLECTIEF,
    GEDAAN,
    INDIVIDUEEL,
    LANE_TITLES,
    LATER,
    NU,
    TE_LAAT,
    VOLGENDE,
    Route,
    Step,
)

WIDTH = 760
OWN_W, OTHER_W = 520, 200
GAP, PAD, TOP = 20, 10, 92
LINE = 14  # px per text line
CHARS_OWN, CHARS_OTHER = 72, 30  # characters per line at 11 px (sans-serif, about 6 px each)
EVAL_COLUMNS = 4

LOOK = {  # status → (symbol, word, stroke, fill, dash, stroke width)
    GEDAAN: ("✓", "gedaan", "#2e7d32", "#edf7ee", "", 1.2),
    TE_LAAT: ("!", "te laat", "#b71c1c", "#fdecea", "", 2.5),
    NU: ("▶", "nu", "#1f4e79", "#e3edf8", "", 2.0),
    VOLGENDE: ("→", "volgende", "#1f4e79", "#ffffff", "5 3", 1.2),
    LATER: ("·", "later", "#8c8c8c", "#fafafa", "2 3", 1.0),
}


def _status_line(step: Step) -> str:
    symbol, word, *_ = LOOK[step.status]
    parts = [f"{symbol} {word}"]
    if step.status == GEDAAN:
        if step.gedaan:
            parts.append(f"op {datum(step.gedaan)}")
        elif step.gedaan_volgens == "dossier":
            parts.append("(volgens het dossier)")
        elif step.gedaan_volgens == "later":
            parts.append("(een latere stap is gedaan)")
    if step.termijn is not None and step.status != GEDAAN:
        parts.append(f"– uiterlijk {datum(step.termijn)}")
    return " ".join(parts)


def describe(step: Step) -> str:
    """The step in one sentence: the text a screen reader gets, and the box's tooltip."""
    text = f"{step.titel}. {_status_line(step)}. Wie: {step.wie}."
    if step.termijn is not None and step.status == GEDAAN:
        text += f" Termijn was {datum(step.termijn)}."
    for said in (step.detail, step.notitie):
        if said:
            text += f" {said[:1].upper()}{said[1:]}."
    return text


def _text(x: float, y: float, lines: list[str], *, size: float = 11, weight: str = "normal",
          fill: str = "#1a1a1a") -> str:
    spans = "".join(f'<tspan x="{x:g}" dy="{0 if i == 0 else LINE}">{escape(line)}</tspan>'
                    for i, line in enumerate(lines))
    return (f'<text x="{x:g}" y="{y:g}" font-size="{size:g}" font-weight="{weight}" fill="{fill}">'
            f"{spans}</text>")


def _box(step: Step, x: float, y: float, w: float, *, chars: int, compact: bool = False) -> tuple[str, float]:
    """One step's box; returns the SVG and its height."""
    symbol, word, stroke, fill, dash, width = LOOK[step.status]
    if compact:
        title = [f"Evaluatie {step.id.rsplit('-', 1)[-1]}"]
        when = step.gedaan if step.status == GEDAAN and step.gedaan else step.termijn
        info = [f"{symbol} {word}", datum(when) if when else "geen termijn"]
        lines_title, lines_info = title, info
    else:
        lines_title = textwrap.wrap(step.titel, chars) or [""]
        lines_info = textwrap.wrap(f"{_status_line(step)} · wie: {step.wie}", int(chars * 1.1))
    height = PAD * 2 + LINE * (len(lines_title) + len(lines_info)) + 2
    dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
    tag = ""
    if step.baan == "duo" and not compact:
        tag = (f'<text x="{x + w - 8:g}" y="{y + 14:g}" font-size="9" font-weight="bold" fill="#44546a" '
               'text-anchor="end">DUO</text>')
    svg = (
        f'<g class="stap stap-{step.status.replace(" ", "-")}" id="stap-{escape(step.id)}">'
        f"<title>{escape(describe(step))}</title>"
        f'<rect x="{x:g}" y="{y:g}" width="{w:g}" height="{height:g}" rx="5" fill="{fill}" stroke="{stroke}" '
        f'stroke-width="{width:g}"{dash_attr}/>'
        + _text(x + 8, y + PAD + 10, lines_title, weight="bold")
        + _text(x + 8, y + PAD + 10 + LINE * len(lines_title), lines_info, size=10.5,
                fill="#8e1414" if step.status == TE_LAAT else "#333333")
        + tag + "</g>"
    )
    return svg, height


def _arrow(x: float, y1: float, y2: float) -> str:
    return (f'<line x1="{x:g}" y1="{y1:g}" x2="{x:g}" y2="{y2 - 3:g}" stroke="#8c8c8c" stroke-width="1.2"/>'
            f'<path d="M{x - 4:g},{y2 - 7:g} L{x:g},{y2 - 1:g} L{x + 4:g},{y2 - 7:g}" fill="none" '
            'stroke="#8c8c8c" stroke-width="1.2"/>')


def map_ident(naam: str) -> str:
    """The ids of a dossier's route map: unique per dossier on a page, without its name (which may hold
    what the privacy check finds, and the map goes onto the checklist)."""
    return "route-" + hashlib.sha256(naam.encode()).hexdigest()[:10]


def route_svg(route: Route, *, ident: str = "route") -> str:
    """The route map of one dossier; ``ident`` keeps ids unique when several maps share a page."""
    ident = re.sub(r"[^A-Za-z0-9_-]", "-", ident) or "route"
    own_left = route.soort == INDIVIDUEEL or not route.other_lane  # the routekaart puts the individual lane left
    own_x = PAD if own_left else PAD + OTHER_W + GAP
    other_x = PAD + OWN_W + GAP if own_left else PAD
    parts: list[str] = []
    y = TOP
    main = [s for s in route.steps if not s.id.startswith("evaluatie-")]
    evaluations = [s for s in route.steps if s.id.startswith("evaluatie-")]
    for i, step in enumerate(main):
        svg, height = _box(step, own_x, y, OWN_W, chars=CHARS_OWN)
        if i:
            parts.append(_arrow(own_x + OWN_W / 2, y - 12, y))
        parts.append(svg)
        y += height + 12
    if evaluations:
        parts.append(_text(own_x, y + 10, ["Evaluaties met betrokken partners en ouders"], weight="bold"))
        y += 18
        col_w = (OWN_W - (EVAL_COLUMNS - 1) * 8) / EVAL_COLUMNS
        for i, step in enumerate(evaluations):
            column = i % EVAL_COLUMNS
            svg, height = _box(step, own_x + column * (col_w + 8), y, col_w, chars=20, compact=True)
            parts.append(svg)
            if column == EVAL_COLUMNS - 1 or i == len(evaluations) - 1:
                y += height + 8
    own_bottom = y
    y = TOP
    for i, title in enumerate(route.other_lane):
        lines = textwrap.wrap(title, CHARS_OTHER)
        height = PAD * 2 + LINE * len(lines)
        if i:
            parts.append(_arrow(other_x + OTHER_W / 2, y - 10, y))
        parts.append(f'<rect x="{other_x:g}" y="{y:g}" width="{OTHER_W:g}" height="{height:g}" rx="5" '
                     'fill="#f4f4f4" stroke="#c8c8c8"/>' + _text(other_x + 8, y + PAD + 10, lines, size=10,
                                                                 fill="#6b6b6b"))
        y += height + 10
    height = max(own_bottom, y) + PAD
    other = COLLECTIEF if route.soort == INDIVIDUEEL else INDIVIDUEEL
    head = _lane_head(own_x, OWN_W, route.lane_title, "deze route", bold=True)
    if route.other_lane:  # without a region there is no routekaart to compare with
        head += _lane_head(other_x, OTHER_W, LANE_TITLES[other], "andere route, ter vergelijking", bold=False)
    legend = "   ".join(f"{LOOK[s][0]} {LOOK[s][1]}" for s in LOOK)
    counts = ", ".join(f"{len(route.with_status(s))} {LOOK[s][1]}" for s in LOOK if route.with_status(s))
    title = f"Route van {route.arrangement} ({route.soort}) op {datum(route.today)}"
    desc = " ".join(describe(s) for s in route.steps)
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="routekaart" role="img" '
        f'viewBox="0 0 {WIDTH} {height:g}" width="{WIDTH}" height="{height:g}" '
        f'aria-labelledby="{ident}-titel {ident}-uitleg" font-family="Helvetica, Arial, sans-serif">'
        f'<title id="{ident}-titel">{escape(title)}</title>'
        f'<desc id="{ident}-uitleg">{escape(f"Stappen: {counts}. {desc}")}</desc>'
        + _text(PAD, 18, [f"Legenda: {legend}"], size=10.5, fill="#333333")
        + head + "".join(parts) + "</svg>"
    )


def _lane_head(x: float, w: float, title: str, note: str, *, bold: bool) -> str:
    lines = textwrap.wrap(title, int(w / 6.4))
    colour = "#1f3864" if bold else "#6b6b6b"
    fill = "#dce3ee" if bold else "#efefef"
    return (f'<rect x="{x:g}" y="28" width="{w:g}" height="{TOP - 36:g}" rx="3" fill="{fill}"/>'
            + _text(x + 8, 44, [*lines, note], size=11 if bold else 10, weight="bold" if bold else "normal",
                    fill=colour))
