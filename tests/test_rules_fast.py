"""test_check.py's variants of the example (each breaks exactly one rule, or none), against the rules of the
answers alone, in one dossier folder rewritten per variant: a tenth of the time, for ``make mutate``.

test_check.py copies the example with its attachments for every variant and runs every rule, the
advices' and the signatures' too: right for what it proves, but a mutant of a rule that survives runs
all of them, a minute each. Here the same variants (imported, one source) run only the rules that
read the answers (``rules_duo``, ``rules_dates``, ``rules_achterhoek``, ``privacy``), through the
engine, and must give the same verdict for those rules: the one rule a variant breaks, or none.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from pipeline.check import engine, privacy, rules_achterhoek, rules_dates, rules_duo
from pipeline.check.engine import check_dossier
from pipeline.read.validate import load_dossier
from tests.conftest import EXAMPLE
from tests.test_check import BREAK_MESSAGES, BREAKS, PASSES, TODAY, rewrite

ANSWER_RULES = (*rules_duo.RULES, *rules_achterhoek.RULES, *rules_dates.RULES, *privacy.RULES)
IDS = {r.id for r in ANSWER_RULES}


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """One copy of the example (its attachments too) for the module; each test rewrites its dossier.yaml."""
    target = tmp_path_factory.mktemp("regels") / "inputs" / "voorbeeld"
    shutil.copytree(EXAMPLE, target)
    yield target


@pytest.fixture
def answer_rules_only(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(engine, "RULES", ANSWER_RULES)


def _found(folder: Path, change: Callable[[dict[str, Any]], None]) -> list[Any]:
    rewrite(folder, change)
    return list(check_dossier(load_dossier(folder), today=TODAY).findings)


@pytest.mark.parametrize(("rule", "how", "change"), [b for b in BREAKS if b[0] in IDS],
                         ids=[f"{r}:{h}" for r, h, _ in BREAKS if r in IDS])
@pytest.mark.usefixtures("answer_rules_only")
def test_the_variant_breaks_that_rule_of_the_answers_and_no_other(folder: Path, rule: str, how: str, change) -> None:
    found = _found(folder, change)
    assert {f.id for f in found} == {rule}
    if (fragment := BREAK_MESSAGES.get(f"{rule}:{how}")) is not None:
        assert any(fragment in f.message for f in found), [f.message for f in found]


@pytest.mark.parametrize(("how", "change"), PASSES, ids=[h for h, _ in PASSES])
@pytest.mark.usefixtures("answer_rules_only")
def test_the_variant_passes_the_rules_of_the_answers(folder: Path, how: str, change) -> None:
    assert [f.id for f in _found(folder, change)] == []


def test_these_are_the_rules_of_the_answers() -> None:
    """A rule that reads more than the answers (the advices' PDFs, the signed copies) is not among them."""
    assert {r.id for r in engine.RULES} >= IDS
    assert not IDS & {"DUO-ADVIES-JUIST", "PRIV-BIJLAGE", "TEKEN-KOPIE", "TEKEN-PARTIJEN"}
