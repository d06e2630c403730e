"""TeX maths as MathML (EPUB) and as a drawn picture (PDF, deck), or the reason it cannot be.

Why one module: every format must agree on which formulas it can show. The
EPUB writes MathML (reading systems render it, screen readers speak it);
WeasyPrint cannot draw MathML, so the PDF gets an SVG of the formula, and the
deck a PNG of that SVG. All three start from the same TeX, and a formula that
cannot be converted (TeX that does not parse, a command the converter does not
know) is refused by all three alike, so each can fall back to the TeX in code
style with one warning. Pure functions, cached; the libraries (latex2mathml,
ziamath, resvg-py: pure Python or a wheel, no network) are imported on first use.
"""

from __future__ import annotations

import contextlib
import logging
import re
import unicodedata
import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

MATHML_NS = "http://www.w3.org/1998/Math/MathML"
#: Prefix of an inline formula the author set as display maths inside a paragraph
#: (``$$…$$``, ``\[…\]``): TeX's own command for it, so every converter honours it.
DISPLAY = "\\displaystyle "
#: Size the pictures are drawn at (their units); everything is given in em of it.
_SIZE = 20.0
#: A TeX command left as text in MathML: the converter did not know it.
_UNKNOWN = re.compile(r">[^<]*\\[A-Za-z]+[^<]*<")
_VIEWBOX = re.compile(r'viewBox="([-\d.e]+) ([-\d.e]+) ([-\d.e]+) ([-\d.e]+)"')
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


@dataclass(frozen=True, slots=True)
class Picture:
    """A formula drawn as SVG; sizes in em of the text it stands in."""

    svg: str
    width: float
    height: float
    #: How far the picture reaches below the text's baseline.
    depth: float


def as_written(tex: str) -> str:
    """The TeX as the author wrote it (without the :data:`DISPLAY` mark), for fallbacks."""
    return tex[len(DISPLAY):] if tex.startswith(DISPLAY) else tex


def _clean(tex: str) -> str:
    return _normalise(_XML_ILLEGAL.sub("", tex).strip())


#: amsmath environments the converters do not know, as ones they draw the same way
#: (``aligned`` came out as a row with a stray ``&``, ``gather`` not at all), and the
#: numbered ``align`` unnumbered: an essay's formulas carry no "(1)".
_ENVIRONMENTS = {"align": "align*", "aligned": "align*", "alignedat": "align*", "alignat": "align*", "alignat*": "align*",
                 "flalign": "align*", "flalign*": "align*", "gathered": "gather", "gather*": "gather",
                 "multline": "gather", "multline*": "gather", "eqnarray": "align*", "eqnarray*": "align*"}
_ENV = re.compile(r"\\(begin|end)\{(" + "|".join(re.escape(e) for e in _ENVIRONMENTS) + r")\}(\{\d+\})?")
#: Numbering and cross-reference commands: an essay's formulas are not numbered.
_DROPPED = re.compile(r"\\(?:label|eqref|require)\{[^{}]*\}|\\(?:nonumber|notag)(?![A-Za-z])")
#: ``\operatorname*`` (limits under, as for argmax): latex2mathml draws nothing for
#: the star, so the operator is drawn as ``\operatorname`` (scripts beside it).
_OPERATOR_STAR = re.compile(r"\\operatorname\*")
#: An environment with a script after it (``\end{pmatrix}^{-1}``): grouped, or ziamath fails.
_SCRIPTED = re.compile(r"(\\begin\{(\w+\*?)\}.*?\\end\{\2\})(?=\s*[\^_])", re.S)


#: KaTeX's and MathJax's built-in shorthands (texvc's, as Wikipedia writes them) that
#: the converters do not know: maths posts use ``\R`` as freely as ``\mathbb{R}``.
_SHORTHANDS = {
    "R": r"\mathbb{R}", "Reals": r"\mathbb{R}", "reals": r"\mathbb{R}", "N": r"\mathbb{N}",
    "natnums": r"\mathbb{N}", "Z": r"\mathbb{Z}", "cnums": r"\mathbb{C}", "Complex": r"\mathbb{C}",
    "alef": r"\aleph", "alefsym": r"\aleph", "bull": r"\bullet", "clubs": r"\clubsuit",
    "diamonds": r"\diamondsuit", "hearts": r"\heartsuit", "spades": r"\spadesuit", "empty": r"\emptyset",
    "exist": r"\exists", "harr": r"\leftrightarrow", "hArr": r"\Leftrightarrow", "Harr": r"\Leftrightarrow",
    "larr": r"\leftarrow", "lArr": r"\Leftarrow", "Larr": r"\Leftarrow", "rarr": r"\rightarrow",
    "rArr": r"\Rightarrow", "Rarr": r"\Rightarrow", "lrarr": r"\leftrightarrow", "lrArr": r"\Leftrightarrow",
    "Lrarr": r"\Leftrightarrow", "darr": r"\downarrow", "dArr": r"\Downarrow", "Darr": r"\Downarrow",
    "uarr": r"\uparrow", "uArr": r"\Uparrow", "Uarr": r"\Uparrow", "infin": r"\infty", "isin": r"\in",
    "plusmn": r"\pm", "sdot": r"\cdot", "sect": r"\S", "sub": r"\subset", "sube": r"\subseteq",
    "supe": r"\supseteq", "thetasym": r"\vartheta", "weierp": r"\wp", "image": r"\Im", "real": r"\Re",
    **{name: rf"\mathrm{{{letter}}}" for name, letter in (
        ("Alpha", "A"), ("Beta", "B"), ("Chi", "X"), ("Epsilon", "E"), ("Eta", "H"), ("Iota", "I"),
        ("Kappa", "K"), ("Mu", "M"), ("Nu", "N"), ("Omicron", "O"), ("Rho", "P"), ("Tau", "T"), ("Zeta", "Z"))},
}
_SHORTHAND = re.compile(r"\\(" + "|".join(sorted(_SHORTHANDS, key=len, reverse=True)) + r")(?![A-Za-z])")
#: ``\tag{1}`` (``\tag*{1}``): the author's own number. Drawn after its row, set off by
#: a column in an aligned environment (the converters draw no tag beside a row).
_TAG = re.compile(r"\\tag\*?\{([^{}]*)\}")


def _tags(tex: str) -> str:
    if "\\begin{align*}" in tex:
        return _TAG.sub(lambda m: r"&&\quad(" + m.group(1) + ")", tex)
    return _TAG.sub(lambda m: r"\qquad(" + m.group(1) + ")", tex)


def _normalise(tex: str) -> str:
    """The few rewrites that let the converters draw common amsmath as LaTeX would."""
    if "\\" not in tex:
        return tex
    tex = _SHORTHAND.sub(lambda m: _SHORTHANDS[m.group(1)], tex)
    tex = _DROPPED.sub("", tex)
    tex = _OPERATOR_STAR.sub(r"\\operatorname", tex)
    tex = _ENV.sub(lambda m: f"\\{m.group(1)}{{{_ENVIRONMENTS[m.group(2)]}}}", tex)
    tex = _gather(tex)
    if "\\tag" in tex:
        tex = _tags(tex)
    return _SCRIPTED.sub(r"{\1}", tex)


def _gather(tex: str) -> str:
    """``gather`` (centred rows, no alignment) as a one-column array."""
    return tex.replace("\\begin{gather}", "\\begin{array}{c}").replace("\\end{gather}", "\\end{array}")


@lru_cache(maxsize=2048)
def problem(tex: str) -> str | None:
    """Why ``tex`` cannot be typeset (one short phrase), or None when it can."""
    tex = _clean(tex)
    if not tex:
        return "empty formula"
    try:
        from latex2mathml.converter import convert
    except ImportError:  # pragma: no cover - a dependency
        return "latex2mathml is not installed"
    try:
        out = convert(tex)
    except Exception:  # noqa: BLE001 - the converter raises many kinds on bad TeX
        return "the TeX does not parse"
    unknown = _UNKNOWN.search(out)
    if unknown:
        command = re.search(r"\\[A-Za-z]+", unknown.group(0))
        return f"unknown command {command.group(0) if command else ''}".strip()
    return None


@lru_cache(maxsize=2048)
def to_mathml(tex: str, display: bool) -> str | None:
    """MathML for ``tex`` (well-formed, with the TeX in ``alttext``), or None."""
    import xml.etree.ElementTree as ET
    from html import escape

    written = as_written(_XML_ILLEGAL.sub("", tex).strip())
    tex = _clean(tex)
    if problem(tex) is not None:
        return None
    from latex2mathml.converter import convert

    try:
        out = convert(tex, display="block" if display else "inline")
        root = ET.fromstring(out)
    except Exception:  # noqa: BLE001 - malformed output for unusual input (``<&>``)
        return None
    head = "<math "
    if root.tag != f"{{{MATHML_NS}}}math" or len(root) == 0 or not out.startswith(head):
        return None
    return f'<math alttext="{escape(written, quote=True)}" ' + out[len(head):]


#: Longest formula drawn as a picture (PDF, slides, deck): ziamath's layout grows with the
#: square of a formula's length (2,000 characters: 1.6 s; 8,000: 33 s; 20,000: minutes).
#: A longer one is shown as TeX, with a warning; real formulas are a few hundred at most.
MAX_DRAWN = 2000


def too_long(tex: str) -> str | None:
    """Why ``tex`` is not drawn as a picture when it is too long for that, else None."""
    return f"over {MAX_DRAWN:,} characters, too long to draw" if len(_clean(tex)) > MAX_DRAWN else None


#: Characters of TeX one document has drawn as pictures (PDF), counting each formula
#: as at least :data:`LEAST_COST`; the formulas after that are shown as TeX
#: (:class:`DrawBudget`). A maths post of 200 formulas of 40 characters uses a quarter of it.
DRAW_BUDGET = 30_000
#: What a formula counts at least, however short: each is a picture to lay out and draw.
LEAST_COST = 20


class DrawBudget:
    """Which of one document's formulas are drawn: in order, until their TeX adds
    up to ``limit`` characters (:data:`DRAW_BUDGET`); that one and every one after
    it are shown as TeX, and :meth:`warning` says so once. Why: a formula costs
    about 10 ms of CPU in ziamath and WeasyPrint, so 5,000 distinct ones took two
    minutes (issue 22). Why a size and not a clock: drawing grows with the TeX's
    length (ziamath: about 0.3 ms a character, from 20 to 2,000), so a size
    bounds the time as a clock would, and the same essay comes out the same on
    any machine, however busy."""

    def __init__(self, limit: int | None = None) -> None:
        self.limit = self.left = DRAW_BUDGET if limit is None else limit
        #: Formulas shown as TeX for the budget, and the line of the first.
        self.refused = 0
        self.first_line: int | None = None

    def allows(self, tex: str, line: int | None) -> bool:
        """Whether ``tex`` (the next formula, at ``line``) may be drawn; counts it."""
        cost = max(LEAST_COST, len(tex))
        if not self.refused and cost <= self.left:
            self.left -= cost
            return True
        if not self.refused:
            self.first_line = line
        self.refused += 1
        return False

    def warning(self) -> tuple[str, int | None] | None:
        """The one warning for the formulas refused (its message and line), or None."""
        if not self.refused:
            return None
        many = f"{self.refused:,} formulas" if self.refused > 1 else "1 formula"
        return (f"maths: {many} from here on shown as TeX, not drawn (a document draws "
                f"{self.limit:,} characters of formulas at most)", self.first_line)


@lru_cache(maxsize=1024)
def picture(tex: str, display: bool, color: str = "#000000") -> Picture | None:
    """``tex`` drawn as SVG (glyphs as paths: no font needed to show it), or None."""
    import xml.etree.ElementTree as ET

    tex = _clean(tex)
    if len(tex) > MAX_DRAWN or problem(tex) is not None:
        return None
    try:
        with warnings.catch_warnings(), _root_logger_left_alone():
            warnings.simplefilter("ignore", DeprecationWarning)  # ziamath asks pkg_resources for its font
            import ziamath

            from essaykit.speedups.mathrows import install

            install()  # when the speed-ups are on (the command), never in a library call
            drawn = ziamath.Latex(tex, size=_SIZE, color=color, inline=not display, margin=0)
            root = drawn.svgxml()
        _glyph_paths(root)
        svg = ET.tostring(root, encoding="unicode")
    except ImportError:  # pragma: no cover - a dependency
        return None
    except Exception:  # noqa: BLE001 - ziamath raises many kinds on what it cannot lay out
        return None
    box = _VIEWBOX.search(svg)
    if box is None:
        return None
    _x, y, w, h = (float(v) for v in box.groups())
    if w <= 0 or h <= 0:
        return None
    return Picture(svg, w / _SIZE, h / _SIZE, max(0.0, (y + h) / _SIZE))


def with_words(svg: str, tex: str, depth: float) -> str:
    """``svg`` with the formula's Unicode text (:func:`plain`) laid over it,
    invisible: a drawn formula is only paths, and a reader who searches or
    copies a PDF must find the maths among the words. ``depth``: the
    picture's depth below the baseline (:attr:`Picture.depth`), where the
    text stands; it is fitted to the picture's width."""
    from html import escape

    # Accents as combining marks come back out of order from a spread line: left out.
    words = "".join(ch for ch in plain(tex) if unicodedata.category(ch) != "Mn")
    if not words.strip() or "\\" in words or "</svg>" not in svg:
        return svg
    box = _VIEWBOX.search(svg)
    if box is None:
        return svg
    x, y, w, h = (float(v) for v in box.groups())
    size = 0.9 * _SIZE  # the size of the words around it (pdftotext keeps a line of one size)
    baseline = y + h - depth * _SIZE  # on the line's baseline, so the line reads in order
    text = (f'<text x="{x:.2f}" y="{baseline:.2f}" font-size="{size:.2f}" fill="#000" fill-opacity="0" '
            f'textLength="{w:.2f}" lengthAdjust="spacingAndGlyphs">{escape(words, quote=False)}</text>')
    end = svg.rindex("</svg>")
    return svg[:end] + text + svg[end:]


def _glyph_paths(root: Any) -> None:
    """Each glyph ziamath places as ``<use>`` of a ``<symbol>`` (its outline
    scaled into a viewport) as the outline's ``<path>`` itself, moved and
    scaled there by a ``transform``: what ziafont writes when told not to
    use SVG 2, but with the outline's ``d`` the same wherever the glyph
    stands. Why: WeasyPrint draws a ``<use>`` as a nested ``<svg>`` (a
    copied tree, a cascade, a clip) and parses the outline again each time:
    drawing 5,000 small formulas took 50 s, two thirds of the PDF; a path
    costs a third of that, and an outline repeated in every formula can be
    drawn once (:mod:`essaykit.speedups.svgpaths`). The pixels are the same
    (the viewport ``meet``-fits the outline's box, which holds it). Anything
    else (a ``<use>`` of something that is not one path) is left as it is."""
    symbols: dict[str, Any] = {}
    for parent in root.iter():
        for child in parent:
            if child.tag == "symbol" and child.get("id"):
                symbols[child.get("id")] = child
    used: set[str] = set()
    for parent in root.iter():
        for i, child in enumerate(list(parent)):
            if child.tag != "use":
                continue
            ref = (child.get("href") or child.get("{http://www.w3.org/1999/xlink}href") or "")[1:]
            path = _as_path(child, symbols.get(ref))
            if path is None:
                used.add(ref)
            else:
                parent[i] = path
    for parent in root.iter():
        for child in list(parent):
            if child.tag == "symbol" and child.get("id") not in used:
                parent.remove(child)


def _as_path(use: Any, symbol: Any) -> Any:
    """``use`` as the path its ``symbol`` holds, placed by a transform, or None."""
    if (symbol is None or len(symbol) != 1 or symbol[0].tag != "path" or symbol.get("preserveAspectRatio")
            or use.get("transform") or symbol[0].get("transform")):
        return None
    try:
        vx, vy, vw, vh = (float(v) for v in (symbol.get("viewBox") or "").replace(",", " ").split())
        x, y, w, h = (float(use.get(k) or 0) for k in ("x", "y", "width", "height"))
    except ValueError:
        return None
    if vw <= 0 or vh <= 0 or w <= 0 or h <= 0:
        return None
    k = min(w / vw, h / vh)  # preserveAspectRatio="xMidYMid meet", the default
    tx, ty = x + (w - vw * k) / 2 - vx * k, y + (h - vh * k) / 2 - vy * k
    path = symbol[0].makeelement("path", dict(symbol[0].attrib))
    for key, value in use.attrib.items():
        if key not in ("href", "{http://www.w3.org/1999/xlink}href", "x", "y", "width", "height"):
            path.set(key, value)
    path.set("transform", f"matrix({k:.6g} 0 0 {k:.6g} {tx:.6g} {ty:.6g})")
    return path


@contextlib.contextmanager
def _root_logger_left_alone() -> Iterator[None]:
    """ziafont logs through ``logging.debug(...)``, which configures the root logger
    (``basicConfig``: a stderr handler) when it has none: the host's logging would
    change and every later WeasyPrint warning reach stderr. A handler on the root
    for the call keeps ``basicConfig`` away; what ziafont says there is dropped."""
    root = logging.getLogger()
    if root.handlers:
        yield
        return
    guard = logging.NullHandler()
    root.addHandler(guard)
    try:
        yield
    finally:
        root.removeHandler(guard)


@lru_cache(maxsize=256)
def png(tex: str, display: bool, color: str = "#000000", px_per_em: float = 96.0) -> tuple[bytes, int, int] | None:
    """``tex`` drawn as a PNG (bytes, width, height in pixels) at ``px_per_em``, or None."""
    drawn = picture(tex, display, color)
    if drawn is None:
        return None
    try:
        import resvg_py
    except ImportError:  # pragma: no cover - a dependency
        return None
    zoom = px_per_em / _SIZE
    try:
        data = bytes(resvg_py.svg_to_bytes(svg_string=drawn.svg, zoom=zoom, skip_system_fonts=True))
    except Exception:  # noqa: BLE001 - resvg raises ValueError, or worse on odd input
        return None
    return data, max(1, round(drawn.width * px_per_em)), max(1, round(drawn.height * px_per_em))


#: The characters Unicode has as superscripts and subscripts (every digit and
#: sign, most small letters, T for a transpose).
_SUPERSCRIPT = str.maketrans("0123456789+-−=()abcdefghijklmnoprstuvwxyzT",
                             "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁻⁼⁽⁾ᵃᵇᶜᵈᵉᶠᵍʰⁱʲᵏˡᵐⁿᵒᵖʳˢᵗᵘᵛʷˣʸᶻᵀ")
_SUBSCRIPT = str.maketrans("0123456789+-−=()aehijklmnoprstuvx",
                           "₀₁₂₃₄₅₆₇₈₉₊₋₋₌₍₎ₐₑₕᵢⱼₖₗₘₙₒₚᵣₛₜᵤᵥₓ")
#: Accents over one letter (``\hat x``, ``\bar x``...) as combining marks: x̂, x̄.
_ACCENTS = {"^": "\u0302", "ˆ": "\u0302", "~": "\u0303", "˜": "\u0303", "¯": "\u0304", "‾": "\u0305",
            "˙": "\u0307", "¨": "\u0308", "→": "\u20d7", "⃗": "\u20d7", "ˇ": "\u030c", "´": "\u0301", "`": "\u0300"}


@lru_cache(maxsize=1024)
def plain(tex: str) -> str:
    """``tex`` as a line of Unicode text (``x²``, ``(a)/(b)``, ``√(x)``) where a
    picture cannot go, such as a point on a slide; the TeX itself when it
    cannot be read (the caller warns)."""
    import xml.etree.ElementTree as ET

    mathml = to_mathml(tex, display=False)
    if mathml is None:
        return _clean(tex)
    try:
        root = ET.fromstring(mathml)
    except ET.ParseError:  # pragma: no cover - to_mathml parsed it already
        return _clean(tex)
    return _tidy(" ".join(_linear(root).split()))


def _tidy(text: str) -> str:
    """Spaces as a reader sets them: one after a comma, none inside brackets."""
    text = re.sub(r"\s*,\s*", ", ", text)
    text = re.sub(r"([(\[{⟨])\s+", r"\1", text)
    return re.sub(r"\s+([)\]}⟩])", r"\1", text).strip()


#: Operators set without spaces around them; every other one gets a space each side.
_TIGHT = set("()[]{}|‖⟨⟩⌊⌋⌈⌉,.;:!'′⁡⁢")
_BIG = set("∑∏∫∬∭∮⋃⋂")


#: MathML's letter styles as Unicode names them (ℝ, 𝐱, 𝒩, 𝔤): the style is the meaning.
_VARIANTS = {"double-struck": "DOUBLE-STRUCK", "bold": "BOLD", "script": "SCRIPT", "fraktur": "FRAKTUR",
             "bold-italic": "BOLD ITALIC", "sans-serif": "SANS-SERIF", "monospace": "MONOSPACE"}


@lru_cache(maxsize=512)
def _styled(text: str, style: str) -> str:
    out = []
    for ch in text:
        if ch.isascii() and ch.isalnum():
            kind = "DIGIT " + unicodedata.name(ch).split()[-1] if ch.isdigit() else (
                f"{'CAPITAL' if ch.isupper() else 'SMALL'} {ch.upper()}")
            for name in (f"MATHEMATICAL {style} {kind}", f"{style} {kind}", f"{style.split()[0]} {kind}"):
                try:
                    ch = unicodedata.lookup(name)
                    break
                except KeyError:
                    continue
        out.append(ch)
    return "".join(out)


def _script(text: str, table: dict[int, int], mark: str) -> str:
    text = "".join(text.split())
    small = text.translate(table)
    if all(ord(ch) in table.values() for ch in small if not ch.isspace()):
        return small
    return f"{mark}{text}" if len(text) == 1 else f"{mark}({text})"


def _group(text: str) -> str:
    return text if len(text) == 1 or text.isalnum() else f"({text})"


def _linear(el: object) -> str:
    tag = el.tag.rsplit("}", 1)[-1]  # type: ignore[attr-defined]
    kids = [_linear(child) for child in el]  # type: ignore[attr-defined]
    own = (el.text or "").strip()  # type: ignore[attr-defined]
    variant = el.get("mathvariant")  # type: ignore[attr-defined]
    if variant in _VARIANTS and tag in {"mi", "mn"}:
        own = _styled(own, _VARIANTS[variant])
    if tag == "mi" and len(own) > 1 and own.isalpha():
        return own + " "  # a function name: sin x
    if tag == "mi" and len(own) == 1 and unicodedata.category(own) == "Sm":
        return f" {own} "  # an arrow or relation latex2mathml writes as an identifier
    if tag in {"mi", "mn", "mtext", "ms"}:
        return own
    if tag == "mo":
        if own in _BIG:
            return own
        return own if own in _TIGHT or len(own) != 1 else f" {own} "
    if tag == "mspace":
        return " "
    if tag == "msup" and len(kids) == 2:
        return kids[0] + _script(kids[1].strip(), _SUPERSCRIPT, "^")
    if tag == "msub" and len(kids) == 2:
        return kids[0] + _script(kids[1].strip(), _SUBSCRIPT, "_")
    if tag in {"msubsup", "munderover"} and len(kids) == 3:
        return (kids[0] + _script(kids[1].strip(), _SUBSCRIPT, "_")
                + _script(kids[2].strip(), _SUPERSCRIPT, "^") + (" " if kids[0] in _BIG else ""))
    if tag == "mover" and len(kids) == 2:
        base, over = kids[0].strip(), kids[1].strip()
        if len(base) == 1 and over in _ACCENTS:
            return base + _ACCENTS[over]
        return kids[0]
    if tag == "munder" and len(kids) == 2:
        return kids[0] + _script(kids[1].strip(), _SUBSCRIPT, "_")
    if tag == "mfrac" and len(kids) == 2:
        num, den = (k.strip() for k in kids)
        return f"{_group(num)}/{_group(den)}"
    if tag == "msqrt":
        inner = "".join(kids).strip()
        return f"√{inner}" if len(inner) == 1 else f"√({inner})"
    if tag == "mroot" and len(kids) == 2:
        return f"{_script(kids[1].strip(), _SUPERSCRIPT, '^')}√({kids[0].strip()})"
    if tag == "mtr":  # a row of a matrix or an alignment: its cells apart
        return "  ".join(k.strip() for k in kids)
    if tag == "mtable":  # rows one after the other, as a reader would say them
        return "; ".join(k.strip() for k in kids if k.strip())
    return own + "".join(kids)
