"""pydyf's ``PDF.page_references`` kept per PDF while its page count stands.

It is a property that rebuilds the tuple of every page reference on each call, and
WeasyPrint's tagging calls it once per structure element: quadratic in the pages. Cut
once as paying nothing for essays; back for long ones (issue 22: 50,000 paragraphs,
1,400 pages, spent more on it than on the rest of writing). Same values, same bytes.
Figures: ``benchmarks/FINDINGS.md``.
"""

from __future__ import annotations

from typing import Any

from .patch import Replaced, once

_installed = False
#: pydyf's own property, once replaced.
original: Any = None


@once("pagerefs", "pydyf")
def install() -> Replaced | None:
    """Cache ``pydyf.PDF.page_references`` (see :func:`essaykit.speedups.patch.once`)."""
    import pydyf

    found = getattr(pydyf.PDF, "page_references", None)
    if not isinstance(found, property) or found.fget is None:
        return None
    compute = found.fget

    def page_references(self: Any) -> tuple[bytes, ...]:
        kids = self.pages["Kids"]
        cached = self.__dict__.get("_essaykit_page_refs")
        if cached is None or cached[0] != len(kids):
            cached = (len(kids), tuple(compute(self)))
            self.__dict__["_essaykit_page_refs"] = cached
        return cached[1]  # type: ignore[no-any-return]

    pydyf.PDF.page_references = property(page_references)  # type: ignore[method-assign]
    return Replaced(pydyf.PDF, "page_references", found)
