"""The date a build stamps on its output, the same on every rebuild.

Why one place: the EPUB's ``dcterms:modified``, the deck's created and
modified dates and both packages' zip timestamps must not be the time of the build, or two exports of the
same essay differ byte for byte (and a reader or a diff sees a change that
is not there). The reproducible-builds convention comes first.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable

from .model import Metadata

#: The earliest time a zip member can carry.
ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)
#: When neither SOURCE_DATE_EPOCH nor the essay gives a date: a constant, so
#: rebuilding still gives the same bytes.
FALLBACK = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)


def build_date(meta: Metadata, env: dict[str, str] | None = None) -> dt.datetime:
    """SOURCE_DATE_EPOCH, else the essay's date, else :data:`FALLBACK` (UTC)."""
    env = dict(os.environ) if env is None else env
    raw = env.get("SOURCE_DATE_EPOCH", "").strip()
    if raw.isdigit() and len(raw) < 12:  # past year 9999 it is no date (and would raise)
        return dt.datetime.fromtimestamp(int(raw), tz=dt.UTC)
    # A date before the printing press is a typo, and ebooklib's strftime
    # would not pad the year: use the fixed date then.
    if meta.date is not None and 1000 <= meta.date.year <= 9999:
        return dt.datetime(meta.date.year, meta.date.month, meta.date.day, tzinfo=dt.UTC)
    return FALLBACK


def zip_date_time(moment: dt.datetime | None) -> tuple[int, int, int, int, int, int]:
    """A zip member's timestamp for ``moment`` (a naive one is UTC): zip
    times cannot precede 1980 nor pass 2107, and count seconds in twos."""
    if moment is None or moment.year < 1980:
        return ZIP_EPOCH
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    m = moment.astimezone(dt.UTC)
    return (min(m.year, 2107), m.month, m.day, m.hour, m.minute, m.second - m.second % 2)


def shown_date(meta: Metadata, full: Callable[[dt.date], str] = dt.date.isoformat) -> tuple[str, str | None]:
    """The essay's date as a title block shows it, and the value of its
    HTML ``<time datetime>`` (None when the words are no date): a full date
    through ``full``; a partial one (``2017``, ``March 2017``) or one the
    reader could not read as the author wrote it."""
    if meta.date_text:
        if meta.date is None:
            return meta.date_text, None
        d = meta.date
        attr = f"{d.year:04d}" if meta.date_text.strip().isdigit() else f"{d.year:04d}-{d.month:02d}"
        return meta.date_text, attr
    if meta.date is None:
        return "", None
    return full(meta.date), meta.date.isoformat()
