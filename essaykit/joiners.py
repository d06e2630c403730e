"""Prepared fonts that keep Persian's zero-width non-joiner in a PDF's text, with stock WeasyPrint.

Why: a PDF's text is its glyphs' text, and HarfBuzz hides every default-ignorable character
(ZWNJ among them) behind Pango's empty glyph, which WeasyPrint never writes, so "می‌کنم"
copied as "میکنم" (a fifth of Persian words). HarfBuzz keeps a default-ignorable glyph that a
GSUB lookup has substituted, so each prepared face that must draw a ZWNJ gets an empty,
zero-width glyph for it, reached through one such substitution; WeasyPrint then writes it and
maps it to U+200C like any glyph. The page looks the same; no dependency is patched.
"""

from __future__ import annotations

import io
from typing import Any

__all__ = ["ZWNJ", "keep_zwnj"]

ZWNJ = "\u200c"
#: The glyph written for each ZWNJ (empty, zero advance).
GLYPH = "zwnj.essaykit"
#: Changes when :func:`keep_zwnj` writes fonts differently (cached fonts are keyed by it).
VERSION = 1


def keep_zwnj(data: bytes) -> bytes:
    """``data`` (a TrueType font) with a written glyph for U+200C; ``data``
    itself when the font cannot take one (CFF outlines, a broken table)."""
    if data[:4] == b"OTTO":
        return data  # CFF: no ZWNJ in the CJK text it draws; the command's speed-up still keeps it
    try:
        from fontTools.ttLib import TTFont

        font = TTFont(io.BytesIO(data), lazy=True, recalcBBoxes=False, recalcTimestamp=False)
        if "glyf" not in font or GLYPH in font.getGlyphOrder():
            return data
        _add(font)
        out = io.BytesIO()
        font.save(out)
        return out.getvalue()
    except Exception:  # noqa: BLE001 - a font fontTools cannot rewrite keeps Pango's empty glyph
        return data


def _empty_glyph(font: Any, name: str) -> None:
    from fontTools.pens.ttGlyphPen import TTGlyphPen

    font["glyf"][name] = TTGlyphPen(None).glyph()
    font["hmtx"][name] = (0, 0)
    if "vmtx" in font:
        font["vmtx"][name] = (0, 0)


def _add(font: Any) -> None:
    from fontTools.ttLib import newTable
    from fontTools.ttLib.tables import otTables as ot

    for tag in ("hdmx", "LTSH", "VDMX"):  # per-glyph hinting tables a new glyph would break
        if tag in font:
            del font[tag]
    source = font.getBestCmap().get(0x200C)
    if source is None:  # the font has none: an empty one, mapped
        source = "uni200C"
        _empty_glyph(font, source)
        for table in font["cmap"].tables:
            if table.isUnicode():
                table.cmap[0x200C] = source
    _empty_glyph(font, GLYPH)
    font["maxp"].numGlyphs = len(font.getGlyphOrder())

    if "GSUB" not in font:
        font["GSUB"] = newTable("GSUB")
        gsub = font["GSUB"].table = ot.GSUB()
        gsub.Version = 0x00010000
        gsub.ScriptList = ot.ScriptList()
        gsub.ScriptList.ScriptRecord = []
        gsub.FeatureList = ot.FeatureList()
        gsub.FeatureList.FeatureRecord = []
        gsub.LookupList = ot.LookupList()
        gsub.LookupList.Lookup = []
    gsub = font["GSUB"].table
    lookup = ot.Lookup()
    lookup.LookupType = 1
    lookup.LookupFlag = 0
    single = ot.SingleSubst()
    single.mapping = {source: GLYPH}
    lookup.SubTable = [single]
    lookup.SubTableCount = 1
    gsub.LookupList.Lookup.append(lookup)
    gsub.LookupList.LookupCount = len(gsub.LookupList.Lookup)
    index = gsub.LookupList.LookupCount - 1

    # Into the first 'ccmp' each language system has (HarfBuzz applies the
    # first feature of a tag only), or a new 'ccmp' where one has none.
    records = gsub.FeatureList.FeatureRecord
    extended: set[int] = set()
    own: int | None = None
    scripts = gsub.ScriptList.ScriptRecord
    if not scripts:
        record = ot.ScriptRecord()
        record.ScriptTag = "DFLT"
        record.Script = ot.Script()
        record.Script.DefaultLangSys = None
        record.Script.LangSysRecord = []
        record.Script.LangSysCount = 0
        scripts.append(record)
        gsub.ScriptList.ScriptCount = len(scripts)
    for script in scripts:
        if script.Script.DefaultLangSys is None:
            langsys = ot.LangSys()
            langsys.LookupOrder = None
            langsys.ReqFeatureIndex = 0xFFFF
            langsys.FeatureIndex = []
            langsys.FeatureCount = 0
            script.Script.DefaultLangSys = langsys
        systems = [script.Script.DefaultLangSys, *(r.LangSys for r in script.Script.LangSysRecord)]
        for langsys in systems:
            ccmp = next((i for i in langsys.FeatureIndex if records[i].FeatureTag == "ccmp"), None)
            if ccmp is None:
                if own is None:
                    record = ot.FeatureRecord()
                    record.FeatureTag = "ccmp"
                    record.Feature = ot.Feature()
                    record.Feature.FeatureParams = None
                    record.Feature.LookupListIndex = [index]
                    record.Feature.LookupCount = 1
                    records.append(record)
                    gsub.FeatureList.FeatureCount = len(records)
                    own = len(records) - 1
                langsys.FeatureIndex.append(own)
                langsys.FeatureCount = len(langsys.FeatureIndex)
            elif ccmp not in extended:
                extended.add(ccmp)
                feature = records[ccmp].Feature
                feature.LookupListIndex.append(index)
                feature.LookupCount = len(feature.LookupListIndex)
