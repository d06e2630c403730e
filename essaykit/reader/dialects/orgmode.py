"""Org mode pasted into a Markdown post (an Emacs user's habit): the blocks Org writes.

A post that opens with Org's ``#+TITLE:`` header (read as its front matter) may
go on with Org's blocks: ``#+BEGIN_SRC python`` … ``#+END_SRC`` is code,
``#+BEGIN_QUOTE`` a quotation, ``#+BEGIN_EXAMPLE`` code as written; other
``#+KEYWORD:`` lines steer Org's export and are removed; ``/italic/``, ``=verbatim=``
and ``[[url][words]]`` are read; and ``* Heading`` lines
are headings when the post has no Markdown heading of its own (in Markdown they
would be a bulleted list). Every line keeps its number.
"""

from __future__ import annotations

import re
from collections.abc import Callable

__all__ = ["expand_org"]

_BEGIN = re.compile(r"^[ \t]*#\+begin_(\w+)[ \t]*(.*?)[ \t]*$", re.I)
_END = re.compile(r"^[ \t]*#\+end_(\w+)[ \t]*$", re.I)
_KEYWORD = re.compile(r"^[ \t]*#\+[A-Za-z_-]+:.*$")
_ORG_HEADING = re.compile(r"^(\*{1,6})[ \t]+(\S.*)$")
_MD_HEADING = re.compile(r"^[ ]{0,3}#{1,6}[ \t]")
_FENCE = re.compile(r"^[ ]{0,3}(`{3,}|~{3,})")


#: Org's inline marks: ``/italic/``, ``=verbatim=``, ``~code~``, ``[[url][words]]``.
_ITALIC = re.compile(r"(?<![\w/:])/(?=\S)([^/\n]{1,200}?)(?<=\S)/(?![\w/])")
_VERBATIM = re.compile(r"(?<![\w=~])([=~])(?=\S)([^=~\n]{1,200}?)(?<=\S)\1(?![\w=~])")
_LINK = re.compile(r"\[\[([^\[\]\n]+)\](?:\[([^\[\]\n]+)\])?\]")


def _inline(line: str) -> str:
    if "/" in line:
        line = _ITALIC.sub(r"*\1*", line)
    if "=" in line or "~" in line:
        line = _VERBATIM.sub(lambda m: "`" + m.group(2) + "`", line)
    if "[[" in line:
        line = _LINK.sub(lambda m: f"[{m.group(2)}]({m.group(1)})" if m.group(2) else f"<{m.group(1)}>", line)
    return line


def expand_org(body: str, removed: Callable[[str, int], None]) -> str:
    """``body`` with Org's blocks, keywords and (see the module) headings as Markdown."""
    lines = body.split("\n")
    headings = not any(_MD_HEADING.match(ln) for ln in lines)
    out: list[str] = []
    block: str | None = None
    fence = ""
    for n, line in enumerate(lines, start=1):
        if fence:
            out.append(line)
            if line.strip().startswith(fence) and not line.strip().strip(fence[0]):
                fence = ""
            continue
        begin = _BEGIN.match(line)
        end = _END.match(line)
        if block is not None:
            if end and end.group(1).lower() == block:
                out.append("```" if block in ("src", "example") else "")
                block = None
            elif block == "quote":
                out.append("> " + line if line.strip() else ">")
            else:
                out.append(line)
            continue
        if begin:
            block = begin.group(1).lower()
            if block == "src":
                out.append("```" + (begin.group(2).split()[0] if begin.group(2) else ""))
            elif block == "example":
                out.append("```")
            else:
                out.append("")
                if block != "quote":
                    block = None  # an unknown block: its lines stay prose; its end line goes below
            continue
        if end:
            out.append("")
            continue
        if _KEYWORD.match(line):
            removed("Org's #+KEYWORD line", n)
            out.append("")
            continue
        plain = _FENCE.match(line)
        if plain:
            fence = plain.group(1)
            out.append(line)
            continue
        heading = _ORG_HEADING.match(line) if headings else None
        out.append("#" * len(heading.group(1)) + " " + _inline(heading.group(2)) if heading else _inline(line))
    if block in ("src", "example"):
        out.append("```")
    return "\n".join(out)
