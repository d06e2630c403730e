"""Languages: normalising tags, telling direction, and detecting from text.

Detection uses py3langid (a maintained fork of langid.py: a small bundled
model, no network, 97 languages, tells French from English and Persian from
Arabic). Its model takes about a second to load, so it is imported only when
front matter and file name have not already said the language.
"""

from __future__ import annotations

import re
import unicodedata

RTL_LANGUAGES = frozenset({"ar", "fa", "he", "iw", "ur", "ps", "sd", "ug", "yi", "dv", "ckb", "ku-arab"})

_TAG = re.compile(r"^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*$")


def normalize_tag(value: str) -> str | None:
    """``ja_JP.UTF-8`` → ``ja-JP``; ``EN`` → ``en``; junk → None."""
    value = value.strip().split(".", 1)[0].split("@", 1)[0].replace("_", "-")
    if not value or not _TAG.match(value):
        return None
    parts = value.split("-")
    out = [parts[0].lower()]
    for part in parts[1:]:
        if len(part) == 2 and part.isalpha():
            out.append(part.upper())
        elif len(part) == 4 and part.isalpha():
            out.append(part.title())
        else:
            out.append(part.lower())
    tag = "-".join(out)
    if tag in {"c", "posix"}:
        return None
    return tag


def primary(tag: str) -> str:
    return tag.split("-", 1)[0].lower()


def direction(tag: str) -> str:
    """``"rtl"`` or ``"ltr"`` for a BCP 47 tag (a script subtag wins)."""
    parts = tag.lower().split("-")
    if "arab" in parts or "hebr" in parts:
        return "rtl"
    if "latn" in parts or "cyrl" in parts:
        return "ltr"
    return "rtl" if parts[0] in RTL_LANGUAGES else "ltr"


def is_cjk(tag: str) -> bool:
    return primary(tag) in {"ja", "zh", "ko"}


#: File-name suffixes blogs use for translations: ``post.fr.md``.
_SUFFIX = re.compile(r"\.([a-z]{2,3}(?:[-_][A-Za-z]{2,4})?)$")


def from_filename(stem: str) -> str | None:
    m = _SUFFIX.search(stem)
    if not m:
        return None
    tag = normalize_tag(m.group(1))
    if tag is None:
        return None
    # Only accept tags that name a real language, not ``notes.old``.
    if primary(tag) not in _KNOWN:
        return None
    return tag


def _script_counts(text: str) -> dict[str, int]:
    counts: dict[str, int] = {}
    for ch in text:
        if not ch.isalpha():
            continue
        cp = ord(ch)
        if 0x3040 <= cp <= 0x30FF or 0x31F0 <= cp <= 0x31FF:
            key = "kana"
        elif 0x4E00 <= cp <= 0x9FFF or 0x3400 <= cp <= 0x4DBF or 0xF900 <= cp <= 0xFAFF:
            key = "han"
        elif 0xAC00 <= cp <= 0xD7AF or 0x1100 <= cp <= 0x11FF:
            key = "hangul"
        else:
            try:
                key = unicodedata.name(ch).split(" ", 1)[0].lower()
            except ValueError:
                key = "other"
        counts[key] = counts.get(key, 0) + 1
    return counts


def detect(text: str) -> str | None:
    """The language of ``text`` or None when there is too little to tell.

    Scripts that belong to one language decide without a model (kana means
    Japanese, hangul Korean); the rest go to py3langid, restricted to the
    languages of the dominant script so a short Persian essay is never called
    Urdu-or-English by accident.
    """
    sample = text[:20000]
    counts = _script_counts(sample)
    letters = sum(counts.values())
    if letters < 20:
        return None
    top = max(counts, key=lambda k: counts[k])
    # URLs, code and English loanwords inflate Latin in non-Latin essays.
    others = {k: v for k, v in counts.items() if k != "latin"}
    if others:
        second = max(others, key=lambda k: others[k])
        if others[second] >= letters * 0.3:
            top = second
    if counts.get("kana", 0) > letters * 0.05:
        return "ja"
    if counts.get("hangul", 0) > letters * 0.2:
        return "ko"
    if top == "han":
        return "zh"
    import py3langid  # deferred: loading its model costs about a second

    candidates = _SCRIPT_LANGS.get(top)
    if not candidates:
        lang = str(py3langid.classify(sample)[0])
        return _MACRO.get(lang, lang)
    ranked = py3langid.rank(sample)
    for lang, _score in ranked:
        lang = _MACRO.get(lang, lang)
        if lang in candidates:
            return str(lang)
    return str(ranked[0][0])


#: Regional varieties py3langid may answer, folded into the language tag a
#: reader or font fallback knows.
_MACRO = {"ary": "ar", "arz": "ar", "apc": "ar", "acm": "ar", "afb": "ar", "ajp": "ar",
          "pes": "fa", "prs": "fa", "zsm": "ms", "cmn": "zh", "yue": "zh"}

_SCRIPT_LANGS: dict[str, frozenset[str]] = {
    "arabic": frozenset({"ar", "fa", "ur", "ps", "ug", "ku"}),
    "hebrew": frozenset({"he", "yi"}),
    "cyrillic": frozenset({"ru", "uk", "bg", "sr", "mk", "be", "kk", "mn", "ky"}),
}

#: Primary language subtags accepted from file-name suffixes.
_KNOWN = frozenset(
    {
        "af", "am", "an", "ar", "as", "az", "be", "bg", "bn", "br", "bs", "ca", "cs", "cy",
        "da", "de", "dz", "el", "en", "eo", "es", "et", "eu", "fa", "fi", "fo", "fr", "ga",
        "gl", "gu", "he", "hi", "hr", "ht", "hu", "hy", "id", "is", "it", "ja", "jv", "ka",
        "kk", "km", "kn", "ko", "ku", "ky", "la", "lb", "lo", "lt", "lv", "mg", "mk", "ml",
        "mn", "mr", "ms", "mt", "nb", "ne", "nl", "nn", "no", "oc", "or", "pa", "pl", "ps",
        "pt", "qu", "ro", "ru", "rw", "se", "si", "sk", "sl", "sq", "sr", "sv", "sw", "ta",
        "te", "th", "tl", "tr", "ug", "uk", "ur", "vi", "vo", "wa", "xh", "zh", "zu",
    }
)
