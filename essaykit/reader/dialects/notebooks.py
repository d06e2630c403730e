"""Quarto's and Obsidian's own syntax, beyond what the Markdown reader knows.

Quarto documents (``.qmd``) use Hugo-looking shortcodes of their own
(``{{< pagebreak >}}``, ``{{< meta title >}}``, ``{{< kbd Ctrl-C >}}``), say
``date: last-modified`` for the file's date, and refer to their figures and
tables by label (``@fig-rain``), which Quarto numbers. Obsidian notes hide the
author's private remarks between ``%%`` marks. Each is said here as what a
reader of the essay should see.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Callable
from typing import Any

__all__ = ["CellFigures", "is_obsidian", "is_quarto", "keyword_date", "quarto_shortcode"]


def is_obsidian(body: str, path: str | None) -> bool:
    """Whether a note is Obsidian's: wiki links or call-outs in it, or a
    vault (a folder holding ``.obsidian``) above it."""
    if "[[" in body or "> [!" in body:
        return True
    if not path:
        return False
    from pathlib import Path

    here = Path(path).resolve().parent
    home = Path(os.path.expanduser("~")).resolve()
    # Only a folder's name is looked at (as the site-root walk does), never above home.
    folders = [here, *list(here.parents)[:6]]
    folders = folders[: folders.index(home)] if home in folders else folders
    return any((folder / ".obsidian").is_dir() for folder in folders)


def keyword_date(value: Any, path: str | None) -> dt.date | None:
    """The date Quarto's ``date: last-modified`` (the file's modification
    day), ``today`` or ``now`` names; None for any other value."""
    if not isinstance(value, str):
        return None
    word = value.strip().lower()
    if word == "last-modified" and path:
        try:
            return dt.date.fromtimestamp(os.stat(path).st_mtime)
        except (OSError, ValueError, OverflowError):
            return dt.date.today()
    if word in ("last-modified", "today", "now"):
        return dt.date.today()
    return None


def is_quarto(path: str | None) -> bool:
    """Whether ``path`` names a Quarto (or R Markdown) document."""
    return bool(path) and str(path).lower().endswith((".qmd", ".rmd"))


def quarto_shortcode(name: str, params: dict[str, str], lookup: Callable[[str], str | None]) -> str | None:
    """The Markdown a Quarto shortcode stands for, or None when it has no
    meaning in an essay (``pagebreak``: essaykit lays out its own pages)."""
    first = params.get("0", "")
    if name == "meta" and first:
        return lookup(first.removeprefix("params."))
    if name == "kbd":
        keys = " ".join(v for k, v in sorted(params.items()) if k.isdigit()) or next(iter(params.values()), "")
        return f"`{keys}`" if keys and "`" not in keys else None
    if name == "video" and (first.startswith(("http://", "https://")) or params.get("src", "").startswith("http")):
        return f"<{first or params['src']}>"
    return None


# ------------------------------------------------------ cross-references

#: What Quarto calls each kind of label, by its prefix.
_NAMES = {"fig": "Figure", "tbl": "Table", "eq": "Equation", "lst": "Listing", "thm": "Theorem",
          "lem": "Lemma", "cor": "Corollary", "def": "Definition", "exm": "Example", "exr": "Exercise"}
_KINDS = "|".join(["sec", *_NAMES])
#: ``fig-x`` (Quarto) or ``fig:x`` (pandoc-crossref).
_LABEL = re.compile(r"\{[^{}\n]*?#((?:" + _KINDS + r")[-:][\w:-]+)[^{}\n]*\}")
_CELL_LABEL = re.compile(r"^[ \t]*(?:#|//|--)\|[ \t]*label:[ \t]*[\"']?((?:" + _KINDS + r")-[\w-]+)")
_FENCE = re.compile(r"^[ \t]*(`{3,}|~{3,})")
_HEADING = re.compile(r"^ {0,3}#{1,6}[ \t]+(.*?)[ \t]*\{[^{}\n]*\}[ \t]*$")
#: A reference: ``@fig-x``, ``[@fig-x]``, ``[-@fig-x]`` (the number alone), ``@Fig-x`` (capitalised).
REFERENCE = r"\[?-?@(?:" + _KINDS + "|" + _KINDS.title() + r")[-:][\w:-]*\w\]?"


def has_labels(body: str) -> bool:
    return re.search(r"#(?:" + _KINDS + r")[-:]\w|label:", body) is not None


def collect_labels(body: str) -> dict[str, str]:
    """Each cross-reference label the document defines (``{#fig-x}`` on an
    image or a div, ``#| label: fig-x`` in a cell, ``{#sec-x}`` on a
    heading), with what a reference to it says: "Figure 2", "Table 1", a
    section's title. Numbered per kind in the order they come, as Quarto does."""
    found: dict[str, str] = {}
    counts: dict[str, int] = {}
    fence = ""
    for line in body.split("\n"):
        labels: list[str] = []
        f = _FENCE.match(line)
        if fence:
            if f and f.group(1)[0] == fence[0] and len(f.group(1)) >= len(fence) and not line.strip()[len(f.group(1)):].strip():
                fence = ""
            else:
                cell = _CELL_LABEL.match(line)
                labels = [cell.group(1)] if cell else []
        elif f:
            fence = f.group(1)
            labels = [m.group(1) for m in _LABEL.finditer(line)]
        else:
            labels = [m.group(1) for m in _LABEL.finditer(line)]
        for label in labels:
            if label in found:
                continue
            kind = re.split("[-:]", label, maxsplit=1)[0]
            if kind == "sec":
                head = _HEADING.match(line)
                found[label] = " ".join(head.group(1).split()) if head else "Section"
                continue
            counts[kind] = counts.get(kind, 0) + 1
            found[label] = f"{_NAMES[kind]} {counts[kind]}"
    return found


def reference(text: str, labels: dict[str, str]) -> str | None:
    """What a reference says (``@fig-x`` → "Figure 1", ``[-@fig-x]`` → "1"),
    or None when its label is not defined here (left as written)."""
    inner = text.strip("[]")
    bare = inner.startswith("-")
    label = inner.lstrip("-@")
    said = labels.get(label) or labels.get(label[:1].lower() + label[1:])
    if said is None or (text.startswith("[") != text.endswith("]")):
        return None
    if bare:
        return said.rsplit(" ", 1)[-1] if re.split("[-:]", label, maxsplit=1)[0].lower() != "sec" else said
    return said


def number_captions(body: str, labels: dict[str, str]) -> str:
    """Captions numbered as Quarto numbers them ("Figure 1: …", "Table 1: …")
    and the labels that have no meaning left removed: ``{#eq-x}`` after
    ``$$``, ``: caption {#tbl-x}`` under a table."""
    out: list[str] = []
    fence = ""
    lines = body.split("\n")
    cell = ""
    for i, line in enumerate(lines):
        f = _FENCE.match(line)
        if fence or f:
            if fence and f and f.group(1)[0] == fence[0] and not line.strip()[len(f.group(1)):].strip():
                fence = cell = ""
            elif not fence:
                fence = f.group(1) if f else ""
            else:
                # A cell's caption option, numbered as its label says (the reader shows it).
                label = _CELL_LABEL.match(line)
                cell = label.group(1) if label else cell
                cap = re.match(r"^([ \t]*(?:#|//|--)\|[ \t]*(?:fig|tbl)-cap:[ \t]*[\"']?)(.*)$", line)
                if cap and cell in labels and cell.split("-", 1)[0] in ("fig", "tbl"):
                    line = f"{cap.group(1)}{labels[cell]}: {cap.group(2)}"
            out.append(line)
            continue
        line = re.sub(r"(\$\$)[ \t]*\{#eq[-:][\w:-]+[^{}\n]*\}", r"\1", line)
        image = re.match(r"^(\s*!\[)([^\]\n]*)(\]\([^)\n]*\)\{[^{}\n]*#(fig[-:][\w:-]+))", line)
        if image and image.group(4) in labels:
            words = image.group(2)
            line = f"{image.group(1)}{labels[image.group(4)]}{': ' + words if words else ''}{line[image.start(3):]}"
        caption = re.match(r"^\s*(?:Table)?:[ \t]+(.*?)[ \t]*\{#(tbl[-:][\w:-]+)[^{}\n]*\}[ \t]*$", line)
        if caption and caption.group(2) in labels:
            line = f"{labels[caption.group(2)]}: {caption.group(1)}"
        div = re.match(r"^ {0,3}(:{3,})[ \t]*\{#((?:tbl|fig)[-:][\w:-]+)[^{}\n]*\}", line)
        if div and div.group(2) in labels:
            _caption_last_line(lines, i, div.group(1), labels[div.group(2)])
        out.append(line)
    return "\n".join(out)


def _caption_last_line(lines: list[str], start: int, colons: str, said: str) -> None:
    """In a ``::: {#tbl-x}`` div, its caption (the last paragraph, under the
    table or figure) numbered, in place."""
    depth = 0
    for j in range(start + 1, len(lines)):
        if re.match(r"^ {0,3}:{3,}[ \t]*$", lines[j]):
            if depth == 0:
                k = j - 1
                while k > start and not lines[k].strip():
                    k -= 1
                text = lines[k].strip()
                if k > start and text and not text.startswith(("|", "!", "+", ":")) and k - 1 > start and not lines[k - 1].strip():
                    lines[k] = f"{said}: {text}"
                return
            depth -= 1
        elif re.match(r"^ {0,3}:{3,}[ \t]*\S", lines[j]):
            depth += 1


# ------------------------------------------------------------ cells' figures

#: Picture formats Quarto and knitr write a cell's figure in (PDF ones cannot be shown).
_PICTURES = ("png", "svg", "jpg", "jpeg", "gif", "webp")


class CellFigures:
    """Where a Quarto or R Markdown cell's figure is, for a document that
    runs no code here: the picture Quarto left when it rendered the document
    (``<name>_files/figure-html/<label>-output-1.png``, knitr's
    ``<label>-1.png``, or the project's ``_freeze/`` copy). Only files under
    the document's folder or its project root are looked at; a figure not
    found is named where Quarto would put it, so it is said missing (with
    the placeholder every missing image gets) rather than silently absent."""

    def __init__(self, path: str | None, data: dict[str, Any]) -> None:
        from pathlib import Path

        self.base = Path(path).resolve().parent if path else None
        self.stem = Path(path).stem if path else "document"
        fmt = data.get("format")
        first = next(iter(fmt), None) if isinstance(fmt, dict) else fmt
        self.format = first.split("-")[0] if isinstance(first, str) and re.fullmatch(r"[\w-]+", first) else "html"
        self.folders = self._folders()
        # The document's default for showing code: Quarto's execute: echo, knitr's opts_chunk.
        execute, knitr = (v if isinstance(v := data.get(k), dict) else {} for k in ("execute", "knitr"))
        chunk = v if isinstance(v := knitr.get("opts_chunk"), dict) else {}
        self.echo = _flag(execute.get("echo"), True) and _flag(chunk.get("echo"), True)

    def shown(self, info: str, options: str, code: str) -> tuple[bool, bool]:
        """Whether a cell's code and its output show, as its options say
        (``#| echo: false``, ``{r, include=FALSE}``, ``#| output: false``,
        ``eval: false``, ``fig.show='hide'``) over the document's default. A
        setup cell's ``knitr::opts_chunk$set(echo = FALSE)`` sets that default
        for the cells after it, as knitr does."""
        header = {k.lower(): v.strip().strip("\"'") for k, v in re.findall(r"([\w.]+)\s*=\s*([^,}]+)", info)}
        cell = {k.lower(): v.strip().strip("\"'") for k, v in
                re.findall(r"^[ \t]*(?:#|//|--)\|[ \t]*([\w.-]+):[ \t]*(.*?)[ \t]*$", options, re.M)}

        def get(name: str) -> object:
            return cell.get(name, header.get(name, header.get(name.replace("-", "."))))

        include = _flag(get("include"), True)
        echo = _flag(get("echo"), self.echo)
        output = _flag(get("output"), True) and _flag(get("eval"), True) and get("fig-show") != "hide"
        set_echo = re.search(r"opts_chunk\$set\([^)]*\becho\s*=\s*(TRUE|FALSE|T|F)\b", code)
        if set_echo:
            self.echo = set_echo.group(1).startswith("T")
        return include and echo, include and output

    def _folders(self) -> list[Any]:
        if self.base is None:
            return []
        from ...siteroot import find_site

        places = [self.base / f"{self.stem}_files"]
        site = find_site(self.base)
        if site is not None and site.kind == "quarto":
            try:
                rel = self.base.relative_to(site.root)
            except ValueError:
                rel = None
            if rel is not None:
                places.append(site.root / "_freeze" / rel / self.stem)
        out = []
        for place in places:
            if not place.is_dir():
                continue
            preferred = place / f"figure-{self.format}"
            others = sorted(p for p in place.glob("figure-*") if p.is_dir() and p != preferred)
            out += ([preferred] if preferred.is_dir() else []) + others
        return out

    def source(self, label: str, caption: bool, *, knitr: bool = False) -> str | None:
        """The picture of the cell labelled ``label`` (relative to the
        document's folder), where it was rendered; where Quarto would put it
        when it was not but the cell makes a figure (a ``fig-`` label or a
        caption); None for a cell that shows no figure. ``knitr``: a chunk
        named in its header, whose picture knitr names ``<label>-1.png``."""
        import os

        if self.base is None or not re.fullmatch(r"[\w-]+", label or "-"):
            return None
        if label:
            for folder in self.folders:
                for name in (f"{label}-output-1", f"{label}-1"):
                    for ext in _PICTURES:
                        found = folder / f"{name}.{ext}"
                        if found.is_file():
                            return os.path.relpath(found, self.base).replace(os.sep, "/")
        if not (caption or label.startswith("fig-")):
            return None
        name = f"{label}-1.png" if knitr and label else f"{label}-output-1.png" if label else "cell-output-1.png"
        return f"{self.stem}_files/figure-{self.format}/{name}"


def _flag(value: object, default: bool) -> bool:
    """A cell option's yes or no, in YAML's, R's or Python's spelling."""
    if isinstance(value, bool):
        return value
    if isinstance(value, str):
        low = value.strip().lower()
        if low in ("false", "f", "no", "off", "0"):
            return False
        if low in ("true", "t", "yes", "on", "1", "fenced", "asis"):
            return True
    return default
