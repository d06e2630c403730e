"""The date a build stamps on its output, the same on every rebuild.

Why one place: the EPUB's ``dcterms:modified`` and the deck's created and
modified dates must not be the time of the build, or two exports of the
same essay differ byte for byte (and a reader or a diff sees a change that
is not there). The reproducible-builds convention comes first.
"""

from __future__ import annotations

import datetime as dt
import os

from .model import Metadata

#: When neither SOURCE_DATE_EPOCH nor the essay gives a date: a constant, so
#: rebuilding still gives the same bytes.
FALLBACK = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)


def build_date(meta: Metadata, env: dict[str, str] | None = None) -> dt.datetime:
    """SOURCE_DATE_EPOCH, else the essay's date, else :data:`FALLBACK` (UTC)."""
    env = dict(os.environ) if env is None else env
    raw = env.get("SOURCE_DATE_EPOCH", "").strip()
    if raw.isdigit():
        return dt.datetime.fromtimestamp(int(raw), tz=dt.UTC)
    # A date before the printing press is a typo, and ebooklib's strftime
    # would not pad the year: use the fixed date then.
    if meta.date is not None and 1000 <= meta.date.year <= 9999:
        return dt.datetime(meta.date.year, meta.date.month, meta.date.day, tzinfo=dt.UTC)
    return FALLBACK
