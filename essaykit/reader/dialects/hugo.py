"""Hugo's shortcodes that carry meaning beyond a figure or an embed.

Themes give the same few things many names: maths (hugo-book's ``katex``,
Hugo Blox's ``math``), call-outs (Relearn's ``notice``, Docsy's and Blowfish's
``alert``, hugo-book's ``hint``, Hextra's ``callout``), a folded passage
(``details``, Relearn's ``expand``) and a figure whose ``title`` sits above its
caption. Each is said here as the Markdown essaykit reads for the same thing.
A ``ref``/``relref`` outside a link is said as Hugo prints it, a page's
address, but as a link that reads as the page's title where that page is in
the site (only its front matter is read).
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..callouts import callout_kind

__all__ = ["MATH", "CALLOUTS", "FOLDS", "PageRef", "callout_head", "figure_caption", "maths", "resolve_ref",
           "slug", "summary"]

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


# ------------------------------------------------------------ ref, relref

#: How much of a referenced page is read for its title.
_HEAD_BYTES = 64_000
#: Files looked at when a reference names a page by its file name alone.
_SCAN_FILES = 5_000
_PAGE_SUFFIXES = (".md", ".markdown", ".html", ".adoc", ".org", ".rst", ".pdc")


@dataclass(frozen=True)
class PageRef:
    """What a Hugo ``ref``/``relref`` names: the page's title when its file
    was found and says one, and the address Hugo prints (absolute when the
    site's ``baseURL`` is known, as ``ref`` prints it)."""

    title: str | None
    address: str
    found: bool


def slug(heading: str) -> str:
    """The anchor Hugo's default renderer gives a heading ("Why it works" → ``why-it-works``)."""
    words = re.sub(r"[^\w\s-]", "", heading.lower(), flags=re.U)
    return re.sub(r"\s+", "-", words.strip())


def resolve_ref(target: str, here: Path | None, root: Path | None, base_url: str = "",
                names: dict[str, list[Path]] | None = None, permalinks: object = None) -> PageRef:
    """The page ``target`` names (``posts/x.md``, ``/posts/x``, ``x.md#part``),
    looked for as Hugo does: beside the page ``here``, then from the site's
    ``content/`` folder, then by file name under it. Only files inside the
    site ``root`` (or, with none, the page's own folder) are opened, and
    only their first 64 KB, for the title. ``names`` keeps the content
    folder's files by name between calls (it is listed once, bounded);
    ``permalinks`` is the site's setting of that name, which shapes addresses."""
    path, _, anchor = target.strip().partition("#")
    frag = f"#{anchor}" if anchor else ""
    if not path:
        return PageRef(None, frag, False)
    content = root / "content" if root is not None and (root / "content").is_dir() else None
    bound = root if root is not None else (here.parent if here is not None else None)
    found = _find_page(path, here, content, bound, names if names is not None else {}) if bound else None
    data = _front_matter(found) if found is not None else {}
    # Where the page sits in the site: from content/, else as the reference names it.
    rel = path.lstrip("/")
    if content is not None:
        # A page not found: a bare name sits beside this one; a path starts at content/.
        beside = here is not None and "/" not in path.strip("/")
        where = found if found is not None else here.parent / path if beside and here is not None else None
        if where is not None and _inside(where, content):
            rel = where.resolve().relative_to(content.resolve()).as_posix()
    address = _address(rel, data, permalinks if found is not None else None)
    if base_url:
        address = base_url.rstrip("/") + address
    title = next((" ".join(v.split()) for k in ("linktitle", "title")
                  if isinstance(v := data.get(k), str) and v.strip()), None)
    return PageRef(title, address + frag, found is not None)


def _inside(path: Path, folder: Path) -> bool:
    try:
        path.resolve().relative_to(folder.resolve())
    except (ValueError, OSError, RuntimeError):
        return False
    return True


def _find_page(path: str, here: Path | None, content: Path | None, bound: Path,
               names: dict[str, list[Path]]) -> Path | None:
    bases = ([here.parent] if here is not None and not path.startswith("/") else []) + ([content] if content else [])
    rel = path.lstrip("/")
    wanted = [rel] if rel.endswith(_PAGE_SUFFIXES) else [rel + ".md", rel + "/index.md", rel + "/_index.md"]
    for base in bases:
        for name in wanted:
            candidate = base / name
            if _inside(candidate, bound) and candidate.is_file():
                return candidate.resolve()
    if content is not None and "/" not in rel:
        # Hugo also finds a page by its file name alone, when only one has it.
        if not names:
            names[""] = []  # listed (even when empty)
            seen = 0
            for folder, _dirs, files in os.walk(content):
                for f in files:
                    names.setdefault(f, []).append(Path(folder) / f)
                seen += len(files)
                if seen > _SCAN_FILES:
                    break
        hits = [p for name in wanted for p in names.get(name, [])]
        if len(hits) == 1 and _inside(hits[0], bound):
            return hits[0].resolve()
    return None


def _front_matter(page: Path) -> dict[str, Any]:
    """The first 64 KB of a page's front matter, keys in lower case; empty
    when it cannot be read."""
    from ...errors import EssayError
    from ..frontmatter import split

    try:
        with page.open("rb") as f:
            head = f.read(_HEAD_BYTES).decode("utf-8", "replace").replace("\r\n", "\n")
        data = split(head, str(page)).data
    except (OSError, EssayError, ValueError):
        return {}
    return {str(k).lower(): v for k, v in data.items()}


def _address(rel: str, data: dict[str, Any], permalinks: object = None) -> str:
    """The address Hugo gives a content file: its folders and name without
    the suffix, in lower case (a bundle's ``index.md`` is its folder); the
    page's own ``url`` wins, then its section's ``permalinks`` pattern
    (``/:year/:month/:slug/``), then its ``slug`` in place of its name."""
    url, slug_ = data.get("url"), data.get("slug")
    if isinstance(url, str) and url.strip():
        return "/" + url.strip().strip("/") + "/"
    parts = [p for p in rel.replace("\\", "/").split("/") if p and p != "."]
    pattern = _permalink(parts, permalinks)
    if pattern is not None:
        said = _fill(pattern, parts, data)
        if said is not None:
            return said
    if parts:
        last = re.sub(r"\.(?:" + "|".join(s[1:] for s in _PAGE_SUFFIXES) + r")$", "", parts[-1])
        parts[-1] = last
        if last in ("index", "_index"):
            parts.pop()
        elif isinstance(slug_, str) and slug_.strip():
            parts[-1] = slug_.strip()
    return ("/" + "/".join(parts).lower() + "/").replace("//", "/")


def _permalink(parts: list[str], permalinks: object) -> str | None:
    """The ``permalinks`` pattern for a page in ``parts`` (its section's,
    Hugo's ``[permalinks.page]`` table first); None for none, for a section's
    own page and for a page outside every section."""
    if not isinstance(permalinks, dict) or len(parts) < 2 or parts[-1].startswith("_index."):
        return None
    table = permalinks.get("page") if isinstance(permalinks.get("page"), dict) else permalinks
    pattern = table.get(parts[0]) if isinstance(table, dict) else None
    return pattern if isinstance(pattern, str) and pattern.strip() else None


def _urlize(text: str) -> str:
    words = re.sub(r"[^\w\s-]", "", text.lower(), flags=re.U)
    return re.sub(r"[\s_]+", "-", words.strip())


def _fill(pattern: str, parts: list[str], data: dict[str, Any]) -> str | None:
    """A permalink pattern with the page's values; None when it asks for
    one the page does not give (a date it has none of)."""
    import datetime as dt

    stem = re.sub(r"\.\w+$", "", parts[-1])
    name = parts[-2] if stem in ("index",) and len(parts) > 1 else stem
    title, slug_ = (v.strip() if isinstance(v := data.get(k), str) else "" for k in ("title", "slug"))
    date = data.get("date")
    if isinstance(date, str):
        from ..dates import read_date

        date = read_date(date).date
    if isinstance(date, dt.datetime):
        date = date.date()
    values = {
        "section": parts[0], "sections": "/".join(parts[:-1] if stem != "index" else parts[:-2]),
        "filename": name, "contentbasename": name, "slug": slug_ or _urlize(title) or name,
        "slugorfilename": slug_ or name, "slugorcontentbasename": slug_ or name, "title": _urlize(title) or name,
    }
    if isinstance(date, dt.date):
        values |= {"year": f"{date.year:04d}", "month": f"{date.month:02d}", "day": f"{date.day:02d}",
                   "monthname": date.strftime("%B").lower(), "yearday": str(date.timetuple().tm_yday),
                   "weekday": str(date.isoweekday() % 7), "weekdayname": date.strftime("%A").lower()}
    missing = False

    def one(m: re.Match[str]) -> str:
        nonlocal missing
        key = m.group(1).lower()
        if key not in values:
            missing = True
            return ""
        return values[key]

    said = re.sub(r":([A-Za-z]+)", one, pattern)
    if missing:
        return None
    said = "/" + said.strip("/") + ("/" if pattern.endswith("/") or not pattern.strip() else "")
    return re.sub(r"/{2,}", "/", said.lower())
