"""Reading the dates blogs write, in every shape they write them.

A post's date is metadata, never a reason to refuse the post: what can be
read becomes a calendar date; a year or a month alone keeps its words
(``2017``) beside the first day it names; what cannot be read at all is kept
as written for the title block and reported as a warning by the caller.
``01/02/2025`` is read month first in US English and day first elsewhere,
the way the essay's readers write it.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from email.utils import parsedate_tz
from typing import Any

__all__ = ["DateReading", "read_date", "month_first"]


@dataclass(frozen=True, slots=True)
class DateReading:
    """A calendar date (None when unreadable) and, when the date is partial
    or unreadable, the words to show instead of a formatted date."""

    date: dt.date | None
    text: str = ""

    @property
    def ok(self) -> bool:
        return self.date is not None


_MONTHS = {
    name: i
    for i, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}
_MONTH = r"(?P<month>" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>\d{4})"
#: Anything after the date: a time, a zone, a weekday we do not need.
_REST = r"(?:[T\s,].*)?"

_ISO = re.compile(r"(?P<year>\d{4})[-/.](?P<month>\d{1,2})[-/.](?P<day>\d{1,2})" + _REST)
_ISO_MONTH = re.compile(r"(?P<year>\d{4})-(?P<month>\d{1,2})")
_YEAR_ONLY = re.compile(r"(?P<year>\d{4})")
_NUMERIC = re.compile(r"(?P<a>\d{1,2})[/.-](?P<b>\d{1,2})[/.-](?P<year>\d{4})" + _REST)
_FRANKLIN = re.compile(r"Date\(\s*(?P<year>\d{1,4})\s*(?:,\s*(?P<month>\d{1,2})\s*(?:,\s*(?P<day>\d{1,2})\s*)?)?\)")
_WEEKDAY = re.compile(r"^(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s+", re.I)
_WORDS = [
    re.compile(_DAY + r"\s+(?:of\s+)?" + _MONTH + r",?\s+" + _YEAR + _REST, re.I),  # 27 Jan 2025
    re.compile(_MONTH + r"\s+" + _DAY + r",?\s+" + _YEAR + _REST, re.I),  # January 27, 2025
    re.compile(_YEAR + r"[-\s]+" + _MONTH + r"[-\s]+" + _DAY + _REST, re.I),  # 2025 Jan 27
    re.compile(_DAY + r"-" + _MONTH + r"-" + _YEAR + _REST, re.I),  # 27-Jan-2025
]
_MONTH_YEAR = re.compile(_MONTH + r",?\s+" + _YEAR, re.I)

#: Regions that write the month first (the United States and a few others).
_MONTH_FIRST_REGIONS = frozenset({"US", "PH", "FM", "MH", "PW", "AS", "GU", "MP", "PR", "UM", "VI", "CA"})


def month_first(lang: str | None) -> bool:
    """Whether ``01/02/2025`` is January 2 for readers of ``lang``: English
    without a region (most blog engines are American) and the month-first
    regions; every other language writes the day first."""
    if not lang:
        return True
    parts = lang.replace("_", "-").split("-")
    if parts[0].lower() != "en":
        return False
    regions = [p.upper() for p in parts[1:] if len(p) == 2 and p.isalpha()]
    return not regions or regions[0] in _MONTH_FIRST_REGIONS


def read_date(value: Any, lang: str | None = None) -> DateReading:
    """What ``value`` (a front-matter value: string, number, date or
    datetime) says about the date. ``lang`` decides ``01/02/2025``."""
    if isinstance(value, dt.datetime):
        return DateReading(value.date())
    if isinstance(value, dt.date):
        return DateReading(value)
    if isinstance(value, bool) or value is None:
        return DateReading(None, "" if value is None else str(value))
    if isinstance(value, int):
        if 1000 <= value <= 9999:
            return DateReading(dt.date(value, 1, 1), str(value))
        return DateReading(None, str(value))
    if not isinstance(value, str):
        return DateReading(None, str(value))
    text = " ".join(value.split())
    if not text:
        return DateReading(None, "")
    found = _read_text(text, lang)
    return found if found is not None else DateReading(None, text)


def _read_text(text: str, lang: str | None) -> DateReading | None:
    m = _ISO.fullmatch(text)
    if m:
        return _ymd(m.group("year"), m.group("month"), m.group("day"), text)
    m = _FRANKLIN.fullmatch(text)
    if m:
        if m.group("day"):
            return _ymd(m.group("year"), m.group("month"), m.group("day"), text)
        year = int(m.group("year"))
        month = int(m.group("month") or 1)
        shown = f"{year:04d}" if not m.group("month") else f"{year:04d}-{month:02d}"
        return _partial(year, month, shown)
    m = _ISO_MONTH.fullmatch(text)
    if m:
        return _partial(int(m.group("year")), int(m.group("month")), text)
    if _YEAR_ONLY.fullmatch(text):
        return _partial(int(text), 1, text)
    m = _NUMERIC.fullmatch(text)
    if m:
        a, b = int(m.group("a")), int(m.group("b"))
        if a > 12 >= b:
            month, day = b, a
        elif b > 12 >= a or month_first(lang):
            month, day = a, b
        else:
            month, day = b, a
        return _ymd(m.group("year"), str(month), str(day), text)
    plain = _WEEKDAY.sub("", text)
    for pattern in _WORDS:
        m = pattern.fullmatch(plain)
        if m:
            return _ymd(m.group("year"), str(_MONTHS[m.group("month").lower()]), m.group("day"), text)
    m = _MONTH_YEAR.fullmatch(plain)
    if m:
        return _partial(int(m.group("year")), _MONTHS[m.group("month").lower()], text)
    rfc = parsedate_tz(text)  # RFC 2822 and its relatives
    if rfc is not None and rfc[0] >= 1000:
        return _ymd(str(rfc[0]), str(rfc[1]), str(rfc[2]), text)
    return _other_language(text, lang)


#: Years before this, read from another calendar's date (a Persian post's
#: ``۱۴۰۲/۰۱/۱۵`` is Solar Hijri), would be printed as the wrong day: kept as written.
_FIRST_YEAR = 1600
#: Persian and Arabic-Indic digits: a date written in them may be of another calendar.
_SOLAR_HIJRI = re.compile("[\u06f0-\u06f9\u0660-\u0669]")


def _other_language(text: str, lang: str | None) -> DateReading | None:
    """A date in the essay's own language (``27 janvier 2025``, ``2024년 3월 5일``,
    ``5 марта 2024 г.``) through dateparser, imported only here: the forms above
    cover the English and numeric dates most posts write, and its language data
    takes most of a second to load. Absolute dates only (no "yesterday"),
    with day, month and year."""
    if not any(ch.isdigit() for ch in text) or len(text) > 80:
        return None
    try:
        import dateparser
    except ImportError:  # pragma: no cover - a dependency
        return None
    settings = {"STRICT_PARSING": True, "REQUIRE_PARTS": ["day", "month", "year"],
                "PARSERS": ["absolute-time", "custom-formats"], "RETURN_AS_TIMEZONE_AWARE": False}
    language = (lang or "").replace("_", "-").split("-")[0].lower()
    try:
        found = dateparser.parse(text, languages=[language], settings=settings) if language else None
        if found is None:
            found = dateparser.parse(text, settings=settings)
    except Exception:  # noqa: BLE001 - a language it lacks, or input it chokes on: not a date
        return None
    if found is None or not _FIRST_YEAR <= found.year <= 9999:
        return None
    return DateReading(found.date())


def _ymd(year: str, month: str, day: str, text: str) -> DateReading | None:
    if _SOLAR_HIJRI.search(text) and int(year) < _FIRST_YEAR:
        return DateReading(None, text)
    try:
        return DateReading(dt.date(int(year), int(month), int(day)))
    except ValueError:
        return DateReading(None, text)


def _partial(year: int, month: int, text: str) -> DateReading:
    try:
        return DateReading(dt.date(year, month, 1), text)
    except ValueError:
        return DateReading(None, text)
