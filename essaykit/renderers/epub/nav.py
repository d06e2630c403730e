"""The EPUB's navigation: the XHTML page shell, the EPUB 3 nav document
(table of contents and landmarks) and the NCX for EPUB 2 reading systems.

All three are written as text here rather than by ebooklib, because every
XHTML file of the book must carry the document's ``lang``/``xml:lang`` and,
for right-to-left languages, ``dir="rtl"`` on its root, and ebooklib's own
templates hard-code English.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from essaykit.bidi import differing_text
from essaykit.lang import direction, primary

from ..xhtml.writer import attr, text

#: Labels of the navigation, in the book's language (English otherwise).
LABELS: dict[str, dict[str, str]] = {
    "en": {"toc": "Contents", "landmarks": "Landmarks", "cover": "Cover", "start": "Start of content", "notes": "Notes"},
    "fr": {"toc": "Table des matières", "landmarks": "Repères", "cover": "Couverture", "start": "Début du texte", "notes": "Notes"},
    "de": {"toc": "Inhalt", "landmarks": "Orientierungspunkte", "cover": "Umschlag", "start": "Textbeginn", "notes": "Anmerkungen"},
    "es": {"toc": "Índice", "landmarks": "Puntos de referencia", "cover": "Cubierta", "start": "Inicio", "notes": "Notas"},
    "ja": {"toc": "目次", "landmarks": "ランドマーク", "cover": "表紙", "start": "本文", "notes": "注"},
    "zh": {"toc": "目录", "landmarks": "地标", "cover": "封面", "start": "正文", "notes": "注释"},
    "ar": {"toc": "المحتويات", "landmarks": "معالم", "cover": "الغلاف", "start": "بداية النص", "notes": "الحواشي"},
    "fa": {"toc": "فهرست", "landmarks": "نشانه‌ها", "cover": "جلد", "start": "آغاز متن", "notes": "یادداشت‌ها"},
    "he": {"toc": "תוכן העניינים", "landmarks": "ציוני דרך", "cover": "כריכה", "start": "תחילת הטקסט", "notes": "הערות"},
}


def label(lang: str, key: str) -> str:
    return LABELS.get(primary(lang), LABELS["en"])[key]


def page(lang: str, title: str, body: str, stylesheet: str | None, body_attrs: str = "") -> bytes:
    """A complete XHTML content document."""
    dir_attr = ' dir="rtl"' if direction(lang) == "rtl" else ""
    css = f'<link rel="stylesheet" type="text/css" href="{attr(stylesheet)}"/>' if stylesheet else ""
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE html>\n'
        f'<html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops"'
        f' lang="{attr(lang)}" xml:lang="{attr(lang)}"{dir_attr}>\n'
        f'<head>\n<meta charset="utf-8"/>\n<title>{text(title)}</title>\n{css}\n</head>\n'
        f"<body{body_attrs}>\n{body}</body>\n</html>\n"
    ).encode()


@dataclass
class TocEntry:
    title: str
    href: str
    level: int
    children: list[TocEntry] = field(default_factory=list)


def nest(flat: list[TocEntry]) -> list[TocEntry]:
    """Headings in reading order → a tree; a jump (h1 → h3) nests one step."""
    root: list[TocEntry] = []
    stack: list[TocEntry] = []
    for entry in flat:
        while stack and stack[-1].level >= entry.level:
            stack.pop()
        (stack[-1].children if stack else root).append(entry)
        stack.append(entry)
    return root


def _ol(entries: list[TocEntry], base: str = "ltr") -> str:
    """The contents as nested lists; an entry whose title reads against the
    book (an English heading in an Arabic book, :mod:`essaykit.bidi`) gets
    its own direction on its link, the list keeping the book's."""
    items = []
    for e in entries:
        sub = _ol(e.children, base) if e.children else ""
        own = differing_text(e.title, base)
        dir_attr = f' dir="{own}"' if own else ""
        items.append(f'<li><a href="{attr(e.href)}"{dir_attr}>{text(e.title)}</a>{sub}</li>')
    return f"<ol>{''.join(items)}</ol>"


def nav_document(
    lang: str, title: str, toc: list[TocEntry], cover_href: str | None, start_href: str, css: str | None
) -> bytes:
    marks = []
    if cover_href:
        marks.append(f'<li><a epub:type="cover" href="{attr(cover_href)}">{text(label(lang, "cover"))}</a></li>')
    marks.append(f'<li><a epub:type="toc" href="nav.xhtml#toc">{text(label(lang, "toc"))}</a></li>')
    marks.append(f'<li><a epub:type="bodymatter" href="{attr(start_href)}">{text(label(lang, "start"))}</a></li>')
    body = (
        f'<nav epub:type="toc" id="toc" role="doc-toc" aria-labelledby="toc-title">'
        f'<h1 id="toc-title">{text(label(lang, "toc"))}</h1>{_ol(toc, direction(lang))}</nav>\n'
        f'<nav epub:type="landmarks" id="landmarks" aria-labelledby="landmarks-title" hidden="hidden">'
        f'<h2 id="landmarks-title">{text(label(lang, "landmarks"))}</h2><ol>{"".join(marks)}</ol></nav>\n'
    )
    return page(lang, title, body, css)


def ncx_document(uid: str, lang: str, title: str, authors: list[str], toc: list[TocEntry]) -> bytes:
    counter = [0]

    def depth(entries: list[TocEntry]) -> int:
        return 1 + max((depth(e.children) for e in entries), default=0) if entries else 0

    def points(entries: list[TocEntry]) -> str:
        out = []
        for e in entries:
            counter[0] += 1
            n = counter[0]
            out.append(
                f'<navPoint id="np-{n}" playOrder="{n}"><navLabel><text>{text(e.title)}</text></navLabel>'
                f'<content src="{attr(e.href)}"/>{points(e.children)}</navPoint>'
            )
        return "".join(out)

    author_xml = "".join(f"<docAuthor><text>{text(a)}</text></docAuthor>" for a in authors)
    nav_map = points(toc)
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<ncx xmlns="http://www.daisy.org/z3986/2005/ncx/" version="2005-1" xml:lang="{attr(lang)}">\n'
        f'<head><meta name="dtb:uid" content="{attr(uid)}"/><meta name="dtb:depth" content="{depth(toc)}"/>'
        '<meta name="dtb:totalPageCount" content="0"/><meta name="dtb:maxPageNumber" content="0"/></head>\n'
        f"<docTitle><text>{text(title)}</text></docTitle>{author_xml}\n"
        f"<navMap>{nav_map}</navMap>\n</ncx>\n"
    ).encode()
