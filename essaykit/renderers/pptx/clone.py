"""Layout placeholders cloned onto a slide, on the elements.

Why not python-pptx's ``clone_placeholder``: it reads each placeholder's
kind through an XPath compiled per call and searches the whole slide with
two more for the next id and name, 2-3 ms a placeholder; a deck clones about
twenty (the first slide of each layout, the footer and number of each). The
shape is still made by python-pptx (``CT_Shape.new_placeholder_sp``) with the
id and name python-pptx would give it, so the XML is the same.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from pptx.enum.shapes import PP_PLACEHOLDER
from pptx.oxml.ns import qn
from pptx.oxml.shapes.autoshape import CT_Shape

_P_PH = qn("p:ph")
_PH_PATH = qn("p:nvPr") + "/" + _P_PH
_CNVPR = qn("p:cNvPr")
_SHAPES = frozenset(
    qn(t) for t in ("p:sp", "p:grpSp", "p:graphicFrame", "p:cxnSp", "p:pic", "p:contentPart")
)
#: What a slide does not get from its layout until asked (python-pptx's
#: ``iter_cloneable_placeholders``).
_LATENT = frozenset(("dt", "ftr", "sldNum"))
#: python-pptx's ``SlideShapes.ph_basename``.
_BASENAMES = {
    "clipArt": "ClipArt Placeholder",
    "body": "Text Placeholder",
    "ctrTitle": "Title",
    "chart": "Chart Placeholder",
    "dt": "Date Placeholder",
    "ftr": "Footer Placeholder",
    "hdr": "Header Placeholder",
    "media": "Media Placeholder",
    "obj": "Content Placeholder",
    "dgm": "SmartArt Placeholder",
    "pic": "Picture Placeholder",
    "sldNum": "Slide Number Placeholder",
    "subTitle": "Subtitle",
    "tbl": "Table Placeholder",
    "title": "Title",
}


def layout_placeholders(tree: Any) -> Iterator[Any]:
    """The ``p:ph`` elements of a layout's shape tree, in document order."""
    for el in tree:
        if el.tag in _SHAPES and len(el):
            ph = el[0].find(_PH_PATH)
            if ph is not None:
                yield ph


def clone_layout_placeholders(slide_tree: Any, layout_tree: Any) -> None:
    """What python-pptx's ``add_slide`` clones from the layout."""
    for ph in layout_placeholders(layout_tree):
        if ph.get("type", "obj") not in _LATENT:
            clone(slide_tree, ph)


def clone(slide_tree: Any, ph: Any) -> Any:
    """A copy of the layout placeholder ``ph`` (its ``p:ph`` element) at the
    end of ``slide_tree``; the new shape element."""
    kind = ph.get("type", "obj")
    root = slide_tree.getroottree()
    id_ = next_shape_id(slide_tree)
    basename = _BASENAMES[kind]
    orient = ph.get("orient", "horz")
    if orient == "vert":
        basename = "Vertical " + basename
    names = {el.get("name") for el in root.iter(_CNVPR)}
    number = id_ - 1
    while f"{basename} {number}" in names:
        number += 1
    sp = CT_Shape.new_placeholder_sp(
        id_,
        f"{basename} {number}",
        PP_PLACEHOLDER.from_xml(kind),
        orient,
        ph.get("sz", "full"),
        int(ph.get("idx", 0)),
    )
    slide_tree.insert_element_before(sp, "p:extLst")
    return sp


def next_shape_id(tree: Any) -> int:
    """The id python-pptx gives a new shape: one more than any numeric ``id``
    attribute in the part (its ``max_shape_id``, without the XPath)."""
    ids = [
        int(v) for el in tree.getroottree().iter() if (v := el.get("id")) is not None and v.isdigit()
    ]
    return (max(ids) if ids else 0) + 1
