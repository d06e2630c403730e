"""The PDF's font plan: which faces WeasyPrint is given."""

from __future__ import annotations

import importlib

import pytest

from essaykit.theme import load_theme

pdf_fonts = importlib.import_module("essaykit.renderers.pdf.fonts")


@pytest.mark.parametrize(("html", "expected"), [
    ("<p>Prose only, even about &lt;code&gt; tags.</p>", False),
    ("<p>See <code>x</code>.</p>", True),
    ('<pre class="code"><code>x = 1</code></pre>', True),
    ("<p>Press <kbd>Ctrl</kbd>.</p>", True),
    ("<p>Output: <samp>ok</samp></p>", True),
    ('<p><span class="math">x^2</span></p>', True),
    ('<div class="math display">x</div>', True),
    ('<p class="mathematics">no</p><p class="aftermath">no</p>', False),
    ("<p>A <codex>book</codex>, a <pretext>.</pretext></p>", False),
])
def test_code_markup_is_found(html: str, expected: bool) -> None:
    assert pdf_fonts.uses_code_font(html) is expected


def test_no_code_faces_for_prose() -> None:
    theme = load_theme(None)
    code = str(theme.get("fonts.code"))
    prose = pdf_fonts.plan_fonts(theme, "en", "<p>Only prose here.</p>", 10.5)
    with_code = pdf_fonts.plan_fonts(theme, "en", "<p>Call <code>f()</code> now.</p>", 10.5)

    def families(plan: object) -> set[str]:
        return {face.family for face in plan.faces}  # type: ignore[attr-defined]

    assert any(code in name for name in families(with_code))
    assert not any(code in name for name in families(prose))
    assert families(prose) == families(with_code) - {n for n in families(with_code) if code in n}
