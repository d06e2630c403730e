"""A contents' leaders drawn with one Pango layout each
(:mod:`essaykit.render.pdf_leaders`) give the same PDF, byte for byte, as
WeasyPrint drawing every dot with a layout of its own."""

from __future__ import annotations

import pytest

from essaykit.render import pdf_leaders, pdf_subset
from essaykit.render.pdf_import import import_weasyprint

HTML = "".join(f'<p class="entry"><a href="#c{n}">Chapter {n}{" with a longer title" * (n % 3)}</a></p>'
               f'<h2 id="c{n}" style="break-before: page">Chapter {n}</h2>' for n in range(1, 6))
CSS = """
.entry a::after { content: leader(". ") target-counter(attr(href url), page); }
.entry:nth-child(4n) a::after { content: leader(dotted) target-counter(attr(href url), page); }
.entry:nth-child(6n) a::after { content: leader(" ") target-counter(attr(href url), page); }
"""


def test_same_pdf_as_one_layout_per_dot(monkeypatch: pytest.MonkeyPatch) -> None:
    pytest.importorskip("uharfbuzz")
    import_weasyprint()
    import weasyprint.draw
    from weasyprint import CSS as Sheet
    from weasyprint import HTML as Page

    def render() -> bytes:
        return bytes(Page(string=HTML).render(stylesheets=[Sheet(string=CSS)]).write_pdf())

    pdf_subset.install()  # fontTools would stamp each subset with the time
    assert pdf_leaders.install() and pdf_leaders.install()
    calls: list[object] = []
    shared = pdf_leaders._shared_layout

    def spy(box: object, text_box: type) -> object:
        layout = shared(box, text_box)
        if layout is not None:
            calls.append(layout)
        return layout

    monkeypatch.setattr(pdf_leaders, "_shared_layout", spy)
    fast = render()
    assert len(calls) >= 5, "no leader took the shared-layout path"
    monkeypatch.setattr(weasyprint.draw, "draw_inline_level", pdf_leaders.original)
    assert render() == fast
