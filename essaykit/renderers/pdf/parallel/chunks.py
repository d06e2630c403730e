"""Cutting a long book into chapter chunks that lay out on their own.

Why chapters: in the classic theme every top-level heading of a book opens
on a recto (``break-before: recto``), so nothing on a chapter's pages
depends on the pages before it except numbers: the folio, the footnote
counter, the page a contents entry points at and the side the chapter
starts on. Those are restored around the chunks (:mod:`essaykit.renderers.pdf.parallel.run`,
:mod:`essaykit.renderers.pdf.parallel.merge`): the footnote counter here with ``counter-reset``, the
rest after layout. Cutting anywhere else would change where lines and
pages break.

Every chunk is a whole XHTML document with the book's ``<head>``; a link
to an id that lives in another chunk is written as a link to
``x-essaykit-anchor:ID`` (:data:`FOREIGN`), which WeasyPrint keeps as a URI
link (it drops links to unknown anchors), and which the merge turns back
into a link to the named destination ``ID``
(:mod:`essaykit.renderers.pdf.parallel.merge`): the chunks' structure trees
are then the book's, element for element (an empty anchor in the chunk
would have left an empty ``/Span`` per link in them).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..html import HtmlParts

_HREF = re.compile(r'href="#([^"]+)"')
#: The URI scheme of a link whose target is in another chunk.
FOREIGN = "x-essaykit-anchor:"
_ID = re.compile(r'\bid="([^"]+)"')
_TOC_LINK = re.compile(r'(<li class="toc-[^"]+"><a href="#([^"]+)")')
#: What the footnote element looks like in the shared writer's output.
_FOOTNOTE = 'class="footnote"'


@dataclass(frozen=True)
class Chunk:
    """One document of the split book: ``index`` 0 is the front matter."""

    index: int
    html: str
    #: Ids the chunk refers to but does not hold (links resolved after merge).
    foreign: tuple[str, ...]


def chapters(parts: HtmlParts) -> list[str]:
    """The blocks of ``<main>`` cut before each top-level heading (the text
    before the first one stays with the first chapter); a book document's
    divisions as they are (:mod:`essaykit.renderers.pdf.book`: each opens on a recto)."""
    if parts.pieces:
        return list(parts.pieces)
    starts = []
    for hid in parts.chapter_ids:
        at = parts.main.find(f'<h{_level(parts, hid)} id="{hid}"')
        if at > 0:
            starts.append(at)
    starts = sorted(set(starts))
    cuts = [0, *starts[(1 if starts and starts[0] == 0 else 0):], len(parts.main)]
    pieces = [parts.main[a:b] for a, b in zip(cuts, cuts[1:], strict=False)]
    return [p for p in pieces if p]


def _level(parts: HtmlParts, hid: str) -> int:
    m = re.search(rf'<h([1-6]) id="{re.escape(hid)}"', parts.main)
    return int(m.group(1)) if m else 2


def group(pieces: list[str], n: int) -> list[str]:
    """``pieces`` joined into at most ``n`` consecutive groups of about equal
    length (length of markup stands in for layout work)."""
    n = max(1, min(n, len(pieces)))
    total = sum(len(p) for p in pieces)
    out: list[str] = []
    current: list[str] = []
    done = 0
    for i, piece in enumerate(pieces):
        current.append(piece)
        done += len(piece)
        left_groups = n - len(out) - 1
        left_pieces = len(pieces) - i - 1
        target = total * (len(out) + 1) / n
        if left_groups > 0 and (done >= target or left_pieces == left_groups):
            out.append("".join(current))
            current = []
    if current:
        out.append("".join(current))
    return out


def body_chunks(parts: HtmlParts, n: int) -> list[Chunk]:
    """The body as ``n`` chunks (index 1..n), footnote numbers continued."""
    out = []
    notes_before = 0
    for i, main in enumerate(group(chapters(parts), n), start=1):
        foreign = _foreign(main)
        html = parts.html(front="", main=_link_out(main, foreign))
        if notes_before:
            # Footnote numbers run on through the book.
            html = html.replace('<body class="', f'<body style="counter-reset: footnote {notes_before}" class="', 1)
        out.append(Chunk(i, html, foreign))
        notes_before += main.count(_FOOTNOTE)
    return out


def front_chunk(parts: HtmlParts, folios: dict[str, str] | None) -> Chunk:
    """Title page and contents, each entry with its folio written in
    (``data-page``; ``None`` writes a wide placeholder to count pages)."""

    def number(m: re.Match[str]) -> str:
        folio = (folios or {}).get(m.group(2), "" if folios is not None else "000")
        return f'{m.group(1)} data-page="{folio}"'

    front = _TOC_LINK.sub(number, parts.front)
    foreign = _foreign(front)
    front = _link_out(front, foreign)
    # No <main>: an empty one would still open a page of its own.
    return Chunk(0, f"{parts.opening}{front}</body></html>", foreign)


def _foreign(html: str) -> tuple[str, ...]:
    held = set(_ID.findall(html))
    return tuple(dict.fromkeys(h for h in _HREF.findall(html) if h not in held))


def _link_out(html: str, ids: tuple[str, ...]) -> str:
    """Links to ``ids`` (held by other chunks) as links to :data:`FOREIGN` URIs."""
    if not ids:
        return html
    wanted = set(ids)
    return _HREF.sub(lambda m: f'href="{FOREIGN}{m.group(1)}"' if m.group(1) in wanted else m.group(0),
                     html)


#: Contents entries show the folio written by :func:`front_chunk`.
FRONT_CSS = """
nav.toc a::after { content: leader(". ") attr(data-page) !important; }
nav.toc.book-toc a::after { content: leader(" ") attr(data-page) !important; }
"""
#: A book document's front matter laid out alone: its own entries (preface,
#: dedication...) take their roman folio from the page they are on, as in
#: one process, so that nothing needs its length beforehand.
BOOK_FRONT_CSS = FRONT_CSS + """
body.divided nav.toc li.toc-front a::after {
  content: leader(" ") target-counter(attr(href url), page, lower-roman) !important; }
"""
