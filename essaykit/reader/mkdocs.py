"""MkDocs Material and its pymdown extensions, as documentation-style posts write them.

``=== "Python"`` content tabs become a bold lead-in over their (indented) content;
``^^inserted^^`` is underlined; ``++ctrl+alt+del++`` is the keys' names as code;
``--8<-- "file.md"`` snippet includes, ``[TOC]`` and icon shortcodes
(``:material-check:``) need the site's build and are removed with one warning a
kind. Code is left as written; every line keeps its number. Runs before the
Markdown parser (:func:`has_mkdocs`), like the other site syntax.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from .wordpress import _CODE

__all__ = ["expand_mkdocs", "has_mkdocs"]

_TRIGGER = re.compile(r'^={3}[!+]? +"|--8<--|^\[TOC\][ \t]*$|\^\^\S|\+\+\w|:(?:material|fontawesome|octicons|simple)-',
                      re.M)
_TAB = re.compile(r'^(?P<indent>[ \t]*)={3}[!+]? +"(?P<label>[^"\n]*)"[ \t]*$', re.M)
_SNIPPET = re.compile(r'^[ \t]*-{1,2}8<-{1,2}[ \t]*(?:"[^"\n]*"|\'[^\'\n]*\'|\S*)[ \t]*$', re.M)
_TOC = re.compile(r"^\[TOC\][ \t]*$", re.M)
_INSERT = re.compile(r"\^\^(?=\S)(?P<words>[^\n^]{1,500}?)(?<=\S)\^\^")
_KEYS = re.compile(r"\+\+(?P<keys>[\w-]{1,40}(?:\+[\w-]{1,40}){0,6})\+\+")
_ICON = re.compile(r":(?:material|fontawesome|octicons|simple)-[a-z0-9-]{1,80}(?:\{[^}\n]{0,200}\})?:")


def has_mkdocs(body: str) -> bool:
    return _TRIGGER.search(body) is not None


def expand_mkdocs(body: str, removed: Callable[[str, int], None]) -> str:
    """``body`` with MkDocs' syntax as Markdown the reader knows; ``removed(what, line)``
    hears of what had to go (1-based lines)."""
    out: list[str] = []
    pos = 0
    for code in _CODE.finditer(body):
        if code.group(0).startswith(("    ", "\t")) and _TAB.search(body, 0, code.start()):
            continue  # a tab's indented content, not code: handled below
        out.append(_expand(body[pos:code.start()], body.count("\n", 0, pos) + 1, removed))
        out.append(code.group(0))
        pos = code.end()
    out.append(_expand(body[pos:], body.count("\n", 0, pos) + 1, removed))
    return "".join(out)


def _expand(text: str, first: int, removed: Callable[[str, int], None]) -> str:
    def line_of(m: re.Match[str]) -> int:
        return first + text.count("\n", 0, m.start())

    def gone(what: str) -> Callable[[re.Match[str]], str]:
        def drop(m: re.Match[str]) -> str:
            removed(what, line_of(m))
            return ""
        return drop

    text = _SNIPPET.sub(gone("MkDocs' snippet include --8<--"), text)
    text = _TOC.sub(gone("Python-Markdown's [TOC] (MkDocs, Pelican)"), text)
    text = _ICON.sub(gone("MkDocs icon :material-…:"), text)
    text = _INSERT.sub(lambda m: f"[{m.group('words')}]{{.underline}}", text)
    text = _KEYS.sub(lambda m: "`" + "+".join(k.replace("-", " ").title() for k in m.group("keys").split("+"))
                     + "`", text)
    return _tabs(text)


def _tabs(text: str) -> str:
    """Each ``=== "Label"`` as a bold lead-in, its content (indented by four more)
    brought back to the tab's own indentation, line for line."""
    lines = text.split("\n")
    out: list[str] = []
    i = 0
    while i < len(lines):
        m = _TAB.match(lines[i])
        if m is None:
            out.append(lines[i])
            i += 1
            continue
        indent = m.group("indent")
        out.append(f"{indent}**{m.group('label').strip() or '—'}**")
        i += 1
        inner = indent + "    "
        while i < len(lines) and (lines[i].startswith(inner) or (not lines[i].strip() and i + 1 < len(lines)
                                                                 and lines[i + 1].startswith(inner))):
            out.append(indent + lines[i][len(inner):] if lines[i].strip() else "")
            i += 1
    return "\n".join(out)
