"""Markdown as authors write it: footnote definitions without the space, and
posts whose sections are ``###``."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from essaykit.model import FootnoteDef, FootnoteRef, Heading, Paragraph, plain_text
from essaykit.model.outline import sections
from essaykit.model.walk import iter_nodes
from essaykit.reader import read_text
from essaykit.reader.markdown import shift_headings


def read(text: str):  # type: ignore[no-untyped-def]  # noqa: ANN201
    return read_text(text, path="p.md", warn=lambda w: None)


def test_footnote_definition_without_the_space() -> None:
    doc = read("Saw it there.[^7] And here.[^n]\n\n[^7]:https://example.org/seven\n[^n]:  Spaced, as usual.\n")
    notes = {b.label: plain_text(b.children) for b in doc.blocks if isinstance(b, FootnoteDef)}
    assert notes == {"7": "https://example.org/seven", "n": "Spaced, as usual."}
    body = doc.blocks[0]
    assert isinstance(body, Paragraph) and "[^" not in plain_text(body)
    assert [n.label for n in iter_nodes(body) if isinstance(n, FootnoteRef)] == ["7", "n"]


def test_footnote_like_text_in_a_sentence_is_left_alone() -> None:
    doc = read("An array a[^2]:x is no note.\n")
    assert not [b for b in doc.blocks if isinstance(b, FootnoteDef)]


def test_post_with_h3_sections_gets_sections() -> None:
    doc = read("---\ntitle: T\n---\n\nIntro.\n\n### One\n\nA.\n\n#### Deeper\n\nB.\n\n### Two\n\nC.\n")
    levels = [(b.level, plain_text(b.children)) for b in doc.blocks if isinstance(b, Heading)]
    assert levels == [(2, "One"), (3, "Deeper"), (2, "Two")]
    assert [s.title for s in sections(doc) if s.heading] == ["One", "Two"]


def test_posts_starting_at_h1_or_h2_keep_their_levels() -> None:
    for text in ("## A\n\nx\n\n### B\n\ny\n", "# T\n\nIntro.\n\n# A\n\nx\n\n## B\n\ny\n"):
        doc = read(text)
        before = [int(line.split(" ")[0].count("#")) for line in text.split("\n") if line.startswith("#")]
        after = [b.level for b in doc.blocks if isinstance(b, Heading)]
        assert after == before[len(before) - len(after):]


def test_headings_inside_containers_shift_too() -> None:
    doc = read("### Top\n\n> #### Quoted\n>\n> text\n")
    quoted = [n for n in iter_nodes(doc.blocks) if isinstance(n, Heading)]
    assert [h.level for h in quoted] == [2, 3]


@given(st.lists(st.integers(1, 6), min_size=1, max_size=12))
def test_shift_keeps_relative_levels_and_lifts_the_top_to_a_section(levels: list[int]) -> None:
    from essaykit.model import Text

    blocks = tuple(Heading(level=n, children=(Text(text=f"h{i}"),)) for i, n in enumerate(levels))
    shifted = [b.level for b in shift_headings(blocks)]  # type: ignore[attr-defined]
    assert min(shifted) == min(min(levels), 2)
    assert [b - a for a, b in zip(levels, levels[1:], strict=False)] == [
        b - a for a, b in zip(shifted, shifted[1:], strict=False)]
    assert [plain_text(b) for b in shift_headings(blocks)] == [f"h{i}" for i in range(len(levels))]
