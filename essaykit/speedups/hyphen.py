"""Pyphen's hyphenation dictionaries, parsed once per machine.

Why: WeasyPrint hyphenates (``hyphens: auto``) through Pyphen, which parses
a language's ``hyph_*.dic`` file the first time a process asks for it:
0.15 s for English (about 5,000 patterns), paid by every process that lays
out a PDF (an essay's export, each worker of a long book). The parsed
patterns load from a ``marshal`` file in about 5 ms, so they are kept in
essaykit's cache folder (:mod:`essaykit.cache`), keyed by the dictionary's
path, size and modification time and Pyphen's version.

How: Pyphen keeps parsed dictionaries in the module's dict ``hdcache`` and
asks ``filename in hdcache`` before parsing. :func:`install` replaces it by
a dict that, on a miss, looks in the cache folder, and saves what Pyphen
parses. Dictionaries with non-standard hyphenation (patterns that carry
replacement data) are not cached; a file that fails to load is ignored and
Pyphen parses as before. ``marshal`` rather than ``pickle``: loading it can
build data, never run code.
"""

from __future__ import annotations

import hashlib
import marshal
from pathlib import Path
from typing import Any

from .. import cache

_FORMAT = 1


def install() -> None:
    """Back ``pyphen.hdcache`` with the cache folder (idempotent)."""
    import pyphen

    if not isinstance(pyphen.hdcache, _DiskBacked):
        pyphen.hdcache = _DiskBacked(pyphen.hdcache)


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
