"""HTML tables, lists and definition lists → model blocks.

Hand-made HTML tables and lists are the most irregular markup essays carry
(rows without ``<tbody>``, cells outside rows, ``<dd>`` without ``<dt>``), so
their tolerance rules live here, apart from the assembler in
:mod:`.html_blocks` that calls :func:`build_structure` when such an element
closes. Every builder keeps stray content as cells, items or paragraphs:
no visible text is lost.
"""

from __future__ import annotations

import re
from typing import Any

from ..model import (
    BulletList,
    DefinitionItem,
    DefinitionList,
    ListItem,
    OrderedList,
    Table,
    TableCell,
    TableRow,
    Text,
    plain_text,
)
from .html_frame import (
    Frame,
    PendingInlines,
    Term,
    blocks_of,
    is_block,
    leaf_inlines,
    paragraph_block,
    trim,
)
from .inlines import merge_text

__all__ = ["STRUCTURE_TAGS", "build_structure"]

#: The elements :func:`build_structure` builds.
STRUCTURE_TAGS = frozenset(
    {"td", "th", "tr", "thead", "tbody", "tfoot", "table", "li", "ul", "ol", "menu", "dd", "dl"}
)


def build_structure(frame: Frame, parent: Frame) -> list[Any]:
    """What a closing table, list or definition-list element leaves in its
    parent: model blocks, or parts (cells, rows, items) the enclosing
    element collects. Header rows and captions are handed to ``parent``."""
    tag, attrs, line = frame.tag, frame.attrs, frame.line
    if tag in ("td", "th"):
        inlines, blocks = leaf_inlines(frame)
        extra = plain_text(tuple(blocks)).strip()
        if extra:
            inlines = merge_text((*inlines, Text(text=" " + extra)))
        align = attrs.get("align") or _style_align(attrs.get("style", ""))
        return [TableCell(children=trim(inlines), align=align, header=tag == "th", line=line)]
    if tag == "tr":
        cells: list[TableCell] = []
        for item in frame.blocks:
            if isinstance(item, TableCell):
                cells.append(item)
            elif isinstance(item, PendingInlines):
                cells.append(TableCell(children=item.children, line=line))
            elif is_block(item):
                cells.append(TableCell(children=(Text(text=plain_text(item)),), line=line))
        return [TableRow(children=tuple(cells), line=line)]
    if tag in ("thead", "tbody", "tfoot"):
        rows = _rows(frame)
        if tag == "thead":
            parent.head.extend(rows)
            return []
        return list(rows)
    if tag == "table":
        rows = _rows(frame)
        head = list(frame.head)
        if not head:
            while rows and all(c.header for c in rows[0].children) and rows[0].children:
                head.append(rows.pop(0))
                break
        table = Table(head=tuple(head), children=tuple(rows), caption=frame.caption, line=line)
        others = [b for b in frame.blocks if is_block(b)]
        return [table, *others]
    if tag == "li":
        return [ListItem(children=blocks_of(frame), line=line)]
    if tag in ("ul", "ol", "menu"):
        return [_list(frame)]
    if tag == "dd":
        return [DefinitionItem(children=blocks_of(frame), line=line)]
    if tag == "dl":
        return [_definition_list(frame)]
    raise ValueError(f"not a table or list element: {tag}")


def _list(frame: Frame) -> BulletList | OrderedList:
    tag, attrs, line = frame.tag, frame.attrs, frame.line
    items = []
    for item in frame.blocks:
        if isinstance(item, ListItem):
            items.append(item)
        elif isinstance(item, PendingInlines):
            block = paragraph_block(item.children, line)
            if block is not None:
                items.append(ListItem(children=(block,), line=line))
        elif is_block(item):
            items.append(ListItem(children=(item,), line=line))
    if tag == "ol":
        start = attrs.get("start", "1")
        return OrderedList(
            children=tuple(items),
            start=int(start) if start.isdigit() else 1,
            tight=False,
            line=line,
        )
    return BulletList(children=tuple(items), tight=False, line=line)


def _definition_list(frame: Frame) -> DefinitionList:
    line = frame.line
    def_items: list[DefinitionItem] = []
    for item in frame.blocks:
        if isinstance(item, Term):
            def_items.append(DefinitionItem(term=item.children, line=item.line))
        elif isinstance(item, DefinitionItem):
            if def_items and not def_items[-1].children:
                last = def_items[-1]
                def_items[-1] = DefinitionItem(
                    term=last.term, children=item.children, line=last.line
                )
            else:
                def_items.append(item)
        elif is_block(item):
            def_items.append(DefinitionItem(children=(item,), line=line))
    return DefinitionList(children=tuple(def_items), line=line)


def _rows(frame: Frame) -> list[TableRow]:
    rows: list[TableRow] = []
    loose: list[TableCell] = []
    for item in frame.blocks:
        if isinstance(item, TableRow):
            rows.append(item)
        elif isinstance(item, TableCell):
            loose.append(item)
    if loose:
        rows.append(TableRow(children=tuple(loose), line=frame.line))
    return rows


_ALIGN = re.compile(r"text-align\s*:\s*(left|right|center)", re.I)


def _style_align(style: str) -> str | None:
    m = _ALIGN.search(style)
    return m.group(1).lower() if m else None
