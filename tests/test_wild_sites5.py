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
from hypothesis import given
from hypothesis import strategies as st

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


# ---------------------------------------------------------- Jupyter Book / MyST

def _myst(root: Path) -> Path:
    book = root / "myst"
    book.mkdir()
    (book / "_config.yml").write_text("title: Envelope physics\n", encoding="utf-8")
    (book / "_toc.yml").write_text("format: jb-book\nroot: orbits\n", encoding="utf-8")
    png(book / "orbit.png", "navy")
    post = book / "orbits.md"
    post.write_text(r"""---
title: Orbits on the back of an envelope
date: 2023-11-05
substitutions:
  book_name: Envelope Physics
kernelspec:
  name: python3
---

% A private comment, never shown.

A satellite in a circular orbit needs the speed {math}`v = \sqrt{GM/r}`, derived in {ref}`derivation`.

```{note}
Every number here assumes a circular orbit.
```

(derivation)=
## The derivation

```{math}
:label: circular
\frac{GMm}{r^2} = \frac{m v^2}{r}
```

Solving {eq}`circular` for $v$ gives the speed.

```{figure} orbit.png
:name: fig-orbit
:width: 60%

A circular orbit, to no scale.
```

As {numref}`fig-orbit` shows, $r$ is measured from the centre.

:::{admonition} A common mistake
:class: warning
People measure from the surface.
:::

```{code-cell} ipython3
print("kept as written {math}`x`")
```

+++

The {abbr}`ISS (International Space Station)` is in {{ book_name }}; press {kbd}`Ctrl+C`. See {cite}`vallado2013`.

```{toctree}
:maxdepth: 2
kepler
```

```{seealso}
The fact sheets.
```
""", encoding="utf-8")
    return post


# ------------------------------------------------------------------ Nikola

def _nikola(root: Path) -> Path:
    site = root / "nikola"
    (site / "posts").mkdir(parents=True)
    (site / "conf.py").write_text('BLOG_TITLE = "Shavings"\nPOSTS = (("posts/*.md", "posts", "post.tmpl"),)\n',
                                  encoding="utf-8")
    png(site / "images" / "lathe.png", "gray")
    post = site / "posts" / "lathe.md"
    post.write_text("""<!--
.. title: Learning the lathe
.. slug: learning-the-lathe
.. date: 2024-01-14 09:30:00 UTC+01:00
.. tags: woodwork, tools
.. link:
.. author: Tomasz Wrona
-->

I bought a second-hand lathe in December and spent January ruining blanks.

<!-- TEASER_END -->

{{% thumbnail "/images/lathe.png" alt="The lathe in the corner" title="The tool rest" %}}{{% /thumbnail %}}

## Sharp tools

Keep the gouge sharp. {{% media url="https://www.youtube.com/watch?v=dQw4w9WgXcQ" %}}

A bowl takes me three evenings now.
""", encoding="utf-8")
    return post


# ------------------------------------------------------------ a talk as an essay

_TALK = """---
title: Ten things I learned running a meetup
author: Sam Okoye
---

## Why a meetup

- People want to talk to people
- Slack is not enough

## Finding a room

- Ask companies, not venues
- Offer to credit them
  - On the slides
  - In the newsletter
  - In the invite, with a link to their careers page, which they will ask for every time and which \
you should just include by default from the start
- Check the wifi before the day

## Money

Sponsors pay for food. Tickets pay for nothing.

## What I would do again

- Start the mailing list on day one
- Record the talks
- Keep the slides in one place
- Say thank you more
- Ask for help sooner
- Write down what works
- Keep a list of speakers
- Never apologise for a small crowd
- End on time
- Go to other meetups
""".replace("\\\n", "")


def _talk(root: Path) -> Path:
    post = root / "talk" / "talk.md"
    post.parent.mkdir(parents=True)
    post.write_text(_TALK, encoding="utf-8")
    return post


# ------------------------------------------------------------------ Logseq

def _logseq(root: Path) -> Path:
    graph = root / "logseq"
    (graph / "logseq").mkdir(parents=True)
    (graph / "logseq" / "config.edn").write_text("{:meta/version 1}\n", encoding="utf-8")
    png(graph / "assets" / "bed_1700000000000_0.png", "green")
    page = graph / "pages" / "Compost notes.md"
    page.parent.mkdir()
    page.write_text("""title:: Compost notes
tags:: garden, soil
date:: [[Mar 3rd, 2024]]

- Compost needs four things: greens, browns, water and air.
\t- Greens are kitchen scraps.
\t- Browns are dry leaves.
- TODO Turn the pile every two weeks
- DONE Buy a thermometer
  collapsed:: true
\t- It reads up to 80 degrees.
- The pile got hot in a week, as ((6543a1b2-1234-4cde-9f00-abcdef123456)) shows.
  id:: 6543a1b2-1234-4cde-9f00-abcdef000000
- ![bed.png](../assets/bed_1700000000000_0.png){:height 200, :width 300}
- {{embed [[Soil tests]]}}
- > The best compost is the one you make.
- #+BEGIN_NOTE
  Keep a lid on it in heavy rain.
  #+END_NOTE
""", encoding="utf-8")
    return page


KINDS = {"vitepress": _vitepress, "maths": _maths, "myst": _myst, "nikola": _nikola, "talk": _talk,
         "logseq": _logseq}


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


# ---------------------------------------------------------------- MyST

def test_myst_page_in_every_format(exported: dict[str, tuple[Path, Path, str]]) -> None:
    _, folder, said = exported["myst"]
    assert "{toctree}" in said and "{math}" not in said
    for fmt, text in _texts(folder, notes=True).items():
        words = _words(text)
        assert "private comment" not in words and "(derivation)=" not in words, fmt
        assert "in The derivation" in words, fmt
        assert "Solving (1) for" in words, fmt
        assert "As Figure 1 shows" in words, fmt
        assert "ISS (International Space Station) is in Envelope Physics" in words, fmt
        assert "[vallado2013]" in words, fmt
        assert "A common mistake" in words and "People measure from the surface" in words, fmt
        assert ":class:" not in words and ":label:" not in words and "+++" not in words, fmt
        assert "See also" in words or fmt == "pptx", fmt
    pdf = _words(pdf_text(outputs(folder)[".pdf"]))
    assert "A circular orbit, to no scale." in pdf


def test_myst_model() -> None:
    doc, said = read("""---
kernelspec: {name: python3}
---

```{warning} Mind the units
Metres, not feet.
```

```{figure} a.png
:name: f
:width: 50%

The caption.
```

```{code-block} python
:linenos:
x = 1
```

```{epigraph}
A quotation.

-- Someone
```

```{python}
left for Quarto
```
""")
    from essaykit.model import BlockQuote, CodeBlock, Div

    nodes = list(iter_nodes(doc.blocks))
    div = next(n for n in nodes if isinstance(n, Div))
    assert div.classes[0] == "warning" and plain_text(div.title) == "Mind the units"
    figure = next(n for n in nodes if isinstance(n, Figure))
    assert plain_text(figure.caption) == "The caption."
    codes = [n for n in nodes if isinstance(n, CodeBlock)]
    assert [c.text for c in codes][0] == "x = 1" and codes[0].language == "python"
    assert any(isinstance(n, BlockQuote) for n in nodes)


@pytest.mark.parametrize(("source", "expected"), [
    ("Speed {math}`v^2` here.", "Speed v^2 here."),
    ("Press {kbd}`Ctrl+C`.", "Press Ctrl+C."),
    ("See {ref}`the intro <intro>`.", "See the intro."),
    ("See {doc}`guides/setup`.", "See setup."),
    ("Call {py:func}`numpy.sum <numpy.sum>`.", "Call numpy.sum."),
    ("H{sub}`2`O and x{sup}`2`.", "H2O and x2."),
    ("Unknown {foo}`words` stay.", "Unknown words stay."),
])
def test_myst_roles_become_their_words(source: str, expected: str) -> None:
    doc, _ = read("(top)=\n# Top\n\n" + source + "\n")
    assert _words(plain_text(doc.blocks[-1].children)) == expected


def test_myst_code_keeps_its_syntax() -> None:
    source = "(t)=\n\n```python\n% not a comment\n(x)=\n{math}`y`\n```\n"
    doc, _ = read(source)
    from essaykit.model import CodeBlock

    code = next(n for n in iter_nodes(doc.blocks) if isinstance(n, CodeBlock))
    assert code.text == "% not a comment\n(x)=\n{math}`y`"


def test_percent_lines_outside_myst_stay() -> None:
    doc, _ = read("# Sales\n\n% of sales came from repeat buyers, we think.\n")
    assert "% of sales" in plain_text(doc.blocks)


def test_quarto_cells_are_not_myst() -> None:
    doc, _ = read("---\ntitle: Q\n---\n\n```{python}\nprint(1)\n```\n\n{math}`x`\n")
    from essaykit.model import CodeBlock

    assert [n.text for n in iter_nodes(doc.blocks) if isinstance(n, CodeBlock)] == ["print(1)"]


def test_myst_list_table_is_a_table() -> None:
    doc, _ = read("""```{list-table} Planets
:header-rows: 1

* - Name
  - Moons
* - Earth
  - 1
* - Mars
  - 2
```
""")
    from essaykit.model import Table

    table = next(n for n in iter_nodes(doc.blocks) if isinstance(n, Table))
    cells = [plain_text(c.children) for n in iter_nodes((table,)) if type(n).__name__ == "TableRow" for c in n.children]
    assert cells == ["Name", "Moons", "Earth", "1", "Mars", "2"]


# ---------------------------------------------------------------- Nikola

def test_nikola_post_in_every_format(exported: dict[str, tuple[Path, Path, str]]) -> None:
    _, folder, said = exported["nikola"]
    assert "thumbnail" not in said and "media" not in said, said
    for fmt, text in _texts(folder, notes=True).items():
        words = _words(text)
        assert "Learning the lathe" in words and "Tomasz Wrona" in words, fmt
        assert ".. title" not in words and "TEASER" not in words, fmt
        assert "dQw4w9WgXcQ" in words, fmt
    from pypdf import PdfReader

    assert any("/XObject" in str(page.get("/Resources", {})) for page in PdfReader(str(outputs(folder)[".pdf"])).pages)


def test_nikola_metadata() -> None:
    doc, _ = read("<!--\n.. title: Tea\n.. date: 2024-01-14 09:30:00 UTC+01:00\n.. tags: a, b\n"
                  ".. category: c\n.. link:\n-->\n\nWords here.\n")
    assert doc.meta.title == "Tea" and str(doc.meta.date) == "2024-01-14"
    assert "a" in doc.meta.tags and "b" in doc.meta.tags
    assert plain_text(doc.blocks) == "Words here."


def test_an_html_comment_that_is_no_nikola_metadata_stays_a_comment() -> None:
    doc, _ = read("<!--\nJust a note to self.\n-->\n\nWords here.\n")
    assert plain_text(doc.blocks) == "Words here."


def test_nikola_raw_shows_its_text_as_written() -> None:
    doc, said = read("Escape: {{% raw %}}{{% thumbnail %}}{{% /raw %}} done.\n")
    assert _words(plain_text(doc.blocks)) == "Escape: {{% thumbnail %}} done."
    assert not said


@given(st.text(alphabet=st.characters(blacklist_characters="{}%(+:`~\r", blacklist_categories=("Cs",)), max_size=300))
def test_myst_text_without_its_syntax_passes_unchanged(text: str) -> None:
    from essaykit.reader.dialects.myst import expand_myst

    assert expand_myst(text, {}, lambda _what, _line: None) == text


@given(st.lists(st.sampled_from(["```{note}", "```", ":::{tip} T", ":::", "::::{figure} a.png", "::::", "text",
                                 "", ":name: x", "{math}`x`", "(t)=", "% c", "+++", "```python"]), max_size=30))
def test_myst_never_fails_on_unbalanced_directives(lines: list[str]) -> None:
    from essaykit.reader.dialects.myst import expand_myst

    out = expand_myst("\n".join(lines), {}, lambda _what, _line: None)
    assert isinstance(out, str)
    read("x\n\n" + "\n".join(lines))


# ------------------------------------------------------------ Docusaurus, ruby

@pytest.mark.parametrize(("info", "kind", "title"), [
    (":::tip[The short answer]", "tip", "The short answer"),
    (":::note[Short]", "note", "Short"),
    (":::caution Mind the default", "caution", "Mind the default"),
])
def test_docusaurus_call_out_titles(info: str, kind: str, title: str) -> None:
    from essaykit.model import Div

    doc, _ = read(f"{info}\n\nBody words.\n\n:::\n")
    div = next(n for n in iter_nodes(doc.blocks) if isinstance(n, Div))
    assert div.classes[0] == kind and plain_text(div.title) == title
    assert plain_text(div.children) == "Body words."


def test_a_docusaurus_md_post_loses_its_mdx_comments_and_is_dated_by_its_folder(tmp_path: Path) -> None:
    post = tmp_path / "blog" / "2024-06-01-queues" / "index.md"
    post.parent.mkdir(parents=True)
    doc, _ = read("---\ntitle: Queues\n---\n\nThanks to the team. {/* TODO: add the graph */}\n", path=str(post))
    assert plain_text(doc.blocks) == "Thanks to the team."
    assert str(doc.meta.date) == "2024-06-01"


def test_an_undated_folder_gives_no_date(tmp_path: Path) -> None:
    post = tmp_path / "queues" / "index.md"
    post.parent.mkdir(parents=True)
    doc, _ = read("---\ntitle: Queues\n---\n\nWords.\n", path=str(post))
    assert doc.meta.date is None


@pytest.mark.parametrize(("html", "said"), [
    ("<ruby>桜<rp>(</rp><rt>さくら</rt><rp>)</rp></ruby>が咲いた。", "桜(さくら)が咲いた。"),
    ("<ruby>漢字<rt>かんじ</rt></ruby>を読む。", "漢字(かんじ)を読む。"),
    ("<ruby>樱<rt>yīng</rt>花<rt>huā</rt></ruby>开了。", "樱(yīng)花(huā)开了。"),
    ("<ruby>漢字<rt></rt></ruby>だけ。", "漢字だけ。"),
])
def test_ruby_reads_its_reading_in_brackets(html: str, said: str) -> None:
    doc, _ = read(f"---\nlang: ja\n---\n\n{html}\n")
    assert plain_text(doc.blocks) == said


# ---------------------------------------------------------------- Org header

_ORG = """#+TITLE: Notes on the reading group
#+AUTHOR: Hana Kobayashi
#+DATE: <2024-03-02 Sat>
#+OPTIONS: toc:nil
#+FILETAGS: :books:club:

* Session one
We read three chapters; see [[https://example.org/book][the book]].

#+BEGIN_QUOTE
The map is not the territory.
#+END_QUOTE

** Questions
- Why no numbers?

#+BEGIN_SRC python
print("/kept/ as written")
#+END_SRC

#+CAPTION: steers the export
/Everyone/ came, and *nobody* had finished.
"""


def test_an_org_header_over_markdown() -> None:
    from essaykit.model import BlockQuote, CodeBlock, Emph, Link

    doc, said = read(_ORG)
    assert doc.meta.title == "Notes on the reading group" and str(doc.meta.date) == "2024-03-02"
    assert list(doc.meta.authors) == ["Hana Kobayashi"] and set(doc.meta.tags) >= {"books", "club"}
    nodes = list(iter_nodes(doc.blocks))
    assert [plain_text(h.children) for h in nodes if isinstance(h, Heading)] == ["Session one", "Questions"]
    assert [c.text for c in nodes if isinstance(c, CodeBlock)] == ['print("/kept/ as written")']
    assert [c.language for c in nodes if isinstance(c, CodeBlock)] == ["python"]
    assert any(isinstance(n, BlockQuote) for n in nodes)
    assert any(isinstance(n, Link) and n.url == "https://example.org/book" for n in nodes)
    assert any(isinstance(n, Emph) and plain_text(n.children) == "Everyone" for n in nodes)
    assert "#+" not in plain_text(doc.blocks)
    assert any("#+KEYWORD" in w.message for w in said)


def test_org_stars_stay_a_list_where_the_post_has_markdown_headings() -> None:
    doc, _ = read("#+TITLE: T\n\n# Heading\n\n* one\n* two\n")
    from essaykit.model import BulletList

    assert any(isinstance(n, BulletList) for n in iter_nodes(doc.blocks))


def test_a_hash_plus_line_that_is_no_org_header_stays() -> None:
    doc, _ = read("#+1 for this idea.\n\nMore words.\n")
    assert plain_text(doc.blocks).startswith("#+1 for this idea.")


def test_a_picture_linked_to_its_own_file_is_a_figure() -> None:
    doc, said = read("Intro words here.\n\n[![The cliff](img/b.png)](img/b.png)\n\n[![Big](t.png)](full.jpg)\n\n"
                     "[![Badge](https://x.example/b.svg)](https://ci.example/)\n")
    figures = [n for n in doc.blocks if isinstance(n, Figure)]
    assert [f.image.src for f in figures] == ["img/b.png", "t.png"]
    assert type(doc.blocks[-1]).__name__ == "Paragraph"  # a badge linking to a page stays a link
    assert not any("relative to a website" in w.message for w in said)


def test_a_talk_deck_keeps_sub_points_under_their_point(exported: dict[str, tuple[Path, Path, str]]) -> None:
    from pptx import Presentation

    deck = Presentation(str(outputs(exported["talk"][1])[".pptx"]))
    for slide in deck.slides:
        texts = [s.text_frame for s in slide.shapes if s.has_text_frame]
        title = texts[0].text if texts else ""
        assert title != "Check the wifi before the day"  # a later point is never the title of earlier sub-points
        if len(texts) > 1 and texts[1].paragraphs and texts[1].paragraphs[0].level > 0:
            assert title.startswith("Finding a room"), title
    words = _words(_texts(exported["talk"][1], notes=True)["pptx"])
    for phrase in ("Sponsors pay for food", "In the newsletter", "Go to other meetups", "Check the wifi before the day"):
        assert phrase in words


# ---------------------------------------------------------------- Logseq

def test_logseq_page_in_every_format(exported: dict[str, tuple[Path, Path, str]]) -> None:
    _, folder, said = exported["logseq"]
    assert "block reference" in said and "outside the essay's folder" not in said
    for fmt, text in _texts(folder, notes=True).items():
        words = _words(text)
        assert "::" not in words and "((" not in words and "{:" not in words and "#+" not in words, fmt
        assert "TODO" not in words and "DONE" not in words, fmt
        for phrase in ("Compost needs four things", "Greens are kitchen scraps", "Turn the pile every two weeks",
                       "Buy a thermometer", "The pile got hot in a week", "Soil tests", "Keep a lid on it"):
            assert phrase in words, (fmt, phrase)
    pdf = _words(pdf_text(outputs(folder)[".pdf"]))
    assert "☑ Buy a thermometer" in pdf and "☐ Turn the pile" in pdf
    from pptx import Presentation

    deck = Presentation(str(outputs(folder)[".pptx"]))
    assert any(shape.shape_type == 13 for slide in deck.slides for shape in slide.shapes)  # the picture


def test_logseq_page_model() -> None:
    from essaykit.model import BlockQuote, BulletList, Div, Paragraph

    doc, _ = read("title:: Compost\ndate:: [[Mar 3rd, 2024]]\n\n- First block.\n\t- A child.\n"
                  "- > A quote.\n- #+BEGIN_TIP\n  Turn it.\n  #+END_TIP\n")
    assert doc.meta.title == "Compost" and str(doc.meta.date) == "2024-03-03"
    kinds = [type(b) for b in doc.blocks]
    assert kinds[:2] == [Paragraph, BulletList] and BlockQuote in kinds
    assert any(isinstance(b, Div) and b.classes[0] == "tip" for b in doc.blocks)


def test_a_post_with_a_todo_list_is_no_logseq_page() -> None:
    from essaykit.model import BulletList

    doc, _ = read("# Plans\n\n- TODO paint the shed\n- buy nails\n")
    lists = [b for b in doc.blocks if isinstance(b, BulletList)]
    assert lists and [i.checked for i in lists[0].children] == [False, None]


@pytest.mark.parametrize("key", ["heroImage", "feature_image", "featuredImage", "coverImage"])
def test_a_hero_image_is_the_cover(key: str) -> None:
    doc, _ = read(f"---\ntitle: First light\n{key}: '/hero.png'\n---\n\nWords.\n")
    assert doc.meta.cover == "/hero.png"


def test_capitals_that_only_look_like_logseq_tasks_stay() -> None:
    doc, _ = read("# Plans\n\n- NOW is the time\n- LATER we rest\n")
    assert "NOW is the time" in plain_text(doc.blocks) and "LATER we rest" in plain_text(doc.blocks)


# ------------------------------------------------------------ Jekyll Chirpy

_CHIRPY = """---
title: Benchmarking a tiny web server
image:
  path: /assets/img/bench.png
---

I measured three servers on the same laptop.

> Close every other program
> before you benchmark.
{: .prompt-tip }

> Laptop numbers are not server numbers.
{: .prompt-danger }

![Throughput chart](bench.png){: w="700" h="400" .shadow }
_Requests per second, higher is better_

Last words at line 19.
"""


def test_chirpy_prompts_are_call_outs_and_an_italic_line_under_a_picture_its_caption() -> None:
    from essaykit.model import Div

    doc, said = read(_CHIRPY)
    divs = [b for b in doc.blocks if isinstance(b, Div)]
    assert [d.classes[0] for d in divs] == ["tip", "danger"]
    assert plain_text(divs[0].children) == "Close every other program before you benchmark."
    figure = next(b for b in doc.blocks if isinstance(b, Figure))
    assert figure.image.alt == "Throughput chart"
    assert plain_text(figure.caption) == "Requests per second, higher is better"
    assert doc.blocks[-1].line == 19  # the prompts' lines are given back
    assert doc.meta.cover == "/assets/img/bench.png"


def test_a_prompt_class_without_a_quotation_is_only_removed() -> None:
    doc, said = read("Words.\n{: .prompt-tip }\n\nMore.\n")
    assert plain_text(doc.blocks) == "Words.More." or "prompt" not in plain_text(doc.blocks)


def test_an_italic_sentence_beside_a_picture_in_a_paragraph_stays_words() -> None:
    doc, _ = read("Intro.\n\n![A](a.png) and _some words_ after it.\n")
    assert type(doc.blocks[-1]).__name__ == "Paragraph"


@pytest.mark.parametrize(("source", "kind"), [
    ("**Watch out!** This paragraph\nis emphasized.\n{: .notice--warning}\n", "warning"),
    ("A plain remark.\n{: .notice}\n", "note"),
    ("Good news.\n{: .notice--success}\n", "success"),
])
def test_minimal_mistakes_notices_are_call_outs(source: str, kind: str) -> None:
    from essaykit.model import Div

    doc, said = read("Intro.\n\n" + source + "\nAfter.\n")
    div = next(b for b in doc.blocks if isinstance(b, Div))
    assert div.classes[0] == kind and "notice" not in plain_text(doc.blocks)
    assert doc.blocks[-1].line == source.count("\n") + 4


def test_a_notice_under_a_list_is_no_call_out() -> None:
    from essaykit.model import Div

    doc, _ = read("Intro.\n\n- one\n- two\n{: .notice--info}\n")
    assert not any(isinstance(b, Div) for b in doc.blocks)
