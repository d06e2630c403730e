"""Room on CPython 3.11's frame stack for deep recursion (WeasyPrint's layout).

CPython keeps Python frames in chunks, maps a new one when the stack grows past the last
and unmaps it when it shrinks back: a recursion bouncing across a chunk boundary pays a page
fault per crossing. :func:`call` runs a function under one frame of 256 KiB of unused local
slots, so its recursion stays within one chunk. Touches no dependency: only where frames go.
Figures: ``benchmarks/FINDINGS.md``.
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
    (the code object is copied with a longer list of local names)."""
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
