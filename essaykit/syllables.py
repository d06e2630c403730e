"""Prepared Indic and Thai faces whose PDF text copies back: one glyph a cluster, marks beside.

Why: WeasyPrint gives each glyph the text of the first cluster it is met in, and a cluster
of several glyphs its whole text on the last of them (the others get none). Indic clusters
reorder and join: the i-matra is drawn before its consonant, so "हि" gave "हि" to the glyph
of ह and every later "ह" copied as "हि" ("है" → "हिै"); the i-matra's glyph, textless, left
a gap where pdftotext starts a new word ("लि पि"); and a vowel sign or mark placed over or
under its letter (raised: another baseline for pdftotext, a jump for pypdf) split words
("कु छ"). Here the document's words are shaped with HarfBuzz as Pango shapes them (a
cluster per character, unless reordering or a ligature joins some), and each cluster that
would copy back wrong, with the marks after it, is drawn by one composite glyph of its own
(its glyphs and marks where HarfBuzz puts them, no outline copied) that carries the
cluster's text from the cluster's start, and each mark becomes an empty glyph carrying its
text on the baseline at the end of that composite (as :mod:`essaykit.marks` does for
Arabic). A chained lookup, last in GSUB, swaps them in for exactly those clusters; where a
cluster's glyphs alone do not tell it apart the one before or after does, and a rule that
would match elsewhere in the text is left out. The page looks the same.
"""

from __future__ import annotations

import copy
import io
import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

__all__ = ["needs_care", "one_text_per_glyph", "VERSION"]

#: Changes when the faces come out differently.
VERSION = 1
#: Scripts HarfBuzz's Indic shaper draws (Devanagari to Malayalam: marks keep their
#: advance) and Thai and Lao (marks zeroed after positioning).
_INDIC, _THAI = "\u0900-\u0d7f", "\u0e00-\u0eff"
_RUN = re.compile(f"[{_INDIC}{_THAI}\u200c\u200d\u25cc]+")
_ANY = re.compile(f"[{_INDIC}{_THAI}]")
#: Where a mark's text glyph starts before the end of its letter, and its width (per 1000 em).
STEP = 2
#: Languages a face may have forms of its own for (Pango shapes with the text's): the
#: words of each script are shaped in them too, by the script's first letter.
_LANGS = (("\u0900", "\u097f", ("hi", "mr", "ne")), ("\u0980", "\u09ff", ("bn", "as")),
          ("\u0b80", "\u0bff", ("ta",)), ("\u0e00", "\u0e7f", ("th",)))


def _langs(word: str) -> tuple[str | None, ...]:
    return (None, *next((langs for lo, hi, langs in _LANGS if lo <= word[0] <= hi), ()))


def needs_care(text: str) -> bool:
    """Whether ``text`` has characters of a script whose clusters reorder or stack."""
    return _ANY.search(text) is not None


@dataclass(frozen=True)
class Unit:
    """A cluster and the clusters of marks after it, as HarfBuzz draws them."""

    base: tuple[int, ...]
    text: str
    #: Each following cluster of zero-advance glyphs: (glyphs, text).
    marks: tuple[tuple[tuple[int, ...], str], ...]
    #: Every glyph (base, then marks) with where it is drawn from the unit's start.
    places: tuple[tuple[int, int, int], ...]
    advance: int

    @property
    def glyphs(self) -> tuple[int, ...]:
        return self.base + tuple(g for glyphs, _ in self.marks for g in glyphs)

    @property
    def key(self) -> tuple[Any, ...]:
        return (self.base, self.text, self.marks)


@lru_cache(maxsize=8)
def one_text_per_glyph(data: bytes, text: str) -> bytes:
    """``data`` (a TrueType face) where the clusters of the words of ``text``
    copy back as written; ``data`` itself when nothing needs it, or a table
    fontTools cannot rewrite."""
    if data[:4] == b"OTTO" or not needs_care(text):
        return data
    try:
        rules, folds = _plan(_units(data, text))
        if not rules:
            return data
        return _rewritten(data, rules, folds)
    except Exception:  # noqa: BLE001 - a face fontTools cannot rewrite copies as before
        return data


def _rewritten(data: bytes, rules: Rules, folds: dict[tuple[Any, ...], Unit]) -> bytes:
    """The rewritten face, from the disk cache when an earlier run made it.
    Why a cache: rewriting a Devanagari face's layout tables with fontTools
    costs about a second, shaping its words 20 ms, and an essay is exported
    again and again as it is written."""
    import hashlib

    from . import cache

    digest = hashlib.sha256(data)
    digest.update(repr((VERSION, sorted(rules.items()), sorted(folds.items(), key=repr))).encode())
    path = cache.cache_root() / "fonts" / f"syllables-{digest.hexdigest()[:32]}.ttf"
    kept = cache.read(path)
    if kept is not None:
        return kept
    from fontTools.ttLib import TTFont

    font = TTFont(io.BytesIO(data), recalcBBoxes=False, recalcTimestamp=False)
    # fontTools' own packing: HarfBuzz's repacker took 0.5 s a face for nothing here.
    font.cfg["fontTools.ttLib.tables.otBase:USE_HARFBUZZ_REPACKER"] = False
    if not all(tag in font for tag in ("GSUB", "GPOS", "GDEF", "glyf", "hmtx")) or \
            font["GDEF"].table.GlyphClassDef is None:
        return data
    _rewrite(font, rules, folds)
    out = io.BytesIO()
    font.save(out)
    cache.write(path, out.getvalue())
    return out.getvalue()


def _units(data: bytes, text: str) -> list[list[Unit]]:
    """Each word of ``text`` the face draws, as HarfBuzz shapes it: its units
    in order (a word shaped differently in another language, again)."""
    import uharfbuzz as hb

    face = hb.Face(hb.Blob(data))
    font = hb.Font(face)
    covered = set(face.unicodes) | {0x200C, 0x200D}
    out: list[list[Unit]] = []
    seen: set[tuple[Unit, ...]] = set()
    for word in sorted(set(_RUN.findall(text))):
        if not needs_care(word) or any(ord(c) not in covered for c in word):
            continue
        for lang in _langs(word):
            buf = hb.Buffer()
            buf.add_str(word)
            buf.guess_segment_properties()
            if buf.direction != "ltr":
                break
            if lang:
                buf.language = lang
            buf.cluster_level = hb.BufferClusterLevel.MONOTONE_CHARACTERS
            hb.shape(font, buf, {})
            # Clusters in order: (start, [(glyph, pen, x offset, y offset, advance)]).
            clusters: list[tuple[int, list[Placed]]] = []
            pen = 0
            for info, pos in zip(buf.glyph_infos, buf.glyph_positions, strict=True):
                placed = (info.codepoint, pen, pos.x_offset, pos.y_offset, pos.x_advance)
                if clusters and clusters[-1][0] == info.cluster:
                    clusters[-1][1].append(placed)
                else:
                    clusters.append((info.cluster, [placed]))
                pen += pos.x_advance
            # A cluster's text runs to the next cluster's (WeasyPrint's rule).
            bounds = [start for start, _ in clusters] + [len(word)]
            units: list[Unit] = []
            pending: list[Any] = []
            for i, (start, glyphs) in enumerate(clusters):
                piece = word[start:bounds[i + 1]]
                if pending and all(g[4] == 0 for g in glyphs):
                    pending[2].append((glyphs, piece))
                    continue
                if pending:
                    units.append(_unit(*pending))
                pending = [glyphs, piece, []]
            if pending:
                units.append(_unit(*pending))
            found = tuple(units)
            if found not in seen:
                seen.add(found)
                out.append(units)
    return out


#: A glyph as HarfBuzz places it: (glyph, pen, x offset, y offset, advance).
Placed = tuple[int, int, int, int, int]


def _unit(base: list[Placed], text: str, marks: list[tuple[list[Placed], str]]) -> Unit:
    start = base[0][1]
    everything = base + [g for glyphs, _ in marks for g in glyphs]
    return Unit(tuple(g[0] for g in base), text,
                tuple((tuple(g[0] for g in glyphs), piece) for glyphs, piece in marks),
                tuple((g, pen + x - start, y) for g, pen, x, y, _ in everything),
                sum(g[4] for g in base))


#: What a unit becomes: None (as it is), or its fold (a key of ``folds``).
Out = tuple[Any, ...] | None
#: A run of glyphs (one unit or more) → the units' lengths and what each becomes.
Rules = dict[tuple[int, ...], tuple[tuple[int, ...], tuple[Out, ...]]]


#: The units a rule for unit c spans: c alone, or with up to three before or after it
#: (where c's glyphs mean two things, or a rule for a unit before it takes c's neighbour).
_WINDOWS = tuple((first, first + size) for size in (1, 2, 3, 4) for first in range(1 - size, 1))


def _plan(words: list[list[Unit]]) -> tuple[Rules, dict[tuple[Any, ...], Unit]]:
    """The rules swapping folds in, and each fold's unit (where its glyphs sit
    most often). A unit is folded when it has several glyphs, marks after
    it, or a glyph that stands for another text where it is alone. A glyph
    left as it is in a unit no rule can tell apart then has no text of its
    own: every unit with it is folded (what is left copies as before)."""
    homeless: set[int] = set()
    for _ in range(3):
        rules, folds, missed = _attempt(words, homeless)
        if missed <= homeless:
            break
        homeless |= missed
    return rules, folds


def _attempt(words: list[list[Unit]], homeless: set[int]) -> tuple[Rules, dict[tuple[Any, ...], Unit], set[int]]:
    alone: dict[int, Counter[str]] = defaultdict(Counter)
    for word in words:
        for unit in word:
            if len(unit.base) == 1 and not unit.marks and unit.base[0] not in homeless:
                alone[unit.base[0]][unit.text] += 1
    home = {g: texts.most_common(1)[0][0] for g, texts in alone.items()}
    places: dict[tuple[Any, ...], Counter[Unit]] = defaultdict(Counter)
    wanted: list[tuple[list[int], list[int], list[Out]]] = []
    candidates: dict[tuple[int, ...], Counter[tuple[tuple[int, ...], tuple[Out, ...]]]] = defaultdict(Counter)
    for word in words:
        outs: list[Out] = []
        for unit in word:
            keep = len(unit.base) == 1 and not unit.marks and home.get(unit.base[0]) == unit.text
            outs.append(None if keep else unit.key)
            if not keep:
                places[unit.key][unit] += 1
        glyphs = [g for unit in word for g in unit.glyphs]
        starts = [0]
        for unit in word:
            starts.append(starts[-1] + len(unit.glyphs))
        wanted.append((glyphs, starts, outs))
        for c, out in enumerate(outs):
            if out is None:
                continue
            for first, last in _WINDOWS:
                first, last = c + first, c + last
                if first < 0 or last > len(word):
                    continue
                key = tuple(glyphs[starts[first]:starts[last]])
                candidates[key][(tuple(len(u.glyphs) for u in word[first:last]), tuple(outs[first:last]))] += 1
    # Glyphs the text wants in two ways: the more frequent, where a longer
    # rule does not take the other first; a rule that would match where the
    # text wants something else is left out, and the others looked at again.
    rules: Rules = {k: values.most_common(1)[0][0] for k, values in candidates.items()}
    while True:
        wrong, missed = _misread(rules, wanted)
        if not wrong:
            break
        for key in wrong:
            del rules[key]
    used = {out for _, outs in rules.values() for out in outs if out is not None}
    folds = {key: counter.most_common(1)[0][0] for key, counter in places.items() if key in used}
    return rules, folds, missed


def _order(rules: Rules) -> dict[int, list[tuple[int, ...]]]:
    """Rules by first glyph, as they are tried: the longest first."""
    by_first: dict[int, list[tuple[int, ...]]] = defaultdict(list)
    for key in sorted(rules, key=lambda k: (-len(k), k)):
        by_first[key[0]].append(key)
    return by_first


def _misread(rules: Rules, wanted: Iterable[tuple[list[int], list[int], list[Out]]]
             ) -> tuple[set[tuple[int, ...]], set[int]]:
    """Rules that, applied as HarfBuzz applies a chained lookup (left to
    right, the first rule that matches, then on after what it matched),
    would give a unit another glyph than the text wants; and the glyphs of
    units that want a fold no rule gives them."""
    by_first = _order(rules)
    wrong, missed = set(), set()
    for glyphs, starts, outs in wanted:
        unit_at = {s: i for i, s in enumerate(starts)}
        done = [out is None for out in outs]
        i = 0
        while i < len(glyphs):
            key = next((k for k in by_first.get(glyphs[i], ()) if tuple(glyphs[i:i + len(k)]) == k), None)
            if key is None:
                i += 1
                continue
            lengths, want = rules[key]
            u = unit_at.get(i)
            if (u is None or tuple(starts[u + k + 1] - starts[u + k] for k in range(len(lengths)))
                    != lengths or tuple(outs[u:u + len(lengths)]) != want):
                wrong.add(key)
            else:
                done[u:u + len(lengths)] = [True] * len(lengths)
            i += len(key)
        for u, ok in enumerate(done):
            if not ok:
                missed.update(glyphs[starts[u]:starts[u + 1]])
    return wrong, missed


def _rewrite(font: Any, rules: Rules, folds: dict[tuple[Any, ...], Unit]) -> None:
    from fontTools.pens.ttGlyphPen import TTGlyphPen
    from fontTools.ttLib.tables import otTables as ot
    from fontTools.ttLib.tables._g_l_y_f import Glyph, GlyphComponent

    from .marks import _attach

    order = font.getGlyphOrder()
    glyf, hmtx = font["glyf"], font["hmtx"]
    step = round(STEP * font["head"].unitsPerEm / 1000)
    classes = font["GDEF"].table.GlyphClassDef.classDefs
    drawn: dict[tuple[Any, ...], str] = {}
    texts: dict[tuple[str, int], str] = {}
    zeroed: set[str] = set()

    for n, (key, unit) in enumerate(sorted(folds.items(), key=lambda kv: repr(kv[0])), start=1):
        glyph = Glyph()
        glyph.numberOfContours = -1
        glyph.components = []
        for gid, x, y in unit.places:
            component = GlyphComponent()
            component.glyphName = str(order[gid])
            component.x, component.y = x, y
            component.flags = 0
            glyph.components.append(component)
        name = f"ek-c{n}"
        glyf[name] = glyph  # appended to the glyph order
        glyph.recalcBounds(glyf)
        hmtx[name] = (unit.advance, getattr(glyph, "xMin", 0))
        classes[name] = 1
        drawn[key] = name
        for j, (_, piece) in enumerate(reversed(unit.marks), start=1):
            if (piece, j) not in texts:
                mark = f"ek-t{len(texts) + 1}"
                glyf[mark] = TTGlyphPen(None).glyph()
                hmtx[mark] = (step, 0)
                classes[mark] = 3
                texts[(piece, j)] = mark
                if piece and "\u0900" <= piece[0] <= "\u0d7f":
                    zeroed.add(mark)  # the Indic shaper keeps a mark's advance: taken back in GPOS
    font.getReverseGlyphMap(rebuild=True)
    maxp = font["maxp"]
    maxp.numGlyphs = len(order)
    maxp.maxComponentDepth = max(maxp.maxComponentDepth or 0, 1) + 1
    maxp.maxComponentElements = max(maxp.maxComponentElements or 0,
                                    *(len(u.places) for u in folds.values()))
    for tag in ("hdmx", "LTSH", "VDMX"):
        if tag in font:
            del font[tag]
    gid = font.getReverseGlyphMap().__getitem__

    gsub = font["GSUB"].table

    def lookup(table: Any, kind: int, sub: Any) -> int:
        entry = ot.Lookup()
        entry.LookupType, entry.LookupFlag = kind, 0
        entry.SubTable, entry.SubTableCount = [sub], 1
        table.LookupList.Lookup.append(entry)
        table.LookupList.LookupCount = len(table.LookupList.Lookup)
        return len(table.LookupList.Lookup) - 1

    # Each part of a fold (its cluster; each mark) is one substitution: a glyph
    # by a single one, several by a ligature; a lookup holds what does not clash.
    singles: list[dict[str, str]] = []
    ligatures: list[dict[tuple[str, ...], str]] = []
    where: dict[tuple[tuple[str, ...], str], tuple[str, int]] = {}

    def part(parts: tuple[str, ...], new: str) -> tuple[str, int]:
        if (parts, new) in where:
            return where[(parts, new)]
        if len(parts) == 1:
            k = next((k for k, m in enumerate(singles) if parts[0] not in m), len(singles))
            if k == len(singles):
                singles.append({})
            singles[k][parts[0]] = new
            where[(parts, new)] = ("single", k)
        else:
            def clashes(m: dict[tuple[str, ...], str]) -> bool:
                return any(o[0] == parts[0] and (o[:len(parts)] == parts or parts[:len(o)] == o) for o in m)

            k = next((k for k, m in enumerate(ligatures) if not clashes(m)), len(ligatures))
            if k == len(ligatures):
                ligatures.append({})
            ligatures[k][parts] = new
            where[(parts, new)] = ("ligature", k)
        return where[(parts, new)]

    steps: dict[tuple[int, ...], list[tuple[int, tuple[str, int]]]] = {}
    for key, (lengths, outs) in rules.items():
        records: list[tuple[int, tuple[str, int]]] = []
        at = 0
        for length, out in zip(lengths, outs, strict=True):
            if out is not None:
                unit = folds[out]
                pieces = [(at, unit.base, drawn[out])]
                inner = at + len(unit.base)
                for j, (glyphs, piece) in zip(range(len(unit.marks), 0, -1), unit.marks, strict=True):
                    pieces.append((inner, glyphs, texts[(piece, j)]))
                    inner += len(glyphs)
                for where_at, glyphs, new in pieces:
                    records.append((where_at, part(tuple(str(order[g]) for g in glyphs), new)))
            at += length
        # Last first: a ligature moves what follows it.
        steps[key] = sorted(records, key=lambda r: -r[0])
    lookup_of: dict[tuple[str, int], int] = {}
    for k, mapping in enumerate(singles):
        single = ot.SingleSubst()
        single.mapping = mapping
        lookup_of[("single", k)] = lookup(gsub, 1, single)
    for k, joined in enumerate(ligatures):
        sub = ot.LigatureSubst()
        sub.ligatures = {}
        for components, new in sorted(joined.items(), key=lambda kv: -len(kv[0])):
            lig = ot.Ligature()
            lig.LigGlyph, lig.Component, lig.CompCount = new, list(components[1:]), len(components)
            sub.ligatures.setdefault(components[0], []).append(lig)
        lookup_of[("ligature", k)] = lookup(gsub, 4, sub)

    chain = ot.ChainContextSubst()
    chain.Format = 1
    by_first = _order(rules)
    firsts = sorted(by_first, key=lambda g: gid(str(order[g])))
    chain.Coverage = ot.Coverage()
    chain.Coverage.glyphs = [str(order[g]) for g in firsts]
    chain.ChainSubRuleSet = []
    for first in firsts:
        rule_set = ot.ChainSubRuleSet()
        rule_set.ChainSubRule = []
        for key in by_first[first]:
            rule = ot.ChainSubRule()
            rule.Backtrack, rule.BacktrackGlyphCount = [], 0
            rule.LookAhead, rule.LookAheadGlyphCount = [], 0
            rule.Input, rule.InputGlyphCount = [str(order[g]) for g in key[1:]], len(key)
            records = []
            for at, which in steps[key]:
                record = ot.SubstLookupRecord()
                record.SequenceIndex, record.LookupListIndex = at, lookup_of[which]
                records.append(record)
            rule.SubstLookupRecord, rule.SubstCount = records, len(records)
            rule_set.ChainSubRule.append(rule)
        rule_set.ChainSubRuleCount = len(rule_set.ChainSubRule)
        chain.ChainSubRuleSet.append(rule_set)
    chain.ChainSubRuleSetCount = len(chain.ChainSubRuleSet)
    _attach(gsub, [lookup(gsub, 6, chain)], "mark")

    gpos = font["GPOS"].table
    _kerned_as_second(gpos, {drawn[key]: str(order[unit.base[0]]) for key, unit in folds.items()}, gid)
    # Each mark's text glyph at the end of its fold (j steps before it), on the baseline.
    if not texts:
        return

    def anchor(x: int) -> Any:
        point = ot.Anchor()
        point.Format, point.XCoordinate, point.YCoordinate = 1, x, 0
        return point

    attach = ot.MarkBasePos()
    attach.Format, attach.ClassCount = 1, 1
    marks = sorted(texts.items(), key=lambda kv: gid(kv[1]))
    attach.MarkCoverage = ot.Coverage()
    attach.MarkCoverage.glyphs = [name for _, name in marks]
    attach.MarkArray = ot.MarkArray()
    attach.MarkArray.MarkRecord = []
    for (_, j), _name in marks:
        record = ot.MarkRecord()
        record.Class, record.MarkAnchor = 0, anchor(step * j)
        attach.MarkArray.MarkRecord.append(record)
    attach.MarkArray.MarkCount = len(marks)
    bases = sorted((drawn[key] for key, unit in folds.items() if unit.marks), key=gid)
    attach.BaseCoverage = ot.Coverage()
    attach.BaseCoverage.glyphs = bases
    attach.BaseArray = ot.BaseArray()
    attach.BaseArray.BaseRecord = []
    for name in bases:
        record = ot.BaseRecord()
        record.BaseAnchor = [anchor(hmtx[name][0])]
        attach.BaseArray.BaseRecord.append(record)
    attach.BaseArray.BaseCount = len(bases)
    added = [lookup(gpos, 4, attach)]
    if zeroed:
        back = ot.SinglePos()
        back.Format = 1
        back.Coverage = ot.Coverage()
        back.Coverage.glyphs = sorted(zeroed, key=gid)
        back.ValueFormat = 0x0004  # XAdvance
        value = ot.ValueRecord()
        value.XAdvance = -step
        back.Value = value
        added.append(lookup(gpos, 1, back))
    _attach(gpos, added, "mark")


def _kerned_as_second(gpos: Any, firsts: dict[str, str], gid: Any) -> None:
    """Each fold kerned after a glyph as the fold's first glyph was (the glyph
    before it keeps its distance); what follows a fold is in its advance."""
    from .clusters import _subtables

    twins: dict[str, list[str]] = defaultdict(list)
    for fold, first in firsts.items():
        twins[first].append(fold)
    for kind, sub in list(_subtables(gpos)):
        if kind != 2:
            continue
        if sub.Format == 1:
            for pair_set in sub.PairSet:
                records = pair_set.PairValueRecord
                extra = []
                for record in records:
                    for fold in twins.get(record.SecondGlyph, ()):
                        twin = copy.deepcopy(record)
                        twin.SecondGlyph = fold
                        extra.append(twin)
                if extra:
                    records.extend(extra)
                    records.sort(key=lambda r: gid(r.SecondGlyph))
                    pair_set.PairValueCount = len(records)
        elif sub.Format == 2 and sub.ClassDef2 is not None:
            classes = sub.ClassDef2.classDefs
            for first, folds in twins.items():
                if first in classes:
                    for fold in folds:
                        classes[fold] = classes[first]
