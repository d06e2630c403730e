"""essaykit: essays into a typeset PDF, a valid EPUB 3 and a talk deck.

    >>> import essaykit
    >>> doc = essaykit.load("essay.md")
    >>> pdf = essaykit.render(doc, "pdf", theme="classic")
    >>> essaykit.export(doc, "out/essay.epub")

Importing the package costs almost nothing: the names below are loaded on
first use (PEP 562), and each renderer loads its heavy library (WeasyPrint,
python-pptx, ebooklib) only when it renders. Why: ``essaykit export``
starts the process that lays out the PDF before it reads the essay
(:mod:`essaykit.prewarm`); everything imported before that fork is on the
PDF's critical path, and the document model alone takes 50 ms to import.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

# The subpackage first: importing it binds ``essaykit.renderers`` to the
# module, and the function defined below must win.
from . import renderers as _render_package  # noqa: F401

if TYPE_CHECKING:
    from .api import export, load, loads, prepare, render, resolve, write_atomic
    from .batch import ExportResult, export_many
    from .book import build_book
    from .errors import EssayError, OptionError, UnknownOptionError, UsageError
    from .model import Document, Metadata
    from .options import Options
    from .renderers.base import RenderContext, Renderer
    from .renderers.registry import get_renderer, renderer_names
    from .theme import Theme, list_themes, load_theme

#: Kept equal to pyproject's version by a test.
__version__ = "0.1.0"

_LAZY = {
    "build_book": "book", "export": "api", "load": "api", "loads": "api", "prepare": "api", "render": "api",
    "resolve": "api", "write_atomic": "api",
    "export_many": "batch", "ExportResult": "batch",
    "EssayError": "errors", "OptionError": "errors", "UnknownOptionError": "errors", "UsageError": "errors",
    "Document": "model", "Metadata": "model",
    "Options": "options",
    "RenderContext": "renderers.base", "Renderer": "renderers.base",
    "get_renderer": "renderers.registry", "renderer_names": "renderers.registry",
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


def renderers() -> dict[str, Renderer]:
    """Every renderer by name, plugins included (:func:`essaykit.renderers.registry.renderers`).
    (A function here, where ``essaykit.renderers`` would otherwise be the package.)"""
    from .renderers.registry import renderers as _renderers

    return _renderers()


__all__ = [
    "Document",
    "EssayError",
    "ExportResult",
    "Metadata",
    "OptionError",
    "Options",
    "RenderContext",
    "Renderer",
    "Theme",
    "UnknownOptionError",
    "UsageError",
    "__version__",
    "build_book",
    "export",
    "export_many",
    "get_renderer",
    "list_themes",
    "load",
    "load_theme",
    "loads",
    "prepare",
    "render",
    "renderer_names",
    "renderers",
    "resolve",
    "write_atomic",
]
