"""The options of rendering: one frozen dataclass for the API and the command.

Why one place: ``render``, ``export`` and ``build_book`` take the names the
command's flags, the front matter and ``essaykit.toml`` use, so a misspelt
name is a :class:`TypeError` and a bad value a :class:`ValueError` listing
what is allowed, wherever it comes from. ``None`` means "not set": layers
are stacked with :meth:`Options.updated`, command line over front matter over
defaults file; what is still unset falls to the theme, then to the built-in.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypedDict, TypeVar

from .errors import OptionError, UnknownOptionError, UsageError

if TYPE_CHECKING:
    from .theme import Theme

__all__ = [
    "ASPECTS", "EPUB_SPLITS", "FRONT_MATTER_KEYS", "HELP", "OptionArgs", "Options", "PDF_VARIANTS",
    "PULLQUOTE_MODES", "call_options", "front_matter_options", "option_name", "with_option_params",
]

PULLQUOTE_MODES = ("default", "auto", "marked", "none")
ASPECTS = ("16:9", "4:3")
EPUB_SPLITS = ("auto", "always", "never")
#: WeasyPrint's variants (the PDF renderer checks again against the installed
#: version) and ``none`` for an untagged PDF.
PDF_VARIANTS = (
    "pdf/ua-1", "pdf/ua-2", "pdf/a-1a", "pdf/a-1b", "pdf/a-2a", "pdf/a-2b", "pdf/a-2u", "pdf/a-3a",
    "pdf/a-3b", "pdf/a-3u", "pdf/a-4e", "pdf/a-4f", "pdf/a-4u", "pdf/x-1a", "pdf/x-3", "pdf/x-4",
    "pdf/x-5g", "debug", "none",
)


@dataclass(frozen=True, kw_only=True)
class Options:
    """Every option of ``render``, ``export`` and ``build_book`` (and of the
    command, which builds one from its flags). ``None``: not set."""

    theme: str | os.PathLike[str] | Theme | None = None
    lang: str | None = None
    pullquotes: str | None = None
    typography: bool | None = None
    page_size: str | None = None
    pdf_variant: str | None = None
    aspect: str | None = None
    template: str | os.PathLike[str] | None = None
    toc: bool | None = None
    toc_sections: bool | None = None
    drop_cap: bool | None = None
    minutes: float | None = None
    epub_split: str | None = None
    epub_split_chars: int | None = None
    deck_settings: Mapping[str, Any] | None = None
    notes: bool | None = None
    resource_path: tuple[str, ...] | None = None
    embed_fonts: bool | None = None
    jobs: int | str | None = None
    allow_remote: bool | None = None
    strict: bool | None = None
    debug_css: bool | None = None

    def __post_init__(self) -> None:
        if self.resource_path is not None:  # one folder, or a list, as pandoc users write them
            object.__setattr__(self, "resource_path", _coerce("resource_path", self.resource_path))
        for name, value in self.set_fields().items():
            _CHECKS[name](value)

    @classmethod
    def names(cls) -> tuple[str, ...]:
        return tuple(f.name for f in fields(cls))

    @classmethod
    def from_kwargs(cls, kwargs: Mapping[str, Any], caller: str = "Options") -> Options:
        """An ``Options`` from keyword arguments; an unknown name is a
        :class:`TypeError` naming it (and the closest known name)."""
        for key in kwargs:
            if key not in _NAMES:
                raise UnknownOptionError(f"{caller}() got an unexpected keyword argument {key!r}{_did_you_mean(key)}")
        return cls(**kwargs)

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any], *, keys: frozenset[str] | None = None,
                     base: Path | None = None) -> tuple[Options, list[str], list[str]]:
        """Options from a file's table (``page-size`` or ``page_size``; text
        such as ``"true"`` or ``"2"`` read as what the option takes).
        Returns the options, the keys not known, and one message per value
        that does not fit (left unset). ``keys`` limits which are taken;
        relative ``theme``/``template`` paths are resolved against ``base``."""
        values: dict[str, Any] = {}
        unknown: list[str] = []
        problems: list[str] = []
        for raw_key, raw in data.items():
            name = option_name(str(raw_key))
            if name not in _NAMES or (keys is not None and name not in keys):
                unknown.append(str(raw_key))
                continue
            if raw is None:
                continue
            try:
                value = _coerce(name, raw)
                if name in ("theme", "template") and base is not None:
                    value = _relative_to(value, base)
                if name == "resource_path" and base is not None and isinstance(value, tuple):
                    value = tuple(str(base / Path(v).expanduser()) if isinstance(v, str) else v for v in value)
                _CHECKS[name](value)
            except UsageError as exc:
                problems.append(f"{raw_key}: {exc.message}")
                continue
            values[name] = value
        return cls(**values), unknown, problems

    def set_fields(self) -> dict[str, Any]:
        """The options that are set, by name."""
        return {f.name: getattr(self, f.name) for f in fields(self) if getattr(self, f.name) is not None}

    def updated(self, other: Options | None) -> Options:
        """These options with every option ``other`` sets on top."""
        return replace(self, **other.set_fields()) if other is not None else self

    def render_options(self) -> dict[str, Any]:
        """What a renderer's context holds (``ctx.option(name)``): the set
        options but the theme, which the context holds itself."""
        out = self.set_fields()
        out.pop("theme", None)
        if "deck_settings" in out:
            out["deck"] = out.pop("deck_settings")  # what the deck renderer reads
        if "template" in out:
            out["template"] = os.fspath(out["template"])
        return out


class OptionArgs(TypedDict, total=False):
    """The keyword arguments ``render``, ``export`` and ``build_book`` take:
    the fields of :class:`Options` but ``theme``, a parameter of its own (a
    test keeps the two the same)."""

    lang: str | None
    pullquotes: str | None
    typography: bool | None
    page_size: str | None
    pdf_variant: str | None
    aspect: str | None
    template: str | os.PathLike[str] | None
    toc: bool | None
    toc_sections: bool | None
    drop_cap: bool | None
    minutes: float | None
    epub_split: str | None
    epub_split_chars: int | None
    deck_settings: Mapping[str, Any] | None
    notes: bool | None
    resource_path: tuple[str, ...] | None
    embed_fonts: bool | None
    jobs: int | str | None
    allow_remote: bool | None
    strict: bool | None
    debug_css: bool | None


#: What each option does (the README's table and ``--help`` say the same).
HELP: dict[str, str] = {
    "theme": "theme name or folder (default: classic)",
    "lang": "language of the essay, a BCP 47 tag such as fr or pt-BR (default: detected)",
    "pullquotes": "default (the author's, else chosen), auto, marked or none",
    "typography": "smart quotes, dashes and spaces (default: true)",
    "page_size": "PDF page size: A4, A5, Letter, 6x9in or WxHmm (default: the theme's)",
    "pdf_variant": "pdf/ua-1 (default), pdf/a-3u, ... or none",
    "aspect": "deck aspect ratio: 16:9 (default) or 4:3",
    "template": "a .pptx or .potx whose slide masters the deck uses",
    "toc": "PDF title page and contents: true, false (default: when there are many sections)",
    "toc_sections": "a book's contents list each chapter's sections too",
    "drop_cap": "a drop cap on the PDF's first paragraph",
    "minutes": "the length of the talk in minutes, for the deck",
    "epub_split": "EPUB files per section: auto (default), always or never",
    "epub_split_chars": "the length above which epub_split=auto splits",
    "deck_settings": "the deck planner's settings (max_bullets, max_words, ...)",
    "notes": "PDF slides: a page of speaker notes after each slide (a handout)",
    "resource_path": "folders where images are looked for",
    "embed_fonts": "embed the deck's fonts in the .pptx (default: true)",
    "jobs": "processes a call may use: 1 (the library's default: no fork), a number, or auto (the command's)",
    "allow_remote": "fetch remote images (default: false)",
    "strict": "treat every warning as an error",
    "debug_css": "show WeasyPrint's CSS notes as warnings",
}

#: What front matter may set (``page-size: Letter``): how the essay is to be
#: dressed. Not what reaches beyond its folder or this run (the network,
#: processes, strictness); ``lang`` is read as metadata.
FRONT_MATTER_KEYS = frozenset({
    "theme", "pullquotes", "typography", "page_size", "pdf_variant", "aspect", "template", "toc",
    "toc_sections", "drop_cap", "minutes", "epub_split", "epub_split_chars", "deck_settings",
    "embed_fonts",
})


def option_name(key: str) -> str:
    """``page-size``, ``Page_Size`` → ``page_size``."""
    return key.strip().lower().replace("-", "_")


def front_matter_options(extra: Mapping[str, Any], base: Path | None,
                         warn: Callable[[str], None]) -> Options:
    """The output options an essay's front matter sets (``theme:``,
    ``page-size:``...; keys essaykit does not know are metadata, not
    options). A value that does not fit is a warning and left unset: front
    matter is often written for a blog engine too."""
    chosen = {k: v for k, v in extra.items() if option_name(str(k)) in FRONT_MATTER_KEYS}
    if not chosen:
        return Options()
    opts, _unknown, problems = Options.from_mapping(chosen, keys=FRONT_MATTER_KEYS, base=base)
    for message in problems:
        warn(f"front matter: {message}; ignored")
    for name in ("theme", "template"):
        value = getattr(opts, name)
        if isinstance(value, str) and base is not None and Path(value).is_absolute():
            try:
                Path(value).resolve().relative_to(base.resolve())
            except ValueError:
                # The essay reaches only into its own folder (as its images do).
                warn(f"front matter: {name} {value!r} is outside the essay's folder; ignored")
                opts = replace(opts, **{name: None})
    return opts


F = TypeVar("F", bound=Callable[..., Any])


def with_option_params(func: F) -> F:
    """Show every option as a keyword parameter in ``help(func)`` and
    ``inspect.signature(func)``, in place of ``**options``."""
    import inspect

    sig = inspect.signature(func)
    params = [p for p in sig.parameters.values() if p.kind is not inspect.Parameter.VAR_KEYWORD]
    taken = {p.name for p in params}
    annotations = Options.__annotations__
    params += [inspect.Parameter(name, inspect.Parameter.KEYWORD_ONLY, default=None, annotation=annotations[name])
               for name in _NAMES if name not in taken]
    func.__signature__ = sig.replace(parameters=params)  # type: ignore[attr-defined]
    return func


# -- checks and coercion --------------------------------------------------------

def _did_you_mean(key: str) -> str:
    import difflib

    close = difflib.get_close_matches(key, _NAMES, n=1)
    return f" (did you mean {close[0]!r}?)" if close else ""


def _choice(name: str, allowed: tuple[str, ...], what: str) -> Callable[[Any], None]:
    def check(value: Any) -> None:
        if not isinstance(value, str) or value.strip().lower() not in allowed:
            raise OptionError(f"unknown {what} {value!r} (allowed: {', '.join(allowed)})")
    return check


def _flag(name: str) -> Callable[[Any], None]:
    def check(value: Any) -> None:
        if not isinstance(value, bool):
            raise OptionError(f"{name} must be true or false, not {value!r}")
    return check


def _number(name: str, kind: type, minimum: float) -> Callable[[Any], None]:
    def check(value: Any) -> None:
        ok = isinstance(value, (int, float) if kind is float else int) and not isinstance(value, bool)
        if not ok or value < minimum:
            what = "a whole number" if kind is int else "a number"
            raise OptionError(f"{name} must be {what} of at least {minimum:g}, not {value!r}")
    return check


def _jobs(value: Any) -> None:
    if value != "auto":
        _number("jobs", int, 1)(value)


def _text(name: str) -> Callable[[Any], None]:
    def check(value: Any) -> None:
        if not isinstance(value, str) or not value.strip():
            raise OptionError(f"{name} must be text, not {value!r}")
    return check


def _page_size(value: Any) -> None:
    from .pages import page_size

    if not isinstance(value, str):
        raise OptionError(f"page size must be text such as 'A4', not {value!r}")
    try:
        page_size(value)
    except UsageError as exc:
        raise OptionError(exc.message) from None


def _theme(value: Any) -> None:
    if not (isinstance(value, (str, os.PathLike)) or hasattr(value, "lineage")) or value == "":
        raise OptionError(f"theme must be a theme's name, a folder or a Theme, not {value!r}")


def _template(value: Any) -> None:
    if not isinstance(value, (str, os.PathLike)) or Path(value).suffix.lower() not in (".pptx", ".potx"):
        raise OptionError(f"deck template {os.fspath(value) if isinstance(value, os.PathLike) else value!r} "
                          "is not a PowerPoint file (allowed: a .pptx or .potx file)")


def _folders(value: Any) -> None:
    if not isinstance(value, tuple) or not all(isinstance(v, (str, os.PathLike)) for v in value):
        raise OptionError(f"resource_path must be a tuple of folders, not {value!r}")


def _mapping(value: Any) -> None:
    if not isinstance(value, Mapping):
        raise OptionError(f"deck settings must be a table of names and values, not {value!r}")


_CHECKS: dict[str, Callable[[Any], None]] = {
    "theme": _theme,
    "lang": _text("lang"),
    "pullquotes": _choice("pullquotes", PULLQUOTE_MODES, "pull-quote mode"),
    "typography": _flag("typography"),
    "page_size": _page_size,
    "pdf_variant": _choice("pdf_variant", PDF_VARIANTS, "PDF variant"),
    "aspect": _choice("aspect", ASPECTS, "aspect ratio"),
    "template": _template,
    "toc": _flag("toc"),
    "toc_sections": _flag("toc_sections"),
    "drop_cap": _flag("drop_cap"),
    "minutes": _number("minutes", float, 1),
    "epub_split": _choice("epub_split", EPUB_SPLITS, "EPUB split"),
    "epub_split_chars": _number("epub_split_chars", int, 1),
    "deck_settings": _mapping,
    "notes": _flag("notes"),
    "resource_path": _folders,
    "embed_fonts": _flag("embed_fonts"),
    "jobs": _jobs,
    "allow_remote": _flag("allow_remote"),
    "strict": _flag("strict"),
    "debug_css": _flag("debug_css"),
}
_NAMES = tuple(f.name for f in fields(Options))
assert set(_CHECKS) == set(_NAMES) == set(HELP)

_TRUE = {"true", "yes", "on", "1"}
_FALSE = {"false", "no", "off", "0"}


def _coerce(name: str, value: Any) -> Any:
    """A value as read from text (``-M``, front matter, TOML) in the type the
    option takes; left as it is when it does not read as one."""
    if name == "resource_path":
        items = [value] if isinstance(value, (str, os.PathLike)) else value
        return tuple(os.fspath(v) if isinstance(v, os.PathLike) else v for v in items) \
            if isinstance(items, (list, tuple)) else value
    check = _CHECKS[name]
    kind = check.__qualname__.split(".")[0]
    if isinstance(value, str):
        text = value.strip()
        if kind == "_flag":
            low = text.lower()
            return True if low in _TRUE else False if low in _FALSE else value
        if kind == "_number":
            try:
                return int(text) if name != "minutes" or text.isdigit() else float(text)
            except ValueError:
                return value
        if kind == "_choice":
            return text.lower()
        if kind == "_jobs":
            return int(text) if text.isdigit() else text.lower()
        return text
    if kind == "_choice" and isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    return value


def _relative_to(value: Any, base: Path) -> Any:
    """A theme or template named as a path, relative to the file that named
    it; a theme's bare name stays a name."""
    text = os.fspath(value) if isinstance(value, (str, os.PathLike)) else None
    if text is None or ("/" not in text and os.sep not in text and not text.endswith((".pptx", ".potx"))):
        return value
    path = Path(text).expanduser()
    return str(path if path.is_absolute() else base / path)


def call_options(options: Options | None, kwargs: dict[str, Any], caller: str,
                 theme: Any = None) -> Options:
    """The options a call of ``caller`` gives: ``options=``, its keyword arguments on
    top (checked by name and value), then ``theme`` (a name, folder or Theme)."""
    opts = (options or Options()).updated(Options.from_kwargs(kwargs, caller))
    if theme is not None:
        opts = opts.updated(Options(theme=theme))
    return opts
