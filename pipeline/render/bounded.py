"""Limits on what a template may cost: a template is untrusted, and must not hang a build.

Jinja's sandbox keeps templates away from Python internals and caps ``range()``, but not the
work: ``{{ 'x' * 10**10 }}`` asks for 10 GB and ``{% for %}`` loops nested three deep over
``range(100000)`` never end. ``BoundedEnvironment`` adds three budgets per render, each
ending in a Dutch message that names the limit:

- ``*`` and ``**`` may not make a text, list or number larger than ``MAX_SIZE``, and no call,
  filter or ``%`` may ask for a width or count above it (``'x'|center(10**10)``,
  ``'x'.ljust(…)``, ``'{:>10000000000}'.format(1)``, ``'%9999999999d' % 1``); ``lipsum`` is gone;
- all loops of one render together may take ``MAX_STEPS`` steps (a step is counted at the
  start of every loop pass, by a call the compiler puts there);
- one render may write ``MAX_SIZE`` characters.

A real document template stays far below each (the example: some thousand steps, 100 kB).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable
from contextvars import ContextVar
from typing import Any

from jinja2 import nodes
from jinja2.sandbox import ImmutableSandboxedEnvironment, SecurityError

MAX_SIZE = 5_000_000  # characters, items or digits
MAX_STEPS = 100_000  # loop passes per render (the checklist, the largest, takes a few hundred)

_steps: ContextVar[list[int] | None] = ContextVar("template_steps", default=None)


def _dutch(number: int) -> str:
    return f"{number:,}".replace(",", ".")


_PERCENT_SPEC = re.compile(r"%(?:\([^)]*\))?[-#0 +]*(\d*)(?:\.(\d*))?")  # '%10.2f': width and precision
_BRACE_SPEC = re.compile(r"\{[^{}]*:([^{}]*)\}")  # '{:>10}': the spec after the colon


def _too_big(number: int) -> SecurityError:
    return SecurityError(f"het sjabloon vraagt een breedte of aantal van {_dutch(number)} (hoogstens "
                         f"{_dutch(MAX_SIZE)})")


def _check_numbers(args: Iterable[Any]) -> None:
    """A number argument above ``MAX_SIZE`` (a width, a count): refused before anything is built."""
    for arg in args:
        if isinstance(arg, int) and not isinstance(arg, bool) and abs(arg) > MAX_SIZE:
            raise _too_big(arg)


def _check_format(text: str) -> None:
    """A format string (``%``, ``format``) that asks for a width or precision above ``MAX_SIZE``."""
    widths = [w for match in _PERCENT_SPEC.finditer(text) for w in match.groups() if w]
    widths += [w for spec in _BRACE_SPEC.findall(text) for w in re.findall(r"\d+", spec)]
    for width in widths:
        if len(width) > len(str(MAX_SIZE)) or int(width) > MAX_SIZE:
            raise _too_big(int(width))


def _bounded(name: str, function: Callable[..., Any]) -> Callable[..., Any]:
    """A filter with its number arguments checked, and ``format``'s format string (functools.wraps
    keeps Jinja's pass_* markers)."""
    @functools.wraps(function)
    def checked(*args: Any, **kwargs: Any) -> Any:
        _check_numbers((*args, *kwargs.values()))
        if name == "format":
            texts = [a for a in args if isinstance(a, str)]
            if texts:
                _check_format(texts[0])
        return function(*args, **kwargs)

    return checked


class BoundedEnvironment(ImmutableSandboxedEnvironment):
    """The sandbox with budgets on size and loop passes (see the module)."""

    intercepted_binops = frozenset({"*", "**", "%"})

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.filters = {name: _bounded(name, function) for name, function in self.filters.items()}
        self.globals.pop("lipsum", None)  # paragraphs of filler text on demand: no template needs them

    def call(__self, __context: Any, __obj: Any, *args: Any, **kwargs: Any) -> Any:  # Jinja's own names
        """Every call a template makes, a string's own methods (``ljust``, ``zfill``) included."""
        _check_numbers((*args, *kwargs.values()))
        return super().call(__context, __obj, *args, **kwargs)

    def wrap_str_format(self, value: Any) -> Callable[..., str] | None:
        """``'…'.format`` and ``format_map``: the sandbox hands them out through here."""
        if isinstance(getattr(value, "__self__", None), str):
            _check_format(value.__self__)
        return super().wrap_str_format(value)

    def call_binop(self, context: Any, op: str, left: Any, right: Any) -> Any:
        if op == "%" and isinstance(left, str):
            _check_format(left)
        if (op == "**" and isinstance(left, int) and isinstance(right, int) and abs(left) > 1
                and right * abs(left).bit_length() > MAX_SIZE):
            raise SecurityError(f"{left} ** {right} wordt een te groot getal (het sjabloon mag hoogstens "
                                    f"{_dutch(MAX_SIZE)} cijfers maken)")
        if op == "*":
            count, sized = (right, left) if isinstance(right, int) else (left, right)
            if isinstance(count, int) and isinstance(sized, str | list | tuple) and len(sized) * count > MAX_SIZE:
                raise SecurityError(f"deze vermenigvuldiging maakt {_dutch(len(sized) * count)} tekens of elementen "
                                    f"(het sjabloon mag hoogstens {_dutch(MAX_SIZE)} maken)")
        return super().call_binop(context, op, left, right)

    def concat(self, pieces: Iterable[str]) -> str:  # type: ignore[override]  # an attribute in Jinja
        """Join a render's output, counting its size; the outermost call sets the step budget."""
        token = _steps.set([MAX_STEPS]) if _steps.get() is None else None
        try:
            out: list[str] = []
            size = 0
            for piece in pieces:
                size += len(piece)
                if size > MAX_SIZE:
                    raise SecurityError(f"het sjabloon schrijft meer dan {_dutch(MAX_SIZE)} tekens; "
                                        "staat er een lus die te vaak herhaalt?")
                out.append(piece)
            return "".join(out)
        finally:
            if token is not None:
                _steps.reset(token)

    def loop_step(self) -> str:
        """Called by the compiled code at the start of every loop pass (see ``_generate``)."""
        budget = _steps.get()
        if budget is not None:
            budget[0] -= 1
            if budget[0] < 0:
                raise SecurityError(f"de lussen in dit sjabloon herhalen samen meer dan {_dutch(MAX_STEPS)} keer; "
                                    "vereenvoudig de lussen")
        return ""

    def _generate(self, source: nodes.Template, name: str | None, filename: str | None,
                  defer_init: bool = False) -> str:
        """Compile with a ``loop_step()`` call first in every loop body (parsing, and so the
        lint, sees the template as written)."""
        for loop in source.find_all(nodes.For):
            step = nodes.Call(nodes.EnvironmentAttribute("loop_step"), [], [], None, None)
            loop.body.insert(0, nodes.ExprStmt(step, lineno=loop.lineno))
        return super()._generate(source, name, filename, defer_init)

