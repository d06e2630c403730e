"""Readers: essay text → :class:`~essaykit.model.Document`.

``read_path`` is what the CLI and API call; ``read_text`` does the work for
text already in memory. Both decide the format, split off front matter, and
hand the body to the Markdown or the plain-text reader. Every failure is an
:class:`~essaykit.errors.EssayError` naming the file and line.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from ..errors import EssayError, UsageError, WarnFn, stderr_warn
from ..model import Document
from ..resources import ResourceError, read_limited
from .frontmatter import split
from .limits import MAX_BYTES, check_nesting, check_size
from .sites import has_site_syntax
from .wikilinks import has_shortcodes

__all__ = ["read_text", "read_path", "decode_bytes", "FORMATS", "format_for"]

#: Formats ``read_text`` accepts.
FORMATS = ("markdown", "text", "json")

_SUFFIXES = {
    ".md": "markdown",
    ".markdown": "markdown",
    ".mdown": "markdown",
    ".mkd": "markdown",
    ".mdx": "markdown",
    ".txt": "text",
    ".text": "text",
    ".json": "json",
}


def format_for(path: str | os.PathLike[str]) -> str:
    """The format a file name implies; Markdown when the suffix is unknown,
    since Markdown reads plain prose correctly too."""
    return _SUFFIXES.get(Path(path).suffix.lower(), "markdown")


def decode_bytes(data: bytes, path: str | None = None) -> str:
    """Text from a file's bytes: UTF-8 (a BOM is dropped; UTF-16 with a BOM
    is accepted), line ends normalised to ``\\n``. Binary files, invalid
    UTF-8 and empty files are errors that say where."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError:
            raise EssayError("not valid UTF-16 text", path=path) from None
        return _normalise(text, path)
    nul = data.find(b"\x00")
    if nul >= 0:
        raise EssayError(
            "binary file, not text (it contains NUL bytes)",
            path=path,
            line=data.count(b"\n", 0, nul) + 1,
        )
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise EssayError(
            f"not valid UTF-8 (byte 0x{data[exc.start]:02x}); save the file as UTF-8",
            path=path,
            line=line,
        ) from None
    return _normalise(text, path)


#: Characters no output format can carry (XML 1.0 forbids C0 controls
#: other than tab and line end, and U+FFFE/U+FFFF). They are never words; nor is
#: half of a surrogate pair (``"\\ud800"`` in JSON), which no encoder writes.
_UNSAYABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _normalise(text: str, path: str | None) -> str:
    text = text.lstrip("\ufeff")
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _UNSAYABLE.sub("", text)
    if not text.strip():
        raise EssayError("empty file", path=path)
    return text


def read_text(
    text: str,
    *,
    format: str = "markdown",
    path: str | None = None,
    lang: str | None = None,
    warn: WarnFn | None = None,
) -> Document:
    """Read an essay from a string.

    ``format`` is ``"markdown"`` or ``"text"`` (or ``"json"``, the model's
    own form). ``path`` is used for messages, the file-name language suffix
    and resolving images; ``lang`` overrides every other language source.
    A Markdown file with no Markdown in it at all is read as plain text, and a
    text file that opens with front matter as Markdown: the content, not the
    suffix, knows best. What the reader noticed but could read past (a date
    it cannot read, static-site syntax it removed) goes to ``warn``
    (default: printed to stderr), each warning once.
    """
    if format not in FORMATS:
        raise UsageError(f"unknown input format {format!r} (choose from {', '.join(FORMATS)})")
    text = text.lstrip("\ufeff")
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if format != "json":
        text = _UNSAYABLE.sub("", text)
    if format == "json":
        try:
            return Document.from_json(text).replace(source=path)
        except EssayError as exc:
            raise exc.located(path) from None
    if not text.strip():
        raise EssayError("empty file", path=path)
    check_size(len(text), path)
    check_nesting(text, path)
    fm = split(text, path)
    from . import plaintext

    if format == "text" and fm.kind not in ("yaml", "toml"):
        # Pelican-style lines at the top of a .txt are prose, not metadata.
        return plaintext.read_plaintext(text, path=path, lang=lang)
    if (fm.kind == "none" and plaintext.looks_plain(fm.body) and not has_site_syntax(fm.body)
            and not has_shortcodes(fm.body)):
        return plaintext.read_plaintext(fm.body, path=path, lang=lang)
    from .markdown import read_markdown

    doc = read_markdown(fm, path=path, lang=lang)
    for w in fm.warnings:
        (warn or stderr_warn)(w)
    return doc


def read_path(
    path: str | os.PathLike[str],
    *,
    format: str | None = None,
    lang: str | None = None,
    warn: WarnFn | None = None,
) -> Document:
    """Read an essay file; the format comes from its suffix unless given."""
    name = os.fspath(path)
    try:
        check_size(Path(name).stat().st_size, name)
        # stat says 0 for a FIFO or ``<(...)``: the limit is kept while reading.
        data = read_limited(name, MAX_BYTES, name)
    except ResourceError:
        raise EssayError(f"file too large (essaykit reads essays up to {MAX_BYTES // 2**20} MB)",
                         path=name) from None
    except IsADirectoryError:
        raise EssayError("is a directory, not an essay file", path=name) from None
    except OSError as exc:
        raise EssayError(f"cannot read: {exc.strerror or exc}", path=name) from None
    text = decode_bytes(data, name)
    return read_text(text, format=format or format_for(name), path=name, lang=lang, warn=warn)
