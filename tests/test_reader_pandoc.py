"""pandoc's, kramdown's and GitHub's Markdown conventions (issue 18): heading
attributes, bracketed spans, inline notes, raw content, image attributes,
line blocks, ``abstract:``; each read into the model, nothing of its syntax
left in the text."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from essaykit.errors import Warning_
from essaykit.model import (
    CodeBlock,
    Div,
    Emph,
    Figure,
    FootnoteDef,
    FootnoteRef,
    Heading,
    LineBreak,
    Link,
    Mark,
    OrderedList,
    Paragraph,
    RawBlock,
    RawInline,
    Span,
    Strong,
    Table,
    Text,
    plain_text,
)
from essaykit.model.walk import iter_nodes as walk
from essaykit.reader import read_text
from essaykit.reader.pandoc import css_width, parse_attr_block


def read(src: str, warnings: list[Warning_] | None = None):  # type: ignore[no-untyped-def]
    return read_text(src, path="essay.md", warn=(warnings if warnings is not None else []).append)


def headings(doc) -> list[Heading]:  # type: ignore[no-untyped-def]
    return [n for n in walk(doc.blocks) if isinstance(n, Heading)]


def nodes(doc, kind):  # type: ignore[no-untyped-def]
    return [n for n in walk(doc.blocks) if isinstance(n, kind)]


# ------------------------------------------------------------- headings


def test_pandoc_heading_attributes_give_id_and_classes() -> None:
    doc = read("Lead.\n\n# Intro {#intro .unnumbered}\n\nText.\n\n## Method {-}\n\nMore.\n\n"
               "## Aside {.unlisted #aside}\n\nEnd.\n")
    h = headings(doc)
    assert [plain_text(x.children) for x in h] == ["Intro", "Method", "Aside"]
    assert [x.id for x in h] == ["intro", "method", "aside"]
    assert h[0].classes == ("unnumbered",)
    assert h[1].classes == ("unnumbered",)
    assert h[2].classes == ("unlisted",)


def test_kramdown_heading_ids_on_the_line_and_below() -> None:
    warnings: list[Warning_] = []
    doc = read("## One {: #first}\n\nA.\n\n## Two\n{: #second}\n\nB.\n\nThree\n-----\n{: #third}\n\nC.\n",
               warnings)
    h = headings(doc)
    assert [plain_text(x.children) for x in h] == ["One", "Two", "Three"]
    assert [x.id for x in h] == ["first", "second", "third"]
    assert not warnings, warnings


def test_author_ids_are_valid_and_unique_and_slugs_step_aside() -> None:
    doc = read("## A {#1st}\n\nx\n\n## B {#same}\n\nx\n\n## C {#same}\n\nx\n\n## Same\n\nx\n")
    assert [x.id for x in headings(doc)] == ["h-1st", "same", "same-2", "same-3"]


def test_braces_that_are_no_attributes_stay() -> None:
    doc = read("## Sets like {a, b}\n\nx\n\n## Code `{#x}`\n\ny\n")
    h = headings(doc)
    assert plain_text(h[0].children) == "Sets like {a, b}"
    assert plain_text(h[1].children) == "Code {#x}"
    assert h[1].id == "code-x"


_word = st.text(st.sampled_from("abcdefghijklmnopqrstuvwxyzÉéßж0123456789"), min_size=1, max_size=8)
_heading_text = st.lists(_word, min_size=1, max_size=5).map(" ".join)
_ident = st.text(st.sampled_from("abcxyz0123456789-_:*`"), min_size=1, max_size=10)
_cls = st.text(st.sampled_from("abcxyz-"), min_size=1, max_size=8)


@settings(max_examples=150, deadline=None)
@given(text=_heading_text, ident=_ident, classes=st.lists(_cls, max_size=3),
       kramdown=st.booleans(), level=st.integers(1, 4))
def test_any_heading_with_an_attribute_block_never_leaks_braces(
    text: str, ident: str, classes: list[str], kramdown: bool, level: int
) -> None:
    attrs = " ".join([f"#{ident}", *(f".{c}" for c in classes)])
    block = "{: " + attrs + "}" if kramdown else "{" + attrs + "}"
    doc = read(f"Lead paragraph.\n\n{'#' * level} {text} {block}\n\nBody.\n")
    (h,) = headings(doc)
    assert plain_text(h.children) == text
    assert "{" not in plain_text(h.children) and "}" not in plain_text(h.children)
    assert h.id and re.fullmatch(r"[A-Za-z_][\w.-]*", h.id)


# --------------------------------------------------------- bracketed spans


def test_bracketed_spans_map_onto_model_inlines() -> None:
    doc = read("Some [small caps]{.smallcaps}, [under]{.underline}, [mot]{lang=fr}, "
               "[lit]{.mark}, [*both* ways]{.smallcaps dir=rtl} and [plain]{.whatever #x}.\n")
    (p,) = doc.blocks
    assert isinstance(p, Paragraph)
    spans = [n for n in p.children if isinstance(n, Span)]
    assert [s.classes for s in spans] == [("smallcaps",), ("underline",), (), ("smallcaps",)]
    assert spans[2].lang == "fr"
    assert spans[3].dir == "rtl" and isinstance(spans[3].children[0], Emph)
    assert any(isinstance(n, Mark) for n in p.children)
    assert plain_text(p.children) == "Some small caps, under, mot, lit, both ways and plain."


def test_a_bracketed_span_inside_a_link_and_a_link_untouched() -> None:
    doc = read("See [the [x]{.smallcaps} notes](https://example.org) and [a](b.html).\n")
    links = nodes(doc, Link)
    assert [plain_text(x.children) for x in links] == ["the x notes", "a"]
    assert isinstance(links[0].children[1], Span)


# ------------------------------------------------------------ inline notes


def test_inline_notes_become_footnotes_in_reading_order() -> None:
    doc = read("First[^a] then^[An *inline* note [with brackets] and `]` code.] and^[Second.].\n\n"
               "[^a]: Named note.\n")
    refs = [n.label for n in nodes(doc, FootnoteRef)]
    defs = {d.label: d for d in doc.blocks if isinstance(d, FootnoteDef)}
    assert refs[0] == "a" and len(refs) == 3 and set(refs) == set(defs)
    assert plain_text(defs[refs[1]].children) == "An inline note [with brackets] and ] code."
    assert plain_text(defs[refs[2]].children) == "Second."
    assert "^[" not in plain_text(doc.blocks)


def test_an_inline_note_inside_a_note_is_a_note_too() -> None:
    doc = read("Text^[Outer^[Inner.] note.] end.\n")
    defs = [d for d in doc.blocks if isinstance(d, FootnoteDef)]
    assert len(defs) == 2
    assert [plain_text(d.children) for d in defs] == ["Outer note.", "Inner."]


def test_caret_superscript_is_unchanged() -> None:
    doc = read("2^10^ is 1024 and x^[y is a note.]\n")
    assert len([d for d in doc.blocks if isinstance(d, FootnoteDef)]) == 1
    assert "1024" in plain_text(doc.blocks)


# -------------------------------------------------------------- raw content


def test_raw_html_blocks_and_spans_are_read_as_html() -> None:
    warnings: list[Warning_] = []
    doc = read("Before `<b>bold</b>`{=html} after.\n\n```{=html}\n<p>Raw <em>html</em>.</p>\n```\n",
               warnings)
    assert any(isinstance(n, Strong) for n in walk(doc.blocks))
    assert plain_text(doc.blocks[1]) == "Raw html."
    assert not warnings


def test_raw_latex_is_dropped_with_one_warning_naming_the_line() -> None:
    warnings: list[Warning_] = []
    doc = read("Para.\n\n```{=latex}\n\\newpage\n```\n\nAn `\\alpha`{=tex} and `\\beta`{=latex}.\n",
               warnings)
    assert [b.format for b in doc.blocks if isinstance(b, RawBlock)] == ["latex"]
    assert [n.format for n in nodes(doc, RawInline)] == ["tex", "latex"]
    assert "\\newpage" not in plain_text(doc.blocks) and "alpha" not in plain_text(doc.blocks)
    latex = [w for w in warnings if "raw latex " in w.message]
    assert len(latex) == 1 and latex[0].line == 3 and "2 times" in latex[0].message
    assert len([w for w in warnings if "raw tex " in w.message]) == 1


def test_code_span_attributes_are_consumed() -> None:
    doc = read("Call `len(x)`{.python} now.\n")
    assert plain_text(doc.blocks) == "Call len(x) now."


# ------------------------------------------------------ image/link attributes


def test_image_width_is_kept_and_the_attribute_text_is_gone() -> None:
    doc = read("![A cat](cat.png){width=50%}\n\nAn ![icon](i.png){width=32 height=32} and "
               "a [link](https://example.org){.external target=_blank}.\n")
    fig = doc.blocks[0]
    assert isinstance(fig, Figure) and fig.image.width == "50%"
    assert "{" not in plain_text(doc.blocks)
    images = [n for n in walk(doc.blocks[1]) if type(n).__name__ == "Image"]
    assert images[0].width == "32px"


def test_widths_are_safe_css_lengths() -> None:
    assert css_width("50%") == "50%"
    assert css_width("300") == "300px"
    assert css_width("8.5cm") == "8.5cm"
    assert css_width("250%") == "100%"
    for bad in ("", "wide", "50%;color:red", "0", "-3px", "1e9"):
        assert css_width(bad) is None


def test_attribute_blocks_parse() -> None:
    assert parse_attr_block('{#id .a .b key="v w" k2=x}') == ("id", ("a", "b"), {"key": "v w", "k2": "x"})
    assert parse_attr_block("{: #id}") == ("id", (), {})
    assert parse_attr_block("{-}") == (None, ("unnumbered",), {})
    assert parse_attr_block("{=html}") == (None, (), {"=": "html"})


# -------------------------------------------------------------- line blocks


def test_line_blocks_are_lines_with_breaks() -> None:
    doc = read("| The lines of verse\n|    indented here\n| and *last*.\n\nProse.\n")
    div = doc.blocks[0]
    assert isinstance(div, Div) and div.classes == ("line-block",)
    (para,) = div.children
    assert isinstance(para, Paragraph)
    assert sum(isinstance(n, LineBreak) for n in para.children) == 2
    assert plain_text(para.children) == "The lines of verse\n\u00a0\u00a0\u00a0indented here\nand last."
    assert isinstance(doc.blocks[1], Paragraph)


def test_a_paragraph_with_one_bar_line_is_no_line_block() -> None:
    doc = read("| not all lines\nstart with a bar.\n")
    assert isinstance(doc.blocks[0], Paragraph)
    assert plain_text(doc.blocks[0]).startswith("| not")


# ------------------------------------------------------------ front matter


def test_abstract_opens_the_essay_and_describes_it() -> None:
    doc = read("---\ntitle: T\nabstract: |\n  The *gist* of it.\n\n  Second part.\nkeywords: [a, b]\n---\n\n"
               "Body.\n")
    first = doc.blocks[0]
    assert isinstance(first, Div) and first.classes == ("no-deck", "abstract")
    assert len(first.children) == 2
    assert doc.meta.description == "The gist of it. Second part."
    assert doc.meta.tags == ("a", "b")


def test_a_description_stays_the_description() -> None:
    doc = read("---\ntitle: T\ndescription: Short.\nabstract: Long *abstract*.\n---\n\nBody.\n")
    assert doc.meta.description == "Short."
    assert plain_text(doc.blocks[0]) == "Long abstract."


# --------------------------------------------------------- static-site pass


def test_indented_code_in_a_list_item_is_shown_as_written() -> None:
    src = ("---\ntitle: T\n---\n\n- item\n\n      {{ site.title }} and {% raw %}x{% endraw %}\n"
           "      {{< figure src=\"a.png\" >}}\n\n  more of the item\n\n1. step\n\n"
           "       {% include x.html %}\n")
    warnings: list[Warning_] = []
    doc = read(src, warnings)
    codes = [n.text for n in walk(doc.blocks) if type(n).__name__ == "CodeBlock"]
    assert codes == ['{{ site.title }} and x\n{{< figure src="a.png" >}}', "{% include x.html %}"]
    assert not warnings, warnings


def test_list_item_text_is_still_prose_for_the_site_pass() -> None:
    warnings: list[Warning_] = []
    doc = read("---\ntitle: T\nname: Ann\n---\n\n- by {{ page.name }}\n\n  and {{ page.name }} again\n",
               warnings)
    assert plain_text(doc.blocks) == "by Ann\n\nand Ann again"


def test_inline_text_is_untouched_when_nothing_applies() -> None:
    doc = read("Plain [brackets] and {braces} and | bars | here.\n")
    assert plain_text(doc.blocks) == "Plain [brackets] and {braces} and | bars | here."
    assert all(isinstance(n, Text) for n in doc.blocks[0].children)  # type: ignore[union-attr]


def test_kramdown_no_toc_is_unlisted_and_image_ials_size_images() -> None:
    warnings: list[Warning_] = []
    doc = read('---\ntitle: T\n---\n\n## Contents {: .no_toc}\n\n![A](a.png){: width="30%"}\n', warnings)
    (h,) = headings(doc)
    assert h.classes == ("unlisted",) and plain_text(h.children) == "Contents"
    fig = doc.blocks[-1]
    assert isinstance(fig, Figure) and fig.image.width == "30%"
    assert not warnings, warnings


def test_fenced_code_attributes_name_the_language() -> None:
    doc = read("```{#listing .haskell .numberLines}\nmain = pure ()\n```\n\n``` {.python}\nx = 1\n```\n")
    assert [b.language for b in doc.blocks] == ["haskell", "python"]  # type: ignore[union-attr]


@settings(max_examples=120, deadline=None)
@given(before=_heading_text, inside=_heading_text, after=_heading_text,
       attrs=st.lists(st.sampled_from([".smallcaps", ".underline", ".mark", "lang=fr", "dir=rtl",
                                       "#anchor", ".other", 'title="a b"']), min_size=1, max_size=3))
def test_any_bracketed_span_keeps_its_words_and_loses_its_syntax(
    before: str, inside: str, after: str, attrs: list[str]
) -> None:
    doc = read(f"{before} [{inside}]{{{' '.join(attrs)}}} {after}\n")
    assert plain_text(doc.blocks) == f"{before} {inside} {after}"


@settings(max_examples=100, deadline=None)
@given(marker=st.sampled_from(["-", "*", "+", "1.", "2)", "10."]), gap=st.integers(1, 4),
       extra=st.integers(0, 3), nested=st.booleans(),
       code=st.sampled_from(["{{ site.title }}", "{% include x.html %}", "{{< figure src=\"a.png\" >}}",
                             "{: .wide}", "{{ page.date | date: '%Y' }}"]))
def test_liquid_in_indented_code_of_any_list_item_is_shown_as_written(
    marker: str, gap: int, extra: int, nested: bool, code: str
) -> None:
    col = len(marker) + gap
    item = f"{marker}{' ' * gap}item\n\n"
    if nested:
        item += f"{' ' * col}- inner\n\n"
        col += 2
    src = f"---\ntitle: T\n---\n\n{item}{' ' * (col + 4 + extra)}{code}\n"
    warnings: list[Warning_] = []
    doc = read(src, warnings)
    codes = [n.text for n in walk(doc.blocks) if type(n).__name__ == "CodeBlock"]
    assert codes == [" " * extra + code]
    assert not warnings


def test_citations_stay_as_written_and_wrap_nothing() -> None:
    doc = read("As shown [@doe2020, p. 3] and by @roe [-@poe] here.\n")
    (p,) = doc.blocks
    assert all(isinstance(n, Text) for n in p.children)  # type: ignore[union-attr]
    assert plain_text(p) == "As shown [@doe2020, p. 3] and by @roe [-@poe] here."


def test_notes_in_the_abstract_are_notes_of_their_own() -> None:
    doc = read("---\ntitle: T\nabstract: The gist^[Said once.] of it.\n---\n\nBody^[A body note.][^1].\n\n"
               "[^1]: Body's first.\n")
    labels = [n.label for n in walk(doc.blocks) if isinstance(n, FootnoteRef)]
    defs = {d.label: plain_text(d.children) for d in doc.blocks if isinstance(d, FootnoteDef)}
    assert len(labels) == 3 and set(labels) == set(defs)
    assert sorted(defs.values()) == ["A body note.", "Body's first.", "Said once."]
    assert plain_text(doc.blocks[0]) == "The gist of it."


def test_pandoc_title_block() -> None:
    doc = read("% The gauge at\n  low water\n% Ann Author; Bo Writer\n% 27 January 2025\n\nThe river *fell*.\n")
    assert doc.meta.title == "The gauge at low water"
    assert doc.meta.authors == ("Ann Author", "Bo Writer")
    assert doc.meta.date is not None and doc.meta.date.isoformat() == "2025-01-27"
    assert plain_text(doc.blocks) == "The river fell."
    assert doc.blocks[0].line == 6


def test_a_percent_line_of_prose_is_no_title_block() -> None:
    doc = read("%d is a format\nthat prints numbers.\n")
    assert doc.meta.title == "" or "%d" not in doc.meta.title
    assert "%d is a format" in plain_text(doc.blocks)


def test_a_kramdown_ald_after_a_link_is_removed_not_shown() -> None:
    warnings: list[Warning_] = []
    doc = read("---\ntitle: T\n---\n\nSee [x](y.html){:ref: .c} and ![i](a.png){: .wide}.\n", warnings)
    assert "{" not in plain_text(doc.blocks)
    assert len(warnings) == 1 and "kramdown" in warnings[0].message


# -------------------------------------------------------------- grid tables

GRID = """Before.

+---------------+--------:+---------------------+
| Fruit         | Price   | Advantages          |
+===============+=========+=====================+
| Bananas       | $1.34   | - built-in wrapper  |
|               |         | - bright color      |
+---------------+---------+---------------------+
| *Oranges*     | $2.10   | cures scurvy        |
+---------------+---------+---------------------+

After.
"""


def test_grid_tables_are_tables() -> None:
    from essaykit.model import Table

    doc = read(GRID)
    table = doc.blocks[1]
    assert isinstance(table, Table) and table.line == 3
    assert [plain_text(c.children) for c in table.head[0].children] == ["Fruit", "Price", "Advantages"]
    assert [c.align for c in table.head[0].children] == [None, "right", None]
    rows = [[plain_text(c.children) for c in r.children] for r in table.children]
    assert rows == [["Bananas", "$1.34", "• built-in wrapper\n• bright color"],
                    ["Oranges", "$2.10", "cures scurvy"]]
    assert isinstance(table.children[1].children[0].children[0], Emph)
    assert "+---" not in plain_text(doc.blocks) and plain_text(doc.blocks[2]) == "After."


def test_a_grid_table_without_a_head_and_a_broken_one() -> None:
    from essaykit.model import Table

    doc = read("+----+----+\n| a  | b  |\n+----+----+\n\n+----+\n| no end\n")
    assert isinstance(doc.blocks[0], Table) and not doc.blocks[0].head
    assert "no end" in plain_text(doc.blocks[1:])


def test_an_escaped_brace_is_heading_text() -> None:
    doc = read("Lead.\n\n## Literal \\{#x}\n\nBody.\n\n## Emphasis-like {#_x_ .a_b_}\n")
    h = headings(doc)
    assert plain_text(h[0].children) == "Literal {#x}" and h[0].id == "literal-x"
    assert plain_text(h[1].children) == "Emphasis-like" and h[1].id == "_x_" and h[1].classes == ("a_b_",)


def test_tex_commands_alone_in_a_paragraph_are_raw_latex() -> None:
    warnings: list[Warning_] = []
    doc = read("One.\n\n\\newpage\n\nTwo \\LaTeX{} inline stays.\n\n\\vspace{2em}\n\\noindent\n\nThree.\n",
               warnings)
    kinds = [type(b).__name__ for b in doc.blocks]
    assert kinds == ["Paragraph", "RawBlock", "Paragraph", "RawBlock", "Paragraph"]
    assert len(warnings) == 1 and warnings[0].line == 3 and "2 times" in warnings[0].message


def test_a_tex_environment_around_words_keeps_the_words() -> None:
    warnings: list[Warning_] = []
    doc = read("Lead *text*.\n\n\\begin{center}\nThe centred *words*.\n\\end{center}\n", warnings)
    assert plain_text(doc.blocks) == "Lead text.\n\nThe centred words."
    assert [type(b).__name__ for b in doc.blocks] == ["Paragraph", "RawBlock", "Paragraph"]
    assert len(warnings) == 1 and warnings[0].line == 3


def test_a_maths_environment_standing_alone_is_display_maths() -> None:
    from essaykit.model import MathBlock

    warnings: list[Warning_] = []
    doc = read("Text *here*.\n\n\\begin{align}\na &= b \\\\\nc &= d\n\\end{align}\n\nMore.\n", warnings)
    maths = [b for b in doc.blocks if isinstance(b, MathBlock)]
    assert [m.text for m in maths] == ["\\begin{align}\na &= b \\\\\nc &= d\n\\end{align}"]
    assert not warnings


# ------------------------------------------------------------ simple tables

SIMPLE = """Before.

  Right     Left     Center     Default
-------     ------ ----------   -------
     12     12        12            12
    123     123       123          123

Table:  Demonstration of *simple* table syntax.

After.

Title
-----

* * *
"""


def test_simple_tables_with_alignment_and_caption() -> None:
    from essaykit.model import Table

    doc = read(SIMPLE)
    table = doc.blocks[1]
    assert isinstance(table, Table) and table.line == 3
    assert [plain_text(c.children) for c in table.head[0].children] == ["Right", "Left", "Center", "Default"]
    assert [c.align for c in table.head[0].children] == ["right", "left", "center", None]
    assert [[plain_text(c.children) for c in r.children] for r in table.children] == [
        ["12", "12", "12", "12"], ["123", "123", "123", "123"]]
    assert plain_text(table.caption) == "Demonstration of simple table syntax."
    assert isinstance(table.caption[1], Emph)
    assert [type(b).__name__ for b in doc.blocks[2:]] == ["Paragraph", "Heading", "ThematicBreak"]


def test_a_grid_table_takes_its_caption_too() -> None:
    from essaykit.model import Table

    doc = read("+----+----+\n| a  | b  |\n+----+----+\n\n: The caption.\n\nAfter.\n")
    assert isinstance(doc.blocks[0], Table) and plain_text(doc.blocks[0].caption) == "The caption."
    assert plain_text(doc.blocks[1]) == "After."


# ------------------------------------------------ table captions, crossref

def test_a_pipe_table_takes_its_pandoc_caption_after_or_before() -> None:
    table = "| A | B |\n|---|--:|\n| x | 1 |\n"
    for src in (f"{table}\n: Effective *size* per second.\n", f"{table}\nTable: Effective *size* per second.\n",
                f"Table: Effective *size* per second.\n\n{table}"):
        doc = read(src)
        [t] = nodes(doc, Table)
        assert plain_text(t.caption) == "Effective size per second.", src
        assert not any(isinstance(b, Paragraph) for b in doc.blocks), src
    # A paragraph after a table that only starts with a colon-like word stays a paragraph.
    doc = read(f"{table}\nTable tennis: a sport.\n")
    assert nodes(doc, Table)[0].caption == () and isinstance(doc.blocks[-1], Paragraph)


def test_pandoc_crossref_labels_and_references() -> None:
    src = ("# Intro {#sec:intro}\n\n| A |\n|---|\n| x |\n\n: Sizes. {#tbl:sizes}\n\n"
           "See @tbl:sizes, table [-@tbl:sizes] and [@sec:intro].\n")
    doc = read(src)
    [t] = nodes(doc, Table)
    assert plain_text(t.caption) == "Table 1: Sizes."
    text = plain_text(doc.blocks[-1].children)
    assert text == "See Table 1, table 1 and Intro.", text


def test_pandoc_example_lists_number_through_the_document() -> None:
    src = ("(@good) A first example.\n(@) A second.\n\nProse between, citing (@good).\n\n"
           "(@last) A third, lists apart.\n\n```\n(@good) shown as written\n```\n\n"
           "See (@last) and (@unknown).\n")
    doc = read(src)
    lists = nodes(doc, OrderedList)
    assert [lst.start for lst in lists] == [1, 3] and len(lists[0].children) == 2
    texts = [plain_text(b.children) for b in doc.blocks if isinstance(b, Paragraph)]
    assert "Prose between, citing (1)." in texts and "See (3) and (@unknown)." in texts
    code = nodes(doc, CodeBlock)
    assert code and "(@good) shown as written" in code[0].text


def test_a_span_or_link_whose_words_name_a_wordpress_shortcode_is_markdown() -> None:
    """Found by Hypothesis in a fresh clone: ``[audio]{.smallcaps}`` lost "audio"."""
    assert plain_text(read("0 [audio]{.smallcaps} 0\n").blocks) == "0 audio 0"
    doc = read("See [video](https://example.org/v) now.\n")
    assert plain_text(doc.blocks) == "See video now." and nodes(doc, Link)[0].url == "https://example.org/v"
