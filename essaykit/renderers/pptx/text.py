"""Text frames, paragraphs and runs of the deck, written as lxml elements.

Why not python-pptx's proxies (``tf.paragraphs``, ``add_run``, ``run.text``,
``slide.placeholders``): each call goes through descriptors, successor
searches, ``qn()`` parsing and a compiled-per-call XPath, about a millisecond
a run or a lookup, and a 3,000-word talk writes hundreds of runs. The
elements made here are the ones python-pptx makes, in the same order, so the
deck's XML is byte for byte the same (the tests compare it with a deck drawn
the python-pptx way).
"""

from __future__ import annotations

import re
from typing import Any

from pptx.oxml.ns import qn

A_P, A_PPR, A_R, A_RPR, A_T = qn("a:p"), qn("a:pPr"), qn("a:r"), qn("a:rPr"), qn("a:t")
A_BR, A_FLD, A_END = qn("a:br"), qn("a:fld"), qn("a:endParaRPr")
A_BODYPR, A_HLINK = qn("a:bodyPr"), qn("a:hlinkClick")
R_ID = qn("r:id")
P_PH = qn("p:ph")
_PH_PATH = qn("p:nvPr") + "/" + P_PH
#: Shape elements of a shape tree (python-pptx's ``iter_shape_elms``).
_SHAPES = frozenset(
    qn(t) for t in ("p:sp", "p:grpSp", "p:graphicFrame", "p:cxnSp", "p:pic", "p:contentPart")
)
#: What follows ``a:pPr`` in a paragraph.
_AFTER_PPR = frozenset((A_R, A_BR, A_FLD, A_END))
_CONTENT = frozenset((A_R, A_BR, A_FLD))
_CTRL = re.compile(r"([\x00-\x08\x0B-\x1F])")


def escape(text: str) -> str:
    """Control characters as python-pptx writes them (``_x0007_``)."""
    if text.isprintable():
        return text
    return _CTRL.sub(lambda m: f"_x{ord(m.group(1)):04X}_", text)


def placeholder(tree: Any, idx: int) -> Any | None:
    """The shape element of the placeholder ``idx`` in a shape tree (the
    first, in document order, as python-pptx finds it)."""
    for el in tree:
        if el.tag in _SHAPES and len(el):
            ph = el[0].find(_PH_PATH)
            if ph is not None and int(ph.get("idx", 0)) == idx:
                return el
    return None


def placeholders(tree: Any) -> list[tuple[Any, int, str]]:
    """(shape element, idx, type) of each placeholder in a shape tree."""
    out = []
    for el in tree:
        if el.tag in _SHAPES and len(el):
            ph = el[0].find(_PH_PATH)
            if ph is not None:
                out.append((el, int(ph.get("idx", 0)), ph.get("type", "obj")))
    return out


def placeholder_of_type(tree: Any, ph_type: str) -> Any | None:
    for el in tree:
        if el.tag in _SHAPES and len(el):
            ph = el[0].find(_PH_PATH)
            if ph is not None and ph.get("type", "obj") == ph_type:
                return el
    return None


def clear(tx_body: Any) -> Any:
    """Only the first paragraph left, emptied of runs (``TextFrame.clear``);
    that paragraph."""
    first = None
    for p in tx_body.findall(A_P):
        if first is None:
            first = p
        else:
            tx_body.remove(p)
    assert first is not None, "a text body has at least one paragraph"
    for child in [c for c in first if c.tag in _CONTENT]:
        first.remove(child)
    return first


def add_paragraph(tx_body: Any) -> Any:
    p = tx_body.makeelement(A_P, {})
    tx_body.append(p)
    return p


def ppr(p: Any) -> Any:
    """The paragraph's ``a:pPr``, made first when missing."""
    found = p.find(A_PPR)
    if found is not None:
        return found
    el = p.makeelement(A_PPR, {})
    for i, child in enumerate(p):
        if child.tag in _AFTER_PPR:
            p.insert(i, el)
            return el
    p.append(el)
    return el


def add_run(p: Any, text: str, rpr: Any | None = None) -> Any:
    """A run ``<a:r>[rPr]<a:t>text</a:t></a:r>`` at the end of ``p``, as
    python-pptx's ``add_run()`` then ``run.text = text`` make it."""
    r = p.makeelement(A_R, {})
    end = p.find(A_END)
    if end is not None:
        end.addprevious(r)
    else:
        p.append(r)
    if rpr is not None:
        r.append(rpr)
    t = r.makeelement(A_T, {})
    t.text = escape(text)  # "" too: python-pptx writes <a:t></a:t> then
    r.append(t)
    return r


def link_run(r: Any, rid: str) -> None:
    """The run's ``a:hlinkClick`` (its ``a:rPr`` made when missing)."""
    rpr = r.find(A_RPR)
    if rpr is None:
        rpr = r.makeelement(A_RPR, {})
        r.insert(0, rpr)
    rpr.append(rpr.makeelement(A_HLINK, {R_ID: rid}))
