"""Making text fit: a word budget for bullets, and a box for drawing.

Two jobs that both decide how much of the author's text a slide can hold:

* **Words** (used by the slide planner, no fonts involved): inline nodes are
  flattened into styled :class:`Run` s, split into sentences (``。！？`` too,
  since CJK has no spaces) and shortened at a clause or phrase boundary, so a
  bullet is always a prefix of the author's own sentence — never new words.
* **Boxes** (used by the PPTX renderer): :class:`Measurer` wraps text with a
  real TrueType font's advance widths (Pillow) and tells the largest size at
  which it fits a box. Font objects and word widths are cached, because a deck
  measures the same words at several sizes.

When no font file can be found the measurer falls back to a deliberately wide
width factor rather than trusting whatever the machine has.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path
from typing import Any

from ..model import (
    Code,
    Emph,
    FootnoteRef,
    Image,
    LineBreak,
    Link,
    Mark,
    MathInline,
    RawInline,
    SoftBreak,
    Span,
    Strike,
    Strong,
    Sub,
    Sup,
    Text,
)
from ..resources import ResourceError
from .maths import plain as plain_maths

# ------------------------------------------------------------------ runs


@dataclass(frozen=True, slots=True)
class Run:
    """A piece of text with the few styles a slide keeps."""

    text: str
    bold: bool = False
    italic: bool = False
    code: bool = False
    lang: str | None = None
    #: Target of a link the text came from (kept clickable on the slide).
    link: str | None = None

    def with_text(self, text: str) -> Run:
        """The same style with other text. Why not ``dataclasses.replace``:
        it looks the fields up on every call, ten times the cost, and the
        planner makes a run for each piece of every sentence it cuts."""
        return Run(text, self.bold, self.italic, self.code, self.lang, self.link)

    def same_style(self, other: Run) -> bool:
        """Equal but for the text."""
        return (self.bold, self.italic, self.code, self.lang, self.link) == (
            other.bold, other.italic, other.code, other.lang, other.link
        )

    def to_data(self) -> dict[str, Any]:
        out: dict[str, Any] = {"text": self.text}
        for key in ("bold", "italic", "code"):
            if getattr(self, key):
                out[key] = True
        if self.lang:
            out["lang"] = self.lang
        if self.link:
            out["link"] = self.link
        return out


RichText = tuple[Run, ...]


def flatten(
    inlines: Iterable[Any],
    *,
    cjk: bool = False,
    lang: str | None = None,
    bold: bool = False,
    italic: bool = False,
) -> RichText:
    """Inline nodes as runs; adjacent runs of one style are merged."""
    out: list[Run] = []

    def add(text: str, **style: Any) -> None:
        if not text:
            return
        run = Run(
            text,
            bold=style.get("bold", False),
            italic=style.get("italic", False),
            code=style.get("code", False),
            lang=style.get("lang"),
            link=style.get("link"),
        )
        if out and out[-1].same_style(run):
            out[-1] = out[-1].with_text(out[-1].text + text)
        else:
            out.append(run)

    def emit(node: Any, b: bool, i: bool, lg: str | None, url: str | None = None) -> None:
        if isinstance(node, Text):
            add(node.text, bold=b, italic=i, lang=lg, link=url)
        elif isinstance(node, (SoftBreak, LineBreak)):
            add("" if cjk and isinstance(node, SoftBreak) else " ", bold=b, italic=i, lang=lg)
        elif isinstance(node, MathInline):
            # No picture fits in a line of a slide: the formula as Unicode
            # text (x², α ≤ β), the TeX in code style only where it cannot be read.
            flat = plain_maths(node.text)
            add(flat, bold=b, italic=i, code="\\" in flat, lang=lg, link=url)
        elif isinstance(node, Code):
            add(node.text, bold=b, italic=i, code=True, lang=lg, link=url)
        elif isinstance(node, Image):
            add(node.alt, bold=b, italic=i, lang=lg)
        elif isinstance(node, (FootnoteRef, RawInline)):
            return
        elif isinstance(node, (Strong, Mark)):
            for c in node.children:
                emit(c, True, i, lg, url)
        elif isinstance(node, Emph):
            for c in node.children:
                emit(c, b, True, lg, url)
        elif isinstance(node, Span):
            for c in node.children:
                emit(c, b, i, node.lang or lg, url)
        elif isinstance(node, Link):
            target = node.url if is_web_link(node.url) else None
            for c in node.children:
                emit(c, b, i, lg, target or url)
        elif isinstance(node, (Strike, Sub, Sup)):
            for c in node.children:
                emit(c, b, i, lg, url)

    for node in inlines:
        emit(node, bold, italic, lang)
    return tuple(out)


_CREDIT = re.compile(
    r"""^[\s(\[*_（【]*(?:
        (?:image|photo|picture|figure|illustration|graphic|chart|diagram|screenshot|video|cover|header)
            \s*(?:source|credit|credits|courtesy|by|via|from|:|：)
      | source\s+(?:for|of)\s+(?:the\s+)?(?:image|photo|picture|figure|illustration|graphic|chart)
      | (?:source|credit|credits|courtesy\s+of|via|photographed\s+by|photo\s+by)\s*[:：]
      | (?:图片|圖片|图源|来源|出处|画像|写真|출처|مصدر\s+الصورة)
    )""",
    re.I | re.X,
)
_ONLY_URL = re.compile(r"^\s*<?https?://\S+>?\s*$", re.I)


def is_credit_line(text: str) -> bool:
    """A short line that only credits an image or gives its source
    ("Source for image: http://…", "Photo: Jane Doe / Unsplash", a bare URL):
    notes or a caption, never a slide of its own."""
    text = " ".join(text.split())
    if not text or word_count(text) > 30:
        return False
    return bool(_CREDIT.match(text) or _ONLY_URL.match(text))


def is_web_link(url: str) -> bool:
    """Links a slide may keep clickable: the web and mail, never scripts or
    files (a deck is opened on other machines)."""
    return url.lower().startswith(("http://", "https://", "mailto:"))


def heading_text(inlines: Iterable[Any]) -> str:
    """A heading as a slide's title says it: its maths as Unicode (``N₀eʳᵗ``,
    ``α > 1``), never TeX commands (a formula the Unicode form cannot say loses
    its backslashes and braces, keeping its letters)."""
    return slide_text(_maths_said(tuple(inlines)))


def _maths_said(inlines: tuple[Any, ...]) -> tuple[Any, ...]:
    out = []
    for node in inlines:
        if isinstance(node, MathInline):
            flat = plain_maths(node.text)
            if "\\" in flat:
                flat = re.sub(r"\\[A-Za-z]+\*?|\\(.)|[{}]", _command_said, flat)
            node = Text(text=flat)
        elif getattr(node, "children", None):
            node = replace(node, children=_maths_said(tuple(node.children)))
        out.append(node)
    return tuple(out)


def _command_said(m: re.Match[str]) -> str:
    """A TeX command left in a formula: its symbol alone (``\\alpha`` → α), an
    escaped character itself, anything else nothing."""
    if m.group(1) is not None:
        return m.group(1)
    if m.group(0).startswith("\\"):
        alone = plain_maths(m.group(0))
        return "" if "\\" in alone else alone
    return ""


def text_of(runs: Sequence[Run]) -> str:
    return "".join(r.text for r in runs)


def slide_text(inlines: Iterable[Any]) -> str:
    """Inline nodes as one line of a slide's text: maths as Unicode (``10⁻²``,
    never ``10^{-2}``), images by their alt text, note calls left out;
    whitespace collapsed. For table cells and captions, which keep no style."""
    return " ".join(text_of(flatten(inlines)).split())


def slice_runs(runs: Sequence[Run], start: int, end: int) -> RichText:
    """The runs covering characters ``start:end`` of ``text_of(runs)``."""
    out: list[Run] = []
    pos = 0
    for run in runs:
        a, b = pos, pos + len(run.text)
        pos = b
        lo, hi = max(a, start), min(b, end)
        if lo < hi:
            out.append(run.with_text(run.text[lo - a : hi - a]))
    return tuple(out)


def strip_runs(runs: Sequence[Run], tail: str = "") -> RichText:
    """Trim outer white space (and ``tail`` characters at the end)."""
    text = text_of(runs)
    start = len(text) - len(text.lstrip())
    end = len(text.rstrip().rstrip(tail).rstrip()) if tail else len(text.rstrip())
    return slice_runs(runs, start, max(start, end))


def collapse_space(runs: Sequence[Run]) -> RichText:
    return tuple(r.with_text(re.sub(r"\s+", " ", r.text)) for r in runs if r.text)


# ------------------------------------------------------------- sentences

CJK_RANGES = (
    (0x2E80, 0x9FFF),
    (0xAC00, 0xD7AF),
    (0xF900, 0xFAFF),
    (0xFF00, 0xFFEF),
    (0x3000, 0x303F),
    (0x20000, 0x2FA1F),
)


@lru_cache(maxsize=1)
def _cjk_re() -> re.Pattern[str]:
    """Compiled on first need (a few ms: wide ranges); every range starts
    at U+2E80 or above, so text below that never needs it."""
    return re.compile("[" + "".join(f"{chr(a)}-{chr(b)}" for a, b in CJK_RANGES) + "]")


def is_cjk_char(ch: str) -> bool:
    return ch >= "\u2e80" and _cjk_re().match(ch) is not None


def has_cjk(text: str) -> bool:
    return bool(text) and max(text) >= "\u2e80" and _cjk_re().search(text) is not None


def _wordset(words: str) -> frozenset[str]:
    return frozenset(words.split())


_ABBREV = _wordset("e.g i.e etc vs mr mrs ms dr st prof cf al fig no approx jr sr inc ltd")
_END = re.compile(r"[.!?…؟۔]+[\"'”’»)\]]*(?=\s+\S)|[。！？]+[」』”’）)]*")


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Character spans of the sentences of ``text`` (no empty ones)."""
    spans: list[tuple[int, int]] = []
    start = 0
    for m in _END.finditer(text):
        end = m.end()
        if m.group().startswith("."):
            word = re.search(r"(\w+)$", text[start : m.start()])
            w = word.group(1).lower() if word else ""
            # "e.g." and single initials ("J. Smith") do not end a sentence.
            if w in _ABBREV or (len(w) == 1 and w.isalpha()) or w.replace(".", "") in _ABBREV:
                continue
        spans.append((start, end))
        start = end
    spans.append((start, len(text)))
    out = []
    for a, b in spans:
        while a < b and text[a].isspace():
            a += 1
        while b > a and text[b - 1].isspace():
            b -= 1
        if a < b:
            out.append((a, b))
    return out


def sentences(runs: Sequence[Run]) -> list[RichText]:
    text = text_of(runs)
    return [slice_runs(runs, a, b) for a, b in sentence_spans(text)]


def word_count(text: str) -> int:
    """Words, counting each CJK character as half a word (two make a word)."""
    if not text or max(text) < "\u2e80":
        return len(text.split())  # no CJK: the planner's common case, per character below
    cjk = sum(1 for ch in text if is_cjk_char(ch) and ch.isalnum())
    rest = "".join(" " if is_cjk_char(ch) else ch for ch in text)
    return len(rest.split()) + (cjk + 1) // 2


# ------------------------------------------------------------- shortening

#: Words a bullet should not end on, and words a phrase may be cut before.
_WEAK_END = _wordset(
    """a an the and or but of to in on at for with by from as that which who whom whose
    is are was were be been being it its their his her our my your this these those i we
    you they he she
    than then so if when while because not no very le la les un une des de du et ou
    der die das ein eine und oder zu von mit el los las y o en"""
)
_CUT_BEFORE = _wordset(
    """and but or because which who that when while although though since unless whereas
    so if where as with without by for to from after before until than like"""
)
_CLAUSE = re.compile(r"[,;:—–)(]|\s-\s|[、，；：]")
ELLIPSIS = "…"


def shorten(runs: Sequence[Run], max_words: int) -> RichText:
    """A prefix of ``runs`` of at most ``max_words`` words, cut where it reads
    naturally: at a clause boundary, else before a conjunction/preposition,
    else after the last strong word; an ellipsis marks a cut."""
    runs = strip_runs(collapse_space(runs))
    text = text_of(runs)
    if word_count(text) <= max_words:
        return strip_runs(runs, tail=".")
    cjk = has_cjk(text)
    depth = bracket_depth(text)
    # Candidate cut points (character offsets), best kinds first; never
    # inside brackets or a quotation ("(1989…", "“Good…").
    clause_cuts = [m.start() for m in _CLAUSE.finditer(text) if m.start() > 0 and not depth[m.start()]]
    # After a closing bracket too: "… et al. (1989)…", not "… et al.…".
    clause_cuts += [i + 1 for i, ch in enumerate(text) if ch == ")" and not depth[i + 1]]
    # Words before each cut, counted once for the sentence (counting each
    # prefix anew was quadratic in its clause marks).
    # As word_count: words between spaces, and two CJK characters a word.
    spaced = "".join(" " if is_cjk_char(ch) else ch for ch in text) if cjk else text
    starts = [m.start() for m in re.finditer(r"\S+", spaced)]
    halves = [0]
    if cjk:
        for ch in text:
            halves.append(halves[-1] + (1 if is_cjk_char(ch) and ch.isalnum() else 0))
    before = {
        c: bisect_left(starts, c) + ((halves[c] + 1) // 2 if cjk else 0) for c in clause_cuts
    }
    clause_ok = [c for c, n in before.items() if max(3, max_words // 3) <= n <= max_words]
    if clause_ok:
        cut = max(clause_ok)
    elif cjk:
        cut = _cjk_cut(text, max_words)
    else:
        words = list(re.finditer(r"\S+", text))
        cut = words[max_words].start() if len(words) > max_words else len(text)
        outside = [w.start() for w in words[2 : max_words + 1] if not depth[w.start()]]
        if depth[cut] and outside:
            cut = outside[-1]
        for w in reversed(words[max(3, max_words // 2) : max_words + 1]):
            if w.group().lower().strip("\"'“‘(") in _CUT_BEFORE and not depth[w.start()]:
                cut = w.start()
                break
    head = text[:cut].rstrip()
    # Never end on "the", "of", "and"...
    while not cjk:
        m = re.search(r"(\S+)$", head)
        last = m.group(1).lower().strip(",;:") if m else ""
        weak = last in _WEAK_END or last == "et" or last.rstrip(".") in _ABBREV and last != "etc."
        if not m or not weak or word_count(head) <= 2:
            break
        head = head[: m.start()].rstrip()
    head = head.rstrip(",;:—–-( ")
    out = strip_runs(slice_runs(runs, 0, len(head)))
    if not out:
        return out
    last = out[-1]
    return out[:-1] + (last.with_text(last.text + ELLIPSIS),)


#: Words that start the predicate of an English sentence: where the middle
#: of a long sentence may be left out ("A roadmap … is just a wish list of
#: features with dates") so the bullet keeps its point.
_PREDICATE = _wordset(
    """is are was were will would can could must should may might does do did has have
    had means makes gives needs becomes became turns stays remains isn't aren't wasn't
    won't can't doesn't don't didn't"""
)
#: Words that start an elaboration: a prefix cut just before them keeps the point.
_ELABORATION = _wordset(
    """because which who whom although though since unless whereas while when where
    so if especially including like"""
)


#: Words that open a sentence with a clause before its main one ("In the
#: end, …", "Regarding taxes, …"): the part before the first comma may go.
_INTRO = _wordset(
    """after although as because before besides by despite during for from given however if
    in instead on once regarding since still though thus ultimately unless unlike until when
    whenever whereas while with without yet today finally then so also but and"""
)
_CLAUSE_END = (",", ";", ":", "—", "–")


def keep_point(runs: Sequence[Run], max_words: int) -> RichText:
    """Like :func:`shorten`, but the bullet keeps the point of the sentence
    where its end carries it: an opening clause ("In the end, …") is left
    out before the end is, and so is the middle ("A roadmap … is just a wish
    list of features with dates"). A prefix alone is kept where the cut falls
    before an elaboration ("…, which …", "because …"). An ellipsis marks
    every cut; the words are always the author's, in order."""
    runs = strip_runs(collapse_space(runs))
    text = text_of(runs)
    if word_count(text) <= max_words or has_cjk(text):
        return shorten(runs, max_words)
    spans = sentence_spans(text)
    if len(spans) > 1:
        # A list item of several sentences: its first says the point.
        return keep_point(slice_runs(runs, *spans[0]), max_words)
    words = list(re.finditer(r"\S+", text))
    n = len(words)
    depth = bracket_depth(text)
    # The opening clause, if the sentence starts with one.
    s = 0
    # An opening word ("However, …") may open a long clause; any other
    # opening is a few words at most ("First of all, …", "Sadly, …").
    first = words[0].group().lower().strip("\"'“‘(")
    opening = n - 4 if first in _INTRO else 0 if first in _SUBJECTS else min(n - 4, 4)
    for j in range(opening):
        if words[j].group().endswith(","):
            # Only where the main clause has a point of its own to make.
            s = j + 1 if n - j - 1 >= max(6, max_words // 2) else 0
            break
    body = n - s
    front = (Run(ELLIPSIS),) if s else ()

    def part(a: int, b: int) -> RichText:
        return strip_runs(slice_runs(runs, words[a].start(), words[b - 1].end()), tail=".")

    # 1. A prefix of the main clause, cut where an elaboration starts.
    for i in range(min(body - 1, max_words), max(4, max_words // 2) - 1, -1):
        nxt = words[s + i].group().lower().strip("\"'“‘(")
        prev = words[s + i - 1].group()
        if depth[words[s + i].start()]:
            continue  # inside brackets or a quotation
        if nxt in _ELABORATION or prev.endswith((";", "—", "–", ":")):
            head = strip_runs(part(s, s + i), tail=",;:—–")
            return front + _with_ellipsis(head)
    # 2. The main clause alone fits.
    if body <= max_words:
        return front + part(s, n)
    # 3. The middle left out: the subject, then the predicate to the end.
    for i in range(s + 1, n - 2):
        if words[i].group().lower() in _PREDICATE:
            if words[i - 1].group().lower() in {"and", "or", "but", "nor"}:
                break  # a second predicate ("… and must …"): the first is the point
            if words[i - 1].group().lower().strip("\"'“‘(") in _SUBJECTS:
                continue  # a clause's own ("as much as I could"), not the sentence's
            avail = max_words - (n - i) - 1
            keep = s + min(avail, i - s)
            head_words = [w.group().lower().strip(",;:") for w in words[s:keep]]
            whole = avail >= 2 and not depth[words[keep - 1].end()] and not depth[words[i].start()]
            if whole and head_words[-1] not in _WEAK_END:
                head = strip_runs(part(s, s + min(avail, i - s)), tail=",")
                return front + head + (Run(" " + ELLIPSIS + " "),) + part(i, n)
            break
    # 4. The start of the main clause.
    return front + shorten(slice_runs(runs, words[s].start(), len(text)), max_words)


#: Words that are a sentence's subject, not an opening ("I was, in fact, …").
_SUBJECTS = _wordset("i we you they he she it this that there")
_OPENERS, _CLOSERS = "([{“«「『（", ")]}”»」』）"


def bracket_depth(text: str) -> list[int]:
    """How many brackets and quotations are open before each character of
    ``text`` (and after the last): a cut where it is not 0 would leave one
    open. ’ is no quotation mark here: it is also an apostrophe."""
    out = [0] * (len(text) + 1)
    depth = 0
    straight = False
    for i, ch in enumerate(text):
        out[i] = depth + straight
        if ch in _OPENERS:
            depth += 1
        elif ch in _CLOSERS:
            depth = max(0, depth - 1)
        elif ch == '"':
            straight = not straight
    out[len(text)] = depth + straight
    return out


def _with_ellipsis(runs: RichText) -> RichText:
    if not runs:
        return runs
    return runs[:-1] + (runs[-1].with_text(runs[-1].text + ELLIPSIS),)


def _cjk_cut(text: str, max_words: int) -> int:
    budget = max_words * 2
    count = 0.0
    for i, ch in enumerate(text):
        count += 1 if is_cjk_char(ch) else 0.5
        if count > budget:
            return i
    return len(text)


def emphasis_share(runs: Sequence[Run]) -> float:
    """Share of the letters set bold (Strong/Mark): 1.0 for a bold sentence."""
    total = sum(len(re.sub(r"\W", "", r.text)) for r in runs)
    bold = sum(len(re.sub(r"\W", "", r.text)) for r in runs if r.bold)
    return bold / total if total else 0.0


# ------------------------------------------------------------- measuring

#: Width of one em used when no font file can be read: wider than any common
#: text face, so falling back can only shrink or split more, never overflow.
FALLBACK_EM = 0.62
#: Characters a text layout engine may refuse to measure.
_CONTROL = re.compile("[\x00-\x1f\x7f]")
_FONT_DIRS = (
    Path("/usr/share/fonts"),
    Path("/usr/local/share/fonts"),
    Path.home() / ".fonts",
    Path.home() / ".local/share/fonts",
    Path("/Library/Fonts"),
    Path("C:/Windows/Fonts"),
)
#: Families that the fonts on this kind of machine stand in for, metric for metric.
_METRIC_TWINS = {
    "arial": "liberationsans",
    "helvetica": "liberationsans",
    "helveticaneue": "liberationsans",
    "timesnewroman": "liberationserif",
    "times": "liberationserif",
    "couriernew": "liberationmono",
    "courier": "liberationmono",
}
_FALLBACK_FILES = {
    "sans": "dejavusans",
    "serif": "dejavuserif",
    "mono": "dejavusansmono",
}


def _norm(name: str) -> str:
    return re.sub(r"[^a-z0-9]", "", name.lower())


@lru_cache(maxsize=1)
def _font_index() -> dict[str, Path]:
    """Font files by normalised stem (``dejavusansbold``), found once."""
    index: dict[str, Path] = {}
    for folder in _FONT_DIRS:
        if not folder.is_dir():
            continue
        for f in sorted(folder.rglob("*")):
            if f.suffix.lower() in {".ttf", ".otf", ".ttc"}:
                index.setdefault(_norm(f.stem), f)
    return index


def find_font_file(family: str, bold: bool = False, kind: str = "sans") -> Path | None:
    """A font file for ``family`` (or its metric twin, else DejaVu of ``kind``)."""
    index = _font_index()
    styles = ("bold", "semibold", "") if bold else ("regular", "", "book", "roman")
    for base in (_norm(family), _METRIC_TWINS.get(_norm(family), ""), _FALLBACK_FILES[kind]):
        if not base:
            continue
        for style in styles:
            if base + style in index:
                return index[base + style]
    return None


class Measurer:
    """Widths of text in one font, at any size, in points.

    The font is loaded once at 1000 units per em; widths scale linearly with
    size, so each word is measured once and cached.
    """

    def __init__(self, path: Path | str | None, *, safety: float = 1.06):
        self.path = Path(path) if path else None
        self.safety = safety
        self._font: Any = None
        self._cache: dict[str, float] = {}
        self.line_factor = 1.2
        if self.path is not None:
            try:
                import io

                from PIL import ImageFont

                from ..fonts import font_bytes

                self._font = ImageFont.truetype(io.BytesIO(font_bytes(self.path)), 1000)
                ascent, descent = self._font.getmetrics()
                self.line_factor = max(1.2, (ascent + descent) / 1000)
            except (OSError, ImportError, ResourceError):
                self._font = None

    def em_width(self, text: str) -> float:
        """Width of ``text`` in ems (size 1), safety margin included."""
        cached = self._cache.get(text)
        if cached is not None:
            return cached
        if text.isascii():
            cjk, rest = 0, text
        else:
            wide = [is_cjk_char(ch) or unicodedata.east_asian_width(ch) in "WF" for ch in text]
            cjk = sum(wide)
            rest = "".join(ch for ch, w in zip(text, wide, strict=True) if not w)
        width = self._measure(rest) if self._font is not None and rest else len(rest) * FALLBACK_EM
        value = (width + cjk * 1.0) * self.safety
        self._cache[text] = value
        return value

    def _measure(self, text: str) -> float:
        assert self._font is not None
        try:
            return float(self._font.getlength(text)) / 1000
        except RuntimeError:
            # Pillow's raqm layout refuses control characters (a title's
            # line break reaching a one-line footer): measure them as spaces.
            try:
                return float(self._font.getlength(_CONTROL.sub(" ", text))) / 1000
            except RuntimeError:
                return len(text) * FALLBACK_EM

    def width(self, text: str, size: float) -> float:
        return self.em_width(text) * size

    def wrap(self, text: str, width: float, size: float) -> list[str]:
        """Greedy line breaking at spaces, and between CJK characters."""
        lines: list[str] = []
        for hard in text.split("\n"):
            line = ""
            for token in _tokens(hard):
                trial = line + token
                if line and self.width(trial.rstrip(), size) <= width:
                    line = trial
                    continue
                if line:
                    lines.append(line.rstrip())
                    line = token.lstrip()
                else:
                    line = token  # a line's own indentation stays
                if self.width(line.rstrip(), size) <= width:
                    continue
                # A single word wider than the line breaks anywhere. Only
                # as many characters as could fit are measured each time,
                # so a 20,000-character word costs linear time, not quadratic.
                most = int(width / max(size * _NARROWEST_EM, 1e-6)) + 1
                while len(line) > 1:
                    cut = _fit_chars(self, line[:most], width, size)
                    if cut >= len(line):
                        break
                    lines.append(line[:cut])
                    line = line[cut:]
            lines.append(line.rstrip())
        return lines

    def height(
        self,
        paragraphs: Sequence[str],
        width: float,
        size: float,
        spacing: float = 1.0,
        space_before: float = 0.0,
    ) -> float:
        """Height of ``paragraphs`` wrapped to ``width`` at ``size`` points."""
        lines = sum(len(self.wrap(p, width, size)) for p in paragraphs)
        gaps = max(0, len(paragraphs) - 1) * space_before * size
        return lines * size * self.line_factor * spacing + gaps


def _tokens(text: str) -> list[str]:
    """Break opportunities: a word with its following spaces, or one CJK character."""
    out: list[str] = []
    for m in re.finditer(r"\S+\s*|\s+", text):
        chunk = m.group()
        if has_cjk(chunk):
            buf = ""
            for ch in chunk:
                if is_cjk_char(ch) and buf and not _no_break_before(ch):
                    out.append(buf)
                    buf = ""
                buf += ch
            if buf:
                out.append(buf)
        else:
            out.append(chunk)
    return out


def _no_break_before(ch: str) -> bool:
    """Closing punctuation stays with the character before it (kinsoku)."""
    return ch in "、。，．・：；？！）」』】〕〉》”’ー々…"


#: No glyph is narrower than this (in ems): a bound on how many characters
#: can share a line, so a long word is measured a line's worth at a time.
_NARROWEST_EM = 0.05


def _fit_chars(m: Measurer, text: str, width: float, size: float) -> int:
    """How many of ``text``'s first characters fit ``width`` (at least 1):
    a binary search, a few measurements however long the word."""
    lo, hi = 1, len(text)
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if m.width(text[:mid], size) <= width:
            lo = mid
        else:
            hi = mid - 1
    return lo


@lru_cache(maxsize=32)
def measurer_for(path: str | None) -> Measurer:
    """One shared, cached measurer per font file."""
    return Measurer(path)


def fit_size(
    measurer: Measurer,
    paragraphs: Sequence[str],
    width: float,
    height: float,
    max_size: float,
    min_size: float,
    *,
    spacing: float = 1.0,
    space_before: float = 0.0,
    step: float = 2.0,
) -> float | None:
    """The largest size (max..min by ``step``) at which the text fits, or None."""
    size = max_size
    while size >= min_size - 1e-6:
        if measurer.height(paragraphs, width, size, spacing, space_before) <= height:
            return size
        size -= step
    return None
