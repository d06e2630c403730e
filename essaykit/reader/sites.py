"""Static-site syntax in a post's Markdown: understood, or removed with a word.

Jekyll (Liquid), Hugo (shortcodes), kramdown (attribute lists), Pelican
(``{static}``) and Franklin (``@def``, ``{{ title }}``) posts are Markdown
with a template language laid over it, run by the site generator before the
Markdown. A converter that ignores it prints ``{{ site.baseurl }}`` in the
body, turns ``# {{ title }}`` into a heading and loses every figure. This
module does the generator's part on the text, before the Markdown is parsed:
what has a meaning becomes that (a figure, highlighted code, a link, a
front-matter value); what has none is removed, with one warning per kind.
Code -- fenced, indented, ``<pre>``, code spans -- and maths are shown as
written. Line numbers stay those of the file wherever the syntax allows.
"""

from __future__ import annotations

import datetime as dt
import html
import re
import urllib.parse
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import Warning_
from .callouts import callout_kind

__all__ = ["expand_site_syntax", "has_site_syntax"]

#: Cheap test: a body without any of these has nothing for this module.
_TRIGGER = re.compile(r"%%|#(?:fig|tbl|eq|sec)[-:]|@(?:fig|tbl|eq|sec)[-:]|label:[ \t]*[\"']?(?:fig|tbl)-|\{[{%:]|\{\#[\s-]|\]\(@/|^@def\s|\{(?:static|filename|attach)\}|^\s*\\(?:toc|tableofcontents)\s*$", re.M)

_IMAGE_SUFFIX = re.compile(r"\.(?:png|jpe?g|gif|svg|webp|avif|bmp|tiff?)(?:[?#].*)?$", re.I)


def has_site_syntax(body: str) -> bool:
    return _TRIGGER.search(body) is not None


@dataclass
class _Notes:
    """Warnings gathered per kind: said once, with the first line and a count."""

    path: str | None
    offset: int
    kinds: dict[str, list[int]] = field(default_factory=dict)
    #: Other things worth saying, by kind: the first one's message and every line (said once, with a count).
    other: dict[str, tuple[str, list[int]]] = field(default_factory=dict)

    def removed(self, kind: str, line: int, *, closing: bool = False) -> None:
        """``kind`` removed at ``line``; a closing tag is counted only when
        its opening one never was."""
        lines = self.kinds.setdefault(kind, [])
        if not (closing and lines):
            lines.append(line)

    def said(self, message: str, line: int, kind: str | None = None) -> None:
        """``message`` at ``line``: said once for its ``kind`` (the message
        itself when none), however often it comes."""
        self.other.setdefault(kind or message, (message, []))[1].append(line)

    def warnings(self) -> list[Warning_]:
        out = []
        for kind, lines in self.kinds.items():
            times = f" ({len(lines)} times)" if len(lines) > 1 else ""
            out.append(Warning_(f"{kind} has no meaning outside its site generator; removed{times}",
                                self.path, lines[0] + self.offset + 1))
        for message, lines in self.other.values():
            times = f" ({len(lines)} times)" if len(lines) > 1 else ""
            out.append(Warning_(message + times, self.path, lines[0] + self.offset + 1))
        return sorted(out, key=lambda w: w.line or 0)


def site_config(path: str | None) -> dict[str, Any]:
    """The settings of the site the post at ``path`` belongs to (Jekyll's
    ``_config.yml``, Hugo's ``hugo.toml``...), for ``{{ site.title }}``;
    empty when there is none or it cannot be read."""
    if not path:
        return {}
    from pathlib import Path

    from ..errors import EssayError
    from ..siteroot import find_site

    site = find_site(Path(path).resolve().parent)
    if site is None or site.config is None or site.config.suffix not in (".yml", ".yaml", ".toml"):
        return {}
    try:
        if site.config.stat().st_size > 1_000_000:
            return {}
        text = site.config.read_text(encoding="utf-8")
        if site.config.suffix == ".toml":
            import tomllib

            return tomllib.loads(text)
        from .frontmatter import _load_yaml

        return _load_yaml(text, str(site.config))[0]
    except (OSError, UnicodeDecodeError, ValueError, EssayError):
        return {}


def expand_site_syntax(
    body: str, data: dict[str, Any], *, path: str | None = None, offset: int = 0,
    key_lines: dict[str, int] | None = None, site: dict[str, Any] | None = None,
) -> tuple[str, list[Warning_]]:
    """``body`` with its static-site syntax understood or removed, and the
    warnings for what was removed. ``data`` is the front matter: Franklin's
    ``@def`` lines are added to it (and their lines to ``key_lines``), and
    ``{{ title }}``-style variables are read from it. ``offset`` lines
    precede the body in the file. ``site`` holds the site's settings
    (:func:`site_config`) for ``{{ site.title }}``."""
    if not has_site_syntax(body):
        return body, []
    notes = _Notes(path, offset)
    from .dialects import notebooks

    labels = notebooks.collect_labels(body) if notebooks.has_labels(body) else {}
    if labels:  # Quarto's cross-references: numbered captions, "Figure 1" for @fig-x
        body = notebooks.number_captions(body, labels)
    segments = _Lines(body.split("\n"), data, notes, key_lines, offset).run()
    # What the line pass said, to start from again if the inline pass runs twice.
    said = {k: list(v) for k, v in notes.kinds.items()}, {k: (m, list(v)) for k, (m, v) in notes.other.items()}
    obsidian = notebooks.is_obsidian(body, path)
    unclosed: frozenset[tuple[int, int]] | None = frozenset()
    for attempt in range(3):
        out: list[str] = []
        state = _InlineState(source=body, labels=labels, obsidian=obsidian, unclosed=unclosed)
        line = 0
        for state.segment, (kind, text) in enumerate(segments):
            if kind == "code":
                # Code in a branch Liquid does not take is gone with it.
                out.append(_without_raw_tags(text) if state.first_off is None else "\n" * text.count("\n"))
            else:
                out.append(_Inline(data, notes, state, site or {}).expand(text, line))
            line += text.count("\n") + 1
        if not state.frames:
            break
        # A condition never closed: said again with it as a lone tag, so
        # nothing after it is lost. Should that open another (a branch now
        # read holds a tag that hid a closing one), the third pass reads no
        # condition at all: three passes at most, linear.
        unclosed = unclosed | frozenset(f.at for f in state.frames) if attempt == 0 and unclosed is not None else None
        notes.kinds = {k: list(v) for k, v in said[0].items()}
        notes.other = {k: (m, list(v)) for k, (m, v) in said[1].items()}
    return "\n".join(out), notes.warnings()


# ------------------------------------------------------------------ lines

_FENCE = re.compile(r"^((?:[ \t]*>)*[ \t]*)(`{3,}|~{3,})(.*)$")
_LIST_ITEM = re.compile(r"^[ \t]{0,3}(?:[-*+]|\d{1,9}[.)])(?:[ \t]|$)")
_LIQUID_HIGHLIGHT = re.compile(r"^([ \t>]*)\{%-?\s*highlight\s+([\w+#.-]+)?[^%]*?-?%\}(.*)$")
_LIQUID_END_HIGHLIGHT = re.compile(r"^(.*?)\{%-?\s*endhighlight\s*-?%\}[ \t]*$")
_HUGO_HIGHLIGHT = re.compile(
    r"^([ \t>]*)\{\{[<%]\s*(?:highlight|code)\s*(?:lang(?:uage)?=)?[\"']?([\w+#.-]*)[\"']?[^>%]*?[>%]\}\}(.*)$"
)
_HEXO_CODE = re.compile(r"^([ \t>]*)\{%-?\s*code(?:block)?\b([^%]*?)-?%\}(.*)$")
_HEXO_END_CODE = re.compile(r"^(.*?)\{%-?\s*endcode(?:block)?\s*-?%\}[ \t]*$")
_HUGO_END_HIGHLIGHT = re.compile(r"^(.*?)\{\{[<%]\s*/\s*(?:highlight|code)\s*[>%]\}\}[ \t]*$")
_COMMENT_START = re.compile(r"\{%-?\s*comment\s*-?%\}|\{::comment\}")
_COMMENT_END = re.compile(r"\{%-?\s*endcomment\s*-?%\}|\{:/comment\}")
_PRE_OPEN = re.compile(r"^[ \t]{0,3}<pre[\s>]", re.I)
_PRE_CLOSE = re.compile(r"</pre>", re.I)
_DEF = re.compile(r"^@def\s+([A-Za-z_]\w*)\s*=\s*(.*?)\s*$")
_TOC = re.compile(r"^\s*\\(?:toc|tableofcontents)\s*$")
_KRAMDOWN_TOC = re.compile(r"^\s*\{:\s*\.?toc\s*\}\s*$")
#: Jekyll Chirpy's prompts (``{: .prompt-tip }`` under a quotation) and Minimal
#: Mistakes' notices (``{: .notice--info}`` under a paragraph).
_PROMPT = re.compile(
    r"^ {0,3}\{:\s*\.(?:prompt-(tip|info|warning|danger)|notice(?:-{1,2}(primary|info|warning|success|danger))?)"
    r"\s*\}[ \t]*$")
_NOTICE_KINDS = {"tip": "tip", "info": "info", "warning": "warning", "danger": "danger", "success": "success",
                 "primary": "note"}
#: Lines that start a block of their own: no paragraph for a notice.
_PLAIN_BLOCK = re.compile(r"^ {0,3}(?:#|[-*+][ \t]|\d+[.)][ \t]|\||`{3}|~{3}|<)")
_BLOCK_IAL = re.compile(r"^ {0,3}\{:\s*[#.][^{}\n]*\}[ \t]*$")
_ATX = re.compile(r"^ {0,3}#{1,6}(?:[ \t]|$)")
_SETEXT = re.compile(r"^ {0,3}(?:=+|-+)[ \t]*$")
_AFTER_LINK = re.compile(r"\]\([^()\s]*(?:\s+\"[^\"]*\")?\)$")
_ANY_ITEM = re.compile(r"^( *)([-*+]|\d{1,9}[.)])( +|$)")


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" ")) if "\t" not in line else _indent(line.expandtabs(4))


def _code_column(cols: list[int], line: str) -> int | None:
    """The indentation from which ``line`` (after a blank line) and the
    lines below it are indented code, or None when it is not code: four
    columns, or four past the text of the list item it belongs to."""
    indent = _indent(line)
    base = next((c for c in reversed(cols) if c <= indent), None)
    if base is None:
        base = 0
    return base + 4 if indent >= base + 4 else None


def _track_list(cols: list[int], line: str, after_blank: bool) -> None:
    """Update the open list items' columns for a line of prose."""
    indent = _indent(line)
    expanded = line.expandtabs(4) if "\t" in line else line
    m = _ANY_ITEM.match(expanded)
    if m and (cols or indent <= 3):
        while cols and cols[-1] > indent:
            cols.pop()
        gap = len(m.group(3))
        cols.append(indent + len(m.group(2)) + (gap if 1 <= gap <= 4 else 1))
    elif after_blank:
        # A line after a blank closes the items it is not indented into.
        while cols and cols[-1] > indent:
            cols.pop()


class _Lines:
    """Splits the body into prose and code segments (line by line, as
    CommonMark finds fenced and indented code), turning ``{% highlight %}``
    and ``{{< highlight >}}`` blocks into fenced code and dropping comment
    blocks, ``@def`` and ``\\toc`` lines."""

    def __init__(self, lines: list[str], data: dict[str, Any], notes: _Notes,
                 key_lines: dict[str, int] | None, offset: int) -> None:
        self.lines = lines
        self.data = data
        self.notes = notes
        self.key_lines = key_lines
        self.offset = offset
        self.segments: list[tuple[str, list[str]]] = []
        from .dialects import franklin

        #: A Franklin page: ``~~~`` is raw HTML, ``@@name`` a div, ``\\fig{}`` a figure.
        self.franklin = franklin.is_franklin("\n".join(lines), data)

    def emit(self, kind: str, text: str) -> None:
        if self.segments and self.segments[-1][0] == kind:
            self.segments[-1][1].append(text)
        else:
            self.segments.append((kind, [text]))

    def run(self) -> list[tuple[str, str]]:
        lines = self.lines
        i = 0
        prev_blank = True
        #: Content columns of the open list items, innermost last: code in
        #: an item is indented four columns past its item's text.
        cols: list[int] = []
        while i < len(lines):
            line = lines[i]
            fence = _FENCE.match(line)
            if fence and not (fence.group(2)[0] == "`" and "`" in fence.group(3)):
                if self.franklin and fence.group(2) == "~~~" and not fence.group(1).strip() \
                        and not fence.group(3).strip():
                    done = self.franklin_html(i)
                    if done is not None:
                        i = done
                        prev_blank = True
                        continue
                i = self.fenced(i, fence)
                prev_blank = False
                continue
            code_at = _code_column(cols, line) if prev_blank and line.strip() else None
            if code_at is not None:
                # Indented code: up to its last indented line (blank lines
                # after it belong to what follows).
                j = last = i
                while j < len(lines) and (not lines[j].strip() or _indent(lines[j]) >= code_at):
                    if lines[j].strip():
                        last = j
                    j += 1
                for k in range(i, last + 1):
                    self.emit("code", lines[k])
                i = last + 1
                prev_blank = False
                continue
            m = _LIQUID_HIGHLIGHT.match(line) or _HUGO_HIGHLIGHT.match(line) or _HEXO_CODE.match(line)
            if m:
                end = {_LIQUID_HIGHLIGHT: _LIQUID_END_HIGHLIGHT, _HUGO_HIGHLIGHT: _HUGO_END_HIGHLIGHT,
                       _HEXO_CODE: _HEXO_END_CODE}[m.re]
                done = self.highlight(i, m, end)
                if done is not None:
                    i = done
                    prev_blank = False
                    continue
            if _PRE_OPEN.match(line):
                while i < len(lines):
                    self.emit("code", lines[i])
                    i += 1
                    if _PRE_CLOSE.search(lines[i - 1]):
                        break
                continue
            if _COMMENT_START.search(line) and not _COMMENT_END.search(line):
                i = self.comment(i)
                continue
            d = _DEF.match(line)
            if d:
                self.define(d.group(1), d.group(2), i)
                self.emit("prose", "")
                i += 1
                continue
            if _TOC.match(line):
                self.notes.removed("Franklin's \\toc", i)
                self.emit("prose", "")
                i += 1
                continue
            if _KRAMDOWN_TOC.match(line):
                # ``* TOC`` above ``{:toc}``: kramdown's table of contents.
                above = self.segments[-1][1] if self.segments and self.segments[-1][0] == "prose" else []
                if above and _LIST_ITEM.match(above[-1]):
                    above[-1] = ""
                self.notes.removed("kramdown's {:toc}", i)
                self.emit("prose", "")
                i += 1
                continue
            if _BLOCK_IAL.match(line) and self.ial_to_prompt(line):
                i += 1  # its line went to the quote's head
                prev_blank = False
                continue
            if _BLOCK_IAL.match(line) and self.ial_to_heading(line):
                self.emit("prose", "")
                i += 1
                prev_blank = False
                continue
            if self.franklin:
                line = self.franklin_line(line, i)
            self.emit("prose", line)
            if line.strip():
                _track_list(cols, line, prev_blank)
            prev_blank = not line.strip()
            i += 1
        return [(kind, "\n".join(text)) for kind, text in self.segments]

    def ial_to_prompt(self, line: str) -> bool:
        """Chirpy's ``{: .prompt-tip }`` under a quotation, or Minimal Mistakes'
        ``{: .notice--info }`` under a paragraph: that block is the call-out (its
        kind put at its head, the line the class took given back); False when it
        names no such class or no such block is above."""
        m = _PROMPT.match(line)
        above = self.segments[-1][1] if self.segments and self.segments[-1][0] == "prose" else []
        if m is None or not above or not above[-1].strip():
            return False
        kind = _NOTICE_KINDS.get((m.group(1) or m.group(2) or "").lower(), "note")
        quoted = above[-1].lstrip().startswith(">")
        j = len(above) - 1
        while j > 0 and above[j - 1].strip() and above[j - 1].lstrip().startswith(">") == quoted:
            j -= 1
        if not quoted:
            if m.group(1) or any(_PLAIN_BLOCK.match(ln) for ln in above[j:]):
                return False  # a prompt is a quotation's; a notice a paragraph's
            above[j:] = ["> " + ln for ln in above[j:]]
        above[j] = f"> [!{kind}]\n" + above[j]
        return True

    def ial_to_heading(self, line: str) -> bool:
        """kramdown's ``{: #id}`` on the line under a heading, moved onto the
        heading's line, where the Markdown reader takes its id; False when
        the line above is no heading."""
        above = self.segments[-1][1] if self.segments and self.segments[-1][0] == "prose" else []
        if above and _ATX.match(above[-1]):
            above[-1] = above[-1].rstrip() + " " + line.strip()
            return True
        if len(above) >= 2 and _SETEXT.match(above[-1]) and above[-2].strip():
            above[-2] = above[-2].rstrip() + " " + line.strip()
            return True
        return False

    def franklin_html(self, i: int) -> int | None:
        """Franklin's ``~~~`` block: the HTML inside, as HTML (between blank
        lines, so the Markdown reader takes it as an HTML block); None when
        it never closes."""
        import textwrap

        j = i + 1
        while j < len(self.lines) and self.lines[j].strip() != "~~~":
            j += 1
        if j >= len(self.lines):
            return None
        self.emit("prose", "")
        for html_line in textwrap.dedent("\n".join(self.lines[i + 1:j])).split("\n"):
            self.emit("code", html_line)
        self.emit("prose", "")
        return j + 1

    def franklin_line(self, line: str, i: int) -> str:
        """A prose line of a Franklin page: ``@@name``/``@@`` as a fenced
        div, figure commands as images, code-output commands removed,
        inline ``~~~<b>…</b>~~~`` as its HTML."""
        from .dialects import franklin

        div = franklin.div_fence(line)
        if div is not None:
            return div
        return franklin.inline_html(franklin.commands(line, lambda kind: self.notes.removed(kind, i)))

    def fenced(self, i: int, fence: re.Match[str]) -> int:
        mark = fence.group(2)
        if self.franklin:
            from .dialects.franklin import code_info

            self.lines[i] = code_info(self.lines[i])
        self.emit("code", self.lines[i])
        i += 1
        close = re.compile(r"^(?:[ \t]*>)*[ \t]*" + re.escape(mark[0]) + "{" + str(len(mark)) + r",}[ \t]*$")
        while i < len(self.lines):
            self.emit("code", self.lines[i])
            i += 1
            if close.match(self.lines[i - 1]):
                break
        return i

    def highlight(self, i: int, m: re.Match[str], end: re.Pattern[str]) -> int | None:
        """A highlight block as fenced code; None when it never ends."""
        j = i + 1
        while j < len(self.lines) and not end.match(self.lines[j]):
            j += 1
        if j >= len(self.lines):
            return None
        prefix, lang, rest = m.group(1), m.group(2) or "", m.group(3)
        if m.re is _HEXO_CODE:  # {% codeblock [title] [lang:x] [url] %}
            found = re.search(r"\blang:([\w+#.-]+)", lang)
            lang = found.group(1) if found else ""
        body = ([rest] if rest.strip() else []) + self.lines[i + 1:j]
        tail = end.match(self.lines[j])
        assert tail is not None
        if tail.group(1).strip():
            body.append(tail.group(1))
        longest = max((len(r) for line in body for r in re.findall("`+", line)), default=0)
        fence = "`" * max(3, longest + 1)
        self.emit("code", f"{prefix}{fence}{lang}")
        for line in body:
            self.emit("code", line)
        self.emit("code", f"{prefix}{fence}")
        return j + 1

    def comment(self, i: int) -> int:
        """Lines up to the end of a comment block, removed (kept as blank
        lines so later lines keep their numbers)."""
        start = i
        j = i
        while j < len(self.lines) and not _COMMENT_END.search(self.lines[j]):
            j += 1
        if j >= len(self.lines):  # never closed: only the tag goes
            self.emit("prose", _COMMENT_START.sub("", self.lines[i]))
            self.notes.removed("an unclosed {% comment %}", i)
            return i + 1
        head = self.lines[i][: _COMMENT_START.search(self.lines[i]).start()]  # type: ignore[union-attr]
        tail_line = self.lines[j]
        tail = tail_line[_COMMENT_END.search(tail_line).end():]  # type: ignore[union-attr]
        self.emit("prose", head.rstrip())
        for _ in range(start + 1, j):
            self.emit("prose", "")
        self.emit("prose", tail.strip())
        return j + 1

    def define(self, key: str, raw: str, i: int) -> None:
        from .frontmatter import julia_value

        line = i + self.offset + 1
        value = julia_value(key, raw, self.notes.path, line, [])
        self.data.setdefault(key, value)
        if self.key_lines is not None:
            self.key_lines.setdefault(key, line)


_LIQUID_ENDRAW = re.compile(r"\{%-?\s*endraw\s*-?%\}")
#: Nikola's ``{{% raw %}}…{{% /raw %}}``: what is inside is shown as written.
_NIKOLA_ENDRAW = re.compile(r"\{\{%\s*/raw\s*%\}\}")
_RAW_TAGS = re.compile(r"\{%-?\s*(?:end)?raw\s*-?%\}")


def _without_raw_tags(code: str) -> str:
    """Code as written, except a balanced ``{% raw %}``/``{% endraw %}``
    pair: Jekyll authors put it inside code to show Liquid, and Jekyll never
    prints it."""
    opens = len(re.findall(r"\{%-?\s*raw\s*-?%\}", code))
    closes = len(re.findall(r"\{%-?\s*endraw\s*-?%\}", code))
    if opens and opens == closes:
        return _RAW_TAGS.sub("", code)
    return code


# ---------------------------------------------------------------- inlines


@dataclass
class _Frame:
    """One open Liquid condition: which branch is shown."""

    kind: str
    at: tuple[int, int]
    #: The branch now read is shown.
    taking: bool
    #: A branch has been chosen (later ones are not shown).
    taken: bool
    #: ``{% case %}``'s value.
    value: object = None


#: The tags of Liquid's conditions (Jinja's and Tera's ``elif`` too).
_BRANCH_TAGS = frozenset({"if", "unless", "elsif", "elif", "else", "endif", "endunless",
                          "case", "when", "endcase"})


@dataclass
class _InlineState:
    in_raw: bool = False
    #: What ends the raw text: Liquid's ``{% endraw %}``, or Nikola's ``{{% /raw %}}``.
    raw_end: re.Pattern[str] | None = None
    #: Shortcodes that were given a meaning: their closing tags go silently.
    meant: set[str] = field(default_factory=set)
    #: Variables the post sets itself (``{% assign x = "..." %}``).
    assigned: dict[str, str] = field(default_factory=dict)
    #: Zola body shortcodes open (``{% note() %}``), for their ``{% end %}``.
    zola_open: list[str] = field(default_factory=list)
    #: The whole body, to see whether a captured variable is ever printed.
    source: str = ""
    #: Cross-reference labels the document defines, and what a reference says.
    labels: dict[str, str] = field(default_factory=dict)
    #: An Obsidian note: ``%%…%%`` anywhere is a comment (elsewhere only from a line's start).
    obsidian: bool = False
    #: The last search for each closing tag: (text, from, match) (see ``_Inline.closer``).
    closers: dict[str, tuple[str, int, re.Match[str] | None]] = field(default_factory=dict)
    #: Liquid's open conditions (``{% if %}``, ``{% unless %}``, ``{% case %}``), innermost last.
    frames: list[_Frame] = field(default_factory=list)
    #: Index of the outermost frame whose branch is not taken: its words are left out.
    first_off: int | None = None
    #: Conditions that are never closed, by (segment, offset): said as lone tags
    #: (None: every condition's tags are, as a last resort).
    unclosed: frozenset[tuple[int, int]] | None = frozenset()
    #: The prose segment being expanded.
    segment: int = 0
    #: Hugo references already looked up, by target; the site's content files by name.
    refs: dict[str, Any] = field(default_factory=dict)
    page_names: dict[str, list[Path]] = field(default_factory=dict)
    _site: list[Path | None] = field(default_factory=list)
    _headings: dict[str, str] | None = None

    def site_root(self, path: str | None) -> Path | None:
        """The root of the site the post belongs to (looked for once)."""
        if not self._site:
            from ..siteroot import find_site

            site = find_site(Path(path).resolve().parent) if path else None
            self._site.append(site.root if site is not None else None)
        return self._site[0]

    def heading_for(self, anchor: str) -> str | None:
        """The words of the post's heading whose anchor is ``anchor``."""
        if self._headings is None:
            from .dialects.hugo import slug

            self._headings = {}
            for m in re.finditer(r"(?m)^ {0,3}#{1,6}[ \t]+(.+)$", self.source):
                words = re.sub(r"\s*\{[^{}]*\}$", "", m.group(1).rstrip(" \t#"))
                own = re.search(r"\{#([\w-]+)", m.group(1))
                self._headings.setdefault(own.group(1) if own else slug(words), " ".join(words.split()))
        return self._headings.get(anchor)


_TOKEN = re.compile(
    r"""
      (?P<ticks>`+)
    | (?P<code><code\b[^>]*>.*?</code>)
    | (?P<dmath>\$\$.+?\$\$|\\\[.{1,4000}?\\\]|\\\(.{1,2000}?\\\))
    | (?P<math>(?<![\\$\w])\$(?=[^\s$])[^$\n]{1,400}?(?<=[^\s\\$])\$(?![\w$]))
    | (?P<hugo_escaped>\{\{([<%])/\*(?P<escaped>.{0,2000}?)\*/([>%])\}\})
    | (?P<hugo>\{\{(?P<hopen>[<%])\s*(?P<hclose>/)?\s*(?P<hname>[\w.-]+)(?P<hargs>.{0,2000}?)\s*[>%]\}\})
    | (?P<liquid>\{%-?\s*(?P<lname>\w+)(?P<largs>.{0,2000}?)-?%\})
    | (?P<output>\{\{-?(?P<expr>[^{}]{0,2000}?)-?\}\})
    | (?P<kramdown>\{:\s*(?:[.#][A-Za-z_-]|[A-Za-z_][\w-]*\s*=|[A-Za-z_][\w-]*:|toc\b)[^{}\n]{0,400}?\}
                  |\{::\w[^{}\n]{0,400}?\}|\{:/\w*\})
    | (?P<comment>\{\#[\s-].{0,4000}?[\s-]\#\})
    | (?P<pelican>\{(?:static|filename|attach)\})
    | (?P<zola_link>(?<=\]\()@/[^()\s]*)
    | (?P<xref>(?<![\w@])\[?-?@(?:sec|fig|tbl|eq|lst|thm|lem|cor|def|exm|exr|Sec|Fig|Tbl|Eq|Lst|Thm|Lem|Cor|Def|Exm|Exr)[-:][\w:-]*\w\]?)
    | (?P<obsidian>(?<!%)%%(?!%).{0,20000}?(?<!%)%%(?!%))
    """,
    re.X | re.S,
)


class _Inline:
    """Expands the template syntax of one prose segment."""

    def __init__(self, data: dict[str, Any], notes: _Notes, state: _InlineState,
                 site: dict[str, Any]) -> None:
        self.data = {str(k).lower(): v for k, v in data.items()}
        params: dict[str, Any] = site["params"] if isinstance(site.get("params"), dict) else {}
        self.site = {str(k).lower(): v for k, v in {**params, **site}.items()}
        self.notes = notes
        self.state = state

    def expand(self, text: str, first_line: int) -> str:
        out: list[str] = []
        pos = 0
        # Lines before the token, counted as the scan goes (a count from the
        # start at every token is quadratic in a long post).
        newlines = counted_to = 0
        emit = self.emit
        while pos < len(text):
            if self.state.in_raw:
                m_end = (self.state.raw_end or _LIQUID_ENDRAW).search(text, pos)
                if m_end is None:
                    emit(out, text[pos:])
                    break
                emit(out, text[pos:m_end.start()])
                pos = m_end.end()
                self.state.in_raw = False
                self.state.raw_end = None
                continue
            m = _TOKEN.search(text, pos)
            if m is None:
                emit(out, text[pos:])
                break
            emit(out, text[pos:m.start()])
            newlines += text.count("\n", counted_to, m.start())
            counted_to = m.start()
            line = first_line + newlines
            kind = m.lastgroup
            if kind == "ticks":
                # A code span runs to the next run of as many backticks.
                close = re.compile(r"(?<!`)" + m.group("ticks") + r"(?!`)").search(text, m.end())
                if close is None or "\n\n" in text[m.end():close.start()]:
                    emit(out, m.group(0))
                    pos = m.end()
                else:
                    emit(out, text[m.start():close.end()])
                    pos = close.end()
                continue
            pos = m.end()
            if kind in ("code", "dmath", "math"):
                emit(out, m.group(0))
                continue
            if self.state.first_off is not None and not (
                    kind == "liquid" and m.group("lname").lower() in _BRANCH_TAGS
                    or kind == "output" and _franklin_branch(m.group("expr")) is not None):
                # In a branch Liquid does not take: nothing of it is said or done.
                emit(out, m.group(0))
                continue
            # The line before the token (its last 500 characters: enough for a
            # heading mark or a link's opening, and linear on a one-line post).
            back = max(0, m.start() - 500)
            context = text[text.rfind("\n", back, m.start()) + 1 or back:m.start()]
            replaced = self.replace(m, line, context, text, out)
            if isinstance(replaced, tuple):
                replaced, pos = replaced
            if (not replaced and out and pos < len(text) and text[pos] in ".,;:!?)"
                    and self.state.first_off is None and out[-1].rstrip(" \t")[-1:] not in ("", "\n")):
                # "built with Eleventy {{ eleventy.version }}.": the space before what was
                # removed goes with it (not a line's indent: only after a word).
                out[-1] = out[-1].rstrip(" \t")
            # Keep the lines of what was removed, so later lines keep their numbers.
            missing = m.group(0).count("\n") - replaced.count("\n")
            emit(out, replaced + "\n" * max(0, missing))
        return "".join(out)

    def emit(self, out: list[str], words: str) -> None:
        """``words`` into the output; only their line ends in a branch not taken."""
        out.append(words if self.state.first_off is None else "\n" * words.count("\n"))

    def closer(self, pattern: re.Pattern[str], text: str, pos: int) -> re.Match[str] | None:
        """``pattern.search(text, pos)``, remembered: a post that opens the
        same tag thousands of times and never closes it is searched once,
        not once a tag."""
        known = self.state.closers.get(pattern.pattern)
        if known is not None and known[0] is text and known[1] <= pos:
            found = known[2]
            if found is None or found.start() >= pos:
                return found
        found = pattern.search(text, pos)
        self.state.closers[pattern.pattern] = (text, pos, found)
        return found

    # -- one token

    def replace(self, m: re.Match[str], line: int, context: str, text: str,
                out: list[str]) -> str | tuple[str, int]:
        kind = m.lastgroup
        if kind == "hugo_escaped":
            # How Hugo's documentation shows a shortcode: as code.
            return _code_span("{{" + m.group(0)[2] + m.group("escaped") + m.group(0)[-3] + "}}")
        if kind == "xref":
            from .dialects.notebooks import reference

            return reference(m.group(0), self.state.labels) or m.group(0)
        if kind == "obsidian" and not (self.state.obsidian or not context.strip()):
            return m.group(0)  # "50%% … %%" in a post that is no Obsidian note: words
        if kind in ("pelican", "comment", "obsidian"):  # Obsidian's %%…%%: the author's private note
            return ""
        if kind == "zola_link":
            return _zola_url(m.group(0))
        if kind == "kramdown":
            body = m.group(0)
            if body.startswith("{::nomarkdown") or body.startswith("{:/"):
                return ""
            end = text.find("\n", m.end())
            after = text[m.end():] if end < 0 else text[m.end():end]
            below = text[end + 1:].split("\n", 1)[0] if end >= 0 else ""
            heading = _ATX.match(context) or (context.strip() and _SETEXT.match(below))
            from .pandoc import is_attribute_block

            if heading and not after.strip() and is_attribute_block(body):
                return body  # ``## Heading {: #id}``: the Markdown reader takes the id
            if _AFTER_LINK.search(context) and is_attribute_block(body):
                return body  # ``![x](a.png){: width="50%"}``: the reader sizes the image
            self.notes.removed("a kramdown attribute list {: ...}", line)
            return ""
        if kind == "liquid":
            return self.liquid(m.group("lname"), m.group("largs").strip(), line, context, m, text)
        if kind == "hugo":
            if m.group("hclose"):
                name, opener = m.group("hname"), m.group("hopen")
                if name.lower() in self.state.meant:
                    return ""
                mark = "{{" + opener + " " + name + " " + opener[::-1].replace("<", ">") + "}}"
                self.notes.removed(f"Hugo shortcode {mark}", line, closing=True)
                return ""
            if m.group("hname").lower() == "raw" and m.group("hopen") == "%":
                self.state.in_raw, self.state.raw_end = True, _NIKOLA_ENDRAW
                return ""
            paired = self.hugo_body(m, text, line)
            if paired is not None:
                return paired
            end = text.find("\n", m.end())
            alone = not context.strip() and not text[m.end():end if end >= 0 else len(text)].strip()
            said = self.shortcode(m.group("hname"), m.group("hargs").strip(), m.group("hopen"), line, context,
                                  alone=alone)
            if said:
                self.state.meant.add(m.group("hname").lower())
            if said.startswith("<figure>") and end >= 0 and text[end + 1:].split("\n", 1)[0].strip():
                said += "\n"  # an HTML block ends at a blank line: the next line is not in it
            return said
        if kind == "output":
            return self.output(m.group("expr").strip(), line, context, m)
        return m.group(0)

    def liquid(self, name: str, args: str, line: int, context: str, m: re.Match[str],
               text: str) -> str | tuple[str, int]:
        name = name.lower()
        if args.startswith("(") or name == "end":
            return self.zola_body(name, args, line, m, text)
        if name in _BRANCH_TAGS:
            branched = self.branch(name, args, line, m)
            if branched is not None:
                return branched
        if name == "raw":
            self.state.in_raw = True
            return ""
        if name.startswith("end"):
            if name != "endraw":
                self.notes.removed(f"Liquid {{% {name[3:]} %}}", line, closing=True)
            return ""
        if name in ("comment", "capture"):
            end = self.closer(re.compile(r"\{%-?\s*end" + name + r"\s*-?%\}"), text, m.end())
            if name == "capture" and end is not None and re.fullmatch(r"[\w-]+", args):
                # The words are the author's: printed where the variable is, or here.
                words = self.expand(text[m.end():end.start()], line)
                printed = re.search(r"\{\{-?\s*" + re.escape(args) + r"\s*(?:\||-?\}\})", self.state.source)
                lines_gone = text.count("\n", m.start(), end.end())
                if printed is None:
                    return words + "\n" * max(0, lines_gone - words.count("\n")), end.end()
                self.state.assigned[args.lower()] = words.strip()
                return "\n" * lines_gone, end.end()
            if name == "capture":
                self.notes.removed("Liquid {% capture %}", line)
            if end is None:
                return ""
            gone = text[m.start():end.end()]
            return "\n" * gone.count("\n"), end.end()
        if name == "highlight":
            end = self.closer(re.compile(r"\{%-?\s*endhighlight\s*-?%\}"), text, m.end())
            if end is not None and "\n" not in text[m.end():end.start()]:
                return _code_span(text[m.end():end.start()]), end.end()
        if name == "for":
            # A loop over the site's data, which the essay does not have: gone whole.
            stop = _block_end(text, m.end(), "for")
            self.notes.removed("a template loop {% for %}", line)
            if stop is None:
                return ""
            return "\n" * text.count("\n", m.start(), stop), stop
        if name in ("assign", "set"):
            var, eq, expr = args.partition("=")
            value = self.evaluate(expr.strip()) if eq else None
            if value is not None and re.fullmatch(r"[\w-]+", var.strip()):
                self.state.assigned[var.strip().lower()] = value
                return ""
        if name in _FOREM_EMBEDS:
            url = _forem_url(name, args)
            if url:
                return f"<{url}>"
        if name in ("user", "tag", "organization") and re.fullmatch(r"[\w.-]+", args.strip()):
            return ("#" if name == "tag" else "@") + args.strip()
        if name == "katex":
            end = self.closer(re.compile(r"\{%-?\s*endkatex\s*-?%\}"), text, m.end())
            if end is not None:
                tex = text[m.end():end.start()].strip()
                lines_gone = text[m.start():end.end()].count("\n")
                if "inline" in args:
                    return f"${tex}$" + "\n" * lines_gone, end.end()
                maths = f"$$\n{tex}\n$$"
                return maths + "\n" * max(0, lines_gone - maths.count("\n")), end.end()
        if name in ("details", "spoiler", "collapsible", "accordion"):
            done = self.quoted_body(name, args, line, m, text)
            if done is not None:
                return done
        if name in ("blockquote", "pullquote") or (name in _BODY_CALLOUTS and _body_callout(name, args)):
            done = self.quoted_body(name, args, line, m, text)
            if done is not None:
                return done
        if name in ("post_link", "post_path", "asset_img", "asset_image", "asset_link", "asset_path"):
            return self.hexo(name, args, context)
        if name == "link" and re.search(r"\shttps?://", " " + args):
            link_words = re.findall(r'"[^"]*"|\S+', args)
            at = next(i for i, w in enumerate(link_words) if w.startswith("http"))
            label = " ".join(w.strip('"') for w in link_words[:at]) or link_words[at]
            return f"[{_escape_label(label)}](<{link_words[at]}>)"
        if name in ("link", "post_url"):
            return _url_in(_site_url(name, _first_word(args)), context)
        if name == "iframe" and _first_word(args).startswith(("http://", "https://")):
            return f"<{_first_word(args)}>"
        if name in ("youtube", "vimeo", "gist", "tweet", "twitter"):
            url = _embed_url(name, _params(args))
            if url:
                return f"<{url}>"
        if name in ("include", "include_relative"):
            # {% include youtube.html id="..." %}: the embed a theme provides.
            params = _params(args)
            service = next((s for s in ("youtube", "vimeo", "gist", "tweet") if s in params.get("0", "").lower()), None)
            if service is None and re.fullmatch(r"video(?:\.html)?", params.get("0", "").lower()):
                # Minimal Mistakes: {% include video id="…" provider="youtube" %}
                service = next((s for s in ("youtube", "vimeo") if params.get("provider", "").lower() == s), None)
            if service:
                url = _embed_url(service, {k: v for k, v in params.items() if k != "0"} | (
                    {"0": params["1"]} if "1" in params else {}))
                if url:
                    return f"<{url}>"
        if name in ("img", "image", "include", "include_relative", "picture", "figure"):
            image = _image_from(args, name)
            if image:
                return image
        self.notes.removed(f"Liquid {{% {name} %}}", line)
        return ""

    def franklin_branch(self, name: str, args: str, line: int, m: re.Match[str]) -> str | None:
        """Franklin's (and Go's) ``{{if x}}…{{elseif y}}…{{else}}…{{end}}`` and
        its ``{{isdef x}}``, ``{{isnotdef x}}``, ``{{ispage p}}``,
        ``{{isempty x}}`` blocks, decided from the page's variables as
        :meth:`branch` decides Liquid's."""
        from fnmatch import fnmatch

        from .dialects.liquid import UNKNOWN

        words = args.split()
        said: object = UNKNOWN
        var = words[0].lower() if words else ""
        if name in ("if", "elsif"):
            value = self.data.get(var, UNKNOWN)  # a global of config.md essaykit does not read: unknown
            said = value if isinstance(value, bool) else UNKNOWN
        elif name in ("isdef", "isnotdef"):
            said = (var in self.data) == (name == "isdef") if var in self.data or not self.site_vars_possible() \
                else UNKNOWN
        elif name in ("isempty", "isnotempty") and var in self.data:
            said = (not self.data[var]) == (name == "isempty")
        elif name in ("ispage", "isnotpage") and self.notes.path and words:
            page = self.page_name()
            if page is not None:
                hit = any(fnmatch(page, w.strip("/").removesuffix(".html").removesuffix(".md")) for w in words)
                said = hit == (name == "ispage")
        shown = "{{" + f"{m.group('expr').strip()}" + "}}"
        if name in ("isdef", "isnotdef", "isempty", "isnotempty", "ispage", "isnotpage"):
            name = "if"
        return self.branch(name, args, line, m, said=said, closer=name == "end", shown=shown)

    def site_vars_possible(self) -> bool:
        """Whether the site's own configuration (Franklin's config.md) may
        define page variables essaykit does not read."""
        return self.state.site_root(self.notes.path) is not None

    def page_name(self) -> str | None:
        """The page's path in its site, as Franklin names pages (``blog/post``, ``index``)."""
        root = self.state.site_root(self.notes.path)
        here = Path(self.notes.path or "").resolve()
        try:
            rel = here.relative_to(root.resolve()) if root is not None else Path(here.name)
        except ValueError:
            return None
        return rel.with_suffix("").as_posix()

    def branch(self, name: str, args: str, line: int, m: re.Match[str], *, said: object = None,
               closer: bool = False, shown: str = "") -> str | None:
        """A tag of a Liquid condition: the branch Liquid takes is kept, the
        others left out. A condition on what only the site knows is taken as
        true, with a warning: an ``if`` shows its first branch and an
        ``unless`` hides its own, so an ``if``/``unless`` pair on the same
        setting still says one thing. None for a tag that closes
        or continues no open condition (removed like any other)."""
        from .dialects.liquid import Unknown, condition

        state = self.state
        frames = state.frames
        top = frames[-1] if frames else None
        outer_off = state.first_off is not None and (top is None or state.first_off < len(frames) - 1)
        if name in ("if", "unless", "case"):
            at = (state.segment, m.start())
            if state.unclosed is None or at in state.unclosed:
                self.notes.removed(f"an unclosed Liquid {{% {name} %}}", line)
                return ""
            if state.first_off is not None:
                self.push(_Frame(name, at, taking=False, taken=True))
                return ""
            if name == "case":
                value = self.liquid_value(args.strip())
                self.push(_Frame(name, at, taking=False, taken=False, value=value))
                if isinstance(value, Unknown):
                    self.undecided(name, args, line, shown)
                return ""
            said = condition(args, self.liquid_value) if said is None else said
            if not isinstance(said, bool):
                self.undecided(name, args, line, shown)
                said = True
            take = said if name == "if" else not said
            self.push(_Frame(name, at, taking=take, taken=take))
            return ""
        if top is None:
            return None
        closes = {"endif": "if", "endunless": "unless", "endcase": "case"}
        if closer:
            name = {"if": "endif", "unless": "endunless", "case": "endcase"}[top.kind]
        if name in closes:
            if top.kind != closes[name]:
                return None
            frames.pop()
            if state.first_off is not None and state.first_off >= len(frames):
                state.first_off = None
            return ""
        if (name in ("elsif", "elif") and top.kind != "if") or (name == "when" and top.kind != "case") \
                or (name == "else" and top.kind not in ("if", "unless", "case")):
            return None
        take = False
        if not outer_off and not top.taken:
            if name == "else":
                take = True
            elif name == "when":
                if isinstance(top.value, Unknown):
                    take = True  # said once, at the case
                else:
                    from .dialects.liquid import equal, literal

                    options = [t.strip() for t in re.split(r",|\bor\b", args) if t.strip()]
                    values = [v if not isinstance(v := literal(t), Unknown) else self.liquid_value(t)
                              for t in options]
                    take = any(equal(top.value, v) is True for v in values)
            else:
                said = condition(args, self.liquid_value) if said is None else said
                if not isinstance(said, bool):
                    self.undecided(name, args, line, shown)
                    said = True
                take = said
        top.taking = take
        top.taken = top.taken or take
        if not outer_off:
            state.first_off = None if take else len(frames) - 1
        return ""

    def push(self, frame: _Frame) -> None:
        self.state.frames.append(frame)
        if self.state.first_off is None and not frame.taking:
            self.state.first_off = len(self.state.frames) - 1

    def undecided(self, name: str, args: str, line: int, shown: str = "") -> None:
        cond = " ".join(args.split())
        tag = f"Franklin's {shown}" if shown else f"Liquid {{% {name} {cond} %}}"
        self.notes.said(f"{tag} depends on what only the site knows; taken as true", line)

    def liquid_value(self, term: str) -> object:
        """What a variable in a Liquid condition holds, as Liquid sees it:
        the front matter's value (nil when the page does not set it), the
        site's settings (when its configuration was read), a variable the post
        assigned; :data:`~.dialects.liquid.UNKNOWN` for what only the site
        knows (its posts, a loop's or an include's variables, the build)."""
        from .dialects.liquid import UNKNOWN

        low = term.strip().lower()
        size = low.endswith(".size")
        if size:
            low = low[:-5]
        if not re.fullmatch(r"[\w.-]+", low):
            return UNKNOWN
        value: object = UNKNOWN
        head, _, rest = low.partition(".")
        if head in ("page", "post") and rest and "." not in rest:
            if rest in self.data:
                value = self.data[rest]
            elif rest in _PAGE_URL:
                value = self.term(low)
            elif rest not in _COMPUTED_PAGE and not self.defaulted(rest):
                value = None  # a key the page does not set is nil
        elif head == "site" and rest and self.site:
            node: Any = self.site
            first = rest.split(".", 1)[0]
            if first not in _COMPUTED_SITE:
                for part in rest.split("."):
                    node = node.get(part) if isinstance(node, Mapping) else None
                value = node
        elif not rest:
            # A variable the post assigned; Eleventy's front matter is read
            # by its bare name; any other is nil, as Liquid has it.
            value = self.state.assigned.get(low, self.data.get(low))
        if isinstance(value, Mapping):
            return UNKNOWN if not size else len(value)
        if size and not isinstance(value, type(UNKNOWN)):
            return len(value) if isinstance(value, (str, list, tuple)) else UNKNOWN
        return value

    def defaulted(self, key: str) -> bool:
        """Whether the site's front-matter ``defaults`` may set ``key`` on a
        page (Jekyll's ``_config.yml``): its value then depends on the page's path."""
        defaults = self.site.get("defaults")
        return isinstance(defaults, list) and any(
            isinstance(d, Mapping) and isinstance(d.get("values"), Mapping)
            and key in {str(k).lower() for k in d["values"]} for d in defaults)

    def shortcode(self, name: str, args: str, opener: str, line: int, context: str,
                  *, alone: bool = False) -> str:
        """A Hugo (or Zola, Quarto) shortcode; ``alone``: it is all its line holds."""
        low = name.lower()
        params = _params(args)
        if low in ("youtube", "vimeo", "gist", "tweet", "twitter", "x", "instagram"):
            url = _embed_url(low, params)
            if url:
                return f"<{url}>"
        if low == "media" and re.match(r"https?://\S+$", params.get("url", "")):
            return f"<{params['url']}>"  # Nikola's media: an embedded player for the address
        if low in ("ref", "relref"):
            return self.page_ref(low, params.get("0") or params.get("path") or "", line, context)
        if low == "param":
            value = self.lookup(params.get("0") or params.get("name") or "")
            if value is not None:
                return value
        if low in ("figure", "img", "image", "imgproc", "picture", "gallery") or _image_from(args, low):
            image = _image_from(args, low, block=alone)
            if image:
                return image
        if opener == "zola":
            self.notes.removed(f"Zola shortcode {{{{ {name}() }}}}", line)
            return ""
        mark = "{{" + opener + " " + name + " " + opener[::-1].replace("<", ">") + "}}"
        from .dialects.notebooks import is_quarto, quarto_shortcode

        if is_quarto(self.notes.path):
            said = quarto_shortcode(low, params, self.lookup)
            if said is not None:
                return said
            self.notes.removed(f"Quarto shortcode {mark}", line)
            return ""
        self.notes.removed(f"Hugo shortcode {mark}", line)
        return ""

    def page_ref(self, name: str, target: str, line: int, context: str) -> str:
        """Hugo's ``ref``/``relref``: inside a link's address, the page's
        address; in the prose, a link that says the page's title (read from
        the page, inside the site), else its address, as Hugo would print
        it (with one warning when no such page is in the site); a link where
        the site's ``baseURL`` makes the address a real one, else the words."""
        from .dialects import hugo

        ref = self.state.refs.get(target)
        if ref is None:
            here = Path(self.notes.path) if self.notes.path else None
            site = self.state.site_root(self.notes.path)
            base = self.site.get("baseurl")
            ref = hugo.resolve_ref(target, here, site, base if isinstance(base, str) and site else "",
                                   self.state.page_names, self.site.get("permalinks"))
            self.state.refs[target] = ref
        known = ref.found or self.notes.path is not None and self.state.site_root(self.notes.path) is not None
        if _in_url(context):
            return _url_in(ref.address if known else target, context)
        if not target.strip():
            self.notes.removed(f"Hugo {{{{< {name} >}}}} with no page", line)
            return ""
        title = ref.title
        if title is None and target.startswith("#"):
            # An anchor of this page: the heading it names.
            title = self.state.heading_for(target[1:])
        if title is None and not ref.found and not target.startswith("#"):
            where = "no such page in the site" if known else "no site beside the essay to find the page in"
            self.notes.said(f'Hugo {{{{< {name} "{target}" >}}}}: {where}; its address is shown', line,
                            kind="hugo-ref-missing")
        words = _escape_words(title or ref.address)
        # A link only to a real address (the site's baseURL known): a path of the
        # website leads nowhere from a PDF or an ebook.
        return f"[{words}](<{ref.address}>)" if re.match(r"https?://", ref.address) else words

    def zola_body(self, name: str, args: str, line: int, m: re.Match[str],
                  text: str) -> str | tuple[str, int]:
        """Zola's ``{% name(args) %}body{% end %}``: a quote becomes a block
        quote (with its author), a note or tip a call-out; any other keeps its
        body, its tags removed."""
        if name == "end":
            kind = self.state.zola_open.pop() if self.state.zola_open else "Zola's {% end %}"
            self.notes.removed(kind, line, closing=True)
            return ""
        params = _params(args.strip()[1:-1].replace(",", " ") if args.strip().endswith(")") else "")
        if name in ("quote", "blockquote"):
            who = params.get("author") or params.get("cite") or params.get("0") or ""
            done = self.quoted_body("blockquote", who, line, m, text, closer="end")
            if done is not None:
                return done
        callout = callout_kind(name) or callout_kind(params.get("kind") or params.get("type") or params.get("0") or "")
        if callout:
            done = self.quoted_body(callout, "", line, m, text, closer="end")
            if done is not None:
                return done
        kind = f"Zola shortcode {{% {name}() %}}"
        self.notes.removed(kind, line)
        self.state.zola_open.append(kind)
        return ""

    def hugo_body(self, m: re.Match[str], text: str, line: int) -> tuple[str, int] | None:
        """A paired Hugo shortcode with a meaning (:mod:`.dialects.hugo`):
        maths as maths, a call-out or a folded passage as a call-out with
        its title; None when it is none of those or is never closed."""
        from .dialects import hugo

        name = m.group("hname").lower()
        if name not in hugo.MATH | hugo.CALLOUTS | hugo.FOLDS:
            return None
        end_re = re.compile(r"\{\{[<%]\s*/\s*" + re.escape(m.group("hname")) + r"\s*[>%]\}\}")
        end = self.closer(end_re, text, m.end())
        if end is None:
            return None
        args = m.group("hargs").strip()
        params = _params(args)
        if name in hugo.MATH:
            before = text[text.rfind("\n", 0, m.start()) + 1:m.start()]
            after_nl = text.find("\n", end.end())
            after = text[end.end():] if after_nl < 0 else text[end.end():after_nl]
            alone = not before.strip() and not after.strip()
            maths = hugo.maths(args, text[m.end():end.start()], alone=alone)
            if maths.startswith("$$") and before.strip():
                maths = "\n\n" + maths + "\n"
            gone = text.count("\n", m.start(), end.end())
            return maths + "\n" * max(0, gone - maths.count("\n")), end.end()
        if name in hugo.FOLDS:
            head = f"[!DETAILS] {hugo.summary(params)}".rstrip()
        else:
            kind, title = hugo.callout_head(name, params)
            head = f"[!{kind.upper()}] {title}".rstrip()
        return self.quoted_body(name, args, line, m, text, end_re=end_re, head=head)

    def quoted_body(self, name: str, args: str, line: int, m: re.Match[str],
                    text: str, closer: str = "", *, end_re: re.Pattern[str] | None = None,
                    head: str | None = None) -> tuple[str, int] | None:
        """A tag pair whose body is a quotation or a call-out, as a block quote:
        Hexo's ``{% blockquote Author, Source %}``, ``{% pullquote %}`` (an
        explicit pull quote), ``{% note info %}`` (a call-out); None when it
        is never closed. ``end_re`` finds the closing tag when it is no
        Liquid one; ``head`` is the call-out marker line, when known."""
        if end_re is None:
            end_re = re.compile(r"\{%-?\s*" + (closer or "end" + re.escape(name)) + r"\s*-?%\}")
        end = self.closer(end_re, text, m.end())
        if end is None:
            return None
        body = self.expand(text[m.end():end.start()], line).strip("\n")
        lines = body.split("\n") if body.strip() else []
        heads: list[str]
        if head is not None:
            heads = [head]
        elif name == "blockquote":
            who = re.sub(r"\s+https?://\S+.*$", "", args).strip().strip('"')
            if who and lines:
                lines[-1] = lines[-1].rstrip() + "\\"
                lines.append(f"— {who}")
            heads = []
        elif name == "pullquote":
            heads = ["[!PULLQUOTE]"]
        elif name in ("details", "spoiler", "collapsible", "accordion"):
            heads = [f"[!DETAILS] {args.strip()}".rstrip()]
        else:
            heads = [f"[!{_body_callout(name, args).upper()}]"]
        quoted = "\n".join("> " + x if x.strip() else ">" for x in heads + lines)
        if m.start() and text[m.start() - 1] != "\n":
            quoted = "\n\n" + quoted
        gone = text[m.start():end.end()].count("\n")
        return quoted + "\n" * max(0, gone - quoted.count("\n")), end.end()

    def hexo(self, name: str, args: str, context: str) -> str:
        """Hexo's post and asset tags: a post's link, a picture or link in
        the post's asset folder (beside the post, named after it)."""
        words = [w[1:-1] if w[:1] == w[-1:] == '"' and len(w) > 1 else w
                 for w in re.findall(r'"[^"]*"|\S+', args)]
        if not words:
            return ""
        if name in ("post_link", "post_path"):
            url = "/" + words[0].strip("/") + "/"
            if name == "post_path":
                return _url_in(url, context)
            label = words[1] if len(words) > 1 and words[1] not in ("true", "false") else words[0]
            return f"[{_escape_label(label)}](<{url}>)"
        at = next((i for i, w in enumerate(words) if _IMAGE_SUFFIX.search(w) or "." in w), 0)
        stem = re.sub(r"\.\w+$", "", (self.notes.path or "").replace("\\", "/").rsplit("/", 1)[-1])
        src = words[at] if "/" in words[at] or not stem else f"{stem}/{words[at]}"
        rest = [w for w in words[at + 1:] if not w.isdigit()]
        if name == "asset_path":
            return _url_in(src, context)
        if name == "asset_link":
            return f"[{_escape_label(' '.join(rest) or words[at])}](<{src}>)"
        title = rest[0] if len(rest) >= 2 and '"' in args else " ".join(rest)
        alt = rest[1] if len(rest) >= 2 and '"' in args else title
        return _markdown_image(src, alt, title)

    def output(self, expr: str, line: int, context: str, m: re.Match[str] | None = None) -> str:
        tag = _franklin_branch(expr)
        if tag is not None and m is not None:
            branched = self.franklin_branch(tag[0], tag[1], line, m)
            if branched is not None:
                return branched
        call = _ZOLA_CALL.fullmatch(expr)
        if call:
            return self.shortcode(call.group(1), call.group(2).replace(",", " "), "zola", line, context)
        value = self.evaluate(expr, html=m is not None and _in_html_block(m.string, m.start()))
        if value is not None:
            return _url_in(value, context) if _in_url(context) else value
        image = _image_from(expr, "")
        if image:
            return image
        name = re.split(r"[\s|(]", expr.strip(), maxsplit=1)[0] or "…"
        self.notes.removed(f"template variable {{{{ {name} }}}}", line)
        return ""

    def evaluate(self, expr: str, *, html: bool = False) -> str | None:
        """A Liquid/Franklin/Go output expression, or None when it names
        nothing essaykit knows; ``html``: it stands inside an HTML block."""
        parts = _split_filters(expr)
        if not parts:
            return None
        head = parts[0].strip()
        if head.startswith("fill "):
            head = head[5:].strip()
        from .dialects.liquid import apply_filter, markdownify, split_args

        value = "now" if head.lower() in ("site.time", "now") else self.term(head)
        for f in parts[1:]:
            fname, _, farg = f.partition(":")
            args = [self.term(a) for a in split_args(farg)]
            if fname.strip() == "markdownify" and html and value is not None:
                value = markdownify(value)
                continue
            # dates, case, default, trimming (see .dialects.liquid); the rest keep the value
            value = apply_filter(value, fname.strip(), args)
        return value

    def term(self, term: str) -> str | None:
        lit = re.fullmatch(r"'([^']*)'|\"([^\"]*)\"", term)
        if lit:
            return lit.group(1) if lit.group(1) is not None else lit.group(2)
        if re.fullmatch(r"-?\d+(?:\.\d+)?", term):
            return term
        low = term.lower()
        if low in ("site.baseurl", "site.url", "site.github.url", "base_url", "site.base_url",
                   "site.base", ".site.baseurl", "baseurl", "relurl", ".site.baseurl"):
            return ""
        for prefix in ("site.params.", ".site.params.", "config.extra.", "site.", ".site.", "config."):
            if low.startswith(prefix):
                return self.lookup(low[len(prefix):], self.site)
        for prefix in ("page.", "post.", ".params.", ".page.", "."):
            if low.startswith(prefix):
                low = low[len(prefix):]
                break
        if low in _PAGE_URL:  # the page's own address: its permalink, when the post names one
            return next((v for k in ("permalink", "url") if (v := self.lookup(k)) is not None), None)
        return self.lookup(low)

    def lookup(self, key: str, where: dict[str, Any] | None = None) -> str | None:
        if not re.fullmatch(r"[\w-]+", key or ""):
            return None
        if where is None and key.lower() in self.state.assigned:
            return self.state.assigned[key.lower()]
        value = (self.data if where is None else where).get(key.lower())
        if value is None:
            return None
        if isinstance(value, (list, tuple)):
            return ", ".join(str(v) for v in value if not isinstance(v, (dict, list)))
        if isinstance(value, Mapping):
            return None
        if isinstance(value, (dt.date, dt.datetime)):
            return value.isoformat()  # as YAML and TOML dates are written
        return str(value)


#: The names a page's own address goes by (Jekyll, Hugo, Eleventy, Zola).
_PAGE_URL = frozenset({"url", "permalink", "relpermalink", "path"})
#: What Jekyll sets on a page beyond its front matter (unknown here).
_COMPUTED_PAGE = frozenset({"next", "previous", "excerpt", "content", "id", "collection", "categories",
                            "tags", "dir", "name", "output", "relative_path", "date", "slug", "ext"})
#: What Jekyll makes of the whole site (unknown here).
_COMPUTED_SITE = frozenset({"posts", "pages", "categories", "tags", "data", "collections", "static_files",
                            "html_pages", "html_files", "documents", "time", "related_posts", "github",
                            "baseurl", "url"})


_FRANKLIN_BRANCH = {"if": "if", "elseif": "elsif", "else": "else", "end": "end", "isdef": "isdef",
                    "ifdef": "isdef", "isnotdef": "isnotdef", "ifndef": "isnotdef", "ispage": "ispage",
                    "ifpage": "ispage", "isnotpage": "isnotpage", "ifnotpage": "isnotpage",
                    "isempty": "isempty", "isnotempty": "isnotempty"}


def _franklin_branch(expr: str) -> tuple[str, str] | None:
    """``{{if hasmath}}`` → ("if", "hasmath"); None for an expression that is
    no tag of Franklin's (or Go's) conditions."""
    word, _, rest = expr.strip().strip("-").strip().partition(" ")
    name = _FRANKLIN_BRANCH.get(word.lower())
    if name is None or (name in ("else", "end") and rest.strip()):
        return None
    return name, rest.strip()


def _split_filters(expr: str) -> list[str]:
    """``'x' | prepend: site.baseurl`` → its term and filters (pipes inside
    quotes are text)."""
    parts: list[str] = []
    buf = ""
    quote = ""
    for ch in expr:
        if quote:
            buf += ch
            if ch == quote:
                quote = ""
        elif ch in "'\"":
            quote = ch
            buf += ch
        elif ch == "|":
            parts.append(buf)
            buf = ""
        else:
            buf += ch
    parts.append(buf)
    return [p for p in (x.strip() for x in parts) if p]


_PARAM = re.compile(r"""(?:([\w-]+)\s*=\s*)?(?:"((?:[^"\\]|\\.)*)"|'([^']*)'|“([^”]*)”|([^\s"'=]+))""")


def _params(args: str) -> dict[str, str]:
    """Named (``key="v"``) and positional (``"0"``, ``"1"``...) arguments."""
    out: dict[str, str] = {}
    n = 0
    for m in _PARAM.finditer(args):
        value = next((g for g in m.groups()[1:] if g is not None), "")
        if m.group(1):
            out.setdefault(m.group(1).lower(), value)
        else:
            out.setdefault(str(n), value)
            n += 1
    return out


def _image_from(args: str, name: str, *, block: bool = False) -> str | None:
    """An image (Markdown) from template arguments that name an image file:
    ``src=``/``url=``/``file=`` or any argument ending in ``.png`` and the
    like; the caption from ``caption``/``title``/``description``/``alt``, or
    the longest other quoted words. A figure whose credit links somewhere
    (Hugo's ``attrlink``) is an HTML figure when it stands alone (``block``),
    so the credit in its caption is that link."""
    params = _params(args)
    src = next((params[k] for k in ("src", "url", "file", "image", "path", "img") if params.get(k)), None)
    if src is None:
        src = next((v for v in params.values() if _IMAGE_SUFFIX.search(v)), None)
    if not src or not (_IMAGE_SUFFIX.search(src) or name in ("figure", "img", "image", "picture")):
        return None
    from .dialects.hugo import figure_caption

    # Hugo's figure prints its title over its caption and its credit (attr) under it.
    caption = figure_caption(params) or next((params[k] for k in ("description", "desc") if params.get(k)), "")
    caption = _EMPHASIS.sub(r"\2", caption)  # a caption is plain text here
    alt = params.get("alt") or ""
    if not caption:
        words = [v for k, v in params.items() if k.isdigit() and v != src and " " in v]
        caption = max(words, key=len) if words else ""
    link = params.get("attrlink", "").strip()
    if block and link and params.get("attr", "").strip():
        return _html_figure(src, alt or caption, params, link)
    return _markdown_image(src, alt or caption, caption)


def _html_figure(src: str, alt: str, params: dict[str, str], link: str) -> str:
    """Hugo's figure as the HTML it makes: the caption's last part, the
    credit, links to ``attrlink``."""
    from .dialects.hugo import figure_caption

    credit = " ".join(_EMPHASIS.sub(r"\2", params["attr"]).split())
    words = _EMPHASIS.sub(r"\2", figure_caption({k: v for k, v in params.items() if k != "attr"}))
    lead = words + ("" if not words or re.search(r"[.!?:;…]$", words) else ".") + (" " if words else "")
    esc = html.escape
    text = esc(html.unescape(lead)) + f'<a href="{esc(link)}">{esc(html.unescape(credit))}</a>'
    alt = " ".join(html.unescape(alt).split())
    return f'<figure><img src="{esc(src)}" alt="{esc(alt)}" /><figcaption>{text}</figcaption></figure>'


_EMPHASIS = re.compile(r"(\*\*|__|\*|_)(\S(?:.*?\S)?)\1")


def _markdown_image(src: str, alt: str, title: str) -> str:
    alt = re.sub(r"([\\\[\]])", r"\\\1", html.unescape(" ".join(alt.split())))
    src = src.replace(" ", "%20").replace("<", "%3C").replace(">", "%3E")
    title = " ".join(html.unescape(title).split()).replace("\\", "\\\\").replace('"', '\\"')
    return f'![{alt}](<{src}> "{title}")' if title else f"![{alt}](<{src}>)"


def _code_span(code: str) -> str:
    longest = max((len(r) for r in re.findall("`+", code)), default=0)
    ticks = "`" * (longest + 1)
    return f"{ticks} {code.strip()} {ticks}"


def _first_word(args: str) -> str:
    params = _params(args)
    return params.get("0", "")


def _site_url(tag: str, target: str) -> str:
    """Where Jekyll's ``{% link %}``/``{% post_url %}`` would point: the
    post's default permalink (the site's own permalink setting is unknown)."""
    name = target.rsplit("/", 1)[-1]
    m = re.match(r"(\d{4})-(\d{2})-(\d{2})-(.+?)(?:\.\w+)?$", name)
    if m and (tag == "post_url" or "_posts/" in target):
        return f"/{m.group(1)}/{m.group(2)}/{m.group(3)}/{m.group(4)}.html"
    if tag == "link":
        return "/" + re.sub(r"\.(?:md|markdown)$", ".html", target.lstrip("/"))
    return target


def _block_end(text: str, start: int, name: str) -> int | None:
    """Where the ``{% end<name> %}`` closing a block opened before ``start``
    ends (nested blocks of the same name counted), or None."""
    depth = 1
    for t in re.finditer(r"\{%-?\s*(end)?" + name + r"\b.{0,2000}?-?%\}", text[start:], re.S):
        depth += -1 if t.group(1) else 1
        if depth == 0:
            return start + t.end()
    return None


#: dev.to (Forem) liquid tags that embed a page: each said as its address.
_FOREM_EMBEDS = frozenset({
    "embed", "github", "codepen", "codesandbox", "jsfiddle", "glitch", "replit", "stackblitz",
    "stackoverflow", "stackexchange", "spotify", "speakerdeck", "slideshare", "kotlin", "runkit",
    "dotnetfiddle", "asciinema", "loom", "twitch", "reddit", "medium", "soundcloud", "link",
    "wikipedia", "instagram", "tiktok", "podcast", "card",
})


def _forem_url(name: str, args: str) -> str | None:
    """The address a Forem embed tag shows; None when it names none."""
    words = args.split()
    if not words:
        return None
    first = words[0].strip("\"'")
    if first.startswith(("http://", "https://")):
        return first
    if name == "github" and re.fullmatch(r"[\w.-]+/[\w.-]+(?:/[\w./-]+)?", first):
        return f"https://github.com/{first}"
    if name in ("stackoverflow", "stackexchange") and first.isdigit():
        return f"https://stackoverflow.com/q/{first}"
    if name == "codepen" and "/" in first:
        return f"https://codepen.io/{first}"
    if name == "instagram" and re.fullmatch(r"[\w-]+", first):
        return f"https://www.instagram.com/p/{first}/"
    return None


#: Body tags that are call-outs when they or their first word name a kind
#: (``{% note info %}`` in Hexo's NexT theme, ``{% alert warning %}``).
_BODY_CALLOUTS = ("note", "alert", "callout", "admonition", "tip", "warning", "info", "danger", "hint")


def _body_callout(name: str, args: str) -> str:
    first = args.split()[0] if args.split() else ""
    return callout_kind(first) or callout_kind(name) or ""


def _escape_words(text: str) -> str:
    """Words set as Markdown text: nothing in them read as Markdown."""
    return re.sub(r"([\\`*_\[\]<>])", r"\\\1", " ".join(text.split()))


def _escape_label(text: str) -> str:
    return re.sub(r"([\\\[\]])", r"\\\1", " ".join(text.split()))


_ZOLA_CALL = re.compile(r"\s*([A-Za-z_]\w*)\s*\((.*)\)\s*", re.S)


def _zola_url(target: str) -> str:
    """Where Zola's ``@/blog/post.md#part`` points: the page's default
    path (``/blog/post/#part``; ``_index.md`` is its section)."""
    path, hash_, frag = target[1:].partition("#")
    path = re.sub(r"(?:/_?index)?\.md$", "", path).rstrip("/")
    return (path + "/" if path else "/") + hash_ + frag


def _embed_url(name: str, params: dict[str, str]) -> str | None:
    first = params.get("id") or params.get("0") or ""
    if name == "youtube" and first:
        return f"https://www.youtube.com/watch?v={urllib.parse.quote(first)}"
    if name == "vimeo" and first:
        return f"https://vimeo.com/{urllib.parse.quote(first)}"
    if name == "gist":
        user = params.get("user") or params.get("0", "")
        gist = params.get("id") or params.get("1", "")
        if "/" in user and not gist:
            return f"https://gist.github.com/{user}"
        if user and gist:
            return f"https://gist.github.com/{user}/{gist}"
        return f"https://gist.github.com/{user}" if user else None
    if name in ("tweet", "twitter", "x"):
        user, tid = params.get("user", ""), params.get("id", "")
        if user and tid:
            return f"https://twitter.com/{user}/status/{tid}"
        if first.startswith("http"):
            return first
        return f"https://twitter.com/i/status/{first}" if first.isdigit() else None
    if name == "instagram" and first:
        return f"https://www.instagram.com/p/{urllib.parse.quote(first)}/"
    return None


_URL_CONTEXT = re.compile(r"""(?:\]\([^)\s]*|(?:href|src)\s*=\s*["']?[^"'\s>]*)$""", re.I)


_HTML_START = re.compile(r" {0,3}</?[A-Za-z][\w-]*(?:[\s/>]|$)")


def _in_html_block(text: str, pos: int) -> bool:
    """Whether ``pos`` stands in a block that opens with an HTML tag (from the
    last blank line before it), where Markdown is not read."""
    start = max((text.rfind(sep, 0, pos) for sep in ("\n\n", "\n \n", "\n\t\n")), default=-1)
    start = 0 if start < 0 else text.index("\n", start + 1) + 1
    return _HTML_START.match(text, start) is not None


def _in_url(context: str) -> bool:
    return _URL_CONTEXT.search(context) is not None


def _url_in(value: str, context: str) -> str:
    """A value as it may stand where it stands: inside a link's URL, spaces
    and parentheses are escaped so the link still parses."""
    if _in_url(context):
        return urllib.parse.quote(value, safe="/:?#[]@!$&'*+,;=%~.-_")
    return value

