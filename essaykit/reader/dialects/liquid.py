"""Liquid's filters, as Jekyll applies them to a value the post knows.

``{{ page.date | date: "%B %d" }}`` must print "March 14", not the raw
timestamp, and ``{{ page.title | upcase }}`` the title in capitals. Only the
filters that change words are done here (dates, case, defaults, trimming,
replacing); a filter that only matters on a web page (``relative_url``,
``escape``, ``markdownify``) or that essaykit does not know leaves the value
as it is. Dates are formatted the way Ruby's ``strftime`` does, in English
(Jekyll's own), without the host's locale.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Callable

__all__ = ["apply_filter", "parse_moment", "split_args", "strftime"]

_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December")
_DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")

_STAMP = re.compile(
    r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?"
    r"\s*(Z|[+-]\d{2}:?\d{2})?$"
)


def parse_moment(text: str) -> dt.datetime | None:
    """The moment a front-matter date names (``2023-03-14 09:26:53 -0300``,
    ``2023-03-14``, ``March 14, 2023``, ``now``), or None."""
    text = " ".join(text.split())
    if text.lower() in ("now", "today"):
        return dt.datetime.now()
    m = _STAMP.match(text)
    if m:
        year, month, day, hour, minute, second, zone = m.groups()
        tz = None
        if zone:
            if zone == "Z":
                tz = dt.UTC
            else:
                digits = zone.replace(":", "")
                sign = -1 if digits[0] == "-" else 1
                tz = dt.timezone(sign * dt.timedelta(hours=int(digits[1:3]), minutes=int(digits[3:5])))
        try:
            return dt.datetime(int(year), int(month), int(day), int(hour or 0), int(minute or 0),
                               int(second or 0), tzinfo=tz)
        except ValueError:
            return None
    from ..dates import read_date

    day = read_date(text).date
    return dt.datetime(day.year, day.month, day.day) if day is not None and not read_date(text).text else None


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def strftime(moment: dt.datetime, fmt: str) -> str:
    """``moment`` in Ruby's ``strftime`` ``fmt`` (flags ``-``, ``_``, ``0``,
    ``^``, ``#``), English names; an unknown directive stays as written."""

    def one(m: re.Match[str]) -> str:
        flags, code = m.group(1), m.group(2)
        numbers = {
            "Y": (moment.year, 4), "C": (moment.year // 100, 2), "y": (moment.year % 100, 2),
            "m": (moment.month, 2), "d": (moment.day, 2), "e": (moment.day, -2),
            "j": (moment.timetuple().tm_yday, 3), "H": (moment.hour, 2), "k": (moment.hour, -2),
            "I": ((moment.hour - 1) % 12 + 1, 2), "l": ((moment.hour - 1) % 12 + 1, -2),
            "M": (moment.minute, 2), "S": (moment.second, 2), "u": (moment.isoweekday(), 1),
            "w": (moment.isoweekday() % 7, 1), "U": (int(moment.strftime("%U")), 2),
            "W": (int(moment.strftime("%W")), 2), "V": (moment.isocalendar()[1], 2),
            "G": (moment.isocalendar()[0], 4),
        }
        if code in numbers:
            value, width = numbers[code]
            pad = " " if width < 0 else "0"
            width = abs(width)
            if "-" in flags:
                return str(value)
            if "_" in flags:
                pad = " "
            elif "0" in flags:
                pad = "0"
            return str(value).rjust(width, pad)
        words = {
            "B": _MONTHS[moment.month - 1], "b": _MONTHS[moment.month - 1][:3],
            "h": _MONTHS[moment.month - 1][:3], "A": _DAYS[moment.weekday()],
            "a": _DAYS[moment.weekday()][:3], "p": "AM" if moment.hour < 12 else "PM",
            "P": "am" if moment.hour < 12 else "pm", "%": "%", "n": "\n", "t": "\t",
            "Z": moment.tzname() or "", "z": moment.strftime("%z"),
            "F": f"{moment.year:04d}-{moment.month:02d}-{moment.day:02d}",
            "D": f"{moment.month:02d}/{moment.day:02d}/{moment.year % 100:02d}",
            "T": f"{moment.hour:02d}:{moment.minute:02d}:{moment.second:02d}",
            "R": f"{moment.hour:02d}:{moment.minute:02d}",
            "s": str(int(moment.timestamp())),
        }
        if code not in words:
            return m.group(0)
        word = words[code]
        if "^" in flags:
            return word.upper()
        if "#" in flags:
            return word.swapcase()
        return word

    return re.sub(r"%([-_0^#]*)([A-Za-z%])", one, fmt)


def _date_words(moment: dt.datetime, month: str, args: list[str]) -> str:
    """Jekyll's ``date_to_string`` (``%b``) and ``date_to_long_string``
    (``%B``), with their ``"ordinal"`` and ``"US"`` arguments."""
    name = strftime(moment, month)
    if not args or args[0] != "ordinal":
        return f"{moment.day:02d} {name} {moment.year}"
    if len(args) > 1 and args[1].upper() == "US":
        return f"{name} {_ordinal(moment.day)}, {moment.year}"
    return f"{_ordinal(moment.day)} {name} {moment.year}"


def split_args(text: str) -> list[str]:
    """A filter's arguments (``"a", "b"``), split at commas outside quotes."""
    return [a.strip() for a in re.findall(r"""(?:"[^"]*"|'[^']*'|[^,])+""", text)]


def _slug(text: str) -> str:
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def apply_filter(value: str | None, name: str, args: list[str | None]) -> str | None:
    """``value`` through the Liquid filter ``name`` with its arguments
    (None where an argument names nothing known). A value that is None
    stays None but for ``default``."""
    first = args[0] if args else None
    if name == "default":
        return value if value not in (None, "", "false", "nil") else (first or "")
    if value is None:
        return None
    if name in ("date", "date_to_string", "date_to_long_string", "date_to_xmlschema", "date_to_rfc822"):
        moment = parse_moment(value)
        if moment is None:
            return value
        if name == "date":
            return strftime(moment, first) if first else value
        if name == "date_to_xmlschema":
            return moment.isoformat()
        if name == "date_to_rfc822":
            return strftime(moment, "%a, %d %b %Y %H:%M:%S %z").rstrip()
        rest = [a or "" for a in args]
        return _date_words(moment, "%b" if name == "date_to_string" else "%B", rest)
    simple: dict[str, Callable[[str], str]] = {
        "upcase": str.upper, "downcase": str.lower, "strip": str.strip, "lstrip": str.lstrip,
        "rstrip": str.rstrip, "capitalize": lambda s: s[:1].upper() + s[1:].lower(),
        "slugify": _slug, "strip_newlines": lambda s: s.replace("\n", ""),
        "strip_html": lambda s: re.sub(r"<[^>]*>", "", s),
        "number_of_words": lambda s: str(len(s.split())), "size": lambda s: str(len(s)),
    }
    if name in simple:
        return simple[name](value)
    if name == "prepend":
        return (first or "") + value
    if name == "append":
        return value + (first or "")
    if name in ("replace", "replace_first") and first is not None:
        new = args[1] if len(args) > 1 and args[1] is not None else ""
        return value.replace(first, new) if name == "replace" else value.replace(first, new, 1)
    if name in ("remove", "remove_first") and first is not None:
        return value.replace(first, "") if name == "remove" else value.replace(first, "", 1)
    if name == "truncate" and first and first.isdigit():
        limit = int(first)
        ellipsis = args[1] if len(args) > 1 and args[1] is not None else "..."
        return value if len(value) <= limit else value[:max(0, limit - len(ellipsis))] + ellipsis
    if name == "truncatewords" and first and first.isdigit():
        words = value.split()
        ellipsis = args[1] if len(args) > 1 and args[1] is not None else "..."
        return value if len(words) <= int(first) else " ".join(words[:int(first)]) + ellipsis
    # relative_url, absolute_url, escape, markdownify, jsonify and the unknown: as it is.
    return value
