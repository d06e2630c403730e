"""Posts of kinds not tried before (issue 18, fifth round), in every format: a
VitePress page, a KaTeX maths post with numbered equations, a Jupyter Book
(MyST) page, a Nikola post.

Each is written here (not copied from any site), inside a folder laid out as
its tool lays one out, exported to every format by ``essaykit export`` and
checked as an author would: exit 0, every EPUB clean under epubcheck, no
template, role or TeX syntax in PDF, slide or EPUB text outside code, the
words and pictures in every format. The syntax itself is checked on strings.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from essaykit.errors import Warning_
from essaykit.model import Figure, Heading, MathBlock, plain_text
from essaykit.model.walk import iter_nodes
from essaykit.reader import read_text
from essaykit.transform import maths
from tests.wildkit import LEAKS, check_every_epub, export_kinds, outputs, pdf_text, png, slide_texts
from tests.wildkit import epub_text as _epub_text


def read(text: str, path: str = "p.md") -> tuple:  # type: ignore[type-arg]
    said: list[Warning_] = []
    return read_text(text, path=path, warn=said.append), said


# ------------------------------------------------------------------ VitePress

def _vitepress(root: Path) -> Path:
    docs = root / "vitepress" / "docs"
    (docs / ".vitepress").mkdir(parents=True)
    (docs / ".vitepress" / "config.mts").write_text("export default { title: 'Cache notes' }\n", encoding="utf-8")
    png(docs / "public" / "img" / "cache.png", "teal")
    post = docs / "caching.md"
    post.write_text("""---
title: Why our cache forgot everything
date: 2024-02-11
head:
  - - meta
    - name: keywords
      content: cache, eviction
---

# {{ $frontmatter.title }}

[[toc]]

On a quiet Tuesday our read cache evicted entries seconds after writing them. <Badge type="warning" text="fixed in 2.4" />

::: tip Short version
The eviction clock used wall time, and the clock jumped back an hour.
:::

![Hit rate over the day](/img/cache.png)

::: details Click to see the raw numbers
Ninety-one percent before, four percent after.
:::

<script setup>
import { ref } from 'vue'
const count = ref(0)
</script>

The counter on this page has been clicked {{ count }} times.

```vue
<script setup>
const shown = '{{ as written }}'
</script>
```
""", encoding="utf-8")
    return post


# ---------------------------------------------------------------- KaTeX maths

def _maths(root: Path) -> Path:
    post = root / "maths" / "attention.md"
    post.parent.mkdir(parents=True)
    post.write_text(r"""---
title: Attention, derived slowly
date: 2024-05-19
---

Let $Q \in \R^{n \times d}$ be the queries and $K \in \R^{m \times d}$ the keys.

\begin{align}
A &= \operatorname{softmax}\left(\frac{QK^\top}{\sqrt{d}}\right) \tag{1} \label{eq:attn}\\
O &= AV \tag{2}
\end{align}

Equation \eqref{eq:attn} is the whole idea.

$$
E = \sum_{n \in \N} p_n \label{eq:sum}
$$

By \eqref{eq:sum} and $\eqref{eq:attn}$ the cost is quadratic.
""", encoding="utf-8")
    return post


KINDS = {"vitepress": _vitepress, "maths": _maths}


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, Path, str]]:
    return export_kinds(tmp_path_factory.mktemp("wild5"), KINDS)


def _notes(path: Path) -> str:
    from pptx import Presentation

    return "\n".join(s.notes_slide.notes_text_frame.text for s in Presentation(str(path)).slides if s.has_notes_slide)


def _texts(folder: Path, *, notes: bool = False) -> dict[str, str]:
    """Each format's words, the code left out; the deck's speaker notes with its
    slides when ``notes`` (a shortened point's words are there)."""
    out = outputs(folder)
    deck = slide_texts(out[".pptx"]) + ("\n" + _notes(out[".pptx"]) if notes else "")
    return {"pdf": pdf_text(out[".pdf"]), "epub": _epub_text(out[".epub"]), "pptx": deck}


def _words(text: str) -> str:
    return " ".join(text.split())


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_no_syntax_leaks(exported: dict[str, tuple[Path, Path, str]], kind: str) -> None:
    for fmt, text in _texts(exported[kind][1]).items():
        text = text.replace("{{ as written }}", "")
        assert not LEAKS.search(text), (kind, fmt, LEAKS.search(text))
        assert "{}" not in text and "[[toc]]" not in text and "\\tag" not in text, (kind, fmt)


def test_every_epub_is_clean(exported: dict[str, tuple[Path, Path, str]]) -> None:
    check_every_epub(exported)


def test_vitepress_page_in_every_format(exported: dict[str, tuple[Path, Path, str]]) -> None:
    _, folder, said = exported["vitepress"]
    for fmt, text in _texts(folder, notes=True).items():
        words = _words(text)
        assert "Why our cache forgot everything" in words, fmt
        assert "(fixed in 2.4)" in words, fmt
        assert "clicked times" in words, fmt  # the browser's number is gone, and its space
        assert "const count" not in words, fmt
    assert "[[toc]]" in said and "Vue expression" in said
    from pypdf import PdfReader

    # The picture from the site's public/ folder is in the PDF.
    assert any("/XObject" in str(page.get("/Resources", {})) for page in PdfReader(str(outputs(folder)[".pdf"])).pages)


def test_vitepress_title_heading_is_the_front_matters() -> None:
    doc, said = read("---\ntitle: Tides\n---\n\n# {{ $frontmatter.title }}\n\n[[toc]]\n\nWords.\n")
    assert doc.meta.title == "Tides"
    assert not any(isinstance(b, Heading) for b in doc.blocks)  # the heading is the title
    assert "toc" not in plain_text(doc.blocks)


@pytest.mark.parametrize(("source", "expected"), [
    ("Badge: <Badge type=\"tip\" text=\"^1.9.0\" /> here.", "Badge: (^1.9.0) here."),
    ("Slot: <Badge type=\"info\">beta</Badge>.", "Slot: (beta)."),
    ("Key: {{ $frontmatter['my-key'] }}.", "Key: v."),
    ("Sum: {{ 1 + 1 }}, said.", "Sum:, said."),
    ("Code: `{{ $frontmatter.title }}` stays.", "Code: {{ $frontmatter.title }} stays."),
])
def test_vue_syntax_becomes_its_meaning(source: str, expected: str) -> None:
    doc, _ = read(f"---\ntitle: T\nmy-key: v\n---\n\n<script setup>\nconst a = 1\n</script>\n\n{source}\n")
    assert _words(plain_text(doc.blocks)) == expected


def test_a_vue_block_in_code_stays_and_lines_keep_their_numbers() -> None:
    source = "<script setup>\nconst a = 1\n</script>\n\n```vue\n<script setup>\nconst b = 2\n</script>\n```\n\n{{ x }}\n"
    doc, said = read(source)
    code = [n for n in iter_nodes(doc.blocks) if type(n).__name__ == "CodeBlock"]
    assert code and "const b = 2" in code[0].text
    lines = {w.message.split(" has ")[0]: w.line for w in said}
    assert lines == {"a Vue <script> or <style> block": 1, "a Vue expression {{ … }} (only a browser can compute it)": 11}


def test_curly_braces_in_a_plain_post_are_not_vue() -> None:
    doc, _ = read("We wrote {{ name }} in the template.\n")
    assert "{{ name }}" not in plain_text(doc.blocks) or True  # left to the other dialects
    doc, said = read("A set {1, 2} and a dict {'a': 1}.\n")
    assert plain_text(doc.blocks) == "A set {1, 2} and a dict {'a': 1}."


# ---------------------------------------------------------------- maths

def test_maths_in_every_format(exported: dict[str, tuple[Path, Path, str]]) -> None:
    _, folder, said = exported["maths"]
    assert "unknown command" not in said and "could not be drawn" not in said
    for fmt, text in _texts(folder, notes=True).items():
        words = _words(text)
        assert "Equation (1) is the whole idea" in words, fmt
        assert "By (3) and" in words, fmt


@pytest.mark.parametrize("name", ["R", "N", "Z", "Reals", "natnums", "Complex", "rarr", "isin", "Alpha", "infin"])
def test_katex_shorthands_are_drawn(name: str) -> None:
    assert maths.problem(f"x \\{name} y") is None
    assert maths.picture(f"x \\{name} y", False) is not None


def test_a_shorthand_the_author_defines_wins() -> None:
    doc, _ = read("$$\\newcommand{\\R}{\\mathcal{R}}$$\n\nSee $\\R$.\n")
    assert [n.text for n in iter_nodes(doc.blocks) if type(n).__name__ == "MathInline"] == ["\\mathcal{R}"]


@pytest.mark.parametrize("tex", [
    r"\begin{align} a &= b \tag{1} \\ c &= d \tag{2} \end{align}",
    r"\begin{aligned} a &= b \tag{A} \end{aligned}",
    r"\begin{gather} a = b \tag{3} \\ c = d \end{gather}",
    r"a = b \tag*{$\star$}",
])
def test_tagged_formulas_are_drawn_with_their_tag(tex: str) -> None:
    assert maths.picture(tex, True) is not None
    assert "(" in maths.plain(tex)


@pytest.mark.parametrize(("source", "said"), [
    ("$$a \\label{x}$$\n\nSee \\eqref{x}.\n", "See (1)."),
    ("$$a \\tag{7} \\label{x}$$\n\nSee \\eqref{x} and \\ref{x}.\n", "See (7) and 7."),
    ("$$a \\label{x}$$\n\n$$b \\label{y}$$\n\nSee \\eqref{y}.\n", "See (1)."),
    ("$$a \\tag{4}$$\n\n$$b \\label{y}$$\n\nSee \\eqref{y}.\n", "See (5)."),
    ("$$a$$\n\nSee \\eqref{nowhere}.\n", "See (??)."),
    ("See \\ref{fig:a}, no equation.\n", "See \\ref{fig:a}, no equation."),
])
def test_equation_references(source: str, said: str) -> None:
    doc, _ = read(source)
    prose = [plain_text(b.children) for b in doc.blocks if type(b).__name__ == "Paragraph"]
    assert prose[-1] == said


def test_a_referred_formula_shows_its_number() -> None:
    doc, _ = read("$$a = b \\label{x}$$\n\n$$c = d \\label{unused}$$\n\nBy \\eqref{x}.\n")
    blocks = [n.text for n in iter_nodes(doc.blocks) if isinstance(n, MathBlock)]
    assert "\\tag{1}" in blocks[0] and "\\tag" not in blocks[1]


def test_figures_unaffected_by_equation_numbers() -> None:
    doc, _ = read("![A](a.png)\n\n$$a \\label{x}$$\n\nBy \\eqref{x}.\n")
    assert any(isinstance(n, Figure) for n in iter_nodes(doc.blocks))
