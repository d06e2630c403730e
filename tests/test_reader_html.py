"""Inline and block HTML inside Markdown: mapping, safety, unbalanced input."""

from __future__ import annotations

import pytest

from essaykit.model import (
    BlockQuote,
    Code,
    Div,
    Emph,
    Figure,
    Image,
    LineBreak,
    Link,
    Mark,
    Paragraph,
    Span,
    Strike,
    Strong,
    Sub,
    Sup,
    Table,
    plain_text,
)
from essaykit.model.walk import iter_nodes, query
from essaykit.reader import read_text


def blocks(text: str):  # noqa: ANN201
    return read_text(text, path="e.md").blocks


@pytest.mark.parametrize(
    ("html", "kind"),
    [("<b>x</b>", Strong), ("<strong>x</strong>", Strong), ("<i>x</i>", Emph), ("<em>x</em>", Emph),
     ("<sup>x</sup>", Sup), ("<sub>x</sub>", Sub), ("<code>x</code>", Code), ("<mark>x</mark>", Mark),
     ("<s>x</s>", Strike), ("<del>x</del>", Strike), ("<strike>x</strike>", Strike),
     ('<a href="/x">x</a>', Link), ('<span lang="fr">x</span>', Span)],
)
def test_inline_tags(html: str, kind: type) -> None:
    para = blocks(f"Before {html} after.\n")[0]
    assert query(para, kind)
    assert plain_text(para) == "Before x after."


def test_br_img_q_and_unknown_tags() -> None:
    para = blocks('A<br>B <img src="i.png" alt="pic"> <q>C</q> <abbr title="t">D</abbr>.\n')[0]
    assert query(para, LineBreak) and query(para, Image)[0].alt == "pic"
    assert plain_text(para) == "A\nB pic “C” D."


def test_active_content_never_passes() -> None:
    doc = read_text(
        'Hi <script>evil()</script><iframe src="x">frame text</iframe> there '
        '<a href="javascript:alert(1)" onclick="x()">click</a> '
        '<a href=" JaVaScRiPt:alert(1)">two</a> <a href="data:text/html,<b>">three</a>.\n\n'
        "<script>\nmore()\n</script>\n\n<style>\np { color: red }\n</style>\n\n"
        '<object data="x"><embed src="y">obj</object>\n\nEnd.\n'
    )
    text = plain_text(doc.blocks)
    for bad in ("evil", "frame text", "more()", "color", "obj"):
        assert bad not in text
    assert "click" in text and "two" in text and "three" in text
    assert not query(doc, Link)
    assert doc.to_json().find("javascript") < 0


def test_unbalanced_tags_do_not_crash_or_lose_text() -> None:
    para = blocks("Open <b>bold <i>both</b> and </em> stray </div> end.\n")[0]
    assert plain_text(para) == "Open bold both and  stray  end."
    para = blocks("Never <b>closed\n")[0]
    assert isinstance(para.children[-1], Strong)


def test_div_across_markdown_blocks() -> None:
    (div,) = blocks('<div class="callout" lang="fr" dir="ltr">\n\nUn *paragraphe*.\n\n</div>\n')
    assert isinstance(div, Div) and div.classes == ("callout",) and div.lang == "fr"
    assert isinstance(div.children[0], Paragraph) and query(div, Emph)


def test_figure_with_caption_and_blockquote() -> None:
    out = blocks(
        '<figure>\n<img src="a.png" alt="A">\n<figcaption>The <b>caption</b></figcaption>\n</figure>\n\n'
        "<blockquote><p>Quoted.</p>&mdash; Someone</blockquote>\n"
    )
    fig, quote = out
    assert isinstance(fig, Figure) and plain_text(fig.caption) == "The caption"
    assert isinstance(quote, BlockQuote) and plain_text(quote).split() == ["Quoted.", "—", "Someone"]


def test_html_table_best_effort() -> None:
    (table,) = blocks(
        "<table>\n<tr><th>Name</th><th>Age</th></tr>\n"
        '<tr><td align="right">Ada</td><td>36</td></tr>\n</table>\n'
    )
    assert isinstance(table, Table)
    assert [plain_text(c.children) for c in table.head[0].children] == ["Name", "Age"]
    assert table.children[0].children[0].align == "right"


def test_center_details_comment_and_plain_html_blocks() -> None:
    out = blocks("<center>Middle</center>\n\n<!-- note to self -->\n\n<p>Para <i>one</i></p>\n")
    assert isinstance(out[0], Div) and out[0].classes == ("center",)
    assert isinstance(out[1], Paragraph) and plain_text(out[1]) == "Para one"
    assert len(out) == 2


def test_line_numbers_inside_html() -> None:
    out = blocks("Intro.\n\n<div>\n<p>one</p>\n<p>two</p>\n</div>\n")
    div = out[1]
    assert isinstance(div, Div) and div.line == 3
    assert [p.line for p in div.children] == [4, 5]


def test_no_raw_html_reaches_the_model() -> None:
    doc = read_text('<section><h2>Title</h2><ul><li>a</li><li>b</li></ul><pre class="language-py">x = 1</pre></section>\n')
    kinds = {type(n).__name__ for n in iter_nodes(doc)}
    assert "RawBlock" not in kinds and "RawInline" not in kinds
    assert {"Heading", "BulletList", "CodeBlock"} <= kinds


def test_an_unknown_marked_section_is_no_crash() -> None:
    # Python 3.11's HTML parser raises AssertionError on ``<![i[``.
    doc = read_text("Text\n\n<div>\n<![i[ x ]]>\n<p>kept</p>\n</div>\n\nA `<![i[ y`{=html} z.\n")
    assert "kept" in plain_text(doc.blocks)
