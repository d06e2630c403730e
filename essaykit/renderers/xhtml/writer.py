"""The shared XHTML writer: one visitor that PDF and EPUB both build on.

It writes well-formed XHTML5 (every attribute escaped, every element closed,
characters XML forbids dropped), because EPUB requires it and WeasyPrint is
happy with it. The two targets differ only in details they configure (how
footnotes are placed, whether pull quotes carry ``epub:type``), or override in
a subclass (``note_href``, ``ref_href``, ``link_href``, ``image_src``).

It also keeps the output *valid* whatever the model holds, because hypothesis
and JSON from other tools can build trees no reader would: a link inside a
link, a list item outside a list, a ``lang`` that is not a language tag. Each
is written as the nearest valid markup rather than passed through.

Escaping lives in :mod:`essaykit.renderers.xhtml.escape` and the pass that numbers notes and
gives headings ids in :mod:`essaykit.renderers.xhtml.scan`; their names are importable from here
too, as before.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from essaykit.bidi import differing
from essaykit.labels import callout_label
from essaykit.lang import direction, normalize_tag
from essaykit.model import (
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

from ..base import Visitor
from .escape import _NOT_XML as _NOT_XML  # tests compare xml_safe with it
from .escape import LINK_SCHEMES, attr, safe_url, text, url_scheme, xml_safe
from .scan import (
    NOTE_PREFIX,
    REF_PREFIX,
    Scan,
    child_fields,
    heading_ids,
    plan_notes,
    scan,
)

__all__ = [
    "HtmlOptions",
    "XhtmlWriter",
    "node_html",
    # from .html_escape
    "LINK_SCHEMES",
    "attr",
    "safe_url",
    "text",
    "url_scheme",
    "xml_safe",
    # from .html_scan
    "NOTE_PREFIX",
    "REF_PREFIX",
    "Scan",
    "child_fields",
    "heading_ids",
    "plan_notes",
    "scan",
]


#: Class names written as they are (others would not survive CSS selectors).
_CLASS_NAME = re.compile(r"^[A-Za-z_][\w-]*$")
#: A width the writer puts in a style attribute: a number and a CSS unit.
_WIDTH = re.compile(r"^\d{1,5}(?:\.\d{1,4})?(?:%|px|in|cm|mm|pt|em|rem|pc)$")


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
    #: Maps an image node to what the output should reference (EPUB stores
    #: images inside the book); None leaves ``src`` as written. Returning None
    #: means "unavailable": the alt text is written instead.
    image_src: Any = None
    #: Number notes afresh in each group (one per chapter file in a book).
    notes_restart: bool = False
    #: The words that say an image is missing, set above its alt text in a
    #: framed placeholder (PDF); None writes the alt text alone (EPUB).
    missing_label: str | None = None
    #: ``warn(message, line)`` for what the reader of the output should know
    #: (a formula shown as TeX); None says nothing.
    warn: Any = None


class XhtmlWriter(Visitor):
    """``XhtmlWriter(doc, options).blocks(doc.blocks)`` → an XHTML fragment."""

    def __init__(self, doc: Document, options: HtmlOptions | None = None,
                 groups: Sequence[tuple[Block, ...]] | None = None):
        self.doc = doc
        self.options = options or HtmlOptions()
        self.lang = normalize_tag(doc.meta.language) or "en"
        #: The document's direction; a paragraph whose own text reads the
        #: other way is marked (:mod:`essaykit.bidi`).
        self.direction = direction(self.lang)
        #: ``groups``: the blocks of each output file, when a subclass
        #: splits the document (EPUB); notes live in the file that first
        #: refers to them.
        self.scan = scan(groups or [doc.blocks])
        self.footnotes: dict[str, FootnoteDef] = self.scan.footnotes
        self._heading_ids = heading_ids([h for h, _ in self.scan.headings])
        #: Footnote labels numbered in the order they are first referenced,
        #: and the group each lives in.
        self.note_numbers, self.note_home = plan_notes(self.scan, restart=self.options.notes_restart)
        #: Where each note is referenced from, so notes can link back.
        self.ref_ids: dict[str, str] = {}
        self._link_depth = 0
        #: Notes being written inline (footnotes="inline"), against cycles.
        self._notes_open: set[str] = set()
        #: ``visit_<Type>`` per node class, found once (a book makes tens of
        #: thousands of visits).
        self._visitors: dict[type, Any] = {}
        #: The nearest source line seen: inline nodes often carry none, and a
        #: warning should still point at the paragraph.
        self.last_line: int | None = None
        self._warned_once: set[tuple[str, int | None]] = set()

    def visit(self, node: Node) -> Any:
        if node.line is not None:
            self.last_line = node.line
        method = self._visitors.get(type(node))
        if method is None:
            method = getattr(self, "visit_" + type(node).__name__, None)
            if method is None:
                return super().visit(node)  # says which method is missing
            self._visitors[type(node)] = method
        return method(node)

    # ----------------------------------------------------------- helpers

    def heading_id(self, node: Heading) -> str:
        return self._heading_ids.get(id(node)) or "h"

    @property
    def heading_id_map(self) -> dict[int, str]:
        return self._heading_ids

    def inlines(self, nodes: tuple[Inline, ...]) -> str:
        return "".join([self.visit(n) for n in nodes])

    def blocks(self, nodes: tuple[Block, ...]) -> str:
        return "".join([self.visit(n) for n in nodes])

    def note_id(self, label: str) -> str:
        return f"{NOTE_PREFIX}{self.note_numbers.get(label, 0)}"

    def note_href(self, label: str) -> str:
        """Where a note reference points; EPUB overrides to cross files."""
        return "#" + self.note_id(label)

    def ref_href(self, label: str) -> str:
        return f"#{REF_PREFIX}{self.note_numbers.get(label, 0)}"

    def dir_attr(self, inlines: tuple[Inline, ...]) -> str:
        """`` dir="ltr"`` (or rtl) for a paragraph of ``inlines`` whose first
        strong letter reads against the document, else nothing."""
        found = differing(inlines, self.direction)
        return f' dir="{found}"' if found else ""

    def lang_attrs(self, lang: str | None, dir_: str | None = None) -> str:
        out = ""
        tag = normalize_tag(lang) if lang else None
        if tag:
            out += f' lang="{attr(tag)}" xml:lang="{attr(tag)}"'
        if dir_ in {"ltr", "rtl", "auto"}:
            out += f' dir="{dir_}"'
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
        href = self.link_href(node.url)
        if self._link_depth or href is None:
            # A link inside a link is invalid HTML, and a link to nowhere is
            # an error in an ebook: keep the words, drop the link.
            return f'<span class="link">{self.inlines(node.children)}</span>'
        title = f' title="{attr(node.title)}"' if node.title else ""
        self._link_depth += 1
        try:
            body = self.inlines(node.children)
        finally:
            self._link_depth -= 1
        return f'<a href="{attr(href)}"{title}>{body}</a>'

    def link_href(self, url: str) -> str | None:
        """What a link points to in the output, or None to write no link."""
        url = url.strip()
        if not url or url == "#":
            return None
        if url.startswith("#"):
            return "#" + re.sub(r"\s", "", xml_safe(url[1:]))
        scheme = url_scheme(url)
        if scheme in {"javascript", "vbscript", "data"}:
            return None
        return safe_url(url)

    def image_src(self, node: Image) -> str | None:
        mapper = self.options.image_src
        return mapper(node) if mapper else safe_url(node.src)

    def visit_Image(self, node: Image) -> str:
        return self._image(node, self.image_src(node))

    def _image(self, node: Image, src: str | None) -> str:
        if src is None:
            # Unavailable image: keep its alt text, visibly, in its place.
            label = self.options.missing_label
            if label:
                note = f"[{text(label)}{': ' + text(node.alt) if node.alt else ''}]"
                return f'<span class="missing-image">{note}</span>'
            return f'<span class="missing-image">{text(node.alt)}</span>' if node.alt else ""
        title = f' title="{attr(node.title)}"' if node.title else ""
        width = node.width and _WIDTH.match(node.width)
        style = f' style="width: {attr(node.width or "")}"' if width else ""
        return f'<img src="{attr(src)}" alt="{attr(node.alt)}"{title}{style}/>'

    def visit_FootnoteRef(self, node: FootnoteRef) -> str:
        number = self.note_numbers.get(node.label)
        if number is None:
            return text(f"[^{node.label}]")
        if self.options.footnotes == "inline":
            if node.label in self._notes_open:
                # A note that cites itself (or a note citing it): its number,
                # not the note again inside itself (that never ends).
                return f'<sup class="noteref">{number}</sup>'
            self._notes_open.add(node.label)
            try:
                inner = self._inline_note_body(self.footnotes[node.label])
            finally:
                self._notes_open.discard(node.label)
            return f'<span class="footnote" id="{self.note_id(node.label)}">{inner}</span>'
        ref_id = f"{REF_PREFIX}{number}"
        back = "" if node.label in self.ref_ids else f' id="{ref_id}"'
        self.ref_ids.setdefault(node.label, ref_id)
        if self._link_depth:
            # Already inside a link: a second <a> is not allowed here.
            return f'<sup class="noteref"{back}>{number}</sup>'
        epub = ' epub:type="noteref" role="doc-noteref"' if self.options.epub else ""
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
        out = self.math(node.text, display=False)
        return out if out is not None else self.math_fallback(node.text, display=False)

    def math(self, tex: str, display: bool) -> str | None:
        """Maths as the output shows it (MathML, a picture), or None for the
        fallback; display maths whole, with its block around it."""
        return None

    def math_fallback(self, tex: str, display: bool) -> str:
        """The TeX in code style, with one warning that names the line."""
        from essaykit.transform.maths import as_written, problem, too_long

        reason = problem(xml_safe(tex)) or too_long(xml_safe(tex)) or "it could not be drawn"
        tex = as_written(tex)
        short = " ".join(tex.split())
        short = short if len(short) <= 40 else short[:39] + "…"
        self.warn(f"maths ${short}$: {reason}; shown as TeX")
        return self.math_as_code(tex, display)

    def math_as_code(self, tex: str, display: bool) -> str:
        """The TeX as the author wrote it, in code style (no warning)."""
        from essaykit.transform.maths import as_written

        shown = text(self.breakable_text(as_written(tex)))
        if display:
            return f'<pre class="math-tex display" dir="ltr"><code>{shown}</code></pre>\n'
        return f'<code class="math-tex" dir="ltr">{shown}</code>'

    def breakable_text(self, value: str) -> str:
        """``value`` as this output breaks it: as it is (the PDF puts zero-width
        spaces into long runs, which its layout breaks in quadratic time)."""
        return value

    def warn(self, message: str) -> None:
        """``options.warn`` once per message and line."""
        key = (message, self.last_line)
        if self.options.warn is not None and key not in self._warned_once:
            self._warned_once.add(key)
            self.options.warn(message, self.last_line)

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
        return f"<p{self.dir_attr(node.children)}>{self.inlines(node.children)}</p>\n"

    def visit_Heading(self, node: Heading) -> str:
        return self.heading_html(node, node.level)

    def heading_html(self, node: Heading, level: int) -> str:
        """``<hN>`` for ``node`` at ``level``, with its id and the author's
        classes (``unlisted``: the PDF leaves it out of its outline)."""
        level = min(max(level, 1), 6)
        names = " ".join(c for c in node.classes if _CLASS_NAME.match(c))
        cls = f' class="{attr(names)}"' if names else ""
        return (f'<h{level} id="{attr(self.heading_id(node))}"{cls}{self.dir_attr(node.children)}>'
                f"{self.inlines(node.children)}</h{level}>\n")

    def visit_BlockQuote(self, node: BlockQuote) -> str:
        body = self.blocks(node.children)
        if node.attribution:
            return (
                f'<figure class="quotation"><blockquote>{body}</blockquote>'
                f"<figcaption>— {self.inlines(node.attribution)}</figcaption></figure>\n"
            )
        return f"<blockquote>{body}</blockquote>\n"

    def visit_PullQuote(self, node: PullQuote) -> str:
        origin = re.sub(r"[^a-z0-9-]", "", node.origin.lower()) or "explicit"
        attrs = f'class="pullquote pq-{origin}"'
        if self.options.epub:
            attrs += ' epub:type="pullquote"'
        if node.duplicate:
            # The words are in the body already: do not read them twice.
            attrs += ' aria-hidden="true"'
        cite = f"<p class=\"pq-attribution\">— {self.inlines(node.attribution)}</p>" if node.attribution else ""
        return f"<aside {attrs}><p{self.dir_attr(node.children)}>{self.inlines(node.children)}</p>{cite}</aside>\n"

    def visit_BulletList(self, node: BulletList) -> str:
        items = "".join([self._item(i) for i in node.children])
        cls = ' class="tasks"' if any(getattr(i, "checked", None) is not None for i in node.children) else ""
        return f"<ul{cls}>{items}</ul>\n"

    def visit_OrderedList(self, node: OrderedList) -> str:
        start = f' start="{int(node.start)}"' if node.start != 1 else ""
        return f"<ol{start}>{''.join([self._item(i) for i in node.children])}</ol>\n"

    def visit_ListItem(self, node: ListItem) -> str:
        # Only reached for an item standing outside a list: give it one.
        return f"<ul>{self._item(node)}</ul>\n"

    def _item(self, node: Node) -> str:
        if not isinstance(node, ListItem):
            return f"<li>{self.visit(node)}</li>"
        box = ""
        if node.checked is not None:
            box = '<span class="task">' + ("☑" if node.checked else "☐") + "</span> "
        if len(node.children) == 1 and isinstance(node.children[0], Paragraph):
            inlines = node.children[0].children
            return f"<li{self.dir_attr(inlines)}>{box}{self.inlines(inlines)}</li>"
        if box and isinstance(node.children[0], Paragraph):
            # The box on its item's first line, not a line of its own above it.
            first = self.blocks(node.children[:1])
            at = first.find(">") + 1 if first.startswith("<p") else 0
            return f"<li>{first[:at]}{box}{first[at:]}{self.blocks(node.children[1:])}</li>"
        return f"<li>{box}{self.blocks(node.children)}</li>"

    def visit_CodeBlock(self, node: CodeBlock) -> str:
        lang = f' data-lang="{attr(node.language)}"' if node.language else ""
        body = self.highlight(node) if self.options.highlight else text(node.text)
        return f'<pre class="code"{lang} dir="ltr"><code>{body}</code></pre>\n'

    def highlight(self, node: CodeBlock) -> str:
        from .highlight import highlight_html

        return highlight_html(xml_safe(node.text), node.language)

    def visit_Figure(self, node: Figure) -> str:
        if node.line is not None:
            self.last_line = node.line
        src = self.image_src(node.image)
        caption = f"<figcaption>{self.inlines(node.caption)}</figcaption>" if node.caption else ""
        if src is None:
            return self._missing_figure(node, caption)
        return f"<figure>{self._image(node.image, src)}{caption}</figure>\n"

    def _missing_figure(self, node: Figure, caption: str) -> str:
        """A figure whose image is unavailable: its alt text once (not again
        when the caption says the same), under the words that it is missing
        where the output has them."""
        alt = " ".join(node.image.alt.split())
        same = alt == " ".join(plain_text(node.caption).split())
        label = self.options.missing_label
        if not label:
            body = "" if same or not alt else f'<span class="missing-image">{text(alt)}</span>'
            return f'<figure class="missing">{body}{caption}</figure>\n'
        note = f'<span class="missing-note">{text(label)}</span>'
        body = "" if same or not alt else f'<span class="missing-image">{text(alt)}</span>'
        return f'<figure class="missing">{note}{body}{caption}</figure>\n'

    def visit_Table(self, node: Table) -> str:
        caption = f"<caption>{self.inlines(node.caption)}</caption>" if node.caption else ""
        head = f"<thead>{''.join([self._row(r) for r in node.head])}</thead>" if node.head else ""
        body = f"<tbody>{''.join([self._row(r) for r in node.children])}</tbody>" if node.children else ""
        return f"<table>{caption}{head}{body}</table>\n"

    def _row(self, node: TableRow) -> str:
        return f"<tr>{''.join([self._cell(c) for c in node.children])}</tr>"

    def _cell(self, node: TableCell) -> str:
        tag = "th" if node.header else "td"
        style = f' style="text-align: {node.align}"' if node.align in {"left", "right", "center"} else ""
        return f"<{tag}{style}>{self.inlines(node.children)}</{tag}>"

    def visit_TableRow(self, node: TableRow) -> str:
        # A row outside a table (only from hand-built models) gets one.
        return f"<table><tbody>{self._row(node)}</tbody></table>\n"

    def visit_TableCell(self, node: TableCell) -> str:
        return f"<table><tbody><tr>{self._cell(node)}</tr></tbody></table>\n"

    def visit_DefinitionList(self, node: DefinitionList) -> str:
        return f"<dl>{''.join([self._definition(i) for i in node.children])}</dl>\n"

    def _definition(self, node: DefinitionItem) -> str:
        return f"<dt>{self.inlines(node.term)}</dt><dd>{self.blocks(node.children)}</dd>"

    def visit_DefinitionItem(self, node: DefinitionItem) -> str:
        return f"<dl>{self._definition(node)}</dl>\n"

    def visit_FootnoteDef(self, node: FootnoteDef) -> str:
        # Definitions are written by ``endnotes()``, not where they stand.
        return ""

    def visit_ThematicBreak(self, node: ThematicBreak) -> str:
        return '<hr class="break"/>\n'

    def visit_MathBlock(self, node: MathBlock) -> str:
        out = self.math(node.text, display=True)
        return out if out is not None else self.math_fallback(node.text, display=True)

    def visit_RawBlock(self, node: RawBlock) -> str:
        return ""

    def visit_Div(self, node: Div) -> str:
        kind = node.callout
        if kind is not None:
            return self.callout(node, kind)
        cls = f' class="{attr(" ".join(node.classes))}"' if node.classes else ""
        if self.options.epub and "abstract" in node.classes:  # not a call-out (above)
            cls += ' epub:type="abstract" role="doc-abstract"'
        return f"<div{cls}{self.lang_attrs(node.lang, node.dir)}>{self.blocks(node.children)}</div>\n"

    def callout(self, node: Div, kind: str) -> str:
        """A labelled box: the author's title, else the kind's name (:mod:`essaykit.labels`)."""
        own = bool(node.title)  # the author's words: not set in capitals like a kind's name
        title = self.inlines(node.title) if own else text(callout_label(kind, node.lang or self.lang))
        cls = attr(" ".join(("callout", *node.classes)))
        return (f'<div class="{cls}" role="note"{self.lang_attrs(node.lang, node.dir)}>'
                f'<p class="callout-title{" own" if own else ""}">{title}</p>\n'
                f'{self.blocks(node.children)}</div>\n')

    def visit_DeckDirective(self, node: DeckDirective) -> str:
        return ""

    # --------------------------------------------------------- endnotes

    def endnotes(self, labels: list[str] | None = None) -> str:
        """The notes section: every referenced note, numbered, each with a
        link back to where it was (first) referenced."""
        if labels is None:
            labels = list(self.note_numbers)
        if not labels:
            return ""
        items = []
        for label in labels:
            note = self.footnotes[label]
            n = self.note_numbers[label]
            epub = ' epub:type="footnote" role="doc-footnote"' if self.options.epub else ""
            body = self.blocks(note.children) or "<p></p>\n"
            back = f' <a class="backref" href="{attr(self.ref_href(label))}" role="doc-backlink">↩</a>'
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
