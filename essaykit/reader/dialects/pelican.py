"""Pelican's link placeholders: ``{static}``, ``{attach}``, ``{filename}``,
``{tag}``, ``{category}``, ``{author}``, ``{index}`` (and the older
``|filename|`` spelling).

A ``{static}/images/x.png`` names a file from the site's content folder
(left as ``/images/x.png`` for the site root's mounts,
:mod:`essaykit.siteroot`), or, with no Pelican site around the essay, from
the essay's own folder. A link to another page of the site or to a tag's
page has nowhere to go in a book: its words stay, said once. Code is left as
written and every line keeps its number.
"""

from __future__ import annotations

import re
from collections.abc import Callable

__all__ = ["expand_pelican", "has_pelican"]

_WORDS = r"static|attach|filename|tag|category|author|index"
_TRIGGER = re.compile(r"\{(?:" + _WORDS + r")\}|\|(?:" + _WORDS + r")\|")
#: Only where a URL goes (a link's or image's target, an attribute, a reference's definition):
#: "{index}" in the words of a post about Python's format strings stays.
_WHERE = r"(?:(?<=\]\()|(?<=\]\(<)|(?<=[\"'])|(?<=\]:[ \t]))"
_FILE = re.compile(_WHERE + r"(?:\{(?:static|attach)\}|\|(?:static|attach)\|)(/?)")
#: A link whose target is another page of the site: ``[words]({filename}/x.md)``.
_PAGE_LINK = re.compile(
    r"(?<!!)\[(?P<words>[^\]\n]*)\]\(\s*(?:\{(?:filename|tag|category|author|index)\}|"
    r"\|(?:filename|tag|category|author|index)\|)[^()\s]*(?:\s+\"[^\"\n]*\")?\s*\)"
)
_HTML_LINK = re.compile(
    r"<a\b[^>]*\bhref=[\"'](?:\{(?:filename|tag|category|author|index)\}|"
    r"\|(?:filename|tag|category|author|index)\|)[^\"']*[\"'][^>]*>(?P<words>.*?)</a>", re.I | re.S
)
_LEFT = re.compile(_WHERE + r"(?:\{(?:filename|tag|category|author|index)\}|\|(?:filename|tag|category|author|index)\|)")


def has_pelican(body: str) -> bool:
    return _TRIGGER.search(body) is not None


def expand_pelican(body: str, in_site: bool, removed: Callable[[str, int], None]) -> str:
    """``body`` with Pelican's placeholders said; ``in_site``: a Pelican
    site holds the essay (its content folder is served at ``/``).
    ``removed(what, line)`` hears of each link that lost its target (1-based)."""
    from ..wordpress import _CODE

    out: list[str] = []
    pos = 0
    for code in _CODE.finditer(body):
        out.append(_expand(body[pos:code.start()], body.count("\n", 0, pos) + 1, in_site, removed))
        out.append(code.group(0))
        pos = code.end()
    out.append(_expand(body[pos:], body.count("\n", 0, pos) + 1, in_site, removed))
    return "".join(out)


def _expand(text: str, first: int, in_site: bool, removed: Callable[[str, int], None]) -> str:
    what = "Pelican's link to another page of its site ({filename}, {tag}, …)"

    def words(m: re.Match[str]) -> str:
        removed(what, first + text.count("\n", 0, m.start()))
        return m.group("words")

    text = _PAGE_LINK.sub(words, text)
    text = _HTML_LINK.sub(words, text)
    # A file from the content folder: "/images/x.png" for the site's mounts; without a site, the essay's folder.
    text = _FILE.sub(lambda m: m.group(1) if in_site else "", text)

    def bare(m: re.Match[str]) -> str:
        removed(what, first + text.count("\n", 0, m.start()))
        return ""

    return _LEFT.sub(bare, text)
