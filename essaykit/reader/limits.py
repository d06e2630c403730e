"""Limits that keep hostile or accidental input from hanging essaykit.

Markdown parsers (mistune included) take time that grows steeply with
nesting depth: 3,000 nested list items take minutes. No essay nests lists
or quotations a hundred deep, so such input is refused up front with a
one-line error that names the line, before any parser sees it.
"""

from __future__ import annotations

from ..errors import EssayError

#: Largest essay file read; a novel in Markdown is about 1 MB.
MAX_BYTES = 16 * 1024 * 1024
#: Deepest block-quote nesting (``> > > ...``) accepted.
MAX_QUOTE_DEPTH = 64
#: Widest indentation accepted, in columns (about 100 nested list levels).
MAX_INDENT = 256


def check_size(size: int, path: str | None) -> None:
    if size > MAX_BYTES:
        raise EssayError(
            f"file too large ({size / 2**20:.1f} MB; essaykit reads essays up to "
            f"{MAX_BYTES // 2**20} MB)",
            path=path,
        )


def check_nesting(text: str, path: str | None, first_line: int = 1) -> None:
    """Refuse text nested deeper than any essay needs."""
    for number, line in enumerate(text.split("\n"), start=first_line):
        if len(line) < 64 or line[0] not in " \t>":
            continue  # (no indent and no quote marker: nothing to measure)
        stripped = line.lstrip(" \t")
        indent = len(line[: len(line) - len(stripped)].expandtabs(4))
        if indent > MAX_INDENT and stripped[:1] in "-*+>0123456789":
            raise EssayError(
                f"nested more than {MAX_INDENT // 2} levels deep; essaykit refuses such input",
                path=path,
                line=number,
            )
        depth = 0
        for ch in line:
            if ch == ">":
                depth += 1
                if depth > MAX_QUOTE_DEPTH:
                    raise EssayError(
                        f"block quotes nested more than {MAX_QUOTE_DEPTH} deep; "
                        "essaykit refuses such input",
                        path=path,
                        line=number,
                    )
            elif ch not in " \t":
                break
