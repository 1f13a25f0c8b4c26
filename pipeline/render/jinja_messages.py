"""Jinja's English error messages in Dutch: one table for the Word engine, the HTML engine
and ``dossier templates check``.

The reader is a consultant, not a Python programmer, and the same mistake should read the
same wherever it is found. Callers add where it is (file, line or paragraph).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from jinja2 import Environment, TemplateError, TemplateSyntaxError, UndefinedError
from jinja2.sandbox import SecurityError
from pydantic import BaseModel

from pipeline.model import answers
from pipeline.render.context import FILTERS
from pipeline.suggest import did_you_mean

# Tags that open a block, closed by ``end<tag>``.
BLOCK_TAGS = frozenset({"for", "if", "macro", "call", "filter", "with", "block", "autoescape", "raw"})
_INNER_TAGS = frozenset({"else", "elif", *(f"end{tag}" for tag in BLOCK_TAGS)})
_KNOWN_TAGS = sorted({*BLOCK_TAGS, *_INNER_TAGS, "set", "include", "import", "from", "extends"})
_OWN_FILTERS = (*FILTERS, "markdown")  # listed when a misspelt filter resembles none

# Jinja's names for tokens, as they appear in the template.
_TOKENS = {
    "end of print statement": "‘}}’",
    "end of statement block": "‘%}’",
    "end of template": "het einde van het sjabloon",
    "name": "een naam",
    "string": "tekst tussen aanhalingstekens",
    "integer": "een getal",
}

_OPEN_BLOCK = r".*innermost block that needs to be closed is '(?P<blok>[^']+)'"
_MISPLACED = ("‘{{% {tag} %}}’ staat op de verkeerde plek: eerst moet ‘{{% {blok} %}}’ gesloten worden met "
              "‘{{% end{blok} %}}’")
_UNKNOWN_TAG = "onbekende tag ‘{tag}’"
_STRAY = "‘{{% {tag} %}}’ staat op de verkeerde plek: er staat geen blok open waar het bij hoort"

# (Jinja's message, Dutch); the first match wins, so specific forms come before general ones.
# Groups ``variable``, ``field``, ``filter``, ``test`` and an unknown ``tag`` get a suggestion;
# ``t`` and ``u`` are Jinja token names, shown as the consultant types them.
_MESSAGES: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"^'(?P<variable>[^']+)' is undefined$"), "onbekende variabele ‘{variable}’"),
    (re.compile(r"^'(?:[\w.]+\.)?(?P<owner>\w+)(?: object)?' has no attribute '(?P<field>[^']+)'$"),
     "onbekend veld ‘{field}’ (in {owner})"),
    (re.compile(r"^(?:[\w.]+\.)?(?P<owner>\w+) object has no element (?P<element>.+)$"),
     "onbekend element {element} (in {owner})"),
    (re.compile(r"^access to attribute '(?P<name>[^']+)' of '[^']*' object is unsafe\.?$"),
     "niet toegestaan in een template: ‘{name}’ (templates mogen alleen antwoorden lezen)"),
    (re.compile(r"^no loader for this environment specified$"),
     "Word-sjablonen kunnen geen andere sjablonen invoegen (include/import/extends)"),
    (re.compile(r"^Unexpected end of template\." + _OPEN_BLOCK, re.S | re.I),
     "‘{{% {blok} %}}’ wordt niet gesloten met ‘{{% end{blok} %}}’"),
    (re.compile(r"^unexpected end of template, expected '(?P<t>[^']+)'", re.I),
     "het sjabloon houdt onverwacht op: verwacht {t}"),
    (re.compile(r"^unexpected end of template", re.I), "het sjabloon houdt onverwacht op"),
    (re.compile(r"^Encountered unknown tag '(?P<tag>[^']+)'\.(?P<nesting>.*nesting mistake)?" + _OPEN_BLOCK, re.S),
     _MISPLACED),
    (re.compile(r"^Encountered unknown tag '(?P<tag>[^']+)'"), _UNKNOWN_TAG),
    (re.compile(r"^No filter named '(?P<filter>[^']+)'"), "onbekend filter ‘{filter}’"),
    (re.compile(r"^No test named '(?P<test>[^']+)'"), "onbekende test ‘{test}’"),
    (re.compile(r"^unexpected '(?P<t>[^']+)'$"),
     "onverwacht {t} (staat elke {{{{ … }}}} en {{% … %}} goed afgesloten?)"),
    (re.compile(r"^unexpected char '(?P<char>.+)' at \d+$"), "onverwacht teken ‘{char}’"),
    (re.compile(r"^expected token '(?P<t>[^']+)', got '(?P<u>[^']+)'"), "verwacht {t} maar vond {u}"),
)


def _fields(owner: str) -> list[str]:
    """The fields of an answers model class by name (``Arrangement``), for suggestions."""
    model = getattr(answers, owner, None)
    return list(model.model_fields) if isinstance(model, type) and issubclass(model, BaseModel) else []


def _translate(message: str, env: Environment | None, variables: Iterable[str], owner: bool = True) -> str | None:
    """Jinja's message in Dutch with its suggestion, or None when the table does not know it."""
    for pattern, phrase in _MESSAGES:
        match = pattern.match(message)
        if match is None:
            continue
        parts = {k: v for k, v in match.groupdict().items() if v is not None}
        if phrase is _MISPLACED and "nesting" not in parts and parts["tag"] not in _INNER_TAGS:
            phrase = _UNKNOWN_TAG  # a word that is no tag at all, inside a block: a typo, not misplaced
        elif phrase is _UNKNOWN_TAG and parts["tag"] in _INNER_TAGS:
            phrase = _STRAY  # ``endif``, ``else`` … with no block open
        for token in ("t", "u"):
            if token in parts:
                parts[token] = _TOKENS.get(parts[token], f"‘{parts[token]}’")
        text = phrase.format(**parts)
        if not owner and "owner" in parts:  # the Word build names the paragraph instead of the answer group
            text = text.replace(f" (in {parts['owner']})", "")
        if "variable" in parts:
            text += did_you_mean(parts["variable"], variables)
        elif "field" in parts:
            text += did_you_mean(parts["field"], _fields(parts["owner"]))
        elif "filter" in parts:
            hint = did_you_mean(parts["filter"], env.filters if env else _OWN_FILTERS)
            text += hint or f" (bekend: {', '.join(sorted(_OWN_FILTERS))})"
        elif "test" in parts and env is not None:
            text += did_you_mean(parts["test"], env.tests)
        elif phrase is _UNKNOWN_TAG:
            text += did_you_mean(parts["tag"], _KNOWN_TAGS)
        return text
    return None


def template_error(
    exc: Exception, env: Environment | None = None, variables: Iterable[str] = (), *, owner: bool = True
) -> str:
    """What went wrong while parsing or rendering a template, in Dutch, without its location.

    Suggestions (``bedoelde u …?``) come from ``env``'s filters and tests, from ``variables``
    (the render context) and from the answers model. Syntax and other Jinja errors read
    ``fout in sjabloon: …``; an unknown name or a refused attribute says so directly. A
    plain Python error (a filter given the wrong kind of value) keeps its type and words.
    ``owner=False`` leaves out the answer group of an unknown field, for callers that name the
    paragraph instead.
    """
    message = (exc.message if isinstance(exc, TemplateError) else None) or str(exc)
    known = _translate(message, env, variables, owner)
    if isinstance(exc, SecurityError):
        return known or f"niet toegestaan in een template: {message} (templates mogen alleen antwoorden lezen)"
    if isinstance(exc, UndefinedError):
        return known or f"onbekend veld: {message}"
    if isinstance(exc, TemplateError):
        return f"fout in sjabloon: {known or message}"
    return known or _python_error(exc)


def _python_error(exc: Exception) -> str:
    """A plain Python error raised by a template's expression, in the consultant's words where we know it."""
    if isinstance(exc, ZeroDivisionError):
        return "het sjabloon deelt door nul"
    if isinstance(exc, RecursionError):
        return "het sjabloon roept zichzelf steeds opnieuw aan (een macro die zichzelf aanroept?)"
    if isinstance(exc, OverflowError):
        return f"het sjabloon rekent met een getal dat te groot is ({exc})"
    if isinstance(exc, LookupError) and str(exc).startswith("unknown encoding"):
        return f"het sjabloon vraagt een onbekende tekenset ({str(exc).split(':', 1)[-1].strip()})"
    return f"de template kan niet worden ingevuld ({type(exc).__name__}: {exc})"


# ------------------------------------------------------------------ where a syntax error is


def open_blocks(source: str, env: Environment, until: int | None = None) -> list[tuple[str, int]]:
    """Block tags (``for``, ``if`` …) still open at line ``until`` (or the end), with their lines."""
    stack: list[tuple[str, int]] = []
    expect_name = False
    try:
        for line, kind, value in env.lex(source):
            if until is not None and line > until:
                break
            if kind == "whitespace":
                continue
            if kind == "block_begin":
                expect_name = True
            elif expect_name and kind == "name":
                expect_name = False
                if value in BLOCK_TAGS:
                    stack.append((value, line))
                elif value.startswith("end") and stack and stack[-1][0] == value[3:]:
                    stack.pop()
            else:
                expect_name = False
    except TemplateSyntaxError:
        pass
    return stack


def syntax_error_place(
    exc: TemplateSyntaxError, source: str, env: Environment
) -> tuple[int | None, tuple[str, int] | None]:
    """Where a syntax error is, for the person who made it: its line, or for a block the
    template never closes the line that opened it; and the block that must be closed first
    (its tag and line) when Jinja found the error elsewhere. The build and ``dossier templates
    check`` both point there."""
    raw = exc.message or ""
    innermost = re.search(r"innermost block that needs to be closed is '(\w+)'", raw)
    opened = [b for b in open_blocks(source, env, exc.lineno) if b[0] == innermost[1]] if innermost else []
    if not opened:
        return exc.lineno, None
    if raw.lower().startswith("unexpected end of template"):
        return opened[-1][1], None
    return exc.lineno, opened[-1]
