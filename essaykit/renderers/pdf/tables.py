"""Long tables laid out with fixed column widths computed here, and cut
short in the PDF past :data:`MAX_TABLE_CELLS`.

Why: for an automatic table layout WeasyPrint measures every cell's
minimum and maximum content width before laying anything out, which shapes
each cell's text many times and is most of the time of a long table (10,000
rows took over a minute). A table of more than :data:`LONG_TABLE_ROWS` rows
(or :data:`LONG_TABLE_CELLS` cells) gets ``table-layout: fixed`` and a
``<col>`` width per column instead, estimated from the cells' text with
CSS 2.1's automatic layout (:func:`column_widths`). Shorter tables are left
exactly as they were.
"""

from __future__ import annotations

from dataclasses import replace

from essaykit.model import Table, plain_text

#: Rows (head and body), or cells, above which a table gets fixed column widths.
LONG_TABLE_ROWS = 200
LONG_TABLE_CELLS = 2_000

#: Cells of one table the PDF lays out; the rows after them are left out,
#: with a row saying how many and a warning. Why a cap: the work is linear
#: but WeasyPrint keeps about 25 KB a cell until the PDF is written (styles,
#: boxes, Pango layouts), so 40,000 cells took 50 s and 1 GB; 12,000 take
#: about 12 s and 400 MB. The EPUB and the deck's notes keep every row.
MAX_TABLE_CELLS = 12_000
#: The same for all the tables of a document together (four tables of
#: 2,900 rows took 92 s and 1.3 GB).
MAX_DOCUMENT_CELLS = 20_000

#: Average advance of a character, and the cell's padding either side, in
#: ems: only the ratios between columns matter.
_CHAR_EM = 0.5
_PADDING_EM = 1.0
#: A header cell is set semibold (in the magazine theme in spaced capitals).
_HEADER_FACTOR = 1.4


#: The table's font size in the themes' print.css, in the body's ems.
_TABLE_FONT = 0.86


def ems_across(text_width_mm: float, font_size_pt: float) -> float:
    """The text block's width in the table's ems."""
    return text_width_mm / (font_size_pt * _TABLE_FONT * 25.4 / 72)


def is_long(node: Table) -> bool:
    """More than :data:`LONG_TABLE_ROWS` rows, or more than
    :data:`LONG_TABLE_CELLS` cells (a wide table costs as much)."""
    rows = (*node.head, *node.children)
    return len(rows) > LONG_TABLE_ROWS or sum(len(r.children) for r in rows) > LONG_TABLE_CELLS


def column_widths(node: Table, available: float = 38.0) -> list[float]:
    """Percentages of the table's width, one per column, summing to 100:
    CSS 2.1's automatic layout from estimated widths, ``available`` ems
    wide. Each column's widest cell on one line (max) and its longest word
    (min), padding included; when the max widths fit they share the width
    in proportion, else each column gets its min and the rest goes in
    proportion to max - min (columns are never cut inside a word unless
    the words alone are too wide)."""
    widest: list[float] = []
    longest: list[float] = []
    for row in (*node.head, *node.children):
        for i, cell in enumerate(row.children):
            words = plain_text(cell.children).split()
            factor = _CHAR_EM * (_HEADER_FACTOR if cell.header else 1.0)
            most = (sum(map(len, words)) + max(len(words) - 1, 0)) * factor + _PADDING_EM
            least = max(map(len, words), default=0) * factor + _PADDING_EM
            if i == len(widest):
                widest.append(most)
                longest.append(least)
            else:
                widest[i] = max(widest[i], most)
                longest[i] = max(longest[i], least)
    most_sum, least_sum = sum(widest), sum(longest)
    if not widest:
        return []
    if most_sum <= available:
        widths = widest
    elif least_sum >= available:
        widths = longest
    else:
        share = (available - least_sum) / (most_sum - least_sum)
        widths = [lo + (hi - lo) * share for lo, hi in zip(longest, widest, strict=True)]
    total = sum(widths)
    return [100.0 * w / total for w in widths]


def colgroup(widths: list[float]) -> str:
    cols = "".join(f'<col style="width: {w:.3f}%"/>' for w in widths)
    return f"<colgroup>{cols}</colgroup>"


#: Set on a long table: the layout that needs no content widths, across the
#: text block as every theme's tables are.
FIXED_STYLE = "table-layout: fixed; width: 100%"


def cells(node: Table) -> int:
    return sum(len(r.children) for r in (*node.head, *node.children))


def capped(node: Table, limit: int = MAX_TABLE_CELLS) -> tuple[Table, int]:
    """``node`` with no more than ``limit`` cells (its head always, then
    whole body rows), and how many body rows were left out."""
    left = limit - sum(len(r.children) for r in node.head)
    kept = 0
    for row in node.children:
        left -= len(row.children)
        if left < 0:
            break
        kept += 1
    dropped = len(node.children) - kept
    return (replace(node, children=node.children[:kept]) if dropped else node), dropped


def columns(node: Table) -> int:
    return max((len(r.children) for r in (*node.head, *node.children)), default=1)


#: The last row of a table cut short, by language (English elsewhere).
_LEFT_OUT = {
    "en": "… {n} more rows, set below as lines of text",
    "fr": "… {n} lignes de plus, ci-dessous en lignes de texte",
    "de": "… {n} weitere Zeilen, unten als Textzeilen",
    "es": "… {n} filas más, abajo como líneas de texto",
}


def left_out_label(lang: str, rows: int) -> str:
    from essaykit.lang import primary

    p = primary(lang)
    number = f"{rows:,}" if p == "en" or p not in _LEFT_OUT else f"{rows:,}".replace(",", "\u202f")
    return _LEFT_OUT.get(p, _LEFT_OUT["en"]).format(n=number)
