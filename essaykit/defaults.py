"""Defaults files (``essaykit.toml``, ``--defaults FILE``) and metadata given
from outside the essay (``-M key=value``).

Why a file: options a writer wants on every essay of a blog (its theme, its
page size) belong beside the essays, not in every command. The nearest
``essaykit.toml`` in the essay's folder or its parents counts, up to the
filesystem root or the root of the repository the essay is in. Its options
come under the front matter's, which come under the command line's.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from dataclasses import replace as _replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .errors import EssayError, OptionError, UsageError, Warning_, deep_nesting_line
from .options import Options

if TYPE_CHECKING:
    from .model import Document

__all__ = ["DEFAULTS_NAME", "Defaults", "find_defaults", "parse_metadata", "read_defaults", "with_metadata"]

DEFAULTS_NAME = "essaykit.toml"
#: A folder holding one of these is a repository's root: the search stops there.
VCS_MARKERS = (".git", ".hg", ".svn", ".bzr", ".jj", "_darcs", ".fossil")


@dataclass(frozen=True)
class Defaults:
    """What a defaults file says: options, metadata (its ``[metadata]``
    table) and warnings about keys essaykit does not know."""

    path: Path | None = None
    options: Options = field(default_factory=Options)
    metadata: Mapping[str, Any] = field(default_factory=dict)
    warnings: tuple[Warning_, ...] = ()


def find_defaults(start: Path) -> Path | None:
    """The nearest ``essaykit.toml`` in ``start`` (a folder) or its parents,
    stopping after the filesystem root or a repository's root."""
    folder = start.resolve()
    for here in (folder, *folder.parents):
        candidate = here / DEFAULTS_NAME
        if candidate.is_file():
            return candidate
        if any((here / marker).exists() for marker in VCS_MARKERS):
            return None
    return None


def read_defaults(path: Path) -> Defaults:
    """A defaults file read and checked: a bad value or bad TOML is a
    :class:`UsageError` naming the file and line; an unknown key a warning."""
    import tomllib  # only to read a file (``-M`` imports this module before the PDF process starts)

    name = str(path)
    try:
        text = path.read_text("utf-8")
    except OSError as exc:
        raise UsageError(f"cannot read defaults: {exc.strerror or exc}", path=name) from None
    except UnicodeDecodeError:
        raise UsageError("not UTF-8 text", path=name) from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        line = getattr(exc, "lineno", None) or _line_of_error(str(exc))
        raise UsageError(f"not valid TOML: {str(exc).split(' (at')[0]}", path=name, line=line) from None
    except RecursionError:
        raise UsageError("not valid TOML: nested too deeply", path=name, line=deep_nesting_line(text)) from None
    metadata = data.pop("metadata", {})
    if not isinstance(metadata, dict):
        raise UsageError("'metadata' must be a table ([metadata])", path=name, line=_line_of(text, "metadata"))
    options, unknown, problems = Options.from_mapping(data, base=path.parent)
    if problems:
        key = problems[0].split(":", 1)[0]
        raise UsageError(problems[0], path=name, line=_line_of(text, key))
    warnings = tuple(Warning_(f"unknown option {key!r}, ignored{_hint(key)}", name, _line_of(text, key))
                     for key in unknown)
    if options.theme is not None:
        from .api import theme_for

        try:
            theme_for(options.theme)
        except EssayError as exc:
            raise UsageError(exc.message, path=name, line=_line_of(text, "theme")) from None
    return Defaults(path=path, options=options, metadata=metadata, warnings=warnings)


def _hint(key: str) -> str:
    import difflib

    from .options import HELP

    close = difflib.get_close_matches(key.lower().replace("_", "-"), [k.replace("_", "-") for k in HELP], n=1)
    return f" (did you mean {close[0]!r}?)" if close else " (metadata goes under [metadata])"


def _line_of(text: str, key: str) -> int | None:
    pattern = re.compile(rf"^\s*[\"']?{re.escape(key)}[\"']?\s*=|^\s*\[{re.escape(key)}\]", re.M)
    m = pattern.search(text)
    return text.count("\n", 0, m.start()) + 1 if m else None


def _line_of_error(message: str) -> int | None:
    m = re.search(r"line (\d+)", message)
    return int(m.group(1)) if m else None


def parse_metadata(pairs: Iterable[str]) -> dict[str, Any]:
    """``-M key=value`` pairs as a mapping (``-M draft`` alone is true;
    ``true``/``false`` are booleans; a repeated key makes a list, as
    ``-M author=A -M author=B``)."""
    out: dict[str, Any] = {}
    for pair in pairs:
        key, sep, raw = pair.partition("=")
        key = key.strip()
        if not key:
            raise OptionError(f"-M {pair!r}: write key=value")
        value: Any = True if not sep else {"true": True, "false": False}.get(raw.strip().lower(), raw)
        if key in out:
            previous = out[key]
            out[key] = [*previous, value] if isinstance(previous, list) else [previous, value]
        else:
            out[key] = value
    return out


def with_metadata(doc: Document, data: Mapping[str, Any], *, override: bool = True) -> Document:
    """``doc`` with metadata given from outside it, read as front matter is
    (``author``, ``date``, ``lang``...; other keys kept in ``extra``). With
    ``override`` (``-M``) the values win over the essay's front matter;
    without (a defaults file's ``[metadata]``) they only fill what it
    leaves empty."""
    if not data:
        return doc
    from .reader.frontmatter import FrontMatter, to_metadata_fields

    try:
        fields = to_metadata_fields(FrontMatter(data=dict(data), kind="yaml"))
    except EssayError as exc:
        raise UsageError(f"metadata: {exc.message}") from None
    extra = fields.pop("extra", {})
    meta = doc.meta
    changes: dict[str, Any] = {}
    language = fields.pop("language", None)
    if language and (override or meta.language_source not in ("frontmatter", "option")):
        changes["language"], changes["language_source"] = language, "option"
    for key, value in fields.items():
        if override or not getattr(meta, key):
            changes[key] = value
    changes["extra"] = {**meta.extra, **extra} if override else {**extra, **meta.extra}
    return doc.replace(meta=_replace(meta, **changes))
