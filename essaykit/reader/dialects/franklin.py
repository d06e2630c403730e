"""Franklin's page syntax (franklinjl.org), beyond its ``{{ title }}`` variables.

A Franklin page is Markdown with its own additions: ``~~~ … ~~~`` passes HTML
through untouched (it is no code block there), ``@@name … @@`` wraps blocks
in a ``<div class="name">``, and LaTeX-like commands place figures
(``\\fig{/plot.png}``, ``\\figalt{alt}{path}``) or the output of code the site
ran when it was built (``\\output{./code/ex1}``). Read as plain Markdown, the
HTML shows as code, the ``@@`` as words and the commands vanish as raw TeX.
These are only read so in a page that shows itself to be Franklin's.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from ..callouts import callout_kind

__all__ = ["code_info", "commands", "div_fence", "inline_html", "is_franklin"]

#: Front-matter keys only Franklin pages set.
_KEYS = frozenset({"hasmath", "hascode", "mintoclevel", "maxtoclevel", "rss_description", "rss_title",
                   "reeval", "ignore_cache", "hasplotly", "lang", "showall", "fd_rss"})
_MARKS = re.compile(
    r"^@def\s|\{\{\s*(?:fill|insert|pagevar|ispage|isdef)\s|^\s*\\(?:toc|tableofcontents)\s*$"
    r"|^@@[\w-]|\\(?:fig|figalt|output|textoutput|show|tableinput|plotlyfig|literate)\{",
    re.M,
)


def is_franklin(body: str, data: Mapping[str, Any]) -> bool:
    """Whether a page is Franklin's: ``@def`` lines, Franklin's functions
    (``{{fill x}}``), its commands (``\\toc``, ``\\fig{}``), ``@@div``
    blocks, or front matter only Franklin writes (``hasmath``, ``Date(…)``)."""
    if _MARKS.search(body):
        return True
    keys = {str(k).lower() for k in data}
    return bool(keys & (_KEYS - {"lang"})) or str(data.get("date", "")).startswith("Date(")


_DIV_OPEN = re.compile(r"^[ \t]{0,3}@@([\w-]+(?:,[\w-]+)*)[ \t]*$")
_DIV_CLOSE = re.compile(r"^[ \t]{0,3}@@[ \t]*$")


def div_fence(line: str) -> str | None:
    """``@@colbox-blue`` → ``::: {.colbox-blue}`` (a call-out first when a
    class names a kind: ``@@note`` or ``@@warning-box``), ``@@`` → ``:::``;
    None for any other line."""
    if _DIV_CLOSE.match(line):
        return ":::"
    m = _DIV_OPEN.match(line)
    if m is None:
        return None
    classes = m.group(1).split(",")
    kind = next((k for c in classes for k in [callout_kind(c), *map(callout_kind, c.split("-"))] if k), None)
    if kind and kind not in classes:
        classes = [kind, *classes]
    return "::: {" + " ".join("." + c for c in classes) + "}"


def code_info(line: str) -> str:
    """A fence line's info without Franklin's evaluation path:
    `````julia:./code/ex1`` → `````julia``."""
    return re.sub(r"^(\s*`{3,}[\w+#.-]+):\S*", r"\1", line)


#: Commands that show the output of code the site ran; essaykit runs none.
_OUTPUTS = ("output", "textoutput", "show", "plotlyfig", "literate", "input", "tableinput", "codeoutput")
_ARG = r"\{([^{}\n]*)\}"
_COMMAND = re.compile(
    r"\\(?P<two>figalt|tableinput|input)" + _ARG + _ARG
    + r"|\\(?P<one>fig|" + "|".join(o for o in _OUTPUTS if o not in ("input", "tableinput")) + r")" + _ARG
)


def commands(line: str, removed: Any) -> str:
    """A line with Franklin's figure commands as Markdown images and its
    code-output commands removed (``removed(kind)`` told for each)."""
    if "\\" not in line:
        return line

    def one(m: re.Match[str]) -> str:
        name = m.group("two") or m.group("one")
        args = [m.group(2).strip(), m.group(3).strip()] if m.group("two") else [m.group(5).strip()]
        if name == "fig" and args[0]:
            return f"![](<{args[0]}>)"
        if name == "figalt" and args[1]:
            return "![" + re.sub(r"([\\\[\]])", r"\\\1", args[0]) + f"](<{args[1]}>)"
        if name == "tableinput":
            removed("Franklin's \\tableinput (a table the site reads from a file)")
        else:
            removed(f"Franklin's \\{name} (the output of code the site ran; essaykit runs no code)")
        return ""

    return _COMMAND.sub(one, line)


_INLINE_HTML = re.compile(r"~~~(.+?)~~~")


def inline_html(line: str) -> str:
    """``text ~~~<b>x</b>~~~ text``: the HTML, as Franklin passes it on."""
    return _INLINE_HTML.sub(r"\1", line) if "~~~" in line else line
