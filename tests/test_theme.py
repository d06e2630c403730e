"""Themes: built-ins found, user themes by path, ``extends``, clear errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from essaykit.errors import EssayError
from essaykit.theme import list_themes, load_theme


def test_builtin_classic_loads() -> None:
    theme = load_theme("classic")
    assert theme.builtin
    assert theme.get("colors.accent", "").startswith("#")
    assert theme.get("no.such.key", 3) == 3


def test_list_themes_has_builtins() -> None:
    assert "classic" in {t.name for t in list_themes()}


def test_user_theme_extends_builtin(tmp_path: Path) -> None:
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "theme.toml").write_text('name = "mine"\nextends = "classic"\n[colors]\naccent = "#123456"\n')
    (mine / "book.css").write_text("p { color: red }")
    theme = load_theme(str(mine))
    assert theme.name == "mine"
    assert theme.get("colors.accent") == "#123456"
    # Values not overridden come from the parent.
    assert theme.get("colors.text") == load_theme("classic").get("colors.text")
    assert theme.css("book").rstrip().endswith("p { color: red }")
    assert len(theme.folders()) == 2


def test_broken_theme_names_file_and_key(tmp_path: Path) -> None:
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "theme.toml").write_text("colors = 3\n")
    with pytest.raises(EssayError, match=r"theme.toml: theme: 'colors' must be a table"):
        load_theme(str(bad))
    (bad / "theme.toml").write_text("[colors\n")
    with pytest.raises(EssayError, match=r"theme.toml: theme: "):
        load_theme(str(bad))


def test_unknown_theme() -> None:
    with pytest.raises(EssayError, match="theme 'nope' not found"):
        load_theme("nope")


def test_extends_loop(tmp_path: Path) -> None:
    for a, b in (("a", "b"), ("b", "a")):
        (tmp_path / a).mkdir()
        (tmp_path / a / "theme.toml").write_text(f'extends = "{b}"\n')
    with pytest.raises(EssayError, match="loop"):
        load_theme(str(tmp_path / "a"))
