"""What is installed, as one string that changes when it does.

Why: two things essaykit finds by scanning the installed distributions
(renderer plugins through entry points, :mod:`essaykit.renderers.registry`;
font packages, :mod:`essaykit.fonts`) cost 20–80 ms a run to scan, the same
answer every time until something is installed or removed. Each keeps its
answer in the cache folder with this fingerprint and scans again only when
the fingerprint differs.
"""

from __future__ import annotations

import os
import sys


def fingerprint() -> str | None:
    """What ``importlib.metadata`` would read, by modification time; None
    when a finder other than the standard path finder can add distributions
    (no caching then)."""
    for finder in sys.meta_path:
        if not hasattr(finder, "find_distributions"):
            continue
        if getattr(finder, "__name__", "") == "PathFinder" and finder.__module__ in _STD_FINDERS:
            continue
        return None
    parts: list[str] = []
    for entry in sys.path:
        folder = entry or "."
        try:
            parts.append(f"{entry}\t{os.stat(folder).st_mtime_ns}")
            if not os.path.isdir(folder):
                continue
            with os.scandir(folder) as listing:
                names = sorted(e.name for e in listing if e.name.endswith((".dist-info", ".egg-info")))
        except OSError:
            parts.append(f"{entry}\t-")
            continue
        for name in names:
            try:
                stamp = str(os.stat(os.path.join(folder, name, "entry_points.txt")).st_mtime_ns)
            except OSError:
                stamp = "-"
            parts.append(f" {name}\t{stamp}")
    return "\n".join(parts)


_STD_FINDERS = ("_frozen_importlib_external", "importlib._bootstrap_external", "importlib.machinery")
