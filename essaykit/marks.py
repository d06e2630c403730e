"""Prepared Arabic-script and Hebrew faces whose vowel marks copy back from a PDF with their words.

Why: a mark (fatha, shadda, the hamza of "خانهٔ") is a glyph of its own, drawn before its
letter in right-to-left text and raised or shifted over it. pdftotext (and Evince, which
shares its reader) takes a glyph drawn over the one before, or on another baseline, for
another word, so "كَتَبَ" copied as "كَتَ بَ" (42 of 44 words of a vowelled essay lost).
Here each letter the document's text gives marks is drawn with its marks by a glyph of its
own (the letter plus the marks where HarfBuzz would place them, a composite: no outline
copied), and each mark becomes an empty glyph a little before its letter, on the baseline:
the mark's text sits in the word, in order, and the page looks the same. Marks that belong
to one character ("ۀ": heh + hamza) become one glyph with the letter. Only the letters and
marks the text uses are touched; where the shaping differs (a font feature the CSS asks
for), the mark is drawn as before. Hebrew's points (niqqud) are folded the same way.
Thai's SARA AM gets the same care (:func:`keep_sara_am`).
"""

from __future__ import annotations

import io
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Callable
from functools import lru_cache
from typing import Any

__all__ = ["needs_folding", "fold_marks", "VERSION"]

#: Changes when the faces come out differently.
VERSION = 1
#: Where a mark's text glyph starts, before its letter, and how wide it is (per 1000 em).
#: pdftotext joins the glyphs of a line into one word when each starts after the one
#: before and the gap between them is under 0.03 em: the step must be more than nothing
#: and take as little as it can from a space (a justified line's may be 0.05 em).
STEP = 2
#: Letters a face may draw as a letter and a mark (one character: one glyph).
_SPLIT_LETTERS = "\u06c0\u06c2\u06d3\u0622\u0623\u0624\u0625\u0626"
_RUN = re.compile(r"[\u0590-\u05ff\u0600-\u06ff\u0750-\u077f\u0870-\u08ff\ufb1d-\ufdff\ufe70-\ufeff"
                  r"\u200c\u200d]+")


def _is_mark(ch: str) -> bool:
    return "\u0591" <= ch <= "\u08ff" and unicodedata.category(ch) == "Mn"


def needs_folding(text: str) -> bool:
    """Whether ``text`` has Arabic-script or Hebrew marks (or letters a face draws with one)."""
    return any(_is_mark(ch) or ch in _SPLIT_LETTERS for ch in set(text))


@lru_cache(maxsize=8)
def fold_marks(data: bytes, text: str) -> bytes:
    """``data`` (a TrueType face) with the letters ``text`` gives marks drawn
    with them, and each mark's text on an empty glyph before its letter;
    ``data`` itself when there are none, or a table fontTools cannot rewrite."""
    if data[:4] == b"OTTO" or not needs_folding(text):
        return data
    try:
        from fontTools.ttLib import TTFont

        font = TTFont(io.BytesIO(data), recalcBBoxes=False, recalcTimestamp=False)
        if not all(tag in font for tag in ("GDEF", "GSUB", "glyf", "hmtx")):
            return data
        if _hebrew_as_default(font):
            out = io.BytesIO()
            font.save(out)
            data = out.getvalue()
            font = TTFont(io.BytesIO(data), recalcBBoxes=False, recalcTimestamp=False)
        classes = getattr(font["GDEF"].table.GlyphClassDef, "classDefs", None) or {}
        order = font.getGlyphOrder()
        marks = frozenset(i for i, name in enumerate(order) if classes.get(name) == 3)
        groups, letters = _shaped(data, text, marks)
        if not groups and not letters:
            return data
        _Folder(font).fold(groups, letters)
        out = io.BytesIO()
        font.save(out)
        return out.getvalue()
    except Exception:  # noqa: BLE001 - a face fontTools cannot rewrite keeps its marks as they are
        return data


def _hebrew_as_default(font: Any) -> bool:
    """Hebrew in every language shaped as the face's default Hebrew. Why: a
    face may join a letter and its points into one precomposed glyph for the
    Hebrew language only (Frank Ruhl Libre's 'IWR ' ccmp and locl: בּ, שׁ, וֹ),
    which carries the text of all of them, and pdftotext reverses the text of
    a glyph in a right-to-left word ("ּב"); drawn as letter and marks (what the
    face does for Hebrew without a language) they fold as above."""
    changed = False
    for script in font["GSUB"].table.ScriptList.ScriptRecord:
        default = script.Script.DefaultLangSys
        if script.ScriptTag != "hebr" or default is None:
            continue
        for record in script.Script.LangSysRecord:
            langsys = record.LangSys
            if list(langsys.FeatureIndex) != list(default.FeatureIndex):
                langsys.FeatureIndex = list(default.FeatureIndex)
                langsys.FeatureCount = len(langsys.FeatureIndex)
                langsys.ReqFeatureIndex = default.ReqFeatureIndex
                changed = True
    return changed


#: (letter glyph, marks in groups of one cluster each) → offsets of each mark from the letter.
Groups = dict[tuple[int, tuple[tuple[int, ...], ...]], tuple[tuple[int, int], ...]]
#: (letter glyph, mark glyphs) of one character → offsets of each mark from the letter.
Letters = dict[tuple[int, ...], tuple[tuple[int, int], ...]]


def _shaped(data: bytes, text: str, marks: frozenset[int]) -> tuple[Groups, Letters]:
    """What HarfBuzz makes of each word of ``text`` that has marks: each
    letter with the marks after it, and where they sit (the most frequent
    place, when a context moves them)."""
    import uharfbuzz as hb

    font = hb.Font(hb.Face(hb.Blob(data)))
    groups: dict[Any, Counter[Any]] = defaultdict(Counter)
    letters: dict[Any, Counter[Any]] = defaultdict(Counter)
    words = {w for w in _RUN.findall(text) if needs_folding(w)}
    for word in sorted(words):
        for lang in (None, "fa", "ur", "he"):  # faces have forms of their own for some languages
            buf = hb.Buffer()
            buf.add_str(word)
            buf.guess_segment_properties()
            if lang:
                buf.language = lang
            buf.cluster_level = hb.BufferClusterLevel.MONOTONE_CHARACTERS
            hb.shape(font, buf, {})
            placed, pen = [], 0
            for info, pos in zip(buf.glyph_infos, buf.glyph_positions, strict=True):
                placed.append((info.codepoint, info.cluster, pen + pos.x_offset, pos.y_offset))
                pen += pos.x_advance
            if buf.direction == "rtl":
                placed.reverse()  # logical order: each letter, then its marks
            i = 0
            while i < len(placed):
                gid, cluster, x, y = placed[i]
                j = i + 1
                while j < len(placed) and placed[j][0] in marks:
                    j += 1
                run = placed[i + 1:j]
                if gid not in marks and run:
                    offsets = tuple((mx - x, my - y) for _, _, mx, my in run)
                    if all(c == cluster for _, c, _, _ in run):
                        letters[(gid, *(g for g, _, _, _ in run))][offsets] += 1
                    elif all(c != cluster for _, c, _, _ in run):
                        split: list[list[int]] = []
                        last = None
                        for g, c, _, _ in run:
                            if c != last:
                                split.append([])
                                last = c
                            split[-1].append(g)
                        groups[(gid, tuple(tuple(s) for s in split))][offsets] += 1
                i = j
    return ({k: c.most_common(1)[0][0] for k, c in groups.items()},
            {k: c.most_common(1)[0][0] for k, c in letters.items()})


class _Folder:
    def __init__(self, font: Any) -> None:
        self.font = font
        self.order = font.getGlyphOrder()
        self.hmtx = font["hmtx"]
        self.step = round(STEP * font["head"].unitsPerEm / 1000)
        self.copies: dict[str, list[str]] = defaultdict(list)
        self.made = 0

    def name(self, gid: int) -> str:
        return str(self.order[gid])

    def _composite(self, base: int, parts: list[tuple[int, tuple[int, int]]]) -> str:
        from fontTools.ttLib.tables._g_l_y_f import Glyph, GlyphComponent

        self.made += 1
        name = f"{self.name(base)}.ek-m{self.made}"
        glyph = Glyph()
        glyph.numberOfContours = -1
        glyph.components = []
        for i, (gid, (dx, dy)) in enumerate([(base, (0, 0)), *parts]):
            component = GlyphComponent()
            component.glyphName = self.name(gid)
            component.x, component.y = dx, dy
            component.flags = 0x200 if i == 0 else 0  # USE_MY_METRICS: the letter's
            glyph.components.append(component)
        glyf = self.font["glyf"]
        glyf[name] = glyph
        glyph.recalcBounds(glyf)
        self.hmtx[name] = self.hmtx[self.name(base)]
        self.copies[self.name(base)].append(name)
        return name

    def _empty(self, name: str) -> str:
        from fontTools.pens.ttGlyphPen import TTGlyphPen

        self.font["glyf"][name] = TTGlyphPen(None).glyph()
        self.hmtx[name] = (self.step, 0)
        return name

    def fold(self, groups: Groups, letters: Letters) -> None:
        from fontTools.ttLib.tables import otTables as ot

        folded = {key: self._composite(key[0], [(g, off) for g, off in zip(
            [g for group in key[1] for g in group], offsets, strict=True)])
            for key, offsets in sorted(groups.items())}
        joined = {key: self._composite(key[0], list(zip(key[1:], offsets, strict=True)))
                  for key, offsets in sorted(letters.items())}
        # Each group of marks (the k-th after its letter) → an empty glyph with its text.
        texts: dict[tuple[tuple[int, ...], int], str] = {}
        for _base, mark_groups in folded:
            for k, group in enumerate(mark_groups):
                if (group, k) not in texts:
                    texts[(group, k)] = self._empty(f"{'_'.join(self.name(g) for g in group)}.ek-t{k}")
        font = self.font
        font.getReverseGlyphMap(rebuild=True)
        font["maxp"].numGlyphs = len(self.order)
        font["maxp"].maxComponentDepth = max(font["maxp"].maxComponentDepth or 0, 1) + 1
        for tag in ("hdmx", "LTSH", "VDMX"):
            if tag in font:
                del font[tag]
        class_def = font["GDEF"].table.GlyphClassDef.classDefs
        for src, news in self.copies.items():
            for new in news:
                class_def[new] = class_def.get(src, 1)
        for name in texts.values():
            class_def[name] = 3

        gsub = font["GSUB"].table
        lookups = gsub.LookupList.Lookup

        def lookup(kind: int, sub: Any) -> int:
            entry = ot.Lookup()
            entry.LookupType, entry.LookupFlag = kind, 0
            entry.SubTable, entry.SubTableCount = [sub], 1
            lookups.append(entry)
            gsub.LookupList.LookupCount = len(lookups)
            return len(lookups) - 1

        def ligatures(pairs: dict[tuple[str, ...], str]) -> Any:
            sub = ot.LigatureSubst()
            sub.ligatures = {}
            for parts, glyph in pairs.items():
                lig = ot.Ligature()
                lig.LigGlyph, lig.Component, lig.CompCount = glyph, list(parts[1:]), len(parts)
                sub.ligatures.setdefault(parts[0], []).append(lig)
            return sub

        depth = 1 + max((k for _, k in texts), default=0)
        to_text, to_text_lig = [], []
        for k in range(depth):
            single = ot.SingleSubst()
            single.mapping = {self.name(g[0]): t for (g, at), t in texts.items() if at == k and len(g) == 1}
            to_text.append(lookup(1, single))
            to_text_lig.append(lookup(4, ligatures({tuple(self.name(x) for x in g): t
                                                     for (g, at), t in texts.items()
                                                     if at == k and len(g) > 1})))
        by_marks: dict[tuple[tuple[int, ...], ...], dict[str, str]] = defaultdict(dict)
        for (base, mark_groups), new in folded.items():
            by_marks[mark_groups][self.name(base)] = new
        to_letter = {}
        for mark_groups, mapping in by_marks.items():
            sub = ot.SingleSubst()
            sub.mapping = mapping
            to_letter[mark_groups] = lookup(1, sub)
        final = []
        if joined:
            final.append(lookup(4, ligatures({tuple(self.name(g) for g in key): new
                                              for key, new in joined.items()})))
        if folded:
            final.append(lookup(6, self._chain(folded, to_letter, to_text, to_text_lig)))
        _attach(gsub, final, "mark")
        self._positions({t: k for (_, k), t in texts.items()}, sorted(folded.values(), key=font.getGlyphID))

    def _chain(self, folded: dict[Any, str], to_letter: dict[Any, int], to_text: list[int],
               to_text_lig: list[int]) -> Any:
        from fontTools.ttLib.tables import otTables as ot

        chain = ot.ChainContextSubst()
        chain.Format = 1
        bases = sorted({self.name(b) for b, _ in folded}, key=self.font.getGlyphID)
        chain.Coverage = ot.Coverage()
        chain.Coverage.glyphs = bases
        chain.ChainSubRuleSet = []
        for base in bases:
            rules = ot.ChainSubRuleSet()
            rules.ChainSubRule = []
            # Longest first: a letter with shadda and fatha before one with shadda.
            for mark_groups in sorted((m for b, m in folded if self.name(b) == base),
                                      key=lambda m: -sum(map(len, m))):
                rule = ot.ChainSubRule()
                rule.Backtrack, rule.BacktrackGlyphCount = [], 0
                rule.LookAhead, rule.LookAheadGlyphCount = [], 0
                flat = [self.name(g) for group in mark_groups for g in group]
                rule.Input, rule.InputGlyphCount = flat, len(flat) + 1
                steps = [(0, to_letter[mark_groups])]
                at = 1 + sum(map(len, mark_groups))
                for k in reversed(range(len(mark_groups))):  # last first: a ligature moves what follows
                    at -= len(mark_groups[k])
                    steps.append((at, (to_text if len(mark_groups[k]) == 1 else to_text_lig)[k]))
                records = []
                for index, target in steps:
                    record = ot.SubstLookupRecord()
                    record.SequenceIndex, record.LookupListIndex = index, target
                    records.append(record)
                rule.SubstLookupRecord, rule.SubstCount = records, len(records)
                rules.ChainSubRule.append(rule)
            rules.ChainSubRuleCount = len(rules.ChainSubRule)
            chain.ChainSubRuleSet.append(rules)
        chain.ChainSubRuleSetCount = len(chain.ChainSubRuleSet)
        return chain

    def _positions(self, texts: dict[str, int], letters: list[str]) -> None:
        """GPOS: a folded letter does what its letter does (joins, kerns,
        takes a mark the text gives it that was not folded); the text glyph of
        its k-th group of marks sits (k + 1) steps before it, on its baseline
        (attached to it as a mark, so a letter a kern moves takes it along)."""
        from fontTools.ttLib.tables import otTables as ot

        from .clusters import _copy_classes, _copy_coverage, _copy_in, _subtables

        font = self.font
        gid: Callable[[str], int] = font.getReverseGlyphMap(rebuild=True).__getitem__
        gdef = font["GDEF"].table
        _copy_classes(getattr(gdef, "MarkAttachClassDef", None), self.copies)
        for coverage in getattr(getattr(gdef, "MarkGlyphSetsDef", None), "Coverage", None) or ():
            _copy_coverage(coverage, self.copies, gid)
        if "GPOS" not in font or not texts:
            return
        gpos = font["GPOS"].table
        for kind, sub in list(_subtables(gpos)):
            _copy_in("GPOS", kind, sub, self.copies, gid)

        def anchor(x: int) -> Any:
            point = ot.Anchor()
            point.Format, point.XCoordinate, point.YCoordinate = 1, x, 0
            return point

        attach = ot.MarkBasePos()
        attach.Format, attach.ClassCount = 1, 1
        attach.MarkCoverage = ot.Coverage()
        attach.MarkCoverage.glyphs = sorted(texts, key=gid)
        attach.MarkArray = ot.MarkArray()
        attach.MarkArray.MarkRecord = []
        for name in attach.MarkCoverage.glyphs:
            record = ot.MarkRecord()
            record.Class, record.MarkAnchor = 0, anchor(self.step * (texts[name] + 1))
            attach.MarkArray.MarkRecord.append(record)
        attach.MarkArray.MarkCount = len(texts)
        attach.BaseCoverage = ot.Coverage()
        attach.BaseCoverage.glyphs = letters
        attach.BaseArray = ot.BaseArray()
        attach.BaseArray.BaseRecord = []
        for _ in letters:
            record = ot.BaseRecord()
            record.BaseAnchor = [anchor(0)]
            attach.BaseArray.BaseRecord.append(record)
        attach.BaseArray.BaseCount = len(letters)
        entry = ot.Lookup()
        entry.LookupType, entry.LookupFlag, entry.SubTable, entry.SubTableCount = 4, 0, [attach], 1
        gpos.LookupList.Lookup.append(entry)
        gpos.LookupList.LookupCount = len(gpos.LookupList.Lookup)
        _attach(gpos, [gpos.LookupList.LookupCount - 1], "mark")


def _attach(table: Any, indices: list[int], tag: str) -> None:
    """``indices`` into the ``tag`` feature of every language system of
    ``table``: its own where it has one, else a new one. Why 'mark': HarfBuzz
    applies it after the joining forms and every ligature, for every script,
    and CSS cannot turn it off (letter spacing turns 'liga' off)."""
    from fontTools.ttLib.tables import otTables as ot

    records = table.FeatureList.FeatureRecord
    extended: set[int] = set()
    own: int | None = None
    for script in table.ScriptList.ScriptRecord:
        systems = [script.Script.DefaultLangSys, *(r.LangSys for r in script.Script.LangSysRecord)]
        for langsys in systems:
            if langsys is None:
                continue
            found = next((i for i in langsys.FeatureIndex if records[i].FeatureTag == tag), None)
            if found is None:
                if own is None:
                    record = ot.FeatureRecord()
                    record.FeatureTag = tag
                    record.Feature = ot.Feature()
                    record.Feature.FeatureParams = None
                    record.Feature.LookupListIndex = list(indices)
                    record.Feature.LookupCount = len(indices)
                    records.append(record)
                    table.FeatureList.FeatureCount = len(records)
                    own = len(records) - 1
                langsys.FeatureIndex.append(own)
                langsys.FeatureCount = len(langsys.FeatureIndex)
            elif found not in extended:
                extended.add(found)
                feature = records[found].Feature
                feature.LookupListIndex.extend(indices)
                feature.LookupCount = len(feature.LookupListIndex)


#: Thai and Lao: SARA AM, and the nikhahit and sara aa HarfBuzz draws it with.
_SARA_AM = (("\u0e33", "\u0e4d", "\u0e32"), ("\u0eb3", "\u0ecd", "\u0eb2"))


@lru_cache(maxsize=8)
def keep_sara_am(data: bytes, text: str) -> bytes:
    """``data`` (a TrueType face) drawing the sara aa of a SARA AM with a copy
    of its glyph: HarfBuzz's Thai shaper draws "ำ" as nikhahit + sara aa, and
    WeasyPrint maps a glyph to the first text it draws, so once a plain "า"
    came first every "ำ" copied as "า" ("บทนำ" → "บทนา"). Only a sara aa right
    after a nikhahit (a tone mark between them merges the letters' text: left
    as it is). ``data`` itself when the text has none or the face cannot take it."""
    if data[:4] == b"OTTO":
        return data
    pairs = [(n, a) for am, n, a in _SARA_AM if am in text]
    if not pairs:
        return data
    try:
        from fontTools.ttLib import TTFont
        from fontTools.ttLib.tables import otTables as ot

        font = TTFont(io.BytesIO(data), recalcBBoxes=False, recalcTimestamp=False)
        if "GSUB" not in font or "glyf" not in font:
            return data
        cmap = font.getBestCmap()
        folder = _Folder(font)
        mapping: dict[str, list[str]] = {}
        for nikhahit, aa in pairs:
            n, a = cmap.get(ord(nikhahit)), cmap.get(ord(aa))
            if n and a:
                mapping.setdefault(n, []).append(a)
        if not mapping:
            return data
        gsub = font["GSUB"].table
        copies: dict[str, str] = {}
        for targets in mapping.values():
            for a in targets:
                if a not in copies:
                    copies[a] = folder._composite(font.getGlyphID(a), [])
        font.getReverseGlyphMap(rebuild=True)
        font["maxp"].numGlyphs = len(folder.order)
        font["maxp"].maxComponentDepth = max(font["maxp"].maxComponentDepth or 0, 1) + 1
        for tag in ("hdmx", "LTSH", "VDMX"):
            if tag in font:
                del font[tag]
        if "GDEF" in font and font["GDEF"].table.GlyphClassDef is not None:
            classes = font["GDEF"].table.GlyphClassDef.classDefs
            for a, new in copies.items():
                classes[new] = classes.get(a, 1)
        single = ot.SingleSubst()
        single.mapping = dict(copies)
        lookups = gsub.LookupList.Lookup
        entry = ot.Lookup()
        entry.LookupType, entry.LookupFlag, entry.SubTable, entry.SubTableCount = 1, 0, [single], 1
        lookups.append(entry)
        swap = len(lookups) - 1
        chain = ot.ChainContextSubst()
        chain.Format = 3
        chain.BacktrackCoverage = [ot.Coverage()]
        chain.BacktrackCoverage[0].glyphs = sorted(mapping, key=font.getGlyphID)
        chain.InputCoverage = [ot.Coverage()]
        chain.InputCoverage[0].glyphs = sorted(copies, key=font.getGlyphID)
        chain.LookAheadCoverage = []
        chain.BacktrackGlyphCount, chain.InputGlyphCount, chain.LookAheadGlyphCount = 1, 1, 0
        record = ot.SubstLookupRecord()
        record.SequenceIndex, record.LookupListIndex = 0, swap
        chain.SubstLookupRecord, chain.SubstCount = [record], 1
        entry = ot.Lookup()
        entry.LookupType, entry.LookupFlag, entry.SubTable, entry.SubTableCount = 6, 0, [chain], 1
        lookups.append(entry)
        gsub.LookupList.LookupCount = len(lookups)
        _attach(gsub, [len(lookups) - 1], "mark")
        if "GPOS" in font:
            from .clusters import _copy_in, _subtables

            gid = font.getReverseGlyphMap(rebuild=True).__getitem__
            for kind, sub in list(_subtables(font["GPOS"].table)):
                _copy_in("GPOS", kind, sub, folder.copies, gid)
        out = io.BytesIO()
        font.save(out)
        return out.getvalue()
    except Exception:  # noqa: BLE001 - a face fontTools cannot rewrite copies SARA AM as before
        return data
