"""``build_book`` as the library offers it: the options of :func:`essaykit.render`
by name (one :class:`~essaykit.Options`, or a :class:`BookOptions`), checked the
same way, then :func:`.build.build`."""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path
from typing import Any, Unpack

from ..errors import WarnFn
from ..options import OptionArgs, Options, call_options, with_option_params
from ..theme import Theme
from .build import BookOptions, Progress, build
from .cache import ChapterCache


@with_option_params
def build_book(
    manifest: str | os.PathLike[str],
    out_dir: str | os.PathLike[str] | None = None,
    options: BookOptions | Options | None = None,
    *,
    formats: Iterable[str] | None = None,
    deck: str | None = None,
    theme: str | os.PathLike[str] | Theme | None = None,
    out_file: str | os.PathLike[str] | None = None,
    defaults: Options | None = None,
    cache: ChapterCache | None = None,
    progress: Progress | None = None,
    warn: WarnFn | None = None,
    **kwargs: Unpack[OptionArgs],
) -> list[Path]:
    """Build the book a ``book.toml`` describes into ``out_dir`` (default:
    the manifest's folder), or into ``out_file`` when it makes one file.
    ``formats``: some of "pdf", "epub", "pptx" (default all); ``deck``:
    "per-chapter" (default) or "single". Options as for :func:`render`
    (the manifest's theme comes between them and ``defaults``). Returns the
    paths written, in order. A :class:`~essaykit.book.BookOptions` is
    accepted in place of ``options``."""
    if isinstance(options, BookOptions):
        book = options
        if kwargs or formats or deck or defaults or theme is not None:
            opts = call_options(None, dict(kwargs), "build_book", theme)
            book = BookOptions(formats=tuple(formats or book.formats), deck=deck or book.deck,
                               theme=book.theme if opts.theme is None else opts.theme,  # type: ignore[arg-type]
                               pullquotes=opts.pullquotes or book.pullquotes, lang=opts.lang or book.lang,
                               render={**book.render, **_book_render(opts)}, defaults=defaults or book.defaults)
    else:
        opts = call_options(options, dict(kwargs), "build_book", theme)
        book = BookOptions(formats=tuple(formats or ("pdf", "epub", "pptx")), deck=deck or "per-chapter",
                           theme=opts.theme,  # type: ignore[arg-type]
                           pullquotes=opts.pullquotes or "default", lang=opts.lang,
                           render=_book_render(opts), defaults=defaults)
    return build(manifest, out_dir, book, cache=cache, progress=progress, warn=warn, out_file=out_file)


def _book_render(opts: Options) -> dict[str, Any]:
    return {k: v for k, v in opts.set_fields().items() if k not in ("theme", "lang", "pullquotes")}
