"""The printed book: a book document (:mod:`essaykit.book.assemble`) as the
XHTML WeasyPrint lays out.

The book's divisions become elements the print CSS hangs the page
structure on (``pdf_css.book_page_css`` and the books section of the
theme's ``print.css``)::

    front   header.title-page              named page "title" (no furniture)
            section.imprint                "blind", its verso (rights, publisher, ISBN)
            div.frontmatter.dedication     "blind" (dedication, epigraph, copyright)
            nav.toc                        "front" (folio in lower-roman)
            div.frontmatter.preface        "front"
    main    div.part > div.part-head       "blind", opens on a recto
            div.chapter > div.chapter-head "chapter", opens on a recto
            div.backmatter.<kind>          "back", opens on a new page

A part is written as its opening only, with its chapters as its siblings:
every top-level element of ``<main>`` is then one whole division, and the
body can be cut between any two of them for parallel layout
(:mod:`essaykit.renderers.pdf.parallel.chunks`) without splitting an element.

The first part or chapter gets the ``opening`` class (named page
"body-open"), where the page counter restarts at 1 in arabic figures.
"""

from __future__ import annotations

from dataclasses import dataclass

from essaykit.lang import primary
from essaykit.model import Block, Div, Document, Heading, plain_text

from ..epub.book import BOOK_CLASSES
from ..xhtml.writer import XhtmlWriter, attr, text

__all__ = ["BookHtml", "book_html", "BEFORE_CONTENTS"]

#: Front matter kinds set before the contents (Chicago order); the rest after.
BEFORE_CONTENTS = frozenset({"dedication", "epigraph", "copyright-page"})


@dataclass(frozen=True)
class BookHtml:
    """The book's front matter (before and after the contents), its body as
    whole divisions, the contents, and what the page furniture needs."""

    before_toc: str
    toc: str
    after_toc: str
    pieces: tuple[str, ...]
    #: Ids of the part and chapter headings, in order.
    division_ids: tuple[str, ...]
    #: Heading id → running head text (chapters and back matter).
    running: dict[str, str]
    #: Ids of front matter headings (their folios are roman).
    front_ids: tuple[str, ...]


def _kind(div: Div, matter: str) -> str:
    return next((c for c in div.classes if c != matter), "")


def _head_heading(div: Div, head_class: str) -> Heading | None:
    for child in div.children:
        if isinstance(child, Div) and head_class in child.classes:
            return next((b for b in child.children if isinstance(b, Heading)), None)
        if isinstance(child, Heading):
            return child
    return None


def _matter_heading(div: Div) -> Heading | None:
    return next((b for b in div.children if isinstance(b, Heading)), None)


def _heading_text(h: Heading) -> str:
    return " ".join(plain_text(h.children).split())


def _byline(div: Div) -> str:
    for child in div.children:
        if isinstance(child, Div) and "chapter-head" in child.classes:
            for b in child.children:
                if isinstance(b, Div) and "byline" in b.classes:
                    return " ".join(plain_text(b.children).split())
    return ""


class _Book:
    def __init__(self, doc: Document, writer: XhtmlWriter, sections: bool):
        self.doc = doc
        self.w = writer
        self.sections = sections
        self.before: list[str] = []
        self.after: list[str] = []
        self.pieces: list[str] = []
        self.toc_items: list[str] = []
        self.division_ids: list[str] = []
        self.running: dict[str, str] = {}
        self.front_ids: list[str] = []
        self.opened = False

    # ------------------------------------------------------------ pieces

    def div(self, div: Div, classes: tuple[str, ...], children: tuple[Block, ...]) -> str:
        cls = attr(" ".join(classes))
        return f'<div class="{cls}"{self.w.lang_attrs(div.lang, div.dir)}>{self.w.blocks(children)}</div>\n'

    def opening_class(self) -> tuple[str, ...]:
        if self.opened:
            return ()
        self.opened = True
        return ("opening",)

    def chapter(self, div: Div, in_part: bool = False) -> None:
        h = _head_heading(div, "chapter-head")
        children: list[Block] = []
        head_html = ""
        for child in div.children:
            if isinstance(child, Div) and "chapter-head" in child.classes and not head_html:
                number = (h.id or "").removeprefix("chapter-") if h is not None else ""
                data = f' data-number="{attr(number)}"' if number.isdigit() else ""
                head_html = f'<div class="chapter-head"{data}>{self.w.blocks(child.children)}</div>\n'
            else:
                children.append(child)
        classes = ("chapter", *(("in-part",) if in_part else ()), *self.opening_class())
        body = self.w.blocks(tuple(children))
        self.pieces.append(f'<div class="{" ".join(classes)}"{self.w.lang_attrs(div.lang, div.dir)}>'
                           f"{head_html}{body}</div>\n")
        if h is None:
            return
        hid = self.w.heading_id(h)
        self.division_ids.append(hid)
        self.running[hid] = _heading_text(h)
        byline = _byline(div)
        extra = f'<span class="toc-byline">{text(byline)}</span>' if byline else ""
        self.toc_items.append(f'<li class="toc-chapter"><a href="#{attr(hid)}">'
                              f"{self.w.inlines(h.children)}</a>{extra}</li>")
        if self.sections:
            sub = [c for c in children if isinstance(c, Heading) and c.level == h.level + 1
                   and "unlisted" not in c.classes]
            for s in sub:
                self.toc_items.append(f'<li class="toc-section"><a href="#{attr(self.w.heading_id(s))}">'
                                      f"{self.w.inlines(s.children)}</a></li>")

    def part(self, div: Div) -> None:
        opening: list[Block] = []
        chapters: list[Div] = []
        after: list[Block] = []
        for child in div.children:
            if isinstance(child, Div) and "chapter" in child.classes:
                chapters.append(child)
            elif chapters:
                after.append(child)  # words after a chapter stay with it (below)
            else:
                opening.append(child)
        classes = ("part", *self.opening_class())
        self.pieces.append(self.div(div, classes, tuple(opening)))
        h = _head_heading(div, "part-head")
        if h is not None:
            hid = self.w.heading_id(h)
            self.division_ids.append(hid)
            self.toc_items.append(f'<li class="toc-part"><a href="#{attr(hid)}">'
                                  f"{self.w.inlines(h.children)}</a></li>")
        for i, ch in enumerate(chapters):
            if i == len(chapters) - 1 and after:
                ch = Div(classes=ch.classes, lang=ch.lang, dir=ch.dir, children=(*ch.children, *after))
            self.chapter(ch, in_part=True)

    def matter(self, div: Div, back: bool) -> None:
        matter = "backmatter" if back else "frontmatter"
        kind = _kind(div, matter)
        html = self.div(div, (matter, kind) if kind else (matter,), div.children)
        h = _matter_heading(div)
        if back:
            # Back matter is read on from the last chapter: no recto of its own.
            if self.pieces:
                self._append_to_last(html)
            else:
                self.pieces.append(html)
        elif kind in BEFORE_CONTENTS:
            self.before.append(html)
        else:
            self.after.append(html)
        if h is None or (not back and kind in BEFORE_CONTENTS):
            return
        hid = self.w.heading_id(h)
        self.running[hid] = _heading_text(h)
        if not back:
            self.front_ids.append(hid)
        cls = "toc-matter toc-front" if not back else "toc-matter"
        self.toc_items.append(f'<li class="{cls}"><a href="#{attr(hid)}">'
                              f"{self.w.inlines(h.children)}</a></li>")

    def _append_to_last(self, html: str) -> None:
        self.pieces[-1] += html

    def loose(self, block: Block) -> None:
        html = self.w.visit(block)
        if self.pieces:
            self._append_to_last(html)
        else:
            self.after.append(html)


def imprint(doc: Document) -> str:
    """The title page's verso: rights, publisher, ISBN or identifier, set
    small at the foot of a blind page ("" when there is nothing to say)."""
    m = doc.meta
    extra = m.extra if isinstance(m.extra, dict) else {}
    lines = []
    if m.rights and m.rights.strip():
        lines.append(f'<p class="imprint-rights">{text(m.rights.strip())}</p>')
    publisher = str(extra.get("publisher") or "").strip()
    if publisher:
        lines.append(f'<p class="imprint-publisher">{text(publisher)}</p>')
    isbn = str(extra.get("isbn") or "").strip()
    if isbn:
        lines.append(f'<p class="imprint-isbn">ISBN {text(isbn)}</p>')
    if not lines:
        return ""
    return f'<section class="imprint">{"".join(lines)}</section>'


_CONTENTS = {"en": "Contents", "fr": "Table des matières", "de": "Inhalt", "es": "Índice",
             "it": "Indice", "pt": "Sumário", "nl": "Inhoud", "ja": "目次", "zh": "目录",
             "ko": "목차", "ar": "المحتويات", "fa": "فهرست", "he": "תוכן העניינים",
             "ru": "Содержание"}


def contents_label(lang: str) -> str:
    return _CONTENTS.get(primary(lang), _CONTENTS["en"])


def book_html(doc: Document, writer: XhtmlWriter, *, sections: bool = False) -> BookHtml:
    """The book in the parts :class:`BookHtml` describes."""
    b = _Book(doc, writer, sections)
    front_items: list[str] = []
    for block in doc.blocks:
        if not (isinstance(block, Div) and BOOK_CLASSES & set(block.classes)):
            b.loose(block)
        elif "part" in block.classes:
            b.part(block)
        elif "chapter" in block.classes:
            b.chapter(block)
        elif "frontmatter" in block.classes:
            before = len(b.toc_items)
            b.matter(block, back=False)
            # Front matter entries lead the contents, whatever came first.
            front_items.extend(b.toc_items[before:])
            del b.toc_items[before:]
        else:
            b.matter(block, back=True)
    items = front_items + b.toc_items
    toc = ""
    if items:
        label = text(contents_label(doc.meta.language))
        toc = (f'<nav class="toc book-toc" role="doc-toc"><h2 class="toc-title">{label}</h2>'
               f'<ol>{"".join(items)}</ol></nav>')
    return BookHtml(imprint(doc) + "".join(b.before), toc, "".join(b.after), tuple(b.pieces),
                    tuple(b.division_ids), b.running, tuple(b.front_ids))
