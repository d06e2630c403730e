"""A shape's position and size (``a:xfrm``) read and written on the element.

Why not python-pptx's ``sp.x``/``sp.cx`` properties: each goes through
descriptors and ``qn()`` parsing for every child it looks for (about 0.1 ms a
value); restyling the built-in template sets ~170 of them. What is written is
what python-pptx writes: ``a:xfrm`` first in ``p:spPr``, ``a:off`` before
``a:ext``, each new one with both its values (zero until set).
"""

from __future__ import annotations

from typing import Any

_A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
_P_SP = "{http://schemas.openxmlformats.org/presentationml/2006/main}sp"
_P_SPPR = "{http://schemas.openxmlformats.org/presentationml/2006/main}spPr"
_XFRM, _OFF, _EXT = _A + "xfrm", _A + "off", _A + "ext"
#: Attribute -> the child of ``a:xfrm`` that holds it.
_HOLDER = {"x": _OFF, "y": _OFF, "cx": _EXT, "cy": _EXT}


def get_xfrm(el: Any, name: str) -> int | None:
    """``x``, ``y``, ``cx`` or ``cy`` of a shape element, None when unset."""
    if el.tag != _P_SP:
        return getattr(el, name)  # pictures, frames...: python-pptx knows them
    sppr = el.find(_P_SPPR)
    xfrm = sppr.find(_XFRM) if sppr is not None else None
    holder = xfrm.find(_HOLDER[name]) if xfrm is not None else None
    value = holder.get(name) if holder is not None else None
    return int(value) if value is not None else None


def set_xfrm(el: Any, **values: int) -> None:
    """Set ``x``, ``y``, ``cx``, ``cy`` (in the order given) on a shape element."""
    if el.tag != _P_SP:
        for name, value in values.items():
            setattr(el, name, value)
        return
    sppr = el.find(_P_SPPR)
    xfrm = sppr.find(_XFRM)
    if xfrm is None:
        xfrm = sppr.makeelement(_XFRM, {})
        sppr.insert(0, xfrm)
    for name, value in values.items():
        tag = _HOLDER[name]
        holder = xfrm.find(tag)
        if holder is None:
            # As python-pptx makes them: both values present, zero.
            holder = xfrm.makeelement(tag, {"x": "0", "y": "0"} if tag == _OFF else {"cx": "0", "cy": "0"})
            if tag == _OFF:
                xfrm.insert(0, holder)
            else:
                off = xfrm.find(_OFF)
                if off is not None:
                    off.addnext(holder)
                else:
                    xfrm.insert(0, holder)
        holder.set(name, str(int(value)))
