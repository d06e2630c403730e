"""The library's side of the command's options: one :class:`essaykit.Options`
for ``render``, ``export`` and ``build_book``; unknown names are a
TypeError, bad values a ValueError listing what is allowed; real
signatures; the exceptions exported; the package's own papers."""

from __future__ import annotations

import inspect
import tomllib
import typing
from pathlib import Path

import pytest

import essaykit
from essaykit import api
from essaykit.options import OptionArgs, Options

ROOT = Path(__file__).resolve().parents[1]
DOC_TEXT = "---\ntitle: Options\n---\n\nA paragraph of an essay.\n"


@pytest.fixture(scope="module")
def doc() -> essaykit.Document:
    return essaykit.loads(DOC_TEXT)


@pytest.mark.parametrize("call", [
    lambda d: essaykit.render(d, "epub", page_sise="Letter"),
    lambda d: essaykit.export(d, "/nonexistent/x.epub", tocc=True),
    lambda d: essaykit.build_book("/nonexistent/book.toml", pagesize="A4"),
    lambda d: Options.from_kwargs({"page_sise": "A4"}),
])
def test_unknown_option_is_a_type_error_naming_it(doc: essaykit.Document, call: typing.Any) -> None:
    with pytest.raises(TypeError, match=r"unexpected keyword argument '(page_sise|tocc|pagesize)'") as info:
        call(doc)
    assert isinstance(info.value, essaykit.UnknownOptionError)
    assert "did you mean" in str(info.value)


@pytest.mark.parametrize(("kwargs", "allowed"), [
    ({"page_size": "B7"}, "A4, A5, Letter, 6x9in"),
    ({"aspect": "5:4"}, "16:9, 4:3"),
    ({"pullquotes": "some"}, "default, auto, marked, none"),
    ({"pdf_variant": "pdf/z-9"}, "pdf/ua-1"),
    ({"epub_split": "sometimes"}, "auto, always, never"),
    ({"toc": "yes"}, "true or false"),
    ({"jobs": 0}, "at least 1"),
    ({"template": "notes.md"}, ".pptx or .potx"),
    ({"theme": "nosuch"}, "classic, magazine, talk"),
])
def test_bad_value_is_a_value_error_listing_what_is_allowed(doc: essaykit.Document, kwargs: dict[str, typing.Any],
                                                            allowed: str) -> None:
    with pytest.raises(ValueError, match="allowed|known|must be") as info:
        essaykit.render(doc, "epub", **kwargs)
    assert allowed in str(info.value)
    assert isinstance(info.value, essaykit.OptionError) and isinstance(info.value, essaykit.UsageError)


def test_options_object_and_keywords(doc: essaykit.Document) -> None:
    opts = Options(epub_split="never", toc=True)
    assert opts.updated(Options(toc=False)).set_fields() == {"epub_split": "never", "toc": False}
    with pytest.raises(Exception, match="frozen|cannot assign"):
        opts.toc = False  # type: ignore[misc]
    a = essaykit.render(doc, "epub", options=opts)
    assert a == essaykit.render(doc, "epub", epub_split="never", toc=True)


def test_lang_is_honoured(doc: essaykit.Document) -> None:
    import io
    import zipfile

    data = essaykit.render(doc, "epub", lang="de")
    assert "<dc:language>de</dc:language>" in zipfile.ZipFile(io.BytesIO(data)).read("EPUB/content.opf").decode()


def test_front_matter_under_keywords_under_nothing(tmp_path: Path) -> None:
    src = tmp_path / "e.md"
    src.write_text("---\ntitle: T\npage-size: Letter\naspect: '4:3'\n---\n\nText.\n", "utf-8")
    doc = essaykit.load(src)
    _, opts, theme = essaykit.resolve(doc, Options(aspect="16:9"), defaults=Options(page_size="A4", toc=True))
    assert (opts.page_size, opts.aspect, opts.toc) == ("Letter", "16:9", True)
    assert theme.name == "classic"


def test_signatures_are_real() -> None:
    names = set(Options.names())
    assert set(OptionArgs.__annotations__) == names - {"theme"}  # theme is a parameter of its own
    for func in (essaykit.render, essaykit.export, essaykit.build_book):
        params = inspect.signature(func).parameters
        assert names <= set(params), func.__name__
        assert not any(p.kind is inspect.Parameter.VAR_KEYWORD for p in params.values())
    book = inspect.signature(essaykit.build_book).parameters
    assert list(book)[:3] == ["manifest", "out_dir", "options"] and "formats" in book
    assert essaykit.build_book.__doc__ and "book.toml" in essaykit.build_book.__doc__


def test_exceptions_exported_and_documented() -> None:
    readme = (ROOT / "README.md").read_text("utf-8")
    for name in ("EssayError", "UsageError", "OptionError", "UnknownOptionError"):
        cls = getattr(essaykit, name)
        assert issubclass(cls, essaykit.EssayError) and name in essaykit.__all__
        assert f"`essaykit.{name}`" in readme
    assert "Options" in essaykit.__all__ and callable(essaykit.renderers)
    assert set(essaykit.renderers()) >= {"pdf", "epub", "pptx"}


def test_every_option_is_documented() -> None:
    readme = (ROOT / "README.md").read_text("utf-8")
    for name in Options.names():
        assert f"`{name.replace('_', '-')}`" in readme, name


def test_build_book_keywords(tmp_path: Path) -> None:
    (tmp_path / "a.md").write_text(DOC_TEXT, "utf-8")
    (tmp_path / "book.toml").write_text('[book]\ntitle = "B"\nchapters = ["a.md"]\n', "utf-8")
    written = essaykit.build_book(tmp_path / "book.toml", tmp_path / "out", formats=["epub"], epub_split="never")
    assert [p.name for p in written] == ["b.epub"]
    [one] = essaykit.build_book(tmp_path / "book.toml", formats=["epub"], out_file=tmp_path / "mine.epub")
    assert one == tmp_path / "mine.epub" and one.is_file()
    with pytest.raises(ValueError, match="16:9, 4:3"):
        essaykit.build_book(tmp_path / "book.toml", formats=["pptx"], aspect="5:4")


def test_package_papers() -> None:
    meta = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]
    assert meta["version"] == essaykit.__version__
    assert meta["license"] == "MIT" and "MIT License" in (ROOT / "LICENSE").read_text("utf-8")
    assert {"Homepage", "Issues", "Changelog"} <= set(meta["urls"])
    changelog = (ROOT / "CHANGELOG.md").read_text("utf-8")
    assert "## [Unreleased]" in changelog and f"## [{essaykit.__version__}]" in changelog


def test_api_export_refuses_to_overwrite(tmp_path: Path, doc: essaykit.Document) -> None:
    other = tmp_path / "notes.txt"
    other.write_text("mine", "utf-8")
    with pytest.raises(essaykit.UsageError, match="not an EPUB"):
        api.export(doc, other, "epub")
    assert other.read_text("utf-8") == "mine"


def test_every_option_a_renderer_reads_is_an_option() -> None:
    """A renderer's new ``ctx.option("x")`` needs an ``x`` in Options (and the
    README's table), or ``render(..., x=...)`` would be a TypeError."""
    import re

    used = {m for path in (ROOT / "essaykit").rglob("*.py")
            for m in re.findall(r'ctx\.option\("([a-z_]+)"', path.read_text("utf-8"))}
    assert used, "no renderer options found"
    # deck: what deck_settings is called in the context; deck_plan: a plan made already, which
    # the book builder hands the deck renderer (an object, not a user's option); font_text: the
    # book's characters, which the builder hands each chapter's deck (its fonts shared).
    assert used - {"deck", "deck_plan", "font_text"} <= set(Options.names())
