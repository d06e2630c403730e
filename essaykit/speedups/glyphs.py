"""WeasyPrint's ``draw_first_line`` keeping Persian's zero-width non-joiners in the PDF's text.

Kept for fidelity, not speed: WeasyPrint writes no glyph for the empty one Pango gives every
ZWNJ, so "می‌کنه" copies as "میکنه"; here each ZWNJ is written invisibly with the font's own
glyph (:func:`keep_zwnj`). It belongs upstream (WeasyPrint: write default-ignorables as text).
Faces essaykit prepares already write their ZWNJ without it (:mod:`essaykit.joiners`); this
serves the others (a system font, a CFF face).
It also reads each run's glyphs in one go. Same expressions in the same order otherwise;
a line with an ellipsis, a colour or bitmap font, a raised or missing glyph goes to
WeasyPrint's own function. Figures: ``benchmarks/FINDINGS.md``.
"""

from __future__ import annotations

import struct
from typing import Any

from .patch import Replaced, once

_installed = False
#: WeasyPrint's own function, once replaced.
original: Any = None
#: ``PangoGlyphInfo``: glyph, geometry (width, x_offset, y_offset), attr.
_GLYPH = struct.Struct("=Iiii4x")


@once("glyphs", "weasyprint")
def install() -> Replaced | None:
    """Replace ``draw_first_line`` (see :func:`essaykit.speedups.patch.once`)."""
    import weasyprint.draw.text as wp_text
    from weasyprint.text.ffi import FROM_UNITS, ffi, pango

    found = getattr(wp_text, "draw_first_line", None)
    try:
        layout_ok = (ffi.sizeof("PangoGlyphInfo") == _GLYPH.size
                     and ffi.offsetof("PangoGlyphInfo", "geometry") == 4
                     and ffi.sizeof("PangoGlyphGeometry") == 12)
        empty, unknown = int(pango.PANGO_GLYPH_EMPTY), int(pango.PANGO_GLYPH_UNKNOWN_FLAG)
        old_pango = pango.pango_version() < 14802
    except Exception:  # noqa: BLE001 - a cffi or Pango this was not written for
        return None
    if not callable(found) or not layout_ok:
        return None

    def draw_first_line(stream: Any, textbox: Any, text_overflow: str, block_ellipsis: str,
                        matrix: Any) -> Any:
        if text_overflow == "ellipsis" or block_ellipsis != "none" or old_pango:
            return found(stream, textbox, text_overflow, block_ellipsis, matrix)
        if not textbox.text.strip():
            return []
        if textbox.style["font_size"] < 1e-6:
            return []
        layout = textbox.pango_layout
        pango.pango_layout_set_single_paragraph_mode(layout.layout, True)
        first_line, _index = layout.get_first_line()
        hidden = keep_zwnj(first_line, layout.text, ffi, pango, empty) if ZWNJ in textbox.text else []
        runs = _read_runs(stream, first_line, ffi, empty, unknown)
        if runs is None:  # something only WeasyPrint's own loop handles
            for info in hidden:
                info.glyph = empty
            return found(stream, textbox, text_overflow, block_ellipsis, matrix)
        _write(stream, textbox, runs, matrix, pango, FROM_UNITS, empty,
               {int(info.glyph) for info in hidden})
        return []

    wp_text.draw_first_line = draw_first_line
    return Replaced(wp_text, "draw_first_line", found)


ZWNJ = "\u200c"
_ZWNJ_UTF8 = ZWNJ.encode()
#: HarfBuzz's nominal-glyph lookup, bound once (None: not found).
_nominal: Any = False


def _nominal_glyph() -> Any:
    global _nominal
    if _nominal is False:
        _nominal = None
        try:
            import cffi

            own = cffi.FFI()
            own.cdef("typedef struct hb_font_t hb_font_t;"
                     "int hb_font_get_nominal_glyph (hb_font_t *font, uint32_t unicode,"
                     " uint32_t *glyph);")
            for name in ("harfbuzz", "libharfbuzz.so.0", "libharfbuzz-0.dll", "libharfbuzz.0.dylib"):
                try:
                    lib = own.dlopen(name)
                    _nominal = (own, lib.hb_font_get_nominal_glyph)
                    break
                except (OSError, AttributeError):
                    continue
        except Exception:  # noqa: BLE001 - no cffi or no HarfBuzz: leave the text as it is
            _nominal = None
    return _nominal


def keep_zwnj(first_line: Any, text: str, ffi: Any, pango: Any, empty: int) -> list[Any]:
    """Give each zero-width non-joiner of ``first_line`` its font's own
    glyph, in place of the "nothing" glyph Pango gives every
    default-ignorable character; the glyph infos changed.

    Why: the PDF's text is its glyphs' text, and WeasyPrint writes no glyph
    for Pango's empty one, so the ZWNJ of Persian "می‌کنه" left the PDF
    ("میکنه" when copied or searched; a fifth of Persian words have one).
    With the font's glyph, mapped to U+200C as every glyph is mapped, it
    comes back. The glyph is written invisibly (:func:`_write`: some fonts,
    Amiri among them, draw ZWNJ as a mark for editors) with Pango's advance
    (zero): the page looks the same. A font without the glyph keeps Pango's."""
    changed: list[Any] = []
    lookup = _nominal_glyph()
    if lookup is None:
        return changed
    own, nominal = lookup
    utf8 = text.encode()
    run = first_line.runs[0] if first_line.runs != ffi.NULL else ffi.NULL
    out = own.new("uint32_t *")
    while run != ffi.NULL:
        glyph_item = run.data
        run = run.next
        glyphs = glyph_item.glyphs
        offset = glyph_item.item.offset
        font = glyph_item.item.analysis.font
        for i in range(glyphs.num_glyphs):
            info = glyphs.glyphs[i]
            if info.glyph != empty:
                continue
            start = offset + glyphs.log_clusters[i]
            if utf8[start:start + 3] != _ZWNJ_UTF8:
                continue
            hb_font = pango.pango_font_get_hb_font(font)
            if hb_font == ffi.NULL:
                continue
            pointer = own.cast("hb_font_t *", int(ffi.cast("uintptr_t", hb_font)))
            if nominal(pointer, 0x200C, out) and out[0]:
                info.glyph = out[0]
                changed.append(info)
    return changed


#: A run: its glyph item, whether its Pango font differs from the run
#: before, its font and size, its glyphs (id, width, x offset, y offset)
#: and each glyph's piece of the ``TJ`` string where known already.
Run = tuple[Any, bool, Any, float, list[tuple[int, int, int, int]], list[str | None]]


def _pieces(font: Any, font_size: float) -> dict[tuple[int, int, int, int], str]:
    """The ``TJ`` pieces ``font`` has written at ``font_size``, by glyph.

    Why a glyph's piece can be kept: it is a function of the glyph's id
    and geometry, the font's size and the glyph's logical width, which the
    font records once (``Font.widths``) and never changes; its other side
    effect, the glyph's text in ``Font.to_unicode``, happens the first time.
    Kept on the font, which lives as long as the PDF being written."""
    by_size = font.__dict__.get("_essaykit_pieces")
    if by_size is None:
        by_size = font._essaykit_pieces = {}
    pieces = by_size.get(font_size)
    if pieces is None:
        pieces = by_size[font_size] = {}
    return pieces  # type: ignore[no-any-return]


def _read_runs(stream: Any, first_line: Any, ffi: Any, empty: int, unknown: int) -> list[Run] | None:
    """The runs of ``first_line``, fonts added to ``stream`` in WeasyPrint's
    order (a font changes where the Pango font does); None when a run needs
    WeasyPrint's own loop (a colour or bitmap font, a raised glyph, a
    glyph the font lacks). Adding a font twice is harmless (keyed cache)."""
    runs = []
    run = first_line.runs[0]
    previous = None
    font: Any = None
    font_size = 0.0
    pieces: dict[tuple[int, int, int, int], str] = {}
    while run != ffi.NULL:
        glyph_item = run.data
        run = run.next
        pango_font = glyph_item.item.analysis.font
        changed = pango_font != previous
        if changed:
            previous = pango_font
            font, font_size = stream.add_font(pango_font)
            if font.png or font.svg or font.colr:
                return None
            pieces = _pieces(font, font_size)
        glyph_string = glyph_item.glyphs
        count = glyph_string.num_glyphs
        glyphs = list(_GLYPH.iter_unpack(ffi.buffer(glyph_string.glyphs, count * _GLYPH.size)))
        known = [pieces.get(glyph) for glyph in glyphs]
        if None in known:
            for glyph, piece in zip(glyphs, known, strict=True):
                if piece is None and (glyph[3] or (glyph[0] != empty and glyph[0] & unknown)):
                    return None
        runs.append((glyph_item, changed, font, font_size, glyphs, known))
    return runs


def _write(stream: Any, textbox: Any, runs: list[Run], matrix: Any, pango: Any,
           from_units: float, empty: int, hidden: set[int] | None = None) -> None:
    """The ``TJ`` strings of ``runs``, as WeasyPrint's loop writes them."""
    stream.set_text_matrix(*matrix.values)
    string = ""
    utf8_text = None
    for glyph_item, changed, font, font_size, glyphs, known in runs:
        if changed:
            if string:
                stream.show_text(string)
            string = ""
            stream.set_font_size(font.hash, 1 if font.bitmap else font_size)
        if None in known:
            spec = "02x" if font.bitmap else "04x"
            widths = font.widths
            to_unicode = font.to_unicode
            pieces = _pieces(font, font_size)
            pango_font = glyph_item.item.analysis.font
            for i, glyph in enumerate(glyphs):
                if known[i] is not None:
                    continue
                piece = pieces.get(glyph)  # met earlier in this run
                if piece is None:
                    glyph_id, width, x_offset, _y = glyph
                    if glyph_id == empty:
                        piece = f">{-width / font_size}<"
                    else:
                        if glyph_id not in to_unicode:
                            item = glyph_item.item
                            clusters = glyph_item.glyphs.log_clusters
                            t1 = clusters[i]
                            if item.analysis.level % 2:  # rtl
                                t2 = item.length if i == 0 else clusters[i - 1]
                            else:
                                t2 = item.length if i == len(glyphs) - 1 else clusters[i + 1]
                            utf8_text = utf8_text or textbox.pango_layout.text.encode()
                            to_unicode[glyph_id] = utf8_text[item.offset + t1:item.offset + t2].decode()
                        offset = x_offset / font_size
                        piece = f">{-offset}<" if offset else ""
                        piece += format(glyph_id, spec)
                        if glyph_id in widths:
                            logical_width = widths[glyph_id]
                        else:
                            pango.pango_font_get_glyph_extents(pango_font, glyph_id, stream.ink_rect,
                                                               stream.logical_rect)
                            logical_width = widths[glyph_id] = round(
                                stream.logical_rect.width * 1000 * from_units / font_size)
                        kerning = logical_width + offset - width * 1000 * from_units / font_size
                        if kerning:
                            piece += f">{int(kerning)}<"
                    pieces[glyph] = piece
                known[i] = piece
        if hidden and any(glyph[0] in hidden for glyph in glyphs):
            # A ZWNJ's glyph: its own Tj, in text rendering mode 3 (neither
            # filled nor stroked, still text), between the others' TJ.
            for glyph, piece in zip(glyphs, known, strict=True):
                if glyph[0] not in hidden:
                    string += "<" + piece + ">"  # type: ignore[operator]
                    continue
                if string:
                    stream.show_text(string)
                stream.set_text_rendering(3)
                stream.show_text(("<" + piece + ">").replace("<>", ""))  # type: ignore[operator]
                stream.set_text_rendering(0)
                string = ""
            string = string.replace("<>", "")
            continue
        string += "<" + "".join(known)  # type: ignore[arg-type]
        if string[-1] == "<":
            string = string[:-1]
        else:
            string += ">"
    stream.show_text(string)
