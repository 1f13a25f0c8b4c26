"""Read a dossier.yaml safely and remember where every key and value stood.

ruamel.yaml's round-trip loader only builds plain data (no Python objects), rejects
duplicate keys, and records line/column for each key and item; we flatten that into
plain dicts/lists plus a position table so validation errors can point at the line.
"""

from __future__ import annotations

import datetime as dt
import os
import pickle
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.composer import Composer
from ruamel.yaml.constructor import ConstructorError, RoundTripConstructor
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.nodes import MappingNode, ScalarNode

from pipeline.cache import Kept
from pipeline.exceptions import DossierNotFound, InvalidDossier, Problem
from pipeline.model.types import normalise_text
from pipeline.paths import DOSSIER_FILE, INPUTS, file_kind
from pipeline.suggest import did_you_mean
from pipeline.ui import plural

MAX_NODES = 50_000  # a real dossier has a few hundred; alias bombs expand to billions
# All answers' text together, as the documents will hold it (aliases expanded), when that is
# more than the file itself: a real dossier has under 100 000 characters; each one costs PDF
# layout, and a list of aliases of a 20 000-character text would otherwise multiply the
# per-field limit without growing the file.
MAX_TEXT = 1_000_000
MAX_BYTES = 5_000_000

# What the last YAML texts parsed to, pickled, so every reader gets objects of its own: parsing the answers
# with positions is the slowest step of a build after the PDFs (≈0.15 s for the example, ruamel being pure
# Python), and a watch session after a template edit, ``check`` after ``build`` and the tests read the same
# text again. Only a text that parsed without a problem is kept (a problem is said again, with its file).
_parsed: Kept[str, bytes] = Kept(16)

Loc = tuple[str | int, ...]


@dataclass(slots=True)
class Source:
    """A loaded YAML file: its plain data plus line/column (1-based) per location."""

    path: Path
    text: str
    data: Any
    raw: bytes = b""  # the bytes read: the same ones are hashed and embedded, never read twice
    key_pos: dict[Loc, tuple[int, int]] = field(default_factory=dict)
    value_pos: dict[Loc, tuple[int, int]] = field(default_factory=dict)

    def position(self, loc: Loc, *, key: bool = False) -> tuple[int | None, int | None]:
        """Best position for a location: the value (or key), else the nearest parent."""
        table = self.key_pos if key else self.value_pos
        probe = tuple(loc)
        while probe:
            if probe in table:
                return table[probe]
            if probe in self.key_pos:
                return self.key_pos[probe]
            probe = probe[:-1]
        return (1, 1)


_TAG = (
    "onbekende of onvolledige YAML-tag (iets dat met ‘!’ begint); laat de tag weg of zet de "
    "tekst tussen aanhalingstekens"
)
_YAML_PROBLEMS = {
    "found character '\\t' that cannot start any token": (
        "tab-teken gevonden; gebruik spaties om in te springen"
    ),
    "found duplicate key": "deze sleutel staat er twee keer in; laat er één staan",
    "mapping values are not allowed here": (
        "hier mag geen ‘:’ staan; zet de tekst tussen aanhalingstekens of controleer het inspringen"
    ),
    "could not find expected ':'": "verwacht een ‘:’ na de sleutel",
    "expected <block end>, but found": "het inspringen klopt niet",
    "found unexpected end of stream": "het bestand houdt onverwacht op (aanhalingsteken niet gesloten?)",
    "found undefined alias": "verwijzing (*alias) naar een onbekend anker",
    "found unknown escape character": "onbekend escape-teken na ‘\\’ in tekst tussen dubbele aanhalingstekens",
    "while scanning a simple key": "sleutel zonder ‘:’ (of verkeerd ingesprongen)",
    "found a tab character": "tab-teken gevonden; gebruik spaties om in te springen",
    "but found another document": (
        "het bestand bevat meer dan één document (‘---’); een dossier.yaml bevat er één"
    ),
    "expected '<document start>'": (
        "onverwachte tekst na het einde van het dossier (een regel met ‘---’, ‘...’ of ‘%’?)"
    ),
    "sequence entries are not allowed here": (
        "hier mag geen lijstregel (‘- ’) staan; controleer het inspringen"
    ),
    "expected alphabetic or numeric character": (
        "na ‘&’ of ‘*’ hoort de naam van een anker; zet tekst die zo begint tussen aanhalingstekens"
    ),
    "that cannot start any token": (
        "een waarde mag niet met dit teken beginnen (bijv. @, ` of %); zet de tekst tussen aanhalingstekens"
    ),
    "expected escape sequence": (
        "onjuiste escape na ‘\\’ in tekst tussen dubbele aanhalingstekens; gebruik enkele aanhalingstekens"
    ),
    "expected chomping or indentation indicators": (
        "na ‘|’ of ‘>’ begint de tekst op de volgende regel, ingesprongen"
    ),
    "expected a comment or a line break": (
        "na deze waarde mag op dezelfde regel niets meer staan (aanhalingsteken te vroeg gesloten?)"
    ),
    "expected the node content": "hier ontbreekt een waarde",
    "expected ',' or ']'": "een lijst tussen [ ] is niet goed afgesloten; zet tekst met ‘:’ tussen aanhalingstekens",
    "expected ',' or '}'": "een groep tussen { } is niet goed afgesloten; zet tekst met ‘:’ tussen aanhalingstekens",
    "more indented follow up line than first": (
        "de eerste regel van een tekstblok (na ‘|’ of ‘>’) springt minder ver in dan een "
        "volgende; laat alle regels even ver inspringen"
    ),
    "for merging": "na ‘<<:’ hoort een verwijzing (*anker) naar een groep velden",
    "failed to ": "deze waarde past niet bij de YAML-tag ervoor (zoals !!int of !!timestamp); laat de tag weg",
    "expected URI": _TAG,
    "expected '!'": _TAG,
    "tag handle": _TAG,
    "for the tag": _TAG,
    "expected a scalar node": _TAG,
    "expected a mapping of length 1": _TAG,
    "expected a mapping node": _TAG,
    "expected a sequence": _TAG,
    "codec can't decode": _TAG,
    "unexpected document separator": "een regel met ‘---’ of ‘...’ midden in het dossier; haal die weg",
    "YAML directive": "een regel die met ‘%’ begint hoort niet in een dossier.yaml; haal die weg",
    "expected indentation indicator": "na ‘|’ of ‘>’ mag alleen een cijfer van 1 tot 9 staan",
    "expected ' ', but found": "hier hoort een spatie (na een ‘!’-tag, ‘:’ of ‘- ’)",
    "collection as a key": "een sleutel moet een woord zijn, geen lijst of groep (staat er een ‘?’ vooraan?)",
}


@dataclass(frozen=True, slots=True)
class Layout:
    """Where the indentation first goes wrong, and what it should be (1-based line and column)."""

    line: int
    column: int
    message: str


_KEY = re.compile(r"""(?:-\s+)*(?:"[^"]*"|'[^']*'|[^\s#'"{\[][^:#]*?)\s*:(?:\s|$)""")
_BLOCK_HEADER = re.compile(r""":\s*[|>][0-9+-]*\s*(?:#.*)?$""")
_OPENS = re.compile(r""":\s*(?:&\S+\s*)?(?:#.*)?$""")


def _spaces(n: int) -> str:
    return plural(n, "spatie", "spaties")


def _still_open(value: str) -> str:
    """``value`` when it is a quoted or flow value that does not close on its line (so the next
    lines continue it and say nothing about the indentation), else ""."""
    value = value.strip()
    if not value or value[0] not in "\"'{[":
        return ""
    depth, quote, escaped = 0, "", False
    for ch in value:
        if quote:
            if escaped:
                escaped = False
            elif ch == "\\" and quote == '"':
                escaped = True
            elif ch == quote:
                quote = ""
        elif ch in "\"'":
            quote = ch
        elif ch in "{[":
            depth += 1
        elif ch in "}]":
            depth -= 1
        if not quote and depth <= 0 and ch in "\"'}]":
            return ""
    return value


def layout_problem(text: str) -> Layout | None:
    """The first line whose indentation breaks the block structure of a dossier.yaml.

    YAML's own error comes where the reader gives up, often a line later and without the
    cause; this follows the keys' indentation (``- `` items included) and text blocks after
    ``|``/``>``, and says which line should start at which column. Flow style (``{…}``,
    ``[…]``) and text continued over several lines are left alone.
    """
    levels: list[tuple[int, int, str]] = [(0, 0, "")]  # (indent, line, key) of each open group
    opened = False  # the previous line ended in ‘key:’: a deeper group may follow
    header: tuple[int, int, str] | None = None  # (line, indent, key) of ‘key: |’
    text_indent: int | None = None
    text_of = ""
    carry = ""  # a quoted or flow (``{…}``, ``[…]``) value still open from an earlier line
    for number, raw in enumerate(text.split("\n"), start=1):
        stripped = raw.strip()
        indent = len(raw) - len(raw.lstrip(" "))
        if carry:
            carry = _still_open(carry + "\n" + stripped)
            continue
        if text_indent is not None:
            if not stripped or indent >= text_indent:
                continue
            if _KEY.match(stripped) is None and not stripped.startswith("#"):
                return Layout(number, indent + 1,
                              f"deze regel springt {_spaces(indent)} in en is geen veld; hoort hij bij de tekst "
                              f"van ‘{text_of}’ erboven? Zet er dan {_spaces(text_indent)} voor, zoals de regels "
                              "erboven")
            text_indent = None
        if not stripped or stripped.startswith("#") or (indent == 0 and stripped[0] in "-.%" and
                                                         stripped.rstrip() in {"---", "..."}):
            continue
        key = _KEY.match(stripped)
        if header is not None:
            where, key_indent, name = header
            header = None
            if indent > key_indent:
                text_indent, text_of = indent, name
                continue
            if key is None or indent < key_indent:
                return Layout(number, indent + 1,
                              f"de tekst na ‘{name}: |’ (regel {where}) springt niet in: zet er "
                              f"{_spaces(key_indent + 2)} voor, verder dan ‘{name}:’")
        top, top_line, top_key = levels[-1]
        if indent > top:
            if not opened:
                if key is None:
                    continue  # a long value continued on the next line
                return Layout(number, indent + 1,
                              f"deze regel springt {_spaces(indent)} in, {indent - top} meer dan "
                              f"‘{top_key}’ op regel {top_line}; zet er {_spaces(top)} voor")
            levels.append((indent, number, ""))
        else:
            inner = levels[-1]
            while indent < levels[-1][0]:
                levels.pop()
            if indent != levels[-1][0]:
                # between two levels: meant as the nearer one (a key dedented by one space
                # belongs with the keys above it)
                nearer = inner if inner[0] - indent <= indent - levels[-1][0] else levels[-1]
                expected, line, name = nearer
                return Layout(number, indent + 1,
                              f"deze regel springt {_spaces(indent)} in, maar ‘{name}’ erboven (regel {line}) "
                              f"{expected}; zet er {_spaces(expected)} voor, net als daar")
        carry = _still_open(stripped[key.end():] if key else stripped.lstrip("- "))
        name = key[0].rstrip(": \t").lstrip("- ") if key else stripped[:20]
        levels[-1] = (indent, number, name)
        item = re.match(r"(-\s+)+", stripped)
        if item and key:  # ‘- naam: x’: the item's further keys stand under ‘naam’
            levels.append((indent + len(item[0]), number, name))
        opened = (bool(key) and bool(_OPENS.search(stripped))) or stripped.rstrip() == "-"
        if key and _BLOCK_HEADER.search(stripped):
            header = (number, indent + (len(item[0]) if item else 0), name)
            opened = False
    return None


def _dutch_yaml_problem(exc: MarkedYAMLError) -> str:
    problem = (exc.problem or "").strip()
    for english, dutch in _YAML_PROBLEMS.items():
        if english in problem or english in (exc.context or ""):
            return f"YAML-fout: {dutch}"
    return f"YAML-fout: ongeldige YAML ({problem or exc.context or 'onbekende oorzaak'})"


_SURROGATE = re.compile("[\ud800-\udfff]")


def _join_surrogates(text: str) -> str:
    """``"\\ud83d\\ude00"`` (how JSON writers escape 😀) → 😀; ruamel leaves two halves.

    A lone half stays as it is: the model then reports the field as not valid text.
    """
    if not _SURROGATE.search(text):
        return text
    try:
        return text.encode("utf-16-le", "surrogatepass").decode("utf-16-le")
    except UnicodeDecodeError:
        return text


def _plain_scalar(value: Any) -> Any:
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, str):
        # escapes in quoted text ("\e", "\0") make control characters the raw-text pass could
        # not see; every value (attachment paths too) and key gets the model's normalisation,
        # so none reaches a document, a file name or the terminal (ANSI escapes in a message)
        return _join_surrogates(normalise_text(str(value)))
    if isinstance(value, int):
        return int(value)
    if isinstance(value, float):
        return float(value)
    if isinstance(value, dt.datetime):
        return value
    if isinstance(value, dt.date):
        return dt.date(value.year, value.month, value.day)
    return value


# What ruamel's constructors raise, unlocated, for values they cannot build: an impossible
# date, a 5000-digit number, an explicit tag on the wrong kind of value (``!!int |``,
# ``!!bool ''``, ``!!omap x``).
_CONSTRUCT_ERRORS = (
    ValueError, OverflowError, KeyError, IndexError, TypeError, AttributeError, NotImplementedError
)


class _Constructor(RoundTripConstructor):
    """Keeps a scalar YAML cannot turn into a value (``2027-02-30``, ``!!int x``) as text.

    As text the value reaches the model, which names the field and the line ("moet een
    datum zijn …"); a list or group that cannot be built is a located YAML error.
    """

    def construct_mapping(self, node: Any, maptyp: Any, deep: bool = False) -> Any:
        """A list or group as key (``? [a]``) means nothing in a dossier, and ruamel's own
        duplicate check crashes on nested ones (TypeError), so refuse it where it stands."""
        for key_node, _ in node.value:
            if not isinstance(key_node, ScalarNode):
                raise ConstructorError(None, None, "found a collection as a key", key_node.start_mark)
        return super().construct_mapping(node, maptyp, deep=deep)

    def construct_non_recursive_object(self, node: Any, tag: str | None = None) -> Any:
        try:
            return super().construct_non_recursive_object(node, tag)
        except _CONSTRUCT_ERRORS:
            if isinstance(node, ScalarNode):
                return str(node.value)
            raise ConstructorError(None, None, "failed to construct", node.start_mark) from None


_ALIAS = re.compile(r"(?:^|[\s\[{,:-])\*[^\s,\]}]")  # a *verwijzing (an alias), as YAML writes it


class _TooLarge(Exception):
    """Too many values: as the file is read (``_Composer``) or once its aliases are expanded (``_flatten``)."""


class _Composer(Composer):
    """Stops reading at the value limit instead of after the whole file.

    Each value the reader puts together (a mapping's keys are no value; an alias counts once) is at
    least one value ``_flatten`` counts once the aliases are expanded, so passing ``MAX_NODES`` here
    is passing it there; here the file itself holds that many, so it is never the references' fault.
    Without this a 5 MB list pasted many times was read whole (≈8 s per MB in pure-Python YAML) before
    it was refused."""

    def __init__(self, loader: Any = None) -> None:
        super().__init__(loader=loader)
        self._values = 0

    def compose_node(self, parent: Any, index: Any) -> Any:
        if index is not None or not isinstance(parent, MappingNode):
            self._values += 1
            if self._values > MAX_NODES:
                raise _TooLarge
        return super().compose_node(parent, index)


class _TooMuchText(Exception):
    """More than ``MAX_TEXT`` characters of answers once the aliases are expanded."""


@dataclass(slots=True)
class _Budget:
    nodes: int = MAX_NODES
    text: int = MAX_TEXT


class _SameKey(Exception):
    """Two keys that are one after normalisation (``"naam\\e"`` next to ``naam``)."""

    def __init__(self, line: int, col: int, name: str, first: int) -> None:
        super().__init__(name)
        self.line, self.col, self.name, self.first = line, col, name, first


def _lc(positions: Any, key: Any, fallback: tuple[int, int]) -> tuple[int, int, int, int]:
    """0-based (line, col, value line, value col) of a key or item; collections built from an
    explicit tag (``!foo [a, b]``) carry no positions, so they inherit their parent's."""
    table = getattr(positions, "data", None)
    found = table.get(key) if table else None
    if not found:
        return (fallback[0] - 1, fallback[1] - 1) * 2
    if len(found) < 4:
        return (found[0], found[1]) * 2
    return tuple(found[:4])  # type: ignore[return-value]


def _flatten(node: Any, loc: Loc, src: Source, budget: _Budget) -> Any:
    budget.nodes -= 1
    if budget.nodes < 0:
        raise _TooLarge
    here = src.value_pos.get(loc, (1, 1))
    if isinstance(node, CommentedMap):
        out: dict[str, Any] = {}
        for key in node:
            line, col, vline, vcol = _lc(getattr(node, "lc", None), key, here)
            name = normalise_text(str(key))
            key_loc = (*loc, name)
            if name in out:  # the same key once the invisible characters are gone
                raise _SameKey(line + 1, col + 1, name, src.key_pos[key_loc][0])
            src.key_pos[key_loc] = (line + 1, col + 1)
            # an empty value (`veld:`) has no position of its own; ruamel then reports the next
            # key's place, so point at the key itself
            empty = node[key] is None
            src.value_pos[key_loc] = (line + 1, col + 1) if empty else (vline + 1, vcol + 1)
            out[name] = _flatten(node[key], key_loc, src, budget)
        return out
    if isinstance(node, CommentedSeq):
        items = []
        for i, item in enumerate(node):
            line, col, _, _ = _lc(getattr(node, "lc", None), i, here)
            src.key_pos[(*loc, i)] = (line + 1, col + 1)
            src.value_pos[(*loc, i)] = (line + 1, col + 1)
            items.append(_flatten(item, (*loc, i), src, budget))
        return items
    value = _plain_scalar(node)
    if isinstance(value, str):
        budget.text -= len(value)
        if budget.text < 0:
            raise _TooMuchText
    return value


_TOO_MANY_VALUES = (f"het bestand heeft meer dan {MAX_NODES:,} waarden".replace(",", ".")
                    + " (een dossier heeft er een paar honderd); staat er een lijst in die per ongeluk vele malen is "
                    "geplakt?")
_TOO_DEEP = ("YAML-fout: te diep genest (lijsten en groepen in elkaar); een dossier heeft er een paar niveaus: "
             "vereenvoudig de opbouw")
_TOO_MANY_REFERENCES = ("het bestand bevat te veel (geneste) verwijzingen met &anker/*alias; schrijf de waarden "
                        "uit")


def _expanded_too_far(text: str, too_far: str) -> str:
    """Why the answers became too large or too deep once the aliases were expanded: the references, when
    the file has any (while it was read it was within the limits, so they did it), else ``too_far``."""
    return _TOO_MANY_REFERENCES if _ALIAS.search(text) else too_far


def dossier_file(folder: Path) -> Path:
    """The dossier.yaml of a dossier folder (a path to the file itself is accepted too)."""
    if folder.is_file() and folder.suffix in {".yaml", ".yml"}:
        return folder
    if folder.name == DOSSIER_FILE and folder.is_dir():
        raise DossierNotFound(f"{folder}: is een map, verwacht een bestand")
    candidate = folder / DOSSIER_FILE
    if not folder.exists():
        raise DossierNotFound(f"{folder}: deze map bestaat niet{_nearby_dossier(folder)}")
    if not folder.is_dir():
        raise DossierNotFound(f"{folder}: is geen map met een {DOSSIER_FILE}")
    if candidate.is_dir():
        raise DossierNotFound(f"{candidate}: is een map, verwacht een bestand")
    if candidate.exists() and not candidate.is_file():  # a FIFO or device: said as what it is
        raise DossierNotFound(f"{candidate}: is {file_kind(candidate)}, geen gewoon bestand; zet hier een YAML-bestand")
    if not candidate.is_file():
        raise DossierNotFound(f"{folder}: hier staat geen {DOSSIER_FILE}")
    return candidate


def _nearby_dossier(folder: Path) -> str:
    """``; bedoelde u ‘inputs/mijnarangement’?`` for a typo in a dossier name."""
    inputs = INPUTS if len(folder.parts) == 1 else folder.parent
    try:
        names = [p.name for p in inputs.iterdir() if (p / DOSSIER_FILE).is_file()] if inputs.is_dir() else []
    except OSError:
        return ""
    hint = did_you_mean(folder.name, names)
    return hint.replace("‘", f"‘{inputs}/", 1) if hint else ""


def only_comments(text: str) -> bool:
    """Blank lines and ``#`` comments only: a YAML file that records nothing (yet)."""
    return all(not line.strip() or line.lstrip().startswith("#") for line in text.splitlines())


class _NotAFile(Exception):
    """Raised by ``_read_regular`` for a FIFO, socket or device; its text is what the path is."""


def _read_regular(path: Path) -> tuple[bytes, int]:
    """The bytes of a regular file, at most ``MAX_BYTES`` + 1 of them, and its size. Opened without
    blocking and checked on the open file itself: a FIFO or device in the file's place (even one swapped
    in after a look) would block the build for ever or never end; it is refused, said as what it is."""
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    with os.fdopen(fd, "rb") as stream:
        opened = os.fstat(stream.fileno())
        if stat.S_ISDIR(opened.st_mode):
            raise IsADirectoryError(path)
        if not stat.S_ISREG(opened.st_mode):
            raise _NotAFile(file_kind(path))
        raw = stream.read(MAX_BYTES + 1)
        return raw, max(len(raw), opened.st_size)


def load_yaml(path: Path, *, may_be_empty: bool = False) -> Source:
    """Read and parse one YAML file; every failure becomes a located InvalidDossier.

    ``may_be_empty``: a file that is blank or holds only comments (voortgang.yaml as ``dossier
    new`` writes it) is a Source whose ``data`` is None, not an error. The file is parsed whole
    first, within the same limits as any other: only a file in which YAML itself finds nothing
    counts as empty, however long its comments are.
    """

    def fail(message: str, line: int | None = None, col: int | None = None) -> InvalidDossier:
        return InvalidDossier([Problem(path, line, col, None, message)])

    try:
        raw, size = _read_regular(path)
    except IsADirectoryError:
        raise fail("is een map, verwacht een bestand") from None
    except _NotAFile as kind:
        raise fail(f"is {kind}, geen gewoon bestand; zet hier een YAML-bestand") from None
    except OSError as exc:
        raise fail(f"kan het bestand niet lezen ({exc.strerror})") from None
    if len(raw) > MAX_BYTES:
        raise fail(f"het bestand is te groot ({size // 1_000_000} MB; maximaal 5 MB)")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise fail(
            "het bestand is geen UTF-8-tekst; sla het op als UTF-8 (in de meeste editors: "
            "‘Opslaan als’ → codering UTF-8)",
            line,
        ) from None
    # Control characters pasted from a PDF would make the whole file unreadable for the
    # YAML reader; the model drops them from every value anyway, so drop them here too.
    # After this no character the reader refuses is left (strict UTF-8 decoding already
    # refuses surrogates), so the reader never fails on a character: tests/test_guards.py.
    text = normalise_text(text)
    if not text.strip():
        if may_be_empty:
            return Source(path=path, text=text, data=None, raw=raw)
        raise fail("het bestand is leeg")

    known = _parsed.get(text)
    if known is not None:  # the same text read before in this process: the same answers and places
        data, key_pos, value_pos = pickle.loads(known)
        return Source(path=path, text=text, data=data, raw=raw, key_pos=key_pos, value_pos=value_pos)

    yaml = YAML(typ="rt", pure=True)
    yaml.Composer = _Composer
    yaml.Constructor = _Constructor
    yaml.allow_duplicate_keys = False
    try:
        node = yaml.load(text)
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        col = mark.column + 1 if mark else None
        layout = layout_problem(text)
        if layout is not None and (line is None or layout.line <= line):
            raise fail(f"YAML-fout: het inspringen klopt niet: {layout.message}", layout.line, layout.column) from None
        raise fail(_dutch_yaml_problem(exc), line, col) from None
    except YAMLError as exc:
        raise fail(f"YAML-fout: {exc}") from None
    except RecursionError:
        raise fail(_TOO_DEEP) from None
    except _TooLarge:  # counted as written (an alias once): the file itself holds this many
        raise fail(_TOO_MANY_VALUES) from None
    except _CONSTRUCT_ERRORS as exc:  # a ruamel bug on odd input; no reason to show a traceback
        raise fail(
            f"YAML-fout: dit bestand kan niet worden gelezen ({type(exc).__name__}); "
            "vereenvoudig de YAML (geen tags als !!int, geen ‘?’-sleutels)"
        ) from None

    src = Source(path=path, text=text, data=None, raw=raw)
    if node is None and may_be_empty and only_comments(text):
        return src
    if not isinstance(node, CommentedMap):
        raise fail("verwacht velden (sleutel: waarde) op het hoogste niveau", 1, 1)
    try:
        # aliases may not make the answers larger than this limit or the file itself (text typed
        # out is bounded by the file size, and gets the per-field messages)
        src.data = _flatten(node, (), src, _Budget(text=max(MAX_TEXT, len(text))))
    except _SameKey as same:
        raise fail(
            f"de sleutel ‘{same.name}’ staat er al op regel {same.first}; deze verschilt alleen door "
            "een onzichtbaar teken (bijvoorbeeld uit een PDF geplakt) en zou die stil vervangen: laat er één staan",
            same.line, same.col,
        ) from None
    except _TooMuchText:
        limit = f"{MAX_TEXT:,}".replace(",", ".")  # Dutch thousands
        raise fail(
            f"de antwoorden zijn samen meer dan {limit} tekens (met &anker/*alias uitgevouwen, zoals ze in de "
            "documenten komen); een aanvraag heeft er meestal minder dan 100.000: kort de teksten in"
        ) from None
    except _TooLarge:
        raise fail(_expanded_too_far(text, _TOO_MANY_VALUES)) from None
    except RecursionError:
        raise fail(_expanded_too_far(text, _TOO_DEEP)) from None
    _parsed.put(text, pickle.dumps((src.data, src.key_pos, src.value_pos), pickle.HIGHEST_PROTOCOL))
    return src
