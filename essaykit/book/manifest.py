"""``book.toml``: what a book is made of, read and checked before any essay.

A manifest names the book's metadata and, in reading order, its front
matter pages, its chapters (paths and globs, optionally grouped in parts)
and its back matter pages. Every mistake is caught here, once, as a
one-line ``book.toml:LINE: ...`` error: a build that would fail after
reading forty chapters, or silently leave one out, costs an author more
than a strict manifest does.

``tomllib`` gives values without positions, so :class:`_Lines` finds the
line of an offending key or value in the TOML text itself: the table it
sits in is known, and inside that table a key or a quoted string is found
by plain text search (good enough for the flat files authors write).
"""

from __future__ import annotations

import datetime as dt
import fnmatch
import os
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import EssayError, deep_nesting_line
from ..lang import normalize_tag
from ..resources import ResourceError, read_limited, within

__all__ = ["Manifest", "Part", "Entry", "read_manifest", "parse_manifest", "BOOK_KEYS"]

#: Keys of ``[book]`` and what each must be.
BOOK_KEYS: dict[str, str] = {
    "title": "text",
    "subtitle": "text",
    "authors": "text or list of text",
    "author": "text or list of text",
    "language": "language tag",
    "date": "date",
    "identifier": "text",
    "isbn": "ISBN",
    "cover": "path",
    "rights": "text",
    "theme": "text",
    "description": "text",
    "publisher": "text",
    "name": "text",
    "front": "list of paths",
    "back": "list of paths",
    "chapters": "list of paths or globs",
}
#: Keys a manifest may hold at its top level (outside any table).
TOP_KEYS = ("front", "back", "chapters")
PART_KEYS = ("title", "chapters")
_GLOB = re.compile(r"[*?\[]")
#: Largest manifest read (a long book's is a few KB).
MAX_MANIFEST = 1024 * 1024


@dataclass(frozen=True)
class Entry:
    """One file of the book and the manifest line that named it."""

    path: Path
    line: int | None


@dataclass(frozen=True)
class Part:
    """A titled group of chapters; ``title`` is empty for chapters that
    stand outside any part (listed under ``chapters`` at the top)."""

    title: str
    chapters: tuple[Entry, ...]
    line: int | None = None


@dataclass(frozen=True)
class Manifest:
    path: Path
    title: str
    subtitle: str = ""
    authors: tuple[str, ...] = ()
    language: str | None = None
    date: dt.date | None = None
    identifier: str | None = None
    isbn: str | None = None
    cover: Path | None = None
    rights: str | None = None
    theme: str | None = None
    description: str = ""
    #: Base of output file names (``NAME.epub``, ``NAME-01-slug.pptx``).
    name: str = ""
    front: tuple[Entry, ...] = ()
    parts: tuple[Part, ...] = ()
    back: tuple[Entry, ...] = ()
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def folder(self) -> Path:
        return self.path.parent

    @property
    def chapters(self) -> tuple[Entry, ...]:
        return tuple(e for p in self.parts for e in p.chapters)

    @property
    def has_parts(self) -> bool:
        return any(p.title for p in self.parts)

    def files(self) -> tuple[Entry, ...]:
        """Every file the book reads, in reading order."""
        return self.front + self.chapters + self.back


class _Lines:
    """Finds where things are in the manifest's text, for messages."""

    _HEADER = re.compile(r"^\s*\[\[?\s*([A-Za-z0-9_.-]+)\s*\]\]?")

    def __init__(self, text: str):
        self.lines = text.split("\n")
        # (first line, last line) of each table: "" is the top level;
        # arrays of tables are "part#0", "part#1"...
        self.tables: dict[str, tuple[int, int]] = {}
        counts: dict[str, int] = {}
        name, start = "", 1
        for n, line in enumerate(self.lines, 1):
            m = self._HEADER.match(line)
            if m and not line.lstrip().startswith("#"):
                self.tables[name] = (start, n - 1)
                name = m.group(1)
                if line.lstrip().startswith("[["):
                    i = counts.get(name, 0)
                    counts[name] = i + 1
                    name = f"{name}#{i}"
                start = n
        self.tables[name] = (start, len(self.lines))

    def key(self, table: str, key: str) -> int | None:
        lo, hi = self.tables.get(table, (1, len(self.lines)))
        pat = re.compile(rf"^\s*[\"']?{re.escape(key)}[\"']?\s*=")
        for n in range(lo, hi + 1):
            if pat.match(self.lines[n - 1]):
                return n
        return self.tables.get(table, (None, None))[0] if table else None

    def value(self, table: str, key: str, value: str, occurrence: int = 0) -> int | None:
        """The line of the ``occurrence``-th quoted ``value`` after ``key``."""
        start = self.key(table, key)
        if start is None:
            return None
        _lo, hi = self.tables.get(table, (1, len(self.lines)))
        quoted = (f'"{value}"', f"'{value}'")
        seen = 0
        for n in range(start, hi + 1):
            line = self.lines[n - 1]
            hits = sum(line.count(q) for q in quoted)
            if seen + hits > occurrence:
                return n
            seen += hits
        return start


def _identity(path: Path) -> tuple[int, int]:
    """What makes two names one file: a symlink or a hard link to a chapter
    is the same chapter."""
    st = path.stat()
    return (st.st_dev, st.st_ino)


def walk_glob(base: Path, pattern: str) -> list[Path]:
    """Files under ``base`` matching ``pattern`` (``*``, ``?``, ``[...]``,
    ``**`` for any folders), sorted. Wildcards never enter a symlinked
    folder or a hidden one, and each (folder, pattern part) is visited once,
    so a symlink loop or ``**/**/**`` ends. The pattern itself may not
    climb: callers refuse ``..`` and absolute patterns first."""
    parts = [p for p in pattern.split("/") if p not in ("", ".")]
    found: dict[str, None] = {}
    visited: set[tuple[str, int]] = set()

    def go(folder: str, i: int) -> None:
        if (folder, i) in visited or i >= len(parts):
            return
        visited.add((folder, i))
        part, last = parts[i], i == len(parts) - 1
        if part == "**":
            if last:
                part = "*"
            else:
                go(folder, i + 1)
                for entry in _entries(folder):
                    if entry.is_dir(follow_symlinks=False) and not entry.name.startswith("."):
                        go(entry.path, i)
                return
        if not _GLOB.search(part):
            target = os.path.join(folder, part)
            if last and os.path.isfile(target):
                found[target] = None
            elif not last and os.path.isdir(target):
                go(target, i + 1)
            return
        for entry in _entries(folder):
            if entry.name.startswith(".") and not part.startswith("."):
                continue
            if not fnmatch.fnmatchcase(entry.name, part):
                continue
            if last:
                if entry.is_file():
                    found[entry.path] = None
            elif entry.is_dir(follow_symlinks=False):
                go(entry.path, i + 1)

    go(str(base), 0)
    return sorted(Path(p) for p in found)


def _entries(folder: str) -> list[os.DirEntry[str]]:
    try:
        with os.scandir(folder) as it:
            return sorted(it, key=lambda e: e.name)
    except OSError:
        return []


class _Reader:
    def __init__(self, path: Path, text: str):
        self.path = path
        self.where = str(path)
        self.lines = _Lines(text)
        self.seen: dict[tuple[int, int], int | None] = {}
        #: The book's root: nothing the manifest names may lie outside it.
        self.root = path.parent.resolve()

    def confined(self, key: str, item: str, path: Path, line: int | None) -> None:
        """Refuse ``path`` unless it really lies inside the book's folder."""
        if not within(path.resolve(), self.root):
            raise self.fail(f"{key}: {item!r} is outside the book's folder ({self.root}); "
                            "a book reads only files inside it", line)

    def fail(self, message: str, line: int | None) -> EssayError:
        return EssayError(message, path=self.where, line=line)

    # -- values ---------------------------------------------------------

    def text(self, table: str, data: dict[str, Any], key: str) -> str | None:
        value = data.get(key)
        if value is None:
            return None
        if not isinstance(value, str):
            raise self.fail(f"{key} must be text, not {_kind(value)}", self.lines.key(table, key))
        return value.strip()

    def names(self, table: str, data: dict[str, Any], key: str) -> tuple[str, ...]:
        value = data.get(key)
        if value is None:
            return ()
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise self.fail(f"{key} must be a name or a list of names", self.lines.key(table, key))
        return tuple(v.strip() for v in value if v.strip())

    def paths(self, table: str, data: dict[str, Any], key: str, *, globs: bool) -> tuple[Entry, ...]:
        value = data.get(key)
        if value is None:
            return ()
        line = self.lines.key(table, key)
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list):
            raise self.fail(f"{key} must be a list of file paths, not {_kind(value)}", line)
        out: list[Entry] = []
        counts: dict[str, int] = {}
        for item in value:
            if not isinstance(item, str) or not item.strip():
                raise self.fail(f"{key}: every entry must be a file path (text), not {_kind(item)}", line)
            occurrence = counts.get(item, 0)
            counts[item] = occurrence + 1
            at = self.lines.value(table, key, item, occurrence)
            out.extend(self._expand(item, at, globs=globs, key=key))
        return tuple(out)

    def _expand(self, item: str, line: int | None, *, globs: bool, key: str) -> list[Entry]:
        base = self.path.parent
        if Path(item).is_absolute() or item.startswith(("/", "\\")) or ".." in re.split(r"[/\\]", item):
            raise self.fail(f"{key}: {item!r} climbs out of the book's folder; "
                            "name files relative to the manifest, inside its folder", line)
        if globs and _GLOB.search(item):
            found = walk_glob(base, item)
            for p in found:
                self.confined(key, os.path.relpath(p, base), p, line)
            if not found:
                raise self.fail(f"{key}: {item!r} matches no file", line)
            # A glob may sweep up a file already listed by name: skip it there
            # rather than fail, since "essays/*.md" after "intro.md" is natural.
            fresh = [p for p in found if _identity(p) not in self.seen]
            return [self._claim(p, line) for p in fresh]
        path = base / item
        if not path.is_file():
            what = "is not a file" if path.exists() else "not found"
            raise self.fail(f"{key}: {item!r} {what} (looked in {base})", line)
        self.confined(key, item, path, line)
        return [self._claim(path, line)]

    def _claim(self, path: Path, line: int | None) -> Entry:
        key = _identity(path)
        if key in self.seen:
            first = self.seen[key]
            also = f" (already listed on line {first})" if first else ""
            raise self.fail(f"{path.name} is in the book twice{also}", line)
        self.seen[key] = line
        return Entry(path, line)


def _kind(value: Any) -> str:
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a table"
    if isinstance(value, (dt.date, dt.datetime, dt.time)):
        return "a date"
    return "text" if isinstance(value, str) else type(value).__name__


def _check_isbn(isbn: str) -> str | None:
    """The ISBN's digits when its check digit is right, else None."""
    digits = re.sub(r"[\s-]", "", isbn).upper()
    if re.fullmatch(r"\d{13}", digits):
        total = sum(int(c) * (1 if i % 2 == 0 else 3) for i, c in enumerate(digits[:12]))
        return digits if (10 - total % 10) % 10 == int(digits[12]) else None
    if re.fullmatch(r"\d{9}[\dX]", digits):
        total = sum((10 - i) * (10 if c == "X" else int(c)) for i, c in enumerate(digits))
        return digits if total % 11 == 0 else None
    return None


def read_manifest(path: str | Path) -> Manifest:
    """Read and check ``book.toml``; every problem is an :class:`EssayError`
    naming the manifest line."""
    path = Path(path)
    try:
        text = read_limited(path, MAX_MANIFEST, str(path)).decode("utf-8-sig")
    except ResourceError:
        raise EssayError(f"larger than {MAX_MANIFEST // 1024} KB; is this a book manifest?",
                         path=str(path)) from None
    except FileNotFoundError:
        raise EssayError("book manifest not found", path=str(path)) from None
    except IsADirectoryError:
        raise EssayError("is a directory; name the book.toml inside it", path=str(path)) from None
    except UnicodeDecodeError:
        raise EssayError("not valid UTF-8; save the manifest as UTF-8", path=str(path)) from None
    except OSError as exc:
        raise EssayError(f"cannot read: {exc.strerror or exc}", path=str(path)) from None
    return parse_manifest(text, path)


def parse_manifest(text: str, path: Path) -> Manifest:
    """:func:`read_manifest` for text already in memory (paths resolve
    against ``path``'s folder)."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        msg = str(exc)
        m = re.search(r"\(at line (\d+), column \d+\)", msg)
        line = int(m.group(1)) if m else None
        if line is None and "end of document" in msg:
            # Something left open: the last line with text is where it shows.
            line = len(text.rstrip().split("\n"))
        msg = re.sub(r"\s*\(at (line \d+, column \d+|end of document)\)", "", msg)
        raise EssayError(f"not valid TOML: {msg}", path=str(path), line=line) from None
    except RecursionError:
        raise EssayError("not valid TOML: nested too deeply", path=str(path),
                         line=deep_nesting_line(text)) from None
    r = _Reader(path, text)

    for key in data:
        if key not in ("book", "part", *TOP_KEYS):
            raise r.fail(f"unknown key {key!r} (known: book, part, {', '.join(TOP_KEYS)})",
                         r.lines.key("", key) or r.lines.tables.get(key, (None,))[0])
    book = data.get("book", {})
    if not isinstance(book, dict):
        raise r.fail("book must be a table: [book]", r.lines.key("", "book"))
    for key in book:
        if key not in BOOK_KEYS:
            raise r.fail(f"[book]: unknown key {key!r} (known: {', '.join(BOOK_KEYS)})",
                         r.lines.key("book", key))
    for key in TOP_KEYS:
        if key in data and key in book:
            raise r.fail(f"{key} is given twice (at the top and in [book])", r.lines.key("book", key))

    def where(key: str) -> tuple[str, dict[str, Any]]:
        return ("book", book) if key in book else ("", data)

    title = r.text("book", book, "title")
    if not title:
        raise r.fail("[book] needs a title", r.lines.key("book", "title") or r.lines.tables.get("book", (1,))[0])
    authors = r.names("book", book, "authors") + r.names("book", book, "author")

    language = None
    raw_lang = r.text("book", book, "language")
    if raw_lang:
        language = normalize_tag(raw_lang)
        if language is None:
            raise r.fail(f"language {raw_lang!r} is not a language tag (try 'en' or 'pt-BR')",
                         r.lines.key("book", "language"))

    date = _date(r, book)
    isbn = None
    raw_isbn = r.text("book", book, "isbn")
    if raw_isbn:
        isbn = _check_isbn(raw_isbn)
        if isbn is None:
            raise r.fail(f"isbn {raw_isbn!r} is not a valid ISBN-10 or ISBN-13 (check digit)",
                         r.lines.key("book", "isbn"))
    cover = None
    raw_cover = r.text("book", book, "cover")
    if raw_cover:
        cover = path.parent / raw_cover
        if not cover.is_file():
            raise r.fail(f"cover {raw_cover!r} not found (looked in {path.parent})",
                         r.lines.key("book", "cover"))
        r.confined("cover", raw_cover, cover, r.lines.key("book", "cover"))
    theme = r.text("book", book, "theme") or None
    if theme and ((path.parent / theme).is_dir() or len(Path(theme).parts) > 1):
        # A theme folder is one inside the book's; else a theme's name.
        r.confined("theme", theme, path.parent / theme, r.lines.key("book", "theme"))

    # Pages named outright are claimed before any glob runs, so
    # ``chapters = ["*.md"]`` does not sweep up the preface or the about page.
    front = r.paths(*where("front"), "front", globs=False)
    back = r.paths(*where("back"), "back", globs=False)
    parts: list[Part] = []
    top_table, top = where("chapters")
    loose = r.paths(top_table, top, "chapters", globs=True)
    if loose:
        parts.append(Part("", loose, r.lines.key(top_table, "chapters")))
    raw_parts = data.get("part", [])
    if not isinstance(raw_parts, list):
        raise r.fail("parts are written [[part]] (an array of tables)", r.lines.key("", "part"))
    for i, raw in enumerate(raw_parts):
        table = f"part#{i}"
        at = r.lines.tables.get(table, (None,))[0]
        if not isinstance(raw, dict):
            raise r.fail("each part must be a table", at)
        for key in raw:
            if key not in PART_KEYS:
                raise r.fail(f"[[part]]: unknown key {key!r} (known: title, chapters)",
                             r.lines.key(table, key))
        ptitle = r.text(table, raw, "title")
        if not ptitle:
            raise r.fail("[[part]] needs a title", at)
        chapters = r.paths(table, raw, "chapters", globs=True)
        if not chapters:
            raise r.fail(f"part {ptitle!r} has no chapters", at)
        parts.append(Part(ptitle, chapters, at))
    if not parts:
        raise r.fail("the book has no chapters: add chapters = [\"essays/*.md\"] or [[part]] tables",
                     r.lines.tables.get("book", (None,))[0])

    known = {"publisher"}
    return Manifest(
        path=path,
        title=title,
        subtitle=r.text("book", book, "subtitle") or "",
        authors=authors,
        language=language,
        date=date,
        identifier=r.text("book", book, "identifier") or None,
        isbn=isbn,
        cover=cover,
        rights=r.text("book", book, "rights") or None,
        theme=theme,
        description=r.text("book", book, "description") or "",
        name=r.text("book", book, "name") or "",
        front=front,
        parts=tuple(parts),
        back=back,
        extra={k: book[k] for k in known if k in book and r.text("book", book, k)},
    )


def _date(r: _Reader, book: dict[str, Any]) -> dt.date | None:
    value = book.get("date")
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip()[:10])
        except ValueError:
            pass
    raise r.fail(f"date must be a date like 2024-05-01, not {value!r}", r.lines.key("book", "date"))
