"""Emoji shortcodes become emoji (never inside code, links or times), and
emoji draw in every format: the PDF embeds a monochrome emoji font (Noto
Emoji) for them, the deck sets them in the same font and embeds it, the EPUB
stays epubcheck-clean."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

import essaykit
from essaykit.model import CodeBlock, plain_text
from tests import epubcheck


def said(markdown: str) -> str:
    return plain_text(essaykit.loads(markdown).blocks)


@pytest.mark.parametrize(("source", "expected"), [
    ("Great work :+1: and :tada:!", "Great work 👍 and 🎉!"),
    ("Ship it :rocket:, :thumbs_up: (Unicode's name), :-1:.", "Ship it 🚀, 👍 (Unicode's name), 👎."),
    ("Side by side :smile::heart:", "Side by side 😄❤️"),
    ("Slack's tones :wave::skin-tone-3: and :+1::skin-tone-6:", "Slack's tones 👋🏼 and 👍🏿"),
    ("In **bold :fire:** and *italic :sparkles:*", "In bold 🔥 and italic ✨"),
    # unknown names, roles and custom emoji stay as written
    ("A :class: role and a :shipit: squirrel", "A :class: role and a :shipit: squirrel"),
    # times, ratios and words glued to a colon are no shortcodes
    ("At 10:30:45, a 1:2:3 ratio, a key:smile: pair", "At 10:30:45, a 1:2:3 ratio, a key:smile: pair"),
    # code and link targets are shown as written
    ("Type `:smile:` to get one", "Type :smile: to get one"),
    ("[a :smile: link](https://example.com/:smile:/)", "a 😄 link"),
    ("Bare https://example.com/:smile:/ link", "Bare https://example.com/:smile:/ link"),
])
def test_shortcodes_become_emoji(source: str, expected: str) -> None:
    assert said(source) == expected


def test_shortcodes_never_touch_code_blocks_or_urls() -> None:
    doc = essaykit.loads("# Launch :rocket:\n\n```\n:smile:\n```\n\n    :tada:\n\n[x](https://e.com/:smile:)\n")
    assert doc.meta.title == "Launch 🚀"
    codes = [b.text for b in doc.blocks if isinstance(b, CodeBlock)]
    assert codes == [":smile:", ":tada:"]
    link = doc.blocks[-1].children[0]  # type: ignore[attr-defined]
    assert link.url == "https://e.com/:smile:"


def test_the_fast_path_stays_on() -> None:
    from essaykit.reader import parser
    from essaykit.reader.fast import fast_path_on

    md = parser._build()
    assert "emoji_shortcode" in md.inline.rules and fast_path_on(md)


@given(st.lists(st.sampled_from(["10", "30", ":", " ", "a", "b", "1", "_"]), max_size=30))
def test_text_of_digits_and_colons_keeps_every_colon(pieces: list[str]) -> None:
    text = "".join(pieces).strip()
    if not text or text.startswith(("_", "1", ":")):  # no list, emphasis or definition syntax
        return
    out = said(text)
    emoji_free = not any(ord(c) > 0x2000 for c in out)
    assert out.count(":") == text.count(":") or not emoji_free


ESSAY = """---
title: Harvest notes 🎉
---

# What grew :seedling:

The beans did well :+1: and the tomatoes better 🍅. Coffee ☕ on the porch at 06:30:00.

- Plant earlier next year :calendar:
- Water less :droplet:

`code :smile:` stays as written.
"""


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    from essaykit.cli import main

    folder = tmp_path_factory.mktemp("emoji")
    (folder / "harvest.md").write_text(ESSAY, encoding="utf-8")
    result = CliRunner().invoke(main, ["export", str(folder / "harvest.md"), "-o", str(folder / "out")])
    assert result.exit_code == 0, result.output
    assert "no font draws" not in result.output
    return {p.suffix: p for p in (folder / "out").iterdir()}


def test_pdf_embeds_an_emoji_font_and_keeps_the_emoji_as_text(exported: dict[str, Path]) -> None:
    import io

    from fontTools.ttLib import TTFont
    from pypdf import PdfReader

    pdf = PdfReader(str(exported[".pdf"]))
    text = "".join(page.extract_text() or "" for page in pdf.pages)
    for emoji in "🎉🌱👍🍅☕📆💧":
        assert emoji in text, emoji
    assert ":smile:" in text and "06:30:00" in text
    fonts = {}
    for page in pdf.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descendant = font["/DescendantFonts"][0].get_object()
            file = descendant["/FontDescriptor"].get_object().get("/FontFile2")
            if file is not None:
                fonts[str(font["/BaseFont"])] = file.get_object().get_data()
    emoji_fonts = [data for name, data in fonts.items() if "Noto-Emoji" in name]
    assert emoji_fonts
    # the emoji face holds a glyph for each of the seven emoji (and .notdef), not boxes
    glyphs = {g for data in emoji_fonts for g in TTFont(io.BytesIO(data)).getGlyphOrder()}
    assert len(glyphs) >= 8


def test_epub_keeps_the_emoji_and_is_clean(exported: dict[str, Path]) -> None:
    z = zipfile.ZipFile(exported[".epub"])
    xhtml = "".join(z.read(n).decode() for n in z.namelist() if n.endswith(".xhtml"))
    assert "👍" in xhtml and "🌱" in xhtml and ":smile:" in xhtml
    if not epubcheck.available():
        pytest.skip("epubcheck (Java 17) not available")
    assert list(epubcheck.check_many([exported[".epub"]]).values()) == [[]]


def test_deck_keeps_the_emoji(exported: dict[str, Path]) -> None:
    from pptx import Presentation

    deck = Presentation(str(exported[".pptx"]))
    text = "\n".join(shape.text_frame.text for slide in deck.slides for shape in slide.shapes
                     if shape.has_text_frame)
    assert "🌱" in text and ":seedling:" not in text
    # each emoji is a run of its own in Noto Emoji, embedded with the deck's fonts (as the PDF draws it)
    a = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
    runs = [(r.findtext(f"{a}t"), r.find(f"{a}rPr/{a}latin").get("typeface"))
            for slide in deck.slides for shape in slide.shapes if shape.has_text_frame
            for r in shape.text_frame._txBody.iter(f"{a}r") if r.find(f"{a}rPr/{a}latin") is not None]
    assert ("🌱", "Noto Emoji") in runs
    assert not [t for t, face in runs if face == "Noto Emoji" and any(c.isalpha() for c in t)]
    with zipfile.ZipFile(exported[".pptx"]) as z:
        assert 'typeface="Noto Emoji"' in z.read("ppt/presentation.xml").decode()


@pytest.mark.parametrize("text", ["a::10", "b_::30 a", "ab:: 10", "a::10\n\nMore words."])
def test_a_colon_pair_that_names_no_page_property_is_prose(text: str) -> None:
    """Found by Hypothesis: ``a::10`` was read as a Logseq page property
    and the essay came out with no words."""
    doc = essaykit.loads(text)
    assert f"{doc.meta.title} {plain_text(doc.blocks)}".split() == text.split()
