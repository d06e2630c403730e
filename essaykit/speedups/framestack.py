"""Room on CPython 3.11's frame stack for deep recursion (WeasyPrint's layout).

Why: CPython 3.11 keeps the frames of Python calls in chunks of at least
16 KiB, each mapped with ``mmap`` when the stack grows past the last one
and unmapped as soon as it shrinks back below it
(``_PyThreadState_PopFrame``). WeasyPrint's layout recurses up and down
through the same few dozen frames millions of times; when that range
straddles a chunk boundary, every crossing maps and unmaps a chunk: a page
fault each time, a TLB flush (broadcast to the other core if the process
has a second thread), and the kernel's memory accounting. In one run of
the synthetic book that was 300,000 page faults and 3 s of system time
more than in a run where the boundary happened to fall elsewhere — the
same work, 15 % slower, for a reason invisible in any profile of Python
code (``perf record -e minor-faults`` shows it).

How: :func:`call` runs a function under a frame of about 260 KiB of
local slots. Pushing that frame makes CPython map one chunk of 512 KiB
(chunks double from 16 KiB to fit the frame), and every frame the
function then pushes, to a depth of a thousand or so, fits in what is left
of that chunk: no chunk boundary to cross. The chunk is unmapped once, when
the call returns. The frame's slots are never used (the function that
makes it is a copy of a two-line one with 32,768 more local names); making
that function takes 20 ms once, a call about 1 ms.

Other Python versions: 3.12 and later keep the same chunked stack, so the
same reasoning holds; where the frame layout differs the call still just
calls the function.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

T = TypeVar("T")

#: Local slots of the trampoline's frame: 256 KiB of 8-byte pointers, half
#: of the 512 KiB chunk CPython rounds it up to, the other half free.
SLOTS = 32_768

_trampoline: Callable[..., Any] | None = None


def _base(fn: Callable[..., Any], args: tuple[Any, ...], kwargs: dict[str, Any]) -> Any:
    return fn(*args, **kwargs)


def _make(slots: int) -> Callable[..., Any]:
    """:func:`_base` with ``slots`` more local variables, never assigned
    (the code object is copied with a longer list of local names, 20 ms)."""
    import types

    code = _base.__code__
    names = tuple(f"_{i}" for i in range(slots))
    code = code.replace(co_varnames=code.co_varnames + names, co_nlocals=code.co_nlocals + slots)
    return types.FunctionType(code, _base.__globals__, "trampoline")


def ready() -> Callable[..., Any]:
    """The trampoline, made on first use (before a fork, so that the
    children inherit it)."""
    global _trampoline
    if _trampoline is None:
        _trampoline = _make(SLOTS)
    return _trampoline


def call(fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """``fn(*args, **kwargs)`` with room on the frame stack (see the module
    docstring)."""
    return ready()(fn, args, kwargs)  # type: ignore[no-any-return]
