"""essaykit: essays into a typeset PDF, a valid EPUB 3 and a talk deck.

    >>> import essaykit
    >>> doc = essaykit.load("essay.md")
    >>> pdf = essaykit.render(doc, "pdf", theme="classic")
    >>> essaykit.export(doc, "out/essay.epub")

Importing the package costs almost nothing: the names below are loaded on
first use (PEP 562), and each renderer loads its heavy library (WeasyPrint,
python-pptx, ebooklib) only when it renders. Why: ``essaykit export``
starts the process that lays out the PDF before it reads the essay
(:mod:`essaykit.cli.prewarm`); everything imported before that fork is on the
PDF's critical path, and the document model alone takes 50 ms to import.
"""

from __future__ import annotations

import os
from importlib import import_module
from typing import TYPE_CHECKING, Any

# The subpackage first: importing it binds ``essaykit.renderers`` to the
# module, and the function defined below must win.
from . import renderers as _render_package  # noqa: F401

if TYPE_CHECKING:
    from .api import export, load, loads, prepare, write_atomic
    from .errors import EssayError, UsageError
    from .model import Document, Metadata
    from .renderers.base import RenderContext, Renderer
    from .renderers.registry import get_renderer, renderer_names, renderers
    from .theme import Theme, list_themes, load_theme

__version__ = "0.1.0"

_LAZY = {
    "export": "api", "load": "api", "loads": "api", "prepare": "api", "write_atomic": "api",
    "EssayError": "errors", "UsageError": "errors",
    "Document": "model", "Metadata": "model",
    "RenderContext": "renderers.base", "Renderer": "renderers.base",
    "get_renderer": "renderers.registry", "renderer_names": "renderers.registry", "renderers": "renderers.registry",
    "Theme": "theme", "list_themes": "theme", "load_theme": "theme",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'essaykit' has no attribute {name!r}")
    value = getattr(import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_LAZY))


def render(doc: Document, fmt: str, theme: str | os.PathLike[str] | Theme | None = None,
           **kwargs: Any) -> bytes:
    """The bytes of ``doc`` in format ``fmt``: see :func:`essaykit.api.render`."""
    from .api import render as _render

    return _render(doc, fmt, theme, **kwargs)


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
