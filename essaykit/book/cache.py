"""Prepared chapters, kept between builds while their files are unchanged.

Reading and preparing an essay (Markdown parse, typography, pull-quote
scoring) is most of a book's non-rendering time. ``--watch`` rebuilds after
every save, and a save touches one chapter: keyed by path, modification
time and size, the cache re-reads exactly the files that changed.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import WarnFn
from ..model import Document

__all__ = ["ChapterCache", "file_key"]

#: (mtime in ns, size): what tells a changed file without reading it.
FileKey = tuple[int, int]


def file_key(path: Path) -> FileKey | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return (st.st_mtime_ns, st.st_size)


@dataclass
class ChapterCache:
    """``cache.load(path, matter)`` → the prepared Document, read again only
    when the file's key changed. ``reads`` lists the paths read by the
    latest :meth:`start_build` onwards (tests and progress use it)."""

    pullquotes: str = "default"
    typography: bool = True
    lang: str | None = None
    #: Where the reader's warnings go (an unreadable date...): the build's.
    warn: WarnFn | None = None
    _docs: dict[tuple[Path, bool], tuple[FileKey, Document]] = field(default_factory=dict)
    reads: list[Path] = field(default_factory=list)

    def start_build(self) -> None:
        self.reads = []

    def stale(self, path: Path, matter: bool = False) -> bool:
        """Whether :meth:`load` would read the file (new, or changed)."""
        key = (Path(path).resolve(), matter)
        hit = self._docs.get(key)
        return hit is None or hit[0] != file_key(key[0])

    def load(self, path: Path, matter: bool = False) -> Document:
        from .. import api

        key = (Path(path).resolve(), matter)
        stamp = file_key(key[0])
        hit = self._docs.get(key)
        if hit is not None and stamp is not None and hit[0] == stamp:
            return hit[1]
        doc = api.load(path, lang=self.lang, warn=self.warn)
        # Matter pages keep only the pull quotes their author marked: a
        # preface with a machine-chosen quote reads oddly.
        mode = "marked" if matter and self.pullquotes in ("default", "auto") else self.pullquotes
        doc = api.prepare(doc, pullquotes=mode, typography=self.typography)
        if stamp is not None:
            self._docs[key] = (stamp, doc)
        self.reads.append(Path(path))
        return doc

    def prune(self, keep: set[Path]) -> None:
        """Forget files no longer in the book (after the manifest changed)."""
        keep = {p.resolve() for p in keep}
        for key in [k for k in self._docs if k[0] not in keep]:
            del self._docs[key]
