"""Finding renderers: the entry-point group ``essaykit.renderers``.

Built-ins register there exactly as a third-party package would (see
pyproject.toml). Loading an entry point imports only the renderer's module,
which in turn imports its heavy library only when it renders.
"""

from __future__ import annotations

from functools import lru_cache
from importlib import import_module
from importlib.metadata import entry_points
from typing import Any

from ..errors import UsageError
from .base import Renderer

GROUP = "essaykit.renderers"

#: Used only when the package metadata is missing (running from a bare
#: source tree); normal installs see the same three through entry points.
_BUILTINS = {
    "pdf": "essaykit.render.pdf:PdfRenderer",
    "epub": "essaykit.render.epub:EpubRenderer",
    "pptx": "essaykit.render.pptx:PptxRenderer",
}


def _load(spec: str) -> Any:
    module, _, attr = spec.partition(":")
    return getattr(import_module(module), attr)


@lru_cache(maxsize=1)
def _specs() -> dict[str, Any]:
    found: dict[str, Any] = {name: spec for name, spec in _BUILTINS.items()}
    for ep in entry_points(group=GROUP):
        found[ep.name] = ep
    return found


def renderer_names() -> list[str]:
    return sorted(_specs())


def get_renderer(name: str) -> Renderer:
    spec = _specs().get(name.lower())
    if spec is None:
        raise UsageError(f"unknown format {name!r} (known: {', '.join(renderer_names())})")
    obj = _load(spec) if isinstance(spec, str) else spec.load()
    renderer = obj() if isinstance(obj, type) else obj
    if not isinstance(renderer, Renderer):
        raise UsageError(f"renderer {name!r} does not have name, suffix, binary and render()")
    return renderer


def renderers() -> dict[str, Renderer]:
    """Every renderer found, by name."""
    return {name: get_renderer(name) for name in renderer_names()}


def refresh() -> None:
    """Forget cached entry points (after installing a plugin at run time)."""
    _specs.cache_clear()
