"""Hostile footnotes in the PDF (issue 22): notes citing notes, and more
notes from one paragraph than a page's foot can hold, finish within
generous bounds (a child with a 60 s timeout and a memory ceiling) and
lose no note. The speed figures are in benchmarks/FINDINGS.md."""

from __future__ import annotations

import re
from io import BytesIO
from pathlib import Path

import pypdf

import essaykit
from essaykit.renderers.base import RenderContext
from essaykit.renderers.pdf.notes import MAX_NOTES_AT_ONCE, crowded
from essaykit.renderers.pdf.renderer import PdfRenderer, build
from essaykit.theme import load_theme
from tests.test_hostile_linear import export_bounded


def _pdf_text(data: bytes) -> str:
    return " ".join(" ".join(p.extract_text() for p in pypdf.PdfReader(BytesIO(data)).pages).split())


def _render(text: str) -> tuple[bytes, list[str]]:
    warnings: list[str] = []
    ctx = RenderContext(theme=load_theme("classic"), warn_fn=lambda w: warnings.append(str(w)))
    return PdfRenderer().render(essaykit.loads(text), ctx), warnings


def test_a_note_citing_a_note_is_numbered_in_order() -> None:
    """WeasyPrint numbered a note after the notes inside it (A came out 2,
    the note A cites 1): cited notes now follow their note, and the
    reference inside a note shows the cited note's number."""
    data, warnings = _render("# T\n\nStart.[^a] Then.[^b]\n\n[^a]: Note A cites.[^c] And itself.[^a]\n"
                             "[^b]: Note B.\n[^c]: Note C.\n")
    text = _pdf_text(data)
    assert "Start.1 Then.3" in text, text
    assert "1. Note A cites.2 And itself.1" in text and "2. Note C." in text and "3. Note B." in text, text
    assert not warnings


def test_an_ordinary_note_is_written_as_before() -> None:
    job = build(essaykit.loads("# T\n\nText.[^n]\n\n[^n]: A note.\n"),
                RenderContext(theme=load_theme("classic")))
    assert '<span class="footnote" id="fn_1">A note.</span>' in job.html
    assert "data-note" not in job.html and "endnote" not in job.html


def test_crowded_counts_the_notes_notes_cite() -> None:
    doc = essaykit.loads("# T\n\nA[^1] b[^2].\n\nC.\n\n[^1]: One.[^3]\n[^2]: Two.\n[^3]: Three.[^1]\n")
    job_scan = build(doc, RenderContext(theme=load_theme("classic")))
    assert "endnote" not in job_scan.html
    note_refs = {"1": ["3"], "3": ["1"]}
    assert crowded(doc.blocks, note_refs, {"1": 1, "2": 2, "3": 3}, limit=2) == (3, 3)
    assert crowded(doc.blocks, note_refs, {"1": 1, "2": 2, "3": 3}, limit=3) is None


def test_1200_notes_each_citing_the_next(tmp_path: Path) -> None:
    """Nested inline, they were cut past 32 levels (the rest lost); as
    notes at the foot of one page they took minutes."""
    n = 1200
    text = ("# Chain\n\nStart.[^1]\n\n" + "".join(f"[^{i}]: Note {i} cites the next.[^{i + 1}]\n\n"
                                                  for i in range(1, n)) + f"[^{n}]: Last note {n}.\n")
    pdf = export_bounded(tmp_path, text, "pdf")
    words = _pdf_text(pdf.read_bytes())
    assert all(f"Note {i} cites" in words for i in range(1, n)) and f"Last note {n}." in words


def test_3000_notes_from_one_paragraph(tmp_path: Path) -> None:
    n = 3000
    text = ("# Calls\n\n" + " ".join(f"w{i}[^{i}]" for i in range(n)) + "\n\n"
            + "".join(f"[^{i}]: Note {i}.\n" for i in range(n)))
    pdf = export_bounded(tmp_path, text, "pdf")
    words = _pdf_text(pdf.read_bytes())
    found = set(re.findall(r"Note (\d+)\.", words))
    assert len(found) == n
    assert n > MAX_NOTES_AT_ONCE
