"""The prewarmed child process: answers in order, survives big payloads,
reports crashes and death as errors, cleans up its temporary files."""

from __future__ import annotations

import glob
import os
import signal
import tempfile
from typing import Any

import pytest

from essaykit.forked import can_fork
from essaykit.prewarm import Prewarmed

pytestmark = pytest.mark.skipif(not can_fork(), reason="needs fork() in a single-threaded process")


def _leftovers() -> set[str]:
    return set(glob.glob(os.path.join(tempfile.gettempdir(), "essaykit-*.pickle")))


def test_answers_each_item_in_order_after_warming() -> None:
    before = _leftovers()
    warmed: list[int] = []

    def work(item: Any) -> Any:
        return (item, len(warmed), b"x" * 3_000_000)

    with Prewarmed(lambda: warmed.append(1), work) as child:
        for i in range(3):
            child.submit({"n": i, "blob": "y" * 500_000})  # bigger than a pipe's buffer
        got = [child.result() for _ in range(3)]
    assert [g[0]["n"] for g in got] == [0, 1, 2]
    assert all(g[1] == 1 for g in got)  # warm() ran in the child before the work
    assert warmed == []  # ...and not here
    assert _leftovers() <= before


def test_a_crash_is_an_error_with_its_traceback() -> None:
    def work(item: Any) -> Any:
        raise ValueError(f"bad {item}")

    with Prewarmed(lambda: None, work) as child:
        child.submit(7)
        with pytest.raises(RuntimeError, match="bad 7"):
            child.result()


def test_a_failed_warm_up_only_costs_time() -> None:
    def warm() -> None:
        raise OSError("no fonts today")

    with Prewarmed(warm, lambda item: item * 2) as child:
        child.submit(21)
        assert child.result() == 42


def test_a_dead_child_is_an_error_not_a_hang() -> None:
    child = Prewarmed(lambda: None, lambda item: os.kill(os.getpid(), signal.SIGKILL))
    child.submit(1)
    with pytest.raises(RuntimeError, match="died"):
        child.result()
    child.close()
    assert child.pid is None


def test_cancel_stops_a_busy_child() -> None:
    import time

    child = Prewarmed(lambda: time.sleep(60), lambda item: item)
    child.submit(1)
    started = time.monotonic()
    child.cancel()
    assert time.monotonic() - started < 5
    assert child.pid is None
