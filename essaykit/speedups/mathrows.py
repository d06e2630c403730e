"""ziamath's row layout without its second pass where nothing in the row can stretch.

Before laying out a row (``Mrow``), ziamath lays out a copy of each of its children to
measure the row's height without its stretchy operators, which it then stretches to that
height. Each child row does the same, so a formula is laid out twice per level of
nesting: ``x_{i}^2 + \\sqrt{i}`` eight times over. The height is read only by a stretchy
operator (``Moperator``, from the ``rowymin`` it is given), so where no operator in the
row's children could stretch (none stretchy by attribute or by ziamath's operator table,
in any form; no ``mfenced``, whose fences are, and no text, which touches the font's
script) the measuring pass is left out: the same SVG, 2.5 times faster for such a
formula (issue 22: 5,000 distinct formulas). Any other row goes to ziamath's own method.
Figures: ``benchmarks/FINDINGS.md``.
"""

from __future__ import annotations

from typing import Any

from .patch import Replaced, once

_installed = False
#: ziamath's own method, once replaced.
original: Any = None
_FORMS = ("prefix", "infix", "postfix")
#: Elements whose layout stretches or changes the font's state: the row is measured.
_MEASURED = frozenset(("mfenced", "mtext", "ms"))


@once("mathrows", "ziamath")
def install() -> Replaced | None:
    """Replace ``Mrow._get_height_nostretch`` (see :func:`essaykit.speedups.patch.once`)."""
    from ziamath import operators
    from ziamath.nodes import mrow
    from ziamath.nodes.nodetools import elementtext

    found = getattr(mrow.Mrow, "_get_height_nostretch", None)
    table = getattr(operators, "operators", None)
    names = getattr(operators, "names", None)
    if not callable(found) or not isinstance(table, dict) or names is None:
        return None

    def may_stretch(element: Any) -> bool:
        for e in element.iter():
            tag = e.tag
            if tag in _MEASURED:
                return True
            if tag == "mo" or tag == "mi" and elementtext(e) in names:
                said = e.get("stretchy")
                if said is not None:
                    if said != "false":
                        return True
                    continue
                text = elementtext(e)
                if any(table.get((text, form), {}).get("stretchy", "false") != "false" for form in _FORMS):
                    return True
        return False

    def _get_height_nostretch(self: Any, line: list[Any], **kwargs: Any) -> tuple[float, float]:
        if any(may_stretch(child) for child in line):
            return found(self, line, **kwargs)  # type: ignore[no-any-return]
        return 9999, -9999  # what ziamath's gives for an empty row: read by no one here

    mrow.Mrow._get_height_nostretch = _get_height_nostretch  # type: ignore[method-assign]
    return Replaced(mrow.Mrow, "_get_height_nostretch", found)
