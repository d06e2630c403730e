"""Dates as blogs write them: read when they can be, kept as written and
warned about when they cannot, never a refused essay."""

from __future__ import annotations

import datetime as dt
import zipfile

import pytest
from hypothesis import given
from hypothesis import strategies as st

from essaykit.dates import shown_date
from essaykit.errors import Warning_
from essaykit.model import Document, Metadata
from essaykit.reader import read_text
from essaykit.reader.dates import DateReading, month_first, read_date

D = dt.date


@pytest.mark.parametrize(
    ("raw", "lang", "date", "text"),
    [
        ("2025-01-27", None, D(2025, 1, 27), ""),
        ("2019-03-25T08:09:26-07:00", None, D(2019, 3, 25), ""),
        ("2020-05-08T12:12:11.120Z", None, D(2020, 5, 8), ""),
        ("2022-03-14 07:00:00 +0100", None, D(2022, 3, 14), ""),
        ("2022/03/14", None, D(2022, 3, 14), ""),
        ("01/27/2025", "en", D(2025, 1, 27), ""),  # unambiguous: 27 is no month
        ("27/01/2025", "en-US", D(2025, 1, 27), ""),
        ("01/02/2025", "en-US", D(2025, 1, 2), ""),
        ("01/02/2025", "en", D(2025, 1, 2), ""),
        ("01/02/2025", "en-GB", D(2025, 2, 1), ""),
        ("01/02/2025", "fr", D(2025, 2, 1), ""),
        ("01.02.2025", "de", D(2025, 2, 1), ""),
        ("27 Jan 2025", None, D(2025, 1, 27), ""),
        ("27 January 2025", None, D(2025, 1, 27), ""),
        ("27th of January, 2025", None, D(2025, 1, 27), ""),
        ("January 27, 2025", None, D(2025, 1, 27), ""),
        ("Jan. 27th 2025", None, D(2025, 1, 27), ""),
        ("Sept 3, 2019", None, D(2019, 9, 3), ""),
        ("Mon, 27 Jan 2025 10:00:00 +0000", None, D(2025, 1, 27), ""),  # RFC 2822
        ("Monday, January 27, 2025", None, D(2025, 1, 27), ""),
        ("Date(2017, 7, 30)", None, D(2017, 7, 30), ""),  # Franklin
        ("2017", None, D(2017, 1, 1), "2017"),
        (2017, None, D(2017, 1, 1), "2017"),
        ("2017-03", None, D(2017, 3, 1), "2017-03"),
        ("March 2017", None, D(2017, 3, 1), "March 2017"),
        (D(2020, 2, 29), None, D(2020, 2, 29), ""),  # YAML/TOML dates
        (dt.datetime(2018, 7, 20, 13, 41, tzinfo=dt.UTC), None, D(2018, 7, 20), ""),
        ("someday", None, None, "someday"),
        ("9999-99-99", None, None, "9999-99-99"),
        ("31/02/2025", None, None, "31/02/2025"),
        ("  a   spring  day ", None, None, "a spring day"),
        (42, None, None, "42"),
        (True, None, None, "True"),
    ],
)
def test_read_date(raw: object, lang: str | None, date: dt.date | None, text: str) -> None:
    reading = read_date(raw, lang)
    assert (reading.date, reading.text) == (date, text)


@pytest.mark.parametrize(
    ("lang", "expected"),
    [(None, True), ("en", True), ("en-US", True), ("en-CA", True), ("en-GB", False),
     ("en-AU", False), ("fr", False), ("fa", False), ("pt-BR", False)],
)
def test_month_first_by_language(lang: str | None, expected: bool) -> None:
    assert month_first(lang) is expected


_FORMATS = [
    lambda d: d.isoformat(),
    lambda d: f"{d.isoformat()}T08:30:00+02:00",
    lambda d: f"{d.day} {d.strftime('%b')} {d.year}",
    lambda d: f"{d.strftime('%B')} {d.day}, {d.year}",
    lambda d: f"{d.strftime('%a')}, {d.day:02d} {d.strftime('%b')} {d.year} 10:00:00 +0000",
    lambda d: f"Date({d.year}, {d.month}, {d.day})",
    lambda d: f"{d.month:02d}/{d.day:02d}/{d.year}",
]


@given(st.dates(min_value=D(1000, 1, 1), max_value=D(9999, 12, 31)), st.integers(0, len(_FORMATS) - 1))
def test_every_date_reads_back_in_every_form(day: dt.date, form: int) -> None:
    assert read_date(_FORMATS[form](day), "en-US") == read_date(day)


@given(st.dates(min_value=D(1000, 1, 1), max_value=D(9999, 12, 31)))
def test_day_first_languages_read_day_first(day: dt.date) -> None:
    assert read_date(f"{day.day:02d}/{day.month:02d}/{day.year}", "fr").date == day


@given(st.text(max_size=40))
def test_any_text_is_a_date_or_kept_as_written(raw: str) -> None:
    reading = read_date(raw)
    assert reading.date is not None or reading.text == " ".join(raw.split())


def _read(text: str) -> tuple[Document, list[Warning_]]:
    said: list[Warning_] = []
    return read_text(text, path="post.md", warn=said.append), said


def test_us_date_in_yaml_is_read() -> None:
    doc, said = _read("---\ntitle: Moving day\ndate: 01/27/2025\n---\n\nWe moved.\n")
    assert doc.meta.date == D(2025, 1, 27) and not said


def test_front_matter_language_decides_an_ambiguous_date() -> None:
    doc, _ = _read("---\ntitle: Déménagement\nlang: fr\ndate: 03/04/2025\n---\n\nNous avons déménagé.\n")
    assert doc.meta.date == D(2025, 4, 3)


def test_franklin_toml_block_with_julia_values() -> None:
    doc, said = _read(
        '+++\ntitle = "Notes on Julia"\ndate = Date(2017, 7, 30)\ntags = ["julia", "notes"]\n'
        'hascode = true\nrss_pubdate = Date(2017, 7, 30)\nmintoclevel = 2\n'
        'img = nothing\nfancy = sqrt(2)\n+++\n\nSome text.\n'
    )
    assert doc.meta.title == "Notes on Julia"
    assert doc.meta.date == D(2017, 7, 30)
    assert doc.meta.tags == ("julia", "notes")
    assert doc.meta.extra["hascode"] is True and doc.meta.extra["fancy"] == "sqrt(2)"
    assert [(w.line, "'fancy'" in w.message) for w in said] == [(9, True)]


def test_toml_that_is_not_even_julia_is_still_an_error() -> None:
    from essaykit.errors import EssayError

    with pytest.raises(EssayError) as info:
        read_text('+++\ntitle = "x"\nthis is prose\n+++\n\nText.\n', path="e.md")
    assert info.value.line == 3


def test_unreadable_date_is_shown_as_written_and_warned_once() -> None:
    doc, said = _read("---\ntitle: T\ndate: the first day of spring\n---\n\nText.\n")
    assert doc.meta.date is None and doc.meta.date_text == "the first day of spring"
    assert len(said) == 1 and said[0].line == 3
    assert shown_date(doc.meta) == ("the first day of spring", None)


def test_impossible_yaml_timestamp_is_no_crash() -> None:
    doc, said = _read("---\ntitle: T\ndate: 2024-13-45\ntags: [a, b]\n---\n\nText.\n")
    assert doc.meta.date is None and doc.meta.date_text == "2024-13-45"
    assert doc.meta.tags == ("a", "b") and len(said) == 1


def test_year_only_date_is_shown_as_the_year() -> None:
    doc, said = _read("---\ntitle: T\ndate: 2017\n---\n\nText.\n")
    assert not said
    assert shown_date(doc.meta) == ("2017", "2017")
    assert Document.from_json(doc.to_json()).meta == doc.meta


@pytest.mark.parametrize(
    ("front", "key", "line"),
    [
        ("title:\n  a: b\n", "title", 2),
        ("subtitle: [x, {a: b}]\n", "subtitle", 2),
        ("lang: 42\n", "lang", 2),
        ("lang: not a language at all\n", "lang", 2),
        ("cover:\n  alt: no source\n", "cover", 2),
        ("description:\n  - {a: 1}\n", "description", 2),
    ],
)
def test_value_of_the_wrong_shape_is_a_warning_naming_key_and_line(front: str, key: str, line: int) -> None:
    doc, said = _read(f"---\n{front}---\n\nThe essay still comes out.\n")
    assert [(w.line, f"'{key}'" in w.message) for w in said] == [(line, True)]
    assert "still comes out" in doc.to_json()


def test_partial_and_unreadable_dates_in_the_title_block() -> None:
    from essaykit.renderers.pdf.html import PdfWriter, title_block

    def block(meta: Metadata) -> str:
        doc = Document(meta=meta)
        return title_block(doc, PdfWriter(doc), page=False)

    html = block(Metadata(title="T", date=D(2017, 1, 1), date_text="2017"))
    assert '<time datetime="2017">2017</time>' in html
    html = block(Metadata(title="T", date_text="Spring & summer"))
    assert "Spring &amp; summer" in html and "<time" not in html


def test_partial_and_unreadable_dates_pass_epubcheck(tmp_path) -> None:  # type: ignore[no-untyped-def]
    import essaykit
    from tests import epubcheck

    if not epubcheck.available():
        pytest.skip("epubcheck needs Java 17")
    paths = []
    for n, date in enumerate(("2017", "the first day of spring", "Date(2017, 7, 30)", "01/02/2025")):
        doc = essaykit.loads(f"---\ntitle: Dated {n}\ndate: {date}\nlang: en-GB\n---\n\nA short text.\n",
                             path=str(tmp_path / f"d{n}.md"), warn=lambda w: None)
        path = tmp_path / f"d{n}.epub"
        path.write_bytes(essaykit.render(doc, "epub"))
        paths.append(path)
    assert epubcheck.check_many(paths) == {str(p): [] for p in paths}
    with zipfile.ZipFile(paths[0]) as z:
        opf = next(z.read(n).decode() for n in z.namelist() if n.endswith(".opf"))
    assert "<dc:date>2017</dc:date>" in opf


@pytest.mark.parametrize("raw, lang, date", [
    ("27 janvier 2025", "fr", D(2025, 1, 27)),
    ("27. Januar 2025", "de", D(2025, 1, 27)),
    ("5 de março de 2024", "pt", D(2024, 3, 5)),
    ("27 de enero de 2025", None, D(2025, 1, 27)),
    ("2024년 3월 5일", "ko", D(2024, 3, 5)),
    ("2024年3月5日", "ja", D(2024, 3, 5)),
    ("5 марта 2024 г.", "ru", D(2024, 3, 5)),
])
def test_a_date_in_the_essay_s_own_language_is_read(raw: str, lang: str | None, date: dt.date) -> None:
    assert read_date(raw, lang) == DateReading(date)


@pytest.mark.parametrize("raw, lang", [
    ("yesterday", "en"),  # relative to the day it is read: never a post's date
    ("۱۴۰۲/۰۱/۱۵", "fa"),  # Solar Hijri: read as Gregorian it would be the wrong day
    ("Spring 2023", "en"),
])
def test_what_is_no_calendar_date_is_kept_as_written(raw: str, lang: str) -> None:
    assert read_date(raw, lang) == DateReading(None, raw)
