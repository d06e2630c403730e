"""The essaykit document model: plain, frozen data that every stage shares.

Readers produce a :class:`Document`, transforms return new ones, renderers only
read them. Nothing here knows about Markdown or any output format, so a
document built by another program (or loaded from JSON) renders exactly like
one parsed from a file.

Conventions, chosen so that generic code (``walk``, JSON) needs no special
cases:

* every node is a frozen, slotted, keyword-only dataclass;
* sequences are tuples; a field named ``children`` holds the node's content;
* attributes that have no node of their own live on :class:`Div`/:class:`Span`;
* ``line`` is the 1-based source line and takes no part in equality.
"""

from __future__ import annotations

import dataclasses
import datetime as _dt
from dataclasses import dataclass, field
from typing import Any, Union

__all__ = [
    "SCHEMA_VERSION",
    "Node",
    "Inline",
    "Block",
    "Text",
    "SoftBreak",
    "LineBreak",
    "Emph",
    "Strong",
    "Strike",
    "Mark",
    "Sub",
    "Sup",
    "Code",
    "Link",
    "Image",
    "FootnoteRef",
    "MathInline",
    "Span",
    "RawInline",
    "Paragraph",
    "Heading",
    "BlockQuote",
    "PullQuote",
    "BulletList",
    "OrderedList",
    "ListItem",
    "CodeBlock",
    "Figure",
    "Table",
    "TableRow",
    "TableCell",
    "DefinitionList",
    "DefinitionItem",
    "FootnoteDef",
    "ThematicBreak",
    "MathBlock",
    "RawBlock",
    "Div",
    "DeckDirective",
    "Metadata",
    "Document",
    "NODE_TYPES",
    "INLINE_TYPES",
    "BLOCK_TYPES",
    "plain_text",
]

#: Version of the model and of its JSON form. A document whose major version
#: differs is refused; a newer minor version loads (unknown fields are an error
#: only when they would be lost, see ``essaykit.jsonform``).
SCHEMA_VERSION = "1.0"

_node = dataclass(frozen=True, slots=True, kw_only=True)


@_node
class Node:
    """Base of every node. ``line`` points back at the source for messages."""

    line: int | None = field(default=None, compare=False, repr=False)


# --------------------------------------------------------------------- inlines


@_node
class Text(Node):
    text: str


@_node
class SoftBreak(Node):
    """A line end inside a paragraph: a space in most scripts, nothing in CJK."""


@_node
class LineBreak(Node):
    """A hard line break (``<br>``, two trailing spaces, backslash)."""


@_node
class Emph(Node):
    children: tuple[Inline, ...] = ()


@_node
class Strong(Node):
    children: tuple[Inline, ...] = ()


@_node
class Strike(Node):
    children: tuple[Inline, ...] = ()


@_node
class Mark(Node):
    """Highlighted text (``==text==``, ``<mark>``); a pull-quote source."""

    children: tuple[Inline, ...] = ()


@_node
class Sub(Node):
    children: tuple[Inline, ...] = ()


@_node
class Sup(Node):
    children: tuple[Inline, ...] = ()


@_node
class Code(Node):
    text: str


@_node
class Link(Node):
    children: tuple[Inline, ...] = ()
    url: str
    title: str | None = None


@_node
class Image(Node):
    """An image. Inline in a paragraph, or the content of a :class:`Figure`."""

    src: str
    alt: str = ""
    title: str | None = None


@_node
class FootnoteRef(Node):
    """A reference to the :class:`FootnoteDef` with the same ``label``."""

    label: str


@_node
class MathInline(Node):
    """TeX math, kept as source; renderers choose MathML or text."""

    text: str


@_node
class Span(Node):
    """Inline content with attributes of its own, e.g. a passage in another
    language (``lang``) or direction (``dir``)."""

    children: tuple[Inline, ...] = ()
    lang: str | None = None
    dir: str | None = None
    classes: tuple[str, ...] = ()


@_node
class RawInline(Node):
    """Content only one output format understands (``format`` names it)."""

    format: str
    text: str


Inline = Union[
    Text,
    SoftBreak,
    LineBreak,
    Emph,
    Strong,
    Strike,
    Mark,
    Sub,
    Sup,
    Code,
    Link,
    Image,
    FootnoteRef,
    MathInline,
    Span,
    RawInline,
]

# ---------------------------------------------------------------------- blocks


@_node
class Paragraph(Node):
    children: tuple[Inline, ...] = ()


@_node
class Heading(Node):
    level: int
    children: tuple[Inline, ...] = ()
    id: str | None = None


@_node
class BlockQuote(Node):
    children: tuple[Block, ...] = ()
    attribution: tuple[Inline, ...] = ()


@_node
class PullQuote(Node):
    """A short excerpt set large to draw the eye.

    ``origin`` is where it came from: ``"explicit"`` (a ``[!PULLQUOTE]`` block
    or ``::: pullquote`` fence), ``"marked"`` (``==...==`` in the body),
    ``"frontmatter"`` (the ``pullquotes:`` list) or ``"auto"`` (chosen by the
    pull-quote transform). ``duplicate`` says the words also stand in the body,
    so screen readers and word counts can skip the copy.
    """

    children: tuple[Inline, ...] = ()
    attribution: tuple[Inline, ...] = ()
    origin: str = "explicit"
    duplicate: bool = False


@_node
class ListItem(Node):
    children: tuple[Block, ...] = ()
    checked: bool | None = None


@_node
class BulletList(Node):
    children: tuple[ListItem, ...] = ()
    tight: bool = True


@_node
class OrderedList(Node):
    children: tuple[ListItem, ...] = ()
    start: int = 1
    tight: bool = True


@_node
class CodeBlock(Node):
    text: str
    language: str | None = None


@_node
class Figure(Node):
    """A block-level image with an optional caption."""

    image: Image
    caption: tuple[Inline, ...] = ()


@_node
class TableCell(Node):
    children: tuple[Inline, ...] = ()
    align: str | None = None
    header: bool = False


@_node
class TableRow(Node):
    children: tuple[TableCell, ...] = ()


@_node
class Table(Node):
    head: tuple[TableRow, ...] = ()
    children: tuple[TableRow, ...] = ()
    caption: tuple[Inline, ...] = ()


@_node
class DefinitionItem(Node):
    term: tuple[Inline, ...] = ()
    children: tuple[Block, ...] = ()


@_node
class DefinitionList(Node):
    children: tuple[DefinitionItem, ...] = ()


@_node
class FootnoteDef(Node):
    label: str
    children: tuple[Block, ...] = ()


@_node
class ThematicBreak(Node):
    pass


@_node
class MathBlock(Node):
    text: str


@_node
class RawBlock(Node):
    format: str
    text: str


@_node
class Div(Node):
    """A group of blocks with attributes (``::: name`` fences, ``<div>``)."""

    children: tuple[Block, ...] = ()
    lang: str | None = None
    dir: str | None = None
    classes: tuple[str, ...] = ()


@_node
class DeckDirective(Node):
    """An instruction to the talk-deck planner written in the essay
    (``<!-- slide -->``, ``<!-- deck: skip -->``...). Prose renderers ignore it."""

    name: str
    value: str = ""


Block = Union[
    Paragraph,
    Heading,
    BlockQuote,
    PullQuote,
    BulletList,
    OrderedList,
    ListItem,
    CodeBlock,
    Figure,
    Table,
    TableRow,
    TableCell,
    DefinitionList,
    DefinitionItem,
    FootnoteDef,
    ThematicBreak,
    MathBlock,
    RawBlock,
    Div,
    DeckDirective,
]

INLINE_TYPES: tuple[type[Node], ...] = (
    Text,
    SoftBreak,
    LineBreak,
    Emph,
    Strong,
    Strike,
    Mark,
    Sub,
    Sup,
    Code,
    Link,
    Image,
    FootnoteRef,
    MathInline,
    Span,
    RawInline,
)
BLOCK_TYPES: tuple[type[Node], ...] = (
    Paragraph,
    Heading,
    BlockQuote,
    PullQuote,
    BulletList,
    OrderedList,
    ListItem,
    CodeBlock,
    Figure,
    Table,
    TableRow,
    TableCell,
    DefinitionList,
    DefinitionItem,
    FootnoteDef,
    ThematicBreak,
    MathBlock,
    RawBlock,
    Div,
    DeckDirective,
)
#: Every node class by name: the JSON form and renderer dispatch use these names.
NODE_TYPES: dict[str, type[Node]] = {t.__name__: t for t in INLINE_TYPES + BLOCK_TYPES}

# -------------------------------------------------------------------- document


@_node
class Metadata:
    """What front matter (or a caller) says about the essay.

    ``language`` is a BCP 47 tag; ``language_source`` says how it was decided
    (``"frontmatter"``, ``"filename"``, ``"detected"``, ``"default"``,
    ``"option"``) so ``essaykit inspect`` can explain it. Keys essaykit does not
    know are kept, untouched, in ``extra``.
    """

    title: str = ""
    subtitle: str = ""
    authors: tuple[str, ...] = ()
    date: _dt.date | None = None
    language: str = "en"
    language_source: str = "default"
    description: str = ""
    tags: tuple[str, ...] = ()
    cover: str | None = None
    identifier: str | None = None
    rights: str | None = None
    pullquotes: tuple[str, ...] = ()
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def direction(self) -> str:
        """``"rtl"`` for right-to-left scripts, else ``"ltr"``."""
        from .lang import direction

        return direction(self.language)


@_node
class Document:
    meta: Metadata = field(default_factory=Metadata)
    blocks: tuple[Block, ...] = ()
    #: Path of the file the document was read from; resolves relative images.
    source: str | None = field(default=None, compare=False, repr=False)

    def to_json(self, **dumps_kwargs: Any) -> str:
        from .jsonform import to_json

        return to_json(self, **dumps_kwargs)

    @staticmethod
    def from_json(text: str | bytes) -> Document:
        from .jsonform import from_json

        return from_json(text)

    def replace(self, **changes: Any) -> Document:
        return dataclasses.replace(self, **changes)


def plain_text(nodes: Any, *, soft: str = " ") -> str:
    """The words of inline (or block) nodes as one string, without markup.

    Used for titles, ids, word counts, and wherever a format only takes text.
    Footnote references and raw content contribute nothing.
    """
    out: list[str] = []

    def emit(node: Any) -> None:
        if isinstance(node, tuple):
            for child in node:
                emit(child)
            return
        if isinstance(node, (Text, Code, MathInline)):
            out.append(node.text)
        elif isinstance(node, SoftBreak):
            out.append(soft)
        elif isinstance(node, LineBreak):
            out.append("\n")
        elif isinstance(node, Image):
            out.append(node.alt)
        elif isinstance(node, (CodeBlock, MathBlock)):
            out.append(node.text)
        elif isinstance(node, (FootnoteRef, RawInline, RawBlock, DeckDirective, ThematicBreak)):
            return
        else:
            if isinstance(node, DefinitionItem):
                emit(node.term)
                out.append(" ")
            if isinstance(node, Figure):
                emit(node.image)
                out.append(" ")
                emit(node.caption)
            if isinstance(node, Table):
                emit(node.head)
            children = getattr(node, "children", ())
            for child in children:
                emit(child)
                if not isinstance(node, INLINE_TYPES) and not isinstance(child, INLINE_TYPES):
                    out.append(" ")
                elif isinstance(node, TableRow):
                    out.append(" ")
            if isinstance(node, (BlockQuote, PullQuote)) and node.attribution:
                out.append(" ")
                emit(node.attribution)

    emit(nodes)
    return "".join(out)
