"""Long tables in the PDF: fixed column widths estimated from the cells'
text, at most MAX_TABLE_CELLS cells a table, and every shorter table
written exactly as the shared writer writes it."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

import essaykit
from essaykit.model import Table, TableCell, TableRow, Text
from essaykit.renderers.base import RenderContext
from essaykit.renderers.pdf import tables
from essaykit.renderers.pdf.renderer import build
from essaykit.renderers.pdf.xhtml import tree
from essaykit.renderers.xhtml.writer import XhtmlWriter
from essaykit.theme import load_theme


def _markdown(rows: int, cols: int = 3) -> str:
    head = "| " + " | ".join(f"h{i}" for i in range(cols)) + " |\n|" + "---|" * cols + "\n"
    body = "".join("| " + " | ".join(f"r{r} c{i}" for i in range(cols)) + " |\n" for r in range(rows))
    return f"# T\n\nBefore.\n\n{head}{body}\nAfter.\n"


def _job_html(text: str, warnings: list[str] | None = None) -> str:
    doc = essaykit.loads(text)
    ctx = RenderContext(theme=load_theme("classic"), options={},
                        warn_fn=(lambda w: warnings.append(w.message)) if warnings is not None else (lambda w: None))
    return build(doc, ctx).html


def _table(cells: list[list[str]], head: int = 1) -> Table:
    rows = tuple(TableRow(children=tuple(TableCell(children=(Text(text=c),), header=i < head) for c in r))
                 for i, r in enumerate(cells))
    return Table(head=rows[:head], children=rows[head:])


def test_a_table_up_to_the_limit_is_the_shared_writers() -> None:
    text = _markdown(tables.LONG_TABLE_ROWS - 1)
    doc = essaykit.loads(text)
    table = next(b for b in doc.blocks if isinstance(b, Table))
    assert XhtmlWriter(doc).visit_Table(table) in _job_html(text)
    assert "<colgroup>" not in _job_html(text) and "table-layout" not in _job_html(text)


def test_a_wide_table_counts_as_long() -> None:
    assert not tables.is_long(_table([["x"] * 10] * 200))
    assert tables.is_long(_table([["x"] * 20] * 101))


def test_a_long_table_has_fixed_widths_and_takes_the_fast_parse() -> None:
    html = _job_html(_markdown(tables.LONG_TABLE_ROWS + 1))
    assert f'<table style="{tables.FIXED_STYLE}"><colgroup><col style="width: ' in html
    assert html.count("<col ") == 3
    assert tree(html) is not None  # still well-formed XHTML read by expat


def test_a_table_over_the_cap_is_cut_with_a_row_and_a_warning() -> None:
    warnings: list[str] = []
    cols = 4
    html = _job_html(_markdown(5000, cols), warnings)
    kept = tables.MAX_TABLE_CELLS // cols - 1  # the head's row counts too
    table, rest = html.split("</table>", 1)
    assert f"r{kept - 1} c3" in table and f"r{kept} c0" not in table and f"r{kept} c0" in rest
    assert f'<td colspan="{cols}"' in table and f"{5000 - kept:,} more rows" in table
    # Nothing lost: the rows past the cap follow the table as lines of text.
    assert "r4999 c0 \u00b7 r4999 c1 \u00b7 r4999 c2 \u00b7 r4999 c3" in html
    assert warnings == [f"a table of 5,000 rows: the PDF sets the first {kept:,} as a table "
                        f"(at most {tables.MAX_TABLE_CELLS:,} cells a table) and the other rows as "
                        "lines of text; the EPUB has them all as a table"]


def test_widths_follow_the_text() -> None:
    # Fits: in proportion to each column's widest cell.
    narrow = tables.column_widths(_table([["a", "b"], ["1", "a long description of it"]]), available=100)
    assert abs(sum(narrow) - 100) < 1e-6 and narrow[1] > 4 * narrow[0]
    # Too wide: every column keeps its longest word; the rest goes to the wide one.
    words = ["word " * 40, "12345.67"]
    wide = tables.column_widths(_table([["Text", "Amount"], words]), available=30)
    assert wide[1] / 100 * 30 >= len("12345.67") * 0.5 + 1 - 1e-6
    assert wide[0] > wide[1]


@settings(max_examples=60)
@given(st.lists(st.lists(st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=30),
                         min_size=1, max_size=6), min_size=1, max_size=8),
       st.floats(min_value=1, max_value=200))
def test_widths_are_percentages(cells: list[list[str]], available: float) -> None:
    widths = tables.column_widths(_table(cells), available)
    assert len(widths) == max(len(r) for r in cells)
    assert all(w > 0 for w in widths) and abs(sum(widths) - 100) < 1e-6


def test_capped_keeps_the_head_and_whole_rows() -> None:
    node = _table([["h"] * 7] + [["x"] * 7] * 3000)
    cut, dropped = tables.capped(node)
    cells = sum(len(r.children) for r in (*cut.head, *cut.children))
    assert cut.head == node.head and cells <= tables.MAX_TABLE_CELLS
    assert cells + 7 > tables.MAX_TABLE_CELLS and dropped == 3000 - len(cut.children)
    assert tables.capped(_table([["h"], ["x"]])) == (_table([["h"], ["x"]]), 0)


def test_left_out_label() -> None:
    assert tables.left_out_label("en-GB", 7001) == "… 7,001 more rows, set below as lines of text"
    assert re.search(r"7\u202f001", tables.left_out_label("fr", 7001))
    assert "7,001" in tables.left_out_label("ja", 7001)


def test_a_word_of_20000_characters_breaks_in_linear_time() -> None:
    """Zero-width spaces every 16 characters of a run over 256 (WeasyPrint
    lays out all the rest of an unbreakable run for each line); running
    heads cut at RUNNING_MAX characters."""
    from essaykit.renderers.pdf.html import RUNNING_MAX, breakable, running_head

    word = "x" * 20_000
    assert breakable("word " * 100) == "word " * 100 and breakable("y" * 256) == "y" * 256
    assert breakable("日本語" * 200) == "日本語" * 200
    cut = breakable(f"a {word} b")
    assert cut.replace("\u200b", "") == f"a {word} b" and max(len(w) for p in cut.split("\u200b") for w in p.split()) <= 16
    assert len(running_head(word)) == RUNNING_MAX and running_head("A  short\nhead") == "A short head"
    html = _job_html(f"# {word}\n\nText.\n\n## {'z' * 20_000}\n\nMore.\n")
    assert f'data-running="{"z" * (RUNNING_MAX - 1)}…"' in html
    heading = re.search(r"<h2[^>]*>(.*?)</h2>", html)
    assert heading and "z" * 17 not in heading[1] and tree(html) is not None


def test_the_tables_of_a_document_share_a_budget() -> None:
    warnings: list[str] = []
    rows = tables.MAX_TABLE_CELLS // 4 - 1  # each table at the cap: 4 columns, its head too
    table = _markdown(rows, 4).split("\n\n", 2)[2]
    html = _job_html("# T\n\n" + "\n\nText.\n\n".join([table] * 3), warnings)
    assert html.count("<table") == 3 and not any("rows-left-out" in t for t in html.split("<table")[:2])
    assert html.count('<p class="table-rest">') >= 1
    assert len(warnings) == 2 and all("table cells a document" in w for w in warnings)
    cells = len(re.findall(r"<t[dh][ >]", html)) - 2  # less the two rows saying what was left out
    assert cells == tables.MAX_DOCUMENT_CELLS + 4  # the last table keeps its head
