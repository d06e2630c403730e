"""A contents' leaders drawn with one Pango layout each
(:mod:`essaykit.speedups.leaders`) give the same PDF, byte for byte, as
WeasyPrint drawing every dot with a layout of its own; in an untagged PDF
most copies repeat the operators of the one before, tagged ones are each
drawn (each has its own marked content)."""

from __future__ import annotations

import pytest

from essaykit.speedups import leaders as pdf_leaders
from essaykit.speedups import subset as pdf_subset
from essaykit.speedups.weasy_import import import_weasyprint

HTML = "".join(f'<p class="entry"><a href="#c{n}">Chapter {n}{" with a longer title" * (n % 3)}</a></p>'
               f'<h2 id="c{n}" style="break-before: page">Chapter {n}</h2>' for n in range(1, 6))
CSS = """
.entry:nth-child(odd) a { text-decoration: none; color: inherit; }
.entry a::after { content: leader(". ") target-counter(attr(href url), page); }
.entry:nth-child(4n) a::after { content: leader(dotted) target-counter(attr(href url), page); }
.entry:nth-child(6n) a::after { content: leader(" ") target-counter(attr(href url), page); }
"""


@pytest.mark.parametrize("tagged", [False, True], ids=["untagged", "tagged"])
@pytest.mark.parametrize("glyphs", [False, True], ids=["weasyprint-glyphs", "pdf-glyphs"])
def test_same_pdf_as_one_layout_per_dot(monkeypatch: pytest.MonkeyPatch, tagged: bool, glyphs: bool) -> None:
    pytest.importorskip("uharfbuzz")
    import_weasyprint()
    import weasyprint.draw
    import weasyprint.draw.text
    from weasyprint import CSS as Sheet
    from weasyprint import HTML as Page

    from essaykit.speedups import glyphs as pdf_glyphs

    def render() -> bytes:
        document = Page(string=HTML).render(stylesheets=[Sheet(string=CSS)], pdf_tags=tagged)
        return bytes(document.write_pdf(pdf_variant="pdf/ua-1" if tagged else None))

    pdf_subset.install()  # fontTools would stamp each subset with the time
    monkeypatch.setattr(weasyprint.draw.text, "draw_first_line", weasyprint.draw.text.draw_first_line)
    if glyphs:
        monkeypatch.setattr(pdf_glyphs, "_installed", False)
        assert pdf_glyphs.install()
    assert pdf_leaders.install() and pdf_leaders.install()
    calls: list[object] = []
    replays: list[object] = []
    shared = pdf_leaders._shared_layout
    replay = pdf_leaders._replay

    def spy(box: object, text_box: type) -> object:
        layout = shared(box, text_box)
        if layout is not None:
            calls.append(layout)
        return layout

    def spy_replay(*args: object) -> None:
        replays.append(args)
        replay(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(pdf_leaders, "_shared_layout", spy)
    monkeypatch.setattr(pdf_leaders, "_replay", spy_replay)
    fast = render()
    assert len(calls) >= 5, "no leader took the shared-layout path"
    if tagged:
        assert not replays, "a tagged copy was replayed: its marked content would be lost"
    else:
        assert len(replays) >= 100, "the copies were drawn one by one"
    monkeypatch.setattr(weasyprint.draw, "draw_inline_level", pdf_leaders.original)
    assert render() == fast


def test_one_more_copy_is_only_a_carried_on_text_object() -> None:
    tm, tj = b"1 0 0 -1 10.5 20 Tm", b"[<0011>] TJ"
    assert pdf_leaders._one_more([tm, tj, b"ET"]) == [tm, tj, b"ET"]
    assert pdf_leaders._one_more([b"ET"]) == [b"ET"]  # a blank leader: nothing drawn
    assert pdf_leaders._one_more([b"ET", b"BT", tm, tj, b"ET"]) is None  # a new text object
    assert pdf_leaders._one_more([tm, tj, tm, tj, b"ET"]) is None
    assert pdf_leaders._one_more([tm, tj]) is None
