"""Abbreviation definitions as kramdown, PHP Markdown Extra and pandoc write them.

``*[HTML]: Hyper Text Markup Language`` tells a web page to explain "HTML" on hover.
A page has no hover, and CommonMark prints the line; the definitions are the
author's words, so they become what they are: a list of terms and their meanings,
where the author put them (usually at the end).
"""

from __future__ import annotations

import re
from re import Match
from typing import Any

__all__ = ["register"]

_PATTERN = r"^ {0,3}\*\[(?P<abbr_term>[^\]\n]{1,200})\]:[ \t]*(?P<abbr_text>[^\n]*)(?:\n|$)"
_LINE = re.compile(r" {0,3}\*\[([^\]\n]{1,200})\]:[ \t]*([^\n]*)(?:\n|$)")


def register(md: Any) -> None:
    md.block.register("abbreviations", _PATTERN, _parse, before="paragraph")


def _parse(block: Any, m: Match[str], state: Any) -> int:
    items = [(m.group("abbr_term"), m.group("abbr_text"))]
    pos = m.end()
    while (more := _LINE.match(state.src, pos)) is not None:
        items.append((more.group(1), more.group(2)))
        pos = more.end()
    children: list[dict[str, Any]] = []
    for term, text in items:
        children.append({"type": "def_list_head", "text": term.strip()})
        children.append({"type": "def_list_item", "text": text.strip()})
    state.append_token({"type": "abbreviations", "children": children})
    return pos
