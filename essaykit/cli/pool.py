"""``essaykit export --jobs N`` with several inputs: N essays at a time in a
local process pool, through the batch export a program would hand a Dask
or Ray executor (:func:`essaykit.batch.export_many`), with what the command
found for each essay (its ``essaykit.toml``, ``-M`` metadata)."""

from __future__ import annotations

import multiprocessing
import threading
from concurrent.futures import ProcessPoolExecutor
from dataclasses import replace
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pathlib import Path

    from ..batch import ExportResult
    from . import _Job


def export_in_pool(job: _Job, inputs: list[Path]) -> dict[Path, str]:
    """Each of ``inputs`` exported by ``job.options.jobs`` worker
    processes; each one's warnings and what it wrote told in input order;
    the failures, one line each, by input."""
    from ..batch import export_many
    from ..forked import die_with_parent

    if not inputs:
        return {}
    rep = job.rep

    def told(result: ExportResult) -> None:
        for w in result.warnings:
            rep.warn(w)
        for path in result.outputs:
            rep.info(f"{result.source} → {path}")

    # fork when nothing else runs here (no start-up: essaykit is imported),
    # else spawn.
    method = "fork" if ("fork" in multiprocessing.get_all_start_methods()
                        and threading.active_count() == 1) else "spawn"
    workers = job.options.jobs if isinstance(job.options.jobs, int) else 1
    # The workers end with this process (a SIGTERM to it alone, as `timeout` sends); and
    # leaving early (SIGTERM, Ctrl-C) cancels the essays not started rather than waiting
    # for them, as the pool's ``with`` did: a killed batch went on writing for minutes.
    pool = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context(method),
                               initializer=die_with_parent)
    try:
        # Each essay's PDF in one process: the pool is the parallelism.
        results = export_many(inputs, job.output, formats=job.fmts, executor=pool,
                              options=replace(job.options, jobs=None),
                              defaults={src: job.defaults(src) for src in inputs},
                              metadata=job.metadata, format=job.from_format, on_result=told)
    except BaseException:
        pool.shutdown(wait=False, cancel_futures=True)
        _end_workers(job, inputs)
        raise
    pool.shutdown()
    return {src: r.error for src, r in zip(inputs, results, strict=True) if r.error is not None}


def _end_workers(job: _Job, inputs: list[Path]) -> None:
    """Kill the pool's workers (a SIGTERM to a forked worker only fails its
    task, and exit would wait for every worker to finish), then remove what
    a worker killed while writing left beside its outputs."""
    import contextlib
    import re

    from ..api import output_paths

    for child in multiprocessing.active_children():
        child.kill()
        child.join(10)
    for target in output_paths(inputs, job.fmts, job.output).values():
        pattern = re.compile(rf"\.{re.escape(target.name)}\.[0-9a-f]{{12}}\.tmp")
        with contextlib.suppress(OSError):
            for leftover in target.parent.iterdir():
                if pattern.fullmatch(leftover.name):
                    leftover.unlink()
