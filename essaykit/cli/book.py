"""``essaykit book book.toml``: build a book from many essays.

A module of its own so the ``essaykit`` group stays small; ``cli.py``
registers it with ``main.add_command(book)``. Same conventions as the other
commands: exit 1 for bad input (one ``file:line: ...`` line), 2 for usage
errors, no traceback, no partial output.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

import click

from ..errors import EssayError, UsageError, log_warning
from .options import (
    FORMATS_HELP,
    STDIO,
    check_lang,
    check_stdout,
    debug_option,
    defaults_for,
    metadata_option,
    options_from,
    parse_formats,
    render_options,
    write_stdout,
)
from .report import Reporter

if TYPE_CHECKING:
    from ..book.build import Progress

    class _Progress(Progress):
        started: float

        def done(self, count: int) -> None: ...

        def clear(self) -> None: ...


def _output_file(output: Path | None, given: tuple[str, ...], fmts: list[str]) -> Path | None:
    """``-o mybook.pdf``: the file to write, when ``-o`` names one (a suffix
    of a format and no folder of that name); with ``-t`` it must agree."""
    if output is None or output.is_dir():
        return None
    implied = output.suffix.lstrip(".").lower()
    if implied not in ("pdf", "epub", "pptx"):
        return None
    if given and fmts != [implied]:
        raise UsageError(f"{output}: -o names one {implied.upper()} file; "
                         f"with -t {','.join(fmts)} give -o a folder")
    from .. import api

    api.check_target(output, implied)
    return output


def _build_to_stdout(manifest: Path, options: Any, cache: Any, progress: Any) -> list[Path]:
    """Build the one output into a private temporary folder (removed on any exit) and
    copy it to stdout."""
    import tempfile

    from ..book import build_book
    from ..renderers.registry import get_renderer

    with tempfile.TemporaryDirectory(prefix="essaykit-") as tmp:
        target = Path(tmp) / ("book" + get_renderer(options.formats[0]).suffix)
        [path] = build_book(manifest, None, options, cache=cache, progress=progress, warn=log_warning,
                            out_file=target)
        with path.open("rb") as data:
            write_stdout(data)
    return [path]


def _term_progress(show: bool, tty: bool) -> _Progress:
    """Progress lines on stderr (the class is made on first use, so that
    ``essaykit --help`` does not import the book machinery)."""
    from ..book.build import Progress

    class _TermProgress(Progress):
        """Progress lines on stderr: reading overwrites one line on a terminal
        (forty chapters are not forty lines), rendering gets a line each."""

        def __init__(self, show: bool, tty: bool):
            self.show = show
            self.tty = tty
            self._open = False
            self.started = time.perf_counter()

        def _line(self, message: str, transient: bool = False) -> None:
            if not self.show:
                return
            if self.tty and transient:
                click.echo("\r\033[K" + message, nl=False, err=True)
                self._open = True
                return
            if self._open:
                click.echo("\r\033[K", nl=False, err=True)
                self._open = False
            click.echo(message, err=True)

        def reading(self, n: int, total: int, path: Path) -> None:
            self._line(f"[{n:>{len(str(total))}}/{total}] reading {path.name}", transient=True)

        def rendering(self, what: str, n: int = 0, total: int = 0) -> None:
            count = f" {n}/{total}" if total else ""
            self._line(f"rendering {what}{count}", transient=bool(total))

        def wrote(self, path: Path) -> None:
            self._line(f"wrote {path}")

        def done(self, count: int) -> None:
            self._line(f"built {count} file{'s' if count != 1 else ''} in {time.perf_counter() - self.started:.1f} s")

        def clear(self) -> None:
            if self._open:
                click.echo("\r\033[K", nl=False, err=True)
                self._open = False

    return cast("_Progress", _TermProgress(show, tty))


def _make_folder(folder: Path) -> list[Path]:
    """Create ``folder`` and its missing parents; the folders made, deepest first."""
    missing = []
    at = folder
    while not at.exists() and at != at.parent:
        missing.append(at)
        at = at.parent
    folder.mkdir(parents=True, exist_ok=True)
    return missing


def _remove_empty(folders: list[Path]) -> None:
    """Remove ``folders`` (deepest first) while they are empty."""
    for folder in folders:
        try:
            folder.rmdir()
        except OSError:
            return


@click.command()
@click.argument("manifest", type=click.Path(path_type=Path))
@click.option("-t", "--to", "formats", multiple=True, help=FORMATS_HELP)
@click.option("-o", "--output", type=click.Path(path_type=Path), default=None,
              help="Output directory (created; default: beside the manifest), a file for one format, "
                   "or - for stdout (one format, named with -t).")
@click.option("--deck", type=click.Choice(["per-chapter", "single"]), default=None,
              help="One deck per chapter (NAME-01-slug.pptx..., the default), or one for the book "
                   "with a divider per chapter.")
@metadata_option
@render_options("book", "Pull quotes of each chapter (chosen per chapter).")
@click.option("--watch", is_flag=True, help="Rebuild whenever the manifest or a chapter changes (Ctrl-C stops).")
@click.option("--interval", type=click.FloatRange(0.05, 60), default=0.5, show_default=True,
              help="Seconds between checks for changes with --watch.")
@click.option("-q", "--quiet", is_flag=True, help="Print errors only.")
@click.option("-v", "--verbose", is_flag=True, help="Progress lines even when stderr is not a terminal.")
@debug_option
def book(manifest: Path, formats: tuple[str, ...], output: Path | None, deck: str | None,
         metadata: tuple[str, ...], defaults_file: Path | None, watch: bool, interval: float, quiet: bool,
         verbose: bool, **params: Any) -> None:
    """Build a book (PDF, EPUB, decks) from the essays a book.toml lists."""
    from ..book import BookOptions, ChapterCache, build_book, read_manifest
    from ..defaults import parse_metadata

    options = options_from(params)
    check_lang(options.lang)
    fmts = parse_formats(formats)
    meta = parse_metadata(metadata)
    to_stdout = output is not None and str(output) == STDIO
    if to_stdout:
        if watch:
            raise UsageError("essaykit: --watch rebuilds files; give -o a folder or a file, not - (stdout)")
        check_stdout(formats, fmts)
        out_file: Path | None = None
    else:
        out_file = _output_file(output, formats, fmts)
        if out_file is not None:
            fmts = [out_file.suffix.lstrip(".").lower()]
    if (to_stdout or out_file is not None) and fmts == ["pptx"] and deck is None:
        deck = "single"  # -o talk.pptx: one deck
    found = defaults_for(defaults_file, manifest.resolve().parent, {})
    render = {k: v for k, v in options.set_fields().items() if k not in ("theme", "lang", "pullquotes")}
    book_options = BookOptions(formats=tuple(fmts), deck=deck or "per-chapter",
                               theme=options.theme,  # type: ignore[arg-type]
                               pullquotes=options.pullquotes or found.options.pullquotes or "default",
                               lang=options.lang or found.options.lang, render=render, defaults=found.options,
                               metadata=meta, default_metadata=dict(found.metadata))
    cache = ChapterCache()
    tty = sys.stderr.isatty()

    # No "wrote" line for the temporary file behind -o -.
    progress = _term_progress(show=not quiet and not to_stdout and (tty or verbose), tty=tty)

    def once() -> int:
        progress.started = time.perf_counter()
        made: list[Path] = []
        if output is not None and out_file is None and not to_stdout:
            if output.exists() and not output.is_dir():
                raise UsageError(f"{output}: -o names a folder, or a file ending in .pdf, .epub or .pptx")
            made = _make_folder(output)
        # A reporter per build: a rebuild (--watch) says its warnings again.
        rep = Reporter(quiet, verbose, progress=False, clear=progress.clear)
        try:
            with rep.handling():
                for w in found.warnings:  # the defaults file's
                    log_warning(w)
                if to_stdout:
                    written = _build_to_stdout(manifest, book_options, cache, progress)
                else:
                    written = build_book(manifest, None if out_file else output, book_options, cache=cache,
                                         progress=progress, warn=log_warning, out_file=out_file)
            rep.flush()
            progress.done(len(written))
        except BaseException:
            _remove_empty(made)  # a refused book leaves nothing behind
            raise
        finally:
            rep.finish()
        return len(written)

    if not watch:
        try:
            once()
        except BaseException:
            progress.clear()
            raise
        return

    from ..book.watch import watch as watch_loop

    def build_for_watch() -> Any:
        try:
            once()
        except (EssayError, OSError) as exc:
            progress.clear()
            message = str(exc) if isinstance(exc, EssayError) else f"essaykit: {exc}"
            click.echo(message, err=True)
        try:
            return read_manifest(manifest)
        except EssayError:
            return None

    if not quiet:
        click.echo(f"watching {manifest} (Ctrl-C stops)", err=True)
    try:
        watch_loop(manifest, build_for_watch, interval=interval)
    except KeyboardInterrupt:
        progress.clear()
