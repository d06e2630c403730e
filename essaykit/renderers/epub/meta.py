"""Package metadata for the EPUB: what the book is, and how accessible.

Everything here is a pure function of the document (and ``SOURCE_DATE_EPOCH``),
never of the clock or the machine's locale, so the same essay always gives the
same OPF: the identifier is derived from title and authors when the front
matter has none, and ``dcterms:modified`` comes from the environment or the
essay's own date.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import uuid
from dataclasses import dataclass
from typing import Any

from essaykit.dates import FALLBACK, build_date, shown_date
from essaykit.lang import normalize_tag
from essaykit.model import Document, Metadata

from ..xhtml.writer import xml_safe

#: Namespace for identifiers derived from title and authors.
_ID_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "https://essaykit.invalid/epub-identifier")
FALLBACK_MODIFIED = FALLBACK


def book_language(meta: Metadata) -> str:
    """The document's language as a valid BCP 47 tag (``en`` if unusable)."""
    return normalize_tag(meta.language or "") or "en"


def book_title(doc: Document, fallback: str = "") -> str:
    """dc:title may not be empty: the title, else the first heading's text,
    else the source file's name, else "Untitled"."""
    title = clean(doc.meta.title)
    if title:
        return title
    if fallback:
        return clean(fallback)
    if doc.source:
        stem = os.path.basename(doc.source).split(".", 1)[0]
        if clean(stem):
            return clean(stem)
    return "Untitled"


def clean(value: Any) -> str:
    """One line of text that XML accepts."""
    return re.sub(r"\s+", " ", xml_safe(str(value))).strip()


def identifier(meta: Metadata, title: str) -> str:
    """The front matter's identifier, else a UUID from title and authors:
    rebuilding (or re-exporting after an edit) keeps the same book id, so
    readers keep their place and notes."""
    given = clean(meta.identifier or "")
    if given:
        return given
    key = "\n".join([title, *[clean(a) for a in meta.authors]])
    return f"urn:uuid:{uuid.uuid5(_ID_NAMESPACE, key)}"


def modified(meta: Metadata, env: dict[str, str] | None = None) -> dt.datetime:
    """``dcterms:modified``: the build's reproducible date (:mod:`essaykit.dates`)."""
    return build_date(meta, env)


def w3c_date(value: dt.date | dt.datetime | None) -> str | None:
    """A W3C date (YYYY-MM-DD), which every EPUB checker accepts."""
    if value is None:
        return None
    if value.year < 1 or value.year > 9999:
        return None
    return f"{value.year:04d}-{value.month:02d}-{value.day:02d}"


@dataclass(frozen=True)
class Accessibility:
    """What the book offers readers of every ability (EPUB Accessibility 1.1)."""

    images: int
    images_without_alt: int
    has_headings: bool
    has_math: bool
    #: Whether the math was written as MathML (else as TeX text).
    mathml: bool = False

    def entries(self) -> list[tuple[str, str]]:
        """(property, value) pairs for ``<meta property=...>``."""
        out = [("schema:accessMode", "textual")]
        if self.images:
            out.append(("schema:accessMode", "visual"))
        if self.images_without_alt:
            # Some pictures can only be seen: text alone does not suffice.
            out.append(("schema:accessModeSufficient", "textual,visual"))
        else:
            out.append(("schema:accessModeSufficient", "textual"))
            if self.images:
                out.append(("schema:accessModeSufficient", "textual,visual"))
        features = ["tableOfContents", "readingOrder", "displayTransformability", "ARIA"]
        if self.has_headings:
            features.insert(0, "structuralNavigation")
        if self.images and not self.images_without_alt:
            features.append("alternativeText")
        if self.mathml:
            features.append("MathML")
        out += [("schema:accessibilityFeature", f) for f in features]
        out.append(("schema:accessibilityHazard", "none"))
        out.append(("schema:accessibilitySummary", self.summary()))
        return out

    def summary(self) -> str:
        parts = [
            "This reflowable publication has a table of contents, a logical reading order"
            + (" and headings for structural navigation." if self.has_headings else ".")
        ]
        if self.images and not self.images_without_alt:
            parts.append("Every image has a text alternative.")
        elif self.images_without_alt:
            parts.append(
                f"{self.images_without_alt} of {self.images} images have no text alternative."
            )
        if self.mathml:
            parts.append("Mathematics is given as MathML, with its TeX source as alternative text.")
        elif self.has_math:
            parts.append("Mathematics is given as its TeX source text.")
        parts.append("Footnotes are linked both ways. There are no known hazards.")
        return " ".join(parts)


def add_metadata(book: Any, doc: Document, title: str, a11y: Accessibility) -> str:
    """Fill an ``ebooklib.epub.EpubBook``'s metadata; returns the identifier."""
    meta = doc.meta
    uid = identifier(meta, title)
    book.set_identifier(uid)
    book.title = title
    book.add_metadata("DC", "title", title, {"id": "title"})
    book.add_metadata(None, "meta", "main", {"refines": "#title", "property": "title-type"})
    subtitle = clean(meta.subtitle)
    if subtitle:
        book.add_metadata("DC", "title", subtitle, {"id": "subtitle"})
        book.add_metadata(None, "meta", "subtitle", {"refines": "#subtitle", "property": "title-type"})
    book.set_language(book_language(meta))
    for i, author in enumerate(a for a in (clean(x) for x in meta.authors) if a):
        cid = f"creator-{i + 1}"
        book.add_metadata("DC", "creator", author, {"id": cid})
        book.add_metadata(None, "meta", "aut", {"refines": "#" + cid, "property": "role", "scheme": "marc:relators"})
    date = w3c_date(meta.date)
    if date and meta.date_text:
        # A year or a month alone (``2017``) is as precise as the author
        # wrote it: W3C dates allow YYYY and YYYY-MM.
        date = shown_date(meta)[1] or date
    if date:
        book.add_metadata("DC", "date", date)
    if clean(meta.description):
        book.add_metadata("DC", "description", clean(meta.description))
    for tag in dict.fromkeys(clean(t) for t in meta.tags):
        if tag:
            book.add_metadata("DC", "subject", tag)
    if meta.rights and clean(meta.rights):
        book.add_metadata("DC", "rights", clean(meta.rights))
    publisher = clean(meta.extra.get("publisher", "")) if isinstance(meta.extra, dict) else ""
    if publisher:
        book.add_metadata("DC", "publisher", publisher)
    for prop, value in a11y.entries():
        book.add_metadata(None, "meta", value, {"property": prop})
    return uid
