"""Hostile input, the small refusals: what essaykit will not read is said,
on its line, for what it is, never skipped in silence. A theme's font file
or deck template outside the theme's folder, a ``file:`` image, an image
that is a FIFO, a socket or a folder, an SVG of more elements than the PDF
can draw in bounded memory (that last in test_hostile_svg_cap.py)."""

from __future__ import annotations

import os
import socket
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

import essaykit
from essaykit.cli import main
from essaykit.errors import EssayError, Warning_
from essaykit.resources import ResourceError, ResourcePolicy
from essaykit.theme import load_theme

SECRET = "SECRET-0xC0FFEE"
#: A 1x1 PNG.
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360606060000000050001a5f645400000000049454e44ae426082"
)
FORMATS = ("pdf", "epub", "pptx")


def _theme(folder: Path, toml: str) -> Path:
    folder.mkdir(parents=True)
    (folder / "theme.toml").write_text('name = "mine"\nextends = "classic"\n' + toml)
    return folder


def _outside(tmp_path: Path) -> Path:
    far = tmp_path / "far"
    far.mkdir(exist_ok=True)
    (far / "S.ttf").write_text(SECRET)
    return far / "S.ttf"


# ------------------------------------------------ theme files outside the theme

@pytest.mark.parametrize("how", ["symlink", "dotdot", "absolute"])
@pytest.mark.parametrize("table", [
    '[fonts]\nbody = {{family = "Sneaky", file = "{rel}"}}\n',
    '[fonts.heading]\nfamily = "Sneaky"\nbold = "{rel}"\n',
    '[deck]\nbody_font = {{family = "Sneaky", files = ["fonts/ok.ttf", "{rel}"]}}\n',
    '[deck]\ntemplate = "{rel}"\n',
])
def test_a_theme_file_outside_the_theme_is_refused_on_its_line(tmp_path: Path, how: str, table: str) -> None:
    secret = _outside(tmp_path)
    rel = {"symlink": "fonts/S.ttf", "dotdot": "../far/S.ttf", "absolute": str(secret)}[how]
    folder = _theme(tmp_path / "mine", table.format(rel=rel))
    (folder / "fonts").mkdir()
    (folder / "fonts" / "ok.ttf").write_text("inside")
    if how == "symlink":
        (folder / "fonts" / "S.ttf").symlink_to(secret)
    line = next(n for n, text in enumerate((folder / "theme.toml").read_text().split("\n"), 1) if rel in text)
    with pytest.raises(EssayError) as info:
        load_theme(str(folder))
    message = str(info.value)
    assert message.startswith(f"{folder / 'theme.toml'}:{line}: theme: "), message
    assert repr(rel) in message and "outside the theme's folder" in message and "not found" not in message


def test_a_theme_file_outside_stops_the_export_in_one_line(tmp_path: Path) -> None:
    secret = _outside(tmp_path)
    folder = _theme(tmp_path / "mine", '[deck]\ntemplate = "t.pptx"\n')
    (folder / "t.pptx").symlink_to(secret)
    essay = tmp_path / "e.md"
    essay.write_text("# T\n\nWords.\n")
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["export", str(essay), "-t", "pptx", "--theme", str(folder), "-o", str(out)])
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert result.stderr.strip().splitlines() == [
        f"{folder / 'theme.toml'}:4: theme: deck.template = 't.pptx': refused: the file lies outside the theme's folder"]
    assert not out.exists() or not list(out.iterdir())


def test_theme_files_inside_the_theme_or_its_parents_are_taken(tmp_path: Path) -> None:
    parent = _theme(tmp_path / "themes" / "base", "")
    (parent / "fonts").mkdir()
    (parent / "fonts" / "P.ttf").write_text("parent's")
    child = _theme(tmp_path / "themes" / "child",
                   '[fonts]\nbody = {family = "P", file = "fonts/P.ttf"}\n'
                   'heading = {family = "Own", file = "./fonts/../fonts/Own.ttf"}\n'
                   'code = {family = "Gone", file = "fonts/Missing.ttf"}\n')
    (child / "theme.toml").write_text((child / "theme.toml").read_text().replace('"classic"', '"base"'))
    (child / "fonts").mkdir()
    (child / "fonts" / "Own.ttf").write_text("own")
    theme = load_theme(str(child))
    assert theme.file("fonts/P.ttf") == (parent / "fonts" / "P.ttf").resolve()
    assert theme.file("fonts/Own.ttf") == (child / "fonts" / "Own.ttf").resolve()
    assert theme.file("fonts/Missing.ttf") is None  # missing inside: the deck measures with another face


def test_every_builtin_theme_still_loads() -> None:
    from essaykit.theme import builtin_dirs

    names = {sub.name for d in builtin_dirs() for sub in d.iterdir() if (sub / "theme.toml").is_file()}
    assert names and all(load_theme(name).name for name in names)


# ------------------------------------------------ file: images

def _warnings(essay: Path, fmt: str) -> list[Warning_]:
    seen: list[Warning_] = []
    essaykit.render(essaykit.load(essay), fmt, warn=seen.append)
    return seen


def test_a_file_url_image_is_refused_with_a_warning_in_every_format(tmp_path: Path) -> None:
    secret = tmp_path / "secret.png"
    secret.write_bytes(PNG)
    folder = tmp_path / "essay"
    folder.mkdir()
    essay = folder / "e.md"
    essay.write_text(f"# T\n\nWords.\n\n![c](file://{secret})\n\n"
                     f"<img src=\"FILE:{secret}\" alt=\"d\">\n")
    for fmt in FORMATS:
        got = {(w.line, w.kind) for w in _warnings(essay, fmt) if "file:" in w.message.lower()}
        assert got == {(5, "image-refused"), (7, "image-refused")}, fmt
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["export", str(essay), "-t", "pdf,epub,pptx", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert f"{essay}:5: warning: image file://{secret}: refused: outside the essay's folder" in result.stderr
    for f in out.iterdir():
        assert b"file:" not in f.read_bytes()
        if f.suffix != ".pdf":
            with zipfile.ZipFile(f) as z:
                assert not [n for n in z.namelist() if n.endswith(".png") and "cover" not in n], f


def test_a_file_url_image_inside_the_essays_folder_is_shown(tmp_path: Path) -> None:
    (tmp_path / "ok.png").write_bytes(PNG)
    essay = tmp_path / "e.md"
    essay.write_text(f"# T\n\nWords.\n\n![ok](file://{tmp_path / 'ok.png'})\n")
    assert not [w for w in _warnings(essay, "epub") if w.kind.startswith("image")]
    with zipfile.ZipFile(__import__("io").BytesIO(essaykit.render(essaykit.load(essay), "epub"))) as z:
        assert [n for n in z.namelist() if "/images/" in n and n.endswith(".png")]


def test_links_to_file_urls_are_still_dropped() -> None:
    doc = essaykit.loads("# T\n\n[here](file:///etc/passwd) and ![j](javascript:alert(1))\n")
    assert "file:" not in doc.to_json() and "javascript" not in doc.to_json()


# ------------------------------------------------ images that are not regular files

def test_a_fifo_socket_or_folder_image_is_said_for_what_it_is(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe.png")  # nobody writes to it: an open for reading would block
    (tmp_path / "dir.png").mkdir()
    sock = socket.socket(socket.AF_UNIX)
    try:
        sock.bind(str(tmp_path / "sock.png"))
        policy = ResourcePolicy.for_essay(tmp_path)
        for name, what in [("pipe.png", "a named pipe (FIFO)"), ("dir.png", "a folder"), ("sock.png", "a socket")]:
            with pytest.raises(ResourceError) as info:
                policy.read(name, tmp_path)
            assert info.value.message == f"{name}: {what}, not a regular file"
            assert info.value.kind == "image-unreadable"
        with pytest.raises(ResourceError) as info:
            policy.read("nope.png", tmp_path)
        assert info.value.kind == "image-missing"
    finally:
        sock.close()


def test_a_fifo_image_warns_in_every_format(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "f.png")
    essay = tmp_path / "e.md"
    essay.write_text("---\ntitle: T\ncover: f.png\n---\n\nWords.\n\n![f](f.png)\n")
    for fmt in FORMATS:
        got = [(w.line, w.message) for w in _warnings(essay, fmt) if w.line == 8]
        assert got == [(8, "image f.png: a named pipe (FIFO), not a regular file; its alt text is shown instead")], fmt
