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

Those budgets name operators; a filter, a method or a combination nobody listed
(``|wordwrap(1)`` on a long text is quadratic, ``|indent(2000000)`` multiplies a text by its
lines) slips past them. So every render also runs under budgets on the resources themselves
(``resource_budget``): at most ``MAX_SECONDS`` of time, after which the rendering thread gets an
exception wherever it is, and at most ``MAX_MEMORY`` bytes of new memory, enforced by the kernel
(``RLIMIT_DATA``, lowered for the render and restored after it), so that an allocation past it is
a ``MemoryError`` in that render instead of a full machine. Both end in one Dutch message naming
the template and the paragraph, like the budgets above.
"""

from __future__ import annotations

import ctypes
import functools
import os
import re
import sys
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from jinja2 import nodes
from jinja2.sandbox import ImmutableSandboxedEnvironment, SecurityError

MAX_SIZE = 5_000_000  # characters, items or digits
MAX_STEPS = 100_000  # loop passes per render (the checklist, the largest, takes a few hundred)

MAX_SECONDS = 5.0  # per render; the largest real one (the checklist) takes some 50 ms
MAX_MEMORY = 1 << 30  # bytes of new memory per render (the example's largest needs a few MB)

_steps: ContextVar[list[int] | None] = ContextVar("template_steps", default=None)


class TemplateTooSlow(SecurityError):
    """Raised inside a render that passed ``MAX_SECONDS`` (by ``resource_budget``'s timer)."""

    def __init__(self, message: str | None = None) -> None:
        seconds = f"{MAX_SECONDS:g}".replace(".", ",")
        super().__init__(message or f"het sjabloon is na {seconds} seconde{'' if MAX_SECONDS == 1 else 'n'} nog "
                                    "niet klaar (een filter of lus die te veel werk vraagt); vereenvoudig het")


class TemplateTooLarge(SecurityError):
    """A render that asked for more than ``MAX_MEMORY`` (the ``MemoryError`` it got, said in Dutch)."""

    def __init__(self, message: str | None = None) -> None:
        super().__init__(message or f"het sjabloon vraagt meer dan {MAX_MEMORY >> 30} GB geheugen (een filter of "
                                    "lus die een te grote tekst maakt); vereenvoudig het")


class _Watchdog:
    """One thread per process that raises ``TemplateTooSlow`` in a thread whose render ran out of time, and
    again every half second until that render is disarmed (code may catch and go on).

    One long-lived thread, not a timer per render: an asynchronous exception is addressed by thread id,
    and CPython gives a thread that is being started its creator's id for a moment, so a render that
    started a timer thread while an exception was on its way could have it land in the new thread as well
    (seen as a crashed ``Thread.start``). An exception that was fired but has not arrived yet is never taken
    back with ``PyThreadState_SetAsyncExc(thread, NULL)`` either (on CPython 3.11 that could leave the
    thread spinning at its next function call: a hung test run); ``disarm`` lets it arrive and drops it."""

    def __init__(self) -> None:
        self._changed = threading.Condition()
        self._due: dict[int, tuple[float, int]] = {}  # render token → (when, thread id)
        self._fired: set[int] = set()
        self._tokens = 0
        self._pid = os.getpid()
        thread = threading.Thread(target=self._run, name="sjabloon-deadline", daemon=True)
        thread.start()

    def arm(self, seconds: float) -> int:
        with self._changed:
            self._tokens += 1
            self._due[self._tokens] = (time.monotonic() + seconds, threading.get_ident())
            self._changed.notify()
            return self._tokens

    def disarm(self, token: int) -> None:
        """No exception reaches the thread after this returns; one on its way arrives in here. It may then
        leave this call, so the caller disarms again until a call returns (``resource_budget``)."""
        with self._changed:
            self._due.pop(token, None)
            fired = token in self._fired
            self._fired.discard(token)
        if fired:
            _let_pending_exception_arrive()

    def _run(self) -> None:
        with self._changed:
            while True:
                now = time.monotonic()
                for token, (when, thread) in list(self._due.items()):
                    if when <= now:
                        self._fired.add(token)
                        ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(thread),
                                                                   ctypes.py_object(TemplateTooSlow))
                        self._due[token] = (now + 0.5, thread)
                first = min((when for when, _ in self._due.values()), default=None)
                self._changed.wait(None if first is None else max(first - now, 0.001))


def _let_pending_exception_arrive() -> None:
    """A few loop passes and calls: the interpreter delivers a pending asynchronous exception at such points."""
    for _ in range(100):
        _nothing()


def _nothing() -> None:
    return None


_watchdog: _Watchdog | None = None
_watchdog_lock = threading.Lock()


def _the_watchdog() -> _Watchdog:
    """This process's watchdog, started at its first render (a forked child starts its own)."""
    global _watchdog
    with _watchdog_lock:
        if _watchdog is None or _watchdog._pid != os.getpid():
            _watchdog = _Watchdog()
        return _watchdog


_memory_lock = threading.Lock()
_memory_holders = 0  # renders (threads) inside the lowered limit; the last one out restores it
_memory_saved: tuple[int, int] | None = None


def _data_in_use() -> int | None:
    """This process's data segment and private memory (what RLIMIT_DATA counts), in bytes."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmData:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        return None
    return None


def _lower_memory() -> None:
    global _memory_holders, _memory_saved
    import resource

    with _memory_lock:
        _memory_holders += 1
        if _memory_holders > 1:
            return
        used = _data_in_use()
        soft, hard = resource.getrlimit(resource.RLIMIT_DATA)
        if used is None:
            return
        wanted = used + MAX_MEMORY
        if (soft == resource.RLIM_INFINITY or soft > wanted) and (hard == resource.RLIM_INFINITY or hard >= wanted):
            try:
                resource.setrlimit(resource.RLIMIT_DATA, (wanted, hard))
                _memory_saved = (soft, hard)
            except (ValueError, OSError):
                pass


def _restore_memory() -> None:
    global _memory_holders, _memory_saved
    import resource

    with _memory_lock:
        _memory_holders -= 1
        if _memory_holders == 0 and _memory_saved is not None:
            resource.setrlimit(resource.RLIMIT_DATA, _memory_saved)
            _memory_saved = None


def _after_fork_in_child() -> None:
    """A process forked during a render (a PDF worker started late) does not inherit its lowered limit, nor
    the lock as another thread may have held it at the fork."""
    global _memory_holders, _memory_saved, _memory_lock, _watchdog_lock
    _memory_lock = threading.Lock()
    _watchdog_lock = threading.Lock()
    if _memory_saved is not None:
        import resource

        resource.setrlimit(resource.RLIMIT_DATA, _memory_saved)
    _memory_holders, _memory_saved = 0, None


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_after_fork_in_child)


@contextmanager
def resource_budget(seconds: float | None = None) -> Iterator[None]:
    """Time and memory of one render, bounded (see the module); a ``MemoryError`` inside becomes
    ``TemplateTooLarge`` with the render's own traceback, so its paragraph can still be found."""
    limited = sys.platform.startswith("linux")
    watchdog = _the_watchdog()
    if limited:
        _lower_memory()  # before arming: nothing can interrupt it yet
    token: int | None = watchdog.arm(MAX_SECONDS if seconds is None else seconds)
    try:
        yield
    except MemoryError as exc:
        raise TemplateTooLarge().with_traceback(exc.__traceback__) from None
    finally:
        while token is not None:  # the exception may even arrive as disarm is entered: then disarm again
            try:
                watchdog.disarm(token)
                token = None
            except TemplateTooSlow:
                pass
        if limited:
            _restore_memory()


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
        if _steps.get() is not None:  # an include or macro inside a render: its budgets already hold
            return self._joined(pieces)
        token = _steps.set([MAX_STEPS])
        try:
            with resource_budget():
                return self._joined(pieces)
        finally:
            _steps.reset(token)

    @staticmethod
    def _joined(pieces: Iterable[str]) -> str:
        out: list[str] = []
        size = 0
        for piece in pieces:
            size += len(piece)
            if size > MAX_SIZE:
                raise SecurityError(f"het sjabloon schrijft meer dan {_dutch(MAX_SIZE)} tekens; "
                                    "staat er een lus die te vaak herhaalt?")
            out.append(piece)
        return "".join(out)

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

