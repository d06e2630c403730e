"""WeasyPrint's SVG ``<path>`` drawing kept per outline: parsed once, its PDF operators reused.

WeasyPrint parses a path's ``d`` again each time it draws it, in Python (a regex, then a
float and a tuple per point). A formula is a few glyph outlines (:func:`essaykit.transform.maths.
_glyph_paths`), and the same outlines recur in every formula: 5,000 small formulas spent
about 20 s parsing some twenty outlines (issue 22). The operators a ``d`` of plain numbers
gives do not depend on where or how it is drawn (the transform and the colours are set
around it), so they are recorded the first time and appended as they were after that.
Same bytes. A ``d`` with units or percentages goes to WeasyPrint's own function.
Figures: ``benchmarks/FINDINGS.md``.
"""

from __future__ import annotations

import re
from typing import Any

from .patch import Replaced, once

_installed = False
#: WeasyPrint's own ``TAGS`` table, once replaced.
original: Any = None
#: A ``d`` of path letters and plain numbers only: what it draws depends on nothing else.
_PLAIN = re.compile(r"[0-9\s.,eE+\-MmLlHhVvCcSsQqTtAaZz]*")
#: Outlines kept (a few hundred bytes of operators each); past it, WeasyPrint's own way.
MAX_KEPT = 20_000


@once("svgpaths", "weasyprint", "pydyf")
def install() -> Replaced | None:
    """Replace the ``path`` entry of WeasyPrint's SVG tag table (see
    :func:`essaykit.speedups.patch.once`)."""
    import sys
    import types

    import pydyf
    import weasyprint.svg  # noqa: F401 - the package, for its module below

    svg_module = sys.modules["weasyprint.svg"]
    tags = getattr(svg_module, "TAGS", None)
    if not isinstance(tags, dict) or not callable(tags.get("path")):
        return None
    draw = tags["path"]
    kept: dict[str, tuple[tuple[Any, ...], tuple[Any, ...]]] = {}

    def path(svg: Any, node: Any, font_size: float) -> None:
        d = node.get("d", "")
        hit = kept.get(d)
        if hit is None:
            stream = getattr(svg.stream, "stream", None)
            if len(kept) >= MAX_KEPT or not isinstance(stream, list) or not _PLAIN.fullmatch(d):
                draw(svg, node, font_size)
                return
            # Drawn once into a stream of its own, by WeasyPrint's function itself.
            record = types.SimpleNamespace(stream=pydyf.Stream(), point=svg.point)
            before = len(node.vertices)
            try:
                draw(record, node, font_size)
            except Exception:  # noqa: BLE001 - a bad point: WeasyPrint's own way, as it would
                while len(node.vertices) > before:
                    node.vertices.pop()
                draw(svg, node, font_size)
                return
            hit = kept[d] = (tuple(record.stream.stream), tuple(node.vertices)[before:])
            stream.extend(hit[0])
            return
        svg.stream.stream.extend(hit[0])
        node.vertices.extend(hit[1])

    svg_module.TAGS = {**tags, "path": path}  # type: ignore[attr-defined]
    return Replaced(svg_module, "TAGS", tags)
