"""The library API: load → prepare → render → export.

Kept free of heavy imports: renderers import WeasyPrint, python-pptx or
ebooklib only when asked to render, so ``import essaykit`` is cheap.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .errors import EssayError, UsageError, WarnFn, stderr_warn
from .renderers.base import RenderContext
from .renderers.registry import get_renderer, renderer_names
from .theme import Theme, load_theme

if TYPE_CHECKING:
    from .model import Document

#: Options every renderer understands; the rest are passed through as given.
PASS_OPTIONS = ("pullquotes", "typography")


def load(
    path: str | os.PathLike[str],
    *,
    format: str | None = None,
    lang: str | None = None,
    warn: WarnFn | None = None,
) -> Document:
    """Read an essay file (Markdown, plain text or essaykit JSON). What the
    reader could read past (an unreadable date, site syntax it removed) goes
    to ``warn``."""
    from .reader import read_path

    return read_path(path, format=format, lang=lang, warn=warn)


def loads(
    text: str,
    format: str = "markdown",
    *,
    path: str | None = None,
    lang: str | None = None,
    warn: WarnFn | None = None,
) -> Document:
    """Read an essay from a string. ``format``: "markdown", "text" or "json"."""
    if format == "json":
        from .model import Document

        return Document.from_json(text)
    from .reader import read_text

    return read_text(text, format=format, path=path, lang=lang, warn=warn)


def prepare(doc: Document, *, pullquotes: str = "default", typography: bool = True) -> Document:
    """Run the model passes (smart typography, pull quotes) that every output
    shares, so all formats of one essay show the same pull quotes."""
    from .transform.passes import apply_passes

    return apply_passes(doc, pullquotes=pullquotes, typography=typography)


def _context(
    doc: Document,
    theme: str | os.PathLike[str] | Theme | None,
    options: dict[str, Any],
    warn: WarnFn | None,
) -> RenderContext:
    """The context for ``doc``: ``resource-path`` in its front matter adds
    folders inside its own folder or site (the reader warned about others)."""
    from .siteroot import front_matter_resource_path

    folders, _refused = front_matter_resource_path(doc.source, doc.meta.extra)
    if folders:
        given = options.get("resource_path") or []
        given = [given] if isinstance(given, (str, os.PathLike)) else list(given)
        options = {**options, "resource_path": [*given, *folders]}
    return context_for(doc.source, theme, options, warn)


def context_for(
    source: str | None,
    theme: str | os.PathLike[str] | Theme | None,
    options: dict[str, Any],
    warn: WarnFn | None,
) -> RenderContext:
    """The context a renderer gets for a document read from ``source``:
    its folder is where resources may be read from."""
    base_dir = Path(source).resolve().parent if source else None
    opts = dict(options)
    return RenderContext(
        theme=load_theme(theme),
        options=opts,
        base_dir=base_dir,
        source=source,
        allow_remote=bool(opts.pop("allow_remote", False)),
        strict=bool(opts.pop("strict", False)),
        warn_fn=warn or stderr_warn,
    )


def render(
    doc: Document,
    fmt: str,
    theme: str | os.PathLike[str] | Theme | None = None,
    *,
    prepared: bool = False,
    warn: WarnFn | None = None,
    **options: Any,
) -> bytes:
    """The bytes of ``doc`` in format ``fmt`` ("pdf", "epub", "pptx" or any
    registered renderer). Runs :func:`prepare` first unless ``prepared``."""
    renderer = get_renderer(fmt)
    if not prepared:
        doc = prepare(
            doc,
            pullquotes=options.get("pullquotes") or "default",
            typography=options.get("typography", True) is not False,
        )
    ctx = _context(doc, theme, options, warn)
    return renderer.render(doc, ctx)


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to a temporary file beside ``path`` and rename it into
    place: a failure leaves the previous file intact and no partial one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def export(
    doc: Document,
    path: str | os.PathLike[str],
    fmt: str | None = None,
    theme: str | os.PathLike[str] | Theme | None = None,
    **options: Any,
) -> Path:
    """Render ``doc`` and write it atomically to ``path`` (format from the
    suffix unless ``fmt`` names it). Returns the path written."""
    out = Path(path)
    if fmt is None:
        fmt = out.suffix.lstrip(".").lower()
        if fmt not in renderer_names():
            raise UsageError(f"{out}: cannot tell the format from the suffix; name it")
    if doc.source and Path(doc.source).resolve() == out.resolve():
        raise UsageError(f"{out}: output would overwrite the input")
    data = render(doc, fmt, theme, **options)
    write_atomic(out, data)
    return out


def output_paths(
    inputs: Iterable[Path], formats: list[str], out: Path | None
) -> dict[tuple[Path, str], Path]:
    """Where each (input, format) goes: beside the input, into ``out`` when it
    is a directory, or to ``out`` itself for one input and one format."""
    inputs = list(inputs)
    result: dict[tuple[Path, str], Path] = {}
    single_file = (
        out is not None
        and len(inputs) == 1
        and len(formats) == 1
        and not out.is_dir()
        and out.suffix != ""
    )
    for src in inputs:
        for fmt in formats:
            suffix = get_renderer(fmt).suffix
            if single_file:
                assert out is not None
                target = out
            elif out is not None:
                target = out / (src.stem + suffix)
            else:
                target = src.with_suffix(suffix)
            result[(src, fmt)] = target
    seen: dict[Path, Path] = {}
    for (src, _fmt), target in result.items():
        key = target.resolve()
        if key == src.resolve():
            raise UsageError(f"{target}: output would overwrite the input")
        if key in seen and seen[key] != src:
            raise UsageError(f"{target}: two inputs would write the same output ({seen[key].name}, {src.name})")
        seen[key] = src
    return result


__all__ = [
    "EssayError",
    "export",
    "load",
    "loads",
    "output_paths",
    "prepare",
    "render",
    "write_atomic",
]
