"""A Logseq page: an outline of blocks with Logseq's own marks.

Block properties (``collapsed:: true``, ``id:: …``) steer the app; task
markers (``TODO``, ``DONE``) are check boxes; ``{{embed [[Page]]}}`` names the
page it shows, ``{{video url}}`` its address; an image's ``{:height 200,
:width 300}`` is its size; ``#+BEGIN_NOTE`` … ``#+END_NOTE`` is a call-out
(``QUOTE`` a quotation, ``SRC`` code). A block reference ``((uuid))`` points
into the graph, which an essay does not carry: removed, said once. Code is
shown as written. Plain text in, Markdown out.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable

__all__ = ["expand_logseq", "is_logseq"]

_PROPERTY = re.compile(r"^[ \t]+[A-Za-z][\w-]*::(?:[ \t].*)?$|^[ \t]*(?:[-*][ \t]+)?(?:id|collapsed)::[ \t].*$")
_TASK = re.compile(r"^(?P<lead>[ \t]*[-*][ \t]+)(?P<mark>TODO|DOING|NOW|LATER|WAITING|DONE|CANCELED|CANCELLED)"
                   r"(?:[ \t]+\[#[ABC]\])?[ \t]+(?P<rest>.*)$")
_BLOCK_REF = re.compile(r"\(\(\s*[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\s*\)\)")
_MACRO = re.compile(r"\{\{\s*(?P<name>embed|video|youtube|tweet|twitter|query|renderer|cloze|function)\b"
                    r"(?P<args>[^{}\n]*)\}\}")
_SIZE = re.compile(r"(?<=\))\{:(?:height|width)[^{}\n]*\}")
_BEGIN = re.compile(r"^(?P<indent>[ \t]*(?:[-*][ \t]+)?)#\+BEGIN_(?P<kind>\w+)[ \t]*(?P<arg>.*?)[ \t]*$", re.I)
_END = re.compile(r"^[ \t]*#\+END_(\w+)[ \t]*$", re.I)
_CALLOUTS = {"note", "tip", "important", "caution", "warning", "pinned"}
_FENCE = re.compile(r"^[ \t]*(?:[-*][ \t]+)?(`{3,}|~{3,})")
_TRIGGER = re.compile(r"^[ \t]*[-*][ \t]+(?:TODO|DONE)[ \t]|^[ \t]+[\w-]+::[ \t]|\(\([0-9a-f]{8}-"
                      r"|\{\{embed[ \t]|\{:(?:height|width)[ \t]", re.M)


def is_logseq(body: str, site_kind: str | None, front_kind: str) -> bool:
    return site_kind == "logseq" or front_kind == "logseq" or _TRIGGER.search(body) is not None


def expand_logseq(body: str, removed: Callable[[str, int], None], *, page: bool = False) -> str:
    """``body`` with Logseq's marks read; a whole Logseq ``page`` (not a post that
    only borrows its marks) loses its outline's top level too (:func:`_blocks`)."""
    text = _marks(body, removed, page)
    return _blocks(text) if page else text


_TOP_ITEM = re.compile(r"^[-*][ \t]+(?P<rest>.*)$")
_TOP_TASK = re.compile(r"^[-*][ \t]+\[[ xX]\][ \t]")


def _blocks(text: str) -> str:
    """Each top-level block of the outline as a paragraph (its text, images, quotes and
    call-outs as the blocks they are), its children a list under it, as Logseq's own
    "export without bullets" gives them; tasks stay check boxes."""
    out: list[str] = []
    fence = ""
    inside = False  # within a top-level block that was un-bulleted
    for line in text.split("\n"):
        if fence:
            out.append(_dedent(line) if inside else line)
            if line.strip().startswith(fence) and not line.strip().strip(fence[0]):
                fence = ""
            continue
        top = _TOP_ITEM.match(line)
        if top and not _TOP_TASK.match(line):
            inside = True
            if out and out[-1].strip():
                out.append("")
            out.append(top.group("rest"))
            if _FENCE.match(top.group("rest")):
                fence = _FENCE.match(top.group("rest")).group(1)  # type: ignore[union-attr]
            continue
        if top:
            inside = False
            out.append(line)
            continue
        if inside and line[:1] in (" ", "\t"):
            out.append(_dedent(line))
            if _FENCE.match(line):
                fence = _FENCE.match(line).group(1)  # type: ignore[union-attr]
            continue
        out.append(line)
    return "\n".join(out)


def _dedent(line: str) -> str:
    """``line`` one outline level less deep (a tab, or the two spaces Logseq writes)."""
    if line.startswith("\t"):
        return line[1:]
    return line[2:] if line.startswith("  ") else line.lstrip(" ")


def _marks(body: str, removed: Callable[[str, int], None], page: bool) -> str:
    out: list[str] = []
    fence = ""
    block: tuple[str, str] | None = None  # (kind, indent of its lines)
    for n, line in enumerate(body.split("\n"), start=1):
        if fence:
            out.append(line)
            if line.strip().startswith(fence) and not line.strip().strip(fence[0]):
                fence = ""
            continue
        if block is not None:
            end = _END.match(line)
            kind, indent = block
            if end and end.group(1).lower() == kind:
                out.append(indent + ("```" if kind in ("src", "example") else ":::" if kind in _CALLOUTS else ""))
                block = None
            elif kind == "quote":
                out.append(indent + "> " + line[len(indent):] if line.strip() else indent + ">")
            else:
                out.append(line)
            continue
        begin = _BEGIN.match(line)
        if begin:
            kind, lead = begin.group("kind").lower(), begin.group("indent")
            inner = " " * len(lead.expandtabs(4)) if lead.strip() else lead
            head = lead if lead.strip() else ""
            if kind in ("src", "example"):
                out.append(head + "```" + (begin.group("arg").split()[0] if begin.group("arg") else ""))
            elif kind in _CALLOUTS:
                out.append(head + "::: {." + ("note" if kind == "pinned" else kind) + "}")
            else:
                out.append(head)
            block = (kind, inner)
            continue
        if _FENCE.match(line):
            fence = _FENCE.match(line).group(1)  # type: ignore[union-attr]
            out.append(line)
            continue
        if _PROPERTY.match(line):
            continue  # a blank line would split its block in two
        task = _TASK.match(line)
        if task and (page or task.group("mark") in ("TODO", "DONE")):  # "- NOW is the time" is prose
            mark, rest = task.group("mark"), task.group("rest")
            box = "[x]" if mark == "DONE" else "[ ]"
            line = task.group("lead") + (f"{box} ~~{rest}~~" if mark.startswith("CANCEL") else f"{box} {rest}")
        if "((" in line and _BLOCK_REF.search(line):
            removed("a Logseq block reference ((…))", n)
            line = _BLOCK_REF.sub("", line).replace(" .", ".").rstrip()
        if "{{" in line:
            line = _MACRO.sub(functools.partial(_macro, line=n, removed=removed), line)
        if "{:" in line:
            line = _SIZE.sub("", line)
        out.append(line)
    return "\n".join(out)


def _macro(m: re.Match[str], *, line: int, removed: Callable[[str, int], None]) -> str:
    name, args = m.group("name"), m.group("args").strip()
    page = re.fullmatch(r"\[\[([^\[\]]+)\]\]", args)
    if name == "embed" and page:
        return f"[[{page.group(1)}]]"
    url = re.fullmatch(r"https?://\S+", args)
    if name in ("video", "youtube", "tweet", "twitter") and url:
        return f"<{args}>"
    if name == "cloze":
        return args
    removed(f"Logseq's {{{{{name}}}}}", line)
    return ""
