"""``essaykit book --watch``: rebuild when a file of the book changes.

Polling, not inotify/FSEvents: a book is tens of files, a ``stat`` of each
every half second costs microseconds, it works the same on every platform
and on network drives, and it needs no new dependency. What is watched is
re-derived after every build (the manifest, every file it names, and the
folders its globs look in), so a new essay matching ``essays/*.md`` is
picked up too. The :class:`~essaykit.book.cache.ChapterCache` then re-reads
only the files whose modification time or size changed.
"""

from __future__ import annotations

import glob as _glob
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from .cache import file_key
from .manifest import Manifest

__all__ = ["watched", "snapshot", "watch"]

Snapshot = dict[str, object]


def watched(manifest_path: Path, manifest: Manifest | None) -> list[Path]:
    """The files whose change means a rebuild."""
    paths = [manifest_path]
    if manifest is not None:
        paths += [e.path for e in manifest.files()]
        if manifest.cover:
            paths.append(manifest.cover)
    return paths


def snapshot(paths: list[Path], folders: Sequence[Path] = ()) -> Snapshot:
    """A comparable picture of the files (and folder listings) now."""
    snap: Snapshot = {str(p): file_key(p) for p in paths}
    for folder in folders:
        snap["dir:" + str(folder)] = tuple(sorted(_glob.glob(str(folder / "*"))))
    return snap


def watch(
    manifest_path: Path,
    build: Callable[[], Manifest | None],
    *,
    interval: float = 0.5,
    stop: Callable[[], bool] = lambda: False,
    sleep: Callable[[float], None] = time.sleep,
) -> None:
    """Build, then rebuild whenever a watched file changes, until ``stop()``.
    ``build`` returns the manifest it used (None when the build failed,
    in which case only the manifest and the previous files are watched)."""
    manifest = build()
    last_manifest = manifest
    while not stop():
        folders = sorted({p.parent for p in watched(manifest_path, last_manifest)})
        before = snapshot(watched(manifest_path, last_manifest), folders)
        while not stop():
            sleep(interval)
            now = snapshot(watched(manifest_path, last_manifest), folders)
            if now != before:
                # Let an editor finish writing (save = truncate + write).
                sleep(min(interval, 0.2))
                break
        else:
            return
        manifest = build()
        if manifest is not None:
            last_manifest = manifest
