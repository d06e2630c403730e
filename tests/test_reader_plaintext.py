"""The plain-text reader: title, section headings, quotations, and routing."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from essaykit.model import BlockQuote, Heading, Link, Paragraph, Strong, plain_text
from essaykit.model.walk import query
from essaykit.reader import read_path, read_text
from essaykit.reader.plaintext import looks_plain

SHARED = Path(__file__).resolve().parents[2] / "shared"

ESSAY = """Why Gardens Wait
Every spring I promise myself patience. Every spring I fail at it within a week.
The seeds do not care about my promises. They germinate when the soil is warm.
What The Soil Knows
Soil temperature matters more than the calendar, and most of us learn this the hard way.
As my grandmother put it:
“You cannot hurry a tomato. You can only disappoint it.”
That line has stayed with me for thirty years.
“Patience is a kind of attention.”
It is also, I think, a kind of respect.
"""


def test_structure_recognised() -> None:
    doc = read_text(ESSAY, format="text", path="gardens.txt")
    assert doc.meta.title == "Why Gardens Wait"
    heads = [b for b in doc.blocks if isinstance(b, Heading)]
    assert [(h.level, plain_text(h.children)) for h in heads] == [(2, "What The Soil Knows")]
    quotes = [b for b in doc.blocks if isinstance(b, BlockQuote)]
    assert len(quotes) == 2
    assert plain_text(quotes[0].attribution) == "my grandmother"
    assert quotes[1].attribution == ()
    # the intro line survives as a paragraph
    assert any(plain_text(b).startswith("As my grandmother put it") for b in doc.blocks)
    assert heads[0].line == 4


def test_every_word_survives() -> None:
    doc = read_text(ESSAY, format="text")
    words = set(plain_text(doc.blocks).replace("“", " ").replace("”", " ").split())
    words |= set(doc.meta.title.split())
    for word in ESSAY.replace("“", " ").replace("”", " ").split():
        assert word in words


def test_wrapped_paragraphs_join() -> None:
    doc = read_text("A title here\n\nThis paragraph is\nhard wrapped at\nthirty columns\n\nNext one.\n",
                    format="text")
    assert doc.meta.title == "A title here"
    assert len(doc.blocks) == 2 and isinstance(doc.blocks[0], Paragraph)


def test_sentence_is_not_a_heading() -> None:
    doc = read_text("Title\nThis is a sentence.\nnot a heading at all\nA much longer paragraph "
                    "follows here with many words in it.\n", format="text")
    assert not [b for b in doc.blocks if isinstance(b, Heading)]


@pytest.mark.parametrize(
    ("text", "plain"),
    [("Just prose, with a colon: fine.\n", True), ("Some *emphasis*.\n", False),
     ("# Heading\n", False), ("- item\n", False), ("see [x](y)\n", False),
     ("a <b>tag</b>\n", False), ("snake_case_name is fine\n", True), ("`code`\n", False)],
)
def test_looks_plain(text: str, plain: bool) -> None:
    assert looks_plain(text) is plain


def test_markdown_without_markdown_reads_as_text() -> None:
    doc = read_text("Short Title\nA first paragraph that is long enough to be prose.\nA second.\n",
                    path="a.md")
    assert doc.meta.title == "Short Title"


def test_seed_plain_essay() -> None:
    seed = SHARED / "seeds" / "000_a9fac70ff2a13f75.txt"
    if not seed.exists():
        pytest.skip("shared seeds not present")
    doc = read_path(seed)
    assert doc.meta.title.startswith("The Mini-CEO Fantasy")
    heads = [b for b in doc.blocks if isinstance(b, Heading)]
    assert 8 <= len(heads) <= 12 and all(h.level == 2 for h in heads)
    assert "The Seductive Logic" in [plain_text(h.children) for h in heads]
    quotes = [b for b in doc.blocks if isinstance(b, BlockQuote)]
    assert len(quotes) >= 3
    assert plain_text(quotes[0].attribution) == "Casey Winters"


def test_seed_markdownish_text_with_front_matter() -> None:
    seed = SHARED / "seeds" / "003_0d32c438f8285a99.txt"
    if not seed.exists():
        pytest.skip("shared seeds not present")
    doc = read_path(seed)
    m = doc.meta
    assert m.title == "The Mayor of the Product"
    assert m.date == dt.date(2020, 5, 8)
    assert m.tags == ("Product Management",)
    assert m.description.startswith("People often say")
    links = query(doc, Link)
    assert links[0].url.startswith("https://hbr.org/") and plain_text(links[0].children) == "explains"
    strong = query(doc, Strong)
    assert plain_text(strong[0].children).startswith("In reality, a product manager is the mayor")


MANUSCRIPT = """THE SLOW ROAD
by Ines Caldera

April 2019

I. SETTING OUT

The train left at six. I had a bag, a map, and a promise to keep, and
nobody at the station asked where I was going.

    "The road is the teacher," my uncle used to say. "You only have
    to keep walking."

He said it so often that it stopped meaning anything.

                              * * *

II. THE RIVER

See https://example.org/river. for the photographs. Three things I learned:

  1. Water is heavier than it looks.
  2. Maps lie by omission.

- J.C.
"""


def test_a_manuscript_s_title_byline_date_breaks_lists_and_set_in_quotation() -> None:
    from essaykit.model import Link, OrderedList, ThematicBreak

    doc = read_text(MANUSCRIPT, format="text", path="road.txt")
    m = doc.meta
    assert (m.title, m.authors, m.date) == ("THE SLOW ROAD", ("Ines Caldera",), dt.date(2019, 4, 1))
    assert [plain_text(h.children) for h in doc.blocks if isinstance(h, Heading)] == [
        "I. SETTING OUT", "II. THE RIVER"]
    [quote] = [b for b in doc.blocks if isinstance(b, BlockQuote)]
    # The author's quote marks inside are words: none lost, none stripped.
    assert plain_text(quote.children).startswith('"The road is the teacher," my uncle')
    assert plain_text(quote.children).endswith('keep walking."')
    assert any(isinstance(b, ThematicBreak) for b in doc.blocks)
    [numbered] = [b for b in doc.blocks if isinstance(b, OrderedList)]
    assert [plain_text(i.children) for i in numbered.children] == [
        "Water is heavier than it looks.", "Maps lie by omission."]
    [link] = query(doc, Link)
    assert link.url == "https://example.org/river"  # the full stop is the sentence's
    assert plain_text(doc.blocks[-1]) == "- J.C."  # one line is no list


def test_quotation_marks_are_stripped_only_around_one_whole_quotation() -> None:
    from essaykit.reader.plaintext import _is_quotation

    assert _is_quotation('"Patience is a kind of attention."')
    assert _is_quotation("“Patience is a kind of attention.”")
    assert not _is_quotation('"A," she said. "B."')
    assert not _is_quotation("“A,” she said. “B.”")
    assert _is_quotation("«Une seule citation.»")
