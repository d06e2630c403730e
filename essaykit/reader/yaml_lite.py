"""The usual blog front matter, read without PyYAML.

Most front matter is a handful of ``key: value`` lines: quoted titles,
a date, a language code. Importing PyYAML and running its pure-Python
loader costs about 30 ms, a tenth of reading a short essay. :func:`load`
reads exactly that shape and gives what ``yaml.safe_load`` gives for it;
anything else (lists, nesting, comments, numbers, escapes, anything PyYAML
might resolve to another type or refuse) returns None and PyYAML reads the
block as before. ``tests/test_yaml_lite.py`` compares the two.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

__all__ = ["load"]

#: ``key: value`` at the start of a line; the key a plain word.
_LINE = re.compile(r"([A-Za-z_][A-Za-z0-9_-]*):(?: +(.*))?")
#: Values kept as the string they are: quoted without escapes or inner
#: quotes, or plain words that start with a letter and hold no character
#: YAML gives a meaning to (":", "#", brackets, quotes at the start...).
_DOUBLE = re.compile(r'"([^"\\]*)"')
_SINGLE = re.compile(r"'([^']*)'")
_PLAIN = re.compile(r"[A-Za-z][A-Za-z0-9 _.,;()/&+'-]*")
_DATE = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})")
#: Plain words PyYAML reads as booleans or null, not strings.
_SPECIAL = frozenset({
    "yes", "Yes", "YES", "no", "No", "NO", "true", "True", "TRUE", "false", "False", "FALSE",
    "on", "On", "ON", "off", "Off", "OFF", "null", "Null", "NULL",
})
#: Characters PyYAML refuses in a stream (its Reader.NON_PRINTABLE), tabs,
#: the line breaks YAML knows beside "\n" (NEL, LS, PS) and BOMs.
_UNUSUAL = re.compile(
    "[^\x0a\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010ffff]"
)


def load(block: str) -> tuple[dict[str, Any], dict[str, int]] | None:
    """The mapping and each key's line in the file (the block starts on line
    2), or None when the block is not of the simple shape."""
    if _UNUSUAL.search(block):
        return None
    data: dict[str, Any] = {}
    key_lines: dict[str, int] = {}
    for n, line in enumerate(block.split("\n")):
        if not line.strip():
            if line:
                return None  # spaces alone: leave it to PyYAML
            continue
        m = _LINE.fullmatch(line)
        if m is None or m.group(1) in _SPECIAL:
            return None
        value = _value(m.group(2))
        if value is _NOT_SIMPLE:
            return None
        data[m.group(1)] = value
        key_lines[m.group(1)] = n + 2
    return (data, key_lines) if data else None


_NOT_SIMPLE = object()


def _value(raw: str | None) -> Any:
    if raw is None:
        return None
    raw = raw.rstrip(" ")
    if not raw:
        return None
    m = _DOUBLE.fullmatch(raw) or _SINGLE.fullmatch(raw)
    if m:
        return m.group(1)
    m = _DATE.fullmatch(raw)
    if m:
        try:
            return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        except ValueError:
            return _NOT_SIMPLE  # PyYAML says what is wrong with it
    if _PLAIN.fullmatch(raw) and raw not in _SPECIAL and "  " not in raw:
        return raw
    return _NOT_SIMPLE
