"""Whether the speed-ups are on: the one flag every speed-up reads before it installs
(kept apart from the package's face so that its parts need not import it)."""

from __future__ import annotations

import os

_on = False


def enable() -> None:
    """Switch the speed-ups on in this process. Each is installed when its dependency is
    first used by essaykit, and only on a version it was tested with; the output is the same
    (byte for byte, but for the embedded font subsets, which HarfBuzz cuts, and the invisible
    copies of a blank leader: :mod:`.leaders`). Affects the
    whole process: the patched dependencies serve every caller."""
    global _on
    _on = True


def switch_off() -> None:
    """The flag only; :func:`essaykit.speedups.disable` also puts back what was replaced."""
    global _on
    _on = False


def is_on() -> bool:
    return _on


def enabled(name: str | None = None) -> bool:
    """Whether speed-up ``name`` (any, when None) may be installed now."""
    if not _on:
        return False
    off = {n.strip() for n in os.environ.get("ESSAYKIT_SPEEDUPS_OFF", "").split(",")}
    return "all" not in off and (name is None or name not in off)
