"""essaykit's folder of derived files: ``$XDG_CACHE_HOME/essaykit``
(``~/.cache/essaykit`` by default).

Why one module: several things are worth computing once per machine rather
than once per run (pinned font instances, the language model, the list of
renderers, parsed hyphenation dictionaries), and all of them need the same
guarantees: a file is written whole or not at all (a temporary file renamed
into place, so concurrent runs never read half a file), and a folder that
cannot be written is not an error, the work is just done again next time.
Everything in it can be deleted at any time.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path


def cache_root() -> Path:
    """``$XDG_CACHE_HOME/essaykit``, or ``~/.cache/essaykit`` (a relative
    ``XDG_CACHE_HOME`` is ignored, as the XDG specification asks)."""
    base = os.environ.get("XDG_CACHE_HOME", "")
    if not os.path.isabs(base):
        base = os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "essaykit"


def read(path: Path) -> bytes | None:
    """The file's bytes, or None when it is missing, empty or unreadable."""
    try:
        data = path.read_bytes()
    except OSError:
        return None
    return data or None


def write(path: Path, data: bytes) -> bool:
    """Write ``data`` to ``path`` atomically; False (and nothing written)
    when the folder cannot be made or written."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError:
        return False
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, path)
        return True
    except OSError:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        return False
