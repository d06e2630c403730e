"""EPUB 3 (with an NCX for EPUB 2 readers): valid, accessible, navigable.

The book is assembled in reading order from the parts in the ``epub_*``
modules: the shared XHTML writer turns the blocks into one file per
top-level section (``epub_chapters``), images are read through the resource
policy (``epub_images``), a cover is taken or drawn (``epub_cover``), the
nav document and NCX are written (``epub_nav``), the metadata is derived
(``epub_meta``), and ebooklib writes the package into a reproducible zip
(``epub_package``, the only module that imports ebooklib).

Options read from the render context: ``epub_split`` ("auto", "always",
"never") and ``epub_split_chars`` (the length above which "auto" splits).
A book (chapter and part divs, see ``epub_book``) is always cut at its
chapters, gets a title page, and numbers its notes per chapter.
"""

from __future__ import annotations

import contextlib

from essaykit.dates import shown_date
from essaykit.model import Block, Document, Heading, plain_text

from ..base import RenderContext
from ..xhtml.writer import HtmlOptions, attr, text
from .book import BookFile, book_files, book_toc, is_book, title_page
from .chapters import SPLIT_CHARS, EpubWriter, split
from .images import EpubImages
from .meta import Accessibility, add_metadata, book_language, book_title, clean, modified
from .nav import TocEntry, label, nav_document, ncx_document, nest, page
from .side import DeferredCode, SideWork

CSS_HREF = "style/book.css"
XHTML = "application/xhtml+xml"


class EpubRenderer:
    name = "epub"
    suffix = ".epub"
    binary = True

    def render(self, doc: Document, ctx: RenderContext) -> bytes:
        lang = book_language(doc.meta)
        first_heading = next((b for b in doc.blocks if isinstance(b, Heading)), None)
        title = book_title(doc, plain_text(first_heading.children) if first_heading else "")
        side = _early_cover(doc, ctx, title, lang)
        try:
            return self._render(doc, ctx, lang, title, first_heading, side)
        finally:
            if side is not None:
                side.cancel()  # after an error; nothing left to do otherwise

    def _render(self, doc: Document, ctx: RenderContext, lang: str, title: str,
                first_heading: Heading | None, side: SideWork | None) -> bytes:
        from .package import Package  # imports ebooklib

        rtl = doc.meta.direction == "rtl" or _rtl(lang)
        bfiles = book_files(doc) if is_book(doc) else None
        if bfiles:
            groups = [f.blocks for f in bfiles]
        else:
            groups = split(doc, str(ctx.option("epub_split", "auto")),
                           int(ctx.option("epub_split_chars", SPLIT_CHARS)))
        images = EpubImages(ctx)
        options = HtmlOptions(footnotes="end", epub=True, image_src=images.src, notes_restart=bool(bfiles),
                              warn=ctx.warn)
        writer = EpubWriter(doc, options, groups, ctx)
        if side is not None:
            writer.deferred_code = DeferredCode()  # the child highlights the code
        images.line_hint = lambda: writer.last_line
        chunks = writer.chunks(groups)

        # Content files first: rendering them tells which images are needed.
        texts: list[tuple[str, bytes]] = []
        for i, chunk in enumerate(chunks):
            writer.current = i
            notes = [lb for lb, home in writer.note_home.items() if home == i]
            if bfiles:
                texts.append((chunk.file, _book_page(writer, bfiles[i], chunk.blocks, notes, lang, title)))
                continue
            body = (_title_block(doc) if i == 0 else "") + writer.blocks(chunk.blocks) + writer.endnotes(notes)
            section = ' epub:type="chapter" role="doc-chapter"' if len(chunks) > 1 else ""
            texts.append((chunk.file, page(lang, title, f"<section{section}>\n{body}</section>\n", CSS_HREF,
                                           ' epub:type="bodymatter"')))

        if writer.deferred_code is not None and side is not None:
            code, html = writer.deferred_code, side.highlights()
            texts = [(file, code.fill(data, html)) for file, data in texts]

        toc = book_toc(writer, writer.files) if bfiles else _toc(doc, writer, title)
        start = chunks[0].file
        if bfiles:
            start = next((c.file for c, f in zip(chunks, bfiles, strict=True) if f.matter == "bodymatter"), start)
        pkg = Package(_version())
        a11y = Accessibility(
            images=images.shown,
            images_without_alt=images.without_alt,
            has_headings=first_heading is not None or bool(writer.scan.headings),
            has_math=writer.scan.has_math,
            mathml=bool(writer.mathml_files),
        )
        uid = add_metadata(pkg.book, doc, title, a11y)

        from .css import epub_fonts

        font_css, font_files = epub_fonts(ctx.theme, _beyond_base(title + "".join(
            data.decode("utf-8") for _, data in texts)))
        pkg.add("style", CSS_HREF, "text/css", (font_css + _css(ctx)).encode("utf-8"))
        for n, (href, media, data) in enumerate(font_files):
            pkg.add(f"font-{n + 1:03d}", href, media, data)
        cover_href = _cover(doc, ctx, images, title, lang, side)
        pkg.add("cover-image", cover_href, _media_type(images, cover_href), _data(images, cover_href), ("cover-image",))
        # EPUB 2 readers find the cover through this.
        pkg.book.add_metadata(None, "meta", "", {"name": "cover", "content": "cover-image"})
        alt = title + (" — " + ", ".join(clean(a) for a in doc.meta.authors) if doc.meta.authors else "")
        cover_body = (f'<section class="cover" epub:type="cover"><img src="{attr(cover_href)}" '
                      f'alt="{attr(alt)}" role="doc-cover"/></section>\n')
        pkg.add("cover", "cover.xhtml", XHTML, page(lang, label(lang, "cover"), cover_body, CSS_HREF), spine="yes")
        if bfiles:
            pkg.add("titlepage", "titlepage.xhtml", XHTML,
                    page(lang, title, title_page(doc), CSS_HREF, ' epub:type="frontmatter"'), spine="yes")
        nav = nav_document(lang, title, toc, "cover.xhtml", start, CSS_HREF)
        pkg.add("nav", "nav.xhtml", XHTML, nav, ("nav",), spine="yes" if len(chunks) > 1 else "no")
        pkg.add("ncx", "toc.ncx", "application/x-dtbncx+xml",
                ncx_document(uid, lang, title, [clean(a) for a in doc.meta.authors if clean(a)], toc))
        for i, (file, data) in enumerate(texts):
            props = ("mathml",) if i in writer.mathml_files else ()
            pkg.add(f"text-{i + 1:03d}", file, XHTML, data, props, spine="yes")
        for n, img in enumerate(images.stored):
            if img.href != cover_href:
                pkg.add(f"image-{n + 1:03d}", img.href, img.media_type, img.data)
        guide = [
            {"type": "cover", "href": "cover.xhtml", "title": label(lang, "cover")},
            {"type": "toc", "href": "nav.xhtml", "title": label(lang, "toc")},
            {"type": "text", "href": start, "title": title},
        ]
        return pkg.write(modified(doc.meta), rtl, guide)


def _book_page(writer: EpubWriter, bf: BookFile, blocks: tuple[Block, ...], notes: list[str],
               lang: str, title: str) -> bytes:
    """One chapter, part or matter page of a book, in its own language."""
    from essaykit.lang import normalize_tag

    page_lang = (normalize_tag(bf.lang) if bf.lang else None) or lang
    writer.lang = page_lang
    try:
        body = writer.blocks(blocks) + writer.endnotes(notes)
    finally:
        writer.lang = lang
    heads = _heads(blocks)
    name = clean(plain_text(heads[0].children)) if heads else title
    return page(page_lang, name or title, f"<section{bf.section_attrs()}>\n{body}</section>\n", CSS_HREF,
                f' epub:type="{bf.matter}"')


def _heads(blocks: tuple[Block, ...]) -> list[Heading]:
    """The first heading (a block: inline content is not searched), as a list."""
    from essaykit.model.walk import iter_blocks

    return next(([b] for b in iter_blocks(blocks) if isinstance(b, Heading)), [])


def _rtl(lang: str) -> bool:
    from essaykit.lang import direction

    return direction(lang) == "rtl"


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("essaykit")
    except PackageNotFoundError:
        return "dev"


def _title_block(doc: Document) -> str:
    meta = doc.meta
    if not clean(meta.title):
        return ""
    first = doc.blocks[0] if doc.blocks else None
    if isinstance(first, Heading) and clean(plain_text(first.children)).casefold() == clean(meta.title).casefold():
        # The essay opens with its own title as a heading: do not say it twice.
        return ""
    parts = [f'<h1 class="title">{text(clean(meta.title))}</h1>']
    if clean(meta.subtitle):
        parts.append(f'<p class="subtitle">{text(clean(meta.subtitle))}</p>')
    authors = [clean(a) for a in meta.authors if clean(a)]
    if authors:
        parts.append(f'<p class="authors">{text(", ".join(authors))}</p>')
    shown, stamp = shown_date(meta)
    if shown and stamp:
        parts.append(f'<p class="date"><time datetime="{stamp}">{text(shown)}</time></p>')
    elif shown:
        parts.append(f'<p class="date">{text(clean(shown))}</p>')
    return f'<header class="titlepage">{"".join(parts)}</header>\n'


def _toc(doc: Document, writer: EpubWriter, title: str) -> list[TocEntry]:
    """Nested entries from the headings at the top level of the essay."""
    flat = []
    for b in doc.blocks:
        if isinstance(b, Heading) and "unlisted" not in b.classes:
            hid = writer.heading_id(b)
            name = clean(plain_text(b.children)) or "§"
            flat.append(TocEntry(name, f"{writer.id_file[hid]}#{hid}", b.level))
    starts_with_heading = bool(doc.blocks) and isinstance(doc.blocks[0], Heading)
    if not flat or not starts_with_heading:
        # The opening (title, text before the first heading) gets an entry
        # too, so every part of the book is reachable from the contents.
        top = min((e.level for e in flat), default=1)
        flat.insert(0, TocEntry(title, writer.files[0], top))
    return nest(flat)


def _css(ctx: RenderContext) -> str:
    """One stylesheet: the code colours of the Pygments style the theme
    names (``[epub] pygments_style``, default "default"), the theme's book
    CSS, its values from theme.toml (:mod:`essaykit.renderers.epub.css`),
    then epub.css."""
    from ..xhtml.highlight import pygments_css
    from .css import drop_outside_urls, epub_css

    style = str(ctx.theme.get("epub.pygments_style") or "default")
    try:
        code = pygments_css(style)
    except Exception:  # an unknown style name in a theme
        ctx.warn(f"theme: unknown Pygments style {style!r}")
        code = pygments_css("default")
    # Only the token colours: the theme's CSS sets the block's background.
    tokens = "\n".join(line for line in code.splitlines() if ".tok-" in line)
    css, dropped = drop_outside_urls(
        "\n".join([tokens, ctx.theme.css("book"), epub_css(ctx.theme), ctx.theme.css("epub")]))
    if dropped:
        ctx.warn(f"theme: {dropped} CSS url() naming a file left out of the EPUB (only data: URIs go in)")
    return css


#: A book this long (blocks, with those in chapter divs) takes longer to write than its cover
#: takes to draw and its code to highlight from cold (Pillow, fonts, Pygments'
#: lexers): both are done meanwhile in a child process (:mod:`essaykit.renderers.epub.side`).
#: Shorter essays do them here, where a batch keeps the fonts and lexers.
EARLY_COVER_BLOCKS = 600


def _early_cover(doc: Document, ctx: RenderContext, title: str, lang: str) -> SideWork | None:
    """Start the side work (cover, code) in a forked child, or None (done
    here)."""
    def warm() -> None:
        from .css import epub_font_families

        # The font packages, read once for both; HarfBuzz (40 ms to load),
        # which cuts the fonts here and reads the cover font's characters there.
        if any(epub_font_families(ctx.theme).values()):
            with contextlib.suppress(ImportError):
                import uharfbuzz  # noqa: F401

    return SideWork.start(doc, ctx, title, lang, EARLY_COVER_BLOCKS, warm if ctx is not None else None)


def _cover(doc: Document, ctx: RenderContext, images: EpubImages, title: str, lang: str,
           side: SideWork | None = None) -> str:
    """The href of the cover image: the front matter's, else a drawn one
    (by ``side``, the child process, when it drew one)."""
    from essaykit.images import check_image
    from essaykit.resources import ResourceError

    if doc.meta.cover:
        try:
            res = ctx.policy.read(doc.meta.cover)
            checked = check_image(res.data, doc.meta.cover, keep_webp=True)  # decoded: never a broken cover
            if checked.media_type != "image/svg+xml":
                return images.add(checked.data, checked.media_type, "cover", ("cover-image",))
            ctx.warn(f"cover {doc.meta.cover!r}: an SVG cannot be the cover; drawing one instead",
                     kind="image-unreadable")
        except ResourceError as exc:
            ctx.warn(f"cover not used: {exc.message}; drawing one instead", kind=exc.kind)
    drawn = side.cover() if side is not None and side.draws_cover else None
    if drawn is not None:
        png, held = drawn
        for message in held:  # the drawn cover warns only of fonts
            ctx.warn(message, kind="font")
    else:  # no child, or it failed: draw it here
        from .cover import generate_cover

        png = generate_cover(doc.meta, title, lang, ctx.theme, lambda m: ctx.warn(m, kind="font"))
    return images.add(png, "image/png", "cover", ("cover-image",))


def _stored(images: EpubImages, href: str):  # type: ignore[no-untyped-def]
    return next(i for i in images.stored if i.href == href)


def _media_type(images: EpubImages, href: str) -> str:
    return str(_stored(images, href).media_type)


def _data(images: EpubImages, href: str) -> bytes:
    return bytes(_stored(images, href).data)


def _beyond_base(text: str) -> str:
    """The characters of ``text`` (and of its upper and lower case) that the
    font subsetter does not keep anyway.

    Every subset already holds Latin-1, Latin Extended-A and the common
    punctuation (``fonts._BASE_RANGES``), so the same subset comes out for
    the rest alone, and books in the same script share one subset (cached
    by ``essaykit.fonts``) instead of cutting the fonts again for each book
    of a batch.
    """
    from essaykit.fonts import _BASE_RANGES

    chars = set(text)
    # Case mappings per distinct character, not over the whole book: the
    # same characters, except that lower() depends on context for a capital
    # sigma (final ς), so then the text is lowered whole.
    distinct = "".join(chars)
    chars |= set(distinct.upper())
    chars |= set(text.lower() if "\u03a3" in chars else distinct.lower())
    return "".join(sorted(c for c in chars
                          if not any(lo <= ord(c) <= hi for lo, hi in _BASE_RANGES)))
