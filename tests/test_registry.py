"""Renderers are found through the entry-point group, built-ins included,
and importing essaykit (or asking for --help) loads no heavy library."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

import essaykit
from essaykit.errors import UsageError
from essaykit.renderers import registry

HEAVY = ("weasyprint", "pptx", "ebooklib")


def test_builtins_come_from_entry_points() -> None:
    from importlib.metadata import entry_points

    names = {ep.name for ep in entry_points(group=registry.GROUP)}
    assert {"pdf", "epub", "pptx"} <= names


def test_unknown_format_is_a_usage_error() -> None:
    with pytest.raises(UsageError, match="unknown format 'docx'"):
        registry.get_renderer("docx")


def test_a_third_party_renderer_registers_the_same_way(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A toy plugin installed as a distribution with an entry point."""
    (tmp_path / "toyrender.py").write_text(textwrap.dedent('''
        from essaykit.model import plain_text

        class WordsRenderer:
            name = "words"
            suffix = ".txt"
            binary = False

            def render(self, doc, ctx):
                return plain_text(doc.blocks).encode()
    '''))
    dist = tmp_path / "toyrender-1.0.dist-info"
    dist.mkdir()
    (dist / "METADATA").write_text("Metadata-Version: 2.1\nName: toyrender\nVersion: 1.0\n")
    (dist / "entry_points.txt").write_text("[essaykit.renderers]\nwords = toyrender:WordsRenderer\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    registry.refresh()
    try:
        assert "words" in essaykit.renderer_names()
        doc = essaykit.Document(
            blocks=(essaykit.model.Paragraph(children=(essaykit.model.Text(text="hello plugin"),)),)
        )
        assert essaykit.render(doc, "words", prepared=True) == b"hello plugin"
    finally:
        monkeypatch.undo()
        registry.refresh()
    assert "words" not in essaykit.renderer_names()


def _modules_after(code: str) -> set[str]:
    out = subprocess.run(
        [sys.executable, "-c", code + "\nimport sys; print(' '.join(sys.modules))"],
        capture_output=True, text=True, check=True,
    )
    return set(out.stdout.split())


def test_help_imports_no_heavy_library() -> None:
    mods = _modules_after(
        "import sys\nfrom essaykit.cli import main\n"
        "try:\n    main(['--help'])\nexcept SystemExit:\n    pass"
    )
    assert not [m for m in mods if m.split(".")[0] in HEAVY]


def test_import_essaykit_is_light() -> None:
    mods = _modules_after("import essaykit")
    assert not [m for m in mods if m.split(".")[0] in HEAVY]
    # Not even the model: ``essaykit export`` forks the PDF's process after
    # importing the CLI, and everything imported before delays the PDF.
    cli = _modules_after("import essaykit.cli, essaykit.prewarm\n"
                         "essaykit.prewarm._known_warm('pdf')")
    assert "essaykit.model" not in cli and "essaykit.api" not in cli


def test_package_names_load_on_first_use() -> None:
    from essaykit import api

    assert essaykit.load is api.load and essaykit.Document.__name__ == "Document"
    assert set(essaykit.__all__) <= set(dir(essaykit))
    with pytest.raises(AttributeError):
        essaykit.no_such_name  # noqa: B018


def test_entry_points_cache_is_used_only_while_its_fingerprint_matches(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import json

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    registry.refresh()
    try:
        assert {"pdf", "epub", "pptx"} <= set(registry.renderer_names())  # scanned, then saved
        cache = registry._cache_file()
        assert cache is not None and cache.exists()
        saved = json.loads(cache.read_text())
        saved[0]["entries"]["fake"] = "toyrender:Nothing"
        cache.write_text(json.dumps(saved))
        registry.refresh()
        assert "fake" in registry.renderer_names()  # same fingerprint: the file is trusted
        saved[0]["fingerprint"] += "\nchanged"
        cache.write_text(json.dumps(saved))
        registry.refresh()
        assert "fake" not in registry.renderer_names()  # anything changed: scanned again
    finally:
        monkeypatch.undo()
        registry.refresh()
