"""``essaykit inspect``: a readable account of what essaykit understood.

Authors use it to check the parts essaykit decides for them: the language
and where it came from, the sections, and which pull quotes were chosen (with
the candidates' scores and reasons), before they export anything; and, with
``--slides``, the talk: its slides, the time each gets and the total.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

from ..dates import shown_date
from ..model import Document, PullQuote, plain_text
from ..model.outline import Section, sections
from ..model.walk import iter_nodes


def _words(text: str) -> int:
    # CJK text has no spaces: count its characters as words.
    cjk = sum(1 for ch in text if "\u3040" <= ch <= "\u9fff" or "\uac00" <= ch <= "\ud7af")
    return len(text.split()) + cjk


def _section_lines(secs: tuple[Section, ...], depth: int = 0) -> list[str]:
    out = []
    for sec in secs:
        words = _words(plain_text(sec.blocks))
        title = sec.title or "(untitled opening)"
        out.append(f"{'  ' * depth}- {title}  [{words} words]")
        out.extend(_section_lines(sec.subsections, depth + 1))
    return out


def describe(doc: Document, *, pullquotes: str = "default") -> str:
    m = doc.meta
    lines = [
        f"title:       {m.title or '(none)'}",
    ]
    if m.subtitle:
        lines.append(f"subtitle:    {m.subtitle}")
    lines += [
        f"authors:     {', '.join(m.authors) or '(none)'}",
        f"date:        {shown_date(m)[0] or '(none)'}",
        f"language:    {m.language} (from {m.language_source}; {m.direction})",
    ]
    if m.description:
        lines.append(f"description: {m.description}")
    if m.tags:
        lines.append(f"tags:        {', '.join(m.tags)}")
    body_words = _words(plain_text(tuple(b for b in doc.blocks if not isinstance(b, PullQuote))))
    counts = Counter(type(n).__name__ for n in iter_nodes(doc))
    lines.append(f"words:       {body_words}")
    lines.append(
        "contents:    "
        + ", ".join(f"{counts[k]} {k}" for k in sorted(counts) if k not in {"Text", "SoftBreak"})
    )
    lines.append("")
    lines.append("sections:")
    lines.extend(_section_lines(sections(doc)) or ["  (no headings)"])
    lines.append("")
    pqs = [n for n in iter_nodes(doc) if isinstance(n, PullQuote)]
    lines.append(f"pull quotes ({len(pqs)}):")
    for pq in pqs:
        where = f" line {pq.line}" if pq.line else ""
        lines.append(f"  [{pq.origin}{where}] {plain_text(pq.children)}")
    try:
        from ..transform.pullquotes import candidates
    except ImportError:  # pragma: no cover - transforms are part of the package
        return "\n".join(lines)
    cands = candidates(doc)
    if cands:
        chosen = {plain_text(pq.children).strip() for pq in pqs if pq.origin == "auto"}
        lines.append("")
        lines.append("pull-quote candidates (best first; * chosen, - never chosen):")
        for c in sorted(cands, key=lambda c: -c.score)[:12]:
            mark = "*" if c.text in chosen else ("-" if not c.eligible else " ")
            why = _never(c)
            lines.append(f"  {c.score:5.1f} {mark} {c.text}  ({', '.join(c.reasons)}{why})")
    return "\n".join(lines)


def _never(c: object) -> str:
    """Why a candidate can never be chosen, whatever its score."""
    for flag, why in (("set_apart", "already set apart as a quotation"),
                      ("echo", "echoes a quotation"), ("fragment", "not a whole sentence"),
                      ("opening", "the essay's first sentence"), ("closing", "in the last paragraph")):
        if getattr(c, flag, False):
            return f"; never: {why}"
    return ""


def describe_slides(
    doc: Document, source: Path, *, minutes: float | None = None, as_json: bool = False
) -> str:
    """The talk-deck plan as the export would make it (missing images get no
    slide, a full slide is split as the fonts say), with a time per slide
    and the total; the planner's warnings
    (an unknown ``<!-- deck: … -->``) go to stderr as ``file:line: …``."""
    import click

    from .. import api
    from ..errors import Warning_
    from ..renderers.pptx.renderer import DeckImages, as_drawn
    from ..transform.slides import plan_deck

    # The images as the export finds them (the essay's folder, its site's
    # root, nothing fetched): a missing one gets no slide here either.
    ctx = api.context_for(str(source), None, {}, lambda w: None)
    plan = plan_deck(
        doc,
        options={"minutes": minutes} if minutes else None,
        image_ok=DeckImages(ctx).ok,
    )
    for line, message in plan.warnings:
        click.echo(str(Warning_(f"deck: {message}", str(source), line)), err=True)
    plan = as_drawn(plan, ctx)  # slide for slide as the .pptx: a full one is split
    if as_json:
        return json.dumps(plan.to_data(), indent=1, ensure_ascii=False)
    return plan.describe()
