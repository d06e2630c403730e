"""The model → model passes, in the order they run.

Each pass is a pure function ``Document -> Document`` with a name and an
order, so ``essaykit inspect`` can say what ran and a caller can leave one
out. Typography runs first: pull quotes copy body text, and the copies must
carry the same curly quotes and dashes as the sentences they repeat.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from ..model import Document
from .pullquotes import MODES, pullquotes
from .typography import typography

__all__ = ["Pass", "PASSES", "apply_passes", "selected_passes"]


@dataclass(frozen=True, slots=True)
class Pass:
    name: str
    order: int
    run: Callable[[Document], Document]


PASSES: tuple[Pass, ...] = (
    Pass("typography", 10, typography),
    Pass("pullquotes", 20, pullquotes),
)


def selected_passes(*, pullquotes: str = "default", typography: bool = True) -> list[Pass]:
    """The passes the options select, in order, each bound to its options."""
    chosen: list[Pass] = []
    for p in sorted(PASSES, key=lambda p: p.order):
        if p.name == "typography" and not typography:
            continue
        if p.name == "pullquotes":
            mode = pullquotes
            run = p.run

            def bound(
                doc: Document, run: Callable[..., Document] = run, mode: str = mode
            ) -> Document:
                return run(doc, mode)

            p = Pass(p.name, p.order, bound)
        chosen.append(p)
    return chosen


def apply_passes(
    doc: Document, *, pullquotes: str = "default", typography: bool = True
) -> Document:
    """Run the selected passes over ``doc``.

    ``pullquotes`` is one of ``default``, ``auto``, ``marked``, ``none`` (see
    :mod:`essaykit.transform.pullquotes`); ``none`` still runs the pass, since
    it removes duplicates an earlier run made while keeping explicit ones.
    """
    if pullquotes not in MODES:
        from ..errors import UsageError

        raise UsageError(f"--pullquotes must be one of {', '.join(MODES)}, not {pullquotes!r}")
    for p in selected_passes(pullquotes=pullquotes, typography=typography):
        doc = p.run(doc)
    return doc
