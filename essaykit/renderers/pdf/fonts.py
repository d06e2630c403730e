"""Which fonts a PDF uses, prepared as small static faces WeasyPrint embeds.

Roles come from the theme (``[fonts] body/heading/code/fallback``) and per
script fallbacks from ``[fonts.scripts]`` (see :mod:`essaykit.fonts`). Every
family found in a font package is pinned (variable fonts: weight and optical
size) and cut to the document's characters, then served to WeasyPrint from
memory under an alias (``EK <family>``) so a same-named font on the machine
can never take its place.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from essaykit import fonts as F
from essaykit.lang import is_cjk, primary

#: Weights the print CSS asks for: regular, semibold headings, bold.
TEXT_WEIGHTS = (400, 600, 700)
#: Optical size of display type (title, pull quotes), in points.
DISPLAY_OPSZ = 28.0


@dataclass
class FontPlan:
    body: list[str] = field(default_factory=list)
    heading: list[str] = field(default_factory=list)
    display: list[str] = field(default_factory=list)
    code: list[str] = field(default_factory=list)
    faces: list[F.PreparedFace] = field(default_factory=list)
    families: list[F.FontFamily] = field(default_factory=list)
    #: script → example character that no font draws.
    missing: dict[str, str] = field(default_factory=dict)

    def css(self, url_for: Callable[[F.PreparedFace], str]) -> str:
        return "".join(F.font_face_css(face, url_for(face)) for face in self.faces)


def _faces(family: F.FontFamily, alias: str, text: str, *, weights: tuple[int, ...],
           opsz: float | None) -> list[F.PreparedFace]:
    out: list[F.PreparedFace] = []
    seen: set[tuple[str, int]] = set()
    for italic in (False, True):
        if italic and not family.has_italic():
            continue
        for weight in weights:
            best = family.best(weight, italic)
            if best is None:
                continue
            real = weight if best.variable else (best.weight or 400)
            lo, hi = best.weight_range()
            real = min(max(real, lo), hi)
            key = (best.style, real)
            if key in seen:
                continue
            seen.add(key)
            out.append(F.prepare_face(best, alias, weight=real, text=text, opsz=opsz))
    return out


#: Markup the print CSS sets in the code family (:func:`essaykit.renderers.pdf.css.fonts_css`).
_CODE_MARKUP = re.compile(r'<(?:code|pre|kbd|samp)[\s>/]|class="(?:[^"]*\s)?math[\s"]')


def uses_code_font(html: str) -> bool:
    """Whether anything in ``html`` is set in the code family."""
    return _CODE_MARKUP.search(html) is not None


def plan_fonts(theme: Any, lang: str, text: str, font_size: float) -> FontPlan:
    """Families for each role and script of ``text``, with their faces."""
    plan = FontPlan()
    dirs = F._theme_font_dirs(theme)
    prepared: dict[tuple[str, float | None], str] = {}

    def use(name: str, *, opsz: float | None, weights: tuple[int, ...] = TEXT_WEIGHTS,
            suffix: str = "") -> str:
        """The CSS family for ``name``: an alias of prepared faces when a
        package ships it, else the name itself (a system font, e.g. DejaVu)."""
        family = F.find_family(name, dirs)
        if family is None:
            return name
        has_opsz = any(f.axis("opsz") for f in family.files)
        key = (family.name, opsz if has_opsz else None)
        if key in prepared:
            return prepared[key]
        alias = f"EK {family.name}{suffix if has_opsz else ''}"
        prepared[key] = alias
        plan.faces.extend(_faces(family, alias, text, weights=weights, opsz=key[1]))
        if family not in plan.families:
            plan.families.append(family)
        return alias

    fallback = [str(n) for n in (theme.get("fonts.fallback") or ["DejaVu Serif", "serif"])]
    body = use(str(theme.get("fonts.body", "Source Serif 4")), opsz=font_size)
    heading_name = str(theme.get("fonts.heading", theme.get("fonts.body", "Source Serif 4")))
    heading = use(heading_name, opsz=font_size)
    display = use(heading_name, opsz=DISPLAY_OPSZ, weights=(400, 600), suffix=" Display")
    code_name = str(theme.get("fonts.code", "DejaVu Sans Mono"))
    # No faces for a role nothing uses: the PDF's process loads each face
    # it is given, and the code family's four cost more than 20 ms.
    code = use(code_name, opsz=None, weights=(400, 700)) if uses_code_font(text) else code_name

    # One fallback per script the text uses, in order of how much it is used.
    script_aliases: list[str] = []
    counts = F.scripts_in(text)
    main_script = F.script_for_lang(lang)
    for script in sorted(counts, key=lambda s: -counts[s]):
        if script not in F.SCRIPT_FONTS:
            continue
        family = F.font_for(script, theme)
        if family is not None:
            script_aliases.append(use(family.name, opsz=None, weights=(400, 700)))
    # A CJK essay reads best with one face for kana, hanzi and the Latin
    # between them; Latin-script documents keep their own face first.
    lead: list[str] = []
    if is_cjk(lang) or primary(lang) in {"ar", "fa", "ur"}:
        main_font = F.font_for(main_script, theme)
        if main_font is not None:
            lead = [use(main_font.name, opsz=None, weights=(400, 700))]
    plan.body = [*lead, body, *script_aliases, *fallback]
    plan.heading = [*lead, heading, *script_aliases, *fallback]
    plan.display = [*lead, display, *script_aliases, *fallback]
    plan.code = [code, "DejaVu Sans Mono", *script_aliases, "monospace"]
    plan.missing = F.uncovered_scripts(text, plan.families)
    return plan


def missing_font_message(script: str, example: str) -> str:
    package = F.SCRIPT_PACKAGES.get(script)
    how = (f"pip install {package}" if package else "install a font package for it")
    return (f"no font draws {script.title()} script (e.g. {example!r} U+{ord(example):04X}); "
            f"it will show as boxes in the PDF: {how}, or name a font in the theme's "
            f"[fonts.scripts] {script} = \"Family\"")
