"""What the commands say on stderr besides errors: warnings and progress.

The library gives its warnings to the ``essaykit`` logger
(:func:`essaykit.errors.log_warning`); :class:`Reporter` is the handler the
commands install there. Why one place: a problem found by the PDF, the EPUB
and the deck is said once (the renderers word it alike), fifty of one kind
are not fifty lines (the first few, then "... and 44 more"), a one-line
summary ends the run, and on a terminal a warning never lands on top of the
progress line.

Progress is drawn by a ``SIGALRM`` timer, not a thread: the renderers fork
(:mod:`essaykit.forked`) only while the process has a single thread.
"""

from __future__ import annotations

import contextlib
import logging
import os
import signal
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from typing import Any, TextIO

import click

from ..errors import KINDS, LOGGER, Warning_

#: Warnings of one kind shown for one file before the rest are summed up
#: (all of them with ``--verbose``).
SHOWN_PER_KIND = 5
#: Seconds of work before the progress line appears, and between redraws.
PROGRESS_DELAY = 1.0
PROGRESS_EVERY = 0.25


def kind_name(kind: str, count: int) -> str:
    one, many = KINDS.get(kind, KINDS["other"])
    return one if count == 1 else many


class Progress:
    """One line on a terminal, redrawn on a timer once the work has taken
    more than :data:`PROGRESS_DELAY`: ``essay.md: rendering pdf, epub · 12 s``.
    Does nothing where it cannot work (not a terminal, not the main thread,
    no ``setitimer``)."""

    def __init__(self, stream: TextIO, enabled: bool):
        self.enabled = (enabled and hasattr(signal, "setitimer")
                        and threading.current_thread() is threading.main_thread())
        self.fd = -1
        if self.enabled:
            try:
                self.fd = stream.fileno()
            except (AttributeError, OSError, ValueError):
                self.enabled = False
        self.text = ""
        self.shown = False
        self.paused = False
        self.started = time.monotonic()
        self._previous: Any = None

    def start(self) -> None:
        if not self.enabled:
            return
        self.started = time.monotonic()
        self._previous = signal.signal(signal.SIGALRM, self._tick)
        signal.siginterrupt(signal.SIGALRM, False)  # restart system calls it lands in
        signal.setitimer(signal.ITIMER_REAL, PROGRESS_DELAY, PROGRESS_EVERY)

    def stop(self) -> None:
        if not self.enabled or self._previous is None:
            return
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, self._previous)
        self._previous = None
        self.clear()

    def set(self, text: str) -> None:
        self.text = text

    def line(self) -> str:
        return f"{self.text} · {time.monotonic() - self.started:.0f} s"

    def _tick(self, signum: int = 0, frame: Any = None) -> None:
        if self.paused or not self.text:
            return
        width = _columns()
        self._write("\r\033[K" + self.line()[: width - 1])
        self.shown = True

    def clear(self) -> None:
        if self.shown:
            self._write("\r\033[K")
            self.shown = False

    @contextlib.contextmanager
    def cleared(self) -> Iterator[None]:
        """The line cleared while something else is written; drawn again
        at the next tick."""
        self.paused = True
        try:
            self.clear()
            yield
        finally:
            self.paused = False

    def _write(self, text: str) -> None:
        # os.write, not the stream: the handler may run while the main
        # code is inside the stream's own write.
        with contextlib.suppress(OSError):
            os.write(self.fd, text.encode("utf-8", "replace"))


def _columns() -> int:
    try:
        columns = os.get_terminal_size(2).columns
    except OSError:
        columns = 0
    return columns if columns > 20 else 80


class Reporter:
    """Warnings and progress of one command run.

    ``warn(w)`` says a warning once (per file, line, kind and message); of
    one kind in one file, the first :data:`SHOWN_PER_KIND` are printed as
    they come and the rest held for :meth:`flush` (after each input), which
    prints them with ``--verbose`` or sums them up in one line.
    :meth:`summary` gives the closing line."""

    def __init__(self, quiet: bool = False, verbose: bool = False, stream: TextIO | None = None,
                 progress: bool | None = None, clear: Callable[[], None] | None = None):
        self.quiet = quiet
        self.verbose = verbose
        self.stream = stream if stream is not None else sys.stderr
        tty = _isatty(self.stream)
        self.progress = Progress(self.stream, (tty if progress is None else progress) and not quiet)
        #: Called before a line is printed (another progress display's clear).
        self.clear = clear
        self._seen: set[tuple[str | None, int | None, str, str]] = set()
        self._shown: Counter[tuple[str | None, str]] = Counter()
        self._held: dict[tuple[str | None, str], list[Warning_]] = {}
        #: Distinct warnings so far, by kind.
        self.kinds: Counter[str] = Counter()

    @property
    def warnings(self) -> int:
        return sum(self.kinds.values())

    # ------------------------------------------------------------ warnings

    def warn(self, w: Warning_) -> None:
        key = (w.path, w.line, w.kind, w.message)
        if key in self._seen:
            return
        self._seen.add(key)
        self.kinds[w.kind] += 1
        group = (w.path, w.kind)
        if self.verbose or self._shown[group] < SHOWN_PER_KIND:
            self._shown[group] += 1
            self.echo(str(w))
        else:
            self._held.setdefault(group, []).append(w)

    def flush(self) -> None:
        """Say what was held back: one held warning as itself, more as
        ``essay.md: ... and 44 more remote images (--verbose lists them)``."""
        held, self._held = self._held, {}
        for (path, kind), ws in held.items():
            if len(ws) == 1:
                self.echo(str(ws[0]))
            else:
                where = f"{path}: " if path else ""
                self.echo(f"{where}... and {len(ws)} more {kind_name(kind, len(ws))}"
                          " (--verbose lists them)")

    def summary(self) -> str | None:
        """``3 warnings``, or ``52 warnings: 49 remote images, 3 missing
        images``; None when there were none."""
        total = self.warnings
        if not total:
            return None
        line = f"{total} warning{'s' if total != 1 else ''}"
        if len(self.kinds) > 1:
            line += ": " + ", ".join(f"{n} {kind_name(k, n)}" for k, n in self.kinds.most_common())
        return line

    def finish(self) -> None:
        """Held warnings, then the summary line; the progress line gone."""
        self.progress.stop()
        self.flush()
        line = self.summary()
        if line:
            self.echo(line)

    # -------------------------------------------------------------- output

    def info(self, message: str) -> None:
        if self.verbose:
            self.echo(message, always=True)

    def echo(self, line: str, always: bool = False) -> None:
        if self.quiet and not always:
            return
        if self.clear is not None:
            self.clear()
        with self.progress.cleared():
            click.echo(line, file=self.stream)

    def status(self, text: str) -> None:
        """What the progress line says from now on."""
        self.progress.set(text)

    # ------------------------------------------------------------- logging

    @contextlib.contextmanager
    def handling(self) -> Iterator[Reporter]:
        """This reporter as the handler of the ``essaykit`` logger (and the
        progress line running) for the duration of a command."""
        handler = _Handler(self)
        propagate = LOGGER.propagate
        LOGGER.addHandler(handler)
        LOGGER.propagate = False  # said here, not again by a root handler
        self.progress.start()
        try:
            yield self
        finally:
            self.progress.stop()
            LOGGER.removeHandler(handler)
            LOGGER.propagate = propagate


class _Handler(logging.Handler):
    def __init__(self, reporter: Reporter):
        super().__init__(logging.WARNING)
        self.reporter = reporter

    def emit(self, record: logging.LogRecord) -> None:
        w = getattr(record, "essaykit_warning", None)
        if not isinstance(w, Warning_):
            w = Warning_(record.getMessage())
        self.reporter.warn(w)


def _isatty(stream: Any) -> bool:
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError):
        return False
