"""mistune's inline parser, made quicker on long prose; the same tokens.

mistune (3.1+) scans a paragraph for the next character that could start
an inline rule and treats everything before it as text. The ``url`` plugin's
rule starts with ``h``, so English prose stops the scan at every "the",
"which", "that": a book of 90,000 words made 20,000 such stops, each a trip
through the combined rule regex, and the one-letter text tokens it left were
joined again afterwards. :class:`ProseInlineParser` stops at a letter only
where the rule that starts with it actually matches (for ``url``: where
``http://`` or ``https://`` begins). Elsewhere the stock parser would have
found no rule there and kept the letter as text, which mistune merges with
the text around it, so the tokens are the same (``tests/test_reader_speed``
compares them with the stock parser's).

:func:`quicker_emphasis_scan` replaces mistune's character-by-character
search for the next ``*``/``_`` in a text run with the equivalent regex.

Both rely on mistune internals; where those are missing (another mistune
version) the stock behaviour stays, only slower.
"""

from __future__ import annotations

import re
from typing import Any

from mistune.inline_parser import InlineParser

__all__ = ["ProseInlineParser", "prose_inline_for", "quicker_emphasis_scan"]

#: The internals the quicker scan builds on (mistune 3.1's fast text path).
_NEEDED = ("_find_fast_text_end", "_get_fast_trigger_chars", "_find_linebreak_start")


class ProseInlineParser(InlineParser):
    """An :class:`InlineParser` whose text scan skips letters no rule can
    start at."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self._prose_re: re.Pattern[str] | None = None
        self._prose_ready = False
        super().__init__(*args, **kwargs)

    def register(self, *args: Any, **kwargs: Any) -> None:
        super().register(*args, **kwargs)
        self._prose_ready = False  # as mistune forgets its own scan regexes

    def _find_fast_text_end(self, src: str, pos: int) -> int | None:
        if not self._prose_ready:
            self._prose_re, self._prose_ready = _build_trigger(self), True
        trigger = self._prose_re
        if trigger is None:
            return super()._find_fast_text_end(src, pos)
        m = trigger.search(src, pos)
        if m is None:
            return len(src)
        start = m.start()
        if src[start] == "\n":
            return self._find_linebreak_start(src, pos, start)
        return start


def prose_inline_for(block: Any) -> InlineParser:
    """The inline parser ``mistune.Markdown(block=block)`` would make, as a
    :class:`ProseInlineParser` (older mistune takes no nesting limit)."""
    level = getattr(block, "max_nested_level", None)
    if level is not None:
        try:
            return ProseInlineParser(max_nested_level=level)
        except TypeError:
            pass
    return ProseInlineParser()


def _build_trigger(parser: InlineParser) -> re.Pattern[str] | None:
    """A regex for the next place a rule may start: any of the rules' start
    characters, except that a letter or digit counts only where a rule
    starting with it matches. None: use mistune's own scan."""
    if not all(hasattr(InlineParser, name) for name in _NEEDED):
        return None
    chars = parser._get_fast_trigger_chars()
    if chars is None:
        return None
    starts: dict[str, set[str]] = getattr(parser, "_rule_start_chars", {})
    known: dict[str, set[str]] = _known_start_chars()
    plain = {c for c in chars if not c.isalnum()}
    looks: list[str] = []
    for name in parser.rules:
        rule_chars = starts.get(name, known.get(name)) or set()
        if not any(c.isalnum() for c in rule_chars):
            continue
        pattern = parser.specification.get(name)
        if not pattern or _refers_back(pattern):
            return None  # cannot tell where it matches without mistune's scan
        looks.append(f"(?=(?:{pattern}))")
    if not looks:
        return None  # nothing to gain over mistune's own scan
    alternatives = (["[" + re.escape("".join(sorted(plain))) + "]"] if plain else []) + looks
    try:
        return re.compile("|".join(alternatives), parser.sc_flag)
    except re.error:
        return None


def _known_start_chars() -> dict[str, set[str]]:
    from mistune import inline_parser

    return dict(getattr(inline_parser, "_KNOWN_RULE_START_CHARS", {}))


def _refers_back(pattern: str) -> bool:
    """Whether a rule's pattern uses group references, which would mean
    something else inside another regex."""
    return bool(re.search(r"\\[1-9]|\(\?P=", pattern))


_DELIMITER = re.compile(r"[*_]")


def _next_delimiter_run(text: str, pos: int) -> int:
    """Where the next ``*`` or ``_`` run starts at or after ``pos`` (the end
    of ``text`` if none): mistune's function of the same name, by regex."""
    m = _DELIMITER.search(text, pos)
    return m.start() if m is not None else max(pos, len(text))


def quicker_emphasis_scan() -> None:
    """Swap in the regex search for the delimiter scan (the same answers;
    left alone when this mistune has no such function)."""
    try:
        from mistune._inline import emphasis
    except ImportError:
        return
    current = getattr(emphasis, "_next_delimiter_run", None)
    if callable(current) and current is not _next_delimiter_run:
        STOCK["_next_delimiter_run"] = current
        emphasis._next_delimiter_run = _next_delimiter_run


#: mistune's own functions that :func:`quicker_emphasis_scan` replaced, by
#: name (tests compare the two).
STOCK: dict[str, Any] = {}
