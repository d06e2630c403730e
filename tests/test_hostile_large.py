"""Hostile sizes that were the general cost of a big document (issue 22):
a 700,000-character line of code in the PDF, the deck and the PDF
slides. Each export runs in a child with a CPU bound and a memory
ceiling (:func:`tests.test_hostile_linear.export_bounded`), and every
word still reaches the output. Figures: benchmarks/FINDINGS.md."""

from __future__ import annotations

import re
from io import BytesIO
from pathlib import Path

import pypdf

import essaykit
from essaykit.renderers.pdf.html import CODE_PIECE, _pieces
from tests.test_hostile_linear import export_bounded

_LINE = "".join(f"tok{i} " for i in range(100_000))[:700_000]
_CODE = "# Code\n\nBefore.\n\n```\n" + _LINE + "\n```\n\nAfter.\n"


def _pdf_text(data: bytes) -> str:
    return "".join(p.extract_text() for p in pypdf.PdfReader(BytesIO(data)).pages)


def test_code_pieces_cut_between_letters_outside_entities() -> None:
    line = ("ab&amp;" * 1000) + "x" * 3000
    cut = _pieces(line)
    pieces = re.findall(r"<span>([^<]*)</span>", cut)
    assert "".join(pieces) == line and all(len(p) <= CODE_PIECE for p in pieces)
    assert all(not re.search(r"&[#\w]*$", p) for p in pieces)  # never inside an entity
    assert _pieces("short &amp; line") == "short &amp; line"


def test_code_pieces_of_a_highlighted_line_cut_text_never_its_tags() -> None:
    """A long string token sits between the highlighter's tags: the run
    of text is cut, the tag before it is not taken as text (it printed
    '<span class="tok-s1">' in the PDF and lost the markup)."""
    from xml.etree import ElementTree

    from essaykit.renderers.xhtml.highlight import highlight_lines

    line = highlight_lines("x = '" + "a" * 5000 + "' + '" + "b" * 1500 + "'", "python")[0][0]
    cut = _pieces(line)
    ElementTree.fromstring(f"<code>{cut}</code>")  # well-formed
    assert re.sub(r"<[^>]*>", "", cut) == re.sub(r"<[^>]*>", "", line)
    assert all(len(p) <= CODE_PIECE for p in re.findall(r">([^<]*)<", cut))
    assert 'class="tok-s1"' in cut and "&lt;" not in cut


def test_a_long_highlighted_string_prints_whole_in_the_pdf() -> None:
    doc = essaykit.loads("# T\n\n```python\nx = '" + "a" * 5000 + "'\n```\n")
    text = re.sub(r"\s", "", _pdf_text(essaykit.render(doc, "pdf")))
    assert text.count("a") >= 5000 and "span" not in text and "class" not in text


def test_a_700000_character_line_of_code_in_the_pdf(tmp_path: Path) -> None:
    """WeasyPrint encoded the line's whole remaining text again for each
    line it broke off (46 s of CPU); in pieces of CODE_PIECE: 15 s."""
    pdf = export_bounded(tmp_path, _CODE, "pdf")
    words = re.sub(r"\s", "", _pdf_text(pdf.read_bytes()))
    assert words.count("tok") == _LINE.count("tok") and "tok79011" in words and "After." in words


def test_a_700000_character_line_of_code_in_the_deck_and_the_slides(tmp_path: Path) -> None:
    from pptx import Presentation

    deck = export_bounded(tmp_path / "deck", _CODE, "pptx")
    slides = Presentation(str(deck)).slides
    shown = [sh.text_frame.text for s in slides for sh in s.shapes if sh.has_text_frame]
    assert max(len(t) for t in shown) < 10_000 and any(t.endswith("…") for t in shown)
    notes = " ".join(s.notes_slide.notes_text_frame.text for s in slides if s.has_notes_slide)
    assert _LINE.strip() in notes  # the slide shows what fits; the notes keep every word
    export_bounded(tmp_path / "slides", _CODE, "slides")
    assert "tok0" in _pdf_text((tmp_path / "slides" / "out" / "hostile.slides.pdf").read_bytes())


def test_an_ordinary_listing_is_left_whole_on_its_slides() -> None:
    code = "\n".join(f"line_{i} = compute({i})" for i in range(60))
    doc = essaykit.loads(f"# T\n\n## Code\n\n```python\n{code}\n```\n")
    from pptx import Presentation

    prs = Presentation(BytesIO(essaykit.render(doc, "pptx")))
    shown = "\n".join(sh.text_frame.text for s in prs.slides for sh in s.shapes if sh.has_text_frame)
    assert all(f"line_{i} = compute({i})" in shown for i in range(60)) and "…" not in shown
