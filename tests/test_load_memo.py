"""Reading the same YAML text twice in one process parses it once, and nobody can tell.

Class: a per-process memo of parsed answers (``load._parsed``) must give every reader its own objects
(a caller that changes what it got changes nothing for the next), the same positions for messages,
the new answers the moment the text changes, and every problem again on every read.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.cache import Kept
from pipeline.exceptions import InvalidDossier
from pipeline.read import load
from tests.conftest import EXAMPLE


def test_a_second_read_gives_equal_answers_and_places_but_objects_of_its_own(tmp_path: Path) -> None:
    path = tmp_path / "dossier.yaml"
    path.write_text((EXAMPLE / "dossier.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    first = load.load_yaml(path)
    second = load.load_yaml(path)
    assert second.data == first.data and second.value_pos == first.value_pos and second.key_pos == first.key_pos
    first.data["arrangement"]["naam"] = "veranderd door de eerste lezer"
    first.value_pos.clear()
    third = load.load_yaml(path)
    assert third.data["arrangement"]["naam"] != "veranderd door de eerste lezer"
    assert third.value_pos == second.value_pos and third.path == path


def test_a_changed_text_is_read_anew_and_a_problem_is_said_on_every_read(tmp_path: Path) -> None:
    path = tmp_path / "dossier.yaml"
    path.write_text("a: 1\nb: 2\n", encoding="utf-8")
    assert load.load_yaml(path).data == {"a": 1, "b": 2}
    path.write_text("a: 1\nb: 3\n", encoding="utf-8")
    assert load.load_yaml(path).data == {"a": 1, "b": 3}
    path.write_text("a: 1\na: 2\n", encoding="utf-8")
    for _ in range(2):
        with pytest.raises(InvalidDossier) as caught:
            load.load_yaml(path)
        assert caught.value.problems[0].line == 2


def test_the_memo_keeps_only_the_last_texts() -> None:
    memo: Kept[str, bytes] = Kept(2)  # the memo's kind (load._parsed is one)
    for text in ("a", "b", "c"):
        memo.put(text, text.encode())
    assert memo.get("a") is None and memo.get("b") == b"b" and memo.get("c") == b"c"
    memo.get("b")  # read last: "c" goes first now
    memo.put("d", b"d")
    assert memo.get("c") is None and memo.get("b") == b"b"
