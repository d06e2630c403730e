"""essaykit: essays into a typeset PDF, a valid EPUB 3 and a talk deck.

    >>> import essaykit
    >>> doc = essaykit.load("essay.md")
    >>> pdf = essaykit.render(doc, "pdf", theme="classic")
    >>> essaykit.export(doc, "out/essay.epub")

Everything here is cheap to import; each renderer loads its heavy library
(WeasyPrint, python-pptx, ebooklib) only when it renders.
"""

from __future__ import annotations

from .api import export, load, loads, prepare, render, write_atomic
from .errors import EssayError, UsageError
from .model import Document, Metadata
from .render.base import RenderContext, Renderer
from .render.registry import get_renderer, renderer_names, renderers
from .theme import Theme, list_themes, load_theme

__version__ = "0.1.0"


def build_book(*args, **kwargs):  # type: ignore[no-untyped-def]
    """Build a book from a ``book.toml`` manifest: see :mod:`essaykit.book`."""
    from .book import build_book as _build_book

    return _build_book(*args, **kwargs)

__all__ = [
    "Document",
    "EssayError",
    "Metadata",
    "RenderContext",
    "Renderer",
    "Theme",
    "UsageError",
    "__version__",
    "build_book",
    "export",
    "get_renderer",
    "list_themes",
    "load",
    "load_theme",
    "loads",
    "prepare",
    "render",
    "renderer_names",
    "renderers",
    "write_atomic",
]
