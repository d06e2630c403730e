"""Hostile input: an SVG image that would cost the PDF more than it may.
WeasyPrint keeps a few KB per element it draws (200,000 ``<rect>``, 9 MB:
787 MB), draws each ``<use>`` again (1,000 uses of a 1,000-rect group,
70 KB: 1.4 GB) and lays text out letter by letter (1 MB of text: 480 MB):
:func:`essaykit.images.svg_problem` counts what an SVG draws, as a stream,
before anything renders it. Figures: benchmarks/FINDINGS.md, Session 10."""

from __future__ import annotations

from pathlib import Path

import pytest

import essaykit
from essaykit import images
from essaykit.errors import Warning_
from essaykit.images import MAX_SVG_ELEMENTS, SVG_LETTERS_PER_ELEMENT, svg_problem


def _warnings(essay: Path, fmt: str) -> list[Warning_]:
    seen: list[Warning_] = []
    essaykit.render(essaykit.load(essay), fmt, warn=seen.append)
    return seen


def _svg(elements: int) -> bytes:
    rects = "".join(f'<rect x="{i % 40}" y="{i // 40 % 40}" width="1" height="1"/>' for i in range(elements - 1))
    return f'<svg xmlns="http://www.w3.org/2000/svg" width="40" height="40">{rects}</svg>'.encode()


def test_an_svg_over_the_element_cap_is_refused_before_it_is_drawn() -> None:
    assert svg_problem(_svg(MAX_SVG_ELEMENTS)) is None
    problem = svg_problem(_svg(MAX_SVG_ELEMENTS + 1))
    assert problem and f"draws more than {MAX_SVG_ELEMENTS:,} elements" in problem


def _uses(group: int, uses: int) -> bytes:
    rects = "".join(f'<rect x="{i % 40}" y="{i // 40}" width="1" height="1"/>' for i in range(group))
    return (f'<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"><defs>'
            f'<g id="g">{rects}</g></defs>' + '<use xlink:href="#g"/>' * uses + "</svg>").encode()


def test_an_svg_whose_uses_draw_more_than_the_cap_is_refused() -> None:
    """2,000 elements of which 1,000 ``<use>`` a group of 1,000 draw a
    million: 1.4 GB in the PDF. Each <use> counts what it draws."""
    group = 1000
    fits = (MAX_SVG_ELEMENTS - 2 - group) // (group + 1)
    assert svg_problem(_uses(group, fits)) is None
    assert "draws more than" in (svg_problem(_uses(group, fits + 1)) or "")
    doubling = ('<svg xmlns="http://www.w3.org/2000/svg"><defs><g id="c0"><rect/></g>'
                + "".join(f'<g id="c{i}"><use href="#c{i - 1}"/><use href="#c{i - 1}"/></g>' for i in range(1, 40))
                + '</defs><use href="#c39"/></svg>').encode()
    assert "draws more than" in (svg_problem(doubling) or "")


@pytest.mark.parametrize("svg", [
    b'<svg xmlns="http://www.w3.org/2000/svg"><use id="u" href="#u"/></svg>',
    b'<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink">'
    b'<g id="a"><use href="#b"/></g><g id="b"><use xlink:href="#a"/></g></svg>',
])
def test_an_svg_whose_use_draws_itself_is_refused(svg: bytes) -> None:
    assert svg_problem(svg) == "an SVG whose <use> draws itself; essaykit takes no loops"


def test_svg_text_counts_ten_letters_as_an_element() -> None:
    """500 <text> of 2,000 letters (1 MB) took 480 MB and 67 s in the PDF."""
    def texts(count: int, letters: int) -> bytes:
        one = f'<text x="0" y="9">{"w" * letters}</text>'
        return f'<svg xmlns="http://www.w3.org/2000/svg"><g>{one * count}</g></svg>'.encode()

    assert svg_problem(texts(10, 2000)) is None
    per = 1 + 2000 // SVG_LETTERS_PER_ELEMENT
    assert svg_problem(texts((MAX_SVG_ELEMENTS - 2) // per, 2000)) is None
    assert "draws more than" in (svg_problem(texts((MAX_SVG_ELEMENTS - 2) // per + 1, 2000)) or "")
    assert "draws more than" in (svg_problem(texts(1, MAX_SVG_ELEMENTS * SVG_LETTERS_PER_ELEMENT)) or "")
    assert "draws more than" in (svg_problem(texts(500, 2000)) or "")


def test_the_svg_checks_still_hold_streamed() -> None:
    ok = (b'<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink">'
          b'<style>rect { fill: url(#g) }</style><use xlink:href="#r"/><rect id="r"/></svg>')
    assert svg_problem(ok) is None
    assert svg_problem(b"<html><svg/></html>") == "not a well-formed SVG"
    assert svg_problem(b'<svg xmlns="http://www.w3.org/2000/svg"><rect></svg>') == "not a well-formed SVG"
    assert svg_problem(b"") == "not a well-formed SVG"
    assert "style refers to a file" in (svg_problem(
        b'<svg xmlns="http://www.w3.org/2000/svg"><style>r { fill: url(<![CDATA[x.png]]>) }</style></svg>') or "")


def test_an_svg_over_the_cap_shows_its_alt_text_with_a_warning(tmp_path: Path,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(images, "MAX_SVG_ELEMENTS", 50)
    images._cache.clear()
    (tmp_path / "big.svg").write_bytes(_svg(51))
    (tmp_path / "small.svg").write_bytes(_svg(50))
    essay = tmp_path / "e.md"
    essay.write_text("# T\n\nWords.\n\n![big](big.svg)\n\n![small](small.svg)\n")
    try:
        for fmt in ("pdf", "epub"):
            got = [(w.line, w.kind, w.message) for w in _warnings(essay, fmt) if w.kind.startswith("image")]
            assert got == [(5, "image-unreadable", "image big.svg: an SVG that draws more than 50 elements (what "
                            "each <use> repeats and every 10 letters of text counted); essaykit takes smaller "
                            "drawings; its alt text is shown instead")], fmt
    finally:
        images._cache.clear()


def _gradients(count: int) -> bytes:
    """``count`` shapes, each filled by a gradient of its own (4 elements a shape)."""
    one = ('<linearGradient id="g{i}"><stop offset="0" stop-color="red"/><stop offset="1"/></linearGradient>'
           '<rect width="2" height="2" fill="url(#g{i})"/>')
    return ('<svg xmlns="http://www.w3.org/2000/svg">'
            + "".join(one.format(i=i) for i in range(count)) + "</svg>").encode()


def test_an_svg_with_many_references_among_many_elements_is_refused() -> None:
    """WeasyPrint searches the tree for each name a url(#id) or href="#id"
    gives: 12,500 gradients among 50,000 elements ran over 5 minutes."""
    assert svg_problem(_gradients(1000)) is None
    for count in (3000, 12_000):
        assert "refers to" in (svg_problem(_gradients(count)) or ""), count
    # Names in a <style> and a style attribute count too.
    styled = ('<svg xmlns="http://www.w3.org/2000/svg"><style>.a { fill: url(#g0) }</style>'
              + "".join(f'<rect style="fill: url(\'#g{i}\')"/><g id="g{i}"/>' for i in range(1, 6000))
              + "</svg>").encode()
    assert "refers to 6,000 of its parts" in (svg_problem(styled) or "")


def test_a_deep_nest_is_counted_without_recursion() -> None:
    """qa22's <g> 20,000 deep: taken (the count never recurses)."""
    deep = ('<svg xmlns="http://www.w3.org/2000/svg">' + "<g>" * 20_000
            + '<rect id="x"/>' + "</g>" * 20_000 + "</svg>").encode()
    assert svg_problem(deep) is None


def _holding(inner: bytes, count: int) -> bytes:
    import base64

    uri = "data:image/svg+xml;base64," + base64.b64encode(inner).decode()
    images_ = "".join(f'<image width="9" height="9" href="{uri}"/>' for _ in range(count))
    return f'<svg xmlns="http://www.w3.org/2000/svg">{images_}</svg>'.encode()


def test_an_svg_inside_an_svg_counts_what_it_draws() -> None:
    """An SVG may hold SVGs as data: images, each drawn by WeasyPrint: 30
    of 10,000 rects each are 300,000 elements however small the outer file."""
    assert svg_problem(_holding(_svg(100), 3)) is None
    assert "draws more than" in (svg_problem(_holding(_svg(10_000), 30)) or "")
    script = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
    assert svg_problem(_holding(script, 1)) == "an SVG holding SVG with <script>; essaykit takes no scripts"
    nested = _svg(10)
    for _ in range(6):
        nested = _holding(nested, 1)
    assert "nested more than" in (svg_problem(nested) or "")


def test_the_svgs_of_one_pdf_draw_at_most_the_cap_together(tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    """Three SVGs of 45,000 rects, each under the cap, took 479 MB together."""
    monkeypatch.setattr(images, "MAX_SVG_ELEMENTS", 100)
    images._cache.clear()
    for name, count in (("a", 60), ("b", 30), ("c", 30)):
        (tmp_path / f"{name}.svg").write_bytes(_svg(count))
    essay = tmp_path / "e.md"
    essay.write_text("# T\n\nWords.\n\n![a](a.svg)\n\n![b](b.svg)\n\n![c](c.svg)\n\n![a again](a.svg)\n")
    try:
        got = [(w.line, w.message.split(";")[0]) for w in _warnings(essay, "pdf") if w.kind.startswith("image")]
        assert got == [(9, "image c.svg: with the SVG images before it, more than 100 elements to draw"),
                       (11, "image a.svg: with the SVG images before it, more than 100 elements to draw")]
        assert not [w for w in _warnings(essay, "epub") if w.kind.startswith("image")]  # copied, not drawn
    finally:
        images._cache.clear()
