"""Text layouts set up by :mod:`essaykit.speedups.pango` (shared Pango
contexts, font descriptions and feature strings) give the same PDF, byte
for byte, as WeasyPrint's own ``Layout.setup``."""

from __future__ import annotations

from typing import Any

import pytest

from essaykit.speedups import pango as pdf_pango
from essaykit.speedups.weasy_import import import_weasyprint

from .weasy_patches import install_fresh, render

WORDS = ("Plain language is a courtesy to readers who are tired, busy or far from home; "
         "the word essay means an attempt, and the best ones still feel like attempts. ")
#: Every input of ``setup``: directions, languages and a language override,
#: sizes, weights, styles, small caps, features, variations, decorations.
HTML = f"""
<p style="text-align: justify; hyphens: auto" lang="en">{WORDS * 4}</p>
<p lang="de" style="hyphens: auto">Donaudampfschifffahrtsgesellschaftskapitän und {WORDS}</p>
<p lang="tr" style="font-language-override: 'TRK'">Istanbul ıi İI fi fl {WORDS}</p>
<p><b>Bold</b>, <i>italic</i>, <b><i>both</i></b>, <code>monospace()</code>, <small>small</small>,
<span style="font-size: 31.7px">odd size</span>, <span style="font-stretch: condensed">narrow</span>
and <span style="font-family: serif">serif</span>.</p>
<p style="font-variant: small-caps; letter-spacing: 0.05em">Small Capitals 1,234</p>
<p style="font-variant-numeric: oldstyle-nums tabular-nums; font-kerning: none">0123456789 AVAWAY</p>
<p style="font-variant-ligatures: none; font-feature-settings: 'liga' 0, 'smcp'">office afflict</p>
<p style="font-variation-settings: 'wght' 650">Variable, where the face allows</p>
<p><u>underlined</u>, <s>struck</s>, <span style="text-decoration: overline">over</span>.</p>
<h2 style="font-size: 2.3em; word-spacing: 0.2em">A heading at another size</h2>
<p dir="rtl" lang="he">שלום עולם, ספר ארוך {WORDS}</p>
<p dir="rtl" lang="ar">مرحبا بالعالم، كتاب طويل</p>
<p lang="ja">日本語の文章は、文字と文字の間で改行されます。</p>
<p style="white-space: pre">pre\tformatted\n  lines</p>
"""


@pytest.fixture
def weasy(monkeypatch: pytest.MonkeyPatch) -> Any:
    """WeasyPrint's ``Layout`` with :mod:`.pdf_pango` installed, the
    original put back after the test."""
    import_weasyprint()
    from weasyprint.text.line_break import Layout

    install_fresh(monkeypatch, pdf_pango, Layout, "setup")
    return Layout


def test_same_pdf_as_weasyprint(weasy: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    shared = render(HTML)
    monkeypatch.setattr(weasy, "setup", pdf_pango.original)
    assert render(HTML) == shared


def test_contexts_are_shared_per_direction_and_language(weasy: Any) -> None:
    from weasyprint import HTML as Page

    document = Page(string=HTML).render()
    contexts, descriptions, features = document.font_config._essaykit_pango
    # A handful of contexts and faces for thousands of layouts.
    assert {key[0] for key in contexts} == {"ltr", "rtl"}
    assert ("ltr", "TRK", None) in contexts
    assert 2 <= len(contexts) <= 8
    assert 5 <= len(descriptions) <= 40
    assert None in features.values() or any(features.values())


def test_unhashable_style_values_take_weasyprint_setup(weasy: Any) -> None:
    """A value that cannot be a key (a list where WeasyPrint keeps a tuple)
    still gets a layout, from WeasyPrint's own setup, and is not cached."""
    from weasyprint import HTML as Page

    document = Page(string="<p>x</p>").render()
    [text] = [box for box in document.pages[0]._page_box.descendants() if hasattr(box, "pango_layout")]
    style = text.style
    style["font_family"] = list(style["font_family"])
    descriptions = document.font_config._essaykit_pango[1]
    known = dict(descriptions)
    layout = weasy(style)
    assert layout.style is style and layout.layout is not None
    layout.set_text("x")
    assert layout.get_first_line()[0] is not None
    assert descriptions == known
