"""The deck's fonts embedded in the .pptx, as PowerPoint embeds them.

A conference laptop has none of the themes' faces (Source Serif 4, DM Serif
Display, Atkinson Hyperlegible...): without them PowerPoint draws the deck in
a fallback face, with other line breaks than the ones the planner measured.
PowerPoint keeps embedded fonts as parts ``ppt/fonts/fontN.fntdata`` (an
Embedded OpenType wrapper around a TrueType font) listed in
``p:embeddedFontLst`` of ``presentation.xml``; this module writes exactly
that, for every family the slides name, subset to the deck's characters
(``saveSubsetFonts``) when the font's licence allows it. Our fonts are OFL
(installable, ``fsType`` 0). CFF-flavoured OpenType fonts (the CJK face) are
left out: PowerPoint embeds TrueType outlines only.
"""

from __future__ import annotations

import io
import re
import struct
from functools import lru_cache
from typing import Any

from essaykit import fonts as F

__all__ = ["embed_fonts", "eot"]

_P = "http://schemas.openxmlformats.org/presentationml/2006/main"
_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_RT_FONT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/font"
_FONT_CT = "application/x-fontdata"
#: ``p:presentation`` children that come after ``p:embeddedFontLst`` (ECMA-376 order).
_AFTER = ("custShowLst", "photoAlbum", "custDataLst", "kinsoku", "defaultTextStyle",
          "modifyVerifier", "extLst")
#: PowerPoint's four slots of a family, as (element, weight, italic).
_SLOTS = (("regular", 400, False), ("bold", 700, False), ("italic", 400, True),
          ("boldItalic", 700, True))
_TYPEFACE = re.compile(rb'typeface="([^"]+)"')
_TEXT = re.compile(rb"<a:t>([^<]*)</a:t>")
#: OS/2 fsType bits that forbid embedding in a document (restricted licence).
_RESTRICTED = 0x0002


def embed_fonts(prs: Any, theme: Any = None, *, subset: bool = True, text: str = "") -> list[str]:
    """Embed every family the deck names and a font package or the theme
    provides; the families embedded, in order. ``text``: characters every
    subset keeps besides the deck's own (a book's decks share one subset,
    made once: :func:`_embedded`)."""
    from pptx.opc.package import Part
    from pptx.opc.packuri import PackURI

    blobs = [p.blob for p in prs.part.package.iter_parts()
             if str(p.partname).startswith(("/ppt/slides/", "/ppt/notesSlides/", "/ppt/theme/"))]
    families: dict[str, None] = {}
    shown: list[str] = []
    for blob in blobs:
        for name in _TYPEFACE.findall(blob):
            families.setdefault(name.decode("utf-8", "replace"), None)
        shown.extend(t.decode("utf-8", "replace") for t in _TEXT.findall(blob))
    chars = "".join(shown) + text
    dirs = F._theme_font_dirs(theme) if theme is not None else ()
    entries = []
    n = 0
    for name in families:
        if name.startswith("+"):  # "+mj-lt": the theme's font, named elsewhere
            continue
        family = F.find_family(name, dirs)
        if family is None:
            continue
        slots = []
        for slot, weight, italic in _SLOTS:
            face = _face(family, name, weight, italic, chars, subset)
            if face is None:
                continue
            n += 1
            part = Part(PackURI(f"/ppt/fonts/font{n}.fntdata"), _FONT_CT, prs.part.package,
                        _embedded(face, name, weight, italic))
            slots.append((slot, prs.part.relate_to(part, _RT_FONT)))
        if slots:
            entries.append((name, slots))
    if entries:
        _font_list(prs, entries, subset)
    return [name for name, _ in entries]


@lru_cache(maxsize=32)
def _embedded(face: bytes, name: str, weight: int, italic: bool) -> bytes:
    """The ``.fntdata`` part of a face: renamed and wrapped, 8 ms with
    fontTools; once per subset (a subset's bytes come from a cache too,
    :func:`essaykit.fonts.prepare_face`), so a book's decks pay it once."""
    return eot(named(face, name, weight, italic))


def _face(family: Any, name: str, weight: int, italic: bool, chars: str,
          subset: bool) -> bytes | None:
    """The TrueType bytes for one slot, or None when the family has no face
    near it (no italic; a bold that would be the regular drawn again)."""
    font = family.best(weight, italic)
    if font is None or (italic and font.style != "italic") or (not italic and font.style == "italic"):
        return None
    lo, hi = font.weight_range()
    if not lo - 100 <= weight <= hi + 100:
        return None
    data = F.prepare_face(font, name, weight=weight, text=chars, subset=subset).data
    if data[:4] != b"\x00\x01\x00\x00" and data[:4] != b"true":
        return None  # CFF outlines: PowerPoint embeds TrueType only
    return None if restricted(data) else data


def _font_list(prs: Any, entries: list[tuple[str, list[tuple[str, str]]]], subset: bool) -> None:
    from lxml import etree

    root = prs.element
    old = root.find(f"{{{_P}}}embeddedFontLst")
    if old is not None:
        root.remove(old)
    lst = etree.Element(f"{{{_P}}}embeddedFontLst")
    for name, slots in entries:
        item = etree.SubElement(lst, f"{{{_P}}}embeddedFont")
        etree.SubElement(item, f"{{{_P}}}font", typeface=name, charset="0")
        for slot, rid in slots:
            etree.SubElement(item, f"{{{_P}}}{slot}").set(f"{{{_R}}}id", rid)
    after = next((c for c in root if etree.QName(c).localname in _AFTER), None)
    if after is not None:
        after.addprevious(lst)
    else:
        root.append(lst)
    root.set("embedTrueTypeFonts", "1")
    if subset:
        root.set("saveSubsetFonts", "1")


_STYLE_NAMES = {(400, False): "Regular", (700, False): "Bold", (400, True): "Italic",
                (700, True): "Bold Italic"}


def named(font: bytes, family: str, weight: int, italic: bool) -> bytes:
    """``font`` named as the slot it fills: a variable font pinned to an
    instance keeps its default instance's names ("Source Code Pro
    ExtraLight"), and PowerPoint finds an embedded face by its names."""
    from fontTools.ttLib import TTFont

    # The font's own dates, not the time of writing: the same deck, byte for byte.
    tt = TTFont(io.BytesIO(font), recalcTimestamp=False)
    style = _STYLE_NAMES[(weight, italic)]
    ps = re.sub(r"[^A-Za-z0-9-]", "", family) + "-" + style.replace(" ", "")
    table = tt["name"]
    for nid in (16, 17, 21, 22, 25):
        table.removeNames(nameID=nid)
    for nid, value in ((1, family), (2, style), (4, f"{family} {style}"), (6, ps)):
        table.setName(value, nid, 3, 1, 0x409)
        if table.getName(nid, 1, 0, 0) is not None:
            table.setName(value, nid, 1, 0, 0)
    os2 = tt["OS/2"]
    os2.usWeightClass = weight
    bits = (0x01 if italic else 0) | (0x20 if weight >= 700 else 0)
    os2.fsSelection = (os2.fsSelection & ~0x61) | (bits or 0x40)
    tt["head"].macStyle = (1 if weight >= 700 else 0) | (2 if italic else 0)
    out = io.BytesIO()
    tt.save(out)
    return out.getvalue()


def eot(font: bytes) -> bytes:
    """``font`` (TrueType) in an Embedded OpenType (version 2.2) wrapper,
    uncompressed, as Windows' font embedding library writes it for Office."""
    from fontTools.ttLib import TTFont

    tt = TTFont(io.BytesIO(font), lazy=True)
    os2 = tt["OS/2"]
    names = tt["name"]

    def name(nid: int) -> bytes:
        rec = names.getName(nid, 3, 1, 0x409) or names.getName(nid, 1, 0, 0)
        return str(rec).encode("utf-16-le") if rec is not None else b""

    panose = os2.panose
    panose_bytes = bytes([panose.bFamilyType, panose.bSerifStyle, panose.bWeight,
                          panose.bProportion, panose.bContrast, panose.bStrokeVariation,
                          panose.bArmStyle, panose.bLetterForm, panose.bMidline, panose.bXHeight])
    italic = 1 if os2.fsSelection & 1 else 0
    head = struct.pack(
        "<LL10sBBLHH4L2LL4L",
        0x00020002, 0,  # version, flags: no compression, no XOR
        panose_bytes, 1, italic, os2.usWeightClass, os2.fsType & 0xFFFF, 0x504C,
        os2.ulUnicodeRange1, os2.ulUnicodeRange2, os2.ulUnicodeRange3, os2.ulUnicodeRange4,
        os2.ulCodePageRange1 if os2.version >= 1 else 0,
        os2.ulCodePageRange2 if os2.version >= 1 else 0,
        tt["head"].checkSumAdjustment, 0, 0, 0, 0,
    )
    strings = b""
    for value in (name(1), name(2), name(5), name(4)):
        strings += struct.pack("<HH", 0, len(value)) + value
    strings += struct.pack("<HH", 0, 0)  # root string: none (any document may use it)
    # Version 2.2's tail: root-string checksum, EUDC code page, no signature, no EUDC font.
    strings += struct.pack("<LLHHLL", 0, 0, 0, 0, 0, 0)
    body = head + strings
    size = 8 + len(body) + len(font)
    return struct.pack("<LL", size, len(font)) + body + font


def restricted(font: bytes) -> bool:
    """Whether the font's licence bits forbid embedding it in a document."""
    from fontTools.ttLib import TTFont

    return bool(TTFont(io.BytesIO(font), lazy=True)["OS/2"].fsType & _RESTRICTED)
