"""A cover drawn from the front matter when the essay names no cover image.

1600×2560 px (the size the big ebook stores ask for), in the theme's colours.
Text is drawn only with a font that has every one of its characters, so a
Japanese or Arabic title never comes out as a row of boxes: the theme's font
for the role comes first, then the family ``essaykit.fonts`` names for the
language's script (PyPI font packages or the theme's fonts/), then DejaVu;
when none covers a line, the cover is still made (without that line) and
essaykit says so once.
"""

from __future__ import annotations

import contextlib
import io
import unicodedata
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from typing import Any

from essaykit.fonts import font_bytes
from essaykit.lang import direction, is_cjk, primary
from essaykit.model import Metadata
from essaykit.resources import within

from .meta import clean

WIDTH, HEIGHT = 1600, 2560
MARGIN = 160

DEJAVU = Path("/usr/share/fonts/truetype/dejavu")
_FALLBACKS = {
    "heading": ("DejaVuSerif-Bold.ttf", "DejaVuSans-Bold.ttf"),
    "body": ("DejaVuSerif.ttf", "DejaVuSans.ttf"),
}
_DEFAULT_COLORS = {"background": "#ffffff", "text": "#1d1b19", "muted": "#6b645c", "accent": "#8c2f1b", "rule": "#c9c1b6"}


def font_candidates(theme: Any, role: str, lang: str = "en") -> list[tuple[Path, int]]:
    """Fonts to try with the weight to draw them at, best first: the theme's
    family for ``role`` and the family for the language's script (both from
    the theme's fonts/ or essaykit's font packages, see ``essaykit.fonts``),
    any other font in the theme's folders, then DejaVu."""
    return list(_candidates(tuple(theme.folders()), role, lang, _ThemeKey(theme)))


class _ThemeKey:
    """Hashable stand-in for a theme (its folders say which theme it is),
    so the font search runs once per theme, role and language."""

    def __init__(self, theme: Any) -> None:
        self.theme = theme
        self.key = tuple(theme.folders())

    def __hash__(self) -> int:
        return hash(self.key)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, _ThemeKey) and other.key == self.key


@lru_cache(maxsize=64)
def _candidates(folders: tuple[Path, ...], role: str, lang: str, key: _ThemeKey) -> tuple[tuple[Path, int], ...]:
    theme = key.theme
    weight = 700 if role == "heading" else 400
    found: list[tuple[Path, int]] = []
    try:
        from essaykit import fonts

        dirs = fonts._theme_font_dirs(theme)
        name = theme.get(f"fonts.{role}")
        families = [fonts.find_family(name, dirs) if isinstance(name, str) else None,
                    fonts.font_for(lang, theme)]
        for family in families:
            best = family.best(weight) if family else None
            if best:
                found.append((best.path, weight))
    except Exception:  # font packages are an improvement, never a failure
        pass
    for folder in reversed(folders):
        fonts_dir = Path(folder) / "fonts"
        if fonts_dir.is_dir():
            # Only files really inside the theme (no symlink out of it).
            files = sorted(p for p in fonts_dir.rglob("*") if p.suffix.lower() in {".ttf", ".otf"}
                           and within(p.resolve(), Path(folder).resolve()))
            bold = [p for p in files if "bold" in p.name.lower()]
            plain = [p for p in files if p not in bold]
            found += [(p, weight) for p in ((bold + plain) if role == "heading" else (plain + bold))]
    found += [(DEJAVU / name, weight) for name in _FALLBACKS[role] if (DEJAVU / name).is_file()]
    return tuple(dict.fromkeys(found))


@lru_cache(maxsize=64)
def _load(path: Path, size: int, weight: int, layout: Any) -> Any:
    """A Pillow font; a variable font is set to ``weight`` on its wght axis.
    Cached: a batch draws many covers with the same few fonts."""
    from PIL import ImageFont

    font = ImageFont.truetype(io.BytesIO(font_bytes(path)), size, layout_engine=layout)
    try:
        axes = font.get_variation_axes()
    except Exception:  # not a variable font
        return font
    values: list[float] = []
    for axis in axes:
        name = axis.get("name")
        if name in (b"Weight", "Weight"):
            values.append(float(max(axis["minimum"] or 0, min(axis["maximum"] or 1000, weight))))
        else:
            values.append(float(axis["default"] or 0))
    # FreeType without variation support keeps the default instance.
    with contextlib.suppress(Exception):
        font.set_variation_by_axes(values)
    return font


@lru_cache(maxsize=32)
def _cmap(path: Path) -> frozenset[int]:
    """The code points the font (the first in a collection) maps to glyphs.

    HarfBuzz reads them in C, about thirty times faster than fontTools,
    which names every glyph on the way (25 ms for Source Serif, in the cover
    child that a long book waits for); both give the same set for every
    font package, theme font and DejaVu face (checked on all 118 here).
    fontTools when uharfbuzz is missing."""
    try:
        import uharfbuzz as hb
    except ImportError:
        hb = None
    try:
        if hb is not None:
            return frozenset(hb.Face(hb.Blob(font_bytes(path))).unicodes)
        from fontTools.ttLib import TTFont

        with TTFont(io.BytesIO(font_bytes(path)), lazy=True, fontNumber=0) as font:
            return frozenset(font.getBestCmap() or {})
    except Exception:  # a broken font file covers nothing
        return frozenset()


def covering_font(text: str, candidates: list[tuple[Path, int]]) -> tuple[Path, int] | None:
    """The first font with every letter, digit and punctuation mark of
    ``text`` (symbols such as emoji are optional: they are left out)."""
    needed = {ord(c) for c in text if unicodedata.category(c)[0] in "LNP"}
    for path, weight in candidates:
        cmap = _cmap(path)
        if cmap and needed <= cmap:  # an unreadable file covers nothing, not even nothing
            return path, weight
    return None


def _colors(theme: Any) -> dict[str, tuple[int, int, int]]:
    from PIL import ImageColor

    palette = theme.palette() if hasattr(theme, "palette") else {}
    out = {}
    for key, default in _DEFAULT_COLORS.items():
        try:
            # ``[epub] cover_background`` etc. let a theme's cover differ from
            # its page: a colour, or the name of one of [colors] ("accent").
            value = theme.get(f"epub.cover_{key}", None) or palette.get(key) or default
            out[key] = ImageColor.getrgb(str(palette.get(value, value)))[:3]
        except ValueError:
            out[key] = ImageColor.getrgb(default)[:3]
    return out


def _wrap(text: str, font: object, width: int, cjk: bool, rtl: bool) -> list[str]:
    """Greedy line filling; CJK breaks between characters, others at spaces."""
    units = list(text) if cjk else text.split()
    joiner = "" if cjk else " "
    lines: list[str] = []
    line = ""
    for unit in units:
        trial = line + joiner + unit if line else unit
        if not line or _length(font, trial, rtl) <= width:
            line = trial
        else:
            lines.append(line)
            line = unit
    if line:
        lines.append(line)
    return lines


#: The most of a word, and of a text, a cover can show (a 1,280-pixel line
#: holds about 128 narrow letters at the smallest size; six lines at most):
#: longer ones are cut, since a 20,000-character word made Pillow draw a
#: 121-megapixel line.
_COVER_WORD, _COVER_TEXT = 128, 1000


def _bounded(text: str, cjk: bool) -> str:
    if len(text) > _COVER_TEXT:
        text = text[:_COVER_TEXT] + "…"
    if cjk:
        return text
    return " ".join(w if len(w) <= _COVER_WORD else w[:_COVER_WORD - 1] + "…" for w in text.split(" "))


def _length(font: object, text: str, rtl: bool) -> float:
    kwargs = {"direction": "rtl"} if rtl and _raqm() else {}
    return float(font.getlength(text, **kwargs))  # type: ignore[attr-defined]


@lru_cache(maxsize=1)
def _raqm() -> bool:
    from PIL import features

    return bool(features.check("raqm"))


def generate_cover(
    meta: Metadata,
    title: str,
    language: str,
    theme: Any,
    warn: Callable[[str], None],
) -> bytes:
    """The cover as PNG bytes (deterministic for the same input).

    The cover is flat colour and anti-aliased text, so it is stored as a
    palette PNG: the frame's colours plus, for each text colour, a ramp of
    :data:`_LEVELS` blends from the background to it. Text is drawn as
    grey-level coverage on one mask per colour and mapped onto its ramp.
    This encodes about ten times faster than the same picture in RGB and
    looks the same.
    """
    from PIL import Image, ImageChops, ImageDraw, ImageFont

    colors = _colors(theme)
    img = Image.new("L", (WIDTH, HEIGHT), _BACKGROUND)  # palette indices
    frame = ImageDraw.Draw(img)
    # Frame: an accent band at the top and fine rules, the theme's quiet look.
    frame.rectangle((0, 0, WIDTH, 96), fill=_ACCENT)
    frame.rectangle((MARGIN, 560, WIDTH - MARGIN, 566), fill=_RULE)
    frame.rectangle((MARGIN, HEIGHT - 560, WIDTH - MARGIN, HEIGHT - 554), fill=_RULE)
    masks: dict[str, Any] = {}  # text colour → coverage mask ("L")

    def mask_for(color: str) -> Any:
        if color not in masks:
            masks[color] = Image.new("L", (WIDTH, HEIGHT), 0)
        return ImageDraw.Draw(masks[color])

    rtl = direction(language) == "rtl"
    cjk = is_cjk(language)
    complex_script = rtl or primary(language) in {"hi", "bn", "ta", "te", "th", "my", "km", "si"}
    missing: list[str] = []

    def block(text: str, role: str, size: int, top: int, color: str,
              max_lines: int, spacing: float = 1.25) -> int:
        text = _bounded(clean(text), cjk)
        if not text:
            return top
        chosen = covering_font(text, font_candidates(theme, role, language))
        if chosen is None or (complex_script and not _raqm()):
            missing.append(text)
            return top
        path, weight = chosen
        covered = _cmap(path)
        text = " ".join("".join(c for c in text if ord(c) in covered or c.isspace()).split())
        if not text:
            return top
        layout = ImageFont.Layout.RAQM if _raqm() else ImageFont.Layout.BASIC
        while True:
            font = _load(path, size, weight, layout)
            lines = _wrap(text, font, WIDTH - 2 * MARGIN, cjk, rtl)
            if len(lines) <= max_lines or size <= 40:
                break
            size = int(size * 0.85)
        shaped = rtl and _raqm()
        draw = mask_for(color)
        y = top
        for line in lines[:max_lines]:
            w = _length(font, line, rtl)
            draw.text(((WIDTH - w) / 2, y), line, font=font, fill=255,
                      direction="rtl" if shaped else None, language=language if shaped else None)
            y += int(size * spacing)
        return y

    y = block(title, "heading", 150, 700, "text", 6)
    block(meta.subtitle, "body", 80, y + 60, "muted", 4)
    authors = ", ".join(clean(a) for a in meta.authors if clean(a))
    block(authors, "body", 72, HEIGHT - 480, "text", 3)
    if missing:
        warn(
            "cover: no available font covers "
            + "; ".join(repr(m[:40]) for m in missing)
            + " — the generated cover leaves it out; add a font for this script to the theme's fonts/ folder"
        )
    for color, coverage in masks.items():
        # Ramp indices are above the frame's, so text is painted over a rule.
        img = ImageChops.lighter(img, coverage.point(_ramp_lut(color)))
    cover = Image.frombytes("P", (WIDTH, HEIGHT), img.tobytes())
    cover.putpalette(_palette(colors))
    out = io.BytesIO()
    cover.save(out, "PNG", optimize=False, compress_level=3)
    return out.getvalue()


#: Blends per text colour between the background and the colour.
_LEVELS = 126
_BACKGROUND, _ACCENT, _RULE = 0, 1, 2
_RAMPS = {"text": 3, "muted": 3 + _LEVELS}


@lru_cache(maxsize=2)
def _ramp_lut(color: str) -> tuple[int, ...]:
    """Mask value (0–255) → palette index: the background, then the ramp."""
    base = _RAMPS[color]
    return (_BACKGROUND, *(base + max(1, round(v * _LEVELS / 255)) - 1 for v in range(1, 256)))


def _palette(colors: dict[str, tuple[int, int, int]]) -> list[int]:
    bg = colors["background"]
    out = [*bg, *colors["accent"], *colors["rule"]]
    for key in ("text", "muted"):
        fg = colors[key]
        for k in range(1, _LEVELS + 1):
            out.extend(round(b + (f - b) * k / _LEVELS) for b, f in zip(bg, fg, strict=True))
    return out
