"""Options the ``export`` and ``book`` commands share, defined once so the
two commands cannot drift apart, and turned into one :class:`essaykit.Options`
(the API's) so the command and the library check them alike."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from ..errors import EssayError, OptionError, UsageError
from ..options import ASPECTS, Options
from ..options import PULLQUOTE_MODES as _MODES
from .theme_info import complete_theme

#: The pull-quote modes (see essaykit.transform.pullquotes); every command
#: that prepares a document offers the same choice.
PULLQUOTE_MODES = click.Choice(list(_MODES))

F = TypeVar("F", bound=Callable[..., Any])


def pullquotes_option(help: str = "default: the author's marked pull quotes, else automatic ones."):  # type: ignore[no-untyped-def]
    # No click default: unset lets the front matter and essaykit.toml decide.
    return click.option("--pullquotes", type=PULLQUOTE_MODES, default=None, help=help)


def resource_path_option():  # type: ignore[no-untyped-def]
    """``--resource-path DIR``, repeatable as in pandoc (where pandoc also
    takes ``a:b`` in one value, so do we)."""
    return click.option(
        "--resource-path", "resource_path", multiple=True, metavar="DIR",
        help="A folder where images are looked for (repeatable): relative paths not beside "
             "the essay, and root-relative ones (/img/x.png). Reads stay inside these folders.",
    )


def resource_dirs(values: tuple[str, ...]) -> list[str]:
    """The folders ``--resource-path`` names; one that is not a folder is a usage error."""
    dirs: list[str] = []
    for value in values:
        for part in value.split(os.pathsep):
            if not part.strip():
                continue
            if not Path(part).is_dir():
                raise click.BadParameter(f"{part!r} is not a folder", param_hint="'--resource-path'")
            dirs.append(part)
    return dirs


def minutes_option() -> Callable[[F], F]:
    """``--minutes N``: the talk's slot; the deck is planned for it."""
    return click.option(
        "--minutes", type=click.FloatRange(min=1, max=600), default=None,
        help="Plan the deck as a talk of N minutes (default: the front matter's minutes:, "
             "else a length that suits the essay).",
    )


def render_options(what: str = "essay", pullquotes_help: str | None = None) -> Callable[[F], F]:
    """The options that become an :class:`essaykit.Options` (see
    :func:`options_from`): ``--theme``, ``--page-size`` and the rest."""
    decorators = [
        click.option("--theme", default=None, shell_complete=complete_theme,
                     help="Theme name or folder (see `essaykit themes`)."),
        click.option("--lang", default=None, help=f"Language of the {what} (BCP 47), overriding detection."),
        pullquotes_option(*([pullquotes_help] if pullquotes_help else [])),
        click.option("--page-size", default=None, help="PDF page size: A4, Letter, A5, 6x9in..."),
        click.option("--pdf-variant", default=None, help="PDF variant, e.g. pdf/ua-1 (default), pdf/a-3u, none."),
        click.option("--aspect", type=click.Choice(list(ASPECTS)), default=None, help="Deck aspect ratio."),
        click.option("--template", type=click.Path(path_type=Path, exists=True, dir_okay=False), default=None,
                     help="A .pptx whose slide masters the deck uses."),
        click.option("--toc/--no-toc", default=None, help="PDF title page and contents (default: when long)."),
        minutes_option(),
        click.option("--notes/--no-notes", default=None,
                     help="PDF slides: a page of speaker notes after each slide (a handout)."),
        click.option("--embed-fonts/--no-embed-fonts", default=None,
                     help="Embed the theme's fonts in the .pptx (default: embed)."),
        resource_path_option(),
        click.option("--allow-remote", is_flag=True, default=None, help="Allow fetching images over the network."),
        click.option("--strict", is_flag=True, default=None, help="Treat every warning as an error."),
        click.option("--defaults", "defaults_file", type=click.Path(path_type=Path, dir_okay=False), default=None,
                     help="A TOML file of options (default: the nearest essaykit.toml)."),
    ]

    def apply(func: F) -> F:
        for decorator in reversed(decorators):
            func = decorator(func)
        return func

    return apply


#: The click parameters that are options of :class:`essaykit.Options`.
OPTION_PARAMS = ("theme", "lang", "pullquotes", "page_size", "pdf_variant", "aspect", "template", "toc",
                 "notes", "embed_fonts", "resource_path", "allow_remote", "strict", "minutes", "jobs")


def options_from(params: dict[str, Any]) -> Options:
    """The command line's :class:`essaykit.Options` (what is not given stays
    unset). Pops the parameters it takes from ``params``. A bad value is a
    :class:`UsageError` (exit code 2) naming the flag."""
    given = {name: params.pop(name) for name in OPTION_PARAMS if name in params}
    # A flag not given is unset (False from a flag would hide essaykit.toml's value).
    given = {k: v for k, v in given.items()
             if v is not None and not (v is False and k in ("allow_remote", "strict"))}
    if "template" in given:
        given["template"] = str(given["template"])
    if "resource_path" in given:
        given["resource_path"] = tuple(resource_dirs(given["resource_path"])) or None
        if given["resource_path"] is None:
            del given["resource_path"]
    try:
        options = Options(**given)
    except OptionError as exc:
        name = next((k for k in given if _fails(k, given[k])), None)
        flag = f"--{name.replace('_', '-')}: " if name else ""
        raise OptionError(f"{flag}{exc.message}") from None
    if options.template is not None:
        check_template(Path(options.template))
    return options


def check_lang(lang: str | None) -> None:
    """``--lang`` must be a language tag: a usage error before any reading
    (called once the PDF process has started: the language table is big)."""
    if lang is None:
        return
    from ..lang import normalize_tag

    if normalize_tag(lang) is None:
        raise OptionError(f"--lang: {lang!r} is not a language tag (try 'fr' or 'pt-BR')")


def _fails(name: str, value: Any) -> bool:
    try:
        Options(**{name: value})
    except OptionError:
        return True
    return False


def check_template(path: Path) -> None:
    """A deck template must be a PowerPoint file, checked before any work
    (``--template notes.md`` is a usage error, not a traceback)."""
    import zipfile

    try:
        with zipfile.ZipFile(path) as zf:
            ok = "ppt/presentation.xml" in zf.namelist()
    except (OSError, zipfile.BadZipFile):
        ok = False
    if not ok:
        raise OptionError(f"--template: {os.fspath(path)} is not a PowerPoint file (.pptx or .potx)")


def is_debug(ctx: click.Context) -> bool:
    return bool(ctx.meta.get("essaykit.debug")) or os.environ.get("ESSAYKIT_DEBUG", "") not in ("", "0")


def _set_debug(ctx: click.Context, param: click.Parameter, value: bool) -> None:
    if value:
        ctx.find_root().meta["essaykit.debug"] = True


def debug_option(func: Any) -> Any:
    """``--debug``: an unexpected error shows its traceback (on the group
    and on every command, so it may come anywhere on the line)."""
    return click.option("--debug", is_flag=True, expose_value=False, is_eager=True, callback=_set_debug,
                        help="Show the traceback of an unexpected error (to report a bug).")(func)


def parse_formats(values: tuple[str, ...]) -> list[str]:
    from ..renderers.registry import renderer_names

    names: list[str] = []
    for value in values or ("pdf,epub,pptx",):
        for part in value.split(","):
            part = part.strip().lower()
            if not part:
                continue
            if part not in renderer_names():
                raise click.BadParameter(
                    f"unknown format {part!r} (known: {', '.join(renderer_names())})",
                    param_hint="'-t'",
                )
            if part not in names:
                names.append(part)
    return names


def defaults_for(explicit: Path | None, folder: Path, cache: dict[Path, Any]) -> Any:
    """The :class:`essaykit.defaults.Defaults` for an essay in ``folder``:
    ``--defaults FILE`` when given, else the nearest ``essaykit.toml`` (read
    once per file; ``cache`` keeps them for a batch)."""
    from ..defaults import Defaults, find_defaults, read_defaults

    path = explicit if explicit is not None else find_defaults(folder)
    if path is None:
        return Defaults()
    key = path.resolve()
    if key not in cache:
        if explicit is not None and not path.is_file():
            raise UsageError(f"--defaults: {path}: no such file")
        cache[key] = read_defaults(path)
    return cache[key]


FORMATS_HELP = ("Output formats, repeatable or comma-separated: pdf, epub, pptx (default: all three), "
                "or slides (the deck as a PDF, NAME.slides.pdf).")

#: ``-`` as an input (stdin) or as ``-o`` (stdout), as pandoc takes it.
STDIO = "-"


def check_stdout(given: tuple[str, ...], fmts: list[str]) -> None:
    """``-o -`` (stdout) needs exactly one format named with ``-t``, and a binary format
    goes to a pipe or a file, never to a terminal."""
    import sys

    if not given or len(fmts) != 1:
        raise UsageError("essaykit: -o - (stdout) needs exactly one format: add -t pdf, -t epub or -t pptx")
    from ..renderers.registry import get_renderer

    if get_renderer(fmts[0]).binary and is_terminal(sys.stdout):
        raise UsageError(f"essaykit: refusing to write a binary {fmts[0].upper()} to the terminal; "
                         f"redirect it (> out{get_renderer(fmts[0]).suffix}) or pipe it")


def write_stdout(data: bytes | Any) -> None:
    """``data`` (bytes, or a binary file to copy) on stdout. A failed write
    (``> /dev/full``) is an error naming stdout, not the temporary folder, and
    leaves nothing buffered for the exit to retry; a closed pipe stays EPIPE."""
    import errno
    import shutil
    import sys

    out = sys.stdout.buffer
    try:
        if isinstance(data, bytes):
            out.write(data)
        else:
            shutil.copyfileobj(data, out)
        out.flush()
    except OSError as exc:
        if exc.errno == errno.EPIPE:
            raise
        try:  # what the failed write left buffered goes nowhere at exit
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
            os.close(devnull)
        except (OSError, ValueError):
            pass
        raise EssayError(f"cannot write: {exc.strerror or exc}", path="<stdout>") from None


def is_terminal(stream: Any) -> bool:
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError):
        return False


def metadata_option(func: Any) -> Any:
    """``-M/--metadata KEY=VALUE``, repeatable, as pandoc takes it."""
    return click.option("-M", "--metadata", "metadata", multiple=True, metavar="KEY=VALUE",
                        help="Set a metadata field (title, author, date, lang...) over the front matter; "
                             "repeatable.")(func)
