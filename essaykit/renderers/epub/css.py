"""CSS that follows from a theme's values (``theme.toml``), for the EPUB.

A theme's hand-written CSS (``book.css``, ``epub.css``) holds the
typography a designer tunes; the values an author changes with a few lines
of ``theme.toml`` (fonts, palette, pull-quote style) are turned into CSS
here, so a theme that says ``extends = "classic"`` and changes
``colors.accent`` gets the new accent in the ebook without copying CSS.

The PDF does the same through :mod:`essaykit.renderers.pdf.css` (page geometry, prepared font
faces); the rules here mirror its colour and pull-quote rules so the two
formats agree. The EPUB stylesheet is ``book.css`` (all ancestors), then
this, then ``epub.css``: generated values win over the shared book CSS, and
a theme's ebook CSS can still refine them.

Only CSS 2.1 and widely supported CSS 3 here: no custom properties, which
many reading systems ignore (the theme's CSS may use them: its
``var(--token)`` are written out by :meth:`essaykit.theme.Theme.css`).
"""

from __future__ import annotations

import re
from typing import Any

#: Pull-quote styles a theme may name in ``[pullquote] style``.
PULLQUOTE_STYLES = ("rules", "bar", "panel")


def colors(theme: Any) -> dict[str, str]:
    """The palette with defaults filled in (:meth:`essaykit.theme.Theme.palette`)."""
    return dict(theme.palette())


def families(theme: Any) -> dict[str, str]:
    """CSS ``font-family`` values per role (:meth:`essaykit.theme.Theme.families`)."""
    return dict(theme.families())


def pullquote_rules(theme: Any, c: dict[str, str]) -> str:
    """``[pullquote]``: ``style`` ("rules", "bar", "panel") and ``color``
    (a palette name such as "accent" or "text", or a colour) of its words."""
    style = str(theme.get("pullquote.style") or "rules")
    tone = str(theme.get("pullquote.color") or ("accent" if style == "rules" else "text"))
    ink = c.get(tone, tone)
    if style == "bar":
        return f"""
aside.pullquote {{ border: 0; border-left: 4px solid {c['accent']}; padding: 0.2em 0 0.2em 0.9em;
  text-align: left; color: {ink}; background: transparent; }}
aside.pullquote p {{ text-align: left; }}
aside.pullquote .pq-attribution {{ color: {c['muted']}; }}
[dir="rtl"] aside.pullquote {{ border-left: 0; border-right: 4px solid {c['accent']};
  padding: 0.2em 0.9em 0.2em 0; text-align: right; }}
[dir="rtl"] aside.pullquote p {{ text-align: right; }}
"""
    if style == "panel":
        tokens = theme.tokens()
        panel, on_panel = tokens["--pullquote-background"], tokens["--pullquote-text"]
        return f"""
aside.pullquote {{ border: 0; border-left: 6px solid {c['accent']}; padding: 0.7em 0.9em;
  text-align: left; color: {on_panel}; background: {panel}; }}
aside.pullquote p {{ text-align: left; }}
aside.pullquote .pq-attribution {{ color: {on_panel}; }}
[dir="rtl"] aside.pullquote {{ border-left: 0; border-right: 6px solid {c['accent']}; text-align: right; }}
[dir="rtl"] aside.pullquote p {{ text-align: right; }}
"""
    return f"""
aside.pullquote {{ border: 0; border-top: 1px solid {c['rule']}; border-bottom: 1px solid {c['rule']};
  text-align: center; color: {ink}; background: transparent; }}
aside.pullquote p {{ text-align: center; }}
aside.pullquote > p:first-child:before {{ content: "\\201C"; color: {c['accent']}; }}
aside.pullquote > p:first-child:after {{ content: "\\201D"; color: {c['accent']}; }}
aside.pullquote .pq-attribution {{ color: {c['muted']}; }}
"""


def epub_css(theme: Any) -> str:
    """Fonts, colours and pull-quote style of ``theme`` as ebook CSS."""
    c = colors(theme)
    f = families(theme)
    return f"""
/* generated from theme.toml by essaykit/renderers/epub/css.py */
body {{ font-family: {f['body']}; color: {c['text']}; }}
h1, h2, h3, h4, h5, h6 {{ font-family: {f['heading']}; }}
header.titlepage h1.title, aside.pullquote {{ font-family: {f['display']}; }}
code, pre, kbd, samp, .math {{ font-family: {f['code']}; }}
a {{ color: {c['accent']}; }}
header.titlepage .subtitle, header.titlepage .date, figcaption, caption, .missing-image {{ color: {c['muted']}; }}
hr, th, td {{ border-color: {c['rule']}; }}
thead th {{ border-bottom-color: {c['text']}; }}
pre.code {{ background: {c['code_background']}; border-color: {c['rule']}; }}
div.callout {{ border-left: 3px solid {c['accent']}; padding: 0.4em 0 0.4em 0.9em; margin: 1em 0; }}
[dir="rtl"] div.callout, div.callout[dir="rtl"] {{ border-left: 0; border-right: 3px solid {c['accent']};
  padding: 0.4em 0.9em 0.4em 0; }}
div.callout.note, div.callout.info, div.callout.details, div.callout.abstract, div.callout.quote,
div.callout.example, div.callout.question, div.callout.todo {{ border-color: {c['rule']}; }}
div.callout > p {{ text-indent: 0; }}
p.callout-title {{ font-weight: bold; font-size: 0.85em; letter-spacing: 0.05em; text-transform: uppercase;
  color: {c['muted']}; margin: 0 0 0.3em; }}
div.callout.warning p.callout-title, div.callout.caution p.callout-title, div.callout.danger p.callout-title,
div.callout.important p.callout-title {{ color: {c['accent']}; }}
p.callout-title.own {{ text-transform: none; letter-spacing: 0; font-size: 0.95em; }}
.smallcaps {{ font-variant: small-caps; }}
.underline {{ text-decoration: underline; }}
div.abstract:not(.callout) {{ margin: 0 1.5em 1.6em; font-size: 0.94em; }}
div.references p {{ margin: 0 0 0.5em; padding-left: 1.5em; text-indent: -1.5em; text-align: left; hyphens: manual; }}
div.line-block > p {{ text-indent: 0; text-align: start; }}
""" + pullquote_rules(theme, c)


# ------------------------------------------------------------ embedded fonts


def epub_font_families(theme: Any) -> dict[str, Any]:
    """The font family (or None) for each role an ebook embeds; empty when
    the theme embeds none. Looked up early by a long book's renderer, so the
    cover child it forks finds the font packages already read."""
    if theme.get("epub.embed_fonts", True) is False:
        return {}
    from essaykit import fonts as F

    dirs = F._theme_font_dirs(theme)
    names = {
        "body": str(theme.get("fonts.body") or ""),
        "heading": str(theme.get("fonts.heading") or theme.get("fonts.body") or ""),
        "code": str(theme.get("fonts.code") or ""),
    }
    return {role: F.find_family(name, dirs) if name else None for role, name in names.items()}


#: (weight, italic) of the faces an ebook needs per role: running text with
#: its italic and bold, headings at the weights the themes' CSS asks for,
#: code upright.
_ROLE_FACES = {
    "body": ((400, False), (400, True), (700, False), (700, True)),
    "heading": ((400, False), (600, False), (700, False)),
    "code": ((400, False),),
}


def epub_fonts(theme: Any, text: str) -> tuple[str, list[tuple[str, str, bytes]]]:
    """``@font-face`` rules and font files for the theme's body, heading and
    code families, so the ebook is set in the same faces as the PDF.

    Each face is cut down to the characters of ``text`` (the book's words)
    and variable fonts are pinned to the weight used, as for the PDF (see
    :mod:`essaykit.fonts`). Families that no font package or theme
    ``fonts/`` folder ships are left to the reading system. Returns the CSS
    (URLs relative to the stylesheet in ``style/``) and ``(href,
    media_type, data)`` for each file. ``[epub] embed_fonts = false`` turns
    this off.
    """
    families = epub_font_families(theme)
    if not families:
        return "", []
    from essaykit import fonts as F

    css: list[str] = []
    files: list[tuple[str, str, bytes]] = []
    done: set[tuple[str, str, int]] = set()
    for role, family in families.items():
        if family is None:
            continue
        for weight, italic in _ROLE_FACES[role]:
            best = family.best(weight, italic)
            if best is None or (italic and best.style != "italic"):
                continue
            lo, hi = best.weight_range()
            real = min(max(weight if best.variable else (best.weight or 400), lo), hi)
            key = (family.name, best.style, real)
            if key in done:
                continue
            done.add(key)
            face = F.prepare_face(best, family.name, weight=real, text=text)
            media = "font/otf" if face.format == "opentype" else "font/ttf"
            href = "fonts/" + face.name
            files.append((href, media, face.data))
            css.append(F.font_face_css(face, "../" + href))
    return "".join(css), files


#: A url() that leaves the stylesheet: a file the theme names this way is
#: not in the book, and epubcheck fails it. data: URIs and fragments stay.
#: ``@import "file.css"`` names a file without url().
_URL = re.compile(r"url\(\s*(?!['\"]?\s*(?:data:|#))|@import\s*['\"]", re.IGNORECASE)
#: A data: URI in url(), quoted or not, and what epubcheck refuses in one
#: unencoded (``<svg ...>`` written out: RSC-020).
_DATA_URL = re.compile(r"""url\(\s*(?:"(data:[^"]*)"|'(data:[^']*)'|(data:[^)'"\s]*))\s*\)""", re.IGNORECASE)
_NOT_IN_URL = re.compile(r"[^A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=%]")


def drop_outside_urls(css: str) -> tuple[str, int]:
    """``css`` without the declarations (or ``@import`` rules) whose
    ``url()`` names a file or a URL, and how many were dropped. Linear: each
    url() is widened to its declaration by looking for the nearest ``;``,
    ``{`` or ``}`` either side."""
    out: list[str] = []
    kept_to = dropped = 0
    for m in _URL.finditer(css):
        if m.start() < kept_to:
            continue  # inside a declaration already dropped
        start = max(css.rfind(c, kept_to, m.start()) for c in ";{}") + 1
        start = max(start, kept_to)
        ends = [i for i in (css.find(c, m.end()) for c in ";{}") if i >= 0]
        end = min(ends) if ends else len(css)
        if end < len(css) and css[end] == ";":
            end += 1
        out.append(css[kept_to:start])
        kept_to, dropped = end, dropped + 1
    out.append(css[kept_to:])
    return _DATA_URL.sub(_encoded, "".join(out)), dropped


def _encoded(m: re.Match[str]) -> str:
    """A data: URI with what a URL may not hold percent-encoded (the same data)."""
    uri = next(g for g in m.groups() if g is not None)
    fixed = _NOT_IN_URL.sub(lambda c: "".join(f"%{b:02X}" for b in c[0].encode("utf-8")), uri)
    return f'url("{fixed}")' if fixed != uri else m[0]
