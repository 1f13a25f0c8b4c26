"""What the lint can see of a template's cost before it runs: literal numbers no document needs.

The build bounds every render by its time and memory (``render.bounded.resource_budget``), so a costly
template ends in a message anyway; the lint says so earlier, where it can read it from the text: a width,
count or repetition far beyond any page (``|indent(2000000)``, ``'x' * 10**7``, ``.zfill(…)``), and
``wordwrap`` with a width of a few characters, which costs time quadratic in the text's length.
"""

from __future__ import annotations

from collections.abc import Iterator

from jinja2 import nodes

MAX_LITERAL = 10_000  # characters, items or a width: a page holds some 5 000 characters
MIN_WRAP = 10  # wordwrap narrower than this is no layout but a cost


def _dutch(number: int) -> str:
    return f"{number:,}".replace(",", ".")


def _value(node: nodes.Node) -> int | None:
    """A literal int, also written as ``10**7`` or ``2 * 1000000``."""
    if isinstance(node, nodes.Const) and isinstance(node.value, int) and not isinstance(node.value, bool):
        return node.value
    if isinstance(node, nodes.Pow | nodes.Mul):
        left, right = _value(node.left), _value(node.right)
        if left is not None and right is not None and abs(right) < 64:
            return left ** right if isinstance(node, nodes.Pow) else left * right
        if left is not None and right is not None:
            return left * right if isinstance(node, nodes.Mul) else None
    return None


def costly(template: nodes.Template) -> Iterator[tuple[str, int]]:
    """(message, line) for each literal cost the lint can read."""
    for node in template.find_all((nodes.Filter, nodes.Call, nodes.Mul, nodes.Pow)):
        if isinstance(node, nodes.Mul | nodes.Pow):
            number = _value(node)
            if number is None and isinstance(node, nodes.Mul):  # a text or list repeated: 'x' * 2000000
                number = next((n for n in (_value(node.left), _value(node.right)) if n is not None), None)
            if number is not None and abs(number) > MAX_LITERAL:
                yield (f"dit sjabloon rekent met {_dutch(number)}: meer dan een document nodig heeft; het maken "
                       "stopt bij 5 seconden of 1 GB geheugen", node.lineno)
            continue
        args = [*node.args, *(kw.value for kw in node.kwargs)]
        if isinstance(node, nodes.Filter):
            name = node.name
        else:
            name = getattr(node.node, "attr", None) or getattr(node.node, "name", "")
        if name == "range":  # loops have their own budget and message (100.000 rondes)
            continue
        for arg in args:
            number = _value(arg)
            if number is None:
                continue
            if abs(number) > MAX_LITERAL:
                yield (f"‘{name}’ vraagt een breedte of aantal van {_dutch(number)}: meer dan een pagina bevat; het "
                       "maken stopt bij 5 seconden of 1 GB geheugen", node.lineno)
            elif name == "wordwrap" and arg is (args[0] if args else None) and 0 < number < MIN_WRAP:
                yield (f"‘wordwrap({number})’ breekt na elke {number} tekens: dat kost bij een lange tekst minuten "
                       "(het maken stopt na 5 seconden); gebruik een breedte van minstens "
                       f"{MIN_WRAP} of laat de opmaak aan Word", node.lineno)
