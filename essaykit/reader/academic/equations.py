"""Equation numbers an essay refers to: ``\\eqref{eq:x}`` in a sentence reads "(1)".

Why: maths posts label a formula (``\\label{eq:x}``, often with the author's own
``\\tag{1}``) and refer to it in the prose, as LaTeX, MathJax and KaTeX let them.
Formulas are otherwise unnumbered here, so only a labelled formula that is
referred to gets a number: its ``\\tag`` when it has one, else the next number
in document order (added to the formula, so the number shows beside it). A
reference to a label no formula has reads "(??)", as LaTeX prints it. The
labels themselves are dropped by the maths converter.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable
from typing import Any

__all__ = ["has_equation_refs", "number_equations"]

_REF = re.compile(r"\\(eqref|ref)\s*\{([^{}\n]{1,200})\}")
_LABEL = re.compile(r"\\label\s*\{([^{}\n]{1,200})\}")
_TAG = re.compile(r"\\tag\*?\s*\{([^{}]{1,40})\}")
_ROW_END = re.compile(r"\\\\|\\cr(?![A-Za-z])")


def has_equation_refs(body: str) -> bool:
    return "\\eqref" in body or ("\\ref" in body and "\\label" in body)


def number_equations(blocks: Iterable[Any]) -> tuple[Any, ...]:
    """``blocks`` with each referred-to labelled formula numbered and each
    reference to it as its number (see the module)."""
    from ...model import MathBlock, MathInline, Text
    from ...model.walk import iter_nodes, walk

    blocks = tuple(blocks)
    wanted: set[str] = set()
    for node in iter_nodes(blocks):
        if isinstance(node, (Text, MathInline)):
            wanted.update(m.group(2).strip() for m in _REF.finditer(node.text))
    if not wanted:
        return blocks
    numbers: dict[str, str] = {}
    untagged: list[str] = []
    used = 0
    for node in iter_nodes(blocks):
        if isinstance(node, MathBlock) and "\\tag" in node.text:
            used = max([used, *(int(t) for t in _TAG.findall(node.text) if t.strip().isdigit())])
        if isinstance(node, MathBlock) and "\\label" in node.text:
            for row in _ROW_END.split(node.text):
                tag = _TAG.search(row)
                for label in _LABEL.finditer(row):
                    name = label.group(1).strip()
                    if tag is not None:
                        numbers.setdefault(name, tag.group(1).strip())
                    elif name in wanted:
                        untagged.append(name)
    for name in untagged:
        if name not in numbers:
            used += 1
            numbers[name] = str(used)

    def tagged(text: str) -> str:
        def add(m: re.Match[str]) -> str:
            name = m.group(1).strip()
            row_start = max(text.rfind("\\\\", 0, m.start()), 0)
            row_end = _ROW_END.search(text, m.end())
            row = text[row_start:row_end.start() if row_end else len(text)]
            if name in numbers and name in wanted and not _TAG.search(row):
                return f"\\tag{{{numbers[name]}}}" + m.group(0)
            return m.group(0)

        return _LABEL.sub(add, text)

    def said(m: re.Match[str], maths: bool) -> str:
        number = numbers.get(m.group(2).strip())
        if number is None and m.group(1) == "ref":
            return m.group(0)  # not an equation's: left for other readers (and warned of)
        shown = f"({number or '??'})" if m.group(1) == "eqref" else (number or "??")
        return f"\\text{{{shown}}}" if maths else shown

    def visit(node: Any) -> Any:
        if isinstance(node, MathBlock) and "\\label" in node.text:
            text = tagged(node.text)
            return node if text == node.text else dataclasses.replace(node, text=text)
        if isinstance(node, (Text, MathInline)) and "\\" in node.text and _REF.search(node.text):
            maths = isinstance(node, MathInline)
            return dataclasses.replace(node, text=_REF.sub(lambda m: said(m, maths), node.text))
        return node

    return tuple(walk(blocks, visit))
