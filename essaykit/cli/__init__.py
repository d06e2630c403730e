"""The ``essaykit`` command: export, inspect, themes.

Exit codes: 0 success; 1 bad input (a message ``file:line: ...`` per failure);
2 usage errors. Every error is one line on stderr, never a traceback.
"""

from __future__ import annotations

import contextlib
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from ..errors import EssayError, UsageError, Warning_
from .options import parse_formats, pullquotes_option, render_options, resource_path_option

if TYPE_CHECKING:
    from .prewarm import RenderChild

FORMATS_HELP = "Output formats, repeatable or comma-separated: pdf, epub, pptx (default: all three)."


class _Reporter:
    """Prints warnings unless quiet; counts them for the summary."""

    def __init__(self, quiet: bool, verbose: bool):
        self.quiet = quiet
        self.verbose = verbose
        self.warnings = 0

    def warn(self, w: Warning_) -> None:
        self.warnings += 1
        if not self.quiet:
            click.echo(str(w), err=True)

    def info(self, message: str) -> None:
        if self.verbose:
            click.echo(message, err=True)


def _fail(message: str, code: int = 1) -> None:
    click.echo(f"essaykit: {message}" if ":" not in message.split(" ", 1)[0] else message, err=True)
    sys.exit(code)


class _Program(click.Group):
    """The ``essaykit`` group. Run as the program (called with no
    arguments: the console script, ``python -m essaykit``), it leaves with
    ``os._exit`` once the command is done, instead of tearing the
    interpreter down.

    Why: finalizing a process that has imported WeasyPrint's, python-pptx's
    and ebooklib's dependencies and held a document costs 0.1–0.2 s after
    the last file is written, on every run, for nothing the user sees. By
    then every output is written and closed; the standard streams are
    flushed and the ``atexit`` handlers (temporary folders, logging) run
    first. Called with arguments (tests, other programs), it returns or
    raises as click does."""

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        if args or kwargs:
            return self.main(*args, **kwargs)
        try:
            return self.main()
        except SystemExit as exc:
            _leave(exc.code)


def _leave(code: Any) -> None:
    import atexit
    import os

    if code is not None and not isinstance(code, int):
        print(code, file=sys.stderr)  # what SystemExit("message") prints
    atexit._run_exitfuncs()
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(Exception):
            stream.flush()
    os._exit(code if isinstance(code, int) else (0 if code is None else 1))


@click.group(cls=_Program, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="essaykit", prog_name="essaykit")
def main() -> None:
    """Turn essays into a typeset PDF, a valid EPUB 3 and a talk deck."""


@main.command()
@click.argument("inputs", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("-t", "--to", "formats", multiple=True, help=FORMATS_HELP)
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path),
    help="Output directory (created), or a file for one input and one format.",
)
@click.option("--theme", default=None, help="Theme name or folder (see `essaykit themes`).")
@click.option("--lang", default=None, help="Language of the essay (BCP 47), overriding detection.")
@pullquotes_option()
@click.option("--page-size", default=None, help="PDF page size: A4, Letter, A5, 6x9in...")
@click.option("--pdf-variant", default=None, help="PDF variant, e.g. pdf/ua-1 (default), pdf/a-3u, none.")
@click.option("--aspect", type=click.Choice(["16:9", "4:3"]), default=None, help="Deck aspect ratio.")
@click.option(
    "--template", type=click.Path(path_type=Path), default=None, help="A .pptx whose masters the deck uses."
)
@resource_path_option()
@click.option("--allow-remote", is_flag=True, help="Allow fetching images over the network.")
@click.option("--strict", is_flag=True, help="Treat every warning as an error.")
@click.option("-q", "--quiet", is_flag=True, help="Print errors only.")
@click.option("-v", "--verbose", is_flag=True, help="Say what is written where.")
def export(
    inputs: tuple[Path, ...],
    formats: tuple[str, ...],
    output: Path | None,
    theme: str | None,
    lang: str | None,
    pullquotes: str,
    page_size: str | None,
    pdf_variant: str | None,
    aspect: str | None,
    template: Path | None,
    resource_path: tuple[str, ...],
    allow_remote: bool,
    strict: bool,
    quiet: bool,
    verbose: bool,
) -> None:
    """Export essays (Markdown, plain text or JSON) to PDF, EPUB and PPTX."""
    fmts = parse_formats(formats)
    named_file = output is not None and bool(output.suffix) and not output.is_dir()
    if named_file and not formats and len(inputs) == 1:
        # ``-o talk.pptx`` names the format when -t does not.
        implied = output.suffix.lstrip(".").lower()  # type: ignore[union-attr]
        if implied in ("pdf", "epub", "pptx"):
            fmts = [implied]
    from .prewarm import renderer_child

    # The PDF's renderer gets ready in a child process while this one reads.
    # Forked before anything else is imported: until the fork, every
    # import here delays the PDF.
    with (renderer_child("pdf") if "pdf" in fmts else None) or contextlib.nullcontext() as pdf_child:
        failures = _export(inputs, fmts, output, named_file, theme, lang, pullquotes,
                           render_options(page_size, pdf_variant, aspect, template, allow_remote, strict,
                                          resource_path),
                           _Reporter(quiet, verbose), pdf_child)
    for message in failures:
        click.echo(message, err=True)
    if failures:
        if len(inputs) > 1:
            click.echo(f"essaykit: {len(failures)} of {len(inputs)} inputs failed", err=True)
        sys.exit(1)


def _export(inputs: tuple[Path, ...], fmts: list[str], output: Path | None, named_file: bool,
            theme: str | None, lang: str | None, pullquotes: str, options: dict[str, Any],
            rep: _Reporter, pdf_child: RenderChild | None) -> list[str]:
    """Each input read and rendered to every format, then written; the
    failures, one line each."""
    from .. import api
    from ..theme import load_theme

    try:
        theme_obj = load_theme(theme)
        if named_file and (len(inputs) > 1 or len(fmts) > 1):
            raise UsageError(f"{output}: with several inputs or formats, -o must be a directory")
        if output is not None and not named_file:
            output.mkdir(parents=True, exist_ok=True)
        targets = api.output_paths(inputs, fmts, output)
    except UsageError as exc:
        _fail(str(exc), 2)
    except EssayError as exc:
        _fail(str(exc), 1)

    failures: list[str] = []
    show_progress = len(inputs) > 1 and sys.stderr.isatty() and not rep.quiet
    with (
        click.progressbar(
            list(inputs), label="Exporting", file=sys.stderr, show_pos=True,
            item_show_func=lambda p: p.name if p else None,
        ) if show_progress else _nullbar(inputs)
    ) as bar:
        for src in bar:
            try:
                doc = api.load(src, lang=lang, warn=_reading_warn(rep, bool(options.get("strict"))))
                doc = api.prepare(doc, pullquotes=pullquotes)
                # Render every format before writing any, so a failure in one
                # leaves no half-exported set behind.
                datas = _render_formats(doc, fmts, theme_obj, options, rep.warn, pdf_child)
                outputs = [(targets[(src, fmt)], data) for fmt, data in zip(fmts, datas, strict=True)]
                for target, data in outputs:
                    api.write_atomic(target, data)
                    rep.info(f"{src} → {target}")
            except EssayError as exc:
                failures.append(str(exc.located(str(src))))
            except RecursionError:
                failures.append(f"{src}: too deeply nested to convert")
            except OSError as exc:
                failures.append(f"{src}: {exc.strerror or exc}")
    return failures


def _reading_warn(rep: _Reporter, strict: bool) -> Callable[[Warning_], None]:
    """The reader's warnings: printed like the renderers', errors under --strict."""

    def warn(w: Warning_) -> None:
        if strict:
            raise EssayError(w.message, path=w.path, line=w.line)
        rep.warn(w)

    return warn


def _render_formats(
    doc: Any, fmts: list[str], theme: Any, options: dict[str, Any], warn: Callable[[Warning_], None],
    pdf_child: RenderChild | None = None,
) -> list[bytes]:
    """The bytes of ``doc`` in each format, in order, as if rendered one
    after the other: each format's warnings in turn, then the first error.

    With a prewarmed PDF process (:func:`essaykit.cli.prewarm.renderer_child`), the PDF is rendered
    there while this process renders the other formats. Their warnings are
    held back and given in format order; the files are the same.
    """
    from .. import api
    from .prewarm import attempt

    if "pdf" not in fmts or pdf_child is None:
        return [api.render(doc, fmt, theme, prepared=True, warn=warn, **options) for fmt in fmts]
    pdf_child.submit(doc, theme, options)
    results: dict[str, tuple[bytes | None, list[Warning_], BaseException | None]] = {}
    try:
        for fmt in fmts:
            if fmt == "pdf":
                continue
            results[fmt] = attempt(doc, fmt, theme, options)
            if results[fmt][2] is not None:
                break  # as in a serial run, nothing after a failure
        results["pdf"] = pdf_child.result()
    except BaseException:
        pdf_child.cancel()
        raise
    out: list[bytes] = []
    for fmt in fmts:
        data, held, exc = results[fmt]
        for w in held:
            warn(w)
        if exc is not None:
            raise exc
        assert data is not None
        out.append(data)
    return out


class _nullbar:
    def __init__(self, items: Any):
        self.items = items

    def __enter__(self) -> Any:
        return self.items

    def __exit__(self, *exc: Any) -> None:
        return None


@main.command()
@click.argument("input", type=click.Path(path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print the document model as JSON.")
@click.option("--slides", is_flag=True, help="Print the talk-deck plan.")
@click.option("--lang", default=None, help="Language of the essay (BCP 47), overriding detection.")
@pullquotes_option()
@click.option("--raw", is_flag=True, help="Show the model as read, before typography and pull quotes.")
def inspect(input: Path, as_json: bool, slides: bool, lang: str | None, pullquotes: str, raw: bool) -> None:
    """Show what essaykit understood of an essay."""
    from .. import api

    try:
        doc = api.load(input, lang=lang)
        if not raw:
            doc = api.prepare(doc, pullquotes=pullquotes)
        if slides:
            from ..transform.slides import plan_deck

            plan = plan_deck(doc)
            click.echo(json.dumps(plan.to_data(), indent=1, ensure_ascii=False) if as_json else plan.describe())
        elif as_json:
            click.echo(doc.to_json(indent=1))
        else:
            from .inspect import describe

            click.echo(describe(doc, pullquotes=pullquotes))
    except EssayError as exc:
        _fail(str(exc.located(str(input))), 1)


@main.command()
@click.option("--json", "as_json", is_flag=True, help="Machine-readable list.")
def themes(as_json: bool) -> None:
    """List the themes essaykit can find (built-in and user themes)."""
    from ..theme import list_themes

    found = list_themes()
    if as_json:
        click.echo(json.dumps([
            {"name": t.name, "description": t.description, "path": str(t.path), "builtin": t.builtin}
            for t in found
        ], indent=1))
        return
    width = max((len(t.name) for t in found), default=0)
    for t in found:
        kind = "" if t.builtin else f"  ({t.path})"
        click.echo(f"{t.name.ljust(width)}  {t.description}{kind}")


from .book import book  # noqa: E402  (after main: cli_book needs nothing from here at import)

main.add_command(book)

if __name__ == "__main__":
    main()
