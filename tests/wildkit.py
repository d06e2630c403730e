"""What the posts-from-the-wild tests share: exporting a set of posts once,
reading each format's text back the way a reader meets it (code left out),
and epubcheck over every EPUB of the set."""

from __future__ import annotations

import re
import zipfile
from collections.abc import Callable
from pathlib import Path

from click.testing import CliRunner
from PIL import Image

#: Syntax that must never reach a reader outside code.
LEAKS = re.compile(
    r"\{\{|\}\}|\{%|%\}|\{\{<|>\}\}|\[\^\w+\]|\\(?:frac|sum|mathbf|implies|alpha|int|sqrt|left|right)\b"
)


def png(path: Path, color: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    Image.new("RGB", (320, 200), color).save(path)


def export_kinds(root: Path, kinds: dict[str, Callable[[Path], Path]]) -> dict[str, tuple[Path, Path, str]]:
    """Every post ``kinds`` writes under ``root``, exported to all three formats by
    the command line: (post, output folder, what it printed) by kind."""
    from essaykit.cli import main

    out: dict[str, tuple[Path, Path, str]] = {}
    for name, make in kinds.items():
        post = make(root)
        folder = root / "out" / name
        result = CliRunner().invoke(main, ["export", str(post), "-o", str(folder)])
        assert result.exit_code == 0, f"{name}: {result.output}"
        out[name] = (post, folder, result.output)
    return out


def check_every_epub(exported: dict[str, tuple[Path, Path, str]]) -> None:
    """epubcheck finds nothing in any EPUB of ``exported`` (as
    :func:`export_kinds` returns it); skips where Java 17 is missing."""
    import pytest

    from tests import epubcheck

    if not epubcheck.available():
        pytest.skip("epubcheck (Java 17) not available")
    books = [outputs(folder)[".epub"] for _, folder, _ in exported.values()]
    results = epubcheck.check_many(books)
    assert all(not messages for messages in results.values()), results


def outputs(folder: Path) -> dict[str, Path]:
    return {p.suffix: p for p in folder.iterdir()}


def pdf_text(path: Path) -> str:
    from pypdf import PdfReader

    return "\n".join(page.extract_text() or "" for page in PdfReader(str(path)).pages)


def slide_texts(path: Path) -> str:
    from pptx import Presentation

    texts = []
    for slide in Presentation(str(path)).slides:
        for shape in slide.shapes:
            if shape.has_text_frame and shape.name != "Code":
                texts.append(shape.text_frame.text)
    return "\n".join(texts)


def epub_text(path: Path) -> str:
    z = zipfile.ZipFile(path)
    out = []
    for name in z.namelist():
        if name.endswith(".xhtml") and "nav" not in name:
            html = z.read(name).decode("utf-8")
            html = re.sub(r"<(pre|code|math|annotation)\b.*?</\1>", " ", html, flags=re.S)
            out.append(re.sub(r"<[^>]+>", " ", html))
    return "\n".join(out)
