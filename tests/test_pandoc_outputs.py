"""An essay written with pandoc's and kramdown's conventions, exported to all
three formats: none of their syntax reaches a reader, what it says is shown
(ids, small caps, notes, the abstract, widths), and the EPUB is clean."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from PIL import Image

from tests import epubcheck

ESSAY = """---
title: Notes from the reading room
author: R. Reader
abstract: |
  What the *archive* keeps, and what it lets go.

  A second paragraph of the abstract.
keywords: [archives, memory]
---

The reading room opens at nine, and the first hour is the quietest of the day.

# The catalogue {#catalogue .unnumbered}

Cards are filed by [small caps]{.smallcaps} headings, some [underlined]{.underline},
some [en français]{lang=fr}.^[The French cards came from a donation in 1931.]
A clerk keeps a ledger of every loan[^ledger].

[^ledger]: The ledger is bound in green cloth.

## Loans {: #loans}

![The loan desk](desk.png){width=40%}

Loans are written by hand, `<b>always</b>`{=html} in ink, never `\\textbf{x}`{=latex} in pencil.

```{=html}
<p>The desk closes at <em>four</em>.</p>
```

```{=latex}
\\newpage
```

\\newpage

## An aside {.unlisted}

| Nine to four,
| and never on Sundays,
|     except in spring.

See [the catalogue](#catalogue) again before you leave.

+------------+-------------+
| Room       | Opens       |
+============+=============+
| Reading    | nine        |
+------------+-------------+
| Maps       | - ten       |
|            | - on demand |
+------------+-------------+

  Shelf      Items
-------    -------
  North        412
  South         87

Table: Shelves by wing.
"""

#: Syntax of these conventions that must never reach a reader.
LEAKS = re.compile(r"\{[#.:=-]|\{width|\^\[|\]\{|^\| |textbf|newpage|=html|=latex|\+---|\+===|-------|Table:", re.M)


def _pdf_text(path: Path) -> str:
    from pypdf import PdfReader

    return "\n".join(page.extract_text() or "" for page in PdfReader(str(path)).pages)


def _epub_files(path: Path) -> dict[str, str]:
    z = zipfile.ZipFile(path)
    return {n: z.read(n).decode("utf-8") for n in z.namelist() if n.endswith((".xhtml", ".opf"))}


def _words(html: str) -> str:
    return re.sub(r"<[^>]+>", " ", re.sub(r"<(pre|code)\b.*?</\1>", " ", html, flags=re.S))


@pytest.fixture(scope="module")
def outputs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    from essaykit.cli import main

    root = tmp_path_factory.mktemp("pandoc")
    Image.new("RGB", (400, 300), "teal").save(root / "desk.png")
    (root / "room.md").write_text(ESSAY, encoding="utf-8")
    result = CliRunner().invoke(main, ["export", str(root / "room.md"), "-o", str(root / "out")])
    assert result.exit_code == 0, result.output
    # The LaTeX is dropped with one warning naming its first line.
    assert "room.md:25: warning: raw latex content" in result.output, result.output
    return {p.suffix: p for p in (root / "out").iterdir()}


def test_pdf_shows_what_the_syntax_says_and_none_of_it(outputs: dict[str, Path]) -> None:
    from pypdf import PdfReader

    text = _pdf_text(outputs[".pdf"])
    assert not LEAKS.findall(text), LEAKS.findall(text)
    for words in ("What the archive keeps", "small caps", "The French cards came from a donation",
                  "bound in green cloth", "The desk closes at four", "always in ink",
                  "Nine to four,", "except in spring", "on demand", "Shelves by wing", "North"):
        assert words in text, words
    reader = PdfReader(str(outputs[".pdf"]))
    titles = [o.title for o in reader.outline if not isinstance(o, list)]
    assert "The catalogue" in titles and "An aside" not in titles
    assert "archives" in (reader.metadata.get("/Keywords") or "")


def test_epub_is_clean_and_keeps_ids_abstract_and_widths(outputs: dict[str, Path]) -> None:
    files = _epub_files(outputs[".epub"])
    body = "\n".join(v for k, v in files.items() if k.endswith(".xhtml") and "nav" not in k)
    words = _words(body)
    assert not LEAKS.findall(words), LEAKS.findall(words)
    assert 'id="catalogue"' in body and 'href="#catalogue"' in body
    assert 'id="loans"' in body
    assert 'class="no-deck abstract" epub:type="abstract" role="doc-abstract"' in body
    assert 'class="smallcaps"' in body and 'lang="fr"' in body
    assert re.search(r'<img [^>]*style="width: 40%"', body)
    assert "<strong>always</strong>" in body
    nav = next(v for k, v in files.items() if k.endswith("nav.xhtml"))
    assert "The catalogue" in nav and "An aside" not in nav
    opf = next(v for k, v in files.items() if k.endswith(".opf"))
    assert "<dc:subject>archives</dc:subject>" in opf
    if not epubcheck.available():
        pytest.skip("epubcheck (Java 17) not available")
    assert epubcheck.check(outputs[".epub"]) == []


def test_deck_and_its_notes_carry_no_syntax(outputs: dict[str, Path]) -> None:
    from pptx import Presentation

    deck = Presentation(str(outputs[".pptx"]))
    shown: list[str] = []
    notes: list[str] = []
    for slide in deck.slides:
        for shape in slide.shapes:
            if shape.has_text_frame and shape.name != "Code":
                shown.append(shape.text_frame.text)
        if slide.has_notes_slide:
            notes.append(slide.notes_slide.notes_text_frame.text)
    text = "\n".join(shown + notes)
    assert not LEAKS.findall(text), LEAKS.findall(text)
    assert "What the archive keeps" in notes[0]
    assert "The French cards came from a donation" in "\n".join(notes)


def test_the_abstract_is_in_the_notes_not_on_a_slide(outputs: dict[str, Path]) -> None:
    from pptx import Presentation

    deck = Presentation(str(outputs[".pptx"]))
    slides = list(deck.slides)
    body = [sh.text_frame.text for s in slides[1:] for sh in s.shapes if sh.has_text_frame]
    assert not any("second paragraph of the abstract" in t for t in body)
    notes = "\n".join(s.notes_slide.notes_text_frame.text for s in slides if s.has_notes_slide)
    assert "A second paragraph of the abstract." in notes
