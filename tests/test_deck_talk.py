"""The talk planner on long essays: sized to the slot, no padding, whole
quotations, titles a speaker would write, checked directives. Plain data:
no python-pptx here (the CLI tests at the end run the real export)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from essaykit.api import prepare
from essaykit.cli import main
from essaykit.model import Document, plain_text
from essaykit.reader import read_text
from essaykit.transform.slides import DeckPlan, plan_deck
from essaykit.transform.slides_talk import default_minutes
from essaykit.transform.textfit import Run, keep_point, text_of, word_count
from tests.deck_essays import history_post, long_essay


def _read(md: str) -> Document:
    return prepare(read_text(md, format="markdown"))


@pytest.fixture(scope="module")
def history() -> Document:
    return _read(history_post())


@pytest.fixture(scope="module")
def book() -> Document:
    return _read(long_essay())


def _missing(src: str, line: int | None) -> bool:
    return False


def words(text: str) -> list[str]:
    return re.findall(r"\w+", text.lower())


def assert_notes_hold_the_essay(doc: Document, plan: DeckPlan) -> None:
    notes = set(words("\n".join(s.notes for s in plan.slides)))
    missing = [w for w in words(plain_text(doc.blocks)) if w not in notes]
    assert not missing, missing[:20]


def assert_no_padding(plan: DeckPlan, essay_title: str) -> None:
    slides = plan.slides
    assert [s.kind for s in slides].count("agenda") <= 1
    for s in slides:
        if s.kind == "agenda":
            items = [b.text for b in s.bullets]
            assert len(items) == len(set(items)) and len(items) <= 8
        shown = " ".join(s.texts())
        assert "Source for image" not in shown and "http://" not in shown, s
        if s.kind in {"points", "code", "maths", "table", "image", "quote"}:
            assert s.title != essay_title, s
        assert not re.search(r"\(\d+/\d+\)", s.title), s.title
        assert not s.title.endswith(":"), s.title
        assert not re.search(r"\b(e\.g|i\.e|cf|vs)\.?…?$", s.title), s.title
        if s.kind == "points" and len(s.bullets) <= 1:
            last = s.bullets[-1].text if s.bullets else s.title
            assert not last.rstrip().endswith(":"), s
        if s.kind == "quote":
            text = text_of(s.quote).rstrip("”’\"' ")
            assert text.endswith((".", "!", "?", "…")), text
    for a, b in zip(slides, slides[1:], strict=False):
        if a.kind == b.kind == "quote":
            assert text_of(a.quote) != text_of(b.quote)
        assert a.texts() != b.texts() or a.kind in {"section"}, (a, b)


# ------------------------------------------------------------ talk length


def test_a_6000_word_history_post_is_a_talk_not_a_hundred_slides(history: Document) -> None:
    assert 5500 <= word_count(plain_text(history.blocks)) <= 7500
    plan = plan_deck(history, image_ok=_missing)
    assert len(plan.slides) <= 50
    assert not [s for s in plan.slides if s.kind == "image"]
    # A heading per year: no divider per year; the agenda groups the years.
    assert len([s for s in plan.slides if s.kind == "section"]) <= 8
    agenda = next(s for s in plan.slides if s.kind == "agenda")
    assert all(re.fullmatch(r"\d{4}(–\d{4})?", b.text) for b in agenda.bullets)
    assert_no_padding(plan, "Thirty Years of Shipping Software")
    assert_notes_hold_the_essay(history, plan)


def test_minutes_size_the_talk(history: Document, book: Document) -> None:
    for doc in (history, book):
        plan = plan_deck(doc, options={"minutes": 20}, image_ok=_missing)
        assert 20 <= len(plan.slides) <= 35
        assert plan.minutes == 20 and plan.seconds == 20 * 60
        assert all(s.seconds > 0 for s in plan.slides)
        assert all(re.match(r"\[~\d+:\d\d\]", s.notes) for s in plan.slides)
        assert_notes_hold_the_essay(doc, plan)
    short = plan_deck(history, options={"minutes": 5}, image_ok=_missing)
    assert len(short.slides) <= 10 and short.seconds == 300


def test_a_book_length_essay_is_not_hundreds_of_slides(book: Document) -> None:
    assert word_count(plain_text(book.blocks)) > 80000
    plan = plan_deck(book)
    assert len(plan.slides) <= 80
    assert plan.minutes == default_minutes(word_count(plain_text(book.blocks))) == 45
    assert_no_padding(plan, "On Building Things")
    assert_notes_hold_the_essay(book, plan)


def test_key_sections_are_chosen_not_the_first_ones() -> None:
    filler = " ".join(["The team met and talked about the week."] * 6)
    heavy = (
        "**A deadline without a plan is only a hope.** " + " ".join(
            ["Everything else in this essay follows from this one idea, said many ways."] * 12)
    )
    sections = [f"## Minor point {i}\n\n{filler}\n" for i in range(1, 7)]
    sections.insert(4, f"## The key point\n\n{heavy}\n\n{heavy}\n\n{heavy}\n")
    doc = _read("---\ntitle: Weights\n---\n\n" + "\n".join(sections))
    plan = plan_deck(doc, options={"minutes": 3})
    titles = [s.title for s in plan.slides if s.kind == "points"]
    assert "The key point" in titles
    assert len(plan.slides) <= 6
    assert_notes_hold_the_essay(doc, plan)


def test_front_matter_minutes_and_a_bad_value() -> None:
    doc = _read("---\ntitle: T\nminutes: 10\n---\n\nOne paragraph of prose here.\n")
    assert plan_deck(doc).minutes == 10
    assert plan_deck(doc, options={"minutes": 4}).minutes == 4  # the option wins
    bad = plan_deck(_read("---\ntitle: T\nminutes: soon\n---\n\nProse.\n"))
    assert any("minutes" in m for _, m in bad.warnings)


def test_inspect_shows_times_and_the_total(tmp_path: Path) -> None:
    src = tmp_path / "history.md"
    src.write_text(history_post(), encoding="utf-8")
    out = CliRunner().invoke(main, ["inspect", "--slides", "--minutes", "20", str(src)])
    assert out.exit_code == 0, out.output
    lines = out.output.splitlines()
    assert "20-minute slot" in lines[0]
    assert re.search(r"^\s+1\.\s+\d+:\d\d\s+title", lines[1])
    assert lines[-1].startswith("total 20:00")
    assert " image " not in out.output  # the pictures are not in tmp_path
    from PIL import Image as PILImage

    (tmp_path / "images").mkdir()
    PILImage.new("RGB", (40, 20)).save(tmp_path / "images" / "office-1990.jpg")
    out = CliRunner().invoke(main, ["inspect", "--slides", "--minutes", "60", str(src)])
    assert out.output.count(" image ") == 1  # found as the export finds it


# ---------------------------------------------------------------- padding


LEAD_IN = """---
title: The Lead-in Essay
---

## Parsing

We parse the input once. Parsing twice was slow.

This function looks like this:

```python
def parse(text):
    return text.split()
```

Photo: Jane Doe / Unsplash

> Simple things should be simple. Complex things should be possible.

==Simple things should be simple.==

## Maths

The energy is given by:

$$
E = mc^2
$$
"""


def test_lead_ins_credits_and_repeats_get_no_slide() -> None:
    doc = _read(LEAD_IN)
    plan = plan_deck(doc)
    assert_no_padding(plan, "The Lead-in Essay")
    code = next(s for s in plan.slides if s.kind == "code")
    assert code.title == "Parsing"
    assert "This function looks like this:" in code.notes
    maths = next(s for s in plan.slides if s.kind == "maths")
    assert maths.code.strip() == "E = mc^2" and maths.title == "Maths"
    assert not [s for s in plan.slides if s.kind == "code" and s.language == "latex"]
    quotes = [s for s in plan.slides if s.kind == "quote"]
    assert len(quotes) == 1  # the pull quote repeats the quotation before it
    assert "Jane Doe" in "\n".join(s.notes for s in plan.slides)
    assert_notes_hold_the_essay(doc, plan)


def test_code_continued_is_titled_by_the_section_not_numbered() -> None:
    code = "\n".join(f"x{i} = {i}" for i in range(40))
    doc = _read(f"---\ntitle: A Two-Line\\nEssay Title\n---\n\n## Setup\n\n```python\n{code}\n```\n")
    slides = [s for s in plan_deck(doc).slides if s.kind == "code"]
    assert [s.title for s in slides] == ["Setup", "Setup — continued", "Setup — continued"]


# --------------------------------------------------------- whole quotations


def _quote_essay(quote: str) -> Document:
    return _read(f"---\ntitle: Q\n---\n\n## Q\n\nIntro prose.\n\n> {quote}\n")


def test_a_long_quotation_is_split_at_a_sentence_and_says_so() -> None:
    sentence = "We shipped the thing that the customers asked for in the spring. "
    quote = sentence * 6 + "And the punchline comes last."
    slides = [s for s in plan_deck(_quote_essay(quote)).slides if s.kind == "quote"]
    texts = [text_of(s.quote) for s in slides]
    assert len(slides) == 2
    assert texts[0].endswith(". …") and texts[1].startswith("… ")
    assert texts[1].endswith("And the punchline comes last.")


def test_a_very_long_quotation_is_cut_at_a_sentence_with_an_ellipsis() -> None:
    quote = "We shipped the thing that the customers asked for in the spring. " * 14
    slides = [s for s in plan_deck(_quote_essay(quote.strip())).slides if s.kind == "quote"]
    assert len(slides) == 1
    text = text_of(slides[0].quote)
    assert text.endswith("spring. …")
    assert quote.strip() in slides[0].notes


def test_bullets_keep_the_point_of_the_sentence() -> None:
    runs = (Run("But a strategy without an owner is just a wish list with better formatting."),)
    assert text_of(keep_point(runs, 12)) == "But a strategy … is just a wish list with better formatting"
    runs = (Run("In the end, the customers who stayed with us through the outage were the ones "
                "we had talked to."),)
    out = text_of(keep_point(runs, 12))
    assert out.startswith("…the customers") and word_count(out) <= 13
    runs = (Run("Coalitions are built one conversation at a time, which is slow but lasting "
                "and means nobody is ever done."),)
    assert text_of(keep_point(runs, 12)) == "Coalitions are built one conversation at a time…"


# -------------------------------------------------------------- directives


TYPO = """---
title: Typo
---

First paragraph of the essay.

<!-- deck: skp -->

Second paragraph.

::: notes
Say this aloud.
:::

<!-- deck: skip -->

A skipped aside.

Third paragraph.
"""


def test_an_unknown_directive_is_a_warning_with_its_line() -> None:
    plan = plan_deck(_read(TYPO))
    assert plan.warnings and plan.warnings[0][0] == 7
    assert "skp" in plan.warnings[0][1]


def test_notes_keep_the_essays_order() -> None:
    plan = plan_deck(_read(TYPO))
    notes = "\n".join(s.notes for s in plan.slides)
    order = [notes.index(x) for x in (
        "First paragraph", "Second paragraph", "Say this aloud", "A skipped aside",
        "Third paragraph")]
    assert order == sorted(order)


def test_strict_export_fails_on_a_mistyped_directive(tmp_path: Path) -> None:
    src = tmp_path / "typo.md"
    src.write_text(TYPO, encoding="utf-8")
    runner = CliRunner()
    loose = runner.invoke(main, ["export", "-t", "pptx", "-o", str(tmp_path), str(src)])
    assert loose.exit_code == 0
    assert "typo.md:7: warning: deck: unknown deck directive 'skp'" in loose.output
    (tmp_path / "typo.pptx").unlink()
    strict = runner.invoke(main, ["export", "-t", "pptx", "--strict", "-o", str(tmp_path), str(src)])
    assert strict.exit_code == 1
    assert "typo.md:7:" in strict.output and "Traceback" not in strict.output
    assert not (tmp_path / "typo.pptx").exists()


def test_export_minutes_and_missing_images(tmp_path: Path) -> None:
    from pptx import Presentation

    src = tmp_path / "history.md"
    src.write_text(history_post(), encoding="utf-8")
    out = CliRunner().invoke(
        main, ["export", "-t", "pptx", "--minutes", "20", "-q", "-o", str(tmp_path), str(src)])
    assert out.exit_code == 0, out.output
    prs = Presentation(str(tmp_path / "history.pptx"))
    assert len(prs.slides) <= 35
    assert not [sh for s in prs.slides for sh in s.shapes if sh.name == "Missing picture"]
    notes = prs.slides[2].notes_slide.notes_text_frame.text
    assert re.match(r"\[~\d+:\d\d\]", notes)
