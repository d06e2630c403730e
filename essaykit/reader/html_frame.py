"""The open-element frames HTML block assembly works on, and what turns them
into blocks.

Shared by :mod:`.html_blocks` (the assembler, leaf and container elements)
and :mod:`.html_tables` (tables, lists, definition lists), which both need
the same notion of "inline content waiting in a leaf" and of which pending
items are real model blocks.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from ..model import (
    Block,
    DefinitionItem,
    Emph,
    Figure,
    Image,
    Inline,
    LineBreak,
    Link,
    ListItem,
    Paragraph,
    SoftBreak,
    TableCell,
    TableRow,
    Text,
)
from .inlines import InlineBuilder, merge_text

__all__ = [
    "Frame",
    "PendingInlines",
    "Term",
    "TABLE_PARTS",
    "blocks_of",
    "is_block",
    "leaf_inlines",
    "paragraph_block",
    "trim",
]

#: Table structure elements: white space between their tags is not content.
TABLE_PARTS = frozenset({"table", "thead", "tbody", "tfoot", "tr"})


@dataclass(slots=True)
class Frame:
    """One open element: what has been gathered inside it so far."""

    tag: str
    attrs: dict[str, str]
    line: int | None
    blocks: list[Any] = field(default_factory=list)
    inline: InlineBuilder = field(default_factory=InlineBuilder)
    raw: list[str] = field(default_factory=list)  # <pre> text
    head: list[TableRow] = field(default_factory=list)
    caption: tuple[Inline, ...] = ()


class PendingInlines:
    """Inline content waiting inside a leaf element (not a model node)."""

    __slots__ = ("children",)

    def __init__(self, children: tuple[Inline, ...]) -> None:
        self.children = children


class Term:
    """A ``<dt>`` waiting for its ``<dd>`` (not a model node)."""

    __slots__ = ("children", "line")

    def __init__(self, children: tuple[Inline, ...], line: int | None) -> None:
        self.children = children
        self.line = line


def is_block(node: Any) -> bool:
    """Whether a pending item is a model block (not a part of a table, list or leaf)."""
    return not isinstance(
        node, (PendingInlines, TableCell, TableRow, ListItem, DefinitionItem, Term)
    )


def paragraph_block(children: tuple[Inline, ...], line: int | None) -> Block | None:
    """A paragraph, or a Figure when it holds nothing but one image; None
    when it holds nothing at all."""
    meaningful = [c for c in children if not (isinstance(c, Text) and not c.text.strip())]
    if not meaningful:
        return None
    if len(meaningful) == 1 and isinstance(meaningful[0], Link) and _enlarges(meaningful[0]):
        # "Click to enlarge": a picture linked to its own (larger) file is that picture.
        meaningful = [next(c for c in meaningful[0].children if isinstance(c, Image))]
    if (len(meaningful) == 3 and isinstance(meaningful[0], Image) and isinstance(meaningful[1], (SoftBreak, LineBreak))
            and isinstance(meaningful[2], Emph)):
        # An italic line right under a picture is its caption (Jekyll's Chirpy, many blogs).
        return Figure(image=meaningful[0], caption=meaningful[2].children, line=line)
    if len(meaningful) == 1 and isinstance(meaningful[0], Image):
        image = meaningful[0]
        caption_text = image.title or image.alt
        caption: tuple[Inline, ...] = (Text(text=caption_text),) if caption_text else ()
        return Figure(image=image, caption=caption, line=line)
    return Paragraph(children=trim(children), line=line)


_PICTURE_FILE = re.compile(r"\.(?:png|jpe?g|gif|webp|avif|svg|bmp|tiff?)(?:[?#].*)?$", re.I)


def _enlarges(link: Link) -> bool:
    """Whether ``link`` holds one image and nothing else, and points to a picture file."""
    inside = [c for c in link.children if not (isinstance(c, Text) and not c.text.strip())]
    return (len(inside) == 1 and isinstance(inside[0], Image)
            and (link.url == inside[0].src or _PICTURE_FILE.search(link.url) is not None))


def trim(children: tuple[Inline, ...]) -> tuple[Inline, ...]:
    """Drop the whitespace HTML source leaves at a paragraph's edges."""
    items = list(children)
    while items and isinstance(items[0], (Text, LineBreak)) and not _words(items[0]):
        items.pop(0)
    while items and isinstance(items[-1], (Text, LineBreak)) and not _words(items[-1]):
        items.pop()
    if items and isinstance(items[0], Text):
        items[0] = _stripped(items[0], items[0].text.lstrip())
    if items and isinstance(items[-1], Text):
        items[-1] = _stripped(items[-1], items[-1].text.rstrip())
    return tuple(items)


def _stripped(node: Text, text: str) -> Text:
    """``Text(text=text)``; ``node`` itself when that is the same node (most
    paragraphs have nothing to strip)."""
    if text == node.text and node.line is None and type(node) is Text:
        return node
    return Text(text=text)


def _words(node: Inline) -> bool:
    return isinstance(node, Text) and bool(node.text.strip())


def leaf_inlines(frame: Frame) -> tuple[tuple[Inline, ...], list[Block]]:
    """A leaf's inline content, and any blocks that ended up inside it."""
    parts: list[Inline] = []
    blocks: list[Block] = []
    for item in frame.blocks:
        if isinstance(item, (PendingInlines, Paragraph)):
            if parts:
                parts.append(LineBreak())
            parts.extend(item.children)
        elif isinstance(item, Figure):
            parts.append(item.image)
            parts.extend(item.caption)
        elif is_block(item):
            blocks.append(item)
    return merge_text(parts), blocks


def blocks_of(frame: Frame) -> tuple[Block, ...]:
    """The blocks of a container frame; stray table, list and leaf parts
    become paragraphs, so no visible text is lost on unbalanced input."""
    out: list[Block] = []
    for item in frame.blocks:
        if isinstance(item, (PendingInlines, TableCell)):
            block = paragraph_block(item.children, frame.line)
            if block is not None:
                out.append(block)
        elif isinstance(item, TableRow):
            out.extend(_blocks_of_row(item))
        elif isinstance(item, (ListItem, DefinitionItem)):
            out.extend(item.children)
        elif isinstance(item, Term):
            block = paragraph_block(item.children, item.line)
            if block is not None:
                out.append(block)
        else:
            out.append(item)
    return tuple(out)


def _blocks_of_row(row: TableRow) -> list[Block]:
    out: list[Block] = []
    for cell in row.children:
        block = paragraph_block(cell.children, row.line)
        if block is not None:
            out.append(block)
    return out
