"""EPUB for a book: one content file per chapter, part and matter page.

A book document (see :mod:`essaykit.book.assemble`) is an ordinary
document whose top-level blocks are ``Div.chapter``, ``Div.part``,
``Div.frontmatter``/``Div.backmatter`` wrappers. This module cuts it where
those wrappers say — not by length, as an essay is cut — and tells the
renderer how to present each file: the ``<section>`` with its
``epub:type`` and DPUB-ARIA role, the ``<body>``'s front/body/back matter
type, and the file's language (a chapter in another language gets it on
its ``<html>``, so reading systems pick the right fonts and hyphenation).

The navigation comes from the headings in reading order; their levels
already nest parts → chapters → sections, so :func:`nest` builds the tree.
"""

from __future__ import annotations

from dataclasses import dataclass

from essaykit.dates import shown_date
from essaykit.model import Block, Div, Document, Heading, plain_text

from ..xhtml.writer import XhtmlWriter, attr, text
from .meta import clean
from .nav import TocEntry, nest

__all__ = ["BookFile", "is_book", "book_files", "book_toc", "title_page", "BOOK_CLASSES"]

BOOK_CLASSES = frozenset({"chapter", "part", "frontmatter", "backmatter"})

#: Matter kinds (the Div's second class) → (epub:type, DPUB-ARIA role).
#: Kinds outside the EPUB Structural Semantics vocabulary get neither.
KIND_SEMANTICS: dict[str, tuple[str, str | None]] = {
    "dedication": ("dedication", "doc-dedication"),
    "epigraph": ("epigraph", "doc-epigraph"),
    "foreword": ("foreword", "doc-foreword"),
    "preface": ("preface", "doc-preface"),
    "introduction": ("introduction", "doc-introduction"),
    "prologue": ("prologue", "doc-prologue"),
    "epilogue": ("epilogue", "doc-epilogue"),
    "afterword": ("afterword", "doc-afterword"),
    "conclusion": ("conclusion", "doc-conclusion"),
    "acknowledgments": ("acknowledgments", "doc-acknowledgments"),
    "colophon": ("colophon", "doc-colophon"),
    "copyright-page": ("copyright-page", None),
    "appendix": ("appendix", "doc-appendix"),
    "bibliography": ("bibliography", "doc-bibliography"),
    "glossary": ("glossary", "doc-glossary"),
}


@dataclass(frozen=True)
class BookFile:
    """One content file: its blocks and how to present them."""

    blocks: tuple[Block, ...]
    #: ``frontmatter``, ``bodymatter`` or ``backmatter`` (the body's epub:type).
    matter: str
    #: The ``<section>``'s class, epub:type and role ("" for none).
    classes: tuple[str, ...] = ()
    epub_type: str = ""
    role: str = ""
    lang: str | None = None
    dir: str | None = None

    def section_attrs(self) -> str:
        out = f' class="{attr(" ".join(self.classes))}"' if self.classes else ""
        if self.epub_type:
            out += f' epub:type="{attr(self.epub_type)}"'
        if self.role:
            out += f' role="{attr(self.role)}"'
        return out


def is_book(doc: Document) -> bool:
    """Whether ``doc`` was assembled as a book (it has chapter or part divs)."""
    return any(isinstance(b, Div) and BOOK_CLASSES & set(b.classes) for b in doc.blocks)


def book_files(doc: Document) -> list[BookFile]:
    """The book's content files in reading order. Blocks outside any book
    division (a hand-built document) are gathered into body files of their
    own, so nothing is dropped."""
    out: list[BookFile] = []
    loose: list[Block] = []

    def flush() -> None:
        if loose:
            out.append(BookFile(tuple(loose), "bodymatter"))
            loose.clear()

    for b in doc.blocks:
        if not (isinstance(b, Div) and BOOK_CLASSES & set(b.classes)):
            loose.append(b)
            continue
        flush()
        if "part" in b.classes:
            _part(b, out)
        elif "chapter" in b.classes:
            out.append(_chapter(b))
        else:
            matter = "frontmatter" if "frontmatter" in b.classes else "backmatter"
            kind = next((c for c in b.classes if c != matter), "")
            etype, role = KIND_SEMANTICS.get(kind, ("", None))
            out.append(BookFile(b.children, matter, b.classes, etype, role or "", b.lang, b.dir))
    flush()
    return out


def _chapter(div: Div) -> BookFile:
    return BookFile(div.children, "bodymatter", div.classes, "chapter", "doc-chapter", div.lang, div.dir)


def _part(div: Div, out: list[BookFile]) -> None:
    """A part: a file for its opening (heading and any words before the
    first chapter), then one per chapter."""
    opening: list[Block] = []
    chapters: list[BookFile] = []
    for child in div.children:
        if isinstance(child, Div) and "chapter" in child.classes:
            chapters.append(_chapter(child))
        elif chapters:
            # Words after a chapter inside a part stay with that chapter.
            last = chapters[-1]
            chapters[-1] = BookFile(last.blocks + (child,), last.matter, last.classes,
                                    last.epub_type, last.role, last.lang, last.dir)
        else:
            opening.append(child)
    out.append(BookFile(tuple(opening), "bodymatter", div.classes, "part", "doc-part", div.lang, div.dir))
    out.extend(chapters)


def book_toc(writer: XhtmlWriter, files: list[str]) -> list[TocEntry]:
    """Parts → chapters → sections, from every heading in reading order.
    Pages without a heading (a dedication) are reached by reading on, as in
    a printed book's contents."""
    flat = []
    for heading, gi in writer.scan.headings:
        if "unlisted" in heading.classes:
            continue
        hid = writer.heading_id(heading)
        name = clean(plain_text(heading.children)) or "§"
        flat.append(TocEntry(name, f"{files[gi]}#{hid}", _level(heading)))
    return nest(flat)


def _level(h: Heading) -> int:
    return min(max(h.level, 1), 6)


def title_page(doc: Document) -> str:
    """The book's title page: title, subtitle, authors, date, rights."""
    m = doc.meta
    parts = [f'<h1 class="title">{text(clean(m.title) or "Untitled")}</h1>']
    if clean(m.subtitle):
        parts.append(f'<p class="subtitle">{text(clean(m.subtitle))}</p>')
    authors = [clean(a) for a in m.authors if clean(a)]
    if authors:
        parts.append(f'<p class="authors">{text(", ".join(authors))}</p>')
    shown, stamp = shown_date(m)
    if shown and stamp:
        parts.append(f'<p class="date"><time datetime="{stamp}">{text(shown)}</time></p>')
    elif shown:
        parts.append(f'<p class="date">{text(clean(shown))}</p>')
    if m.rights and clean(m.rights):
        parts.append(f'<p class="rights">{text(clean(m.rights))}</p>')
    isbn = m.extra.get("isbn") if isinstance(m.extra, dict) else None
    if isbn:
        parts.append(f'<p class="isbn">ISBN {text(clean(isbn))}</p>')
    return f'<section class="titlepage" epub:type="titlepage">{"".join(parts)}</section>\n'
