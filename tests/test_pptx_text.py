"""The deck's element-level text writing makes the XML python-pptx's proxies make."""

from __future__ import annotations

from typing import Any

import pytest
from lxml import etree
from pptx import Presentation
from pptx.oxml.ns import qn

from essaykit.renderers.pptx.style import DeckStyle, no_bullet, run_properties, style_paragraph
from essaykit.renderers.pptx.text import (
    add_paragraph,
    add_run,
    clear,
    escape,
    placeholder,
    placeholder_of_type,
    ppr,
)
from essaykit.theme import load_theme


def _slide() -> Any:
    prs = Presentation()
    return prs.slides.add_slide(prs.slide_layouts[1])


def _xml(el: Any) -> bytes:
    return etree.tostring(el)


@pytest.mark.parametrize("text", ["plain", "bell\x07 and tab\t", "a\x0bb", "", "é – “x”"])
def test_runs_and_paragraphs_match_python_pptx(text: str) -> None:
    body = _slide().placeholders[1]
    ours = _slide().placeholders[1]._element.get_or_add_txBody()
    # python-pptx's way
    tf = body.text_frame
    tf.clear()
    par = tf.paragraphs[0]
    run = par.add_run()
    run.text = text
    par2 = tf.add_paragraph()
    par2._p.get_or_add_pPr().set("rtl", "1")
    par2.add_run().text = "second"
    # ours
    first = clear(ours)
    add_run(first, text)
    p2 = add_paragraph(ours)
    ppr(p2).set("rtl", "1")
    add_run(p2, "second")
    assert _xml(ours) == _xml(tf._txBody)


def test_run_before_end_paragraph_properties_and_clear_keeps_ppr() -> None:
    slide = _slide()
    tx = slide.placeholders[1]._element.get_or_add_txBody()
    p = tx.find(qn("a:p"))
    p.append(p.makeelement(qn("a:endParaRPr"), {}))
    ppr(p).set("algn", "ctr")
    add_run(p, "x")
    assert [c.tag.split("}")[1] for c in p] == ["pPr", "r", "endParaRPr"]
    add_paragraph(tx)
    first = clear(tx)
    assert first is p and len(tx.findall(qn("a:p"))) == 1
    assert [c.tag.split("}")[1] for c in p] == ["pPr", "endParaRPr"]


def test_escape_matches_python_pptx() -> None:
    from pptx.oxml.text import CT_RegularTextRun

    for text in ("ok", "\x00\x1f\x0b", "tab\tand\nline", "nbsp\u00a0"):
        assert escape(text) == CT_RegularTextRun._escape_ctrl_chars(text)


def test_paragraph_styling_matches_the_python_pptx_setters() -> None:
    from pptx.enum.text import PP_ALIGN

    style = DeckStyle.from_theme(load_theme(), "en")
    par = _slide().placeholders[1].text_frame.paragraphs[0]
    mine = _slide().placeholders[1].text_frame.paragraphs[0]._p
    no_bullet(mine)
    style_paragraph(mine, style, align="center")
    ppr_ = par._p.get_or_add_pPr()
    ppr_.set("marL", "0")
    ppr_.set("indent", "0")
    ppr_.append(ppr_.makeelement(qn("a:buNone"), {}))
    par.alignment = PP_ALIGN.CENTER
    assert _xml(mine) == _xml(par._p)


def test_run_properties_are_fresh_copies() -> None:
    style = DeckStyle.from_theme(load_theme(), "en")
    a = run_properties(style, size=24, color="112233")
    b = run_properties(style, size=24, color="112233")
    assert a is not b and _xml(a) == _xml(b)
    a.set("lang", "fr")
    assert run_properties(style, size=24, color="112233").get("lang") == "en"


def test_placeholder_lookup_matches_python_pptx() -> None:
    slide = _slide()
    tree = slide.shapes._spTree
    assert placeholder(tree, 0) is slide.shapes.title._element
    assert placeholder(tree, 1) is slide.placeholders[1]._element
    assert placeholder(tree, 7) is None
    notes = slide.notes_slide
    found = placeholder_of_type(notes.shapes._spTree, "body")
    assert found is notes.notes_placeholder._element
