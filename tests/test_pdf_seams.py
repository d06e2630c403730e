"""A long essay laid out in runs (essaykit.renderers.pdf.parallel.seams) is
the essay laid out whole: the same pages, lines, links and pixels; and
the cutting of its body into units (….parallel.units) loses nothing."""

from __future__ import annotations

import random
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
from essaykit.renderers.pdf.parallel import seams, units

from .runs import page_images, runs_of, spy_runs

_VOCABULARY = ("the of and a to in is you that it he was for on are as with his they at be this have from or one "
          "had by word but not what all were we when your can said there use an each which she do how their "
          "if will up other about out many then them these so some her would make like him into time has "
          "look two more write go see number no way could people my than first water been call who its now "
          "find long down day did get come made may part")
_WORDS = _VOCABULARY.split()


def long_essay(seed: int, sections: int = 3, paragraphs: int = 45) -> str:
    """An essay of every kind of block, about 35 pages, no title page (three sections)."""
    rng = random.Random(seed)

    def sentence() -> str:
        return " ".join(rng.choice(_WORDS) for _ in range(rng.randint(6, 22))).capitalize() + "."

    out = ["---", "title: Runs of an essay", "author: A. Tester", "lang: en", "---", ""]
    notes = 0
    for s in range(1, sections + 1):
        out.append(f"## Section {s} of the essay\n")
        for _ in range(paragraphs):
            text = " ".join(sentence() for _ in range(rng.randint(1, 7)))
            if rng.random() < 0.15:
                notes += 1
                text += f"[^n{notes}]"
            out.append(text + "\n")
            r = rng.random()
            if r < 0.06:
                out.append("".join(f"{i}. {sentence()}\n" for i in range(1, rng.randint(3, 40))) + "\n")
            elif r < 0.11:
                out.append("".join(f"- {sentence()}\n" for _ in range(rng.randint(3, 15))) + "\n")
            elif r < 0.14:
                out.append(f"> {sentence()} {sentence()}\n")
            elif r < 0.16:
                lines = "\n".join(f"x{i} = {i} * 2  # {sentence()}" for i in range(rng.randint(3, 30)))
                out.append(f"```python\n{lines}\n```\n")
            elif r < 0.17:
                rows = "".join(f"| {i} | {sentence()} |\n" for i in range(rng.randint(3, 20)))
                out.append(f"| n | text |\n|---|---|\n{rows}\n")
            elif r < 0.19:
                out.append(f"### {sentence()[:40]}\n")
    out += [f"[^n{i}]: Note {i}: {' '.join(_WORDS[i % 40:i % 40 + 9])}.\n" for i in range(1, notes + 1)]
    return "\n".join(out)


@pytest.fixture(scope="module")
def pair(tmp_path_factory: pytest.TempPathFactory) -> tuple[bytes, bytes, int]:
    """The essay whole (the library's default) and in runs of about 10 pages."""
    doc = essaykit.loads(long_essay(7), path=str(tmp_path_factory.mktemp("e") / "essay.md"))
    whole = essaykit.render(doc, "pdf")
    made: list[int] = []
    original = seams._merge

    def counting(job, runs, level, *rest):  # type: ignore[no-untyped-def]
        made.append(len(runs))
        return original(job, runs, level, *rest)

    mp = pytest.MonkeyPatch()
    mp.setattr(seams, "MIN_PAGES", 5)
    mp.setattr(seams, "RUN_PAGES", 10)
    mp.setattr(seams, "_merge", counting)
    try:
        in_runs = essaykit.render(doc, "pdf", jobs=2)
    finally:
        mp.undo()
    assert made, "the essay was not laid out in runs"
    return whole, in_runs, made[0]


def test_runs_make_the_same_pages(pair: tuple[bytes, bytes, int]) -> None:
    whole, in_runs, runs = pair
    assert runs >= 3
    a, b = pypdf.PdfReader(BytesIO(whole)), pypdf.PdfReader(BytesIO(in_runs))
    assert len(a.pages) == len(b.pages) > 25
    for i, (pa, pb) in enumerate(zip(a.pages, b.pages, strict=True)):
        assert pa.extract_text().split() == pb.extract_text().split(), f"page {i + 1} differs"
    # The folio and running heads are drawn on every page but the first.
    assert re.search(r"\b14\b", b.pages[13].extract_text())
    assert "Runs of an essay" in b.pages[13].extract_text()


def test_runs_keep_outline_links_and_metadata(pair: tuple[bytes, bytes, int]) -> None:
    whole, in_runs, _runs = pair
    a, b = pypdf.PdfReader(BytesIO(whole)), pypdf.PdfReader(BytesIO(in_runs))

    def outline(r: pypdf.PdfReader) -> list[tuple[str, int]]:
        out: list[tuple[str, int]] = []

        def walk(items: list) -> None:  # type: ignore[type-arg]
            for item in items:
                if isinstance(item, list):
                    walk(item)
                else:
                    out.append((item.title, r.get_destination_page_number(item)))
        walk(r.outline)
        return out

    assert outline(a) == outline(b) and len(outline(a)) >= 3
    names_a = {n: a.get_destination_page_number(d) for n, d in a.named_destinations.items()}
    names_b = {n: b.get_destination_page_number(d) for n, d in b.named_destinations.items()}
    assert names_a == names_b and any(n.startswith("fn") for n in names_a)
    assert not any(n.startswith(units.PREFIX) for n in names_b)
    assert a.metadata.title == b.metadata.title == "Runs of an essay"
    assert b.trailer["/Root"]["/Lang"] == "en" and "/StructTreeRoot" in b.trailer["/Root"]


@pytest.mark.skipif(not shutil.which("pdftoppm"), reason="pdftoppm (poppler-utils) not installed")
def test_runs_draw_the_same_pixels(pair: tuple[bytes, bytes, int], tmp_path: Path) -> None:
    from PIL import Image, ImageChops

    whole, in_runs, _runs = pair
    pages = page_images(tmp_path, a=whole, b=in_runs)
    assert len(pages) > 25
    for one, other in pages:
        with Image.open(one) as pa, Image.open(other) as pb:
            assert ImageChops.difference(pa, pb).getbbox() is None, f"{one.name} differs"


_ARABIC_TEXT = ("في من على إلى أن هذا كان قال الذي التي عن مع كل بين بعد قبل حتى عندما الكتاب القراءة الوقت "
           "المدينة البحر الليل النهار الطريق البيت الشمس")
_ARABIC = _ARABIC_TEXT.split()


def test_a_right_to_left_essay_in_runs(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Right to left the first page is a left-hand recto and the folios are
    Arabic-Indic: the same pages as one document. (The running head and the
    folio sit flush with the text block's outer edge, as left to right;
    WeasyPrint's margin boxes set them about 4 mm in from it right to left,
    so the furniture is compared by its text, the text block by its pixels.)"""
    rng = random.Random(5)

    def sentence() -> str:
        return " ".join(rng.choice(_ARABIC) for _ in range(rng.randint(6, 18))) + "."

    lines = ["---", "title: مقالة طويلة", "lang: ar", "---", ""]
    for s in range(1, 4):
        lines.append(f"## القسم {s}\n")
        for _ in range(45):
            lines.append(" ".join(sentence() for _ in range(rng.randint(1, 5))) + "\n")
            if rng.random() < 0.08:
                lines.append("".join(f"{i}. {sentence()}\n" for i in range(1, rng.randint(3, 25))) + "\n")
    doc = essaykit.loads("\n".join(lines))
    whole = essaykit.render(doc, "pdf")
    monkeypatch.setattr(seams, "MIN_PAGES", 5)
    monkeypatch.setattr(seams, "RUN_PAGES", 8)
    in_runs = essaykit.render(doc, "pdf", jobs=2)
    a, b = pypdf.PdfReader(BytesIO(whole)), pypdf.PdfReader(BytesIO(in_runs))
    assert len(a.pages) == len(b.pages) > 15
    for i, (pa, pb) in enumerate(zip(a.pages, b.pages, strict=True)):
        assert sorted(pa.extract_text().split()) == sorted(pb.extract_text().split()), f"page {i + 1} differs"
    assert {"١٤", "٤١"} & set(b.pages[13].extract_text().split())  # pypdf may give it reversed
    if shutil.which("pdftoppm"):
        from PIL import Image, ImageChops

        for one, other in page_images(tmp_path, a=whole, b=in_runs):
            with Image.open(one) as pa, Image.open(other) as pb:
                box = (0, pa.height // 10, pa.width, pa.height * 85 // 100)  # the text block
                assert ImageChops.difference(pa.crop(box), pb.crop(box)).getbbox() is None, one.name


def test_a_library_call_lays_the_essay_out_whole(monkeypatch: pytest.MonkeyPatch) -> None:
    """Runs need several processes' leave (``jobs``) as the book's chunks do."""
    called: list[bool] = []
    monkeypatch.setattr(seams, "MIN_PAGES", 0)
    monkeypatch.setattr(seams, "render_seamed", lambda job, ctx: called.append(True))
    essaykit.render(essaykit.loads("# A\n\nOne.\n\nTwo.\n"), "pdf")
    assert not called


def test_a_body_of_one_block_is_laid_out_whole(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(seams, "MIN_PAGES", 0)
    data = essaykit.render(essaykit.loads("# One block\n\n" + "word " * 3000 + "\n"), "pdf", jobs=2)
    reader = pypdf.PdfReader(BytesIO(data))
    assert len(reader.pages) >= 2 and reader.pages[1].extract_text().split()[:3] == ["word"] * 3


def test_runs_hold_a_few_pages_each_and_lose_no_word(monkeypatch: pytest.MonkeyPatch) -> None:
    """What bounds the memory of a long essay: no run lays out much more than
    :data:`seams.RUN_PAGES` pages (a 50,000-paragraph essay held 1.3 GB
    laid out whole: benchmarks/FINDINGS.md)."""
    laid = spy_runs(monkeypatch, RUN_PAGES=12)
    text = "---\ntitle: Items\n---\n\n" + "".join(f"- item {i}\n" for i in range(1, 1501)) + "\n"
    text += "".join(f"Word {i}.\n\n" for i in range(1, 1501))
    data = essaykit.render(essaykit.loads(text), "pdf", jobs=2)
    runs = runs_of(laid)
    assert len(runs) >= 6 and max(r.pages for r in runs) <= 20
    words = " ".join(p.extract_text() for p in pypdf.PdfReader(BytesIO(data)).pages).split()
    items = [words[i + 1] for i, w in enumerate(words[:-1]) if w == "item"]
    assert items == [str(i) for i in range(1, 1501)]
    assert [w for w in words if re.fullmatch(r"\d+\.", w)] == [f"{i}." for i in range(1, 1501)]


def test_a_failure_between_runs_leaves_no_child_and_no_temporary_files(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    import os
    import tempfile

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    monkeypatch.setattr(seams, "MIN_PAGES", 5)
    monkeypatch.setattr(seams, "RUN_PAGES", 8)
    calls: list[int] = []
    original = seams._seam

    def failing(*args, **kwargs):  # type: ignore[no-untyped-def]
        calls.append(1)
        if len(calls) == 2:  # the first run is being written by a child
            raise RuntimeError("boom")
        return original(*args, **kwargs)

    monkeypatch.setattr(seams, "_seam", failing)
    with pytest.raises(RuntimeError, match="boom"):
        essaykit.render(essaykit.loads(long_essay(3, sections=2, paragraphs=30)), "pdf", jobs=2)
    assert len(calls) == 2
    assert list(tmp_path.iterdir()) == []
    with pytest.raises(ChildProcessError):
        os.waitpid(-1, os.WNOHANG)


# ----------------------------------------------------------------- units

_MAIN = ('<p>One <em>two</em>.<span class="footnote" id="fn_1">A note.</span></p>\n'
         '<h2 id="s1">Section</h2>\n<!-- a comment -->\n'
         '<ol style="counter-reset: list-item 2"><li>three</li><li><p>four</p>\n<ul><li>in</li></ul>\n</li>'
         '<li>five</li></ol>\n<hr/>\n<ul><li>only</li></ul>\n<blockquote><p>q</p>\n</blockquote>\n')


def test_units_are_blocks_and_list_items() -> None:
    body = units.split(_MAIN)
    assert body is not None
    kinds = [(u.list_index, u.item, u.number, u.own) for u in body.units]
    assert kinds == [(-1, 0, 0, False), (-1, 0, 0, True), (0, 0, 3, False), (0, 1, 4, False), (0, 2, 5, False),
                     (-1, 0, 0, False), (-1, 0, 0, False), (-1, 0, 0, False)]
    assert body.units[0].notes == ("fn_1",) and body.units[1].anchor == "s1"
    assert units.notes_before(body, 3) == 1
    whole = units.run_html(body, 0, len(body.units), len(body.units))
    assert _plain(whole) == _plain(_MAIN)


def test_a_run_continues_its_list_behind_a_filler() -> None:
    body = units.split(_MAIN)
    assert body is not None
    html = units.run_html(body, 3, 5)
    root = ET.fromstring(f"<main>{html}</main>")
    [ol] = root
    assert ol.get("style") == "counter-reset: list-item 3"  # item "four" is number 4
    filler, hidden, shown, last = ol
    assert "5000mm" in (filler.get("style") or "") and hidden.get("style") == "display: none"
    assert shown.get("id") == body.units[3].anchor and last.get("id") == body.units[4].anchor
    # A run opening on a block: the filler in <main>, the unit before hidden.
    root = ET.fromstring(f"<main>{units.run_html(body, 6, 8, 7)}</main>")
    assert [e.tag for e in root] == ["div", "hr", "ul", "blockquote"]
    assert root[1].get("style") == "display: none" and root[2].get("id") is None
    assert root[3].get("id") == body.units[7].anchor


def test_markup_it_does_not_know_is_not_cut() -> None:
    assert units.split("loose text <p>a</p>") is None
    assert units.split("<p>a</p><p>unclosed") is None
    assert units.split('<p id="x">a</p><p id="x">b</p>') is None


def _plain(html: str) -> str:
    """Text and tags, without the whitespace between blocks, comments or ids essaykit adds."""
    html = re.sub(r"<!--.*?-->", "", html)
    html = re.sub(rf' id="{units.PREFIX}\d+"', "", html)
    html = re.sub(r' style="counter-reset: list-item -?\d+"', "", html)
    return re.sub(r">\s+<", "><", html).strip()


_TEXT = st.text(alphabet="abc <>&", min_size=0, max_size=8).map(
    lambda t: t.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;"))
_BLOCK = st.one_of(
    _TEXT.map(lambda t: f"<p>{t}</p>\n"),
    st.tuples(st.integers(1, 9), _TEXT).map(lambda a: f'<h{min(a[0], 6)} id="h{a[0]}{len(a[1])}">{a[1]}</h{min(a[0], 6)}>\n'),
    st.lists(_TEXT, min_size=1, max_size=5).map(lambda items: "<ul>" + "".join(f"<li>{i}</li>" for i in items) + "</ul>\n"),
    st.lists(_TEXT, min_size=1, max_size=5).map(lambda items: "<ol>" + "".join(f"<li><p>{i}</p></li>" for i in items) + "</ol>\n"),
    _TEXT.map(lambda t: f"<blockquote><p>{t}</p>\n</blockquote>\n"),
    st.just("<hr/>\n"),
)


@settings(max_examples=150, deadline=None)
@given(st.lists(_BLOCK, min_size=1, max_size=12), st.data())
def test_any_run_of_units_is_well_formed_and_the_whole_loses_nothing(blocks: list[str], data: st.DataObject) -> None:
    main = "".join(blocks)
    body = units.split(main)
    if body is None:  # an id drawn twice
        assert len(re.findall(r'id="([^"]+)"', main)) != len(set(re.findall(r'id="([^"]+)"', main)))
        return
    n = len(body.units)
    assert _plain(units.run_html(body, 0, n, n)) == _plain(main)
    start = data.draw(st.integers(0, n - 1))
    end = data.draw(st.integers(start + 1, n))
    root = ET.fromstring(f"<main>{units.run_html(body, start, end, start)}</main>")
    ids = [e.get("id") for e in root.iter() if e.get("id")]
    assert len(ids) == len(set(ids))
    assert {u.anchor for u in body.units[start:end]} <= set(ids)


_INLINE = st.one_of(
    st.text(alphabet="ab \n", min_size=1, max_size=12),
    st.text(alphabet="ab ", min_size=1, max_size=8).map(lambda t: f"<em>{t}</em>"),
    st.text(alphabet="ab ", min_size=1, max_size=8).map(lambda t: f'<a href="#x">{t} <b>{t}</b></a>'),
    st.just("<br/>"),
    st.just('<span class="footnote" id="fn_9">a note</span>'),
)


@settings(max_examples=150, deadline=None)
@given(st.lists(_INLINE, min_size=1, max_size=40), st.integers(4, 40))
def test_a_giant_paragraph_is_cut_into_paragraphs_outside_its_inline_elements(
        parts: list[str], size: int) -> None:
    """A paragraph longer than a run is cut (else one paragraph of 1,000
    pages was one unit, laid out whole): every word kept, every inline
    element whole, the id on the first piece only, the pieces joined."""
    inner = "".join(parts)
    main = f'<p id="p1" class="x">{inner}</p>\n<p>after</p>\n'
    mp = pytest.MonkeyPatch()
    mp.setattr(units, "PIECE_CHARS", size)
    try:
        body = units.split(main)
    finally:
        mp.undo()
    assert body is not None
    pieces = [u.html for u in body.units[:-1]]
    assert pieces[0].startswith('<p id="p1" class="x"')
    assert all(not p.startswith('<p id="p1"') and ' class="x"' in p for p in pieces[1:])
    for p in pieces:
        ET.fromstring(p)  # well-formed: no inline element cut
    if len(pieces) > 1:
        assert "margin-bottom: 0" in pieces[0] and "margin-top: 0; text-indent: 0" in pieces[-1]
    # A line broken by hand may be a unit of its own (:func:`units._lines`).
    text = " ".join("".join(ET.fromstring(p.replace("<br/>", " ")).itertext()) for p in pieces)
    assert text.split() == "".join(ET.fromstring(f"<p>{inner.replace('<br/>', ' ')}</p>").itertext()).split()


def test_a_paragraph_of_a_hundred_pages_is_laid_out_in_runs(monkeypatch: pytest.MonkeyPatch) -> None:
    laid = spy_runs(monkeypatch, RUN_PAGES=10, PIECE_CHARS=6000, FORCED_RUNS=1)
    words = [f"w{i}" for i in range(12000)]
    text = "---\ntitle: One paragraph\n---\n\n" + "\n".join(words) + "\n\nThe end.\n"
    data = essaykit.render(essaykit.loads(text), "pdf", jobs=2)
    assert len(runs_of(laid)) >= 3
    reader = pypdf.PdfReader(BytesIO(data))
    got = " ".join(p.extract_text() for p in reader.pages).split()
    assert [w for w in got if w.startswith("w")] == words
