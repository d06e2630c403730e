"""The dependency versions each speed-up was written and tested against.

On any other version the speed-up stays out and the stock code runs, with one logged
note per distribution. Upgrading a dependency means running the tests that compare each
speed-up with the stock output (``tests/test_speedups_output.py``, ``tests/test_pdf_pango.py``)
and adding the version here.
"""

from __future__ import annotations

import logging
import os
import re
import sys

#: Distribution → the versions the speed-ups that reach into it were tested with.
TESTED: dict[str, tuple[str, ...]] = {
    "weasyprint": ("70.0",),
    "pydyf": ("0.13.0",),
    "ziamath": ("0.13",),
}

LOG = logging.getLogger("essaykit.speedups")
_checked: dict[str, bool] = {}
_DIST = re.compile(r"^(.+?)-([^-]+)\.dist-info$")


def tested(dist: str) -> bool:
    """Whether the installed ``dist`` is a version in :data:`TESTED` (once per process)."""
    ok = _checked.get(dist)
    if ok is None:
        found = installed_version(dist)
        ok = _checked[dist] = found in TESTED.get(dist, ())
        if not ok:
            LOG.warning("essaykit: speed-ups for %s %s are off (tested with %s); the stock code runs",
                        dist, found or "(not found)", ", ".join(TESTED.get(dist, ())) or "no version")
    return ok


def installed_version(dist: str) -> str | None:
    """``importlib.metadata.version(dist)``, read from the ``.dist-info`` folder names on
    ``sys.path`` when it is there (importing :mod:`importlib.metadata` costs 40 ms, on
    the PDF's critical path)."""
    global _found
    if _found is None:
        _found = {}
        for entry in reversed(sys.path):  # the first entry wins, as for imports
            try:
                with os.scandir(entry or ".") as listing:
                    for item in listing:
                        m = _DIST.match(item.name) if item.name.endswith(".dist-info") else None
                        if m:
                            _found[_normal(m.group(1))] = m.group(2)
            except OSError:
                continue
    version = _found.get(_normal(dist))
    if version is not None:
        return version
    from importlib import metadata

    try:
        return metadata.version(dist)
    except metadata.PackageNotFoundError:
        return None


_found: dict[str, str] | None = None


def _normal(name: str) -> str:
    return re.sub(r"[-_.]+", "_", name).lower()
