"""The deck's look, read from the theme, and the XML details of styled text.

Theme keys read (each optional; a missing key falls back to the general
``colors.*``/``fonts.*`` of the theme, then to a built-in default; the
reference is docs/THEMES.md)::

    [deck]
    background = "#FFFFFF"      text = "#1F2328"      accent = "#B4451F"
    muted = "#6B6F76"           code_background = "#F4F1EC"
    heading_font = "..."        body_font = "..."     code_font = "..."
    ea_font = "..."             cs_font = "..."       # East Asian / complex scripts
    title_size = 40             body_size = 32        # largest sizes, in points
    template = "deck.pptx"      # a slide master shipped with the theme

A font value is a family name, or a table ``{family = "...", file = "x.ttf"}``
naming a file in the theme folder so the text is measured with the very font
that draws it. Without a file, the measuring font is the family's file found
on the system, else DejaVu (wider than most faces, so the fit stays safe).

No python-pptx import at module level: this module is imported by the
renderer only when it renders.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from essaykit.lang import direction, is_cjk, primary
from essaykit.transform.textfit import Measurer, find_font_file, measurer_for

_EA_DEFAULT = {"ja": "Noto Sans CJK JP", "zh": "Noto Sans CJK SC", "ko": "Noto Sans CJK KR"}
_A_RPR = "{http://schemas.openxmlformats.org/drawingml/2006/main}rPr"
_CS_DEFAULT = {
    "ar": "Noto Sans Arabic",
    "fa": "Noto Sans Arabic",
    "ur": "Noto Nastaliq Urdu",
    "he": "Noto Sans Hebrew",
    "hi": "Noto Sans Devanagari",
    "th": "Noto Sans Thai",
}


def _script_font(lang: str, theme: Any) -> str | None:
    """The family for a complex-script language's text (Hebrew, Bengali,
    Tamil...): the theme's ``[fonts.scripts]`` choice, else ours above when
    installed, else the one the PDF draws it in (:data:`essaykit.fonts.SCRIPT_FONTS`,
    whose font packages are dependencies), so the deck can embed it."""
    from essaykit import fonts as F

    named = _CS_DEFAULT.get(lang)
    script = F.script_for_lang(lang)
    if script == "cjk" or script not in F.SCRIPT_FONTS:
        return named
    chosen = theme.get(f"fonts.scripts.{script}") if theme is not None else None
    if not chosen and named and F.find_family(named):
        return named
    family = F.font_for(script, theme)
    return family.name if family is not None else named


def _color(value: Any, default: str) -> str:
    text = str(value or "").strip().lstrip("#")
    if re.fullmatch(r"[0-9A-Fa-f]{6}", text):
        return text.upper()
    if re.fullmatch(r"[0-9A-Fa-f]{3}", text):
        return "".join(c * 2 for c in text).upper()
    return default


def _family(value: Any) -> str:
    if isinstance(value, dict):
        value = value.get("family") or value.get("name") or ""
    if isinstance(value, (list, tuple)):
        value = value[0] if value else ""
    text = str(value or "").split(",")[0].strip().strip("'\"")
    return text


def _file(theme: Any, value: Any, bold: bool) -> Path | None:
    if not isinstance(value, dict) or theme is None:
        return None
    keys = ("bold", "file_bold") if bold else ()
    for key in (*keys, "file", "regular", "path"):
        rel = value.get(key)
        if isinstance(rel, str):
            found = theme.file(rel)
            if found:
                return Path(found)
    files = value.get("files")
    if isinstance(files, (list, tuple)):
        for rel in files:
            if isinstance(rel, str) and (("bold" in rel.lower()) == bold):
                found = theme.file(rel)
                if found:
                    return Path(found)
    return None


@dataclass(frozen=True)
class DeckStyle:
    """Colours (RRGGBB), font families and measurers for one deck."""

    background: str
    text: str
    accent: str
    muted: str
    code_background: str
    heading_font: str
    body_font: str
    code_font: str
    ea_font: str
    cs_font: str
    title_size: float
    body_size: float
    lang: str
    rtl: bool
    cjk: bool
    heading_measure: Measurer
    body_measure: Measurer
    code_measure: Measurer
    #: False when a user template gives the look: then only sizes are set.
    apply_look: bool = True

    @classmethod
    def from_theme(
        cls, theme: Any, lang: str, *, template_fonts: tuple[str, str] | None = None
    ) -> DeckStyle:
        def get(key: str, default: Any = None) -> Any:
            return theme.get(key, default) if theme is not None else default

        heading_v = get("deck.heading_font") or get("fonts.heading") or "Arial"
        body_v = get("deck.body_font") or get("fonts.body") or "Arial"
        code_v = (
            get("deck.code_font") or get("fonts.code") or get("fonts.mono") or "DejaVu Sans Mono"
        )
        heading, body = _family(heading_v) or "Arial", _family(body_v) or "Arial"
        if template_fonts:
            heading, body = template_fonts
        code = _family(code_v) or "DejaVu Sans Mono"

        def measure(value: Any, family: str, bold: bool, kind: str) -> Measurer:
            path = _file(theme, value, bold) or find_font_file(family, bold, kind)
            return measurer_for(str(path) if path else None)

        p = primary(lang)
        ea = _family(get("deck.ea_font") or get("fonts.ea") or get("fonts.cjk")) or _EA_DEFAULT.get(
            p, "Noto Sans CJK SC"
        )
        cs = _family(
            get("deck.cs_font") or get("fonts.cs") or get("fonts.arabic")
        ) or _script_font(p, theme) or body
        serif = "serif" in heading.lower() and "sans" not in heading.lower()
        # A colour the deck does not set is the theme's [colors] one (its
        # defaults included: essaykit.theme.DEFAULT_COLORS), so a child
        # theme that changes the accent changes the slides too.
        palette = theme.palette() if hasattr(theme, "palette") else {}

        def colour(key: str, default: str) -> str:
            return _color(get(f"deck.{key}") or palette.get(key) or get(f"colors.{key}"), default)

        return cls(
            background=colour("background", "FFFFFF"),
            text=colour("text", "1F2328"),
            accent=colour("accent", "B4451F"),
            muted=colour("muted", "6B6F76"),
            code_background=colour("code_background", "F4F1EC"),
            heading_font=heading,
            body_font=body,
            code_font=code,
            ea_font=ea,
            cs_font=cs,
            title_size=float(get("deck.title_size", 40) or 40),
            body_size=float(get("deck.body_size", 32) or 32),
            lang=lang,
            rtl=direction(lang) == "rtl",
            cjk=is_cjk(lang),
            heading_measure=measure(heading_v, heading, True, "serif" if serif else "sans"),
            body_measure=measure(body_v, body, False, "sans"),
            code_measure=measure(code_v, code, False, "mono"),
            apply_look=template_fonts is None,
        )


# ------------------------------------------------------------- XML details


def run_properties(
    style: DeckStyle,
    *,
    size: float,
    font: str | None = None,
    bold: bool = False,
    italic: bool = False,
    color: str | None = None,
    lang: str | None = None,
    every_script: bool = False,
) -> Any:
    """A new ``a:rPr``: size, weight, colour, language and script typefaces
    (``every_script``: ``font`` for CJK and Arabic too, as for emoji).

    ``lang`` goes on every run so spell checkers and screen readers know the
    language; ``ea``/``cs`` name fonts for CJK and Arabic/Hebrew text, which
    PowerPoint and LibreOffice would otherwise pick by guesswork. A deck has
    a handful of distinct ones, so each is built once and copied: building
    it costs ten times the copy.
    """
    latin = (font or style.body_font) if (style.apply_look or font) else None
    proto = _rpr(
        lang or style.lang,
        str(int(round(size * 100))),
        bold,
        italic,
        color if style.apply_look and color else None,
        ((latin, latin, latin) if every_script else (latin, style.ea_font, style.cs_font))
        if latin is not None else None,
    )
    return copy.deepcopy(proto)


@lru_cache(maxsize=256)
def _rpr(
    lang: str, sz: str, bold: bool, italic: bool, color: str | None,
    faces: tuple[str, str, str] | None,
) -> Any:
    from pptx.oxml.ns import qn
    from pptx.oxml.xmlchemy import OxmlElement

    rpr = OxmlElement("a:rPr")
    for key, value in (
        ("lang", lang),
        ("sz", sz),
        ("b", "1" if bold else "0"),
        ("i", "1" if italic else "0"),
        ("cap", "none"),
        ("dirty", "0"),
    ):
        rpr.set(key, value)
    if color:
        fill = rpr.makeelement(qn("a:solidFill"), {})
        fill.append(fill.makeelement(qn("a:srgbClr"), {"val": color}))
        rpr.append(fill)
    if faces:
        for tag, face in zip(("a:latin", "a:ea", "a:cs"), faces, strict=True):
            rpr.append(rpr.makeelement(qn(tag), {"typeface": face}))
    return rpr


def style_paragraph(p: Any, style: DeckStyle, *, align: str | None = None, runs: Any = None) -> None:
    """Right-to-left paragraphs get ``rtl="1"`` and right alignment; in a
    right-to-left deck, a paragraph whose ``runs`` read left to right (an
    English quotation in an Arabic talk, :mod:`essaykit.bidi`) gets
    ``rtl="0"`` and the alignment of a left-to-right deck.

    ``p`` is the ``a:p`` element; written as python-pptx's ``alignment``
    setter writes it.
    """
    from .text import ppr

    if reads_rtl(style, runs):
        props = ppr(p)
        props.set("rtl", "1")
        props.set("algn", "r" if align in (None, "left", "right") else "ctr")
    elif style.rtl:
        props = ppr(p)
        props.set("rtl", "0")
        props.set("algn", _ALIGN.get(align or "left", "l"))
    elif align in _ALIGN:
        ppr(p).set("algn", _ALIGN[align])


def reads_rtl(style: DeckStyle, runs: Any = None) -> bool:
    """Whether a paragraph of ``runs`` (textfit runs; None: the deck's own
    text) is set right to left: in a right-to-left deck, unless its text
    outside code reads left to right (:func:`essaykit.bidi.differing_text`)."""
    if not style.rtl:
        return False
    if not runs:
        return True
    from essaykit.bidi import differing_text

    return differing_text("".join([r.text for r in runs if not r.code]), "rtl") is None


_ALIGN = {"center": "ctr", "right": "r", "left": "l"}


def no_bullet(p: Any) -> None:
    """A paragraph (``a:p`` element) in a body placeholder without the
    master's bullet."""
    from .text import ppr

    props = ppr(p)
    props.set("marL", "0")
    props.set("indent", "0")
    for old in [c for c in props if c.tag in _BULLETS]:
        props.remove(old)
    el = props.makeelement(_A + "buNone", {})
    for child in props:
        if child.tag in _AFTER_BULLET:
            child.addprevious(el)
            return
    props.append(el)


_A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
_BULLETS = frozenset(_A + t for t in ("buNone", "buChar", "buAutoNum"))
_AFTER_BULLET = frozenset(_A + t for t in ("tabLst", "defRPr", "extLst"))


def set_theme_fonts(prs: Any, heading: str, body: str) -> None:
    """Name the deck's fonts in the theme too, so text a speaker adds matches."""
    from pptx.opc.constants import RELATIONSHIP_TYPE as RT

    part = prs.slide_master.part.part_related_by(RT.THEME)
    blob = part.blob.decode("utf-8")
    for kind, face in (("major", heading), ("minor", body)):
        blob = re.sub(
            rf'(<a:{kind}Font><a:latin typeface=")[^"]*"',
            rf'\g<1>{_xml_attr(face).replace(chr(92), "")}"',
            blob,
        )
    part._blob = blob.encode("utf-8")


def template_fonts(prs: Any) -> tuple[str, str] | None:
    """The heading and body fonts a user's template names in its theme."""
    from pptx.opc.constants import RELATIONSHIP_TYPE as RT

    try:
        blob = prs.slide_master.part.part_related_by(RT.THEME).blob.decode("utf-8")
    except (KeyError, ValueError):
        return None
    major = re.search(r'<a:majorFont><a:latin typeface="([^"]*)"', blob)
    minor = re.search(r'<a:minorFont><a:latin typeface="([^"]*)"', blob)
    return (
        (major.group(1) if major else "Arial") or "Arial",
        (minor.group(1) if minor else "Arial") or "Arial",
    )


def _xml_attr(text: str) -> str:
    return text.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;")
