"""The footnote-area patch (:mod:`essaykit.speedups.footnotes`): the same
PDF as WeasyPrint's own method, byte for byte, and linear work per page."""

from __future__ import annotations

from typing import Any

import pytest

from essaykit.speedups import footnotes as pdf_footnotes

from .weasy_patches import install_fresh, render

CSS = """<style>
@page { size: A6; margin: 12mm; @footnote { border-top: 0.4pt solid; padding-top: 3pt; margin-top: 6pt } }
.footnote { float: footnote; font-size: 0.8em; line-height: 1.3 }
.spaced .footnote { margin-top: 4pt }
.nested .footnote p { margin: 3pt 0 }
</style>"""


def page(notes: int, cls: str = "", inner: str = "{}") -> str:
    body = "".join(f"<p>Paragraph {i} says a little.<span class=\"footnote\">{inner.format(f'Note {i}, '* (1 + i % 4))}"
                   "</span> And goes on for a while after its note, to fill the line.</p>" for i in range(notes))
    return f"<html><head>{CSS}</head><body class=\"{cls}\">{body}</body></html>"


@pytest.fixture
def own(monkeypatch: pytest.MonkeyPatch) -> Any:
    """WeasyPrint's own method, with the patch installed in its place (the
    conftest switches the speed-ups off, and so puts it back, after each test)."""
    from weasyprint.layout import LayoutContext

    install_fresh(monkeypatch, pdf_footnotes, LayoutContext, "_update_footnote_area")
    assert pdf_footnotes.original is not LayoutContext._update_footnote_area
    return pdf_footnotes.original


@pytest.mark.parametrize(("cls", "inner"), [("", "{}"), ("spaced", "{}"), ("nested", "<p>{}</p>")])
def test_same_pdf_as_weasyprint(own: Any, monkeypatch: pytest.MonkeyPatch, cls: str, inner: str) -> None:
    from weasyprint.layout import LayoutContext

    html = page(60, cls, inner)
    patched = render(html)
    monkeypatch.setattr(LayoutContext, "_update_footnote_area", own)
    assert render(html) == patched


def _notes_laid_out(monkeypatch: pytest.MonkeyPatch, html: str) -> int:
    """How many notes the footnote areas held, over every layout of one."""
    from weasyprint.formatting_structure import boxes, build

    made = build.create_anonymous_boxes
    count = 0

    def counting(box):  # type: ignore[no-untyped-def]
        nonlocal count
        if isinstance(box, boxes.FootnoteAreaBox):
            count += len(box.children)
        return made(box)

    monkeypatch.setattr(build, "create_anonymous_boxes", counting)
    render(html)
    monkeypatch.setattr(build, "create_anonymous_boxes", made)
    return count


def test_notes_laid_out_a_bounded_number_of_times(own: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    from weasyprint.layout import LayoutContext

    html = page(120).replace("size: A6", "size: A3")  # many notes a page
    mine = _notes_laid_out(monkeypatch, html)
    monkeypatch.setattr(LayoutContext, "_update_footnote_area", own)
    theirs = _notes_laid_out(monkeypatch, html)
    assert mine < 3 * 120 and 3 * mine < theirs  # linear against WeasyPrint's k² a page
