"""Finding renderers: the entry-point group ``essaykit.renderers``.

Built-ins register there exactly as a third-party package would (see
pyproject.toml). Loading an entry point imports only the renderer's module,
which in turn imports its heavy library only when it renders.

Importing :mod:`importlib.metadata` and scanning the installed distributions
costs about a tenth of a second, on every run. The group's entries are
therefore kept in a small file in the user's cache folder, together with a
fingerprint of everything the scan reads: ``sys.path``, the modification
time of each folder on it (installing or removing a distribution changes
it) and of each distribution's ``entry_points.txt``. When the fingerprint
matches, the entries are taken from the file; otherwise (or when a custom
finder could add distributions) ``importlib.metadata`` scans as before and
the file is rewritten. Entry points stay the one authority: a plugin, even
one that replaces a built-in name, is found as soon as it is installed.
"""

from __future__ import annotations

import json
import sys
import zlib
from functools import lru_cache
from importlib import import_module
from pathlib import Path
from typing import Any

from ..errors import UsageError
from ..installed import fingerprint as _fingerprint
from .base import Renderer

GROUP = "essaykit.renderers"

#: Used only when the package metadata is missing (running from a bare
#: source tree); normal installs see the same three through entry points.
_BUILTINS = {
    "pdf": "essaykit.renderers.pdf.renderer:PdfRenderer",
    "epub": "essaykit.renderers.epub.renderer:EpubRenderer",
    "pptx": "essaykit.renderers.pptx.renderer:PptxRenderer",
}


def _load(spec: str) -> Any:
    """``"module:attr.sub"`` → the object, as ``EntryPoint.load`` does."""
    module, _, attr = spec.partition(":")
    obj: Any = import_module(module.strip())
    for part in attr.strip().split(".") if attr.strip() else ():
        obj = getattr(obj, part)
    return obj


@lru_cache(maxsize=1)
def _specs() -> dict[str, Any]:
    found: dict[str, Any] = {name: spec for name, spec in _BUILTINS.items()}
    found.update(_entry_points())
    return found


def _entry_points() -> dict[str, str]:
    """``name → "module:attr"`` for the group, from the cache file when
    nothing it depends on has changed."""
    fingerprint = _fingerprint()
    cache = _cache_file() if fingerprint is not None else None
    kept: list[dict[str, Any]] = []
    if cache is not None:
        try:
            kept = [k for k in json.loads(cache.read_text(encoding="utf-8"))
                    if isinstance(k, dict) and isinstance(k.get("entries"), dict)]
        except (OSError, ValueError, TypeError):
            kept = []
        for saved in kept:
            if saved.get("fingerprint") == fingerprint:
                return {str(k): str(v) for k, v in saved["entries"].items()}
    from importlib.metadata import entry_points

    entries: dict[str, str] = {}
    for ep in entry_points(group=GROUP):
        entries[ep.name] = f"{ep.module}:{ep.attr}" if ep.attr else ep.module
    if cache is not None:
        # A few fingerprints: ``essaykit``, ``python -m essaykit`` and tests
        # see different sys.path[0] and should not take turns.
        kept = [{"fingerprint": fingerprint, "entries": entries}, *kept][:_KEEP]
        _write(cache, json.dumps(kept))
    return entries


_KEEP = 8




def _cache_file() -> Path:
    from ..cache import cache_root

    # One file per interpreter and environment, so two venvs do not take turns.
    tag = zlib.crc32(f"{sys.executable}\0{sys.prefix}".encode())
    return cache_root() / f"entry-points-{tag:08x}.json"


def _write(path: Path, text: str) -> None:
    """Atomic write; a cache that cannot be written is simply not kept."""
    from ..cache import write

    write(path, text.encode("utf-8"))


def spec_of(name: str) -> str | None:
    """The ``"module:attr"`` that serves ``name``, without importing it."""
    spec = _specs().get(name.lower())
    return spec if isinstance(spec, str) else None


def renderer_names() -> list[str]:
    return sorted(_specs())


def get_renderer(name: str) -> Renderer:
    spec = _specs().get(name.lower())
    if spec is None:
        raise UsageError(f"unknown format {name!r} (known: {', '.join(renderer_names())})")
    obj = _load(spec)
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
