"""Errors and warnings, each able to say where in which file it happened.

The CLI prints ``str(error)`` as its single line, so the message must already
read ``essay.md:42: front matter: ...``.
"""

from __future__ import annotations

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


class UsageError(EssayError):
    """The request itself is wrong (exit code 2)."""


@dataclass(frozen=True, slots=True)
class Warning_:
    message: str
    path: str | None = None
    line: int | None = None

    def __str__(self) -> str:
        if self.path:
            where = f"{self.path}:{self.line}: " if self.line else f"{self.path}: "
            return f"{where}warning: {self.message}"
        return f"warning: {self.message}"


WarnFn = Callable[[Warning_], None]


def stderr_warn(w: Warning_) -> None:
    print(str(w), file=sys.stderr)


class OptionError(UsageError, ValueError):
    """An option's value is not one essaykit can use (``page_size="B7"``); the
    message lists what is allowed. A :class:`ValueError` for Python callers,
    a usage error (exit code 2) for the command."""


class UnknownOptionError(UsageError, TypeError):
    """An option name essaykit does not know (``page_sise=...``), as Python
    says of an unexpected keyword argument: a :class:`TypeError`."""
