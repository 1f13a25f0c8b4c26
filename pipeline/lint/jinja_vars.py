"""Which answers a Jinja template uses, as model paths, and which names it gets wrong.

``jinja2.meta`` only knows top-level names; a consultant writes chains such as
``arrangement.doelgroep.aantal_leerlingen`` or ``{% for s in scholen %}{{ s.naam }}``.
This walk follows Getattr/Getitem chains and binds loop, ``set``/``with`` and macro
variables to the path they stand for, so both resolve to model paths
(``arrangement.doelgroep.aantal_leerlingen``, ``scholen[].naam``). The same walk finds
attribute names the sandbox refuses (``__class__`` and friends) before anything renders.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from jinja2 import meta, nodes
from jinja2.sandbox import (
    UNSAFE_ASYNC_GENERATOR_ATTRIBUTES,
    UNSAFE_COROUTINE_ATTRIBUTES,
    UNSAFE_FUNCTION_ATTRIBUTES,
    UNSAFE_GENERATOR_ATTRIBUTES,
    UNSAFE_METHOD_ATTRIBUTES,
)

from pipeline.lint.vocabulary import MOVED, Variable, children

ITEM = "[]"
UNSAFE_ATTRIBUTES = (
    UNSAFE_FUNCTION_ATTRIBUTES
    | UNSAFE_METHOD_ATTRIBUTES
    | UNSAFE_GENERATOR_ATTRIBUTES
    | UNSAFE_COROUTINE_ATTRIBUTES
    | UNSAFE_ASYNC_GENERATOR_ATTRIBUTES
    | {"mro"}
)
# Filters whose result is one item of the list they get, or the same list reordered.
ITEM_FILTERS = {"first", "last", "random"}
LIST_FILTERS = {"sort", "reverse", "list", "unique", "selectattr", "rejectattr"}
ATTRIBUTE_FIRST = {"selectattr", "rejectattr", "groupby"}  # the attribute is the first argument

Scope = dict[str, list[str] | None]  # local name → model path segments (None: not an answer)


@dataclass(frozen=True, slots=True)
class Use:
    """A chain that resolves to a known variable; ``path`` is the deepest known part."""

    written: str
    path: str
    line: int


@dataclass(frozen=True, slots=True)
class Unknown:
    written: str  # as in the template: "s.nam"
    path: str  # as a model path: "scholen[].nam"
    line: int
    suggestion: str | None  # as the consultant would write it: "s.naam"
    hint: str = ""


@dataclass(frozen=True, slots=True)
class Unsafe:
    written: str
    attribute: str
    line: int


@dataclass(slots=True)
class Analysis:
    uses: list[Use] = field(default_factory=list)
    unknown: list[Unknown] = field(default_factory=list)
    unsafe: list[Unsafe] = field(default_factory=list)

    def used_paths(self, vocab: Mapping[str, Variable]) -> set[str]:
        """Paths the template shows, with derived extras counted as the answer behind them."""
        paths = {u.path for u in self.uses}
        paths |= {b for p in paths if p in vocab for b in vocab[p].afgeleid_van}
        return paths


def join(segments: Iterable[str]) -> str:
    out = ""
    for seg in segments:
        out += seg if seg == ITEM or not out else f".{seg}"
    return out


def is_unsafe(attribute: str) -> bool:
    return attribute.startswith("_") or attribute in UNSAFE_ATTRIBUTES


@dataclass(slots=True)
class _Chain:
    base: list[str] | None  # segments the first name stands for (None: not an answer)
    name: str
    root: bool  # the name comes from the render context (not a template-local)
    tail: list[tuple[str, str]]  # (path segment, as written) after the name


class _Walker:
    def __init__(self, vocab: Mapping[str, Variable], context_names: set[str],
                 macros: dict[str, nodes.Macro]) -> None:
        self.vocab = vocab
        self.context_names = context_names
        self.macros = macros
        self.expanding: list[str] = []
        self.result = Analysis()

    # ------------------------------------------------------------- statements

    def body(self, body: Iterable[nodes.Node], scope: Scope) -> None:
        scope = dict(scope)  # ``set`` inside a block or loop stays there, as in Jinja
        for node in body:
            self.statement(node, scope)

    def statement(self, node: nodes.Node, scope: Scope) -> None:
        if isinstance(node, nodes.For):
            self.expr(node.iter, scope)
            inner = dict(scope)
            inner["loop"] = None
            item = self.resolve(node.iter, scope)
            self.bind(node.target, [*item, ITEM] if item is not None else None, inner)
            if node.test is not None:
                self.expr(node.test, inner)
            self.body(node.body, inner)
            self.body(node.else_, scope)
        elif isinstance(node, nodes.Assign):
            self.expr(node.node, scope)
            self.bind(node.target, self.resolve(node.node, scope), scope)
        elif isinstance(node, nodes.AssignBlock):
            self.body(node.body, scope)
            self.bind(node.target, None, scope)
        elif isinstance(node, nodes.With):
            inner = dict(scope)
            for target, value in zip(node.targets, node.values, strict=False):
                self.expr(value, scope)
                self.bind(target, self.resolve(value, scope), inner)
            self.body(node.body, inner)
        elif isinstance(node, nodes.Macro | nodes.CallBlock):
            inner = dict(scope)
            for default in node.defaults:
                self.expr(default, scope)
            for arg in node.args:
                inner[arg.name] = None
            inner["caller"] = None
            if isinstance(node, nodes.CallBlock):
                self.expr(node.call, scope)
            self.body(node.body, inner)
        elif isinstance(node, nodes.Import):
            scope[node.target] = None
        elif isinstance(node, nodes.FromImport):
            for name in node.names:
                scope[name if isinstance(name, str) else name[1]] = None
        elif isinstance(node, nodes.Expr):
            self.expr(node, scope)
        else:
            for child in node.iter_child_nodes():
                if isinstance(child, nodes.Expr):
                    self.expr(child, scope)
                else:
                    self.statement(child, scope)

    def bind(self, target: nodes.Node, path: list[str] | None, scope: Scope) -> None:
        if isinstance(target, nodes.Name):
            scope[target.name] = path
        elif isinstance(target, nodes.Tuple):  # ``{% for groep, rijen in groepen %}``: positions, if known
            known = path if path is not None and f"{join(path)}.0" in self.vocab else None
            for position, item in enumerate(target.items):
                self.bind(item, None if known is None else [*known, str(position)], scope)
        # NSRef (``{% set ns.x = … %}``) changes a namespace object, not a name

    # ------------------------------------------------------------ expressions

    def expr(self, node: nodes.Node, scope: Scope) -> None:
        if isinstance(node, nodes.Name | nodes.Getattr | nodes.Getitem):
            self.chain(node, scope)
            return
        if isinstance(node, nodes.Call) and isinstance(node.node, nodes.Name):
            self.expand_macro(node, scope)
        if isinstance(node, nodes.Filter) and node.node is not None:
            self.filter_attributes(node, scope)
        for child in node.iter_child_nodes():
            self.expr(child, scope)

    def chain(self, node: nodes.Expr, scope: Scope) -> None:
        """Record one whole chain (``a.b[0].c``) and walk what hangs off it."""
        tail: list[tuple[str, str]] = []
        line = node.lineno
        unsafe: Unsafe | None = None  # report the innermost forbidden step of a chain only
        while isinstance(node, nodes.Getattr | nodes.Getitem):
            if isinstance(node, nodes.Getattr):
                if is_unsafe(node.attr):
                    unsafe = Unsafe(self.written(node), node.attr, node.lineno)
                tail.append((node.attr, f".{node.attr}"))
            else:
                key = node.arg
                if isinstance(key, nodes.Const) and isinstance(key.value, str):
                    if is_unsafe(key.value):
                        unsafe = Unsafe(self.written(node), key.value, node.lineno)
                    tail.append((key.value, f"[{key.value!r}]"))
                elif isinstance(key, nodes.Const) and isinstance(key.value, int):
                    tail.append((ITEM, f"[{key.value}]"))
                else:
                    self.expr(key, scope)
                    tail.append((ITEM, "[…]"))
            node = node.node
        tail.reverse()
        if unsafe is not None:
            self.result.unsafe.append(unsafe)
        if not isinstance(node, nodes.Name):
            self.expr(node, scope)  # e.g. (scholen | first).naam: the filter is walked itself
            base = self.resolve(node, scope)
            if base is not None:
                self.check(_Chain(base, self.written(node), False, tail), line)
            return
        if node.name in scope:
            base = scope[node.name]
            if base is not None:
                self.check(_Chain(base, node.name, False, tail), line)
        elif node.name in self.context_names:
            self.check(_Chain([node.name], node.name, True, tail), line)

    def filter_attributes(self, node: nodes.Filter, scope: Scope) -> None:
        """``scholen | map(attribute="naam")`` uses ``scholen[].naam``: check and record it."""
        base = self.resolve(node.node, scope)  # type: ignore[arg-type]
        if base is None:
            return
        for attribute in attribute_arguments(node):
            tail = [(part, f".{part}") for part in attribute.split(".")]
            before = len(self.result.unknown)
            self.check(_Chain([*base, ITEM], "", False, tail), node.lineno)
            if len(self.result.unknown) > before:  # say it the way it was written
                wrong = self.result.unknown.pop()
                fixed = wrong.suggestion and wrong.suggestion.lstrip(".")
                self.result.unknown.append(Unknown(
                    f"{node.name}(… '{attribute}')", wrong.path, wrong.line,
                    f"{node.name}(… '{fixed}')" if fixed else None,
                ))

    def check(self, chain: _Chain, line: int) -> None:
        segments = chain.base + [seg for seg, _ in chain.tail]
        written = chain.name + "".join(w for _, w in chain.tail)
        path: list[str] = []
        for index, seg in enumerate(segments):
            candidate = join([*path, seg])
            variable = self.vocab.get(candidate)
            parent = self.vocab.get(join(path)) if path else None
            if variable is not None:
                path.append(seg)
                if variable.leaf:
                    break
            elif seg == ITEM and parent is not None and parent.is_list:
                path.append(seg)
            else:
                if index >= len(chain.base) or chain.root:  # else reported where it was bound
                    self.unknown(chain, segments, index, written, line)
                return
        self.result.uses.append(Use(written, join(path), line))

    def unknown(self, chain: _Chain, segments: list[str], index: int, written: str, line: int) -> None:
        parent = join(segments[:index])
        seg = segments[index]
        options = children(dict(self.vocab), parent)
        match = difflib.get_close_matches(seg, options, n=1, cutoff=0.6)
        suggestion = None
        if match:
            k = index - len(chain.base)  # position of the wrong part in what was written
            if k < 0:  # the name itself is wrong
                suggestion = match[0] + "".join(w for _, w in chain.tail)
            else:
                fixed = [*chain.tail[:k], (match[0], f".{match[0]}")]
                suggestion = chain.name + "".join(w for _, w in fixed)
        hint = ""
        parent_var = self.vocab.get(parent)
        moved = MOVED.get(join(segments[: index + 1]))
        if moved is not None:  # an answer that moved: where it is now
            hint = moved
        elif seg != ITEM and parent_var is not None and parent_var.is_list and f"{parent}{ITEM}.{seg}" in self.vocab:
            k = max(index - len(chain.base), 0)
            listed = chain.name + "".join(w for _, w in chain.tail[:k])
            hint = f"‘{listed}’ is een lijst: gebruik {{% for x in {listed} %}} … {{{{ x.{seg} }}}} … {{% endfor %}}"
        elif index == 0 and chain.root and chain.tail and chain.tail[0] == (segments[1], f".{segments[1]}") and (
                segments[1] in self.vocab):  # ``dossier.arrangement.naam``: each answer is a name of its own
            hint = self.without_root(chain, segments[1], line)
        self.result.unknown.append(
            Unknown(written, join(segments[: index + 1]), line, suggestion, hint)
        )

    def without_root(self, chain: _Chain, name: str, line: int) -> str:
        """How to write ``dossier.arrangement.naam``: without its first name (and spelt right)."""
        uses, unknown = len(self.result.uses), len(self.result.unknown)
        self.check(_Chain([name], name, True, chain.tail[1:]), line)
        found = self.result.unknown[unknown:]
        del self.result.uses[uses:], self.result.unknown[unknown:]
        if not found:
            fixed = name + "".join(w for _, w in chain.tail[1:])
        elif found[0].suggestion:
            fixed = found[0].suggestion
        else:
            return f"schrijf het zonder ‘{chain.name}.’ ervoor"
        return f"schrijf ‘{fixed}’, zonder ‘{chain.name}.’ ervoor"

    def resolve(self, node: nodes.Node, scope: Scope) -> list[str] | None:
        """The model path an expression stands for, or None when it is not an answer."""
        if isinstance(node, nodes.Name):
            if node.name in scope:
                return scope[node.name]
            return [node.name] if node.name in self.context_names else None
        if isinstance(node, nodes.Getattr):
            base = self.resolve(node.node, scope)
            return None if base is None else [*base, node.attr]
        if isinstance(node, nodes.Getitem):
            base = self.resolve(node.node, scope)
            if base is None:
                return None
            key = node.arg
            if isinstance(key, nodes.Const) and isinstance(key.value, str):
                return [*base, key.value]
            return [*base, ITEM]
        if isinstance(node, nodes.CondExpr | nodes.Or):  # ``x if achterhoek else []``, ``x or []``
            first, second = (node.expr1, node.expr2) if isinstance(node, nodes.CondExpr) else (node.left, node.right)
            found = self.resolve(first, scope)
            return found if found is not None or second is None else self.resolve(second, scope)
        if isinstance(node, nodes.Filter) and node.node is not None:
            base = self.resolve(node.node, scope)
            if base is None:
                return None
            if node.name == "map" and (attributes := attribute_arguments(node)):
                return [*base, ITEM, *attributes[0].split(".")]
            if node.name in ITEM_FILTERS:
                return [*base, ITEM]
            if node.name in LIST_FILTERS:
                return base
        return None

    def expand_macro(self, call: nodes.Call, scope: Scope) -> None:
        """Walk a macro's body again with its parameters bound to what this call passes."""
        name = call.node.name  # type: ignore[attr-defined]
        macro = self.macros.get(name)
        if macro is None or name in self.expanding:
            return
        inner: Scope = {arg.name: None for arg in macro.args}
        for arg, value in zip(macro.args, call.args, strict=False):
            inner[arg.name] = self.resolve(value, scope)
        for keyword in call.kwargs:
            if keyword.key in inner:
                inner[keyword.key] = self.resolve(keyword.value, scope)
        inner["caller"] = None
        self.expanding.append(name)
        try:
            self.body(macro.body, inner)
        finally:
            self.expanding.pop()

    @staticmethod
    def written(node: nodes.Node) -> str:
        if isinstance(node, nodes.Name):
            return node.name
        if isinstance(node, nodes.Getattr):
            return f"{_Walker.written(node.node)}.{node.attr}"
        if isinstance(node, nodes.Getitem):
            key = node.arg
            inner = repr(key.value) if isinstance(key, nodes.Const) else "…"
            return f"{_Walker.written(node.node)}[{inner}]"
        if isinstance(node, nodes.Const):
            return repr(node.value)
        if isinstance(node, nodes.Filter):
            return f"({_Walker.written(node.node) if node.node else '…'} | {node.name})"
        return "…"


def attribute_arguments(node: nodes.Filter) -> list[str]:
    """Attribute names a filter reads from each item (``attribute=…``; selectattr's first argument)."""
    found = [
        kw.value.value for kw in node.kwargs
        if kw.key == "attribute" and isinstance(kw.value, nodes.Const) and isinstance(kw.value.value, str)
    ]
    if node.name in ATTRIBUTE_FIRST and node.args:
        first = node.args[0]
        if isinstance(first, nodes.Const) and isinstance(first.value, str):
            found.append(first.value)
    return found


def unsafe_attributes(template: nodes.Template) -> list[Unsafe]:
    """Forbidden attribute steps only, for templates whose variables we cannot know."""
    found = []
    for node in template.find_all((nodes.Getattr, nodes.Getitem)):
        attribute = node.attr if isinstance(node, nodes.Getattr) else getattr(node.arg, "value", None)
        if isinstance(attribute, str) and is_unsafe(attribute):
            found.append(Unsafe(_Walker.written(node), attribute, node.lineno))
    return found


def analyse(template: nodes.Template, vocab: Mapping[str, Variable]) -> Analysis:
    """All variable uses of a parsed template, resolved against ``vocab``."""
    context_names = set(meta.find_undeclared_variables(template))
    macros = {m.name: m for m in template.find_all(nodes.Macro)}
    walker = _Walker(vocab, context_names, macros)
    walker.body(template.body, {})
    result = walker.result
    result.uses = list(dict.fromkeys(result.uses))
    result.unknown = list(dict.fromkeys(result.unknown))
    result.unsafe = list(dict.fromkeys(result.unsafe))
    return result
