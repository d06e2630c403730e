"""Hostile and broken input: a correct document or a one-line error, never a
traceback, never a read outside the essay's folder, never a partial file."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

import essaykit
from essaykit.cli import main
from essaykit.errors import EssayError


def export(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["export", *args])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.stderr


def one_error_line(err: str, path: Path) -> str:
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith(str(path)), lines[0]
    assert "Traceback" not in err
    return lines[0]


@pytest.mark.parametrize(
    ("name", "content", "title"),
    [
        ("bom.md", b"\xef\xbb\xbf---\r\ntitle: Bom\r\n---\r\n\r\nHello\r\nworld\r\n", "Bom"),
        ("cr.md", b"# Old Mac\r\rline one\rline two\r", "Old Mac"),
        ("utf16.md", "# Wide\n\nText.\n".encode("utf-16"), "Wide"),
        ("zw.md", "# Zero\u200bwidth\n\nText \u202eRTL\u202c and \u200f marks\ttabs \u2028 sep.\n".encode(), "Zero\u200bwidth"),
        ("long.md", ("# Long\n\n" + "word " * 20000 + "\n").encode(), "Long"),
    ],
)
def test_odd_but_valid_text_reads(tmp_path: Path, name: str, content: bytes, title: str) -> None:
    src = tmp_path / name
    src.write_bytes(content)
    doc = essaykit.load(src)
    assert doc.meta.title == title
    code, err = export(str(src), "-t", "epub", "-o", str(tmp_path / "out"))
    assert code == 0, err


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"\x00\x01binary", "binary file"),
        (b"caf\xe9\n", "not valid UTF-8"),
        (b"   \n\n", "empty file"),
        (b">" * 10000 + b" deep\n", "nested"),
        ("".join("  " * i + "- item\n" for i in range(3000)).encode(), "nested"),
        (b"---\ntitle: !!python/object/apply:os.system [\"echo hi\"]\n---\nbody\n", "front matter"),
        (
            b"---\na: &a [x,x,x,x,x,x,x,x,x]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\n"
            b"c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\n"
            b"e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]\n---\nbody\n",
            "alias",
        ),
    ],
)
def test_bad_input_is_one_line_error(tmp_path: Path, content: bytes, message: str) -> None:
    src = tmp_path / "bad.md"
    src.write_bytes(content)
    out = tmp_path / "out"
    code, err = export(str(src), "-o", str(out))
    assert code == 1
    assert message in one_error_line(err, src)
    assert not out.exists() or not list(out.iterdir())


def test_huge_file_refused_without_reading(tmp_path: Path) -> None:
    src = tmp_path / "huge.md"
    with src.open("wb") as fh:
        fh.truncate(40 * 1024 * 1024)  # sparse: costs no disk
    with pytest.raises(EssayError, match="file too large"):
        essaykit.load(src)


def test_nothing_outside_the_folder_is_read(tmp_path: Path) -> None:
    secret = tmp_path / "secret.png"
    secret.write_bytes(b"\x89PNG\r\n\x1a\nSECRET-BYTES")
    essay_dir = tmp_path / "essay"
    essay_dir.mkdir()
    (essay_dir / "link.png").symlink_to(secret)
    src = essay_dir / "e.md"
    src.write_text(
        "# Title\n\n![a](../secret.png)\n\n![b](file:///etc/passwd)\n\n"
        "![c](link.png)\n\n<img src=\"/etc/hostname\" alt=\"d\">\n\n"
        "![e](https://example.org/x.png)\n\nText.\n"
    )
    out = tmp_path / "out"
    code, err = export(str(src), "-o", str(out))
    assert code == 0, err
    assert "outside the essay's folder" in err
    for f in out.iterdir():
        data = f.read_bytes()
        if f.suffix in (".epub", ".pptx"):
            with zipfile.ZipFile(f) as z:
                data = b"".join(z.read(n) for n in z.namelist())
        assert b"SECRET-BYTES" not in data
        assert b"root:x:0" not in data


def test_strict_turns_warnings_into_errors(tmp_path: Path) -> None:
    src = tmp_path / "e.md"
    src.write_text("# Title\n\n![gone](missing.png)\n\nText.\n")
    code, err = export(str(src), "--strict", "-t", "epub", "-o", str(tmp_path / "out"))
    assert code == 1
    assert "missing.png" in one_error_line(err, src)


def test_raw_html_never_reaches_any_output(tmp_path: Path) -> None:
    src = tmp_path / "e.md"
    src.write_text(
        "# Title\n\n<script>alert('x')</script>\n\nSafe <b onclick=\"evil()\">bold</b> "
        "[link](javascript:alert(1)) <iframe src=\"https://evil.example\"></iframe>\n\n"
        "<object data=\"x\"></object><style>body{display:none}</style>\n\nEnd.\n"
    )
    out = tmp_path / "out"
    code, err = export(str(src), "-o", str(out))
    assert code == 0, err
    for f in out.iterdir():
        if f.suffix == ".pdf":
            continue
        with zipfile.ZipFile(f) as z:
            text = b"".join(z.read(n) for n in z.namelist() if n.endswith((".xhtml", ".xml", ".opf")))
        for bad in (b"<script", b"onclick", b"javascript:", b"<iframe", b"<object", b"display:none"):
            assert bad not in text, (f.name, bad)
    with zipfile.ZipFile(out / "e.epub") as z:
        body = b"".join(z.read(n) for n in z.namelist() if n.startswith("EPUB/text"))
    assert b"<strong>bold</strong>" in body


def test_failed_export_keeps_previous_output(tmp_path: Path) -> None:
    src = tmp_path / "e.md"
    src.write_text("# Good\n\nText.\n")
    out = tmp_path / "out"
    code, _ = export(str(src), "-t", "epub", "-o", str(out))
    assert code == 0
    before = (out / "e.epub").read_bytes()
    src.write_bytes(b"caf\xe9")
    code, _ = export(str(src), "-t", "epub", "-o", str(out))
    assert code == 1
    assert (out / "e.epub").read_bytes() == before
    assert [p.name for p in out.iterdir()] == ["e.epub"]
