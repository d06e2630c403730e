"""VitePress and VuePress pages: Markdown that Vue renders.

A page may print its own front matter (``# {{ $frontmatter.title }}``), ask for
a contents list (``[[toc]]``), carry a ``<script setup>`` block, show a
``<Badge text="v2" />`` and compute values (``{{ count }}``) only a browser can.
The front matter's values are put in; the badge is its words; the rest means
nothing on paper and is removed, each kind said once. Code is shown as written
and every line keeps its number (a removed block leaves blank lines).
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from typing import Any

from ..wordpress import _CODE

__all__ = ["expand_vue", "is_vue_page"]

#: What only a Vue-rendered page writes (outside that site, ``{{ … }}`` is left to
#: the other template dialects).
_OWN = re.compile(r"\{\{\s*\$(?:frontmatter|page|site|theme)\b|^\[\[toc\]\][ \t]*$|^<script\s+setup\b", re.M)
_TOC = re.compile(r"^\[\[toc\]\][ \t]*$", re.M)
#: A ``<script>`` or ``<style>`` block starting a line, through its closing tag.
_BLOCK = re.compile(r"^[ ]{0,3}<(script|style)\b[^>]*>.*?</\1>[ \t]*$", re.S | re.M | re.I)
_FENCED = re.compile(r"^(?P<fence>[ ]{0,3}(?:`{3,}|~{3,}))[^\n]*\n.*?^(?P=fence)[ \t]*$", re.S | re.M)
_MUSTACHE = re.compile(r"(?P<pre>[ \t]?)\{\{(?P<expr>[^{}\n]{0,300}?)\}\}")
#: ``$frontmatter.key``, ``$frontmatter['key']``, VuePress' ``$page.frontmatter.key``
#: and ``$page.title``.
_FRONT = re.compile(
    r"""^\s*\$(?:page\.)?frontmatter(?:\.(?P<dot>[\w-]+)|\[\s*['"](?P<key>[^'"]+)['"]\s*\])\s*$"""
    r"""|^\s*\$page\.(?P<page>title|description)\s*$""")
_BADGE = re.compile(
    r"<Badge\b(?P<props>[^<>]*?)(?:/>|>(?P<slot>[^<>]{0,200})</Badge\s*>)", re.I)
_PROP = re.compile(r"""\btext\s*=\s*(?:"([^"]*)"|'([^']*)')""")
#: VitePress' file inclusions: ``<<< @/snippets/a.js`` and ``<!--@include: ./part.md-->``.
_IMPORT = re.compile(r"^[ ]{0,3}<<<[ \t]+\S.*$|^[ \t]*<!--\s*@include:[^>]*-->[ \t]*$", re.M)


def is_vue_page(body: str, site_kind: str | None) -> bool:
    """A page of a VitePress or VuePress site, or one written only as such pages are."""
    if site_kind in ("vitepress", "vuepress"):
        return "{{" in body or "[[toc]]" in body or "<" in body
    return _OWN.search(body) is not None


def expand_vue(body: str, data: dict[str, Any], removed: Callable[[str, int], None]) -> str:
    """``body`` with its Vue syntax read (see the module); ``removed(what, line)``
    hears of each thing dropped (1-based line within ``body``)."""
    body = _without_blocks(body, removed)
    out: list[str] = []
    pos = 0
    for code in _CODE.finditer(body):
        out.append(_prose(body, pos, code.start(), data, removed))
        out.append(code.group(0))
        pos = code.end()
    out.append(_prose(body, pos, len(body), data, removed))
    return "".join(out)


def _without_blocks(body: str, removed: Callable[[str, int], None]) -> str:
    """``body`` with each ``<script>``/``<style>`` block outside fenced code as blank lines."""
    out: list[str] = []
    pos = 0

    def strip(end: int) -> str:
        first = body.count("\n", 0, pos) + 1
        part = body[pos:end]

        def gone(m: re.Match[str]) -> str:
            removed("a Vue <script> or <style> block", first + part.count("\n", 0, m.start()))
            return "\n" * m.group(0).count("\n")

        return _BLOCK.sub(gone, part)

    for fence in _FENCED.finditer(body):
        out.append(strip(fence.start()))
        out.append(fence.group(0))
        pos = fence.end()
    out.append(strip(len(body)))
    return "".join(out)


def _prose(body: str, start: int, end: int, data: dict[str, Any], removed: Callable[[str, int], None]) -> str:
    text = body[start:end]
    first = body.count("\n", 0, start) + 1

    def line(m: re.Match[str]) -> int:
        return first + text.count("\n", 0, m.start())

    def toc(m: re.Match[str]) -> str:
        removed("VitePress' [[toc]]", line(m))
        return ""

    def include(m: re.Match[str]) -> str:
        removed("VitePress' file inclusion (<<< @/…, <!--@include:-->)", line(m))
        return ""

    def mustache(m: re.Match[str]) -> str:
        value = _front_value(m.group("expr"), data)
        if value is not None:
            return m.group("pre") + value
        removed("a Vue expression {{ … }} (only a browser can compute it)", line(m))
        after = m.string[m.end():m.end() + 1]
        # The space before it goes along when a space or a stop follows.
        return "" if after in " \t\n.,;:!?)" else m.group("pre")

    def badge(m: re.Match[str]) -> str:
        prop = _PROP.search(m.group("props"))
        words = (prop.group(1) if prop and prop.group(1) is not None else prop.group(2) if prop else m.group("slot"))
        words = " ".join(html.unescape(words or "").split())
        return f"({words})" if words else ""

    text = _TOC.sub(toc, text)
    text = _IMPORT.sub(include, text)
    text = _BADGE.sub(badge, text)
    return _MUSTACHE.sub(mustache, text)


def _front_value(expr: str, data: dict[str, Any]) -> str | None:
    m = _FRONT.match(expr)
    if m is None:
        return None
    key = m.group("dot") or m.group("key") or m.group("page")
    value = next((v for k, v in data.items() if str(k) == key), None)
    if isinstance(value, (str, int, float)) and not isinstance(value, bool):
        return str(value).replace("\n", " ")
    return None
