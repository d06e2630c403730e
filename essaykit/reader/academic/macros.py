"""TeX macros an author defines (``\\newcommand{\\R}{\\mathbb{R}}``), applied to the maths.

Why: maths posts define their shorthand once — in a formula of its own (MathJax
keeps definitions for the rest of the page), in a raw TeX block at the top
(Franklin, pandoc), or in front matter's ``header-includes`` (pandoc) — and use
it everywhere. No converter we draw with knows ``\\R``, so without expansion
every formula that uses one fell back to TeX. pandoc's ``latex_macros``
extension does the same: definitions are read in document order, applied to
every later formula, and removed from the text; a formula or raw block that
held only definitions disappears.

Expansion is bounded (a macro that expands to itself, or doubles each time,
stops at a budget and the formula is left as written for the renderers to
warn about): this reads hostile input too.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

__all__ = ["Macro", "expand_document_macros", "read_definitions", "expand"]

#: The commands that define a macro, as pandoc's latex_macros reads them.
_DEFINERS = re.compile(
    r"\\(?P<cmd>newcommand|renewcommand|providecommand|DeclareRobustCommand|DeclareMathOperator|def|gdef|let)"
    r"(?P<star>\*?)(?![A-Za-z])"
)
#: MathJax's ``\require{ext}``: loads an extension there, means nothing here.
_REQUIRE = re.compile(r"\\require\s*\{[^{}]*\}")
#: Bounds on expansion: how many macro uses one formula may expand, and how
#: long it may grow, before it is left as written.
MAX_EXPANSIONS = 2000
MAX_GROWTH = 20_000
#: How deep macros may call macros (TeX's own limit is far higher; no essay nears this).
MAX_DEPTH = 40


@dataclass(frozen=True, slots=True)
class Macro:
    """A defined command: its body with ``#1``… for arguments, and the default
    of an optional first argument (``\\newcommand{\\x}[2][0]{…}``)."""

    body: str
    args: int = 0
    default: str | None = None


def _skip_space(text: str, i: int) -> int:
    while i < len(text) and text[i] in " \t\r\n":
        i += 1
    return i


def _group(text: str, i: int, opening: str = "{", closing: str = "}") -> tuple[str, int] | None:
    """The contents of the balanced group opening at ``i`` and the index after it."""
    if i >= len(text) or text[i] != opening:
        return None
    depth, j = 0, i
    while j < len(text):
        ch = text[j]
        if ch == "\\":
            j += 2
            continue
        if ch == opening:
            depth += 1
        elif ch == closing:
            depth -= 1
            if depth == 0:
                return text[i + 1:j], j + 1
        j += 1
    return None


def _control(text: str, i: int) -> tuple[str, int] | None:
    """The control sequence (``\\name`` or ``\\%``) at ``i``, and the index after it."""
    if i >= len(text) or text[i] != "\\" or i + 1 >= len(text):
        return None
    j = i + 1
    if text[j].isalpha():
        while j < len(text) and text[j].isalpha():
            j += 1
        return text[i:j], j
    return text[i:j + 1], j + 1


def _argument(text: str, i: int) -> tuple[str, int] | None:
    """One undelimited argument: a braced group's contents, a control sequence or a character."""
    i = _skip_space(text, i)
    if i >= len(text):
        return None
    group = _group(text, i)
    if group is not None:
        return group
    control = _control(text, i)
    if control is not None:
        return control
    if text[i] in "}":
        return None
    return text[i], i + 1


def _definition(text: str, m: re.Match[str]) -> tuple[str, Macro, int] | None:
    """The macro a definer at ``m`` defines: its name, the macro and the index after it."""
    cmd, i = m.group("cmd"), m.end()
    i = _skip_space(text, i)
    group = _group(text, i)
    if group is not None:
        name, i = group[0].strip(), group[1]
    else:
        control = _control(text, i)
        if control is None:
            return None
        name, i = control
    if not re.fullmatch(r"\\[A-Za-z]+|\\.", name):
        return None
    if cmd == "let":
        i = _skip_space(text, i)
        if i < len(text) and text[i] == "=":
            i = _skip_space(text, i + 1)
        target = _control(text, i)
        if target is None:
            return None
        return name, Macro(target[0]), target[1]
    if cmd == "DeclareMathOperator":
        body = _argument(text, i)
        if body is None:
            return None
        # latex2mathml draws \operatorname well and \operatorname* not at all.
        return name, Macro(f"\\operatorname{{{body[0]}}}"), body[1]
    args, default = 0, None
    if cmd in {"def", "gdef"}:
        params = re.match(r"(?:#\d)+", text[i:])
        if params:
            args = params.group(0).count("#")
            i += params.end()
    else:
        i = _skip_space(text, i)
        count = _group(text, i, "[", "]")
        if count is not None:
            if not count[0].strip().isdigit():
                return None
            args, i = min(9, int(count[0].strip())), count[1]
            i = _skip_space(text, i)
            optional = _group(text, i, "[", "]")
            if optional is not None:
                default, i = optional
    i = _skip_space(text, i)
    body = _group(text, i)
    if body is None:
        return None
    return name, Macro(body[0], args, default), body[1]


def read_definitions(text: str, macros: dict[str, Macro]) -> str:
    """``text`` without the definitions it holds, which go into ``macros``
    (expanded with the ones defined before them, as TeX reads them)."""
    if "\\" not in text:
        return text
    text = _REQUIRE.sub("", text)
    out: list[str] = []
    pos = 0
    for m in _DEFINERS.finditer(text):
        if m.start() < pos:
            continue
        found = _definition(text, m)
        if found is None:
            continue
        name, macro, end = found
        out.append(text[pos:m.start()])
        if m.group("cmd") == "providecommand" and name in macros:
            pos = end
            continue
        macros[name] = macro
        pos = end
    if not out:
        return text
    out.append(text[pos:])
    return "".join(out)


def expand(text: str, macros: dict[str, Macro]) -> str:
    """``text`` with every use of ``macros`` replaced by its body; unchanged when
    the expansion runs past its budget (a macro that never ends)."""
    if not macros or "\\" not in text:
        return text
    budget = [MAX_EXPANSIONS]
    limit = len(text) + MAX_GROWTH
    try:
        return _expand(text, macros, budget, limit)
    except _Runaway:
        return text


class _Runaway(Exception):
    pass


def _expand(text: str, macros: dict[str, Macro], budget: list[int], limit: int, depth: int = 0) -> str:
    if depth > MAX_DEPTH:
        raise _Runaway
    out: list[str] = []
    size = 0
    i = 0
    while i < len(text):
        j = text.find("\\", i)
        if j < 0:
            out.append(text[i:])
            break
        out.append(text[i:j])
        control = _control(text, j)
        if control is None:
            out.append(text[j:])
            break
        name, after = control
        macro = macros.get(name)
        if macro is None:
            out.append(name)
            i = after
            continue
        budget[0] -= 1
        if budget[0] < 0:
            raise _Runaway
        args: list[str] = []
        if macro.default is not None:
            k = _skip_space(text, after)
            optional = _group(text, k, "[", "]")
            if optional is not None:
                args.append(optional[0])
                after = optional[1]
            else:
                args.append(macro.default)
        while len(args) < macro.args:
            argument = _argument(text, after)
            if argument is None:
                break
            args.append(argument[0])
            after = argument[1]
        body = _substitute(macro.body, args)
        # An argument doubled at each call (\\r{#1#1}) grows 2^depth before any output is counted.
        if len(body) > limit:
            raise _Runaway
        expanded = _expand(body, macros, budget, limit, depth + 1)
        # A command name followed by a letter would run into it (\R x -> \mathbb{R}x is fine,
        # but a body ending in a control word must stay apart from what follows).
        if re.search(r"\\[A-Za-z]+$", expanded) and after < len(text) and text[after].isalpha():
            expanded += " "
        out.append(expanded)
        size += len(expanded)
        if size > limit:
            raise _Runaway
        i = after
    return "".join(out)


def _substitute(body: str, args: list[str]) -> str:
    """``body`` with ``#n`` replaced by the n-th argument (nothing where one is missing)."""
    if "#" not in body:
        return body
    return re.sub(r"#([1-9])", lambda a: args[int(a.group(1)) - 1] if int(a.group(1)) <= len(args) else "", body)


def expand_document_macros(blocks: Iterable[Any], header: Iterable[str] = ()) -> tuple[Any, ...]:
    """``blocks`` with the macros defined in them (and in ``header``: front
    matter's ``header-includes``) applied to every formula, in document order;
    formulas and raw TeX blocks that held only definitions removed."""
    from ...model import MathBlock, MathInline, RawBlock, RawInline
    from ...model.walk import walk

    macros: dict[str, Macro] = {}
    for text in header:
        read_definitions(text, macros)

    def visit(node: Any) -> Any:
        if isinstance(node, (MathInline, MathBlock)):
            rest = read_definitions(node.text, macros)
            if rest is not node.text and not rest.strip():
                return ()
            text = expand(rest, macros)
            return node if text == node.text else dataclasses.replace(node, text=text)
        if isinstance(node, (RawBlock, RawInline)) and node.format in {"latex", "tex"}:
            rest = read_definitions(node.text, macros)
            if rest is node.text:
                return node
            if not rest.strip():
                return ()
            return dataclasses.replace(node, text=rest)
        return node

    return tuple(walk(tuple(blocks), visit))


def has_definitions(text: str) -> bool:
    """Whether ``text`` may define a macro (cheap: a reader skips the walk otherwise)."""
    return "\\" in text and _DEFINERS.search(text) is not None
