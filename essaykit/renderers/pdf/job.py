"""A PDF job: everything WeasyPrint needs for one document, as plain picklable data."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from .fetch import MemoryStore, make_fetcher

if TYPE_CHECKING:
    from .parts import HtmlParts

DEFAULT_VARIANT = "pdf/ua-1"


@dataclass
class PdfJob:
    """Everything WeasyPrint needs, as plain data (picklable for workers)."""

    html: str
    css: list[tuple[str, str | None]]
    base_url: str | None
    store: MemoryStore
    policy: Any
    options: dict[str, Any]
    pages_hint: int
    #: The document in parts, for a book that may be laid out in chunks.
    parts: HtmlParts | None = None
    #: ``css`` without page furniture (chunks), and the furniture alone as
    #: positioned boxes (:mod:`essaykit.renderers.pdf.parallel.furniture`) with the title of its versos.
    chunk_css: list[tuple[str, str | None]] = field(default_factory=list)
    furniture_css: list[tuple[str, str | None]] = field(default_factory=list)
    furniture_title: str = ""
    #: The book's shape allows chunks (a title page and contents, chapters opening on rectos).
    parallel_ok: bool = False
    #: An essay (no title page, no contents) that may be laid
    #: out in runs when long (:mod:`essaykit.renderers.pdf.parallel.seams`).
    seams_ok: bool = False
    #: The digits of its folios (Arabic-Indic, Persian or ASCII).
    folio_digits: str = "0123456789"
    #: The source line of each image URL, for refusals the fetcher reports.
    lines: dict[str, int] = field(default_factory=dict)


def make_fetcher_for(job: PdfJob, refused: list[str] | None = None) -> Any:
    """The URL fetcher of ``job`` (refusals appended to ``refused``)."""
    return make_fetcher(job.policy, job.store, [] if refused is None else refused)
