"""The folios and running heads of a book laid out in chunks, drawn in one go.

Why: the chunks of :mod:`essaykit.renderers.pdf.parallel.run` are laid out without page
furniture, because a chunk does not know its pages' numbers; the furniture
is drawn afterwards as a document of otherwise empty pages and overlaid by
:mod:`essaykit.renderers.pdf.parallel.merge`. Drawn with WeasyPrint's margin boxes, such a document
cost about 12 ms of CPU a page (each page cascades its ``@page`` rules and
builds its 16 margin boxes): 4 s for a 333-page book, in the serial tail
after the body.

How: a page's furniture is at most two *pieces* — a running head (the
book's title on a verso, the section on a recto) and a folio — and most
pieces recur (the title on every verso, a chapter's title on each of its
rectos). Every distinct piece is an absolutely positioned box placed and
styled as the margin box it stands for (:func:`essaykit.renderers.pdf.css.furniture_layer_css`);
all of them are laid out once, together, on a single page, and each book
page then gets a page box holding only its own pieces, which WeasyPrint
draws as it would have drawn the margin boxes (same words, same places,
same glyphs: compared by rasterising both, see the tests). 333 pages:
about 0.7 s.

Private WeasyPrint API, used here only: ``Page._page_box``, the box
tree's shape (root → body → the pieces, in document order),
``Box.copy_with_children`` and ``weasyprint.document.Page(page_box)``.
Should any of that not be what this module expects, the same pieces are
laid out instead as one page per book page with public API only (same
output, about three times the time).
"""

from __future__ import annotations

import logging
from html import escape
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ..job import PdfJob
    from ..sheets import Sheets

#: (kind, section, folio) of a book page: see ``pdf_parallel._page_kinds``.
Kind = tuple[str, str, str]
#: A piece of furniture: (CSS classes, text).
Piece = tuple[str, str]

_LOG = logging.getLogger(__name__)


def plan(kinds: list[Kind], title: str, start: int = 0) -> tuple[list[Piece], list[list[int]]]:
    """The distinct pieces of furniture of pages ``start`` … of a book,
    and for every page the indexes of its pieces (head first). Kind "bare"
    has none, "front" and "open" a folio only, "" a folio and a running
    head; the first page is a recto. Sides, not hands: a recto is a
    right-hand page left to right and a left-hand one right to left, as
    the furniture's CSS places it (``pdf_css.furniture_layer_css``)."""
    pieces: dict[Piece, int] = {}
    pages: list[list[int]] = []
    for i, (kind, section, folio) in enumerate(kinds):
        side = "ek-recto" if (start + i) % 2 == 0 else "ek-verso"
        wanted: list[Piece] = []
        if kind == "":
            head = section if side == "ek-recto" else title
            if head.strip():
                wanted.append((f"ek-head {side}", head))
        if kind != "bare" and folio.strip():
            wanted.append((f"ek-folio {side}", folio))
        pages.append([pieces.setdefault(piece, len(pieces)) for piece in wanted])
    return list(pieces), pages


def _div(piece: Piece) -> str:
    classes, text = piece
    return f'<div class="{classes}">{escape(text, quote=False)}</div>'


def layer_html(opening: str, pieces: list[Piece], pages: list[list[int]] | None = None) -> str:
    """The furniture document: every piece once on one page, or (``pages``
    given) each book page's pieces on a page of their own."""
    if pages is None:
        body = "".join(_div(p) for p in pieces)
    else:
        body = "".join('<div class="ek-page">' + "".join(_div(pieces[i]) for i in ids) + "</div>"
                       for ids in pages)
    opening = opening.replace('<body class="', '<body class="ek-furniture ', 1)
    return f"{opening}{body}</body></html>"


def draw(job: PdfJob, kinds: list[Kind], sheets: Sheets | None = None, start: int = 0) -> bytes:
    """The furniture of the book's pages ``start`` … ``start + len(kinds)``
    as a PDF of as many pages (stylesheets from ``sheets``, a worker's)."""
    from essaykit.speedups.weasy_import import import_weasyprint

    import_weasyprint()
    from weasyprint import HTML

    from essaykit.speedups import subset as pdf_subset

    from ..job import make_fetcher_for
    from ..sheets import Sheets

    pdf_subset.install()  # else WeasyPrint subsets the faces with fontTools
    # Folios in the book's digits, as its page counter style prints them
    # (Arabic-Indic, Persian); roman ones have none to change.
    digits = str.maketrans("0123456789", job.folio_digits)
    kinds = [(kind, section, folio.translate(digits)) for kind, section, folio in kinds]
    pieces, pages = plan(kinds, job.furniture_title, start)
    fetcher = make_fetcher_for(job)
    if sheets is None:
        sheets = Sheets(job)
    stylesheets = sheets.get(job.furniture_css)

    def render(html: str) -> Any:
        return HTML(string=html, base_url=job.base_url, url_fetcher=fetcher).render(
            stylesheets=stylesheets, font_config=sheets.font_config)

    try:
        document = render(layer_html(job.parts.opening if job.parts else "", pieces))
        return bytes(document.copy(_book_pages(document, len(pieces), pages)).write_pdf())
    except _Unexpected as exc:
        _LOG.debug("furniture: %s; one page per book page instead", exc)
    document = render(layer_html(job.parts.opening if job.parts else "", pieces, pages))
    if len(document.pages) != len(pages):  # pragma: no cover - a WeasyPrint change
        raise RuntimeError(f"furniture: {len(document.pages)} pages for {len(pages)}")
    return bytes(document.write_pdf())


class _Unexpected(Exception):
    """WeasyPrint's boxes are not shaped as :func:`_book_pages` expects."""


def _book_pages(document: Any, count: int, pages: list[list[int]]) -> list[Any]:
    """One WeasyPrint ``Page`` per book page, each holding its pieces taken
    from the single laid-out page of ``document`` (private API: see the
    module docstring)."""
    try:
        from weasyprint.document import Page

        if len(document.pages) != 1:
            raise _Unexpected(f"{len(document.pages)} pages, not 1")
        page_box = document.pages[0]._page_box
        root = page_box.children[0]
        [body] = root.children
        boxes = list(body.children)
        if len(boxes) != count or any(getattr(b, "element_tag", "") != "div" for b in boxes):
            raise _Unexpected(f"{len(boxes)} boxes for {count} pieces")
        empty = page_box.copy_with_children([])
        out = []
        for ids in pages:
            if not ids:
                out.append(Page(empty))
                continue
            chosen = body.copy_with_children([boxes[i] for i in ids])
            out.append(Page(page_box.copy_with_children([root.copy_with_children([chosen])])))
        return out
    except _Unexpected:
        raise
    except Exception as exc:  # noqa: BLE001 - any private-API surprise takes the public path
        raise _Unexpected(repr(exc)) from exc
