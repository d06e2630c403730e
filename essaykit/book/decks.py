"""The book as talks: a deck per chapter, or one deck with a divider per chapter.

Decks are planned from each chapter *as an essay* (its own title, sections,
pull quotes), never from the assembled book: a chapter's deck is the talk
its author would give about it. The single deck joins those plans: the
book's title slide and an agenda of chapters, then per chapter a divider
(numbered ``01``, ``02``...) followed by the chapter's slides, with its own
section dividers numbered ``1.1``, ``1.2``... so the two levels read apart,
then one closing slide.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path
from typing import Any

from ..dates import shown_date
from ..lang import direction
from ..model import Document, Metadata
from ..transform.slides import Bullet, DeckPlan, Slide, labels, plan_deck
from ..transform.textfit import Run
from .assemble import _rebase, chapter_title

__all__ = ["plan_book_deck"]

AGENDA_ITEMS = 7


def plan_book_deck(
    meta: Metadata,
    chapters: list[tuple[Path, Document]],
    book_dir: Path,
    options: Mapping[str, Any] | None = None,
) -> DeckPlan:
    lang = meta.language or "en"
    agenda_label, thanks = labels(lang)
    titles = [chapter_title(doc, path)[0] for path, doc in chapters]
    when = shown_date(meta)[0]
    subtitle = "\n".join(x for x in (meta.subtitle, ", ".join(meta.authors), when) if x)
    slides: list[Slide] = [Slide("title", title=meta.title, subtitle=subtitle,
                                 notes="\n\n".join(x for x in (meta.title, meta.subtitle) if x))]
    pages = max(1, math.ceil(len(titles) / AGENDA_ITEMS))
    per = math.ceil(len(titles) / pages) if titles else AGENDA_ITEMS
    for i in range(pages):
        chunk = titles[i * per : (i + 1) * per]
        # Numbered as a list (Bullet.number): the renderers draw "1." where a bullet would be,
        # so the number is no part of the chapter's title (nor of what a reader copies).
        bullets = tuple(Bullet((Run(t),), number=i * per + j + 1) for j, t in enumerate(chunk))
        slides.append(Slide("agenda", title=agenda_label, bullets=bullets, notes="\n".join(chunk),
                            part=(i + 1, pages)))
    for n, ((path, doc), title) in enumerate(zip(chapters, titles, strict=True), 1):
        plan = plan_deck(doc, options=options)
        other = doc.meta.language if doc.meta.language != lang else None
        byline = ", ".join(doc.meta.authors) if doc.meta.authors and doc.meta.authors != meta.authors else ""
        slides.append(Slide("section", title=title, subtitle=f"{n:02d}" + (f"  ·  {byline}" if byline else ""),
                            notes="\n\n".join(x for x in (title, doc.meta.subtitle, byline) if x), lang=other))
        m = 0
        for s in plan.slides:
            if s.kind == "title":
                continue
            if s.kind == "closing":
                # Its notes carry the notes no slide cited: keep them.
                extra = s.notes.split("\n\n", 1)[1] if "\n\n" in s.notes else ""
                if extra:
                    last = slides[-1]
                    slides[-1] = replace(last, notes=(last.notes + "\n\n" + extra).strip())
                continue
            if s.kind == "section":
                m += 1
                s = replace(s, subtitle=f"{n}.{m}")
            if s.kind == "image" and s.image_src:
                s = replace(s, image_src=_rebase(s.image_src, path.parent, book_dir))
            slides.append(replace(s, lang=s.lang or other))
    closing = "\n".join(x for x in (meta.title, ", ".join(meta.authors)) if x)
    slides.append(Slide("closing", title=thanks, subtitle=closing, notes=closing or thanks))
    return DeckPlan(title=meta.title, language=lang, direction=direction(lang), slides=tuple(slides),
                    authors=meta.authors)
