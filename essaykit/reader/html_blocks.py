"""Block-level HTML in Markdown → model blocks.

Authors drop HTML into essays for figures with captions, call-out boxes,
embedded tweets and hand-made tables. CommonMark splits such HTML at blank
lines, so a ``<div>`` may open in one HTML block, wrap a few Markdown
paragraphs, and close in another. :class:`BlockAssembler` therefore takes the
whole sequence -- HTML events and already-converted Markdown blocks, in order
-- and keeps one stack of open elements across them. Loose inline content is
gathered into paragraphs; each element becomes a model block when it closes
(or when the sequence ends, for unbalanced input). No visible text is lost;
active content is dropped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from ..lang import normalize_tag
from ..model import (
    Block,
    BlockQuote,
    BulletList,
    CodeBlock,
    DeckDirective,
    DefinitionItem,
    DefinitionList,
    Div,
    Figure,
    Heading,
    Image,
    Inline,
    LineBreak,
    ListItem,
    OrderedList,
    Paragraph,
    Table,
    TableCell,
    TableRow,
    Text,
    ThematicBreak,
    plain_text,
)
from .inlines import DROP_TAGS, HtmlEvent, InlineBuilder, html_events, merge_text

__all__ = ["BlockAssembler", "paragraph_block", "deck_directive"]

#: Elements that hold inline content and become one block.
_LEAF = frozenset(
    {
        "p",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "figcaption",
        "dt",
        "summary",
        "caption",
        "td",
        "th",
        "pre",
        "legend",
    }
)
#: Elements that hold blocks.
_CONTAINER = frozenset(
    {
        "div",
        "section",
        "article",
        "aside",
        "header",
        "footer",
        "main",
        "nav",
        "center",
        "details",
        "blockquote",
        "figure",
        "ul",
        "ol",
        "li",
        "dl",
        "dd",
        "table",
        "thead",
        "tbody",
        "tfoot",
        "tr",
        "address",
        "hgroup",
        "fieldset",
        "form",
        "body",
        "html",
        "menu",
    }
)
_BLOCK_TAGS = _LEAF | _CONTAINER | {"hr"}

_DECK = re.compile(r"^\s*(?:(slide)|deck\s*:\s*([\w-]+)(?:\s+(.*?))?)\s*$", re.I | re.S)


def deck_directive(comment: str) -> DeckDirective | None:
    """``<!-- slide -->`` / ``<!-- deck: skip -->`` → a directive, else None."""
    m = _DECK.match(comment)
    if not m:
        return None
    if m.group(1):
        return DeckDirective(name="slide")
    return DeckDirective(name=m.group(2).lower(), value=(m.group(3) or "").strip())


def paragraph_block(children: tuple[Inline, ...], line: int | None) -> Block | None:
    """A paragraph, or a Figure when it holds nothing but one image; None
    when it holds nothing at all."""
    meaningful = [c for c in children if not (isinstance(c, Text) and not c.text.strip())]
    if not meaningful:
        return None
    if len(meaningful) == 1 and isinstance(meaningful[0], Image):
        image = meaningful[0]
        caption_text = image.title or image.alt
        caption: tuple[Inline, ...] = (Text(text=caption_text),) if caption_text else ()
        return Figure(image=image, caption=caption, line=line)
    return Paragraph(children=_trim(children), line=line)


def _trim(children: tuple[Inline, ...]) -> tuple[Inline, ...]:
    """Drop the whitespace HTML source leaves at a paragraph's edges."""
    items = list(children)
    while items and isinstance(items[0], (Text, LineBreak)) and not _words(items[0]):
        items.pop(0)
    while items and isinstance(items[-1], (Text, LineBreak)) and not _words(items[-1]):
        items.pop()
    if items and isinstance(items[0], Text):
        items[0] = Text(text=items[0].text.lstrip())
    if items and isinstance(items[-1], Text):
        items[-1] = Text(text=items[-1].text.rstrip())
    return tuple(items)


def _words(node: Inline) -> bool:
    return isinstance(node, Text) and bool(node.text.strip())


_WS = re.compile(r"\s+")


@dataclass(slots=True)
class _Frame:
    tag: str
    attrs: dict[str, str]
    line: int | None
    blocks: list[Any] = field(default_factory=list)
    inline: InlineBuilder = field(default_factory=InlineBuilder)
    raw: list[str] = field(default_factory=list)  # <pre> text
    head: list[TableRow] = field(default_factory=list)
    caption: tuple[Inline, ...] = ()


class BlockAssembler:
    """Collects one sequence of sibling blocks, HTML and Markdown mixed."""

    def __init__(self) -> None:
        self._stack: list[_Frame] = [_Frame("", {}, None)]
        self._line: int | None = None

    # -- input --------------------------------------------------------------

    def add_block(self, block: Block) -> None:
        top = self._stack[-1]
        self._flush(top)
        if top.tag == "pre":
            top.raw.append(plain_text(block))
        else:
            top.blocks.append(block)

    def add_html(self, raw: str, line: int | None) -> None:
        skip: str | None = None
        depth = 0
        events, lines = html_events(raw, with_lines=True)
        for (kind, name, attrs), offset in zip(events, lines, strict=True):
            self._line = None if line is None else line + offset
            # Dropped elements never span Markdown blocks: an unclosed
            # <iframe> must not swallow the rest of the essay.
            if skip is not None:
                if name == skip and kind == "start":
                    depth += 1
                elif name == skip and kind == "end":
                    depth -= 1
                    if depth == 0:
                        skip = None
                continue
            if kind == "start" and name in DROP_TAGS:
                if name not in ("embed",):
                    skip, depth = name, 1
                continue
            self._event((kind, name, attrs))

    def finish(self) -> list[Block]:
        while len(self._stack) > 1:
            self._close()
        root = self._stack[0]
        self._flush(root)
        return list(_blocks_of(root))

    # -- events -------------------------------------------------------------

    def _event(self, ev: HtmlEvent) -> None:
        kind, name, attrs = ev
        top = self._stack[-1]
        if top.tag == "pre":
            if kind == "text":
                top.raw.append(name)
            elif kind == "end" and name == "pre":
                self._close()
            elif kind == "start" and name == "br":
                top.raw.append("\n")
            return
        if kind == "comment":
            directive = deck_directive(name)
            if directive is not None:
                self._flush(top)
                top.blocks.append(
                    DeckDirective(name=directive.name, value=directive.value, line=self._line)
                )
            return
        if kind == "text":
            if top.tag in _TABLE_PARTS and not name.strip():
                return
            top.inline.text(name)
            return
        if kind == "start":
            if name == "hr":
                self._flush(top)
                top.blocks.append(ThematicBreak(line=self._line))
            elif name in _BLOCK_TAGS:
                self._flush(top)
                if name in _LEAF and top.tag in _LEAF and top.tag != "td" and top.tag != "th":
                    self._close()  # <p>one<p>two: an open paragraph ends
                self._stack.append(_Frame(name, attrs, self._line))
            else:
                top.inline.event(ev)
            return
        # end tag
        if name in _BLOCK_TAGS:
            for i in range(len(self._stack) - 1, 0, -1):
                if self._stack[i].tag == name:
                    while len(self._stack) > i:
                        self._close()
                    return
            return  # nothing opened it
        top.inline.event(ev)

    def _flush(self, frame: _Frame) -> None:
        """Loose inline content of ``frame`` becomes a paragraph."""
        if frame.inline.empty:
            return
        inlines = frame.inline.finish()
        frame.inline = InlineBuilder()
        if frame.tag in _LEAF:
            frame.blocks.append(_Inlines(inlines))
            return
        block = paragraph_block(inlines, self._line)
        if block is not None:
            frame.blocks.append(block)

    def _close(self) -> None:
        frame = self._stack[-1]
        self._flush(frame)
        self._stack.pop()
        parent = self._stack[-1]
        for node in _build(frame, parent):
            parent.blocks.append(node)


class _Inlines:
    """Inline content waiting inside a leaf element (not a model node)."""

    __slots__ = ("children",)

    def __init__(self, children: tuple[Inline, ...]) -> None:
        self.children = children


_TABLE_PARTS = frozenset({"table", "thead", "tbody", "tfoot", "tr"})


def _is_block(node: Any) -> bool:
    return not isinstance(node, (_Inlines, TableCell, TableRow, ListItem, DefinitionItem, _Term))


class _Term:
    __slots__ = ("children", "line")

    def __init__(self, children: tuple[Inline, ...], line: int | None) -> None:
        self.children = children
        self.line = line


def _leaf_inlines(frame: _Frame) -> tuple[tuple[Inline, ...], list[Block]]:
    """A leaf's inline content, and any blocks that ended up inside it."""
    parts: list[Inline] = []
    blocks: list[Block] = []
    for item in frame.blocks:
        if isinstance(item, (_Inlines, Paragraph)):
            if parts:
                parts.append(LineBreak())
            parts.extend(item.children)
        elif isinstance(item, Figure):
            parts.append(item.image)
            parts.extend(item.caption)
        elif _is_block(item):
            blocks.append(item)
    return merge_text(parts), blocks


def _attr_lang(attrs: dict[str, str]) -> tuple[str | None, str | None]:
    lang = normalize_tag(attrs["lang"]) if attrs.get("lang") else None
    direction = attrs.get("dir", "").lower() or None
    if direction not in (None, "ltr", "rtl", "auto"):
        direction = None
    return lang, direction


def _blocks_of(frame: _Frame) -> tuple[Block, ...]:
    out: list[Block] = []
    for item in frame.blocks:
        if isinstance(item, (_Inlines, TableCell)):
            block = paragraph_block(item.children, frame.line)
            if block is not None:
                out.append(block)
        elif isinstance(item, TableRow):
            out.extend(_blocks_of_row(item))
        elif isinstance(item, (ListItem, DefinitionItem)):
            out.extend(item.children)
        elif isinstance(item, _Term):
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


def _build(frame: _Frame, parent: _Frame) -> list[Any]:
    tag, attrs, line = frame.tag, frame.attrs, frame.line
    lang, direction = _attr_lang(attrs)
    classes = tuple(attrs.get("class", "").split())
    if tag == "pre":
        text = "".join(frame.raw)
        if text.startswith("\n"):
            text = text[1:]
        language = next(
            (
                c.removeprefix("language-").removeprefix("lang-")
                for c in classes
                if c.startswith(("language-", "lang-"))
            ),
            None,
        )
        return [CodeBlock(text=text.rstrip("\n"), language=language, line=line)]
    if tag in ("td", "th"):
        inlines, blocks = _leaf_inlines(frame)
        extra = plain_text(tuple(blocks)).strip()
        if extra:
            inlines = merge_text((*inlines, Text(text=" " + extra)))
        align = attrs.get("align") or _style_align(attrs.get("style", ""))
        return [TableCell(children=_trim(inlines), align=align, header=tag == "th", line=line)]
    if tag in _LEAF:
        inlines, blocks = _leaf_inlines(frame)
        if tag == "figcaption":
            parent.caption = _trim(inlines)
            return list(blocks)
        if tag == "caption":
            parent.caption = _trim(inlines)
            return []
        if tag == "dt":
            return [_Term(_trim(inlines), line), *blocks]
        node: Block | None
        if tag.startswith("h") and tag[1:].isdigit():
            node = Heading(level=int(tag[1:]), children=_trim(inlines), line=line)
        else:
            node = paragraph_block(inlines, line)
        out: list[Block] = ([node] if node is not None else []) + blocks
        if (lang or direction) and out:
            return [Div(children=tuple(out), lang=lang, dir=direction, line=line)]
        return out
    if tag == "tr":
        cells: list[TableCell] = []
        for item in frame.blocks:
            if isinstance(item, TableCell):
                cells.append(item)
            elif isinstance(item, _Inlines):
                cells.append(TableCell(children=item.children, line=line))
            elif _is_block(item):
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
        others = [b for b in frame.blocks if _is_block(b)]
        return [table, *others]
    if tag == "li":
        return [ListItem(children=_blocks_of(frame), line=line)]
    if tag in ("ul", "ol", "menu"):
        items = []
        for item in frame.blocks:
            if isinstance(item, ListItem):
                items.append(item)
            elif isinstance(item, _Inlines):
                block = paragraph_block(item.children, line)
                if block is not None:
                    items.append(ListItem(children=(block,), line=line))
            elif _is_block(item):
                items.append(ListItem(children=(item,), line=line))
        if tag == "ol":
            start = attrs.get("start", "1")
            return [
                OrderedList(
                    children=tuple(items),
                    start=int(start) if start.isdigit() else 1,
                    tight=False,
                    line=line,
                )
            ]
        return [BulletList(children=tuple(items), tight=False, line=line)]
    if tag == "dd":
        return [DefinitionItem(children=_blocks_of(frame), line=line)]
    if tag == "dl":
        def_items: list[DefinitionItem] = []
        for item in frame.blocks:
            if isinstance(item, _Term):
                def_items.append(DefinitionItem(term=item.children, line=item.line))
            elif isinstance(item, DefinitionItem):
                if def_items and not def_items[-1].children:
                    last = def_items[-1]
                    def_items[-1] = DefinitionItem(
                        term=last.term, children=item.children, line=last.line
                    )
                else:
                    def_items.append(item)
            elif _is_block(item):
                def_items.append(DefinitionItem(children=(item,), line=line))
        return [DefinitionList(children=tuple(def_items), line=line)]
    children = _blocks_of(frame)
    if tag == "blockquote":
        quote: Block = BlockQuote(children=children, line=line)
        if lang or direction:
            return [Div(children=(quote,), lang=lang, dir=direction, classes=classes, line=line)]
        return [quote]
    if tag == "figure":
        return _figure(frame, children, lang, direction, classes)
    if tag != "div":
        classes = (tag, *classes)
    if not children:
        return []
    return [Div(children=children, lang=lang, dir=direction, classes=classes, line=line)]


def _rows(frame: _Frame) -> list[TableRow]:
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


def _figure(
    frame: _Frame,
    children: tuple[Block, ...],
    lang: str | None,
    direction: str | None,
    classes: tuple[str, ...],
) -> list[Block]:
    figures = [b for b in children if isinstance(b, Figure)]
    if len(figures) == 1 and frame.caption:
        fig = figures[0]
        new = Figure(image=fig.image, caption=frame.caption, line=fig.line)
        return [new if b is fig else b for b in children]
    tables = [b for b in children if isinstance(b, Table)]
    if len(tables) == 1 and frame.caption and not tables[0].caption:
        table = tables[0]
        new_table = Table(
            head=table.head, children=table.children, caption=frame.caption, line=table.line
        )
        return [new_table if b is table else b for b in children]
    # Tables often sit in a scrolling wrapper div; look one level down.
    if len(children) == 1 and isinstance(children[0], Div) and frame.caption:
        wrapper = children[0]
        inner = [b for b in wrapper.children if isinstance(b, Table)]
        if len(inner) == 1 and not inner[0].caption:
            table = inner[0]
            new_table = Table(
                head=table.head, children=table.children, caption=frame.caption, line=table.line
            )
            return [
                Div(
                    children=tuple(new_table if b is table else b for b in wrapper.children),
                    lang=wrapper.lang,
                    dir=wrapper.dir,
                    classes=wrapper.classes,
                    line=wrapper.line,
                )
            ]
    out = list(children)
    if frame.caption:
        out.append(Paragraph(children=frame.caption, line=frame.line))
    if not out:
        return []
    return [
        Div(
            children=tuple(out),
            lang=lang,
            dir=direction,
            classes=("figure", *classes),
            line=frame.line,
        )
    ]


_ALIGN = re.compile(r"text-align\s*:\s*(left|right|center)", re.I)


def _style_align(style: str) -> str | None:
    m = _ALIGN.search(style)
    return m.group(1).lower() if m else None
