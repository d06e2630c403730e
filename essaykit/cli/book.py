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

from ..errors import EssayError, UsageError, Warning_
from .options import parse_formats, pullquotes_option, render_options, resource_path_option

if TYPE_CHECKING:
    from ..book.build import Progress

    class _Progress(Progress):
        started: float

        def done(self, count: int) -> None: ...

        def clear(self) -> None: ...


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


@click.command()
@click.argument("manifest", type=click.Path(path_type=Path))
@click.option("-t", "--to", "formats", multiple=True,
              help="Output formats, repeatable or comma-separated: pdf, epub, pptx (default: all three).")
@click.option("-o", "--output", type=click.Path(path_type=Path), default=None,
              help="Output directory (created); default: beside the manifest.")
@click.option("--deck", type=click.Choice(["per-chapter", "single"]), default="per-chapter", show_default=True,
              help="One deck per chapter (NAME-01-slug.pptx...), or one for the book with a divider per chapter.")
@click.option("--theme", default=None, help="Theme name or folder (default: the manifest's theme).")
@click.option("--lang", default=None, help="Language of every chapter (BCP 47), overriding detection.")
@pullquotes_option("Pull quotes of each chapter (chosen per chapter).")
@click.option("--page-size", default=None, help="PDF page size: A4, Letter, A5, 6x9in...")
@click.option("--pdf-variant", default=None, help="PDF variant, e.g. pdf/ua-1 (default), pdf/a-3u, none.")
@click.option("--aspect", type=click.Choice(["16:9", "4:3"]), default=None, help="Deck aspect ratio.")
@click.option("--template", type=click.Path(path_type=Path), default=None, help="A .pptx whose masters the decks use.")
@resource_path_option()
@click.option("--allow-remote", is_flag=True, help="Allow fetching images over the network.")
@click.option("--strict", is_flag=True, help="Treat every warning as an error.")
@click.option("--watch", is_flag=True, help="Rebuild whenever the manifest or a chapter changes (Ctrl-C stops).")
@click.option("--interval", type=click.FloatRange(0.05, 60), default=0.5, show_default=True,
              help="Seconds between checks for changes with --watch.")
@click.option("-q", "--quiet", is_flag=True, help="Print errors only.")
@click.option("-v", "--verbose", is_flag=True, help="Progress lines even when stderr is not a terminal.")
def book(manifest: Path, formats: tuple[str, ...], output: Path | None, deck: str, theme: str | None,
         lang: str | None, pullquotes: str, page_size: str | None, pdf_variant: str | None,
         aspect: str | None, template: Path | None, resource_path: tuple[str, ...], allow_remote: bool,
         strict: bool, watch: bool,
         interval: float, quiet: bool, verbose: bool) -> None:
    """Build a book (PDF, EPUB, decks) from the essays a book.toml lists."""
    from ..book import BookOptions, ChapterCache, build_book, read_manifest

    fmts = parse_formats(formats)
    render = render_options(page_size, pdf_variant, aspect, template, allow_remote, strict, resource_path)
    options = BookOptions(formats=tuple(fmts), deck=deck, theme=theme, pullquotes=pullquotes,
                          lang=lang, render=render)
    cache = ChapterCache()
    tty = sys.stderr.isatty()

    def warn(w: Warning_) -> None:
        if not quiet:
            progress_clear()
            click.echo(str(w), err=True)

    progress = _term_progress(show=not quiet and (tty or verbose), tty=tty)
    progress_clear = progress.clear

    def once() -> int:
        progress.started = time.perf_counter()
        if output is not None:
            if output.exists() and not output.is_dir():
                raise UsageError(f"{output}: -o names a directory for a book's outputs")
            output.mkdir(parents=True, exist_ok=True)
        written = build_book(manifest, output, options, cache=cache, progress=progress, warn=warn)
        progress.done(len(written))
        return len(written)

    if not watch:
        try:
            once()
        except UsageError as exc:
            progress.clear()
            click.echo(str(exc), err=True)
            sys.exit(2)
        except EssayError as exc:
            progress.clear()
            click.echo(str(exc), err=True)
            sys.exit(1)
        except OSError as exc:
            progress.clear()
            click.echo(f"essaykit: {exc.strerror or exc}", err=True)
            sys.exit(1)
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
