"""Many prepared essays → one book :class:`~essaykit.model.Document`.

The model has no book node, and needs none: a book is a document whose
top-level blocks are :class:`Div` wrappers with classes every renderer can
recognise (and every stylesheet can hang rules on)::

    Div.frontmatter.<kind>      a page before the chapters (dedication, preface...)
    Div.part                    a part, holding
      Div.part-head               its heading (h1)
      Div.chapter ...             its chapters
    Div.chapter [lang]          a chapter, holding
      Div.chapter-head            its heading (h1, or h2 inside a part),
                                  Div.chapter-subtitle, Div.byline, Div.chapter-date
      ...the essay's blocks       its headings shifted below the chapter's
    Div.backmatter.<kind>       a page after them (acknowledgements, about...)

Heading levels follow the nesting (part h1 → chapter h2 → section h3), so
an outline read from headings alone — PDF bookmarks, a screen reader's
heading list — shows the book's shape with no help from the renderer.

Each essay is prepared (typography, pull quotes) on its own *before* it is
wrapped, so its pull quotes are chosen from, and stay in, its own text. Its
names are made the book's: footnote labels get a per-chapter prefix
(``c3-1``) so two essays' ``[^1]`` never meet, and heading ids get one too
(``c3-method``), with the essay's own ``#method`` links rewritten to match.
"""

from __future__ import annotations

import os
import re
import urllib.parse
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

from ..model import (
    Block,
    DeckDirective,
    Div,
    Document,
    FootnoteDef,
    FootnoteRef,
    Heading,
    Image,
    Link,
    Metadata,
    Node,
    Paragraph,
    RawBlock,
    Text,
    plain_text,
)
from ..model.outline import slugify
from ..model.walk import iter_nodes, query, walk
from ..renderers.xhtml.scan import heading_ids
from .manifest import Entry, Manifest

__all__ = ["LineMap", "Loaded", "assemble", "chapter_title", "chapter_div", "matter_div", "matter_kind"]

#: Loads one file of the book, prepared: ``(path, matter)`` → Document.
Loader = Callable[[Path, bool], Document]


@dataclass(frozen=True)
class LineMap:
    """Where a line of the book document came from.

    Nodes carry only a line number, and a book has many source files; so
    each file's lines are moved into a range of their own (file 1: 1–120,
    file 2: 121–300...) and a warning's line is mapped back here to
    ``essays/two.md:42``.
    """

    starts: tuple[tuple[int, Path], ...] = ()

    def locate(self, line: int) -> tuple[Path, int] | None:
        found = None
        for start, path in self.starts:
            if line > start:
                found = (path, line - start)
            else:
                break
        return found


@dataclass(frozen=True)
class Loaded:
    """The book as assembled, with the chapters it was made of (the decks are
    planned from the chapters as essays, not from the book)."""

    document: Document
    chapters: tuple[tuple[Entry, Document], ...]
    lines: LineMap = LineMap()


def _invisible(block: Block) -> bool:
    return isinstance(block, (DeckDirective, RawBlock, FootnoteDef))


def chapter_title(doc: Document, path: Path) -> tuple[str, tuple[Block, ...]]:
    """The chapter's title and its blocks without a heading that only
    repeats it: the front matter's title, else an opening heading, else the
    file name."""
    blocks = doc.blocks
    first = next((i for i, b in enumerate(blocks) if not _invisible(b)), None)
    opening = blocks[first] if first is not None else None
    title = doc.meta.title.strip()
    if isinstance(opening, Heading) and first is not None:
        text = " ".join(plain_text(opening.children).split())
        if not title or text.casefold() == title.casefold():
            rest = blocks[:first] + blocks[first + 1 :]
            # An opening h1 that is followed by other h1s is a section, not a title.
            if title or not any(isinstance(b, Heading) and b.level <= opening.level for b in rest):
                return title or text, rest
    if title:
        return title, blocks
    return _from_stem(path), blocks


def _from_stem(path: Path) -> str:
    stem = re.sub(r"^\d+[-_. ]+", "", path.stem.split(".")[0])
    return stem.replace("-", " ").replace("_", " ").strip().capitalize() or path.stem


def last_line(blocks: tuple[Block, ...]) -> int:
    return max((n.line for n in iter_nodes(blocks) if n.line is not None), default=0)


def _rename(blocks: tuple[Block, ...], prefix: str, level: int, base: Path, book_dir: Path,
            offset: int = 0) -> tuple[Block, ...]:
    """The essay's blocks with book-wide names: footnote labels and heading
    ids prefixed, headings shifted to sit below ``level``, relative image
    paths made relative to the manifest's folder, and source lines moved by
    ``offset`` (see :class:`LineMap`)."""
    heads = query(blocks, Heading)
    own = heading_ids(heads)
    new_ids = [f"{prefix}-{own[id(h)]}" for h in heads]
    # Links inside the essay name its headings by their standalone ids.
    targets: dict[str, str] = {}
    for h, new in zip(heads, new_ids, strict=True):
        targets.setdefault(own[id(h)], new)
        if h.id:
            targets.setdefault(h.id, new)
    top = min((h.level for h in heads), default=level + 1)
    shift = level + 1 - top
    order = iter(new_ids)

    def fix(node: Node) -> Node:
        if isinstance(node, (FootnoteRef, FootnoteDef)):
            node = replace(node, label=f"{prefix}-{node.label}")
        elif isinstance(node, Heading):
            node = replace(node, id=next(order), level=min(max(node.level + shift, 1), 6))
        elif isinstance(node, Link) and node.url.startswith("#"):
            target = targets.get(urllib.parse.unquote(node.url[1:]))
            node = replace(node, url=f"#{target}") if target else node
        elif isinstance(node, Image):
            node = replace(node, src=_rebase(node.src, base, book_dir))
        if offset and node.line is not None:
            node = replace(node, line=node.line + offset)
        return node

    return walk(blocks, fix)


def _rebase(src: str, base: Path, book_dir: Path) -> str:
    parts = urllib.parse.urlsplit(src)
    if parts.scheme or src.startswith(("/", "#")) or not src.strip() or base == book_dir:
        return src
    target = base / urllib.parse.unquote(parts.path)
    rel = os.path.relpath(target, book_dir).replace(os.sep, "/")
    if rel.startswith("../"):
        # Outside the book's folder: an absolute path says plainly where (the
        # renderers read only inside the book's folder, and will say so).
        rel = target.resolve().as_posix()
    return urllib.parse.quote(rel) + (f"#{parts.fragment}" if parts.fragment else "")


def _para(cls: str, text: str) -> Div:
    return Div(classes=(cls,), children=(Paragraph(children=(Text(text=text),)),))


def _date_text(doc: Document) -> str:
    date = doc.meta.date
    if doc.meta.date_text or date is None:
        return doc.meta.date_text
    if doc.meta.language.split("-")[0] == "en":
        return f"{date.day} {date.strftime('%B')} {date.year}"
    return date.isoformat()


def chapter_div(doc: Document, path: Path, n: int, *, book: Metadata, level: int, book_dir: Path,
                offset: int = 0) -> Div:
    """Chapter ``n`` (1-based) of the book, as a ``Div.chapter``."""
    title, blocks = chapter_title(doc, path)
    head: list[Block] = [Heading(level=level, id=f"chapter-{n}", children=(Text(text=title),))]
    if doc.meta.subtitle.strip():
        head.append(_para("chapter-subtitle", doc.meta.subtitle.strip()))
    authors = tuple(a for a in doc.meta.authors if a.strip())
    if authors and authors != book.authors:
        head.append(_para("byline", ", ".join(authors)))
    when = _date_text(doc)
    if when:
        head.append(_para("chapter-date", when))
    body = _rename(blocks, f"c{n}", level, Path(path).parent, book_dir, offset)
    lang = doc.meta.language if doc.meta.language != book.language else None
    direction = doc.meta.direction if lang and doc.meta.direction != book.direction else None
    return Div(
        classes=("chapter",),
        lang=lang,
        dir=direction,
        children=(Div(classes=("chapter-head",), children=tuple(head)), *body),
    )


#: File stems that name a known kind of front or back matter page.
_KINDS = {
    "acknowledgments": "acknowledgments",
    "acknowledgements": "acknowledgments",
    "thanks": "acknowledgments",
    "about": "about",
    "about-the-author": "about",
    "about-the-authors": "about",
    "dedication": "dedication",
    "epigraph": "epigraph",
    "foreword": "foreword",
    "preface": "preface",
    "introduction": "introduction",
    "prologue": "prologue",
    "epilogue": "epilogue",
    "afterword": "afterword",
    "conclusion": "conclusion",
    "colophon": "colophon",
    "copyright": "copyright-page",
    "appendix": "appendix",
    "bibliography": "bibliography",
    "glossary": "glossary",
    "notes": "notes",
}


def matter_kind(path: Path) -> str:
    """What a front or back matter page is, from its file name: a known
    kind (``acknowledgements.md`` → ``acknowledgments``) or the name as a
    class."""
    stem = slugify(re.sub(r"^\d+[-_. ]+", "", path.stem.split(".")[0]))
    return _KINDS.get(stem, stem)


def matter_div(doc: Document, path: Path, n: int, *, back: bool, book_dir: Path, offset: int = 0) -> Div:
    """A front or back matter page: its own title (if it has one) as an h1."""
    kind = matter_kind(path)
    prefix = f"{'b' if back else 'f'}{n}"
    title = doc.meta.title.strip()
    blocks = doc.blocks
    head: tuple[Block, ...] = ()
    if title:
        title, blocks = chapter_title(doc, path)
        head = (Heading(level=1, id=f"{kind}-{prefix}", children=(Text(text=title),)),)
    body = _rename(blocks, prefix, 1 if head else 0, Path(path).parent, book_dir, offset)
    return Div(classes=("backmatter" if back else "frontmatter", kind), children=head + body)


def _metadata(m: Manifest, chapters: list[Document]) -> Metadata:
    if m.language:
        language, source = m.language, "manifest"
    elif chapters:
        language, source = chapters[0].meta.language, "chapters"
    else:
        language, source = "en", "default"
    authors = m.authors
    if not authors:
        # An anthology without editors named: its contributors, in order.
        authors = tuple(dict.fromkeys(a for c in chapters for a in c.meta.authors if a.strip()))
    identifier = m.identifier or (f"urn:isbn:{m.isbn}" if m.isbn else None)
    extra = dict(m.extra)
    if m.isbn:
        extra["isbn"] = m.isbn
    cover = os.path.relpath(m.cover, m.folder).replace(os.sep, "/") if m.cover else None
    return Metadata(
        title=m.title,
        subtitle=m.subtitle,
        authors=authors,
        date=m.date,
        language=language,
        language_source=source,
        description=m.description,
        cover=cover,
        identifier=identifier,
        rights=m.rights,
        extra=extra,
    )


def assemble(manifest: Manifest, load: Loader, progress: Callable[[int, int, Path], None] | None = None) -> Loaded:
    """The book as one document. ``load(path, matter)`` returns each file
    prepared; ``progress(i, total, path)`` is told before each is loaded."""
    files = manifest.files()
    total = len(files)
    count = 0

    def get(entry: Entry, matter: bool) -> Document:
        nonlocal count
        count += 1
        if progress:
            progress(count, total, entry.path)
        try:
            return load(entry.path, matter)
        except Exception as exc:
            from ..errors import EssayError

            if isinstance(exc, EssayError):
                raise exc.located(str(entry.path)) from None
            raise

    front_docs = [(e, get(e, True)) for e in manifest.front]
    part_docs = [(p, [(e, get(e, False)) for e in p.chapters]) for p in manifest.parts]
    back_docs = [(e, get(e, True)) for e in manifest.back]
    chapters = [(e, d) for _, ch in part_docs for e, d in ch]
    meta = _metadata(manifest, [d for _, d in chapters])
    folder = manifest.folder

    starts: list[tuple[int, Path]] = []
    offset = 0

    def place(d: Document, path: Path) -> int:
        nonlocal offset
        here = offset
        starts.append((here, path))
        offset += last_line(d.blocks) + 1
        return here

    blocks: list[Block] = []
    for i, (e, d) in enumerate(front_docs, 1):
        blocks.append(matter_div(d, e.path, i, back=False, book_dir=folder, offset=place(d, e.path)))
    n = k = 0
    for part, docs in part_docs:
        level = 2 if part.title else 1
        divs: list[Block] = []
        for e, d in docs:
            n += 1
            divs.append(chapter_div(d, e.path, n, book=meta, level=level, book_dir=folder,
                                    offset=place(d, e.path)))
        if part.title:
            k += 1
            heading = Heading(level=1, id=f"part-{k}", children=(Text(text=part.title),))
            blocks.append(Div(classes=("part",), children=(Div(classes=("part-head",), children=(heading,)), *divs)))
        else:
            blocks.extend(divs)
    for i, (e, d) in enumerate(back_docs, 1):
        blocks.append(matter_div(d, e.path, i, back=True, book_dir=folder, offset=place(d, e.path)))
    doc = Document(meta=meta, blocks=tuple(blocks), source=str(manifest.path))
    return Loaded(doc, tuple(chapters), LineMap(tuple(starts)))

