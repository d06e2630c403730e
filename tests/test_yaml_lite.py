"""Simple front matter read without PyYAML (reader/yaml_lite.py) comes out
exactly as PyYAML reads it; anything else is left to PyYAML."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from essaykit.errors import EssayError
from essaykit.reader import frontmatter, yaml_lite

from .conftest import EXAMPLES, corpus_files


def _pyyaml(block: str) -> object:
    with pytest.MonkeyPatch.context() as m:
        m.setattr(yaml_lite, "load", lambda block: None)
        try:
            return frontmatter._load_yaml(block, "x.md")
        except (EssayError, ValueError) as exc:
            return type(exc)


def _agrees(block: str) -> bool:
    """Whether the quick reader took the block (it must then agree)."""
    quick = yaml_lite.load(block)
    if quick is None:
        return False
    assert quick == _pyyaml(block), block
    for key, value in quick[0].items():  # the same types, not only equal values
        assert type(value) is type(_pyyaml(block)[0][key])  # type: ignore[index]
    return True


def test_the_benchmark_book_front_matter() -> None:
    assert _agrees('title: "Collected Essays on the Page"\nauthor: "Ines Okafor"\ndate: 2026-01-15\n'
                   'lang: en\nsubtitle: "A synthetic book for benchmarks"\n')


def test_real_front_matter() -> None:
    corpus = corpus_files()
    if not corpus:
        pytest.skip("../shared/corpus not present (real blog posts are only beside the project checkout)")
    taken = 0
    for path in [EXAMPLES / "essay.md", *corpus]:
        text = path.read_text("utf-8")
        if text.startswith("---\n"):
            taken += _agrees(text[4:text.index("\n---", 3)])
    assert taken >= 1


@pytest.mark.parametrize("block", [
    "tags: [a, b]", "title: a # comment", "n: 12", "flag: yes", "yes: title", "x: ~", "d: 2026-02-30",
    "d: 2026-1-5", "t: a: b", "  indented: x", "t:\tx", "t: 'it''s'", 't: "a\\"b"', "t: a  b", "- item",
    "t: >\n  folded", "t: é\x85x", "t: &anchor x", "t: *alias", "%YAML 1.1", "k: v\n# note", "t: @x",
])
def test_other_shapes_are_left_to_pyyaml(block: str) -> None:
    assert yaml_lite.load(block) is None


def test_values_and_lines() -> None:
    data, lines = yaml_lite.load('title: "A: b"\n\nempty:\nname: O\'Neil, Ann\nwhen: 2024-02-29\ntitle: x')  # type: ignore[misc]
    assert data == {"title": "x", "empty": None, "name": "O'Neil, Ann", "when": dt.date(2024, 2, 29)}
    assert lines == {"title": 7, "empty": 4, "name": 5, "when": 6}


KEYS = st.sampled_from(["title", "author", "date", "lang", "yes", "on", "y", "Null", "tags", "_x", "a-b", "1"])
VALUES = st.one_of(
    st.sampled_from(['"quoted"', "'single'", "2026-01-15", "2026-13-01", "en", "Ines Okafor", "true", "on",
                     "No", "null", "~", "12", "1.5", ".inf", "0x1F", "a: b", "a #c", "O'Neil", "[a]", "", " ",
                     '"a\\tb"', "'it''s'", "a  b", "x y z", "Ünïcode", "δ", "(a), b; c/d & e + f-g.",
                     "2026-01-15 10:00:00", "=", "<<", "-x", "e", "E", "nan"]),
    st.text(st.characters(blacklist_categories=["Cs"]), max_size=6),
)
LINES = st.one_of(st.tuples(KEYS, st.sampled_from([": ", ":", ":  ", " : "]), VALUES).map("".join),
                  st.sampled_from(["", " ", "# c", "  x: y", "- a"]))


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(LINES, min_size=1, max_size=6))
def test_generated_blocks(lines: list[str]) -> None:
    _agrees("\n".join(lines))


SIMPLE_VALUES = st.one_of(
    st.sampled_from(['"quoted: yes #1"', "'single'", "2026-01-15", "2024-02-29", "en", "en-GB", "Ines Okafor",
                     "O'Neil", "x y z", "(a), b; c/d & e + f-g.", "e", "nan", "inf", "Yes", "off", "NULL", ""]),
    st.from_regex(r"[A-Za-z][A-Za-z0-9 _.,;()/&+'-]{0,12}", fullmatch=True),
    st.text(st.characters(blacklist_categories=["Cs", "Cc"], blacklist_characters='"\\'), max_size=8).map(
        lambda t: f'"{t}"'),
)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(st.sampled_from(["title", "date", "lang", "Title", "a_b", "y", "x-1"]), SIMPLE_VALUES),
                min_size=1, max_size=6), st.booleans())
def test_generated_simple_blocks(pairs: list[tuple[str, str]], blank: bool) -> None:
    lines = [f"{k}: {v}" for k, v in pairs]
    if blank:
        lines.insert(len(lines) // 2, "")
    _agrees("\n".join(lines))
