"""WeasyPrint's fallback font subsetting (fontTools, seconds per face) done by HarfBuzz.

Only where WeasyPrint would use fontTools (no system libharfbuzz-subset): ``uharfbuzz``
cuts the same glyphs, ids retained, in milliseconds. Any failure falls back to WeasyPrint's
own method. Figures: ``benchmarks/FINDINGS.md``.
"""

from __future__ import annotations

from typing import Any

from .patch import Replaced, once

_DROP = (b"BASE", b"DSIG", b"EBDT", b"EBLC", b"EBSC", b"GPOS", b"GSUB", b"JSTF", b"LTSH",
         b"PCLT", b"SVG ")
_installed = False
#: WeasyPrint's own method, once replaced.
original: Any = None


@once("subset", "weasyprint")
def install() -> Replaced | None:
    """Route WeasyPrint's fallback subsetting through uharfbuzz (see
    :func:`essaykit.speedups.patch.once`)."""
    import uharfbuzz  # noqa: F401
    from weasyprint.pdf import fonts as wp_fonts
    from weasyprint.text.ffi import harfbuzz_subset

    if harfbuzz_subset is not None:
        return None  # WeasyPrint's native HarfBuzz path is already fast
    found = getattr(wp_fonts.Font, "_fonttools_subset", None)
    if found is None:  # a WeasyPrint that no longer has this method
        return None

    def _hb_subset(self: Any, to_unicode: dict[int, Any], hinting: bool) -> None:
        try:
            data = subset_glyphs(self.file_content, self.index, set(to_unicode),
                                 hinting=hinting, notdef_outline=bool(self.missing))
        except Exception:  # noqa: BLE001 - never worse than WeasyPrint itself
            data = None
        if data:
            self.file_content = data
        else:
            found(self, to_unicode, hinting)

    wp_fonts.Font._fonttools_subset = _hb_subset
    return Replaced(wp_fonts.Font, "_fonttools_subset", found)


def subset_glyphs(data: bytes, index: int, glyphs: set[int], *, hinting: bool = False,
                  notdef_outline: bool = False) -> bytes | None:
    """``data`` cut to ``glyphs`` (glyph ids kept as they are)."""
    import uharfbuzz as hb

    face = hb.Face(hb.Blob(data), index)
    inp = hb.SubsetInput()
    inp.glyph_set.update(glyphs | {0})
    flags = (hb.SubsetFlags.RETAIN_GIDS | hb.SubsetFlags.PASSTHROUGH_UNRECOGNIZED
             | hb.SubsetFlags.DESUBROUTINIZE)
    if not hinting:
        flags |= hb.SubsetFlags.NO_HINTING
    if notdef_outline:
        flags |= hb.SubsetFlags.NOTDEF_OUTLINE
    inp.flags = flags
    inp.drop_table_tag_set.update(int.from_bytes(t, "big") for t in _DROP)
    result = hb.subset(face, inp)
    if result is None:
        return None
    out = bytes(result.blob.data)
    return out or None
