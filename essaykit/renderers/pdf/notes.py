"""Footnotes that would crowd one page: set at the end of the PDF instead.

Why: WeasyPrint lays a page's whole footnote area out again whenever a
note is added to it or moved on to the next page, so notes hung from one
paragraph cost the square of their number (3,000 calls in a paragraph, or
1,200 notes each citing the next, ran for minutes). Past
:data:`MAX_NOTES_AT_ONCE` notes from one block (the notes it cites, and
the notes they cite), every note goes to a notes section at the end, as
in the EPUB: linear, and every word kept.
"""

from __future__ import annotations

from typing import Any

from essaykit.model import INLINE_TYPES, FootnoteRef, Node

from ..xhtml.scan import child_fields

#: Notes one block may hang from the foot of its pages (a real paragraph: a
#: handful; a page's foot holds about thirty short ones).
MAX_NOTES_AT_ONCE = 40

#: The notes section (:meth:`.html.PdfWriter.endnotes`).
ENDNOTES_CSS = """
section.endnotes { margin-top: 2em; font-size: 0.88em; }
section.endnotes hr { width: 25%; margin: 0 0 1em; }
p.endnote { text-indent: 0; text-align: start; margin: 0.4em 0; }
a.noteref { vertical-align: super; font-size: 0.68em; line-height: 0; color: inherit; text-decoration: none; }
"""


def crowded(blocks: tuple[Node, ...], note_refs: dict[str, list[str]], shown: dict[str, int],
            limit: int = MAX_NOTES_AT_ONCE) -> tuple[int, int | None] | None:
    """(notes, line) of the first block whose text cites more than
    ``limit`` notes, counting the notes they cite in turn; None when none
    does. One pass over the nodes; each block's count stops past ``limit``."""
    stack: list[Any] = list(reversed(blocks))
    while stack:
        node = stack.pop()
        labels: list[str] = []
        inlines: list[Any] = []
        for name in child_fields(node):
            value = getattr(node, name)
            for child in value if isinstance(value, tuple) else (value,):
                if isinstance(child, INLINE_TYPES):
                    inlines.append(child)
                elif isinstance(child, Node):
                    stack.append(child)
        while inlines:
            child = inlines.pop()
            if isinstance(child, FootnoteRef):
                if child.label in shown:
                    labels.append(child.label)
            else:
                inlines.extend(getattr(child, "children", ()))
        if labels:
            count = _reach(labels, note_refs, limit)
            if count > limit:
                return count, node.line
    return None


def _reach(labels: list[str], note_refs: dict[str, list[str]], limit: int) -> int:
    """How many notes ``labels`` show, with the notes those cite (at most ``limit`` + 1)."""
    seen: set[str] = set()
    queue = list(labels)
    while queue and len(seen) <= limit:
        label = queue.pop()
        if label not in seen:
            seen.add(label)
            queue.extend(note_refs.get(label, ()))
    return len(seen)
