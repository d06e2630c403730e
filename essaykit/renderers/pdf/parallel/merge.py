"""Joining the PDFs of a book's chunks into one book (pypdf).

Why a merge at the PDF level: WeasyPrint's laid-out pages hold cffi
pointers into Pango and cannot leave the process that made them, so each
worker writes its chunk as PDF bytes and this module assembles them:

- pages in order, with a blank verso wherever a chunk would otherwise open
  on a left-hand page (what ``break-before: right`` does in one document);
- the page furniture (folios, running heads) drawn by a separate WeasyPrint
  document of empty pages (:mod:`essaykit.renderers.pdf.parallel.furniture`)
  and placed over each page as a form XObject marked as an artifact;
- one name tree built from the anchors the workers reported, so links that
  cross chunks (contents → chapter) land on the right page;
- the outline rebuilt from every chunk's bookmarks; metadata and ``/Lang``
  once, from the front matter.

What is lost: the chunks are written untagged, because cloning WeasyPrint's
structure trees through pypdf costs about 1.5 s of CPU per 85 pages (it
parses every object of every object stream), which would eat the time
parallel layout saves. See :mod:`essaykit.renderers.pdf.parallel.run` for when this path is used.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from io import BytesIO
from typing import Any

#: Name of the furniture XObject in each page's resources.
_FURNITURE = "/EKFurniture"


@dataclass
class Part:
    """One chunk's PDF and where its pages go."""

    pdf: bytes
    #: Insert a blank page before this part (it must open on a recto).
    blank_before: bool = False


@dataclass
class Bookmark:
    level: int
    label: str
    page: int  # global page index
    x: float  # PDF points
    y: float
    closed: bool = False


class Merger:
    """A book assembled step by step, so that most of the work — parsing
    the body's pages (:meth:`add`), drawing the furniture over them
    (:meth:`overlay`) — is done while the pool still lays out the front
    matter, which is then inserted before them; :meth:`finish` writes."""

    def __init__(self) -> None:
        from pypdf import PdfWriter

        self.writer = PdfWriter()
        #: The furniture PDF last overlaid, and its pages.
        self._furniture: tuple[bytes, Any] | None = None
        self._wrap: tuple[Any, Any] | None = None

    def add(self, parts: list[Part], index: int | None = None) -> Any:
        """Append the pages of ``parts`` (or insert them from page ``index``);
        the reader of the first part."""
        from pypdf import PdfReader

        writer = self.writer
        first: Any = None
        for part in parts:
            reader = PdfReader(BytesIO(part.pdf))
            if first is None:
                first = reader
            if part.blank_before:
                box = reader.pages[0].mediabox
                if index is None:
                    writer.add_blank_page(float(box.width), float(box.height))
                else:
                    writer.insert_blank_page(float(box.width), float(box.height), index)
                    index += 1
            for page in reader.pages:
                if index is None:
                    writer.add_page(page)
                else:
                    writer.insert_page(page, index)
                    index += 1
        return first

    def blank(self, index: int) -> None:
        """A blank page at ``index``, the size of the book's first page."""
        box = self.writer.pages[0].mediabox
        self.writer.insert_blank_page(float(box.width), float(box.height), index)

    def overlay(self, furniture: bytes, pages: range, shift: int = 0) -> None:
        """Draw page ``p`` of ``furniture`` (a PDF, read once for all the
        calls that pass the same one) over the page ``p - shift`` of the
        book so far, for ``p`` in ``pages``."""
        from pypdf import PdfReader
        from pypdf.generic import DecodedStreamObject

        if self._furniture is None or self._furniture[0] is not furniture:
            self._furniture = (furniture, PdfReader(BytesIO(furniture)).pages)
        if self._wrap is None:
            before = DecodedStreamObject()
            before.set_data(b"q\n")
            after = DecodedStreamObject()
            after.set_data(f"Q\nq /Artifact BMC {_FURNITURE} Do EMC Q\n".encode())
            self._wrap = (self.writer._add_object(before), self.writer._add_object(after))
        book = self.writer.pages
        drawn = self._furniture[1]
        for p in pages:
            if p < len(drawn):
                _overlay_page(self.writer, book[p - shift], drawn[p], self._wrap)

    def finish(self, first: Any, bookmarks: list[Bookmark],
               anchors: dict[str, tuple[int, float, float]]) -> bytes:
        """The book's PDF, with its outline and names, and the metadata and
        ``/Lang`` of ``first`` (the front matter's reader, if any)."""
        writer = self.writer
        _names(writer, anchors)
        _outline(writer, bookmarks)
        if first is not None:
            _metadata(writer, first)
        out = BytesIO()
        with _names_written_once():
            writer.write(out)
        return out.getvalue()


@contextmanager
def _names_written_once() -> Iterator[None]:
    """While pypdf writes: each PDF name escaped once, then taken as bytes.

    Why: ``NameObject.write_to_stream`` escapes its name character by
    character every time (``renumber``), and a book has some 20,000 names
    to write, nearly all of them the same few dozen (``/Type``, ``/Font``…):
    that was 40 % of writing the book. The bytes are the same (``renumber``
    is a function of the name alone). Only for the duration of the write;
    a pypdf without ``renumber`` is left alone."""
    from pypdf.generic import NameObject

    original = NameObject.__dict__.get("write_to_stream")
    if original is None or not callable(getattr(NameObject, "renumber", None)):
        yield
        return
    escaped: dict[str, bytes] = {}

    def write_to_stream(self: Any, stream: Any, *args: Any, **kwargs: Any) -> None:
        if args or kwargs:  # a signature this was not written for
            original(self, stream, *args, **kwargs)
            return
        out = escaped.get(self)
        if out is None:
            out = escaped[self] = self.renumber()
        stream.write(out)

    NameObject.write_to_stream = write_to_stream  # type: ignore[method-assign]
    try:
        yield
    finally:
        NameObject.write_to_stream = original  # type: ignore[method-assign]


def _overlay_page(writer: Any, page: Any, source: Any, wrap: tuple[Any, Any]) -> None:
    """Draw ``source`` (a page of another PDF) over ``page`` of ``writer``,
    as a form XObject marked as an artifact between ``wrap``'s streams."""
    from pypdf.generic import ArrayObject, DictionaryObject, NameObject, RectangleObject

    contents = source.get("/Contents")
    if contents is None:
        return
    stream = contents.get_object()
    if isinstance(stream, ArrayObject):  # WeasyPrint writes one stream; be safe
        return
    form = stream.clone(writer)
    form[NameObject("/Type")] = NameObject("/XObject")
    form[NameObject("/Subtype")] = NameObject("/Form")
    form[NameObject("/BBox")] = RectangleObject(source.mediabox)
    form[NameObject("/Resources")] = source["/Resources"].clone(writer)
    resources = DictionaryObject(page.get("/Resources", DictionaryObject()).get_object())
    xobjects = DictionaryObject(resources.get("/XObject", DictionaryObject()).get_object())
    xobjects[NameObject(_FURNITURE)] = form.indirect_reference
    resources[NameObject("/XObject")] = xobjects
    page[NameObject("/Resources")] = resources
    own = page.get("/Contents")
    own_list = list(own.get_object()) if isinstance(own.get_object() if own is not None else None,
                                                    ArrayObject) else ([own] if own is not None else [])
    before_ref, after_ref = wrap
    page[NameObject("/Contents")] = ArrayObject([before_ref, *own_list, after_ref])


def _names(writer: Any, anchors: dict[str, tuple[int, float, float]]) -> None:
    """``/Names /Dests`` for every anchor (sorted, one leaf)."""
    from pypdf.generic import (
        ArrayObject,
        DictionaryObject,
        FloatObject,
        NameObject,
        NumberObject,
        TextStringObject,
    )

    pages = writer.pages
    flat = ArrayObject()
    for name in sorted(anchors):
        index, x, y = anchors[name]
        flat.append(TextStringObject(name))
        flat.append(ArrayObject([pages[index].indirect_reference, NameObject("/XYZ"),
                                 FloatObject(round(x, 3)), FloatObject(round(y, 3)),
                                 NumberObject(0)]))
    if not flat:
        return
    dests = writer._add_object(DictionaryObject({NameObject("/Names"): flat}))
    names = DictionaryObject({NameObject("/Dests"): dests})
    writer._root_object[NameObject("/Names")] = writer._add_object(names)


def _outline(writer: Any, bookmarks: list[Bookmark]) -> None:
    """Nested outline items by level, as WeasyPrint nests them."""
    from pypdf.generic import Fit

    stack: list[tuple[int, Any]] = []
    for b in bookmarks:
        while stack and stack[-1][0] >= b.level:
            stack.pop()
        parent = stack[-1][1] if stack else None
        item = writer.add_outline_item(title=b.label, page_number=b.page, parent=parent,
                                       is_open=not b.closed,
                                       fit=Fit.xyz(left=b.x, top=b.y, zoom=0))
        stack.append((b.level, item))


def _metadata(writer: Any, reader: Any) -> None:
    from pypdf.generic import DictionaryObject, NameObject

    info = reader.metadata
    if info:
        writer.add_metadata({k: v for k, v in info.items() if k != "/Producer"})
    root = reader.root_object
    for key in ("/Lang", "/ViewerPreferences"):
        if key in root:
            writer._root_object[NameObject(key)] = root[key].clone(writer)
    if "/ViewerPreferences" not in writer._root_object:
        writer._root_object[NameObject("/ViewerPreferences")] = DictionaryObject()
    writer.page_mode = "/UseOutlines"
