"""MyST Markdown (Jupyter Book, Sphinx with myst-parser, mystmd) as the reader's Markdown.

A MyST page says most of what it means through directives (```` ```{note} ````,
``:::{figure} orbit.png``), roles (``{math}`x```, ``{ref}`target```), targets
(``(label)=``), ``%`` comments and ``+++`` cell breaks. Each becomes what the
reader already knows: a call-out, a figure with its caption, display maths
with its label (so ``{eq}`` reads as its number), a code block, a pull quote,
the words a role shows. A directive that only the site's build can fill
(``{toctree}``, ``{bibliography}``, ``{include}``) is removed, one warning a
kind. Code is shown as written. Plain text in, Markdown out.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

__all__ = ["expand_myst", "is_myst"]

_ADMONITIONS = {"note", "tip", "hint", "important", "warning", "caution", "attention", "danger", "error",
                "seealso", "admonition", "margin", "sidebar", "aside", "topic", "dropdown", "versionadded",
                "versionchanged", "deprecated"}
_CODE = {"code-block", "code", "sourcecode", "code-cell", "mermaid", "graphviz", "literal"}
#: Kinds whose name is no call-out kind's: the label the site shows.
_OWN_TITLES = {"seealso": "See also", "versionadded": "New", "versionchanged": "Changed", "deprecated": "Deprecated"}
_DROPPED = {"toctree", "tableofcontents", "bibliography", "include", "literalinclude", "glue", "glue:figure",
            "glue:math", "glue:any", "raw", "only", "contents", "index", "iframe", "embed", "jupyter-execute",
            "youtube", "video", "meta", "rubric-like", "footbibliography"}
_QUOTES = {"epigraph", "pull-quote", "highlights", "blockquote"}
_CONTAINERS = {"tab-set", "grid", "card-carousel", "container", "div", "tab-set-code", "only-html"}
_TITLED = {"tab-item", "card", "grid-item-card", "exercise", "solution", "proof", "prf:theorem", "prf:lemma",
           "prf:definition", "prf:proof", "prf:example", "prf:remark", "prf:corollary", "prf:proposition"}
#: Every directive a backtick fence may open (Quarto's and R Markdown's ```{python} cells are theirs).
_DIRECTIVES = (_ADMONITIONS | _CODE | _DROPPED | _QUOTES | _CONTAINERS | _TITLED
               | {"figure", "image", "math", "list-table", "csv-table", "table", "rubric", "centered"})

_OPEN = re.compile(r"^(?P<indent>[ ]{0,3})(?P<fence>`{3,}|:{3,})\{(?P<name>[A-Za-z][\w:.-]*)\}[ \t]*(?P<arg>[^\n]*?)[ \t]*$")
_PLAIN_FENCE = re.compile(r"^[ ]{0,3}(`{3,}|~{3,})")
_OPTION = re.compile(r"^[ \t]*:(?P<key>[\w-]+):(?:[ \t]+(?P<value>.*?))?[ \t]*$")
_TARGET = re.compile(r"^[ ]{0,3}\((?P<name>[^()\s]+)\)=[ \t]*$")
_COMMENT = re.compile(r"^[ ]{0,3}%(?!%)")
_BREAK = re.compile(r"^[ ]{0,3}\+\+\+(?:[ \t]+\{.*\})?[ \t]*$")
_HEADING = re.compile(r"^[ ]{0,3}#{1,6}[ \t]+(?P<text>.+?)[ \t#]*$")
_ROLE = re.compile(r"\{(?P<role>[\w:+.-]{1,40})\}(?P<ticks>`+)(?P<body>.+?)(?P=ticks)")
_TITLE_TARGET = re.compile(r"^(?P<title>.*?)\s*<(?P<target>[^<>]+)>$", re.S)
#: ``{{ key }}``: a value the front matter's ``substitutions`` gives.
_SUBSTITUTION = re.compile(r"\{\{\s*([\w.-]+)\s*\}\}")
_EMPTY_LINK = re.compile(r"\[\]\((?P<target>[\w:.-]+)\)")
_TRIGGER = re.compile(
    r"^[ ]{0,3}(?:`{3,}|:{3,})\{(?:" + "|".join(re.escape(d) for d in sorted(_DIRECTIVES)) + r")\}"
    r"|^[ ]{0,3}:{3,}\{[A-Za-z][\w:.-]*\}|^[ ]{0,3}\([^()\s]+\)=[ \t]*$"
    r"|\{(?:math|eq|ref|numref|doc|abbr|cite(?::\w+)?|term|kbd|download|sub|sup)\}`",
    re.M)
_FRONT_KEYS = {"kernelspec", "jupytext", "myst", "mystnb", "substitutions"}
_CODE_ROLES = {"kbd", "command", "file", "samp", "program", "code", "literal", "envvar", "option", "class",
               "func", "meth", "attr", "mod", "obj", "data", "exc", "const", "var", "regexp", "makevar"}


def is_myst(body: str, data: dict[str, Any]) -> bool:
    """A MyST page: its front matter names a kernel or MyST's settings, or its
    body opens a MyST directive, sets a target or uses a MyST role."""
    return any(str(k).lower() in _FRONT_KEYS for k in data) or _TRIGGER.search(body) is not None


def expand_myst(body: str, data: dict[str, Any], removed: Callable[[str, int], None]) -> str:
    """``body`` with MyST's syntax as Markdown the reader knows; ``removed(what,
    line)`` hears of what had to go (1-based lines within ``body``)."""
    lines = body.split("\n")
    refs = _References(lines, data)
    return "\n".join(_Expander(refs, removed).lines(lines, 1))


class _References:
    """What roles point to: each target's heading, each named figure's number,
    each labelled formula."""

    def __init__(self, lines: list[str], data: dict[str, Any]) -> None:
        self.headings: dict[str, str] = {}
        self.figures: dict[str, int] = {}
        self.maths: set[str] = set()
        self.cite = any(str(k).lower() in {"bibliography", "references"} for k in data)
        subs = next((v for k, v in data.items() if str(k).lower() == "substitutions"), None)
        self.substitutions = {str(k): str(v) for k, v in subs.items()
                              if isinstance(v, (str, int, float))} if isinstance(subs, dict) else {}
        pending: list[str] = []
        current = ""
        for line in lines:
            target = _TARGET.match(line)
            if target:
                pending.append(target.group("name"))
                continue
            head = _HEADING.match(line)
            if head and pending:
                for name in pending:
                    self.headings[name] = _roles_plain(head.group("text"))
                pending = []
            elif line.strip():
                pending = []
            opened = _OPEN.match(line)
            if opened:
                current = opened.group("name")
                continue
            option = _OPTION.match(line)
            if option and option.group("key") in ("name", "label") and option.group("value"):
                name = option.group("value").strip()
                if current == "figure":
                    self.figures.setdefault(name, len(self.figures) + 1)
                elif current == "math":
                    self.maths.add(name)


def _roles_plain(text: str) -> str:
    return _ROLE.sub(lambda m: _title_target(m.group("body"))[0], text)


def _title_target(text: str) -> tuple[str, str]:
    m = _TITLE_TARGET.match(text.strip())
    if m and m.group("title"):
        return m.group("title").strip(), m.group("target").strip()
    target = m.group("target").strip() if m else text.strip()
    return "", target


class _Expander:
    def __init__(self, refs: _References, removed: Callable[[str, int], None]) -> None:
        self.refs = refs
        self.removed = removed

    def lines(self, lines: list[str], first: int) -> list[str]:
        out: list[str] = []
        i = 0
        fence = ""
        while i < len(lines):
            line = lines[i]
            if fence:
                out.append(line)
                if line.strip().startswith(fence) and not line.strip().strip(fence[0]):
                    fence = ""
                i += 1
                continue
            opened = _OPEN.match(line)
            if opened and (opened.group("fence")[0] == ":" or opened.group("name") in _DIRECTIVES):
                end = _closing(lines, i, opened.group("fence"))
                out.extend(self.directive(opened, lines[i + 1:end], first + i))
                i = end + 1
                continue
            plain = _PLAIN_FENCE.match(line)
            if plain:
                fence = plain.group(1)
                out.append(line)
            elif _TARGET.match(line) or _BREAK.match(line) or _COMMENT.match(line):
                out.append("")
            else:
                out.append(self.roles(line))
            i += 1
        return out

    def roles(self, line: str) -> str:
        if "{" not in line and "[](" not in line:
            return line
        if "{{" in line and self.refs.substitutions:
            line = _SUBSTITUTION.sub(lambda m: self.refs.substitutions.get(m.group(1), m.group(0)), line)
        line = _ROLE.sub(self.role, line)
        return _EMPTY_LINK.sub(lambda m: f"[{self.target_words(m.group('target'))}](#{m.group('target')})", line)

    def target_words(self, target: str) -> str:
        if target in self.refs.headings:
            return self.refs.headings[target]
        if target in self.refs.figures:
            return f"Figure {self.refs.figures[target]}"
        return target.replace("-", " ").replace("_", " ")

    def role(self, m: re.Match[str]) -> str:
        name = m.group("role").lower()
        body = m.group("body")
        title, target = _title_target(body)
        if name == "math":
            return f"${body.strip()}$"
        if name == "eq":
            return f"\\eqref{{{target}}}"
        if name in ("ref", "doc", "any"):
            return title or (self.target_words(target) if name != "doc" else target.rsplit("/", 1)[-1])
        if name == "numref":
            number = self.refs.figures.get(target)
            if target in self.refs.maths:
                return f"\\eqref{{{target}}}"
            if title and number is not None:
                return title.replace("%s", str(number)).replace("{number}", str(number))
            return f"Figure {number}" if number is not None else title or self.target_words(target)
        if name == "abbr":
            return body.strip()
        if name == "sub":
            return f"~{body.strip()}~"
        if name == "sup":
            return f"^{body.strip()}^"
        if name.startswith("cite"):
            keys = [k.strip() for k in body.split(",") if k.strip()]
            if self.refs.cite:
                return "@" + keys[0] if name in ("cite:t", "citet") and len(keys) == 1 else \
                    "[" + "; ".join("@" + k for k in keys) + "]"
            return "[" + ", ".join(keys) + "]"
        if name in _CODE_ROLES or name.startswith(("py:", "js:", "c:", "cpp:", "rst:")):
            return "`" + (title or target) + "`"
        if name in ("guilabel", "menuselection"):
            return "**" + body.strip().replace("-->", "→") + "**"
        return title or target

    def directive(self, m: re.Match[str], inner: list[str], line: int) -> list[str]:
        name = m.group("name").lower()
        arg = m.group("arg")
        options, body = _options(inner)
        pad = [""] * (len(inner) - len(body))  # option lines become blank lines
        if name in _DROPPED:
            self.removed(f"MyST's {{{name}}} directive", line)
            return [""] * (len(inner) + 2)
        if name in _CODE:
            lang = arg.split()[0] if arg else options.get("language", "")
            lang = {"ipython3": "python", "ipython": "python", "python3": "python"}.get(lang, lang)
            ticks = "`" * max(3, 1 + max((len(r) for ln in body for r in re.findall(r"`+", ln)), default=0))
            return [ticks + lang, *body, ticks, *pad]
        content = self.lines(body, line + 1 + len(pad))
        colons = ":" * max(3, 1 + max((len(c) for ln in content for c in re.findall(r"^\s*(:{3,})", ln)), default=0))
        if name in _ADMONITIONS:
            kind = {"margin": "note", "sidebar": "note", "aside": "note", "topic": "note", "dropdown": "details",
                    "versionadded": "note", "versionchanged": "note", "deprecated": "warning"}.get(name, name)
            if name == "admonition":
                kind = next((c for c in options.get("class", "").split() if c in _ADMONITIONS), "note")
            title = self.roles(arg).replace('"', "\u201d") if arg else _OWN_TITLES.get(name, "")
            head = f'{colons} {{.{kind}' + (f' title="{title}"' if title else "") + "}"
            return [head, *pad, *content, colons]
        if name == "pull-quote":
            return [f"{colons} pullquote", *pad, *content, colons]
        if name in _QUOTES:
            return ["", *pad, *("> " + c if c.strip() else ">" for c in content), ""]
        if name in ("figure", "image"):
            return [*self.figure(name, arg, options, content), *pad]
        if name == "math":
            label = options.get("label") or options.get("name")
            return ["$$", *pad, *content, *([f"\\label{{{label}}}"] if label else []), "$$"]
        if name == "list-table":
            return [*_list_table(content, options), *pad]
        if name in _CONTAINERS:
            return ["", *pad, *content, ""]
        lead = [f"**{self.roles(arg)}**", ""] if arg else [""]
        if name not in _TITLED and not name.startswith("prf:"):
            self.removed(f"MyST's {{{name}}} directive (its content is kept)", line)
        return [*lead, *pad, *content, ""]

    def figure(self, name: str, arg: str, options: dict[str, str], content: list[str]) -> list[str]:
        caption = " ".join(c.strip() for c in content if c.strip()) if name == "figure" else ""
        words = caption or options.get("alt", "")
        attrs = []
        if options.get("name"):
            attrs.append(f"#{options['name']}")
        if options.get("width"):
            attrs.append(f'width="{options["width"]}"')
        tail = "{" + " ".join(attrs) + "}" if attrs else ""
        return ["", f"![{words}]({arg.strip()}){tail}", "", *([""] * max(0, len(content) - 1))]


def _closing(lines: list[str], start: int, fence: str) -> int:
    """The line closing the directive opened at ``start`` (the last line when none does)."""
    char = fence[0]
    for j in range(start + 1, len(lines)):
        s = lines[j].strip()
        if s and s == char * len(s) and len(s) >= len(fence):
            return j
    return len(lines) - 1


def _options(inner: list[str]) -> tuple[dict[str, str], list[str]]:
    """A directive's ``:key: value`` lines (or ``---`` YAML block) and the rest."""
    options: dict[str, str] = {}
    i = 0
    if inner and inner[0].strip() == "---":
        end = next((j for j in range(1, len(inner)) if inner[j].strip() == "---"), None)
        if end is not None:
            for ln in inner[1:end]:
                key, _, value = ln.partition(":")
                options[key.strip()] = value.strip().strip("\"'")
            return options, inner[end + 1:]
    while i < len(inner):
        m = _OPTION.match(inner[i])
        if m is None:
            break
        options[m.group("key")] = (m.group("value") or "").strip()
        i += 1
    while i < len(inner) and not inner[i].strip() and i < len(inner) - 1 and options:
        i += 1
    return options, inner[i:]


def _list_table(content: list[str], options: dict[str, str]) -> list[str]:
    """A ``{list-table}``'s nested bullet list as a pipe table."""
    rows: list[list[str]] = []
    for ln in content:
        row = re.match(r"^[*-][ \t]+[*-][ \t]+(.*)$", ln)
        cell = re.match(r"^[ \t]+[*-][ \t]+(.*)$", ln)
        if row:
            rows.append([row.group(1).strip()])
        elif cell and rows:
            rows[-1].append(cell.group(1).strip())
        elif ln.strip() and rows and rows[-1]:
            rows[-1][-1] += " " + ln.strip()
    if not rows:
        return content
    width = max(len(r) for r in rows)
    rows = [[c.replace("|", "\\|") for c in r] + [""] * (width - len(r)) for r in rows]
    header = rows[0] if options.get("header-rows", "0").strip() not in ("", "0") else [""] * width
    body = rows[1:] if header is rows[0] else rows
    return ["", "| " + " | ".join(header) + " |", "|" + "---|" * width,
            *("| " + " | ".join(r) + " |" for r in body), ""]
