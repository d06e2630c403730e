"""The PDF's XHTML in parts: what a job carries to the process that lays
it out.

A module of its own, with nothing but the standard library, because the
prewarmed PDF process (:mod:`essaykit.prewarm`) unpickles it: importing
the XHTML writer there would cost that process, on the PDF's critical
path, the document model and the writer it never uses.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class HtmlParts:
    """The document cut where a long book may be split for parallel layout
    (:mod:`essaykit.renderers.pdf.parallel.chunks`): everything up to ``<body>``, the front matter
    (title page, contents), the blocks inside ``<main>``, and the ids of
    the top-level headings that open its chapters."""

    opening: str
    front: str
    main: str
    chapter_ids: tuple[str, ...]
    #: A book document: ``main`` as whole divisions, each of which opens
    #: on a recto (chunks are cut only between them), the running head of
    #: each chapter/back matter heading id, and the front matter heading
    #: ids (roman folios).
    pieces: tuple[str, ...] = ()
    running: dict[str, str] = field(default_factory=dict)
    front_ids: tuple[str, ...] = ()

    def html(self, front: str | None = None, main: str | None = None) -> str:
        body = self.main if main is None else main
        return (f"{self.opening}{self.front if front is None else front}"
                f'<main class="text">{body}</main></body></html>')
