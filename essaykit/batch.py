"""Exporting many essays at once, on any :class:`concurrent.futures.Executor`.

Why an executor and not a pool of our own: the same call then runs in this
process (no executor), on a local process pool (``essaykit export --jobs
N``) or spread over a cluster (Dask's ``Client.get_executor()``, Ray's
executors). What is sent is plain data — the input's path, where each
format goes, the options (a theme by its name or folder), the defaults and
metadata that apply — and what comes back is an :class:`ExportResult`: no
document, theme or renderer crosses a process boundary, so the workers only
need essaykit installed and the same files in reach (a shared folder, on a
cluster). Each essay goes through the steps ``essaykit export`` takes:
read, metadata, options resolved (:func:`essaykit.api.resolve`), prepared,
rendered to every format, written.

Every input gets a result: a bad essay is one error line, never the end of
the batch. Each essay is rendered to every format before any file is
written, so a failure leaves none of its outputs behind.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from concurrent.futures import Executor, Future
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .errors import EssayError, UsageError, Warning_, os_error_line
from .options import Options

if TYPE_CHECKING:
    from collections.abc import Mapping

    from .defaults import Defaults

__all__ = ["ExportResult", "export_many"]


@dataclass(frozen=True)
class ExportResult:
    """What became of one input: the files written, or the error that
    stopped it (one line, ``file:line: message``), and its warnings."""

    source: Path
    outputs: tuple[Path, ...] = ()
    error: str | None = None
    warnings: tuple[Warning_, ...] = field(default=())

    @property
    def ok(self) -> bool:
        return self.error is None


def export_many(
    inputs: Iterable[str | os.PathLike[str]],
    out_dir: str | os.PathLike[str] | None = None,
    *,
    formats: Iterable[str] = ("pdf", "epub", "pptx"),
    executor: Executor | None = None,
    options: Options | None = None,
    defaults: Options | Defaults | Mapping[str | os.PathLike[str], Defaults] | None = None,
    metadata: Mapping[str, Any] | None = None,
    format: str | None = None,
    on_result: Callable[[ExportResult], None] | None = None,
    **kwargs: Any,
) -> list[ExportResult]:
    """Export every input to every format, into the folder ``out_dir``
    (created; beside each input when None); one :class:`ExportResult` per
    input, in input order.

    ``executor``: where the essays are rendered, one task per essay (None:
    here, one after the other). Each essay's PDF is laid out in one process
    (``jobs=1``) unless the options say otherwise: the executor is the
    parallelism. Options as for :func:`essaykit.render` (keyword arguments
    over ``options=``); ``defaults`` (one for all, or each input's own, as
    an :class:`essaykit.defaults.Defaults` with its ``[metadata]``) under
    the front matter; ``metadata`` over it (what ``-M`` sets); ``format``
    the inputs' (default: from the suffix). ``on_result`` is called with
    each result, in input order, as soon as it and those before it are done.

    Raises before any work, as :func:`essaykit.export` does: an unknown
    option or format, outputs that cannot be told apart (two inputs, one
    file) or that would overwrite an input. An input whose output is in the
    way (a folder, a file of another kind) is that input's error, and the
    others go on."""
    from .api import check_target, output_paths
    from .renderers.registry import get_renderer

    opts = (options or Options()).updated(Options.from_kwargs(kwargs, "export_many"))
    if opts.theme is not None and not isinstance(opts.theme, (str, os.PathLike)):
        opts = replace(opts, theme=str(opts.theme.path))  # a Theme stays here: its folder goes
    if executor is not None and opts.jobs is None:
        opts = replace(opts, jobs=1)
    sources = [Path(p) for p in inputs]
    fmts = list(dict.fromkeys(formats))
    for fmt in fmts:
        get_renderer(fmt)
    out = Path(out_dir) if out_dir is not None else None
    if out is not None:
        out.mkdir(parents=True, exist_ok=True)
    targets = output_paths(sources, fmts, out)
    refused: dict[Path, ExportResult] = {}
    for (src, fmt), target in targets.items():
        try:
            if src not in refused:
                check_target(target, fmt, sources)
        except UsageError as exc:
            refused[src] = ExportResult(src, error=str(exc))
    tasks = [(str(src), [(fmt, str(targets[(src, fmt)])) for fmt in fmts], opts,
              _defaults_of(defaults, src), dict(metadata or {}), format) for src in sources]
    results: list[ExportResult] = []
    if executor is None:
        for src, task in zip(sources, tasks, strict=True):
            results.append(refused.get(src) or export_one(*task))
            if on_result is not None:
                on_result(results[-1])
        return results
    futures: list[Future[ExportResult] | None] = [
        None if src in refused else executor.submit(export_one, *task)
        for src, task in zip(sources, tasks, strict=True)]
    for src, task, future in zip(sources, tasks, futures, strict=True):
        try:
            result = refused[src] if future is None else future.result()
        except Exception as exc:  # noqa: BLE001 - a worker lost, a task not sent: this input's error
            result = ExportResult(Path(task[0]), error=f"{task[0]}: {type(exc).__name__}: {exc}")
        results.append(result)
        if on_result is not None:
            on_result(result)
    return results


def _defaults_of(defaults: Any, src: Path) -> Defaults:
    """The defaults that apply to ``src`` (without the file's warnings:
    whoever read the file has told them)."""
    from .defaults import Defaults

    if defaults is None:
        return Defaults()
    if isinstance(defaults, Options):
        return Defaults(options=defaults)
    if isinstance(defaults, Defaults):
        return replace(defaults, warnings=())
    found = defaults.get(src, defaults.get(str(src)))
    return replace(found, warnings=()) if found is not None else Defaults()


def export_one(src: str, wanted: list[tuple[str, str]], options: Options, defaults: Defaults,
               metadata: dict[str, Any], format: str | None = None) -> ExportResult:
    """One essay to every format in ``wanted`` ((format, output path)
    pairs): the task an executor runs. Catches what a bad essay raises;
    the result says what happened."""
    from . import api
    from .defaults import with_metadata

    warnings: list[Warning_] = []
    strict = bool(defaults.options.updated(options).strict)

    def reading(w: Warning_) -> None:
        if strict:
            raise EssayError(w.message, path=w.path, line=w.line)
        warnings.append(w)

    try:
        doc = api.load(src, format=format, lang=options.lang, warn=reading)
        doc = with_metadata(doc, defaults.metadata, override=False)
        doc = with_metadata(doc, metadata)
        doc, opts, theme = api.resolve(doc, options, defaults=defaults.options, warn=warnings.append)
        doc = api.prepare(doc, pullquotes=opts.pullquotes or "default", typography=opts.typography is not False)
        # Every format rendered before any is written: no half-exported set.
        datas = [api.render_prepared(doc, fmt, theme, opts.render_options(), warnings.append)
                 for fmt, _path in wanted]
        api.write_all([(Path(path), data) for (_fmt, path), data in zip(wanted, datas, strict=True)])
    except EssayError as exc:
        error = str(exc.located(src))
    except RecursionError:
        error = f"{src}: too deeply nested to convert"
    except OSError as exc:
        error = os_error_line(exc, src)
    else:
        return ExportResult(Path(src), tuple(Path(p) for _f, p in wanted), None, tuple(warnings))
    return ExportResult(Path(src), (), error, tuple(warnings))
