"""Images inside the EPUB: read through the resource policy, stored once.

Real blog posts are full of images that are missing, remote or in formats no
e-reader shows. None of those may stop an export: each is a warning naming
the file and line, and the writer puts the alt text in the image's place.
Formats outside EPUB's core media types are converted to PNG with Pillow, so
the book never needs a fallback chain.
"""

from __future__ import annotations

import hashlib
import io
from collections.abc import Callable
from dataclasses import dataclass, field

from essaykit.images import check_image
from essaykit.model import Image
from essaykit.resources import ResourceError

from ..base import RenderContext

#: Image types every EPUB 3 reading system must support.
CORE_TYPES = {
    "image/png": "png",
    "image/jpeg": "jpg",
    "image/gif": "gif",
    "image/svg+xml": "svg",
    "image/webp": "webp",
}


@dataclass
class StoredImage:
    href: str
    media_type: str
    data: bytes
    properties: tuple[str, ...] = ()


@dataclass
class EpubImages:
    """Maps image nodes to files in the book, reading each source once."""

    ctx: RenderContext
    folder: str = "images"
    stored: list[StoredImage] = field(default_factory=list)
    #: Counts for the accessibility metadata.
    shown: int = 0
    without_alt: int = 0
    #: The nearest source line when an image node carries none.
    line_hint: Callable[[], int | None] = lambda: None
    _by_src: dict[str, str | None] = field(default_factory=dict)
    _by_hash: dict[str, str] = field(default_factory=dict)

    def src(self, node: Image) -> str | None:
        """The image's path inside the book, or None if it cannot be shown."""
        key = node.src.strip()
        line = node.line or self.line_hint()
        if key not in self._by_src:
            self._by_src[key] = self._load(node, line)
        href = self._by_src[key]
        if href is not None:
            self.shown += 1
            if not node.alt.strip():
                self.without_alt += 1
                self.ctx.warn(f"image {key}: no alt text (readers who cannot see it get nothing)", line,
                             "image-alt")
        return href

    def add(self, data: bytes, media_type: str, name: str, properties: tuple[str, ...] = ()) -> str:
        """Store ``data`` (deduplicated by content) and return its href."""
        digest = hashlib.sha256(data).hexdigest()
        if digest in self._by_hash and not properties:
            return self._by_hash[digest]
        href = f"{self.folder}/{name}.{CORE_TYPES[media_type]}"
        self.stored.append(StoredImage(href, media_type, data, properties))
        if not properties:
            self._by_hash[digest] = href
        return href

    def _load(self, node: Image, line: int | None) -> str | None:
        where = node.src.strip()
        if not where:
            self.ctx.warn("image with an empty source", line, "image-missing")
            return None
        try:
            res = self.ctx.policy.read(where)
        except ResourceError as exc:
            self.ctx.warn_resource(exc, line)
            return None
        # Trust the bytes, not the name: a "photo.png" that is HTML (a
        # saved error page) must not enter the book as image/png; every
        # image is decoded once and checked before it goes in.
        try:
            checked = check_image(res.data, where, keep_webp=True)
        except ResourceError as exc:
            self.ctx.warn_resource(exc, line)
            return None
        data, media_type = checked.data, checked.media_type
        return self.add(data, media_type, f"image-{len(self.stored) + 1:03d}")


def to_png(data: bytes) -> bytes | None:
    """Any image essaykit takes, as PNG (kept as it is when it is one);
    None if it is not one."""
    try:
        checked = check_image(data, "image")
    except ResourceError:
        return None
    return checked.data if checked.media_type == "image/png" else _as_png(checked.data)


def _as_png(data: bytes) -> bytes | None:
    try:
        from PIL import Image as PILImage

        with PILImage.open(io.BytesIO(data)) as im:
            out = io.BytesIO()
            im.save(out, "PNG")
            return out.getvalue()
    except Exception:  # noqa: BLE001 - checked already; Pillow raises many kinds
        return None
