"""Built-in themes render every format in their own fonts and colours; a
user theme that extends one changes only what it says; broken values are
reported with their key and file."""

from __future__ import annotations

import re
import zipfile
from io import BytesIO
from pathlib import Path

import pypdf
import pytest

import essaykit
from essaykit.errors import EssayError
from essaykit.renderers.epub.css import epub_css
from essaykit.renderers.pptx.style import DeckStyle
from essaykit.theme import list_themes, load_theme
from tests import epubcheck

BUILTIN = ("classic", "magazine", "talk")

ESSAY = """---
title: "Small Rooms"
author: "Ada Test"
lang: en
---

Every room has a *voice*, and a small room has a **quiet** one. We listen
to it more than we know, and we keep [its rules](https://example.org).

## The walls

> [!PULLQUOTE]
> A wall is a sentence the room says once.

Walls decide where the sound goes. A plain paragraph follows, with `code`
and a note.[^1]

```python
def room(size: int) -> str:
    return "small" if size < 10 else "large"
```

## The door

The door is the room's only argument, and it wins every time.

[^1]: Rooms are also made of air.
"""


def _hex(value: str) -> tuple[float, float, float]:
    v = value.lstrip("#")
    return tuple(int(v[i:i + 2], 16) / 255 for i in (0, 2, 4))  # type: ignore[return-value]


def _pdf_colors(data: bytes) -> set[tuple[float, float, float]]:
    reader = pypdf.PdfReader(BytesIO(data))
    found = set()
    for page in reader.pages:
        stream = page.get_contents().get_data().decode("latin-1")
        for r, g, b in re.findall(r"([\d.]+) ([\d.]+) ([\d.]+) (?:rg|RG)", stream):
            found.add((float(r), float(g), float(b)))
    return found


def _has_color(colors: set[tuple[float, float, float]], value: str) -> bool:
    want = _hex(value)
    return any(all(abs(a - b) < 0.006 for a, b in zip(c, want, strict=True)) for c in colors)


def _pdf_fonts(data: bytes) -> set[str]:
    reader = pypdf.PdfReader(BytesIO(data))
    names = set()
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            names.add(str(font.get_object()["/BaseFont"]).split("+", 1)[-1])
    return names


def _epub_css(data: bytes) -> str:
    with zipfile.ZipFile(BytesIO(data)) as z:
        return z.read("EPUB/style/book.css").decode("utf-8")


@pytest.fixture(scope="module")
def doc() -> essaykit.Document:
    return essaykit.loads(ESSAY)


@pytest.fixture(scope="module")
def outputs(doc: essaykit.Document) -> dict[str, dict[str, bytes]]:
    """Every built-in theme in every format, rendered once for the module."""
    out: dict[str, dict[str, bytes]] = {}
    for name in BUILTIN:
        warnings: list[object] = []
        out[name] = {fmt: essaykit.render(doc, fmt, name, warn=warnings.append)
                     for fmt in ("pdf", "epub", "pptx")}
        assert not warnings, (name, warnings)
    return out


def test_builtins_are_listed_with_descriptions() -> None:
    themes = {t.name: t for t in list_themes()}
    for name in BUILTIN:
        assert themes[name].builtin
        assert len(themes[name].description) > 40
        assert (themes[name].path / "LICENSES.md").is_file()


@pytest.mark.parametrize("name", BUILTIN)
def test_theme_names_its_fonts_and_they_are_installed(name: str) -> None:
    from essaykit import fonts as F

    theme = load_theme(name)
    for role in ("body", "heading", "code"):
        family = theme.get(f"fonts.{role}")
        assert F.find_family(family) is not None, f"{name}: fonts.{role} {family!r} is not installed"
        licence = (theme.path / "LICENSES.md").read_text("utf-8")
        assert family in licence and "Open Font License" in licence
    for key in ("heading_font", "body_font"):
        assert theme.get(f"deck.{key}") in {theme.get("fonts.body"), theme.get("fonts.heading")}


def test_themes_are_designed_not_recoloured() -> None:
    """Different faces, page sizes, measures and pull-quote styles."""
    themes = [load_theme(n) for n in BUILTIN]
    for key in ("fonts.body", "page.size", "pullquote.style", "deck.background", "typography.font_size"):
        values = [str(t.get(key)) for t in themes]
        assert len(set(values)) == len(values), (key, values)


@pytest.mark.parametrize("name", BUILTIN)
def test_pdf_embeds_theme_fonts_and_colors(name: str, outputs: dict[str, dict[str, bytes]]) -> None:
    theme = load_theme(name)
    data = outputs[name]["pdf"]
    assert data.startswith(b"%PDF")
    fonts = {f.replace("-", " ") for f in _pdf_fonts(data)}
    for role in ("body", "heading", "code"):
        family = theme.get(f"fonts.{role}")
        assert any(family in f for f in fonts), (name, role, family, fonts)
    colors = _pdf_colors(data)
    assert _has_color(colors, theme.get("colors.text"))
    assert _has_color(colors, theme.get("colors.accent"))


@pytest.mark.parametrize("name", BUILTIN)
def test_pdf_page_is_the_theme_page(name: str, outputs: dict[str, dict[str, bytes]]) -> None:
    from essaykit.pages import page_size

    reader = pypdf.PdfReader(BytesIO(outputs[name]["pdf"]))
    box = reader.pages[0].mediabox
    w, h = page_size(load_theme(name).get("page.size"))
    assert abs(float(box.width) - w / 25.4 * 72) < 2 and abs(float(box.height) - h / 25.4 * 72) < 2


@pytest.mark.parametrize("name", BUILTIN)
def test_epub_carries_theme_css_and_fonts(name: str, outputs: dict[str, dict[str, bytes]]) -> None:
    theme = load_theme(name)
    data = outputs[name]["epub"]
    css = _epub_css(data)
    assert theme.get("colors.accent") in css
    assert f'font-family: "{theme.get("fonts.body")}"' in css
    with zipfile.ZipFile(BytesIO(data)) as z:
        fonts = [n for n in z.namelist() if n.startswith("EPUB/fonts/")]
        opf = z.read("EPUB/content.opf").decode("utf-8")
    assert any(theme.get("fonts.body").replace(" ", "-") in f for f in fonts), fonts
    for f in fonts:
        assert f.removeprefix("EPUB/") in opf
        assert f"url(\"../{f.removeprefix('EPUB/')}\")" in css


def test_epubs_pass_epubcheck(outputs: dict[str, dict[str, bytes]], tmp_path: Path) -> None:
    if not epubcheck.available():
        pytest.skip("epubcheck (Java) not available")
    paths = []
    for name in BUILTIN:
        path = tmp_path / f"{name}.epub"
        path.write_bytes(outputs[name]["epub"])
        paths.append(path)
    results = epubcheck.check_many(paths)
    assert all(not messages for messages in results.values()), results


@pytest.mark.parametrize("name", BUILTIN)
def test_deck_uses_theme_colors_and_fonts(name: str, outputs: dict[str, dict[str, bytes]]) -> None:
    from pptx import Presentation

    theme = load_theme(name)
    prs = Presentation(BytesIO(outputs[name]["pptx"]))
    fonts: set[str] = set()
    colours: set[str] = set()
    from pptx.enum.dml import MSO_FILL

    backgrounds = [prs.slide_master.background] + [s.background for s in prs.slides]
    for background in backgrounds:
        if background.fill.type == MSO_FILL.SOLID:
            colours.add(str(background.fill.fore_color.rgb))
    for slide in prs.slides:
        for shape in slide.shapes:
            if shape.has_text_frame:
                for par in shape.text_frame.paragraphs:
                    for run in par.runs:
                        if run.font.name:
                            fonts.add(run.font.name)
                        if run.font.color and run.font.color.type is not None:
                            colours.add(str(run.font.color.rgb))
    assert theme.get("deck.heading_font") in fonts and theme.get("deck.body_font") in fonts
    # [deck] colours a theme leaves out follow its [colors].
    style = DeckStyle.from_theme(theme, "en")
    assert style.background in colours and style.text in colours
    assert style.accent == theme.get("colors.accent").lstrip("#").upper()


def test_talk_deck_is_high_contrast_and_large() -> None:
    theme = load_theme("talk")

    def luminance(value: str) -> float:
        def channel(c: float) -> float:
            return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

        r, g, b = (channel(c) for c in _hex(value))
        return 0.2126 * r + 0.7152 * g + 0.0722 * b

    def contrast(a: str, b: str) -> float:
        hi, lo = sorted((luminance(a), luminance(b)), reverse=True)
        return (hi + 0.05) / (lo + 0.05)

    style = DeckStyle.from_theme(theme, "en")
    assert contrast(style.text, style.background) >= 15
    # Section dividers set the background colour on the accent.
    assert contrast(style.accent, style.background) >= 7
    assert contrast(theme.get("colors.text"), theme.get("colors.background")) >= 15
    assert theme.get("deck.body_size") >= 32 and theme.get("deck.title_size") >= 48
    assert theme.get("typography.font_size") >= 13


# ------------------------------------------------------------- user themes


def _child(tmp_path: Path, body: str) -> Path:
    folder = tmp_path / "mine"
    folder.mkdir(exist_ok=True)
    (folder / "theme.toml").write_text(body, "utf-8")
    return folder


def test_extends_changes_only_what_it_says(tmp_path: Path, doc: essaykit.Document,
                                          outputs: dict[str, dict[str, bytes]]) -> None:
    folder = _child(tmp_path, 'name = "mine"\nextends = "classic"\n'
                              '[colors]\naccent = "#12a4b6"\n[deck]\naccent = "#12a4b6"\n')
    theme = load_theme(str(folder))
    assert theme.get("fonts.body") == "Source Serif 4"
    assert theme.get("page.size") == "A5"

    epub = essaykit.render(doc, "epub", str(folder))
    css = _epub_css(epub)
    assert "#12a4b6" in css and "#8c2f1b" not in css.split("generated from theme.toml")[1]
    classic_css = _epub_css(outputs["classic"]["epub"])
    assert css.replace("#12a4b6", "#8c2f1b") == classic_css

    pdf = essaykit.render(doc, "pdf", str(folder))
    colors = _pdf_colors(pdf)
    assert _has_color(colors, "#12a4b6")
    assert not _has_color(colors, "#8c2f1b")
    assert _pdf_fonts(pdf) == _pdf_fonts(outputs["classic"]["pdf"])

    from pptx import Presentation

    prs = Presentation(BytesIO(essaykit.render(doc, "pptx", str(folder))))
    xml = b"".join(s.part.blob for s in prs.slides)
    assert b'val="12A4B6"' in xml and b'val="8C2F1B"' not in xml


def test_child_css_follows_parent(tmp_path: Path, doc: essaykit.Document) -> None:
    folder = _child(tmp_path, 'extends = "magazine"\n[fonts]\nbody = "Atkinson Hyperlegible"\n')
    (folder / "epub.css").write_text("h2 { letter-spacing: 0.2em; }\n", "utf-8")
    theme = load_theme(str(folder))
    css = epub_css(theme)
    assert '"Atkinson Hyperlegible"' in css and '"DM Serif Display"' in css
    full = _epub_css(essaykit.render(doc, "epub", str(folder)))
    assert full.index("classic/book.css") < full.index("magazine/book.css") < full.index("mine/epub.css")


@pytest.mark.parametrize(("toml", "key"), [
    ('[colors]\naccent = "bluish"\n', "colors.accent"),
    ("[colors]\ntext = 3\n", "colors.text"),
    ('[page]\nsize = "B7"\n', "page.size"),
    ('[page]\nmargin_top = "wide"\n', "page.margin_top"),
    ('[typography]\nfont_size = "big"\n', "typography.font_size"),
    ('[pullquote]\nstyle = "balloon"\n', "pullquote.style"),
    ("[fonts]\nbody = 12\n", "fonts.body"),
    ('[fonts.scripts]\narabic = 1\n', "fonts.scripts.arabic"),
    ('[deck]\ntitle_size = "huge"\n', "deck.title_size"),
    ('[deck]\nbackground = "black"\n', "deck.background"),
])
def test_broken_value_names_key_and_file(tmp_path: Path, toml: str, key: str) -> None:
    folder = _child(tmp_path, 'extends = "classic"\n' + toml)
    with pytest.raises(EssayError) as info:
        load_theme(str(folder))
    message = str(info.value)
    assert str(folder / "theme.toml") in message and key in message, message


def test_broken_value_in_parent_names_parent_file(tmp_path: Path) -> None:
    parent = tmp_path / "parent"
    parent.mkdir()
    (parent / "theme.toml").write_text('[colors]\naccent = "#12345"\n', "utf-8")
    child = _child(tmp_path, 'extends = "parent"\n')
    with pytest.raises(EssayError, match=r"parent[/\\]theme\.toml: theme: colors\.accent"):
        load_theme(str(child))


def test_toml_syntax_error_names_file_and_line(tmp_path: Path) -> None:
    folder = _child(tmp_path, 'extends = "classic"\n[colors\naccent = "#fff"\n')
    with pytest.raises(EssayError, match=r"theme\.toml: theme: .*line 2"):
        load_theme(str(folder))


def test_cli_theme_folder_and_themes_list(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from essaykit.cli import main

    folder = _child(tmp_path, 'name = "mine"\ndescription = "Mine, a test theme."\nextends = "talk"\n')
    src = tmp_path / "essay.md"
    src.write_text(ESSAY, "utf-8")
    runner = CliRunner()
    result = runner.invoke(main, ["export", str(src), "-t", "epub", "--theme", str(folder),
                                  "-o", str(tmp_path / "out.epub")])
    assert result.exit_code == 0, result.output
    assert "#ffb000" in _epub_css((tmp_path / "out.epub").read_bytes())
    result = runner.invoke(main, ["themes"], env={"ESSAYKIT_THEMES": str(tmp_path)})
    assert result.exit_code == 0
    for name in (*BUILTIN, "mine"):
        assert re.search(rf"^{name}\b", result.output, re.M), result.output
