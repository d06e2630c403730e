"""The words of an essay against the words ``pdftotext`` reads back from its PDF.

Both sides normalised: NFKC, case folded, a word hyphenated at a line's end joined,
whitespace collapsed, the direction marks pdftotext adds dropped, Chinese and Japanese
compared by pairs of neighbouring characters (lines break anywhere in them). A word set
in the PDF but hyphenated across a page's foot (the folio and the next running head
between its halves) is found too. Also run by hand: ``python -m tests.pdfwords FILE...``.
"""

from __future__ import annotations

import re
import subprocess
import sys
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, fields, is_dataclass
from pathlib import Path
from typing import Any

#: What the PDF leaves out on purpose: pictures (maths, images), raw markup, directives.
_UNPRINTED = {"Image", "MathInline", "MathBlock", "RawInline", "RawBlock", "DeckDirective",
              "FootnoteRef"}
#: Characters that must never reach a PDF's text unless the essay has them.
LEAKS = "\u2192\u21aa\u23ce\u00ad\ufffd\u200b"
#: Marks pdftotext writes around runs of each direction: a boundary between
#: words (where it puts the space on the wrong side of the mark).
_BIDI = dict.fromkeys(map(ord, "\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"), " ")
_HYPHENS = "-\u2010\u00ad"
_JOINERS = "\u200c\u200d"
#: A word's characters: letters, digits, combining marks (harakat), joiners.
_W = r"[\w\u0300-\u036f\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u200c\u200d]"


def is_cjk(ch: str) -> bool:
    cp = ord(ch)
    return (0x3040 <= cp <= 0x30FF or 0x3400 <= cp <= 0x4DBF or 0x4E00 <= cp <= 0x9FFF
            or 0xF900 <= cp <= 0xFAFF or 0xAC00 <= cp <= 0xD7AF or 0x20000 <= cp <= 0x3FFFF)


def _wordy(ch: str) -> bool:
    return unicodedata.category(ch)[0] in "LMN" or ch in _JOINERS


def normalise(text: str) -> str:
    return unicodedata.normalize("NFKC", text).translate(_BIDI).casefold()


def tokens(text: str) -> Iterator[str]:
    """Words (letters, marks, digits, joiners inside); a run of CJK
    characters gives each pair of neighbours (and a lone one itself)."""
    for run in re.findall(_W + "+", text):
        run = run.strip(_JOINERS).replace("_", " ")
        for word in run.split():
            cjk = "".join("\0" if is_cjk(c) else c for c in word)
            for part in re.split(r"\0+", cjk):
                if part:
                    yield part
            letters = [c for c in word if is_cjk(c)]
            if len(letters) == 1:
                yield letters[0]
            for i, c in enumerate(word[:-1]):
                if is_cjk(c) and is_cjk(word[i + 1]):
                    yield c + word[i + 1]


# ------------------------------------------------------------------ the essay


def _node_texts(node: Any) -> Iterator[str]:
    if isinstance(node, tuple):
        for child in node:
            yield from _node_texts(child)
        return
    if not is_dataclass(node):
        return
    name = type(node).__name__
    if name in _UNPRINTED:
        return
    if name in ("Text", "Code", "CodeBlock"):
        yield node.text
        yield "\n"
        return
    for f in fields(node):
        if f.name in ("line", "id", "lang", "url", "target", "classes", "attrs", "language",
                      "identifier", "label", "key", "align", "kind"):
            continue
        yield from _node_texts(getattr(node, f.name))
        yield " "


def essay_text(doc: Any) -> str:
    """What the essay says that its PDF prints: title, subtitle, authors, body text."""
    meta = doc.meta
    parts = [meta.title or "", getattr(meta, "subtitle", "") or "",
             " ".join(getattr(meta, "authors", ()) or ())]
    return "\n".join(parts) + "\n" + "".join(_node_texts(doc.blocks))


# -------------------------------------------------------------------- the PDF


def pdf_text(path: Path, *args: str) -> str:
    return subprocess.run(["pdftotext", "-enc", "UTF-8", *args, str(path), "-"], capture_output=True,
                          text=True, check=True).stdout


def lost_in_pdf(essay: str, path: Path) -> tuple[list[str], str]:
    """What of ``essay`` the PDF's text loses: words, and neighbouring words
    no longer neighbours (``<a b>``); then the characters it leaks. A word
    counts as found when either reading finds it: pdftotext's own (columns
    apart; it drops a hyphen that ends a line, joining a word broken at a
    page's foot to the folio) or its ``-layout`` one (hyphens kept)."""
    raw = pdf_text(path)
    readings = [read_pdf_words(raw), read_pdf_words(pdf_text(path, "-layout"))]
    words = [set(missing_words(essay, r)) for r in readings]
    pairs = [set(missing_pairs(essay, r)) for r in readings]
    lost = [w for w in missing_words(essay, readings[0]) if all(w in m for m in words)]
    lost += [f"<{p}>" for p in missing_pairs(essay, readings[0]) if all(p in m for m in pairs)]
    return lost, leaks(essay, raw)


@dataclass
class PdfWords:
    words: set[str]
    text: str
    #: Words a line ends with before a hyphen, and words lines start with: a
    #: word hyphenated at a page's foot has the folio and a running head
    #: between its halves.
    hyphen_heads: set[str]
    line_starts: set[str]
    #: CJK characters that end and start lines (a pair split by a page's end).
    cjk_ends: set[str]
    cjk_starts: set[str]
    #: Neighbouring words, and words that end a line.
    pairs: set[tuple[str, str]]
    line_ends: set[str]


_WORD_END = re.compile(_W + "+$")
_WORD_START = re.compile("^" + _W + "+")


def read_pdf_words(raw: str) -> PdfWords:
    text = normalise(raw).replace("\f", "\n")
    lines = [re.sub(r"[ \t]+", " ", line).strip() for line in text.split("\n")]
    lines = [line for line in lines if line]
    found = PdfWords(set(), "", set(), set(), set(), set(), set(), set())
    for i, line in enumerate(lines):
        start = _WORD_START.findall(line)
        if start:
            found.line_starts.add(start[0])
        if is_cjk(line[0]):
            found.cjk_starts.add(line[0])
        if is_cjk(line[-1]):
            found.cjk_ends.add(line[-1])
        in_line = list(words_of(line))
        if in_line:  # (a folio or a footnote's number is no word here)
            found.line_ends.add(in_line[-1])
            found.line_starts.add(in_line[0])
        nxt = lines[i + 1] if i + 1 < len(lines) else ""
        if line[-1] in _HYPHENS:
            head = _WORD_END.findall(line[:-1])
            if head:
                found.hyphen_heads.add(head[0])
                tail = _WORD_START.findall(nxt)
                if tail:  # a word hyphenated here (or a compound: its parts are words too)
                    found.words.add(head[0] + tail[0])
    flat = " ".join(lines)
    # Lines break anywhere in CJK text, and justified lines may be spaced out.
    flat = re.sub(r"(?<=[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]) (?=[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af])",
                  "", flat)
    found.words.update(tokens(flat))
    found.text = flat
    for variant in (flat, _JOIN_HYPHENATED.sub("", flat)):
        sequence = list(words_of(variant))
        found.pairs.update(zip(sequence, sequence[1:], strict=False))
    return found


#: A line's end hyphen between two word characters (the lines were joined with a space).
_JOIN_HYPHENATED = re.compile(r"(?<=\w)[-\u2010\u00ad] (?=\w)")


def words_of(text: str) -> Iterator[str]:
    """The words of ``text`` in order, without CJK and without bare numbers
    (footnote marks sit between words in a PDF)."""
    for word in tokens(text):
        if not any(is_cjk(c) for c in word) and not word.isdigit():
            yield word


def missing_pairs(essay: str, pdf: PdfWords) -> list[str]:
    """Neighbouring words of the essay (in one run of text) that the PDF's
    text does not give as neighbours: a word split in two (a drop cap, letter
    spacing) or run together with the next."""
    out: dict[str, None] = {}
    joined = _dehyphenated(normalise(essay), pdf)
    for run in normalise(essay).split("\n"):
        sequence = list(words_of(run))
        for pair in zip(sequence, sequence[1:], strict=False):
            if pair in pdf.pairs or (pair[0] in pdf.line_ends and pair[1] in pdf.line_starts):
                continue
            if any(_split_at_line_end(w, pdf) for w in pair):
                continue  # its neighbours are the halves (and a folio between at a page's end)
            # A compound joined at a line's end stands for either half.
            firsts = {pair[0], *joined.get(pair[0], ())}
            seconds = {pair[1], *joined.get(pair[1], ())}
            if joined.get(pair[0], set()) & joined.get(pair[1], set()) or any(
                    (a, b) in pdf.pairs for a in firsts for b in seconds):
                continue
            out[" ".join(pair)] = None
    return list(out)


#: A compound's hyphen: pdftotext (not -layout) drops one that ends a line,
#: as it would a hyphenation's, and joins the halves ("evidence-\nbased").
_COMPOUND = re.compile(r"(\w+)[-\u2010](?=(\w+))")


def _dehyphenated(essay: str, pdf: PdfWords) -> dict[str, set[str]]:
    """Each half of the essay's hyphenated compounds that the PDF's text gives
    joined (as pdftotext joins a compound broken at its hyphen), with the
    joined words it is part of."""
    out: dict[str, set[str]] = {}
    for match in _COMPOUND.finditer(essay):
        head, tail = match.group(1), match.group(2)
        if head + tail in pdf.words:
            out.setdefault(head, set()).add(head + tail)
            out.setdefault(tail, set()).add(head + tail)
    return out


def missing_words(essay: str, pdf: PdfWords) -> list[str]:
    """The essay's words the PDF's text does not give back (each once, in order)."""
    out: dict[str, None] = {}
    joined = _dehyphenated(normalise(essay), pdf)
    for word in tokens(normalise(essay)):
        if word in pdf.words or word in out or word in joined:
            continue
        if len(word) == 2 and is_cjk(word[0]) and is_cjk(word[1]):
            if word[0] in pdf.cjk_ends and word[1] in pdf.cjk_starts:
                continue
        elif _split_at_line_end(word, pdf):
            continue
        out[word] = None
    return list(out)


def _split_at_line_end(word: str, pdf: PdfWords) -> bool:
    """Whether ``word`` is hyphenated where one line (or page) ends."""
    return any(word[:i] in pdf.hyphen_heads and word[i:] in pdf.line_starts
               for i in range(1, len(word)))


def leaks(essay: str, raw_pdf: str) -> str:
    """Characters of :data:`LEAKS` the PDF's text has and the essay has not."""
    return "".join(c for c in LEAKS if c in raw_pdf and c not in essay)


# ----------------------------------------------------------------- by hand


def audit(paths: Iterable[Path], themes: Iterable[str], out: Path) -> int:
    """Export each essay through the command in each theme; print what is lost."""
    import essaykit

    bad = 0
    out.mkdir(parents=True, exist_ok=True)
    for path in paths:
        doc = essaykit.prepare(essaykit.load(path))
        essay = essay_text(doc)
        for theme in themes:
            pdf = out / f"{path.stem}-{theme}.pdf"
            run = subprocess.run([sys.executable, "-m", "essaykit", "export", "-q", "-t", "pdf",
                                  "--theme", theme, "-o", str(pdf), str(path)],
                                 capture_output=True, text=True)
            if run.returncode:
                print(f"{path.name} [{theme}]: export failed: {run.stderr.strip()[:300]}")
                bad += 1
                continue
            lost, leaked = lost_in_pdf(essay, pdf)
            total = len(set(tokens(normalise(essay))))
            print(f"{path.name} [{theme}]: {total} words, {len(lost)} lost"
                  + (f": {' '.join(lost[:25])}" if lost else "")
                  + (f"; leaked {leaked!r}" if leaked else ""))
            bad += bool(lost or leaked)
    return bad


if __name__ == "__main__":
    args = sys.argv[1:]
    chosen = [a.split("=", 1)[1] for a in args if a.startswith("--theme=")]
    files = [Path(a) for a in args if not a.startswith("--")]
    sys.exit(1 if audit(files, chosen or ["classic", "magazine", "talk"], Path("/tmp/pdfwords")) else 0)
