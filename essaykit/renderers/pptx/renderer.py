"""The talk deck: a planned, native, editable PowerPoint file.

Three steps, each in its own module:

1. :func:`essaykit.transform.slides.plan_deck` decides what the talk shows
   (plain data, no python-pptx);
2. :mod:`essaykit.renderers.pptx.fit` measures every text box with the theme font and picks
   sizes, splitting slides that would overflow;
3. :mod:`essaykit.renderers.pptx.draw` draws them into the layouts of the built-in template or
   of the user's own (``template`` option, like pandoc's reference document).

Options (``ctx.option``): ``aspect`` ("16:9" default, or "4:3"),
``template`` (a .pptx whose master and layouts are used; the theme may name
one as ``deck.template``), ``deck`` (a mapping of planning options, see
:class:`essaykit.transform.slides.DeckOptions`), ``deck_plan`` (a
:class:`~essaykit.transform.slides.DeckPlan` made already, drawn instead of
planning the document: a book's single deck), ``font_text`` (characters the
embedded fonts keep besides the deck's: a book's, so that its decks share
their fonts).

python-pptx is imported only inside :meth:`PptxRenderer.render`.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from essaykit.errors import EssayError
from essaykit.model import Document, Metadata
from essaykit.resources import ResourceError
from essaykit.transform.slides import DeckPlan, plan_deck

from ..base import RenderContext

#: Layout roles and the names (then default-template indices) that fill them.
LAYOUT_ROLES = {
    "cover": (("title slide",), 0),
    "content": (("title and content", "title, content"), 1),
    "section": (("section header", "section title"), 2),
    "titled": (("title only",), 5),
    "blank": (("blank",), 6),
}
_ASPECTS = {"16:9": 960.0, "16:10": 864.0, "4:3": 720.0}


class PptxRenderer:
    name = "pptx"
    suffix = ".pptx"
    binary = True

    def render(self, doc: Document, ctx: RenderContext) -> bytes:
        images = DeckImages(ctx)
        plan = ctx.option("deck_plan") or plan_for(doc, ctx, images)
        return render_plan(plan, ctx, doc.meta, images)


def plan_for(doc: Document, ctx: RenderContext, images: DeckImages | None = None) -> DeckPlan:
    """The talk every deck format draws (the .pptx, the PDF slides): planned
    for the slot, missing images asked about, the planner's warnings given."""
    images = images or DeckImages(ctx)
    plan = plan_deck(doc, options=deck_options(ctx), image_ok=images.ok)
    for line, message in plan.warnings:
        ctx.warn(f"deck: {message}", line)
    return plan


def as_drawn(plan: DeckPlan, ctx: RenderContext) -> DeckPlan:
    """The plan slide for slide as the deck formats draw it (the built-in
    layout): a slide the theme's fonts find full is split, each part with
    its share of the time and its own cue. What ``inspect --slides``
    shows, so its count and times are the .pptx's."""
    from dataclasses import replace

    from .fit import Fitter, Frames
    from .style import DeckStyle

    width = _ASPECTS.get(str(ctx.option("aspect", "16:9")), _ASPECTS["16:9"])
    style = DeckStyle.from_theme(ctx.theme, plan.language)
    fitted = Fitter(Frames.default(width, 540.0), style).fit(plan.slides)
    return replace(plan, slides=tuple(f.slide for f in fitted))


def deck_options(ctx: RenderContext) -> dict[str, Any] | None:
    """The planner's options: the ``deck`` mapping, and the talk's slot
    (``minutes``, the ``--minutes`` option) over the front matter's."""
    options = dict(ctx.option("deck") or {})
    if ctx.option("minutes") is not None:
        options["minutes"] = ctx.option("minutes")
    return options or None


class DeckImages:
    """Each image read once: when the planner asks whether it is there (a
    missing one gets no slide), and kept for drawing."""

    def __init__(self, ctx: RenderContext):
        self.ctx = ctx
        self.found: dict[str, tuple[bytes | None, tuple[int, int] | None]] = {}

    def get(self, src: str, line: int | None) -> tuple[bytes | None, tuple[int, int] | None]:
        if src not in self.found:
            self.found[src] = _load_image(src, self.ctx, line)
        return self.found[src]

    def ok(self, src: str, line: int | None) -> bool:
        return self.get(src, line)[0] is not None


def render_plan(
    plan: DeckPlan, ctx: RenderContext, meta: Metadata | None = None, images: DeckImages | None = None
) -> bytes:
    """Draw a plan (already made) into PPTX bytes; ``meta``, the essay's or
    the book's, for the file's properties. An image that cannot be read
    gets no slide (its words join the notes of the slide before)."""
    images = images or DeckImages(ctx)
    plan = _without_missing_images(plan, images)
    from pptx import Presentation
    from pptx.util import Emu, Pt

    from .draw import Drawer
    from .fit import Fitter, Frames
    from .style import DeckStyle, set_theme_fonts, template_fonts

    template = _template_path(ctx)
    prs = _open_template(template) if template else Presentation()
    if template:
        _drop_slides(prs)
    else:
        aspect = str(ctx.option("aspect", "16:9"))
        if aspect not in _ASPECTS:
            raise EssayError(f"deck: aspect must be one of {', '.join(_ASPECTS)}, not {aspect!r}")
        prs.slide_width = Emu(int(Pt(_ASPECTS[aspect])))
        prs.slide_height = Emu(int(Pt(540)))
    width = (prs.slide_width or 9144000) / 12700
    height = (prs.slide_height or 6858000) / 12700
    layouts = _layouts(prs)
    style = DeckStyle.from_theme(
        ctx.theme, plan.language, template_fonts=template_fonts(prs) if template else None
    )
    if template:
        frames = _frames_from_template(layouts, width, height)
    else:
        frames = Frames.default(width, height)
        _restyle_default(prs, frames, style)
        set_theme_fonts(prs, style.heading_font, style.body_font)
    plan = maths_as_code(plan, ctx, style.text)
    drawer = Drawer(prs, layouts, frames, style, default_look=not template)
    fitter = Fitter(frames, style)
    from .furniture import Furniture, NotesWriter

    furniture = Furniture(drawer, plan.title)
    notes = NotesWriter(style)

    for n, fitted in enumerate(fitter.fit(plan.slides), 1):
        if fitted.slide.kind == "image":
            data, size = images.get(fitted.slide.image_src, fitted.slide.line)
            slide = drawer.draw_image(fitted, data, size)
        elif fitted.slide.kind == "maths" and not hasattr(drawer, "draw_maths"):
            slide = drawer.draw_code(fitted)  # until maths is drawn as a picture
        else:
            slide = drawer.draw(fitted)
        if fitted.slide.kind != "title":
            furniture.add(slide, n, on_accent=fitted.slide.kind == "section")
        notes.write(slide, fitted.slide.notes)
    _properties(prs.core_properties, plan, meta)
    if ctx.option("embed_fonts", True):
        from .fonts import embed_fonts

        embed_fonts(prs, ctx.theme, text=str(ctx.option("font_text") or ""))
    from .package import save

    return save(prs)


def maths_as_code(plan: DeckPlan, ctx: RenderContext, color: str) -> DeckPlan:
    """Each equation the deck cannot draw as a picture becomes a code slide
    of its TeX, with a warning naming its line (the PDF and the EPUB say the
    same words, so an export says it once)."""
    from dataclasses import replace

    from essaykit.transform.maths import picture, problem

    out = list(plan.slides)
    for i, slide in enumerate(out):
        if slide.kind == "maths" and picture(slide.code, True, "#" + color.lstrip("#")) is None:
            short = " ".join(slide.code.split())
            short = short if len(short) <= 40 else short[:39] + "…"
            reason = problem(slide.code) or "it could not be drawn"
            ctx.warn(f"maths ${short}$: {reason}; shown as TeX", slide.line)
            out[i] = replace(slide, kind="code", language="latex")
    return replace(plan, slides=tuple(out)) if out != list(plan.slides) else plan


def _without_missing_images(plan: DeckPlan, images: DeckImages) -> DeckPlan:
    """A plan made without asking about images (a book's) keeps no slide
    for one that is not there: its notes and time go to the slide before."""
    from dataclasses import replace

    out: list[Any] = []
    for s in plan.slides:
        if s.kind == "image" and out and not images.ok(s.image_src, s.line):
            last = out[-1]
            out[-1] = replace(last, notes=f"{last.notes}\n\n{s.notes}".strip(),
                              seconds=last.seconds + s.seconds)
            continue
        out.append(s)
    return replace(plan, slides=tuple(out)) if len(out) != len(plan.slides) else plan


def _properties(props: Any, plan: DeckPlan, meta: Metadata | None) -> None:
    """The file's properties (``docProps/core.xml``) from the essay, every
    one of them: python-pptx's template otherwise leaves its own
    description ("generated using python-pptx"), last author and 2013
    dates in every deck. Dated reproducibly (:mod:`essaykit.dates`)."""
    from essaykit.dates import build_date

    meta = meta or Metadata(title=plan.title, authors=plan.authors, language=plan.language)
    authors = ", ".join(plan.authors)[:255]
    props.title = plan.title[:255]
    props.author = authors
    props.last_modified_by = authors
    props.subject = (meta.subtitle or "")[:255]
    props.comments = (meta.description or "")[:255]
    props.keywords = ", ".join(meta.tags)[:255]
    props.category = ""
    props.language = plan.language
    props.revision = 1
    moment = build_date(meta).replace(tzinfo=None)  # python-pptx writes naive times as UTC ("Z")
    props.created = moment
    props.modified = moment


def _template_path(ctx: RenderContext) -> Path | None:
    name = ctx.option("template")
    if name:
        path = Path(str(name)).expanduser()
        if not path.is_file():
            raise EssayError(f"deck template not found: {path}")
        return path
    rel = ctx.theme.get("deck.template") if ctx.theme is not None else None
    if isinstance(rel, str) and rel:
        found = ctx.theme.file(rel)
        if found is None:
            raise EssayError(f"theme {ctx.theme.name}: deck template {rel!r} not found")
        return Path(found)
    return None


#: A template's size on disk, and inflated: a real one is a few MB.
TEMPLATE_BYTES = 50 * 1024 * 1024
TEMPLATE_INFLATED = 200 * 1024 * 1024


def _open_template(path: Path) -> Any:
    """The template as a python-pptx Presentation, or a one-line error
    naming it. Read through a bounded reader, its zip members' sizes checked
    before anything is inflated (a 1.6 MB zip bomb would take 3 GB), and it
    must have slide layouts for the deck to use."""
    import zipfile

    from pptx import Presentation

    from essaykit.resources import ResourceError, read_limited

    def fail(message: str) -> EssayError:
        return EssayError(f"deck template: {message}", path=str(path))

    try:
        data = read_limited(path, TEMPLATE_BYTES, str(path))
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            infos = z.infolist()
            # zipfile never inflates a member past the size its header
            # declares, so the declared sizes bound the work.
            if sum(i.file_size for i in infos) > TEMPLATE_INFLATED:
                raise fail(f"inflates to more than {TEMPLATE_INFLATED // 2**20} MB; not a real template")
            names = {i.filename for i in infos}
    except ResourceError:
        raise fail(f"larger than {TEMPLATE_BYTES // 2**20} MB") from None
    except zipfile.BadZipFile:
        raise fail("not a PowerPoint file (not a zip)") from None
    except OSError as exc:
        raise fail(f"cannot read: {exc.strerror or exc}") from None
    if "[Content_Types].xml" not in names or not any(n.startswith("ppt/slideLayouts/") for n in names):
        raise fail("not a PowerPoint file with slide layouts")
    try:
        prs = Presentation(io.BytesIO(data))
        layouts = list(prs.slide_layouts)
    except Exception as exc:  # noqa: BLE001 - python-pptx and lxml raise many kinds
        raise fail(f"not a PowerPoint file python-pptx can read ({type(exc).__name__})") from None
    if not layouts:
        raise fail("has no slide layouts")
    return prs


def _drop_slides(prs: Any) -> None:
    """A reference deck's own slides are examples, not content."""
    ids = prs.slides._sldIdLst
    for sld in list(ids):
        prs.part.drop_rel(sld.rId)
        ids.remove(sld)


def _layouts(prs: Any) -> dict[str, Any]:
    all_layouts = list(prs.slide_layouts)
    by_name = {layout.name.strip().lower(): layout for layout in all_layouts}
    out: dict[str, Any] = {}
    for role, (names, index) in LAYOUT_ROLES.items():
        found = next((by_name[n] for n in names if n in by_name), None)
        if found is None:
            found = all_layouts[index] if index < len(all_layouts) else all_layouts[-1]
        out[role] = found
    return out


def _ph_box(layout: Any, idx: int) -> Any:
    from .fit import Box

    for ph in layout.placeholders:
        if ph.placeholder_format.idx == idx and ph.width:
            return Box(ph.left / 12700, ph.top / 12700, ph.width / 12700, ph.height / 12700)
    return None


def _frames_from_template(layouts: dict[str, Any], width: float, height: float) -> Any:
    """Frames read from the user's layouts (ours where a layout has no such box)."""
    from dataclasses import replace

    from .fit import Box, Frames

    f = Frames.default(width, height)
    body = _ph_box(layouts["content"], 1) or f.body
    quote_h = body.h * 0.78
    return replace(
        f,
        cover_title=_ph_box(layouts["cover"], 0) or f.cover_title,
        cover_subtitle=_ph_box(layouts["cover"], 1) or f.cover_subtitle,
        section_title=_ph_box(layouts["section"], 0) or f.section_title,
        section_number=_ph_box(layouts["section"], 1) or f.section_number,
        title=_ph_box(layouts["content"], 0) or f.title,
        body=body,
        quote=_ph_box(layouts["section"], 0) or Box(body.x, body.y, body.w, quote_h),
        attribution=_ph_box(layouts["section"], 1)
        or Box(body.x, body.y + quote_h, body.w, body.h - quote_h),
        footer=_ph_box(layouts["content"], 11) or f.footer,
        number=_ph_box(layouts["content"], 12) or f.number,
    )


def _restyle_default(prs: Any, frames: Any, style: Any) -> None:
    """Move the built-in template's placeholders to our frames and colour the
    master, so slides a speaker adds later look like ours.

    Done on the elements: through python-pptx's placeholder proxies (an
    XPath compiled per lookup, the master searched for each inherited
    width) it took 50 ms a deck. A layout placeholder without a position of
    its own inherits the master's placeholder of its kind, as in PowerPoint.
    """
    from pptx.dml.color import RGBColor
    from pptx.util import Pt

    from .geometry import get_xfrm, set_xfrm
    from .text import placeholder_of_type, placeholders

    boxes = {
        "cover": {0: frames.cover_title, 1: frames.cover_subtitle},
        "content": {0: frames.title, 1: frames.body},
        "section": {0: frames.section_title, 1: frames.section_number},
        "titled": {0: frames.title},
    }
    shared = {11: frames.footer, 12: frames.number}
    master = prs.slide_master
    master_tree = master.shapes._spTree
    for sp, idx, _kind in placeholders(master_tree):
        box = shared.get(idx)
        if box is not None:
            set_xfrm(sp, x=Pt(box.x), y=Pt(box.y), cx=Pt(box.w), cy=Pt(box.h))
    ratio = prs.slide_width / 9144000
    roles = _layouts(prs)
    for layout in prs.slide_layouts:
        role = next((r for r, lay in roles.items() if lay is layout), None)
        wanted = {**shared, **boxes.get(role or "", {})}
        for sp, idx, kind in placeholders(layout.shapes._spTree):
            box = wanted.get(idx)
            if box is not None:
                set_xfrm(sp, x=Pt(box.x), y=Pt(box.y), cx=Pt(box.w), cy=Pt(box.h))
                continue
            # Other layouts: stretch horizontally to the new width.
            x, cx = get_xfrm(sp, "x"), get_xfrm(sp, "cx")
            if x is None or cx is None:
                base = placeholder_of_type(master_tree, _MASTER_KIND.get(kind, kind))
                if base is not None:
                    x = get_xfrm(base, "x") if x is None else x
                    cx = get_xfrm(base, "cx") if cx is None else cx
            if cx:
                assert x is not None
                set_xfrm(sp, x=int(x * ratio), cx=int(cx * ratio))
    bg = master.background.fill
    bg.solid()
    bg.fore_color.rgb = RGBColor.from_string(style.background)
    _link_colour(master, style.accent)


def _link_colour(master: Any, colour: str) -> None:
    """Links (and visited links) in the accent colour, not the Office
    theme's blue and purple, which clash with every theme's palette: the
    viewers draw a link in its theme's colour, not the run's."""
    import re

    from pptx.opc.constants import RELATIONSHIP_TYPE as RT

    try:
        theme = master.part.part_related_by(RT.THEME)
    except KeyError:
        return
    value = colour.lstrip("#").upper().encode()
    theme._blob = re.sub(rb'(<a:(?:hlink|folHlink)>\s*<a:srgbClr val=")[0-9A-Fa-f]{6}',
                         rb"\g<1>" + value, theme.blob)


#: The master placeholder a layout placeholder of each kind inherits from
#: (python-pptx's ``LayoutPlaceholder._base_placeholder``).
_MASTER_KIND = {
    "chart": "body", "clipArt": "body", "ctrTitle": "title", "dgm": "body", "media": "body",
    "obj": "body", "pic": "body", "subTitle": "body", "tbl": "body",
}


def _load_image(
    src: str, ctx: RenderContext, line: int | None
) -> tuple[bytes | None, tuple[int, int] | None]:
    """Image bytes and pixel size, or (None, None) after a warning.

    Read through the render's resource policy, as the PDF and the EPUB read
    theirs (and warned of in the same words, so a report says each problem
    once), with its size limit kept while reading, then checked and decoded
    once (:func:`essaykit.images.check_image`): formats PowerPoint cannot
    show (WebP...) come back as PNG.
    """
    from essaykit.images import check_image

    try:
        data = ctx.policy.read(src, ctx.base_dir).data
        checked = check_image(data, src)
    except ResourceError as exc:
        ctx.warn_resource(exc, line)
        return None, None
    if checked.media_type == "image/svg+xml":
        ctx.warn_resource(ResourceError(f"{src}: not an image the deck can show (SVG)"), line)
        return None, None
    if checked.media_type == "image/svg+xml":
        ctx.warn(f"deck: image {src} is an SVG, which the deck cannot show; skipped", line)
        return None, None
    return checked.data, checked.size
