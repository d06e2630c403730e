"""Pyphen's dictionaries from essaykit's cache folder: the same hyphenation
points as a fresh parse, and a damaged cache file is ignored."""

from __future__ import annotations

from pathlib import Path

import pyphen
import pytest

from essaykit.speedups import hyphen as pdf_hyphen

WORDS = ["hyphenation", "typographical", "extraordinarily", "responsibilities", "co-operation"]


@pytest.fixture()
def fresh(monkeypatch: pytest.MonkeyPatch, speedups_on: None, tmp_path: Path) -> Path:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.setattr(pyphen, "hdcache", {})
    return tmp_path / "essaykit" / "hyphenation"


def _positions(lang: str) -> list[list[int]]:
    return [list(pyphen.Pyphen(lang=lang).positions(w)) for w in WORDS]


@pytest.mark.parametrize("lang", ["en_US", "fr", "de_DE"])
def test_cached_dictionary_hyphenates_like_a_parsed_one(fresh: Path, lang: str) -> None:
    parsed = _positions(lang)  # Pyphen alone
    pyphen.hdcache = {}
    pdf_hyphen.install()
    assert _positions(lang) == parsed  # parsed by Pyphen, saved
    assert len(list(fresh.glob("*.marshal"))) == 1
    pyphen.hdcache = pdf_hyphen._DiskBacked()  # a new process: nothing in memory
    assert _positions(lang) == parsed  # loaded from the cache folder
    (path,) = pyphen.hdcache
    assert pyphen.hdcache[path].patterns  # it really came from the file


def test_a_damaged_cache_file_is_ignored(fresh: Path) -> None:
    pdf_hyphen.install()
    expected = _positions("en_US")
    (cached,) = fresh.glob("*.marshal")
    cached.write_bytes(b"\x00not marshal")
    pyphen.hdcache = pdf_hyphen._DiskBacked()
    assert _positions("en_US") == expected


def test_an_unwritable_cache_folder_is_not_an_error(fresh: Path) -> None:
    fresh.parent.mkdir(parents=True)
    fresh.write_text("a file where the folder should be")
    pdf_hyphen.install()
    assert _positions("en_US")
