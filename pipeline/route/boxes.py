"""The route map for paper: the same two lanes and boxes as the SVG, as plain HTML.

Why a second drawing: weasyprint lays out SVG text one letter at a time (a Pango layout per
character), which made the checklist PDF 0.4–0.6 s slower per dossier; the same boxes as
HTML cost a few milliseconds. The browser shows the SVG (``route_svg``), the PDF this, and
both are drawn from the same steps with the same words. The checklist's stylesheet says how
the classes look.
"""

from __future__ import annotations

from html import escape

from markupsafe import Markup

from pipeline.dates import datum
from pipeline.route.route import COLLECTIEF, GEDAAN, INDIVIDUEEL, LANE_TITLES, Route, Step
from pipeline.route.svg import EVAL_COLUMNS, LOOK, _status_line, describe


def _box(step: Step) -> str:
    duo = '<span class="route-duo">DUO</span>' if step.baan == "duo" else ""
    return (f'<div class="route-stap route-{step.status.replace(" ", "-")}" title="{escape(describe(step))}">{duo}'
            f"<b>{escape(step.titel)}</b><br>{escape(_status_line(step))} · wie: {escape(step.wie)}</div>")


def _evaluation(step: Step) -> str:
    symbol, word, *_ = LOOK[step.status]
    when = step.gedaan if step.status == GEDAAN and step.gedaan else step.termijn
    number = step.id.rsplit("-", 1)[-1]
    return (f'<td class="route-stap route-{step.status.replace(" ", "-")}"><b>Evaluatie {number}</b><br>'
            f"{escape(symbol)} {escape(word)}<br>{escape(datum(when)) if when else 'geen termijn'}</td>")


def route_html(route: Route) -> Markup:
    """The route map as HTML boxes in the routekaart's two lanes (the individual lane left)."""
    main = [s for s in route.steps if not s.id.startswith("evaluatie-")]
    evaluations = [s for s in route.steps if s.id.startswith("evaluatie-")]
    arrow = '<div class="route-pijl">↓</div>'
    own = arrow.join(_box(s) for s in main)
    if evaluations:
        rows = [evaluations[i:i + EVAL_COLUMNS] for i in range(0, len(evaluations), EVAL_COLUMNS)]
        own += ('<p class="route-evaluaties-kop">Evaluaties met betrokken partners en ouders</p>'
                '<table class="route-evaluaties">'
                + "".join("<tr>" + "".join(_evaluation(s) for s in row) + "</tr>" for row in rows) + "</table>")
    other = arrow.join(f'<div class="route-anders">{escape(title)}</div>' for title in route.other_lane)
    own_lane = (f'<div class="route-baan route-eigen"><div class="route-kop"><b>{escape(route.lane_title)}'
                f"</b><br>deze route</div>{own}</div>")
    other_soort = COLLECTIEF if route.soort == INDIVIDUEEL else INDIVIDUEEL
    other_lane_html = (f'<div class="route-baan route-andere"><div class="route-kop">{escape(LANE_TITLES[other_soort])}'
                       f"<br>andere route, ter vergelijking</div>{other}</div>")
    lanes = other_lane_html + own_lane  # the other lane floats beside (left or right): it comes first
    if not route.other_lane:  # DUO's route alone: one lane, the page's width
        lanes = own_lane
    legend = " · ".join(f"{escape(symbol)} {escape(word)}" for symbol, word, *_ in LOOK.values())
    return Markup(f'<div class="routekaart-druk"><p class="route-legenda">Legenda: {legend}</p>'
                  f'<div class="route-banen route-{route.soort if route.other_lane else "duo-alleen"}">{lanes}'
                  "</div></div>")
