"""The same pull quotes, set off, in all three outputs of one essay.

One essay with an explicit, a marked and a front-matter pull quote, and one
with none (so one is chosen automatically), are exported to PDF, EPUB and
PPTX; each output is opened again and the pull-quote texts read back:

* EPUB: ``<aside epub:type="pullquote">``, copies ``aria-hidden="true"``;
* PDF: a copy's words appear twice in the text (body, then set off), an
  explicit quote's once (it is not in the body);
* PPTX: a quote slide (its title set in quotation marks).

``--pullquotes none`` leaves only the explicit quote everywhere.
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import unicodedata
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from essaykit import api
from essaykit.model import Document, PullQuote, plain_text

pptx = pytest.importorskip("pptx")
pypdf = pytest.importorskip("pypdf")
etree = pytest.importorskip("lxml.etree")

EXPLICIT = "A draft is a letter to the person you will be tomorrow"
ATTRIBUTION = "An old editor"
MARKED = "The margin is where the reader breathes"
LISTED = "Short lines are kind to tired eyes"
AUTO = "Good design is a promise that the reader will never have to work for the meaning"

_FILLER = (
    "The studio kept its proofs in a long drawer by the window. "
    "Each morning the team read the pages aloud and marked the slow places in pencil. "
    "Nobody was in a hurry, and the work was better for it."
)


def _filler(n: int) -> str:
    return "\n\n".join(_FILLER for _ in range(n))


AUTHORED = f"""---
title: Proofs
lang: en
pullquotes:
  - "{LISTED}."
---

{_filler(1)}

> [!PULLQUOTE]
> {EXPLICIT}.
> — {ATTRIBUTION}

The proofs came back on a Monday. =={MARKED}.== The printer agreed.

{_filler(1)}

We set the book in a narrow measure. {LISTED}. The printer agreed again.

{_filler(1)}
"""

AUTOMATIC = f"""---
title: Reading
lang: en
---

{_filler(4)}

The first readers said little about the type. **{AUTO}.** They read on.

{_filler(4)}
"""


def _doc(text: str, tmp: Path, name: str) -> Document:
    path = tmp / f"{name}.md"
    path.write_text(text, encoding="utf-8")
    return api.load(path)


def _norm(text: str) -> str:
    """Text as extracted, comparable with the source: ligatures unfolded,
    curly quotes straightened, lines joined."""
    text = unicodedata.normalize("NFKC", text).replace("\u00ad", "")
    text = re.sub(r"-\n(?=[a-z])", "", text)
    text = text.translate(str.maketrans("‘’“”", "''\"\""))
    return " ".join(text.split())


# ------------------------------------------------------------------ readers


def epub_pullquotes(data: bytes) -> list[tuple[str, bool]]:
    """(text, aria-hidden) of every ``aside[epub:type=pullquote]`` in reading order."""
    out: list[tuple[str, bool]] = []
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        opf_name = next(n for n in z.namelist() if n.endswith(".opf"))
        opf = etree.fromstring(z.read(opf_name))
        ns = {"opf": "http://www.idpf.org/2007/opf"}
        items = {i.get("id"): i.get("href") for i in opf.findall(".//opf:item", ns)}
        base = opf_name.rsplit("/", 1)[0] + "/" if "/" in opf_name else ""
        for ref in opf.findall(".//opf:itemref", ns):
            root = etree.fromstring(z.read(base + items[ref.get("idref")]))
            for aside in root.iter("{http://www.w3.org/1999/xhtml}aside"):
                if aside.get("{http://www.idpf.org/2007/ops}type") != "pullquote":
                    continue
                quote = aside.find("{http://www.w3.org/1999/xhtml}p")
                text = "".join(quote.itertext()) if quote is not None else ""
                out.append((_norm(text), aside.get("aria-hidden") == "true"))
    return out


def pdf_text(data: bytes) -> str:
    if shutil.which("pdftotext"):
        done = subprocess.run(
            ["pdftotext", "-enc", "UTF-8", "-", "-"], input=data, capture_output=True, check=True
        )
        return _norm(done.stdout.decode("utf-8"))
    reader = pypdf.PdfReader(io.BytesIO(data))
    return _norm("\n".join(page.extract_text() or "" for page in reader.pages))


def deck_quotes(data: bytes) -> list[str]:
    """Texts of the quote slides: titles set between quotation marks."""
    prs = pptx.Presentation(io.BytesIO(data))
    out = []
    for slide in prs.slides:
        title = slide.shapes.title
        if title is None or not title.has_text_frame:
            continue
        text = _norm(title.text_frame.text)
        if text[:1] in '"«„「『' and text[-1:] in '"»」』':
            out.append(text)
    return out


# ----------------------------------------------------------------- fixtures

Outputs = dict[str, bytes]


@pytest.fixture(scope="module")
def export(
    tmp_path_factory: pytest.TempPathFactory,
) -> Callable[[str, str], tuple[Document, Outputs]]:
    tmp = tmp_path_factory.mktemp("pq")
    cache: dict[tuple[str, str], tuple[Document, Outputs]] = {}

    def run(which: str, mode: str) -> tuple[Document, Outputs]:
        if (which, mode) not in cache:
            text = AUTHORED if which == "authored" else AUTOMATIC
            doc = _doc(text, tmp, which)
            outputs = {}
            for fmt in ("pdf", "epub", "pptx"):
                path = api.export(doc, tmp / f"{which}-{mode}.{fmt}", pullquotes=mode)
                outputs[fmt] = path.read_bytes()
            cache[which, mode] = (api.prepare(doc, pullquotes=mode), outputs)
        return cache[which, mode]

    return run


def _expected(doc: Document) -> list[tuple[str, bool]]:
    return [
        (_norm(plain_text(b.children)), b.duplicate) for b in doc.blocks if isinstance(b, PullQuote)
    ]


def _check_outputs(doc: Document, outputs: Outputs) -> None:
    expected = _expected(doc)
    # EPUB: the same quotes, in order, copies hidden from screen readers.
    assert epub_pullquotes(outputs["epub"]) == expected
    # PDF: a copy stands twice (body and set off), the author's own block once.
    text = pdf_text(outputs["pdf"])
    for quote, duplicate in expected:
        words = quote.rstrip(".")
        assert text.count(words) == (2 if duplicate else 1), (quote, text)
    # Deck: one quote slide per pull quote, in order.
    slides = [s.strip('"«»“” ') for s in deck_quotes(outputs["pptx"])]
    assert [s.rstrip(".") for s in slides] == [q.rstrip(".") for q, _ in expected]


# -------------------------------------------------------------------- tests


def test_explicit_marked_and_listed_quotes_in_every_output(
    export: Callable[..., tuple[Document, Outputs]],
) -> None:
    doc, outputs = export("authored", "default")
    assert [(b.origin, b.duplicate) for b in doc.blocks if isinstance(b, PullQuote)] == [
        ("explicit", False),
        ("marked", True),
        ("frontmatter", True),
    ]
    assert [q for q, _ in _expected(doc)] == [f"{EXPLICIT}.", f"{MARKED}.", f"{LISTED}."]
    _check_outputs(doc, outputs)
    assert ATTRIBUTION in pdf_text(outputs["pdf"])


def test_automatic_quote_in_every_output(export: Callable[..., tuple[Document, Outputs]]) -> None:
    doc, outputs = export("automatic", "default")
    assert [(b.origin, plain_text(b.children)) for b in doc.blocks if isinstance(b, PullQuote)] == [
        ("auto", f"{AUTO}.")
    ]
    _check_outputs(doc, outputs)


def test_none_keeps_only_the_explicit_quote_everywhere(
    export: Callable[..., tuple[Document, Outputs]],
) -> None:
    doc, outputs = export("authored", "none")
    assert [b.origin for b in doc.blocks if isinstance(b, PullQuote)] == ["explicit"]
    _check_outputs(doc, outputs)
    text = pdf_text(outputs["pdf"])
    assert text.count(MARKED) == 1 and text.count(LISTED) == 1  # in the body only


def test_none_sets_off_no_automatic_quote_in_pdf_or_epub(
    export: Callable[..., tuple[Document, Outputs]],
) -> None:
    doc, outputs = export("automatic", "none")
    assert not [b for b in doc.blocks if isinstance(b, PullQuote)]
    assert epub_pullquotes(outputs["epub"]) == []
    assert pdf_text(outputs["pdf"]).count(AUTO) == 1


def test_none_makes_no_quote_slide(export: Callable[..., tuple[Document, Outputs]]) -> None:
    _, outputs = export("automatic", "none")
    assert deck_quotes(outputs["pptx"]) == []
