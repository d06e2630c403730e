"""TeX → MathML for the EPUB, with the TeX source as text when that fails.

EPUB 3 reading systems render MathML (and screen readers speak it), so math
is written as MathML with the TeX source in ``alttext``. The conversion uses
``latex2mathml`` (pure Python, maintained, no network, small) when it is
installed; its output is parsed before use because it can emit malformed XML
for unusual input (``<&>``), and anything that fails falls back to the TeX
source in a ``span.math``, which is always valid. WeasyPrint cannot draw
MathML, so the PDF keeps the shared writer's text form.
"""

from __future__ import annotations

from functools import lru_cache

from ..xhtml.writer import attr, xml_safe

MATHML_NS = "http://www.w3.org/1998/Math/MathML"


@lru_cache(maxsize=1)
def available() -> bool:
    try:
        import latex2mathml.converter  # noqa: F401
    except ImportError:
        return False
    return True


@lru_cache(maxsize=2048)
def to_mathml(tex: str, display: bool) -> str | None:
    """MathML for ``tex`` (well-formed, with ``alttext``), or None."""
    tex = xml_safe(tex).strip()
    if not tex or not available():
        return None
    import xml.etree.ElementTree as ET  # (only for a book with math)

    from latex2mathml.converter import convert

    try:
        out = convert(tex, display="block" if display else "inline")
    except Exception:  # the converter raises many kinds on bad TeX
        return None
    try:
        root = ET.fromstring(out)
    except ET.ParseError:
        return None
    if root.tag != f"{{{MATHML_NS}}}math" or len(root) == 0:
        return None
    head = "<math "
    if not out.startswith(head):
        return None
    return f'<math alttext="{attr(tex)}" ' + out[len(head):]
