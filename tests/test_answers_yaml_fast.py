"""The embedded answers are written without ruamel.yaml when they can be, and then byte for
byte as ruamel.yaml writes them: a PDF's attachment must not change with the speed-up (a
later check compares what it carries)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.documents import DOCUMENTEN
from pipeline.read.validate import load_dossier
from pipeline.render import answers_yaml
from pipeline.render.answers_yaml import _ruamel_yaml, answers_text, shown_answers

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = [ROOT / "inputs" / "voorbeeld", ROOT / "inputs" / "voorbeeld-individueel"]

# texts that stress ruamel's choice of style: quotes, colons, hashes, dashes, numbers, words
# YAML reads as booleans or null, accents, typographic quotes, zero-width characters, tabs
_TEXT = st.one_of(
    st.text(alphabet=st.sampled_from(list("ab Z09:#-'\"?.,[]{}&*!|>%@`\t\n\\é’\u200b\ufeff")), max_size=30),
    st.sampled_from(["true", "False", "null", "~", "yes", "no", "on", "0314 820 455", "41877", "1.5", "1e3",
                     ".inf", "0x1F", "2026-12-07", "12:30", "- item", "? x", ": x", "a: b", "a #b", "a#b",
                     "---", "...", "Zorgboerderij ’t Hoëveld", "'quoted'", " lead", "trail ", "x\n", "x\n\n",
                     "\nx", "a\n b", "a \nb", "regel\n\nregel", ""]),
)
_SCALAR = st.one_of(_TEXT, st.integers(-10**6, 10**6), st.booleans(), st.dates(date(1990, 1, 1), date(2040, 1, 1)),
                    st.floats(0, 100, allow_nan=False).map(lambda f: round(f, 2)))
_KEY = st.from_regex(r"[a-z_][a-z0-9_]{0,8}", fullmatch=True)
_DATA = st.recursive(
    _SCALAR,
    lambda inner: st.one_of(st.lists(inner, max_size=3), st.dictionaries(_KEY, inner, max_size=4)),
    max_leaves=12,
)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.dictionaries(_KEY, _DATA, max_size=5))
def test_any_answers_give_ruamels_bytes(data: dict) -> None:
    assert answers_text(data) == _ruamel_yaml(data)


@pytest.mark.parametrize("folder", EXAMPLES, ids=lambda p: p.name)
def test_the_examples_are_written_fast_and_identically(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    data = load_dossier(folder).dossier.model_dump(exclude_none=True)
    for document_id in [None, *(doc.id for doc in DOCUMENTEN)]:
        shown = shown_answers(data, document_id)
        expected = _ruamel_yaml(shown)
        with monkeypatch.context() as patched:  # the fast writer alone: ruamel may not be asked
            patched.setattr(answers_yaml, "_ruamel_yaml", lambda _: pytest.fail("ruamel.yaml was needed"))
            assert answers_text(shown) == expected
