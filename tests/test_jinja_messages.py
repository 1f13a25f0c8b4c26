"""Jinja's English messages in Dutch: one table for the Word engine, the HTML engine and the lint."""

from __future__ import annotations

import pytest

from pipeline.render.context import make_environment
from pipeline.render.jinja_messages import template_error


def _error(source: str, **context: object) -> str:
    env = make_environment()
    with pytest.raises(Exception) as caught:  # whatever Jinja raises is translated
        env.from_string(source).render(**context)
    return template_error(caught.value, env, context)


@pytest.mark.parametrize(
    ("source", "dutch"),
    [
        ("{% if a %}x", "fout in sjabloon: ‘{% if %}’ wordt niet gesloten met ‘{% endif %}’"),
        ("{% for a in b %}{% if a %}{% endfor %}",
         "fout in sjabloon: ‘{% endfor %}’ staat op de verkeerde plek: eerst moet ‘{% if %}’ gesloten worden met "
         "‘{% endif %}’"),
        ("{% if a %}{% endfro %}", "fout in sjabloon: onbekende tag ‘endfro’; bedoelde u ‘endfor’?"),
        ("{% endif %}", "fout in sjabloon: ‘{% endif %}’ staat op de verkeerde plek: er staat geen blok open waar "
                        "het bij hoort"),
        ("{{ a|datm }}", "fout in sjabloon: onbekend filter ‘datm’; bedoelde u ‘datum’?"),
        ("{{ a|qqqq }}", "fout in sjabloon: onbekend filter ‘qqqq’ (bekend: capitalize_first, datum, getal, "
                         "ja_nee, markdown, opsomming)"),
        ("{{ a is evn }}", "fout in sjabloon: onbekende test ‘evn’; bedoelde u ‘even’?"),
        ("{{ a b }}", "fout in sjabloon: verwacht ‘}}’ maar vond ‘b’"),
        ("{{ a", "fout in sjabloon: het sjabloon houdt onverwacht op: verwacht ‘}}’"),
        ("{{ a }} {{ b)) }}", "fout in sjabloon: onverwacht ‘)’ (staat elke {{ … }} en {% … %} goed afgesloten?)"),
        ("{{ bb }}", "onbekende variabele ‘bb’; bedoelde u ‘b’?"),
        ("{{ a.__class__ }}", "niet toegestaan in een template: ‘__class__’ (templates mogen alleen antwoorden lezen)"),
        ("{% include 'kop.html' %}", "Word-sjablonen kunnen geen andere sjablonen invoegen (include/import/extends)"),
    ],
)
def test_jinja_messages_read_as_dutch(source: str, dutch: str) -> None:
    assert _error(source, a=1, b=[1]) == dutch


def test_unknown_field_is_suggested_from_the_answers_model() -> None:
    from pipeline.read.validate import load_dossier
    from tests.conftest import EXAMPLE

    dossier = load_dossier(EXAMPLE).dossier
    assert _error("{{ arrangement.nam }}", arrangement=dossier.arrangement) == (
        "onbekend veld ‘nam’ (in Arrangement); bedoelde u ‘naam’?"
    )
