"""The deck honours what a heading says of itself and draws numbered lists
as numbered: ``{.unnumbered}`` dividers carry no number, ``{.unlisted}``
sections stay off the agenda, a heading's TeX is said as Unicode (never
``\\alpha`` on a slide), and a numbered item shows its number, not "• 1."."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

import essaykit
from essaykit.renderers.pptx.fit import list_starts
from essaykit.transform.slides import Bullet, plan_deck
from essaykit.transform.textfit import Run, heading_text

ESSAY = """---
title: Counting the garden
author: Ada Gardener
---

# Why count at all {.unnumbered}

Counting is how a gardener learns what the season did. Each bed gets a number and each number gets a
line in the notebook. Without the numbers, memory flatters the good years and forgets the bad ones.

# The growth law $N(t) = N_0 e^{rt}$

Growth in a bed follows $N(t) = N_0 e^{rt}$ until the space runs out. The rate $r$ depends on warmth
and water, and the notebook shows it.

1. Measure the bed on the first of each month.
2. Write the count beside the date.
3. Compare the same month across years.

# Colophon {.unlisted}

The notebook is a paper one, kept by the back door, and it has outlived three spades.

# When $\\alpha > \\weird{1}$ the bed overflows

If the ratio of new shoots to old passes one, thin the bed before it chokes.

> [!TIP] Why thin at all?
> Crowded roots starve each other, and the whole bed suffers.
"""

_A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"


@pytest.fixture(scope="module")
def plan() -> essaykit.Document:
    return plan_deck(essaykit.prepare(essaykit.loads(ESSAY)))  # type: ignore[return-value]


def test_unnumbered_divider_has_no_number_and_the_count_skips_it(plan) -> None:  # type: ignore[no-untyped-def]
    dividers = [(s.title, s.subtitle) for s in plan.slides if s.kind == "section"]
    assert dividers == [("Why count at all", ""), ("The growth law N(t) = N₀eʳᵗ", "01"),
                        ("Colophon", "02"), ("When α > 1 the bed overflows", "03")]


def test_unlisted_section_is_off_the_agenda(plan) -> None:  # type: ignore[no-untyped-def]
    agenda = next(s for s in plan.slides if s.kind == "agenda")
    assert [b.text for b in agenda.bullets] == [
        "Why count at all", "The growth law N(t) = N₀eʳᵗ", "When α > 1 the bed overflows"]
    assert any(s.title == "Colophon" and s.kind == "points" for s in plan.slides)  # still in the talk


def test_no_slide_title_shows_tex(plan) -> None:  # type: ignore[no-untyped-def]
    titles = [s.title for s in plan.slides]
    assert not [t for t in titles if "\\" in t or "{" in t or "N_0" in t]
    # the speaker notes keep the heading as written
    assert any("N_0 e^{rt}" in s.notes for s in plan.slides)


def test_numbered_list_bullets_carry_their_number_not_in_the_text(plan) -> None:  # type: ignore[no-untyped-def]
    numbered = [b for s in plan.slides for b in s.bullets if b.number is not None]
    assert [(b.number, b.text) for b in numbered] == [
        (1, "Measure the bed on the first of each month"), (2, "Write the count beside the date"),
        (3, "Compare the same month across years")]
    assert "1. Measure" in plan.describe() and "• 1." not in plan.describe()


def test_a_question_leads_its_point_without_a_colon(plan) -> None:  # type: ignore[no-untyped-def]
    texts = [b.text for s in plan.slides for b in s.bullets]
    assert "Why thin at all?" in texts and not [t for t in texts if "?:" in t], texts


@pytest.mark.parametrize(("tex", "said"), [
    ("\\alpha > 1", "α > 1"), ("\\frac{a}{b}", "a/b"), ("\\weird{x} + \\beta", "x + β"), ("\\{a\\}", "{a}"),
])
def test_heading_maths_is_said_as_unicode(tex: str, said: str) -> None:
    from essaykit.model import MathInline, Text

    assert heading_text((Text(text="If "), MathInline(text=tex))) == f"If {said}"


def test_list_starts_follow_runs_of_numbers_across_deeper_points() -> None:
    def b(n: int | None, level: int = 0) -> Bullet:
        return Bullet((Run("x"),), level, n)

    assert list_starts((b(4), b(None, 1), b(5), b(6), b(1, 1), b(2, 1), b(None), b(7))) == [
        4, None, 4, 4, 1, 1, None, 7]


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    from essaykit.cli import main

    folder = tmp_path_factory.mktemp("deckheads")
    (folder / "garden.md").write_text(ESSAY, encoding="utf-8")
    result = CliRunner().invoke(main, ["export", str(folder / "garden.md"), "-t", "pptx,slides",
                                       "-o", str(folder / "out")])
    assert result.exit_code == 0, result.output
    return {p.name: p for p in (folder / "out").iterdir()}


def test_pptx_numbers_items_as_a_list_and_shows_no_tex(exported: dict[str, Path]) -> None:
    from pptx import Presentation

    deck = Presentation(str(exported["garden.pptx"]))
    numbered, texts = [], []
    for slide in deck.slides:
        for shape in slide.shapes:
            if not shape.has_text_frame:
                continue
            for p in shape.text_frame.paragraphs:
                texts.append(p.text)
                auto = p._p.find(f"./{_A}pPr/{_A}buAutoNum")
                if auto is not None:
                    numbered.append((p.text, auto.get("type"), p._p.find(f"./{_A}pPr/{_A}buChar")))
    assert [(t, kind, char) for t, kind, char in numbered] == [
        ("Measure the bed on the first of each month", "arabicPeriod", None),
        ("Write the count beside the date", "arabicPeriod", None),
        ("Compare the same month across years", "arabicPeriod", None)]
    assert not [t for t in texts if "\\" in t or t.startswith(("1. ", "• "))]
    # the unnumbered divider has no number box; the numbered ones say 01..03
    assert [t for t in texts if t in ("01", "02", "03", "")].count("01") == 1


def test_slides_pdf_shows_the_numbers(exported: dict[str, Path]) -> None:
    from pypdf import PdfReader

    text = "\n".join(page.extract_text() or "" for page in PdfReader(str(exported["garden.slides.pdf"])).pages)
    line = next(x for x in text.splitlines() if "Measure the bed" in x)
    assert "1." in line and "•" not in line, line
    assert "\\alpha" not in text and "N_0" not in text
