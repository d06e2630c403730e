"""A forked process that gets a renderer ready while this one reads, then renders there.

Before an essay's PDF lays out its first line, a process spends most of a second importing
WeasyPrint and letting Pango, fontconfig and cffi set up; reading the essay needs none of
it. ``essaykit export`` and ``build_book`` start a :class:`Prewarmed` child for that when
the caller allows more than one process (``jobs``, :mod:`essaykit.forked`), and render the
other formats meanwhile. A child that dies or crashes is reported as an error, never as a
missing file. Figures: ``benchmarks/FINDINGS.md``.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import struct
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

from .errors import Warning_

if TYPE_CHECKING:

    Attempt = tuple[bytes | None, list[Warning_], BaseException | None]

_HEADER = struct.Struct("!Q")
_Self = TypeVar("_Self", bound="_ChildContext")


def renderer_child(fmt: str, jobs: object = None) -> RenderChild | None:
    """A child process that renders ``fmt``, warmed with the renderer's
    optional ``warm()`` hook; None where there is no hook, the caller's
    ``jobs`` is 1 (the library's default) or this process may not fork.

    A built-in renderer known to have the hook is not imported here: the
    child imports it. Why: ``essaykit export`` forks this child before it
    imports the document model, so that the PDF's set-up starts as early as
    it can (everything before the fork is on the PDF's critical path)."""
    from .forked import jobs_of

    if jobs_of(jobs) == 1 or not can_fork():
        return None
    if not _known_warm(fmt) and warm_hook(fmt) is None:
        return None
    return RenderChild(fmt, Prewarmed(lambda pending: _warm(fmt, pending),
                                      lambda item: _render_item(fmt, item)))


def _known_warm(fmt: str) -> bool:
    """``fmt`` is served by the built-in PDF renderer, which has ``warm()``."""
    from .renderers.registry import spec_of

    return spec_of(fmt) == "essaykit.renderers.pdf.renderer:PdfRenderer"


def _warm(fmt: str, pending: Callable[[], bool]) -> None:
    import inspect

    warm = warm_hook(fmt)
    if warm is None:
        return
    try:
        inspect.signature(warm).bind(pending)
    except TypeError:  # a hook written as plain ``warm()``
        warm()
    except ValueError:  # no signature to read: the documented form
        warm(pending)
    else:
        warm(pending)


class _ChildContext:
    """``with``: a clean exit lets the child finish (``close``), an error
    stops it at once (``cancel``)."""

    def close(self) -> None:
        raise NotImplementedError

    def cancel(self) -> None:
        raise NotImplementedError

    def __enter__(self: _Self) -> _Self:
        return self

    def __exit__(self, exc_type: Any, *rest: Any) -> None:
        if exc_type is None:
            self.close()
        else:
            self.cancel()


class RenderChild(_ChildContext):
    """Documents rendered in a :class:`Prewarmed` child, one format.

    A renderer with ``prepare_job(doc, ctx)`` and ``render_job(job, ctx)``
    (the PDF: XHTML, CSS and fonts, then WeasyPrint) has the first part run
    here, where the document is, and only the job sent: the child never
    holds the document, which keeps it and the processes it forks small,
    and the first part overlaps the child's warm-up. Other renderers get the
    document itself. Warnings of both parts are held and given in order.
    """

    def __init__(self, fmt: str, child: Prewarmed):
        self.fmt = fmt
        self.child = child
        self._early: list[Any] = []

    def submit(self, doc: Any, theme: Any, options: dict[str, Any]) -> None:
        from . import api
        from .renderers.registry import get_renderer

        prepare_job = getattr(get_renderer(self.fmt), "prepare_job", None)
        if prepare_job is None:
            try:
                self.child.submit(("doc", doc, theme, options))
            except OSError:  # a full $TMPDIR: rendered here instead
                self._early.append(attempt(doc, self.fmt, theme, options))
                return
            self._early.append(([], None))
            return
        held: list[Warning_] = []
        try:
            job = prepare_job(doc, api._context(doc, theme, options, held.append))
        except Exception as exc:
            self._early.append((held, exc))  # nothing for the child to do
            return
        try:
            self.child.submit(("job", doc.source, job, theme, options))
        except OSError:  # a full $TMPDIR: rendered here instead
            data, later, failed = _render_item(self.fmt, ("job", doc.source, job, theme, options))
            self._early.append((data, held + later, failed))
            return
        self._early.append((held, None))

    def result(self) -> Attempt:
        """The oldest submitted document's bytes, warnings and error."""
        early = self._early.pop(0)
        if len(early) == 3:  # rendered here already
            return early
        held, exc = early
        if exc is not None:
            return None, held, exc
        data, later, exc = self.child.result()
        return data, held + later, exc

    def close(self) -> None:
        self.child.close()

    def cancel(self) -> None:
        self.child.cancel()


def _render_item(fmt: str, item: tuple[Any, ...]) -> Attempt:
    """In the child: a document (:func:`attempt`) or a prepared job."""
    if item[0] == "doc":
        _, doc, theme, options = item
        return picklable(attempt(doc, fmt, theme, options))
    from . import api
    from .renderers.registry import get_renderer

    _, source, job, theme, options = item
    held: list[Warning_] = []
    try:
        ctx = api.context_for(source, theme, options, held.append)
        return get_renderer(fmt).render_job(job, ctx), held, None  # type: ignore[attr-defined]
    except Exception as exc:
        return picklable((None, held, exc))


def warm_hook(fmt: str) -> Callable[..., None] | None:
    """The renderer's optional ``warm(pending=None)``: what it does once per
    process. ``pending()`` says whether work is already waiting, so that
    set-up worth doing only while idle (a warm-up layout) can be skipped."""
    from .renderers.registry import get_renderer

    return getattr(get_renderer(fmt), "warm", None)


def can_fork() -> bool:
    from .forked import can_fork as allowed

    return allowed()


def attempt(doc: Any, fmt: str, theme: Any, options: dict[str, Any]) -> Attempt:
    """``doc`` in ``fmt`` with its warnings held back, or the error it raised
    (prepared documents only)."""
    from . import api

    held: list[Warning_] = []
    try:
        return api.render_prepared(doc, fmt, theme, options, held.append), held, None
    except Exception as exc:
        return None, held, exc


def picklable(result: Attempt) -> Attempt:
    """An error that cannot cross the process boundary becomes a plain one."""
    data, held, exc = result
    if exc is not None:
        try:
            pickle.loads(pickle.dumps(exc))
        except Exception:
            exc = RuntimeError(f"{type(exc).__name__}: {exc}")
    return data, held, exc


class Prewarmed(_ChildContext):
    """``warm(pending)`` then ``work(item)`` for each item sent, in a forked
    child; ``pending()`` is true once an item is waiting."""

    def __init__(self, warm: Callable[[Callable[[], bool]], None], work: Callable[[Any], Any]):
        req_r, req_w = os.pipe()
        res_r, res_w = os.pipe()
        pid = os.fork()
        if pid == 0:  # the child: never returns
            from .forked import die_with_parent

            die_with_parent()
            os.close(req_w)
            os.close(res_r)
            _serve(warm, work, req_r, res_w)
        os.close(req_r)
        os.close(res_w)
        self.pid: int | None = pid
        self._requests: int | None = req_w
        self._results: int | None = res_r
        self._pending: list[str] = []
        #: A private folder (0700) for the documents handed over, removed
        #: when the child is done with, at exit, and on SIGTERM (which the
        #: CLI turns into SystemExit); the child deletes each file as soon
        #: as it has read it.
        self._folder: str | None = None

    def submit(self, item: Any) -> None:
        """Hand ``item`` to the child (returns at once). OSError when it
        cannot be written (a full ``$TMPDIR``): nothing is left behind."""
        import atexit
        import tempfile

        assert self._requests is not None
        if self._folder is None:
            self._folder = tempfile.mkdtemp(prefix="essaykit-")
            atexit.register(self._remove_folder)
        fd, path = tempfile.mkstemp(prefix="doc-", suffix=".pickle", dir=self._folder)
        try:
            with os.fdopen(fd, "wb") as fh:
                pickle.dump(item, fh, protocol=pickle.HIGHEST_PROTOCOL)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(path)
            raise
        self._pending.append(path)
        name = os.fsencode(path)
        _write_all(self._requests, _HEADER.pack(len(name)) + name)

    def result(self) -> Any:
        """The child's answer to the oldest item not yet answered."""
        assert self._results is not None
        try:
            size = _HEADER.unpack(_read_exactly(self._results, _HEADER.size))[0]
            kind, value = pickle.loads(_read_exactly(self._results, size))
        except (EOFError, OSError, pickle.UnpicklingError) as exc:
            self.cancel()
            raise RuntimeError("the process rendering the PDF died") from exc
        finally:
            if self._pending:
                with contextlib.suppress(OSError):
                    os.unlink(self._pending.pop(0))
        if kind != "ok":
            raise RuntimeError(f"rendering in a child process failed:\n{value}")
        return value

    def close(self) -> None:
        """Let the child finish and exit (it stops when its input ends)."""
        if self._requests is not None:
            os.close(self._requests)
            self._requests = None
        self._reap(wait=True)

    def cancel(self) -> None:
        """Stop the child now (an error elsewhere, or Ctrl-C)."""
        import signal

        if self.pid is not None:
            with contextlib.suppress(OSError):
                os.kill(self.pid, signal.SIGKILL)
        if self._requests is not None:
            with contextlib.suppress(OSError):
                os.close(self._requests)
            self._requests = None
        self._reap(wait=True)

    def _reap(self, wait: bool) -> None:
        if self._results is not None:
            with contextlib.suppress(OSError):
                os.close(self._results)
            self._results = None
        if self.pid is not None and wait:
            with contextlib.suppress(ChildProcessError):
                os.waitpid(self.pid, 0)
            self.pid = None
        for path in self._pending:
            with contextlib.suppress(OSError):
                os.unlink(path)
        self._pending.clear()
        if self.pid is None:
            self._remove_folder()

    def _remove_folder(self) -> None:
        if self._folder is not None:
            import shutil

            shutil.rmtree(self._folder, ignore_errors=True)
            self._folder = None



def _serve(warm: Callable[[Callable[[], bool]], None], work: Callable[[Any], Any],
           requests: int, results: int) -> None:
    status = 0
    try:
        # A failed warm-up only loses time: the work reports real errors.
        with contextlib.suppress(Exception):
            warm(lambda: _readable(requests))
        while True:
            try:
                size = _HEADER.unpack(_read_exactly(requests, _HEADER.size))[0]
            except EOFError:
                break
            path = os.fsdecode(_read_exactly(requests, size))
            try:
                with open(path, "rb") as fh:
                    item = pickle.load(fh)
                payload = pickle.dumps(("ok", work(item)), protocol=pickle.HIGHEST_PROTOCOL)
            except BaseException as exc:  # a bug: report it in the parent
                import traceback

                payload = pickle.dumps(("crash", "".join(traceback.format_exception(exc))))
            finally:
                with contextlib.suppress(OSError):
                    os.unlink(path)
            _write_all(results, _HEADER.pack(len(payload)) + payload)
    except BaseException:
        status = 1
    finally:
        os._exit(status)


def _readable(fd: int) -> bool:
    import select

    return bool(select.select([fd], [], [], 0)[0])


def _read_exactly(fd: int, n: int) -> bytes:
    chunks: list[bytes] = []
    while n:
        chunk = os.read(fd, min(n, 1 << 20))
        if not chunk:
            raise EOFError
        chunks.append(chunk)
        n -= len(chunk)
    return b"".join(chunks)


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view):]
