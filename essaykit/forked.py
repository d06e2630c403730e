"""Running one function in a forked child process, for work that can
overlap with the parent's (the other formats while the PDF is laid out, an
ebook's cover while its chapters are written).

Only on Linux and only from a single-threaded process (forking with other
threads running can deadlock the child); callers fall back to doing the work
themselves when :func:`can_fork` says no.
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Callable
from typing import Any


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
