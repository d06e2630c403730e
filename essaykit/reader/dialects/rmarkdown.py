"""R Markdown's, blogdown's and bookdown's own syntax (knitr's chunks and
inline code, bookdown's cross-references), said for a reader.

essaykit runs no R: inline code `` `r nrow(df)` `` is shown as the
expression it is (as code, without the engine's name), a chunk marked
``include=FALSE`` adds no figure number (the reader leaves it out), and
``\\@ref(fig:x)`` reads as bookdown numbers it. Line count is kept, so
warnings point where the author wrote.
"""

from __future__ import annotations

import re
from typing import Any

__all__ = ["chunk_options", "expand_rmarkdown", "is_rmarkdown", "is_inline_r"]

_CHUNK = re.compile(r"^([ \t]*)(`{3,})[ \t]*\{([A-Za-z][\w.]*)([^{}\n]*)\}[ \t]*$")
_FENCE = re.compile(r"^[ \t]*(`{3,}|~{3,})")
#: Inline code knitr runs: `r expr`, and Quarto's `{r} expr` / `{python} expr`.
_INLINE = re.compile(r"(?<!`)`(?:r|\{(?:r|python|julia)\})[ \t]+([^`\n]*[^`\s][^`\n]*)`(?!`)")
_REF = re.compile(r"\\@ref\(([\w:.-]+)\)")
_DEFINED = re.compile(r"\(\\#((?:fig|tab|eq):[\w.-]+)\)[ \t]*")
_HEADING = re.compile(r"^ {0,3}#{1,6}[ \t]+(.*?)[ \t]*(?:\{([^{}\n]*)\})?[ \t]*#*[ \t]*$")
_NAMES = {"fig": "Figure", "tab": "Table", "eq": "Equation"}


def is_rmarkdown(body: str, path: str | None) -> bool:
    """Whether a document is R Markdown (or a Quarto one running knitr): its
    name says so, or it holds a knitr chunk or bookdown reference."""
    if path and str(path).lower().endswith((".rmd", ".rmarkdown", ".qmd")):
        return "`r " in body or "`{" in body or "\\@ref(" in body or "```{" in body
    return re.search(r"^[ \t]*`{3,}[ \t]*\{r[\s,}]", body, re.M) is not None or "\\@ref(" in body


def is_inline_r(value: Any) -> bool:
    """Whether a front-matter value is all inline R (``"`r Sys.Date()`"``)."""
    return isinstance(value, str) and _INLINE.fullmatch(value.strip()) is not None


def chunk_options(info: str) -> tuple[str, str, dict[str, str]]:
    """A knitr chunk header's engine, label and options (``{r cars,
    echo=FALSE, fig.cap="Cars"}``), strings unquoted, ``T``/``F`` spelt
    out; ``("", "", {})`` for a header that is no chunk's."""
    m = re.fullmatch(r"\{\s*([A-Za-z][\w.]*)(.*)\}", info.strip(), re.S)
    if not m:
        return "", "", {}
    parts = _split(m.group(2))
    label = ""
    options: dict[str, str] = {}
    for i, part in enumerate(parts):
        key, eq, value = part.partition("=")
        if not eq:
            if i == 0 and re.fullmatch(r"[\w.-]+", part):
                label = part
            continue
        key, value = key.strip(), value.strip()
        if key == "label":
            label = _unquote(value)
            continue
        value = {"T": "TRUE", "F": "FALSE"}.get(value, value)
        options[key] = _unquote(value)
    return m.group(1).lower(), label, options


def _split(text: str) -> list[str]:
    """``text`` split at its top-level commas (not in quotes or brackets)."""
    parts, depth, quote, start = [], 0, "", 0
    for i, ch in enumerate(text):
        if quote:
            if ch == quote and text[i - 1] != "\\":
                quote = ""
        elif ch in "\"'":
            quote = ch
        elif ch in "([{":
            depth += 1
        elif ch in ")]}":
            depth -= 1
        elif ch == "," and depth <= 0:
            parts.append(text[start:i])
            start = i + 1
    parts.append(text[start:])
    return [p.strip() for p in parts if p.strip()]


def _unquote(value: str) -> str:
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
        return value[1:-1].replace("\\" + value[0], value[0])
    return value


def _false(value: str | None) -> bool:
    return value is not None and value.strip().lower() in ("false", "f", "no")


def _chunks(lines: list[str]) -> list[tuple[int, int, re.Match[str] | None]]:
    """Each fenced block: its first and last line and, for a knitr chunk,
    its header's match."""
    out: list[tuple[int, int, re.Match[str] | None]] = []
    i = 0
    while i < len(lines):
        f = _FENCE.match(lines[i])
        if not f:
            i += 1
            continue
        fence = f.group(1)
        j = i + 1
        while j < len(lines):
            g = _FENCE.match(lines[j])
            if g and g.group(1)[0] == fence[0] and len(g.group(1)) >= len(fence) and not lines[j].strip()[len(g.group(1)):].strip():
                break
            j += 1
        out.append((i, min(j, len(lines) - 1), _CHUNK.match(lines[i])))
        i = j + 1
    return out


def _cell_option(lines: list[str], name: str) -> str | None:
    """A Quarto-style ``#| name: value`` option at the top of a chunk."""
    for line in lines:
        m = re.match(r"^[ \t]*#\|[ \t]*([\w.-]+):[ \t]*(.*?)[ \t]*$", line)
        if not m:
            return None
        if m.group(1) == name:
            return m.group(2)
    return None


def _numbered(data: dict[str, Any], body: str) -> bool:
    """Whether figures are numbered: bookdown's (and blogdown's) formats
    number them, and a document that refers to them needs the numbers."""
    return "\\@ref(" in body or re.search(r"bookdown|blogdown|_document2", repr(data.get("output", ""))) is not None


def expand_rmarkdown(body: str, data: dict[str, Any], said: Any) -> str:
    """``body`` with knitr's and bookdown's syntax said for a reader;
    ``said(message, line)`` is told once per kind (line counted from the
    body's first, 0-based)."""
    lines = body.split("\n")
    chunks = _chunks(lines)
    in_code: set[int] = set()
    labels: dict[str, str] = {}
    counts: dict[str, int] = {}
    number = _numbered(data, body)

    def define(label: str) -> str:
        kind = label.split(":", 1)[0]
        counts[kind] = counts.get(kind, 0) + 1
        labels.setdefault(label, f"{_NAMES[kind]} {counts[kind]}")
        return labels[label]

    # Definitions in reading order: chunks with a caption, bookdown's (\#fig:x), headings.
    events: list[tuple[int, str]] = []
    for start, end, header in chunks:
        in_code.update(range(start, end + 1))
        if header is None:
            continue
        _engine, label, options = chunk_options("{" + header.group(3) + header.group(4) + "}")
        inner = lines[start + 1:end]
        if _false(options.get("include")) or _false(_cell_option(inner, "include")):
            # Not on the rendered page (a setup chunk): the reader leaves it out
            # (after reading its opts_chunk$set), no figure is numbered.
            continue
        if "fig.cap" in options:
            events.append((start, "fig:" + label if label else "fig:"))
        elif label and re.search(r"\bcaption\s*=", "\n".join(inner)):
            events.append((start, "tab:" + label))
    for i, line in enumerate(lines):
        if i in in_code:
            continue
        events += [(i, m.group(1)) for m in _DEFINED.finditer(line)]
        head = _HEADING.match(line)
        if head:
            title = " ".join(head.group(1).split())
            ident = re.search(r"#([\w:.-]+)", head.group(2) or "")
            labels.setdefault(ident.group(1) if ident else _pandoc_id(title), title)
    for _line, label in sorted(events, key=lambda e: e[0]):
        define(label)

    for start, _end, header in chunks:
        if header is None or not lines[start]:
            continue
        _engine, label, options = chunk_options("{" + header.group(3) + header.group(4) + "}")
        said_as = labels.get("fig:" + label) if label else None
        if number and said_as and options.get("fig.cap"):
            # The caption numbered as bookdown numbers it: fig.cap="Figure 1: …"
            lines[start] = re.sub(r"(fig\.cap\s*=\s*[\"'])", r"\g<1>" + said_as.replace("\\", "") + ": ",
                                  lines[start], count=1)

    for i, line in enumerate(lines):
        if i in in_code:
            continue
        if "`" in line and _INLINE.search(line):
            line = _INLINE.sub(lambda m: _code(m.group(1)), line)
            said("inline R code (`r …`) cannot be run here; shown as the expression it is", i)
        if "(\\#" in line:
            line = _DEFINED.sub(lambda m: f"{labels[m.group(1)]}: " if number and not m.group(1).startswith("eq:") else "",
                                line)
        if "\\@ref(" in line:
            def ref(m: re.Match[str], i: int = i) -> str:
                label = m.group(1)
                found = labels.get(label)
                if found is None:
                    said(f"bookdown cross-reference \\@ref({label}) names nothing in this essay; shown as ??", i)
                    return "??"
                # "Figure \@ref(fig:x)": the reference is the number alone; a section's, its title.
                return found.rsplit(" ", 1)[-1] if label.split(":", 1)[0] in _NAMES else found
            line = _REF.sub(ref, line)
        lines[i] = line
    return "\n".join(lines)


def _code(expr: str) -> str:
    ticks = "``" if "`" in expr else "`"
    return f"{ticks}{expr.strip()}{ticks}"


def _pandoc_id(title: str) -> str:
    """pandoc's identifier for a heading without one (bookdown refers by it)."""
    text = re.sub(r"[^\w\s.-]", "", title.lower())
    text = re.sub(r"\s+", "-", text.strip())
    return text.lstrip("0123456789.-_") or "section"
