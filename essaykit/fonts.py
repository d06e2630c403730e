"""Fonts that cover every script, found in PyPI font packages, never on the machine.

Why this module exists: a PDF must look the same everywhere, and an essay in
Japanese or Arabic must never print as boxes because the reader's computer
lacks a font. So fonts come from Python packages that essaykit depends on
(the ``fontpkg-*`` family packages, which declare themselves through the
``fontpkg.family`` entry-point group and describe their files in
``metadata.json``; and ``cvttf-notosanscjk-regular`` for Chinese and
Japanese), or from a theme's ``fonts/`` folder.

Why HarfBuzz (``uharfbuzz``) and not only WeasyPrint: WeasyPrint turns a
*variable* font into static instances with fontTools at embedding time, which
costs 1.5–2 s per weight and size (30 s for a whole font); and without the
system's libharfbuzz-subset it subsets a 16 MB CJK font with fontTools too.
HarfBuzz pins the axes and cuts a font down to the characters a document uses
in about 20 ms, so we hand WeasyPrint small static fonts and its own work
becomes cheap. Without uharfbuzz everything still works, only slower.

The same lookups serve the other renderers: ``font_for("ja")`` tells the EPUB
cover and the deck measurer which family and file draw a language or script.
"""

from __future__ import annotations

import io
import json
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import import_module
from pathlib import Path
from typing import Any

from .joiners import ZWNJ, keep_zwnj

__all__ = [
    "FontFile",
    "FontFamily",
    "PreparedFace",
    "SCRIPT_FONTS",
    "SCRIPT_PACKAGES",
    "installed_families",
    "find_family",
    "font_for",
    "font_file",
    "script_of",
    "scripts_in",
    "script_for_lang",
    "uncovered_scripts",
    "prepare_face",
    "font_face_css",
]

#: Fallback families per script, best first, used when the theme names none.
#: Chinese and Japanese share one Pan-CJK font (its TC build still holds the
#: Japanese kana and the simplified hanzi).
SCRIPT_FONTS: dict[str, tuple[str, ...]] = {
    "cjk": ("Noto Sans CJK TC", "Noto Sans CJK JP", "Noto Sans CJK SC"),
    "arabic": ("Amiri", "Noto Sans Arabic", "IBM Plex Sans Arabic", "Noto Kufi Arabic"),
    "thai": ("Noto Sans Thai", "Sarabun"),
    "devanagari": ("Noto Sans Devanagari",),
    "tamil": ("Noto Sans Tamil",),
    "bengali": ("Hind Siliguri",),
    "hebrew": ("Frank Ruhl Libre",),
    "telugu": ("Noto Sans Telugu",),
    "khmer": ("Noto Sans Khmer",),
    # Monochrome, so an emoji prints like the text around it (and in PDF/UA).
    "emoji": ("Noto Emoji",),
}

#: What to install when a script has no font: named in the warning.
SCRIPT_PACKAGES: dict[str, str] = {
    "cjk": "cvttf-notosanscjk-regular",
    "arabic": "fontpkg-amiri",
    "thai": "fontpkg-noto-sans-thai",
    "devanagari": "fontpkg-noto-sans-devanagari",
    "tamil": "fontpkg-noto-sans-tamil",
    "bengali": "fontpkg-hind-siliguri",
    "hebrew": "fontpkg-frank-ruhl-libre",
    "telugu": "fontpkg-noto-sans-telugu",
    "khmer": "fontpkg-noto-sans-khmer",
    "emoji": "manimgx-fonts",
}

_LANG_SCRIPT = {
    "ja": "cjk", "zh": "cjk", "ko": "cjk", "ar": "arabic", "fa": "arabic", "ur": "arabic",
    "ps": "arabic", "ug": "arabic", "sd": "arabic", "ku": "arabic", "he": "hebrew",
    "yi": "hebrew", "th": "thai", "hi": "devanagari", "mr": "devanagari", "ne": "devanagari",
    "ta": "tamil", "bn": "bengali", "as": "bengali", "te": "telugu", "km": "khmer", "ru": "cyrillic", "uk": "cyrillic",
    "bg": "cyrillic", "sr": "cyrillic", "el": "greek",
}


@dataclass(frozen=True)
class FontFile:
    path: Path
    style: str = "normal"
    #: Fixed weight of a static file; None for a variable font (see ``axes``).
    weight: int | None = 400
    #: Variation axes: tag → (min, default, max).
    axes: tuple[tuple[str, float, float, float], ...] = ()

    @property
    def variable(self) -> bool:
        return bool(self.axes)

    def axis(self, tag: str) -> tuple[float, float, float] | None:
        for t, lo, default, hi in self.axes:
            if t == tag:
                return lo, default, hi
        return None

    def weight_range(self) -> tuple[int, int]:
        w = self.axis("wght")
        if w:
            return int(w[0]), int(w[2])
        return (self.weight or 400, self.weight or 400)


@dataclass(frozen=True)
class FontFamily:
    name: str
    files: tuple[FontFile, ...]
    license: str = ""
    #: The PyPI distribution (or theme folder) it came from, for messages.
    origin: str = ""

    def best(self, weight: int = 400, italic: bool = False) -> FontFile | None:
        """The file that draws ``weight``/``italic`` best (CSS matching, simplified)."""
        style = "italic" if italic else "normal"
        pool = [f for f in self.files if f.style == style] or list(self.files)
        if not pool:
            return None

        def distance(f: FontFile) -> float:
            lo, hi = f.weight_range()
            return 0 if lo <= weight <= hi else min(abs(weight - lo), abs(weight - hi))

        return min(pool, key=distance)

    def has_italic(self) -> bool:
        return any(f.style == "italic" for f in self.files)


# ------------------------------------------------------------------ discovery


def _read_fontpkg(module_name: str) -> FontFamily | None:
    """A ``fontpkg-*`` package: files and axes from its ``metadata.json``."""
    try:
        module = import_module(module_name)
    except ImportError:
        return None
    root = Path(getattr(module, "ROOT", Path(module.__file__ or ".").parent))
    try:
        meta = json.loads((root / "metadata.json").read_text("utf-8"))
    except (OSError, ValueError):
        return None
    axes = tuple(
        (str(a["tag"]), float(a["min"]), float(a.get("default", a["min"])), float(a["max"]))
        for a in meta.get("axes", ())
    )
    files = []
    for entry in meta.get("files", ()):
        path = root / entry["path"]
        if not path.is_file():
            continue
        variable = bool(entry.get("variable"))
        files.append(
            FontFile(
                path=path,
                style=str(entry.get("style") or "normal"),
                weight=None if variable else int(entry.get("weight") or 400),
                axes=_file_axes(path) if variable else (),
            )
        )
    if not files:
        return None
    del axes  # the family's axes; each variable file reports its own defaults
    return FontFamily(str(meta.get("family") or module_name), tuple(files),
                      str(meta.get("license", "")), module_name.replace("_", "-"))


def _file_axes(path: Path) -> tuple[tuple[str, float, float, float], ...]:
    """Axes with their real defaults (metadata.json omits the default)."""
    try:
        from fontTools.ttLib import TTFont

        with TTFont(str(path), lazy=True) as font:
            return tuple((a.axisTag, a.minValue, a.defaultValue, a.maxValue) for a in font["fvar"].axes)
    except Exception:  # noqa: BLE001 - a broken font is skipped, not fatal
        return ()


def _cvttf_cjk() -> list[FontFamily]:
    """``cvttf-notosanscjk-*``: one OTF per package, family in the file name."""
    out = []
    for module_name, weight in (("cvttf_NotoSansCJK_Regular", 400), ("cvttf_NotoSansCJK_Bold", 700)):
        try:
            module = import_module(module_name)
        except ImportError:
            continue
        folder = Path(module.__file__ or ".").parent
        for path in sorted(folder.glob("*.otf")):
            region = path.stem.split("-")[0].removeprefix("NotoSansCJK").upper() or "TC"
            out.append(FontFamily(f"Noto Sans CJK {region}", (FontFile(path, "normal", weight),),
                                  "OFL-1.1", module_name.replace("_", "-").lower()))
    return out


#: Largest font file a theme's ``fonts/`` folder may hold (or any font read).
MAX_THEME_FONT_BYTES = 64 * 1024 * 1024


def font_bytes(path: Path) -> bytes:
    """A font file's bytes, through the bounded reader and only from a
    regular file. Why not ``stat`` and a path handed to HarfBuzz, Pillow or
    fontTools: a file that grows after its size was checked gets past the
    check, and a FIFO blocks them or feeds them without end. ResourceError
    (or OSError) otherwise."""
    from .resources import read_limited

    return read_limited(path, MAX_THEME_FONT_BYTES, str(path), regular=True)


def _folder_families(folder: Path, origin: str) -> list[FontFamily]:
    """Fonts dropped into a theme's ``fonts/`` folder, grouped by family name."""
    from fontTools.ttLib import TTFont

    from .resources import ResourceError, within

    grouped: dict[str, list[FontFile]] = {}
    root = folder.resolve()
    for path in sorted(folder.glob("*")):
        if path.suffix.lower() not in {".ttf", ".otf"}:
            continue
        if not within(path.resolve(), root):
            continue  # a symlink out of the theme's fonts/ folder is not read
        try:
            # No real face is over the cap (a CJK one is ~20 MB); a FIFO is skipped.
            data = font_bytes(path)
        except (ResourceError, OSError):
            continue
        try:
            with TTFont(io.BytesIO(data), lazy=True) as font:
                name = font["name"].getBestFamilyName() or path.stem
                italic = bool(font["OS/2"].fsSelection & 1) or "italic" in path.stem.lower()
                weight = int(font["OS/2"].usWeightClass)
                axes = tuple((a.axisTag, a.minValue, a.defaultValue, a.maxValue)
                             for a in font["fvar"].axes) if "fvar" in font else ()
        except Exception:  # noqa: BLE001
            continue
        grouped.setdefault(name, []).append(
            FontFile(path, "italic" if italic else "normal", None if axes else weight, axes))
    return [FontFamily(name, tuple(files), "", origin) for name, files in grouped.items()]


@lru_cache(maxsize=1)
def installed_families() -> dict[str, FontFamily]:
    """Every font family essaykit can use, by lower-cased name.

    Kept in the cache folder while the installed distributions
    (:func:`essaykit.installed.fingerprint`) and every font file they list
    are unchanged. Why: finding them reads the entry points, eleven
    packages and each variable font's axes with fontTools, 50–80 ms on
    every EPUB and PDF, where the answer is the same until something is
    installed or removed."""
    from .installed import fingerprint

    stamp = fingerprint()
    if stamp is not None:
        kept = _families_from_cache(stamp)
        if kept is not None:
            return kept
    found = _scan_families()
    if stamp is not None:
        _families_to_cache(stamp, found)
    return found


_FAMILIES_FORMAT = 1


def _families_cache_file() -> Path:
    import sys
    import zlib

    from .cache import cache_root

    # One file per interpreter and environment, so two venvs do not take turns.
    tag = zlib.crc32(f"{sys.executable}\0{sys.prefix}".encode())
    return cache_root() / f"font-families-{tag:08x}.json"


def _file_stamp(path: Path) -> list[int]:
    st = path.stat()
    return [st.st_size, st.st_mtime_ns]


def _families_from_cache(stamp: str) -> dict[str, FontFamily] | None:
    from .cache import read

    data = read(_families_cache_file())
    if data is None:
        return None
    try:
        saved = json.loads(data)
        if saved.get("format") != _FAMILIES_FORMAT or saved.get("fingerprint") != stamp:
            return None
        found: dict[str, FontFamily] = {}
        for key, (name, license_, origin, files) in saved["families"].items():
            out = []
            for path, style, weight, axes, file_stamp in files:
                if _file_stamp(Path(path)) != file_stamp:
                    return None  # a font file changed: read everything again
                out.append(FontFile(Path(path), style, weight,
                                    tuple((str(t), float(a), float(b), float(c)) for t, a, b, c in axes)))
            found[key] = FontFamily(name, tuple(out), license_, origin)
        return found
    except (OSError, ValueError, TypeError, KeyError, AttributeError):
        return None


def _families_to_cache(stamp: str, found: dict[str, FontFamily]) -> None:
    from .cache import write

    try:
        families = {key: [fam.name, fam.license, fam.origin,
                          [[str(f.path), f.style, f.weight, [list(a) for a in f.axes], _file_stamp(f.path)]
                           for f in fam.files]]
                    for key, fam in found.items()}
    except OSError:
        return
    write(_families_cache_file(),
          json.dumps({"format": _FAMILIES_FORMAT, "fingerprint": stamp, "families": families}).encode())


def _scan_families() -> dict[str, FontFamily]:
    from importlib.metadata import entry_points

    found: dict[str, FontFamily] = {}
    for ep in entry_points(group="fontpkg.family"):
        family = _read_fontpkg(ep.value)
        if family:
            found.setdefault(family.name.lower(), family)
    for family in _cvttf_cjk():
        found.setdefault(family.name.lower(), family)
    emoji = _noto_emoji()
    if emoji is not None:
        found.setdefault(emoji.name.lower(), emoji)
    return found


def _noto_emoji() -> FontFamily | None:
    """Noto Emoji (monochrome, variable wght, OFL) from ``manimgx-fonts``, the
    PyPI package that ships it; the package's other faces are not taken, so
    they never stand in for a theme's."""
    try:
        module = import_module("manimgx_fonts")
    except ImportError:
        return None
    path = Path(module.__file__ or ".").parent / "NotoEmoji[wght].ttf"
    if not path.is_file():
        return None
    return FontFamily("Noto Emoji", (FontFile(path, "normal", None, _file_axes(path)),), "OFL-1.1",
                      "manimgx-fonts")


def find_family(name: str, extra_dirs: Iterable[Path] = ()) -> FontFamily | None:
    """A family by name: a theme's ``fonts/`` folders first, then packages."""
    for folder in extra_dirs:
        if folder.is_dir():
            for family in _theme_families(folder.resolve()):
                if family.name.lower() == name.lower():
                    return family
    return installed_families().get(name.lower())


@lru_cache(maxsize=16)
def _theme_families(folder: Path) -> tuple[FontFamily, ...]:
    return tuple(_folder_families(folder, str(folder)))


def font_folders() -> tuple[Path, ...]:
    """Folders holding package fonts: what the PDF URL fetcher may read."""
    out: dict[Path, None] = {}
    for family in installed_families().values():
        for f in family.files:
            out[f.path.parent.resolve()] = None
    return tuple(out)


# -------------------------------------------------------------------- scripts


def script_of(ch: str) -> str | None:
    """The script a character needs a font for; None for spaces, digits and
    punctuation that every font has."""
    cp = ord(ch)
    if cp < 0x80:
        return "latin" if ch.isalpha() else None
    if 0x1F000 <= cp <= 0x1FAFF or cp in _EMOJI_BMP:
        return "emoji"
    if 0xFE00 <= cp <= 0xFE0F:
        return None  # a variation selector: drawn by the font of the character it follows
    if (0x2E80 <= cp <= 0x9FFF or 0xAC00 <= cp <= 0xD7AF or 0xF900 <= cp <= 0xFAFF
            or 0xFE30 <= cp <= 0xFE4F or 0xFF00 <= cp <= 0xFFEF or 0x20000 <= cp <= 0x3FFFF
            or 0x1100 <= cp <= 0x11FF):
        return "cjk"
    if 0x0600 <= cp <= 0x08FF or 0xFB50 <= cp <= 0xFDFF or 0xFE70 <= cp <= 0xFEFF:
        return "arabic"
    if 0x0590 <= cp <= 0x05FF:
        return "hebrew"
    cat = unicodedata.category(ch)
    if cat[0] in "ZC":
        return None
    try:
        word = unicodedata.name(ch).split(" ", 1)[0].lower()
    except ValueError:
        return None
    if cat[0] != "L" and word not in _SCRIPT_WORDS:
        return "symbols"
    return word


#: Characters below U+10000 that are emoji by default (Unicode's Emoji_Presentation):
#: ☕ ✅ ⭐ ⚡ ... Those drawn as text unless followed by U+FE0F (☺ ❤ ✔) are left
#: to the text fonts, which have them.
_EMOJI_BMP = frozenset([
    0x231A, 0x231B, *range(0x23E9, 0x23ED), 0x23F0, 0x23F3, 0x25FD, 0x25FE, 0x2614, 0x2615,
    *range(0x2648, 0x2654), 0x267F, 0x2693, 0x26A1, 0x26AA, 0x26AB, 0x26BD, 0x26BE, 0x26C4, 0x26C5,
    0x26CE, 0x26D4, 0x26EA, 0x26F2, 0x26F3, 0x26F5, 0x26FA, 0x26FD, 0x2705, 0x270A, 0x270B, 0x2728,
    0x274C, 0x274E, 0x2753, 0x2754, 0x2755, 0x2757, 0x2795, 0x2796, 0x2797, 0x27B0, 0x27BF, 0x2B1B,
    0x2B1C, 0x2B50, 0x2B55,
])

_SCRIPT_WORDS = {"thai", "devanagari", "tamil", "telugu", "khmer", "bengali", "gujarati",
                 "gurmukhi", "kannada", "malayalam", "sinhala", "lao", "tibetan", "myanmar",
                 "ethiopic", "georgian", "armenian"}


def scripts_in(text: str) -> dict[str, int]:
    """How many characters of each script ``text`` holds."""
    counts: dict[str, int] = {}
    for ch in set(text):
        s = script_of(ch)
        if s:
            counts[s] = counts.get(s, 0) + text.count(ch)
    return counts


def script_for_lang(lang: str) -> str:
    return _LANG_SCRIPT.get(lang.split("-", 1)[0].lower(), "latin")


def font_for(script_or_lang: str, theme: Any = None) -> FontFamily | None:
    """The family that draws a script (``"cjk"``, ``"arabic"``) or a language
    (``"ja"``, ``"fa"``): the theme's ``[fonts.scripts]`` choice if installed,
    else the first installed default. None for Latin-script text: the theme's
    body font draws that."""
    script = script_or_lang if script_or_lang in SCRIPT_FONTS else script_for_lang(script_or_lang)
    for name in script_families(script, theme):
        family = find_family(name, _theme_font_dirs(theme))
        if family:
            return family
    return None


def script_families(script: str, theme: Any = None) -> tuple[str, ...]:
    """Family names a theme asks for ``script`` (string or list), then ours."""
    chosen: Any = theme.get(f"fonts.scripts.{script}") if theme is not None else None
    names = [chosen] if isinstance(chosen, str) else list(chosen or [])
    return tuple(dict.fromkeys([*names, *SCRIPT_FONTS.get(script, ())]))


def _theme_font_dirs(theme: Any) -> tuple[Path, ...]:
    if theme is None:
        return ()
    from .resources import within

    return tuple(Path(folder) / "fonts" for folder in getattr(theme, "lineage", ())
                 if within((Path(folder) / "fonts").resolve(), Path(folder).resolve()))


def font_file(family: FontFamily, weight: int = 400, italic: bool = False) -> Path | None:
    """A file of ``family`` for the deck measurer (may be variable)."""
    best = family.best(weight, italic)
    return best.path if best else None


@lru_cache(maxsize=64)
def _unicodes(path: Path) -> frozenset[int]:
    try:
        import uharfbuzz as hb

        return frozenset(hb.Face(hb.Blob(font_bytes(path))).unicodes)
    except ImportError:
        from fontTools.ttLib import TTFont

        with TTFont(io.BytesIO(font_bytes(path)), lazy=True) as font:
            return frozenset(font.getBestCmap())


@lru_cache(maxsize=1)
def _dejavu_files() -> tuple[Path, ...]:
    """DejaVu, the one system family we may assume (WeasyPrint falls back to it)."""
    out: list[Path] = []
    for root in (Path("/usr/share/fonts"), Path("/usr/local/share/fonts"), Path.home() / ".fonts"):
        if root.is_dir():
            out.extend(sorted(root.rglob("DejaVu*.ttf")))
    return tuple(out)


def uncovered_scripts(text: str, families: Iterable[FontFamily]) -> dict[str, str]:
    """Scripts with characters none of ``families`` (nor DejaVu) can draw,
    each with its first uncovered character (in ``text``'s order, so the
    example and the line a warning names are the same on every run)."""
    covered: set[int] = set()
    for family in families:
        for f in family.files:
            covered |= _unicodes(f.path)
    for path in _dejavu_files():
        covered |= _unicodes(path)
    missing: dict[str, str] = {}
    for ch in dict.fromkeys(text):
        script = script_of(ch)
        if script and ord(ch) not in covered and script not in missing:
            missing[script] = ch
    return missing


# ---------------------------------------------------------- preparing faces


#: Characters every prepared font keeps whatever the text: what page
#: furniture, typography and generated content may add.
_BASE_RANGES = ((0x20, 0x7E), (0xA0, 0x17F), (0x2010, 0x2027), (0x2030, 0x203A), (0x2044, 0x2044),
                (0x20AC, 0x20AC), (0x2122, 0x2122), (0x2190, 0x2193), (0x21A9, 0x21A9),
                (0x2610, 0x2612), (0x0660, 0x0669), (0x06F0, 0x06F9), (0x3000, 0x3003))


_EXTRA_FEATURES = ("onum", "lnum", "pnum", "tnum", "smcp", "c2sc", "sups", "subs", "case",
                   "ordn", "calt", "zero", "swsh", "salt")


@dataclass(frozen=True)
class PreparedFace:
    """A static, subset font ready for an ``@font-face`` rule."""

    family: str
    weight: int
    style: str
    data: bytes
    name: str
    source: FontFile = field(compare=False)

    @property
    def format(self) -> str:
        return "opentype" if self.data[:4] == b"OTTO" else "truetype"


def prepare_face(font: FontFile, family: str, *, weight: int = 400, text: str = "",
                 opsz: float | None = None, subset: bool = True) -> PreparedFace:
    """``font`` pinned to ``weight`` (and optical size ``opsz``) and cut down to
    the characters of ``text`` plus a base set; the file itself when HarfBuzz
    is not installed."""
    chars = text_chars(text)
    zwnj = subset and ZWNJ in chars and not zwnj_neighbours(text).isdisjoint(_unicodes(font.path))
    # Arabic script: glyphs of their own for what one letter becomes (essaykit.clusters).
    split = subset and 0x0644 in _unicodes(font.path) and any("\u0600" <= c <= "\u06ff" for c in chars)
    data = _prepare_bytes(font, weight if font.variable else None, opsz, chars if subset else None,
                          zwnj, split)
    hebrew = subset and 0x05D0 in _unicodes(font.path) and any("\u0591" <= c <= "\u05c7" for c in chars)
    if split or hebrew:  # marks drawn with their letters, their text beside (essaykit.marks)
        from .marks import fold_marks, needs_folding

        if needs_folding(text):
            data = fold_marks(data, text)
    if subset and any("\u0900" <= c <= "\u0eff" for c in chars):
        # Indic and Thai clusters: no glyph copies back as two texts (essaykit.syllables).
        from .syllables import needs_care, one_text_per_glyph

        if needs_care(text):
            data = one_text_per_glyph(data, text)
    if subset and ("\u0e33" in chars or "\u0eb3" in chars):  # Thai's SARA AM copies as itself
        from .marks import keep_sara_am

        data = keep_sara_am(data, text)
    slug = "".join(c if c.isalnum() else "-" for c in family).strip("-")
    name = f"{slug}-{weight}-{font.style}.{ 'otf' if data[:4] == b'OTTO' else 'ttf'}"
    return PreparedFace(family, weight, font.style, data, name, font)


@lru_cache(maxsize=4)
def text_chars(text: str) -> frozenset[str]:
    """The characters of ``text`` in every case, with the ones HarfBuzz
    always draws some with: Thai and Lao's SARA AM as nikhahit + sara aa
    (subset without them, "บทนำ" printed "บทน า" and copied so).
    Why cached and built from the distinct characters: a PDF prepares
    about 14 faces from the same megabyte of markup, and upper-/lower-casing
    all of it for each face cost 0.35 s on a 90,000-word book."""
    distinct = "".join(set(text))
    drawn = "".join(_SHAPED_AS.get(c, "") for c in distinct)
    return (frozenset(distinct) | frozenset(distinct.upper()) | frozenset(distinct.lower())
            | frozenset(drawn))


#: Characters a HarfBuzz shaper always draws as others (Thai and Lao SARA AM).
_SHAPED_AS = {"\u0e33": "\u0e4d\u0e32", "\u0eb3": "\u0ecd\u0eb2"}


@lru_cache(maxsize=4)
def zwnj_neighbours(text: str) -> frozenset[int]:
    """The code points of the letters on either side of each ZWNJ of ``text``:
    a face that draws one of them is the face Pango gives the ZWNJ."""
    out: set[int] = set()
    start = text.find(ZWNJ)
    while start >= 0:
        out.update(ord(c) for c in text[max(start - 1, 0):start + 2] if c != ZWNJ)
        start = text.find(ZWNJ, start + 1)
    return frozenset(out)


@lru_cache(maxsize=64)
def _prepare_bytes(font: FontFile, weight: int | None, opsz: float | None,
                   chars: frozenset[str] | None, zwnj: bool = False, split: bool = False) -> bytes:
    try:
        import uharfbuzz as hb
    except ImportError:
        return font_bytes(font.path)
    static = _static_instance(font, weight, opsz) if font.variable else None
    if (zwnj or split) and (static is not None or not font.variable):
        # The whole face rewritten so that its PDF text copies back (a written
        # ZWNJ: essaykit.joiners; a glyph per text: essaykit.clusters), kept on
        # disk: rewriting its layout tables costs 0.05-4 s, subsetting it after 2 ms.
        static = _faithful(font, weight, opsz, static, zwnj, split)
        zwnj = split = False
    if static is not None:
        face = hb.Face(hb.Blob(static))
    else:
        face = hb.Face(hb.Blob(font_bytes(font.path)))
    inp = hb.SubsetInput()
    if chars is None:
        if static is not None:
            return static
        inp.keep_everything()
    else:
        for lo, hi in _BASE_RANGES:
            inp.unicode_set.add_range(lo, hi)
        inp.unicode_set.update(ord(c) for c in chars)
        # HarfBuzz keeps the features shaping needs (Arabic joining forms,
        # ligatures, kerning, CJK vertical/locl...); add the ones the print
        # CSS asks for. Not *all* features: the CJK font's alternates
        # (jp78, trad, hwid...) would triple its glyphs.
        inp.layout_feature_tag_set.update(int.from_bytes(t.encode(), "big") for t in _EXTRA_FEATURES)
    if font.variable and static is None:
        for tag, value in _pins(font, weight, opsz):
            inp.pin_axis_location(face, tag, value)
    inp.flags = hb.SubsetFlags.NO_HINTING
    result = hb.subset(face, inp)
    if result is None:  # HarfBuzz refused this font: hand over the whole file
        return font_bytes(font.path)
    data = bytes(result.blob.data)
    if split:  # a variable face HarfBuzz would not pin: the subset itself
        from .clusters import split_shared_glyphs

        data = split_shared_glyphs(data)
    return keep_zwnj(data) if zwnj else data


def _pins(font: FontFile, weight: int | None, opsz: float | None) -> list[tuple[str, float]]:
    """Where each axis of a variable ``font`` is pinned: weight and optical
    size as asked (clamped), every other axis at its default."""
    out: list[tuple[str, float]] = []
    for tag, amin, default, amax in font.axes:
        value: float = default
        if tag == "wght" and weight is not None:
            value = weight
        elif tag == "opsz" and opsz is not None:
            value = opsz
        out.append((tag, min(max(value, amin), amax)))
    return out


def font_cache_dir() -> Path:
    """Where pinned font instances are kept: ``$XDG_CACHE_HOME/essaykit/fonts``
    (``~/.cache/essaykit/fonts`` by default)."""
    from .cache import cache_root

    return cache_root() / "fonts"


@lru_cache(maxsize=32)
def _static_instance(font: FontFile, weight: int | None, opsz: float | None) -> bytes | None:
    """``font`` pinned at its axes as a whole static font, from the disk cache
    when an earlier run made it.

    Why: pinning a variable font's axes (instancing) is most of the cost of
    preparing a face (about 25 ms each, 14 faces a document), and it depends
    only on the file and the axis values, while the subset that follows
    depends on the text and takes about 2 ms from a static font. The key
    is the file's path, size and modification time, the pinned values and
    the HarfBuzz version; files are written atomically (a temporary file
    renamed into place), so concurrent runs never read half a file. When the
    cache cannot be read or written the instance is made in memory (None
    means HarfBuzz refused: the caller pins while subsetting, as before).
    """
    import hashlib

    import uharfbuzz as hb

    from . import cache

    pins = _pins(font, weight, opsz)
    try:
        stat = font.path.stat()
    except OSError:
        return None
    key = hashlib.sha256(repr((str(font.path.resolve()), stat.st_size, stat.st_mtime_ns, pins,
                               getattr(hb, "__version__", ""))).encode()).hexdigest()[:24]
    slug = "".join(c if c.isalnum() else "-" for c in font.path.stem)[:40]
    path = font_cache_dir() / f"{slug}-{key}.ttf"
    data = cache.read(path)
    if data is not None:
        return data
    face = hb.Face(hb.Blob(font_bytes(font.path)))
    inp = hb.SubsetInput()
    inp.keep_everything()
    for tag, value in pins:
        inp.pin_axis_location(face, tag, value)
    inp.flags = hb.SubsetFlags.NO_HINTING
    result = hb.subset(face, inp)
    if result is None:
        return None
    data = bytes(result.blob.data)
    cache.write(path, data)  # a read-only home: the instance stays in memory only
    return data


@lru_cache(maxsize=16)
def _faithful(font: FontFile, weight: int | None, opsz: float | None, static: bytes | None,
              zwnj: bool, split: bool) -> bytes:
    """``font`` (or its pinned ``static`` instance) rewritten so that a PDF's
    text copies back: a glyph of its own for each glyph a one-to-many
    substitution writes (``split``, :mod:`essaykit.clusters`), a written ZWNJ
    (``zwnj``, :mod:`essaykit.joiners`); from the disk cache when an earlier
    run made it, keyed like :func:`_static_instance`."""
    import hashlib

    from . import cache
    from .clusters import VERSION as SPLIT_VERSION
    from .clusters import split_shared_glyphs
    from .joiners import VERSION as ZWNJ_VERSION

    def rewrite(data: bytes) -> bytes:
        if split:
            data = split_shared_glyphs(data)
        return keep_zwnj(data) if zwnj else data

    data = static if static is not None else font_bytes(font.path)
    try:
        stat = font.path.stat()
    except OSError:
        return rewrite(data)
    key = hashlib.sha256(repr((str(font.path.resolve()), stat.st_size, stat.st_mtime_ns,
                               _pins(font, weight, opsz), len(data), zwnj and ZWNJ_VERSION,
                               split and SPLIT_VERSION)).encode()).hexdigest()[:24]
    slug = "".join(c if c.isalnum() else "-" for c in font.path.stem)[:40]
    path = font_cache_dir() / f"{slug}-text-{key}.ttf"
    kept = cache.read(path)
    if kept is not None:
        return kept
    kept = rewrite(data)
    cache.write(path, kept)
    return kept


def font_face_css(face: PreparedFace, url: str) -> str:
    return (
        f'@font-face {{ font-family: "{face.family}"; src: url("{url}") format("{face.format}"); '
        f"font-weight: {face.weight}; font-style: {face.style}; }}\n"
    )
