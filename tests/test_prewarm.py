"""The prewarmed child process: answers in order, survives big payloads,
reports crashes and death as errors, cleans up its temporary files."""

from __future__ import annotations

import glob
import os
import signal
import tempfile
import time
from typing import Any

import pytest

from essaykit.forked import can_fork
from essaykit.prewarm import Prewarmed

pytestmark = pytest.mark.skipif(not can_fork(), reason="needs fork() in a single-threaded process")


@pytest.fixture
def private_tmp(tmp_path: Any, monkeypatch: pytest.MonkeyPatch) -> Any:
    """A temporary folder of the test's own, so that other runs' files in the
    shared one cannot make it pass or fail."""
    monkeypatch.setenv("TMPDIR", str(tmp_path))
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    return tmp_path


def _leftovers(tmp: Any) -> list[str]:
    """Anything essaykit left in ``tmp``: documents handed to a child, or the
    private ``essaykit-*`` folders they go in."""
    return sorted(glob.glob(os.path.join(str(tmp), "essaykit-*")))


def test_answers_each_item_in_order_after_warming(private_tmp: Any) -> None:
    warmed: list[int] = []

    def work(item: Any) -> Any:
        return (item, len(warmed), b"x" * 3_000_000)

    with Prewarmed(lambda pending: warmed.append(1), work) as child:
        for i in range(3):
            child.submit({"n": i, "blob": "y" * 500_000})  # bigger than a pipe's buffer
        got = [child.result() for _ in range(3)]
    assert [g[0]["n"] for g in got] == [0, 1, 2]
    assert all(g[1] == 1 for g in got)  # warm() ran in the child before the work
    assert warmed == []  # ...and not here
    assert _leftovers(private_tmp) == []


def test_a_crash_is_an_error_with_its_traceback() -> None:
    def work(item: Any) -> Any:
        raise ValueError(f"bad {item}")

    with Prewarmed(lambda pending: None, work) as child:
        child.submit(7)
        with pytest.raises(RuntimeError, match="bad 7"):
            child.result()


def test_a_failed_warm_up_only_costs_time() -> None:
    def warm(pending: object) -> None:
        raise OSError("no fonts today")

    with Prewarmed(warm, lambda item: item * 2) as child:
        child.submit(21)
        assert child.result() == 42


def test_warm_up_is_told_when_work_is_waiting() -> None:
    # The child's warm-up may skip what only helps while idle: before the
    # first item pending() is false, once one is sent it is true.
    seen: list[bool] = []
    started, tell = os.pipe()

    def warm(pending: Any) -> None:
        seen.append(pending())
        os.write(tell, b"!")  # the first look is taken: the parent may send now
        deadline = time.monotonic() + 30
        while not pending() and time.monotonic() < deadline:
            time.sleep(0.01)
        seen.append(pending())

    with Prewarmed(warm, lambda item: (item, seen)) as child:
        assert os.read(started, 1) == b"!"
        child.submit("x")
        assert child.result() == ("x", [False, True])


def test_a_dead_child_is_an_error_not_a_hang() -> None:
    child = Prewarmed(lambda pending: None, lambda item: os.kill(os.getpid(), signal.SIGKILL))
    child.submit(1)
    with pytest.raises(RuntimeError, match="died"):
        child.result()
    child.close()
    assert child.pid is None


def test_cancel_stops_a_busy_child() -> None:
    import time

    # The child's job would take ten minutes: cancel returns long before
    # (the bound is generous: a loaded machine delays the kill, not by minutes).
    child = Prewarmed(lambda pending: time.sleep(600), lambda item: item)
    child.submit(1)
    started = time.monotonic()
    child.cancel()
    assert time.monotonic() - started < 300
    assert child.pid is None


def test_the_pdf_process_reads_its_job_without_the_model(tmp_path: Any) -> None:
    # The prewarmed PDF process gets only the prepared job; what unpickling
    # it imports is on the PDF's critical path, so it must not pull in the
    # document model, the XHTML writer, Pygments or the font packages.
    import pickle
    import subprocess
    import sys

    from essaykit import api
    from essaykit.renderers.pdf.renderer import PdfRenderer

    doc = api.prepare(api.loads("# Title\n\nSome *text*.\n\n```python\nx = 1\n```\n", path=str(tmp_path / "e.md")))
    job = PdfRenderer.prepare_job(doc, api.context_for(doc.source, None, {}, None))
    path = tmp_path / "job.pickle"
    path.write_bytes(pickle.dumps(("job", doc.source, job, None, {})))
    code = (
        "import pickle, sys\n"
        f"item = pickle.load(open({str(path)!r}, 'rb'))\n"
        "import importlib\n"
        "importlib.import_module('essaykit.renderers.registry').get_renderer('pdf')\n"
        "importlib.import_module('essaykit.api')\n"
        "heavy = ('essaykit.model', 'essaykit.renderers.xhtml.writer', 'essaykit.fonts', 'pygments', 'weasyprint')\n"
        "print(' '.join(m for m in heavy if m in sys.modules) or 'none')\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "none"
