"""Template rendering runs under budgets for the resources, not per operator.

Class: any filter, method or combination of them — listed or not — ends within the time budget with a
Dutch message naming the template and the place, and cannot take more than the memory budget. The
named cases are the ones an adversary found (``wordwrap(1)`` is quadratic, ``indent`` multiplies a
text by its lines); the property test generates expressions over Jinja's filters and ``str``'s methods,
nested two and three deep, with large arguments.
"""

from __future__ import annotations

import resource
import shutil
import string
import subprocess
import sys
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.render import bounded
from pipeline.render.context import make_environment
from pipeline.templates import TEMPLATES
from tests.conftest import EXAMPLE, ROOT, word_override
from tests.test_fences import cli

BUDGET = 0.5  # seconds, in these tests (the real one is bounded.MAX_SECONDS)

NAMED = {
    "wordwrap(1) op een lange tekst": "{{ ('x'*2000000)|wordwrap(1)|length }}",
    "indent van 2.000.000 over 2.000 regels": "{{ ('a\\n'*2000)|indent(2000000)|length }}",
    "replace die elke letter duizendvoudig maakt": "{{ (('ab'*1000000)|replace('a', 'aaaa'*1000))|length }}",
    "join van duizend grote teksten": "{{ ([('x'*4000000)] * 1000)|join|length }}",
    "center in een lus": "{% for i in range(100000) %}{{ ('x'*4000)|center(4000000)|length }}{% endfor %}",
}


@pytest.fixture(autouse=True)
def quick_budget(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(bounded, "MAX_SECONDS", BUDGET)


def _render(source: str) -> tuple[str | None, Exception | None, float]:
    """What a render gives: its text, or the error the build turns into a message (any error an expression
    raises is said with the template's place); a MemoryError escapes: the budget should have caught it."""
    start = time.perf_counter()
    try:
        return make_environment().from_string(source).render(), None, time.perf_counter() - start
    except MemoryError:
        raise
    except Exception as exc:
        return None, exc, time.perf_counter() - start


@pytest.mark.parametrize("case", list(NAMED))
def test_each_named_runaway_ends_in_time_with_a_dutch_message(case: str) -> None:
    _, error, seconds = _render(NAMED[case])
    assert error is not None and seconds < BUDGET + 2, (case, seconds)
    assert str(error).startswith("het sjabloon "), error
    assert "seconde" in str(error) or "geheugen" in str(error) or "tekens" in str(error) or "breedte" in str(error)


def test_the_budget_ends_with_its_render() -> None:
    """After a render that ran out of time, the next one runs normally, nothing fires later in other code,
    and the process's memory limit is what it was."""
    before = resource.getrlimit(resource.RLIMIT_DATA)
    _, error, _ = _render(NAMED["wordwrap(1) op een lange tekst"])
    assert isinstance(error, bounded.TemplateTooSlow)
    assert resource.getrlimit(resource.RLIMIT_DATA) == before
    assert _render("{{ 'klaar' }}")[0] == "klaar"
    end = time.perf_counter() + 3 * BUDGET
    while time.perf_counter() < end:  # pure Python work after the render: no late exception arrives
        sum(range(1000))
    _, error, _ = _render(NAMED["join van duizend grote teksten"])
    assert isinstance(error, bounded.TemplateTooLarge)
    assert resource.getrlimit(resource.RLIMIT_DATA) == before
    assert bytearray(300 * 1024 * 1024)  # and a large allocation outside a render is allowed again


FILTERS = sorted(name for name in make_environment().filters if name not in {"attr", "map", "select", "reject",
                                                                                "selectattr", "rejectattr"})
METHODS = ["center", "ljust", "rjust", "zfill", "replace", "join", "expandtabs", "split", "splitlines", "upper",
           "title", "strip", "format", "encode", "count", "find", "partition"]
BIG = st.sampled_from([1, 3, 1000, 1_000_000, 4_999_999])


def _step(draw: st.DrawFn, expression: str) -> str:
    argument = draw(st.sampled_from(["", "n", "s", "n, n", "s, n"]))
    values = {"n": str(draw(BIG)), "s": repr(draw(st.sampled_from(["a", "ab" * 50, "\n", " " * 100])))}
    args = ", ".join(values[a.strip()] for a in argument.split(",") if a.strip())
    if draw(st.booleans()):
        name = draw(st.sampled_from(FILTERS))
        return f"({expression})|{name}({args})" if args else f"({expression})|{name}"
    return f"({expression}).{draw(st.sampled_from(METHODS))}({args})"


@st.composite
def expressions(draw: st.DrawFn) -> str:
    text = draw(st.sampled_from(["'x' * 2000000", "'a\\n' * 200000", "'ab cd ' * 300000",
                                 repr(string.printable * 1000), "[('x' * 100000)] * 40"]))
    for _ in range(draw(st.integers(2, 3))):
        text = _step(draw, text)
    return "{{ (" + text + ")|string|length }}"


# The budget's exception may arrive while hypothesis's own garbage-collection callback runs, which Python
# ignores (and pytest reports); the watchdog fires again half a second later, so the render still ends.
@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                  HealthCheck.too_slow])
@given(expressions())
def test_any_chain_of_filters_and_methods_ends_in_time_with_a_result_or_a_dutch_message(source: str) -> None:
    rendered, error, seconds = _render(source)  # a MemoryError would escape _render and fail the test
    assert seconds < BUDGET + 2, (source, seconds)
    if isinstance(error, bounded.SecurityError):
        assert str(error).startswith(("het sjabloon", "deze vermenigvuldiging", "de lussen")), (source, error)
    elif error is None:
        assert rendered is not None and rendered.isdigit()


@pytest.mark.parametrize("where", ["Word-sjabloon", "controlelijst"])
def test_a_runaway_in_a_template_stops_the_build_with_the_template_and_its_place(
    where: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "inputs" / "x"
    shutil.copytree(EXAMPLE, folder)
    tag = NAMED["wordwrap(1) op een lange tekst"]
    if where == "Word-sjabloon":
        word_override(folder, "projectplan", add=[tag])
        expected = ["projectplan.docx", "het sjabloon is na 0,5 seconden nog niet klaar", "alinea ‘{{ ('x'*2000000)"]
    else:
        own = folder / "templates" / "checklist"
        own.mkdir(parents=True)
        shipped = (TEMPLATES / "checklist" / "checklist.html").read_text(encoding="utf-8")
        (own / "checklist.html").write_text(shipped.replace("</body>", tag + "</body>"), encoding="utf-8")
        expected = ["checklist.html", "het sjabloon is na 0,5 seconden nog niet klaar"]
    start = time.perf_counter()
    only = ["--alleen", "docx"] if where == "Word-sjabloon" else []
    code, text = cli(capsys, "build", folder, "-o", tmp_path / "build", *only)
    assert code == 1 and time.perf_counter() - start < 60
    for piece in expected:
        assert piece in text, text
    assert "Traceback" not in text and not list((tmp_path / "build").rglob("*.zip"))


def test_a_process_forked_during_a_render_gets_the_whole_limit_back() -> None:
    """A PDF worker started while a template renders must not inherit the render's lowered memory limit."""
    import os

    before = resource.getrlimit(resource.RLIMIT_DATA)
    read, write = os.pipe()
    with bounded.resource_budget():
        pid = os.fork()
        if pid == 0:  # the child says what limit it has, and leaves at once
            os.write(write, repr(resource.getrlimit(resource.RLIMIT_DATA)).encode())
            os._exit(0)
        inside = resource.getrlimit(resource.RLIMIT_DATA)
    os.waitpid(pid, 0)
    child = os.read(read, 200).decode()
    os.close(read)
    os.close(write)
    assert inside != before  # the render was bounded …
    assert child == repr(before)  # … the child is not


@pytest.mark.parametrize(("tag", "said"), [
    ("{{ ('a\\n'*20)|indent(2000000) }}", "‘indent’ vraagt een breedte of aantal van 2.000.000"),
    ("{{ ('x'*20)|wordwrap(1) }}", "‘wordwrap(1)’ breekt na elke 1 tekens"),
    ("{{ 'x'.zfill(10**7) }}", "‘zfill’ vraagt een breedte of aantal van 10.000.000"),
    ("{{ 'x' * 2000000 }}", "dit sjabloon rekent met 2.000.000"),
])
def test_the_lint_names_a_cost_it_can_read_before_the_build_runs_into_it(
    tag: str, said: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "inputs" / "x"
    shutil.copytree(EXAMPLE, folder)
    word_override(folder, "projectplan", add=[tag])
    code, text = cli(capsys, "templates", "check", folder)
    assert code == 1 and said in text and "projectplan.docx" in text, text


@pytest.mark.parametrize(("tag", "said"), [
    ("{{ 1/0 }}", "het sjabloon deelt door nul"),
    ("{{ 'x'.encode('a') }}", "het sjabloon vraagt een onbekende tekenset (a)"),
    ("{% macro f() %}{{ f() }}{% endmacro %}{{ f() }}", "het sjabloon roept zichzelf steeds opnieuw aan"),
    ("{{ 10**400 * 1.0 }}", "het sjabloon rekent met een getal dat te groot is"),
    ("{{ 'x'|truncate(-1) }}", "de template kan niet worden ingevuld (AssertionError"),
    ("{{ '%d' % 'a' }}", "de template kan niet worden ingevuld (TypeError"),
])
def test_any_error_an_expression_raises_is_a_located_dutch_message_not_a_crash(
    tag: str, said: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Class: every kind of Python error a template's expression can raise (not only the few a filter
    given the wrong value raises) stops the build with the template, the paragraph and what went wrong."""
    folder = tmp_path / "inputs" / "x"
    shutil.copytree(EXAMPLE, folder)
    word_override(folder, "projectplan", add=[tag])
    code, text = cli(capsys, "build", folder, "-o", tmp_path / "build", "--alleen", "docx")
    assert code == 1 and "Traceback" not in text, text
    assert said in text and "projectplan.docx" in text and f"alinea ‘{tag[:20]}" in text, text


_RACE = """
import random, time
from pipeline.render import bounded
random.seed(7)
late = inside = 0
for _ in range(600):
    try:
        with bounded.resource_budget(random.choice([0.0, 0.001, 0.005, 0.01])):
            end = time.perf_counter() + random.random() * 0.015
            while time.perf_counter() < end:
                pass
    except bounded.TemplateTooSlow:
        inside += 1
    try:
        for _ in range(1000):
            sum(range(10))
    except bounded.TemplateTooSlow:
        late += 1
print(late, inside)
"""


def test_a_deadline_that_fires_as_its_render_ends_never_reaches_later_code() -> None:
    """Class: the time budget's exception at every moment of a render's end (inside, as it finishes, as the
    budget is taken down): it arrives in the render or not at all, never in the code after it, and the
    process never hangs (a deadline fired as the render ended once hung a CI run for 90 minutes). In a child
    process, so that a hang is a failure here and not of the whole suite."""
    done = subprocess.run([sys.executable, "-c", _RACE], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-3000:]
    late, inside = map(int, done.stdout.split())
    assert late == 0 and inside > 0, (late, inside)
    assert "Exception" not in done.stderr, done.stderr[-3000:]  # nor in another thread
