""":func:`essaykit.speedups.framestack.call` runs a function with room on CPython's
frame stack: recursion bouncing at any depth maps no new stack chunk."""

from __future__ import annotations

import platform
import resource
import sys

import pytest

from essaykit.speedups import framestack


def test_call_passes_arguments_and_results_through() -> None:
    assert framestack.call(divmod, 17, 5) == (3, 2)
    assert framestack.call(sorted, [3, 1, 2], reverse=True) == [3, 2, 1]
    with pytest.raises(ZeroDivisionError):
        framestack.call(divmod, 1, 0)
    assert framestack.ready() is framestack.ready()
    assert framestack.ready().__code__.co_nlocals >= framestack.SLOTS


def _down(n: int) -> int:
    return _down(n - 1) if n else 0


def _bounce(depth: int, times: int) -> None:
    """Go ``depth`` frames down, then up and down six frames ``times`` times."""
    if depth:
        _bounce(depth - 1, times)
        return
    for _ in range(times):
        _down(6)


def _worst_faults(run: object) -> int:
    """The most page faults one bouncing recursion caused, over start
    depths covering several 16 KiB stack chunks."""
    worst = 0
    for depth in range(0, 240, 2):
        before = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
        run(depth)  # type: ignore[operator]
        worst = max(worst, resource.getrusage(resource.RUSAGE_SELF).ru_minflt - before)
    return worst


@pytest.mark.skipif(platform.python_implementation() != "CPython" or sys.version_info < (3, 11),
                    reason="the chunked frame stack is CPython 3.11+")
def test_bouncing_recursion_maps_no_chunk_under_the_trampoline() -> None:
    times = 300
    # Made (and its code object's pages faulted in) before anything is counted, whatever
    # ran before this test: making it is not what is measured.
    framestack.call(_bounce, 0, 1)
    bare = _worst_faults(lambda depth: _bounce(depth, times))
    roomy = _worst_faults(lambda depth: framestack.call(_bounce, depth, times))
    roomier = _worst_faults(lambda depth: framestack.call(_bounce, depth, times * 10))
    # Somewhere the bare recursion straddles a chunk boundary: a chunk
    # mapped (and faulted in) on every bounce.
    assert bare >= times, bare
    # Under the trampoline only its own chunk is faulted in, once a call
    # (512 KiB: at most 128 pages of 4 KiB), however often the recursion bounces.
    assert roomy <= 140 and roomier <= 140, (roomy, roomier)
