"""Pandoc-style fenced divs for mistune: ``::: name`` ... ``:::``.

mistune has no syntax for a group of blocks with attributes, and essaykit
needs one for pull quotes (``::: pullquote``), deck hints (``::: no-deck``,
``::: bullets``) and passages in another language (``::: {lang=fr}``). The
rule scans ahead for the matching closing fence itself -- counting nested
openers and skipping fenced code -- then parses the inside as ordinary
blocks, so anything Markdown can say can live in a div.
"""

from __future__ import annotations

import re
from re import Match
from typing import Any

import mistune
from mistune.block_parser import BlockParser
from mistune.core import BlockState

__all__ = ["register_fenced_divs", "parse_attributes"]

#: An opening fence needs something after the colons; a bare ``:::`` closes.
FENCED_DIV = r"^ {0,3}(?P<fdiv_colons>:{3,})[ \t]*(?P<fdiv_info>[^\s:][^\n]*?)[ \t]*:*[ \t]*$"
_OPEN = re.compile(r"^ {0,3}:{3,}[ \t]*[^\s:]")
_CLOSE = re.compile(r"^ {0,3}:{3,}[ \t]*$")
_CODE_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")


def parse_fenced_div(block: BlockParser, m: Match[str], state: BlockState) -> int | None:
    src = state.src
    start = m.end() + 1
    if start > len(src):
        start = len(src)
    depth = 1
    pos = start
    code_fence: str | None = None
    inner_end = len(src)
    end_pos = len(src)
    while pos < len(src):
        nl = src.find("\n", pos)
        line_end = len(src) if nl < 0 else nl + 1
        line = src[pos:line_end].rstrip("\n")
        if code_fence is not None:
            if line.strip().startswith(code_fence):
                code_fence = None
        else:
            fence = _CODE_FENCE.match(line)
            if fence:
                code_fence = fence.group(1)[0] * 3
            elif _CLOSE.match(line):
                depth -= 1
                if depth == 0:
                    inner_end = pos
                    end_pos = line_end
                    break
            elif _OPEN.match(line):
                depth += 1
        pos = line_end
    inner = src[start:inner_end]
    child = state.child_state(inner)
    # The child's first line is the one after the opening fence.
    if hasattr(state, "abs_line") and hasattr(child, "base"):  # parser.LineState
        child.base = state.abs_line(state.cursor) + 1
    if state.depth() < block.max_nested_level - 1:
        block.parse(child, block.rules)
    else:
        child.tokens.append({"type": "paragraph", "text": inner})
    token: dict[str, Any] = {
        "type": "fenced_div",
        "children": child.tokens,
        "attrs": {"info": m.group("fdiv_info").strip()},
    }
    state.append_token(token)
    return end_pos


_ATTR = re.compile(r"""([#.]?)([\w:-]+)(?:=(?:"([^"]*)"|'([^']*)'|([^\s}]*)))?""")


def parse_attributes(info: str) -> tuple[tuple[str, ...], dict[str, str]]:
    """``pullquote`` → (("pullquote",), {}); ``{.note lang=fr}`` →
    (("note",), {"lang": "fr"}). Ids become an ``id`` attribute."""
    info = info.strip()
    classes: list[str] = []
    attrs: dict[str, str] = {}
    if info.startswith("{"):
        body = info[1:].rstrip("}").strip()
        rest = ""
    else:
        head, _, rest = info.partition("{")
        classes.extend(head.split())
        body = rest.rstrip().rstrip("}")
        rest = ""
    for m in _ATTR.finditer(body):
        sigil, name = m.group(1), m.group(2)
        value = next((g for g in m.group(3, 4, 5) if g is not None), None)
        if sigil == ".":
            classes.append(name)
        elif sigil == "#":
            attrs["id"] = name
        elif value is not None:
            attrs[name] = value
        else:
            classes.append(name)
    return tuple(classes), attrs


def register_fenced_divs(md: mistune.Markdown) -> None:
    """Add the ``fenced_div`` rule to the top level, quotes and list items."""
    block = md.block
    block.register("fenced_div", FENCED_DIV, parse_fenced_div, before="fenced_code")
    for rules in (block.block_quote_rules, block.list_rules):
        if "fenced_div" not in rules:
            BlockParser.insert_rule(rules, "fenced_div", before="fenced_code")
