"""Joining the PDFs of a book's chunks into one book (pikepdf).

Why a merge at the PDF level: WeasyPrint's laid-out pages hold cffi
pointers into Pango and cannot leave the process that made them, so each
worker writes its chunk as PDF bytes and this module assembles them:

- pages in order, with a blank verso wherever a chunk would otherwise open
  on a verso (what ``break-before: recto`` does in one document);
- the page furniture (folios, running heads) drawn by a separate WeasyPrint
  document of empty pages (:mod:`essaykit.renderers.pdf.parallel.furniture`)
  and placed over each page as a form XObject marked as an artifact;
- one structure tree from the chunks' trees, when they are tagged
  (:mod:`essaykit.renderers.pdf.parallel.structure`);
- one name tree built from the anchors the workers reported, so links that
  cross chunks (contents → chapter) land on the right page;
- the outline rebuilt from every chunk's bookmarks; metadata (document
  info, XMP with the PDF/UA identification), ``/Lang``, ``/MarkInfo`` and
  viewer preferences once, from the front matter.

Why pikepdf (qpdf) rather than pypdf: it copies the structure trees with
the pages in C++ (pypdf cost 1.5 s of CPU per 85 pages) and writes the
book in a fraction of pypdf's time.
"""

from __future__ import annotations

from dataclasses import dataclass
from io import BytesIO
from typing import Any

from .chunks import FOREIGN
from .structure import CannotMerge, StructureTree, copy

__all__ = ["Bookmark", "CannotMerge", "Merger", "Part"]

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
        import pikepdf

        self.pdf = pikepdf.new()
        #: Every part's file and its pages in the book (for the structure tree).
        self._sources: list[tuple[Any, list[Any]]] = []
        #: The furniture PDF last overlaid, its file and its pages.
        self._furniture: tuple[bytes, Any, list[Any]] | None = None
        self._wrap: tuple[Any, Any] | None = None

    def add(self, parts: list[Part], index: int | None = None) -> Any:
        """Append the pages of ``parts`` (or insert them from page ``index``);
        the file (pikepdf ``Pdf``) of the first part."""
        import pikepdf

        pages = self.pdf.pages
        sources = [pikepdf.open(BytesIO(part.pdf)) for part in parts]
        if index is None and not len(pages) and not any(_inherits(s) for s in sources):
            return self._start(parts, sources)
        first: Any = None
        for part, source in zip(parts, sources, strict=True):
            if first is None:
                first = source
            at = len(pages) if index is None else index
            if part.blank_before:
                box = source.pages[0].mediabox
                self._insert_blank(at, float(box[2]) - float(box[0]), float(box[3]) - float(box[1]))
                at += 1
            count = len(source.pages)
            if at == len(pages):
                pages.extend(source.pages)
            else:
                for i, page in enumerate(source.pages):
                    pages.insert(at + i, page)
            # One list of the pages, not an index into ``pages`` per page
            # (qpdf copies its page list on each: quadratic in a long book).
            added = [page.obj for page in list(pages)[at:at + count]]
            for obj in added:
                _link_in(obj)
            self._sources.append((source, added))
            if index is not None:
                index = at + count
        return first

    def _start(self, parts: list[Part], sources: list[Any]) -> Any:
        """:meth:`add` to a book with no pages yet: its page tree written
        at once. Why: qpdf's ``pages.extend`` costs time in the pages
        already there for each page it adds, 3.5 s for a book of 10,000
        pages; copied and listed here, 0.3 s."""
        import pikepdf

        root = self.pdf.Root.Pages
        kids = pikepdf.Array()
        first: Any = None
        for part, source in zip(parts, sources, strict=True):
            if first is None:
                first = source
            if part.blank_before:
                box = source.pages[0].mediabox
                kids.append(self._blank_page(float(box[2]) - float(box[0]), float(box[3]) - float(box[1])))
            added = []
            for page in source.pages:
                obj = self.pdf.copy_foreign(page.obj)  # qpdf leaves a page's /Parent behind
                kids.append(obj)
                added.append(obj)
            for obj in added:
                _link_in(obj)
            self._sources.append((source, added))
        for kid in kids:
            kid.Parent = root
        root.Kids = kids
        root.Count = len(kids)
        if len(self.pdf.pages) != len(kids):  # pragma: no cover - qpdf kept an old list of pages
            raise CannotMerge("the page tree was not read again")
        return first

    def _blank_page(self, width: float, height: float) -> Any:
        import pikepdf

        return self.pdf.make_indirect(pikepdf.Dictionary(
            Type=pikepdf.Name.Page, MediaBox=[0, 0, width, height], Resources=pikepdf.Dictionary()))

    def _insert_blank(self, index: int, width: float, height: float) -> None:
        import pikepdf

        self.pdf.pages.insert(index, pikepdf.Page(self._blank_page(width, height)))

    def blank(self, index: int) -> None:
        """A blank page at ``index``, the size of the book's first page."""
        box = self.pdf.pages[0].mediabox
        self._insert_blank(index, float(box[2]) - float(box[0]), float(box[3]) - float(box[1]))

    def overlay(self, furniture: bytes, pages: range, shift: int = 0) -> None:
        """Draw page ``p`` of ``furniture`` (a PDF, read once for all the
        calls that pass the same one) over the page ``p - shift`` of the
        book so far, for ``p`` in ``pages``."""
        import pikepdf

        if self._furniture is None or self._furniture[0] is not furniture:
            drawn_pdf = pikepdf.open(BytesIO(furniture))
            self._furniture = (furniture, drawn_pdf, list(drawn_pdf.pages))
        if self._wrap is None:
            self._wrap = (self.pdf.make_stream(b"q\n"),
                          self.pdf.make_stream(f"Q\nq /Artifact BMC {_FURNITURE} Do EMC Q\n".encode()))
        book = list(self.pdf.pages)  # see add()
        drawn = self._furniture[2]
        for p in pages:
            if p < len(drawn):
                _overlay_page(self.pdf, book[p - shift], drawn[p], self._wrap)

    def finish(self, first: Any, bookmarks: list[Bookmark],
               anchors: dict[str, tuple[int, float, float]], tagged: bool = False) -> bytes:
        """The book's PDF, with its outline and names, and the metadata,
        ``/Lang`` and viewer preferences of ``first`` (the front matter's
        file, if any). ``tagged``: every part must bring its structure
        tree (else :class:`CannotMerge`), and the book gets one."""
        pdf = self.pdf
        if tagged:
            self._structure()
        _names(pdf, anchors)
        _outline(pdf, bookmarks)
        version = "1.7"
        if first is not None:
            version = max(version, str(first.pdf_version))
            _metadata(pdf, first)
        out = BytesIO()
        # The same bytes for the same chunks: no time or random id; XMP as
        # WeasyPrint wrote it.
        pdf.save(out, min_version=version, deterministic_id=True, fix_metadata_version=False,
                 object_stream_mode=_object_streams())
        return out.getvalue()

    def _structure(self) -> None:
        """The parts' trees in page order (the front matter was inserted
        after the body: order by each part's first page)."""
        place = {page.obj.objgen: i for i, page in enumerate(self.pdf.pages)}
        tree = StructureTree(self.pdf)
        for source, pages in sorted(self._sources, key=lambda s: place[s[1][0].objgen] if s[1] else 0):
            if source.Root.get("/StructTreeRoot") is None and pages:
                raise CannotMerge("a part was written untagged")
            tree.add(source, pages)
        tree.finish()


def _inherits(source: Any) -> bool:
    """Whether a page of ``source`` may take attributes from its page tree
    (WeasyPrint writes them on each page): :meth:`Merger._start` copies
    the pages alone, so such a file goes through ``pages.extend``."""
    keys = ("/Resources", "/MediaBox", "/CropBox", "/Rotate")
    return any(k in node for node in _page_tree_nodes(source.Root.Pages) for k in keys)


def _page_tree_nodes(node: Any) -> list[Any]:
    out = [node]
    for kid in node.get("/Kids") or []:
        if kid.get("/Type") == "/Pages":
            out.extend(_page_tree_nodes(kid))
    return out


def _object_streams() -> Any:
    import pikepdf

    return pikepdf.ObjectStreamMode.generate


def _overlay_page(pdf: Any, page: Any, source: Any, wrap: tuple[Any, Any]) -> None:
    """Draw ``source`` (a page of another PDF) over ``page`` of ``pdf``, as
    a form XObject marked as an artifact between ``wrap``'s streams."""
    import pikepdf

    contents = source.obj.get("/Contents")
    if contents is None or isinstance(contents, pikepdf.Array):  # WeasyPrint writes one stream
        return
    form = pdf.copy_foreign(source.as_form_xobject())
    # The page's own resources may be shared with other pages: a copy.
    own = page.obj.get("/Resources")
    resources = pikepdf.Dictionary(dict(own.items()) if own is not None else {})
    given = resources.get("/XObject")
    xobjects = pikepdf.Dictionary(dict(given.items()) if given is not None else {})
    xobjects[_FURNITURE] = form
    resources.XObject = xobjects
    page.obj.Resources = resources
    mine = page.obj.get("/Contents")
    streams = list(mine) if isinstance(mine, pikepdf.Array) else ([mine] if mine is not None else [])
    before, after = wrap
    page.obj.Contents = pikepdf.Array([before, *streams, after])


def _link_in(page: Any) -> None:
    """The page's links to another chunk (:data:`.chunks.FOREIGN` URIs) as
    links to the named destination, as WeasyPrint writes them in one
    document (``/Dest``, and ``/Contents`` when tagged)."""
    import pikepdf

    for annot in page.get("/Annots") or []:
        action = annot.get("/A")
        uri = action.get("/URI") if action is not None else None
        if uri is None or not str(uri).startswith(FOREIGN):
            continue
        name = pikepdf.String(str(uri)[len(FOREIGN):])
        del annot["/A"]
        annot.Dest = name
        if "/Contents" in annot:
            annot.Contents = name


def _names(pdf: Any, anchors: dict[str, tuple[int, float, float]]) -> None:
    """``/Names /Dests`` for every anchor (sorted, one leaf)."""
    import pikepdf

    pages = list(pdf.pages)  # see Merger.add()
    flat = pikepdf.Array()
    for name in sorted(anchors):
        index, x, y = anchors[name]
        flat.append(pikepdf.String(name))
        flat.append(pikepdf.Array([pages[index].obj, pikepdf.Name.XYZ, round(x, 3), round(y, 3), 0]))
    if not len(flat):
        return
    dests = pdf.make_indirect(pikepdf.Dictionary(Names=flat))
    pdf.Root.Names = pdf.make_indirect(pikepdf.Dictionary(Dests=dests))


def _outline(pdf: Any, bookmarks: list[Bookmark]) -> None:
    """Nested outline items by level, as WeasyPrint nests them."""
    from pikepdf import Array, Name, OutlineItem

    pages = list(pdf.pages)  # see Merger.add(): a page number would be looked up each time
    with pdf.open_outline() as outline:
        stack: list[tuple[int, Any]] = []
        for b in bookmarks:
            while stack and stack[-1][0] >= b.level:
                stack.pop()
            item = OutlineItem(b.label, Array([pages[b.page].obj, Name.XYZ, b.x, b.y, 0]))
            item.is_closed = b.closed
            (stack[-1][1].children if stack else outline.root).append(item)
            stack.append((b.level, item))


def _metadata(pdf: Any, source: Any) -> None:
    import pikepdf

    info = source.trailer.get("/Info")
    if info is not None:
        pdf.trailer.Info = pdf.make_indirect(pikepdf.Dictionary(
            {k: copy(pdf, source, info[k]) for k in info if k != "/Producer"}))
    root = source.Root
    for key in ("/Lang", "/ViewerPreferences", "/MarkInfo", "/Metadata"):
        if key in root:
            pdf.Root[key] = copy(pdf, source, root[key])
    if "/ViewerPreferences" not in pdf.Root:
        pdf.Root.ViewerPreferences = pikepdf.Dictionary()
