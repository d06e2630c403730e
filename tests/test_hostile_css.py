"""A theme's CSS in the EPUB, as an attacker writes it: ``@import "file"``
without url() (it named a file outside the book, and epubcheck failed the
EPUB), and data: URIs with raw ``<svg ...>`` markup (RSC-020)."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

import essaykit
from essaykit.renderers.epub.css import drop_outside_urls

from . import epubcheck

CSS = ('@import "../../secret/secret.css";\n@import \'other.css\' screen;\n'
       'p { color: #222; }\n'
       'blockquote { background: url("data:image/svg+xml,<svg xmlns=\'http://www.w3.org/2000/svg\' '
       'width=\'2\' height=\'2\'><rect width=\'2\' height=\'2\'/></svg>"); }\n'
       "hr { background: url('data:image/svg+xml;utf8,<svg xmlns=\"http://www.w3.org/2000/svg\"/>'); }\n"
       "li { background: url(data:image/png;base64,iVBORw0KGgo=); }\n")


def test_imports_without_url_are_dropped_and_data_uris_encoded() -> None:
    css, dropped = drop_outside_urls(CSS)
    assert dropped == 2 and "@import" not in css and "secret" not in css
    assert "<svg" not in css and "%3Csvg%20xmlns='http://www.w3.org/2000/svg'" in css
    assert "url(data:image/png;base64,iVBORw0KGgo=)" in css  # a valid one is left as it is
    assert "p { color: #222; }" in css


@pytest.mark.skipif(not epubcheck.available(), reason="epubcheck (the PyPI package) or java is missing")
def test_an_epub_with_such_a_theme_passes_epubcheck(tmp_path: Path) -> None:
    theme = tmp_path / "t"
    theme.mkdir()
    (theme / "theme.toml").write_text('name = "t"\nextends = "classic"\n')
    (theme / "book.css").write_text(CSS)
    essay = tmp_path / "e.md"
    essay.write_text("# Styled\n\nA paragraph.\n\n> A quotation.\n")
    out = essaykit.export(essaykit.load(essay), tmp_path / "e.epub", theme=str(theme),
                          warn=lambda *a: None)
    with zipfile.ZipFile(out) as z:
        css = "".join(z.read(n).decode() for n in z.namelist() if n.endswith(".css"))
    assert "@import" not in css and "secret" not in css
    assert epubcheck.check(out) == []
