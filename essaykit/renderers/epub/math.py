"""TeX → MathML for the EPUB (:mod:`essaykit.transform.maths` does the work).

EPUB 3 reading systems render MathML (and screen readers speak it), so maths
is written as MathML with the TeX source in ``alttext``. What the converter
cannot read falls back to the TeX in code style, as in the PDF and the deck.
"""

from __future__ import annotations

from functools import lru_cache

from essaykit.transform import maths

from ..xhtml.escape import xml_safe

MATHML_NS = maths.MATHML_NS


@lru_cache(maxsize=1)
def available() -> bool:
    try:
        import latex2mathml.converter  # noqa: F401
    except ImportError:
        return False
    return True


def to_mathml(tex: str, display: bool) -> str | None:
    """MathML for ``tex`` (well-formed, with ``alttext``), or None."""
    return maths.to_mathml(xml_safe(tex), display)
