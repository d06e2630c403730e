"""One structure tree for a book whose chunks were written as tagged PDFs.

Why: the PDF/UA promise (a tagged PDF) holds on every path, so a book laid
out in chunks (:mod:`essaykit.renderers.pdf.parallel.run`) must read as one
tagged document. WeasyPrint builds its tree page by page — a ``/Document``
element whose kids are each page's top-level elements, and a parent tree
keyed by the page's ``/StructParents`` (then one key per link annotation) —
so the book's tree is the chunks' trees end to end, in page order:

- every chunk's ``/Document`` kids become kids of one ``/Document``;
- every chunk's parent tree keys are shifted past the keys of the chunks
  before it, and so are its pages' ``/StructParents`` and its annotations'
  ``/StructParent``; marked-content ids are per page and stay as they are;
- element ids (a table's header cells) made unique: each chunk's but the
  first get a prefix, in the cells' ``/Headers`` too;
- role and class maps are joined (WeasyPrint writes none today).

qpdf (pikepdf) copies the elements with the pages they point at (one
object map per source file), in C++: about 0.1 s for a 330-page book,
where the same in pure Python cost 1.5 s per 85 pages.
"""

from __future__ import annotations

from typing import Any


def copy(pdf: Any, source: Any, value: Any) -> Any:
    """``value``, an object of ``source``, usable in ``pdf``: dictionaries,
    arrays and streams copied with what they refer to (qpdf copies only
    indirect objects: a direct one is made indirect in ``source`` first),
    scalars as they are."""
    import pikepdf

    if isinstance(value, (pikepdf.Dictionary, pikepdf.Array, pikepdf.Stream)):
        if not value.is_indirect:
            value = source.make_indirect(value)
        return pdf.copy_foreign(value)
    return value


class CannotMerge(Exception):
    """The chunks' trees are not shaped as this module expects: the caller
    lays the book out in one process instead."""


def parent_nums(tree: Any) -> list[tuple[int, Any]]:
    """The (key, value) pairs of a number tree (``/Nums`` and ``/Kids``)."""
    out: list[tuple[int, Any]] = []
    nums = tree.get("/Nums")
    if nums is not None:
        out.extend((int(nums[i]), nums[i + 1]) for i in range(0, len(nums) - 1, 2))
    for kid in tree.get("/Kids") or []:
        out.extend(parent_nums(kid))
    return out


def _own_ids(source: Any, prefix: str) -> None:
    """``prefix`` before every element id of ``source`` and every table
    cell's reference to one (``/Headers``): WeasyPrint makes a header
    cell's id from its object number, which another chunk's file may use
    too. One pass over the file's objects (0.04 s for a whole book)."""
    import pikepdf

    for obj in source.objects:
        if not isinstance(obj, pikepdf.Dictionary) or obj.get("/Type") != "/StructElem":
            continue
        if "/ID" in obj:
            obj.ID = pikepdf.String(prefix + str(obj.ID))
        attributes = obj.get("/A")
        if not isinstance(attributes, pikepdf.Dictionary):
            continue
        headers = attributes.get("/Headers")
        if headers is not None:
            attributes.Headers = pikepdf.Array([pikepdf.String(prefix + str(h)) for h in headers])


class StructureTree:
    """The book's tree, built chunk by chunk in page order (:meth:`add`)
    and written into the catalog by :meth:`finish`."""

    def __init__(self, pdf: Any) -> None:
        import pikepdf

        self.pdf = pdf
        self.document = pdf.make_indirect(pikepdf.Dictionary(
            Type=pikepdf.Name.StructElem, S=pikepdf.Name.Document, K=pikepdf.Array()))
        self.nums: list[tuple[int, Any]] = []
        self.parts = 0
        self.next_key = 0
        self.maps: dict[str, Any] = {}

    def add(self, source: Any, pages: list[Any]) -> None:
        """The tree of ``source`` (a chunk's pikepdf ``Pdf``) whose pages,
        already copied into the book, are ``pages``."""
        import pikepdf

        root = source.Root.get("/StructTreeRoot")
        if root is None:
            if any("/StructParents" in p for p in pages):
                raise CannotMerge("pages marked but no structure tree")
            return  # a chunk with nothing tagged (blank pages)
        kids = root.get("/K")
        if isinstance(kids, pikepdf.Array) and len(kids) == 1 and not kids[0].is_indirect:
            kids = source.make_indirect(kids[0])
        if isinstance(kids, pikepdf.Array):
            if len(kids) != 1:
                raise CannotMerge(f"{len(kids)} top-level elements")
            kids = kids[0]
        if kids is None or kids.get("/S") != pikepdf.Name.Document or "/Namespaces" in root:
            raise CannotMerge("no /Document element, or PDF 2.0 namespaces")
        shift = self.next_key
        self.parts += 1
        if self.parts > 1:
            _own_ids(source, f"p{self.parts}-")
        # Copy the document element without its parent (the chunk's root,
        # which would drag the chunk's whole parent tree along), then the
        # parent tree, whose elements are by then copied: two calls into
        # qpdf, not one per element.
        del kids["/P"]
        document = copy(self.pdf, source, kids)
        for kid in document.get("/K") or []:
            if isinstance(kid, pikepdf.Dictionary):
                kid.P = self.document
            self.document.K.append(kid)
        parents = root.get("/ParentTree")
        for key, value in parent_nums(copy(self.pdf, source, parents) if parents is not None else {}):
            self.nums.append((key + shift, value))
            self.next_key = max(self.next_key, key + shift + 1)
        for page in pages:
            if "/StructParents" in page:
                page.StructParents = int(page.StructParents) + shift
            for annot in page.get("/Annots") or []:
                if "/StructParent" in annot:
                    annot.StructParent = int(annot.StructParent) + shift
        for name in ("/RoleMap", "/ClassMap"):
            given = root.get(name)
            if given is not None:
                merged = self.maps.setdefault(name, {})
                for k in given:
                    merged.setdefault(k, copy(self.pdf, source, given[k]))

    def finish(self) -> None:
        """The tree into the book's catalog (nothing if no chunk had one)."""
        import pikepdf

        if not self.nums and not len(self.document.K):
            return
        flat = pikepdf.Array()
        for key, value in sorted(self.nums, key=lambda kv: kv[0]):
            flat.append(key)
            flat.append(value)
        parent_tree = self.pdf.make_indirect(pikepdf.Dictionary(Nums=flat))
        root = self.pdf.make_indirect(pikepdf.Dictionary(
            Type=pikepdf.Name.StructTreeRoot, K=pikepdf.Array([self.document]),
            ParentTree=parent_tree, ParentTreeNextKey=self.next_key))
        for name, entries in self.maps.items():
            root[name] = pikepdf.Dictionary(entries)
        self.document.P = root
        self.pdf.Root.StructTreeRoot = root
        self.pdf.Root.MarkInfo = pikepdf.Dictionary(Marked=True)
