"""Glyphs written by :mod:`essaykit.speedups.glyphs` give the same PDF,
byte for byte, as WeasyPrint's own ``draw_first_line``; lines it does not
handle (ellipsis, raised marks, missing glyphs) still go to WeasyPrint."""

from __future__ import annotations

from typing import Any

import pytest

from essaykit.speedups import glyphs as pdf_glyphs
from essaykit.speedups.weasy_import import import_weasyprint

from .weasy_patches import install_fresh, render

WORDS = ("Plain language is a courtesy to readers who are tired, busy or far from home; "
         "the word essay means an attempt, and the best ones still feel like attempts. ")
HTML = f"""
<p style="text-align: justify; hyphens: auto" lang="en">{WORDS * 6}</p>
<p style="text-align: justify; word-spacing: 0.1em; letter-spacing: 0.02em">{WORDS * 2}</p>
<p><b>Bold</b>, <i>italic</i>, <code>monospace()</code>, <small>small</small>,
<span style="font-size: 31.7px">odd size</span> and <span style="font-family: serif">serif</span>.</p>
<h2 style="font-size: 2.3em">A heading at another size</h2>
<p>Marks: ậ ǭ q̃ e\u0301 and a zero\u200bwidth space; ligatures: office, afflict.</p>
<p>Missing from every font: \ue000\U000f0000.</p>
<p dir="rtl" lang="he">שלום עולם, ספר ארוך</p>
<p style="width: 6em; white-space: nowrap; overflow: hidden; text-overflow: ellipsis">{WORDS}</p>
<p style="text-align: right">¶ 1,234.56 € — “quoted” ’tis</p>
"""


@pytest.fixture
def weasy(monkeypatch: pytest.MonkeyPatch) -> Any:
    """WeasyPrint's text module with :mod:`.pdf_glyphs` installed, the
    original put back after the test."""
    import_weasyprint()
    import weasyprint.draw.text as wp_text

    install_fresh(monkeypatch, pdf_glyphs, wp_text, "draw_first_line")
    return wp_text


def test_same_pdf_as_weasyprint(weasy: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    taken: list[bool] = []
    read_runs = pdf_glyphs._read_runs

    def spy(*args: Any) -> Any:
        runs = read_runs(*args)
        taken.append(runs is not None)
        return runs

    monkeypatch.setattr(pdf_glyphs, "_read_runs", spy)
    fast = render(HTML)
    assert taken.count(True) >= 10, "few lines took the fast path"
    assert taken.count(False) >= 1, "no line went back to WeasyPrint (raised mark, missing glyph)"
    monkeypatch.setattr(weasy, "draw_first_line", pdf_glyphs.original)
    assert render(HTML) == fast


def test_pieces_are_kept_per_font_and_size(weasy: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """The same face at two sizes in one line: pieces kept apart (else a
    glyph would be written with the other size's kerning)."""
    html = ('<p style="text-align: justify">' + "".join(
        f'<span style="font-size: {size}px">kerning AVAWAY To. {size}</span> ' for size in
        (9, 9.5, 10, 13, 9)) * 8 + "</p>")
    fast = render(html)
    monkeypatch.setattr(weasy, "draw_first_line", pdf_glyphs.original)
    assert render(html) == fast
    # WeasyPrint keeps one ``Font`` for all sizes of a face: a glyph of the
    # same width in Pango units at two sizes must not share its piece.
    font = type("Font", (), {})()
    small, large = pdf_glyphs._pieces(font, 9.0), pdf_glyphs._pieces(font, 13.0)
    small[(36, 5000, 0, 0)] = "0024>-3<"
    assert small is not large and (36, 5000, 0, 0) not in large
    assert pdf_glyphs._pieces(font, 9.0) is small


def test_book_chunk_same_bytes(weasy: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """An essay through essaykit's own pipeline (embedded faces, theme)."""
    from essaykit import api
    from essaykit.api import _context
    from essaykit.renderers.pdf.layout import layout
    from essaykit.renderers.pdf.renderer import build

    from .conftest import EXAMPLES

    doc = api.prepare(api.load(EXAMPLES / "essay.md"))
    job = build(doc, _context(doc, "classic", {"pdf_variant": "none"}, None))
    rendered, _refused, _notes = layout(job)
    fast = bytes(rendered.write_pdf())
    monkeypatch.setattr(weasy, "draw_first_line", pdf_glyphs.original)
    assert bytes(rendered.write_pdf()) == fast
