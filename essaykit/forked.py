"""Running one function in a forked child process, for work that can overlap with the
parent's, and how many processes a call may use (``jobs``).

A library call forks only when its caller asks: the ``jobs`` option (1 unless the program
set another default, as the CLI does with ``"auto"``). Only on Linux and from a
single-threaded process (forking with other threads can deadlock the child); callers do the
work themselves when :func:`may_fork` says no.
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Callable
from typing import Any

#: What ``jobs`` means when a call gives none: 1 (no fork) unless the program said otherwise.
_default_jobs: int | str = 1


def set_default_jobs(jobs: int | str) -> None:
    """The ``jobs`` of calls that give none, for this process (the CLI: ``"auto"``)."""
    global _default_jobs
    _default_jobs = check_jobs(jobs)


def check_jobs(jobs: object) -> int | str:
    """``jobs`` as given, checked: a count of processes (1: no fork) or ``"auto"`` (0 too)."""
    if jobs == "auto" or jobs == 0:
        return "auto"
    try:
        count = int(jobs)  # type: ignore[call-overload]
    except (TypeError, ValueError):
        count = 0
    if count < 1 or isinstance(jobs, bool):
        from .errors import UsageError

        raise UsageError(f"jobs must be a number of processes or 'auto', not {jobs!r}")
    return count


def jobs_of(value: object = None) -> int | str:
    """The ``jobs`` a call uses: ``value`` (a render option, may be None) or the default."""
    return check_jobs(value) if value is not None else _default_jobs


def processes(value: object = None) -> int:
    """How many processes ``jobs`` allows at most (``"auto"``: one per core)."""
    jobs = jobs_of(value)
    return (os.cpu_count() or 1) if jobs == "auto" else int(jobs)


def may_fork(value: object = None) -> bool:
    """Whether a call with option ``jobs=value`` may fork now (anything but 1 allows a
    child that overlaps with this process, whatever the core count)."""
    return jobs_of(value) != 1 and can_fork()


def die_with_parent() -> None:
    """In a forked child: have the kernel end it when its parent ends
    (Linux's PR_SET_PDEATHSIG), so a SIGTERM or SIGKILL to essaykit leaves
    no renderer running on its own."""
    import signal

    with contextlib.suppress(Exception):
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(1, int(signal.SIGKILL))  # PR_SET_PDEATHSIG
    if os.getppid() == 1:  # the parent ended before the call took effect
        os._exit(1)


def can_fork() -> bool:
    import threading

    return sys.platform.startswith("linux") and hasattr(os, "fork") and threading.active_count() == 1


class Forked:
    """``fn()`` in a forked child; :meth:`result` waits for its (pickled)
    return value."""

    def __init__(self, fn: Callable[[], Any]):
        import pickle

        read, write = os.pipe()
        pid = os.fork()
        if pid == 0:  # the child: never returns
            status = 0
            try:
                die_with_parent()
                os.close(read)
                try:
                    payload = pickle.dumps(("ok", fn()))
                except BaseException as exc:  # a bug: report it in the parent
                    import traceback

                    payload = pickle.dumps(("crash", "".join(traceback.format_exception(exc))))
                with os.fdopen(write, "wb") as out:
                    out.write(payload)
            except BaseException:
                status = 1
            finally:
                os._exit(status)
        os.close(write)
        self.pid: int | None = pid
        self.read = read

    def result(self) -> Any:
        import pickle

        with os.fdopen(self.read, "rb") as src:
            payload = src.read()
        self._reap()
        if not payload:
            raise RuntimeError("the process rendering the other formats died")
        kind, value = pickle.loads(payload)
        if kind != "ok":
            raise RuntimeError(f"rendering in a child process failed:\n{value}")
        return value

    def cancel(self) -> None:
        import signal

        if self.pid is not None:
            with contextlib.suppress(OSError):
                os.kill(self.pid, signal.SIGKILL)
            with contextlib.suppress(OSError):
                os.close(self.read)
            self._reap()

    def _reap(self) -> None:

        if self.pid is not None:
            with contextlib.suppress(ChildProcessError):
                os.waitpid(self.pid, 0)
            self.pid = None
