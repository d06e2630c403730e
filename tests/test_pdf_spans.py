"""A very long essay laid out in spans at once (essaykit.renderers.pdf.parallel.spans)
is the essay laid out whole with a page break before each span's first
unit (its top margin dropped): the same pages, words, outline, links and pixels, pages laid out for
the other side moved to their own."""

from __future__ import annotations

import re
import shutil
import subprocess
from io import BytesIO
from pathlib import Path
from typing import Any

import pypdf
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import essaykit
from essaykit.renderers.pdf import renderer as pdf_renderer
from essaykit.renderers.pdf.parallel import seams, spans, units

from .test_pdf_seams import long_essay


def _in_spans(doc: Any, mp: pytest.MonkeyPatch, processes: int) -> tuple[bytes, list[str], dict[int, float]]:
    """``doc`` through the CLI's path (``jobs``) cut into spans of a few pages:
    the PDF, the units the spans after the first begin with, and
    the pages moved sideways."""
    begun: list[str] = []
    moved: dict[int, float] = {}
    original_spans, original_move = seams._spans, spans.move_sideways

    def spying(job, sheets, body, n):  # type: ignore[no-untyped-def]
        starts, shift = original_spans(job, sheets, body, n)
        begun.extend(body.units[s].html for s in starts[1:])
        return starts, shift

    def moving(pdf, pages):  # type: ignore[no-untyped-def]
        moved.update(pages)
        return original_move(pdf, pages)

    mp.setattr(seams, "MIN_PAGES", 5)
    mp.setattr(seams, "RUN_PAGES", 10)
    mp.setattr(spans, "SPAN_PAGES", 8)
    mp.setattr(seams, "_spans", spying)
    mp.setattr(spans, "move_sideways", moving)
    data = essaykit.render(doc, "pdf", jobs=processes)
    return data, begun, moved


def _broken_before(doc: Any, begun: list[str], mp: pytest.MonkeyPatch) -> bytes:
    """``doc`` as one WeasyPrint document (a library call) with a page break
    before the elements ``begun`` (their markup), their top margin dropped
    as at the top of any page (a margin after a forced break is kept)."""
    original = pdf_renderer.build

    def build(d, ctx):  # type: ignore[no-untyped-def]
        job = original(d, ctx)
        html = job.html
        for unit in begun:
            assert html.count(unit) == 1
            name = re.match(r"<[\w]+", unit).group(0)  # type: ignore[union-attr]
            html = html.replace(unit, f'{name} style="break-before: page; margin-top: 0"{unit[len(name):]}')
        from dataclasses import replace

        return replace(job, html=html)

    mp.setattr(pdf_renderer, "build", build)
    return essaykit.render(doc, "pdf")


@pytest.fixture(scope="module")
def trio(tmp_path_factory: pytest.TempPathFactory) -> tuple[bytes, bytes, list[str], dict[int, float]]:
    lines = long_essay(11, sections=3, paragraphs=50).split("\n")
    for i in range(0, len(lines), 12):  # links inside the essay and out of it, on every few pages
        if lines[i][:1].isupper():
            lines[i] += f" See [the start](#section-1-of-the-essay) and [site {i}](https://example.org/{i})."
    doc = essaykit.loads("\n".join(lines), path=str(tmp_path_factory.mktemp("e") / "essay.md"))
    mp = pytest.MonkeyPatch()
    try:
        in_spans, begun, moved = _in_spans(doc, mp, 3)
    finally:
        mp.undo()
    mp = pytest.MonkeyPatch()
    try:
        whole = _broken_before(doc, begun, mp)
    finally:
        mp.undo()
    return whole, in_spans, begun, moved


def test_a_span_begins_at_a_section_near_its_share(
        trio: tuple[bytes, bytes, list[str], dict[int, float]]) -> None:
    _whole, _in_spans, begun, moved = trio
    assert len(begun) == 2
    assert begun[0].startswith('<h2 id="section-2')  # the second begins in a section (it is too far)
    # One of the spans ended on a recto and the next was laid out for the
    # other side: its pages were moved (the test is chosen for that).
    assert moved and all(abs(dx) > 1 for dx in moved.values())


def test_spans_make_the_pages_of_the_essay_with_page_breaks(
        trio: tuple[bytes, bytes, list[str], dict[int, float]]) -> None:
    whole, in_spans, _begun, moved = trio
    a, b = pypdf.PdfReader(BytesIO(whole)), pypdf.PdfReader(BytesIO(in_spans))
    assert len(a.pages) == len(b.pages) > 35
    for i, (pa, pb) in enumerate(zip(a.pages, b.pages, strict=True)):
        assert pa.extract_text().split() == pb.extract_text().split(), f"page {i + 1} differs"

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
    # Links keep their places, on moved pages too.
    rects_a = [(i, [round(float(v)) for v in annot.get_object()["/Rect"]])
               for i, page in enumerate(a.pages) for annot in page.get("/Annots", [])]
    rects_b = [(i, [round(float(v)) for v in annot.get_object()["/Rect"]])
               for i, page in enumerate(b.pages) for annot in page.get("/Annots", [])]
    assert rects_a == rects_b and len(rects_a) > 10
    assert any(i in moved for i, _rect in rects_b)


@pytest.mark.skipif(not shutil.which("pdftoppm"), reason="pdftoppm (poppler-utils) not installed")
def test_spans_draw_the_same_pixels(trio: tuple[bytes, bytes, list[str], dict[int, float]],
                                    tmp_path: Path) -> None:
    from PIL import Image, ImageChops

    whole, in_spans, _begun, moved = trio
    for name, data in (("a", whole), ("b", in_spans)):
        (tmp_path / f"{name}.pdf").write_bytes(data)
        subprocess.run(["pdftoppm", "-r", "30", "-gray", str(tmp_path / f"{name}.pdf"), str(tmp_path / name)],
                       check=True, capture_output=True)
    pages = sorted(p.name[2:] for p in tmp_path.glob("a-*.pgm"))
    assert len(pages) > 35
    for page in pages:
        with Image.open(tmp_path / f"a-{page}") as pa, Image.open(tmp_path / f"b-{page}") as pb:
            assert ImageChops.difference(pa, pb).getbbox() is None, f"page {page} differs"


def test_a_span_whose_child_dies_is_laid_out_by_the_parent(monkeypatch: pytest.MonkeyPatch) -> None:
    doc = essaykit.loads(long_essay(4, sections=2, paragraphs=40))
    mp = pytest.MonkeyPatch()
    try:
        expected, begun, _moved = _in_spans(doc, mp, 2)
    finally:
        mp.undo()
    assert len(begun) == 1

    def dying(*args, **kwargs):  # type: ignore[no-untyped-def]
        import os

        os._exit(3)

    monkeypatch.setattr(seams, "_span", dying)
    data, again, _moved = _in_spans(doc, monkeypatch, 2)
    assert again == begun
    a, b = pypdf.PdfReader(BytesIO(expected)), pypdf.PdfReader(BytesIO(data))
    assert [p.extract_text() for p in a.pages] == [p.extract_text() for p in b.pages]


def test_an_essay_of_a_few_hundred_pages_is_one_span() -> None:
    assert spans.count(240, 8) == 1
    assert spans.count(600, 1) == 1
    assert spans.count(600, 2) == 2
    assert spans.count(5000, 64) == spans.MAX_SPANS


def test_pages_a_theme_decorates_are_not_moved() -> None:
    plain = "@page { size: 148mm 210mm; margin: 20mm; @footnote { border-top: 1pt solid; } }\n" \
            "@page :left { margin-left: 10mm; }"
    assert spans.page_is_plain([(plain, None), ("p { background: red }", None)])
    assert not spans.page_is_plain([(plain, None), ("@page { background: #fdf6e3 }", None)])
    assert not spans.page_is_plain([("@page :right { border-left: 2pt solid }", None)])
    assert not spans.page_is_plain([("@page { @top-center { content: 'Draft' } }", None)])


def _body(kinds: list[str]) -> units.Body:
    html = "".join(f'<h2 id="h{i}">H</h2>' if k == "h" else "<p>" + "w " * 300 + "</p>"
                   for i, k in enumerate(kinds))
    body = units.split(html)
    assert body is not None
    return body


def test_a_span_begins_at_a_heading_near_its_share_or_at_the_unit_there() -> None:
    kinds = ["p"] * 100
    kinds[47] = "h"
    assert spans.cuts(_body(kinds), 2) == [47]
    kinds[47] = "p"
    assert spans.cuts(_body(kinds), 2) == [50]
    kinds[5] = "h"  # too far from the middle to be where a span begins
    assert spans.cuts(_body(kinds), 2) == [50]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(["h", "p"]), min_size=2, max_size=60), st.integers(2, 4))
def test_spans_begin_in_order_inside_the_body(kinds: list[str], n: int) -> None:
    found = spans.cuts(_body(kinds), n)
    assert found == sorted(set(found)) and len(found) < n
    assert all(0 < c < len(kinds) for c in found)


def test_a_right_to_left_essay_in_spans(tmp_path: Path) -> None:
    """Right to left the first page is a left-hand recto: a span laid out
    for the other side is moved the other way. (Furniture compared by its
    text, the text block by its pixels: see test_pdf_seams.) Two sections
    begin on the first page: the third's running head is the second's."""
    from .test_pdf_seams import _ARABIC

    rng = __import__("random").Random(8)

    def sentence() -> str:
        return " ".join(rng.choice(_ARABIC) for _ in range(rng.randint(6, 18))) + "."

    lines = ["---", "title: مقالة طويلة", "lang: ar", "---", ""]
    for s in range(1, 3):
        lines.append(f"## القسم {s}\n")
        for _ in range(90):
            lines.append(" ".join(sentence() for _ in range(rng.randint(1, 5))) + "\n")
    doc = essaykit.loads("\n".join(lines))
    sides: list[bool] = []
    for parity in (0, 1):  # a page more: the first span ends on the other side
        if parity:
            doc = essaykit.loads("\n".join(lines[:8] + ["## فاصل\n", " ".join(_ARABIC) * 6 + "\n"] + lines[8:]))
        mp = pytest.MonkeyPatch()
        try:
            in_spans, begun, moved = _in_spans(doc, mp, 2)
        finally:
            mp.undo()
        mp = pytest.MonkeyPatch()
        try:
            whole = _broken_before(doc, begun, mp)
        finally:
            mp.undo()
        a, b = pypdf.PdfReader(BytesIO(whole)), pypdf.PdfReader(BytesIO(in_spans))
        assert len(begun) == 1 and len(a.pages) == len(b.pages) > 12
        sides.append(bool(moved))
        for i, (pa, pb) in enumerate(zip(a.pages, b.pages, strict=True)):
            assert sorted(pa.extract_text().split()) == sorted(pb.extract_text().split()), f"page {i + 1}"
        if not shutil.which("pdftoppm"):
            continue
        from PIL import Image, ImageChops

        for name, data in (("a", whole), ("b", in_spans)):
            (tmp_path / f"{name}.pdf").write_bytes(data)
            subprocess.run(["pdftoppm", "-r", "30", "-gray", str(tmp_path / f"{name}.pdf"),
                            str(tmp_path / f"{name}{parity}")], check=True, capture_output=True)
        for page in sorted(p.name[3:] for p in tmp_path.glob(f"a{parity}-*.pgm")):
            with Image.open(tmp_path / f"a{parity}-{page}") as pa, Image.open(tmp_path / f"b{parity}-{page}") as pb:
                box = (0, pa.height // 10, pa.width, pa.height * 85 // 100)
                assert ImageChops.difference(pa.crop(box), pb.crop(box)).getbbox() is None, (parity, page)
    assert sorted(sides) == [False, True]
