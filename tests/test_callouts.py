"""Call-outs, wiki links and embeds as blogs write them: one meaning under many
syntaxes, said in every format (the box's kind is a word, not only a colour)."""

from __future__ import annotations

import zipfile
from io import BytesIO
from pathlib import Path

import pytest

import essaykit
from essaykit.model import Div, Image, Link, plain_text
from essaykit.model.walk import query

from . import epubcheck

POST = """---
title: Shipping a Small Tool
lang: en
---

> [!WARNING]
> Back up your files before upgrading.

> [!tip]- Keep it short
> Obsidian puts a title after the marker.

!!! note "Before you start"
    MkDocs indents the body by four spaces.

    It may hold two paragraphs.

:::caution Mind the gap
Docusaurus names the title after the kind.
:::

::: {.callout-important title="From Quarto"}
Quarto names it as an attribute.
:::

<div class="alert alert-info">A Bootstrap alert from an old theme.</div>

<details>
<summary>The long log</summary>

Nothing in the log was useful.

</details>

See [[Release Notes]], [[Roadmap|what comes next]] and [[Guide#Install]].

![[screenshot.png|400]]

<iframe width="560" height="315" src="https://www.youtube.com/embed/abcdefghijk" title="The launch talk"></iframe>

<video src="demo.mp4" controls>Your browser cannot play this.</video>
"""


@pytest.fixture(scope="module")
def doc() -> essaykit.Document:
    return essaykit.loads(POST)


def test_every_syntax_is_one_kind_of_block(doc: essaykit.Document) -> None:
    got = [(d.callout, plain_text(d.title) if d.title else "") for d in query(doc, Div) if d.callout]
    assert got == [("warning", ""), ("tip", "Keep it short"), ("note", "Before you start"),
                   ("caution", "Mind the gap"), ("important", "From Quarto"), ("info", ""),
                   ("details", "The long log")]
    note = next(d for d in query(doc, Div) if d.callout == "note")
    assert len(note.children) == 2  # both indented paragraphs
    assert essaykit.loads(doc.to_json(), format="json") == doc


def test_wiki_links_and_embeds_are_words_not_brackets(doc: essaykit.Document) -> None:
    text = " ".join(plain_text(b) for b in doc.blocks)
    assert "[[" not in text and "]]" not in text
    assert "See Release Notes, what comes next and Guide › Install." in text
    assert [i.src for i in query(doc, Image)] == ["screenshot.png"]
    assert "Video: The launch talk — https://www.youtube.com/watch?v=abcdefghijk" in text
    assert "Video: demo.mp4" in text and "cannot play" not in text
    assert any(link.url == "https://www.youtube.com/watch?v=abcdefghijk" for link in query(doc, Link))


def test_epub_labels_each_box_and_passes_epubcheck(doc: essaykit.Document, tmp_path: Path) -> None:
    data = essaykit.render(doc, "epub")
    path = tmp_path / "callouts.epub"
    path.write_bytes(data)
    assert epubcheck.check(path) == []
    with zipfile.ZipFile(BytesIO(data)) as z:
        xhtml = "".join(z.read(n).decode() for n in z.namelist() if n.endswith(".xhtml"))
    assert '<div class="callout warning" role="note"><p class="callout-title">Warning</p>' in xhtml
    assert '<p class="callout-title own">Before you start</p>' in xhtml


def test_pdf_and_deck_say_the_kind(doc: essaykit.Document) -> None:
    pypdf = pytest.importorskip("pypdf")
    from pptx import Presentation

    pdf = essaykit.render(doc, "pdf")
    text = " ".join(" ".join(p.extract_text().split()) for p in pypdf.PdfReader(BytesIO(pdf)).pages)
    for words in ("Back up your files", "Before you start", "The long log", "Guide › Install"):
        assert words in text
    assert "Warning".upper() in text.upper()
    deck = Presentation(BytesIO(essaykit.render(doc, "pptx")))
    said = "\n".join(shape.text_frame.text for slide in deck.slides for shape in slide.shapes
                     if shape.has_text_frame)
    said += "\n".join(slide.notes_slide.notes_text_frame.text for slide in deck.slides if slide.has_notes_slide)
    assert "Warning: Back up your files" in said
    assert "Before you start: MkDocs indents" in said


def test_labels_follow_the_essays_language() -> None:
    doc = essaykit.loads("---\ntitle: Essai\nlang: fr\n---\n\n> [!WARNING]\n> Sauvegardez vos fichiers.\n")
    with zipfile.ZipFile(BytesIO(essaykit.render(doc, "epub"))) as z:
        xhtml = "".join(z.read(n).decode() for n in z.namelist() if n.endswith(".xhtml"))
    assert '<p class="callout-title">Attention</p>' in xhtml


def test_ordinary_divs_and_quotes_are_not_callouts() -> None:
    doc = essaykit.loads("> A plain quotation.\n\n<div class=\"wide\">Just a div.</div>\n\n"
                         "A list [[1, 2], [3, 4]] stays as written.\n")
    assert not [d for d in query(doc, Div) if d.callout]
    assert "[[1, 2], [3, 4]]" in plain_text(doc.blocks[-1])


def test_abbreviation_definitions_are_a_list_of_terms() -> None:
    from essaykit.model import DefinitionList

    doc = essaykit.loads("The HTML spec is long, the *CSS* one too.\n\n*[HTML]: Hyper Text Markup Language\n"
                         "*[CSS]: Cascading *Style* Sheets\n\nAfter them.\n")
    [terms] = list(query(doc, DefinitionList))
    assert [(plain_text(i.term), plain_text(i.children[0])) for i in terms.children] == [
        ("HTML", "Hyper Text Markup Language"), ("CSS", "Cascading Style Sheets")]
    assert "*[" not in " ".join(plain_text(b) for b in doc.blocks)
