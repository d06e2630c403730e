"""What a tagged PDF is made of, read back for comparison: the structure
tree's element kinds in reading order, every page's words, the outline,
the links, and whether the tree (pages, ids), the parent tree and the
PDF/UA identification hold together. Used to check that a book laid out in
chunks is the book laid out in one process (issue 20)."""

from __future__ import annotations

import re
import subprocess
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pikepdf
import pypdf


@dataclass
class Tagged:
    #: Structure element kinds, depth first (``/Document`` first).
    kinds: list[str]
    #: Every page's words, as a multiset (the order in which a page's
    #: furniture is drawn differs between the paths, its words do not).
    words: list[Counter[str]]
    #: (depth, title, page index) of every outline item.
    outline: list[tuple[int, str, int]]
    #: Every page's link targets (named destination or URI), in order.
    links: list[list[str]]
    #: The catalog says the content is marked, and the XMP says PDF/UA-1.
    marked: bool
    ua: bool


def read(path: Path) -> Tagged:
    """``path`` read back; asserts that its structure tree is whole: every
    element's page is a page of the document, every page's marked content
    and every link annotation has its entry in the parent tree."""
    pdf = pikepdf.open(path)
    root = pdf.Root.get("/StructTreeRoot")
    assert root is not None, f"{path.name}: not tagged"
    pages = {page.obj.objgen: i for i, page in enumerate(pdf.pages)}
    kinds: list[str] = []
    ids: list[str] = []
    headers: list[str] = []

    def walk(element: pikepdf.Object) -> None:
        if not isinstance(element, pikepdf.Dictionary) or element.get("/Type") == "/OBJR":
            return
        kinds.append(str(element.S))
        if "/Pg" in element:
            assert element.Pg.objgen in pages, f"{kinds[-1]} on a page not in the document"
        if "/ID" in element:
            ids.append(str(element.ID))
        attributes = element.get("/A")
        if isinstance(attributes, pikepdf.Dictionary):
            headers.extend(str(h) for h in attributes.get("/Headers") or [])
        for kid in element.get("/K") or []:
            walk(kid)

    [top] = list(root.K)
    walk(top)
    # A table cell names its header cells by id: ids are unique, and there.
    assert len(set(ids)) == len(ids), "an element id twice"
    assert set(headers) <= set(ids), "a table cell names a header that is not there"
    nums = root.ParentTree.Nums
    keys = {int(nums[i]): nums[i + 1] for i in range(0, len(nums), 2)}
    assert len(keys) == len(nums) // 2, "a parent tree key twice"
    links: list[list[str]] = []
    for i, page in enumerate(pdf.pages):
        if "/StructParents" in page.obj:
            marked = keys[int(page.obj.StructParents)]
            for element in marked:  # the page's elements, by marked-content id
                assert element.Pg.objgen == page.obj.objgen, f"page {i + 1}: an element of another page"
        targets = []
        for annot in page.obj.get("/Annots") or []:
            if annot.get("/Subtype") != "/Link":
                continue
            if "/StructParent" in annot:
                assert int(annot.StructParent) in keys, f"page {i + 1}: a link outside the parent tree"
            action = annot.get("/A")
            targets.append(str(annot.Dest) if "/Dest" in annot else str(action.URI))
        links.append(targets)
    metadata = pdf.Root.get("/Metadata")
    xmp = metadata.read_bytes().decode() if metadata is not None else ""
    ua = re.search(r'pdfuaid:part(="1"|>1<)', xmp) is not None
    marked = bool(pdf.Root.get("/MarkInfo", {}).get("/Marked", False))
    return Tagged(kinds, _words(path), _outline(path), links, marked, ua)


def _words(path: Path) -> list[Counter[str]]:
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout
    # A font subset maps its hyphen glyph to the first character drawn with
    # it: "-" in one document, the hyphenation point's U+2010 in a chunk
    # that hyphenates a word before it shows a hyphen.
    text = text.replace("\u2010", "-")
    return [Counter(page.split()) for page in text.split("\f")[:-1]]


def _outline(path: Path) -> list[tuple[int, str, int]]:
    reader = pypdf.PdfReader(path)
    out: list[tuple[int, str, int]] = []

    def walk(items: list, depth: int) -> None:  # type: ignore[type-arg]
        for item in items:
            if isinstance(item, list):
                walk(item, depth + 1)
            else:
                out.append((depth, item.title, reader.get_destination_page_number(item)))

    walk(reader.outline, 0)
    return out


def assert_same(one: Tagged, chunks: Tagged) -> None:
    """The book in one process and in chunks: the same tagged document."""
    assert one.marked and chunks.marked
    assert one.ua and chunks.ua, "no PDF/UA identification in the XMP"
    assert len(one.words) == len(chunks.words), "not as many pages"
    for i, (a, b) in enumerate(zip(one.words, chunks.words, strict=True), 1):
        assert a == b, (f"page {i}", a - b, b - a)
    assert one.outline == chunks.outline
    assert one.links == chunks.links
    assert len(one.kinds) == len(chunks.kinds) and one.kinds == chunks.kinds
