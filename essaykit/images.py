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
#: Most elements an SVG image may hold. WeasyPrint keeps a few KB per
#: element while it draws an SVG into the PDF (benchmarks/FINDINGS.md,
#: Session 10): the largest SVG accepted stays well under 1 GB.
MAX_SVG_ELEMENTS = 50_000
#: Characters of SVG text that cost the PDF what one element does (text is
#: laid out letter by letter: ~0.45 KB and ~65 us each, against ~4-5 KB for
#: an element), so 10 count as one more element.
SVG_LETTERS_PER_ELEMENT = 10
#: WeasyPrint finds the part a ``url(#id)`` or ``href="#id"`` names by
#: searching the tree below each of that part's ancestors (~0.5 us an
#: element, once per name): 3,000 gradients among 12,000 elements took 19 s
#: CPU, 12,500 among 50,000 over 85 s. Most element visits those searches
#: may cost (~12 s).
MAX_SVG_LOOKUPS = 25_000_000
_ID_REF = re.compile(r"url\(\s*['\"]?\s*#([^'\")\s]+)", re.IGNORECASE)
_CSS_URL = re.compile(r"url\(\s*['\"]?\s*([^'\")\s]*)", re.IGNORECASE)


@dataclass(frozen=True)
class CheckedImage:
    data: bytes
    media_type: str
    #: Pixel size (width, height); (0, 0) for SVG.
    size: tuple[int, int]
    #: What an SVG draws, counted as :data:`MAX_SVG_ELEMENTS` is; 0 for the rest.
    drawn: int = 0


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
        problem, drawn = _svg_check(data, 0)
        if problem:
            raise ResourceError(problem)
        return CheckedImage(data, "image/svg+xml", (0, 0), drawn)
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
    XML with an <svg> root, draw at most :data:`MAX_SVG_ELEMENTS` elements
    (counted by :func:`_drawn`), hold no script, and
    refer to nothing but its own fragments and data: URIs (an
    ``href="file:..."`` or ``url(../x.png)`` reads what the reader may not,
    and fails epubcheck). Read as a stream (expat: no tree, no entities,
    nothing fetched) that stops at the first problem, before anything
    renders the SVG."""
    return _svg_check(data, 0)[0]


#: SVGs an SVG may hold as ``<image href="data:image/svg+xml,...">``, nested.
MAX_SVG_NESTING = 4


def _svg_check(data: bytes, nesting: int) -> tuple[str | None, int]:
    """:func:`svg_problem`, and what the SVG draws (:func:`_drawn`)."""
    from xml.parsers import expat

    if b"<!ENTITY" in data.upper():
        return "an SVG that declares entities; essaykit takes plain SVG only", 0
    too_many = (f"an SVG that draws more than {MAX_SVG_ELEMENTS:,} elements (what each <use> repeats and "
                f"every {SVG_LETTERS_PER_ELEMENT} letters of text counted); essaykit takes smaller drawings")
    children: list[list[int]] = []
    ids: dict[str, int] = {}
    uses: dict[int, str] = {}
    letters: dict[int, int] = {}  # characters of text each element draws
    inner: dict[int, int] = {}  # what an SVG in an <image> draws
    named: set[str] = set()  # the ids referred to
    open_: list[int] = []
    in_text = all_letters = sum_inner = 0
    style: list[str] | None = None

    def start(tag: str, attrs: dict[str, str]) -> None:
        nonlocal style, in_text, sum_inner
        index = len(children)
        name = tag.rsplit("}", 1)[-1]
        if index == 0 and name != "svg":
            raise _Refused("not a well-formed SVG")
        if index + all_letters // SVG_LETTERS_PER_ELEMENT + sum_inner >= MAX_SVG_ELEMENTS:
            raise _Refused(too_many)
        if name in ("script", "foreignObject"):
            raise _Refused(f"an SVG with <{name}>; essaykit takes no scripts")
        for attr, value in attrs.items():
            attr = attr.rsplit("}", 1)[-1]
            if attr == "href" and not _LOCAL_REF.match(value):
                raise _Refused(f"an SVG that refers to {value[:60]!r}; only its own parts may be referred to")
            if attr.startswith("on"):
                raise _Refused("an SVG with event handlers; essaykit takes no scripts")
            if "url(" in value.lower() and _outside_url(value):
                raise _Refused("an SVG that refers to a file in a url(); only its own parts may be referred to")
            if attr == "href" and value.lstrip()[:5].lower() == "data:":
                inner[index] = _svg_inside(value, nesting)
                sum_inner += inner[index]
            if attr == "id":
                ids.setdefault(value, index)
            elif attr == "href" and value.lstrip().startswith("#"):
                named.add(value.strip()[1:])
                if name == "use":
                    uses[index] = value.strip()[1:]
            elif "url(" in value:
                named.update(_ID_REF.findall(value))
        children.append([])
        if open_:
            children[open_[-1]].append(index)
        open_.append(index)
        in_text += name == "text"
        style = [] if name == "style" else None

    def text(chars: str) -> None:
        nonlocal all_letters
        if style is not None:
            style.append(chars)
        elif in_text:
            letters[open_[-1]] = letters.get(open_[-1], 0) + len(chars)
            all_letters += len(chars)

    def end(tag: str) -> None:
        nonlocal style, in_text
        if style is not None and _outside_url("".join(style)):
            raise _Refused("an SVG whose style refers to a file; only its own parts may be referred to")
        if style is not None:
            named.update(_ID_REF.findall("".join(style)))
        style = None
        in_text -= tag.rsplit("}", 1)[-1] == "text"
        open_.pop()

    parser = expat.ParserCreate(namespace_separator="}")
    parser.StartElementHandler = start
    parser.CharacterDataHandler = text
    parser.EndElementHandler = end
    try:
        parser.Parse(data, True)
    except _Refused as exc:
        return str(exc), 0
    except (expat.ExpatError, ValueError):
        return "not a well-formed SVG", 0
    drawn = _drawn(children, {i: ids[ref] for i, ref in uses.items() if ref in ids}, letters, inner)
    if drawn is None:
        return "an SVG whose <use> draws itself; essaykit takes no loops", 0
    if drawn > MAX_SVG_ELEMENTS:
        return too_many, drawn
    if _lookups(children, [ids.get(name) for name in named]) > MAX_SVG_LOOKUPS:
        return (f"an SVG of {len(children):,} elements that refers to {len(named):,} of its parts by id; "
                "too slow to draw (essaykit takes fewer references or fewer elements)"), drawn
    return None, drawn


class _Refused(Exception):
    pass


class SvgBudget:
    """What the SVG images of one document may draw together: as much as
    one may (:data:`MAX_SVG_ELEMENTS`). WeasyPrint keeps each until the PDF
    is written, so three SVGs under the cap add up (three of 45,000 rects:
    479 MB)."""

    def __init__(self) -> None:
        self.left = MAX_SVG_ELEMENTS

    def take(self, image: CheckedImage, name: str) -> None:
        """Count ``image`` in, or ResourceError (naming ``name``) when the
        document's SVGs would draw too much with it."""
        if image.drawn > self.left:
            raise ResourceError(f"{name}: with the SVG images before it, more than {MAX_SVG_ELEMENTS:,} "
                                "elements to draw; essaykit takes smaller drawings")
        self.left -= image.drawn


def _svg_inside(uri: str, nesting: int) -> int:
    """What an SVG given as a ``data:`` URI inside another draws (each time
    the element holding it is drawn); _Refused if it may not be drawn."""
    from .resources import sniff_image

    payload = _decode_data_uri(uri)
    if sniff_image(payload) != "image/svg+xml":
        return 0  # a raster image: checked like any image when it is fetched
    if nesting >= MAX_SVG_NESTING:
        raise _Refused(f"an SVG holding SVGs nested more than {MAX_SVG_NESTING} deep")
    problem, drawn = _svg_check(payload, nesting + 1)
    if problem:
        raise _Refused(f"an SVG holding {problem.removeprefix('an ')}")
    return drawn


def _decode_data_uri(uri: str) -> bytes:
    from .resources import _data_uri

    try:
        return _data_uri(uri.strip()).data
    except ResourceError:
        return b""


def _lookups(children: list[list[int]], targets: list[int | None]) -> int:
    """The elements WeasyPrint's searches for ``targets`` visit: for each,
    the tree below each of its ancestors (the whole tree for a name no
    element has)."""
    size = [1] * len(children)
    for i in range(len(children) - 1, -1, -1):  # a child comes after its parent
        for j in children[i]:
            size[i] += size[j]
    below = size[:]  # size of each element plus that of each of its ancestors
    for i, kids in enumerate(children):
        for j in kids:
            below[j] += below[i]
    return sum(below[t] if t is not None else len(children) for t in targets)


def _drawn(children: list[list[int]], use: dict[int, int], letters: dict[int, int],
           inner: dict[int, int]) -> int | None:
    """How many elements an SVG draws (element 0 and what it holds), each
    ``<use>`` counting what it draws again and each
    :data:`SVG_LETTERS_PER_ELEMENT` characters of text as one more (and an
    SVG in an ``<image>`` what it draws), up to
    just over :data:`MAX_SVG_ELEMENTS`; None when a ``<use>`` draws one of
    its own ancestors. Depth first without recursion (an SVG may nest
    20,000 deep)."""
    cap = MAX_SVG_ELEMENTS + 1
    weight = [0] * len(children)
    state = [0] * len(children)  # 0 not seen, 1 being counted, 2 counted

    def needs(i: int) -> list[int]:
        return children[i] + [use[i]] if i in use else children[i]

    stack = [0]
    while stack:
        i = stack[-1]
        if state[i] == 0:
            state[i] = 1
            for j in needs(i):
                if state[j] == 1:
                    return None
                if state[j] == 0:
                    stack.append(j)
            continue
        stack.pop()
        if state[i] == 1:
            state[i] = 2
            own = 1 + -(-letters.get(i, 0) // SVG_LETTERS_PER_ELEMENT) + inner.get(i, 0)
            weight[i] = min(cap, own + sum(weight[j] for j in needs(i)))
    return weight[0]


def _outside_url(css: str) -> bool:
    return any(not _LOCAL_REF.match(u) for u in _CSS_URL.findall(css) if u)
