"""Maths posts' own macros (``\\newcommand``…) and maths as text a reader can find.

A post defines its shorthand once — in a formula of its own (MathJax), a raw TeX
block at the top (Franklin, pandoc), or ``header-includes`` — and uses it in
every formula after. The PDF must draw those formulas, not fall back to TeX,
and its text must give back the maths (searching a PDF for "Xₙ" finds it);
the deck's tables and bullets show maths as Unicode, never TeX.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from essaykit import loads
from essaykit.model import MathBlock, MathInline, RawBlock
from essaykit.model.walk import query
from essaykit.reader.academic.macros import MAX_GROWTH, Macro, expand, read_definitions
from essaykit.transform import maths

FRANKLIN_LIKE = r"""+++
title = "Steepest descent"
+++

\newcommand{\R}{\mathbb R}
\newcommand{\grad}{\nabla}

We minimise $f:\R^n\to\R$ by stepping against $\grad f$:

$$ x_{k+1} = x_k - \eta \grad f(x_k) $$
"""

MATHJAX_INLINE = r"""---
title: Norms
---

$\newcommand{\norm}[1]{\left\lVert #1 \right\rVert}$
$\DeclareMathOperator*{\argmax}{arg\,max}$

The estimate $\hat x = \argmax_x \norm{x}_2$ is what we keep.
"""

HEADER_INCLUDES = r"""---
title: Vectors
header-includes:
  - \newcommand{\vv}[1]{\mathbf{#1}}
---

The sum $\vv{a} + \vv{b}$ is a vector.
"""


def _maths(doc: object) -> list[str]:
    return [n.text.strip() for n in query(doc, (MathInline, MathBlock))]


def test_definitions_are_read_in_every_form_tex_has() -> None:
    macros: dict[str, Macro] = {}
    rest = read_definitions(
        r"\newcommand{\R}{\mathbb{R}} \renewcommand\norm[1]{\|#1\|} \def\ip#1#2{\langle #1, #2\rangle}"
        r" \DeclareMathOperator{\tr}{tr} \newcommand{\e}[1][x]{e^{#1}} \let\eps\varepsilon"
        r" \providecommand{\R}{\mathbb{Q}} x", macros)
    assert rest.strip() == "x"
    assert expand(r"f:\R^n\to\R", macros) == r"f:\mathbb{R}^n\to\mathbb{R}"
    assert expand(r"\norm{v}_2 + \norm w", macros) == r"\|v\|_2 + \|w\|"
    assert expand(r"\ip{a}{b}", macros) == r"\langle a, b\rangle"
    assert expand(r"\tr A", macros) == r"\operatorname{tr} A"
    assert expand(r"\e + \e[2]", macros) == "e^{x} + e^{2}"
    assert expand(r"\eps", macros) == r"\varepsilon"
    # A longer command that starts with a macro's name is another command.
    assert expand(r"\Rx", macros) == r"\Rx"


def test_a_franklin_page_s_macros_reach_its_formulas() -> None:
    doc = loads(FRANKLIN_LIKE, format="markdown")
    assert _maths(doc) == [r"f:\mathbb R^n\to\mathbb R", r"\nabla f", r"x_{k+1} = x_k - \eta \nabla f(x_k)"]
    assert not query(doc, RawBlock), "a raw block of definitions only is consumed"
    assert all(maths.problem(t) is None for t in _maths(doc))


NESTED_BODIES = r"""---
title: Vectors
---

\newcommand{\vv}[1]{\mathbf{#1}}
\newcommand{\x}{x_{0}}
\newcommand{\e}[1][x]{e^{#1}}

The sum $\vv{a} + \x + \e$ is a vector.
"""


def test_definition_lines_with_groups_inside_groups_are_read() -> None:
    r"""``{\mathbf{#1}}``, ``{x_{0}}`` and an optional argument after the
    name: definition lines, not a paragraph of TeX printed as text (a
    20,000-line flood of them was 430 PDF pages)."""
    doc = loads(NESTED_BODIES, format="markdown")
    assert _maths(doc) == [r"\mathbf{a} + x_{0} + e^{x}"]
    assert not query(doc, RawBlock) and len(doc.blocks) == 1


def test_a_tex_line_is_recognised_in_linear_time() -> None:
    from essaykit.reader.pandoc import _TEX_LINE

    for line in ("\\a" + "{" * 100_000, "\\a" + "{{{{x}}}}" * 20_000 + "y", "\\a{" + "x{}" * 50_000):
        assert _TEX_LINE.match(line) is None  # at once: no alternative overlaps another


def test_mathjax_definitions_in_a_formula_of_their_own_disappear() -> None:
    doc = loads(MATHJAX_INLINE, format="markdown")
    assert _maths(doc) == [r"\hat x = \operatorname{arg\,max}_x \left\lVert x \right\rVert_2"]
    assert all(maths.problem(t) is None for t in _maths(doc))


def test_header_includes_define_macros_for_the_body() -> None:
    doc = loads(HEADER_INCLUDES, format="markdown")
    assert _maths(doc) == [r"\mathbf{a} + \mathbf{b}"]


@pytest.mark.parametrize("definition, use", [
    (r"\def\a{\a\a}", r"\a"),
    (r"\newcommand{\b}{\b x}", r"\b"),
    (r"\newcommand{\c}{\d\d\d\d\d\d\d\d}\newcommand{\d}{\f\f\f\f\f\f\f\f}\newcommand{\f}{" + "x" * 500 + "}",
     r"\c\c\c\c\c\c\c\c"),
])
def test_a_macro_that_never_ends_leaves_the_formula_as_written(definition: str, use: str) -> None:
    macros: dict[str, Macro] = {}
    read_definitions(definition, macros)
    assert expand(use, macros) == use


_DOUBLING = r"""
import resource, sys
resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))
from essaykit.reader.academic.macros import expand, read_definitions
macros = {}
rest = read_definitions(sys.argv[1], macros)
print(expand(rest, macros) == rest, resource.getrusage(resource.RUSAGE_SELF).ru_utime)
"""


@pytest.mark.parametrize("text", [
    r"\newcommand{\r}[1]{\r{#1#1}}\r{x}",
    r"\def\r#1{\r{#1#1#1#1}}\r{abcdefgh}",
    r"\newcommand{\s}[2]{\s{#1#2}{#2#1}}\s{ab}{cd}",
])
def test_an_argument_doubled_at_each_call_stops_at_the_budget(text: str) -> None:
    """A macro passing its argument on doubled grew 2^depth characters before
    any output was counted (40 levels: a hang past 900 MB); in a child under
    a 1 GB ceiling it now stops at the budget, the formula as written."""
    child = subprocess.run([sys.executable, "-c", _DOUBLING, text], capture_output=True, text=True, timeout=600)
    assert child.returncode == 0, child.stderr[-2000:]
    unchanged, cpu = child.stdout.split()
    assert unchanged == "True" and float(cpu) < 20, child.stdout


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from([*"\\{}[]#1 xRn", "\\newcommand", "\\def", "\\R", "\\let"]),
                max_size=60).map("".join))
def test_any_text_is_read_and_expanded_within_bounds(text: str) -> None:
    macros: dict[str, Macro] = {}
    rest = read_definitions(text, macros)
    out = expand(rest, macros)
    assert len(out) <= len(rest) + MAX_GROWTH + 1000


def test_slide_maths_is_unicode_as_a_reader_sets_it() -> None:
    assert maths.plain(r"X_1, X_2, \dots, X_n") == "X₁, X₂, …, Xₙ"
    assert maths.plain(r"2.0 \times 10^{-2}") == "2.0 × 10⁻²"
    assert maths.plain(r"x_{k+1}") == "xₖ₊₁"
    assert maths.plain(r"\langle a, b \rangle") == "⟨a, b⟩"
    assert maths.plain(r"\|X_i\|_2") == "‖Xᵢ‖₂"
    assert maths.plain(r"\hat x + \bar y") == "x\u0302 + y\u0304"
    assert maths.plain(r"A^T") == "Aᵀ"
    assert maths.plain(r"\mathbb{R}^n, \mathbf{x}, \mathbb{1}, \mathcal{N}") == "ℝⁿ, 𝐱, 𝟙, 𝒩"


def test_deck_tables_show_maths_as_unicode_and_keep_the_tex_in_the_notes() -> None:
    from essaykit.transform.slides import plan_deck

    doc = loads("# Errors\n\n| n | error |\n|---|---|\n| $10^2$ | $2.0 \\times 10^{-2}$ |\n", format="markdown")
    [table] = [s for s in plan_deck(doc).slides if s.table is not None]
    assert table.table.rows == (("10²", "2.0 × 10⁻²"),)
    assert r"2.0 \times 10^{-2}" in table.notes


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="pdftotext (poppler-utils) not installed")
def test_pdf_text_gives_back_the_maths_in_reading_order(tmp_path: Path) -> None:
    from essaykit.renderers.base import RenderContext
    from essaykit.renderers.pdf.renderer import PdfRenderer
    from essaykit.theme import load_theme

    doc = loads(FRANKLIN_LIKE + "\nLet $X_1, X_2, \\dots, X_n$ be draws with mean $\\frac{\\pi}{4}$, so it holds.\n",
                format="markdown")
    ctx = RenderContext(theme=load_theme("classic"), options={}, source="essay.md", warn_fn=lambda w: None)
    pdf = tmp_path / "m.pdf"
    pdf.write_bytes(PdfRenderer().render(doc, ctx))
    text = " ".join(subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True,
                                   check=True).stdout.split())
    assert "Let X₁, X₂, …, Xₙ be draws with mean π/4, so it holds." in text
    assert "f:ℝⁿ → ℝ" in text
    assert "\\" not in text
