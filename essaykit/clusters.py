"""Prepared faces where no glyph stands for two texts, so that a PDF's text copies back.

Why: WeasyPrint maps each glyph to the text of the first cluster it draws it for, and gives
a cluster of several glyphs its text once, on one of them: the others get nothing. A face
that turns one letter into several glyphs (Amiri writes lam before kaf as lam plus a joining
stroke, "ۀ" as heh plus hamza) so gave a glyph used for a whole letter elsewhere an empty
text, or a stroke that joins four letters one of them: "ولكن" copied as "وللكن", and once
that lam was met first every "ال" of the PDF lost its lam. Each glyph a one-to-many
substitution writes becomes a copy of its own, positioned and substituted like the glyph
it copies; the page looks the same. A substitution that keeps its glyph and only adds a
joining stroke after it (a kashida, for room) is left out: the stroke would carry the
letter's text apart from the letter.
"""

from __future__ import annotations

import copy
import io
from collections.abc import Callable, Iterator
from typing import Any

__all__ = ["split_shared_glyphs", "VERSION"]

#: Changes when the faces come out differently (cached faces are keyed by it).
VERSION = 2


def split_shared_glyphs(data: bytes) -> bytes:
    """``data`` (a TrueType face) with a glyph of its own for each glyph a
    one-to-many substitution writes; ``data`` itself when it has none, or a
    table fontTools cannot rewrite."""
    if data[:4] == b"OTTO":
        return data
    try:
        from fontTools.ttLib import TTFont

        font = TTFont(io.BytesIO(data), lazy=False, recalcBBoxes=False, recalcTimestamp=False)
        if "GSUB" not in font or "glyf" not in font or not _split(font):
            return data
        out = io.BytesIO()
        font.save(out)
        return out.getvalue()
    except Exception:  # noqa: BLE001 - a face fontTools cannot rewrite is used as it is
        return data


def _subtables(table: Any) -> Iterator[tuple[int, Any]]:
    """(lookup type, subtable) of every lookup, extensions unwrapped."""
    if table is None or table.LookupList is None:
        return
    for lookup in table.LookupList.Lookup:
        for sub in lookup.SubTable:
            if type(sub).__name__.startswith("Extension"):
                yield sub.ExtensionLookupType, sub.ExtSubTable
            else:
                yield lookup.LookupType, sub


def _split(font: Any) -> bool:
    gsub = font["GSUB"].table
    order = font.getGlyphOrder()
    copies: dict[str, list[str]] = {}
    glyf, hmtx = font["glyf"], font["hmtx"]
    vmtx = font.get("vmtx")
    made = 0

    def clone(name: str) -> str:
        nonlocal made
        made += 1
        new = f"{name}.ek{made}"
        glyf[new] = copy.deepcopy(glyf[name])  # appended to the glyph order
        hmtx[new] = hmtx[name]
        if vmtx is not None and name in vmtx.metrics:
            vmtx[new] = vmtx[name]
        copies.setdefault(name, []).append(new)
        return new

    changed = False
    for kind, sub in list(_subtables(gsub)):
        if kind != 2:
            continue
        for key, sequence in list(sub.mapping.items()):
            if len(sequence) < 2:
                continue
            changed = True
            if sequence[0] == key:
                # A glyph kept and a stroke added after it (Amiri's kashida
                # between lam and kaf): the stroke is left out, or the text
                # would sit on it, apart from the letter ("و لكن").
                sub.mapping[key] = [key]
            else:
                sub.mapping[key] = [clone(g) for g in sequence]
    if not made:
        return changed
    font["maxp"].numGlyphs = len(order)
    for tag in ("hdmx", "LTSH", "VDMX"):
        if tag in font:
            del font[tag]
    ids = font.getReverseGlyphMap(rebuild=True)
    gid = ids.__getitem__
    _copy_gdef(font, copies, gid)
    for tag in ("GSUB", "GPOS"):
        if tag in font:
            for kind, sub in list(_subtables(font[tag].table)):
                _copy_in(tag, kind, sub, copies, gid)
    return True


def _copy_gdef(font: Any, copies: dict[str, list[str]], gid: Callable[[str], int]) -> None:
    if "GDEF" not in font:
        return
    gdef = font["GDEF"].table
    for name in ("GlyphClassDef", "MarkAttachClassDef"):
        _copy_classes(getattr(gdef, name, None), copies)
    sets = getattr(gdef, "MarkGlyphSetsDef", None)
    for coverage in getattr(sets, "Coverage", None) or ():
        _copy_coverage(coverage, copies, gid)


def _copy_classes(class_def: Any, copies: dict[str, list[str]]) -> None:
    if class_def is None:
        return
    classes = class_def.classDefs
    for src, news in copies.items():
        if src in classes:
            for new in news:
                classes[new] = classes[src]


def _copy_coverage(coverage: Any, copies: dict[str, list[str]], gid: Callable[[str], int],
                   *aligned: list[Any]) -> None:
    """Each copy into ``coverage`` beside its original, with a copy of the
    original's record in each ``aligned`` list; kept in glyph id order."""
    if coverage is None:
        return
    glyphs = coverage.glyphs
    rows = list(zip(glyphs, *aligned, strict=False)) if aligned else [(g,) for g in glyphs]
    added = False
    for row in list(rows):
        for new in copies.get(row[0], ()):
            rows.append((new, *(copy.deepcopy(x) for x in row[1:])))
            added = True
    if not added:
        return
    rows.sort(key=lambda row: gid(row[0]))
    coverage.glyphs = [row[0] for row in rows]
    for i, array in enumerate(aligned, start=1):
        array[:] = [row[i] for row in rows]


def _copy_in(tag: str, kind: int, sub: Any, copies: dict[str, list[str]], gid: Callable[[str], int]) -> None:
    """Give each copy what ``sub`` does for its original."""
    fmt = getattr(sub, "Format", None)
    context = (tag == "GSUB" and kind in (5, 6)) or (tag == "GPOS" and kind in (7, 8))
    if tag == "GSUB" and kind in (1, 2, 3):
        mapping = sub.mapping if kind != 3 else sub.alternates
        for src, news in copies.items():
            if src in mapping:
                for new in news:
                    mapping[new] = copy.deepcopy(mapping[src])
    elif tag == "GSUB" and kind == 4:
        ligatures = sub.ligatures
        for src, news in copies.items():
            if src in ligatures:
                for new in news:
                    ligatures[new] = copy.deepcopy(ligatures[src])
        for ligs in ligatures.values():
            for lig in list(ligs):
                for src, news in copies.items():
                    if src in lig.Component:
                        for new in news:
                            twin = copy.deepcopy(lig)
                            twin.Component = [new if g == src else g for g in lig.Component]
                            ligs.append(twin)
    elif tag == "GSUB" and kind == 8:
        _copy_coverage(sub.Coverage, copies, gid, sub.Substitute)
        for coverage in [*(sub.BacktrackCoverage or ()), *(sub.LookAheadCoverage or ())]:
            _copy_coverage(coverage, copies, gid)
    elif context:
        _copy_context(sub, fmt, copies, gid)
    elif tag == "GPOS" and kind == 1:
        if fmt == 2:
            _copy_coverage(sub.Coverage, copies, gid, sub.Value)
        else:
            _copy_coverage(sub.Coverage, copies, gid)
    elif tag == "GPOS" and kind == 2:
        if fmt == 1:
            _copy_coverage(sub.Coverage, copies, gid, sub.PairSet)
            for pair_set in sub.PairSet:
                records = pair_set.PairValueRecord
                for record in list(records):
                    for new in copies.get(record.SecondGlyph, ()):
                        twin = copy.deepcopy(record)
                        twin.SecondGlyph = new
                        records.append(twin)
                records.sort(key=lambda r: gid(r.SecondGlyph))
        else:
            _copy_coverage(sub.Coverage, copies, gid)
            _copy_classes(sub.ClassDef1, copies)
            _copy_classes(sub.ClassDef2, copies)
    elif tag == "GPOS" and kind == 3:
        _copy_coverage(sub.Coverage, copies, gid, sub.EntryExitRecord)
    elif tag == "GPOS" and kind == 4:
        _copy_coverage(sub.MarkCoverage, copies, gid, sub.MarkArray.MarkRecord)
        _copy_coverage(sub.BaseCoverage, copies, gid, sub.BaseArray.BaseRecord)
    elif tag == "GPOS" and kind == 5:
        _copy_coverage(sub.MarkCoverage, copies, gid, sub.MarkArray.MarkRecord)
        _copy_coverage(sub.LigatureCoverage, copies, gid, sub.LigatureArray.LigatureAttach)
    elif tag == "GPOS" and kind == 6:
        _copy_coverage(sub.Mark1Coverage, copies, gid, sub.Mark1Array.MarkRecord)
        _copy_coverage(sub.Mark2Coverage, copies, gid, sub.Mark2Array.Mark2Record)


def _copy_context(sub: Any, fmt: int | None, copies: dict[str, list[str]], gid: Callable[[str], int]) -> None:
    """Contextual lookups: the copies wherever their originals are matched
    (rules that name a glyph in a sequence are left: classes and coverages
    are what fonts use)."""
    if fmt == 1:
        sets = [getattr(sub, name) for name in ("SubRuleSet", "PosRuleSet", "ChainSubRuleSet",
                                                "ChainPosRuleSet") if getattr(sub, name, None) is not None]
        _copy_coverage(sub.Coverage, copies, gid, *sets[:1])
    elif fmt == 2:
        _copy_coverage(sub.Coverage, copies, gid)
        for name in ("ClassDef", "BacktrackClassDef", "InputClassDef", "LookAheadClassDef"):
            _copy_classes(getattr(sub, name, None), copies)
    elif fmt == 3:
        for name in ("Coverage", "InputCoverage", "BacktrackCoverage", "LookAheadCoverage"):
            for coverage in getattr(sub, name, None) or ():
                _copy_coverage(coverage, copies, gid)
