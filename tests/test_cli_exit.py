"""Exit codes as README documents them (0, 1 an input could not be converted,
2 usage, 130 Ctrl-C, 70 a bug), never a traceback, and never overwriting
what essaykit did not write."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from essaykit import api
from essaykit.cli import main
from essaykit.errors import UsageError

ESSAY = "---\ntitle: Codes\n---\n\nA paragraph with a few words.\n"
ROOT = Path(__file__).resolve().parents[1]


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def src(tmp_path: Path) -> Path:
    path = tmp_path / "essay.md"
    path.write_text(ESSAY, "utf-8")
    return path


def test_documented_codes_are_the_ones_used() -> None:
    readme = (ROOT / "README.md").read_text("utf-8")
    table = readme.split("## Exit codes and errors", 1)[1].split("\n\n", 2)[1]
    assert re.findall(r"^\| (\d+) \|", table, re.M) == ["0", "1", "2", "70", "130"]


@pytest.mark.parametrize("args", [
    ["-t", "pdf", "--page-size", "B7"],
    ["-t", "pdf", "--theme", "nosuch"],
    ["-t", "pdf", "--pdf-variant", "pdf/z-9"],
    ["-t", "pptx", "--aspect", "5:4"],
    ["-t", "pptx", "--template", "NOTES"],
    ["-t", "docx"],
    ["-t", "epub", "--lang", "not a tag"],
    ["--no-such-option"],
])
def test_usage_errors_exit_2_in_at_most_two_lines(src: Path, tmp_path: Path, args: list[str]) -> None:
    notes = tmp_path / "notes.md"
    notes.write_text("my notes\n", "utf-8")
    args = [str(notes) if a == "NOTES" else a for a in args]
    code, _, err = run("export", str(src), "-o", str(tmp_path / "out"), *args)
    assert code == 2, err
    assert 1 <= len(err.strip().splitlines()) <= 2 and "Traceback" not in err
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())


def test_bad_input_exits_1(tmp_path: Path) -> None:
    bad = tmp_path / "bad.md"
    bad.write_text("---\ntitle: [unclosed\n---\nbody\n", "utf-8")
    code, _, err = run("export", str(bad), "-t", "epub")
    assert code == 1 and err.startswith(f"{bad}:") and len(err.strip().splitlines()) == 1


def test_existing_file_of_another_kind_survives(src: Path, tmp_path: Path) -> None:
    notes = tmp_path / "notes.md"
    notes.write_text("my notes\n", "utf-8")
    code, _, err = run("export", str(src), "-t", "pdf", "-o", str(notes))
    assert code == 2 and "notes.md: exists and is not a PDF" in err
    assert notes.read_text("utf-8") == "my notes\n"
    code, _, err = run("export", str(src), "-t", "epub", "-o", str(src))
    assert code == 2 and "overwrite the input" in err
    assert src.read_text("utf-8") == ESSAY
    with pytest.raises(UsageError, match="not a PDF"):
        api.export(api.load(src), notes, "pdf")


def test_same_kind_is_overwritten(src: Path, tmp_path: Path) -> None:
    target = tmp_path / "old.epub"
    target.write_bytes(b"an older export")
    code, _, err = run("export", str(src), "-o", str(target))
    assert code == 0, err
    assert target.read_bytes()[:2] == b"PK"
    slides = tmp_path / "talk.slides.pdf"
    slides.write_bytes(b"%PDF- an older export")
    api.check_target(slides, "slides")  # a compound suffix is the same kind
    api.check_target(tmp_path / "old.epub", "epub")


def test_book_manifest_given_to_export(tmp_path: Path) -> None:
    manifest = tmp_path / "book.toml"
    manifest.write_text('[book]\ntitle = "B"\nchapters = ["*.md"]\n', "utf-8")
    code, _, err = run("export", str(manifest))
    assert code == 2 and f"essaykit book {manifest}" in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["book.toml"]


def test_ctrl_c_exits_130(src: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def interrupted(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(api, "prepare", interrupted)
    code, _, err = run("export", str(src), "-t", "epub")
    assert code == 130 and err.strip() == "essaykit: interrupted"
    assert not src.with_suffix(".epub").exists()


def test_a_bug_is_one_hint_and_debug_shows_it(src: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise ZeroDivisionError("oops")

    monkeypatch.setattr(api, "prepare", broken)
    code, _, err = run("export", str(src), "-t", "epub")
    assert code == 70 and "Traceback" not in err
    assert "internal error: ZeroDivisionError: oops" in err and "--debug" in err
    result = CliRunner().invoke(main, ["export", str(src), "-t", "epub", "--debug"])
    assert isinstance(result.exception, ZeroDivisionError)  # raised, so Python prints the traceback
    result = CliRunner().invoke(main, ["--debug", "export", str(src), "-t", "epub"])
    assert isinstance(result.exception, ZeroDivisionError)


def test_version_names_the_libraries() -> None:
    from importlib.metadata import version

    import essaykit

    code, out, _ = run("--version")
    assert code == 0
    assert out.splitlines()[0].startswith(f"essaykit {essaykit.__version__} (Python ")
    for dist, name in (("weasyprint", "WeasyPrint"), ("python-pptx", "python-pptx"), ("ebooklib", "ebooklib")):
        assert f"{name} {version(dist)}" in out


def test_book_file_output_and_refusals(tmp_path: Path) -> None:
    (tmp_path / "a.md").write_text(ESSAY, "utf-8")
    manifest = tmp_path / "book.toml"
    manifest.write_text('[book]\ntitle = "B"\nchapters = ["a.md"]\n', "utf-8")
    code, _, err = run("book", str(manifest), "-o", str(tmp_path / "mybook.epub"), "-q")
    assert code == 0, err
    assert (tmp_path / "mybook.epub").is_file()
    code, _, err = run("book", str(manifest), "-o", str(tmp_path / "x.epub"), "-t", "pdf")
    assert code == 2 and "give -o a folder" in err
    code, _, err = run("book", str(manifest), "-t", "epub", "--page-size", "B7")
    assert code == 2 and "--page-size" in err
