"""ebooklib glue: the OPF package and the zip, written once and reproducibly.

ebooklib writes the package document (metadata, manifest, spine, EPUB 2
guide) well; what it does not do is reproducibility — its zip entries carry
the current time and the platform's attributes. ``FixedZip`` gives every entry
the same timestamp (``SOURCE_DATE_EPOCH`` or 1980-01-01) and attributes, and
entries are written in a fixed order, so the same essay gives the same bytes.

Every content document is handed to ebooklib as finished bytes (``_Item``):
ebooklib's ``EpubHtml`` would re-parse our XHTML with an HTML parser and
re-serialise it, which costs time and can change it.

This module imports ebooklib at the top; only ``EpubRenderer.render`` imports
this module, so nothing else pays for it.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from typing import Any

from ebooklib import epub

from essaykit import __name__ as _pkg
from essaykit.dates import ZIP_EPOCH, zip_date_time


class _Item(epub.EpubItem):  # type: ignore[misc]
    """A manifest item whose bytes are final."""

    def __init__(self, uid: str, href: str, media_type: str, content: bytes, properties: tuple[str, ...] = ()):
        super().__init__(uid=uid, file_name=href, media_type=media_type, content=content)
        self.properties = list(properties)


_PACKED = (".png", ".jpg", ".jpeg", ".gif", ".webp")


class FixedZip(zipfile.ZipFile):
    """A ZipFile whose entries do not depend on when or where it is written."""

    date_time: tuple[int, int, int, int, int, int] = ZIP_EPOCH

    def writestr(self, zinfo_or_arcname: Any, data: Any, compress_type: int | None = None,
                 compresslevel: int | None = None) -> None:
        if isinstance(zinfo_or_arcname, str):
            info = zipfile.ZipInfo(zinfo_or_arcname, date_time=self.date_time)
            if compress_type is None:
                # PNG, JPEG, GIF and WebP are compressed already: deflating
                # them again costs time and saves nothing.
                stored = zinfo_or_arcname.lower().endswith(_PACKED)
                compress_type = zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED
            info.compress_type = compress_type
            info.create_system = 3
            info.external_attr = 0o100644 << 16
            zinfo_or_arcname = info
        super().writestr(zinfo_or_arcname, data, compress_type=compress_type, compresslevel=compresslevel)


class _Writer(epub.EpubWriter):  # type: ignore[misc]
    def write(self) -> None:
        # Level 6: within 1 % of level 9 on XHTML and fonts, and much faster.
        out = FixedZip(self.file_name, "w", zipfile.ZIP_DEFLATED, compresslevel=6)
        out.date_time = self.options["zip_date_time"]
        self.out = out
        # The mimetype entry first and uncompressed, as OCF requires.
        out.writestr("mimetype", "application/epub+zip", compress_type=zipfile.ZIP_STORED)
        self._write_container()
        self._write_opf()
        self._write_items()
        out.close()


class Package:
    """The book being assembled: items in manifest order, then the spine."""

    def __init__(self, version: str) -> None:
        self.book = epub.EpubBook()
        # ebooklib names itself the generator; the book was made by essaykit.
        self.book.metadata = {}
        self.book.add_metadata("OPF", "generator", "", {"name": "generator", "content": f"{_pkg} {version}"})
        self.spine: list[tuple[Any, str]] = []

    def add(self, uid: str, href: str, media_type: str, content: bytes,
            properties: tuple[str, ...] = (), spine: str | None = None) -> None:
        """Add a file; ``spine`` is ``"yes"``/``"no"`` (linear) for content
        documents in reading order, None for everything else."""
        item = _Item(uid, href, media_type, content, properties)
        self.book.add_item(item)
        if spine is not None:
            item.is_linear = spine == "yes"
            self.spine.append((item, spine))

    def write(self, modified: dt.datetime, rtl: bool, guide: list[dict[str, str]]) -> bytes:
        book = self.book
        book.spine = [item for item, _ in self.spine]
        if rtl:
            book.set_direction("rtl")
        book.guide = guide
        buf = io.BytesIO()
        writer = _Writer(buf, book, {
            "epub3_pages": False,
            "epub3_landmark": False,
            "mtime": modified.astimezone(dt.UTC).replace(tzinfo=None),
            "zip_date_time": zip_date_time(modified),
            "raise_exceptions": True,
        })
        writer.process()
        writer.write()
        return buf.getvalue()
