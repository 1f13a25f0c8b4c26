"""Shared fixtures: the example dossier and cheap ways to make broken copies of it."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "inputs" / "voorbeeld"
EXAMPLE_YAML = EXAMPLE / "dossier.yaml"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--slow", action="store_true", help="property tests with ten times more examples")


def pytest_configure(config: pytest.Config) -> None:
    if config.getoption("--slow"):
        os.environ["HYPOTHESIS_PROFILE"] = "slow"


@pytest.fixture
def example_copy(tmp_path: Path) -> Path:
    """A private copy of the example dossier folder (bijlagen included)."""
    target = tmp_path / "inputs" / "voorbeeld"
    shutil.copytree(EXAMPLE, target)
    return target


@pytest.fixture
def dossier_with(tmp_path: Path) -> Callable[[str], Path]:
    """Write YAML text into a fresh dossier folder and return the folder."""

    def make(text: str, name: str = "x") -> Path:
        folder = tmp_path / "inputs" / name
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "dossier.yaml").write_text(text, encoding="utf-8")
        return folder

    return make


def example_text() -> str:
    return EXAMPLE_YAML.read_text(encoding="utf-8")


def line_of(text: str, needle: str) -> int:
    """1-based line number of the first line containing ``needle``."""
    for number, line in enumerate(text.splitlines(), start=1):
        if needle in line:
            return number
    raise AssertionError(f"{needle!r} not in text")
