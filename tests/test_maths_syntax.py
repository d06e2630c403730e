"""TeX as maths posts delimit it beyond ``$…$``: MathJax's ``\\(…\\)`` and
``\\[…\\]``, kramdown's ``$$…$$`` inside a sentence, ``$$`` blocks in a list, and the amsmath environments
the converters do not know (``aligned``, ``gather``, a matrix with a script)."""

from __future__ import annotations

import zipfile
from io import BytesIO
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import essaykit
from essaykit.model import (
    BlockQuote,
    BulletList,
    MathBlock,
    MathInline,
    Paragraph,
    plain_text,
)
from essaykit.model.walk import query
from essaykit.transform import maths

from . import epubcheck

POST = r"""---
title: Softmax, Gently
---

The softmax of \(\mathbf{z} \in \mathbb{R}^K\) is below, where \(K\) counts the classes.

\[
\sigma(\mathbf{z})_i = \frac{e^{z_i}}{\sum_{j=1}^K e^{z_j}}
\]

Its derivative, written the way amsmath users write it:

$$
\begin{aligned}
\frac{\partial \sigma_i}{\partial z_j} &= \sigma_i (\delta_{ij} - \sigma_j) \label{eq:grad} \\
\operatorname{LSE}(\mathbf{z}) &= \log \sum_j e^{z_j} \nonumber
\end{aligned}
$$

An inverse in the middle of a sentence: $$\begin{pmatrix} a & b \\ c & d \end{pmatrix}^{-1}$$ and on.

- A list item with a formula block:

  $$
  \begin{gather} x = 1 \\ y = 2 \end{gather}
  $$

> A quotation that holds maths:
>
> $$E = mc^2$$

References are written \[1\] and \[2\], and \(see above\) stays prose.
"""

RAW_TEX = ("\\begin", "\\end", "\\frac", "\\mathbf", "\\(", "\\[", "$$", "\\label")


def test_the_delimiters_become_maths() -> None:
    doc = essaykit.loads(POST)
    inline = [m.text for m in query(doc, MathInline)]
    assert r"\mathbf{z} \in \mathbb{R}^K" in inline and "K" in inline
    blocks = [b.text for b in query(doc, MathBlock)]
    assert any(r"\sigma(\mathbf{z})_i" in b for b in blocks)
    assert any("aligned" in b for b in blocks)
    # ``$$…$$`` in a sentence stays in it, as inline maths (kramdown's reading).
    [matrix] = [m for m in inline if "pmatrix" in m]
    assert matrix.startswith(r"\begin{pmatrix}")
    # ``\[…\]`` in a sentence is display maths there (MathJax's).
    mid = essaykit.loads(r"Then \[ \sum_i x_i \] follows." + "\n")
    assert [m.text for m in query(mid, MathInline)] == [maths.DISPLAY + r"\sum_i x_i"]
    # Blocks inside a list item and a block quote.
    assert any(query(lst, MathBlock) for lst in query(doc, BulletList))
    assert any(query(q, MathBlock) for q in query(doc, BlockQuote))
    # Escaped brackets and parentheses that hold no TeX are the escapes they were.
    last = [p for p in query(doc, Paragraph) if "References" in plain_text(p)][0]
    assert plain_text(last) == "References are written [1] and [2], and (see above) stays prose."


@given(st.text(alphabet="abcdefgh ijk,.!?0123456789", min_size=1, max_size=30))
def test_escaped_brackets_around_prose_stay_prose(words: str) -> None:
    for left, right in (("\\[", "\\]"), ("\\(", "\\)")):
        if left == "\\(" and len(words.strip()) == 1 and words.strip().isalpha():
            continue  # \(K\): a variable, by design
        doc = essaykit.loads(f"Before {left}{words}{right} after.\n")
        assert not list(query(doc, MathInline)) and not list(query(doc, MathBlock))


@pytest.mark.parametrize("tex", [
    r"\begin{aligned} a &= b \\ c &= d \end{aligned}",
    r"\begin{pmatrix} a & b \\ c & d \end{pmatrix}^{-1}",
    r"\begin{gather} a = b \\ c = d \end{gather}",
    r"\begin{alignat}{2} a &= b \\ c &= d \end{alignat}",
    r"x = 1 \label{eq:one} \nonumber",
])
def test_amsmath_the_converters_lack_is_drawn(tex: str) -> None:
    assert maths.problem(tex) is None
    assert maths.to_mathml(tex, display=True) is not None
    assert maths.picture(tex, display=True) is not None
    mathml = maths.to_mathml(tex, display=True)
    assert mathml is not None and "<mi>&amp;</mi>" not in mathml and "<mi>&</mi>" not in mathml


def test_rows_read_apart_on_a_slide() -> None:
    assert maths.plain(r"\begin{aligned} a &= b \\ c &= d \end{aligned}") == "a = b; c = d"


def test_no_raw_tex_in_any_format(tmp_path: Path) -> None:
    pypdf = pytest.importorskip("pypdf")
    from pptx import Presentation

    doc = essaykit.loads(POST)
    warned: list[object] = []
    pdf = essaykit.render(doc, "pdf", warn=warned.append)
    text = "\n".join(page.extract_text() for page in pypdf.PdfReader(BytesIO(pdf)).pages)
    assert not [t for t in RAW_TEX if t in text], text
    assert "derivative" in text and "References are written [1]" in text
    assert not [w for w in warned if "maths" in str(w)]

    epub = essaykit.render(doc, "epub")
    path = tmp_path / "softmax.epub"
    path.write_bytes(epub)
    assert epubcheck.check(path) == []
    with zipfile.ZipFile(BytesIO(epub)) as z:
        xhtml = "".join(z.read(n).decode() for n in z.namelist() if n.endswith(".xhtml"))
    # Every formula as MathML, its alt text the TeX as written.
    assert xhtml.count("<math ") >= 7 and 'alttext="\\displaystyle' not in xhtml

    prs = Presentation(BytesIO(essaykit.render(doc, "pptx")))
    slide_text = "\n".join(shape.text_frame.text for slide in prs.slides for shape in slide.shapes
                           if shape.has_text_frame)
    assert not [t for t in RAW_TEX if t in slide_text], slide_text


def test_added_syntax_keeps_mistunes_fast_path() -> None:
    """Every inline rule essaykit adds names its start characters: one that does not
    makes mistune scan every paragraph with the whole rule set (a book read 75 % slower)."""
    from essaykit.reader import parser
    from essaykit.reader.fast import fast_path_on

    assert fast_path_on(parser._build())


def test_a_math_fence_is_display_maths() -> None:
    doc = essaykit.loads("```math\n\\nabla \\cdot \\vec{E} = \\frac{\\rho}{\\varepsilon_0}\n```\n")
    assert [b.text for b in query(doc, MathBlock)] == [r"\nabla \cdot \vec{E} = \frac{\rho}{\varepsilon_0}"]
