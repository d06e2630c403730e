"""Issue 18 on posts of kinds not tried before, in every format: an R
Markdown (blogdown/bookdown) post's knitr chunks, inline R and
cross-references. Each post is written here, exported by ``essaykit
export`` to PDF, EPUB and deck, and read back (PDF text with pypdf, EPUB
text, slide text and speaker notes)."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from essaykit.errors import Warning_
from essaykit.model import CodeBlock, Figure, plain_text
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


def _rmd(root: Path) -> Path:
    folder = root / "rmd"
    png(folder / "birds_files" / "figure-html" / "wing-plot-1.png", "olive")
    doc = folder / "birds.Rmd"
    doc.write_text("""---
title: "Counting finches"
date: "`r Sys.Date()`"
output:
  blogdown::html_page:
    toc: true
---

```{r setup, include=FALSE}
library(finches)
secret_setup_call()
```

We ringed `r nrow(birds)` finches over `r length(unique(birds$site))` sites.

```{r wing-plot, fig.cap="Wing length by site", echo=FALSE}
plot(birds$site, birds$wing)
```

```{r beak-plot, fig.cap="Beak depth by year", echo=FALSE}
plot(birds$year, birds$beak)
```

```{r}
summary(birds)
```

## Methods {#methods}

Wings grow longer inland (Figure \\@ref(fig:wing-plot)), beaks deeper in
drought years (Figure \\@ref(fig:beak-plot)); see \\@ref(methods).
""", encoding="utf-8")
    return doc


def _pelican(root: Path) -> Path:
    site = root / "pelican"
    site.mkdir()
    (site / "pelicanconf.py").write_text("AUTHOR = 'Ana'\nPATH = 'src'\n", encoding="utf-8")
    png(site / "src" / "images" / "kettle.png", "maroon")
    (site / "src" / "articles").mkdir(parents=True)
    post = site / "src" / "articles" / "tea.md"
    post.write_text("""Title: Tea, slowly
Date: 2021-04-02 08:00
Tags: tea, patience

[TOC]

Water first, then patience.

![The kettle]({static}/images/kettle.png)

I wrote [about coffee]({filename}/articles/coffee.md) once, and there is
[a tag page]({tag}tea) and [an older one](|filename|/old.md).

## Steeping

Three minutes, never four: `{static}` stays as written in code.
""", encoding="utf-8")
    return post


def _wordpress(root: Path) -> Path:
    folder = root / "wp"
    folder.mkdir()
    post = folder / "bees.md"
    post.write_text("""---
title: "Keeping bees on a roof"
layout: post
---
<!-- wp:paragraph -->
<p>The hive went up in March, and the neighbours were kind about it.</p>
<!-- /wp:paragraph -->

<!-- wp:quote -->
<blockquote class="wp-block-quote"><p>The keeping of bees is like the direction of sunbeams.</p><cite>Henry David Thoreau</cite></blockquote>
<!-- /wp:quote -->

<!-- wp:pullquote -->
<figure class="wp-block-pullquote"><blockquote><p>A roof is a meadow nobody mows.</p><cite>— my neighbour</cite></blockquote></figure>
<!-- /wp:pullquote -->

<!-- wp:paragraph -->
<p>By June there was honey, and I read <cite>The Beekeeper's Bible</cite> twice.</p>
<!-- /wp:paragraph -->
""", encoding="utf-8")
    return post


def _eleventy(root: Path) -> Path:
    site = root / "eleventy"
    (site / "posts").mkdir(parents=True)
    (site / "eleventy.config.js").write_text("export default function (c) {}\n", encoding="utf-8")
    post = site / "posts" / "afternoon.md"
    post.write_text("""---
title: "A site in an afternoon"
---
This post was built with Eleventy {{ eleventy.version }}. It took {{ page.minutes }}, more or less.

The theme is {{ site.theme }}; the fonts are the system's.
""", encoding="utf-8")
    return post


KINDS = {"rmd": _rmd, "pelican": _pelican, "wp": _wordpress, "eleventy": _eleventy}


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, Path, str]]:
    return export_kinds(tmp_path_factory.mktemp("wild4"), KINDS)


def _flat(text: str) -> str:
    return " ".join(text.replace("\u00ad", "").replace("-\n", "").split())


def _notes(pptx: Path) -> str:
    from pptx import Presentation

    return "\n".join(s.notes_slide.notes_text_frame.text for s in Presentation(str(pptx)).slides
                     if s.has_notes_slide)


def _texts(folder: Path) -> dict[str, str]:
    files = outputs(folder)
    return {"PDF": _flat(pdf_text(files[".pdf"])), "EPUB": _flat(epub_text(files[".epub"])),
            "slides": _flat(slide_texts(files[".pptx"])), "notes": _flat(_notes(files[".pptx"]))}


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_no_syntax_leaks(exported: dict[str, tuple[Path, Path, str]], kind: str) -> None:
    for label, text in _texts(exported[kind][1]).items():
        assert not LEAKS.findall(text), (kind, label, LEAKS.findall(text)[:3])


def test_every_epub_is_clean(exported: dict[str, tuple[Path, Path, str]]) -> None:
    check_every_epub(exported)


# ------------------------------------------------------------ R Markdown

def test_rmarkdown_in_every_format(exported: dict[str, tuple[Path, Path, str]]) -> None:
    from pypdf import PdfReader

    _, folder, output = exported["rmd"]
    texts = _texts(folder)
    for label, text in texts.items():
        assert "secret_setup_call" not in text and "library(finches)" not in text, label  # include=FALSE
        assert "plot(birds" not in text, label  # echo=FALSE
        assert "r nrow" not in text and "`r" not in text and "@ref" not in text, label
        assert "Sys.Date" not in text, label
    for label in ("PDF", "notes"):
        assert "We ringed nrow(birds) finches" in texts[label], label
    book = zipfile.ZipFile(outputs(folder)[".epub"])
    pages = " ".join(book.read(n).decode() for n in book.namelist() if n.endswith(".xhtml"))
    assert re.search(r"<code[^>]*>nrow\(birds\)</code>", pages)  # (epub_text leaves code out)
    for label in ("PDF", "EPUB", "notes"):
        assert "inland (Figure 1), beaks deeper in drought years (Figure 2); see Methods." in texts[label], label
    assert "Figure 1: Wing length by site" in texts["PDF"] and "Figure 2: Beak depth by year" in texts["EPUB"]
    files = outputs(folder)
    assert sum(len(page.images) for page in PdfReader(str(files[".pdf"])).pages) == 1
    warnings = [line for line in output.splitlines() if "warning" in line]
    assert sum("inline R" in w for w in warnings) == 1
    assert any("birds.Rmd:3:" in w and "'date'" in w for w in warnings)
    missing = [w for w in warnings if "beak-plot" in w]
    assert len(missing) == 1 and "birds_files/figure-html/beak-plot-1.png" in missing[0]


def _read(source: str, name: str = "post.Rmd") -> tuple[object, list[Warning_]]:
    warnings: list[Warning_] = []
    return read_text(source, path=name, warn=warnings.append), warnings


def test_a_shown_chunk_keeps_its_code_as_written() -> None:
    doc, _ = _read("Text.\n\n```{r tidy, echo=TRUE}\nx <- `r` + 1 # `r not inline`\n```\n")
    codes = [n for n in iter_nodes(doc.blocks) if isinstance(n, CodeBlock)]  # type: ignore[attr-defined]
    assert [c.text for c in codes] == ["x <- `r` + 1 # `r not inline`"]


def test_inline_r_is_shown_as_code_once_warned() -> None:
    doc, warnings = _read("A `r 1 + 1` and `r pi`, and `plain code`.\n")
    assert plain_text(doc.blocks[0].children) == "A 1 + 1 and pi, and plain code."  # type: ignore[attr-defined]
    assert len([w for w in warnings if "inline R" in w.message]) == 1


def test_an_unknown_reference_is_said() -> None:
    doc, warnings = _read("```{r a}\n1\n```\n\nSee Figure \\@ref(fig:nothing).\n")
    assert "See Figure ??." in plain_text(doc.blocks[-1].children)  # type: ignore[attr-defined]
    assert any("fig:nothing" in w.message for w in warnings)


def test_knitr_include_graphics_is_the_authors_picture(tmp_path: Path) -> None:
    png(tmp_path / "img" / "map.png", "red")
    post = tmp_path / "p.Rmd"
    post.write_text('```{r map, echo=FALSE, fig.cap="The map"}\nknitr::include_graphics("img/map.png")\n```\n',
                    encoding="utf-8")
    from essaykit.reader import read_path

    figures = [n for n in iter_nodes(read_path(post).blocks) if isinstance(n, Figure)]
    assert [(f.image.src, plain_text(f.caption)) for f in figures] == [("img/map.png", "The map")]


# ------------------------------------------------------------ Pelican

def test_pelican_in_every_format(exported: dict[str, tuple[Path, Path, str]]) -> None:
    from pypdf import PdfReader

    _, folder, output = exported["pelican"]
    files = outputs(folder)
    assert sum(len(page.images) for page in PdfReader(str(files[".pdf"])).pages) == 1  # {static}, from PATH
    texts = _texts(folder)
    for label in ("PDF", "EPUB", "notes"):
        text = texts[label]
        assert "I wrote about coffee once, and there is a tag page and an older one." in text, label
        assert "{tag}" not in text and "{filename}" not in text and "|filename|" not in text, label
        assert "[TOC]" not in text, label
    warnings = [line for line in output.splitlines() if ": warning:" in line]
    assert len(warnings) == 2, warnings
    assert not any("%7B" in w or "MkDocs [TOC]" in w for w in warnings)
    assert sum("Pelican" in w and "(3 times)" in w for w in warnings) == 1
    assert any("Python-Markdown" in w and "[TOC]" in w for w in warnings)


def test_pelican_static_without_a_site_is_the_essays_folder(tmp_path: Path) -> None:
    png(tmp_path / "images" / "cup.png", "blue")
    post = tmp_path / "cup.md"
    post.write_text("Title: Cup\n\n![A cup]({static}/images/cup.png) and ![again]({attach}images/cup.png)\n",
                    encoding="utf-8")
    from essaykit.model import Image
    from essaykit.reader import read_path

    images = [n.src for n in iter_nodes(read_path(post).blocks) if isinstance(n, Image)]
    assert images == ["images/cup.png", "images/cup.png"]


def test_pelican_content_folder_stays_inside_the_site(tmp_path: Path) -> None:
    from essaykit.siteroot import find_site

    (tmp_path / "content").mkdir()
    (tmp_path / "pelicanconf.py").write_text("PATH = '../../etc'\n", encoding="utf-8")
    site = find_site(tmp_path / "content")
    assert site is not None and site.mounts[0][1] == tmp_path / "content"


# ------------------------------------------------------------ WordPress

def test_gutenberg_quote_cite_is_its_attribution() -> None:
    from essaykit.model import BlockQuote, PullQuote

    doc = read_text('<blockquote class="wp-block-quote"><p>Now.</p><cite>A proverb</cite></blockquote>\n\n'
                    '<figure class="wp-block-pullquote"><blockquote><p>Less.</p><cite>— Mies</cite>'
                    '</blockquote></figure>\n\n<blockquote><p>Read <cite>Walden</cite>.</p></blockquote>\n')
    quote, pull, plain = doc.blocks
    assert isinstance(quote, BlockQuote) and plain_text(quote.attribution) == "A proverb"
    assert plain_text(quote.children[0].children) == "Now."  # type: ignore[attr-defined]
    assert isinstance(pull, PullQuote) and plain_text(pull.attribution) == "Mies"
    assert isinstance(plain, BlockQuote) and not plain.attribution  # a title cited in the words is no attribution


def test_wordpress_quote_attribution_in_every_format(exported: dict[str, tuple[Path, Path, str]]) -> None:
    texts = _texts(exported["wp"][1])
    for label in ("PDF", "EPUB", "slides"):
        assert "— Henry David Thoreau" in texts[label], (label, texts[label])
        assert "sunbeams. Henry" not in texts[label], label
    assert "— my neighbour" in texts["PDF"] and "— my neighbour" in texts["EPUB"]
    assert "I read The Beekeeper's Bible twice" in texts["PDF"].replace("’", "'")


# ------------------------------------------------------------ Eleventy

def test_a_removed_variable_takes_its_space_along(exported: dict[str, tuple[Path, Path, str]]) -> None:
    texts = _texts(exported["eleventy"][1])
    for label in ("PDF", "EPUB", "notes"):
        text = texts[label]
        assert "built with Eleventy. It took, more or less." in text, (label, text)
        assert "The theme is; the fonts" in text, label
        assert "Eleventy ." not in text and "It took ," not in text, label


@pytest.mark.parametrize(("source", "said"), [
    ("Version {{ v }}!", "Version!"),
    ("{{ v }} starts the line.", "starts the line."),
    ("Ends with {{ v }}", "Ends with"),
])
def test_removed_variables_leave_no_stray_space(source: str, said: str) -> None:
    doc, _ = _read(source, "post.md")
    assert plain_text(doc.blocks[0].children) == said  # type: ignore[attr-defined]


def test_an_indent_before_a_removed_variable_stays() -> None:
    doc, _ = _read("Text.\n\n    {{ v }} code\n", "post.md")
    assert [n.text for n in iter_nodes(doc.blocks) if isinstance(n, CodeBlock)] == ["{{ v }} code"]  # type: ignore[attr-defined]


def test_pelican_placeholders_in_prose_stay() -> None:
    doc, warnings = _read("Title: F\n\nPython fills {index} and {tag} in format strings.\n", "f.md")
    assert plain_text(doc.blocks[0].children) == "Python fills {index} and {tag} in format strings."  # type: ignore[attr-defined]
    assert not warnings


@given(st.lists(st.sampled_from(["```{r a, include=FALSE}", "```{r b, fig.cap='X'}", "```", "`r 1 + 1`",
                                 "see \\@ref(fig:b)", "# H {#h}", "text", "", "~~~"]), max_size=12))
def test_knitr_keeps_every_line(lines: list[str]) -> None:
    from essaykit.reader.dialects.rmarkdown import expand_rmarkdown

    body = "\n".join(lines)
    assert expand_rmarkdown(body, {}, lambda message, line: None).count("\n") == body.count("\n")
