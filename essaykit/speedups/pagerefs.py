"""Make WeasyPrint's tagged output linear in the number of pages.

Why: with ``pdf_tags`` on (PDF/UA, our default), WeasyPrint's
``pdf/tags.py`` stamps every structure element with ``'Pg':
pdf.page_references[page_number]``, and pydyf's ``page_references`` is a
*property* that rebuilds the tuple of every page reference on each call.
One call per text box times every page is quadratic: for the 335-page
synthetic book that was about 27,000 calls building 9 million strings.

The fix memoises the tuple on the ``pydyf.PDF`` instance, keyed on the
length of its ``/Kids`` array (WeasyPrint only ever appends pages, so the
length changes whenever the answer does). Same values, same output bytes.
Installed once per process from :func:`essaykit.renderers.pdf.layout.layout`; a pydyf
without the property is left alone.
"""

from __future__ import annotations

from typing import Any

from .patch import once

_installed = False
#: pydyf's own property, once replaced.
original: Any = None


@once
def install() -> Any:
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
    return found
