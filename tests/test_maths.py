"""TeX maths in every format: drawn in the PDF, MathML in the EPUB, the TeX in
code style (with a warning naming the line) where a formula cannot be drawn."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from io import BytesIO
from pathlib import Path

import pytest

from essaykit import loads
from essaykit.errors import Warning_
from essaykit.renderers.base import RenderContext
from essaykit.renderers.pdf.html import PdfWriter
from essaykit.renderers.pdf.renderer import PdfRenderer
from essaykit.theme import load_theme
from essaykit.transform import maths

pypdf = pytest.importorskip("pypdf")

ESSAY = r"""---
title: Equations at Work
author: A. Writer
---

# Euler

The identity $e^{i\pi} + 1 = 0$ ties five constants together, and
$\mathbf{x} \implies \mathbf{y}$ is an implication in bold.

$$
\int_0^\infty e^{-x^2}\,dx = \frac{\sqrt{\pi}}{2}
$$

# Trouble

A formula with an unknown command: $\foo{x}$, here.
"""

TEX_COMMANDS = re.compile(r"\\(?:frac|int|mathbf|implies|pi|sqrt|infty)")


def test_what_can_and_cannot_be_drawn() -> None:
    assert maths.problem(r"\frac{a}{b}") is None
    assert maths.problem(r"\frac{") == "the TeX does not parse"
    assert maths.problem(r"\foo{x}") == r"unknown command \foo"
    assert maths.problem("  ") == "empty formula"
    inline = maths.picture(r"\frac{n(n+1)}{2}", display=False)
    assert inline is not None and inline.svg.startswith("<svg")
    assert inline.width > 0 and inline.height > inline.depth > 0
    assert maths.picture(r"\foo", display=True) is None
    mathml = maths.to_mathml("x < y", display=True)
    assert mathml is not None and mathml.startswith('<math alttext="x &lt; y"')


def test_drawing_maths_leaves_the_root_logger_alone() -> None:
    # A fresh interpreter: pytest itself puts handlers on the root logger.
    code = (
        "import logging; from essaykit.transform import maths\n"
        "assert maths.picture(r'x^{2} + \\frac{1}{n} = 12', True) is not None\n"
        "assert maths.png(r'\\sum_{k=1}^{n} k', False) is not None\n"
        "print(len(logging.getLogger().handlers))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=600)
    assert out.returncode == 0, out.stderr[-2000:]
    assert out.stdout.split() == ["0"]  # no basicConfig by ziafont's logging.debug()
    assert "WARNING:" not in out.stderr


def test_png_for_the_deck() -> None:
    drawn = maths.png(r"e^{i\pi} + 1 = 0", display=True, color="#1d1b19")
    assert drawn is not None
    data, width, height = drawn
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    assert width > 2 * height > 0


def render_pdf(text: str) -> tuple[bytes, list[Warning_]]:
    warnings: list[Warning_] = []
    doc = loads(text, format="markdown")
    ctx = RenderContext(theme=load_theme("classic"), options={}, source="essay.md",
                        warn_fn=warnings.append)
    return PdfRenderer().render(doc, ctx), warnings


@pytest.fixture(scope="module")
def maths_pdf() -> tuple[bytes, list[Warning_]]:
    return render_pdf(ESSAY)


def figure_alts(reader: object) -> list[str]:
    alts: list[str] = []

    def walk(node: object) -> None:
        node = node.get_object()  # type: ignore[attr-defined]
        if isinstance(node, dict):
            if node.get("/S") == "/Figure" and "/Alt" in node:
                alts.append(str(node["/Alt"]))
            if "/K" in node:
                walk(node["/K"])
        elif isinstance(node, list):
            for child in node:
                walk(child)

    walk(reader.trailer["/Root"]["/StructTreeRoot"])  # type: ignore[attr-defined]
    return alts


def test_pdf_draws_maths_and_prints_no_tex(maths_pdf: tuple[bytes, list[Warning_]]) -> None:
    data, warnings = maths_pdf
    reader = pypdf.PdfReader(BytesIO(data))
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert "ties five constants" in text
    assert not TEX_COMMANDS.search(text), text
    # The formulas are pictures, tagged as figures with their TeX as alt text.
    assert figure_alts(reader) == [r"e^{i\pi} + 1 = 0", r"\mathbf{x} \implies \mathbf{y}",
                                   r"\int_0^\infty e^{-x^2}\,dx = \frac{\sqrt{\pi}}{2}"]
    # The one formula that cannot be drawn is the TeX in code style, once,
    # with a warning that names its line.
    assert r"\foo{x}" in text
    [warning] = [w for w in warnings if "maths" in w.message]
    assert warning.line == 17 and r"unknown command \foo" in warning.message


def test_inline_maths_sits_on_the_baseline() -> None:
    doc = loads("Text $x_{i}^{2}$ and $\\frac{a}{b}$.\n\n$$a = b$$\n", format="markdown")
    writer = PdfWriter(doc, picture_src=lambda name, svg: f"mem:{name}")
    html = writer.blocks(doc.blocks)
    imgs = re.findall(r'<img class="formula" src="mem:math-\d+\.svg" alt="([^"]*)" style="([^"]*)"/>', html)
    assert [alt for alt, _ in imgs] == ["x_{i}^{2}", r"\frac{a}{b}", "a = b"]
    for _alt, style in imgs[:2]:
        assert re.search(r"vertical-align: -0\.\d+em", style)
    assert '<div class="formula display"><img' in html


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="pdftotext (poppler-utils) not installed")
def test_display_maths_is_not_hyphenated_tex(maths_pdf: tuple[bytes, list[Warning_]], tmp_path: Path) -> None:
    pdf = tmp_path / "m.pdf"
    pdf.write_bytes(maths_pdf[0])
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert "\\im-" not in text and "\\ma-" not in text and "\\frac" not in text


def test_deck_shows_equations_as_pictures_with_their_tex() -> None:
    import io

    from pptx import Presentation

    from essaykit.renderers.pptx.renderer import PptxRenderer

    warnings: list[Warning_] = []
    doc = loads(ESSAY, format="markdown")
    ctx = RenderContext(theme=load_theme("classic"), options={}, source="essay.md",
                        warn_fn=warnings.append)
    prs = Presentation(io.BytesIO(PptxRenderer().render(doc, ctx)))
    pictures = [sh for s in prs.slides for sh in s.shapes if sh.shape_type == 13]
    assert [p._element.nvPicPr.cNvPr.get("descr") for p in pictures] == [
        r"\int_0^\infty e^{-x^2}\,dx = \frac{\sqrt{\pi}}{2}"]
    assert pictures[0].image.content_type == "image/png"
    texts = [sh.text_frame.text for s in prs.slides for sh in s.shapes if sh.has_text_frame]
    shown = "\n".join(texts)
    # No TeX on a slide: inline maths is set as Unicode text...
    assert "e^(iπ)" in shown
    assert not TEX_COMMANDS.search(shown), shown
    # ...except the formula that cannot be read, in code style.
    assert r"\foo{x}" in shown


def test_deck_equation_that_cannot_be_drawn_is_its_tex_with_a_warning() -> None:
    import io

    from pptx import Presentation

    from essaykit.renderers.pptx.renderer import PptxRenderer

    warnings: list[Warning_] = []
    doc = loads("# Bad\n\nSome text here.\n\n$$\n\\frac{1}{\n$$\n", format="markdown")
    ctx = RenderContext(theme=load_theme("classic"), options={}, source="essay.md",
                        warn_fn=warnings.append)
    prs = Presentation(io.BytesIO(PptxRenderer().render(doc, ctx)))
    codes = [sh.text_frame.text for s in prs.slides for sh in s.shapes if sh.name == "Code"]
    assert codes == ["\\frac{1}{"]
    assert [(w.line, w.message) for w in warnings] == [(5, "maths $\\frac{1}{$: the TeX does not parse; shown as TeX")]


def test_plain_maths_for_slide_text() -> None:
    assert maths.plain(r"x_i^2 + \sqrt{a^2+b^2}") == "xᵢ² + √(a² + b²)"
    assert maths.plain(r"\alpha \leq \beta") == "α ≤ β"
    assert maths.plain(r"\frac{1}{") == r"\frac{1}{"


def test_pdf_slides_draw_the_equation_too() -> None:
    from essaykit.renderers.slides.renderer import SlidesRenderer

    doc = loads(ESSAY, format="markdown")
    ctx = RenderContext(theme=load_theme("classic"), options={}, source="essay.md", warn_fn=lambda w: None)
    reader = pypdf.PdfReader(BytesIO(SlidesRenderer().render(doc, ctx)))
    assert figure_alts(reader) == [r"\int_0^\infty e^{-x^2}\,dx = \frac{\sqrt{\pi}}{2}"]
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert "\\int" not in text and "\\frac" not in text
