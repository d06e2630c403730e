"""pandoc's citations against an essay's bibliography, as academic bloggers write them.

A Quarto or R Markdown post names its sources by key (``[@santos2019, p. 12]``,
``@doe99 argues``) and its bibliography in front matter. Every format must show
the formatted citation and the works cited, never the key; a key the
bibliography lacks stays as written with a warning; the bibliography is read
only from the essay's folder.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import essaykit
from essaykit.errors import Warning_
from essaykit.model import Heading, plain_text
from tests import epubcheck

BIB = r"""@article{santos2019,
  author = {Santos, Maria and Ferreira, Jo{\~a}o},
  title = {Rainfall decline in the {Iberian} peninsula},
  journal = {Journal of Climate},
  year = {2019}, volume = {32}, number = {4}, pages = {1021--1040}
}
@book{ipcc2021,
  author = {{IPCC}},
  title = {Climate Change 2021: The Physical Science Basis},
  publisher = {Cambridge University Press},
  year = {2021}
}
"""

POST = """---
title: Rainfall in Lisbon
bibliography: refs.bib
---

## Introduction

Rainfall has declined since 1990 [@santos2019; @ipcc2021, p. 12]. As @santos2019 show,
the decline is steepest in spring [see @santos2019, pp. 1030-1032]. Write to me@example.org.
A source I forgot to add is [@nobody2020].

## References
"""


def _load(folder: Path, text: str, bib: str | None = BIB, name: str = "refs.bib") -> tuple[object, list[Warning_]]:
    if bib is not None:
        (folder / name).write_text(bib, encoding="utf-8")
    essay = folder / "post.md"
    essay.write_text(text, encoding="utf-8")
    said: list[Warning_] = []
    return essaykit.load(str(essay), warn=said.append), said


def test_citations_are_formatted_and_the_works_cited_listed(tmp_path: Path) -> None:
    doc, said = _load(tmp_path, POST)
    text = plain_text(doc.blocks)  # type: ignore[attr-defined]
    assert "(Santos and Ferreira, 2019; IPCC, 2021, p. 12)" in text
    assert "As Santos and Ferreira (2019) show" in text
    assert "(see Santos and Ferreira, 2019, pp. 1030-1032)" in text or "pp. 1030–1032" in text
    assert "me@example.org" in text  # an address is no citation
    assert "[@nobody2020]" in text
    assert [w.message for w in said if "citation" in w.message] == [
        "citation @nobody2020: not in the bibliography; kept as written"]
    # The entries go under the author's own closing "References" heading, not a second one.
    headings = [plain_text(b.children) for b in doc.blocks if isinstance(b, Heading)]  # type: ignore[attr-defined]
    assert headings.count("References") == 1
    assert "Santos, M. and Ferreira, J. (2019) “Rainfall decline in the Iberian peninsula”" in text
    assert "IPCC (2021) Climate Change 2021: The Physical Science Basis. Cambridge University Press." in text


def test_csl_json_yaml_and_inline_references(tmp_path: Path) -> None:
    (tmp_path / "refs.json").write_text(
        '[{"id": "doe99", "type": "book", "title": "Reading slowly", "author": [{"family": "Doe", "given": "Jane"}],'
        ' "issued": {"date-parts": [[1999]]}, "publisher": "Slow Press"}]', encoding="utf-8")
    doc, _ = _load(tmp_path, "---\ntitle: T\nbibliography: [refs.json]\nreferences:\n  - id: roe04\n"
                   "    type: article-journal\n    title: On margins\n    author:\n      - family: Roe\n"
                   "        given: Richard\n    issued:\n      date-parts: [[2004]]\n---\n\n"
                   "Slowly [@doe99], in the margins [@roe04].\n", bib=None)
    text = plain_text(doc.blocks)  # type: ignore[attr-defined]
    assert "(Doe, 1999)" in text and "(Roe, 2004)" in text
    assert "References" in [plain_text(b.children) for b in doc.blocks if isinstance(b, Heading)]  # type: ignore[attr-defined]


def test_a_bibliography_outside_the_essay_s_folder_is_refused(tmp_path: Path) -> None:
    (tmp_path / "secret.bib").write_text(BIB, encoding="utf-8")
    inner = tmp_path / "post"
    inner.mkdir()
    doc, said = _load(inner, "---\ntitle: T\nbibliography: ../secret.bib\n---\n\nA claim [@santos2019].\n", bib=None)
    assert "[@santos2019]" in plain_text(doc.blocks)  # type: ignore[attr-defined]
    [warning] = [w for w in said if "bibliography" in w.message]
    assert "refused" in warning.message and warning.line == 3


@settings(max_examples=40, deadline=None)
@given(st.lists(st.sampled_from([*"@{}=,\"\\ \nabkey", "@article", "author", "title"]), max_size=80).map("".join))
def test_any_bibtex_is_read_or_refused_with_a_warning(tmp_path_factory: pytest.TempPathFactory, bib: str) -> None:
    folder = tmp_path_factory.mktemp("bib")
    doc, _ = _load(folder, "---\ntitle: T\nbibliography: refs.bib\n---\n\nA claim [@key].\n", bib=bib)
    assert plain_text(doc.blocks).strip()  # type: ignore[attr-defined]


def test_every_format_shows_the_citation_not_the_key(tmp_path: Path) -> None:
    doc, _ = _load(tmp_path, POST.replace("A source I forgot to add is [@nobody2020].", ""))
    epub = tmp_path / "post.epub"
    epub.write_bytes(essaykit.render(doc, "epub"))  # type: ignore[arg-type]
    with zipfile.ZipFile(epub) as z:
        xhtml = " ".join(z.read(n).decode() for n in z.namelist() if n.endswith(".xhtml"))
    assert "(Santos and Ferreira, 2019; IPCC, 2021, p. 12)" in xhtml and "@santos2019" not in xhtml
    pdf = essaykit.render(doc, "pdf")  # type: ignore[arg-type]
    import io

    import pypdf

    text = " ".join(" ".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(pdf)).pages).split())
    assert "Cambridge University Press" in text and "@" not in text.replace("me@example.org", "")
    from pptx import Presentation

    deck = Presentation(io.BytesIO(essaykit.render(doc, "pptx")))  # type: ignore[arg-type]
    words = " ".join(sh.text_frame.text for s in deck.slides for sh in s.shapes if sh.has_text_frame)
    notes = " ".join(s.notes_slide.notes_text_frame.text for s in deck.slides if s.has_notes_slide)
    assert "@santos2019" not in words + notes and "Santos" in notes
    if epubcheck.available():
        assert epubcheck.check_many([epub]) == {str(epub): []}


@pytest.mark.parametrize("bib", [
    '=b@@@@e\\y@title @articleauthor k  @articlea@y="a=btitleytitle\\aaauthortitlee{author ey"kk}'
    '@articletitle="titleekauthor@author{ae""title @\\ etitlekk@article\n@etitle,',
    ' =title,\n \\{y{{kk" @}=}@{@k\n,""title@e{ ,{',
])
def test_malformed_bibtex_that_hung_a_parser_ends(tmp_path: Path, bib: str) -> None:
    """These made citeproc-py's BibTeX reader loop forever; essaykit reads .bib
    files with pybtex, which refuses them. Run in a child bounded to 60 s of
    CPU (RLIMIT_CPU: a loop is killed however loaded the machine is)."""
    import subprocess
    import sys

    (tmp_path / "refs.bib").write_text(bib, encoding="utf-8")
    code = ("import resource, sys\nresource.setrlimit(resource.RLIMIT_CPU, (60, 60))\n"
            "from essaykit.errors import EssayError\n"
            "from essaykit.reader.academic.citations import _bibtex\n"
            "try:\n    _bibtex(open(sys.argv[1], encoding='utf-8').read())\nexcept EssayError:\n    pass\n")
    done = subprocess.run([sys.executable, "-c", code, str(tmp_path / "refs.bib")], timeout=600,
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
