"""Final metadata: front-matter fields plus the document's language.

Language comes from the first source that says it, in this order: the
caller's ``lang`` option, front matter, a ``post.fr.md`` file-name suffix,
detection on the essay's prose, and finally English. Detection reads only
paragraphs, headings and the like -- never code, URLs or image names, which
are English-looking in essays written in any language.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..errors import EssayError, Warning_
from ..lang import detect, from_filename, normalize_tag
from ..model import (
    Block,
    BlockQuote,
    BulletList,
    Code,
    DefinitionItem,
    DefinitionList,
    Div,
    FootnoteDef,
    Heading,
    Image,
    Link,
    ListItem,
    MathInline,
    Metadata,
    OrderedList,
    Paragraph,
    PullQuote,
    plain_text,
)
from .frontmatter import resolve_date

__all__ = ["finish_metadata", "prose_text"]

#: Enough prose for detection; more only costs time on a long book.
_SAMPLE = 8000


def finish_metadata(
    fields: dict[str, Any],
    blocks: tuple[Block, ...],
    *,
    path: str | None,
    lang: str | None,
    warnings: list[Warning_] | None = None,
) -> Metadata:
    fields = dict(fields)
    if lang is not None:
        tag = normalize_tag(lang)
        if tag is None:
            raise EssayError(
                f"language option {lang!r} is not a language tag (try 'fr' or 'pt-BR')", path=path
            )
        fields["language"], fields["language_source"] = tag, "option"
    elif fields.get("language"):
        fields["language_source"] = "frontmatter"
    else:
        from_name = from_filename(Path(path).stem) if path else None
        if from_name:
            fields["language"], fields["language_source"] = from_name, "filename"
        else:
            sample = prose_text(blocks, title=fields.get("title", ""))
            found = detect(sample) if sample.strip() else None
            if found:
                fields["language"], fields["language_source"] = found, "detected"
            else:
                fields["language"], fields["language_source"] = "en", "default"
    resolve_date(fields, fields.get("language"), warnings if warnings is not None else [], path)
    return Metadata(**fields)


def prose_text(blocks: tuple[Block, ...], *, title: str = "", limit: int = _SAMPLE) -> str:
    """The essay's running prose for language detection, up to ``limit``
    characters."""
    out: list[str] = [title] if title else []
    size = len(title)

    def inline(nodes: Any) -> str:
        parts: list[str] = []
        for node in nodes:
            if isinstance(node, (Code, MathInline, Image)):
                continue
            if isinstance(node, Link):
                text = plain_text(node.children)
                if text.strip() == node.url.strip() or "://" in text:
                    continue
                parts.append(text)
                continue
            children = getattr(node, "children", None)
            if children is not None:
                parts.append(inline(children))
            else:
                parts.append(plain_text(node))
        return "".join(parts)

    def visit(seq: Any) -> bool:
        nonlocal size
        for block in seq:
            if isinstance(block, (Paragraph, Heading, PullQuote)):
                text = inline(block.children)
                out.append(text)
                size += len(text)
            elif isinstance(
                block,
                (BlockQuote, Div, ListItem, BulletList, OrderedList, DefinitionList, FootnoteDef),
            ):
                if visit(block.children):
                    return True
            elif isinstance(block, DefinitionItem):
                out.append(inline(block.term))
                if visit(block.children):
                    return True
            if size >= limit:
                return True
        return False

    visit(blocks)
    return "\n".join(out)
