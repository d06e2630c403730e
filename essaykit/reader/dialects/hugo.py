"""Hugo's shortcodes that carry meaning beyond a figure or an embed.

Themes give the same few things many names: maths (hugo-book's ``katex``,
Hugo Blox's ``math``), call-outs (Relearn's ``notice``, Docsy's and Blowfish's
``alert``, hugo-book's ``hint``, Hextra's ``callout``), a folded passage
(``details``, Relearn's ``expand``) and a figure whose ``title`` sits above its
caption. Each is said here as the Markdown essaykit reads for the same thing.
"""

from __future__ import annotations

import re

from ..callouts import callout_kind

__all__ = ["MATH", "CALLOUTS", "FOLDS", "callout_head", "figure_caption", "maths", "summary"]

#: Paired shortcodes whose body is TeX.
MATH = frozenset({"katex", "math", "mathjax", "tex", "latex", "mathblock"})
#: Paired shortcodes that box their body as a call-out.
CALLOUTS = frozenset({"notice", "alert", "admonition", "callout", "hint", "note", "tip", "warning",
                      "info", "danger", "important", "caution", "attention", "box"})
#: Paired shortcodes that fold their body under a summary.
FOLDS = frozenset({"details", "expand", "spoiler", "collapse", "accordion", "toggle"})

#: Words that switch a maths shortcode to display or inline.
_DISPLAY = re.compile(r"\b(?:display|block)(?:\s*=\s*[\"']?true)?\b", re.I)
_INLINE = re.compile(r"\binline\b", re.I)


def maths(args: str, tex: str, *, alone: bool) -> str:
    """The Markdown for a maths shortcode's body: kept as it is when it
    brings its own delimiters (``{{< math >}}$$…$${{< /math >}}``), else
    ``$$…$$`` when it is set apart (``display``, or alone on its lines) and
    ``$…$`` in a sentence."""
    body = tex.strip()
    if body.startswith(("$", "\\[", "\\(")):
        return body
    if _INLINE.search(args) and not _DISPLAY.search(args):
        return f"${body}$" if "\n" not in body else f"$$\n{body}\n$$"
    if _DISPLAY.search(args) or alone or "\n" in body:
        return f"$$\n{body}\n$$"
    return f"${body}$"


def callout_head(name: str, params: dict[str, str]) -> tuple[str, str]:
    """The kind and title of a call-out shortcode: the kind from ``style``,
    ``type``, ``color``, ``theme``, ``context`` or the first word (a
    Blowfish icon such as ``circle-info`` counts by its parts), else the
    shortcode's own name, else a note; the title from ``title``/``header``
    or the words after the kind."""
    kind = None
    for key in ("style", "type", "kind", "color", "theme", "context", "level", "0"):
        value = params.get(key, "")
        kind = callout_kind(value) or next((callout_kind(p) for p in value.split("-") if callout_kind(p)), None)
        if kind:
            break
    positional = [params[k] for k in sorted((k for k in params if k.isdigit()), key=int)]
    if kind and positional and key == "0":
        positional = positional[1:]
    title = params.get("title") or params.get("header") or params.get("heading") or ""
    if not title and positional and (" " in positional[0] or not re.fullmatch(r"[\w-]+", positional[0])):
        title = positional[0]
    return kind or callout_kind(name) or "note", " ".join(title.split())


def summary(params: dict[str, str]) -> str:
    """The summary a folding shortcode shows: ``summary``/``title`` or its first word."""
    text = params.get("summary") or params.get("title") or params.get("0") or ""
    return " ".join(text.split())


def figure_caption(params: dict[str, str]) -> str:
    """A figure's caption as Hugo's ``figure`` prints it: the ``title`` (a
    heading over the caption), then the ``caption``, then the ``attr``
    (credit) line, each kept."""
    parts = [" ".join((params.get(k) or "").split()) for k in ("title", "caption", "attr")]
    parts = [p for p in parts if p]
    out = ""
    for part in parts:
        if out and not re.search(r"[.!?:;…]$", out):
            out += "."
        out = f"{out} {part}" if out else part
    return out
