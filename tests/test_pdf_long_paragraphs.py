"""A paragraph too long for a run (essaykit.renderers.pdf.parallel.units,
….seams): lines broken by hand become units that open pages as the whole
layout's do, and a paragraph cut mid-line ends its runs on short pages,
each run laid out for the side it lands on."""

from __future__ import annotations

import re
import shutil
import xml.etree.ElementTree as ET
from io import BytesIO
from pathlib import Path

import pypdf
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import essaykit
from essaykit.renderers.pdf.parallel import units

from .runs import page_images, runs_of, spy_runs

_LINE = st.one_of(
    st.text(alphabet="ab \n", min_size=0, max_size=14),
    st.text(alphabet="ab", min_size=1, max_size=6).map(lambda t: f"a <em>{t}\n{t}</em> b"),
)


@settings(max_examples=150, deadline=None)
@given(st.lists(_LINE, min_size=2, max_size=30), st.integers(0, 40))
def test_lines_broken_by_hand_are_units_joined_again_before_the_runs_end(lines: list[str], mark: int) -> None:
    """Each line its own paragraph (its text, newlines as spaces); before a
    run's marked units, one paragraph again whose lines break at newlines."""
    inner = "<br/>\n".join(lines)
    main = f'<p id="p1" class="x">{inner}</p>\n<p>after</p>\n'
    mp = pytest.MonkeyPatch()
    mp.setattr(units, "PIECE_CHARS", 10)
    try:
        body = units.split(main)
    finally:
        mp.undo()
    assert body is not None
    expected = [" ".join("".join(ET.fromstring(f"<p>{line}</p>").itertext()).split()) for line in lines]
    if not expected[-1]:
        expected.pop()  # a last <br/> adds no line
    got = [u for u in body.units[:-1]]
    assert all(u.group >= 0 and not u.mid for u in got)
    assert [" ".join("".join(ET.fromstring(f"<p>{u.line}</p>").itertext()).split()) for u in got] == expected
    assert got[0].html.startswith('<p id="p1" class="x"') and all(' class="x"' in u.html for u in got)
    for u in got:
        ET.fromstring(u.html)
        assert "".join(ET.fromstring(u.html).itertext()).strip() or "<br/>" in u.html  # an empty line keeps its height
    n = len(body.units)
    marked = min(mark, n)
    html = units.run_html(body, 0, n, marked)
    root = ET.fromstring(f"<main>{html}</main>")
    paragraphs = list(root)
    joined = [p for p in paragraphs if "pre-line" in (p.get("style") or "")]
    if min(marked, len(got)) >= 2:
        assert len(joined) == 1 and joined[0].get("id") == "p1"
        text_lines = "".join(joined[0].itertext()).split("\n")
        assert [" ".join(t.split()) for t in text_lines] == expected[:min(marked, len(got))]
    else:
        assert not joined
    # Each unit from ``marked`` on is a paragraph of its own, with its id.
    ids = [p.get("id") for p in paragraphs]
    assert ids[-(n - marked) or len(ids):] == [u.anchor for u in body.units[marked:]]


def _poem(lines: int) -> str:
    """An essay around one paragraph of ``lines`` lines broken by hand, some
    long enough to wrap, some empty, some emphasised."""
    words = ["the", "river", "keeps", "its", "own", "counsel", "under", "a", "sky", "of", "slate", "and", "rain"]
    out = []
    for i in range(lines):
        if i % 97 == 50:
            out.append("<br>")  # an empty line
            continue
        n = 3 + (i * 7) % 11 + (30 if i % 41 == 0 else 0)
        line = " ".join(words[(i + k) % len(words)] for k in range(n))
        if i % 13 == 0:
            line = f"*{line}*"
        out.append(f"{i} {line}<br>")
    return ("---\ntitle: A long poem\n---\n\n## The poem\n\nIt begins here, in prose.\n\n"
            + "\n".join(out) + "\nthe last line\n\n## After\n\nAnd ends in prose.\n")


def _texts(data: bytes) -> list[list[str]]:
    return [p.extract_text().split() for p in pypdf.PdfReader(BytesIO(data)).pages]


def test_a_paragraph_of_hand_broken_lines_in_runs_is_its_whole_layout(monkeypatch: pytest.MonkeyPatch) -> None:
    """Its lines open pages as the whole paragraph's do: the same pages, and
    no run ended on a short page."""
    doc = essaykit.loads(_poem(1300))
    whole = essaykit.render(doc, "pdf")
    laid = spy_runs(monkeypatch, RUN_PAGES=8, PIECE_CHARS=3000)
    in_runs = essaykit.render(doc, "pdf", jobs=2)
    runs = runs_of(laid)
    assert len(runs) >= 4, laid
    assert all(r.fillers == 1 for r in runs if r.start > 0), "a run ended on a short page"
    a, b = _texts(whole), _texts(in_runs)
    assert len(a) == len(b) > 20
    for i, (pa, pb) in enumerate(zip(a, b, strict=True)):
        assert pa == pb, f"page {i + 1} differs"


def test_a_paragraph_cut_mid_line_ends_runs_on_short_pages_on_their_side(monkeypatch: pytest.MonkeyPatch) -> None:
    """Thousands of emphasised words in one paragraph: no page of its layout
    opens with a piece, so runs end where their budget does, on a short
    page; the next is laid out for the side it lands on (behind a second
    filler for a recto), with its folio and running head."""
    words = [f"w{i}" for i in range(9000)]
    text = ("---\ntitle: Emphasis\n---\n\n## Only section\n\n"
            + " ".join(f"*{w}*" if i % 2 else w for i, w in enumerate(words)) + "\n\nThe end.\n")
    doc = essaykit.loads(text)
    whole = essaykit.render(doc, "pdf")
    laid = spy_runs(monkeypatch, RUN_PAGES=4, FORCED_RUNS=1, PIECE_CHARS=6000)
    data = essaykit.render(doc, "pdf", jobs=2)
    fillers = {r.fillers for r in laid if r.start > 0}
    assert fillers == {1, 2}, laid  # runs began on both sides
    reader = pypdf.PdfReader(BytesIO(data))
    pages = [p.extract_text() for p in reader.pages]
    got = [w for p in pages for w in p.split() if re.fullmatch(r"w\d+", w)]
    assert got == words
    assert len(reader.pages) >= len(pypdf.PdfReader(BytesIO(whole)).pages)
    # Each page's folio, and the running heads of its side: the title on a
    # verso, the section on a recto.
    for i, page in enumerate(pages[1:], start=2):
        assert re.search(rf"(^|\s){i}(\s|$)", page), f"page {i}: no folio"
        assert ("Emphasis" if i % 2 == 0 else "Only section") in page, f"page {i}: wrong running head"
    # The text block where the whole layout has it on a page of that side.
    whole_x = _left_edges(whole)
    for i, x in enumerate(_left_edges(data)):
        if x == x:  # a page with words of the paragraph
            assert x == pytest.approx(whole_x[i % 2 + 2], abs=0.5), f"page {i + 1} laid out for the other side"


def _left_edges(data: bytes) -> list[float]:
    """Per page, the least x at which a word of the body starts (PDF points)."""
    out = []
    for page in pypdf.PdfReader(BytesIO(data)).pages:
        xs: list[float] = []

        def visit(text, cm, tm, font, size, xs=xs):  # type: ignore[no-untyped-def]
            if re.match(r"\s*w\d", text):
                xs.append(cm[0] * tm[4] + cm[2] * tm[5] + cm[4])
        page.extract_text(visitor_text=visit)
        out.append(min(xs, default=float("nan")))
    return out


def _code(lines: int) -> str:
    """An essay around one code block of ``lines`` lines, some long enough to wrap."""
    out = []
    for i in range(lines):
        if i % 37 == 0:
            out.append(f"result_{i} = handle_action_with_a_long_name(event_object, another_argument, {i})")
        else:
            out.append(f"x{i} = {i} * 2  # line {i}")
    return ("---\ntitle: A long listing\n---\n\n## The listing\n\nIt begins here.\n\n```python\n"
            + "\n".join(out) + "\n```\n\nAnd ends in prose.\n")


@pytest.mark.skipif(not shutil.which("pdftoppm"), reason="pdftoppm (poppler-utils) not installed")
def test_a_long_code_block_in_runs_is_its_whole_layout(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """A code block too long for a run is a block per line, one block again
    before a run's end: the same pages and pixels as the block laid out
    whole (its background, border and continuation marks unbroken)."""
    from PIL import Image, ImageChops

    doc = essaykit.loads(_code(1500))
    whole = essaykit.render(doc, "pdf")
    laid = spy_runs(monkeypatch, RUN_PAGES=8, PIECE_CHARS=3000)
    in_runs = essaykit.render(doc, "pdf", jobs=2)
    runs = runs_of(laid)
    assert len(runs) >= 4 and all(r.fillers == 1 for r in runs if r.start > 0), laid
    a, b = _texts(whole), _texts(in_runs)
    assert len(a) == len(b) > 20 and a == b
    for one, other in page_images(tmp_path, a=whole, b=in_runs):
        with Image.open(one) as pa, Image.open(other) as pb:
            assert ImageChops.difference(pa, pb).getbbox() is None, f"{one.name} differs"
