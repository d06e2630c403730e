"""Theme tokens: every colour and face the themes' CSS uses comes from
theme.toml, so a child theme that changes ``accent`` leaves none of the
parent's accent anywhere; the reference in docs/THEMES.md lists every key
the code reads; ``themes --show`` and ``--theme`` completion."""

from __future__ import annotations

import re
import zipfile
from io import BytesIO
from pathlib import Path

import pytest
from click.testing import CliRunner

import essaykit
from essaykit.cli import main
from essaykit.cli.theme_info import complete_theme
from essaykit.renderers.base import RenderContext
from essaykit.theme import DEFAULT_COLORS, list_themes, load_theme, resolve_tokens

ROOT = Path(__file__).resolve().parents[1]
BUILTIN = ("classic", "magazine", "talk")
GREEN = "#1b7f3a"

ESSAY = """---
title: "Green Rooms"
subtitle: "A standfirst under the headline"
author: "Ada Test"
---

The first paragraph opens the essay, with a [link](https://example.org).

## A section

> [!PULLQUOTE]
> A wall is a sentence the room says once.

Text with `code`.

```python
def room(size: int) -> str:
    return "small"
```

***

| a | b |
|---|---|
| 1 | 2 |
"""


@pytest.fixture(scope="module")
def doc() -> essaykit.Document:
    return essaykit.loads(ESSAY)


def _child(tmp_path: Path, parent: str) -> Path:
    folder = tmp_path / f"green-{parent}"
    folder.mkdir()
    (folder / "theme.toml").write_text(f'extends = "{parent}"\n[colors]\naccent = "{GREEN}"\n', "utf-8")
    return folder


def _hexes(text: str) -> set[str]:
    return {h.lower() for h in re.findall(r"#[0-9a-fA-F]{6}\b", text)}


def test_theme_css_writes_no_colour_or_family_of_its_own() -> None:
    for css in sorted((ROOT / "themes").glob("*/*.css")):
        text = re.sub(r"/\*.*?\*/", "", css.read_text("utf-8"), flags=re.S)
        assert not re.findall(r"#[0-9a-fA-F]{3,6}\b", text), css
        assert not re.findall(r"font-family:\s*[\"']", text), css


@pytest.mark.parametrize("parent", BUILTIN)
def test_a_child_theme_changing_the_accent_leaves_no_trace_of_the_old_one(
        parent: str, doc: essaykit.Document, tmp_path: Path) -> None:
    old = load_theme(parent).get("colors.accent").lower()
    theme = load_theme(str(_child(tmp_path, parent)))

    # The PDF's stylesheets, as WeasyPrint gets them.
    from essaykit.renderers.pdf.build import build

    job = build(essaykit.prepare(doc), RenderContext(theme=theme))
    pdf_css = "\n".join(text for text, _base in job.css)
    assert old not in _hexes(pdf_css) and GREEN in _hexes(pdf_css)

    # The EPUB's stylesheet.
    epub = essaykit.render(doc, "epub", theme)
    with zipfile.ZipFile(BytesIO(epub)) as z:
        epub_css = z.read("EPUB/style/book.css").decode("utf-8")
    assert old not in _hexes(epub_css) and GREEN in _hexes(epub_css)
    assert "var(--" not in epub_css  # written out for readers without custom properties

    # The deck's slides and theme.
    from pptx import Presentation

    prs = Presentation(BytesIO(essaykit.render(doc, "pptx", theme)))
    xml = b"".join(s.part.blob for s in prs.slides).decode("utf-8").lower()
    assert f'val="{old[1:]}"' not in xml and f'val="{GREEN[1:]}"' in xml

    # The drawn cover.
    from essaykit.renderers.epub.cover import _colors

    assert _colors(theme)["accent"] == (0x1B, 0x7F, 0x3A)


def test_builtin_themes_resolve_every_token_their_css_uses() -> None:
    for name in BUILTIN:
        theme = load_theme(name)
        for kind in ("book", "print", "epub"):
            assert "var(--" not in theme.css(kind), (name, kind)
    tokens = load_theme("talk").tokens()
    assert tokens["--accent"] == "#ffb000" and tokens["--inverse-muted"] == "#c9ced6"
    assert tokens["--pullquote-background"] == "#101216"
    assert tokens["--font-code"].startswith('"JetBrains Mono"')


def test_resolve_tokens_leaves_other_custom_properties() -> None:
    css = "a { color: var(--accent); b: var( --mine ); c: var(--other, red); }"
    assert resolve_tokens(css, {"--accent": "#123456"}) == (
        "a { color: #123456; b: var( --mine ); c: var(--other, red); }")


def test_palette_defaults_and_derived_colours(tmp_path: Path) -> None:
    folder = tmp_path / "bare"
    folder.mkdir()
    (folder / "theme.toml").write_text('[colors]\ntext = "#222222"\nmine = "#abcdef"\n', "utf-8")
    palette = load_theme(str(folder)).palette()
    assert palette["accent"] == DEFAULT_COLORS["accent"]
    assert palette["inverse_background"] == "#222222" and palette["subtitle"] == "#222222"
    assert load_theme(str(folder)).tokens()["--mine"] == "#abcdef"


def test_cover_colours_may_name_the_palette(tmp_path: Path) -> None:
    folder = tmp_path / "c"
    folder.mkdir()
    (folder / "theme.toml").write_text('extends = "talk"\n[epub]\ncover_rule = "muted"\n', "utf-8")
    from essaykit.renderers.epub.cover import _colors

    assert _colors(load_theme(str(folder)))["rule"] == (0x41, 0x46, 0x4F)
    (folder / "theme.toml").write_text('extends = "talk"\n[epub]\ncover_rule = "mauve"\n', "utf-8")
    with pytest.raises(essaykit.EssayError, match="epub.cover_rule"):
        load_theme(str(folder))


def _keys_read_by_the_code() -> set[str]:
    """Every ``section.key`` of theme.toml the code reads."""
    sections = "colors|fonts|page|typography|pullquote|pdf|epub|deck"
    found: set[str] = set()
    for path in (ROOT / "essaykit").rglob("*.py"):
        text = path.read_text("utf-8")
        found |= set(re.findall(rf"""get\(\s*["']((?:{sections})\.[a-z_]+)["']""", text))
        found |= {f"deck.{k}" for k in re.findall(r'get\(f"deck\.\{key\}"\)', text) and
                  ("background", "text", "accent", "muted", "code_background")}
    theme_py = (ROOT / "essaykit" / "theme.py").read_text("utf-8")
    found |= {f"colors.{k}" for k in re.findall(r'^    "(\w+)": "', theme_py, flags=re.M)}
    found |= {f"epub.cover_{k}" for k in ("background", "text", "muted", "accent", "rule")}
    found |= {f"fonts.{k}" for k in ("body", "heading", "display", "code")}
    return found


def test_the_reference_lists_every_key_the_code_reads() -> None:
    doc = (ROOT / "docs" / "THEMES.md").read_text("utf-8")
    keys = _keys_read_by_the_code()
    assert len(keys) > 40
    missing = sorted(k for k in keys if f"`{k}`" not in doc)
    assert not missing, missing
    assert "docs/THEMES.md" in (ROOT / "README.md").read_text("utf-8")


def test_themes_show_prints_resolved_keys_and_tokens(tmp_path: Path) -> None:
    folder = _child(tmp_path, "magazine")
    result = CliRunner().invoke(main, ["themes", "--show", str(folder)])
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert f'colors.accent = "{GREEN}"' in out  # the child's
    assert 'fonts.heading = "DM Serif Display"' in out  # the parent's
    assert 'colors.inverse_muted = "#d9d5cf"' in out  # derived
    assert f"--accent: {GREEN};" in out
    result = CliRunner().invoke(main, ["themes", "--show", "no-such-theme"])
    assert result.exit_code == 2 and "no-such-theme" in result.stderr


def test_theme_option_completes_theme_names() -> None:
    assert [c.value for c in complete_theme(None, None, "ma")] == ["magazine"]
    assert {c.value for c in complete_theme(None, None, "")} >= set(BUILTIN)
    assert {t.name for t in list_themes()} >= {c.value for c in complete_theme(None, None, "")}
    for command in ("export", "book"):
        option = next(p for p in main.commands[command].params if p.name == "theme")
        assert [c.value for c in option.shell_complete(None, "ta")] == ["talk"]  # type: ignore[arg-type]
