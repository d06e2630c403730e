"""Errors and warnings, each able to say where in which file it happened.

The CLI prints ``str(error)`` as its single line, so the message must already
read ``essay.md:42: front matter: ...``. Warnings are given to the
``essaykit`` logger (:func:`log_warning`) unless a caller passes its own
``warn`` callback: the library never prints, and the CLI is one handler
among others (:mod:`essaykit.cli.report`).
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable
from dataclasses import dataclass


class EssayError(Exception):
    """Bad input or a request essaykit cannot honour. Never a bug."""

    def __init__(self, message: str, *, path: str | None = None, line: int | None = None):
        super().__init__(message)
        self.message = message
        self.path = path
        self.line = line

    def located(self, path: str | None = None, line: int | None = None) -> EssayError:
        """A copy that names ``path``/``line`` unless it already knows better."""
        return type(self)(self.message, path=self.path or path, line=self.line or line)

    def __str__(self) -> str:
        where = ""
        if self.path:
            where = f"{self.path}:{self.line}: " if self.line else f"{self.path}: "
        elif self.line:
            where = f"line {self.line}: "
        return where + self.message


def os_error_line(exc: OSError, name: str) -> str:
    """One line for an OSError met while converting ``name``: the file it
    is about, else ``name``. A full disk with no file named is the temporary
    folder's (every output write names its output): say so, and where."""
    import errno

    if exc.filename is None and exc.errno in (errno.ENOSPC, errno.EDQUOT, errno.EFBIG):
        return (f"{name}: no room for temporary files in {temp_home()} ({exc.strerror}); "
                "free some space there or set TMPDIR to a folder with room")
    return f"{exc.filename or name}: {exc.strerror or exc}"


def deep_nesting_line(text: str, limit: int = 64) -> int | None:
    """The line where brackets or braces in ``text`` first nest deeper than
    ``limit`` (quoted strings skipped): where a TOML or JSON file that made
    its parser recurse too deeply goes wrong."""
    depth, line, quote = 0, 1, ""
    for ch in text:
        if ch == "\n":
            line += 1
        elif quote:
            if ch == quote:
                quote = ""
        elif ch in "\"'":
            quote = ch
        elif ch in "[{":
            depth += 1
            if depth > limit:
                return line
        elif ch in "]}":
            depth -= 1
    return None


def temp_home() -> str:
    """The temporary folder as the user named it (``$TMPDIR``): not the
    private ``essaykit-*`` folder the command makes inside it."""
    import tempfile
    from pathlib import Path

    folder = Path(tempfile.gettempdir())
    return str(folder.parent if folder.name.startswith("essaykit-") else folder)


class UsageError(EssayError):
    """The request itself is wrong (exit code 2)."""


#: Kinds of warning, each with its name in the singular and plural, for
#: reports that group many of one kind ("... and 44 more remote images").
KINDS: dict[str, tuple[str, str]] = {
    "image-remote": ("remote image", "remote images"),
    "image-missing": ("missing image", "missing images"),
    "image-refused": ("image outside the essay's folder", "images outside the essay's folder"),
    "image-unreadable": ("unreadable image", "unreadable images"),
    "image-alt": ("image without alt text", "images without alt text"),
    "font": ("script without a font", "scripts without a font"),
    "link": ("broken link", "broken links"),
    "option": ("unknown option", "unknown options"),
    "other": ("warning", "warnings"),
}


@dataclass(frozen=True, slots=True)
class Warning_:
    """One problem: what, where, and its kind (a key of :data:`KINDS`). The
    same problem found by several renderers has the same message, so a
    report can say it once."""

    message: str
    path: str | None = None
    line: int | None = None
    kind: str = "other"

    def __str__(self) -> str:
        if self.path:
            where = f"{self.path}:{self.line}: " if self.line else f"{self.path}: "
            return f"{where}warning: {self.message}"
        return f"warning: {self.message}"


WarnFn = Callable[[Warning_], None]


#: Where the library's warnings go when no ``warn`` callback is given.
LOGGER = logging.getLogger("essaykit")


def log_warning(w: Warning_) -> None:
    """Give ``w`` to the ``essaykit`` logger; the record carries it as
    ``record.essaykit_warning``. With no handler configured, Python's
    last-resort handler prints ``str(w)`` on stderr."""
    LOGGER.warning("%s", w, extra={"essaykit_warning": w})


def stderr_warn(w: Warning_) -> None:
    """Print ``w`` on stderr (kept for callers that passed it explicitly)."""
    print(str(w), file=sys.stderr)


class OptionError(UsageError, ValueError):
    """An option's value is not one essaykit can use (``page_size="B7"``); the
    message lists what is allowed. A :class:`ValueError` for Python callers,
    a usage error (exit code 2) for the command."""


class UnknownOptionError(UsageError, TypeError):
    """An option name essaykit does not know (``page_sise=...``), as Python
    says of an unexpected keyword argument: a :class:`TypeError`."""
