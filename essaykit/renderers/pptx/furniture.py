"""Page furniture of a slide (footer with the talk title, slide number) and
the speaker notes.

The footer and number are the layout's own footer and slide-number
placeholders cloned onto the slide, so a template's styling applies and
PowerPoint's "Header & Footer" dialog still manages them. The number is a
``slidenum`` field, which stays right when a speaker reorders slides.
"""

from __future__ import annotations

import copy
import re
import uuid
from typing import Any

from pptx.enum.text import MSO_ANCHOR
from pptx.oxml.ns import qn
from pptx.util import Pt

from essaykit.transform.textfit import Run

from .clone import clone
from .draw import Drawer, prepare, write_lines
from .geometry import get_xfrm, set_xfrm
from .style import DeckStyle, run_properties, style_paragraph
from .text import (
    add_paragraph,
    add_run,
    clear,
    link_run,
    placeholder,
    placeholder_of_type,
    ppr,
)

FOOTER_SIZE = 12.0


def _layout_ph(slide: Any, idx: int) -> tuple[Any, int | None] | None:
    """The layout's placeholder ``idx`` (its element) and its width, inherited
    from the master when it has none of its own (python-pptx's effective
    width, read through its proxies only then)."""
    layout = slide.slide_layout
    el = placeholder(layout.shapes._spTree, idx)
    if el is None:
        return None
    width = get_xfrm(el, "cx")
    if width is None:
        width = next(ph for ph in layout.placeholders if ph._element is el).width
    return el, width


#: A link target the planner wrote into the notes: ``<https://…>``.
_URL_IN_NOTES = re.compile(r"(?<=<)((?:https?://|mailto:)[^\s<>]+)(?=>)")


def _fit_footer(text: str, drawer: Drawer, width: float) -> str:
    m = drawer.s.body_measure
    if m.width(text, FOOTER_SIZE) <= width:
        return text
    words = text.split()
    while words and m.width(" ".join(words) + "…", FOOTER_SIZE) > width:
        words.pop()
    return (" ".join(words) + "…") if words else ""


class Furniture:
    """Footer and slide number on every slide but the first.

    The first slide of each layout gets them the python-pptx way (cloned
    layout placeholders, or text boxes when a template's layout has none);
    their XML is then copied for later slides, which is much faster.
    """

    def __init__(self, drawer: Drawer, title: str):
        self.d = drawer
        self.title = title
        self._protos: dict[tuple[int, bool], tuple[Any, Any]] = {}

    def add(self, slide: Any, number: int, *, on_accent: bool = False) -> None:
        on_accent = on_accent and self.d.own
        key = (id(slide.slide_layout), on_accent)
        proto = self._protos.get(key)
        if proto is None:
            footer, num = self._build(slide, on_accent, number)
            self._protos[key] = (copy.deepcopy(footer), copy.deepcopy(num))
            return
        tree = slide.shapes._spTree
        next_id = max((int(e.get("id", 0)) for e in tree.iter(_CNVPR)), default=1) + 1
        for i, el in enumerate(proto):
            el = copy.deepcopy(el)
            el.find(".//" + _CNVPR).set("id", str(next_id + i))
            fld = el.find(".//" + _FLD)
            if fld is not None:
                fld.find(_T).text = str(number)
            tree.append(el)

    def _build(self, slide: Any, on_accent: bool, number: int) -> tuple[Any, Any]:
        """The footer and number shape elements of the first slide of a kind."""
        d = self.d
        s, f = d.s, d.f
        color = s.background if on_accent else s.muted
        cloned = _clone(slide, 11)
        if cloned is None:
            box = slide.shapes.add_textbox(
                Pt(f.footer.x), Pt(f.footer.y), Pt(f.footer.w), Pt(f.footer.h)
            )
            footer, width = box._element, box.width
        else:
            footer, width = cloned
        text = _fit_footer(self.title, d, width / 12700 - 14)
        write_lines(
            footer.get_or_add_txBody(),
            [(Run(text),)],
            s,
            size=FOOTER_SIZE,
            font=s.body_font,
            color=color,
            align="right" if s.rtl else "left",
            anchor=MSO_ANCHOR.MIDDLE,
        )
        cloned = _clone(slide, 12)
        if cloned is None:
            num = slide.shapes.add_textbox(
                Pt(f.number.x), Pt(f.number.y), Pt(f.number.w), Pt(f.number.h)
            )._element
        else:
            num = cloned[0]
        p = prepare(num.get_or_add_txBody(), MSO_ANCHOR.MIDDLE)
        style_paragraph(p, s, align="left" if s.rtl else "right")
        _slide_number_field(p, number, s, color)
        if s.rtl and d.own:
            # The built-in layouts are drawn left to right (title at the
            # left, number at the right): a right-to-left talk gets their
            # mirror image. A user's template is left as its author made it.
            width = int(Pt(f.width))
            _mirror(slide, footer, 11, width)
            _mirror(slide, num, 12, width)
        return footer, num


def _clone(slide: Any, idx: int) -> tuple[Any, int] | None:
    """The layout's placeholder ``idx`` cloned onto the slide: the new shape
    element and its (inherited) width; None when the layout has none."""
    src = _layout_ph(slide, idx)
    if src is None or not src[1]:
        return None
    el, width = src
    tree = slide.shapes._spTree
    clone(tree, el[0].find(_PH_PATH))
    found = placeholder(tree, idx)
    assert found is not None and width is not None
    return found, width


def _mirror(slide: Any, el: Any, idx: int, slide_width: int) -> None:
    """Place shape ``el`` (a clone of the layout's placeholder ``idx``, or a
    text box) where the mirror image of the slide puts it."""
    x, y, cx, cy = (get_xfrm(el, name) for name in ("x", "y", "cx", "cy"))
    if x is None or y is None or cx is None or cy is None:
        layout = slide.slide_layout
        source = placeholder(layout.shapes._spTree, idx)
        ph = next(ph for ph in layout.placeholders if ph._element is source)
        x, y, cx, cy = ph.left, ph.top, ph.width, ph.height
    set_xfrm(el, x=slide_width - x - cx, y=y, cx=cx, cy=cy)


def _slide_number_field(p: Any, number: int, style: DeckStyle, color: str) -> None:
    r = add_run(p, str(number), run_properties(style, size=FOOTER_SIZE, color=color))
    fld = r.makeelement(
        qn("a:fld"), {"id": "{" + str(uuid.UUID(int=number)).upper() + "}", "type": "slidenum"}
    )
    for child in list(r):
        fld.append(child)
    r.addprevious(fld)
    r.getparent().remove(r)


class NotesWriter:
    """Speaker notes: the prose the slide stands for, a paragraph per paragraph.

    python-pptx builds each notes page from the notes master (about 15 ms a
    slide); the first page is built that way and copied for the others.
    """

    def __init__(self, style: DeckStyle):
        self.style = style
        self._proto: Any = None
        self._master: Any = None
        self._count = 1

    def _notes_part(self, slide: Any) -> Any:
        from pptx.opc.constants import CONTENT_TYPE as CT
        from pptx.opc.constants import RELATIONSHIP_TYPE as RT
        from pptx.opc.packuri import PackURI
        from pptx.parts.slide import NotesSlidePart

        if self._proto is None:
            part = slide.notes_slide.part
            self._proto = copy.deepcopy(part._element)
            self._master = part.part_related_by(RT.NOTES_MASTER)
            return part
        part = slide.part
        self._count += 1
        # Our own part names: python-pptx's next_partname scans every part (O(n²)).
        name = PackURI(f"/ppt/notesSlides/notesSlide{self._count}.xml")
        npart = NotesSlidePart(name, CT.PML_NOTES_SLIDE, part.package, copy.deepcopy(self._proto))
        npart.relate_to(self._master, RT.NOTES_MASTER)
        npart.relate_to(part, RT.SLIDE)
        part.relate_to(npart, RT.NOTES_SLIDE)
        return npart

    def write(self, slide: Any, notes: str) -> None:
        from pptx.opc.constants import RELATIONSHIP_TYPE as RT

        part = self._notes_part(slide)
        tree = part._element.find(_SP_TREE)
        body = placeholder_of_type(tree, "body") if tree is not None else None
        if body is None:
            return
        tx_body = body.get_or_add_txBody()
        paras = [p for p in notes.split("\n") if p.strip()] or [""]
        first = clear(tx_body)
        lang = self.style.lang
        for i, text in enumerate(paras):
            p = first if i == 0 else add_paragraph(tx_body)
            if self.style.rtl:
                ppr(p).set("rtl", "1")
            # ``text <https://…>``: the target of a link in the essay, made
            # clickable (the planner writes it so; see slides.block_text).
            for k, piece in enumerate(_URL_IN_NOTES.split(text)):
                if not piece:
                    continue
                r = add_run(p, piece)
                if k % 2:
                    link_run(r, part.relate_to(piece, RT.HYPERLINK, is_external=True))
                rpr = r.find(_A_RPR)
                if rpr is None:
                    rpr = r.makeelement(_A_RPR, {})
                    r.insert(0, rpr)
                rpr.set("lang", lang)


_SP_TREE = qn("p:cSld") + "/" + qn("p:spTree")
_CNVPR, _FLD, _T = qn("p:cNvPr"), qn("a:fld"), qn("a:t")
_PH_PATH = qn("p:nvPr") + "/" + qn("p:ph")
_A_RPR = qn("a:rPr")
