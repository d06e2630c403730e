"""Front matter: the three syntaxes, the many key spellings, and bad input."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from essaykit.errors import EssayError, Warning_
from essaykit.reader import read_text
from essaykit.reader.frontmatter import parse_date, split


def meta(text: str, **kw: object):  # noqa: ANN201 - test helper
    return read_text(text, path="essay.md", **kw).meta  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("2020-05-08T12:12:11.120Z", dt.date(2020, 5, 8)),
        ("2019-03-25T08:09:26-07:00", dt.date(2019, 3, 25)),
        ("2020-11-30T08:00:00-0700", dt.date(2020, 11, 30)),
        ("2022-03-14 07:00:00", dt.date(2022, 3, 14)),
        ("2015-07-09", dt.date(2015, 7, 9)),
        ("July 9, 2015", dt.date(2015, 7, 9)),
        (dt.datetime(2018, 7, 20, 13, 41), dt.date(2018, 7, 20)),
        ("yesterday", None),
        (42, None),
    ],
)
def test_dates_in_any_iso_form(raw: object, expected: dt.date | None) -> None:
    assert parse_date(raw) == expected


def test_yaml_front_matter_maps_blog_keys() -> None:
    m = meta(
        "---\n"
        "title: 'On Gardens'\n"
        "subtitle: A short walk\n"
        "date: 2022-03-14 07:00:00\n"
        "spoiler: Weeds win.\n"
        "tags: gardens, weeds ,  time\n"
        "authors:\n  - name: Ada Gardener\n  - Ben Hoe\n"
        "language: pt_BR\n"
        "image: cover.jpg\n"
        "license: CC-BY 4.0\n"
        "isbn: 978-3-16-148410-0\n"
        "pullquotes:\n  - Weeds are patient.\n"
        "layout: post\n"
        "updated: 2022-04-01\n"
        "---\n\nBody text here.\n"
    )
    assert m.title == "On Gardens"
    assert m.subtitle == "A short walk"
    assert m.date == dt.date(2022, 3, 14)
    assert m.description == "Weeds win."
    assert m.tags == ("gardens", "weeds", "time")
    assert m.authors == ("Ada Gardener", "Ben Hoe")
    assert (m.language, m.language_source) == ("pt-BR", "frontmatter")
    assert m.cover == "cover.jpg"
    assert m.rights == "CC-BY 4.0"
    assert m.identifier == "978-3-16-148410-0"
    assert m.pullquotes == ("Weeds are patient.",)
    # unknown keys kept, JSON-safe (the YAML date became a string)
    assert m.extra == {"layout": "post", "updated": "2022-04-01"}
    json.dumps(m.extra)


def test_date_fallbacks_and_toml() -> None:
    m = meta(
        '+++\ntitle = "Clocks"\npublished_at = 2018-07-20T13:41:22Z\n'
        'hook = "Slow software."\nlocation = "SF"\n+++\n\nText.\n'
    )
    assert m.title == "Clocks"
    assert m.date == dt.date(2018, 7, 20)
    assert m.description == "Slow software."
    assert m.extra == {"location": "SF"}


def test_pelican_front_matter() -> None:
    text = "Title: Stories\nDate: 2015-07-09\nTags: humans, life\nAuthor: A. Person\n\nFirst line.\n"
    fm = split(text)
    assert fm.kind == "pelican" and fm.offset == 5
    m = meta(text)
    assert (m.title, m.date, m.tags, m.authors) == (
        "Stories", dt.date(2015, 7, 9), ("humans", "life"), ("A. Person",)
    )


def test_prose_with_a_colon_is_not_pelican() -> None:
    assert split("Note: this is only prose.\n\nMore.\n").kind == "none"


def test_commented_key_is_a_yaml_comment() -> None:
    m = meta('---\n#title: "Old"\ntitle: "New"\n---\n\nText.\n')
    assert m.title == "New"
    assert "#title" not in m.extra


def test_number_title_is_coerced() -> None:
    assert meta("---\ntitle: 1984\n---\n\nText.\n").title == "1984"


def test_mapping_title_is_a_warning_with_its_line() -> None:
    said: list[Warning_] = []
    doc = read_text("---\ndate: 2020-01-01\ntitle:\n  a: b\n---\n\nText.\n", path="essay.md",
                    warn=said.append)
    assert [w.line for w in said] == [3]
    assert str(said[0]).startswith("essay.md:3: warning: front matter: 'title'")
    assert doc.meta.title == "" and doc.meta.extra == {"title": {"a": "b"}}


def test_unterminated_front_matter_names_line_1() -> None:
    with pytest.raises(EssayError) as info:
        read_text("---\ntitle: x\n\nBody\n", path="essay.md")
    assert str(info.value) == "essay.md:1: front matter: no closing '---' line"


def test_malformed_yaml_names_the_file_line() -> None:
    with pytest.raises(EssayError) as info:
        read_text("---\ntitle: ok\ndate: [2020\nx: y\n---\n\nText.\n", path="e.md")
    assert info.value.line is not None and 3 <= info.value.line <= 5
    assert str(info.value).startswith(f"e.md:{info.value.line}: front matter: ")


def test_malformed_toml_names_the_file_line() -> None:
    with pytest.raises(EssayError) as info:
        read_text('+++\ntitle = "x"\ndate = \n+++\n\nText.\n', path="e.md")
    assert info.value.line == 3


def test_bad_date_is_a_warning_and_kept_as_written() -> None:
    said: list[Warning_] = []
    doc = read_text("---\ntitle: t\ndate: someday\n---\n\nText.\n", path="e.md", warn=said.append)
    assert [(w.path, w.line) for w in said] == [("e.md", 3)]
    assert "'date'" in said[0].message
    assert (doc.meta.date, doc.meta.date_text) == (None, "someday")


def test_alias_bomb_is_refused() -> None:
    lines = ["---", 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    prev = "a"
    for name in "bcdefghi":
        lines.append(f"{name}: &{name} [{', '.join(['*' + prev] * 9)}]")
        prev = name
    text = "\n".join(lines) + "\n---\n\nText.\n"
    with pytest.raises(EssayError, match="alias"):
        read_text(text, path="bomb.md")


def test_huge_front_matter_is_refused() -> None:
    text = "---\n" + ("k: " + "x" * 100 + "\n") * 11000 + "---\n\nText.\n"
    with pytest.raises(EssayError, match="larger than"):
        read_text(text, path="big.md")


def test_non_mapping_front_matter() -> None:
    with pytest.raises(EssayError, match="expected 'key: value'"):
        read_text("---\n- a\n- b\n---\n\nText.\n", path="e.md")


def test_empty_front_matter_is_fine() -> None:
    doc = read_text("---\n---\n\nJust text, *really*.\n", path="e.md")
    assert doc.meta.title == ""
    assert doc.blocks[0].line == 4
