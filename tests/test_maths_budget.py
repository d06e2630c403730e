"""Many distinct formulas (issue 22): each drawn glyph is a plain path (cheaper
for WeasyPrint, the same pixels), and a document draws formulas up to a size
budget; past it the rest are its TeX, with one warning, in every output."""

from __future__ import annotations

import io
import os
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from essaykit import loads
from essaykit.errors import Warning_
from essaykit.renderers.base import RenderContext
from essaykit.renderers.pdf.html import PdfWriter
from essaykit.theme import load_theme
from essaykit.transform import maths

pypdf = pytest.importorskip("pypdf")

FORMULAS = [r"x_{12}^2 + \sqrt{12}", r"\frac{a}{b}+\int_0^1 f(x)\,dx",
            r"\begin{pmatrix} a & b \\ c & d \end{pmatrix}", r"\frac{\sum_{i=1}^n i}{\prod_j \hat{x}_j}"]
#: A bracket built of pieces (a group in its symbol): kept as ziamath places it.
BUILT = r"\left(\frac{\sum_{i=1}^n i}{\prod_j \hat{x}_j}\right)"


def _essay(n: int) -> str:
    return "---\ntitle: Many\n---\n\n" + "".join(f"Let $x_{{{i}}}^2 + \\sqrt{{{i}}}$ be.\n\n" for i in range(n))


@pytest.mark.parametrize("tex", [*FORMULAS, BUILT])
def test_glyphs_are_paths_that_draw_what_ziamath_draws(tex: str) -> None:
    import resvg_py
    import ziamath
    from PIL import Image, ImageChops

    theirs = ziamath.Latex(tex, size=20, inline=False, margin=0).svg()
    drawn = maths.picture(tex, True)
    assert drawn is not None
    ours = drawn.svg
    if tex == BUILT:  # its two brackets stay symbols; every other glyph is a path
        assert ours.count("<use") == 2 < theirs.count("<use")
    else:
        assert "<use" not in ours and "<symbol" not in ours
        assert ours.count("<path") == theirs.count("<use")  # one outline per glyph placed
    pictures = [Image.open(io.BytesIO(bytes(resvg_py.svg_to_bytes(svg_string=svg, zoom=4, skip_system_fonts=True))))
                .convert("L") for svg in (theirs, ours)]
    assert pictures[0].size == pictures[1].size
    diff = ImageChops.difference(*pictures)
    assert diff.getbbox() is None or max(diff.histogram()[65:]) == 0  # antialiasing at most
    assert sum(diff.histogram()[9:]) < 0.02 * pictures[0].width * pictures[0].height


@given(st.lists(st.tuples(st.integers(0, 3000), st.one_of(st.none(), st.integers(1, 10**6))), max_size=60),
       st.integers(0, 5000))
def test_the_budget_draws_a_prefix_and_warns_once(formulas: list[tuple[int, int | None]], limit: int) -> None:
    budget = maths.DrawBudget(limit)
    allowed = [budget.allows("x" * size, line) for size, line in formulas]
    drawn = allowed.count(True)
    assert allowed == [True] * drawn + [False] * (len(formulas) - drawn)  # in order, then none
    assert sum(max(maths.LEAST_COST, size) for size, _ in formulas[:drawn]) <= limit
    if drawn < len(formulas):
        size, line = formulas[drawn]
        assert max(maths.LEAST_COST, size) > budget.left  # refused only when it did not fit
        said = budget.warning()
        assert said is not None and said[1] == line
        count = len(formulas) - drawn
        assert said[0].startswith(f"maths: {count:,} formula{'s' if count > 1 else ''} from here on")
    else:
        assert budget.warning() is None


def _pdf(text: str) -> tuple[bytes, list[Warning_]]:
    from essaykit.renderers.pdf.renderer import PdfRenderer

    warnings: list[Warning_] = []
    ctx = RenderContext(theme=load_theme("classic"), options={}, source="essay.md", warn_fn=warnings.append)
    return PdfRenderer().render(loads(text, format="markdown"), ctx), warnings


def _formula_html(text: str) -> str:
    doc = loads(text, format="markdown")
    writer = PdfWriter(doc, picture_src=lambda name, svg: f"mem:{name}")
    return writer.blocks(doc.blocks)


def test_below_the_budget_every_formula_is_drawn() -> None:
    """200 formulas, each longer than most (a maths post's worth): all drawn."""
    text = "# Post\n\n" + "".join(f"Since $\\sum_{{k=1}}^{{{i}}} \\frac{{k^2}}{{k+1}} \\leq {i}^{{3}}$, so.\n\n"
                                  for i in range(200))
    html = _formula_html(text)
    assert html.count('<img class="formula"') == 200 and "math-tex" not in html


def test_past_the_budget_formulas_are_tex_with_one_warning(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(maths, "DRAW_BUDGET", 10 * maths.LEAST_COST)
    data, warnings = _pdf(_essay(25))
    said = [w for w in warnings if w.message.startswith("maths")]
    assert [(w.line, w.message) for w in said] == [
        (25, "maths: 15 formulas from here on shown as TeX, not drawn "
             f"(a document draws {10 * maths.LEAST_COST:,} characters of formulas at most)")]
    assert str(said[0]).startswith("essay.md:25: warning: maths: 15 formulas")
    text = "".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(data)).pages)
    text = text.replace("\u200b", "").replace("\n", "")
    for i in range(10):  # drawn: their words laid over the picture
        assert f"x{''.join('₀₁₂₃₄₅₆₇₈₉'[int(d)] for d in str(i))}²" in text, i
    for i in range(10, 25):  # not drawn: the TeX as written
        assert f"x_{{{i}}}^2 + \\sqrt{{{i}}}" in text, i


def test_the_epub_and_the_deck_keep_every_formula(monkeypatch: pytest.MonkeyPatch) -> None:
    """Neither draws inline maths (MathML; a line of Unicode): the budget leaves them as they were."""
    import essaykit

    monkeypatch.setattr(maths, "DRAW_BUDGET", 10 * maths.LEAST_COST)
    doc = loads(_essay(25), format="markdown")
    epub = zipfile.ZipFile(io.BytesIO(essaykit.render(doc, "epub")))
    body = "".join(epub.read(n).decode() for n in epub.namelist() if n.endswith(".xhtml"))
    for i in range(25):
        assert f'alttext="x_{{{i}}}^2 + \\sqrt{{{i}}}"' in body, i
    assert "math-tex" not in body
    from pptx import Presentation

    deck = Presentation(io.BytesIO(essaykit.render(doc, "pptx")))
    words = " ".join(sh.text_frame.text for s in deck.slides for sh in s.shapes if sh.has_text_frame)
    words += " ".join(s.notes_slide.notes_text_frame.text for s in deck.slides if s.has_notes_slide)
    # Each formula: on a slide as x₁² + √1, in the notes as its TeX.
    assert set(re.findall(r"√(\d+)|\\sqrt\{(\d+)\}", words)) >= {(str(i), "") for i in range(3)}
    assert {a or b for a, b in re.findall(r"√(\d+)|\\sqrt\{(\d+)\}", words)} == {str(i) for i in range(25)}


_RENDER = """
import sys, essaykit, essaykit.speedups
essaykit.speedups.enable()
doc = essaykit.loads(sys.stdin.read(), format="markdown")
sys.stdout.buffer.write(essaykit.render(doc, "pdf", warn=lambda w: None))
from essaykit.speedups import svgpaths
sys.stderr.write(f"svgpaths {svgpaths._installed}")
"""


def test_the_path_speedup_writes_the_same_bytes(tmp_path: Path) -> None:
    text = "# Maths\n\n" + "".join(f"Then ${tex}$ and ${tex} + {i}$.\n\n" for i, tex in enumerate(FORMULAS))
    text += "$$\\oint_C \\vec{F}\\cdot d\\vec{r} = \\iint_S (\\nabla \\times \\vec{F})\\cdot d\\vec{S}$$\n"
    out = {}
    for off in ("", "svgpaths"):
        env = {**os.environ, "ESSAYKIT_SPEEDUPS_OFF": off, "XDG_CACHE_HOME": str(tmp_path)}
        run = subprocess.run([sys.executable, "-c", _RENDER], input=text.encode(), capture_output=True,
                             timeout=600, env=env)
        assert run.returncode == 0, run.stderr.decode()[-2000:]
        assert run.stderr.decode().endswith(f"svgpaths {not off}")
        out[off] = run.stdout
    assert out[""] == out["svgpaths"]


#: Pieces of TeX the grammar below joins: operators that stretch and ones that do not,
#: fences, text, matrices, scripts at every depth.
_ATOMS = ["x", "y_{2}", "\\alpha", "12", "+", "-", "=", "\\cdot", "(a)", "[b]", "|c|", "\\|v\\|",
          "\\{x\\}", "\\langle u \\rangle", "\\to", "\\mid", "/", "\\text{if }", "\\sum_{i}", "\\int_0^1",
          "\\lfloor z \\rfloor", "\\mathbb{R}", "\\hat{x}", "\\vec{v}", "!", ","]


def _formula(rng: object, depth: int = 0) -> str:
    import random

    assert isinstance(rng, random.Random)
    parts = []
    for _ in range(rng.randint(1, 4)):
        kind = rng.randint(0, 9 if depth < 2 else 0)
        inner = _formula(rng, depth + 1) if kind else ""
        parts.append([rng.choice(_ATOMS), f"\\frac{{{inner}}}{{{rng.choice(_ATOMS)}}}", f"\\sqrt{{{inner}}}",
                      f"\\left({inner}\\right)", f"{{{inner}}}^{{{rng.choice(_ATOMS)}}}", f"x_{{{inner}}}",
                      f"\\left|{inner}\\right|", f"\\begin{{pmatrix}} {inner} & 1 \\\\ 0 & x \\end{{pmatrix}}",
                      f"\\overline{{{inner}}}", f"\\left\\{{{inner}\\right."][kind])
    return " ".join(parts)


_DRAW = """
import hashlib, json, sys, essaykit.speedups
from essaykit.transform import maths
essaykit.speedups.enable()
out = [maths.picture(tex, display).svg if maths.picture(tex, display) else None
       for tex in json.load(sys.stdin) for display in (False, True)]
from essaykit.speedups import mathrows
print(mathrows._installed, sum(o is not None for o in out), hashlib.sha256(repr(out).encode()).hexdigest())
"""


def test_the_row_speedup_draws_the_same_formulas(tmp_path: Path) -> None:
    import json
    import random

    rng = random.Random(22)
    formulas = FORMULAS + [BUILT] + [_formula(rng) for _ in range(80)]
    seen = {}
    for off in ("", "mathrows"):
        env = {**os.environ, "ESSAYKIT_SPEEDUPS_OFF": off, "XDG_CACHE_HOME": str(tmp_path)}
        run = subprocess.run([sys.executable, "-c", _DRAW], input=json.dumps(formulas), capture_output=True,
                             text=True, timeout=600, env=env)
        assert run.returncode == 0, run.stderr[-2000:]
        installed, drawn, digest = run.stdout.split()
        assert installed == str(not off) and int(drawn) > 120  # most of them draw
        seen[off] = digest
    assert seen[""] == seen["mathrows"]
