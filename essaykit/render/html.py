"""The shared XHTML writer: one visitor that PDF and EPUB both build on.

It writes well-formed XHTML5 (every attribute escaped, every element closed),
because EPUB requires it and WeasyPrint is happy with it. The two targets
differ only in details they configure (how footnotes are placed, whether pull
quotes carry ``epub:type``), or override in a subclass.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape
from typing import Any

from ..model import (
    Block,
    BlockQuote,
    BulletList,
    Code,
    CodeBlock,
    DeckDirective,
    DefinitionItem,
    DefinitionList,
    Div,
    Document,
    Emph,
    Figure,
    FootnoteDef,
    FootnoteRef,
    Heading,
    Image,
    Inline,
    LineBreak,
    Link,
    ListItem,
    Mark,
    MathBlock,
    MathInline,
    Node,
    OrderedList,
    Paragraph,
    PullQuote,
    RawBlock,
    RawInline,
    SoftBreak,
    Span,
    Strike,
    Strong,
    Sub,
    Sup,
    Table,
    TableCell,
    TableRow,
    Text,
    ThematicBreak,
    plain_text,
)
from ..outline import unique_ids
from ..walk import query
from .base import Visitor


def attr(value: str) -> str:
    return escape(value, quote=True)


def text(value: str) -> str:
    return escape(value, quote=False)


@dataclass
class HtmlOptions:
    #: "end": notes collected in a section at the end (EPUB);
    #: "inline": note bodies written where they are referenced (PDF, for
    #: ``float: footnote``).
    footnotes: str = "end"
    #: Write ``epub:type``/ARIA roles (EPUB only: WeasyPrint ignores them).
    epub: bool = False
    #: Highlight code with Pygments classes.
    highlight: bool = True
    #: Maps an image ``src`` to what the output should reference (EPUB stores
    #: images inside the book); None leaves ``src`` as written.
    image_src: Any = None


class XhtmlWriter(Visitor):
    """``XhtmlWriter(doc, options).blocks(doc.blocks)`` → an XHTML fragment."""

    def __init__(self, doc: Document, options: HtmlOptions | None = None):
        self.doc = doc
        self.options = options or HtmlOptions()
        self.lang = doc.meta.language
        defs = query(doc.blocks, FootnoteDef)
        self.footnotes: dict[str, FootnoteDef] = {d.label: d for d in defs}
        #: Footnote labels in the order they are first referenced: numbering.
        self.note_numbers: dict[str, int] = {}
        self._heading_ids = self._assign_heading_ids(doc)
        #: Where each note is referenced from, so notes can link back.
        self.ref_ids: dict[str, str] = {}
        # Number notes in reference order up front so the endnote list and
        # the references agree however the document is split into files.
        for ref in query(doc.blocks, FootnoteRef):
            if ref.label in self.footnotes and ref.label not in self.note_numbers:
                self.note_numbers[ref.label] = len(self.note_numbers) + 1

    # ----------------------------------------------------------- helpers

    @staticmethod
    def _assign_heading_ids(doc: Document) -> dict[int, str]:
        heads = query(doc.blocks, Heading)
        taken = unique_ids([plain_text(h.children) for h in heads])
        return {id(h): (h.id or taken[i]) for i, h in enumerate(heads)}

    def heading_id(self, node: Heading) -> str:
        return self._heading_ids.get(id(node)) or node.id or "h"

    def inlines(self, nodes: tuple[Inline, ...]) -> str:
        return "".join(self.visit(n) for n in nodes)

    def blocks(self, nodes: tuple[Block, ...]) -> str:
        return "".join(self.visit(n) for n in nodes)

    def note_id(self, label: str) -> str:
        return f"fn-{self.note_numbers.get(label, 0)}"

    def note_href(self, label: str) -> str:
        """Where a note reference points; EPUB overrides to cross files."""
        return "#" + self.note_id(label)

    def ref_href(self, label: str) -> str:
        return "#" + f"fnref-{self.note_numbers.get(label, 0)}"

    def lang_attrs(self, lang: str | None, dir_: str | None = None) -> str:
        out = ""
        if lang:
            out += f' lang="{attr(lang)}" xml:lang="{attr(lang)}"'
        if dir_:
            out += f' dir="{attr(dir_)}"'
        return out

    # ----------------------------------------------------------- inlines

    def visit_Text(self, node: Text) -> str:
        return text(node.text)

    def visit_SoftBreak(self, node: SoftBreak) -> str:
        # CJK scripts do not put spaces between words; a line end in the
        # source is not a word break there.
        return "" if self.lang.split("-")[0] in {"ja", "zh"} else "\n"

    def visit_LineBreak(self, node: LineBreak) -> str:
        return "<br/>"

    def visit_Emph(self, node: Emph) -> str:
        return f"<em>{self.inlines(node.children)}</em>"

    def visit_Strong(self, node: Strong) -> str:
        return f"<strong>{self.inlines(node.children)}</strong>"

    def visit_Strike(self, node: Strike) -> str:
        return f"<del>{self.inlines(node.children)}</del>"

    def visit_Mark(self, node: Mark) -> str:
        return f'<mark class="pq-source">{self.inlines(node.children)}</mark>'

    def visit_Sub(self, node: Sub) -> str:
        return f"<sub>{self.inlines(node.children)}</sub>"

    def visit_Sup(self, node: Sup) -> str:
        return f"<sup>{self.inlines(node.children)}</sup>"

    def visit_Code(self, node: Code) -> str:
        # Code is left-to-right whatever the text around it.
        return f'<code dir="ltr">{text(node.text)}</code>'

    def visit_Link(self, node: Link) -> str:
        title = f' title="{attr(node.title)}"' if node.title else ""
        return f'<a href="{attr(self.link_href(node.url))}"{title}>{self.inlines(node.children)}</a>'

    def link_href(self, url: str) -> str:
        if url.startswith("#"):
            return url
        return url

    def image_src(self, node: Image) -> str | None:
        mapper = self.options.image_src
        return mapper(node) if mapper else node.src

    def visit_Image(self, node: Image) -> str:
        src = self.image_src(node)
        if src is None:
            # Unavailable image: keep its alt text, visibly, in its place.
            return f'<span class="missing-image">{text(node.alt)}</span>' if node.alt else ""
        title = f' title="{attr(node.title)}"' if node.title else ""
        return f'<img src="{attr(src)}" alt="{attr(node.alt)}"{title}/>'

    def visit_FootnoteRef(self, node: FootnoteRef) -> str:
        number = self.note_numbers.get(node.label)
        if number is None:
            return text(f"[^{node.label}]")
        if self.options.footnotes == "inline":
            body = self.footnotes[node.label]
            inner = self._inline_note_body(body)
            return f'<span class="footnote" id="{self.note_id(node.label)}">{inner}</span>'
        ref_id = f"fnref-{number}"
        epub = ' epub:type="noteref" role="doc-noteref"' if self.options.epub else ""
        back = "" if ref_id in self.ref_ids.values() else f' id="{ref_id}"'
        self.ref_ids.setdefault(node.label, ref_id)
        return f'<a class="noteref" href="{attr(self.note_href(node.label))}"{back}{epub}><sup>{number}</sup></a>'

    def _inline_note_body(self, note: FootnoteDef) -> str:
        parts = []
        for block in note.children:
            if isinstance(block, Paragraph):
                parts.append(self.inlines(block.children))
            else:
                parts.append(text(plain_text(block)))
        return " ".join(parts)

    def visit_MathInline(self, node: MathInline) -> str:
        return f'<span class="math">{text(node.text)}</span>'

    def visit_Span(self, node: Span) -> str:
        cls = f' class="{attr(" ".join(node.classes))}"' if node.classes else ""
        # A run in another language or direction is isolated so it cannot
        # reorder the text around it.
        tag = "bdi" if node.dir or node.lang and node.lang != self.lang else "span"
        return f"<{tag}{cls}{self.lang_attrs(node.lang, node.dir)}>{self.inlines(node.children)}</{tag}>"

    def visit_RawInline(self, node: RawInline) -> str:
        return ""

    # ------------------------------------------------------------ blocks

    def visit_Paragraph(self, node: Paragraph) -> str:
        return f"<p>{self.inlines(node.children)}</p>\n"

    def visit_Heading(self, node: Heading) -> str:
        level = min(max(node.level, 1), 6)
        return f'<h{level} id="{attr(self.heading_id(node))}">{self.inlines(node.children)}</h{level}>\n'

    def visit_BlockQuote(self, node: BlockQuote) -> str:
        body = self.blocks(node.children)
        if node.attribution:
            return (
                f'<figure class="quotation"><blockquote>{body}</blockquote>'
                f"<figcaption>— {self.inlines(node.attribution)}</figcaption></figure>\n"
            )
        return f"<blockquote>{body}</blockquote>\n"

    def visit_PullQuote(self, node: PullQuote) -> str:
        attrs = f'class="pullquote pq-{attr(node.origin)}"'
        if self.options.epub:
            attrs += ' epub:type="pullquote"'
        if node.duplicate:
            # The words are in the body already: do not read them twice.
            attrs += ' aria-hidden="true"'
        cite = f"<p class=\"pq-attribution\">— {self.inlines(node.attribution)}</p>" if node.attribution else ""
        return f"<aside {attrs}><p>{self.inlines(node.children)}</p>{cite}</aside>\n"

    def visit_BulletList(self, node: BulletList) -> str:
        items = "".join(self.visit(i) for i in node.children)
        cls = ' class="tasks"' if any(i.checked is not None for i in node.children) else ""
        return f"<ul{cls}>{items}</ul>\n"

    def visit_OrderedList(self, node: OrderedList) -> str:
        start = f' start="{node.start}"' if node.start != 1 else ""
        return f"<ol{start}>{''.join(self.visit(i) for i in node.children)}</ol>\n"

    def visit_ListItem(self, node: ListItem) -> str:
        box = ""
        if node.checked is not None:
            box = '<span class="task">' + ("☑" if node.checked else "☐") + "</span> "
        if len(node.children) == 1 and isinstance(node.children[0], Paragraph):
            return f"<li>{box}{self.inlines(node.children[0].children)}</li>"
        return f"<li>{box}{self.blocks(node.children)}</li>"

    def visit_CodeBlock(self, node: CodeBlock) -> str:
        lang = f' data-lang="{attr(node.language)}"' if node.language else ""
        body = self.highlight(node) if self.options.highlight else text(node.text)
        return f'<pre class="code"{lang} dir="ltr"><code>{body}</code></pre>\n'

    def highlight(self, node: CodeBlock) -> str:
        from .highlight import highlight_html

        return highlight_html(node.text, node.language)

    def visit_Figure(self, node: Figure) -> str:
        caption = f"<figcaption>{self.inlines(node.caption)}</figcaption>" if node.caption else ""
        return f"<figure>{self.visit(node.image)}{caption}</figure>\n"

    def visit_Table(self, node: Table) -> str:
        caption = f"<caption>{self.inlines(node.caption)}</caption>" if node.caption else ""
        head = f"<thead>{''.join(self.visit(r) for r in node.head)}</thead>" if node.head else ""
        body = f"<tbody>{''.join(self.visit(r) for r in node.children)}</tbody>" if node.children else ""
        return f"<table>{caption}{head}{body}</table>\n"

    def visit_TableRow(self, node: TableRow) -> str:
        return f"<tr>{''.join(self.visit(c) for c in node.children)}</tr>"

    def visit_TableCell(self, node: TableCell) -> str:
        tag = "th" if node.header else "td"
        style = f' style="text-align: {attr(node.align)}"' if node.align in {"left", "right", "center"} else ""
        return f"<{tag}{style}>{self.inlines(node.children)}</{tag}>"

    def visit_DefinitionList(self, node: DefinitionList) -> str:
        return f"<dl>{''.join(self.visit(i) for i in node.children)}</dl>\n"

    def visit_DefinitionItem(self, node: DefinitionItem) -> str:
        return f"<dt>{self.inlines(node.term)}</dt><dd>{self.blocks(node.children)}</dd>"

    def visit_FootnoteDef(self, node: FootnoteDef) -> str:
        # Definitions are written by ``endnotes()``, not where they stand.
        return ""

    def visit_ThematicBreak(self, node: ThematicBreak) -> str:
        return '<hr class="break"/>\n'

    def visit_MathBlock(self, node: MathBlock) -> str:
        return f'<div class="math display">{text(node.text)}</div>\n'

    def visit_RawBlock(self, node: RawBlock) -> str:
        return ""

    def visit_Div(self, node: Div) -> str:
        cls = f' class="{attr(" ".join(node.classes))}"' if node.classes else ""
        return f"<div{cls}{self.lang_attrs(node.lang, node.dir)}>{self.blocks(node.children)}</div>\n"

    def visit_DeckDirective(self, node: DeckDirective) -> str:
        return ""

    # --------------------------------------------------------- endnotes

    def endnotes(self, labels: list[str] | None = None) -> str:
        """The notes section: every referenced note, numbered, each with a
        link back to where it was referenced."""
        if labels is None:
            labels = list(self.note_numbers)
        if not labels:
            return ""
        items = []
        for label in labels:
            note = self.footnotes[label]
            n = self.note_numbers[label]
            epub = ' epub:type="footnote" role="doc-footnote"' if self.options.epub else ""
            back = f' <a class="backref" href="{attr(self.ref_href(label))}" role="doc-backlink">↩</a>'
            body = self.blocks(note.children) or "<p></p>"
            # Put the back link inside the last paragraph when there is one.
            if body.endswith("</p>\n"):
                body = body[: -len("</p>\n")] + back + "</p>\n"
            else:
                body += f"<p>{back}</p>"
            items.append(
                f'<aside class="footnote" id="{self.note_id(label)}"{epub}>'
                f'<span class="note-number">{n}.</span> {body}</aside>\n'
            )
        epub_sec = ' epub:type="endnotes" role="doc-endnotes"' if self.options.epub else ""
        return f'<section class="footnotes"{epub_sec}><hr/>{"".join(items)}</section>\n'


def node_html(node: Node, doc: Document | None = None) -> str:
    """Convenience for tests: one node as XHTML."""
    writer = XhtmlWriter(doc or Document())
    return str(writer.visit(node))
