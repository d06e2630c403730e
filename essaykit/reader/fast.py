"""Registering an inline rule without costing every paragraph its fast path.

mistune 3.1+ skips plain text between the characters some rule may start with; a
rule registered without its start characters turns that off for the whole
parser, and reading a 90,000-word book took 75 % longer (0.23 s to 0.40 s).
Every inline rule essaykit adds goes through :func:`register_inline`, and a test
checks that the fast path stays on.
"""

from __future__ import annotations

from typing import Any

__all__ = ["fast_path_on", "register_inline"]


def register_inline(md: Any, name: str, pattern: str, func: Any, *, before: str | None,
                    start_chars: tuple[str, ...]) -> None:
    """``md.inline.register`` with the characters the rule's matches can start with
    (ignored by a mistune too old to take them)."""
    try:
        md.inline.register(name, pattern, func, before=before, start_chars=start_chars)
    except TypeError:  # mistune 3.0: no fast path to keep
        md.inline.register(name, pattern, func, before=before)


def fast_path_on(md: Any) -> bool:
    """Whether mistune can skip plain text (every inline rule's start is known)."""
    chars = getattr(md.inline, "_get_fast_trigger_chars", None)
    return chars is None or chars() is not None
