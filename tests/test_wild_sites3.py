"""Issue 18's leftovers on posts of each kind, in every format: a Hugo page's
references and figure credit, a Jekyll post's conditions, a Franklin page's
labelled boxes, a Quarto report's cell figures. Each post is written here,
exported by ``essaykit export`` to PDF, EPUB and deck, and read back (PDF text
with pypdf, EPUB text, slide text and speaker notes)."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest

from essaykit.errors import Warning_
from essaykit.model import Div, Figure, Paragraph, plain_text
from essaykit.model.walk import iter_nodes
from essaykit.reader import read_text
from tests.wildkit import (
    LEAKS,
    check_every_epub,
    epub_text,
    export_kinds,
    outputs,
    pdf_text,
    png,
    slide_texts,
)


def _hugo(root: Path) -> Path:
    site = root / "hugo"
    (site / "content" / "posts").mkdir(parents=True)
    (site / "config.toml").write_text('baseURL = "https://tides.example/"\ntitle = "Tides"\n', encoding="utf-8")
    png(site / "static" / "img" / "pier.png", "teal")
    (site / "content" / "posts" / "neap.md").write_text('---\ntitle: "Neap tides, explained"\n---\n\nBody.\n',
                                                        encoding="utf-8")
    post = site / "content" / "posts" / "tables.md"
    post.write_text("""---
title: "Reading a tide table"
date: 2024-05-02
---

The first thing to learn is the range; I wrote about it in {{< ref "neap.md" >}} last spring.

{{< figure src="/img/pier.png" caption="High water at the pier" attr="Photo: Ines Rocha" attrlink="https://photos.example/ines" >}}

```go
fmt.Println(`{{< ref "neap.md" >}}`)
```

Tables are printed by the port authority, and they are free.
""", encoding="utf-8")
    return post


def _jekyll(root: Path) -> Path:
    site = root / "jekyll"
    (site / "_posts").mkdir(parents=True)
    (site / "_config.yml").write_text("title: Bread\nshow_recipe: true\n", encoding="utf-8")
    post = site / "_posts" / "2024-03-01-rye.md"
    post.write_text("""---
title: "Rye, slowly"
level: beginner
comments: false
---

{% if page.level == "expert" %}Skip the first part entirely.{% elsif page.level == "beginner" %}Start with a small loaf and a warm kitchen.{% else %}Read on as you like.{% endif %}

{% if page.comments %}
Leave a comment below the post.
{% else %}
Comments are closed, so write to me instead.
{% endif %}

{% unless site.show_recipe %}The recipe is only for subscribers.{% endunless %}

Rye needs patience more than skill, and a dough that looks wrong is usually right.
""", encoding="utf-8")
    return post


def _franklin(root: Path) -> Path:
    site = root / "franklin"
    (site / "_layout").mkdir(parents=True)
    (site / "config.md").write_text('@def author = "Sam"\n', encoding="utf-8")
    page = site / "index.md"
    page.write_text("""@def title = "Gradient steps"
@def hascode = true

Gradient descent takes small steps downhill.

{{if hascode}}The examples run in Julia, one line at a time.{{else}}There is no code on this page.{{end}}

~~~
<div class="note"><b>Note:</b> the step size matters more than the start.</div>
~~~

<div class="warning"><strong>Warning!</strong> Too large a step diverges.</div>

That is all there is to it.
""", encoding="utf-8")
    return page


def _quarto(root: Path) -> Path:
    folder = root / "quarto"
    png(folder / "wells_files" / "figure-html" / "fig-level-output-1.png", "navy")
    doc = folder / "wells.qmd"
    doc.write_text("""---
title: "Wells in summer"
---

The level falls each summer, and the village notices.

```{python}
#| label: fig-level
#| fig-cap: "Monthly level of well 7"
plt.plot(levels)
```

As @fig-level shows, August is the low point.

```{python}
#| label: fig-rain
#| fig-cap: "Rain by month"
plt.bar(range(12), rain)
```

Rain comes back in autumn.
""", encoding="utf-8")
    return doc


KINDS = {"hugo": _hugo, "jekyll": _jekyll, "franklin": _franklin, "quarto": _quarto}


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, Path, str]]:
    return export_kinds(tmp_path_factory.mktemp("wild3"), KINDS)


def _flat(text: str) -> str:
    return " ".join(text.replace("\u00ad", "").replace("-\n", "").split())


def _notes(pptx: Path) -> str:
    from pptx import Presentation

    return "\n".join(s.notes_slide.notes_text_frame.text for s in Presentation(str(pptx)).slides
                     if s.has_notes_slide)


#: The one line of code in the posts that shows template syntax, as written.
_CODE = 'fmt.Println(`{{< ref "neap.md" >}}`)'


def _texts(folder: Path) -> dict[str, str]:
    """Each format's words, the code left out (pypdf cannot tell it apart)."""
    files = outputs(folder)
    return {"PDF": _flat(pdf_text(files[".pdf"])).replace(_CODE, ""), "EPUB": _flat(epub_text(files[".epub"])),
            "slides": _flat(slide_texts(files[".pptx"])), "notes": _flat(_notes(files[".pptx"])).replace(_CODE, "")}


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_no_syntax_leaks(exported: dict[str, tuple[Path, Path, str]], kind: str) -> None:
    for label, text in _texts(exported[kind][1]).items():
        assert not LEAKS.findall(text), (kind, label, LEAKS.findall(text)[:3])


def test_hugo_reference_and_credit_in_every_format(exported: dict[str, tuple[Path, Path, str]]) -> None:
    from pypdf import PdfReader

    _, folder, output = exported["hugo"]
    texts = _texts(folder)
    for label in ("PDF", "EPUB", "notes"):
        assert "I wrote about it in Neap tides, explained last spring" in texts[label], label
        assert "neap.md" not in texts[label], label
    for label in ("PDF", "EPUB", "notes"):
        assert "High water at the pier. Photo: Ines Rocha" in texts[label], label
    assert "→ Photo: Ines Rocha <https://photos.example/ines>" in texts["notes"]  # the credit's link, said
    files = outputs(folder)
    uris = {a.get_object()["/A"].get("/URI") for page in PdfReader(str(files[".pdf"])).pages
            for a in page.get("/Annots", [])}
    assert {"https://tides.example/posts/neap/", "https://photos.example/ines"} <= uris
    book = "".join(zipfile.ZipFile(files[".epub"]).read(n).decode() for n in zipfile.ZipFile(files[".epub"]).namelist()
                   if n.endswith(".xhtml"))
    assert 'href="https://photos.example/ines"' in book and 'href="https://tides.example/posts/neap/"' in book
    assert '{{&lt; ref "neap.md" &gt;}}' in book or '{{< ref "neap.md" >}}' in book  # the code, as written
    assert "warning" not in output
    assert _CODE in _flat(pdf_text(files[".pdf"]))  # code is shown as written


def test_jekyll_conditions_keep_one_branch_in_every_format(exported: dict[str, tuple[Path, Path, str]]) -> None:
    _, folder, output = exported["jekyll"]
    for label, text in _texts(folder).items():
        if label == "slides":
            continue  # a talk shows its points, shortened
        assert "Start with a small loaf and a warm kitchen." in text, label
        assert "Comments are closed, so write to me instead." in text, label
        for gone in ("Skip the first part", "Read on as you like", "Leave a comment", "only for subscribers"):
            assert gone not in text, (label, gone)
    slides = _texts(folder)["slides"]
    assert "Leave a comment" not in slides and "subscribers" not in slides
    assert "warning" not in output


def test_franklin_boxes_say_their_label_once(exported: dict[str, tuple[Path, Path, str]]) -> None:
    _, folder, _ = exported["franklin"]
    texts = _texts(folder)
    for label in ("PDF", "EPUB"):
        text = texts[label]
        assert len(re.findall(r"\bnote\b", text, re.I)) == 1, (label, text)
        assert len(re.findall(r"\bwarning\b", text, re.I)) == 1, (label, text)
        assert "the step size matters more than the start." in text, label
        assert "The examples run in Julia, one line at a time." in text, label
    for text in texts.values():
        assert "no code on this page" not in text  # Franklin's {{if hascode}}: one branch
    assert len(re.findall(r"\bnote\b", texts["slides"], re.I)) == 1
    # The label leads its point on the slide, which still says it ("Warning!" alone was the bullet).
    assert "Note: the step size matters more than the start" in texts["slides"]
    assert "Warning: Too large a step diverges" in texts["slides"]


def test_quarto_cell_figures_show_their_picture_or_say_it_is_missing(
        exported: dict[str, tuple[Path, Path, str]]) -> None:
    from pptx import Presentation
    from pypdf import PdfReader

    _, folder, output = exported["quarto"]
    files = outputs(folder)
    assert sum(len(page.images) for page in PdfReader(str(files[".pdf"])).pages) == 1
    texts = _texts(folder)
    assert "Figure 1: Monthly level of well 7" in texts["PDF"] and "Figure 2: Rain by month" in texts["PDF"]
    assert "missing" in texts["PDF"].lower()  # the placeholder of the picture never rendered
    assert "Figure 1: Monthly level of well 7" in texts["EPUB"] and "Rain by month" in texts["EPUB"]
    pictures = [s for slide in Presentation(str(files[".pptx"])).slides for s in slide.shapes if s.shape_type == 13]
    assert len(pictures) == 1  # no slide for the missing one: its words are in the notes
    assert "Rain by month" in texts["notes"]
    said = [line for line in output.splitlines() if "warning" in line and "fig-rain" in line]
    assert len(said) == 1 and "wells_files/figure-html/fig-rain-output-1.png" in said[0]
    book = zipfile.ZipFile(files[".epub"])
    assert any(n.endswith(".png") for n in book.namelist())


def test_every_epub_is_clean(exported: dict[str, tuple[Path, Path, str]]) -> None:
    check_every_epub(exported)


# ------------------------------------------------------------ call-outs: the author's own label

@pytest.mark.parametrize(
    ("source", "title", "body"),
    [
        ('<div class="note"><b>Note:</b> small steps.</div>', "Note", "small steps."),
        ('<div class="warning"><strong>Warning!</strong> It diverges.</div>', "Warning!", "It diverges."),
        ('<div class="tip"><p><b>Tip</b>: halve it.</p></div>', "Tip", "halve it."),
        ("> [!NOTE]\n> **Before you start:** read this.", "Before you start", "read this."),
        ("> [!WARNING]\n> *Achtung:* heiß.", "Achtung", "heiß."),
        ('::: {.callout-note}\n**Remarque :** en français.\n:::', "Remarque", "en français."),
    ],
)
def test_a_callout_label_the_author_wrote_is_its_title(source: str, title: str, body: str) -> None:
    doc = read_text(source + "\n", path="p.md")
    div = next(n for n in iter_nodes(doc.blocks) if isinstance(n, Div) and n.callout)
    assert plain_text(div.title) == title
    assert plain_text(div.children[0].children) == body  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("source", "title", "words"),
    [
        ('<div class="note"><b>Small steps matter more than a good start.</b> Really.</div>', "",
         "Small steps matter more than a good start. Really."),
        ('<div class="note"><b>Note</b></div>', "", "Note"),  # the bold word is all it says
        ('<div class="note">A <b>Note:</b> inside.</div>', "", "A Note: inside."),
        ("> [!TIP] Mine\n> **Note:** kept, the box has a title.", "Mine", "Note: kept, the box has a title."),
    ],
)
def test_bold_words_that_are_no_label_stay(source: str, title: str, words: str) -> None:
    doc = read_text(source + "\n", path="p.md")
    div = next(n for n in iter_nodes(doc.blocks) if isinstance(n, Div) and n.callout)
    assert plain_text(div.title) == title
    assert " ".join(" ".join(plain_text(b) for b in div.children).split()) == words


# ------------------------------------------------------------ Quarto cells, read

def test_quarto_figures_are_found_where_quarto_left_them(tmp_path: Path) -> None:
    (tmp_path / "_quarto.yml").write_text("project:\n  type: website\n", encoding="utf-8")
    post = tmp_path / "posts" / "wells" / "index.qmd"
    post.parent.mkdir(parents=True)
    png(tmp_path / "_freeze" / "posts" / "wells" / "index" / "figure-html" / "fig-a-output-1.png", "red")
    png(post.parent / "index_files" / "figure-pdf" / "fig-b-1.png", "blue")
    (tmp_path / "outside.png").write_bytes(b"")
    said: list[Warning_] = []
    doc = read_text("""---
title: T
---

```{python}
#| label: fig-a
#| fig-cap: "Frozen"
#| fig-alt: "A red square"
plot()
```

```{r fig-b, echo=FALSE}
#| fig-cap: "From knitr, made for PDF"
plot()
```

```{python}
#| label: fig-c
plot()
```

```{python}
#| label: tbl-d
#| tbl-cap: "A table"
show()
```

```{python}
print("no figure")
```
""", path=str(post), warn=said.append)
    figures = [n for n in iter_nodes(doc.blocks) if isinstance(n, Figure)]
    assert [(f.image.src, f.image.alt, plain_text(f.caption)) for f in figures] == [
        ("../../_freeze/posts/wells/index/figure-html/fig-a-output-1.png", "A red square", "Figure 1: Frozen"),
        ("index_files/figure-pdf/fig-b-1.png", "From knitr, made for PDF", "From knitr, made for PDF"),
        ("index_files/figure-html/fig-c-output-1.png", "", ""),
    ]
    paragraphs = [plain_text(b.children) for b in doc.blocks if isinstance(b, Paragraph)]
    assert paragraphs == ["Table 1: A table"]
    assert said == []  # a missing picture is said by the renderers, once


def test_a_cell_without_a_document_path_has_no_picture() -> None:
    doc = read_text('```{python}\n#| label: fig-a\n#| fig-cap: "A"\nplot()\n```\n')
    assert not [n for n in iter_nodes(doc.blocks) if isinstance(n, Figure)]
    assert plain_text(doc.blocks[-1].children) == "Figure 1: A"  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("front", "cell", "code", "figure"),
    [
        ("", "```{python}\n#| echo: false\n#| label: fig-a\n#| fig-cap: \"A\"\nplot()\n```", False, True),
        ("", "```{r fig-a, echo=FALSE, fig.cap='A'}\nplot()\n```", False, True),
        ("", "```{python}\n#| include: false\n#| label: fig-a\n#| fig-cap: \"A\"\nplot()\n```", False, False),
        ("", "```{python}\n#| output: false\n#| label: fig-a\n#| fig-cap: \"A\"\nplot()\n```", True, False),
        ("", "```{python}\n#| eval: false\n#| label: fig-a\n#| fig-cap: \"A\"\nplot()\n```", True, False),
        ("execute:\n  echo: false\n", "```{python}\n#| label: fig-a\n#| fig-cap: \"A\"\nplot()\n```", False, True),
        ("execute:\n  echo: false\n", "```{python}\n#| echo: true\n#| label: fig-a\n#| fig-cap: \"A\"\nplot()\n```",
         True, True),
        ("", "```{r setup, include=FALSE}\nknitr::opts_chunk$set(echo = FALSE)\n```\n\n"
             "```{r fig-a}\n#| fig-cap: \"A\"\nplot()\n```", False, True),
        ("", "```{python}\nprint(1)\n```", True, False),
    ],
)
def test_a_cells_options_say_what_shows(tmp_path: Path, front: str, cell: str, code: bool, figure: bool) -> None:
    """``echo: false`` hides the code (the document shows what it made), ``include: false``
    the whole cell, ``output: false`` and ``eval: false`` its figure."""
    doc = read_text(f"---\ntitle: T\n{front}---\n\n{cell}\n\nAfter.\n", path=str(tmp_path / "r.qmd"))
    from essaykit.model import CodeBlock

    codes = [b for b in doc.blocks if isinstance(b, CodeBlock)]
    assert bool(codes) == code and all("opts_chunk" not in c.text for c in codes)
    figures = [b for b in doc.blocks if isinstance(b, Figure)]
    assert bool(figures) == figure and all(plain_text(f.caption).endswith("A") for f in figures)
    assert plain_text(doc.blocks[-1].children) == "After."  # type: ignore[attr-defined]
