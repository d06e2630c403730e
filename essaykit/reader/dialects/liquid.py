"""Liquid's filters, as Jekyll applies them to a value the post knows.

``{{ page.date | date: "%B %d" }}`` must print "March 14", not the raw
timestamp, and ``{{ page.title | upcase }}`` the title in capitals. Only the
filters that change words are done here (dates, case, defaults, trimming,
replacing); a filter that only matters on a web page (``relative_url``,
``escape``) or that essaykit does not know leaves the value as it is.
``markdownify`` leaves Markdown as it is where Markdown is read, and makes it
HTML inside an HTML block, where the reader would print its ``**`` as written. Dates are formatted the way Ruby's ``strftime`` does, in English
(Jekyll's own), without the host's locale. Conditions (``{% if %}``,
``{% unless %}``, ``{% case %}``) are decided here as Liquid decides them,
so an essay shows one branch, as its site does.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Callable

__all__ = ["UNKNOWN", "Unknown", "apply_filter", "condition", "equal", "literal", "markdownify", "parse_moment",
           "split_args", "strftime"]

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


def markdownify(text: str) -> str:
    """Jekyll's ``markdownify``: ``text`` as HTML, on as few lines as it can
    take (tags joined), with no blank line, which would end the HTML block
    it stands in."""
    import mistune

    out = mistune.html(text.strip())
    assert isinstance(out, str)
    out = re.sub(r">\n+<", "><", out.strip())
    return re.sub(r"\n[ \t]*(?=\n)", "\n&#32;", out)  # a blank line in <pre>: a space, not an end


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
    # relative_url, absolute_url, escape, jsonify, markdownify (see markdownify) and the unknown: as it is.
    return value


# ------------------------------------------------------------ conditions

class Unknown:
    """A value essaykit cannot know (a loop's variable, the site's posts):
    a condition on it cannot be decided."""


UNKNOWN = Unknown()
#: Liquid's ``empty`` and ``blank``, as values to compare with.
_EMPTY, _BLANK = object(), object()

_OPERATORS = ("==", "!=", "<>", "<=", ">=", "<", ">", "contains")
_PART = re.compile(r"""\s*("[^"]*"|'[^']*'|==|!=|<>|<=|>=|<|>|[^\s=!<>"']+)""")


def literal(term: str) -> object:
    """The value a literal term stands for, or :data:`UNKNOWN` when it is no
    literal (a variable)."""
    if len(term) >= 2 and term[0] == term[-1] and term[0] in "'\"":
        return term[1:-1]
    if re.fullmatch(r"-?\d+", term):
        return int(term)
    if re.fullmatch(r"-?\d+\.\d+", term):
        return float(term)
    low = term.lower()
    if low in ("true", "false"):
        return low == "true"
    if low in ("nil", "null"):
        return None
    if low == "empty":
        return _EMPTY
    if low == "blank":
        return _BLANK
    return UNKNOWN


def _split_logic(cond: str) -> tuple[list[str], list[str]] | None:
    """A condition's comparisons and the ``and``/``or`` between them (outside
    quotes); None when it has parentheses, which Liquid does not have."""
    parts, ops = [], []
    buf: list[str] = []
    for m in re.finditer(r"""("[^"]*"|'[^']*')|(\s(?:and|or)\s)|(.)""", f" {cond} ", re.S):
        if m.group(2):
            parts.append("".join(buf))
            ops.append(m.group(2).strip())
            buf = []
        else:
            buf.append(m.group(0))
    parts.append("".join(buf))
    if any(not p.strip() for p in parts):
        return None
    return [p.strip() for p in parts], ops


def _truthy(value: object) -> bool:
    """Liquid's truth: everything but nil and false (an empty string too)."""
    return value is not None and value is not False


def equal(a: object, b: object) -> bool | Unknown:
    """Liquid's ``==`` (``empty`` and ``blank`` included)."""
    for x, y in ((a, b), (b, a)):
        if x is _EMPTY:
            return y in ("", [], {}) or (isinstance(y, (list, tuple, dict, str)) and not y)
        if x is _BLANK:
            return y is None or y is False or (isinstance(y, (list, tuple, dict)) and not y) or \
                (isinstance(y, str) and not y.strip())
    if isinstance(a, bool) or isinstance(b, bool):
        return a is b
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        return a == b
    if isinstance(a, (dt.date, dt.datetime)):
        a = a.isoformat()
    if isinstance(b, (dt.date, dt.datetime)):
        b = b.isoformat()
    return a == b


def _compare(left: object, op: str, right: object) -> bool | Unknown:
    if op in ("==", "!=", "<>"):
        same = equal(left, right)
        return same if op == "==" or isinstance(same, Unknown) else not same
    if op == "contains":
        if isinstance(left, str) and isinstance(right, (str, int, float)):
            return str(right) in left
        if isinstance(left, (list, tuple)):
            return any(equal(item, right) is True for item in left)
        return False
    numbers = all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in (left, right))
    if not numbers and not (isinstance(left, str) and isinstance(right, str)):
        return UNKNOWN  # Liquid stops with an error here
    l_, r_ = left, right
    return {"<": l_ < r_, ">": l_ > r_, "<=": l_ <= r_, ">=": l_ >= r_}[op]  # type: ignore[operator]


def _not(said: bool | Unknown) -> bool | Unknown:
    return said if isinstance(said, Unknown) else not said


def condition(cond: str, value: Callable[[str], object]) -> bool | Unknown:
    """Whether Liquid takes the branch of ``{% if cond %}``: comparisons
    (``==``, ``!=``, ``<``, ``>``, ``<=``, ``>=``, ``contains``), truth of a
    value, ``and``/``or`` evaluated from the right as Liquid does, with
    ``value(term)`` for each variable. :data:`UNKNOWN` when a variable it
    needs cannot be known or the condition is not Liquid's."""
    split = _split_logic(cond)
    if split is None:
        return UNKNOWN
    parts, ops = split
    results: list[bool | Unknown] = []
    for part in parts:
        # Jinja's and Nunjucks' "not x" (Eleventy, Tera): Liquid has no "not".
        negate = bool(re.match(r"not\s", part))
        if negate:
            part = part[4:].strip()
            results.append(_not(condition(part, value)))  # one comparison: and/or are split off
            continue
        terms = [t for t in _PART.findall(part) if t]
        if "".join(terms).replace(" ", "") != part.replace(" ", ""):
            return UNKNOWN
        vals = [literal(t) for t in terms]
        vals = [value(t) if isinstance(v, Unknown) and t not in _OPERATORS else v
                for t, v in zip(terms, vals, strict=True)]
        if len(terms) == 1:
            results.append(UNKNOWN if isinstance(vals[0], Unknown) else
                           (vals[0] is not _EMPTY and vals[0] is not _BLANK and _truthy(vals[0])))
        elif len(terms) == 3 and terms[1] in _OPERATORS:
            if isinstance(vals[0], Unknown) or isinstance(vals[2], Unknown):
                results.append(UNKNOWN)
            else:
                results.append(_compare(vals[0], terms[1], vals[2]))
        else:
            return UNKNOWN
    # From the right: "a or b and c" is "a or (b and c)".
    acc = results[-1]
    for op, res in zip(reversed(ops), reversed(results[:-1]), strict=True):
        if op == "and":
            if res is False or acc is False:
                acc = False
            elif isinstance(res, Unknown) or isinstance(acc, Unknown):
                acc = UNKNOWN
            else:
                acc = True
        else:
            if res is True or acc is True:
                acc = True
            elif isinstance(res, Unknown) or isinstance(acc, Unknown):
                acc = UNKNOWN
            else:
                acc = False
    return acc
