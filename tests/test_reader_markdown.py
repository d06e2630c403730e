"""The Markdown reader: node mapping, source lines, title, language, corpus."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from essaykit.errors import EssayError
from essaykit.model import (
    BlockQuote,
    BulletList,
    CodeBlock,
    DeckDirective,
    DefinitionList,
    Div,
    Figure,
    FootnoteDef,
    FootnoteRef,
    Heading,
    ListItem,
    Mark,
    MathBlock,
    MathInline,
    OrderedList,
    Paragraph,
    PullQuote,
    Strike,
    Sub,
    Sup,
    Table,
    plain_text,
)
from essaykit.model.walk import iter_nodes, query
from essaykit.reader import decode_bytes, read_path, read_text

FIXTURES = Path(__file__).parent / "fixtures" / "reader"
SHARED = Path(__file__).resolve().parents[2] / "shared"


def read(text: str, **kw: object):  # noqa: ANN201
    return read_text(text, path="essay.md", **kw)  # type: ignore[arg-type]


def test_source_lines_include_front_matter_and_nesting() -> None:
    text = (
        "---\ntitle: T\n---\n"      # 1-3
        "\nFirst para\nstill\n\n"    # 4 blank, 5-6 para, 7 blank
        "> quoted\n>\n> - in quote\n\n"  # 8-10, 11 blank
        "- a\n- b\n\n  more b\n\n"   # 12-13, 15 more b
        "::: note\ninside\n:::\n\n"  # 17-19
        "Ref[^n]\n\n[^n]: The note.\n"  # 21, 23
    )
    doc = read(text)
    para, quote, lst, div, ref_para, note = doc.blocks
    assert para.line == 5
    assert quote.line == 8 and quote.children[1].line == 10
    assert isinstance(lst, BulletList) and lst.line == 12
    assert [i.line for i in lst.children] == [12, 13]
    assert lst.children[1].children[1].line == 15
    assert isinstance(div, Div) and div.line == 17 and div.children[0].line == 18
    assert ref_para.line == 21
    assert isinstance(note, FootnoteDef) and note.line == 23 and note.label == "n"


def test_every_block_has_a_line() -> None:
    doc = read((FIXTURES / "kitchen-sink.md").read_text())
    blocks = [n for n in iter_nodes(doc) if type(n).__name__ not in {
        "TableRow", "TableCell"} and n.__class__ in __import__("essaykit.model").model.BLOCK_TYPES]
    assert blocks and all(b.line for b in blocks)


def test_gfm_and_extensions() -> None:
    doc = read(
        "Intro ==marked== ~~gone~~ H~2~O x^2^ $e^x$ and https://example.org.\n\n"
        "- [x] done\n- [ ] todo\n\n3. three\n4. four\n\n"
        "| a | b |\n|:-|-:|\n| 1 | 2 |\n\nTerm\n: Definition\n\n$$\nE=mc^2\n$$\n\n"
        "```python\nprint(1)\n```\n\n![A cat](cat.png \"Our cat\")\n"
    )
    para = doc.blocks[0]
    kinds = {type(n) for n in iter_nodes(para)}
    assert {Mark, Strike, Sub, Sup, MathInline} <= kinds
    tasks = doc.blocks[1]
    assert isinstance(tasks, BulletList) and [i.checked for i in tasks.children] == [True, False]
    ordered = doc.blocks[2]
    assert isinstance(ordered, OrderedList) and ordered.start == 3
    table = doc.blocks[3]
    assert isinstance(table, Table) and len(table.head) == 1 and len(table.children) == 1
    assert [c.align for c in table.head[0].children] == ["left", "right"]
    assert isinstance(doc.blocks[4], DefinitionList)
    assert isinstance(doc.blocks[5], MathBlock) and doc.blocks[5].text == "E=mc^2"
    code = doc.blocks[6]
    assert isinstance(code, CodeBlock) and (code.text, code.language) == ("print(1)", "python")
    fig = doc.blocks[7]
    assert isinstance(fig, Figure) and fig.image.src == "cat.png"
    assert plain_text(fig.caption) == "Our cat"


def test_footnotes_kept_even_unreferenced() -> None:
    doc = read("Text[^a].\n\n[^a]: Used.\n\n[^b]: Never used.\n")
    assert [r.label for r in query(doc, FootnoteRef)] == ["a"]
    assert [d.label for d in doc.blocks if isinstance(d, FootnoteDef)] == ["a", "b"]


def test_pullquote_alert_and_attribution() -> None:
    doc = read("> [!pullquote]\n> Weeds are patient.\n> — Ada Gardener\n\n> [!NOTE]\n> Careful.\n")
    pq, note = doc.blocks
    assert isinstance(pq, PullQuote) and pq.origin == "explicit" and not pq.duplicate
    assert plain_text(pq.children) == "Weeds are patient."
    assert plain_text(pq.attribution) == "Ada Gardener"
    assert isinstance(note, Div) and note.classes == ("note",)
    assert plain_text(note.children).strip() == "Careful."


def test_fenced_divs() -> None:
    doc = read(
        "::: pullquote\nTime is a garden.\n-- Ben Hoe\n:::\n\n"
        "::: {.aside lang=fr}\nBonjour.\n\n::: no-deck\nHidden.\n:::\n:::\n\n::: bullets\n- a\n:::\n"
    )
    pq, aside, bullets = doc.blocks
    assert isinstance(pq, PullQuote) and plain_text(pq.attribution) == "Ben Hoe"
    assert isinstance(aside, Div) and aside.classes == ("aside",) and aside.lang == "fr"
    assert isinstance(aside.children[1], Div) and aside.children[1].classes == ("no-deck",)
    assert isinstance(bullets, Div) and bullets.classes == ("bullets",)


def test_deck_directives() -> None:
    doc = read("One.\n\n<!-- slide -->\n\nTwo.\n\n<!-- deck: skip -->\n\n<!-- just a comment -->\n")
    directives = [b for b in doc.blocks if isinstance(b, DeckDirective)]
    assert [(d.name, d.value) for d in directives] == [("slide", ""), ("skip", "")]
    assert directives[0].line == 3
    assert len(doc.blocks) == 4


def test_title_heading_removed_and_ids_unique() -> None:
    doc = read("---\ntitle: My Essay!\n---\n\n# My essay\n\n## Part\n\nx\n\n## Part\n\ny\n")
    heads = [b for b in doc.blocks if isinstance(b, Heading)]
    assert [h.level for h in heads] == [2, 2]
    assert [h.id for h in heads] == ["part", "part-2"]


def test_leading_h1_becomes_title_with_hashtags() -> None:
    doc = read("# New Blog\n\n#meta\n#redesign\n\nHello there.\n\n## Requirements\n\nSome.\n")
    assert doc.meta.title == "New Blog"
    assert doc.meta.tags == ("meta", "redesign")
    assert isinstance(doc.blocks[0], Paragraph)
    assert doc.blocks[1].level == 2  # type: ignore[union-attr]


def test_h1_that_is_not_the_title_stays() -> None:
    doc = read("---\ntitle: Other\n---\n\n# A chapter\n\nText.\n")
    assert isinstance(doc.blocks[0], Heading) and doc.blocks[0].level == 1


@pytest.mark.parametrize(
    ("kwargs", "text", "expected"),
    [
        ({"lang": "de"}, "---\nlang: fr\n---\n\nHello.\n", ("de", "option")),
        ({}, "---\nlang: fr\n---\n\nHello.\n", ("fr", "frontmatter")),
        ({"path": "post.fr.md"}, "Some words here.\n", ("fr", "filename")),
        ({}, "C'est une phrase en français, et elle parle de jardins et du temps qui passe.\n",
         ("fr", "detected")),
        ({}, "`code only`\n", ("en", "default")),
    ],
)
def test_language_precedence(kwargs: dict, text: str, expected: tuple[str, str]) -> None:
    kwargs.setdefault("path", "essay.md")
    meta = read_text(text, **kwargs).meta
    assert (meta.language, meta.language_source) == expected


def test_language_detection_ignores_code_and_urls() -> None:
    text = ("これは日本語の文章です。コードは英語ですが、本文は日本語で書かれています。\n\n"
            "```\nfor item in items: print(item) # lots of English words here\n```\n\n"
            "https://example.com/a/very/long/english/url/with/words\n")
    assert read_text(text).meta.language == "ja"


def test_decode_bytes() -> None:
    assert decode_bytes(b"\xef\xbb\xbfa\r\nb\rc") == "a\nb\nc"
    assert decode_bytes("hé".encode("utf-16")) == "hé"
    with pytest.raises(EssayError, match="NUL"):
        decode_bytes(b"a\n\x00b", "x.md")
    with pytest.raises(EssayError) as info:
        decode_bytes(b"ok\nbad \xff here", "x.md")
    assert str(info.value).startswith("x.md:2: not valid UTF-8")
    with pytest.raises(EssayError, match="empty"):
        decode_bytes(b"  \n", "x.md")


def test_read_path_formats(tmp_path: Path) -> None:
    md = tmp_path / "essay.md"
    md.write_text("# Title\n\nBody *text*.\n", encoding="utf-8")
    doc = read_path(md)
    assert doc.meta.title == "Title" and doc.source == str(md)
    js = tmp_path / "essay.json"
    js.write_text(doc.to_json(), encoding="utf-8")
    assert read_path(js) == doc
    with pytest.raises(EssayError, match="cannot read"):
        read_path(tmp_path / "missing.md")


# ---------------------------------------------------------------- fixtures

def _fixture_pairs() -> list[Path]:
    return sorted(FIXTURES.glob("*.md"))


@pytest.mark.parametrize("source", _fixture_pairs(), ids=lambda p: p.stem)
def test_fixture(source: Path) -> None:
    doc = read_text(source.read_text(encoding="utf-8"), path=source.name)
    actual = doc.to_json(indent=1) + "\n"
    expected_path = source.with_suffix(".json")
    if os.environ.get("ESSAYKIT_REGEN") == "1" or not expected_path.exists():
        expected_path.write_text(actual, encoding="utf-8")
    assert actual == expected_path.read_text(encoding="utf-8")


# ------------------------------------------------------------------ corpus

CORPUS_EXPECT = {
    "coping-with-feedback.ja.md": ("ja", "フィードバックとの付き合い方", "2019-03-02"),
    "name-it-and-they-will-come.ar.md": ("ar", "سَمِّها وسيأتون", "2019-03-25"),
    "weekly-issue-100.zh.md": ("zh", "科技爱好者周刊：第 100 期", None),
    "conways-law-software-stack.md": ("en", "Thoughts on Conway's Law and the software stack",
                                      "2019-03-25"),
    "deep-neural-nets-33-years.md": ("en", "Deep Neural Nets: 33 years ago and 33 years from now",
                                     "2022-03-14"),
    "new-year-new-blog.md": ("en", "New Year New Blog 🎆", None),
    "private-chat-dms-good.md": ("en", "Private Chat and DMs Are Good, Actually", "2020-11-30"),
    "stories.md": ("en", "Stories", "2015-07-09"),
    "the-wet-codebase.md": ("en", "The WET Codebase", "2020-07-13"),
    "tweeting-for-10000-years.md": ("en", "Tweeting for 10,000 Years: An Experiment in "
                                    "Autonomous Software", "2018-07-20"),
    "coping-with-feedback.md": ("en", "Coping with Feedback", "2019-03-02"),
}


def _corpus() -> list[Path]:
    folder = SHARED / "corpus"
    return sorted(folder.glob("*.md")) if folder.is_dir() else []


@pytest.mark.parametrize("path", _corpus() or [None], ids=lambda p: p.name if p else "absent")
def test_corpus_reads_with_metadata(path: Path | None) -> None:
    if path is None:
        pytest.skip("shared corpus not present")
    doc = read_path(path)
    lang, title, date = CORPUS_EXPECT[path.name]
    assert doc.meta.title == title
    assert (doc.meta.date.isoformat() if doc.meta.date else None) == date
    assert doc.meta.language == lang
    # Detection alone (no file-name suffix) agrees.
    alone = read_text(path.read_text(encoding="utf-8"))
    assert alone.meta.language == lang
    assert not [n for n in iter_nodes(doc) if type(n).__name__ == "RawBlock"]
    text = plain_text(doc.blocks)
    assert "<script" not in text and "font-size" not in text and "<iframe" not in text
    assert doc.blocks


def test_corpus_specifics() -> None:
    if not (SHARED / "corpus").is_dir():
        pytest.skip("shared corpus not present")
    c = SHARED / "corpus"
    chat = read_path(c / "private-chat-dms-good.md")
    assert chat.meta.tags == ("leadership", "decision-making", "chat", "Slack")
    assert len([b for b in chat.blocks if isinstance(b, FootnoteDef)]) == 3
    assert any(isinstance(b, Div) and "callout" in b.classes for b in chat.blocks)
    tweet = read_path(c / "tweeting-for-10000-years.md")
    assert any(isinstance(b, BlockQuote) for b in tweet.blocks)
    tables = query(tweet, Table)
    assert tables and plain_text(tables[0].caption).startswith("The scheduled publication")
    blog = read_path(c / "new-year-new-blog.md")
    assert blog.meta.tags == ("meta", "redesign") and query(blog, Table)
    stories = read_path(c / "stories.md")
    assert stories.meta.authors == ("Just Alfred",)
    assert isinstance(read_path(c / "coping-with-feedback.md").blocks[5], BulletList)
    assert all(isinstance(i, ListItem) for i in query(blog, ListItem))


def test_an_escaped_pipe_in_a_table_cell_is_a_pipe_in_code_too() -> None:
    from essaykit.model import TableCell, plain_text

    doc = read("| a | b |\n|---|---|\n| `x \\| y` | p \\| q |\n")
    cells = [plain_text(c.children) for c in iter_nodes(doc.blocks) if isinstance(c, TableCell)]
    assert cells == ["a", "b", "x | y", "p | q"]
    # Outside a table the backslash in code is the author's.
    doc = read("Code `x \\| y` here.\n")
    assert "x \\| y" in [n.text for n in iter_nodes(doc.blocks) if type(n).__name__ == "Code"]
