"""Placeholders cloned on the elements are the ones python-pptx clones."""

from __future__ import annotations

from lxml import etree
from pptx import Presentation
from pptx.oxml.ns import qn

from essaykit.renderers.pptx.clone import clone, clone_layout_placeholders, layout_placeholders

_PH_PATH = qn("p:nvPr") + "/" + qn("p:ph")


def test_every_layout_clones_as_python_pptx_does() -> None:
    ours, theirs = Presentation(), Presentation()
    for mine_layout, ref_layout in zip(ours.slide_layouts, theirs.slide_layouts, strict=True):
        rid, slide = ours.part.add_slide(mine_layout)
        clone_layout_placeholders(slide.shapes._spTree, mine_layout.shapes._spTree)
        ours.slides._sldIdLst.add_sldId(rid)
        ref = theirs.slides.add_slide(ref_layout)
        # and the latent ones (date, footer, number), as the furniture asks for them
        for ph in layout_placeholders(mine_layout.shapes._spTree):
            if ph.get("type") in ("dt", "ftr", "sldNum"):
                clone(slide.shapes._spTree, ph)
        for ph in ref_layout.placeholders:
            if ph.element[0].find(_PH_PATH).get("type") in ("dt", "ftr", "sldNum"):
                ref.shapes.clone_placeholder(ph)
        assert etree.tostring(slide._element) == etree.tostring(ref._element)


def test_a_second_clone_gets_a_new_id_and_name_as_in_python_pptx() -> None:
    ours, theirs = Presentation(), Presentation()
    rid, slide = ours.part.add_slide(ours.slide_layouts[1])
    title = next(layout_placeholders(ours.slide_layouts[1].shapes._spTree))
    a, b = clone(slide.shapes._spTree, title), clone(slide.shapes._spTree, title)
    assert len({el[0][0].get("name") for el in (a, b)}) == 2
    _, ref = theirs.part.add_slide(theirs.slide_layouts[1])
    ref_title = next(iter(theirs.slide_layouts[1].placeholders))
    ref.shapes.clone_placeholder(ref_title)
    ref.shapes.clone_placeholder(ref_title)
    assert etree.tostring(slide._element) == etree.tostring(ref._element)
