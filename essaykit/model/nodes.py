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

import datetime as _dt
from dataclasses import dataclass, field
from typing import Any

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
    "CALLOUT_KINDS",
    "Div",
    "DeckDirective",
    "Metadata",
    "NODE_TYPES",
    "INLINE_TYPES",
    "BLOCK_TYPES",
    "plain_text",
    "text_reaches",
]

#: Version of the model and of its JSON form. A document whose major version
#: differs is refused; a newer minor version loads (unknown fields are an error
#: only when they would be lost, see ``essaykit.model.jsonform``).
SCHEMA_VERSION = "1.3"



@dataclass(frozen=True, slots=True, kw_only=True)
class Node:
    """Base of every node. ``line`` points back at the source for messages."""

    line: int | None = field(default=None, compare=False, repr=False)


# --------------------------------------------------------------------- inlines


@dataclass(frozen=True, slots=True, kw_only=True)
class Text(Node):
    text: str


@dataclass(frozen=True, slots=True, kw_only=True)
class SoftBreak(Node):
    """A line end inside a paragraph: a space in most scripts, nothing in CJK."""


@dataclass(frozen=True, slots=True, kw_only=True)
class LineBreak(Node):
    """A hard line break (``<br>``, two trailing spaces, backslash)."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Emph(Node):
    children: tuple[Inline, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class Strong(Node):
    children: tuple[Inline, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class Strike(Node):
    children: tuple[Inline, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class Mark(Node):
    """Highlighted text (``==text==``, ``<mark>``); a pull-quote source."""

    children: tuple[Inline, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class Sub(Node):
    children: tuple[Inline, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class Sup(Node):
    children: tuple[Inline, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class Code(Node):
    text: str


@dataclass(frozen=True, slots=True, kw_only=True)
class Link(Node):
    children: tuple[Inline, ...] = ()
    url: str
    title: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Image(Node):
    """An image. Inline in a paragraph, or the content of a :class:`Figure`.
    ``width`` is the size the author asked for (``{width=50%}``), a CSS
    length (``50%``, ``300px``, ``8cm``); None: the image's own size."""

    src: str
    alt: str = ""
    title: str | None = None
    width: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class FootnoteRef(Node):
    """A reference to the :class:`FootnoteDef` with the same ``label``."""

    label: str


@dataclass(frozen=True, slots=True, kw_only=True)
class MathInline(Node):
    """TeX math, kept as source; renderers choose MathML or text."""

    text: str


@dataclass(frozen=True, slots=True, kw_only=True)
class Span(Node):
    """Inline content with attributes of its own, e.g. a passage in another
    language (``lang``) or direction (``dir``)."""

    children: tuple[Inline, ...] = ()
    lang: str | None = None
    dir: str | None = None
    classes: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class RawInline(Node):
    """Content only one output format understands (``format`` names it)."""

    format: str
    text: str


Inline = (
    Text
    | SoftBreak
    | LineBreak
    | Emph
    | Strong
    | Strike
    | Mark
    | Sub
    | Sup
    | Code
    | Link
    | Image
    | FootnoteRef
    | MathInline
    | Span
    | RawInline
)

# ---------------------------------------------------------------------- blocks


@dataclass(frozen=True, slots=True, kw_only=True)
class Paragraph(Node):
    children: tuple[Inline, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class Heading(Node):
    """A heading; ``classes`` are the author's (``{.unlisted}``: left out of
    every table of contents and outline)."""

    level: int
    children: tuple[Inline, ...] = ()
    id: str | None = None
    classes: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class BlockQuote(Node):
    children: tuple[Block, ...] = ()
    attribution: tuple[Inline, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
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


@dataclass(frozen=True, slots=True, kw_only=True)
class ListItem(Node):
    children: tuple[Block, ...] = ()
    checked: bool | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class BulletList(Node):
    children: tuple[ListItem, ...] = ()
    tight: bool = True


@dataclass(frozen=True, slots=True, kw_only=True)
class OrderedList(Node):
    children: tuple[ListItem, ...] = ()
    start: int = 1
    tight: bool = True


@dataclass(frozen=True, slots=True, kw_only=True)
class CodeBlock(Node):
    text: str
    language: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Figure(Node):
    """A block-level image with an optional caption."""

    image: Image
    caption: tuple[Inline, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class TableCell(Node):
    children: tuple[Inline, ...] = ()
    align: str | None = None
    header: bool = False


@dataclass(frozen=True, slots=True, kw_only=True)
class TableRow(Node):
    children: tuple[TableCell, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class Table(Node):
    head: tuple[TableRow, ...] = ()
    children: tuple[TableRow, ...] = ()
    caption: tuple[Inline, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class DefinitionItem(Node):
    term: tuple[Inline, ...] = ()
    children: tuple[Block, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class DefinitionList(Node):
    children: tuple[DefinitionItem, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class FootnoteDef(Node):
    label: str
    children: tuple[Block, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class ThematicBreak(Node):
    pass


@dataclass(frozen=True, slots=True, kw_only=True)
class MathBlock(Node):
    text: str


@dataclass(frozen=True, slots=True, kw_only=True)
class RawBlock(Node):
    format: str
    text: str


#: The kinds of call-out (the first class of a :class:`Div` that is one): GitHub's five
#: alerts, then those of MkDocs, Docusaurus, Obsidian and Quarto, and ``<details>``.
CALLOUT_KINDS = frozenset({
    "note", "tip", "important", "warning", "caution", "info", "danger", "success", "question",
    "example", "abstract", "quote", "bug", "failure", "todo", "details",
})


@dataclass(frozen=True, slots=True, kw_only=True)
class Div(Node):
    """A group of blocks with attributes (``::: name`` fences, ``<div>``). A call-out
    (``> [!NOTE]``, ``!!! tip "Title"``, ``<details>``) is a Div whose first class is
    its kind (:data:`CALLOUT_KINDS`); ``title`` is the label its author gave it, if any."""

    children: tuple[Block, ...] = ()
    lang: str | None = None
    dir: str | None = None
    classes: tuple[str, ...] = ()
    title: tuple[Inline, ...] = ()

    @property
    def callout(self) -> str | None:
        """The kind of call-out this is, or None for an ordinary div."""
        return self.classes[0] if self.classes and self.classes[0] in CALLOUT_KINDS else None


@dataclass(frozen=True, slots=True, kw_only=True)
class DeckDirective(Node):
    """An instruction to the talk-deck planner written in the essay
    (``<!-- slide -->``, ``<!-- deck: skip -->``...). Prose renderers ignore it."""

    name: str
    value: str = ""


Block = (
    Paragraph
    | Heading
    | BlockQuote
    | PullQuote
    | BulletList
    | OrderedList
    | ListItem
    | CodeBlock
    | Figure
    | Table
    | TableRow
    | TableCell
    | DefinitionList
    | DefinitionItem
    | FootnoteDef
    | ThematicBreak
    | MathBlock
    | RawBlock
    | Div
    | DeckDirective
)

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


@dataclass(frozen=True, slots=True, kw_only=True)
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
    #: The date as the author wrote it, shown instead of ``date`` when the
    #: date is partial (``2017``: ``date`` is then its first day) or could
    #: not be read (``date`` is then None).
    date_text: str = ""
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
        from ..lang import direction

        return direction(self.language)


def plain_text(nodes: Any, *, soft: str = " ") -> str:
    """The words of inline (or block) nodes as one string, without markup.

    Used for titles, ids, word counts, and wherever a format only takes text.
    Blocks are separated by a blank line; footnote references and raw
    content contribute nothing.
    """
    out: list[str] = []
    _emit_text(nodes, out, soft)
    return "".join(out).strip()


def text_reaches(blocks: tuple[Any, ...], length: int) -> bool:
    """Whether ``len(plain_text(blocks)) >= length``, found without writing
    out the whole text of a long book: block by block, stopping as soon as
    the words so far reach ``length`` (more blocks can only add to it)."""
    out: list[str] = []
    total = 0
    for block in blocks:
        start = len(out)
        _emit_text(block, out, " ")
        total += sum(len(part) for part in out[start:])
        if total >= length and len("".join(out).strip()) >= length:
            return True
    return len("".join(out).strip()) >= length


_SILENT = (FootnoteRef, RawInline, RawBlock, DeckDirective, ThematicBreak)


def _emit_text(node: Any, out: list[str], soft: str) -> None:
    if isinstance(node, tuple):
        for child in node:
            _emit_text(child, out, soft)
        return
    if isinstance(node, (Text, Code, MathInline)):
        out.append(node.text)
    elif isinstance(node, SoftBreak):
        out.append(soft)
    elif isinstance(node, LineBreak):
        out.append("\n")
    elif isinstance(node, Image):
        out.append(node.alt)
    elif isinstance(node, _SILENT):
        return
    elif isinstance(node, INLINE_TYPES):
        _emit_text(getattr(node, "children", ()), out, soft)
    else:
        # A block: its parts, each followed by a separator so words of
        # neighbouring blocks never run together.
        if isinstance(node, (CodeBlock, MathBlock)):
            out.append(node.text)
        elif isinstance(node, DefinitionItem):
            _emit_text(node.term, out, soft)
            out.append("\n")
        elif isinstance(node, Figure):
            _emit_text(node.image, out, soft)
            out.append("\n")
            _emit_text(node.caption, out, soft)
        elif isinstance(node, Table):
            _emit_text(node.caption, out, soft)
            out.append("\n")
            _emit_text(node.head, out, soft)
        elif isinstance(node, TableCell):
            _emit_text(node.children, out, soft)
            out.append(" ")
            return
        for child in getattr(node, "children", ()):
            _emit_text(child, out, soft)
        if isinstance(node, (BlockQuote, PullQuote)) and node.attribution:
            out.append("\n")
            _emit_text(node.attribution, out, soft)
        if not out or not out[-1].endswith("\n\n"):
            out.append("\n\n")
