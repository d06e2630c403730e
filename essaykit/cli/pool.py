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
    with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context(method)) as pool:
        # Each essay's PDF in one process: the pool is the parallelism.
        results = export_many(inputs, job.output, formats=job.fmts, executor=pool,
                              options=replace(job.options, jobs=None),
                              defaults={src: job.defaults(src) for src in inputs},
                              metadata=job.metadata, format=job.from_format, on_result=told)
    return {src: r.error for src, r in zip(inputs, results, strict=True) if r.error is not None}
