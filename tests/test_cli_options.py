"""Options from four places, in one precedence: command line > front matter >
defaults file (``--defaults`` or the nearest ``essaykit.toml``) > theme >
built-in; ``-M key=value`` metadata over the front matter."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from pypdf import PdfReader

from essaykit.cli import main
from essaykit.defaults import find_defaults, parse_metadata

MM = 72 / 25.4  # PDF points per millimetre


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def essay(folder: Path, front: str = "", name: str = "post.md") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    head = f"---\ntitle: A Post\n{front}---\n\n" if front is not None else ""
    path.write_text(head + "A paragraph with a few words in it.\n\n## Part\n\nAnother one.\n", "utf-8")
    return path


def page_mm(pdf: Path) -> tuple[int, int]:
    box = PdfReader(pdf).pages[0].mediabox
    return round(float(box.width) / MM), round(float(box.height) / MM)


def opf(epub: Path) -> str:
    return zipfile.ZipFile(io.BytesIO(epub.read_bytes())).read("EPUB/content.opf").decode()


def test_front_matter_page_size_gives_a_letter_pdf(tmp_path: Path) -> None:
    src = essay(tmp_path / "e", "page-size: Letter\n")
    code, _, err = run("export", str(src), "-t", "pdf", "-o", str(tmp_path / "out"))
    assert code == 0, err
    assert page_mm(tmp_path / "out" / "post.pdf") == (216, 279)


def test_precedence_command_line_front_matter_defaults(tmp_path: Path) -> None:
    blog = tmp_path / "blog"
    (blog / ".git").mkdir(parents=True)
    (blog / "essaykit.toml").write_text('page-size = "A5"\n', "utf-8")
    plain = essay(blog / "posts", name="plain.md")
    fronted = essay(blog / "posts", "page_size: Letter\n", name="fronted.md")
    out = tmp_path / "out"
    code, _, err = run("export", str(plain), str(fronted), "-t", "pdf", "-o", str(out))
    assert code == 0, err
    assert page_mm(out / "plain.pdf") == (148, 210)  # the defaults file over the theme (classic: A5 too)
    assert page_mm(out / "fronted.pdf") == (216, 279)  # front matter over the defaults file
    code, _, err = run("export", str(fronted), "-t", "pdf", "-o", str(out), "--page-size", "A4")
    assert code == 0, err
    assert page_mm(out / "fronted.pdf") == (210, 297)  # the command line over both


def test_defaults_file_over_the_theme(tmp_path: Path) -> None:
    src = essay(tmp_path / "e")
    (tmp_path / "e" / "essaykit.toml").write_text('theme = "magazine"\npage-size = "A4"\n', "utf-8")
    code, _, err = run("export", str(src), "-t", "pdf", "-o", str(tmp_path / "out"))
    assert code == 0, err
    assert page_mm(tmp_path / "out" / "post.pdf") == (210, 297)  # magazine's own page is 170 x 240


def test_metadata_option_reaches_the_epub(tmp_path: Path) -> None:
    src = essay(tmp_path / "e", "author: Front Matter\n")
    out = tmp_path / "out"
    code, _, err = run("export", str(src), "-t", "epub", "-o", str(out),
                       "-M", "title=Set From Outside", "--metadata", "author=Someone Else", "-M", "lang=de")
    assert code == 0, err
    package = opf(out / "post.epub")
    assert "Set From Outside" in package and "A Post" not in package
    assert "Someone Else" in package and "Front Matter" not in package
    assert "<dc:language>de</dc:language>" in package


def test_defaults_metadata_fills_only_what_front_matter_leaves(tmp_path: Path) -> None:
    folder = tmp_path / "e"
    src = essay(folder, "author: The Writer\n")
    (folder / "essaykit.toml").write_text('[metadata]\nauthor = "Nobody"\nrights = "CC BY 4.0"\n', "utf-8")
    code, _, err = run("export", str(src), "-t", "epub", "-o", str(tmp_path / "out"))
    assert code == 0, err
    package = opf(tmp_path / "out" / "post.epub")
    assert "The Writer" in package and "Nobody" not in package
    assert "CC BY 4.0" in package


def test_explicit_defaults_file_and_unknown_key_warning(tmp_path: Path) -> None:
    src = essay(tmp_path / "e")
    conf = tmp_path / "mine.toml"
    conf.write_text('aspect = "4:3"\npagesize = "A4"\n', "utf-8")
    code, _, err = run("export", str(src), "-t", "pptx", "-o", str(tmp_path / "out"), "--defaults", str(conf))
    assert code == 0, err
    assert f"{conf}:2: warning: unknown option 'pagesize', ignored (did you mean 'page-size'?)" in err
    from pptx import Presentation

    prs = Presentation(str(tmp_path / "out" / "post.pptx"))
    assert prs.slide_width * 3 == prs.slide_height * 4


@pytest.mark.parametrize(("text", "expect"), [
    ('page-size = "B7"\n', ":1: page-size: unknown page size 'B7'"),
    ('theme = "nosuch"\n', ":1: theme 'nosuch' not found"),
    ("page-size = \n", ":1: not valid TOML"),
])
def test_bad_defaults_file_is_a_usage_error(tmp_path: Path, text: str, expect: str) -> None:
    src = essay(tmp_path / "e")
    (tmp_path / "e" / "essaykit.toml").write_text(text, "utf-8")
    code, _, err = run("export", str(src), "-t", "epub", "-o", str(tmp_path / "out"))
    assert code == 2 and expect in err, err
    assert len(err.strip().splitlines()) == 1
    assert not (tmp_path / "out" / "post.epub").exists()


def test_search_stops_at_a_repository_root(tmp_path: Path) -> None:
    (tmp_path / "essaykit.toml").write_text('page-size = "A4"\n', "utf-8")
    repo = tmp_path / "repo"
    (repo / "posts").mkdir(parents=True)
    assert find_defaults(repo / "posts") == tmp_path / "essaykit.toml"
    (repo / ".git").mkdir()
    assert find_defaults(repo / "posts") is None
    (repo / "essaykit.toml").write_text("", "utf-8")
    assert find_defaults(repo / "posts") == repo / "essaykit.toml"


def test_front_matter_value_that_does_not_fit_is_a_warning(tmp_path: Path) -> None:
    # Front matter is often a blog engine's too: Pelican's 'template: page'.
    src = essay(tmp_path / "e", "template: page\ntheme: nosuch\npullquotes: none\n")
    code, _, err = run("export", str(src), "-t", "epub", "-o", str(tmp_path / "out"))
    assert code == 0, err
    assert "post.md: warning: front matter: template: deck template 'page' is not a PowerPoint file" in err
    assert "theme 'nosuch' not found" in err
    code, _, err = run("export", str(src), "-t", "epub", "-o", str(tmp_path / "out"), "--strict")
    assert code == 1


def test_front_matter_pullquote_mode(tmp_path: Path) -> None:
    src = tmp_path / "e.md"
    src.write_text("---\ntitle: T\npullquotes: none\n---\n\n"
                   "> [!PULLQUOTE]\n> An explicit pull quote stays.\n\nProse with ==a marked sentence== here.\n",
                   "utf-8")
    from essaykit import api

    doc, options, _theme = api.resolve(api.load(src))
    assert options.pullquotes == "none" and doc.meta.pullquotes == ()


def test_parse_metadata() -> None:
    assert parse_metadata(["title=A = B", "draft", "toc=false", "author=A", "author=B"]) == {
        "title": "A = B", "draft": True, "toc": False, "author": ["A", "B"]}
    code, _, err = run("export", "x.md", "-M", "=x")
    assert code == 2 and "key=value" in err


def test_book_takes_defaults_and_writes_one_file(tmp_path: Path) -> None:
    folder = tmp_path / "bk"
    essay(folder / "essays", name="01-a.md")
    essay(folder / "essays", name="02-b.md")
    (folder / "book.toml").write_text('[book]\ntitle = "Two"\nchapters = ["essays/*.md"]\n', "utf-8")
    (folder / "essaykit.toml").write_text('page-size = "Letter"\n', "utf-8")
    target = tmp_path / "mybook.pdf"
    code, _, err = run("book", str(folder / "book.toml"), "-o", str(target), "-q")
    assert code == 0, err
    assert target.is_file() and page_mm(target) == (216, 279)
    code, _, err = run("book", str(folder / "book.toml"), "-o", str(tmp_path / "talk.pptx"), "-q")
    assert code == 0 and (tmp_path / "talk.pptx").is_file(), err  # -o x.pptx: one deck
    code, _, err = run("book", str(folder / "book.toml"), "-o", str(tmp_path / "x.pptx"), "--deck", "per-chapter")
    assert code == 2 and "--deck single" in err


def test_inspect_takes_the_front_matter_pullquote_mode(tmp_path: Path) -> None:
    src = tmp_path / "pq.md"
    src.write_text("---\ntitle: T\npullquotes: none\n---\n\n"
                   "Prose with ==a marked sentence that is long enough== here and more.\n", "utf-8")
    code, out, err = run("inspect", str(src))
    assert code == 0, err
    assert "pull quotes (0)" in out
    code, out, err = run("inspect", str(src), "--pullquotes", "marked")  # the command line over it
    assert code == 0 and "pull quotes (1)" in out, err
