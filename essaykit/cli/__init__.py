"""The ``essaykit`` command: export, inspect, themes.

Exit codes: 0 success; 1 an input could not be converted (a message
``file:line: ...`` per failure); 2 usage errors (a bad option value, an
unknown theme, an output essaykit will not overwrite); 130 interrupted
(Ctrl-C); 70 a bug in essaykit. Every error is one or two lines on stderr,
never a traceback unless ``--debug`` asks for one.
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from ..errors import EssayError, UsageError, Warning_, log_warning, os_error_line
from ..options import Options
from .options import (
    FORMATS_HELP,
    STDIO,
    check_lang,
    check_stdout,
    debug_option,
    defaults_for,
    is_debug,
    metadata_option,
    minutes_option,
    options_from,
    parse_formats,
    pullquotes_option,
    render_options,
    write_stdout,
)
from .report import Reporter
from .theme_info import complete_theme

if TYPE_CHECKING:
    from ..prewarm import RenderChild



def _fail(message: str, code: int = 1) -> None:
    """One line on stderr and the exit code. A message that starts with
    where (``essay.md:3: ...``) is printed as it is; others are prefixed
    ``essaykit: ``."""
    first = message.split(" ", 1)[0]
    located = message.startswith("essaykit") or (first.endswith(":") and not first.startswith("-"))
    click.echo(message if located else f"essaykit: {message}", err=True)
    sys.exit(code)


#: Where a bug is reported when the installed package does not say (its
#: ``Issues`` entry of pyproject's project.urls).
ISSUES_URL = "https://github.com/essaykit/essaykit/issues"
#: Exit code of an error that is essaykit's, not the user's (BSD EX_SOFTWARE).
EXIT_BUG = 70
EXIT_INTERRUPTED = 130


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
    raises as click does.

    It also turns every way a command can fail into an exit code and at most
    two lines (see the module docstring): click's usage errors, essaykit's
    errors, Ctrl-C, and any other exception (a bug: a hint to report it and
    ``--debug`` for the traceback)."""

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        if args or kwargs:
            return self.main(*args, **kwargs)
        _exit_on_sigterm()
        _private_tmp()
        try:
            return self.main()
        except SystemExit as exc:
            _leave(exc.code)

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except click.exceptions.Exit:
            raise
        except click.UsageError as exc:
            where = exc.ctx.command_path if exc.ctx is not None else "essaykit"
            click.echo(f"{where}: {exc.format_message()}", err=True)
            click.echo(f"Try '{where} --help' for help.", err=True)
            sys.exit(2)
        except click.ClickException:
            raise
        except KeyboardInterrupt:
            click.echo("essaykit: interrupted", err=True)
            sys.exit(EXIT_INTERRUPTED)
        except UsageError as exc:
            _fail(str(exc), 2)
        except EssayError as exc:
            _fail(str(exc), 1)
        except OSError as exc:
            if exc.errno == errno.EPIPE:
                raise  # click handles a closed pipe
            if is_debug(ctx):
                raise
            _fail(os_error_line(exc, "essaykit"), 1)
        except Exception as exc:
            if is_debug(ctx):
                raise
            click.echo(f"essaykit: internal error: {type(exc).__name__}: {exc}", err=True)
            click.echo(f"This is a bug in essaykit: please report it at {_issues_url()} with the "
                       "output of the same command run with --debug.", err=True)
            sys.exit(EXIT_BUG)


def _issues_url() -> str:
    from importlib.metadata import PackageNotFoundError, metadata

    try:
        for entry in metadata("essaykit").get_all("Project-URL") or []:
            label, _, url = entry.partition(",")
            if label.strip().lower() == "issues":
                return url.strip()
    except PackageNotFoundError:
        pass
    return ISSUES_URL


def _versions(ctx: click.Context, param: click.Parameter, value: bool) -> None:
    """``--version``: essaykit's and the libraries' it renders with (read
    from the installed packages, nothing imported)."""
    if not value or ctx.resilient_parsing:
        return
    import platform
    from importlib.metadata import PackageNotFoundError, version

    from .. import __version__

    def of(dist: str) -> str:
        try:
            return version(dist)
        except PackageNotFoundError:
            return "not installed"

    click.echo(f"essaykit {__version__} (Python {platform.python_version()})")
    click.echo(f"WeasyPrint {of('weasyprint')}, python-pptx {of('python-pptx')}, ebooklib {of('ebooklib')}")
    ctx.exit()


def _exit_on_sigterm() -> None:
    """SIGTERM leaves as an exception would: the ``with`` blocks stop the
    renderer's child process, half-written outputs and the folder of
    documents handed to it are removed (the children also end with this
    process: :func:`essaykit.forked.die_with_parent`)."""
    import signal

    def leave(signum: int, frame: Any) -> None:
        raise SystemExit(128 + signum)

    with contextlib.suppress(ValueError, OSError):  # not the main thread
        signal.signal(signal.SIGTERM, leave)


def _private_tmp() -> None:
    """Every temporary file of this run (essaykit's, WeasyPrint's, its
    children's) goes in one private folder, removed when this process
    leaves, on SIGTERM too: a killed renderer child cannot leave a font
    folder or a pickled essay behind in ``$TMPDIR``."""
    import atexit
    import os
    import shutil
    import tempfile

    try:
        folder = tempfile.mkdtemp(prefix="essaykit-")
    except OSError:
        return  # a full or missing $TMPDIR: each use reports or falls back
    os.environ["TMPDIR"] = tempfile.tempdir = folder
    owner = os.getpid()

    def remove() -> None:
        if os.getpid() == owner:  # not in a forked child that runs atexit
            shutil.rmtree(folder, ignore_errors=True)

    atexit.register(remove)


def _leave(code: Any) -> None:
    import atexit

    if code is not None and not isinstance(code, int):
        print(code, file=sys.stderr)  # what SystemExit("message") prints
    atexit._run_exitfuncs()
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(Exception):
            stream.flush()
    os._exit(code if isinstance(code, int) else (0 if code is None else 1))


@click.group(cls=_Program, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--version", is_flag=True, expose_value=False, is_eager=True, callback=_versions,
              help="Show the versions of essaykit and of the libraries it renders with.")
@debug_option
def main() -> None:
    """Turn essays into a typeset PDF, a valid EPUB 3 and a talk deck."""
    from .. import forked, speedups

    # The command's speed: the dependencies' speed-ups and as many processes as pay.
    speedups.enable()
    forked.set_default_jobs("auto")


#: How an essay read from stdin is named in messages.
STDIN_NAME = "<stdin>"
INPUT_FORMATS = click.Choice(["markdown", "text", "json"])


@main.command()
@click.argument("inputs", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("-t", "--to", "formats", multiple=True, help=FORMATS_HELP)
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path),
    help="Output directory (created), a file for one input and one format, or - for stdout.",
)
@click.option("-f", "--from", "from_format", type=INPUT_FORMATS, default=None,
              help="Input format (default: from the suffix; markdown for stdin).")
@metadata_option
@render_options()
@click.option("-j", "--jobs", type=click.IntRange(min=1), default=None,
              help="Processes: N essays at a time (several inputs), or a long PDF's layout (one).")
@click.option("-q", "--quiet", is_flag=True, help="Print errors only.")
@click.option("-v", "--verbose", is_flag=True, help="Say what is written where.")
@debug_option
def export(
    inputs: tuple[Path, ...],
    formats: tuple[str, ...],
    output: Path | None,
    from_format: str | None,
    metadata: tuple[str, ...],
    defaults_file: Path | None,
    quiet: bool,
    verbose: bool,
    **params: Any,
) -> None:
    """Export essays (Markdown, plain text or JSON; - for stdin) to PDF, EPUB and PPTX."""
    options = options_from(params)
    meta: dict[str, Any] = {}
    if metadata:
        from ..defaults import parse_metadata

        meta = parse_metadata(metadata)
    fmts = parse_formats(formats)
    to_stdout = output is not None and str(output) == STDIO
    named_file = output is not None and not to_stdout and bool(output.suffix) and not output.is_dir()
    if named_file and not formats and len(inputs) == 1:
        # ``-o talk.pptx`` names the format when -t does not.
        implied = output.suffix.lstrip(".").lower()  # type: ignore[union-attr]
        if implied in ("pdf", "epub", "pptx"):
            fmts = [implied]
    _check_inputs(inputs, output, formats, fmts, to_stdout)
    from ..prewarm import renderer_child

    # The PDF's renderer gets ready in a child process while this one reads.
    # Forked before anything else is imported: until the fork, every
    # import here delays the PDF.
    pooled = _pooled(options.jobs, inputs, to_stdout)  # no PDF child then: the pool renders
    rep = Reporter(quiet, verbose)
    with ((renderer_child("pdf") if "pdf" in fmts and not pooled else None) or contextlib.nullcontext()
          as pdf_child, rep.handling()):
        job = _Job(inputs, fmts, None if to_stdout else output, named_file, to_stdout, from_format, options,
                   meta, defaults_file, rep)
        failures = _export(job, pdf_child)
    for message in failures:
        click.echo(message, err=True)
    rep.finish()
    if failures:
        if len(inputs) > 1:
            click.echo(f"essaykit: {len(failures)} of {len(inputs)} inputs failed", err=True)
        sys.exit(EXIT_BUG if job.bugs else 2 if job.refused else 1)


def _check_inputs(inputs: tuple[Path, ...], output: Path | None, given: tuple[str, ...], fmts: list[str],
                  to_stdout: bool) -> None:
    """Usage errors found before any work: a book manifest given to
    ``export``, ``-`` (stdin) among other inputs, ``-o -`` without exactly
    one format, a binary format about to fill a terminal."""
    for src in inputs:
        if src.suffix.lower() == ".toml":
            raise UsageError(f"{src}: a book manifest, not an essay; build it with: essaykit book {src}")
    reads_stdin = any(str(src) == STDIO for src in inputs)
    if reads_stdin and len(inputs) > 1:
        raise UsageError("essaykit: - (stdin) must be the only input")
    if reads_stdin and output is None:
        raise UsageError("essaykit: reading stdin: name the output with -o FILE, -o DIR or -o - (stdout)")
    if not to_stdout:
        return
    if len(inputs) > 1:
        raise UsageError("essaykit: -o - (stdout) takes one input")
    check_stdout(given, fmts)


class _Job:
    """What one ``essaykit export`` was asked to do."""

    def __init__(self, inputs: tuple[Path, ...], fmts: list[str], output: Path | None, named_file: bool,
                 to_stdout: bool, from_format: str | None, options: Options, metadata: dict[str, Any],
                 defaults_file: Path | None, rep: Reporter):
        self.inputs, self.fmts, self.output, self.named_file = inputs, fmts, output, named_file
        self.to_stdout, self.from_format, self.options, self.metadata = to_stdout, from_format, options, metadata
        self.defaults_file, self.rep = defaults_file, rep
        self._defaults: dict[Path, Any] = {}
        self._warned: set[Path] = set()
        #: Inputs that failed through a bug in essaykit (exit code EXIT_BUG).
        self.bugs = 0
        #: Inputs whose outputs essaykit would not write (exit code 2).
        self.refused = 0

    def defaults(self, src: Path) -> Any:
        """The defaults for ``src`` (its warnings given once per file)."""
        folder = Path.cwd() if str(src) == STDIO else src.resolve().parent
        found = defaults_for(self.defaults_file, folder, self._defaults)
        if found.path is not None and found.path not in self._warned:
            self._warned.add(found.path)
            for w in found.warnings:
                log_warning(w)
            self.rep.info(f"defaults: {found.path}")
        return found


def _load(src: Path, from_format: str | None, lang: str | None,
          warn: Callable[[Warning_], None] | None = None) -> Any:
    """An essay from a file, or from stdin for ``-``."""
    from .. import api

    if str(src) != STDIO:
        return api.load(src, format=from_format, lang=lang, warn=warn)
    from ..reader import decode_bytes
    from ..reader.limits import MAX_BYTES

    # Bounded as a file is: an endless pipe (``yes | essaykit export -``) once took 23 GB.
    data = sys.stdin.buffer.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise EssayError(f"file too large (essaykit reads essays up to {MAX_BYTES // 2**20} MB)",
                         path=STDIN_NAME)
    text = decode_bytes(data, STDIN_NAME)
    return api.loads(text, format=from_format or "markdown", path=STDIN_NAME, lang=lang, warn=warn)


def _reading_warn(strict: bool) -> Callable[[Warning_], None]:
    """The reader's warnings: reported like the renderers' (through the
    ``essaykit`` logger, whose handler is the command's Reporter), errors
    under --strict."""

    def warn(w: Warning_) -> None:
        if strict:
            raise EssayError(w.message, path=w.path, line=w.line)
        log_warning(w)

    return warn


def _export(job: _Job, pdf_child: RenderChild | None) -> list[str]:
    """Each input read and rendered to every format, then written; the
    failures, one line each."""
    from .. import api
    from ..defaults import with_metadata

    rep = job.rep
    check_lang(job.options.lang)
    if job.options.theme is not None:
        api.theme_for(job.options.theme)  # an unknown theme before any reading
    if job.named_file and (len(job.inputs) > 1 or len(job.fmts) > 1):
        raise UsageError(f"{job.output}: with several inputs or formats, -o must be a directory")
    for src in job.inputs:
        job.defaults(src)  # a bad essaykit.toml before any reading
    targets: dict[tuple[Path, str], Path] = {}
    # An input whose output essaykit will not write (a folder in its way, a
    # file of another kind): its one line, and the batch goes on.
    refused: dict[Path, str] = {}
    if not job.to_stdout:
        if job.output is not None and not job.named_file:
            _make_folder(job.output)
        # Read from stdin, an essay is named "stdin" in a folder given with -o.
        names = {src: Path("stdin") if str(src) == STDIO else src for src in job.inputs}
        paths = api.output_paths(list(names.values()), job.fmts, job.output)
        targets = {(src, fmt): paths[(names[src], fmt)] for src in job.inputs for fmt in job.fmts}
        real = [s for s in job.inputs if str(s) != STDIO]
        for (src, fmt), target in targets.items():
            try:
                if src not in refused:
                    api.check_target(target, fmt, real)
            except UsageError as exc:
                refused[src] = str(exc)
    job.refused = len(refused)

    if _pooled(job.options.jobs, job.inputs, job.to_stdout):
        from .pool import export_in_pool

        pooled = export_in_pool(job, [src for src in job.inputs if src not in refused])
        return [refused[src] if src in refused else pooled[src] for src in job.inputs
                if src in refused or src in pooled]
    failures: list[str] = []
    for n, src in enumerate(job.inputs, 1):
        name = STDIN_NAME if str(src) == STDIO else str(src)
        if src in refused:
            failures.append(refused[src])
            continue
        rep.status(f"{f'[{n}/{len(job.inputs)}] ' if len(job.inputs) > 1 else ''}{Path(name).name}: "
                   + ", ".join(job.fmts))
        try:
            defaults = job.defaults(src)
            strict = bool(defaults.options.updated(job.options).strict)
            doc = _load(src, job.from_format, job.options.lang, _reading_warn(strict))
            doc = with_metadata(doc, defaults.metadata, override=False)
            doc = with_metadata(doc, job.metadata)
            doc, options, theme = api.resolve(doc, job.options, defaults=defaults.options, warn=log_warning)
            doc = api.prepare(doc, pullquotes=options.pullquotes or "default",
                              typography=options.typography is not False)
            # Render every format before writing any, so a failure in one
            # leaves no half-exported set behind.
            datas = _render_formats(doc, job.fmts, theme, options.render_options(), log_warning, pdf_child)
            if job.to_stdout:
                write_stdout(datas[0])
                continue
            outputs = [(targets[(src, fmt)], data) for fmt, data in zip(job.fmts, datas, strict=True)]
            for target in api.write_all(outputs):  # all of them or none
                rep.info(f"{name} → {target}")
        except UsageError:
            raise
        except EssayError as exc:
            failures.append(str(exc.located(name)))
        except RecursionError:
            failures.append(f"{name}: too deeply nested to convert")
        except OSError as exc:
            if exc.errno == errno.EPIPE:
                raise
            failures.append(os_error_line(exc, name))
        except Exception as exc:  # a bug must not stop the batch: one line, the next essay
            ctx = click.get_current_context(silent=True)
            if ctx is not None and is_debug(ctx):
                raise
            job.bugs += 1
            failures.append(f"{name}: internal error: {type(exc).__name__}: "
                            f"{' '.join(str(exc).split())[:200]} (a bug in essaykit; --debug shows where)")
        finally:
            rep.flush()
    return failures


def _make_folder(folder: Path) -> None:
    """The ``-o`` folder, made if it is not there; an error names it."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except FileExistsError:
        raise EssayError("is a file, not a folder; cannot write into it", path=str(folder)) from None
    except OSError as exc:
        raise EssayError(f"cannot make the output folder: {exc.strerror or exc}", path=str(folder)) from None


def _pooled(jobs: int | str | None, inputs: tuple[Path, ...], to_stdout: bool) -> bool:
    """``--jobs N`` with several inputs: N essays at a time (:mod:`essaykit.cli.pool`);
    with one, N is the number of processes that lay its PDF out."""
    return isinstance(jobs, int) and jobs > 1 and len(inputs) > 1 and not to_stdout


def _render_formats(
    doc: Any, fmts: list[str], theme: Any, options: dict[str, Any], warn: Callable[[Warning_], None],
    pdf_child: RenderChild | None = None,
) -> list[bytes]:
    """The bytes of ``doc`` in each format, in order, as if rendered one
    after the other: each format's warnings in turn, then the first error.

    With a prewarmed PDF process (:func:`essaykit.prewarm.renderer_child`), the PDF is rendered
    there while this process renders the other formats. Their warnings are
    held back and given in format order; the files are the same.
    """
    from .. import api
    from ..prewarm import attempt

    if "pdf" not in fmts or pdf_child is None:
        return [api.render_prepared(doc, fmt, theme, options, warn) for fmt in fmts]
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


@main.command()
@click.argument("input", type=click.Path(path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print the document model as JSON.")
@click.option("--slides", is_flag=True, help="Print the talk-deck plan.")
@click.option("--lang", default=None, help="Language of the essay (BCP 47), overriding detection.")
@pullquotes_option()
@click.option("--raw", is_flag=True, help="Show the model as read, before typography and pull quotes.")
@minutes_option()
@debug_option
def inspect(input: Path, as_json: bool, slides: bool, lang: str | None, pullquotes: str | None,
            raw: bool, minutes: float | None) -> None:
    """Show what essaykit understood of an essay (- reads stdin)."""
    from .. import api

    name = STDIN_NAME if str(input) == STDIO else str(input)
    try:
        doc = _load(input, None, lang)
        if pullquotes is None:  # as export would choose: the front matter's, else the default
            from ..options import front_matter_options

            pullquotes = front_matter_options(doc.meta.extra, None, lambda message: None).pullquotes
        pullquotes = pullquotes or "default"
        if not raw:
            doc = api.prepare(doc, pullquotes=pullquotes)
        if slides:
            from .inspect import describe_slides

            click.echo(describe_slides(doc, Path(name), minutes=minutes, as_json=as_json))
        elif as_json:
            click.echo(doc.to_json(indent=1))
        else:
            from .inspect import describe

            click.echo(describe(doc, pullquotes=pullquotes))
    except UsageError:
        raise
    except EssayError as exc:
        _fail(str(exc.located(name)), 1)


@main.command()
@click.option("--json", "as_json", is_flag=True, help="Machine-readable list.")
@click.option("--show", metavar="NAME", default=None, shell_complete=complete_theme,
              help="Print a theme's resolved settings and CSS tokens (see docs/THEMES.md).")
def themes(as_json: bool, show: str | None) -> None:
    """List the themes essaykit can find (built-in and user themes)."""
    from ..theme import list_themes

    if show is not None:
        from .theme_info import show_theme

        try:
            click.echo(show_theme(show))
        except EssayError as exc:
            _fail(str(exc), 2)
        return

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
