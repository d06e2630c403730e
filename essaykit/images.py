"""Every image put in any output is checked here first.

A 7 KB WebP may claim 13000x13000 pixels, a PNG header 100000x100000, a JPEG
may be cut short: the renderers (WeasyPrint, python-pptx, the EPUB) would
decode or copy them blindly. :func:`check_image` reads the size from the
header, refuses what is too large before anything is decoded, then decodes
the rest once (cached by content), so what goes into a PDF, an EPUB or a
deck is an image that opens. SVGs must be well-formed, script-free and
refer to nothing outside themselves.
"""

from __future__ import annotations

import hashlib
import io
import re
import warnings
from dataclasses import dataclass

from .resources import ResourceError, sniff_image

#: Largest image accepted, in pixels (a 50-megapixel camera's photo passes;
#: decoded as RGBA it takes 200 MB).
MAX_PIXELS = 50_000_000
#: Formats kept as they are; anything else Pillow reads becomes PNG.
KEPT = {"PNG": "image/png", "JPEG": "image/jpeg", "GIF": "image/gif"}
#: SVG references that stay inside the file: fragments and data: URIs.
_LOCAL_REF = re.compile(r"\s*(#|data:)", re.IGNORECASE)
_CSS_URL = re.compile(r"url\(\s*['\"]?\s*([^'\")\s]*)", re.IGNORECASE)


@dataclass(frozen=True)
class CheckedImage:
    data: bytes
    media_type: str
    #: Pixel size (width, height); (0, 0) for SVG.
    size: tuple[int, int]


_cache: dict[str, CheckedImage | str] = {}


def check_image(data: bytes, name: str, keep_webp: bool = False) -> CheckedImage:
    """``data`` as an image fit for any output, or ResourceError (one line,
    naming ``name``). PNG, JPEG and GIF (and WebP with ``keep_webp``) are
    kept as they are once they decode; other raster formats become PNG."""
    key = hashlib.sha256(data).hexdigest() + ("w" if keep_webp else "")
    got = _cache.get(key)
    if got is None:
        try:
            got = _check(data, {**KEPT, "WEBP": "image/webp"} if keep_webp else KEPT)
        except ResourceError as exc:
            got = exc.message
        if len(_cache) > 256:
            _cache.clear()
        _cache[key] = got
    if isinstance(got, str):
        raise ResourceError(f"{name}: {got}")
    return got


def _check(data: bytes, keep: dict[str, str]) -> CheckedImage:
    if sniff_image(data) == "image/svg+xml":
        problem = svg_problem(data)
        if problem:
            raise ResourceError(problem)
        return CheckedImage(data, "image/svg+xml", (0, 0))
    from PIL import Image, ImageFile, UnidentifiedImageError

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as im:
                width, height = im.size  # from the header: nothing decoded yet
                if width * height > MAX_PIXELS:
                    raise ResourceError(
                        f"{width}x{height} pixels is more than essaykit takes "
                        f"({MAX_PIXELS // 1_000_000} megapixels); scale it down")
                fmt = im.format or ""
                # WeasyPrint sets Pillow to accept truncated files, process-wide
                # (on import): a cut-off JPEG must still be refused here.
                truncated, ImageFile.LOAD_TRUNCATED_IMAGES = ImageFile.LOAD_TRUNCATED_IMAGES, False
                try:
                    im.load()
                finally:
                    ImageFile.LOAD_TRUNCATED_IMAGES = truncated
                if fmt in keep:
                    return CheckedImage(data, keep[fmt], (width, height))
                out = io.BytesIO()
                (im if im.mode in ("RGB", "RGBA", "L", "LA", "P") else im.convert("RGBA")).save(out, "PNG")
                return CheckedImage(out.getvalue(), "image/png", (width, height))
    except ResourceError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ResourceError(f"more pixels than essaykit takes ({MAX_PIXELS // 1_000_000} megapixels)") from None
    except UnidentifiedImageError:
        raise ResourceError("not an image essaykit can read (PNG, JPEG, GIF, WebP, SVG)") from None
    except (OSError, ValueError, SyntaxError, EOFError, MemoryError) as exc:
        raise ResourceError(f"a broken image ({exc})") from None


def svg_problem(data: bytes) -> str | None:
    """Why an SVG may not go into an output, or None: it must be well-formed
    XML with an <svg> root, hold no script, and refer to nothing but its
    own fragments and data: URIs (an ``href="file:..."`` or
    ``url(../x.png)`` reads what the reader may not, and fails epubcheck)."""
    import xml.etree.ElementTree as ET

    if b"<!ENTITY" in data.upper():
        return "an SVG that declares entities; essaykit takes plain SVG only"
    try:
        root = ET.fromstring(data)
    except ET.ParseError:
        return "not a well-formed SVG"
    if not root.tag.endswith("svg"):
        return "not a well-formed SVG"
    for el in root.iter():
        tag = el.tag.rsplit("}", 1)[-1]
        if tag in ("script", "foreignObject"):
            return f"an SVG with <{tag}>; essaykit takes no scripts"
        for attr, value in el.attrib.items():
            name = attr.rsplit("}", 1)[-1]
            if name == "href" and not _LOCAL_REF.match(value):
                return f"an SVG that refers to {value[:60]!r}; only its own parts may be referred to"
            if name.startswith("on"):
                return "an SVG with event handlers; essaykit takes no scripts"
            if "url(" in value.lower() and _outside_url(value):
                return "an SVG that refers to a file in a url(); only its own parts may be referred to"
        if tag == "style" and el.text and _outside_url(el.text):
            return "an SVG whose style refers to a file; only its own parts may be referred to"
    return None


def _outside_url(css: str) -> bool:
    return any(not _LOCAL_REF.match(u) for u in _CSS_URL.findall(css) if u)
