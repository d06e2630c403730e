"""Pyphen's hyphenation dictionaries, parsed once per machine and kept in the cache folder.

``pyphen.hdcache`` is replaced by a dict that, on a miss, loads the parsed patterns from a
``marshal`` file (data only, never code) keyed by the dictionary's path, size, mtime and
Pyphen's version, and saves what Pyphen parses. Figures: ``benchmarks/FINDINGS.md``.
"""

from __future__ import annotations

import hashlib
import marshal
from pathlib import Path
from typing import Any

from .. import cache
from .patch import Replaced, once

_FORMAT = 1
_installed = False
#: Pyphen's own dict, once replaced.
original: Any = None


@once("hyphen", "pyphen")
def install() -> Replaced | None:
    """Back ``pyphen.hdcache`` with the cache folder (see :func:`essaykit.speedups.patch.once`)."""
    import pyphen

    found = getattr(pyphen, "hdcache", None)
    if not isinstance(found, dict) or isinstance(found, _DiskBacked):
        return None
    pyphen.hdcache = _DiskBacked(found)
    return Replaced(pyphen, "hdcache", found)


class _DiskBacked(dict):  # type: ignore[type-arg]
    def __contains__(self, filename: object) -> bool:
        if dict.__contains__(self, filename):
            return True
        hd = _load(filename)
        if hd is None:
            return False
        dict.__setitem__(self, filename, hd)
        return True

    def __setitem__(self, filename: Any, hd: Any) -> None:
        dict.__setitem__(self, filename, hd)
        _save(filename, hd)


def _cache_path(filename: object) -> Path | None:
    import pyphen

    try:
        path = Path(str(filename)).resolve()
        stat = path.stat()
    except (OSError, TypeError, ValueError):
        return None
    version = getattr(pyphen, "__version__", getattr(pyphen, "VERSION", ""))
    key = hashlib.sha256(repr((str(path), stat.st_size, stat.st_mtime_ns, version, _FORMAT)).encode())
    return cache.cache_root() / "hyphenation" / f"{path.stem}-{key.hexdigest()[:16]}.marshal"


def _load(filename: object) -> Any:
    path = _cache_path(filename)
    data = cache.read(path) if path is not None else None
    if data is None:
        return None
    try:
        patterns, maxlen = marshal.loads(data)
        if not isinstance(patterns, dict) or not isinstance(maxlen, int):
            return None
    except (EOFError, ValueError, TypeError):
        return None
    from pyphen import HyphDict

    hd = HyphDict.__new__(HyphDict)
    hd.patterns = patterns
    hd.cache = {}
    hd.maxlen = maxlen
    return hd


def _save(filename: object, hd: Any) -> None:
    patterns = getattr(hd, "patterns", None)
    if not isinstance(patterns, dict) or not patterns:
        return
    plain: dict[str, tuple[int, tuple[int, ...]]] = {}
    for key, (start, values) in patterns.items():
        # Alternative hyphenation (``DataInt`` values with data) is not plain data.
        if any(type(v) is not int for v in values):
            return
        plain[key] = (start, tuple(values))
    path = _cache_path(filename)
    if path is not None and not path.exists():
        cache.write(path, marshal.dumps((plain, int(hd.maxlen))))
