"""Page furniture of a slide (footer with the talk title, slide number) and
the speaker notes.

The footer and number are the layout's own footer and slide-number
placeholders cloned onto the slide, so a template's styling applies and
PowerPoint's "Header & Footer" dialog still manages them. The number is a
``slidenum`` field, which stays right when a speaker reorders slides.
"""

from __future__ import annotations

import uuid
from typing import Any

from pptx.enum.text import MSO_ANCHOR
from pptx.oxml.ns import qn
from pptx.util import Pt

from ..transform.textfit import Run
from .pptx_draw import Drawer, place, prepare, write_lines
from .pptx_style import DeckStyle, style_paragraph, style_run

FOOTER_SIZE = 12.0


def _layout_ph(slide: Any, idx: int) -> Any | None:
    for ph in slide.slide_layout.placeholders:
        if ph.placeholder_format.idx == idx:
            return ph
    return None


def _clone(slide: Any, idx: int) -> Any | None:
    src = _layout_ph(slide, idx)
    if src is None:
        return None
    slide.shapes.clone_placeholder(src)
    for ph in slide.placeholders:
        if ph.placeholder_format.idx == idx:
            return ph
    return None


def _fit_footer(text: str, drawer: Drawer, width: float) -> str:
    m = drawer.s.body_measure
    if m.width(text, FOOTER_SIZE) <= width:
        return text
    words = text.split()
    while words and m.width(" ".join(words) + "…", FOOTER_SIZE) > width:
        words.pop()
    return (" ".join(words) + "…") if words else ""


def add_furniture(slide: Any, drawer: Drawer, title: str, number: int, *,
                  on_accent: bool = False) -> None:
    """Footer and slide number; ``on_accent`` for slides with a coloured ground."""
    s, f = drawer.s, drawer.f
    on_accent = on_accent and drawer.own
    color = s.background if on_accent else s.muted
    footer = _clone(slide, 11)
    if footer is None:
        footer = slide.shapes.add_textbox(Pt(f.footer.x), Pt(f.footer.y), Pt(f.footer.w),
                                          Pt(f.footer.h))
    elif drawer.own:
        place(footer, f.footer)
    text = _fit_footer(title, drawer, footer.width / 12700 - 14)
    write_lines(footer.text_frame, [(Run(text),)], s, size=FOOTER_SIZE, font=s.body_font,
                color=color, align="right" if s.rtl else "left", anchor=MSO_ANCHOR.MIDDLE)
    num = _clone(slide, 12)
    if num is None:
        num = slide.shapes.add_textbox(Pt(f.number.x), Pt(f.number.y), Pt(f.number.w),
                                       Pt(f.number.h))
    elif drawer.own:
        place(num, f.number)
    tf = num.text_frame
    prepare(tf, MSO_ANCHOR.MIDDLE)
    par = tf.paragraphs[0]
    style_paragraph(par, s, align="left" if s.rtl else "right")
    _slide_number_field(par, number, s, color)


def _slide_number_field(par: Any, number: int, style: DeckStyle, color: str) -> None:
    run = par.add_run()
    run.text = str(number)
    style_run(run, style, size=FOOTER_SIZE, color=color)
    r = run._r
    fld = r.makeelement(qn("a:fld"), {"id": "{" + str(uuid.UUID(int=number)).upper() + "}",
                                      "type": "slidenum"})
    for child in list(r):
        fld.append(child)
    r.addprevious(fld)
    r.getparent().remove(r)


def write_notes(slide: Any, notes: str, style: DeckStyle) -> None:
    """The prose the slide stands for, one paragraph per paragraph of the essay."""
    tf = slide.notes_slide.notes_text_frame
    if tf is None:
        return
    paras = [p for p in notes.split("\n") if p.strip()] or [""]
    tf.clear()
    for i, text in enumerate(paras):
        par = tf.paragraphs[0] if i == 0 else tf.add_paragraph()
        style_paragraph(par, style)
        run = par.add_run()
        run.text = text
        run._r.get_or_add_rPr().set("lang", style.lang)
