"""Posts as blogging tools export them (issue 18): Hashnode's embeds and
image layout, a Notion page's properties, and the dates a post carries in
its file name (Jekyll) or under another key (Hugo's ``publishDate``,
Hashnode's ``datePublished``).

Each post is written here, exported to every format by ``essaykit export``
and read back; the syntax itself is checked on strings.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from essaykit.errors import Warning_
from essaykit.reader import read_text
from essaykit.reader.platforms import tidy_hashnode
from tests.wildkit import (
    check_every_epub,
    epub_text,
    export_kinds,
    outputs,
    pdf_text,
    png,
    slide_texts,
)


def read(text: str, path: str = "p.md") -> tuple:  # type: ignore[type-arg]
    said: list[Warning_] = []
    return read_text(text, path=path, warn=said.append), said


def _hashnode(root: Path) -> Path:
    post = root / "hashnode" / "borrow.md"
    png(post.parent / "diagram.png", "orange")
    post.write_text("""---
title: "Understanding the Borrow Checker"
datePublished: Mon Jan 15 2024 09:30:00 GMT+0000 (Coordinated Universal Time)
cuid: clrf5x9ab000108l4
slug: understanding-borrow-checker
tags: rust, programming
---

The borrow checker is a friend who says no a lot.

%[https://www.youtube.com/watch?v=abc123]

![Who owns what](diagram.png align="center")

> Ownership is the idea that every value has exactly one owner.

```markdown
%[https://shown.example/as-written]
```
""", encoding="utf-8")
    return post


_NOTION_ID = "8a1b2c3d4e5f60718293a4b5c6d7e8f9"


def _notion(root: Path) -> Path:
    folder = root / "notion"
    png(folder / f"Trip to Porto {_NOTION_ID}" / "IMG 2024.png", "teal")
    post = folder / f"Trip to Porto {_NOTION_ID}.md"
    post.write_text(f"""# Trip to Porto

Created: March 3, 2024 4:12 PM
Last edited time: March 9, 2024 10:02 AM
Tags: travel, europe
Status: Done

<aside>
💡 Buy the Andante card at the airport.

</aside>

We arrived on a Tuesday and the river was green.

![Ribeira](Trip%20to%20Porto%20{_NOTION_ID}/IMG%202024.png)
""", encoding="utf-8")
    return post


def _jekyll(root: Path) -> Path:
    site = root / "jekyll"
    (site / "_posts").mkdir(parents=True)
    (site / "_config.yml").write_text("title: Field notes\n", encoding="utf-8")
    post = site / "_posts" / "2020-05-01-first-light.md"
    post.write_text("---\ntitle: First light\n---\n\nThe date of this post is in its name.\n", encoding="utf-8")
    return post


KINDS = {"hashnode": _hashnode, "notion": _notion, "jekyll": _jekyll}


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, Path, str]]:
    return export_kinds(tmp_path_factory.mktemp("exports"), KINDS)


def test_hashnode_embeds_are_links_and_its_images_are_images(exported) -> None:  # type: ignore[no-untyped-def]
    _post, folder, said = exported["hashnode"]
    files = outputs(folder)
    for text in (pdf_text(files[".pdf"]), epub_text(files[".epub"]), slide_texts(files[".pptx"])):
        assert "%[https://www.youtube" not in text and 'align="center"' not in text
    assert "youtube.com/watch?v=abc123" in pdf_text(files[".pdf"])
    import zipfile

    names = zipfile.ZipFile(files[".epub"]).namelist()
    assert any("/images/image-" in n for n in names), names  # the diagram, not only the cover
    assert "15 January 2024" in pdf_text(files[".pdf"])
    assert "warning" not in said


def test_a_notion_page_s_properties_are_its_metadata(exported) -> None:  # type: ignore[no-untyped-def]
    _post, folder, said = exported["notion"]
    files = outputs(folder)
    pdf = pdf_text(files[".pdf"])
    assert "3 March 2024" in pdf and "Created:" not in pdf and "Status:" not in pdf
    assert "Created:" not in epub_text(files[".epub"]) and "Tags:" not in slide_texts(files[".pptx"])
    assert "Andante" in pdf and "river was green" in pdf
    assert "Ribeira" in pdf and "missing" not in said.lower()


def test_a_jekyll_post_is_dated_by_its_file_name(exported) -> None:  # type: ignore[no-untyped-def]
    _post, folder, _said = exported["jekyll"]
    assert "1 May 2020" in pdf_text(outputs(folder)[".pdf"])


def test_every_epub_passes_epubcheck(exported) -> None:  # type: ignore[no-untyped-def]
    check_every_epub(exported)


@pytest.mark.parametrize("key", ["publishDate", "datePublished", "date_published", "created_at"])
def test_dates_under_other_keys(key: str) -> None:
    doc, said = read(f"---\ntitle: T\n{key}: 2024-01-15\n---\n\nText.\n")
    assert doc.meta.date == dt.date(2024, 1, 15) and not said


def test_a_date_in_front_matter_wins_over_the_file_name() -> None:
    doc, _ = read("---\ntitle: T\ndate: 2021-02-03\n---\n\nText.\n", path="_posts/2020-05-01-x.md")
    assert doc.meta.date == dt.date(2021, 2, 3)
    doc, said = read("---\ntitle: T\n---\n\nText.\n", path="_posts/2020-13-45-x.md")
    assert doc.meta.date is None and not said  # not a date: no guess, no warning


def test_prose_after_a_title_is_not_notion_metadata() -> None:
    doc, _ = read("# A title\n\nNote: this is the first line of the essay.\n")
    assert "Note: this is the first line" in " ".join(
        b.children[0].text for b in doc.blocks if hasattr(b, "children") and b.children
        and hasattr(b.children[0], "text"))


def test_hashnode_syntax_in_code_is_shown_as_written() -> None:
    body = "%[https://a.example]\n\n```\n%[https://b.example]\n![x](y.png align=\"left\")\n```\n"
    out = tidy_hashnode(body, lambda _w, _l: None)
    assert out.startswith("<https://a.example>\n")
    assert "%[https://b.example]" in out and 'align="left"' in out
