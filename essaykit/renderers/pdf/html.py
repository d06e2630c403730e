"""The XHTML WeasyPrint lays out: the shared writer's body plus page furniture.

The shared :class:`XhtmlWriter` writes the essay's blocks; this module adds
what only a printed page has: ``<meta>`` tags WeasyPrint turns into PDF
metadata, a title block (or a title page and a table of contents for long
documents), and markers the print CSS hangs running heads on.
"""

from __future__ import annotations

import datetime as _dt
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from essaykit.dates import shown_date
from essaykit.lang import primary
from essaykit.model import (
    Code,
    CodeBlock,
    Div,
    Document,
    FootnoteRef,
    Heading,
    Inline,
    LineBreak,
    Link,
    OrderedList,
    SoftBreak,
    Table,
    TableRow,
    Text,
    plain_text,
)
from essaykit.model.outline import sections
from essaykit.transform.maths import DrawBudget

from ..xhtml.escape import LINK_SCHEMES, url_scheme
from ..xhtml.writer import HtmlOptions, XhtmlWriter, attr, text, xml_safe
from . import tables
from .book import book_html, contents_label
from .parts import HtmlParts

#: A reference inside a footnote shows the number of the note it cites,
#: which follows it: the footnote counter just after that note
#: (:meth:`PdfWriter.visit_FootnoteRef`); such a note has no call of its own.
NESTED_NOTES_CSS = """
.footnote[data-cited]::footnote-call { content: none; }
sup.noteref[data-note]::after { content: target-counter(attr(data-note url), footnote); }
"""

#: Sections above which an essay becomes a "book": title page and contents.
BOOK_SECTIONS = 6
#: ... when it is this long too (characters of text: about eight pages). A
#: three-page talk of ten short sections got four pages before its text
#: (title, blank verso, contents, blank verso).
BOOK_MIN_CHARS = 8 * 1900

def format_date(date: _dt.date, lang: str) -> str:
    """A date as a reader of ``lang`` writes it; ISO where we do not know."""
    p = primary(lang)
    if p in {"ja", "zh"}:
        return f"{date.year}年{date.month}月{date.day}日"
    if p == "en":
        return f"{date.day} {date.strftime('%B')} {date.year}"
    return date.isoformat()


#: Said in the frame of an image that could not be included.
MISSING_IMAGE = {
    "en": "Image missing", "fr": "Image manquante", "de": "Bild fehlt", "es": "Imagen no disponible",
    "it": "Immagine mancante", "pt": "Imagem em falta", "nl": "Afbeelding ontbreekt",
    "ru": "Изображение отсутствует", "uk": "Зображення відсутнє", "ja": "画像がありません",
    "zh": "图片缺失", "ko": "이미지 없음", "ar": "الصورة غير متوفرة", "fa": "تصویر در دسترس نیست",
    "he": "התמונה חסרה",
}


def missing_image_label(lang: str) -> str:
    return MISSING_IMAGE.get(primary(lang), MISSING_IMAGE["en"])


#: A run of 257 or more characters with no space, in a script whose words
#: end only at spaces: garbage, a very long URL or a word of a hostile post.
#: (Thai, Lao, Khmer, Myanmar and CJK break between words without spaces,
#: by Pango's dictionaries: left as they are.)
_LONG_RUN = re.compile("[^\\s\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff\u2e80-\u9fff\uac00-\ud7af"
                       "\uf900-\ufaff\uff00-\uffef\u200b]{257,}")
#: More combining marks on one letter than any script stacks (a "letter"
#: with 100,000 marks is one cluster Pango cannot break).
_MARK_PILE = re.compile("[\u0300-\u036f\u0483-\u0489\u0591-\u05c7\u0610-\u061a\u064b-\u065f"
                        "\u0900-\u0903\u093a-\u094f\u0951-\u0957\u0981-\u0983\u09bc-\u09d7"
                        "\u0b82-\u0bcd\u0e31-\u0e3a\u0e47-\u0e4e\u1ab0-\u1aff\u1dc0-\u1dff"
                        "\u20d0-\u20ff\ufe20-\ufe2f]{33,}")
_ZWSP = "\u200b"


def breakable(value: str) -> str:
    """``value`` with a zero-width space every 16 characters of a run of
    :data:`_LONG_RUN` or :data:`_MARK_PILE`. Why: WeasyPrint finds where a
    line breaks by laying out a little of the text, and all of what is left
    when that little has no break opportunity; a 20,000-character word was
    shaped again for each of its 600 lines (67 s for two such headings; a
    32,000-character Devanagari word 13 s, 100,000 marks on one Thai letter
    over 90 s). Such a run is broken anywhere anyway (``overflow-wrap``);
    words of any real length, and Thai and CJK prose, are left as they are."""
    if len(value) <= 32:
        return value
    if len(value) > 256 and _LONG_RUN.search(value) is not None:
        value = _LONG_RUN.sub(lambda m: _ZWSP.join(m[0][i:i + 16] for i in range(0, len(m[0]), 16)), value)
    if _MARK_PILE.search(value) is not None:
        value = _MARK_PILE.sub(lambda m: _ZWSP.join(m[0][i:i + 16] for i in range(0, len(m[0]), 16)), value)
    return value


#: Characters of a running head: a longer title or heading is cut with an
#: ellipsis there. Why: a margin box is measured for its narrowest width,
#: line by line, each time over all the text left (quadratic: a 4,000-
#: character heading cost 12 s of running heads).
RUNNING_MAX = 80
#: How a long heading's running head is set (its ``data-running``).
RUNNING_CSS = "[data-running] { string-set: section attr(data-running) !important; }"


def running_head(value: str) -> str:
    value = " ".join(value.split())
    return value if len(value) <= RUNNING_MAX else value[:RUNNING_MAX - 1].rstrip() + "…"


#: Link words that are an address (``a.url``: not hyphenated).
_SHOWS_ADDRESS = re.compile(r"(?:https?://|www\.|mailto:)\S+$|[^\s@]+@[^\s@]+\.\w+$")

#: Inline elements nested in one another (real text: five or so), and in a
#: row with no space between them (real text: two or three).
MAX_INLINE_DEPTH = 32
GLUED_MAX = 16


class PdfWriter(XhtmlWriter):
    """The shared writer with notes placed inline for ``float: footnote``,
    and maths drawn as pictures (WeasyPrint cannot draw MathML): an SVG
    stored by ``picture_src(name, svg)``, set on the baseline of its line."""

    def __init__(self, doc: Document, image_src: Callable[..., str | None] | None = None,
                 picture_src: Callable[[str, str], str] | None = None,
                 math_color: str = "#000000", warn: Callable[[str, int | None], None] | None = None):
        super().__init__(doc, HtmlOptions(footnotes="inline", epub=False, image_src=image_src,
                                          warn=warn,
                                          missing_label=missing_image_label(doc.meta.language)))
        self.picture_src = picture_src
        self.math_color = math_color
        #: Levels the headings move up, so that the document's top level is a
        #: section (``h2``) whatever the source wrote: the print CSS styles
        #: headings by rank (set by the builder; a book's divisions keep theirs).
        self.heading_shift = 0
        #: The text block's width in a table's ems (set by the builder), for
        #: the column widths of long tables.
        self.table_ems = 38.0
        #: Columns of code that fit a line for sure (set by the builder; 0:
        #: any line may wrap), and lines of code left to highlight.
        self.code_fits = 0
        self._highlight_left = HIGHLIGHT_LINES
        self._inline_depth = 0
        #: ``ctx.warn`` (with a kind), for links kept as text.
        self.link_warn: Callable[[str, int | None, str], None] | None = None
        self._links_said: set[str] = set()
        #: Table cells the PDF may still lay out (:data:`.tables.MAX_DOCUMENT_CELLS`).
        self._cells_left = tables.MAX_DOCUMENT_CELLS
        self._pictures: dict[tuple[str, bool], str] = {}
        #: How many formulas are still drawn (:class:`essaykit.transform.maths.DrawBudget`):
        #: the builder warns once for those that are not.
        self.maths_budget = DrawBudget()
        #: While a note cited in the text is written: the notes it cites (and
        #: they cite), to follow it, and each one's anchor (:meth:`visit_FootnoteRef`).
        self._cited: list[tuple[str, str]] | None = None
        self._anchors: dict[str, str] = {}
        self._anchor_count = 0
        self._used: set[str] = set()

    def inlines(self, nodes: tuple[Inline, ...]) -> str:
        """Inline markup nested at most :data:`MAX_INLINE_DEPTH` deep; deeper
        down, the words alone. Why: WeasyPrint lays nested inline boxes out in
        quadratic time (``*_`` 2,000 times around a word took 36 s)."""
        if self._inline_depth >= MAX_INLINE_DEPTH:
            return text(breakable(plain_text(nodes)))
        self._inline_depth += 1
        try:
            if len(nodes) <= GLUED_MAX:
                return super().inlines(nodes)
            return "".join(self._glued(nodes))
        finally:
            self._inline_depth -= 1

    def _glued(self, nodes: tuple[Inline, ...]) -> Iterator[str]:
        """The nodes, with a zero-width space after every
        :data:`GLUED_MAX` elements in a row that no space separates. Why:
        WeasyPrint looks for a break among all the inline boxes of a "word"
        for each box it adds (``*_`` 2,000 times in a row: 36 s)."""
        run = 0
        for node in nodes:
            out = self.visit(node)
            if isinstance(node, (SoftBreak, LineBreak)) or any(c.isspace() for c in plain_text((node,))):
                run = 0
            elif not isinstance(node, Text):
                run += 1
                if run >= GLUED_MAX:
                    out += _ZWSP
                    run = 0
            yield out

    def visit_FootnoteRef(self, node: FootnoteRef) -> str:
        """A note cited in the text, followed by the notes it cites (and they
        cite) as notes of their own, never inside it: each is counted once, in
        the order its ``float: footnote`` box comes. A reference inside a
        note shows that note's number (:data:`NESTED_NOTES_CSS`). Why:
        WeasyPrint numbers a note after the notes inside it (a note citing
        another came out 2, the cited one 1), and a chain of notes each citing
        the next was nested as deep as it went (cut, past 32, to plain text)."""
        if node.label not in self.note_numbers:
            return super().visit_FootnoteRef(node)
        if self.options.footnotes != "inline":  # one element a call: each costs WeasyPrint
            return f'<a class="noteref" href="{attr(self.note_href(node.label))}">{self.note_numbers[node.label]}</a>'
        if self._cited is not None:
            anchor = self._anchors.get(node.label)
            if anchor is None:
                anchor = self._anchors[node.label] = self._new_anchor()
                self._cited.append((node.label, anchor))
            self._used.add(anchor)
            return f'<sup class="noteref" data-note="#{anchor}"></sup>'
        self._cited, self._anchors, self._used = [], {}, set()
        try:
            anchor = self._anchors[node.label] = self._new_anchor()
            notes = [(node.label, anchor, self._note_body(node.label))]
            i = 0
            while i < len(self._cited):  # grows while its notes are written
                label, anchor = self._cited[i]
                i += 1
                notes.append((label, anchor, self._note_body(label)))
            out = []
            for i, (label, anchor, body) in enumerate(notes):
                cited = ' data-cited=""' if i else ""
                out.append(f'<span class="footnote" id="{self.note_id(label)}"{cited}>{body}</span>')
                if anchor in self._used:
                    out.append(f'<span id="{anchor}"></span>')
            return "".join(out)
        finally:
            self._cited = None

    def endnotes(self, labels: list[str] | None = None) -> str:
        """The notes as a section at the end (:mod:`.notes`): a paragraph
        each, with no more elements than the inline notes have (each costs
        WeasyPrint)."""
        items = [f'<p class="endnote" id="{self.note_id(label)}">'
                 f'{self.note_numbers[label]}.\u2002{self._note_body(label)}</p>\n'
                 for label in (self.note_numbers if labels is None else labels)]
        return f'<section class="endnotes"><hr/>{"".join(items)}</section>\n' if items else ""

    def _note_body(self, label: str) -> str:
        return self._inline_note_body(self.footnotes[label])

    def _new_anchor(self) -> str:
        self._anchor_count += 1
        return f"note-end-{self._anchor_count}"

    def visit_Text(self, node: Text) -> str:
        return text(breakable(node.text))

    def visit_Code(self, node: Code) -> str:
        return f'<code dir="ltr">{text(breakable(node.text))}</code>'

    def breakable_text(self, value: str) -> str:
        return breakable(value)

    def visit_Table(self, node: Table) -> str:
        """A long table with fixed column widths, and no more than
        :data:`.tables.MAX_TABLE_CELLS` cells, nor than the document's
        :data:`.tables.MAX_DOCUMENT_CELLS` leave (:mod:`.tables`); others as written."""
        count = tables.cells(node)
        limit = min(tables.MAX_TABLE_CELLS, self._cells_left)
        self._cells_left = max(0, self._cells_left - count)
        if not tables.is_long(node) and count <= limit:
            return super().visit_Table(node)
        whole = node
        node, dropped = tables.capped(node, limit)
        caption = f"<caption>{self.inlines(node.caption)}</caption>" if node.caption else ""
        head = f"<thead>{''.join([self._row(r) for r in node.head])}</thead>" if node.head else ""
        rows = [self._row(r) for r in node.children]
        if dropped:
            shown = len(node.children)
            why = (f"at most {tables.MAX_TABLE_CELLS:,} cells a table" if limit == tables.MAX_TABLE_CELLS
                   else f"at most {tables.MAX_DOCUMENT_CELLS:,} table cells a document")
            self.warn(f"a table of {shown + dropped:,} rows: the PDF sets the first {shown:,} as a table "
                      f"({why}) and the other rows as lines of text; the EPUB has them all as a table")
            rows.append(f'<tr class="rows-left-out"><td colspan="{tables.columns(node)}" style="font-style: italic">'
                        f"{text(tables.left_out_label(self.lang, dropped))}</td></tr>")
        body = f"<tbody>{''.join(rows)}</tbody>" if rows else ""
        cols = tables.colgroup(tables.column_widths(node, self.table_ems))
        rest = self._rows_as_text(whole.children[len(node.children):]) if dropped else ""
        return f'<table style="{tables.FIXED_STYLE}">{caption}{cols}{head}{body}</table>\n{rest}'

    def _rows_as_text(self, rows: tuple[TableRow, ...]) -> str:
        """The rows past the cap as lines of text, cells apart (" · "), a hundred lines to a
        paragraph: every word stays in the PDF at a fraction of a table cell's cost."""
        lines = [" \u00b7 ".join(self.inlines(c.children) for c in row.children) for row in rows]
        paragraphs = ("<br/>".join(lines[i:i + 100]) for i in range(0, len(lines), 100))
        return "".join(f'<p class="table-rest">{p}</p>\n' for p in paragraphs)

    def link_href(self, url: str) -> str | None:
        """A link within the essay or to the web; a link relative to the
        author's website (``other-post.md``, ``/about/``) is kept as text, as
        the EPUB keeps it: WeasyPrint would resolve it against the essay's
        folder into a ``file://`` address, which leads nowhere on a reader's
        machine and names the author's folders."""
        href = super().link_href(url)
        if href is None or href.startswith("#") or url_scheme(href) in LINK_SCHEMES:
            return href
        if self.link_warn is not None and url.strip() not in self._links_said:
            # Worded and kinded as the EPUB's, so that an export of both says it once.
            self._links_said.add(url.strip())
            self.link_warn(f"link {url.strip()!r} is relative to a website, not the book; kept as text",
                           self.last_line, "link")
        return None

    def visit_Link(self, node: Link) -> str:
        html = super().visit_Link(node)
        shown = plain_text(node.children).strip()
        if html.startswith("<a ") and _SHOWS_ADDRESS.match(shown):
            return '<a class="url" ' + html[3:]
        return html

    def visit_OrderedList(self, node: OrderedList) -> str:
        # WeasyPrint ignores ``start``: a list the author began at 3 was
        # numbered from 1. The counter says it (the EPUB keeps ``start``).
        html = super().visit_OrderedList(node)
        if node.start == 1:
            return html
        return html.replace("<ol", f'<ol style="counter-reset: list-item {int(node.start) - 1}"', 1)

    def visit_Heading(self, node: Heading) -> str:
        words = plain_text(node.children)
        if not self.heading_shift and len(words) <= RUNNING_MAX:
            return super().visit_Heading(node)
        html = self.heading_html(node, node.level - self.heading_shift)
        if len(words) > RUNNING_MAX:  # a long heading's running head is cut (:data:`RUNNING_CSS`)
            end = html.index(">")
            html = f'{html[:end]} data-running="{attr(running_head(words))}"{html[end:]}'
        return html

    def visit_CodeBlock(self, node: CodeBlock) -> str:
        """One block per source line, so a long line wraps with a hanging
        indent; soft hyphens mark where it may wrap (after spaces and
        punctuation, never inside a name), drawn as the continuation mark
        the CSS names (``hyphenate-character``) where it does."""
        from ..xhtml.highlight import highlight_lines

        lang = f' data-lang="{attr(node.language)}"' if node.language else ""
        language = node.language if self.options.highlight else None
        count = node.text.count("\n") + 1
        if language and count > self._highlight_left:
            # Past the document's budget, not highlighted (:data:`HIGHLIGHT_LINES`).
            self.warn(f"a code block of {count:,} lines: not highlighted in the PDF (it highlights "
                      f"{HIGHLIGHT_LINES:,} lines of code a document); the EPUB highlights it")
            language = None
        elif language:
            self._highlight_left -= count
        lines = highlight_lines(xml_safe(node.text), language, self.code_fits)
        # Only a line that may wrap carries the continuation marks (a pattern a line in the PDF).
        body = "".join(f'<span class="line{" long" if long else ""}">{_pieces(line)}\n</span>'
                       for line, long in lines)
        return f'<pre class="code"{lang} dir="ltr"><code>{body}</code></pre>\n'

    def math(self, tex: str, display: bool) -> str | None:
        if self.picture_src is None:
            return None
        from essaykit.transform.maths import as_written, picture, too_long, with_words

        if too_long(xml_safe(tex)) is not None:
            return None  # shown as TeX with its own warning, and costs nothing
        if not self.maths_budget.allows(tex, self.last_line):
            return self.math_as_code(tex, display)
        drawn = picture(xml_safe(tex), display, self.math_color)
        if drawn is None:
            return None
        key = (tex, display)
        url = self._pictures.get(key)
        if url is None:
            svg = with_words(drawn.svg, tex, drawn.depth)
            url = self._pictures[key] = self.picture_src(f"math-{len(self._pictures) + 1}.svg", svg)
        style = (f"width: {drawn.width:.3f}em; height: {drawn.height:.3f}em; "
                 f"vertical-align: {-drawn.depth:.3f}em")
        img = f'<img class="formula" src="{attr(url)}" alt="{attr(" ".join(as_written(tex).split()))}" style="{style}"/>'
        return f'<div class="formula display">{img}</div>\n' if display else img


#: Lines of code a document's PDF highlights: a highlighted line's tokens
#: are elements, some 8 ms and 100 KB of WeasyPrint's a line (5,000 lines
#: held 1 GB); a code block that would pass it is set plain.
HIGHLIGHT_LINES = 3000
#: Characters of code text WeasyPrint gets as one box at most (a real
#: line of code is far shorter; a highlighted one is cut by its tokens,
#: but a token, a string say, may be as long as the line).
CODE_PIECE = 2000
#: A tag, or a run of text between tags (a tag is never cut, nor taken as text).
_CODE_RUN = re.compile(r"<[^>]*>|[^<]+")
_ENTITY = re.compile(r"&[#\w]*$")


def _pieces(line: str) -> str:
    """``line`` (XHTML) with each run of text over :data:`CODE_PIECE`
    characters cut into spans, between two letters or digits where there
    are (no break there that there was not before), outside entities. Why:
    WeasyPrint encodes a box's whole remaining text again for each line it
    breaks off, so a 700,000-character line took the square of its length."""
    if len(line) <= CODE_PIECE:
        return line

    def cut(m: re.Match[str]) -> str:
        run, out, start = m.group(0), [], 0
        if run.startswith("<") or len(run) <= CODE_PIECE:
            return run
        while len(run) - start > CODE_PIECE:
            at = end = start + CODE_PIECE
            while at > start + CODE_PIECE // 2 and not (run[at - 1].isalnum() and run[at].isalnum()):
                at -= 1
            if at == start + CODE_PIECE // 2:  # no two letters in a row: any place but an entity
                at = end
            while _ENTITY.search(run, max(start, at - 12), at):
                at -= 1
            out.append(f"<span>{run[start:at]}</span>")
            start = at
        out.append(f"<span>{run[start:]}</span>")
        return "".join(out)

    return _CODE_RUN.sub(cut, line)


@dataclass
class Layout:
    """What kind of front matter a document gets."""

    book: bool
    toc_levels: int
    #: A book document (chapter and part divisions, :mod:`essaykit.renderers.pdf.book`).
    divisions: bool = False


def choose_layout(doc: Document, toc: bool | None = None) -> Layout:
    """A title page and contents when there are more than a handful of
    top-level sections (or when asked); a title block otherwise. A book
    document (``essaykit book``) always has them, whatever ``toc`` says:
    its contents list parts, chapters (with their bylines) and titled
    matter pages, and each chapter's first-level sections when
    ``toc_levels`` is 2 (the ``toc_sections`` option; :mod:`essaykit.renderers.pdf.book`)."""
    from ..epub.book import is_book

    if is_book(doc):
        return Layout(book=True, toc_levels=1, divisions=True)
    top = [s for s in sections(doc) if s.heading is not None]
    if len(top) == 1 and top[0].subsections and _is_title(doc, top[0].heading):
        top = list(top[0].subsections)
    if toc is None:
        toc = len(top) > BOOK_SECTIONS and len(plain_text(doc.blocks)) > BOOK_MIN_CHARS
    return Layout(book=toc, toc_levels=2)


def _is_title(doc: Document, heading: Heading | None) -> bool:
    return heading is not None and plain_text(heading.children).strip() == doc.meta.title.strip()


def body_blocks(doc: Document) -> tuple:  # type: ignore[type-arg]
    """The blocks to print: a leading heading that repeats the title is
    dropped, since the title block already shows it."""
    blocks = doc.blocks
    if blocks and isinstance(blocks[0], Heading) and doc.meta.title and _is_title(doc, blocks[0]):
        return blocks[1:]
    return blocks


def head(doc: Document, css: str) -> str:
    """``<head>``: WeasyPrint maps these meta names onto the PDF Info and XMP."""
    m = doc.meta
    title = m.title or _first_heading(doc) or "Untitled"
    parts = [f"<title>{text(title)}</title>", '<meta charset="utf-8"/>',
             '<meta name="generator" content="essaykit"/>']
    for author in m.authors:
        parts.append(f'<meta name="author" content="{attr(author)}"/>')
    if m.description:
        parts.append(f'<meta name="description" content="{attr(m.description)}"/>')
    if m.tags:
        parts.append(f'<meta name="keywords" content="{attr(", ".join(m.tags))}"/>')
    if m.date:
        parts.append(f'<meta name="dcterms.created" content="{m.date.isoformat()}"/>')
    parts.append(f"<style>{css}</style>")
    return "<head>" + "".join(parts) + "</head>"


def _first_heading(doc: Document) -> str:
    for block in doc.blocks:
        if isinstance(block, Heading):
            return plain_text(block.children)
    return ""


def title_block(doc: Document, writer: XhtmlWriter, *, page: bool) -> str:
    """Title, subtitle, authors and date: on the first page of an essay, or
    on a page of its own (``page=True``) for a book."""
    m = doc.meta
    if not m.title:
        return ""
    cls = "title-page" if page else "title-block"
    out = [f'<header class="{cls}">', f'<h1 class="doc-title">{text(breakable(m.title))}</h1>']
    if m.subtitle:
        out.append(f'<p class="doc-subtitle">{text(breakable(m.subtitle))}</p>')
    if m.authors:
        names = "<span class=\"sep\"> · </span>".join(text(a) for a in m.authors)
        out.append(f'<p class="doc-authors">{names}</p>')
    shown, stamp = shown_date(m, lambda d: format_date(d, m.language))
    if shown and stamp:
        out.append(f'<p class="doc-date"><time datetime="{stamp}">{text(shown)}</time></p>')
    elif shown:
        out.append(f'<p class="doc-date">{text(shown)}</p>')
    opens_with_abstract = any(isinstance(b, Div) and "abstract" in b.classes for b in doc.blocks[:1])
    if page and m.description and not opens_with_abstract:
        out.append(f'<p class="doc-description">{text(m.description)}</p>')
    out.append("</header>")
    return "".join(out)


def toc(doc: Document, writer: XhtmlWriter, levels: int) -> str:
    """Contents with page numbers: ``target-counter`` in print.css fills them."""
    heads = [b for b in body_blocks(doc) if isinstance(b, Heading) and "unlisted" not in b.classes]
    if not heads:
        return ""
    top = min(h.level for h in heads)
    items = []
    for h in heads:
        depth = h.level - top + 1
        if depth > levels:
            continue
        items.append(f'<li class="toc-l{depth}"><a href="#{attr(writer.heading_id(h))}">'
                     f"{writer.inlines(h.children)}</a></li>")
    label = text(contents_label(doc.meta.language))
    return (f'<nav class="toc" role="doc-toc"><h2 class="toc-title">{label}</h2>'
            f'<ol>{"".join(items)}</ol></nav>')


def document_parts(doc: Document, writer: XhtmlWriter, css: str, layout: Layout) -> HtmlParts:
    """:func:`document`, in parts."""
    m = doc.meta
    lang = attr(m.language)
    front = title_block(doc, writer, page=layout.book)
    pieces: tuple[str, ...] = ()
    running: dict[str, str] = {}
    front_ids: tuple[str, ...] = ()
    if layout.divisions:
        book = book_html(doc, writer, sections=layout.toc_levels > 1)
        front += book.before_toc + book.toc + book.after_toc
        pieces, running, front_ids = book.pieces, book.running, book.front_ids
        body = "".join(pieces)
        chapter_ids = book.division_ids
    else:
        if layout.book:
            front += toc(doc, writer, layout.toc_levels)
        blocks = body_blocks(doc)
        heads = [b for b in blocks if isinstance(b, Heading)]
        top = min((h.level for h in heads), default=0)
        body = writer.blocks(blocks)
        if writer.options.footnotes == "end":  # too many at the foot of one page (:mod:`.notes`)
            body += writer.endnotes()
        chapter_ids = tuple(writer.heading_id(h) for h in heads if h.level == top)
    kind = "book divided" if layout.divisions else ("book" if layout.book else "essay")
    opening = (
        '<!DOCTYPE html>\n<html xmlns="http://www.w3.org/1999/xhtml" '
        f'lang="{lang}" xml:lang="{lang}" dir="{m.direction}">'
        f"{head(doc, css)}"
        f'<body class="{kind}">'
    )
    return HtmlParts(opening, front, body, chapter_ids, pieces, running, front_ids)


def document(doc: Document, writer: XhtmlWriter, css: str, layout: Layout) -> str:
    """The whole XHTML document WeasyPrint renders."""
    return document_parts(doc, writer, css, layout).html()
