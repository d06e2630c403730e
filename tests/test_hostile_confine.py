"""Confinement: every file essaykit reads lies, symlinks followed, inside the
folders the user named (the essay's, the book's, the theme's), or is refused
with a one-line error. Nothing a book manifest names widens the book's root."""

from __future__ import annotations

import os
import shutil
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from essaykit.book import read_manifest
from essaykit.book.manifest import walk_glob
from essaykit.cli import main
from essaykit.errors import EssayError
from essaykit.resources import ResourceError, confine
from essaykit.theme import load_theme

SECRET = "SECRET-0xC0FFEE"
ESSAY = "---\ntitle: {title}\n---\n\nSome words about {title}.\n"


def _all_bytes(folder: Path) -> bytes:
    out = b""
    for f in folder.rglob("*"):
        if f.is_file():
            data = f.read_bytes()
            if f.suffix in (".epub", ".pptx"):
                with zipfile.ZipFile(f) as z:
                    data = b"".join(z.read(n) for n in z.namelist())
            out += data
    return out


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    """A secret beside the book's folder, and the book's folder."""
    (tmp_path / "secret.md").write_text(f"# Secret\n\n{SECRET}\n")
    book = tmp_path / "book"
    (book / "essays").mkdir(parents=True)
    (book / "essays" / "a.md").write_text(ESSAY.format(title="Alpha"))
    return book


def _manifest_error(book: Path, body: str) -> str:
    (book / "book.toml").write_text('[book]\ntitle = "B"\n' + body)
    with pytest.raises(EssayError) as info:
        read_manifest(book / "book.toml")
    message = str(info.value)
    assert "\n" not in message and message.startswith(str(book / "book.toml") + ":")
    return message


@pytest.mark.parametrize("entry", [
    "../secret.md", "essays/../../secret.md", "{abs}", "../*.md", "**/../../*.md", "../**/*.md",
])
@pytest.mark.parametrize("key", ["chapters", "front", "back"])
def test_manifest_cannot_name_files_outside_the_book(outside: Path, entry: str, key: str) -> None:
    entry = entry.replace("{abs}", str(outside.parent / "secret.md"))
    if key != "chapters" and "*" in entry:
        return  # front and back take no globs
    extra = "" if key == "chapters" else 'chapters = ["essays/a.md"]\n'
    message = _manifest_error(outside, f"{key} = [{entry!r}]\n{extra}".replace("'", '"'))
    assert "book's folder" in message


def test_manifest_symlink_out_refused_even_through_a_glob(outside: Path) -> None:
    (outside / "essays" / "z.md").symlink_to(outside.parent / "secret.md")
    assert "outside the book's folder" in _manifest_error(outside, 'chapters = ["essays/*.md"]\n')
    assert "outside the book's folder" in _manifest_error(outside, 'chapters = ["essays/z.md"]\n')
    (outside / "essays" / "z.md").unlink()
    (outside / "cover.png").symlink_to(outside.parent / "secret.md")
    assert "outside the book's folder" in _manifest_error(outside, 'cover = "cover.png"\nchapters = ["essays/a.md"]\n')


def test_same_chapter_through_a_hard_link_is_a_duplicate(outside: Path) -> None:
    os.link(outside / "essays" / "a.md", outside / "essays" / "again.md")
    message = _manifest_error(outside, 'chapters = ["essays/a.md", "essays/again.md"]\n')
    assert "twice" in message
    # A glob sweeping the same file up again skips it rather than fail.
    (outside / "book.toml").write_text('[book]\ntitle = "B"\nchapters = ["essays/a.md", "essays/*.md"]\n')
    assert [e.path.name for e in read_manifest(outside / "book.toml").chapters] == ["a.md"]


def test_glob_never_follows_a_symlink_loop(outside: Path) -> None:
    (outside / "essays" / "loop").symlink_to(outside / "essays")
    (outside / "essays" / "up").symlink_to(outside)
    deep = outside / "essays" / "sub"
    deep.mkdir()
    (deep / "b.md").write_text(ESSAY.format(title="Beta"))
    (deep / "self").symlink_to(deep)
    found = walk_glob(outside, "**/*.md")
    assert [p.relative_to(outside).as_posix() for p in found] == ["essays/a.md", "essays/sub/b.md"]
    assert walk_glob(outside, "**/**/**/**/**/**/*.md") == found
    assert walk_glob(outside, "essays/*.md") == [outside / "essays" / "a.md"]
    assert walk_glob(outside, "essays/*/b.md") == [deep / "b.md"]


def test_book_build_reads_nothing_outside(outside: Path, tmp_path: Path) -> None:
    (outside / "essays" / "a.md").write_text(
        "# Alpha\n\n![x](../../secret.md)\n\n![y](/etc/passwd)\n\nText.\n")
    (outside / "book.toml").write_text('[book]\ntitle = "B"\nchapters = ["essays/*.md"]\n')
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["book", str(outside / "book.toml"), "-t", "epub,pptx",
                                       "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output
    assert sorted(p.suffix for p in out.iterdir()) == [".epub", ".pptx"]
    assert SECRET.encode() not in _all_bytes(out)


def _theme(tmp_path: Path, files: dict[str, str]) -> Path:
    folder = tmp_path / "mytheme"
    folder.mkdir()
    (folder / "theme.toml").write_text('name = "mine"\nextends = "classic"\n')
    for name, body in files.items():
        (folder / name).write_text(body)
    return folder


def test_theme_css_symlinked_out_of_its_folder_is_refused(tmp_path: Path) -> None:
    (tmp_path / "stolen.css").write_text(f"/* {SECRET} */ body {{ color: #000 }}")
    folder = _theme(tmp_path, {})
    (folder / "epub.css").symlink_to(tmp_path / "stolen.css")
    with pytest.raises(EssayError) as info:
        load_theme(str(folder))
    assert "outside the theme's folder" in str(info.value)
    essay = tmp_path / "e.md"
    essay.write_text(ESSAY.format(title="T"))
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["export", str(essay), "--theme", str(folder), "-o", str(out)])
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert len(result.stderr.strip().splitlines()) == 1
    assert not out.exists() or SECRET.encode() not in _all_bytes(out)


def test_theme_fonts_folder_symlinked_out_is_not_read(tmp_path: Path) -> None:
    from essaykit.fonts import _theme_font_dirs

    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    folder = _theme(tmp_path, {})
    (folder / "fonts").symlink_to(elsewhere)
    assert (elsewhere / "x").parent not in [d.resolve() for d in _theme_font_dirs(load_theme(str(folder)))]


def test_theme_file_and_template_stay_inside(tmp_path: Path) -> None:
    (tmp_path / "t.pptx").write_bytes(b"PK")
    folder = _theme(tmp_path, {})
    (folder / "link.pptx").symlink_to(tmp_path / "t.pptx")
    theme = load_theme(str(folder))
    assert theme.file("link.pptx") is None
    assert theme.file("../t.pptx") is None


def test_deck_and_pdf_images_confined(tmp_path: Path) -> None:
    secret = tmp_path / "secret.png"
    shutil.copy(Path(__file__).parent / "fixtures" / "ok.png", secret) if (
        Path(__file__).parent / "fixtures" / "ok.png").exists() else _png(secret)
    essay_dir = tmp_path / "e"
    essay_dir.mkdir()
    (essay_dir / "link.png").symlink_to(secret)
    src = essay_dir / "e.md"
    src.write_text("# T\n\n![a](link.png)\n\n![b](../secret.png)\n\n![c](file:///etc/passwd)\n\nText.\n")
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["export", str(src), "-t", "pptx,epub", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output
    with zipfile.ZipFile(out / "e.pptx") as z:
        assert not [n for n in z.namelist() if n.startswith("ppt/media/")]
    with zipfile.ZipFile(out / "e.epub") as z:
        assert not [n for n in z.namelist() if n.endswith(".png") and "cover" not in n]


def _png(path: Path) -> None:
    from PIL import Image

    Image.new("RGB", (4, 4), "red").save(path)


def test_confine_follows_symlinks(tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    (tmp_path / "out.txt").write_text("x")
    (tmp_path / "in" / "l").symlink_to(tmp_path / "out.txt")
    with pytest.raises(ResourceError):
        confine(tmp_path / "in" / "l", [tmp_path / "in"])
    assert confine(tmp_path / "in" / "l", [tmp_path]) == (tmp_path / "out.txt").resolve()


def _secret_theme(where: Path) -> Path:
    where.mkdir(parents=True)
    (where / "theme.toml").write_text('name = "secret"\nextends = "classic"\n')
    (where / "print.css").write_text(f'body::after {{ content: "{SECRET}" }}\n')
    return where


@pytest.mark.parametrize("how", ["absolute", "climbing", "symlink"])
def test_theme_extends_nothing_outside(tmp_path: Path, how: str) -> None:
    secret = _secret_theme(tmp_path / "far" / "secret")
    folder = tmp_path / "themes" / "mine"
    folder.mkdir(parents=True)
    name = {"absolute": str(secret), "climbing": "../far/secret", "symlink": "beside"}[how]
    if how == "symlink":
        (folder.parent / "beside").symlink_to(secret)
    (folder / "theme.toml").write_text(f'name = "mine"\nextends = "{name}"\n')
    with pytest.raises(EssayError) as info:
        load_theme(str(folder))
    assert "refused" in str(info.value) and str(info.value).startswith(str(folder / "theme.toml"))


def test_theme_extends_a_theme_beside_it_or_by_name(tmp_path: Path) -> None:
    _secret_theme(tmp_path / "themes" / "base")
    for parent in ("base", "magazine"):
        folder = tmp_path / "themes" / f"child-{parent}"
        folder.mkdir()
        (folder / "theme.toml").write_text(f'name = "c"\nextends = "{parent}"\n')
        assert load_theme(str(folder)).lineage[-2].name == parent


@pytest.mark.parametrize("entry", ["{abs}", "../far/secret", "link"])
def test_manifest_theme_folder_stays_in_the_book(outside: Path, tmp_path: Path, entry: str) -> None:
    secret = _secret_theme(tmp_path / "far" / "secret")
    (outside / "link").symlink_to(secret)
    message = _manifest_error(outside, f'theme = "{entry.format(abs=secret)}"\nchapters = ["essays/a.md"]\n')
    assert "outside the book's folder" in message
