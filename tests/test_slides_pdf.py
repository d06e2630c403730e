"""PDF slides (issue 19): the deck's plan as a PDF, slide for slide, in the same
theme and aspect, tagged, the slide titles as bookmarks, fonts embedded,
links live; ``notes`` adds a page of speaker notes after each slide."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

import essaykit
from essaykit.renderers.registry import get_renderer, renderer_names

pytestmark = pytest.mark.skipif(
    "slides" not in renderer_names(),
    reason="the slides renderer's entry point is not installed: run pip install -e . again",
)

ESSAY = """---
title: Slides Without PowerPoint
author: Ines Okafor
lang: en
---

A talk should not need one program to be given. Read more at
[the project page](https://example.org/essaykit).

# Why a PDF

Every laptop opens a PDF. The slides look the same everywhere, with their own
fonts, and a handout with notes is one option away.

> A talk is a promise that the speaker will be brief.
> — Ines Okafor

# How it is made

The PDF follows the very plan of the deck, so both say the same thing on the
same slide, in the same order.

| Format | Opens in | Notes |
|---|---|---|
| PPTX | PowerPoint, Keynote, Impress | in the notes pane |
| PDF | every viewer | pages after each slide |

```python
print("same plan, two drawings")
```
"""


def _doc() -> essaykit.Document:
    return essaykit.loads(ESSAY, format="markdown")


def _render(**options: object) -> PdfReader:
    return PdfReader(io.BytesIO(essaykit.render(_doc(), "slides", **options)))


def test_slides_are_a_registered_format() -> None:
    assert "slides" in renderer_names()
    assert get_renderer("slides").suffix == ".slides.pdf"


def test_one_page_per_slide_of_the_deck() -> None:
    from pptx import Presentation

    deck = Presentation(io.BytesIO(essaykit.render(_doc(), "pptx")))
    pdf = _render()
    assert len(pdf.pages) == len(deck.slides)
    box = pdf.pages[0].mediabox
    assert (float(box.width), float(box.height)) == (960.0, 540.0)
    # Slide for slide: each slide's title is on its page.
    for page, slide in zip(pdf.pages, deck.slides, strict=True):
        title = slide.shapes.title.text_frame.text if slide.shapes.title is not None else ""
        words = [w for w in title.split() if len(w) > 3][:2]
        text = page.extract_text()
        assert all(w in text for w in words), (title, text[:200])


def test_four_by_three() -> None:
    box = _render(aspect="4:3").pages[0].mediabox
    assert (float(box.width), float(box.height)) == (720.0, 540.0)


def test_tagged_with_titles_as_bookmarks_and_metadata() -> None:
    pdf = _render()
    root = pdf.trailer["/Root"]
    assert "/StructTreeRoot" in root and root["/MarkInfo"]["/Marked"]
    titles = [item.title for item in pdf.outline if not isinstance(item, list)]
    assert "Slides Without PowerPoint" in titles
    assert {"Why a PDF", "How it is made"} <= set(titles)
    assert pdf.metadata.title == "Slides Without PowerPoint"
    assert pdf.metadata.author == "Ines Okafor"


def test_fonts_embedded_and_links_live() -> None:
    pdf = _render()
    embedded = set()
    for page in pdf.pages:
        for font in (page["/Resources"].get("/Font") or {}).values():
            font = font.get_object()
            descendant = font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font else font
            desc = descendant["/FontDescriptor"].get_object()
            assert any(k in desc for k in ("/FontFile", "/FontFile2", "/FontFile3")), font
            embedded.add(str(font["/BaseFont"]).split("+")[-1])
    assert any("Source-Serif" in name for name in embedded)
    uris = [a.get_object()["/A"].get("/URI") for page in pdf.pages
            for a in page.get("/Annots") or [] if "/A" in a.get_object()]
    assert "https://example.org/essaykit" in uris


def test_notes_make_a_handout() -> None:
    plain = _render()
    handout = _render(notes=True)
    assert len(handout.pages) >= 2 * len(plain.pages)
    text = "".join(p.extract_text() for p in handout.pages)
    assert "same plan" in text or "very plan of the deck" in text


@pytest.mark.parametrize("theme", ["magazine", "talk"])
def test_each_theme_draws(theme: str) -> None:
    pdf = _render(theme=theme)
    assert len(pdf.pages) > 3


def test_command_line_slides_with_notes_and_a_deck_without_fonts(tmp_path) -> None:  # type: ignore[no-untyped-def]
    import zipfile

    from click.testing import CliRunner

    from essaykit.cli import main

    essay = tmp_path / "talk.md"
    essay.write_text(ESSAY, encoding="utf-8")
    run = CliRunner().invoke(main, ["export", str(essay), "-t", "slides", "--notes", "-o", str(tmp_path / "out")])
    assert run.exit_code == 0, run.output
    slides = PdfReader(str(tmp_path / "out" / "talk.slides.pdf"))
    assert len(slides.pages) >= 2 * len(_render().pages)
    run = CliRunner().invoke(main, ["export", str(essay), "-t", "pptx", "--no-embed-fonts",
                                    "-o", str(tmp_path / "plain.pptx")])
    assert run.exit_code == 0, run.output
    assert not [n for n in zipfile.ZipFile(tmp_path / "plain.pptx").namelist() if n.startswith("ppt/fonts/")]


def test_a_right_to_left_deck_stays_on_its_pages(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """Every word of an Arabic deck (with a point in English) lies inside
    its page: the boxes were once shifted off the right edge."""
    import re
    import shutil
    import subprocess

    if shutil.which("pdftotext") is None:
        pytest.skip("poppler (pdftotext) not installed")
    essay = (
        "---\ntitle: سمّها وسيأتون\nlang: ar\n---\n\n## الفكرة\n\n"
        "لقد اكتشفت شيئاً جديداً. تحاول إبقاء غرورك تحت السيطرة.\n\n"
        "The next comment is a generic observation about the nature of abstractions.\n\n"
        "## التعليقات\n\nقد يحبونها وقد يكرهونها. كل ما تعرفه هو أنها تستحق أن تسمع.\n"
    )
    pdf = tmp_path / "ar.pdf"
    pdf.write_bytes(essaykit.render(essaykit.loads(essay, format="markdown"), "slides"))
    html = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout
    pages = re.findall(r'<page width="([\d.]+)" height="[\d.]+">(.*?)</page>', html, re.S)
    assert pages
    for width, body in pages:
        for x0, x1, word in re.findall(r'xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)" '
                                       r'yMax="[\d.]+">(.*?)</word>', body):
            assert float(x0) >= 0 and float(x1) <= float(width) + 1, (word, x0, x1, width)


@pytest.mark.parametrize(("lang", "title", "family"), [("hi", "हिंदी में एक निबंध", "Noto-Sans-Devanagari"),
                                                       ("th", "บทความภาษาไทย", "Noto-Sans-Thai"),
                                                       ("he", "מאמר בעברית", "Frank-Ruhl-Libre"),
                                                       ("bn", "বাংলা প্রবন্ধ", "Hind-Siliguri")])
def test_other_scripts_are_drawn_in_the_face_the_pdf_uses(lang: str, title: str, family: str) -> None:
    """The deck names fonts for Latin, CJK and Arabic script only: a Hindi or
    Thai talk's slides were blank (a missing glyph draws nothing)."""
    from essaykit import fonts

    if fonts.find_family(family.replace("-", " ")) is None:
        pytest.skip(f"{family} is not installed")
    doc = essaykit.loads(f"---\ntitle: {title}\nlang: {lang}\n---\n\n# {title}\n\n{title}.\n", format="markdown")
    reader = PdfReader(io.BytesIO(essaykit.render(doc, "slides")))
    fonts = {str(font.get_object()["/BaseFont"]) for page in reader.pages
             for font in page["/Resources"]["/Font"].values()}
    assert any(family in name for name in fonts), fonts
