"""The library API: load → prepare → render → export.

Kept free of heavy imports: renderers import WeasyPrint, python-pptx or
ebooklib only when asked to render, so ``import essaykit`` is cheap.
"""

from __future__ import annotations

import contextlib
import errno
import os
import secrets
import stat
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any, Unpack

from .errors import EssayError, OptionError, UsageError, WarnFn, Warning_, log_warning
from .options import OptionArgs, Options, call_options, with_option_params
from .renderers.base import RenderContext
from .renderers.registry import get_renderer, renderer_names
from .theme import Theme, load_theme

if TYPE_CHECKING:
    from .model import Document

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
        warn_fn=warn or log_warning,
    )


def resolve(doc: Document, options: Options | None = None, *, defaults: Options | None = None,
            warn: WarnFn | None = None) -> tuple[Document, Options, Theme]:
    """The options that hold for ``doc``, in the one precedence: ``options``
    (the command line) over the essay's front matter over ``defaults`` (an
    ``essaykit.toml``); what is left unset falls to the theme, then to the
    built-in. Returns the document (in the language chosen), the options and
    the loaded theme. A front-matter value that does not fit is a warning
    (front matter is often a blog engine's too); a bad value given here is an
    :class:`~essaykit.errors.OptionError`."""
    from dataclasses import replace as _replace

    from .options import front_matter_options

    explicit = options or Options()
    warn = warn or log_warning
    base = Path(doc.source).resolve().parent if doc.source else None
    strict = bool((defaults or Options()).updated(explicit).strict)

    def note(message: str) -> None:
        if strict:
            raise EssayError(message, path=doc.source)
        warn(Warning_(message, doc.source))

    front = front_matter_options(doc.meta.extra, base, note)
    chosen = (defaults or Options()).updated(front).updated(explicit)
    lang = explicit.lang or (
        defaults.lang if defaults is not None and doc.meta.language_source not in ("frontmatter", "option")
        else None)
    if lang:
        from .lang import normalize_tag

        tag = normalize_tag(lang)
        if tag is None:
            raise OptionError(f"language {lang!r} is not a language tag (try 'fr' or 'pt-BR')")
        if tag != doc.meta.language:
            doc = doc.replace(meta=_replace(doc.meta, language=tag, language_source="option"))
    if explicit.theme is None and front.theme is not None:
        try:
            return doc, chosen, load_theme(front.theme)
        except EssayError as exc:
            note(f"front matter: {exc.message}; ignored")
            chosen = _replace(chosen, theme=defaults.theme if defaults is not None else None)
    return doc, chosen, theme_for(chosen.theme)


def theme_for(theme: str | os.PathLike[str] | Theme | None) -> Theme:
    """The theme named; one that is not found is an :class:`OptionError`
    listing the known ones (a broken theme file stays an input error)."""
    try:
        return load_theme(theme)
    except OptionError:
        raise
    except EssayError as exc:
        if exc.path is None and "not found" in exc.message:
            raise OptionError(exc.message) from None
        raise


@with_option_params
def render(
    doc: Document,
    fmt: str,
    theme: str | os.PathLike[str] | Theme | None = None,
    *,
    options: Options | None = None,
    defaults: Options | None = None,
    prepared: bool = False,
    warn: WarnFn | None = None,
    **kwargs: Unpack[OptionArgs],
) -> bytes:
    """The bytes of ``doc`` in format ``fmt`` ("pdf", "epub", "pptx" or any
    registered renderer). Runs :func:`prepare` first unless ``prepared``.

    Options come as keyword arguments (``page_size="Letter"``), as an
    :class:`~essaykit.Options` (``options=``), or both (the keywords win);
    the essay's front matter fills what they leave unset, then ``defaults``
    (see :func:`resolve`). An unknown option is a :class:`TypeError`, a bad
    value a :class:`ValueError` (:class:`~essaykit.errors.OptionError`)."""
    opts = call_options(options, dict(kwargs), "render", theme)
    get_renderer(fmt)  # an unknown format before anything else
    doc, opts, theme_obj = resolve(doc, opts, defaults=defaults, warn=warn)
    if not prepared:
        doc = prepare(doc, pullquotes=opts.pullquotes or "default", typography=opts.typography is not False)
    return render_prepared(doc, fmt, theme_obj, opts.render_options(), warn)


def render_prepared(doc: Document, fmt: str, theme: str | os.PathLike[str] | Theme | None,
                    options: dict[str, Any], warn: WarnFn | None = None) -> bytes:
    """A prepared document in ``fmt``, with the renderer context's options
    as given (no checks, no front matter): how the command and the book
    builder render, once :func:`resolve` is done for the essay."""
    return get_renderer(fmt).render(doc, _context(doc, theme, options, warn))


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to a temporary file beside ``path`` and rename it into
    place: a failure leaves the previous file intact and no partial one. An
    existing file keeps its mode (0600 stays 0600); a new one gets the
    umask's."""
    write_all([(path, data)])


def write_all(items: Iterable[tuple[Path, bytes]]) -> list[Path]:
    """Every ``(path, data)`` written, or none: each is checked (a folder
    where a file should go is an error naming it) and written beside its
    place first, then all are renamed into place. Should a rename still
    fail, the error says which files were written. Returns the paths."""
    items = [(Path(p), d) for p, d in items]
    for path, _ in items:
        if path.is_dir():
            raise IsADirectoryError(errno.EISDIR, "is a folder, not a file; cannot write there", str(path))
    temps: list[tuple[str, Path]] = []
    try:
        for path, data in items:
            temps.append((_write_beside(path, data), path))
    except BaseException:
        for tmp, _ in temps:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
        raise
    done: list[Path] = []
    for i, (tmp, path) in enumerate(temps):
        try:
            os.replace(tmp, path)
        except BaseException as exc:
            for rest, _ in temps[i:]:
                with contextlib.suppress(OSError):
                    os.unlink(rest)
            if done and isinstance(exc, OSError):
                raise EssayError(f"cannot write: {exc.strerror or exc}; already written: "
                                 + ", ".join(map(str, done)), path=str(path)) from None
            if isinstance(exc, OSError) and exc.errno is not None:  # named by its place, not the temporary
                raise OSError(exc.errno, exc.strerror or str(exc), str(path)) from None
            raise
        done.append(path)
    return done


def _write_beside(path: Path, data: bytes) -> str:
    """A temporary file beside ``path`` holding ``data``, with the mode the
    file at ``path`` has (or the umask's for a new one). An error names
    ``path`` (not the temporary file, nor nothing: a full disk's write)."""
    try:
        return _write_temp(path, data)
    except OSError as exc:
        named = exc.filename is not None and not Path(exc.filename).name.endswith(".tmp")
        if exc.errno is None or named:
            raise
        raise OSError(exc.errno, exc.strerror or str(exc), str(path)) from None


def _write_temp(path: Path, data: bytes) -> str:
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        mode: int | None = stat.S_IMODE(os.stat(path).st_mode)
    except OSError:
        mode = None
    for _ in range(100):
        tmp = str(path.parent / f".{path.name}.{secrets.token_hex(6)}.tmp")
        try:
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600 if mode is not None else 0o666)
            break
        except FileExistsError:
            continue
    else:
        raise FileExistsError(errno.EEXIST, "no free temporary name", str(path.parent))
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            if mode is not None:
                os.fchmod(fh.fileno(), mode)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    return tmp


_KIND = {"pdf": "a PDF", "slides": "a PDF", "epub": "an EPUB", "pptx": "a deck"}


def check_target(path: Path, fmt: str, inputs: Iterable[Path] = ()) -> None:
    """Never overwrite what essaykit did not write: an output path that is
    an input, a folder, or an existing file whose suffix names another
    format (``-t pdf -o notes.md``) is a :class:`UsageError`."""
    if any(path.resolve() == Path(src).resolve() for src in inputs):
        raise UsageError(f"{path}: output would overwrite the input")
    if path.is_dir():
        raise UsageError(f"{path}: is a folder; name a file, or give the folder with -o to write into it")
    suffix = get_renderer(fmt).suffix
    # What the file is, by its last suffix: a .slides.pdf may replace a .pdf.
    if path.exists() and path.suffix.lower() != Path("x" + suffix).suffix.lower():
        what = _KIND.get(fmt, f"a {fmt} file")
        raise UsageError(f"{path}: exists and is not {what}; essaykit overwrites only {suffix} files "
                         f"(choose a name ending in {suffix})")


@with_option_params
def export(
    doc: Document,
    path: str | os.PathLike[str],
    fmt: str | None = None,
    theme: str | os.PathLike[str] | Theme | None = None,
    *,
    options: Options | None = None,
    defaults: Options | None = None,
    warn: WarnFn | None = None,
    **kwargs: Unpack[OptionArgs],
) -> Path:
    """Render ``doc`` and write it atomically to ``path`` (format from the
    suffix unless ``fmt`` names it). Returns the path written. Options as
    for :func:`render`; a path that is the input, or an existing file of
    another kind, is refused (:class:`UsageError`)."""
    out = Path(path)
    if fmt is None:
        fmt = out.suffix.lstrip(".").lower()
        if fmt not in renderer_names():
            raise UsageError(f"{out}: cannot tell the format from the suffix; name it")
    opts = call_options(options, dict(kwargs), "export", theme)
    check_target(out, fmt, [Path(doc.source)] if doc.source else [])
    data = render(doc, fmt, options=opts, defaults=defaults, warn=warn)
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
    sources = {src.resolve(): src for src in inputs}
    for (src, _fmt), target in result.items():
        key = target.resolve()
        if key == src.resolve():
            raise UsageError(f"{target}: output would overwrite the input")
        if key in sources:  # another input is (a link to) this output
            raise UsageError(f"{target}: output would overwrite the input {sources[key]}")
        if key in seen and seen[key] != src:
            raise UsageError(f"{target}: two inputs would write the same output ({seen[key].name}, {src.name})")
        seen[key] = src
    return result


__all__ = [
    "EssayError",
    "OptionError",
    "Options",
    "UsageError",
    "check_target",
    "export",
    "load",
    "loads",
    "output_paths",
    "prepare",
    "render",
    "render_prepared",
    "resolve",
    "theme_for",
    "write_all",
    "write_atomic",
]
