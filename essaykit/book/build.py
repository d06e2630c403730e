"""Building a book: manifest → chapters → one document → every format.

``build`` is what the CLI and the API call, once or (``--watch``) after
every change. It reports its progress through a :class:`Progress` object
(one event per file read and per output rendered), renders every output
before writing any, so a failure leaves the previous set whole, and writes
each atomically.
"""

from __future__ import annotations

import os
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from ..errors import EssayError, UsageError, WarnFn, Warning_, log_warning
from ..model.outline import slugify
from ..options import Options
from .assemble import Loaded, assemble, chapter_title
from .cache import ChapterCache
from .manifest import Manifest, read_manifest

__all__ = ["BookOptions", "Progress", "build", "load_book", "output_name", "DECK_MODES", "MAX_DECKS",
           "MAX_DECK_CHAPTERS"]

DECK_MODES = ("per-chapter", "single")
#: The most chapters that get a deck each, and that one deck (a divider
#: each) takes. Why limits: a deck costs some 50 ms and 200 KB (its
#: template, its embedded fonts), so 5,000 chapters took minutes and a
#: gigabyte held until all are written; one deck of 5,000 chapters has
#: 10,700 slides, and python-pptx adds each in time linear in the slides
#: before it. Talks nobody gives: past a limit, the book says so at once
#: (figures: benchmarks/FINDINGS.md).
MAX_DECKS = 500
MAX_DECK_CHAPTERS = 1000


class Progress:
    """Silent by default; the CLI prints these events on a terminal."""

    def reading(self, n: int, total: int, path: Path) -> None:
        """File ``n`` of ``total`` is about to be read (or taken from the cache)."""

    def rendering(self, what: str, n: int = 0, total: int = 0) -> None:
        """An output is about to be rendered (``n`` of ``total`` for decks)."""

    def wrote(self, path: Path) -> None:
        """An output file was written."""


@dataclass
class BookOptions:
    formats: tuple[str, ...] = ("pdf", "epub", "pptx")
    deck: str = "per-chapter"
    #: Theme name or folder; None: the manifest's, else the default.
    theme: str | None = None
    pullquotes: str = "default"
    lang: str | None = None
    #: Passed to every renderer (page_size, aspect, strict...): the names of
    #: :class:`essaykit.Options`, an unknown one a TypeError.
    render: dict[str, Any] = field(default_factory=dict)
    #: What an ``essaykit.toml`` sets: under ``render`` and, for the theme,
    #: under the manifest's.
    defaults: Options | None = None
    #: The book's metadata over the manifest's (``-M key=value``: title, author, date...).
    metadata: Mapping[str, Any] = field(default_factory=dict)
    #: Metadata that fills only what the manifest leaves empty (a defaults file's ``[metadata]``).
    default_metadata: Mapping[str, Any] = field(default_factory=dict)

    def render_options(self) -> dict[str, Any]:
        """The renderer options, checked, over the defaults."""
        given = Options.from_kwargs(self.render, "BookOptions.render")
        return (self.defaults or Options()).updated(given).render_options()


def output_name(manifest: Manifest) -> str:
    """Base of the output names: the manifest's ``name``, else the title's slug."""
    return slugify(manifest.name or manifest.title) or "book"


def file_slug(title: str, limit: int = 48) -> str:
    """A file-name part from a title, in any script: lower case, words
    joined by hyphens, cut at a word boundary near ``limit`` characters."""
    text = unicodedata.normalize("NFKC", title).lower()
    # Vowel marks (Arabic harakat, Hebrew points) are not word characters.
    text = "".join(c for c in text if unicodedata.category(c) != "Mn")
    words = re.findall(r"\w+", text)
    out = ""
    for w in words:
        if out and len(out) + 1 + len(w) > limit:
            break
        out = f"{out}-{w}" if out else w[:limit]
    return out.strip("_")


def load_book(manifest: Manifest, cache: ChapterCache, progress: Progress | None = None) -> Loaded:
    """Read (or reuse) every file of the book and assemble it."""
    cache.start_build()
    files = manifest.files()
    cache.prune({e.path for e in files})
    count = 0

    def load(path: Path, matter: bool) -> Any:
        nonlocal count
        count += 1
        # Only files actually read are reported: a rebuild after one edit
        # says "reading" once.
        if progress and cache.stale(path, matter):
            progress.reading(count, len(files), path)
        return cache.load(path, matter)

    return assemble(manifest, load)


def _theme(manifest: Manifest, name: str | None, default: Any = None) -> Any:
    from ..api import theme_for

    chosen = name or manifest.theme
    if chosen and not name and (manifest.folder / chosen).is_dir():
        # A theme folder beside the manifest, named relative to it.
        chosen = str(manifest.folder / chosen)
    return theme_for(chosen or default)


def build(
    manifest_path: str | os.PathLike[str],
    out_dir: str | os.PathLike[str] | None = None,
    options: BookOptions | None = None,
    *,
    cache: ChapterCache | None = None,
    progress: Progress | None = None,
    warn: WarnFn | None = None,
    out_file: str | os.PathLike[str] | None = None,
) -> list[Path]:
    """Build the book ``manifest_path`` describes into ``out_dir`` (default:
    the manifest's folder), or, for one output, into ``out_file``. Returns
    the paths written, in order."""
    from .. import api
    from ..renderers.registry import get_renderer

    opts = options or BookOptions()
    progress = progress or Progress()
    warn = warn or log_warning
    if opts.deck not in DECK_MODES:
        raise UsageError(f"--deck must be one of {', '.join(DECK_MODES)}, not {opts.deck!r}")
    for fmt in opts.formats:
        get_renderer(fmt)  # an unknown format fails before any reading
    opts.render_options()  # and so does an unknown option or a bad value
    manifest = read_manifest(Path(manifest_path))
    check_decks(manifest, opts)
    if cache is None:
        cache = ChapterCache()
    cache.pullquotes, cache.lang, cache.warn = opts.pullquotes, opts.lang, warn
    from ..prewarm import renderer_child

    # The PDF's renderer gets ready in a child process while the chapters are read,
    # when the caller allows more than one process (``jobs``).
    pdf_child = renderer_child("pdf", opts.render_options().get("jobs")) if "pdf" in opts.formats else None
    try:
        outputs = _render_all(manifest, opts, cache, progress, warn, out_dir, pdf_child)
    except BaseException:
        if pdf_child is not None:
            pdf_child.cancel()
        raise
    if pdf_child is not None:
        pdf_child.close()
    if out_file is not None:
        if len(outputs) != 1:
            raise UsageError(f"{out_file}: the book makes {len(outputs)} files; give -o a folder"
                             + (" or use --deck single" if opts.deck != "single" and "pptx" in opts.formats else ""))
        outputs = [(Path(out_file), outputs[0][1])]
    for path, _data in outputs:
        if path.resolve() == manifest.path.resolve() or any(
            path.resolve() == e.path.resolve() for e in manifest.files()
        ):
            raise UsageError(f"{path}: output would overwrite an input")
    written = api.write_all(outputs)  # all of them or none
    for path in written:
        progress.wrote(path)
    return written


def check_decks(manifest: Manifest, opts: BookOptions) -> None:
    """A deck per chapter for at most :data:`MAX_DECKS` chapters, one deck
    for at most :data:`MAX_DECK_CHAPTERS`: past that, one line saying what
    to ask for instead, before anything is read."""
    count = len(manifest.chapters)
    if "pptx" not in opts.formats or count <= MAX_DECKS:
        return
    alone = "-t pdf,epub for the book alone"
    if opts.deck == "single":
        if count > MAX_DECK_CHAPTERS:
            raise UsageError(f"{count:,} chapters are too many for one deck (at most {MAX_DECK_CHAPTERS:,}): "
                             f"use {alone}", path=str(manifest.path))
    elif count > MAX_DECK_CHAPTERS:
        raise UsageError(f"{count:,} chapters are too many for decks (at most {MAX_DECKS:,} for a deck each, "
                         f"{MAX_DECK_CHAPTERS:,} in one deck): use {alone}", path=str(manifest.path))
    else:
        raise UsageError(f"{count:,} chapters are too many for a deck each (at most {MAX_DECKS:,}): "
                         f"use --deck single, or {alone}", path=str(manifest.path))


def _render_all(manifest: Manifest, opts: BookOptions, cache: ChapterCache, progress: Progress,
                warn: WarnFn, out_dir: str | os.PathLike[str] | None,
                pdf_child: Any) -> list[tuple[Path, bytes]]:
    """Every output's path and bytes, in format order, as if rendered one
    after the other: each format's warnings in turn, then the first error.
    With a ``pdf_child`` (:func:`essaykit.prewarm.renderer_child`) the PDF is
    rendered there while the other formats are rendered here, their
    warnings held back until the PDF's have been given."""
    from .. import api
    from ..renderers.registry import get_renderer

    loaded = load_book(manifest, cache, progress)
    theme = _theme(manifest, opts.theme, opts.defaults.theme if opts.defaults else None)
    folder = Path(out_dir) if out_dir is not None else manifest.folder
    name = output_name(manifest)
    if opts.metadata or opts.default_metadata:
        from ..defaults import with_metadata

        loaded = replace(loaded, document=with_metadata(
            with_metadata(loaded.document, opts.default_metadata, override=False), opts.metadata))
    doc = loaded.document
    book_warn = _located_warn(loaded, str(manifest.path), warn)
    # Images beside chapters that live in other folders than the manifest.
    roots = tuple(dict.fromkeys(e.path.resolve().parent for e in manifest.files()))
    render_options = {**opts.render_options(), "extra_roots": roots}
    if pdf_child is not None:
        pdf_child.submit(doc, theme, render_options)

    done: dict[str, tuple[list[tuple[Path, bytes]], list[Warning_], BaseException | None]] = {}
    for fmt in opts.formats:
        if fmt == "pdf" and pdf_child is not None:
            continue
        held: list[Warning_] = []
        fmt_warn: WarnFn = held.append if pdf_child is not None else book_warn
        try:
            if fmt == "pptx":
                done[fmt] = (_decks(manifest, loaded, opts, theme, folder, name, progress, fmt_warn), held, None)
                continue
            progress.rendering(fmt)
            data = api.render_prepared(doc, fmt, theme, render_options, fmt_warn)
            done[fmt] = ([(folder / (name + get_renderer(fmt).suffix), data)], held, None)
        except EssayError as exc:
            if pdf_child is None:
                raise _relocate(loaded, str(manifest.path), exc) from None
            done[fmt] = ([], held, exc)
            break  # as in a serial run, nothing after a failure
    if pdf_child is not None:
        progress.rendering("pdf")
        data, held, error = pdf_child.result()
        done["pdf"] = ([(folder / (name + get_renderer("pdf").suffix), data)] if data is not None else [],
                       held, error)
    outputs: list[tuple[Path, bytes]] = []
    for fmt in opts.formats:
        if fmt not in done:
            break
        paths, held, error = done[fmt]
        for w in held:
            book_warn(w)
        if isinstance(error, EssayError):
            raise _relocate(loaded, str(manifest.path), error) from None
        if error is not None:
            raise error
        outputs.extend(paths)
    return outputs


def _located_warn(loaded: Loaded, book_path: str, warn: WarnFn) -> WarnFn:
    """Warnings about the book document name the chapter file and its line,
    not a line of the manifest (see :class:`~essaykit.book.assemble.LineMap`)."""

    def located(w: Warning_) -> None:
        if w.path == book_path and w.line is not None:
            where = loaded.lines.locate(w.line)
            if where is not None:
                w = replace(w, path=str(where[0]), line=where[1])
        warn(w)

    return located


def _relocate(loaded: Loaded, book_path: str, exc: EssayError) -> EssayError:
    if exc.path == book_path and exc.line is not None:
        where = loaded.lines.locate(exc.line)
        if where is not None:
            return type(exc)(exc.message, path=str(where[0]), line=where[1])
    return exc


def _decks(manifest: Manifest, loaded: Loaded, opts: BookOptions, theme: Any, folder: Path,
           name: str, progress: Progress, warn: WarnFn) -> list[tuple[Path, bytes]]:
    from .. import api

    chapters = [(e.path, d) for e, d in loaded.chapters]
    if opts.deck == "single":
        from .decks import plan_book_deck

        progress.rendering("pptx")
        plan = plan_book_deck(loaded.document.meta, chapters, manifest.folder,
                              opts.render_options().get("deck") or None)
        data = api.render_prepared(loaded.document, "pptx", theme,
                                   {**opts.render_options(), "deck_plan": plan}, warn)
        return [(folder / f"{name}.pptx", data)]
    # Every deck's fonts keep the whole book's characters: the same subsets
    # in each deck, renamed and wrapped once (:mod:`essaykit.renderers.pptx.fonts`).
    options = {**opts.render_options(), "font_text": _book_chars(loaded)}
    out = []
    for n, (path, doc) in enumerate(chapters, 1):
        progress.rendering("pptx", n, len(chapters))
        slug = file_slug(chapter_title(doc, path)[0]) or f"chapter-{n}"
        if not doc.meta.authors and loaded.document.meta.authors:
            # A chapter by the book's author says so on its title slide.
            doc = doc.replace(meta=replace(doc.meta, authors=loaded.document.meta.authors))
        try:
            data = api.render_prepared(doc, "pptx", theme, options, warn)
        except EssayError as exc:
            raise exc.located(str(path)) from None
        out.append((folder / f"{name}-{n:02d}-{slug}.pptx", data))
    return out


def _book_chars(loaded: Loaded) -> str:
    """The distinct characters a book's decks may show: its text, its
    metadata, the deck's labels in its language and the digits."""
    from ..model import plain_text
    from ..transform.slides import labels

    meta = loaded.document.meta
    text = [plain_text(loaded.document.blocks), meta.title, meta.subtitle, *meta.authors, "0123456789"]
    text.extend(labels(meta.language or "en"))
    for _entry, doc in loaded.chapters:
        text.extend((doc.meta.title, doc.meta.subtitle, *doc.meta.authors, *labels(doc.meta.language or "en")))
    return "".join(sorted(set("".join(text))))
