"""Call-outs as blogs write them: one kind of block under many syntaxes.

GitHub's alerts (``> [!NOTE]``), Obsidian's (``> [!tip] A title``), MkDocs'
admonitions (``!!! warning "Careful"``, ``???`` when folded), Docusaurus'
(``:::tip Title``) and Quarto's (``::: {.callout-note title="..."}``) all mean a
boxed aside with a kind and maybe a title. Each becomes a :class:`~essaykit.model.Div`
whose first class is the kind (:data:`~essaykit.model.CALLOUT_KINDS`) and whose
``title`` is the author's label; the renderers add the kind's name when there is none.
"""

from __future__ import annotations

import re
from re import Match
from typing import Any

from ..model import CALLOUT_KINDS, Div, Emph, Paragraph, Strong, Text, plain_text

__all__ = ["callout_kind", "fenced_title", "own_labels", "register_admonitions"]

#: Other names the syntaxes use for the same kinds.
_ALIASES = {
    "callout-note": "note", "callout-tip": "tip", "callout-important": "important",
    "callout-warning": "warning", "callout-caution": "caution", "admonition": "note",
    "hint": "tip", "attention": "warning", "error": "danger", "seealso": "note",
    "summary": "abstract", "tldr": "abstract", "check": "success", "done": "success",
    "help": "question", "faq": "question", "fail": "failure", "missing": "failure",
    "cite": "quote", "alert-info": "info", "alert-warning": "warning", "alert-danger": "danger",
    "alert-success": "success", "alert-primary": "note", "alert-secondary": "note",
}


def callout_kind(name: str) -> str | None:
    """The call-out kind a class or marker names, or None when it names none."""
    low = name.lower().strip()
    low = _ALIASES.get(low, low)
    return low if low in CALLOUT_KINDS else None


_BRACKET_TITLE = re.compile(r"^([\w-]+)\[(.*)\]$", re.S)


def fenced_title(info: str, classes: tuple[str, ...], attrs: dict[str, str]) -> tuple[tuple[str, ...], str]:
    """For a fenced div: its classes with the kind first, and the title its
    author wrote (``:::tip Title``, ``:::tip[Title]``, ``title="..."``), or ""."""
    kind = callout_kind(classes[0]) if classes else None
    bracketed = _BRACKET_TITLE.match(info.strip())
    if kind is None and bracketed and callout_kind(bracketed.group(1)):
        # Docusaurus 3's ``:::tip[The short answer]``: the title may hold spaces.
        return (callout_kind(bracketed.group(1)) or "note",), bracketed.group(2).strip()
    if kind is None:
        return classes, attrs.get("title", "")
    if attrs.get("title"):
        return (kind, *classes[1:]), attrs["title"]
    head = info.strip()
    if head.startswith("{"):
        return (kind, *classes[1:]), ""
    words = head.split("{", 1)[0].split(None, 1)
    title = words[1].strip() if len(words) > 1 else ""
    bracket = re.match(r"[\w-]+\[(.*)\]$", words[0]) if words else None
    if bracket:
        title = bracket.group(1)
    extra = tuple(c for c in classes[1:] if c not in title.split())
    return (kind, *extra), title


#: ``!!! kind "Title"`` (or ``???``/``???+``, folded), then the body indented by four.
_ADMONITION = (
    r"^(?P<adm_mark>!!!|\?\?\?\+?)[ \t]+(?P<adm_kind>[\w-]+)(?P<adm_more>(?:[ \t]+[\w-]+)*)"
    r"(?:[ \t]+\"(?P<adm_title>[^\"\n]*)\")?[ \t]*\n"
    r"(?P<adm_body>(?:(?:[ ]{4}|\t)[^\n]*\n|[ \t]*\n(?=(?:[ ]{4}|\t)))*)"
)


def _parse_admonition(block: Any, m: Match[str], state: Any) -> int:
    body = "\n".join(line[4:] if line.startswith("    ") else line.lstrip("\t")
                     for line in m.group("adm_body").split("\n"))
    kind = callout_kind(m.group("adm_kind")) or m.group("adm_kind").lower()
    title = m.group("adm_title")
    child = state.child_state(body.rstrip("\n") + "\n")
    if hasattr(state, "base") and hasattr(child, "base"):
        child.base = getattr(state, "base", 0) + state.src.count("\n", 0, m.start()) + 1
    block.parse(child, block.rules)
    state.append_token({
        "type": "callout",
        "children": child.tokens,
        "attrs": {"kind": kind, "title": title if title is not None else None},
    })
    return m.end()


def register_admonitions(md: Any) -> None:
    """Add MkDocs' admonitions at the top level and in list items and quotes."""
    block = md.block
    block.register("callout", _ADMONITION, _parse_admonition, before="list")
    for rules in (block.block_quote_rules, block.list_rules):
        if "callout" not in rules:
            rules.insert(rules.index("list") if "list" in rules else len(rules), "callout")


#: A label's own punctuation ("Note:", "Warning!", "Tip —").
_LABEL_END = re.compile(r"[\s:.!—–-]*$")
_AFTER_LABEL = re.compile(r"^\s*[:.—–-]?\s*")


def own_labels(blocks: tuple[Any, ...]) -> tuple[Any, ...]:
    """Call-outs whose author set their own label in bold at the start
    (``<div class="note"><b>Note:</b> …``, ``> [!WARNING]`` then ``**Careful:**``):
    that label is the call-out's title, so the box says it once, not under
    the name essaykit would add."""
    from ..model.walk import walk

    def one(node: Any) -> Any:
        if isinstance(node, Div) and node.callout and not node.title:
            return _titled(node)
        return node

    return walk(blocks, one)


def _titled(div: Div) -> Div:
    from dataclasses import replace

    from ..labels import names_a_callout

    first = div.children[0] if div.children else None
    if not isinstance(first, Paragraph) or not first.children:
        return div
    lead = first.children[0]
    if not isinstance(lead, (Strong, Emph)):
        return div
    said = " ".join(plain_text(lead.children).split())
    rest = list(first.children[1:])
    after = rest[0].text if rest and isinstance(rest[0], Text) else ""
    name = _LABEL_END.sub("", said)
    labelled = said.endswith(":") or after.lstrip().startswith(":")
    # The kind's own name ("Note", "Warning!"), or a short label with its colon ("Before you start:").
    if not name or not (names_a_callout(name) or callout_kind(name) or (labelled and len(name.split()) <= 4)):
        return div
    if not rest or not plain_text(tuple(rest)).strip():
        return div  # the bold words are all it says: they are its words, not a label
    if isinstance(rest[0], Text):
        rest[0] = Text(text=_AFTER_LABEL.sub("", rest[0].text))
    title = said if not said.endswith(":") else said[:-1].rstrip()
    body = replace(first, children=tuple(rest))
    return replace(div, title=(Text(text=title),), children=(body, *div.children[1:]))
