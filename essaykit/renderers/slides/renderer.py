"""``essaykit export -t slides``: the talk as a PDF, one page per slide.

Options (``ctx.option``): ``aspect`` and ``deck`` as for the .pptx,
``notes`` (a page of speaker notes after each slide: a handout),
``pdf_variant`` (default ``pdf/ua-1``: tagged, the slide titles as
bookmarks; ``none`` for an untagged PDF). WeasyPrint is imported inside
:func:`render_plan` only.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from essaykit.errors import EssayError
from essaykit.transform.slides import DeckPlan

if TYPE_CHECKING:
    from essaykit.model import Document

    from ..base import RenderContext

__all__ = ["SlidesRenderer", "render_plan"]


class SlidesRenderer:
    name = "slides"
    suffix = ".slides.pdf"
    binary = True

    def render(self, doc: Document, ctx: RenderContext) -> bytes:
        from ..pptx.renderer import plan_for

        return render_plan(plan_for(doc, ctx), ctx)


def render_plan(plan: DeckPlan, ctx: RenderContext) -> bytes:
    """The PDF of ``plan``, laid out with the deck's frames, fitter and style."""
    import weasyprint
    from weasyprint.text.fonts import FontConfiguration

    from ..pdf.fetch import MemoryStore, make_fetcher
    from ..pdf.layout import report
    from ..pptx.fit import Fitter, Frames
    from ..pptx.renderer import _ASPECTS, _load_image, maths_as_code
    from ..pptx.style import DeckStyle
    from .page import SlidePages

    aspect = str(ctx.option("aspect", "16:9"))
    if aspect not in _ASPECTS:
        raise EssayError(f"slides: aspect must be one of {', '.join(_ASPECTS)}, not {aspect!r}")
    frames = Frames.default(_ASPECTS[aspect], 540.0)
    style = DeckStyle.from_theme(ctx.theme, plan.language)
    plan = maths_as_code(plan, ctx, style.text)  # as the deck: what cannot be drawn is its TeX
    fitted = Fitter(frames, style).fit(plan.slides)
    store = MemoryStore()

    def image(f: Any) -> tuple[str, tuple[int, int]] | None:
        data, size = _load_image(f.slide.image_src, ctx, f.slide.line)
        if data is None or size is None:
            return None
        return store.add("image", data, _media_type(data)), size

    text = "\n".join(t for f in fitted for t in (*f.slide.texts(), f.slide.notes))
    style = _copyable_faces(style, text, ctx)
    scripts = _script_families(text, ctx)
    pages = SlidePages(plan, frames, style, notes=bool(ctx.option("notes")), image=image, scripts=scripts)
    html = pages.document(fitted, _font_css(style, text, store, ctx, scripts))
    refused: list[str] = []
    fetcher = make_fetcher(ctx.policy, store, refused)
    variant = ctx.option("pdf_variant", "pdf/ua-1")
    variant = None if str(variant).lower() == "none" else str(variant)
    font_config = FontConfiguration()
    document = weasyprint.HTML(string=html, url_fetcher=fetcher, base_url=str(ctx.base_dir or ".") + "/")
    rendered = document.render(font_config=font_config, pdf_tags=variant is not None)
    report(ctx, refused, [])  # worded as the PDF's (:func:`essaykit.renderers.pdf.layout.report`)
    try:
        return bytes(rendered.write_pdf(pdf_variant=variant))
    except Exception as exc:  # pragma: no cover - WeasyPrint bugs surface here
        raise EssayError(f"slides: WeasyPrint failed: {exc}") from exc


def _media_type(data: bytes) -> str:
    if data[:8] == b"\x89PNG\r\n\x1a\n":
        return "image/png"
    if data[:3] == b"\xff\xd8\xff":
        return "image/jpeg"
    if data[:6] in (b"GIF87a", b"GIF89a"):
        return "image/gif"
    return "application/octet-stream"


def _copyable_faces(style: Any, text: str, ctx: RenderContext) -> Any:
    """``style`` drawing Arabic script in the face the essay's PDF uses for it
    (the theme's ``[fonts.scripts]``, Amiri by default), whatever the deck's
    ``cs_font``. Why: a PDF's text is its glyphs' text, and the sans faces a
    deck uses (Noto Sans Arabic) draw dotted letters from shared skeletons, so
    copied Persian came back with wrong letters ("زندکگی"); the .pptx keeps its
    sans (PowerPoint's text is text). Measuring is unchanged: the fitter
    measures with the deck's own faces either way."""
    from dataclasses import replace

    from essaykit import fonts as F

    if "arabic" not in F.scripts_in(text):
        return style
    family = F.font_for("arabic", ctx.theme)
    return style if family is None else replace(style, cs_font=family.name)


def _script_families(text: str, ctx: RenderContext) -> tuple[str, ...]:
    """The families that draw the text's other scripts (Devanagari, Thai,
    Tamil...), as the essay's PDF finds them: the deck names none, and
    without them those slides were blank (a missing glyph draws nothing)."""
    from essaykit import fonts as F

    out = []
    for script in F.scripts_in(text):
        if script in F.SCRIPT_FONTS and script not in ("arabic", "cjk"):
            family = F.font_for(script, ctx.theme)
            if family is not None:
                out.append(family.name)
    return tuple(dict.fromkeys(out))


def _font_css(style: Any, text: str, store: Any, ctx: RenderContext, others: tuple[str, ...] = ()) -> str:
    """``@font-face`` rules for the deck's faces, subset to the slides' text
    and served from memory, so the PDF embeds exactly the deck's fonts."""
    from essaykit import fonts as F

    dirs = F._theme_font_dirs(ctx.theme)
    families = dict.fromkeys([style.heading_font, style.body_font, style.code_font, *others])
    scripts = F.scripts_in(text)
    if any(s in scripts for s in ("arabic", "hebrew", "syriac", "thaana")):
        families.setdefault(style.cs_font, None)
    if any(s in scripts for s in ("han", "hiragana", "katakana", "hangul", "cjk")):
        families.setdefault(style.ea_font, None)
    css = []
    for name in families:
        family = F.find_family(name, dirs)
        if family is None:
            continue
        for weight, italic in ((400, False), (700, False), (400, True), (700, True)):
            font = family.best(weight, italic)
            if font is None or (font.style == "italic") != italic:
                continue
            face = F.prepare_face(font, name, weight=weight, text=text)
            url = store.add(face.name, face.data, "font/otf" if face.format == "opentype" else "font/ttf")
            css.append(F.font_face_css(face, url))
    return "".join(css)
